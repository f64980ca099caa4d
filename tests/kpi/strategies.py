"""Hypothesis strategies for KPI records, shared by the tests of svcquality.kpi."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from svcquality import kpi, testing
from svcquality._instants import from_micros
from svcquality.testing._calls import _CALLS_START, CALL_ZONES

__all__ = [
    "START",
    "ZONES",
    "agent_times",
    "any_records",
    "call_columns",
    "calls",
    "complaint_counts",
    "contacts",
    "headcounts",
    "handlings",
    "scores",
]

#: The start instant and zones of svcquality.testing.calls, so the records these
#: strategies draw sit on the same DST-crossing day (2025-03-09, New York).
START = _CALLS_START
ZONES = CALL_ZONES
_S = 1_000_000

zones = st.sampled_from(ZONES)
#: Waits from -5 s to 60 s in whole and odd microseconds, around the 15 s threshold.
waits = st.one_of(
    st.integers(-5, 60).map(lambda s: s * _S),
    st.integers(-5 * _S, 60 * _S),
)


@st.composite
def call_micros(draw: st.DrawFn) -> tuple[int | None, int | None, int | None]:
    """A call as (arrived, answered, abandoned) epoch microseconds; None where absent."""
    arrived = START + draw(st.integers(0, 86_400 * _S))
    kind = draw(st.sampled_from(["answered", "abandoned", "both", "neither", "no arrival"]))
    w1, w2 = draw(waits), draw(waits)
    if kind == "answered":
        return arrived, arrived + w1, None
    if kind == "abandoned":
        return arrived, None, arrived + w1
    if kind == "both":
        return arrived, arrived + w1, arrived + w2
    if kind == "neither":
        return arrived, None, None
    return None, arrived + w1, None


def _instant(draw: st.DrawFn, us: int | None) -> datetime | None:
    return None if us is None else from_micros(us, draw(zones))


@st.composite
def calls(draw: st.DrawFn, *, broken: bool = True) -> kpi.Call:
    """A Call from ``svcquality.testing.calls``; with ``broken``, also invalid ones,
    and sometimes a field that is not an instant at all."""
    call = draw(testing.calls(invalid=broken))
    if broken and draw(st.integers(0, 9)) == 0:
        field = draw(st.sampled_from(["arrived", "answered", "abandoned"]))
        call = _replace(call, field, "2025-03-09T08:00:00")
    return call


def _replace(call: kpi.Call, field: str, value: object) -> kpi.Call:
    fields = {"arrived": call.arrived, "answered": call.answered, "abandoned": call.abandoned}
    fields[field] = value  # type: ignore[assignment]
    return kpi.Call(**fields)  # type: ignore[arg-type]


@st.composite
def call_columns(
    draw: st.DrawFn,
) -> tuple[list[int | None], list[int | None], list[int | None], list[kpi.Call]]:
    """The same calls as three columns (None where absent) and as Call records."""
    rows = draw(st.lists(call_micros(), max_size=40))
    records = [
        kpi.Call(
            arrived=_instant(draw, a),  # type: ignore[arg-type]
            answered=_instant(draw, b),
            abandoned=_instant(draw, c),
        )
        for a, b, c in rows
    ]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], records


durations: st.SearchStrategy[Any] = st.one_of(
    st.integers(-10, 900).map(lambda s: timedelta(seconds=s)),
    st.integers(0, 10**9).map(lambda us: timedelta(microseconds=us)),
    st.just("90s"),
)


@st.composite
def handlings(draw: st.DrawFn) -> kpi.Handling:
    """A Handling, sometimes with a negative duration or a text instead of one."""
    return kpi.Handling(talk=draw(durations), hold=draw(durations), after_call_work=draw(durations))


@st.composite
def agent_times(draw: st.DrawFn) -> kpi.AgentTime:
    """An AgentTime, sometimes invalid."""
    return kpi.AgentTime(handling=draw(durations), idle=draw(durations))


flags: st.SearchStrategy[Any] = st.sampled_from([True, False, True, None, 1])
counts: st.SearchStrategy[Any] = st.one_of(st.integers(0, 500), st.sampled_from([-1, True, 2.5]))


@st.composite
def contacts(draw: st.DrawFn) -> kpi.Contact:
    """A Contact of one of four customers within a month, in hours; sometimes invalid."""
    hour = draw(st.integers(0, 30 * 24))
    at: Any = from_micros(START + hour * 3600 * _S, draw(zones))
    if draw(st.integers(0, 19)) == 0:
        at = draw(st.sampled_from([at.replace(tzinfo=None), "2025-03-09"]))
    return kpi.Contact(
        customer=draw(st.sampled_from(["c1", "c2", "c3", 4, "", None])),  # type: ignore[arg-type]
        at=at,
        resolved=draw(flags),
        lookahead=draw(st.sampled_from([False, False, False, True])),
    )


@st.composite
def complaint_counts(draw: st.DrawFn) -> kpi.ComplaintCount:
    """A ComplaintCount, sometimes with a negative or non-integer count."""
    return kpi.ComplaintCount(complaints=draw(counts), base=draw(counts))


@st.composite
def headcounts(draw: st.DrawFn) -> kpi.Headcount:
    """A Headcount, sometimes invalid."""
    return kpi.Headcount(opening=draw(counts), closing=draw(counts), leavers=draw(counts))


scores_values = st.one_of(
    st.integers(0, 5),
    st.sampled_from([0.5, 1.0, Fraction(1, 2), Decimal("2"), float("nan"), "high"]),
)


@st.composite
def scores(draw: st.DrawFn) -> kpi.Score:
    """A Score of one of five agents; sometimes conflicting, missing or not a number."""
    member = draw(st.sampled_from(["a01", "a02", "a03", "a04", "a05", ""]))
    return kpi.Score(member=member, value=draw(scores_values))  # type: ignore[arg-type]


def any_records() -> st.SearchStrategy[object]:
    """Any record type, for routing tests."""
    return st.one_of(
        calls(),
        handlings(),
        agent_times(),
        contacts(),
        st.builds(kpi.Recording, flags),
        st.builds(kpi.Transaction, flags),
        st.builds(kpi.Completion, flags),
        st.builds(kpi.CustomerRating, st.integers(0, 6)),
        st.builds(kpi.EmployeeRating, st.integers(0, 6)),
        complaint_counts(),
        headcounts(),
    )
