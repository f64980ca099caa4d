"""The events of a request's ownership and work orders (internal to :mod:`svcquality.routing`)."""

from __future__ import annotations

from typing import TypeAlias

import attrs

from svcquality._fields import filled, identity, must_be, shown, text
from svcquality._logs import Logged, belongs
from svcquality.clock import (
    Opened,
    Reopened,
    Resolved,
)
from svcquality.errors import RoutingError
from svcquality.promises import Target

__all__ = [
    "ANSWER",
    "Arrived",
    "Closed",
    "HandoverAccepted",
    "HandoverOffered",
    "HandoverRejected",
    "HandoverWithdrawn",
    "NoteAdded",
    "OWN",
    "RequestEvent",
    "Taken",
    "WorkOrderAnswered",
    "WorkOrderIssued",
]

#: The milestone name of a work order's own clock.
ANSWER = "answer"
#: The milestone name of the time-to-own clock.
OWN = "own"


# --------------------------------------------------------------------------- validators


# An employee, unit or order id follows the one rule for every identity (no
# surrounding whitespace, no control or zero-width character, NFKC), so a hand-over
# to "王敏 " is never a hand-over to someone other than "王敏".


# Each id field's converter, named (the attrs mypy plugin reads only functions).
def _taken_employee(value: object) -> str:
    return identity(value, "Taken.employee", "柜员王敏", RoutingError)


def _taken_unit(value: object) -> str:
    return identity(value, "Taken.unit", "branch_counter", RoutingError)


def _handoveroffered_to(value: object) -> str:
    return identity(value, "HandoverOffered.to", "柜员王敏", RoutingError)


def _handoveroffered_unit(value: object) -> str:
    return identity(value, "HandoverOffered.unit", "branch_counter", RoutingError)


def _handoveraccepted_by(value: object) -> str:
    return identity(value, "HandoverAccepted.by", "柜员王敏", RoutingError)


def _handoverrejected_by(value: object) -> str:
    return identity(value, "HandoverRejected.by", "柜员王敏", RoutingError)


def _workorderissued_order(value: object) -> str:
    return identity(value, "WorkOrderIssued.order", "WO-1", RoutingError)


def _workorderissued_unit(value: object) -> str:
    return identity(value, "WorkOrderIssued.unit", "card_centre", RoutingError)


def _noteadded_author(value: object) -> str:
    return identity(value, "NoteAdded.author", "柜员王敏", RoutingError)


def _workorderanswered_order(value: object) -> str:
    return identity(value, "WorkOrderAnswered.order", "WO-1", RoutingError)


def _workorderanswered_by(value: object) -> str:
    return identity(value, "WorkOrderAnswered.by", "card_centre", RoutingError)


def _request_request_id(value: object) -> str:
    return identity(value, "Request.request_id", "R-1", RoutingError)


_name = must_be("a non-empty name such as '张三' or 'card_centre'", RoutingError, filled)
_text = text(RoutingError)


def _order_id(value: object) -> str | None:
    # Checked here, like every other id, so a replay never meets an id it cannot look up.
    if value is None:
        return None
    if not isinstance(value, str):
        msg = (
            "NoteAdded: order must be None (a note on the request) or the name of a work "
            f"order such as 'WO-1', got {shown(value)}"
        )
        raise RoutingError(msg)
    return identity(value, "NoteAdded.order", "WO-1", RoutingError)


_target = must_be("a Target such as Target.wall(timedelta(hours=24))", RoutingError, Target)


# --------------------------------------------------------------------------- events


@attrs.frozen
class Arrived(Logged):
    """The customer's request arrived (at the counter, on the phone, in the app)."""


@attrs.frozen
class Taken(Logged):
    """An employee takes the request: the first one to do so owns it (首问负责).

    Attributes:
        at: when.
        employee: who, e.g. ``"柜员王敏"``.
        unit: the employee's unit, e.g. ``"branch_counter"``.
    """

    employee: str = attrs.field(converter=_taken_employee)
    unit: str = attrs.field(converter=_taken_unit)


@attrs.frozen
class HandoverOffered(Logged):
    """The owner offers the request to another employee; nothing moves until accepted."""

    to: str = attrs.field(converter=_handoveroffered_to)
    unit: str = attrs.field(converter=_handoveroffered_unit)


@attrs.frozen
class HandoverAccepted(Logged):
    """The receiver of the pending offer accepts it and becomes the owner."""

    by: str = attrs.field(converter=_handoveraccepted_by)


@attrs.frozen
class HandoverRejected(Logged):
    """The receiver of the pending offer declines it; the owner keeps the request."""

    by: str = attrs.field(converter=_handoverrejected_by)
    reason: str = attrs.field(default="", validator=_text)


@attrs.frozen
class HandoverWithdrawn(Logged):
    """The owner withdraws an unanswered offer (before offering to someone else)."""


@attrs.frozen
class WorkOrderIssued(Logged):
    """The owner sends part of the work to another unit; the owner keeps the request.

    Attributes:
        at: when the work order was issued; its clock starts here.
        order: the work order's id, unique within the request.
        unit: the handler unit, e.g. ``"card_centre"`` (信用卡中心); it needs a
            calendar in the request's ``calendars``.
        need: what the customer needs, in the words the handler will read.
        target: the internal target for the handler's answer, e.g.
            ``Target.wall(timedelta(hours=24))`` (24小时内反馈方案).
        problem: the problem itself, stated in detail (详细写明问题), beside what
            the customer needs; ``""`` when the need says it all.
    """

    order: str = attrs.field(converter=_workorderissued_order)
    unit: str = attrs.field(converter=_workorderissued_unit)
    need: str = attrs.field(validator=_name)
    target: Target = attrs.field(validator=_target)
    problem: str = attrs.field(default="", kw_only=True, validator=_text)


@attrs.frozen
class NoteAdded(Logged):
    """A note on the trail that every later handler sees (注记).

    ``order`` names the work order the note belongs to, or is None for a note
    on the request itself.
    """

    author: str = attrs.field(converter=_noteadded_author)
    text: str = attrs.field(validator=_name)
    order: str | None = attrs.field(default=None, converter=_order_id)


@attrs.frozen
class WorkOrderAnswered(Logged):
    """The handler unit answers the work order; this meets its clock."""

    order: str = attrs.field(converter=_workorderanswered_order)
    by: str = attrs.field(converter=_workorderanswered_by)
    text: str = attrs.field(validator=_name)


@attrs.frozen
class Closed(Logged):
    """The owner closes the request (every work order must be answered first)."""


RequestEvent: TypeAlias = (
    Arrived
    | Taken
    | HandoverOffered
    | HandoverAccepted
    | HandoverRejected
    | HandoverWithdrawn
    | WorkOrderIssued
    | NoteAdded
    | WorkOrderAnswered
    | Closed
)
_EVENTS = (
    Arrived,
    Taken,
    HandoverOffered,
    HandoverAccepted,
    HandoverRejected,
    HandoverWithdrawn,
    WorkOrderIssued,
    NoteAdded,
    WorkOrderAnswered,
    Closed,
)
belongs("routing", _EVENTS)
#: The clock's events routing reads in a request's one log: the opening (the
#: arrival), the resolution (the close) and a reopening.
_SHARED = (Opened, Resolved, Reopened)
