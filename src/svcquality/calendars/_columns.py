"""Column forms of the calendar's arithmetic: kernels on the compiled timeline's arrays.

Every column function gives exactly the scalar answer on every row: it reads
the same compiled data as the scalar methods (the timeline's sorted open
intervals, cumulative open time, working days and their closes), turned into
int64 numpy arrays once per compiled timeline (``_tables``), and answers a chunk
of rows at a time with bucket tables (a rank per bucket, then a step or two) in
place of bisection. A row the arrays cannot answer for certain (it
reaches past the compiled years, or touches the trusted years' bounds) goes
through the scalar method itself: that compiles the years it needs, or raises
the scalar's error, which is then re-raised naming the row. The rows left are
answered by the arrays again, so growing the timeline costs a few passes, not
a loop over rows.

Here: the kernels, one per scalar method (business time: open, between, add,
quiet; working days: deadline, period, days between), the driver that falls
back to the scalar, and the entry points (``*_many`` for
:class:`~svcquality.BusinessCalendar`, ``micros_*`` for the column clock).
Reading and giving back columns of each library is ``_adapters``; this module
re-exports what the column clock uses of it, so the clock reaches the column
forms through this one module.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, time
from types import ModuleType
from typing import TYPE_CHECKING, Any

from svcquality._instants import MICROS_PER_DAY
from svcquality._types import Counting, PeriodUnit
from svcquality.calendars._adapters import (
    MISSING,
    Column,
    _arrow_to_numpy,
    _module_of,
    give,
    numpy_for,
    same_size,
    to_column,
    to_durations,
)
from svcquality.calendars._tables import Ranker, Tables, tables
from svcquality.errors import SvcQualityError

if TYPE_CHECKING:
    from svcquality.calendars._calendar import BusinessCalendar

__all__ = [
    "MISSING",
    "Column",
    "Ranker",
    "_arrow_to_numpy",
    "_module_of",
    "add_many",
    "between_many",
    "give",
    "is_open_many",
    "to_column",
    "working_day_deadline_many",
    "working_days_between_many",
]

#: Rows answered per numpy pass: big enough to amortise the call overhead, small
#: enough that the temporaries stay in cache and memory per row stays flat.
CHUNK = 1 << 16
_ORDINAL_1970 = date(1970, 1, 1).toordinal()
#: The countings the deadline kernel mirrors (``BusinessCalendar._deadline``).
_KERNEL_COUNTINGS = ("working_days", "receipt_day_counted", "calendar_days")
#: A kernel: ``(np, cal, tables, *column_chunks)`` to the answers and the mask of
#: the rows it answered for certain.
Kernel = Callable[..., tuple[Any, Any]]


# --------------------------------------------------------------------------- kernels


def _cumulative(np: ModuleType, tb: Tables, x: Any) -> Any:
    """Timeline.cumulative on a column."""
    # Row 0 of the padded arrays stands for "before the first interval".
    i = tb.by_start.rank(np, x)
    return np.where(x < tb.padded_ends[i], tb.padded_offset[i] + x, tb.padded_cum_end[i])


def _in_span(tb: Tables, x: Any) -> Any:
    return (x >= tb.timeline.lo) & (x < tb.timeline.hi)


def _trusted(cal: BusinessCalendar, x: Any) -> Any:
    b = cal._bounds
    if not b.trusted:
        return True
    return (x >= b.lo) & (x <= b.hi)


def _safe(cal: BusinessCalendar, tb: Tables, x: Any) -> Any:
    """Inside the compiled span and the trusted years: ``_in_span & _trusted`` at once."""
    b = cal._bounds
    lo, hi = max(tb.timeline.lo, b.lo), min(tb.timeline.hi - 1, b.hi)
    return (x >= lo) & (x <= hi)


def _local(np: ModuleType, tb: Tables, x: Any) -> tuple[Any, Any]:
    """Local date ordinals and local times of day (µs) of instants in the span."""
    if tb.offset.size == 1:  # one offset over the compiled years (no DST): no lookup
        wall = x + int(tb.offset[0])
    else:
        k = tb.by_offset.rank(np, x) - 1
        wall = x + tb.offset[np.maximum(k, 0)]
    return wall // MICROS_PER_DAY + _ORDINAL_1970, wall % MICROS_PER_DAY


def _day_rank(np: ModuleType, tb: Tables, o: Any) -> Any:
    """``searchsorted(days, o, "left")`` for dates within the compiled years (else clipped)."""
    return tb.day_rank[np.clip(o - tb.first_day, 0, tb.day_rank.size - 1)]


def _open_kernel(np: ModuleType, cal: BusinessCalendar, tb: Tables, x: Any) -> tuple[Any, Any]:
    ok = _safe(cal, tb, x)
    if tb.starts.size == 0:
        return np.zeros(x.shape, dtype=np.int64), ok
    i = tb.by_start.rank(np, x) - 1
    is_open = (i >= 0) & (x < tb.ends[np.maximum(i, 0)])
    return is_open.astype(np.int64), ok


def _between_kernel(
    np: ModuleType, cal: BusinessCalendar, tb: Tables, xa: Any, xb: Any
) -> tuple[Any, Any]:
    ok = _safe(cal, tb, xa) & _safe(cal, tb, xb)
    return _cumulative(np, tb, xb) - _cumulative(np, tb, xa), ok


def _add_kernel(
    np: ModuleType, cal: BusinessCalendar, tb: Tables, x: Any, dm: Any
) -> tuple[Any, Any]:
    ok = _safe(cal, tb, x)
    n = tb.starts.size
    if n == 0:
        return np.zeros(x.shape, dtype=np.int64), np.zeros(x.shape, dtype=bool)
    last = n - 1
    pos = dm > 0
    if pos.all():  # the common case (targets are positive): the forward branch only
        target = _cumulative(np, tb, x) + dm
        j = np.minimum(tb.by_cum_end.rank(np, target), last)
        r = tb.starts[j] + (target - tb.cum_start[j])
        ok &= target <= tb.cum_end[last]
        return r, ok & _trusted(cal, r)
    target = _cumulative(np, tb, x) + dm
    # forward (dm > 0): the first interval whose cumulative end reaches the target
    j = np.minimum(tb.by_cum_end.rank(np, target), last)
    fwd = tb.starts[j] + (target - tb.cum_start[j])
    fwd_ok = target <= tb.cum_end[last]
    # backward (dm < 0): the last interval whose cumulative start is at or before it
    k = tb.by_cum_start.rank(np, target) - 1
    back = tb.starts[np.maximum(k, 0)] + (target - tb.cum_start[np.maximum(k, 0)])
    back_ok = k >= 0
    # zero: x when open, else the next opening
    i = tb.by_start.rank(np, x) - 1
    is_open = (i >= 0) & (x < tb.ends[np.maximum(i, 0)])
    nxt = tb.starts[np.minimum(i + 1, last)]
    zero = np.where(is_open, x, nxt)
    zero_ok = is_open | (i + 1 <= last)
    neg = dm < 0
    r = np.where(pos, fwd, np.where(neg, back, zero))
    ok &= np.where(pos, fwd_ok, np.where(neg, back_ok, zero_ok))
    return r, ok & _trusted(cal, r)


def _deadline_kernel(
    np: ModuleType,
    cal: BusinessCalendar,
    tb: Tables,
    x: Any,
    *,
    n: int,
    cutoff: int | None,
    counting: Counting,
) -> tuple[Any, Any]:
    if counting == "calendar_days" and n > 0:
        return _period_kernel(np, cal, tb, x, n=n, cutoff=cutoff, unit="days")
    ok = _safe(cal, tb, x)
    size = tb.days.size
    if size == 0 or counting not in _KERNEL_COUNTINGS:
        # A counting the arrays do not know yet: every row takes the scalar path.
        return np.zeros(x.shape, dtype=np.int64), np.zeros(x.shape, dtype=bool)
    o, tod = _local(np, tb, x)
    jo = _day_rank(np, tb, o)
    joc = np.minimum(jo, size - 1)
    working = (jo < size) & (tb.days[joc] == o)
    today = working & (x < tb.closes[joc])
    if cutoff is not None:
        today &= tod < cutoff
    # Received too late or on a rest day: deemed received on the next working day,
    # whose rank is jo's, plus one when the day itself is a working day.
    deemed = jo + (working & ~today)
    idx = deemed + (n - 1 if counting == "receipt_day_counted" else n)
    return _close_at(np, cal, tb, idx, ok)


def _close_at(
    np: ModuleType, cal: BusinessCalendar, tb: Tables, idx: Any, ok: Any
) -> tuple[Any, Any]:
    """The deadline instants of the working days of rank ``idx`` (rows past them not ok)."""
    size = tb.days.size
    ok = ok & (idx < size)
    close = tb.closes[np.minimum(idx, size - 1)]
    return close, ok & _trusted(cal, close)


def _period_kernel(
    np: ModuleType,
    cal: BusinessCalendar,
    tb: Tables,
    x: Any,
    *,
    n: int,
    cutoff: int | None,
    unit: PeriodUnit,
) -> tuple[Any, Any]:
    """:meth:`BusinessCalendar.period_deadline` on a chunk (Civil Code Art. 201-203)."""
    ok = _safe(cal, tb, x)
    if tb.days.size == 0:
        return np.zeros(x.shape, dtype=np.int64), np.zeros(x.shape, dtype=bool)
    o, tod = _local(np, tb, x)
    if cutoff is not None:
        o = o + (tod >= cutoff)  # received at or after the cut-off: the next day's
    if unit == "days":
        last = o + n
    else:
        # Art. 202: the same-numbered day n months on, or that month's last day.
        day = (o - _ORDINAL_1970).astype("datetime64[D]")
        month = day.astype("datetime64[M]")
        nth = (day - month.astype("datetime64[D]")).astype(np.int64)  # day of month - 1
        to = month + n
        length = ((to + 1).astype("datetime64[D]") - to.astype("datetime64[D]")).astype(np.int64)
        last = (
            to.astype("datetime64[D]").astype(np.int64) + np.minimum(nth, length - 1)
        ) + _ORDINAL_1970
    ok &= last <= tb.last_day
    # Art. 203: a last day that is no working day moves to the next working day.
    return _close_at(np, cal, tb, _day_rank(np, tb, last), ok)


def _days_kernel(
    np: ModuleType, cal: BusinessCalendar, tb: Tables, xa: Any, xb: Any
) -> tuple[Any, Any]:
    ok = _in_span(tb, xa) & _in_span(tb, xb)
    oa, _ = _local(np, tb, xa)
    ob, _ = _local(np, tb, xb)
    b = cal._bounds
    if b.trusted:
        lo, hi = date(b.first, 1, 1).toordinal(), date(b.last, 12, 31).toordinal()
        ok &= (oa >= lo) & (oa <= hi) & (ob >= lo) & (ob <= hi)
    count = _day_rank(np, tb, ob) - _day_rank(np, tb, oa)
    return count, ok


def _quiet_kernel(
    np: ModuleType, cal: BusinessCalendar, tb: Tables, x: Any, floor: Any
) -> tuple[Any, Any]:
    """``BusinessCalendar._quiet_from(x, floor)`` on a chunk: the end of the last interval
    that starts before ``x`` (``x`` itself when that interval is open just before it), no
    earlier than ``floor``; ``floor`` when no interval starts between it and ``x``."""
    lo, hi = tb.timeline.lo, tb.timeline.hi
    y = x - 1
    if tb.starts.size == 0:
        has = np.zeros(x.shape, dtype=bool)
        end = np.zeros(x.shape, dtype=np.int64)
    else:
        i = tb.by_start.rank(np, y) - 1
        has = i >= 0
        end = tb.ends[np.maximum(i, 0)]
    quiet = np.where(has, np.where(end >= x, x, np.maximum(end, floor)), floor)
    ok = (x < hi) & ((has & (y >= lo)) | (~has & (floor >= lo)))
    done = floor >= x  # nothing to look back over
    return np.where(done, x, quiet), ok | done


# --------------------------------------------------------------------------- driver


def _row_error(exc: SvcQualityError, row: int, rows: Any = None) -> SvcQualityError:
    """``exc`` naming the row (``rows`` maps a subset's positions to the table's rows)."""
    return type(exc)(f"row {row if rows is None else int(rows[row])}: {exc}")


def _drive(
    np: ModuleType,
    cal: BusinessCalendar,
    missing: Any,
    columns: tuple[Any, ...],
    *,
    kernel: Kernel,
    scalar: Callable[..., int],
    instants: int = 1,
    rows: Any = None,
) -> Any:
    """Answer every row: the arrays where they can, the scalar method where not.

    ``kernel(np, cal, tables, *column_chunks)`` gives answers and a mask of the rows it
    answered for certain; ``scalar(*row_values)`` is the scalar method on one row.
    Missing rows are left as 0 (the caller marks them). An error names the row,
    through ``rows`` when the columns are a subset of a table's rows.
    """
    size = columns[0].shape[0]
    out = np.zeros(size, dtype=np.int64)
    _precompile(np, cal, columns[:instants], missing)
    flagged: list[Any] = []
    has_missing = bool(missing.any())
    tb = tables(cal, cal._index.timeline)
    for s in range(0, size, CHUNK):
        part = slice(s, min(s + CHUNK, size))
        res, ok = kernel(np, cal, tb, *(c[part] for c in columns))
        if has_missing:
            ok = ok | missing[part]
        out[part] = res
        if not ok.all():
            flagged.append(np.flatnonzero(~ok) + s)
    rest = np.concatenate(flagged) if flagged else np.zeros(0, dtype=np.int64)
    while rest.size:
        pending = rest
        rest = np.zeros(0, dtype=np.int64)
        for k, row in enumerate(pending.tolist()):
            before = cal._index.timeline
            try:
                out[row] = scalar(*(int(c[row]) for c in columns))
            except SvcQualityError as exc:
                raise _row_error(exc, row, rows) from exc
            after = cal._index.timeline
            if after is not before and k + 1 < pending.size:
                # The timeline grew: the arrays answer the rows left again.
                left = pending[k + 1 :]
                tb = tables(cal, after)
                res, ok = kernel(np, cal, tb, *(c[left] for c in columns))
                out[left] = res
                rest = left[~ok]
                break
    return out


def _precompile(np: ModuleType, cal: BusinessCalendar, xs: tuple[Any, ...], missing: Any) -> None:
    """Compile the years the columns' instants fall in (within range and trust) at once."""
    keep = ~missing
    if not keep.any():
        if cal._index.timeline is None:
            cal._index.at(cal._bounds.lo if cal._bounds.trusted else 0)
        return
    floor, ceiling = cal._bounds.lo, cal._bounds.hi
    # Rows outside the range or the trusted years raise on their own (the scalar way);
    # they must not make the timeline compile every year up to them.
    inside = [keep & (x >= floor) & (x <= ceiling) for x in xs]
    if not any(m.any() for m in inside):
        if cal._index.timeline is None:
            cal._index.at(floor)
        return
    lo = min(int(x.min(where=m, initial=ceiling)) for x, m in zip(xs, inside, strict=True))
    hi = max(int(x.max(where=m, initial=floor)) for x, m in zip(xs, inside, strict=True))
    cal._index.cover(cal._year_of(lo), cal._year_of(hi))


# --------------------------------------------------------------------------- entry points


def _one_column(
    cal: BusinessCalendar,
    t: object,
    *,
    name: str,
    where: str,
    kind: str,
    kernel: Kernel,
    scalar: Callable[[int], int],
) -> object:
    """A column form over one column of instants ``t``, named ``where`` in errors."""
    np = numpy_for(name)
    col = to_column(t, where)
    out = _drive(np, cal, col.missing, (col.values,), kernel=kernel, scalar=scalar)
    return give(cal.zone, col, out, col.missing, kind)


def _two_columns(
    cal: BusinessCalendar,
    a: object,
    b: object,
    *,
    name: str,
    kind: str,
    kernel: Kernel,
    scalar: Callable[[int, int], int],
) -> object:
    """A column form over two columns of instants ``a`` and ``b`` of the same length."""
    np = numpy_for(name)
    where = f"{name}(a, b)"
    ca, cb = to_column(a, f"{where}: a"), to_column(b, f"{where}: b")
    same_size(ca, cb, where)
    missing = ca.missing | cb.missing
    out = _drive(np, cal, missing, (ca.values, cb.values), kernel=kernel, scalar=scalar, instants=2)
    return give(cal.zone, ca, out, missing, kind)


def between_many(cal: BusinessCalendar, a: object, b: object) -> object:
    scalar = cal._open_between
    return _two_columns(
        cal, a, b, name="between_many", kind="durations", kernel=_between_kernel, scalar=scalar
    )


def working_days_between_many(cal: BusinessCalendar, a: object, b: object) -> object:
    name, scalar = "working_days_between_many", cal._working_days_between_micros
    return _two_columns(cal, a, b, name=name, kind="counts", kernel=_days_kernel, scalar=scalar)


def add_many(cal: BusinessCalendar, t: object, d: object) -> object:
    np = numpy_for("add_many")
    ct = to_column(t, "add_many(t, d): t")
    dm, dmissing = to_durations(d, ct.values.shape[0], "add_many(t, d): d")
    missing = ct.missing | dmissing
    out = _drive(np, cal, missing, (ct.values, dm), kernel=_add_kernel, scalar=cal._add_micros)
    return give(cal.zone, ct, out, missing, "instants")


def is_open_many(cal: BusinessCalendar, t: object) -> object:
    def scalar(x: int) -> int:
        cal._trusted(x, "t")
        return int(cal._index.at(x).open_at(x))

    name, where = "is_open_many", "is_open_many(t)"
    return _one_column(
        cal, t, name=name, where=where, kind="flags", kernel=_open_kernel, scalar=scalar
    )


def _cutoff_micros(cut: time | None) -> int | None:
    """A cut-off as microseconds after local midnight (None stays None)."""
    if cut is None:
        return None
    return ((cut.hour * 60 + cut.minute) * 60 + cut.second) * 1_000_000 + cut.microsecond


def _deadline_parts(
    cal: BusinessCalendar, n: int, cut: time | None, counting: Counting
) -> tuple[Kernel, Callable[[int], int]]:
    """The kernel and scalar of a working-day deadline (one rule for both entry points)."""
    cutoff = _cutoff_micros(cut)
    kernel = functools.partial(_deadline_kernel, n=n, cutoff=cutoff, counting=counting)
    return kernel, lambda x: cal._deadline(x, n, cut, counting)


def _period_parts(
    cal: BusinessCalendar, n: int, unit: PeriodUnit, cut: time | None
) -> tuple[Kernel, Callable[[int], int]]:
    """The kernel and scalar of a day or month period (one rule for both entry points)."""
    kernel = functools.partial(_period_kernel, n=n, cutoff=_cutoff_micros(cut), unit=unit)
    return kernel, lambda x: cal._period(x, n, unit, cut)


def working_day_deadline_many(
    cal: BusinessCalendar, received: object, n: int, cut: time | None, counting: Counting
) -> object:
    kernel, scalar = _deadline_parts(cal, n, cut, counting)
    return _receipts(cal, received, "working_day_deadline_many", kernel, scalar)


def period_deadline_many(
    cal: BusinessCalendar, received: object, n: int, unit: PeriodUnit, cut: time | None
) -> object:
    kernel, scalar = _period_parts(cal, n, unit, cut)
    return _receipts(cal, received, "period_deadline_many", kernel, scalar)


def _receipts(
    cal: BusinessCalendar, received: object, name: str, kernel: Kernel, scalar: Callable[[int], int]
) -> object:
    """A deadline's column form over a column of receipts: instants in its kind."""
    where = f"{name}(received, n): received"
    return _one_column(
        cal, received, name=name, where=where, kind="instants", kernel=kernel, scalar=scalar
    )


# ------------------------------------------------------------- int64 rows, for the clock
#
# The column clock (svcquality.clock._columns) measures stretches of many rows at
# once: these take int64 µs arrays with no missing rows and give int64 µs. ``rows``
# (the table's row of each entry) makes an error name the table's row.


def _micros(
    cal: BusinessCalendar,
    columns: tuple[Any, ...],
    kernel: Kernel,
    scalar: Callable[..., int],
    *,
    rows: Any,
    instants: int = 1,
) -> Any:
    np = numpy_for("read_clock_many")
    missing = np.zeros(columns[0].shape[0], dtype=bool)
    return _drive(
        np, cal, missing, columns, kernel=kernel, scalar=scalar, instants=instants, rows=rows
    )


def micros_between(cal: BusinessCalendar, a: Any, b: Any, rows: Any = None) -> Any:
    """Open µs in ``[a, b)`` per row (:meth:`BusinessCalendar._open_between`)."""
    return _micros(cal, (a, b), _between_kernel, cal._open_between, rows=rows, instants=2)


def micros_add(cal: BusinessCalendar, x: Any, d: Any, rows: Any = None) -> Any:
    """``x`` plus ``d`` µs of open time per row (:meth:`BusinessCalendar._add_micros`)."""
    return _micros(cal, (x, d), _add_kernel, cal._add_micros, rows=rows)


def micros_quiet(cal: BusinessCalendar, x: Any, floor: Any, rows: Any = None) -> Any:
    """The start of the closed time just before ``x`` per row, looking back no further
    than ``floor`` (the start of the budget: ``_quiet_from``)."""
    return _micros(cal, (x, floor), _quiet_kernel, cal._quiet_from, rows=rows, instants=2)


def micros_deadline(
    cal: BusinessCalendar, x: Any, n: int, *, cut: time | None, counting: Counting, rows: Any
) -> Any:
    """The working-day deadline per row (``_deadline``)."""
    kernel, scalar = _deadline_parts(cal, n, cut, counting)
    return _micros(cal, (x,), kernel, scalar, rows=rows)


def micros_period(
    cal: BusinessCalendar, x: Any, n: int, *, unit: PeriodUnit, cut: time | None, rows: Any
) -> Any:
    """The day or month period's deadline per row (``_period``)."""
    kernel, scalar = _period_parts(cal, n, unit, cut)
    return _micros(cal, (x,), kernel, scalar, rows=rows)
