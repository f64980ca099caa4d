"""The KPIs a scorecard objective may name, and the reading of their options and targets."""

from __future__ import annotations

import re
import typing
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import get_args

from svcquality import kpi as _kpi
from svcquality.kpi import Accumulator
from svcquality.rulebook._hooks import read_offset
from svcquality.rulebook._problems import HookError, kind_of

# --------------------------------------------------------------------------- KPIs


def snake(name: str) -> str:
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
            out[snake(cls.__name__)] = cls
    return out


#: The KPIs a scorecard objective may name, by their rulebook name (``"service_level"``).
KPIS: dict[str, type[Accumulator]] = _kpis()


def is_duration_option(cls: type[Accumulator], option: str) -> bool:
    try:
        hint = typing.get_type_hints(cls)[option]
    except Exception:  # an unresolvable hint is not a duration
        return False
    return hint is timedelta or timedelta in get_args(hint)


def option_duration(value: object) -> timedelta:
    if isinstance(value, str) and value.strip() in ("0", "0s"):
        return timedelta(0)
    return read_offset(value)


def plain_number(value: object) -> object:
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Decimal):
        return str(value)
    return value


def number_target(value: object) -> object:
    fix = "write a number such as 0.85, '85%', or for a time KPI a duration such as '20s'"
    if isinstance(value, bool):
        raise HookError(f"expected a number, got {kind_of(value)}", fix)
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
    raise HookError(f"expected a number, got {kind_of(value)}", fix)
