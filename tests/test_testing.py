"""svcquality.testing: the hypothesis strategies shipped for host test suites."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import svcquality as sq
from svcquality import testing

UTC = timezone.utc


class TestCalendars:
    def test_shrinks_to_always_open_utc(self) -> None:
        """The minimal calendar is 24x7 in UTC, the simplest one to read in a failure."""
        cal = find(testing.calendars(), lambda c: True)
        assert cal == sq.BusinessCalendar.always_open(zone="UTC")

    def test_minimal_with_holidays(self) -> None:
        """Asking for a calendar with holidays shrinks to the first country given."""
        cal = find(
            testing.calendars(holidays=("CN", "US")),
            lambda c: bool(c.holiday_sources),
        )
        assert cal.holiday_data.endswith(": CN")

    @given(testing.calendars(), st.data())
    @settings(max_examples=60)
    def test_round_trip_on_generated_calendars(
        self, cal: sq.BusinessCalendar, data: st.DataObject
    ) -> None:
        """between(t, add(t, d)) == d on every calendar the strategy makes."""
        t = data.draw(testing.instants(calendar=cal, max_value=datetime(2024, 6, 1, tzinfo=UTC)))
        d = data.draw(testing.durations(max_value=timedelta(days=3)))
        assert cal.between(t, cal.add(t, d)) == d

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"zones": ()}, "at least one IANA zone"),  # nothing to draw from
            ({"zones": ("Mars/Base",)}, "'Mars/Base' is not an IANA zone"),
            ({"holidays": ()}, "at least one entry"),
            ({"max_windows_per_day": 0}, "from 1 to 6"),
            ({"max_windows_per_day": True}, "from 1 to 6"),  # a bool is not a count
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        """Impossible options raise InvalidArgument when the strategy is built."""
        with pytest.raises(InvalidArgument, match=match):
            testing.calendars(**kwargs)  # type: ignore[arg-type]


class TestWeeklyHours:
    @given(testing.weekly_hours())
    def test_always_valid(self, hours: dict[str, str]) -> None:
        """Every mapping drawn builds a calendar (overnight spills never overlap)."""
        sq.BusinessCalendar.weekly(hours, zone="UTC")

    def test_overnight_can_be_drawn(self) -> None:
        """Overnight windows occur, so the DESIGN's overnight rule gets exercised."""
        find(
            testing.weekly_hours(),
            lambda h: any(
                w.strip().split("-")[1] < w.strip().split("-")[0]
                for v in h.values()
                if v != "closed"
                for w in v.split(",")
            ),
        )


class TestInstants:
    @given(st.data())
    def test_open_only(self, data: st.DataObject) -> None:
        """open_only=True draws only instants at which the calendar is open."""
        cal = sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN"
        )
        t = data.draw(testing.instants(calendar=cal, open_only=True))
        assert cal.is_open(t)
        assert t.tzinfo == cal.zone

    def test_shrinks_to_min_value(self) -> None:
        """The minimal instant is the lower bound."""
        assert find(testing.instants(), lambda t: True) == datetime(2024, 1, 1, tzinfo=UTC)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"open_only": True}, "needs a calendar"),
            ({"min_value": datetime(2024, 1, 1)}, "timezone-aware"),  # noqa: DTZ001
            (
                {
                    "min_value": datetime(2025, 1, 1, tzinfo=UTC),
                    "max_value": datetime(2024, 1, 1, tzinfo=UTC),
                },
                "must be after",
            ),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        """Bad bounds raise InvalidArgument naming the argument."""
        with pytest.raises(InvalidArgument, match=match):
            testing.instants(**kwargs)  # type: ignore[arg-type]


class TestDurations:
    def test_shrinks_to_min_value(self) -> None:
        """The minimal duration is the lower bound."""
        assert find(testing.durations(), lambda d: True) == timedelta(minutes=1)

    @given(testing.durations(min_value=timedelta(hours=-2), max_value=timedelta(hours=2)))
    def test_bounds(self, d: timedelta) -> None:
        """Every duration lies in the bounds and on the resolution grid."""
        assert timedelta(hours=-2) <= d <= timedelta(hours=2)
        assert d % timedelta(minutes=1) == timedelta(0)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"resolution": timedelta(0)}, "must be positive"),
            ({"min_value": timedelta(hours=2), "max_value": timedelta(hours=1)}, "below"),
            (
                {"min_value": timedelta(seconds=10), "max_value": timedelta(seconds=20)},
                "no multiple",
            ),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, timedelta], match: str) -> None:
        """Impossible bounds raise InvalidArgument."""
        with pytest.raises(InvalidArgument, match=match):
            testing.durations(**kwargs)
