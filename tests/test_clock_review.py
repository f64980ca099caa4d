"""Review of the SLA clock: edges where the clock disagreed with its documented semantics.

Each test names the behaviour; the sums beside the instants are worked out by
hand. The desk calendar is open 09:00-12:00 and 13:30-17:00 Monday to Friday
with China's holidays; 21 November 2025 is a Friday.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import svcquality as sq

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
H = timedelta(hours=1)

DESK = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN", name="desk"
)
NY_DESK = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-17:00"}, zone="America/New_York", holidays="US", name="ny"
)
BUSINESS_HOUR = sq.Promise(
    service="complaint", calendar=DESK, milestones={"respond": sq.Target.business(H)}
)
ON_BREACH = sq.Ladder("respond", (sq.Step(sq.OnBreach(), sq.GreenChannel()),))


def at(text: str, zone: ZoneInfo = SH) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def test_wall_deadline_is_elapsed_time_across_a_dst_change() -> None:
    # 24 hours of clock time from Saturday noon before the spring-forward
    # (9 March 2025, 02:00 EST -> 03:00 EDT) end at 13:00 EDT on Sunday.
    promise = sq.Promise(
        service="apology", calendar=NY_DESK, milestones={"apologise": sq.Target.wall(24 * H)}
    )
    received = at("2025-03-08 12:00", NY)
    expected = at("2025-03-09 13:00", NY)
    assert promise.deadlines(received)["apologise"] == expected
    # (datetimes in one zone subtract as wall times, so compare in UTC)
    elapsed = promise["apologise"].deadline(received, NY_DESK).astimezone(UTC) - received
    assert elapsed == 24 * H
    reading = sq.read_clock(promise, [sq.Opened(at=received)], received)
    assert reading.milestones["apologise"].original_due == expected


def test_zero_length_pause_at_the_window_end_keeps_the_due_instant() -> None:
    # 1 business hour from Friday 16:00 is used up at 17:00, the window's end.
    # A pause that begins and ends at 17:00 stops nothing.
    opened = at("2025-11-21 16:00")
    plain = [sq.Opened(at=opened)]
    blip = [*plain, sq.Paused(at=at("2025-11-21 17:00")), sq.Resumed(at=at("2025-11-21 17:00"))]
    now = at("2025-11-24 12:00")
    for log in (plain, blip):
        respond = sq.read_clock(BUSINESS_HOUR, log, now).milestones["respond"]
        assert respond.due == at("2025-11-21 17:00")
        assert respond.breached_at == at("2025-11-21 17:00")
        (action,) = sq.due_actions(BUSINESS_HOUR, [ON_BREACH], log, now)
        assert action.trigger_at == at("2025-11-21 17:00")


def test_budget_used_up_as_a_pause_begins_is_breached_when_the_clock_runs_again() -> None:
    # The pause instant belongs to the pause: the budget runs out at Friday 17:00
    # as the pause begins, so the breach is when the clock runs again, Saturday
    # 10:00, not the desk's next opening on Monday.
    # The same when the clock stops again on Saturday, before the desk opens.
    log = [
        sq.Opened(at=at("2025-11-21 16:00")),
        sq.Paused(at=at("2025-11-21 17:00"), reason="等待客户补充材料"),
        sq.Resumed(at=at("2025-11-22 10:00")),
    ]
    stopped_again = [
        *log,
        sq.Paused(at=at("2025-11-22 11:00"), reason="等待客户补充材料"),
        sq.Resumed(at=at("2025-11-24 10:00")),
    ]
    now = at("2025-11-24 12:00")
    for events in (log, stopped_again):
        respond = sq.read_clock(BUSINESS_HOUR, events, now).milestones["respond"]
        assert respond.status is sq.Status.BREACHED
        assert respond.breached_at == at("2025-11-22 10:00")
        (action,) = sq.due_actions(BUSINESS_HOUR, [ON_BREACH], events, now)
        assert action.trigger_at == at("2025-11-22 10:00")


TIER_III = sq.Promise(
    service="feedback", name="III", calendar=DESK, milestones={"respond": sq.Target.business(8 * H)}
)
TIER_I = sq.Promise(
    service="feedback", name="I", calendar=DESK, milestones={"respond": sq.Target.business(H)}
)
RAISED_WHILE_PAUSED = [
    sq.Opened(at=at("2025-11-17 09:00")),  # Monday; 2 business hours used by 11:00
    sq.Paused(at=at("2025-11-17 11:00"), reason="等待客户补充材料"),
    sq.Retargeted(at=at("2025-11-17 14:00"), promise=TIER_I, policy="keep_elapsed"),
]


def test_keep_elapsed_retarget_while_paused_is_breached_when_the_clock_runs_again() -> None:
    # 2 h used against the new 1 h: overdue, but the clock stands still until
    # 16:00, so the breach is at 16:00 (when OnBreach fires), not at 15:00.
    log = [*RAISED_WHILE_PAUSED, sq.Resumed(at=at("2025-11-17 16:00"))]
    now = at("2025-11-17 16:30")
    respond = sq.read_clock(TIER_III, log, now).milestones["respond"]
    assert respond.status is sq.Status.BREACHED
    assert respond.breached_at == at("2025-11-17 16:00")
    assert respond.due >= respond.original_due
    (action,) = sq.due_actions(TIER_III, [ON_BREACH], log, now)
    assert action.trigger_at == respond.breached_at
