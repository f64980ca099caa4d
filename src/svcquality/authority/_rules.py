"""Conditions, period limits and authority rules: what one role may do for one action."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, TypeVar, get_args

import attrs

from svcquality._fields import (
    Language,
    choice_of,
    closest,
    items_of,
    language_of,
    shown,
)
from svcquality._money import Money, money_of
from svcquality._types import ConditionOp, LimitPeriod, LimitScope
from svcquality.errors import AuthorityError

_T = TypeVar("_T")

__all__ = ["AuthorityRule", "Condition", "PeriodLimit"]


def _max_sum(value: object) -> Money | None:
    return None if value is None else money_of(value, "PeriodLimit.max_sum")


def _max_amount(value: object) -> Money | None:
    return None if value is None else money_of(value, "AuthorityRule.max_amount")


# --------------------------------------------------------------------------- helpers


def _name(value: object, where: str, example: str) -> str:
    if not isinstance(value, str) or not value.strip():
        msg = f"{where}: expected a non-empty name such as {shown(example)}, got {shown(value)}"
        raise AuthorityError(msg)
    return value


_OPS: Final[tuple[str, ...]] = get_args(ConditionOp)
_PERIODS: Final[tuple[str, ...]] = get_args(LimitPeriod)
_SCOPES: Final[tuple[str, ...]] = get_args(LimitScope)
_ORDER_OPS: Final = frozenset({"<", "<=", ">", ">="})


# --------------------------------------------------------------------------- conditions


def _equal(a: object, b: object) -> bool:
    # False == 0 in Python; a condition written {"delinquent": False} must not accept 0.
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


@attrs.frozen
class Condition:
    """A condition on one attribute of the request, written as data.

    ``Condition("first_statement_received", "==", False)`` holds when the
    request's ``attributes["first_statement_received"]`` is ``False``. Operators:
    ``==``, ``!=``, ``in`` and ``not_in`` (the value is a list of choices), and
    ``<``, ``<=``, ``>``, ``>=``. ``True``/``False`` only equal themselves, never
    ``1``/``0``. A request that does not give the attribute does not meet the
    condition (the decision says which attribute to add).

    Rulebooks write a rule's conditions as a mapping; see :meth:`from_data`.

    Attributes:
        attribute: the request attribute, e.g. ``"delinquent"``.
        op: the comparison.
        value: what the attribute is compared with; a tuple for ``in``/``not_in``.
    """

    attribute: str
    op: ConditionOp = "=="
    value: object = None

    def __attrs_post_init__(self) -> None:
        # the condition as the caller wrote it, each part cut short: the message names
        # the bad part again in full (to 200 characters)
        where = (
            f"Condition({shown(self.attribute, 60)}, {shown(self.op, 60)}, {shown(self.value, 60)})"
        )
        _name(self.attribute, f"{where}.attribute", "delinquent")
        choice_of(self.op, ConditionOp, f"{where}.op", AuthorityError)
        if self.op in ("in", "not_in"):
            if isinstance(self.value, (str, bytes, Mapping)) or not isinstance(
                self.value, Iterable
            ):
                msg = (
                    f"{where}: {shown(self.op)} needs a list of choices, e.g. "
                    f"Condition({shown(self.attribute)}, {shown(self.op)}, ['gold', 'platinum'])"
                )
                raise AuthorityError(msg)
            object.__setattr__(self, "value", tuple(self.value))
        elif self.op in _ORDER_OPS and (self.value is None or isinstance(self.value, bool)):
            msg = (
                f"{where}: {shown(self.op)} orders values, and {shown(self.value)} has no order; "
                "compare with a number, a date or a string, or use '==' / '!='"
            )
            raise AuthorityError(msg)
        choices = self.value if isinstance(self.value, tuple) else (self.value,)
        if any(_is_nan(v) for v in choices):
            msg = (
                f"{where}: NaN is not a value a request can be compared with (it equals "
                "nothing, not even itself); give a number such as Decimal('5000')"
            )
            raise AuthorityError(msg)
        try:
            hash(self.value)
        except TypeError:
            # A rule is a value (matrices find duplicate rules by hashing), and a request
            # attribute is compared with one plain value or a list of plain choices.
            msg = (
                f"{where}: the value {shown(self.value)} is not a plain value (text, a number, "
                "a date, true/false or None); to accept any of several values use 'in' with "
                "a list of choices"
            )
            raise AuthorityError(msg) from None

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> tuple[Condition, ...]:
        """Conditions from a rulebook mapping of attribute to value or ``{op: value}``.

        ``{"first_statement_received": False}`` is equality;
        ``{"tier": {"in": ["gold", "platinum"]}, "months_on_book": {">=": 6, "<": 120}}``
        uses operators (several operators on one attribute are several conditions).
        """
        if not isinstance(data, Mapping):
            msg = (
                "conditions: expected a mapping of attribute to value, e.g. "
                f"{{'first_statement_received': False}}, got {shown(data)}"
            )
            raise AuthorityError(msg)
        out: list[Condition] = []
        for attribute, spec in data.items():
            if isinstance(spec, Mapping):
                if not spec:
                    msg = (
                        f"conditions.{attribute}: an empty mapping states no condition; "
                        "write a value for equality or {op: value}, e.g. {'>=': 6}"
                    )
                    raise AuthorityError(msg)
                for op, value in spec.items():
                    if op not in _OPS:
                        msg = f"conditions.{attribute}: unknown operator {shown(op)}; " + closest(
                            op, _OPS, "operators"
                        )
                        raise AuthorityError(msg)
                    out.append(cls(attribute, op, value))
            else:
                out.append(cls(attribute, "==", spec))
        return tuple(out)

    @staticmethod
    def to_data(conditions: Iterable[Condition]) -> dict[str, object]:
        """The rulebook mapping that :meth:`from_data` reads back to ``conditions``."""
        out: dict[str, object] = {}
        for c in items_of(conditions, "Condition.to_data", AuthorityError, "[Condition(...)]"):
            if not isinstance(c, Condition):
                msg = f"Condition.to_data: expected Condition objects, got {shown(c)}"
                raise AuthorityError(msg)
            value = list(c.value) if isinstance(c.value, tuple) else c.value
            if c.op == "==" and c.attribute not in out and not isinstance(value, Mapping):
                out[c.attribute] = value
                continue
            previous = out.get(c.attribute)
            ops: dict[str, object]
            if isinstance(previous, dict):
                ops = previous
            elif c.attribute in out:
                ops = {"==": previous}
            else:
                ops = {}
            ops[c.op] = value
            out[c.attribute] = ops
        return out

    def check(
        self, attributes: Mapping[str, object], *, language: Language = "en"
    ) -> tuple[bool, str]:
        """Whether the condition holds for ``attributes``, and what was found, in words.

        Args:
            attributes: the request's attributes.
            language: the words' language, ``"en"`` (default) or ``"zh"``.

        Raises:
            AuthorityError: the attribute cannot be ordered against the value, or
                the language is unknown.
        """
        zh = language_of(language, "Condition.check", AuthorityError) == "zh"
        if self.attribute not in attributes:
            if zh:
                return False, f"请求未给出 {self.attribute!r}，请在 attributes 中补充"
            return False, f"the request does not give {self.attribute!r}; add it to attributes"
        got = attributes[self.attribute]
        if _is_nan(got):
            msg = (
                f"condition {self}: the request's {self.attribute}={shown(got)} is not a number "
                "(NaN); give the real value"
            )
            raise AuthorityError(msg)
        holds: bool
        if self.op == "==":
            holds = _equal(got, self.value)
        elif self.op == "!=":
            holds = not _equal(got, self.value)
        elif self.op in ("in", "not_in"):
            assert isinstance(self.value, tuple)
            found = any(_equal(got, v) for v in self.value)
            holds = found if self.op == "in" else not found
        else:
            try:
                # False < 1 in Python, but a flag has no order: refused like a bool value.
                holds = _ORDER[self.op](_unordered if isinstance(got, bool) else got, self.value)
            except (TypeError, ArithmeticError):
                msg = (
                    f"condition {self}: the request's {self.attribute}={shown(got)} cannot be "
                    f"compared with {shown(self.value)}; give {shown(self.attribute)} as a "
                    f"{type(self.value).__name__}"
                )
                raise AuthorityError(msg) from None
        if zh:
            return holds, f"请求中 {self.attribute}={got!r}"
        return holds, f"the request has {self.attribute}={got!r}"

    def __str__(self) -> str:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return f"{self.attribute} {self.op} {value!r}"


def _is_nan(value: object) -> bool:
    if isinstance(value, Decimal):
        return value.is_nan()
    return isinstance(value, float) and math.isnan(value)


#: Stands in for a bool request attribute under an ordering operator: it orders with nothing.
_unordered: Final = object()

_ORDER: Final[Mapping[str, Callable[[Any, Any], bool]]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _listed(
    value: object, where: str, expected: str, *, mapping_ok: bool = False
) -> tuple[Any, ...]:
    """The items of a list-like ``value``, or an AuthorityError ``{where}: expected
    {expected}, got ...``: a text is never a list here, nor a mapping unless ``mapping_ok``."""
    if (
        isinstance(value, (str, bytes))
        or (isinstance(value, Mapping) and not mapping_ok)
        or not isinstance(value, Iterable)
    ):
        msg = f"{where}: expected {expected}, got {shown(value)}"
        raise AuthorityError(msg)
    return tuple(value)


def _each(items: tuple[Any, ...], kind: type[_T], where: str, expected: str) -> tuple[_T, ...]:
    """``items`` when each is a ``kind``, or an AuthorityError naming the first that is not."""
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            msg = f"{where}[{i}]: expected {expected}, got {shown(item)}"
            raise AuthorityError(msg)
    return items


def _conditions(value: object) -> tuple[Condition, ...]:
    if isinstance(value, Mapping):
        return _canonical(Condition.from_data(value))
    where = "AuthorityRule.conditions"
    example = "a mapping such as {'first_statement_received': False} or Condition objects"
    return _canonical(_each(_listed(value, where, example), Condition, where, "a Condition"))


def _canonical(conditions: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """Conditions grouped by attribute (first appearance first), as a rulebook writes them.

    A rule built in code and the same rule read back from its rulebook form are
    then equal; two conditions with one operator on one attribute are refused,
    since the written form can hold only one.
    """
    by_attribute: dict[str, list[Condition]] = {}
    seen: set[tuple[str, str]] = set()
    for i, c in enumerate(conditions):
        if (c.attribute, c.op) in seen:
            msg = (
                f"AuthorityRule.conditions[{i}]: a second {shown(c.op)} condition on "
                f"{shown(c.attribute)}; a rule holds one per attribute and operator, so keep "
                "the tighter one"
            )
            raise AuthorityError(msg)
        seen.add((c.attribute, c.op))
        by_attribute.setdefault(c.attribute, []).append(c)
    return tuple(c for group in by_attribute.values() for c in group)


# --------------------------------------------------------------------------- rules


def _count(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"PeriodLimit.max_count: expected a whole number such as 20, got {shown(value)}"
        raise AuthorityError(msg)
    if value < 1:
        msg = (
            f"PeriodLimit.max_count: {value} would never allow the action; use 1 or more, "
            "or leave the role without a rule for the action"
        )
        raise AuthorityError(msg)
    return value


@attrs.frozen
class PeriodLimit:
    """How many times, or how much in total, an action may be granted per period.

    ``PeriodLimit("day", max_count=20)`` allows 20 grants per local day to each
    actor; ``PeriodLimit("month", max_sum="CNY 50000", per="customer")`` allows
    CNY 50,000 per calendar month per customer, whoever granted it. Periods are
    read in the matrix's zone from the request's instant.

    Attributes:
        period: ``"day"``, ``"week"`` (ISO, from Monday), ``"month"``, ``"year"``
            or ``"ever"`` (every grant in the history given).
        max_count: the most grants in the period, this one included.
        max_sum: the most money in the period, this one included.
        per: whose grants are counted: the same ``"actor"`` (the default: the
            employee's own limit), the same ``"customer"``, or ``"total"``.
    """

    period: LimitPeriod
    max_count: int | None = attrs.field(default=None, kw_only=True, converter=_count)
    max_sum: Money | None = attrs.field(default=None, kw_only=True, converter=_max_sum)
    per: LimitScope = attrs.field(default="actor", kw_only=True)

    def __attrs_post_init__(self) -> None:
        choice_of(self.period, LimitPeriod, "PeriodLimit.period", AuthorityError)
        choice_of(self.per, LimitScope, "PeriodLimit.per", AuthorityError)
        if self.max_count is None and self.max_sum is None:
            msg = (
                f"PeriodLimit({shown(self.period)}): a period limit needs max_count, max_sum or "
                f"both, e.g. PeriodLimit({shown(self.period)}, max_count=20)"
            )
            raise AuthorityError(msg)

    def __str__(self) -> str:
        return self.describe()

    def describe(self, *, language: Language = "en") -> str:
        """The limit in words: ``"3 times a day per actor"``, ``"每位经办人每日3次"``.

        Raises:
            AuthorityError: the language is unknown.
        """
        if language_of(language, "PeriodLimit.describe", AuthorityError) == "zh":
            zh = []
            if self.max_count is not None:
                zh.append(f"{self.max_count}次")
            if self.max_sum is not None:
                zh.append(str(self.max_sum))
            return f"{_ZH_PER[self.per]}{_ZH_PERIOD[self.period]}{'且'.join(zh)}"
        parts = []
        if self.max_count is not None:
            parts.append(f"{self.max_count} times")
        if self.max_sum is not None:
            parts.append(str(self.max_sum))
        per = {"actor": "per actor", "customer": "per customer", "total": "in total"}[self.per]
        period = "ever" if self.period == "ever" else f"a {self.period}"
        return f"{' and '.join(parts)} {period} {per}"


#: Whose grants a limit counts and over which period, in Chinese.
_ZH_PER: Final[Mapping[str, str]] = {"actor": "每位经办人", "customer": "每位客户", "total": "合计"}
_ZH_PERIOD: Final[Mapping[str, str]] = {
    "day": "每日",
    "week": "每周",
    "month": "每月",
    "year": "每年",
    "ever": "累计",
}


def _limits(value: object) -> tuple[PeriodLimit, ...]:
    if isinstance(value, PeriodLimit):
        return (value,)
    where = "AuthorityRule.limits"
    return _each(
        _listed(value, where, "PeriodLimit objects"),
        PeriodLimit,
        where,
        "a PeriodLimit such as PeriodLimit('day', max_count=20)",
    )


@attrs.frozen
class AuthorityRule:
    """What one role may do for one action, and within which limits.

    A rule must limit something: ``max_amount``, a period limit, or dual control
    (``requires_second_person``). Conditions say when, not how much, so a rule
    with conditions only is refused unless ``unlimited_ok=True``.

    Attributes:
        role: the role, one of the matrix's ``roles``.
        action: the action, e.g. ``"临时额度调整"`` (temporary credit-limit raise).
        max_amount: the most one action may be for (``"CNY 5000"`` is read as Money).
        limits: counts and sums per period.
        conditions: conditions on the request's attributes; a mapping such as
            ``{"first_statement_received": False}`` is read by :meth:`Condition.from_data`.
        requires_second_person: dual control (双人复核): a second, different person
            must be named on the request.
        name: how decisions and errors name the rule; defaults to ``"role × action"``.
        unlimited_ok: allow a rule with no limit at all (the role's authority is
            unbounded); without it such a rule is an error.
    """

    role: str
    action: str
    max_amount: Money | None = attrs.field(default=None, kw_only=True, converter=_max_amount)
    limits: tuple[PeriodLimit, ...] = attrs.field(default=(), kw_only=True, converter=_limits)
    conditions: tuple[Condition, ...] = attrs.field(default=(), kw_only=True, converter=_conditions)
    requires_second_person: bool = attrs.field(default=False, kw_only=True)
    name: str = attrs.field(default="", kw_only=True)
    unlimited_ok: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _name(self.role, "AuthorityRule.role", "agent")
        _name(self.action, f"AuthorityRule({self.role!r}).action", "临时额度调整")
        where = f"rule {self.label!r}"
        for flag in ("requires_second_person", "unlimited_ok"):
            if not isinstance(getattr(self, flag), bool):
                msg = f"{where}: {flag} must be True or False, got {getattr(self, flag)!r}"
                raise AuthorityError(msg)
        if not isinstance(self.name, str):
            msg = f"{where}: name must be a str, got {shown(self.name)}"
            raise AuthorityError(msg)
        limited = self.max_amount is not None or bool(self.limits) or self.requires_second_person
        if not limited and not self.unlimited_ok:
            msg = (
                f"{where}: the rule sets no limit, so it would allow any amount any number "
                "of times; add max_amount='CNY 5000', limits=[PeriodLimit('day', "
                "max_count=20)] or requires_second_person=True, or pass unlimited_ok=True "
                "if the role's authority truly has no limit"
            )
            raise AuthorityError(msg)
        currencies = {m.currency for m in self._moneys()}
        if len(currencies) > 1:
            msg = (
                f"{where}: currency mismatch: its limits use {' and '.join(sorted(currencies))}; "
                "state every limit of one action in one currency"
            )
            raise AuthorityError(msg)

    @property
    def label(self) -> str:
        """The rule's name, or ``"role × action"``."""
        return self.name or f"{self.role} × {self.action}"

    @property
    def currency(self) -> str | None:
        """The currency of the rule's money limits, if it has any."""
        return next((m.currency for m in self._moneys()), None)

    def _moneys(self) -> list[Money]:
        found = [self.max_amount] if self.max_amount is not None else []
        found += [limit.max_sum for limit in self.limits if limit.max_sum is not None]
        return found

    @property
    def sums_amounts(self) -> bool:
        """Whether the rule needs the request's amount."""
        return self.max_amount is not None or any(lim.max_sum is not None for lim in self.limits)
