"""Business-time arithmetic on instants: ``add``, ``between``, the next opening, on integers.

Every operation here takes and gives integer epoch microseconds and is a
bisection or two on the compiled timeline (O(log n)); it compiles more years
only when an answer lies past the ones compiled (``Reach._grow``). These are
the hot paths of every clock reading, so each public method of
:class:`~svcquality.BusinessCalendar` calls one of them directly, and
:class:`Micros` hands the same bound methods to the clock: no extra call frame
between a caller and the bisection.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import time, timedelta

import attrs

from svcquality._fields import shown
from svcquality._instants import td_micros
from svcquality._types import Counting, PeriodUnit
from svcquality.calendars._index import Piece
from svcquality.calendars._reach import MAX_SHOWN_DELTA, MAX_YEAR, MIN_YEAR, REACH, Reach, too_far
from svcquality.errors import CalendarError, ParameterError

__all__ = ["Arithmetic", "Micros", "check_delta"]

#: More open time than this lies past REACH years from its start (open time never
#: runs faster than the clock, and REACH + 1 years hold at most this much).
_REACH_MICROS = (REACH + 1) * 366 * 86_400_000_000
_ONE_MICRO = timedelta(microseconds=1)


def check_delta(d: object, where: str) -> int:
    """A duration as whole microseconds, or ParameterError naming ``where``."""
    if not isinstance(d, timedelta):
        msg = (
            f"{where} must be a timedelta such as "
            f"timedelta(hours=4), got {type(d).__name__} {shown(d)}"
        )
        raise ParameterError(msg)
    return td_micros(d)


@attrs.frozen
class Micros:
    """A calendar's arithmetic on integer epoch microseconds (internal interface).

    The clock, escalation and the column forms compute on integers, with no
    datetime round trips; this facet is the one way they reach into a calendar.
    Each field is the calendar's own bound method, so a call costs what the
    method costs. Every instant is microseconds since the Unix epoch, every
    duration whole microseconds; the checks (trusted years, covered years) are
    the public methods' own.

    Attributes:
        open_between: ``(xa, xb)``: open time in ``[xa, xb)``, as
            :meth:`BusinessCalendar.between`.
        add: ``(x, dm)``: the instant ``dm`` of open time after ``x``, as
            :meth:`BusinessCalendar.add`.
        quiet_from: ``(x, floor)``: the earliest ``y <= x`` with no open time in
            ``[y, x)`` (where a breach's lateness starts to count), no earlier than
            ``floor`` unless it is None.
        deadline: ``(x, n, cutoff, counting)``: as
            :meth:`BusinessCalendar.working_day_deadline`.
        period: ``(x, n, unit, cutoff)``: as :meth:`BusinessCalendar.period_deadline`.
    """

    open_between: Callable[[int, int], int]
    add: Callable[[int, int], int]
    quiet_from: Callable[[int, int | None], int]
    deadline: Callable[[int, int, time | None, Counting], int]
    period: Callable[[int, int, PeriodUnit, time | None], int]


class Arithmetic(Reach):
    """The business-time part of :class:`~svcquality.BusinessCalendar` (a base class)."""

    __slots__ = ()

    def _next_open(self, x: int, what: str) -> int:
        tl = self._index.at(x)
        while True:
            i = bisect_right(tl.starts, x) - 1
            if i >= 0 and x < tl.ends[i]:
                return x
            if i + 1 < len(tl.starts):
                r = tl.starts[i + 1]
                self._trusted(r, "the next opening")
                return r
            tl = self._grow(tl, forward=True, what=what, origin=self._year_of(x))

    def _quiet_from(self, x: int, floor: int | None = None) -> int:
        """The earliest instant ``y <= x`` with no open time in ``[y, x)`` (internal),
        no earlier than ``floor`` when given: a clock asks only back to the start of
        its budget, so a calendar with no open time before ``x`` answers ``floor``."""
        if floor is not None and floor >= x:
            return x
        y = self._previous_close(x - 1, floor)
        return x if y == x - 1 and self._index.at(y).open_at(y) else y

    def _previous_close(self, x: int, floor: int | None = None) -> int:
        """:meth:`BusinessCalendar.previous_close` on integer microseconds; ``floor``
        when no window ends between ``floor`` and ``x``."""
        tl = self._index.at(x)
        while True:
            i = bisect_right(tl.starts, x) - 1
            if i >= 0:
                end = min(x, tl.ends[i])
                return end if floor is None else max(end, floor)
            if floor is not None and tl.lo <= floor:
                return floor
            tl = self._grow(tl, forward=False, what="previous_close", origin=self._year_of(x))

    def _add_micros(self, x: int, dm: int) -> int:
        """:meth:`BusinessCalendar.add` on an instant and a duration as integer microseconds: one
        bisection pair on the compiled years (the hot path of every clock reading),
        else compile more."""
        b = self._bounds  # (an instant past the cover is refused by the index)
        if b.trusted and not b.lo <= x <= b.hi:
            self._trusted(x, "t")
        if dm == 0:
            return self._next_open(x, "add")
        tl = self._index.at(x)
        target = tl.cumulative(x) + dm
        r = tl.forward(target) if dm > 0 else tl.backward(target)
        if r is None:
            self._reachable(x, dm)
            origin = self._year_of(x)
            if abs(dm) > _REACH_MICROS:  # ends past REACH years: say so before compiling
                too_far("add", origin, origin + (REACH if dm > 0 else -REACH), walking=True)
            while r is None:
                tl = self._grow(tl, forward=dm > 0, what="add", origin=origin)
                r = tl.forward(target) if dm > 0 else tl.backward(target)
        if not b.lo <= r <= b.hi:
            self._trusted(r, "the result")
        return r

    def _reachable(self, x: int, dm: int) -> None:
        """Refuse at once a duration that cannot end within the years a calendar covers.

        Open time never runs faster than the clock, so ``add(t, d)`` lies at least
        ``d`` of wall time from ``t``: past the covered (or trusted) years it is an
        error, known from the bounds without compiling the years in between.
        """
        b = self._bounds
        if dm > 0:
            if x + dm <= b.hi:
                return
            if b.trusted:
                self._exhausted("add", forward=True, limit=b.last)
            where = f"after the end of the year {MAX_YEAR}"
        else:
            if x + dm >= b.lo:
                return
            if b.trusted:
                self._exhausted("add", forward=False, limit=b.first)
            where = f"before the start of the year {MIN_YEAR}"
        msg = (
            f"add: {dm * _ONE_MICRO if abs(dm) < MAX_SHOWN_DELTA else 'a duration'} of open "
            f"time from {self._show(x)} would end {where}, the bound of every calendar (open "
            "time never runs faster than the clock); check the duration"
        )
        raise CalendarError(msg)

    def _open_between(self, xa: int, xb: int) -> int:
        """Open microseconds in ``[xa, xb)``: :meth:`BusinessCalendar.between` on integers."""
        b = self._bounds  # (an instant past the cover is refused by _spanning)
        if b.trusted and not (b.lo <= xa <= b.hi and b.lo <= xb <= b.hi):
            self._trusted(xa, "a")
            self._trusted(xb, "b")
        tl = self._index.timeline
        if tl is None or not (tl.lo <= xa < tl.hi and tl.lo <= xb < tl.hi):
            tl = self._spanning(xa, xb, "between")
        return tl.cumulative(xb) - tl.cumulative(xa)

    def _pieces(self, a: int, b: int) -> list[Piece]:
        """Open pieces overlapping ``[a, b)``, unclipped (internal; no trust check)."""
        tl = self._spanning(a, b - 1, "open_intervals")
        i = max(bisect_right(tl.starts, a) - 1, 0)
        j = bisect_left(tl.starts, b)
        return list(zip(tl.starts[i:j], tl.ends[i:j], tl.day_of[i:j], strict=True))

    def _joined(self, a: int, b: int) -> list[tuple[int, int]]:
        """The open stretches within ``[a, b)``, clipped, touching ones joined (no trust check)."""
        out: list[tuple[int, int]] = []
        if b > a:
            for ps, pe, _ in self._pieces(a, b):
                s, e = max(ps, a), min(pe, b)
                if s >= e:
                    continue
                if out and out[-1][1] == s:
                    out[-1] = (out[-1][0], e)
                else:
                    out.append((s, e))
        return out
