"""svcquality.clock readings: a milestone and a request in one line for people (describe).

A complaint on the desk (09:00-12:00, 13:30-17:00), opened Thursday 9 October
2025 at 09:00: 受理 within 1 business hour (due 10:00), 处理 within 4 (09:00-12:00
and 13:30-14:30, due 14:30).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from tests.common import DESK, SH, H, M, at

import svcquality as sq
from svcquality import testing
from svcquality.errors import ParameterError

COMPLAINT = sq.Promise(
    service="complaint",
    calendar=DESK,
    milestones={"受理": sq.Target.business(H), "处理": sq.Target.business(4 * H)},
)
OPENED = at("2025-10-09 09:00")
ACCEPTED = [sq.Opened(at=OPENED), sq.Met(at=at("2025-10-09 09:40"), milestone="受理")]


def milestone(log: list[sq.Event], now: datetime, name: str = "处理") -> sq.MilestoneReading:
    return sq.read_clock(COMPLAINT, log, now).milestones[name]


class TestMilestoneDescribe:
    @pytest.mark.parametrize(
        ("log", "now", "name", "zh", "en"),
        [
            # met on time: the time it took, on the target's measure
            (
                ACCEPTED,
                at("2025-10-09 15:10"),
                "受理",
                "受理：已达成，用时40分钟（时限 10月9日 10:00）",
                "受理: met, 40 min used (due 9 Oct 10:00)",
            ),
            # running: what is left of the budget
            (
                ACCEPTED,
                at("2025-10-09 11:10"),
                "处理",
                "处理：进行中，剩余1小时50分钟（时限 10月9日 14:30）",
                "处理: running, 1 h 50 min left (due 9 Oct 14:30)",
            ),
            # unmet past its due: how late, in open time
            (
                ACCEPTED,
                at("2025-10-09 15:10"),
                "处理",
                "处理：已超时40分钟（时限 10月9日 14:30）",
                "处理: overdue by 40 min (due 9 Oct 14:30)",
            ),
            # paused at 11:00 with 2 h left: no due, it moves while paused
            (
                [*ACCEPTED, sq.Paused(at=at("2025-10-09 11:00"), reason="等待客户")],
                at("2025-10-09 15:10"),
                "处理",
                "处理：暂停中，剩余2小时",
                "处理: paused, 2 h left",
            ),
            # met late
            (
                [*ACCEPTED, sq.Met(at=at("2025-10-09 15:00"), milestone="处理")],
                at("2025-10-09 16:00"),
                "处理",
                "处理：已完成，超时30分钟（时限 10月9日 14:30）",
                "处理: met 30 min late (due 9 Oct 14:30)",
            ),
        ],
    )
    def test_each_status(
        self, log: list[sq.Event], now: datetime, name: str, zh: str, en: str
    ) -> None:
        """One line per status, in Chinese by default and in English."""
        m = milestone(log, now, name)
        assert m.describe() == zh
        assert m.describe(language="zh") == zh
        assert m.describe(language="en") == en

    def test_late_by_no_open_time(self) -> None:
        """Done in the evening after a 17:00 due: late, with no open time to give."""
        promise = sq.Promise(
            service="complaint", calendar=DESK, milestones={"处理": sq.Target.business(H)}
        )
        log = [
            sq.Opened(at=at("2025-10-09 16:00")),
            sq.Met(at=at("2025-10-09 18:00"), milestone="处理"),
        ]
        m = sq.read_clock(promise, log, at("2025-10-09 19:00")).milestones["处理"]
        assert m.status is sq.Status.BREACHED
        assert m.describe() == "处理：已完成，超时（时限 10月9日 17:00）"
        assert m.describe(language="en") == "处理: met late (due 9 Oct 17:00)"

    def test_overdue_by_no_open_time(self) -> None:
        """Unmet after the 17:00 due, read the same evening: overdue, no amount yet."""
        promise = sq.Promise(
            service="complaint", calendar=DESK, milestones={"处理": sq.Target.business(H)}
        )
        log = [sq.Opened(at=at("2025-10-09 16:00"))]
        m = sq.read_clock(promise, log, at("2025-10-09 19:00")).milestones["处理"]
        assert m.describe() == "处理：已超时（时限 10月9日 17:00）"
        assert m.describe(language="en") == "处理: overdue (due 9 Oct 17:00)"

    def test_due_in_the_readings_zone(self) -> None:
        """The due is the wall time of the calendar's zone, the year left out."""
        promise = sq.Promise(service="card", milestones={"respond": sq.Target.wall(H)})
        opened = datetime(2025, 12, 31, 23, 30, tzinfo=SH)
        m = sq.read_clock(promise, [sq.Opened(at=opened)], opened).milestones["respond"]
        assert m.describe() == "respond：进行中，剩余1小时（时限 1月1日 00:30）"
        assert m.describe(language="en") == "respond: running, 1 h left (due 1 Jan 00:30)"

    @pytest.mark.parametrize("language", ["fr", "ZH", None, 1])
    def test_unknown_language(self, language: object) -> None:
        """Only zh and en: the error names the method and the value."""
        m = milestone(ACCEPTED, at("2025-10-09 11:10"))
        with pytest.raises(ParameterError, match=r"MilestoneReading\.describe: language") as e:
            m.describe(language=language)  # type: ignore[arg-type]
        assert (e.value.code, e.value.data["value"]) == ("language", language)


class TestClockDescribe:
    def test_joins_the_milestones_in_order(self) -> None:
        """The promise's order, joined by a full-width semicolon (a plain one in English)."""
        r = sq.read_clock(COMPLAINT, ACCEPTED, at("2025-10-09 15:10"))
        assert r.describe() == (
            "受理：已达成，用时40分钟（时限 10月9日 10:00）；"
            "处理：已超时40分钟（时限 10月9日 14:30）"
        )
        assert r.describe(language="en") == (
            "受理: met, 40 min used (due 9 Oct 10:00); 处理: overdue by 40 min (due 9 Oct 14:30)"
        )

    def test_unknown_language(self) -> None:
        r = sq.read_clock(COMPLAINT, ACCEPTED, at("2025-10-09 15:10"))
        with pytest.raises(ParameterError, match=r"ClockReading\.describe: language"):
            r.describe(language="fr")  # type: ignore[arg-type]

    @settings(max_examples=60, deadline=None)
    @given(
        testing.promises(calendar=DESK).flatmap(
            lambda p: testing.event_logs(p, max_events=8).map(lambda log: (p, log))
        )
    )
    def test_one_line_per_milestone(self, case: tuple[sq.Promise, list[sq.Event]]) -> None:
        """Any reading: one line, each milestone once, in order, at its name."""
        promise, log = case
        r = sq.read_clock(promise, log, log[-1].at + 3 * H + 7 * M)
        for language, sep in (("zh", "；"), ("en", "; ")):
            text = r.describe(language=language)  # type: ignore[arg-type]
            assert "\n" not in text
            parts = text.split(sep)
            assert len(parts) == len(r.milestones)
            for part, m in zip(parts, r.milestones.values(), strict=True):
                assert part == m.describe(language=language)  # type: ignore[arg-type]
                assert part.startswith(m.name + ("：" if language == "zh" else ": "))
