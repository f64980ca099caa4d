"""The fuzz suite, continued: the models a host builds and the logs it keeps.

The same law as ``test_entry_points.py`` (``tests/fuzz/laws.py``): escalation
actions, steps, ladders and tiers built from junk; routing requests and
feedback cases read from random logs (out of order, repeated events, ids with
invisible characters, instants at the ends of time); the explanations of a
deadline and of a live due; duration text for people. Each call returns or
raises an :class:`~svcquality.SvcQualityError` with a short message, in time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from tests.fuzz import strategies as fz
from tests.fuzz.laws import call, fuzz, run

import svcquality as sq
from svcquality import escalation, explain, feedback, routing

_LANGUAGES = fz.values(st.sampled_from(["zh", "en", "fr", "ZH"]))

# --------------------------------------------------------------------------- durations for people


@fuzz(200)
@given(fz.lengths, _LANGUAGES)
def test_human_duration(d: Any, language: Any) -> None:
    """Lengths of time as people read them, from a microsecond to ``timedelta.max``."""
    text, _ = call("human_duration", sq.human_duration, d, language=language)
    if text is not None:
        assert isinstance(text, str)


@fuzz(200)
@given(
    st.sampled_from(fz.TARGET_RECIPES).flatmap(lambda r: st.tuples(st.just(r[0]), r[1])),
    _LANGUAGES,
)
def test_format_duration(target: tuple[Any, tuple[Any, ...]], language: Any) -> None:
    """A target written as text reads back as the same target, or is refused as
    longer than the grammar reads (``Target.wall(timedelta.max)`` is a target)."""
    make, args = target
    built, _ = call(f"Target.{make.__name__}", make, *args)
    if built is None:
        return
    text, _ = call("format_duration", sq.format_duration, built, language=language)
    if text is not None and language == "en":
        back, message = call("parse_duration", sq.parse_duration, text)
        assert back == built or "longer than" in message, (text, back, message)


# --------------------------------------------------------------------------- escalation models

_ROLES = fz.values(fz.texts(st.sampled_from(["supervisor", "lobby_manager", "二线", "tmpl-1"])))
_ACTION_CLASSES = (
    escalation.Notify,
    escalation.Reassign,
    escalation.GreenChannel,
    escalation.HandToSecondLine,
    escalation.InformCustomer,
)


@fuzz(200)
@given(
    st.sampled_from(_ACTION_CLASSES),
    _ROLES,
    fz.values(st.sampled_from([sq.OnBreach(), sq.Consumed(0.8), sq.BeforeDue(timedelta(1))])),
    fz.values(st.one_of(st.none(), fz.calendars, st.just("branch"))),
    fz.values(fz.texts(st.sampled_from(["respond", "resolve"]))),
    fz.values(fz.texts(st.just("夜间"))),
)
def test_escalation_models(  # noqa: PLR0917 (one per strategy)
    action: Any, role: Any, trigger: Any, calendar: Any, milestone: Any, name: Any
) -> None:
    """Actions, steps and ladders built from junk (``None``, ``""``, ``5``, ``[1]``, a
    calendar's name)."""
    built, _ = call(action.__name__, action, role)
    step, _ = call("Step", escalation.Step, trigger, built, calendar=calendar)
    call("Ladder", escalation.Ladder, milestone, [step] if step else step, name=name)


_SEVERITY = st.tuples(
    fz.values(fz.texts(st.sampled_from(["I", "II", "III", "EMERGENCY"]))),
    fz.values(st.integers(-3, 10)),
    fz.values(fz.texts(st.just("紧急"))),
)


@fuzz(150)
@given(st.lists(_SEVERITY, max_size=5), fz.values(st.text(max_size=4)), fz.values(st.just("I")))
def test_tiers(levels: list[tuple[Any, Any, Any]], a: Any, b: Any) -> None:
    """Severity tiers from junk codes and ranks, and comparisons of any two codes."""

    def go() -> object:
        tiers = escalation.Tiers([escalation.Severity(*level) for level in levels])
        tiers.ordered()
        return tiers.more_urgent(a, b)

    run("Tiers", go, levels)


# --------------------------------------------------------------------------- routing

_T0 = datetime(2025, 6, 3, 9, 0, tzinfo=fz.ZONES[1])
_CALENDARS = {
    "branch": sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai", holidays="CN"
    ),
    "card_centre": sq.BusinessCalendar.always_open(zone="Asia/Shanghai"),
}
_IDS = fz.values(
    st.one_of(
        st.sampled_from(["王敏", "李强", "A1024", "Ａ1024", "A1024 ", "A\u200b1024", "WO-1"]),
        fz.texts(st.just("WO-1")),
    )
)
_UNITS = fz.values(st.sampled_from(["branch", "card_centre", "branch_counter", "nowhere", " "]))


@st.composite
def _times(draw: st.DrawFn, n: int) -> list[Any]:
    """``n`` instants after T0, in order most of the time, else shuffled or extreme."""
    steps = draw(st.lists(st.integers(0, 3_000), min_size=n, max_size=n))
    out: list[Any] = []
    t = _T0
    for s in steps:
        t += timedelta(minutes=s)
        out.append(t)
    if out and draw(st.integers(0, 4)) == 0:
        out[draw(st.integers(0, n - 1))] = draw(fz.instants)
    if draw(st.integers(0, 5)) == 0:
        out = draw(st.permutations(out))
    return out


_TEXT = fz.values(fz.texts(st.just("客户咨询信用卡积分问题")))
_TARGETS = st.sampled_from([sq.Target.wall(timedelta(hours=24)), sq.Target.working_days(1)])
#: A routing event as a recipe: its class and its arguments after ``at``.
_ROUTING_EVENT: st.SearchStrategy[tuple[Any, tuple[Any, ...]]] = st.one_of(
    st.tuples(st.just(routing.Taken), st.tuples(_IDS, _UNITS)),
    st.tuples(st.just(routing.HandoverOffered), st.tuples(_IDS, _UNITS)),
    st.tuples(st.just(routing.HandoverAccepted), st.tuples(_IDS)),
    st.tuples(st.just(routing.HandoverRejected), st.tuples(_IDS, _TEXT)),
    st.tuples(st.just(routing.HandoverWithdrawn), st.just(())),
    st.tuples(st.just(routing.NoteAdded), st.tuples(_IDS, _TEXT, _IDS)),
    st.tuples(st.just(routing.WorkOrderIssued), st.tuples(_IDS, _UNITS, _TEXT, _TARGETS)),
    st.tuples(st.just(routing.WorkOrderAnswered), st.tuples(_IDS, _IDS, _TEXT)),
    st.tuples(st.just(routing.Closed), st.just(())),
    st.tuples(st.just(routing.Arrived), st.just(())),
    st.tuples(st.just(None), st.tuples(fz.junk)),  # not an event
)


@st.composite
def _log(
    draw: st.DrawFn, events: st.SearchStrategy[tuple[Any, tuple[Any, ...]]], first: tuple[Any, ...]
) -> list[Any]:
    """A log as recipes ``(class, at, *arguments)``, built inside the call under test:
    ``first`` (most of the time), then random events at random instants."""
    n = draw(st.integers(0, 8))
    out: list[Any] = [] if draw(st.integers(0, 6)) == 0 else [first]
    drawn = draw(st.lists(events, min_size=n, max_size=n))
    out.extend((cls, at, *args) for (cls, args), at in zip(drawn, draw(_times(n)), strict=True))
    return out


def _built(recipes: list[Any]) -> list[Any]:
    """The events of ``_log`` recipes (a recipe without a class is its junk value)."""
    return [cls(*args) if cls is not None else args[-1] for cls, *args in recipes]


@fuzz(150)
@given(
    _log(_ROUTING_EVENT, (routing.Arrived, _T0)),
    fz.instants,
    fz.values(st.sampled_from(list(_CALENDARS.values()))),
)
def test_routing_request(log: list[Any], now: Any, calendar: Any) -> None:
    """A request read from its log: the owner, the handovers, the work orders and the
    time to own; a work order always carries its problem."""

    def go() -> object:
        request = routing.Request("REQ-1", calendars=_CALENDARS, log=_built(log))
        request.owners, request.state, request.trail, request.pending_handover  # noqa: B018
        for order in request.work_orders:
            assert isinstance(order.problem, str)
            order.reading(now)
        return request.time_to_own(sq.Target.wall(timedelta(minutes=5)), now, calendar=calendar)

    run("Request", go, log)


@fuzz(150)
@given(_IDS, _UNITS, fz.values(fz.texts(st.just("积分未到账"))), fz.instants)
def test_work_order_issued(order: Any, unit: Any, problem: Any, at: Any) -> None:
    """WorkOrderIssued with any id, unit, problem and instant."""
    call(
        "WorkOrderIssued",
        routing.WorkOrderIssued,
        at,
        order,
        unit,
        "need",
        sq.Target.wall(timedelta(hours=24)),
        problem=problem,
    )


# --------------------------------------------------------------------------- feedback

_FEEDBACK_PROMISE = sq.Promise(
    "feedback_III",
    {"follow_up": sq.Target.working_days(1), "result": sq.Target.working_days(7)},
    calendar=_CALENDARS["branch"],
)
_FEEDBACK_EVENTS = (
    feedback.Received,
    feedback.Analysed,
    feedback.Handled,
    feedback.FedBack,
    feedback.Apologised,
)


_NOTE = fz.values(st.just("已致电客户"))
_FEEDBACK_EVENT: st.SearchStrategy[tuple[Any, tuple[Any, ...]]] = st.one_of(
    st.tuples(st.sampled_from(_FEEDBACK_EVENTS), st.tuples(_NOTE)),
    st.tuples(st.just(feedback.Verified), st.tuples(fz.values(st.booleans()))),
    st.tuples(st.just(None), st.tuples(fz.junk)),
)


@fuzz(150)
@given(
    _log(_FEEDBACK_EVENT, (feedback.Received, _T0, "")),
    fz.instants,
    fz.values(st.sampled_from([{"follow_up": "analysed", "result": "fed_back"}, {"x": "y"}])),
    fz.values(fz.texts(st.just("TS-202506-0003"))),
)
def test_feedback_case(log: list[Any], now: Any, met_by: Any, case_id: Any) -> None:
    """A feedback case read from a random log, and its readings at any instant."""

    def go() -> object:
        case = feedback.FeedbackCase(case_id, _FEEDBACK_PROMISE, log=_built(log), met_by=met_by)
        case.state, case.stages, case.is_resolved, case.closed_at  # noqa: B018
        case.apology_reading(now)
        return case.reading(now)

    run("FeedbackCase", go, log)


_AXIS_VALUES = fz.values(fz.texts(st.sampled_from(["信用卡", "流程繁琐", "gold"])))


@fuzz(150)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just(feedback.FeedbackRecord), _AXIS_VALUES, _AXIS_VALUES, _AXIS_VALUES),
            st.tuples(st.just(None), fz.junk),
        ),
        max_size=8,
    ),
    fz.values(st.integers(-2, 20)),
    fz.values(st.sampled_from([*feedback.AXES, "tier"])),
    fz.values(st.one_of(st.floats(0, 1), st.fractions(0, 1))),
    fz.values(st.one_of(st.text(max_size=8), st.integers())),
    st.lists(fz.values(st.text(max_size=8)), max_size=5),
)
def test_heat_map_and_sample(  # noqa: PLR0917 (one per strategy)
    records: list[Any], k: Any, axis: Any, rate: Any, seed: Any, ids: list[Any]
) -> None:
    """The heat map fed any record, and the re-check sample at any rate and seed."""

    def heat() -> object:
        hm = feedback.HeatMap().add_all(_built(records))
        hm.merge(hm).marginals()
        hm.marginal(axis)
        return hm.top_k(k)

    run("HeatMap", heat, records)

    def sample() -> object:
        s = feedback.Sample(rate, seed=seed)
        return s.select(ids)

    run("Sample", sample, (rate, seed, ids))


# --------------------------------------------------------------------------- explanations


@fuzz(80)
@given(
    fz.promise_and_log(),
    fz.values(fz.texts(st.sampled_from(["respond", "resolve"]))),
    _LANGUAGES,
)
def test_explain_due(drawn: Any, milestone: Any, language: Any) -> None:
    """Why a live milestone is due then, over random logs, in both languages."""
    promise, recipes, now = drawn

    def go() -> object:
        first = next(iter(promise.milestones))
        name = milestone if milestone not in ("respond", "resolve") else first
        explanation = explain.explain_due(promise, fz.build(recipes), now, name)
        return explanation.text(language=language)

    run("explain_due", go, (recipes, milestone))


@fuzz(100)
@given(
    st.sampled_from(fz.TARGET_RECIPES).flatmap(lambda r: st.tuples(st.just(r[0]), r[1])),
    fz.instants,
    fz.values(fz.calendars),
    _LANGUAGES,
)
def test_explain_deadline(
    target: tuple[Any, tuple[Any, ...]], received: Any, calendar: Any, language: Any
) -> None:
    """Why a deadline falls where it does, from any target and instant."""
    make, args = target

    def go() -> object:
        explanation = explain.explain_deadline(make(*args), received, calendar)
        return explanation.text(language=language)

    run("explain_deadline", go, (args, received))
