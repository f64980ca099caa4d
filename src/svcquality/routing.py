"""First-responder routing: who owns a request, work orders, and routing rules.

Three pieces, all pure (state and events in, decisions and new state out):

- :class:`Request` is the event-sourced ownership of one customer request
  (首问负责制): the first employee who takes it owns it until it closes.
  Ownership moves only by a handover that is offered and then accepted by its
  receiver; a rejected, withdrawn or unanswered offer leaves it where it was.
- A :class:`WorkOrder` hands work to another unit (跨部门协作时通过工单明确责任、
  时限) while the first responder keeps the request: the handler unit, what the
  customer needs, the due instant from an internal :class:`~svcquality.Target`
  on *that unit's* calendar, and a trail of notes every later handler sees
  (前手服务人员…做特定的注记，后手…界面上反映得一清二楚).
  Each work order's clock, and the request's time-to-own (arrival until someone
  owns it), are read with :func:`svcquality.read_clock`: the same reading model
  as the SLA clock, not a second clock.
- :class:`RoutingRules` sends a request to a unit or a role by ordered rules on
  its attributes, ending with a default, and says which rule matched and why.

Source: the service-quality manual (《银行客户服务质量提升操作手册》): "首问负责制+内部工单流转：
首位接待员工全程跟进…例如，客户咨询信用卡积分问题，柜员直接发起工单至信用卡中心，
24小时内反馈方案".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Literal, TypeAlias

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
    aware,
    choice_of,
    closest,
    identity,
    shown,
    text,
)
from svcquality._logs import LogKinds, belongs, event_error, in_order
from svcquality._ordered import check_table, first_match
from svcquality._types import RouteKind
from svcquality.calendars import BusinessCalendar
from svcquality.clock import (
    Event,
    Met,
    MilestoneReading,
    Opened,
    Reopened,
    Resolved,
    read_clock,
)
from svcquality.clock._events import describe as describe_clock_event
from svcquality.errors import RoutingError
from svcquality.promises import Promise, Target

__all__ = [
    "ANSWER",
    "ATTRIBUTES",
    "OWN",
    "Amount",
    "Arrived",
    "Closed",
    "HandoverAccepted",
    "HandoverOffered",
    "HandoverRejected",
    "HandoverWithdrawn",
    "Note",
    "NoteAdded",
    "Owner",
    "Request",
    "RequestEvent",
    "RoutingDecision",
    "RoutingRule",
    "RoutingRules",
    "Taken",
    "WorkOrder",
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


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = (
            f"{type(instance).__name__}: {attribute.name} must be a non-empty name such as "
            f"'张三' or 'card_centre', got {value!r}"
        )
        raise RoutingError(msg)


_aware = aware
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


def _target(instance: object, attribute: attrs.Attribute[Target], value: object) -> None:
    if not isinstance(value, Target):
        msg = (
            f"{type(instance).__name__}: {attribute.name} must be a Target such as "
            f"Target.wall(timedelta(hours=24)), got {value!r}"
        )
        raise RoutingError(msg)


# --------------------------------------------------------------------------- events


@attrs.frozen
class Arrived:
    """The customer's request arrived (at the counter, on the phone, in the app)."""

    at: datetime = attrs.field(validator=_aware)


@attrs.frozen
class Taken:
    """An employee takes the request: the first one to do so owns it (首问负责).

    Attributes:
        at: when.
        employee: who, e.g. ``"柜员王敏"``.
        unit: the employee's unit, e.g. ``"branch_counter"``.
    """

    at: datetime = attrs.field(validator=_aware)
    employee: str = attrs.field(converter=_taken_employee)
    unit: str = attrs.field(converter=_taken_unit)


@attrs.frozen
class HandoverOffered:
    """The owner offers the request to another employee; nothing moves until accepted."""

    at: datetime = attrs.field(validator=_aware)
    to: str = attrs.field(converter=_handoveroffered_to)
    unit: str = attrs.field(converter=_handoveroffered_unit)


@attrs.frozen
class HandoverAccepted:
    """The receiver of the pending offer accepts it and becomes the owner."""

    at: datetime = attrs.field(validator=_aware)
    by: str = attrs.field(converter=_handoveraccepted_by)


@attrs.frozen
class HandoverRejected:
    """The receiver of the pending offer declines it; the owner keeps the request."""

    at: datetime = attrs.field(validator=_aware)
    by: str = attrs.field(converter=_handoverrejected_by)
    reason: str = attrs.field(default="", validator=_text)


@attrs.frozen
class HandoverWithdrawn:
    """The owner withdraws an unanswered offer (before offering to someone else)."""

    at: datetime = attrs.field(validator=_aware)


@attrs.frozen
class WorkOrderIssued:
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

    at: datetime = attrs.field(validator=_aware)
    order: str = attrs.field(converter=_workorderissued_order)
    unit: str = attrs.field(converter=_workorderissued_unit)
    need: str = attrs.field(validator=_name)
    target: Target = attrs.field(validator=_target)
    problem: str = attrs.field(default="", kw_only=True, validator=_text)


@attrs.frozen
class NoteAdded:
    """A note on the trail that every later handler sees (注记).

    ``order`` names the work order the note belongs to, or is None for a note
    on the request itself.
    """

    at: datetime = attrs.field(validator=_aware)
    author: str = attrs.field(converter=_noteadded_author)
    text: str = attrs.field(validator=_name)
    order: str | None = attrs.field(default=None, converter=_order_id)


@attrs.frozen
class WorkOrderAnswered:
    """The handler unit answers the work order; this meets its clock."""

    at: datetime = attrs.field(validator=_aware)
    order: str = attrs.field(converter=_workorderanswered_order)
    by: str = attrs.field(converter=_workorderanswered_by)
    text: str = attrs.field(validator=_name)


@attrs.frozen
class Closed:
    """The owner closes the request (every work order must be answered first)."""

    at: datetime = attrs.field(validator=_aware)


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


# --------------------------------------------------------------------------- state


@attrs.frozen
class Owner:
    """Who owns a request, and since when.

    Attributes:
        employee: the owner.
        unit: the owner's unit.
        since: when they took it or accepted it.
    """

    employee: str
    unit: str
    since: datetime


@attrs.frozen
class Note:
    """One entry of a trail: who wrote what, when, and on which work order (or None)."""

    at: datetime
    author: str
    text: str
    order: str | None = None


def _one_milestone(name: str, target: Target, calendar: BusinessCalendar | None) -> Promise:
    return Promise(service=name, milestones={name: target}, calendar=calendar, name=name)


@attrs.frozen
class WorkOrder:
    """A piece of a request handed to another unit, with its own clock.

    Work orders are built by :class:`Request` from :class:`WorkOrderIssued`
    events; a host reads them from :attr:`Request.work_orders`.

    Attributes:
        order: the work order's id.
        unit: the handler unit.
        need: what the customer needs.
        target: the internal target for the answer.
        calendar: the handler unit's calendar, which the target is measured on.
        issued_at: when it was issued (its clock starts).
        issued_by: the request's owner when it was issued.
        due: the due instant: ``target`` from ``issued_at`` on the unit's calendar.
        trail: the notes on this work order, oldest first (the answer last).
        answered_at: when the handler answered, or None.
        answered_by: who answered, or None.
        problem: the problem as the work order states it (``""`` when not given).
    """

    order: str
    unit: str
    need: str
    target: Target
    calendar: BusinessCalendar
    issued_at: datetime
    issued_by: str
    due: datetime
    trail: tuple[Note, ...] = ()
    answered_at: datetime | None = None
    answered_by: str | None = None
    problem: str = attrs.field(default="", kw_only=True)

    @property
    def is_open(self) -> bool:
        """Whether the handler has not answered yet."""
        return self.answered_at is None

    @property
    def promise(self) -> Promise:
        """The one-milestone promise (``"answer"``) the work order's clock reads."""
        return _one_milestone(ANSWER, self.target, self.calendar)

    def clock_log(self) -> tuple[Event, ...]:
        """The work order as an SLA clock log: opened when issued, met when answered."""
        log: list[Event] = [Opened(at=self.issued_at)]
        if self.answered_at is not None:
            log.append(Met(at=self.answered_at, milestone=ANSWER))
        return tuple(log)

    def reading(self, now: datetime) -> MilestoneReading:
        """Where the work order's clock stands at ``now`` (the ``"answer"`` milestone)."""
        return read_clock(self.promise, self.clock_log(), now).milestones[ANSWER]


_State = Literal["new", "unowned", "owned", "closed"]


class _Replay:
    __slots__ = (
        "arrived",
        "closed",
        "handovers",
        "offer",
        "offer_at",
        "opened",
        "orders",
        "owners",
        "since",
        "state",
        "trail",
    )

    def __init__(self) -> None:
        self.state: _State = "new"
        self.arrived: datetime | None = None
        self.opened: Opened | None = None
        self.closed: datetime | None = None
        self.owners: list[Owner] = []
        self.offer: HandoverOffered | None = None
        self.offer_at = -1
        self.handovers: list[tuple[datetime, str, str]] = []
        self.orders: dict[str, WorkOrder] = {}
        self.trail: list[Note] = []
        self.since: dict[str, int] = {}


def _describe(event: RequestEvent | Opened | Resolved | Reopened) -> str:
    if isinstance(event, _SHARED):
        return describe_clock_event(event)
    parts = [f"at={event.at.isoformat()}"]
    parts.extend(
        f"{a.name}={getattr(event, a.name)!r}"
        for a in attrs.fields(type(event))
        if a.name not in ("at", "target", "text", "need", "reason", "problem")
    )
    return f"{type(event).__name__}({', '.join(parts)})"


def _fail(
    i: int, event: RequestEvent | Opened | Resolved | Reopened, problem: str, fix: str
) -> RoutingError:
    return event_error(
        RoutingError, i, event, problem, fix, code="routing.event", shown=_describe(event)
    )


_LOG: LogKinds[RequestEvent | Opened | Resolved | Reopened] = LogKinds(
    (*_EVENTS, *_SHARED),
    RoutingError,
    code="routing.event",
    what="a request event",
    use=f"use {', '.join(e.__name__ for e in _EVENTS)}",
    describe=_describe,
    order_fix="order the log by instant (events at the same instant keep their log order)",
    where_on_all=False,
    reader="routing",
)


def _replay(
    log: tuple[RequestEvent, ...], calendars: Mapping[str, BusinessCalendar], request_id: str
) -> _Replay:
    st = _Replay()
    for i, event, _ in in_order(log, _LOG, f"request {request_id!r}"):
        _apply(st, i, event, calendars)
    return st


def _apply(
    st: _Replay,
    i: int,
    event: RequestEvent | Opened | Resolved | Reopened,
    calendars: Mapping[str, BusinessCalendar],
) -> None:
    if isinstance(event, Arrived | Opened):
        if st.state != "new":
            first = "Opened" if st.opened is not None else "Arrived"
            raise _fail(
                i,
                event,
                f"the request has already arrived (log[{st.since['arrived']}] {first})",
                "remove the repeat: a request's log has one opening event "
                "(Opened in a log the clock reads too, Arrived in a routing-only log)",
            )
        st.arrived = event.at
        st.opened = event if isinstance(event, Opened) else None
        st.state = "unowned"
        st.since["arrived"] = i
        return
    if st.state == "new":
        raise _fail(
            i,
            event,
            "it comes before Arrived",
            "start the log with Arrived(at=...), or Opened(at=...) in a log the clock reads too",
        )
    if isinstance(event, Reopened):
        _reopen(st, i, event)
        return
    if st.state == "closed":
        raise _fail(
            i,
            event,
            f"the request is closed (since log[{st.since['closed']}])",
            "nothing but Reopened follows Resolved"
            if "resolved" in st.since
            else "nothing follows Closed; open a new request for a new question",
        )
    if isinstance(event, NoteAdded):
        _note(st, i, event)
    elif isinstance(event, Taken):
        _taken(st, i, event)
    elif isinstance(event, (HandoverOffered, HandoverAccepted, HandoverRejected)):
        _handover(st, i, event)
    elif isinstance(event, HandoverWithdrawn):
        if st.offer is None:
            raise _fail(i, event, "no handover is pending", "remove it")
        st.offer = None
    elif isinstance(event, WorkOrderIssued):
        _issue(st, i, event, calendars)
    elif isinstance(event, WorkOrderAnswered):
        _answer(st, i, event)
    else:
        _close(st, i, event)


def _reopen(st: _Replay, i: int, event: Reopened) -> None:
    """A resolved request opened again: its owner (if any) owns it still."""
    if st.closed is None or "resolved" not in st.since:
        raise _fail(
            i,
            event,
            "the request is not resolved, so there is nothing to reopen",
            "Reopened follows Resolved",
        )
    st.closed = None
    st.state = "owned" if st.owners else "unowned"
    del st.since["closed"], st.since["resolved"]


def _owner(st: _Replay) -> Owner | None:
    return st.owners[-1] if st.owners else None


def _need_owner(st: _Replay, i: int, event: RequestEvent, doing: str) -> Owner:
    owner = _owner(st)
    if owner is None:
        raise _fail(
            i,
            event,
            f"no one owns the request yet, so no one can {doing}",
            "record Taken(at, employee, unit) first: the first employee asked owns it",
        )
    return owner


def _taken(st: _Replay, i: int, event: Taken) -> None:
    owner = _owner(st)
    if owner is not None:
        raise _fail(
            i,
            event,
            f"the request is already owned by {owner.employee!r} of {owner.unit!r} "
            f"(since log[{st.since['owned']}]); the first employee asked owns it to the end",
            "to move it, record HandoverOffered(to=...) and the receiver's HandoverAccepted; "
            "to involve another unit, issue a WorkOrderIssued instead",
        )
    st.owners.append(Owner(employee=event.employee, unit=event.unit, since=event.at))
    st.state = "owned"
    st.since["owned"] = i


def _handover(
    st: _Replay, i: int, event: HandoverOffered | HandoverAccepted | HandoverRejected
) -> None:
    if isinstance(event, HandoverOffered):
        owner = _need_owner(st, i, event, "offer it")
        if st.offer is not None:
            raise _fail(
                i,
                event,
                f"a handover to {st.offer.to!r} is still pending (log[{st.offer_at}])",
                "wait for HandoverAccepted or HandoverRejected, or record HandoverWithdrawn first",
            )
        if event.to == owner.employee:
            raise _fail(
                i, event, f"{event.to!r} already owns the request", "offer it to someone else"
            )
        st.offer = event
        st.offer_at = i
        return
    offer = st.offer
    verb = "accept" if isinstance(event, HandoverAccepted) else "reject"
    if offer is None:
        raise _fail(
            i,
            event,
            f"no handover is pending, so there is nothing to {verb}",
            "record HandoverOffered(to=...) first; ownership stays with the owner",
        )
    if event.by != offer.to:
        raise _fail(
            i,
            event,
            f"the pending handover (log[{st.offer_at}]) was offered to {offer.to!r}, "
            f"not {event.by!r}",
            f"only {offer.to!r} may {verb} it",
        )
    st.offer = None
    if isinstance(event, HandoverAccepted):
        previous = st.owners[-1]
        st.owners.append(Owner(employee=offer.to, unit=offer.unit, since=event.at))
        st.handovers.append((event.at, previous.employee, offer.to))
        st.since["owned"] = i


def _issue(
    st: _Replay, i: int, event: WorkOrderIssued, calendars: Mapping[str, BusinessCalendar]
) -> None:
    owner = _need_owner(st, i, event, "issue a work order")
    if event.order in st.orders:
        raise _fail(
            i,
            event,
            f"work order {event.order!r} already exists",
            "give each work order of a request its own id",
        )
    calendar = calendars.get(event.unit)
    if calendar is None:
        raise _fail(
            i,
            event,
            f"unit {event.unit!r} has no calendar, so its due instant cannot be computed; "
            + closest(event.unit, calendars, "units"),
            f"pass calendars={{{event.unit!r}: BusinessCalendar...}} to the Request",
        )
    st.orders[event.order] = WorkOrder(
        order=event.order,
        unit=event.unit,
        need=event.need,
        problem=event.problem,
        target=event.target,
        calendar=calendar,
        issued_at=event.at,
        issued_by=owner.employee,
        due=event.target.deadline(event.at, calendar),
    )


def _order(st: _Replay, i: int, event: NoteAdded | WorkOrderAnswered, name: str) -> WorkOrder:
    order = st.orders.get(name)
    if order is None:
        raise _fail(
            i,
            event,
            f"there is no work order {name!r}; " + closest(name, st.orders, "work orders"),
            "issue it with WorkOrderIssued first, or name an existing one",
        )
    return order


def _note(st: _Replay, i: int, event: NoteAdded) -> None:
    note = Note(at=event.at, author=event.author, text=event.text, order=event.order)
    if event.order is not None:
        order = _order(st, i, event, event.order)
        st.orders[event.order] = attrs.evolve(order, trail=(*order.trail, note))
    st.trail.append(note)


def _answer(st: _Replay, i: int, event: WorkOrderAnswered) -> None:
    order = _order(st, i, event, event.order)
    if order.answered_at is not None:
        raise _fail(
            i,
            event,
            f"work order {event.order!r} was already answered at {order.answered_at.isoformat()}",
            "add a NoteAdded(order=...) for anything further",
        )
    note = Note(at=event.at, author=event.by, text=event.text, order=event.order)
    st.orders[event.order] = attrs.evolve(
        order, trail=(*order.trail, note), answered_at=event.at, answered_by=event.by
    )
    st.trail.append(note)


def _close(st: _Replay, i: int, event: Closed | Resolved) -> None:
    if isinstance(event, Closed):
        if st.opened is not None:
            raise _fail(
                i,
                event,
                f"the log opens with Opened (log[{st.since['arrived']}]), which the clock "
                "reads too, so it closes with Resolved, which every reader reads",
                "replace Closed with Resolved(at=...)",
            )
        _need_owner(st, i, event, "close it")
    waiting = [o.order for o in st.orders.values() if o.is_open]
    if waiting:
        raise _fail(
            i,
            event,
            f"work orders {', '.join(map(repr, waiting))} are not answered yet; "
            "the first responder follows the request to the end",
            f"record WorkOrderAnswered for each before {type(event).__name__}",
        )
    st.offer = None  # an unanswered offer lapses with the request
    st.closed = event.at
    st.state = "closed"
    st.since["closed"] = i
    if isinstance(event, Resolved):
        st.since["resolved"] = i


def _calendars(value: Mapping[str, BusinessCalendar] | None) -> dict[str, BusinessCalendar]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        msg = (
            "Request: calendars must map a unit name to its BusinessCalendar, such as "
            f"{{'card_centre': BusinessCalendar.always_open(...)}}; got {value!r}"
        )
        raise RoutingError(msg)
    for unit, cal in value.items():
        if not isinstance(unit, str) or not isinstance(cal, BusinessCalendar):
            msg = (
                f"Request: calendars[{unit!r}] must be a BusinessCalendar keyed by the unit's "
                f"name, got {cal!r}"
            )
            raise RoutingError(msg)
    return {identity(unit, "Request.calendars", "card_centre", RoutingError): cal
            for unit, cal in value.items()}  # fmt: skip


def _log(value: Iterable[RequestEvent]) -> tuple[RequestEvent, ...]:
    if not isinstance(value, Iterable) or isinstance(value, (str, bytes)):
        msg = f"Request: log must be a sequence of request events, got {value!r}"
        raise RoutingError(msg)
    return tuple(value)


@attrs.frozen
class Request:
    """One customer request and who owns it, rebuilt from its event log.

    The log is replayed when the request is built, so an impossible log never
    yields a request. :meth:`apply` returns a new request with more events.

    The log may be a request's one log (``docs/request.md``): the clock's
    :class:`~svcquality.Opened` is then the arrival, :class:`~svcquality.Resolved`
    the close (no owner needed; every work order answered) and
    :class:`~svcquality.Reopened` opens it again for the same owner; the clock's
    other events and the feedback loop's are skipped. Such a log refuses
    :class:`Arrived` and :class:`Closed` (one opening, one closing event).

    Attributes:
        request_id: the request's id.
        calendars: unit name → that unit's calendar; a work order to a unit
            needs it (its due instant is measured on it).
        log: the events, in non-decreasing order of instant.

    Raises:
        RoutingError: an impossible log, naming the event, its position and the fix.
    """

    request_id: str = attrs.field(converter=_request_request_id)
    calendars: dict[str, BusinessCalendar] = attrs.field(
        factory=dict, converter=_calendars, hash=False
    )
    log: tuple[RequestEvent, ...] = attrs.field(default=(), converter=_log)
    _st: _Replay = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_st", _replay(self.log, self.calendars, self.request_id))

    def apply(self, *events: RequestEvent) -> Request:
        """A new request with ``events`` appended to the log (this one is unchanged)."""
        log: tuple[RequestEvent, ...] = self.log + events
        return attrs.evolve(self, log=log)

    # ------------------------------------------------------------ state

    @property
    def state(self) -> _State:
        """``"new"`` (nothing yet), ``"unowned"``, ``"owned"`` or ``"closed"``."""
        return self._st.state

    @property
    def arrived_at(self) -> datetime | None:
        """When the request arrived, or None."""
        return self._st.arrived

    @property
    def closed_at(self) -> datetime | None:
        """When the request was closed (or resolved), or None."""
        return self._st.closed

    @property
    def opened(self) -> Opened | None:
        """The log's :class:`~svcquality.Opened`, with the request's attributes, or
        None when the log opens with :class:`Arrived` (or has not opened)."""
        return self._st.opened

    @property
    def owner(self) -> Owner | None:
        """Who owns the request now (the last owner once closed), or None."""
        return _owner(self._st)

    @property
    def first_responder(self) -> Owner | None:
        """The first employee who took the request, or None."""
        return self._st.owners[0] if self._st.owners else None

    @property
    def owners(self) -> tuple[Owner, ...]:
        """Every owner in turn, the first responder first."""
        return tuple(self._st.owners)

    @property
    def pending_handover(self) -> HandoverOffered | None:
        """The handover offered and not yet answered, or None."""
        return self._st.offer

    @property
    def handovers(self) -> tuple[tuple[datetime, str, str], ...]:
        """Every accepted handover as ``(at, from_employee, to_employee)``."""
        return tuple(self._st.handovers)

    @property
    def work_orders(self) -> dict[str, WorkOrder]:
        """The work orders by id, in the order they were issued (a new dict each time)."""
        return dict(self._st.orders)

    @property
    def trail(self) -> tuple[Note, ...]:
        """Every note on the request and its work orders, oldest first: what the next
        agent sees when the customer calls again."""
        return tuple(self._st.trail)

    # ------------------------------------------------------------ time-to-own

    def time_to_own_log(self) -> tuple[Event, ...]:
        """Time-to-own as an SLA clock log: opened on arrival, met when first taken."""
        if self._st.arrived is None:
            msg = (
                f"request {self.request_id!r} has not arrived; "
                "time-to-own starts with Arrived(at=...)"
            )
            raise RoutingError(msg)
        log: list[Event] = [Opened(at=self._st.arrived)]
        first = self.first_responder
        if first is not None:
            log.append(Met(at=first.since, milestone=OWN))
        return tuple(log)

    def time_to_own(
        self, target: Target, now: datetime, *, calendar: BusinessCalendar | None = None
    ) -> MilestoneReading:
        """Where time-to-own (arrival until someone owns it) stands at ``now``.

        Args:
            target: how soon someone must own the request, e.g.
                ``Target.wall(timedelta(minutes=5))``.
            now: the instant to read at.
            calendar: the calendar a non-wall target is measured on.

        Raises:
            RoutingError: the request has not arrived, or a target measured in
                open time has no calendar.
        """
        if not isinstance(target, Target):
            msg = f"time_to_own: target must be a Target, got {target!r}"
            raise RoutingError(msg)
        if target.measure != "wall" and calendar is None:
            msg = (
                f"time_to_own: {target!r} is measured in open time; pass calendar=... "
                "(the calendar of the unit where the request arrived)"
            )
            raise RoutingError(msg)
        promise = _one_milestone(OWN, target, calendar)
        return read_clock(promise, self.time_to_own_log(), now).milestones[OWN]


# --------------------------------------------------------------------------- routing rules

#: The request attributes a routing rule may test.
ATTRIBUTES = ("service", "channel", "customer_tier", "amount", "language", "branch")
_NAMED = ("service", "channel", "customer_tier", "language", "branch")


def _names(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        msg = f"RoutingRule: a condition must be a name or a list of names, got {value!r}"
        raise RoutingError(msg)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            msg = (
                f"RoutingRule: a condition must be a name or a list of names, got {value!r} "
                f"(the element {item!r} is not a name)"
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
        msg = f"RoutingRules: rules must be a list of RoutingRule, got {value!r}"
        raise RoutingError(msg)
    return tuple(value)


def _check_rule(i: int, rule: object) -> None:
    if not isinstance(rule, RoutingRule):
        msg = f"RoutingRules: rules[{i}] must be a RoutingRule, got {rule!r}"
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
                f"{{'service': 'card_points', 'channel': 'counter'}}, got {attributes!r}"
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
