"""Escalation at scale: due_actions plus next_due for 100,000 open requests.

Workload: a branch promise on China branch hours (09:00-12:00, 13:30-17:00,
Mon-Fri, Asia/Shanghai, CN holidays) with a 1-business-hour "respond" and a
5-working-day "resolve"; a 4-step ladder on "resolve" (50% consumed, 1 business
hour before due, on breach, 2 hours after due with delivery in the manager's
hours). 100,000 seeded open requests, each a log of Opened plus a few
pause/resume pairs and a Met, read at one seeded ``now``.

Reported: requests per second per core for ``due_actions`` + ``next_due``, and
the ratio of that cost to one ``read_clock`` of the same log (target <= 3).

Run: ``python -m benchmarks.escalation [--quick]``. Seeded, so repeatable.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import svcquality as sq

SH = ZoneInfo("Asia/Shanghai")
BRANCH = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"},
    zone="Asia/Shanghai",
    holidays="CN",
    years=(2024, 2027),
    name="branch",
)
MANAGER = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-16:30"}, zone="Asia/Shanghai", holidays="CN"
)
PROMISE = sq.Promise(
    service="complaint",
    calendar=BRANCH,
    milestones={
        "respond": sq.Target.business(timedelta(hours=1)),
        "resolve": sq.Target.working_days(5),
    },
)
LADDER = sq.Ladder(
    "resolve",
    (
        sq.Step(sq.Consumed(0.5), sq.Notify("handler")),
        sq.Step(sq.BeforeDue(timedelta(hours=1)), sq.Notify("handler")),
        sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),
        sq.Step(sq.AfterDue(timedelta(hours=2)), sq.Reassign("manager"), calendar=MANAGER),
    ),
)


def workload(n: int, seed: int = 20251001) -> list[tuple[list[sq.Event], datetime]]:
    rng = random.Random(seed)
    base = datetime(2025, 1, 2, 9, tzinfo=SH)
    out: list[tuple[list[sq.Event], datetime]] = []
    for _ in range(n):
        t = base + timedelta(minutes=rng.randrange(0, 600 * 24 * 60))
        log: list[sq.Event] = [sq.Opened(at=t)]
        for _ in range(rng.randrange(0, 3)):
            t += timedelta(minutes=rng.randrange(1, 2000))
            log.append(sq.Paused(at=t, reason="awaiting customer"))
            t += timedelta(minutes=rng.randrange(1, 2000))
            log.append(sq.Resumed(at=t))
        t += timedelta(minutes=rng.randrange(1, 600))
        log.append(sq.Met(at=t, milestone="respond"))
        now = t + timedelta(minutes=rng.randrange(0, 8000))
        out.append((log, now))
    return out


def best(fn: Callable[[], object], repeat: int) -> float:
    b = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        b = min(b, time.perf_counter() - t0)
    return b


def table(rows: Sequence[Sequence[object]], head: Sequence[str]) -> str:
    cells = [list(map(str, head)), *([str(c) for c in r] for r in rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 requests, one run")
    args = parser.parse_args()
    n = 10_000 if args.quick else 100_000
    repeat = 1 if args.quick else 3
    cases = workload(n)
    ladders = [LADDER]

    def escalate() -> None:
        for log, now in cases:
            sq.due_actions(PROMISE, ladders, log, now)
            sq.next_due(PROMISE, ladders, log, now)

    def read() -> None:
        for log, now in cases:
            sq.read_clock(PROMISE, log, now)

    escalate()  # compile the calendar years once
    t_esc = best(escalate, repeat)
    t_read = best(read, repeat)
    due = sum(len(sq.due_actions(PROMISE, ladders, log, now)) for log, now in cases[:10_000])
    rows = [
        ["due_actions + next_due", f"{t_esc / n * 1e6:.1f}", f"{n / t_esc:,.0f}"],
        ["read_clock", f"{t_read / n * 1e6:.1f}", f"{n / t_read:,.0f}"],
    ]
    print(f"svcquality {sq.__version__}, Python {platform.python_version()}, {n:,} requests")
    print(table(rows, ["operation", "us/request", "requests/s/core"]))
    print(f"ratio (due_actions + next_due) / read_clock: {t_esc / t_read:.2f} (target <= 3)")
    print(f"actions due in the first 10,000 requests: {due:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
