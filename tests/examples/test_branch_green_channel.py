"""examples/branch_green_channel.py: a branch's promises, node reminders and the green channel."""

from __future__ import annotations

from tests.examples.runner import run


class TestBranchGreenChannel:
    def test_friday_close(self) -> None:
        """Read at Fri 2025-11-07 17:00: two requests overdue, the bases disagree about 90%."""
        code, out, err = run("branch_green_channel")
        assert code == 0, err
        # A-04 opened Tue 11:00: 1 h before lunch, 1 h from 13:30 -> due 14:30; resolved 15:00.
        assert "A-04     account_opening  complete          breached  Tue 11-04 14:30" in out
        # 80% of 2 h is 96 min: 60 min to 12:00, 36 min from 13:30 -> 14:06.
        assert "Tue 11-04 14:06  A-04/0/complete/0            节点提醒" in out
        assert (
            "Tue 11-04 14:30  A-04/0/complete/1            绿色通道 green channel -> supervisor"
            in out
        )
        assert "Tue 11-04 14:30  A-04/0/complete/2            同步反馈客户进度" in out
        # A-03 paused 16:40 Mon to 09:30 Tue: 20 min used, 100 min left -> 11:10.
        assert "A-03     account_opening  complete          met       Tue 11-04 11:10" in out
        # K-02: 5 working days from Tue 10-28 -> Tue 11-04 17:00, moved by the 13 business
        # hours paused (Thu 10:00 to Mon 10:00: 5.5 + 6.5 + 1) -> Thu 11-06 17:00.
        assert "K-02     loan_approval    approve           met       Thu 11-06 17:00" in out
        # K-03 arrived Wed 18:00, after close: counts from Thu 10-30 -> Thu 11-06 17:00.
        assert "K-03     loan_approval    approve           met       Thu 11-06 17:00" in out
        # K-04 (Thu 10-30 09:30) is still open at its deadline Thu 11-06 17:00.
        assert "K-04     loan_approval    approve           breached  Thu 11-06 17:00" in out
        assert "Thu 11-06 17:00  K-04/0/approve/1             绿色通道" in out
        # K-06: budget 3 + 26 + 6.5 = 35.5 h; 80% = 28.4 h -> Fri 11-07 16:24.
        assert "Fri 11-07 16:24  K-06/0/approve/0             节点提醒" in out
        assert "in the green channel: A-04, K-04" in out
        # L-05: 4 h of disposal from Fri 14:00; 80% = 192 min -> 180 on Friday, Mon 09:12.
        assert "L-05: Mon 2025-11-10 09:12" in out
        assert "K-06: Mon 2025-11-10 17:00" in out

    def test_compliance_on_three_bases(self) -> None:
        """16/17 closed on time; counting K-04 gives 16/18; never breached is exactly 18/20."""
        _, out, _ = run("branch_green_channel")
        assert "closed                        16  17  94.1%  yes" in out
        assert "closed_and_breached_open      16  18  88.9%  NO" in out
        assert "ever_breached                 18  20  90.0%  yes" in out  # exactly 90% meets it
        assert "开户 account_opening  7/8 87.5%" in out

    def test_earlier_reading(self) -> None:
        """Read on Tuesday at 14:45 nothing of Wednesday has happened yet."""
        code, out, _ = run("branch_green_channel", "--now", "2025-11-04T14:45+08:00")
        assert code == 0
        assert "A-04/0/complete/1" in out
        assert "A-04     account_opening  complete          breached  Tue 11-04 14:30" in out
        assert "K-04/0/approve/1" not in out
        assert "A-05" not in out  # opened on Wednesday
        assert "in the green channel: A-04" in out

    def test_naive_now(self) -> None:
        """A reading instant without an offset is refused."""
        code, _, err = run("branch_green_channel", "--now", "2025-11-07T17:00")
        assert code == 2
        assert "naive" in err
