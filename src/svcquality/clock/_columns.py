"""The clock on columns: :func:`read_clock` for a table of requests at once.

A table holds the logs most requests have: an opening, the instant each
milestone was met, the resolution, and pauses (a pause table of ``(row, start,
end)``). :func:`read_clock_many` reads every row as :func:`read_clock` reads
the log those columns stand for, and gives due, status, elapsed and remaining
per milestone as columns, equal to the scalar reading row for row.

How it is equal: it walks the same running stretches as the clock's measure
(``elapsed`` and ``due`` of ``svcquality.clock._measure``), stretch by stretch
across all rows at once. The k-th stretch of a row runs from its opening
(k = 0) or the end of its k-th pause to the start of the next pause, its
resolution, or on. Each step is a column
form of the calendar's arithmetic (``calendars/_columns.py``), which gives the
scalar's answer on every row, so the walk takes the scalar's branches with
numpy masks in place of ``if``.

The log a row stands for, in order: ``Opened(opened)``; its pauses as
``Paused``/``Resumed``; ``Met`` per milestone; ``Resolved``. At one instant,
pause events come first, then ``Met``, then ``Resolved`` (a pause that is open
at the resolution ends with it). Events after ``now`` are not applied, as in
:func:`read_clock`; a row's data are checked whatever ``now`` is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, tzinfo
from types import ModuleType
from typing import Any

import attrs

from svcquality._fields import shown
from svcquality._instants import from_micros, micros_of, td_micros
from svcquality._optional import need_numpy
from svcquality._types import PeriodUnit
from svcquality.calendars import BusinessCalendar
from svcquality.calendars import _columns as cols
from svcquality.clock._readings import Status
from svcquality.clock._table import Input, check_pauses, check_rows, read_pauses
from svcquality.errors import ParameterError, SvcQualityError
from svcquality.promises import Promise, Target

__all__ = ["ClockColumns", "MilestoneColumns", "read_clock_many"]

_MISSING = cols.MISSING
#: The labels of the ``status`` columns (codes 0..3) and of ``state`` (0..2).
STATUSES = tuple(s.value for s in Status)
STATES = ("running", "paused", "resolved")
_RUNNING, _PAUSED, _MET, _BREACHED = range(4)


@attrs.frozen
class MilestoneColumns:
    """One milestone on every row, as :class:`~svcquality.clock.MilestoneReading` is on one.

    Every column is of the kind of ``opened`` (int64 µs for int64 input, numpy
    ``datetime64[us]``/``timedelta64[us]``, pandas, polars, Arrow); a row whose
    ``opened`` is missing is missing in every column.

    Attributes:
        name: the milestone, e.g. ``"resolve"``.
        target: its target under the promise.
        due: the due instant (it moves with pauses; while paused, where it falls
            if the clock ran again at ``now``).
        original_due: the due instant had there been no pause.
        status: ``"running"``, ``"paused"``, ``"met"`` or ``"breached"`` (the
            values of :class:`~svcquality.clock.Status`).
        elapsed: the target's measure used (open time unless a wall target).
        remaining: ``budget - elapsed``; negative once overdue.
        budget: the target's whole measure.
        met_at: when it was met (by ``met`` or the resolution); missing if not.
        breached_at: when it became overdue; missing if it has not.
        wall_elapsed: clock time the clock ran.
        paused: clock time the clock stood still.
    """

    name: str
    target: Target
    due: object = attrs.field(repr=False)
    original_due: object = attrs.field(repr=False)
    status: object = attrs.field(repr=False)
    elapsed: object = attrs.field(repr=False)
    remaining: object = attrs.field(repr=False)
    budget: object = attrs.field(repr=False)
    met_at: object = attrs.field(repr=False)
    breached_at: object = attrs.field(repr=False)
    wall_elapsed: object = attrs.field(repr=False)
    paused: object = attrs.field(repr=False)


@attrs.frozen
class ClockColumns:
    """Every row's clock at ``now``: :class:`~svcquality.clock.ClockReading` on columns.

    Attributes:
        promise: the promise every row was opened under.
        now: the instant read at.
        state: per row ``"running"``, ``"paused"`` or ``"resolved"``.
        milestones: per milestone name, its :class:`MilestoneColumns`.
        rows: the number of rows.
    """

    promise: Promise
    now: datetime
    state: object = attrs.field(repr=False)
    milestones: Mapping[str, MilestoneColumns] = attrs.field(repr=False)
    rows: int

    def __getitem__(self, name: str) -> MilestoneColumns:
        """The columns of milestone ``name`` (``clock["resolve"].due``)."""
        try:
            return self.milestones[name]
        except KeyError:
            raise KeyError(self.promise._unknown(name)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.milestones)


# --------------------------------------------------------------------------- stretches


@attrs.frozen
class _Stretch:
    """The k-th running stretch of the rows that have one: ``[start, end)``, end MISSING
    while it runs on."""

    rows: Any
    start: Any
    end: Any


def _stretches(np: ModuleType, tb: Input) -> list[_Stretch]:
    """Every row's running stretches, k-th stretch of all rows together."""
    opened, keep, resolved, pauses = tb.opened, ~tb.missing, tb.resolved, tb.pauses
    size = opened.shape[0]
    count = np.bincount(pauses.row, minlength=size) if pauses.row.size else np.zeros(size, int)
    first = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    # A pause still open at the resolution ends with it.
    ends = pauses.end.copy()
    if ends.size:
        open_end = ends == _MISSING
        ends[open_end] = resolved[pauses.row[open_end]]
    out: list[_Stretch] = []
    kmax = int(count.max(initial=0))
    for k in range(kmax + 1):
        has = keep & (count >= k)
        if k:  # starts at the end of the k-th pause; none after one still open
            prev = first + k - 1
            idx = np.flatnonzero(has)
            begin = ends[prev[idx]]
            idx, begin = idx[begin != _MISSING], begin[begin != _MISSING]
        else:
            idx = np.flatnonzero(has)
            begin = opened[idx]
        last = count[idx] == k
        nxt = pauses.start[np.where(last, 0, first[idx] + k)] if pauses.row.size else begin
        end = np.where(last, resolved[idx], nxt)
        out.append(_Stretch(idx, begin, end))
    return out


# --------------------------------------------------------------------------- measures


class _Measure:
    """A target's measure on rows: wall time, open time, or working hours (periods)."""

    def __init__(
        self, np: ModuleType, target: Target, cal: BusinessCalendar | None, base: int
    ) -> None:
        self.np = np
        self.base = base  # the table's row of a chunk's row 0, for errors
        self.wall = target.kind == "wall"
        self.cal = cal if cal is None or target.duration is not None else cal.working_hours()
        self.key = "wall" if self.wall else id(self.cal)

    def length(self, a: Any, b: Any, rows: Any) -> Any:
        if self.wall:
            return b - a
        assert self.cal is not None
        return cols.micros_between(self.cal, a, b, rows + self.base)

    def advance(self, x: Any, r: Any, rows: Any) -> Any:
        """``x`` plus ``r > 0`` of the measure."""
        if self.wall:
            return x + r
        assert self.cal is not None
        return cols.micros_add(self.cal, x, r, rows + self.base)


class _Milestone:
    """One milestone's target on every row: original due, budget, and the period landing.

    Computed on the rows with an opening (``rows``), zero on the others; ``base``
    is the table's row of the chunk's first row.
    """

    def __init__(
        self,
        np: ModuleType,
        target: Target,
        cal: BusinessCalendar | None,
        *,
        opened: Any,
        rows: Any,
        zone: tzinfo,
        base: int,
    ) -> None:
        self.np = np
        self.target = target
        self.measure = measure = _Measure(np, target, cal, base)
        size = opened.shape[0]
        x = opened[rows]

        def spread(a: Any) -> Any:
            out = np.zeros(size, dtype=np.int64)
            out[rows] = a
            return out

        duration = target.duration
        if duration is not None:
            d = np.full(x.shape, td_micros(duration), dtype=np.int64)
            due = measure.advance(x, d, rows)
            budget = d
        else:
            assert cal is not None
            due = _period_due(np, target, cal, x, rows=rows + base, zone=zone)
            budget = measure.length(x, due, rows)
        self.original_due = spread(due)
        self.budget = spread(budget)
        self.tail: Any = None
        if duration is None:
            assert measure.cal is not None
            self.tail = spread(cols.micros_quiet(measure.cal, due, x, rows + base))

    def land(self, at: Any, sel: Any) -> Any:
        """Where a period falls due when its budget runs out at ``at`` (``_Phase.land``)."""
        if self.tail is None:
            return at
        due, tail = self.original_due[sel], self.tail[sel]
        return self.np.where((tail <= at) & (at < due), due, at)

    def resume_at(self, x: Any, r: Any, sel: Any) -> Any:
        """``_measure.resume_at`` on rows ``sel``: nothing left is due at ``x`` itself."""
        at = x.copy()
        go = r != 0
        if go.any():
            at[go] = self.measure.advance(x[go], r[go], sel[go])
        return self.land(at, sel)


def _period_due(
    np: ModuleType, target: Target, cal: BusinessCalendar, opened: Any, *, rows: Any, zone: tzinfo
) -> Any:
    if target.kind == "working_days":
        assert target.count is not None
        return cols.micros_deadline(
            cal, opened, target.count, cut=target.cutoff, counting=target.counting, rows=rows
        )
    if target.kind in ("days", "months"):
        assert target.count is not None
        unit: PeriodUnit = "days" if target.kind == "days" else "months"
        return cols.micros_period(
            cal, opened, target.count, unit=unit, cut=target.cutoff, rows=rows
        )
    # A batch: the recurrence's next date, per distinct opening (the scalar's rule).
    values, inverse = np.unique(opened, return_inverse=True)
    out = np.empty(values.shape, dtype=np.int64)
    k = 0
    try:
        for k, x in enumerate(values.tolist()):
            out[k] = micros_of(target.deadline(from_micros(x, zone), cal), "deadline")
    except SvcQualityError as exc:
        row = int(rows[int(np.flatnonzero(inverse == k)[0])])
        raise type(exc)(f"row {row}: {exc}") from exc
    return out[inverse]


# --------------------------------------------------------------------------- the walk


class _Walk:
    """``_measure.elapsed`` and ``_measure.due`` on every row, stretch by stretch:
    elapsed at ``t``, the due as known at ``t``, whether the running clock reaches
    it, and the clock time run by ``t``.

    Each row takes the scalar's branch through numpy masks: a stretch after ``t``
    ends the walk (the scalar's ``break``), a stretch running at ``t`` gives the
    due if none was found (``resume_at`` its start), a closed stretch spends the
    budget left or finds the due inside it.
    """

    __slots__ = (
        "due",
        "elapsed",
        "left",
        "ms",
        "np",
        "reached",
        "running",
        "sizes",
        "stopped",
        "t",
    )

    def __init__(
        self, np: ModuleType, ms: _Milestone, t: Any, sizes: dict[tuple[int, object], Any]
    ) -> None:
        size = t.shape[0]
        self.np, self.ms, self.t, self.sizes = np, ms, t, sizes
        self.elapsed = np.zeros(size, dtype=np.int64)
        self.running = np.zeros(size, dtype=np.int64)
        self.left = ms.budget.copy()
        self.due = np.full(size, _MISSING, dtype=np.int64)
        self.reached = np.zeros(size, dtype=bool)
        self.stopped = np.zeros(size, dtype=bool)

    def stretch(self, k: int, st: _Stretch) -> None:
        live = ~self.stopped[st.rows] & (st.start <= self.t[st.rows])
        self.stopped[st.rows[~live]] = True  # the loop's break: a stretch after t
        sel, s, e = st.rows[live], st.start[live], st.end[live]
        tt = self.t[sel]
        on = (e == _MISSING) | (e > tt)
        self.running[sel] += self.np.where(on, tt, e) - s
        if on.any():
            self._running(sel[on], s[on], tt[on])
        closed = ~on
        if closed.any():
            self._closed(k, sel[closed], s[closed], e[closed])

    def _running(self, rows: Any, s: Any, t: Any) -> None:
        """Running at ``t``: the last stretch known at ``t``."""
        part = s < t
        if part.any():
            self.elapsed[rows[part]] += self.ms.measure.length(s[part], t[part], rows[part])
        open_due = self.due[rows] == _MISSING
        if open_due.any():
            w = rows[open_due]
            self.due[w] = self.ms.resume_at(s[open_due], self.left[w], w)
        self.reached[rows] = True
        self.stopped[rows] = True

    def _closed(self, k: int, rows: Any, s: Any, e: Any) -> None:
        """A stretch that ended by ``t``: its measure is used; the due may lie in it."""
        ms, due, left = self.ms, self.due, self.left
        length = self._length(k, rows, s, e)
        self.elapsed[rows] += length
        # (A stretch of no length needs no guard here: nothing lands before its end.)
        cand = due[rows] == _MISSING
        r = left[rows]
        zero = cand & (r == 0)  # used up as a pause began: due when the clock runs again
        if zero.any():
            w = rows[zero]
            at = ms.land(s[zero], w)
            hit = at < e[zero]
            due[w[hit]] = at[hit]
        fit = cand & (r > 0) & (r <= length)
        if fit.any():
            w = rows[fit]
            at = ms.land(ms.measure.advance(s[fit], r[fit], w), w)
            hit = at < e[fit]
            due[w[hit]] = at[hit]
            left[w[~hit]] = 0  # used up in this stretch; due after the pause that ends it
        more = cand & (r > length)
        left[rows[more]] -= length[more]

    def _length(self, k: int, rows: Any, s: Any, e: Any) -> Any:
        """The measure of closed stretch ``k`` of ``rows``, once per measure and row."""
        key = (k, self.ms.measure.key)
        whole = self.sizes.get(key)
        if whole is None:
            whole = self.sizes[key] = self.np.full(self.t.shape[0], -1, dtype=self.np.int64)
        need = whole[rows] < 0
        if need.any():
            whole[rows[need]] = self.ms.measure.length(s[need], e[need], rows[need])
        return whole[rows]

    def finish(self, keep: Any) -> None:
        """The stretches ran out (paused) or came after ``t``: due when the clock runs again."""
        found = self.due != _MISSING
        self.reached |= found
        rest = self.np.flatnonzero(~found & keep)
        if rest.size:
            self.due[rest] = self.ms.resume_at(self.t[rest], self.left[rest], rest)


def _walk(
    np: ModuleType,
    ms: _Milestone,
    stretches: list[_Stretch],
    *,
    t: Any,
    keep: Any,
    sizes: dict[tuple[int, object], Any],
) -> _Walk:
    walk = _Walk(np, ms, t, sizes)
    for k, st in enumerate(stretches):
        walk.stretch(k, st)
    walk.finish(keep)
    return walk


# --------------------------------------------------------------------------- entry point


def _met_columns(np: ModuleType, promise: Promise, met: object, size: int) -> dict[str, Any]:
    if met is None:
        return {}
    if not isinstance(met, Mapping):
        msg = (
            "read_clock_many: met must be a mapping of milestone name to a column of "
            f"instants, e.g. {{'respond': replied_at}}, got {type(met).__name__} {shown(met)}"
        )
        raise ParameterError(msg)
    out: dict[str, Any] = {}
    for name, column in met.items():
        if name not in promise.milestones:
            msg = f"read_clock_many: met[{shown(name)}]: {promise._unknown(str(name))}"
            raise ParameterError(msg)
        col = cols.to_column(column, f"read_clock_many: met[{name!r}]")
        if col.values.shape[0] != size:
            msg = (
                f"read_clock_many: met[{name!r}] has {col.values.shape[0]} rows, opened "
                f"{size}; give one instant (or a missing one) per request"
            )
            raise ParameterError(msg)
        out[name] = np.where(col.missing, _MISSING, col.values)
    return out


def read_clock_many(
    promise: Promise,
    opened: object,
    now: datetime,
    *,
    met: Mapping[str, object] | None = None,
    resolved: object = None,
    pauses: tuple[object, ...] | None = None,
) -> ClockColumns:
    """:func:`~svcquality.clock.read_clock` on every row of a table of requests.

    Args:
        promise: the promise every row was opened under.
        opened: a column of openings (any kind the calendar's column forms take:
            int64 epoch µs, ``datetime64``, tz-aware pandas, polars ``Datetime``,
            Arrow timestamps). A missing row gives missing results.
        now: the instant to read at (aware).
        met: per milestone, a column of the instants it was met (missing: not met).
        resolved: a column of resolutions (missing: open), or None for none.
        pauses: a pause table ``(row, start, end)`` or ``(row, start, end,
            reason)``: per pause the row of ``opened`` it belongs to, its start,
            and its end (missing while still paused). Reasons are needed when the
            promise restricts them (``pause_reasons``).

    Returns:
        :class:`ClockColumns`: the state per row and, per milestone, due,
        original due, status, elapsed, remaining, budget, met_at, breached_at,
        wall_elapsed and paused, equal to :func:`read_clock` on every row.

    Raises:
        EventLogError: a row no log could give (opened after ``now``, met before
            the opening or after the resolution, overlapping pauses, a pause
            after the resolution...), naming the row.
        ParameterError: a column of the wrong kind or length.
        ImportError: numpy is not installed (the ``fast`` extra).
    """
    np = need_numpy("read_clock_many", "call read_clock row by row")
    if not isinstance(promise, Promise):
        msg = f"read_clock_many: promise must be a Promise, got {shown(promise)}"
        raise ParameterError(msg)
    if promise.repeats or promise.replies:
        msg = (
            f"read_clock_many: promise {promise.name!r} has repeating milestones "
            f"({', '.join(map(repr, (*promise.repeats, *promise.replies)))}), and a column "
            "holds one Met per "
            "milestone; read such requests with read_clock, whose reading lists every "
            "occurrence"
        )
        raise ParameterError(msg)
    now_x = micros_of(now, "read_clock_many(now)")
    cal = promise.calendar
    zone = cal.zone if cal is not None else now.tzinfo
    assert zone is not None  # micros_of refused a naive now
    col = cols.to_column(opened, "read_clock_many: opened")
    tb = _read_input(np, promise, col, met=met, resolved=resolved, pauses=pauses, zone=zone)
    check_rows(np, tb, now_x, zone)
    check_pauses(np, tb, zone)
    now_ = _Now.of(np, tb, now_x)
    size = col.values.shape[0]
    raw = {name: _Raw.empty(np, size) for name in promise.milestones}
    # Chunks of rows keep the walk's temporaries in cache and memory flat per row.
    for a in range(0, size, cols.CHUNK):
        b = min(a + cols.CHUNK, size)
        part, part_now = tb.rows(np, a, b), now_.rows(a, b)
        stretches = _stretches(np, part)
        keep = np.flatnonzero(~part.missing)
        sizes: dict[tuple[int, object], Any] = {}
        for name, target in promise.milestones.items():
            ms = _Milestone(np, target, cal, opened=part.opened, rows=keep, zone=zone, base=a)
            _read_milestone(
                np, name, ms, tb=part, now=part_now, stretches=stretches, sizes=sizes
            ).into(raw[name], a)
    out = _Out(zone, col)
    return ClockColumns(
        promise=promise,
        now=now,
        state=out(now_.state, "labels", "state", labels=STATES),
        milestones={name: r.give(out, name, promise.milestones[name]) for name, r in raw.items()},
        rows=size,
    )


def _read_input(
    np: ModuleType,
    promise: Promise,
    col: cols.Column,
    *,
    met: object,
    resolved: object,
    pauses: object,
    zone: tzinfo,
) -> Input:
    size = col.values.shape[0]
    met_x = _met_columns(np, promise, met, size)
    if resolved is None:
        res = np.full(size, _MISSING, dtype=np.int64)
    else:
        rc = cols.to_column(resolved, "read_clock_many: resolved")
        if rc.values.shape[0] != size:
            msg = (
                f"read_clock_many: resolved has {rc.values.shape[0]} rows, opened {size}; "
                "give one instant (or a missing one) per request"
            )
            raise ParameterError(msg)
        res = np.where(rc.missing, _MISSING, rc.values)
    table, order = read_pauses(np, promise, pauses, size, zone)
    return Input(col.values, col.missing, res, met_x, table, order)


@attrs.frozen
class _Now:
    """What has happened by ``now``: the resolution, a pause open, the state code."""

    at: int
    done: Any
    paused: Any
    state: Any

    @classmethod
    def of(cls, np: ModuleType, tb: Input, now_x: int) -> _Now:
        res, p = tb.resolved, tb.pauses
        done = (res != _MISSING) & (res <= now_x)
        paused = np.zeros(res.shape[0], dtype=bool)
        if p.row.size:
            ends = np.where(p.end == _MISSING, res[p.row], p.end)
            still = (p.start <= now_x) & ((ends == _MISSING) | (ends > now_x))
            paused[p.row[still]] = True
        paused &= ~done
        state = np.where(done, 2, np.where(paused, 1, 0)).astype(np.int8)
        return cls(now_x, done, paused, state)

    def rows(self, a: int, b: int) -> _Now:
        return _Now(self.at, self.done[a:b], self.paused[a:b], self.state[a:b])


@attrs.frozen
class _Out:
    """Results in the kind of ``opened``, instants in the promise's zone."""

    zone: tzinfo
    col: cols.Column

    def __call__(
        self,
        values: Any,
        what: str,
        name: str,
        *,
        absent: Any = None,
        labels: tuple[str, ...] = (),
    ) -> object:
        missing = self.col.missing if absent is None else absent | self.col.missing
        # give() marks missing rows in the array it is given (ours alone).
        return cols.give(self.zone, self.col, values, missing, what, name=name, labels=labels)


_FIELDS = (
    "due",
    "original_due",
    "status",
    "elapsed",
    "budget",
    "met_at",
    "breached_at",
    "wall_elapsed",
    "paused",
)


@attrs.frozen
class _Raw:
    """One milestone's results as int64 µs (status as codes), for every row.

    ``met_at`` and ``breached_at`` are MISSING where the milestone is not met or
    not breached.
    """

    due: Any
    original_due: Any
    status: Any
    elapsed: Any
    budget: Any
    met_at: Any
    breached_at: Any
    wall_elapsed: Any
    paused: Any

    @classmethod
    def empty(cls, np: ModuleType, size: int) -> _Raw:
        return cls(
            **{f: np.zeros(size, dtype=np.int8 if f == "status" else np.int64) for f in _FIELDS}
        )

    def into(self, whole: _Raw, a: int) -> None:
        """Write this chunk's rows into ``whole`` from row ``a``."""
        for f in _FIELDS:
            part = getattr(self, f)
            getattr(whole, f)[a : a + part.shape[0]] = part

    def give(self, out: _Out, name: str, target: Target) -> MilestoneColumns:
        return MilestoneColumns(
            name=name,
            target=target,
            due=out(self.due, "instants", f"{name}_due"),
            original_due=out(self.original_due, "instants", f"{name}_original_due"),
            status=out(self.status, "labels", f"{name}_status", labels=STATUSES),
            elapsed=out(self.elapsed, "durations", f"{name}_elapsed"),
            remaining=out(self.budget - self.elapsed, "durations", f"{name}_remaining"),
            budget=out(self.budget, "durations", f"{name}_budget"),
            met_at=out(self.met_at, "instants", f"{name}_met_at", absent=self.met_at == _MISSING),
            breached_at=out(
                self.breached_at,
                "instants",
                f"{name}_breached_at",
                absent=self.breached_at == _MISSING,
            ),
            wall_elapsed=out(self.wall_elapsed, "durations", f"{name}_wall_elapsed"),
            paused=out(self.paused, "durations", f"{name}_paused"),
        )


def _read_milestone(
    np: ModuleType,
    name: str,
    ms: _Milestone,
    *,
    tb: Input,
    now: _Now,
    stretches: list[_Stretch],
    sizes: dict[tuple[int, object], Any],
) -> _Raw:
    """``_read._read_track`` on every row, for a milestone counted from the opening."""
    m = tb.met.get(name)
    met_at = np.full(tb.opened.shape[0], _MISSING, dtype=np.int64)
    if m is not None:
        happened = (m != _MISSING) & (m <= now.at)
        met_at[happened] = m[happened]
    by_resolve = (met_at == _MISSING) & now.done
    met_at[by_resolve] = tb.resolved[by_resolve]
    is_met = met_at != _MISSING
    t = np.where(is_met, met_at, now.at)
    t[tb.missing] = tb.opened[tb.missing]
    walked = _walk(np, ms, stretches, t=t, keep=~tb.missing, sizes=sizes)
    due = walked.due
    # Met at the due instant is on time; unmet, breached from the due instant on,
    # but only if the running clock got there.
    late = np.where(is_met, due < t, walked.reached & (due <= t))
    status = np.where(
        is_met,
        np.where(late, _BREACHED, _MET),
        np.where(late, _BREACHED, np.where(now.paused, _PAUSED, _RUNNING)),
    )
    return _Raw(
        due=due,
        original_due=ms.original_due,
        status=status,
        elapsed=walked.elapsed,
        budget=ms.budget,
        met_at=met_at,
        breached_at=np.where(late, due, _MISSING),
        wall_elapsed=walked.running,
        paused=t - tb.opened - walked.running,
    )
