"""A tier I system-failure incident on the 7x24 duty desk, driven by next_due timers.

The service-quality manual's tiered response (分级响应, 《银行客户服务质量提升操作手册》):
"Ⅰ级(紧急/影响广,如系统故障):1小时应急,24小时公告方案" — a tier I case (urgent
or wide impact, such as a system failure) gets an emergency response within
1 hour and a published plan within 24 hours. The duty desk runs 7x24, so
the clock never stops for nights or weekends; the escalation climbs by the
hour when a milestone is missed.

The host here is a tiny scheduler: it keeps the request's event log, asks
``next_due`` for the one instant at which its timer should fire, and at each
timer or event asks ``due_actions`` for what is due, acting once per action
id. Branch managers are told on their office calendar, so a notice that falls
due on a Saturday night is delivered on Monday at 09:00.

Default story: the core card system fails on Saturday 1 November 2025 at
02:10. The duty desk responds at 03:40 (30 minutes late) and the plan is
published on Sunday at 01:30 (on time). ``--responded`` and ``--plan`` change
those instants; ``--plan none`` shows the hourly escalation after a missed plan.

References:
    * 《银行客户服务质量提升操作手册》, uploaded by a user to 人人文库
      (renrendoc.com); author, publisher and date not given.

Run: ``python examples/tier_one_incident.py``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import svcquality as sq

SH = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)

DUTY = sq.BusinessCalendar.always_open(zone="Asia/Shanghai", holidays="CN", name="7x24 duty desk")
OFFICE = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:30"}, zone="Asia/Shanghai", holidays="CN", name="office"
)
TIER_I = sq.Promise(
    service="feedback",
    name="I",
    calendar=DUTY,
    milestones={
        "respond": sq.Target.business(1 * H),  # 1小时应急
        "plan": sq.Target.business(24 * H),  # 24小时公告方案
    },
)
LADDERS = (
    sq.Ladder(
        "respond",
        (
            sq.Step(sq.Consumed(0.5), sq.Notify("duty_manager")),  # 值班经理
            sq.Step(sq.OnBreach(), sq.Notify("head_of_operations")),  # 运营负责人
            sq.Step(sq.AfterDue(1 * H), sq.Notify("division_head")),  # 分管行领导
            sq.Step(sq.AfterDue(2 * H), sq.Notify("president")),  # 行长
        ),
    ),
    sq.Ladder(
        "plan",
        (
            # 各网点负责人: told in office hours, not at night.
            sq.Step(sq.Consumed(0.25), sq.Notify("branch_managers"), calendar=OFFICE),
            sq.Step(sq.Consumed(0.5), sq.Notify("incident_lead")),
            sq.Step(sq.BeforeDue(2 * H), sq.Notify("head_of_operations")),
            sq.Step(sq.OnBreach(), sq.Reassign("emergency_team")),  # 应急小组接手
            sq.Step(sq.OnBreach(), sq.InformCustomer("service_notice")),  # 公告客户
            sq.Step(sq.AfterDue(1 * H), sq.Notify("division_head")),
            sq.Step(sq.AfterDue(2 * H), sq.Notify("president")),
        ),
    ),
)


def _what(action: object) -> str:
    if isinstance(action, sq.Notify):
        return f"notify {action.role}"
    if isinstance(action, sq.Reassign):
        return f"reassign to {action.role}"
    if isinstance(action, sq.InformCustomer):
        return f"inform customers ({action.template_id})"
    return repr(action)


def simulate(
    opened: datetime, events: list[sq.Event], until: datetime
) -> tuple[list[str], list[sq.Event], set[str]]:
    """Run the host's loop from ``opened`` to ``until``: timers from next_due, events as they come.

    Returns the timeline lines, the log as it stands and the ids acted on.
    """
    log: list[sq.Event] = [sq.Opened(at=opened)]
    pending = sorted(events, key=lambda e: e.at)
    acted: set[str] = set()
    lines = [f"{opened:%a %m-%d %H:%M}  event  Opened (系统故障, tier I)"]
    now = opened
    while True:
        timer = sq.next_due(TIER_I, LADDERS, log, now)
        event = pending[0] if pending else None
        if event is not None and (timer is None or event.at <= timer):
            now = event.at
            if now > until:
                break
            log.append(pending.pop(0))
            shown = f"Met {event.milestone}" if isinstance(event, sq.Met) else type(event).__name__
            lines.append(f"{now:%a %m-%d %H:%M}  event  {shown}")
        elif timer is not None:
            now = timer
            if now > until:
                break
            for due in sq.due_actions(TIER_I, LADDERS, log, now, request="INC-20251101-01"):
                if due.id in acted:
                    continue  # acted on at an earlier timer
                acted.add(due.id)
                later = (
                    ""
                    if due.deliver_at == due.trigger_at
                    else f", delivered {due.deliver_at:%a %m-%d %H:%M}"
                )
                lines.append(f"{now:%a %m-%d %H:%M}  timer  {due.id:28} {_what(due.action)}{later}")
        else:
            break
    return lines, log, acted


def report(opened: datetime, responded: datetime, plan: datetime | None) -> str:
    DUTY.is_open(opened)  # refuses a naive datetime
    opened = opened.astimezone(SH)
    events: list[sq.Event] = [sq.Met(at=responded, milestone="respond")]
    if plan is not None:
        events.append(sq.Met(at=plan, milestone="plan"))
    until = opened + 30 * H
    lines, log, acted = simulate(opened, events, until)
    reading = sq.read_clock(TIER_I, log, until)
    head = [
        "Ⅰ级 tier I incident INC-20251101-01: 核心卡系统故障 core card system failure",
        f"calendar {reading.calendar} (7x24); branch managers on '{OFFICE.name}' hours",
        "",
    ]
    tail = ["", f"reading at {until:%a %m-%d %H:%M}:"]
    for name, m in reading.milestones.items():
        met = f", met {m.met_at:%a %m-%d %H:%M}" if m.met_at else ""
        late = ""
        if m.status is sq.Status.BREACHED and m.met_at is not None:
            late = f" ({int((m.met_at - m.due).total_seconds() // 60)} min late)"
        tail.append(f"  {name:8} {m.status.value:9} due {m.due:%a %m-%d %H:%M}{met}{late}")
    tail.append(f"  actions taken: {len(acted)}")
    return "\n".join(head + lines + tail)


def _instant_or_none(text: str) -> datetime | None:
    return None if text.lower() == "none" else datetime.fromisoformat(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--opened", type=datetime.fromisoformat, default=datetime(2025, 11, 1, 2, 10, tzinfo=SH)
    )
    parser.add_argument(
        "--responded", type=datetime.fromisoformat, default=datetime(2025, 11, 1, 3, 40, tzinfo=SH)
    )
    parser.add_argument(
        "--plan",
        type=_instant_or_none,
        default=datetime(2025, 11, 2, 1, 30, tzinfo=SH),
        help="when the plan was published, or 'none'",
    )
    args = parser.parse_args(argv)
    try:
        print(report(args.opened, args.responded, args.plan))
    except sq.SvcQualityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
