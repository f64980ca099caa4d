"""svcquality.calendars._hours: windows and weekly hours read from plain text."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import time, timedelta
from time import perf_counter

import pytest
from hypothesis import given, settings

from svcquality import testing
from svcquality.calendars import WeeklyHours, Window
from svcquality.calendars._hours import parse_windows
from svcquality.errors import CalendarError

H = timedelta(hours=1)
M = timedelta(minutes=1)


class TestWindowParse:
    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("09:00-12:00", 9 * H, 12 * H),
            ("13:30-17:00", 13 * H + 30 * M, 17 * H),
            (" 9:00 - 12:00 ", 9 * H, 12 * H),  # spaces and a one-digit hour
            ("08:00–12:00", 8 * H, 12 * H),  # an en dash, as typed in notices
            ("08:00~12:00", 8 * H, 12 * H),  # a tilde, as in 08:00~12:00
            ("09:00:30-10:00", 9 * H + 30 * timedelta(seconds=1), 10 * H),  # seconds
            ("17:00-24:00", 17 * H, 24 * H),  # 24:00 ends the day
            ("00:00-24:00", timedelta(0), 24 * H),  # the whole day
            ("22:00-06:00", 22 * H, 30 * H),  # overnight: ends 06:00 the next day
            ("12:00-12:00+1", 12 * H, 36 * H),  # a full 24 hours, written explicitly
            ("17:00-09:00", 17 * H, 33 * H),  # 16 hours, the longest implicit overnight
            ("11:00-01:00", 11 * H, 25 * H),  # 14 hours: overnight, whatever side of noon
            ("13:00-12:00+1", 13 * H, 36 * H),  # 23 hours: only with "+1"
            ("12:00-00:00", 12 * H, 24 * H),  # ending at midnight is ending at 24:00
            ("09:00-08:00+1", 9 * H, 32 * H),  # a 23-hour shift, said explicitly
        ],
    )
    def test_reads(self, text: str, start: timedelta, end: timedelta) -> None:
        """Each text reads as the offsets from the midnight of its day."""
        assert Window.parse(text) == Window(start, end)

    def test_overnight_belongs_to_the_day_it_starts(self) -> None:
        """22:00-06:00 is one 8-hour window that runs into the next day."""
        w = Window.parse("22:00-06:00")
        assert w.overnight
        assert w.length == 8 * H
        assert not Window.parse("09:00-24:00").overnight

    @pytest.mark.parametrize(
        "text", ["09:00-12:00", "22:00-06:00", "09:00-08:00+1", "17:00-24:00", "09:00:30-10:00"]
    )
    def test_repr_pastes_back(self, text: str) -> None:
        """repr() is code that builds an equal window; str() is the text itself."""
        w = Window.parse(text)
        assert str(w) == text
        assert eval(repr(w), {"Window": Window}) == w

    def test_from_times(self) -> None:
        """from_times reads an end at or before the start as the next day."""
        assert Window.from_times(time(9), time(17)) == Window.parse("09:00-17:00")
        assert Window.from_times(time(22), time(6)) == Window.parse("22:00-06:00")
        assert Window.from_times(time(0), time(0)) == Window(timedelta(0), 24 * H)

    def test_windows_order_by_start(self) -> None:
        """Windows sort by start, so a day's windows read in order."""
        assert sorted([Window.parse("13:30-17:00"), Window.parse("09:00-12:00")]) == [
            Window.parse("09:00-12:00"),
            Window.parse("13:30-17:00"),
        ]


class TestParseWindows:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("closed", ()),
            ("", ()),  # nothing written: closed
            ("休息", ()),  # "rest day", as a notice says
            ("24h", ("00:00-24:00",)),
            ("全天", ("00:00-24:00",)),  # "all day"
            ("13:30-17:00, 09:00-12:00", ("09:00-12:00", "13:30-17:00")),  # sorted
            ("09:00-12:00，13:30-17:00", ("09:00-12:00", "13:30-17:00")),  # full-width comma
            (
                ["09:00-10:00, 11:00-12:00", "13:00-14:00"],
                ("09:00-10:00", "11:00-12:00", "13:00-14:00"),
            ),
            ("09:00-12:00, 12:00-13:00", ("09:00-12:00", "12:00-13:00")),  # touching is fine
        ],
    )
    def test_reads(self, value: object, expected: tuple[str, ...]) -> None:
        """A day's windows: text, a list of texts, '24h' or 'closed'."""
        assert parse_windows(value, where="hours") == tuple(Window.parse(e) for e in expected)

    def test_window_objects(self) -> None:
        """Window objects pass through, alone or in a list."""
        w = Window.parse("09:00-12:00")
        assert parse_windows(w, where="hours") == (w,)
        assert parse_windows([w, "13:00-14:00"], where="hours") == (w, Window.parse("13:00-14:00"))


class TestGrammarBounds:
    """Issue 13: hours text is capped in length, read in linear time, NFKC first."""

    @pytest.mark.parametrize(
        ("read", "text", "cap"),
        [
            (Window.parse, "09:00-12:00" + " " * 2000 + "x", 100),
            (Window.parse, "x" * 1_000_000, 100),
            (lambda t: parse_windows(t, where="hours"), "09:00-12:00, " * 100_000, 1000),
        ],
    )
    def test_long_text_is_refused_before_reading(
        self, read: Callable[[str], object], text: str, cap: int
    ) -> None:
        """A window reads 100 characters, a day's windows 1000; the message stays short."""
        start = perf_counter()
        with pytest.raises(
            CalendarError, match=rf"is {len(text)} characters long, more than the {cap}"
        ) as info:
            read(text)
        assert perf_counter() - start < 1
        assert len(str(info.value)) < 400

    @pytest.mark.parametrize(
        "text",
        ["0" * 1000, "09:00-" * 166, "9" + ":" * 999, ", " * 500, "09:00-12:00 " * 83],
    )
    def test_worst_cases_within_the_cap_are_fast(self, text: str) -> None:
        start = perf_counter()
        with contextlib.suppress(CalendarError):
            parse_windows(text, where="hours")
        assert perf_counter() - start < 0.5

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("０９：００－１２：００", "09:00-12:00"),  # fullwidth digits, colon and hyphen
            ("09:00\u201312:00", "09:00-12:00"),  # an en dash from a word processor
        ],
    )
    def test_look_alikes_read_after_nfkc(self, text: str, expected: str) -> None:
        assert Window.parse(text) == Window.parse(expected)


class TestWeeklyHoursParse:
    def test_ranges_and_single_days(self) -> None:
        """'mon-fri' covers five days, 'sat' one; days not named are closed."""
        hours = WeeklyHours.parse({"mon-fri": "09:00-12:00, 13:30-17:00", "sat": "09:00-12:00"})
        assert hours.to_mapping() == {
            "mon": "09:00-12:00, 13:30-17:00",
            "tue": "09:00-12:00, 13:30-17:00",
            "wed": "09:00-12:00, 13:30-17:00",
            "thu": "09:00-12:00, 13:30-17:00",
            "fri": "09:00-12:00, 13:30-17:00",
            "sat": "09:00-12:00",
            "sun": "closed",
        }

    def test_day_overrides_range_overrides_daily(self) -> None:
        """A single day beats a range, and a range beats 'daily', in any key order."""
        hours = WeeklyHours.parse(
            {"sun": "closed", "weekends": "10:00-16:00", "daily": "08:00-20:00"}
        )
        mapping = hours.to_mapping()
        assert mapping["mon"] == "08:00-20:00"
        assert mapping["sat"] == "10:00-16:00"
        assert mapping["sun"] == "closed"

    @pytest.mark.parametrize(
        ("key", "open_days"),
        [
            ("fri-mon", {"fri", "sat", "sun", "mon"}),  # a range may wrap the week
            ("weekdays", {"mon", "tue", "wed", "thu", "fri"}),
            ("weekends", {"sat", "sun"}),
            ("daily", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}),
            ("Mon", {"mon"}),  # keys are not case-sensitive
            ("wed-wed", {"wed"}),
        ],
    )
    def test_keys(self, key: str, open_days: set[str]) -> None:
        """Each key names the weekdays it covers."""
        mapping = WeeklyHours.parse({key: "09:00-10:00"}).to_mapping()
        assert {d for d, v in mapping.items() if v != "closed"} == open_days

    def test_overnight_up_to_the_next_days_opening(self) -> None:
        """A night shift may end exactly when the next day's window starts."""
        hours = WeeklyHours.parse({"mon": "22:00-06:00", "tue": "06:00-12:00"})
        assert hours.days[0] == (Window.parse("22:00-06:00"),)

    def test_always(self) -> None:
        """always() is 24 hours on each of the seven days."""
        assert WeeklyHours.always() == WeeklyHours.parse({"daily": "24h"})
        assert not WeeklyHours.always().is_empty
        assert WeeklyHours.parse({}).is_empty

    @given(testing.weekly_hours())
    @settings(max_examples=50)
    def test_to_mapping_round_trips(self, spec: dict[str, str]) -> None:
        """to_mapping() reads back to equal hours."""
        hours = WeeklyHours.parse(spec)
        assert WeeklyHours.parse(hours.to_mapping()) == hours


class TestWeeklyHoursFormat:
    """WeeklyHours.format: the shortest plain form, which parse reads back equal."""

    @pytest.mark.parametrize(
        ("spec", "plain"),
        [
            ({"daily": "24h"}, "24x7"),  # open all the time: the rulebook's '24x7'
            ({"daily": "09:00-17:00"}, {"daily": "09:00-17:00"}),
            (  # runs of equal weekdays grouped, closed days left out
                {"mon-fri": "09:00-12:00, 13:30-17:00", "sat": "09:00-12:00"},
                {"mon-fri": "09:00-12:00, 13:30-17:00", "sat": "09:00-12:00"},
            ),
            (  # a run is only of neighbours: mon and wed stay apart
                {"mon": "09:00-17:00", "wed": "09:00-17:00"},
                {"mon": "09:00-17:00", "wed": "09:00-17:00"},
            ),
            ({"fri": "22:00-06:00"}, {"fri": "22:00-06:00"}),  # overnight
        ],
    )
    def test_format(self, spec: dict[str, str], plain: object) -> None:
        """The plain form of the hours, as a rulebook dump writes it."""
        assert WeeklyHours.parse(spec).format() == plain

    @pytest.mark.parametrize("text", ["24x7", "7x24", "7×24", " 24X7 "])
    def test_parse_reads_24x7(self, text: str) -> None:
        """Every spelling of seven-by-twenty-four is always open."""
        assert WeeklyHours.parse(text) == WeeklyHours.always()

    def test_parse_refuses_other_text(self) -> None:
        """Only the 24x7 spellings are text; other hours are a mapping."""
        with pytest.raises(CalendarError, match="expected a mapping of weekday keys"):
            WeeklyHours.parse("09:00-17:00")

    @given(testing.weekly_hours())
    @settings(max_examples=100)
    def test_format_round_trips(self, spec: dict[str, str]) -> None:
        """parse(format(h)) == h for any weekly hours."""
        hours = WeeklyHours.parse(spec)
        assert WeeklyHours.parse(hours.format()) == hours
