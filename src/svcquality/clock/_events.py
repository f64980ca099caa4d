"""The clock's events: what a request's log is made of (internal to :mod:`svcquality.clock`).

The classes are public through :mod:`svcquality.clock`; this module also holds
the two helpers every reader of a log shares: :func:`log_of` (a log, not a single
event or a string) and :func:`describe` (an event as an error message shows it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeAlias, get_args

import attrs

from svcquality._fields import identity, must_be, shown, text
from svcquality._logs import Logged, belongs
from svcquality._types import ReopenPolicy, RetargetPolicy
from svcquality.errors import EventLogError
from svcquality.promises import Promise, Target

_text = text(EventLogError)


def _policy(alias: object) -> Callable[[Any, Any, Any], None]:
    choices = get_args(alias)  # read from the Literal alias, never re-listed
    return must_be(f"one of {', '.join(choices)}", EventLogError, lambda v: v in choices)


# Each field's check, in the one form of _fields.must_be.
_reopen_policy = _policy(ReopenPolicy)
_retarget_policy = _policy(RetargetPolicy)
_promise = must_be("a Promise", EventLogError, Promise)
_target = must_be("a Target such as Target.working_days(30)", EventLogError, Target)
_approver = must_be("the approver's name or None", EventLogError, (str, type(None)))
_informed = must_be("True or False", EventLogError, bool)
_status_name = must_be(
    "the host's status name, without spaces, such as 'awaiting_customer' (a name its "
    "promise's status_rules maps)",
    EventLogError,
    lambda value: isinstance(value, str) and bool(value) and not any(c.isspace() for c in value),
)


#: The request's attributes an :class:`Opened` may carry, in this order.
REQUEST_ATTRIBUTES = ("service", "severity", "channel", "customer_tier", "branch")


def _optional_id(value: object, name: str, example: str) -> str | None:
    if value is None:
        return None
    return identity(value, f"Opened.{name}", example, EventLogError)


# Each attribute's converter, named (the attrs mypy plugin reads only functions).
def _opened_service(value: object) -> str | None:
    return _optional_id(value, "service", "card_points")


def _opened_severity(value: object) -> str | None:
    return _optional_id(value, "severity", "III")


def _opened_channel(value: object) -> str | None:
    return _optional_id(value, "channel", "counter")


def _opened_customer_tier(value: object) -> str | None:
    return _optional_id(value, "customer_tier", "private_banking")


def _opened_branch(value: object) -> str | None:
    return _optional_id(value, "branch", "shanghai_pudong")


@attrs.frozen
class Opened(Logged):
    """The request arrived and its clock starts (首问: the first contact).

    It opens a request's one log (``docs/request.md``), so it may carry the
    request's attributes; each is None when not recorded. Readers that route or
    pick a promise read them from here (:meth:`attributes`); the clock does not
    use them.

    Attributes:
        at: when the request arrived.
        service: e.g. ``"card_points"`` (信用卡积分).
        severity: e.g. ``"III"``.
        channel: e.g. ``"counter"``.
        customer_tier: e.g. ``"private_banking"``.
        branch: e.g. ``"shanghai_pudong"``.
    """

    service: str | None = attrs.field(default=None, kw_only=True, converter=_opened_service)
    severity: str | None = attrs.field(default=None, kw_only=True, converter=_opened_severity)
    channel: str | None = attrs.field(default=None, kw_only=True, converter=_opened_channel)
    customer_tier: str | None = attrs.field(
        default=None, kw_only=True, converter=_opened_customer_tier
    )
    branch: str | None = attrs.field(default=None, kw_only=True, converter=_opened_branch)

    def attributes(self) -> dict[str, str]:
        """The attributes recorded, by name (those left None are left out)."""
        return {
            name: value for name in REQUEST_ATTRIBUTES if (value := getattr(self, name)) is not None
        }


@attrs.frozen
class Paused(Logged):
    """The clock stops, e.g. ``reason="awaiting customer"`` (等待客户补充材料)."""

    reason: str = attrs.field(default="", validator=_text)


@attrs.frozen
class Resumed(Logged):
    """The clock runs again after a pause."""


@attrs.frozen
class Met(Logged):
    """One milestone is done (on time or late)."""

    milestone: str = attrs.field(validator=_text)


@attrs.frozen
class Resolved(Logged):
    """The request is closed; every milestone not yet met is met now."""


@attrs.frozen
class Reopened(Logged):
    """A resolved request is opened again (the customer was not satisfied)."""

    policy: ReopenPolicy = attrs.field(default="new_cycle", validator=_reopen_policy)


@attrs.frozen
class Retargeted(Logged):
    """The request's severity changed, so another promise applies from ``at``."""

    promise: Promise = attrs.field(validator=_promise)
    policy: RetargetPolicy = attrs.field(default="keep_elapsed", validator=_retarget_policy)


@attrs.frozen
class Extended(Logged):
    """A milestone's time limit is extended (延长处理期限) to the promise's next extension.

    ``to`` names the target the extension gives, which must be the next one the
    promise declares for the milestone (see :class:`~svcquality.Extension`).

    Attributes:
        at: when the extension was decided.
        milestone: the milestone extended, e.g. ``"decide"``.
        to: the new target, counted from the milestone's start.
        reason: why ("情况复杂"); required when the extension requires a reason.
        approved_by: who approved it; required when it requires approval.
        customer_informed: whether the customer was told; must be True when the
            extension requires it.
    """

    milestone: str = attrs.field(validator=_text)
    to: Target = attrs.field(validator=_target)
    reason: str = attrs.field(default="", kw_only=True, validator=_text)
    approved_by: str | None = attrs.field(default=None, kw_only=True, validator=_approver)
    customer_informed: bool = attrs.field(default=False, kw_only=True, validator=_informed)


@attrs.frozen
class StatusChanged(Logged):
    """The host's ticket moved to ``status``, e.g. ``"awaiting_customer"``.

    The promise's ``status_rules`` say what the status does to the clock (a
    :class:`~svcquality.StatusRule`); the clock applies the explicit events the
    rule implies, so a host maps its ticket states once, as data. A status the
    promise does not list is an error naming those it does (``docs/clock.md``,
    "Status rules").
    """

    status: str = attrs.field(validator=_status_name)


@attrs.frozen
class CustomerMessage(Logged):
    """The customer wrote (a message on the ticket, a chat line, a call-back request).

    Each milestone the promise lists in ``replies`` (e.g. ``"reply"``) opens an
    occurrence from ``at`` if none waits; a message while one waits opens
    nothing (the reply is due from the oldest unanswered message, as Zendesk's
    next reply time). The agent's reply is ``Met(at, "reply")``
    (``docs/clock.md``, "Next reply").
    """


Event: TypeAlias = (
    Opened
    | Paused
    | Resumed
    | Met
    | Resolved
    | Reopened
    | Retargeted
    | Extended
    | StatusChanged
    | CustomerMessage
)
EVENTS = (
    Opened,
    Paused,
    Resumed,
    Met,
    Resolved,
    Reopened,
    Retargeted,
    Extended,
    StatusChanged,
    CustomerMessage,
)
belongs("clock", EVENTS)


def describe(event: object) -> str:
    """An event as an error message names it: ``Met(at=..., milestone='respond')``."""
    if isinstance(event, EVENTS):
        at = event.at.isoformat()
        extra = f", milestone={event.milestone!r}" if isinstance(event, Met | Extended) else ""
        if isinstance(event, StatusChanged):
            extra = f", status={event.status!r}"
        return f"{type(event).__name__}(at={at}{extra})"
    return repr(event)


def log_of(log: object, where: str = "log") -> Iterable[Event]:
    """``log`` if it is an iterable of events (a list, a tuple, a generator), else
    EventLogError: a single event, None or a number is a mistake, not a log."""
    if isinstance(log, (list, tuple)):  # the usual log, told at once (no ABC check)
        return log
    if isinstance(log, (str, bytes, Mapping, *EVENTS)) or not isinstance(log, Iterable):
        msg = (
            f"{where} must be a list of events such as [Opened(at=...)], "
            f"got {type(log).__name__} {shown(log)}"
        )
        raise EventLogError(msg)
    return log
