"""Targets: how long a milestone may take, and their text (internal to the promises)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from types import MappingProxyType
from typing import ClassVar, Final, Literal

import attrs
from dateutil.rrule import rrule, rrulestr

from svcquality._fields import (
    cutoff_of,
    grammar_text,
    shown,
)
from svcquality._instants import from_micros, micros_of, td_micros
from svcquality._types import Counting, Language, PeriodUnit
from svcquality.calendars import BusinessCalendar
from svcquality.errors import PromiseError

__all__ = ["Target", "TargetKind"]

#: The six kinds of target.
TargetKind = Literal["wall", "business", "working_days", "days", "months", "batch"]

_COUNTINGS = ("working_days", "receipt_day_counted", "calendar_days")
#: The most a period target counts (the duration grammar reads no more either): past
#: these a count is no promise, and a huge int cannot even be written out.
_MOST_COUNT: Final[Mapping[str, int]] = MappingProxyType(
    {"working_days": 10_000, "days": 10_000, "months": 1_200}
)
_BATCH_EXAMPLE = "FREQ=MONTHLY;BYMONTHDAY=25"
_FAR = datetime(2000, 1, 1)  # noqa: DTZ001 - a naive anchor for parsing recurrences only


# --------------------------------------------------------------------------- targets


@functools.lru_cache(maxsize=256)
def _recurrence(text: str) -> rrule:
    """Parse an RFC 5545 RRULE once; the caller sets its start with ``replace``."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    upper = body.upper()
    for part in ("DTSTART", "COUNT", "\n"):
        if part in upper:
            msg = (
                f"Target.batch({shown(text)}): {part.strip() or 'a second line'} is not allowed; "
                "give only the recurrence of the batch dates, e.g. 'FREQ=MONTHLY;BYMONTHDAY=25' "
                "(the start is the receipt date)"
            )
            raise PromiseError(msg)
    try:
        parsed = rrulestr(body, dtstart=_FAR)
    except (ValueError, TypeError) as exc:
        msg = (
            f"Target.batch({shown(text)}): not an RFC 5545 recurrence ({exc}); "
            "write it like 'FREQ=MONTHLY;BYMONTHDAY=25' or 'FREQ=WEEKLY;BYDAY=FR'"
        )
        raise PromiseError(msg) from None
    if not isinstance(parsed, rrule):  # pragma: no cover - rrulestr without forceset
        msg = f"Target.batch({shown(text)}): give one RRULE, not a set"
        raise PromiseError(msg)
    return parsed


def _check_most(kind: str, n: int) -> None:
    most = _MOST_COUNT[kind]
    if n > most:
        unit = kind.replace("_", " ")
        msg = (
            f"Target.{kind}: {shown(n)} {unit} is more than the {most:,} a promise counts; "
            "check the count (a period of centuries is no service promise)"
        )
        raise PromiseError(msg)


def _check_cutoff(kind: str, value: object) -> None:
    cutoff_of(
        value,
        f"Target.{kind}",
        PromiseError,
        expected="a datetime.time such as time(16)",
        fix="give a local wall time such as time(16): it is read in the promise calendar's zone",
    )


def _rule_text(value: object) -> object:
    """A batch rule as it is read (NFKC, without surrounding space, at most 1,000
    characters), so a target equals the one its text reads back as; anything but
    text is left for the target's own check."""
    if not isinstance(value, str):
        return value
    return grammar_text(value, "Target.batch", PromiseError, _BATCH_EXAMPLE, 1_000).strip()


@attrs.frozen(repr=False)
class Target:
    """How long a milestone may take. Build one with the six class methods.

    Attributes:
        kind: ``"wall"``, ``"business"``, ``"working_days"``, ``"days"``,
            ``"months"`` or ``"batch"``.
        duration: the length of a wall or business target, else None.
        count: the number of working days, days or months of a period target,
            else None.
        cutoff: the local time after which a receipt counts as next-day (period
            targets only), or None.
        rule: the RFC 5545 recurrence of a batch target's dates, else None.
        counting: how a working-day period is counted (see
            :meth:`BusinessCalendar.working_day_deadline`).
    """

    #: The most a period target counts, by kind (the duration grammar reads no more
    #: either): past these a count is no service promise, and a huge int cannot even
    #: be written out.
    MOST_COUNT: ClassVar[Mapping[str, int]] = _MOST_COUNT

    kind: TargetKind
    duration: timedelta | None = None
    count: int | None = None
    cutoff: time | None = None
    rule: str | None = attrs.field(default=None, converter=_rule_text)
    counting: Counting = "working_days"

    def __attrs_post_init__(self) -> None:
        if self.kind in ("wall", "business"):
            d = self.duration
            if not isinstance(d, timedelta) or d <= timedelta(0):
                msg = (
                    f"Target.{self.kind}: the duration must be a positive timedelta such as "
                    f"timedelta(hours=1), got {shown(d)}"
                )
                raise PromiseError(msg)
        elif self.kind in ("days", "months"):
            n = self.count
            if not isinstance(n, int) or isinstance(n, bool) or n < 1:
                msg = (
                    f"Target.{self.kind}: n must be a whole number of {self.kind} >= 1, "
                    f"got {shown(n)}; for 'the same business day' use Target.working_days(0)"
                )
                raise PromiseError(msg)
            _check_most(self.kind, n)
            _check_cutoff(self.kind, self.cutoff)
            if self.counting != "working_days":
                msg = (
                    f"Target.{self.kind}: counting applies to Target.working_days only, "
                    f"got {shown(self.counting)}"
                )
                raise PromiseError(msg)
        elif self.kind == "working_days":
            n = self.count
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                msg = (
                    "Target.working_days: n must be a whole number of working days >= 0 "
                    f"(0 is 'the same business day'), got {shown(n)}"
                )
                raise PromiseError(msg)
            _check_most(self.kind, n)
            _check_cutoff(self.kind, self.cutoff)
            if self.counting not in _COUNTINGS:
                msg = (
                    f"Target.working_days: counting must be one of {', '.join(_COUNTINGS)}, "
                    f"got {shown(self.counting)}"
                )
                raise PromiseError(msg)
            if self.counting == "receipt_day_counted" and n == 0:
                msg = "Target.working_days(0): with counting='receipt_day_counted', n must be >= 1"
                raise PromiseError(msg)
        elif self.kind == "batch":
            if not isinstance(self.rule, str) or not self.rule.strip():
                msg = f"Target.batch: rule must be an RRULE string, got {shown(self.rule)}"
                raise PromiseError(msg)
            _recurrence(self.rule)
        else:
            msg = (
                f"Target: unknown kind {shown(self.kind)}; use Target.wall, Target.business, "
                "Target.working_days, Target.days, Target.months or Target.batch"
            )
            raise PromiseError(msg)

    # ------------------------------------------------------------ constructors

    @classmethod
    def wall(cls, duration: timedelta) -> Target:
        """Clock time: ``Target.wall(timedelta(hours=24))`` ("within 24 hours")."""
        return cls("wall", duration=duration)

    @classmethod
    def business(cls, duration: timedelta) -> Target:
        """Open time on the promise's calendar ("within 1 business hour")."""
        return cls("business", duration=duration)

    @classmethod
    def working_days(
        cls, n: int, cutoff: time | None = None, *, counting: Counting = "working_days"
    ) -> Target:
        """A working-day period: due at the close of business of the n-th working day.

        The receipt day is not counted; a receipt on a closed day, at or after
        ``cutoff`` or after close of business counts as the next working day's.
        ``n == 0`` is "the same business day" (当日).
        """
        return cls("working_days", count=n, cutoff=cutoff, counting=counting)

    @classmethod
    def days(cls, n: int, cutoff: time | None = None) -> Target:
        """A period of ``n`` days (15日), as the Civil Code counts it (Art. 200-203).

        The day of receipt is not counted; the last day is the receipt date +
        ``n``, moved to the first working day after it when it is not one; the
        period ends at that day's close of business, or 24:00 where the unit
        has no hours. A receipt at or after ``cutoff`` counts as received the
        next calendar day. See :meth:`BusinessCalendar.period_deadline`.
        """
        return cls("days", count=n, cutoff=cutoff)

    @classmethod
    def months(cls, n: int, cutoff: time | None = None) -> Target:
        """A period of ``n`` months (1个月): to the same-numbered day of the ``n``-th
        month after the receipt day, or that month's last day (Art. 202), then as
        :meth:`days`.
        """
        return cls("months", count=n, cutoff=cutoff)

    @classmethod
    def batch(cls, rule: str) -> Target:
        """Due with the first scheduled batch after the receipt date.

        ``rule`` is an RFC 5545 recurrence of the batch dates, e.g.
        ``"FREQ=MONTHLY;BYMONTHDAY=25"``. The target is due at the close of
        business of the first batch date after the receipt's local date, or of
        the next working day when that date is closed.
        """
        return cls("batch", rule=rule)

    # ------------------------------------------------------------ the grammar

    @classmethod
    def parse(cls, text: str) -> Target:
        """Read a target from text: ``"4h"``, ``"1 business hour"``, ``"3个工作日"``, ``"T+1"``.

        The grammar is :func:`svcquality.durations.parse_duration`'s (its public
        alias); :meth:`format` writes a text this reads back equal.

        Raises:
            DurationError: the text is not a duration; the message says where.
        """
        # durations builds Targets, so it is imported when first used, not at import.
        from svcquality.durations import parse_duration  # noqa: PLC0415

        return parse_duration(text)

    def format(self, *, language: Language = "en") -> str:
        """The target's canonical text (``"4h"``, ``"3 working days"``; ``"zh"``: ``"3个工作日"``).

        ``Target.parse(t.format(language=...)) == t`` for every target whose
        counting is the default; the same as :func:`svcquality.durations.format_duration`.
        """
        from svcquality.durations import format_duration  # noqa: PLC0415 - as in parse

        return format_duration(self, language=language)

    # ------------------------------------------------------------ reading

    @property
    def measure(self) -> Literal["wall", "business"]:
        """What the clock counts for this target: clock time or open time."""
        return "wall" if self.kind == "wall" else "business"

    def deadline(self, start: datetime, calendar: BusinessCalendar | None) -> datetime:
        """The due instant for work started at ``start`` with no pause."""
        if self.kind == "wall":
            # Elapsed time, not wall-clock arithmetic: aware ``start + duration`` in
            # one zone would skip or repeat the hour a DST change adds or removes.
            x = micros_of(start, "Target.deadline(start)")
            assert self.duration is not None
            assert start.tzinfo is not None  # micros_of refused a naive start
            return from_micros(x + td_micros(self.duration), start.tzinfo)
        cal = _need_calendar(calendar, self)
        if self.kind == "business":
            assert self.duration is not None
            return cal.add(start, self.duration)
        if self.kind == "working_days":
            assert self.count is not None
            return cal.working_day_deadline(start, self.count, self.cutoff, counting=self.counting)
        if self.kind in ("days", "months"):
            assert self.count is not None
            unit: PeriodUnit = "days" if self.kind == "days" else "months"
            return cal.period_deadline(start, self.count, unit=unit, cutoff=self.cutoff)
        return self._batch_deadline(start, cal)

    def budget(self, start: datetime, calendar: BusinessCalendar | None) -> timedelta:
        """How much of the target's measure work started at ``start`` may use.

        A wall or business target's duration; for a period (working days, days,
        months, batch) the open time on working days (``calendar.working_hours()``)
        from ``start`` to its deadline.
        """
        if self.kind in ("wall", "business"):
            assert self.duration is not None
            return self.duration
        cal = _need_calendar(calendar, self)
        # A period's budget is working hours: what a pause excludes (see the clock).
        return cal.working_hours().between(start, self.deadline(start, cal))

    def _batch_deadline(self, start: datetime, cal: BusinessCalendar) -> datetime:
        assert self.rule is not None
        # the calendar's own reading: an aware instant in the years it covers, else its error
        received = cal._local_date(start, "Target.deadline(start)")
        anchor = datetime(received.year, received.month, received.day)  # noqa: DTZ001
        rule = _recurrence(self.rule).replace(dtstart=anchor)
        nxt = rule.after(anchor + timedelta(days=1), inc=True)
        if nxt is None:
            msg = (
                f"Target.batch({self.rule!r}): no batch date after {received.isoformat()}; "
                "the recurrence has ended (check its UNTIL)"
            )
            raise PromiseError(msg)
        day = cal.add_working_days(nxt.date(), 0)
        close = cal.end_of_working_day(day)
        assert close is not None  # a working day has an end
        return close

    def __repr__(self) -> str:
        if self.kind in ("wall", "business"):
            return f"Target.{self.kind}({self.duration!r})"
        if self.kind == "batch":
            return f"Target.batch({self.rule!r})"
        extra = "" if self.cutoff is None else f", cutoff={self.cutoff!r}"
        if self.counting != "working_days":
            extra += f", counting={self.counting!r}"
        return f"Target.{self.kind}({self.count}{extra})"


def _need_calendar(calendar: BusinessCalendar | None, target: Target) -> BusinessCalendar:
    if calendar is None:
        msg = (
            f"{target!r} is measured in open time and needs a calendar; "
            "give the promise a calendar=BusinessCalendar..."
        )
        raise PromiseError(msg)
    if not isinstance(calendar, BusinessCalendar):
        msg = f"{target!r} needs a BusinessCalendar to be measured on, got {shown(calendar)}"
        raise PromiseError(msg)
    return calendar
