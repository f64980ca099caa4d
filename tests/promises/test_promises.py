"""svcquality.promises: targets, promises and the catalog that picks a promise.

Wall times are ISO text in Shanghai (``at("2025-11-20 10:00")``) so the
deadlines read like the bank's rules they pin: ATM差错 refunds within 5 working
days, POS消费中奖 prizes credited in the monthly batch, 挂失 within 1 hour.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone
from typing import Any, ClassVar

import attrs
import pytest
from tests.common import BRANCH, DESK, SH, H, at

import svcquality as sq
from svcquality.errors import CalendarError, CatalogError, NaiveDatetimeError, PromiseError

HOTLINE = sq.BusinessCalendar.always_open(zone="Asia/Shanghai", name="95xxx")


class TestTargetWall:
    def test_deadline_is_clock_time(self) -> None:
        """A wall target ignores the calendar: 24 h after 15:00 Friday is 15:00 Saturday."""
        t = sq.Target.wall(24 * H)
        assert t.kind == "wall"
        assert t.measure == "wall"
        assert t.deadline(at("2025-11-21 15:00"), DESK) == at("2025-11-22 15:00")
        assert t.deadline(at("2025-11-21 15:00"), None) == at("2025-11-22 15:00")

    def test_budget_is_the_duration(self) -> None:
        """Whatever the start, a wall target's budget is its duration."""
        assert sq.Target.wall(4 * H).budget(at("2025-10-01 03:00"), None) == 4 * H

    @pytest.mark.parametrize("duration", [timedelta.max, timedelta(days=3_000_000)])
    @pytest.mark.parametrize("calendar", [None, DESK])
    def test_deadline_past_the_year_9999(
        self, duration: timedelta, calendar: sq.BusinessCalendar | None
    ) -> None:
        """A deadline no datetime can hold is a ParameterError naming how far it is, not
        the OverflowError of adding the duration."""
        with pytest.raises(sq.ParameterError, match=r"days from 1970-01-01 is outside the years"):
            sq.Target.wall(duration).deadline(at("2025-11-21 15:00"), calendar)

    def test_naive_start(self) -> None:
        """A naive start is refused, naming where it was."""
        with pytest.raises(NaiveDatetimeError, match=r"Target\.deadline\(start\) is a naive"):
            sq.Target.wall(H).deadline(datetime(2025, 11, 21, 15, 0), None)  # noqa: DTZ001

    @pytest.mark.parametrize(
        "bad",
        [
            timedelta(0),  # nothing to do is not a promise
            -H,
            3600,  # seconds as a number: give a timedelta
            None,
        ],
    )
    def test_bad_duration(self, bad: object) -> None:
        """Only a positive timedelta is a duration."""
        with pytest.raises(PromiseError, match=r"Target\.wall: the duration must be a positive"):
            sq.Target.wall(bad)  # type: ignore[arg-type]


class TestTargetBusiness:
    def test_deadline_is_open_time(self) -> None:
        """1 business hour from 11:30 is 09:30 the next morning across lunch? No: 14:00."""
        t = sq.Target.business(H)
        assert t.measure == "business"
        # 11:30-12:00 is half an hour, the other half runs from 13:30
        assert t.deadline(at("2025-11-20 11:30"), DESK) == at("2025-11-20 14:00")
        # Friday 16:30: half an hour on Friday, the rest on Monday
        assert t.deadline(at("2025-11-21 16:30"), DESK) == at("2025-11-24 09:30")
        assert t.budget(at("2025-11-21 16:30"), DESK) == H

    def test_needs_a_calendar(self) -> None:
        """Open time cannot be measured without a calendar."""
        with pytest.raises(PromiseError, match=r"Target\.business\(.*\) is measured in open time"):
            sq.Target.business(H).deadline(at("2025-11-20 10:00"), None)

    def test_bad_duration(self) -> None:
        """The business kind checks its duration like the wall kind."""
        with pytest.raises(
            PromiseError, match=r"Target\.business: the duration must be a positive"
        ):
            sq.Target.business(timedelta(0))


class TestTargetWorkingDays:
    def test_atm_refund_five_working_days(self) -> None:
        """ATM差错 within 5 working days: the receipt day is not counted."""
        t = sq.Target.working_days(5, cutoff=time(16))
        # Thursday 10:00: 11-21, 11-24, 11-25, 11-26, 11-27
        assert t.deadline(at("2025-11-20 10:00"), DESK) == at("2025-11-27 17:00")
        # after the 16:00 cut-off: deemed received Friday, so one day later
        assert t.deadline(at("2025-11-20 16:30"), DESK) == at("2025-11-28 17:00")

    def test_across_national_day(self) -> None:
        """The make-up Sunday 9-28 and Saturday 10-11 count; 10-01..10-08 do not."""
        t = sq.Target.working_days(7)
        # Friday 9-26: 9-28, 9-29, 9-30, 10-09, 10-10, 10-11, 10-13
        assert t.deadline(at("2025-09-26 10:00"), DESK) == at("2025-10-13 17:00")
        assert sq.Target.working_days(1).deadline(at("2025-09-26 10:00"), DESK) == at(
            "2025-09-28 17:00"
        )

    def test_same_business_day(self) -> None:
        """n == 0 is 当日: the close of the (deemed) receipt day."""
        t = sq.Target.working_days(0, cutoff=time(16))
        assert t.deadline(at("2025-11-19 15:00"), BRANCH) == at("2025-11-19 17:00")
        assert t.deadline(at("2025-11-19 16:20"), BRANCH) == at("2025-11-20 17:00")
        # Friday after the cut-off: the branch opens Saturday mornings, but Saturday is
        # no 工作日, so the next working day is Monday (issue 12)
        assert t.deadline(at("2025-11-21 16:20"), BRANCH) == at("2025-11-24 17:00")

    def test_budget_is_open_time_to_the_deadline(self) -> None:
        """The budget the clock counts down is the open time from start to deadline."""
        t = sq.Target.working_days(5, cutoff=time(16))
        # Saturday evening: deemed Monday 11-17; Monday plus 5 more days of 6.5 h
        assert t.deadline(at("2025-11-15 20:00"), DESK) == at("2025-11-24 17:00")
        assert t.budget(at("2025-11-15 20:00"), DESK) == 6 * 6.5 * H
        # Thursday 10:00: 5.5 h left on Thursday, then 5 days of 6.5 h
        assert t.budget(at("2025-11-20 10:00"), DESK) == 5.5 * H + 5 * 6.5 * H

    def test_counting_options(self) -> None:
        """receipt_day_counted makes the receipt day day 1; calendar_days counts dates."""
        start = at("2025-11-20 10:00")
        counted = sq.Target.working_days(5, counting="receipt_day_counted")
        assert counted.deadline(start, DESK) == at("2025-11-26 17:00")
        # 11-20 + 5 days is Tuesday 11-25, a working day
        days = sq.Target.working_days(5, counting="calendar_days")
        assert days.deadline(start, DESK) == at("2025-11-25 17:00")

    def test_needs_a_calendar(self) -> None:
        """A working-day period is read on a calendar."""
        with pytest.raises(PromiseError, match=r"Target\.working_days\(5\) is measured"):
            sq.Target.working_days(5).budget(at("2025-11-20 10:00"), None)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"n": -1}, r"n must be a whole number of working days >= 0"),
            ({"n": 1.5}, r"n must be a whole number .* got 1\.5"),
            ({"n": True}, r"n must be a whole number .* got True"),  # a bool is not a count
            ({"n": 5, "cutoff": "16:00"}, r"cutoff must be a datetime\.time such as time\(16\)"),
            ({"n": 5, "cutoff": time(16, tzinfo=SH)}, r"carries a zone; give a local wall time"),
            ({"n": 5, "counting": "weekdays"}, r"counting must be one of working_days, "),
            (
                {"n": 0, "counting": "receipt_day_counted"},
                r"with counting='receipt_day_counted', n must be >= 1",
            ),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        """Each bad argument is refused with the rule and an example."""
        with pytest.raises(PromiseError, match=match):
            sq.Target.working_days(**kwargs)  # type: ignore[arg-type]


class TestTargetBatch:
    POS = "FREQ=MONTHLY;BYMONTHDAY=25"  # POS消费中奖划账: credited in the monthly batch

    @pytest.mark.parametrize(
        ("received", "due"),
        [
            ("2025-11-20 10:00", "2025-11-25 17:00"),  # the 25th is a Tuesday
            ("2025-11-25 08:00", "2025-12-25 17:00"),  # on the batch day: the next batch
            ("2025-10-10 10:00", "2025-10-27 17:00"),  # 10-25 is a Saturday: Monday
            ("2025-12-26 10:00", "2026-01-26 17:00"),  # 2026-01-25 is a Sunday: Monday
        ],
    )
    def test_pos_prize_batch(self, received: str, due: str) -> None:
        """Due at the close of the first batch date after the receipt date, or the next
        working day's close when the batch date is closed."""
        assert sq.Target.batch(self.POS).deadline(at(received), DESK) == at(due)

    def test_batch_date_on_a_holiday(self) -> None:
        """A batch on 1 October moves past the whole National Day break."""
        t = sq.Target.batch("FREQ=MONTHLY;BYMONTHDAY=1")
        assert t.deadline(at("2025-09-20 10:00"), DESK) == at("2025-10-09 17:00")

    def test_saturday_batch_moves_to_monday(self) -> None:
        """A batch date on a Saturday moves to the next 工作日 even where the branch opens
        Saturday mornings; with working_days='open' it stays put."""
        assert sq.Target.batch(self.POS).deadline(at("2025-10-10 10:00"), BRANCH) == at(
            "2025-10-27 17:00"
        )
        own = sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-12:00, 13:30-17:00", "sat": "09:00-12:00"},
            zone="Asia/Shanghai",
            holidays="CN",
            working_days="open",
        )
        assert sq.Target.batch(self.POS).deadline(at("2025-10-10 10:00"), own) == at(
            "2025-10-25 12:00"
        )

    def test_weekly_and_prefixed(self) -> None:
        """Any RRULE works; an 'RRULE:' prefix is accepted."""
        t = sq.Target.batch("RRULE:FREQ=WEEKLY;BYDAY=FR")
        assert t.deadline(at("2025-11-20 10:00"), DESK) == at("2025-11-21 17:00")
        assert t.deadline(at("2025-11-21 10:00"), DESK) == at("2025-11-28 17:00")

    def test_budget(self) -> None:
        """The budget is the open time to the batch: 5.5 h Thursday, then three full days."""
        assert sq.Target.batch(self.POS).budget(at("2025-11-20 10:00"), DESK) == 25 * H
        assert sq.Target.batch(self.POS).measure == "business"

    def test_ended_recurrence(self) -> None:
        """A recurrence that has ended has no batch to be due with."""
        t = sq.Target.batch("FREQ=MONTHLY;BYMONTHDAY=25;UNTIL=20251130")
        assert t.deadline(at("2025-11-20 10:00"), DESK) == at("2025-11-25 17:00")
        with pytest.raises(PromiseError, match=r"no batch date after 2025-11-26; .* UNTIL"):
            t.deadline(at("2025-11-26 10:00"), DESK)

    def test_start_read_by_the_calendar(self) -> None:
        """A batch deadline reads its start as every period does: a naive start is refused
        (it was read in the host's local zone), and so is one outside the calendar's
        years (year 1 east of UTC raised OverflowError)."""
        t = sq.Target.batch(self.POS)
        with pytest.raises(NaiveDatetimeError, match=r"^Target\.deadline\(start\) is a naive"):
            t.deadline(datetime(2025, 11, 20, 10), DESK)  # noqa: DTZ001 - naive on purpose
        first = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))
        with pytest.raises(CalendarError, match=r"outside the years 2\.\.9998 a calendar covers"):
            t.deadline(first, DESK)
        with pytest.raises(CalendarError, match=r"outside the years 2\.\.9998"):
            t.budget(first, DESK)

    @pytest.mark.parametrize(
        ("rule", "match"),
        [
            ("", r"rule must be an RRULE string, got ''"),
            (25, r"rule must be an RRULE string, got 25"),
            ("FREQ=MONTHLY;COUNT=3", r"COUNT is not allowed"),  # the start is the receipt
            ("DTSTART:20250101T000000\nRRULE:FREQ=MONTHLY", r"DTSTART is not allowed"),
            ("FREQ=MONTHLY\nFREQ=WEEKLY", r"a second line is not allowed"),
            ("FREQ=FORTNIGHTLY", r"not an RFC 5545 recurrence .*'FREQ=MONTHLY;BYMONTHDAY=25'"),
        ],
    )
    def test_bad_rule(self, rule: object, match: str) -> None:
        """A rule that is not one plain RRULE is refused at construction."""
        with pytest.raises(PromiseError, match=match):
            sq.Target.batch(rule)  # type: ignore[arg-type]

    def test_rule_is_kept_as_it_is_read(self) -> None:
        """Space around a rule and fullwidth characters are read away at construction, so
        the target equals the one its text reads back as (the fuzz suite's round trip:
        Target.batch("\u3000FREQ=...\u3000") wrote a text that read back different)."""
        t = sq.Target.batch("\u3000ＦＲＥＱ=MONTHLY;BYMONTHDAY=25 ")
        assert t == sq.Target.batch("FREQ=MONTHLY;BYMONTHDAY=25")
        assert sq.parse_duration(sq.format_duration(t)) == t
        with pytest.raises(PromiseError, match="more than the 1000 this grammar reads"):
            sq.Target.batch("FREQ=MONTHLY;" + " " * 2_000)


class TestTargetMisc:
    @pytest.mark.parametrize(
        ("make", "n", "match"),
        [
            (sq.Target.days, 10_001, "10001 days is more than the 10,000"),
            (sq.Target.working_days, 10**5000, "<int of about 5001 digits> working days"),
            (sq.Target.months, 1_201, "1201 months is more than the 1,200"),
        ],
        ids=["days", "working_days", "months"],
    )
    def test_a_count_past_the_grammars_is_refused(self, make: Any, n: int, match: str) -> None:
        """A period counts at most what the duration grammar reads (10,000 days, 1,200
        months): Target.days(10**5000) was built, then its repr, format and deadline
        raised ValueError (an int too long to write out)."""
        with pytest.raises(PromiseError, match=re.escape(match)):
            make(n)
        assert make(n - 1 if n < 10**6 else 1).count is not None

    def test_unknown_kind(self) -> None:
        """The plain constructor names the four class methods."""
        with pytest.raises(PromiseError, match=r"unknown kind 'hourly'; use Target\.wall"):
            sq.Target("hourly")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("target", "text"),
        [
            (sq.Target.wall(24 * H), "Target.wall(datetime.timedelta(days=1))"),
            (sq.Target.business(H), "Target.business(datetime.timedelta(seconds=3600))"),
            (sq.Target.working_days(5), "Target.working_days(5)"),
            (
                sq.Target.working_days(5, cutoff=time(16), counting="calendar_days"),
                "Target.working_days(5, cutoff=datetime.time(16, 0), counting='calendar_days')",
            ),
            (
                sq.Target.batch("FREQ=MONTHLY;BYMONTHDAY=25"),
                "Target.batch('FREQ=MONTHLY;BYMONTHDAY=25')",
            ),
        ],
    )
    def test_repr_pastes_back(self, target: sq.Target, text: str) -> None:
        """The repr is the call that builds the target, and builds an equal one."""
        assert repr(target) == text
        import datetime

        assert eval(text, {"Target": sq.Target, "datetime": datetime}) == target


def _loss_report() -> sq.Promise:
    return sq.Promise(
        service="loss_report",
        milestones={"respond": sq.Target.wall(H), "initial_disposal": sq.Target.wall(4 * H)},
        goal=0.95,
    )


class TestPromise:
    def test_fields_and_order(self) -> None:
        """Milestones keep their order; the name defaults to the service."""
        p = sq.Promise(
            service="atm_refund",
            calendar=DESK,
            goal=0.9,
            milestones={
                "respond": sq.Target.business(H),
                "resolve": sq.Target.working_days(5, cutoff=time(16)),
            },
        )
        assert list(p.milestones) == ["respond", "resolve"]
        assert p.name == "atm_refund"
        assert p.goal == 0.9
        assert p["resolve"] == sq.Target.working_days(5, cutoff=time(16))
        assert p.deadlines(at("2025-11-20 10:00")) == {
            "respond": at("2025-11-20 11:00"),
            "resolve": at("2025-11-27 17:00"),
        }

    def test_wall_only_needs_no_calendar(self) -> None:
        """挂失: respond within 1 h, initial disposal within 4 h, on the clock."""
        p = _loss_report()
        assert p.calendar is None
        assert p.deadlines(at("2025-10-01 23:30")) == {
            "respond": at("2025-10-02 00:30"),
            "initial_disposal": at("2025-10-02 03:30"),
        }

    def test_named_variant(self) -> None:
        """Several promises for one service are told apart by name."""
        p = sq.Promise(
            service="feedback", name="feedback_tier_III", milestones={"r": sq.Target.wall(H)}
        )
        assert p.name == "feedback_tier_III"
        assert p.service == "feedback"

    def test_goal_int_is_a_float(self) -> None:
        """goal=1 (every request) is stored as 1.0."""
        assert _loss_report().goal == 0.95
        assert sq.Promise(service="s", milestones={"m": sq.Target.wall(H)}, goal=1).goal == 1.0

    def test_unknown_milestone(self) -> None:
        """Indexing by a misspelt milestone suggests the closest one and lists them all."""
        with pytest.raises(
            PromiseError,
            match=r"promise 'loss_report' has no milestone 'respnd'; did you mean 'respond'\? "
            r"its milestones are 'respond', 'initial_disposal'",
        ):
            _loss_report()["respnd"]

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"service": ""}, r"Promise: service must be a non-empty name without spaces"),
            ({"service": "atm refund"}, r"Promise: service must be .* got 'atm refund'"),
            ({"service": 5}, r"Promise: service must be .* got 5"),
            ({"milestones": {}}, r"milestones must be a non-empty mapping of name to Target"),
            ({"milestones": [("r", 1)]}, r"milestones must be a non-empty mapping"),
            ({"milestones": {"first reply": sq.Target.wall(H)}}, r"Promise: a milestone name"),
            ({"milestones": {"respond": "1h"}}, r"milestone 'respond' must be a Target"),
            ({"goal": 0}, r"goal is the share of requests to meet, in \(0, 1\]"),
            ({"goal": 1.5}, r"goal is the share .* got 1\.5"),
            ({"goal": True}, r"goal is the share .* got True"),
            ({"goal": "0.9"}, r"goal is the share .* got '0\.9'"),
            ({"goal": float("nan")}, r"goal is the share .* got nan"),
            ({"calendar": "CN"}, r"calendar must be a BusinessCalendar, got 'CN'; rulebooks refer"),
            ({"name": "tier III"}, r"Promise: name must be a non-empty name without spaces"),
            (
                {"milestones": {"respond": sq.Target.business(H)}},
                r"milestone 'respond' is Target\.business\(.*\), measured in open time, but "
                r"the promise has no calendar; pass calendar=",
            ),
        ],
    )
    def test_bad_promise(self, kwargs: dict[str, object], match: str) -> None:
        """Each bad field is refused at construction, naming the field and the fix."""
        fields: dict[str, object] = {
            "service": "loss_report",
            "milestones": {"r": sq.Target.wall(H)},
        }
        fields.update(kwargs)
        with pytest.raises(PromiseError, match=match):
            sq.Promise(**fields)  # type: ignore[arg-type]

    def test_errors_are_value_errors(self) -> None:
        """A host may catch a bad promise as ValueError or as SvcQualityError."""
        assert issubclass(PromiseError, ValueError)
        assert issubclass(CatalogError, PromiseError)
        assert issubclass(PromiseError, sq.SvcQualityError)


# --------------------------------------------------------------------------- catalog


def _promises() -> dict[str, sq.Promise]:
    def one(name: str, target: sq.Target) -> sq.Promise:
        return sq.Promise(service=name, calendar=DESK, milestones={"resolve": target})

    return {
        "loss_report": _loss_report(),
        "atm_refund": one("atm_refund", sq.Target.working_days(5, cutoff=time(16))),
        "complaint_same_day": one("complaint_same_day", sq.Target.working_days(0)),
        "feedback_tier_I": one("feedback_tier_I", sq.Target.wall(24 * H)),
        "feedback_tier_III": one("feedback_tier_III", sq.Target.working_days(7)),
        "general": one("general", sq.Target.working_days(3)),
    }


def _catalog(**kwargs: object) -> sq.Catalog:
    return sq.Catalog(
        rules=[
            sq.CatalogRule(
                promise="loss_report", when={"service": ["loss_report", "stop_payment"]}
            ),
            sq.CatalogRule(
                promise="feedback_tier_I",
                when={"service": "feedback", "severity": "I"},
                name="urgent feedback",
            ),
            sq.CatalogRule(promise="feedback_tier_III", when={"service": "feedback"}),
            sq.CatalogRule(
                promise="complaint_same_day",
                when={"service": "complaint", "channel": "branch"},
                calendar="branch",
            ),
            sq.CatalogRule(promise="atm_refund", when={"service": "atm_refund"}),
            sq.CatalogRule(promise="general", name="everything else"),
        ],
        promises=_promises(),
        calendars={"branch": BRANCH},
        **kwargs,
    )


WD = sq.Target.working_days
TO_30 = sq.Extension(WD(30), requires_reason=True)
TO_60 = sq.Extension(
    WD(60), requires_reason=True, requires_approval=True, requires_customer_informed=True
)


def _complaint(**kwargs: object) -> sq.Promise:
    return sq.Promise(
        "complaint",
        {"acknowledge": sq.Target.business(H), "decide": WD(15)},
        calendar=DESK,
        **kwargs,  # type: ignore[arg-type]
    )


class TestExtension:
    def test_fields(self) -> None:
        """An extension is a whole target and what applying it requires."""
        assert TO_30.to == WD(30)
        assert TO_30.requirements == ("reason",)
        assert TO_60.requirements == ("reason", "approval", "customer_informed")
        assert sq.Extension(WD(30)).requirements == ()
        assert sq.Extension(to=WD(30)) == sq.Extension(WD(30))

    @pytest.mark.parametrize(
        ("args", "kwargs", "match"),
        [
            (("30 working days",), {}, r"^Extension: to must be a Target such as"),
            ((WD(30),), {"requires_reason": 1}, r"^Extension: requires_reason must be True or"),
            ((WD(30),), {"requires_approval": "yes"}, r"^Extension: requires_approval must be"),
            (
                (WD(30),),
                {"requires_customer_informed": None},
                r"^Extension: requires_customer_informed must be True or False, got None$",
            ),
        ],
    )
    def test_bad(self, args: tuple[object, ...], kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(PromiseError, match=match):
            sq.Extension(*args, **kwargs)  # type: ignore[arg-type]

    def test_requirements_are_keyword_only(self) -> None:
        with pytest.raises(TypeError):
            sq.Extension(WD(30), True)  # type: ignore[misc]


class TestPromiseExtensions:
    def test_declared_in_order(self) -> None:
        p = _complaint(extensions={"decide": [TO_30, TO_60]}, pause_reasons=["external_appraisal"])
        assert p.extensions == {"decide": (TO_30, TO_60)}
        assert p.pause_reasons == ("external_appraisal",)

    def test_defaults(self) -> None:
        """Without the options, no extension and any pause reason (as before)."""
        p = _complaint()
        assert p.extensions == {}
        assert p.pause_reasons == ()
        assert _complaint(extensions={"decide": ()}) == p  # an empty entry is no entry

    def test_options_are_keyword_only(self) -> None:
        with pytest.raises(TypeError):
            sq.Promise("c", {"decide": WD(15)}, DESK, 0.9, "c", {"decide": (TO_30,)})  # type: ignore[misc]

    def test_equality_and_hash(self) -> None:
        a = _complaint(extensions={"decide": (TO_30,)})
        assert a == _complaint(extensions={"decide": (TO_30,)})
        assert a != _complaint(extensions={"decide": (TO_30, TO_60)})
        assert a != _complaint(pause_reasons=("external_appraisal",))
        assert hash(a) == hash(_complaint())

    def test_targets_of_other_kinds_are_not_compared(self) -> None:
        """Open time to a working-day period: no order between them, accepted."""
        p = _complaint(extensions={"decide": (sq.Extension(sq.Target.business(2 * H)),)})
        assert p.extensions["decide"][0].to == sq.Target.business(2 * H)
        cut = _complaint(extensions={"decide": (sq.Extension(WD(10, cutoff=time(16))),)})
        assert cut.extensions["decide"][0].to.count == 10  # another cutoff: not compared

    @pytest.mark.parametrize(
        ("extensions", "match"),
        [
            # not a mapping
            (
                [TO_30],
                r"^Promise: extensions must be a mapping of milestone name to its extensions",
            ),
            # an unknown milestone, with the closest
            (
                {"decid": (TO_30,)},
                r"^Promise 'complaint': extensions\['decid'\]: there is no milestone 'decid'; "
                r"did you mean 'decide'\? extend one of the milestones 'acknowledge', 'decide'$",
            ),
            # one Extension, not a sequence of them
            (
                {"decide": TO_30},
                r"^Promise 'complaint': extensions\['decide'\]: expected the milestone's "
                r"extensions in order, got Extension\(.*\); give a tuple of Extension",
            ),
            # text is no sequence of extensions
            ({"decide": "30 days"}, r"extensions\['decide'\]: expected the milestone's"),
            # an entry that is not an Extension
            (
                {"decide": (TO_30, WD(60))},
                r"^Promise 'complaint': extensions\['decide'\]\[1\]: expected an Extension, "
                r"got Target.working_days\(60\); write Extension\(to=Target...",
            ),
            # no longer than the milestone's own target
            (
                {"decide": (sq.Extension(WD(15)),)},
                r"^Promise 'complaint': extensions\['decide'\]\[0\].to: "
                r"Target.working_days\(15\) gives no more time than the target "
                r"Target.working_days\(15\) of milestone 'decide'; an extension is counted "
                r"from the same start as the target it replaces, so give a longer one",
            ),
            # no longer than the extension before it
            (
                {"decide": (TO_30, sq.Extension(WD(20)))},
                r"^Promise 'complaint': extensions\['decide'\]\[1\].to: "
                r"Target.working_days\(20\) gives no more time than extension \[0\] "
                r"Target.working_days\(30\) before it",
            ),
            # a shorter business duration
            (
                {"acknowledge": (sq.Extension(sq.Target.business(H / 2)),)},
                r"extensions\['acknowledge'\]\[0\].to: Target.business\(.*\) gives no more",
            ),
            # another measure
            (
                {"decide": (sq.Extension(sq.Target.wall(30 * 24 * H)),)},
                r"^Promise 'complaint': extensions\['decide'\]\[0\].to: Target.wall\(.*\) "
                r"is not measured in open time, as the target Target.working_days\(15\) of "
                r"milestone 'decide' is; extend it with a target measured in open time$",
            ),
        ],
    )
    def test_bad_extensions(self, extensions: object, match: str) -> None:
        """Each message names the value, where it is, and the fix."""
        with pytest.raises(PromiseError, match=match):
            _complaint(extensions=extensions)

    def test_wall_milestone_needs_a_wall_extension(self) -> None:
        with pytest.raises(PromiseError, match=r"is not measured in clock time"):
            sq.Promise(
                "apology",
                {"resolve": sq.Target.wall(24 * H)},
                extensions={"resolve": (sq.Extension(sq.Target.business(48 * H)),)},
            )

    @pytest.mark.parametrize(
        ("reasons", "match"),
        [
            ("external_appraisal", r"^Promise: pause_reasons must be a tuple of reasons, got"),
            (3, r"^Promise: pause_reasons must be a tuple of reasons, got 3"),
            (("ok", ""), r"^Promise: pause_reasons has '', not a reason"),
            (("ok", None), r"^Promise: pause_reasons has None, not a reason"),
            (("ok", "ok"), r"^Promise: pause_reasons lists 'ok' twice; remove the repeat$"),
        ],
    )
    def test_bad_pause_reasons(self, reasons: object, match: str) -> None:
        with pytest.raises(PromiseError, match=match):
            _complaint(pause_reasons=reasons)


class TestCatalogMatch:
    def test_first_matching_rule_decides(self) -> None:
        """Tier I feedback matches rule 1, other feedback falls to rule 2."""
        cat = _catalog()
        m = cat.match(service="feedback", severity="I")
        assert m.promise.name == "feedback_tier_I"
        assert m.position == 1
        assert m.reason == "urgent feedback: service=feedback, severity=I"
        m = cat.match(service="feedback", severity="III", channel="phone")
        assert m.promise.name == "feedback_tier_III"
        assert m.position == 2
        assert m.reason == "rule 2: service=feedback"
        assert m.rule is cat.rules[2]

    def test_any_of_several_values(self) -> None:
        """A list of values matches any of them (挂失 and 止付 share the emergency window)."""
        cat = _catalog()
        assert cat.match(service="stop_payment").promise.name == "loss_report"
        assert cat.match(service="loss_report").reason == (
            "rule 0: service in {loss_report, stop_payment}"
        )

    def test_rule_calendar_replaces_the_promise_calendar(self) -> None:
        """A branch complaint is measured on the branch's hours, not the desk's."""
        m = _catalog().match(service="complaint", channel="branch")
        assert m.promise.name == "complaint_same_day"
        assert m.promise.calendar is BRANCH
        assert _promises()["complaint_same_day"].calendar is DESK

    def test_default(self) -> None:
        """A request no other rule matches gets the default, and says so."""
        cat = _catalog()
        m = cat.match(service="complaint", channel="phone")  # the branch rule needs branch
        assert m.promise.name == "general"
        assert m.position == 5
        assert m.reason == "everything else: default (matches every request)"
        assert m.rule.is_default
        assert cat.match().promise.name == "general"

    def test_customer_tier(self) -> None:
        """customer_tier is an attribute like the others."""
        cat = sq.Catalog(
            rules=[
                sq.CatalogRule(promise="feedback_tier_I", when={"customer_tier": "private"}),
                sq.CatalogRule(promise="general"),
            ],
            promises=_promises(),
        )
        assert cat.match(customer_tier="private").position == 0
        assert cat.match(customer_tier="mass").position == 1


class TestCatalogRule:
    def test_default_rule(self) -> None:
        """A rule with no condition is the default; None says the same."""
        assert sq.CatalogRule(promise="general").is_default
        assert sq.CatalogRule(promise="general", when=None).when == ()
        assert not sq.CatalogRule(promise="x", when={"service": "s"}).is_default

    def test_evolve_keeps_the_condition(self) -> None:
        """attrs.evolve re-reads the normalised condition instead of refusing it."""
        rule = sq.CatalogRule(promise="x", when={"service": ["a", "b"]})
        renamed = attrs.evolve(rule, name="cards")
        assert renamed.when == rule.when
        assert renamed.name == "cards"

    def test_covers(self) -> None:
        """A rule covers another when every condition it sets is at least as wide."""
        wide = sq.CatalogRule(promise="x", when={"service": ["a", "b"]})
        narrow = sq.CatalogRule(promise="x", when={"service": "a", "channel": "atm"})
        other = sq.CatalogRule(promise="x", when={"channel": "atm"})
        assert wide.covers(narrow)
        assert not narrow.covers(wide)
        assert not wide.covers(other)  # other does not restrict service
        assert sq.CatalogRule(promise="x").covers(narrow)

    def test_describe_orders_attributes(self) -> None:
        """Conditions are described in the attributes' order, values sorted."""
        rule = sq.CatalogRule(promise="x", when={"channel": ["phone", "atm"], "service": "s"})
        assert rule.describe() == "service=s, channel in {atm, phone}"

    @pytest.mark.parametrize(
        ("when", "match"),
        [
            (
                {"severty": "I"},
                r"unknown attribute 'severty'; did you mean 'severity'\? a rule may test "
                r"service, severity, channel, customer_tier, language, branch \(and "
                r"amount_min/amount_max\)",
            ),
            ({"brnch": "x"}, r"unknown attribute 'brnch'; did you mean 'branch'\? a rule may"),
            ({"amount": "5000"}, r"when tests names; test the amount with amount_min=\.\.\."),
            (["service"], r"when must be a mapping such as \{'service': 'atm_refund'\}"),
            ({"service": []}, r"service must be a name or a list of names, got \[\]"),
            ({"service": 5}, r"service must be a name or a list of names, got 5"),
            ({"service": ["a", 5]}, r"service must be a name or a list of names"),
            ({"service": ""}, r"service must be a name or a list of names, got ''"),
        ],
    )
    def test_bad_condition(self, when: object, match: str) -> None:
        """A condition must name known attributes and give names to match."""
        with pytest.raises(CatalogError, match=match):
            sq.CatalogRule(promise="x", when=when)  # type: ignore[arg-type]


LONDON = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-17:00"}, zone="Europe/London", holidays=None, name="london"
)
VIP = sq.BusinessCalendar.always_open(zone="Asia/Shanghai", name="vip")


def _complaints(**rule: object) -> sq.Catalog:
    """Complaints: a large amount gets its own promise; a complaint takes its calendar from
    the request's branch, then the customer's calendar, then the group's, then the desk's."""
    promises = _promises()
    promises["complaint_large"] = sq.Promise(
        service="complaint_large", calendar=DESK, milestones={"resolve": sq.Target.working_days(1)}
    )
    return sq.Catalog(
        rules=[
            sq.CatalogRule(
                promise="complaint_large",
                when={"service": "complaint"},
                amount_min="CNY 50000",
                name="large complaint",
            ),
            sq.CatalogRule(
                promise="complaint_same_day",
                when={"service": "complaint"},
                calendar_from=("branch", "customer_calendar", "group_calendar"),
                **rule,  # type: ignore[arg-type]
            ),
            sq.CatalogRule(promise="general"),
        ],
        promises=promises,
        calendars={"sz_futian": BRANCH, "london": LONDON, "vip": VIP},
    )


class TestCatalogAttributes:
    """The catalog tests the routing rules' attributes (amount, language, branch) too."""

    def test_large_amount_complaint_gets_its_own_promise(self) -> None:
        """A complaint of CNY 50000 or more matches the large-complaint rule; below, the next."""
        cat = _complaints()
        m = cat.match(service="complaint", amount="CNY 80000")
        assert m.promise.name == "complaint_large"
        assert m.reason == "large complaint: service=complaint, amount in [CNY 50000, inf)"
        assert cat.match(service="complaint", amount=sq.Money(50000, "CNY")).position == 0
        assert cat.match(service="complaint", amount="CNY 49999.99").position == 1
        assert cat.match(service="complaint").position == 1  # no amount: no range matches

    def test_language_and_branch(self) -> None:
        """language and branch are names like service."""
        cat = sq.Catalog(
            rules=[
                sq.CatalogRule(promise="feedback_tier_I", when={"language": "en", "branch": "b1"}),
                sq.CatalogRule(promise="general"),
            ],
            promises=_promises(),
        )
        assert cat.match(language="en", branch="b1").position == 0
        assert cat.match(language="en", branch="b2").position == 1
        assert cat.rules[0].describe() == "language=en, branch=b1"

    def test_match_reads_the_opened_event(self) -> None:
        """What read_request's Opened records is what the catalog reads."""
        opened = sq.Opened(at=at("2025-11-20 10:00"), service="complaint", branch="london")
        m = _complaints().match(**opened.attributes())
        assert m.promise.calendar is LONDON

    def test_amount_in_another_currency_is_an_error(self) -> None:
        """A range in CNY never matches a plain amount silently: the catalog never converts."""
        with pytest.raises(
            CatalogError, match=r"pass the amount as Money, e\.g\. 'CNY 80000'"
        ) as e:
            _complaints().match(service="complaint", amount="80000")
        assert e.value.code == "catalog.currency"
        assert e.value.data["rule"] == "large complaint"
        with pytest.raises(CatalogError, match=r"the catalog never converts currencies"):
            _complaints().match(service="complaint", amount="USD 80000")

    @pytest.mark.parametrize(
        ("attributes", "match"),
        [
            (
                {"brnch": "x"},
                r"Catalog\.match: unknown attribute 'brnch'; did you mean 'branch'\? a request "
                r"has service, severity, channel, customer_tier, amount, language, branch, "
                r"customer_calendar, group_calendar",
            ),
            ({"branch": 5}, r"Catalog\.match: branch must be a name \(text\), got 5"),
            ({"amount": 1.5}, r"Catalog\.match: amount"),
        ],
    )
    def test_bad_attribute(self, attributes: dict[str, object], match: str) -> None:
        """An unknown attribute, a name that is not text, a float amount: CatalogError."""
        with pytest.raises(CatalogError, match=match):
            _complaints().match(**attributes)

    def test_bad_range(self) -> None:
        """A range that can never match, or in two currencies, is refused when built."""
        with pytest.raises(CatalogError, match=r"amount_min 5000 is not below amount_max 10"):
            sq.CatalogRule(promise="x", amount_min=5000, amount_max=10)
        with pytest.raises(CatalogError, match=r"are not in one currency"):
            sq.CatalogRule(promise="x", amount_min="CNY 1", amount_max=10)
        with pytest.raises(CatalogError, match=r"amount bound CNY -1 is negative"):
            sq.CatalogRule(promise="x", amount_min="CNY -1")

    def test_a_range_is_not_the_default(self) -> None:
        """A rule with only an amount range has a condition; it covers narrower ranges."""
        wide = sq.CatalogRule(promise="x", amount_min="CNY 0")
        narrow = sq.CatalogRule(promise="x", when={"service": "s"}, amount_min="CNY 10")
        assert not wide.is_default
        assert wide.covers(narrow)
        assert not narrow.covers(wide)
        assert not wide.covers(sq.CatalogRule(promise="x", when={"service": "s"}))
        assert sq.CatalogRule(promise="x").covers(narrow)

    def test_shadowed_by_a_wider_range(self) -> None:
        """A large-amount rule after the same rule with no range can never match."""
        with pytest.raises(CatalogError, match=r"Catalog rule 1 \(large\) can never match: rule 0"):
            sq.Catalog(
                rules=[
                    sq.CatalogRule(promise="general", when={"service": "complaint"}),
                    sq.CatalogRule(
                        promise="general",
                        when={"service": "complaint"},
                        amount_min="CNY 50000",
                        name="large",
                    ),
                    sq.CatalogRule(promise="general"),
                ],
                promises=_promises(),
            )


class TestCatalogCalendarPrecedence:
    """calendar_from: request → customer → group → the rule's → the promise's own."""

    def test_branch_calendar_from_the_request(self) -> None:
        """A complaint at the London branch is measured on London's hours and zone."""
        m = _complaints().match(service="complaint", branch="london", customer_calendar="vip")
        assert m.promise.calendar is LONDON
        assert m.calendar_source == "branch"
        assert m.reason == "rule 1: service=complaint; calendar london from the request's branch"

    def test_falls_back_in_order(self) -> None:
        """With no branch, the customer's calendar; with neither, the group's."""
        cat = _complaints()
        m = cat.match(service="complaint", customer_calendar="vip", group_calendar="london")
        assert (m.promise.calendar, m.calendar_source) == (VIP, "customer_calendar")
        m = cat.match(service="complaint", group_calendar="london")
        assert (m.promise.calendar, m.calendar_source) == (LONDON, "group_calendar")

    def test_falls_back_to_the_default(self) -> None:
        """No source given: the rule's calendar, else the promise's own (the desk's)."""
        m = _complaints().match(service="complaint")
        assert (m.promise.calendar, m.calendar_source) == (DESK, "promise")
        assert m.reason == (
            "rule 1: service=complaint; the promise's own calendar "
            "(the request gave no branch or customer_calendar or group_calendar)"
        )
        m = _complaints(calendar="sz_futian").match(service="complaint")
        assert (m.promise.calendar, m.calendar_source) == (BRANCH, "rule")

    def test_rules_without_calendar_from_are_unchanged(self) -> None:
        """A rule that names no source ignores the request's branch: its reason is unchanged."""
        m = _catalog().match(service="complaint", channel="branch", branch="london")
        assert m.promise.calendar is BRANCH
        assert m.calendar_source == "rule"
        assert m.reason == "rule 3: service=complaint, channel=branch"

    def test_a_name_with_no_calendar_is_an_error_naming_the_precedence(self) -> None:
        """A branch with no calendar is never silently measured on the default."""
        with pytest.raises(
            CatalogError,
            match=r"Catalog\.match: rule 1 takes the calendar from branch → customer_calendar → "
            r"group_calendar → the promise's own calendar, and the request's branch 'londn' "
            r"names no calendar of the catalog \(the request gave branch='londn', "
            r"customer_calendar='vip', group_calendar not given\); add a calendar 'londn' to "
            r"Catalog\.calendars or correct the request's branch; known calendars \(closest "
            r"first\): 'london'",
        ) as e:
            _complaints().match(service="complaint", branch="londn", customer_calendar="vip")
        assert e.value.code == "catalog.calendar"
        assert e.value.data["precedence"] == [
            "branch",
            "customer_calendar",
            "group_calendar",
            "promise",
        ]

    @pytest.mark.parametrize(
        ("calendar_from", "match"),
        [
            (("branch", "branch"), r"calendar_from names 'branch' twice"),
            (("amount",), r"calendar_from cannot read 'amount'"),
            (("rule",), r"calendar_from cannot read 'rule'"),
            (("Branch",), r"calendar_from must be request attribute names .* got 'Branch'"),
            (5, r"calendar_from must be request attribute names .* got 5"),
        ],
    )
    def test_bad_calendar_from(self, calendar_from: object, match: str) -> None:
        """Sources are distinct lower-case attribute names other than the amount."""
        with pytest.raises(CatalogError, match=match):
            sq.CatalogRule(promise="x", calendar_from=calendar_from)  # type: ignore[arg-type]

    def test_one_source_name(self) -> None:
        """A single name is a one-source precedence."""
        assert sq.CatalogRule(promise="x", calendar_from="branch").calendar_from == ("branch",)


class TestCatalogConstruction:
    def test_no_rules(self) -> None:
        """An empty catalog is refused with the fix."""
        with pytest.raises(
            CatalogError, match=r"Catalog: no rules; end the catalog with a default"
        ):
            sq.Catalog(rules=[], promises=_promises())

    def test_not_a_rule(self) -> None:
        """A rule that is not a CatalogRule is a CatalogError, not an AttributeError."""
        with pytest.raises(CatalogError, match=r"Catalog rule 0: expected a CatalogRule, got 'x'"):
            sq.Catalog(rules=["x"], promises=_promises())  # type: ignore[list-item]

    def test_no_default(self) -> None:
        """Without a default some requests would match nothing."""
        with pytest.raises(
            CatalogError,
            match=r"Catalog: the last rule \(service=atm_refund\) has a condition, so some "
            r"requests would match no rule; end with a default",
        ):
            sq.Catalog(
                rules=[sq.CatalogRule(promise="atm_refund", when={"service": "atm_refund"})],
                promises=_promises(),
            )

    def test_unreachable_rule(self) -> None:
        """Tier I feedback below all feedback could never be chosen."""
        with pytest.raises(
            CatalogError,
            match=r"Catalog rule 1 \(urgent\) can never match: rule 0 \(service=feedback\) comes "
            r"first and matches every request it would; move it above rule 0 or narrow rule 0",
        ):
            sq.Catalog(
                rules=[
                    sq.CatalogRule(promise="feedback_tier_III", when={"service": "feedback"}),
                    sq.CatalogRule(
                        promise="feedback_tier_I",
                        when={"service": "feedback", "severity": "I"},
                        name="urgent",
                    ),
                    sq.CatalogRule(promise="general"),
                ],
                promises=_promises(),
            )

    def test_second_default_is_unreachable(self) -> None:
        """Only one default, and it is last."""
        with pytest.raises(CatalogError, match=r"Catalog rule 1 \(default .*\) can never match"):
            sq.Catalog(
                rules=[sq.CatalogRule(promise="general"), sq.CatalogRule(promise="loss_report")],
                promises=_promises(),
            )

    def test_unknown_promise_lists_closest_first(self) -> None:
        """A misspelt promise name lists the known names, the closest first."""
        with pytest.raises(
            CatalogError,
            match=r"Catalog rule 0 \(default \(matches every request\)\): unknown promise "
            r"'atm_refnd'; known promises \(closest first\): 'atm_refund', ",
        ):
            sq.Catalog(rules=[sq.CatalogRule(promise="atm_refnd")], promises=_promises())

    def test_unknown_calendar_lists_closest_first(self) -> None:
        """A rule's calendar must be one the catalog was given."""
        with pytest.raises(
            CatalogError,
            match=r"Catalog rule 0 \(complaints\): unknown calendar 'brnch'; known calendars "
            r"\(closest first\): 'branch', 'hotline'",
        ):
            sq.Catalog(
                rules=[
                    sq.CatalogRule(
                        promise="complaint_same_day",
                        when={"service": "complaint"},
                        calendar="brnch",
                        name="complaints",
                    ),
                    sq.CatalogRule(promise="general"),
                ],
                promises=_promises(),
                calendars={"hotline": HOTLINE, "branch": BRANCH},
            )

    def test_unknown_calendar_when_none_known(self) -> None:
        """With no calendars at all the list says none."""
        with pytest.raises(CatalogError, match=r"known calendars \(closest first\): none"):
            sq.Catalog(
                rules=[sq.CatalogRule(promise="general", calendar="branch")], promises=_promises()
            )


def _complaint_catalog(*, changed: bool = True, applies_to_open: bool = False) -> sq.Catalog:
    """Complaints answered within 15 days, shortened to 10 from 2026-01-01 (Shanghai)."""
    promises = {
        "complaint_15": sq.Promise(
            service="complaint",
            name="complaint_15",
            calendar=HOTLINE,
            milestones={"answer": sq.Target.days(15)},
        ),
        "complaint_10": sq.Promise(
            service="complaint",
            name="complaint_10",
            calendar=HOTLINE,
            milestones={"answer": sq.Target.days(10)},
        ),
        "general": _promises()["general"],
    }
    rules = [sq.CatalogRule(promise="complaint_15", when={"service": "complaint"})]
    if changed:
        rules.append(
            sq.CatalogRule(
                promise="complaint_10",
                when={"service": "complaint"},
                name="complaints 2026",
                in_force_from=at("2026-01-01 00:00"),
                applies_to_open=applies_to_open,
            )
        )
    rules.append(sq.CatalogRule(promise="general"))
    return sq.Catalog(rules=rules, promises=promises)


class TestCatalogVersions:
    def test_bound_to_the_version_in_force_when_opened(self) -> None:
        """Opened 2025-12-30: 15 days; opened 2026-01-02: 10 days (受理时的规则)."""
        cat = _complaint_catalog()
        before = cat.match_at(at("2025-12-30 10:00"), service="complaint")
        assert before.promise.name == "complaint_15"
        assert before.position == 0
        assert before.rule.in_force_from is None
        after = cat.match_at(at("2026-01-02 10:00"), service="complaint")
        assert after.promise.name == "complaint_10"
        assert after.position == 1
        assert after.reason == (
            "complaints 2026: service=complaint; "
            "the version in force from 2026-01-01T00:00:00+08:00"
        )

    def test_old_version_holds_when_read_after_the_change(self) -> None:
        """Reading later (as_of) does not move a request the change does not bind."""
        cat = _complaint_catalog()
        m = cat.match_at(at("2025-12-30 10:00"), at("2026-01-05 10:00"), service="complaint")
        assert m.promise.name == "complaint_15"

    def test_the_instant_of_coming_into_force_belongs_to_the_new_version(self) -> None:
        """Opened exactly at in_force_from: the new version."""
        cat = _complaint_catalog()
        m = cat.match_at(at("2026-01-01 00:00"), service="complaint")
        assert m.promise.name == "complaint_10"
        m = cat.match_at(at("2025-12-31 23:59"), service="complaint")
        assert m.promise.name == "complaint_15"

    def test_applies_to_open_binds_requests_already_open(self) -> None:
        """A change that says so moves requests opened before it, once in force."""
        cat = _complaint_catalog(applies_to_open=True)
        opened = at("2025-12-30 10:00")
        m = cat.match_at(opened, at("2026-01-05 10:00"), service="complaint")
        assert m.promise.name == "complaint_10"
        assert m.reason.endswith(", which binds requests already open")
        # read before the change came into force, it still has 15 days
        m = cat.match_at(opened, at("2025-12-31 10:00"), service="complaint")
        assert m.promise.name == "complaint_15"
        m = cat.match_at(at("2026-01-02 10:00"), service="complaint")
        assert m.promise.name == "complaint_10"
        assert not m.reason.endswith("already open")

    def test_versions_are_not_shadowed_duplicates(self) -> None:
        """Two versions of one condition build a catalog; two undated ones do not."""
        assert len(_complaint_catalog().rules) == 3
        with pytest.raises(CatalogError, match=r"rule 1 .* can never match: rule 0"):
            sq.Catalog(
                rules=[
                    sq.CatalogRule(promise="general", when={"service": "complaint"}),
                    sq.CatalogRule(promise="general", when={"service": "complaint"}),
                    sq.CatalogRule(promise="general"),
                ],
                promises=_promises(),
            )

    def test_a_dated_rule_does_not_shadow_an_earlier_in_force_one(self) -> None:
        """A broad rule in force from 2026 leaves a narrower undated one reachable before."""
        cat = sq.Catalog(
            rules=[
                sq.CatalogRule(
                    promise="general",
                    when={"service": ["complaint", "enquiry"]},
                    in_force_from=at("2026-01-01 00:00"),
                ),
                sq.CatalogRule(promise="complaint_same_day", when={"service": "complaint"}),
                sq.CatalogRule(promise="general"),
            ],
            promises=_promises(),
        )
        m = cat.match_at(at("2025-06-01 10:00"), service="complaint")
        assert m.promise.name == "complaint_same_day"
        # from 2026 the broad rule comes first
        m = cat.match_at(at("2026-06-01 10:00"), service="complaint")
        assert m.position == 0

    def test_an_undated_rule_shadows_a_later_dated_one(self) -> None:
        """A rule always in force covers a narrower one whenever that one is in force."""
        with pytest.raises(CatalogError, match=r"rule 1 .* can never match: rule 0"):
            sq.Catalog(
                rules=[
                    sq.CatalogRule(promise="general", when={"service": "complaint"}),
                    sq.CatalogRule(
                        promise="general",
                        when={"service": "complaint", "channel": "branch"},
                        in_force_from=at("2026-01-01 00:00"),
                    ),
                    sq.CatalogRule(promise="general"),
                ],
                promises=_promises(),
            )

    def test_naive_in_force_from(self) -> None:
        """An in-force instant needs its zone: midnight where?"""
        with pytest.raises(
            NaiveDatetimeError, match=r"CatalogRule\(in_force_from=...\) is a naive"
        ):
            sq.CatalogRule(promise="general", in_force_from=datetime(2026, 1, 1))  # noqa: DTZ001

    def test_applies_to_open_needs_in_force_from(self) -> None:
        """applies_to_open on a rule always in force would mean nothing: refused."""
        with pytest.raises(CatalogError, match=r"applies_to_open=True .* no in_force_from"):
            sq.CatalogRule(promise="general", applies_to_open=True)
        with pytest.raises(CatalogError, match=r"applies_to_open must be True or False, got 1"):
            sq.CatalogRule(
                promise="general",
                in_force_from=at("2026-01-01 00:00"),
                applies_to_open=1,  # type: ignore[arg-type]
            )

    def test_two_versions_in_force_from_the_same_instant(self) -> None:
        """The opening could not choose between them."""
        with pytest.raises(
            CatalogError,
            match=r"Catalog rule 1 \(service=complaint\) and rule 0 are versions of one rule "
            # 2025-12-31 16:00 UTC is 2026-01-01 00:00 in Shanghai: the same instant
            r"\(the same condition\) both in force from 2025-12-31T16:00:00\+00:00",
        ):
            sq.Catalog(
                rules=[
                    sq.CatalogRule(
                        promise="general",
                        when={"service": "complaint"},
                        in_force_from=at("2026-01-01 00:00"),
                    ),
                    sq.CatalogRule(
                        promise="complaint_same_day",
                        when={"service": "complaint"},
                        in_force_from=datetime(2025, 12, 31, 16, 0, tzinfo=timezone.utc),
                    ),
                    sq.CatalogRule(promise="general"),
                ],
                promises=_promises(),
            )

    @pytest.mark.parametrize(
        ("first", "second", "shown_"),
        [
            # newer first
            (at("2026-01-01 00:00"), at("2025-01-01 00:00"), "from 2025-01-01T00:00:00+08:00"),
            # a dated version before the undated one
            (at("2026-01-01 00:00"), None, "always"),
        ],
    )
    def test_versions_oldest_first(
        self, first: datetime, second: datetime | None, shown_: str
    ) -> None:
        """Versions read like their history: each in force after the one before."""
        with pytest.raises(
            CatalogError,
            match=rf"Catalog rule 1 \(service=complaint\) is a version of rule 0 .* in force "
            rf"{re.escape(shown_)}.*list the versions of a rule oldest first",
        ):
            sq.Catalog(
                rules=[
                    sq.CatalogRule(
                        promise="general", when={"service": "complaint"}, in_force_from=first
                    ),
                    sq.CatalogRule(
                        promise="general", when={"service": "complaint"}, in_force_from=second
                    ),
                    sq.CatalogRule(promise="general"),
                ],
                promises=_promises(),
            )

    def test_versioned_catalog_needs_opened_at(self) -> None:
        """Without the opening the version is unknown: an error, never a guess."""
        with pytest.raises(
            CatalogError,
            match=r"rule 1 \(complaints 2026\) is a version .* use catalog.match_at\(opened_at",
        ):
            _complaint_catalog().match(service="complaint")
        # an undated catalog needs no opening
        assert _complaint_catalog(changed=False).match(service="complaint").position == 0

    def test_as_of_before_opened_at(self) -> None:
        """A request is read at or after its opening."""
        with pytest.raises(CatalogError, match=r"as_of 2025-12-29T10:00:00\+08:00 is before"):
            _complaint_catalog().match_at(
                at("2025-12-30 10:00"), at("2025-12-29 10:00"), service="complaint"
            )

    @pytest.mark.parametrize("changed", [True, False])
    def test_naive_opened_at(self, changed: bool) -> None:
        """opened_at is an instant like any other, in a catalog with versions or without."""
        naive = datetime(2026, 1, 2)  # noqa: DTZ001
        cat = _complaint_catalog(changed=changed)
        with pytest.raises(NaiveDatetimeError, match=r"Catalog.match_at\(opened_at\)"):
            cat.match_at(naive, service="complaint")
        with pytest.raises(NaiveDatetimeError, match=r"Catalog.match_at\(as_of\)"):
            cat.match_at(at("2026-01-02 10:00"), naive, service="complaint")

    @pytest.mark.parametrize("word", ["opened_at", "as_of"])
    def test_match_points_to_match_at(self, word: str) -> None:
        """The instants are match_at's arguments, not request attributes."""
        with pytest.raises(CatalogError, match=rf"{word} is not a request attribute.*match_at"):
            _complaint_catalog().match(service="complaint", **{word: at("2026-01-05 10:00")})

    def test_no_version_of_the_default_in_force(self) -> None:
        """A catalog whose default starts in 2026 has nothing for a request of 2025."""
        cat = sq.Catalog(
            rules=[sq.CatalogRule(promise="general", in_force_from=at("2026-01-01 00:00"))],
            promises=_promises(),
        )
        with pytest.raises(
            CatalogError, match=r"no version of the default rule is in force"
        ) as info:
            cat.match_at(at("2025-12-30 10:00"), service="complaint")
        assert info.value.code == "catalog.not_in_force"
        assert cat.match_at(at("2026-01-02 10:00")).promise.name == "general"


def _phone_catalog(order: str) -> sq.Catalog:
    """Complaints (15 days, 10 from 2026) and a phone rule (20 days), in ``order``."""

    def promise(name: str, days: int) -> sq.Promise:
        return sq.Promise(
            service="complaint",
            name=name,
            calendar=DESK,
            milestones={"resolve": sq.Target.days(days)},
        )

    rules = {
        "A": sq.CatalogRule(promise="c15", when={"service": "complaint"}, name="complaints"),
        "B": sq.CatalogRule(promise="phone", when={"channel": "phone"}, name="phone"),
        "A2": sq.CatalogRule(
            promise="c10",
            when={"service": "complaint"},
            name="complaints 2026",
            in_force_from=at("2026-01-01 00:00"),
        ),
    }
    promises = {"c15": promise("c15", 15), "c10": promise("c10", 10)}
    promises |= {"phone": promise("phone", 20), "gen": promise("gen", 30)}
    return sq.Catalog(
        rules=[*(rules[k] for k in order.split()), sq.CatalogRule(promise="gen")],
        promises=promises,
    )


class TestVersionsStandTogether:
    """Review 15, F1: a version placed after an unrelated rule took that rule's place in
    the order, so from 2026 a phone complaint got the 20-day phone promise, not the
    10-day new version of the complaint rule, and the catalog was built silently."""

    def test_a_version_apart_from_its_rule_is_refused(self) -> None:
        """[complaints, phone, complaints 2026, default]: refused, naming both and the fix."""
        with pytest.raises(CatalogError) as info:
            _phone_catalog("A B A2")
        assert str(info.value) == (
            "Catalog rule 2 (complaints 2026) and rule 0 (complaints) are versions of one "
            "rule (the same condition), and rule 1 (phone) stands between them: when the "
            "version comes into force the rule between would decide before it, so the change "
            "would move requests to another rule's promise; the versions of a rule stand "
            "together; move 'complaints 2026' next to 'complaints' (right after rule 0 "
            "(complaints))"
        )
        assert info.value.code == "catalog.versions_apart"
        assert dict(info.value.data) == {"position": 2, "version_of": 0, "between": (1,)}

    def test_versions_together_replace_the_rule_where_it_stands(self) -> None:
        """[complaints, complaints 2026, phone, default]: 15 days in 2025, 10 in 2026."""
        cat = _phone_catalog("A A2 B")
        attrs_ = {"service": "complaint", "channel": "phone"}
        assert cat.match_at(at("2025-12-30 10:00"), **attrs_).promise.name == "c15"
        assert cat.match_at(at("2026-01-05 10:00"), **attrs_).promise.name == "c10"
        assert cat.match_at(at("2026-01-05 10:00"), channel="phone").promise.name == "phone"

    def test_every_rule_between_is_named(self) -> None:
        """Two rules between the versions: both named, the positions given."""
        with pytest.raises(CatalogError, match=r"rule 1 \(phone\), rule 2 \(service=x\)") as info:
            sq.Catalog(
                rules=[
                    *_phone_catalog("A B").rules[:2],
                    sq.CatalogRule(promise="gen", when={"service": "x"}),
                    *_phone_catalog("A2").rules[:1],
                    sq.CatalogRule(promise="gen"),
                ],
                promises=_phone_catalog("A").promises,
            )
        assert info.value.data["between"] == (1, 2)

    def test_unnamed_rules_are_moved_by_number(self) -> None:
        """Without names the fix names the rules by number."""
        with pytest.raises(CatalogError, match=r"move 'rule 2' next to 'rule 0'"):
            sq.Catalog(
                rules=[
                    sq.CatalogRule(promise="general", when={"service": "complaint"}),
                    sq.CatalogRule(promise="general", when={"channel": "phone"}),
                    sq.CatalogRule(
                        promise="general",
                        when={"service": "complaint"},
                        in_force_from=at("2026-01-01 00:00"),
                    ),
                    sq.CatalogRule(promise="general"),
                ],
                promises=_promises(),
            )


#: The review's scenario (F3): 15 days, 10 from 2026-01-01 for requests already open.
_CENTRE = sq.BusinessCalendar.weekly(
    {"mon-fri": "08:30-17:30"}, zone="Asia/Shanghai", holidays="CN"
)


def _answer(days: int) -> sq.Promise:
    return sq.Promise(
        service="complaint",
        name=f"c{days}",
        calendar=_CENTRE,
        milestones={"answer": sq.Target.days(days)},
    )


_C15, _C10 = _answer(15), _answer(10)
_OLD = sq.Catalog(rules=[sq.CatalogRule(promise="c15")], promises={"c15": _C15, "c10": _C10})
_NEW = sq.Catalog(
    rules=[
        sq.CatalogRule(promise="c15"),
        sq.CatalogRule(
            promise="c10",
            name="answer in 10 days",
            in_force_from=at("2026-01-01 00:00"),
            applies_to_open=True,
        ),
    ],
    promises={"c15": _C15, "c10": _C10},
)
_OPENED_1220 = [sq.Opened(at=at("2025-12-20 10:00"), service="complaint")]


class TestChangesOfAnOpenRequest:
    """Review 15, F3: a version with applies_to_open was read from the request's opening,
    so a complaint opened 2025-12-20 was "breached" at 2025-12-30 17:30, two days before
    the 10-day version was in force (the 15 days in force then were being kept)."""

    def test_match_says_when_the_version_moved_the_request(self) -> None:
        """The match keeps its promise (the version binding now) and lists the change."""
        m = _NEW.match_at(_OPENED_1220[0].at, at("2026-01-02 10:00"), service="complaint")
        assert (m.promise, m.position) == (_C10, 1)
        assert m.opened_promise == _C15
        assert m.changes == (sq.promises.RuleChange(at("2026-01-01 00:00"), _C10, m.rule, 1),)

    def test_no_change_before_the_version_or_for_a_later_opening(self) -> None:
        """Read before 2026, or opened in 2026: no change; opened_promise is promise."""
        before = _NEW.match_at(at("2025-12-20 10:00"), at("2025-12-31 10:00"))
        later = _NEW.match_at(at("2026-01-02 10:00"), at("2026-01-05 10:00"))
        assert (before.changes, before.opened_promise) == ((), _C15)
        assert (later.changes, later.opened_promise, later.promise) == ((), _C10, _C10)
        assert _OLD.match_at(at("2025-12-20 10:00")).opened_promise == _C15

    def test_moved_requests_dates_the_breach_at_the_change(self) -> None:
        """breached_at 2026-01-01 00:00, as Retargeted(2026-01-01, c10) gives; was 12-30 17:30."""
        now = at("2026-01-02 10:00")
        (diff,) = sq.moved_requests(_OLD, _NEW, {"C": _OPENED_1220}, now)["C"]
        assert diff.before is not None
        assert diff.after is not None
        assert diff.before.status is sq.Status.RUNNING
        assert diff.before.due == at("2026-01-04 17:30")  # 15 days (the 4th: make-up Sunday)
        assert diff.after.status is sq.Status.BREACHED
        assert diff.after.breached_at == at("2026-01-01 00:00")
        retargeted = [*_OPENED_1220, sq.Retargeted(at("2026-01-01 00:00"), _C10)]
        by_hand = sq.read_clock(_C15, retargeted, now).milestones["answer"]
        assert diff.after == by_hand

    def test_a_change_that_reveals_no_breach_keeps_the_due(self) -> None:
        """No pause: keeping the time used gives the due of 10 days from the opening."""
        log = [sq.Opened(at=at("2025-12-30 10:00"), service="complaint")]
        (diff,) = sq.moved_requests(_OLD, _NEW, {"C": log}, at("2026-01-06 10:00"))["C"]
        assert diff.after is not None
        assert diff.after.status is sq.Status.RUNNING
        assert diff.after.due == at("2026-01-09 17:30")


class TestMovedRequests:
    NOW = at("2026-01-05 10:00")
    LOGS: ClassVar[dict[str, list[sq.Opened]]] = {
        "C-1230": [sq.Opened(at=at("2025-12-30 10:00"), service="complaint")],
        "C-0102": [sq.Opened(at=at("2026-01-02 10:00"), service="complaint")],
        "Q-0102": [sq.Opened(at=at("2026-01-02 10:00"), service="enquiry")],
    }

    def test_only_requests_bound_to_the_new_version_move(self) -> None:
        """The complaint opened after 2026-01-01 moves 5 days sooner; the others stay."""
        moved = sq.moved_requests(
            _complaint_catalog(changed=False), _complaint_catalog(), self.LOGS, self.NOW
        )
        assert list(moved) == ["C-0102"]
        (diff,) = moved["C-0102"]
        assert diff.milestone == "answer"
        assert diff.before is not None
        assert diff.after is not None
        # 2026-01-17 is a Saturday: the 15-day period ends on Monday (Civil Code art. 203)
        assert diff.before.due == at("2026-01-20 00:00")
        assert diff.after.due == at("2026-01-13 00:00")

    def test_applies_to_open_moves_the_open_ones_too(self) -> None:
        """With applies_to_open both complaints move; the enquiry does not."""
        moved = sq.moved_requests(
            _complaint_catalog(changed=False),
            _complaint_catalog(applies_to_open=True),
            self.LOGS,
            self.NOW,
        )
        assert list(moved) == ["C-1230", "C-0102"]
        dues = {
            request: (diff.before.due, diff.after.due)
            for request, (diff,) in moved.items()
            if diff.before is not None and diff.after is not None
        }
        assert dues == {
            "C-1230": (at("2026-01-15 00:00"), at("2026-01-10 00:00")),
            "C-0102": (at("2026-01-20 00:00"), at("2026-01-13 00:00")),
        }

    def test_no_change_moves_nothing(self) -> None:
        """The same catalog on both sides: an empty answer."""
        cat = _complaint_catalog()
        assert sq.moved_requests(cat, cat, self.LOGS, self.NOW) == {}

    def test_a_log_without_its_opening(self) -> None:
        """The attributes and the opening come from Opened: without it, an error."""
        with pytest.raises(CatalogError, match=r"request 'X-1' has no Opened event"):
            sq.moved_requests(
                _complaint_catalog(),
                _complaint_catalog(),
                {"X-1": [sq.Paused(at=at("2026-01-02 10:00"))]},
                self.NOW,
            )

    def test_garbage_arguments(self) -> None:
        """Not catalogs, not a mapping, an id that is not text, a log that is no list."""
        cat = _complaint_catalog()
        with pytest.raises(CatalogError, match=r"moved_requests: new must be a Catalog, got dict"):
            sq.moved_requests(cat, {}, self.LOGS, self.NOW)  # type: ignore[arg-type]
        with pytest.raises(CatalogError, match=r"open_requests must be a mapping"):
            sq.moved_requests(cat, cat, [], self.NOW)  # type: ignore[arg-type]
        with pytest.raises(CatalogError, match=r"a request id must be text, got 7"):
            sq.moved_requests(cat, cat, {7: []}, self.NOW)  # type: ignore[dict-item]
        with pytest.raises(sq.EventLogError, match=r"the log of request 'X' must be a list"):
            sq.moved_requests(cat, cat, {"X": None}, self.NOW)  # type: ignore[dict-item]
        with pytest.raises(NaiveDatetimeError, match=r"moved_requests\(now=...\)"):
            sq.moved_requests(cat, cat, self.LOGS, datetime(2026, 1, 5))  # noqa: DTZ001
