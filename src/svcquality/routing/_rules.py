"""Routing rules: where a request goes, by ordered rules on its attributes (internal)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from svcquality._conditions import Amount as _Amount
from svcquality._conditions import (
    amount_bound,
    check_range,
    in_range,
    range_covers,
    range_text,
    request_attributes,
)
from svcquality._fields import (
    choice_of,
    shown,
)
from svcquality._ordered import check_table, first_match
from svcquality._types import RouteKind
from svcquality.errors import RoutingError
from svcquality.routing._events import _name, _text

__all__ = ["ATTRIBUTES", "Amount", "RoutingDecision", "RoutingRule", "RoutingRules"]
# --------------------------------------------------------------------------- routing rules

#: The request attributes a routing rule may test.
ATTRIBUTES = ("service", "channel", "customer_tier", "amount", "language", "branch")
_NAMED = ("service", "channel", "customer_tier", "language", "branch")


def _names(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        msg = f"RoutingRule: a condition must be a name or a list of names, got {shown(value)}"
        raise RoutingError(msg)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            msg = (
                f"RoutingRule: a condition must be a name or a list of names, got {shown(value)} "
                f"(the element {shown(item)} is not a name)"
            )
            raise RoutingError(msg)
        if item not in out:
            out.append(item)
    return tuple(out)


#: An amount a routing rule tests: a plain ``Decimal``, or :class:`Money` with its currency.
Amount = _Amount


def _bound(value: object) -> Amount | None:
    return amount_bound(value, "RoutingRule: amount bound", RoutingError)


def _kind(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    choice_of(value, RouteKind, "RoutingRule.kind", RoutingError)


def _show(values: tuple[str, ...]) -> str:
    return values[0] if len(values) == 1 else "{" + ", ".join(values) + "}"


@attrs.frozen
class RoutingRule:
    """One routing rule: when a request matches every condition, send it ``to``.

    A condition left empty matches anything; a rule with no condition is the
    default. Plain fields, so a rulebook builds one from a mapping.

    Attributes:
        to: the unit or role that gets the request, e.g. ``"card_centre"``.
        kind: ``"unit"`` or ``"role"``.
        service: accepted services (a name or names), e.g. ``("card_points",)``.
        channel: accepted channels, e.g. ``("counter", "phone")``.
        customer_tier: accepted customer tiers, e.g. ``("private_banking",)``.
        language: accepted languages, e.g. ``("en",)``.
        branch: accepted branches.
        amount_min: the smallest amount accepted (inclusive), or None.
        amount_max: the amount from which the rule no longer applies (exclusive),
            or None. Amounts are ``Decimal`` (or int, or text); floats are refused.
        name: a label for decisions and errors.
    """

    to: str = attrs.field(validator=_name)
    kind: RouteKind = attrs.field(default="unit", validator=_kind)
    service: tuple[str, ...] = attrs.field(default=(), converter=_names)
    channel: tuple[str, ...] = attrs.field(default=(), converter=_names)
    customer_tier: tuple[str, ...] = attrs.field(default=(), converter=_names)
    language: tuple[str, ...] = attrs.field(default=(), converter=_names)
    branch: tuple[str, ...] = attrs.field(default=(), converter=_names)
    amount_min: Amount | None = attrs.field(default=None, converter=_bound)
    amount_max: Amount | None = attrs.field(default=None, converter=_bound)
    name: str = attrs.field(default="", validator=_text)

    def __attrs_post_init__(self) -> None:
        check_range(self.amount_min, self.amount_max, f"RoutingRule {self.label}", RoutingError)

    @property
    def label(self) -> str:
        """The rule's name, or its condition when unnamed."""
        if self.name:
            return repr(self.name)
        return "(default)" if self.is_default else f"({self.describe()})"

    @property
    def is_default(self) -> bool:
        """Whether the rule matches every request."""
        return not any(getattr(self, k) for k in _NAMED) and not self._has_amount

    @property
    def _has_amount(self) -> bool:
        return self.amount_min is not None or self.amount_max is not None

    def _range(self) -> str:
        return range_text(self.amount_min, self.amount_max)

    def describe(self) -> str:
        """The condition in words, e.g. ``service=card_points, amount in [0, 5000)``."""
        parts = [f"{k}={_show(getattr(self, k))}" for k in _NAMED if getattr(self, k)]
        if self._has_amount:
            parts.append(f"amount in {self._range()}")
        return ", ".join(parts) or "default (matches every request)"

    def why(self, attributes: Mapping[str, object]) -> str | None:
        """Why a request with these (checked) attributes matches, or None if it does not."""
        reasons: list[str] = []
        for key in _NAMED:
            accepted: tuple[str, ...] = getattr(self, key)
            if not accepted:
                continue
            got = attributes.get(key)
            if got not in accepted:
                return None
            reasons.append(f"{key}={got} is in {_show(accepted)}")
        if self._has_amount:
            amount = attributes.get("amount")
            if not in_range(
                self.amount_min,
                self.amount_max,
                amount,
                rule=self.label,
                where="route",
                table="routing",
                error=RoutingError,
                code="routing.currency",
            ):
                return None
            reasons.append(f"amount {amount} is in {self._range()}")
        return "; ".join(reasons) or "it is the default"

    def covers(self, other: RoutingRule) -> bool:
        """Whether every request ``other`` matches is matched by this rule too."""
        for key in _NAMED:
            mine: tuple[str, ...] = getattr(self, key)
            theirs: tuple[str, ...] = getattr(other, key)
            if mine and not (theirs and set(theirs) <= set(mine)):
                return False
        return range_covers(self.amount_min, self.amount_max, other.amount_min, other.amount_max)


@attrs.frozen
class RoutingDecision:
    """Where a request goes, and which rule decided why.

    Attributes:
        to: the unit or role.
        kind: ``"unit"`` or ``"role"``.
        rule: the rule that matched.
        position: its index in the rules.
        reason: the rule and why it matched, in words.
    """

    to: str
    kind: RouteKind
    rule: RoutingRule
    position: int
    reason: str


def _rules(value: Iterable[RoutingRule]) -> tuple[RoutingRule, ...]:
    if not isinstance(value, Iterable) or isinstance(value, (str, Mapping)):
        msg = f"RoutingRules: rules must be a list of RoutingRule, got {shown(value)}"
        raise RoutingError(msg)
    return tuple(value)


def _check_rule(i: int, rule: object) -> None:
    if not isinstance(rule, RoutingRule):
        msg = f"RoutingRules: rules[{i}] must be a RoutingRule, got {shown(rule)}"
        raise RoutingError(msg)


@attrs.frozen
class RoutingRules:
    """Ordered routing rules ending with a default; the first rule that matches decides.

    Construction checks the rules as a whole: each must be a :class:`RoutingRule`,
    the last must be a default, and no rule may be unreachable because an
    earlier one (or the default) matches everything it would.

    Attributes:
        rules: the rules in order.

    Raises:
        RoutingError: no rules, no default at the end, or a rule that can never
            match (naming both rules).
    """

    rules: tuple[RoutingRule, ...] = attrs.field(converter=_rules)

    def __attrs_post_init__(self) -> None:
        def shadow(i: int, j: int) -> str:
            rule, earlier = self.rules[i], self.rules[j]
            what = "is the default" if earlier.is_default else "comes first"
            return (
                f"RoutingRules: rules[{i}] {rule.label} can never match: rules[{j}] "
                f"{earlier.label} {what} and matches every request it would; "
                f"move rules[{i}] above rules[{j}] or narrow rules[{j}]"
            )

        check_table(
            self.rules,
            RoutingError,
            empty="RoutingRules: no rules; end with a default such as RoutingRule(to='front_desk')",
            each=_check_rule,
            shadow=shadow,
            no_default=lambda last: (
                f"RoutingRules: the last rule {last.label} has a condition, so some requests "
                "would match no rule; end with a default such as RoutingRule(to='front_desk')"
            ),
        )

    def route(self, attributes: Mapping[str, object]) -> RoutingDecision:
        """Where a request with these attributes goes, and which rule decided.

        Args:
            attributes: any of ``service``, ``channel``, ``customer_tier``,
                ``language``, ``branch`` (names) and ``amount`` (a Decimal, int or
                text). A missing attribute matches only rules that do not test it.

        Raises:
            RoutingError: an unknown attribute, a name that is not text, or an
                amount that is a float or not a number.
        """
        if not isinstance(attributes, Mapping):
            msg = (
                "route: attributes must be a mapping such as "
                f"{{'service': 'card_points', 'channel': 'counter'}}, got {shown(attributes)}"
            )
            raise RoutingError(msg)
        checked = request_attributes(attributes, ATTRIBUTES, "route", RoutingError)
        i, rule, why = first_match(self.rules, lambda rule: rule.why(checked))
        label = rule.name or f"rules[{i}]"
        return RoutingDecision(
            to=rule.to,
            kind=rule.kind,
            rule=rule,
            position=i,
            reason=f"{label} ({rule.describe()}): {why}",
        )
