"""Compiling a calendar: its rules and zone into one year of open intervals at a time.

A year's :class:`~svcquality.calendars._index.Block` holds the open intervals
of its local dates in epoch microseconds (each wall-clock window turned into
real instants, so a spring-forward gap cuts a window and a fall-back stretches
it), its working days and when each ends (民法典 Art. 203: close of business,
else 24:00). A combined calendar compiles from its parts' intervals. The
:class:`~svcquality.calendars._index.Index` calls :meth:`Compiler._compile_year`
when a computation first reaches a year; nothing here checks trust or reach
(``_reach``) or answers a query (``_arithmetic``, ``_periods``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from svcquality._instants import MICROS_PER_DAY, from_micros, to_micros
from svcquality.calendars._index import Block, Index, Piece, Timeline
from svcquality.calendars._rules import Composite, WeeklyRules

if TYPE_CHECKING:
    from svcquality.calendars._hours import Window

__all__ = ["BREAK_REACH", "Compiler", "break_days"]

_ONE_MICRO = timedelta(microseconds=1)


def intersect_pieces(a: list[Piece], b: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    i = j = 0
    while i < len(a) and j < len(b):
        s = max(a[i][0], b[j][0])
        e = min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e, a[i][2]))
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return out


def union_pieces(a: list[Piece], b: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for s, e, d in sorted(a + b):
        if out and s < out[-1][1]:
            ps, pe, pd = out[-1]
            out[-1] = (ps, max(pe, e), pd)
        else:
            out.append((s, e, d))
    return out


def year_block(
    lo: int,
    hi: int,
    raw: list[Piece],
    year: int,
    *,
    working: Callable[[int], bool] | None,
    midnight: Callable[[int], int],
) -> Block:
    """A year's block from its raw pieces (sorted, possibly reaching past the year).

    Open days and their close of business come from the raw pieces, each
    labelled with its own date: merging first would fold a date whose window
    overlaps the previous night's overnight window into that night's date.
    ``working`` tells the year's working days (None: its open days); a working
    day without hours ends at 24:00 local, ``midnight`` of the next date
    (民法典 Art. 203: 截止时间为二十四时).
    """
    merged = union_pieces(raw, [])
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    close: dict[int, int] = {}
    for _s, e, d in raw:
        if first <= d <= last and e > close.get(d, e - 1):
            close[d] = e
    pieces = tuple((max(s, lo), min(e, hi), d) for s, e, d in merged if s < hi and e > lo)
    open_days = tuple(sorted(close))
    open_closes = tuple(close[d] for d in open_days)
    if working is None:
        days, closes = open_days, open_closes
    else:
        days = tuple(o for o in range(first, last + 1) if working(o))
        closes = tuple(close[o] if o in close else midnight(o + 1) for o in days)
    return Block(lo, hi, pieces, days, closes, open_days, open_closes)


#: How far a holiday break is followed each way from the dates asked about.
BREAK_REACH = 62


def break_days(
    is_working: Callable[[date], bool],
    is_holiday: Callable[[date], bool],
    first: int,
    last: int,
) -> set[int]:
    """Ordinals in ``[first, last]`` inside a holiday break.

    A break is a maximal run of consecutive non-working days holding at least
    one holiday; runs are followed up to ``BREAK_REACH`` days past the range.
    """
    lo = max(first - BREAK_REACH, 1)
    hi = min(last + BREAK_REACH, date.max.toordinal())
    out: set[int] = set()
    run: int | None = None
    holiday = False
    for o in range(lo, hi + 2):
        d = date.fromordinal(o) if o <= hi else None
        if d is not None and not is_working(d):
            if run is None:
                run, holiday = o, False
            holiday = holiday or is_holiday(d)
            continue
        if run is not None and holiday:
            out.update(range(max(run, first), min(o - 1, last) + 1))
        run = None
    return out


class Compiler:
    """The compiling part of :class:`~svcquality.BusinessCalendar` (its base class).

    It reads the calendar's own fields (declared here for the type checker; the
    calendar's attrs fields hold them) and holds no state of its own.
    """

    __slots__ = ()
    rules: WeeklyRules | Composite
    zone: tzinfo
    _index: Index
    _special: dict[date, tuple[Window, ...]]

    def _wall(self, d: date, offset: timedelta, *, last: bool) -> int:
        """Epoch µs of the wall time ``offset`` after the midnight of ``d``.

        In a fall-back overlap the first occurrence is taken for a start and the
        last for an end (the window is stretched). An end exactly at the wall time
        the clock is set back to is the exception: no wall time before it repeats,
        so the window closes the first time the clock shows it. A wall time inside
        a spring-forward gap maps to the transition instant (the window is cut).
        """
        naive = datetime(d.year, d.month, d.day) + offset  # noqa: DTZ001 (a wall time)
        a = naive.replace(tzinfo=self.zone)
        b = naive.replace(tzinfo=self.zone, fold=1)
        ua = to_micros(a)
        ub = to_micros(b)
        if ua == ub:
            return ua
        if ua < ub:  # ambiguous (fall back): two instants read this wall time
            if not last:
                return ua
            before = naive - _ONE_MICRO  # does the wall time just before the end repeat?
            repeats = to_micros(before.replace(tzinfo=self.zone)) != to_micros(
                before.replace(tzinfo=self.zone, fold=1)
            )
            return ub if repeats else ua
        return self._transition(ub, ua)  # gap (spring forward)

    def _transition(self, lo: int, hi: int) -> int:
        """The instant in ``(lo, hi]`` where the zone's offset changes (whole seconds)."""
        off = from_micros(lo, self.zone).utcoffset()
        a, b = lo // 1_000_000, -(-hi // 1_000_000)
        while b - a > 1:
            mid = (a + b) // 2
            if from_micros(mid * 1_000_000, self.zone).utcoffset() == off:
                a = mid
            else:
                b = mid
        return b * 1_000_000

    def _local_midnight(self, d: date) -> int:
        return self._wall(d, timedelta(0), last=False)

    def _midnight_of(self, o: int) -> int:
        """Epoch µs of the local midnight that starts the date with ordinal ``o``."""
        return self._local_midnight(date.fromordinal(o))

    def _compile_year(self, year: int) -> Block:
        lo = self._local_midnight(date(year, 1, 1))
        hi = self._local_midnight(date(year + 1, 1, 1))
        rules = self.rules
        raw: list[Piece] = []
        midnight = self._midnight_of
        if isinstance(rules, Composite):
            margin = 2 * MICROS_PER_DAY
            left, right = rules.left, rules.right
            a = left._pieces(lo - margin, hi + margin)
            b = right._pieces(lo - margin, hi + margin)
            raw = intersect_pieces(a, b) if rules.op == "intersection" else union_pieces(a, b)
            if left.zone != self.zone or right.zone != self.zone:
                raw = [(s, e, from_micros(s, self.zone).toordinal()) for s, e, _ in raw]
            both = rules.op == "intersection"
            # A part without holidays only assumes Monday to Friday: the working days
            # of a part that names its country decide (a department inside a branch).
            lh, rh = bool(left.holiday_sources), bool(right.holiday_sources)
            if lh != rh:
                decides = left if lh else right

                def working(o: int) -> bool:
                    return decides._is_working(o)

            else:

                def working(o: int) -> bool:
                    x, y = left._is_working(o), right._is_working(o)
                    return (x and y) if both else (x or y)

            return year_block(lo, hi, raw, year, working=working, midnight=midnight)
        special = self._special
        first = date(year - 1, 12, 31).toordinal()
        last = date(year, 12, 31).toordinal()
        breaks = break_days(rules.is_statutory, rules.is_holiday, first, last)
        only = rules.working_hours_only
        working_day = rules.is_statutory if rules.working_days == "statutory" else None
        for o in range(first, last + 1):
            d = date.fromordinal(o)
            windows = rules.windows_for(d, special, o in breaks)
            if only and working_day is not None and not working_day(d):
                continue
            for w in windows:
                s = self._wall(d, w.start, last=False)
                e = self._wall(d, w.end, last=True)
                if e > s:
                    raw.append((s, e, o))
        raw.sort()
        statutory = rules.is_statutory
        return year_block(
            lo,
            hi,
            raw,
            year,
            working=None
            if rules.working_days == "open"
            else lambda o: statutory(date.fromordinal(o)),
            midnight=midnight,
        )

    def _days(self, year: int) -> Timeline:
        return self._index.cover(year, year)

    def _is_working(self, o: int) -> bool:
        """Whether the date with ordinal ``o`` is a working day (no trust check)."""
        tl = self._days(date.fromordinal(o).year)
        i = bisect_left(tl.days, o)
        return i < len(tl.days) and tl.days[i] == o

    def _statutory(self, d: date) -> bool:
        rules = self.rules
        if isinstance(rules, Composite):
            left, right = rules.left, rules.right
            lh, rh = bool(left.holiday_sources), bool(right.holiday_sources)
            if lh != rh:
                return (left if lh else right)._statutory(d)
            a, b = left._statutory(d), right._statutory(d)
            return (a and b) if rules.op == "intersection" else (a or b)
        return rules.is_statutory(d)

    def _holiday(self, d: date) -> bool:
        rules = self.rules
        if isinstance(rules, Composite):
            return rules.left._holiday(d) or rules.right._holiday(d)
        return rules.is_holiday(d)
