"""The readers of plain values (cattrs structure hooks): text in, model values out."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any, NewType, get_args

import cattrs

from svcquality._fields import amount_of, shown
from svcquality.authority import Condition, Money
from svcquality.calendars import HolidaySource, WeeklyHours
from svcquality.calendars._calendar import to_date, to_zone
from svcquality.calendars._hours import is_always_text, parse_windows
from svcquality.errors import (
    CalendarError,
    SvcQualityError,
)
from svcquality.promises import ATTRIBUTES as CATALOG_ATTRIBUTES
from svcquality.promises import (
    Target,
)
from svcquality.rulebook._problems import Below, HookError, NestedError, hint, kind_of

# --------------------------------------------------------------------------- plain types

Name = NewType("Name", str)
Share = NewType("Share", float)
Windows = NewType("Windows", str)
Years = NewType("Years", tuple[int, int])
TriggerT = NewType("TriggerT", object)
ActionT = NewType("ActionT", object)
When = NewType("When", dict[str, tuple[str, ...]])
Names = NewType("Names", tuple[str, ...])
#: A routing amount bound: a plain Decimal, or Money when the text names a currency.
Amount = NewType("Amount", object)
Conditions = NewType("Conditions", tuple[Condition, ...])


def read_text(value: object, _: object = None) -> str:
    if not isinstance(value, str):
        raise HookError(f"expected text, got {kind_of(value)}", "write it as text (in quotes)")
    return value


def read_name(value: object, _: object = None) -> str:
    text = read_text(value)
    if not text.strip() or any(c.isspace() for c in text):
        raise HookError(
            f"{shown(text)} is not a name: a name is text without spaces",
            "write a name such as 'loss_report' or '信用卡中心' (use _ instead of spaces)",
        )
    return text


def read_int(value: object, _: object = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise HookError(
            f"expected a whole number, got {kind_of(value)}", "write a number such as 1"
        )
    return value


def read_float(value: object, _: object = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise HookError(f"expected a number, got {kind_of(value)}", "write a number such as 0.9")
    return float(value)


def read_share(value: object, _: object = None) -> float:
    if isinstance(value, str) and value.strip().endswith("%"):
        with contextlib.suppress(InvalidOperation):
            value = float(Decimal(value.strip()[:-1]) / 100)
    number = read_float(value) if not isinstance(value, str) else None
    if number is None or not 0 < number <= 1:
        raise HookError(
            f"expected a share in (0, 1], got {kind_of(value)}",
            "write a share such as 0.9 or '90%'",
        )
    return number


def read_target(value: object, _: object = None) -> Target:
    if not isinstance(value, str):
        raise HookError(
            f"a duration is text, got {kind_of(value)}",
            "write a duration such as '4h', '1 business hour', '3 working days' or '3个工作日'",
        )
    try:
        return Target.parse(value)
    except SvcQualityError as exc:
        first = str(exc).splitlines()[0]
        raise HookError(
            first,
            "write a duration such as '15s', '4h', '1 business hour', '3 working days', "
            "'same business day', 'T+1', '24小时', '3个工作日' or '当日'",
        ) from None


def read_offset(value: object) -> timedelta:
    target = read_target(value)
    if target.duration is None:
        raise HookError(
            f"{shown(value)} is not a length of time",
            "write a length such as '1h' or '30min' (working days are not an offset)",
        )
    return target.duration


_HOURS_FIX = (
    "write hours as a mapping such as {'mon-fri': '09:00-12:00, 13:30-17:00', "
    "'sat': '09:00-12:00'} (keys mon..sun, ranges like 'mon-fri', 'daily'; windows "
    "'HH:MM-HH:MM', '24h' or 'closed'), or '24x7'"
)


def read_hours(value: object, _: object = None) -> WeeklyHours:
    if isinstance(value, Mapping) or is_always_text(value):
        try:
            return WeeklyHours.parse(value)
        except SvcQualityError as exc:
            raise HookError(str(exc), _HOURS_FIX) from None
    raise HookError(f"expected weekly hours, got {kind_of(value)}", _HOURS_FIX)


def read_zone(value: object, _: object = None) -> tzinfo:
    text = read_text(value)
    try:
        return to_zone(text)
    except SvcQualityError as exc:
        raise HookError(str(exc), "write an IANA zone name such as 'Asia/Shanghai'") from None


def read_holidays(value: object, _: object = None) -> HolidaySource:
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
                raise HookError(f"unknown holiday keys {shown(unknown)}", fix)
            cats = value.get("categories", ())
            if isinstance(cats, str) or not isinstance(cats, list | tuple):
                raise HookError(f"categories must be a list, got {kind_of(cats)}", fix)
            subdiv = value.get("subdiv")
            return HolidaySource(
                read_text(value.get("country")),
                None if subdiv is None else read_text(subdiv),
                tuple(read_text(c) for c in cats),
                bool(value.get("financial", False)),
            )
    except SvcQualityError as exc:
        raise HookError(str(exc), fix) from None
    except Exception as exc:  # the holidays package refuses bad codes its own way
        if isinstance(exc, HookError):
            raise
        raise HookError(f"unknown holiday source {shown(value)} ({exc})", fix) from None
    raise HookError(f"expected a holiday source, got {kind_of(value)}", fix)


def read_date(value: object, _: object = None) -> date:
    """A date as the calendar reads one (:func:`to_date`), in the rulebook's words."""
    try:
        return to_date(value, "date")
    except CalendarError:
        raise HookError(
            f"expected a date, got {kind_of(value)}", "write an ISO date such as '2025-10-01'"
        ) from None


def read_instant(value: object, _: object = None) -> datetime:
    """An instant with its offset: ISO text such as ``2026-01-01T00:00+08:00``, or
    the aware datetime a TOML or YAML loader returns for it."""
    fix = "write an ISO instant with its offset, such as '2026-01-01T00:00+08:00'"
    instant = value
    if isinstance(value, str):
        try:
            instant = datetime.fromisoformat(value.strip())
        except ValueError:
            raise HookError(f"{shown(value)} is not an ISO instant", fix) from None
    if not isinstance(instant, datetime):
        raise HookError(f"expected an instant, got {kind_of(value)}", fix)
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise HookError(
            f"{shown(value)} has no offset, so the instant depends on where it is read", fix
        )
    return instant


def read_windows(value: object, _: object = None) -> str:
    try:
        windows = parse_windows(read_text(value), where="special_hours")
    except SvcQualityError as exc:
        raise HookError(str(exc), "write windows such as '09:00-12:00' or 'closed'") from None
    return ", ".join(str(w) for w in windows) or "closed"


def read_years(value: object, _: object = None) -> tuple[int, int]:
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 2 <= value[0] <= value[1] <= 9998
    ):
        return int(value[0]), int(value[1])
    raise HookError(
        f"expected the first and last trusted year, got {kind_of(value)}",
        "write years: [2020, 2026] (both years included)",
    )


#: The attributes a catalog rule's ``when`` tests by names (the amount by a range).
_WHEN = tuple(a for a in CATALOG_ATTRIBUTES if a != "amount")


def read_when(value: object, _: object = None) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise HookError(
            f"expected conditions, got {kind_of(value)}",
            "write conditions such as {'service': 'loss_report', 'severity': ['I', 'II']}",
        )
    out: dict[str, tuple[str, ...]] = {}
    items: list[tuple[Below, BaseException]] = []
    for key, raw in value.items():
        if key == "amount":
            items.append(
                (
                    key,
                    HookError(
                        "the amount is not tested by names",
                        "test it with amount_min and amount_max beside 'when' "
                        "(the range [amount_min, amount_max))",
                    ),
                )
            )
            continue
        if key not in _WHEN:
            items.append(
                (
                    str(key),
                    HookError(
                        f"unknown attribute {shown(key)}",
                        f"{hint(key, _WHEN)}a rule may test "
                        f"{', '.join(_WHEN)} (and amount_min/amount_max beside 'when')",
                    ),
                )
            )
            continue
        try:
            out[key] = read_names(raw)
        except HookError as exc:
            items.append((key, exc))
    if items:
        raise NestedError(items)
    return out


def read_names(value: object, _: object = None) -> tuple[str, ...]:
    if isinstance(value, str):
        return (read_name(value),)
    if isinstance(value, list | tuple) and value:
        return tuple(read_name(v) for v in value)
    raise HookError(
        f"expected a name or a list of names, got {kind_of(value)}",
        "write a name such as 'loss_report' or a list such as ['I', 'II']",
    )


def read_amount(value: object, _: object = None) -> Decimal | Money:
    fix = (
        "write an amount as text such as '5000.00' or 'CNY 5000', or a whole number "
        "(floats are not exact)"
    )
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise HookError(f"expected an amount, got {kind_of(value)}", fix)
    if isinstance(value, str) and any(c.isalpha() or c == "元" for c in value):
        try:
            return Money.parse(value)
        except SvcQualityError:
            pass
    try:
        return amount_of(value, "amount", SvcQualityError)
    except SvcQualityError:
        raise HookError(f"{shown(value)} is not an amount", fix) from None


def read_bool(value: object, _: object = None) -> bool:
    if not isinstance(value, bool):
        raise HookError(f"expected true or false, got {kind_of(value)}", "write true or false")
    return value


def read_money(value: object, _: object = None) -> Money:
    fix = "write an amount with its currency as text, such as 'CNY 5000' or '5000元'"
    if not isinstance(value, str):
        raise HookError(f"expected an amount of money, got {kind_of(value)}", fix)
    try:
        money = Money.parse(value)
    except (SvcQualityError, ArithmeticError) as exc:
        raise HookError(str(exc), fix) from None
    if money.amount < 0 or not money.amount.is_finite():
        raise HookError(f"{shown(value)} is not an amount a limit can be", fix)
    return money


def _scalar(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, str | int)


def read_conditions(value: object, _: object = None) -> tuple[Condition, ...]:
    fix = (
        "write conditions as attribute: value, or attribute: {operator: value}, e.g. "
        "{'first_statement_received': false, 'months_on_book': {'>=': 6}}; values are text, "
        "numbers or true/false, and a list of them for 'in' / 'not_in'"
    )
    if not isinstance(value, Mapping):
        raise HookError(f"expected conditions, got {kind_of(value)}", fix)
    try:
        conditions = Condition.from_data(value)
    except SvcQualityError as exc:
        raise HookError(str(exc), fix) from None
    for cond in conditions:
        values = cond.value if isinstance(cond.value, tuple) else (cond.value,)
        if not isinstance(cond.attribute, str) or not all(_scalar(v) for v in values):
            raise HookError(f"condition {cond} has a value that is not plain", fix)
    return conditions


def literal_hook(tp: Any) -> Callable[[object, object], object]:
    choices = get_args(tp)

    def hook(value: object, _: object = None) -> object:
        if isinstance(value, str) and value in choices:
            return value
        listed = ", ".join(map(repr, choices))
        raise HookError(
            f"{shown(value)} is not one of {listed}", f"{hint(value, choices)}use one of {listed}"
        )

    return hook


def list_hook(tp: Any, conv: cattrs.Converter) -> Callable[[object, object], object]:
    item = (get_args(tp) or (Any,))[0]  # list[X] or tuple[X, ...]

    def hook(value: object, _: object = None) -> object:
        if not isinstance(value, list | tuple):
            raise HookError(f"expected a list, got {kind_of(value)}", "write a list: [..., ...]")
        out: list[object] = []
        items: list[tuple[Below, BaseException]] = []
        for i, v in enumerate(value):
            try:
                out.append(conv.structure(v, item))
            except Exception as exc:  # noqa: PERF203 - collected with its index
                items.append((i, exc))
        if items:
            raise NestedError(items)
        return out

    return hook


def dict_hook(tp: Any, conv: cattrs.Converter) -> Callable[[object, object], object]:
    key_type, item = get_args(tp) or (str, Any)

    def hook(value: object, _: object = None) -> object:
        if not isinstance(value, Mapping):
            raise HookError(
                f"expected a mapping, got {kind_of(value)}", "write a mapping: {key: ...}"
            )
        out: dict[object, object] = {}
        items: list[tuple[Below, BaseException]] = []
        for k, v in value.items():
            seg = k if isinstance(k, str) else repr(k)
            try:
                key = read_date(k) if key_type is date else read_name(k)
                out[key] = conv.structure(v, item)
            except Exception as exc:
                items.append((seg, exc))
        if items:
            raise NestedError(items)
        return out

    return hook
