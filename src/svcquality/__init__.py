"""svcquality: the service-level rules of banks as typed, pure Python.

Service promises, business-day SLA calendars, SLA clocks, escalation tiers,
first-responder routing with flexible authority, and service KPIs.
The library never does I/O and never reads the clock: ``now`` is an argument.

What is flat here and what stays in its module follows one rule: a name is flat
when it reads without its module. That is what a host names to state its rules
(calendars, promises and the catalog, ladders with their triggers and actions,
routing rules, the authority matrix, rulebooks), to feed and read the SLA clock
(its events, ``Event`` among them, and its readings), to run a workflow
(``Request``, ``WorkOrder``, ``FeedbackCase``), to compute (``read_clock``,
``due_actions``, ``read_request``, ``erlang_c``) and to catch (every error). A name that reads only
with its module stays there:

- a family a host picks one member of: the events of routing and feedback
  (``routing.Arrived``, ``feedback.Received``), the KPI accumulators and records
  (``kpi.ServiceLevel``, ``kpi.Call``), the presets (``presets.credit_card_centre``);
- the parts a result or a model hands back: ``authority.Remaining``,
  ``explain.DayNote``, ``staffing.Plan``, ``calendars.WeeklyHours``;
- generic verbs: ``staffing.evaluate``, ``escalation.action_id``;
- option aliases and constants: ``promises.TargetKind``, ``rulebook.SCHEMA_VERSION``.

Every module that ``import svcquality`` loads is in ``__all__`` under its own name,
so ``sq.kpi.ServiceLevel`` needs no import of its own; ``svcquality.testing`` needs
hypothesis and is imported on its own. A name a public module defines is in that
module's ``__all__`` or starts with an underscore. ``tests/test_api.py`` pins all of
this, the error tree with it, so that a change to the API is a deliberate one.
"""

from __future__ import annotations

from svcquality import (
    authority,
    calendars,
    clock,
    durations,
    errors,
    escalation,
    explain,
    feedback,
    kpi,
    presets,
    promises,
    request,
    routing,
    rulebook,
    staffing,
)
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
    ClockColumns,
    ClockReading,
    CustomerMessage,
    CycleReading,
    Difference,
    Event,
    Extended,
    LogEntry,
    Met,
    MilestoneColumns,
    MilestoneReading,
    Opened,
    Paused,
    Reopened,
    Resolved,
    Resumed,
    Retargeted,
    Status,
    StatusChanged,
    read_clock,
    read_clock_many,
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
from svcquality.explain import DeadlineExplanation, DueExplanation, explain_deadline, explain_due
from svcquality.feedback import FeedbackCase, HeatMap, Sample
from svcquality.promises import (
    Catalog,
    CatalogRule,
    Extension,
    Match,
    Promise,
    StatusRule,
    Target,
)
from svcquality.request import RequestReading, moved_requests, read_request, with_rule_changes
from svcquality.routing import Request, RoutingDecision, RoutingRule, RoutingRules, WorkOrder
from svcquality.rulebook import Rulebook, dump_rulebook, load_rulebook
from svcquality.staffing import erlang_b, erlang_c, plan_day, required_agents

__version__ = "0.1.0.dev0"

__all__ = [
    # the modules, each the namespace of the names that stay in it
    "authority",
    "calendars",
    "clock",
    "durations",
    "errors",
    "escalation",
    "explain",
    "feedback",
    "kpi",
    "presets",
    "promises",
    "request",
    "routing",
    "rulebook",
    "staffing",
    # calendars
    "BusinessCalendar",
    "HolidaySource",
    "Window",
    # promises and the catalog
    "Target",
    "Promise",
    "Extension",
    "StatusRule",
    "Catalog",
    "CatalogRule",
    "Match",
    "explain_deadline",
    "DeadlineExplanation",
    "explain_due",
    "DueExplanation",
    # the SLA clock
    "Opened",
    "Paused",
    "Resumed",
    "Met",
    "CustomerMessage",
    "Resolved",
    "Reopened",
    "Retargeted",
    "Extended",
    "LogEntry",
    "StatusChanged",
    "Event",
    "read_clock",
    "read_clock_many",
    "reread",
    "moved_requests",
    "with_rule_changes",
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
    # rulebooks and durations (ready rulebooks in svcquality.presets)
    "load_rulebook",
    "dump_rulebook",
    "Rulebook",
    "RulebookProblem",
    "parse_duration",
    "format_duration",
    "human_duration",
    # routing, work orders and feedback (their events in svcquality.routing / .feedback)
    "Request",
    "WorkOrder",
    "RoutingRule",
    "RoutingRules",
    "RoutingDecision",
    "FeedbackCase",
    "Sample",
    "HeatMap",
    # one request, one log: every reader at once (svcquality.request)
    "read_request",
    "RequestReading",
    # flexible authority
    "AuthorityMatrix",
    "AuthorityRule",
    "AuthorityRequest",
    "Condition",
    "PeriodLimit",
    "Decision",
    "Money",
    # staffing (the KPIs are in svcquality.kpi)
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
