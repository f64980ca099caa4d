"""examples/quickstart.py: a complaint at a Shenzhen branch on the eve of National Day 2025."""

from __future__ import annotations

import pytest
from tests.examples.runner import run


class TestQuickstart:
    def test_default_receipt(self) -> None:
        """The eve of National Day: the holiday and the make-up Saturday shape every due time."""
        code, out, _ = run("quickstart")
        assert code == 0
        # 4 business hours from Tue 15:20: 1 h 40 m that day, the rest after the break.
        assert "respond within 4 business hours     -> Thu 2025-10-09 11:20" in out
        assert "same business day (cut-off 16:00)   -> Tue 2025-09-30 17:00" in out
        # Working days after receipt: 10-09, 10-10, 10-11 (make-up Saturday), 10-13, 10-14.
        assert "result within 5 working days        -> Tue 2025-10-14 17:00" in out
        assert "working day 3: Sat 2025-10-11 (closes 17:00)" in out
        assert "closed in between: 10-01, 10-02, 10-03, 10-04, 10-05, 10-06, 10-07, 10-08" in out
        # 1 h 40 min on 09-30 and five working days of 6.5 h: read as hours, never "1 day".
        assert "to the 5-day deadline: 34 h 10 min (34小时10分钟)" in out

    @pytest.mark.parametrize(
        ("received", "expected"),
        [
            # after the 16:00 cut-off: same-day counts from the next working day
            ("2025-09-30T16:30+08:00", "(cut-off 16:00)   -> Thu 2025-10-09 17:00"),
            # an instant given in UTC is read on the branch's Shanghai wall clock
            ("2025-09-30T01:00+00:00", "Complaint received Tue 2025-09-30 09:00"),
        ],
    )
    def test_other_receipts(self, received: str, expected: str) -> None:
        """The receipt instant is an argument; the report follows it."""
        code, out, _ = run("quickstart", "--received", received)
        assert code == 0
        assert expected in out

    def test_naive_receipt_is_refused(self) -> None:
        """A receipt without an offset is an error that says how to fix it."""
        code, out, err = run("quickstart", "--received", "2025-09-30T12:00")
        assert code == 2
        assert out == ""
        assert "naive datetime" in err
        assert "ZoneInfo('Asia/Shanghai')" in err
