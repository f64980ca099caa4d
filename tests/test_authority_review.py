"""svcquality.authority (and its rulebook section): behaviours found in review.

Each test is named for the behaviour it pins; each failed before its fix.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

import svcquality as sq
from svcquality.authority import (
    AuthorityMatrix,
    AuthorityRequest,
    AuthorityRule,
    Condition,
    Money,
)
from svcquality.errors import AuthorityError
from svcquality.rulebook import Rulebook

SH = ZoneInfo("Asia/Shanghai")
RAISE = "临时额度调整"


class TestMoneyText:
    @pytest.mark.parametrize(
        "amount",
        [
            Decimal("5E+3"),  # what Decimal.normalize() makes of 5000
            Decimal("1E-7"),  # a tiny amount Decimal prints in exponent form
            Decimal("0E-8"),
        ],
    )
    def test_str_is_plain_digits_that_parse_reads_back(self, amount: Decimal) -> None:
        """str(Money) never uses exponent notation, so Money.parse reads it back."""
        money = Money(amount, "CNY")
        assert "E" not in str(money)
        assert Money.parse(str(money)) == money

    def test_rulebook_round_trip_of_a_limit_held_in_exponent_form(self) -> None:
        """load(dump(rb)) == rb when a limit's Decimal is in exponent form."""
        matrix = AuthorityMatrix(
            ["agent"],
            [AuthorityRule("agent", RAISE, max_amount=Money(Decimal("5E+3"), "CNY"))],
            "Asia/Shanghai",
        )
        rb = Rulebook(roles=("agent",), authority=matrix)
        assert sq.load_rulebook(sq.dump_rulebook(rb)) == rb


class TestConditionValues:
    def test_an_unhashable_value_is_refused_with_the_fix(self) -> None:
        """A list compared with '==' is an AuthorityError naming 'in', not a TypeError later."""
        with pytest.raises(AuthorityError, match=r"tier.*'in'"):
            Condition("tier", "==", ["gold", "platinum"])

    def test_an_unhashable_choice_is_refused(self) -> None:
        """A choice of 'in' that cannot be compared as a value is an AuthorityError."""
        with pytest.raises(AuthorityError, match=r"tier"):
            Condition("tier", "in", [["gold"]])

    def test_a_bool_attribute_is_not_ordered_against_a_number(self) -> None:
        """False < 1 in Python; an ordering condition refuses a bool as it refuses a bool value."""
        cond = Condition("overdue_days", "<", 1)
        with pytest.raises(AuthorityError, match=r"overdue_days=False cannot be compared"):
            cond.check({"overdue_days": False})

    def test_decide_refuses_a_bool_for_an_ordered_attribute(self) -> None:
        """The matrix does not grant a raise because False happened to be below 1."""
        matrix = AuthorityMatrix(
            ["agent"],
            [
                AuthorityRule(
                    "agent",
                    RAISE,
                    max_amount="CNY 5000",
                    conditions={"overdue_days": {"<": 1}},
                )
            ],
            "Asia/Shanghai",
        )
        request = AuthorityRequest(
            "C-1",
            "CNY 1000",
            datetime(2025, 6, 3, 10, tzinfo=SH),
            actor="A1",
            attributes={"overdue_days": False},
        )
        with pytest.raises(AuthorityError, match=r"cannot be compared"):
            matrix.decide("agent", RAISE, request, [])


class TestConditionOrder:
    """A rule's conditions are kept grouped by attribute, as a rulebook writes them."""

    def test_interleaved_conditions_round_trip_through_a_rulebook(self) -> None:
        rule = AuthorityRule(
            "agent",
            "temporary_limit_raise",
            max_amount="CNY 1",
            conditions=[Condition("m", ">=", 1), Condition("b", "==", 2), Condition("m", "<", 5)],
        )
        assert [(c.attribute, c.op) for c in rule.conditions] == [
            ("m", ">="),
            ("m", "<"),
            ("b", "=="),
        ]
        again = AuthorityRule(
            "agent",
            "temporary_limit_raise",
            max_amount="CNY 1",
            conditions=Condition.to_data(rule.conditions),
        )
        assert again == rule

    def test_two_conditions_with_one_operator_on_one_attribute_are_refused(self) -> None:
        with pytest.raises(
            AuthorityError, match=r"conditions\[1\]: a second '>=' condition on 'm'"
        ):
            AuthorityRule(
                "agent",
                "raise",
                max_amount="CNY 1",
                conditions=[Condition("m", ">=", 1), Condition("m", ">=", 2)],
            )
