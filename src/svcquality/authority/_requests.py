"""A request for an authorised action, earlier grants, and the decision with its reasons."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

import attrs

from svcquality._fields import (
    identity,
    shown,
)
from svcquality._instants import require_aware
from svcquality._money import Money, money_of
from svcquality._types import LimitPeriod, LimitScope
from svcquality.errors import AuthorityError

__all__ = ["AuthorityRequest", "Decision", "Granted", "Remaining"]
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
            f"{{'first_statement_received': False}}, got {shown(value)}"
        )
        raise AuthorityError(msg)
    for key in value:
        if not isinstance(key, str):
            msg = f"AuthorityRequest.attributes: keys are attribute names, got {shown(key)}"
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
