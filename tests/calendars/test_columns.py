"""svcquality.calendars: the column forms equal the scalar methods on every row.

Each ``*_many`` method is checked against its scalar method row by row on
generated calendars (split and overnight windows, DST zones in both
hemispheres and Lord Howe's half-hour shift, China's make-up working days),
on instants drawn both at random and exactly on window edges, with negative
spans, missing rows and trusted-year bounds. Where the scalar method raises on
a row, the column form raises the same error naming the first such row.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import svcquality as sq
from svcquality import testing
from svcquality._instants import from_micros, to_micros
from svcquality.calendars._columns import MISSING
from svcquality.errors import SvcQualityError

UTC = timezone.utc
LOW = to_micros(datetime(2025, 1, 1, tzinfo=UTC))
HIGH = to_micros(datetime(2025, 12, 1, tzinfo=UTC))
DAY = 86_400_000_000
ZONES = ("UTC", "Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "Europe/London")
CALENDARS = testing.calendars(zones=ZONES, holidays=(None, "CN"))
EXAMPLES = settings(max_examples=40, deadline=None)


def bank() -> sq.BusinessCalendar:
    return sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN"
    )


def edges(cal: sq.BusinessCalendar) -> list[int]:
    """Window starts and ends of 2025 and the microseconds either side of them."""
    tl = cal._index.cover(2025, 2025)
    inside = [x for x in tl.starts + tl.ends + tl.closes if LOW <= x < HIGH]
    out = [x + k for x in sorted(set(inside))[:600] for k in (-1, 0, 1)]
    return out or [LOW]


def rows(data: st.DataObject, cal: sq.BusinessCalendar, *, label: str) -> list[int]:
    """A column of instants: random ones around 2025 and ones on window edges."""
    edge = st.sampled_from(edges(cal))
    anywhere = st.integers(LOW - 5 * DAY, HIGH + 5 * DAY)
    minute = anywhere.map(lambda x: x - x % 60_000_000)
    return data.draw(st.lists(st.one_of(edge, anywhere, minute), min_size=1, max_size=25), label)


def outcome(fn: Callable[[], Any]) -> Any:
    """The scalar's answer, or its error as (type, message)."""
    try:
        return fn()
    except SvcQualityError as exc:
        return (type(exc), str(exc))


def check_rows(column: Callable[[], Any], expected: list[Any]) -> None:
    """The column equals the scalar outcomes, or raises the first row's error."""
    errors = [(i, e) for i, e in enumerate(expected) if isinstance(e, tuple)]
    if errors:
        row, (kind, message) = errors[0]
        with pytest.raises(kind, match=f"^{re.escape(f'row {row}: {message}')}$"):
            column()
        return
    got = column()
    assert [int(v) for v in got] == expected


def trusted(cal: sq.BusinessCalendar) -> sq.BusinessCalendar:
    """The same rules and zone, trusting only the year 2025."""
    return sq.BusinessCalendar(cal.rules, cal.zone, years=(2025, 2025))


def t(cal: sq.BusinessCalendar, x: int) -> datetime:
    return from_micros(x, cal.zone)


# --------------------------------------------------------------------------- laws


@EXAMPLES
@given(CALENDARS, st.booleans(), st.data())
def test_between_many_equals_between(
    cal: sq.BusinessCalendar, trust: bool, data: st.DataObject
) -> None:
    """Open time per row equals between(a, b), negative spans included."""
    cal = trusted(cal) if trust else cal
    xa = rows(data, cal, label="a")
    xb = [x + data.draw(st.integers(-20 * DAY, 20 * DAY)) for x in xa]
    expected = [
        outcome(lambda a=a, b=b: cal._open_between(a, b)) for a, b in zip(xa, xb, strict=True)
    ]
    fresh = sq.BusinessCalendar(cal.rules, cal.zone, years=cal.years)  # nothing compiled yet
    check_rows(lambda: fresh.between_many(np.array(xa), np.array(xb)), expected)


@EXAMPLES
@given(CALENDARS, st.booleans(), st.data())
def test_add_many_equals_add(cal: sq.BusinessCalendar, trust: bool, data: st.DataObject) -> None:
    """add(t, d) per row: landing on window ends (d from between), negative d, d == 0."""
    cal = trusted(cal) if trust else cal
    xs = rows(data, cal, label="t")
    ends = edges(cal)
    ds = []
    for x in xs:
        how = data.draw(st.sampled_from(["random", "to an edge", "zero"]))
        if how == "random":
            ds.append(data.draw(st.integers(-15 * DAY, 15 * DAY)))
        elif how == "to an edge":
            ds.append(
                sq.BusinessCalendar(cal.rules, cal.zone)._open_between(
                    x, data.draw(st.sampled_from(ends))
                )
            )
        else:
            ds.append(0)
    expected = [
        outcome(lambda x=x, d=d: cal._add_micros(x, d)) for x, d in zip(xs, ds, strict=True)
    ]
    fresh = sq.BusinessCalendar(cal.rules, cal.zone, years=cal.years)
    check_rows(lambda: fresh.add_many(np.array(xs), np.array(ds)), expected)
    if not any(isinstance(e, tuple) for e in expected):
        via_timedelta = cal.add_many(np.array(xs), np.array(ds, dtype="timedelta64[us]"))
        assert via_timedelta.tolist() == expected


@EXAMPLES
@given(
    CALENDARS,
    st.booleans(),
    st.integers(0, 6),
    st.sampled_from(["working_days", "receipt_day_counted", "calendar_days"]),
    st.one_of(st.none(), st.times()),
    st.data(),
)
def test_working_day_deadline_many_equals_scalar(  # noqa: PLR0917 (one per strategy)
    cal: sq.BusinessCalendar,
    trust: bool,
    n: int,
    counting: Any,
    cutoff: time | None,
    data: st.DataObject,
) -> None:
    """Every counting, with and without a cut-off, row by row."""
    n = max(n, 1) if counting == "receipt_day_counted" else n
    cal = trusted(cal) if trust else cal
    xs = rows(data, cal, label="received")
    expected = [
        outcome(
            lambda x=x: to_micros(cal.working_day_deadline(t(cal, x), n, cutoff, counting=counting))
        )
        for x in xs
    ]
    fresh = sq.BusinessCalendar(cal.rules, cal.zone, years=cal.years)
    check_rows(
        lambda: fresh.working_day_deadline_many(np.array(xs), n, cutoff, counting=counting),
        expected,
    )


@EXAMPLES
@given(
    CALENDARS,
    st.booleans(),
    st.integers(1, 40),
    st.sampled_from(["days", "months"]),
    st.one_of(st.none(), st.times()),
    st.data(),
)
def test_period_deadline_many_equals_scalar(  # noqa: PLR0917 (one per strategy)
    cal: sq.BusinessCalendar,
    trust: bool,
    n: int,
    unit: Any,
    cutoff: time | None,
    data: st.DataObject,
) -> None:
    """Day and month periods (Civil Code Art. 201-203), with and without a cut-off."""
    cal = trusted(cal) if trust else cal
    xs = rows(data, cal, label="received")
    expected = [
        outcome(lambda x=x: to_micros(cal.period_deadline(t(cal, x), n, unit=unit, cutoff=cutoff)))
        for x in xs
    ]
    fresh = sq.BusinessCalendar(cal.rules, cal.zone, years=cal.years)
    check_rows(
        lambda: fresh.period_deadline_many(np.array(xs), n, unit=unit, cutoff=cutoff), expected
    )


@EXAMPLES
@given(CALENDARS, st.booleans(), st.data())
def test_working_days_between_many_equals_scalar(
    cal: sq.BusinessCalendar, trust: bool, data: st.DataObject
) -> None:
    """Working-day counts per row equal working_days_between, negative spans included."""
    cal = trusted(cal) if trust else cal
    xa = rows(data, cal, label="a")
    xb = [x + data.draw(st.integers(-40 * DAY, 40 * DAY)) for x in xa]
    expected = [
        outcome(lambda a=a, b=b: cal.working_days_between(t(cal, a), t(cal, b)))
        for a, b in zip(xa, xb, strict=True)
    ]
    fresh = sq.BusinessCalendar(cal.rules, cal.zone, years=cal.years)
    check_rows(lambda: fresh.working_days_between_many(np.array(xa), np.array(xb)), expected)


@EXAMPLES
@given(CALENDARS, st.data())
def test_is_open_many_equals_is_open(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """Open or closed per row, window starts open and ends closed."""
    xs = rows(data, cal, label="t")
    got = cal.is_open_many(np.array(xs))
    assert got.dtype == np.bool_
    assert got.tolist() == [cal.is_open(t(cal, x)) for x in xs]


@settings(max_examples=25, deadline=None)
@given(CALENDARS, st.data())
def test_local_dates_follow_the_zone(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """The arrays' local date and time of day equal the zone's, across DST changes."""
    from svcquality.calendars._columns import _local, tables

    xs = rows(data, cal, label="t")
    tb = tables(cal, cal._index.cover(2024, 2026))
    days, tods = _local(np, tb, np.array(xs))
    for x, o, tod in zip(xs, days.tolist(), tods.tolist(), strict=True):
        local = t(cal, x)
        assert o == local.toordinal()
        since = timedelta(hours=local.hour, minutes=local.minute, seconds=local.second) + timedelta(
            microseconds=local.microsecond
        )
        assert tod == since // timedelta(microseconds=1)


# --------------------------------------------------------------------------- examples


class TestBetweenMany:
    def test_a_bank_day(self) -> None:
        """A Monday 08:00 to Tuesday 10:00 at a split-shift branch: 6.5 h + 1 h."""
        cal = bank()
        z = cal.zone
        a = datetime(2025, 3, 3, 8, tzinfo=z)
        b = datetime(2025, 3, 4, 10, tzinfo=z)
        got = cal.between_many(np.array([to_micros(a)]), np.array([to_micros(b)]))
        assert got.tolist() == [int(7.5 * 3_600_000_000)]

    def test_datetime64_gives_timedelta64_and_keeps_nat(self) -> None:
        """datetime64 in, timedelta64[us] out; NaT rows are NaT."""
        cal = bank()
        a = np.array(["2025-03-03T00:00", "NaT"], dtype="datetime64[m]")
        b = np.array(["2025-03-04T00:00", "2025-03-04T00:00"], dtype="datetime64[s]")
        got = cal.between_many(a, b)
        assert got.dtype == np.dtype("timedelta64[us]")
        assert got[0] == np.timedelta64(int(6.5 * 3600), "s")
        assert np.isnat(got[1])

    def test_int64_missing_is_the_integer_behind_nat(self) -> None:
        """In an int64 column the integer behind NaT marks a missing row, both ways."""
        cal = bank()
        got = cal.between_many(np.array([LOW, MISSING]), np.array([LOW, LOW]))
        assert got.tolist() == [0, MISSING]

    def test_nanoseconds_must_be_whole_microseconds(self) -> None:
        """A part finer than a microsecond is refused, naming the row."""
        a = np.array(["2025-03-03T00:00:00.000000000", "2025-03-03T00:00:00.000000001"], "M8[ns]")
        with pytest.raises(sq.ParameterError, match=r"row 1 has a part finer than a microsecond"):
            bank().between_many(a, a)

    def test_lengths_must_match(self) -> None:
        with pytest.raises(sq.ParameterError, match=r"a has 2 rows and b 1"):
            bank().between_many(np.array([LOW, LOW]), np.array([LOW]))

    def test_a_list_is_not_a_column(self) -> None:
        with pytest.raises(sq.ParameterError, match=r"must be a column of instants.*got list"):
            bank().between_many([LOW], [LOW])

    def test_two_dimensions_are_refused(self) -> None:
        with pytest.raises(sq.ParameterError, match=r"one-dimensional column, got shape \(1, 1\)"):
            bank().between_many(np.array([[LOW]]), np.array([[LOW]]))

    def test_out_of_range_names_the_row(self) -> None:
        """An instant past the years a calendar covers raises the scalar's error, row named."""
        far = np.array([LOW, (1 << 62)])
        with pytest.raises(sq.CalendarError, match=r"^row 1: the instant .* is outside the years"):
            bank().between_many(far, far)

    @pytest.mark.parametrize(
        "call",
        [
            lambda c, x: c.between_many(x, x),
            lambda c, x: c.add_many(x, timedelta(hours=1)),
            lambda c, x: c.is_open_many(x),
            lambda c, x: c.working_day_deadline_many(x, 3),
            lambda c, x: c.working_day_deadline_many(x, 0),
            lambda c, x: c.period_deadline_many(x, 1),
            lambda c, x: c.period_deadline_many(x, 1, unit="months"),
            lambda c, x: c.working_days_between_many(x, x),
        ],
    )
    @pytest.mark.parametrize(
        "far",
        [
            to_micros(datetime.min.replace(tzinfo=UTC)),
            to_micros(datetime(1, 12, 31, 12, tzinfo=UTC)),
            to_micros(datetime(9999, 1, 1, tzinfo=UTC)),
            to_micros(datetime.max.replace(tzinfo=UTC)),
        ],
    )
    def test_years_1_and_9999_name_the_row(
        self, call: Callable[[sq.BusinessCalendar, Any], object], far: int
    ) -> None:
        """A row in year 1 or 9999 raises the scalar's CalendarError, never 'year 0 is
        out of range' from compiling a year no datetime holds."""
        with pytest.raises(sq.CalendarError, match=r"^row 1: .* is outside the years 2\.\.9998"):
            call(bank(), np.array([LOW, far]))

    def test_overflowing_datetime64_is_refused(self) -> None:
        far = np.array(["2025-01-01", "300000-01-01"], dtype="datetime64[D]")
        with pytest.raises(sq.ParameterError, match=r"row 1 .* does not fit in int64"):
            bank().between_many(far, far)

    def test_untrusted_row_is_named(self) -> None:
        cal = sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai", holidays="CN", years=range(2025, 2026)
        )
        xs = np.array([LOW + DAY, LOW + DAY, LOW - 400 * DAY])
        with pytest.raises(sq.UntrustedYearError, match=r"^row 2: a 2023-.* falls outside"):
            cal.between_many(xs, xs)

    def test_a_long_column_crosses_chunks(self) -> None:
        """More rows than one numpy pass, with the years compiled on the way."""
        cal = bank()
        xs = np.arange(LOW - 800 * DAY, LOW + 800 * DAY, 1600 * DAY // 150_000, dtype=np.int64)
        got = cal.between_many(xs, xs + 3 * DAY)
        pick = list(range(0, xs.size, 997))
        assert [int(got[i]) for i in pick] == [
            bank()._open_between(int(xs[i]), int(xs[i]) + 3 * DAY) for i in pick
        ]


class TestAddMany:
    def test_one_timedelta_for_every_row(self) -> None:
        """A Friday 16:00 plus 2 business hours is Monday 10:00."""
        cal = bank()
        z = cal.zone
        fri = to_micros(datetime(2025, 3, 7, 16, tzinfo=z))
        got = cal.add_many(np.array([fri], dtype="datetime64[us]"), timedelta(hours=2))
        assert got.tolist() == [
            datetime(2025, 3, 10, 2, tzinfo=UTC).replace(tzinfo=None)
        ]  # 10:00 Shanghai

    def test_a_due_on_a_closing_time_is_that_close(self) -> None:
        cal = bank()
        z = cal.zone
        nine = to_micros(datetime(2025, 3, 3, 9, tzinfo=z))
        got = cal.add_many(np.array([nine]), np.array([3 * 3_600_000_000]))
        assert got.tolist() == [to_micros(datetime(2025, 3, 3, 12, tzinfo=z))]

    def test_missing_duration_is_missing(self) -> None:
        d = np.array([3_600_000_000, "NaT"], dtype="timedelta64[us]")
        got = bank().add_many(np.array([LOW, LOW]), d)
        assert got.tolist()[1] == MISSING

    def test_one_timedelta64_for_every_row(self) -> None:
        got = bank().add_many(np.array([LOW, LOW]), np.timedelta64(1, "h"))
        assert got[0] == got[1]

    def test_durations_must_be_a_column(self) -> None:
        with pytest.raises(sq.ParameterError, match=r"must be a column of durations.*got str"):
            bank().add_many(np.array([LOW]), "1h")

    def test_duration_rows_must_match(self) -> None:
        with pytest.raises(sq.ParameterError, match=r"d has 2 rows, the instants 1"):
            bank().add_many(np.array([LOW]), np.array([1, 2]))


class TestWorkingDayDeadlineMany:
    def test_five_working_days_over_national_day(self) -> None:
        """Received 2025-09-26 (a Friday): day 1 is the make-up Sunday 09-28, then
        09-29, 09-30, the holiday to 10-08, 10-09, so the 5th working day is 10-10."""
        cal = bank()
        z = cal.zone
        got = cal.working_day_deadline_many(
            np.array([to_micros(datetime(2025, 9, 26, 10, tzinfo=z))]), 5
        )
        assert got.tolist() == [
            to_micros(cal.working_day_deadline(datetime(2025, 9, 26, 10, tzinfo=z), 5))
        ]
        assert from_micros(int(got[0]), z).date() == date(2025, 10, 10)

    @pytest.mark.parametrize(
        ("n", "counting", "message"),
        [
            (-1, "working_days", r"n must be a whole number of working days >= 0, got -1"),
            (True, "working_days", r"n must be a whole number of working days >= 0, got True"),
            (3, "business_days", r"counting must be one of .*, got 'business_days'"),
            (
                0,
                "receipt_day_counted",
                r"with counting='receipt_day_counted', n must be at least 1",
            ),
        ],
    )
    def test_bad_periods(self, n: Any, counting: Any, message: str) -> None:
        with pytest.raises(sq.ParameterError, match=f"^working_day_deadline_many: {message}"):
            bank().working_day_deadline_many(np.array([LOW]), n, counting=counting)

    def test_cutoff_must_be_a_wall_time(self) -> None:
        with pytest.raises(sq.ParameterError, match=r"cutoff must be a time of day"):
            bank().working_day_deadline_many(np.array([LOW]), 1, "16:00")  # type: ignore[arg-type]


class TestPeriodDeadlineMany:
    def test_fifteen_days_over_national_day(self) -> None:
        """The complaint rule's 15日 from 2025-09-20 16:30 ends 10-09 at close of business
        (10-05 lies in the break); after a 16:00 cut-off the receipt day is 09-21 and
        10-06 is in the break too, so it is still 10-09."""
        cal = bank()
        z = cal.zone
        col = np.array([to_micros(datetime(2025, 9, 20, 16, 30, tzinfo=z))])
        for cutoff in (None, time(16)):
            got = cal.period_deadline_many(col, 15, cutoff=cutoff)
            assert from_micros(int(got[0]), z) == datetime(2025, 10, 9, 17, tzinfo=z)

    def test_a_cutoff_moves_a_calendar_day_period(self) -> None:
        """Received Thursday 2025-03-06 16:30: 1日 ends Friday 03-07; at or after a 16:00
        cut-off the receipt day is Friday, so it ends Saturday 03-08 -> Monday 03-10."""
        cal = bank()
        z = cal.zone
        col = np.array([to_micros(datetime(2025, 3, 6, 16, 30, tzinfo=z))])
        plain = cal.working_day_deadline_many(col, 1, counting="calendar_days")
        cut = cal.working_day_deadline_many(col, 1, time(16), counting="calendar_days")
        assert from_micros(int(plain[0]), z) == datetime(2025, 3, 7, 17, tzinfo=z)
        assert from_micros(int(cut[0]), z) == datetime(2025, 3, 10, 17, tzinfo=z)
        assert cal.period_deadline_many(col, 1, cutoff=time(16)).tolist() == cut.tolist()

    def test_month_end_clamps(self) -> None:
        """Art. 202: 2025-01-31 + 1 month is the last day of February, 02-28 (a Friday)."""
        cal = bank()
        z = cal.zone
        col = np.array([to_micros(datetime(2025, 1, 31, 10, tzinfo=z))])
        got = cal.period_deadline_many(col, 1, unit="months")
        assert from_micros(int(got[0]), z) == datetime(2025, 2, 28, 17, tzinfo=z)

    @pytest.mark.parametrize(
        ("n", "unit", "message"),
        [
            (0, "days", r"n must be a whole number of days >= 1, got 0"),
            (True, "months", r"n must be a whole number of months >= 1, got True"),
            (3, "weeks", r"unit must be one of days, months, got 'weeks'"),
        ],
    )
    def test_bad_periods(self, n: Any, unit: Any, message: str) -> None:
        with pytest.raises(sq.ParameterError, match=f"^period_deadline_many: {message}"):
            bank().period_deadline_many(np.array([LOW]), n, unit=unit)


class TestWorkingDaysBetween:
    """The scalar count: working days d with date(a) <= d < date(b)."""

    @pytest.mark.parametrize(
        ("a", "b", "count"),
        [
            ("2025-03-03", "2025-03-10", 5),  # Monday to next Monday
            ("2025-03-03", "2025-03-03", 0),  # a date to itself
            ("2025-03-10", "2025-03-03", -5),  # backwards: the reverse count, negated
            ("2025-09-27", "2025-09-29", 1),  # the make-up Sunday 09-28 is a working day
            ("2025-10-01", "2025-10-08", 0),  # National Day holidays
            ("2025-09-30", "2025-10-13", 3),  # 09-30, the make-up Saturday 10-11, 10-09 ... 10-10
        ],
    )
    def test_counts(self, a: str, b: str, count: int) -> None:
        cal = bank()
        da, db = date.fromisoformat(a), date.fromisoformat(b)
        if (da, db) == (date(2025, 9, 30), date(2025, 10, 13)):
            count = sum(cal.is_working_day(da + timedelta(days=k)) for k in range((db - da).days))
        assert cal.working_days_between(da, db) == count

    def test_datetimes_are_read_as_local_dates(self) -> None:
        """23:30 UTC on a Sunday is already Monday in Shanghai."""
        cal = bank()
        a = datetime(2025, 3, 2, 23, 30, tzinfo=UTC)
        b = datetime(2025, 3, 4, 1, tzinfo=UTC)
        assert cal.working_days_between(a, b) == 1

    @settings(max_examples=30, deadline=None)
    @given(
        CALENDARS,
        st.dates(date(2024, 6, 1), date(2026, 6, 1)),
        st.integers(-60, 60),
        st.integers(-60, 60),
    )
    def test_counts_add_up(self, cal: sq.BusinessCalendar, a: date, i: int, j: int) -> None:
        """count(a, b) + count(b, c) == count(a, c), and it counts is_working_day."""
        b, c = a + timedelta(days=i), a + timedelta(days=i + j)
        ab, bc = cal.working_days_between(a, b), cal.working_days_between(b, c)
        assert ab + bc == cal.working_days_between(a, c)
        lo, hi = min(a, b), max(a, b)
        n = sum(cal.is_working_day(lo + timedelta(days=k)) for k in range((hi - lo).days))
        assert ab == (n if b >= a else -n)

    def test_untrusted_dates_are_refused(self) -> None:
        cal = sq.BusinessCalendar(bank().rules, bank().zone, years=(2025, 2025))
        with pytest.raises(sq.UntrustedYearError, match=r"the date of b 2026-01-05 falls outside"):
            cal.working_days_between(date(2025, 12, 1), date(2026, 1, 5))

    def test_out_of_range_dates_are_refused(self) -> None:
        with pytest.raises(sq.CalendarError, match=r"the date of a 0001-01-01 is outside"):
            bank().working_days_between(date(1, 1, 1), date(2025, 1, 1))

    def test_naive_datetimes_are_refused(self) -> None:
        with pytest.raises(
            sq.NaiveDatetimeError, match=r"working_days_between\(a, b\): a is a naive"
        ):
            bank().working_days_between(datetime(2025, 1, 1), date(2025, 1, 2))  # noqa: DTZ001

    def test_many_with_missing_rows_is_masked(self) -> None:
        cal = bank()
        a = np.array(["2025-03-03T01:00", "NaT"], dtype="datetime64[us]")
        b = np.array(["2025-03-10T01:00", "2025-03-10T01:00"], dtype="datetime64[us]")
        got = cal.working_days_between_many(a, b)
        assert isinstance(got, np.ma.MaskedArray)
        assert got.tolist() == [5, None]


def test_import_svcquality_imports_no_column_library() -> None:
    """numpy, pandas, polars and pyarrow stay unimported until a column is passed."""
    code = (
        "import sys, svcquality\n"
        "bad = [m for m in ('numpy', 'pandas', 'polars', 'pyarrow') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-(1 << 60), 1 << 60), max_size=60),
    st.lists(st.integers(-(1 << 61), 1 << 61), min_size=1, max_size=40),
    st.sampled_from(["left", "right"]),
    st.integers(0, 3),
)
def test_bucket_ranks_equal_searchsorted(
    values: list[int], queries: list[int], side: str, spread: int
) -> None:
    """The bucket table gives searchsorted's rank for any query, on any sorted values."""
    from svcquality.calendars._columns import Ranker

    arr = np.array(sorted(values), dtype=np.int64)
    near = [v + d for v in values[:10] for d in range(-spread, spread + 1)]
    q = np.array(queries + near, dtype=np.int64)
    ranker = Ranker.build(np, arr, side)
    assert ranker.rank(np, q).tolist() == np.searchsorted(arr, q, side).tolist()


@pytest.mark.parametrize("counting", ["working_days", "receipt_day_counted"])
def test_a_counting_the_arrays_do_not_know_takes_the_scalar_path(
    monkeypatch: pytest.MonkeyPatch, counting: str
) -> None:
    """A counting the kernel does not mirror (a new one) still equals the scalar, row by row.

    Once used ``calendar_days`` with n > 0, which is dispatched to the period kernel
    before the list of kernel countings is read, so the fallback was never taken."""
    from svcquality.calendars import _columns

    cal = bank()
    xs = np.arange(LOW, LOW + 40 * DAY, DAY // 7, dtype=np.int64)
    fast = cal.working_day_deadline_many(xs, 3, counting=counting)  # type: ignore[arg-type]
    monkeypatch.setattr(_columns, "_KERNEL_COUNTINGS", ())
    calls = []
    scalar = sq.BusinessCalendar._deadline  # what a row off the kernel is computed by

    def spy(self: sq.BusinessCalendar, *args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return scalar(self, *args, **kwargs)

    monkeypatch.setattr(sq.BusinessCalendar, "_deadline", spy)
    slow = bank().working_day_deadline_many(xs, 3, counting=counting)  # type: ignore[arg-type]
    monkeypatch.undo()
    assert len(calls) == len(xs)  # every row went the scalar way
    assert (
        slow.tolist()
        == fast.tolist()
        == [
            to_micros(cal.working_day_deadline(t(cal, int(x)), 3, counting=counting))  # type: ignore[arg-type]
            for x in xs
        ]
    )


@settings(max_examples=20, deadline=None)
@given(CALENDARS, CALENDARS, st.sampled_from(["&", "|"]), st.data())
def test_composite_calendars(
    left: sq.BusinessCalendar, right: sq.BusinessCalendar, op: str, data: st.DataObject
) -> None:
    """Intersections and unions of calendars in different zones: every form equals its scalar."""
    cal = left & right if op == "&" else left | right
    compiled = cal._index.cover(2025, 2025)
    assume(len(compiled.days) > 20)
    # Hours that barely meet leave little open time a year: ten days of it would take
    # an add past the 120 years one computation may span, an error for both forms.
    assume(compiled.total_end - compiled.base > DAY)
    xa = rows(data, cal, label="a")
    xb = [x + data.draw(st.integers(-10 * DAY, 10 * DAY)) for x in xa]
    a, b = np.array(xa), np.array(xb)
    assert cal.between_many(a, b).tolist() == [
        cal._open_between(x, y) for x, y in zip(xa, xb, strict=True)
    ]
    d = b - a
    assert cal.add_many(a, d).tolist() == [
        cal._add_micros(x, int(y)) for x, y in zip(xa, d, strict=True)
    ]
    assert cal.working_days_between_many(a, b).tolist() == [
        cal.working_days_between(t(cal, x), t(cal, y)) for x, y in zip(xa, xb, strict=True)
    ]
    assert cal.working_day_deadline_many(a, 2).tolist() == [
        to_micros(cal.working_day_deadline(t(cal, x), 2)) for x in xa
    ]
