"""Weekly opening hours: windows per weekday, parsed from plain text.

A window is half-open, ``[start, end)``, in local wall time of the day it
belongs to. An overnight window (``"22:00-06:00"``) belongs to the day it
starts and ends on the next day.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import time, timedelta
from itertools import pairwise
from typing import TypeGuard

import attrs

from svcquality._fields import grammar_text, shown
from svcquality.errors import CalendarError

__all__ = ["ALWAYS_TEXTS", "WEEKDAYS", "WeeklyHours", "Window", "is_always_text", "parse_windows"]

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = timedelta(days=1)
#: The longest overnight window a text may write without "+1" ("17:00-09:00").
_LONGEST_IMPLICIT = timedelta(hours=16)
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
_WINDOW = re.compile(r"^\s*([0-9:]+)\s*[-–~]\s*([0-9:]+)(?:\s*(\+1))?\s*$")
#: The longest text of one day's hours (dozens of windows).
_HOURS_CHARS = 1000


def _fmt(offset: timedelta) -> str:
    total = int(offset.total_seconds()) % 86_400 if offset != _DAY else 86_400
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


@attrs.frozen(repr=False, order=True)
class Window:
    """One half-open opening window ``[start, end)`` of a day, in local wall time.

    Attributes:
        start: offset from the day's midnight, ``0 <= start < 24 h``.
        end: offset from the same midnight, ``start < end <= start + 24 h``;
            past 24 h the window runs into the next day (overnight).
    """

    start: timedelta
    end: timedelta

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.start, timedelta) or not isinstance(self.end, timedelta):
            msg = (
                "Window(start, end) takes two timedelta offsets from midnight, such as "
                f"Window(timedelta(hours=9), timedelta(hours=17)), got {shown(self.start)} "
                f"and {shown(self.end)}; Window.parse('09:00-17:00') reads text"
            )
            raise CalendarError(msg)
        if not timedelta(0) <= self.start < _DAY:
            msg = f"window start {self.start} must be within the day (00:00 to before 24:00)"
            raise CalendarError(msg)
        if not self.start < self.end <= self.start + _DAY:
            msg = (
                f"window end {self.end} must be after its start {self.start} "
                "and at most 24 hours later"
            )
            raise CalendarError(msg)

    @classmethod
    def parse(cls, text: str, *, where: str = "window") -> Window:
        """Read ``"HH:MM-HH:MM"`` (seconds optional; ``24:00`` may end a window).

        An end earlier than the start means the window runs overnight when it
        lasts at most 16 hours (``"22:00-06:00"``, ``"17:00-09:00"``). A longer
        backwards window is refused as a likely typo (``"09:00-08:00"`` would last
        23 hours, ``"12:30-12:00"`` 23.5); write ``"09:00-08:00+1"`` when a
        window really ends the next day.

        Raises:
            CalendarError: the text is not a window; the message says which part.
        """
        if not isinstance(text, str):
            msg = f"{where}: expected a window text like '09:00-12:00', got {shown(text)}"
            raise CalendarError(msg)
        text = grammar_text(text, where, CalendarError, "09:00-12:00")
        m = _WINDOW.match(text)
        if m is None:
            msg = (
                f"{where}: {shown(text)} is not a window; write 'HH:MM-HH:MM' such as "
                "'09:00-12:00', '22:00-06:00' for overnight, '24h' or 'closed'"
            )
            raise CalendarError(msg)
        start = _parse_time(m.group(1), where=where, text=text, allow_24=False)
        end = _parse_time(m.group(2), where=where, text=text, allow_24=True)
        next_day = m.group(3) is not None
        if next_day:
            end += _DAY
        elif end == start:
            msg = (
                f"{where}: {shown(text)} is empty (it ends when it starts); "
                "write '24h' for a whole day or '00:00-24:00'"
            )
            raise CalendarError(msg)
        elif end < start:
            if end + _DAY - start <= _LONGEST_IMPLICIT:
                end += _DAY
            else:
                msg = (
                    f"{where}: {shown(text)} ends before it starts; read as overnight it would "
                    f"last {_fmt_length(end + _DAY - start)}, and an overnight window "
                    "without '+1' lasts at most 16 hours ('22:00-06:00'). "
                    f"If it really ends the next day write '{text.strip()}+1'; "
                    "otherwise swap the times"
                )
                raise CalendarError(msg)
        if end - start > _DAY:
            msg = f"{where}: {shown(text)} is longer than 24 hours; split it over two days"
            raise CalendarError(msg)
        return cls(start, end)

    @classmethod
    def from_times(cls, start: time, end: time) -> Window:
        """A window from two ``time`` values; ``end <= start`` means it ends the next day."""
        if not isinstance(start, time) or not isinstance(end, time):
            msg = f"Window.from_times takes two time values, got {shown(start)} and {shown(end)}"
            raise CalendarError(msg)
        s = timedelta(hours=start.hour, minutes=start.minute, seconds=start.second)
        e = timedelta(hours=end.hour, minutes=end.minute, seconds=end.second)
        if e <= s:
            e += _DAY
        return cls(s, e)

    @property
    def overnight(self) -> bool:
        """Whether the window ends on the next day."""
        return self.end > _DAY

    @property
    def length(self) -> timedelta:
        """Nominal wall-clock length (a DST change can make the real one differ)."""
        return self.end - self.start

    def __str__(self) -> str:
        end = _fmt(self.end) if self.end != _DAY else "24:00"
        implicit = self.end - _DAY < self.start and self.length <= _LONGEST_IMPLICIT
        if self.end > _DAY and not implicit:
            end += "+1"
        return f"{_fmt(self.start)}-{end}"

    def __repr__(self) -> str:
        return f"Window.parse({str(self)!r})"


def _fmt_length(d: timedelta) -> str:
    hours, rest = divmod(int(d.total_seconds()), 3600)
    minutes = rest // 60
    return f"{hours} hours" + (f" {minutes} minute{'s' if minutes != 1 else ''}" if minutes else "")


def _parse_time(part: str, *, where: str, text: str, allow_24: bool) -> timedelta:
    m = _TIME.match(part)
    if m is None:
        msg = f"{where}: {shown(part)} in {shown(text)} is not a time; write HH:MM, e.g. 09:00"
        raise CalendarError(msg)
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if h == 24 and mi == 0 and s == 0:
        if allow_24:
            return _DAY
        msg = f"{where}: {shown(text)} starts at 24:00; a window starts before 24:00 (use 00:00)"
        raise CalendarError(msg)
    if h > 23 or mi > 59 or s > 59:
        msg = f"{where}: {shown(part)} in {shown(text)} is not a valid time of day (00:00 to 24:00)"
        raise CalendarError(msg)
    return timedelta(hours=h, minutes=mi, seconds=s)


def parse_windows(value: object, *, where: str) -> tuple[Window, ...]:
    """Read one day's windows: ``"09:00-12:00, 13:30-17:00"``, ``"24h"``, ``"closed"``,
    a sequence of such texts, or of :class:`Window` objects.

    The windows are sorted and checked not to overlap.
    """
    items: list[Window] = []
    if isinstance(value, str):
        value = grammar_text(value, where, CalendarError, "09:00-12:00, 13:30-17:00", _HOURS_CHARS)
        text = value.strip().lower()
        if text in {"closed", "", "休息"}:
            return ()
        if text in {"24h", "24 h", "00:00-24:00", "全天"}:
            return (Window(timedelta(0), _DAY),)
        parts: Iterable[object] = [p for p in re.split(r"[,，;；]", value) if p.strip()]
    elif isinstance(value, Window):
        parts = [value]
    elif isinstance(value, Sequence):
        parts = value
    else:
        msg = (
            f"{where}: expected windows such as '09:00-12:00, 13:30-17:00', '24h' or "
            f"'closed', got {type(value).__name__} {shown(value)}"
        )
        raise CalendarError(msg)
    for i, part in enumerate(parts):
        if isinstance(part, Window):
            items.append(part)
        elif isinstance(part, str):
            nested = parse_windows(part, where=f"{where}[{i}]") if "," in part else None
            items.extend(nested or (Window.parse(part, where=where),))
        else:
            msg = f"{where}[{i}]: expected a window text like '09:00-12:00', got {shown(part)}"
            raise CalendarError(msg)
    items.sort()
    for a, b in pairwise(items):
        if b.start < a.end:
            msg = (
                f"{where}: windows {a} and {b} overlap; give each stretch of time once "
                f"(merge them into {_fmt(a.start)}-{_fmt(max(a.end, b.end))} if that is meant)"
            )
            raise CalendarError(msg)
    return tuple(items)


def _day_keys(key: str, *, where: str) -> tuple[tuple[int, ...], int]:
    """Weekday indexes a key covers, and its specificity (day 2 > range 1 > daily 0)."""
    k = key.strip().lower()
    if k in {"daily", "everyday", "every day", "all"}:
        return tuple(range(7)), 0
    if k in {"weekdays", "workdays"}:
        return (0, 1, 2, 3, 4), 1
    if k in {"weekends", "weekend"}:
        return (5, 6), 1
    if k in WEEKDAYS:
        return (WEEKDAYS.index(k),), 2
    if "-" in k:
        a, _, b = (p.strip() for p in k.partition("-"))
        if a in WEEKDAYS and b in WEEKDAYS:
            i, j = WEEKDAYS.index(a), WEEKDAYS.index(b)
            span = (j - i) % 7
            return tuple((i + n) % 7 for n in range(span + 1)), 1
    known = [*WEEKDAYS, "mon-fri", "sat-sun", "daily", "weekdays", "weekends"]
    close = difflib.get_close_matches(k, known, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    msg = (
        f"{where}: unknown weekday key {shown(key)}; use 'mon'..'sun', a range such as "
        f"'mon-fri', 'daily', 'weekdays' or 'weekends'.{hint}"
    )
    raise CalendarError(msg)


#: The texts that mean "open 24 hours, 7 days a week" (7×24小时服务), in lower case.
ALWAYS_TEXTS = ("24x7", "7x24", "7×24", "24×7")


def is_always_text(value: object) -> TypeGuard[str]:
    """Whether ``value`` is one of :data:`ALWAYS_TEXTS` (any case, spaces around)."""
    return isinstance(value, str) and value.strip().lower() in ALWAYS_TEXTS


@attrs.frozen
class WeeklyHours:
    """Opening windows for each weekday, Monday first.

    Attributes:
        days: seven tuples of windows, ``days[0]`` for Monday.
    """

    days: tuple[tuple[Window, ...], ...]

    def __attrs_post_init__(self) -> None:
        if len(self.days) != 7:
            msg = f"WeeklyHours needs 7 days of windows, got {len(self.days)}"
            raise CalendarError(msg)
        for i, windows in enumerate(self.days):
            spill = [w for w in windows if w.overnight]
            nxt = self.days[(i + 1) % 7]
            for w in spill:
                for v in nxt:
                    if v.start < w.end - _DAY:
                        msg = (
                            f"{WEEKDAYS[i]} {w} runs overnight into {WEEKDAYS[(i + 1) % 7]} "
                            f"and overlaps its window {v}; end the overnight window by "
                            f"{_fmt(v.start)} or start the next day's window later"
                        )
                        raise CalendarError(msg)

    @classmethod
    def parse(cls, spec: Mapping[str, object] | str, *, where: str = "hours") -> WeeklyHours:
        """Read ``{"mon-fri": "09:00-12:00, 13:30-17:00", "sat": "09:00-12:00"}``, or ``"24x7"``.

        Keys: ``"mon"`` .. ``"sun"``, ranges such as ``"mon-fri"``, ``"daily"``,
        ``"weekdays"``, ``"weekends"``. A single day overrides a range, and a range
        overrides ``"daily"``; two keys of the same kind naming one day is an error.
        Days not named are closed. The text ``"24x7"`` (or ``"7x24"``, ``"7×24"``)
        is open 24 hours, 7 days. :meth:`format` writes the form this reads back.
        """
        if is_always_text(spec):
            return cls.always()
        if not isinstance(spec, Mapping):
            msg = (
                f"{where}: expected a mapping of weekday keys to windows, e.g. "
                f"{{'mon-fri': '09:00-17:00'}}, got {type(spec).__name__}"
            )
            raise CalendarError(msg)
        chosen: dict[int, tuple[int, str, tuple[Window, ...]]] = {}
        for key, value in spec.items():
            if not isinstance(key, str):
                msg = f"{where}: weekday keys are text such as 'mon-fri', got {shown(key)}"
                raise CalendarError(msg)
            days, rank = _day_keys(key, where=where)
            windows = parse_windows(value, where=f"{where}[{key!r}]")
            for d in days:
                prev = chosen.get(d)
                if prev is not None and prev[0] == rank:
                    msg = (
                        f"{where}: {WEEKDAYS[d]} is given twice, "
                        f"by {shown(prev[1])} and {shown(key)}; "
                        "name each weekday once (a single day may override a range)"
                    )
                    raise CalendarError(msg)
                if prev is None or prev[0] < rank:
                    chosen[d] = (rank, key, windows)
        return cls(tuple(chosen[d][2] if d in chosen else () for d in range(7)))

    @classmethod
    def always(cls) -> WeeklyHours:
        """Open 24 hours, 7 days."""
        return cls(tuple((Window(timedelta(0), _DAY),) for _ in range(7)))

    def format(self) -> dict[str, str] | str:
        """The shortest plain form :meth:`parse` reads back equal.

        ``"24x7"`` when open all day every day, ``{"daily": windows}`` when every
        day has the same windows, else runs of equal weekdays grouped
        (``{"mon-fri": "09:00-17:00", "sat": "09:00-12:00"}``), closed days left out.
        """
        texts = [", ".join(str(w) for w in day) for day in self.days]
        if all(t == "00:00-24:00" for t in texts):
            return ALWAYS_TEXTS[0]
        if len(set(texts)) == 1:
            return {"daily": texts[0]}
        out: dict[str, str] = {}
        i = 0
        while i < 7:
            j = i
            while j + 1 < 7 and texts[j + 1] == texts[i]:
                j += 1
            if texts[i]:
                key = WEEKDAYS[i] if i == j else f"{WEEKDAYS[i]}-{WEEKDAYS[j]}"
                out[key] = texts[i]
            i = j + 1
        return out

    def to_mapping(self) -> dict[str, str]:
        """Plain data: each weekday with its windows (``"closed"`` when none)."""
        return {
            WEEKDAYS[i]: (", ".join(str(w) for w in ws) if ws else "closed")
            for i, ws in enumerate(self.days)
        }

    @property
    def is_empty(self) -> bool:
        """Whether no weekday has any window."""
        return not any(self.days)
