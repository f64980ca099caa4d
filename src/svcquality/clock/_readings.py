"""The clock's readings: what :func:`~svcquality.clock.read_clock` gives back (internal).

The classes are public through :mod:`svcquality.clock`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from fractions import Fraction
from typing import Literal

import attrs

from svcquality._fields import language_of
from svcquality._instants import from_micros
from svcquality._types import Language, RetargetPolicy
from svcquality.clock._events import Extended
from svcquality.durations import human_duration
from svcquality.errors import ParameterError
from svcquality.promises import Promise, Target

_US = timedelta(microseconds=1)


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
        wall_elapsed: clock time the clock ran in this cycle (for an occurrence
            of a repeating or reply milestone: since its ``started_at``).
        paused: clock time the clock stood still in this cycle (for an
            occurrence: since its ``started_at``).
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
        occurrence: which occurrence of a repeating milestone this is (0 for
            the first, counted from the opening; ``started_at`` is where it
            counts from); 0 for every other milestone.
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
    occurrence: int = 0

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

    def describe(self, *, language: Language = "zh") -> str:
        """The milestone in one line for people, in Chinese (default) or English.

        ``"受理：已达成，用时40分钟（时限 10月9日 10:00）"``, ``"处理：已超时40分钟（时限
        10月9日 14:30）"``, ``"处理：暂停中，剩余2小时"``; in English ``"受理: met, 40 min
        used (due 9 Oct 10:00)"``. Times are on the target's own measure (open time
        unless a wall target), as ``elapsed`` and ``remaining``; how late is what
        was used past the budget (``-remaining``). A paused milestone names no due
        instant: it moves while the clock stands still.

        Raises:
            ParameterError: the language is not ``"zh"`` or ``"en"``.
        """
        zh = language_of(language, "MilestoneReading.describe", ParameterError) == "zh"
        return _describe(self, zh=zh)


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
        occurrences: each repeating milestone's occurrences in the cycle, oldest
            first, by name (``Promise.repeats``); the last is the one in
            ``milestones`` while the cycle is open. Empty when nothing repeats.
            A reply milestone (``Promise.replies``) is listed too, and is in
            ``milestones`` only while a customer's message waits for it.
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
    occurrences: Mapping[str, tuple[MilestoneReading, ...]] = attrs.field(factory=dict, hash=False)

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
        occurrences: the current cycle's repeating milestones (``Promise.repeats``),
            each as its occurrences oldest first, by name: every one with its own
            ``started_at``, ``due``, ``met_at`` and status; the last is the one in
            ``milestones``. Empty when nothing repeats. A reply milestone
            (``Promise.replies``) is listed too, possibly with no occurrence;
            it is in ``milestones`` only while a customer's message waits.
    """

    promise: Promise
    now: datetime
    state: Literal["running", "paused", "resolved"]
    milestones: Mapping[str, MilestoneReading] = attrs.field(hash=False)
    cycles: tuple[CycleReading, ...]
    calendar: str
    holiday_data: str
    occurrences: Mapping[str, tuple[MilestoneReading, ...]] = attrs.field(factory=dict, hash=False)

    @property
    def cycle(self) -> int:
        """The current cycle's index (0 until the request is reopened)."""
        return len(self.cycles) - 1

    def describe(self, *, language: Language = "zh") -> str:
        """Every milestone in one line for people, in the promise's order.

        Each as :meth:`MilestoneReading.describe` says it, joined by ``"；"``
        (``"; "`` in English): ``"受理：已达成，用时40分钟（时限 10月9日 10:00）；处理：
        已超时40分钟（时限 10月9日 14:30）"``.

        Raises:
            ParameterError: the language is not ``"zh"`` or ``"en"``.
        """
        zh = language_of(language, "ClockReading.describe", ParameterError) == "zh"
        return ("；" if zh else "; ").join(_describe(m, zh=zh) for m in self.milestones.values())


@attrs.frozen
class Difference:
    """A milestone whose status or due instant differs between two readings."""

    milestone: str
    before: MilestoneReading | None
    after: MilestoneReading | None


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _when(t: datetime, *, zh: bool) -> str:
    """``"10月9日 17:00"``, ``"9 Oct 17:00"``: wall time in the reading's zone."""
    if zh:
        return f"{t.month}月{t.day}日 {t:%H:%M}"
    return f"{t.day} {_MONTHS_EN[t.month - 1]} {t:%H:%M}"


def _describe(m: MilestoneReading, *, zh: bool) -> str:
    language: Language = "zh" if zh else "en"
    due = _when(m.due, zh=zh)
    late = -m.remaining
    # Late by nothing on the target's measure (a period met after its 24:00 but
    # before the next opening): late all the same, with no amount to give.
    by = human_duration(late, language=language) if late > timedelta(0) else ""
    if m.status is Status.MET:
        used = human_duration(m.elapsed, language=language)
        return (
            f"{m.name}：已达成，用时{used}（时限 {due}）"
            if zh
            else (f"{m.name}: met, {used} used (due {due})")
        )
    if m.status is Status.BREACHED:
        if zh:
            head = "已完成，超时" if m.met_at is not None else "已超时"
            return f"{m.name}：{head}{by}（时限 {due}）"
        late_en = f"met {by} late" if m.met_at is not None else f"overdue by {by}"
        if not by:
            late_en = "met late" if m.met_at is not None else "overdue"
        return f"{m.name}: {late_en} (due {due})"
    left = human_duration(m.remaining, language=language)
    if m.status is Status.PAUSED:
        return f"{m.name}：暂停中，剩余{left}" if zh else f"{m.name}: paused, {left} left"
    return (
        f"{m.name}：进行中，剩余{left}（时限 {due}）"
        if zh
        else (f"{m.name}: running, {left} left (due {due})")
    )
