"""PromiseCompliance: the three bases on known readings, rejections, merge laws."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import svcquality as sq
from svcquality.kpi import Objective, PromiseCompliance, Scorecard

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 11, 3, 9, tzinfo=SH)
H = timedelta(hours=1)
DUTY = sq.BusinessCalendar.always_open(zone="Asia/Shanghai")
PROMISE = sq.Promise(
    service="loss_report",
    calendar=DUTY,
    milestones={"respond": sq.Target.wall(H), "initial_disposal": sq.Target.wall(4 * H)},
)
NOW = T0 + 10 * H


def read(*events: sq.Event) -> sq.ClockReading:
    return sq.read_clock(PROMISE, [sq.Opened(at=T0), *events], NOW)


ON_TIME = read(sq.Met(at=T0 + 0.5 * H, milestone="respond"), sq.Resolved(at=T0 + 3 * H))
LATE = read(sq.Met(at=T0 + 2 * H, milestone="respond"), sq.Resolved(at=T0 + 3 * H))
OPEN_OK = sq.read_clock(PROMISE, [sq.Opened(at=NOW - 0.5 * H)], NOW)
OPEN_BREACHED = read(sq.Met(at=T0 + 0.5 * H, milestone="respond"))  # disposal due at 13:00
REOPENED = read(
    sq.Met(at=T0 + 2 * H, milestone="respond"),  # late in the first cycle
    sq.Resolved(at=T0 + 3 * H),
    sq.Reopened(at=T0 + 4 * H),
    sq.Resolved(at=T0 + 4.5 * H),  # on time in the second
)
ALL = (ON_TIME, LATE, OPEN_OK, OPEN_BREACHED, REOPENED)


@pytest.mark.parametrize(
    ("basis", "compliant", "measured", "still_open"),
    [
        ("closed", 1, 3, 2),
        ("closed_and_breached_open", 1, 4, 1),
        ("ever_breached", 2, 5, 0),
    ],
)
def test_bases(basis: str, compliant: int, measured: int, still_open: int) -> None:
    kpi = PromiseCompliance(basis=basis).add_all(ALL)  # type: ignore[arg-type]
    assert (kpi.compliant, kpi.measured, kpi.open) == (compliant, measured, still_open)
    assert kpi.value == compliant / measured
    assert kpi.rejected == {}


def test_exact_and_as_a_scorecard_objective() -> None:
    kpi = PromiseCompliance().add_all(ALL)
    assert kpi.exact == Fraction(1, 3)
    assert PromiseCompliance().exact is None
    card = Scorecard(objectives=[Objective("on_time", PromiseCompliance(), target=0.9)])
    card = card.add_all(("2025-11", "branch", r) for r in ALL)
    (line,) = card.report(period="2025-11", unit="branch")
    assert (line.value, line.met, line.records) == (1 / 3, False, 5)


def test_one_milestone() -> None:
    kpi = PromiseCompliance(milestone="respond").add_all(ALL)
    # respond is closed in ON_TIME, LATE, OPEN_BREACHED and REOPENED; late in LATE and REOPENED.
    assert (kpi.compliant, kpi.measured, kpi.open) == (2, 4, 1)


def test_nothing_measured_is_none() -> None:
    assert PromiseCompliance().value is None
    assert PromiseCompliance().add(OPEN_OK).value is None


def test_rejections_are_counted() -> None:
    kpi = PromiseCompliance(milestone="resolve").add_all([ON_TIME, "not a reading"])
    assert kpi.rejected == {"milestone not in the reading": 1, "wrong record type": 1}
    assert kpi.measured == 0


def test_bad_options() -> None:
    with pytest.raises(sq.ParameterError, match="basis must be one of 'closed'"):
        PromiseCompliance(basis="all")  # type: ignore[arg-type]
    with pytest.raises(sq.ParameterError, match="milestone must be a milestone name"):
        PromiseCompliance(milestone="")


parts = st.lists(st.sampled_from(ALL), max_size=6)


@given(parts, parts, parts)
def test_merge_is_associative_and_commutative(
    a: list[sq.ClockReading], b: list[sq.ClockReading], c: list[sq.ClockReading]
) -> None:
    empty = PromiseCompliance(basis="closed_and_breached_open")
    x, y, z = (empty.add_all(p) for p in (a, b, c))
    assert x.merge(y).merge(z) == x.merge(y.merge(z))
    assert x.merge(y) == y.merge(x)
    assert x.merge(empty) == x
    assert x.merge(y).merge(z) == empty.add_all(a + b + c)


def test_picklable() -> None:
    kpi = PromiseCompliance().add_all(ALL)
    assert pickle.loads(pickle.dumps(kpi)) == kpi


# ------------------------------------------------------- occurrences (next reply, updates)

DESK = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN"
)
CHAT = sq.Promise(
    "online_chat",
    {"reply": sq.Target.business(H), "resolve": sq.Target.working_days(5)},
    calendar=DESK,
    replies=("reply",),
)
MON = datetime(2025, 10, 13, tzinfo=SH)  # a Monday


def chat(*events: sq.Event, now: datetime = MON + 16 * H) -> sq.ClockReading:
    return sq.read_clock(CHAT, [sq.Opened(at=MON + 9.5 * H), *events], now)


#: A reply 5 minutes late, then one on time, then a message still waiting.
TALKED = chat(
    sq.CustomerMessage(at=MON + 10 * H),
    sq.CustomerMessage(at=MON + 10 * H + timedelta(minutes=20)),
    sq.Met(at=MON + 11 * H + timedelta(minutes=5), milestone="reply"),
    sq.CustomerMessage(at=MON + 14 * H),
    sq.Met(at=MON + 14.5 * H, milestone="reply"),
    sq.CustomerMessage(at=MON + 15.5 * H),
)
SILENT = chat()  # no message: no occurrence, nothing due
RESOLVED_WAITING = chat(
    sq.CustomerMessage(at=MON + 10 * H),
    sq.Resolved(at=MON + 10.5 * H),  # the resolution ends the waiting occurrence
    sq.Reopened(at=MON + 11 * H),
    sq.CustomerMessage(at=MON + 14 * H),
    sq.Met(at=MON + 16 * H, milestone="reply"),  # late, in the second cycle
)
CHATS = (TALKED, SILENT, RESOLVED_WAITING)


def test_occurrences_count_each_closed_reply() -> None:
    kpi = PromiseCompliance(basis="occurrences", milestone="reply").add(TALKED)
    assert (kpi.compliant, kpi.measured, kpi.open) == (1, 2, 1)
    assert kpi.value == 0.5


def test_occurrences_over_cycles_and_silent_requests() -> None:
    kpi = PromiseCompliance(basis="occurrences", milestone="reply").add_all(CHATS)
    assert (kpi.compliant, kpi.measured, kpi.open) == (2, 4, 1)
    assert kpi.rejected == {}


def test_occurrences_count_a_milestone_that_does_not_repeat_once_per_cycle() -> None:
    kpi = PromiseCompliance(basis="occurrences", milestone="resolve").add_all(CHATS)
    # TALKED and SILENT: open; RESOLVED_WAITING: met in cycle 0, open in cycle 1
    assert (kpi.compliant, kpi.measured, kpi.open) == (1, 1, 3)
    every = PromiseCompliance(basis="occurrences").add(RESOLVED_WAITING)
    assert (every.compliant, every.measured, every.open) == (2, 3, 1)


def test_occurrences_reject_a_reading_without_the_milestone() -> None:
    kpi = PromiseCompliance(basis="occurrences", milestone="update").add_all([TALKED, 3])
    assert kpi.measured == 0
    assert kpi.rejected == {"milestone not in the reading": 1, "wrong record type": 1}


def test_the_basis_names_come_from_the_literal() -> None:
    with pytest.raises(sq.ParameterError, match="'ever_breached', 'occurrences'; got 'each'"):
        PromiseCompliance(basis="each")  # type: ignore[arg-type]


chats = st.lists(st.sampled_from(CHATS + ALL), max_size=6)


@given(chats, chats, chats)
def test_occurrences_merge_is_associative_and_commutative(
    a: list[sq.ClockReading], b: list[sq.ClockReading], c: list[sq.ClockReading]
) -> None:
    empty = PromiseCompliance(basis="occurrences")
    x, y, z = (empty.add_all(p) for p in (a, b, c))
    assert x.merge(y).merge(z) == x.merge(y.merge(z))
    assert x.merge(y) == y.merge(x)
    assert x.merge(empty) == x
    assert x.merge(y).merge(z) == empty.add_all(a + b + c)


# ------------------------------------- request bases over occurrences (review 15, F5)

#: An open chat whose only reply was 4 business hours late: no message waits, so
#: the reading has no current milestone. Before the fix the request bases read
#: only the current milestones: it counted as closed and compliant (all(()) is
#: True), and naming the milestone rejected the reading as "not in the reading".
LATE_REPLY_OPEN = sq.read_clock(
    sq.Promise("chat_only", {"reply": sq.Target.business(H)}, calendar=DESK, replies=("reply",)),
    [
        sq.Opened(at=MON + 9.5 * H),
        sq.CustomerMessage(at=MON + 10 * H),
        sq.Met(at=MON + 15 * H, milestone="reply"),  # due 11:00: 4 business hours late
    ],
    MON + 24 * H + 9 * H,
)
UPDATES = sq.Promise(
    "complaint_updates",
    {"update": sq.Target.business(2 * H), "resolve": sq.Target.working_days(15)},
    calendar=DESK,
    repeats=("update",),
)
#: An update breached at occurrence 0 (due 11:30, met 14:00), occurrence 1 met on time.
UPDATE_LATE_THEN_ON_TIME = sq.read_clock(
    UPDATES,
    [
        sq.Opened(at=MON + 9.5 * H),
        sq.Met(at=MON + 14 * H, milestone="update"),
        sq.Met(at=MON + 15 * H, milestone="update"),
    ],
    MON + 15.5 * H,
)
#: The same, resolved at 16:00: closed, and still not compliant.
UPDATE_LATE_RESOLVED = sq.read_clock(
    UPDATES,
    [
        sq.Opened(at=MON + 9.5 * H),
        sq.Met(at=MON + 14 * H, milestone="update"),
        sq.Resolved(at=MON + 16 * H),
    ],
    MON + 16.5 * H,
)


def test_the_readings_are_what_the_tests_below_say() -> None:
    """The late reply and update are in the occurrences, not in the current milestones."""
    assert LATE_REPLY_OPEN.state == "running"
    assert dict(LATE_REPLY_OPEN.milestones) == {}
    (reply,) = LATE_REPLY_OPEN.occurrences["reply"]
    assert reply.status is sq.Status.BREACHED
    first, second, third = UPDATE_LATE_THEN_ON_TIME.occurrences["update"]
    assert (first.status, second.status, third.status) == (
        sq.Status.BREACHED,
        sq.Status.MET,
        sq.Status.RUNNING,
    )
    assert UPDATE_LATE_THEN_ON_TIME.milestones["update"].status is sq.Status.RUNNING


@pytest.mark.parametrize("milestone", [None, "reply"])
@pytest.mark.parametrize(
    ("basis", "counts"),
    [
        # (compliant, measured, open): open, not closed; before the fix (1, 1, 0)
        ("closed", (0, 0, 1)),
        # breached ever: measured, not compliant; before the fix (1, 1, 0)
        ("closed_and_breached_open", (0, 1, 0)),
        ("ever_breached", (0, 1, 0)),
    ],
)
def test_a_late_reply_is_a_breach_and_an_open_chat_is_open(
    basis: str, counts: tuple[int, int, int], milestone: str | None
) -> None:
    """A past late reply counts; naming the reply milestone reads its occurrences."""
    kpi = PromiseCompliance(basis=basis, milestone=milestone).add(LATE_REPLY_OPEN)  # type: ignore[arg-type]
    assert (kpi.compliant, kpi.measured, kpi.open) == counts
    assert kpi.rejected == {}


@pytest.mark.parametrize("milestone", [None, "update"])
@pytest.mark.parametrize(
    ("basis", "running", "resolved"),
    [
        # a repeating milestone closes only with the request; before the fix occurrence
        # 0's breach was not seen: (1, 1, 0) wherever the request was measured
        ("closed", (0, 0, 1), (0, 1, 0)),
        ("closed_and_breached_open", (0, 1, 0), (0, 1, 0)),
        ("ever_breached", (0, 1, 0), (0, 1, 0)),
    ],
)
def test_an_update_breached_at_an_earlier_occurrence(
    basis: str,
    running: tuple[int, int, int],
    resolved: tuple[int, int, int],
    milestone: str | None,
) -> None:
    """Occurrence 0 late, occurrence 1 on time: breached ever, closed only when resolved."""
    for reading, counts in ((UPDATE_LATE_THEN_ON_TIME, running), (UPDATE_LATE_RESOLVED, resolved)):
        kpi = PromiseCompliance(basis=basis, milestone=milestone).add(reading)  # type: ignore[arg-type]
        assert (kpi.compliant, kpi.measured, kpi.open) == counts


def test_a_silent_chat_is_open_and_an_unknown_milestone_still_rejected() -> None:
    """No message yet: nothing breached, open; a milestone the promise lacks is refused."""
    kpi = PromiseCompliance(basis="closed").add(SILENT)
    assert (kpi.compliant, kpi.measured, kpi.open) == (0, 0, 1)
    kpi = PromiseCompliance(basis="ever_breached", milestone="reply").add(SILENT)
    assert (kpi.compliant, kpi.measured, kpi.open) == (1, 1, 0)
    kpi = PromiseCompliance(basis="closed", milestone="update").add(LATE_REPLY_OPEN)
    assert kpi.rejected == {"milestone not in the reading": 1}


occurring = st.lists(
    st.sampled_from(
        (*CHATS, *ALL, LATE_REPLY_OPEN, UPDATE_LATE_THEN_ON_TIME, UPDATE_LATE_RESOLVED)
    ),
    max_size=6,
)


@given(occurring, occurring, occurring, st.sampled_from(["closed", "ever_breached"]))
def test_request_bases_merge_over_occurrences(
    a: list[sq.ClockReading], b: list[sq.ClockReading], c: list[sq.ClockReading], basis: str
) -> None:
    """The laws hold with readings whose milestones occur."""
    empty = PromiseCompliance(basis=basis)  # type: ignore[arg-type]
    x, y, z = (empty.add_all(p) for p in (a, b, c))
    assert x.merge(y).merge(z) == x.merge(y.merge(z))
    assert x.merge(y) == y.merge(x)
    assert x.merge(y).merge(z) == empty.add_all(a + b + c)
