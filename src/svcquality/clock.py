"""The SLA clock: the event log of one request in, where every milestone stands out.

The clock is event-sourced. A host keeps the log of one request (opened,
paused with a reason, resumed, a milestone met, resolved, reopened, the
severity changed) and asks :func:`read_clock` where each promised milestone
stands at an instant ``now`` it passes in. Nothing is stored between calls:
the same log and ``now`` always give the same reading.

Semantics (pinned by the tests, explained in ``docs/clock.md``):

- A pause stops every running milestone; the due instant moves by the paused
  time measured the target's way (clock time for a wall target, open time on
  the calendar for every other kind). While paused, ``due`` is where the
  milestone would fall due if it resumed now.
- A working-day or batch target's budget is the open time from the start to
  its deadline, so pauses extend it as they extend a business-time target.
- A milestone still unmet at its due instant is breached from that instant on
  (when an ``OnBreach`` step fires); ``Met`` at the due instant is on time, and
  after it closes the milestone as ``BREACHED`` with ``met_at``.
  ``Resolved`` meets every milestone not yet met, at that instant.
- A threshold reached exactly when a pause begins is reached when the clock
  runs again (the pause instant belongs to the pause).
- ``Reopened`` starts a new cycle (``new_cycle``) or continues the last one as
  if the resolution had been a pause (``resume``).
- ``Retargeted`` (a severity change) follows its policy: ``keep_elapsed``,
  ``restart`` or ``from_original_start`` (see :data:`~svcquality._types.RetargetPolicy`).
  ``Retargeted`` to the same promise with ``restart`` starts every open milestone
  afresh from that instant (new facts: the period runs again from the receipt
  of the new material). The new promise's targets apply; extensions applied
  under the old one do not carry over (extensions are per promise).
- ``Extended`` applies the next :class:`~svcquality.Extension` the promise
  declares for the milestone, in order: a new target counted from the same
  start, pauses applied the same way. It is refused beyond those declared,
  without what the extension requires, for a met milestone, while resolved,
  and at or after the milestone's current due instant (a breach stays a breach).
- A promise with ``pause_reasons`` refuses a ``Paused`` whose reason is not one
  of them.
- Events later than ``now`` have not happened yet and are not applied (their
  order is still checked), so a reading of the past is a reading of the log's
  prefix.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import attrs

from svcquality._fields import aware, shown, text
from svcquality._instants import from_micros, micros_of, td_micros, to_micros
from svcquality._types import ReopenPolicy, RetargetPolicy
from svcquality.calendars import BusinessCalendar
from svcquality.errors import EventLogError
from svcquality.promises import Extension, Promise, Target

__all__ = [
    "ClockColumns",
    "ClockReading",
    "CycleReading",
    "Difference",
    "Event",
    "Extended",
    "MilestoneColumns",
    "MilestoneReading",
    "Met",
    "Opened",
    "Paused",
    "Reopened",
    "Resolved",
    "Resumed",
    "Retargeted",
    "Status",
    "read_clock",
    "read_clock_many",
    "reread",
]

_REOPEN = ("new_cycle", "resume")
_RETARGET = ("keep_elapsed", "restart", "from_original_start")
_US = timedelta(microseconds=1)


# --------------------------------------------------------------------------- events


_aware = aware
_text = text(EventLogError)


@attrs.frozen
class Opened:
    """The request arrived and its clock starts (首问: the first contact)."""

    at: datetime = attrs.field(validator=_aware)


@attrs.frozen
class Paused:
    """The clock stops, e.g. ``reason="awaiting customer"`` (等待客户补充材料)."""

    at: datetime = attrs.field(validator=_aware)
    reason: str = attrs.field(default="", validator=_text)


@attrs.frozen
class Resumed:
    """The clock runs again after a pause."""

    at: datetime = attrs.field(validator=_aware)


@attrs.frozen
class Met:
    """One milestone is done (on time or late)."""

    at: datetime = attrs.field(validator=_aware)
    milestone: str = attrs.field(validator=_text)


@attrs.frozen
class Resolved:
    """The request is closed; every milestone not yet met is met now."""

    at: datetime = attrs.field(validator=_aware)


def _reopen_policy(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in _REOPEN:
        msg = f"Reopened: policy must be one of {', '.join(_REOPEN)}, got {value!r}"
        raise EventLogError(msg)


@attrs.frozen
class Reopened:
    """A resolved request is opened again (the customer was not satisfied)."""

    at: datetime = attrs.field(validator=_aware)
    policy: ReopenPolicy = attrs.field(default="new_cycle", validator=_reopen_policy)


def _retarget_policy(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in _RETARGET:
        msg = f"Retargeted: policy must be one of {', '.join(_RETARGET)}, got {value!r}"
        raise EventLogError(msg)


def _promise(instance: object, attribute: attrs.Attribute[Promise], value: object) -> None:
    if not isinstance(value, Promise):
        msg = f"Retargeted: promise must be a Promise, got {value!r}"
        raise EventLogError(msg)


@attrs.frozen
class Retargeted:
    """The request's severity changed, so another promise applies from ``at``."""

    at: datetime = attrs.field(validator=_aware)
    promise: Promise = attrs.field(validator=_promise)
    policy: RetargetPolicy = attrs.field(default="keep_elapsed", validator=_retarget_policy)


def _target(instance: object, attribute: attrs.Attribute[Target], value: object) -> None:
    if not isinstance(value, Target):
        msg = f"Extended: to must be a Target such as Target.working_days(30), got {value!r}"
        raise EventLogError(msg)


def _approver(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        msg = f"Extended: approved_by must be the approver's name or None, got {value!r}"
        raise EventLogError(msg)


def _informed(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        msg = f"Extended: customer_informed must be True or False, got {value!r}"
        raise EventLogError(msg)


@attrs.frozen
class Extended:
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

    at: datetime = attrs.field(validator=_aware)
    milestone: str = attrs.field(validator=_text)
    to: Target = attrs.field(validator=_target)
    reason: str = attrs.field(default="", kw_only=True, validator=_text)
    approved_by: str | None = attrs.field(default=None, kw_only=True, validator=_approver)
    customer_informed: bool = attrs.field(default=False, kw_only=True, validator=_informed)


Event: TypeAlias = Opened | Paused | Resumed | Met | Resolved | Reopened | Retargeted | Extended
_EVENTS = (Opened, Paused, Resumed, Met, Resolved, Reopened, Retargeted, Extended)


# --------------------------------------------------------------------------- readings


class Status(enum.Enum):
    """Where a milestone stands."""

    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"


@attrs.frozen
class MilestoneReading:
    """One milestone at ``now`` (or at the instant it was met).

    Attributes:
        name: the milestone, e.g. ``"resolve"``.
        target: its target under the promise that applies.
        status: RUNNING, PAUSED, MET (on time) or BREACHED (overdue, or met late).
        due: the current due instant; it moves with pauses and extensions. While
            paused it is where the milestone would fall due if the clock ran again now.
        original_due: the due instant of the promise's own target, had there been
            no pause and no extension (after a retarget: the new promise's target).
        elapsed: time used, on the target's own measure (open time unless wall).
        wall_elapsed: clock time the clock ran in this cycle.
        paused: clock time the clock stood still in this cycle.
        remaining: what is left of the target's measure; negative once overdue.
        consumed: ``elapsed / budget`` as an exact fraction (``float(m.consumed)``).
        budget: the whole of the target's measure (open time to the deadline for
            working-day and batch targets).
        met_at: when it was met (by ``Met`` or ``Resolved``), or None.
        breached_at: when it became overdue, or None.
        started_at: where the budget is counted from (the opening, a restart).
        cycle: the cycle the milestone belongs to (0 for the first).
        extensions: the ``Extended`` events applied to the target now in force,
            oldest first (empty after a retarget: extensions are per promise).
    """

    name: str
    target: Target
    status: Status
    due: datetime
    original_due: datetime
    elapsed: timedelta
    wall_elapsed: timedelta
    paused: timedelta
    budget: timedelta
    met_at: datetime | None
    breached_at: datetime | None
    started_at: datetime
    cycle: int
    extensions: tuple[Extended, ...] = ()

    @property
    def remaining(self) -> timedelta:
        """What is left of the target's measure; negative once overdue."""
        return self.budget - self.elapsed

    @property
    def consumed(self) -> Fraction:
        """``elapsed / budget`` as an exact fraction (``float(m.consumed)`` for display)."""
        budget = self.budget
        if budget <= timedelta(0):
            return Fraction(1 if self.elapsed >= timedelta(0) else 0)
        return Fraction(self.elapsed // _US, budget // _US)


@attrs.frozen
class CycleReading:
    """One cycle of a request: from an opening (or reopening) to its resolution.

    Attributes:
        index: 0 for the first cycle, then one more per ``Reopened(new_cycle)``.
        opened_at: when the cycle began.
        resolved_at: when it was resolved, or None while open.
        promise: the promise in force at the end of the cycle (or now).
        milestones: each milestone's reading at its close (or now).
        retargets: ``(at, promise name, policy)`` of each severity change.
        pauses: ``(start, end or None, reason)`` of each pause (a property).
    """

    index: int
    opened_at: datetime
    resolved_at: datetime | None
    promise: Promise
    milestones: Mapping[str, MilestoneReading] = attrs.field(hash=False)
    retargets: tuple[tuple[datetime, str, RetargetPolicy], ...]
    # Pauses as integer microseconds, turned into datetimes only when asked for:
    # a long log has many, and most hosts never look.
    pause_stretches: tuple[tuple[int, int | None, str], ...] = attrs.field(repr=False)
    zone: tzinfo = attrs.field(repr=False, eq=False)

    @property
    def pauses(self) -> tuple[tuple[datetime, datetime | None, str], ...]:
        """``(start, end or None while paused, reason)`` of each pause, oldest first."""
        z = self.zone
        return tuple(
            (from_micros(a, z), None if b is None else from_micros(b, z), why)
            for a, b, why in self.pause_stretches
        )


@attrs.frozen
class ClockReading:
    """Where a request's milestones stand at ``now``.

    Attributes:
        promise: the promise in force at ``now`` (after any retarget).
        now: the instant read at.
        state: ``"running"``, ``"paused"`` or ``"resolved"``.
        milestones: the current cycle's milestones by name.
        cycles: every cycle so far, oldest first; the last is the current one.
        calendar: the calendar the promise measures open time on (its name or
            description), or ``"none"`` for a promise of wall targets only.
        holiday_data: which holiday data the calendar used, e.g. ``"holidays 0.109: CN"``.
    """

    promise: Promise
    now: datetime
    state: Literal["running", "paused", "resolved"]
    milestones: Mapping[str, MilestoneReading] = attrs.field(hash=False)
    cycles: tuple[CycleReading, ...]
    calendar: str
    holiday_data: str

    @property
    def cycle(self) -> int:
        """The current cycle's index (0 until the request is reopened)."""
        return len(self.cycles) - 1


@attrs.frozen
class Difference:
    """A milestone whose status or due instant differs between two readings."""

    milestone: str
    before: MilestoneReading | None
    after: MilestoneReading | None


# --------------------------------------------------------------------------- replay


class _Phase:
    """One target applied to one milestone from ``active_from`` on."""

    __slots__ = (
        "_budget",
        "_due",
        "_tail",
        "active_from",
        "budget_start",
        "cal",
        "count_from",
        "extended",
        "floor",
        "mcal",
        "offset",
        "target",
        "until",
        "wall",
        "zone",
    )

    def __init__(
        self,
        target: Target,
        cal: BusinessCalendar | None,
        *,
        budget_start: int,
        offset: int,
        count_from: int,
        active_from: int,
        floor: int | None,
        zone: tzinfo,
    ) -> None:
        self.target = target
        self.cal = cal
        # What the budget is measured on: open time, and for a period target
        # (working days, days, months, batch) open time on working days only, so
        # a pause excludes the working hours it covered and never moves a period
        # onto a Saturday the unit opens or into a 7x24 centre's holiday.
        self.mcal = cal if cal is None or target.duration is not None else cal.working_hours()
        self.wall = target.measure == "wall"
        self.budget_start = budget_start
        self.offset = offset
        self.count_from = count_from
        self.active_from = active_from
        self.floor = floor
        self.zone = zone
        # The deadline and budget are computed when first needed: a closed cycle
        # that nobody reads never pays for its working-day deadlines.
        self._due: int | None = None
        self._budget: int | None = None
        self._tail: int | None = None
        # When a retarget dropped the milestone while this phase applied (it may
        # come back with a later retarget, under a new phase).
        self.until: int | None = None
        # The event that applied this phase's target as an extension, or None.
        self.extended: Extended | None = None

    @property
    def original_due(self) -> int:
        """The due instant with no pause, counted from ``budget_start``."""
        due = self._due
        if due is None:
            target, cal, start = self.target, self.cal, self.budget_start
            duration = target.duration
            if duration is not None:  # wall and business targets
                d = td_micros(duration)
                due = start + d if self.wall else self.advance(start, d)
            elif target.kind == "working_days":  # the calendar's own rule, in microseconds
                assert cal is not None
                assert target.count is not None
                due = cal._micros.deadline(start, target.count, target.cutoff, target.counting)
            else:
                deadline = target.deadline(from_micros(start, self.zone), cal)
                due = micros_of(deadline, "deadline")
            self._due = due
        return due

    @property
    def budget(self) -> int:
        """The target's whole measure: its duration, or the open time to its deadline."""
        budget = self._budget
        if budget is None:
            duration = self.target.duration
            if duration is not None:
                budget = td_micros(duration)
            else:
                assert self.mcal is not None
                budget = self.mcal._micros.open_between(self.budget_start, self.original_due)
            self._budget = budget
        return budget

    def length(self, a: int, b: int, cache: dict[tuple[int, int, int], int]) -> int:
        """Measure of ``[a, b)``."""
        if self.wall:
            return b - a
        key = (id(self.mcal), a, b)
        got = cache.get(key)
        if got is None:
            assert self.mcal is not None
            got = cache[key] = self.mcal._micros.open_between(a, b)
        return got

    def uncached_length(self, a: int, b: int) -> int:
        """Measure of ``[a, b)``, uncached (a stretch cut at the reading instant)."""
        if self.wall:
            return b - a
        assert self.mcal is not None
        return self.mcal._micros.open_between(a, b)

    def advance(self, x: int, r: int) -> int:
        """The instant at which ``r`` of the measure has elapsed from ``x``."""
        if self.wall:
            return x + r
        assert self.mcal is not None
        return self.mcal._micros.add(x, r)

    def land(self, at: int) -> int:
        """Where a period target falls due when its budget runs out at ``at``.

        A period (working days, days, months, a batch) may end after the last
        working hour before its deadline (24:00 of a working day without hours,
        民法典 Art. 203): its budget runs out at that hour's end, but the
        deadline is the period's end. An instant in ``[that end, deadline)``
        has used exactly the budget, so it is the deadline. Business and wall
        targets fall due at ``at`` itself.
        """
        if self.target.duration is not None:
            return at
        due = self.original_due
        tail = self._tail
        if tail is None:
            assert self.mcal is not None
            tail = self._tail = self.mcal._micros.quiet_from(due, self.budget_start)
        return due if tail <= at < due else at


class _Track:
    __slots__ = ("met_at", "met_by_resolve", "name", "phases")

    def __init__(self, name: str, phase: _Phase) -> None:
        self.name = name
        self.phases = [phase]
        self.met_at: int | None = None
        self.met_by_resolve = False


class _Cycle:
    __slots__ = (
        "index",
        "opened",
        "pauses",
        "promise",
        "resolved",
        "retargets",
        "retired",
        "segments",
        "tracks",
    )

    def __init__(self, index: int, opened: int, promise: Promise, zone: tzinfo) -> None:
        self.index = index
        self.opened = opened
        self.promise = promise
        self.resolved: int | None = None
        # Running stretches [start, end); end None while running.
        self.segments: list[list[int | None]] = [[opened, None]]
        self.pauses: list[tuple[int, int | None, str]] = []
        self.retargets: list[tuple[int, str, RetargetPolicy]] = []
        # Milestones a retarget dropped before they were met, with the instant:
        # escalation still reports the steps they fired before.
        self.retired: list[tuple[_Track, int]] = []
        self.tracks: dict[str, _Track] = {
            name: _Track(name, _fresh(target, promise, opened, zone))
            for name, target in promise.milestones.items()
        }


def _fresh(target: Target, promise: Promise, start: int, zone: tzinfo) -> _Phase:
    return _Phase(
        target,
        promise.calendar,
        budget_start=start,
        offset=0,
        count_from=start,
        active_from=start,
        floor=None,
        zone=zone,
    )


class _State:
    __slots__ = ("cycles", "promise", "state", "zone")

    def __init__(self, promise: Promise, zone: tzinfo) -> None:
        self.promise = promise
        self.zone = zone
        self.cycles: list[_Cycle] = []
        self.state: Literal["new", "running", "paused", "resolved"] = "new"


def _describe(event: object) -> str:
    if isinstance(event, _EVENTS):
        at = event.at.isoformat()
        extra = f", milestone={event.milestone!r}" if isinstance(event, Met | Extended) else ""
        return f"{type(event).__name__}(at={at}{extra})"
    return repr(event)


def _fail(i: int, event: object, problem: str, fix: str) -> EventLogError:
    return EventLogError(f"log[{i}] {_describe(event)}: {problem}; {fix}")


def _replay(
    promise: Promise, log: Sequence[Event] | Iterable[Event], now_x: int, zone: tzinfo
) -> _State:
    """Apply the log's events up to ``now``; check the whole log's order and types."""
    if not isinstance(promise, Promise):
        msg = f"read_clock: promise must be a Promise, got {promise!r}"
        raise EventLogError(msg)
    st = _State(promise, zone)
    prev: int | None = None
    since: dict[str, int] = {}
    for i, event in enumerate(_log_of(log)):
        if not isinstance(event, _EVENTS):
            msg = (
                f"log[{i}]: {event!r} is not an event; use Opened, Paused, Resumed, Met, "
                "Resolved, Reopened, Retargeted or Extended"
            )
            raise EventLogError(msg)
        try:
            x = to_micros(event.at)  # every event checks its instant when built...
        except TypeError:  # ...unless one was changed behind its back
            x = micros_of(event.at, f"log[{i}].at")
        if prev is not None and x < prev:
            raise _fail(
                i,
                event,
                "it is earlier than the event before it",
                "order the log by instant (events at the same instant keep their log order)",
            )
        prev = x
        if x > now_x:
            continue  # not yet happened at `now`; the order of the rest is still checked
        kind = type(event)
        if kind is Paused and st.state == "running" and not st.promise.pause_reasons:
            cycle = st.cycles[-1]
            cycle.segments[-1][1] = x
            cycle.pauses.append((x, None, event.reason))  # type: ignore[union-attr]
            st.state = "paused"
            since["paused"] = i
        elif kind is Resumed and st.state == "paused":
            cycle = st.cycles[-1]
            cycle.segments.append([x, None])
            start, _, reason = cycle.pauses[-1]
            cycle.pauses[-1] = (start, x, reason)
            st.state = "running"
            since["running"] = i
        else:
            _apply(st, i, event, x, since)
    if st.state == "new":
        msg = (
            "read_clock: the log has no Opened event at or before now; "
            "a request's log starts with Opened(at=...)"
        )
        raise EventLogError(msg)
    return st


def _log_of(log: object, where: str = "log") -> Iterable[Event]:
    """``log`` if it is an iterable of events (a list, a tuple, a generator), else
    EventLogError: a single event, None or a number is a mistake, not a log."""
    if isinstance(log, (str, bytes, Mapping, *_EVENTS)) or not isinstance(log, Iterable):
        msg = (
            f"{where} must be a list of events such as [Opened(at=...)], "
            f"got {type(log).__name__} {shown(log)}"
        )
        raise EventLogError(msg)
    return log


def _apply(st: _State, i: int, event: Event, x: int, since: dict[str, int]) -> None:
    if isinstance(event, Opened):
        if st.state != "new":
            raise _fail(
                i,
                event,
                "the request is already open",
                "a request opens once; use Reopened after Resolved",
            )
        st.cycles.append(_Cycle(0, x, st.promise, st.zone))
        st.state = "running"
        since["running"] = i
        return
    if st.state == "new":
        raise _fail(i, event, "it comes before Opened", "start the log with Opened(at=...)")
    if isinstance(event, (Paused, Resumed)):
        _pause_or_resume(st, i, event, x, since)
    elif isinstance(event, Met):
        _met(st, i, event, x, since)
    elif isinstance(event, Resolved):
        _resolved(st, i, event, x, since)
    elif isinstance(event, Reopened):
        _reopened(st, i, event, x, since)
    elif isinstance(event, Extended):
        _extend(st, i, event, x, since)
    else:
        _retarget(st, i, event, x, st.cycles[-1])


def _pause_or_resume(
    st: _State, i: int, event: Paused | Resumed, x: int, since: dict[str, int]
) -> None:
    cycle = st.cycles[-1]
    if isinstance(event, Paused):
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
            close = difflib.get_close_matches(event.reason, allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            given = f"the reason {event.reason!r} is" if event.reason else "it gives no reason:"
            raise _fail(
                i,
                event,
                f"{given} not one of the reasons promise {st.promise.name!r} allows a pause "
                f"for ({shown})",
                f"{hint}give one of them as reason=..., or add it to Promise(pause_reasons=...)",
            )
        cycle.segments[-1][1] = x
        cycle.pauses.append((x, None, event.reason))
        st.state = "paused"
        since["paused"] = i
        return
    if st.state != "paused":
        what = "running" if st.state == "running" else "resolved"
        raise _fail(
            i,
            event,
            f"the clock is {what} (since log[{since[st.state]}]), not paused",
            "a Resumed must follow a Paused; remove it or add the missing Paused",
        )
    cycle.segments.append([x, None])
    start, _, reason = cycle.pauses[-1]
    cycle.pauses[-1] = (start, x, reason)
    st.state = "running"
    since["running"] = i


def _met(st: _State, i: int, event: Met, x: int, since: dict[str, int]) -> None:
    if st.state == "resolved":
        raise _fail(
            i,
            event,
            f"the request is resolved (since log[{since['resolved']}]), so every milestone is met",
            "record Met before Resolved, or Reopened first",
        )
    track = st.cycles[-1].tracks.get(event.milestone)
    if track is None:
        raise _fail(i, event, st.promise._unknown(event.milestone), "name one of them")
    if track.met_at is not None:
        raise _fail(
            i,
            event,
            f"milestone {event.milestone!r} is already met in this cycle "
            f"(at {from_micros(track.met_at, st.zone).isoformat()})",
            "a milestone is met once per cycle; remove the repeat",
        )
    track.met_at = x


def _resolved(st: _State, i: int, event: Resolved, x: int, since: dict[str, int]) -> None:
    if st.state == "resolved":
        raise _fail(
            i,
            event,
            f"the request is already resolved (since log[{since['resolved']}])",
            "remove the repeat, or put Reopened before it",
        )
    cycle = st.cycles[-1]
    if st.state == "running":
        cycle.segments[-1][1] = x
    else:
        start, _, reason = cycle.pauses[-1]
        cycle.pauses[-1] = (start, x, reason)
    for track in cycle.tracks.values():
        if track.met_at is None:
            track.met_at = x
            track.met_by_resolve = True
    cycle.resolved = x
    st.state = "resolved"
    since["resolved"] = i


def _reopened(st: _State, i: int, event: Reopened, x: int, since: dict[str, int]) -> None:
    if st.state != "resolved":
        raise _fail(
            i,
            event,
            f"the request is {st.state}, not resolved",
            "Reopened must follow Resolved; remove it or add the missing Resolved",
        )
    cycle = st.cycles[-1]
    if event.policy == "new_cycle":
        st.cycles.append(_Cycle(cycle.index + 1, x, st.promise, st.zone))
    else:
        assert cycle.resolved is not None
        cycle.pauses.append((cycle.resolved, x, "resolved (reopened with policy 'resume')"))
        cycle.resolved = None
        cycle.segments.append([x, None])
        for track in cycle.tracks.values():
            if track.met_by_resolve:
                track.met_at = None
                track.met_by_resolve = False
    st.state = "running"
    since["running"] = i


def _extend(st: _State, i: int, event: Extended, x: int, since: dict[str, int]) -> None:
    name = event.milestone
    if st.state == "resolved":
        raise _fail(
            i,
            event,
            f"the request is resolved (since log[{since['resolved']}]), so no milestone is open",
            "record the extension before Resolved, or Reopened first",
        )
    cycle = st.cycles[-1]
    track = cycle.tracks.get(name)
    if track is None:
        raise _fail(i, event, st.promise._unknown(name), "name one of them")
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
    due, reached = _due(current, cycle.segments, x, {})
    # Breached from the due instant on; a budget used up exactly as a pause began
    # falls due only when the clock runs again (due == x while paused, not reached).
    if due < x or (due == x and reached):
        raise _fail(
            i,
            event,
            f"milestone {name!r} fell due at {from_micros(due, st.zone).isoformat()} and is "
            "breached from then on; an extension at or after the due instant does not undo it",
            "a breach stays a breach: record the extension before the due instant",
        )
    phase = _Phase(
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


def _retarget(st: _State, i: int, event: Retargeted, x: int, cycle: _Cycle) -> None:
    if st.state == "resolved":
        raise _fail(
            i,
            event,
            "the request is resolved, so no milestone is running",
            "change the severity before Resolved, or Reopened first",
        )
    new = event.promise
    policy = event.policy
    cache: dict[tuple[int, int, int], int] = {}
    tracks: dict[str, _Track] = {}
    dropped = {track.name: (track, at) for track, at in cycle.retired}
    for name, target in new.milestones.items():
        old = cycle.tracks.get(name)
        if old is None and name in dropped:  # dropped by an earlier retarget, back now
            old, at = dropped.pop(name)
            old.phases[-1].until = at
            cycle.retired = [(t, a) for t, a in cycle.retired if t is not old]
        if old is not None and old.met_at is not None:
            tracks[name] = old  # met milestones keep how they were met
            continue
        if policy == "restart":
            phase = _Phase(
                target,
                new.calendar,
                budget_start=x,
                offset=0,
                count_from=x,
                active_from=x,
                floor=None,
                zone=st.zone,
            )
        elif policy == "from_original_start":
            phase = _Phase(
                target,
                new.calendar,
                budget_start=cycle.opened,
                offset=0,
                count_from=cycle.opened,
                active_from=x,
                floor=None,
                zone=st.zone,
            )
        else:
            if old is not None:
                used = _elapsed(old.phases[-1], cycle.segments, x, cache)
            else:
                probe = _fresh(target, new, cycle.opened, st.zone)
                used = _elapsed(probe, cycle.segments, x, cache)
            phase = _Phase(
                target,
                new.calendar,
                budget_start=cycle.opened,
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
            track = _Track(name, phase)
            tracks[name] = track
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


# --------------------------------------------------------------------------- measuring


def _as_stretches(cycle: _Cycle) -> list[tuple[int, int | None]]:
    """The cycle's running stretches as ``(start, end or None)`` pairs."""
    out: list[tuple[int, int | None]] = []
    for seg in cycle.segments:
        s = seg[0]
        assert s is not None
        out.append((s, seg[1]))
    return out


def _as_of(segments: list[list[int | None]], t: int) -> list[tuple[int, int | None]]:
    """The running stretches as known at ``t``: later ones dropped, later ends opened."""
    out: list[tuple[int, int | None]] = []
    for seg in segments:
        s = seg[0]
        assert s is not None
        if s > t:
            break
        e = seg[1]
        out.append((s, e if e is not None and e <= t else None))
    return out


def _elapsed(
    phase: _Phase, segments: list[list[int | None]], t: int, cache: dict[tuple[int, int, int], int]
) -> int:
    """The phase's measure used by instant ``t``."""
    total = phase.offset
    lo = phase.count_from
    for seg in segments:
        s = seg[0]
        e = seg[1]
        assert s is not None
        if s >= t:
            break
        end = t if e is None or e > t else e
        if end <= lo:
            continue
        total += phase.length(max(s, lo), end, cache)
    return total


def _cross(
    phase: _Phase,
    stretches: Sequence[tuple[int, int | None]],
    r: int,
    cache: dict[tuple[int, int, int], int],
    *,
    landing: bool = False,
) -> tuple[int | None, int]:
    """When ``r`` more of the measure will have run, walking the running stretches.

    With ``landing`` (``r`` is the whole budget left: the due instant), a period
    target's instant is moved where it falls due (:meth:`_Phase.land`); a due
    that lies past the end of a stretch is due when the clock runs again.

    Returns ``(instant, 0)``, or ``(None, left)`` when the stretches end (the clock
    is paused) with ``left`` still to run. A threshold reached exactly at the end
    of a stretch (a pause) is reached when the clock runs again (``r == 0`` at a
    stretch's start: that start, not the calendar's next opening). A stretch of no
    length (resumed and paused at one instant) is no time running.
    """
    lo = phase.count_from
    for s, e in stretches:
        begin = max(s, lo)
        if e is not None and e <= begin:
            continue
        if r == 0:
            at = phase.land(begin) if landing else begin
            if e is None or at < e:
                return at, 0
            continue  # the due lies past this stretch: due when the clock runs again
        if e is None:
            at = phase.advance(begin, r)
            return (phase.land(at) if landing else at), 0
        size = phase.length(begin, e, cache)
        if r <= size:
            at = phase.advance(begin, r)
            if landing:
                at = phase.land(at)
            if at < e:
                return at, 0
            r = 0  # used up in this stretch, due after the pause that ends it
            continue
        r -= size
    return None, r


def _due(
    phase: _Phase, segments: list[list[int | None]], t: int, cache: dict[tuple[int, int, int], int]
) -> tuple[int, bool]:
    """The due instant as known at ``t``, and whether the running clock reaches it.

    When the clock is paused at ``t`` with budget left, the due instant is where
    it would fall if the clock ran again at ``t`` (it moves with ``t``).
    """
    at, left = _cross(phase, _as_of(segments, t), phase.budget - phase.offset, cache, landing=True)
    if at is None:
        return _resume_at(phase, t, left), False
    return at, True


def _resume_at(phase: _Phase, t: int, r: int) -> int:
    """When ``r`` more of the measure will have run if the clock runs from ``t``.

    Nothing left is due at ``t`` itself, when the clock would run, even if the
    calendar is closed then (``advance(t, 0)`` would be its next opening).
    """
    return phase.land(t if r == 0 else phase.advance(t, r))


_Lengths = tuple[list[int], list[int | None], list[int]]


def _lengths(phase: _Phase, cycle: _Cycle, cache: dict[tuple[int, int, int], Any]) -> _Lengths:
    """The cycle's running stretches and each closed one's measure, once per measure."""
    key = (-1, cycle.index, 0 if phase.wall else id(phase.mcal))
    got: _Lengths | None = cache.get(key)
    if got is None:
        starts: list[int] = []
        ends: list[int | None] = []
        sizes: list[int] = []
        for seg in cycle.segments:
            s = seg[0]
            e = seg[1]
            assert s is not None
            starts.append(s)
            ends.append(e)
            sizes.append(-1 if e is None else phase.length(s, e, cache))
        got = cache[key] = (starts, ends, sizes)
    return got


def _measure(phase: _Phase, lengths: _Lengths, t: int) -> tuple[int, int, bool]:
    """Elapsed at ``t``, the due instant as known at ``t``, and whether the clock reaches it.

    The same answers as :func:`_elapsed` and :func:`_due` for a phase counted from
    the cycle's opening, from the stretches' measures computed once per cycle.
    """
    starts, ends, sizes = lengths
    elapsed = phase.offset
    r = phase.budget - phase.offset
    due: int | None = None
    for i, s in enumerate(starts):
        if s > t:
            break
        e = ends[i]
        if e is None or e > t:  # running at t: the last stretch known at t
            if s < t:
                elapsed += phase.uncached_length(s, t)
            if due is None:
                due = _resume_at(phase, s, r)
            return elapsed, due, True
        size = sizes[i]
        elapsed += size
        if due is None and s < e:  # a stretch of no length is no time running
            if r == 0:  # used up as a pause began: due when the clock runs again
                at = phase.land(s)
                if at < e:
                    due = at
                continue
            if r <= size:
                at = phase.land(phase.advance(s, r))
                if at < e:
                    due = at
                else:
                    r = 0  # used up in this stretch; due after the pause that ends it
                continue
            r -= size
    if due is not None:
        return elapsed, due, True
    return elapsed, _resume_at(phase, t, r), False


def _runs_from(segments: list[list[int | None]], y: int, t: int) -> int | None:
    """The first instant at or after ``y`` (and at or before ``t``) the clock runs."""
    for seg in segments:
        s = seg[0]
        e = seg[1]
        assert s is not None
        begin = max(s, y)
        if begin > t:
            return None
        if e is None or begin < e:
            return begin
    return None


def _running_at(cycle: _Cycle, t: int) -> int:
    total = 0
    for seg in cycle.segments:
        s = seg[0]
        e = seg[1]
        assert s is not None
        if s >= t:
            break
        total += (t if e is None or e > t else e) - s
    return total


def _read_track(
    track: _Track,
    *,
    cycle: _Cycle,
    now_x: int,
    instant: Callable[[int], datetime],
    paused_now: bool,
    cache: dict[tuple[int, int, int], int],
    runs: dict[tuple[int, int], int],
) -> MilestoneReading:
    phases = track.phases
    phase = phases[-1]
    base = len(phases) - 1
    while base > 0 and phases[base].extended is not None:
        base -= 1
    extensions = tuple(p.extended for p in phases[base + 1 :] if p.extended is not None)
    t = now_x if track.met_at is None else min(track.met_at, now_x)
    if phase.count_from == cycle.opened:  # the common case: counted from the opening
        elapsed, due, reached = _measure(phase, _lengths(phase, cycle, cache), t)
    else:  # restarted or retargeted: counted from the change
        elapsed = _elapsed(phase, cycle.segments, t, cache)
        due, reached = _due(phase, cycle.segments, t, cache)
    # Met at the due instant is on time; unmet, the milestone is breached from the
    # due instant on (when OnBreach fires), but only if the running clock got there.
    late = due < t if track.met_at is not None else reached and due <= t
    breached: int | None = None
    if late:
        breached = due
        if phase.floor is not None:
            # A breach a retarget reveals is dated at the change, or when the clock
            # first runs after it (a change while paused), as OnBreach fires.
            first = _runs_from(cycle.segments, phase.floor, t)
            breached = max(due, phase.floor if first is None else first)
    if track.met_at is not None:
        status = Status.BREACHED if breached is not None else Status.MET
    elif breached is not None:
        status = Status.BREACHED
    elif paused_now:
        status = Status.PAUSED
    else:
        status = Status.RUNNING
    key = (cycle.index, t)
    running = runs.get(key)
    if running is None:
        running = runs[key] = _running_at(cycle, t)
    return MilestoneReading(
        name=track.name,
        target=phase.target,
        status=status,
        due=instant(due),
        original_due=instant(phases[base].original_due),
        elapsed=elapsed * _US,
        wall_elapsed=running * _US,
        paused=(t - cycle.opened - running) * _US,
        budget=phase.budget * _US,
        met_at=None if track.met_at is None else instant(track.met_at),
        breached_at=None if breached is None else instant(breached),
        started_at=instant(phase.budget_start),
        cycle=cycle.index,
        extensions=extensions,
    )


def _instants(zone: tzinfo) -> Callable[[int], datetime]:
    """``from_micros`` in ``zone``, one datetime per instant."""
    seen: dict[int, datetime] = {}

    def instant(x: int) -> datetime:
        got = seen.get(x)
        if got is None:
            got = seen[x] = from_micros(x, zone)
        return got

    return instant


def _read_cycle(
    cycle: _Cycle, now_x: int, zone: tzinfo, *, paused_now: bool
) -> dict[str, MilestoneReading]:
    cache: dict[tuple[int, int, int], int] = {}
    runs: dict[tuple[int, int], int] = {}
    instant = _instants(zone)
    return {
        name: _read_track(
            track,
            cycle=cycle,
            now_x=now_x,
            instant=instant,
            paused_now=paused_now,
            cache=cache,
            runs=runs,
        )
        for name, track in cycle.tracks.items()
    }


class _PastReadings(Mapping[str, MilestoneReading]):
    """A closed cycle's milestone readings, computed when first looked at.

    Behaves as the dict it stands for (equality, iteration, pickling as a dict).
    """

    __slots__ = ("_cycle", "_done", "_now", "_zone")

    def __init__(self, cycle: _Cycle, now_x: int, zone: tzinfo) -> None:
        self._cycle: _Cycle | None = cycle
        self._now = now_x
        self._zone = zone
        self._done: dict[str, MilestoneReading] | None = None

    def _all(self) -> dict[str, MilestoneReading]:
        done = self._done
        if done is None:
            assert self._cycle is not None
            done = self._done = _read_cycle(self._cycle, self._now, self._zone, paused_now=False)
            self._cycle = None
        return done

    def __getitem__(self, name: str) -> MilestoneReading:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return repr(self._all())

    def __reduce__(
        self,
    ) -> tuple[type[dict[str, MilestoneReading]], tuple[dict[str, MilestoneReading]]]:
        return (dict, (self._all(),))


def read_clock(promise: Promise, log: Iterable[Event], now: datetime) -> ClockReading:
    """Read a request's clock: where every milestone stands at ``now``.

    Args:
        promise: the promise the request was opened under.
        log: the request's events in non-decreasing order of instant (events at
            the same instant apply in log order). Events after ``now`` are not
            applied.
        now: the instant to read at (aware).

    Returns:
        A :class:`ClockReading`.

    Raises:
        EventLogError: an impossible log (an event out of order, before
            ``Opened``, a resume while running, a pause while paused, ``Met`` for
            an unknown milestone or twice...), naming the event, its position
            and the fix.
        NaiveDatetimeError: ``now`` has no zone.
    """
    now_x = micros_of(now, "read_clock(now)")
    cal = promise.calendar if isinstance(promise, Promise) else None
    zone = cal.zone if cal is not None else now.tzinfo
    assert zone is not None  # micros_of refused a naive now
    st = _replay(promise, log, now_x, zone)
    cycles: list[CycleReading] = []
    last = len(st.cycles) - 1
    instant = _instants(zone)
    for k, cycle in enumerate(st.cycles):
        readings: Mapping[str, MilestoneReading]
        if k == last:
            readings = _read_cycle(cycle, now_x, zone, paused_now=st.state == "paused")
        else:  # a closed cycle: read when a host looks (most never do)
            readings = _PastReadings(cycle, now_x, zone)
        cycles.append(
            CycleReading(
                index=cycle.index,
                opened_at=instant(cycle.opened),
                resolved_at=None if cycle.resolved is None else instant(cycle.resolved),
                promise=cycle.promise,
                milestones=readings,
                retargets=tuple((instant(a), n, p) for a, n, p in cycle.retargets),
                pause_stretches=tuple(cycle.pauses),
                zone=zone,
            )
        )
    cal = st.promise.calendar
    state: Literal["running", "paused", "resolved"] = "running" if st.state == "new" else st.state
    return ClockReading(
        promise=st.promise,
        now=now,
        state=state,
        milestones=cycles[-1].milestones,
        cycles=tuple(cycles),
        calendar="none" if cal is None else (cal.name or repr(cal)),
        holiday_data="none" if cal is None else cal.holiday_data,
    )


def reread(
    old_promise: Promise, new_promise: Promise, log: Iterable[Event], now: datetime
) -> tuple[Difference, ...]:
    """Read the same log under two promises and return the milestones that differ.

    A milestone differs when its status or its due instant is not the same, or
    when only one of the promises has it. Use this when a rulebook changes: it
    says which open requests the change moves.
    """
    events_ = tuple(_log_of(log))
    before = read_clock(old_promise, events_, now).milestones
    after = read_clock(new_promise, events_, now).milestones
    out: list[Difference] = []
    for name in [*before, *(n for n in after if n not in before)]:
        a = before.get(name)
        b = after.get(name)
        if a is None or b is None or a.status != b.status or a.due != b.due:
            out.append(Difference(milestone=name, before=a, after=b))
    return tuple(out)


# The column form reads logs a table holds with this module's rules; it imports
# this module, so it joins the namespace once everything above is defined.
from svcquality._clock_columns import (  # noqa: E402
    ClockColumns,
    MilestoneColumns,
    read_clock_many,
)
