"""Tests of svcquality.presets: the source documents' rules as ready rulebooks."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from tests.common import SH, H

import svcquality as sq
from svcquality import _regulatory, presets
from svcquality.escalation import GreenChannel, InformCustomer, OnBreach
from svcquality.kpi import seed_objectives
from svcquality.promises import Target
from svcquality.rulebook import Rulebook, dump_rulebook, load_rulebook

RECEIVED = datetime(2025, 9, 20, 16, 30, tzinfo=SH)

PRESETS: list[tuple[Callable[[], Rulebook], dict[str, object], str]] = [
    (presets.credit_card_centre, presets.CREDIT_CARD_CENTRE, "如何做好银行客服工作"),
    (presets.branch_service_manual, presets.BRANCH_SERVICE_MANUAL, "银行客户服务质量提升操作手册"),
    (presets.branch_complaint_desk, presets.BRANCH_COMPLAINT_DESK, "规范文明服务 用心创造未来"),
    (presets.multichannel_call_centre, presets.MULTICHANNEL_CALL_CENTRE, "记中信银行客户服务中心"),
    (
        presets.rural_call_centre_7x24,
        presets.RURAL_CALL_CENTRE_7X24,
        "对天津农村合作银行服务中心建设的几点思考",
    ),
]
IDS = [f.__name__ for f, _, _ in PRESETS]


class TestEveryPreset:
    """All five presets load, dump and reload equal, and cite their source."""

    @pytest.mark.parametrize(("preset", "data", "title"), PRESETS, ids=IDS)
    def test_round_trip(self, preset: Callable[[], Rulebook], data: object, title: str) -> None:
        """load(dump(preset())) == preset() in both languages."""
        rb = preset()
        assert isinstance(rb, Rulebook)
        assert load_rulebook(dump_rulebook(rb)) == rb
        assert load_rulebook(dump_rulebook(rb, language="zh")) == rb

    @pytest.mark.parametrize(("preset", "data", "title"), PRESETS, ids=IDS)
    def test_plain_data_beside_it(
        self, preset: Callable[[], Rulebook], data: dict[str, object], title: str
    ) -> None:
        """The module keeps the preset's plain data, and it loads to the preset."""
        assert load_rulebook(data) == preset()

    @pytest.mark.parametrize(("preset", "data", "title"), PRESETS, ids=IDS)
    def test_cites_its_source(
        self, preset: Callable[[], Rulebook], data: dict[str, object], title: str
    ) -> None:
        """The docstring cites the source by its title, and so does the description."""
        doc = preset.__doc__ or ""
        assert "References:" in doc
        references = doc.split("References:", 1)[1].split("Limitations:", 1)[0]
        assert title in references
        assert title in str(data["description"])
        assert "Limitations:" in doc
        assert "seeds/" not in doc
        assert "shared/" not in doc

    @pytest.mark.parametrize(("preset", "data", "title"), PRESETS, ids=IDS)
    def test_fresh_each_call(
        self, preset: Callable[[], Rulebook], data: dict[str, object], title: str
    ) -> None:
        """Each call builds from an untouched copy of the data."""
        assert preset() == preset()
        assert load_rulebook(data) == preset()

    def test_docstring_examples(self) -> None:
        """The examples in the presets' docstrings run."""
        result = doctest.testmod(presets)
        assert result.attempted >= 5
        assert result.failed == 0


class TestCreditCardCentre:
    """The credit-card centre: 15 s / 85%, abandon <= 5%, first line >= 95%, recording >= 95%."""

    def test_answer_promise(self) -> None:
        """Calls are answered within 15 seconds, for 85% of them."""
        promise = presets.credit_card_centre().promises["hotline_call"]
        assert promise["answer"] == Target.wall(timedelta(seconds=15))
        assert promise.goal == 0.85

    def test_scorecard_is_the_seed_objectives(self) -> None:
        """The scorecard's objectives are the source objectives of this centre."""
        rb = presets.credit_card_centre()
        assert rb.scorecard is not None
        seeds = {o.name: o for o in seed_objectives()}
        for objective in rb.scorecard.objectives:
            assert objective == seeds[objective.name]
        assert {o.name for o in rb.scorecard.objectives} == set(seeds) - {"on_time"}

    def test_flexible_authority(self) -> None:
        """The first line refunds revolving interest only when the first statement never came."""
        from svcquality.authority import AuthorityRequest

        rb = presets.credit_card_centre()
        assert rb.authority is not None
        at = datetime(2025, 6, 2, 10, tzinfo=SH)
        yes = AuthorityRequest(
            "c1", None, at, actor="a1", attributes={"first_statement_received": False}
        )
        no = AuthorityRequest(
            "c1", None, at, actor="a1", attributes={"first_statement_received": True}
        )
        assert rb.authority.decide("agent", "循环利息调整", yes, ()).allowed
        assert not rb.authority.decide("agent", "循环利息调整", no, ()).allowed

    def test_appeals_go_to_the_second_line(self) -> None:
        """About 5% of problems go to the second line by tracked form."""
        rb = presets.credit_card_centre()
        assert rb.routing is not None
        assert rb.routing.route({"service": "申诉"}).to == "second_line"
        assert rb.routing.route({"service": "balance"}).to == "agent"


class TestBranchServiceManual:
    """The manual: tiers, emergency window, green channel, 24 h card-centre work order."""

    def test_tiers(self) -> None:
        """EMERGENCY, I, II, III, most urgent first."""
        tiers = presets.feedback_tiers()
        assert [s.code for s in tiers.ordered()] == ["EMERGENCY", "I", "II", "III"]
        assert tiers.more_urgent("I", "III")

    @pytest.mark.parametrize(
        ("request_attrs", "promise", "milestones"),
        [
            # 挂失: 1小时响应、4小时初步处置
            ({"service": "loss_report"}, "emergency", {"respond": H, "initial_disposal": 4 * H}),
            ({"service": "fraud_stop_payment"}, "emergency", {"respond": H}),
            # Ⅰ级: 1小时应急，24小时公告方案
            ({"severity": "I"}, "feedback_I", {"respond": H, "publish_plan": 24 * H}),
            # 不满意: 24小时内致歉解决
            ({"service": "dissatisfied"}, "dissatisfied", {"apologise_and_resolve": 24 * H}),
        ],
    )
    def test_wall_clock_promises(
        self, request_attrs: dict[str, str], promise: str, milestones: dict[str, timedelta]
    ) -> None:
        """The catalog picks the promise the manual states."""
        rb = presets.branch_service_manual()
        assert rb.catalog is not None
        match = rb.catalog.match(**request_attrs)
        assert match.promise.name == promise
        for name, d in milestones.items():
            assert match.promise[name] == Target.wall(d)

    def test_working_day_tiers(self) -> None:
        """Ⅱ级 3个工作日; Ⅲ级 1个工作日跟进, 7个工作日反馈结果 (the default)."""
        rb = presets.branch_service_manual()
        assert rb.catalog is not None
        assert rb.catalog.match(severity="II").promise["improvement_plan"] == Target.working_days(3)
        iii = rb.catalog.match(severity="III").promise
        assert iii["follow_up"] == Target.working_days(1)
        assert iii["result"] == Target.working_days(7)

    def test_result_due_after_national_day(self) -> None:
        """A Ⅲ-level request on 2025-09-30 gets its result 7 working days on, past the holiday."""
        rb = presets.branch_service_manual()
        due = rb.promises["feedback_III"].deadlines(datetime(2025, 9, 30, 10, tzinfo=SH))
        # 10-01..10-08 are closed; 10-11 (Saturday) is a make-up working day:
        # 10-09, 10-10, 10-11, 10-13, 10-14, 10-15, 10-16.
        assert due["result"] == datetime(2025, 10, 16, 17, tzinfo=SH)

    def test_green_channel_on_every_promise(self) -> None:
        """Overdue business opens the green channel and tells the customer."""
        rb = presets.branch_service_manual()
        for name in rb.promises:
            (ladder,) = rb.ladders[name]
            actions = {s.action for s in ladder.steps if s.trigger == OnBreach()}
            assert GreenChannel("supervisor") in actions
            assert InformCustomer("progress_update") in actions

    def test_card_points_work_order(self) -> None:
        """Card-points questions go to the card centre, answered within 24 hours."""
        rb = presets.branch_service_manual()
        assert rb.routing is not None
        assert rb.routing.route({"service": "card_points"}).to == "card_centre"
        assert rb.units["card_centre"].answer_within == Target.wall(24 * H)
        assert set(rb.unit_calendars()) == {"branch", "card_centre"}

    def test_dual_control(self) -> None:
        """Loss reports need a second person."""
        rb = presets.branch_service_manual()
        assert rb.authority is not None
        (rule,) = rb.authority.rules_for("teller", "挂失")
        assert rule.requires_second_person


class TestBranchComplaintDesk:
    """The branch desk: complaints handled and closed the same day."""

    def test_same_day(self) -> None:
        """A complaint at 10:00 is due at the close of that business day."""
        rb = presets.branch_complaint_desk()
        assert rb.catalog is not None
        promise = rb.catalog.match(service="complaint").promise
        assert promise["close"] == Target.working_days(0)
        assert promise.goal == 1.0
        due = promise.deadlines(datetime(2025, 6, 3, 10, tzinfo=SH))
        assert due["close"] == datetime(2025, 6, 3, 17, tzinfo=SH)


class TestMultichannelCallCentre:
    """The 95558 centre: identity before the voice menu, knowledge base, work orders."""

    @pytest.mark.parametrize(
        ("attributes", "to"),
        [
            ({"customer_tier": "platinum", "service": "credit_card"}, "vip_desk"),
            ({"service": "credit_card"}, "credit_card_centre"),
            ({"service": "complaint"}, "internal_support_centre"),
            ({"service": "cash"}, "branch_network"),
            ({"service": "fund_question"}, "consultation_centre"),
        ],
    )
    def test_routing(self, attributes: dict[str, str], to: str) -> None:
        """Each request goes where the centre sends it."""
        rb = presets.multichannel_call_centre()
        assert rb.routing is not None
        assert rb.routing.route(attributes).to == to


class TestRuralCallCentre:
    """The rural centre: 7x24, ATM refunds in 5 working days, monthly POS prize batch."""

    def test_centre_is_open_around_the_clock(self) -> None:
        """The centre's calendar is 7x24: an hour of business time is an hour."""
        cal = presets.rural_call_centre_7x24().calendars["call_centre"]
        start = datetime(2025, 10, 1, 3, tzinfo=SH)
        assert cal.add(start, H) == start + H

    def test_atm_refund_in_five_working_days(self) -> None:
        """A complaint on Friday 2025-06-06 is due Friday 2025-06-13 at close."""
        rb = presets.rural_call_centre_7x24()
        assert rb.catalog is not None
        promise = rb.catalog.match(service="atm_error").promise
        due = promise.deadlines(datetime(2025, 6, 6, 11, tzinfo=SH))
        assert due["refund_credited"] == datetime(2025, 6, 13, 17, tzinfo=SH)

    def test_pos_prize_monthly_batch(self) -> None:
        """POS prizes are credited in the month-end batch."""
        rb = presets.rural_call_centre_7x24()
        promise = rb.promises["pos_prize"]
        assert promise["prize_credited"].kind == "batch"
        due = promise.deadlines(datetime(2025, 6, 3, 11, tzinfo=SH))
        assert due["prize_credited"] == datetime(2025, 6, 30, 17, tzinfo=SH)

    def test_complaints_go_to_county_branches(self) -> None:
        """What the centre cannot settle becomes a work order to a county branch."""
        rb = presets.rural_call_centre_7x24()
        assert rb.routing is not None
        assert rb.routing.route({"service": "atm_error"}).to == "county_branch"
        assert rb.unit_calendars()["county_branch"] is rb.calendars["county_branch"]
        assert rb.calendars["county_branch"].working_day_deadline(
            datetime(2025, 6, 6, 11, tzinfo=SH), 0, time(16)
        ) == datetime(2025, 6, 6, 17, tzinfo=SH)


class TestRegulatoryLimits:
    """The regulators' time limits: day periods as the Civil Code counts them."""

    def branch(self) -> sq.BusinessCalendar:
        return sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-17:00", "sat": "09:00-12:00"}, zone="Asia/Shanghai", holidays="CN"
        )

    def test_docstring_examples(self) -> None:
        result = doctest.testmod(_regulatory)
        assert result.attempted >= 4
        assert result.failed == 0

    def test_complaint_over_national_day(self) -> None:
        """Received Saturday 2025-09-20 16:30: day 15 is 10-05, inside the break (1-8 Oct),
        so the decision is due at the close of Thursday 10-09; the Saturday hours do not count."""
        p = presets.nfra_complaints(self.branch())
        got = sq.read_clock(p, [sq.Opened(RECEIVED)], RECEIVED + H).milestones["decide"]
        assert got.due == got.original_due == datetime(2025, 10, 9, 17, tzinfo=SH)

    def test_the_two_extensions_in_order(self) -> None:
        """30日 with a reason (due 10-20), then 60日 with approval and the complainant told."""
        p = presets.nfra_complaints(self.branch())
        first = sq.Extended(
            datetime(2025, 10, 8, tzinfo=SH), "decide", Target.days(30), reason="情况复杂"
        )
        second = sq.Extended(
            datetime(2025, 10, 17, tzinfo=SH),
            "decide",
            Target.days(60),
            reason="情况特别复杂",
            approved_by="总行高级管理人员",
            customer_informed=True,
        )
        log = [sq.Opened(RECEIVED), first]
        got = sq.read_clock(p, log, datetime(2025, 10, 9, tzinfo=SH)).milestones["decide"]
        assert got.due == datetime(2025, 10, 20, 17, tzinfo=SH)
        assert got.original_due == datetime(2025, 10, 9, 17, tzinfo=SH)
        got = sq.read_clock(p, [*log, second], datetime(2025, 10, 18, tzinfo=SH))
        # 09-20 + 60日 = 11-19, a Wednesday
        assert got.milestones["decide"].due == datetime(2025, 11, 19, 17, tzinfo=SH)

    def test_an_extension_without_approval_is_refused(self) -> None:
        p = presets.nfra_complaints(self.branch())
        first = sq.Extended(
            datetime(2025, 10, 8, tzinfo=SH), "decide", Target.days(30), reason="复杂"
        )
        second = sq.Extended(
            datetime(2025, 10, 17, tzinfo=SH), "decide", Target.days(60), reason="x"
        )
        with pytest.raises(sq.EventLogError, match=r"log\[2\] Extended.*requires an approver"):
            sq.read_clock(
                p, [sq.Opened(RECEIVED), first, second], datetime(2025, 10, 18, tzinfo=SH)
            )

    def test_only_appraisal_pauses(self) -> None:
        p = presets.nfra_complaints(self.branch())
        pause = datetime(2025, 9, 22, 10, tzinfo=SH)
        ok = [sq.Opened(RECEIVED), sq.Paused(pause, reason="external_appraisal")]
        sq.read_clock(p, ok, pause + H)
        bad = [sq.Opened(RECEIVED), sq.Paused(pause, reason="awaiting customer")]
        with pytest.raises(sq.EventLogError, match="external_appraisal"):
            sq.read_clock(p, bad, pause + H)

    def test_credit_report_dispute(self) -> None:
        """征信业管理条例 Art. 25: 20日 from 09-20 is Friday 10-10, a working day."""
        p = presets.credit_report_dispute(self.branch())
        got = sq.read_clock(p, [sq.Opened(RECEIVED)], RECEIVED + H).milestones["reply"]
        assert got.due == datetime(2025, 10, 10, 17, tzinfo=SH)

    def test_regional_and_forwarded(self) -> None:
        cal = self.branch()
        assert presets.regional_first_contact(cal)["contact"] == Target.working_days(1)
        forwarded = presets.pboc_forwarded_complaints(cal)
        assert forwarded["decide"] == Target.days(15)
        assert [e.to for e in forwarded.extensions["decide"]] == [Target.days(60)]

    @pytest.mark.parametrize(
        "data",
        [
            presets.NFRA_COMPLAINTS,
            presets.CREDIT_REPORT_DISPUTE,
            presets.PBOC_FORWARDED_COMPLAINTS,
            presets.REGIONAL_FIRST_CONTACT,
        ],
    )
    def test_the_data_is_a_rulebook_entry(self, data: dict[str, object]) -> None:
        """The plain data loads in a rulebook to the promise its function builds."""
        doc = {
            "schema_version": 1,
            "calendars": {
                "branch": {
                    "hours": {"mon-fri": "09:00-17:00"},
                    "zone": "Asia/Shanghai",
                    "holidays": "CN",
                }
            },
            "promises": [{**data, "calendar": "branch"}],
        }
        rb = load_rulebook(doc)
        loaded = rb.promises[str(data["name"])]
        built = getattr(presets, str(data["name"]))(loaded.calendar)
        assert loaded == built

    def test_a_calendar_is_required(self) -> None:
        with pytest.raises(sq.PromiseError, match=r"nfra_complaints\(calendar\): calendar must be"):
            presets.nfra_complaints("branch")  # type: ignore[arg-type]
