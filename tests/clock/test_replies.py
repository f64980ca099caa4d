"""svcquality.clock: next reply (a promise's ``replies``; Zendesk's next reply time).

Each customer message not yet answered opens an occurrence of the reply
milestone, met by the agent's next reply (``Met(at, "reply")``). Messages while
one waits open nothing: the reply is due from the oldest unanswered message.
No message waiting, nothing is due. The desk (``tests/common.py``) works
09:00-12:00 and 13:30-17:00 on weekdays; 13 October 2025 is a Monday.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.common import DESK, H, M, at

import svcquality as sq
import svcquality.testing
from svcquality._assertions import assert_met
from svcquality.errors import EventLogError, ParameterError, PromiseError
from svcquality.escalation import GreenChannel, Ladder, OnBreach, Step, due_actions

T = sq.Target
S = sq.Status

CHAT = sq.Promise(
    "online_chat",
    {"reply": T.business(H), "resolve": T.working_days(5)},
    calendar=DESK,
    replies=("reply",),
)
LOG = [
    sq.Opened(at("2025-10-13 09:30")),
    sq.CustomerMessage(at("2025-10-13 10:00")),
    sq.CustomerMessage(at("2025-10-13 10:20")),  # still unanswered: opens nothing
    sq.Met(at("2025-10-13 11:05"), "reply"),  # 5 minutes late
    sq.CustomerMessage(at("2025-10-13 14:00")),
]
NOW = at("2025-10-13 14:30")


def read(log: list[sq.Event], now: object = NOW) -> sq.ClockReading:
    return sq.read_clock(CHAT, log, now)  # type: ignore[arg-type]


class TestNextReply:
    def test_one_occurrence_per_unanswered_run_of_messages(self) -> None:
        first, second = read(LOG).occurrences["reply"]
        assert (first.started_at, first.due, first.met_at) == (
            at("2025-10-13 10:00"),
            at("2025-10-13 11:00"),
            at("2025-10-13 11:05"),
        )
        assert first.status is S.BREACHED
        assert first.met_at - first.due == 5 * M  # type: ignore[operator]
        assert (second.started_at, second.due, second.status) == (
            at("2025-10-13 14:00"),
            at("2025-10-13 15:00"),
            S.RUNNING,
        )
        assert [first.occurrence, second.occurrence] == [0, 1]

    def test_wall_elapsed_and_paused_count_from_the_message(self) -> None:
        """Failed before its fix: they counted from the opening, so the reply read 50
        minutes of wall time and a 30-minute pause that ended before the message."""
        t = at("2025-11-17 09:00")
        log = [
            sq.Opened(t),
            sq.Paused(t + 10 * M, reason="等待客户"),
            sq.Resumed(t + 40 * M),
            sq.CustomerMessage(t + H),  # 10:00
        ]
        m = sq.read_clock(CHAT, log, t + 80 * M).milestones["reply"]  # read at 10:20
        assert m.started_at == at("2025-11-17 10:00")
        assert (m.wall_elapsed, m.paused) == (20 * M, timedelta(0))
        paused = [*log, sq.Paused(t + 90 * M, reason="等待客户")]  # 10:30
        m = sq.read_clock(CHAT, paused, t + 2 * H).milestones["reply"]  # read at 11:00
        assert (m.wall_elapsed, m.paused) == (30 * M, 30 * M)

    def test_the_waiting_occurrence_is_the_current_milestone(self) -> None:
        r = read(LOG)
        assert r.milestones["reply"] == r.occurrences["reply"][-1]

    def test_no_message_waiting_nothing_due(self) -> None:
        r = read(LOG[:1], at("2025-10-13 17:00"))
        assert "reply" not in r.milestones
        assert r.occurrences["reply"] == ()
        answered = read(LOG[:4], at("2025-10-13 13:00"))
        assert "reply" not in answered.milestones
        assert [o.status for o in answered.occurrences["reply"]] == [S.BREACHED]
        assert set(answered.milestones) == {"resolve"}

    def test_the_opening_is_no_message(self) -> None:
        r = read(LOG[:1], at("2025-10-14 17:00"))
        assert r.milestones["resolve"].status is S.RUNNING
        assert r.occurrences["reply"] == ()

    def test_a_message_while_paused_waits_for_the_resumption(self) -> None:
        log = [
            LOG[0],
            sq.Paused(at("2025-10-13 09:40"), "awaiting customer"),
            sq.CustomerMessage(at("2025-10-13 10:00")),
            sq.Resumed(at("2025-10-13 10:30")),
        ]
        assert read(log, at("2025-10-13 10:45")).milestones["reply"].due == at("2025-10-13 11:30")

    def test_the_resolution_meets_the_waiting_reply(self) -> None:
        log = [*LOG, sq.Resolved(at("2025-10-13 14:10"))]
        r = read(log, at("2025-10-13 16:00"))
        last = r.occurrences["reply"][-1]
        assert (last.met_at, last.status) == (at("2025-10-13 14:10"), S.MET)

    def test_a_new_cycle_opens_no_reply_until_a_message(self) -> None:
        log = [
            *LOG,
            sq.Resolved(at("2025-10-13 14:10")),
            sq.Reopened(at("2025-10-13 15:00")),
        ]
        r = read(log, at("2025-10-13 16:00"))
        assert r.occurrences["reply"] == ()
        assert len(r.cycles[0].occurrences["reply"]) == 2
        after = read([*log, sq.CustomerMessage(at("2025-10-13 15:30"))], at("2025-10-13 16:00"))
        assert after.milestones["reply"].occurrence == 0

    def test_a_retarget_opens_no_reply_and_keeps_a_waiting_one(self) -> None:
        slower = sq.Promise(
            "online_chat",
            {"reply": T.business(2 * H), "resolve": T.working_days(5)},
            calendar=DESK,
            name="slower",
            replies=("reply",),
        )
        quiet = [LOG[0], sq.Retargeted(at("2025-10-13 09:45"), slower)]
        assert "reply" not in read(quiet, at("2025-10-13 12:00")).milestones
        waiting = [*LOG[:2], sq.Retargeted(at("2025-10-13 10:30"), slower)]
        reply = read(waiting, at("2025-10-13 10:45")).milestones["reply"]
        assert (reply.started_at, reply.due) == (at("2025-10-13 10:00"), at("2025-10-13 12:00"))

    def test_a_status_rule_meet_with_nothing_waiting_is_no_change(self) -> None:
        promise = sq.Promise(
            "online_chat",
            {"reply": T.business(H)},
            calendar=DESK,
            replies=("reply",),
            status_rules={"answered": sq.StatusRule.meet("reply")},
        )
        log = [
            LOG[0],
            sq.StatusChanged(at("2025-10-13 09:45"), "answered"),
            sq.CustomerMessage(at("2025-10-13 10:00")),
            sq.StatusChanged(at("2025-10-13 10:30"), "answered"),
        ]
        (only,) = sq.read_clock(promise, log, at("2025-10-13 12:00")).occurrences["reply"]
        assert (only.met_at, only.status) == (at("2025-10-13 10:30"), S.MET)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(1, 90)), min_size=1, max_size=12))
def test_appending_events_never_changes_earlier_occurrences(steps: list[tuple[bool, int]]) -> None:
    """Each step is a customer message (True) or, when one waits, the agent's reply."""
    log: list[sq.Event] = [LOG[0]]
    t, waiting = at("2025-10-13 09:30"), False
    for message, minutes in steps:
        t += timedelta(minutes=minutes)
        if message:
            log.append(sq.CustomerMessage(t))
            waiting = True
        elif waiting:
            log.append(sq.Met(t, "reply"))
            waiting = False
    end = t + 10 * H
    whole = read(log, end).occurrences["reply"]
    for n in range(1, len(log)):
        part = read(log[:n], end).occurrences["reply"]
        closed = [o for o in part if o.met_at is not None]
        assert closed == list(whole[: len(closed)])


@settings(max_examples=60, deadline=None)
@given(sq.testing.event_logs(CHAT, max_gap=timedelta(hours=3), retarget_to=()))
def test_an_occurrence_is_timed_from_its_own_start(log: list[sq.Event]) -> None:
    """Each occurrence's wall_elapsed and paused split the clock time from its
    started_at to its reply (or now), the pause being the pauses' part of it."""
    now = log[-1].at
    for cycle in sq.read_clock(CHAT, log, now).cycles:
        for o in cycle.occurrences["reply"]:
            end = now if o.met_at is None else o.met_at
            assert o.wall_elapsed + o.paused == end - o.started_at
            stopped = sum(
                (
                    max(min(e if e is not None else end, end) - max(s, o.started_at), timedelta(0))
                    for s, e, _ in cycle.pauses
                ),
                timedelta(0),
            )
            assert o.paused == stopped


STATUS_CHAT = sq.Promise(
    "online_chat",
    {"reply": T.business(H), "resolve": T.working_days(5)},
    calendar=DESK,
    replies=("reply",),
    status_rules={"answered": sq.StatusRule.meet("reply")},
)


@settings(max_examples=60, deadline=None)
@given(sq.testing.event_logs(STATUS_CHAT, max_gap=timedelta(hours=3), retarget_to=[CHAT]))
def test_generated_logs_with_replies_are_valid(log: list[sq.Event]) -> None:
    """event_logs writes messages and answers only waiting ones, so the clock reads them."""
    r = sq.read_clock(STATUS_CHAT, log, log[-1].at)
    messages = sum(isinstance(e, sq.CustomerMessage) for e in log)
    opened = sum(len(c.occurrences.get("reply", ())) for c in r.cycles)
    assert opened <= messages


class TestErrors:
    def test_a_reply_with_no_message_waiting(self) -> None:
        with pytest.raises(EventLogError, match="no customer message waits for 'reply'"):
            read([LOG[0], sq.Met(at("2025-10-13 10:00"), "reply")])

    def test_a_second_reply_names_the_last_answer(self) -> None:
        log = [*LOG[:4], sq.Met(at("2025-10-13 11:10"), "reply")]
        with pytest.raises(EventLogError, match=r"answered at 2025-10-13T11:05"):
            read(log)

    def test_no_extension_with_no_message_waiting(self) -> None:
        promise = sq.Promise(
            "online_chat",
            {"reply": T.business(H)},
            calendar=DESK,
            replies=("reply",),
            extensions={"reply": (sq.Extension(T.business(2 * H)),)},
        )
        log = [LOG[0], sq.Extended(at("2025-10-13 10:00"), "reply", T.business(2 * H))]
        with pytest.raises(EventLogError, match="nothing to extend"):
            sq.read_clock(promise, log, NOW)

    def test_a_message_after_the_resolution(self) -> None:
        log = [LOG[0], sq.Resolved(at("2025-10-13 10:00")), sq.CustomerMessage(NOW)]
        with pytest.raises(EventLogError, match="record Reopened before it"):
            read(log)

    def test_explain_and_assert_say_no_message_waits(self) -> None:
        with pytest.raises(ParameterError, match="no customer message waits for it"):
            sq.explain_due(CHAT, LOG[:4], NOW, "reply")
        with pytest.raises(
            AssertionError, match=r"answered occurrences are in occurrences\['reply'\]"
        ):
            assert_met(CHAT, LOG[:4], "reply", NOW)

    def test_explain_a_waiting_reply(self) -> None:
        e = sq.explain_due(CHAT, LOG, NOW, "reply")
        assert (e.started_at, e.due) == (at("2025-10-13 14:00"), at("2025-10-13 15:00"))

    def test_replies_must_name_a_milestone(self) -> None:
        with pytest.raises(PromiseError, match=r"replies names 'replay'.*did you mean 'reply'"):
            sq.Promise("chat", {"reply": T.business(H)}, calendar=DESK, replies=("replay",))

    def test_replies_is_a_tuple_of_names(self) -> None:
        with pytest.raises(PromiseError, match="replies must be a tuple"):
            sq.Promise("chat", {"reply": T.business(H)}, calendar=DESK, replies="reply")

    def test_a_milestone_repeats_or_replies_not_both(self) -> None:
        with pytest.raises(PromiseError, match="both repeats and replies"):
            sq.Promise(
                "chat",
                {"reply": T.business(H)},
                calendar=DESK,
                repeats=("reply",),
                replies=("reply",),
            )

    def test_the_column_clock_refuses_replies(self) -> None:
        np = pytest.importorskip("numpy")
        with pytest.raises(ParameterError, match="read such requests with read_clock"):
            sq.read_clock_many(CHAT, np.array([0], dtype="datetime64[us]"), now=NOW)


class TestEscalation:
    LADDER = Ladder("reply", (Step(OnBreach(), GreenChannel("supervisor")),))

    def test_a_step_fires_once_per_occurrence(self) -> None:
        late = [*LOG, sq.Met(at("2025-10-13 15:20"), "reply")]
        acts = due_actions(CHAT, [self.LADDER], late, at("2025-10-13 16:00"), request="C-1")
        assert [a.id for a in acts] == ["C-1/0/reply/0/0", "C-1/0/reply/1/0"]
        assert [a.occurrence for a in acts] == [0, 1]

    def test_ids_stay_stable_as_the_log_grows(self) -> None:
        now = at("2025-10-14 17:00")
        ids: list[str] = []
        for n in range(1, len(LOG) + 1):
            ids_n = [a.id for a in due_actions(CHAT, [self.LADDER], LOG[:n], now, request="C-1")]
            assert ids_n[: len(ids)] == ids
            ids = ids_n
        assert ids == ["C-1/0/reply/0/0", "C-1/0/reply/1/0"]
