"""The rural bank's 7x24 centre: ATM error refunds over Spring Festival 2026, POS prize batches.

The rural cooperative bank 天津农村合作银行 (see References)
answers its phones 7x24 (昼夜倒班, 7×24小时全天候、不间断), but the refund is
done by the county branches' back offices on working days: "ATM错账处理和退货
上账时间为自接到投诉单之日起5个工作日, POS消费中奖划账时间为按月批量划账" — an
ATM error is refunded within 5 working days of the complaint; a POS prize is
credited in the monthly batch.

Spring Festival 2026 (the ``holidays`` package, CN): 2月15日(周日)至23日(周一)
放假调休, 共9天; Saturday 14 February and Saturday 28 February are make-up
working days (调休上班). So a complaint taken by the night shift on the first
day of the new year (正月初一, 17 February) counts as received on Tuesday 24
February, and the fifth working day after it is Monday 2 March — the make-up
Saturday of 28 February counts as a working day on the way. The centre's own
calendar is open 7×24 but counts the same statutory working days (工作日), so
the fifth working day is the same on either calendar; only its end differs
(the back office's close at 17:00, the centre's 24:00).

The back office's calendar trusts holiday data for 2025 and 2026 only: the
State Council publishes each year's make-up days late in the year before, so a
POS prize drawn after the December 2026 batch, due in January 2027, is an
error, not a guess.

References:
    * "对天津农村合作银行服务中心建设的几点思考", uploaded by a user to 原创力文档
      (book118.com); author and date not given (it reports the centre's first
      three months from 2008-03-28).

Run: ``python examples/rural_atm_refund_spring_festival.py`` (``--now`` to read
the refund clocks at another instant).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import svcquality as sq

SH = ZoneInfo("Asia/Shanghai")
CENTRE = sq.BusinessCalendar.always_open(zone="Asia/Shanghai", holidays="CN", name="7x24 centre")
BACK_OFFICE = sq.BusinessCalendar.weekly(
    {"mon-fri": "08:30-12:00, 13:00-17:00"},
    zone="Asia/Shanghai",
    holidays="CN",
    years=range(2025, 2027),  # the years whose make-up working days are published
    makeup_hours="mon",
    name="county back office",
)
# The same hours with no holiday data: what a naive system would compute.
NO_HOLIDAYS = sq.BusinessCalendar.weekly(
    {"mon-fri": "08:30-12:00, 13:00-17:00"}, zone="Asia/Shanghai", name="no holidays"
)
ATM_REFUND = sq.Promise(
    service="atm_error_refund",
    name="ATM差错退款",
    calendar=BACK_OFFICE,
    milestones={"credit": sq.Target.working_days(5)},  # 自接到投诉单之日起5个工作日
)
POS_PRIZE = sq.Promise(
    service="pos_prize",
    name="POS消费中奖划账",
    calendar=BACK_OFFICE,
    milestones={"credit": sq.Target.batch("FREQ=MONTHLY;BYMONTHDAY=25")},  # 按月批量划账
)
ATM_COMPLAINTS = (
    ("ATM-01", datetime(2026, 2, 12, 10, 0, tzinfo=SH), "Thu before the festival"),
    ("ATM-02", datetime(2026, 2, 13, 20, 0, tzinfo=SH), "Fri night, after close"),
    ("ATM-03", datetime(2026, 2, 14, 10, 0, tzinfo=SH), "Sat, 调休上班"),
    ("ATM-04", datetime(2026, 2, 16, 23, 30, tzinfo=SH), "除夕 New Year's Eve"),
    ("ATM-05", datetime(2026, 2, 17, 3, 15, tzinfo=SH), "正月初一, night shift"),
    ("ATM-06", datetime(2026, 2, 23, 15, 0, tzinfo=SH), "last day of the holiday"),
    ("ATM-07", datetime(2026, 2, 24, 10, 0, tzinfo=SH), "first day back"),
)
POS_PRIZES = (
    ("POS-01", datetime(2026, 1, 20, 9, 0, tzinfo=SH)),
    ("POS-02", datetime(2026, 2, 10, 9, 0, tzinfo=SH)),
    ("POS-03", datetime(2026, 2, 25, 9, 0, tzinfo=SH)),
    ("POS-04", datetime(2026, 9, 10, 9, 0, tzinfo=SH)),
    ("POS-05", datetime(2026, 12, 28, 9, 0, tzinfo=SH)),
)


def festival_days(start: date, end: date) -> tuple[list[date], list[date]]:
    """Closed weekdays and open weekend days of the back office between two dates."""
    closed, makeup = [], []
    day = start
    while day <= end:
        working = BACK_OFFICE.is_working_day(day)
        if day.weekday() < 5 and not working:
            closed.append(day)
        elif day.weekday() >= 5 and working:
            makeup.append(day)
        day += timedelta(days=1)
    return closed, makeup


def report(now: datetime) -> str:
    CENTRE.is_open(now)  # refuses a naive datetime
    now = now.astimezone(SH)
    closed, makeup = festival_days(date(2026, 2, 1), date(2026, 3, 8))
    lines = [
        "农村合作银行客服中心 rural bank 7x24 centre: ATM差错 refunds over 春节 2026",
        f"back office: mon-fri 08:30-12:00, 13:00-17:00; {BACK_OFFICE.holiday_data}",
        "  放假 closed weekdays: " + ", ".join(f"{d:%m-%d}" for d in closed),
        "  调休上班 make-up Saturdays: " + ", ".join(f"{d:%a %m-%d}" for d in makeup),
        "",
        "ATM差错退款 within 5 working days of the complaint (收到之日不计)",
        f"  {'id':7} {'received':16} {'counts from':12} {'due':16} {'(no holidays)':16} note",
    ]
    for request, received, note in ATM_COMPLAINTS:
        deemed = BACK_OFFICE.deemed_receipt_day(received)
        due = ATM_REFUND.deadlines(received)["credit"]
        naive = NO_HOLIDAYS.working_day_deadline(received, 5)
        lines.append(
            f"  {request:7} {received:%a %m-%d %H:%M}  {deemed:%a %m-%d}   "
            f"{due:%a %m-%d %H:%M}  {naive:%a %m-%d %H:%M}  {note}"
        )
    lines += ["", f"refund clocks at {now:%a %Y-%m-%d %H:%M} (open time left on the back office):"]
    for request, received, _ in ATM_COMPLAINTS:
        if received > now:
            continue
        m = sq.read_clock(ATM_REFUND, [sq.Opened(at=received)], now).milestones["credit"]
        left = m.remaining.total_seconds() / 3600
        lines.append(
            f"  {request:7} {m.status.value:8} used {float(m.consumed):6.1%}, "
            f"{left:5.1f} business hours left of {m.budget.total_seconds() / 3600:.1f}"
        )
    lines += ["", "POS消费中奖划账: the monthly batch on the 25th (next working day if closed)"]
    for request, drawn in POS_PRIZES:
        try:
            due = POS_PRIZE.deadlines(drawn)["credit"]
        except sq.UntrustedYearError as exc:
            lines.append(f"  {request:7} drawn {drawn:%Y-%m-%d} -> not computed: {exc}")
            continue
        lines.append(f"  {request:7} drawn {drawn:%Y-%m-%d} -> credited by {due:%a %Y-%m-%d %H:%M}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--now",
        type=datetime.fromisoformat,
        default=datetime(2026, 2, 27, 12, 0, tzinfo=SH),
        help="when to read the refund clocks, ISO 8601 with an offset",
    )
    args = parser.parse_args(argv)
    try:
        print(report(args.now))
    except sq.SvcQualityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
