"""Why is it due then: a period's deadline, step by step, as data and as text.

An auditor, a regulator or a customer on the phone asks "为什么是10月9日？".
:func:`explain_deadline` answers for a working-day, day or month period on a
calendar: the receipt, the deemed receipt day and why, each day counted or
skipped with its reason (a holiday and its name, a day of a holiday break, a
weekend, a make-up working day), the last day and the close of business that
ends it. :meth:`DeadlineExplanation.text` writes it in Chinese or English.

The explanation is computed by the same calendar rules as the deadline, and
its ``due`` always equals ``target.deadline(received, calendar)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Literal

import attrs
from dateutil.relativedelta import relativedelta

from svcquality._fields import Language, language_of, shown
from svcquality._instants import micros_of
from svcquality._logs import LogEntry
from svcquality._types import RetargetPolicy
from svcquality.calendars import BusinessCalendar, WeeklyRules
from svcquality.clock import Extended, Status, read_clock
from svcquality.durations import format_duration, human_duration
from svcquality.errors import ParameterError
from svcquality.promises import Promise, Target

__all__ = [
    "DayNote",
    "DayReason",
    "DeadlineExplanation",
    "DeemedReason",
    "DueExplanation",
    "PauseNote",
    "WindowNote",
    "explain_deadline",
    "explain_due",
]

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

_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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
        return "\n".join(_lines_zh(self) if language == "zh" else _lines_en(self))


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


# --------------------------------------------------------------------------- text


def _zh_day(d: date) -> str:
    return f"{d.month}月{d.day}日（{_WEEKDAYS_ZH[d.weekday()]}）"


def _en_day(d: date) -> str:
    return f"{_WEEKDAYS_EN[d.weekday()]} {d.isoformat()}"


def _clock(t: datetime) -> str:
    return f"{t:%Y-%m-%d %H:%M}"


def _due(e: DeadlineExplanation) -> str:
    """The deadline as the law writes it: 24:00 of the last day, not 00:00 of the next."""
    due = e.due
    if due.time() == datetime.min.time() and due.date() == e.last_day + timedelta(days=1):
        return f"{e.last_day.isoformat()} 24:00"
    return _clock(due)


def _runs(notes: tuple[DayNote, ...]) -> Iterator[list[DayNote]]:
    """Consecutive notes grouped: each counted day alone, skipped days by run."""
    run: list[DayNote] = []
    for note in notes:
        if note.working:
            if run:
                yield run
                run = []
            yield [note]
        else:
            run.append(note)
    if run:
        yield run


_ZH_REASON = {
    "holiday": "法定节假日",
    "break_day": "放假期间的周末",
    "weekend": "周末",
    "closed_date": "另行规定的休息日",
    "no_hours": "不营业",
    "not_working": "非工作日",
}
_EN_REASON = {
    "holiday": "public holiday",
    "break_day": "weekend inside the holiday break",
    "weekend": "weekend",
    "closed_date": "extra rest day",
    "no_hours": "no opening hours",
    "not_working": "not a working day",
}


def _skipped_zh(run: list[DayNote]) -> str:
    first, last = run[0], run[-1]
    span = _zh_day(first.day) if first is last else f"{_zh_day(first.day)}至{_zh_day(last.day)}"
    names = list(dict.fromkeys(n.holiday for n in run if n.holiday))
    brk = first.holiday_break
    if brk is not None:
        why = f"放假（{brk[0].month}月{brk[0].day}日至{brk[1].month}月{brk[1].day}日"
        why += f"，{'、'.join(names)}）" if names else "）"
    else:
        why = "、".join(dict.fromkeys(_ZH_REASON[n.reason] for n in run))
    return f"  {span}：{why}，不计入"


def _skipped_en(run: list[DayNote]) -> str:
    first, last = run[0], run[-1]
    span = _en_day(first.day) if first is last else f"{_en_day(first.day)} to {_en_day(last.day)}"
    names = list(dict.fromkeys(n.holiday_en for n in run if n.holiday_en))
    brk = first.holiday_break
    if brk is not None:
        why = f"holiday break {brk[0].isoformat()} to {brk[1].isoformat()}"
        why += f" ({', '.join(names)})" if names else ""
    else:
        why = ", ".join(dict.fromkeys(_EN_REASON[n.reason] for n in run))
    return f"  {span}: {why}, not counted"


def _lines_zh(e: DeadlineExplanation) -> Iterator[str]:
    yield f"收到时间：{_clock(e.received)}（{_WEEKDAYS_ZH[e.received.weekday()]}）"
    kind, n = e.target.kind, e.target.count
    deemed = {
        "same_day": "",
        "not_a_working_day": "收到当日不是工作日，",
        "after_cutoff": "收到时间在截止时间之后，",
        "after_close": "收到时间在当日营业终了之后，",
    }[e.deemed_reason]
    if kind == "working_days" and e.target.counting != "calendar_days":
        if deemed:
            yield f"{deemed}视为{_zh_day(e.deemed_day)}收到"
        if n == 0:
            yield f"当日办结：期限为{_zh_day(e.last_day)}"
        else:
            yield f"{n}个工作日，自次日起算（收到当日不计，民法典第二百零一条）："
            for run in _runs(e.days):
                if run[0].working:
                    note = run[0]
                    extra = "（调休上班）" if note.reason == "makeup_day" else ""
                    extra += "" if note.open_day else "（当日无营业时间）"
                    yield f"  第{note.index}个工作日：{_zh_day(note.day)}{extra}"
                else:
                    yield _skipped_zh(run)
    else:
        unit = "日" if kind == "days" else "个月"
        if deemed:
            yield f"{deemed}视为{_zh_day(e.deemed_day)}收到"
        article = "民法典第二百零一条" if kind == "days" else "民法典第二百零一条、第二百零二条"
        yield (f"{n}{unit}，自次日起算（{article}），期间最后一日为{_zh_day(e.nominal_last)}")
        if e.last_day != e.nominal_last:
            yield _skipped_zh([d for d in e.days if not d.working])
            yield (
                f"最后一日不是工作日，以其后第一个工作日{_zh_day(e.last_day)}"
                "为期间最后一日（民法典第二百零三条）"
            )
    end = "当日营业终了" if e.ends_at_close else "当日二十四时（当日无营业时间）"
    yield f"截止时间：{_due(e)}，{end}（民法典第二百零三条）"


def _lines_en(e: DeadlineExplanation) -> Iterator[str]:
    yield f"Received: {_clock(e.received)} ({_WEEKDAYS_EN[e.received.weekday()]})"
    kind, n = e.target.kind, e.target.count
    deemed = {
        "same_day": "",
        "not_a_working_day": "the receipt day is not a working day",
        "after_cutoff": "received at or after the cut-off",
        "after_close": "received at or after the close of business",
    }[e.deemed_reason]
    if deemed:
        yield f"Deemed received on {_en_day(e.deemed_day)}: {deemed}"
    if kind == "working_days" and e.target.counting != "calendar_days":
        if n == 0:
            yield f"Same business day: {_en_day(e.last_day)}"
        else:
            yield (
                f"{n} working days from the next day (the receipt day is not counted, "
                "Civil Code Art. 201):"
            )
            for run in _runs(e.days):
                if run[0].working:
                    note = run[0]
                    extra = " (make-up working day)" if note.reason == "makeup_day" else ""
                    extra += "" if note.open_day else " (no opening hours)"
                    yield f"  working day {note.index}: {_en_day(note.day)}{extra}"
                else:
                    yield _skipped_en(run)
    else:
        unit = "days" if kind == "days" else "months"
        yield (
            f"{n} {unit} from the next day (Civil Code Art. 201"
            f"{', 202' if kind == 'months' else ''}): the last day is {_en_day(e.nominal_last)}"
        )
        if e.last_day != e.nominal_last:
            yield _skipped_en([d for d in e.days if not d.working])
            yield (
                f"The last day is not a working day: the period ends on the next working day, "
                f"{_en_day(e.last_day)} (Art. 203)"
            )
    end = "the close of business" if e.ends_at_close else "24:00 (no opening hours that day)"
    yield f"Due: {_due(e)}, {end} (Art. 203)"


# --------------------------------------------------------------------------- a clock's due


@attrs.frozen
class WindowNote:
    """One stretch of open time a business-hours target counts.

    Attributes:
        start: where the stretch begins (the start of the count, or an opening).
        end: where it ends (a break, the close of business, or the due instant).
        counted: the open time it gives.
    """

    start: datetime
    end: datetime
    counted: timedelta


@attrs.frozen
class PauseNote:
    """One pause of the clock and what it kept out of the count.

    Attributes:
        start: when the clock stopped.
        end: when it ran again, or None while it stands still at ``now``.
        reason: the reason the log gives (``"等待客户补充材料"``), or ``""``.
        excluded: the target's measure inside the pause (open time on the
            calendar the target is counted on; clock time for a wall target),
            up to ``now`` while it lasts: time the customer is not charged for.
    """

    start: datetime
    end: datetime | None
    reason: str
    excluded: timedelta


@attrs.frozen
class DueExplanation:
    """Why a request's milestone is due when its clock says, step by step.

    Every figure is the clock's own (``due``, ``original_due``, ``status`` are
    those of :func:`svcquality.read_clock` at ``now``); the explanation adds the
    steps that lead to them.

    Attributes:
        milestone: the milestone, e.g. ``"resolve"``.
        target: the promise's own target for it (before any extension).
        started_at: where the count starts (the opening, or a restart).
        now: the instant read at.
        period: for a working-day, day or month target, the period's deadline
            from ``started_at`` with every day counted or skipped
            (:class:`DeadlineExplanation`); None otherwise.
        windows: for a business-hours target, the open stretches that make up
            the target from ``started_at`` with no pause; empty otherwise.
        skipped: the days between those stretches with no open time, each with
            its reason (a holiday, a weekend).
        original_due: the due instant with no pause and no extension.
        pauses: each pause of the milestone's cycle from ``started_at`` on,
            until the milestone was met.
        extensions: the ``Extended`` events in force, oldest first.
        retargets: ``(at, promise name, policy)`` of each severity change.
        due: the due instant now.
        status: where the milestone stands.
        met_at: when it was met, or None.
        late_by: for a breached milestone, the target's measure from ``due`` to
            ``met_at`` (or ``now``); None otherwise.
        remaining: what is left of the measure at ``now`` while it runs or is paused.
    """

    milestone: str
    target: Target
    started_at: datetime
    now: datetime
    period: DeadlineExplanation | None
    windows: tuple[WindowNote, ...]
    skipped: tuple[DayNote, ...]
    original_due: datetime
    pauses: tuple[PauseNote, ...]
    extensions: tuple[Extended, ...]
    retargets: tuple[tuple[datetime, str, RetargetPolicy], ...]
    due: datetime
    status: Status
    met_at: datetime | None
    late_by: timedelta | None
    remaining: timedelta

    def text(self, *, language: Language = "zh") -> str:
        """The explanation as lines of text, in Chinese (default) or English."""
        language = language_of(language, "DueExplanation.text", ParameterError)
        return "\n".join(_due_zh(self) if language == "zh" else _due_en(self))


def explain_due(
    promise: Promise, log: Iterable[LogEntry], now: datetime, milestone: str
) -> DueExplanation:
    """Explain why a request's ``milestone`` is due when :func:`read_clock` says.

    The answer to "为什么是15:00？" for a live request: where the count starts,
    the target and how it is counted (each day of a period with its reason, or
    each stretch of open time of a business-hours target), the original due
    instant, each pause with the open time it kept out, each extension and
    severity change, the due instant now and how the milestone stands.

    Args:
        promise: the promise the request was opened under.
        log: the request's events, as for :func:`read_clock`.
        now: the instant to read at (aware).
        milestone: the milestone to explain.

    Returns:
        A :class:`DueExplanation` whose ``due``, ``original_due`` and ``status``
        are those of ``read_clock(promise, log, now).milestones[milestone]``.

    Raises:
        ParameterError: the milestone is not one of the promise's.
        EventLogError: an impossible log (as :func:`read_clock`).
    """
    reading = read_clock(promise, log, now)
    m = reading.milestones.get(milestone) if isinstance(milestone, str) else None
    if m is None and isinstance(milestone, str) and milestone in reading.promise.replies:
        msg = f"explain_due: {reading.promise._unknown(milestone)}"
        raise ParameterError(msg)
    if m is None:
        known = ", ".join(map(repr, reading.milestones))
        msg = f"explain_due: unknown milestone {shown(milestone)}; the promise has {known}"
        raise ParameterError(msg)
    cycle = reading.cycles[m.cycle]
    own = cycle.promise.milestones[milestone]
    cal = cycle.promise.calendar
    measure = _measure(own, cal)
    end = m.met_at if m.met_at is not None else reading.now
    period: DeadlineExplanation | None = None
    windows: tuple[WindowNote, ...] = ()
    skipped: tuple[DayNote, ...] = ()
    if cal is not None and own.kind in ("working_days", "days", "months"):
        period = explain_deadline(own, m.started_at, cal)
    elif cal is not None and own.kind == "business":
        windows, skipped = _windows(cal, m.started_at, m.original_due)
    pauses = tuple(
        PauseNote(a, b, why, measure(a, min(b or end, end)) if a < end else timedelta(0))
        for a, b, why in cycle.pauses
        if a >= m.started_at and a < end
    )
    late = measure(m.due, end) if m.status is Status.BREACHED else None
    return DueExplanation(
        milestone=milestone,
        target=own,
        started_at=m.started_at,
        now=reading.now,
        period=period,
        windows=windows,
        skipped=skipped,
        original_due=m.original_due,
        pauses=pauses,
        extensions=m.extensions,
        retargets=cycle.retargets,
        due=m.due,
        status=m.status,
        met_at=m.met_at,
        late_by=late,
        remaining=m.remaining,
    )


def _measure(
    target: Target, cal: BusinessCalendar | None
) -> Callable[[datetime, datetime], timedelta]:
    """How the target counts time between two instants (as the clock does)."""
    if target.kind == "wall" or cal is None:
        return lambda a, b: max(b - a, timedelta(0))
    counted = cal if target.kind == "business" else cal.working_hours()
    return lambda a, b: counted.between(a, b) if b > a else timedelta(0)


def _windows(
    cal: BusinessCalendar, start: datetime, due: datetime
) -> tuple[tuple[WindowNote, ...], tuple[DayNote, ...]]:
    spans = cal.open_intervals(start, due) if due > start else ()
    notes = tuple(WindowNote(a, b, cal.between(a, b)) for a, b in spans)
    days: list[DayNote] = []
    for before, after in itertools.pairwise(notes):
        first = before.end.astimezone(cal.zone).date() + timedelta(days=1)
        last = after.start.astimezone(cal.zone).date() - timedelta(days=1)
        if first <= last:
            days.extend(_notes(cal, first, last, count=False))
    return notes, tuple(days)


def _target_words(target: Target, *, zh: bool) -> str:
    """The target as the rulebook writes it, and how its working days are counted
    when the grammar has no words for that (``counting=``)."""
    plain = attrs.evolve(target, counting="working_days")
    text = format_duration(plain, language="zh" if zh else "en")
    if target.counting == "receipt_day_counted":
        return text + ("（收到当日计入）" if zh else " (the receipt day counted)")
    if target.counting == "calendar_days":
        return text + ("（按自然日计算）" if zh else " (counted in calendar days)")
    return text


def _hm(t: datetime, day: date | None = None) -> str:
    """``"14:00"`` on ``day``, else the date and time."""
    return f"{t:%H:%M}" if t.date() == day else _clock(t)


def _due_zh(e: DueExplanation) -> Iterator[str]:
    day = e.started_at.date()
    yield f"计时起点：{_clock(e.started_at)}（{_WEEKDAYS_ZH[e.started_at.weekday()]}）"
    yield f"时限：{_target_words(e.target, zh=True)}"
    if e.period is not None:
        yield from (f"  {line}" for line in _lines_zh(e.period))
    if e.windows:
        yield "计入的营业时间（不含暂停）："
        for gap, w in _gaps(e):
            for run in _runs(gap):
                if run[0].working:
                    yield f"  {_zh_day(run[0].day)}：当日无营业时间，不计入"
                else:
                    yield _skipped_zh(run)
            span = f"{w.start:%H:%M}–{w.end:%H:%M}"
            yield f"  {_zh_day(w.start.date())} {span}，{human_duration(w.counted)}"
    yield f"原定时限：{_clock(e.original_due)}"
    for p in e.pauses:
        why = f"（{p.reason}）" if p.reason else ""
        until = "至今" if p.end is None else f"至 {_hm(p.end, p.start.date())}"
        excluded = human_duration(p.excluded)
        yield f"暂停：{_clock(p.start)} {until}{why}，期间{_excluded_zh(e)}{excluded}不计入"
    for x in e.extensions:
        extra = "；".join(
            s for s in (x.reason, f"批准人 {x.approved_by}" if x.approved_by else "") if s
        )
        yield f"延长：{_clock(x.at)} 延长至{_target_words(x.to, zh=True)}" + (
            f"（{extra}）" if extra else ""
        )
    for at, name, policy in e.retargets:
        yield f"调整时限：{_clock(at)} 起适用 {name!r}（{_ZH_POLICY[policy]}）"
    yield f"当前时限：{_clock(e.due)}"
    yield "状态：" + _status_zh(e, day)


def _status_zh(e: DueExplanation, day: date) -> str:
    if e.status is Status.MET:
        assert e.met_at is not None
        return f"已于 {_clock(e.met_at)} 按时完成"
    if e.status is Status.BREACHED:
        assert e.late_by is not None
        when = f"已于 {_clock(e.met_at)} 完成，" if e.met_at is not None else "尚未完成，"
        return f"{when}超时{human_duration(e.late_by)}"
    left = human_duration(e.remaining)
    return f"暂停中，剩余{left}" if e.status is Status.PAUSED else f"进行中，剩余{left}"


def _excluded_zh(e: DueExplanation) -> str:
    return "时间" if e.target.kind == "wall" else "营业时间"


def _gaps(e: DueExplanation) -> Iterator[tuple[tuple[DayNote, ...], WindowNote]]:
    """Each window with the skipped days just before it."""
    after: date | None = None
    for w in e.windows:
        gap = tuple(n for n in e.skipped if after is not None and after < n.day < w.start.date())
        yield gap, w
        after = w.end.date()


_ZH_POLICY = {
    "keep_elapsed": "已用时间保留",
    "restart": "重新起算",
    "from_original_start": "自原起点按新时限计算",
}
_EN_POLICY = {
    "keep_elapsed": "time used so far kept",
    "restart": "counted again from the change",
    "from_original_start": "the new target from the original start",
}


def _due_en(e: DueExplanation) -> Iterator[str]:
    day = e.started_at.date()
    yield f"Counted from: {_clock(e.started_at)} ({_WEEKDAYS_EN[e.started_at.weekday()]})"
    yield f"Target: {_target_words(e.target, zh=False)}"
    if e.period is not None:
        yield from (f"  {line}" for line in _lines_en(e.period))
    if e.windows:
        yield "Open time counted (without pauses):"
        for gap, w in _gaps(e):
            for run in _runs(gap):
                if run[0].working:
                    yield f"  {_en_day(run[0].day)}: no opening hours, not counted"
                else:
                    yield _skipped_en(run)
            span = f"{w.start:%H:%M}-{w.end:%H:%M}"
            yield f"  {_en_day(w.start.date())} {span}: {human_duration(w.counted, language='en')}"
    yield f"Original due: {_clock(e.original_due)}"
    measure = "time" if e.target.kind == "wall" else "open time"
    for p in e.pauses:
        why = f" ({p.reason})" if p.reason else ""
        until = "still paused" if p.end is None else f"to {_hm(p.end, p.start.date())}"
        excluded = human_duration(p.excluded, language="en")
        yield f"Paused: {_clock(p.start)} {until}{why}: {excluded} of {measure} not counted"
    for x in e.extensions:
        extra = "; ".join(
            s for s in (x.reason, f"approved by {x.approved_by}" if x.approved_by else "") if s
        )
        yield f"Extended: {_clock(x.at)} to {_target_words(x.to, zh=False)}" + (
            f" ({extra})" if extra else ""
        )
    for at, name, policy in e.retargets:
        yield f"Retargeted: {_clock(at)} to {name!r} ({_EN_POLICY[policy]})"
    yield f"Due now: {_clock(e.due)}"
    yield "Status: " + _status_en(e, day)


def _status_en(e: DueExplanation, day: date) -> str:
    if e.status is Status.MET:
        assert e.met_at is not None
        return f"met on time at {_clock(e.met_at)}"
    if e.status is Status.BREACHED:
        assert e.late_by is not None
        when = f"met at {_clock(e.met_at)}, " if e.met_at is not None else "not met, "
        return f"{when}late by {human_duration(e.late_by, language='en')}"
    left = human_duration(e.remaining, language="en")
    return f"paused, {left} left" if e.status is Status.PAUSED else f"running, {left} left"
