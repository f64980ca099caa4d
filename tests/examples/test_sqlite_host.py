"""examples/sqlite_host.py: events in SQLite, each due action acted on once across a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.examples.runner import load, run


class TestSqliteHost:
    def test_restart_acts_on_nothing_twice(self, tmp_path: Path) -> None:
        """Process 2 re-evaluates at the same instant and finds every id already acted on."""
        db = tmp_path / "out" / "requests.db"
        code, out, err = run("sqlite_host", "--db", str(db))
        assert code == 0, err
        first, second, third = out.split("process ")[1:]
        # KH-001 opened 09:00: half of 2 h at 10:00, due 11:00.
        assert "ACT KH-001/0/complete/0          Notify(role='handler') (due 10:00)" in first
        assert (
            "ACT KH-001/0/complete/1          GreenChannel(role='supervisor') (due 11:00)" in first
        )
        assert "acted on 3 new action(s); 0 already done before" in first
        # One log: the teller owns the loss report, and the card centre's 24 h work
        # order outlasts the same-day promise, so its reading flags it.
        assert (
            "GS-001 (loss_report): respond met, initial_disposal running, owner 柜员王敏" in first
        )
        assert "work order WO-GS-001 due Tue 11-04 10:25 BEYOND THE PROMISE" in first
        # KH-002 is paused with no resumption yet: no timer.
        assert "KH-002 (account_opening): complete paused\n  acted" in first
        assert "ACT" not in second
        assert "acted on 0 new action(s); 3 already done before" in second
        # GS-001 opened 09:40: half of 4 business hours at 11:40; due 15:10 after lunch.
        assert "ACT GS-001/0/initial_disposal/0  Notify(role='handler') (due 11:40)" in third
        assert "timer Mon 11-03 15:10" in third
        # KH-002: 30 min before the pause, 90 min from 13:30: half at 14:00, due 15:00.
        assert "ACT KH-002/0/complete/0          Notify(role='handler') (due 14:00)" in third
        assert (
            "ACT KH-002/0/complete/1          GreenChannel(role='supervisor') (due 15:00)" in third
        )
        assert "acted on 4 new action(s); 3 already done before" in third
        conn = sqlite3.connect(db)
        ids = [row[0] for row in conn.execute("SELECT action_id FROM acted ORDER BY 1")]
        conn.close()
        assert len(ids) == len(set(ids)) == 7

    def test_rerun_starts_afresh(self, tmp_path: Path) -> None:
        """Running the example again recreates its tables: the same story, the same figures."""
        db = str(tmp_path / "requests.db")
        _, once, _ = run("sqlite_host", "--db", db)
        _, twice, _ = run("sqlite_host", "--db", db)
        assert once == twice

    def test_in_memory(self) -> None:
        """With :memory: one connection stands in for the database between processes."""
        code, out, _ = run("sqlite_host", "--db", ":memory:")
        assert code == 0
        assert out.endswith("acted table: 7 distinct action ids\n")

    def test_unknown_event_kind(self, tmp_path: Path) -> None:
        """A row the host cannot read back is an error naming the request and the kind."""
        example = load("sqlite_host")
        conn = sqlite3.connect(tmp_path / "x.db")
        conn.executescript(example.SCHEMA)
        conn.execute(
            "INSERT INTO events VALUES ('R', 0, ?, '2025-11-03T09:00+08:00', '{}')",
            ("Reassigned",),
        )
        with pytest.raises(ValueError, match="request R: unknown event kind 'Reassigned'"):
            example.load_log(conn, "R")
        conn.close()

    def test_every_stored_kind_reads_back_equal(self, tmp_path: Path) -> None:
        """record then load_log gives the same events, work-order targets included."""
        example = load("sqlite_host")
        conn = sqlite3.connect(tmp_path / "x.db")
        conn.executescript(example.SCHEMA)
        conn.execute("INSERT INTO requests VALUES ('R', 'loss_report')")
        t = example.at("2025-11-03 09:00")
        h = example.H
        events = [
            example.sq.Opened(t, service="loss_report", channel="counter"),
            example.Taken(t, "柜员王敏", "branch_counter"),
            example.sq.Paused(t + h, reason="等待客户补充材料"),
            example.sq.Resumed(t + 2 * h),
            example.WorkOrderIssued(
                t + 2 * h, "WO-1", "card_centre", "冻结卡片", example.sq.Target.wall(24 * h)
            ),
            example.WorkOrderAnswered(t + 3 * h, "WO-1", "卡中心李强", "已冻结"),
            example.sq.Met(t + 3 * h, "respond"),
            example.sq.Resolved(t + 4 * h),
        ]
        for event in events:
            example.record(conn, "R", event)
        assert example.load_log(conn, "R") == events
        conn.close()
