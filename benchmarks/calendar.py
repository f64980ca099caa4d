"""Business-time arithmetic: svcquality against its peers, one workload, one run.

Workload: China branch hours (09:00-12:00, 13:30-17:00, Monday to Friday,
Asia/Shanghai, CN holidays 2024-2027), 20,000 seeded (instant, duration) pairs
for ``add`` and 20,000 seeded (a, b) pairs for ``between``.

Peers (``pip install -e '.[bench]'``):

- ``businesstimedelta``: rule objects walked day by day. It is slow, so it runs
  a seeded sample of the workload and its per-call time is reported from that.
  It cannot express make-up working weekends (调休), and it reads hours in the
  zone of the timestamp passed in.
- pandas ``CustomBusinessHour``: lists of starts and ends give split shifts;
  its ``n`` is whole hours only, so it runs the same instants with the
  durations rounded down to whole hours (svcquality is timed on those too).
  It has no ``between`` and cannot express make-up working weekends.
- ``holidays``' ``get_nth_working_day`` for working-day adds (it knows CN's
  make-up days).

Run from the project root: ``python -m benchmarks.calendar`` (``--quick`` for a smaller
sample). As a module, not a script: the file name would shadow the stdlib ``calendar``.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time as _time
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import svcquality as sq

ZONE = ZoneInfo("Asia/Shanghai")
HOURS = {"mon-fri": "09:00-12:00, 13:30-17:00"}
YEARS = range(2024, 2028)
SEED = 20251001


def per_call(fn: Callable[[], object], n: int, repeat: int = 3) -> float:
    """Best of ``repeat`` runs, in µs per call."""
    best = float("inf")
    for _ in range(repeat):
        t0 = _time.perf_counter()
        fn()
        best = min(best, _time.perf_counter() - t0)
    return best / n * 1e6


def workload(n: int) -> tuple[list[tuple[datetime, timedelta]], list[tuple[datetime, datetime]]]:
    rng = random.Random(SEED)
    start = datetime(2024, 1, 1, tzinfo=ZONE)
    minutes = (datetime(2027, 11, 1, tzinfo=ZONE) - start) // timedelta(minutes=1)
    adds = [
        (
            start + timedelta(minutes=rng.randrange(minutes)),
            timedelta(minutes=rng.randrange(1, 40 * 60)),
        )
        for _ in range(n)
    ]
    spans = []
    for _ in range(n):
        a = start + timedelta(minutes=rng.randrange(minutes))
        spans.append((a, a + timedelta(minutes=rng.randrange(1, 30 * 24 * 60))))
    return adds, spans


def classify(
    cal: sq.BusinessCalendar,
    cases: Sequence[tuple[datetime, timedelta]],
    results: Sequence[datetime],
    makeup_days: set[date],
) -> tuple[int, int, int, int]:
    """Count (equal, moved off closing time, crosses a make-up working day, other)."""
    same = on_close = makeup = other = 0
    for (t, d), r in zip(cases, results, strict=True):
        ours = cal.add(t, d)
        last = max(ours, r)
        if ours == r:
            same += 1
        elif any(t.date() + timedelta(days=k) in makeup_days for k in range((last - t).days + 2)):
            makeup += 1  # the span crosses a make-up working weekend the peer ignores
        elif cal.next_open(ours) == r:
            on_close += 1  # the peer moved a result that lands on closing time
        else:
            other += 1
    return same, on_close, makeup, other


def table(rows: Sequence[Sequence[object]], head: Sequence[str]) -> str:
    cells = [list(map(str, head)), *[list(map(str, r)) for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    out = [fmt.format(*cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [fmt.format(*r) for r in cells[1:]]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples")
    args = parser.parse_args(argv)
    n = 2_000 if args.quick else 20_000
    bt_n = 100 if args.quick else 500

    cal = sq.BusinessCalendar.weekly(HOURS, zone=ZONE, holidays="CN", years=YEARS)
    adds, spans = workload(n)
    cal.add(adds[0][0], adds[0][1])
    cal.between(datetime(2024, 1, 1, tzinfo=ZONE), datetime(2027, 12, 31, tzinfo=ZONE))

    sq_add = per_call(lambda: [cal.add(t, d) for t, d in adds], n)
    sq_between = per_call(lambda: [cal.between(a, b) for a, b in spans], n)
    whole = [(t, timedelta(hours=max(1, d // timedelta(hours=1)))) for t, d in adds]
    sq_add_hours = per_call(lambda: [cal.add(t, d) for t, d in whole], n)
    rows: list[list[object]] = []
    notes: list[str] = []
    peers: dict[str, float] = {}  # operation -> peer time / svcquality time, fastest peer

    # -- businesstimedelta --------------------------------------------------
    try:
        import businesstimedelta as btd
        import holidays as hol
        import pytz
    except ImportError:
        notes.append("businesstimedelta: not installed (pip install -e '.[bench]')")
    else:
        tz = pytz.timezone("Asia/Shanghai")
        cn = hol.country_holidays("CN", years=range(2024, 2029))
        rules = btd.Rules(
            [
                btd.WorkDayRule(time(9), time(17), [0, 1, 2, 3, 4], tz=tz),
                btd.LunchTimeRule(time(12), time(13, 30), [0, 1, 2, 3, 4], tz=tz),
                btd.HolidayRule(cn, tz=tz),
            ]
        )
        sample = random.Random(SEED + 1).sample(range(n), bt_n)
        b_adds = [adds[i] for i in sample]
        b_spans = [spans[i] for i in sample[: max(bt_n // 5, 20)]]
        deltas = [btd.BusinessTimeDelta(rules, timedelta=d) for _, d in b_adds]

        def bt_add() -> list[datetime]:
            return [t + bd for (t, _), bd in zip(b_adds, deltas, strict=True)]

        bt_add_us = per_call(bt_add, len(b_adds), repeat=1)
        bt_between_us = per_call(
            lambda: [rules.difference(a, b) for a, b in b_spans], len(b_spans), repeat=1
        )
        peers["add"] = bt_add_us / sq_add
        peers["between"] = bt_between_us / sq_between
        same, on_close, makeup, other = classify(cal, b_adds, bt_add(), set(cn.weekend_workdays))
        rows += [
            [
                "businesstimedelta add",
                f"{bt_add_us:,.1f}",
                f"{sq_add:,.2f}",
                f"{bt_add_us / sq_add:,.0f}×",
            ],
            [
                "businesstimedelta between",
                f"{bt_between_us:,.1f}",
                f"{sq_between:,.2f}",
                f"{bt_between_us / sq_between:,.0f}×",
            ],
        ]
        notes.append(
            f"businesstimedelta, {len(b_adds)} sampled adds: {same} equal to svcquality; "
            f"{on_close} differ only because it moves a result that lands on closing time "
            f"to the next opening; {makeup} cross a make-up working weekend it cannot "
            f"express; {other} other."
        )

    # -- pandas CustomBusinessHour ----------------------------------------
    try:
        import holidays as hol
        import pandas as pd
    except ImportError:
        notes.append("pandas: not installed (pip install -e '.[bench]')")
    else:
        cn = hol.country_holidays("CN", years=range(2024, 2029))
        offsets: dict[int, Any] = {}
        for _, d in whole:
            k = d // timedelta(hours=1)
            if k not in offsets:
                offsets[k] = pd.offsets.CustomBusinessHour(
                    n=k,
                    start=["09:00", "13:30"],
                    end=["12:00", "17:00"],
                    weekmask="Mon Tue Wed Thu Fri",
                    holidays=sorted(cn),
                )
        p_in = [(pd.Timestamp(t), offsets[d // timedelta(hours=1)]) for t, d in whole]
        pd_add = per_call(lambda: [t + o for t, o in p_in], n, repeat=1)
        peers["add"] = min(pd_add / sq_add_hours, peers.get("add", float("inf")))
        results = [(t + o).to_pydatetime() for t, o in p_in]
        same, on_close, makeup, other = classify(cal, whole, results, set(cn.weekend_workdays))
        rows.append(
            [
                "pandas CustomBusinessHour add (whole hours)",
                f"{pd_add:,.1f}",
                f"{sq_add_hours:,.2f}",
                f"{pd_add / sq_add_hours:,.0f}×",
            ]
        )
        rows.append(["pandas CustomBusinessHour between", "—", f"{sq_between:,.2f}", "no peer"])
        notes.append(
            f"pandas, {n} adds in whole hours: {same} equal to svcquality; {on_close} differ "
            "only because it moves a result that lands on closing time to the next opening; "
            f"{makeup} cross a make-up working weekend it cannot express; {other} other."
        )

    # -- holidays.get_nth_working_day -------------------------------------
    try:
        import holidays as hol
    except ImportError:  # pragma: no cover - holidays is a run-time dependency
        pass
    else:
        cn = hol.country_holidays("CN", years=range(2023, 2029))
        rng = random.Random(SEED + 2)
        day_pairs = [
            (date(2024, 1, 1) + timedelta(days=rng.randrange(3 * 365)), rng.randrange(1, 11))
            for _ in range(n)
        ]
        hol_us = per_call(lambda: [cn.get_nth_working_day(d, k) for d, k in day_pairs], n)
        sq_wd = per_call(lambda: [cal.add_working_days(d, k) for d, k in day_pairs], n)
        same = sum(
            1 for d, k in day_pairs if cn.get_nth_working_day(d, k) == cal.add_working_days(d, k)
        )
        rows.append(
            [
                "holidays get_nth_working_day",
                f"{hol_us:,.2f}",
                f"{sq_wd:,.2f}",
                f"{hol_us / sq_wd:,.0f}×",
            ]
        )
        notes.append(f"holidays, {n} working-day adds: {same} equal to svcquality.")

    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"svcquality {sq.__version__}; n = {n}\n"
    )
    print(table(rows, ["operation", "peer µs/call", "svcquality µs/call", "svcquality faster by"]))
    print()
    for note in notes:
        print("-", note)

    # -- cost against span --------------------------------------------------
    wide = sq.BusinessCalendar.weekly(HOURS, zone=ZONE, holidays="CN")
    base = datetime(2025, 3, 3, 10, tzinfo=ZONE)
    wide.between(base - timedelta(days=400), base + timedelta(days=3700))
    rng = random.Random(SEED + 3)
    starts = [base + timedelta(minutes=rng.randrange(60 * 24 * 30)) for _ in range(n)]
    span_rows = []
    costs = {}
    for label, span in (
        ("1 day", timedelta(days=1)),
        ("1 year", timedelta(days=365)),
        ("10 years", timedelta(days=3650)),
    ):
        pairs = [(a, a + span) for a in starts]
        btw = per_call(lambda pairs=pairs: [wide.between(a, b) for a, b in pairs], n)
        durations = [wide.between(a, b) for a, b in pairs]
        add = per_call(
            lambda pairs=pairs, durations=durations: [
                wide.add(a, d) for (a, _), d in zip(pairs, durations, strict=True)
            ],
            n,
        )
        costs[label] = (add, btw)
        span_rows.append([label, f"{add:.2f}", f"{btw:.2f}"])
    print()
    print(table(span_rows, ["span", "add µs/call", "between µs/call"]))
    one, ten = costs["1 day"], costs["10 years"]
    print(
        f"\n10-year / 1-day cost: add {ten[0] / one[0]:.2f}×, between {ten[1] / one[1]:.2f}×; "
        f"between / add on the workload: {sq_between / sq_add:.2f}"
    )
    if "add" in peers and "between" in peers:
        print(
            f"against the fastest peer on the same inputs: add {peers['add']:.0f}× faster, "
            f"between {peers['between']:.0f}× faster (target: 20×)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
