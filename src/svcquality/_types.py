"""Literal aliases for the named policies and options, gathered in one place."""

from __future__ import annotations

from typing import Literal

__all__ = [
    "Better",
    "ComplaintBase",
    "ComplianceBasis",
    "Counting",
    "DayBasis",
    "EmployeeShare",
    "FcrMethod",
    "Language",
    "PeriodUnit",
    "ReopenPolicy",
    "RetargetPolicy",
    "ServiceLevelDefinition",
    "StaffingModel",
    "StatusAction",
    "TargetOp",
    "Ties",
    "Weekday",
]

#: The language of a text for people (reasons, descriptions, durations): Chinese or English.
Language = Literal["zh", "en"]

#: How a working-day period is counted (see ``BusinessCalendar.working_day_deadline``).
#: ``"working_days"``: the N-th working day after the deemed receipt day (Civil Code
#: Art. 201: the day of receipt is not counted). ``"calendar_days"``: N calendar days
#: after the receipt day, moved to the next working day when it falls on a closed day
#: (Art. 203). ``"receipt_day_counted"``: the deemed receipt day counts as day 1.
Counting = Literal["working_days", "receipt_day_counted", "calendar_days"]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

#: Which days a calendar's working-day rules count (``BusinessCalendar.weekly(working_days=)``).
#: ``"statutory"`` (default): the statutory working days (工作日) of the calendar's
#: country: its weekdays outside the weekend, minus public holidays, plus the make-up
#: working days (调休上班), whatever the unit's opening hours; Monday to Friday without a
#: country. ``"open"``: the unit's own open days (a date with at least one window), for
#: a unit whose rule really counts its own business days.
DayBasis = Literal["statutory", "open"]

#: The unit of a day period (``BusinessCalendar.period_deadline``, ``Target.days``,
#: ``Target.months``): calendar ``"days"`` (民法典 Art. 201) or ``"months"`` (Art. 202).
PeriodUnit = Literal["days", "months"]

# --------------------------------------------------------------------------- SLA clock

#: Which requests promise compliance counts (``svcquality.kpi.PromiseCompliance``):
#: ``"closed"`` requests only; ``"closed_and_breached_open"`` adds open requests
#: already breached; ``"ever_breached"`` counts every request, compliant when
#: never breached so far; ``"occurrences"`` counts each closed occurrence of the
#: watched milestones (a repeating milestone's, a reply's) instead of requests.
ComplianceBasis = Literal["closed", "closed_and_breached_open", "ever_breached", "occurrences"]

#: What ``Reopened`` does: ``"new_cycle"`` starts every milestone afresh from the
#: reopening; ``"resume"`` continues the last cycle as if resolution had been a pause.
ReopenPolicy = Literal["new_cycle", "resume"]

#: What ``Retargeted`` (a severity change) does to running milestones:
#: ``"keep_elapsed"`` keeps the time used and applies the new target from the
#: cycle's start (a breach it reveals counts from the change); ``"restart"`` starts
#: the new target at the change with nothing used; ``"from_original_start"``
#: measures the new target as if it had applied from the start (a breach may be
#: dated before the change).
RetargetPolicy = Literal["keep_elapsed", "restart", "from_original_start"]

#: What a host status does to the clock (a promise's ``status_rules``):
#: ``"pause"`` (with a reason), ``"resume"``, ``"meet"`` (named milestones),
#: ``"restart"`` (every open milestone afresh) or ``"keep"`` (nothing).
StatusAction = Literal["pause", "resume", "meet", "restart", "keep"]

# --------------------------------------------------------------------------- KPIs

#: Which calls a service level counts (``svcquality.kpi.ServiceLevel``); T is the threshold.
#: ``"offered"``: answered<=T / (answered + abandoned).
#: ``"exclude_early_abandons"``: answered<=T / (answered + abandoned after T).
#: ``"early_abandons_met"``: (answered<=T + abandoned<=T) / (answered + abandoned).
#: ``"answered"``: answered<=T / answered.
ServiceLevelDefinition = Literal[
    "offered", "exclude_early_abandons", "early_abandons_met", "answered"
]

#: How first-contact resolution is judged: ``"survey"`` reads the record's resolved flag;
#: ``"no_repeat"`` counts a contact resolved when the same customer does not come back
#: within the window.
FcrMethod = Literal["survey", "no_repeat"]

#: What a complaint rate per 10,000 is taken over.
ComplaintBase = Literal["customers", "transactions"]

#: Which share of an employee survey is the value: top boxes or bottom boxes.
EmployeeShare = Literal["satisfied", "dissatisfied"]

#: Which way a ranking orders its members: a higher or a lower score is better.
Better = Literal["higher", "lower"]

#: Members tied at the boundary of a ranking group: all ``"include"``d (the group may be
#: larger than its size) or all ``"exclude"``d (it may be smaller). Never split.
Ties = Literal["include", "exclude"]

#: How a scorecard compares a KPI value with its target.
TargetOp = Literal[">=", "<=", ">", "<"]

# --------------------------------------------------------------------------- staffing

#: The queue model behind a staffing plan: ``"erlang_c"`` (M/M/N, callers never hang
#: up) or ``"erlang_a"`` (M/M/N+M, callers hang up after an exponential patience).
StaffingModel = Literal["erlang_c", "erlang_a"]

# --------------------------------------------------------------------------- authority

#: The period a ``PeriodLimit`` counts over, read in the matrix's zone from the
#: request's instant: the local ``"day"``, ISO ``"week"`` (Monday to Sunday), calendar
#: ``"month"`` or ``"year"``; ``"ever"`` counts every grant in the history given.
LimitPeriod = Literal["day", "week", "month", "year", "ever"]

#: Whose grants a ``PeriodLimit`` counts: the same ``"actor"`` (the employee's own
#: limit), the same ``"customer"`` (whoever granted it), or ``"total"`` (every grant of
#: the action in the history).
LimitScope = Literal["actor", "customer", "total"]

#: How a ``Condition`` compares a request attribute with its value.
ConditionOp = Literal["==", "!=", "in", "not_in", "<", "<=", ">", ">="]

__all__ += ["ConditionOp", "LimitPeriod", "LimitScope"]

# --------------------------------------------------------------------------- routing and feedback

#: What a routing rule sends a request to: a named ``"unit"`` (card centre) or a ``"role"``.
RouteKind = Literal["unit", "role"]

#: A stage of the closed feedback loop (接收—分析—处理—反馈—验证) whose event meets a
#: milestone of the case's promise.
FeedbackStage = Literal["received", "analysed", "handled", "fed_back", "verified"]

__all__ += ["FeedbackStage", "RouteKind"]
