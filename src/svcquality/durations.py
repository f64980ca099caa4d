"""The duration grammar of rulebooks: ``"15s"``, ``"3 working days"``, ``"3个工作日"``.

:func:`parse_duration` reads the forms banks write their promises in and
returns a :class:`~svcquality.Target`; :func:`format_duration` writes a target
back in a canonical English or Chinese form, and
``parse_duration(format_duration(t)) == t`` for every target.

Forms (spaces optional, case ignored):

- wall-clock durations: ``"15s"``, ``"90 min"``, ``"4h"``, ``"1.5 hours"``,
  ``"1h 30min"``, ISO 8601 ``"PT4H"``, and the Chinese ``"15秒"``,
  ``"30分钟"``, ``"1小时"``, ``"24小时"``, ``"半小时"``; whole days of wall time
  are written in hours (``"72h"``, ``"360小时"``);
- day and month periods as the Civil Code counts them (民法典 Art. 200-203):
  ``"15日"``, ``"15天"``, ``"15个自然日"``, ``"15 days"``, ``"15 calendar days"``,
  ``"2 weeks"`` (14 days) are ``Target.days``; ``"1个月"``, ``"1 month"`` are
  ``Target.months``; ISO 8601 ``"P15D"``, ``"P2W"``, ``"P1M"`` likewise, since ISO
  8601 itself calls days and months *nominal* units (a duration with a time
  part, ``"P1DT2H"``, is wall time);
- business time (open time on the promise's calendar): ``"1 business hour"``,
  ``"30 business minutes"``, ``"工作时间1小时"``, ``"1个工作小时"``;
- working-day periods: ``"3 working days"``, ``"5 business days"``,
  ``"same business day"``, ``"next business day"``, ``"T+1"``, ``"3个工作日"``,
  ``"当日"``, with an optional cut-off: ``"3 working days (cutoff 16:00)"``,
  ``"3个工作日（16:00截止）"``;
- batches: ``"batch FREQ=MONTHLY;BYMONTHDAY=25"`` (an RFC 5545 recurrence).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import time, timedelta
from decimal import Decimal, InvalidOperation

from svcquality._fields import grammar_text, language_of, shown
from svcquality._types import Language, PeriodUnit
from svcquality.errors import DurationError, PromiseError
from svcquality.promises import Target

__all__ = ["ACCEPTED_FORMS", "Language", "format_duration", "human_duration", "parse_duration"]

#: One example of each form :func:`parse_duration` reads, as its errors list them.
ACCEPTED_FORMS: tuple[str, ...] = (
    "15s",
    "90 min",
    "4h",
    "1h 30min",
    "PT4H",
    "72h",
    "15 days",
    "1 month",
    "1 business hour",
    "3 working days",
    "3 working days (cutoff 16:00)",
    "same business day",
    "T+1",
    "batch FREQ=MONTHLY;BYMONTHDAY=25",
    "15秒",
    "30分钟",
    "24小时",
    "15日",
    "15个自然日",
    "1个月",
    "工作时间1小时",
    "3个工作日",
    "3个工作日（16:00截止）",
    "当日",
)
_ACCEPTED = "accepted forms: " + ", ".join(repr(f) for f in ACCEPTED_FORMS)
# A duration longer than this is a typo, not a promise (and would overflow timedelta).
_LONGEST = timedelta(days=100 * 366)

_UNITS: dict[str, timedelta] = {}
for _names, _size in (
    (("us", "µs", "μs", "microsecond", "microseconds"), timedelta(microseconds=1)),
    (("ms", "millisecond", "milliseconds"), timedelta(milliseconds=1)),
    (("s", "sec", "secs", "second", "seconds", "秒", "秒钟"), timedelta(seconds=1)),
    (("m", "min", "mins", "minute", "minutes", "分", "分钟"), timedelta(minutes=1)),
    (("h", "hr", "hrs", "hour", "hours", "小时", "个小时", "钟头", "个钟头"), timedelta(hours=1)),
    (("d", "day", "days", "天", "日"), timedelta(days=1)),
    (("w", "week", "weeks", "周", "星期"), timedelta(weeks=1)),
):
    for _name in _names:
        _UNITS[_name] = _size

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_NUMBER = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十]+)"
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_PART = re.compile(rf"\s*{_NUMBER}\s*({_UNIT_ALT})(?![a-z])", re.IGNORECASE)
_CLOCK = r"(\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
# Every pattern is linear: no two adjacent quantifiers can share a character, and
# the cut-off is matched from the one place it can start (found by rfind), so no
# text makes a pattern backtrack over it more than once.
_CUTOFF_EN = re.compile(rf"cut-?off(?:\s*at)?\s*{_CLOCK}(?:\s*[)）])?\s*$", re.I)
_CUT = re.compile("cut", re.IGNORECASE)
_CUTOFF_ZH = re.compile(rf"[(（]\s*{_CLOCK}\s*(?:截止|前)\s*[)）]\s*$")
_WORKING_EN = re.compile(
    rf"^\s*{_NUMBER}\s*(?:working|business|work)(?:\s*-)?\s*days?\s*$", re.IGNORECASE
)
# "内" / "以内" ("15日内", "3个工作日以内") is how rules write a limit: the same period.
_WITHIN = r"(?:以?内)?"
_WORKING_ZH = re.compile(rf"^\s*{_NUMBER}\s*个?\s*工作日\s*{_WITHIN}\s*$")
_DAYS_EN = re.compile(
    rf"^\s*{_NUMBER}\s*(?:(?:calendar|natural)\s+)?(days?|d|weeks?|w)\s*$", re.IGNORECASE
)
_DAYS_ZH = re.compile(rf"^\s*{_NUMBER}\s*(个?自然日|日|天|个?星期|周)\s*{_WITHIN}\s*$")
# "1月" is January as often as a month: a month period is written "1个月".
_MONTHS = re.compile(rf"^\s*{_NUMBER}\s*(?:months?|个月)\s*{_WITHIN}\s*$", re.IGNORECASE)
_BARE_MONTH = re.compile(rf"^\s*({_NUMBER})\s*月\s*{_WITHIN}\s*$")
_WEEK_WORDS = ("week", "weeks", "w", "星期", "个星期", "周")
_T_PLUS = re.compile(r"^\s*T\s*\+\s*(\d+)\s*$", re.IGNORECASE)
_SAME_DAY = {"same business day", "same working day", "same day", "当日", "当天", "t+0",
             "当日办结", "当天办结"}  # fmt: skip
_NEXT_DAY = {"next business day", "next working day", "次日", "次工作日", "下一工作日"}
_BUSINESS_EN = re.compile(r"\bbusiness\b|\bworking\b|\bopen\b", re.IGNORECASE)
_BUSINESS_ZH = re.compile(r"^\s*工作时间(?:内)?\s*|个?工作(?=小时|分钟|秒)")
_ISO_MONTHS = re.compile(r"^P(\d+)M$", re.IGNORECASE)
_ISO = re.compile(
    r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fail(text: str, pos: int, problem: str) -> DurationError:
    flat = text.replace("\n", " ").replace("\t", " ")
    caret = " " * _width(flat[:pos]) + "^"
    msg = (
        f"cannot read duration {shown(text)} at position {pos}: {problem}\n"
        f"  {flat}\n  {caret}\n{_ACCEPTED}"
    )
    return DurationError(msg, code="duration.unreadable", text=text, position=pos)


def _number(token: str, text: str, pos: int) -> Decimal:
    if token[0].isdigit():
        try:
            return Decimal(token)
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            raise _fail(text, pos, f"{shown(token)} is not a number") from None
    # Chinese numerals up to 99: 三, 十, 十五, 二十, 二十四
    if "十" in token:
        tens, _, ones = token.partition("十")
        value = (_CN_DIGITS.get(tens, -100) if tens else 1) * 10 + (
            _CN_DIGITS.get(ones, -100) if ones else 0
        )
    else:
        value = _CN_DIGITS.get(token, -1) if len(token) == 1 else -1
    if value < 0:
        raise _fail(text, pos, f"{shown(token)} is not a number this grammar reads (0-99)")
    return Decimal(value)


def _exact(amount: Decimal, unit: timedelta, text: str, pos: int) -> timedelta:
    micros = amount * (unit // timedelta(microseconds=1))
    if micros != micros.to_integral_value():
        raise _fail(text, pos, "it is not a whole number of microseconds")
    if micros > _LONGEST // timedelta(microseconds=1):
        raise _fail(text, pos, "it is longer than 100 years; check the number and the unit")
    return timedelta(microseconds=int(micros))


def _wall_parts(body: str, text: str, offset: int) -> timedelta:
    """Sum of ``<number><unit>`` parts that make up the whole of ``body``."""
    total = timedelta(0)
    pos = 0
    found = False
    while pos < len(body):
        if not body[pos:].strip():
            break
        m = _PART.match(body, pos)
        if m is None:
            rest = body[pos:].lstrip()
            at = offset + len(body) - len(rest)
            if re.match(rf"^{_NUMBER}\s*$", rest):
                raise _fail(text, at, "a number needs a unit, e.g. '15s', '4h' or '3 working days'")
            raise _fail(text, at, "expected a number followed by a unit")
        at = offset + m.start(1)
        unit = _UNITS.get(m.group(2).lower())
        if unit is None:  # a case-folded look-alike of a unit the pattern knows
            raise _fail(text, offset + m.start(2), f"{m.group(2)!r} is not a unit")
        if unit >= timedelta(days=1):
            raise _fail(
                text,
                at,
                "days are day periods as the Civil Code counts them, not 24 hours of wall "
                "time; write wall time in hours ('36h') or a period alone ('15日')",
            )
        total += _exact(_number(m.group(1), text, at), unit, text, at)
        if total > _LONGEST:
            raise _fail(text, at, "it is longer than 100 years; check the numbers and the units")
        pos = m.end()
        found = True
        while pos < len(body) and body[pos] in " ,和又":
            pos += 1
    if not found:
        raise _fail(text, offset, "there is no duration here")
    return total


def _cutoff_at(stripped: str) -> re.Match[str] | None:
    """The cut-off at the end of the text, matched where it can only start."""
    at = max((c.start() for c in _CUT.finditer(stripped)), default=-1)
    m = _CUTOFF_EN.match(stripped, at) if at >= 0 else None
    if m is None:
        at = max(stripped.rfind("("), stripped.rfind("（"))
        m = _CUTOFF_ZH.match(stripped, at) if at >= 0 else None
    return m


def _before_cutoff(stripped: str, m: re.Match[str]) -> str:
    """The text before its cut-off, without the comma or bracket that opens it."""
    head = stripped[: m.start()].strip()
    return head[:-1].strip() if head.endswith((",", "(", "（")) else head


def _cutoff(value: str) -> time:
    hours, _, rest = value.partition(":")
    return time.fromisoformat(f"{int(hours):02d}:{rest}")


def _clock(t: time) -> str:
    """A cut-off as text: ``16:00``, or with seconds when it has them."""
    return t.isoformat(timespec="minutes" if not t.second and not t.microsecond else "auto")


def parse_duration(text: str) -> Target:
    """Read a promise's duration: wall time, business time, working days or a batch.

    Plain durations (``"15s"``, ``"4h"``, ``"24小时"``) are wall-clock targets;
    ``"当日"`` / ``"same business day"`` is ``Target.working_days(0)``; ``"T+1"`` is
    ``Target.working_days(1)``. The module docstring lists every form.

    Args:
        text: the duration as a rulebook writes it.

    Returns:
        The :class:`~svcquality.Target` the text describes.

    Raises:
        DurationError: the text is empty, negative, has no unit, or is not one of
            the accepted forms; the message shows the text, the position, and the
            accepted forms.

    Example:
        >>> parse_duration("3个工作日") == Target.working_days(3)
        True
        >>> parse_duration("1 business hour")
        Target.business(datetime.timedelta(seconds=3600))
    """
    if not isinstance(text, str):
        msg = f"parse_duration: expected text such as '4h', got {type(text).__name__} {shown(text)}"
        raise DurationError(msg)
    text = grammar_text(text, "parse_duration", DurationError, "3 working days")
    if not text.strip():
        raise _fail(text, 0, "it is empty")
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    if stripped.startswith(("-", "−")):
        raise _fail(text, lead, "a duration cannot be negative")
    low = stripped.lower()

    if low.startswith("batch"):
        rule = stripped[5:].strip(" :")
        if not rule:
            raise _fail(text, len(text), "a batch needs an RFC 5545 rule, e.g. FREQ=MONTHLY")
        try:
            return Target.batch(rule)
        except PromiseError as exc:
            at = lead + stripped.index(rule)
            raise _fail(text, at, f"not a batch recurrence ({exc})") from None

    cutoff: time | None = None
    m = _cutoff_at(stripped)
    if m is not None:
        try:
            cutoff = _cutoff(m.group(1))
        except ValueError:
            raise _fail(text, lead + m.start(1), f"{m.group(1)!r} is not a time of day") from None
        stripped = _before_cutoff(stripped, m)
        low = stripped.lower()

    if low in _SAME_DAY:
        return Target.working_days(0, cutoff=cutoff)
    if low in _NEXT_DAY:
        return Target.working_days(1, cutoff=cutoff)
    m = _T_PLUS.match(stripped)
    if m is not None:
        return _working(Decimal(m.group(1)), cutoff, text, lead + m.start(1))
    m = _WORKING_EN.match(stripped) or _WORKING_ZH.match(stripped)
    if m is not None:
        return _working(
            _number(m.group(1), text, lead + m.start(1)), cutoff, text, lead + m.start(1)
        )
    period = _day_or_month(stripped, cutoff, text, lead)
    if period is not None:
        return period
    if cutoff is not None:
        raise _fail(
            text, lead, "a cut-off only goes with working days or days, e.g. '3 working days'"
        )

    iso = _iso(stripped, text, lead)
    if iso is not None:
        return iso

    if low in {"半小时", "半个小时", "half an hour", "half hour"}:
        return Target.wall(timedelta(minutes=30))

    zh = _BUSINESS_ZH.search(stripped)
    if zh is not None:
        body = stripped[: zh.start()] + stripped[zh.end() :]
        return _wall_or_zero(Target.business, _wall_parts(body, text, lead), text, lead)
    if _BUSINESS_EN.search(stripped):
        body = _BUSINESS_EN.sub(" ", stripped)
        if re.search(r"\bdays?\b", body, re.IGNORECASE):
            raise _fail(text, lead, "business days are working days: write '3 working days'")
        return _wall_or_zero(Target.business, _wall_parts(body, text, lead), text, lead)
    return _wall_or_zero(Target.wall, _wall_parts(stripped, text, lead), text, lead)


def _working(n: Decimal, cutoff: time | None, text: str, pos: int) -> Target:
    if n != n.to_integral_value():
        raise _fail(text, pos, "working days are counted in whole days")
    if n > _MOST_WORKING_DAYS:
        raise _fail(text, pos, f"more than {_MOST_WORKING_DAYS} working days is not a promise")
    return Target.working_days(int(n), cutoff=cutoff)


_MOST_WORKING_DAYS = Target.MOST_COUNT["working_days"]


def _iso(stripped: str, text: str, lead: int) -> Target | None:
    """An ISO 8601 duration: nominal days, weeks and months are periods, else wall time."""
    m = _ISO.match(stripped)
    if m is not None and stripped.upper() != "P" and not stripped.upper().endswith("T"):
        if not any(m.group(k) for k in ("h", "m", "s")):  # nominal days: a day period
            n = Decimal(m.group("w") or 0) * 7 + Decimal(m.group("d") or 0)
            return _period("days", n, None, text, lead)
        total = timedelta(0)
        for key, unit in (("w", "w"), ("d", "d"), ("h", "h"), ("m", "m"), ("s", "s")):
            if m.group(key):
                total += _exact(Decimal(m.group(key)), _UNITS[unit], text, lead)
        return _wall_or_zero(Target.wall, total, text, lead)
    m = _ISO_MONTHS.match(stripped)
    if m is not None:
        return _period("months", Decimal(m.group(1)), None, text, lead)
    return None


def _day_or_month(stripped: str, cutoff: time | None, text: str, lead: int) -> Target | None:
    """``"15日"``, ``"2 weeks"``, ``"1个月"``... as a day or month period, else None."""
    m = _DAYS_EN.match(stripped) or _DAYS_ZH.match(stripped)
    if m is not None:
        weeks = m.group(2).lower() in _WEEK_WORDS
        n = _number(m.group(1), text, lead + m.start(1)) * (7 if weeks else 1)
        return _period("days", n, cutoff, text, lead + m.start(1))
    m = _MONTHS.match(stripped)
    if m is not None:
        n = _number(m.group(1), text, lead + m.start(1))
        return _period("months", n, cutoff, text, lead + m.start(1))
    m = _BARE_MONTH.match(stripped)
    if m is not None:
        raise _fail(
            text,
            lead + m.start(1),
            f"'{m.group(1)}月' reads as a month of the year; write '{m.group(1)}个月' for a "
            "period of months",
        )
    return None


def _period(unit: PeriodUnit, n: Decimal, cutoff: time | None, text: str, pos: int) -> Target:
    """A day or month period (``Target.days`` / ``Target.months``) from a count."""
    if n != n.to_integral_value():
        raise _fail(text, pos, f"a period of {unit} is counted in whole {unit}; use hours")
    if n < 1:
        raise _fail(text, pos, "a period must be at least one day ('当日' is the same day)")
    if n > Target.MOST_COUNT[unit]:
        raise _fail(text, pos, f"the period is longer than 100 years; check the number of {unit}")
    make = Target.months if unit == "months" else Target.days
    return make(int(n), cutoff)


def _wall_or_zero(
    make: Callable[[timedelta], Target], total: timedelta, text: str, pos: int
) -> Target:
    if total <= timedelta(0):
        raise _fail(text, pos, "a duration must be longer than zero")
    return make(total)


def _amount(d: timedelta) -> tuple[str, str]:
    """The largest unit that measures ``d`` exactly: ("90", "min"), ("1.5", "h")..."""
    micros = d // timedelta(microseconds=1)
    for unit, size in (("h", 3_600_000_000), ("min", 60_000_000)):
        if micros % size == 0:
            return str(micros // size), unit
    seconds = Decimal(micros) / Decimal(1_000_000)
    return format(seconds.normalize(), "f"), "s"


_ZH_UNITS = {"h": "小时", "min": "分钟", "s": "秒"}
_EN_WORDS = {"h": "hour", "min": "minute", "s": "second"}


def human_duration(d: timedelta, *, language: Language = "zh") -> str:
    """A length of time as people read it: ``"34小时10分钟"``, or ``"34 h 10 min"``.

    For the time a request took, an agent's hours, what is left of a target:
    hours (never days, which would read as 24-hour days where business time
    is meant), minutes and seconds, each only when not zero, seconds with their
    fraction to the microsecond. A negative length (overdue) carries a minus
    sign. Text for people is Chinese by default, as in :meth:`DeadlineExplanation.text`;
    :func:`format_duration` writes the rulebook's grammar (English by default).
    The text reads back: ``parse_duration(human_duration(d)) == Target.wall(d)``
    for any positive ``d``.

    Args:
        d: the length of time.
        language: ``"zh"`` (default) or ``"en"``.

    Raises:
        DurationError: ``d`` is not a timedelta, or the language is unknown.

    Example:
        >>> human_duration(timedelta(days=1, hours=10, minutes=10))
        '34小时10分钟'
        >>> human_duration(timedelta(days=4, hours=14), language="en")
        '110 h'
        >>> human_duration(-timedelta(minutes=90, seconds=1.5), language="en")
        '-1 h 30 min 1.5 s'
    """
    language = language_of(language, "human_duration", DurationError)
    if not isinstance(d, timedelta):
        msg = (
            f"human_duration: expected a timedelta such as timedelta(hours=4), "
            f"got {type(d).__name__} {shown(d)}"
        )
        raise DurationError(msg)
    micros = abs(d) // timedelta(microseconds=1)
    hours, rest = divmod(micros, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds = format((Decimal(rest) / Decimal(1_000_000)).normalize(), "f")
    units = _ZH_UNITS if language == "zh" else {"h": " h", "min": " min", "s": " s"}
    parts = [
        f"{amount}{units[unit]}"
        for amount, unit in ((str(hours), "h"), (str(minutes), "min"), (seconds, "s"))
        if amount != "0"
    ] or [f"0{units['min']}"]
    text = ("" if language == "zh" else " ").join(parts)
    return f"-{text}" if d < timedelta(0) else text


def format_duration(target: Target, *, language: Language = "en") -> str:
    """Write a target in its canonical form: ``"4h"``, ``"1 business hour"``,
    ``"3 working days"``, or in Chinese ``"4小时"``, ``"工作时间1小时"``, ``"3个工作日"``.

    ``parse_duration(format_duration(t, language=...)) == t``. Durations are
    written in the largest unit that measures them exactly (``"90min"``,
    ``"72h"``, ``"1.5s"``).

    Args:
        target: the target to write.
        language: ``"en"`` (default) or ``"zh"``.

    Raises:
        DurationError: the language is unknown, or the target counts its working
            days another way than the default (``counting=``), which the text
            grammar does not express.

    Example:
        >>> from datetime import timedelta
        >>> format_duration(Target.wall(timedelta(hours=24)), language="zh")
        '24小时'
        >>> format_duration(Target.working_days(0))
        'same business day'
    """
    language = language_of(language, "format_duration", DurationError)
    if not isinstance(target, Target):
        msg = f"format_duration: expected a Target such as Target.wall(...), got {shown(target)}"
        raise DurationError(msg)
    if target.counting != "working_days":
        msg = (
            f"format_duration({shown(target)}): the text grammar has no form for "
            f"counting={shown(target.counting)}; a rulebook writes it as the milestone's own "
            "'counting' key beside the text of Target.working_days(n)"
        )
        raise DurationError(msg)
    kind = target.kind
    if kind == "batch":
        return f"batch {target.rule}"
    if kind in ("days", "months"):
        n = target.count
        cut = target.cutoff
        if language == "zh":
            body = f"{n}日" if kind == "days" else f"{n}个月"
            return body + (f"（{_clock(cut)}截止）" if cut is not None else "")
        word = "day" if kind == "days" else "month"
        body = f"{n} {word}{'s' if n != 1 else ''}"
        return body + (f" (cutoff {_clock(cut)})" if cut is not None else "")
    if kind == "working_days":
        n = target.count
        cut = target.cutoff
        if language == "zh":
            body = "当日" if n == 0 else f"{n}个工作日"
            return body + (f"（{_clock(cut)}截止）" if cut is not None else "")
        body = "same business day" if n == 0 else f"{n} working day{'s' if n != 1 else ''}"
        return body + (f" (cutoff {_clock(cut)})" if cut is not None else "")
    assert target.duration is not None
    number, unit = _amount(target.duration)
    if language == "zh":
        text = f"{number}{_ZH_UNITS[unit]}"
        return f"工作时间{text}" if kind == "business" else text
    if kind == "business":
        word = _EN_WORDS[unit] + ("" if number == "1" else "s")
        return f"{number} business {word}"
    return f"{number}{unit}"
