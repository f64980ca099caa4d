"""Draw a branch's month and one request's timeline as PNG files a branch manager reads.

The service-quality manual 《银行客户服务质量提升操作手册》 classifies feedback "按'业务类型、
问题性质、客户层级'分类…形成《服务问题热力图》" — by business type, problem nature
and customer tier, into a heat map of service problems. This script draws:

- ``heatmap_day_hour.png``: October 2025 by day of month x hour of arrival, two
  panels: how many requests arrived, and what share of them missed the
  promise (逾期占比). Every day is labelled with its weekday, and holidays (休)
  and make-up working days (班) are marked: the late share peaks right after
  National Day, when the backlog of the holiday meets a full branch;
- ``heatmap_type_nature.png``: the month's feedback by business type x problem
  nature, from ``svcquality.feedback.HeatMap``;
- ``timeline.png``: one account opening (开户, 2 business hours): opened, paused
  awaiting the customer, resumed, the original and the current due instant,
  the node reminder (节点提醒) to the handler and the green channel (绿色通道) to
  the supervisor, resolved; the title states how late it was.

Labels are Chinese when a font with Chinese glyphs is installed (found at run
time by the glyphs it carries, never downloaded); otherwise the script says which
package to install and draws English labels. ``--labels zh`` insists on Chinese,
``--labels en`` asks for English. The library computes; only this script writes
files. The data are synthetic and seeded.

References:
    * 《银行客户服务质量提升操作手册》, uploaded by a user to 人人文库
      (renrendoc.com); author, publisher and date not given.
    * 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号),
      https://www.gov.cn/zhengce/content/202411/content_6986383.htm — National Day
      and Mid-Autumn 1–8 October 2025, make-up working days 28 September and
      11 October.

Run: ``python examples/plot_timeline.py [OUT] [--labels auto|zh|en] [--seed N]``
(default ``./out``; needs the ``plot`` extra: ``pip install 'svcquality[plot]'``;
Chinese labels need a CJK font, e.g. Debian's ``fonts-noto-cjk`` or
``fonts-wqy-microhei``).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import svcquality as sq
from svcquality import feedback

SH = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)
MIN = timedelta(minutes=1)
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
MONTH = (2025, 10)
DAYS = 31
#: 业务类型 and 问题性质 as the manual names them, with English for ``--labels en``.
TYPES = {"转账": "transfer", "信用卡": "credit card", "贷款": "loan", "开户": "account opening"}
NATURES = {
    "流程繁琐": "cumbersome process",
    "转账限额设置复杂": "transfer limits",
    "进度不透明": "opaque progress",
    "服务态度": "staff attitude",
}
TIERS = ("大众客户", "金葵花", "私人银行")
#: What the font must draw for Chinese labels (a font without them shows boxes).
SAMPLE = "工作日绿色通道逾期占比休班周三"
NO_CJK_FONT = (
    "no font with Chinese glyphs is installed, so the labels are English; for Chinese "
    "labels install one (Debian/Ubuntu: apt-get install fonts-noto-cjk or "
    "fonts-wqy-microhei) and run again"
)
WEEKDAYS = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
TEXT = {
    "zh": {
        "hour": "到达时段（时）",
        "day": "2025年10月",
        "volume": "受理量（笔）",
        "late": "逾期占比（%）",
        "volume_title": "各时段受理量",
        "late_title": "逾期占比：节后积压",
        "suptitle": "网点开户（承诺2个营业小时）：2025年10月 · 休=法定节假日 班=调休上班",
        "holiday": "休",
        "makeup": "班",
        "heat_title": "服务问题热力图：共{n}条反馈",
        "heat_bar": "反馈条数",
        "running": "计时",
        "paused": "暂停（等待客户补充材料）",
        "original_due": "原定时限 {t}",
        "due": "顺延后时限 {t}",
        "resolved": "办结 {t}",
        "xlabel": "2025年11月3日（周一），时（灰底：营业时间）",
        "late_by": "KH-002 开户：已超时 {d}（时限 {due}，{now} 办结）",
        "on_time": "KH-002 开户：按时办结（时限 {due}，{now} 办结）",
        "Notify": "节点提醒",
        "GreenChannel": "绿色通道",
        "handler": "经办人",
        "supervisor": "主管",
    },
    "en": {
        "hour": "hour of arrival",
        "day": "October 2025",
        "volume": "requests",
        "late": "late share (%)",
        "volume_title": "Requests by day x hour",
        "late_title": "Late share: the holiday backlog",
        "suptitle": "Branch account opening (2 business hours), October 2025",
        "holiday": "(holiday)",
        "makeup": "(make-up)",
        "heat_title": "Service problem heat map: {n} items",
        "heat_bar": "feedback items",
        "running": "running",
        "paused": "paused (awaiting the customer's documents)",
        "original_due": "original due {t}",
        "due": "due after the pause {t}",
        "resolved": "resolved {t}",
        "xlabel": "Mon 2025-11-03, hour (shaded: open)",
        "late_by": "KH-002 account opening: late by {d} (due {due}, resolved {now})",
        "on_time": "KH-002 account opening: on time (due {due}, resolved {now})",
        "Notify": "node reminder",
        "GreenChannel": "green channel",
        "handler": "handler",
        "supervisor": "supervisor",
    },
}


def find_cjk_font() -> tuple[str, str] | None:
    """The family name and file of an installed font that draws Chinese, or None.

    Fonts are judged by the glyphs they carry (every character of ``SAMPLE``), not
    by their names; fallback fonts with placeholder glyphs for every code point
    ("Last Resort") are skipped.
    """
    from matplotlib import font_manager  # noqa: PLC0415 - optional dependency
    from matplotlib.ft2font import FT2Font  # noqa: PLC0415

    wanted = {ord(c) for c in SAMPLE}
    for path in sorted(font_manager.findSystemFonts()):
        try:
            font = FT2Font(path)
            charmap = font.get_charmap()
        except (OSError, RuntimeError, ValueError):
            continue  # a file matplotlib cannot read is not a candidate
        if "last resort" in (font.family_name or "").lower():
            continue
        if wanted <= charmap.keys():
            return font.family_name, path
    return None


def label_language(choice: str) -> tuple[str, str | None]:
    """The labels' language and the CJK font used (None for English labels).

    Raises:
        LookupError: ``choice`` is "zh" and no font draws Chinese.
    """
    if choice == "en":
        return "en", None
    found = find_cjk_font()
    if found is None:
        if choice == "zh":
            raise LookupError(NO_CJK_FONT.replace("so the labels are English; ", ""))
        return "en", None
    family, path = found
    from matplotlib import font_manager, rcParams  # noqa: PLC0415

    font_manager.fontManager.addfont(path)
    rcParams["font.family"] = [family]
    rcParams["axes.unicode_minus"] = False  # CJK fonts often lack the minus sign
    return "zh", family


def month_requests(seed: int) -> tuple[list[list[int]], list[list[int]]]:
    """Requests and late requests by day (1-31) and hour (0-23) of October 2025.

    Synthetic and seeded: requests arrive mostly in opening hours, fewer on
    non-working days (the online channel). Each needs 20-125 business minutes,
    longer while a backlog waits: every request that arrives on a non-working day
    adds to it, and each working day clears 150. Whether it met the promise is the
    library's reading of its clock, not the script's arithmetic.
    """
    rng = random.Random(seed)
    volume = [[0] * 24 for _ in range(DAYS)]
    late = [[0] * 24 for _ in range(DAYS)]
    backlog = 0
    for day in range(DAYS):
        today = date(*MONTH, day + 1)
        working = BRANCH.is_working_day(today)
        backlog = max(0, backlog - 150) if working else backlog
        for hour in range(24):
            rate = (8 if 9 <= hour < 17 else 1) * (1.0 if working else 0.4)
            for _ in range(30):
                if rng.random() >= rate / 10:
                    continue
                opened = datetime(*MONTH, day + 1, hour, rng.randrange(60), tzinfo=SH)
                backlog += 0 if working else 1
                work = rng.uniform(20, 125) * (1 + backlog / 800) * MIN
                done = BRANCH.add(opened, work)
                log = [sq.Opened(opened), sq.Resolved(done)]
                status = sq.read_clock(ACCOUNT_OPENING, log, done).milestones["complete"].status
                volume[day][hour] += 1
                late[day][hour] += status is sq.Status.BREACHED
    return volume, late


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


def day_label(day: int, lang: str) -> tuple[str, str]:
    """``"10-01 周三 休"`` and its colour: red for a holiday, blue for a make-up day."""
    d = date(*MONTH, day)
    text = f"{d:%m-%d} {WEEKDAYS[lang][d.weekday()]}"
    working, weekend = BRANCH.is_working_day(d), d.weekday() >= 5
    if not working and not weekend:
        return f"{text} {TEXT[lang]['holiday']}", "tab:red"
    if working and weekend:
        return f"{text} {TEXT[lang]['makeup']}", "tab:blue"
    return text, "0.45" if weekend else "black"


#: How the timeline's labels are set: upwards from just above the bar.
TAG: dict[str, Any] = {"fontsize": 9, "va": "bottom"}


def _hours(t: datetime) -> float:
    local = t.astimezone(SH)
    return local.hour + local.minute / 60


def _day_hour(plt: Any, seed: int, lang: str, path: Path) -> None:
    import numpy as np  # noqa: PLC0415 - comes with matplotlib

    text = TEXT[lang]
    volume, late = month_requests(seed)
    counts = np.array(volume, dtype=float)
    share = np.ma.masked_where(counts == 0, 100 * np.array(late) / np.maximum(counts, 1))
    fig, axes = plt.subplots(1, 2, figsize=(16, 11), sharey=True)
    panels = (
        (axes[0], np.ma.masked_where(counts == 0, counts), "Blues", text["volume"], "volume"),
        (axes[1], share, "Reds", text["late"], "late"),
    )
    for ax, grid, cmap, bar, key in panels:
        top = float(grid.max()) if grid.count() else 1.0
        image = ax.imshow(grid, aspect="auto", cmap=cmap, vmin=0, vmax=top)
        for (row, col), value in np.ndenumerate(grid.filled(-1)):
            if value >= 0:
                colour = "white" if value > 0.6 * top else "black"
                ax.text(col, row, f"{value:.0f}", ha="center", va="center", fontsize=6, c=colour)
        ax.set_title(text[f"{key}_title"])
        ax.set_xlabel(text["hour"])
        ax.set_xticks(range(0, 24, 2))
        fig.colorbar(image, ax=ax, label=bar, shrink=0.6)
    labels = [day_label(day, lang) for day in range(1, DAYS + 1)]
    axes[0].set_yticks(range(DAYS), [t for t, _ in labels], fontsize=8)
    for tick, (_, colour) in zip(axes[0].get_yticklabels(), labels, strict=True):
        tick.set_color(colour)
    axes[0].set_ylabel(text["day"])
    fig.suptitle(text["suptitle"])
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _type_nature(plt: Any, seed: int, lang: str, path: Path) -> None:
    heat = month_feedback(seed)
    grid = [[sum(heat.count(t, n, c) for c in TIERS) for n in NATURES] for t in TYPES]
    natures = list(NATURES) if lang == "zh" else list(NATURES.values())
    types = list(TYPES) if lang == "zh" else list(TYPES.values())
    fig, ax = plt.subplots(figsize=(8, 5))
    image = ax.imshow(grid, cmap="Reds", vmin=0)  # from zero: the smallest cell is not "none"
    ax.set_xticks(range(len(natures)), natures, rotation=20)
    ax.set_yticks(range(len(types)), types)
    top = max(max(row) for row in grid)
    for i, row in enumerate(grid):
        for j, n in enumerate(row):
            ax.text(j, i, str(n), ha="center", va="center", c="white" if n > 0.6 * top else "k")
    ax.set_title(TEXT[lang]["heat_title"].format(n=heat.total))
    fig.colorbar(image, ax=ax, label=TEXT[lang]["heat_bar"])
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def lateness(lang: str) -> str:
    """The timeline's title: how late KH-002 was, in business time."""
    now = LOG[-1].at
    due = sq.read_clock(ACCOUNT_OPENING, LOG, now).milestones["complete"].due
    shown = {"due": f"{due:%H:%M}", "now": f"{now:%H:%M}"}
    if now <= due:
        return TEXT[lang]["on_time"].format(**shown)
    late_by = sq.human_duration(BRANCH.between(due, now), language="zh" if lang == "zh" else "en")
    return TEXT[lang]["late_by"].format(d=late_by, **shown)


def _timeline(plt: Any, lang: str, path: Path) -> None:
    text = TEXT[lang]
    now = LOG[-1].at
    m = sq.read_clock(ACCOUNT_OPENING, LOG, now).milestones["complete"]
    fig, ax = plt.subplots(figsize=(11, 4.2))
    day = LOG[0].at.replace(hour=0, minute=0)
    for start, end in BRANCH.open_intervals(day, day + 24 * H):
        ax.axvspan(_hours(start), _hours(end), color="0.93", zorder=0)
    bar = {"lw": 8, "zorder": 2}
    ax.hlines(
        1, _hours(LOG[0].at), _hours(LOG[1].at), color="tab:blue", label=text["running"], **bar
    )
    ax.hlines(
        1, _hours(LOG[1].at), _hours(LOG[2].at), color="tab:gray", label=text["paused"], **bar
    )
    ax.hlines(1, _hours(LOG[2].at), _hours(now), color="tab:blue", **bar)
    # The due instants and the resolution: thick lines on top, each labelled beside
    # itself in its own colour (labels run upwards, so none crosses another line).
    marks = (
        (m.original_due, text["original_due"], "tab:green"),
        (m.due, text["due"], "tab:red"),
        (now, text["resolved"], "black"),
    )
    for when, label, colour in marks:
        x = _hours(when)
        ax.axvline(x, color=colour, lw=2.5, zorder=4)
        ax.text(x + 0.03, 1.1, label.format(t=f"{when:%H:%M}"), rotation=90, c=colour, **TAG)
    # The actions: markers on the bar (an action often falls on a due instant, and a
    # line would hide under it), labelled left of the instant with who is told.
    actions = sq.due_actions(ACCOUNT_OPENING, [LADDER], LOG, now, request="KH-002")
    for a in actions:
        x, kind, role = _hours(a.deliver_at), type(a.action).__name__, getattr(a.action, "role", "")
        label = f"{text.get(kind, kind)} → {text.get(role, role)} {a.deliver_at:%H:%M}"
        ax.plot(x, 1, marker="D", ms=9, c="tab:orange", mec="white", zorder=5)
        ax.text(x - 0.03, 1.1, label, rotation=90, ha="right", c="tab:orange", **TAG)
    ax.set(xlim=(8.5, 17.5), ylim=(0.75, 2.1), yticks=[], xlabel=text["xlabel"])
    ax.set_title(lateness(lang), color="tab:red" if now > m.due else "black")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def draw(out: Path, seed: int, lang: str = "en") -> list[Path]:
    """Write the three PNG files into ``out`` with ``lang`` labels; return their paths."""
    import matplotlib as mpl  # noqa: PLC0415 - optional dependency (the plot extra)

    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    out.mkdir(parents=True, exist_ok=True)
    paths = [out / n for n in ("heatmap_day_hour.png", "heatmap_type_nature.png", "timeline.png")]
    _day_hour(plt, seed, lang, paths[0])
    _type_nature(plt, seed, lang, paths[1])
    _timeline(plt, lang, paths[2])
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", nargs="?", default="out", type=Path, help="folder for the PNGs")
    parser.add_argument("--seed", type=int, default=202510)
    parser.add_argument(
        "--labels",
        choices=("auto", "zh", "en"),
        default="auto",
        help="label language: Chinese when a CJK font is installed (auto), or insist",
    )
    args = parser.parse_args(argv)
    try:
        import matplotlib  # noqa: F401, PLC0415 - optional dependency (the plot extra)
    except ImportError:
        print("this example needs matplotlib: pip install 'svcquality[plot]'", file=sys.stderr)
        return 1
    try:
        lang, family = label_language(args.labels)
    except LookupError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.labels == "auto" and family is None:
        print(NO_CJK_FONT, file=sys.stderr)
    print(f"labels: {lang}" + (f" (font {family})" if family else ""))
    reading = sq.read_clock(ACCOUNT_OPENING, LOG, LOG[-1].at).milestones["complete"]
    print(
        f"KH-002 开户: original due {reading.original_due:%H:%M}, due {reading.due:%H:%M}, "
        f"{reading.status.value} (resolved {LOG[-1].at:%H:%M})"
    )
    print(lateness("zh"))
    volume, late = month_requests(args.seed)
    total, missed = sum(map(sum, volume)), sum(map(sum, late))
    worst = max(range(DAYS), key=lambda d: sum(late[d]) / max(1, sum(volume[d])))
    print(
        f"2025年10月: {total} 笔, 逾期 {missed} 笔 ({missed / total:.1%}); 逾期占比最高 "
        f"10月{worst + 1}日 ({sum(late[worst]) / sum(volume[worst]):.0%})"
    )
    heat = month_feedback(args.seed)
    top = heat.top_k(1)[0]
    print(
        f"热力图 heat map: {heat.total} items; hottest {top.business_type} x "
        f"{top.problem_nature} x {top.customer_tier}: {top.count}"
    )
    for path in draw(args.out, args.seed, lang):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
