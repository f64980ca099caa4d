"""svcquality.clock and svcquality.escalation: extensions, pause reasons and restarts.

The promise is the 2020 complaint rule's shape (银行业保险业消费投诉处理管理办法):
decide within 15 working days; "情况复杂的可以延长至30日" with a reason; "可以再
延长30日" (60 in all) with a reason, an approver and the customer told; time for
external appraisal (外部机构鉴定、检测、评估) left out by a pause. The calendar is open
09:00-17:00 (8 h) Monday to Friday, no holidays, so every sum below is done by hand
on the March-May 2025 calendar: 3 March 2025 is a Monday.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from tests.common import US, H, at

import svcquality as sq
from svcquality import testing
from svcquality.errors import EventLogError

T = sq.Target

OFFICE = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai")

COMPLEX = sq.Extension(T.working_days(30), requires_reason=True)
SPECIAL = sq.Extension(
    T.working_days(60),
    requires_reason=True,
    requires_approval=True,
    requires_customer_informed=True,
)
COMPLAINT = sq.Promise(
    "complaint",
    {"decide": T.working_days(15)},
    calendar=OFFICE,
    extensions={"decide": (COMPLEX, SPECIAL)},
    pause_reasons=("external_appraisal",),
)


OPENED = sq.Opened(at("2025-03-03 10:00"))  # Monday: the receipt day, not counted
TO_30 = sq.Extended(at("2025-03-07 11:00"), "decide", T.working_days(30), reason="情况复杂")
TO_60 = sq.Extended(
    at("2025-03-12 11:00"),
    "decide",
    T.working_days(60),
    reason="情况特别复杂",
    approved_by="总行高级管理人员",
    customer_informed=True,
)


def decide(log: list[sq.Event], now: str, promise: sq.Promise = COMPLAINT) -> sq.MilestoneReading:
    return sq.read_clock(promise, log, at(now)).milestones["decide"]


class TestExtended:
    """Extended applies the promise's next extension, counted from the same start."""

    def test_no_extension(self) -> None:
        """15 working days after Mon 3 Mar: Mon 24 Mar at close of business."""
        m = decide([OPENED], "2025-03-05 10:00")
        assert m.due == m.original_due == at("2025-03-24 17:00")
        assert m.extensions == ()

    def test_first_extension_counts_from_the_receipt(self) -> None:
        """延长至30日: 30 working days from the receipt (Mon 14 Apr), not 30 more."""
        m = decide([OPENED, TO_30], "2025-03-10 10:00")
        assert m.due == at("2025-04-14 17:00")
        assert m.original_due == at("2025-03-24 17:00")  # the promise's own target
        assert m.target == T.working_days(30)
        assert m.extensions == (TO_30,)
        # 7 h on the receipt day + 30 days of 8 h.
        assert m.budget == 7 * H + 30 * 8 * H
        assert m.started_at == OPENED.at
        assert m.status is sq.Status.RUNNING

    def test_second_extension(self) -> None:
        """再延长30日: 60 working days from the receipt, Mon 26 May."""
        m = decide([OPENED, TO_30, TO_60], "2025-03-13 10:00")
        assert m.due == at("2025-05-26 17:00")
        assert m.original_due == at("2025-03-24 17:00")
        assert m.extensions == (TO_30, TO_60)

    def test_met_after_the_first_due_is_on_time_when_extended(self) -> None:
        """A decision on 1 Apr misses 24 Mar but keeps the extended 14 Apr."""
        log: list[sq.Event] = [OPENED, TO_30, sq.Met(at("2025-04-01 10:00"), "decide")]
        assert decide(log, "2025-04-20 10:00").status is sq.Status.MET
        unextended = decide([OPENED, sq.Met(at("2025-04-01 10:00"), "decide")], "2025-04-20 10:00")
        assert unextended.status is sq.Status.BREACHED
        assert unextended.breached_at == at("2025-03-24 17:00")

    def test_breach_of_the_extended_due(self) -> None:
        """Unmet, the extended milestone is breached from its own due instant on."""
        m = decide([OPENED, TO_30], "2025-04-15 10:00")
        assert m.status is sq.Status.BREACHED
        assert m.breached_at == at("2025-04-14 17:00")

    def test_a_pause_moves_the_extended_due_the_same_way(self) -> None:
        """Appraisal Tue 4 Mar 10:00 to Tue 11 Mar 10:00: 5 days of 8 h left out."""
        log: list[sq.Event] = [
            OPENED,
            sq.Paused(at("2025-03-04 10:00"), "external_appraisal"),
            sq.Resumed(at("2025-03-11 10:00")),
        ]
        assert decide(log, "2025-03-12 10:00").due == at("2025-03-31 17:00")  # 24 Mar + 5 days
        extended = [
            *log,
            sq.Extended(at("2025-03-12 10:00"), "decide", T.working_days(30), reason="x"),
        ]
        m = decide(extended, "2025-03-13 10:00")
        assert m.due == at("2025-04-21 17:00")  # 14 Apr + the same 5 days
        assert m.original_due == at("2025-03-24 17:00")  # no pause, no extension
        assert m.paused == 7 * 24 * H

    def test_extended_while_paused_past_the_first_due(self) -> None:
        """A pause holds the due: extending during it, after 24 Mar, is not too late."""
        log: list[sq.Event] = [
            OPENED,
            sq.Paused(at("2025-03-20 10:00"), "external_appraisal"),
            sq.Extended(at("2025-03-25 10:00"), "decide", T.working_days(30), reason="x"),
        ]
        # Used by 20 Mar 10:00: 7 h + 12 days (4-19 Mar) of 8 h + 1 h = 104 h of 127 h;
        # 247 h of the 30-day budget leave 143 h: 17 days and 7 h from 25 Mar 10:00.
        m = decide(log, "2025-03-25 10:00")
        assert m.status is sq.Status.PAUSED
        assert m.elapsed == 104 * H
        assert m.due == at("2025-04-17 17:00")

    def test_extended_in_a_pause_that_began_as_the_budget_ran_out(self) -> None:
        """Paused exactly at the due instant: not breached until the clock runs again."""
        log: list[sq.Event] = [OPENED, sq.Paused(at("2025-03-24 17:00"), "external_appraisal")]
        assert decide(log, "2025-03-25 10:00").status is sq.Status.PAUSED
        ext = sq.Extended(at("2025-03-25 10:00"), "decide", T.working_days(30), reason="x")
        m = decide([*log, ext, sq.Resumed(at("2025-03-26 10:00"))], "2025-03-26 10:00")
        # 120 h of the 247 h budget left from Wed 26 Mar 10:00: 15 days of 8 h.
        assert (m.status, m.due) == (sq.Status.RUNNING, at("2025-04-16 10:00"))

    def test_reopened_with_resume_keeps_the_extension(self) -> None:
        log: list[sq.Event] = [
            OPENED,
            TO_30,
            sq.Resolved(at("2025-03-10 10:00")),
            sq.Reopened(at("2025-03-10 10:00"), policy="resume"),
        ]
        m = decide(log, "2025-03-11 10:00")
        assert m.extensions == (TO_30,)
        assert m.due == at("2025-04-14 17:00")

    def test_reopened_as_a_new_cycle_starts_without_extensions(self) -> None:
        log: list[sq.Event] = [
            OPENED,
            TO_30,
            sq.Resolved(at("2025-03-10 10:00")),
            sq.Reopened(at("2025-03-10 10:00")),
        ]
        reading = sq.read_clock(COMPLAINT, log, at("2025-03-11 10:00"))
        assert reading.milestones["decide"].extensions == ()
        assert reading.milestones["decide"].due == at("2025-03-31 17:00")  # 15 days from 10 Mar
        assert reading.cycles[0].milestones["decide"].extensions == (TO_30,)

    def test_reread_sees_an_extension_move_the_due(self) -> None:
        """Reading the same log under a promise without extensions refuses it."""
        plain = sq.Promise("complaint", {"decide": T.working_days(15)}, calendar=OFFICE)
        with pytest.raises(EventLogError, match=r"allows 0 extensions"):
            sq.read_clock(plain, [OPENED, TO_30], at("2025-03-10 10:00"))

    def test_just_before_the_due_instant(self) -> None:
        late = sq.Extended(at("2025-03-24 17:00") - US, "decide", T.working_days(30), reason="x")
        assert decide([OPENED, late], "2025-03-25 10:00").due == at("2025-04-14 17:00")

    def test_an_extension_after_now_is_not_applied_yet(self) -> None:
        m = decide([OPENED, TO_30], "2025-03-07 10:59")
        assert m.due == at("2025-03-24 17:00")
        assert m.extensions == ()

    def test_wall_target_extension(self) -> None:
        """A wall target extends in clock time (24 h to 48 h from the opening)."""
        promise = sq.Promise(
            "apology",
            {"resolve": T.wall(24 * H)},
            extensions={"resolve": (sq.Extension(T.wall(48 * H)),)},
        )
        log: list[sq.Event] = [
            OPENED,
            sq.Extended(at("2025-03-03 12:00"), "resolve", T.wall(48 * H)),
        ]
        m = sq.read_clock(promise, log, at("2025-03-03 13:00")).milestones["resolve"]
        assert m.due == at("2025-03-05 10:00")
        assert m.original_due == at("2025-03-04 10:00")


class TestExtendedErrors:
    """Every refusal names the event's position, the rule and the fix."""

    @pytest.mark.parametrize(
        ("log", "match"),
        [
            # reason missing on the first extension
            (
                [OPENED, sq.Extended(at("2025-03-07 11:00"), "decide", T.working_days(30))],
                r"^log\[1\] Extended\(at=2025-03-07T11:00:00\+08:00, milestone='decide'\): "
                r"extensions\['decide'\]\[0\] requires a reason \(reason='...'\), which the "
                r"event does not give; record them on the Extended event$",
            ),
            # a blank reason is no reason
            (
                [
                    OPENED,
                    sq.Extended(at("2025-03-07 11:00"), "decide", T.working_days(30), reason=" "),
                ],
                r"^log\[1\] .*requires a reason",
            ),
            # approver and customer missing on the second
            (
                [
                    OPENED,
                    TO_30,
                    sq.Extended(at("2025-03-12 11:00"), "decide", T.working_days(60), reason="x"),
                ],
                r"^log\[2\] .*extensions\['decide'\]\[1\] requires an approver "
                r"\(approved_by='...'\) and the customer informed \(customer_informed=True\)",
            ),
            # a blank approver is none
            (
                [
                    OPENED,
                    TO_30,
                    sq.Extended(
                        at("2025-03-12 11:00"),
                        "decide",
                        T.working_days(60),
                        reason="x",
                        approved_by="",
                        customer_informed=True,
                    ),
                ],
                r"^log\[2\] .*requires an approver \(approved_by='...'\), which",
            ),
            # the second extension first: out of order
            (
                [
                    OPENED,
                    sq.Extended(at("2025-03-07 11:00"), "decide", T.working_days(60), reason="x"),
                ],
                r"^log\[1\] .*: the next extension promise 'complaint' allows for 'decide' "
                r"\(extensions\['decide'\]\[0\]\) is to Target.working_days\(30\), not "
                r"Target.working_days\(60\); write to=Target.working_days\(30\): extensions "
                r"apply one at a time, in the declared order$",
            ),
            # beyond those declared
            (
                [
                    OPENED,
                    TO_30,
                    TO_60,
                    sq.Extended(at("2025-03-13 11:00"), "decide", T.working_days(90)),
                ],
                r"^log\[3\] .*: promise 'complaint' allows 2 extensions of milestone 'decide' and "
                r"2 are applied, so this one goes beyond those declared; remove the event, or "
                r"declare the extension in Promise\(extensions=...\)$",
            ),
            # at the due instant: a breach stays a breach
            (
                [
                    OPENED,
                    sq.Extended(at("2025-03-24 17:00"), "decide", T.working_days(30), reason="x"),
                ],
                r"^log\[1\] .*: milestone 'decide' fell due at 2025-03-24T17:00:00\+08:00 and is "
                r"breached from then on; an extension at or after the due instant does not "
                r"undo it; a breach stays a breach: record the extension before the due instant$",
            ),
            # when the clock runs again after a pause that began at the due instant
            (
                [
                    OPENED,
                    sq.Paused(at("2025-03-24 17:00"), "external_appraisal"),
                    sq.Resumed(at("2025-03-26 10:00")),
                    sq.Extended(at("2025-03-26 10:00"), "decide", T.working_days(30), reason="x"),
                ],
                r"^log\[3\] .*fell due at 2025-03-26T10:00:00\+08:00 and is breached",
            ),
            # after the due instant, while paused
            (
                [
                    OPENED,
                    sq.Paused(at("2025-03-25 10:00"), "external_appraisal"),
                    sq.Extended(at("2025-03-26 10:00"), "decide", T.working_days(30), reason="x"),
                ],
                r"^log\[2\] .*fell due at 2025-03-24T17:00:00\+08:00",
            ),
            # after the due instant, on a closed day
            (
                [
                    OPENED,
                    sq.Extended(at("2025-03-29 10:00"), "decide", T.working_days(30), reason="x"),
                ],
                r"^log\[1\] .*fell due at 2025-03-24T17:00:00\+08:00",
            ),
            # after the first extension's due, the second is too late
            (
                [
                    OPENED,
                    TO_30,
                    sq.Extended(
                        at("2025-04-15 10:00"),
                        "decide",
                        T.working_days(60),
                        reason="x",
                        approved_by="y",
                        customer_informed=True,
                    ),
                ],
                r"^log\[2\] .*fell due at 2025-04-14T17:00:00\+08:00",
            ),
            # a milestone already met
            (
                [
                    OPENED,
                    sq.Met(at("2025-03-05 10:00"), "decide"),
                    TO_30,
                ],
                r"^log\[2\] .*: milestone 'decide' is already met "
                r"\(at 2025-03-05T10:00:00\+08:00\), so there is nothing to extend; "
                r"record the extension before Met, or remove it$",
            ),
            # while resolved
            (
                [OPENED, sq.Resolved(at("2025-03-05 10:00")), TO_30],
                r"^log\[2\] .*: the request is resolved \(since log\[1\]\), so no milestone is "
                r"open; record the extension before Resolved, or Reopened first$",
            ),
            # an unknown milestone, with the closest one
            (
                [
                    OPENED,
                    sq.Extended(at("2025-03-07 11:00"), "decid", T.working_days(30), reason="x"),
                ],
                r"^log\[1\] Extended\(at=.*, milestone='decid'\): promise 'complaint' has no "
                r"milestone 'decid'; did you mean 'decide'\?",
            ),
            # before Opened
            ([TO_30], r"^log\[0\] Extended.*: it comes before Opened"),
        ],
    )
    def test_refused(self, log: list[sq.Event], match: str) -> None:
        """An impossible extension is an EventLogError naming log[i]."""
        with pytest.raises(EventLogError, match=match):
            sq.read_clock(COMPLAINT, log, at("2025-06-30 10:00"))

    def test_refused_is_also_a_value_error(self) -> None:
        with pytest.raises(ValueError, match="requires a reason"):
            sq.read_clock(
                COMPLAINT,
                [OPENED, sq.Extended(at("2025-03-07 11:00"), "decide", T.working_days(30))],
                at("2025-03-08 10:00"),
            )

    def test_a_milestone_without_extensions(self) -> None:
        promise = sq.Promise(
            "c", {"respond": T.business(H), "decide": T.working_days(15)}, calendar=OFFICE
        )
        event = sq.Extended(at("2025-03-03 10:30"), "respond", T.business(2 * H))
        with pytest.raises(EventLogError, match=r"allows 0 extensions of milestone 'respond'"):
            sq.read_clock(promise, [OPENED, event], at("2025-03-03 11:00"))

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"to": "30 working days"}, r"^Extended: to must be a Target such as"),
            ({"reason": 3}, r"^Extended: reason must be text, got 3$"),
            ({"approved_by": 7}, r"^Extended: approved_by must be the approver's name or None"),
            ({"customer_informed": "yes"}, r"^Extended: customer_informed must be True or False"),
            ({"milestone": None}, r"^Extended: milestone must be text"),
        ],
    )
    def test_bad_event(self, kwargs: dict[str, object], match: str) -> None:
        """The event checks its own fields when built."""
        fields: dict[str, object] = {
            "at": at("2025-03-07 11:00"),
            "milestone": "decide",
            "to": T.working_days(30),
        }
        fields.update(kwargs)
        with pytest.raises(EventLogError, match=match):
            sq.Extended(**fields)  # type: ignore[arg-type]

    def test_naive_instant(self) -> None:
        with pytest.raises(sq.NaiveDatetimeError, match=r"Extended\(at=...\)"):
            sq.Extended(datetime(2025, 3, 7, 11), "decide", T.working_days(30))  # noqa: DTZ001


class TestPauseReasons:
    """A promise with pause_reasons refuses a pause for any other reason."""

    def test_allowed_reason(self) -> None:
        log: list[sq.Event] = [OPENED, sq.Paused(at("2025-03-04 10:00"), "external_appraisal")]
        reading = sq.read_clock(COMPLAINT, log, at("2025-03-05 10:00"))
        assert reading.state == "paused"
        assert reading.cycles[0].pauses == ((at("2025-03-04 10:00"), None, "external_appraisal"),)

    @pytest.mark.parametrize(
        ("reason", "match"),
        [
            (
                "external_apraisal",
                r"^log\[1\] Paused\(at=2025-03-04T10:00:00\+08:00\): the reason "
                r"'external_apraisal' is not one of the reasons promise 'complaint' allows a "
                r"pause for \('external_appraisal'\); did you mean 'external_appraisal'\? give "
                r"one of them as reason=..., or add it to Promise\(pause_reasons=...\)$",
            ),
            (
                "",
                r"^log\[1\] Paused\(.*\): it gives no reason: not one of the reasons promise "
                r"'complaint' allows a pause for \('external_appraisal'\); give one of them",
            ),
            ("awaiting customer", r"^log\[1\] .*the reason 'awaiting customer' is not one"),
        ],
    )
    def test_refused(self, reason: str, match: str) -> None:
        log: list[sq.Event] = [OPENED, sq.Paused(at("2025-03-04 10:00"), reason)]
        with pytest.raises(EventLogError, match=match):
            sq.read_clock(COMPLAINT, log, at("2025-03-05 10:00"))

    def test_refused_after_a_resume(self) -> None:
        """The check holds for every pause, not only the first."""
        log: list[sq.Event] = [
            OPENED,
            sq.Paused(at("2025-03-04 10:00"), "external_appraisal"),
            sq.Resumed(at("2025-03-05 10:00")),
            sq.Paused(at("2025-03-06 10:00"), "lunch"),
        ]
        with pytest.raises(EventLogError, match=r"^log\[3\] Paused.*'lunch' is not one"):
            sq.read_clock(COMPLAINT, log, at("2025-03-07 10:00"))

    def test_any_reason_without_pause_reasons(self) -> None:
        """Backwards compatible: a promise without pause_reasons takes any reason."""
        plain = sq.Promise("complaint", {"decide": T.working_days(15)}, calendar=OFFICE)
        for reason in ("", "lunch", "等待客户补充材料"):
            log: list[sq.Event] = [OPENED, sq.Paused(at("2025-03-04 10:00"), reason)]
            assert sq.read_clock(plain, log, at("2025-03-05 10:00")).state == "paused"

    def test_the_promise_in_force_decides(self) -> None:
        """After a retarget, the new promise's pause reasons apply."""
        plain = sq.Promise("complaint", {"decide": T.working_days(15)}, calendar=OFFICE)
        log: list[sq.Event] = [
            OPENED,
            sq.Retargeted(at("2025-03-04 09:00"), promise=plain),
            sq.Paused(at("2025-03-04 10:00"), "lunch"),
        ]
        assert sq.read_clock(COMPLAINT, log, at("2025-03-05 10:00")).state == "paused"
        back: list[sq.Event] = [
            sq.Opened(at("2025-03-03 10:00")),
            sq.Retargeted(at("2025-03-04 09:00"), promise=COMPLAINT),
            sq.Paused(at("2025-03-04 10:00"), "lunch"),
        ]
        with pytest.raises(EventLogError, match=r"^log\[2\] Paused"):
            sq.read_clock(plain, back, at("2025-03-05 10:00"))

    def test_event_logs_strategy_honours_pause_reasons(self) -> None:
        """svcquality.testing draws only the promise's reasons."""

        @settings(max_examples=30, deadline=None)
        @given(testing.event_logs(COMPLAINT, start=OPENED.at, retarget_to=[]))
        def check(log: list[sq.Event]) -> None:
            sq.read_clock(COMPLAINT, log, log[-1].at)

        check()


class TestRestartAndRetarget:
    """New material restarts the period; another promise brings its own extensions."""

    def test_restart_on_new_material(self) -> None:
        """新的事实和理由: 15 working days again from Mon 10 Mar, the receipt of it."""
        log: list[sq.Event] = [
            OPENED,
            TO_30,
            sq.Retargeted(at("2025-03-10 10:00"), promise=COMPLAINT, policy="restart"),
        ]
        m = decide(log, "2025-03-11 10:00")
        assert m.due == m.original_due == at("2025-03-31 17:00")
        assert m.started_at == at("2025-03-10 10:00")
        assert m.extensions == ()  # the restarted period has its own extensions
        assert m.elapsed == 8 * H  # Mon 10 Mar 10:00 to Tue 11 Mar 10:00
        again = [
            *log,
            sq.Extended(at("2025-03-12 10:00"), "decide", T.working_days(30), reason="x"),
        ]
        m = decide(again, "2025-03-13 10:00")
        assert m.due == at("2025-04-21 17:00")  # 30 working days from 10 Mar
        assert m.original_due == at("2025-03-31 17:00")

    def test_restart_while_paused_runs_from_the_resume(self) -> None:
        """New material received during an appraisal: the period runs from the resume."""
        log: list[sq.Event] = [
            OPENED,
            sq.Paused(at("2025-03-04 10:00"), "external_appraisal"),
            sq.Retargeted(at("2025-03-10 10:00"), promise=COMPLAINT, policy="restart"),
            sq.Resumed(at("2025-03-11 10:00")),
        ]
        # 127 h from Mon 10 Mar 10:00 with Mon 10:00 - Tue 10:00 (8 h) paused: 1 Apr 17:00.
        assert decide(log, "2025-03-12 10:00").due == at("2025-04-01 17:00")

    def test_retarget_to_another_promise_drops_applied_extensions(self) -> None:
        """The new promise's target applies; its own extensions start from the first."""
        urgent = sq.Promise(
            "complaint_urgent",
            {"decide": T.working_days(10)},
            calendar=OFFICE,
            extensions={"decide": (sq.Extension(T.working_days(20), requires_approval=True),)},
        )
        log: list[sq.Event] = [
            OPENED,
            TO_30,
            sq.Retargeted(at("2025-03-10 10:00"), promise=urgent),
        ]
        m = decide(log, "2025-03-11 10:00")
        assert m.target == T.working_days(10)
        assert m.due == m.original_due == at("2025-03-17 17:00")  # keep_elapsed: 10 days from 3 Mar
        assert m.extensions == ()
        with pytest.raises(EventLogError, match=r"^log\[3\] .*\[0\] requires an approver"):
            decide(
                [*log, sq.Extended(at("2025-03-11 10:00"), "decide", T.working_days(20))],
                "2025-03-12 10:00",
            )
        ok = [
            *log,
            sq.Extended(at("2025-03-11 10:00"), "decide", T.working_days(20), approved_by="HQ"),
        ]
        m = decide(ok, "2025-03-12 10:00")
        assert m.due == at("2025-03-31 17:00")
        assert m.original_due == at("2025-03-17 17:00")

    def test_retarget_to_a_promise_without_extensions(self) -> None:
        plain = sq.Promise("complaint", {"decide": T.working_days(15)}, calendar=OFFICE)
        log: list[sq.Event] = [OPENED, TO_30, sq.Retargeted(at("2025-03-10 10:00"), promise=plain)]
        assert decide(log, "2025-03-11 10:00").due == at("2025-03-24 17:00")
        with pytest.raises(EventLogError, match=r"^log\[3\] .*promise 'complaint' allows 0"):
            decide(
                [*log, sq.Extended(at("2025-03-11 10:00"), "decide", T.working_days(30))],
                "2025-03-12 10:00",
            )


LADDER = sq.Ladder(
    "decide",
    [
        sq.Step(sq.Consumed(0.8), sq.Notify("supervisor")),
        sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),
    ],
)


class TestEscalationFollowsTheExtendedDue:
    """Ladders read the extended budget; ids stay (request, cycle, ladder, step)."""

    def test_without_extension(self) -> None:
        """80% of 127 h is 101 h 36 min: Wed 19 Mar 15:36."""
        acts = sq.due_actions(COMPLAINT, [LADDER], [OPENED], at("2025-03-25 10:00"))
        assert [(a.id, a.trigger_at) for a in acts] == [
            ("R-1/0/decide/0", at("2025-03-19 15:36")),
            ("R-1/0/decide/1", at("2025-03-24 17:00")),
        ]

    def test_extended_before_the_step(self) -> None:
        """80% of 247 h is 197 h 36 min: Fri 4 Apr 15:36; the breach at 14 Apr 17:00."""
        log: list[sq.Event] = [OPENED, TO_30]
        assert sq.due_actions(COMPLAINT, [LADDER], log, at("2025-03-25 10:00")) == ()
        assert sq.next_due(COMPLAINT, [LADDER], log, at("2025-03-10 10:00")) == at(
            "2025-04-04 15:36"
        )
        acts = sq.due_actions(COMPLAINT, [LADDER], log, at("2025-04-15 10:00"))
        assert [(a.id, a.trigger_at) for a in acts] == [
            ("R-1/0/decide/0", at("2025-04-04 15:36")),
            ("R-1/0/decide/1", at("2025-04-14 17:00")),
        ]

    def test_next_due_reads_the_log_known_at_now(self) -> None:
        """Before the extension (7 Mar) next_due is the 15-day step's, even with the
        extension later in the log: it has not happened yet (every reader reads the
        events up to now); from the extension on, the 30-day step's."""
        for log in ([OPENED], [OPENED, TO_30]):
            assert sq.next_due(COMPLAINT, [LADDER], log, at("2025-03-05 10:00")) == at(
                "2025-03-19 15:36"
            )
        assert sq.next_due(COMPLAINT, [LADDER], [OPENED, TO_30], at("2025-03-07 11:00")) == at(
            "2025-04-04 15:36"
        )

    def test_extended_after_the_step_fired(self) -> None:
        """The 80% step fired on 19 Mar keeps its instant and id, and does not fire again."""
        late = sq.Extended(at("2025-03-20 10:00"), "decide", T.working_days(30), reason="x")
        acts = sq.due_actions(COMPLAINT, [LADDER], [OPENED, late], at("2025-04-15 10:00"))
        assert [(a.id, a.trigger_at) for a in acts] == [
            ("R-1/0/decide/0", at("2025-03-19 15:36")),
            ("R-1/0/decide/1", at("2025-04-14 17:00")),
        ]

    def test_breach_before_the_extension_is_refused_by_escalation_too(self) -> None:
        late = sq.Extended(at("2025-03-25 10:00"), "decide", T.working_days(30), reason="x")
        with pytest.raises(EventLogError, match=r"^log\[1\] .*a breach stays a breach"):
            sq.due_actions(COMPLAINT, [LADDER], [OPENED, late], at("2025-04-15 10:00"))


# --------------------------------------------------------------------------- properties

WIDE = sq.Promise(
    "complaint",
    {"respond": T.business(4 * H), "decide": T.working_days(3)},
    calendar=OFFICE,
    extensions={"decide": (sq.Extension(T.working_days(6)), sq.Extension(T.working_days(12)))},
)
FROM_START = {
    0: WIDE,
    1: sq.Promise(
        "complaint", {"respond": T.business(4 * H), "decide": T.working_days(6)}, calendar=OFFICE
    ),
    2: sq.Promise(
        "complaint", {"respond": T.business(4 * H), "decide": T.working_days(12)}, calendar=OFFICE
    ),
}
_LOGS = testing.event_logs(
    WIDE, start=OPENED.at, retarget_to=[], max_events=12, max_gap=timedelta(days=1)
)


def _open_at(prefix: list[sq.Event]) -> bool:
    """Whether ``decide`` may be extended just after the prefix: open, unmet, not due yet."""
    x = prefix[-1].at
    reading = sq.read_clock(WIDE, prefix, x)
    m = reading.milestones["decide"]
    return reading.cycle == 0 and reading.state != "resolved" and m.met_at is None and m.due > x


@st.composite
def extended_logs(draw: st.DrawFn) -> tuple[list[sq.Event], int, datetime]:
    """A valid log with 0 to 2 extensions of ``decide`` inserted where they apply."""
    log = list(draw(_LOGS))
    end = log[-1].at + timedelta(days=draw(st.integers(0, 60)))
    count = draw(st.integers(0, 2))
    applied = 0
    for _ in range(count):
        last = max((i for i, e in enumerate(log) if isinstance(e, sq.Extended)), default=0)
        valid = [k for k in range(last + 1, len(log) + 1) if _open_at(log[:k])]
        if not valid:
            break
        k = draw(st.sampled_from(valid))
        to = WIDE.extensions["decide"][applied].to
        log.insert(k, sq.Extended(log[k - 1].at, "decide", to))
        applied += 1
    # A prefix of a valid log is valid: cut it after the last extension, so that
    # milestones left open run into their (extended) breach before ``end``.
    last = max((i for i, e in enumerate(log) if isinstance(e, sq.Extended)), default=0)
    log = log[: draw(st.integers(last + 1, len(log)))]
    return log, applied, end


class TestProperties:
    @settings(max_examples=150, deadline=None)
    @given(extended_logs())
    def test_extended_equals_the_longer_target_from_the_start(
        self, case: tuple[list[sq.Event], int, datetime]
    ) -> None:
        """Before a breach, extending equals having had the longer target all along."""
        log, applied, end = case
        event(f"extensions applied: {applied}")
        got = sq.read_clock(WIDE, log, end).cycles[0].milestones["decide"]
        plain = [e for e in log if not isinstance(e, sq.Extended)]
        want = sq.read_clock(FROM_START[applied], plain, end).cycles[0].milestones["decide"]
        assert len(got.extensions) == applied
        assert got.target == want.target
        for field in ("status", "due", "elapsed", "budget", "met_at", "breached_at", "paused"):
            assert getattr(got, field) == getattr(want, field), field
        base = sq.read_clock(WIDE, plain, end).cycles[0].milestones["decide"]
        assert got.original_due == base.original_due

    @settings(max_examples=150, deadline=None)
    @given(extended_logs())
    def test_each_extension_moves_the_due_no_earlier(
        self, case: tuple[list[sq.Event], int, datetime]
    ) -> None:
        """With the same log and now, every extension applied gives a due >= the one before."""
        log, applied, end = case
        dues = []
        for keep in range(applied + 1):
            seen = 0
            prefix: list[sq.Event] = []
            for e in log:
                if isinstance(e, sq.Extended):
                    seen += 1
                    if seen > keep:
                        continue
                prefix.append(e)
            dues.append(sq.read_clock(WIDE, prefix, end).cycles[0].milestones["decide"].due)
        assert dues == sorted(dues)
        assert len(set(dues)) == len(dues)  # each extension is longer, so strictly later

    @settings(max_examples=100, deadline=None)
    @given(extended_logs())
    def test_on_breach_fires_at_the_extended_breach(
        self, case: tuple[list[sq.Event], int, datetime]
    ) -> None:
        """Escalation and the reading agree on when the extended milestone is breached."""
        log, _, end = case
        ladder = sq.Ladder("decide", [sq.Step(sq.OnBreach(), sq.Notify("supervisor"))])
        fired = [a for a in sq.due_actions(WIDE, [ladder], log, end) if a.cycle == 0]
        breached = sq.read_clock(WIDE, log, end).cycles[0].milestones["decide"].breached_at
        event(f"breached: {breached is not None}, extensions: {case[1]}")
        assert [a.trigger_at for a in fired] == ([] if breached is None else [breached])

    @settings(max_examples=100, deadline=None)
    @given(extended_logs(), st.integers(0, 30 * 24 * 60))
    def test_next_due_is_exactly_the_next_change(
        self, case: tuple[list[sq.Event], int, datetime], minutes: int
    ) -> None:
        """With extensions in the log, next_due is still exactly the next new action."""
        log, _, _ = case
        now = OPENED.at + timedelta(minutes=minutes)
        log = [e for e in log if e.at <= now]  # the log known at now
        before = sq.due_actions(WIDE, [LADDER], log, now)
        nxt = sq.next_due(WIDE, [LADDER], log, now)
        if nxt is None:
            assert sq.due_actions(WIDE, [LADDER], log, now + timedelta(days=400)) == before
            return
        assert sq.due_actions(WIDE, [LADDER], log, nxt - US) == before
        at_next = sq.due_actions(WIDE, [LADDER], log, nxt)
        assert at_next[: len(before)] == before
        assert len(at_next) > len(before)
