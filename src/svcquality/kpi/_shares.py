"""Share and rate KPIs: flags, survey boxes, complaints per 10,000, attrition."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from svcquality._types import ComplaintBase, EmployeeShare
from svcquality.errors import ParameterError
from svcquality.kpi._base import (
    Accumulator,
    Reasons,
    Share,
    choice_option,
    count_of,
    evolve_counts,
    fraction,
    int_option,
    numpy,
    of_kind,
    ratio,
)
from svcquality.kpi._records import (
    ComplaintCount,
    Completion,
    CustomerRating,
    EmployeeRating,
    Headcount,
    Recording,
    Transaction,
)

__all__ = [
    "CSAT",
    "Attrition",
    "ComplaintRate",
    "EmployeeSatisfaction",
    "OnTimeRate",
    "RecordingSuccess",
    "ServiceErrorRate",
]


# --------------------------------------------------------------------------- yes/no shares


class _FlagShare(Share):
    """A share of records whose yes/no flag is True.

    ``COUNTS`` names the hits and the records measured, in that order; the
    record's flag is the attribute named like the hits.
    """

    __slots__ = ()

    def add_all(self, records: Iterable[object]) -> _FlagShare:
        """Return a new accumulator with every record of ``records`` added."""
        hits = total = 0
        bad: Counter[str] = Counter()
        kind: type[Any] = self.RECORD
        flag, measured = self.COUNTS
        for r in of_kind(records, kind, bad):
            v = getattr(r, flag)
            if v is True:
                hits += 1
            elif v is not False:
                bad[Reasons.NOT_FLAG] += 1
                continue
            total += 1
        return evolve_counts(self, {flag: hits, measured: total}, bad)

    def add_many(self, flags: object) -> _FlagShare:
        """Add a column of yes/no flags (a numpy bool array); equal to ``add_all``.

        Raises:
            ParameterError: the column is not one-dimensional or not boolean.
            ImportError: numpy is not installed (the ``fast`` extra).
        """
        np = numpy("add_many")
        arr = np.asarray(flags)
        if arr.ndim != 1 or (arr.dtype.kind != "b" and arr.size):
            msg = (
                f"flags must be a one-dimensional boolean array, got shape {arr.shape} and "
                f"dtype {arr.dtype}; convert with column.astype(bool) once the missing "
                "values are dealt with"
            )
            raise ParameterError(msg)
        flag, measured = self.COUNTS
        counts = {flag: int(np.count_nonzero(arr)), measured: int(arr.shape[0])}
        return evolve_counts(self, counts, {})

    @property
    def numerator(self) -> int:
        """Records whose flag is True."""
        n: int = getattr(self, self.COUNTS[0])
        return n

    @property
    def denominator(self) -> int:
        """Records measured."""
        n: int = getattr(self, self.COUNTS[1])
        return n

    @property
    def records(self) -> int:
        """Every record added, rejected ones included."""
        return self.denominator + self.rejected_total


@attrs.frozen(kw_only=True)
class RecordingSuccess(_FlagShare):
    """Recording success: recorded calls / calls (录音成功率).

    Source: at least 95% ("录音成功率(≥95%)", "如何做好银行客服工作", 红杰人力人才网, 2015).

    Attributes:
        succeeded: calls whose recording succeeded.
        calls: calls measured.
        rejections: invalid records by reason.
    """

    succeeded: int = 0
    calls: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    COUNTS: ClassVar[tuple[str, ...]] = ("succeeded", "calls")
    RECORD: ClassVar[type] = Recording


@attrs.frozen(kw_only=True)
class ServiceErrorRate(_FlagShare):
    """Service error rate: transactions handled with an error / transactions (服务差错率).

    Source: on the monthly service dashboard (《银行客户服务质量提升操作手册》).

    Attributes:
        erroneous: transactions handled with an error.
        transactions: transactions measured.
        rejections: invalid records by reason.
    """

    erroneous: int = 0
    transactions: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    COUNTS: ClassVar[tuple[str, ...]] = ("erroneous", "transactions")
    RECORD: ClassVar[type] = Transaction


@attrs.frozen(kw_only=True)
class OnTimeRate(_FlagShare):
    """On-time rate: routine business completed within its promise / completed business.

    The host says whether each piece was on time. Source: at least 90% of routine
    business within the promised time ("90%以上常规业务承诺时限内完成",
    《银行客户服务质量提升操作手册》).

    Note:
        Promise compliance computed from SLA clock readings (over closed requests,
        closed plus breached open ones, or ever-breached) is ``PromiseCompliance``,
        added with the SLA clock; this KPI is its yes/no form for hosts that
        already know.

    Attributes:
        on_time: completions within their promise.
        completed: completions measured.
        rejections: invalid records by reason.
    """

    on_time: int = 0
    completed: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    COUNTS: ClassVar[tuple[str, ...]] = ("on_time", "completed")
    RECORD: ClassVar[type] = Completion


# --------------------------------------------------------------------------- surveys


class _Survey(Share):
    """Answers on a 1..``scale`` scale, counted in the top and bottom ``boxes``."""

    __slots__ = ()

    scale: int
    boxes: int

    def __attrs_post_init__(self) -> None:
        if 2 * self.boxes > self.scale:
            msg = (
                f"boxes={self.boxes} on a scale of {self.scale}: the top and bottom "
                f"{self.boxes} boxes overlap; use boxes <= {self.scale // 2}"
            )
            raise ParameterError(msg)

    def _count(self, records: Iterable[object]) -> tuple[int, int, int, dict[str, int]]:
        """Answers in the top boxes, in the bottom boxes, all measured; the rejections."""
        kind: type[CustomerRating | EmployeeRating] = self.RECORD
        scale = self.scale
        top = scale - self.boxes
        bottom = self.boxes
        sat = dis = n = 0
        bad: Counter[str] = Counter()
        for r in of_kind(records, kind, bad):
            s = r.score
            if not isinstance(s, int) or isinstance(s, bool) or not 1 <= s <= scale:
                bad[Reasons.SCORE_RANGE] += 1
                continue
            n += 1
            if s > top:
                sat += 1
            elif s <= bottom:
                dis += 1
        return sat, dis, n, bad


@attrs.frozen(kw_only=True)
class CSAT(_Survey):
    """Customer satisfaction as a top-box share: answers in the top ``boxes`` / answers.

    On the usual 1-5 scale with ``boxes=2`` a 4 or a 5 counts as satisfied
    ("top-2-box"). Some banks publish a mean score instead; a mean is not a
    share and does not fit a percentage target, so it is not offered here.
    Source: CSAT on the monthly service dashboard (《银行客户服务质量提升操作手册》).

    Attributes:
        scale: the highest answer (answers run 1..scale).
        boxes: how many top answers count as satisfied.
        satisfied: answers in the top boxes.
        responses: answers measured.
        rejections: invalid records by reason (a score outside 1..scale).
    """

    scale: int = attrs.field(default=5, validator=int_option(low=2, high=100))
    boxes: int = attrs.field(default=2, validator=int_option(low=1))
    satisfied: int = 0
    responses: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    OPTIONS: ClassVar[tuple[str, ...]] = ("scale", "boxes")
    COUNTS: ClassVar[tuple[str, ...]] = ("satisfied", "responses")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("responses",)
    RECORD: ClassVar[type] = CustomerRating

    def add_all(self, records: Iterable[object]) -> CSAT:
        """Return a new accumulator with every :class:`CustomerRating` added."""
        sat, _, n, bad = self._count(records)
        return evolve_counts(self, {"satisfied": sat, "responses": n}, bad)

    @property
    def numerator(self) -> int:
        """Answers in the top boxes."""
        return self.satisfied

    @property
    def denominator(self) -> int:
        """Answers measured."""
        return self.responses


@attrs.frozen(kw_only=True)
class EmployeeSatisfaction(_Survey):
    """Employee satisfaction or dissatisfaction share of a staff survey (员工满意度).

    Answers in the top ``boxes`` count as satisfied, in the bottom ``boxes`` as
    dissatisfied, the rest as neutral; ``share`` picks which share is ``value``
    (both are always available as ``satisfied_share`` and ``dissatisfied_share``).
    Source: satisfaction at least 70%, dissatisfaction at most 15%
    ("员工满意度达到70%,而不满意度小于等于15%", "如何做好银行客服工作", 红杰人力人才网, 2015).

    Attributes:
        scale: the highest answer (answers run 1..scale).
        boxes: how many answers at each end count.
        share: which share ``value`` is.
        satisfied: answers in the top boxes.
        dissatisfied: answers in the bottom boxes.
        responses: answers measured.
        rejections: invalid records by reason.
    """

    scale: int = attrs.field(default=5, validator=int_option(low=2, high=100))
    boxes: int = attrs.field(default=2, validator=int_option(low=1))
    share: EmployeeShare = attrs.field(
        default="satisfied", validator=choice_option(("satisfied", "dissatisfied"))
    )
    satisfied: int = 0
    dissatisfied: int = 0
    responses: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    OPTIONS: ClassVar[tuple[str, ...]] = ("scale", "boxes", "share")
    COUNTS: ClassVar[tuple[str, ...]] = ("satisfied", "dissatisfied", "responses")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("responses",)
    RECORD: ClassVar[type] = EmployeeRating

    def add_all(self, records: Iterable[object]) -> EmployeeSatisfaction:
        """Return a new accumulator with every :class:`EmployeeRating` added."""
        sat, dis, n, bad = self._count(records)
        counts = {"satisfied": sat, "dissatisfied": dis, "responses": n}
        return evolve_counts(self, counts, bad)

    @property
    def numerator(self) -> int:
        """Answers in the boxes ``share`` names."""
        return self.satisfied if self.share == "satisfied" else self.dissatisfied

    @property
    def denominator(self) -> int:
        """Answers measured."""
        return self.responses

    @property
    def satisfied_share(self) -> float | None:
        """Top-box share, whatever ``share`` is."""
        return ratio(self.satisfied, self.responses)

    @property
    def dissatisfied_share(self) -> float | None:
        """Bottom-box share, whatever ``share`` is."""
        return ratio(self.dissatisfied, self.responses)


# --------------------------------------------------------------------------- tallies


@attrs.frozen(kw_only=True)
class ComplaintRate(Accumulator):
    """Complaints per 10,000 customers or transactions (投诉率).

    ``per`` names the base; accumulators over different bases do not merge.
    Source: complaint rate on the monthly service dashboard (《银行客户服务质量提升操作手册》).

    Attributes:
        per: what the base counts.
        complaints: complaints received.
        base: customers served or transactions handled.
        tallies: records measured.
        rejections: invalid records by reason (a negative or non-integer count).
    """

    per: ComplaintBase = attrs.field(
        default="customers", validator=choice_option(("customers", "transactions"))
    )
    complaints: int = 0
    base: int = 0
    tallies: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    OPTIONS: ClassVar[tuple[str, ...]] = ("per",)
    COUNTS: ClassVar[tuple[str, ...]] = ("complaints", "base", "tallies")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("tallies",)
    RECORD: ClassVar[type] = ComplaintCount
    KIND: ClassVar[str] = "rate"

    def add_all(self, records: Iterable[object]) -> ComplaintRate:
        """Return a new accumulator with every :class:`ComplaintCount` added."""
        c = b = n = 0
        bad: Counter[str] = Counter()
        for r in of_kind(records, ComplaintCount, bad):
            cc, bb = count_of(r.complaints), count_of(r.base)
            if cc is None or bb is None:
                bad[Reasons.NOT_COUNT] += 1
                continue
            c += cc
            b += bb
            n += 1
        return evolve_counts(self, {"complaints": c, "base": b, "tallies": n}, bad)

    @property
    def value(self) -> float | None:
        """Complaints per 10,000 of the base, or None when the base is 0."""
        return ratio(self.complaints * 10_000, self.base)

    @property
    def exact(self) -> Fraction | None:
        """Complaints per 10,000 as an exact fraction, or None."""
        return fraction(self.complaints * 10_000, self.base)


@attrs.frozen(kw_only=True)
class Attrition(Accumulator):
    """Attrition: leavers / average headcount, average = (opening + closing) / 2 (人员流失率).

    Merging adds units of one period (branches of a month). It does not turn
    months into a year: twelve months of one leaver in a team of 100 merge to
    12 / 1200, not 12%. For a yearly rate give one record per unit for the
    year, with the year's opening and closing headcount.
    Source: attrition below 10% against an industry 30-40%
    ("人员流失比例…控制在了10%以内", "如何做好银行客服工作", 红杰人力人才网, 2015).

    Attributes:
        leavers: staff who left.
        headcount2: the sum of opening + closing headcounts (twice the average).
        units: records measured.
        rejections: invalid records by reason.
    """

    leavers: int = 0
    headcount2: int = 0
    units: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    COUNTS: ClassVar[tuple[str, ...]] = ("leavers", "headcount2", "units")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("units",)
    RECORD: ClassVar[type] = Headcount

    def add_all(self, records: Iterable[object]) -> Attrition:
        """Return a new accumulator with every :class:`Headcount` added."""
        left = heads = n = 0
        bad: Counter[str] = Counter()
        for r in of_kind(records, Headcount, bad):
            o, c, lv = count_of(r.opening), count_of(r.closing), count_of(r.leavers)
            if o is None or c is None or lv is None:
                bad[Reasons.NOT_COUNT] += 1
                continue
            left += lv
            heads += o + c
            n += 1
        return evolve_counts(self, {"leavers": left, "headcount2": heads, "units": n}, bad)

    @property
    def value(self) -> float | None:
        """Attrition (may exceed 1 in a unit with heavy turnover), or None with no staff."""
        return ratio(2 * self.leavers, self.headcount2)

    @property
    def exact(self) -> Fraction | None:
        """Attrition as an exact fraction, or None."""
        return fraction(2 * self.leavers, self.headcount2)
