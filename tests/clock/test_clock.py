"""svcquality.clock: the event-sourced SLA clock, on the sources' scenarios.

Every expected instant below is worked out by hand from the semantics in the
module docstring of ``svcquality.clock``; the comment beside it shows the sum.
The desk calendar is open 09:00-12:00 and 13:30-17:00 (6.5 h a day) Monday to
Friday with China's holidays and make-up working days.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.common import BRANCH, DESK, NY, SH, TIER_I_1H, TIER_III_8H, US, UTC, H, M, at

import svcquality as sq
from svcquality import testing
from svcquality.errors import EventLogError, NaiveDatetimeError
from svcquality.kpi import PromiseCompliance

CARD_CENTRE = sq.BusinessCalendar.weekly(
    {"daily": "08:00-20:00"}, zone="Asia/Shanghai", name="card-centre"
)

T = sq.Target
GREEN = sq.GreenChannel()
RUNNING, PAUSED, MET, BREACHED = (
    sq.Status.RUNNING,
    sq.Status.PAUSED,
    sq.Status.MET,
    sq.Status.BREACHED,
)

#: 挂失 / 诈骗止付: 1 h response, 4 h initial disposal, on the clock (应急服务窗口).
LOSS_REPORT = sq.Promise(
    service="loss_report",
    milestones={"respond": sq.Target.wall(H), "initial_disposal": sq.Target.wall(4 * H)},
    goal=0.95,
)
#: ATM差错 refund: respond in 1 business hour, credited within 5 working days.
ATM_REFUND = sq.Promise(
    service="atm_refund",
    calendar=DESK,
    goal=0.9,
    milestones={
        "respond": sq.Target.business(H),
        "resolve": sq.Target.working_days(5, cutoff=time(16)),
    },
)
#: Ⅲ级 feedback (e.g. 账户解冻): follow up within 1 working day, result within 7.
TIER_III = sq.Promise(
    service="feedback",
    name="feedback_tier_III",
    calendar=DESK,
    milestones={"follow_up": sq.Target.working_days(1), "result": sq.Target.working_days(7)},
)


def wd_promise(name: str, respond: sq.Target, resolve: sq.Target) -> sq.Promise:
    return sq.Promise(
        service="feedback",
        name=name,
        calendar=DESK,
        milestones={"respond": respond, "resolve": resolve},
    )


#: Tiers with shared milestone names, for severity changes.
FEEDBACK_III = wd_promise("tier_III", sq.Target.working_days(1), sq.Target.working_days(7))
FEEDBACK_II = wd_promise("tier_II", sq.Target.working_days(1), sq.Target.working_days(3))
FEEDBACK_I = wd_promise("tier_I", sq.Target.wall(H), sq.Target.wall(24 * H))  # 1 h, 24 h


#: A New York desk, 09:00-17:00 Monday to Friday, for wall time across DST.
NY_DESK = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-17:00"}, zone="America/New_York", holidays="US", name="ny"
)
#: A complaint answered within 1 business hour on the desk, and its breach step.
BUSINESS_HOUR = sq.Promise(
    service="complaint", calendar=DESK, milestones={"respond": sq.Target.business(H)}
)
ON_BREACH = sq.Ladder("respond", (sq.Step(sq.OnBreach(), sq.GreenChannel()),))
#: Tier III (8 business hours) raised to tier I (1 h) while paused, 2 h already used.
RAISED_WHILE_PAUSED = [
    sq.Opened(at=at("2025-11-17 09:00")),  # Monday; 2 business hours used by 11:00
    sq.Paused(at=at("2025-11-17 11:00"), reason="等待客户补充材料"),
    sq.Retargeted(at=at("2025-11-17 14:00"), promise=TIER_I_1H, policy="keep_elapsed"),
]


# --------------------------------------------------------------------------- scenarios


class TestEmergencyLossReport:
    """挂失: respond within 1 h, initial disposal within 4 h, wall time."""

    OPENED = at("2025-09-30 22:10")  # the eve of National Day: wall time does not care

    def test_met_at_3h59(self) -> None:
        """Initial disposal at 3 h 59 m is on time, with a minute to spare."""
        log = [
            sq.Opened(at=self.OPENED),
            sq.Met(at=at("2025-09-30 22:40"), milestone="respond"),
            sq.Met(at=at("2025-10-01 02:09"), milestone="initial_disposal"),  # +3 h 59 m
        ]
        r = sq.read_clock(LOSS_REPORT, log, now=at("2025-10-01 08:00"))
        respond = r.milestones["respond"]
        assert respond.status is MET
        assert respond.due == at("2025-09-30 23:10")  # 22:10 + 1 h
        assert respond.elapsed == 30 * M
        disposal = r.milestones["initial_disposal"]
        assert disposal.status is MET
        assert disposal.due == disposal.original_due == at("2025-10-01 02:10")  # 22:10 + 4 h
        assert disposal.met_at == at("2025-10-01 02:09")
        assert disposal.breached_at is None
        assert disposal.elapsed == disposal.wall_elapsed == 3 * H + 59 * M
        assert disposal.remaining == M
        assert disposal.consumed == Fraction(239, 240)
        assert r.calendar == "none"  # wall targets only
        assert r.holiday_data == "none"

    def test_met_at_4h01(self) -> None:
        """At 4 h 01 m it is met late: BREACHED, with met_at and the breach instant."""
        log = [
            sq.Opened(at=self.OPENED),
            sq.Met(at=at("2025-09-30 22:40"), milestone="respond"),
            sq.Met(at=at("2025-10-01 02:11"), milestone="initial_disposal"),  # +4 h 01 m
        ]
        disposal = sq.read_clock(LOSS_REPORT, log, now=at("2025-10-01 08:00")).milestones[
            "initial_disposal"
        ]
        assert disposal.status is BREACHED
        assert disposal.met_at == at("2025-10-01 02:11")
        assert disposal.breached_at == at("2025-10-01 02:10")
        assert disposal.elapsed == 4 * H + M
        assert disposal.remaining == -M  # negative once overdue
        assert disposal.consumed == Fraction(241, 240)

    def test_breached_at_the_due_instant_unless_met_then(self) -> None:
        """Unmet at the due instant is breached (when OnBreach fires); met then is on time."""
        log = [sq.Opened(at=self.OPENED)]
        just_before = sq.read_clock(LOSS_REPORT, log, now=at("2025-10-01 02:10") - US)
        assert just_before.milestones["initial_disposal"].status is RUNNING
        on_due = sq.read_clock(LOSS_REPORT, log, now=at("2025-10-01 02:10")).milestones
        assert on_due["initial_disposal"].status is BREACHED
        assert on_due["initial_disposal"].remaining == timedelta(0)
        assert on_due["initial_disposal"].breached_at == at("2025-10-01 02:10")
        assert on_due["respond"].breached_at == at("2025-09-30 23:10")
        met = [*log, sq.Met(at=at("2025-10-01 02:10"), milestone="initial_disposal")]
        on_time = sq.read_clock(LOSS_REPORT, met, now=at("2025-10-01 03:00")).milestones
        assert on_time["initial_disposal"].status is MET

    def test_wall_pause_moves_due_by_clock_time(self) -> None:
        """A 30-minute pause (two-person review awaited) moves a wall due by 30 minutes."""
        log = [
            sq.Opened(at=self.OPENED),
            sq.Paused(at=at("2025-09-30 23:00"), reason="双人复核: awaiting the second reviewer"),
            sq.Resumed(at=at("2025-09-30 23:30")),
        ]
        d = sq.read_clock(LOSS_REPORT, log, now=at("2025-10-01 00:00")).milestones[
            "initial_disposal"
        ]
        assert d.due == at("2025-10-01 02:40")  # 02:10 + 30 min
        assert d.original_due == at("2025-10-01 02:10")
        assert d.paused == 30 * M
        assert d.elapsed == d.wall_elapsed == H + 20 * M  # 22:10-23:00, 23:30-00:00


class TestWallDeadline:
    """A wall target is elapsed time, not wall-clock arithmetic, across a DST change."""

    def test_wall_deadline_is_elapsed_time_across_a_dst_change(self) -> None:
        """Failed before its fix: Promise.deadlines put 24 h at 23 h across spring-forward."""
        # 24 hours of clock time from Saturday noon before the spring-forward
        # (9 March 2025, 02:00 EST -> 03:00 EDT) end at 13:00 EDT on Sunday.
        promise = sq.Promise(
            service="apology", calendar=NY_DESK, milestones={"apologise": sq.Target.wall(24 * H)}
        )
        received = at("2025-03-08 12:00", NY)
        expected = at("2025-03-09 13:00", NY)
        assert promise.deadlines(received)["apologise"] == expected
        # (datetimes in one zone subtract as wall times, so compare in UTC)
        elapsed = promise["apologise"].deadline(received, NY_DESK).astimezone(UTC) - received
        assert elapsed == 24 * H
        reading = sq.read_clock(promise, [sq.Opened(at=received)], received)
        assert reading.milestones["apologise"].original_due == expected


class TestTierIIIFeedback:
    """Ⅲ级: follow up in 1 working day, result in 7, received Friday 2025-09-26,
    the last working Friday before National Day (10-01..10-08 off; Sunday 9-28 and
    Saturday 10-11 are make-up working days), with a 3-day customer-caused pause."""

    LOG = (
        sq.Opened(at=at("2025-09-26 10:00")),
        sq.Met(at=at("2025-09-28 10:00"), milestone="follow_up"),  # the make-up Sunday
        sq.Paused(at=at("2025-10-09 09:00"), reason="awaiting customer: 补充解冻材料"),
        sq.Resumed(at=at("2025-10-12 09:00")),  # 3 days later (a closed Sunday)
    )

    def test_deadlines_without_pause(self) -> None:
        """Follow-up: 9-28 close. Result: 9-28, 9-29, 9-30, 10-09, 10-10, 10-11, 10-13."""
        r = sq.read_clock(TIER_III, self.LOG[:1], now=at("2025-09-26 10:00"))
        assert r.milestones["follow_up"].due == at("2025-09-28 17:00")
        assert r.milestones["result"].due == at("2025-10-13 17:00")
        # budget: 9-26 10:00-12:00 and 13:30-17:00 (5.5 h), then 7 days of 6.5 h
        assert r.milestones["result"].budget == 51 * H
        assert r.milestones["follow_up"].budget == 12 * H  # 5.5 h + 6.5 h

    def test_follow_up_met_on_the_make_up_sunday(self) -> None:
        """Met on Sunday 9-28 at 10:00: 5.5 h on Friday plus 1 h on Sunday."""
        f = sq.read_clock(TIER_III, self.LOG, now=at("2025-10-14 12:00")).milestones["follow_up"]
        assert f.status is MET
        assert f.met_at == at("2025-09-28 10:00")
        assert f.elapsed == 6.5 * H
        assert f.remaining == 5.5 * H

    def test_while_paused(self) -> None:
        """Paused on 10-10 at noon: due is where it would fall if resumed now."""
        r = sq.read_clock(TIER_III, self.LOG, now=at("2025-10-10 12:00"))
        assert r.state == "paused"
        m = r.milestones["result"]
        assert m.status is PAUSED
        # used by 10-09 09:00: 9-26 5.5 h + 9-28, 9-29, 9-30 at 6.5 h = 25 h
        assert m.elapsed == 25 * H
        assert m.remaining == 26 * H
        # 26 h from 10-10 12:00 (lunch, so 13:30): 3.5 h (10-10), 6.5 h (10-11), 6.5 h
        # (10-13), 6.5 h (10-14) leaves 3 h: 10-15 09:00 + 3 h = 12:00, the end of a window
        assert m.due == at("2025-10-15 12:00")
        assert m.original_due == at("2025-10-13 17:00")
        assert m.paused == 27 * H  # 10-09 09:00 to 10-10 12:00
        assert r.cycles[0].pauses == (
            (at("2025-10-09 09:00"), None, "awaiting customer: 补充解冻材料"),
        )

    def test_after_the_pause(self) -> None:
        """The 3-day pause held 19.5 open hours (10-09, 10-10, 10-11), so due is 10-16."""
        r = sq.read_clock(TIER_III, self.LOG, now=at("2025-10-14 12:00"))
        m = r.milestones["result"]
        assert m.status is RUNNING
        assert m.elapsed == 34.5 * H  # 25 h + 6.5 h (10-13) + 3 h (10-14 morning)
        assert m.remaining == 16.5 * H
        assert m.consumed == Fraction(69, 102)  # 34.5 / 51
        # 10-13 17:00 moved by 19.5 open hours = 3 working days
        assert m.due == at("2025-10-16 17:00")
        assert m.paused == timedelta(days=3)
        assert m.wall_elapsed == timedelta(days=15, hours=2)  # 18 d 2 h since opening, less 3 d
        assert r.cycles[0].pauses == (
            (at("2025-10-09 09:00"), at("2025-10-12 09:00"), "awaiting customer: 补充解冻材料"),
        )

    def test_resolved_in_time_and_breached(self) -> None:
        """Resolved on 10-16 at 16:00 is on time; unresolved a microsecond after 17:00 is not."""
        done = sq.read_clock(
            TIER_III,
            [*self.LOG, sq.Resolved(at=at("2025-10-16 16:00"))],
            now=at("2025-10-20 09:00"),
        )
        assert done.state == "resolved"
        assert done.milestones["result"].status is MET
        assert done.milestones["result"].remaining == H
        assert done.cycles[0].resolved_at == at("2025-10-16 16:00")
        late = sq.read_clock(TIER_III, self.LOG, now=at("2025-10-16 17:00") + US)
        assert late.milestones["result"].status is BREACHED
        assert late.milestones["result"].breached_at == at("2025-10-16 17:00")


class TestAtmRefundOnA24x7Line:
    """ATM差错: received by the 7×24 call centre on Saturday 2025-11-15 at 20:00,
    measured on the bank's working-day (desk) calendar."""

    OPENED = sq.Opened(at=at("2025-11-15 20:00"))

    def test_weekend_uses_no_budget(self) -> None:
        """On Sunday the clock runs but no open time has passed."""
        r = sq.read_clock(ATM_REFUND, [self.OPENED], now=at("2025-11-16 12:00"))
        respond, resolve = r.milestones["respond"], r.milestones["resolve"]
        assert respond.status is resolve.status is RUNNING
        assert respond.due == at("2025-11-17 10:00")  # Monday's first business hour
        # deemed received Monday 11-17; 5 working days after: 11-18 .. 11-21, 11-24
        assert resolve.due == at("2025-11-24 17:00")
        assert resolve.budget == 39 * H  # Monday's 6.5 h and five more days
        assert resolve.elapsed == timedelta(0)
        assert resolve.consumed == 0
        assert resolve.wall_elapsed == 16 * H
        assert r.calendar == "desk"
        assert r.holiday_data.endswith(": CN")

    def test_counting_down(self) -> None:
        """After five full working days 6.5 h are left; one minute before the close, one."""
        log = [self.OPENED, sq.Met(at=at("2025-11-17 09:40"), milestone="respond")]
        r = sq.read_clock(ATM_REFUND, log, now=at("2025-11-21 17:00"))
        assert r.milestones["respond"].status is MET
        assert r.milestones["respond"].elapsed == 40 * M
        assert r.milestones["resolve"].elapsed == 32.5 * H
        assert r.milestones["resolve"].remaining == 6.5 * H
        last = sq.read_clock(ATM_REFUND, log, now=at("2025-11-24 16:59"))
        assert last.milestones["resolve"].remaining == M

    def test_acceptance_log(self) -> None:
        """The issue's log shape: opened, paused, resumed, met, resolved, reopened."""
        log = [
            self.OPENED,
            sq.Paused(at=at("2025-11-17 09:20"), reason="awaiting customer"),  # card number
            sq.Resumed(at=at("2025-11-17 14:00")),
            sq.Met(at=at("2025-11-17 14:30"), milestone="respond"),
            sq.Resolved(at=at("2025-11-19 11:00")),
            sq.Reopened(at=at("2025-11-20 09:00")),
        ]
        r = sq.read_clock(ATM_REFUND, log, now=at("2025-11-20 09:30"))
        assert len(r.cycles) == 2
        assert r.cycle == 1
        first = r.cycles[0].milestones
        # respond: 20 min before the pause, 40 min left from 14:00
        assert first["respond"].due == at("2025-11-17 14:40")
        assert first["respond"].original_due == at("2025-11-17 10:00")
        assert first["respond"].elapsed == 50 * M
        assert first["respond"].status is MET
        # the pause held 09:20-12:00 and 13:30-14:00 = 3 h 10 m of open time:
        # 11-24 17:00 + 3 h 10 m = 11-25 09:00 + 3 h (12:00) + 10 m from 13:30
        assert first["resolve"].due == at("2025-11-25 13:40")
        assert first["resolve"].met_at == at("2025-11-19 11:00")
        assert first["resolve"].status is MET
        now = r.milestones
        assert now["respond"].cycle == now["resolve"].cycle == 1
        assert now["respond"].due == at("2025-11-20 10:00")
        assert now["respond"].remaining == 30 * M
        assert now["resolve"].due == at("2025-11-27 17:00")  # 11-21, 24, 25, 26, 27
        assert now["resolve"].started_at == at("2025-11-20 09:00")


class TestBranchComplaintSameDay:
    """投诉工单 当天处理当天完结: close the same business day, cut-off 16:00."""

    PROMISE = sq.Promise(
        service="complaint",
        calendar=BRANCH,
        milestones={"resolve": sq.Target.working_days(0, cutoff=time(16))},
    )

    def test_after_cut_off_is_next_day(self) -> None:
        """Received Wednesday 16:20: deemed Thursday, due Thursday 17:00."""
        log = [sq.Opened(at=at("2025-11-19 16:20"))]
        m = sq.read_clock(self.PROMISE, log, now=at("2025-11-19 16:50")).milestones["resolve"]
        assert m.due == at("2025-11-20 17:00")
        assert m.budget == 7 * H + 10 * M  # 40 min on Wednesday + 6.5 h on Thursday
        assert m.elapsed == 30 * M
        done = [*log, sq.Resolved(at=at("2025-11-20 16:30"))]
        m = sq.read_clock(self.PROMISE, done, now=at("2025-11-21 09:00")).milestones["resolve"]
        assert m.status is MET
        assert m.elapsed == 6 * H + 40 * M  # 40 min + 6.5 h - 30 min
        assert m.remaining == 30 * M

    def test_friday_after_cut_off_is_monday(self) -> None:
        """Saturday is no 工作日 although the branch opens: Friday 16:20 is due Monday 17:00
        (failed before issue 12, which read the branch's Saturday as a working day)."""
        log = [sq.Opened(at=at("2025-11-21 16:20"))]
        m = sq.read_clock(self.PROMISE, log, now=at("2025-11-22 13:00")).milestones["resolve"]
        assert m.due == at("2025-11-24 17:00")
        assert m.status is RUNNING

    def test_open_days_count_the_saturday(self) -> None:
        """A branch whose own rule counts its open days says working_days='open'."""
        branch = sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-12:00, 13:30-17:00", "sat": "09:00-12:00"},
            zone="Asia/Shanghai",
            holidays="CN",
            working_days="open",
        )
        promise = attrs.evolve(self.PROMISE, calendar=branch)
        log = [sq.Opened(at=at("2025-11-21 16:20"))]
        m = sq.read_clock(promise, log, now=at("2025-11-22 13:00")).milestones["resolve"]
        assert m.due == at("2025-11-22 12:00")
        assert m.status is BREACHED
        assert m.breached_at == at("2025-11-22 12:00")

    def test_before_cut_off_is_today(self) -> None:
        """Received at 15:00: due at today's close."""
        m = sq.read_clock(
            self.PROMISE, [sq.Opened(at=at("2025-11-19 15:00"))], now=at("2025-11-19 15:00")
        ).milestones["resolve"]
        assert m.due == at("2025-11-19 17:00")
        assert m.budget == 2 * H


class TestCardPointsHandOff:
    """首问负责: a 信用卡积分 question sent by work order to the card centre, 24 h."""

    PROMISE = sq.Promise(
        service="card_points",
        calendar=CARD_CENTRE,  # a wall target ignores the calendar's hours
        milestones={"answer": sq.Target.wall(24 * H)},
    )
    OPENED = sq.Opened(at=at("2025-11-21 15:00"))

    def test_answered_in_time(self) -> None:
        """Answered Saturday 11:00: 20 of 24 hours used."""
        log = [self.OPENED, sq.Met(at=at("2025-11-22 11:00"), milestone="answer")]
        m = sq.read_clock(self.PROMISE, log, now=at("2025-11-23 09:00")).milestones["answer"]
        assert m.due == at("2025-11-22 15:00")
        assert m.status is MET
        assert m.elapsed == 20 * H
        assert m.consumed == Fraction(5, 6)

    def test_unanswered_after_24h(self) -> None:
        """Unanswered on Saturday at 16:00: breached at 15:00, an hour overdue."""
        m = sq.read_clock(self.PROMISE, [self.OPENED], now=at("2025-11-22 16:00")).milestones[
            "answer"
        ]
        assert m.status is BREACHED
        assert m.breached_at == at("2025-11-22 15:00")
        assert m.remaining == -H
        assert m.elapsed == 25 * H


class TestTierChange:
    """Ⅲ级 feedback raised to Ⅰ级 halfway through its result budget.

    Opened Monday 11-17 09:00 under tier III: respond by 11-18 17:00, resolve by
    11-26 17:00 (11-18 .. 11-21, 11-24 .. 11-26), a budget of 8 × 6.5 = 52 open
    hours. By Friday 11-21 09:00, 4 × 6.5 = 26 h are used: half. Tier I wants
    1 h and 24 h of clock time.
    """

    OPENED = at("2025-11-17 09:00")
    CHANGE = at("2025-11-21 09:00")

    def log(self, policy: sq.clock.RetargetPolicy) -> list[sq.Event]:
        return [
            sq.Opened(at=self.OPENED),
            sq.Met(at=at("2025-11-17 11:00"), milestone="respond"),
            sq.Retargeted(at=self.CHANGE, promise=FEEDBACK_I, policy=policy),
        ]

    def test_halfway(self) -> None:
        """Before the change: 26 of 52 hours used."""
        r = sq.read_clock(FEEDBACK_III, self.log("keep_elapsed")[:2], now=self.CHANGE)
        assert r.milestones["resolve"].due == at("2025-11-26 17:00")
        assert r.milestones["resolve"].consumed == Fraction(1, 2)

    def test_keep_elapsed(self) -> None:
        """The 26 h used stay; against 24 h that is a breach, dated at the change."""
        r = sq.read_clock(FEEDBACK_III, self.log("keep_elapsed"), now=at("2025-11-21 10:00"))
        assert r.promise is FEEDBACK_I
        m = r.milestones["resolve"]
        assert m.target == sq.Target.wall(24 * H)
        assert m.elapsed == 27 * H  # 26 h kept + 1 h of clock time since the change
        assert m.remaining == -3 * H
        assert m.due == at("2025-11-21 07:00")  # the change, less the 2 h overrun
        assert m.original_due == at("2025-11-18 09:00")  # 24 h from the opening
        assert m.status is BREACHED
        assert m.breached_at == self.CHANGE  # a breach it reveals counts from the change
        assert m.started_at == self.OPENED
        # a met milestone keeps how it was met, under the old target
        assert r.milestones["respond"].status is MET
        assert r.milestones["respond"].target == sq.Target.working_days(1)
        assert r.cycles[0].retargets == ((self.CHANGE, "tier_I", "keep_elapsed"),)

    def test_restart(self) -> None:
        """The new 24 h start at the change, with nothing used."""
        m = sq.read_clock(FEEDBACK_III, self.log("restart"), now=at("2025-11-21 10:00")).milestones[
            "resolve"
        ]
        assert m.status is RUNNING
        assert m.due == m.original_due == at("2025-11-22 09:00")  # the change + 24 h
        assert m.elapsed == H
        assert m.remaining == 23 * H
        assert m.started_at == self.CHANGE

    def test_from_original_start(self) -> None:
        """As if 24 h had applied from the opening: breached on 11-18, before the change."""
        m = sq.read_clock(
            FEEDBACK_III, self.log("from_original_start"), now=at("2025-11-21 10:00")
        ).milestones["resolve"]
        assert m.status is BREACHED
        assert m.due == m.original_due == at("2025-11-18 09:00")
        assert m.breached_at == at("2025-11-18 09:00")
        assert m.elapsed == timedelta(days=4, hours=1)  # clock time since the opening
        assert m.remaining == 24 * H - timedelta(days=4, hours=1)

    def test_keep_elapsed_to_tier_II_leaves_time(self) -> None:
        """Raised to tier II (3 working days, 26 h from the opening) on Thursday 09:00,
        after 19.5 h: 6.5 h are left, so it is due Thursday 17:00."""
        log = [
            sq.Opened(at=self.OPENED),
            sq.Retargeted(at=at("2025-11-20 09:00"), promise=FEEDBACK_II),
        ]
        m = sq.read_clock(FEEDBACK_III, log, now=at("2025-11-20 12:00")).milestones["resolve"]
        assert m.budget == 26 * H
        assert m.elapsed == 22.5 * H  # 19.5 h + 3 h this morning
        assert m.due == at("2025-11-20 17:00")
        assert m.original_due == at("2025-11-20 17:00")  # 11-18, 11-19, 11-20
        assert m.status is RUNNING

    def test_new_milestone_under_keep_elapsed(self) -> None:
        """A milestone only the new promise has is measured from the opening its own way."""
        with_notice = sq.Promise(
            service="feedback",
            name="tier_I_notice",
            calendar=DESK,
            milestones={"resolve": sq.Target.wall(24 * H), "notice": sq.Target.business(30 * H)},
        )
        log = [sq.Opened(at=self.OPENED), sq.Retargeted(at=self.CHANGE, promise=with_notice)]
        r = sq.read_clock(FEEDBACK_III, log, now=at("2025-11-21 10:00"))
        assert list(r.milestones) == ["resolve", "notice"]  # respond was unmet: dropped
        notice = r.milestones["notice"]
        assert notice.elapsed == 27 * H  # 26 open hours before the change + 1 after
        assert notice.remaining == 3 * H
        assert notice.due == at("2025-11-21 14:30")  # 3 h left: 10:00-12:00, then 13:30 + 1 h

    def test_keep_elapsed_retarget_while_paused_is_breached_when_the_clock_runs_again(
        self,
    ) -> None:
        """Failed before its fix: the breach was dated 15:00, while the clock was paused."""
        # 2 h used against the new 1 h: overdue, but the clock stands still until
        # 16:00, so the breach is at 16:00 (when OnBreach fires), not at 15:00.
        log = [*RAISED_WHILE_PAUSED, sq.Resumed(at=at("2025-11-17 16:00"))]
        now = at("2025-11-17 16:30")
        respond = sq.read_clock(TIER_III_8H, log, now).milestones["respond"]
        assert respond.status is sq.Status.BREACHED
        assert respond.breached_at == at("2025-11-17 16:00")
        assert respond.due >= respond.original_due
        (action,) = sq.due_actions(TIER_III_8H, [ON_BREACH], log, now)
        assert action.trigger_at == respond.breached_at


#: Open 08:30-17:30 on weekdays (China's holidays): 9 business hours a day.
LONG_DAY = sq.BusinessCalendar.weekly(
    {"mon-fri": "08:30-17:30"}, zone="Asia/Shanghai", holidays="CN", name="long-day"
)


def one_milestone(name: str, target: sq.Target, cal: sq.BusinessCalendar = DESK) -> sq.Promise:
    return sq.Promise(service="s", name=name, calendar=cal, milestones={"m": target})


class TestRetargetRevealsABreach:
    """A keep_elapsed retarget to a target shorter than the time already used.

    Failed before its fix: the due instant was found by walking back from the
    change, which lands on the start of the next window (the mirror rule of a
    backward add), so ``due`` was the next morning's opening, after
    ``original_due`` with no pause at all. The budget runs out at the end of a
    window, as counting forwards says: with no pause, ``due`` is the new
    target's deadline from the opening.
    """

    @pytest.mark.parametrize(
        ("old", "new", "opened", "change", "expected"),
        [
            # 9 business hours from Monday 08:30 run out at Monday 17:30
            (T.business(18 * H), T.business(9 * H), "11-17 08:30", "11-18 12:00", "11-17 17:30"),
            # one working day after Monday 11-17: Tuesday's close
            (T.working_days(5), T.working_days(1), "11-17 08:30", "11-19 12:00", "11-18 17:30"),
            # 10 days from Saturday 12-20 end on Tuesday 12-30, a working day: its close
            (T.days(15), T.days(10), "12-20 10:00", "12-31 10:00", "12-30 17:30"),
        ],
    )
    def test_due_is_the_end_of_the_window_the_budget_ran_out_in(
        self, old: sq.Target, new: sq.Target, opened: str, change: str, expected: str
    ) -> None:
        a, b = one_milestone("a", old, LONG_DAY), one_milestone("b", new, LONG_DAY)
        log = [
            sq.Opened(at(f"2025-{opened}")),
            sq.Retargeted(at(f"2025-{change}"), b, "keep_elapsed"),
        ]
        now = at(f"2025-{change}") + 2 * H
        m = sq.read_clock(a, log, now).milestones["m"]
        assert m.due == m.original_due == at(f"2025-{expected}")
        assert m.status is BREACHED
        assert m.breached_at == at(f"2025-{change}")  # a breach the change reveals
        (action,) = sq.due_actions(a, [sq.Ladder("m", (sq.Step(sq.OnBreach(), GREEN),))], log, now)
        assert action.trigger_at == m.breached_at

    def test_explained_at_the_same_due(self) -> None:
        a = one_milestone("a", T.business(18 * H), LONG_DAY)
        b = one_milestone("b", T.business(9 * H), LONG_DAY)
        log = [sq.Opened(at("2025-11-17 08:30")), sq.Retargeted(at("2025-11-18 12:00"), b)]
        why = sq.explain_due(a, log, at("2025-11-18 14:00"), "m")
        assert why.due == at("2025-11-17 17:30")


class TestRetargetAfterABreach:
    """Due 11:00 under 2 business hours from Monday 09:00, then retargeted at 14:00.

    Failed before its fix: a shorter target dated the breach at the change
    (14:00), a longer one erased it, while the OnBreach step that fired at
    11:00 stayed. A breach stays a breach (docs/explanation/clock-policies.md):
    a breached milestone keeps the target it broke under, as a met one keeps
    how it was met, so the reading and the escalation agree.
    """

    A = one_milestone("a", T.business(2 * H))
    OPENED = sq.Opened(at("2025-11-17 09:00"))
    LADDER = sq.Ladder("m", (sq.Step(sq.OnBreach(), GREEN),))

    @pytest.mark.parametrize("hours", [1, 8])
    @pytest.mark.parametrize("policy", ["keep_elapsed", "restart", "from_original_start"])
    def test_the_breach_stays_at_the_due_instant(
        self, hours: int, policy: sq.clock.RetargetPolicy
    ) -> None:
        new = one_milestone("new", T.business(hours * H))
        log = [self.OPENED, sq.Retargeted(at("2025-11-17 14:00"), new, policy)]
        now = at("2025-11-17 15:00")
        r = sq.read_clock(self.A, log, now)
        assert r.promise is new
        m = r.milestones["m"]
        assert m.status is BREACHED
        assert m.breached_at == m.due == at("2025-11-17 11:00")
        assert m.target == T.business(2 * H)  # the target it broke under
        assert m.elapsed == 4.5 * H  # 9:00-12:00, 13:30-15:00
        (action,) = sq.due_actions(self.A, [self.LADDER], log, now)
        assert action.trigger_at == m.breached_at

    def test_met_after_a_looser_retarget_is_late(self) -> None:
        loose = one_milestone("loose", T.business(8 * H))
        log = [
            self.OPENED,
            sq.Retargeted(at("2025-11-17 14:00"), loose),
            sq.Met(at("2025-11-17 15:00"), "m"),
        ]
        m = sq.read_clock(self.A, log, at("2025-11-17 16:00")).milestones["m"]
        assert m.status is BREACHED
        assert m.breached_at == at("2025-11-17 11:00")

    def test_ever_breached_counts_it(self) -> None:
        loose = one_milestone("loose", T.business(8 * H))
        log = [
            self.OPENED,
            sq.Retargeted(at("2025-11-17 14:00"), loose),
            sq.Resolved(at("2025-11-17 15:00")),
        ]
        r = sq.read_clock(self.A, log, at("2025-11-17 16:00"))
        kpi = PromiseCompliance(basis="ever_breached").add(r)
        assert (kpi.compliant, kpi.measured) == (0, 1)

    def test_a_retarget_before_the_due_instant_still_applies(self) -> None:
        loose = one_milestone("loose", T.business(8 * H))
        log = [self.OPENED, sq.Retargeted(at("2025-11-17 10:59"), loose)]
        m = sq.read_clock(self.A, log, at("2025-11-17 15:00")).milestones["m"]
        assert m.status is RUNNING
        assert m.target == T.business(8 * H)
        assert m.due == at("2025-11-18 10:30")  # 6.5 h on Monday, 1.5 h on Tuesday

    def test_an_extension_after_a_looser_retarget_is_still_refused(self) -> None:
        extensible = sq.Promise(
            service="s",
            name="extensible",
            calendar=DESK,
            milestones={"m": T.business(8 * H)},
            extensions={"m": (sq.Extension(to=T.business(16 * H)),)},
        )
        log = [
            self.OPENED,
            sq.Retargeted(at("2025-11-17 14:00"), extensible),
            sq.Extended(at("2025-11-17 15:00"), "m", to=T.business(16 * H)),
        ]
        with pytest.raises(EventLogError, match="a breach stays a breach"):
            sq.read_clock(self.A, log, at("2025-11-17 16:00"))


class TestReopened:
    """Resolved Tuesday 10:00, the customer unhappy, reopened Thursday 09:00."""

    BASE = (
        sq.Opened(at=at("2025-11-17 09:00")),
        sq.Met(at=at("2025-11-17 09:30"), milestone="respond"),
        sq.Resolved(at=at("2025-11-18 10:00")),
    )

    def test_new_cycle(self) -> None:
        """new_cycle: every milestone starts again from the reopening."""
        log = [
            *self.BASE,
            sq.Reopened(at=at("2025-11-20 09:00")),
            sq.Met(at=at("2025-11-20 09:45"), milestone="respond"),
        ]
        r = sq.read_clock(ATM_REFUND, log, now=at("2025-11-20 12:00"))
        assert [c.index for c in r.cycles] == [0, 1]
        old = r.cycles[0]
        assert old.resolved_at == at("2025-11-18 10:00")
        assert old.milestones["resolve"].status is MET
        assert old.milestones["resolve"].elapsed == 7.5 * H  # 6.5 h Monday + 1 h Tuesday
        assert old.milestones["resolve"].due == at("2025-11-24 17:00")
        m = r.milestones["resolve"]
        assert m.cycle == 1
        assert m.started_at == at("2025-11-20 09:00")
        assert m.due == at("2025-11-27 17:00")  # 11-21, 24, 25, 26, 27
        assert m.elapsed == 3 * H
        assert m.remaining == 36 * H  # 39 h budget (Thursday + 5 days)
        assert r.milestones["respond"].met_at == at("2025-11-20 09:45")
        assert r.cycles[1].opened_at == at("2025-11-20 09:00")

    def test_resume(self) -> None:
        """resume: the time between resolution and reopening becomes a pause."""
        log = [*self.BASE, sq.Reopened(at=at("2025-11-20 09:00"), policy="resume")]
        r = sq.read_clock(ATM_REFUND, log, now=at("2025-11-20 12:00"))
        assert len(r.cycles) == 1
        assert r.state == "running"
        assert r.cycles[0].resolved_at is None
        assert r.cycles[0].pauses == (
            (
                at("2025-11-18 10:00"),
                at("2025-11-20 09:00"),
                "resolved (reopened with policy 'resume')",
            ),
        )
        # respond was met by Met, so it stays met; resolve was met by Resolved, so it runs
        assert r.milestones["respond"].status is MET
        assert r.milestones["respond"].met_at == at("2025-11-17 09:30")
        m = r.milestones["resolve"]
        assert m.status is RUNNING
        assert m.met_at is None
        assert m.elapsed == 10.5 * H  # 7.5 h + 3 h on Thursday
        # 28.5 h left from Thursday 12:00: 3.5 (11-20) + 6.5 (11-21, 11-24, 11-25) leaves
        # 5.5 h; 11-26 09:00-12:00 takes 3 h, then 13:30 + 2.5 h = 16:00
        assert m.due == at("2025-11-26 16:00")
        assert m.original_due == at("2025-11-24 17:00")
        assert m.paused == 47 * H  # Tue 10:00 to Thu 09:00
        assert m.wall_elapsed == 28 * H  # Mon 09:00-Tue 10:00, Thu 09:00-12:00

    def test_resolved_again_after_resume(self) -> None:
        """A resumed cycle can be resolved again; the pause stays in its history."""
        log = [
            *self.BASE,
            sq.Reopened(at=at("2025-11-20 09:00"), policy="resume"),
            sq.Resolved(at=at("2025-11-20 10:00")),
        ]
        r = sq.read_clock(ATM_REFUND, log, now=at("2025-11-21 09:00"))
        assert r.state == "resolved"
        assert r.milestones["resolve"].met_at == at("2025-11-20 10:00")
        assert r.milestones["resolve"].elapsed == 8.5 * H

    def test_resume_then_retarget_drops_a_reopened_milestone(self) -> None:
        """A milestone Resolved met, reopened by resume, then absent from a new promise
        is dropped from the cycle (it is no longer met, and no longer promised)."""
        only_resolve = sq.Promise(
            service="atm_refund", calendar=DESK, milestones={"resolve": sq.Target.wall(48 * H)}
        )
        log = [
            sq.Opened(at=at("2025-11-17 09:00")),
            sq.Resolved(at=at("2025-11-17 10:00")),
            sq.Reopened(at=at("2025-11-17 11:00"), policy="resume"),
            sq.Retargeted(at=at("2025-11-17 11:00"), promise=only_resolve),
        ]
        before = sq.read_clock(ATM_REFUND, log, now=at("2025-11-17 10:30"))
        assert before.milestones["respond"].met_at == at("2025-11-17 10:00")
        after = sq.read_clock(ATM_REFUND, log, now=at("2025-11-17 12:00"))
        assert list(after.milestones) == ["resolve"]


# --------------------------------------------------------------------------- semantics


class TestPauses:
    def test_pause_while_closed_does_not_move_a_business_due(self) -> None:
        """A pause overnight holds no open time, so the business due stays."""
        log = [
            sq.Opened(at=at("2025-11-17 16:30")),
            sq.Paused(at=at("2025-11-17 17:30"), reason="awaiting customer"),
            sq.Resumed(at=at("2025-11-18 08:00")),
        ]
        m = sq.read_clock(ATM_REFUND, log, now=at("2025-11-18 08:30")).milestones["respond"]
        assert m.due == m.original_due == at("2025-11-18 09:30")  # 30 min + 30 min
        assert m.paused == 14.5 * H
        assert m.elapsed == 30 * M

    def test_threshold_at_the_pause_is_reached_on_resume(self) -> None:
        """Paused exactly when the hour runs out: not breached until the clock runs again."""
        log = [
            sq.Opened(at=at("2025-11-17 09:00")),
            sq.Paused(at=at("2025-11-17 10:00"), reason="awaiting customer"),
        ]
        m = sq.read_clock(ATM_REFUND, log, now=at("2025-11-17 11:00")).milestones["respond"]
        assert m.status is PAUSED
        assert m.remaining == timedelta(0)
        assert m.due == at("2025-11-17 11:00")  # would fall due now if resumed now
        resumed = [*log, sq.Resumed(at=at("2025-11-17 14:00"))]
        # The clock runs again at 14:00 with nothing left: breached at that instant,
        # which is also when an OnBreach step fires.
        m = sq.read_clock(ATM_REFUND, resumed, now=at("2025-11-17 14:00")).milestones["respond"]
        assert m.status is BREACHED
        assert m.due == at("2025-11-17 14:00")
        assert m.breached_at == at("2025-11-17 14:00")

    def test_breached_while_paused_stays_breached(self) -> None:
        """A milestone overdue before the pause is BREACHED, not PAUSED."""
        log = [
            sq.Opened(at=at("2025-11-17 09:00")),
            sq.Paused(at=at("2025-11-17 10:30"), reason="awaiting customer"),
        ]
        m = sq.read_clock(ATM_REFUND, log, now=at("2025-11-17 11:00")).milestones["respond"]
        assert m.status is BREACHED
        assert m.breached_at == at("2025-11-17 10:00")
        assert m.due == at("2025-11-17 10:00")

    def test_met_while_paused_and_resolved_while_paused(self) -> None:
        """Met and Resolved may come while paused; the pause ends at the resolution."""
        log = [
            sq.Opened(at=at("2025-11-17 09:00")),
            sq.Paused(at=at("2025-11-17 09:20"), reason="awaiting customer"),
            sq.Met(at=at("2025-11-17 09:40"), milestone="respond"),
            sq.Resolved(at=at("2025-11-17 11:00")),
        ]
        r = sq.read_clock(ATM_REFUND, log, now=at("2025-11-18 09:00"))
        assert r.milestones["respond"].status is MET
        assert r.milestones["respond"].elapsed == 20 * M
        assert r.milestones["resolve"].paused == H + 40 * M
        assert r.milestones["resolve"].wall_elapsed == 20 * M
        assert r.cycles[0].pauses == (
            (at("2025-11-17 09:20"), at("2025-11-17 11:00"), "awaiting customer"),
        )

    def test_zero_length_pause_at_the_window_end_keeps_the_due_instant(self) -> None:
        """Failed before its fix: a 17:00-17:00 pause moved Friday's breach to Monday 09:00."""
        # 1 business hour from Friday 16:00 (21 November 2025) is used up at 17:00,
        # the window's end. A pause that begins and ends at 17:00 stops nothing.
        opened = at("2025-11-21 16:00")
        plain = [sq.Opened(at=opened)]
        blip = [*plain, sq.Paused(at=at("2025-11-21 17:00")), sq.Resumed(at=at("2025-11-21 17:00"))]
        now = at("2025-11-24 12:00")
        for log in (plain, blip):
            respond = sq.read_clock(BUSINESS_HOUR, log, now).milestones["respond"]
            assert respond.due == at("2025-11-21 17:00")
            assert respond.breached_at == at("2025-11-21 17:00")
            (action,) = sq.due_actions(BUSINESS_HOUR, [ON_BREACH], log, now)
            assert action.trigger_at == at("2025-11-21 17:00")

    def test_budget_used_up_as_a_pause_begins_is_breached_when_the_clock_runs_again(
        self,
    ) -> None:
        """Failed before its fix: the breach waited for the desk's next opening on Monday."""
        # The pause instant belongs to the pause: the budget runs out at Friday 17:00
        # as the pause begins, so the breach is when the clock runs again, Saturday
        # 10:00, not the desk's next opening on Monday.
        # The same when the clock stops again on Saturday, before the desk opens.
        log = [
            sq.Opened(at=at("2025-11-21 16:00")),
            sq.Paused(at=at("2025-11-21 17:00"), reason="等待客户补充材料"),
            sq.Resumed(at=at("2025-11-22 10:00")),
        ]
        stopped_again = [
            *log,
            sq.Paused(at=at("2025-11-22 11:00"), reason="等待客户补充材料"),
            sq.Resumed(at=at("2025-11-24 10:00")),
        ]
        now = at("2025-11-24 12:00")
        for events in (log, stopped_again):
            respond = sq.read_clock(BUSINESS_HOUR, events, now).milestones["respond"]
            assert respond.status is sq.Status.BREACHED
            assert respond.breached_at == at("2025-11-22 10:00")
            (action,) = sq.due_actions(BUSINESS_HOUR, [ON_BREACH], events, now)
            assert action.trigger_at == at("2025-11-22 10:00")


class TestOrderAndNow:
    def test_same_instant_applies_in_log_order(self) -> None:
        """Opened and Met at one instant: met with nothing used."""
        t = at("2025-11-17 09:00")
        log = [
            sq.Opened(at=t),
            sq.Met(at=t, milestone="respond"),
            sq.Paused(at=t),
            sq.Resumed(at=t),
        ]
        m = sq.read_clock(ATM_REFUND, log, now=t).milestones["respond"]
        assert m.status is MET
        assert m.elapsed == timedelta(0)

    def test_events_after_now_are_ignored(self) -> None:
        """A reading of the past is a reading of the log's prefix."""
        log = [
            sq.Opened(at=at("2025-11-17 09:00")),
            sq.Met(at=at("2025-11-17 09:30"), milestone="respond"),
            sq.Resolved(at=at("2025-11-18 10:00")),
        ]
        now = at("2025-11-17 09:20")
        assert sq.read_clock(ATM_REFUND, log, now) == sq.read_clock(ATM_REFUND, log[:1], now)
        assert sq.read_clock(ATM_REFUND, log, now).milestones["respond"].status is RUNNING

    def test_now_in_another_zone(self) -> None:
        """now may be in any zone; the reading's instants are in the calendar's zone."""
        now = datetime.fromisoformat("2025-11-17T02:00:00+00:00")  # 10:00 in Shanghai
        r = sq.read_clock(ATM_REFUND, [sq.Opened(at=at("2025-11-17 09:00"))], now=now)
        assert r.milestones["respond"].due.tzinfo is SH
        assert r.now == now
        assert r.milestones["respond"].remaining == timedelta(0)

    def test_reading_is_deterministic(self) -> None:
        """The same log and now always give an equal reading."""
        log = [sq.Opened(at=at("2025-11-17 09:00"))]
        assert sq.read_clock(ATM_REFUND, log, at("2025-11-18 09:00")) == sq.read_clock(
            ATM_REFUND, iter(log), at("2025-11-18 09:00")
        )


# --------------------------------------------------------------------------- errors

T0 = at("2025-11-17 09:00")
T1 = at("2025-11-17 10:00")
T2 = at("2025-11-17 11:00")
ISO0, ISO1, ISO2 = (
    r"2025-11-17T09:00:00\+08:00",
    r"2025-11-17T10:00:00\+08:00",
    r"2025-11-17T11:00:00\+08:00",
)


class TestEventLogErrors:
    @pytest.mark.parametrize(
        ("log", "match"),
        [
            (  # resume while running
                [sq.Opened(at=T0), sq.Resumed(at=T1)],
                rf"^log\[1\] Resumed\(at={ISO1}\): the clock is running \(since log\[0\]\), not "
                r"paused; a Resumed must follow a Paused; remove it or add the missing Paused$",
            ),
            (  # pause while paused
                [sq.Opened(at=T0), sq.Paused(at=T1), sq.Paused(at=T2)],
                rf"^log\[2\] Paused\(at={ISO2}\): the clock is already paused \(since log\[1\]\); "
                r"a Paused must follow Opened or Resumed",
            ),
            (  # an event before Opened
                [sq.Paused(at=T0), sq.Opened(at=T1)],
                rf"^log\[0\] Paused\(at={ISO0}\): it comes before Opened; start the log with "
                r"Opened\(at=\.\.\.\)$",
            ),
            (  # out of order
                [sq.Opened(at=T1), sq.Met(at=T0, milestone="respond")],
                rf"^log\[1\] Met\(at={ISO0}, milestone='respond'\): it is earlier than the event "
                r"before it; order the log by instant \(events at the same instant keep",
            ),
            (  # Met for an unknown milestone
                [sq.Opened(at=T0), sq.Met(at=T1, milestone="resolv")],
                rf"^log\[1\] Met\(at={ISO1}, milestone='resolv'\): promise 'atm_refund' has no "
                r"milestone 'resolv'; did you mean 'resolve'\? its milestones are 'respond', "
                r"'resolve'; name one of them$",
            ),
            (  # Met twice
                [
                    sq.Opened(at=T0),
                    sq.Met(at=T1, milestone="respond"),
                    sq.Met(at=T2, milestone="respond"),
                ],
                rf"^log\[2\] Met\(at={ISO2}, milestone='respond'\): milestone 'respond' is "
                rf"already met in this cycle \(at {ISO1}\); a milestone is met once per cycle",
            ),
            (  # Met after Resolved
                [sq.Opened(at=T0), sq.Resolved(at=T1), sq.Met(at=T2, milestone="respond")],
                r"^log\[2\] Met\(.*\): the request is resolved \(since log\[1\]\), so every "
                r"milestone is met; record Met before Resolved, or Reopened first$",
            ),
            (  # Resolved twice
                [sq.Opened(at=T0), sq.Resolved(at=T1), sq.Resolved(at=T2)],
                rf"^log\[2\] Resolved\(at={ISO2}\): the request is already resolved \(since "
                r"log\[1\]\); remove the repeat, or put Reopened before it$",
            ),
            (  # Reopened while open
                [sq.Opened(at=T0), sq.Reopened(at=T1)],
                rf"^log\[1\] Reopened\(at={ISO1}\): the request is running, not resolved; "
                r"Reopened must follow Resolved",
            ),
            (  # Reopened while paused
                [sq.Opened(at=T0), sq.Paused(at=T1), sq.Reopened(at=T2)],
                r"^log\[2\] Reopened\(.*\): the request is paused, not resolved",
            ),
            (  # Retargeted after Resolved
                [sq.Opened(at=T0), sq.Resolved(at=T1), sq.Retargeted(at=T2, promise=FEEDBACK_I)],
                rf"^log\[2\] Retargeted\(at={ISO2}\): the request is resolved, so no milestone is "
                r"running; change the severity before Resolved, or Reopened first$",
            ),
            (  # Opened twice
                [sq.Opened(at=T0), sq.Opened(at=T1)],
                rf"^log\[1\] Opened\(at={ISO1}\): the request is already open; a request opens "
                r"once; use Reopened after Resolved$",
            ),
            (  # Paused after Resolved
                [sq.Opened(at=T0), sq.Resolved(at=T1), sq.Paused(at=T2)],
                r"^log\[2\] Paused\(.*\): the clock is resolved \(since log\[1\]\);",
            ),
            (  # Resumed after Resolved
                [sq.Opened(at=T0), sq.Resolved(at=T1), sq.Resumed(at=T2)],
                r"^log\[2\] Resumed\(.*\): the clock is resolved \(since log\[1\]\), not paused;",
            ),
            (  # not an event
                [sq.Opened(at=T0), ("Met", T1, "respond")],
                r"^log\[1\]: \('Met', .*\) is not an event; use Opened, Paused, Resumed, Met, "
                r"Resolved, Reopened, Retargeted, Extended, StatusChanged or CustomerMessage, "
                r"or an event of another reader "
                r"of the request's log \(feedback, routing\)$",
            ),
            (  # nothing opened
                [],
                r"^read_clock: the log has no Opened event at or before now; a request's log "
                r"starts with Opened\(at=\.\.\.\)$",
            ),
        ],
    )
    def test_impossible_log(self, log: list[sq.Event], match: str) -> None:
        """Each impossible log names the event, its position and the fix."""
        with pytest.raises(EventLogError, match=match):
            sq.read_clock(ATM_REFUND, log, now=at("2025-11-18 09:00"))

    def test_order_is_checked_after_now(self) -> None:
        """Events after now are not applied, but their order is still checked."""
        log = [sq.Opened(at=T0), sq.Met(at=T2, milestone="respond"), sq.Resolved(at=T1)]
        with pytest.raises(EventLogError, match=r"^log\[2\] Resolved\(.*\): it is earlier"):
            sq.read_clock(ATM_REFUND, log, now=T0)

    def test_opened_after_now(self) -> None:
        """A log whose Opened lies after now has nothing to read."""
        with pytest.raises(EventLogError, match=r"no Opened event at or before now"):
            sq.read_clock(ATM_REFUND, [sq.Opened(at=T1)], now=T0)

    def test_naive_now(self) -> None:
        """A naive now is refused with the fix."""
        with pytest.raises(NaiveDatetimeError, match=r"read_clock\(now\) is a naive datetime .*"):
            sq.read_clock(ATM_REFUND, [sq.Opened(at=T0)], now=datetime(2025, 11, 18, 9))  # noqa: DTZ001

    def test_naive_now_in_reread_names_reread(self) -> None:
        """Before the fix the error named read_clock(now), which reread calls."""
        with pytest.raises(NaiveDatetimeError, match=r"^reread\(now\) is a naive datetime"):
            sq.reread(ATM_REFUND, ATM_REFUND, [sq.Opened(at=T0)], datetime(2025, 11, 18, 9))  # noqa: DTZ001

    def test_naive_event(self) -> None:
        """An event cannot be built with a naive instant."""
        with pytest.raises(NaiveDatetimeError, match=r"^Opened\(at=\.\.\.\) is a naive datetime"):
            sq.Opened(at=datetime(2025, 11, 17, 9))  # noqa: DTZ001
        with pytest.raises(NaiveDatetimeError, match=r"^Met\(at=\.\.\.\) must be a timezone-aware"):
            sq.Met(at="2025-11-17 09:00", milestone="respond")  # type: ignore[arg-type]

    def test_naive_instant_smuggled_into_the_log(self) -> None:
        """An event mutated past its validator is still caught, with its position."""
        event = sq.Paused(at=T1)
        object.__setattr__(event, "at", datetime(2025, 11, 17, 10))  # noqa: DTZ001
        with pytest.raises(NaiveDatetimeError, match=r"^log\[1\]\.at is a naive datetime"):
            sq.read_clock(ATM_REFUND, [sq.Opened(at=T0), event], now=T2)

    @pytest.mark.parametrize("log", [None, 5, "Opened", sq.Opened(at=T0)])
    def test_log_must_be_a_list(self, log: object) -> None:
        """The log is a list of events: None, a number, a text or one bare event is refused
        with EventLogError, by read_clock and reread alike (not a TypeError)."""
        match = r"^log must be a list of events such as \[Opened\(at=\.\.\.\)\], got "
        with pytest.raises(EventLogError, match=match):
            sq.read_clock(ATM_REFUND, log, now=T1)  # type: ignore[arg-type]
        with pytest.raises(EventLogError, match=match):
            sq.reread(ATM_REFUND, LOSS_REPORT, log, T1)  # type: ignore[arg-type]

    def test_due_past_the_year_9999(self) -> None:
        """A target no datetime can hold is a ParameterError from the reading, not an
        OverflowError."""
        endless = sq.Promise(service="x", milestones={"resolve": sq.Target.wall(timedelta.max)})
        with pytest.raises(sq.ParameterError, match=r"outside the years 1\.\.9999"):
            sq.read_clock(endless, [sq.Opened(at=T0)], now=T1)

    def test_not_a_promise(self) -> None:
        """read_clock needs a Promise."""
        with pytest.raises(
            EventLogError, match=r"^read_clock: promise must be a Promise, got 'x'$"
        ):
            sq.read_clock("x", [sq.Opened(at=T0)], now=T1)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("build", "match"),
        [
            (lambda: sq.Paused(at=T0, reason=5), r"^Paused: reason must be text, got 5$"),
            (lambda: sq.Met(at=T0, milestone=None), r"^Met: milestone must be text, got None$"),
            (
                lambda: sq.Reopened(at=T0, policy="continue"),
                r"^Reopened: policy must be one of new_cycle, resume, got 'continue'$",
            ),
            (
                lambda: sq.Retargeted(at=T0, promise="tier_I"),
                r"^Retargeted: promise must be a Promise, got 'tier_I'$",
            ),
            (
                lambda: sq.Retargeted(at=T0, promise=FEEDBACK_I, policy="reset"),
                r"^Retargeted: policy must be one of keep_elapsed, restart, from_original_start, "
                r"got 'reset'$",
            ),
        ],
    )
    def test_bad_event_fields(self, build: object, match: str) -> None:
        """Event fields are checked when the event is built."""
        with pytest.raises(EventLogError, match=match):
            build()  # type: ignore[operator]

    def test_errors_are_value_errors(self) -> None:
        """A host can catch a bad log as ValueError."""
        assert issubclass(EventLogError, ValueError)
        assert issubclass(EventLogError, sq.SvcQualityError)


# --------------------------------------------------------------------------- reread


class TestReread:
    LOG = (
        sq.Opened(at=at("2025-11-17 09:00")),
        sq.Met(at=at("2025-11-17 09:30"), milestone="respond"),
    )

    def test_only_differences(self) -> None:
        """A 3-day resolve moves its due; the unchanged respond is not reported."""
        three = sq.Promise(
            service="atm_refund",
            calendar=DESK,
            milestones={
                "respond": sq.Target.business(H),
                "resolve": sq.Target.working_days(3, cutoff=time(16)),
            },
        )
        diffs = sq.reread(ATM_REFUND, three, self.LOG, now=at("2025-11-18 09:00"))
        assert [d.milestone for d in diffs] == ["resolve"]
        (d,) = diffs
        assert d.before is not None
        assert d.after is not None
        assert d.before.due == at("2025-11-24 17:00")
        assert d.after.due == at("2025-11-20 17:00")  # 11-18, 11-19, 11-20
        assert d.before.status is d.after.status is RUNNING

    def test_status_change(self) -> None:
        """A tighter rulebook can turn a running milestone into a breached one."""
        day = sq.Promise(
            service="atm_refund",
            calendar=DESK,
            milestones={"respond": sq.Target.business(H), "resolve": sq.Target.working_days(0)},
        )
        (d,) = sq.reread(ATM_REFUND, day, self.LOG, now=at("2025-11-18 09:00"))
        assert d.before is not None
        assert d.before.status is RUNNING
        assert d.after is not None
        assert d.after.status is BREACHED
        assert d.after.breached_at == at("2025-11-17 17:00")

    def test_added_and_removed_milestones(self) -> None:
        """A milestone only one promise has is a difference with None on the other side."""
        other = sq.Promise(
            service="atm_refund",
            calendar=DESK,
            milestones={"respond": sq.Target.business(H), "feedback": sq.Target.working_days(1)},
        )
        diffs = sq.reread(ATM_REFUND, other, iter(self.LOG), now=at("2025-11-18 09:00"))
        assert [(d.milestone, d.before is None, d.after is None) for d in diffs] == [
            ("resolve", False, True),
            ("feedback", True, False),
        ]

    def test_same_promise_no_difference(self) -> None:
        """Re-reading under the same promise reports nothing."""
        assert sq.reread(ATM_REFUND, ATM_REFUND, self.LOG, now=at("2025-11-18 09:00")) == ()


# --------------------------------------------------------------------------- properties

#: Calendars shared across examples, so each year is compiled once per test run:
#: 24x7 UTC, a split-shift desk with China's holidays, a branch open Saturday
#: mornings, and an overnight desk in a DST zone.
SHARED_CALENDARS = (
    sq.BusinessCalendar.always_open(zone="UTC"),
    DESK,
    BRANCH,
    sq.BusinessCalendar.weekly(
        {"mon-fri": "22:00-06:00", "sat": "09:00-13:00"}, zone="America/New_York", holidays="US"
    ),
)


@st.composite
def scenarios(
    draw: st.DrawFn, *, retargets: bool = True
) -> tuple[sq.Promise, list[sq.Event], datetime]:
    """A promise on a shared calendar, a valid log, and a now up to 3 days past its end."""
    cal = draw(st.sampled_from(SHARED_CALENDARS))
    promise = draw(testing.promises(calendar=cal))
    log = draw(testing.event_logs(promise, retarget_to=None if retargets else ()))
    now = log[-1].at + draw(testing.durations(min_value=timedelta(0), max_value=timedelta(days=3)))
    return promise, log, now


def _measure(
    m: sq.MilestoneReading, cal: sq.BusinessCalendar | None, a: datetime, b: datetime
) -> timedelta:
    if m.target.measure == "wall":
        return b - a
    assert cal is not None
    if m.target.duration is None:  # a period: working hours only
        return cal.working_hours().between(a, b)
    return cal.between(a, b)


class TestProperties:
    @given(scenarios(retargets=False))
    @settings(max_examples=60)
    def test_running_without_pause(self, case: tuple[sq.Promise, list[sq.Event], datetime]) -> None:
        """Running with no pause: remaining + elapsed == budget, the budget is the target's
        from the opening, elapsed is the measure since the opening and due is original_due."""
        promise, log, now = case
        first_pause = next((e.at for e in log if not isinstance(e, (sq.Opened, sq.Met))), now)
        now = min(now, first_pause)  # read before anything but Met happened
        r = sq.read_clock(promise, log, now)
        cycle = r.cycles[-1]  # a Resolved and a Reopened at now start a new cycle
        if cycle.pauses:
            return  # Reopened(policy='resume') at now turned the resolution into a pause
        opened = cycle.opened_at
        for m in r.milestones.values():
            if m.status is not RUNNING:
                continue
            assert m.remaining + m.elapsed == m.budget
            assert m.budget == m.target.budget(opened, promise.calendar)
            assert m.elapsed == _measure(m, promise.calendar, opened, now)
            assert m.due == m.original_due == m.target.deadline(opened, promise.calendar)
            assert m.paused == timedelta(0)
            assert m.wall_elapsed == now - opened

    @given(scenarios(retargets=False))
    @settings(max_examples=60)
    def test_due_never_before_original_due(
        self, case: tuple[sq.Promise, list[sq.Event], datetime]
    ) -> None:
        """Pauses only ever push a due instant later, in every cycle."""
        promise, log, now = case
        for cycle in sq.read_clock(promise, log, now).cycles:
            for m in cycle.milestones.values():
                assert m.due >= m.original_due, m
                if m.breached_at is not None:
                    assert m.breached_at >= m.original_due

    @given(scenarios(), st.data())
    @settings(max_examples=60)
    def test_closed_milestones_never_change(
        self, case: tuple[sq.Promise, list[sq.Event], datetime], data: st.DataObject
    ) -> None:
        """A milestone met by an earlier now reads the same at any later now, unless a
        Reopened(policy='resume') since then reopened a milestone met by Resolved (which
        a later severity change may then drop)."""
        promise, log, now = case
        earlier = data.draw(st.sampled_from([e.at for e in log]))
        before = sq.read_clock(promise, log, earlier)
        after = sq.read_clock(promise, log, now)
        resumed = any(
            isinstance(e, sq.Reopened) and e.policy == "resume" and earlier < e.at <= now
            for e in log
        )
        for k, cycle in enumerate(before.cycles):
            for name, m in cycle.milestones.items():
                if m.met_at is None:
                    continue
                later = after.cycles[k].milestones.get(name)
                if later != m:
                    assert resumed
                    assert m.met_at == cycle.resolved_at
                    if later is None:  # reopened, then dropped by a severity change
                        assert any(
                            isinstance(e, sq.Retargeted)
                            and earlier < e.at <= now
                            and name not in e.promise.milestones
                            for e in log
                        )
                    else:
                        assert later.met_at is None or later.met_at > earlier

    @given(scenarios(), st.data())
    @settings(max_examples=60)
    def test_any_chunking_gives_the_same_reading(
        self, case: tuple[sq.Promise, list[sq.Event], datetime], data: st.DataObject
    ) -> None:
        """Reading prefixes at intermediate nows, then the whole log, changes nothing:
        each prefix reads as the whole log at that now, and the final reading equals
        the one taken first."""
        promise, log, now = case
        first = sq.read_clock(promise, log, now)
        cuts = sorted(data.draw(st.sets(st.integers(1, len(log)), max_size=4)))
        for cut in cuts:
            chunk_now = log[cut - 1].at
            whole = sq.read_clock(promise, log, chunk_now)
            prefix = [e for e in log if e.at <= chunk_now]
            assert sq.read_clock(promise, prefix, chunk_now) == whole
            if len(prefix) == cut:  # no later event shares chunk_now
                assert sq.read_clock(promise, log[:cut], chunk_now) == whole
        assert sq.read_clock(promise, log, now) == first

    @given(scenarios(), st.data())
    @settings(max_examples=60)
    def test_events_after_now_are_ignored(
        self, case: tuple[sq.Promise, list[sq.Event], datetime], data: st.DataObject
    ) -> None:
        """The reading at now is that of the events at or before now."""
        promise, log, _ = case
        now = data.draw(
            st.sampled_from([e.at for e in log]).flatmap(
                lambda t: st.sampled_from([t, t + timedelta(seconds=30)])
            )
        )
        upto = [e for e in log if e.at <= now]
        assert sq.read_clock(promise, log, now) == sq.read_clock(promise, upto, now)

    @given(st.data())
    @settings(max_examples=80, deadline=None)
    def test_keep_elapsed_with_no_pause_is_due_at_the_new_targets_deadline(
        self, data: st.DataObject
    ) -> None:
        """With no pause, a keep_elapsed retarget between targets of one measure is
        due at the new target's own deadline from the opening, whether the change
        leaves time or reveals a breach (failed before for a breach: due was the
        next window's opening)."""
        cal = data.draw(st.sampled_from(SHARED_CALENDARS[1:]))
        kinds = data.draw(
            st.sampled_from([("wall",), ("business",), ("working_days", "days", "months")])
        )
        old, new = (data.draw(testing.targets(kinds=kinds)) for _ in range(2))
        opened = data.draw(testing.instants(calendar=cal))
        change = opened + data.draw(testing.durations(max_value=timedelta(days=20)))
        now = change + data.draw(testing.durations(max_value=timedelta(days=3)))
        a, b = one_milestone("a", old, cal), one_milestone("b", new, cal)
        log = [sq.Opened(opened), sq.Retargeted(change, b, "keep_elapsed")]
        m = sq.read_clock(a, log, now).milestones["m"]
        if m.target == new:  # not already breached under the old target
            assert m.due == m.original_due == new.deadline(opened, cal)

    @given(st.data())
    @settings(max_examples=120, deadline=None)
    def test_appending_events_never_moves_a_breach(self, data: st.DataObject) -> None:
        """A breach read at an earlier now is read at the same instant at any later
        now, however the log goes on (failed before: a later Retargeted moved it to
        the change, or erased it). Only a retarget dropping the milestone hides it.
        Short targets and gaps make breaches before a retarget common."""
        cal = data.draw(st.sampled_from(SHARED_CALENDARS))
        short = timedelta(hours=6)
        promise = data.draw(testing.promises(calendar=cal, max_duration=short))
        others = st.lists(testing.promises(calendar=cal, max_duration=short), max_size=2)
        log = data.draw(
            testing.event_logs(promise, max_gap=short, retarget_to=[promise, *data.draw(others)])
        )
        now = log[-1].at + timedelta(days=1)

        def breaches(r: sq.ClockReading) -> dict[tuple[int, str, datetime], datetime | None]:
            out = {}
            for cycle in r.cycles:
                seen = [*cycle.milestones.values()]
                seen += [o for os in cycle.occurrences.values() for o in os]
                for m in seen:
                    out[cycle.index, m.name, m.started_at] = m.breached_at
            return out

        after = breaches(sq.read_clock(promise, log, now))
        for earlier in sorted({e.at for e in log}):
            before = breaches(sq.read_clock(promise, log, earlier))
            for key, breached_at in before.items():
                if breached_at is not None and key in after:
                    assert after[key] == breached_at, (earlier, key)

    @given(st.data())
    @settings(max_examples=25)
    def test_generated_calendars(self, data: st.DataObject) -> None:
        """Logs on fully generated promises and calendars read without error, and every
        due instant is no earlier than its original one when nothing was retargeted."""
        promise = data.draw(testing.promises())
        log = data.draw(testing.event_logs(promise, retarget_to=(), max_events=8))
        now = log[-1].at + timedelta(days=1)
        for cycle in sq.read_clock(promise, log, now).cycles:
            for m in cycle.milestones.values():
                assert m.due >= m.original_due


def test_a_period_on_hours_that_are_never_working_hours_reads() -> None:
    """A desk open only on Sundays has no working hours (Sunday is no working day), so
    the budget of "the same working day" is zero: the clock looks back for the quiet
    stretch before the due only to the budget's start. It searched back 120 years and
    raised CalendarError from previous_close, refusing a valid request."""
    from datetime import timezone

    cal = sq.BusinessCalendar.weekly({"sun": "00:00-00:15"}, zone="UTC")
    promise = sq.Promise("s", {"m": sq.Target.working_days(0)}, calendar=cal)
    opened = datetime(2025, 1, 4, tzinfo=timezone.utc)  # a Saturday
    reading = sq.read_clock(promise, [sq.Opened(at=opened)], opened)
    assert reading.milestones["m"].due == datetime(2025, 1, 7, tzinfo=timezone.utc)
    assert reading.milestones["m"].status is sq.Status.RUNNING


def test_past_cycles_read_on_demand_equal_an_eager_reading() -> None:
    """A closed cycle's readings are computed when looked at, and behave as a dict."""
    import pickle

    log = [
        sq.Opened(at=at("2025-11-17 09:00")),
        sq.Resolved(at=at("2025-11-17 09:30")),
        sq.Reopened(at=at("2025-11-17 10:00")),
    ]
    reading = sq.read_clock(ATM_REFUND, log, now=at("2025-11-17 11:00"))
    past = reading.cycles[0].milestones
    assert set(past) == set(ATM_REFUND.milestones)
    assert len(past) == len(ATM_REFUND.milestones)
    assert past["respond"].status is MET
    assert past == dict(past)
    assert repr(past) == repr(dict(past))
    assert pickle.loads(pickle.dumps(reading.cycles[0])).milestones == dict(past)
    again = sq.read_clock(ATM_REFUND, log, now=at("2025-11-17 11:00"))
    assert again == reading


def test_a_closed_cycle_unread_holds_only_its_tracks_and_run() -> None:
    """Until looked at, a closed cycle's readings keep its tracks and run, not the
    replay's cycle and its working lists (a host keeping many readings pays the
    garbage collector for every object they hold)."""
    import gc

    from svcquality.clock._measure import Run
    from svcquality.clock._replay import Cycle

    log = [
        sq.Opened(at=at("2025-11-17 09:00")),
        sq.Paused(at=at("2025-11-17 09:10"), reason="awaiting customer"),
        sq.Resumed(at=at("2025-11-17 09:20")),
        sq.Resolved(at=at("2025-11-17 09:30")),
        sq.Reopened(at=at("2025-11-17 10:00")),
    ]
    reading = sq.read_clock(ATM_REFUND, log, now=at("2025-11-17 11:00"))
    held = gc.get_referents(reading.cycles[0].milestones)
    assert not [x for x in held if isinstance(x, (Cycle, list))]
    assert [x for x in held if isinstance(x, Run)]
    assert reading.cycles[0].milestones["respond"].status is MET


class TestDayPeriods:
    """A 15日 period (银行业保险业消费投诉处理管理办法) and a working day without hours."""

    PROMISE = sq.Promise(
        service="complaint", calendar=DESK, milestones={"decide": sq.Target.days(15)}
    )

    def test_due_at_the_periods_end(self) -> None:
        """Received 09-20 16:30: due at the close of 10-09, breached from then on."""
        log = [sq.Opened(at=at("2025-09-20 16:30"))]
        before = sq.read_clock(self.PROMISE, log, now=at("2025-10-09 16:59")).milestones["decide"]
        assert (before.status, before.due) == (RUNNING, at("2025-10-09 17:00"))
        after = sq.read_clock(self.PROMISE, log, now=at("2025-10-09 17:00")).milestones["decide"]
        assert (after.status, after.breached_at) == (BREACHED, at("2025-10-09 17:00"))

    def test_pause_while_closed_moves_nothing(self) -> None:
        """A pause over the National Day break covers no open time: the due stays."""
        log = [
            sq.Opened(at=at("2025-09-20 16:30")),
            sq.Paused(at=at("2025-09-30 17:00"), reason="external_appraisal"),
            sq.Resumed(at=at("2025-10-09 09:00")),
        ]
        m = sq.read_clock(self.PROMISE, log, now=at("2025-10-09 10:00")).milestones["decide"]
        assert m.due == m.original_due == at("2025-10-09 17:00")

    def test_pause_of_two_working_days_moves_two_days_of_hours(self) -> None:
        """Paused Monday and Tuesday 09-22/23 (13 open hours): due two working days later."""
        log = [
            sq.Opened(at=at("2025-09-20 16:30")),
            sq.Paused(at=at("2025-09-22 09:00"), reason="external_appraisal"),
            sq.Resumed(at=at("2025-09-24 09:00")),
        ]
        m = sq.read_clock(self.PROMISE, log, now=at("2025-09-24 10:00")).milestones["decide"]
        assert m.due == at("2025-10-11 17:00")  # 10-10, then the make-up Saturday 10-11

    def test_working_day_without_hours_is_due_at_midnight(self) -> None:
        """A unit closed on Mondays: a 当日 request received Monday is due at 24:00, and
        OnBreach fires then, not at Saturday's close (failed before issue 12's fix)."""
        cal = sq.BusinessCalendar.weekly(
            {"tue-sat": "09:00-17:00"}, zone="Asia/Shanghai", holidays="CN"
        )
        promise = sq.Promise(
            service="x", calendar=cal, milestones={"resolve": sq.Target.working_days(0)}
        )
        log = [sq.Opened(at=at("2025-11-03 10:00"))]
        m = sq.read_clock(promise, log, now=at("2025-11-03 23:00")).milestones["resolve"]
        assert (m.status, m.due) == (RUNNING, at("2025-11-04 00:00"))
        assert m.budget == timedelta(0)
        ladder = sq.Ladder("resolve", (sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),))
        assert sq.next_due(promise, [ladder], log, at("2025-11-03 23:00")) == at("2025-11-04 00:00")
        (action,) = sq.due_actions(promise, [ladder], log, at("2025-11-04 00:00"), request="R")
        assert action.trigger_at == at("2025-11-04 00:00")
