"""Strategies for promises: targets of every kind, and promises built from them.

A promise shrinks towards ``"service"`` with one milestone ``respond`` of one wall
minute, on a 24×7 UTC calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time, timedelta

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from svcquality._types import Counting
from svcquality.calendars import BusinessCalendar
from svcquality.errors import PromiseError
from svcquality.promises import Promise, Target, TargetKind
from svcquality.testing._checks import _check_choices, _check_count
from svcquality.testing._time import calendars, durations

#: The four target kinds, in the order they shrink (wall time is the simplest).
TARGET_KINDS: tuple[TargetKind, ...] = (
    "wall",
    "business",
    "working_days",
    "days",
    "months",
    "batch",
)
#: Batch recurrences drawn by :func:`targets`: the monthly POS prize batch first.
BATCH_RULES: tuple[str, ...] = (
    "FREQ=MONTHLY;BYMONTHDAY=25",
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=DAILY;INTERVAL=3",
)
#: Counting rules of working-day periods drawn by :func:`targets`, the default first.
COUNTINGS: tuple[Counting, ...] = ("working_days", "receipt_day_counted", "calendar_days")
#: Milestone names drawn by :func:`promises`, in order.
MILESTONE_NAMES: tuple[str, ...] = (
    "respond",
    "initial_disposal",
    "resolve",
    "feedback",
    "follow_up",
)


def _check_kinds(kinds: Sequence[str]) -> tuple[TargetKind, ...]:
    return _check_choices("kinds", kinds, TARGET_KINDS, "target kinds", "a target kind")


def _check_countings(countings: Sequence[str], max_working_days: int) -> tuple[Counting, ...]:
    chosen = _check_choices("countings", countings, COUNTINGS, "rules", "a counting rule")
    if max_working_days == 0:
        # 'receipt_day_counted' needs n >= 1: the receipt day is day 1
        chosen = tuple(c for c in chosen if c != "receipt_day_counted")
        if not chosen:
            msg = (
                "countings=('receipt_day_counted',) needs max_working_days >= 1 "
                "(the receipt day is day 1); raise max_working_days or add another rule"
            )
            raise InvalidArgument(msg)
    return chosen


def _check_cutoffs(
    min_cutoff: time, max_cutoff: time, cutoff_resolution: timedelta
) -> tuple[int, int, timedelta]:
    """The range of cut-off steps from midnight, and the step."""
    for name, value in (("min_cutoff", min_cutoff), ("max_cutoff", max_cutoff)):
        if not isinstance(value, time) or value.tzinfo is not None:
            msg = f"{name}={value!r} must be a local datetime.time such as time(16)"
            raise InvalidArgument(msg)
    if not isinstance(cutoff_resolution, timedelta) or not (
        timedelta(0) < cutoff_resolution <= timedelta(days=1)
    ):
        msg = f"cutoff_resolution={cutoff_resolution!r} must be a timedelta from 1µs to one day"
        raise InvalidArgument(msg)
    if max_cutoff < min_cutoff:
        msg = f"max_cutoff={max_cutoff!r} is before min_cutoff={min_cutoff!r}"
        raise InvalidArgument(msg)

    def since_midnight(t: time) -> timedelta:
        return timedelta(
            hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond
        )

    lo = -(-since_midnight(min_cutoff) // cutoff_resolution)
    hi = since_midnight(max_cutoff) // cutoff_resolution
    if hi < lo:
        msg = (
            f"no multiple of cutoff_resolution={cutoff_resolution!r} lies in "
            f"[{min_cutoff}, {max_cutoff}]"
        )
        raise InvalidArgument(msg)
    return lo, hi, cutoff_resolution


def _check_rules(batch_rules: Sequence[str]) -> tuple[str, ...]:
    if isinstance(batch_rules, str) or not batch_rules:
        msg = f"batch_rules={batch_rules!r} must be a non-empty sequence of RRULE strings"
        raise InvalidArgument(msg)
    for rule in batch_rules:
        try:
            Target.batch(rule)
        except PromiseError as exc:  # noqa: PERF203 (argument checking, once per strategy)
            msg = f"batch_rules: {exc}"
            raise InvalidArgument(msg) from None
    return tuple(batch_rules)


def _cutoff_at(since_midnight: timedelta) -> time:
    seconds, micros = divmod(since_midnight // timedelta(microseconds=1), 1_000_000)
    minutes, second = divmod(seconds, 60)
    return time(minutes // 60, minutes % 60, second, micros)


def targets(
    *,
    kinds: Sequence[TargetKind] = TARGET_KINDS,
    max_duration: timedelta = timedelta(days=2),
    max_working_days: int = 10,
    resolution: timedelta = timedelta(minutes=1),
    countings: Sequence[Counting] = COUNTINGS,
    min_cutoff: time = time(9),
    max_cutoff: time = time(18),
    cutoff_resolution: timedelta = timedelta(hours=1),
    batch_rules: Sequence[str] = BATCH_RULES,
) -> st.SearchStrategy[Target]:
    """Targets of the given kinds.

    Wall and business targets last from one ``resolution`` step (a minute) to
    ``max_duration``, on the ``resolution`` grid; working-day targets count 0 to
    ``max_working_days`` days under one of ``countings``, day periods 1 to
    ``max_working_days`` days and month periods 1 to 3 months, each with no cut-off
    or one from ``min_cutoff`` to ``max_cutoff`` on the ``cutoff_resolution`` grid
    (by default on the hour, 09:00 to 18:00); batch targets take one of
    ``batch_rules``. Shrinks towards ``Target.wall(resolution)`` (one wall minute by
    default).

    A host testing text forms (:func:`svcquality.durations.format_duration` writes
    only the default counting) narrows the rest, e.g.
    ``targets(countings=("working_days",), resolution=timedelta(microseconds=1),
    min_cutoff=time(0), max_cutoff=time.max, cutoff_resolution=timedelta(seconds=1))``.

    Args:
        kinds: the kinds to draw, some of ``"wall"``, ``"business"``,
            ``"working_days"``, ``"days"``, ``"months"``, ``"batch"``.
        max_duration: the longest wall or business target (at least ``resolution``).
        max_working_days: the largest working-day count (0 to 10,000, the
            rulebook grammar's bound).
        resolution: the grid of wall and business durations (positive).
        countings: the counting rules of working-day targets, some of
            :data:`COUNTINGS`; ``"receipt_day_counted"`` always counts at least
            one day.
        min_cutoff: the earliest cut-off time (a local ``datetime.time``).
        max_cutoff: the latest cut-off time.
        cutoff_resolution: the grid of cut-off times, counted from midnight (1µs
            to one day).
        batch_rules: the RFC 5545 recurrences of batch targets.
    """
    chosen = _check_kinds(kinds)
    if not isinstance(resolution, timedelta) or resolution <= timedelta(0):
        msg = f"resolution={resolution!r} must be a positive timedelta"
        raise InvalidArgument(msg)
    if not isinstance(max_duration, timedelta) or max_duration < resolution:
        msg = (
            f"max_duration={max_duration!r} must be a timedelta of at least "
            f"resolution={resolution!r} (one minute by default)"
        )
        raise InvalidArgument(msg)
    _check_count("max_working_days", max_working_days, 0, 10_000)
    rules = _check_countings(countings, max_working_days)
    lo, hi, step = _check_cutoffs(min_cutoff, max_cutoff, cutoff_resolution)
    batches = _check_rules(batch_rules)
    length = durations(min_value=resolution, max_value=max_duration, resolution=resolution)
    cutoffs = st.one_of(st.none(), st.integers(lo, hi).map(lambda k: _cutoff_at(k * step)))

    def working(n: int, cutoff: time | None, counting: Counting) -> Target:
        if counting == "receipt_day_counted" and n == 0:
            # n = 0 has no day 1 to count: the default rule where allowed, else day 1
            if rules[0] != "receipt_day_counted":
                counting = rules[0]
            else:
                n = 1
        return Target.working_days(n, cutoff, counting=counting)

    by_kind: dict[str, st.SearchStrategy[Target]] = {
        "wall": length.map(Target.wall),
        "business": length.map(Target.business),
        "working_days": st.builds(
            working, st.integers(0, max_working_days), cutoffs, st.sampled_from(rules)
        ),
        "days": st.builds(Target.days, st.integers(1, max(1, max_working_days)), cutoffs),
        "months": st.builds(Target.months, st.integers(1, 3), cutoffs),
        "batch": st.sampled_from(batches).map(Target.batch),
    }
    return st.one_of(*(by_kind[k] for k in chosen))


def promises(
    *,
    calendar: BusinessCalendar | None = None,
    kinds: Sequence[TargetKind] = TARGET_KINDS,
    max_milestones: int = 3,
    max_duration: timedelta = timedelta(days=2),
) -> st.SearchStrategy[Promise]:
    """Promises with one to ``max_milestones`` milestones of the given target kinds.

    Milestones are named from :data:`MILESTONE_NAMES`, in order. The promise is
    measured on ``calendar``; without one, a calendar is drawn from
    :func:`calendars` (or none at all when ``kinds`` is only ``"wall"``). Shrinks
    towards a promise ``"service"`` with one milestone ``respond`` of one wall
    minute, on a 24×7 UTC calendar.

    Args:
        calendar: the calendar every promise is measured on, or None to draw one.
        kinds: the target kinds to draw (see :func:`targets`).
        max_milestones: at most this many milestones (1 to 5).
        max_duration: the longest wall or business target.
    """
    chosen = _check_kinds(kinds)
    _check_count("max_milestones", max_milestones, 1, len(MILESTONE_NAMES))
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        msg = f"calendar={calendar!r} must be a BusinessCalendar or None"
        raise InvalidArgument(msg)
    cals: st.SearchStrategy[BusinessCalendar | None]
    if calendar is not None:
        cals = st.just(calendar)
    elif chosen == ("wall",):
        cals = st.none()
    else:
        cals = calendars()
    goals = st.sampled_from((0.9, 0.8, 0.95, 1.0))
    return st.builds(
        _promise,
        cals,
        st.lists(
            targets(kinds=chosen, max_duration=max_duration), min_size=1, max_size=max_milestones
        ),
        goals,
    )


def _promise(calendar: BusinessCalendar | None, drawn: list[Target], goal: float) -> Promise:
    return Promise(
        service="service",
        milestones=dict(zip(MILESTONE_NAMES, drawn, strict=False)),
        calendar=calendar,
        goal=goal,
    )
