"""svcquality.calendars: holiday sources, make-up working days and per-date overrides.

The China cases read like the State Council notice for National Day 2025
(国庆节、中秋节：10月1日至8日放假调休，共8天。9月28日（周日）、10月11日（周六）上班).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

import svcquality as sq
from svcquality.calendars._calendar import WeeklyRules
from svcquality.calendars._hours import WeeklyHours

from .common import (
    DESK_HOURS,
    NY,
    assert_closed_days,
    assert_shut_days,
    assert_working_days,
    at,
    branch,
    day,
    desk,
)

H = timedelta(hours=1)


class TestHolidaySource:
    def test_parse(self) -> None:
        """'US-NY' is a country and a subdivision; 'CN' a country alone."""
        assert sq.HolidaySource.parse("US-NY") == sq.HolidaySource("US", "NY")
        assert sq.HolidaySource.parse("CN") == sq.HolidaySource("CN")

    def test_describe_names_the_data_and_its_version(self) -> None:
        """describe() says which package version and code supplied the holidays."""
        text = sq.HolidaySource("US", "NY").describe()
        assert text.startswith("holidays ")
        assert text.endswith(": US-NY")
        assert sq.HolidaySource("CN").version in text

    def test_china_2025_national_day(self) -> None:
        """The package lists the holidays on working days, and the make-up weekend days."""
        year = sq.HolidaySource("CN").year(2025)
        october = sorted(d.isoformat() for d in year.closed if d.month == 10)
        assert october == [
            "2025-10-01",
            "2025-10-02",
            "2025-10-03",
            "2025-10-06",
            "2025-10-07",
            "2025-10-08",
        ]
        assert {day("2025-09-28"), day("2025-10-11")} <= year.makeup

    def test_year_is_cached(self) -> None:
        """A year is read from the package once."""
        source = sq.HolidaySource("CN")
        assert source.year(2025) is source.year(2025)

    def test_financial_market(self) -> None:
        """financial=True reads a market calendar: NYSE closes on Good Friday 2025."""
        nyse = sq.HolidaySource("NYSE", financial=True)
        assert day("2025-04-18") in nyse.year(2025).closed
        assert day("2025-04-18") not in sq.HolidaySource("US").year(2025).closed

    def test_calendar_names_its_holiday_data(self) -> None:
        """A calendar says which holiday data it applies, or 'none'."""
        assert branch().holiday_data == sq.HolidaySource("CN").describe()
        assert sq.BusinessCalendar.always_open().holiday_data == "none"
        assert branch().holiday_sources == (sq.HolidaySource("CN"),)


class TestChinaNationalDay2025:
    def test_makeup_sunday_works_with_mondays_hours(self) -> None:
        """2025-09-28, a Sunday, is a working day with Monday's split shift."""
        cal = desk()
        assert_working_days(cal, "2025-09-28")
        assert cal.is_open(at("2025-09-28 09:00"))
        assert not cal.is_open(at("2025-09-28 12:30"))  # Monday's lunch break applies
        assert cal.close_of_business(day("2025-09-28")) == at("2025-09-28 17:00")
        assert cal.between(at("2025-09-28 00:00"), at("2025-09-29 00:00")) == 6.5 * H

    def test_holiday_week_is_closed_on_a_weekday_calendar(self) -> None:
        """2025-10-01 to 10-08 are all closed on a Monday-Friday calendar."""
        cal = desk()
        assert_closed_days(cal, *(f"2025-10-0{n}" for n in range(1, 9)))
        assert cal.between(at("2025-10-01 00:00"), at("2025-10-09 00:00")) == timedelta(0)
        assert cal.next_open(at("2025-09-30 17:00")) == at("2025-10-09 09:00")

    def test_makeup_saturday_works(self) -> None:
        """2025-10-11, a Saturday, works; the Sunday after it does not."""
        cal = desk()
        assert_working_days(
            cal, "2025-09-29", "2025-09-30", "2025-10-09", "2025-10-10", "2025-10-11"
        )
        assert_closed_days(cal, "2025-10-12", "2025-09-27")

    def test_saturday_branch_takes_mondays_hours_on_a_makeup_saturday(self) -> None:
        """A branch open Saturday mornings works a full Monday on 2025-10-11."""
        assert branch().close_of_business(day("2025-10-11")) == at("2025-10-11 17:00")
        assert branch().close_of_business(day("2025-10-18")) == at("2025-10-18 12:00")

    def test_weekend_inside_the_break_is_closed_on_a_saturday_calendar(self) -> None:
        """10-04, a Saturday inside 放假10月1日至8日, is shut although the package lists
        only 10-01..03 and 10-06..08: the break is closed whole (failed before issue 12)."""
        assert not branch().is_open(at("2025-10-04 10:00"))
        assert not branch().is_working_day(day("2025-10-04"))
        assert branch().holiday_break(day("2025-10-04")) == (day("2025-10-01"), day("2025-10-08"))

    def test_holiday_hours_weekly_keeps_saturday_hours_inside_the_break(self) -> None:
        """holiday_hours='weekly': the break's Saturday keeps its hours, holidays stay shut."""
        cal = branch(holiday_hours="weekly")
        assert cal.is_open(at("2025-10-04 10:00"))
        assert not cal.is_open(at("2025-10-03 10:00"))
        assert not cal.is_working_day(day("2025-10-04"))  # open, but no 工作日

    def test_makeup_hours_option(self) -> None:
        """makeup_hours='sat' gives make-up days Saturday's hours instead."""
        cal = branch(makeup_hours="sat")
        assert cal.close_of_business(day("2025-09-28")) == at("2025-09-28 12:00")

    def test_spring_festival_2025(self) -> None:
        """Spring Festival 2025: 01-28 to 02-04 off; 01-26 (Sun) and 02-08 (Sat) work."""
        cal = desk()
        assert_closed_days(cal, "2025-01-28", "2025-01-29", "2025-02-03", "2025-02-04")
        assert_working_days(cal, "2025-01-26", "2025-02-05", "2025-02-08")


class TestUSThanksgiving:
    @pytest.fixture(name="us")
    def us_fixture(self) -> sq.BusinessCalendar:
        return sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-17:00"}, zone="America/New_York", holidays="US"
        )

    def test_thanksgiving_is_closed(self, us: sq.BusinessCalendar) -> None:
        """Thanksgiving 2025 (Thursday 11-27) is closed; the Friday after is open."""
        assert_closed_days(us, "2025-11-27")
        assert_working_days(us, "2025-11-26", "2025-11-28")

    def test_add_skips_thanksgiving(self, us: sq.BusinessCalendar) -> None:
        """Two business hours from Wednesday 16:00 end Friday 10:00."""
        start = at("2025-11-26 16:00", NY)
        assert us.add(start, 2 * H) == at("2025-11-28 10:00", NY)
        assert us.between(start, at("2025-11-28 10:00", NY)) == 2 * H
        assert us.working_day_deadline(at("2025-11-26 10:00", NY), 1) == at("2025-11-28 17:00", NY)

    def test_subdivision_adds_its_own_holidays(self) -> None:
        """US-NY also closes on Election Day 2025 (11-04); plain US does not."""
        ny = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=NY, holidays="US-NY")
        us = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=NY, holidays="US")
        assert_closed_days(ny, "2025-11-04")
        assert_working_days(us, "2025-11-04")

    def test_holiday_source_object(self) -> None:
        """A HolidaySource may be passed instead of a code."""
        cal = sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-17:00"}, zone=NY, holidays=sq.HolidaySource("US")
        )
        assert_closed_days(cal, "2025-11-27")


class TestOverrides:
    def test_closed_dates(self) -> None:
        """An extra closed date (a branch closed for renovation) closes that day only."""
        cal = desk(closed_dates=["2025-09-29", day("2025-09-30")])
        assert_closed_days(cal, "2025-09-29", "2025-09-30")
        assert_working_days(cal, "2025-09-26")
        assert cal.next_open(at("2025-09-29 10:00")) == at("2025-10-09 09:00")

    def test_working_dates(self) -> None:
        """An extra working date opens with the make-up weekday's (Monday's) hours."""
        cal = desk(working_dates=["2025-10-05"])
        assert_working_days(cal, "2025-10-05")
        assert cal.open_intervals(at("2025-10-05 00:00"), at("2025-10-06 00:00")) == (
            (at("2025-10-05 09:00"), at("2025-10-05 12:00")),
            (at("2025-10-05 13:30"), at("2025-10-05 17:00")),
        )

    def test_working_date_reopens_a_holiday(self) -> None:
        """working_dates beats the holiday source: 10-08 opens when a host says so."""
        cal = desk(working_dates=["2025-10-08"])
        assert_working_days(cal, "2025-10-08")

    def test_closed_date_closes_a_makeup_day(self) -> None:
        """closed_dates beats a make-up working day of the holiday source."""
        assert_closed_days(desk(closed_dates=["2025-09-28"]), "2025-09-28")

    def test_special_hours(self) -> None:
        """special_hours replace everything else for that date, holiday or not."""
        cal = desk(
            special_hours={
                "2025-12-31": "09:00-12:00",  # year-end closing: mornings only
                day("2025-10-01"): "10:00-11:00",  # a duty hour on National Day
                "2025-10-09": "closed",
            }
        )
        assert cal.close_of_business(day("2025-12-31")) == at("2025-12-31 12:00")
        assert cal.between(at("2025-10-01 00:00"), at("2025-10-02 00:00")) == H
        assert_shut_days(cal, "2025-10-09")
        # Hours never make a working day: 10-09 still counts, 10-01 still does not.
        assert_working_days(cal, "2025-10-09")
        assert_closed_days(cal, "2025-10-01")
        assert cal.end_of_working_day(day("2025-10-09")) == at("2025-10-10 00:00")

    def test_rules_precedence(self) -> None:
        """WeeklyRules keeps the overrides as data, in the order the docstring gives."""
        rules = WeeklyRules(
            WeeklyHours.parse(DESK_HOURS),
            closed_dates=frozenset({day("2025-09-29")}),
        )
        assert rules.windows_for(day("2025-09-29"), {}, in_break=False) == ()
        assert (
            rules.windows_for(day("2025-09-30"), {}, in_break=False)
            == WeeklyHours.parse(DESK_HOURS).days[1]
        )
        assert rules.windows_for(day("2025-09-30"), {}, in_break=True) == ()


class TestTrustedYears:
    def test_inside_the_years(self) -> None:
        """Inside years=range(2024, 2027) everything works as without the bound."""
        cal = desk(years=range(2024, 2027))
        assert cal.add(at("2025-09-30 16:00"), 2 * H) == desk().add(at("2025-09-30 16:00"), 2 * H)
        assert cal.years == (2024, 2026)
        assert desk(years=(2024, 2026)).years == (2024, 2026)

    @pytest.mark.parametrize(
        "call",
        [
            lambda c: c.is_open(at("2027-01-04 10:00")),
            lambda c: c.add(at("2026-12-31 16:00"), 2 * H),  # the result is past 2026
            lambda c: c.add(at("2024-01-02 10:00"), -10 * H),  # the result is before 2024
            lambda c: c.between(at("2026-12-31 10:00"), at("2027-01-05 10:00")),
            lambda c: c.next_open(at("2026-12-31 18:00")),
            lambda c: c.previous_close(at("2024-01-01 08:00")),
            lambda c: c.is_working_day(day("2023-12-29")),
            lambda c: c.add_working_days(day("2026-12-30"), 3),
            lambda c: c.close_of_business(day("2027-01-04")),
            lambda c: c.working_day_deadline(at("2026-12-30 10:00"), 5),
            lambda c: c.deemed_receipt_day(at("2026-12-31 18:00")),
            lambda c: c.open_intervals(at("2026-12-31 00:00"), at("2027-01-02 00:00")),
        ],
    )
    def test_past_the_years_is_an_error(
        self, call: Callable[[sq.BusinessCalendar], object]
    ) -> None:
        """Reaching outside the trusted years raises, naming the years and the fix."""
        cal = desk(years=range(2024, 2027))
        with pytest.raises(
            sq.UntrustedYearError, match=r"trusted years 2024\.\.2026.*extend years="
        ):
            call(cal)

    def test_untrusted_year_error_is_a_value_error(self) -> None:
        """A host may catch it as CalendarError, SvcQualityError or ValueError."""
        assert issubclass(sq.UntrustedYearError, sq.CalendarError)
        assert issubclass(sq.UntrustedYearError, ValueError)
        assert issubclass(sq.UntrustedYearError, sq.SvcQualityError)
