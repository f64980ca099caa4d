"""A branch complaint desk's same-day loop, with the head office's re-check and call-back.

The joint-stock bank branch 中国民生银行赣州分行 (see References)
runs complaints under 首问负责制: "每个投诉工单处理均要求当天处理当天完结，同时总行
客户服务部门还制定了复查制度，定期抽查工单反馈结果，直接与客户进行电话回访" —
every complaint work order is handled and closed the same day; the head office
re-checks a sample of the results and calls the customers back. The closed
loop and the monthly 10% re-check come from the service-quality manual
(《银行客户服务质量提升操作手册》): 接收—分析—处理—反馈—验证, "每月抽取10%已解决问题'回头看'",
and a dissatisfied rating must be apologised for and resolved within 24 hours.

Each complaint is a ``svcquality.feedback.FeedbackCase`` whose promise is "the
same business day" (``Target.working_days(0)``) with a 16:00 cut-off: a
complaint received at or after 16:00, or on a closed day, is due at the close
of the next working day. The milestone is met when the result is fed back to
the customer. The month's complaints are synthetic and seeded; the re-check
sample is the library's keyed hash of each case id, so the head office and
the branch draw the same cases.

References:
    * "规范文明服务 用心创造未来——中国民生银行赣州分行客户服务工作经验介绍",
      中国民生银行赣州分行, 赣州金融网, 2014-09-24.
    * 《银行客户服务质量提升操作手册》, uploaded by a user to 人人文库
      (renrendoc.com); author, publisher and date not given.

Run: ``python examples/complaint_desk_same_day.py`` (``--month``, ``--seed``).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import svcquality as sq
from svcquality import feedback, kpi

SH = ZoneInfo("Asia/Shanghai")
CUTOFF = time(16)
BRANCH = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN", name="ganzhou"
)
SAME_DAY = sq.Promise(
    service="complaint",
    name="当日办结",
    calendar=BRANCH,
    milestones={"close": sq.Target.working_days(0, cutoff=CUTOFF)},
)
PER_DAY = 2


def month_cases(month: str, seed: int) -> list[feedback.FeedbackCase]:
    """The month's complaint cases: two a working day, seeded.

    Most are fed back within a couple of hours; about one in eight waits for
    another department until the next morning. The customer's satisfaction is
    asked the next day by SMS; the month's third case is rated dissatisfied,
    apologised for and handled again.
    """
    rng = random.Random(seed)
    first = date.fromisoformat(f"{month}-01")
    day, cases = first, []
    while day.month == first.month:
        if BRANCH.is_working_day(day):
            for _ in range(PER_DAY):
                n = len(cases) + 1
                opened = datetime.combine(day, time(9), SH) + timedelta(
                    minutes=rng.randrange(8 * 60 + 30)
                )  # 09:00-17:29
                if rng.random() < 0.125:  # needs another department: next morning
                    next_day = BRANCH.add_working_days(day, 1)
                    handled = datetime.combine(next_day, time(9), SH) + timedelta(
                        minutes=rng.randrange(15, 60)
                    )
                else:
                    handled = BRANCH.add(opened, timedelta(minutes=rng.randrange(30, 150)))
                fed_back = handled + timedelta(minutes=10)
                verified = fed_back + timedelta(days=1)
                log: list[feedback.FeedbackEvent] = [
                    feedback.Received(opened, note="柜面投诉"),
                    feedback.Analysed(opened + timedelta(minutes=5)),
                    feedback.Handled(handled),
                    feedback.FedBack(fed_back, via="电话"),
                ]
                if n == 3:  # the customer is not satisfied: apologise, handle, ask again
                    log += [
                        feedback.Verified(verified, satisfied=False),
                        feedback.Apologised(verified + timedelta(hours=2)),
                        feedback.Handled(verified + timedelta(hours=20)),
                        feedback.FedBack(verified + timedelta(hours=21), via="电话"),
                        feedback.Verified(verified + timedelta(hours=22), satisfied=True),
                    ]
                else:
                    log.append(feedback.Verified(verified, satisfied=True))
                cases.append(
                    feedback.FeedbackCase(
                        f"TS-{day:%Y%m%d}-{n:03}", SAME_DAY, log, met_by={"close": "fed_back"}
                    )
                )
        day += timedelta(days=1)
    return cases


def report(month: str, seed: int) -> str:
    cases = month_cases(month, seed)
    now = max(c.closed_at for c in cases if c.closed_at is not None)  # the month's loop is done
    readings = {case.case_id: case.reading(now) for case in cases}
    compliance = kpi.PromiseCompliance(basis="closed").add_all(readings.values())
    late_cut = [c for c in cases if c.stages["received"].astimezone(SH).time() >= CUTOFF]
    lines = [
        f"投诉工单 complaint desk, {month}: {len(cases)} cases (synthetic, seed {seed})",
        "promise 当日办结 same business day; received at or after 16:00 -> next working day",
        "",
        f"当日办结率 closed on time: {compliance.compliant} of {compliance.measured} "
        f"({compliance.value:.1%})",
        f"received at or after the 16:00 cut-off: {len(late_cut)}",
        "",
        "late cases 超时工单:",
    ]
    for case in cases:
        m = readings[case.case_id].milestones["close"]
        if m.status is sq.Status.BREACHED:
            got = case.stages["received"].astimezone(SH)
            assert m.met_at is not None
            lines.append(
                f"  {case.case_id}  received {got:%a %m-%d %H:%M}, due {m.due:%a %m-%d %H:%M}, "
                f"fed back {m.met_at.astimezone(SH):%a %m-%d %H:%M}"
            )
    lines += ["", "不满意 dissatisfied ratings (apologise and resolve within 24 h):"]
    for case in cases:
        apology = case.apology_reading(now)
        if apology is None:
            continue
        for name, m in apology.milestones.items():
            assert m.met_at is not None
            lines.append(
                f"  {case.case_id}  {name:9} {m.status.value:8} due {m.due:%m-%d %H:%M}, "
                f"done {m.met_at.astimezone(SH):%m-%d %H:%M}"
            )
    resolved = [c.case_id for c in cases if c.is_resolved]
    sample = feedback.Sample(0.10, seed=month)
    drawn = sample.select(resolved)
    lines += [
        "",
        f"总行复查 head-office re-check: 10% of {len(resolved)} resolved cases, seed {month!r}",
        f"  电话回访 call back {len(drawn)} (a keyed-hash draw: about 10%, the same on every run)",
        *(f"    {d}" for d in drawn),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--month", default="2025-11", help="YYYY-MM")
    parser.add_argument("--seed", type=int, default=202511)
    args = parser.parse_args(argv)
    try:
        date.fromisoformat(f"{args.month}-01")
    except ValueError:
        print(f"--month must be YYYY-MM, got {args.month!r}", file=sys.stderr)
        return 2
    try:
        print(report(args.month, args.seed))
    except sq.SvcQualityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
