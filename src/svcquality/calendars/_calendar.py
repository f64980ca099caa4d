"""BusinessCalendar: weekly hours + zone + holidays + overrides, and its arithmetic."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Literal, NoReturn

import attrs
from dateutil.relativedelta import relativedelta

from svcquality._fields import shown, zone_of
from svcquality._instants import MICROS_PER_DAY, from_micros, micros_of, td_micros, to_micros
from svcquality._types import Counting, DayBasis, PeriodUnit, Weekday
from svcquality.calendars import _columns
from svcquality.calendars._holidays import HolidaySource
from svcquality.calendars._hours import WEEKDAYS, WeeklyHours, Window, parse_windows
from svcquality.calendars._index import Block, Index, Piece, Timeline
from svcquality.errors import CalendarError, ParameterError, UntrustedYearError

if TYPE_CHECKING:
    from svcquality.calendars._columns import Tables

__all__ = ["BusinessCalendar", "Composite", "WeeklyRules"]

_MIN_YEAR = 2  # compiling a year reads the last day of the year before it
_MAX_YEAR = 9998  # ... and the first day of the year after it
#: The most years one computation reaches from its start (a query, an ``add``, a count):
#: a longer one is refused, not compiled year by year (at ~5 ms a year, 8,000 years took
#: a minute). The longest period a rulebook writes is 1,200 months, 100 years.
_REACH = 120
#: A calendar with no open window in this many consecutive years is never open (two
#: calendars whose hours never meet): a search refuses then, not after _REACH years
#: compiled one by one (an empty intersection of two holiday calendars took 12 s).
_SILENT_YEARS = 10
#: More open time than this lies past _REACH years from its start (open time never
#: runs faster than the clock, and _REACH + 1 years hold at most this much).
_REACH_MICROS = (_REACH + 1) * 366 * 86_400_000_000
_MAX_SHOWN_DELTA = 999_999_999 * 86_400_000_000  # timedelta's own range, for messages
_ONE_MICRO = timedelta(microseconds=1)
_COUNTINGS = ("working_days", "receipt_day_counted", "calendar_days")
_UNITS = ("days", "months")


# --------------------------------------------------------------------------- rules


@attrs.frozen
class WeeklyRules:
    """What makes a day open and what makes it a working day.

    Two notions, kept apart (民法典 Art. 200-203 count periods in statutory days):

    - a **working day** (工作日) is a statutory working day of the holiday source's
      country: a weekday outside its weekend, minus public holidays, plus make-up
      working days (调休上班); Monday to Friday without a holiday source.
      ``closed_dates`` and ``working_dates`` are explicit statutory overrides.
      Opening hours never change it (unless ``working_days="open"``).
    - an **open day** is a date on which the unit has at least one window.

    Hours for one local date, first match wins: ``special_hours`` for the date;
    ``closed_dates`` (closed); ``working_dates`` (the hours of ``makeup_weekday``);
    a day of a *holiday break* (``holiday_hours``); a make-up working day (the
    hours of ``makeup_weekday``); the weekly hours of its weekday.

    A holiday break is a maximal run of consecutive non-working days that holds
    at least one public holiday (or a ``closed_dates`` date): 1-8 October 2025,
    15-23 February 2026. An ordinary weekend holds none and is no break.

    Attributes:
        hours: windows per weekday.
        holidays: where holidays come from, or None for no holidays.
        closed_dates: extra statutory rest days, closed (a holiday the data lacks).
        working_dates: extra statutory working days, with the make-up weekday's hours.
        special_hours: per-date hours that replace everything else for that date;
            they change the hours only, never whether the date is a working day.
        makeup_weekday: weekday (0 = Monday) whose hours a make-up working day takes.
        holiday_hours: the windows of every day of a holiday break (``()``: closed,
            the default), or None for the weekly pattern (the weekday's hours on
            the break's weekend days, holidays themselves closed).
        working_days: which days the working-day rules count (see
            :data:`~svcquality._types.DayBasis`).
    """

    hours: WeeklyHours
    holidays: HolidaySource | None = None
    closed_dates: frozenset[date] = frozenset()
    working_dates: frozenset[date] = frozenset()
    special_hours: tuple[tuple[date, tuple[Window, ...]], ...] = ()
    makeup_weekday: int = 0
    holiday_hours: tuple[Window, ...] | None = ()
    working_days: DayBasis = "statutory"
    #: Keep only the windows of working days (the measure of period targets).
    working_hours_only: bool = False

    def __attrs_post_init__(self) -> None:
        both = self.closed_dates & self.working_dates
        if both:
            day = min(both).isoformat()
            msg = (
                f"{day} is in both closed_dates and working_dates; keep it in the one that is meant"
            )
            raise CalendarError(msg)
        for d, _ in self.special_hours:
            for label, group in (
                ("closed_dates", self.closed_dates),
                ("working_dates", self.working_dates),
            ):
                if d in group:
                    msg = (
                        f"{d.isoformat()} is in both special_hours and {label}; special hours "
                        f"already decide that date, so remove it from {label}"
                    )
                    raise CalendarError(msg)

    def is_statutory(self, d: date) -> bool:
        """Whether ``d`` is a statutory working day (工作日), whatever the hours."""
        if d in self.closed_dates:
            return False
        if d in self.working_dates:
            return True
        src = self.holidays
        if src is None:
            return d.weekday() < 5
        year = src.year(d.year)
        if d in year.closed:
            return False
        if d in year.makeup:
            return True
        return d.weekday() not in src.weekend

    def is_holiday(self, d: date) -> bool:
        """Whether ``d`` is a public holiday of the source, or one of ``closed_dates``."""
        if d in self.closed_dates:
            return True
        src = self.holidays
        return src is not None and d not in self.working_dates and d in src.year(d.year).closed

    def windows_for(
        self, d: date, special: Mapping[date, tuple[Window, ...]], in_break: bool
    ) -> tuple[Window, ...]:
        """The windows of local date ``d``, by the first match above (``in_break``: in a break)."""
        got = special.get(d)
        if got is not None:
            return got
        if d in self.closed_dates:
            return ()
        if d in self.working_dates:
            return self.hours.days[self.makeup_weekday]
        if in_break:
            if self.holiday_hours is not None:
                return self.holiday_hours
            return () if self.is_holiday(d) else self.hours.days[d.weekday()]
        if self.holidays is not None and d in self.holidays.year(d.year).makeup:
            return self.hours.days[self.makeup_weekday]
        return self.hours.days[d.weekday()]


@attrs.frozen
class Composite:
    """Two calendars combined: open when both are (``"intersection"``) or either is."""

    op: Literal["intersection", "union"]
    left: BusinessCalendar
    right: BusinessCalendar


# --------------------------------------------------------------------------- helpers


def to_zone(value: object) -> tzinfo:
    """A zone from an IANA name or a tzinfo; the rulebook reads zones with it too."""
    return zone_of(value, "zone", CalendarError)


_WHOLE_DAY = Window(timedelta(0), timedelta(days=1))
_HOLIDAY_HOURS = "'closed', '24h', 'weekly' or windows such as '10:00-16:00'"


def _holiday_source(value: object) -> HolidaySource | None:
    source = HolidaySource.parse(value) if isinstance(value, str) else value
    if source is not None and not isinstance(source, HolidaySource):
        msg = (
            "holidays must be a country code such as 'CN', "
            f"a HolidaySource or None, got {shown(source)}"
        )
        raise CalendarError(msg)
    return source


def _holiday_hours(value: object, hours: WeeklyHours) -> tuple[Window, ...] | None:
    """``holiday_hours=`` as windows (``()``: closed) or None for the weekly pattern."""
    if value is None:
        return (_WHOLE_DAY,) if hours == WeeklyHours.always() else ()
    if isinstance(value, str) and value.strip().lower() in {"weekly", "每周"}:
        return None
    if not isinstance(value, (str, Window, list, tuple)):
        msg = f"holiday_hours must be {_HOLIDAY_HOURS}, got {type(value).__name__} {shown(value)}"
        raise CalendarError(msg)
    return parse_windows(value, where="holiday_hours")


def _day_basis(value: object) -> DayBasis:
    if value == "statutory":
        return "statutory"
    if value == "open":
        return "open"
    msg = (
        f"working_days must be 'statutory' (the country's 工作日, the default) or 'open' "
        f"(the unit's own open days), got {shown(value)}"
    )
    raise CalendarError(msg)


def _to_date(value: object, where: str) -> date:
    if isinstance(value, datetime):
        msg = f"{where}: expected a date, got the datetime {shown(value)}; pass value.date()"
        raise CalendarError(msg)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    msg = f"{where}: expected a date or an ISO date text such as '2025-10-01', got {shown(value)}"
    raise CalendarError(msg)


def _dates(value: object, where: str) -> Iterable[object]:
    """An iterable of dates (a list, a set, a tuple), or CalendarError naming ``where``."""
    if isinstance(value, (str, bytes, date, Mapping)) or not isinstance(value, Iterable):
        msg = (
            f"{where} must be a list of dates such as ['2025-10-01'] (or () for none), "
            f"got {type(value).__name__} {shown(value)}"
        )
        raise CalendarError(msg)
    return value


def _to_years(value: object) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, range):
        if value.step != 1 or len(value) == 0:
            msg = (
                "years must be a non-empty range with step 1, such as range(2020, 2027), "
                f"got {shown(value)}"
            )
            raise CalendarError(msg)
        return value.start, value.stop - 1
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and value[0] <= value[1]
    ):
        return int(value[0]), int(value[1])
    msg = (
        f"years must be a range such as range(2020, 2027) or a (first, last) pair of "
        f"years, got {shown(value)}"
    )
    raise CalendarError(msg)


def _uncovered(what: str, shown: str, kind: str) -> NoReturn:
    """Refuse a date or an instant outside the years a calendar covers.

    The one message for both: a year is compiled with the last day of the year
    before and the first of the year after, so years 1 and 9999 are out.
    """
    msg = (
        f"{what} {shown} is outside the years {_MIN_YEAR}..{_MAX_YEAR} a calendar covers; "
        f"use {kind} from the year {_MIN_YEAR} to {_MAX_YEAR}"
    )
    raise CalendarError(msg, code="calendar.no_open_time", what=what, value=shown)


def _too_far(what: str, first: int, last: int, *, walking: bool) -> NoReturn:
    """Refuse a computation reaching more than _REACH years from the year it started in."""
    if walking:
        where = f"no answer from the year {first} to {last}, the"
    else:
        where = f"the years {first}..{last} are more than the"
    msg = (
        f"{what}: {where} {_REACH} years one calendar computation spans (the longest "
        "period a rulebook writes is 1,200 months); check the instants, the duration or "
        "the count"
    )
    raise CalendarError(msg)


def _check_delta(d: object, where: str) -> int:
    if not isinstance(d, timedelta):
        msg = (
            f"{where} must be a timedelta such as "
            f"timedelta(hours=4), got {type(d).__name__} {shown(d)}"
        )
        raise ParameterError(msg)
    return td_micros(d)


def _intersect(a: list[Piece], b: list[Piece]) -> list[Piece]:
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


def _union(a: list[Piece], b: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for s, e, d in sorted(a + b):
        if out and s < out[-1][1]:
            ps, pe, pd = out[-1]
            out[-1] = (ps, max(pe, e), pd)
        else:
            out.append((s, e, d))
    return out


def _block(
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
    merged = _union(raw, [])
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
_BREAK_REACH = 62


def _break_days(
    is_working: Callable[[date], bool],
    is_holiday: Callable[[date], bool],
    first: int,
    last: int,
) -> set[int]:
    """Ordinals in ``[first, last]`` inside a holiday break.

    A break is a maximal run of consecutive non-working days holding at least
    one holiday; runs are followed up to ``_BREAK_REACH`` days past the range.
    """
    lo = max(first - _BREAK_REACH, 1)
    hi = min(last + _BREAK_REACH, date.max.toordinal())
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


# --------------------------------------------------------------------------- calendar


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


@attrs.frozen(repr=False)
class BusinessCalendar:
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
            object.__setattr__(self, "years", _to_years(self.years))
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

    def _derive_bounds(self) -> Bounds:
        cover = (
            self._local_midnight(date(_MIN_YEAR, 1, 1)),
            self._local_midnight(date(_MAX_YEAR + 1, 1, 1)),
        )
        trust: tuple[int, int] | None = None
        if self.years is not None:
            first, last = self.years
            if not _MIN_YEAR <= first <= last <= _MAX_YEAR:
                msg = f"years {first}..{last} must lie within {_MIN_YEAR}..{_MAX_YEAR}"
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
            return Bounds(*cover, cover[0], cover[1] - 1, _MIN_YEAR, _MAX_YEAR, trusted=False)
        first_year = from_micros(trust[0], self.zone).year
        last_year = from_micros(trust[1] - 1, self.zone).year
        return Bounds(*cover, *trust, first_year, last_year, trusted=True)

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
        source = _holiday_source(holidays)
        if makeup_hours not in WEEKDAYS:
            msg = f"makeup_hours must be one of {', '.join(WEEKDAYS)}, got {shown(makeup_hours)}"
            raise CalendarError(msg)
        if special_hours is not None and not isinstance(special_hours, Mapping):
            msg = (
                "special_hours must map a date to its hours, such as "
                f"{{'2025-12-31': '09:00-12:00'}}, got {type(special_hours).__name__} "
                f"{shown(special_hours)}"
            )
            raise CalendarError(msg)
        special = tuple(
            sorted(
                (
                    _to_date(k, f"special_hours key {shown(k)}"),
                    parse_windows(v, where=f"special_hours[{shown(k)}]"),
                )
                for k, v in (special_hours or {}).items()
            )
        )
        rules = WeeklyRules(
            hours=weekly_hours,
            holidays=source,
            closed_dates=frozenset(
                _to_date(d, "closed_dates") for d in _dates(closed_dates, "closed_dates")
            ),
            working_dates=frozenset(
                _to_date(d, "working_dates") for d in _dates(working_dates, "working_dates")
            ),
            special_hours=special,
            makeup_weekday=WEEKDAYS.index(makeup_hours),
            holiday_hours=_holiday_hours(holiday_hours, weekly_hours),
            working_days=_day_basis(working_days),
        )
        if weekly_hours.is_empty and not rules.working_dates and not any(w for _, w in special):
            msg = (
                "hours: no weekday has a window, so the calendar would never open; "
                "give at least one, e.g. {'mon-fri': '09:00-17:00'}"
            )
            raise CalendarError(msg)
        return cls(rules, to_zone(zone), years=_to_years(years), name=name)

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
                holidays=_holiday_source(holidays),
                holiday_hours=(_WHOLE_DAY,),
                working_days=_day_basis(working_days),
            ),
            to_zone(zone),
            years=_to_years(years),
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
        if isinstance(self.rules, Composite):
            return self.rules.left.holiday_sources + self.rules.right.holiday_sources
        return (self.rules.holidays,) if self.rules.holidays else ()

    @property
    def holiday_data(self) -> str:
        """Which holiday data applies, e.g. ``"holidays 0.62: CN"``, or ``"none"``."""
        return "; ".join(s.describe() for s in self.holiday_sources) or "none"

    def __repr__(self) -> str:
        label = f"{self.name!r}, " if self.name else ""
        if isinstance(self.rules, Composite):
            sym = "&" if self.rules.op == "intersection" else "|"
            return f"BusinessCalendar({label}{self.rules.left!r} {sym} {self.rules.right!r})"
        hours = self.rules.hours.to_mapping()
        extra = f", holidays={self.holiday_data!r}" if self.rules.holidays else ""
        years = f", years={self.years}" if self.years else ""
        return f"BusinessCalendar({label}{hours}, zone={self.zone!s}{extra}{years})"

    # ------------------------------------------------------------ compile

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

    def _year_of(self, x: int) -> int:
        if not self._bounds.covers(x):
            _uncovered("the instant", self._show(x), "an instant")
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
        if gap < _MAX_SHOWN_DELTA:
            return f"{gap * _ONE_MICRO} {'before' if x < 0 else 'after'} {edge.isoformat()}"
        return f"{x} microseconds from 1970-01-01T00:00:00+00:00"

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
            raw = _intersect(a, b) if rules.op == "intersection" else _union(a, b)
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

            return _block(lo, hi, raw, year, working=working, midnight=midnight)
        special = self._special
        first = date(year - 1, 12, 31).toordinal()
        last = date(year, 12, 31).toordinal()
        breaks = _break_days(rules.is_statutory, rules.is_holiday, first, last)
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
        return _block(
            lo,
            hi,
            raw,
            year,
            working=None
            if rules.working_days == "open"
            else lambda o: statutory(date.fromordinal(o)),
            midnight=midnight,
        )

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

    def _midnight_of(self, o: int) -> int:
        """Epoch µs of the local midnight that starts the date with ordinal ``o``."""
        return self._local_midnight(date.fromordinal(o))

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

    def _pieces(self, a: int, b: int) -> list[Piece]:
        """Open pieces overlapping ``[a, b)``, unclipped (internal; no trust check)."""
        tl = self._spanning(a, b - 1, "open_intervals")
        i = max(bisect_right(tl.starts, a) - 1, 0)
        j = bisect_left(tl.starts, b)
        return list(zip(tl.starts[i:j], tl.ends[i:j], tl.day_of[i:j], strict=True))

    # ------------------------------------------------------------ trust

    def _trusted(self, x: int, what: str) -> None:
        b = self._bounds
        if b.lo <= x <= b.hi:
            return
        if not b.trusted:
            _uncovered(what, self._show(x), "an instant")
        else:
            first, last = b.first, b.last
            msg = (
                f"{what} {self._show(x)} falls outside the trusted years {first}..{last} "
                f"of this calendar ({self.holiday_data}); extend years= once the holiday "
                "notice for that year is in the holidays data, or pass years=None to accept "
                "the package's estimate"
            )
            raise UntrustedYearError(msg, what=what, value=self._show(x), first=first, last=last)

    def _trusted_date(self, d: date, what: str) -> None:
        if not _MIN_YEAR <= d.year <= _MAX_YEAR:
            _uncovered(what, d.isoformat(), "a date")
        b = self._bounds
        if b.trusted:
            first, last = b.first, b.last
            if not first <= d.year <= last:
                msg = (
                    f"{what} {d.isoformat()} falls outside the trusted years {first}..{last} "
                    f"of this calendar ({self.holiday_data}); extend years= once that year's "
                    "holiday notice is in the holidays data"
                )
                raise UntrustedYearError(
                    msg, what=what, value=d.isoformat(), first=first, last=last
                )

    def _grow(self, tl: Timeline, *, forward: bool, what: str, origin: int) -> Timeline:
        """Compile more years in one direction (doubling), within the trusted years and
        :data:`_REACH` years of ``origin``, the year the computation started in."""
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
            if tl.last >= origin + _REACH:
                _too_far(what, origin, origin + _REACH, walking=True)
            end = min(tl.last + span, limit, origin + _REACH)
            return self._index.cover(tl.first, end, around=tl)
        limit = self._bounds.first
        if tl.first <= limit:
            self._exhausted(what, forward=False, limit=limit)
        if tl.first <= origin - _REACH:
            _too_far(what, origin, origin - _REACH, walking=True)
        start = max(tl.first - span, limit, origin - _REACH)
        return self._index.cover(start, tl.last, around=tl)

    def _spanning(self, a: int, b: int, what: str) -> Timeline:
        """A timeline holding both instants, refusing two more than _REACH years apart."""
        ya, yb = self._year_of(a), self._year_of(b)
        if abs(yb - ya) > _REACH:
            _too_far(what, min(ya, yb), max(ya, yb), walking=False)
        return self._index.cover(min(ya, yb), max(ya, yb))

    def _exhausted(self, what: str, *, forward: bool, limit: int) -> None:
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
                f"{first}..{last} ({self.holiday_data}); {fix}"
            )
            raise UntrustedYearError(msg, what=what, value=limit, first=first, last=last)
        msg = f"{what}: the calendar has no open time {where} the year {limit}"
        raise CalendarError(msg, code="calendar.no_open_time", what=what, value=limit)

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

    def previous_close(self, t: datetime) -> datetime:
        """``t`` if open, else the end of the last open window before it."""
        x = micros_of(t, "previous_close(t)")
        self._trusted(x, "t")
        return from_micros(self._previous_close(x), self.zone)

    def _quiet_from(self, x: int, floor: int | None = None) -> int:
        """The earliest instant ``y <= x`` with no open time in ``[y, x)`` (internal),
        no earlier than ``floor`` when given: a clock asks only back to the start of
        its budget, so a calendar with no open time before ``x`` answers ``floor``."""
        if floor is not None and floor >= x:
            return x
        y = self._previous_close(x - 1, floor)
        return x if y == x - 1 and self._index.at(y).open_at(y) else y

    def _previous_close(self, x: int, floor: int | None = None) -> int:
        """:meth:`previous_close` on an instant as integer microseconds; ``floor`` when
        no window ends between ``floor`` and ``x``."""
        tl = self._index.at(x)
        while True:
            i = bisect_right(tl.starts, x) - 1
            if i >= 0:
                end = min(x, tl.ends[i])
                return end if floor is None else max(end, floor)
            if floor is not None and tl.lo <= floor:
                return floor
            tl = self._grow(tl, forward=False, what="previous_close", origin=self._year_of(x))

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
        dm = td_micros(d) if type(d) is timedelta else _check_delta(d, "add(t, d): d")
        return from_micros(self._add_micros(x, dm), self.zone)

    def _add_micros(self, x: int, dm: int) -> int:
        """:meth:`add` on an instant and a duration as integer microseconds: one
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
            if abs(dm) > _REACH_MICROS:  # ends past _REACH years: say so before compiling
                _too_far("add", origin, origin + (_REACH if dm > 0 else -_REACH), walking=True)
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
            where = f"after the end of the year {_MAX_YEAR}"
        else:
            if x + dm >= b.lo:
                return
            if b.trusted:
                self._exhausted("add", forward=False, limit=b.first)
            where = f"before the start of the year {_MIN_YEAR}"
        msg = (
            f"add: {dm * _ONE_MICRO if abs(dm) < _MAX_SHOWN_DELTA else 'a duration'} of open "
            f"time from {self._show(x)} would end {where}, the bound of every calendar (open "
            "time never runs faster than the clock); check the duration"
        )
        raise CalendarError(msg)

    def between(self, a: datetime, b: datetime) -> timedelta:
        """Open time in ``[a, b)``; negative when ``b`` is before ``a``.

        ``between(t, add(t, d)) == d`` for every ``t`` and every ``d >= 0``.
        """
        xa = micros_of(a, "between(a, b): a")
        xb = micros_of(b, "between(a, b): b")
        return self._open_between(xa, xb) * _ONE_MICRO

    # Integer-microsecond forms for the clock, escalation and the column forms (no
    # datetime round trips); the public methods above are these on datetimes.

    def _open_between(self, xa: int, xb: int) -> int:
        """Open microseconds in ``[xa, xb)``: :meth:`between` on instants as integers."""
        b = self._bounds  # (an instant past the cover is refused by _spanning)
        if b.trusted and not (b.lo <= xa <= b.hi and b.lo <= xb <= b.hi):
            self._trusted(xa, "a")
            self._trusted(xb, "b")
        tl = self._index.timeline
        if tl is None or not (tl.lo <= xa < tl.hi and tl.lo <= xb < tl.hi):
            tl = self._spanning(xa, xb, "between")
        return tl.cumulative(xb) - tl.cumulative(xa)

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
        return tuple((from_micros(s, self.zone), from_micros(e, self.zone)) for s, e in out)

    # ------------------------------------------------------------ working days

    def _days(self, year: int) -> Timeline:
        return self._index.cover(year, year)

    def _local_date(self, value: date | datetime, where: str) -> date:
        if isinstance(value, datetime):
            x = micros_of(value, where)
            if not self._bounds.covers(x):  # its local date is in no covered year
                _uncovered(where, self._show(x), "an instant")
            return from_micros(x, self.zone).date()
        if isinstance(value, date):
            return value
        msg = (
            f"{where} must be a date or an aware datetime, "
            f"got {type(value).__name__} {shown(value)}"
        )
        raise ParameterError(msg)

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
        o = day.toordinal()
        tl = self._days(day.year)
        i = bisect_left(tl.open_days, o)
        return i < len(tl.open_days) and tl.open_days[i] == o

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
        o = day.toordinal()
        if not _break_days(self._statutory, self._holiday, o, o):
            return None
        first = last = day
        for _ in range(_BREAK_REACH):
            prev = first - timedelta(days=1)
            if self._statutory(prev):
                break
            first = prev
        for _ in range(_BREAK_REACH):
            nxt = last + timedelta(days=1)
            if self._statutory(nxt):
                break
            last = nxt
        return first, last

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

    def _nth_day(self, day: date, n: int, what: str = "add_working_days") -> int:
        # Each working day is at least a calendar day: a count past the covered years is
        # refused at once, not after compiling every year up to them (checked only for
        # long counts, off the hot path; short ones meet the bounds in the walk).
        if abs(n) > 366:
            room = (date(_MAX_YEAR, 12, 31) - day) if n > 0 else (day - date(_MIN_YEAR, 1, 1))
            if abs(n) > room.days:
                end = f"after the year {_MAX_YEAR}" if n > 0 else f"before the year {_MIN_YEAR}"
                msg = (
                    f"{what}: {n} working days from {day.isoformat()} end {end}, past the "
                    f"years {_MIN_YEAR}..{_MAX_YEAR} a calendar covers; check the number of days"
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

    def close_of_business(self, d: date | datetime) -> datetime | None:
        """The end of the last window of the local date ``d``, or None if the unit has none.

        An overnight window belongs to the date it starts on, so a night shift's
        close is the next morning.
        """
        day = self._local_date(d, "close_of_business(d)")
        self._trusted_date(day, "the date")
        o = day.toordinal()
        tl = self._days(day.year)
        i = bisect_left(tl.open_days, o)
        if i < len(tl.open_days) and tl.open_days[i] == o:
            return from_micros(tl.open_closes[i], self.zone)
        return None

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

    def _close_of(self, o: int) -> int | None:
        tl = self._days(date.fromordinal(o).year)
        i = bisect_left(tl.days, o)
        if i < len(tl.days) and tl.days[i] == o:
            return tl.closes[i]
        return None

    def deemed_receipt_day(self, received: datetime, cutoff: time | None = None) -> date:
        """The working day a request counts as received on.

        The local date of ``received`` in the calendar's zone, unless that date is
        not a working day, or ``received`` is at or after ``cutoff`` (local wall
        time), or at or after that day's close of business: then the next working
        day.
        """
        x = micros_of(received, "deemed_receipt_day(received)")
        self._trusted(x, "received")
        return date.fromordinal(self._deemed(x, _check_cutoff(cutoff)))

    def _deemed(self, x: int, cutoff: time | None) -> int:
        local = from_micros(x, self.zone)
        o = local.toordinal()
        close = self._close_of(o)
        if close is not None and x < close and (cutoff is None or local.time() < cutoff):
            return o
        return self._nth_day(local.date(), 1)

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
        self._check_period(n, counting, "working_day_deadline")
        return from_micros(self._deadline(x, n, _check_cutoff(cutoff), counting), self.zone)

    @staticmethod
    def _check_period(n: object, counting: object, what: str) -> None:
        # The checks of working_day_deadline and its column form.
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            msg = f"{what}: n must be a whole number of working days >= 0, got {shown(n)}"
            raise ParameterError(msg)
        if counting not in _COUNTINGS:
            msg = f"{what}: counting must be one of {', '.join(_COUNTINGS)}, got {shown(counting)}"
            raise ParameterError(msg)
        if counting == "receipt_day_counted" and n == 0:
            msg = f"{what}: with counting='receipt_day_counted', n must be at least 1"
            raise ParameterError(msg)

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
        self._check_day_period(n, unit, "period_deadline")
        return from_micros(self._period(x, n, unit, _check_cutoff(cutoff)), self.zone)

    @staticmethod
    def _check_day_period(n: object, unit: object, what: str) -> None:
        # The checks of period_deadline and its column form.
        if unit not in _UNITS:
            msg = f"{what}: unit must be one of {', '.join(_UNITS)}, got {shown(unit)}"
            raise ParameterError(msg)
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            msg = f"{what}: n must be a whole number of {unit} >= 1, got {shown(n)}"
            raise ParameterError(msg)

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
                f"{_MAX_YEAR}; give a shorter period"
            )
            raise CalendarError(msg) from None
        self._trusted_date(last, "the period's last day")
        return self._end_of(self._nth_day(last, 0))

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

    def _days_between(self, da: date, db: date) -> int:
        first, last = min(da.year, db.year), max(da.year, db.year)
        if last - first > _REACH:
            _too_far("working_days_between", first, last, walking=False)
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
        self._check_period(n, counting, "working_day_deadline_many")
        return _columns.working_day_deadline_many(
            self, received, n, _check_cutoff(cutoff), counting
        )

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
        self._check_day_period(n, unit, "period_deadline_many")
        return _columns.period_deadline_many(self, received, n, unit, _check_cutoff(cutoff))

    def working_days_between_many(self, a: object, b: object) -> object:
        """:meth:`working_days_between` on every row of two columns of instants.

        Returns int64 counts in the kind of ``a``: for numpy input a numpy int64
        array (a masked array when rows are missing), a nullable ``Int64``
        Series for pandas, Int64 with nulls for polars and Arrow.
        """
        return _columns.working_days_between_many(self, a, b)


def _check_cutoff(cutoff: object) -> time | None:
    if cutoff is None:
        return None
    if not isinstance(cutoff, time):
        msg = (
            "cutoff must be a time of day such as time(16, 0), "
            f"got {type(cutoff).__name__} {shown(cutoff)}"
        )
        raise ParameterError(msg)
    if cutoff.tzinfo is not None:
        msg = (
            f"cutoff {shown(cutoff)} carries a zone; give it as a wall time in the calendar's "
            "zone, e.g. time(16, 0)"
        )
        raise ParameterError(msg)
    return cutoff
