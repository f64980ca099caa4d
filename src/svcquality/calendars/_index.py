"""The compiled timeline of a calendar: open intervals and cumulative open time.

A calendar's open time is compiled, one local year at a time and only when a
computation reaches that year, into sorted, disjoint intervals of integer
microseconds since the Unix epoch, with the open time accumulated before and
through each interval. Every query is then a bisection: O(log n), never a walk
over days or hours.

The cumulative counter has a fixed origin, so compiling more years (forward or
backward) never changes the values a timeline has handed out; each compile
builds a new immutable :class:`Timeline` and swaps it in, so readers need no
lock. A computation far from the compiled years (1500 after 2025) gets a
timeline of its own years only, with its own origin: the cost follows the
work, not the gap. Values of one timeline are only ever compared with values
of the same timeline (a computation that grows one passes it back as
``around``), and every compiled year stays cached.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable

import attrs

__all__ = ["Block", "Index", "Timeline"]

#: ``(start, end, day)``: an open interval in epoch microseconds and the ordinal
#: of the local date whose hours it belongs to.
Piece = tuple[int, int, int]


@attrs.frozen
class Block:
    """One compiled local year.

    Attributes:
        lo, hi: the year's bounds in epoch microseconds (local midnights).
        pieces: open intervals clipped to ``[lo, hi)``, sorted and disjoint.
        days: ordinals of the year's working days, ascending.
        closes: the end of each working day in ``days`` (epoch µs): its close of
            business, or 24:00 local when the unit has no hours that day.
        open_days: ordinals of the year's dates with at least one window, ascending.
        open_closes: the close of business (epoch µs) of each date in ``open_days``.
    """

    lo: int
    hi: int
    pieces: tuple[Piece, ...]
    days: tuple[int, ...]
    closes: tuple[int, ...]
    open_days: tuple[int, ...] = ()
    open_closes: tuple[int, ...] = ()


@attrs.frozen
class Timeline:
    """An immutable view over the contiguous years ``first..last`` compiled so far."""

    first: int
    last: int
    lo: int
    hi: int
    starts: list[int]
    ends: list[int]
    day_of: list[int]
    cum_start: list[int]  # open time before interval i, from the fixed origin
    cum_end: list[int]  # open time through interval i
    base: int  # the counter's value at ``lo``
    days: list[int]
    closes: list[int]
    open_days: list[int] = attrs.field(factory=list)
    open_closes: list[int] = attrs.field(factory=list)

    def cumulative(self, x: int) -> int:
        """Open time from the origin up to instant ``x`` (``lo <= x <= hi``)."""
        i = bisect_right(self.starts, x) - 1
        if i < 0:
            return self.base
        end = self.ends[i]
        if x < end:
            return self.cum_start[i] + x - self.starts[i]
        return self.cum_end[i]

    def open_at(self, x: int) -> bool:
        i = bisect_right(self.starts, x) - 1
        return i >= 0 and x < self.ends[i]

    @property
    def total_end(self) -> int:
        return self.cum_end[-1] if self.cum_end else self.base

    def forward(self, target: int) -> int | None:
        """The earliest instant whose cumulative open time is ``target`` (past an open
        stretch, the end of that stretch), or None when beyond the compiled years."""
        if not self.cum_end or target > self.cum_end[-1] or target < self.base:
            return None
        i = bisect_left(self.cum_end, target)
        return self.starts[i] + (target - self.cum_start[i])

    def backward(self, target: int) -> int | None:
        """The latest instant whose cumulative open time is ``target`` (at the start of
        an open stretch, that start), or None when before the compiled years."""
        if not self.cum_start or target < self.cum_start[0] or target > self.total_end:
            return None
        i = bisect_right(self.cum_start, target) - 1
        return self.starts[i] + (target - self.cum_start[i])


def _build(blocks: list[Block], base: int) -> Timeline:
    starts: list[int] = []
    ends: list[int] = []
    day_of: list[int] = []
    cum_start: list[int] = []
    cum_end: list[int] = []
    days: list[int] = []
    closes: list[int] = []
    open_days: list[int] = []
    open_closes: list[int] = []
    acc = base
    for block in blocks:
        for s, e, d in block.pieces:
            starts.append(s)
            ends.append(e)
            day_of.append(d)
            cum_start.append(acc)
            acc += e - s
            cum_end.append(acc)
        days.extend(block.days)
        closes.extend(block.closes)
        open_days.extend(block.open_days)
        open_closes.extend(block.open_closes)
    return Timeline(
        first=0,
        last=0,
        lo=blocks[0].lo,
        hi=blocks[-1].hi,
        starts=starts,
        ends=ends,
        day_of=day_of,
        cum_start=cum_start,
        cum_end=cum_end,
        base=base,
        days=days,
        closes=closes,
        open_days=open_days,
        open_closes=open_closes,
    )


def _open_time(block: Block) -> int:
    return sum(e - s for s, e, _ in block.pieces)


#: Years of gap up to which a timeline is extended rather than started afresh.
_NEAR = 2


class Index:
    """The lazily compiled, cached timeline of one calendar.

    ``compile_year(year)`` returns a :class:`Block`; ``year_of(x)`` maps an
    instant to the local year it falls in. Years are compiled once.
    """

    __slots__ = ("_blocks", "_compile_year", "_lock", "_year_of", "timeline")

    def __init__(self, compile_year: Callable[[int], Block], year_of: Callable[[int], int]) -> None:
        self._compile_year = compile_year
        self._year_of = year_of
        self._blocks: dict[int, Block] = {}
        self._lock = threading.Lock()
        self.timeline: Timeline | None = None

    def cover(self, first: int, last: int, around: Timeline | None = None) -> Timeline:
        """A timeline covering at least the local years ``first..last``.

        It extends ``around`` (keeping its origin) when given, else the current
        timeline when that is within :data:`_NEAR` years; otherwise it holds just
        the years asked for.
        """
        tl = around if around is not None else self.timeline
        if tl is not None and tl.first <= first and last <= tl.last:
            return tl
        with self._lock:
            if around is None:
                tl = self.timeline
                if tl is not None and (first > tl.last + _NEAR or last < tl.first - _NEAR):
                    tl = None  # far away: compile only what this computation needs
            if tl is not None:
                first, last = min(first, tl.first), max(last, tl.last)
            for y in range(first, last + 1):
                if y not in self._blocks:
                    self._blocks[y] = self._compile_year(y)
            blocks = [self._blocks[y] for y in range(first, last + 1)]
            if tl is None:
                base = 0
            else:
                # Keep the origin fixed: years prepended before tl.first count backwards.
                base = tl.base - sum(_open_time(self._blocks[y]) for y in range(first, tl.first))
            new = attrs.evolve(_build(blocks, base), first=first, last=last)
            self.timeline = new
            return new

    def at(self, x: int) -> Timeline:
        """A timeline whose compiled span contains instant ``x``."""
        tl = self.timeline
        if tl is not None and tl.lo <= x < tl.hi:
            return tl
        y = self._year_of(x)
        return self.cover(y, y)

    def spanning(self, a: int, b: int) -> Timeline:
        """A timeline whose span contains both instants."""
        tl = self.timeline
        if tl is not None and tl.lo <= a < tl.hi and tl.lo <= b < tl.hi:
            return tl
        ya, yb = self._year_of(a), self._year_of(b)
        return self.cover(min(ya, yb), max(ya, yb))
