"""BusinessCalendar: the public face of a calendar, built once, then asked.

The class holds what defines a calendar (its rules, zone, trusted years and
name), builds it (:meth:`~BusinessCalendar.weekly`, ``always_open``, ``&``,
``|``), describes it, and documents every public method; each method checks
its arguments and calls the part that answers, which it inherits:

- ``_compile``: the rules and the zone compiled, a year at a time, into open
  intervals (DST included), working days and their ends;
- ``_reach``: the covered and trusted years (:class:`Bounds`) and growing the
  compiled years within them;
- ``_arithmetic``: ``add``, ``between``, the next opening, on integers
  (:class:`Micros`, the facet the clock uses);
- ``_periods``: working days and periods after 民法典 Art. 200-203.

What a day's hours are is :class:`WeeklyRules` (``_rules``); the column forms
(``*_many``) are ``_columns``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

import attrs

from svcquality._fields import cutoff_of, shown
from svcquality._instants import from_micros, micros_of, td_micros
from svcquality._types import Counting, DayBasis, PeriodUnit, Weekday
from svcquality.calendars import _columns
from svcquality.calendars._arithmetic import Arithmetic, Micros, check_delta
from svcquality.calendars._holidays import HolidaySource
from svcquality.calendars._hours import WeeklyHours, Window
from svcquality.calendars._index import Index
from svcquality.calendars._periods import Periods, check_day_period, check_period
from svcquality.calendars._reach import Bounds
from svcquality.calendars._rules import (
    WHOLE_DAY,
    Composite,
    WeeklyRules,
    day_basis,
    holiday_data_of,
    holiday_source,
    holiday_sources_of,
    holiday_windows,
    makeup_weekday,
    special_hours_of,
    to_date,
    to_dates,
    to_years,
    to_zone,
)
from svcquality.errors import CalendarError, ParameterError

if TYPE_CHECKING:
    from svcquality.calendars._tables import Tables

#: ``to_zone`` and ``to_date`` are re-exported: the rulebook reads its zones and
#: dates with them from here (one reading of each, in the calendar's words).
__all__ = ["BusinessCalendar", "Composite", "WeeklyRules", "to_date", "to_zone"]

_ONE_MICRO = timedelta(microseconds=1)


@attrs.frozen(repr=False)
class BusinessCalendar(Periods, Arithmetic):
    """When a bank unit is open for business, and business-time arithmetic on it.

    Build one with :meth:`weekly` or :meth:`always_open`, or combine two with
    ``&`` (open when both are) and ``|`` (open when either is).
    Every instant passed in must be timezone-aware; instants returned are in the
    calendar's zone. Windows are half-open: open at their start, closed at their end.

    Attributes:
        rules: what makes a day open (:class:`WeeklyRules`), or a :class:`Composite`.
        zone: the zone whose wall clock the hours are read in.
        years: the ``(first, last)`` years the host trusts the holiday data for,
            or None. A computation that reaches outside them raises
            :class:`~svcquality.UntrustedYearError` instead of guessing.
        name: the name a rulebook or a reading refers to it by.
    """

    rules: WeeklyRules | Composite
    zone: tzinfo
    years: tuple[int, int] | None = None
    name: str | None = None
    _index: Index = attrs.field(init=False, eq=False, hash=False)
    _special: dict[date, tuple[Window, ...]] = attrs.field(init=False, eq=False, hash=False)
    # Where computations may reach: the trusted years, else the covered ones.
    _bounds: Bounds = attrs.field(init=False, eq=False, hash=False)
    # The integer-microsecond facet: the clock's and escalation's one way in (Micros).
    _micros: Micros = attrs.field(init=False, eq=False, hash=False, repr=False)
    _view: BusinessCalendar | None = attrs.field(init=False, eq=False, hash=False, default=None)
    # The compiled timeline as numpy arrays, for the column forms (calendars/_columns.py).
    _columns: list[Tables] = attrs.field(init=False, eq=False, hash=False)
    # The repr, written once: a reading names an unnamed calendar by it.
    _repr: str | None = attrs.field(init=False, eq=False, hash=False, default=None)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.rules, WeeklyRules | Composite):
            msg = (
                "BusinessCalendar(rules, zone) is built by BusinessCalendar.weekly(...) or "
                f"always_open(...); rules must be WeeklyRules, got {shown(self.rules)}"
            )
            raise CalendarError(msg)
        if not isinstance(self.zone, tzinfo):
            msg = f"BusinessCalendar: zone must be a tzinfo, got {shown(self.zone)}"
            raise CalendarError(msg)
        if self.years is not None:
            object.__setattr__(self, "years", to_years(self.years))
        if self.name is not None and not isinstance(self.name, str):
            msg = f"a calendar's name must be text such as 'branch' or None, got {shown(self.name)}"
            raise CalendarError(msg)
        index = Index(self._compile_year, self._year_of)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_columns", [])
        object.__setattr__(
            self,
            "_special",
            dict(self.rules.special_hours) if isinstance(self.rules, WeeklyRules) else {},
        )
        object.__setattr__(self, "_bounds", self._derive_bounds())
        object.__setattr__(
            self,
            "_micros",
            Micros(
                self._open_between, self._add_micros, self._quiet_from, self._deadline, self._period
            ),
        )

    def __reduce__(self) -> tuple[type[BusinessCalendar], tuple[object, ...]]:
        # The compiled index (and its lock) is a cache: pickle what defines the
        # calendar and compile again on the other side (a Dask or Spark worker).
        return (type(self), (self.rules, self.zone, self.years, self.name))

    # ------------------------------------------------------------ construction

    @classmethod
    def weekly(
        cls,
        hours: Mapping[str, object],
        *,
        zone: str | tzinfo,
        holidays: str | HolidaySource | None = None,
        closed_dates: Iterable[date | str] = (),
        working_dates: Iterable[date | str] = (),
        special_hours: Mapping[date | str, object] | None = None,
        years: range | tuple[int, int] | None = None,
        makeup_hours: Weekday = "mon",
        holiday_hours: str | Iterable[object] | None = None,
        working_days: DayBasis = "statutory",
        name: str | None = None,
    ) -> BusinessCalendar:
        """A calendar from weekly hours, a zone, holidays and overrides.

        Args:
            hours: ``{"mon-fri": "09:00-12:00, 13:30-17:00", "sat": "09:00-12:00"}``.
                Keys ``"mon"``..``"sun"``, ranges like ``"mon-fri"``, ``"daily"``;
                values comma-separated ``"HH:MM-HH:MM"`` windows, ``"24h"`` or
                ``"closed"``. ``"22:00-06:00"`` is overnight and belongs to the day it
                starts; ``"24:00"`` may end a window.
            zone: IANA zone name or a ``tzinfo``.
            holidays: a ``holidays`` country code (``"CN"``), ``"US-NY"`` or ``"AU-NSW"``
                for a subdivision, a :class:`HolidaySource`, or None for no holidays.
                It also gives the statutory working days (工作日) and the weekend.
            closed_dates: extra statutory rest days (closed; a holiday the data lacks).
            working_dates: extra statutory working days (they take ``makeup_hours``' hours).
            special_hours: hours for single dates, replacing everything else; they
                never change whether a date is a working day.
            years: the years whose holiday data the host trusts.
            makeup_hours: the weekday whose hours a make-up working day (调休上班)
                or an extra working date takes; Monday by default.
            holiday_hours: the hours on every day of a holiday break (a run of
                non-working days holding a public holiday, such as 1-8 October
                2025): ``"closed"`` (the default), ``"24h"``, windows such as
                ``"10:00-16:00"`` (节假日营业时间), or ``"weekly"`` for the weekday
                pattern on the break's weekend days (holidays themselves closed).
                A calendar open 24 hours every day of the week defaults to
                ``"24h"``: a 7×24 service does not stop for holidays.
            working_days: ``"statutory"`` (default) or ``"open"``, which days the
                working-day rules count (:meth:`is_working_day`).
            name: the name rulebooks and readings use.

        Raises:
            CalendarError: bad hours, zone, holiday code or overrides.
        """
        weekly_hours = WeeklyHours.parse(hours)
        source = holiday_source(holidays)
        makeup = makeup_weekday(makeup_hours)
        special = special_hours_of(special_hours)
        rules = WeeklyRules(
            hours=weekly_hours,
            holidays=source,
            closed_dates=to_dates(closed_dates, "closed_dates"),
            working_dates=to_dates(working_dates, "working_dates"),
            special_hours=special,
            makeup_weekday=makeup,
            holiday_hours=holiday_windows(holiday_hours, weekly_hours),
            working_days=day_basis(working_days),
        )
        if weekly_hours.is_empty and not rules.working_dates and not any(w for _, w in special):
            msg = (
                "hours: no weekday has a window, so the calendar would never open; "
                "give at least one, e.g. {'mon-fri': '09:00-17:00'}"
            )
            raise CalendarError(msg)
        return cls(rules, to_zone(zone), years=to_years(years), name=name)

    @classmethod
    def always_open(
        cls,
        *,
        zone: str | tzinfo = "UTC",
        holidays: str | HolidaySource | None = None,
        years: range | tuple[int, int] | None = None,
        working_days: DayBasis = "statutory",
        name: str | None = None,
    ) -> BusinessCalendar:
        """A 7×24 calendar (a call centre, a duty desk): business time is wall time.

        It is open at every instant, holidays included; ``holidays`` gives its
        working days (工作日), so "5个工作日" on a 7×24 centre with
        ``holidays="CN"`` skips weekends and holiday breaks and honours make-up
        working days. Without holidays its working days are Monday to Friday.
        ``working_days="open"`` counts every date instead.
        """
        return cls(
            WeeklyRules(
                WeeklyHours.always(),
                holidays=holiday_source(holidays),
                holiday_hours=(WHOLE_DAY,),
                working_days=day_basis(working_days),
            ),
            to_zone(zone),
            years=to_years(years),
            name=name,
        )

    def intersection(self, other: BusinessCalendar) -> BusinessCalendar:
        """Open when both are: a department inside branch hours. Zone: this calendar's."""
        if not isinstance(other, BusinessCalendar):
            msg = f"intersection: expected another BusinessCalendar, got {shown(other)}"
            raise CalendarError(msg)
        return BusinessCalendar(Composite("intersection", self, other), self.zone)

    def union(self, other: BusinessCalendar) -> BusinessCalendar:
        """Open when either is. Zone: this calendar's."""
        if not isinstance(other, BusinessCalendar):
            msg = f"union: expected another BusinessCalendar, got {shown(other)}"
            raise CalendarError(msg)
        return BusinessCalendar(Composite("union", self, other), self.zone)

    def __and__(self, other: BusinessCalendar) -> BusinessCalendar:
        return self.intersection(other)

    def __or__(self, other: BusinessCalendar) -> BusinessCalendar:
        return self.union(other)

    def with_name(self, name: str | None) -> BusinessCalendar:
        """The same calendar under another name."""
        return attrs.evolve(self, name=name)

    # ------------------------------------------------------------ description

    @property
    def holiday_sources(self) -> tuple[HolidaySource, ...]:
        """Every holiday source this calendar (or its parts) uses."""
        return holiday_sources_of(self.rules)

    @property
    def holiday_data(self) -> str:
        """Which holiday data applies, e.g. ``"holidays 0.62: CN"``, or ``"none"``."""
        return holiday_data_of(self.rules)

    def __repr__(self) -> str:
        text = self._repr
        if text is None:  # the fields are frozen, so the text is too
            text = self._describe()
            object.__setattr__(self, "_repr", text)
        return text

    def _describe(self) -> str:
        label = f"{self.name!r}, " if self.name else ""
        if isinstance(self.rules, Composite):
            sym = "&" if self.rules.op == "intersection" else "|"
            return f"BusinessCalendar({label}{self.rules.left!r} {sym} {self.rules.right!r})"
        hours = self.rules.hours.to_mapping()
        extra = f", holidays={self.holiday_data!r}" if self.rules.holidays else ""
        years = f", years={self.years}" if self.years else ""
        return f"BusinessCalendar({label}{hours}, zone={self.zone!s}{extra}{years})"

    def working_hours(self) -> BusinessCalendar:
        """This calendar with the hours of its working days (工作日) only (cached).

        The measure of period targets (working days, days, months, batches) in the
        clock: a pause excludes the working hours it covered, so it never moves a
        period onto a Saturday the unit opens or into a 7×24 centre's holiday.
        A combined calendar, or one that counts its open days, is its own view.
        """
        view = self._view
        if view is None:
            rules = self.rules
            if (
                isinstance(rules, Composite)
                or rules.working_days == "open"
                or rules.working_hours_only
            ):
                view = self
            else:
                view = BusinessCalendar(
                    attrs.evolve(rules, working_hours_only=True), self.zone, years=self.years
                )
            object.__setattr__(self, "_view", view)
        return view

    # ------------------------------------------------------------ instants

    def is_open(self, t: datetime) -> bool:
        """Whether the calendar is open at instant ``t`` (window start: open; end: closed)."""
        x = micros_of(t, "is_open(t)")
        self._trusted(x, "t")
        return self._index.at(x).open_at(x)

    def next_open(self, t: datetime) -> datetime:
        """``t`` if open, else the start of the next open window."""
        x = micros_of(t, "next_open(t)")
        self._trusted(x, "t")
        return from_micros(self._next_open(x, "next_open"), self.zone)

    def previous_close(self, t: datetime) -> datetime:
        """``t`` if open, else the end of the last open window before it."""
        x = micros_of(t, "previous_close(t)")
        self._trusted(x, "t")
        return from_micros(self._previous_close(x), self.zone)

    def add(self, t: datetime, d: timedelta) -> datetime:
        """The instant at which ``d`` of open time has elapsed from ``t``.

        From the next opening when ``t`` is closed. A result that lands exactly on
        the end of a window is that end, not the next opening. A negative ``d``
        goes backwards and mirrors this: a result exactly on the start of a window
        is that start. ``add(t, timedelta(0))`` is ``t`` when open, else the next
        opening. Cost: O(log n) after the years involved are compiled.

        Raises:
            NaiveDatetimeError: ``t`` has no zone.
            UntrustedYearError: the result lies outside the trusted years.
        """
        x = micros_of(t, "add(t, d): t")
        dm = td_micros(d) if type(d) is timedelta else check_delta(d, "add(t, d): d")
        return from_micros(self._add_micros(x, dm), self.zone)

    def between(self, a: datetime, b: datetime) -> timedelta:
        """Open time in ``[a, b)``; negative when ``b`` is before ``a``.

        ``between(t, add(t, d)) == d`` for every ``t`` and every ``d >= 0``.
        """
        xa = micros_of(a, "between(a, b): a")
        xb = micros_of(b, "between(a, b): b")
        return self._open_between(xa, xb) * _ONE_MICRO

    def open_intervals(
        self, start: datetime, end: datetime
    ) -> tuple[tuple[datetime, datetime], ...]:
        """The open stretches within ``[start, end)``, clipped, for drawing timelines.

        Stretches that touch (a window ending at midnight and the next one starting
        there) are joined.
        """
        a = micros_of(start, "open_intervals(start, end): start")
        b = micros_of(end, "open_intervals(start, end): end")
        self._trusted(a, "start")
        self._trusted(b, "end")
        zone = self.zone
        return tuple((from_micros(s, zone), from_micros(e, zone)) for s, e in self._joined(a, b))

    # ------------------------------------------------------------ working days

    def is_working_day(self, d: date | datetime) -> bool:
        """Whether the local date is a working day (工作日).

        By default a *statutory* working day of the calendar's country: a weekday
        outside its weekend, not a public holiday, or a make-up working day
        (调休上班); Monday to Friday without holidays. Opening hours do not change
        it: a Saturday on which a branch opens is no working day, and a 7×24
        centre's Sunday is none either. A calendar built with
        ``working_days="open"`` counts its open days instead.
        An aware datetime is read as its local date in the calendar's zone.
        """
        day = self._local_date(d, "is_working_day(d)")
        self._trusted_date(day, "the date")
        return self._is_working(day.toordinal())

    def is_open_day(self, d: date | datetime) -> bool:
        """Whether the unit has at least one opening window on the local date ``d``.

        An overnight window belongs to the date it starts on.
        """
        day = self._local_date(d, "is_open_day(d)")
        self._trusted_date(day, "the date")
        return self._close_of(day.toordinal(), open_day=True) is not None

    def holiday_break(self, d: date | datetime) -> tuple[date, date] | None:
        """The holiday break containing the local date ``d``, as ``(first, last)``, or None.

        A break is a maximal run of consecutive non-working days that holds at
        least one public holiday, as the State Council's notices announce them:
        ``(2025-10-01, 2025-10-08)`` for National Day 2025, ``(2026-02-15,
        2026-02-23)`` for Spring Festival 2026. An ordinary weekend holds no
        holiday and is no break. The calendar is closed on every day of a break
        unless it was built with ``holiday_hours=``.
        """
        day = self._local_date(d, "holiday_break(d)")
        self._trusted_date(day, "the date")
        return self._break_of(day)

    def add_working_days(self, d: date | datetime, n: int) -> date:
        """The ``n``-th working day after ``d`` (before it when ``n < 0``).

        ``n == 0`` gives ``d`` itself when it is a working day, else the next one.
        """
        day = d if type(d) is date else self._local_date(d, "add_working_days(d, n)")
        if type(n) is not int:
            msg = f"add_working_days(d, n): n must be a whole number of days, got {shown(n)}"
            raise ParameterError(msg)
        self._trusted_date(day, "the date")
        result = date.fromordinal(self._nth_day(day, n))
        self._trusted_date(result, "the result")
        return result

    def close_of_business(self, d: date | datetime) -> datetime | None:
        """The end of the last window of the local date ``d``, or None if the unit has none.

        An overnight window belongs to the date it starts on, so a night shift's
        close is the next morning.
        """
        day = self._local_date(d, "close_of_business(d)")
        self._trusted_date(day, "the date")
        close = self._close_of(day.toordinal(), open_day=True)
        return None if close is None else from_micros(close, self.zone)

    def end_of_working_day(self, d: date | datetime) -> datetime | None:
        """When a period whose last day is the working day ``d`` ends, or None.

        The close of business of ``d``, or 24:00 local (the next date's midnight)
        when the unit has no hours that day (民法典 Art. 203); None when ``d`` is
        not a working day.
        """
        day = self._local_date(d, "end_of_working_day(d)")
        self._trusted_date(day, "the date")
        close = self._close_of(day.toordinal())
        return None if close is None else from_micros(close, self.zone)

    def deemed_receipt_day(self, received: datetime, cutoff: time | None = None) -> date:
        """The working day a request counts as received on.

        The local date of ``received`` in the calendar's zone, unless that date is
        not a working day, or ``received`` is at or after ``cutoff`` (local wall
        time), or at or after that day's close of business: then the next working
        day.
        """
        x = micros_of(received, "deemed_receipt_day(received)")
        self._trusted(x, "received")
        cut = cutoff_of(cutoff, "deemed_receipt_day", ParameterError)
        return date.fromordinal(self._deemed(x, cut))

    def working_day_deadline(
        self,
        received: datetime,
        n: int,
        cutoff: time | None = None,
        *,
        counting: Counting = "working_days",
    ) -> datetime:
        """The end of a working-day period ("within 5 working days of receipt").

        After the Civil Code's period rules (Art. 201-203): the day of receipt is
        not counted; a receipt on a non-working day, at or after ``cutoff``, or at
        or after close of business counts as received on the next working day
        (the *deemed receipt day*); the period ends at the end of the ``n``-th
        working day after it: its close of business, or 24:00 local when the
        unit has no hours that day (Art. 203). ``n == 0`` means "the same
        business day": the end of the deemed receipt day.

        Working days are statutory (:meth:`is_working_day`) unless the calendar
        was built with ``working_days="open"``.

        Args:
            received: when the request arrived (aware).
            n: the number of working days, ``n >= 0``.
            cutoff: local time of day after which a receipt counts as next-day.
            counting: ``"working_days"`` (default, as above);
                ``"receipt_day_counted"``: the deemed receipt day is day 1, so the
                period ends at the end of the ``(n-1)``-th working day after it
                (``n >= 1``); ``"calendar_days"``: the day period of
                :meth:`period_deadline` (``n`` calendar days), kept as an alias.

        Returns:
            The deadline, an aware datetime in the calendar's zone.
        """
        x = micros_of(received, "working_day_deadline(received, n)")
        check_period(n, counting, "working_day_deadline")
        cut = cutoff_of(cutoff, "working_day_deadline", ParameterError)
        return from_micros(self._deadline(x, n, cut, counting), self.zone)

    def period_deadline(
        self,
        received: datetime,
        n: int,
        *,
        unit: PeriodUnit = "days",
        cutoff: time | None = None,
    ) -> datetime:
        """The end of a period of ``n`` days or months ("自收到投诉之日起15日内").

        As the Civil Code counts periods (民法典 Art. 200-203):

        - the day of receipt is not counted, the period starts the next day
          (Art. 201); the receipt day is the local date of ``received`` in the
          calendar's zone, or the next calendar date when ``received`` is at or
          after ``cutoff``;
        - a period of ``n`` days ends on the receipt day + ``n``; a period of
          ``n`` months on the same-numbered day of the ``n``-th month after it,
          or that month's last day when it has none (Art. 202: 31 January + 1
          month is the last day of February);
        - when that last day is not a working day, the first working day after
          it is the last day (Art. 203), so a period never ends inside a holiday
          break;
        - the period ends at that day's close of business, or at 24:00 where the
          unit has no hours that day (Art. 203: 截止时间为二十四时；有业务时间的，
          停止业务活动的时间为截止时间).

        Args:
            received: when the request arrived (aware).
            n: the number of days or months, ``n >= 1``.
            unit: ``"days"`` or ``"months"``.
            cutoff: local time of day at or after which a receipt counts as
                received the next calendar day.

        Returns:
            The deadline, an aware datetime in the calendar's zone.

        Raises:
            ParameterError: ``n`` is not a whole number >= 1, or a bad unit or cutoff.
            UntrustedYearError: the period reaches past the trusted years.
        """
        x = micros_of(received, "period_deadline(received, n)")
        check_day_period(n, unit, "period_deadline")
        cut = cutoff_of(cutoff, "period_deadline", ParameterError)
        return from_micros(self._period(x, n, unit, cut), self.zone)

    def working_days_between(self, a: date | datetime, b: date | datetime) -> int:
        """The number of working days among the local dates ``[date(a), date(b))``.

        ``a`` and ``b`` are dates, or aware datetimes read as their local dates in
        the calendar's zone; the day of ``a`` counts, the day of ``b`` does not,
        so the count from a Monday to the next Monday on a Monday-to-Friday
        calendar is 5, and from a date to itself is 0. When ``b`` is before ``a``
        the count is negative: ``working_days_between(b, a)`` with its sign
        flipped, so ``working_days_between(a, b) + working_days_between(b, c) ==
        working_days_between(a, c)`` always.

        Raises:
            NaiveDatetimeError: ``a`` or ``b`` is a naive datetime.
            UntrustedYearError: a date lies outside the trusted years.
        """
        da = self._local_date(a, "working_days_between(a, b): a")
        db = self._local_date(b, "working_days_between(a, b): b")
        self._trusted_date(da, "the date of a")
        self._trusted_date(db, "the date of b")
        return self._days_between(da, db)

    # ------------------------------------------------------------ columns

    def between_many(self, a: object, b: object) -> object:
        """:meth:`between` on every row of two columns of instants.

        Args:
            a: a column of instants: numpy int64 epoch microseconds or
                ``datetime64`` (any unit, read as UTC), a tz-aware pandas Series or
                DatetimeIndex, a polars ``Datetime`` Series (without a zone: UTC),
                or an Arrow timestamp array or ChunkedArray. Missing rows (NaT,
                null; in an int64 column the integer behind NaT) give missing rows.
            b: a column of instants of the same length, of any of those kinds.

        Returns:
            The open time per row, in the kind of ``a``: int64 microseconds for
            int64 input, ``timedelta64[us]`` for ``datetime64``, durations for
            pandas, polars and Arrow. Equal to :meth:`between` on every row.

        Raises:
            ImportError: numpy is not installed (the ``fast`` extra).
            UntrustedYearError, CalendarError: as :meth:`between`, the message
                naming the first offending row.
        """
        return _columns.between_many(self, a, b)

    def add_many(self, t: object, d: object) -> object:
        """:meth:`add` on every row: ``t`` a column of instants (as :meth:`between_many`),
        ``d`` a column of int64 microseconds or ``timedelta64`` (pandas, polars and
        Arrow durations too), or one ``timedelta`` for every row.

        Returns instants in the kind of ``t``, equal to :meth:`add` on every row;
        a row missing in ``t`` or ``d`` is missing.
        """
        return _columns.add_many(self, t, d)

    def is_open_many(self, t: object) -> object:
        """:meth:`is_open` on every row of a column of instants: flags in its kind
        (a numpy bool array, a masked one when rows are missing)."""
        return _columns.is_open_many(self, t)

    def working_day_deadline_many(
        self,
        received: object,
        n: int,
        cutoff: time | None = None,
        *,
        counting: Counting = "working_days",
    ) -> object:
        """:meth:`working_day_deadline` on every row of a column of receipts.

        The same ``n``, ``cutoff`` and ``counting`` for every row; returns
        instants in the kind of ``received``, equal to the scalar on every row.
        """
        check_period(n, counting, "working_day_deadline_many")
        cut = cutoff_of(cutoff, "working_day_deadline_many", ParameterError)
        return _columns.working_day_deadline_many(self, received, n, cut, counting)

    def period_deadline_many(
        self,
        received: object,
        n: int,
        *,
        unit: PeriodUnit = "days",
        cutoff: time | None = None,
    ) -> object:
        """:meth:`period_deadline` on every row of a column of receipts.

        The same ``n``, ``unit`` and ``cutoff`` for every row; returns instants
        in the kind of ``received``, equal to the scalar on every row.
        """
        check_day_period(n, unit, "period_deadline_many")
        cut = cutoff_of(cutoff, "period_deadline_many", ParameterError)
        return _columns.period_deadline_many(self, received, n, unit, cut)

    def working_days_between_many(self, a: object, b: object) -> object:
        """:meth:`working_days_between` on every row of two columns of instants.

        Returns int64 counts in the kind of ``a``: for numpy input a numpy int64
        array (a masked array when rows are missing), a nullable ``Int64``
        Series for pandas, Int64 with nulls for polars and Arrow.
        """
        return _columns.working_days_between_many(self, a, b)
