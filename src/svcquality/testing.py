"""Hypothesis strategies and assertions for host test suites.

A bank's own pytest suite imports these to test its SLA rules (the
assertions ``assert_met``, ``assert_due``, ``assert_escalates`` and
``assert_rulebook_valid`` are importable from here too)::

    from hypothesis import given
    from svcquality import testing

    @given(testing.calendars(), testing.durations())
    def test_round_trip(cal, d): ...

This module is the only one that imports ``hypothesis``; install it with the
``testing`` extra (``pip install 'svcquality[testing]'``). Importing
``svcquality`` never imports it.

Every strategy takes keyword-only options, validates them (an impossible
combination raises ``hypothesis.errors.InvalidArgument``), and shrinks towards
the simplest case: a 24×7 calendar in UTC, a duration of one minute, the first
instant of the range.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, time, timedelta, timezone
from typing import Any, Literal, TypeVar, cast
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from svcquality._assertions import (
    assert_due,
    assert_escalates,
    assert_met,
    assert_rulebook_valid,
)
from svcquality._instants import from_micros
from svcquality._types import Counting, ReopenPolicy, RetargetPolicy
from svcquality.calendars import BusinessCalendar
from svcquality.calendars._hours import WEEKDAYS
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
from svcquality.errors import PromiseError
from svcquality.feedback import Analysed, FedBack, Handled, Received, Verified
from svcquality.kpi import Call
from svcquality.promises import Promise, Target, TargetKind
from svcquality.routing import (
    HandoverAccepted,
    HandoverOffered,
    NoteAdded,
    Taken,
    WorkOrderAnswered,
    WorkOrderIssued,
)

__all__ = [
    "BATCH_RULES",
    "DEFAULT_ZONES",
    "MILESTONE_NAMES",
    "TARGET_KINDS",
    "CALL_ZONES",
    "COUNTINGS",
    "assert_due",
    "assert_escalates",
    "assert_met",
    "assert_rulebook_valid",
    "calendars",
    "calls",
    "durations",
    "event_logs",
    "instants",
    "promises",
    "request_logs",
    "targets",
    "weekly_hours",
]

#: Zones the strategies draw from: no DST, DST in both hemispheres, a 30-minute DST.
DEFAULT_ZONES: tuple[str, ...] = (
    "UTC",
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Australia/Lord_Howe",
)
_MIN = datetime(2024, 1, 1, tzinfo=timezone.utc)
_MAX = datetime(2027, 12, 31, tzinfo=timezone.utc)


def _check_count(name: str, value: object, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        msg = f"{name}={value!r} must be a whole number from {low} to {high}"
        raise InvalidArgument(msg)
    return value


def _hhmm(q: int) -> str:
    """A quarter-hour index as wall time; 96 is 24:00, past 96 is the next day."""
    return "24:00" if q == 96 else f"{q % 96 // 4:02d}:{q % 4 * 15:02d}"


@st.composite
def _week(draw: st.DrawFn, max_windows: int, overnight: bool) -> dict[str, str]:
    days: list[list[tuple[int, int]]] = []
    for _ in WEEKDAYS:
        k = draw(st.integers(0, max_windows))
        points = sorted(draw(st.sets(st.integers(0, 96), min_size=2 * k, max_size=2 * k)))
        windows = [(points[2 * i], points[2 * i + 1]) for i in range(k)]
        if overnight and windows and windows[-1][0] >= 48 and draw(st.booleans()):
            # the last window runs overnight, ending by 06:00 the next morning
            windows[-1] = (windows[-1][0], 96 + draw(st.integers(1, 24)))
        days.append(windows)
    for i, windows in enumerate(days):
        nxt = days[(i + 1) % 7]
        if windows and windows[-1][1] > 96 and nxt:
            # valid by construction: the night shift ends when the next day opens
            start, end = windows[-1]
            windows[-1] = (start, min(end, 96 + nxt[0][0]))
    return {
        # an overnight window longer than 16 hours says "+1" (the hours grammar's rule)
        day: ", ".join(
            f"{_hhmm(a)}-{_hhmm(b)}{'+1' if b > 96 and b - a > 64 else ''}" for a, b in windows
        )
        if windows
        else "closed"
        for day, windows in zip(WEEKDAYS, days, strict=True)
    }


def weekly_hours(
    *, max_windows_per_day: int = 3, overnight: bool = True
) -> st.SearchStrategy[dict[str, str]]:
    """Weekly hours as the plain mapping :meth:`BusinessCalendar.weekly` reads.

    Split shifts (up to ``max_windows_per_day`` windows a day, on a 15-minute
    grid) and, when ``overnight``, windows that run into the next morning.
    Shrinks towards a week with one short window.
    """
    _check_count("max_windows_per_day", max_windows_per_day, 1, 6)
    return _week(max_windows_per_day, overnight).filter(
        lambda hours: any(v != "closed" for v in hours.values())
    )


def calendars(
    *,
    zones: Sequence[str] = DEFAULT_ZONES,
    holidays: Sequence[str | None] = (None, "CN", "US"),
    max_windows_per_day: int = 3,
    overnight: bool = True,
) -> st.SearchStrategy[BusinessCalendar]:
    """Business calendars: weekly hours with split and overnight windows, a zone
    (DST zones included) and a holiday country.

    Shrinks to ``BusinessCalendar.always_open(zone="UTC")``.

    Args:
        zones: IANA zone names to draw from.
        holidays: holiday country codes (or None) to draw from.
        max_windows_per_day: at most this many windows a day (1 to 6).
        overnight: whether windows may run overnight.
    """
    if not zones:
        msg = "zones must name at least one IANA zone"
        raise InvalidArgument(msg)
    for zone in zones:
        try:
            ZoneInfo(zone)
        except Exception as exc:  # noqa: PERF203 (argument checking, once per strategy)
            msg = f"zones: {zone!r} is not an IANA zone name"
            raise InvalidArgument(msg) from exc
    if not holidays:
        msg = "holidays must hold at least one entry (None for no holidays)"
        raise InvalidArgument(msg)
    _check_count("max_windows_per_day", max_windows_per_day, 1, 6)

    def build(hours: dict[str, str], zone: str, country: str | None) -> BusinessCalendar:
        return BusinessCalendar.weekly(hours, zone=zone, holidays=country)

    generated = st.builds(
        build,
        weekly_hours(max_windows_per_day=max_windows_per_day, overnight=overnight),
        st.sampled_from(tuple(zones)),
        st.sampled_from(tuple(holidays)),
    )
    return st.one_of(st.just(BusinessCalendar.always_open(zone="UTC")), generated)


def durations(
    *,
    min_value: timedelta = timedelta(minutes=1),
    max_value: timedelta = timedelta(days=30),
    resolution: timedelta = timedelta(minutes=1),
) -> st.SearchStrategy[timedelta]:
    """Durations from ``min_value`` to ``max_value`` in steps of ``resolution``.

    Shrinks towards ``min_value``. Negative bounds are allowed (backward adds).
    """
    if resolution <= timedelta(0):
        msg = f"resolution={resolution!r} must be positive"
        raise InvalidArgument(msg)
    if max_value < min_value:
        msg = f"max_value={max_value!r} is below min_value={min_value!r}"
        raise InvalidArgument(msg)
    lo = -(-min_value // resolution)
    hi = max_value // resolution
    if hi < lo:
        msg = f"no multiple of resolution={resolution!r} lies in [{min_value}, {max_value}]"
        raise InvalidArgument(msg)
    return st.integers(lo, hi).map(lambda k: k * resolution)


def instants(
    *,
    calendar: BusinessCalendar | None = None,
    open_only: bool = False,
    min_value: datetime = _MIN,
    max_value: datetime = _MAX,
    resolution: timedelta = timedelta(minutes=1),
) -> st.SearchStrategy[datetime]:
    """Aware instants between ``min_value`` and ``max_value``, in the calendar's zone
    (UTC without a calendar).

    With ``open_only=True`` every instant is one at which ``calendar`` is open.
    Shrinks towards ``min_value`` (or the calendar's first opening after it).
    """
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if not isinstance(value, datetime) or value.tzinfo is None:
            msg = f"{name}={value!r} must be a timezone-aware datetime"
            raise InvalidArgument(msg)
    if max_value <= min_value:
        msg = f"max_value={max_value!r} must be after min_value={min_value!r}"
        raise InvalidArgument(msg)
    if open_only and calendar is None:
        msg = "open_only=True needs a calendar"
        raise InvalidArgument(msg)
    zone = calendar.zone if calendar is not None else timezone.utc
    steps = (max_value - min_value) // resolution
    raw = st.integers(0, steps).map(lambda k: (min_value + k * resolution).astimezone(zone))
    if not open_only:
        return raw
    assert calendar is not None
    return raw.map(calendar.next_open).filter(lambda t: t <= max_value)


# --------------------------------------------------------------------------- promises

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
    if isinstance(kinds, str) or not kinds:
        msg = f"kinds={kinds!r} must be a non-empty sequence of target kinds from {TARGET_KINDS}"
        raise InvalidArgument(msg)
    unknown = [k for k in kinds if k not in TARGET_KINDS]
    if unknown:
        msg = f"kinds: {unknown[0]!r} is not a target kind; use some of {TARGET_KINDS}"
        raise InvalidArgument(msg)
    return tuple(k for k in TARGET_KINDS if k in kinds)


def _check_countings(countings: Sequence[str], max_working_days: int) -> tuple[Counting, ...]:
    if isinstance(countings, str) or not countings:
        msg = f"countings={countings!r} must be a non-empty sequence of rules from {COUNTINGS}"
        raise InvalidArgument(msg)
    unknown = [c for c in countings if c not in COUNTINGS]
    if unknown:
        msg = f"countings: {unknown[0]!r} is not a counting rule; use some of {COUNTINGS}"
        raise InvalidArgument(msg)
    chosen = tuple(c for c in COUNTINGS if c in countings)
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


# --------------------------------------------------------------------------- calls

#: Zones :func:`calls` draws instants in: a wait is real elapsed time, so a call
#: may arrive in one zone and be answered in another (a DST zone, an odd offset).
CALL_ZONES = (
    timezone.utc,
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),
    timezone(timedelta(hours=-3, minutes=-30)),
)
#: 2025-03-09 00:00 UTC: New York springs forward that day, so waits cross DST.
_CALLS_START = 1_741_478_400_000_000
_S = 1_000_000


def calls(
    *,
    invalid: bool = False,
    max_wait: timedelta = timedelta(seconds=60),
) -> st.SearchStrategy[Call]:
    """Calls for the KPI accumulators (:class:`svcquality.kpi.Call`).

    A valid call arrives on 2025-03-09 (New York's spring-forward day) and is
    either answered or abandoned after a wait of zero to ``max_wait``, in whole
    seconds or odd microseconds around the usual 15-second threshold; its three
    instants are drawn in mixed zones (:data:`CALL_ZONES`). With ``invalid``,
    about one call in three is one an accumulator must reject: answered or
    abandoned before it arrived, both answered and abandoned, neither, without
    an arrival, or with a naive instant. Shrinks towards a call answered at
    once, in UTC.

    Args:
        invalid: also draw calls the KPIs must count as rejected.
        max_wait: the longest wait (at least one second).
    """
    if not isinstance(max_wait, timedelta) or max_wait < timedelta(seconds=1):
        msg = f"max_wait={max_wait!r} must be a timedelta of at least one second"
        raise InvalidArgument(msg)
    return _calls(bool(invalid), int(max_wait.total_seconds()))


@st.composite
def _calls(draw: st.DrawFn, invalid: bool, top: int) -> Call:
    waits = st.one_of(
        st.integers(0, top).map(lambda sec: sec * _S),
        st.integers(0, top * _S),
    )
    arrived = _CALLS_START + draw(st.integers(0, 86_400)) * _S
    zones = st.sampled_from(CALL_ZONES)

    def at(us: int | None) -> datetime | None:
        return None if us is None else from_micros(us, draw(zones))

    kinds = ["answered", "abandoned"]
    if invalid:
        kinds += ["before", "both", "neither", "no arrival", "naive"]
    kind = draw(st.sampled_from(kinds))
    w1, w2 = draw(waits), draw(waits)
    if kind == "answered":
        a, b, c = arrived, arrived + w1, None
    elif kind == "abandoned":
        a, b, c = arrived, None, arrived + w1
    elif kind == "before":
        a, b, c = arrived, arrived - w1 - 1, None
    elif kind == "both":
        a, b, c = arrived, arrived + w1, arrived + w2
    elif kind == "neither":
        a, b, c = arrived, None, None
    elif kind == "no arrival":
        a, b, c = None, arrived + w1, None
    else:
        naive = from_micros(arrived, timezone.utc).replace(tzinfo=None)
        return Call(arrived=naive, answered=at(arrived + w1))
    return Call(arrived=at(a), answered=at(b), abandoned=at(c))  # type: ignore[arg-type]
