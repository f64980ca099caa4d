"""Column forms of the calendar against the scalar loop and columnar peers, one run.

Workload: China branch hours (09:00-12:00, 13:30-17:00, Monday to Friday,
Asia/Shanghai, CN holidays, trusted years 2024-2026), seeded tickets created at
random minutes of 2024-01-01 .. 2026-10-31 and first replies up to three days
later, as int64 epoch-microsecond numpy columns.

Timed per row, at 1e5 and 1e6 rows (``--big`` adds 1e7): ``between_many``,
``add_many`` (a 4 business-hour target), ``working_day_deadline_many`` (5
working days) and ``working_days_between_many``; the scalar loop of the same
calls on a 20,000-row sample; the ratio; and the peak memory a call allocates
per row above its inputs and output (tracemalloc sees numpy's buffers).

Peers on the same rows, with their errors against svcquality's answers (the
peers are given every closed weekday of the calendar as a holiday, so what
they get wrong is China's make-up working days, 调休, which they cannot
express):

- numpy ``busday_offset`` (5-working-day due dates) and ``busday_count``;
- polars ``add_business_days`` and ``business_day_count``, if installed;
- pandas ``CustomBusinessHour`` (a 4-hour target; slow, so a sample), if installed;
- ``business-duration`` (one window a day, so on 09:00-17:00 hours; a sample), if installed.

Run from the project root: ``python -m benchmarks.columns`` (``--quick`` for
1e5 rows only, ``--big`` for 1e7 too).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time as _time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import numpy as np

import svcquality as sq
from svcquality._instants import from_micros, to_micros
from svcquality.calendars._columns import MISSING

ZONE = ZoneInfo("Asia/Shanghai")
HOURS = {"mon-fri": "09:00-12:00, 13:30-17:00"}
SEED = 20251001
HOUR = 3_600_000_000
TARGET = 4 * HOUR
SAMPLE = 20_000


def calendar() -> sq.BusinessCalendar:
    return sq.BusinessCalendar.weekly(HOURS, zone=ZONE, holidays="CN", years=range(2024, 2027))


def tickets(n: int) -> tuple[Any, Any]:
    rng = np.random.default_rng(SEED)
    lo = to_micros(datetime(2024, 1, 1, tzinfo=ZONE))
    hi = to_micros(datetime(2026, 10, 31, tzinfo=ZONE))
    minute = 60_000_000
    created = lo + rng.integers(0, (hi - lo) // minute, n) * minute
    replied = created + rng.integers(1, 3 * 24 * 60, n) * minute
    return created.astype(np.int64), replied.astype(np.int64)


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best of ``repeat`` runs, in seconds."""
    out = float("inf")
    for _ in range(repeat):
        t0 = _time.perf_counter()
        fn()
        out = min(out, _time.perf_counter() - t0)
    return out


def extra_bytes(fn: Callable[[], Any], rows: int) -> float:
    """Peak bytes a call allocates per row, less its output."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    nbytes = getattr(result, "nbytes", 0)
    return (peak - nbytes) / rows


def column_forms(cal: sq.BusinessCalendar, sizes: list[int]) -> None:
    created, replied = tickets(SAMPLE)
    z = cal.zone
    ts = [from_micros(int(x), z) for x in created]
    tr = [from_micros(int(x), z) for x in replied]
    target = timedelta(microseconds=TARGET)
    scalar = {
        "between": best(lambda: [cal.between(a, b) for a, b in zip(ts, tr, strict=True)], 1),
        "add": best(lambda: [cal.add(a, target) for a in ts], 1),
        "deadline (5 wd)": best(lambda: [cal.working_day_deadline(a, 5) for a in ts], 1),
        "working days": best(
            lambda: [cal.working_days_between(a, b) for a, b in zip(ts, tr, strict=True)], 1
        ),
    }
    scalar_ns = {k: v / SAMPLE * 1e9 for k, v in scalar.items()}
    print("\n## svcquality: column forms vs the scalar loop (int64 µs columns)\n")
    print("| operation | rows | column ns/row | scalar ns/row | ratio | extra bytes/row |")
    print("|---|---:|---:|---:|---:|---:|")
    for n in sizes:
        a, b = tickets(n)
        d = np.full(n, TARGET, dtype=np.int64)
        calls: dict[str, Callable[[], Any]] = {
            "between": lambda a=a, b=b: cal.between_many(a, b),
            "add": lambda a=a, d=d: cal.add_many(a, d),
            "deadline (5 wd)": lambda a=a: cal.working_day_deadline_many(a, 5),
            "working days": lambda a=a, b=b: cal.working_days_between_many(a, b),
        }
        for name, fn in calls.items():
            fn()  # compile and build the arrays once
            ns = best(fn) / n * 1e9
            mem = extra_bytes(fn, n)
            ratio = scalar_ns[name] / ns
            print(
                f"| {name} | {n:,} | {ns:.1f} | {scalar_ns[name]:.0f} | {ratio:.0f}× | {mem:.1f} |"
            )


def pipeline(cal: sq.BusinessCalendar, sizes: list[int]) -> None:
    """The per-ticket questions of a month-end report, column by column vs row by row."""
    created, replied = tickets(SAMPLE)
    z = cal.zone
    ts = [from_micros(int(x), z) for x in created]
    tr = [from_micros(int(x), z) for x in replied]
    target = timedelta(microseconds=TARGET)

    def scalar() -> None:
        for a, b in zip(ts, tr, strict=True):
            cal.between(a, b)  # business time to first reply
            due = cal.add(a, target)  # the reply's due
            _ = b <= due  # met or breached: the clock's rule
            cal.working_day_deadline(a, 5)  # the resolution's due
            cal.working_days_between(a, b)  # working days elapsed

    scalar_ns = best(scalar, 1) / SAMPLE * 1e9
    print("\n## svcquality: a per-ticket pipeline (5 questions a row)\n")
    print("| rows | column ns/row | scalar ns/row | ratio | extra bytes/row |")
    print("|---:|---:|---:|---:|---:|")
    for n in sizes:
        a, b = tickets(n)
        d = np.full(n, TARGET, dtype=np.int64)

        def columns(a: Any = a, b: Any = b, d: Any = d) -> Any:
            cal.between_many(a, b)
            due = cal.add_many(a, d)
            met = b <= due
            cal.working_day_deadline_many(a, 5)
            cal.working_days_between_many(a, b)
            return met

        columns()
        ns = best(columns) / n * 1e9
        mem = extra_bytes(columns, n)
        print(f"| {n:,} | {ns:.1f} | {scalar_ns:.0f} | {scalar_ns / ns:.0f}× | {mem:.1f} |")


def clock_tables(n: int) -> dict[str, Any]:
    """A table of ATM-error tickets: replies, resolutions and a pause table."""
    rng = np.random.default_rng(SEED + 1)
    created, replied = tickets(n)
    minute = 60_000_000
    replied = np.where(rng.random(n) < 0.8, replied, MISSING)
    resolved = created + rng.integers(60, 12 * 24 * 60, n) * minute
    resolved = np.where(rng.random(n) < 0.7, resolved, MISSING)
    # one in five tickets waits for the customer once, one in twenty twice
    first = np.flatnonzero(rng.random(n) < 0.2)
    second = first[rng.random(first.size) < 0.25]
    s1 = created[first] + rng.integers(1, 120, first.size) * minute
    e1 = s1 + rng.integers(10, 24 * 60, first.size) * minute
    s2 = e1[np.searchsorted(first, second)] + rng.integers(1, 120, second.size) * minute
    e2 = s2 + rng.integers(10, 24 * 60, second.size) * minute
    rows = np.concatenate([first, second])
    start = np.concatenate([s1, s2])
    end = np.concatenate([e1, e2])
    # a resolution comes after every pause of its ticket
    last = np.zeros(n, dtype=np.int64)
    np.maximum.at(last, rows, end)
    resolved = np.where(resolved == MISSING, MISSING, np.maximum(resolved, last))
    # a reply comes no later than the resolution
    replied = np.where(
        (replied != MISSING) & (resolved != MISSING), np.minimum(replied, resolved), replied
    )
    return {
        "opened": created,
        "met": {"respond": replied},
        "resolved": resolved,
        "pauses": (rows, start, end),
    }


def clock_columns(sizes: list[int]) -> None:
    """read_clock_many against a read_clock loop over the same tickets."""
    cal = calendar()
    promise = sq.Promise(
        service="atm_refund",
        milestones={
            "respond": sq.Target.business(timedelta(hours=4)),
            "resolve": sq.Target.working_days(5),
        },
        calendar=cal,
    )
    now = datetime(2026, 11, 20, 12, tzinfo=ZONE)
    sample = 2_000
    t = clock_tables(sample)
    z = cal.zone
    logs = []
    by_row: dict[int, list[tuple[int, int]]] = {}
    for r, s, e in zip(*(c.tolist() for c in t["pauses"]), strict=True):
        by_row.setdefault(r, []).append((s, e))
    for i in range(sample):
        events: list[Any] = [sq.Opened(at=from_micros(int(t["opened"][i]), z))]
        for s, e in sorted(by_row.get(i, [])):
            events += [sq.Paused(at=from_micros(s, z)), sq.Resumed(at=from_micros(e, z))]
        m = int(t["met"]["respond"][i])
        if m != MISSING:
            events.append(sq.Met(at=from_micros(m, z), milestone="respond"))
        r = int(t["resolved"][i])
        if r != MISSING:
            events.append(sq.Resolved(at=from_micros(r, z)))
        events.sort(key=lambda ev: ev.at)  # stable: Met and Resolved after pauses at one instant
        logs.append(events)
    scalar_ns = best(lambda: [sq.read_clock(promise, log, now) for log in logs], 1) / sample * 1e9
    print("\n## svcquality: the clock on columns vs a read_clock loop\n")
    print("| rows | column ns/row | read_clock ns/row | ratio | extra bytes/row |")
    print("|---:|---:|---:|---:|---:|")
    for n in sizes:
        c = clock_tables(n)

        def run(c: dict[str, Any] = c) -> Any:
            return sq.read_clock_many(
                promise, c["opened"], now, met=c["met"], resolved=c["resolved"], pauses=c["pauses"]
            )

        run()
        ns = best(run) / n * 1e9
        mem = clock_bytes(run, n)
        print(f"| {n:,} | {ns:.0f} | {scalar_ns:,.0f} | {scalar_ns / ns:.0f}× | {mem:.1f} |")


def clock_bytes(fn: Callable[[], Any], rows: int) -> float:
    """Peak bytes per row a read_clock_many call allocates above its output columns."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    columns = [
        f.name for f in attrs.fields(sq.MilestoneColumns) if f.name not in ("name", "target")
    ]
    out = getattr(result.state, "nbytes", 0)
    for m in result.milestones.values():
        out += sum(getattr(getattr(m, f), "nbytes", 0) for f in columns)
    return (peak - out) / rows


def closed_weekdays(cal: sq.BusinessCalendar) -> list[date]:
    """Every Monday-to-Friday date the calendar is closed: the peers' holiday list."""
    d, out = date(2024, 1, 1), []
    while d <= date(2026, 12, 31):
        if d.weekday() < 5 and not cal.is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def peers(cal: sq.BusinessCalendar, n: int) -> None:
    created, replied = tickets(n)
    ours_due = cal.working_day_deadline_many(created, 5)
    ours_days = cal.working_days_between_many(created, replied)
    off = 8 * HOUR  # Asia/Shanghai has no DST since 1991
    local_c = (created + off).view("datetime64[us]")
    local_r = (replied + off).view("datetime64[us]")
    day_c = local_c.astype("datetime64[D]")
    day_r = local_r.astype("datetime64[D]")
    tod = (local_c - day_c).astype(np.int64)
    # the analyst's deemed receipt: after the 17:00 close counts as the next day
    deemed = np.where(tod >= 17 * HOUR, day_c + np.timedelta64(1, "D"), day_c)
    want_due = ((ours_due + off).view("datetime64[us]")).astype("datetime64[D]")
    hol = np.array(closed_weekdays(cal), dtype="datetime64[D]")
    rows = []

    def run(name: str, fn: Callable[[], Any], check: Callable[[Any], int], m: int = n) -> None:
        fn()
        s = best(fn)
        rows.append((name, s / m * 1e9, check(fn()), m))

    run(
        "numpy busday_offset (5 wd due date)",
        lambda: np.busday_offset(deemed, 5, roll="forward", holidays=hol),
        lambda got: int((got != want_due).sum()),
    )
    run(
        "numpy busday_count (working days)",
        lambda: np.busday_count(day_c, day_r, holidays=hol),
        lambda got: int((got != ours_days).sum()),
    )
    run(
        "svcquality working_day_deadline_many",
        lambda: cal.working_day_deadline_many(created, 5),
        lambda got: int((got != ours_due).sum()),
    )
    run(
        "svcquality working_days_between_many",
        lambda: cal.working_days_between_many(created, replied),
        lambda got: int((got != ours_days).sum()),
    )
    try:
        import polars as pl
    except ImportError:
        rows.append(("polars add_business_days", None, None, 0))
    else:
        pc, pr, pd_ = pl.Series(deemed), pl.Series(day_c), pl.Series(day_r)
        hl = hol.astype(object).tolist()
        run(
            "polars add_business_days (5 wd due date)",
            lambda: pc.dt.add_business_days(5, holidays=hl, roll="forward"),
            lambda got: int((got.to_numpy() != want_due).sum()),
        )
        run(
            "polars business_day_count (working days)",
            lambda: pl.select(pl.business_day_count(pr, pd_, holidays=hl)).to_series(),
            lambda got: int((got.to_numpy() != ours_days).sum()),
        )
    try:
        import pandas as pd
    except ImportError:
        rows.append(("pandas CustomBusinessHour", None, None, 0))
    else:
        m = 2_000
        cbh = pd.offsets.CustomBusinessHour(
            start=["09:00", "13:30"], end=["12:00", "17:00"], holidays=hol.tolist()
        )
        stamps = [pd.Timestamp(from_micros(int(x), ZONE).replace(tzinfo=None)) for x in created[:m]]
        ours = cal.add_many(created[:m], np.full(m, TARGET, dtype=np.int64))
        want = [from_micros(int(x), ZONE).replace(tzinfo=None) for x in ours]
        run(
            "pandas CustomBusinessHour (4 h target; sample)",
            lambda: [s + 4 * cbh for s in stamps],
            lambda got: sum(g.to_pydatetime() != w for g, w in zip(got, want, strict=True)),
            m,
        )
    try:
        from business_duration import businessDuration
    except ImportError:
        rows.append(("business-duration", None, None, 0))
    else:
        # One window a day is all it takes: compare on 09:00-17:00 branch hours.
        m = 2_000
        day = sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-17:00"}, zone=ZONE, holidays="CN", years=range(2024, 2027)
        )
        ours_min = day.between_many(created[:m], replied[:m]) / 60_000_000
        pairs = [
            (
                from_micros(int(a), ZONE).replace(tzinfo=None),
                from_micros(int(b), ZONE).replace(tzinfo=None),
            )
            for a, b in zip(created[:m], replied[:m], strict=True)
        ]
        days = hol.astype(object).tolist()
        run(
            "business-duration (09:00-17:00, business minutes; sample)",
            lambda: [
                businessDuration(a, b, time(9), time(17), holidaylist=days, unit="min")
                for a, b in pairs
            ],
            lambda got: sum(abs(g - w) > 1e-6 for g, w in zip(got, ours_min, strict=True)),
            m,
        )
    print(f"\n## Peers on the same {n:,} rows: ns/row and errors on China's calendar\n")
    print("| peer | ns/row | rows wrong | of |")
    print("|---|---:|---:|---:|")
    for name, ns, wrong, m in rows:
        if ns is None:
            print(f"| {name} | not installed | | |")
        else:
            print(f"| {name} | {ns:.1f} | {wrong:,} ({wrong / m:.1%}) | {m:,} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1e5 rows only")
    parser.add_argument("--big", action="store_true", help="add 1e7 rows")
    args = parser.parse_args(argv)
    sizes = [100_000] if args.quick else [100_000, 1_000_000]
    if args.big:
        sizes.append(10_000_000)
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, {platform.machine()}")
    cal = calendar()
    column_forms(cal, sizes)
    pipeline(cal, sizes)
    clock_columns(sizes)
    peers(cal, sizes[-1] if not args.big else 1_000_000)


if __name__ == "__main__":
    main()
