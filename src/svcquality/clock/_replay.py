"""Replaying a request's log into cycles of running stretches (internal).

This module is an internal interface, not part of the public API. It is used by
the readings (:mod:`svcquality.clock._read`) and, for escalation, by
:func:`svcquality.clock._measure.watches`. Its names: :func:`replay` checks the whole log
(types, order, every impossible sequence) and applies the events up to an
instant into a :class:`State`, whose :class:`Cycle` objects hold the running
stretches (an immutable :class:`~svcquality.clock._measure.Run`; the pauses are
derived from them) and a :class:`Track` per milestone with its phases.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from datetime import tzinfo
from itertools import chain
from typing import Any, Literal

from svcquality._fields import did_you_mean
from svcquality._instants import from_micros
from svcquality._logs import LogEntry, LogKinds, event_error, in_order
from svcquality._types import RetargetPolicy
from svcquality.clock._events import (
    EVENTS,
    CustomerMessage,
    Event,
    Extended,
    Met,
    Opened,
    Paused,
    Reopened,
    Resolved,
    Resumed,
    Retargeted,
    StatusChanged,
    describe,
    log_of,
)
from svcquality.clock._measure import Phase, Run, breach, elapsed
from svcquality.errors import EventLogError
from svcquality.promises import Extension, Promise, Target


class Track:
    """One milestone of a cycle: its phases (one per target applied), and when it was met.

    A repeating milestone (``Promise.repeats``) has one track per occurrence:
    ``occurrence`` counts them from 0, and ``start`` is where this one counts from
    (the opening, or the ``Met`` that met the one before). ``repeating`` says
    whether the promise repeated it when the track began (escalation's ids name
    the occurrence of such a track, so they never change as the log grows; a
    cycle's later track of the milestone repeats too, see :meth:`Cycle.track`).
    """

    __slots__ = (
        "met_at",
        "met_by_resolve",
        "name",
        "occurrence",
        "phases",
        "repeating",
        "start",
    )

    def __init__(
        self,
        name: str,
        phase: Phase,
        *,
        occurrence: int = 0,
        start: int | None = None,
        repeating: bool = False,
    ) -> None:
        self.name = name
        self.phases = [phase]
        self.met_at: int | None = None
        self.met_by_resolve = False
        self.occurrence = occurrence
        self.start = phase.budget_start if start is None else start
        self.repeating = repeating


class Cycle:
    """One cycle of a request as the replay builds it: from an opening (or
    reopening) to its resolution.

    Attributes:
        index: 0 for the first cycle, one more per ``Reopened(new_cycle)``.
        opened: when it began; ``resolved``: when it was resolved, or None.
        promise: the promise in force (it changes with a retarget).
        tracks: each milestone's :class:`Track` under that promise.
        retired: milestones a retarget dropped before they were met, with the
            instant: escalation still reports the steps they fired before.
        retargets: ``(at, promise name, policy)`` of each severity change.
        past: a repeating milestone's met occurrences, oldest first, by name
            (the current one is in ``tracks``); a reply milestone's too (its
            current one, while a customer's message waits, is in ``tracks``;
            none waiting, it has no track there).
        made: how many tracks each milestone has had in the cycle (the next
            one's occurrence): every occurrence is numbered after those before
            it, whichever promise made it (a track a retarget turned into a
            repeating or reply milestone counts).
        run: the running stretches so far (a :class:`~svcquality.clock._measure.Run`).
        pauses: ``(start, end or None, reason)`` of each pause, derived from the run.
    """

    __slots__ = (
        "_ends",
        "_run",
        "_starts",
        "_stops",
        "index",
        "made",
        "opened",
        "past",
        "promise",
        "resolved",
        "retargets",
        "retired",
        "tracks",
    )

    def __init__(self, index: int, opened: int, promise: Promise, zone: tzinfo) -> None:
        self.index = index
        self.opened = opened
        self.promise = promise
        self.resolved: int | None = None
        self._starts: list[int] = [opened]
        self._ends: list[int | None] = [None]
        # Why each ended stretch ended: a pause's reason, or None for a resolution;
        # and the resolution that ended the pause, if one did.
        self._stops: list[tuple[str | None, int | None]] = []
        self._run: Run | None = None
        self.retargets: list[tuple[int, str, RetargetPolicy]] = []
        self.retired: list[tuple[Track, int]] = []
        self.past: dict[str, list[Track]] = {}
        self.made: dict[str, int] = {}
        # A reply milestone has no track until a customer's message opens one.
        self.tracks: dict[str, Track] = {
            name: self.track(name, _fresh(target, promise, opened, zone), promise.repeats)
            for name, target in promise.milestones.items()
            if name not in promise.replies
        }

    def track(
        self, name: str, phase: Phase, repeats: Container[str], start: int | None = None
    ) -> Track:
        """A new track of ``name``: the cycle's next occurrence of it, repeating
        when ``repeats`` (the promise's repeating and reply milestones) has it,
        or when it is not the cycle's first track of ``name``.

        Each occurrence records at creation whether it repeats, so its ids do
        not change when a later retarget changes the promise, and no two share
        one (``docs/clock.md``): only a first, non-repeating track has an id
        without its occurrence.
        """
        n = self.made.get(name, 0)
        self.made[name] = n + 1
        return Track(name, phase, occurrence=n, start=start, repeating=n > 0 or name in repeats)

    def stop(self, x: int, reason: str | None) -> None:
        """The clock stops at ``x``: paused for ``reason``, or resolved (None)."""
        self._ends[-1] = x
        self._stops.append((reason, None))
        self._run = None

    def go(self, x: int) -> None:
        """The clock runs again from ``x`` (resumed, or reopened to resume)."""
        self._starts.append(x)
        self._ends.append(None)
        self._run = None

    def resolve_paused(self, x: int) -> None:
        """The request is resolved at ``x`` while paused: the resolution ends the pause."""
        reason, _ = self._stops[-1]
        self._stops[-1] = (reason, x)

    @property
    def run(self) -> Run:
        """The running stretches so far, as an immutable :class:`Run`."""
        run = self._run
        if run is None:
            run = self._run = Run(tuple(self._starts), tuple(self._ends))
        return run

    def pauses(self) -> tuple[tuple[int, int | None, str], ...]:
        """``(start, end or None while paused, reason)`` of each pause, oldest first.

        A pause is the gap after a stretch a ``Paused`` ended, up to the next
        stretch or the resolution; a resolution reopened with policy ``resume``
        counts as a pause up to the reopening.
        """
        starts, ends = self._starts, self._ends
        out: list[tuple[int, int | None, str]] = []
        for k, (reason, resolved) in enumerate(self._stops):
            end = ends[k]
            assert end is not None
            after = starts[k + 1] if k + 1 < len(starts) else None
            if reason is not None:
                out.append((end, after if resolved is None else resolved, reason))
                end = resolved
            if end is not None and after is not None:
                out.append((end, after, _RESUMED))
        return tuple(out)


#: The reason of the pause a resolution becomes when it is reopened with policy resume.
_RESUMED = "resolved (reopened with policy 'resume')"


def _fresh(
    target: Target, promise: Promise, start: int, zone: tzinfo, active_from: int | None = None
) -> Phase:
    """A phase whose budget counts, untouched, from ``start`` (active from
    ``active_from``, by default ``start`` too)."""
    return Phase(
        target,
        promise.calendar,
        budget_start=start,
        offset=0,
        count_from=start,
        active_from=start if active_from is None else active_from,
        floor=None,
        zone=zone,
    )


#: The states an event puts the clock in.
_Open = Literal["running", "paused", "resolved"]


class State:
    """The replay's result: the cycles so far, the promise in force, the clock's
    state, the last status a ``StatusChanged`` gave (None before the first) and
    the tracks open just after it (``given``: a repeat of it leaves them be)."""

    __slots__ = ("cycles", "given", "promise", "state", "status", "zone")

    def __init__(self, promise: Promise, zone: tzinfo) -> None:
        self.promise = promise
        self.zone = zone
        self.cycles: list[Cycle] = []
        self.state: Literal["new"] | _Open = "new"
        self.status: str | None = None
        self.given: tuple[Track, ...] = ()


#: An event kind's handler: (state, index, event, instant, since) -> None.
_Handler = Callable[["State", int, Any, int, dict[str, int]], None]


def _fail(i: int, event: Event, problem: str, fix: str) -> EventLogError:
    return event_error(
        EventLogError, i, event, problem, fix, code="event_log.event", shown=describe(event)
    )


_LOG: LogKinds[Event] = LogKinds(
    EVENTS,
    EventLogError,
    code="event_log.event",
    what="an event",
    use=(
        "use Opened, Paused, Resumed, Met, Resolved, Reopened, Retargeted, Extended, "
        "StatusChanged or CustomerMessage"
    ),
    describe=describe,
    order_fix="order the log by instant (events at the same instant keep their log order)",
    reader="clock",
)


def replay(
    promise: Promise, log: Iterable[LogEntry], now_x: int, zone: tzinfo, where: str = "read_clock"
) -> State:
    """Apply the log's events up to ``now``; check the whole log's order and types.

    Every reader reads the log known at ``now`` this way (``docs/request.md``): a
    later event has not happened, so only its type and order are checked. The
    log opens with Opened: a clock event before it, or another reader's event
    (a one log's), is refused. ``where`` names the entry point the host called.
    """
    if not isinstance(promise, Promise):
        msg = f"{where}: promise must be a Promise, got {promise!r}"
        raise EventLogError(msg)
    st = State(promise, zone)
    since: dict[str, int] = {}
    handlers = _HANDLERS
    entries = iter(log_of(log))
    first = next(entries, None)  # named if another reader's event comes before Opened
    for i, event, x in in_order(chain(() if first is None else (first,), entries), _LOG):
        if x > now_x:
            continue  # not yet happened at `now`; the order of the rest is still checked
        handler = handlers.get(type(event)) or _handler(event)
        if st.state == "new":
            if handler is not _opened:
                raise _fail(i, event, "it comes before Opened", "start the log with Opened(at=...)")
            if i > 0:  # log[0] is routing's or the loop's: the one log opens with Opened
                raise _before_opened(first)
        handler(st, i, event, x, since)
    if st.state == "new":
        msg = (
            f"{where}: the log has no Opened event at or before now; "
            "a request's log starts with Opened(at=...)"
        )
        raise EventLogError(msg)
    return st


def _before_opened(entry: object) -> EventLogError:
    """The error for another reader's event at the head of the log, before Opened."""
    at: Any = getattr(entry, "at", None)
    return event_error(
        EventLogError,
        0,
        entry,
        "it comes before Opened",
        "a request's one log opens with Opened(at=..., service=...), which every reader "
        "reads; put Opened first",
        code="event_log.event",
        shown=f"{type(entry).__name__}(at={at.isoformat()})",
    )


def _handler(event: Event) -> _Handler:
    """The handler of an event whose class is a subclass of an event kind."""
    return next(h for kind, h in _HANDLERS.items() if isinstance(event, kind))


def _enter(st: State, state: _Open, i: int, since: dict[str, int]) -> None:
    """The clock's state is ``state`` from event ``i`` on (messages name the event)."""
    st.state = state
    since[state] = i


def _not_resolved(
    st: State, i: int, event: Event, since: dict[str, int], *, so: str, fix: str
) -> None:
    """Refuse ``event`` while the request is resolved: ``so`` says what that means for it."""
    if st.state == "resolved":
        raise _fail(
            i, event, f"the request is resolved (since log[{since['resolved']}]), {so}", fix
        )


def _track(st: State, i: int, event: Met | Extended, name: str, what: str) -> Track:
    """The track of milestone ``name`` that ``event`` acts on (``what``: the act, for a
    reply no message waits for), or the error naming the milestones there are."""
    track = st.cycles[-1].tracks.get(name)
    if track is None:
        if name in st.promise.replies:
            raise _fail(i, event, *_nothing_waits(st, name, what))
        raise _fail(i, event, st.promise._unknown(name), "name one of them")
    return track


def _opened(st: State, i: int, event: Opened, x: int, since: dict[str, int]) -> None:
    if st.state != "new":
        raise _fail(
            i,
            event,
            "the request is already open",
            "a request opens once; use Reopened after Resolved",
        )
    st.cycles.append(Cycle(0, x, st.promise, st.zone))
    _enter(st, "running", i, since)


def _paused(st: State, i: int, event: Paused, x: int, since: dict[str, int]) -> None:
    if st.state != "running":
        what = "already paused" if st.state == "paused" else "resolved"
        raise _fail(
            i,
            event,
            f"the clock is {what} (since log[{since[st.state]}])",
            "a Paused must follow Opened or Resumed; remove it or add the missing Resumed",
        )
    allowed = st.promise.pause_reasons
    if allowed and event.reason not in allowed:
        shown = ", ".join(map(repr, allowed))
        hint = did_you_mean(event.reason, allowed)
        given = f"the reason {event.reason!r} is" if event.reason else "it gives no reason:"
        raise _fail(
            i,
            event,
            f"{given} not one of the reasons promise {st.promise.name!r} allows a pause "
            f"for ({shown})",
            f"{hint}give one of them as reason=..., or add it to Promise(pause_reasons=...)",
        )
    st.cycles[-1].stop(x, event.reason)
    _enter(st, "paused", i, since)


def _resumed(st: State, i: int, event: Resumed, x: int, since: dict[str, int]) -> None:
    if st.state != "paused":
        what = "running" if st.state == "running" else "resolved"
        raise _fail(
            i,
            event,
            f"the clock is {what} (since log[{since[st.state]}]), not paused",
            "a Resumed must follow a Paused; remove it or add the missing Paused",
        )
    st.cycles[-1].go(x)
    _enter(st, "running", i, since)


def _met(st: State, i: int, event: Met, x: int, since: dict[str, int]) -> None:
    _not_resolved(
        st,
        i,
        event,
        since,
        so="so every milestone is met",
        fix="record Met before Resolved, or Reopened first",
    )
    track = _track(st, i, event, event.milestone, "reply to")
    if track.met_at is not None:
        raise _fail(
            i,
            event,
            f"milestone {event.milestone!r} is already met in this cycle "
            f"(at {from_micros(track.met_at, st.zone).isoformat()})",
            "a milestone is met once per cycle (unless the promise lists it in repeats); "
            "remove the repeat",
        )
    track.met_at = x
    if event.milestone in st.promise.repeats:
        # The occurrence is met; the next one counts from here (docs/clock.md).
        cycle = st.cycles[-1]
        cycle.past.setdefault(track.name, []).append(track)
        cycle.tracks[track.name] = _occurrence(st, track.name, x)
    elif event.milestone in st.promise.replies:
        # The reply meets the waiting occurrence; the next message opens the next.
        cycle = st.cycles[-1]
        cycle.past.setdefault(track.name, []).append(track)
        del cycle.tracks[track.name]


def _occurrence(st: State, name: str, x: int) -> Track:
    """The next occurrence of a repeating or reply milestone, counted from ``x``."""
    target = st.promise.milestones[name]
    return st.cycles[-1].track(name, _fresh(target, st.promise, x, st.zone), (name,))


def _nothing_waits(st: State, name: str, what: str) -> tuple[str, str]:
    """The problem and fix of an event on a reply milestone while no message waits."""
    past = st.cycles[-1].past.get(name)
    last = past[-1].met_at if past else None
    since = (
        f"the last one was answered at {from_micros(last, st.zone).isoformat()}"
        if last is not None
        else "none has come in this cycle"
    )
    return (
        f"no customer message waits for {name!r} ({since}), so there is nothing to {what}",
        "record CustomerMessage(at=...) before it, or remove the event",
    )


def _message(st: State, i: int, event: CustomerMessage, x: int, since: dict[str, int]) -> None:
    """A customer's message opens an occurrence of each reply milestone none waits for."""
    _not_resolved(
        st,
        i,
        event,
        since,
        so="so no reply can be due",
        fix="record Reopened before it (the customer is not satisfied), or remove it",
    )
    cycle = st.cycles[-1]
    for name in st.promise.replies:
        if name in cycle.tracks:
            continue  # one waits: the reply is due from the oldest unanswered message
        cycle.tracks[name] = _occurrence(st, name, x)


def _resolved(st: State, i: int, event: Resolved, x: int, since: dict[str, int]) -> None:
    if st.state == "resolved":
        raise _fail(
            i,
            event,
            f"the request is already resolved (since log[{since['resolved']}])",
            "remove the repeat, or put Reopened before it",
        )
    cycle = st.cycles[-1]
    if st.state == "running":
        cycle.stop(x, None)
    else:
        cycle.resolve_paused(x)
    for track in cycle.tracks.values():
        if track.met_at is None:
            track.met_at = x
            track.met_by_resolve = True
    cycle.resolved = x
    _enter(st, "resolved", i, since)


def _reopened(st: State, i: int, event: Reopened, x: int, since: dict[str, int]) -> None:
    if st.state != "resolved":
        raise _fail(
            i,
            event,
            f"the request is {st.state}, not resolved",
            "Reopened must follow Resolved; remove it or add the missing Resolved",
        )
    cycle = st.cycles[-1]
    if event.policy == "new_cycle":
        st.cycles.append(Cycle(cycle.index + 1, x, st.promise, st.zone))
    else:
        assert cycle.resolved is not None
        cycle.resolved = None
        cycle.go(x)
        for track in cycle.tracks.values():
            if track.met_by_resolve:
                track.met_at = None
                track.met_by_resolve = False
    _enter(st, "running", i, since)


def _extend(st: State, i: int, event: Extended, x: int, since: dict[str, int]) -> None:
    name = event.milestone
    _not_resolved(
        st,
        i,
        event,
        since,
        so="so no milestone is open",
        fix="record the extension before Resolved, or Reopened first",
    )
    cycle = st.cycles[-1]
    track = _track(st, i, event, name, "extend")
    if track.met_at is not None:
        raise _fail(
            i,
            event,
            f"milestone {name!r} is already met "
            f"(at {from_micros(track.met_at, st.zone).isoformat()}), so there is nothing to extend",
            "record the extension before Met, or remove it",
        )
    declared = st.promise.extensions.get(name, ())
    phases = track.phases
    applied = 0
    while applied < len(phases) and phases[-1 - applied].extended is not None:
        applied += 1
    if applied >= len(declared):
        allows = f"allows {len(declared)} extension{'s' if len(declared) != 1 else ''}"
        raise _fail(
            i,
            event,
            f"promise {st.promise.name!r} {allows} of milestone {name!r} and "
            f"{applied} {'is' if applied == 1 else 'are'} applied, so this one goes beyond "
            "those declared",
            "remove the event, or declare the extension in Promise(extensions=...)",
        )
    ext: Extension = declared[applied]
    if event.to != ext.to:
        raise _fail(
            i,
            event,
            f"the next extension promise {st.promise.name!r} allows for {name!r} "
            f"(extensions[{name!r}][{applied}]) is to {ext.to!r}, not {event.to!r}",
            f"write to={ext.to!r}: extensions apply one at a time, in the declared order",
        )
    missing = [
        need
        for need, ok in (
            ("a reason (reason='...')", not ext.requires_reason or event.reason.strip()),
            (
                "an approver (approved_by='...')",
                not ext.requires_approval or (event.approved_by or "").strip(),
            ),
            (
                "the customer informed (customer_informed=True)",
                not ext.requires_customer_informed or event.customer_informed,
            ),
        )
        if not ok
    ]
    if missing:
        raise _fail(
            i,
            event,
            f"extensions[{name!r}][{applied}] requires {' and '.join(missing)}, "
            "which the event does not give",
            "record them on the Extended event",
        )
    current = phases[-1]
    due_at = breach(current, cycle.run, x, met=False)  # a breach stays a breach
    if due_at is not None:
        raise _fail(
            i,
            event,
            f"milestone {name!r} fell due at {from_micros(due_at, st.zone).isoformat()} and is "
            "breached from then on; an extension at or after the due instant does not undo it",
            "a breach stays a breach: record the extension before the due instant",
        )
    phase = Phase(
        ext.to,
        current.cal,
        budget_start=current.budget_start,
        offset=current.offset,
        count_from=current.count_from,
        active_from=x,
        floor=current.floor,
        zone=st.zone,
    )
    phase.extended = event
    phases.append(phase)


def _retarget(st: State, i: int, event: Retargeted, x: int, since: dict[str, int]) -> None:
    if st.state == "resolved":
        raise _fail(
            i,
            event,
            "the request is resolved, so no milestone is running",
            "change the severity before Resolved, or Reopened first",
        )
    cycle = st.cycles[-1]
    new = event.promise
    policy = event.policy
    tracks: dict[str, Track] = {}
    dropped = {track.name: (track, at) for track, at in cycle.retired}
    for name, target in new.milestones.items():
        old = cycle.tracks.get(name)
        if old is None and name in dropped:  # dropped by an earlier retarget, back now
            old, at = dropped.pop(name)
            old.phases[-1].until = at
            cycle.retired = [(t, a) for t, a in cycle.retired if t is not old]
        if old is not None and (
            old.met_at is not None or breach(old.phases[-1], cycle.run, x, met=False) is not None
        ):
            tracks[name] = old  # met and breached milestones keep how they were met or broke
            continue
        if old is None and name in new.replies:
            continue  # no message waits: nothing is due until one comes
        if policy == "restart":
            phase = _fresh(target, new, x, st.zone)
        elif policy == "from_original_start":
            start = cycle.opened if old is None else old.start
            phase = _fresh(target, new, start, st.zone, active_from=x)
        else:
            if old is not None:
                used = elapsed(old.phases[-1], cycle.run, x)
            else:
                probe = _fresh(target, new, cycle.opened, st.zone)
                used = elapsed(probe, cycle.run, x)
            phase = Phase(
                target,
                new.calendar,
                budget_start=cycle.opened if old is None else old.start,
                offset=used,
                count_from=x,
                active_from=x,
                floor=x,
                zone=st.zone,
            )
        if old is not None:
            old.phases.append(phase)
            tracks[name] = old
        else:
            tracks[name] = cycle.track(name, phase, new.repeats, start=cycle.opened)
    for name, old in cycle.tracks.items():
        if name not in tracks:
            if old.met_at is not None:
                tracks[name] = old
            else:
                cycle.retired.append((old, x))
    cycle.tracks = tracks
    cycle.promise = new
    cycle.retargets.append((x, new.name, policy))
    st.promise = new


def _status(st: State, i: int, event: StatusChanged, x: int, since: dict[str, int]) -> None:
    """Apply the explicit event the status's rule implies, when the clock can make
    that change; a change already in effect is no change (``docs/clock.md``).

    A meet status repeated (the last ``StatusChanged`` gave it too) is the host's
    feed repeating itself: it meets only an occurrence that began since (a reply
    a customer's message opened), never the one its last giving started. A
    restart status repeated restarts nothing: the restart happened when the
    status was first given, and restarting again would move every due later.
    """
    rules = st.promise.status_rules
    rule = rules.get(event.status)
    if rule is None:
        if rules:
            known = ", ".join(map(repr, rules))
            problem = (
                f"promise {st.promise.name!r} has no status rule for {event.status!r}; "
                f"its statuses are {known}"
            )
        else:
            problem = f"promise {st.promise.name!r} declares no status rules"
        raise _fail(
            i,
            event,
            problem,
            f"{did_you_mean(event.status, rules)}map the status in Promise(status_rules=...) "
            "(StatusRule.keep() for a status that leaves the clock as it is)",
        )
    action = rule.action
    if st.state == "resolved" and action in ("pause", "resume", "restart"):
        raise _fail(
            i,
            event,
            f"status {event.status!r} would {action} the clock, but the request is resolved "
            f"(since log[{since['resolved']}])",
            "record Reopened before it, or remove the status change",
        )
    if action == "pause" and st.state == "running":
        _paused(st, i, Paused(event.at, rule.reason), x, since)
    elif action == "resume" and st.state == "paused":
        _resumed(st, i, Resumed(event.at), x, since)
    elif action == "restart" and event.status != st.status:
        _retarget(st, i, Retargeted(event.at, st.promise, "restart"), x, since)
    elif action == "meet" and st.state != "resolved":
        tracks = st.cycles[-1].tracks
        given = st.given if event.status == st.status else ()
        for name in rule.milestones:
            track = tracks.get(name)  # a reply no message waits for: already no change
            if track is not None and track.met_at is None and track not in given:
                _met(st, i, Met(event.at, name), x, since)
    st.status = event.status
    st.given = tuple(st.cycles[-1].tracks.values())


#: Each event kind's handler (the replay looks one up per event).
_HANDLERS: dict[type[Event], _Handler] = {
    Opened: _opened,
    Paused: _paused,
    Resumed: _resumed,
    Met: _met,
    Resolved: _resolved,
    Reopened: _reopened,
    Extended: _extend,
    Retargeted: _retarget,
    StatusChanged: _status,
    CustomerMessage: _message,
}
