"""One request, one log: every reader of a request's log in one call.

A request's one log holds the clock's events (:class:`~svcquality.Opened`,
:class:`~svcquality.Paused`, :class:`~svcquality.Met`, ...), routing's
(:class:`~svcquality.routing.Taken`, the hand-overs, work orders and notes) and
the feedback loop's (:class:`~svcquality.feedback.Received` ...), in one order.
Each reader tells its events by type and skips the others' (an entry that is no
reader's event is an error naming it), so :func:`~svcquality.read_clock`,
:func:`~svcquality.due_actions`, :func:`~svcquality.next_due`,
:class:`~svcquality.Request` and :class:`~svcquality.FeedbackCase` each accept
the whole log. :func:`read_request` reads it with all of them at ``now`` and
returns one :class:`RequestReading`, equal to what the separate readers give.

The log opens with :class:`~svcquality.Opened` (it may carry the request's
attributes: service, severity, channel, customer tier, branch) and closes with
:class:`~svcquality.Resolved`; routing reads them as its arrival and its close,
so such a log has no :class:`~svcquality.routing.Arrived` or
:class:`~svcquality.routing.Closed`. The guide is ``docs/request.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

import attrs

from svcquality._fields import entries_of, shown
from svcquality._instants import micros_of, to_micros
from svcquality._logs import LogEntry, reader_of
from svcquality.calendars import BusinessCalendar
from svcquality.clock import (
    ClockReading,
    Difference,
    MilestoneReading,
    Opened,
    Reopened,
    Resolved,
    Retargeted,
    Status,
    read_clock,
)
from svcquality.clock._events import describe, log_of
from svcquality.clock._read import differences
from svcquality.errors import CatalogError
from svcquality.escalation import DueAction, Ladder, _due_and_next
from svcquality.feedback import FeedbackCase, FeedbackEvent
from svcquality.promises import Catalog, Match, Promise, RuleChange
from svcquality.routing import Note, Owner, Request, RequestEvent, WorkOrder

__all__ = [
    "RequestReading",
    "WorkOrderReading",
    "moved_requests",
    "read_request",
    "with_rule_changes",
]


@attrs.frozen
class WorkOrderReading:
    """One work order at ``now``: its own clock, and whether it outlasts the promise.

    Attributes:
        order: the work order (handler unit, need, target, trail...).
        clock: its ``"answer"`` milestone read at ``now`` on the handler unit's
            calendar (:meth:`~svcquality.WorkOrder.reading`).
        customer_due: the customer's current due instant it is checked against:
            the latest current due of the request's milestones not yet met at
            ``now``; None when every milestone is met.
        beyond_promise: whether the work order's due lies after ``customer_due``
            (an operational target that cannot keep the customer's promise: a
            same-day promise behind a 24-hour work order).
    """

    order: WorkOrder
    clock: MilestoneReading
    customer_due: datetime | None
    beyond_promise: bool

    @property
    def due(self) -> datetime:
        """The work order's current due instant."""
        return self.clock.due

    @property
    def status(self) -> Status:
        """Where the work order's clock stands: running, met or breached."""
        return self.clock.status


@attrs.frozen
class RequestReading:
    """Everything a request's one log says at ``now``, from one call.

    Each part equals what its reader gives for the same log (``tests/test_request.py``
    pins it): ``clock`` is :func:`~svcquality.read_clock`, ``due_actions`` and
    ``next_due`` are :func:`~svcquality.due_actions` and :func:`~svcquality.next_due`,
    ``routing`` is :class:`~svcquality.Request` and ``feedback``
    :class:`~svcquality.FeedbackCase` on the events up to ``now``.

    Attributes:
        request: the request's id.
        now: the instant read at.
        clock: the SLA clock's reading.
        routing: ownership, hand-overs, work orders and the trail, as of ``now``.
        work_orders: each work order's reading, by id, in the order issued.
        feedback: the feedback loop as of ``now``, or None when the log has no
            loop events (up to ``now``).
        due_actions: the escalation actions due by ``now``.
        next_due: when the next action becomes due, or None.
    """

    request: str
    now: datetime
    clock: ClockReading
    routing: Request
    work_orders: dict[str, WorkOrderReading]
    feedback: FeedbackCase | None
    due_actions: tuple[DueAction, ...]
    next_due: datetime | None

    @property
    def owner(self) -> Owner | None:
        """Who owns the request now (the last owner once resolved), or None."""
        return self.routing.owner

    @property
    def handovers(self) -> tuple[tuple[datetime, str, str], ...]:
        """Every accepted hand-over as ``(at, from_employee, to_employee)``."""
        return self.routing.handovers

    @property
    def trail(self) -> tuple[Note, ...]:
        """Every note on the request and its work orders, oldest first."""
        return self.routing.trail

    @property
    def attributes(self) -> dict[str, str]:
        """The request's attributes as :class:`~svcquality.Opened` records them."""
        opened = self.routing.opened
        return {} if opened is None else opened.attributes()

    @property
    def stage(self) -> str | None:
        """The feedback loop's state (``"received"`` ... ``"fed_back"``,
        ``"dissatisfied"``, ``"apologised"``, ``"closed"`` once the customer
        confirmed satisfaction), or None when the log has no loop events."""
        return None if self.feedback is None else self.feedback.state

    @property
    def beyond_promise(self) -> tuple[str, ...]:
        """The ids of the work orders due after the customer's current due."""
        return tuple(k for k, w in self.work_orders.items() if w.beyond_promise)


def _customer_due(clock: ClockReading) -> datetime | None:
    dues = [m.due for m in clock.milestones.values() if m.met_at is None]
    return max(dues, key=to_micros) if dues else None


def read_request(
    promise: Promise,
    log: Iterable[LogEntry],
    now: datetime,
    *,
    request: str = "R-1",
    calendars: Mapping[str, BusinessCalendar] | None = None,
    ladders: Sequence[Ladder] = (),
    feedback_promise: Promise | None = None,
) -> RequestReading:
    """Read a request's one log at ``now``: clock, owner, work orders, loop, actions.

    Args:
        promise: the promise the request was opened under.
        log: the request's one log: clock, routing and feedback events in
            non-decreasing order of instant, opened by
            :class:`~svcquality.Opened`. Every reader reads the events up to
            ``now``; a later one has not happened yet (its order is still
            checked), so the parts are the readers' on the same log.
        now: the instant to read at (aware).
        request: the request's id: routing's ``request_id``, the feedback
            case's ``case_id`` and the base of every action id.
        calendars: unit name → that unit's calendar, for each work order's clock.
        ladders: the escalation ladders on the promise's milestones.
        feedback_promise: the tier's promise the feedback loop runs under
            (:attr:`~svcquality.FeedbackCase.promise`); None: ``promise``.

    Returns:
        A :class:`RequestReading`.

    Raises:
        EventLogError: the log is not a list of events, an entry is no reader's
            event, or the clock refuses the log (see :func:`~svcquality.read_clock`).
        RoutingError: routing refuses the log (e.g. ``Arrived`` after ``Opened``,
            a work order to a unit with no calendar) or ``request`` is not an id.
        FeedbackError: the loop's events are out of its order.
        LadderError: a ladder does not fit the promise.
        NaiveDatetimeError: ``now`` has no zone.
    """
    events = tuple(log_of(log, "read_request: log"))
    now_x = micros_of(now, "read_request(now)")
    clock = read_clock(promise, cast("Iterable[Any]", events), now)
    past = tuple(e for e in events if to_micros(e.at) <= now_x)
    routing = Request(
        request_id=request,
        calendars=calendars,
        log=cast("tuple[RequestEvent, ...]", past),
    )
    case = None
    if any(reader_of(e) == "feedback" for e in past):
        case = FeedbackCase(
            case_id=request,
            promise=promise if feedback_promise is None else feedback_promise,
            log=cast("tuple[FeedbackEvent, ...]", past),
        )
    customer_due = _customer_due(clock)
    orders = {
        order_id: WorkOrderReading(
            order=order,
            clock=order.reading(now),
            customer_due=customer_due,
            beyond_promise=customer_due is not None
            and to_micros(order.due) > to_micros(customer_due),
        )
        for order_id, order in routing.work_orders.items()
    }
    # One evaluation gives both: what is due now and the next instant.
    actions, next_at = _due_and_next(promise, ladders, cast("Iterable[Any]", events), now, request)
    return RequestReading(
        request=routing.request_id,
        now=now,
        clock=clock,
        routing=routing,
        work_orders=orders,
        feedback=case,
        due_actions=actions,
        next_due=next_at,
    )


def with_rule_changes(match: Match, log: Iterable[LogEntry]) -> tuple[LogEntry, ...]:
    """The request's log with each rule change that moved it as a ``Retargeted``.

    A catalog version with ``applies_to_open`` binds a request already open from
    the instant it comes into force, not from the request's opening: the time
    used under the old version is kept, and a breach the tighter version
    reveals is dated at its ``in_force_from``, never at a moment when nobody
    could know the version applied. That is what the clock's
    ``Retargeted(at, promise, "keep_elapsed")`` means, so each of
    ``match.changes`` goes into the log as one, before the events at or after
    its instant. Read the result under ``match.opened_promise``::

        match = catalog.match_at(opened.at, now, **opened.attributes())
        reading = read_clock(match.opened_promise, with_rule_changes(match, log), now)

    A change that comes while the request is resolved binds it when it is
    reopened (at the ``Reopened``); one that finds it resolved for good leaves
    its promise alone. With no changes the log is returned as it is.

    Args:
        match: what :meth:`~svcquality.Catalog.match_at` gave for the request,
            opened at its ``Opened`` and read at ``now``.
        log: the request's log (the one log, or the clock's).

    Returns:
        The log, as a tuple, with the changes in it.

    Raises:
        CatalogError: ``match`` is not a Match, or the log retargets the request
            itself (a severity change) before a change: the catalog matched it by
            its attributes at the opening, so the change would silently replace
            the promise the severity change chose.
        EventLogError: the log is not a list of events.
    """
    if not isinstance(match, Match):
        msg = (
            f"with_rule_changes: match must be what Catalog.match_at gives, got "
            f"{type(match).__name__} {shown(match)}"
        )
        raise CatalogError(msg)
    events = tuple(log_of(log, "with_rule_changes: log"))
    if not match.changes:
        return events
    out: list[LogEntry] = []
    pending = list(match.changes)
    resolved = False
    for i, event in enumerate(events):
        while pending and not resolved and to_micros(pending[0].at) <= to_micros(event.at):
            _insert(out, pending.pop(0))
        if isinstance(event, Retargeted) and pending:
            change = pending[0]
            msg = (
                f"with_rule_changes: log[{i}] {describe(event)} changes the request's promise "
                f"to {event.promise.name!r} before the rule change at "
                f"{change.at.isoformat()} to {change.promise.name!r}, and the catalog matched "
                "the request by its attributes at the opening, so the change would silently "
                "replace the promise the severity change chose; add the Retargeted the new "
                "version gives that severity to the log yourself"
            )
            raise CatalogError(msg)
        out.append(event)
        if isinstance(event, Resolved):
            resolved = True
        elif isinstance(event, Reopened):
            resolved = False
            while pending and to_micros(pending[0].at) <= to_micros(event.at):
                _insert(out, pending.pop(0), at=event.at)
    if not resolved:
        for change in pending:
            _insert(out, change)
    return tuple(out)


def _insert(out: list[LogEntry], change: RuleChange, at: datetime | None = None) -> None:
    """Append ``change`` as the clock's severity change with the default policy."""
    out.append(Retargeted(change.at if at is None else at, change.promise, "keep_elapsed"))


def moved_requests(
    old: Catalog,
    new: Catalog,
    open_requests: Mapping[str, Iterable[LogEntry]],
    now: datetime,
) -> dict[str, tuple[Difference, ...]]:
    """The open requests whose milestones ``new`` moves from where ``old`` has them.

    The answer to "which open requests does this rule change move": a change to
    an effective-dated catalog (a new version of a rule, in force from an
    instant) moves a request only when the request is bound to the new version,
    opened from its ``in_force_from`` or still open when it came into force and
    the version says ``applies_to_open``. A request the version binds while
    open is measured under it from its ``in_force_from`` on, keeping the time
    it used before (:func:`with_rule_changes`): a breach the change reveals is
    dated at ``in_force_from``, not before the version was in force.

    Each request is matched in both catalogs by its :class:`~svcquality.Opened`
    event's attributes, opened at its ``at`` and read at ``now`` (so a version
    with ``applies_to_open`` in force by ``now`` binds it), and its log is read
    under both, each with its rule changes.

    Args:
        old: the catalog before the change.
        new: the catalog with the change (e.g. the old one plus a new version).
        open_requests: request id → its log, which starts with its ``Opened``.
        now: the instant to read at.

    Returns:
        Request id → the milestones whose status or due instant differs, in the
        order of ``open_requests``; a request the change does not move is left out.

    Raises:
        CatalogError: not catalogs, not a mapping of request ids, a log without
            an ``Opened`` event, or what
            :meth:`~svcquality.Catalog.match` raises.
        EventLogError: a log that is not a list of events, or an impossible one.
        NaiveDatetimeError: ``now`` without a zone.
    """
    for name, catalog in (("old", old), ("new", new)):
        if not isinstance(catalog, Catalog):
            got = f"{type(catalog).__name__} {shown(catalog)}"
            msg = f"moved_requests: {name} must be a Catalog, got {got}"
            raise CatalogError(msg)
    requests = entries_of(
        open_requests, "moved_requests: open_requests", CatalogError, "{'CMP-1': [Opened(...)]}"
    )
    micros_of(now, "moved_requests(now=...)")
    out: dict[str, tuple[Difference, ...]] = {}
    for request, log in requests.items():
        if not isinstance(request, str):
            msg = f"moved_requests: a request id must be text, got {shown(request)}"
            raise CatalogError(msg)
        entries = tuple(log_of(log, f"moved_requests: the log of request {shown(request)}"))
        opened = next((e for e in entries if isinstance(e, Opened)), None)
        if opened is None:
            msg = (
                f"moved_requests: the log of request {shown(request)} has no Opened event, "
                "so neither its attributes nor its opening are known; start each log "
                "with Opened(at=..., service=...)"
            )
            raise CatalogError(msg)
        attributes = opened.attributes()
        before, after = (
            read_clock(m.opened_promise, with_rule_changes(m, entries), now)
            for m in (catalog.match_at(opened.at, now, **attributes) for catalog in (old, new))
        )
        moved = differences(before, after)
        if moved:
            out[request] = moved
    return out
