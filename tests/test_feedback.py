"""Tests of svcquality.feedback: the closed loop, the 10% re-check sample, the heat map."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.common import SH

from svcquality import (
    BusinessCalendar,
    FeedbackError,
    NaiveDatetimeError,
    ParameterError,
    Promise,
    Status,
    SvcQualityError,
    Target,
)
from svcquality._types import FeedbackStage
from svcquality.clock import Met, Opened, Reopened, Resolved
from svcquality.feedback import (
    DISSATISFIED,
    Analysed,
    Apologised,
    FedBack,
    FeedbackCase,
    FeedbackEvent,
    FeedbackRecord,
    Handled,
    HeatCell,
    HeatMap,
    Received,
    Sample,
    Verified,
)

T0 = datetime(2025, 6, 3, 10, 0, tzinfo=SH)  # Tuesday
CENTRE = BusinessCalendar.weekly(
    {"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai", holidays="CN", name="总行客服"
)
#: Ⅲ级（个性化诉求，如账户解冻）：1个工作日跟进，7个工作日反馈结果
TIER_III = Promise(
    "feedback_III",
    {"follow_up": Target.working_days(1), "result": Target.working_days(7)},
    calendar=CENTRE,
)
MET_BY: dict[str, FeedbackStage] = {"follow_up": "analysed", "result": "fed_back"}


def h(hours: float) -> datetime:
    """The instant ``hours`` after T0."""
    return T0 + timedelta(hours=hours)


def case(*log: FeedbackEvent, case_id: str = "TS-202506-0003") -> FeedbackCase:
    return FeedbackCase(case_id, TIER_III, log=log, met_by=MET_BY)


LOOP: tuple[FeedbackEvent, ...] = (
    Received(h(0), "客户投诉账户解冻办理慢"),
    Analysed(h(2), "冻结原因为司法协查已解除"),
    Handled(h(24), "已解冻"),
    FedBack(h(25), via="短信"),
)


class TestFullLoop:
    """接收—分析—处理—反馈—验证, and the monthly 回头看 of 10% of resolved items."""

    def test_complaint_goes_round_the_loop_and_is_drawn_for_recheck(self) -> None:
        """A tier III complaint is received, analysed, handled, fed back, verified, and
        is one of the 10% of June's resolved cases drawn for the re-check."""
        done = case(*LOOP, Verified(h(26), satisfied=True))
        assert done.state == "closed"
        assert done.is_resolved
        assert done.closed_at == h(26)
        assert list(done.stages) == ["received", "analysed", "handled", "fed_back", "verified"]
        reading = done.reading(h(24 * 10))
        assert reading.state == "resolved"
        assert reading.milestones["follow_up"].met_at == h(2)
        assert reading.milestones["follow_up"].status is Status.MET
        assert reading.milestones["result"].met_at == h(25)
        june = Sample(0.10, seed="2025-06")
        resolved = [f"TS-202506-{i:04d}" for i in range(1, 41)]
        assert june.select(resolved) == (
            "TS-202506-0003",
            "TS-202506-0011",
            "TS-202506-0018",
            "TS-202506-0031",
        )
        assert done.case_id in june

    def test_clock_log_is_the_sla_clock_log(self) -> None:
        done = case(*LOOP, Verified(h(26), satisfied=True))
        assert done.clock_log() == (
            Opened(at=h(0)),
            Met(at=h(2), milestone="follow_up"),
            Met(at=h(25), milestone="result"),
            Resolved(at=h(26)),
        )
        assert done.apology_log() == ()
        assert done.apology_reading(h(30)) is None

    def test_tier_clock_runs_while_open(self) -> None:
        """Before feedback the result milestone runs on the centre's working days."""
        open_case = case(*LOOP[:2])
        result = open_case.reading(h(3)).milestones["result"]
        assert result.status is Status.RUNNING
        assert result.due == datetime(2025, 6, 12, 17, 0, tzinfo=SH)

    def test_unmapped_milestones_are_met_on_confirmation(self) -> None:
        """Without met_by every milestone is met when the customer confirms satisfaction."""
        done = FeedbackCase("X", TIER_III, log=[*LOOP, Verified(h(26), satisfied=True)])
        assert done.clock_log() == (Opened(at=h(0)), Resolved(at=h(26)))

    def test_apply_returns_a_new_case(self) -> None:
        start = case(LOOP[0])
        later = start.apply(LOOP[1])
        assert (start.state, later.state) == ("received", "analysed")


class TestDissatisfied:
    """“不满意”事件要求24小时内致歉解决."""

    def test_dissatisfied_rating_opens_the_24h_promise(self) -> None:
        unhappy = case(*LOOP, Verified(h(26), satisfied=False))
        assert unhappy.state == "dissatisfied"
        assert unhappy.dissatisfied == 1
        assert not unhappy.is_resolved
        reading = unhappy.apology_reading(h(30))
        assert reading is not None
        assert reading.promise == DISSATISFIED
        assert reading.milestones["apologise"].due == h(26 + 24)
        assert reading.milestones["resolve"].status is Status.RUNNING
        late = unhappy.apology_reading(h(51))
        assert late is not None
        assert late.milestones["apologise"].status is Status.BREACHED
        assert late.milestones["apologise"].breached_at == h(50)

    def test_apologise_resolve_and_confirm(self) -> None:
        """Apologise, handle again, feed back, and the customer confirms: both met."""
        happy = case(
            *LOOP,
            Verified(h(26), satisfied=False),
            Apologised(h(27), "支行长致电致歉"),
            Handled(h(40), "补偿并办结"),
            FedBack(h(41)),
            Verified(h(42), satisfied=True),
        )
        assert happy.state == "closed"
        assert happy.apology_log() == (
            Opened(at=h(26)),
            Met(at=h(27), milestone="apologise"),
            Met(at=h(40), milestone="resolve"),
            Resolved(at=h(42)),
        )
        reading = happy.apology_reading(h(100))
        assert reading is not None
        assert {m.status for m in reading.milestones.values()} == {Status.MET}
        assert happy.reading(h(100)).state == "resolved"

    def test_a_second_dissatisfied_rating_starts_a_new_cycle(self) -> None:
        again = case(
            *LOOP,
            Verified(h(26), satisfied=False),
            Apologised(h(27)),
            Handled(h(28)),
            FedBack(h(29)),
            Verified(h(30), satisfied=False),
        )
        assert again.dissatisfied == 2
        assert again.apology_log()[-2:] == (Resolved(at=h(30)), Reopened(at=h(30)))
        reading = again.apology_reading(h(31))
        assert reading is not None
        assert reading.cycle == 1
        assert reading.milestones["apologise"].due == h(54)


class TestCaseErrors:
    @pytest.mark.parametrize(
        ("log", "match"),
        [
            # analyse before receiving
            ([Analysed(h(0))], r"log\[0\] Analysed\(at=.*\): the case is 'new', which allows "),
            # skip analysis
            (
                [Received(h(0)), Handled(h(1))],
                r"log\[1\] Handled.*the case is 'received', which allows Analysed; the loop is "
                r"receive → analyse → handle → feedback → verify",
            ),
            # verify before feeding back
            (
                [*LOOP[:3], Verified(h(30), satisfied=True)],
                r"log\[3\] Verified\(at=.*, satisfied=True\): the case is 'handled', which allows "
                r"FedBack",
            ),
            # apologise without a dissatisfied rating
            ([*LOOP, Apologised(h(30))], r"the case is 'fed_back', which allows Verified"),
            # handle again without apologising
            (
                [*LOOP, Verified(h(26), satisfied=False), Handled(h(27))],
                r"the case is 'dissatisfied', which allows Apologised",
            ),
            # anything after closing
            (
                [*LOOP, Verified(h(26), satisfied=True), Received(h(27))],
                r"log\[5\] Received.*the case is 'closed', which allows nothing",
            ),
            # out of order
            ([Received(h(5)), Analysed(h(1))], r"log\[1\] Analysed.*earlier than the event before"),
            # not an event
            ([Received(h(0)), "analysed"], r"log\[1\]: 'analysed' is not a feedback event"),
        ],
    )
    def test_illegal_transitions(self, log: list[FeedbackEvent], match: str) -> None:
        with pytest.raises(FeedbackError, match=match):
            case(*log)

    def test_met_by_unknown_milestone(self) -> None:
        with pytest.raises(FeedbackError, match=r"met_by: promise 'feedback_III' has no milestone"):
            FeedbackCase("X", TIER_III, met_by={"folow_up": "analysed"})

    def test_met_by_unknown_stage(self) -> None:
        with pytest.raises(FeedbackError, match=r"met_by\['follow_up'\] is 'analysed_by'"):
            FeedbackCase("X", TIER_III, met_by={"follow_up": "analysed_by"})  # type: ignore[dict-item]

    def test_met_by_must_be_a_mapping(self) -> None:
        with pytest.raises(FeedbackError, match="met_by must map a milestone to the stage"):
            FeedbackCase("X", TIER_III, met_by=["analysed"])  # type: ignore[arg-type]

    def test_promise_must_be_a_promise(self) -> None:
        with pytest.raises(FeedbackError, match="promise must be a Promise"):
            FeedbackCase("X", "III")  # type: ignore[arg-type]

    def test_case_id(self) -> None:
        with pytest.raises(FeedbackError, match="case_id must be a non-empty id"):
            FeedbackCase("", TIER_III)

    def test_log_must_be_a_sequence(self) -> None:
        with pytest.raises(FeedbackError, match="log must be a sequence of feedback events"):
            FeedbackCase("X", TIER_III, log="received")  # type: ignore[arg-type]

    def test_reading_before_receipt(self) -> None:
        with pytest.raises(FeedbackError, match="not received yet; the log starts with Received"):
            FeedbackCase("X", TIER_III).reading(h(1))

    def test_satisfied_must_be_a_bool(self) -> None:
        with pytest.raises(FeedbackError, match="satisfied must be True"):
            Verified(h(0), satisfied="yes")  # type: ignore[arg-type]

    def test_note_must_be_text(self) -> None:
        with pytest.raises(FeedbackError, match="Received: note must be text"):
            Received(h(0), note=3)  # type: ignore[arg-type]

    def test_naive_instant(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"Handled\(at=\.\.\.\) is a naive"):
            Handled(datetime(2025, 6, 3))  # noqa: DTZ001


# --------------------------------------------------------------------------- sample


class TestSample:
    def test_membership_is_a_keyed_blake2b_below_the_threshold(self) -> None:
        """An independent computation of the rule agrees with contains()."""
        s = Sample(0.10, seed="2025-06")
        for item in ("TS-202506-0003", "TS-202506-0004", "客诉-1"):
            digest = hashlib.blake2b(item.encode(), key=b"2025-06", digest_size=8).digest()
            expected = int.from_bytes(digest, "big") < 2**64 // 10
            assert s.contains(item) is expected
            assert s.score(item) == int.from_bytes(digest, "big")

    def test_another_seed_draws_another_sample(self) -> None:
        ids = [f"TS-202506-{i:04d}" for i in range(1, 41)]
        assert Sample(0.10, seed="2025-07").select(ids) != Sample(0.10, seed="2025-06").select(ids)

    def test_int_ids_are_their_decimal_text(self) -> None:
        s = Sample(0.5, seed=b"k")
        assert all(s.contains(i) == s.contains(str(i)) for i in range(200))
        assert s.select([1, "1", 2, 2]) == tuple(x for x in (1, 2) if s.contains(x))

    def test_rate_bounds(self) -> None:
        ids = [str(i) for i in range(100)]
        assert Sample(0, seed=1).select(ids) == ()
        assert Sample(1, seed=1).select(ids) == tuple(ids)
        assert Sample(Fraction(1, 2), seed=1).select(ids) == Sample(Decimal("0.5"), seed=1).select(
            ids
        )

    def test_contains_operator_refuses_quietly(self) -> None:
        assert 3.5 not in Sample(1, seed=1)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"rate": 1.5, "seed": "s"}, r"rate must be a share in \[0, 1\] such as 0.10 \(10%\)"),
            ({"rate": -0.1, "seed": "s"}, r"rate must be a share in \[0, 1\]"),
            ({"rate": "10%", "seed": "s"}, r"rate must be a share in \[0, 1\] such as 0.10, got"),
            ({"rate": True, "seed": "s"}, r"rate must be a share"),
            ({"rate": 0.1, "seed": ""}, r"seed '' is 0 bytes; give 1 to 64 bytes"),
            ({"rate": 0.1, "seed": "x" * 65}, r"is 65 bytes; give 1 to 64 bytes"),
            ({"rate": 0.1, "seed": 1.5}, r"seed must be text, bytes or an int"),
        ],
    )
    def test_bad_parameters(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(ParameterError, match=match):
            Sample(**kwargs)  # type: ignore[arg-type]

    def test_seed_is_required(self) -> None:
        with pytest.raises(TypeError, match="seed"):
            Sample(0.1)  # type: ignore[call-arg]

    def test_bad_item_id(self) -> None:
        with pytest.raises(ParameterError, match=r"an item id must be text or an int, got 1.5"):
            Sample(0.1, seed="s").contains(1.5)  # type: ignore[arg-type]


def test_sampling_rate_within_one_percent_over_100000_items() -> None:
    """10% of 100,000 resolved items, within ±1 percentage point, for several seeds."""
    ids = [f"TS-{i:06d}" for i in range(100_000)]
    for seed in ("2025-01", "2025-06", "2025-12"):
        drawn = len(Sample(0.10, seed=seed).select(ids))
        assert 9_000 <= drawn <= 11_000, (seed, drawn)


@given(
    st.lists(st.text(min_size=1, max_size=12), max_size=60, unique=True),
    st.lists(st.text(min_size=1, max_size=12), max_size=60, unique=True),
    st.text(min_size=1, max_size=20),
    st.fractions(min_value=0, max_value=1),
)
def test_sample_is_stable_under_growth(
    first: list[str], more: list[str], seed: str, rate: Fraction
) -> None:
    """Adding items to the population never changes whether an earlier item is drawn."""
    s = Sample(rate, seed=seed[:16])
    before = set(s.select(first))
    after = set(s.select(first + more))
    assert before == after & set(first)
    assert Sample(rate, seed=seed[:16]).select(first) == s.select(first)


# --------------------------------------------------------------------------- heat map

R = FeedbackRecord


class TestSampleRate:
    """Failed before its fix: NaN or infinity raised from Fraction; True in sample raised."""

    @pytest.mark.parametrize(
        "rate",
        [
            float("nan"),
            float("inf"),
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
        ],
    )
    def test_a_rate_that_is_not_a_number_is_a_parameter_error(self, rate: object) -> None:
        """NaN and infinity are refused like any rate outside [0, 1]."""
        with pytest.raises(ParameterError, match=r"rate must be a share in \[0, 1\]"):
            Sample(rate, seed="2025-06")  # type: ignore[arg-type]

    def test_a_bool_is_not_in_the_sample(self) -> None:
        """`in` answers False for a value that is not an id, bools included."""
        sample = Sample(1, seed="2025-06")
        assert True not in sample
        assert 1 in sample


class TestHeatMap:
    def test_counts_top_k_and_marginals(self) -> None:
        """《服务问题热力图》: 业务类型 × 问题性质 × 客户层级."""
        hm = HeatMap().add_all(
            [
                R("转账", "转账限额设置复杂", "大众客户"),
                R("转账", "转账限额设置复杂", "大众客户"),
                R("转账", "转账限额设置复杂", "贵宾客户"),
                R("反诈", "诈骗预警不及时", "大众客户"),
                R("开户", "流程繁琐", "企业客户"),
            ]
        )
        assert hm.total == 5
        assert hm.count("转账", "转账限额设置复杂", "大众客户") == 2
        assert hm.count("转账", "流程繁琐", "大众客户") == 0
        assert hm.top_k(2) == (
            HeatCell("转账", "转账限额设置复杂", "大众客户", 2),
            HeatCell("反诈", "诈骗预警不及时", "大众客户", 1),  # ties in name order
        )
        assert hm.top_k(0) == ()
        assert len(hm.top_k(99)) == 4
        assert hm.marginal("business_type") == {"转账": 3, "反诈": 1, "开户": 1}
        assert hm.marginal("customer_tier") == {"大众客户": 3, "企业客户": 1, "贵宾客户": 1}
        assert hm.marginals()["problem_nature"]["转账限额设置复杂"] == 3

    def test_invalid_records_are_counted_not_dropped(self) -> None:
        hm = HeatMap().add_all(
            [
                R("转账", "流程繁琐", "大众客户"),
                R(None, "流程繁琐", "大众客户"),
                R("转账", " ", "大众客户"),
                R("转账", "流程繁琐", None),
                ("转账", "流程繁琐", "大众客户"),
            ]
        )
        assert hm.total == 1
        assert hm.rejected == {
            "missing business type": 1,
            "missing problem nature": 1,
            "missing customer tier": 1,
            "wrong record type": 1,
        }
        assert hm.rejected_total == 4
        assert hm.records == 5

    def test_add_leaves_the_original(self) -> None:
        empty = HeatMap()
        one = empty.add(R("a", "b", "c"))
        assert (empty.total, one.total) == (0, 1)
        assert one.empty() == empty

    def test_cells_are_canonical(self) -> None:
        """Cells given in any order, split or with zero counts compare equal."""
        a = HeatMap(cells={("b", "x", "t"): 2, ("a", "x", "t"): 1, ("c", "x", "t"): 0})
        b = HeatMap(cells=[(("a", "x", "t"), 1), (("b", "x", "t"), 1), (("b", "x", "t"), 1)])
        assert a == b
        assert a.cells == ((("a", "x", "t"), 1), (("b", "x", "t"), 2))

    @pytest.mark.parametrize(
        "cells",
        [
            [(("a", "b"), 1)],  # two names, not three
            [(("a", "b", "c"), -1)],  # a negative count
            [(("a", "b", ""), 1)],  # an empty name
            [(("a", "b", "c"), True)],  # a bool is not a count
        ],
    )
    def test_bad_cells(self, cells: object) -> None:
        with pytest.raises(ParameterError, match=r"a cell is \(\(business_type, problem_nature"):
            HeatMap(cells=cells)  # type: ignore[arg-type]

    def test_cells_must_be_pairs(self) -> None:
        with pytest.raises(ParameterError, match="cells must be"):
            HeatMap(cells=5)  # type: ignore[arg-type]

    def test_rejections_must_be_pairs(self) -> None:
        with pytest.raises(ParameterError, match="rejections must be"):
            HeatMap(rejections=5)  # type: ignore[arg-type]

    def test_merge_with_another_type(self) -> None:
        with pytest.raises(ParameterError, match="cannot merge HeatMap with int"):
            HeatMap().merge(3)  # type: ignore[arg-type]

    @pytest.mark.parametrize("k", [-1, 1.5, True])
    def test_bad_k(self, k: object) -> None:
        with pytest.raises(ParameterError, match="k must be a whole number >= 0"):
            HeatMap().top_k(k)  # type: ignore[arg-type]

    def test_bad_axis(self) -> None:
        with pytest.raises(ParameterError, match="axis must be one of business_type"):
            HeatMap().marginal("tier")  # type: ignore[arg-type]


_records = st.lists(
    st.one_of(
        st.builds(
            FeedbackRecord,
            st.sampled_from(["转账", "开户", "信用卡", None]),
            st.sampled_from(["流程繁琐", "诈骗预警不及时", ""]),
            st.sampled_from(["大众客户", "贵宾客户"]),
        ),
        st.integers(),
    ),
    max_size=30,
)


class TestHeatMapCells:
    """Failed before its fix: bad cells were a TypeError or accepted; reasons did not add up."""

    def test_a_cell_that_is_not_a_pair_is_a_parameter_error(self) -> None:
        """A malformed cell is reported as bad input, not as a bare TypeError."""
        with pytest.raises(ParameterError, match=r"a cell is"):
            HeatMap(cells=[1])  # type: ignore[list-item]

    def test_a_blank_name_is_refused_as_add_refuses_it(self) -> None:
        """cells= accepts exactly what add() counts: no blank names."""
        assert HeatMap().add(FeedbackRecord("转账", " ", "大众客户")).total == 0
        with pytest.raises(ParameterError, match=r"three names"):
            HeatMap(cells=[(("转账", " ", "大众客户"), 1)])

    def test_repeated_rejection_reasons_add_up(self) -> None:
        """rejections= given as pairs adds repeated reasons, as cells= adds repeated cells."""
        hm = HeatMap(rejections=[("missing customer tier", 1), ("missing customer tier", 2)])
        assert hm.rejected == {"missing customer tier": 3}

    def test_rejection_counts_are_checked(self) -> None:
        """A negative or non-integer rejection count is bad input."""
        with pytest.raises(ParameterError, match=r"rejections"):
            HeatMap(rejections={"missing customer tier": -1})
        assert issubclass(ParameterError, SvcQualityError)


@given(_records, _records, _records)
def test_heat_map_merge_is_associative_and_commutative(
    a: list[object], b: list[object], c: list[object]
) -> None:
    """merge is associative and commutative, empty() is its identity, and merging the
    partitions equals adding every record to one map."""
    x, y, z = (HeatMap().add_all(r) for r in (a, b, c))
    assert x.merge(y) == y.merge(x)
    assert x.merge(y).merge(z) == x.merge(y.merge(z))
    assert x.merge(x.empty()) == x
    assert x.merge(y).merge(z) == HeatMap().add_all(a + b + c)
    assert x.merge(y).records == len(a) + len(b)
