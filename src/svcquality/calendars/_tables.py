"""The compiled timeline as numpy arrays, and ranks by bucket table instead of bisection.

:func:`tables` turns a calendar's compiled :class:`~svcquality.calendars._index.Timeline`
into int64 arrays once (kept until the timeline grows), with the zone's UTC
offsets over its span so local dates need no per-row zone lookup. A
:class:`Ranker` answers ``searchsorted`` on one sorted array for a whole chunk
of rows by a bucket table and a step or two: the column kernels' bisection.
"""

from __future__ import annotations

from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from svcquality._instants import MICROS_PER_DAY, from_micros, td_micros
from svcquality.calendars._adapters import numpy_for

if TYPE_CHECKING:
    from svcquality.calendars._calendar import BusinessCalendar
    from svcquality.calendars._index import Timeline

__all__ = ["Ranker", "Tables", "tables"]

_HALF_DAY = MICROS_PER_DAY // 2


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
    np = numpy_for("the column forms")
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
