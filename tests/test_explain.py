"""svcquality.explain: why a period is due when it is (为什么是10月9日？)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.common import DESK, H, M, at

import svcquality as sq
from svcquality import testing
from svcquality.explain import DayNote, PauseNote


class TestDayPeriod:
    def test_complaint_decided_within_15_days(self) -> None:
        """消费投诉 received 09-20: the 15th day is in the National Day break, so 10-09."""
        why = sq.explain_deadline(sq.Target.days(15), at("2025-09-20 16:30"), DESK)
        assert (why.nominal_last, why.last_day) == (date(2025, 10, 5), date(2025, 10, 9))
        assert why.due == at("2025-10-09 17:00")
        assert why.ends_at_close
        assert why.text() == "\n".join(
            [
                "收到时间：2025-09-20 16:30（周六）",
                "15日，自次日起算（民法典第二百零一条），期间最后一日为10月5日（周日）",
                "  10月5日（周日）至10月8日（周三）：放假（10月1日至10月8日，中秋节），不计入",
                "最后一日不是工作日，以其后第一个工作日10月9日（周四）为期间最后一日"
                "（民法典第二百零三条）",
                "截止时间：2025-10-09 17:00，当日营业终了（民法典第二百零三条）",
            ]
        )

    def test_english(self) -> None:
        """The same explanation in English, holiday names in English."""
        text = sq.explain_deadline(sq.Target.days(15), at("2025-09-20 16:30"), DESK).text(
            language="en"
        )
        assert "holiday break 2025-10-01 to 2025-10-08 (Mid-Autumn Festival)" in text
        assert text.endswith("Due: 2025-10-09 17:00, the close of business (Art. 203)")

    def test_month_period(self) -> None:
        """31 January + 1 month: the last day of February (Art. 202)."""
        why = sq.explain_deadline(sq.Target.months(1), at("2025-01-31 10:00"), DESK)
        assert why.last_day == date(2025, 2, 28)
        assert "第二百零二条" in why.text()

    def test_cutoff(self) -> None:
        """After the cut-off the period counts from the next calendar day."""
        why = sq.explain_deadline(sq.Target.days(1, cutoff=time(16)), at("2025-11-03 16:30"), DESK)
        assert (why.deemed_day, why.deemed_reason) == (date(2025, 11, 4), "after_cutoff")
        assert why.due == at("2025-11-05 17:00")

    def test_working_days_counted_in_calendar_days_read_as_days(self) -> None:
        """A working-day period counted in calendar days says "4日", not "4个月" (it did)."""
        target = sq.Target.working_days(4, counting="calendar_days")
        why = sq.explain_deadline(target, at("2025-09-20 16:30"), DESK)
        assert why.last_day == date(2025, 9, 24)
        assert why.text().splitlines()[1] == (
            "4日，自次日起算（民法典第二百零一条），期间最后一日为9月24日（周三）"
        )
        assert why.text(language="en").splitlines()[1] == (
            "4 days from the next day (Civil Code Art. 201): the last day is Wed 2025-09-24"
        )


class TestWorkingDays:
    def test_five_working_days_over_national_day(self) -> None:
        """Friday after the cut-off: deemed on the make-up Sunday, then five working days."""
        why = sq.explain_deadline(
            sq.Target.working_days(5, cutoff=time(16)), at("2025-09-26 16:30"), DESK
        )
        assert (why.deemed_day, why.deemed_reason) == (date(2025, 9, 28), "after_cutoff")
        counted = [n for n in why.days if n.index is not None]
        assert [n.day.isoformat() for n in counted] == [
            "2025-09-29",
            "2025-09-30",
            "2025-10-09",
            "2025-10-10",
            "2025-10-11",
        ]
        assert counted[-1].reason == "makeup_day"
        national = next(n for n in why.days if n.day == date(2025, 10, 1))
        assert national == DayNote(
            day=date(2025, 10, 1),
            working=False,
            reason="holiday",
            holiday="国庆节",
            holiday_en="National Day",
            holiday_break=(date(2025, 10, 1), date(2025, 10, 8)),
            open_day=False,
        )
        assert next(n for n in why.days if n.day == date(2025, 10, 4)).reason == "break_day"
        text = why.text()
        assert "收到时间在截止时间之后，视为9月28日（周日）收到" in text
        assert "  第5个工作日：10月11日（周六）（调休上班）" in text
        assert (
            "10月1日（周三）至10月8日（周三）：放假（10月1日至10月8日，国庆节、中秋节），不计入"
            in (text)
        )

    @pytest.mark.parametrize(
        ("received", "reason"),
        [
            ("2025-10-18 10:00", "not_a_working_day"),  # Saturday
            ("2025-11-03 17:30", "after_close"),
            ("2025-11-03 10:00", "same_day"),
        ],
    )
    def test_deemed_reasons(self, received: str, reason: str) -> None:
        """Why the period counts from a later day, or that it does not."""
        why = sq.explain_deadline(sq.Target.working_days(1), at(received), DESK)
        assert why.deemed_reason == reason

    def test_working_day_without_hours_ends_at_24(self) -> None:
        """A 工作日 the unit does not open ends at 24:00, written so."""
        cal = sq.BusinessCalendar.weekly(
            {"tue-fri": "09:00-17:00"}, zone="Asia/Shanghai", holidays="CN"
        )
        why = sq.explain_deadline(sq.Target.working_days(1), at("2025-10-31 10:00"), cal)
        assert why.due == at("2025-11-04 00:00")
        assert not why.ends_at_close
        assert "  第1个工作日：11月3日（周一）（当日无营业时间）" in why.text()
        assert why.text().endswith(
            "截止时间：2025-11-03 24:00，当日二十四时（当日无营业时间）（民法典第二百零三条）"
        )
        assert "Due: 2025-11-03 24:00, 24:00 (no opening hours that day)" in why.text(language="en")

    def test_same_business_day(self) -> None:
        """当日: the deemed receipt day itself."""
        why = sq.explain_deadline(sq.Target.working_days(0), at("2025-11-03 10:00"), DESK)
        assert why.days == ()
        assert "当日办结：期限为11月3日（周一）" in why.text()

    def test_open_days_calendar(self) -> None:
        """working_days='open': the reasons say open day / no hours."""
        cal = sq.BusinessCalendar.weekly(
            {"mon-sat": "09:00-12:00"}, zone="Asia/Shanghai", working_days="open"
        )
        why = sq.explain_deadline(sq.Target.working_days(6), at("2025-11-03 10:00"), cal)
        assert {n.reason for n in why.days} == {"open_day", "no_hours"}


class TestErrors:
    @pytest.mark.parametrize(
        "target", [sq.Target.wall(timedelta(hours=1)), sq.Target.batch("FREQ=MONTHLY")]
    )
    def test_not_a_period(self, target: sq.Target) -> None:
        """Only periods have an explanation of this kind."""
        with pytest.raises(sq.ParameterError, match="target must be a period"):
            sq.explain_deadline(target, at("2025-11-03 10:00"), DESK)

    def test_not_a_calendar(self) -> None:
        """The calendar must be a BusinessCalendar."""
        with pytest.raises(sq.ParameterError, match="calendar must be a BusinessCalendar"):
            sq.explain_deadline(sq.Target.days(1), at("2025-11-03 10:00"), "desk")  # type: ignore[arg-type]

    def test_naive(self) -> None:
        """A naive receipt is refused."""
        with pytest.raises(sq.NaiveDatetimeError):
            sq.explain_deadline(sq.Target.days(1), datetime(2025, 11, 3, 10), DESK)  # noqa: DTZ001

    def test_bad_language(self) -> None:
        """text() speaks Chinese or English."""
        why = sq.explain_deadline(sq.Target.days(1), at("2025-11-03 10:00"), DESK)
        with pytest.raises(sq.ParameterError, match="language must be 'zh' or 'en'"):
            why.text(language="fr")  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    testing.calendars(),
    testing.targets(kinds=("working_days", "days", "months"), max_working_days=8),
    st.data(),
)
def test_explanation_agrees_with_the_deadline(
    cal: sq.BusinessCalendar, target: sq.Target, data: st.DataObject
) -> None:
    """The explanation's due is the target's deadline, it ends on a working day, and a
    working-day period counts exactly n working days after the deemed day."""
    t = data.draw(testing.instants(calendar=cal))
    why = sq.explain_deadline(target, t, cal)
    assert why.due == target.deadline(t, cal)
    assert cal.is_working_day(why.last_day)
    assert why.text()
    assert why.text(language="en")
    if target.kind == "working_days" and target.counting == "working_days":
        assert sum(n.index is not None for n in why.days) == target.count
        assert all(n.working == (n.index is not None) for n in why.days)


# --------------------------------------------------------------------------- explain_due

OPENING = sq.Promise(
    service="account_opening",
    calendar=DESK,
    milestones={"complete": sq.Target.business(2 * H), "resolve": sq.Target.working_days(5)},
    extensions={"resolve": (sq.Extension(sq.Target.working_days(10), requires_reason=True),)},
)
KH_002 = [
    sq.Opened(at("2025-11-03 10:30")),
    sq.Paused(at("2025-11-03 11:00"), reason="等待客户补充材料"),
    sq.Resumed(at("2025-11-03 13:30")),
    sq.Met(at("2025-11-03 15:40"), milestone="complete"),
]


class TestExplainDue:
    def test_account_opening_late(self) -> None:
        """Opened 10:30, paused 11:00-13:30: 2 business hours due 15:00, met 15:40."""
        why = sq.explain_due(OPENING, KH_002, at("2025-11-03 15:40"), "complete")
        assert why.text() == "\n".join(
            [
                "计时起点：2025-11-03 10:30（周一）",
                "时限：工作时间2小时",
                "计入的营业时间（不含暂停）：",
                "  11月3日（周一） 10:30–12:00，1小时30分钟",
                "  11月3日（周一） 13:30–14:00，30分钟",
                "原定时限：2025-11-03 14:00",
                "暂停：2025-11-03 11:00 至 13:30（等待客户补充材料），期间营业时间1小时不计入",
                "当前时限：2025-11-03 15:00",
                "状态：已于 2025-11-03 15:40 完成，超时40分钟",
            ]
        )
        assert why.text(language="en").splitlines()[-3:] == [
            "Paused: 2025-11-03 11:00 to 13:30 (等待客户补充材料): 1 h of open time not counted",
            "Due now: 2025-11-03 15:00",
            "Status: met at 2025-11-03 15:40, late by 40 min",
        ]
        assert why.late_by == 40 * M
        assert why.pauses == (
            PauseNote(at("2025-11-03 11:00"), at("2025-11-03 13:30"), "等待客户补充材料", H),
        )

    def test_the_holiday_break_is_skipped_with_its_name(self) -> None:
        """Two business hours from 16:00 on 30 September: one hour, the break, one hour."""
        log = [sq.Opened(at("2025-09-30 16:00"))]
        why = sq.explain_due(OPENING, log, at("2025-10-09 09:30"), "complete")
        lines = why.text().splitlines()
        assert lines[3:6] == [
            "  9月30日（周二） 16:00–17:00，1小时",
            "  10月1日（周三）至10月8日（周三）：放假（10月1日至10月8日，国庆节、中秋节），不计入",
            "  10月9日（周四） 09:00–10:00，1小时",
        ]
        assert lines[-1] == "状态：进行中，剩余30分钟"
        assert [n.reason for n in why.skipped][:2] == ["holiday", "holiday"]

    def test_a_period_shows_its_days_and_the_pause_moves_it(self) -> None:
        """5 working days: the period's days, then a one-hour pause moves the due an hour."""
        now = at("2025-11-05 10:00")
        why = sq.explain_due(OPENING, KH_002, now, "resolve")
        assert why.period is not None
        assert why.period.due == why.original_due == at("2025-11-10 17:00")
        assert why.due == at("2025-11-11 10:00")
        text = why.text()
        assert "    11月8日（周六）至11月9日（周日）：周末，不计入" in text
        assert "  截止时间：2025-11-10 17:00，当日营业终了（民法典第二百零三条）" in text
        assert text.endswith("当前时限：2025-11-11 10:00\n状态：进行中，剩余26小时")

    def test_extension_and_paused_now(self) -> None:
        """An extension with its reason; a pause that still lasts is counted up to now."""
        log = [
            *KH_002,
            sq.Extended(
                at("2025-11-05 09:30"), "resolve", sq.Target.working_days(10), reason="情况复杂"
            ),
            sq.Paused(at("2025-11-05 10:00"), reason="外部鉴定"),
        ]
        why = sq.explain_due(OPENING, log, at("2025-11-05 11:00"), "resolve")
        assert why.pauses[-1] == PauseNote(at("2025-11-05 10:00"), None, "外部鉴定", H)
        lines = why.text().splitlines()
        assert "延长：2025-11-05 09:30 延长至10个工作日（情况复杂）" in lines
        assert "暂停：2025-11-05 10:00 至今（外部鉴定），期间营业时间1小时不计入" in lines
        assert lines[-1].startswith("状态：暂停中，剩余")
        assert "Extended: 2025-11-05 09:30 to 10 working days (情况复杂)" in why.text(language="en")

    def test_wall_target_pauses_exclude_clock_time(self) -> None:
        """A 24-hour wall target excludes the pause's whole clock time, nights included."""
        promise = sq.Promise(service="card", milestones={"respond": sq.Target.wall(24 * H)})
        log = [
            sq.Opened(at("2025-11-03 20:00")),
            sq.Paused(at("2025-11-03 22:00")),
            sq.Resumed(at("2025-11-04 08:00")),
        ]
        why = sq.explain_due(promise, log, at("2025-11-04 09:00"), "respond")
        assert why.pauses[0].excluded == 10 * H
        assert why.windows == ()
        assert why.period is None
        assert "暂停：2025-11-03 22:00 至 2025-11-04 08:00，期间时间10小时不计入" in why.text()
        assert why.due == at("2025-11-05 06:00")

    def test_met_on_time(self) -> None:
        """A milestone met in time says so, with the instant."""
        log = [sq.Opened(at("2025-11-03 10:30")), sq.Met(at("2025-11-03 11:00"), "complete")]
        why = sq.explain_due(OPENING, log, at("2025-11-03 12:00"), "complete")
        assert why.text().endswith("状态：已于 2025-11-03 11:00 按时完成")
        assert why.text(language="en").endswith("Status: met on time at 2025-11-03 11:00")
        assert why.late_by is None

    def test_an_occurrence_begun_while_paused_shows_the_pause_from_its_start(self) -> None:
        """An update met at 10:30 during the pause 10:00-14:00: the next one counts
        from 10:30, the pause keeps 2 open hours out, so 14:00 became 16:00.

        Before the fix the pause, begun before the occurrence, was left out
        (``pauses == ()``), and nothing said why the due moved.
        """
        updates = sq.Promise(
            "c",
            {"update": sq.Target.business(2 * H), "resolve": sq.Target.working_days(15)},
            calendar=DESK,
            repeats=("update",),
        )
        log = [
            sq.Opened(at("2025-11-17 09:00")),
            sq.Paused(at("2025-11-17 10:00"), reason="等待客户"),
            sq.Met(at("2025-11-17 10:30"), "update"),
            sq.Resumed(at("2025-11-17 14:00")),
        ]
        now = at("2025-11-17 14:10")
        why = sq.explain_due(updates, log, now, "update")
        m = sq.read_clock(updates, log, now).milestones["update"]
        assert (why.started_at, why.original_due, why.due) == (
            at("2025-11-17 10:30"),
            at("2025-11-17 14:00"),
            at("2025-11-17 16:00"),
        )
        assert why.pauses == (
            PauseNote(at("2025-11-17 10:30"), at("2025-11-17 14:00"), "等待客户", 2 * H),
        )
        assert "暂停：2025-11-17 10:30 至 14:00（等待客户），期间营业时间2小时不计入" in why.text()
        # the open time kept out is what moved the due
        assert DESK.between(m.original_due, m.due) == why.pauses[0].excluded
        # the first cycle's resolve counts from the opening: the whole pause
        (pause,) = sq.explain_due(updates, log, now, "resolve").pauses
        assert (pause.start, pause.excluded) == (at("2025-11-17 10:00"), 2 * H + 30 * M)

    def test_naive_now_names_explain_due(self) -> None:
        """Before the fix the error named read_clock(now), which explain_due calls."""
        with pytest.raises(sq.NaiveDatetimeError, match=r"^explain_due\(now\) is a naive datetime"):
            sq.explain_due(OPENING, KH_002, datetime(2025, 11, 3, 15, 40), "complete")  # noqa: DTZ001

    def test_a_milestone_a_retarget_dropped(self) -> None:
        """Met, then dropped by a severity change: explained under the target it was met under.

        Before, explain_due raised a bare KeyError: the cycle's promise (after the
        change) no longer has the milestone the reading still lists."""
        first = sq.Promise(
            "s", {"respond": sq.Target.business(H), "resolve": sq.Target.working_days(5)}, DESK
        )
        then = sq.Promise("s", {"resolve": sq.Target.working_days(3)}, DESK, name="b")
        log = [
            sq.Opened(at("2025-11-17 09:00")),
            sq.Met(at("2025-11-17 09:30"), "respond"),
            sq.Retargeted(at("2025-11-17 11:00"), then),
        ]
        why = sq.explain_due(first, log, at("2025-11-17 12:00"), "respond")
        assert (why.target, why.due, why.status) == (
            sq.Target.business(H),
            at("2025-11-17 10:00"),
            sq.Status.MET,
        )
        assert "调整时限：2025-11-17 11:00 起适用 'b'（已用时间保留）" in why.text()

    def test_unknown_milestone(self) -> None:
        """The error names the milestone and lists the promise's."""
        with pytest.raises(
            sq.errors.ParameterError, match=r"unknown milestone 'resolv'.*'resolve'"
        ):
            sq.explain_due(OPENING, KH_002, at("2025-11-03 15:40"), "resolv")

    def test_unknown_language(self) -> None:
        """Only 'zh' and 'en'."""
        why = sq.explain_due(OPENING, KH_002, at("2025-11-03 15:40"), "complete")
        with pytest.raises(sq.errors.ParameterError, match="language must be 'zh' or 'en'"):
            why.text(language="fr")  # type: ignore[arg-type]


@settings(max_examples=60)
@given(testing.promises(kinds=("wall", "business", "working_days", "days")), st.data())
def test_explain_due_agrees_with_the_clock(promise: sq.Promise, data: st.DataObject) -> None:
    """The explanation's figures are the clock's; a business target's stretches add up
    to the target; a period's deadline is the original due; each pause's excluded
    time is the measure inside it, never negative."""
    log = data.draw(testing.event_logs(promise, max_events=8, retarget_to=()))
    now = log[-1].at + data.draw(st.integers(0, 3 * 24 * 60)) * M
    reading = sq.read_clock(promise, log, now)
    for name, m in reading.milestones.items():
        why = sq.explain_due(promise, log, now, name)
        assert (why.due, why.original_due, why.status) == (m.due, m.original_due, m.status)
        if why.target.kind == "business" and not m.extensions and m.cycle == 0:
            assert sum((w.counted for w in why.windows), timedelta(0)) == why.target.duration
        if why.period is not None and not m.extensions:
            assert why.period.due == why.original_due
        assert all(p.excluded >= timedelta(0) for p in why.pauses)
        assert why.text()
        assert why.text(language="en")


@settings(max_examples=60)
@given(testing.promises(kinds=("wall", "business", "working_days", "days")), st.data())
def test_explain_due_agrees_with_the_clock_across_severity_changes(
    promise: sq.Promise, data: st.DataObject
) -> None:
    """With retargets in the log too: every milestone the reading lists is explained,
    with the clock's due, original due and status (a dropped milestone once raised)."""
    log = data.draw(testing.event_logs(promise, max_events=8))
    now = log[-1].at + data.draw(st.integers(0, 3 * 24 * 60)) * M
    reading = sq.read_clock(promise, log, now)
    for name, m in reading.milestones.items():
        why = sq.explain_due(promise, log, now, name)
        assert (why.due, why.original_due, why.status) == (m.due, m.original_due, m.status)
        assert why.text(language="en")
