"""A branch's service-time promises, node reminders and the green channel.

The service-quality manual (《银行客户服务质量提升操作手册》) asks a branch for 服务时限承诺:
"对开户、挂失、贷款审批等核心业务明确限时办结标准，系统设置节点提醒，90%以上常规
业务承诺时限内完成。超时业务启动'绿色通道'，主管介入协调，同步反馈客户进度。"
Committed completion times for account opening, loss reporting and loan
approval; a reminder at a node of each promise; at least 90% of routine
business within its promise; overdue business goes to the green channel,
where a supervisor steps in and the customer is told the progress.

This branch promises, on its counter hours (mon-fri 09:00-12:00, 13:30-17:00,
China's holidays):

- 开户 account opening: complete within 2 business hours;
- 挂失 loss reporting (应急服务窗口): respond within 1 business hour, initial
  disposal within 4 business hours;
- 贷款审批 loan approval: within 5 working days of receipt (the receipt day not
  counted; a receipt after close of business counts from the next working day).

Every promise has a ladder: 节点提醒 to the handler at 80% of the time, and on
breach 绿色通道 to the supervisor plus a progress update to the customer. The
script reads the clock of each of the week's twenty requests at Friday's close,
lists the escalations that are due (each with its stable id), and computes
promise compliance on the three bases the industry uses.

References:
    * 《银行客户服务质量提升操作手册》, uploaded by a user to 人人文库
      (renrendoc.com); author, publisher and date not given.

Run: ``python examples/branch_green_channel.py`` (``--now`` to read at another
instant, ISO 8601 with an offset).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import svcquality as sq
from svcquality import kpi

SH = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)

BRANCH = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN", name="branch"
)
PROMISES = {
    "account_opening": sq.Promise(
        service="account_opening",
        name="开户",
        calendar=BRANCH,
        milestones={"complete": sq.Target.business(2 * H)},
        goal=0.90,
    ),
    "loss_report": sq.Promise(
        service="loss_report",
        name="挂失",
        calendar=BRANCH,
        milestones={
            "respond": sq.Target.business(1 * H),
            "initial_disposal": sq.Target.business(4 * H),
        },
        goal=0.90,
    ),
    "loan_approval": sq.Promise(
        service="loan_approval",
        name="贷款审批",
        calendar=BRANCH,
        milestones={"approve": sq.Target.working_days(5)},
        goal=0.90,
    ),
}


def node_and_green_channel(milestone: str) -> sq.Ladder:
    """节点提醒 at 80%; on breach 绿色通道 (supervisor) and 同步反馈客户进度."""
    return sq.Ladder(
        milestone,
        (
            sq.Step(sq.Consumed(0.8), sq.Notify("handler")),
            sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),
            sq.Step(sq.OnBreach(), sq.InformCustomer("progress_update")),
        ),
    )


LADDERS = {
    "account_opening": (node_and_green_channel("complete"),),
    "loss_report": (
        sq.Ladder("respond", (sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),)),
        node_and_green_channel("initial_disposal"),
    ),
    "loan_approval": (node_and_green_channel("approve"),),
}


def at(text: str) -> datetime:
    """A Shanghai wall time, e.g. ``at("2025-11-03 09:10")``."""
    return datetime.fromisoformat(text).replace(tzinfo=SH)


def simple(
    request: str, service: str, opened: str, resolved: str | None = None
) -> tuple[str, str, list[sq.Event]]:
    """A request opened and (perhaps) resolved, with nothing in between."""
    log: list[sq.Event] = [sq.Opened(at(opened))]
    if resolved is not None:
        log.append(sq.Resolved(at(resolved)))
    return request, service, log


def week() -> list[tuple[str, str, list[sq.Event]]]:
    """The week's twenty requests: (request id, service, event log)."""
    return [
        simple("A-01", "account_opening", "2025-11-03 09:10", "2025-11-03 10:05"),
        simple("A-02", "account_opening", "2025-11-03 10:30", "2025-11-03 13:50"),
        (
            "A-03",
            "account_opening",
            [
                sq.Opened(at("2025-11-03 16:20")),
                sq.Paused(at("2025-11-03 16:40"), reason="等待客户补充材料"),
                sq.Resumed(at("2025-11-04 09:30")),
                sq.Resolved(at("2025-11-04 10:40")),
            ],
        ),
        simple("A-04", "account_opening", "2025-11-04 11:00", "2025-11-04 15:00"),
        simple("A-05", "account_opening", "2025-11-05 09:00", "2025-11-05 09:45"),
        simple("A-06", "account_opening", "2025-11-05 14:00", "2025-11-05 15:30"),
        simple("A-07", "account_opening", "2025-11-06 15:30", "2025-11-07 09:25"),
        simple("A-08", "account_opening", "2025-11-07 13:00", "2025-11-07 14:10"),
        (
            "L-01",
            "loss_report",
            [
                sq.Opened(at("2025-11-03 09:30")),
                sq.Met(at("2025-11-03 09:50"), "respond"),
                sq.Resolved(at("2025-11-03 11:00")),
            ],
        ),
        (
            "L-02",
            "loss_report",
            [
                sq.Opened(at("2025-11-04 16:30")),
                sq.Met(at("2025-11-05 09:10"), "respond"),
                sq.Resolved(at("2025-11-05 11:30")),
            ],
        ),
        (
            "L-03",
            "loss_report",
            [
                sq.Opened(at("2025-11-05 10:00")),
                sq.Met(at("2025-11-05 10:40"), "respond"),
                sq.Resolved(at("2025-11-05 15:20")),
            ],
        ),
        (
            "L-04",
            "loss_report",
            [
                sq.Opened(at("2025-11-06 09:00")),
                sq.Met(at("2025-11-06 09:20"), "respond"),
                sq.Resolved(at("2025-11-06 11:45")),
            ],
        ),
        (
            "L-05",
            "loss_report",
            [sq.Opened(at("2025-11-07 14:00")), sq.Met(at("2025-11-07 14:15"), "respond")],
        ),
        (
            "L-06",
            "loss_report",
            [
                sq.Opened(at("2025-11-07 09:00")),
                sq.Met(at("2025-11-07 09:40"), "respond"),
                sq.Resolved(at("2025-11-07 11:30")),
            ],
        ),
        simple("K-01", "loan_approval", "2025-10-27 10:00", "2025-10-31 16:00"),
        (
            "K-02",
            "loan_approval",
            [
                sq.Opened(at("2025-10-28 16:30")),
                sq.Paused(at("2025-10-30 10:00"), reason="等待客户补件"),
                sq.Resumed(at("2025-11-03 10:00")),
                sq.Resolved(at("2025-11-04 11:00")),
            ],
        ),
        simple("K-03", "loan_approval", "2025-10-29 18:00", "2025-11-06 15:00"),
        simple("K-04", "loan_approval", "2025-10-30 09:30"),
        simple("K-05", "loan_approval", "2025-10-31 11:00", "2025-11-05 10:00"),
        simple("K-06", "loan_approval", "2025-11-03 14:00"),
    ]


def _target(target: sq.Target) -> str:
    if target.kind == "working_days":
        return f"within {target.count} working days (收到之日不计)"
    assert target.duration is not None
    hours = target.duration.total_seconds() / 3600
    return f"within {hours:g} business hour{'' if hours == 1 else 's'}"


def _action(action: object) -> str:
    if isinstance(action, sq.GreenChannel):
        return f"绿色通道 green channel -> {action.role}"
    if isinstance(action, sq.InformCustomer):
        return f"同步反馈客户进度 inform customer ({action.template_id})"
    if isinstance(action, sq.Notify):
        return f"节点提醒 node reminder -> {action.role}"
    return repr(action)


def report(now: datetime) -> str:
    state = "open" if BRANCH.is_open(now) else "closed"  # refuses a naive datetime
    now = now.astimezone(SH)
    lines = [
        f"网点服务时限承诺 branch service-time promises, read at {now:%a %Y-%m-%d %H:%M} "
        f"(branch {state})",
        "counter hours mon-fri 09:00-12:00, 13:30-17:00; " + BRANCH.holiday_data,
        "",
    ]
    for promise in PROMISES.values():
        targets = ", ".join(f"{m} {_target(t)}" for m, t in promise.milestones.items())
        lines.append(f"  {promise.name} {promise.service}: {targets}")
    lines += ["", f"{'request':8} {'service':16} {'milestone':17} {'status':9} due"]
    readings: dict[str, list[sq.ClockReading]] = {service: [] for service in PROMISES}
    escalations: list[tuple[str, sq.DueAction]] = []
    timers: list[tuple[str, datetime]] = []
    for request, service, log in week():
        if log[0].at > now:  # not arrived yet at this reading
            continue
        promise, ladders = PROMISES[service], LADDERS[service]
        reading = sq.read_clock(promise, log, now)
        readings[service].append(reading)
        for name, m in reading.milestones.items():
            done = f"  (met {m.met_at:%a %H:%M})" if m.met_at else ""
            lines.append(
                f"{request:8} {service:16} {name:17} {m.status.value:9} "
                f"{m.due:%a %m-%d %H:%M}{done}"
            )
        escalations += [(request, a) for a in sq.due_actions(promise, ladders, log, now, request)]
        nxt = sq.next_due(promise, ladders, log, now)
        if nxt is not None:
            timers.append((request, nxt))

    lines += ["", "升级 escalations due (ids are stable: act once per id)"]
    for _request, action in sorted(escalations, key=lambda ra: (ra[1].trigger_at, ra[1].id)):
        lines.append(
            f"  {action.trigger_at:%a %m-%d %H:%M}  {action.id:28} {_action(action.action)}"
        )
    green = sorted({r for r, a in escalations if isinstance(a.action, sq.GreenChannel)})
    lines.append(f"  in the green channel: {', '.join(green) or 'none'}")
    lines += ["", "下一个定时器 next timers (next_due)"]
    lines += [f"  {request}: {when:%a %Y-%m-%d %H:%M}" for request, when in timers]

    lines += [
        "",
        "承诺时限内完成率 promise compliance (goal ≥ 90%)",
        f"  {'basis':26} {'kept':>5} {'of':>3} {'rate':>6}  met",
    ]
    everything = [r for rs in readings.values() for r in rs]
    for basis in ("closed", "closed_and_breached_open", "ever_breached"):
        acc = kpi.PromiseCompliance(basis=basis).add_all(everything)
        # PromiseCompliance has no `exact` yet: compare the counts exactly with 9/10.
        rate = None if acc.measured == 0 else Fraction(acc.compliant, acc.measured)
        shown = "-" if rate is None else f"{float(rate):.1%}"
        met = "-" if rate is None else ("yes" if rate >= Fraction(9, 10) else "NO")
        lines.append(f"  {basis:26} {acc.compliant:>5} {acc.measured:>3} {shown:>6}  {met}")
    lines.append("  ('closed' leaves out open requests, even overdue ones such as K-04)")
    lines.append("  by service (basis closed_and_breached_open):")
    for service, rs in readings.items():
        acc = kpi.PromiseCompliance(basis="closed_and_breached_open").add_all(rs)
        value = "-" if acc.value is None else f"{acc.value:.1%}"
        lines.append(
            f"    {PROMISES[service].name} {service:16} {acc.compliant}/{acc.measured} {value}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--now",
        type=datetime.fromisoformat,
        default=datetime.fromisoformat("2025-11-07T17:00+08:00"),
        help="when to read the clocks, ISO 8601 with an offset (default Friday's close)",
    )
    args = parser.parse_args(argv)
    try:
        print(report(args.now))
    except sq.SvcQualityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
