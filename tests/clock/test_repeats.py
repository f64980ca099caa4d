"""svcquality.clock: repeating milestones (a promise's ``repeats``).

The branch manual's 同步反馈客户进度 (keep the customer told of the progress):
a progress update is due every 2 working days after the last one until the
request is resolved. Each ``Met`` of the repeating milestone meets the current
occurrence and starts the next; the first counts from the opening; the
resolution ends them. The scenario runs over National Day 2025 on the desk
(``tests/common.py``): 1-8 October are holidays, Sunday 28 September and
Saturday 11 October are make-up working days.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.common import DESK, H, at

import svcquality as sq
from svcquality.errors import EventLogError, ParameterError, PromiseError
from svcquality.escalation import (
    BeforeDue,
    GreenChannel,
    Ladder,
    Notify,
    OnBreach,
    Step,
    action_id,
    due_actions,
    next_due,
)

T = sq.Target
S = sq.Status

COMPLAINT = sq.Promise(
    "complaint",
    {"update": T.working_days(2), "resolve": T.working_days(15)},
    calendar=DESK,
    repeats=("update",),
)
OPENED = sq.Opened(at("2025-09-29 10:00"))  # Monday, before the holiday
LOG = [
    OPENED,
    sq.Met(at("2025-09-30 16:00"), "update"),
    sq.Met(at("2025-10-10 11:00"), "update"),
    sq.Met(at("2025-10-14 10:00"), "update"),  # a day late
    sq.Paused(at("2025-10-15 09:00"), "awaiting customer"),
    sq.Resumed(at("2025-10-16 09:00")),
    sq.Resolved(at("2025-10-16 15:00")),
]
LATER = at("2025-10-20 09:00")

#: (started_at, due, met_at, status) of each occurrence of the whole LOG.
EXPECTED = [
    # 9-30 and 10-09: the holiday is no working day
    ("2025-09-29 10:00", "2025-10-09 17:00", "2025-09-30 16:00", S.MET),
    ("2025-09-30 16:00", "2025-10-10 17:00", "2025-10-10 11:00", S.MET),
    # 10-11 is a make-up Saturday, then Monday 10-13
    ("2025-10-10 11:00", "2025-10-13 17:00", "2025-10-14 10:00", S.BREACHED),
    # 10-15, 10-16, and one more for the working day the pause took; met by the resolution
    ("2025-10-14 10:00", "2025-10-17 17:00", "2025-10-16 15:00", S.MET),
]


def shape(m: sq.MilestoneReading) -> tuple[object, ...]:
    return (m.started_at, m.due, m.met_at, m.status)


class TestNationalDay:
    def test_each_occurrence_has_its_own_due_met_or_breached(self) -> None:
        r = sq.read_clock(COMPLAINT, LOG, LATER)
        got = r.occurrences["update"]
        assert [m.occurrence for m in got] == [0, 1, 2, 3]
        assert [shape(m) for m in got] == [
            (at(s), at(d), at(m), status) for s, d, m, status in EXPECTED
        ]
        assert all(m.name == "update" and m.cycle == 0 for m in got)
        # the last occurrence is the milestone's reading; the cycle lists them too
        assert r.milestones["update"] == got[-1]
        assert r.cycles[0].occurrences == r.occurrences

    def test_an_occurrence_is_timed_from_its_own_start(self) -> None:
        """Failed before its fix: occurrence 1, started at 11:00, read 2:30 of wall
        time at 11:30 (counted from the opening)."""
        promise = sq.Promise(
            "c",
            {"update": T.business(2 * H), "resolve": T.working_days(15)},
            calendar=DESK,
            repeats=("update",),
        )
        log = [sq.Opened(at("2025-11-17 09:00")), sq.Met(at("2025-11-17 11:00"), "update")]
        m = sq.read_clock(promise, log, at("2025-11-17 11:30")).milestones["update"]
        assert (m.occurrence, m.started_at) == (1, at("2025-11-17 11:00"))
        assert (m.wall_elapsed, m.paused, m.elapsed) == (H / 2, timedelta(0), H / 2)
        first = sq.read_clock(promise, log, at("2025-11-17 11:30")).occurrences["update"][0]
        assert (first.wall_elapsed, first.paused) == (2 * H, timedelta(0))

    def test_first_update_over_the_holiday(self) -> None:
        r = sq.read_clock(COMPLAINT, LOG[:2], at("2025-10-08 12:00"))
        current = r.milestones["update"]
        assert current.occurrence == 1
        assert current.status is S.RUNNING
        assert current.due == at("2025-10-10 17:00")
        assert [m.status for m in r.occurrences["update"]] == [S.MET, S.RUNNING]

    def test_current_occurrence_breached_until_the_next_update(self) -> None:
        r = sq.read_clock(COMPLAINT, LOG[:3], at("2025-10-13 17:30"))
        current = r.milestones["update"]
        assert (current.occurrence, current.status) == (2, S.BREACHED)
        assert current.breached_at == at("2025-10-13 17:00")
        assert (
            r.milestones["update"].describe(language="en") == "update: overdue (due 13 Oct 17:00)"
        )

    def test_pause_pauses_the_occurrence(self) -> None:
        r = sq.read_clock(COMPLAINT, LOG[:5], at("2025-10-15 11:00"))
        current = r.milestones["update"]
        assert (current.occurrence, current.status) == (3, S.PAUSED)

    def test_an_update_given_while_paused_starts_a_paused_occurrence(self) -> None:
        log = [
            OPENED,
            sq.Paused(at("2025-09-30 09:00"), "awaiting customer"),
            sq.Met(at("2025-09-30 10:00"), "update"),
            sq.Resumed(at("2025-10-09 09:00")),
        ]
        paused = sq.read_clock(COMPLAINT, log[:3], at("2025-09-30 11:00")).milestones["update"]
        assert (paused.occurrence, paused.status, paused.elapsed) == (1, S.PAUSED, timedelta(0))
        # its 18.5 working hours (9-30 10:00 to 10-10 17:00) run from the resumption
        running = sq.read_clock(COMPLAINT, log, at("2025-10-09 10:00")).milestones["update"]
        assert (running.status, running.due) == (S.RUNNING, at("2025-10-11 16:00"))

    def test_other_milestones_are_read_as_before(self) -> None:
        r = sq.read_clock(COMPLAINT, LOG, LATER)
        resolve = r.milestones["resolve"]
        assert resolve.occurrence == 0
        assert resolve.met_at == at("2025-10-16 15:00")
        assert set(r.occurrences) == {"update"}

    def test_a_promise_without_repeats_lists_no_occurrences(self) -> None:
        plain = sq.Promise("complaint", {"resolve": T.working_days(15)}, calendar=DESK)
        r = sq.read_clock(plain, [OPENED], LATER)
        assert r.occurrences == {}
        assert r.cycles[0].occurrences == {}

    def test_a_new_cycle_starts_the_occurrences_again(self) -> None:
        log = [*LOG, sq.Reopened(at("2025-10-20 10:00"))]
        r = sq.read_clock(COMPLAINT, log, at("2025-10-20 11:00"))
        assert [m.occurrence for m in r.occurrences["update"]] == [0]
        assert r.milestones["update"].started_at == at("2025-10-20 10:00")
        assert r.milestones["update"].due == at("2025-10-22 17:00")
        assert [m.occurrence for m in r.cycles[0].occurrences["update"]] == [0, 1, 2, 3]

    def test_reopened_to_resume_runs_the_last_occurrence_again(self) -> None:
        log = [
            *LOG[:4],
            sq.Resolved(at("2025-10-15 10:00")),
            sq.Reopened(at("2025-10-15 11:00"), "resume"),
        ]
        r = sq.read_clock(COMPLAINT, log, at("2025-10-15 12:00"))
        current = r.milestones["update"]
        assert (current.occurrence, current.status, current.met_at) == (3, S.RUNNING, None)
        # the hour resolved counts as a pause: due an hour later than 10-16 17:00
        assert current.due == at("2025-10-17 10:00")

    def test_a_retarget_keeps_counting_from_the_occurrence_start(self) -> None:
        three = sq.Promise(
            "complaint",
            {"update": T.working_days(3), "resolve": T.working_days(15)},
            calendar=DESK,
            repeats=("update",),
            name="complaint_III",
        )
        log = [*LOG[:2], sq.Retargeted(at("2025-10-09 10:00"), three)]
        r = sq.read_clock(COMPLAINT, log, at("2025-10-09 11:00"))
        current = r.milestones["update"]
        # 3 working days from the second occurrence's start (9-30 16:00), not the opening
        assert (current.occurrence, current.due) == (1, at("2025-10-11 17:00"))
        assert current.started_at == at("2025-09-30 16:00")

    def test_a_status_rule_can_meet_the_update(self) -> None:
        promise = sq.Promise(
            "complaint",
            {"update": T.working_days(2), "resolve": T.working_days(15)},
            calendar=DESK,
            repeats=("update",),
            status_rules={"customer_called": sq.StatusRule.meet("update")},
        )
        by_status = [OPENED, sq.StatusChanged(at("2025-09-30 16:00"), "customer_called")]
        r = sq.read_clock(promise, by_status, LATER)
        explicit = sq.read_clock(promise, LOG[:2], LATER)
        assert r.occurrences == explicit.occurrences


# --------------------------------------------------------------------------- laws


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=40 * 24), min_size=1, max_size=8, unique=True))
def test_appending_events_never_changes_earlier_occurrences(hours: list[int]) -> None:
    """An occurrence's due, met_at and status depend only on the log up to its Met."""
    log: list[sq.LogEntry] = [OPENED]
    log += [sq.Met(OPENED.at + h * H, "update") for h in sorted(hours)]
    now = OPENED.at + timedelta(days=60)
    full = sq.read_clock(COMPLAINT, log, now).occurrences["update"]
    assert len(full) == len(hours) + 1
    for k in range(1, len(log)):
        got = sq.read_clock(COMPLAINT, log[:k], now).occurrences["update"]
        assert [shape(m) for m in got[:-1]] == [shape(m) for m in full[: k - 1]]
        assert got[-1].due == full[k - 1].due  # the current one's due too


# --------------------------------------------------------------------------- errors


class TestErrors:
    def test_repeats_must_name_a_milestone(self) -> None:
        with pytest.raises(PromiseError, match=r"repeats names 'updte'.*did you mean 'update'"):
            sq.Promise("c", {"update": T.working_days(2)}, calendar=DESK, repeats=("updte",))

    def test_repeats_is_a_tuple_of_names(self) -> None:
        with pytest.raises(PromiseError, match=r"repeats must be a tuple of milestone names"):
            sq.Promise("c", {"update": T.working_days(2)}, calendar=DESK, repeats="update")

    def test_repeats_lists_a_name_once(self) -> None:
        with pytest.raises(PromiseError, match=r"repeats lists 'update' twice"):
            sq.Promise(
                "c", {"update": T.working_days(2)}, calendar=DESK, repeats=("update", "update")
            )

    def test_a_milestone_that_does_not_repeat_is_met_once(self) -> None:
        log = [OPENED, sq.Met(at("2025-09-30 10:00"), "resolve")]
        log.append(sq.Met(at("2025-09-30 11:00"), "resolve"))
        with pytest.raises(EventLogError, match=r"already met.*unless the promise lists it in"):
            sq.read_clock(COMPLAINT, log, LATER)

    def test_no_update_after_the_resolution(self) -> None:
        log = [*LOG, sq.Met(at("2025-10-17 10:00"), "update")]
        with pytest.raises(EventLogError, match=r"the request is resolved"):
            sq.read_clock(COMPLAINT, log, LATER)

    def test_the_column_clock_refuses_repeating_milestones(self) -> None:
        pytest.importorskip("numpy")
        with pytest.raises(ParameterError, match=r"repeating milestones \('update'\).*read_clock"):
            sq.read_clock_many(COMPLAINT, opened=[OPENED.at], now=LATER)


# --------------------------------------------------------------------------- escalation

LADDER = Ladder(
    "update",
    (
        Step(BeforeDue(2 * H), Notify("handler")),
        Step(OnBreach(), GreenChannel("supervisor")),
    ),
)


class TestEscalation:
    def test_steps_fire_once_per_occurrence_with_the_occurrence_in_the_id(self) -> None:
        got = due_actions(COMPLAINT, [LADDER], LOG, LATER)
        # only the late occurrence (2) reached its steps
        assert [(a.id, a.trigger_at, a.occurrence) for a in got] == [
            ("R-1/0/update/2/0", at("2025-10-13 15:00"), 2),
            ("R-1/0/update/2/1", at("2025-10-13 17:00"), 2),
        ]
        assert got[0].id == action_id("R-1", 0, "update", 0, 2)

    def test_ids_stay_stable_as_the_log_grows(self) -> None:
        now = at("2025-10-13 17:30")
        before = due_actions(COMPLAINT, [LADDER], LOG[:3], now)
        after = due_actions(COMPLAINT, [LADDER], LOG, now)
        assert before == after
        assert [a.id for a in before] == ["R-1/0/update/2/0", "R-1/0/update/2/1"]

    def test_next_due_includes_the_next_occurrence(self) -> None:
        # the second update is not yet given: its own steps come next
        assert next_due(COMPLAINT, [LADDER], LOG[:2], at("2025-10-10 12:00")) == at(
            "2025-10-10 15:00"
        )
        # given at 11:00, the third occurrence's notice is next
        assert next_due(COMPLAINT, [LADDER], LOG[:3], at("2025-10-10 12:00")) == at(
            "2025-10-13 15:00"
        )

    def test_a_milestone_that_does_not_repeat_keeps_its_id(self) -> None:
        ladder = Ladder("resolve", (Step(BeforeDue(2 * H), Notify("handler")),))
        got = due_actions(COMPLAINT, [ladder], [OPENED], at("2025-10-31 09:00"))
        assert [(a.id, a.occurrence) for a in got] == [("R-1/0/resolve/0", None)]
