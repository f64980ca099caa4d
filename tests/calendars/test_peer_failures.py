"""svcquality.calendars: the known failures of peer libraries, one pin each.

businesstimedelta, pandas' CustomBusinessHour and hand-rolled loops get
these wrong (see docs/performance.md); svcquality must not.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

import svcquality as sq

from .common import NY, SH, UTC, at, day, desk

H = timedelta(hours=1)


def test_makeup_working_weekend_is_not_ignored() -> None:
    """Sunday 2025-09-28 is a make-up working day: Friday 16:00 + 2 h is Sunday 10:00."""
    cal = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=SH, holidays="CN")
    assert cal.add(at("2025-09-26 16:00"), 2 * H) == at("2025-09-28 10:00")
    assert cal.between(at("2025-09-26 16:00"), at("2025-09-29 09:00")) == 9 * H
    assert cal.add_working_days(day("2025-09-26"), 1) == day("2025-09-28")


def test_result_on_closing_time_is_not_moved_to_next_opening() -> None:
    """Due exactly at a close is that close: Friday 16:00 + 1 h is Friday 17:00, not Monday."""
    cal = sq.BusinessCalendar.weekly({"mon-fri": "09:00-12:00, 13:30-17:00"}, zone=SH)
    assert cal.add(at("2025-10-17 16:00"), H) == at("2025-10-17 17:00")
    assert cal.add(at("2025-10-17 11:00"), H) == at("2025-10-17 12:00")  # not 13:30
    assert cal.add(at("2025-10-20 10:00"), -H) == at("2025-10-20 09:00")  # not Fri 17:00


def test_hours_read_in_calendar_zone_not_the_timestamps() -> None:
    """An instant given in UTC is read on Shanghai's wall clock."""
    cal = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=SH)
    t = at("2025-10-20 08:00", UTC)  # 16:00 in Shanghai; 08:00 would be before opening
    assert cal.is_open(t)
    assert cal.add(t, 2 * H) == at("2025-10-21 10:00")  # not 2025-10-20 11:00 UTC
    assert cal.add(t, 2 * H).tzinfo is SH
    assert not cal.is_open(at("2025-10-20 10:00", UTC))  # 18:00 in Shanghai


def test_correct_across_dst() -> None:
    """New York business hours over the spring-forward weekend: real hours, not wall hours."""
    cal = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=NY)
    start = at("2025-03-07 16:00", NY)  # EST
    due = cal.add(start, 2 * H)
    assert due.astimezone(UTC) == at("2025-03-10 14:00", UTC)  # 10:00 EDT
    assert cal.between(start, due) == 2 * H
    night = sq.BusinessCalendar.weekly({"daily": "22:00-06:00"}, zone=NY)
    assert night.between(at("2025-11-01 22:00", NY), at("2025-11-02 06:00", NY)) == 9 * H


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (-H, "2025-09-30 16:30"),  # back over National Day
        (-(6.5 * H) * 20, "2025-09-04 09:30"),  # twenty working days back, make-up day included
        (-(6.5 * H) * 260, None),  # about a year back, over Spring Festival 2025
    ],
)
def test_subtracting_with_holidays_in_another_zone_terminates(
    hours: timedelta, expected: str | None
) -> None:
    """Subtracting from an instant given in New York on a Shanghai calendar ends, exactly."""
    cal = desk()
    t = at("2025-10-09 09:30").astimezone(NY)  # 21:30 on 10-08 in New York
    got = cal.add(t, hours)
    if expected is not None:
        assert got == at(expected)
    assert cal.between(got, t) == -hours
    assert cal.is_open(got)


def test_no_crash_past_the_last_listed_holiday_year() -> None:
    """Without a trusted-years bound, 2060 works on the package's estimate."""
    cal = desk()
    assert not cal.is_working_day(day("2060-10-01"))  # National Day is a fixed date
    due = cal.add(at("2060-09-30 16:00"), 2 * H)
    assert due.year == 2060
    assert cal.between(at("2060-09-30 16:00"), due) == 2 * H
    far = cal.add(at("2025-09-29 09:00"), (6.5 * H) * 250 * 40)  # about forty years on
    assert far.year >= 2064


def test_past_the_last_listed_year_with_a_bound_is_an_error() -> None:
    """With years=..., the same question raises instead of guessing."""
    cal = desk(years=range(2024, 2027))
    with pytest.raises(sq.UntrustedYearError, match=r"2060-09-30T16:00:00\+08:00.*2024\.\.2026"):
        cal.add(at("2060-09-30 16:00"), 2 * H)
