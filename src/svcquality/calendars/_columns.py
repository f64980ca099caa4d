"""Column forms of the calendar's arithmetic, on the compiled timeline, with numpy.

Every column function gives exactly the scalar answer on every row: it reads
the same compiled data as the scalar methods (the timeline's sorted open
intervals, cumulative open time, working days and their closes), turned into
int64 numpy arrays once per compiled timeline, and answers a chunk of rows at a
time with bucket tables (a rank per bucket, then a step or two) in place of
bisection. A row the arrays cannot answer for certain (it
reaches past the compiled years, or touches the trusted years' bounds) goes
through the scalar method itself: that compiles the years it needs, or raises
the scalar's error, which is then re-raised naming the row. The rows left are
answered by the arrays again, so growing the timeline costs a few passes, not
a loop over rows.

numpy is imported here on first use (the optional ``fast`` extra); pandas,
polars and pyarrow are never imported: a column of theirs is recognised by the
module of its type and converted through its own methods.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, time, timedelta, timezone, tzinfo
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from svcquality._instants import MICROS_PER_DAY, from_micros, td_micros
from svcquality._optional import need_numpy
from svcquality._types import Counting, PeriodUnit
from svcquality.errors import NaiveDatetimeError, ParameterError, SvcQualityError

if TYPE_CHECKING:
    from svcquality.calendars._calendar import BusinessCalendar
    from svcquality.calendars._index import Timeline

__all__ = [
    "add_many",
    "between_many",
    "is_open_many",
    "working_day_deadline_many",
    "working_days_between_many",
]

#: Rows answered per numpy pass: big enough to amortise the call overhead, small
#: enough that the temporaries stay in cache and memory per row stays flat.
CHUNK = 1 << 16
#: The integer behind numpy's NaT; an int64 column uses it for a missing instant.
MISSING = -(1 << 63)
_ORDINAL_1970 = date(1970, 1, 1).toordinal()
_HALF_DAY = MICROS_PER_DAY // 2
#: The countings the deadline kernel mirrors (``BusinessCalendar._deadline``).
_KERNEL_COUNTINGS = ("working_days", "receipt_day_counted", "calendar_days")
_FINE_UNITS = {"ns": 1_000, "ps": 1_000_000, "fs": 1_000_000_000, "as": 1_000_000_000_000}


def _numpy(where: str) -> ModuleType:
    return need_numpy(where, "call the scalar method row by row")


# --------------------------------------------------------------------------- tables


@attrs.frozen
class Ranker:
    """``searchsorted`` on one sorted int64 array, by a bucket table instead of bisection.

    Queries are first clipped to ``[values[0] - 1, values[-1] + 1]``, which keeps
    every rank (nothing lies outside). That range is cut into buckets of
    ``2**shift``; each bucket holds the rank of its lower bound, and a query
    steps forward over the few values inside its bucket (at most ``steps``,
    fixed when the table is built). The answer is exactly
    ``searchsorted(values, x, side)`` for every ``x``.

    Attributes:
        padded: the values followed by one int64 maximum (a step never runs off).
        lo, hi: the clip bounds; ``lo`` is the first bucket's lower bound.
        shift: log2 of the bucket width.
        base: the rank of each bucket's lower bound.
        steps: the most values any bucket holds.
        left: ``side == "left"`` (count values ``< x``) rather than ``<= x``.
    """

    padded: Any
    lo: int
    hi: int
    shift: int
    base: Any
    steps: int
    left: bool

    @classmethod
    def build(cls, np: ModuleType, values: Any, side: str) -> Ranker:
        left = side == "left"
        padded = np.append(values, np.iinfo(np.int64).max)
        if values.size == 0:
            return cls(padded, 0, 0, 0, np.zeros(1, dtype=np.int64), 0, left)
        lo, hi = int(values[0]) - 1, int(values[-1]) + 1
        shift = max((hi - lo) // (8 * values.size), 1).bit_length() - 1
        while True:
            count = ((hi - lo) >> shift) + 2
            grid = lo + (np.arange(count, dtype=np.int64) << shift)
            base = np.searchsorted(values, grid, side).astype(np.int64)
            steps = int(np.diff(base).max())
            if steps <= 2 or shift == 0 or count >= 1 << 21:
                return cls(padded, lo, hi, shift, base, steps, left)
            shift = max(shift - 2, 0)

    def rank(self, np: ModuleType, x: Any) -> Any:
        xc = np.clip(x, self.lo, self.hi)
        r = self.base[(xc - self.lo) >> self.shift]
        padded = self.padded
        for _ in range(self.steps):
            r += (padded[r] < xc) if self.left else (padded[r] <= xc)
        return r


@attrs.frozen
class Tables:
    """The compiled timeline as int64 arrays, plus the zone's UTC offsets over its span.

    Attributes:
        timeline: the timeline these arrays were built from.
        starts, ends, cum_start, cum_end: the timeline's open intervals and
            cumulative open time.
        days, closes: working-day ordinals and their deadline instants.
        first_day, last_day: ordinals of the first and last local dates compiled.
        offset_at, offset: the zone's UTC offset (µs) from each ``offset_at`` instant on.
    """

    timeline: Timeline
    starts: Any
    ends: Any
    cum_start: Any
    cum_end: Any
    days: Any
    closes: Any
    first_day: int
    last_day: int
    offset_at: Any
    offset: Any
    by_start: Ranker
    by_cum_end: Ranker
    by_cum_start: Ranker
    by_offset: Ranker
    day_rank: Any
    padded_ends: Any
    padded_offset: Any
    padded_cum_end: Any


def _offsets(cal: BusinessCalendar, lo: int, hi: int) -> tuple[list[int], list[int]]:
    """The zone's UTC offset over ``[lo, hi)``: instants where it changes, and its values.

    Sampled every twelve hours (zones change offset months apart), each change
    pinned to the microsecond with the calendar's own transition search.
    """

    def off(x: int) -> int:
        u = from_micros(x, cal.zone).utcoffset()
        assert u is not None  # a calendar's zone is a real tzinfo
        return td_micros(u)

    at, values = [lo], [off(lo)]
    x = lo
    while x < hi:
        nxt = min(x + _HALF_DAY, hi)
        if off(nxt) != values[-1]:
            t = cal._transition(x, nxt)
            at.append(t)
            values.append(off(t))
        x = nxt
    return at, values


def tables(cal: BusinessCalendar, tl: Timeline | None) -> Tables:
    """The arrays of timeline ``tl``, built once and kept until the timeline grows."""
    assert tl is not None  # the driver compiles the years first
    cached = cal._columns
    if cached and cached[0].timeline is tl:
        return cached[0]
    np = _numpy("the column forms")
    i64 = np.int64
    at, values = _offsets(cal, tl.lo - MICROS_PER_DAY, tl.hi + MICROS_PER_DAY)
    starts = np.asarray(tl.starts, dtype=i64)
    cum_start = np.asarray(tl.cum_start, dtype=i64)
    cum_end = np.asarray(tl.cum_end, dtype=i64)
    days = np.asarray(tl.days, dtype=i64)
    offset_at = np.asarray(at, dtype=i64)
    first_day = date(tl.first, 1, 1).toordinal()
    last_day = date(tl.last, 12, 31).toordinal()
    # day_rank[o - first_day]: how many working days come before the date o.
    day_rank = np.searchsorted(days, np.arange(first_day, last_day + 2, dtype=i64), "left")
    made = Tables(
        timeline=tl,
        starts=starts,
        ends=np.asarray(tl.ends, dtype=i64),
        cum_start=cum_start,
        cum_end=cum_end,
        days=days,
        closes=np.asarray(tl.closes, dtype=i64),
        first_day=first_day,
        last_day=last_day,
        offset_at=offset_at,
        offset=np.asarray(values, dtype=i64),
        by_start=Ranker.build(np, starts, "right"),
        by_cum_end=Ranker.build(np, cum_end, "left"),
        by_cum_start=Ranker.build(np, cum_start, "right"),
        by_offset=Ranker.build(np, offset_at, "right"),
        day_rank=day_rank.astype(i64),
        # cumulative(x) = cum_start[i] - starts[i] + x inside interval i, cum_end[i] past it
        padded_ends=np.concatenate([[np.iinfo(i64).min], tl.ends]).astype(i64),
        padded_offset=np.concatenate([[0], cum_start - starts]).astype(i64),
        padded_cum_end=np.concatenate([[tl.base], cum_end]).astype(i64),
    )
    cached[:] = [made]
    return made


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


def _quiet_kernel(np: ModuleType, tb: Tables, x: Any, floor: Any) -> tuple[Any, Any]:
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
    size: int,
    missing: Any,
    columns: tuple[Any, ...],
    *,
    kernel: Callable[..., tuple[Any, Any]],
    scalar: Callable[..., int],
    instants: int = 1,
    rows: Any = None,
) -> Any:
    """Answer every row: the arrays where they can, the scalar method where not.

    ``kernel(tables, *column_chunks)`` gives answers and a mask of the rows it
    answered for certain; ``scalar(*row_values)`` is the scalar method on one row.
    Missing rows are left as 0 (the caller marks them). An error names the row,
    through ``rows`` when the columns are a subset of a table's rows.
    """
    out = np.zeros(size, dtype=np.int64)
    _precompile(np, cal, columns[:instants], missing)
    flagged: list[Any] = []
    has_missing = bool(missing.any())
    tb = tables(cal, cal._index.timeline)
    for s in range(0, size, CHUNK):
        part = slice(s, min(s + CHUNK, size))
        res, ok = kernel(tb, *(c[part] for c in columns))
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
                res, ok = kernel(tb, *(c[left] for c in columns))
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


# --------------------------------------------------------------------------- adapters


@attrs.frozen
class Column:
    """A column as int64 epoch µs (missing rows set to 0 and marked), and how to give
    results back in the caller's kind.

    Attributes:
        values: int64 µs; 0 on missing rows.
        missing: bool mask of missing rows.
        kind: ``"int64"``, ``"datetime64"``, ``"pandas"``, ``"pandas-index"``,
            ``"polars"``, ``"arrow"`` or ``"arrow-chunked"``.
        zone: the column's zone name, or None for a column without one (UTC).
        like: the object passed in (its index and name are kept).
    """

    values: Any
    missing: Any
    kind: str
    zone: str | None
    like: object


def _module_of(obj: object) -> str:
    return type(obj).__module__.split(".", 1)[0]


def _lib(name: str) -> ModuleType:
    return importlib.import_module(name)


def _from_datetime64(np: ModuleType, arr: Any, where: str) -> tuple[Any, Any]:
    """int64 µs and the missing mask of a datetime64 or timedelta64 array (any unit)."""
    missing = np.isnat(arr)
    unit = np.datetime_data(arr.dtype)[0]
    raw = arr.view(np.int64)
    if unit in _FINE_UNITS:
        factor = _FINE_UNITS[unit]
        rem = raw % factor
        bad = np.flatnonzero((rem != 0) & ~missing)
        if bad.size:
            row = int(bad[0])
            msg = (
                f"{where}: row {row} has a part finer than a microsecond ({arr[row]}); "
                "business time is exact to the microsecond: floor the column to "
                "microseconds first (e.g. series.dt.floor('us'))"
            )
            raise ParameterError(msg)
        values = raw // factor
    elif unit == "us":
        values = raw
    else:
        kind = "datetime64" if arr.dtype.kind == "M" else "timedelta64"
        values = arr.astype(f"{kind}[us]").view(np.int64)
        back = values.view(f"{kind}[us]").astype(arr.dtype)
        bad = np.flatnonzero((back.view(np.int64) != raw) & ~missing)
        if bad.size:
            row = int(bad[0])
            msg = (
                f"{where}: row {row} ({arr[row]}) does not fit in int64 microseconds; "
                "use instants from the years 2 to 9998"
            )
            raise ParameterError(msg)
    if missing.any():
        values = np.where(missing, 0, values)
    return values, missing


def _arrow_to_numpy(np: ModuleType, arr: Any) -> Any:
    if _module_of(arr) == "pyarrow" and hasattr(arr, "combine_chunks"):
        arr = arr.combine_chunks()
    return np.asarray(arr.to_numpy(zero_copy_only=False))


def to_column(value: object, where: str) -> Column:
    """Read a column of instants of any supported kind."""
    np = _numpy(where)
    lib = _module_of(value)
    v: Any = value
    if lib == "pandas":
        dtype = getattr(value, "dtype", None)
        tz = getattr(dtype, "tz", None)
        if getattr(dtype, "kind", None) != "M":
            msg = (
                f"{where} must be a column of instants, got a pandas column of dtype {dtype}; "
                "convert it with pandas.to_datetime(column, utc=True)"
            )
            raise ParameterError(msg)
        if tz is None:
            msg = (
                f"{where} is a pandas column of naive datetimes; svcquality only takes "
                "timezone-aware instants. Fix: column.dt.tz_localize('Asia/Shanghai') (the "
                "zone the wall times were read in), or .dt.tz_localize('UTC')"
            )
            raise NaiveDatetimeError(msg)
        is_index = not hasattr(v, "dt")
        naive = (v.tz_convert(None) if is_index else v.dt.tz_convert(None)).to_numpy()
        values, missing = _from_datetime64(np, np.asarray(naive), where)
        kind = "pandas-index" if is_index else "pandas"
        return Column(values, missing, kind, str(tz), value)
    if lib == "polars":
        dtype = getattr(value, "dtype", None)
        if type(dtype).__name__ != "Datetime":
            msg = (
                f"{where} must be a polars Datetime column, got dtype {dtype}; convert it "
                "with column.str.to_datetime(time_zone='UTC') or column.cast(pl.Datetime('us'))"
            )
            raise ParameterError(msg)
        zone = v.dtype.time_zone
        arr = v.dt.convert_time_zone("UTC").dt.replace_time_zone(None) if zone else v
        values, missing = _from_datetime64(np, np.asarray(arr.to_numpy()), where)
        return Column(values, missing, "polars", zone, value)
    if lib == "pyarrow":
        dtype = getattr(value, "type", None)
        if type(dtype).__name__ != "TimestampType":
            msg = (
                f"{where} must be an Arrow timestamp array, got type {dtype}; cast it with "
                "pyarrow.compute.cast(array, pyarrow.timestamp('us', tz='UTC'))"
            )
            raise ParameterError(msg)
        chunked = hasattr(value, "combine_chunks")
        values, missing = _from_datetime64(np, _arrow_to_numpy(np, value), where)
        kind = "arrow-chunked" if chunked else "arrow"
        return Column(values, missing, kind, v.type.tz, value)
    if isinstance(value, np.ndarray):
        if value.ndim != 1:
            msg = f"{where} must be a one-dimensional column, got shape {value.shape}"
            raise ParameterError(msg)
        if value.dtype.kind == "M":
            values, missing = _from_datetime64(np, value, where)
            return Column(values, missing, "datetime64", None, value)
        if value.dtype.kind in "iu":
            values = np.asarray(value, dtype=np.int64)
            missing = values == MISSING
            if missing.any():
                values = np.where(missing, 0, values)
            return Column(values, missing, "int64", None, value)
    msg = (
        f"{where} must be a column of instants: a numpy array of int64 epoch microseconds "
        "or datetime64, a tz-aware pandas Series or DatetimeIndex, a polars Datetime "
        f"Series or an Arrow timestamp array; got {type(value).__name__}"
    )
    raise ParameterError(msg)


def to_durations(value: object, size: int, where: str) -> tuple[Any, Any]:
    """int64 µs and the missing mask of a duration column (or one duration for all rows)."""
    np = _numpy(where)
    if isinstance(value, timedelta):
        return np.full(size, td_micros(value), dtype=np.int64), np.zeros(size, dtype=bool)
    if isinstance(value, np.timedelta64):
        value = np.asarray([value])
        values, missing = _from_datetime64(np, value, where)
        return np.full(size, values[0]), np.full(size, missing[0])
    lib = _module_of(value)
    v: Any = value
    arr: Any
    if lib in ("pandas", "polars"):
        arr = np.asarray(v.to_numpy())
    elif lib == "pyarrow":
        arr = _arrow_to_numpy(np, value)
    elif isinstance(value, np.ndarray):
        arr = value
    else:
        arr = None
    if arr is not None and arr.ndim == 1 and arr.dtype.kind in "miu":
        if arr.shape[0] != size:
            msg = f"{where} has {arr.shape[0]} rows, the instants {size}; give one per row"
            raise ParameterError(msg)
        if arr.dtype.kind == "m":
            return _from_datetime64(np, arr, where)
        values = np.asarray(arr, dtype=np.int64)
        missing = values == MISSING
        return (np.where(missing, 0, values) if missing.any() else values), missing
    msg = (
        f"{where} must be a column of durations (int64 microseconds or timedelta64) or one "
        f"timedelta for every row, got {type(value).__name__}"
    )
    raise ParameterError(msg)


def _zone_name(zone: tzinfo, col: Column) -> str | None:
    if col.zone is None:
        return None
    key = getattr(zone, "key", None)
    if isinstance(key, str):
        return key
    if zone is timezone.utc:
        return "UTC"
    return col.zone


def give(
    zone: tzinfo,
    col: Column,
    values: Any,
    missing: Any,
    what: str,
    *,
    name: str | None = None,
    labels: tuple[str, ...] = (),
) -> object:
    """Results in the kind of ``col``, instants shown in ``zone``.

    ``what`` is ``"instants"``, ``"durations"``, ``"counts"``, ``"flags"`` or
    ``"labels"`` (``values`` are then codes into ``labels``). A pandas or polars
    result takes ``name``, or the name of ``col``.
    """
    np = _numpy("the column forms")
    any_missing = bool(missing.any())
    like: Any = col.like
    label = getattr(like, "name", None) if name is None else name
    if what == "labels":
        return _give_labels(np, col, values, missing, label=label, labels=labels)
    if what in ("instants", "durations"):
        unit = "datetime64[us]" if what == "instants" else "timedelta64[us]"
        if any_missing:
            values[missing] = MISSING  # the driver's own output array
        if col.kind == "int64":
            return values
        stamped = values.view(unit)
        if col.kind == "datetime64":
            return stamped
        zone_name = _zone_name(zone, col)
        if col.kind in ("pandas", "pandas-index"):
            pd = _lib("pandas")
            if what == "instants":
                idx = pd.DatetimeIndex(stamped).tz_localize("UTC").tz_convert(zone)
                if col.kind == "pandas-index":
                    return idx.rename(label)
                return pd.Series(idx, index=like.index, name=label)
            if col.kind == "pandas-index":
                return pd.TimedeltaIndex(stamped, name=label)
            return pd.Series(stamped, index=like.index, name=label)
        if col.kind == "polars":
            pl = _lib("polars")
            s = pl.Series(label, stamped)
            if what == "instants" and zone_name is not None:
                s = s.dt.replace_time_zone("UTC").dt.convert_time_zone(zone_name)
            return s
        pa = _lib("pyarrow")
        kind = pa.timestamp("us", tz=zone_name) if what == "instants" else pa.duration("us")
        out = pa.array(values, type=pa.int64(), mask=missing if any_missing else None).cast(kind)
        return pa.chunked_array([out]) if col.kind == "arrow-chunked" else out
    # counts or flags
    plain = values.astype(bool) if what == "flags" else values
    if col.kind in ("int64", "datetime64"):
        return np.ma.MaskedArray(plain, mask=missing) if any_missing else plain
    if col.kind in ("pandas", "pandas-index"):
        pd = _lib("pandas")
        dtype = ("boolean" if what == "flags" else "Int64") if any_missing else None
        data = pd.array(plain, dtype=dtype) if dtype else plain
        if dtype:
            data[missing] = pd.NA
        if col.kind == "pandas-index":
            return pd.Index(data, name=label)
        return pd.Series(data, index=like.index, name=label)
    if col.kind == "polars":
        pl = _lib("polars")
        s = pl.Series(label, plain)
        if any_missing:
            s = s.scatter(np.flatnonzero(missing), None)
        return s
    pa = _lib("pyarrow")
    out = pa.array(plain, mask=missing if any_missing else None)
    return pa.chunked_array([out]) if col.kind == "arrow-chunked" else out


def _give_labels(
    np: ModuleType, col: Column, codes: Any, missing: Any, *, label: Any, labels: tuple[str, ...]
) -> object:
    """Codes into ``labels`` as a text column of the kind of ``col`` (missing rows missing)."""
    any_missing = bool(missing.any())
    like: Any = col.like
    if col.kind in ("pandas", "pandas-index"):
        pd = _lib("pandas")
        cat = pd.Categorical.from_codes(np.where(missing, -1, codes), categories=list(labels))
        if col.kind == "pandas-index":
            return pd.CategoricalIndex(cat, name=label)
        return pd.Series(cat, index=like.index, name=label)
    text = np.asarray(labels)[codes]
    if col.kind in ("int64", "datetime64"):
        return np.ma.MaskedArray(text, mask=missing) if any_missing else text
    if col.kind == "polars":
        pl = _lib("polars")
        s = pl.Series(label, text, dtype=pl.String)
        if any_missing:
            s = s.scatter(np.flatnonzero(missing), None)
        return s
    pa = _lib("pyarrow")
    out = pa.array(text, type=pa.string(), mask=missing if any_missing else None)
    return pa.chunked_array([out]) if col.kind == "arrow-chunked" else out


def _same_size(a: Column, b: Column, where: str) -> None:
    if a.values.shape[0] != b.values.shape[0]:
        msg = (
            f"{where}: a has {a.values.shape[0]} rows and b {b.values.shape[0]}; "
            "give two columns of the same length"
        )
        raise ParameterError(msg)


# --------------------------------------------------------------------------- entry points


def _one_column(
    cal: BusinessCalendar,
    t: object,
    *,
    name: str,
    where: str,
    kind: str,
    kernel: Callable[[ModuleType, Tables, Any], tuple[Any, Any]],
    scalar: Callable[[int], int],
) -> object:
    """A column form over one column of instants ``t``, named ``where`` in errors."""
    np = _numpy(name)
    col = to_column(t, where)
    out = _drive(
        np,
        cal,
        col.values.shape[0],
        col.missing,
        (col.values,),
        kernel=lambda tb, x: kernel(np, tb, x),
        scalar=scalar,
    )
    return give(cal.zone, col, out, col.missing, kind)


def _two_columns(
    cal: BusinessCalendar,
    a: object,
    b: object,
    *,
    name: str,
    kind: str,
    kernel: Callable[[ModuleType, Tables, Any, Any], tuple[Any, Any]],
    scalar: Callable[[int, int], int],
) -> object:
    """A column form over two columns of instants ``a`` and ``b`` of the same length."""
    np = _numpy(name)
    where = f"{name}(a, b)"
    ca, cb = to_column(a, f"{where}: a"), to_column(b, f"{where}: b")
    _same_size(ca, cb, where)
    missing = ca.missing | cb.missing
    out = _drive(
        np,
        cal,
        ca.values.shape[0],
        missing,
        (ca.values, cb.values),
        kernel=lambda tb, xa, xb: kernel(np, tb, xa, xb),
        scalar=scalar,
        instants=2,
    )
    return give(cal.zone, ca, out, missing, kind)


def between_many(cal: BusinessCalendar, a: object, b: object) -> object:
    return _two_columns(
        cal,
        a,
        b,
        name="between_many",
        kind="durations",
        kernel=lambda np, tb, xa, xb: _between_kernel(np, cal, tb, xa, xb),
        scalar=cal._open_between,
    )


def working_days_between_many(cal: BusinessCalendar, a: object, b: object) -> object:
    return _two_columns(
        cal,
        a,
        b,
        name="working_days_between_many",
        kind="counts",
        kernel=lambda np, tb, xa, xb: _days_kernel(np, cal, tb, xa, xb),
        scalar=cal._working_days_between_micros,
    )


def add_many(cal: BusinessCalendar, t: object, d: object) -> object:
    np = _numpy("add_many")
    ct = to_column(t, "add_many(t, d): t")
    dm, dmissing = to_durations(d, ct.values.shape[0], "add_many(t, d): d")
    missing = ct.missing | dmissing
    out = _drive(
        np,
        cal,
        ct.values.shape[0],
        missing,
        (ct.values, dm),
        kernel=lambda tb, x, dd: _add_kernel(np, cal, tb, x, dd),
        scalar=cal._add_micros,
    )
    return give(cal.zone, ct, out, missing, "instants")


def is_open_many(cal: BusinessCalendar, t: object) -> object:
    def scalar(x: int) -> int:
        cal._trusted(x, "t")
        return int(cal._index.at(x).open_at(x))

    return _one_column(
        cal,
        t,
        name="is_open_many",
        where="is_open_many(t)",
        kind="flags",
        kernel=lambda np, tb, x: _open_kernel(np, cal, tb, x),
        scalar=scalar,
    )


def _cutoff_micros(cut: time | None) -> int | None:
    """A cut-off as microseconds after local midnight (None stays None)."""
    if cut is None:
        return None
    return ((cut.hour * 60 + cut.minute) * 60 + cut.second) * 1_000_000 + cut.microsecond


def _deadline_parts(
    cal: BusinessCalendar, n: int, cut: time | None, counting: Counting
) -> tuple[Callable[[ModuleType, Tables, Any], tuple[Any, Any]], Callable[[int], int]]:
    """The kernel and scalar of a working-day deadline (one rule for both entry points)."""
    cutoff = _cutoff_micros(cut)
    return (
        lambda np, tb, x: _deadline_kernel(np, cal, tb, x, n=n, cutoff=cutoff, counting=counting),
        lambda x: cal._deadline(x, n, cut, counting),
    )


def _period_parts(
    cal: BusinessCalendar, n: int, unit: PeriodUnit, cut: time | None
) -> tuple[Callable[[ModuleType, Tables, Any], tuple[Any, Any]], Callable[[int], int]]:
    """The kernel and scalar of a day or month period (one rule for both entry points)."""
    cutoff = _cutoff_micros(cut)
    return (
        lambda np, tb, x: _period_kernel(np, cal, tb, x, n=n, cutoff=cutoff, unit=unit),
        lambda x: cal._period(x, n, unit, cut),
    )


def working_day_deadline_many(
    cal: BusinessCalendar, received: object, n: int, cut: time | None, counting: Counting
) -> object:
    kernel, scalar = _deadline_parts(cal, n, cut, counting)
    return _one_column(
        cal,
        received,
        name="working_day_deadline_many",
        where="working_day_deadline_many(received, n): received",
        kind="instants",
        kernel=kernel,
        scalar=scalar,
    )


def period_deadline_many(
    cal: BusinessCalendar, received: object, n: int, unit: PeriodUnit, cut: time | None
) -> object:
    kernel, scalar = _period_parts(cal, n, unit, cut)
    return _one_column(
        cal,
        received,
        name="period_deadline_many",
        where="period_deadline_many(received, n): received",
        kind="instants",
        kernel=kernel,
        scalar=scalar,
    )


# ------------------------------------------------------------- int64 rows, for the clock
#
# The column clock (svcquality.clock._columns) measures stretches of many rows at
# once: these take int64 µs arrays with no missing rows and give int64 µs. ``rows``
# (the table's row of each entry) makes an error name the table's row.


def _micros(
    cal: BusinessCalendar,
    columns: tuple[Any, ...],
    kernel: Callable[..., tuple[Any, Any]],
    scalar: Callable[..., int],
    *,
    rows: Any,
    instants: int = 1,
) -> Any:
    np = _numpy("read_clock_many")
    size = columns[0].shape[0]
    return _drive(
        np,
        cal,
        size,
        np.zeros(size, dtype=bool),
        columns,
        kernel=lambda tb, *cs: kernel(np, tb, *cs),
        scalar=scalar,
        instants=instants,
        rows=rows,
    )


def micros_between(cal: BusinessCalendar, a: Any, b: Any, rows: Any = None) -> Any:
    """Open µs in ``[a, b)`` per row (:meth:`BusinessCalendar._open_between`)."""
    return _micros(
        cal,
        (a, b),
        lambda np, tb, xa, xb: _between_kernel(np, cal, tb, xa, xb),
        cal._open_between,
        rows=rows,
        instants=2,
    )


def micros_add(cal: BusinessCalendar, x: Any, d: Any, rows: Any = None) -> Any:
    """``x`` plus ``d`` µs of open time per row (:meth:`BusinessCalendar._add_micros`)."""
    return _micros(
        cal,
        (x, d),
        lambda np, tb, xx, dd: _add_kernel(np, cal, tb, xx, dd),
        cal._add_micros,
        rows=rows,
    )


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
