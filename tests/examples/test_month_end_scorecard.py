"""examples/month_end_scorecard.py: agents and teams scored, top and bottom 25% published."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from tests.examples.runner import load, run

from svcquality import kpi


def first_line_by_unit(rows: list[tuple[str, str, object]]) -> dict[str, Fraction]:
    """Resolved first-line / contacts, per agent and per team, counted by hand."""
    done: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, unit, record in rows:
        if isinstance(record, kpi.Contact):
            for key in (unit, unit.split("-")[0]):
                done[key][0] += bool(record.resolved)
                done[key][1] += 1
    return {unit: Fraction(r, n) for unit, (r, n) in done.items()}


class TestMonthEndScorecard:
    def test_default_month(self) -> None:
        """June 2025: three teams, the people targets per team, the ranking of 24 agents."""
        code, out, err = run("month_end_scorecard")
        assert code == 0, err
        assert "targets: 一线处理率 ≥ 95%;" in out
        # 一组: 6 of 10 satisfied (< 70%), 2 of 10 dissatisfied (> 15%).
        assert (
            "一组      94.99%*    98.80%     82.87%       230s     60.00%*    20.00%*     0.00%"
            in out
        )
        # 二组: one leaver of ten staff is 10%, not under 10%.
        assert "10.00%*" in out.split("二组   ")[1].splitlines()[0]
        assert "24 agents, groups of 6 (ties included)" in out
        assert "前25% top 25%:    二组-04 97.63%, 三组-05 97.39%, 一组-02 97.33%" in out
        assert "后25% bottom 25%: 二组-05 90.30%, 一组-08 91.57%, 二组-08 91.99%" in out

    def test_ranking_and_teams_by_hand(self) -> None:
        """The published groups and team figures equal a plain count of the records."""
        example = load("month_end_scorecard")
        rows = example.month_rows("2025-06", 202506)
        flr = first_line_by_unit(rows)
        agents = sorted(example.AGENTS, key=lambda a: (-flr[a], a))
        _, out, _ = run("month_end_scorecard")
        top = out.split("前25% top 25%:")[1].splitlines()[0]
        bottom = out.split("后25% bottom 25%:")[1].splitlines()[0]
        assert [part.split()[0] for part in top.split(",")] == agents[:6]
        assert [part.split()[0] for part in bottom.split(",")] == agents[::-1][:6]
        assert flr[agents[5]] != flr[agents[6]]  # no tie at the top boundary
        assert flr["三组"] == Fraction(19, 20)  # exactly 95%: meets ≥ 95%
        assert flr["一组"] < Fraction(19, 20)  # 94.99%: misses

    def test_rank_by_csat(self) -> None:
        """Any objective can rank the agents."""
        code, out, _ = run("month_end_scorecard", "--rank-by", "csat")
        assert code == 0
        assert "排名 ranking by 客户满意度 (csat)" in out

    def test_bad_month(self) -> None:
        """The month is YYYY-MM."""
        code, _, err = run("month_end_scorecard", "--month", "June")
        assert code == 2
        assert "--month must be YYYY-MM" in err
