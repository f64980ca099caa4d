"""Month-end scorecard: every agent and team against the sources' targets, top and bottom 25%.

The credit-card centre (招商银行信用卡中心; see References) "评选最佳客户专员，公布
成绩前25%人员和后25%人员" — publishes its best and worst 25% of agents each
month — and aims at 员工满意度达到70%, 不满意度小于等于15%, and attrition under
10% (人员流失比例…控制在了10%以内). The monthly dashboard of the service-quality
manual (《银行客户服务质量提升操作手册》) adds CSAT (客户满意度).

This script builds a month of synthetic, seeded records for three teams of
eight agents — contacts with a first-line flag (一线处理率), call recordings,
handle times, customer ratings — plus each team's staff survey and headcount.
A ``kpi.Scorecard`` scores each agent, rolls agents up into teams, and ranks
the agents by first-line resolution (ties never split: an agent tied at the
boundary is in).

References:
    * "如何做好银行客服工作", on 招商银行信用卡中心, published as
      "太原人才网【如何做好银行客服工作】" by 红杰人力人才网 (Taiyuan), 2015-01-31,
      <http://www.hjrlrc.com>; a repost whose original author is not named.
    * 《银行客户服务质量提升操作手册》, uploaded by a user to 人人文库
      (renrendoc.com); author, publisher and date not given.

Run: ``python examples/month_end_scorecard.py`` (``--month``, ``--seed``,
``--rank-by``).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from svcquality import kpi

SH = ZoneInfo("Asia/Shanghai")
TEAMS = ("一组", "二组", "三组")
AGENTS = tuple(f"{team}-{i:02}" for team in TEAMS for i in range(1, 9))
SEED_TARGETS = {o.name: o for o in kpi.seed_objectives()}
OBJECTIVES = (
    SEED_TARGETS["first_line_resolution"],
    SEED_TARGETS["recording_success"],
    kpi.Objective("csat", kpi.CSAT(scale=5, boxes=2), 0.80, ">=", label="客户满意度"),
    kpi.Objective("aht", kpi.AverageHandleTime(), timedelta(minutes=6), "<=", label="平均处理时长"),
    SEED_TARGETS["employee_satisfaction"],
    SEED_TARGETS["employee_dissatisfaction"],
    SEED_TARGETS["attrition"],
)
AGENT_KPIS = ("first_line_resolution", "recording_success", "csat", "aht")
TEAM_KPIS = ("employee_satisfaction", "employee_dissatisfaction", "attrition")
SHORT = {
    "first_line_resolution": "FLR",
    "recording_success": "recording",
    "csat": "CSAT",
    "aht": "AHT",
    "employee_satisfaction": "staff sat",
    "employee_dissatisfaction": "staff dis",
    "attrition": "attrition",
}
OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def month_rows(month: str, seed: int) -> list[tuple[str, str, object]]:
    """A month of scorecard rows: agent rows under the agent, people rows under the team."""
    rng = random.Random(seed)
    start = datetime.combine(date.fromisoformat(f"{month}-01"), datetime.min.time(), SH)
    rows: list[tuple[str, str, object]] = []
    for agent in AGENTS:
        skill = 0.93 + 0.005 * rng.randrange(10)  # 93% to 97.5% resolved first-line
        for n in range(rng.randrange(240, 320)):
            at = start + timedelta(minutes=rng.randrange(30 * 24 * 60))
            talk = timedelta(seconds=round(rng.gammavariate(4.0, 50.0)))
            rows += [
                (month, agent, kpi.Contact(f"6225-{agent}-{n}", at, rng.random() < skill)),
                (month, agent, kpi.Recording(rng.random() < 0.99)),
                (month, agent, kpi.Handling(talk=talk, after_call_work=timedelta(seconds=30))),
            ]
        rows += [
            (month, agent, kpi.CustomerRating(rng.choices((5, 4, 3, 2, 1), (50, 34, 9, 4, 3))[0]))
            for _ in range(rng.randrange(30, 50))
        ]
    for t, team in enumerate(TEAMS):
        weights = ((40, 35, 13, 8, 4), (30, 33, 20, 10, 7), (38, 36, 14, 8, 4))[t]
        rows += [
            (month, team, kpi.EmployeeRating(rng.choices((5, 4, 3, 2, 1), weights)[0]))
            for _ in range(10)
        ]
        rows.append((month, team, kpi.Headcount(opening=10, closing=10, leavers=t % 2)))
    return rows


def _shown(name: str, value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, timedelta):
        return f"{value.total_seconds():.0f}s"
    assert isinstance(value, float)
    return f"{value:.2%}"


def report(month: str, seed: int, rank_by: str) -> str:
    card = kpi.Scorecard(OBJECTIVES).add_all(month_rows(month, seed))
    labels = {o.name: o.label for o in OBJECTIVES}
    header = "  ".join(f"{SHORT[n]:>10}" for n in AGENT_KPIS)
    lines = [
        f"月度成绩单 month-end scorecard {month} (synthetic, seed {seed})",
        "targets: " + "; ".join(f"{o.label} {OPS[o.op]} {_target(o)}" for o in OBJECTIVES),
        "",
        f"{'agent':8} {header}  missed",
    ]
    for agent in AGENTS:
        report_lines = {line.name: line for line in card.report(period=month, unit=agent)}
        cells = "  ".join(f"{_shown(n, report_lines[n].value):>10}" for n in AGENT_KPIS)
        missed = [n for n in AGENT_KPIS if report_lines[n].met is False]
        lines.append(f"{agent:8} {cells}  {', '.join(missed)}")

    teams = card.rollup(lambda unit: unit.split("-")[0])
    lines += ["", "team   " + " ".join(f"{SHORT[n]:>10}" for n in AGENT_KPIS + TEAM_KPIS)]
    for team in TEAMS:
        by_name = {line.name: line for line in teams.report(period=month, unit=team)}
        cells = []
        for n in AGENT_KPIS + TEAM_KPIS:
            mark = "*" if by_name[n].met is False else " "
            cells.append(f"{_shown(n, by_name[n].value):>9}{mark}")
        lines.append(f"{team}   " + " ".join(cells))
    lines.append("(* target missed)")

    ranking = card.ranking(rank_by, period=month, fraction=0.25, ties="include")
    agents_only = kpi.Ranking(fraction=0.25, better=ranking.better).add_all(
        kpi.Score(member, score)
        for member, (score, _) in ranking.scores.items()
        if member in AGENTS
    )
    lines += [
        "",
        f"排名 ranking by {labels[rank_by]} ({rank_by}): {agents_only.records} agents, "
        f"groups of {agents_only.size} (ties included)",
        "  前25% top 25%:    " + ", ".join(_with_score(agents_only, m) for m in agents_only.top),
        "  后25% bottom 25%: " + ", ".join(_with_score(agents_only, m) for m in agents_only.bottom),
    ]
    return "\n".join(lines)


def _target(o: kpi.Objective) -> str:
    t = o.target
    return f"{t.total_seconds():.0f}s" if isinstance(t, timedelta) else f"{t:.0%}"


def _with_score(ranking: kpi.Ranking, member: str) -> str:
    score = ranking.scores[member][0]
    return f"{member} {float(score):.2%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--month", default="2025-06", help="YYYY-MM")
    parser.add_argument("--seed", type=int, default=202506)
    parser.add_argument(
        "--rank-by", default="first_line_resolution", choices=("first_line_resolution", "csat")
    )
    args = parser.parse_args(argv)
    try:
        date.fromisoformat(f"{args.month}-01")
    except ValueError:
        print(f"--month must be YYYY-MM, got {args.month!r}", file=sys.stderr)
        return 2
    print(report(args.month, args.seed, args.rank_by))
    return 0


if __name__ == "__main__":
    sys.exit(main())
