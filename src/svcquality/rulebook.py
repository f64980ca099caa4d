"""Rulebooks: plain mappings in, validated models out, and back again.

Banks keep their service rules in configuration that people who are not
programmers review. [`load_rulebook`][svcquality.load_rulebook] takes that configuration as plain
data (what the host got from YAML, JSON or TOML: dicts, lists, text, numbers,
booleans, None; the library opens no file) and returns a [`Rulebook`][svcquality.Rulebook] of
validated models, or raises one [`RulebookError`][svcquality.RulebookError] that lists
*every* problem, each with its path (``promises[2].milestones.resolve.target``),
the value found there, and the fix. [`dump_rulebook`][svcquality.dump_rulebook] writes a rulebook
back to plain data: ``load_rulebook(dump_rulebook(rb)) == rb``, and
``dump_rulebook(load_rulebook(m))`` is ``m`` in its normal form.

Each entry of a section is read by `cattrs <https://catt.rs>`_ into a
small attrs record of the mapping's own shape (strict types, unknown keys
refused, errors collected with their paths); one small reader per plain type
(a duration, weekly hours, a zone, a date, a trigger; cattrs calls them
structure hooks) turns text into a model value. The cross-references (a
promise's calendar, a catalog rule's promise, a ladder's milestone, a role)
are checked by hand afterwards, so a rulebook with a typo in one promise
still gets every other problem reported.

``docs/rulebook.md`` documents every key with its type, default and an example.
"""

from __future__ import annotations

import contextlib
import difflib
import math
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal, NewType, Protocol, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn

from svcquality import kpi as _kpi
from svcquality._fields import entries_of, grammar_text, items_of, shown
from svcquality._types import (
    Counting,
    DayBasis,
    LimitPeriod,
    LimitScope,
    RouteKind,
    TargetOp,
    Weekday,
)
from svcquality.authority import AuthorityMatrix, AuthorityRule, Condition, Money, PeriodLimit
from svcquality.calendars import BusinessCalendar, HolidaySource, WeeklyHours, WeeklyRules
from svcquality.calendars._hours import WEEKDAYS, parse_windows
from svcquality.durations import format_duration, parse_duration
from svcquality.errors import (
    LadderError,
    ParameterError,
    RulebookError,
    RulebookProblem,
    SvcQualityError,
)
from svcquality.escalation import (
    Action,
    AfterDue,
    BeforeDue,
    Consumed,
    GreenChannel,
    HandToSecondLine,
    InformCustomer,
    Ladder,
    Notify,
    OnBreach,
    Reassign,
    Severity,
    Step,
    Tiers,
    Trigger,
)
from svcquality.kpi import Accumulator, Objective, Scorecard
from svcquality.promises import ATTRIBUTES as CATALOG_ATTRIBUTES
from svcquality.promises import (
    Catalog,
    CatalogRule,
    Extension,
    Promise,
    Target,
    _extension_problems,
)
from svcquality.routing import RoutingRule, RoutingRules

__all__ = [
    "KPIS",
    "SCHEMA_VERSION",
    "Rulebook",
    "Unit",
    "dump_rulebook",
    "load_rulebook",
]

#: The newest rulebook schema this library reads and the one it writes.
SCHEMA_VERSION = 1

_SECTIONS = (
    "schema_version",
    "description",
    "calendars",
    "roles",
    "units",
    "tiers",
    "promises",
    "catalog",
    "ladders",
    "routing",
    "authority",
    "scorecard",
)


# --------------------------------------------------------------------------- models


@attrs.frozen
class Unit:
    """A unit that receives work orders (the card centre, a county branch).

    Attributes:
        name: the unit's name, as routing rules and work orders use it.
        calendar: the name of the calendar its work-order clocks run on, or None.
        answer_within: its internal target for answering a work order
            (信用卡中心 "24小时内反馈方案"), or None.
        description: what the unit is, in the bank's words.
    """

    name: str
    calendar: str | None = None
    answer_within: Target | None = None
    description: str = ""


def _named_calendars(value: Mapping[str, BusinessCalendar]) -> dict[str, BusinessCalendar]:
    entries = entries_of(value, "Rulebook.calendars", ParameterError, "{'branch': calendar}")
    out: dict[str, BusinessCalendar] = {}
    for k, c in entries.items():
        if not isinstance(k, str) or not isinstance(c, BusinessCalendar):
            msg = f"Rulebook.calendars[{shown(k)}] must be a BusinessCalendar, got {shown(c)}"
            raise ParameterError(msg)
        out[k] = c if c.name == k else c.with_name(k)
    return out


def _promise_map(value: Mapping[str, Promise]) -> dict[str, Promise]:
    return entries_of(value, "Rulebook.promises", ParameterError, "{'atm_refund': promise}")  # type: ignore[return-value]


def _unit_map(value: Mapping[str, Unit]) -> dict[str, Unit]:
    return entries_of(value, "Rulebook.units", ParameterError, "{'card_centre': Unit(...)}")  # type: ignore[return-value]


def _ladder_map(value: Mapping[str, tuple[Ladder, ...]]) -> dict[str, tuple[Ladder, ...]]:
    return entries_of(value, "Rulebook.ladders", ParameterError, "{'atm_refund': (ladder,)}")  # type: ignore[return-value]


def _role_names(value: Iterable[str]) -> tuple[str, ...]:
    return items_of(value, "Rulebook.roles", ParameterError, "('agent', 'supervisor')")  # type: ignore[return-value]


@attrs.frozen
class Rulebook:
    """A bank's service rules as validated models, cross-references resolved.

    Build one with [`load_rulebook`][svcquality.load_rulebook] from plain data, or from models in
    code; write it back with [`dump_rulebook`][svcquality.dump_rulebook].

    Attributes:
        calendars: calendar name → calendar (each calendar carries its name).
        promises: promise name → promise (a promise's calendar is the object).
        catalog: the rules that pick a promise for a request, or None.
        tiers: the severity levels, or None.
        ladders: promise name → the escalation ladders of its milestones.
        roles: the roles ladders and routing may name; empty means unchecked.
        units: unit name → [`Unit`][svcquality.rulebook.Unit]; empty means unchecked.
        routing: the routing rules, or None.
        authority: the flexible-authority matrix (role × action → limits), or None.
        scorecard: the KPI objectives as an empty scorecard, or None.
        description: a line saying what the rulebook is (and its source).
        schema_version: the schema the rulebook was written in.
    """

    calendars: dict[str, BusinessCalendar] = attrs.field(
        factory=dict, converter=_named_calendars, hash=False
    )
    promises: dict[str, Promise] = attrs.field(factory=dict, converter=_promise_map, hash=False)
    catalog: Catalog | None = None
    tiers: Tiers | None = None
    ladders: dict[str, tuple[Ladder, ...]] = attrs.field(
        factory=dict, hash=False, converter=_ladder_map
    )
    roles: tuple[str, ...] = attrs.field(default=(), converter=_role_names)
    units: dict[str, Unit] = attrs.field(factory=dict, converter=_unit_map, hash=False)
    routing: RoutingRules | None = None
    authority: AuthorityMatrix | None = None
    scorecard: Scorecard | None = None
    description: str = ""
    schema_version: int = SCHEMA_VERSION

    def unit_calendars(self) -> dict[str, BusinessCalendar]:
        """Unit name → its calendar, for [`svcquality.routing.Request`][svcquality.routing.Request]
        work orders."""
        return {
            name: self.calendars[unit.calendar]
            for name, unit in self.units.items()
            if unit.calendar is not None and unit.calendar in self.calendars
        }


# --------------------------------------------------------------------------- problems


class _HookError(Exception):
    """Raised when one plain value (a duration, hours, a zone...) cannot be read.

    It carries what is wrong and how to fix it; the loader turns it into a
    [`RulebookProblem`][svcquality.RulebookProblem] at the value's path.
    """

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


class _NestedError(Exception):
    """The problems of several items of a list or a mapping, each with its index or key."""

    def __init__(self, items: list[tuple[str | int, BaseException]]) -> None:
        super().__init__(f"{len(items)} problems")
        self.items = items


Path = tuple[str | int, ...]
_D = TypeVar("_D")
_K = TypeVar("_K", int, str)
_MISSING = object()
_KEY = re.compile(r"[^\W\d][\w-]*")


def _path_text(path: Path) -> str:
    out = ""
    for seg in path:
        if isinstance(seg, int):
            out += f"[{seg}]"
        elif _KEY.fullmatch(seg):
            out += f".{seg}" if out else seg
        else:
            out += f"[{seg!r}]"
    return out


def _at(data: object, path: Path) -> object:
    for k, seg in enumerate(path):
        if (isinstance(seg, int) and isinstance(data, list | tuple) and 0 <= seg < len(data)) or (
            isinstance(data, Mapping) and seg in data
        ):
            data = data[seg]  # type: ignore[index]
        elif isinstance(data, str) and seg == "target" and k == len(path) - 1:
            return data  # a milestone written as its target alone: resolve: '4h'
        else:
            return _MISSING
    return data


def _closest(name: object, known: Iterable[str], what: str) -> str:
    names = sorted(set(known))
    if not names:
        return f"the rulebook defines no {what}"
    close = difflib.get_close_matches(str(name), names, n=3, cutoff=0.5)
    rest = [n for n in names if n not in close]
    return f"known {what} (closest first): {', '.join(map(repr, close + rest))}"


def _hint(name: object, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.5)
    return f"did you mean {close[0]!r}? " if close else ""


# Examples used in the fix of a missing key.
_EXAMPLES = {
    "hours": "hours: {'mon-fri': '09:00-17:00'}",
    "zone": "zone: 'Asia/Shanghai'",
    "service": "service: 'loss_report'",
    "milestones": "milestones: {'respond': '1h', 'initial_disposal': '4h'}",
    "target": "target: '4h' (or '3个工作日')",
    "promise": "promise: 'loss_report' (a promise's name)",
    "code": "code: 'I'",
    "milestone": "milestone: 'resolve'",
    "steps": "steps: [{'trigger': '80% consumed', 'action': {'notify': 'supervisor'}}]",
    "trigger": "trigger: '80% consumed'",
    "action": "action: {'notify': 'supervisor'}",
    "to": "to: 'card_centre' (a routing rule's unit) or '30 working days' (an extension)",
    "name": "name: 'service_level'",
    "kpi": "kpi: 'service_level'",
}


def _problems_of(exc: BaseException, path: Path, out: list[tuple[Path, str, str]]) -> None:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            seg: str | int = note.name if hasattr(note, "name") else note.index
            _problems_of(inner, (*path, seg), out)
        for other in without:
            _problems_of(other, path, out)
    elif isinstance(exc, _NestedError):
        for seg, sub in exc.items:
            _problems_of(sub, (*path, seg), out)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)]
        out.extend(
            (
                (*path, extra),
                f"unknown key {extra!r}",
                f"{_hint(extra, known)}the keys here are {', '.join(known)}",
            )
            for extra in sorted(exc.extra_fields, key=str)
        )
    elif isinstance(exc, _HookError):
        out.append((path, exc.message, exc.fix))
    elif isinstance(exc, KeyError) and path:
        key = path[-1]
        example = _EXAMPLES.get(str(key), f"{key}: ...")
        out.append((path, f"the required key {key!r} is missing", f"add it, e.g. {example}"))
    else:
        out.append((path, str(exc), "correct the value as the message says"))


class _Collector:
    """Collects problems, each with its path and the value found there."""

    def __init__(self, data: object) -> None:
        self.data = data
        self.problems: list[RulebookProblem] = []

    def add(self, path: Path, message: str, fix: str) -> None:
        value = _at(self.data, path)
        self.problems.append(
            RulebookProblem(
                path=_path_text(path),
                value=None if value is _MISSING else value,
                message=message,
                fix=fix,
            )
        )

    def structure(self, value: object, cls: type[_D], path: Path) -> _D | None:
        """Build ``cls`` from ``value`` with cattrs.

        When that fails, every problem is recorded under ``path`` and the result is None.
        """
        try:
            return _CONVERTER.structure(value, cls)
        except Exception as exc:  # every refusal becomes a problem
            found: list[tuple[Path, str, str]] = []
            _problems_of(exc, path, found)
            for p, message, fix in found:
                self.add(p, message, fix)
            return None


# --------------------------------------------------------------------------- plain types

_Name = NewType("_Name", str)
_Share = NewType("_Share", float)
_Windows = NewType("_Windows", str)
_Years = NewType("_Years", tuple[int, int])
_TriggerT = NewType("_TriggerT", object)
_ActionT = NewType("_ActionT", object)
_When = NewType("_When", dict[str, tuple[str, ...]])
_Names = NewType("_Names", tuple[str, ...])
_Amount = NewType("_Amount", Decimal)
_Conditions = NewType("_Conditions", tuple[Condition, ...])


def _kind_of(value: object) -> str:
    if value is None:
        return "nothing (null)"
    return f"{type(value).__name__} {value!r}"


def _text(value: object, _: object = None) -> str:
    if not isinstance(value, str):
        raise _HookError(f"expected text, got {_kind_of(value)}", "write it as text (in quotes)")
    return value


def _name(value: object, _: object = None) -> str:
    text = _text(value)
    if not text.strip() or any(c.isspace() for c in text):
        raise _HookError(
            f"{text!r} is not a name: a name is text without spaces",
            "write a name such as 'loss_report' or '信用卡中心' (use _ instead of spaces)",
        )
    return text


def _int(value: object, _: object = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _HookError(
            f"expected a whole number, got {_kind_of(value)}", "write a number such as 1"
        )
    return value


def _float(value: object, _: object = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _HookError(f"expected a number, got {_kind_of(value)}", "write a number such as 0.9")
    return float(value)


def _share(value: object, _: object = None) -> float:
    if isinstance(value, str) and value.strip().endswith("%"):
        with contextlib.suppress(InvalidOperation):
            value = float(Decimal(value.strip()[:-1]) / 100)
    number = _float(value) if not isinstance(value, str) else None
    if number is None or not 0 < number <= 1:
        raise _HookError(
            f"expected a share in (0, 1], got {_kind_of(value)}",
            "write a share such as 0.9 or '90%'",
        )
    return number


def _target(value: object, _: object = None) -> Target:
    if not isinstance(value, str):
        raise _HookError(
            f"a duration is text, got {_kind_of(value)}",
            "write a duration such as '4h', '1 business hour', '3 working days' or '3个工作日'",
        )
    try:
        return parse_duration(value)
    except SvcQualityError as exc:
        first = str(exc).splitlines()[0]
        raise _HookError(
            first,
            "write a duration such as '15s', '4h', '1 business hour', '3 working days', "
            "'same business day', 'T+1', '24小时', '3个工作日' or '当日'",
        ) from None


def _offset(value: object) -> timedelta:
    target = _target(value)
    if target.duration is None:
        raise _HookError(
            f"{value!r} is not a length of time",
            "write a length such as '1h' or '30min' (working days are not an offset)",
        )
    return target.duration


_HOURS_FIX = (
    "write hours as a mapping such as {'mon-fri': '09:00-12:00, 13:30-17:00', "
    "'sat': '09:00-12:00'} (keys mon..sun, ranges like 'mon-fri', 'daily'; windows "
    "'HH:MM-HH:MM', '24h' or 'closed'), or '24x7'"
)


def _hours(value: object, _: object = None) -> WeeklyHours:
    if isinstance(value, str) and value.strip().lower() in ("24x7", "7x24", "7×24", "24×7"):
        return WeeklyHours.always()
    if not isinstance(value, Mapping):
        raise _HookError(f"expected weekly hours, got {_kind_of(value)}", _HOURS_FIX)
    try:
        return WeeklyHours.parse(value)
    except SvcQualityError as exc:
        raise _HookError(str(exc), _HOURS_FIX) from None


def _zone(value: object, _: object = None) -> tzinfo:
    from svcquality.calendars._calendar import _to_zone  # noqa: PLC0415 - one helper

    text = _text(value)
    try:
        return _to_zone(text)
    except SvcQualityError as exc:
        raise _HookError(str(exc), "write an IANA zone name such as 'Asia/Shanghai'") from None


def _holidays(value: object, _: object = None) -> HolidaySource:
    fix = (
        "write a country code such as 'CN', 'US-NY' for a subdivision, or a mapping "
        "{'country': 'US', 'subdiv': 'NY', 'categories': ['public'], 'financial': false}"
    )
    try:
        if isinstance(value, str):
            return HolidaySource.parse(value)
        if isinstance(value, Mapping):
            unknown = [
                k for k in value if k not in ("country", "subdiv", "categories", "financial")
            ]
            if unknown:
                raise _HookError(f"unknown holiday keys {shown(unknown)}", fix)
            cats = value.get("categories", ())
            if isinstance(cats, str) or not isinstance(cats, list | tuple):
                raise _HookError(f"categories must be a list, got {_kind_of(cats)}", fix)
            subdiv = value.get("subdiv")
            return HolidaySource(
                _text(value.get("country")),
                None if subdiv is None else _text(subdiv),
                tuple(_text(c) for c in cats),
                bool(value.get("financial", False)),
            )
    except SvcQualityError as exc:
        raise _HookError(str(exc), fix) from None
    except Exception as exc:  # the holidays package refuses bad codes its own way
        if isinstance(exc, _HookError):
            raise
        raise _HookError(f"unknown holiday source {shown(value)} ({exc})", fix) from None
    raise _HookError(f"expected a holiday source, got {_kind_of(value)}", fix)


def _date(value: object, _: object = None) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _HookError(
        f"expected a date, got {_kind_of(value)}", "write an ISO date such as '2025-10-01'"
    )


def _windows(value: object, _: object = None) -> str:
    try:
        windows = parse_windows(_text(value), where="special_hours")
    except SvcQualityError as exc:
        raise _HookError(str(exc), "write windows such as '09:00-12:00' or 'closed'") from None
    return ", ".join(str(w) for w in windows) or "closed"


def _years(value: object, _: object = None) -> tuple[int, int]:
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 2 <= value[0] <= value[1] <= 9998
    ):
        return int(value[0]), int(value[1])
    raise _HookError(
        f"expected the first and last trusted year, got {_kind_of(value)}",
        "write years: [2020, 2026] (both years included)",
    )


_TRIGGER_FIX = (
    "write a trigger such as '50% consumed', '0.8 consumed', '1h before due', "
    "'2h after due' or 'on breach'"
)
_CONSUMED = re.compile(r"^\s*(\d+(?:\.\d+)?\s*%|\d+\s*/\s*\d+|\d+(?:\.\d+)?)\s*consumed\s*$", re.I)


def _trigger(value: object, _: object = None) -> Trigger:
    if not isinstance(value, str):
        raise _HookError(f"a trigger is text, got {_kind_of(value)}", _TRIGGER_FIX)
    try:
        text = grammar_text(value, "trigger", LadderError, "50% consumed")
        if text.strip().lower() in ("on breach", "breach", "on_breach", "超时"):
            return OnBreach()
        m = _CONSUMED.match(text)
        if m is not None:
            raw = m.group(1).replace(" ", "")
            share = Fraction(raw[:-1]) / 100 if raw.endswith("%") else Fraction(raw)
            return Consumed(share)
        # "<offset> before due": split on words (linear), not a lazy pattern.
        words = text.split()
        if len(words) >= 3 and words[-1].lower() == "due" and words[-2].lower() in _SIDES:
            d = _offset(" ".join(words[:-2]))
            return BeforeDue(d) if words[-2].lower() == "before" else AfterDue(d)
    except SvcQualityError as exc:
        raise _HookError(str(exc), _TRIGGER_FIX) from None
    raise _HookError(f"{shown(value)} is not a trigger", _TRIGGER_FIX)


_SIDES = ("before", "after")


_ACTION_KINDS: dict[str, Callable[[str], Action]] = {
    "notify": Notify,
    "reassign": Reassign,
    "green_channel": GreenChannel,
    "hand_to_second_line": HandToSecondLine,
    "inform_customer": InformCustomer,
}
_ACTION_FIX = (
    "write an action as one key and a name: {'notify': 'supervisor'}, {'reassign': "
    "'team_lead'}, {'green_channel': 'supervisor'}, {'hand_to_second_line': 'card_centre'}, "
    "{'inform_customer': 'progress_sms'}; or 'green_channel' alone"
)


def _action(value: object, _: object = None) -> Action:
    if value == "green_channel":
        return GreenChannel()
    if not isinstance(value, Mapping) or len(value) != 1:
        raise _HookError(f"expected one action, got {_kind_of(value)}", _ACTION_FIX)
    ((kind, arg),) = value.items()
    make = _ACTION_KINDS.get(kind) if isinstance(kind, str) else None
    if make is None:
        raise _HookError(f"unknown action {shown(kind)}", _hint(kind, _ACTION_KINDS) + _ACTION_FIX)
    return make(_name(arg))


def _when(value: object, _: object = None) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise _HookError(
            f"expected conditions, got {_kind_of(value)}",
            "write conditions such as {'service': 'loss_report', 'severity': ['I', 'II']}",
        )
    out: dict[str, tuple[str, ...]] = {}
    items: list[tuple[str | int, BaseException]] = []
    for key, raw in value.items():
        if key not in CATALOG_ATTRIBUTES:
            items.append(
                (
                    str(key),
                    _HookError(
                        f"unknown attribute {key!r}",
                        f"{_hint(key, CATALOG_ATTRIBUTES)}a rule may test "
                        f"{', '.join(CATALOG_ATTRIBUTES)}",
                    ),
                )
            )
            continue
        try:
            out[key] = _names(raw)
        except _HookError as exc:
            items.append((key, exc))
    if items:
        raise _NestedError(items)
    return out


def _names(value: object, _: object = None) -> tuple[str, ...]:
    if isinstance(value, str):
        return (_name(value),)
    if isinstance(value, list | tuple) and value:
        return tuple(_name(v) for v in value)
    raise _HookError(
        f"expected a name or a list of names, got {_kind_of(value)}",
        "write a name such as 'loss_report' or a list such as ['I', 'II']",
    )


def _amount(value: object, _: object = None) -> Decimal:
    fix = "write an amount as text such as '5000.00' or a whole number (floats are not exact)"
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _HookError(f"expected an amount, got {_kind_of(value)}", fix)
    try:
        d = Decimal(value)
    except InvalidOperation:
        raise _HookError(f"{shown(value)} is not an amount", fix) from None
    if not d.is_finite():
        raise _HookError(f"{shown(value)} is not an amount", fix)
    return d


def _bool(value: object, _: object = None) -> bool:
    if not isinstance(value, bool):
        raise _HookError(f"expected true or false, got {_kind_of(value)}", "write true or false")
    return value


def _money(value: object, _: object = None) -> Money:
    fix = "write an amount with its currency as text, such as 'CNY 5000' or '5000元'"
    if not isinstance(value, str):
        raise _HookError(f"expected an amount of money, got {_kind_of(value)}", fix)
    try:
        money = Money.parse(value)
    except (SvcQualityError, ArithmeticError) as exc:
        raise _HookError(str(exc), fix) from None
    if money.amount < 0 or not money.amount.is_finite():
        raise _HookError(f"{shown(value)} is not an amount a limit can be", fix)
    return money


def _scalar(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, str | int)


def _conditions_hook(value: object, _: object = None) -> tuple[Condition, ...]:
    fix = (
        "write conditions as attribute: value, or attribute: {operator: value}, e.g. "
        "{'first_statement_received': false, 'months_on_book': {'>=': 6}}; values are text, "
        "numbers or true/false, and a list of them for 'in' / 'not_in'"
    )
    if not isinstance(value, Mapping):
        raise _HookError(f"expected conditions, got {_kind_of(value)}", fix)
    try:
        conditions = Condition.from_data(value)
    except SvcQualityError as exc:
        raise _HookError(str(exc), fix) from None
    for cond in conditions:
        values = cond.value if isinstance(cond.value, tuple) else (cond.value,)
        if not isinstance(cond.attribute, str) or not all(_scalar(v) for v in values):
            raise _HookError(f"condition {cond} has a value that is not plain", fix)
    return conditions


def _literal_hook(tp: Any) -> Callable[[object, object], object]:
    choices = get_args(tp)

    def hook(value: object, _: object = None) -> object:
        if isinstance(value, str) and value in choices:
            return value
        shown = ", ".join(map(repr, choices))
        raise _HookError(
            f"{value!r} is not one of {shown}", f"{_hint(value, choices)}use one of {shown}"
        )

    return hook


def _list_hook(tp: Any, conv: cattrs.Converter) -> Callable[[object, object], object]:
    (item,) = get_args(tp) or (Any,)

    def hook(value: object, _: object = None) -> object:
        if not isinstance(value, list | tuple):
            raise _HookError(f"expected a list, got {_kind_of(value)}", "write a list: [..., ...]")
        out: list[object] = []
        items: list[tuple[str | int, BaseException]] = []
        for i, v in enumerate(value):
            try:
                out.append(conv.structure(v, item))
            except Exception as exc:  # noqa: PERF203 - collected with its index
                items.append((i, exc))
        if items:
            raise _NestedError(items)
        return out

    return hook


def _dict_hook(tp: Any, conv: cattrs.Converter) -> Callable[[object, object], object]:
    key_type, item = get_args(tp) or (str, Any)

    def hook(value: object, _: object = None) -> object:
        if not isinstance(value, Mapping):
            raise _HookError(
                f"expected a mapping, got {_kind_of(value)}", "write a mapping: {key: ...}"
            )
        out: dict[object, object] = {}
        items: list[tuple[str | int, BaseException]] = []
        for k, v in value.items():
            seg = k if isinstance(k, str) else repr(k)
            try:
                key = _date(k) if key_type is date else _name(k)
                out[key] = conv.structure(v, item)
            except Exception as exc:
                items.append((seg, exc))
        if items:
            raise _NestedError(items)
        return out

    return hook


# --------------------------------------------------------------------------- documents
# One record per kind of rulebook entry, with the entry's keys and their plain types.
# cattrs reads each entry into its record (the *Doc classes); the loaders further
# down check the references between entries and build the models from the records.


def _doc_hook(cls: type[Any], conv: cattrs.Converter) -> Callable[[object, object], object]:
    """The reader of one record: a mapping with text keys, unknown keys refused."""
    base = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)
    example = {
        "_CalendarDoc": "{'hours': {'mon-fri': '09:00-17:00'}, 'zone': 'Asia/Shanghai'}",
        "_PromiseDoc": "{'service': 'loss_report', 'milestones': {'respond': '1h'}}",
        "_ExtensionDoc": "{'to': '30 working days', 'requires_reason': true}",
    }.get(cls.__name__, "a mapping of the keys documented in docs/rulebook.md")

    def hook(value: object, _: object = None) -> object:
        if not isinstance(value, Mapping):
            raise _HookError(f"expected a mapping, got {_kind_of(value)}", f"write {example}")
        bad = [k for k in value if not isinstance(k, str)]
        if bad:
            raise _HookError(f"keys must be text, got {shown(bad[0])}", "write every key as text")
        return base(value, cls)

    return hook


@attrs.frozen(kw_only=True)
class _CalendarDoc:
    hours: WeeklyHours
    zone: tzinfo
    holidays: HolidaySource | None = None
    closed_dates: list[date] = attrs.field(factory=list)
    working_dates: list[date] = attrs.field(factory=list)
    special_hours: dict[date, _Windows] = attrs.field(factory=dict)
    years: _Years | None = None
    makeup_hours: Weekday = "mon"
    holiday_hours: str | None = None
    working_days: DayBasis = "statutory"


@attrs.frozen(kw_only=True)
class _UnitDoc:
    calendar: _Name | None = None
    answer_within: Target | None = None
    description: str = ""


@attrs.frozen(kw_only=True)
class _TierDoc:
    code: _Name
    rank: int | None = None
    description: str = ""


@attrs.frozen(kw_only=True)
class _MilestoneDoc:
    target: Target
    counting: Counting = "working_days"


@attrs.frozen(kw_only=True)
class _ExtensionDoc:
    to: Target
    counting: Counting = "working_days"
    requires_reason: bool = False
    requires_approval: bool = False
    requires_customer_informed: bool = False


@attrs.frozen(kw_only=True)
class _PromiseDoc:
    service: _Name
    milestones: dict[str, _MilestoneDoc]
    name: _Name | None = None
    calendar: _Name | None = None
    goal: _Share = _Share(0.9)
    extensions: dict[str, list[_ExtensionDoc]] = attrs.field(factory=dict)
    pause_reasons: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class _CatalogRuleDoc:
    promise: _Name
    when: _When = attrs.field(factory=lambda: _When({}))
    calendar: _Name | None = None
    name: str = ""


@attrs.frozen(kw_only=True)
class _StepDoc:
    trigger: _TriggerT
    action: _ActionT
    calendar: _Name | None = None


@attrs.frozen(kw_only=True)
class _LadderDoc:
    milestone: _Name
    steps: list[_StepDoc]
    name: str = ""


@attrs.frozen(kw_only=True)
class _RoutingRuleDoc:
    to: _Name
    kind: RouteKind = "unit"
    service: _Names | None = None
    channel: _Names | None = None
    customer_tier: _Names | None = None
    language: _Names | None = None
    branch: _Names | None = None
    amount_min: _Amount | None = None
    amount_max: _Amount | None = None
    name: str = ""


@attrs.frozen(kw_only=True)
class _ObjectiveDoc:
    name: _Name
    kpi: _Name
    target: Any
    options: dict[str, Any] = attrs.field(factory=dict)
    op: TargetOp = ">="
    label: str = ""


@attrs.frozen(kw_only=True)
class _PeriodLimitDoc:
    period: LimitPeriod
    max_count: int | None = None
    max_sum: Money | None = None
    per: LimitScope = "actor"


@attrs.frozen(kw_only=True)
class _AuthorityRuleDoc:
    role: _Name
    action: _Name
    max_amount: Money | None = None
    limits: list[_PeriodLimitDoc] = attrs.field(factory=list)
    conditions: _Conditions = attrs.field(factory=lambda: _Conditions(()))
    requires_second_person: bool = False
    name: str = ""
    unlimited_ok: bool = False


@attrs.frozen(kw_only=True)
class _AuthorityDoc:
    roles: list[_Name]
    zone: tzinfo
    rules: list[_AuthorityRuleDoc]


def _milestone(value: object, _: object = None) -> _MilestoneDoc:
    """A milestone, written out or as its target alone (``resolve: '4h'``)."""
    if isinstance(value, str):
        value = {"target": value}
    return typing.cast("_MilestoneDoc", _MILESTONE_BASE(value, _MilestoneDoc))


def _is_literal(tp: Any) -> bool:
    return get_origin(tp) is Literal


def _is_list(tp: Any) -> bool:
    return get_origin(tp) is list


def _is_dict(tp: Any) -> bool:
    return get_origin(tp) is dict


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    for tp, fn in (
        (str, _text),
        (int, _int),
        (float, _float),
        (_Name, _name),
        (_Share, _share),
        (Target, _target),
        (WeeklyHours, _hours),
        (tzinfo, _zone),
        (HolidaySource, _holidays),
        (date, _date),
        (_Windows, _windows),
        (_Years, _years),
        (_TriggerT, _trigger),
        (_ActionT, _action),
        (_When, _when),
        (_Names, _names),
        (_Amount, _amount),
        (bool, _bool),
        (Money, _money),
        (_Conditions, _conditions_hook),
    ):
        conv.register_structure_hook(tp, fn)
    conv.register_structure_hook_factory(_is_literal, _literal_hook)
    conv.register_structure_hook_factory(_is_list, lambda t: _list_hook(t, conv))
    conv.register_structure_hook_factory(_is_dict, lambda t: _dict_hook(t, conv))
    for cls in (
        _CalendarDoc,
        _UnitDoc,
        _TierDoc,
        _ExtensionDoc,
        _PromiseDoc,
        _CatalogRuleDoc,
        _StepDoc,
        _LadderDoc,
        _RoutingRuleDoc,
        _ObjectiveDoc,
        _PeriodLimitDoc,
        _AuthorityRuleDoc,
        _AuthorityDoc,
    ):
        conv.register_structure_hook(cls, _doc_hook(cls, conv))
    return conv


_CONVERTER = _converter()
_MILESTONE_BASE = _doc_hook(_MilestoneDoc, _CONVERTER)
_CONVERTER.register_structure_hook(_MilestoneDoc, _milestone)


# --------------------------------------------------------------------------- KPIs


def _snake(name: str) -> str:
    return name.lower() if name.isupper() else re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _kpis() -> dict[str, type[Accumulator]]:
    out: dict[str, type[Accumulator]] = {}
    for attr in _kpi.__all__:
        cls = getattr(_kpi, attr)
        if (
            isinstance(cls, type)
            and issubclass(cls, Accumulator)
            and cls is not Accumulator
            and getattr(cls, "KIND", "") != "ranking"
        ):
            out[_snake(cls.__name__)] = cls
    return out


#: The KPIs a scorecard objective may name, by their rulebook name (``"service_level"``).
KPIS: dict[str, type[Accumulator]] = _kpis()


def _is_duration_option(cls: type[Accumulator], option: str) -> bool:
    try:
        hint = typing.get_type_hints(cls)[option]
    except Exception:  # an unresolvable hint is not a duration
        return False
    return hint is timedelta or timedelta in get_args(hint)


def _option_duration(value: object) -> timedelta:
    if isinstance(value, str) and value.strip() in ("0", "0s"):
        return timedelta(0)
    return _offset(value)


def _plain_number(value: object) -> object:
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Decimal):
        return str(value)
    return value


def _number_target(value: object) -> object:
    fix = "write a number such as 0.85, '85%', or for a time KPI a duration such as '20s'"
    if isinstance(value, bool):
        raise _HookError(f"expected a number, got {_kind_of(value)}", fix)
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.endswith("%"):
                return Decimal(text[:-1]) / 100
            if "/" in text:
                return Fraction(text)
            return Decimal(text)
        except (InvalidOperation, ValueError, ZeroDivisionError):
            pass
    raise _HookError(f"expected a number, got {_kind_of(value)}", fix)


# --------------------------------------------------------------------------- load


def load_rulebook(mapping: Mapping[str, object]) -> Rulebook:
    """Validate a rulebook mapping and build its models.

    Args:
        mapping: plain data as YAML, JSON or TOML loaders return it; the keys
            are documented in ``docs/rulebook.md``.

    Returns:
        The [`Rulebook`][svcquality.Rulebook].

    Raises:
        RulebookError: one error listing every problem found, each with its
            path, the value there and the fix. A ``schema_version`` newer than
            `SCHEMA_VERSION` is reported alone.
    """
    c = _Collector(mapping)
    deep = _too_deep(mapping)
    if deep is not None:
        c.add((), deep, f"a rulebook nests at most {_MOST_DEPTH} levels; flatten the data")
        raise RulebookError(c.problems)
    if not isinstance(mapping, Mapping):
        c.add(
            (),
            f"a rulebook is a mapping, got {_kind_of(mapping)}",
            "pass the mapping your YAML/JSON/TOML loader returned, e.g. {'promises': [...]}",
        )
        raise RulebookError(c.problems)
    version = mapping.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        c.add(
            ("schema_version",),
            f"schema_version must be a whole number from 1, got {_kind_of(version)}",
            f"write schema_version: {SCHEMA_VERSION}",
        )
    elif version > SCHEMA_VERSION:
        c.add(
            ("schema_version",),
            f"the rulebook is written for schema version {version}; this svcquality reads "
            f"versions up to {SCHEMA_VERSION}",
            "upgrade svcquality, or write the rulebook in schema version "
            f"{SCHEMA_VERSION} (docs/rulebook.md)",
        )
        raise RulebookError(c.problems)
    for key in mapping:
        if key not in _SECTIONS:
            c.add(
                (key,) if isinstance(key, str) else (repr(key),),
                f"unknown section {key!r}",
                f"{_hint(key, _SECTIONS)}the sections are {', '.join(_SECTIONS)}",
            )
    description = mapping.get("description", "")
    if not isinstance(description, str):
        c.add(("description",), f"expected text, got {_kind_of(description)}", "write a line")
        description = ""

    calendars = _load_calendars(c, mapping.get("calendars"))
    roles = _load_roles(c, mapping.get("roles"))
    authority = _load_authority(c, mapping.get("authority"), roles)
    if authority is not None and roles is None:
        roles = list(authority.roles)
    units = _load_units(c, mapping.get("units"), calendars)
    tiers = _load_tiers(c, mapping.get("tiers"))
    promises = _load_promises(c, mapping.get("promises"), calendars)
    catalog = _load_catalog(
        c, mapping.get("catalog"), promises=promises, calendars=calendars, tiers=tiers
    )
    ladders = _load_ladders(
        c,
        mapping.get("ladders"),
        promises=promises,
        calendars=calendars,
        roles=roles,
        units=units,
        raw_milestones=_raw_milestones(mapping.get("promises")),
    )
    routing = _load_routing(c, mapping.get("routing"), roles, units)
    scorecard = _load_scorecard(c, mapping.get("scorecard"))
    if c.problems:
        raise RulebookError(c.problems)
    return Rulebook(
        calendars={k: v for k, v in calendars.items() if v is not None},
        promises={k: v for k, v in promises.items() if v is not None},
        catalog=catalog,
        tiers=tiers,
        ladders=ladders,
        roles=tuple(roles) if roles else (),
        units={k: v for k, v in units.items() if v is not None},
        routing=routing,
        authority=authority,
        scorecard=scorecard,
        description=description,
        schema_version=SCHEMA_VERSION,
    )


#: How deep a rulebook may nest mappings and lists (the deepest real one nests about 8).
_MOST_DEPTH = 64


def _too_deep(data: object) -> str | None:
    """Why ``data`` cannot be read as a rulebook (nested too deep, or containing itself),
    or None. The walk is iterative, so no input makes it recurse."""
    done: set[int] = set()
    on_path: set[int] = set()
    stack: list[tuple[object, Iterator[object]]] = []

    def children(x: object) -> Iterator[object] | None:
        if isinstance(x, Mapping):
            return iter(list(x.values()))
        if isinstance(x, list | tuple | set | frozenset):
            return iter(list(x))
        return None

    first = children(data)
    if first is None:
        return None
    stack.append((data, first))
    on_path.add(id(data))
    while stack:
        node, it = stack[-1]
        child = next(it, _MISSING)
        if child is _MISSING:
            stack.pop()
            on_path.discard(id(node))
            done.add(id(node))
            continue
        grand = children(child)
        if grand is None or id(child) in done:
            continue
        if id(child) in on_path:
            return "the data contains itself (a mapping or list inside its own value)"
        if len(stack) >= _MOST_DEPTH:
            return f"the data nests more than {_MOST_DEPTH} levels deep"
        stack.append((child, grand))
        on_path.add(id(child))
    return None


def _list_section(c: _Collector, raw: object, key: str) -> list[tuple[int, object]]:
    """The items of the list section ``key`` with their indexes.

    An absent section has none; one that is not a list is recorded as a problem and has none.
    """
    if raw is None:
        return []
    if not isinstance(raw, list | tuple):
        c.add((key,), f"{key} must be a list, got {_kind_of(raw)}", f"write {key}: [...]")
        return []
    return list(enumerate(typing.cast("list[object]", raw)))


def _mapping_section(c: _Collector, raw: object, key: str) -> list[tuple[str, object]]:
    """The entries of the mapping section ``key`` with their names.

    An absent section has none; one that is not a mapping is recorded as a problem
    and has none, and so is each entry whose key is not a name.
    """
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        c.add(
            (key,), f"{key} must be a mapping, got {_kind_of(raw)}", f"write {key}: {{name: ...}}"
        )
        return []
    out: list[tuple[str, object]] = []
    for k, v in raw.items():
        if not isinstance(k, str) or not k.strip() or any(ch.isspace() for ch in k):
            c.add(
                (key, k if isinstance(k, str) else repr(k)),
                f"{k!r} is not a name",
                "name it with text without spaces, such as 'branch'",
            )
            continue
        out.append((k, v))
    return out


def _docs(
    c: _Collector, entries: Iterable[tuple[_K, object]], cls: type[_D], *at: str
) -> Iterator[tuple[_K, Path, _D]]:
    """Each entry of a section read into ``cls``, with its index or name and its path.

    ``at`` is the path of the section (``"promises"``); an entry is at ``(*at, key)``.
    An entry that cannot be read is recorded as problems and skipped.
    """
    for key, item in entries:
        path: Path = (*at, key)
        doc = c.structure(item, cls, path)
        if doc is not None:
            yield key, path, doc


class _Ordered(Protocol):
    """A rule that can say whether it matches every request another rule matches."""

    def covers(self, other: Any, /) -> bool: ...


def _shadowed(rules: Sequence[_Ordered]) -> Iterator[tuple[int, int]]:
    """``(i, j)`` for each rule ``i`` that can never match: an earlier rule ``j`` covers it."""
    for i, rule in enumerate(rules):
        for j in range(i):
            if rules[j].covers(rule):
                yield i, j
                break


# The calendars and promises loaders return every name their section defines; None
# marks an entry that failed, so a reference to it is not reported again as unknown.
def _load_calendars(c: _Collector, raw: object) -> dict[str, BusinessCalendar | None]:
    entries = _mapping_section(c, raw, "calendars")
    out: dict[str, BusinessCalendar | None] = dict.fromkeys(name for name, _ in entries)
    for name, path, doc in _docs(c, entries, _CalendarDoc, "calendars"):
        try:
            out[name] = BusinessCalendar.weekly(
                doc.hours.to_mapping(),
                zone=doc.zone,
                holidays=doc.holidays,
                closed_dates=doc.closed_dates,
                working_dates=doc.working_dates,
                special_hours=dict(doc.special_hours.items()),
                years=doc.years,
                makeup_hours=doc.makeup_hours,
                holiday_hours=doc.holiday_hours,
                working_days=doc.working_days,
                name=name,
            )
        except SvcQualityError as exc:  # noqa: PERF203 - recorded with its calendar
            c.add(path, str(exc), "correct the calendar's hours, dates and overrides")
    return out


def _load_roles(c: _Collector, raw: object) -> list[str] | None:
    if raw is None:
        return None
    roles: list[str] = []
    for i, item in _list_section(c, raw, "roles"):
        try:
            role = _name(item)
        except _HookError as exc:
            c.add(("roles", i), exc.message, exc.fix)
            continue
        if role in roles:
            c.add(("roles", i), f"role {role!r} is listed twice", "list each role once")
        roles.append(role)
    return roles


def _check_ref(
    c: _Collector,
    path: Path,
    name: str | None,
    known: Mapping[str, object] | Iterable[str] | None,
    what: str,
) -> bool:
    """Whether ``name`` is known; records the problem when it is not."""
    if name is None or known is None:
        return True
    if name in known:
        return True
    c.add(path, f"unknown {what[:-1]} {name!r}", _closest(name, known, what))
    return False


def _raw_ref(
    c: _Collector,
    item: object,
    key: str,
    *,
    path: Path,
    known: Mapping[str, object] | Iterable[str] | None,
    what: str,
) -> bool:
    """Check the name ``item[key]`` of an entry that could not be read as a whole (a bad
    duration beside it), so an unknown name is reported in the same pass. A value that
    is not a name was reported with the entry and is not checked again."""
    if not isinstance(item, Mapping) or key not in item:
        return True
    try:
        name = _name(item[key])
    except _HookError:
        return True
    return _check_ref(c, (*path, key), name, known, what)


def _entries(
    c: _Collector, entries: Iterable[tuple[_K, object]], cls: type[_D], *at: str
) -> Iterator[tuple[_K, Path, object, _D | None]]:
    """Each entry with its path, its raw value and its doc (None when it cannot be read,
    its problems recorded): `_docs` for loaders that check what a broken entry names."""
    for key, item in entries:
        path: Path = (*at, key)
        yield key, path, item, c.structure(item, cls, path)


def _load_units(
    c: _Collector, raw: object, calendars: Mapping[str, BusinessCalendar | None]
) -> dict[str, Unit | None]:
    """Every unit the section defines; None marks one that failed, as for calendars."""
    entries = _mapping_section(c, raw, "units")
    out: dict[str, Unit | None] = dict.fromkeys(name for name, _ in entries)
    for name, path, item, doc in _entries(c, entries, _UnitDoc, "units"):
        if doc is None:
            _raw_ref(c, item, "calendar", path=path, known=calendars, what="calendars")
            continue
        _check_ref(c, (*path, "calendar"), doc.calendar, calendars, "calendars")
        out[name] = Unit(name, doc.calendar, doc.answer_within, doc.description)
    return out


def _load_tiers(c: _Collector, raw: object) -> Tiers | None:
    if raw is None:
        return None
    levels: list[Severity] = []
    codes: dict[str, int] = {}
    ranks: dict[int, int] = {}
    for i, path, doc in _docs(c, _list_section(c, raw, "tiers"), _TierDoc, "tiers"):
        rank = i if doc.rank is None else doc.rank
        if doc.code in codes:
            c.add(
                (*path, "code"),
                f"level {doc.code!r} is defined twice (tiers[{codes[doc.code]}] and tiers[{i}])",
                "give each level one code",
            )
            continue
        if rank in ranks:
            c.add(
                (*path, "rank"),
                f"rank {rank} is also the rank of tiers[{ranks[rank]}]",
                "give each level its own rank (0 is the most urgent)",
            )
            continue
        codes[doc.code] = i
        ranks[rank] = i
        levels.append(Severity(doc.code, rank, doc.description))
    if not levels:
        if not c.problems:
            c.add(("tiers",), "no levels", "list at least one level, e.g. [{'code': 'I'}]")
        return None
    return Tiers(tuple(levels))


def _promise_name(item: object) -> str | None:
    """The name a promise entry goes by (its ``name``, else its ``service``), if it is text."""
    if isinstance(item, Mapping):
        for key in ("name", "service"):
            value = item.get(key)
            if isinstance(value, str):
                return value
    return None


def _load_promises(
    c: _Collector, raw: object, calendars: Mapping[str, BusinessCalendar | None]
) -> dict[str, Promise | None]:
    entries = _list_section(c, raw, "promises")
    names = (_promise_name(item) for _, item in entries)
    out: dict[str, Promise | None] = dict.fromkeys(n for n in names if n is not None)
    where: dict[str, int] = {}
    for i, path, item, read in _entries(c, entries, _PromiseDoc, "promises"):
        if read is None:
            _raw_ref(c, item, "calendar", path=path, known=calendars, what="calendars")
            continue
        doc = read
        name = doc.name or doc.service
        if name in where:
            c.add(
                (*path, "name"),
                f"promise {name!r} is defined twice (promises[{where[name]}] and promises[{i}])",
                "give the second one its own name: key",
            )
            continue
        where[name] = i
        known = _check_ref(c, (*path, "calendar"), doc.calendar, calendars, "calendars")
        milestones: dict[str, Target] = {}
        for m, mdoc in doc.milestones.items():
            target = _counted(c, (*path, "milestones", m), mdoc.target, mdoc.counting, repr(m))
            if target is not None:
                milestones[m] = target
        if len(milestones) != len(doc.milestones):
            continue
        extensions = _load_extensions(c, path, doc, milestones)
        if extensions is None or not _pause_reasons_ok(c, path, doc.pause_reasons):
            continue
        if not milestones:
            c.add(
                (*path, "milestones"), "no milestones", f"add one, e.g. {_EXAMPLES['milestones']}"
            )
            continue
        if not known:
            continue
        calendar = None if doc.calendar is None else calendars[doc.calendar]
        if doc.calendar is not None and calendar is None:
            continue  # the calendar itself is broken and reported
        if calendar is None:
            needs = [m for m, t in milestones.items() if t.measure == "business"]
            if needs:
                c.add(
                    (*path, "calendar"),
                    f"milestone {needs[0]!r} is measured in open time but the promise has "
                    "no calendar",
                    "name a calendar: " + _closest("", list(calendars), "calendars"),
                )
                continue
        try:
            out[name] = Promise(
                doc.service,
                milestones,
                calendar=calendar,
                goal=doc.goal,
                name=name,
                extensions=extensions,
                pause_reasons=tuple(doc.pause_reasons),
            )
        except SvcQualityError as exc:
            c.add(path, str(exc), "correct the promise as the message says")
    return out


def _counted(
    c: _Collector, path: Path, target: Target, counting: Counting, what: str
) -> Target | None:
    """``target`` with its ``counting`` (at ``path``), or None when the pair is reported."""
    if counting == "working_days":
        return target
    if target.kind != "working_days":
        c.add(
            (*path, "counting"),
            f"counting applies only to working-day targets, and {what} is "
            f"{format_duration(target)!r}",
            "remove counting, or make the target a working-day period",
        )
        return None
    try:
        return Target.working_days(target.count or 0, target.cutoff, counting=counting)
    except SvcQualityError as exc:
        c.add((*path, "counting"), str(exc), "use another counting")
        return None


def _load_extensions(
    c: _Collector, path: Path, doc: _PromiseDoc, milestones: Mapping[str, Target]
) -> dict[str, tuple[Extension, ...]] | None:
    """The promise's extensions, or None when a problem with them is reported."""
    out: dict[str, tuple[Extension, ...]] = {}
    ok = True
    for m, docs in doc.extensions.items():
        built: list[Extension] = []
        for j, edoc in enumerate(docs):
            where = f"extension [{j}] of {m!r}"
            target = _counted(c, (*path, "extensions", m, j), edoc.to, edoc.counting, where)
            if target is None:
                ok = False
                continue
            built.append(
                Extension(
                    target,
                    requires_reason=edoc.requires_reason,
                    requires_approval=edoc.requires_approval,
                    requires_customer_informed=edoc.requires_customer_informed,
                )
            )
        out[m] = tuple(built)
    if not ok:
        return None
    problems = _extension_problems(milestones, out)
    for sub, problem, fix in problems:
        c.add((*path, "extensions", *sub), problem, fix)
    return None if problems else out


def _pause_reasons_ok(c: _Collector, path: Path, reasons: Sequence[str]) -> bool:
    ok = True
    for j, reason in enumerate(reasons):
        if not reason.strip():
            c.add(
                (*path, "pause_reasons", j),
                "an empty reason",
                "write the reason a pause may give, such as 'external_appraisal'",
            )
            ok = False
        elif reason in reasons[:j]:
            c.add((*path, "pause_reasons", j), f"{reason!r} is listed twice", "remove the repeat")
            ok = False
    return ok


def _load_catalog(
    c: _Collector,
    raw: object,
    *,
    promises: Mapping[str, Promise | None],
    calendars: Mapping[str, BusinessCalendar | None],
    tiers: Tiers | None,
) -> Catalog | None:
    if raw is None:
        return None
    rules: list[CatalogRule] = []
    entries = _list_section(c, raw, "catalog")
    last: CatalogRule | None = None  # the last entry's rule, to check it is the default
    for i, path, item, doc in _entries(c, entries, _CatalogRuleDoc, "catalog"):
        if doc is None:
            _raw_ref(c, item, "promise", path=path, known=promises, what="promises")
            _raw_ref(c, item, "calendar", path=path, known=calendars, what="calendars")
            continue
        if i == len(entries) - 1:
            last = CatalogRule(doc.promise, doc.when, doc.calendar, doc.name)
        ok = _check_ref(c, (*path, "promise"), doc.promise, promises, "promises")
        ok &= _check_ref(c, (*path, "calendar"), doc.calendar, calendars, "calendars")
        if tiers is not None:
            for code in doc.when.get("severity", ()):
                if code not in tiers:
                    ok = False
                    codes = [level.code for level in tiers.levels]
                    c.add(
                        (*path, "when", "severity"),
                        f"unknown severity {code!r}",
                        _closest(code, codes, "severities"),
                    )
        if ok:
            rules.append(CatalogRule(doc.promise, doc.when, doc.calendar, doc.name))
    if not entries:
        c.add(("catalog",), "the catalog has no rules", "end it with a default: [{'promise': ...}]")
        return None
    if len(rules) == len(entries):  # rule numbers are entry numbers only when all are read
        for i, j in _shadowed(rules):
            c.add(
                ("catalog", i),
                f"rule {i} ({rules[i].describe()}) can never match: rule {j} "
                f"({rules[j].describe()}) comes first and matches every request it would",
                f"move it above rule {j} or narrow rule {j}",
            )
    if last is not None and not last.is_default:
        c.add(
            ("catalog", len(entries) - 1, "when"),
            "the last rule has a condition, so some requests would match no rule",
            "end the catalog with a default rule: {'promise': ...} with no 'when'",
        )
    if len(rules) != len(entries):
        return None
    if c.problems or any(v is None for v in promises.values()):
        return None
    try:
        make: Callable[..., Catalog] = Catalog  # attrs converters confuse mypy here
        return make(
            rules,
            {k: v for k, v in promises.items() if v is not None},
            {k: v for k, v in calendars.items() if v is not None},
        )
    except SvcQualityError as exc:  # pragma: no cover - the checks above come first
        c.add(("catalog",), str(exc), "correct the catalog as the message says")
        return None


def _action_refs(
    c: _Collector,
    path: Path,
    action: Action,
    roles: list[str] | None,
    units: Mapping[str, Unit | None],
) -> bool:
    if isinstance(action, HandToSecondLine):
        return _check_ref(c, path, action.unit, units if units else None, "units")
    if isinstance(action, Notify | Reassign | GreenChannel):
        return _check_ref(c, path, action.role, roles, "roles")
    return True


def _load_ladders(
    c: _Collector,
    raw: object,
    *,
    promises: Mapping[str, Promise | None],
    calendars: Mapping[str, BusinessCalendar | None],
    roles: list[str] | None,
    units: Mapping[str, Unit | None],
    raw_milestones: Mapping[str, tuple[str, ...]],
) -> dict[str, tuple[Ladder, ...]]:
    out: dict[str, tuple[Ladder, ...]] = {}
    for pname, group in _mapping_section(c, raw, "ladders"):
        # A ladder of an unknown promise is still read, so its own problems are reported too.
        known = _check_ref(c, ("ladders", pname), pname, promises, "promises")
        promise = promises.get(pname)
        milestones = promise.milestones if promise is not None else raw_milestones.get(pname)
        ladders: list[Ladder] = []
        # Note: a group that is not a list is reported at "ladders", not "ladders.<promise>".
        entries = _list_section(c, group, "ladders")
        for _, path, item, read in _entries(c, entries, _LadderDoc, "ladders", pname):
            if read is None:
                _ladder_refs_alone(
                    c,
                    item,
                    path=path,
                    pname=pname,
                    milestones=milestones,
                    roles=roles,
                    units=units,
                    calendars=calendars,
                )
                continue
            doc = read
            ok = known & _milestone_ref(c, path, pname, doc.milestone, milestones)
            steps: list[Step] = []
            for j, step in enumerate(doc.steps):
                spath: Path = (*path, "steps", j)
                trigger = typing.cast("Trigger", step.trigger)  # what the trigger hook returns
                action = typing.cast("Action", step.action)  # what the action hook returns
                ok &= _action_refs(c, (*spath, "action"), action, roles, units)
                if not _check_ref(c, (*spath, "calendar"), step.calendar, calendars, "calendars"):
                    ok = False
                    continue
                cal = None if step.calendar is None else calendars[step.calendar]
                if step.calendar is not None and cal is None:
                    ok = False
                    continue
                steps.append(Step(trigger, action, calendar=cal))
            if not ok:
                continue
            try:
                ladders.append(Ladder(doc.milestone, tuple(steps), name=doc.name))
            except SvcQualityError as exc:
                c.add((*path, "steps"), str(exc), "remove the repeated step")
        if known:
            out[pname] = tuple(ladders)
    return out


def _milestone_ref(
    c: _Collector, path: Path, pname: str, milestone: str, milestones: Iterable[str] | None
) -> bool:
    """Whether the ladder at ``path`` watches a milestone its promise has (recorded if not)."""
    if milestones is None or milestone in milestones:
        return True
    c.add(
        (*path, "milestone"),
        f"promise {pname!r} has no milestone {milestone!r}",
        _closest(milestone, milestones, "milestones"),
    )
    return False


def _ladder_refs_alone(
    c: _Collector,
    item: object,
    *,
    path: Path,
    pname: str,
    milestones: Iterable[str] | None,
    roles: list[str] | None,
    units: Mapping[str, Unit | None],
    calendars: Mapping[str, BusinessCalendar | None],
) -> None:
    """Check what a ladder that could not be read as a whole (a bad trigger) names: its
    milestone, and each step's action and calendar, so they are reported in this pass."""
    if not isinstance(item, Mapping):
        return
    try:
        milestone = _name(item.get("milestone"))
    except _HookError:
        pass
    else:
        _milestone_ref(c, path, pname, milestone, milestones)
    steps = item.get("steps")
    if not isinstance(steps, list | tuple):
        return
    for j, step in enumerate(steps):
        spath: Path = (*path, "steps", j)
        if not isinstance(step, Mapping):
            continue
        _raw_ref(c, step, "calendar", path=spath, known=calendars, what="calendars")
        try:
            action = _action(step.get("action"))
        except _HookError:
            continue  # reported with the step
        _action_refs(c, (*spath, "action"), action, roles, units)


def _raw_milestones(raw: object) -> dict[str, tuple[str, ...]]:
    """The milestone names each promise entry writes, read from the plain data, so a
    ladder is checked against them even when its promise has problems of its own."""
    out: dict[str, tuple[str, ...]] = {}
    if isinstance(raw, list | tuple):
        for item in raw:
            name = _promise_name(item)
            ms = item.get("milestones") if isinstance(item, Mapping) else None
            if name is not None and isinstance(ms, Mapping):
                out.setdefault(name, tuple(k for k in ms if isinstance(k, str)))
    return out


def _load_routing(
    c: _Collector, raw: object, roles: list[str] | None, units: Mapping[str, Unit | None]
) -> RoutingRules | None:
    if raw is None:
        return None
    rules: list[RoutingRule] = []
    entries = _list_section(c, raw, "routing")
    last: RoutingRule | None = None  # the last entry's rule, to check it is the default
    for i, path, item, doc in _entries(c, entries, _RoutingRuleDoc, "routing"):
        if doc is None:
            kind = item.get("kind", "unit") if isinstance(item, Mapping) else None
            if kind in ("unit", "role"):
                known = (units if units else None) if kind == "unit" else roles
                _raw_ref(c, item, "to", path=path, known=known, what=f"{kind}s")
            continue
        known = (units if units else None) if doc.kind == "unit" else roles
        named = _check_ref(c, (*path, "to"), doc.to, known, f"{doc.kind}s")
        fields = {k: v for k, v in attrs.asdict(doc, recurse=False).items() if v is not None}
        try:
            rule = RoutingRule(**fields)
        except SvcQualityError as exc:
            c.add(path, str(exc), "correct the rule as the message says")
            continue
        if i == len(entries) - 1:
            last = rule
        if named:
            rules.append(rule)
    if not entries:
        c.add(("routing",), "no routing rules", "end them with a default: [{'to': 'front_desk'}]")
        return None
    if len(rules) == len(entries):  # rule numbers are entry numbers only when all are read
        for i, j in _shadowed(rules):
            c.add(
                ("routing", i),
                f"rule {i} {rules[i].label} can never match: rule {j} {rules[j].label} comes "
                "first and matches every request it would",
                f"move it above rule {j} or narrow rule {j}",
            )
    if last is not None and not last.is_default:
        c.add(
            ("routing", len(entries) - 1),
            "the last rule has a condition, so some requests would match no rule",
            "end the rules with a default such as {'to': 'front_desk'}",
        )
    if len(rules) != len(entries):
        return None
    if c.problems:
        return None
    try:
        return RoutingRules(rules)
    except SvcQualityError as exc:  # pragma: no cover - the checks above come first
        c.add(("routing",), str(exc), "correct the rules as the message says")
        return None


def _load_authority(c: _Collector, raw: object, roles: list[str] | None) -> AuthorityMatrix | None:
    if raw is None:
        return None
    doc = c.structure(raw, _AuthorityDoc, ("authority",))
    if doc is None:
        _authority_rules_alone(c, raw, roles)
        return None
    zone = getattr(doc.zone, "key", None)
    ok = True
    if not isinstance(zone, str):  # pragma: no cover - the zone hook returns ZoneInfo
        c.add(("authority", "zone"), "the zone has no IANA name", "write 'Asia/Shanghai'")
        ok = False
    seen: dict[str, int] = {}
    for i, role in enumerate(doc.roles):
        if role in seen:
            ok = False
            c.add(
                ("authority", "roles", i),
                f"role {role!r} is listed twice (roles[{seen[role]}] and roles[{i}])",
                "list each role once, from the front line upwards",
            )
        seen[role] = i
        ok &= _check_ref(c, ("authority", "roles", i), role, roles, "roles")
    if not doc.roles:
        ok = False
        c.add(("authority", "roles"), "no roles", "list the roles from the front line upwards")
    rules, rules_ok = _authority_rules(c, enumerate(doc.rules), doc.roles)
    if not ok or not rules_ok or not isinstance(zone, str):
        return None
    try:
        return AuthorityMatrix(tuple(doc.roles), tuple(rules), zone)
    except SvcQualityError as exc:
        c.add(("authority",), str(exc), "correct the matrix as the message says")
        return None


def _authority_rules_alone(c: _Collector, raw: object, roles: list[str] | None) -> None:
    """Check the roles and each rule of an authority section that could not be read as a
    whole (a missing key, a bad zone), so their own problems are reported in the same
    pass. Problems of their shape were reported already and are not repeated."""
    listed = raw.get("roles") if isinstance(raw, Mapping) else None
    if isinstance(listed, list | tuple):
        for i, role in enumerate(listed):
            try:
                name = _name(role)
            except _HookError:
                continue  # reported with the section
            _check_ref(c, ("authority", "roles", i), name, roles, "roles")
    known = (
        listed if isinstance(listed, list) and all(isinstance(r, str) for r in listed) else roles
    )
    rules = raw.get("rules") if isinstance(raw, Mapping) else None
    if not isinstance(rules, list | tuple):
        return
    scratch = _Collector(c.data)
    docs = [
        (i, rd)
        for i, item in enumerate(rules)
        if (rd := scratch.structure(item, _AuthorityRuleDoc, ("authority", "rules", i))) is not None
    ]
    _authority_rules(c, docs, known)


def _authority_rules(
    c: _Collector, docs: Iterable[tuple[int, _AuthorityRuleDoc]], roles: Sequence[str] | None
) -> tuple[list[AuthorityRule], bool]:
    ok = True
    rules: list[AuthorityRule] = []
    for i, rd in docs:
        path: Path = ("authority", "rules", i)
        if not _check_ref(c, (*path, "role"), rd.role, roles, "roles"):
            ok = False
        try:
            limits = [
                PeriodLimit(ld.period, max_count=ld.max_count, max_sum=ld.max_sum, per=ld.per)
                for ld in rd.limits
            ]
            rules.append(
                AuthorityRule(
                    rd.role,
                    rd.action,
                    max_amount=rd.max_amount,
                    limits=limits,
                    conditions=rd.conditions,
                    requires_second_person=rd.requires_second_person,
                    name=rd.name,
                    unlimited_ok=rd.unlimited_ok,
                )
            )
        except SvcQualityError as exc:
            ok = False
            c.add(path, str(exc), "correct the rule as the message says")
    return rules, ok


def _target_alone(c: _Collector, path: Path, cls: type[Accumulator], doc: _ObjectiveDoc) -> None:
    """Check an objective's target against its KPI's defaults when its options are bad."""
    try:
        accumulator = cls()
    except (SvcQualityError, TypeError):
        # The KPI needs options to be built at all; a share's range is known without them.
        if cls.KIND == "share":
            try:
                share = _number_target(doc.target)
            except _HookError as exc:
                c.add((*path, "target"), exc.message, exc.fix)
                return
            if isinstance(share, int | float | Decimal | Fraction) and not 0 <= share <= 1:
                c.add(
                    (*path, "target"),
                    f"target of objective {doc.name!r}: the target must be in [0, 1], got {share}",
                    "write a share such as 0.85 or '85%'",
                )
        return
    try:
        target: Any = _offset(doc.target) if cls.KIND == "duration" else _number_target(doc.target)
        Objective(doc.name, accumulator, target, doc.op, label=doc.label)
    except _HookError as exc:
        c.add((*path, "target"), exc.message, exc.fix)
    except SvcQualityError as exc:
        c.add((*path, "target"), str(exc), "correct the target as the message says")


def _load_scorecard(c: _Collector, raw: object) -> Scorecard | None:
    if raw is None:
        return None
    objectives: list[Objective] = []
    seen: dict[str, int] = {}
    entries = _list_section(c, raw, "scorecard")
    for i, path, doc in _docs(c, entries, _ObjectiveDoc, "scorecard"):
        if doc.name in seen:
            c.add(
                (*path, "name"),
                f"objective {doc.name!r} is defined twice (scorecard[{seen[doc.name]}] and "
                f"scorecard[{i}])",
                "give each objective its own name",
            )
            continue
        seen[doc.name] = i
        cls = KPIS.get(doc.kpi)
        if cls is None:
            c.add((*path, "kpi"), f"unknown KPI {doc.kpi!r}", _closest(doc.kpi, KPIS, "KPIs"))
            continue
        options: dict[str, object] = {}
        ok = True
        for key, value in doc.options.items():
            if key not in cls.OPTIONS:
                ok = False
                shown = ", ".join(cls.OPTIONS) or "none"
                c.add(
                    (*path, "options", key),
                    f"{doc.kpi} has no option {key!r}",
                    f"{_hint(key, cls.OPTIONS)}its options are: {shown}",
                )
                continue
            try:
                options[key] = _option_duration(value) if _is_duration_option(cls, key) else value
            except _HookError as exc:
                ok = False
                c.add((*path, "options", key), exc.message, exc.fix)
        if not ok:
            _target_alone(c, path, cls, doc)  # so a bad target is reported in the same pass
            continue
        try:
            accumulator = cls(**options)
        except (SvcQualityError, TypeError) as exc:
            c.add((*path, "options"), str(exc), "correct the options as the message says")
            continue
        try:
            if accumulator.KIND == "duration":
                target: Any = _offset(doc.target)
            else:
                target = _number_target(doc.target)
            objectives.append(Objective(doc.name, accumulator, target, doc.op, label=doc.label))
        except _HookError as exc:
            c.add((*path, "target"), exc.message, exc.fix)
        except SvcQualityError as exc:
            c.add((*path, "target"), str(exc), "correct the target as the message says")
    if not entries:
        c.add(("scorecard",), "no objectives", "list at least one objective")
    if not objectives or len(objectives) != len(entries):
        return None
    return Scorecard(tuple(objectives))


# --------------------------------------------------------------------------- dump


def _hours_plain(hours: WeeklyHours) -> dict[str, str] | str:
    texts = [", ".join(str(w) for w in day) for day in hours.days]
    if all(t == "00:00-24:00" for t in texts):
        return "24x7"
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


def _calendar_plain(name: str, cal: BusinessCalendar) -> dict[str, object]:
    rules = cal.rules
    if not isinstance(rules, WeeklyRules):
        raise RulebookError(
            [
                RulebookProblem(
                    f"calendars.{name}",
                    cal,
                    "a combined calendar (a & b, a | b) has no rulebook form yet",
                    "give the rulebook the calendar's own weekly hours",
                )
            ]
        )
    zone = getattr(cal.zone, "key", None)
    if not isinstance(zone, str):
        raise RulebookError(
            [
                RulebookProblem(
                    f"calendars.{name}.zone",
                    cal.zone,
                    "the zone has no IANA name",
                    "build the calendar with zone='Asia/Shanghai' (a name, not an offset)",
                )
            ]
        )
    out: dict[str, object] = {"hours": _hours_plain(rules.hours), "zone": zone}
    src = rules.holidays
    if src is not None:
        if src.categories or src.financial:
            h: dict[str, object] = {"country": src.country}
            if src.subdiv:
                h["subdiv"] = src.subdiv
            if src.categories:
                h["categories"] = list(src.categories)
            if src.financial:
                h["financial"] = True
            out["holidays"] = h
        else:
            out["holidays"] = src.country + (f"-{src.subdiv}" if src.subdiv else "")
    if rules.closed_dates:
        out["closed_dates"] = [d.isoformat() for d in sorted(rules.closed_dates)]
    if rules.working_dates:
        out["working_dates"] = [d.isoformat() for d in sorted(rules.working_dates)]
    if rules.special_hours:
        out["special_hours"] = {
            d.isoformat(): ", ".join(str(w) for w in ws) or "closed"
            for d, ws in rules.special_hours
        }
    if cal.years is not None:
        out["years"] = list(cal.years)
    if rules.makeup_weekday != 0:
        out["makeup_hours"] = WEEKDAYS[rules.makeup_weekday]
    always = rules.hours == WeeklyHours.always()
    if rules.holiday_hours is None:
        out["holiday_hours"] = "weekly"
    elif rules.holiday_hours != (() if not always else WeeklyHours.always().days[0]):
        out["holiday_hours"] = ", ".join(str(w) for w in rules.holiday_hours) or "closed"
    if rules.working_days != "statutory":
        out["working_days"] = rules.working_days
    return out


def _calendar_name(rb: Rulebook, cal: BusinessCalendar, path: str) -> str:
    if cal.name is not None and rb.calendars.get(cal.name) == cal:
        return cal.name
    for key, known in rb.calendars.items():
        if known == cal.with_name(key):
            return key
    raise RulebookError(
        [
            RulebookProblem(
                path,
                cal,
                "the calendar is not one of the rulebook's calendars",
                "add it to Rulebook(calendars={name: calendar}) and use that object",
            )
        ]
    )


def _target_plain(target: Target, language: Literal["en", "zh"]) -> object:
    if target.counting != "working_days":
        plain = attrs.evolve(target, counting="working_days")
        return {
            "target": format_duration(plain, language=language),
            "counting": target.counting,
        }
    return format_duration(target, language=language)


def _trigger_plain(trigger: Trigger) -> str:
    if isinstance(trigger, Consumed):
        pct = trigger.fraction * 100
        try:
            exact = Decimal(pct.numerator) / Decimal(pct.denominator)
        except InvalidOperation:  # pragma: no cover - a short fraction always divides
            exact = Decimal("NaN")
        if exact.is_finite() and Fraction(exact) == pct:
            return f"{format(exact.normalize(), 'f')}% consumed"
        return f"{trigger.fraction.numerator}/{trigger.fraction.denominator} consumed"
    if isinstance(trigger, BeforeDue | AfterDue):
        side = "before" if isinstance(trigger, BeforeDue) else "after"
        return f"{format_duration(Target.wall(trigger.offset))} {side} due"
    return "on breach"


def _action_plain(action: Action) -> dict[str, str]:
    if isinstance(action, Notify):
        return {"notify": action.role}
    if isinstance(action, Reassign):
        return {"reassign": action.role}
    if isinstance(action, GreenChannel):
        return {"green_channel": action.role}
    if isinstance(action, HandToSecondLine):
        return {"hand_to_second_line": action.unit}
    return {"inform_customer": action.template_id}


def _names_plain(names: Iterable[str]) -> str | list[str]:
    items = sorted(names) if isinstance(names, frozenset) else list(names)
    return items[0] if len(items) == 1 else items


def _objective_plain(objective: Objective) -> dict[str, object]:
    acc = objective.kpi
    name = _snake(type(acc).__name__)
    out: dict[str, object] = {"name": objective.name, "kpi": name}
    options: dict[str, object] = {}
    fields = {f.name: f for f in attrs.fields(typing.cast("Any", type(acc)))}
    for key in acc.OPTIONS:
        value = getattr(acc, key)
        default = fields[key].default
        if default is not attrs.NOTHING and value == default:
            continue
        if isinstance(value, timedelta):
            options[key] = "0s" if not value else format_duration(Target.wall(value))
        else:
            options[key] = _plain_number(value)
    if options:
        out["options"] = options
    target = objective.target
    out["target"] = (
        format_duration(Target.wall(target))
        if isinstance(target, timedelta)
        else _plain_number(target)
    )
    if objective.op != ">=":
        out["op"] = objective.op
    if objective.label:
        out["label"] = objective.label
    return out


def dump_rulebook(rulebook: Rulebook, *, language: Literal["en", "zh"] = "en") -> dict[str, Any]:
    """Write a rulebook back to plain data (dicts, lists, text, numbers, booleans).

    ``load_rulebook(dump_rulebook(rb)) == rb``. Keys with their default value
    are left out, durations are written in their canonical form (``"4h"``,
    ``"3 working days"``; ``language="zh"`` writes ``"4小时"``, ``"3个工作日"``),
    and weekly hours group equal weekdays (``"mon-fri"``).

    Args:
        rulebook: the rulebook to write.
        language: the language of durations: ``"en"`` or ``"zh"``.

    Raises:
        RulebookError: the rulebook holds something the plain form cannot
            carry (a combined calendar, a zone without an IANA name, a calendar
            that is not among its calendars).
    """
    if language not in ("en", "zh"):
        raise RulebookError(
            [RulebookProblem("", language, "unknown language", "use language='en' or 'zh'")]
        )
    rb = rulebook
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if rb.description:
        out["description"] = rb.description
    if rb.calendars:
        out["calendars"] = {k: _calendar_plain(k, v) for k, v in rb.calendars.items()}
    if rb.roles:
        out["roles"] = list(rb.roles)
    if rb.units:
        out["units"] = {k: _unit_plain(u, language) for k, u in rb.units.items()}
    if rb.tiers is not None:
        out["tiers"] = [_tier_plain(i, level) for i, level in enumerate(rb.tiers.levels)]
    if rb.promises:
        out["promises"] = [
            _promise_plain(rb, i, p, language) for i, p in enumerate(rb.promises.values())
        ]
    if rb.catalog is not None:
        out["catalog"] = [_rule_plain(rule) for rule in rb.catalog.rules]
    if rb.ladders:
        out["ladders"] = {
            name: [_ladder_plain(rb, f"ladders.{name}[{i}]", ld) for i, ld in enumerate(group)]
            for name, group in rb.ladders.items()
        }
    if rb.routing is not None:
        out["routing"] = [_routing_plain(rule) for rule in rb.routing.rules]
    if rb.authority is not None:
        out["authority"] = _authority_plain(rb.authority)
    if rb.scorecard is not None:
        out["scorecard"] = [_objective_plain(o) for o in rb.scorecard.objectives]
    return out


def _authority_plain(matrix: AuthorityMatrix) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    for rule in matrix.rules:
        r: dict[str, Any] = {"role": rule.role, "action": rule.action}
        if rule.max_amount is not None:
            r["max_amount"] = str(rule.max_amount)
        if rule.limits:
            limits = []
            for limit in rule.limits:
                ld: dict[str, Any] = {"period": limit.period}
                if limit.max_count is not None:
                    ld["max_count"] = limit.max_count
                if limit.max_sum is not None:
                    ld["max_sum"] = str(limit.max_sum)
                if limit.per != "actor":
                    ld["per"] = limit.per
                limits.append(ld)
            r["limits"] = limits
        if rule.conditions:
            r["conditions"] = Condition.to_data(rule.conditions)
        if rule.requires_second_person:
            r["requires_second_person"] = True
        if rule.name:
            r["name"] = rule.name
        if rule.unlimited_ok:
            r["unlimited_ok"] = True
        rules.append(r)
    return {"roles": list(matrix.roles), "zone": matrix.zone, "rules": rules}


def _unit_plain(unit: Unit, language: Literal["en", "zh"]) -> dict[str, Any]:
    u: dict[str, Any] = {}
    if unit.calendar is not None:
        u["calendar"] = unit.calendar
    if unit.answer_within is not None:
        u["answer_within"] = format_duration(unit.answer_within, language=language)
    if unit.description:
        u["description"] = unit.description
    return u


def _tier_plain(i: int, level: Severity) -> dict[str, Any]:
    t: dict[str, Any] = {"code": level.code}
    if level.rank != i:
        t["rank"] = level.rank
    if level.description:
        t["description"] = level.description
    return t


def _promise_plain(rb: Rulebook, i: int, p: Promise, language: Literal["en", "zh"]) -> Any:
    d: dict[str, Any] = {"service": p.service}
    if p.name != p.service:
        d["name"] = p.name
    if p.calendar is not None:
        d["calendar"] = _calendar_name(rb, p.calendar, f"promises[{i}].calendar")
    if p.goal != 0.9:
        d["goal"] = p.goal
    d["milestones"] = {m: _target_plain(t, language) for m, t in p.milestones.items()}
    if p.extensions:
        d["extensions"] = {
            m: [_extension_plain(e, language) for e in exts] for m, exts in p.extensions.items()
        }
    if p.pause_reasons:
        d["pause_reasons"] = list(p.pause_reasons)
    return d


def _extension_plain(ext: Extension, language: Literal["en", "zh"]) -> dict[str, Any]:
    plain = _target_plain(ext.to, language)
    e: dict[str, Any] = (
        {"to": plain["target"], "counting": plain["counting"]}
        if isinstance(plain, dict)
        else {"to": plain}
    )
    for need in ext.requirements:
        e[f"requires_{need}"] = True
    return e


def _rule_plain(rule: CatalogRule) -> dict[str, Any]:
    r: dict[str, Any] = {}
    if rule.when:
        r["when"] = {k: _names_plain(v) for k, v in rule.when}
    r["promise"] = rule.promise
    if rule.calendar is not None:
        r["calendar"] = rule.calendar
    if rule.name:
        r["name"] = rule.name
    return r


def _ladder_plain(rb: Rulebook, where: str, ladder: Ladder) -> dict[str, Any]:
    ld: dict[str, Any] = {"milestone": ladder.milestone}
    if ladder.name != ladder.milestone:
        ld["name"] = ladder.name
    steps = []
    for j, step in enumerate(ladder.steps):
        s: dict[str, Any] = {
            "trigger": _trigger_plain(step.trigger),
            "action": _action_plain(step.action),
        }
        if step.calendar is not None:
            s["calendar"] = _calendar_name(rb, step.calendar, f"{where}.steps[{j}].calendar")
        steps.append(s)
    ld["steps"] = steps
    return ld


def _routing_plain(rule: RoutingRule) -> dict[str, Any]:
    r: dict[str, Any] = {"to": rule.to}
    if rule.kind != "unit":
        r["kind"] = rule.kind
    for key in ("service", "channel", "customer_tier", "language", "branch"):
        names = getattr(rule, key)
        if names:
            r[key] = _names_plain(names)
    for key in ("amount_min", "amount_max"):
        amount = getattr(rule, key)
        if amount is not None:
            r[key] = str(amount)
    if rule.name:
        r["name"] = rule.name
    return r
