"""svcquality.clock: status-driven rules (a promise's status_rules, StatusChanged events).

A host maps its ticket states once, as data, and logs ``StatusChanged``; the
clock applies the explicit event each status's rule implies. The law: a
status-driven log reads equal to the same log with those explicit events. The
scenarios are the two pauses the issue names: 等待客户补充材料 (awaiting the
customer's documents) and 外部鉴定 (external appraisal, whose time the 2020
complaint rule leaves out). The calendar is open 09:00-17:00 (8 h) Monday to
Friday, no holidays: 3 March 2025 is a Monday.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.common import H, at

import svcquality as sq
from svcquality.errors import EventLogError, PromiseError

T = sq.Target
R = sq.StatusRule

OFFICE = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai")

#: A card desk's ticket states, mapped once.
CARD_STATUSES = {
    "assigned": R.keep(),
    "in_progress": R.resume(),
    "awaiting_customer": R.pause("等待客户补充材料"),
    "answered": R.meet("respond"),
    "new_facts": R.restart(),
}
CARD = sq.Promise(
    "card_dispute",
    {"respond": T.business(4 * H), "resolve": T.working_days(5)},
    calendar=OFFICE,
    status_rules=CARD_STATUSES,
)

#: The complaint rule's shape: appraisal time is not counted (外部鉴定).
COMPLAINT = sq.Promise(
    "complaint",
    {"decide": T.working_days(15)},
    calendar=OFFICE,
    pause_reasons=("external_appraisal",),
    status_rules={
        "受理": R.keep(),
        "处理中": R.resume(),
        "外部鉴定": R.pause("external_appraisal"),
    },
)


def changed(when: str, status: str) -> sq.StatusChanged:
    return sq.StatusChanged(at(when), status)


class TestScenarios:
    def test_awaiting_customer_pauses_and_in_progress_resumes(self) -> None:
        """等待客户补充材料 holds Monday 09:20 to 14:00: 20 min used, 3 h 40 min left at
        14:00, of which 3 h run to 17:00 and 40 min on Tuesday: due 09:40, not 13:00."""
        statuses = [
            sq.Opened(at("2025-03-03 09:00")),
            changed("2025-03-03 09:05", "assigned"),
            changed("2025-03-03 09:20", "awaiting_customer"),
            changed("2025-03-03 14:00", "in_progress"),
        ]
        explicit = [
            sq.Opened(at("2025-03-03 09:00")),
            sq.Paused(at("2025-03-03 09:20"), reason="等待客户补充材料"),
            sq.Resumed(at("2025-03-03 14:00")),
        ]
        now = at("2025-03-03 15:00")
        r = sq.read_clock(CARD, statuses, now)
        assert r == sq.read_clock(CARD, explicit, now)
        respond = r.milestones["respond"]
        assert respond.due == at("2025-03-04 09:40")
        assert respond.paused == timedelta(hours=4, minutes=40)
        assert r.cycles[0].pauses == (
            (at("2025-03-03 09:20"), at("2025-03-03 14:00"), "等待客户补充材料"),
        )

    def test_external_appraisal_time_is_not_counted(self) -> None:
        """外部鉴定 from Tuesday 4 March 10:00 to Tuesday 11 March 10:00 holds five
        working days, so the decision due on 24 March falls due on 31 March."""
        statuses = [
            sq.Opened(at("2025-03-03 10:00")),
            changed("2025-03-03 10:30", "受理"),
            changed("2025-03-04 10:00", "外部鉴定"),
            changed("2025-03-11 10:00", "处理中"),
        ]
        decide = sq.read_clock(COMPLAINT, statuses, at("2025-03-12 09:00")).milestones["decide"]
        assert decide.original_due == at("2025-03-24 17:00")
        assert decide.due == at("2025-03-31 17:00")
        assert decide.paused == 7 * 24 * H

    def test_answered_meets_respond_and_new_facts_restart_the_rest(self) -> None:
        log = [
            sq.Opened(at("2025-03-03 09:00")),
            changed("2025-03-03 10:00", "answered"),
            changed("2025-03-05 09:00", "new_facts"),
        ]
        r = sq.read_clock(CARD, log, at("2025-03-05 10:00"))
        assert r.milestones["respond"].met_at == at("2025-03-03 10:00")
        assert r.milestones["resolve"].started_at == at("2025-03-05 09:00")
        restarted = [*log[:2], sq.Retargeted(at("2025-03-05 09:00"), CARD, "restart")]
        assert r == sq.read_clock(CARD, restarted, at("2025-03-05 10:00"))

    def test_a_retarget_brings_the_new_promises_rules(self) -> None:
        """After a severity change, the statuses are the new promise's."""
        urgent = sq.Promise(
            "card_dispute",
            {"respond": T.business(H)},
            calendar=OFFICE,
            name="card_dispute_urgent",
            status_rules={"escalated": R.keep()},
        )
        log = [
            sq.Opened(at("2025-03-03 09:00")),
            sq.Retargeted(at("2025-03-03 09:10"), urgent),
            changed("2025-03-03 09:20", "escalated"),
        ]
        assert sq.read_clock(CARD, log, at("2025-03-03 09:30")).state == "running"
        with pytest.raises(EventLogError, match=r"promise 'card_dispute_urgent' has no status"):
            sq.read_clock(
                CARD,
                [*log, changed("2025-03-03 09:25", "awaiting_customer")],
                at("2025-03-03 09:30"),
            )


class TestPrecedence:
    """One clock, one state: a status applies its change when the clock can make it
    and does nothing when the change is already in effect; explicit events are
    checked against the state whichever event set it."""

    def test_a_status_pause_while_explicitly_paused_keeps_the_explicit_pause(self) -> None:
        log = [
            sq.Opened(at("2025-03-04 09:00")),
            sq.Paused(at("2025-03-04 10:00"), reason="external_appraisal"),
            changed("2025-03-04 11:00", "外部鉴定"),
            changed("2025-03-04 12:00", "处理中"),
        ]
        explicit = [*log[:2], sq.Resumed(at("2025-03-04 12:00"))]
        now = at("2025-03-04 13:00")
        assert sq.read_clock(COMPLAINT, log, now) == sq.read_clock(COMPLAINT, explicit, now)
        assert sq.read_clock(COMPLAINT, log, now).cycles[0].pauses == (
            (at("2025-03-04 10:00"), at("2025-03-04 12:00"), "external_appraisal"),
        )

    def test_a_resume_status_ends_an_explicit_pause(self) -> None:
        """The bank's own system says work goes on: the clock runs (never less time counted)."""
        log = [
            sq.Opened(at("2025-03-04 09:00")),
            sq.Paused(at("2025-03-04 10:00"), reason="external_appraisal"),
            changed("2025-03-04 11:00", "处理中"),
        ]
        assert sq.read_clock(COMPLAINT, log, at("2025-03-04 12:00")).state == "running"

    def test_an_explicit_pause_while_status_paused_is_refused(self) -> None:
        log = [
            sq.Opened(at("2025-03-04 09:00")),
            changed("2025-03-04 10:00", "外部鉴定"),
            sq.Paused(at("2025-03-04 11:00"), reason="external_appraisal"),
        ]
        with pytest.raises(
            EventLogError, match=r"^log\[2\] Paused.*already paused \(since log\[1\]\)"
        ):
            sq.read_clock(COMPLAINT, log, at("2025-03-04 12:00"))

    def test_meeting_a_met_milestone_keeps_the_first_instant(self) -> None:
        log = [
            sq.Opened(at("2025-03-03 09:00")),
            sq.Met(at("2025-03-03 09:30"), "respond"),
            changed("2025-03-03 10:00", "answered"),
        ]
        r = sq.read_clock(CARD, log, at("2025-03-03 11:00"))
        assert r.milestones["respond"].met_at == at("2025-03-03 09:30")

    def test_after_resolved_a_meet_or_keep_status_does_nothing(self) -> None:
        log = [
            sq.Opened(at("2025-03-03 09:00")),
            sq.Resolved(at("2025-03-03 10:00")),
            changed("2025-03-03 10:05", "answered"),
            changed("2025-03-03 10:06", "assigned"),
        ]
        now = at("2025-03-03 11:00")
        assert sq.read_clock(CARD, log, now) == sq.read_clock(CARD, log[:2], now)

    def test_a_repeated_meet_status_meets_no_new_occurrence(self) -> None:
        """The host's feed repeats 已同步进度: one update, one occurrence met.

        Before the fix, each repeat met the occurrence the last one started, so
        two updates counted as given on time where one was sent.
        """
        updates = sq.Promise(
            "complaint",
            {"update": T.working_days(2), "resolve": T.working_days(15)},
            calendar=OFFICE,
            repeats=("update",),
            status_rules={"已同步进度": R.meet("update"), "处理中": R.keep()},
        )
        now = at("2025-03-12 09:00")
        opened = sq.Opened(at("2025-03-03 10:00"))
        once = [opened, changed("2025-03-04 16:00", "已同步进度")]
        twice = [*once, changed("2025-03-04 16:05", "已同步进度")]
        assert sq.read_clock(updates, twice, now) == sq.read_clock(updates, once, now)
        assert len(sq.read_clock(updates, twice, now).occurrences["update"]) == 2
        # another status between, or an explicit Met, meets the next update
        other = [
            *once,
            changed("2025-03-05 10:00", "处理中"),
            changed("2025-03-05 11:00", "已同步进度"),
        ]
        explicit = [*once, sq.Met(at("2025-03-05 11:00"), "update")]
        assert sq.read_clock(updates, other, now) == sq.read_clock(updates, explicit, now)
        assert len(sq.read_clock(updates, other, now).occurrences["update"]) == 3

    def test_a_repeated_restart_status_restarts_nothing(self) -> None:
        """The feed repeats 补充新事实: the period restarts once, at the first giving.

        Before, each repeat restarted the clock again, moving the due a day later
        for every time the host's feed sent the same status.
        """
        restarts = sq.Promise(
            "complaint",
            {"decide": T.working_days(15)},
            calendar=OFFICE,
            status_rules={"补充新事实": R.restart(), "处理中": R.keep()},
        )
        now = at("2025-03-12 09:00")
        opened = sq.Opened(at("2025-03-03 10:00"))
        once = [opened, changed("2025-03-04 16:00", "补充新事实")]
        twice = [*once, changed("2025-03-05 11:00", "补充新事实")]
        first = sq.read_clock(restarts, once, now).milestones["decide"]
        assert sq.read_clock(restarts, twice, now).milestones["decide"] == first
        # counted from the day after 3-04: 15 working days end on 25 March
        assert first.due == at("2025-03-25 17:00")
        # after another status, the same status is a new restart
        again = [
            *once,
            changed("2025-03-05 10:00", "处理中"),
            changed("2025-03-05 11:00", "补充新事实"),
        ]
        assert sq.read_clock(restarts, again, now).milestones["decide"].due == at(
            "2025-03-26 17:00"
        )


#: The steps a drawn log is made of: a status, or an explicit pause or resume.
_STEPS = st.sampled_from([*CARD_STATUSES, "explicit pause", "explicit resume"])


@settings(max_examples=150, deadline=None)
@given(
    steps=st.lists(st.tuples(_STEPS, st.integers(0, 36 * 60)), max_size=12),
    resolve=st.booleans(),
)
def test_law_a_status_log_reads_as_the_explicit_events_it_implies(
    steps: list[tuple[str, int]], resolve: bool
) -> None:
    """The law, on logs that mix statuses with explicit pauses and resumes: the
    status-driven log reads equal to the log with each status replaced by the
    explicit event its rule implies (or nothing, when its change is in effect)."""
    start = at("2025-03-03 08:30")
    when = start
    statuses: list[sq.Event] = [sq.Opened(start)]
    explicit: list[sq.Event] = [sq.Opened(start)]
    paused = False
    met: set[str] = set()
    last = ""  # the status the last StatusChanged gave
    for step, gap in steps:
        when += timedelta(minutes=gap)
        if step == "explicit pause" and not paused:
            event: sq.Event = sq.Paused(when, reason="等待客户补充材料")
            statuses.append(event)
            explicit.append(event)
            paused = True
        elif step == "explicit resume" and paused:
            statuses.append(sq.Resumed(when))
            explicit.append(sq.Resumed(when))
            paused = False
        elif step in CARD_STATUSES:
            statuses.append(sq.StatusChanged(when, step))
            rule = CARD_STATUSES[step]
            if rule.action == "pause" and not paused:
                explicit.append(sq.Paused(when, reason=rule.reason))
                paused = True
            elif rule.action == "resume" and paused:
                explicit.append(sq.Resumed(when))
                paused = False
            elif rule.action == "meet":
                explicit.extend(sq.Met(when, m) for m in rule.milestones if m not in met)
                met.update(rule.milestones)
            elif rule.action == "restart" and step != last:
                explicit.append(sq.Retargeted(when, CARD, "restart"))
            last = step
    if resolve:
        when += timedelta(minutes=1)
        statuses.append(sq.Resolved(when))
        explicit.append(sq.Resolved(when))
    for now in (when, when + 3 * H):
        assert sq.read_clock(CARD, statuses, now) == sq.read_clock(CARD, explicit, now)


class TestErrors:
    def test_an_unknown_status_names_the_known_ones(self) -> None:
        log = [sq.Opened(at("2025-03-03 09:00")), changed("2025-03-03 09:10", "awaiting_custmer")]
        with pytest.raises(EventLogError) as info:
            sq.read_clock(CARD, log, at("2025-03-03 10:00"))
        assert str(info.value) == (
            "log[1] StatusChanged(at=2025-03-03T09:10:00+08:00, status='awaiting_custmer'): "
            "promise 'card_dispute' has no status rule for 'awaiting_custmer'; its statuses "
            "are 'assigned', 'in_progress', 'awaiting_customer', 'answered', 'new_facts'; "
            "did you mean 'awaiting_customer'? map the status in Promise(status_rules=...) "
            "(StatusRule.keep() for a status that leaves the clock as it is)"
        )
        assert info.value.code == "event_log.event"

    def test_a_promise_without_status_rules_refuses_every_status(self) -> None:
        plain = sq.Promise("card_dispute", {"respond": T.business(4 * H)}, calendar=OFFICE)
        log = [sq.Opened(at("2025-03-03 09:00")), changed("2025-03-03 09:10", "assigned")]
        with pytest.raises(EventLogError, match="promise 'card_dispute' declares no status rules"):
            sq.read_clock(plain, log, at("2025-03-03 10:00"))

    @pytest.mark.parametrize("status", ["awaiting_customer", "in_progress", "new_facts"])
    def test_a_clock_status_after_resolved_is_refused(self, status: str) -> None:
        log = [
            sq.Opened(at("2025-03-03 09:00")),
            sq.Resolved(at("2025-03-03 10:00")),
            changed("2025-03-03 11:00", status),
        ]
        with pytest.raises(
            EventLogError,
            match=r"^log\[2\] StatusChanged\(.*\): status '.*' would \w+ the clock, but the "
            r"request is resolved \(since log\[1\]\); record Reopened before it",
        ):
            sq.read_clock(CARD, log, at("2025-03-03 12:00"))

    @pytest.mark.parametrize("status", ["", "  ", "in progress", None, 3])
    def test_a_status_changed_needs_a_status_name(self, status: object) -> None:
        with pytest.raises(EventLogError, match="StatusChanged: status must be the host's status"):
            sq.StatusChanged(at("2025-03-03 09:00"), status)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (lambda: R("stop"), r"StatusRule.action: 'stop' is not one of"),
            (lambda: R.pause(""), r"StatusRule\('pause'\): a pause needs a reason"),
            (lambda: R("resume", reason="x"), r"only a pause has a reason"),
            (R.meet, r"StatusRule\('meet'\): names no milestone"),
            (lambda: R("keep", milestones=("respond",)), r"only 'meet' names milestones"),
            (lambda: R.meet("respond", "respond"), r"names milestone 'respond' twice"),
            (lambda: R("meet", milestones="respond"), r"milestones must be a list"),
            (lambda: R("pause", reason=3), r"reason must be text"),
        ],
    )
    def test_a_bad_status_rule_is_refused(self, make: object, message: str) -> None:
        with pytest.raises(PromiseError, match=message):
            make()  # type: ignore[operator]

    def test_a_pause_reason_the_promise_does_not_allow_is_refused(self) -> None:
        with pytest.raises(PromiseError) as info:
            sq.Promise(
                "complaint",
                {"decide": T.working_days(15)},
                calendar=OFFICE,
                pause_reasons=("external_appraisal",),
                status_rules={"外部鉴定": R.pause("external_apraisal")},
            )
        assert str(info.value) == (
            "Promise 'complaint': status_rules['外部鉴定'].reason: the reason "
            "'external_apraisal' is not one of the promise's pause_reasons "
            "('external_appraisal'); did you mean 'external_appraisal'? give one of them, "
            "or add it to pause_reasons"
        )

    def test_meeting_an_unknown_milestone_is_refused(self) -> None:
        with pytest.raises(
            PromiseError,
            match=r"status_rules\['answered'\].milestones: there is no milestone 'respnd'; "
            r"did you mean 'respond'\?",
        ):
            sq.Promise(
                "card_dispute",
                {"respond": T.business(4 * H)},
                calendar=OFFICE,
                status_rules={"answered": R.meet("respnd")},
            )

    @pytest.mark.parametrize(
        ("rules", "message"),
        [
            (["assigned"], r"Promise: status_rules must be a mapping such as"),
            ({"": R.keep()}, r"a status name in status_rules must be a non-empty name"),
            ({"in progress": R.resume()}, r"without spaces, such as 'atm_refund'; got 'in prog"),
            ({"assigned": "keep"}, r"status_rules\['assigned'\] must be a StatusRule"),
        ],
    )
    def test_status_rules_must_map_statuses_to_rules(self, rules: object, message: str) -> None:
        with pytest.raises(PromiseError, match=message):
            sq.Promise(
                "card_dispute",
                {"respond": T.business(4 * H)},
                calendar=OFFICE,
                status_rules=rules,  # type: ignore[arg-type]
            )


def test_status_changed_is_the_clocks_event_in_the_one_log() -> None:
    """read_request gives a StatusChanged to the clock, among routing's events."""
    log = [
        sq.Opened(at("2025-03-03 09:00")),
        changed("2025-03-03 09:20", "awaiting_customer"),
    ]
    now = at("2025-03-03 10:00")
    reading = sq.read_request(CARD, log, now)
    assert reading.clock == sq.read_clock(CARD, log, now)
    assert reading.clock.state == "paused"


def test_escalation_reads_a_status_driven_log_as_the_explicit_one() -> None:
    """due_actions replays the same log: a status pause holds off the 50% step."""
    ladder = sq.Ladder(
        "respond",
        (
            sq.Step(sq.Consumed(0.5), sq.Notify("team_lead")),
            sq.Step(sq.OnBreach(), sq.Notify("manager")),
        ),
    )
    statuses = [
        sq.Opened(at("2025-03-03 09:00")),
        changed("2025-03-03 10:00", "awaiting_customer"),
        changed("2025-03-03 14:00", "in_progress"),
    ]
    explicit = [
        sq.Opened(at("2025-03-03 09:00")),
        sq.Paused(at("2025-03-03 10:00"), reason="等待客户补充材料"),
        sq.Resumed(at("2025-03-03 14:00")),
    ]
    now = at("2025-03-03 16:59")  # breached at 17:00: 1 h before the pause and 3 h after
    actions = sq.due_actions(CARD, [ladder], statuses, now)
    assert actions == sq.due_actions(CARD, [ladder], explicit, now)
    (half,) = actions
    assert half.trigger_at == at("2025-03-03 15:00")
