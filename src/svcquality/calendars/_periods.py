"""Working days and periods: counting them as the Civil Code does (民法典 Art. 200-203).

A working day (工作日) of a calendar is a statutory working day of its country
unless it counts its open days (``working_days="open"``); each has an end:
its close of business, or 24:00 local without hours (Art. 203). On the
compiled years' sorted working days, the ``n``-th working day after a date,
the deemed receipt day (a receipt late, or on a rest day, counts as received
on the next working day), a working-day deadline, a day or month period
(Art. 201-203) and the count of working days between two dates are each a
bisection. The checks of a period's count, counting and unit are here too,
shared by the scalar methods and their column forms.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, time, timedelta

from dateutil.relativedelta import relativedelta

from svcquality._fields import shown
from svcquality._instants import from_micros
from svcquality._types import Counting, PeriodUnit
from svcquality.calendars._compile import BREAK_REACH, break_days
from svcquality.calendars._reach import MAX_YEAR, MIN_YEAR, REACH, Reach, too_far
from svcquality.errors import CalendarError, ParameterError

__all__ = ["Periods", "check_day_period", "check_period"]

_COUNTINGS = ("working_days", "receipt_day_counted", "calendar_days")
_UNITS = ("days", "months")


def check_period(n: object, counting: object, what: str) -> None:
    """The checks of ``working_day_deadline`` and its column form, naming ``what``."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        msg = f"{what}: n must be a whole number of working days >= 0, got {shown(n)}"
        raise ParameterError(msg)
    if counting not in _COUNTINGS:
        msg = f"{what}: counting must be one of {', '.join(_COUNTINGS)}, got {shown(counting)}"
        raise ParameterError(msg)
    if counting == "receipt_day_counted" and n == 0:
        msg = f"{what}: with counting='receipt_day_counted', n must be at least 1"
        raise ParameterError(msg)


def check_day_period(n: object, unit: object, what: str) -> None:
    """The checks of ``period_deadline`` and its column form, naming ``what``."""
    if unit not in _UNITS:
        msg = f"{what}: unit must be one of {', '.join(_UNITS)}, got {shown(unit)}"
        raise ParameterError(msg)
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        msg = f"{what}: n must be a whole number of {unit} >= 1, got {shown(n)}"
        raise ParameterError(msg)


class Periods(Reach):
    """The working-day part of :class:`~svcquality.BusinessCalendar` (a base class)."""

    __slots__ = ()

    def _nth_day(self, day: date, n: int, what: str = "add_working_days") -> int:
        # Each working day is at least a calendar day: a count past the covered years is
        # refused at once, not after compiling every year up to them (checked only for
        # long counts, off the hot path; short ones meet the bounds in the walk).
        if abs(n) > 366:
            room = (date(MAX_YEAR, 12, 31) - day) if n > 0 else (day - date(MIN_YEAR, 1, 1))
            if abs(n) > room.days:
                end = f"after the year {MAX_YEAR}" if n > 0 else f"before the year {MIN_YEAR}"
                msg = (
                    f"{what}: {n} working days from {day.isoformat()} end {end}, past the "
                    f"years {MIN_YEAR}..{MAX_YEAR} a calendar covers; check the number of days"
                )
                raise CalendarError(msg)
        o = day.toordinal()
        tl = self._days(day.year)
        while True:
            if n > 0:
                i = bisect_right(tl.days, o) + n - 1
                if i < len(tl.days):
                    return tl.days[i]
                tl = self._grow(tl, forward=True, what=what, origin=day.year)
            elif n < 0:
                i = bisect_left(tl.days, o) + n
                if i >= 0:
                    return tl.days[i]
                tl = self._grow(tl, forward=False, what=what, origin=day.year)
            else:
                i = bisect_left(tl.days, o)
                if i < len(tl.days):
                    return tl.days[i]
                tl = self._grow(tl, forward=True, what=what, origin=day.year)

    def _close_of(self, o: int, *, open_day: bool = False) -> int | None:
        """When the working day with ordinal ``o`` ends (its close of business, else
        24:00 local), or None when it is no working day; with ``open_day``, the close
        of business of the date when it has a window, else None."""
        tl = self._days(date.fromordinal(o).year)
        days, closes = (tl.open_days, tl.open_closes) if open_day else (tl.days, tl.closes)
        i = bisect_left(days, o)
        if i < len(days) and days[i] == o:
            return closes[i]
        return None

    def _deemed(self, x: int, cutoff: time | None) -> int:
        local = from_micros(x, self.zone)
        o = local.toordinal()
        close = self._close_of(o)
        if close is not None and x < close and (cutoff is None or local.time() < cutoff):
            return o
        return self._nth_day(local.date(), 1)

    def _deadline(self, x: int, n: int, cut: time | None, counting: Counting) -> int:
        """:meth:`working_day_deadline` on checked arguments, as integer microseconds."""
        self._trusted(x, "received")
        if counting == "calendar_days" and n > 0:
            return self._period(x, n, "days", cut)
        deemed = date.fromordinal(self._deemed(x, cut))
        steps = n - 1 if counting == "receipt_day_counted" else n
        o = self._nth_day(deemed, steps, "working_day_deadline") if steps else deemed.toordinal()
        return self._end_of(o)

    def _end_of(self, o: int) -> int:
        """The end of working day ``o``: its close of business, else 24:00 local."""
        close = self._close_of(o)
        assert close is not None  # o is a working day
        self._trusted(close, "the deadline")
        return close

    def _period(self, x: int, n: int, unit: PeriodUnit, cut: time | None) -> int:
        """:meth:`period_deadline` on checked arguments, as integer microseconds."""
        self._trusted(x, "received")
        local = from_micros(x, self.zone)
        day = local.date()
        try:
            if cut is not None and local.time().replace(fold=0) >= cut:
                day += timedelta(days=1)
            last = day + (timedelta(days=n) if unit == "days" else relativedelta(months=n))
        except (OverflowError, ValueError):
            msg = (
                f"a period of {n} {unit} from {local.isoformat()} ends past the year "
                f"{MAX_YEAR}; give a shorter period"
            )
            raise CalendarError(msg) from None
        self._trusted_date(last, "the period's last day")
        return self._end_of(self._nth_day(last, 0))

    def _days_between(self, da: date, db: date) -> int:
        first, last = min(da.year, db.year), max(da.year, db.year)
        if last - first > REACH:
            too_far("working_days_between", first, last, walking=False)
        tl = self._index.cover(first, last)
        return bisect_left(tl.days, db.toordinal()) - bisect_left(tl.days, da.toordinal())

    def _working_days_between_micros(self, xa: int, xb: int) -> int:
        """:meth:`working_days_between` on instants as integer microseconds."""
        self._year_of(xa)
        self._year_of(xb)
        da = from_micros(xa, self.zone).date()
        db = from_micros(xb, self.zone).date()
        self._trusted_date(da, "the date of a")
        self._trusted_date(db, "the date of b")
        return self._days_between(da, db)

    def _break_of(self, day: date) -> tuple[date, date] | None:
        """The holiday break holding ``day``, as ``(first, last)``, or None (no trust check)."""
        o = day.toordinal()
        if not break_days(self._statutory, self._holiday, o, o):
            return None
        first = last = day
        for _ in range(BREAK_REACH):
            prev = first - timedelta(days=1)
            if self._statutory(prev):
                break
            first = prev
        for _ in range(BREAK_REACH):
            nxt = last + timedelta(days=1)
            if self._statutory(nxt):
                break
            last = nxt
        return first, last
