"""Call-queue KPIs: service level, abandon rate, average speed of answer, average delay.

Every wait is the real elapsed time between two instants, in integer
microseconds (``(t - EPOCH) // 1 µs``), so zones may differ between the
instants of one call and a DST change in the middle of a wait is counted right.

Each KPI has two paths that give identical results: ``add``/``add_all`` over
:class:`~svcquality.kpi.Call` records (pure Python), and ``add_many`` over
columns of int64 epoch microseconds or ``datetime64`` (numpy, imported on
first use; ``MISSING``/``NaT`` marks an instant that is absent).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any, ClassVar, TypeVar

import attrs

from svcquality._instants import EPOCH, td_micros
from svcquality._types import ServiceLevelDefinition
from svcquality.errors import ParameterError
from svcquality.kpi._base import (
    MISSING,
    Accumulator,
    Mean,
    Reasons,
    Share,
    choice_option,
    duration_option,
    evolve_counts,
    numpy,
    of_kind,
)
from svcquality.kpi._records import Call

__all__ = ["AbandonRate", "AverageDelay", "AverageSpeedOfAnswer", "ServiceLevel"]

_C = TypeVar("_C", bound="_CallKPI")

_US = timedelta(microseconds=1)
_DEFINITIONS: tuple[ServiceLevelDefinition, ...] = (
    "offered",
    "exclude_early_abandons",
    "early_abandons_met",
    "answered",
)


# --------------------------------------------------------------------------- record path


def _instant_problem(call: Call) -> str:
    """Why the instants of ``call`` cannot be read (only called after a TypeError)."""
    if call.arrived is None:
        return Reasons.NO_ARRIVAL
    for v in (call.arrived, call.answered, call.abandoned):
        if v is None:
            continue
        if not isinstance(v, datetime):
            return Reasons.NOT_INSTANT
        if v.tzinfo is None or v.tzinfo.utcoffset(v) is None:
            return Reasons.NAIVE
    return Reasons.NOT_INSTANT  # pragma: no cover - a datetime subclass refusing subtraction


def scan_calls(records: Iterable[object], bad: Counter[str]) -> Iterator[tuple[bool, int]]:
    """Yield ``(answered, wait in µs)`` per valid call; count the others in ``bad``.

    The order of the checks is the contract shared with the columnar path:
    wrong record type, missing arrival, unreadable instant, answered and abandoned,
    neither, end before arrival.
    """
    for c in of_kind(records, Call, bad):
        ans = c.answered
        ab = c.abandoned
        try:
            ta: int = (c.arrived - EPOCH) // _US
            tans = None if ans is None else (ans - EPOCH) // _US
            tab = None if ab is None else (ab - EPOCH) // _US
        except TypeError:
            reason = _instant_problem(c)
            bad[reason] += 1
            continue
        if tans is not None:
            if tab is not None:
                bad[Reasons.BOTH] += 1
                continue
            w = tans - ta
            if w < 0:
                bad[Reasons.ANSWERED_BEFORE] += 1
                continue
            yield True, w
        elif tab is not None:
            w = tab - ta
            if w < 0:
                bad[Reasons.ABANDONED_BEFORE] += 1
                continue
            yield False, w
        else:
            bad[Reasons.NEITHER] += 1


# --------------------------------------------------------------------------- columnar path


def _column(np: Any, values: object, name: str, n: int | None) -> Any:
    """A column as an int64 array of epoch microseconds (``MISSING`` where absent)."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        msg = f"{name} must be a one-dimensional array, got shape {arr.shape}"
        raise ParameterError(msg)
    if arr.dtype.kind == "M":
        arr = arr.astype("datetime64[us]").view("int64")
    elif arr.dtype.kind in "iu" or arr.size == 0:
        arr = arr.astype("int64", copy=False)
    else:
        msg = (
            f"{name} must hold int64 epoch microseconds or datetime64 values, got dtype "
            f"{arr.dtype}; convert with series.to_numpy('datetime64[us]') or "
            "(t - EPOCH) // timedelta(microseconds=1)"
        )
        raise ParameterError(msg)
    if n is not None and arr.shape[0] != n:
        msg = f"{name} has {arr.shape[0]} values but arrived has {n}; give one value per call"
        raise ParameterError(msg)
    return arr


def classify_columns(
    arrived: object, answered: object, abandoned: object
) -> tuple[Any, Any, Any, Any, dict[str, int]]:
    """Validate columns as ``scan_calls`` validates records.

    Returns:
        numpy, the mask of valid answered calls, of valid abandoned calls, the waits
        (µs; meaningful only under the masks), and the rejections by reason.
    """
    np = numpy("add_many")
    arr = _column(np, arrived, "arrived", None)
    n = arr.shape[0]
    ans = (
        np.full(n, MISSING, dtype="int64")
        if answered is None
        else _column(np, answered, "answered", n)
    )
    ab = (
        np.full(n, MISSING, dtype="int64")
        if abandoned is None
        else _column(np, abandoned, "abandoned", n)
    )
    has_ans = ans != MISSING
    has_ab = ab != MISSING
    no_arrival = arr == MISSING
    ok = ~no_arrival
    both = ok & has_ans & has_ab
    ok &= ~both
    neither = ok & ~(has_ans | has_ab)
    ok &= ~neither
    wait = np.where(has_ans, ans, ab) - arr  # wraps where masked out; never read there
    negative = ok & (wait < 0)
    ok &= ~negative
    answered_before = np.count_nonzero(negative & has_ans)
    bad = {
        Reasons.NO_ARRIVAL: int(np.count_nonzero(no_arrival)),
        Reasons.BOTH: int(np.count_nonzero(both)),
        Reasons.NEITHER: int(np.count_nonzero(neither)),
        Reasons.ANSWERED_BEFORE: int(answered_before),
        Reasons.ABANDONED_BEFORE: int(np.count_nonzero(negative)) - int(answered_before),
    }
    return np, ok & has_ans, ok & ~has_ans, wait, bad


def exact_sum(np: Any, values: Any) -> int:
    """The exact sum of non-negative int64 values (no int64 overflow)."""
    if values.size == 0:
        return 0
    hi = values >> 32
    lo = values & 0xFFFFFFFF
    return (int(hi.sum(dtype="int64")) << 32) + int(lo.sum(dtype="int64"))


# --------------------------------------------------------------------------- KPIs


class _CallKPI(Accumulator):
    """A KPI over calls: both paths validate here, each KPI says only how it counts."""

    __slots__ = ()

    RECORD: ClassVar[type] = Call

    def add_all(self: _C, records: Iterable[object]) -> _C:
        """Return a new accumulator with every :class:`Call` of ``records`` added."""
        bad: Counter[str] = Counter()
        counts = self._count(scan_calls(records, bad))
        return evolve_counts(self, counts, bad)

    def add_many(
        self: _C, *, arrived: object, answered: object = None, abandoned: object = None
    ) -> _C:
        """Add calls given as columns; the result equals ``add_all`` of the same calls.

        Args:
            arrived: int64 epoch microseconds or ``datetime64`` (UTC), one per call.
            answered: the same, ``MISSING``/``NaT`` for calls not answered; None if none were.
            abandoned: the same, for abandons.

        Raises:
            ParameterError: a column is not one-dimensional, has another length, or
                holds neither integers nor datetime64.
            ImportError: numpy is not installed (the ``fast`` extra).
        """
        np, ans_ok, ab_ok, wait, bad = classify_columns(arrived, answered, abandoned)
        return evolve_counts(self, self._count_columns(np, ans_ok, ab_ok, wait), bad)

    def _count(self, calls: Iterator[tuple[bool, int]]) -> dict[str, int]:  # pragma: no cover
        """The counts to add for ``(answered, wait in µs)`` of each valid call."""
        raise NotImplementedError

    def _count_columns(
        self, np: Any, answered: Any, abandoned: Any, wait: Any
    ) -> dict[str, int]:  # pragma: no cover
        """The same counts from the masks of valid answered and abandoned calls."""
        raise NotImplementedError


@attrs.frozen(kw_only=True)
class ServiceLevel(_CallKPI, Share):
    """Service level: the share of calls answered within ``threshold`` (服务水平, 接通率).

    "Within T" means a wait of at most T.
    Abandons with a wait of at most ``short_abandon`` (callers who hung up at once,
    often misdials) are left out of every count and reported in ``short_abandons``.
    The industry does not agree on the denominator, so ``definition`` names it:

    - ``"offered"``: answered≤T / (answered + abandoned);
    - ``"exclude_early_abandons"``: answered≤T / (answered + abandoned after T);
    - ``"early_abandons_met"``: (answered≤T + abandoned≤T) / (answered + abandoned);
    - ``"answered"``: answered≤T / answered.

    Source: the credit-card centre answers 85% of calls within 15 s
    ("ACD接听时效(15秒内接通S/L≥85%)", "如何做好银行客服工作", 红杰人力人才网, 2015).

    ``add`` returns a new accumulator and leaves this one unchanged: a frozen value
    can be pickled, shared between threads and merged in any order.

    Attributes:
        threshold: T, the answer time target.
        definition: which calls the denominator counts (see above).
        short_abandon: abandons with a wait up to this are left out of every count.
        answered_within: answered calls with wait ≤ T.
        answered: answered calls.
        abandoned_within: abandoned calls (not short) with wait ≤ T.
        abandoned: abandoned calls, short abandons left out.
        short_abandons: abandons with wait ≤ short_abandon, left out.
        rejections: invalid records by reason (see ``rejected``).
    """

    threshold: timedelta = attrs.field(validator=duration_option())
    definition: ServiceLevelDefinition = attrs.field(
        default="offered", validator=choice_option(_DEFINITIONS)
    )
    short_abandon: timedelta = attrs.field(default=timedelta(0), validator=duration_option())
    answered_within: int = 0
    answered: int = 0
    abandoned_within: int = 0
    abandoned: int = 0
    short_abandons: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    OPTIONS: ClassVar[tuple[str, ...]] = ("threshold", "definition", "short_abandon")
    COUNTS: ClassVar[tuple[str, ...]] = (
        "answered_within",
        "answered",
        "abandoned_within",
        "abandoned",
        "short_abandons",
    )
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("answered", "abandoned", "short_abandons")

    def _count(self, calls: Iterator[tuple[bool, int]]) -> dict[str, int]:
        t = td_micros(self.threshold)
        s = td_micros(self.short_abandon)
        aw = an = bw = ab = sh = 0
        for answered, w in calls:
            if answered:
                an += 1
                if w <= t:
                    aw += 1
            elif w <= s:
                sh += 1
            else:
                ab += 1
                if w <= t:
                    bw += 1
        return {
            "answered_within": aw,
            "answered": an,
            "abandoned_within": bw,
            "abandoned": ab,
            "short_abandons": sh,
        }

    def _count_columns(self, np: Any, ans_ok: Any, ab_ok: Any, wait: Any) -> dict[str, int]:
        t = td_micros(self.threshold)
        short = ab_ok & (wait <= td_micros(self.short_abandon))
        ab_ok &= ~short
        within = wait <= t
        return {
            "answered_within": int(np.count_nonzero(ans_ok & within)),
            "answered": int(np.count_nonzero(ans_ok)),
            "abandoned_within": int(np.count_nonzero(ab_ok & within)),
            "abandoned": int(np.count_nonzero(ab_ok)),
            "short_abandons": int(np.count_nonzero(short)),
        }

    @property
    def numerator(self) -> int:
        """Calls that met the threshold, as ``definition`` counts them."""
        if self.definition == "early_abandons_met":
            return self.answered_within + self.abandoned_within
        return self.answered_within

    @property
    def denominator(self) -> int:
        """Calls measured, as ``definition`` counts them."""
        if self.definition == "answered":
            return self.answered
        if self.definition == "exclude_early_abandons":
            return self.answered + self.abandoned - self.abandoned_within
        return self.answered + self.abandoned


@attrs.frozen(kw_only=True)
class AbandonRate(_CallKPI, Share):
    """Abandon rate: abandoned / (answered + abandoned) (放弃率, 电话挂断率).

    Abandons with a wait of at most ``short_abandon`` are left out of both counts
    and reported in ``short_abandons``.
    Source: abandon rate at most 5% ("电话挂断率(≤5%)", "如何做好银行客服工作",
    红杰人力人才网, 2015).

    Attributes:
        short_abandon: abandons with a wait up to this are left out.
        answered: answered calls.
        abandoned: abandoned calls, short abandons left out.
        short_abandons: abandons with wait ≤ short_abandon.
        rejections: invalid records by reason.
    """

    short_abandon: timedelta = attrs.field(default=timedelta(0), validator=duration_option())
    answered: int = 0
    abandoned: int = 0
    short_abandons: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    OPTIONS: ClassVar[tuple[str, ...]] = ("short_abandon",)
    COUNTS: ClassVar[tuple[str, ...]] = ("answered", "abandoned", "short_abandons")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("answered", "abandoned", "short_abandons")

    def _count(self, calls: Iterator[tuple[bool, int]]) -> dict[str, int]:
        s = td_micros(self.short_abandon)
        an = ab = sh = 0
        for answered, w in calls:
            if answered:
                an += 1
            elif w <= s:
                sh += 1
            else:
                ab += 1
        return {"answered": an, "abandoned": ab, "short_abandons": sh}

    def _count_columns(self, np: Any, ans_ok: Any, ab_ok: Any, wait: Any) -> dict[str, int]:
        short = ab_ok & (wait <= td_micros(self.short_abandon))
        return {
            "answered": int(np.count_nonzero(ans_ok)),
            "abandoned": int(np.count_nonzero(ab_ok & ~short)),
            "short_abandons": int(np.count_nonzero(short)),
        }

    @property
    def numerator(self) -> int:
        """Abandoned calls (short abandons left out)."""
        return self.abandoned

    @property
    def denominator(self) -> int:
        """Answered plus abandoned calls (short abandons left out)."""
        return self.answered + self.abandoned


@attrs.frozen(kw_only=True)
class AverageSpeedOfAnswer(_CallKPI, Mean):
    """Average speed of answer (ASA): the mean wait of answered calls.

    Abandoned calls are outside its population; they are counted in ``abandoned``
    so the record count adds up. Compare :class:`AverageDelay`, over all calls.
    The mean is rounded to the nearest microsecond, ties to even.

    Attributes:
        answered: answered calls.
        wait_us: their total wait, in microseconds.
        abandoned: abandoned calls (valid, but not answered).
        rejections: invalid records by reason.
    """

    answered: int = 0
    wait_us: int = 0
    abandoned: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    COUNTS: ClassVar[tuple[str, ...]] = ("answered", "wait_us", "abandoned")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("answered", "abandoned")
    MEAN: ClassVar[tuple[str, str]] = ("wait_us", "answered")

    def _count(self, calls: Iterator[tuple[bool, int]]) -> dict[str, int]:
        an = total = ab = 0
        for answered, w in calls:
            if answered:
                an += 1
                total += w
            else:
                ab += 1
        return {"answered": an, "wait_us": total, "abandoned": ab}

    def _count_columns(self, np: Any, ans_ok: Any, ab_ok: Any, wait: Any) -> dict[str, int]:
        return {
            "answered": int(np.count_nonzero(ans_ok)),
            "wait_us": exact_sum(np, wait[ans_ok]),
            "abandoned": int(np.count_nonzero(ab_ok)),
        }


@attrs.frozen(kw_only=True)
class AverageDelay(_CallKPI, Mean):
    """Average delay: the mean wait of every call, answered or abandoned.

    An abandoned call's wait runs until it hung up.
    Short abandons (wait ≤ ``short_abandon``) are left out, as in
    :class:`ServiceLevel`, and reported in ``short_abandons``; so the population is
    the denominator of ``ServiceLevel(definition="offered")``.
    The mean is rounded to the nearest microsecond, ties to even.

    Attributes:
        short_abandon: abandons with a wait up to this are left out.
        calls: calls measured.
        wait_us: their total wait, in microseconds.
        short_abandons: abandons with wait ≤ short_abandon, left out.
        rejections: invalid records by reason.
    """

    short_abandon: timedelta = attrs.field(default=timedelta(0), validator=duration_option())
    calls: int = 0
    wait_us: int = 0
    short_abandons: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    OPTIONS: ClassVar[tuple[str, ...]] = ("short_abandon",)
    COUNTS: ClassVar[tuple[str, ...]] = ("calls", "wait_us", "short_abandons")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("calls", "short_abandons")
    MEAN: ClassVar[tuple[str, str]] = ("wait_us", "calls")

    def _count(self, calls: Iterator[tuple[bool, int]]) -> dict[str, int]:
        s = td_micros(self.short_abandon)
        n = total = sh = 0
        for answered, w in calls:
            if not answered and w <= s:
                sh += 1
            else:
                n += 1
                total += w
        return {"calls": n, "wait_us": total, "short_abandons": sh}

    def _count_columns(self, np: Any, ans_ok: Any, ab_ok: Any, wait: Any) -> dict[str, int]:
        short = ab_ok & (wait <= td_micros(self.short_abandon))
        measured = ans_ok | (ab_ok & ~short)
        return {
            "calls": int(np.count_nonzero(measured)),
            "wait_us": exact_sum(np, wait[measured]),
            "short_abandons": int(np.count_nonzero(short)),
        }
