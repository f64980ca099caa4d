"""examples/complaint_desk_same_day.py: the same-day complaint loop, re-check and call-back."""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.examples.runner import load, run

SH = ZoneInfo("Asia/Shanghai")


def due_same_day(received: datetime) -> datetime:
    """By hand: November 2025 has no holiday, so working days are Monday to Friday."""
    local = received.astimezone(SH)
    day = local.date()
    if day.weekday() >= 5 or local.time() >= time(16):
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    return datetime.combine(day, time(17), SH)


class TestComplaintDeskSameDay:
    def test_default_month(self) -> None:
        """November 2025: 40 cases, 33 fed back the same business day."""
        code, out, err = run("complaint_desk_same_day")
        assert code == 0, err
        assert "40 cases" in out
        assert "当日办结率 closed on time: 33 of 40 (82.5%)" in out
        assert "received at or after the 16:00 cut-off: 5" in out
        # Friday noon, fed back on Monday: the weekend does not help.
        assert (
            "TS-20251128-039  received Fri 11-28 12:33, due Fri 11-28 17:00, "
            "fed back Mon 12-01 10:00" in out
        )
        # Dissatisfied on Wed 11-05 15:19: apologise and resolve by Thu 11-06 15:19.
        assert "TS-20251104-003  apologise met      due 11-06 15:19, done 11-05 17:19" in out
        assert "TS-20251104-003  resolve   met      due 11-06 15:19, done 11-06 11:19" in out
        assert "电话回访 call back 5" in out

    def test_on_time_count_by_hand(self) -> None:
        """The 33 equal a count with the Civil Code rule worked by hand on each case."""
        example = load("complaint_desk_same_day")
        cases = example.month_cases("2025-11", 202511)
        on_time = [c for c in cases if c.stages["fed_back"] <= due_same_day(c.stages["received"])]
        assert len(cases) == 40
        assert len(on_time) == 33

    def test_recheck_sample_by_hand(self) -> None:
        """The call-back list is every case whose BLAKE2b hash keyed by the month is below 10%."""
        _, out, _ = run("complaint_desk_same_day")
        example = load("complaint_desk_same_day")
        ids = [c.case_id for c in example.month_cases("2025-11", 202511)]
        drawn = [
            i
            for i in ids
            if int.from_bytes(
                hashlib.blake2b(i.encode(), key=b"2025-11", digest_size=8).digest(), "big"
            )
            < 2**64 // 10
        ]
        assert len(drawn) == 5
        listed = [line.strip() for line in out.splitlines() if line.startswith("    TS-")]
        assert listed == drawn

    def test_bad_month(self) -> None:
        """The month is YYYY-MM."""
        code, _, err = run("complaint_desk_same_day", "--month", "2025-13")
        assert code == 2
        assert "--month must be YYYY-MM" in err
