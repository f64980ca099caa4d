"""examples/tier_one_incident.py: a tier I system failure driven by next_due timers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.examples.runner import load, run

import svcquality as sq

SH = ZoneInfo("Asia/Shanghai")


class TestTierOneIncident:
    def test_default_story(self) -> None:
        """Opened Sat 02:10: respond due 03:10 (met 03:40, late), plan due Sun 02:10 (met 01:30)."""
        code, out, err = run("tier_one_incident")
        assert code == 0, err
        timeline = [line for line in out.splitlines() if "  timer  " in line or "  event  " in line]
        assert timeline == [
            "Sat 11-01 02:10  event  Opened (系统故障, tier I)",
            # 50% of 1 h, then the breach at 03:10
            "Sat 11-01 02:40  timer  INC-20251101-01/0/respond/0  notify duty_manager",
            "Sat 11-01 03:10  timer  INC-20251101-01/0/respond/1  notify head_of_operations",
            "Sat 11-01 03:40  event  Met respond",  # so 04:10 and 05:10 never fire
            # 25% of 24 h = 08:10 Saturday; the office opens Monday 09:00.
            "Sat 11-01 08:10  timer  INC-20251101-01/0/plan/0     notify branch_managers, "
            "delivered Mon 11-03 09:00",
            "Sat 11-01 14:10  timer  INC-20251101-01/0/plan/1     notify incident_lead",
            "Sun 11-02 00:10  timer  INC-20251101-01/0/plan/2     notify head_of_operations",
            "Sun 11-02 01:30  event  Met plan",
        ]
        assert "respond  breached  due Sat 11-01 03:10, met Sat 11-01 03:40 (30 min late)" in out
        assert "plan     met       due Sun 11-02 02:10, met Sun 11-02 01:30" in out
        assert "actions taken: 5" in out

    def test_missed_plan_escalates_by_the_hour(self) -> None:
        """Without a plan the ladder climbs at 02:10, 03:10 and 04:10 on Sunday."""
        code, out, _ = run("tier_one_incident", "--plan", "none")
        assert code == 0
        assert (
            "Sun 11-02 02:10  timer  INC-20251101-01/0/plan/3     reassign to emergency_team" in out
        )
        assert "Sun 11-02 02:10  timer  INC-20251101-01/0/plan/4     inform customers" in out
        assert "Sun 11-02 03:10  timer  INC-20251101-01/0/plan/5     notify division_head" in out
        assert "Sun 11-02 04:10  timer  INC-20251101-01/0/plan/6     notify president" in out
        assert "plan     breached  due Sun 11-02 02:10" in out
        assert "actions taken: 9" in out

    def test_response_in_time(self) -> None:
        """Responding at 02:50 stops the respond ladder after its 50% reminder."""
        code, out, _ = run("tier_one_incident", "--responded", "2025-11-01T02:50+08:00")
        assert code == 0
        assert "respond/0" in out
        assert "respond/1" not in out
        assert "respond  met       due Sat 11-01 03:10, met Sat 11-01 02:50" in out

    def test_the_host_acts_once_per_id(self) -> None:
        """The ids acted on in the loop are exactly what one evaluation at the end gives."""
        example = load("tier_one_incident")
        opened = datetime(2025, 11, 1, 2, 10, tzinfo=SH)
        events: list[sq.Event] = [sq.Met(at=opened + timedelta(minutes=90), milestone="respond")]
        _, log, acted = example.simulate(opened, events, opened + timedelta(hours=30))
        end = opened + timedelta(hours=30)
        once = sq.due_actions(example.TIER_I, example.LADDERS, log, end, "INC-20251101-01")
        assert acted == {a.id for a in once}
        assert len(acted) == 9  # 2 respond steps, 7 plan steps (no plan published)

    def test_naive_opening(self) -> None:
        """An opening instant without an offset is refused."""
        code, _, err = run("tier_one_incident", "--opened", "2025-11-01T02:10")
        assert code == 2
        assert "naive" in err
