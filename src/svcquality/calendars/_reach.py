"""Where a calendar's computations may reach: its bounds, trusted years and growth.

A calendar covers the local years 2..9998 (a year compiles with the last day of
the year before and the first of the year after); the host may trust fewer
(``years=``), and past them a computation raises :class:`UntrustedYearError`
instead of guessing the holiday data. :class:`Bounds` holds both, derived once.
One computation spans at most :data:`REACH` years from where it started, and a
calendar with no open time in ten consecutive years is never
open: both are refused at once, not after compiling year after year.
:class:`Reach` checks instants and dates against these bounds and grows the
compiled timeline within them; every message that refuses a reach is here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import NoReturn

import attrs

from svcquality._fields import shown
from svcquality._instants import from_micros, micros_of, to_micros
from svcquality.calendars._compile import Compiler
from svcquality.calendars._index import Timeline
from svcquality.calendars._rules import Composite, holiday_data_of
from svcquality.errors import CalendarError, ParameterError, UntrustedYearError

__all__ = ["MAX_YEAR", "MIN_YEAR", "REACH", "Bounds", "Reach", "too_far", "uncovered"]

MIN_YEAR = 2  # compiling a year reads the last day of the year before it
MAX_YEAR = 9998  # ... and the first day of the year after it
#: The most years one computation reaches from its start (a query, an ``add``, a count):
#: a longer one is refused, not compiled year by year (at ~5 ms a year, 8,000 years took
#: a minute). The longest period a rulebook writes is 1,200 months, 100 years.
REACH = 120
#: A calendar with no open window in this many consecutive years is never open (two
#: calendars whose hours never meet): a search refuses then, not after REACH years
#: compiled one by one (an empty intersection of two holiday calendars took 12 s).
_SILENT_YEARS = 10
MAX_SHOWN_DELTA = 999_999_999 * 86_400_000_000  # timedelta's own range, for messages
_ONE_MICRO = timedelta(microseconds=1)


def uncovered(what: str, shown: str, kind: str) -> NoReturn:
    """Refuse a date or an instant outside the years a calendar covers.

    The one message for both: a year is compiled with the last day of the year
    before and the first of the year after, so years 1 and 9999 are out.
    """
    msg = (
        f"{what} {shown} is outside the years {MIN_YEAR}..{MAX_YEAR} a calendar covers; "
        f"use {kind} from the year {MIN_YEAR} to {MAX_YEAR}"
    )
    raise CalendarError(msg, code="calendar.no_open_time", what=what, value=shown)


def too_far(what: str, first: int, last: int, *, walking: bool) -> NoReturn:
    """Refuse a computation reaching more than REACH years from the year it started in."""
    if walking:
        where = f"no answer from the year {first} to {last}, the"
    else:
        where = f"the years {first}..{last} are more than the"
    msg = (
        f"{what}: {where} {REACH} years one calendar computation spans (the longest "
        "period a rulebook writes is 1,200 months); check the instants, the duration or "
        "the count"
    )
    raise CalendarError(msg)


@attrs.frozen
class Bounds:
    """The instants a calendar answers for, derived once when it is built.

    Every instant lies in the cover ``[cover_lo, cover_hi)`` (local midnights of
    the first and the year after the last year a calendar compiles). Within it, a
    computation may reach ``lo <= x <= hi``: the host's trusted years
    (``trusted``, from ``years=``; past them an :class:`UntrustedYearError`),
    else the cover itself. ``first..last`` are the years of ``lo..hi`` in the
    calendar's zone.
    """

    cover_lo: int
    cover_hi: int
    lo: int
    hi: int
    first: int
    last: int
    trusted: bool

    def covers(self, x: int) -> bool:
        """Whether ``x`` lies in a year the calendar compiles."""
        return self.cover_lo <= x < self.cover_hi


class Reach(Compiler):
    """The bounds-checking part of :class:`~svcquality.BusinessCalendar` (a base class)."""

    __slots__ = ()
    years: tuple[int, int] | None
    _bounds: Bounds

    def _derive_bounds(self) -> Bounds:
        cover = (
            self._local_midnight(date(MIN_YEAR, 1, 1)),
            self._local_midnight(date(MAX_YEAR + 1, 1, 1)),
        )
        trust: tuple[int, int] | None = None
        if self.years is not None:
            first, last = self.years
            if not MIN_YEAR <= first <= last <= MAX_YEAR:
                msg = f"years {first}..{last} must lie within {MIN_YEAR}..{MAX_YEAR}"
                raise CalendarError(msg)
            trust = (
                self._local_midnight(date(first, 1, 1)),
                self._local_midnight(date(last + 1, 1, 1)),
            )
        if isinstance(self.rules, Composite):
            for part in (self.rules.left, self.rules.right):
                pb = part._bounds
                if pb.trusted:
                    lo, hi = (pb.lo, pb.hi) if trust is None else (trust[0], trust[1])
                    trust = (max(lo, pb.lo), min(hi, pb.hi))
        if trust is None:
            return Bounds(*cover, cover[0], cover[1] - 1, MIN_YEAR, MAX_YEAR, trusted=False)
        first_year = from_micros(trust[0], self.zone).year
        last_year = from_micros(trust[1] - 1, self.zone).year
        return Bounds(*cover, *trust, first_year, last_year, trusted=True)

    def _year_of(self, x: int) -> int:
        if not self._bounds.covers(x):
            uncovered("the instant", self._show(x), "an instant")
        return from_micros(x, self.zone).year

    def _show(self, x: int) -> str:
        """The instant ``x`` as ISO text in the calendar's zone, else in UTC, for messages."""
        for zone in (self.zone, timezone.utc):
            try:
                return from_micros(x, zone).isoformat()
            except (OverflowError, ValueError):  # noqa: PERF203 (an error path, two tries)
                continue
        # Past what a datetime holds even in UTC (datetime.min in Shanghai): how far past.
        if x < 0:
            edge = datetime.min.replace(tzinfo=timezone.utc)
        else:
            edge = datetime.max.replace(tzinfo=timezone.utc)
        gap = abs(x - to_micros(edge))
        if gap < MAX_SHOWN_DELTA:
            return f"{gap * _ONE_MICRO} {'before' if x < 0 else 'after'} {edge.isoformat()}"
        return f"{x} microseconds from 1970-01-01T00:00:00+00:00"

    def _trusted(self, x: int, what: str) -> None:
        b = self._bounds
        if b.lo <= x <= b.hi:
            return
        if not b.trusted:
            uncovered(what, self._show(x), "an instant")
        else:
            first, last = b.first, b.last
            msg = (
                f"{what} {self._show(x)} falls outside the trusted years {first}..{last} "
                f"of this calendar ({holiday_data_of(self.rules)}); extend years= once the "
                "holiday notice for that year is in the holidays data, or pass years=None to "
                "accept the package's estimate"
            )
            raise UntrustedYearError(msg, what=what, value=self._show(x), first=first, last=last)

    def _trusted_date(self, d: date, what: str) -> None:
        if not MIN_YEAR <= d.year <= MAX_YEAR:
            uncovered(what, d.isoformat(), "a date")
        b = self._bounds
        if b.trusted:
            first, last = b.first, b.last
            if not first <= d.year <= last:
                msg = (
                    f"{what} {d.isoformat()} falls outside the trusted years {first}..{last} "
                    f"of this calendar ({holiday_data_of(self.rules)}); extend years= once "
                    "that year's holiday notice is in the holidays data"
                )
                raise UntrustedYearError(
                    msg, what=what, value=d.isoformat(), first=first, last=last
                )

    def _grow(self, tl: Timeline, *, forward: bool, what: str, origin: int) -> Timeline:
        """Compile more years in one direction (doubling), within the trusted years and
        :data:`REACH` years of ``origin``, the year the computation started in."""
        span = tl.last - tl.first + 1
        if not tl.starts and span >= _SILENT_YEARS:
            msg = (
                f"{what}: the calendar has no open time in the {span} years "
                f"{tl.first}..{tl.last}, so it is never open (an intersection of calendars "
                "whose hours never meet?); check its hours"
            )
            raise CalendarError(
                msg, code="calendar.no_open_time", what=what, value=f"{tl.first}..{tl.last}"
            )
        if forward:
            limit = self._bounds.last
            if tl.last >= limit:
                self._exhausted(what, forward=True, limit=limit)
            if tl.last >= origin + REACH:
                too_far(what, origin, origin + REACH, walking=True)
            end = min(tl.last + span, limit, origin + REACH)
            return self._index.cover(tl.first, end, around=tl)
        limit = self._bounds.first
        if tl.first <= limit:
            self._exhausted(what, forward=False, limit=limit)
        if tl.first <= origin - REACH:
            too_far(what, origin, origin - REACH, walking=True)
        start = max(tl.first - span, limit, origin - REACH)
        return self._index.cover(start, tl.last, around=tl)

    def _spanning(self, a: int, b: int, what: str) -> Timeline:
        """A timeline holding both instants, refusing two more than REACH years apart."""
        ya, yb = self._year_of(a), self._year_of(b)
        if abs(yb - ya) > REACH:
            too_far(what, min(ya, yb), max(ya, yb), walking=False)
        return self._index.cover(min(ya, yb), max(ya, yb))

    def _exhausted(self, what: str, *, forward: bool, limit: int) -> NoReturn:
        where = "after" if forward else "before"
        if self._bounds.trusted:
            first, last = self._bounds.first, self._bounds.last
            if forward:
                fix = (
                    f"extend years= to include {limit + 1} once the holiday notice for {limit + 1} "
                    "is in the holidays data"
                )
            else:
                fix = (
                    f"extend years= back to include {limit - 1} if you trust the holidays data "
                    "for that year"
                )
            msg = (
                f"{what} needs open time {where} {limit}, outside the trusted years "
                f"{first}..{last} ({holiday_data_of(self.rules)}); {fix}"
            )
            raise UntrustedYearError(msg, what=what, value=limit, first=first, last=last)
        msg = f"{what}: the calendar has no open time {where} the year {limit}"
        raise CalendarError(msg, code="calendar.no_open_time", what=what, value=limit)

    def _local_date(self, value: date | datetime, where: str) -> date:
        if isinstance(value, datetime):
            x = micros_of(value, where)
            if not self._bounds.covers(x):  # its local date is in no covered year
                uncovered(where, self._show(x), "an instant")
            return from_micros(x, self.zone).date()
        if isinstance(value, date):
            return value
        msg = (
            f"{where} must be a date or an aware datetime, "
            f"got {type(value).__name__} {shown(value)}"
        )
        raise ParameterError(msg)
