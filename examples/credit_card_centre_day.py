"""The credit-card centre's day: the four operating KPIs and tomorrow's staffing.

The credit-card centre 招商银行信用卡中心 (see References)
holds its hotline to "专注时效性的作业性指标": ACD接听时效(15秒内接通S/L≥85%),
电话挂断率(≤5%), 一线处理率(≥95%), 录音成功率(≥95%). About 5% of questions
need another department (需要别的部门支援): those leave the first line as a
second-line work order (二线追踪), so the contact is not resolved first-line.

This script makes one day of synthetic, seeded calls (the hourly profile of a
24-hour hotline; waits and abandons grow with the load), scores the day
against the four targets with ``svcquality.kpi``, shows the service level hour
by hour, and plans tomorrow's half-hours with Erlang C from a forecast (today's
arrivals per half-hour times a growth factor) and today's measured handle time.

References:
    * "如何做好银行客服工作", on 招商银行信用卡中心, published as
      "太原人才网【如何做好银行客服工作】" by 红杰人力人才网 (Taiyuan), 2015-01-31,
      <http://www.hjrlrc.com>; a repost whose original author is not named.

Run: ``python examples/credit_card_centre_day.py`` (``--date``, ``--seed``,
``--calls``, ``--growth``, ``--shrinkage``). The library never reads the clock;
the day is an argument.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from svcquality import kpi, staffing

SH = ZoneInfo("Asia/Shanghai")
S = timedelta(seconds=1)
# Calls per hour of a 24-hour hotline, relative (quiet nights, a morning and an evening peak).
PROFILE = (2, 1, 1, 1, 1, 2, 3, 6, 10, 12, 12, 11, 9, 10, 11, 11, 10, 9, 8, 8, 7, 6, 4, 3)
# The credit-card centre's four operating targets, as the library's preset objectives.
OPERATING = ("service_level", "abandon_rate", "first_line_resolution", "recording_success")
OBJECTIVES = tuple(o for o in kpi.seed_objectives() if o.name in OPERATING)
ENGLISH = {
    "service_level": "service level 15 s",
    "abandon_rate": "abandon rate",
    "first_line_resolution": "first-line resolution",
    "recording_success": "recording success",
}
OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def day_records(day: date, calls: int, seed: int) -> list[tuple[str, str, object]]:
    """One day of synthetic records as scorecard rows (period = the date, unit = the hour).

    Every offered call gives a ``kpi.Call``; every answered call also gives a
    ``kpi.Handling``, a ``kpi.Recording`` and a ``kpi.Contact`` (resolved unless a
    second-line work order was raised).
    """
    rng = random.Random(seed)
    period = day.isoformat()
    start = datetime(day.year, day.month, day.day, tzinfo=SH)
    peak = max(PROFILE)
    rows: list[tuple[str, str, object]] = []
    for hour, weight in enumerate(PROFILE):
        unit = f"{hour:02}"
        load = weight / peak
        mean_wait = 2.0 + 8.0 * load**2  # seconds: queues build at the peaks
        p_abandon = 0.01 + 0.04 * load**2
        for _ in range(round(calls * weight / sum(PROFILE))):
            arrived = start + timedelta(hours=hour, seconds=rng.randrange(3600))
            if rng.random() < p_abandon:
                gave_up = timedelta(milliseconds=1 + round(rng.expovariate(1 / 25) * 1000))
                rows.append((period, unit, kpi.Call(arrived=arrived, abandoned=arrived + gave_up)))
                continue
            wait = timedelta(milliseconds=round(rng.expovariate(1 / mean_wait) * 1000))
            rows.append((period, unit, kpi.Call(arrived=arrived, answered=arrived + wait)))
            talk = timedelta(seconds=round(rng.gammavariate(4.0, 40.0)))
            rows += [
                (period, unit, kpi.Handling(talk=talk, after_call_work=20 * S)),
                (period, unit, kpi.Recording(rng.random() < 0.993)),
                (
                    period,
                    unit,
                    kpi.Contact(f"6225-{rng.randrange(10**6):06}", arrived, rng.random() >= 0.04),
                ),
            ]
    return rows


def forecast_for_tomorrow(rows: list[tuple[str, str, object]], growth: float) -> list[float]:
    """Tomorrow's calls per half-hour: today's arrivals per half-hour times ``growth``."""
    counts = Counter(
        r.arrived.hour * 2 + r.arrived.minute // 30 for _, _, r in rows if isinstance(r, kpi.Call)
    )
    return [counts[i] * growth for i in range(48)]


def _pct(value: object) -> str:
    return "-" if not isinstance(value, float) else f"{value:.1%}"


def report(day: date, calls: int, seed: int, growth: float, shrinkage: float) -> str:
    rows = day_records(day, calls, seed)
    card = kpi.Scorecard(OBJECTIVES).add_all(rows)
    centre = card.rollup(lambda _hour: "centre")
    cell = centre.cell(day.isoformat(), "centre")
    sl = cell["service_level"]
    ar = cell["abandon_rate"]
    assert isinstance(sl, kpi.ServiceLevel)
    assert isinstance(ar, kpi.AbandonRate)
    work_orders = sum(1 for _, _, r in rows if isinstance(r, kpi.Contact) and not r.resolved)
    lines = [
        f"信用卡中心 credit-card centre, {day:%Y-%m-%d %a} (synthetic calls, seed {seed})",
        f"来电 offered {ar.answered + ar.abandoned:,}: 接通 answered {ar.answered:,}, "
        f"放弃 abandoned {ar.abandoned:,}",
        "",
        f"{'KPI':24} {'value':>7} {'target':>7}  met  指标",
    ]
    for line in centre.report():
        target = f"{OPS[line.op]}{line.target:.0%}"
        met = "yes" if line.met else "NO "
        lines.append(
            f"{ENGLISH[line.name]:24} {_pct(line.value):>7} {target:>7}  {met}  {line.label}"
        )
    lines.append(
        f"15秒内接通 answered within 15 s: {sl.answered_within:,} of "
        f"{sl.answered + sl.abandoned:,} offered"
    )
    lines.append(f"二线工单 second-line work orders: {work_orders} (需要别的部门支援)")
    lines.append("")
    lines.append("服务水平 by hour (15 s), worst hours marked *:")
    hourly = {
        line.unit: line
        for line in card.report(period=day.isoformat())
        if line.name == "service_level"
    }
    row = []
    for hour in sorted(hourly):
        line = hourly[hour]
        mark = "*" if line.met is False else " "
        row.append(f"{hour}h {_pct(line.value):>6}{mark}")
        if len(row) == 6:
            lines.append("  " + "  ".join(row))
            row = []
    missed = [h for h, line in sorted(hourly.items()) if line.met is False]
    lines.append(f"  hours below 85%: {', '.join(missed) or 'none'}")

    aht_acc = kpi.AverageHandleTime().add_all(r for _, _, r in rows)
    aht = aht_acc.value
    assert aht is not None
    aht = timedelta(seconds=round(aht.total_seconds()))
    forecast = forecast_for_tomorrow(rows, growth)
    plan = staffing.plan_day(
        forecast, aht=aht, answer_within=15 * S, target=0.85, shrinkage=shrinkage
    )
    tomorrow = day + timedelta(days=1)
    lines += [
        "",
        f"明日排班 staffing for {tomorrow:%Y-%m-%d %a} (Erlang C, 85% in 15 s)",
        f"  forecast: today's arrivals per half-hour x {growth} = {plan.calls:,.0f} calls; "
        f"AHT today {int(aht.total_seconds())} s; shrinkage {shrinkage:.0%}",
        f"  {'half-hour':11} {'calls':>6} {'agents':>6} {'scheduled':>9} {'SL':>6}",
    ]
    for i, p in enumerate(plan.intervals):
        if p is None or i % 4:  # every other hour keeps the table short
            continue
        lines.append(
            f"  {i // 2:02}:{30 * (i % 2):02}-{(i + 1) // 2:02}:{30 * ((i + 1) % 2):02}"
            f" {forecast[i]:>6.1f} {p.agents:>6} {p.scheduled:>9} {p.service_level:>6.1%}"
        )
    paid = plan.scheduled_time.total_seconds() / 3600
    lines.append(
        f"  peak 坐席 agents {plan.peak_agents}, peak scheduled {plan.peak_scheduled}, "
        f"paid agent-hours {paid:.1f}, planned SL {_pct(plan.service_level)}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2025, 6, 3))
    parser.add_argument("--seed", type=int, default=20250603)
    parser.add_argument("--calls", type=int, default=3000, help="calls offered in the day")
    parser.add_argument("--growth", type=float, default=1.05, help="tomorrow / today")
    parser.add_argument("--shrinkage", type=float, default=0.30, help="paid time off the phones")
    args = parser.parse_args(argv)
    if args.calls < 100:
        print("--calls must be at least 100", file=sys.stderr)
        return 2
    try:
        print(report(args.date, args.calls, args.seed, args.growth, args.shrinkage))
    except ValueError as exc:  # every svcquality input error is a ValueError
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
