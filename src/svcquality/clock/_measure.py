"""The clock's measure: a milestone's target over the running stretches (internal).

This module is an internal interface, not part of the public API. It is used by
the replay (:mod:`svcquality.clock._replay`: an extension's due instant, the time
a retarget keeps), the readings (:mod:`svcquality.clock._read`) and escalation
(:mod:`svcquality.escalation`, through :func:`watches` and :func:`reached` alone);
the column clock (:mod:`svcquality.clock._columns`) is the same walk on numpy
columns. Its names:

- :class:`Run`: the running stretches of one cycle, immutable, with the prefix
  sums of their measure (computed once per measure, then every question is a
  bisection).
- :class:`Phase`: one target applied to one milestone, and its measure (clock
  time, open time, or the open time of working days for a period target).
- :func:`elapsed`, :func:`cross`, :func:`due`: the measure used by an instant,
  the instant a further amount of it is used, and the due instant.
- :func:`runs_from`: the first instant the clock runs from a given one.
- The internal interface for escalation: :func:`watches` replays a log into
  one :class:`Watch` per milestone and cycle, and :func:`reached` says when an
  amount of a watched milestone's target is used up, phase by phase.

The pause rule lives in :func:`cross`, once: an amount used up exactly as a pause
begins is used up when the clock runs again (the pause instant belongs to the
pause), and a stretch of no length (resumed and paused at one instant) is no
time running.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from svcquality._instants import from_micros, micros_of, td_micros
from svcquality._logs import LogEntry
from svcquality.calendars import BusinessCalendar
from svcquality.clock._events import Extended
from svcquality.promises import Promise, Target

if TYPE_CHECKING:
    from svcquality.clock._replay import Track

__all__ = [
    "Phase",
    "Run",
    "Watch",
    "breach",
    "cross",
    "due",
    "elapsed",
    "reached",
    "resume_at",
    "runs_from",
    "watches",
]


class Run:
    """The running stretches of one cycle, oldest first: ``[starts[k], ends[k])``.

    Only the last stretch may have no end (None: the clock runs on). A run never
    changes; the prefix sums of its measure are filled in when first asked for.
    """

    __slots__ = ("_sums", "ends", "starts")

    def __init__(self, starts: tuple[int, ...], ends: tuple[int | None, ...]) -> None:
        self.starts = starts
        self.ends = ends
        self._sums: dict[int, tuple[BusinessCalendar | None, list[int]]] = {}

    def sums(self, cal: BusinessCalendar | None) -> list[int]:
        """``sums[k]``: the measure of the closed stretches before stretch ``k``.

        The measure is the open time of ``cal``, or clock time when ``cal`` is None;
        there is one entry per closed stretch, and one more (0, before the first).
        """
        got = self._sums.get(id(cal))
        if got is not None:  # the entry holds cal, so no other object has its id
            return got[1]
        out = [0]
        total = 0
        for s, e in zip(self.starts, self.ends, strict=True):
            if e is None:
                break
            total += e - s if cal is None else cal._micros.open_between(s, e)
            out.append(total)
        self._sums[id(cal)] = (cal, out)
        return out

    def measured(self, cal: BusinessCalendar | None, x: int) -> int:
        """The measure of the running stretches before instant ``x``."""
        starts = self.starts
        k = bisect_left(starts, x) - 1  # the last stretch that starts before x
        if k < 0:
            return 0
        sums = self.sums(cal)
        e = self.ends[k]
        if e is not None and e <= x:
            return sums[k + 1]
        s = starts[k]
        return sums[k] + (x - s if cal is None else cal._micros.open_between(s, x))


class Phase:
    """One target applied to one milestone from ``active_from`` on, and how it is measured."""

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
        "measured_on",
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
        # The calendar whose open time is the measure, None for clock time.
        self.measured_on = None if self.wall else self.mcal
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

    def advance(self, x: int, r: int) -> int:
        """The instant at which ``r`` of the measure has elapsed from ``x``.

        A negative ``r`` is an amount already passed at ``x`` (a keep_elapsed
        retarget to a shorter target kept more than its budget). It ran out at
        the end of the window it was used up in, as every amount does counting
        forwards: a backward walk lands on the next window's start (its mirror
        rule), which is moved back to that end (no earlier than ``budget_start``).
        With no pause, the due instant is then the new target's own deadline.
        """
        if self.wall:
            return x + r
        assert self.mcal is not None
        micros = self.mcal._micros
        at = micros.add(x, r)
        return at if r >= 0 else micros.quiet_from(at, self.budget_start)

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


def elapsed(phase: Phase, run: Run, t: int) -> int:
    """The phase's measure used by instant ``t`` (counted from ``phase.count_from``)."""
    lo = phase.count_from
    if t <= lo:
        return phase.offset
    cal = phase.measured_on
    before = 0 if lo <= run.starts[0] else run.measured(cal, lo)  # counted from the opening
    return phase.offset + run.measured(cal, t) - before


def cross(
    phase: Phase,
    run: Run,
    r: int,
    *,
    landing: bool = False,
    start: int | None = None,
    until: int | None = None,
) -> tuple[int | None, int]:
    """When ``r`` more of the measure will have run from ``start`` (``phase.count_from``).

    With ``until``, the run is taken as known at that instant: the stretches that
    start after it are not there yet, and one that ends after it runs on. The
    run's prefix sums serve every ``until`` (no run is cut per question); the
    count must start at or before it (``start``, ``phase.count_from``), as every
    phase read at an instant does.

    With ``landing`` (``r`` is the whole budget left: the due instant), a period
    target's instant is moved where it falls due (:meth:`Phase.land`); a due
    that lies past the end of a stretch is due when the clock runs again.

    Returns ``(instant, 0)``, or ``(None, left)`` when the stretches end (the clock
    is paused) with ``left`` still to run. A threshold reached exactly at the end
    of a stretch (a pause) is reached when the clock runs again (``r == 0`` at a
    stretch's start: that start, not the calendar's next opening). A stretch of no
    length (resumed and paused at one instant) is no time running.
    """
    starts, ends = run.starts, run.ends
    n = len(starts) if until is None else bisect_right(starts, until)
    lo = phase.count_from if start is None else start
    cal = phase.measured_on
    sums = run.sums(cal)
    closed = len(sums) - 1  # the stretches that have ended, first to last
    if until is not None:
        closed = bisect_right(ends, until, 0, closed)  # type: ignore[type-var]  # ended by then
    base = 0 if lo <= starts[0] else run.measured(cal, lo)
    goal = base + r
    # The stretches whose end the goal lies beyond are passed by one bisection.
    k = bisect_left(sums, goal, 1, closed + 1) - 1
    if k >= n:  # every stretch has ended (the clock is paused) short of the goal
        return None, goal - sums[n]
    # The goal lies in stretch k (at most its measure after the count starts), so
    # only there is any of r used; past it r is 0 and the clock's next run is due.
    r = goal - (sums[k] if starts[k] >= lo else base)
    for j in range(k, n):
        s = starts[j]
        e = ends[j]
        if until is not None and e is not None and e > until:
            e = None  # not yet ended at `until`: it runs on
        begin = s if s >= lo else lo
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
        at = phase.advance(begin, r)
        if landing:
            at = phase.land(at)
        if at < e:
            return at, 0
        r = 0  # used up in this stretch, due after the pause that ends it
    return None, r


def due(phase: Phase, run: Run, t: int) -> tuple[int, bool]:
    """The due instant as known at ``t``, and whether the running clock reaches it.

    When the clock is paused at ``t`` with budget left, the due instant is where
    it would fall if the clock ran again at ``t`` (it moves with ``t``).
    """
    at, left = cross(phase, run, phase.budget - phase.offset, landing=True, until=t)
    if at is None:
        return resume_at(phase, t, left), False
    return at, True


def breach(
    phase: Phase, run: Run, t: int, *, met: bool, now_due: tuple[int, bool] | None = None
) -> int | None:
    """When a milestone under ``phase`` is breached, as known at ``t``; None if not.

    ``t`` is when it was met (``met``) or the instant read at. Met at the due
    instant is on time; unmet, it is breached from the due instant on (when
    ``OnBreach`` fires), but only if the running clock got there: a budget used
    up exactly as a pause began falls due when the clock runs again. A breach a
    retarget reveals (``phase.floor``) is dated at the change, or when the clock
    first runs after it (a change while paused). ``now_due`` is
    ``due(phase, run, t)`` when the caller has it. A phase whose milestone a
    retarget dropped (``phase.until``) is read no later than the drop.

    The one rule for a breach: the reading dates it, and the replay keeps it (a
    breach stays a breach: an extension at or after it is refused, and a
    retarget leaves a breached milestone as it broke, so ``phase`` is the last).
    """
    if phase.until is not None and phase.until < t:
        t, now_due = phase.until, None
    at, ran = due(phase, run, t) if now_due is None else now_due
    if not (at < t if met else ran and at <= t):
        return None
    if phase.floor is None:
        return at
    first = runs_from(run, phase.floor, t)
    return max(at, phase.floor if first is None else first)


def resume_at(phase: Phase, t: int, r: int) -> int:
    """When ``r`` more of the measure will have run if the clock runs from ``t``.

    Nothing left is due at ``t`` itself, when the clock would run, even if the
    calendar is closed then (``advance(t, 0)`` would be its next opening).
    """
    return phase.land(t if r == 0 else phase.advance(t, r))


def runs_from(run: Run, y: int, until: int | None = None) -> int | None:
    """The first instant at or after ``y`` (and at or before ``until``) the clock runs.

    A stretch of no length (resumed and paused at one instant) is no time running.
    """
    for s, e in zip(run.starts, run.ends, strict=True):
        begin = s if s > y else y
        if until is not None and begin > until:
            return None
        if e is None or begin < e:
            return begin
    return None


# ------------------------------------------------------ internal interface for escalation


class Watch:
    """One milestone of one cycle, as escalation watches it.

    Attributes:
        milestone: the milestone's name.
        cycle: the cycle's index (0 for the first).
        phases: the targets applied to it, in order (a retarget or an extension
            adds one).
        run: the cycle's running stretches.
        end: when nothing more can be reached (the milestone met, the request
            resolved, a retarget dropped it), or None.
        occurrence: which occurrence of a repeating milestone (``Promise.repeats``)
            it is, 0 for the first; None for a milestone that does not repeat.
    """

    __slots__ = ("cycle", "end", "milestone", "occurrence", "phases", "run")

    def __init__(
        self,
        milestone: str,
        cycle: int,
        phases: Sequence[Phase],
        run: Run,
        end: int | None,
        *,
        occurrence: int | None = None,
    ) -> None:
        self.milestone = milestone
        self.cycle = cycle
        self.phases = phases
        self.run = run
        self.end = end
        self.occurrence = occurrence


def watches(
    promise: Promise,
    log: Iterable[LogEntry],
    until: int,
    zone: tzinfo,
    milestones: Container[str],
    *,
    where: str,
) -> list[Watch]:
    """Internal interface for escalation: the ``milestones`` of every cycle of ``log``.

    The log is checked whole and applied up to ``until`` (µs; the host's ``now``);
    ``where`` names the entry point the host called, for its errors.
    A milestone a retarget dropped is still watched, up to the drop, so the steps
    it fired before stay reported.
    A repeating milestone is one watch per occurrence, oldest first, each
    ending where it was met (the next one's start).

    Raises:
        EventLogError: the log is impossible (see :func:`~svcquality.read_clock`).
    """
    # The replay builds on this module (phases, runs), so it is imported on use.
    from svcquality.clock._replay import replay  # noqa: PLC0415

    st = replay(promise, log, until, zone, where)
    out: list[Watch] = []
    for cycle in st.cycles:
        run, index = cycle.run, cycle.index
        dropped: dict[str, tuple[Track, int]] = {t.name: (t, at) for t, at in cycle.retired}
        for name, past in cycle.past.items():
            if name in milestones:
                out.extend(
                    Watch(
                        name,
                        index,
                        t.phases,
                        run,
                        t.met_at,
                        occurrence=t.occurrence if t.repeating else None,
                    )
                    for t in past
                )
        for name, track in cycle.tracks.items():
            dropped.pop(name, None)  # back under a later retarget: watched as it is now
            if name in milestones:
                occurrence = track.occurrence if track.repeating else None
                out.append(
                    Watch(name, index, track.phases, run, track.met_at, occurrence=occurrence)
                )
        for name, (track, at) in dropped.items():
            if name not in milestones:
                continue
            met = track.met_at
            occurrence = track.occurrence if track.repeating else None
            end = at if met is None else min(met, at)
            out.append(Watch(name, index, track.phases, run, end, occurrence=occurrence))
    return out


def reached(watch: Watch, amounts: Callable[[int], Sequence[int]]) -> list[int | None]:
    """Internal interface for escalation: when each amount of the target is used.

    ``amounts`` turns a target's whole measure (its budget) into the amounts the
    steps wait for, one per step, in order; the whole budget is the due instant,
    where a period target lands. Phases are walked in order: an amount reached
    under one target keeps that instant, even if a later retarget or extension
    would have placed it elsewhere; an amount already passed when a new target
    takes effect is reached at that moment (or when the clock next runs). Each
    instant is None when its amount is not reached by the end of the known log,
    or only at or after ``watch.end``. A watch has at least one phase.
    """
    phases, run, end = watch.phases, watch.run, watch.end
    last = len(phases) - 1
    found: list[int | None] = []
    pending: list[int] = []  # the steps not yet decided
    for k, phase in enumerate(phases):
        budget = phase.budget
        wanted = amounts(budget)
        if k == 0:
            found = [None] * len(wanted)
            pending = list(range(len(wanted)))
        begin = runs_from(run, phase.active_from)
        if begin is None:
            break  # the clock never runs under this target: nothing more is reached
        window = 0
        if k < last:
            window = phases[k + 1].active_from
            if phase.until is not None:  # the milestone was dropped, then restored
                window = min(window, phase.until)
        later: list[int] = []
        for step in pending:
            amount = wanted[step]
            r = amount - phase.offset
            at: int | None
            if r <= 0:
                at = begin
                if amount == budget:  # the due instant, where a period target lands
                    at, _ = cross(phase, run, 0, landing=True, start=begin)
            else:
                at, _ = cross(phase, run, r, landing=amount == budget)
                if at is not None and at < begin:
                    at = begin
            if k < last and (at is None or at >= window):
                later.append(step)  # not reached before the next target took over
                continue
            if at is not None and (end is None or at < end):
                found[step] = at
        pending = later
        if not pending:
            break
    return found
