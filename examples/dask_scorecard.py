"""A month of call-centre scorecards on Dask: one partition per day, merged.

A credit-card centre (信用卡中心) with three teams of eight agents takes about
1,800 calls a day. Each day is a partition: Dask accumulates it on a worker
into two scorecards, the queue's (服务水平 85% within 15 s, 放弃率 at most 5%,
ASA) per team and the agents' (一线处理率, 录音成功率, AHT) per agent, plus a
centre-wide service level through the columnar path. The partial results,
pickled back from the workers, are merged in whatever order they arrive, and
the month equals the single-process result exactly. The month's best and worst
25% of agents by first-line resolution are published (前25%/后25%).

The call records are synthetic and seeded; the library never reads the clock.

Run: ``python examples/dask_scorecard.py`` (needs the ``dask`` extra:
``pip install 'svcquality[dask]'`` or ``pip install dask``); ``--scheduler``
picks Dask's scheduler (``processes`` by default, so partitions really travel
between processes), ``--days`` the length of the month.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from svcquality import kpi
from svcquality._instants import to_micros

SH = ZoneInfo("Asia/Shanghai")
MONTH = "2025-06"
SEED = 20250601
TEAMS = ("team-A", "team-B", "team-C")
AGENTS = {team: [f"{team}/agent-{i:02}" for i in range(1, 9)] for team in TEAMS}
S = timedelta(seconds=1)

QUEUE_OBJECTIVES = (
    kpi.Objective(
        "service_level", kpi.ServiceLevel(threshold=15 * S), 0.85, ">=", label="服务水平"
    ),
    kpi.Objective("abandon_rate", kpi.AbandonRate(short_abandon=3 * S), 0.05, "<=", label="放弃率"),
    kpi.Objective("asa", kpi.AverageSpeedOfAnswer(), 20 * S, "<=", label="平均应答速度"),
)
AGENT_OBJECTIVES = (
    kpi.Objective(
        "first_line_resolution", kpi.FirstContactResolution(), 0.95, ">=", label="一线处理率"
    ),
    kpi.Objective("recording_success", kpi.RecordingSuccess(), 0.95, ">=", label="录音成功率"),
    kpi.Objective("aht", kpi.AverageHandleTime(), 6 * 60 * S, "<=", label="平均处理时长"),
)


def day_records(day: int) -> tuple[list[tuple[str, str, object]], list[tuple[str, str, object]]]:
    """One day's synthetic records, seeded by the day: (queue rows, agent rows)."""
    rng = np.random.default_rng([SEED, day])
    start = datetime(2025, 6, day, tzinfo=SH)
    queue: list[tuple[str, str, object]] = []
    agents: list[tuple[str, str, object]] = []
    for t, team in enumerate(TEAMS):
        n = int(rng.poisson(600))
        arrivals = np.sort(rng.integers(8 * 3600, 20 * 3600, n))  # 08:00-20:00
        answered = rng.random(n) < 0.94 - 0.02 * t  # team C is the busiest
        waits = rng.exponential(6.0 + 3 * t, n)
        skill = 0.985 - 0.002 * rng.integers(0, 20, n)  # agents differ in resolution
        for i in range(n):
            arrived = start + timedelta(seconds=int(arrivals[i]))
            wait = timedelta(seconds=round(float(waits[i]), 3))
            if not answered[i]:
                queue.append((MONTH, team, kpi.Call(arrived=arrived, abandoned=arrived + wait)))
                continue
            queue.append((MONTH, team, kpi.Call(arrived=arrived, answered=arrived + wait)))
            agent = AGENTS[team][int(rng.integers(0, 8))]
            talk = timedelta(seconds=int(rng.gamma(4.0, 45.0)))
            agents += [
                (MONTH, agent, kpi.Handling(talk=talk, after_call_work=30 * S)),
                (MONTH, agent, kpi.Recording(bool(rng.random() < 0.99))),
                (MONTH, agent, kpi.Contact(f"62258{i:06}", arrived, bool(rng.random() < skill[i]))),
            ]
    return queue, agents


def centre_columns(rows: list[tuple[str, str, object]]) -> dict[str, np.ndarray]:
    """The day's calls as int64 epoch-microsecond columns, for the columnar path."""
    calls = [r for _, _, r in rows if isinstance(r, kpi.Call)]
    return {
        "arrived": np.array([to_micros(c.arrived) for c in calls], dtype=np.int64),
        "answered": np.array(
            [kpi.MISSING if c.answered is None else to_micros(c.answered) for c in calls],
            dtype=np.int64,
        ),
        "abandoned": np.array(
            [kpi.MISSING if c.abandoned is None else to_micros(c.abandoned) for c in calls],
            dtype=np.int64,
        ),
    }


Partial = tuple[kpi.Scorecard, kpi.Scorecard, kpi.ServiceLevel]


def score_day(day: int) -> Partial:
    """What a worker computes for one partition (one day)."""
    queue, agents = day_records(day)
    centre = kpi.ServiceLevel(threshold=15 * S).add_many(**centre_columns(queue))
    return (
        kpi.Scorecard(QUEUE_OBJECTIVES).add_all(queue),
        kpi.Scorecard(AGENT_OBJECTIVES).add_all(agents),
        centre,
    )


def merge(a: Partial, b: Partial) -> Partial:
    """Merge two partial results (associative and commutative)."""
    return a[0].merge(b[0]), a[1].merge(b[1]), a[2].merge(b[2])


def empty() -> Partial:
    return (
        kpi.Scorecard(QUEUE_OBJECTIVES),
        kpi.Scorecard(AGENT_OBJECTIVES),
        kpi.ServiceLevel(threshold=15 * S),
    )


def month_on_dask(days: int, scheduler: str) -> Partial:
    """Accumulate each day on a Dask worker, then fold the partial results."""
    import dask.bag as db  # noqa: PLC0415 - optional dependency (the dask extra)

    bag = db.from_sequence(range(1, days + 1), npartitions=days).map(score_day)
    result: Partial = bag.fold(merge, merge, initial=empty()).compute(scheduler=scheduler)
    return result


def month_in_one_process(days: int) -> Partial:
    """The same month in one pass, one process, records in order: the reference."""
    queue: list[tuple[str, str, object]] = []
    agents: list[tuple[str, str, object]] = []
    for day in range(1, days + 1):
        q, a = day_records(day)
        queue += q
        agents += a
    centre = kpi.ServiceLevel(threshold=15 * S).add_all(r for _, _, r in queue)
    return (
        kpi.Scorecard(QUEUE_OBJECTIVES).add_all(queue),
        kpi.Scorecard(AGENT_OBJECTIVES).add_all(agents),
        centre,
    )


def report(result: Partial) -> str:
    queue, agents, centre = result
    lines = [f"Month {MONTH}: {centre.records:,} calls, centre service level {centre.value:.1%}"]
    lines.append("")
    lines.append(f"{'team':8} {'KPI':14} {'value':>9} {'target':>9}  met")
    for line in queue.report():
        value = line.value
        shown = f"{value.total_seconds():.1f} s" if isinstance(value, timedelta) else f"{value:.1%}"
        target = line.target
        goal = (
            f"{target.total_seconds():.0f} s" if isinstance(target, timedelta) else f"{target:.0%}"
        )
        met = "yes" if line.met else "NO"
        lines.append(
            f"{line.unit:8} {line.name:14} {shown:>9} {line.op}{goal:>7}  {met:3}  {line.label}"
        )
    teams = agents.rollup(lambda agent: agent.split("/")[0])
    lines.append("")
    lines.extend(
        f"{line.unit}: 一线处理率 {line.value:.1%} ({line.records:,} contacts)"
        for line in teams.report()
        if line.name == "first_line_resolution"
    )
    ranking = agents.ranking("first_line_resolution", period=MONTH, fraction=0.25)
    lines.append("")
    lines.append("前25% (top 25%):    " + ", ".join(ranking.top))
    lines.append("后25% (bottom 25%): " + ", ".join(ranking.bottom))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30, help="days in the month (1-30)")
    parser.add_argument(
        "--scheduler", default="processes", choices=["processes", "threads", "sync"]
    )
    args = parser.parse_args(argv)
    if not 1 <= args.days <= 30:
        print("--days must be from 1 to 30", file=sys.stderr)
        return 2
    try:
        import dask  # noqa: F401, PLC0415 - optional dependency (the dask extra)
    except ImportError:
        print("this example needs dask: pip install 'svcquality[dask]'", file=sys.stderr)
        return 1
    distributed = month_on_dask(args.days, args.scheduler)
    single = month_in_one_process(args.days)
    if distributed != single:
        print("the merged partitions differ from the single-process result", file=sys.stderr)
        return 1
    print(report(distributed))
    print(f"\n{args.days} partitions merged on Dask ({args.scheduler}) == one process: True")
    return 0


if __name__ == "__main__":
    sys.exit(main())
