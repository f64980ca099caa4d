"""The shared checks (svcquality._fields): one wording, one code, per kind of mistake."""

from __future__ import annotations

from datetime import time, timezone
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

import pytest

from svcquality._fields import amount_of, choice_of, closest, cutoff_of, did_you_mean, zone_of
from svcquality.errors import CODES, CalendarError, ParameterError, PromiseError, RoutingError

Colour = Literal["red", "green", "blue"]


class TestClosest:
    def test_every_name_is_listed_the_likeliest_first(self) -> None:
        assert closest("gren", ["red", "blue", "green"], "colours") == (
            "known colours (closest first): 'green', 'red', 'blue'"
        )

    def test_nothing_known(self) -> None:
        assert closest("x", [], "colours") == "known colours (closest first): none"
        assert closest("x", [], "colours", none="no colours yet") == "no colours yet"

    def test_did_you_mean(self) -> None:
        assert did_you_mean("servce", ["service", "channel"]) == "did you mean 'service'? "
        assert did_you_mean("zzz", ["service", "channel"]) == ""


class TestChoice:
    def test_a_choice_of_the_alias_passes(self) -> None:
        assert choice_of("red", Colour, "paint.colour", RoutingError) == "red"

    def test_anything_else_names_the_place_and_the_choices(self) -> None:
        with pytest.raises(RoutingError) as info:
            choice_of("gren", Colour, "paint.colour", RoutingError)
        assert str(info.value) == (
            "paint.colour: 'gren' is not one of 'red', 'green', 'blue'; "
            "known values (closest first): 'green', 'red', 'blue'"
        )
        assert info.value.code == "choice"
        assert info.value.data["choices"] == ("red", "green", "blue")


class TestZone:
    def test_names_and_tzinfos(self) -> None:
        assert zone_of("Asia/Shanghai", "zone", CalendarError) == ZoneInfo("Asia/Shanghai")
        assert zone_of(timezone.utc, "zone", CalendarError) is timezone.utc

    def test_a_tzinfo_where_only_a_name_is_stored(self) -> None:
        with pytest.raises(CalendarError, match=r"^m\.zone: expected an IANA name such as "):
            zone_of(timezone.utc, "m.zone", CalendarError, tzinfo_ok=False)

    def test_a_misspelt_name_gets_close_matches(self) -> None:
        with pytest.raises(CalendarError, match=r"Close matches: Asia/Shanghai") as info:
            zone_of("Asia/Shangai", "zone", CalendarError)
        assert info.value.code == "zone"
        assert info.value.data == {"where": "zone", "value": "Asia/Shangai"}

    @pytest.mark.parametrize("name", ["../etc/passwd", "x" * 5000, ""])
    def test_names_that_are_not_zones(self, name: str) -> None:
        with pytest.raises(CalendarError, match=r"is not a known IANA time zone"):
            zone_of(name, "zone", CalendarError)


class TestCutoff:
    """One cut-off rule for the calendar and for targets: None, or a wall time without a zone."""

    def test_none_and_a_wall_time_pass(self) -> None:
        assert cutoff_of(None, "working_day_deadline", ParameterError) is None
        assert cutoff_of(time(16), "working_day_deadline", ParameterError) == time(16)

    def test_a_value_that_is_no_time_names_the_place_and_an_example(self) -> None:
        with pytest.raises(ParameterError) as info:
            cutoff_of("16:00", "working_day_deadline", ParameterError)
        assert str(info.value) == (
            "working_day_deadline: cutoff must be a time of day such as time(16, 0), "
            "got str '16:00'"
        )

    def test_a_time_with_a_zone_is_refused_in_the_callers_words(self) -> None:
        """The caller's error class and words for the value and the fix."""
        with pytest.raises(PromiseError) as info:
            cutoff_of(
                time(16, tzinfo=timezone.utc),
                "Target.days",
                PromiseError,
                expected="a datetime.time such as time(16)",
                fix="give a local wall time such as time(16)",
            )
        assert str(info.value) == (
            "Target.days: cutoff datetime.time(16, 0, tzinfo=datetime.timezone.utc) carries "
            "a zone; give a local wall time such as time(16)"
        )


class TestAmount:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [(5, Decimal(5)), ("5000.00", Decimal("5000.00")), (" 1_000 ", Decimal(1000))],
    )
    def test_exact_amounts(self, value: object, expected: Decimal) -> None:
        assert amount_of(value, "a", RoutingError) == expected

    @pytest.mark.parametrize(
        ("value", "match"),
        [
            (0.1, r"a: 0.1 is a float, which cannot hold most decimal amounts exactly"),
            (True, r"a: True is a bool, not an amount"),
            ("lots", r"a: 'lots' is not a decimal number"),
            (Decimal("NaN"), r"a: Decimal\('NaN'\) is not a finite amount"),
            ("Infinity", r"is not a finite amount"),
            ([5], r"a: expected a Decimal, an int or a str such as '5000.00', got list"),
        ],
    )
    def test_inexact_or_not_an_amount(self, value: object, match: str) -> None:
        with pytest.raises(RoutingError, match=match) as info:
            amount_of(value, "a", RoutingError)
        assert info.value.code == "amount"


def test_each_shared_code_is_catalogued() -> None:
    assert {"choice", "zone", "amount"} <= set(CODES)
