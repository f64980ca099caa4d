"""A live request's due instant explained, from its clock: where the count starts,
the open time or the period counted, each pause, extension and severity change."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

import attrs

from svcquality._fields import Language, language_of, shown
from svcquality._instants import micros_of
from svcquality._logs import LogEntry
from svcquality._types import RetargetPolicy
from svcquality.calendars import BusinessCalendar
from svcquality.clock import Extended, Status, read_clock
from svcquality.errors import ParameterError
from svcquality.explain._deadline import DayNote, DeadlineExplanation, _notes, explain_deadline
from svcquality.explain._text import _PHRASES, _due_lines
from svcquality.promises import Promise, Target


@attrs.frozen
class WindowNote:
    """One stretch of open time a business-hours target counts.

    Attributes:
        start: where the stretch begins (the start of the count, or an opening).
        end: where it ends (a break, the close of business, or the due instant).
        counted: the open time it gives.
    """

    start: datetime
    end: datetime
    counted: timedelta


@attrs.frozen
class PauseNote:
    """One pause of the clock and what it kept out of the count.

    Attributes:
        start: when the clock stopped.
        end: when it ran again, or None while it stands still at ``now``.
        reason: the reason the log gives (``"等待客户补充材料"``), or ``""``.
        excluded: the target's measure inside the pause (open time on the
            calendar the target is counted on; clock time for a wall target),
            up to ``now`` while it lasts: time the customer is not charged for.
    """

    start: datetime
    end: datetime | None
    reason: str
    excluded: timedelta


@attrs.frozen
class DueExplanation:
    """Why a request's milestone is due when its clock says, step by step.

    Every figure is the clock's own (``due``, ``original_due``, ``status`` are
    those of :func:`svcquality.read_clock` at ``now``); the explanation adds the
    steps that lead to them.

    Attributes:
        milestone: the milestone, e.g. ``"resolve"``.
        target: the promise's own target for it (before any extension).
        started_at: where the count starts (the opening, or a restart).
        now: the instant read at.
        period: for a working-day, day or month target, the period's deadline
            from ``started_at`` with every day counted or skipped
            (:class:`DeadlineExplanation`); None otherwise.
        windows: for a business-hours target, the open stretches that make up
            the target from ``started_at`` with no pause; empty otherwise.
        skipped: the days between those stretches with no open time, each with
            its reason (a holiday, a weekend).
        original_due: the due instant with no pause and no extension.
        pauses: each pause of the milestone's cycle from ``started_at`` on,
            until the milestone was met.
        extensions: the ``Extended`` events in force, oldest first.
        retargets: ``(at, promise name, policy)`` of each severity change.
        due: the due instant now.
        status: where the milestone stands.
        met_at: when it was met, or None.
        late_by: for a breached milestone, the target's measure from ``due`` to
            ``met_at`` (or ``now``); None otherwise.
        remaining: what is left of the measure at ``now`` while it runs or is paused.
    """

    milestone: str
    target: Target
    started_at: datetime
    now: datetime
    period: DeadlineExplanation | None
    windows: tuple[WindowNote, ...]
    skipped: tuple[DayNote, ...]
    original_due: datetime
    pauses: tuple[PauseNote, ...]
    extensions: tuple[Extended, ...]
    retargets: tuple[tuple[datetime, str, RetargetPolicy], ...]
    due: datetime
    status: Status
    met_at: datetime | None
    late_by: timedelta | None
    remaining: timedelta

    def text(self, *, language: Language = "zh") -> str:
        """The explanation as lines of text, in Chinese (default) or English."""
        language = language_of(language, "DueExplanation.text", ParameterError)
        return "\n".join(_due_lines(self, _PHRASES[language]))


def explain_due(
    promise: Promise, log: Iterable[LogEntry], now: datetime, milestone: str
) -> DueExplanation:
    """Explain why a request's ``milestone`` is due when :func:`read_clock` says.

    The answer to "为什么是15:00？" for a live request: where the count starts,
    the target and how it is counted (each day of a period with its reason, or
    each stretch of open time of a business-hours target), the original due
    instant, each pause with the open time it kept out, each extension and
    severity change, the due instant now and how the milestone stands.

    Args:
        promise: the promise the request was opened under.
        log: the request's events, as for :func:`read_clock`.
        now: the instant to read at (aware).
        milestone: the milestone to explain.

    Returns:
        A :class:`DueExplanation` whose ``due``, ``original_due`` and ``status``
        are those of ``read_clock(promise, log, now).milestones[milestone]``.

    Raises:
        ParameterError: the milestone is not one of the promise's.
        EventLogError: an impossible log (as :func:`read_clock`).
        NaiveDatetimeError: ``now`` has no zone.
    """
    micros_of(now, "explain_due(now)")
    reading = read_clock(promise, log, now)
    m = reading.milestones.get(milestone) if isinstance(milestone, str) else None
    if m is None and isinstance(milestone, str) and milestone in reading.promise.replies:
        msg = f"explain_due: {reading.promise._unknown(milestone)}"
        raise ParameterError(msg)
    if m is None:
        known = ", ".join(map(repr, reading.milestones))
        msg = f"explain_due: unknown milestone {shown(milestone)}; the promise has {known}"
        raise ParameterError(msg)
    cycle = reading.cycles[m.cycle]
    # A milestone met and then dropped by a retarget is read under the target it
    # was met under (the cycle's promise no longer has it).
    own = cycle.promise.milestones.get(milestone, m.target)
    cal = cycle.promise.calendar
    measure = _measure(own, cal)
    end = m.met_at if m.met_at is not None else reading.now
    period: DeadlineExplanation | None = None
    windows: tuple[WindowNote, ...] = ()
    skipped: tuple[DayNote, ...] = ()
    if cal is not None and own.kind in ("working_days", "days", "months"):
        period = explain_deadline(own, m.started_at, cal)
    elif cal is not None and own.kind == "business":
        windows, skipped = _windows(cal, m.started_at, m.original_due)
    # The pauses from the count's start: one running when it starts (a repeating
    # milestone's occurrence begun while paused) counts from that start.
    start = m.started_at
    pauses = tuple(
        PauseNote(a, b, why, measure(a, min(b or end, end)))
        for a, b, why in ((max(a, start), b, why) for a, b, why in cycle.pauses)
        if (b is None or b > a) and a < end
    )
    late = measure(m.due, end) if m.status is Status.BREACHED else None
    return DueExplanation(
        milestone=milestone,
        target=own,
        started_at=m.started_at,
        now=reading.now,
        period=period,
        windows=windows,
        skipped=skipped,
        original_due=m.original_due,
        pauses=pauses,
        extensions=m.extensions,
        retargets=cycle.retargets,
        due=m.due,
        status=m.status,
        met_at=m.met_at,
        late_by=late,
        remaining=m.remaining,
    )


def _measure(
    target: Target, cal: BusinessCalendar | None
) -> Callable[[datetime, datetime], timedelta]:
    """How the target counts time between two instants (as the clock does)."""
    if target.kind == "wall" or cal is None:
        return lambda a, b: max(b - a, timedelta(0))
    counted = cal if target.kind == "business" else cal.working_hours()
    return lambda a, b: counted.between(a, b) if b > a else timedelta(0)


def _windows(
    cal: BusinessCalendar, start: datetime, due: datetime
) -> tuple[tuple[WindowNote, ...], tuple[DayNote, ...]]:
    spans = cal.open_intervals(start, due) if due > start else ()
    notes = tuple(WindowNote(a, b, cal.between(a, b)) for a, b in spans)
    days: list[DayNote] = []
    for before, after in itertools.pairwise(notes):
        first = before.end.astimezone(cal.zone).date() + timedelta(days=1)
        last = after.start.astimezone(cal.zone).date() - timedelta(days=1)
        if first <= last:
            days.extend(_notes(cal, first, last, count=False))
    return notes, tuple(days)
