"""Reading a replayed log: :func:`read_clock` and :func:`reread` (internal to the clock).

The functions are public through :mod:`svcquality.clock`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Literal

from svcquality._instants import from_micros, micros_of
from svcquality._logs import LogEntry
from svcquality.clock._events import log_of
from svcquality.clock._measure import Run, breach, due, elapsed
from svcquality.clock._readings import (
    ClockReading,
    CycleReading,
    Difference,
    MilestoneReading,
    Status,
)
from svcquality.clock._replay import Cycle, Track, replay
from svcquality.promises import Promise

_US = timedelta(microseconds=1)


def _read_track(
    track: Track,
    *,
    run: Run,
    index: int,
    now_x: int,
    instant: Callable[[int], datetime],
    paused_now: bool,
) -> MilestoneReading:
    phases = track.phases
    last = len(phases) - 1
    phase = phases[last]
    base = last
    while base > 0 and phases[base].extended is not None:
        base -= 1
    extensions = (
        ()  # most tracks: no extension since the promise's own target
        if base == last
        else tuple(p.extended for p in phases[base + 1 :] if p.extended is not None)
    )
    met_at = track.met_at
    t = now_x if met_at is None else min(met_at, now_x)
    used = elapsed(phase, run, t)
    now_due = due(phase, run, t)
    due_at = now_due[0]
    breached = breach(phase, run, t, met=met_at is not None, now_due=now_due)
    if met_at is not None:
        status = Status.BREACHED if breached is not None else Status.MET
    elif breached is not None:
        status = Status.BREACHED
    elif paused_now:
        status = Status.PAUSED
    else:
        status = Status.RUNNING
    # Clock time from the track's start: the opening, or an occurrence's own start.
    start = track.start
    running = run.measured(None, t) - run.measured(None, start)
    return MilestoneReading(
        name=track.name,
        target=phase.target,
        status=status,
        due=instant(due_at),
        original_due=instant(phases[base].original_due),
        elapsed=used * _US,
        wall_elapsed=running * _US,
        paused=(t - start - running) * _US,
        budget=phase.budget * _US,
        met_at=None if met_at is None else instant(met_at),
        breached_at=None if breached is None else instant(breached),
        started_at=instant(phase.budget_start),
        cycle=index,
        extensions=extensions,
        occurrence=track.occurrence,
    )


def _instants(zone: tzinfo) -> Callable[[int], datetime]:
    """``from_micros`` in ``zone``, one datetime per instant: one per reading, shared
    by its cycles, their milestones and occurrences (a cycle's opening is most of
    its milestones' ``started_at``; a resolution their ``met_at``). A closed
    cycle's readings, made when first looked at, have their own."""
    seen: dict[int, datetime] = {}

    def instant(x: int) -> datetime:
        got = seen.get(x)
        if got is None:
            got = seen[x] = from_micros(x, zone)
        return got

    return instant


def _read_cycle(
    tracks: Mapping[str, Track],
    run: Run,
    index: int,
    now_x: int,
    instant: Callable[[int], datetime],
    *,
    paused_now: bool,
) -> dict[str, MilestoneReading]:
    """The readings of a cycle's ``tracks`` (its run, its index) at ``now_x``."""
    return {
        name: _read_track(
            track,
            run=run,
            index=index,
            now_x=now_x,
            instant=instant,
            paused_now=paused_now,
        )
        for name, track in tracks.items()
    }


def _occurrences(
    cycle: Cycle,
    now_x: int,
    instant: Callable[[int], datetime],
    current: Mapping[str, MilestoneReading] | None,
) -> dict[str, tuple[MilestoneReading, ...]]:
    """Each repeating or reply milestone's occurrences in ``cycle``, oldest first.

    ``current`` holds the cycle's readings already made (the open cycle's), so
    the current occurrence is read once.
    """
    kept = (*cycle.promise.repeats, *cycle.promise.replies)
    names = [*kept, *(n for n in cycle.past if n not in kept)]
    if not names:
        return {}
    run = cycle.run
    out: dict[str, tuple[MilestoneReading, ...]] = {}
    for name in names:
        tracks = list(cycle.past.get(name, ()))
        read = [
            _read_track(
                t, run=run, index=cycle.index, now_x=now_x, instant=instant, paused_now=False
            )
            for t in tracks
        ]
        track = cycle.tracks.get(name)
        if track is not None:
            if current is not None:
                read.append(current[name])
            else:
                read.append(
                    _read_track(
                        track,
                        run=run,
                        index=cycle.index,
                        now_x=now_x,
                        instant=instant,
                        paused_now=False,
                    )
                )
        out[name] = tuple(read)
    return out


class _PastReadings(Mapping[str, MilestoneReading]):
    """A closed cycle's milestone readings, computed when first looked at.

    Behaves as the dict it stands for (equality, iteration, pickling as a dict).
    Until then it keeps what reading needs (the cycle's tracks and run), not the
    replay's working lists: a host may keep many readings, and the garbage
    collector walks every object they hold.
    """

    __slots__ = ("_done", "_index", "_now", "_run", "_tracks", "_zone")

    def __init__(self, cycle: Cycle, now_x: int, zone: tzinfo) -> None:
        self._tracks: Mapping[str, Track] | None = cycle.tracks
        self._run = cycle.run
        self._index = cycle.index
        self._now = now_x
        self._zone = zone
        self._done: dict[str, MilestoneReading] | None = None

    def _all(self) -> dict[str, MilestoneReading]:
        done = self._done
        if done is None:
            assert self._tracks is not None
            instant = _instants(self._zone)
            done = self._done = _read_cycle(
                self._tracks, self._run, self._index, self._now, instant, paused_now=False
            )
            self._tracks = None
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


def read_clock(promise: Promise, log: Iterable[LogEntry], now: datetime) -> ClockReading:
    """Read a request's clock: where every milestone stands at ``now``.

    Args:
        promise: the promise the request was opened under.
        log: the request's events in non-decreasing order of instant (events at
            the same instant apply in log order). Events after ``now`` are not
            applied. It may be the request's one log (``docs/request.md``):
            routing's and the feedback loop's events are skipped (their order
            is still checked).
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
    st = replay(promise, log, now_x, zone)
    cycles: list[CycleReading] = []
    last = len(st.cycles) - 1
    instant = _instants(zone)
    for k, cycle in enumerate(st.cycles):
        readings: Mapping[str, MilestoneReading]
        if k == last:
            readings = _read_cycle(
                cycle.tracks,
                cycle.run,
                cycle.index,
                now_x,
                instant,
                paused_now=st.state == "paused",
            )
            occurrences = _occurrences(cycle, now_x, instant, readings)
        else:  # a closed cycle: read when a host looks (most never do)
            readings = _PastReadings(cycle, now_x, zone)
            occurrences = _occurrences(cycle, now_x, instant, None)
        cycles.append(
            CycleReading(
                index=cycle.index,
                opened_at=instant(cycle.opened),
                resolved_at=None if cycle.resolved is None else instant(cycle.resolved),
                promise=cycle.promise,
                milestones=readings,
                retargets=tuple((instant(a), n, p) for a, n, p in cycle.retargets),
                pause_stretches=cycle.pauses(),
                zone=zone,
                occurrences=occurrences,
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
        occurrences=cycles[-1].occurrences,
    )


def reread(
    old_promise: Promise, new_promise: Promise, log: Iterable[LogEntry], now: datetime
) -> tuple[Difference, ...]:
    """Read the same log under two promises and return the milestones that differ.

    A milestone differs when its status or its due instant is not the same, or
    when only one of the promises has it. Use this when a rulebook changes: it
    says which open requests the change moves.

    Raises:
        EventLogError: an impossible log (as :func:`read_clock`).
        NaiveDatetimeError: ``now`` has no zone.
    """
    micros_of(now, "reread(now)")
    events_ = tuple(log_of(log))
    return differences(read_clock(old_promise, events_, now), read_clock(new_promise, events_, now))


def differences(old: ClockReading, new: ClockReading) -> tuple[Difference, ...]:
    """The milestones whose status or due instant differs between two readings
    (or that only one of them has), in the order of ``old`` then ``new``."""
    before, after = old.milestones, new.milestones
    out: list[Difference] = []
    for name in [*before, *(n for n in after if n not in before)]:
        a = before.get(name)
        b = after.get(name)
        if a is None or b is None or a.status != b.status or a.due != b.due:
            out.append(Difference(milestone=name, before=a, after=b))
    return tuple(out)
