"""svcquality.kpi._scorecard and _presets: objectives, scorecards, source targets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcquality import kpi
from svcquality.errors import ParameterError

from .strategies import any_records

UTC = timezone.utc
T0 = datetime(2025, 6, 3, 1, 0, tzinfo=UTC)
S15 = timedelta(seconds=15)


def answered(wait: float) -> kpi.Call:
    return kpi.Call(arrived=T0, answered=T0 + timedelta(seconds=wait))


def abandoned(wait: float) -> kpi.Call:
    return kpi.Call(arrived=T0, abandoned=T0 + timedelta(seconds=wait))


def card() -> kpi.Scorecard:
    return kpi.Scorecard(
        [
            kpi.Objective("sl", kpi.ServiceLevel(threshold=S15), 0.85, ">=", label="服务水平"),
            kpi.Objective("abandon", kpi.AbandonRate(), 0.05, "<=", label="放弃率"),
            kpi.Objective("asa", kpi.AverageSpeedOfAnswer(), timedelta(seconds=10), "<"),
            kpi.Objective("recording", kpi.RecordingSuccess(), 0.95, ">"),
        ]
    )


class TestObjective:
    @pytest.mark.parametrize(
        ("op", "value", "met"),
        [
            (">=", Fraction(17, 20), True),  # exactly 85% meets ">= 0.85"
            (">", Fraction(17, 20), False),  # ... but not "> 0.85"
            ("<=", Fraction(17, 20), True),
            ("<", Fraction(17, 20), False),
            (">=", Fraction(84, 100), False),
        ],
    )
    def test_exact_comparison(self, op: str, value: Fraction, met: bool) -> None:
        """Targets are read at their decimal value and compared exactly."""
        n = value.denominator
        calls = [answered(1)] * value.numerator + [answered(60)] * (n - value.numerator)
        o = kpi.Objective("sl", kpi.ServiceLevel(threshold=S15), 0.85, op)  # type: ignore[arg-type]
        assert o.met(kpi.ServiceLevel(threshold=S15).add_all(calls)) is met

    def test_no_value_is_not_judged(self) -> None:
        """No records: met is None, neither met nor missed."""
        o = kpi.Objective("sl", kpi.ServiceLevel(threshold=S15), 0.85)
        assert o.met(kpi.ServiceLevel(threshold=S15)) is None

    def test_template_is_emptied(self) -> None:
        """Only the KPI's options matter; records in the template are dropped from it."""
        o = kpi.Objective("sl", kpi.ServiceLevel(threshold=S15).add(answered(1)), 0.85)
        assert o.kpi == kpi.ServiceLevel(threshold=S15)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"name": ""}, "name must be a non-empty text"),
            ({"op": "=="}, "op of objective 'x' must be one of"),
            ({"target": 1.5}, "target of objective 'x': the target must be in \\[0, 1\\]"),
            ({"target": -0.1}, "must be in \\[0, 1\\]"),
            ({"target": float("nan")}, "must be in \\[0, 1\\]"),
            ({"target": "85%"}, "give a number such as 0.85"),
            ({"target": True}, "give a number"),
            ({"target": timedelta(seconds=1)}, "give a number"),
            ({"kpi": kpi.Ranking()}, "rank units with Scorecard.ranking"),
            ({"kpi": "ServiceLevel"}, "kpi must be a KPI accumulator"),
            ({"kpi": kpi.AverageHandleTime(), "target": 180}, "give a timedelta"),
            ({"kpi": kpi.ComplaintRate(), "target": -1}, "must be zero or more"),
        ],
    )
    def test_bad_objectives(self, kwargs: dict[str, object], match: str) -> None:
        """Bad names, ops, targets and KPIs raise ParameterError."""
        args: dict[str, object] = {
            "name": "x",
            "kpi": kpi.ServiceLevel(threshold=S15),
            "target": 0.85,
            "op": ">=",
        }
        args.update(kwargs)
        with pytest.raises(ParameterError, match=match):
            kpi.Objective(**args)  # type: ignore[arg-type]

    def test_rates_may_exceed_one(self) -> None:
        """A complaint-rate target is per 10,000, so 3 is fine."""
        assert kpi.Objective("c", kpi.ComplaintRate(), 3, "<=").target == 3


class TestScorecardAdd:
    def test_routing_and_report(self) -> None:
        """A call feeds the call KPIs of its cell; a recording feeds recording success."""
        sc = card().add_all(
            [
                ("2025-06", "agent-01", answered(5)),
                ("2025-06", "agent-01", answered(12)),
                ("2025-06", "agent-01", abandoned(30)),
                ("2025-06", "agent-01", kpi.Recording(True)),
                ("2025-06", "agent-02", answered(20)),
            ]
        )
        lines = {(x.unit, x.name): x for x in sc.report()}
        sl = lines["agent-01", "sl"]
        assert (sl.value, sl.met, sl.records, sl.label) == (2 / 3, False, 3, "服务水平")
        assert lines["agent-01", "asa"].value == timedelta(seconds=8.5)
        assert lines["agent-01", "asa"].met is True
        assert lines["agent-01", "recording"].met is True
        assert lines["agent-02", "recording"].met is None  # no recordings there
        assert lines["agent-02", "abandon"].value == 0.0
        assert [x.name for x in sc.report(unit="agent-02")] == ["sl", "abandon", "asa", "recording"]
        assert sc.report(period="2025-07") == ()
        assert sc.periods == ("2025-06",)
        assert sc.units == ("agent-01", "agent-02")

    def test_unread_records_are_counted(self) -> None:
        """A record no objective reads is counted at the scorecard, by type."""
        sc = card().add(kpi.CustomerRating(5), period="2025-06", unit="agent-01")
        assert sc.rejected == {"no KPI reads CustomerRating": 1}
        assert sc.cells == {}

    def test_invalid_records_reach_the_kpi(self) -> None:
        """A naive call is rejected by each call KPI and shows in the report."""
        bad = kpi.Call(arrived=T0.replace(tzinfo=None), answered=T0)
        sc = card().add(bad, period="2025-06", unit="a")
        line = sc.report()[0]
        assert line.rejected == {"naive instant": 1}
        assert line.records == 1
        assert line.value is None

    @pytest.mark.parametrize(
        ("period", "unit", "match"),
        [
            (202506, "a", "period of row 0 must be a text"),
            ("2025-06", None, "unit of row 0 must be a text"),
        ],
    )
    def test_bad_keys(self, period: object, unit: object, match: str) -> None:
        """Periods and units are texts."""
        with pytest.raises(ParameterError, match=match):
            card().add(answered(1), period=period, unit=unit)  # type: ignore[arg-type]

    def test_cell(self) -> None:
        """cell() gives the accumulators by name, empty where nothing was added."""
        sc = card().add(answered(1), period="p", unit="u")
        assert sc.cell("p", "u")["sl"].value == 1.0
        assert sc.cell("p", "nobody")["sl"].value is None


class TestScorecardMerge:
    @given(
        st.lists(
            st.tuples(st.sampled_from(["p1", "p2"]), st.sampled_from(["u1", "u2"]), any_records()),
            max_size=30,
        ),
        st.data(),
    )
    @settings(max_examples=40)
    def test_partitions_equal_one_pass(
        self, rows: list[tuple[str, str, object]], data: st.DataObject
    ) -> None:
        """Scorecards of partitions merge, in any order, to the one-pass scorecard."""
        empty = kpi.Scorecard(kpi.seed_objectives())
        cut = data.draw(st.integers(0, len(rows)))
        a, b = empty.add_all(rows[:cut]), empty.add_all(rows[cut:])
        one = empty.add_all(rows)
        assert a.merge(b) == b.merge(a) == one
        assert one.merge(empty.empty()) == one

    def test_different_objectives_refused(self) -> None:
        """Scorecards with other objectives do not merge."""
        with pytest.raises(ParameterError, match="different objectives"):
            card().merge(kpi.Scorecard(kpi.seed_objectives()))

    def test_objectives_validated(self) -> None:
        """A scorecard needs one or more uniquely named objectives."""
        o = kpi.Objective("sl", kpi.ServiceLevel(threshold=S15), 0.85)
        with pytest.raises(ParameterError, match="'sl' repeat"):
            kpi.Scorecard([o, o])
        with pytest.raises(ParameterError, match="one or more Objective"):
            kpi.Scorecard([])


class TestRollup:
    def test_agents_into_teams(self) -> None:
        """Agent cells merge into team cells; a function gives one total."""
        sc = card().add_all(
            [
                ("2025-06", "agent-01", answered(5)),
                ("2025-06", "agent-02", answered(50)),
                ("2025-06", "agent-03", answered(5)),
            ]
        )
        teams = sc.rollup({"agent-01": "team-A", "agent-02": "team-A", "agent-03": "team-B"})
        assert teams.cell("2025-06", "team-A")["sl"].value == 0.5
        assert teams.cell("2025-06", "team-B")["sl"].value == 1.0
        total = sc.rollup(lambda unit: "centre")
        assert total.cell("2025-06", "centre")["sl"].exact == Fraction(2, 3)

    def test_unknown_unit(self) -> None:
        """A unit missing from the mapping is an error, not silently dropped."""
        sc = card().add(answered(1), period="p", unit="agent-09")
        with pytest.raises(ParameterError, match="unit 'agent-09' is not in the rollup mapping"):
            sc.rollup({})


class TestRanking:
    def test_monthly_quartiles_of_agents(self) -> None:
        """Rank agents by a KPI; for '<=' objectives lower is better."""
        rows = [(f"agent-{i}", answered(w)) for i, w in enumerate([1, 20, 1, 20, 20, 1, 1, 1])]
        rows += [("agent-1", answered(1)), ("agent-3", answered(1))]
        sc = card().add_all(("2025-06", u, r) for u, r in rows)
        best = sc.ranking("sl", period="2025-06")
        assert best.top == ("agent-0", "agent-2", "agent-5", "agent-6", "agent-7")
        assert best.bottom == ("agent-4", "agent-1", "agent-3")  # 0.5 ties at rank 2 <= k
        asa = sc.ranking("asa", period="2025-06")
        assert asa.better == "lower"

    def test_units_without_value(self) -> None:
        """A unit with no value for that KPI is counted as not a number."""
        sc = card().add(kpi.Recording(True), period="p", unit="u")
        assert sc.ranking("sl", period="p").rejected == {"not a number": 1}

    def test_unknown_objective(self) -> None:
        """Ranking by an unknown objective names the known ones."""
        with pytest.raises(
            ParameterError, match="no objective named 'csat'; the scorecard has 'sl'"
        ):
            card().ranking("csat", period="p")


class TestSeedObjectives:
    def test_targets(self) -> None:
        """The sources' targets, in order, with their direction."""
        got = [(o.name, o.target, o.op) for o in kpi.seed_objectives()]
        assert got == [
            ("service_level", 0.85, ">="),
            ("abandon_rate", 0.05, "<="),
            ("first_line_resolution", 0.95, ">="),
            ("recording_success", 0.95, ">="),
            ("on_time", 0.90, ">="),
            ("employee_satisfaction", 0.70, ">="),
            ("employee_dissatisfaction", 0.15, "<="),
            ("attrition", 0.10, "<"),
        ]
        sl = kpi.seed_objectives()[0].kpi
        assert isinstance(sl, kpi.ServiceLevel)
        assert sl.threshold == S15

    def test_one_staff_survey_feeds_both_shares(self) -> None:
        """An employee answer counts in satisfaction and in dissatisfaction."""
        sc = kpi.Scorecard(kpi.seed_objectives()).add_all(
            ("2025", "centre", kpi.EmployeeRating(s)) for s in (5, 4, 4, 4, 4, 4, 4, 3, 2, 1)
        )
        lines = {x.name: x for x in sc.report()}
        assert lines["employee_satisfaction"].met is True  # 70%
        assert lines["employee_dissatisfaction"].met is False  # 20% > 15%

    def test_attrition_is_strict(self) -> None:
        """Attrition must be below 10%: exactly 10% misses."""
        sc = kpi.Scorecard(kpi.seed_objectives()).add(
            kpi.Headcount(opening=100, closing=100, leavers=10), period="2025", unit="centre"
        )
        assert {x.name: x.met for x in sc.report()}["attrition"] is False

    def test_ranking(self) -> None:
        """The monthly staff ranking: 25%, higher is better, ties included."""
        assert kpi.seed_ranking() == kpi.Ranking(fraction=0.25, better="higher", ties="include")

    def test_decimal_targets(self) -> None:
        """Decimal and Fraction targets are accepted exactly."""
        o = kpi.Objective("sl", kpi.ServiceLevel(threshold=S15), Decimal("0.85"))
        assert o.met(
            kpi.ServiceLevel(threshold=S15).add_all([answered(1)] * 17 + [answered(99)] * 3)
        )
