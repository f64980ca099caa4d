"""Flexible authority (灵活授权): who may do what, up to which limits, with whom.

An :class:`AuthorityMatrix` maps a role and an action to rules. A rule limits the
amount of one action, the count or sum of actions per period (day, week, month,
year, per actor, per customer or in total), sets conditions on the request (as
data, so a rulebook can state them), and may ask for dual control: a second,
different person. :meth:`AuthorityMatrix.decide` says whether a request is
allowed, which rule decided and why, what is left of the period's limits, and,
when it is not allowed, the lowest role that may approve it.

Money is :class:`Money` (the same class the routing rules take): a
:class:`~decimal.Decimal` amount with an ISO 4217 currency. Floats are refused, and
arithmetic is exact (it never rounds).

Sources: the credit-card centre's "弹性授权" (招商银行信用卡中心, in
"如何做好银行客服工作", 红杰人力人才网, 2015): "对临时额度的调整，一线客户服务专员在线即可完成；
授权一线服务人员调整客户因第一次没收到账单所产生的循环利息；
授权一线客户服务专员有条件处理客户各项手续费用". The emergency window of the
service-quality manual (《银行客户服务质量提升操作手册》): "挂失、诈骗止付等需求优先处理，
启动'双人复核+快速审批'".

The library never reads the clock and keeps no state: the request carries its
instant, and the host passes the period's earlier grants as ``history``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, get_args
from zoneinfo import ZoneInfo

import attrs

from svcquality._fields import (
    Language,
    choice_of,
    closest,
    identity,
    items_of,
    language_of,
    shown,
    zone_of,
)
from svcquality._instants import in_zone, require_aware
from svcquality._money import EXACT, Money, money_of
from svcquality._types import ConditionOp, LimitPeriod, LimitScope
from svcquality.errors import AuthorityError

__all__ = [
    "AuthorityMatrix",
    "AuthorityRequest",
    "AuthorityRule",
    "Condition",
    "Decision",
    "Granted",
    "Money",
    "PeriodLimit",
    "Remaining",
]


def _max_sum(value: object) -> Money | None:
    return None if value is None else money_of(value, "PeriodLimit.max_sum")


def _max_amount(value: object) -> Money | None:
    return None if value is None else money_of(value, "AuthorityRule.max_amount")


# --------------------------------------------------------------------------- helpers


def _name(value: object, where: str, example: str) -> str:
    if not isinstance(value, str) or not value.strip():
        msg = f"{where}: expected a non-empty name such as {example!r}, got {value!r}"
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
                f"{{'first_statement_received': False}}, got {data!r}"
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
                        msg = f"conditions.{attribute}: unknown operator {op!r}; " + closest(
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
                f"condition {self}: the request's {self.attribute}={got!r} is not a number "
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
                    f"compared with {self.value!r}; give {self.attribute!r} as a "
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


def _conditions(value: object) -> tuple[Condition, ...]:
    if isinstance(value, Mapping):
        return _canonical(Condition.from_data(value))
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        msg = (
            "AuthorityRule.conditions: expected a mapping such as "
            f"{{'first_statement_received': False}} or Condition objects, got {value!r}"
        )
        raise AuthorityError(msg)
    out = tuple(value)
    for i, c in enumerate(out):
        if not isinstance(c, Condition):
            msg = f"AuthorityRule.conditions[{i}]: expected a Condition, got {c!r}"
            raise AuthorityError(msg)
    return _canonical(out)


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
                f"AuthorityRule.conditions[{i}]: a second {c.op!r} condition on "
                f"{c.attribute!r}; a rule holds one per attribute and operator, so keep "
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
        msg = f"PeriodLimit.max_count: expected a whole number such as 20, got {value!r}"
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
                f"PeriodLimit({self.period!r}): a period limit needs max_count, max_sum or "
                f"both, e.g. PeriodLimit({self.period!r}, max_count=20)"
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
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        msg = f"AuthorityRule.limits: expected PeriodLimit objects, got {value!r}"
        raise AuthorityError(msg)
    out = tuple(value)
    for i, limit in enumerate(out):
        if not isinstance(limit, PeriodLimit):
            msg = (
                f"AuthorityRule.limits[{i}]: expected a PeriodLimit such as "
                f"PeriodLimit('day', max_count=20), got {limit!r}"
            )
            raise AuthorityError(msg)
    return out


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
            msg = f"{where}: name must be a str, got {self.name!r}"
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


# --------------------------------------------------------------------------- requests


def _customer(value: object) -> str:
    return identity(value, "AuthorityRequest.customer", "C-10086", AuthorityError)


def _request_amount(value: object) -> Money | None:
    return None if value is None else money_of(value, "AuthorityRequest.amount")


def _aware(_: object, __: object, value: datetime) -> None:
    require_aware(value, "AuthorityRequest.at")


def _attributes(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        msg = (
            "AuthorityRequest.attributes: expected a mapping such as "
            f"{{'first_statement_received': False}}, got {value!r}"
        )
        raise AuthorityError(msg)
    for key in value:
        if not isinstance(key, str):
            msg = f"AuthorityRequest.attributes: keys are attribute names, got {key!r}"
            raise AuthorityError(msg)
    return MappingProxyType(dict(value))


# Ids follow one rule (svcquality._fields.identity): no surrounding whitespace, no
# control or zero-width character, compared after NFKC, so one person is never two.
def _actor(value: object) -> str:
    return identity(value, "AuthorityRequest.actor", "A1024", AuthorityError)


def _second(value: object) -> str | None:
    if value is None:
        return None
    return identity(value, "AuthorityRequest.second_person", "A2048", AuthorityError)


@attrs.frozen
class AuthorityRequest:
    """One request for authority: who does what for which customer, for how much, when.

    Attributes:
        customer: the customer's id; per-customer limits count by it.
        amount: the money the action moves or waives (``"CNY 5000"`` is read as
            Money); ``None`` for an action without an amount, such as 挂失.
            Never negative.
        at: when the action is taken (timezone-aware); periods are read from it.
        actor: the employee who takes the action; per-actor limits count by it.
        attributes: facts about the request that conditions read, e.g.
            ``{"first_statement_received": False, "delinquent": False}``.
        second_person: the second employee under dual control (双人复核).
    """

    customer: str = attrs.field(converter=_customer)
    amount: Money | None = attrs.field(converter=_request_amount)
    at: datetime = attrs.field(validator=_aware)
    actor: str = attrs.field(kw_only=True, converter=_actor)
    attributes: Mapping[str, object] = attrs.field(
        factory=dict, kw_only=True, converter=_attributes, repr=lambda m: repr(dict(m))
    )
    second_person: str | None = attrs.field(default=None, kw_only=True, converter=_second)


@attrs.frozen
class Granted:
    """An action that was granted: what a host keeps as history.

    A :class:`Decision` that was allowed gives one as :attr:`Decision.granted`; a
    host that stores grants itself may rebuild them with this class.

    Attributes:
        action: the action granted.
        request: the request it was granted for.
    """

    action: str
    request: AuthorityRequest


@attrs.frozen
class Remaining:
    """What is left of one period limit.

    Attributes:
        period: the limit's period.
        per: whose grants it counts.
        count: grants left (``None`` when the limit has no count).
        amount: money left (``None`` when the limit has no sum).
    """

    period: LimitPeriod
    per: LimitScope
    count: int | None
    amount: Money | None


@attrs.frozen
class Decision:
    """The answer to :meth:`AuthorityMatrix.decide`.

    Attributes:
        allowed: whether the action may be taken.
        role: the role asked about.
        action: the action asked about.
        request: the request.
        reason: why, in words, in the language asked of :meth:`AuthorityMatrix.decide`.
        rule_index: the position in the matrix's ``rules`` of the rule that
            decided; ``None`` when the role has no rule for the action.
        rule_name: that rule's label (its name, or ``"role × action"``).
        remaining: what is left of each period limit of that rule: after this
            action when allowed, as it stands when not.
        refer_to: when not allowed, the lowest role above ``role`` that may
            approve (its per-actor limits are checked when it decides); ``None``
            when allowed, when only a second person is missing, or when no role may.
        requires_second_person: whether the rule asks for dual control.
        second_person: the second person named on the request.
    """

    allowed: bool
    role: str
    action: str
    request: AuthorityRequest
    reason: str
    rule_index: int | None = None
    rule_name: str = ""
    remaining: tuple[Remaining, ...] = ()
    refer_to: str | None = None
    requires_second_person: bool = False
    second_person: str | None = None

    @property
    def remaining_count(self) -> int | None:
        """The fewest grants left over the rule's count limits (``None``: no count limit)."""
        counts = [r.count for r in self.remaining if r.count is not None]
        return min(counts) if counts else None

    @property
    def remaining_amount(self) -> Money | None:
        """The least money left over the rule's sum limits (``None``: no sum limit)."""
        amounts = [r.amount for r in self.remaining if r.amount is not None]
        return min(amounts, key=lambda m: m.amount) if amounts else None

    @property
    def granted(self) -> Granted | None:
        """What to keep in the history when allowed; ``None`` when not."""
        return Granted(self.action, self.request) if self.allowed else None


# --------------------------------------------------------------------------- matrix

_CONDITION, _AMOUNT, _LIMIT, _SECOND, _OK = range(5)


@attrs.frozen
class _Outcome:
    stage: int  # how far the request got: _OK when allowed
    reason: str
    remaining: tuple[Remaining, ...]


def _period_key(period: str, t: datetime) -> object:
    if period == "day":
        return t.date()
    if period == "week":
        iso = t.isocalendar()
        return (iso[0], iso[1])
    if period == "month":
        return (t.year, t.month)
    if period == "year":
        return t.year
    return None


def _period_words(period: str, t: datetime) -> str:
    key = _period_key(period, t)
    if period == "ever":
        return "ever"
    if isinstance(key, date):
        return f"on {key.isoformat()}"
    if period == "week":
        return f"in week {t.isocalendar()[1]} of {t.isocalendar()[0]}"
    if period == "month":
        return f"in {t.year}-{t.month:02d}"
    return f"in {t.year}"


def _roles(value: object) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        msg = (
            "AuthorityMatrix.roles: expected the roles from the front line upwards, e.g. "
            f"['agent', 'team_leader', 'supervisor', 'branch_manager'], got {value!r}"
        )
        raise AuthorityError(msg)
    out = tuple(value)
    if not out:
        msg = "AuthorityMatrix.roles: no roles; list them from the front line upwards"
        raise AuthorityError(msg)
    seen: dict[str, int] = {}
    for i, role in enumerate(out):
        _name(role, f"AuthorityMatrix.roles[{i}]", "agent")
        if role in seen:
            msg = (
                f"AuthorityMatrix.roles[{i}]: {role!r} is listed twice (also at {seen[role]}); "
                "each role has one place in the hierarchy"
            )
            raise AuthorityError(msg)
        seen[role] = i
    return out


def _rules(value: object) -> tuple[AuthorityRule, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        msg = f"AuthorityMatrix.rules: expected AuthorityRule objects, got {value!r}"
        raise AuthorityError(msg)
    out = tuple(value)
    for i, rule in enumerate(out):
        if not isinstance(rule, AuthorityRule):
            msg = f"AuthorityMatrix.rules[{i}]: expected an AuthorityRule, got {rule!r}"
            raise AuthorityError(msg)
    return out


def _zone(_: object, __: object, value: str) -> None:
    zone_of(value, "AuthorityMatrix.zone", AuthorityError, tzinfo_ok=False)


@attrs.frozen
class AuthorityMatrix:
    """Role × action → rules, over a hierarchy of roles.

    A request is allowed when one of the role's rules for the action allows it
    (the first that does decides). A rule allows it when every condition holds,
    the amount is within ``max_amount``, every period limit holds with this
    action counted, and, under dual control, a second person other than the
    actor is named. When it is not allowed, the decision names the lowest
    higher role whose rules would allow it.

    Attributes:
        roles: the roles from the front line upwards, e.g.
            ``("agent", "team_leader", "supervisor", "branch_manager")``.
        rules: the rules, in order.
        zone: the IANA zone in which days, weeks, months and years are read,
            e.g. ``"Asia/Shanghai"``.
    """

    roles: tuple[str, ...] = attrs.field(converter=_roles)
    rules: tuple[AuthorityRule, ...] = attrs.field(converter=_rules)
    zone: str = attrs.field(validator=_zone)
    _tz: ZoneInfo = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_tz", ZoneInfo(self.zone))
        currency_of: dict[str, tuple[str, int]] = {}
        seen: dict[AuthorityRule, int] = {}
        for i, rule in enumerate(self.rules):
            where = f"AuthorityMatrix.rules[{i}] ({rule.label})"
            if rule.role not in self.roles:
                msg = f"{where}: role {rule.role!r} is not in roles; " + closest(
                    rule.role, self.roles, "roles"
                )
                raise AuthorityError(msg)
            if rule in seen:
                msg = f"{where}: the same rule as rules[{seen[rule]}]; remove one"
                raise AuthorityError(msg)
            seen[rule] = i
            currency = rule.currency
            if currency is None:
                continue
            if rule.action in currency_of and currency_of[rule.action][0] != currency:
                other, j = currency_of[rule.action]
                msg = (
                    f"{where}: currency mismatch: {currency} here, {other} in rules[{j}] for "
                    f"the same action {rule.action!r}; state one action's limits in one "
                    "currency (name a separate action per currency)"
                )
                raise AuthorityError(msg)
            currency_of.setdefault(rule.action, (currency, i))

    @property
    def actions(self) -> tuple[str, ...]:
        """Every action some rule names, in first-seen order."""
        return tuple(dict.fromkeys(rule.action for rule in self.rules))

    def rules_for(self, role: str, action: str) -> tuple[AuthorityRule, ...]:
        """The rules of ``role`` for ``action``, in order."""
        return tuple(r for r in self.rules if r.role == role and r.action == action)

    def decide(
        self,
        role: str,
        action: str,
        request: AuthorityRequest,
        history: Iterable[Decision | Granted],
        *,
        language: Language = "en",
    ) -> Decision:
        """Whether ``role`` may take ``action`` for ``request``, given the earlier grants.

        Args:
            role: the role of ``request.actor``.
            action: the action, e.g. ``"临时额度调整"``.
            request: who, for which customer, how much, when.
            history: the earlier grants that period limits count: allowed
                :class:`Decision` objects (refused ones are skipped, they did not
                happen) or :class:`Granted` records. Only those of ``action`` in the
                request's period count, whenever in the period they fall.
            language: the language of the decision's ``reason``: ``"en"``
                (default) or ``"zh"`` for the agent's screen (``"允许：..."``,
                ``"双人复核：..."``). Everything else in the decision is data.

        Returns:
            The :class:`Decision`.

        Raises:
            AuthorityError: an unknown role or action (the known ones are listed,
                closest first), a request without the amount a rule limits, an
                amount in another currency than the rule's limits, a history item
                that is not a grant, or an unknown language.
        """
        zh = language_of(language, "decide()", AuthorityError) == "zh"
        if role not in self.roles:
            msg = f"decide(): unknown role {role!r}; " + closest(role, self.roles, "roles")
            raise AuthorityError(msg, code="authority.unknown_role", value=role, known=self.roles)
        if action not in self.actions:
            msg = f"decide(): unknown action {action!r}; " + closest(
                action, self.actions, "actions"
            )
            raise AuthorityError(
                msg, code="authority.unknown_action", value=action, known=self.actions
            )
        if not isinstance(request, AuthorityRequest):
            msg = f"decide(): request must be an AuthorityRequest, got {request!r}"
            raise AuthorityError(msg)
        grants = _grants(history, action)
        candidates = [
            (i, r) for i, r in enumerate(self.rules) if r.role == role and r.action == action
        ]
        outcomes = [(i, r, self._evaluate(r, request, grants, zh=zh)) for i, r in candidates]
        colon = "：" if zh else ": "
        for i, rule, outcome in outcomes:
            if outcome.stage == _OK:
                return Decision(
                    allowed=True,
                    role=role,
                    action=action,
                    request=request,
                    reason=f"{rule.label}{colon}{outcome.reason}",
                    rule_index=i,
                    rule_name=rule.label,
                    remaining=outcome.remaining,
                    requires_second_person=rule.requires_second_person,
                    second_person=request.second_person,
                )
        if not outcomes:
            refer = self._refer(role, action, request, grants)
            reason = (
                f"角色 {role!r} 无权办理 {action!r}"
                if zh
                else f"role {role!r} has no authority for {action!r}"
            )
            return Decision(
                allowed=False,
                role=role,
                action=action,
                request=request,
                reason=reason + _referral(refer, role, zh=zh),
                refer_to=refer,
                second_person=request.second_person,
            )
        # Report the rule the request got furthest with (the first of equals).
        i, rule, outcome = max(outcomes, key=lambda o: (o[2].stage, -o[0]))
        reason = ("；" if zh else "; ").join(f"{r.label}{colon}{o.reason}" for _, r, o in outcomes)
        refer = None
        if outcome.stage != _SECOND:
            refer = self._refer(role, action, request, grants)
            reason += _referral(refer, role, zh=zh)
        return Decision(
            allowed=False,
            role=role,
            action=action,
            request=request,
            reason=reason,
            rule_index=i,
            rule_name=rule.label,
            remaining=outcome.remaining,
            refer_to=refer,
            requires_second_person=rule.requires_second_person,
            second_person=request.second_person,
        )

    def _refer(
        self, role: str, action: str, request: AuthorityRequest, grants: Sequence[Granted]
    ) -> str | None:
        for higher in self.roles[self.roles.index(role) + 1 :]:
            for rule in self.rules_for(higher, action):
                outcome = self._evaluate(rule, request, grants, approver_unknown=True)
                if outcome.stage == _OK:
                    return higher
        return None

    def _evaluate(
        self,
        rule: AuthorityRule,
        request: AuthorityRequest,
        grants: Sequence[Granted],
        *,
        approver_unknown: bool = False,
        zh: bool = False,
    ) -> _Outcome:
        amount = self._amount_of(rule, request)
        local = in_zone(request.at, self._tz, "AuthorityRequest.at", AuthorityError)
        before: list[Remaining] = []
        after: list[Remaining] = []
        refusal = ""
        for limit in rule.limits:
            if approver_unknown and limit.per == "actor":
                continue  # the approver's own limits are checked when the approver decides
            count, total = self._used(limit, request, local, grants, rule)
            words = _limit_words(limit, local, zh=zh)
            left_count = left_sum = None
            if limit.max_count is not None:
                left_count = limit.max_count - count
                if left_count < 1 and not refusal:
                    refusal = (
                        f"{words}已用完：已批准{count}次，上限{limit.max_count}次"
                        if zh
                        else f"the {words} is used up: {count} of {limit.max_count} granted"
                    )
            if limit.max_sum is not None:
                used = Money(total, limit.max_sum.currency)
                left_sum = limit.max_sum - used
                assert amount is not None  # _amount_of insists when a rule sums amounts
                if amount > left_sum and not refusal:
                    refusal = (
                        f"{amount} 将超出{words}：已批准 {used}，剩余 {_floor(left_sum)}"
                        if zh
                        else f"{amount} would exceed the {words}: {used} granted, "
                        f"{_floor(left_sum)} left"
                    )
            before.append(
                Remaining(
                    limit.period,
                    limit.per,
                    None if left_count is None else max(left_count, 0),
                    None if left_sum is None else _floor(left_sum),
                )
            )
            after.append(
                Remaining(
                    limit.period,
                    limit.per,
                    None if left_count is None else left_count - 1,
                    None if left_sum is None or amount is None else left_sum - amount,
                )
            )
        as_it_stands = tuple(before)
        for condition in rule.conditions:
            holds, found = condition.check(request.attributes, language="zh" if zh else "en")
            if not holds:
                reason = (
                    f"条件 {condition} 不满足：{found}"
                    if zh
                    else f"condition {condition} is not met: {found}"
                )
                return _Outcome(_CONDITION, reason, as_it_stands)
        if rule.max_amount is not None and amount is not None and amount > rule.max_amount:
            reason = (
                f"{amount} 超过单笔限额 {rule.max_amount}"
                if zh
                else f"{amount} is above the limit of {rule.max_amount} per action"
            )
            return _Outcome(_AMOUNT, reason, as_it_stands)
        if refusal:
            return _Outcome(_LIMIT, refusal, as_it_stands)
        if rule.requires_second_person and not approver_unknown:
            second = request.second_person
            if second is None:
                reason = (
                    "双人复核：须由第二人复核，请在 second_person 中写明复核人"
                    if zh
                    else "dual control (双人复核): a second person must review; name them in "
                    "second_person"
                )
                return _Outcome(_SECOND, reason, as_it_stands)
            if second == request.actor:
                reason = (
                    f"双人复核：复核人 {second!r} 即经办人本人，须由两个不同的人办理"
                    if zh
                    else f"dual control (双人复核): the second person {second!r} is the actor; "
                    "two different people must act"
                )
                return _Outcome(_SECOND, reason, as_it_stands)
        return _Outcome(_OK, _allowed_words(rule, amount, request, zh=zh), tuple(after))

    def _amount_of(self, rule: AuthorityRule, request: AuthorityRequest) -> Money | None:
        amount = request.amount
        currency = rule.currency
        if currency is None:
            return amount
        if amount is None:
            msg = (
                f"decide(): rule {rule.label!r} limits the amount, so the request needs one; "
                f"pass amount=Money.parse('{currency} 5000') (or the real amount)"
            )
            raise AuthorityError(msg)
        if amount.currency != currency:
            msg = (
                f"decide(): currency mismatch: the request is for {amount}, rule "
                f"{rule.label!r} limits {currency}; svcquality never converts, so pass the "
                f"amount in {currency} or name a separate action for {amount.currency}"
            )
            raise AuthorityError(msg)
        return amount

    def _used(
        self,
        limit: PeriodLimit,
        request: AuthorityRequest,
        local: datetime,
        grants: Sequence[Granted],
        rule: AuthorityRule,
    ) -> tuple[int, Decimal]:
        key = _period_key(limit.period, local)
        count = 0
        total = Decimal(0)
        for index, grant in enumerate(grants):
            earlier = grant.request
            if limit.per == "actor" and earlier.actor != request.actor:
                continue
            if limit.per == "customer" and earlier.customer != request.customer:
                continue
            when = in_zone(earlier.at, self._tz, f"history: grant {index}'s at", AuthorityError)
            if _period_key(limit.period, when) != key:
                continue
            count += 1
            if limit.max_sum is None:
                continue
            if earlier.amount is None:
                msg = (
                    f"history: grant {index} of {grant.action!r} (at {earlier.at.isoformat()}) "
                    f"has no amount, but rule {rule.label!r} sums amounts; record its amount"
                )
                raise AuthorityError(msg)
            if earlier.amount.currency != limit.max_sum.currency:
                msg = (
                    f"history: grant {index} of {grant.action!r} is {earlier.amount}: currency "
                    f"mismatch with the limit {limit.max_sum} of rule {rule.label!r}"
                )
                raise AuthorityError(msg)
            total = EXACT.add(total, earlier.amount.amount)
        return count, total


def _grants(history: Iterable[Decision | Granted], action: str) -> list[Granted]:
    if isinstance(history, (str, bytes, Mapping)) or not isinstance(history, Iterable):
        msg = (
            "decide(): history must be a sequence of earlier Decision or Granted objects "
            f"(an empty list when there are none), got {history!r}"
        )
        raise AuthorityError(msg)
    out: list[Granted] = []
    for i, item in enumerate(history):
        if isinstance(item, Decision):
            granted = item.granted
            if granted is not None and granted.action == action:
                out.append(granted)
        elif isinstance(item, Granted):
            if item.action == action:
                out.append(item)
        else:
            msg = (
                f"decide(): history[{i}] must be a Decision or a Granted, got "
                f"{type(item).__name__} {item!r}"
            )
            raise AuthorityError(msg)
    return out


def _floor(value: Money) -> Money:
    return value if value.amount >= 0 else Money.zero(value.currency)


def _referral(refer: str | None, role: str, *, zh: bool) -> str:
    if zh:
        if refer is None:
            return f"；{role!r} 以上没有可以批准的角色"
        return f"；请转 {refer!r} 审批（可以批准的最低角色）"
    if refer is None:
        return f"; no role above {role!r} may approve it"
    return f"; refer to {refer!r}, the lowest role that may approve it"


def _limit_words(limit: PeriodLimit, local: datetime, *, zh: bool) -> str:
    """``"day limit (3 times a day per actor) on 2025-10-09"``, or its Chinese."""
    if not zh:
        return f"{limit.period} limit ({limit}) {_period_words(limit.period, local)}"
    when = {
        "day": f"{local:%Y-%m-%d}",
        "week": f"{local.isocalendar()[0]}年第{local.isocalendar()[1]}周",
        "month": f"{local.year}年{local.month}月",
        "year": f"{local.year}年",
        "ever": "",
    }[limit.period]
    return (f"{when}的" if when else "") + f"期间限额（{limit.describe(language='zh')}）"


def _allowed_words(
    rule: AuthorityRule, amount: Money | None, request: AuthorityRequest, *, zh: bool = False
) -> str:
    if zh:
        zh_parts = []
        if rule.conditions:
            zh_parts.append("满足条件（" + "，".join(map(str, rule.conditions)) + "）")
        if rule.max_amount is not None and amount is not None:
            zh_parts.append(f"{amount} 在单笔限额 {rule.max_amount} 以内")
        if rule.limits:
            limits = "；".join(lim.describe(language="zh") for lim in rule.limits)
            zh_parts.append(f"在期间限额以内（{limits}）")
        if rule.requires_second_person:
            zh_parts.append(f"复核人 {request.second_person!r} 已复核（双人复核）")
        if not zh_parts:
            zh_parts.append("该角色的权限不设上限")
        return "允许：" + "，".join(zh_parts)
    parts = []
    if rule.conditions:
        parts.append("conditions met (" + ", ".join(map(str, rule.conditions)) + ")")
    if rule.max_amount is not None and amount is not None:
        parts.append(f"{amount} within {rule.max_amount} per action")
    if rule.limits:
        parts.append("within " + "; ".join(map(str, rule.limits)))
    if rule.requires_second_person:
        parts.append(f"second person {request.second_person!r} reviewed (双人复核)")
    if not parts:
        parts.append("the role's authority is unlimited")
    return "allowed: " + ", ".join(parts)
