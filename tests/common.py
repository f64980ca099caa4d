"""Helpers shared by the test files: instants written as they read, and the units many use.

An instant is ISO wall time in a named zone, Shanghai unless told, so
``at("2025-11-21 17:00")`` reads like the ticket or the notice a test pins
(holidays ``tests/common.py`` style). The desk is open 09:00-12:00 and
13:30-17:00 (6.5 h a day) Monday to Friday with China's holidays and make-up
working days; the branch also opens on Saturday mornings.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import svcquality as sq

UTC = timezone.utc
SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
LON = ZoneInfo("Europe/London")

H = timedelta(hours=1)
M = timedelta(minutes=1)
US = timedelta(microseconds=1)

#: A back office: split shift Monday to Friday only.
DESK_HOURS = {"mon-fri": "09:00-12:00, 13:30-17:00"}
#: A branch: the desk's split shift on weekdays, and Saturday mornings.
BRANCH_HOURS = {"mon-fri": "09:00-12:00, 13:30-17:00", "sat": "09:00-12:00"}


def at(text: str, zone: tzinfo = SH, *, fold: int = 0) -> datetime:
    """The aware instant of an ISO wall time such as ``"2025-09-28 09:00"`` in ``zone``."""
    return datetime.fromisoformat(text).replace(tzinfo=zone, fold=fold)


#: The back office in Shanghai, named ``desk`` (readings record the name).
DESK = sq.BusinessCalendar.weekly(DESK_HOURS, zone="Asia/Shanghai", holidays="CN", name="desk")
#: The Shanghai branch that also opens Saturday mornings, named ``branch``.
BRANCH = sq.BusinessCalendar.weekly(
    BRANCH_HOURS, zone="Asia/Shanghai", holidays="CN", name="branch"
)

#: Feedback tier III by business hours on the desk: respond within 8 business hours.
TIER_III_8H = sq.Promise(
    service="feedback", name="III", calendar=DESK, milestones={"respond": sq.Target.business(8 * H)}
)
#: Feedback tier I by business hours on the desk: respond within 1 business hour.
TIER_I_1H = sq.Promise(
    service="feedback", name="I", calendar=DESK, milestones={"respond": sq.Target.business(H)}
)
