"""A request's owner, hand-overs and work orders, replayed from its log (internal)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import pairwise
from typing import Literal

import attrs

from svcquality._fields import (
    closest,
    identity,
    mapping_or_none,
    shown,
)
from svcquality._logs import LogEntry, LogKinds, entries, event_error, in_order
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
from svcquality.routing._events import (
    _EVENTS,
    _SHARED,
    ANSWER,
    OWN,
    Arrived,
    Closed,
    HandoverAccepted,
    HandoverOffered,
    HandoverRejected,
    HandoverWithdrawn,
    NoteAdded,
    RequestEvent,
    Taken,
    WorkOrderAnswered,
    WorkOrderIssued,
    _request_request_id,
)

__all__ = ["Note", "Owner", "Request", "WorkOrder"]
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
    log: tuple[LogEntry, ...], calendars: Mapping[str, BusinessCalendar], request_id: str
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
            f"the request is already owned by {shown(owner.employee)} of {shown(owner.unit)} "
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
                f"a handover to {shown(st.offer.to)} is still pending (log[{st.offer_at}])",
                "wait for HandoverAccepted or HandoverRejected, or record HandoverWithdrawn first",
            )
        if event.to == owner.employee:
            raise _fail(
                i, event, f"{shown(event.to)} already owns the request", "offer it to someone else"
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
            f"the pending handover (log[{st.offer_at}]) was offered to {shown(offer.to)}, "
            f"not {shown(event.by)}",
            f"only {shown(offer.to)} may {verb} it",
        )
    st.offer = None
    if isinstance(event, HandoverAccepted):
        st.owners.append(Owner(employee=offer.to, unit=offer.unit, since=event.at))
        st.since["owned"] = i


def _issue(
    st: _Replay, i: int, event: WorkOrderIssued, calendars: Mapping[str, BusinessCalendar]
) -> None:
    owner = _need_owner(st, i, event, "issue a work order")
    if event.order in st.orders:
        raise _fail(
            i,
            event,
            f"work order {shown(event.order)} already exists",
            "give each work order of a request its own id",
        )
    calendar = calendars.get(event.unit)
    if calendar is None:
        raise _fail(
            i,
            event,
            f"unit {shown(event.unit)} has no calendar, so its due instant cannot be computed; "
            + closest(event.unit, calendars, "units"),
            f"pass calendars={{{shown(event.unit)}: BusinessCalendar...}} to the Request",
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
            f"there is no work order {shown(name)}; " + closest(name, st.orders, "work orders"),
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
            f"work order {shown(event.order)} was already "
            f"answered at {order.answered_at.isoformat()}",
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
    value = mapping_or_none(
        value,
        "Request: calendars must map a unit name to its BusinessCalendar, such as "
        "{'card_centre': BusinessCalendar.always_open(...)}",
        RoutingError,
    )
    for unit, cal in value.items():
        if not isinstance(unit, str) or not isinstance(cal, BusinessCalendar):
            msg = (
                f"Request: calendars[{shown(unit)}] must be a BusinessCalendar keyed by the unit's "
                f"name, got {shown(cal)}"
            )
            raise RoutingError(msg)
    return {identity(unit, "Request.calendars", "card_centre", RoutingError): cal
            for unit, cal in value.items()}  # fmt: skip


def _log(value: Iterable[LogEntry]) -> tuple[LogEntry, ...]:
    return entries(value, "Request: log must be a sequence of request events", RoutingError)


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
    log: tuple[LogEntry, ...] = attrs.field(default=(), converter=_log)
    _st: _Replay = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_st", _replay(self.log, self.calendars, self.request_id))

    def apply(self, *events: RequestEvent) -> Request:
        """A new request with ``events`` appended to the log (this one is unchanged)."""
        log: tuple[LogEntry, ...] = self.log + events
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
        """Every accepted handover as ``(at, from_employee, to_employee)``.

        Derived from :attr:`owners`: the first owner took the request, each later
        one accepted it from the owner before (so the two cannot disagree)."""
        return tuple((b.since, a.employee, b.employee) for a, b in pairwise(self._st.owners))

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
                f"request {shown(self.request_id)} has not arrived; "
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
            msg = f"time_to_own: target must be a Target, got {shown(target)}"
            raise RoutingError(msg)
        if target.measure != "wall" and calendar is None:
            msg = (
                f"time_to_own: {shown(target)} is measured in open time; pass calendar=... "
                "(the calendar of the unit where the request arrived)"
            )
            raise RoutingError(msg)
        promise = _one_milestone(OWN, target, calendar)
        return read_clock(promise, self.time_to_own_log(), now).milestones[OWN]
