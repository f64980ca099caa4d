"""svcquality.read_clock_many: the clock on columns equals read_clock row by row.

Each generated table (openings, met instants per milestone, resolutions and a
pause table) is also written as one event log per row and read with
:func:`svcquality.read_clock`; every column must equal the scalar reading on
every row: state, and per milestone due, original due, status, elapsed,
remaining, budget, met_at, breached_at, wall_elapsed and paused. Instants are
drawn at random, on the calendar's window edges, and exactly at the due a
milestone would have, so met-at-due, pauses beginning or ending at a due and
zero-length stretches are all reached.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

import svcquality as sq
from svcquality import testing
from svcquality._instants import from_micros, to_micros
from svcquality.calendars import _columns as columns
from svcquality.calendars._columns import MISSING
from svcquality.errors import EventLogError, ParameterError, SvcQualityError

UTC = timezone.utc
SH = "Asia/Shanghai"
LOW = to_micros(datetime(2025, 1, 1, tzinfo=UTC))
SPAN = 330 * 86_400_000_000
MINUTE = 60_000_000
EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bank() -> sq.BusinessCalendar:
    return sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone=SH, holidays="CN"
    )


BANK = bank()


# --------------------------------------------------------------------------- tables


class Table:
    """A generated table and the per-row logs it stands for."""

    def __init__(self, size: int, milestones: list[str]) -> None:
        self.opened: list[int] = []
        self.resolved: list[int] = []
        self.met: dict[str, list[int]] = {m: [] for m in milestones}
        self.pauses: list[tuple[int, int, int]] = []  # row, start, end (MISSING: open)
        self.logs: list[list[sq.Event]] = []
        self.size = size

    def columns(self) -> dict[str, Any]:
        p = self.pauses
        return {
            "opened": np.array(self.opened, dtype=np.int64),
            "met": {m: np.array(v, dtype=np.int64) for m, v in self.met.items()},
            "resolved": np.array(self.resolved, dtype=np.int64),
            "pauses": (
                np.array([r for r, _, _ in p], dtype=np.int64),
                np.array([s for _, s, _ in p], dtype=np.int64),
                np.array([e for _, _, e in p], dtype=np.int64),
            ),
        }


def at(x: int) -> datetime:
    return from_micros(x, UTC)


def log_of(
    opened: int, pauses: list[tuple[int, int]], met: dict[str, int], resolved: int
) -> list[sq.Event]:
    """The row's log: at one instant, pause events first, then Met, then Resolved."""
    keyed: list[tuple[int, int, int, sq.Event]] = [(opened, 0, 0, sq.Opened(at=at(opened)))]
    n = 0
    for s, e in pauses:
        n += 1
        keyed.append((s, 0, n, sq.Paused(at=at(s))))
        if e != MISSING:
            n += 1
            keyed.append((e, 0, n, sq.Resumed(at=at(e))))
    for name, x in met.items():
        if x != MISSING:
            keyed.append((x, 1, 0, sq.Met(at=at(x), milestone=name)))
    if resolved != MISSING:
        keyed.append((resolved, 2, 0, sq.Resolved(at=at(resolved))))
    keyed.sort(key=lambda k: k[:3])
    return [k[3] for k in keyed]


@st.composite
def tables(draw: st.DrawFn, promise: sq.Promise, edges: list[int]) -> tuple[Table, int]:
    names = list(promise.milestones)
    size = draw(st.integers(1, 6), "rows")
    table = Table(size, names)
    gap = st.one_of(
        st.integers(0, 3 * 86_400_000_000),
        st.integers(0, 600).map(lambda k: k * MINUTE),
        st.sampled_from([0, 1, MINUTE]),
    )
    for row in range(size):
        o = draw(st.one_of(st.sampled_from(edges), st.integers(LOW, LOW + SPAN)), "opened")
        x = o
        pauses: list[tuple[int, int]] = []
        for _ in range(draw(st.integers(0, 3), "pauses")):
            s = x + draw(gap)
            e = s + draw(gap)
            pauses.append((s, e))
            x = e
        still_open = bool(pauses) and draw(st.booleans(), "last pause open")
        if still_open:
            pauses[-1] = (pauses[-1][0], MISSING)
            x = pauses[-1][0]
        resolved = MISSING
        if draw(st.booleans(), "resolved"):
            resolved = x + draw(gap)
        top = resolved if resolved != MISSING else x + 5 * 86_400_000_000
        met: dict[str, int] = {}
        for name in names:
            how = draw(st.sampled_from(("none", "random", "due")), f"met {name}")
            if how == "random":
                met[name] = draw(st.integers(o, top))
            elif how == "due":
                # Exactly at the due the milestone has with nothing met: the edge.
                try:
                    probe = read(promise, log_of(o, pauses, {}, resolved), top)
                except SvcQualityError:  # e.g. a calendar with no working hours at all
                    met[name] = MISSING
                    continue
                due = to_micros(probe.milestones[name].due)
                met[name] = due if o <= due <= top else MISSING
            else:
                met[name] = MISSING
        table.opened.append(o)
        table.resolved.append(resolved)
        for name in names:
            table.met[name].append(met.get(name, MISSING))
        table.pauses.extend((row, s, e) for s, e in pauses)
        table.logs.append(log_of(o, pauses, met, resolved))
    latest = max(table.opened)
    now = latest + draw(gap, "now after the last opening")
    return table, now


def event(text: str) -> None:
    """Count a kind of example (``--hypothesis-show-statistics``) in a property test."""
    if currently_in_test_context():
        hypothesis_event(text)


def log_pauses(log: list[sq.Event]) -> list[sq.Event]:
    return [e for e in log if isinstance(e, sq.Paused)]


def read(promise: sq.Promise, log: list[sq.Event], now: int) -> sq.ClockReading:
    return sq.read_clock(promise, log, at(now))


def micros(value: datetime | None) -> int:
    return MISSING if value is None else to_micros(value)


def td(value: timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


def check(promise: sq.Promise, table: Table, now: int) -> None:
    c = table.columns()

    def many() -> sq.ClockColumns:
        return sq.read_clock_many(
            promise, c["opened"], at(now), met=c["met"], resolved=c["resolved"], pauses=c["pauses"]
        )

    try:
        wants = [read(promise, log, now) for log in table.logs]
    except SvcQualityError as exc:  # the columns raise the same error for the table
        event("the scalar reading raised")
        with pytest.raises(type(exc)):
            many()
        return
    paused = sum(bool(log_pauses(log)) for log in table.logs)
    event(f"rows with pauses: {min(paused, 3)}+")
    met = sum(isinstance(e, sq.Met) for log in table.logs for e in log)
    event(f"met events: {min(met, 4)}+")
    got = many()
    assert got.rows == table.size
    for row, (log, want) in enumerate(zip(table.logs, wants, strict=True)):
        assert got.state[row] == want.state, row
        for name, m in want.milestones.items():
            cols = got[name]
            where = (row, name, log)
            assert cols.status[row] == m.status.value, where
            assert cols.due[row] == micros(m.due), where
            assert cols.original_due[row] == micros(m.original_due), where
            assert cols.elapsed[row] == td(m.elapsed), where
            assert cols.remaining[row] == td(m.remaining), where
            assert cols.budget[row] == td(m.budget), where
            assert cols.met_at[row] == micros(m.met_at), where
            assert cols.breached_at[row] == micros(m.breached_at), where
            assert cols.wall_elapsed[row] == td(m.wall_elapsed), where
            assert cols.paused[row] == td(m.paused), where


def edges_of(cal: sq.BusinessCalendar | None) -> list[int]:
    if cal is None:
        return [LOW]
    tl = cal._index.cover(2025, 2025)
    inside = sorted({x for x in tl.starts + tl.ends + tl.closes if LOW <= x < LOW + SPAN})
    return [x + k for x in inside[:400] for k in (-1, 0, 1)] or [LOW]


# --------------------------------------------------------------------------- laws


PERIODS = ("working_days", "days", "months")


@EXAMPLES
@given(st.data())
def test_equals_read_clock_on_the_bank_calendar(data: st.DataObject) -> None:
    promise = data.draw(
        testing.promises(
            calendar=BANK, kinds=("wall", "business", *PERIODS), max_duration=timedelta(days=3)
        ),
        "promise",
    )
    table, now = data.draw(tables(promise, edges_of(BANK)), "table")
    check(promise, table, now)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_equals_read_clock_in_chunks_of_two_rows(data: st.DataObject) -> None:
    """Rows go through in chunks: pauses and errors keep the table's rows across them."""
    promise = data.draw(
        testing.promises(calendar=BANK, kinds=("business", "working_days")), "promise"
    )
    table, now = data.draw(tables(promise, edges_of(BANK)), "table")
    with patch.object(columns, "CHUNK", 2):
        check(promise, table, now)


@EXAMPLES
@given(st.data())
def test_equals_read_clock_on_drawn_calendars(data: st.DataObject) -> None:
    cal = data.draw(
        testing.calendars(zones=("UTC", SH, "America/New_York"), holidays=(None, "CN")),
        "calendar",
    )
    promise = data.draw(
        testing.promises(calendar=cal, kinds=("wall", "business", "working_days", "days")),
        "promise",
    )
    table, now = data.draw(tables(promise, edges_of(cal)), "table")
    check(promise, table, now)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_equals_read_clock_for_batches_and_months(data: st.DataObject) -> None:
    promise = data.draw(
        testing.promises(calendar=BANK, kinds=("batch", "months"), max_milestones=2), "promise"
    )
    table, now = data.draw(tables(promise, edges_of(BANK)), "table")
    check(promise, table, now)


@EXAMPLES
@given(st.data())
def test_equals_read_clock_for_wall_targets_without_a_calendar(data: st.DataObject) -> None:
    promise = data.draw(testing.promises(kinds=("wall",)), "promise")
    assert promise.calendar is None
    table, now = data.draw(tables(promise, [LOW]), "table")
    check(promise, table, now)


def test_a_desk_open_only_on_sundays_equals_read_clock() -> None:
    """Failed before its fix: the column clock looked back 16 years for a working hour
    of a desk never open on a working day (the scalar clock stops at the budget's start)."""
    cal = sq.BusinessCalendar.weekly({"sun": "00:00-00:15"}, zone="UTC")
    promise = sq.Promise("desk", {"m": sq.Target.working_days(0)}, calendar=cal)
    opened = datetime(2025, 6, 4, 10, tzinfo=UTC)  # a Wednesday
    now = opened + timedelta(days=3)
    want = sq.read_clock(promise, [sq.Opened(opened)], now).milestones["m"]
    got = sq.read_clock_many(promise, np.array([to_micros(opened)]), now)["m"]
    assert got.due[0] == to_micros(want.due)
    assert got.status[0] == want.status.value


# --------------------------------------------------------------------------- references


def sh(*args: int) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo(SH))  # type: ignore[arg-type]


def x(*args: int) -> int:
    return to_micros(sh(*args))


ATM = sq.Promise(
    service="atm_refund",
    milestones={
        "respond": sq.Target.business(timedelta(hours=1)),
        "resolve": sq.Target.working_days(5),
    },
    calendar=BANK,
)


def one(
    promise: sq.Promise,
    opened: int,
    now: datetime,
    *,
    met: dict[str, int] | None = None,
    resolved: int = MISSING,
    pauses: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> sq.ClockColumns:
    table = Table(1, list(promise.milestones))
    table.opened.append(opened)
    table.resolved.append(resolved)
    for name in promise.milestones:
        table.met[name].append((met or {}).get(name, MISSING))
    table.pauses.extend((0, s, e) for s, e in pauses)
    c = table.columns()
    got = sq.read_clock_many(
        promise, c["opened"], now, met=c["met"], resolved=c["resolved"], pauses=c["pauses"]
    )
    table.logs.append(
        log_of(
            opened,
            list(pauses),
            dict(
                zip(
                    promise.milestones,
                    [(met or {}).get(n, MISSING) for n in promise.milestones],
                    strict=True,
                )
            ),
            resolved,
        )
    )
    check(promise, table, to_micros(now))
    return got


def test_an_atm_error_reported_before_national_day() -> None:
    # 30 September 2025, 16:00: five working days skip the National Day and
    # Mid-Autumn break (1-8 October) and count the make-up Saturday 11 October.
    got = one(ATM, x(2025, 9, 30, 16), sh(2025, 10, 20, 12))
    resolve = got["resolve"]
    assert resolve.due[0] == x(2025, 10, 14, 17)
    assert resolve.status[0] == "breached"
    assert resolve.breached_at[0] == x(2025, 10, 14, 17)
    assert got["respond"].due[0] == x(2025, 9, 30, 17)
    assert got.state[0] == "running"


def test_a_pause_ending_exactly_when_met() -> None:
    got = one(
        ATM,
        x(2025, 3, 3, 9),
        sh(2025, 3, 10, 9),
        met={"respond": x(2025, 3, 3, 9, 40)},
        pauses=[(x(2025, 3, 3, 9, 10), x(2025, 3, 3, 9, 40))],
    )
    assert got["respond"].elapsed[0] == 10 * MINUTE
    assert got["respond"].paused[0] == 30 * MINUTE
    assert got["respond"].status[0] == "met"


def test_zero_length_stretches_are_no_time_running() -> None:
    # Paused as it opened, resumed and paused again at one instant.
    t = x(2025, 3, 3, 10)
    got = one(
        ATM,
        t,
        sh(2025, 3, 3, 15),
        pauses=[(t, t + 20 * MINUTE), (t + 20 * MINUTE, t + 60 * MINUTE)],
    )
    respond = got["respond"]
    assert respond.elapsed[0] == 4 * 60 * MINUTE - 90 * MINUTE  # 11:00-12:00, 13:30-15:00
    assert respond.due[0] == t + 2 * 60 * MINUTE  # 12:00, the window's end, not 13:30


def test_budget_used_up_exactly_as_a_pause_begins_is_due_when_it_resumes() -> None:
    t = x(2025, 3, 3, 10)
    got = one(
        ATM,
        t,
        sh(2025, 3, 3, 16),
        pauses=[(t + 60 * MINUTE, x(2025, 3, 3, 14))],
    )
    respond = got["respond"]
    assert respond.due[0] == x(2025, 3, 3, 14)
    assert respond.status[0] == "breached"


def test_a_pause_open_at_the_resolution_ends_with_it() -> None:
    t = x(2025, 3, 3, 10)
    got = one(
        ATM,
        t,
        sh(2025, 3, 5, 10),
        resolved=x(2025, 3, 4, 10),
        pauses=[(t + 30 * MINUTE, MISSING)],
    )
    assert got.state[0] == "resolved"
    assert got["resolve"].status[0] == "met"
    assert got["resolve"].met_at[0] == x(2025, 3, 4, 10)
    assert got["respond"].status[0] == "met"  # met by the resolution, while paused


def test_paused_now_and_the_due_moves_with_now() -> None:
    t = x(2025, 3, 3, 10)
    got = one(ATM, t, sh(2025, 3, 3, 15), pauses=[(t + 30 * MINUTE, MISSING)])
    assert got.state[0] == "paused"
    assert got["respond"].status[0] == "paused"
    assert got["respond"].due[0] == x(2025, 3, 3, 15, 30)


def test_events_after_now_are_not_applied() -> None:
    t = x(2025, 3, 3, 10)
    got = one(
        ATM,
        t,
        sh(2025, 3, 3, 10, 30),
        met={"respond": x(2025, 3, 3, 11)},
        resolved=x(2025, 3, 4, 9),
        pauses=[(x(2025, 3, 3, 10, 45), x(2025, 3, 3, 10, 50))],
    )
    assert got.state[0] == "running"
    assert got["respond"].met_at[0] == MISSING
    assert got["respond"].elapsed[0] == 30 * MINUTE


# --------------------------------------------------------------------------- kinds


def test_missing_openings_are_missing_rows() -> None:
    opened = np.array([x(2025, 3, 3, 10), MISSING], dtype=np.int64)
    got = sq.read_clock_many(ATM, opened, sh(2025, 3, 4, 10))
    assert isinstance(got.state, np.ma.MaskedArray)
    assert got.state.mask.tolist() == [False, True]
    assert got["respond"].due[1] == MISSING
    assert got["respond"].status.mask.tolist() == [False, True]


def test_datetime64_columns_give_datetime64_and_timedelta64() -> None:
    opened = np.array([x(2025, 3, 3, 10)], dtype=np.int64).view("datetime64[us]")
    got = sq.read_clock_many(ATM, opened, sh(2025, 3, 3, 12))
    assert got["respond"].due.dtype == np.dtype("datetime64[us]")
    assert got["respond"].elapsed.dtype == np.dtype("timedelta64[us]")
    assert got["respond"].due[0] == np.datetime64(
        sh(2025, 3, 3, 11).astimezone(UTC).replace(tzinfo=None), "us"
    )


def test_pandas_columns_keep_their_index_and_show_the_calendars_zone() -> None:
    pd = pytest.importorskip("pandas")
    opened = pd.Series(pd.to_datetime(["2025-03-03 10:00", None]).tz_localize(SH), index=[7, 9])
    replied = pd.Series(pd.to_datetime(["2025-03-03 10:20", None]).tz_localize(SH), index=[7, 9])
    got = sq.read_clock_many(ATM, opened, sh(2025, 3, 4, 10), met={"respond": replied})
    due = got["respond"].due
    assert list(due.index) == [7, 9]
    assert str(due.dt.tz) == SH
    assert due.iloc[0] == pd.Timestamp("2025-03-03 11:00", tz=SH)
    assert pd.isna(due.iloc[1])
    assert got["respond"].status.iloc[0] == "met"
    assert pd.isna(got["respond"].status.iloc[1])
    assert due.name == "respond_due"


def test_polars_and_arrow_columns() -> None:
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    t = datetime(2025, 3, 3, 2, tzinfo=UTC)  # 10:00 in Shanghai
    for opened in (
        pl.Series("opened", [t, None], dtype=pl.Datetime("us", "UTC")),
        pa.array([t, None], type=pa.timestamp("us", tz="UTC")),
    ):
        got = sq.read_clock_many(ATM, opened, sh(2025, 3, 4, 10))
        status = got["respond"].status
        values = status.to_list() if hasattr(status, "to_list") else status.to_pylist()
        assert values == ["breached", None]


# --------------------------------------------------------------------------- errors


def opened1() -> Any:
    return np.array([x(2025, 3, 3, 10), x(2025, 3, 4, 10)], dtype=np.int64)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"resolved": np.array([MISSING, x(2025, 3, 4, 9)])},
            EventLogError,
            r"resolved row 1: at .* before the request opened",
        ),
        (
            {"met": {"respond": np.array([x(2025, 3, 3, 9), MISSING])}},
            EventLogError,
            r"met\['respond'\] row 0: at .* before the request opened",
        ),
        (
            {
                "met": {"respond": np.array([x(2025, 3, 5, 9), MISSING])},
                "resolved": np.array([x(2025, 3, 4, 9), MISSING]),
            },
            EventLogError,
            r"row 0: met at .* after the request was resolved",
        ),
        (
            {"met": {"reply": np.array([MISSING, MISSING])}},
            ParameterError,
            r"met\['reply'\].*respond",
        ),
        ({"met": {"respond": np.array([MISSING])}}, ParameterError, r"has 1 rows, opened 2"),
        ({"met": [1]}, ParameterError, r"met must be a mapping"),
        ({"resolved": np.array([MISSING])}, ParameterError, r"resolved has 1 rows"),
        (
            {"pauses": (np.array([2]), np.array([x(2025, 3, 3, 11)]), np.array([MISSING]))},
            EventLogError,
            r"pauses row 0: refers to row 2, but opened has 2 rows",
        ),
        (
            {
                "pauses": (
                    np.array([0]),
                    np.array([x(2025, 3, 3, 11)]),
                    np.array([x(2025, 3, 3, 10)]),
                )
            },
            EventLogError,
            r"pauses row 0: ends at .* before it starts",
        ),
        (
            {"pauses": (np.array([1]), np.array([x(2025, 3, 3, 11)]), np.array([MISSING]))},
            EventLogError,
            r"pauses row 0: starts at .* before row 1 opened",
        ),
        (
            {
                "pauses": (
                    np.array([0, 0]),
                    np.array([x(2025, 3, 3, 12), x(2025, 3, 3, 11)]),
                    np.array([MISSING, x(2025, 3, 3, 13)]),
                )
            },
            EventLogError,
            r"pauses row 0: starts at .* an earlier pause of row 0 has not ended",
        ),
        (
            {
                "pauses": (
                    np.array([0]),
                    np.array([x(2025, 3, 3, 11)]),
                    np.array([x(2025, 3, 3, 13)]),
                ),
                "resolved": np.array([x(2025, 3, 3, 12), MISSING]),
            },
            EventLogError,
            r"pauses row 0: lies after row 0 was resolved",
        ),
        (
            {"pauses": (np.array([0]), np.array([MISSING]), np.array([MISSING]))},
            EventLogError,
            r"pauses row 0: has no start",
        ),
        (
            {"pauses": (np.array([0.5]), np.array([x(2025, 3, 3, 11)]), np.array([MISSING]))},
            ParameterError,
            r"pauses\[0\] must be a column of row numbers",
        ),
        (
            {"pauses": (np.array([0]), np.array([x(2025, 3, 3, 11)]))},
            ParameterError,
            r"pauses must be a tuple of columns",
        ),
        (
            {"pauses": (np.array([0, 1]), np.array([x(2025, 3, 3, 11)]), np.array([MISSING]))},
            ParameterError,
            r"give row, start and end for every pause",
        ),
    ],
)
def test_rows_no_log_could_give_are_refused_naming_the_row(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        sq.read_clock_many(ATM, opened1(), sh(2025, 3, 6, 10), **kwargs)


def test_an_opening_after_now_is_refused() -> None:
    with pytest.raises(EventLogError, match=r"opened row 1: the request opens at .* after now"):
        sq.read_clock_many(ATM, opened1(), sh(2025, 3, 4, 9))


def test_pause_reasons_are_checked_when_the_promise_restricts_them() -> None:
    promise = sq.Promise(
        service="complaint",
        milestones={"resolve": sq.Target.working_days(15)},
        calendar=BANK,
        pause_reasons=("等待客户补充材料",),
    )
    pauses = (np.array([0]), np.array([x(2025, 3, 3, 11)]), np.array([MISSING]))
    with pytest.raises(ParameterError, match=r"give the reasons as a fourth column"):
        sq.read_clock_many(promise, opened1(), sh(2025, 3, 6, 10), pauses=pauses)
    with pytest.raises(EventLogError, match=r"did you mean '等待客户补充材料'"):
        sq.read_clock_many(
            promise, opened1(), sh(2025, 3, 6, 10), pauses=(*pauses, ["等待客户补充"])
        )
    got = sq.read_clock_many(
        promise, opened1(), sh(2025, 3, 6, 10), pauses=(*pauses, ["等待客户补充材料"])
    )
    assert got.state.tolist() == ["paused", "running"]


@pytest.mark.parametrize("chunk", [1, 2, 65_536])
def test_a_calendar_error_names_the_table_row(chunk: int) -> None:
    cal = sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-17:00"}, zone=SH, holidays="CN", years=(2025, 2025)
    )
    promise = sq.Promise(
        service="s", milestones={"resolve": sq.Target.working_days(5)}, calendar=cal
    )
    opened = np.array([x(2025, 3, 3, 10), MISSING, x(2025, 12, 30, 10)], dtype=np.int64)
    with (
        patch.object(columns, "CHUNK", chunk),
        pytest.raises(sq.UntrustedYearError, match=r"^row 2: "),
    ):
        sq.read_clock_many(promise, opened, sh(2025, 12, 31, 10))


def test_unknown_milestone_lookup_names_the_milestones() -> None:
    got = sq.read_clock_many(ATM, opened1(), sh(2025, 3, 6, 10))
    with pytest.raises(KeyError, match="respond"):
        got["reply"]
    assert list(got) == ["respond", "resolve"]


def test_naive_now_and_wrong_promise_are_refused() -> None:
    with pytest.raises(sq.NaiveDatetimeError):
        sq.read_clock_many(ATM, opened1(), datetime(2025, 3, 6, 10))  # noqa: DTZ001
    with pytest.raises(ParameterError, match="promise must be a Promise"):
        sq.read_clock_many("atm", opened1(), sh(2025, 3, 6, 10))  # type: ignore[arg-type]
