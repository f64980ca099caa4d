"""Log generators: valid SLA-clock event logs, and one logs of a whole request.

A generator walks the clock's state machine (:class:`_LogWriter`), so every log it
draws is one the readers accept; each shrinks towards ``[Opened(at=start)]``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal, TypeVar, cast

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from svcquality._types import ReopenPolicy, RetargetPolicy
from svcquality.clock import (
    CustomerMessage,
    Event,
    Met,
    Opened,
    Paused,
    Reopened,
    Resolved,
    Resumed,
    Retargeted,
    StatusChanged,
)
from svcquality.feedback import Analysed, FedBack, Handled, Received, Verified
from svcquality.promises import Promise, Target
from svcquality.routing import (
    HandoverAccepted,
    HandoverOffered,
    NoteAdded,
    Taken,
    WorkOrderAnswered,
    WorkOrderIssued,
)
from svcquality.testing._checks import _check_count
from svcquality.testing._promises import promises
from svcquality.testing._time import _MAX, instants

_T = TypeVar("_T")
_REOPEN_POLICIES: tuple[ReopenPolicy, ...] = ("new_cycle", "resume")
_RETARGET_POLICIES: tuple[RetargetPolicy, ...] = ("keep_elapsed", "restart", "from_original_start")
_Kind = Literal["met", "pause", "resume", "resolve", "reopen", "retarget", "status", "message"]


class _LogWriter:
    """The clock's state machine, as far as a log generator needs it."""

    def __init__(self, promise: Promise, retarget_to: st.SearchStrategy[Promise] | None) -> None:
        self.state = "running"
        self.current = promise
        self.retarget_to = retarget_to
        self.met: dict[str, bool] = {}  # milestone -> met by Resolved (True) or by Met (False)
        self.tracks = self.fresh(promise)

    @staticmethod
    def fresh(promise: Promise) -> list[str]:
        """A new cycle's milestones: a reply waits for a customer's message first."""
        return [m for m in promise.milestones if m not in promise.replies]

    def options(self) -> tuple[_Kind, ...]:
        if self.state == "resolved":
            return ("reopen",)
        out: list[_Kind] = ["met"] if self.unmet() else []
        out += ["pause" if self.state == "running" else "resume", "resolve"]
        if self.retarget_to is not None:
            out.append("retarget")
        if self.current.status_rules:
            out.append("status")
        if self.current.replies:
            out.append("message")
        return tuple(out)

    def unmet(self) -> list[str]:
        return [m for m in self.tracks if m not in self.met]

    def event(self, draw: st.DrawFn, kind: _Kind, t: datetime) -> Event:
        if kind == "met":
            name = draw(_one_of(tuple(self.unmet())))
            if name in self.current.replies:
                self.tracks.remove(name)  # answered: the next message opens the next
            else:
                self.met[name] = False
            return Met(at=t, milestone=name)
        if kind == "message":
            self.tracks += [m for m in self.current.replies if m not in self.tracks]
            return CustomerMessage(at=t)
        if kind == "pause":
            self.state = "paused"
            reasons = self.current.pause_reasons or _REASONS  # a restricted promise's own
            return Paused(at=t, reason=draw(_one_of(reasons)))
        if kind == "resume":
            self.state = "running"
            return Resumed(at=t)
        if kind == "resolve":
            self.met.update(dict.fromkeys(self.unmet(), True))
            self.state = "resolved"
            return Resolved(at=t)
        if kind == "reopen":
            reopen = draw(_one_of(_REOPEN_POLICIES))
            if reopen == "new_cycle":
                self.met = {}
                self.tracks = self.fresh(self.current)
            else:  # milestones met by Resolved run again; those met by Met stay met
                self.met = {m: by for m, by in self.met.items() if not by}
            self.state = "running"
            return Reopened(at=t, policy=reopen)
        if kind == "status":
            return self.status(draw, t)
        assert self.retarget_to is not None
        new = draw(self.retarget_to)
        kept = [m for m in self.tracks if m in self.met and m not in new.milestones]
        self.tracks = [
            *(m for m in new.milestones if m not in new.replies or m in self.tracks),
            *kept,
        ]
        self.current = new
        return Retargeted(at=t, promise=new, policy=draw(_one_of(_RETARGET_POLICIES)))

    def status(self, draw: st.DrawFn, t: datetime) -> Event:
        """A status of the promise in force, and what its rule does (while open)."""
        status = draw(_one_of(tuple(self.current.status_rules)))
        rule = self.current.status_rules[status]
        if rule.action == "pause":
            self.state = "paused"
        elif rule.action == "resume":
            self.state = "running"
        elif rule.action == "meet":
            for name in rule.milestones:
                if name in self.current.replies:
                    if name in self.tracks and name not in self.met:
                        self.tracks.remove(name)  # the waiting reply is met
                else:
                    self.met.setdefault(name, False)
        return StatusChanged(at=t, status=status)  # restart and keep: the tracks stay


_REASONS = ("awaiting customer", "等待客户补充材料", "")


_SAMPLED: dict[tuple[object, ...], st.SearchStrategy[Any]] = {}


def _one_of(options: tuple[_T, ...]) -> st.SearchStrategy[_T]:
    """A cached ``sampled_from``: building strategies inside a draw loop is slow."""
    got = _SAMPLED.get(options)
    if got is None:
        got = _SAMPLED[options] = st.sampled_from(options)
    return cast("st.SearchStrategy[_T]", got)


@functools.lru_cache(maxsize=16)
def _gaps(max_gap: timedelta) -> st.SearchStrategy[timedelta]:
    minute = timedelta(minutes=1)
    return st.integers(0, max_gap // minute).map(lambda k: k * minute)


@st.composite
def _event_log(
    draw: st.DrawFn,
    promise: Promise,
    *,
    start: datetime | None,
    max_events: int,
    max_gap: timedelta,
    retarget_to: st.SearchStrategy[Promise] | None,
) -> list[Event]:
    if start is None:
        start = draw(instants(calendar=promise.calendar, max_value=_MAX - timedelta(days=400)))
    log: list[Event] = [Opened(at=start)]
    writer = _LogWriter(promise, retarget_to)
    gaps = _gaps(max_gap)
    t = start
    for _ in range(draw(st.integers(0, max_events - 1))):
        t += draw(gaps)
        kind = draw(_one_of(writer.options()))
        log.append(writer.event(draw, kind, t))
    return log


def event_logs(
    promise: Promise,
    *,
    start: datetime | None = None,
    max_events: int = 20,
    max_gap: timedelta = timedelta(days=2),
    retarget_to: Sequence[Promise] | None = None,
) -> st.SearchStrategy[list[Event]]:
    """Valid event logs of one request under ``promise``.

    Every log starts with ``Opened`` and follows the clock's rules, so
    :func:`~svcquality.read_clock` accepts it: pauses and resumes alternate (a
    pause gives one of the promise's ``pause_reasons`` when it has them), each
    milestone is met at most once per cycle, ``Reopened`` (either policy)
    only follows ``Resolved``, and ``Retargeted`` (any policy) only comes while
    the request is open. A promise with ``status_rules`` also gets
    ``StatusChanged`` events naming its statuses while the request is open, and
    one with ``replies`` gets ``CustomerMessage`` events, each reply ``Met`` only
    while a message waits.
    Consecutive events are zero to ``max_gap`` apart, in
    whole minutes, so several may share an instant. Shrinks towards
    ``[Opened(at=start)]``.

    Args:
        promise: the promise the request is opened under.
        start: the instant of ``Opened``; None draws one from :func:`instants`
            in the promise calendar's zone.
        max_events: at most this many events, ``Opened`` included (1 to 200).
        max_gap: the largest gap between consecutive events (at least zero).
        retarget_to: the promises a ``Retargeted`` may switch to; None draws them
            from :func:`promises` on the promise's calendar, and an empty
            sequence makes logs without severity changes.
    """
    if not isinstance(promise, Promise):
        msg = f"promise={promise!r} must be a Promise"
        raise InvalidArgument(msg)
    if start is not None and (not isinstance(start, datetime) or start.tzinfo is None):
        msg = f"start={start!r} must be a timezone-aware datetime or None"
        raise InvalidArgument(msg)
    _check_count("max_events", max_events, 1, 200)
    if not isinstance(max_gap, timedelta) or max_gap < timedelta(0):
        msg = f"max_gap={max_gap!r} must be a timedelta of at least zero"
        raise InvalidArgument(msg)
    others: st.SearchStrategy[Promise] | None
    if retarget_to is None:
        if promise.calendar is None:
            others = promises(kinds=("wall",))
        else:
            others = promises(calendar=promise.calendar)
    elif len(retarget_to) == 0:
        others = None
    else:
        for p in retarget_to:
            if not isinstance(p, Promise):
                msg = f"retarget_to: {p!r} is not a Promise"
                raise InvalidArgument(msg)
        others = st.sampled_from(tuple(retarget_to))
    return _event_log(
        promise, start=start, max_events=max_events, max_gap=max_gap, retarget_to=others
    )


# --------------------------------------------------------------------------- one log

#: The loop's stages in order, before the verification.
_LOOP = (Received, Analysed, Handled, FedBack)
_MINUTE = timedelta(minutes=1)
_HOUR = timedelta(hours=1)


def _routing_events(orders: Sequence[str], unit: str, handover: bool) -> list[Any]:
    """Routing's script: taken, each work order issued, noted and answered, a hand-over."""
    script: list[Any] = [lambda at: Taken(at, "柜员王敏", "branch_counter")]
    for order in orders:
        script += [
            lambda at, o=order: WorkOrderIssued(at, o, unit, "积分未到账", Target.wall(24 * _HOUR)),
            lambda at, o=order: NoteAdded(at, "柜员王敏", "已电话告知客户", order=o),
            lambda at, o=order: WorkOrderAnswered(at, o, unit, "积分已补记"),
        ]
    if handover:
        script += [
            lambda at: HandoverOffered(at, "主管李华", "branch_office"),
            lambda at: HandoverAccepted(at, "主管李华"),
        ]
    return script


@st.composite
def _request_log(
    draw: st.DrawFn,
    promise: Promise,
    *,
    unit: str,
    start: datetime | None,
    max_events: int,
    max_gap: timedelta,
    max_work_orders: int,
) -> list[object]:
    clock = draw(
        event_logs(promise, start=start, max_events=max_events, max_gap=max_gap, retarget_to=())
    )
    opened = clock[0].at
    end = next((e.at for e in clock if isinstance(e, Resolved)), None)
    last = end if end is not None else clock[-1].at + max_gap
    span = (last - opened) // _MINUTE
    routing: list[object] = []
    if span > 1:
        orders = [f"WO-{k + 1}" for k in range(draw(st.integers(0, max_work_orders)))]
        script = _routing_events(orders, unit, draw(st.booleans()))
        n = draw(st.integers(0, len(script)))
        if end is not None:  # Resolved needs every work order answered: end on an answer
            while n > 1 and (n - 1) % 3 != 0 and n <= 1 + 3 * len(orders):
                n -= 1
        ticks = sorted(draw(st.lists(st.integers(1, span - 1), min_size=n, max_size=n)))
        routing = [make(opened + t * _MINUTE) for make, t in zip(script, ticks, strict=False)]
    loop_span = max(span, 1)
    times = sorted(draw(st.lists(st.integers(0, loop_span), max_size=len(_LOOP) + 1)))
    loop: list[object] = [kind(opened + t * _MINUTE) for kind, t in zip(_LOOP, times, strict=False)]
    if len(times) > len(_LOOP):
        loop.append(Verified(opened + times[-1] * _MINUTE, satisfied=draw(st.booleans())))
    # A stable sort: at one instant the clock's events first (Opened before every
    # other), then routing's, then the loop's.
    return sorted([*clock, *routing, *loop], key=lambda e: e.at)  # type: ignore[attr-defined]


def request_logs(
    promise: Promise,
    *,
    unit: str = "card_centre",
    start: datetime | None = None,
    max_events: int = 20,
    max_gap: timedelta = timedelta(hours=2),
    max_work_orders: int = 2,
) -> st.SearchStrategy[list[object]]:
    """Valid one logs of a request (``docs/request.md``): the clock's, routing's and
    the feedback loop's events in one order.

    The clock's events are a log of :func:`event_logs` (without severity changes);
    routing's follow them between ``Opened`` and the first ``Resolved``: the
    counter takes the request, issues work orders to ``unit``, notes and answers
    each (every one answered before ``Resolved``), and may hand the request over;
    the loop's run ``Received`` → ... → ``Verified`` from ``Opened`` on. So
    :func:`~svcquality.read_request` accepts every log drawn (pass ``unit`` a
    calendar in ``calendars=``), and so does each reader alone. Shrinks towards
    ``[Opened(at=start)]``.

    Args:
        promise: the promise the request is opened under.
        unit: the unit the work orders go to.
        start: the instant of ``Opened``; None draws one.
        max_events: at most this many clock events (1 to 200).
        max_gap: the largest gap between consecutive clock events.
        max_work_orders: at most this many work orders (0 to 20).
    """
    if not isinstance(unit, str) or not unit or unit != unit.strip():
        msg = f"unit={unit!r} must be a unit's name such as 'card_centre'"
        raise InvalidArgument(msg)
    _check_count("max_work_orders", max_work_orders, 0, 20)
    event_logs(promise, start=start, max_events=max_events, max_gap=max_gap)  # checks them
    return _request_log(
        promise,
        unit=unit,
        start=start,
        max_events=max_events,
        max_gap=max_gap,
        max_work_orders=max_work_orders,
    )
