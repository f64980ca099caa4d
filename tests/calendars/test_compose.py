"""svcquality.calendars: composing calendars with & (intersection) and | (union)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest

import svcquality as sq

from .common import LON, SH, UTC, at, branch, day, desk

H = timedelta(hours=1)
M = timedelta(minutes=1)


@pytest.fixture(name="card_centre")
def card_centre_fixture() -> sq.BusinessCalendar:
    """A card centre open 08:00-20:00 every day, holidays included."""
    return sq.BusinessCalendar.weekly({"daily": "08:00-20:00"}, zone="Asia/Shanghai")


class TestIntersection:
    def test_department_inside_branch_hours(self, card_centre: sq.BusinessCalendar) -> None:
        """Open only when both are: the branch's hours, its holidays too."""
        inside = branch() & card_centre
        assert inside.between(at("2025-09-29 00:00"), at("2025-09-30 00:00")) == 6.5 * H
        assert inside.between(at("2025-10-18 00:00"), at("2025-10-19 00:00")) == 3 * H
        assert not inside.is_working_day(day("2025-10-01"))
        assert inside.is_working_day(day("2025-09-28"))  # the branch's make-up Sunday
        assert inside.add(at("2025-09-29 11:00"), 2 * H) == at("2025-09-29 14:30")
        assert inside.close_of_business(day("2025-09-29")) == at("2025-09-29 17:00")

    def test_method_and_operator_agree(self, card_centre: sq.BusinessCalendar) -> None:
        """a & b is a.intersection(b)."""
        assert (branch() & card_centre) == branch().intersection(card_centre)

    def test_across_zones_and_dst(self) -> None:
        """London 09:00-17:00 overlaps Shanghai 09:00-17:00 by 1 h in summer, none in winter."""
        london = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=LON)
        shanghai = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=SH)
        both = shanghai & london
        assert both.zone is SH
        assert both.open_intervals(at("2025-09-29 00:00"), at("2025-09-30 00:00")) == (
            (at("2025-09-29 16:00"), at("2025-09-29 17:00")),
        )
        assert both.between(at("2025-11-03 00:00"), at("2025-11-04 00:00")) == timedelta(0)

    def test_trusted_years_of_the_parts(self, card_centre: sq.BusinessCalendar) -> None:
        """A part's trusted years bound the composite."""
        both = desk(years=range(2024, 2027)) & card_centre
        assert both.is_open(at("2026-06-01 10:00"))
        with pytest.raises(sq.UntrustedYearError, match=r"2024\.\.2026"):
            both.is_open(at("2027-06-01 10:00"))

    @pytest.mark.parametrize("op", ["add", "next_open", "previous_close"])
    def test_hours_that_never_meet_are_refused_quickly(self, op: str) -> None:
        """An intersection that is never open is refused after the ten years in which
        no window opens, not after the 120 years one computation reaches compiled one
        by one (the fuzz suite's intersection of a CN and a US calendar took 12 s)."""
        morning = sq.BusinessCalendar.weekly({"mon-fri": "09:00-12:00"}, zone=SH, holidays="CN")
        evening = sq.BusinessCalendar.weekly(
            {"mon-fri": "13:00-17:00"}, zone="America/New_York", holidays="US"
        )
        never = morning & evening
        args = (at("2025-09-29 10:00"), H) if op == "add" else (at("2025-09-29 10:00"),)
        start = time.perf_counter()
        with pytest.raises(sq.CalendarError, match=r"no open time in the 16 years") as info:
            getattr(never, op)(*args)
        assert time.perf_counter() - start < 2.0
        assert info.value.code == "calendar.no_open_time"

    def test_open_time_past_the_reach_is_refused_before_compiling(self) -> None:
        """More open time than 121 years hold ends past the 120 years one computation
        reaches: refused at once, where a sparse intersection compiled all 120 years
        first (7.6 s in the fuzz suite's long run)."""
        sparse = sq.BusinessCalendar.weekly({"wed": "08:30-08:45"}, zone=UTC)
        both = sparse & sq.BusinessCalendar.always_open(zone=UTC)
        start = time.perf_counter()
        with pytest.raises(sq.CalendarError, match=r"no answer from the year 2024 to 2144"):
            both.add(datetime(2024, 1, 1, tzinfo=UTC), timedelta(days=1_364_114))
        assert time.perf_counter() - start < 0.5
        wednesday = datetime(2024, 1, 3, 8, 30, tzinfo=UTC)
        assert both.add(wednesday, 15 * M) == wednesday + 15 * M


class TestUnion:
    def test_open_when_either_is(self, card_centre: sq.BusinessCalendar) -> None:
        """Branch or card centre: 08:00-20:00 every day, National Day included."""
        either = branch() | card_centre
        assert either.is_open(at("2025-09-29 19:00"))
        assert either.is_open(at("2025-09-29 12:30"))  # the branch's lunch is covered
        assert either.between(at("2025-10-01 00:00"), at("2025-10-02 00:00")) == 12 * H
        assert either.close_of_business(day("2025-09-29")) == at("2025-09-29 20:00")
        assert either == branch().union(card_centre)

    def test_night_and_day_desks(self) -> None:
        """A night desk and a day desk together cover the clock on weekdays."""
        night = sq.BusinessCalendar.weekly({"mon-fri": "20:00-08:00"}, zone=SH)
        days = sq.BusinessCalendar.weekly({"mon-fri": "08:00-20:00"}, zone=SH)
        both = night | days
        assert both.open_intervals(at("2025-10-13 00:00"), at("2025-10-15 00:00")) == (
            (at("2025-10-13 08:00"), at("2025-10-15 00:00")),
        )
        assert both.add(at("2025-10-13 19:00"), 24 * H) == at("2025-10-14 19:00")

    def test_zone_of_the_left_calendar(self) -> None:
        """The result reads in the left calendar's zone; instants may be in any zone."""
        london = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=LON)
        either = london | desk()
        assert either.zone is LON
        due = either.add(at("2025-09-29 01:00", UTC), H)  # 09:00 Shanghai, 02:00 London
        assert due == at("2025-09-29 10:00")
        assert due.tzinfo is LON

    def test_holiday_sources_of_both(self, card_centre: sq.BusinessCalendar) -> None:
        """A composite names the holiday data of every part."""
        us = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone="UTC", holidays="US")
        both = branch() | us
        assert both.holiday_sources == (sq.HolidaySource("CN"), sq.HolidaySource("US"))
        assert "CN" in both.holiday_data
        assert "US" in both.holiday_data
        assert " | " in repr(both)
        assert " & " in repr(branch() & card_centre)


def test_composites_compose(card_centre: sq.BusinessCalendar) -> None:
    """(a | b) & c works like any calendar."""
    lunch = sq.BusinessCalendar.weekly({"daily": "12:00-13:30"}, zone=SH)
    staffed = (branch() | lunch) & card_centre
    # Monday: 09:00-17:00 without a break (lunch cover fills it)
    assert staffed.between(at("2025-09-29 00:00"), at("2025-09-30 00:00")) == 8 * H
    # National Day: only the lunch cover
    assert staffed.between(at("2025-10-01 00:00"), at("2025-10-02 00:00")) == 1.5 * H
