"""The explanations as text, in Chinese or English: one renderer over a phrase
table per language, so the two say the same things in the same order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from svcquality._fields import Language
from svcquality._types import RetargetPolicy
from svcquality.clock import Status
from svcquality.durations import format_duration, human_duration
from svcquality.promises import Target

if TYPE_CHECKING:
    from svcquality.explain._deadline import DayNote, DeadlineExplanation, DeemedReason
    from svcquality.explain._due import DueExplanation, WindowNote


@attrs.frozen(kw_only=True)
class _Phrases:
    """The words of the explanations in one language; one renderer fills them in.

    Each template is a :meth:`str.format` string whose fields the renderer names:
    ``{day}`` a date as :func:`_day` writes it, ``{at}`` an instant as
    :func:`_clock` writes it, ``{n}`` a count, ``{}`` the one value.
    """

    language: Language
    weekdays: tuple[str, str, str, str, str, str, str]
    # a date, a run of dates, and a parenthesis (reasons, extensions' details)
    day: str
    span: str
    sep: str
    paren: str
    # the days a period skips
    reasons: Mapping[str, str]
    holiday_break: str
    break_names: str
    skipped: str
    # a period's deadline
    received: str
    deemed: Mapping[DeemedReason, str]
    deemed_line: str
    same_day: str
    working_days: str
    working_day: str
    makeup_day: str
    no_hours_day: str
    period: Mapping[str, str]
    moved: str
    ends: tuple[str, str]
    due: str
    # a clock's due
    counted_from: str
    target: str
    countings: Mapping[str, str]
    windows: str
    window: str
    window_day_no_hours: str
    original_due: str
    measures: tuple[str, str]
    until_now: str
    until: str
    pause: str
    approved_by: str
    details_sep: str
    extended: str
    policies: Mapping[RetargetPolicy, str]
    retargeted: str
    due_now: str
    status: str
    met: str
    late_met: str
    late_open: str
    late: str
    paused: str
    running: str


#: Every phrase in Chinese and in English, side by side: ``(zh, en)``; a phrase
#: that varies by key (a reason, a policy) pairs each key's words.
_BOTH: dict[str, Any] = {
    "weekdays": (
        ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    ),
    "day": ("{d.month}月{d.day}日（{wd}）", "{wd} {iso}"),
    "span": ("{first}至{last}", "{first} to {last}"),
    "sep": ("、", ", "),
    "paren": ("（{}）", " ({})"),
    "reasons": {
        "holiday": ("法定节假日", "public holiday"),
        "break_day": ("放假期间的周末", "weekend inside the holiday break"),
        "weekend": ("周末", "weekend"),
        "closed_date": ("另行规定的休息日", "extra rest day"),
        "no_hours": ("不营业", "no opening hours"),
        "not_working": ("非工作日", "not a working day"),
    },
    "holiday_break": (
        "放假（{a.month}月{a.day}日至{b.month}月{b.day}日{names}）",
        "holiday break {a_iso} to {b_iso}{names}",
    ),
    "break_names": ("，{}", " ({})"),
    "skipped": ("  {span}：{why}，不计入", "  {span}: {why}, not counted"),
    "received": ("收到时间：{at}（{wd}）", "Received: {at} ({wd})"),
    "deemed": {
        "same_day": ("", ""),
        "not_a_working_day": ("收到当日不是工作日，", "the receipt day is not a working day"),
        "after_cutoff": ("收到时间在截止时间之后，", "received at or after the cut-off"),
        "after_close": (
            "收到时间在当日营业终了之后，",
            "received at or after the close of business",
        ),
    },
    "deemed_line": ("{why}视为{day}收到", "Deemed received on {day}: {why}"),
    "same_day": ("当日办结：期限为{day}", "Same business day: {day}"),
    "working_days": (
        "{n}个工作日，自次日起算（收到当日不计，民法典第二百零一条）：",
        "{n} working days from the next day (the receipt day is not counted, Civil Code Art. 201):",
    ),
    "working_day": ("  第{n}个工作日：{day}{extra}", "  working day {n}: {day}{extra}"),
    "makeup_day": ("（调休上班）", " (make-up working day)"),
    "no_hours_day": ("（当日无营业时间）", " (no opening hours)"),
    "period": {
        "days": (
            "{n}日，自次日起算（民法典第二百零一条），期间最后一日为{day}",
            "{n} days from the next day (Civil Code Art. 201): the last day is {day}",
        ),
        "months": (
            "{n}个月，自次日起算（民法典第二百零一条、第二百零二条），期间最后一日为{day}",
            "{n} months from the next day (Civil Code Art. 201, 202): the last day is {day}",
        ),
    },
    "moved": (
        "最后一日不是工作日，以其后第一个工作日{day}为期间最后一日（民法典第二百零三条）",
        "The last day is not a working day: the period ends on the next working day, "
        "{day} (Art. 203)",
    ),
    "ends": (
        ("当日营业终了", "当日二十四时（当日无营业时间）"),
        ("the close of business", "24:00 (no opening hours that day)"),
    ),
    "due": ("截止时间：{due}，{end}（民法典第二百零三条）", "Due: {due}, {end} (Art. 203)"),
    "counted_from": ("计时起点：{at}（{wd}）", "Counted from: {at} ({wd})"),
    "target": ("时限：{}", "Target: {}"),
    "countings": {
        "receipt_day_counted": ("（收到当日计入）", " (the receipt day counted)"),
        "calendar_days": ("（按自然日计算）", " (counted in calendar days)"),
    },
    "windows": ("计入的营业时间（不含暂停）：", "Open time counted (without pauses):"),
    "window": ("  {day} {a:%H:%M}–{b:%H:%M}，{counted}", "  {day} {a:%H:%M}-{b:%H:%M}: {counted}"),
    "window_day_no_hours": (
        "  {day}：当日无营业时间，不计入",
        "  {day}: no opening hours, not counted",
    ),
    "original_due": ("原定时限：{}", "Original due: {}"),
    "measures": (("时间", "营业时间"), ("time", "open time")),
    "until_now": ("至今", "still paused"),
    "until": ("至 {}", "to {}"),
    "pause": (
        "暂停：{at} {until}{why}，期间{measure}{excluded}不计入",
        "Paused: {at} {until}{why}: {excluded} of {measure} not counted",
    ),
    "approved_by": ("批准人 {}", "approved by {}"),
    "details_sep": ("；", "; "),
    "extended": ("延长：{at} 延长至{to}{details}", "Extended: {at} to {to}{details}"),
    "policies": {
        "keep_elapsed": ("已用时间保留", "time used so far kept"),
        "restart": ("重新起算", "counted again from the change"),
        "from_original_start": ("自原起点按新时限计算", "the new target from the original start"),
    },
    "retargeted": (
        "调整时限：{at} 起适用 {name!r}（{policy}）",
        "Retargeted: {at} to {name!r} ({policy})",
    ),
    "due_now": ("当前时限：{}", "Due now: {}"),
    "status": ("状态：{}", "Status: {}"),
    "met": ("已于 {at} 按时完成", "met on time at {at}"),
    "late_met": ("已于 {at} 完成，", "met at {at}, "),
    "late_open": ("尚未完成，", "not met, "),
    "late": ("{when}超时{late}", "{when}late by {late}"),
    "paused": ("暂停中，剩余{left}", "paused, {left} left"),
    "running": ("进行中，剩余{left}", "running, {left} left"),
}


def _in(language: Language) -> _Phrases:
    """The phrases of one language, picked from :data:`_BOTH`."""
    i = 0 if language == "zh" else 1
    picked: dict[str, Any] = {
        k: {key: pair[i] for key, pair in v.items()} if isinstance(v, dict) else v[i]
        for k, v in _BOTH.items()
    }
    return _Phrases(language=language, **picked)


_ZH = _in("zh")
_EN = _in("en")
_PHRASES: Mapping[Language, _Phrases] = {"zh": _ZH, "en": _EN}


def _day(d: date, p: _Phrases) -> str:
    return p.day.format(d=d, wd=p.weekdays[d.weekday()], iso=d.isoformat())


def _clock(t: datetime) -> str:
    return f"{t:%Y-%m-%d %H:%M}"


def _hm(t: datetime, day: date | None = None) -> str:
    """``"14:00"`` on ``day``, else the date and time."""
    return f"{t:%H:%M}" if t.date() == day else _clock(t)


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


def _skipped(run: list[DayNote], p: _Phrases) -> str:
    """A run of skipped days, and why: the holiday break (with its names) or the reasons."""
    first, last = run[0], run[-1]
    span = (
        _day(first.day, p)
        if first is last
        else p.span.format(first=_day(first.day, p), last=_day(last.day, p))
    )
    holidays = (n.holiday if p.language == "zh" else n.holiday_en for n in run)
    names = list(dict.fromkeys(h for h in holidays if h))
    brk = first.holiday_break
    if brk is not None:
        a, b = brk
        named = p.break_names.format(p.sep.join(names)) if names else ""
        why = p.holiday_break.format(
            a=a, b=b, a_iso=a.isoformat(), b_iso=b.isoformat(), names=named
        )
    else:
        why = p.sep.join(dict.fromkeys(p.reasons[n.reason] for n in run))
    return p.skipped.format(span=span, why=why)


def _period_lines(e: DeadlineExplanation, p: _Phrases) -> Iterator[str]:
    yield p.received.format(at=_clock(e.received), wd=p.weekdays[e.received.weekday()])
    kind, n = e.target.kind, e.target.count
    deemed = p.deemed[e.deemed_reason]
    if deemed:
        yield p.deemed_line.format(why=deemed, day=_day(e.deemed_day, p))
    if kind == "working_days" and e.target.counting != "calendar_days":
        if n == 0:
            yield p.same_day.format(day=_day(e.last_day, p))
        else:
            yield p.working_days.format(n=n)
            for run in _runs(e.days):
                if run[0].working:
                    note = run[0]
                    extra = p.makeup_day if note.reason == "makeup_day" else ""
                    extra += "" if note.open_day else p.no_hours_day
                    yield p.working_day.format(n=note.index, day=_day(note.day, p), extra=extra)
                else:
                    yield _skipped(run, p)
    else:
        # a working-day period counted in calendar days reads as the day period it is
        yield p.period["months" if kind == "months" else "days"].format(
            n=n, day=_day(e.nominal_last, p)
        )
        if e.last_day != e.nominal_last:
            yield _skipped([d for d in e.days if not d.working], p)
            yield p.moved.format(day=_day(e.last_day, p))
    end = p.ends[0] if e.ends_at_close else p.ends[1]
    yield p.due.format(due=_due(e), end=end)


def _target_words(target: Target, p: _Phrases) -> str:
    """The target as the rulebook writes it, and how its working days are counted
    when the grammar has no words for that (``counting=``)."""
    plain = attrs.evolve(target, counting="working_days")
    return format_duration(plain, language=p.language) + p.countings.get(target.counting, "")


def _gaps(e: DueExplanation) -> Iterator[tuple[tuple[DayNote, ...], WindowNote]]:
    """Each window with the skipped days just before it."""
    after: date | None = None
    for w in e.windows:
        gap = tuple(n for n in e.skipped if after is not None and after < n.day < w.start.date())
        yield gap, w
        after = w.end.date()


def _due_lines(e: DueExplanation, p: _Phrases) -> Iterator[str]:
    def length(d: timedelta) -> str:
        return human_duration(d, language=p.language)

    yield p.counted_from.format(at=_clock(e.started_at), wd=p.weekdays[e.started_at.weekday()])
    yield p.target.format(_target_words(e.target, p))
    if e.period is not None:
        yield from (f"  {line}" for line in _period_lines(e.period, p))
    if e.windows:
        yield p.windows
        for gap, w in _gaps(e):
            for run in _runs(gap):
                if run[0].working:
                    yield p.window_day_no_hours.format(day=_day(run[0].day, p))
                else:
                    yield _skipped(run, p)
            day = _day(w.start.date(), p)
            yield p.window.format(day=day, a=w.start, b=w.end, counted=length(w.counted))
    yield p.original_due.format(_clock(e.original_due))
    measure = p.measures[0] if e.target.kind == "wall" else p.measures[1]
    for pause in e.pauses:
        why = p.paren.format(pause.reason) if pause.reason else ""
        end = pause.end
        until = p.until_now if end is None else p.until.format(_hm(end, pause.start.date()))
        yield p.pause.format(
            at=_clock(pause.start),
            until=until,
            why=why,
            measure=measure,
            excluded=length(pause.excluded),
        )
    for x in e.extensions:
        approved = p.approved_by.format(x.approved_by) if x.approved_by else ""
        details = p.details_sep.join(s for s in (x.reason, approved) if s)
        yield p.extended.format(
            at=_clock(x.at),
            to=_target_words(x.to, p),
            details=p.paren.format(details) if details else "",
        )
    for at, name, policy in e.retargets:
        yield p.retargeted.format(at=_clock(at), name=name, policy=p.policies[policy])
    yield p.due_now.format(_clock(e.due))
    yield p.status.format(_status(e, p))


def _status(e: DueExplanation, p: _Phrases) -> str:
    if e.status is Status.MET:
        assert e.met_at is not None
        return p.met.format(at=_clock(e.met_at))
    if e.status is Status.BREACHED:
        assert e.late_by is not None
        met = e.met_at
        when = p.late_met.format(at=_clock(met)) if met is not None else p.late_open
        return p.late.format(when=when, late=human_duration(e.late_by, language=p.language))
    left = human_duration(e.remaining, language=p.language)
    return (p.paused if e.status is Status.PAUSED else p.running).format(left=left)
