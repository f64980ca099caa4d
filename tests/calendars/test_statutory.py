"""svcquality.calendars: statutory working days, holiday breaks, day and month periods.

Reference cases worked out by hand from the State Council's holiday notices
(国务院办公厅关于2024年/2025年/2026年部分节假日安排的通知) and the Civil Code's
period rules (民法典 Art. 200-203). Issue 12: before it, a date with open hours
was a working day and "15日" was 360 clock hours.
"""

from __future__ import annotations

from datetime import time

import pytest

import svcquality as sq
from svcquality.errors import CalendarError, ParameterError

from .common import (
    SH,
    assert_closed_days,
    assert_open_days,
    assert_shut_days,
    assert_working_days,
    at,
    branch,
    day,
    desk,
)


def hotline(**kwargs: object) -> sq.BusinessCalendar:
    """A 7x24 centre in Shanghai counting China's working days."""
    return sq.BusinessCalendar.always_open(zone="Asia/Shanghai", holidays="CN", **kwargs)  # type: ignore[arg-type]


class TestIsWorkingDay:
    def test_saturday_branch_saturdays_are_open_days_not_working_days(self) -> None:
        """A branch open on Saturday mornings: its Saturdays are open days only."""
        cal = branch()
        assert_closed_days(cal, "2025-10-18", "2025-10-25")
        assert_open_days(cal, "2025-10-18", "2025-10-25")
        assert_working_days(cal, "2025-10-11")  # make-up Saturday: 工作日 and open

    def test_seven_by_twenty_four_counts_chinas_working_days(self) -> None:
        """always_open(holidays='CN'): open at every instant, 工作日 China's."""
        cal = hotline()
        assert_closed_days(cal, "2026-02-15", "2026-02-17", "2026-02-22", "2025-10-19")
        assert_working_days(cal, "2026-02-14", "2026-02-28", "2025-09-28")
        assert_open_days(cal, "2026-02-17", "2025-10-19")
        assert cal.is_open(at("2026-02-17 03:15"))

    def test_without_holidays_monday_to_friday(self) -> None:
        """No holiday source: the working days are Monday to Friday, whatever the hours."""
        cal = sq.BusinessCalendar.weekly({"daily": "08:00-20:00"}, zone="Asia/Shanghai")
        assert_working_days(cal, "2025-10-01", "2025-10-03")
        assert_closed_days(cal, "2025-10-04", "2025-10-05")

    def test_the_countrys_own_weekend(self) -> None:
        """The holidays package's weekend: Friday and Saturday in Saudi Arabia."""
        cal = sq.BusinessCalendar.weekly(
            {"daily": "08:00-20:00"}, zone="Asia/Riyadh", holidays="SA"
        )
        assert sq.HolidaySource("SA").weekend == frozenset({4, 5})
        assert_closed_days(cal, "2025-11-14", "2025-11-15")  # Friday, Saturday
        assert_working_days(cal, "2025-11-16")  # Sunday

    def test_overrides_are_statutory(self) -> None:
        """closed_dates and working_dates change the working days; special_hours do not."""
        cal = desk(
            closed_dates=["2025-11-03"],
            working_dates=["2025-11-08"],
            special_hours={"2025-11-04": "closed", "2025-11-09": "09:00-12:00"},
        )
        assert_closed_days(cal, "2025-11-03", "2025-11-09")
        assert_working_days(cal, "2025-11-08", "2025-11-04")
        assert_shut_days(cal, "2025-11-03", "2025-11-04")
        assert_open_days(cal, "2025-11-08", "2025-11-09")

    def test_open_days_option(self) -> None:
        """working_days='open' counts the unit's own open days, as before issue 12."""
        cal = branch(working_days="open")
        assert_working_days(cal, "2025-10-18", "2025-10-11")
        assert_closed_days(cal, "2025-10-19", "2025-10-04")


class TestHolidayBreak:
    @pytest.mark.parametrize(
        ("inside", "first", "last"),
        [
            ("2024-02-14", "2024-02-10", "2024-02-17"),  # 2024 春节: 2月10日至17日
            ("2024-10-05", "2024-10-01", "2024-10-07"),  # 2024 国庆节: 10月1日至7日
            ("2025-04-05", "2025-04-04", "2025-04-06"),  # 2025 清明节: Friday + weekend
            ("2025-10-04", "2025-10-01", "2025-10-08"),  # 2025 国庆中秋: 10月1日至8日
            ("2025-10-08", "2025-10-01", "2025-10-08"),  # its last day
            ("2026-01-02", "2026-01-01", "2026-01-03"),  # 2026 元旦: 1月1日至3日
            ("2026-02-15", "2026-02-15", "2026-02-23"),  # 2026 春节: 2月15日至23日
        ],
    )
    def test_breaks_of_the_notices(self, inside: str, first: str, last: str) -> None:
        """The break is the run of non-working days around a holiday, as announced."""
        assert desk().holiday_break(day(inside)) == (day(first), day(last))

    @pytest.mark.parametrize("date", ["2025-10-18", "2025-10-09", "2025-09-28", "2026-02-14"])
    def test_no_break(self, date: str) -> None:
        """An ordinary weekend, a working day and a make-up day are in no break."""
        assert desk().holiday_break(day(date)) is None

    def test_closed_whole_by_default(self) -> None:
        """A Saturday branch is shut on 2025-10-04, inside the break."""
        assert not branch().is_open(at("2025-10-04 10:00"))
        assert branch().next_open(at("2025-10-04 10:00")) == at("2025-10-09 09:00")

    def test_holiday_hours_windows(self) -> None:
        """holiday_hours='10:00-16:00' (节假日营业时间) on every day of the break."""
        cal = desk(holiday_hours="10:00-16:00")
        for d in ("2025-10-01", "2025-10-04", "2025-10-08"):
            assert cal.open_intervals(at(f"{d} 00:00"), at(f"{d} 23:59")) == (
                (at(f"{d} 10:00"), at(f"{d} 16:00")),
            )
        assert not cal.is_open(at("2025-10-18 10:00"))  # an ordinary Saturday: weekly hours
        assert_closed_days(cal, "2025-10-01")

    def test_holiday_hours_24h_and_closed(self) -> None:
        """'24h' opens the break around the clock; 'closed' is the default."""
        assert desk(holiday_hours="24h").is_open(at("2025-10-04 03:00"))
        assert not desk(holiday_hours="closed").is_open(at("2025-10-02 10:00"))

    def test_special_hours_win_in_a_break(self) -> None:
        """special_hours still decide a single date inside a break."""
        cal = desk(special_hours={"2025-10-05": "09:00-11:00"})
        assert cal.between(at("2025-10-05 00:00"), at("2025-10-06 00:00")).seconds == 7200

    def test_always_open_stays_open(self) -> None:
        """A 7x24 calendar keeps its hours in a break (its default holiday_hours is 24h)."""
        weekly = sq.BusinessCalendar.weekly({"daily": "24h"}, zone="Asia/Shanghai", holidays="CN")
        assert weekly.is_open(at("2026-02-17 03:00"))
        assert hotline().is_open(at("2026-02-17 03:00"))
        shut = sq.BusinessCalendar.weekly(
            {"daily": "24h"}, zone="Asia/Shanghai", holidays="CN", holiday_hours="closed"
        )
        assert not shut.is_open(at("2026-02-17 03:00"))

    @pytest.mark.parametrize(
        ("value", "fragment"),
        [
            ("10:00-", "is not a window"),
            (5, "holiday_hours must be"),
            ("09:00-12:00, 11:00-13:00", "overlap"),
        ],
    )
    def test_bad_holiday_hours(self, value: object, fragment: str) -> None:
        """A bad holiday_hours value is refused with the accepted forms."""
        with pytest.raises(CalendarError, match=fragment):
            desk(holiday_hours=value)

    def test_bad_working_days_option(self) -> None:
        """working_days= takes 'statutory' or 'open' only."""
        with pytest.raises(CalendarError, match=r"'statutory'.*'open'.*got 'opening'"):
            desk(working_days="opening")


class TestWorkingDayDeadline:
    @pytest.mark.parametrize(
        ("cal", "received", "n", "deadline"),
        [
            # Saturday branch over National Day 2025: 10-09, 10-10, Sat 10-11 (make-up),
            # 10-13, 10-14; before issue 12 Sat 10-04 counted and it ended on 10-13.
            (branch, "2025-09-30 15:00", 5, "2025-10-14 17:00"),
            # Received on an ordinary Saturday the branch is open: deemed Monday.
            (branch, "2025-10-18 10:00", 1, "2025-10-21 17:00"),
            # 7x24 centre, ATM差错 5个工作日 over Spring Festival 2026: Sat 02-14 (make-up),
            # 02-24, 02-25, 02-26, 02-27; the last day ends at 24:00.
            (hotline, "2026-02-13 10:00", 5, "2026-02-28 00:00"),
            # Received in the break (正月初一): deemed 02-24; + 5 is Mon 03-02 (Sat 02-28).
            (hotline, "2026-02-17 03:15", 5, "2026-03-03 00:00"),
        ],
    )
    def test_reference(self, cal: object, received: str, n: int, deadline: str) -> None:
        """Known answers, worked out by hand from the notices."""
        assert cal().working_day_deadline(at(received), n) == at(deadline)  # type: ignore[operator]

    def test_working_day_without_hours_ends_at_midnight(self) -> None:
        """A 工作日 on which the unit has no hours ends at 24:00 (Art. 203)."""
        cal = desk(special_hours={"2025-11-05": "closed"})
        # Mon 11-03 + 2: Tue 11-04, Wed 11-05 (closed for the day): 24:00 of 11-05.
        assert cal.working_day_deadline(at("2025-11-03 10:00"), 2) == at("2025-11-06 00:00")
        assert cal.end_of_working_day(day("2025-11-05")) == at("2025-11-06 00:00")
        assert cal.close_of_business(day("2025-11-05")) is None
        assert cal.end_of_working_day(day("2025-11-08")) is None  # Saturday: not a 工作日

    def test_receipt_on_a_working_day_without_hours_counts_that_day(self) -> None:
        """The deemed receipt day is that day: it closes at 24:00, not at an earlier close."""
        cal = sq.BusinessCalendar.weekly(
            {"tue-sat": "09:00-17:00"}, zone="Asia/Shanghai", holidays="CN"
        )
        assert cal.deemed_receipt_day(at("2025-11-03 20:00")) == day("2025-11-03")  # Monday
        assert cal.working_day_deadline(at("2025-11-03 20:00"), 0) == at("2025-11-04 00:00")


class TestPeriodDeadline:
    @pytest.mark.parametrize(
        ("received", "n", "unit", "deadline"),
        [
            # 银行业保险业消费投诉处理管理办法: 15日; 09-20 + 15 is Sun 10-05, in the break.
            ("2025-09-20 16:30", 15, "days", "2025-10-09 17:00"),
            ("2025-09-20 16:30", 30, "days", "2025-10-20 17:00"),  # Sun 10-19 -> Mon 10-20
            ("2025-09-20 16:30", 60, "days", "2025-11-19 17:00"),
            # 征信业管理条例 Art. 25: 20日.
            ("2025-12-10 09:00", 20, "days", "2025-12-30 17:00"),
            # Art. 202: 31 January + 1 month is the last day of February.
            ("2025-01-31 10:00", 1, "months", "2025-02-28 17:00"),
            ("2024-01-31 10:00", 1, "months", "2024-02-29 17:00"),
            ("2025-03-31 10:00", 1, "months", "2025-04-30 17:00"),
            # A last day on a make-up Saturday is a working day and stays.
            ("2025-10-01 10:00", 10, "days", "2025-10-11 17:00"),  # Monday's hours
        ],
    )
    def test_reference(self, received: str, n: int, unit: str, deadline: str) -> None:
        """Known answers on the back-office desk (Mon-Fri 09:00-17:00 split shift)."""
        got = desk().period_deadline(at(received), n, unit=unit)  # type: ignore[arg-type]
        assert got == at(deadline)

    def test_cutoff_moves_the_receipt_day(self) -> None:
        """A receipt at or after the cut-off counts as received the next calendar day."""
        cal = desk()
        assert cal.period_deadline(at("2025-11-03 16:30"), 1, cutoff=time(16)) == at(
            "2025-11-05 17:00"
        )
        assert cal.period_deadline(at("2025-11-03 15:59"), 1, cutoff=time(16)) == at(
            "2025-11-04 17:00"
        )

    def test_target_days_and_months(self) -> None:
        """Target.days / Target.months compute the same deadline as the calendar."""
        cal = desk()
        t = at("2025-09-20 16:30")
        assert sq.Target.days(15).deadline(t, cal) == cal.period_deadline(t, 15)
        assert sq.Target.months(1).deadline(t, cal) == cal.period_deadline(t, 1, unit="months")
        assert sq.parse_duration("15日") == sq.Target.days(15)
        assert repr(sq.Target.days(15, cutoff=time(16))) == (
            "Target.days(15, cutoff=datetime.time(16, 0))"
        )

    def test_calendar_days_counting_is_the_same_period(self) -> None:
        """counting='calendar_days' is an alias of the day period."""
        cal = desk()
        t = at("2025-09-20 16:30")
        assert cal.working_day_deadline(t, 15, counting="calendar_days") == cal.period_deadline(
            t, 15
        )

    @pytest.mark.parametrize(
        ("n", "unit", "fragment"),
        [
            (0, "days", "n must be a whole number of days >= 1, got 0"),
            (True, "days", "got True"),
            (1.5, "months", "got 1.5"),
            (3, "weeks", "unit must be one of days, months, got 'weeks'"),
        ],
    )
    def test_bad_arguments(self, n: object, unit: object, fragment: str) -> None:
        """Bad n or unit are refused with the value."""
        with pytest.raises(ParameterError, match=fragment):
            desk().period_deadline(at("2025-11-03 10:00"), n, unit=unit)  # type: ignore[arg-type]

    def test_naive_receipt(self) -> None:
        """A naive receipt instant is refused."""
        from datetime import datetime

        with pytest.raises(sq.NaiveDatetimeError):
            desk().period_deadline(datetime(2025, 11, 3, 10), 15)  # noqa: DTZ001

    def test_untrusted_years(self) -> None:
        """A period reaching past the trusted years is an error, not a guess."""
        cal = desk(years=range(2025, 2026))
        with pytest.raises(sq.UntrustedYearError, match=r"2025\.\.2025"):
            cal.period_deadline(at("2025-12-20 10:00"), 15)

    @pytest.mark.parametrize(
        ("n", "fragment"),
        [(0, "n must be a whole number of days >= 1"), (-1, "got -1")],
    )
    def test_bad_target(self, n: int, fragment: str) -> None:
        """Target.days refuses a count below one."""
        with pytest.raises(sq.PromiseError, match=fragment):
            sq.Target.days(n)

    def test_target_months_refuses_counting(self) -> None:
        """counting applies to working-day targets only."""
        with pytest.raises(sq.PromiseError, match=r"counting applies to Target\.working_days"):
            sq.Target("months", count=1, counting="calendar_days")


def test_at_uses_shanghai() -> None:
    """The helpers read wall times in Shanghai."""
    assert at("2025-10-01 00:00").tzinfo is SH
