"""svcquality.testing: the hypothesis strategies shipped for host test suites."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, NoSuchExample
from tests.common import UTC

import svcquality as sq
from svcquality import feedback, routing, testing


class TestCalendars:
    def test_shrinks_to_always_open_utc(self) -> None:
        """The minimal calendar is 24x7 in UTC, the simplest one to read in a failure."""
        cal = find(testing.calendars(), lambda c: True)
        assert cal == sq.BusinessCalendar.always_open(zone="UTC")

    def test_minimal_with_holidays(self) -> None:
        """Asking for a calendar with holidays shrinks to the first country given."""
        cal = find(
            testing.calendars(holidays=("CN", "US")),
            lambda c: bool(c.holiday_sources),
        )
        assert cal.holiday_data.endswith(": CN")

    @given(testing.calendars(), st.data())
    @settings(max_examples=60)
    def test_round_trip_on_generated_calendars(
        self, cal: sq.BusinessCalendar, data: st.DataObject
    ) -> None:
        """between(t, add(t, d)) == d on every calendar the strategy makes."""
        t = data.draw(testing.instants(calendar=cal, max_value=datetime(2024, 6, 1, tzinfo=UTC)))
        d = data.draw(testing.durations(max_value=timedelta(days=3)))
        assert cal.between(t, cal.add(t, d)) == d

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"zones": ()}, "at least one IANA zone"),  # nothing to draw from
            ({"zones": ("Mars/Base",)}, "'Mars/Base' is not an IANA zone"),
            ({"holidays": ()}, "at least one entry"),
            ({"max_windows_per_day": 0}, "from 1 to 6"),
            ({"max_windows_per_day": True}, "from 1 to 6"),  # a bool is not a count
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        """Impossible options raise InvalidArgument when the strategy is built."""
        with pytest.raises(InvalidArgument, match=match):
            testing.calendars(**kwargs)  # type: ignore[arg-type]


class TestWeeklyHours:
    @given(testing.weekly_hours())
    def test_always_valid(self, hours: dict[str, str]) -> None:
        """Every mapping drawn builds a calendar (overnight spills never overlap)."""
        sq.BusinessCalendar.weekly(hours, zone="UTC")

    def test_overnight_can_be_drawn(self) -> None:
        """Overnight windows occur, so the DESIGN's overnight rule gets exercised."""
        find(
            testing.weekly_hours(),
            lambda h: any(
                w.strip().split("-")[1] < w.strip().split("-")[0]
                for v in h.values()
                if v != "closed"
                for w in v.split(",")
            ),
        )


class TestInstants:
    @given(st.data())
    def test_open_only(self, data: st.DataObject) -> None:
        """open_only=True draws only instants at which the calendar is open."""
        cal = sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN"
        )
        t = data.draw(testing.instants(calendar=cal, open_only=True))
        assert cal.is_open(t)
        assert t.tzinfo == cal.zone

    def test_shrinks_to_min_value(self) -> None:
        """The minimal instant is the lower bound."""
        assert find(testing.instants(), lambda t: True) == datetime(2024, 1, 1, tzinfo=UTC)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"open_only": True}, "needs a calendar"),
            ({"min_value": datetime(2024, 1, 1)}, "timezone-aware"),  # noqa: DTZ001
            (
                {
                    "min_value": datetime(2025, 1, 1, tzinfo=UTC),
                    "max_value": datetime(2024, 1, 1, tzinfo=UTC),
                },
                "must be after",
            ),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        """Bad bounds raise InvalidArgument naming the argument."""
        with pytest.raises(InvalidArgument, match=match):
            testing.instants(**kwargs)  # type: ignore[arg-type]


class TestDurations:
    def test_shrinks_to_min_value(self) -> None:
        """The minimal duration is the lower bound."""
        assert find(testing.durations(), lambda d: True) == timedelta(minutes=1)

    @given(testing.durations(min_value=timedelta(hours=-2), max_value=timedelta(hours=2)))
    def test_bounds(self, d: timedelta) -> None:
        """Every duration lies in the bounds and on the resolution grid."""
        assert timedelta(hours=-2) <= d <= timedelta(hours=2)
        assert d % timedelta(minutes=1) == timedelta(0)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"resolution": timedelta(0)}, "must be positive"),
            ({"min_value": timedelta(hours=2), "max_value": timedelta(hours=1)}, "below"),
            (
                {"min_value": timedelta(seconds=10), "max_value": timedelta(seconds=20)},
                "no multiple",
            ),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, timedelta], match: str) -> None:
        """Impossible bounds raise InvalidArgument."""
        with pytest.raises(InvalidArgument, match=match):
            testing.durations(**kwargs)


# --------------------------------------------------------------------------- promises

SH_DESK = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN"
)


class TestTargets:
    def test_shrinks_to_one_wall_minute(self) -> None:
        """The minimal target is one minute of clock time."""
        assert find(testing.targets(), lambda t: True) == sq.Target.wall(timedelta(minutes=1))

    @given(testing.targets(kinds=("working_days", "batch")))
    def test_only_the_kinds_asked_for(self, target: sq.Target) -> None:
        """kinds restricts the kinds drawn; every target has a deadline on a calendar."""
        assert target.kind in {"working_days", "batch"}
        start = datetime(2025, 9, 26, 2, 0, tzinfo=UTC)
        assert target.deadline(start, SH_DESK) > start

    @given(testing.targets(max_duration=timedelta(hours=2), max_working_days=3))
    def test_bounds(self, target: sq.Target) -> None:
        """Durations and day counts stay within their bounds."""
        if target.duration is not None:
            assert timedelta(minutes=1) <= target.duration <= timedelta(hours=2)
        if target.count is not None:
            assert 0 <= target.count <= 3

    def test_every_kind_occurs(self) -> None:
        """Each of the four kinds can be drawn."""
        for kind in testing.TARGET_KINDS:
            find(testing.targets(), lambda t, kind=kind: t.kind == kind)  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"kinds": ()}, "non-empty sequence of target kinds"),
            ({"kinds": "wall"}, "non-empty sequence of target kinds"),  # a str is not a list
            ({"kinds": ("wall", "hourly")}, "'hourly' is not a target kind"),
            ({"max_duration": timedelta(seconds=30)}, r"at least resolution=.*one minute"),
            (
                {"max_duration": timedelta(seconds=1), "resolution": timedelta(seconds=2)},
                "at least resolution=",
            ),
            ({"max_working_days": -1}, "from 0 to 10000"),
            ({"max_working_days": 10_001}, "from 0 to 10000"),  # the grammar's bound
            ({"resolution": timedelta(0)}, "must be a positive timedelta"),
            ({"resolution": 60}, "must be a positive timedelta"),  # seconds are not a timedelta
            ({"countings": ()}, "non-empty sequence of rules"),
            ({"countings": "working_days"}, "non-empty sequence of rules"),  # a str is not a list
            ({"countings": ("weekly",)}, "'weekly' is not a counting rule"),
            (
                {"countings": ("receipt_day_counted",), "max_working_days": 0},
                r"needs max_working_days >= 1 \(the receipt day is day 1\)",
            ),
            ({"min_cutoff": "16:00"}, "min_cutoff='16:00' must be a local datetime.time"),
            ({"max_cutoff": time(16, tzinfo=UTC)}, "max_cutoff=.* must be a local datetime.time"),
            ({"cutoff_resolution": timedelta(0)}, "from 1µs to one day"),
            ({"cutoff_resolution": timedelta(days=2)}, "from 1µs to one day"),
            ({"min_cutoff": time(17), "max_cutoff": time(16)}, "is before min_cutoff"),
            (
                {"min_cutoff": time(9, 10), "max_cutoff": time(9, 20)},  # no whole hour in it
                r"no multiple of cutoff_resolution=.* lies in \[09:10:00, 09:20:00\]",
            ),
            ({"batch_rules": ()}, "non-empty sequence of RRULE strings"),
            ({"batch_rules": "FREQ=DAILY"}, "non-empty sequence of RRULE strings"),
            ({"batch_rules": ("FREQ=SOMETIMES",)}, "batch_rules: Target.batch.*not an RFC 5545"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        """Impossible options raise InvalidArgument when the strategy is built."""
        with pytest.raises(InvalidArgument, match=match):
            testing.targets(**kwargs)  # type: ignore[arg-type]

    @given(testing.targets(kinds=("working_days",)))
    def test_default_cutoffs_on_the_hour_in_office_hours(self, target: sq.Target) -> None:
        """By default a cut-off is a whole hour from 09:00 to 18:00."""
        if target.cutoff is not None:
            assert time(9) <= target.cutoff <= time(18)
            assert target.cutoff.minute == target.cutoff.second == target.cutoff.microsecond == 0

    @given(
        testing.targets(
            kinds=("wall", "business"),
            resolution=timedelta(microseconds=1),
            max_duration=timedelta(seconds=1),
        )
    )
    def test_resolution(self, target: sq.Target) -> None:
        """A finer resolution draws durations from one step to max_duration."""
        assert target.duration is not None
        assert timedelta(microseconds=1) <= target.duration <= timedelta(seconds=1)

    def test_resolution_reaches_below_a_minute(self) -> None:
        """A microsecond grid draws durations that are not whole seconds, and shrinks to
        one step."""
        fine = testing.targets(kinds=("wall",), resolution=timedelta(microseconds=1))
        find(fine, lambda t: t.duration is not None and t.duration.microseconds != 0)
        assert find(fine, lambda t: True) == sq.Target.wall(timedelta(microseconds=1))

    @given(testing.targets(kinds=("working_days",), countings=("working_days",)))
    def test_countings_restrict_the_rule(self, target: sq.Target) -> None:
        """countings restricts the counting rules drawn (text forms need the default)."""
        assert target.counting == "working_days"

    @given(
        testing.targets(
            kinds=("working_days",), countings=("receipt_day_counted",), max_working_days=1
        )
    )
    def test_receipt_day_counted_counts_a_day(self, target: sq.Target) -> None:
        """With the receipt day counted, n = 0 has no day 1: such targets count one day."""
        assert target.counting == "receipt_day_counted"
        assert target.count == 1

    @pytest.mark.parametrize("counting", testing.COUNTINGS)
    def test_every_counting_occurs(self, counting: str) -> None:
        """Each counting rule can be drawn by default."""
        find(testing.targets(kinds=("working_days",)), lambda t: t.counting == counting)

    @given(
        testing.targets(
            kinds=("working_days",),
            min_cutoff=time(0),
            max_cutoff=time.max,
            cutoff_resolution=timedelta(seconds=1),
        )
    )
    def test_cutoff_bounds_and_grid(self, target: sq.Target) -> None:
        """Cut-offs lie on the cutoff_resolution grid (whole seconds here)."""
        if target.cutoff is not None:
            assert target.cutoff.microsecond == 0

    @pytest.mark.parametrize(
        ("kwargs", "wanted"),
        [
            # before the default range, at midnight
            ({"min_cutoff": time(0)}, lambda c: c == time(0)),
            # after it, near midnight on a microsecond grid
            (
                {"max_cutoff": time.max, "cutoff_resolution": timedelta(microseconds=1)},
                lambda c: c > time(23, 59) and c.microsecond != 0,
            ),
            # off the hour
            ({"cutoff_resolution": timedelta(minutes=15)}, lambda c: c.minute == 45),
        ],
    )
    def test_cutoffs_reach_what_is_asked(
        self, kwargs: dict[str, object], wanted: Callable[[time], bool]
    ) -> None:
        """Wider bounds and a finer grid are really drawn from."""
        find(
            testing.targets(kinds=("working_days",), **kwargs),  # type: ignore[arg-type]
            lambda t: t.cutoff is not None and wanted(t.cutoff),
        )

    @given(testing.targets(kinds=("batch",), batch_rules=("FREQ=MONTHLY;BYMONTHDAY=-1",)))
    def test_batch_rules(self, target: sq.Target) -> None:
        """batch_rules replaces the rules drawn."""
        assert target.rule == "FREQ=MONTHLY;BYMONTHDAY=-1"

    def test_many_working_days(self) -> None:
        """max_working_days reaches past the old cap of 60, up to the bound asked for."""
        many = testing.targets(kinds=("working_days",), max_working_days=250)
        got = find(many, lambda t: t.count is not None and t.count > 200)
        assert got.count is not None
        assert got.count <= 250


class TestPromises:
    def test_shrinks_to_one_wall_minute_on_24x7_utc(self) -> None:
        """The minimal promise: one 'respond' milestone of a wall minute, 24x7 in UTC."""
        p = find(testing.promises(), lambda p: True)
        assert p.milestones == {"respond": sq.Target.wall(timedelta(minutes=1))}
        assert p.calendar == sq.BusinessCalendar.always_open(zone="UTC")

    @given(testing.promises(calendar=SH_DESK, max_milestones=2))
    def test_given_calendar(self, p: sq.Promise) -> None:
        """With a calendar, every promise is measured on it."""
        assert p.calendar is SH_DESK
        assert 1 <= len(p.milestones) <= 2
        assert list(p.milestones) == list(testing.MILESTONE_NAMES[: len(p.milestones)])

    @given(testing.promises(kinds=("wall",)))
    def test_wall_only_needs_no_calendar(self, p: sq.Promise) -> None:
        """Wall targets only: no calendar is drawn."""
        assert p.calendar is None

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"calendar": "CN"}, "must be a BusinessCalendar or None"),
            ({"max_milestones": 0}, "from 1 to 5"),
            ({"kinds": ("daily",)}, "'daily' is not a target kind"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        """Impossible options raise InvalidArgument."""
        with pytest.raises(InvalidArgument, match=match):
            testing.promises(**kwargs)  # type: ignore[arg-type]


ATM = sq.Promise(
    service="atm_refund",
    calendar=SH_DESK,
    milestones={
        "respond": sq.Target.business(timedelta(hours=1)),
        "resolve": sq.Target.working_days(5),
    },
)

ATM_STATUSES = sq.Promise(
    service="atm_refund",
    calendar=SH_DESK,
    milestones=ATM.milestones,
    status_rules={
        "in_progress": sq.StatusRule.resume(),
        "awaiting_customer": sq.StatusRule.pause("等待客户补充材料"),
        "answered": sq.StatusRule.meet("respond"),
        "new_facts": sq.StatusRule.restart(),
        "assigned": sq.StatusRule.keep(),
    },
)


class TestEventLogs:
    def test_shrinks_to_opened(self) -> None:
        """The minimal log is Opened at the start given."""
        start = datetime(2025, 9, 26, 2, 0, tzinfo=UTC)
        assert find(testing.event_logs(ATM, start=start), lambda log: True) == [sq.Opened(at=start)]

    @given(st.data())
    @settings(max_examples=60)
    def test_every_log_is_valid(self, data: st.DataObject) -> None:
        """read_clock accepts every log drawn, at its last instant and later."""
        log = data.draw(testing.event_logs(ATM, max_events=30))
        assert isinstance(log[0], sq.Opened)
        assert all(a.at <= b.at for a, b in itertools.pairwise(log))
        assert len(log) <= 30
        sq.read_clock(ATM, log, log[-1].at)
        sq.read_clock(ATM, log, log[-1].at + timedelta(days=30))

    @pytest.mark.parametrize(
        "kind", [sq.Paused, sq.Resumed, sq.Met, sq.Resolved, sq.Reopened, sq.Retargeted]
    )
    def test_every_event_kind_occurs(self, kind: type) -> None:
        """Pauses, Met, Resolved, reopenings and retargets are all drawn."""
        find(testing.event_logs(ATM), lambda log: any(isinstance(e, kind) for e in log))

    def test_both_reopen_policies_occur(self) -> None:
        """A resumed reopening occurs (it un-meets milestones met by Resolved)."""
        find(
            testing.event_logs(ATM),
            lambda log: any(isinstance(e, sq.Reopened) and e.policy == "resume" for e in log),
        )

    @given(st.data())
    @settings(max_examples=60)
    def test_status_logs_are_valid(self, data: st.DataObject) -> None:
        """A promise with status rules gets StatusChanged events read_clock accepts."""
        log = data.draw(testing.event_logs(ATM_STATUSES, max_events=30))
        sq.read_clock(ATM_STATUSES, log, log[-1].at + timedelta(days=30))

    @pytest.mark.parametrize("status", list(ATM_STATUSES.status_rules))
    def test_every_status_occurs(self, status: str) -> None:
        """Each mapped status is drawn, the pause ones among explicit events too."""
        find(
            testing.event_logs(ATM_STATUSES),
            lambda log: any(isinstance(e, sq.StatusChanged) and e.status == status for e in log),
        )

    def test_no_statuses_without_status_rules(self) -> None:
        """A promise without status rules never gets a StatusChanged."""
        with pytest.raises(NoSuchExample):
            find(
                testing.event_logs(ATM),
                lambda log: any(isinstance(e, sq.StatusChanged) for e in log),
                settings=settings(max_examples=200),
            )

    @given(testing.event_logs(ATM, retarget_to=()))
    def test_no_retargets(self, log: list[sq.Event]) -> None:
        """retarget_to=() draws logs without severity changes."""
        assert not any(isinstance(e, sq.Retargeted) for e in log)

    def test_retarget_to_given_promises(self) -> None:
        """Retargets switch only to the promises given."""
        urgent = sq.Promise(
            service="atm_refund",
            name="urgent",
            milestones={"resolve": sq.Target.wall(timedelta(hours=24))},
        )
        log = find(
            testing.event_logs(ATM, retarget_to=[urgent]),
            lambda log: any(isinstance(e, sq.Retargeted) for e in log),
        )
        assert {e.promise.name for e in log if isinstance(e, sq.Retargeted)} == {"urgent"}

    @given(
        testing.promises(kinds=("wall",)).flatmap(
            lambda p: st.tuples(st.just(p), testing.event_logs(p))
        )
    )
    @settings(max_examples=30)
    def test_wall_only_promise(self, case: tuple[sq.Promise, list[sq.Event]]) -> None:
        """A promise with no calendar gets logs in UTC, retargeted to wall promises."""
        promise, log = case
        sq.read_clock(promise, log, log[-1].at)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"promise": "atm"}, "must be a Promise"),
            ({"start": datetime(2025, 1, 1)}, "timezone-aware"),  # noqa: DTZ001
            ({"max_events": 0}, "from 1 to 200"),
            ({"max_gap": timedelta(minutes=-1)}, "at least zero"),
            ({"retarget_to": ["urgent"]}, "'urgent' is not a Promise"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        """Impossible options raise InvalidArgument."""
        args: dict[str, object] = {"promise": ATM, **kwargs}
        with pytest.raises(InvalidArgument, match=match):
            testing.event_logs(**args)  # type: ignore[arg-type]


#: The calendar of the unit request_logs sends its work orders to.
UNIT_CALENDARS = {"card_centre": sq.BusinessCalendar.always_open(zone="UTC")}


class TestRequestLogs:
    """request_logs: one logs of a request that every reader accepts."""

    def test_shrinks_to_opened(self) -> None:
        """The minimal one log is Opened at the start given."""
        start = datetime(2025, 9, 26, 2, 0, tzinfo=UTC)
        assert find(testing.request_logs(ATM, start=start), lambda log: True) == [
            sq.Opened(at=start)
        ]

    @given(st.data())
    @settings(max_examples=60)
    def test_every_log_is_valid(self, data: st.DataObject) -> None:
        """read_request accepts every log drawn, at its last instant and later."""
        log: list[Any] = data.draw(testing.request_logs(ATM))
        assert isinstance(log[0], sq.Opened)
        assert all(a.at <= b.at for a, b in itertools.pairwise(log))
        for now in (log[-1].at, log[-1].at + timedelta(days=30)):
            sq.read_request(ATM, log, now, calendars=UNIT_CALENDARS)

    @pytest.mark.parametrize(
        "kind",
        [
            routing.Taken,
            routing.WorkOrderIssued,
            routing.WorkOrderAnswered,
            routing.HandoverAccepted,
            feedback.Received,
            feedback.Verified,
            sq.Resolved,
        ],
    )
    def test_every_reader_occurs(self, kind: type) -> None:
        """Routing's events, the loop's and the clock's are all drawn."""
        find(testing.request_logs(ATM), lambda log: any(isinstance(e, kind) for e in log))

    def test_work_orders_answered_before_resolved(self) -> None:
        """A log with Resolved and a work order has it answered first."""
        log = find(
            testing.request_logs(ATM),
            lambda log: (
                any(isinstance(e, sq.Resolved) for e in log)
                and any(isinstance(e, routing.WorkOrderIssued) for e in log)
            ),
        )
        sq.read_request(ATM, log, log[-1].at, calendars=UNIT_CALENDARS)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"promise": "atm"}, "must be a Promise"),
            ({"unit": " card_centre"}, "must be a unit's name"),
            ({"max_work_orders": 21}, "from 0 to 20"),
            ({"max_events": 0}, "from 1 to 200"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        """Impossible options raise InvalidArgument."""
        args: dict[str, object] = {"promise": ATM, **kwargs}
        with pytest.raises(InvalidArgument, match=match):
            testing.request_logs(**args)  # type: ignore[arg-type]


def test_importing_svcquality_does_not_import_hypothesis() -> None:
    """Only svcquality.testing imports hypothesis."""
    import subprocess
    import sys

    code = "import sys, svcquality; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- calls


@given(testing.calls())
def test_valid_calls_are_never_rejected(call: object) -> None:
    from svcquality import kpi

    sl = kpi.ServiceLevel(threshold=timedelta(seconds=15)).add(call)
    assert sl.rejected == {}
    assert kpi.AbandonRate().add(call).rejected == {}


@pytest.mark.parametrize(
    "reason",
    [
        "naive instant",
        "answered and abandoned",
        "neither answered nor abandoned",
        "missing arrival",
        "answered before arrival",
    ],
)
def test_invalid_calls_cover_every_rejection_reason(reason: str) -> None:
    from svcquality import kpi

    sl = kpi.ServiceLevel(threshold=timedelta(seconds=15))
    call = find(
        testing.calls(invalid=True),
        lambda c: reason in sl.add(c).rejected,
        settings=settings(max_examples=5000, database=None),
    )
    assert sl.add(call).rejected == {reason: 1}


def test_calls_refuses_a_short_max_wait() -> None:
    with pytest.raises(InvalidArgument, match="at least one second"):
        testing.calls(max_wait=timedelta(0))


def test_assertions_are_reexported() -> None:
    from svcquality import _assertions

    for name in ("assert_met", "assert_due", "assert_escalates", "assert_rulebook_valid"):
        assert getattr(testing, name) is getattr(_assertions, name)
