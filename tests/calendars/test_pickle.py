"""Calendars pickle (for Dask, Spark, Beam workers) and compute the same on the other side."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import svcquality as sq

SH = ZoneInfo("Asia/Shanghai")
T = datetime(2025, 9, 30, 15, 0, tzinfo=SH)


def test_a_compiled_calendar_pickles_without_its_cache() -> None:
    cal = sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-12:00, 13:30-17:00"},
        zone="Asia/Shanghai",
        holidays="CN",
        years=(2024, 2027),
        name="branch",
    )
    expected = cal.add(T, timedelta(hours=3))  # compiles 2025
    copy = pickle.loads(pickle.dumps(cal))
    assert copy == cal
    assert (copy.name, copy.years) == ("branch", (2024, 2027))
    assert copy.add(T, timedelta(hours=3)) == expected == datetime(2025, 10, 9, 10, tzinfo=SH)
    assert copy.holiday_data == cal.holiday_data


def test_composed_calendars_and_holiday_sources_pickle() -> None:
    both = sq.BusinessCalendar.weekly(
        {"daily": "08:00-20:00"}, zone="Asia/Shanghai", holidays="CN"
    ) & sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai")
    copy = pickle.loads(pickle.dumps(both))
    assert copy == both
    assert copy.between(T, T + timedelta(days=10)) == both.between(T, T + timedelta(days=10))
    source = sq.HolidaySource("US", "NY")
    assert pickle.loads(pickle.dumps(source)) == source
