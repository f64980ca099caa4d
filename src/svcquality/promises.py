"""Service promises: targets, milestones, and the catalog that picks a promise.

A :class:`Promise` is what a bank commits to for one service (服务时限承诺): a
named service with ordered milestones (``respond``, ``initial_disposal``,
``resolve``, ``feedback``...), each with a :class:`Target`, measured on a
:class:`~svcquality.BusinessCalendar`, and a compliance goal ("≥ 90% of routine
business within the promised time"). A :class:`Catalog` picks the promise for a
request by ordered rules on its attributes and says which rule decided.

A target is one of six kinds:

- ``Target.wall(d)``: clock time ("apologise and resolve within 24 hours");
- ``Target.business(d)``: open time on the promise's calendar ("respond within
  1 business hour");
- ``Target.working_days(n, cutoff=None)``: the working-day period of
  :meth:`BusinessCalendar.working_day_deadline` ("ATM error refund credited
  within 5 working days"; ``n == 0`` is "the same business day");
- ``Target.days(n)`` and ``Target.months(n)``: the day and month periods of
  :meth:`BusinessCalendar.period_deadline`, as the Civil Code counts them
  ("自收到消费投诉之日起15日内");
- ``Target.batch(rule)``: work done in scheduled batches (POS prizes credited
  in the monthly batch): due at the close of business of the first batch date
  after the receipt date, the batch dates being an RFC 5545 recurrence, moved
  to the next working day when the batch date is closed.

The SLA clock (:mod:`svcquality.clock`) measures a wall target in clock time and
every other kind in open time on the calendar: a working-day or batch target's
*budget* is the open time from the start to its deadline, so a pause extends it
the same way as a business-time target.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, time, timedelta
from types import MappingProxyType
from typing import Any, ClassVar, Final, Literal

import attrs
from dateutil.rrule import rrule, rrulestr

from svcquality._conditions import (
    Amount,
    amount_bound,
    check_range,
    in_range,
    range_covers,
    range_text,
    request_attributes,
)
from svcquality._fields import (
    choice_of,
    closest,
    did_you_mean,
    entries_of,
    grammar_text,
    items_of,
    shown,
)
from svcquality._instants import from_micros, micros_of, require_aware, td_micros
from svcquality._ordered import check_table, first_match
from svcquality._types import Counting, Language, PeriodUnit, StatusAction
from svcquality.calendars import BusinessCalendar
from svcquality.errors import CatalogError, PromiseError

__all__ = [
    "ATTRIBUTES",
    "Catalog",
    "CatalogRule",
    "Extension",
    "Match",
    "Promise",
    "StatusRule",
    "Target",
    "TargetKind",
]

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


def _check_cutoff(value: object) -> time | None:
    if value is None:
        return None
    if not isinstance(value, time):
        msg = f"Target.working_days: cutoff must be a datetime.time such as time(16), got {value!r}"
        raise PromiseError(msg)
    if value.tzinfo is not None:
        msg = (
            f"Target.working_days: cutoff {value!r} carries a zone; give a local wall time "
            "such as time(16): it is read in the promise calendar's zone"
        )
        raise PromiseError(msg)
    return value


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
            _check_cutoff(self.cutoff)
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
            _check_cutoff(self.cutoff)
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


# --------------------------------------------------------------------------- extensions


def _flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        msg = f"Extension: {attribute.name} must be True or False, got {value!r}"
        raise PromiseError(msg)


def _extension_target(instance: object, attribute: attrs.Attribute[Target], value: object) -> None:
    if not isinstance(value, Target):
        msg = (
            f"Extension: to must be a Target such as Target.working_days(30), got {value!r}; "
            "an extension is a whole new target counted from the milestone's start"
        )
        raise PromiseError(msg)


@attrs.frozen
class Extension:
    """One extension a promise allows a milestone (延长处理期限), and what it requires.

    The extension's target replaces the milestone's target when an
    :class:`~svcquality.Extended` event applies it. It is counted from the same
    start as the target it replaces ("情况复杂的可以延长至30日": 30 days from the
    receipt, not 30 more), and pauses apply to it the same way. A promise lists a
    milestone's extensions in the order they may be applied.

    Attributes:
        to: the new target, e.g. ``Target.working_days(30)``; measured the
            milestone's way (clock time or open time) and, where comparable,
            longer than the target before it.
        requires_reason: the ``Extended`` event must give a reason ("情况复杂").
        requires_approval: the event must name who approved it (上级机构 or a
            senior manager of the head office).
        requires_customer_informed: the event must record that the customer was
            told (告知投诉人).
    """

    to: Target = attrs.field(validator=_extension_target)
    requires_reason: bool = attrs.field(default=False, kw_only=True, validator=_flag)
    requires_approval: bool = attrs.field(default=False, kw_only=True, validator=_flag)
    requires_customer_informed: bool = attrs.field(default=False, kw_only=True, validator=_flag)

    @property
    def requirements(self) -> tuple[str, ...]:
        """The names of what the extension requires, e.g. ``("reason", "approval")``."""
        return tuple(
            name
            for name, needed in (
                ("reason", self.requires_reason),
                ("approval", self.requires_approval),
                ("customer_informed", self.requires_customer_informed),
            )
            if needed
        )


def _longer(a: Target, b: Target) -> bool | None:
    """Whether ``a`` gives more time than ``b``; None when the two do not compare.

    Two targets compare when they are of one kind and differ only in their
    length (the duration, or the number of working days, days or months).
    """
    if a.kind != b.kind:
        return None
    if a.duration is not None and b.duration is not None:
        return a.duration > b.duration
    if a.count is not None and b.count is not None and attrs.evolve(a, count=b.count) == b:
        return a.count > b.count
    return None


#: A problem of a promise's extensions: (path below ``extensions``, problem, fix).
_ExtensionProblem = tuple[tuple[str | int, ...], str, str]


def _extension_problems(
    milestones: Mapping[str, Target], extensions: Mapping[Any, object]
) -> list[_ExtensionProblem]:
    """Every problem of ``extensions`` against ``milestones``, each with its path.

    The path is below ``extensions``: ``("decide",)``, ``("decide", 1)`` or
    ``("decide", 1, "to")``. :class:`Promise` raises the first; a rulebook
    reports them all.
    """
    out: list[_ExtensionProblem] = []
    known = list(milestones)
    for key, entries in extensions.items():
        target = milestones.get(key) if isinstance(key, str) else None
        if target is None:
            hint = did_you_mean(str(key), known)
            out.append(
                (
                    (str(key),),
                    f"there is no milestone {key!r}",
                    f"{hint}extend one of the milestones {', '.join(map(repr, known))}",
                )
            )
            continue
        name: str = key
        if isinstance(entries, Extension | str) or not isinstance(entries, Sequence):
            out.append(
                (
                    (name,),
                    f"expected the milestone's extensions in order, got {entries!r}",
                    "give a tuple of Extension, e.g. (Extension(Target.working_days(30)),)",
                )
            )
            continue
        before = target
        where = f"the target {target!r} of milestone {name!r}"
        for j, ext in enumerate(entries):
            if not isinstance(ext, Extension):
                out.append(
                    (
                        (name, j),
                        f"expected an Extension, got {ext!r}",
                        "write Extension(to=Target..., requires_reason=...)",
                    )
                )
                break
            if ext.to.measure != target.measure:
                measure = "clock time" if target.measure == "wall" else "open time"
                out.append(
                    (
                        (name, j, "to"),
                        f"{ext.to!r} is not measured in {measure}, as {where} is",
                        f"extend it with a target measured in {measure}",
                    )
                )
                break
            if _longer(ext.to, before) is False:
                out.append(
                    (
                        (name, j, "to"),
                        f"{ext.to!r} gives no more time than {where}",
                        "an extension is counted from the same start as the target it "
                        "replaces, so give a longer one (extend 15 days to 30, not by 15)",
                    )
                )
                break
            before = ext.to
            where = f"extension [{j}] {ext.to!r} before it"
    return out


def _extensions(value: object) -> dict[str, tuple[Extension, ...]]:
    if not isinstance(value, Mapping):
        msg = (
            "Promise: extensions must be a mapping of milestone name to its extensions in "
            f"order, such as {{'decide': (Extension(Target.working_days(30)),)}}; got {value!r}"
        )
        raise PromiseError(msg)
    # Kept as given here; __attrs_post_init__ checks them against the milestones.
    return {
        k: (tuple(v) if isinstance(v, Sequence) and not isinstance(v, str) else v)
        for k, v in value.items()
        if not (isinstance(v, Sequence) and not isinstance(v, str) and len(v) == 0)
    }


def _pause_reasons(value: object) -> tuple[str, ...]:
    fix = "give the reasons as a tuple of text, such as ('external_appraisal', 'awaiting_customer')"
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Promise: pause_reasons must be a tuple of reasons, got {value!r}; {fix}"
        raise PromiseError(msg)
    out: list[str] = []
    for reason in value:
        if not isinstance(reason, str) or not reason.strip():
            msg = f"Promise: pause_reasons has {reason!r}, not a reason; {fix}"
            raise PromiseError(msg)
        if reason in out:
            msg = f"Promise: pause_reasons lists {reason!r} twice; remove the repeat"
            raise PromiseError(msg)
        out.append(reason)
    return tuple(out)


def _milestone_names(value: object, field: str, example: str) -> tuple[str, ...]:
    fix = f"name the milestones as a tuple, such as {example}"
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Promise: {field} must be a tuple of milestone names, got {value!r}; {fix}"
        raise PromiseError(msg)
    out: list[str] = []
    for name in value:
        _check_name(name, f"Promise: a milestone name in {field}")
        if name in out:
            msg = f"Promise: {field} lists {name!r} twice; remove the repeat"
            raise PromiseError(msg)
        out.append(name)
    return tuple(out)


def _repeats(value: object) -> tuple[str, ...]:
    return _milestone_names(value, "repeats", "('update',)")


def _replies(value: object) -> tuple[str, ...]:
    return _milestone_names(value, "replies", "('reply',)")


# --------------------------------------------------------------------------- status rules


def _status_action(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    choice_of(value, StatusAction, "StatusRule.action", PromiseError)


def _status_reason(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        msg = f"StatusRule: reason must be text such as 'awaiting_customer', got {shown(value)}"
        raise PromiseError(msg)


def _status_milestones(value: object) -> tuple[str, ...]:
    names = items_of(value, "StatusRule: milestones", PromiseError, "('respond',)")
    for name in names:
        if not isinstance(name, str) or not name.strip():
            msg = f"StatusRule: milestones has {shown(name)}, not a milestone name"
            raise PromiseError(msg)
    return tuple(str(name) for name in names)


@attrs.frozen
class StatusRule:
    """What one host status does to the clock (a promise's ``status_rules``).

    A host maps its ticket states once, as data; a
    :class:`~svcquality.StatusChanged` event in the log then drives the clock
    as the explicit events the rule implies would (``docs/clock.md``, "Status
    rules"). Build one with a constructor:

    - ``StatusRule.pause(reason)``: the clock pauses for ``reason`` (等待客户补充材料,
      外部鉴定); the promise's ``pause_reasons`` apply to it. Implies ``Paused``.
    - ``StatusRule.resume()``: the clock runs again. Implies ``Resumed``.
    - ``StatusRule.meet(*milestones)``: those milestones are met (ServiceNow's
      stop condition). Implies ``Met`` for each one not yet met.
    - ``StatusRule.restart()``: every open milestone starts afresh, nothing
      used (new facts and reasons; ServiceNow's reset condition). Implies
      ``Retargeted(promise=<the promise in force>, policy="restart")``.
    - ``StatusRule.keep()``: the status leaves the clock as it is (a status the
      host has that the clock does not care about, declared so none is unknown).

    A status never resolves or reopens the request: closing it (办结) is a
    decision recorded as ``Resolved``, which routing and feedback read too.

    Attributes:
        action: ``"pause"``, ``"resume"``, ``"meet"``, ``"restart"`` or ``"keep"``.
        reason: the pause's reason (``"pause"`` only, where it is required).
        milestones: the milestones met (``"meet"`` only, where one is required).
    """

    action: StatusAction = attrs.field(validator=_status_action)
    reason: str = attrs.field(default="", kw_only=True, validator=_status_reason)
    milestones: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_status_milestones
    )

    def __attrs_post_init__(self) -> None:
        problem = _status_rule_shape(self)
        if problem is not None:
            raise PromiseError(f"StatusRule({self.action!r}): {problem[0]}; {problem[1]}")

    @classmethod
    def pause(cls, reason: str) -> StatusRule:
        """The clock pauses for ``reason``."""
        return cls("pause", reason=reason)

    @classmethod
    def resume(cls) -> StatusRule:
        """The clock runs again."""
        return cls("resume")

    @classmethod
    def meet(cls, *milestones: str) -> StatusRule:
        """Those milestones are met."""
        return cls("meet", milestones=milestones)

    @classmethod
    def restart(cls) -> StatusRule:
        """Every open milestone starts afresh from the status change."""
        return cls("restart")

    @classmethod
    def keep(cls) -> StatusRule:
        """The clock stays as it is."""
        return cls("keep")


def _status_rule_shape(rule: StatusRule) -> tuple[str, str] | None:
    """The rule's first problem on its own, as (problem, fix), or None."""
    if rule.action == "pause" and not rule.reason.strip():
        return "a pause needs a reason", "write StatusRule.pause('awaiting_customer')"
    if rule.action != "pause" and rule.reason:
        return f"only a pause has a reason, got {rule.reason!r}", "remove the reason"
    if rule.action == "meet" and not rule.milestones:
        return "names no milestone", "write StatusRule.meet('respond')"
    if rule.action != "meet" and rule.milestones:
        return (
            f"only 'meet' names milestones, got {rule.milestones!r}",
            "remove the milestones",
        )
    repeated = [m for j, m in enumerate(rule.milestones) if m in rule.milestones[:j]]
    if repeated:
        return f"names milestone {repeated[0]!r} twice", "remove the repeat"
    return None


#: A problem of a promise's status rules: (path below ``status_rules``, problem, fix).
_StatusProblem = tuple[tuple[str, ...], str, str]


def _status_rule_problems(
    milestones: Mapping[str, Target], pause_reasons: Sequence[str], rules: Mapping[str, StatusRule]
) -> list[_StatusProblem]:
    """Every problem of ``rules`` against the promise's milestones and pause reasons.

    The path is below ``status_rules``: ``("awaiting_customer", "reason")`` or
    ``("answered", "milestones")``. :class:`Promise` raises the first; a
    rulebook reports them all.
    """
    out: list[_StatusProblem] = []
    known = list(milestones)
    for status, rule in rules.items():
        if rule.action == "pause" and pause_reasons and rule.reason not in pause_reasons:
            out.append(
                (
                    (status, "reason"),
                    f"the reason {rule.reason!r} is not one of the promise's pause_reasons "
                    f"({', '.join(map(repr, pause_reasons))})",
                    f"{did_you_mean(rule.reason, pause_reasons)}give one of them, or add it "
                    "to pause_reasons",
                )
            )
        out.extend(
            (
                (status, "milestones"),
                f"there is no milestone {name!r}",
                f"{did_you_mean(name, known)}name one of the milestones "
                f"{', '.join(map(repr, known))}",
            )
            for name in rule.milestones
            if name not in milestones
        )
    return out


def _status_rules(value: object) -> dict[str, StatusRule]:
    example = "{'awaiting_customer': StatusRule.pause('等待客户补充材料')}"
    entries = entries_of(value, "Promise: status_rules", PromiseError, example)
    out: dict[str, StatusRule] = {}
    for status, rule in entries.items():
        name = _check_name(status, "Promise: a status name in status_rules")
        if not isinstance(rule, StatusRule):
            msg = (
                f"Promise: status_rules[{status!r}] must be a StatusRule such as "
                f"StatusRule.pause('awaiting_customer') or StatusRule.resume(), got {shown(rule)}"
            )
            raise PromiseError(msg)
        out[name] = rule
    return out


# --------------------------------------------------------------------------- promises

_NAME = re.compile(r"^\S+$")


def _check_name(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or not _NAME.match(value):
        msg = f"{what} must be a non-empty name without spaces, such as 'atm_refund'; got {value!r}"
        raise PromiseError(msg)
    return value


def _service(value: object) -> str:
    return _check_name(value, "Promise: service")


def _milestones(value: object) -> dict[str, Target]:
    if not isinstance(value, Mapping) or not value:
        msg = (
            "Promise: milestones must be a non-empty mapping of name to Target, such as "
            f"{{'respond': Target.business(timedelta(hours=1))}}; got {value!r}"
        )
        raise PromiseError(msg)
    out: dict[str, Target] = {}
    for name, target in value.items():
        _check_name(name, "Promise: a milestone name")
        if not isinstance(target, Target):
            msg = (
                f"Promise: milestone {name!r} must be a Target (Target.wall, Target.business, "
                f"Target.working_days, Target.batch), got {target!r}"
            )
            raise PromiseError(msg)
        out[name] = target
    return out


def _goal(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        msg = (
            f"Promise: goal is the share of requests to meet, in (0, 1], such as 0.9; got {value!r}"
        )
        raise PromiseError(msg)
    return float(value)


@attrs.frozen
class Promise:
    """A service's promised milestones, measured on a calendar, with a compliance goal.

    Attributes:
        service: the service, e.g. ``"atm_refund"`` or ``"loss_report"``.
        milestones: ordered ``{name: Target}``, e.g. ``{"respond": ..., "resolve": ...}``.
        calendar: the calendar open time is measured on; needed by every target
            that is not wall time.
        goal: the share of requests that must meet the promise, e.g. 0.9.
        name: the promise's own name when one service has several (by tier or
            channel); defaults to the service.
        extensions: per milestone, the :class:`Extension` s it allows, in the
            order an :class:`~svcquality.Extended` event may apply them
            (keyword-only). A milestone without an entry allows none.
        pause_reasons: the reasons a ``Paused`` event may give, e.g.
            ``("external_appraisal",)`` (外部机构鉴定、检测、评估); empty (the
            default) accepts any reason (keyword-only).
        status_rules: what each host status does to the clock, as
            :class:`StatusRule` s by status name, e.g.
            ``{"awaiting_customer": StatusRule.pause("等待客户补充材料")}`` (a status
            name is a name without spaces, as a milestone's is); a
            :class:`~svcquality.StatusChanged` event names one of them. Empty (the
            default) refuses every status change (keyword-only).
        repeats: the milestones that recur, e.g. ``("update",)`` for a progress
            update due every 2 working days (同步反馈客户进度): each ``Met`` of one
            meets its current occurrence and starts the next, counted from the
            ``Met``; the first counts from the opening, and the resolution ends
            them (keyword-only; ``docs/clock.md``, "Repeating milestones").
        replies: the milestones a customer's message calls for, e.g. ``("reply",)``
            for a next reply due within 1 business hour (Zendesk's next reply
            time): a :class:`~svcquality.CustomerMessage` opens an occurrence when
            none waits, and a ``Met`` of the milestone (the agent's reply) meets
            it. No message waiting, nothing due (keyword-only; ``docs/clock.md``,
            "Next reply").
    """

    service: str = attrs.field(converter=_service)
    milestones: dict[str, Target] = attrs.field(converter=_milestones, hash=False)
    calendar: BusinessCalendar | None = attrs.field(default=None, eq=True, hash=False)
    goal: float = attrs.field(default=0.9, converter=_goal)
    name: str = attrs.field(default="")
    extensions: dict[str, tuple[Extension, ...]] = attrs.field(
        factory=dict, converter=_extensions, kw_only=True, hash=False
    )
    pause_reasons: tuple[str, ...] = attrs.field(default=(), converter=_pause_reasons, kw_only=True)
    status_rules: dict[str, StatusRule] = attrs.field(
        factory=dict, converter=_status_rules, kw_only=True, hash=False
    )
    repeats: tuple[str, ...] = attrs.field(default=(), converter=_repeats, kw_only=True)
    replies: tuple[str, ...] = attrs.field(default=(), converter=_replies, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.calendar is not None and not isinstance(self.calendar, BusinessCalendar):
            msg = (
                f"Promise {self.service!r}: calendar must be a BusinessCalendar, got "
                f"{self.calendar!r}; rulebooks refer to calendars by name, code passes the object"
            )
            raise PromiseError(msg)
        if not self.name:
            object.__setattr__(self, "name", self.service)
        else:
            _check_name(self.name, "Promise: name")
        if self.calendar is None:
            for milestone, target in self.milestones.items():
                if target.measure == "business":
                    msg = (
                        f"Promise {self.name!r}: milestone {milestone!r} is {target!r}, measured "
                        "in open time, but the promise has no calendar; pass "
                        "calendar=BusinessCalendar.weekly(...) (or .always_open(...) for 7x24)"
                    )
                    raise PromiseError(msg)
        problems = _extension_problems(self.milestones, self.extensions)
        if problems:
            path, problem, fix = problems[0]
            where = "".join(f"[{seg!r}]" for seg in path[:1]) + "".join(
                f"[{seg}]" if isinstance(seg, int) else f".{seg}" for seg in path[1:]
            )
            msg = f"Promise {self.name!r}: extensions{where}: {problem}; {fix}"
            raise PromiseError(msg)
        for name in self.repeats:
            if name not in self.milestones:
                msg = (
                    f"Promise {self.name!r}: repeats names {name!r}, which is not a milestone; "
                    f"{did_you_mean(name, list(self.milestones))}name one of the milestones "
                    f"{', '.join(map(repr, self.milestones))}, whose target is the interval"
                )
                raise PromiseError(msg)
        for name in self.replies:
            if name not in self.milestones:
                msg = (
                    f"Promise {self.name!r}: replies names {name!r}, which is not a milestone; "
                    f"{did_you_mean(name, list(self.milestones))}name one of the milestones "
                    f"{', '.join(map(repr, self.milestones))}, whose target is the reply's"
                )
                raise PromiseError(msg)
            if name in self.repeats:
                msg = (
                    f"Promise {self.name!r}: {name!r} is in both repeats and replies; a "
                    "repeating milestone comes back after each Met, a reply only after a "
                    "customer's message: keep it in one of them"
                )
                raise PromiseError(msg)
        status_problems = _status_rule_problems(
            self.milestones, self.pause_reasons, self.status_rules
        )
        if status_problems:
            (status, *rest), problem, fix = status_problems[0]
            where = f"[{status!r}]" + "".join(f".{seg}" for seg in rest)
            msg = f"Promise {self.name!r}: status_rules{where}: {problem}; {fix}"
            raise PromiseError(msg)

    def __getitem__(self, milestone: str) -> Target:
        try:
            return self.milestones[milestone]
        except KeyError:
            raise PromiseError(self._unknown(milestone)) from None

    def _unknown(self, milestone: object) -> str:
        if milestone in self.replies:
            return (
                f"promise {self.name!r}'s milestone {milestone!r} is a reply (replies), and "
                "no customer message waits for it, so nothing is due; its answered "
                f"occurrences are in occurrences[{milestone!r}]"
            )
        known = list(self.milestones)
        hint = did_you_mean(str(milestone), known)
        return (
            f"promise {self.name!r} has no milestone {milestone!r}; {hint}"
            f"its milestones are {', '.join(map(repr, known))}"
        )

    def deadlines(self, received: datetime) -> dict[str, datetime]:
        """Each milestone's due instant for a request received at ``received``, with no pause."""
        return {m: t.deadline(received, self.calendar) for m, t in self.milestones.items()}


# --------------------------------------------------------------------------- catalog

#: The request attributes a catalog rule may test: the routing rules' attributes
#: and the severity. ``amount`` is tested by a range (``amount_min``/``amount_max``),
#: the others by the names in ``when``.
ATTRIBUTES = ("service", "severity", "channel", "customer_tier", "amount", "language", "branch")
_NAMED = tuple(a for a in ATTRIBUTES if a != "amount")


def _condition(value: object) -> tuple[tuple[str, frozenset[str]], ...]:
    if value is None:
        return ()
    if isinstance(value, tuple) and all(
        isinstance(p, tuple) and len(p) == 2 and isinstance(p[1], frozenset) for p in value
    ):
        value = dict(value)  # the normalised form: the default (), or attrs.evolve(rule)
    if not isinstance(value, Mapping):
        msg = (
            "CatalogRule: when must be a mapping such as {'service': 'atm_refund'}, "
            f"got {value!r}"
        )
        raise CatalogError(msg)
    out: list[tuple[str, frozenset[str]]] = []
    for key in sorted(value, key=lambda k: _NAMED.index(k) if k in _NAMED else 99):
        if key == "amount":
            msg = (
                "CatalogRule: when tests names; test the amount with "
                "amount_min=... and amount_max=... (the range [amount_min, amount_max))"
            )
            raise CatalogError(msg)
        if key not in _NAMED:
            hint = did_you_mean(str(key), _NAMED)
            msg = (
                f"CatalogRule: unknown attribute {key!r}; {hint}"
                f"a rule may test {', '.join(_NAMED)} (and amount_min/amount_max)"
            )
            raise CatalogError(msg)
        raw = value[key]
        options = (raw,) if isinstance(raw, str) else raw
        if not isinstance(options, Iterable) or not options:
            msg = f"CatalogRule: {key} must be a name or a list of names, got {raw!r}"
            raise CatalogError(msg)
        names = frozenset(options)
        if not all(isinstance(n, str) and n for n in names):
            msg = f"CatalogRule: {key} must be a name or a list of names, got {raw!r}"
            raise CatalogError(msg)
        out.append((key, names))
    return tuple(out)


def _catalog_bound(value: object) -> Amount | None:
    return amount_bound(value, "CatalogRule: amount bound", CatalogError)


_SOURCE = re.compile(r"[a-z][a-z0-9_]*")


def _calendar_from(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else value
    example = "('branch', 'customer_calendar', 'group_calendar')"
    if not isinstance(items, Iterable):
        msg = (
            "CatalogRule: calendar_from must be request attribute names such as "
            f"{example}, got {shown(value)}"
        )
        raise CatalogError(msg)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not _SOURCE.fullmatch(item):
            msg = (
                f"CatalogRule: calendar_from must be request attribute names such as {example} "
                f"(lower case, digits and _), got {shown(item)} in {shown(value)}"
            )
            raise CatalogError(msg)
        if item in ("amount", "rule", "promise"):
            msg = (
                f"CatalogRule: calendar_from cannot read {item!r} (the amount, or a word Match "
                "uses for the rule's and the promise's calendar); name a request attribute "
                "that holds a calendar name"
            )
            raise CatalogError(msg)
        if item in out:
            msg = (
                f"CatalogRule: calendar_from names {item!r} twice in {shown(value)}; "
                "list each source once"
            )
            raise CatalogError(msg)
        out.append(item)
    return tuple(out)


def _in_force_from(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    if value is not None:
        require_aware(value, "CatalogRule(in_force_from=...)")


def _applies_to_open(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        msg = f"CatalogRule: applies_to_open must be True or False, got {shown(value)}"
        raise CatalogError(msg)


def _not_later(a: datetime | None, b: datetime | None) -> bool:
    """Whether in force from ``a`` is in force whenever from ``b`` is (None: always)."""
    return a is None or (b is not None and a <= b)


def _start_text(rule: CatalogRule) -> str:
    start = rule.in_force_from
    return "always (no in_force_from)" if start is None else f"from {start.isoformat()}"


def _catalog_rules(value: object) -> tuple[CatalogRule, ...]:
    return items_of(value, "Catalog.rules", CatalogError, "[CatalogRule(promise='x')]")  # type: ignore[return-value]


def _catalog_promises(value: object) -> dict[str, Promise]:
    return entries_of(value, "Catalog.promises", CatalogError, "{'x': promise}")  # type: ignore[return-value]


def _catalog_calendars(value: object) -> dict[str, BusinessCalendar]:
    return entries_of(value, "Catalog.calendars", CatalogError, "{'branch': calendar}")  # type: ignore[return-value]


@attrs.frozen
class CatalogRule:
    """One rule of a catalog: when the request's attributes match, use ``promise``.

    A rule tests the request attributes the routing rules test (service,
    channel, customer tier, language, branch, an amount range) and the
    severity, by the same rule (:data:`ATTRIBUTES`).

    Attributes:
        promise: the name of the promise to use.
        when: attribute → accepted values; a missing attribute matches anything,
            and a rule with no condition (nor amount range) is the default.
        calendar: the name of a calendar to measure the promise on instead of
            its own (a branch's hours), or None.
        name: a label for the rule in decisions and errors.
        amount_min: the smallest amount accepted (inclusive), or None; a plain
            ``Decimal`` (or int, or text) or :class:`~svcquality.Money`.
        amount_max: the amount from which the rule no longer applies
            (exclusive), or None. A request without an amount matches no rule
            with a range; one in another currency is an error.
        calendar_from: the request attributes that may name the calendar, in
            precedence order, e.g. ``("branch", "customer_calendar",
            "group_calendar")``: the first the request gives decides, then
            ``calendar``, then the promise's own (request → customer → group →
            default). A name with no calendar in the catalog is an error.
        in_force_from: the instant (timezone-aware) this version of the rule
            comes into force, or None: always. Rules with the same condition
            are versions of one rule, listed oldest first; a request is bound
            to the version in force when it was opened (受理时).
        applies_to_open: whether the version also binds requests opened
            before it came into force and still open (the rule change says
            so), instead of only those opened from ``in_force_from``.
    """

    promise: str
    when: tuple[tuple[str, frozenset[str]], ...] = attrs.field(default=(), converter=_condition)
    calendar: str | None = None
    name: str = ""
    amount_min: Amount | None = attrs.field(default=None, kw_only=True, converter=_catalog_bound)
    amount_max: Amount | None = attrs.field(default=None, kw_only=True, converter=_catalog_bound)
    calendar_from: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_calendar_from)
    in_force_from: datetime | None = attrs.field(
        default=None, kw_only=True, validator=_in_force_from
    )
    applies_to_open: bool = attrs.field(default=False, kw_only=True, validator=_applies_to_open)

    def __attrs_post_init__(self) -> None:
        check_range(
            self.amount_min,
            self.amount_max,
            f"CatalogRule {self.name or self.describe()}",
            CatalogError,
        )
        if self.applies_to_open and self.in_force_from is None:
            msg = (
                f"CatalogRule {self.name or self.describe()}: applies_to_open=True binds "
                "requests opened before the version came into force, and the rule has no "
                "in_force_from; give in_force_from=... or drop applies_to_open"
            )
            raise CatalogError(msg)

    def is_version_of(self, other: CatalogRule) -> bool:
        """Whether ``other`` tests the same condition: the two are versions of one rule."""
        return (self.when, self.amount_min, self.amount_max) == (
            other.when,
            other.amount_min,
            other.amount_max,
        )

    @property
    def is_default(self) -> bool:
        """Whether the rule matches every request."""
        return not self.when and not self._has_amount

    @property
    def _has_amount(self) -> bool:
        return self.amount_min is not None or self.amount_max is not None

    def matches(self, attributes: Mapping[str, object]) -> bool:
        """Whether a request with these attributes matches the rule.

        Raises:
            CatalogError: the rule tests amounts in one currency (or none) and
                the request's amount is in another.
        """
        if not all(attributes.get(key) in values for key, values in self.when):
            return False
        return not self._has_amount or in_range(
            self.amount_min,
            self.amount_max,
            attributes.get("amount"),
            rule=self.name or f"({self.describe()})",
            where="Catalog.match",
            table="the catalog",
            error=CatalogError,
            code="catalog.currency",
        )

    def why(self, attributes: Mapping[str, object]) -> str | None:
        """Why a request with these attributes matches (the condition), or None if not."""
        return self.describe() if self.matches(attributes) else None

    def covers(self, other: CatalogRule) -> bool:
        """Whether every request ``other`` matches is matched by this rule too.

        Versions of one rule (the same condition, one of them dated) replace
        each other and never cover each other (:class:`Catalog` checks their
        order and instants); otherwise a rule covers only one in force no
        earlier than itself.
        """
        if self.is_version_of(other) and (
            self.in_force_from is not None or other.in_force_from is not None
        ):
            return False
        if not _not_later(self.in_force_from, other.in_force_from):
            return False
        mine = dict(self.when)
        theirs = dict(other.when)
        names = all(key in theirs and theirs[key] <= values for key, values in mine.items())
        return names and range_covers(
            self.amount_min, self.amount_max, other.amount_min, other.amount_max
        )

    def describe(self) -> str:
        """The rule's condition in words, e.g. ``service=atm_refund, channel in {atm, phone}``."""
        if self.is_default:
            return "default (matches every request)"
        parts = []
        for key, values in self.when:
            names = sorted(values)
            parts.append(
                f"{key}={names[0]}" if len(names) == 1 else f"{key} in {{{', '.join(names)}}}"
            )
        if self._has_amount:
            parts.append(f"amount in {range_text(self.amount_min, self.amount_max)}")
        return ", ".join(parts)


@attrs.frozen
class Match:
    """The catalog's answer for one request: the promise, and which rule decided.

    Attributes:
        promise: the promise, on the calendar it is measured on.
        rule: the rule that matched.
        position: its index in the catalog.
        reason: the rule and why it matched, in words (and, for a rule with
            ``calendar_from``, where the calendar came from; for a dated
            version, the instant it is in force from and whether it binds a
            request already open). ``rule.in_force_from`` is the version.
        calendar_source: which source decided the calendar: the request
            attribute that named it (e.g. ``"branch"``), ``"rule"`` (the rule's
            ``calendar``) or ``"promise"`` (the promise's own).
    """

    promise: Promise
    rule: CatalogRule
    position: int
    reason: str
    calendar_source: str = attrs.field(default="promise", kw_only=True)


@attrs.frozen
class Catalog:
    """Ordered rules from request attributes to promises, ending with a default.

    Construction checks the catalog as a whole: the last rule must be a default
    (no condition), no rule may be unreachable because an earlier one matches
    everything it matches, and every promise and calendar name must be known.
    A calendar named by the request (a rule's ``calendar_from``) is looked up
    when the request is matched: an unknown one is an error then.

    Attributes:
        rules: the rules, tried in order; the first that matches decides.
        promises: promise name → promise.
        calendars: calendar name → calendar, for rules that name one and for
            the names requests give their ``calendar_from`` sources.
    """

    rules: tuple[CatalogRule, ...] = attrs.field(converter=_catalog_rules)
    promises: dict[str, Promise] = attrs.field(converter=_catalog_promises, hash=False)
    calendars: dict[str, BusinessCalendar] = attrs.field(
        factory=dict, converter=_catalog_calendars, hash=False
    )

    def __attrs_post_init__(self) -> None:
        def shadow(i: int, j: int) -> str:
            rule, earlier = self.rules[i], self.rules[j]
            return (
                f"Catalog rule {i} ({rule.name or rule.describe()}) can never match: rule {j} "
                f"({earlier.name or earlier.describe()}) comes first and matches every request "
                f"it would; move it above rule {j} or narrow rule {j}"
            )

        check_table(
            self.rules,
            CatalogError,
            empty="Catalog: no rules; end the catalog with a default rule CatalogRule(promise=...)",
            each=self._check_rule,
            shadow=shadow,
            no_default=lambda last: (
                f"Catalog: the last rule ({last.name or last.describe()}) has a condition, so some "
                "requests would match no rule; end with a default CatalogRule(promise=...)"
            ),
        )

    def _check_rule(self, i: int, rule: object) -> None:
        if not isinstance(rule, CatalogRule):
            msg = f"Catalog rule {i}: expected a CatalogRule, got {rule!r}"
            raise CatalogError(msg)
        where = f"Catalog rule {i} ({rule.name or rule.describe()})"
        if rule.promise not in self.promises:
            raise CatalogError(
                f"{where}: unknown promise {rule.promise!r}; "
                + closest(rule.promise, self.promises, "promises")
            )
        if rule.calendar is not None and rule.calendar not in self.calendars:
            raise CatalogError(
                f"{where}: unknown calendar {rule.calendar!r}; "
                + closest(rule.calendar, self.calendars, "calendars")
            )
        for j in range(i):
            earlier = self.rules[j]
            if not earlier.is_version_of(rule):
                continue
            if earlier.in_force_from == rule.in_force_from:
                if rule.in_force_from is None:
                    continue  # two undated rules alike: the shadowing check words it
                msg = (
                    f"{where} and rule {j} are versions of one rule (the same condition) both "
                    f"in force {_start_text(rule)}, so a request's opening cannot choose "
                    "between them; give each version its own in_force_from or remove one"
                )
                raise CatalogError(msg)
            if not _not_later(earlier.in_force_from, rule.in_force_from):
                msg = (
                    f"{where} is a version of rule {j} (the same condition) in force "
                    f"{_start_text(rule)}, and rule {j} is in force {_start_text(earlier)}: "
                    "list the versions of a rule oldest first, each in force after the one "
                    "before"
                )
                raise CatalogError(msg)

    @property
    def attributes(self) -> tuple[str, ...]:
        """The request attributes :meth:`match` reads: :data:`ATTRIBUTES`, then the rules'
        calendar sources that are not among them."""
        extra = [a for rule in self.rules for a in rule.calendar_from if a not in ATTRIBUTES]
        return ATTRIBUTES + tuple(dict.fromkeys(extra))

    def match(self, **attributes: object) -> Match:
        """The promise for a request with these attributes, and the rule that decided.

        A catalog whose rules have versions (``in_force_from``) needs the
        request's opening to choose one: use :meth:`match_at`.

        Args:
            attributes: any of :data:`ATTRIBUTES` (names; ``amount`` a
                ``Decimal``, int, text or :class:`~svcquality.Money`) and the
                calendar sources the rules name in ``calendar_from``, e.g.
                ``catalog.match(**opened.attributes())``. A missing (or None)
                attribute matches only rules that do not test it.

        Raises:
            CatalogError: an unknown attribute (with the closest known one), a
                name that is not text, an amount that is not a number or is in
                another currency than a rule's range, or a calendar source
                naming no calendar of the catalog (the message gives the
                precedence and what each source held); a catalog with versions, or
                ``opened_at``/``as_of`` given here (they are :meth:`match_at`'s).
        """
        for word in ("opened_at", "as_of"):
            if word in attributes:
                msg = (
                    f"Catalog.match: {word} is not a request attribute; to match by the "
                    "request's opening use catalog.match_at(opened_at, as_of, **attributes)"
                )
                raise CatalogError(msg)
        return self._match(None, None, attributes)

    def match_at(
        self, opened_at: datetime, as_of: datetime | None = None, /, **attributes: object
    ) -> Match:
        """As :meth:`match`, for a request opened at ``opened_at``: of each rule's
        versions, the one in force then (受理时) decides.

        e.g. ``catalog.match_at(opened.at, now, **opened.attributes())``.

        Args:
            opened_at: when the request was opened.
            as_of: the instant the request is read at (the reading's ``now``;
                for a closed request, its closing). A version with
                ``applies_to_open`` in force by then binds the request too,
                though opened earlier. None: ``opened_at``.
            attributes: as for :meth:`match`.

        Raises:
            CatalogError: as :meth:`match`; ``as_of`` before ``opened_at``, or
                no version of the default rule in force at ``opened_at``.
            NaiveDatetimeError: ``opened_at`` or ``as_of`` without a zone.
        """
        require_aware(opened_at, "Catalog.match_at(opened_at)")
        if as_of is not None:
            require_aware(as_of, "Catalog.match_at(as_of)")
            if as_of < opened_at:
                msg = (
                    f"Catalog.match_at: as_of {as_of.isoformat()} is before opened_at "
                    f"{opened_at.isoformat()}; read a request at or after its opening"
                )
                raise CatalogError(msg)
        return self._match(opened_at, as_of, attributes)

    def _match(
        self, opened_at: datetime | None, as_of: datetime | None, attributes: dict[str, object]
    ) -> Match:
        where = "Catalog.match" if opened_at is None else "Catalog.match_at"
        checked = request_attributes(attributes, self.attributes, where, CatalogError)
        live = {id(self.rules[k]) for k in self._in_force(opened_at, as_of)}
        i, rule, why = first_match(
            self.rules, lambda rule: rule.why(checked) if id(rule) in live else None
        )
        promise = self.promises[rule.promise]
        label = rule.name or f"rule {i}"
        source, name = self._calendar_of(label, rule, checked)
        if name is not None:
            promise = attrs.evolve(promise, calendar=self.calendars[name])
        reason = f"{label}: {why}"
        if rule.calendar_from:
            if source == "rule":
                came = f"calendar {name} from the rule"
            elif source == "promise":
                came = "the promise's own calendar"
            else:
                came = f"calendar {name} from the request's {source}"
            if source in ("rule", "promise"):
                came += f" (the request gave no {' or '.join(rule.calendar_from)})"
            reason += f"; {came}"
        if rule.in_force_from is not None:
            reason += f"; the version in force {_start_text(rule)}"
            if opened_at is not None and opened_at < rule.in_force_from:
                reason += ", which binds requests already open"
        return Match(promise=promise, rule=rule, position=i, reason=reason, calendar_source=source)

    def _in_force(self, opened_at: datetime | None, as_of: datetime | None) -> list[int]:
        """The positions of the rules in force for a request opened at ``opened_at``
        and read at ``as_of``: of each rule's versions, the latest that binds it."""
        dated = [k for k, rule in enumerate(self.rules) if rule.in_force_from is not None]
        if not dated:
            return list(range(len(self.rules)))
        if opened_at is None:
            msg = (
                f"Catalog.match: rule {dated[0]} ({self._label(dated[0])}) is a version in "
                f"force {_start_text(self.rules[dated[0]])}, so which version binds a request "
                "depends on when it was opened; use catalog.match_at(opened_at, **attributes) "
                "with the instant the request was opened (the Opened event's at)"
            )
            raise CatalogError(msg)
        opened = opened_at
        read = opened if as_of is None else as_of

        def binds(rule: CatalogRule) -> bool:
            start = rule.in_force_from
            return start is None or start <= opened or (rule.applies_to_open and start <= read)

        live: list[int] = []
        for i, rule in enumerate(self.rules):
            bound = [k for k, v in enumerate(self.rules) if v.is_version_of(rule) and binds(v)]
            if bound and bound[-1] == i:
                live.append(i)
        last = len(self.rules) - 1
        if not any(self.rules[k].is_version_of(self.rules[last]) for k in live):
            first = next(k for k, v in enumerate(self.rules) if v.is_version_of(self.rules[last]))
            msg = (
                f"Catalog.match_at: no version of the default rule is in force for a request "
                f"opened at {opened.isoformat()}: the first, rule {first} "
                f"({self._label(first)}), is in force {_start_text(self.rules[first])}; "
                "add a default version in force earlier (or with no in_force_from)"
            )
            raise CatalogError(msg, code="catalog.not_in_force", opened_at=opened)
        return live

    def _label(self, i: int) -> str:
        rule = self.rules[i]
        return rule.name or rule.describe()

    def _calendar_of(
        self, label: str, rule: CatalogRule, attributes: Mapping[str, object]
    ) -> tuple[str, str | None]:
        """Which source names the calendar, and the name (None: the promise's own)."""
        for source in rule.calendar_from:
            name = attributes.get(source)
            if name is None:
                continue
            assert isinstance(name, str)  # request_attributes checked it
            if name not in self.calendars:
                order = [*rule.calendar_from, "rule" if rule.calendar else "promise"]
                held = ", ".join(
                    f"{s}={attributes.get(s)!r}"
                    if attributes.get(s) is not None
                    else f"{s} not given"
                    for s in rule.calendar_from
                )
                fallback = (
                    f"the rule's calendar {rule.calendar!r}"
                    if rule.calendar is not None
                    else "the promise's own calendar"
                )
                msg = (
                    f"Catalog.match: {label} takes the calendar from "
                    f"{' → '.join(rule.calendar_from)} → {fallback}, and the request's "
                    f"{source} {name!r} names no calendar of the catalog (the request gave "
                    f"{held}); add a calendar {name!r} to Catalog.calendars or correct the "
                    f"request's {source}; " + closest(name, self.calendars, "calendars")
                )
                raise CatalogError(
                    msg, code="catalog.calendar", source=source, name=name, precedence=order
                )
            return source, name
        if rule.calendar is not None:
            return "rule", rule.calendar
        return "promise", None
