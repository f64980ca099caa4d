"""KPI accumulation: calls per second per core, columnar and pure Python; state size.

Workload: a bank day of 10 million seeded calls (``--quick``: 1 million), 80%
answered after an exponential wait (mean 12 s), 19.9% abandoned (mean 25 s),
0.1% broken (answered and abandoned), arriving over 24 hours.

- columnar: ``add_many`` over int64 epoch-microsecond numpy columns, per KPI and
  for four call KPIs together, on one core; the same day split into 100
  partitions merged in a shuffled order (what a cluster does) must equal it.
- pure Python: ``add_all`` over ``Call`` records (datetimes built beforehand and
  not timed), and ``add`` one record at a time, on a sample.
- peer: the same service level with pandas column arithmetic on datetime64.
- memory: a count-based accumulator's pickled size after 1 thousand and after
  10 million calls (O(1)); repeat-contact FCR's chains for a month of contacts.

Run: ``python benchmarks/kpi.py`` (``pip install -e '.[bench]'`` for numpy and
pandas). Seeded; prints tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, and benchmarks/calendar.py
# would shadow the standard library's calendar module (which holidays imports).
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import pickle
import platform
import random
import time
from collections.abc import Callable, Sequence
from datetime import timedelta, timezone

import numpy as np

from svcquality import kpi
from svcquality._instants import from_micros

SEED = 20250603
DAY_START = 1_748_908_800_000_000  # 2025-06-03 00:00 UTC, in µs
S15 = timedelta(seconds=15)


def best_of(fn: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Best wall time of ``repeat`` runs, in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def day_of_calls(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    arrived = DAY_START + rng.integers(0, 86_400_000_000, n, dtype=np.int64)
    kind = rng.random(n)
    answer_wait = (rng.exponential(12.0, n) * 1e6).astype(np.int64)
    abandon_wait = (rng.exponential(25.0, n) * 1e6).astype(np.int64)
    answered = np.where(kind < 0.80, arrived + answer_wait, kpi.MISSING)
    abandoned = np.where(kind >= 0.80, arrived + abandon_wait, kpi.MISSING)
    broken = kind > 0.999  # answered and abandoned: rejected
    answered[broken] = arrived[broken] + answer_wait[broken]
    return arrived, answered, abandoned


def table(rows: Sequence[Sequence[object]], head: Sequence[str]) -> str:
    cells = [list(map(str, head)), *([str(c) for c in r] for r in rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds / 1e6:,.2f} M"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 million calls, smaller samples")
    args = parser.parse_args(argv)
    n = 1_000_000 if args.quick else 10_000_000
    sample = 50_000 if args.quick else 200_000

    arrived, answered, abandoned = day_of_calls(n)
    cols = {"arrived": arrived, "answered": answered, "abandoned": abandoned}
    kpis: dict[str, kpi.Accumulator] = {
        "ServiceLevel(15 s)": kpi.ServiceLevel(threshold=S15, short_abandon=timedelta(seconds=3)),
        "AbandonRate": kpi.AbandonRate(short_abandon=timedelta(seconds=3)),
        "AverageSpeedOfAnswer": kpi.AverageSpeedOfAnswer(),
        "AverageDelay": kpi.AverageDelay(),
    }

    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(f"{n:,} calls, one core\n")

    # ---------------------------------------------------------------- columnar
    rows = []
    results = {}
    for name, empty in kpis.items():
        secs, acc = best_of(lambda e=empty: e.add_many(**cols))  # type: ignore[attr-defined]
        results[name] = acc
        rows.append([name, f"{secs * 1e9 / n:.1f}", rate(n, secs), f"{secs * 1e3:.0f}"])
    secs_all, _ = best_of(lambda: [e.add_many(**cols) for e in kpis.values()])  # type: ignore[attr-defined]
    rows.append(
        ["all four", f"{secs_all * 1e9 / n:.1f}", rate(n, secs_all), f"{secs_all * 1e3:.0f}"]
    )

    # partitions, merged in a shuffled order
    parts = 100
    bounds = np.linspace(0, n, parts + 1).astype(int)
    sl_empty = kpis["ServiceLevel(15 s)"]

    def partitioned() -> kpi.Accumulator:
        pieces = [
            sl_empty.add_many(  # type: ignore[attr-defined]
                **{k: v[bounds[i] : bounds[i + 1]] for k, v in cols.items()}
            )
            for i in range(parts)
        ]
        random.Random(SEED).shuffle(pieces)
        total = sl_empty
        for p in pieces:
            total = total.merge(p)
        return total

    secs_parts, merged = best_of(partitioned)
    assert merged == results["ServiceLevel(15 s)"], "partitions must merge to the one-pass result"
    rows.append(
        [
            f"ServiceLevel, {parts} partitions + merge",
            f"{secs_parts * 1e9 / n:.1f}",
            rate(n, secs_parts),
            f"{secs_parts * 1e3:.0f}",
        ]
    )

    # peer: pandas column arithmetic for the same service level (offered, short abandons out)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if pd is not None:
        frame = pd.DataFrame(
            {k: pd.Series(v).where(v != kpi.MISSING).astype("Int64") for k, v in cols.items()}
        )

        def with_pandas() -> tuple[int, int]:
            ok = frame["answered"].isna() ^ frame["abandoned"].isna()
            ans = frame["answered"].notna() & ok
            wait = frame["answered"].fillna(frame["abandoned"]) - frame["arrived"]
            short = ~ans & ok & (wait <= 3_000_000)
            within = int((ans & (wait <= 15_000_000)).sum())
            return within, int((ok & ~short).sum())

        secs_pd, (within, offered) = best_of(with_pandas)
        sl = results["ServiceLevel(15 s)"]
        assert (within, offered) == (sl.numerator, sl.denominator), "pandas must agree"  # type: ignore[attr-defined]
        rows.append(
            [
                "peer: pandas (nullable Int64)",
                f"{secs_pd * 1e9 / n:.1f}",
                rate(n, secs_pd),
                f"{secs_pd * 1e3:.0f}",
            ]
        )
    print("columnar path (add_many)")
    print(table(rows, ["KPI", "ns/call", "calls/s", "ms per day"]))
    print()

    # ---------------------------------------------------------------- pure Python
    zone = timezone(timedelta(hours=8))
    calls = [
        kpi.Call(
            arrived=from_micros(int(arrived[i]), zone),
            answered=None if answered[i] == kpi.MISSING else from_micros(int(answered[i]), zone),
            abandoned=None if abandoned[i] == kpi.MISSING else from_micros(int(abandoned[i]), zone),
        )
        for i in range(sample)
    ]
    head = {k: v[:sample] for k, v in cols.items()}
    rows = []
    for name, empty in kpis.items():
        secs, acc = best_of(lambda e=empty: e.add_all(calls))
        assert acc == empty.add_many(**head), "record path must equal columnar"  # type: ignore[attr-defined]
        rows.append([f"{name}.add_all", f"{secs * 1e6 / sample:.2f}", rate(sample, secs)])
    one_by_one = sample // 10

    def add_each() -> kpi.Accumulator:
        acc = sl_empty
        for c in calls[:one_by_one]:
            acc = acc.add(c)
        return acc

    secs, _ = best_of(add_each)
    rows.append(
        [
            "ServiceLevel.add (one at a time)",
            f"{secs * 1e6 / one_by_one:.2f}",
            rate(one_by_one, secs),
        ]
    )
    print(f"pure-Python path ({sample:,} Call records, datetimes built beforehand)")
    print(table(rows, ["KPI", "µs/call", "calls/s"]))
    print()

    # ---------------------------------------------------------------- memory
    small = sl_empty.add_many(**{k: v[:1000] for k, v in cols.items()})  # type: ignore[attr-defined]
    big = results["ServiceLevel(15 s)"]
    rows = [
        ["ServiceLevel after 1,000 calls", len(pickle.dumps(small))],
        [f"ServiceLevel after {n:,} calls", len(pickle.dumps(big))],
    ]
    rng = random.Random(SEED)
    customers = 100_000
    month = 30 * 86_400_000_000
    contacts = [
        kpi.Contact(
            customer=f"c{rng.randrange(customers):06}",
            at=from_micros(DAY_START + rng.randrange(month), timezone.utc),
        )
        for _ in range(sample * 2)
    ]
    fcr_empty = kpi.FirstContactResolution(method="no_repeat", window=timedelta(days=7))
    secs_fcr, fcr = best_of(lambda: fcr_empty.add_all(contacts), repeat=1)
    chains = sum(len(c) for c in fcr.chains.values())  # type: ignore[attr-defined]
    rows.append(
        [
            f"FCR no_repeat: {len(contacts):,} contacts, {len(fcr.chains):,} customers, "  # type: ignore[attr-defined]
            f"{chains:,} chains (3 ints each)",
            len(pickle.dumps(fcr)),
        ]
    )
    print("state size (pickled bytes)")
    print(table(rows, ["accumulator", "bytes"]))
    print(f"\nFCR no_repeat add_all: {rate(len(contacts), secs_fcr)} contacts/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
