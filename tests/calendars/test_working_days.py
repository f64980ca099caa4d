"""svcquality.calendars: working days and working-day periods (Civil Code Art. 201-203).

"ATM差错退款5个工作日内到账": the day of receipt is not counted; a receipt on a
non-working day, at or after the cut-off, or at or after close of business
counts as received on the next working day; the period ends at the close of
business of the N-th working day after it.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest

import svcquality as sq

from .common import UTC, at, day, desk


class TestAddWorkingDays:
    @pytest.mark.parametrize(
        ("start", "n", "result"),
        [
            ("2025-09-29", 1, "2025-09-30"),
            ("2025-09-30", 1, "2025-10-09"),  # over National Day
            ("2025-09-26", 1, "2025-09-28"),  # to the make-up Sunday
            ("2025-10-09", 3, "2025-10-13"),  # via the make-up Saturday 10-11
            ("2025-10-09", -1, "2025-09-30"),  # backwards over the holiday
            ("2025-10-01", -1, "2025-09-30"),
            ("2025-09-29", 0, "2025-09-29"),  # a working day: itself
            ("2025-10-01", 0, "2025-10-09"),  # a holiday: the next working day
            ("2025-12-30", 2, "2026-01-04"),  # 12-31, then over New Year to make-up Sunday 01-04
        ],
    )
    def test_desk(self, start: str, n: int, result: str) -> None:
        """The n-th working day after a date on the Monday-Friday desk."""
        assert desk().add_working_days(day(start), n) == day(result)

    def test_aware_datetime_is_read_as_its_local_date(self) -> None:
        """16:30 UTC on 09-30 is 00:30 on 10-01 in Shanghai: a holiday."""
        assert desk().add_working_days(at("2025-09-30 16:30", UTC), 0) == day("2025-10-09")


class TestCloseOfBusiness:
    def test_working_day(self) -> None:
        """The end of the day's last window."""
        assert desk().close_of_business(day("2025-09-29")) == at("2025-09-29 17:00")

    def test_closed_day(self) -> None:
        """None on a day without windows."""
        assert desk().close_of_business(day("2025-10-01")) is None
        assert desk().close_of_business(day("2025-10-12")) is None

    def test_aware_datetime(self) -> None:
        """An instant is read as its local date in the calendar's zone."""
        assert desk().close_of_business(at("2025-09-28 20:00", UTC)) == at("2025-09-29 17:00")


class TestDeemedReceiptDay:
    @pytest.mark.parametrize(
        ("received", "deemed"),
        [
            ("2025-09-29 10:00", "2025-09-29"),  # during hours
            ("2025-09-29 07:00", "2025-09-29"),  # before opening: still that day
            ("2025-09-29 12:30", "2025-09-29"),  # at lunch: still that day
            ("2025-09-29 16:59:59.999999", "2025-09-29"),
            ("2025-09-29 17:00", "2025-09-30"),  # at close of business: next working day
            ("2025-09-29 21:00", "2025-09-30"),  # after close
            ("2025-09-30 17:30", "2025-10-09"),  # after close on the eve of National Day
            ("2025-10-04 10:00", "2025-10-09"),  # on a non-working day
            ("2025-09-27 10:00", "2025-09-28"),  # Saturday: the make-up Sunday is next
        ],
    )
    def test_without_cutoff(self, received: str, deemed: str) -> None:
        """The local date, or the next working day when received too late or on a closed day."""
        assert desk().deemed_receipt_day(at(received)) == day(deemed)

    @pytest.mark.parametrize(
        ("received", "deemed"),
        [
            ("2025-09-29 15:59", "2025-09-29"),
            ("2025-09-29 16:00", "2025-09-30"),  # at the cut-off: next working day
            ("2025-09-26 16:30", "2025-09-28"),  # Friday after the cut-off: make-up Sunday
        ],
    )
    def test_with_cutoff(self, received: str, deemed: str) -> None:
        """A receipt at or after the cut-off counts as next-day; by keyword or position."""
        assert desk().deemed_receipt_day(at(received), cutoff=time(16)) == day(deemed)
        assert desk().deemed_receipt_day(at(received), time(16)) == day(deemed)

    def test_read_in_the_calendars_zone(self) -> None:
        """09:30 UTC is 17:30 in Shanghai: after close of business there."""
        assert desk().deemed_receipt_day(at("2025-09-29 09:30", UTC)) == day("2025-09-30")


class TestWorkingDayDeadline:
    def test_five_working_days(self) -> None:
        """Received Monday 09-22: Tue, Wed, Thu, Fri and the make-up Sunday 09-28."""
        deadline = desk().working_day_deadline(at("2025-09-22 10:00"), 5)
        assert deadline == at("2025-09-28 17:00")

    def test_same_business_day(self) -> None:
        """N = 0 is the close of business of the deemed receipt day (当日)."""
        assert desk().working_day_deadline(at("2025-09-22 10:00"), 0) == at("2025-09-22 17:00")
        assert desk().working_day_deadline(at("2025-09-22 18:00"), 0) == at("2025-09-23 17:00")

    def test_cutoff_by_position_and_by_keyword(self) -> None:
        """cutoff may be given positionally or by name, with the same answer."""
        received = at("2025-09-26 16:30")  # Friday after a 16:00 cut-off
        by_position = desk().working_day_deadline(received, 5, time(16))
        by_name = desk().working_day_deadline(received, 5, cutoff=time(16))
        # deemed 09-28; 09-29, 09-30, (10-01..10-08 off), 10-09, 10-10, 10-11
        assert by_position == by_name == at("2025-10-11 17:00")
        assert desk().working_day_deadline(received, 5) == at("2025-10-10 17:00")  # no cut-off

    def test_receipt_on_a_non_working_day(self) -> None:
        """Received on National Day: deemed 10-09, one working day later is 10-10."""
        assert desk().working_day_deadline(at("2025-10-03 10:00"), 1) == at("2025-10-10 17:00")

    def test_receipt_after_close_of_business(self) -> None:
        """Received 17:30 on 09-30: deemed 10-09."""
        assert desk().working_day_deadline(at("2025-09-30 17:30"), 1) == at("2025-10-10 17:00")
        assert desk().working_day_deadline(at("2025-09-30 16:30"), 1) == at("2025-10-09 17:00")

    def test_receipt_given_in_utc(self) -> None:
        """A receipt stamped in UTC is read in Shanghai; the deadline is in Shanghai."""
        deadline = desk().working_day_deadline(at("2025-09-30 09:30", UTC), 1)
        assert deadline == at("2025-10-10 17:00")
        assert deadline.tzinfo is at("2025-10-10 17:00").tzinfo

    @pytest.mark.parametrize(
        ("counting", "n", "deadline"),
        [
            ("working_days", 5, "2025-10-13 17:00"),  # 09-30, 10-09, 10-10, 10-11, 10-13
            ("receipt_day_counted", 1, "2025-09-29 17:00"),  # the receipt day is day 1
            ("receipt_day_counted", 5, "2025-10-11 17:00"),  # 09-29 is day 1
            ("calendar_days", 0, "2025-09-29 17:00"),  # same business day
            ("calendar_days", 1, "2025-09-30 17:00"),
            ("calendar_days", 2, "2025-10-09 17:00"),  # 10-01 is closed: moved on (Art. 203)
            ("calendar_days", 12, "2025-10-11 17:00"),  # lands on the make-up Saturday
        ],
    )
    def test_counting_options(self, counting: str, n: int, deadline: str) -> None:
        """Counting rules are named options; received Monday 09-29 at 10:00."""
        got = desk().working_day_deadline(at("2025-09-29 10:00"), n, counting=counting)  # type: ignore[arg-type]
        assert got == at(deadline)

    def test_seven_day_calendar_counts_statutory_days(self) -> None:
        """A 7x24 hotline counts 工作日, not its open days: without holidays Monday to
        Friday, with holidays="CN" China's (failed before issue 12: every date counted)."""
        plain = sq.BusinessCalendar.always_open(zone="Asia/Shanghai")
        # Wed 10-01 + 3: Thu 10-02, Fri 10-03, Mon 10-06; ends at 24:00 of 10-06.
        assert plain.working_day_deadline(at("2025-10-01 10:00"), 3) == at("2025-10-07 00:00")
        hotline = sq.BusinessCalendar.always_open(zone="Asia/Shanghai", holidays="CN")
        # Received inside the break: deemed 10-09; + 3: 10-10, Sat 10-11 (make-up), 10-13.
        assert hotline.working_day_deadline(at("2025-10-01 10:00"), 3) == at("2025-10-14 00:00")
        assert hotline.is_open(at("2025-10-01 03:00"))  # open through the holiday
        every = sq.BusinessCalendar.always_open(zone="Asia/Shanghai", working_days="open")
        assert every.working_day_deadline(at("2025-10-01 10:00"), 3) == at("2025-10-05 00:00")

    def test_longer_than_the_compiled_year(self) -> None:
        """A long period crosses into the next year (compiled on demand)."""
        deadline = desk().working_day_deadline(at("2025-12-15 10:00"), 30)
        assert deadline.year == 2026
        assert desk().between(at("2025-12-15 17:00"), deadline) == timedelta(hours=6.5) * 30


class TestWindowsMeetingANightShift:
    """A date whose own window overlaps the previous night's shift is still a working day."""

    def test_special_hours_after_a_night_shift(self) -> None:
        """Monday 22:00-06:00, then special hours 00:00-08:00 on Tuesday: both days work."""
        cal = sq.BusinessCalendar.weekly(
            {"mon": "22:00-06:00"},
            zone="Asia/Shanghai",
            special_hours={"2025-09-30": "00:00-08:00"},
        )
        assert cal.is_working_day(day("2025-09-30"))
        assert cal.close_of_business(day("2025-09-29")) == at("2025-09-30 06:00")
        assert cal.close_of_business(day("2025-09-30")) == at("2025-09-30 08:00")
        assert cal.between(at("2025-09-29 00:00"), at("2025-10-01 00:00")) == timedelta(hours=10)
        assert cal.add_working_days(day("2025-09-29"), 1) == day("2025-09-30")

    def test_makeup_sunday_after_a_saturday_night_shift(self) -> None:
        """Make-up Sunday 2025-09-28 takes Monday's 00:00-08:00 after Saturday's night shift."""
        cal = sq.BusinessCalendar.weekly(
            {"sat": "22:00-06:00", "mon": "00:00-08:00"}, zone="Asia/Shanghai", holidays="CN"
        )
        assert cal.is_working_day(day("2025-09-28"))
        assert cal.close_of_business(day("2025-09-27")) == at("2025-09-28 06:00")
        # Saturday 09-27 is no 工作日 although the night shift opens: deemed 09-28.
        assert cal.working_day_deadline(at("2025-09-27 23:00"), 0) == at("2025-09-28 08:00")
        # + 1: Monday 09-29, which has its 00:00-08:00 window.
        assert cal.working_day_deadline(at("2025-09-27 23:00"), 1) == at("2025-09-29 08:00")
