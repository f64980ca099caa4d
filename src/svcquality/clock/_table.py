"""The column clock's input: a table of requests read and checked (internal).

This module is an internal interface, not part of the public API, used by
:mod:`svcquality.clock._columns` (:func:`~svcquality.clock.read_clock_many`).
Its names: :func:`read_pauses` (the pause table sorted by row and start),
:class:`Input` (the table as int64 microseconds), and :func:`check_rows` and
:func:`check_pauses`, which refuse, naming the row, what no log could give.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from types import ModuleType
from typing import Any

import attrs

from svcquality._fields import did_you_mean, shown
from svcquality._instants import from_micros
from svcquality.calendars import _columns as cols
from svcquality.errors import EventLogError, ParameterError
from svcquality.promises import Promise

_MISSING = cols.MISSING


# --------------------------------------------------------------------------- input


def _fail(where: str, row: int, problem: str, fix: str) -> EventLogError:
    return EventLogError(f"read_clock_many: {where} row {row}: {problem}; {fix}")


def _first(np: ModuleType, bad: Any) -> int | None:
    hit = np.flatnonzero(bad)
    return int(hit[0]) if hit.size else None


def _instant_text(x: int, zone: tzinfo) -> str:
    return from_micros(int(x), zone).isoformat()


def _table_rows(np: ModuleType, value: object, size: int) -> Any:
    """The pause table's row numbers as int64 (a numpy, pandas, polars or Arrow int column)."""
    lib = cols._module_of(value)
    v: Any = value
    arr: Any
    if lib in ("pandas", "polars"):
        arr = np.asarray(v.to_numpy())
    elif lib == "pyarrow":
        arr = cols._arrow_to_numpy(np, value)
    elif isinstance(value, np.ndarray):
        arr = value
    else:
        arr = np.asarray(list(value)) if isinstance(value, list | tuple) else None
    if arr is None or arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
        msg = (
            "read_clock_many: pauses[0] must be a column of row numbers (integers, the row "
            f"of opened each pause belongs to), got {type(value).__name__} {shown(value)}"
        )
        raise ParameterError(msg)
    rows = arr.astype(np.int64)
    bad = _first(np, (rows < 0) | (rows >= size))
    if bad is not None:
        raise _fail(
            "pauses",
            bad,
            f"refers to row {int(rows[bad])}, but opened has {size} rows",
            "give each pause the position (0-based) of its request in opened",
        )
    return rows


def _reasons(value: object, size: int) -> list[str]:
    v: Any = value
    lib = cols._module_of(value)
    items = v.to_pylist() if lib == "pyarrow" else list(v)
    if len(items) != size:
        msg = (
            f"read_clock_many: pauses[3] (the reasons) has {len(items)} rows, the pause "
            f"table {size}; give one reason per pause"
        )
        raise ParameterError(msg)
    return ["" if r is None else r for r in items]


@attrs.frozen
class _Pauses:
    """The pause table sorted by (row, start): row, start, end (MISSING while open)."""

    row: Any
    start: Any
    end: Any


def read_pauses(
    np: ModuleType,
    promise: Promise,
    pauses: object,
    size: int,
    zone: tzinfo,
) -> tuple[_Pauses, Any]:
    """The pause table sorted, and each sorted pause's row in the table as given."""
    if pauses is None:
        empty = np.zeros(0, dtype=np.int64)
        return _Pauses(empty, empty, empty), empty
    if not isinstance(pauses, tuple | list) or len(pauses) not in (3, 4):
        msg = (
            "read_clock_many: pauses must be a tuple of columns (row, start, end) or "
            f"(row, start, end, reason), got {type(pauses).__name__} {shown(pauses)}"
        )
        raise ParameterError(msg)
    start_col = cols.to_column(pauses[1], "read_clock_many(pauses): start")
    end_col = cols.to_column(pauses[2], "read_clock_many(pauses): end")
    count = start_col.values.shape[0]
    rows = _table_rows(np, pauses[0], size)
    if rows.shape[0] != count or end_col.values.shape[0] != count:
        msg = (
            f"read_clock_many: the pause table's columns have {rows.shape[0]}, {count} and "
            f"{end_col.values.shape[0]} rows; give row, start and end for every pause"
        )
        raise ParameterError(msg)
    bad = _first(np, start_col.missing)
    if bad is not None:
        raise _fail(
            "pauses",
            bad,
            "has no start",
            "every pause starts; leave end missing for a pause still open",
        )
    allowed = promise.pause_reasons
    if allowed:
        if len(pauses) != 4:
            msg = (
                f"read_clock_many: promise {promise.name or promise.service!r} allows a pause "
                f"only for {', '.join(map(repr, allowed))}; give the reasons as a fourth "
                "column: pauses=(row, start, end, reason)"
            )
            raise ParameterError(msg)
        for k, reason in enumerate(_reasons(pauses[3], count)):
            if reason not in allowed:
                hint = did_you_mean(reason, allowed)
                raise _fail(
                    "pauses",
                    k,
                    f"the reason {shown(reason)} is not one the promise allows a pause for "
                    f"({', '.join(map(repr, allowed))})",
                    f"{hint}give one of them, or add it to Promise(pause_reasons=...)",
                )
    start, end = start_col.values, np.where(end_col.missing, _MISSING, end_col.values)
    bad = _first(np, ~end_col.missing & (end < start))
    if bad is not None:
        raise _fail(
            "pauses",
            bad,
            f"ends at {_instant_text(end[bad], zone)}, before it starts at "
            f"{_instant_text(start[bad], zone)}",
            "swap start and end, or correct the instant",
        )
    order = np.lexsort((start, rows))
    return _Pauses(rows[order], start[order], end[order]), order


@attrs.frozen
class Input:
    """The table as int64 µs (MISSING for a missing instant), pauses sorted."""

    opened: Any
    missing: Any
    resolved: Any
    met: dict[str, Any]
    pauses: _Pauses
    order: Any  # sorted pause -> its row in the pause table as given

    def rows(self, np: ModuleType, a: int, b: int) -> Input:
        """Rows ``[a, b)``, their pauses' rows counted from ``a`` (views, no copies)."""
        p = self.pauses
        lo, hi = np.searchsorted(p.row, [a, b])
        return Input(
            self.opened[a:b],
            self.missing[a:b],
            self.resolved[a:b],
            {name: m[a:b] for name, m in self.met.items()},
            _Pauses(p.row[lo:hi] - a, p.start[lo:hi], p.end[lo:hi]),
            self.order[lo:hi],
        )


def _refuse(
    np: ModuleType,
    bad: Any,
    where: str,
    *,
    problem: Callable[[int], str],
    fix: str,
    rows: Any = None,
) -> None:
    """Raise for the first row of ``bad`` (``rows`` maps positions to the table's rows)."""
    k = _first(np, bad)
    if k is not None:
        raise _fail(where, k if rows is None else int(rows[k]), problem(k), fix)


def check_rows(np: ModuleType, tb: Input, now_x: int, zone: tzinfo) -> None:
    """Refuse openings, resolutions and met instants no log could give, naming the row."""
    o, res = tb.opened, tb.resolved

    def when(a: Any) -> Callable[[int], str]:
        return lambda k: _instant_text(a[k], zone)

    def before(a: Any) -> Callable[[int], str]:
        return lambda k: f"at {when(a)(k)}, before the request opened at {when(o)(k)}"

    def after(m: Any) -> Callable[[int], str]:
        return lambda k: f"met at {when(m)(k)}, after the request was resolved at {when(res)(k)}"

    _refuse(
        np,
        ~tb.missing & (o > now_x),
        "opened",
        problem=lambda k: (
            f"the request opens at {when(o)(k)}, after now ({_instant_text(now_x, zone)})"
        ),
        fix="read at a later now, or leave out the requests not yet opened",
    )
    has_r = res != _MISSING
    given = {"resolved": res, **{f"met[{name!r}]": m for name, m in tb.met.items()}}
    for where, a in given.items():
        _refuse(
            np,
            (a != _MISSING) & tb.missing,
            where,
            problem=lambda k: "is given but opened is missing",
            fix="give the opening",
        )
        _refuse(np, (a != _MISSING) & (a < o), where, problem=before(a), fix="correct the instants")
    for name, m in tb.met.items():
        _refuse(
            np,
            (m != _MISSING) & has_r & (m > res),
            f"met[{name!r}]",
            problem=after(m),
            fix="a resolution meets every milestone: record met at or before it",
        )


def check_pauses(np: ModuleType, tb: Input, zone: tzinfo) -> None:
    """Refuse pauses no log could give, naming the pause table's row."""
    p = tb.pauses
    if not p.row.size:
        return
    r, s, e = p.row, p.start, p.end
    res = tb.resolved[r]

    def when(a: Any, k: int) -> str:
        return _instant_text(a[k], zone)

    checks: list[tuple[Any, Callable[[int], str], str]] = [
        (
            tb.missing[r],
            lambda k: f"belongs to row {int(r[k])}, whose opened is missing",
            "give the opening",
        ),
        (
            s < tb.opened[r],
            lambda k: (
                f"starts at {when(s, k)}, before row {int(r[k])} opened at "
                f"{_instant_text(tb.opened[r[k]], zone)}"
            ),
            "a pause lies within its request's life",
        ),
        (
            (res != _MISSING) & ((s > res) | ((e != _MISSING) & (e > res))),
            lambda k: f"lies after row {int(r[k])} was resolved at {when(res, k)}",
            "a resolution ends every pause: end it at or before the resolution",
        ),
        (
            # the first pause of a row cannot overlap one before it
            np.concatenate(
                [[False], (r[1:] == r[:-1]) & ((e[:-1] == _MISSING) | (s[1:] < e[:-1]))]
            ),
            lambda k: (
                f"starts at {when(s, k)}, while an earlier pause of row {int(r[k])} has not ended"
            ),
            "a request's pauses do not overlap: end the earlier one first",
        ),
    ]
    for bad, problem, fix in checks:
        _refuse(np, bad, "pauses", problem=problem, fix=fix, rows=tb.order)
