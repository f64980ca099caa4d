"""Review of escalation: edges where a step fired while its milestone was paused."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import svcquality as sq

SH = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)

DESK = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN", name="desk"
)
TIER_III = sq.Promise(
    service="feedback", name="III", calendar=DESK, milestones={"respond": sq.Target.business(8 * H)}
)
TIER_I = sq.Promise(
    service="feedback", name="I", calendar=DESK, milestones={"respond": sq.Target.business(H)}
)
LADDER = sq.Ladder(
    "respond",
    (sq.Step(sq.OnBreach(), sq.GreenChannel()), sq.Step(sq.Consumed(0.5), sq.Notify("handler"))),
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


def test_a_zero_length_running_stretch_fires_nothing_while_paused() -> None:
    # Resumed and Paused at the same instant leave the clock paused: a retarget
    # just after them (2 h used against 1 h) is due when the clock runs again.
    log = [
        sq.Opened(at=at("2025-11-17 09:00")),
        sq.Paused(at=at("2025-11-17 11:00"), reason="等待客户补充材料"),
        sq.Resumed(at=at("2025-11-17 14:00")),
        sq.Paused(at=at("2025-11-17 14:00"), reason="等待客户补充材料"),
        sq.Retargeted(at=at("2025-11-17 14:00"), promise=TIER_I, policy="keep_elapsed"),
    ]
    assert sq.due_actions(TIER_III, [LADDER], log, at("2025-11-17 15:00")) == ()
    assert (
        sq.read_clock(TIER_III, log, at("2025-11-17 15:00")).milestones["respond"].status
        is sq.Status.PAUSED
    )
    resumed = [*log, sq.Resumed(at=at("2025-11-17 16:00"))]
    assert sq.next_due(TIER_III, [LADDER], resumed, at("2025-11-17 15:00")) == at(
        "2025-11-17 16:00"
    )
    due = sq.due_actions(TIER_III, [LADDER], resumed, at("2025-11-17 16:30"))
    assert [(a.id, a.trigger_at) for a in due] == [
        ("R-1/0/respond/0", at("2025-11-17 16:00")),
        ("R-1/0/respond/1", at("2025-11-17 16:00")),
    ]
    breached = sq.read_clock(TIER_III, resumed, at("2025-11-17 16:30")).milestones["respond"]
    assert breached.breached_at == at("2025-11-17 16:00")
