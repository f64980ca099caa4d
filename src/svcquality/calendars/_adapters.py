"""Columns in and out: numpy, pandas, polars and Arrow columns as int64 microseconds.

A column of instants or durations of any supported kind is read into int64
epoch microseconds and a mask of its missing rows (:func:`to_column`,
:func:`to_durations`), exactly, or refused naming the row that does not fit;
results go back in the caller's kind (:func:`give`), instants shown in the
calendar's zone. numpy is imported on first use (the optional ``fast``
extra); pandas, polars and pyarrow are never imported to recognise a column:
it is known by the module of its type and converted through its own methods.
"""

from __future__ import annotations

import importlib
from datetime import timedelta, timezone, tzinfo
from types import ModuleType
from typing import Any

import attrs

from svcquality._instants import td_micros
from svcquality._optional import need_numpy
from svcquality.errors import NaiveDatetimeError, ParameterError

__all__ = ["MISSING", "Column", "give", "numpy_for", "same_size", "to_column", "to_durations"]

#: The integer behind numpy's NaT; an int64 column uses it for a missing instant.
MISSING = -(1 << 63)
_FINE_UNITS = {"ns": 1_000, "ps": 1_000_000, "fs": 1_000_000_000, "as": 1_000_000_000_000}


def numpy_for(where: str) -> ModuleType:
    """numpy, or the ImportError naming ``where`` and the fix (the scalar, row by row)."""
    return need_numpy(where, "call the scalar method row by row")


@attrs.frozen
class Column:
    """A column as int64 epoch µs (missing rows set to 0 and marked), and how to give
    results back in the caller's kind.

    Attributes:
        values: int64 µs; 0 on missing rows.
        missing: bool mask of missing rows.
        kind: ``"int64"``, ``"datetime64"``, ``"pandas"``, ``"pandas-index"``,
            ``"polars"``, ``"arrow"`` or ``"arrow-chunked"``.
        zone: the column's zone name, or None for a column without one (UTC).
        like: the object passed in (its index and name are kept).
    """

    values: Any
    missing: Any
    kind: str
    zone: str | None
    like: object


def _module_of(obj: object) -> str:
    return type(obj).__module__.split(".", 1)[0]


def _lib(name: str) -> ModuleType:
    return importlib.import_module(name)


def _from_datetime64(np: ModuleType, arr: Any, where: str) -> tuple[Any, Any]:
    """int64 µs and the missing mask of a datetime64 or timedelta64 array (any unit)."""
    missing = np.isnat(arr)
    unit = np.datetime_data(arr.dtype)[0]
    raw = arr.view(np.int64)
    if unit in _FINE_UNITS:
        factor = _FINE_UNITS[unit]
        rem = raw % factor
        bad = np.flatnonzero((rem != 0) & ~missing)
        if bad.size:
            row = int(bad[0])
            msg = (
                f"{where}: row {row} has a part finer than a microsecond ({arr[row]}); "
                "business time is exact to the microsecond: floor the column to "
                "microseconds first (e.g. series.dt.floor('us'))"
            )
            raise ParameterError(msg)
        values = raw // factor
    elif unit == "us":
        values = raw
    else:
        kind = "datetime64" if arr.dtype.kind == "M" else "timedelta64"
        values = arr.astype(f"{kind}[us]").view(np.int64)
        back = values.view(f"{kind}[us]").astype(arr.dtype)
        bad = np.flatnonzero((back.view(np.int64) != raw) & ~missing)
        if bad.size:
            row = int(bad[0])
            msg = (
                f"{where}: row {row} ({arr[row]}) does not fit in int64 microseconds; "
                "use instants from the years 2 to 9998"
            )
            raise ParameterError(msg)
    if missing.any():
        values = np.where(missing, 0, values)
    return values, missing


def _arrow_to_numpy(np: ModuleType, arr: Any) -> Any:
    if _module_of(arr) == "pyarrow" and hasattr(arr, "combine_chunks"):
        arr = arr.combine_chunks()
    return np.asarray(arr.to_numpy(zero_copy_only=False))


def to_column(value: object, where: str) -> Column:
    """Read a column of instants of any supported kind."""
    np = numpy_for(where)
    lib = _module_of(value)
    v: Any = value
    if lib == "pandas":
        dtype = getattr(value, "dtype", None)
        tz = getattr(dtype, "tz", None)
        if getattr(dtype, "kind", None) != "M":
            msg = (
                f"{where} must be a column of instants, got a pandas column of dtype {dtype}; "
                "convert it with pandas.to_datetime(column, utc=True)"
            )
            raise ParameterError(msg)
        if tz is None:
            msg = (
                f"{where} is a pandas column of naive datetimes; svcquality only takes "
                "timezone-aware instants. Fix: column.dt.tz_localize('Asia/Shanghai') (the "
                "zone the wall times were read in), or .dt.tz_localize('UTC')"
            )
            raise NaiveDatetimeError(msg)
        is_index = not hasattr(v, "dt")
        naive = (v.tz_convert(None) if is_index else v.dt.tz_convert(None)).to_numpy()
        values, missing = _from_datetime64(np, np.asarray(naive), where)
        kind = "pandas-index" if is_index else "pandas"
        return Column(values, missing, kind, str(tz), value)
    if lib == "polars":
        dtype = getattr(value, "dtype", None)
        if type(dtype).__name__ != "Datetime":
            msg = (
                f"{where} must be a polars Datetime column, got dtype {dtype}; convert it "
                "with column.str.to_datetime(time_zone='UTC') or column.cast(pl.Datetime('us'))"
            )
            raise ParameterError(msg)
        zone = v.dtype.time_zone
        arr = v.dt.convert_time_zone("UTC").dt.replace_time_zone(None) if zone else v
        values, missing = _from_datetime64(np, np.asarray(arr.to_numpy()), where)
        return Column(values, missing, "polars", zone, value)
    if lib == "pyarrow":
        dtype = getattr(value, "type", None)
        if type(dtype).__name__ != "TimestampType":
            msg = (
                f"{where} must be an Arrow timestamp array, got type {dtype}; cast it with "
                "pyarrow.compute.cast(array, pyarrow.timestamp('us', tz='UTC'))"
            )
            raise ParameterError(msg)
        chunked = hasattr(value, "combine_chunks")
        values, missing = _from_datetime64(np, _arrow_to_numpy(np, value), where)
        kind = "arrow-chunked" if chunked else "arrow"
        return Column(values, missing, kind, v.type.tz, value)
    if isinstance(value, np.ndarray):
        if value.ndim != 1:
            msg = f"{where} must be a one-dimensional column, got shape {value.shape}"
            raise ParameterError(msg)
        if value.dtype.kind == "M":
            values, missing = _from_datetime64(np, value, where)
            return Column(values, missing, "datetime64", None, value)
        if value.dtype.kind in "iu":
            values = np.asarray(value, dtype=np.int64)
            missing = values == MISSING
            if missing.any():
                values = np.where(missing, 0, values)
            return Column(values, missing, "int64", None, value)
    msg = (
        f"{where} must be a column of instants: a numpy array of int64 epoch microseconds "
        "or datetime64, a tz-aware pandas Series or DatetimeIndex, a polars Datetime "
        f"Series or an Arrow timestamp array; got {type(value).__name__}"
    )
    raise ParameterError(msg)


def to_durations(value: object, size: int, where: str) -> tuple[Any, Any]:
    """int64 µs and the missing mask of a duration column (or one duration for all rows)."""
    np = numpy_for(where)
    if isinstance(value, timedelta):
        return np.full(size, td_micros(value), dtype=np.int64), np.zeros(size, dtype=bool)
    if isinstance(value, np.timedelta64):
        value = np.asarray([value])
        values, missing = _from_datetime64(np, value, where)
        return np.full(size, values[0]), np.full(size, missing[0])
    lib = _module_of(value)
    v: Any = value
    arr: Any
    if lib in ("pandas", "polars"):
        arr = np.asarray(v.to_numpy())
    elif lib == "pyarrow":
        arr = _arrow_to_numpy(np, value)
    elif isinstance(value, np.ndarray):
        arr = value
    else:
        arr = None
    if arr is not None and arr.ndim == 1 and arr.dtype.kind in "miu":
        if arr.shape[0] != size:
            msg = f"{where} has {arr.shape[0]} rows, the instants {size}; give one per row"
            raise ParameterError(msg)
        if arr.dtype.kind == "m":
            return _from_datetime64(np, arr, where)
        values = np.asarray(arr, dtype=np.int64)
        missing = values == MISSING
        return (np.where(missing, 0, values) if missing.any() else values), missing
    msg = (
        f"{where} must be a column of durations (int64 microseconds or timedelta64) or one "
        f"timedelta for every row, got {type(value).__name__}"
    )
    raise ParameterError(msg)


def _zone_name(zone: tzinfo, col: Column) -> str | None:
    if col.zone is None:
        return None
    key = getattr(zone, "key", None)
    if isinstance(key, str):
        return key
    if zone is timezone.utc:
        return "UTC"
    return col.zone


def give(
    zone: tzinfo,
    col: Column,
    values: Any,
    missing: Any,
    what: str,
    *,
    name: str | None = None,
    labels: tuple[str, ...] = (),
) -> object:
    """Results in the kind of ``col``, instants shown in ``zone``.

    ``what`` is ``"instants"``, ``"durations"``, ``"counts"``, ``"flags"`` or
    ``"labels"`` (``values`` are then codes into ``labels``). A pandas or polars
    result takes ``name``, or the name of ``col``.
    """
    np = numpy_for("the column forms")
    any_missing = bool(missing.any())
    like: Any = col.like
    label = getattr(like, "name", None) if name is None else name
    if what == "labels":
        return _give_labels(np, col, values, missing, label=label, labels=labels)
    if what in ("instants", "durations"):
        unit = "datetime64[us]" if what == "instants" else "timedelta64[us]"
        if any_missing:
            values[missing] = MISSING  # the driver's own output array
        if col.kind == "int64":
            return values
        stamped = values.view(unit)
        if col.kind == "datetime64":
            return stamped
        zone_name = _zone_name(zone, col)
        if col.kind in ("pandas", "pandas-index"):
            pd = _lib("pandas")
            if what == "instants":
                idx = pd.DatetimeIndex(stamped).tz_localize("UTC").tz_convert(zone)
                if col.kind == "pandas-index":
                    return idx.rename(label)
                return pd.Series(idx, index=like.index, name=label)
            if col.kind == "pandas-index":
                return pd.TimedeltaIndex(stamped, name=label)
            return pd.Series(stamped, index=like.index, name=label)
        if col.kind == "polars":
            pl = _lib("polars")
            s = pl.Series(label, stamped)
            if what == "instants" and zone_name is not None:
                s = s.dt.replace_time_zone("UTC").dt.convert_time_zone(zone_name)
            return s
        pa = _lib("pyarrow")
        kind = pa.timestamp("us", tz=zone_name) if what == "instants" else pa.duration("us")
        out = pa.array(values, type=pa.int64(), mask=missing if any_missing else None).cast(kind)
        return pa.chunked_array([out]) if col.kind == "arrow-chunked" else out
    # counts or flags
    plain = values.astype(bool) if what == "flags" else values
    if col.kind in ("int64", "datetime64"):
        return np.ma.MaskedArray(plain, mask=missing) if any_missing else plain
    if col.kind in ("pandas", "pandas-index"):
        pd = _lib("pandas")
        dtype = ("boolean" if what == "flags" else "Int64") if any_missing else None
        data = pd.array(plain, dtype=dtype) if dtype else plain
        if dtype:
            data[missing] = pd.NA
        if col.kind == "pandas-index":
            return pd.Index(data, name=label)
        return pd.Series(data, index=like.index, name=label)
    if col.kind == "polars":
        pl = _lib("polars")
        s = pl.Series(label, plain)
        if any_missing:
            s = s.scatter(np.flatnonzero(missing), None)
        return s
    pa = _lib("pyarrow")
    out = pa.array(plain, mask=missing if any_missing else None)
    return pa.chunked_array([out]) if col.kind == "arrow-chunked" else out


def _give_labels(
    np: ModuleType, col: Column, codes: Any, missing: Any, *, label: Any, labels: tuple[str, ...]
) -> object:
    """Codes into ``labels`` as a text column of the kind of ``col`` (missing rows missing)."""
    any_missing = bool(missing.any())
    like: Any = col.like
    if col.kind in ("pandas", "pandas-index"):
        pd = _lib("pandas")
        cat = pd.Categorical.from_codes(np.where(missing, -1, codes), categories=list(labels))
        if col.kind == "pandas-index":
            return pd.CategoricalIndex(cat, name=label)
        return pd.Series(cat, index=like.index, name=label)
    text = np.asarray(labels)[codes]
    if col.kind in ("int64", "datetime64"):
        return np.ma.MaskedArray(text, mask=missing) if any_missing else text
    if col.kind == "polars":
        pl = _lib("polars")
        s = pl.Series(label, text, dtype=pl.String)
        if any_missing:
            s = s.scatter(np.flatnonzero(missing), None)
        return s
    pa = _lib("pyarrow")
    out = pa.array(text, type=pa.string(), mask=missing if any_missing else None)
    return pa.chunked_array([out]) if col.kind == "arrow-chunked" else out


def same_size(a: Column, b: Column, where: str) -> None:
    if a.values.shape[0] != b.values.shape[0]:
        msg = (
            f"{where}: a has {a.values.shape[0]} rows and b {b.values.shape[0]}; "
            "give two columns of the same length"
        )
        raise ParameterError(msg)
