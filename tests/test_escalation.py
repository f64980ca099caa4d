"""Escalation ladders: reference scenarios with instants written out, laws, every error."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from tests.common import TIER_I_1H, TIER_III_8H, H, at

import svcquality as sq
from svcquality import testing
from svcquality.escalation import (
    AfterDue,
    BeforeDue,
    Consumed,
    DueAction,
    GreenChannel,
    HandToSecondLine,
    InformCustomer,
    Ladder,
    Notify,
    OnBreach,
    Reassign,
    Severity,
    Step,
    Tiers,
    action_id,
    due_actions,
    next_due,
)

MIN = timedelta(minutes=1)
BRANCH = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN", name="branch"
)
# The branch manager (行长) keeps shorter office hours than the counter.
MANAGER = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-16:30"}, zone="Asia/Shanghai", holidays="CN", name="manager"
)
DUTY = sq.BusinessCalendar.always_open(zone="Asia/Shanghai")


def ids(actions: tuple[DueAction, ...]) -> list[str]:
    return [a.id for a in actions]


# --------------------------------------------------------------------------- scenarios


class TestGreenChannel:
    """Overdue routine business at a branch goes to the green channel (绿色通道)."""

    promise = sq.Promise(
        service="account_opening",
        calendar=BRANCH,
        milestones={"complete": sq.Target.business(2 * H)},
    )
    ladder = Ladder(
        "complete",
        (
            Step(Consumed(0.5), Notify("handler")),
            Step(OnBreach(), GreenChannel("supervisor")),
            Step(OnBreach(), InformCustomer("progress_update")),
        ),
    )

    def test_due_in_order_with_instants(self) -> None:
        # Opened Mon 2025-11-03 11:00; 2 business hours: 11:00-12:00 then 13:30-14:30.
        log = [sq.Opened(at=at("2025-11-03 11:00"))]
        acts = due_actions(self.promise, [self.ladder], log, at("2025-11-03 15:00"), request="B-7")
        assert [(a.id, a.action, a.trigger_at) for a in acts] == [
            ("B-7/0/complete/0", Notify("handler"), at("2025-11-03 12:00")),
            ("B-7/0/complete/1", GreenChannel("supervisor"), at("2025-11-03 14:30")),
            ("B-7/0/complete/2", InformCustomer("progress_update"), at("2025-11-03 14:30")),
        ]
        assert all(a.deliver_at == a.trigger_at for a in acts)

    def test_half_consumed_lands_on_the_window_end_not_after_lunch(self) -> None:
        # 1 of 2 hours is used at 12:00 exactly: the end of the morning window.
        log = [sq.Opened(at=at("2025-11-03 11:00"))]
        assert next_due(self.promise, [self.ladder], log, at("2025-11-03 11:00")) == at(
            "2025-11-03 12:00"
        )
        assert next_due(self.promise, [self.ladder], log, at("2025-11-03 12:00")) == at(
            "2025-11-03 14:30"
        )
        assert next_due(self.promise, [self.ladder], log, at("2025-11-03 14:30")) is None

    def test_met_on_time_fires_nothing_more(self) -> None:
        log = [sq.Opened(at=at("2025-11-03 11:00")), sq.Met(at("2025-11-03 14:00"), "complete")]
        acts = due_actions(self.promise, [self.ladder], log, at("2025-11-04 09:00"))
        assert ids(acts) == ["R-1/0/complete/0"]

    def test_met_exactly_at_the_due_instant_is_not_a_breach(self) -> None:
        log = [sq.Opened(at=at("2025-11-03 11:00")), sq.Met(at("2025-11-03 14:30"), "complete")]
        acts = due_actions(self.promise, [self.ladder], log, at("2025-11-04 09:00"))
        assert ids(acts) == ["R-1/0/complete/0"]
        reading = sq.read_clock(self.promise, log, at("2025-11-04 09:00"))
        assert reading.milestones["complete"].status is sq.Status.MET


class TestTierIByTheHour:
    """Tier I (a system failure): respond 1 h, plan within 24 h, on a 7x24 duty desk."""

    promise = sq.Promise(
        service="incident",
        name="feedback_I",
        calendar=DUTY,
        milestones={"respond": sq.Target.wall(H), "plan": sq.Target.wall(24 * H)},
    )
    ladder = Ladder(
        "plan",
        (
            *(Step(Consumed(Fraction(k, 24)), Notify(f"duty_{k}h")) for k in range(1, 4)),
            Step(OnBreach(), HandToSecondLine("head_office")),
        ),
    )

    def test_escalates_every_hour_at_night_too(self) -> None:
        log = [sq.Opened(at=at("2025-10-01 22:10"))]  # National Day, late evening
        acts = due_actions(self.promise, [self.ladder], log, at("2025-10-02 01:30"))
        assert [a.trigger_at for a in acts] == [
            at("2025-10-01 23:10"),
            at("2025-10-02 00:10"),
            at("2025-10-02 01:10"),
        ]
        assert [a.deliver_at for a in acts] == [a.trigger_at for a in acts]
        assert next_due(self.promise, [self.ladder], log, at("2025-10-02 01:30")) == at(
            "2025-10-02 22:10"
        )


class TestManagerWaitsForOfficeHours:
    """A tier III result at 80% consumed late on a Friday: the manager is told on Monday."""

    promise = sq.Promise(
        service="feedback",
        name="feedback_III_result",
        calendar=BRANCH,
        milestones={"result": sq.Target.business(10 * H)},
    )
    ladder = Ladder("result", (Step(Consumed(0.8), Notify("manager"), calendar=MANAGER),))

    def test_friday_1655_waits_for_monday_0900(self) -> None:
        # Opened Thu 2025-11-13 15:25: 1h35m on Thursday, then Friday 09:00-12:00 (3h)
        # and 13:30-16:55 (3h25m) make 8 h = 80% of 10 h at Fri 16:55. The manager's
        # office closes at 16:30, so the notice waits for Monday 09:00.
        log = [sq.Opened(at=at("2025-11-13 15:25"))]
        (act,) = due_actions(self.promise, [self.ladder], log, at("2025-11-14 17:00"))
        assert act.trigger_at == at("2025-11-14 16:55")
        assert act.deliver_at == at("2025-11-17 09:00")

    def test_holiday_delays_to_the_first_working_day_after_it(self) -> None:
        # Opened Mon 2025-09-29 15:25; 80% at Tue 09-30 16:55, the eve of National
        # Day. 10-01..10-08 are closed, so the manager hears on Thu 2025-10-09.
        log = [sq.Opened(at=at("2025-09-29 15:25"))]
        (act,) = due_actions(self.promise, [self.ladder], log, at("2025-09-30 17:00"))
        assert act.trigger_at == at("2025-09-30 16:55")
        assert act.deliver_at == at("2025-10-09 09:00")


class TestPause:
    """A paused request escalates nothing while paused and resumes its ladder afterwards."""

    promise = sq.Promise(
        service="complaint", calendar=DUTY, milestones={"resolve": sq.Target.wall(10 * H)}
    )
    ladder = Ladder(
        "resolve",
        (
            Step(Consumed(0.5), Notify("handler")),
            Step(BeforeDue(H), Notify("supervisor")),
            Step(OnBreach(), GreenChannel()),
        ),
    )
    log = (
        sq.Opened(at=at("2025-11-03 08:00")),
        sq.Paused(at=at("2025-11-03 10:00"), reason="等待客户补充材料"),
        sq.Resumed(at=at("2025-11-04 08:00")),
    )

    def test_nothing_while_paused(self) -> None:
        log = self.log[:2]
        assert due_actions(self.promise, [self.ladder], log, at("2025-11-03 23:00")) == ()
        assert next_due(self.promise, [self.ladder], log, at("2025-11-03 23:00")) is None

    def test_ladder_resumes_shifted_by_the_pause(self) -> None:
        # 2 h used before the pause; after resuming at 08:00 the 5 h mark is 11:00,
        # 9 h at 15:00 and the breach at 16:00.
        acts = due_actions(self.promise, [self.ladder], self.log, at("2025-11-04 16:00"))
        assert [a.trigger_at for a in acts] == [
            at("2025-11-04 11:00"),
            at("2025-11-04 15:00"),
            at("2025-11-04 16:00"),
        ]

    def test_threshold_reached_exactly_at_the_pause_fires_at_resume(self) -> None:
        log = (
            sq.Opened(at=at("2025-11-03 08:00")),
            sq.Paused(at=at("2025-11-03 13:00"), reason="awaiting customer"),  # 5 h = 50%
            sq.Resumed(at=at("2025-11-04 09:00")),
        )
        assert due_actions(self.promise, [self.ladder], log[:2], at("2025-11-03 20:00")) == ()
        (first, *_) = due_actions(self.promise, [self.ladder], log, at("2025-11-04 09:00"))
        assert first.trigger_at == at("2025-11-04 09:00")

    def test_a_zero_length_running_stretch_fires_nothing_while_paused(self) -> None:
        """Failed before its fix: Resumed and Paused at one instant counted as running."""
        # On the desk, tier III (8 business hours) raised to tier I (1 h). Resumed and
        # Paused at the same instant leave the clock paused: a retarget just after
        # them (2 h used against 1 h) is due when the clock runs again.
        ladder = Ladder(
            "respond",
            (Step(OnBreach(), GreenChannel()), Step(Consumed(0.5), Notify("handler"))),
        )
        log = [
            sq.Opened(at=at("2025-11-17 09:00")),
            sq.Paused(at=at("2025-11-17 11:00"), reason="等待客户补充材料"),
            sq.Resumed(at=at("2025-11-17 14:00")),
            sq.Paused(at=at("2025-11-17 14:00"), reason="等待客户补充材料"),
            sq.Retargeted(at=at("2025-11-17 14:00"), promise=TIER_I_1H, policy="keep_elapsed"),
        ]
        assert due_actions(TIER_III_8H, [ladder], log, at("2025-11-17 15:00")) == ()
        assert (
            sq.read_clock(TIER_III_8H, log, at("2025-11-17 15:00")).milestones["respond"].status
            is sq.Status.PAUSED
        )
        resumed = [*log, sq.Resumed(at=at("2025-11-17 16:00"))]
        # paused in the log known at 15:00: nothing falls due until it resumes
        assert next_due(TIER_III_8H, [ladder], resumed, at("2025-11-17 15:00")) is None
        due = due_actions(TIER_III_8H, [ladder], resumed, at("2025-11-17 16:30"))
        assert [(a.id, a.trigger_at) for a in due] == [
            ("R-1/0/respond/0", at("2025-11-17 16:00")),
            ("R-1/0/respond/1", at("2025-11-17 16:00")),
        ]
        breached = sq.read_clock(TIER_III_8H, resumed, at("2025-11-17 16:30")).milestones["respond"]
        assert breached.breached_at == at("2025-11-17 16:00")


class TestCycles:
    promise = sq.Promise(
        service="complaint", calendar=DUTY, milestones={"resolve": sq.Target.wall(4 * H)}
    )
    ladder = Ladder(
        "resolve", (Step(Consumed(0.5), Notify("handler")), Step(OnBreach(), GreenChannel()))
    )

    def test_resolved_request_escalates_nothing(self) -> None:
        log = [sq.Opened(at=at("2025-11-03 08:00")), sq.Resolved(at=at("2025-11-03 09:00"))]
        assert due_actions(self.promise, [self.ladder], log, at("2025-11-05 00:00")) == ()
        assert next_due(self.promise, [self.ladder], log, at("2025-11-03 09:00")) is None

    def test_reopened_new_cycle_gets_new_ids(self) -> None:
        log = [
            sq.Opened(at=at("2025-11-03 08:00")),
            sq.Resolved(at=at("2025-11-03 11:00")),  # half consumed at 10:00 fired
            sq.Reopened(at=at("2025-11-04 08:00")),
        ]
        acts = due_actions(self.promise, [self.ladder], log, at("2025-11-04 13:00"), request="C-1")
        assert [(a.id, a.trigger_at) for a in acts] == [
            ("C-1/0/resolve/0", at("2025-11-03 10:00")),
            ("C-1/1/resolve/0", at("2025-11-04 10:00")),
            ("C-1/1/resolve/1", at("2025-11-04 12:00")),
        ]

    def test_reopened_resume_continues_the_cycle(self) -> None:
        log = [
            sq.Opened(at=at("2025-11-03 08:00")),
            sq.Resolved(at=at("2025-11-03 11:00")),  # 3 h used
            sq.Reopened(at=at("2025-11-04 08:00"), policy="resume"),
        ]
        acts = due_actions(self.promise, [self.ladder], log, at("2025-11-04 13:00"))
        assert [(a.id, a.trigger_at) for a in acts] == [
            ("R-1/0/resolve/0", at("2025-11-03 10:00")),
            ("R-1/0/resolve/1", at("2025-11-04 09:00")),
        ]


class TestRetarget:
    """Tier III becomes tier I halfway: fired steps keep their ids and never fire again."""

    tier_iii = sq.Promise(
        service="feedback", name="III", calendar=DUTY, milestones={"resolve": sq.Target.wall(8 * H)}
    )
    tier_i = sq.Promise(
        service="feedback", name="I", calendar=DUTY, milestones={"resolve": sq.Target.wall(2 * H)}
    )
    ladder = Ladder(
        "resolve",
        (
            Step(Consumed(0.25), Notify("handler")),
            Step(Consumed(0.75), Notify("supervisor")),
            Step(OnBreach(), GreenChannel()),
        ),
    )

    def log(self, policy: str) -> list[sq.Event]:
        return [
            sq.Opened(at=at("2025-11-03 08:00")),
            sq.Retargeted(at("2025-11-03 12:00"), self.tier_i, policy),  # type: ignore[arg-type]
        ]

    def test_keep_elapsed(self) -> None:
        # 25% of 8 h fired at 10:00. At 12:00, 4 h used of the new 2 h: 75% and the
        # breach are both already passed, so both fire at the change.
        acts = due_actions(
            self.tier_iii, [self.ladder], self.log("keep_elapsed"), at("2025-11-03 13:00")
        )
        assert [(a.id, a.trigger_at) for a in acts] == [
            ("R-1/0/resolve/0", at("2025-11-03 10:00")),
            ("R-1/0/resolve/1", at("2025-11-03 12:00")),
            ("R-1/0/resolve/2", at("2025-11-03 12:00")),
        ]
        m = sq.read_clock(
            self.tier_iii, self.log("keep_elapsed"), at("2025-11-03 13:00")
        ).milestones
        assert m["resolve"].status is sq.Status.BREACHED
        assert m["resolve"].breached_at == at("2025-11-03 12:00")

    def test_restart(self) -> None:
        # The new 2 h start at 12:00: 75% at 13:30, breach at 14:00; 25% fired already.
        log = self.log("restart")
        acts = due_actions(self.tier_iii, [self.ladder], log, at("2025-11-03 14:00"))
        assert [(a.id, a.trigger_at) for a in acts] == [
            ("R-1/0/resolve/0", at("2025-11-03 10:00")),
            ("R-1/0/resolve/1", at("2025-11-03 13:30")),
            ("R-1/0/resolve/2", at("2025-11-03 14:00")),
        ]

    def test_from_original_start(self) -> None:
        # 2 h from 08:00 was due at 10:00: the reading dates the breach then; the
        # ladder, which could not act before the change, fires at 12:00.
        log = self.log("from_original_start")
        acts = due_actions(self.tier_iii, [self.ladder], log, at("2025-11-03 12:00"))
        assert [(a.id, a.trigger_at) for a in acts] == [
            ("R-1/0/resolve/0", at("2025-11-03 10:00")),
            ("R-1/0/resolve/1", at("2025-11-03 12:00")),
            ("R-1/0/resolve/2", at("2025-11-03 12:00")),
        ]
        m = sq.read_clock(self.tier_iii, log, at("2025-11-03 12:00")).milestones["resolve"]
        assert m.breached_at == at("2025-11-03 10:00")

    def test_fired_step_is_not_fired_again_under_a_looser_target(self) -> None:
        # Tier I to III: 25% of 2 h fired at 08:30; under 8 h it would be 10:00.
        log = [
            sq.Opened(at=at("2025-11-03 08:00")),
            sq.Retargeted(at("2025-11-03 09:00"), self.tier_iii, "restart"),
        ]
        acts = due_actions(self.tier_i, [self.ladder], log, at("2025-11-03 16:00"))
        assert [(a.id, a.trigger_at) for a in acts] == [
            ("R-1/0/resolve/0", at("2025-11-03 08:30")),
            ("R-1/0/resolve/1", at("2025-11-03 15:00")),
        ]

    def test_paused_after_a_retarget_keeps_what_fired(self) -> None:
        # Tier III to I at 09:00 with 1 h used, paused at 11:00 for good: under the
        # new 2 h, 25% is passed at the change, 75% at 09:30, the breach at 10:00.
        # The old 8 h would reach neither 75% nor its breach before the pause, which
        # once hid both steps (and made next_due None before them).
        log = [
            sq.Opened(at=at("2025-11-03 08:00")),
            sq.Retargeted(at("2025-11-03 09:00"), self.tier_i, "keep_elapsed"),
            sq.Paused(at=at("2025-11-03 11:00"), reason="awaiting customer"),
        ]
        fired = [
            ("R-1/0/resolve/0", at("2025-11-03 09:00")),
            ("R-1/0/resolve/1", at("2025-11-03 09:30")),
            ("R-1/0/resolve/2", at("2025-11-03 10:00")),
        ]
        for now in (at("2025-11-03 10:30"), at("2025-11-03 11:00"), at("2025-11-03 18:00")):
            acts = due_actions(self.tier_iii, [self.ladder], log, now)
            assert [(a.id, a.trigger_at) for a in acts] == fired
        assert next_due(self.tier_iii, [self.ladder], log, at("2025-11-03 09:10")) == at(
            "2025-11-03 09:30"
        )


class TestRetargetRepeats:
    """A retarget that makes a milestone repeating or a reply (or back) keeps every id.

    Each occurrence records at creation whether it repeats: the one created
    before the retarget keeps its id without an occurrence, and the ones the new
    promise creates are numbered after it. Before the fix, the same firing got a
    new id once the Met came (R-1/0/update/0 became R-1/0/update/0/0), and two
    reply breaches shared R-1/0/reply/0/0 (the retargeted track did not count).
    """

    p0 = sq.Promise(
        service="c",
        name="p0",
        calendar=BRANCH,
        milestones={"update": sq.Target.business(2 * H), "resolve": sq.Target.working_days(10)},
    )
    p1 = sq.Promise(
        service="c", name="p1", calendar=BRANCH, milestones=p0.milestones, repeats=("update",)
    )
    plain = sq.Promise(
        service="chat",
        name="plain",
        calendar=BRANCH,
        milestones={"reply": sq.Target.business(H), "resolve": sq.Target.working_days(5)},
    )
    chat = sq.Promise(
        service="chat",
        name="chat",
        calendar=BRANCH,
        milestones=plain.milestones,
        replies=("reply",),
    )
    ladders = (
        Ladder("update", (Step(Consumed(0.5), Notify("h")), Step(OnBreach(), Notify("m")))),
        Ladder("reply", (Step(Consumed(0.5), Notify("h")), Step(OnBreach(), Notify("m")))),
    )

    def ids(self, promise: sq.Promise, log: list[sq.Event], now: datetime) -> list[str]:
        ladders = [x for x in self.ladders if x.milestone in promise.milestones]
        return [a.id for a in due_actions(promise, ladders, log, now)]

    def test_the_firing_before_the_met_keeps_its_id(self) -> None:
        log: list[sq.Event] = [
            sq.Opened(at("2025-11-17 09:00")),
            sq.Retargeted(at("2025-11-17 09:30"), self.p1),
        ]
        assert self.ids(self.p0, log, at("2025-11-17 10:30")) == ["R-1/0/update/0"]
        log.append(sq.Met(at("2025-11-17 10:40"), "update"))
        assert self.ids(self.p0, log, at("2025-11-17 10:45")) == ["R-1/0/update/0"]
        # the next update is occurrence 1 of the repeating milestone
        assert self.ids(self.p0, log, at("2025-11-17 13:45")) == [
            "R-1/0/update/0",
            "R-1/0/update/1/0",
        ]

    def test_a_reply_track_opened_by_a_retarget_counts(self) -> None:
        t = at("2025-11-17 09:00")
        log: list[sq.Event] = [
            sq.Opened(t),
            sq.Retargeted(t + 10 * MIN, self.chat),
            sq.Met(t + 2 * H + 5 * MIN, "reply"),
            sq.CustomerMessage(t + 3 * H),
        ]
        now = at("2025-11-17 16:00")
        assert self.ids(self.plain, log, now) == [
            "R-1/0/reply/0",
            "R-1/0/reply/1",
            "R-1/0/reply/1/0",
            "R-1/0/reply/1/1",
        ]
        occurrences = sq.read_clock(self.plain, log, now).occurrences["reply"]
        assert [o.occurrence for o in occurrences] == [0, 1]

    LOGS = (
        (  # plain -> repeating -> plain
            "p0",
            [
                sq.Opened(at("2025-11-17 09:00")),
                sq.Retargeted(at("2025-11-17 09:30"), p1),
                sq.Met(at("2025-11-17 10:40"), "update"),
                sq.Met(at("2025-11-17 13:45"), "update"),
                sq.Retargeted(at("2025-11-17 16:00"), p0, "keep_elapsed"),
                sq.Met(at("2025-11-18 11:00"), "update"),
            ],
        ),
        (  # plain -> reply -> plain, a message waiting at the retarget back
            "plain",
            [
                sq.Opened(at("2025-11-17 09:00")),
                sq.Retargeted(at("2025-11-17 09:10"), chat),
                sq.Met(at("2025-11-17 11:05"), "reply"),
                sq.CustomerMessage(at("2025-11-17 11:30")),
                sq.Retargeted(at("2025-11-17 14:00"), plain),
                sq.Met(at("2025-11-17 15:00"), "reply"),
            ],
        ),
        (  # reply -> plain with no message waiting: the new track repeats
            "chat",
            [
                sq.Opened(at("2025-11-17 09:00")),
                sq.CustomerMessage(at("2025-11-17 09:05")),
                sq.Met(at("2025-11-17 09:30"), "reply"),
                sq.Retargeted(at("2025-11-17 10:00"), plain),
                sq.Retargeted(at("2025-11-17 13:40"), chat),
                sq.CustomerMessage(at("2025-11-17 14:00")),
            ],
        ),
    )

    @pytest.mark.parametrize(("name", "log"), LOGS, ids=[n for n, _ in LOGS])
    def test_ids_of_every_prefix_grow_and_stay_unique(self, name: str, log: list[sq.Event]) -> None:
        """The prefix law: the ids due at an instant, with the log known then, are
        a subset of those due later with the longer log, each unique and naming
        the same trigger."""
        promise = getattr(self, name)
        grid = [at("2025-11-17 09:00") + k * 15 * MIN for k in range(4 * 24 * 3)]
        ladders = [x for x in self.ladders if x.milestone in promise.milestones]
        before: dict[str, datetime] = {}
        for now in grid:
            known = [e for e in log if e.at <= now]  # the log a host has at now
            acts = due_actions(promise, ladders, known, now)
            ids = {a.id: a.trigger_at for a in acts}
            assert len(ids) == len(acts), (now, [a.id for a in acts])
            assert before.items() <= ids.items(), now
            assert acts == due_actions(promise, ladders, log, now)
            before = ids
        assert len(before) >= 2  # the law has something to hold


class TestTheLogKnownAtNow:
    """due_actions and next_due read the events up to now, as read_clock does.

    Before the fix next_due replayed the whole log, so a mistaken event after
    now (a typo'd milestone) made it, and read_request, refuse a log that
    read_clock and due_actions read at the same now; and its answer depended on
    events that had not happened yet.
    """

    promise = sq.Promise(
        service="s", name="s", calendar=BRANCH, milestones={"m": sq.Target.business(H)}
    )
    ladders = (Ladder("m", (Step(OnBreach(), GreenChannel()),)),)
    t = at("2025-11-17 09:00")

    def test_a_later_impossible_event_is_not_read_yet(self) -> None:
        log = [sq.Opened(self.t), sq.Met(self.t + 3 * H, "mm")]  # typo, after now
        now = self.t + 30 * MIN
        sq.read_clock(self.promise, log, now)
        assert due_actions(self.promise, self.ladders, log, now) == ()
        assert next_due(self.promise, self.ladders, log, now) == self.t + H
        with pytest.raises(sq.EventLogError, match=r"^log\[1\] Met.*no milestone 'mm'"):
            next_due(self.promise, self.ladders, log, self.t + 3 * H)

    def test_next_due_equals_next_due_on_the_prefix(self) -> None:
        log = [sq.Opened(self.t), sq.Met(self.t + 40 * MIN, "m")]
        now = self.t + 30 * MIN
        assert next_due(self.promise, self.ladders, log, now) == self.t + H
        assert next_due(self.promise, self.ladders, log[:1], now) == self.t + H
        assert next_due(self.promise, self.ladders, log, self.t + 40 * MIN) is None


# --------------------------------------------------------------------------- laws

PROMISE = sq.Promise(
    service="loss_report",
    calendar=BRANCH,
    milestones={"respond": sq.Target.business(H), "resolve": sq.Target.working_days(2)},
)
LADDERS = (
    Ladder(
        "resolve",
        (
            Step(Consumed(0.5), Notify("handler")),
            Step(BeforeDue(2 * H), Notify("supervisor")),
            Step(OnBreach(), GreenChannel()),
            Step(AfterDue(H), Reassign("second_line"), calendar=MANAGER),
        ),
    ),
    Ladder("respond", (Step(Consumed(0.8), Notify("handler")),)),
)
START = at("2025-09-24 10:00")


#: Valid logs of PROMISE from START: pauses, Met of either milestone, resolution,
#: reopening under both policies, and retargets (any policy) to an emergency promise
#: with the same milestones or to one that drops "resolve" (which a later retarget
#: may restore), up to about two days apart.
RETARGETS = (
    sq.Promise(
        service="loss_report",
        name="emergency",
        calendar=BRANCH,
        milestones={"respond": sq.Target.wall(H), "resolve": sq.Target.business(4 * H)},
    ),
    sq.Promise(
        service="loss_report",
        name="respond_only",
        calendar=BRANCH,
        milestones={"respond": sq.Target.wall(2 * H)},
    ),
)
logs = testing.event_logs(
    PROMISE, start=START, max_events=8, max_gap=timedelta(minutes=3000), retarget_to=RETARGETS
)
instants = testing.instants(calendar=BRANCH, min_value=START, max_value=START + 20 * 24 * H)


@settings(max_examples=60, deadline=None)
@given(logs, instants, instants)
def test_idempotent_and_growing(log: list[sq.Event], a: datetime, b: datetime) -> None:
    """Evaluating again gives the same ids; a later now only adds actions."""
    early, late = min(a, b), max(a, b)
    first = due_actions(PROMISE, LADDERS, log, early)
    assert due_actions(PROMISE, LADDERS, log, early) == first
    later = due_actions(PROMISE, LADDERS, log, late)
    assert set(first) <= set(later)
    assert len({x.id for x in later}) == len(later)
    assert all(x.trigger_at <= late for x in later)


@settings(max_examples=60, deadline=None)
@given(logs, instants)
def test_next_due_is_exactly_the_next_change(log: list[sq.Event], now: datetime) -> None:
    """At next_due, exactly the actions of now plus new ones; nothing strictly between
    (on the log known at now: a later event changes the answer)."""
    log = [e for e in log if e.at <= now]
    before = due_actions(PROMISE, LADDERS, log, now)
    nxt = next_due(PROMISE, LADDERS, log, now)
    if nxt is None:
        assert due_actions(PROMISE, LADDERS, log, now + timedelta(days=400)) == before
        return
    assert nxt > now
    just_before = nxt - timedelta(microseconds=1)
    assert due_actions(PROMISE, LADDERS, log, just_before) == before
    at_next = due_actions(PROMISE, LADDERS, log, nxt)
    assert at_next[: len(before)] == before
    assert len(at_next) > len(before)
    assert all(x.trigger_at == nxt for x in at_next[len(before) :])


@settings(max_examples=40, deadline=None)
@given(logs, instants)
def test_never_due_while_paused_or_after_met(log: list[sq.Event], now: datetime) -> None:
    for act in due_actions(PROMISE, LADDERS, log, now):
        reading = sq.read_clock(PROMISE, log, act.trigger_at)
        cycle = reading.cycles[act.cycle]
        m = cycle.milestones[act.milestone]
        assert m.met_at is None or m.met_at > act.trigger_at
        if act.cycle == reading.cycle:
            assert reading.state == "running"


# --------------------------------------------------------------------------- errors


class TestErrors:
    @pytest.mark.parametrize("bad", [0, -0.5, 1.5, Fraction(3, 2)])
    def test_fraction_outside_0_1(self, bad: object) -> None:
        with pytest.raises(sq.LadderError, match=r"must be in \(0, 1\]; use OnBreach"):
            Consumed(bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", ["half", True, None])
    def test_fraction_not_a_number(self, bad: object) -> None:
        with pytest.raises(sq.LadderError, match=r"must be a number such as 0\.5"):
            Consumed(bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [float("inf"), float("nan"), -float("inf")])
    def test_fraction_not_finite(self, bad: float) -> None:
        """inf and nan are LadderErrors, not the ValueError of Fraction(inf)."""
        with pytest.raises(
            sq.LadderError, match=r"the fraction must be a finite number in \(0, 1\]"
        ):
            Consumed(bad)

    def test_a_huge_fraction_is_cut_in_the_message(self) -> None:
        """Consumed(10**400) quoted all 401 digits (the fuzz suite's echo law); the
        message now cuts the value like every other."""
        with pytest.raises(sq.LadderError, match=r"\(401 chars\)") as info:
            Consumed(10**400)
        assert len(str(info.value)) < 400

    @pytest.mark.parametrize(
        ("build", "where"),
        [
            (Notify, "Notify.role"),
            (Reassign, "Reassign.role"),
            (GreenChannel, "GreenChannel.role"),
            (HandToSecondLine, "HandToSecondLine.unit"),
            (InformCustomer, "InformCustomer.template_id"),
        ],
    )
    @pytest.mark.parametrize("bad", [None, "", 5, [1], " supervisor", "sup\u200bervisor"])
    def test_actions_refuse_garbage(self, build: type, where: str, bad: object) -> None:
        """An action names a role, a unit or a template by a plain id: None, '', a number,
        a list or an id with surrounding or invisible characters is refused when the
        action is built (they were accepted and reached the host's delivery)."""
        with pytest.raises(sq.LadderError, match=rf"^{re.escape(where)}: "):
            build(bad)

    def test_step_calendar_is_a_calendar(self) -> None:
        """A Step holds a calendar, not its name (a name failed only at delivery)."""
        with pytest.raises(
            sq.LadderError, match=r"calendar must be a BusinessCalendar .* got 'branch'"
        ):
            Step(OnBreach(), GreenChannel(), calendar="branch")  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [[1], 5, None])
    def test_ladder_name_is_text(self, bad: object) -> None:
        with pytest.raises(sq.LadderError, match=r"Ladder: name must be text"):
            Ladder("resolve", (), name=bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [5, None, ""])
    def test_request_id_is_text(self, bad: object) -> None:
        """The request id goes into every action id; a number is not one."""
        with pytest.raises(sq.LadderError, match=r"due_actions: request must be the request's id"):
            due_actions(PROMISE, LADDERS, [sq.Opened(at=START)], START, request=bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize("call", [due_actions, next_due])
    def test_a_single_ladder_is_not_a_list(self, call: object) -> None:
        """One Ladder where a list is due says to wrap it (it raised a TypeError)."""
        with pytest.raises(sq.LadderError, match=r"got Ladder; wrap a single one in a list"):
            call(PROMISE, LADDERS[0], [sq.Opened(at=START)], START)  # type: ignore[operator]

    @pytest.mark.parametrize("call", [due_actions, next_due])
    @pytest.mark.parametrize("log", [None, 5, sq.Opened(at=at("2025-09-24 10:00"))])
    def test_log_must_be_a_list(self, call: object, log: object) -> None:
        with pytest.raises(sq.EventLogError, match=r"^log must be a list of events"):
            call(PROMISE, LADDERS, log, START)  # type: ignore[operator]

    def test_float_fraction_read_at_its_decimal_value(self) -> None:
        assert Consumed(0.8).fraction == Fraction(4, 5)

    @pytest.mark.parametrize("cls", [BeforeDue, AfterDue])
    def test_offsets_positive_timedeltas(self, cls: type) -> None:
        with pytest.raises(sq.LadderError, match="must be positive; use OnBreach"):
            cls(timedelta(0))
        with pytest.raises(sq.LadderError, match="expected a timedelta"):
            cls(3600)

    def test_same_trigger_and_action_twice(self) -> None:
        with pytest.raises(sq.LadderError, match=r"ladder 'resolve': steps 0 and 2 both do"):
            Ladder(
                "resolve",
                (
                    Step(Consumed(0.5), Notify("handler")),
                    Step(OnBreach(), GreenChannel()),
                    Step(Consumed(0.5), Notify("handler")),
                ),
            )

    def test_bad_trigger_and_action(self) -> None:
        with pytest.raises(sq.LadderError, match="trigger must be Consumed"):
            Step("half", Notify("x"))  # type: ignore[arg-type]
        with pytest.raises(sq.LadderError, match="action must be Notify"):
            Step(OnBreach(), "call the boss")  # type: ignore[arg-type]
        with pytest.raises(sq.LadderError, match=r"step 0: expected a Step"):
            Ladder("resolve", ("x",))  # type: ignore[arg-type]
        with pytest.raises(sq.LadderError, match="milestone must be a milestone name"):
            Ladder("", ())

    def test_milestone_the_promise_lacks(self) -> None:
        ladder = Ladder("feedback", (Step(OnBreach(), GreenChannel()),), name="fb")
        with pytest.raises(
            sq.LadderError, match=r"ladder 'fb' watches milestone 'feedback'.*respond, resolve"
        ):
            due_actions(PROMISE, [ladder], [sq.Opened(at=START)], START)
        with pytest.raises(sq.LadderError, match="expected Ladder objects"):
            next_due(PROMISE, ["ladder"], [sq.Opened(at=START)], START)  # type: ignore[list-item]

    def test_two_ladders_with_one_name(self) -> None:
        a = Ladder("resolve", (Step(OnBreach(), GreenChannel()),))
        b = Ladder("resolve", (Step(Consumed(0.5), Notify("x")),))
        with pytest.raises(
            sq.LadderError, match=r"ladders 0 and 1 are both named 'resolve'.*name="
        ):
            due_actions(PROMISE, [a, b], [sq.Opened(at=START)], START)
        named = Ladder("resolve", (Step(Consumed(0.5), Notify("x")),), name="resolve_manager")
        acts = due_actions(
            PROMISE, [a, named], [sq.Opened(at=START)], START + 30 * timedelta(days=1)
        )
        assert {x.id for x in acts} == {"R-1/0/resolve/0", "R-1/0/resolve_manager/0"}

    @pytest.mark.parametrize("call", [due_actions, next_due], ids=["due_actions", "next_due"])
    def test_naive_now(self, call: Callable[..., object]) -> None:
        """The error names the entry point; before the fix it said just "now"."""
        name = call.__name__
        with pytest.raises(sq.NaiveDatetimeError, match=rf"^{name}\(now\) is a naive datetime"):
            call(PROMISE, LADDERS, [sq.Opened(at=START)], datetime(2025, 9, 24))  # noqa: DTZ001

    @pytest.mark.parametrize("call", [due_actions, next_due], ids=["due_actions", "next_due"])
    def test_a_log_without_opened(self, call: Callable[..., object]) -> None:
        """The error names the entry point; before, it said "read_clock" whoever was called."""
        name = call.__name__
        with pytest.raises(sq.EventLogError, match=rf"^{name}: the log has no Opened event"):
            call(PROMISE, LADDERS, [], START)

    def test_tiers(self) -> None:
        tiers = Tiers((Severity("I", 1), Severity("EMERGENCY", 0), Severity("III", 3)))
        assert [s.code for s in tiers.ordered()] == ["EMERGENCY", "I", "III"]
        assert tiers.more_urgent("I", "III")
        assert "II" not in tiers
        with pytest.raises(
            sq.LadderError, match="unknown level 'II'; known levels: I, EMERGENCY, III"
        ):
            tiers["II"]
        with pytest.raises(sq.LadderError, match="level 'I' is defined twice"):
            Tiers((Severity("I", 1), Severity("I", 2)))
        with pytest.raises(sq.LadderError, match="share rank 1"):
            Tiers((Severity("I", 1), Severity("II", 1)))

    @pytest.mark.parametrize(
        ("code", "rank", "description", "match"),
        [
            (None, 1, "", "Severity.code: expected a non-empty name"),
            ([1], 1, "", "Severity.code: expected a non-empty name"),
            ("I ", 1, "", "leading or trailing whitespace"),
            ("I\u200b", 1, "", "invisible character U\\+200B"),
            ("I", None, "", "Severity.rank must be a whole number"),
            ("I", True, "", "Severity.rank must be a whole number"),
            ("I", 1, None, "description must be text"),
        ],
    )
    def test_severity_refuses_junk(
        self, code: object, rank: object, description: object, match: str
    ) -> None:
        """A level's code follows the one id rule and its rank is a whole number: junk
        raised TypeError from Tiers (an unhashable code, None < 1, joining codes)."""
        with pytest.raises(sq.LadderError, match=match):
            Severity(code, rank, description)  # type: ignore[arg-type]

    def test_tiers_messages_cut_long_codes(self) -> None:
        """An unknown or repeated level quotes at most 200 characters of it."""
        long = "I" * 5_000
        with pytest.raises(sq.LadderError) as info:
            Tiers((Severity(long, 1),))["x" * 5_000]
        assert len(str(info.value)) < 600
        with pytest.raises(sq.LadderError) as info:
            Tiers((Severity(long, 1), Severity(long, 2)))
        assert len(str(info.value)) < 600

    def test_fullwidth_code_is_the_code(self) -> None:
        """Codes are compared after NFKC, like every id: "Ｉ" is level "I"."""
        assert Severity("Ｉ", 1).code == "I"


def test_action_id_is_stable_text() -> None:
    assert action_id("R-9", 2, "resolve", 3) == "R-9/2/resolve/3"


def test_a_dropped_and_restored_milestone_fires_each_step_once() -> None:
    """Dropped by one retarget and restored by the next: fired steps keep their instant."""
    emergency, respond_only = RETARGETS
    log = [
        sq.Opened(at=START),
        sq.Retargeted(at=START, promise=emergency),
        sq.Retargeted(at=START + 121 * timedelta(minutes=1), promise=respond_only),
        sq.Retargeted(at=START + 121 * timedelta(minutes=1), promise=emergency),
    ]
    early = due_actions(PROMISE, LADDERS, log, START + 3 * H)
    late = due_actions(PROMISE, LADDERS, log, START + 30 * H)
    assert set(early) <= set(late)
    assert len({a.id for a in late}) == len(late)
    # 50% of the emergency's 4 business hours from Wed 10:00: 12:00, before the drop.
    first = next(a for a in late if a.id == "R-1/0/resolve/0")
    assert first.trigger_at == at("2025-09-24 12:00")
