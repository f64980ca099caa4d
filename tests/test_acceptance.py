"""The issues' acceptance interfaces, called exactly as the issues write them.

Checks outside this suite call these names and signatures; this file keeps
them from drifting. Each test is the issue's snippet with concrete values.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

import svcquality as sq
from svcquality import kpi

SH = ZoneInfo("Asia/Shanghai")


def test_calendar_interface() -> None:  # issue 3
    cal = sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-12:00, 13:30-17:00", "sat": "09:00-12:00"},
        zone="Asia/Shanghai",
        holidays="CN",
        closed_dates=(),
        working_dates=(),
    )
    sq.BusinessCalendar.always_open(zone="UTC")
    t = datetime(2025, 9, 30, 15, 20, tzinfo=SH)
    assert cal.is_open(t)
    assert cal.next_open(t) == t
    assert cal.add(t, timedelta(hours=1)) == datetime(2025, 9, 30, 16, 20, tzinfo=SH)
    assert cal.between(t, datetime(2025, 9, 30, 17, tzinfo=SH)) == timedelta(minutes=100)
    assert cal.is_working_day(datetime(2025, 9, 28, tzinfo=SH).date())
    deadline = datetime(2025, 9, 30, 17, tzinfo=SH)
    assert cal.working_day_deadline(t, 0, time(16)) == deadline
    assert cal.working_day_deadline(t, 0, cutoff=time(16)) == deadline
    with pytest.raises(sq.NaiveDatetimeError) as info:
        cal.is_open(datetime(2025, 9, 30, 15, 20))  # noqa: DTZ001
    assert isinstance(info.value, sq.SvcQualityError)
    assert isinstance(info.value, ValueError)


def test_clock_interface() -> None:  # issue 4
    cal = sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN"
    )
    p = sq.Promise(
        service="atm_refund",
        calendar=cal,
        goal=0.9,
        milestones={
            "respond": sq.Target.business(timedelta(hours=1)),
            "resolve": sq.Target.working_days(5, cutoff=time(16)),
        },
    )
    t0 = datetime(2025, 11, 3, 9, 0, tzinfo=SH)
    log = [
        sq.Opened(at=t0),
        sq.Paused(at=t0 + timedelta(minutes=10), reason="awaiting customer"),
        sq.Resumed(at=t0 + timedelta(minutes=40)),
        sq.Met(at=t0 + timedelta(minutes=50), milestone="respond"),
        sq.Resolved(at=t0 + timedelta(hours=3)),
        sq.Reopened(at=t0 + timedelta(days=1)),
    ]
    r = sq.read_clock(p, log, now=t0 + timedelta(days=1, hours=2))
    m = r.milestones["resolve"]
    assert m.status.name in {"RUNNING", "PAUSED", "MET", "BREACHED"}
    assert m.status.name == "RUNNING"
    assert m.due == m.original_due == datetime(2025, 11, 11, 17, tzinfo=SH)
    assert m.elapsed == timedelta(hours=2)
    assert m.remaining == m.budget - m.elapsed
    assert m.met_at is None
    assert m.breached_at is None
    assert len(r.cycles) == 2
    assert r.cycles[0].milestones["respond"].met_at == t0 + timedelta(minutes=50)
    assert sq.Target.wall(timedelta(hours=24)).kind == "wall"


def test_escalation_interface() -> None:  # issue 5
    branch = sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN"
    )
    promise = sq.Promise(
        service="complaint",
        calendar=branch,
        milestones={"resolve": sq.Target.business(timedelta(hours=4))},
    )
    ladder = sq.Ladder(
        milestone="resolve",
        steps=(
            sq.Step(sq.Consumed(0.5), sq.Notify("handler")),
            sq.Step(sq.BeforeDue(timedelta(hours=1)), sq.Notify("handler")),
            sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),
            sq.Step(sq.AfterDue(timedelta(hours=2)), sq.Reassign("second_line")),
            sq.Step(sq.Consumed(0.8), sq.Notify("manager"), calendar=branch),
        ),
    )
    log = [sq.Opened(at=datetime(2025, 11, 3, 9, tzinfo=SH))]
    now = datetime(2025, 11, 3, 14, tzinfo=SH)
    acts = sq.due_actions(promise, [ladder], log, now, request="R-1")
    # Due at 14:30 (09:00-12:00, then 13:30-14:30): 2 h used at 11:00, 1 h before
    # due at the end of the morning window, 80% (3 h 12 m) at 13:42.
    assert [(a.id, a.trigger_at) for a in acts] == [
        ("R-1/0/resolve/0", datetime(2025, 11, 3, 11, tzinfo=SH)),
        ("R-1/0/resolve/1", datetime(2025, 11, 3, 12, tzinfo=SH)),
        ("R-1/0/resolve/4", datetime(2025, 11, 3, 13, 42, tzinfo=SH)),
    ]
    assert acts[0].action == sq.Notify("handler")
    assert acts[0].deliver_at == acts[0].trigger_at
    assert sq.next_due(promise, [ladder], log, now) == datetime(2025, 11, 3, 14, 30, tzinfo=SH)


def test_kpi_interface() -> None:  # issue 7
    t0 = datetime(2025, 6, 3, 9, tzinfo=SH)
    c = kpi.Call(arrived=t0, answered=t0 + timedelta(seconds=12), abandoned=None)
    sl = kpi.ServiceLevel(
        threshold=timedelta(seconds=15), definition="offered", short_abandon=timedelta(0)
    )
    sl = sl.add(c)
    other = sl.empty().add(kpi.Call(arrived=t0, answered=None, abandoned=t0 + timedelta(60)))
    assert sl.merge(other).value == 0.5
    assert kpi.AbandonRate(short_abandon=timedelta(seconds=5)).add(c).value == 0.0


def test_rulebook_interface() -> None:  # issue 8
    from svcquality import presets

    rb = presets.credit_card_centre()
    assert isinstance(rb, sq.Rulebook)
    data = sq.dump_rulebook(rb)
    assert sq.load_rulebook(data) == rb
    assert sq.parse_duration("3个工作日") == sq.Target.working_days(3)
    assert sq.parse_duration("15秒") == sq.Target.wall(timedelta(seconds=15))
    assert sq.parse_duration("1 business hour") == sq.Target.business(timedelta(hours=1))
    with pytest.raises(sq.RulebookError) as info:
        sq.load_rulebook({"schema_version": 999})
    assert isinstance(info.value, sq.SvcQualityError)
    assert isinstance(info.value, ValueError)


def test_every_preset_round_trips() -> None:
    from svcquality import presets

    for name in (
        "credit_card_centre",
        "branch_service_manual",
        "branch_complaint_desk",
        "multichannel_call_centre",
        "rural_call_centre_7x24",
    ):
        rb = getattr(presets, name)()
        assert sq.load_rulebook(sq.dump_rulebook(rb)) == rb, name


def test_assert_rulebook_valid() -> None:
    from svcquality import presets
    from svcquality._assertions import assert_rulebook_valid

    assert_rulebook_valid(sq.dump_rulebook(presets.branch_complaint_desk()))
    with pytest.raises(AssertionError, match="the rulebook is not valid"):
        assert_rulebook_valid({"schema_version": 1, "promises": [{"service": 3}]})


def test_statutory_time_interface() -> None:  # issue 12, sections 1-3
    from datetime import date, datetime, time

    cal = sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-17:00", "sat": "09:00-12:00"}, zone="Asia/Shanghai", holidays="CN"
    )
    sh = cal.zone
    assert cal.is_working_day(date(2025, 10, 4)) is False  # Saturday inside the break
    assert cal.is_working_day(date(2025, 10, 11)) is True  # make-up Saturday
    assert cal.is_open_day(date(2025, 10, 18)) is True  # an ordinary Saturday: open...
    assert cal.is_working_day(date(2025, 10, 18)) is False  # ...but no 工作日
    assert cal.holiday_break(date(2025, 10, 4)) == (date(2025, 10, 1), date(2025, 10, 8))
    assert cal.holiday_break(date(2025, 10, 18)) is None
    for hours in ("closed", "24h", "10:00-16:00, 17:00-18:00"):
        sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai", holidays="CN", holiday_hours=hours
        )
    centre = sq.BusinessCalendar.always_open(zone="Asia/Shanghai", holidays="CN")
    assert not centre.is_working_day(date(2026, 2, 17))
    received = datetime(2025, 9, 30, 15, 0, tzinfo=sh)
    assert cal.working_day_deadline(received, 5) == datetime(2025, 10, 14, 17, 0, tzinfo=sh)
    assert cal.working_day_deadline(received, 5, cutoff=time(14)) == datetime(
        2025, 10, 15, 17, 0, tzinfo=sh
    )
    assert sq.Target.days(15, cutoff=None) == sq.parse_duration("15日")
    assert sq.Target.months(1, cutoff=None) == sq.parse_duration("1个月")
    complaint = datetime(2025, 9, 20, 16, 30, tzinfo=sh)
    assert sq.Target.days(15).deadline(complaint, cal) == datetime(2025, 10, 9, 17, 0, tzinfo=sh)


def test_extensions_and_regulatory_presets_interface() -> None:  # issue 12, sections 4-5
    from datetime import datetime

    cal = sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-17:00", "sat": "09:00-12:00"}, zone="Asia/Shanghai", holidays="CN"
    )
    sh = cal.zone
    received = datetime(2025, 9, 20, 16, 30, tzinfo=sh)
    ext1 = sq.Extension(sq.Target.days(30), requires_reason=True)
    ext2 = sq.Extension(
        sq.Target.days(60),
        requires_reason=True,
        requires_approval=True,
        requires_customer_informed=True,
    )
    p = sq.Promise(
        "consumer_complaint",
        {"decide": sq.Target.days(15)},
        calendar=cal,
        extensions={"decide": (ext1, ext2)},
        pause_reasons=("external_appraisal",),
    )
    log = [
        sq.Opened(received),
        sq.Extended(datetime(2025, 10, 8, tzinfo=sh), "decide", sq.Target.days(30), reason="复杂"),
    ]
    reading = sq.read_clock(p, log, datetime(2025, 10, 9, tzinfo=sh))
    assert reading.milestones["decide"].original_due == datetime(2025, 10, 9, 17, tzinfo=sh)
    assert reading.milestones["decide"].due == datetime(2025, 10, 20, 17, tzinfo=sh)
    late = sq.Extended(datetime(2025, 10, 21, tzinfo=sh), "decide", sq.Target.days(60))
    with pytest.raises(sq.EventLogError):
        sq.read_clock(p, [*log, late], datetime(2025, 10, 22, tzinfo=sh))
    assert sq.presets.nfra_complaints(cal)["decide"] == sq.Target.days(15)
    assert sq.presets.nfra_complaints(cal).extensions["decide"] == (ext1, ext2)
    assert sq.presets.credit_report_dispute(cal)["reply"] == sq.Target.days(20)


def test_one_log_interface() -> None:  # issue 15, section 1
    from svcquality.feedback import Analysed, FedBack, Handled, Received, Verified
    from svcquality.routing import Owner, Taken, WorkOrderIssued

    branch = sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN"
    )
    card_centre = sq.BusinessCalendar.always_open(zone="Asia/Shanghai")
    promise = sq.Promise(
        service="card_points", calendar=branch, milestones={"resolve": sq.Target.working_days(0)}
    )
    ladders = [sq.Ladder(milestone="resolve", steps=[sq.Step(sq.OnBreach(), sq.Notify("lead"))])]
    t0 = datetime(2025, 6, 3, 10, tzinfo=SH)
    log = [
        sq.Opened(at=t0, service="card_points", channel="counter"),
        Taken(t0 + timedelta(minutes=1), "柜员王敏", "branch_counter"),
        WorkOrderIssued(
            t0 + timedelta(minutes=5),
            "WO-1",
            "card_centre",
            "积分未到账",
            sq.Target.wall(timedelta(hours=24)),
        ),
        Received(t0 + timedelta(minutes=6)),
        Analysed(t0 + timedelta(minutes=7)),
        Handled(t0 + timedelta(minutes=8)),
        FedBack(t0 + timedelta(minutes=9)),
        Verified(t0 + timedelta(minutes=10), satisfied=True),
    ]
    now = t0 + timedelta(hours=1)
    r = sq.read_request(
        promise, log, now, request="REQ-1", calendars={"card_centre": card_centre}, ladders=ladders
    )
    assert isinstance(r, sq.RequestReading)
    assert r.clock == sq.read_clock(promise, log, now)
    assert r.owner == Owner("柜员王敏", "branch_counter", t0 + timedelta(minutes=1))
    wo = r.work_orders["WO-1"]
    assert wo.due == t0 + timedelta(hours=24, minutes=5)
    assert wo.status is sq.Status.RUNNING
    assert wo.beyond_promise is True
    assert r.stage == "closed"
    assert r.due_actions == sq.due_actions(promise, ladders, log, now, request="REQ-1")
    assert r.next_due == sq.next_due(promise, ladders, log, now, request="REQ-1")
    assert r.next_due == datetime(2025, 6, 3, 17, tzinfo=SH)
