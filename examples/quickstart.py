"""Quick start: when is a complaint at a Shenzhen branch due, around National Day?

A customer complains at a branch counter in Shenzhen at 15:20 on 30 September
2025, the eve of the National Day and Mid-Autumn holiday (国庆节、中秋节放假
10月1日至8日; Sunday 28 September and Saturday 11 October are make-up working
days, 调休上班). The branch promises:

- a first response within 4 business hours;
- a result within 5 working days of receipt (the day of receipt is not counted);
- the same-day close of a simple complaint received before the 16:00 cut-off
  (投诉工单当日处理、当日办结).

Run: ``python examples/quickstart.py`` or ``python examples/quickstart.py
--received 2025-12-31T16:30+08:00``. The library itself never reads the clock;
this script takes the receipt instant as an argument.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, time, timedelta

import svcquality as sq

# The complaint desk's counter hours, with the lunch break (午休).
BRANCH_HOURS = {"mon-fri": "09:00-12:00, 13:30-17:00"}


def report(received: datetime) -> str:
    """The due instants of the branch's promises for a complaint received at ``received``."""
    branch = sq.BusinessCalendar.weekly(
        BRANCH_HOURS, zone="Asia/Shanghai", holidays="CN", name="shenzhen-branch"
    )
    open_now = "open" if branch.is_open(received) else "closed"  # refuses a naive datetime
    local = received.astimezone(branch.zone)
    respond = branch.add(local, timedelta(hours=4))
    deemed = branch.deemed_receipt_day(local, cutoff=time(16))
    resolve = branch.working_day_deadline(local, 5)
    same_day = branch.working_day_deadline(local, 0, cutoff=time(16))
    lines = [
        f"Complaint received {local:%a %Y-%m-%d %H:%M} at the Shenzhen branch ({open_now}).",
        f"Counter hours: mon-fri 09:00-12:00, 13:30-17:00; {branch.holiday_data}",
        "",
        f"  respond within 4 business hours     -> {respond:%a %Y-%m-%d %H:%M}",
        f"  same business day (cut-off 16:00)   -> {same_day:%a %Y-%m-%d %H:%M}"
        f"  (counts as received {deemed:%a %m-%d})",
        f"  result within 5 working days        -> {resolve:%a %Y-%m-%d %H:%M}",
        "",
        "Working days from the receipt day:",
    ]
    day = local.date()
    for n in range(1, 6):
        nxt = branch.add_working_days(day, n)
        closes = branch.close_of_business(nxt)
        assert closes is not None
        lines.append(f"  working day {n}: {nxt:%a %Y-%m-%d} (closes {closes:%H:%M})")
    skipped = [
        (day + timedelta(days=k))
        for k in range(1, (branch.add_working_days(day, 5) - day).days)
        if not branch.is_working_day(day + timedelta(days=k))
    ]
    lines.append("  closed in between: " + ", ".join(f"{d:%m-%d}" for d in skipped))
    open_time = branch.between(local, resolve)
    lines.append(
        "\nOpen business time from receipt to the 5-day deadline: "
        f"{sq.human_duration(open_time, language='en')} ({sq.human_duration(open_time)})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--received",
        type=datetime.fromisoformat,
        default=datetime.fromisoformat("2025-09-30T15:20+08:00"),
        help="when the complaint arrived, ISO 8601 with an offset",
    )
    args = parser.parse_args(argv)
    try:
        print(report(args.received))
    except sq.SvcQualityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
