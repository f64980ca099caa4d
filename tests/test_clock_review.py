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
