"""svcquality.calendars: daylight saving time in New York and London.

Windows are wall-clock times turned into real instants: a window cut by a
spring-forward gap is shorter, one stretched by a fall-back is longer, and a
wall time inside the gap maps to the transition instant.

Instants are compared in UTC here: two aware datetimes with the same tzinfo
compare by wall time and ignore ``fold``, so 01:30 EDT would equal 01:30 EST.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import svcquality as sq

from .common import LON, NY, UTC, at, day

H = timedelta(hours=1)
M = timedelta(minutes=1)

#: (zone, the Saturday before spring-forward, the Saturday before fall-back) in 2025
CHANGES = [
    pytest.param(NY, "2025-03-08", "2025-11-01", id="New_York"),  # 02:00 -> 03:00, 02:00 -> 01:00
    pytest.param(LON, "2025-03-29", "2025-10-25", id="London"),  # 01:00 -> 02:00, 02:00 -> 01:00
]


def u(t: datetime) -> datetime:
    """The same instant in UTC, so that comparisons see fold."""
    return t.astimezone(UTC)


def next_day(text: str) -> str:
    return (day(text) + timedelta(days=1)).isoformat()


class TestOvernightAcrossTheChange:
    @pytest.mark.parametrize(("zone", "spring", "fall"), CHANGES)
    def test_spring_night_is_shorter(self, zone: ZoneInfo, spring: str, fall: str) -> None:
        """22:00-06:00 on the night clocks go forward holds 7 hours, not 8."""
        cal = sq.BusinessCalendar.weekly({"daily": "22:00-06:00"}, zone=zone)
        start, end = at(f"{spring} 22:00", zone), at(f"{next_day(spring)} 06:00", zone)
        assert cal.between(start, end) == 7 * H
        assert u(cal.add(start, 7 * H)) == u(end)  # lands on the window end: stays there
        assert u(cal.add(start, 8 * H)) == u(at(f"{next_day(spring)} 23:00", zone))
        close = cal.close_of_business(day(spring))
        assert close is not None
        assert u(close) == u(end)

    @pytest.mark.parametrize(("zone", "spring", "fall"), CHANGES)
    def test_fall_night_is_longer(self, zone: ZoneInfo, spring: str, fall: str) -> None:
        """22:00-06:00 on the night clocks go back holds 9 hours, not 8."""
        cal = sq.BusinessCalendar.weekly({"daily": "22:00-06:00"}, zone=zone)
        start, end = at(f"{fall} 22:00", zone), at(f"{next_day(fall)} 06:00", zone)
        assert cal.between(start, end) == 9 * H
        assert u(cal.add(start, 9 * H)) == u(end)
        assert u(cal.add(end, -9 * H)) == u(start)  # backwards lands on the start
        assert cal.open_intervals(start - H, end + H) == ((start, end),)

    @pytest.mark.parametrize(("zone", "spring", "fall"), CHANGES)
    def test_day_shift_is_unchanged(self, zone: ZoneInfo, spring: str, fall: str) -> None:
        """09:00-17:00 on the Sunday of a change still holds 8 hours."""
        cal = sq.BusinessCalendar.weekly({"daily": "09:00-17:00"}, zone=zone)
        for saturday in (spring, fall):
            sunday = next_day(saturday)
            a, b = at(f"{sunday} 00:00", zone), at(f"{next_day(sunday)} 00:00", zone)
            assert cal.between(a, b) == 8 * H

    @pytest.mark.parametrize(("zone", "spring", "fall"), CHANGES)
    def test_whole_days(self, zone: ZoneInfo, spring: str, fall: str) -> None:
        """A 24x7 calendar's Sunday of a change is 23 or 25 hours long."""
        cal = sq.BusinessCalendar.always_open(zone=zone)
        for saturday, hours in ((spring, 23), (fall, 25)):
            sunday = next_day(saturday)
            a, b = at(f"{sunday} 00:00", zone), at(f"{next_day(sunday)} 00:00", zone)
            assert cal.between(a, b) == hours * H
            assert u(cal.add(a, hours * H)) == u(b)


class TestNewYorkWindowsAtTheChange:
    def test_window_across_the_gap(self) -> None:
        """01:00-03:00 on 03-09 is 01:00 EST to 03:00 EDT: one hour."""
        cal = sq.BusinessCalendar.weekly({"daily": "01:00-03:00"}, zone=NY)
        assert cal.between(at("2025-03-09 00:00", NY), at("2025-03-10 00:00", NY)) == H
        assert u(cal.add(at("2025-03-09 01:30", NY), 30 * M)) == u(at("2025-03-09 03:00", NY))

    def test_window_across_the_overlap(self) -> None:
        """01:00-03:00 on 11-02 opens at the first 01:00 (EDT) and closes at 03:00 EST."""
        cal = sq.BusinessCalendar.weekly({"daily": "01:00-03:00"}, zone=NY)
        assert cal.between(at("2025-11-02 00:00", NY), at("2025-11-03 00:00", NY)) == 3 * H
        first = at("2025-11-02 01:00", NY, fold=0)
        assert u(cal.next_open(at("2025-11-02 00:30", NY))) == u(first)
        assert u(cal.add(first, 1 * H)) == u(at("2025-11-02 01:00", NY, fold=1))
        assert cal.is_open(at("2025-11-02 01:59", NY, fold=0))
        assert cal.is_open(at("2025-11-02 01:00", NY, fold=1))

    def test_window_inside_the_overlap_is_stretched(self) -> None:
        """01:15-01:45 on 11-02: from the first 01:15 to the last 01:45, 90 minutes."""
        cal = sq.BusinessCalendar.weekly({"sun": "01:15-01:45"}, zone=NY)
        a, b = at("2025-11-02 00:00", NY), at("2025-11-03 00:00", NY)
        assert cal.between(a, b) == 90 * M
        assert cal.open_intervals(a, b) == (
            (at("2025-11-02 01:15", NY, fold=0), at("2025-11-02 01:45", NY, fold=1)),
        )
        assert [u(s) for s, _ in cal.open_intervals(a, b)] == [
            datetime(2025, 11, 2, 5, 15, tzinfo=UTC)
        ]

    def test_window_inside_the_gap_has_no_time(self) -> None:
        """02:15-02:45 never happens on 03-09, so that Sunday is not an open day."""
        cal = sq.BusinessCalendar.weekly({"sun": "02:15-02:45"}, zone=NY)
        assert not cal.is_open_day(day("2025-03-09"))
        assert cal.is_open_day(day("2025-03-16"))
        assert u(cal.next_open(at("2025-03-09 00:00", NY))) == u(at("2025-03-16 02:15", NY))

    def test_start_in_the_gap_opens_at_the_transition(self) -> None:
        """02:30-05:00 on 03-09 opens at 03:00 EDT, the instant the gap ends: 2 hours."""
        cal = sq.BusinessCalendar.weekly({"sun": "02:30-05:00"}, zone=NY)
        opening = datetime(2025, 3, 9, 7, 0, tzinfo=UTC)  # 03:00 EDT
        assert u(cal.next_open(at("2025-03-09 00:00", NY))) == opening
        assert cal.between(at("2025-03-09 00:00", NY), at("2025-03-10 00:00", NY)) == 2 * H

    def test_end_in_the_gap_closes_at_the_transition(self) -> None:
        """00:00-02:30 on 03-09 closes at 03:00 EDT (07:00 UTC): 2 hours."""
        cal = sq.BusinessCalendar.weekly({"sun": "00:00-02:30"}, zone=NY)
        close = cal.close_of_business(day("2025-03-09"))
        assert close is not None
        assert u(close) == datetime(2025, 3, 9, 7, 0, tzinfo=UTC)
        assert cal.between(at("2025-03-09 00:00", NY), at("2025-03-10 00:00", NY)) == 2 * H

    def test_business_hours_across_the_weekend_change(self) -> None:
        """Friday 16:00 EST + 2 business hours is Monday 10:00 EDT; wall time runs 65 h."""
        cal = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=NY)
        due = cal.add(at("2025-03-07 16:00", NY), 2 * H)
        assert u(due) == u(at("2025-03-10 10:00", NY))
        assert u(due) - u(at("2025-03-07 16:00", NY)) == 65 * H
        deadline = cal.working_day_deadline(at("2025-10-31 10:00", NY), 1)
        assert u(deadline) == datetime(2025, 11, 3, 22, 0, tzinfo=UTC)  # 17:00 EST


class TestLondonWindowsAtTheChange:
    def test_window_cut_by_the_gap(self) -> None:
        """00:30-01:30 on 03-30: 01:30 does not exist; it closes at 02:00 BST, 30 minutes."""
        cal = sq.BusinessCalendar.weekly({"sun": "00:30-01:30"}, zone=LON)
        assert cal.between(at("2025-03-30 00:00", LON), at("2025-03-31 00:00", LON)) == 30 * M

    def test_window_stretched_by_the_overlap(self) -> None:
        """00:30-01:30 on 10-26 runs from 00:30 BST to the last 01:30 (GMT): 2 hours."""
        cal = sq.BusinessCalendar.weekly({"sun": "00:30-01:30"}, zone=LON)
        assert cal.between(at("2025-10-26 00:00", LON), at("2025-10-27 00:00", LON)) == 2 * H


def test_half_hour_change_at_lord_howe() -> None:
    """Lord Howe Island moves its clocks by 30 minutes: days of 23.5 and 24.5 hours."""
    zone = ZoneInfo("Australia/Lord_Howe")
    cal = sq.BusinessCalendar.always_open(zone=zone)
    assert cal.between(at("2025-04-06 00:00", zone), at("2025-04-07 00:00", zone)) == 24.5 * H
    assert cal.between(at("2025-10-05 00:00", zone), at("2025-10-06 00:00", zone)) == 23.5 * H


class TestEndWhereTheClockGoesBack:
    """A window ending exactly at the wall time the clock is set back to is not stretched:
    no wall time inside it repeats, so it closes the first time the clock shows its end."""

    @pytest.mark.parametrize(
        ("zone", "saturday", "hours"),
        [
            pytest.param(NY, "2025-11-01", 7, id="New_York"),  # 01:00 EDT, not 01:00 EST
            pytest.param(LON, "2025-10-25", 7, id="London"),  # 01:00 BST, not 01:00 GMT
        ],
    )
    def test_evening_desk_ending_at_0100(self, zone: ZoneInfo, saturday: str, hours: int) -> None:
        """'18:00-01:00' on the night clocks go back from 02:00 to 01:00 is 7 hours."""
        cal = sq.BusinessCalendar.weekly({"sat": "18:00-01:00"}, zone=zone)
        start = at(f"{saturday} 18:00", zone)
        close = cal.close_of_business(day(saturday))
        assert close is not None
        assert u(close) == u(at(f"{next_day(saturday)} 01:00", zone, fold=0))
        assert cal.between(start, start + 12 * H) == hours * H
        assert not cal.is_open(at(f"{next_day(saturday)} 01:30", zone, fold=0))

    def test_end_inside_the_repeated_hour_is_stretched(self) -> None:
        """'18:00-01:30' in New York does cover the repeated 01:00-01:30: 8.5 hours."""
        cal = sq.BusinessCalendar.weekly({"sat": "18:00-01:30"}, zone=NY)
        start = at("2025-11-01 18:00", NY)
        assert cal.between(start, start + 12 * H) == 8.5 * H

    def test_sydney_window_ending_at_0200(self) -> None:
        """Sydney sets 03:00 back to 02:00 on 2025-04-06: '00:00-02:00' stays 2 hours."""
        zone = ZoneInfo("Australia/Sydney")
        cal = sq.BusinessCalendar.weekly({"sun": "00:00-02:00"}, zone=zone)
        a, b = at("2025-04-06 00:00", zone), at("2025-04-07 00:00", zone)
        assert cal.between(a, b) == 2 * H
        assert cal.open_intervals(a, b) == ((a, at("2025-04-06 02:00", zone, fold=0)),)
        assert [u(e) for _, e in cal.open_intervals(a, b)] == [
            datetime(2025, 4, 5, 15, 0, tzinfo=UTC)
        ]
