"""svcquality: the service-level rules of banks as typed, pure Python.

Service promises, business-day SLA calendars, SLA clocks, escalation tiers,
first-responder routing with flexible authority, and service KPIs.
The library never does I/O and never reads the clock: ``now`` is an argument.
"""

from __future__ import annotations

from svcquality import authority, feedback, kpi, presets, routing, staffing
from svcquality._clock_columns import ClockColumns, MilestoneColumns, read_clock_many
from svcquality.authority import (
    AuthorityMatrix,
    AuthorityRequest,
    AuthorityRule,
    Condition,
    Decision,
    Money,
    PeriodLimit,
)
from svcquality.calendars import BusinessCalendar, HolidaySource, Window
from svcquality.clock import (
    ClockReading,
    CycleReading,
    Difference,
    Event,
    Extended,
    Met,
    MilestoneReading,
    Opened,
    Paused,
    Reopened,
    Resolved,
    Resumed,
    Retargeted,
    Status,
    read_clock,
    reread,
)
from svcquality.durations import format_duration, human_duration, parse_duration
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
    RulebookProblem,
    SvcQualityError,
    UntrustedYearError,
)
from svcquality.escalation import (
    AfterDue,
    BeforeDue,
    Consumed,
    DueAction,
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
    due_actions,
    next_due,
)
from svcquality.explain import DeadlineExplanation, explain_deadline
from svcquality.feedback import FeedbackCase, HeatMap, Sample
from svcquality.promises import Catalog, CatalogRule, Extension, Match, Promise, Target
from svcquality.routing import Request, RoutingDecision, RoutingRule, RoutingRules, WorkOrder
from svcquality.rulebook import Rulebook, dump_rulebook, load_rulebook
from svcquality.staffing import erlang_b, erlang_c, plan_day, required_agents

__version__ = "0.1.0.dev0"

__all__ = [
    # calendars
    "BusinessCalendar",
    "HolidaySource",
    "Window",
    # promises and the catalog
    "Target",
    "Promise",
    "Extension",
    "Catalog",
    "CatalogRule",
    "Match",
    "explain_deadline",
    "DeadlineExplanation",
    # the SLA clock
    "Opened",
    "Paused",
    "Resumed",
    "Met",
    "Resolved",
    "Reopened",
    "Retargeted",
    "Extended",
    "Event",
    "read_clock",
    "read_clock_many",
    "reread",
    "ClockColumns",
    "MilestoneColumns",
    "ClockReading",
    "CycleReading",
    "MilestoneReading",
    "Difference",
    "Status",
    # escalation
    "Severity",
    "Tiers",
    "Ladder",
    "Step",
    "Consumed",
    "BeforeDue",
    "AfterDue",
    "OnBreach",
    "Notify",
    "Reassign",
    "GreenChannel",
    "HandToSecondLine",
    "InformCustomer",
    "DueAction",
    "due_actions",
    "next_due",
    # rulebooks, durations and presets
    "load_rulebook",
    "dump_rulebook",
    "Rulebook",
    "RulebookProblem",
    "parse_duration",
    "format_duration",
    "human_duration",
    "presets",
    # routing, work orders and feedback (events in svcquality.routing / .feedback)
    "routing",
    "feedback",
    "Request",
    "WorkOrder",
    "RoutingRule",
    "RoutingRules",
    "RoutingDecision",
    "FeedbackCase",
    "Sample",
    "HeatMap",
    # flexible authority
    "authority",
    "AuthorityMatrix",
    "AuthorityRule",
    "AuthorityRequest",
    "Condition",
    "PeriodLimit",
    "Decision",
    "Money",
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
