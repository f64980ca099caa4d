"""A month of branch tickets from a parquet file: the SLA report by team, in columns.

A Shanghai branch (09:00-12:00, 13:30-17:00, Monday to Friday, CN holidays)
takes a few thousand tickets in October 2025, the month of National Day and
its make-up Saturday (10-11). The tickets are written to a parquet file in a
temporary directory and read back with pyarrow, as a host's export would be.
Per team, the report counts the tickets, the first replies that met the
4-business-hour promise by the clock's rule (``reply <= add(created, 4 h)``),
the business minutes to first reply, the working days to resolution, and the
tickets still open at month end with their 5-working-day due dates, overdue
or not. Every figure comes from the calendar's column forms.

The same report is then computed on Dask, one partition per slice of rows
(``map_partitions``), and merged: it equals the one-process report exactly.

The tickets are synthetic and seeded; the library never reads the clock.

Run: ``python examples/columns_report.py`` (needs pyarrow, the ``columns``
extra: ``pip install 'svcquality[columns]'``; the Dask part needs the ``dask``
extra and is skipped without it). ``--tickets`` sets the month's size,
``--partitions`` the Dask partitions, ``--scheduler`` Dask's scheduler.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

import svcquality as sq
from svcquality._instants import to_micros

SH = ZoneInfo("Asia/Shanghai")
SEED = 20251031
TEAMS = ("cards", "deposits", "loans")
TARGET = timedelta(hours=4)
FEEDBACK_DAYS = 5
MONTH_START = datetime(2025, 10, 1, tzinfo=SH)
MONTH_END = datetime(2025, 11, 1, tzinfo=SH)
MINUTE = 60_000_000
NAT = np.iinfo(np.int64).min

Report = dict[str, Counter[str]]


def branch() -> sq.BusinessCalendar:
    return sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-12:00, 13:30-17:00"},
        zone=SH,
        holidays="CN",
        years=range(2025, 2027),
        name="sh-branch",
    )


def tickets(n: int) -> dict[str, Any]:
    """The month's tickets as columns: team, created, replied and resolved (NaT: not yet)."""
    rng = np.random.default_rng(SEED)
    lo, hi = to_micros(MONTH_START), to_micros(MONTH_END)
    created = lo + rng.integers(0, (hi - lo) // MINUTE, n) * MINUTE
    replied = created + (1 + rng.exponential(8 * 60, n)).astype(np.int64) * MINUTE
    resolved = replied + rng.integers(0, 12 * 24 * 60, n) * MINUTE
    replied = np.where(rng.random(n) < 0.05, NAT, replied)
    resolved = np.where((replied == NAT) | (resolved >= hi), NAT, resolved)
    return {
        "team": np.array(TEAMS)[rng.integers(0, len(TEAMS), n)],
        "created": created.view("datetime64[us]"),
        "replied": replied.view("datetime64[us]"),
        "resolved": resolved.view("datetime64[us]"),
    }


def write_parquet(columns: dict[str, Any], path: Path) -> None:
    import pyarrow as pa  # noqa: PLC0415 - optional dependency (the columns extra)
    import pyarrow.parquet as pq  # noqa: PLC0415

    stamp = pa.timestamp("us", tz="Asia/Shanghai")
    fields = {"team": pa.array(columns["team"])}
    for name in ("created", "replied", "resolved"):
        raw = columns[name].view(np.int64)
        fields[name] = pa.array(raw, type=pa.int64(), mask=raw == NAT).cast(stamp)
    pq.write_table(pa.table(fields), path)


def read_parquet(path: Path) -> Any:
    import pyarrow.parquet as pq  # noqa: PLC0415 - optional dependency (the columns extra)

    return pq.read_table(path)


def score(cal: sq.BusinessCalendar, table: Any) -> Report:
    """The SLA report of a table (or a slice of one): counts per team, mergeable by +."""
    created, replied, resolved = table["created"], table["replied"], table["resolved"]
    team = np.asarray(table["team"].to_numpy(zero_copy_only=False))
    r = _micros(replied)
    done = _micros(resolved)
    due = _micros(cal.add_many(created, TARGET))
    to_reply = _micros(cal.between_many(created, replied))
    days = _micros(cal.working_days_between_many(created, resolved))
    feedback_due = _micros(cal.working_day_deadline_many(created, FEEDBACK_DAYS))
    answered, closed = r != NAT, done != NAT
    met = answered & (r <= due)
    month_end = to_micros(MONTH_END)
    still_open = ~closed
    overdue = still_open & (feedback_due < month_end)
    report: Report = {}
    for name in TEAMS:
        rows = team == name
        report[name] = Counter(
            {
                "tickets": int(rows.sum()),
                "replied": int((rows & answered).sum()),
                "met": int((rows & met).sum()),
                "breached": int((rows & answered & ~met).sum()),
                "business minutes to reply": int(to_reply[rows & answered].sum() // MINUTE),
                "resolved": int((rows & closed).sum()),
                "working days to resolve": int(days[rows & closed].sum()),
                "open at month end": int((rows & still_open).sum()),
                "open and overdue": int((rows & overdue).sum()),
            }
        )
    return report


def _micros(column: Any) -> Any:
    """int64 values of an Arrow timestamp, duration or count column, NAT where missing."""
    import pyarrow as pa  # noqa: PLC0415 - optional dependency (the columns extra)
    import pyarrow.compute as pc  # noqa: PLC0415

    raw = pc.cast(column, pa.int64())
    return np.asarray(pc.fill_null(raw, NAT).to_numpy(zero_copy_only=False))


def merge(a: Report, b: Report) -> Report:
    return {name: a.get(name, Counter()) + b.get(name, Counter()) for name in TEAMS}


def month_in_one_process(cal: sq.BusinessCalendar, table: Any) -> Report:
    return score(cal, table)


def month_on_dask(cal: sq.BusinessCalendar, table: Any, partitions: int, scheduler: str) -> Report:
    """The report on Dask: each partition scores its slice of rows; the results merge."""
    import dask.bag as db  # noqa: PLC0415 - optional dependency (the dask extra)

    step = -(-table.num_rows // partitions)
    slices = [(s, min(step, table.num_rows - s)) for s in range(0, table.num_rows, step)]
    bag = db.from_sequence(slices, npartitions=len(slices))
    parts = bag.map_partitions(
        lambda part: [score(cal, table.slice(offset, length)) for offset, length in part]
    )
    result: Report = parts.fold(merge, merge, initial={}).compute(scheduler=scheduler)
    return result


def show(report: Report) -> str:
    lines = [
        f"{'team':<10}{'tickets':>8}{'met':>7}{'breached':>9}{'met %':>7}"
        f"{'avg min':>8}{'avg wd':>7}{'open':>6}{'overdue':>8}"
    ]
    for name in TEAMS:
        r = report[name]
        share = r["met"] / r["replied"] if r["replied"] else 0.0
        minutes = r["business minutes to reply"] / r["replied"] if r["replied"] else 0.0
        wd = r["working days to resolve"] / r["resolved"] if r["resolved"] else 0.0
        lines.append(
            f"{name:<10}{r['tickets']:>8}{r['met']:>7}{r['breached']:>9}{share:>7.1%}"
            f"{minutes:>8.0f}{wd:>7.1f}{r['open at month end']:>6}{r['open and overdue']:>8}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=5_000)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument(
        "--scheduler", default="processes", choices=["processes", "threads", "sync"]
    )
    args = parser.parse_args(argv)
    if not 1 <= args.partitions <= args.tickets:
        print("--partitions must be from 1 to --tickets", file=sys.stderr)
        return 2
    try:
        import pyarrow  # noqa: F401, PLC0415 - optional dependency (the columns extra)
    except ImportError:
        print("this example needs pyarrow: pip install 'svcquality[columns]'", file=sys.stderr)
        return 1
    cal = branch()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tickets-2025-10.parquet"
        write_parquet(tickets(args.tickets), path)
        table = read_parquet(path)
    print(f"{table.num_rows} tickets of October 2025 read from {path.name}")
    one = month_in_one_process(cal, table)
    print(show(one))
    try:
        import dask  # noqa: F401, PLC0415 - optional dependency (the dask extra)
    except ImportError:
        print("Dask part skipped: pip install 'svcquality[dask]'")
        return 0
    distributed = month_on_dask(cal, table, args.partitions, args.scheduler)
    same = distributed == one
    print(f"{args.partitions} partitions on Dask ({args.scheduler}) == one process: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
