"""The assertions host test suites use: they pass when right and explain when wrong."""

from __future__ import annotations

from datetime import datetime

import pytest
from tests.common import DESK, SH, H

import svcquality as sq
from svcquality._assertions import assert_due, assert_escalates, assert_met

T0 = datetime(2025, 11, 3, 9, tzinfo=SH)  # a Monday
PROMISE = sq.Promise(
    service="atm_refund",
    calendar=DESK,
    milestones={"respond": sq.Target.business(H), "resolve": sq.Target.working_days(5)},
)
LADDER = sq.Ladder("respond", (sq.Step(sq.Consumed(0.5), sq.Notify("handler")),))


def test_assert_met_passes_and_fails_with_the_figures() -> None:
    log = [sq.Opened(at=T0), sq.Met(at=T0 + 0.5 * H, milestone="respond")]
    assert_met(PROMISE, log, "respond", T0 + 2 * H)
    late = [sq.Opened(at=T0), sq.Met(at=T0 + 2 * H, milestone="respond")]
    with pytest.raises(AssertionError) as info:
        assert_met(PROMISE, late, "respond", T0 + 3 * H)
    text = str(info.value)
    assert "but it is BREACHED (met late)" in text
    assert "due:          2025-11-03 10:00:00+08:00" in text
    assert "met at:       2025-11-03 11:00:00+08:00" in text
    with pytest.raises(AssertionError, match="but it is RUNNING"):
        assert_met(PROMISE, [sq.Opened(at=T0)], "resolve", T0 + H)
    with pytest.raises(AssertionError, match="has no milestone 'reply'; it has 'respond'"):
        assert_met(PROMISE, log, "reply", T0 + H)


def test_assert_due_reads_at_the_last_event_by_default() -> None:
    # Five working days after Mon 3 Nov 2025: Mon 10 Nov at 17:00.
    assert_due(PROMISE, [sq.Opened(at=T0)], "resolve", datetime(2025, 11, 10, 17, tzinfo=SH))
    paused = [sq.Opened(at=T0), sq.Paused(at=T0 + 0.5 * H, reason="awaiting customer")]
    # Paused at 09:30 with half an hour left: read then, it would be due at 10:00.
    assert_due(PROMISE, paused, "respond", T0 + H)
    with pytest.raises(AssertionError) as info:
        assert_due(PROMISE, paused, "respond", T0 + 0.5 * H)
    assert "due at 2025-11-03 10:00:00+08:00 (0h30m later)" in str(info.value)
    assert_due(PROMISE, paused, "respond", T0 + 3 * H, now=T0 + 2.5 * H)
    with pytest.raises(AssertionError, match="the log is empty"):
        assert_due(PROMISE, [], "respond", T0)


def test_assert_escalates_compares_what_is_given() -> None:
    log = [sq.Opened(at=T0)]
    now = T0 + H
    assert_escalates(PROMISE, [LADDER], log, now, [sq.Notify("handler")])
    assert_escalates(PROMISE, [LADDER], log, now, [(sq.Notify("handler"), T0 + 0.5 * H)])
    (due,) = sq.due_actions(PROMISE, [LADDER], log, now)
    assert_escalates(PROMISE, [LADDER], log, now, [due])
    with pytest.raises(AssertionError) as info:
        assert_escalates(PROMISE, [LADDER], log, now, [sq.Notify("manager")])
    text = str(info.value)
    assert "expected:\n  Notify(role='manager')" in text
    assert "got:\n  R-1/0/respond/0: Notify(role='handler') at 2025-11-03 09:30:00+08:00" in text
    with pytest.raises(AssertionError, match=r"got:\n  \(nothing\)"):
        assert_escalates(PROMISE, [LADDER], log, T0, [sq.Notify("handler")])
