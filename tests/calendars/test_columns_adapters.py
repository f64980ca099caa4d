"""svcquality.calendars: the column forms on pandas, polars and Arrow columns.

Each library is only needed for its own tests (the ``columns`` extra); a
missing one skips them. Every kind must give the numpy answer, in its own
kind, with missing rows missing and the calendar's zone on instants.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any

import numpy as np
import pytest

import svcquality as sq

UTC = timezone.utc
HOUR = 3_600_000_000


def bank() -> sq.BusinessCalendar:
    return sq.BusinessCalendar.weekly(
        {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN"
    )


def instants() -> tuple[list[datetime | None], list[datetime | None]]:
    a: list[datetime | None] = [
        datetime(2025, 9, 26, 2, tzinfo=UTC),
        None,
        datetime(2025, 3, 7, 8, tzinfo=UTC),
        datetime(2025, 10, 9, 1, 30, tzinfo=UTC),
    ]
    b: list[datetime | None] = [
        datetime(2025, 10, 10, 5, tzinfo=UTC),
        datetime(2025, 10, 10, 5, tzinfo=UTC),
        datetime(2025, 3, 3, 8, tzinfo=UTC),  # before a: a negative span
        None,
    ]
    return a, b


def micros(values: list[datetime | None]) -> Any:
    return np.array(
        [
            np.datetime64("NaT", "us") if v is None else np.datetime64(v.replace(tzinfo=None), "us")
            for v in values
        ]
    )


def expected() -> dict[str, list[Any]]:
    cal = bank()
    a, b = instants()
    na, nb = micros(a), micros(b)
    return {
        "between": cal.between_many(na, nb).tolist(),
        "add": cal.add_many(na, np.timedelta64(5, "h")).tolist(),
        "deadline": cal.working_day_deadline_many(na, 5, time(16)).tolist(),
        "days": cal.working_days_between_many(na, nb).tolist(),
        "open": cal.is_open_many(na).tolist(),
    }


class TestPandas:
    def test_series_in_series_out(self) -> None:
        pd = pytest.importorskip("pandas")
        cal = bank()
        a, b = instants()
        sa = pd.Series(pd.to_datetime(a, utc=True), name="created").dt.tz_convert("Asia/Shanghai")
        sb = pd.Series(pd.to_datetime(b, utc=True), name="replied")
        want = expected()
        between = cal.between_many(sa, sb)
        assert isinstance(between, pd.Series)
        assert between.name == "created"
        got = [None if pd.isna(v) else v.to_pytimedelta() for v in between]
        assert got == want["between"]
        added = cal.add_many(sa, timedelta(hours=5))
        assert str(added.dt.tz) == "Asia/Shanghai"
        assert [None if pd.isna(v) else v.to_pydatetime() for v in added] == [
            None if w is None else w.replace(tzinfo=UTC) for w in want["add"]
        ]
        days = cal.working_days_between_many(sa, sb)
        assert str(days.dtype) == "Int64"
        assert [None if pd.isna(v) else int(v) for v in days] == want["days"]
        flags = cal.is_open_many(sa)
        assert [None if pd.isna(v) else bool(v) for v in flags] == want["open"]
        due = cal.working_day_deadline_many(pd.DatetimeIndex(sa), 5, time(16))
        assert isinstance(due, pd.DatetimeIndex)

    def test_naive_series_is_refused(self) -> None:
        pd = pytest.importorskip("pandas")
        naive = pd.Series(pd.to_datetime(["2025-03-03 09:00"]))
        with pytest.raises(sq.NaiveDatetimeError, match=r"between_many\(a, b\): a is a pandas"):
            bank().between_many(naive, naive)

    def test_non_datetime_series_is_refused(self) -> None:
        pd = pytest.importorskip("pandas")
        with pytest.raises(sq.ParameterError, match=r"pandas column of dtype int64"):
            bank().between_many(pd.Series([1]), pd.Series([1]))

    def test_nanoseconds_are_refused(self) -> None:
        pd = pytest.importorskip("pandas")
        s = pd.Series(pd.to_datetime(["2025-03-03 09:00:00.000000001"], utc=True))
        with pytest.raises(sq.ParameterError, match=r"row 0 has a part finer than a microsecond"):
            bank().between_many(s, s)


class TestPolars:
    def test_series_in_series_out(self) -> None:
        pl = pytest.importorskip("polars")
        cal = bank()
        a, b = instants()
        sa = pl.Series("created", a, dtype=pl.Datetime("us", "UTC"))
        sb = pl.Series("replied", b, dtype=pl.Datetime("ms", "Asia/Shanghai"))
        want = expected()
        between = cal.between_many(sa, sb)
        assert between.dtype == pl.Duration("us")
        assert between.to_list() == want["between"]
        added = cal.add_many(sa, pl.Series([timedelta(hours=5)] * 4))
        assert added.dtype == pl.Datetime("us", "Asia/Shanghai")
        assert [
            None if v is None else v.astimezone(UTC).replace(tzinfo=None) for v in added
        ] == want["add"]
        assert cal.working_days_between_many(sa, sb).to_list() == want["days"]
        assert cal.is_open_many(sa).to_list() == want["open"]
        due = cal.working_day_deadline_many(sa, 5, time(16))
        assert [None if v is None else v.astimezone(UTC).replace(tzinfo=None) for v in due] == want[
            "deadline"
        ]

    def test_naive_polars_is_utc(self) -> None:
        pl = pytest.importorskip("polars")
        a, b = instants()
        sa = pl.Series("a", [None if v is None else v.replace(tzinfo=None) for v in a])
        sb = pl.Series("b", [None if v is None else v.replace(tzinfo=None) for v in b])
        assert bank().between_many(sa, sb).to_list() == expected()["between"]

    def test_non_datetime_is_refused(self) -> None:
        pl = pytest.importorskip("polars")
        with pytest.raises(sq.ParameterError, match=r"must be a polars Datetime column"):
            bank().between_many(pl.Series([1]), pl.Series([1]))


class TestArrow:
    def test_arrays_and_chunked_arrays(self) -> None:
        pa = pytest.importorskip("pyarrow")
        cal = bank()
        a, b = instants()
        aa = pa.array(a, type=pa.timestamp("us", tz="UTC"))
        bb = pa.chunked_array(
            [
                pa.array(b[:2], type=pa.timestamp("ns", tz="UTC")),
                pa.array(b[2:], type=pa.timestamp("ns", tz="UTC")),
            ]
        )
        want = expected()
        between = cal.between_many(aa, bb)
        assert between.type == pa.duration("us")
        assert between.to_pylist() == want["between"]
        added = cal.add_many(pa.chunked_array([aa]), np.array([5 * HOUR] * 4))
        assert isinstance(added, pa.ChunkedArray)
        assert added.type == pa.timestamp("us", tz="Asia/Shanghai")
        assert [
            None if v is None else v.astimezone(UTC).replace(tzinfo=None) for v in added.to_pylist()
        ] == want["add"]
        assert cal.working_days_between_many(aa, bb).to_pylist() == want["days"]
        assert cal.is_open_many(aa).to_pylist() == want["open"]

    def test_non_timestamp_is_refused(self) -> None:
        pa = pytest.importorskip("pyarrow")
        with pytest.raises(sq.ParameterError, match=r"must be an Arrow timestamp array"):
            bank().between_many(pa.array([1]), pa.array([1]))
