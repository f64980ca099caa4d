"""svcquality.calendars: business-time arithmetic (is_open, add, between, next_open,
previous_close, open_intervals) on cases with known answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

import svcquality as sq

from .common import SH, UTC, at, branch, day, desk

H = timedelta(hours=1)
M = timedelta(minutes=1)
US = timedelta(microseconds=1)


class TestIsOpen:
    @pytest.mark.parametrize(
        ("wall", "is_open"),
        [
            ("2025-09-29 08:59:59.999999", False),  # Monday, just before opening
            ("2025-09-29 09:00", True),  # windows are open at their start
            ("2025-09-29 11:59:59.999999", True),
            ("2025-09-29 12:00", False),  # ... and closed at their end
            ("2025-09-29 12:30", False),  # lunch break
            ("2025-09-29 13:30", True),
            ("2025-09-29 17:00", False),
            ("2025-10-18 11:00", True),  # an ordinary Saturday morning
            ("2025-10-18 13:30", False),  # ... and its afternoon
            ("2025-10-19 10:00", False),  # Sunday
            ("2025-10-01 10:00", False),  # National Day
        ],
    )
    def test_branch(self, wall: str, is_open: bool) -> None:
        """The Shenzhen branch, half-open windows."""
        assert branch().is_open(at(wall)) is is_open


class TestAdd:
    @pytest.mark.parametrize(
        ("start", "duration", "due"),
        [
            ("2025-09-29 09:00", 2 * H, "2025-09-29 11:00"),  # inside one window
            ("2025-09-29 11:00", 2 * H, "2025-09-29 14:30"),  # across lunch
            ("2025-09-29 11:00", H, "2025-09-29 12:00"),  # lands on the end: stays there
            ("2025-09-26 16:00", H, "2025-09-26 17:00"),  # Friday close, not Saturday 09:00
            ("2025-09-29 12:30", 30 * M, "2025-09-29 14:00"),  # closed: from the next opening
            ("2025-09-29 07:00", 3 * H, "2025-09-29 12:00"),  # before opening, lands on end
            ("2025-09-30 15:20", 4 * H, "2025-10-09 11:20"),  # over the whole 1-8 Oct break
            ("2025-09-29 09:00", US, "2025-09-29 09:00:00.000001"),  # exact to the µs
            ("2025-09-29 14:30", -H, "2025-09-29 13:30"),  # backwards, lands on a start
            ("2025-09-29 10:00", -H, "2025-09-29 09:00"),  # at opening, not last close
            ("2025-09-29 14:00", -H, "2025-09-29 11:30"),  # backwards across lunch
            ("2025-09-29 12:30", -30 * M, "2025-09-29 11:30"),  # closed: back from the close
            ("2025-10-09 09:30", -H, "2025-09-30 16:30"),  # back over the whole break
        ],
    )
    def test_branch(self, start: str, duration: timedelta, due: str) -> None:
        """Known answers on the Shenzhen branch."""
        assert branch().add(at(start), duration) == at(due)

    def test_zero_when_open_is_the_instant(self) -> None:
        """add(t, 0) is t when open."""
        assert branch().add(at("2025-09-29 10:17"), timedelta(0)) == at("2025-09-29 10:17")

    @pytest.mark.parametrize(
        ("start", "opening"),
        [
            ("2025-09-29 12:30", "2025-09-29 13:30"),  # lunch
            ("2025-09-29 12:00", "2025-09-29 13:30"),  # exactly at a close
            ("2025-09-30 17:00", "2025-10-09 09:00"),  # the eve of National Day: 1-8 Oct shut
            ("2025-10-19 10:00", "2025-10-20 09:00"),  # Sunday
        ],
    )
    def test_zero_when_closed_is_the_next_opening(self, start: str, opening: str) -> None:
        """add(t, 0) when closed is the next opening."""
        assert branch().add(at(start), timedelta(0)) == at(opening)

    def test_result_in_the_calendars_zone(self) -> None:
        """An instant given in UTC is read in Shanghai; the result comes back in Shanghai."""
        t = at("2025-09-29 03:00", UTC)  # 11:00 in Shanghai
        due = branch().add(t, 2 * H)
        assert due == at("2025-09-29 14:30")
        assert due.tzinfo is SH

    def test_long_spans(self) -> None:
        """A year of business time is counted exactly, holidays included."""
        cal = desk()
        start = at("2025-01-02 09:00")
        due = cal.add(start, 1000 * H)
        assert cal.between(start, due) == 1000 * H
        assert cal.add(due, -1000 * H) == start

    def test_split_shift_of_three_windows(self) -> None:
        """A teller line with three windows a day (morning, afternoon, evening)."""
        cal = sq.BusinessCalendar.weekly(
            {"daily": "08:00-11:30, 13:00-17:00, 18:00-20:00"}, zone="Asia/Shanghai"
        )
        assert cal.add(at("2025-09-29 11:00"), 5 * H) == at("2025-09-29 18:30")
        assert cal.add(at("2025-09-29 19:00"), 2 * H) == at("2025-09-30 09:00")
        assert cal.between(at("2025-09-29 00:00"), at("2025-09-30 00:00")) == 9.5 * H


class TestWholeDayAndOvernight:
    def test_always_open_is_wall_time(self) -> None:
        """A 24x7 hotline: business time is wall time, across midnight and holidays."""
        hotline = sq.BusinessCalendar.always_open(zone="Asia/Shanghai")
        assert hotline.add(at("2025-10-01 23:00"), 2 * H) == at("2025-10-02 01:00")
        assert hotline.between(at("2025-10-01 00:00"), at("2025-10-08 00:00")) == 7 * 24 * H
        assert hotline.is_working_day(day("2025-10-01"))

    def test_24h_key_equals_always_open(self) -> None:
        """{'daily': '24h'} gives the same arithmetic as always_open."""
        a = sq.BusinessCalendar.weekly({"daily": "24h"}, zone="Asia/Shanghai")
        b = sq.BusinessCalendar.always_open(zone="Asia/Shanghai")
        t = at("2025-09-29 22:15")
        assert a.add(t, 30 * H) == b.add(t, 30 * H) == at("2025-10-01 04:15")

    def test_weekday_24h_closes_at_the_weekend(self) -> None:
        """Open 24 hours Monday to Friday: Friday 24:00 is the close, then Monday 00:00."""
        cal = sq.BusinessCalendar.weekly({"mon-fri": "24h"}, zone="Asia/Shanghai")
        assert cal.add(at("2025-10-17 23:00"), H) == at("2025-10-18 00:00")
        assert cal.add(at("2025-10-17 23:00"), 2 * H) == at("2025-10-20 01:00")

    def test_window_ending_at_2400(self) -> None:
        """An evening shift ending at 24:00 runs to midnight and no further."""
        cal = sq.BusinessCalendar.weekly({"mon-fri": "17:00-24:00"}, zone="Asia/Shanghai")
        assert cal.is_open(at("2025-09-29 23:59:59.999999"))
        assert not cal.is_open(at("2025-09-30 00:00"))
        assert cal.add(at("2025-09-29 23:00"), H) == at("2025-09-30 00:00")
        assert cal.add(at("2025-09-29 23:00"), 2 * H) == at("2025-09-30 18:00")
        assert cal.close_of_business(day("2025-09-29")) == at("2025-09-30 00:00")

    def test_overnight_window(self) -> None:
        """22:00-06:00 Monday to Friday: Friday's night runs into Saturday morning."""
        cal = sq.BusinessCalendar.weekly({"mon-fri": "22:00-06:00"}, zone="Asia/Shanghai")
        assert cal.is_open(at("2025-10-18 05:59"))  # Saturday morning, Friday's shift
        assert not cal.is_open(at("2025-10-18 22:00"))  # no Saturday shift
        assert not cal.is_open(at("2025-10-20 05:00"))  # Monday morning: Sunday had none
        assert cal.add(at("2025-10-17 23:00"), 7 * H) == at("2025-10-18 06:00")  # stays
        assert cal.add(at("2025-10-17 23:00"), 8 * H) == at("2025-10-20 23:00")
        assert cal.add(at("2025-10-18 06:00"), -H) == at("2025-10-18 05:00")
        assert cal.close_of_business(day("2025-10-17")) == at("2025-10-18 06:00")
        assert cal.is_working_day(day("2025-10-17"))
        assert not cal.is_working_day(day("2025-10-18"))

    def test_overnight_and_next_morning_touch(self) -> None:
        """A night shift ending when the day shift starts is one open stretch."""
        cal = sq.BusinessCalendar.weekly(
            {"mon": "22:00-06:00", "tue": "06:00-12:00"}, zone="Asia/Shanghai"
        )
        start, end = at("2025-09-29 00:00"), at("2025-10-01 00:00")
        assert cal.open_intervals(start, end) == ((at("2025-09-29 22:00"), at("2025-09-30 12:00")),)
        assert cal.add(at("2025-09-30 05:00"), H) == at("2025-09-30 06:00")
        assert cal.add(at("2025-09-30 05:00"), 2 * H) == at("2025-09-30 07:00")


class TestBetween:
    @pytest.mark.parametrize(
        ("a", "b", "open_time"),
        [
            ("2025-09-29 00:00", "2025-09-30 00:00", 6.5 * H),  # a whole Monday
            ("2025-09-29 11:00", "2025-09-29 14:00", 1.5 * H),  # over lunch
            ("2025-09-29 12:10", "2025-09-29 13:20", timedelta(0)),  # inside lunch
            ("2025-09-29 10:00", "2025-09-29 10:00", timedelta(0)),
            ("2025-09-30 16:00", "2025-10-09 10:00", 2 * H),  # over National Day (Mon-Fri)
            ("2025-09-29 14:00", "2025-09-29 11:00", -1.5 * H),  # b before a: negative
            ("2025-09-29 09:00", "2025-09-29 09:00:00.000001", US),  # exact to the µs
        ],
    )
    def test_desk(self, a: str, b: str, open_time: timedelta) -> None:
        """Open time in [a, b) on the Monday-Friday desk."""
        assert desk().between(at(a), at(b)) == open_time

    def test_instants_in_any_zone(self) -> None:
        """Instants in UTC and New York mean the same moments as in Shanghai."""
        a = at("2025-09-29 01:00", UTC)  # 09:00 Shanghai
        b = at("2025-09-29 02:00", ZoneInfo("America/New_York"))  # 14:00 Shanghai
        assert desk().between(a, b) == 3.5 * H


class TestNextOpenPreviousClose:
    @pytest.mark.parametrize(
        ("t", "next_open", "previous_close"),
        [
            ("2025-09-29 10:00", "2025-09-29 10:00", "2025-09-29 10:00"),  # open: itself
            ("2025-09-29 09:00", "2025-09-29 09:00", "2025-09-29 09:00"),  # a start is open
            ("2025-09-29 12:00", "2025-09-29 13:30", "2025-09-29 12:00"),  # an end is closed
            ("2025-09-29 12:45", "2025-09-29 13:30", "2025-09-29 12:00"),
            ("2025-09-29 08:00", "2025-09-29 09:00", "2025-09-28 17:00"),  # make-up Sunday
            ("2025-10-03 10:00", "2025-10-09 09:00", "2025-09-30 17:00"),  # inside the break
        ],
    )
    def test_desk(self, t: str, next_open: str, previous_close: str) -> None:
        """next_open and previous_close return t when open, else the nearest edge."""
        cal = desk()
        assert cal.next_open(at(t)) == at(next_open)
        assert cal.previous_close(at(t)) == at(previous_close)

    def test_across_a_year_end(self) -> None:
        """Searches cross into the next or previous year's compiled timeline."""
        cal = desk()
        assert cal.next_open(at("2025-12-31 18:00")) == at("2026-01-04 09:00")  # make-up Sunday
        assert cal.previous_close(at("2026-01-01 10:00")) == at("2025-12-31 17:00")


class TestOpenIntervals:
    def test_day_with_lunch(self) -> None:
        """A Monday's two windows."""
        got = desk().open_intervals(at("2025-09-29 00:00"), at("2025-09-30 00:00"))
        assert got == (
            (at("2025-09-29 09:00"), at("2025-09-29 12:00")),
            (at("2025-09-29 13:30"), at("2025-09-29 17:00")),
        )

    def test_clipped_to_the_range(self) -> None:
        """Stretches are clipped to [start, end)."""
        got = desk().open_intervals(at("2025-09-29 10:00"), at("2025-09-29 14:00"))
        assert got == (
            (at("2025-09-29 10:00"), at("2025-09-29 12:00")),
            (at("2025-09-29 13:30"), at("2025-09-29 14:00")),
        )

    def test_empty(self) -> None:
        """Nothing over a holiday, and nothing when end is not after start."""
        cal = desk()
        assert cal.open_intervals(at("2025-10-01 00:00"), at("2025-10-09 00:00")) == ()
        assert cal.open_intervals(at("2025-09-29 14:00"), at("2025-09-29 10:00")) == ()

    def test_touching_stretches_are_joined(self) -> None:
        """Windows meeting at midnight are one stretch, even over a year end."""
        hotline = sq.BusinessCalendar.always_open(zone="Asia/Shanghai")
        a, b = at("2025-12-30 12:00"), at("2026-01-02 12:00")
        assert hotline.open_intervals(a, b) == ((a, b),)

    def test_sum_is_between(self) -> None:
        """The stretches add up to between()."""
        cal = branch()
        a, b = at("2025-09-20 10:00"), at("2025-10-20 10:00")
        total = sum((e - s for s, e in cal.open_intervals(a, b)), timedelta(0))
        assert total == cal.between(a, b)


class TestZones:
    def test_zone_as_name_or_tzinfo(self) -> None:
        """An IANA name and the ZoneInfo it names give the same calendar."""
        by_name = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai")
        by_object = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=SH)
        assert by_name.zone == SH
        assert by_name == by_object
        t = at("2025-09-29 16:00")
        assert by_name.add(t, 2 * H) == by_object.add(t, 2 * H) == at("2025-09-30 10:00")

    def test_fixed_offset_tzinfo(self) -> None:
        """A fixed-offset timezone works like a zone without DST."""
        cst = timezone(timedelta(hours=8))
        cal = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=cst)
        assert cal.add(at("2025-09-29 16:00"), 2 * H) == at("2025-09-30 10:00")
        assert cal.add(at("2025-09-29 16:00"), 2 * H).tzinfo is cst

    def test_utc_instants_are_read_in_the_calendars_zone(self) -> None:
        """01:00 UTC is 09:00 in Shanghai: open; 09:00 UTC is 17:00 there: closed."""
        cal = desk()
        assert cal.is_open(at("2025-09-29 01:00", UTC))
        assert not cal.is_open(at("2025-09-29 09:00", UTC))
        # 16:30 UTC on Saturday 09-27 is 00:30 on Sunday 09-28 in Shanghai: a make-up day
        assert cal.is_working_day(at("2025-09-27 16:30", UTC))
        assert not cal.is_working_day(day("2025-09-27"))

    def test_name_and_repr(self) -> None:
        """A calendar carries its name; repr shows hours, zone and holiday data."""
        cal = branch(name="shenzhen-branch", years=range(2024, 2027))
        text = repr(cal)
        assert "'shenzhen-branch'" in text
        assert "Asia/Shanghai" in text
        assert "holidays" in text
        assert "(2024, 2026)" in text
        assert cal.with_name("sz").name == "sz"
        assert cal.with_name("sz").add(at("2025-09-29 16:00"), H) == at("2025-09-29 17:00")


class TestCostFollowsTheWork:
    """Issue 13: asking about 1500 after 2025 compiled every year in between (4-10 s)."""

    @pytest.mark.parametrize(
        "ask",
        [
            lambda c: c.is_open(at("1500-03-05 10:00")),
            lambda c: c.is_working_day(day("1500-03-05")),
            lambda c: c.add(at("1500-03-05 10:00"), timedelta(hours=20)),
            lambda c: c.working_day_deadline(at("1500-03-05 10:00"), 5),
            lambda c: c.between(at("3000-03-05 10:00"), at("3000-03-12 10:00")),
        ],
    )
    def test_far_from_the_compiled_years(
        self, ask: Callable[[sq.BusinessCalendar], object]
    ) -> None:
        """A computation far from the compiled years compiles only the years it needs."""
        cal = desk()
        cal.is_open(at("2025-03-03 10:00"))
        ask(cal)
        assert len(cal._index._blocks) <= 3  # 2025, and the far year (and its neighbour)

    @pytest.mark.parametrize(
        ("ask", "match"),
        [
            (
                lambda c: c.add(at("2025-03-03 10:00"), timedelta(days=36_500)),
                r"^add: no answer from the year 2025 to 2145, the 120 years one calendar "
                r"computation spans \(the longest period a rulebook writes is 1,200 months\)",
            ),
            (
                lambda c: c.add(at("2025-03-03 10:00"), -timedelta(days=36_500)),
                r"^add: no answer from the year 2025 to 1905",
            ),
            (
                lambda c: c.add_working_days(day("2025-03-03"), 2_000_000),
                r"^add_working_days: no answer from the year 2025 to 2145",
            ),
            (
                lambda c: c.between(at("2025-03-03 10:00"), at("5025-03-03 10:00")),
                r"^between: the years 2025\.\.5025 are more than the 120 years",
            ),
            (
                lambda c: c.working_days_between(day("1800-01-01"), day("2025-03-03")),
                r"^working_days_between: the years 1800\.\.2025 are more than the 120 years",
            ),
            (
                lambda c: c.open_intervals(at("2025-03-03 10:00"), at("2400-03-03 10:00")),
                r"^open_intervals: the years 2025\.\.2400 are more than the 120 years",
            ),
        ],
    )
    def test_a_reach_of_centuries_is_refused(
        self, ask: Callable[[sq.BusinessCalendar], object], match: str
    ) -> None:
        """A computation reaching more than 120 years from its start is refused once it
        has compiled them (about half a second), not after compiling up to every year
        to 9998 one by one (a minute: the fuzz suite's time law)."""
        cal = desk()
        with pytest.raises(sq.CalendarError, match=match):
            ask(cal)
        assert len(cal._index._blocks) <= 125

    def test_the_longest_rulebook_period_is_within_reach(self) -> None:
        """1,200 months (the grammar's cap), their budget, and 10,000 working days fit."""
        cal, t = desk(), at("2025-12-31 10:00")
        assert sq.Target.months(1_200).deadline(t, cal) == at("2125-12-31 17:00")
        assert sq.Target.months(1_200).budget(t, cal) > timedelta(days=6_000)
        assert sq.Target.working_days(10_000).deadline(t, cal).year == 2066

    def test_far_answers_equal_a_fresh_calendar(self) -> None:
        """The far timeline has its own origin; its answers are those of a fresh calendar."""
        used, fresh = desk(), desk()
        used.is_open(at("2025-03-03 10:00"))
        t = at("1500-03-05 10:00")
        assert used.add(t, timedelta(hours=20)) == fresh.add(t, timedelta(hours=20))
        assert used.between(t, at("1500-04-01 10:00")) == fresh.between(t, at("1500-04-01 10:00"))
