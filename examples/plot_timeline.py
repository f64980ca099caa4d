"""Draw the month's heat maps and one request's timeline as PNG files (matplotlib).

The service-quality manual 《银行客户服务质量提升操作手册》 classifies feedback "按'业务类型、
问题性质、客户层级'分类…形成《服务问题热力图》" — by business type, problem nature
and customer tier, into a heat map of service problems. This script draws:

- ``heatmap_day_hour.png``: the month's requests by day of month x hour of day;
- ``heatmap_type_nature.png``: the month's feedback by business type x problem
  nature, from ``svcquality.feedback.HeatMap``;
- ``timeline.png``: one account opening (开户, 2 business hours) — opened, paused
  awaiting the customer, resumed, the original and the current due instant,
  the node reminder and the green channel (绿色通道), resolved.

The library computes; only this script writes files. The data are synthetic
and seeded. Labels are in English, since a CJK font may not be installed.

References:
    * 《银行客户服务质量提升操作手册》, uploaded by a user to 人人文库
      (renrendoc.com); author, publisher and date not given.

Run: ``python examples/plot_timeline.py [OUT]`` (default ``./out``; needs the
``plot`` extra: ``pip install 'svcquality[plot]'``).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import svcquality as sq
from svcquality import feedback

SH = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)
BRANCH = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN", name="branch"
)
ACCOUNT_OPENING = sq.Promise(
    service="account_opening", calendar=BRANCH, milestones={"complete": sq.Target.business(2 * H)}
)
LADDER = sq.Ladder(
    "complete",
    (
        sq.Step(sq.Consumed(0.5), sq.Notify("handler")),  # 节点提醒
        sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),  # 绿色通道
    ),
)
LOG: list[sq.Event] = [
    sq.Opened(datetime(2025, 11, 3, 10, 30, tzinfo=SH)),
    sq.Paused(datetime(2025, 11, 3, 11, 0, tzinfo=SH), reason="等待客户补充材料"),
    sq.Resumed(datetime(2025, 11, 3, 13, 30, tzinfo=SH)),
    sq.Resolved(datetime(2025, 11, 3, 15, 40, tzinfo=SH)),
]
# 业务类型 x 问题性质, in English for the plot.
TYPES = {"转账": "transfer", "信用卡": "credit card", "贷款": "loan", "开户": "account opening"}
NATURES = {
    "流程繁琐": "cumbersome process",
    "转账限额设置复杂": "transfer limits",
    "进度不透明": "opaque progress",
    "服务态度": "staff attitude",
}
TIERS = ("大众客户", "金葵花", "私人银行")


def month_arrivals(seed: int) -> list[list[int]]:
    """Requests per day (1-30) and hour (0-23) of November 2025, seeded."""
    rng = random.Random(seed)
    counts = [[0] * 24 for _ in range(30)]
    for day in range(30):
        workday = BRANCH.is_working_day(datetime(2025, 11, day + 1, tzinfo=SH))
        for hour in range(24):
            base = (8 if 9 <= hour < 17 else 1) * (1.0 if workday else 0.4)
            counts[day][hour] = sum(rng.random() < base / 10 for _ in range(10 * 3))
    return counts


def month_feedback(seed: int) -> feedback.HeatMap:
    """The month's feedback classified on the heat map's three axes, seeded."""
    rng = random.Random(seed)
    weights = {"转账": 5, "信用卡": 4, "贷款": 2, "开户": 3}
    records = [
        feedback.FeedbackRecord(
            rng.choices(list(weights), list(weights.values()))[0],
            rng.choice(list(NATURES)),
            rng.choice(TIERS),
        )
        for _ in range(400)
    ]
    return feedback.HeatMap().add_all(records)


def _hours(t: datetime) -> float:
    local = t.astimezone(SH)
    return local.hour + local.minute / 60


def draw(out: Path, seed: int) -> list[Path]:
    """Write the three PNG files into ``out`` and return their paths."""
    import matplotlib as mpl  # noqa: PLC0415 - optional dependency (the plot extra)

    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    counts = month_arrivals(seed)
    fig, ax = plt.subplots(figsize=(10, 6))
    image = ax.imshow(counts, aspect="auto", cmap="YlOrRd", origin="upper")
    ax.set(xlabel="hour of day", ylabel="day of November 2025", title="Requests by day x hour")
    ax.set_yticks(range(0, 30, 2), [str(d + 1) for d in range(0, 30, 2)])
    fig.colorbar(image, ax=ax, label="requests")
    written.append(out / "heatmap_day_hour.png")
    fig.savefig(written[-1], dpi=100)
    plt.close(fig)

    heat = month_feedback(seed)
    grid = [[sum(heat.count(t, n, c) for c in TIERS) for n in NATURES] for t in TYPES]
    fig, ax = plt.subplots(figsize=(8, 5))
    image = ax.imshow(grid, cmap="Reds")
    ax.set_xticks(range(len(NATURES)), list(NATURES.values()), rotation=20)
    ax.set_yticks(range(len(TYPES)), list(TYPES.values()))
    for i, row in enumerate(grid):
        for j, n in enumerate(row):
            ax.text(j, i, str(n), ha="center", va="center")
    ax.set_title(f"Service problem heat map: {heat.total} items")
    fig.colorbar(image, ax=ax, label="feedback items")
    fig.tight_layout()
    written.append(out / "heatmap_type_nature.png")
    fig.savefig(written[-1], dpi=100)
    plt.close(fig)

    now = LOG[-1].at
    reading = sq.read_clock(ACCOUNT_OPENING, LOG, now)
    m = reading.milestones["complete"]
    fig, ax = plt.subplots(figsize=(10, 3))
    day = LOG[0].at.replace(hour=0, minute=0)
    for start, end in BRANCH.open_intervals(day, day + 24 * H):
        ax.axvspan(_hours(start), _hours(end), color="0.93")
    ax.hlines(1, _hours(LOG[0].at), _hours(LOG[1].at), lw=6, color="tab:blue", label="running")
    ax.hlines(1, _hours(LOG[1].at), _hours(LOG[2].at), lw=6, color="tab:gray", label="paused")
    ax.hlines(1, _hours(LOG[2].at), _hours(now), lw=6, color="tab:blue")
    marks = [
        (m.original_due, "original due", "tab:green"),
        (m.due, "due (after the pause)", "tab:red"),
        *(
            (a.trigger_at, type(a.action).__name__, "tab:orange")
            for a in sq.due_actions(ACCOUNT_OPENING, [LADDER], LOG, now, request="KH-002")
        ),
        (now, "resolved", "black"),
    ]
    for i, (when, label, colour) in enumerate(marks):
        ax.axvline(_hours(when), color=colour, ls="--")
        ax.text(_hours(when) + 0.03, 1.2 + 0.1 * i, label, fontsize=8, color=colour)
    ax.set(
        xlim=(8.5, 17.5), ylim=(0.6, 1.8), yticks=[], xlabel="Mon 2025-11-03, hour (shaded: open)"
    )
    ax.set_title(f"KH-002 account opening: {m.status.value}, due {m.due:%H:%M}")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    written.append(out / "timeline.png")
    fig.savefig(written[-1], dpi=100)
    plt.close(fig)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", nargs="?", default="out", type=Path, help="folder for the PNGs")
    parser.add_argument("--seed", type=int, default=202511)
    args = parser.parse_args(argv)
    try:
        import matplotlib  # noqa: F401, PLC0415 - optional dependency (the plot extra)
    except ImportError:
        print("this example needs matplotlib: pip install 'svcquality[plot]'", file=sys.stderr)
        return 1
    reading = sq.read_clock(ACCOUNT_OPENING, LOG, LOG[-1].at).milestones["complete"]
    heat = month_feedback(args.seed)
    print(
        f"KH-002 开户: original due {reading.original_due:%H:%M}, due {reading.due:%H:%M}, "
        f"{reading.status.value} (resolved {LOG[-1].at:%H:%M})"
    )
    top = heat.top_k(1)[0]
    print(
        f"热力图 heat map: {heat.total} items; hottest {top.business_type} x "
        f"{top.problem_nature} x {top.customer_tier}: {top.count}"
    )
    for path in draw(args.out, args.seed):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
