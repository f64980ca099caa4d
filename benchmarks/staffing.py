"""Erlang staffing at scale: 20,000 calls per half-hour, in milliseconds.

Workload: 20,000 calls in 30 minutes at an AHT of 5 minutes (3,333 Erlangs),
80% to be answered within 20 s; Erlang A with a mean patience of 60 s and
180 s; a whole day of 48 half-hours whose forecast peaks at 20,000 calls.
Each figure is the best of several runs on one core.

Run: ``python benchmarks/staffing.py``. Deterministic (no randomness needed).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, and benchmarks/calendar.py
# would shadow the standard library's calendar module (which holidays imports).
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import math
import platform
import time
from collections.abc import Callable, Sequence
from datetime import timedelta

from svcquality import staffing

MIN30 = timedelta(minutes=30)
AHT = timedelta(minutes=5)
T20 = timedelta(seconds=20)
CALLS = 20_000


def best_ms(fn: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    """Best wall time of ``repeat`` runs, in milliseconds, and the last result."""
    best, result = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1e3, result


def table(rows: Sequence[Sequence[object]], head: Sequence[str]) -> str:
    cells = [list(map(str, head)), *([str(c) for c in r] for r in rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    traffic = CALLS * AHT / MIN30
    cases: list[tuple[str, Callable[[], object]]] = [
        ("erlang_b(3333.3 E, 3400 agents)", lambda: staffing.erlang_b(traffic, 3400)),
        ("erlang_c(3333.3 E, 3400 agents)", lambda: staffing.erlang_c(traffic, 3400)),
        (
            "evaluate, Erlang C, 3400 agents",
            lambda: staffing.evaluate(CALLS, MIN30, AHT, 3400, T20),
        ),
        (
            "evaluate, Erlang A (patience 60 s), 3400 agents",
            lambda: staffing.evaluate(CALLS, MIN30, AHT, 3400, T20, patience=timedelta(seconds=60)),
        ),
        (
            "required_agents, Erlang C, 80/20",
            lambda: staffing.required_agents(CALLS, MIN30, AHT, T20, 0.8),
        ),
        (
            "required_agents, Erlang C, 80/20, occupancy <= 0.9",
            lambda: staffing.required_agents(CALLS, MIN30, AHT, T20, 0.8, max_occupancy=0.9),
        ),
        (
            "required_agents, Erlang A (60 s), 80/20, abandon <= 5%",
            lambda: staffing.required_agents(
                CALLS, MIN30, AHT, T20, 0.8, patience=timedelta(seconds=60), max_abandon=0.05
            ),
        ),
        (
            "required_agents, Erlang A (180 s), 80/20, abandon <= 2%",
            lambda: staffing.required_agents(
                CALLS, MIN30, AHT, T20, 0.8, patience=timedelta(seconds=180), max_abandon=0.02
            ),
        ),
    ]
    rows = []
    for name, fn in cases:
        ms, result = best_ms(fn)
        agents = getattr(result, "agents", "")
        rows.append([name, f"{ms:.2f}", agents])

    # a day: a double-peaked profile whose busiest half-hour has 20,000 calls
    profile = [
        math.exp(-(((h - 10.5) / 2.0) ** 2)) + 0.8 * math.exp(-(((h - 15.5) / 2.5) ** 2)) + 0.02
        for h in (i / 2 for i in range(48))
    ]
    forecast = [CALLS * w / max(profile) for w in profile]
    for label, patience in (("Erlang C", None), ("Erlang A (60 s)", timedelta(seconds=60))):
        ms, day = best_ms(
            lambda p=patience: staffing.plan_day(
                forecast,
                aht=AHT,
                answer_within=T20,
                target=0.8,
                shrinkage=0.3,
                patience=p,
                max_abandon=None if p is None else 0.05,
            ),
            repeat=3,
        )
        rows.append([f"plan_day, 48 half-hours, {label}", f"{ms:.1f}", day.peak_agents])  # type: ignore[attr-defined]

    print(f"python {platform.python_version()}, {platform.machine()}, one core")
    print(f"{CALLS:,} calls per 30 minutes, AHT 5 min: {traffic:,.1f} Erlangs\n")
    print(table(rows, ["operation", "ms", "agents"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
