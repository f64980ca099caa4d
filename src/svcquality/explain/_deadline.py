"""A period's deadline explained: the receipt, the deemed receipt day, each day
counted or skipped with its reason, and the close of business that ends it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Literal

import attrs
from dateutil.relativedelta import relativedelta

from svcquality._fields import Language, language_of, shown
from svcquality._instants import micros_of
from svcquality.calendars import BusinessCalendar, WeeklyRules
from svcquality.errors import ParameterError
from svcquality.explain._text import _PHRASES, _period_lines
from svcquality.promises import Target

#: Why a day counts or not: a statutory ``"working_day"``, a ``"makeup_day"``
#: (调休上班), an ``"extra_working_day"`` (``working_dates``), an ``"open_day"``
#: (``working_days="open"``); or a ``"holiday"``, a ``"break_day"`` (a weekend
#: day inside a holiday break), a ``"weekend"``, a ``"closed_date"``, a day with
#: ``"no_hours"`` (``working_days="open"``), or ``"not_working"`` (a combined
#: calendar says no).
DayReason = Literal[
    "working_day",
    "makeup_day",
    "extra_working_day",
    "open_day",
    "holiday",
    "break_day",
    "weekend",
    "closed_date",
    "no_hours",
    "not_working",
]

#: Why a receipt is deemed received on a later working day.
DeemedReason = Literal["same_day", "not_a_working_day", "after_cutoff", "after_close"]


@attrs.frozen
class DayNote:
    """One date of a period and whether it counts.

    Attributes:
        day: the local date.
        working: whether it is a working day of the calendar.
        reason: why (see :data:`DayReason`).
        holiday: the holiday's name in Chinese (国庆节), or None.
        holiday_en: the holiday's name in English (National Day), or None.
        index: the working day's number in the period (1 = the first), or None.
        holiday_break: the ``(first, last)`` dates of the break it lies in, or None.
        open_day: whether the unit has opening hours that day.
    """

    day: date
    working: bool
    reason: DayReason
    holiday: str | None = None
    holiday_en: str | None = None
    index: int | None = None
    holiday_break: tuple[date, date] | None = None
    open_day: bool = True


@attrs.frozen
class DeadlineExplanation:
    """A period's deadline with every step that decides it.

    Attributes:
        target: the period (``Target.working_days``, ``Target.days``,
            ``Target.months``).
        received: the receipt instant, in the calendar's zone.
        receipt_day: the local date of the receipt.
        deemed_day: the day the period is counted from (the deemed receipt day of
            a working-day period; the receipt day, or the next date after a
            cut-off, of a day or month period).
        deemed_reason: why the deemed day is not the receipt day (or ``"same_day"``).
        nominal_last: the last day before Art. 203 moves it (day and month
            periods), else the last working day.
        last_day: the period's last day, a working day.
        days: every date from the day after ``deemed_day`` to ``last_day``, with
            its reason (working-day periods); for day and month periods the dates
            from ``nominal_last`` to ``last_day``.
        due: the deadline.
        ends_at_close: True when ``due`` is the close of business of ``last_day``,
            False when it is 24:00 (the unit has no hours that day).
    """

    target: Target
    received: datetime
    receipt_day: date
    deemed_day: date
    deemed_reason: DeemedReason
    nominal_last: date
    last_day: date
    days: tuple[DayNote, ...]
    due: datetime
    ends_at_close: bool

    def text(self, *, language: Language = "zh") -> str:
        """The explanation as lines of text, in Chinese (default) or English."""
        language = language_of(language, "DeadlineExplanation.text", ParameterError)
        return "\n".join(_period_lines(self, _PHRASES[language]))


def explain_deadline(
    target: Target,
    received: datetime,
    calendar: BusinessCalendar,
) -> DeadlineExplanation:
    """Explain when a period received at ``received`` ends on ``calendar``, and why.

    Args:
        target: a ``Target.working_days``, ``Target.days`` or ``Target.months``.
        received: the receipt instant (aware).
        calendar: the calendar the period is counted on.

    Returns:
        A :class:`DeadlineExplanation` whose ``due`` equals
        ``target.deadline(received, calendar)``.

    Raises:
        ParameterError: the target is not a period, or a bad argument.

    Example:
        >>> from zoneinfo import ZoneInfo
        >>> SH = ZoneInfo("Asia/Shanghai")
        >>> desk = BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone=SH, holidays="CN")
        >>> why = explain_deadline(Target.days(15), datetime(2025, 9, 20, 16, 30, tzinfo=SH), desk)
        >>> why.last_day, why.due.hour
        (datetime.date(2025, 10, 9), 17)
    """
    if not isinstance(target, Target) or target.kind not in ("working_days", "days", "months"):
        msg = (
            f"explain_deadline: target must be a period (Target.working_days, Target.days or "
            f"Target.months), got {shown(target)}"
        )
        raise ParameterError(msg)
    if not isinstance(calendar, BusinessCalendar):
        msg = f"explain_deadline: calendar must be a BusinessCalendar, got {shown(calendar)}"
        raise ParameterError(msg)
    micros_of(received, "explain_deadline(received)")
    due = target.deadline(received, calendar)
    local = received.astimezone(calendar.zone)
    receipt = local.date()
    n = target.count
    assert n is not None
    cut = target.cutoff
    if target.kind == "working_days" and target.counting != "calendar_days":
        deemed = calendar.deemed_receipt_day(received, cut)
        reason = _deemed_reason(calendar, local, receipt, deemed, cut)
        steps = n - 1 if target.counting == "receipt_day_counted" else n
        last = calendar.add_working_days(deemed, steps) if steps else deemed
        notes = _notes(calendar, deemed + timedelta(days=1), last, count=True)
        nominal = last
    else:
        after_cut = cut is not None and local.time().replace(fold=0) >= cut
        deemed = receipt + timedelta(days=1) if after_cut else receipt
        reason = "after_cutoff" if after_cut else "same_day"
        if target.kind == "months":
            nominal = deemed + relativedelta(months=n)
        else:
            nominal = deemed + timedelta(days=n)
        last = calendar.add_working_days(nominal, 0)
        notes = _notes(calendar, nominal, last, count=False)
    close = calendar.close_of_business(last)
    return DeadlineExplanation(
        target=target,
        received=local,
        receipt_day=receipt,
        deemed_day=deemed,
        deemed_reason=reason,
        nominal_last=nominal,
        last_day=last,
        days=notes,
        due=due,
        ends_at_close=close is not None and close == due,
    )


def _deemed_reason(
    cal: BusinessCalendar, local: datetime, receipt: date, deemed: date, cut: time | None
) -> DeemedReason:
    if deemed == receipt:
        return "same_day"
    if not cal.is_working_day(receipt):
        return "not_a_working_day"
    if cut is not None and local.time().replace(fold=0) >= cut:
        return "after_cutoff"
    return "after_close"


def _dates(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


def _notes(cal: BusinessCalendar, first: date, last: date, *, count: bool) -> tuple[DayNote, ...]:
    out: list[DayNote] = []
    index = 0
    for d in _dates(first, last):
        working = cal.is_working_day(d)
        reason, named = _classify(cal, d, working)
        src = cal.rules.holidays if isinstance(cal.rules, WeeklyRules) else None
        zh = en = None
        if named and src is not None:
            zh, en = _holiday_name(src.name(d)), _holiday_name(src.name(d, language="en"))
        if working and count:
            index += 1
        out.append(
            DayNote(
                day=d,
                working=working,
                reason=reason,
                holiday=zh,
                holiday_en=en,
                index=index if working and count else None,
                holiday_break=None if working else cal.holiday_break(d),
                open_day=cal.is_open_day(d),
            )
        )
    return tuple(out)


def _holiday_name(name: str | None) -> str | None:
    """A holiday's own name; a substituted rest day (休息日（由…调休）, Day off) has none."""
    if name is None or "调休" in name or name.lower().startswith("day off"):
        return None
    return name


def _classify(cal: BusinessCalendar, d: date, working: bool) -> tuple[DayReason, bool]:
    """The day's reason, and whether its holiday name (if any) is worth showing."""
    rules = cal.rules
    if not isinstance(rules, WeeklyRules):
        return ("working_day" if working else "not_working"), False
    src = rules.holidays
    if rules.working_days == "open":
        return ("open_day" if working else "no_hours"), True
    if d in rules.closed_dates:
        return "closed_date", True
    if d in rules.working_dates:
        return "extra_working_day", True
    if src is not None and d in src.year(d.year).makeup:
        return "makeup_day", False
    if working:
        return "working_day", False
    if rules.is_holiday(d):
        return "holiday", True
    if cal.holiday_break(d) is not None:
        return "break_day", False
    return "weekend", False
