"""svcquality: the service-level rules of banks as typed, pure Python.

Service promises, business-day SLA calendars, SLA clocks, escalation tiers,
first-responder routing with flexible authority, and service KPIs.
The library never does I/O and never reads the clock: ``now`` is an argument.
"""

from __future__ import annotations

from svcquality import kpi, staffing
from svcquality.calendars import BusinessCalendar, HolidaySource, Window
from svcquality.errors import (
    AuthorityError,
    CalendarError,
    CatalogError,
    DurationError,
    EventLogError,
    FeedbackError,
    LadderError,
    NaiveDatetimeError,
    ParameterError,
    PromiseError,
    RoutingError,
    RulebookError,
    SvcQualityError,
    UntrustedYearError,
)
from svcquality.staffing import erlang_b, erlang_c, plan_day, required_agents

__version__ = "0.1.0.dev0"

__all__ = [
    # calendars
    "BusinessCalendar",
    "HolidaySource",
    "Window",
    # KPIs and staffing (more in the svcquality.kpi and svcquality.staffing modules)
    "kpi",
    "staffing",
    "erlang_b",
    "erlang_c",
    "plan_day",
    "required_agents",
    # errors
    "AuthorityError",
    "CalendarError",
    "CatalogError",
    "DurationError",
    "EventLogError",
    "FeedbackError",
    "LadderError",
    "NaiveDatetimeError",
    "ParameterError",
    "PromiseError",
    "RoutingError",
    "RulebookError",
    "SvcQualityError",
    "UntrustedYearError",
]
