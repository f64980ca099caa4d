"""Measuring a milestone's target over the clock's running stretches (internal).

Used by the replay (:mod:`svcquality.clock._replay`), the readings
(:mod:`svcquality.clock._read`) and escalation (:mod:`svcquality.escalation`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from svcquality._instants import from_micros, micros_of, td_micros
from svcquality.calendars import BusinessCalendar
from svcquality.clock._events import Extended
from svcquality.promises import Target

if TYPE_CHECKING:
    from svcquality.clock._replay import _Cycle


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
                due = cal._deadline(start, target.count, target.cutoff, target.counting)
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
                budget = self.mcal._open_between(self.budget_start, self.original_due)
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
            got = cache[key] = self.mcal._open_between(a, b)
        return got

    def uncached_length(self, a: int, b: int) -> int:
        """Measure of ``[a, b)``, uncached (a stretch cut at the reading instant)."""
        if self.wall:
            return b - a
        assert self.mcal is not None
        return self.mcal._open_between(a, b)

    def advance(self, x: int, r: int) -> int:
        """The instant at which ``r`` of the measure has elapsed from ``x``."""
        if self.wall:
            return x + r
        assert self.mcal is not None
        return self.mcal._add_micros(x, r)

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
            tail = self._tail = self.mcal._quiet_from(due)
        return due if tail <= at < due else at


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
