"""What defines a calendar's days: its rules, and the readers of its constructor's arguments.

:class:`WeeklyRules` says which windows a local date has and whether it is a
working day (工作日); :class:`Composite` combines two calendars. The readers
below turn what :meth:`BusinessCalendar.weekly` and ``always_open`` are given
(a zone name, ISO dates, a holiday code, ``holiday_hours=`` text, ``years=``)
into those rules' fields, or refuse it with a :class:`CalendarError` naming the
argument and the fix. Nothing here compiles or computes: that is ``_compile``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Literal

import attrs

from svcquality._fields import shown, zone_of
from svcquality._types import DayBasis
from svcquality.calendars._holidays import HolidaySource
from svcquality.calendars._hours import WEEKDAYS, WeeklyHours, Window, parse_windows
from svcquality.errors import CalendarError

if TYPE_CHECKING:
    from svcquality.calendars._calendar import BusinessCalendar

__all__ = ["Composite", "WeeklyRules"]


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


def holiday_sources_of(rules: WeeklyRules | Composite) -> tuple[HolidaySource, ...]:
    """Every holiday source the rules (or the parts they combine) use."""
    if isinstance(rules, Composite):
        return rules.left.holiday_sources + rules.right.holiday_sources
    return (rules.holidays,) if rules.holidays else ()


def holiday_data_of(rules: WeeklyRules | Composite) -> str:
    """Which holiday data applies, e.g. ``"holidays 0.62: CN"``, or ``"none"``."""
    return "; ".join(s.describe() for s in holiday_sources_of(rules)) or "none"


# --------------------------------------------------------------------------- readers


def to_zone(value: object) -> tzinfo:
    """A zone from an IANA name or a tzinfo; the rulebook reads zones with it too."""
    return zone_of(value, "zone", CalendarError)


def to_date(value: object, where: str) -> date:
    """A date, or ISO date text such as ``"2025-10-01"``, as a date; a datetime is refused
    (its date is ``value.date()``, said so), anything else is a CalendarError naming ``where``.
    """
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


def to_dates(value: object, where: str) -> frozenset[date]:
    """A list (a set, a tuple) of dates or ISO date texts, or CalendarError naming ``where``."""
    if isinstance(value, (str, bytes, date, Mapping)) or not isinstance(value, Iterable):
        msg = (
            f"{where} must be a list of dates such as ['2025-10-01'] (or () for none), "
            f"got {type(value).__name__} {shown(value)}"
        )
        raise CalendarError(msg)
    return frozenset(to_date(d, where) for d in value)


def to_years(value: object) -> tuple[int, int] | None:
    """``years=`` as a ``(first, last)`` pair, from a range or a pair (None: no bound)."""
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


def holiday_source(value: object) -> HolidaySource | None:
    """``holidays=``: a country code such as ``"CN"`` or ``"US-NY"``, a source, or None."""
    source = HolidaySource.parse(value) if isinstance(value, str) else value
    if source is not None and not isinstance(source, HolidaySource):
        msg = (
            "holidays must be a country code such as 'CN', "
            f"a HolidaySource or None, got {shown(source)}"
        )
        raise CalendarError(msg)
    return source


#: The one window of a day open around the clock (a 7×24 unit's holiday hours).
WHOLE_DAY = Window(timedelta(0), timedelta(days=1))
_HOLIDAY_HOURS = "'closed', '24h', 'weekly' or windows such as '10:00-16:00'"


def holiday_windows(value: object, hours: WeeklyHours) -> tuple[Window, ...] | None:
    """``holiday_hours=`` as windows (``()``: closed) or None for the weekly pattern."""
    if value is None:
        return (WHOLE_DAY,) if hours == WeeklyHours.always() else ()
    if isinstance(value, str) and value.strip().lower() in {"weekly", "每周"}:
        return None
    if not isinstance(value, (str, Window, list, tuple)):
        msg = f"holiday_hours must be {_HOLIDAY_HOURS}, got {type(value).__name__} {shown(value)}"
        raise CalendarError(msg)
    return parse_windows(value, where="holiday_hours")


def day_basis(value: object) -> DayBasis:
    """``working_days=``: ``"statutory"`` or ``"open"``."""
    if value == "statutory":
        return "statutory"
    if value == "open":
        return "open"
    msg = (
        f"working_days must be 'statutory' (the country's 工作日, the default) or 'open' "
        f"(the unit's own open days), got {shown(value)}"
    )
    raise CalendarError(msg)


def makeup_weekday(value: object) -> int:
    """``makeup_hours=``: the weekday (``"mon"``..``"sun"``) as 0 (Monday) to 6."""
    if value not in WEEKDAYS:
        msg = f"makeup_hours must be one of {', '.join(WEEKDAYS)}, got {shown(value)}"
        raise CalendarError(msg)
    return WEEKDAYS.index(value)


def special_hours_of(value: object) -> tuple[tuple[date, tuple[Window, ...]], ...]:
    """``special_hours=``: a mapping of a date (or ISO text) to its hours, sorted by date."""
    if value is not None and not isinstance(value, Mapping):
        msg = (
            "special_hours must map a date to its hours, such as "
            f"{{'2025-12-31': '09:00-12:00'}}, got {type(value).__name__} "
            f"{shown(value)}"
        )
        raise CalendarError(msg)
    return tuple(
        sorted(
            (
                to_date(k, f"special_hours key {shown(k)}"),
                parse_windows(v, where=f"special_hours[{shown(k)}]"),
            )
            for k, v in (value or {}).items()
        )
    )
