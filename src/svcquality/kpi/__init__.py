"""Mergeable KPI accumulators and scorecards for bank service quality.

Every KPI is a frozen accumulator: ``add(record)`` and ``add_all(records)``
return a new accumulator, ``merge(other)`` combines partial results
(associative and commutative, ``empty()`` is the identity), ``value`` is the
KPI or None when nothing was measured, and ``rejected`` counts invalid
records by reason. Call KPIs also take columns through ``add_many`` (numpy).

Promise compliance from SLA clock readings is :class:`PromiseCompliance` (over
closed requests, closed plus breached open ones, or ever-breached);
:class:`OnTimeRate` takes the host's own on-time flag instead.
"""

from __future__ import annotations

from svcquality.kpi._base import MISSING, Accumulator, Reasons
from svcquality.kpi._calls import AbandonRate, AverageDelay, AverageSpeedOfAnswer, ServiceLevel
from svcquality.kpi._compliance import PromiseCompliance
from svcquality.kpi._fcr import FirstContactResolution
from svcquality.kpi._presets import seed_objectives, seed_ranking
from svcquality.kpi._ranking import RankedGroups, Ranking
from svcquality.kpi._records import (
    AgentTime,
    Call,
    ComplaintCount,
    Completion,
    Contact,
    CustomerRating,
    EmployeeRating,
    Handling,
    Headcount,
    Recording,
    Score,
    Transaction,
)
from svcquality.kpi._scorecard import Objective, Scorecard, ScoreLine
from svcquality.kpi._shares import (
    CSAT,
    Attrition,
    ComplaintRate,
    EmployeeSatisfaction,
    OnTimeRate,
    RecordingSuccess,
    ServiceErrorRate,
)
from svcquality.kpi._work import AverageHandleTime, Occupancy

__all__ = [
    # records
    "AgentTime",
    "Call",
    "ComplaintCount",
    "Completion",
    "Contact",
    "CustomerRating",
    "EmployeeRating",
    "Handling",
    "Headcount",
    "Recording",
    "Score",
    "Transaction",
    # call KPIs
    "AbandonRate",
    "AverageDelay",
    "AverageSpeedOfAnswer",
    "ServiceLevel",
    # work, resolution, quality
    "AverageHandleTime",
    "FirstContactResolution",
    "Occupancy",
    "OnTimeRate",
    "PromiseCompliance",
    "RecordingSuccess",
    "ServiceErrorRate",
    # surveys, complaints, staff
    "CSAT",
    "Attrition",
    "ComplaintRate",
    "EmployeeSatisfaction",
    "RankedGroups",
    "Ranking",
    # scorecards
    "Objective",
    "ScoreLine",
    "Scorecard",
    "seed_objectives",
    "seed_ranking",
    # protocol
    "MISSING",
    "Accumulator",
    "Reasons",
]
