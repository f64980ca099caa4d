"""SLA clock: readings per second per core, and a reading's cost in calendar adds.

Workload: China branch hours (09:00-12:00, 13:30-17:00, Monday to Friday,
Asia/Shanghai, CN holidays 2024-2027); the ATM差错 promise (respond within 1
business hour, credited within 5 working days with a 16:00 cut-off, initial
disposal within 4 h of clock time); 100,000 seeded logs of 20 events each
(Opened, then pauses and resumes, Met, Resolved and reopenings under both
policies, 0 to 8 hours apart), each read one hour after its last event.

Reported: logs read per second on one core, and the cost of one reading divided
by (events in the log × the cost of one calendar ``add`` on the same calendar);
the target (issue 4) is at most 3.

Run from the project root: ``python -m benchmarks.clock`` (``--quick`` for
5,000 logs).
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time as _time
from collections.abc import Sequence
from datetime import datetime, time, timedelta

from benchmarks.calendar import HOURS, YEARS, ZONE, per_call, table

import svcquality as sq

SEED = 20251001
EVENTS = 20
CHUNK = 5_000  # logs built and read at a time, so memory stays flat


def promise(cal: sq.BusinessCalendar) -> sq.Promise:
    return sq.Promise(
        service="atm_refund",
        calendar=cal,
        goal=0.9,
        milestones={
            "respond": sq.Target.business(timedelta(hours=1)),
            "initial_disposal": sq.Target.wall(timedelta(hours=4)),
            "resolve": sq.Target.working_days(5, cutoff=time(16)),
        },
    )


def logs(rng: random.Random, n: int, milestones: Sequence[str]) -> list[list[sq.Event]]:
    """``n`` valid logs of ``EVENTS`` events each, from ``rng``."""
    start = datetime(2024, 1, 1, tzinfo=ZONE)
    minutes = (datetime(2027, 9, 1, tzinfo=ZONE) - start) // timedelta(minutes=1)
    out = []
    for _ in range(n):
        t = start + timedelta(minutes=rng.randrange(minutes))
        log: list[sq.Event] = [sq.Opened(at=t)]
        state = "running"
        met: set[str] = set()
        while len(log) < EVENTS:
            t += timedelta(minutes=rng.randrange(8 * 60))
            if state == "resolved":
                log.append(sq.Reopened(at=t, policy=rng.choice(("new_cycle", "resume"))))
                met = set() if log[-1].policy == "new_cycle" else met  # type: ignore[union-attr]
                state = "running"
                continue
            roll = rng.random()
            unmet = [m for m in milestones if m not in met]
            if roll < 0.25 and unmet:
                name = rng.choice(unmet)
                met.add(name)
                log.append(sq.Met(at=t, milestone=name))
            elif roll < 0.85:
                if state == "running":
                    log.append(sq.Paused(at=t, reason="awaiting customer"))
                    state = "paused"
                else:
                    log.append(sq.Resumed(at=t))
                    state = "running"
            else:
                log.append(sq.Resolved(at=t))
                state = "resolved"
        out.append(log)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 logs instead of 100,000")
    args = parser.parse_args(argv)
    n = 5_000 if args.quick else 100_000

    cal = sq.BusinessCalendar.weekly(HOURS, zone=ZONE, holidays="CN", years=YEARS, name="cn-branch")
    cal.between(datetime(2024, 1, 1, tzinfo=ZONE), datetime(2027, 12, 31, tzinfo=ZONE))
    p = promise(cal)
    rng = random.Random(SEED)

    # One calendar add on the same calendar: seeded instants and 1 min .. 40 h,
    # timed between the chunks of readings so both see the same machine load.
    add_rng = random.Random(SEED + 1)
    start = datetime(2024, 1, 1, tzinfo=ZONE)
    adds = [
        (
            start + timedelta(minutes=add_rng.randrange(60 * 24 * 365 * 3)),
            timedelta(minutes=add_rng.randrange(1, 40 * 60)),
        )
        for _ in range(2_000)
    ]
    add_us = float("inf")

    elapsed = 0.0
    done = 0
    statuses: dict[str, int] = {}
    while done < n:
        batch = logs(rng, min(CHUNK, n - done), list(p.milestones))
        nows = [log[-1].at + timedelta(hours=1) for log in batch]
        best = float("inf")
        for _ in range(2):  # best of 2 per chunk, to skip a busy moment
            t0 = _time.perf_counter()
            readings = [sq.read_clock(p, log, now) for log, now in zip(batch, nows, strict=True)]
            best = min(best, _time.perf_counter() - t0)
        elapsed += best
        add_us = min(add_us, per_call(lambda: [cal.add(t, d) for t, d in adds], len(adds)))
        for r in readings:
            s = r.milestones["resolve"].status.name
            statuses[s] = statuses.get(s, 0) + 1
        done += len(batch)

    reading_us = elapsed / n * 1e6
    ratio = reading_us / (EVENTS * add_us)
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"svcquality {sq.__version__}; {n:,} logs of {EVENTS} events\n"
    )
    rows = [
        ["logs read per second (one core)", f"{n / elapsed:,.0f}"],
        ["µs per reading", f"{reading_us:,.1f}"],
        ["µs per calendar add", f"{add_us:.2f}"],
        ["reading / (events × add)", f"{ratio:.2f} (target ≤ 3)"],
    ]
    print(table(rows, ["measure", "value"]))
    print(
        "\nresolve status at the reading: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(statuses.items()))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
