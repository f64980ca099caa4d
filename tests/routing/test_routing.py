"""Tests of svcquality.routing: ownership (首问负责), work orders, routing rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.common import SH

from svcquality import BusinessCalendar, NaiveDatetimeError, RoutingError, Status, Target
from svcquality.authority import Money
from svcquality.clock import Met, Opened
from svcquality.routing import (
    Arrived,
    Closed,
    HandoverAccepted,
    HandoverOffered,
    HandoverRejected,
    HandoverWithdrawn,
    Note,
    NoteAdded,
    Owner,
    Request,
    RequestEvent,
    RoutingRule,
    RoutingRules,
    Taken,
    WorkOrderAnswered,
    WorkOrderIssued,
)

T0 = datetime(2025, 6, 3, 10, 0, tzinfo=SH)  # a Tuesday morning at the branch
H24 = Target.wall(timedelta(hours=24))
CARD_CENTRE = BusinessCalendar.always_open(zone="Asia/Shanghai", name="信用卡中心 7x24")
BRANCH = BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN", name="网点"
)
CALENDARS = {"card_centre": CARD_CENTRE, "branch": BRANCH}


def m(minutes: float) -> datetime:
    """The instant ``minutes`` after T0."""
    return T0 + timedelta(minutes=minutes)


def teller_request(*more: RequestEvent) -> Request:
    """A customer at the counter, taken by the teller 王敏 a minute after arriving."""
    return Request(
        "REQ-0603-001",
        calendars=CALENDARS,
        log=[Arrived(m(0)), Taken(m(1), "王敏", "branch_counter"), *more],
    )


def card_points_order(at: float = 5) -> WorkOrderIssued:
    return WorkOrderIssued(
        m(at), "WO-1", "card_centre", "客户咨询信用卡积分问题：5月消费积分未到账", H24
    )


class TestCardPointsScenario:
    """客户咨询信用卡积分问题，柜员直接发起工单至信用卡中心，24小时内反馈方案."""

    def test_work_order_due_in_24_hours_and_teller_keeps_ownership(self) -> None:
        """The work order is due 24 h after issue; the teller still owns the request."""
        req = teller_request(card_points_order())
        order = req.work_orders["WO-1"]
        assert order.unit == "card_centre"
        assert order.due == m(5) + timedelta(hours=24)
        assert order.issued_by == "王敏"
        assert req.owner == Owner("王敏", "branch_counter", m(1))
        assert req.first_responder == req.owner
        assert req.state == "owned"

    def test_notes_are_visible_to_the_next_agent(self) -> None:
        """What the teller noted is on the trail the card centre agent reads, in order."""
        req = teller_request(
            card_points_order(),
            NoteAdded(m(6), "王敏", "客户要求短信告知结果", order="WO-1"),
            NoteAdded(m(7), "王敏", "客户本人持卡到柜面"),
        )
        order = req.work_orders["WO-1"]
        assert [n.text for n in order.trail] == ["客户要求短信告知结果"]
        assert req.trail == (
            Note(m(6), "王敏", "客户要求短信告知结果", "WO-1"),
            Note(m(7), "王敏", "客户本人持卡到柜面", None),
        )
        req = req.apply(
            WorkOrderAnswered(m(60 * 20), "WO-1", "信用卡中心李娜", "积分已补记，短信已发送")
        )
        order = req.work_orders["WO-1"]
        assert [n.author for n in order.trail] == ["王敏", "信用卡中心李娜"]
        assert order.answered_by == "信用卡中心李娜"
        assert not order.is_open
        assert req.owner is not None
        assert req.owner.employee == "王敏"

    def test_work_order_clock_reads_like_the_sla_clock(self) -> None:
        """The work order's clock is a read_clock reading: running, then met, or breached."""
        req = teller_request(card_points_order())
        order = req.work_orders["WO-1"]
        assert order.clock_log() == (Opened(at=m(5)),)
        reading = order.reading(m(5 + 60 * 18))
        assert reading.status is Status.RUNNING
        assert reading.consumed == Fraction(3, 4)
        assert reading.remaining == timedelta(hours=6)
        late = order.reading(m(5 + 60 * 25))
        assert late.status is Status.BREACHED
        assert late.breached_at == m(5 + 60 * 24)
        answered = req.apply(WorkOrderAnswered(m(5 + 60 * 20), "WO-1", "李娜", "已补记"))
        done = answered.work_orders["WO-1"]
        assert done.clock_log() == (Opened(at=m(5)), Met(at=m(5 + 60 * 20), milestone="answer"))
        assert done.reading(m(60 * 48)).status is Status.MET

    def test_due_is_measured_on_the_handler_units_calendar(self) -> None:
        """The same business-time target falls due differently at a 7x24 unit and a branch."""
        four = Target.business(timedelta(hours=4))
        req = teller_request(
            WorkOrderIssued(m(5), "A", "card_centre", "积分查询", four),
            WorkOrderIssued(m(5), "B", "branch", "补打对账单", four),
        )
        assert req.work_orders["A"].due == m(5 + 240)
        # 10:05 + 1h55 to noon, lunch closed, 13:30 + 2h05 = 15:35
        assert req.work_orders["B"].due == datetime(2025, 6, 3, 15, 35, tzinfo=SH)
        assert req.work_orders["B"].reading(m(5)).target == four

    def test_work_order_states_the_problem_beside_the_need(self) -> None:
        """The second-line form: 详细写明问题、客户需求、应何时解决 (problem, need, due)."""
        req = teller_request(
            WorkOrderIssued(
                m(5), "WO-1", "card_centre", "查询积分并补记", H24, problem="5月消费积分未到账"
            )
        )
        order = req.work_orders["WO-1"]
        assert (order.problem, order.need, order.due) == (
            "5月消费积分未到账",
            "查询积分并补记",
            m(5) + timedelta(hours=24),
        )
        assert teller_request(card_points_order()).work_orders["WO-1"].problem == ""

    def test_work_order_problem_is_text(self) -> None:
        with pytest.raises(RoutingError, match="WorkOrderIssued: problem must be text, got 5"):
            WorkOrderIssued(m(5), "WO-1", "card_centre", "积分", H24, problem=5)  # type: ignore[arg-type]

    def test_close_after_every_work_order_is_answered(self) -> None:
        """The first responder closes the request once the card centre has answered."""
        req = teller_request(
            card_points_order(),
            WorkOrderAnswered(m(600), "WO-1", "李娜", "积分已补记"),
            Closed(m(610)),
        )
        assert req.state == "closed"
        assert req.closed_at == m(610)
        assert req.owners == (Owner("王敏", "branch_counter", m(1)),)


class TestTimeToOwn:
    def test_met_when_first_taken(self) -> None:
        """Time-to-own runs from arrival to the first Taken, on the clock's reading model."""
        req = teller_request()
        assert req.time_to_own_log() == (Opened(at=m(0)), Met(at=m(1), milestone="own"))
        reading = req.time_to_own(Target.wall(timedelta(minutes=5)), m(30))
        assert reading.status is Status.MET
        assert reading.elapsed == timedelta(minutes=1)

    def test_running_and_breached_while_unowned(self) -> None:
        """Nobody took it: the clock runs, then breaches at arrival + target."""
        req = Request("R", log=[Arrived(m(0))])
        five = Target.wall(timedelta(minutes=5))
        assert req.time_to_own(five, m(3)).status is Status.RUNNING
        late = req.time_to_own(five, m(9))
        assert late.status is Status.BREACHED
        assert late.breached_at == m(5)

    def test_business_target_on_a_calendar(self) -> None:
        """A business-time target is measured on the arrival unit's calendar."""
        req = Request("R", log=[Arrived(datetime(2025, 6, 3, 11, 50, tzinfo=SH))])
        reading = req.time_to_own(
            Target.business(timedelta(minutes=20)), m(5 * 60), calendar=BRANCH
        )
        assert reading.due == datetime(2025, 6, 3, 13, 40, tzinfo=SH)

    def test_not_arrived(self) -> None:
        with pytest.raises(RoutingError, match="has not arrived; time-to-own starts with Arrived"):
            Request("R").time_to_own(H24, m(1))

    def test_business_target_needs_a_calendar(self) -> None:
        with pytest.raises(RoutingError, match=r"measured in open time; pass calendar="):
            teller_request().time_to_own(Target.business(timedelta(minutes=5)), m(1))

    def test_target_must_be_a_target(self) -> None:
        with pytest.raises(RoutingError, match="target must be a Target"):
            teller_request().time_to_own(timedelta(minutes=5), m(1))  # type: ignore[arg-type]


class TestHandover:
    def test_accepted_handover_moves_ownership(self) -> None:
        """Offer + accept by the receiver: the receiver owns it from the acceptance."""
        req = teller_request(
            HandoverOffered(m(3), "大堂经理赵强", "lobby"), HandoverAccepted(m(4), "大堂经理赵强")
        )
        assert req.owner == Owner("大堂经理赵强", "lobby", m(4))
        assert req.handovers == ((m(4), "王敏", "大堂经理赵强"),)
        assert req.first_responder is not None
        assert req.first_responder.employee == "王敏"

    def test_rejected_or_unanswered_handover_leaves_it(self) -> None:
        """A rejected offer, or one still pending, leaves the owner unchanged."""
        rejected = teller_request(
            HandoverOffered(m(3), "赵强", "lobby"), HandoverRejected(m(4), "赵强", "非本岗业务")
        )
        assert rejected.owner is not None
        assert rejected.owner.employee == "王敏"
        assert rejected.pending_handover is None
        pending = teller_request(HandoverOffered(m(3), "赵强", "lobby"))
        assert pending.owner is not None
        assert pending.owner.employee == "王敏"
        assert pending.pending_handover == HandoverOffered(m(3), "赵强", "lobby")

    def test_withdraw_then_offer_again(self) -> None:
        """A withdrawn offer lets the owner offer to someone else."""
        req = teller_request(
            HandoverOffered(m(3), "赵强", "lobby"),
            HandoverWithdrawn(m(4)),
            HandoverOffered(m(5), "孙丽", "wealth"),
            HandoverAccepted(m(6), "孙丽"),
        )
        assert req.owner == Owner("孙丽", "wealth", m(6))

    def test_closing_lapses_an_unanswered_offer(self) -> None:
        req = teller_request(HandoverOffered(m(3), "赵强", "lobby"), Closed(m(4)))
        assert req.pending_handover is None
        assert req.owner is not None
        assert req.owner.employee == "王敏"

    @pytest.mark.parametrize(
        ("to", "match"),
        [
            ("王敏 ", "has leading or trailing whitespace"),
            ("\u3000王敏", "has leading or trailing whitespace"),
            ("王\u200b敏", r"invisible character U\+200B"),
            ("王敏\n", r"invisible character U\+000A"),
        ],
    )
    def test_disguised_owner_is_refused(self, to: str, match: str) -> None:
        """An offer to the owner with a space or an invisible character added is refused
        where it is written: it is not a hand-over to someone else."""
        with pytest.raises(RoutingError, match=rf"HandoverOffered\.to: .*{match}"):
            HandoverOffered(m(3), to, "lobby")

    def test_fullwidth_owner_is_the_owner(self) -> None:
        """Ids are compared after NFKC: 'ＷＭ' is 'WM', who already owns the request."""
        req = Request(
            "R-1", calendars=CALENDARS, log=[Arrived(m(0)), Taken(m(1), "WM", "branch_counter")]
        )
        with pytest.raises(RoutingError, match="'WM' already owns the request"):
            req.apply(HandoverOffered(m(3), "ＷＭ", "lobby"))

    def test_accepted_by_the_fullwidth_spelling(self) -> None:
        """The person offered accepts under either spelling: one person, one owner."""
        req = teller_request(HandoverOffered(m(3), "ＺＱ", "lobby"), HandoverAccepted(m(4), "ZQ"))
        assert req.owner == Owner("ZQ", "lobby", m(4))

    def test_apply_leaves_the_original(self) -> None:
        """apply returns a new request; the old one is unchanged."""
        req = teller_request()
        later = req.apply(HandoverOffered(m(3), "赵强", "lobby"))
        assert req.pending_handover is None
        assert later.pending_handover is not None
        assert len(later.log) == len(req.log) + 1


class TestRequestErrors:
    """Every impossible log names the event, its position and the fix."""

    @pytest.mark.parametrize(
        ("log", "match"),
        [
            # not an event at all
            ([Arrived(m(0)), "taken"], r"log\[1\]: 'taken' is not a request event; use Arrived"),
            # out of order
            (
                [Arrived(m(5)), Taken(m(1), "王敏", "c")],
                r"log\[1\] Taken\(at=.*, employee='王敏', unit='c'\): it is earlier than the event "
                r"before it; order the log by instant",
            ),
            # arrived twice
            (
                [Arrived(m(0)), Arrived(m(1))],
                r"log\[1\] Arrived.*already arrived.*remove the repeat",
            ),
            # before arrival
            ([Taken(m(0), "王敏", "c")], r"log\[0\] Taken.*comes before Arrived; start the log"),
            # after closing
            (
                [Arrived(m(0)), Taken(m(1), "a", "c"), Closed(m(2)), NoteAdded(m(3), "a", "x")],
                r"log\[3\] NoteAdded.*the request is closed \(since log\[2\]\); nothing follows",
            ),
            # a second Taken: ownership is not grabbed
            (
                [Arrived(m(0)), Taken(m(1), "王敏", "c"), Taken(m(2), "李四", "d")],
                r"log\[2\] Taken.*already owned by '王敏' of 'c' \(since log\[1\]\).*"
                r"record HandoverOffered\(to=\.\.\.\) and the receiver's HandoverAccepted",
            ),
            # an offer with no owner
            (
                [Arrived(m(0)), HandoverOffered(m(1), "b", "u")],
                r"log\[1\] HandoverOffered.*no one owns the request yet, so no one can offer it; "
                r"record Taken",
            ),
            # two offers at once
            (
                [
                    Arrived(m(0)),
                    Taken(m(1), "a", "c"),
                    HandoverOffered(m(2), "b", "u"),
                    HandoverOffered(m(3), "d", "u"),
                ],
                r"log\[3\].*a handover to 'b' is still pending \(log\[2\]\).*HandoverWithdrawn",
            ),
            # offered to the owner
            (
                [Arrived(m(0)), Taken(m(1), "a", "c"), HandoverOffered(m(2), "a", "c")],
                r"log\[2\].*'a' already owns the request; offer it to someone else",
            ),
            # accept without an offer
            (
                [Arrived(m(0)), Taken(m(1), "a", "c"), HandoverAccepted(m(2), "b")],
                r"log\[2\] HandoverAccepted.*no handover is pending, so there is nothing to "
                r"accept",
            ),
            # reject without an offer
            (
                [Arrived(m(0)), Taken(m(1), "a", "c"), HandoverRejected(m(2), "b")],
                r"nothing to reject; record HandoverOffered",
            ),
            # accepted by someone else
            (
                [
                    Arrived(m(0)),
                    Taken(m(1), "a", "c"),
                    HandoverOffered(m(2), "b", "u"),
                    HandoverAccepted(m(3), "z"),
                ],
                r"log\[3\].*offered to 'b', not 'z'; only 'b' may accept it",
            ),
            # withdraw with nothing pending
            (
                [Arrived(m(0)), Taken(m(1), "a", "c"), HandoverWithdrawn(m(2))],
                r"log\[2\] HandoverWithdrawn.*no handover is pending; remove it",
            ),
            # a work order before anyone owns the request
            (
                [Arrived(m(0)), WorkOrderIssued(m(1), "W", "card_centre", "积分", H24)],
                r"log\[1\] WorkOrderIssued.*no one can issue a work order",
            ),
            # the same work order twice
            (
                [
                    Arrived(m(0)),
                    Taken(m(1), "a", "c"),
                    WorkOrderIssued(m(2), "W", "card_centre", "积分", H24),
                    WorkOrderIssued(m(3), "W", "card_centre", "积分", H24),
                ],
                r"log\[3\].*work order 'W' already exists; give each work order",
            ),
            # a work order to a unit with no calendar
            (
                [
                    Arrived(m(0)),
                    Taken(m(1), "a", "c"),
                    WorkOrderIssued(m(2), "W", "card_center", "积分", H24),
                ],
                r"log\[2\] WorkOrderIssued\(.*unit='card_center'\): unit 'card_center' has no "
                r"calendar.*known units \(closest first\): 'card_centre', 'branch'; "
                r"pass calendars=\{'card_center': BusinessCalendar",
            ),
            # a note on an unknown work order
            (
                [Arrived(m(0)), Taken(m(1), "a", "c"), NoteAdded(m(2), "a", "x", order="W9")],
                r"log\[2\] NoteAdded.*there is no work order 'W9'; known work orders.*none",
            ),
            # an answer to an unknown work order
            (
                [Arrived(m(0)), Taken(m(1), "a", "c"), WorkOrderAnswered(m(2), "W", "b", "x")],
                r"log\[2\] WorkOrderAnswered.*no work order 'W'",
            ),
            # answered twice
            (
                [
                    Arrived(m(0)),
                    Taken(m(1), "a", "c"),
                    WorkOrderIssued(m(2), "W", "card_centre", "积分", H24),
                    WorkOrderAnswered(m(3), "W", "b", "x"),
                    WorkOrderAnswered(m(4), "W", "b", "y"),
                ],
                r"log\[4\].*work order 'W' was already answered at .*NoteAdded\(order=",
            ),
            # closing an unowned request
            ([Arrived(m(0)), Closed(m(1))], r"log\[1\] Closed.*no one can close it"),
            # closing with a work order still open
            (
                [
                    Arrived(m(0)),
                    Taken(m(1), "a", "c"),
                    WorkOrderIssued(m(2), "W", "card_centre", "积分", H24),
                    Closed(m(3)),
                ],
                r"log\[3\] Closed.*work orders 'W' are not answered yet.*WorkOrderAnswered",
            ),
        ],
    )
    def test_impossible_logs(self, log: list[RequestEvent], match: str) -> None:
        with pytest.raises(RoutingError, match=match):
            Request("R", calendars=CALENDARS, log=log)

    def test_log_must_be_a_sequence(self) -> None:
        with pytest.raises(RoutingError, match="log must be a sequence of request events"):
            Request("R", log=5)  # type: ignore[arg-type]

    def test_request_id(self) -> None:
        with pytest.raises(RoutingError, match=r"Request\.request_id: expected a non-empty name"):
            Request("  ")

    def test_calendars_must_be_a_mapping(self) -> None:
        with pytest.raises(RoutingError, match="calendars must map a unit name"):
            Request("R", calendars=[CARD_CENTRE])  # type: ignore[arg-type]

    def test_calendar_values_must_be_calendars(self) -> None:
        with pytest.raises(RoutingError, match=r"calendars\['card_centre'\] must be a Business"):
            Request("R", calendars={"card_centre": "7x24"})  # type: ignore[dict-item]

    def test_naive_instant(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"Arrived\(at=\.\.\.\) is a naive datetime"):
            Arrived(datetime(2025, 6, 3, 10))  # noqa: DTZ001

    def test_empty_employee(self) -> None:
        with pytest.raises(RoutingError, match=r"Taken\.employee: expected a non-empty name"):
            Taken(m(0), "", "c")

    def test_target_must_be_a_target(self) -> None:
        with pytest.raises(RoutingError, match="WorkOrderIssued: target must be a Target"):
            WorkOrderIssued(m(0), "W", "u", "积分", timedelta(hours=24))  # type: ignore[arg-type]

    def test_reason_must_be_text(self) -> None:
        with pytest.raises(RoutingError, match="HandoverRejected: reason must be text"):
            HandoverRejected(m(0), "b", reason=None)  # type: ignore[arg-type]


class TestNoteOrder:
    """Failed before its fix: NoteAdded(order=5) passed and crashed the replay later."""

    @pytest.mark.parametrize("order", [5, ["WO-1"], "", "  "])
    def test_a_note_order_that_is_not_a_name_is_a_routing_error(self, order: object) -> None:
        """NoteAdded(order=...) is None or a work order's name, checked like every other name."""
        with pytest.raises(
            RoutingError, match=r"NoteAdded(: order must be|\.order: expected a non-empty name)"
        ):
            NoteAdded(T0, "柜员王敏", "客户补充了积分账户信息", order=order)  # type: ignore[arg-type]

    def test_a_note_on_the_request_itself_needs_no_order(self) -> None:
        """order=None (the default) is a note on the request, not on a work order."""
        note = NoteAdded(T0, "柜员王敏", "客户来电询问信用卡积分")
        assert note.order is None


# --------------------------------------------------------------------------- property

_PEOPLE = ("王敏", "赵强", "孙丽")


# A local strategy on purpose: svcquality.testing generates SLA-clock logs, which are
# valid by construction; this property needs ownership events of routing, most of
# them illegal, to show that apply() refuses every one that would move ownership
# without an accepted handover.
@st.composite
def _events(draw: st.DrawFn) -> list[RequestEvent]:
    """Random ownership events one minute apart; many of them are illegal."""
    out: list[RequestEvent] = [Arrived(m(0))]
    for i in range(1, draw(st.integers(1, 25))):
        who = draw(st.sampled_from(_PEOPLE))
        kind = draw(st.integers(0, 4))
        at = m(i)
        if kind == 0:
            out.append(Taken(at, who, "unit"))
        elif kind == 1:
            out.append(HandoverOffered(at, who, "unit"))
        elif kind == 2:
            out.append(HandoverAccepted(at, who))
        elif kind == 3:
            out.append(HandoverRejected(at, who))
        else:
            out.append(HandoverWithdrawn(at))
    return out


@given(_events())
def test_ownership_never_changes_without_an_accepted_handover(events: list[RequestEvent]) -> None:
    """Applying events one by one (skipping illegal ones): the owner changes only on the
    first Taken or on a HandoverAccepted by the receiver of the pending offer."""
    req = Request("R")
    accepted = 0
    for event in events:
        try:
            nxt = req.apply(event)
        except RoutingError:
            continue
        before, after = req.owner, nxt.owner
        if before != after:
            if before is None:
                assert isinstance(event, Taken)
            else:
                assert isinstance(event, HandoverAccepted)
                assert req.pending_handover is not None
                assert event.by == req.pending_handover.to
                assert after is not None
                assert after.employee == event.by
                accepted += 1
        else:
            assert not isinstance(event, HandoverAccepted)
        req = nxt
    assert len(req.handovers) == accepted
    assert len(req.owners) == (accepted + 1 if req.owners else 0)


# --------------------------------------------------------------------------- routing rules


def _rulebook() -> RoutingRules:
    return RoutingRules(
        [
            RoutingRule("card_centre", service="card_points", name="积分问题至信用卡中心"),
            RoutingRule(
                "private_banker",
                kind="role",
                customer_tier="private_banking",
                amount_min=Decimal(500_000),
            ),
            RoutingRule("english_desk", language=("en", "fr")),
            RoutingRule("branch_supervisor", kind="role", channel="counter", amount_min="50000"),
            RoutingRule("front_desk", name="default"),
        ]
    )


class TestRoute:
    @pytest.mark.parametrize(
        ("attributes", "to", "position"),
        [
            # the card-points question goes to the card centre whatever the channel
            ({"service": "card_points", "channel": "counter"}, "card_centre", 0),
            # a private-banking customer with a large amount
            ({"customer_tier": "private_banking", "amount": Decimal(600_000)}, "private_banker", 1),
            # the same customer with a small amount: the rule does not apply
            ({"customer_tier": "private_banking", "amount": 100}, "front_desk", 4),
            # an amount as text, at the inclusive lower bound
            ({"channel": "counter", "amount": "50000.00"}, "branch_supervisor", 3),
            # a rule on amount does not match a request without one
            ({"channel": "counter"}, "front_desk", 4),
            # a list condition
            ({"language": "fr"}, "english_desk", 2),
            # None is the same as missing
            ({"service": None}, "front_desk", 4),
        ],
    )
    def test_first_matching_rule_decides(
        self, attributes: dict[str, object], to: str, position: int
    ) -> None:
        decision = _rulebook().route(attributes)
        assert (decision.to, decision.position) == (to, position)

    def test_decision_says_which_rule_and_why(self) -> None:
        d = _rulebook().route({"customer_tier": "private_banking", "amount": 600_000})
        assert d.kind == "role"
        assert d.reason == (
            "rules[1] (customer_tier=private_banking, amount in [500000, inf)): "
            "customer_tier=private_banking is in private_banking; "
            "amount 600000 is in [500000, inf)"
        )
        card = _rulebook().route({"service": "card_points"})
        assert (
            card.reason
            == "积分问题至信用卡中心 (service=card_points): service=card_points is in card_points"
        )
        default = _rulebook().route({})
        assert default.reason == "default (default (matches every request)): it is the default"

    def test_amount_upper_bound_is_exclusive(self) -> None:
        rules = RoutingRules(
            [RoutingRule("small", amount_min=0, amount_max=1000), RoutingRule("other")]
        )
        assert rules.route({"amount": Decimal("999.99")}).to == "small"
        assert rules.route({"amount": 1000}).to == "other"

    def test_overlapping_but_not_covered_rules_are_fine(self) -> None:
        """A later rule that an earlier one only partly overlaps can still match."""
        rules = RoutingRules(
            [
                RoutingRule("a", service="card_points", channel="counter"),
                RoutingRule("b", service="card_points"),
                RoutingRule("c", amount_min=0, amount_max=100),
                RoutingRule("d", amount_min=50, amount_max=200),
                RoutingRule("z"),
            ]
        )
        assert rules.route({"service": "card_points", "channel": "phone"}).to == "b"
        assert rules.route({"amount": 150}).to == "d"

    @pytest.mark.parametrize(
        ("attributes", "match"),
        [
            (
                {"servce": "x"},
                r"unknown attribute 'servce'; did you mean 'service'\? a request has",
            ),
            ({"amount": 1.5}, r"route: amount: 1.5 is a float.*pass Decimal\('1.5'\)"),
            ({"amount": "lots"}, r"route: amount: 'lots' is not a decimal number"),
            ({"amount": Decimal("NaN")}, r"'NaN'\) is not a finite amount"),
            ({"channel": 3}, r"route: channel must be a name \(text\), got 3"),
        ],
    )
    def test_bad_attributes(self, attributes: dict[str, object], match: str) -> None:
        with pytest.raises(RoutingError, match=match):
            _rulebook().route(attributes)

    def test_attributes_must_be_a_mapping(self) -> None:
        with pytest.raises(RoutingError, match="attributes must be a mapping"):
            _rulebook().route([("service", "x")])  # type: ignore[arg-type]


class TestMoneyAmounts:
    """Amount bounds may carry their currency (``Money``, as the authority matrix's limits do)."""

    def _rules(self) -> RoutingRules:
        return RoutingRules(
            [
                RoutingRule("private_banker", amount_min="CNY 500000"),
                RoutingRule("counter", amount_min=Money(0, "CNY"), amount_max="CNY 50,000"),
                RoutingRule("front_desk"),
            ]
        )

    def test_money_bounds_route_money_amounts(self) -> None:
        rules = self._rules()
        assert rules.rules[0].amount_min == Money(500_000, "CNY")
        assert rules.route({"amount": Money("600000", "CNY")}).to == "private_banker"
        assert rules.route({"amount": "CNY 49999.99"}).to == "counter"
        assert rules.route({"amount": "50000元"}).to == "front_desk"
        d = rules.route({"amount": "CNY 600000"})
        assert d.reason.endswith("amount CNY 600000 is in [CNY 500000, inf)")

    def test_an_amount_without_the_rules_currency_is_refused(self) -> None:
        """Routing on a number when the rule names a currency would route silently wrong."""
        rules = self._rules()
        with pytest.raises(RoutingError, match=r"route: rule .* tests amounts in CNY, but") as info:
            rules.route({"amount": Decimal(600_000)})
        assert "has no currency; pass the amount as Money, e.g. 'CNY 600000'" in str(info.value)
        assert info.value.code == "routing.currency"
        with pytest.raises(RoutingError, match=r"the request's amount USD 700 is in USD"):
            rules.route({"amount": "USD 700"})
        plain = RoutingRules([RoutingRule("small", amount_max=1000), RoutingRule("other")])
        with pytest.raises(RoutingError, match=r"tests amounts without a currency"):
            plain.route({"amount": "CNY 10"})

    def test_bounds_in_two_currencies_are_refused(self) -> None:
        with pytest.raises(RoutingError, match=r"are not in one currency"):
            RoutingRule("u", amount_min="CNY 0", amount_max="USD 10")
        with pytest.raises(RoutingError, match=r"are not in one currency"):
            RoutingRule("u", amount_min=0, amount_max="CNY 10")
        with pytest.raises(RoutingError, match=r"amount bound CNY -1 is negative"):
            RoutingRule("u", amount_min="CNY -1")

    def test_shadowing_compares_amounts_of_one_currency_only(self) -> None:
        wide = RoutingRule("a", amount_min="CNY 0")
        assert wide.covers(RoutingRule("b", amount_min="CNY 10", amount_max="CNY 20"))
        assert not wide.covers(RoutingRule("b", amount_min="USD 10"))
        assert not wide.covers(RoutingRule("b", amount_min=10))
        assert not wide.covers(RoutingRule("b"))


class TestRulesConstruction:
    def test_rule_is_plain_data(self) -> None:
        """A rule normalises names to tuples and amounts to Decimal (a loader's input)."""
        rule = RoutingRule(
            "u", service="a", channel=["b", "c", "b"], amount_min=5, amount_max="7.5"
        )
        assert rule.service == ("a",)
        assert rule.channel == ("b", "c")
        assert (rule.amount_min, rule.amount_max) == (Decimal(5), Decimal("7.5"))
        assert not rule.is_default
        assert RoutingRule("u").is_default

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"to": ""}, "RoutingRule: to must be a non-empty name"),
            ({"to": "u", "kind": "team"}, "RoutingRule.kind: 'team' is not one of 'unit', 'role'"),
            ({"to": "u", "service": ["a", 3]}, r"the element 3 is not a name"),
            ({"to": "u", "service": 3}, r"a condition must be a name or a list of names, got 3"),
            ({"to": "u", "amount_min": 0.5}, r"amount bound: 0.5 is a float.*Decimal\('0.5'\)"),
            ({"to": "u", "amount_min": True}, r"True is a bool"),
            ({"to": "u", "amount_max": "x"}, r"'x' is not a decimal number"),
            (
                {"to": "u", "amount_min": 10, "amount_max": 10},
                r"amount_min 10 is not below amount_max 10, so the rule can never match",
            ),
            ({"to": "u", "name": 5}, "RoutingRule: name must be text"),
        ],
    )
    def test_bad_rule(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(RoutingError, match=match):
            RoutingRule(**kwargs)  # type: ignore[arg-type]

    def test_no_rules(self) -> None:
        with pytest.raises(RoutingError, match="no rules; end with a default"):
            RoutingRules([])

    def test_rules_must_be_a_list(self) -> None:
        with pytest.raises(RoutingError, match="rules must be a list of RoutingRule"):
            RoutingRules("front_desk")  # type: ignore[arg-type]

    def test_not_a_rule(self) -> None:
        with pytest.raises(RoutingError, match=r"rules\[0\] must be a RoutingRule"):
            RoutingRules([{"to": "x"}])  # type: ignore[list-item]

    def test_last_rule_must_be_the_default(self) -> None:
        with pytest.raises(RoutingError, match=r"the last rule \(service=x\) has a condition"):
            RoutingRules([RoutingRule("a", service="x")])

    def test_rule_after_the_default(self) -> None:
        with pytest.raises(
            RoutingError,
            match=r"rules\[1\] \(service=x\) can never match: rules\[0\] 'catch-all' is the "
            r"default and matches every request it would; move rules\[1\] above rules\[0\]",
        ):
            RoutingRules([RoutingRule("a", name="catch-all"), RoutingRule("b", service="x")])

    @pytest.mark.parametrize(
        ("earlier", "later"),
        [
            # a broader name set
            (RoutingRule("a", service=("x", "y")), RoutingRule("b", service="x", channel="c")),
            # no condition on the attribute at all
            (RoutingRule("a", channel="c"), RoutingRule("b", channel="c", language="en")),
            # a wider amount range
            (
                RoutingRule("a", amount_min=0, amount_max=1000),
                RoutingRule("b", amount_min=10, amount_max=100),
            ),
            # an open-ended amount range
            (RoutingRule("a", amount_min=10), RoutingRule("b", amount_min=20)),
        ],
    )
    def test_covered_rule_names_both(self, earlier: RoutingRule, later: RoutingRule) -> None:
        with pytest.raises(
            RoutingError,
            match=r"rules\[1\] \(.*\) can never match: rules\[0\] \(.*\) comes first and matches "
            r"every request it would; move rules\[1\] above rules\[0\] or narrow rules\[0\]",
        ):
            RoutingRules([earlier, later, RoutingRule("z")])
