"""svcquality.calendars: every bad input raises an error that names the value,
where it was and the fix, and that is both ``SvcQualityError`` and ``ValueError``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo

import pytest

import svcquality as sq
from svcquality.calendars import WeeklyHours, Window
from svcquality.errors import ParameterError

from .common import SH, UTC, at, desk

H = timedelta(hours=1)
NAIVE = datetime(2025, 9, 29, 10, 0)  # noqa: DTZ001 (the point of these tests)
AWARE = at("2025-09-29 10:00")
AT_2025 = at("2025-03-03 10:00")  # a Monday


def weekly(hours: object, **kwargs: object) -> sq.BusinessCalendar:
    return sq.BusinessCalendar.weekly(hours, zone=kwargs.pop("zone", "UTC"), **kwargs)  # type: ignore[arg-type]


def raises(
    error: type[Exception], match: str, call: Callable[[], object]
) -> pytest.ExceptionInfo[Exception]:
    """``call`` raises ``error`` matching ``match``; it is a SvcQualityError and a ValueError."""
    with pytest.raises(error, match=match) as info:
        call()
    assert isinstance(info.value, sq.SvcQualityError)
    assert isinstance(info.value, ValueError)
    return info


class _NoOffset(tzinfo):
    """A tzinfo that knows no offset: a datetime carrying it is naive after all."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


class TestNaiveDatetimes:
    @pytest.mark.parametrize(
        ("where", "call"),
        [
            ("is_open", lambda c: c.is_open(NAIVE)),
            ("next_open", lambda c: c.next_open(NAIVE)),
            ("previous_close", lambda c: c.previous_close(NAIVE)),
            (r"add\(t, d\): t", lambda c: c.add(NAIVE, H)),
            (r"between\(a, b\): a", lambda c: c.between(NAIVE, AWARE)),
            (r"between\(a, b\): b", lambda c: c.between(AWARE, NAIVE)),
            ("open_intervals", lambda c: c.open_intervals(NAIVE, AWARE)),
            ("is_working_day", lambda c: c.is_working_day(NAIVE)),
            ("add_working_days", lambda c: c.add_working_days(NAIVE, 1)),
            ("close_of_business", lambda c: c.close_of_business(NAIVE)),
            ("deemed_receipt_day", lambda c: c.deemed_receipt_day(NAIVE)),
            ("working_day_deadline", lambda c: c.working_day_deadline(NAIVE, 1)),
        ],
    )
    def test_every_method(self, where: str, call: Callable[[sq.BusinessCalendar], object]) -> None:
        """Each method refuses a naive datetime, names the argument and says how to fix it."""
        info = raises(
            sq.NaiveDatetimeError,
            rf"{where}.*naive datetime.*replace\(tzinfo=",
            lambda: call(desk()),
        )
        assert "2025-09-29T10:00:00" in str(info.value)  # names the value

    def test_caught_as_value_error(self) -> None:
        """A host may catch it as a plain ValueError."""
        with pytest.raises(ValueError, match="naive"):
            desk().add(NAIVE, H)

    def test_tzinfo_without_offset(self) -> None:
        """A tzinfo whose utcoffset() is None makes a naive datetime too."""
        t = datetime(2025, 9, 29, 10, 0, tzinfo=_NoOffset())
        raises(sq.NaiveDatetimeError, "naive datetime", lambda: desk().add(t, H))

    @pytest.mark.parametrize(
        ("value", "match"),
        [
            ("2025-09-29 10:00", "must be a timezone-aware datetime, got str"),
            (date(2025, 9, 29), "a date has no time of day"),
            (1_759_111_200, "got int"),
        ],
    )
    def test_not_a_datetime(self, value: object, match: str) -> None:
        """Text, dates and numbers are not instants."""
        raises(sq.NaiveDatetimeError, match, lambda: desk().add(value, H))  # type: ignore[arg-type]


class TestWindows:
    @pytest.mark.parametrize(
        ("text", "match"),
        [
            # not overnight: it starts before noon, so it is read as a typo
            ("09:00-08:00", r"'09:00-08:00' ends before it starts.*'09:00-08:00\+1'"),
            ("14:00-13:00", "ends before it starts"),  # 23 hours overnight: a typo
            ("12:30-12:00", r"would last 23 hours 30 minutes.*'12:30-12:00\+1'"),  # same rule
            ("16:59-09:00", "would last 16 hours 1 minute,"),  # just past the 16 hours
            ("12:00-12:00", "is empty.*'24h'"),
            ("09:00", "is not a window; write 'HH:MM-HH:MM'"),
            ("9h-10h", "is not a window"),
            ("9-10", "'9' in '9-10' is not a time; write HH:MM"),
            ("25:00-26:00", "'25:00' in '25:00-26:00' is not a valid time of day"),
            ("09:60-10:00", "not a valid time of day"),
            ("24:00-10:00", "starts at 24:00.*use 00:00"),
            ("09:00-10:00+1", "longer than 24 hours; split it over two days"),
        ],
    )
    def test_bad_window_text(self, text: str, match: str) -> None:
        """Window texts that cannot be read, each with its fix; the day key is named."""
        raises(sq.CalendarError, match, lambda: Window.parse(text))
        raises(sq.CalendarError, r"hours\['mon'\]: .*" + match, lambda: weekly({"mon": text}))

    @pytest.mark.parametrize(
        ("start", "end", "match"),
        [
            (25 * H, 26 * H, "window start 1 day, 1:00:00 must be within the day"),
            (-H, H, "must be within the day"),
            (9 * H, 8 * H, "window end 8:00:00 must be after its start 9:00:00"),
            (9 * H, 34 * H, "at most 24 hours later"),
        ],
    )
    def test_bad_window_offsets(self, start: timedelta, end: timedelta, match: str) -> None:
        """Window() checks its offsets too."""
        raises(sq.CalendarError, match, lambda: Window(start, end))

    def test_overlapping_windows(self) -> None:
        """Two windows of one day that overlap, with the merge that may be meant."""
        raises(
            sq.CalendarError,
            r"hours\['mon'\]: windows 09:00-12:00 and 11:00-13:00 overlap.*09:00-13:00",
            lambda: weekly({"mon": "09:00-12:00, 11:00-13:00"}),
        )

    def test_overnight_window_overlapping_the_next_day(self) -> None:
        """A night shift running into the next day's window."""
        raises(
            sq.CalendarError,
            "mon 22:00-08:00 runs overnight into tue and overlaps its window 07:00-12:00; "
            "end the overnight window by 07:00",
            lambda: weekly({"mon": "22:00-08:00", "tue": "07:00-12:00"}),
        )

    @pytest.mark.parametrize(
        ("value", "match"),
        [
            (9, "expected windows such as '09:00-12:00, 13:30-17:00'.*got int 9"),
            (["09:00-10:00", 5], r"hours\['mon'\]\[1\]: expected a window text.*got 5"),
        ],
    )
    def test_bad_window_values(self, value: object, match: str) -> None:
        """A day's value must be text, a list of texts or Window objects."""
        raises(sq.CalendarError, match, lambda: weekly({"mon": value}))


class TestWeekdayKeys:
    def test_unknown_key_suggests_a_close_one(self) -> None:
        """A typo names the key and the likely intent."""
        raises(
            sq.CalendarError,
            "unknown weekday key 'mon-fir'.*Did you mean 'mon-fri'",
            lambda: weekly({"mon-fir": "09:00-17:00"}),
        )

    def test_unknown_key(self) -> None:
        """A key that is nothing like a weekday lists what is accepted."""
        raises(
            sq.CalendarError,
            r"unknown weekday key 'holiday'; use 'mon'..'sun', a range such as 'mon-fri'",
            lambda: weekly({"holiday": "09:00-17:00"}),
        )

    @pytest.mark.parametrize(
        ("hours", "match"),
        [
            ({"mon-fri": "09:00-17:00", "weekdays": "10:00-16:00"}, "mon is given twice"),
            ({"mon": "09:00-17:00", "Mon": "10:00-16:00"}, "by 'mon' and 'Mon'"),
            ({"daily": "09:00-17:00", "all": "10:00-16:00"}, "given twice"),
        ],
    )
    def test_duplicate_key(self, hours: dict[str, str], match: str) -> None:
        """Two keys of the same kind naming one weekday."""
        raises(sq.CalendarError, match + ".*name each weekday once", lambda: weekly(hours))

    def test_key_not_text(self) -> None:
        """Weekday keys are text."""
        raises(sq.CalendarError, "weekday keys are text.*got 1", lambda: weekly({1: "09:00-17:00"}))

    def test_hours_not_a_mapping(self) -> None:
        """Weekly hours are a mapping."""
        raises(sq.CalendarError, "expected a mapping.*got list", lambda: weekly(["mon"]))

    def test_never_open(self) -> None:
        """Hours with no window at all would never open."""
        raises(sq.CalendarError, "would never open", lambda: weekly({"daily": "closed"}))

    def test_weekly_hours_needs_seven_days(self) -> None:
        """WeeklyHours() takes exactly seven days."""
        raises(sq.CalendarError, "needs 7 days of windows, got 6", lambda: WeeklyHours(((),) * 6))


class TestZone:
    def test_unknown_zone_suggests_close_matches(self) -> None:
        """A misspelt IANA name, with the close matches."""
        raises(
            sq.CalendarError,
            "zone: 'Asia/Shangai' is not a known IANA time zone.*Close matches: Asia/Shanghai",
            lambda: weekly({"mon": "09:00-17:00"}, zone="Asia/Shangai"),
        )

    def test_not_a_zone(self) -> None:
        """A zone must be a name or a tzinfo."""
        raises(
            sq.CalendarError,
            "zone: expected an IANA name such as 'Asia/Shanghai' or a tzinfo, got 8",
            lambda: weekly({"mon": "09:00-17:00"}, zone=8),
        )
        raises(
            sq.CalendarError,
            "is not a known IANA time zone",
            lambda: sq.BusinessCalendar.always_open(zone="../etc/passwd"),
        )


class TestHolidayCodes:
    @pytest.mark.parametrize(
        ("code", "match"),
        [
            ("CNX", "unknown country code 'CNX'.*Close matches: .*CN"),
            ("cn", "unknown country code 'cn'.*Close matches: CN"),  # codes are upper case
            ("ZZ", "unknown country code 'ZZ'; use a code the holidays package supports"),
            ("US-NYY", "US has no subdivision 'NYY'; known: AK, .*Close matches: NY"),
            ("CN-GD", "CN has no subdivision 'GD'; known: none"),
        ],
    )
    def test_unknown_code(self, code: str, match: str) -> None:
        """Unknown country or subdivision, at construction, with close matches."""
        raises(sq.CalendarError, match, lambda: weekly({"mon": "09:00-17:00"}, holidays=code))

    @pytest.mark.parametrize(
        ("code", "zone", "closed"),
        [
            ("US-NY", "America/New_York", "2025-02-12"),  # Lincoln's Birthday, New York only
            ("AU-NSW", "Australia/Sydney", "2025-10-06"),  # Labour Day, not Australia-wide
        ],
    )
    def test_subdivision_examples_are_real(self, code: str, zone: str, closed: str) -> None:
        """The subdivisions the docstrings and messages give as examples exist and apply."""
        cal = weekly({"mon-fri": "09:00-17:00"}, zone=zone, holidays=code)
        assert cal.holiday_data.endswith(f": {code}")
        assert not cal.is_working_day(date.fromisoformat(closed))
        country = weekly({"mon-fri": "09:00-17:00"}, zone=zone, holidays=code[:2])
        assert country.is_working_day(date.fromisoformat(closed))

    def test_unknown_market(self) -> None:
        """An unknown financial market code."""
        raises(
            sq.CalendarError,
            "unknown financial market code 'NYSX'.*Close matches: .*NYSE",
            lambda: sq.HolidaySource("NYSX", financial=True),
        )

    def test_unknown_category(self) -> None:
        """A category the package does not know."""
        raises(
            sq.CalendarError,
            "cannot build holidays .*: US \\(nonsense\\)",
            lambda: sq.HolidaySource("US", categories=("nonsense",)),
        )

    def test_not_a_code(self) -> None:
        """holidays= takes a code, a HolidaySource or None."""
        raises(
            sq.CalendarError,
            "holidays must be a country code",
            lambda: weekly({"mon": "09:00-17:00"}, holidays=5),
        )


class TestOverrides:
    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            (
                {"closed_dates": ["2025-10-09"], "working_dates": ["2025-10-09"]},
                "2025-10-09 is in both closed_dates and working_dates",
            ),
            (
                {"special_hours": {"2025-10-09": "09:00-12:00"}, "closed_dates": ["2025-10-09"]},
                "2025-10-09 is in both special_hours and closed_dates.*remove it",
            ),
            (
                {"special_hours": {"2025-10-09": "09:00-12:00"}, "working_dates": ["2025-10-09"]},
                "in both special_hours and working_dates",
            ),
            ({"closed_dates": ["2025-13-01"]}, "closed_dates: expected a date or an ISO date text"),
            ({"working_dates": [20251001]}, "working_dates: expected a date.*got 20251001"),
            ({"closed_dates": [AWARE]}, "expected a date, got the datetime.*pass value.date()"),
            ({"special_hours": {"2025-10-09": "09:00-08:00"}}, r"special_hours\['2025-10-09'\]"),
            ({"special_hours": {"tomorrow": "09:00-12:00"}}, "special_hours key 'tomorrow'"),
            ({"makeup_hours": "monday"}, "makeup_hours must be one of mon, tue"),
            # options of the wrong type (they raised TypeError or AttributeError)
            ({"special_hours": 1.5}, r"special_hours must map a date to its hours.*got float 1\.5"),
            (
                {"special_hours": [("2025-10-09", "closed")]},
                r"special_hours must map a date to its hours.*got list \[\('2025-10-09'",
            ),
            ({"closed_dates": 5}, r"closed_dates must be a list of dates .*got int 5"),
            (
                {"closed_dates": None},
                r"closed_dates must be a list of dates .*\(or \(\) for none\)",
            ),
            ({"closed_dates": "2025-10-09"}, r"closed_dates must be a list of dates .*got str"),
            ({"working_dates": None}, r"working_dates must be a list of dates .*got NoneType"),
            ({"name": 5}, r"a calendar's name must be text such as 'branch' or None, got 5"),
            ({"name": ["branch"]}, r"a calendar's name must be text"),
        ],
    )
    def test_bad_overrides(self, kwargs: dict[str, object], match: str) -> None:
        """Contradictory or unreadable overrides."""
        raises(
            sq.CalendarError, match, lambda: weekly({"mon-fri": "09:00-17:00"}, zone=SH, **kwargs)
        )


class TestYears:
    @pytest.mark.parametrize(
        ("years", "match"),
        [
            (range(2024, 2024), "non-empty range with step 1"),
            (range(2024, 2030, 2), "non-empty range with step 1"),
            ((2026, 2024), r"a \(first, last\) pair of years, got \(2026, 2024\)"),
            ((True, 2026), "pair of years"),  # a bool is not a year
            ("2024-2026", "years must be a range"),
            ((1, 5), r"years 1\.\.5 must lie within 2\.\.9998"),
        ],
    )
    def test_bad_years(self, years: object, match: str) -> None:
        """years= is a range or a (first, last) pair within the supported years."""
        raises(sq.CalendarError, match, lambda: sq.BusinessCalendar.always_open(years=years))  # type: ignore[arg-type]

    def test_date_past_the_trusted_years(self) -> None:
        """The message names the date, the years, the holiday data and the fix."""
        cal = desk(years=range(2024, 2027))
        raises(
            sq.UntrustedYearError,
            r"the date 2027-01-04 falls outside the trusted years 2024\.\.2026 of this calendar "
            r"\(holidays .*: CN\); extend years=",
            lambda: cal.is_working_day(date(2027, 1, 4)),
        )

    @pytest.mark.parametrize(
        ("t", "shown"),
        [
            (datetime(1, 1, 2, tzinfo=UTC), "0001-01-02T08:05:43+08:05:43"),  # Shanghai's LMT
            (datetime(9999, 12, 31, tzinfo=UTC), "9999-12-31T08:00:00+08:00"),
            # a year-10000 instant in Shanghai: shown in UTC instead
            (datetime(9999, 12, 31, 20, tzinfo=UTC), "9999-12-31T20:00:00+00:00"),
        ],
    )
    def test_instant_outside_the_supported_years(self, t: datetime, shown: str) -> None:
        """Instants in year 1 or 9999 are outside what a calendar covers; the message
        names the instant, in the calendar's zone where it can be written there."""
        raises(
            sq.CalendarError,
            rf"the instant {re.escape(shown)} is outside the years 2\.\.9998 a calendar "
            r"covers; use an instant from the year 2 to 9998",
            lambda: desk().add(t, H),
        )

    @pytest.mark.parametrize(
        ("method", "call"),
        [
            ("is_working_day", lambda c, v: c.is_working_day(v)),
            ("is_open_day", lambda c, v: c.is_open_day(v)),
            ("holiday_break", lambda c, v: c.holiday_break(v)),
            ("close_of_business", lambda c, v: c.close_of_business(v)),
            ("end_of_working_day", lambda c, v: c.end_of_working_day(v)),
            ("add_working_days", lambda c, v: c.add_working_days(v, 1)),
            ("add_working_days n=0", lambda c, v: c.add_working_days(v, 0)),
            ("working_days_between a", lambda c, v: c.working_days_between(v, AWARE)),
            ("working_days_between b", lambda c, v: c.working_days_between(AWARE, v)),
        ],
    )
    @pytest.mark.parametrize(
        "value",
        [
            date(1, 1, 1),
            date(1, 12, 31),  # compiling year 1 would read a day of year 0
            date(9999, 1, 1),
            date(9999, 12, 31),  # ... and year 9999 a day of year 10000
            datetime.min.replace(tzinfo=UTC),
            datetime.min.replace(tzinfo=SH),  # before what a datetime holds in UTC
            datetime.max.replace(tzinfo=UTC),  # year 10000 in Shanghai
            datetime.max.replace(tzinfo=SH),
        ],
    )
    @pytest.mark.parametrize("calendar", [desk, lambda: desk() & sq.BusinessCalendar.always_open()])
    def test_date_queries_outside_the_supported_years(
        self,
        method: str,
        call: Callable[[sq.BusinessCalendar, object], object],
        value: date,
        calendar: Callable[[], sq.BusinessCalendar],
    ) -> None:
        """A date in year 1 or 9999 (or an instant read as one) is refused at once with
        the value and the years to use, not 'year 0 is out of range' from deep inside."""
        info = raises(
            sq.CalendarError,
            r" is outside the years 2\.\.9998 a calendar covers; use an? (date|instant) "
            r"from the year 2 to 9998",
            lambda: call(calendar(), value),
        )
        shown = value.isoformat()[:10] if type(value) is date else None
        assert shown is None or shown in str(info.value)

    @pytest.mark.parametrize(
        ("method", "call"),
        [
            ("is_open", lambda c, t: c.is_open(t)),
            ("next_open", lambda c, t: c.next_open(t)),
            ("previous_close", lambda c, t: c.previous_close(t)),
            ("add", lambda c, t: c.add(t, H)),
            ("add backwards", lambda c, t: c.add(t, -H)),
            ("add nothing", lambda c, t: c.add(t, timedelta(0))),
            ("between a", lambda c, t: c.between(t, AWARE)),
            ("between b", lambda c, t: c.between(AWARE, t)),
            ("open_intervals start", lambda c, t: c.open_intervals(t, AWARE)),
            ("open_intervals end", lambda c, t: c.open_intervals(AWARE, t)),  # empty, still refused
            ("working_day_deadline", lambda c, t: c.working_day_deadline(t, 1)),
            ("working_day_deadline n=0", lambda c, t: c.working_day_deadline(t, 0)),
            ("working_day_deadline long", lambda c, t: c.working_day_deadline(t, 1000)),
            ("period_deadline", lambda c, t: c.period_deadline(t, 1)),
            ("period_deadline months", lambda c, t: c.period_deadline(t, 1, unit="months")),
            ("deemed_receipt_day", lambda c, t: c.deemed_receipt_day(t)),
        ],
    )
    @pytest.mark.parametrize(
        "t",
        [
            datetime.min.replace(tzinfo=UTC),
            datetime.min.replace(tzinfo=SH),
            datetime(1, 12, 31, 12, tzinfo=UTC),
            datetime(9999, 1, 1, tzinfo=SH),  # 24:00 of the last covered day: no day left
            datetime.max.replace(tzinfo=UTC),
            datetime.max.replace(tzinfo=SH),
        ],
    )
    @pytest.mark.parametrize(
        "calendar",
        [
            desk,
            lambda: sq.BusinessCalendar.always_open(zone="Asia/Shanghai"),
            lambda: desk(years=range(2024, 2027)),
        ],
    )
    def test_instant_queries_outside_the_supported_years(
        self,
        method: str,
        call: Callable[[sq.BusinessCalendar, datetime], object],
        t: datetime,
        calendar: Callable[[], sq.BusinessCalendar],
    ) -> None:
        """An instant in year 1 or 9999 raises a CalendarError (UntrustedYearError on a
        calendar with trusted years) naming it, never a bare ValueError or OverflowError."""
        info = raises(sq.CalendarError, r"is outside|falls outside", lambda: call(calendar(), t))
        assert "out of range" not in str(info.value)

    def test_last_covered_day_still_answers(self) -> None:
        """The bounds are exact: 0002-01-01 and 9998-12-31 are inside."""
        cal = desk()
        assert cal.is_working_day(date(9998, 12, 31))
        assert cal.holiday_break(date(2, 1, 1)) is None
        end = cal.working_day_deadline(datetime(9998, 12, 31, 10, tzinfo=SH), 0)
        assert end == datetime(9998, 12, 31, 17, tzinfo=SH)

    @pytest.mark.parametrize(
        ("call", "match"),
        [
            (lambda c: c.add(AT_2025, timedelta.max), "would end after the end of the year 9998"),
            (lambda c: c.add(AT_2025, timedelta.min), "would end before the start of the year 2"),
            (
                lambda c: c.add(AT_2025, timedelta(days=3_000_000)),
                "would end after the end of the year 9998",
            ),
            (
                lambda c: c.working_day_deadline(AT_2025, 10**9),
                r"working_day_deadline: 1000000000 working days from 2025-03-03 end after the "
                r"year 9998",
            ),
            (
                lambda c: c.working_day_deadline(AT_2025, 10**9, counting="calendar_days"),
                "ends past the year 9998",
            ),
            (
                lambda c: c.add_working_days(date(2025, 3, 3), 10**9),
                "add_working_days: 1000000000 working days from 2025-03-03 end after the year 9998",
            ),
            (
                lambda c: c.add_working_days(date(2025, 3, 3), -(10**9)),
                "end before the year 2",
            ),
            (lambda c: c.period_deadline(AT_2025, 10**9, unit="months"), "ends past the year"),
        ],
    )
    def test_past_the_covered_years_at_once(
        self, call: Callable[[sq.BusinessCalendar], object], match: str
    ) -> None:
        """A span that cannot end within the years 2..9998 is refused from the bounds,
        before compiling a year past the one it starts in (it took tens of seconds)."""
        cal = desk()
        cal.is_open(AT_2025)
        raises(sq.CalendarError, match, lambda: call(cal))
        assert sorted(cal._index._blocks) == [2025]

    def test_running_out_of_trusted_years_forward(self) -> None:
        """Going forward past the last trusted year: wait for next year's notice."""
        cal = desk(years=range(2024, 2027))
        raises(
            sq.UntrustedYearError,
            r"add needs open time after 2026, outside the trusted years 2024\.\.2026 "
            r"\(holidays .*: CN\); extend years= to include 2027 once the holiday notice "
            r"for 2027 is in the holidays data",
            lambda: cal.add(at("2026-12-30 10:00"), 30 * 8 * H),
        )

    @pytest.mark.parametrize(
        ("what", "call"),
        [
            ("add", lambda c: c.add(at("2024-01-03 10:00"), -30 * 8 * H)),
            ("previous_close", lambda c: c.previous_close(at("2024-01-01 08:00"))),
            ("add_working_days", lambda c: c.add_working_days(date(2024, 1, 3), -5)),
        ],
    )
    def test_running_out_of_trusted_years_backward(
        self, what: str, call: Callable[[sq.BusinessCalendar], object]
    ) -> None:
        """Going backward past the first trusted year: the fix is an earlier first year
        (that year's notice is long published), not a wait for the next year's."""
        info = raises(
            sq.UntrustedYearError,
            rf"{what} needs open time before 2024, outside the trusted years 2024\.\.2026 "
            r"\(holidays .*: CN\); extend years= back to include 2023 if you trust the "
            r"holidays data for that year",
            lambda: call(desk(years=range(2024, 2027))),
        )
        assert "next year" not in str(info.value)


class TestParameters:
    @pytest.mark.parametrize(
        ("d", "match"),
        [
            (
                3600,
                "add\\(t, d\\): d must be a timedelta such as timedelta\\(hours=4\\), got int 3600",
            ),
            (1.5, "got float 1.5"),
            ("4h", "got str '4h'"),
            (None, "got NoneType None"),
        ],
    )
    def test_bad_duration(self, d: object, match: str) -> None:
        """add() takes a timedelta, nothing else."""
        raises(ParameterError, match, lambda: desk().add(AWARE, d))  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("call", "match"),
        [
            (lambda c: c.add_working_days(date(2025, 9, 29), 1.5), "n must be a whole number"),
            (lambda c: c.add_working_days(date(2025, 9, 29), True), "n must be a whole number"),
            (lambda c: c.add_working_days("2025-09-29", 1), "must be a date or an aware datetime"),
            (lambda c: c.is_working_day("2025-09-29"), r"is_working_day\(d\) must be a date.*str"),
            (
                lambda c: c.close_of_business(20250929),
                "must be a date or an aware datetime, got int",
            ),
            (
                lambda c: c.working_day_deadline(AWARE, -1),
                "n must be a whole number of working days >= 0, got -1",
            ),
            (lambda c: c.working_day_deadline(AWARE, True), "got True"),
            (lambda c: c.working_day_deadline(AWARE, 1.0), "got 1.0"),
            (
                lambda c: c.working_day_deadline(AWARE, 1, counting="business"),
                "counting must be one of working_days, receipt_day_counted, calendar_days, "
                "got 'business'",
            ),
            (
                lambda c: c.working_day_deadline(AWARE, 0, counting="receipt_day_counted"),
                "n must be at least 1",
            ),
            (
                lambda c: c.working_day_deadline(AWARE, 1, "16:00"),
                "cutoff must be a time of day such as time\\(16, 0\\), got str",
            ),
            (
                lambda c: c.working_day_deadline(AWARE, 1, time(16, tzinfo=UTC)),
                "carries a zone; give it as a wall time",
            ),
            (
                lambda c: c.deemed_receipt_day(AWARE, cutoff=16),
                "cutoff must be a time of day.*got int 16",
            ),
        ],
    )
    def test_bad_parameters(
        self, call: Callable[[sq.BusinessCalendar], object], match: str
    ) -> None:
        """Counts, dates, counting options and cut-offs are checked, with the fix."""
        raises(ParameterError, match, lambda: call(desk()))
