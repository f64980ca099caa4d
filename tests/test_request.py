"""Tests of svcquality.request: one request, one log, and read_request over it.

The laws: each reader on the one log equals it on its own events, and
read_request's parts equal the separate readers for the same log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.common import SH

import svcquality as sq
from svcquality import EventLogError, LadderError, RoutingError, Target
from svcquality._logs import reader_of
from svcquality.clock import Met, Opened, Paused, Reopened, Resolved, Resumed
from svcquality.feedback import (
    Analysed,
    FedBack,
    FeedbackCase,
    Handled,
    Received,
    Verified,
)
from svcquality.request import RequestReading, WorkOrderReading
from svcquality.routing import (
    Arrived,
    Closed,
    NoteAdded,
    Request,
    Taken,
    WorkOrderAnswered,
    WorkOrderIssued,
)
from svcquality.testing import request_logs

T0 = datetime(2025, 6, 3, 10, 0, tzinfo=SH)  # a Tuesday morning at the branch counter
CARD_CENTRE = sq.BusinessCalendar.always_open(zone="Asia/Shanghai", name="信用卡中心")
BRANCH = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN", name="网点"
)
CALENDARS = {"card_centre": CARD_CENTRE}
#: A same-day promise at the branch: answer within 30 business minutes, resolve today.
SAME_DAY = sq.Promise(
    service="card_points",
    milestones={
        "respond": Target.business(timedelta(minutes=30)),
        "resolve": Target.working_days(0),
    },
    calendar=BRANCH,
)
LADDERS = [
    sq.Ladder(
        milestone="resolve",
        steps=[
            sq.Step(sq.Consumed(0.5), sq.Notify("branch_manager")),
            sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),
        ],
    )
]
H24 = Target.wall(timedelta(hours=24))


def m(minutes: float) -> datetime:
    """The instant ``minutes`` after T0."""
    return T0 + timedelta(minutes=minutes)


def card_points_log() -> list[object]:
    """客户咨询信用卡积分问题: the counter takes it, a 24 h work order goes to the card
    centre, and the customer's complaint goes round the loop in the same log."""
    return [
        Opened(m(0), service="card_points", channel="counter", customer_tier="mass"),
        Taken(m(1), "柜员王敏", "branch_counter"),
        Met(m(3), "respond"),
        WorkOrderIssued(m(5), "WO-1", "card_centre", "积分未到账，请核查", H24),
        Received(m(6)),
        NoteAdded(m(7), "柜员王敏", "客户要求当日答复", order="WO-1"),
        Analysed(m(20)),
        WorkOrderAnswered(m(90), "WO-1", "card_centre", "积分已补记"),
        Handled(m(95)),
        FedBack(m(100), via="sms"),
        Verified(m(120), satisfied=True),
        Resolved(m(125)),
    ]


def read(log: list[object], now: datetime) -> RequestReading:
    return sq.read_request(
        SAME_DAY, log, now, request="REQ-1", calendars=CALENDARS, ladders=LADDERS
    )


class TestCardPointsScenario:
    """The seed's card-points question, read at several instants."""

    def test_beyond_promise(self) -> None:
        """A 24 h work order behind a same-day promise is flagged on its reading."""
        r = read(card_points_log(), m(60))
        wo = r.work_orders["WO-1"]
        assert isinstance(wo, WorkOrderReading)
        assert wo.due == m(5) + timedelta(hours=24)
        assert wo.status is sq.Status.RUNNING
        assert wo.customer_due == datetime(2025, 6, 3, 17, 0, tzinfo=SH)
        assert wo.beyond_promise is True
        assert r.beyond_promise == ("WO-1",)

    def test_within_promise(self) -> None:
        """A 2 h work order on a same-day promise issued in the morning is not flagged."""
        log = card_points_log()
        log[3] = WorkOrderIssued(
            m(5), "WO-1", "card_centre", "积分", Target.wall(timedelta(hours=2))
        )
        wo = read(log, m(60)).work_orders["WO-1"]
        assert wo.due == m(125)
        assert wo.beyond_promise is False

    def test_every_part(self) -> None:
        """Owner, the loop's stage, the work order met, and the clock, at one instant."""
        log = card_points_log()
        r = read(log, m(110))
        assert r.request == "REQ-1"
        assert r.owner == sq.routing.Owner("柜员王敏", "branch_counter", m(1))
        assert r.handovers == ()
        assert r.attributes == {
            "service": "card_points",
            "channel": "counter",
            "customer_tier": "mass",
        }
        assert r.stage == "fed_back"
        assert r.work_orders["WO-1"].status is sq.Status.MET
        assert [n.text for n in r.trail] == ["客户要求当日答复", "积分已补记"]
        assert r.clock.milestones["respond"].status is sq.Status.MET
        assert r.clock.milestones["resolve"].status is sq.Status.RUNNING

    def test_resolved(self) -> None:
        """After Verified and Resolved: the loop is closed, routing and the clock too."""
        r = read(card_points_log(), m(200))
        assert r.stage == "closed"
        assert r.routing.state == "closed"
        assert r.routing.closed_at == m(125)
        assert r.clock.state == "resolved"
        assert r.next_due is None
        assert r.work_orders["WO-1"].customer_due is None
        assert r.work_orders["WO-1"].beyond_promise is False

    def test_before_the_loop(self) -> None:
        """No loop events up to now: no stage and no feedback case."""
        r = read(card_points_log(), m(5))
        assert r.stage is None
        assert r.feedback is None

    @pytest.mark.parametrize("minutes", [0, 2, 35, 60, 110, 200, 60 * 24 * 3])
    def test_equals_the_separate_readers(self, minutes: int) -> None:
        """Each part is what its own reader gives for the same log."""
        log = card_points_log()
        now = m(minutes)
        r = read(log, now)
        assert r.clock == sq.read_clock(SAME_DAY, log, now)
        assert r.due_actions == sq.due_actions(SAME_DAY, LADDERS, log, now, request="REQ-1")
        assert r.next_due == sq.next_due(SAME_DAY, LADDERS, log, now, request="REQ-1")
        past = [e for e in log if e.at <= now]  # type: ignore[attr-defined]
        routing = Request("REQ-1", calendars=CALENDARS, log=past)  # type: ignore[arg-type]
        assert r.owner == routing.owner
        assert r.routing.work_orders == routing.work_orders
        assert {k: w.clock for k, w in r.work_orders.items()} == {
            k: o.reading(now) for k, o in routing.work_orders.items()
        }

    def test_escalation_actions_carry_the_request(self) -> None:
        """The half-consumed step fires with the request's id; the breach after 17:00."""
        r = read(card_points_log()[:7], m(300))  # up to Analysed: nothing resolved
        assert [a.id for a in r.due_actions] == ["REQ-1/0/resolve/0"]
        assert r.due_actions[0].trigger_at == datetime(2025, 6, 3, 14, 15, tzinfo=SH)
        assert r.next_due == datetime(2025, 6, 3, 17, 0, tzinfo=SH)

    def test_a_pause_moves_the_customers_due(self) -> None:
        """Awaiting the customer for 10 minutes moves today's 17:00 to 09:10 tomorrow
        (the branch is closed at night), still before the 24 h work order's due."""
        log = card_points_log()[:7]
        log[6:6] = [Paused(m(8), reason="awaiting customer"), Resumed(m(18))]
        wo = read(log, m(60)).work_orders["WO-1"]
        assert wo.customer_due == datetime(2025, 6, 4, 9, 10, tzinfo=SH)
        assert wo.due == datetime(2025, 6, 4, 10, 5, tzinfo=SH)
        assert wo.beyond_promise is True


class TestReadersOnTheOneLog:
    """Each reader takes the whole log and reads what concerns it."""

    def test_read_clock_ignores_routing_and_loop_events(self) -> None:
        log = card_points_log()
        clock_only = [e for e in log if isinstance(e, sq.Event)]  # type: ignore[arg-type, misc]
        assert sq.read_clock(SAME_DAY, log, m(60)) == sq.read_clock(SAME_DAY, clock_only, m(60))

    def test_request_reads_opened_and_resolved(self) -> None:
        """Routing reads Opened as its arrival and Resolved as its close."""
        req = Request("REQ-1", calendars=CALENDARS, log=card_points_log())  # type: ignore[arg-type]
        assert req.arrived_at == m(0)
        assert req.closed_at == m(125)
        assert req.opened is not None
        assert req.opened.service == "card_points"

    def test_feedback_case_ignores_the_rest(self) -> None:
        log = card_points_log()
        own = [e for e in log if isinstance(e, Received | Analysed | Handled | FedBack | Verified)]
        case = FeedbackCase("REQ-1", SAME_DAY, log=log)  # type: ignore[arg-type]
        alone = FeedbackCase("REQ-1", SAME_DAY, log=own)
        assert case.state == alone.state == "closed"
        assert case.stages == alone.stages
        assert case.clock_log() == alone.clock_log()

    def test_reopened_after_resolved_reopens_routing(self) -> None:
        """Reopened gives the request back to its owner; routing events may follow."""
        log = [
            Opened(m(0)),
            Taken(m(1), "柜员王敏", "branch_counter"),
            Resolved(m(10)),
            Reopened(m(20)),
            NoteAdded(m(21), "柜员王敏", "客户再次来电"),
        ]
        req = Request("REQ-1", log=log)
        assert req.state == "owned"
        assert req.closed_at is None
        assert req.owner is not None
        assert req.owner.employee == "柜员王敏"

    def test_resolved_without_an_owner(self) -> None:
        """A clock-only log reads as an unowned request that was resolved."""
        r = sq.read_request(SAME_DAY, [Opened(m(0)), Resolved(m(10))], m(20))
        assert r.owner is None
        assert r.routing.state == "closed"
        assert r.work_orders == {}

    def test_separate_logs_keep_working(self) -> None:
        """A routing-only log opened by Arrived and closed by Closed reads as before."""
        req = Request(
            "REQ-1",
            log=[Arrived(m(0)), Taken(m(1), "王敏", "counter"), Closed(m(5))],
        )
        assert req.state == "closed"
        assert req.opened is None

    def test_opened_attributes(self) -> None:
        opened = Opened(m(0), service="card_points", severity="III", branch="pudong")
        assert opened.attributes() == {
            "service": "card_points",
            "severity": "III",
            "branch": "pudong",
        }
        assert Opened(m(0)).attributes() == {}


class TestErrors:
    """A log the readers cannot share is refused, naming the event and the fix."""

    def test_no_readers_event(self) -> None:
        """An entry no reader knows is an error naming it and its position."""
        log = [Opened(m(0)), Taken(m(1), "王敏", "counter"), ("Met", m(2))]
        with pytest.raises(EventLogError, match=r"^log\[2\]: \('Met', .*\) is not an event;") as e:
            read(log, m(5))
        assert e.value.index == 2
        assert "another reader of the request's log (feedback, routing)" in str(e.value)

    def test_routing_refuses_an_unknown_entry_too(self) -> None:
        with pytest.raises(RoutingError, match=r"log\[1\]: 'note' is not a request event"):
            Request("REQ-1", log=[Opened(m(0)), "note"])  # type: ignore[list-item]

    def test_another_readers_event_out_of_order(self) -> None:
        """The order is the whole log's: a routing event earlier than a clock event."""
        log = [Opened(m(0)), Met(m(5), "respond"), Taken(m(1), "王敏", "counter")]
        with pytest.raises(
            EventLogError,
            match=r"^log\[2\] Taken\(at=2025-06-03T10:01:00\+08:00\): it is earlier than",
        ):
            sq.read_clock(SAME_DAY, log, m(10))

    def test_arrived_after_opened(self) -> None:
        """One opening event: Arrived after Opened is a second arrival."""
        with pytest.raises(
            RoutingError,
            match=r"log\[1\] Arrived\(.*\): the request has already arrived \(log\[0\] Opened\)",
        ):
            read([Opened(m(0)), Arrived(m(0))], m(5))

    def test_closed_in_a_log_opened_by_opened(self) -> None:
        """One closing event: Resolved, which every reader reads."""
        log = [Opened(m(0)), Taken(m(1), "王敏", "counter"), Closed(m(5))]
        with pytest.raises(RoutingError, match=r"replace Closed with Resolved\(at=\.\.\.\)$"):
            read(log, m(10))

    def test_resolved_with_an_open_work_order(self) -> None:
        log = [
            Opened(m(0)),
            Taken(m(1), "王敏", "counter"),
            WorkOrderIssued(m(2), "WO-1", "card_centre", "积分", H24),
            Resolved(m(5)),
        ]
        with pytest.raises(
            RoutingError,
            match=r"log\[3\] Resolved\(.*\): work orders 'WO-1' are not answered yet; .*"
            r"record WorkOrderAnswered for each before Resolved$",
        ):
            read(log, m(10))

    def test_reopened_when_not_resolved(self) -> None:
        with pytest.raises(RoutingError, match=r"nothing to reopen; Reopened follows Resolved$"):
            Request("REQ-1", log=[Opened(m(0)), Reopened(m(1))])

    def test_routing_after_resolved(self) -> None:
        with pytest.raises(RoutingError, match=r"nothing but Reopened follows Resolved$"):
            Request("REQ-1", log=[Opened(m(0)), Resolved(m(1)), Taken(m(2), "王敏", "counter")])

    def test_naive_now_names_read_request(self) -> None:
        """A naive now names read_request, not a reader it calls."""
        with pytest.raises(sq.NaiveDatetimeError, match=r"^read_request\(now\) is a naive"):
            read([Opened(m(0))], datetime(2025, 6, 3, 10))  # noqa: DTZ001

    @pytest.mark.parametrize(
        "reader",
        [
            read,
            lambda log, now: sq.read_clock(SAME_DAY, log, now),
            lambda log, now: sq.due_actions(SAME_DAY, LADDERS, log, now),
            lambda log, now: sq.next_due(SAME_DAY, LADDERS, log, now),
        ],
        ids=["read_request", "read_clock", "due_actions", "next_due"],
    )
    def test_another_readers_event_before_opened(self, reader: Callable[..., object]) -> None:
        """The one log opens with Opened, for every reader of it.

        Before the fix only read_request refused the log (its own check), while
        read_clock and due_actions read it: its parts were not their readers'.
        """
        with pytest.raises(
            EventLogError,
            match=r"^log\[0\] Received\(at=.*\): it comes before Opened; a request's one log",
        ):
            reader([Received(m(0)), Opened(m(1))], m(5))

    def test_no_opened(self) -> None:
        with pytest.raises(EventLogError, match=r"the log has no Opened event at or before now"):
            read([Arrived(m(0)), Taken(m(1), "王敏", "counter")], m(5))

    def test_a_later_impossible_event_is_read_as_its_readers_read_it(self) -> None:
        """Every reader reads the events up to now: a mistaken Met after now is not
        read yet, by read_request as by read_clock, due_actions and next_due.

        Before the fix read_request refused the log (through next_due, which
        replayed the whole log) while read_clock and due_actions read it.
        """
        log = [Opened(m(0)), Met(m(200), "respnd")]
        r = read(log, m(20))
        assert r.clock == sq.read_clock(SAME_DAY, log, m(20))
        assert r.due_actions == sq.due_actions(SAME_DAY, LADDERS, log, m(20), request="REQ-1")
        assert r.next_due == sq.next_due(SAME_DAY, LADDERS, log, m(20)) is not None
        with pytest.raises(EventLogError, match=r"^log\[1\] Met.*'respnd'"):
            read(log, m(200))

    def test_no_opened_in_a_clock_log(self) -> None:
        with pytest.raises(EventLogError, match="no Opened event"):
            read([], m(5))

    def test_not_a_log(self) -> None:
        with pytest.raises(EventLogError, match=r"^read_request: log must be a list of events"):
            read(Opened(m(0)), m(5))  # type: ignore[arg-type]

    def test_work_order_unit_without_calendar(self) -> None:
        log = [
            Opened(m(0)),
            Taken(m(1), "王敏", "counter"),
            WorkOrderIssued(m(2), "WO-1", "risk", "核查", H24),
        ]
        with pytest.raises(RoutingError, match=r"unit 'risk' has no calendar"):
            read(log, m(5))

    def test_bad_request_id(self) -> None:
        with pytest.raises(RoutingError, match=r"Request.request_id"):
            sq.read_request(SAME_DAY, [Opened(m(0))], m(5), request=" R-1")

    def test_next_due_checks_request(self) -> None:
        with pytest.raises(LadderError, match=r"^next_due: request must be the request's id"):
            sq.next_due(SAME_DAY, LADDERS, [Opened(m(0))], m(5), request=7)  # type: ignore[arg-type]

    def test_opened_attribute_must_be_an_id(self) -> None:
        with pytest.raises(EventLogError, match=r"Opened\.service"):
            Opened(m(0), service=" card_points")


# --------------------------------------------------------------------------- laws

#: A 24x7 promise, so generated logs need no calendar arithmetic beyond wall time.
WALL = sq.Promise(
    service="card_points",
    milestones={
        "respond": Target.wall(timedelta(hours=1)),
        "resolve": Target.wall(timedelta(hours=8)),
    },
)
WALL_LADDERS = [
    sq.Ladder(
        milestone="resolve",
        steps=[
            sq.Step(sq.Consumed(0.5), sq.Notify("lead")),
            sq.Step(sq.OnBreach(), sq.Notify("x")),
        ],
    )
]
START = datetime(2025, 6, 3, 9, 0, tzinfo=SH)


def _views(merged: list[object]) -> tuple[list[object], list[object], list[object]]:
    """The one log's clock, routing and loop events, each in the log's order."""
    clock = [e for e in merged if reader_of(e) == "clock"]
    routing = [e for e in merged if reader_of(e) == "routing"]
    loop = [e for e in merged if reader_of(e) == "feedback"]
    return clock, routing, loop


def one_logs() -> st.SearchStrategy[tuple[list[object], list[object], list[object], list[object]]]:
    """A request's one log, and its clock, routing and loop events on their own."""
    return request_logs(WALL, start=START, max_events=12).map(lambda log: (log, *_views(log)))


nows = st.integers(0, 60 * 40).map(lambda k: START + timedelta(minutes=k))


class TestLaws:
    """Each reader on the one log equals it on its own events."""

    @given(one_logs(), nows)
    def test_clock_and_escalation(self, logs: tuple[list[object], ...], now: datetime) -> None:
        merged, clock, _, _ = logs
        assert sq.read_clock(WALL, merged, now) == sq.read_clock(WALL, clock, now)  # type: ignore[arg-type]
        assert sq.due_actions(WALL, WALL_LADDERS, merged, now, "R-9") == sq.due_actions(  # type: ignore[arg-type]
            WALL,
            WALL_LADDERS,
            clock,
            now,
            "R-9",  # type: ignore[arg-type]
        )
        assert sq.next_due(WALL, WALL_LADDERS, merged, now) == sq.next_due(  # type: ignore[arg-type]
            WALL,
            WALL_LADDERS,
            clock,
            now,  # type: ignore[arg-type]
        )

    @given(one_logs())
    def test_routing(self, logs: tuple[list[object], ...]) -> None:
        """Routing reads its own events plus the shared Opened, Resolved, Reopened."""
        merged, clock, routing, _ = logs
        shared = [e for e in clock if isinstance(e, Opened | Resolved | Reopened)]
        own = sorted([*shared, *routing], key=lambda e: e.at)  # type: ignore[attr-defined]
        a = Request("R-9", calendars=CALENDARS, log=merged)  # type: ignore[arg-type]
        b = Request("R-9", calendars=CALENDARS, log=own)  # type: ignore[arg-type]
        assert (a.state, a.owners, a.handovers, a.work_orders, a.trail, a.closed_at) == (
            b.state,
            b.owners,
            b.handovers,
            b.work_orders,
            b.trail,
            b.closed_at,
        )

    @given(one_logs())
    def test_feedback(self, logs: tuple[list[object], ...]) -> None:
        merged, _, _, loop = logs
        a = FeedbackCase("R-9", WALL, log=merged)  # type: ignore[arg-type]
        b = FeedbackCase("R-9", WALL, log=loop)  # type: ignore[arg-type]
        assert (a.state, a.stages, a.clock_log(), a.apology_log()) == (
            b.state,
            b.stages,
            b.clock_log(),
            b.apology_log(),
        )

    @given(one_logs(), nows)
    def test_read_request_equals_the_readers(
        self, logs: tuple[list[object], ...], now: datetime
    ) -> None:
        merged, _, _, _ = logs
        r = sq.read_request(
            WALL, merged, now, request="R-9", calendars=CALENDARS, ladders=WALL_LADDERS
        )
        assert r.clock == sq.read_clock(WALL, merged, now)  # type: ignore[arg-type]
        assert r.due_actions == sq.due_actions(WALL, WALL_LADDERS, merged, now, request="R-9")  # type: ignore[arg-type]
        assert r.next_due == sq.next_due(WALL, WALL_LADDERS, merged, now, request="R-9")  # type: ignore[arg-type]
        past = [e for e in merged if e.at <= now]  # type: ignore[attr-defined]
        routing = Request("R-9", calendars=CALENDARS, log=past)  # type: ignore[arg-type]
        assert r.owner == routing.owner
        assert {k: w.order for k, w in r.work_orders.items()} == routing.work_orders
        due = max((x.due for x in r.clock.milestones.values() if x.met_at is None), default=None)
        for w in r.work_orders.values():
            assert w.beyond_promise == (due is not None and w.due > due)
        loop = [
            e for e in past if isinstance(e, Received | Analysed | Handled | FedBack | Verified)
        ]
        assert r.stage == (FeedbackCase("R-9", WALL, log=loop).state if loop else None)


# ------------------------------------------- with_rule_changes (review 15, F3)

_HOTLINE = sq.BusinessCalendar.always_open(zone="Asia/Shanghai")
_P15 = sq.Promise(
    service="complaint", name="c15", calendar=_HOTLINE, milestones={"answer": Target.days(15)}
)
_P10 = sq.Promise(
    service="complaint", name="c10", calendar=_HOTLINE, milestones={"answer": Target.days(10)}
)
_JAN1 = datetime(2026, 1, 1, tzinfo=SH)
_TEN_FOR_ALL = sq.Catalog(
    rules=[
        sq.CatalogRule(promise="c15"),
        sq.CatalogRule(promise="c10", in_force_from=_JAN1, applies_to_open=True),
    ],
    promises={"c15": _P15, "c10": _P10},
)
_DEC20 = datetime(2025, 12, 20, 10, tzinfo=SH)


def _moved(now: datetime) -> sq.Match:
    return _TEN_FOR_ALL.match_at(_DEC20, now)


class TestWithRuleChanges:
    """The log a rule change moved, read with the clock's Retargeted (keep_elapsed)."""

    def test_the_change_goes_before_the_events_at_or_after_it(self) -> None:
        """Retargeted(in_force_from, promise, 'keep_elapsed'), in order; the rest untouched."""
        log = [
            Opened(_DEC20),
            Paused(_DEC20 + timedelta(days=5)),
            Resumed(_JAN1),
            Met(_JAN1, "answer"),
        ]
        out = sq.with_rule_changes(_moved(_JAN1 + timedelta(days=1)), log)
        assert out == (*log[:2], sq.Retargeted(_JAN1, _P10, "keep_elapsed"), *log[2:])

    def test_no_change_returns_the_log(self) -> None:
        """A request the change does not move: the same events."""
        log = [Opened(_DEC20)]
        assert sq.with_rule_changes(_TEN_FOR_ALL.match_at(_DEC20, _DEC20), log) == tuple(log)

    def test_a_resolved_request_keeps_its_promise_until_reopened(self) -> None:
        """Resolved before the change: nothing; reopened after it: the change at the Reopened."""
        done = [Opened(_DEC20), Resolved(_DEC20 + timedelta(days=2))]
        match = _moved(_JAN1 + timedelta(days=3))
        assert sq.with_rule_changes(match, done) == tuple(done)
        back = _JAN1 + timedelta(days=2)
        log = [*done, Reopened(back)]
        assert sq.with_rule_changes(match, log) == (*log, sq.Retargeted(back, _P10, "keep_elapsed"))
        reading = sq.read_clock(match.opened_promise, sq.with_rule_changes(match, log), back)
        assert reading.promise == _P10

    def test_a_severity_change_before_the_rule_change_is_refused(self) -> None:
        """The catalog matched the opening's attributes: replacing the host's retarget is no
        silent choice the library makes."""
        log = [Opened(_DEC20), sq.Retargeted(_DEC20 + timedelta(days=1), _P15, "restart")]
        with pytest.raises(
            sq.CatalogError, match=r"log\[1\] Retargeted\(at=2025-12-21T10:00:00\+08:00\) changes"
        ):
            sq.with_rule_changes(_moved(_JAN1 + timedelta(days=1)), log)
        later = [Opened(_DEC20), sq.Retargeted(_JAN1 + timedelta(hours=1), _P15)]
        out = sq.with_rule_changes(_moved(_JAN1 + timedelta(days=1)), later)
        assert out == (later[0], sq.Retargeted(_JAN1, _P10, "keep_elapsed"), later[1])

    def test_garbage(self) -> None:
        """Not a Match; not a log."""
        with pytest.raises(sq.CatalogError, match=r"match must be what Catalog.match_at gives"):
            sq.with_rule_changes(_P10, [])  # type: ignore[arg-type]
        with pytest.raises(EventLogError, match=r"with_rule_changes: log must be a list"):
            sq.with_rule_changes(_moved(_JAN1), None)  # type: ignore[arg-type]
