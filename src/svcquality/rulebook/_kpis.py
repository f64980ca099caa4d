"""The KPIs a scorecard objective may name, and the reading of their options and targets."""

from __future__ import annotations

import typing
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import get_args

from svcquality import kpi
from svcquality.kpi import Accumulator
from svcquality.rulebook._hooks import read_offset
from svcquality.rulebook._problems import HookError, kind_of

# --------------------------------------------------------------------------- KPIs


#: The KPIs a scorecard objective may name, by their rulebook name (``"service_level"``).
#: The names are the schema: written out here, so renaming a class changes no rulebook.
KPIS: dict[str, type[Accumulator]] = {
    "abandon_rate": kpi.AbandonRate,
    "average_delay": kpi.AverageDelay,
    "average_speed_of_answer": kpi.AverageSpeedOfAnswer,
    "service_level": kpi.ServiceLevel,
    "average_handle_time": kpi.AverageHandleTime,
    "first_contact_resolution": kpi.FirstContactResolution,
    "occupancy": kpi.Occupancy,
    "on_time_rate": kpi.OnTimeRate,
    "promise_compliance": kpi.PromiseCompliance,
    "recording_success": kpi.RecordingSuccess,
    "service_error_rate": kpi.ServiceErrorRate,
    "csat": kpi.CSAT,
    "attrition": kpi.Attrition,
    "complaint_rate": kpi.ComplaintRate,
    "employee_satisfaction": kpi.EmployeeSatisfaction,
}


def kpi_name(accumulator: Accumulator) -> str | None:
    """The rulebook name of the accumulator's KPI (its exact class), or None."""
    return next((name for name, cls in KPIS.items() if cls is type(accumulator)), None)


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
