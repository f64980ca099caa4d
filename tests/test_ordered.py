"""Tests of svcquality._ordered: the ordered-rules table of catalogs and routing rules."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from svcquality import CatalogRule, RoutingRule
from svcquality._ordered import check_table, covering, first_match, shadowed
from svcquality.errors import RoutingError


@attrs.frozen
class Below:
    """A rule matching the numbers below ``limit``; None is the default."""

    limit: int | None

    @property
    def is_default(self) -> bool:
        return self.limit is None

    def covers(self, other: Below) -> bool:
        return self.limit is None or (other.limit is not None and other.limit <= self.limit)

    def why(self, n: int) -> str | None:
        return f"{n} < {self.limit}" if self.limit is None or n < self.limit else None


class TestCovering:
    """covering: the first earlier rule that makes a rule unreachable."""

    @pytest.mark.parametrize(
        ("limits", "i", "expected"),
        [
            ([5, 3], 1, 0),  # below 5 covers below 3
            ([3, 5], 1, None),  # below 3 leaves 3 and 4 to the next rule
            ([9, 5, 3], 2, 0),  # the first covering rule, not the nearest
            ([None, 3], 1, 0),  # the default covers everything
            ([3], 0, None),  # the first rule is never shadowed
        ],
    )
    def test_covering(self, limits: list[int | None], i: int, expected: int | None) -> None:
        """The index of the first earlier rule covering rule ``i``, or None."""
        assert covering([Below(n) for n in limits], i) == expected

    def test_shadowed_lists_each_unreachable_rule_once(self) -> None:
        """Every shadowed rule with its first coverer, in order."""
        rules = [Below(5), Below(3), Below(4), Below(None)]
        assert list(shadowed(rules)) == [(1, 0), (2, 0)]


def _check(limits: list[int | None]) -> None:
    def each(i: int, rule: Below) -> None:
        if rule.limit == 0:
            raise RoutingError(f"rule {i} matches nothing")

    check_table(
        [Below(n) for n in limits],
        RoutingError,
        empty="no rules",
        each=each,
        shadow=lambda i, j: f"rule {i} shadowed by rule {j}",
        no_default=lambda last: f"last rule {last.limit} is no default",
    )


class TestCheckTable:
    """check_table: the first problem of a table, in the order its constructor checks."""

    @pytest.mark.parametrize(
        ("limits", "message"),
        [
            ([], "no rules"),
            ([5, 0, 3, None], "rule 1 matches nothing"),  # rule by rule: 1 before 2
            ([5, 3, 0, None], "rule 1 shadowed by rule 0"),
            ([3, 0, None], "rule 1 matches nothing"),  # the rule's own check first
            ([3, 5], "last rule 5 is no default"),  # checked after every rule
        ],
    )
    def test_first_problem(self, limits: list[int | None], message: str) -> None:
        """The table raises its own error with the first problem's message."""
        with pytest.raises(RoutingError, match=f"^{message}$"):
            _check(limits)

    def test_a_good_table_passes(self) -> None:
        """Ascending limits ending with a default: nothing to say."""
        _check([3, 5, None])


class TestFirstMatch:
    """first_match: the first rule that matches decides, with its position and reason."""

    def test_first_wins(self) -> None:
        """Two rules match: the earlier one decides."""
        rules = [Below(3), Below(10), Below(None)]
        assert first_match(rules, lambda r: r.why(2)) == (0, rules[0], "2 < 3")

    def test_default_last(self) -> None:
        """No condition matches: the default decides."""
        rules = [Below(3), Below(None)]
        assert first_match(rules, lambda r: r.why(7)) == (1, rules[1], "7 < None")

    @given(st.lists(st.integers(0, 20), max_size=6), st.integers(0, 25))
    def test_a_shadowed_rule_never_decides(self, limits: list[int], n: int) -> None:
        """Whatever the request, the deciding rule is not one an earlier rule shadows."""
        rules = [*map(Below, limits), Below(None)]
        i, _, _ = first_match(rules, lambda r: r.why(n))
        assert i not in {k for k, _ in shadowed(rules)}


class TestRuleTypes:
    """CatalogRule and RoutingRule are rules of the table."""

    def test_catalog_rule_why_is_its_condition(self) -> None:
        """A matching catalog rule's reason is its condition in words; else None."""
        rule = CatalogRule("p", {"service": "atm_refund"})
        assert rule.why({"service": "atm_refund"}) == "service=atm_refund"
        assert rule.why({"service": "loss_report"}) is None

    def test_both_shadow_alike(self) -> None:
        """A broader earlier rule shadows a narrower later one in both tables."""
        catalog = [CatalogRule("p", {"service": "a"}), CatalogRule("p", {"service": "a"})]
        routing = [RoutingRule("u", service="a"), RoutingRule("u", service="a", channel="c")]
        assert list(shadowed(catalog)) == list(shadowed(routing)) == [(1, 0)]

    @given(
        st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=4, max_size=4),
        st.one_of(st.none(), st.integers(0, 11)),
    )
    def test_amount_ranges_alike(self, bounds: list[int | None], amount: int | None) -> None:
        """Both tables match and shadow amount ranges by the one rule, and a rule that
        covers another matches every amount the other does."""
        lo, hi, other_lo, other_hi = bounds
        assume(lo is None or hi is None or lo < hi)
        assume(other_lo is None or other_hi is None or other_lo < other_hi)
        cat = CatalogRule("p", {"service": "a"}, amount_min=lo, amount_max=hi)
        other = CatalogRule("p", {"service": "a"}, amount_min=other_lo, amount_max=other_hi)
        route = RoutingRule("u", service="a", amount_min=lo, amount_max=hi)
        other_route = RoutingRule("u", service="a", amount_min=other_lo, amount_max=other_hi)
        request: dict[str, object] = {"service": "a"}
        if amount is not None:
            request["amount"] = Decimal(amount)
        assert cat.matches(request) == (route.why(request) is not None)
        assert cat.covers(other) == route.covers(other_route)
        if cat.covers(other) and other.matches(request):
            assert cat.matches(request)
