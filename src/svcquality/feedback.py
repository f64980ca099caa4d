"""The closed feedback loop: cases, the monthly re-check sample, the heat map.

- :class:`FeedbackCase` is one piece of customer feedback going round the
  loop 接收—分析—处理—反馈—验证 (receive → analyse → handle → feedback →
  verify: the customer confirms satisfaction), rebuilt from its event log
  with the tier's :class:`~svcquality.Promise` attached. A dissatisfied
  verification opens the "apologise and resolve within 24 hours" promise
  (“不满意”事件要求24小时内致歉解决). Both clocks are read with
  :func:`svcquality.read_clock`.
- :class:`Sample` draws the monthly re-check of 10% of resolved items
  (每月抽取10%已解决问题“回头看”): membership is a keyed hash of the seed and
  the item's id, so it is deterministic and does not change when more items
  are added.
- :class:`HeatMap` counts feedback by business type × problem nature ×
  customer tier (按“业务类型、问题性质、客户层级”分类…形成《服务问题热力图》),
  a mergeable accumulator like the KPIs.

Source: the service-quality manual, 《银行客户服务质量提升操作手册》.
"""

from __future__ import annotations

import hashlib
import heapq
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import attrs

from svcquality._fields import filled, items_of, mapping_or_none, must_be, shown, text
from svcquality._logs import LogEntry, Logged, LogKinds, belongs, entries, event_error, in_order
from svcquality._types import FeedbackStage
from svcquality.clock import (
    ClockReading,
    Event,
    Met,
    Opened,
    Reopened,
    Resolved,
    read_clock,
)
from svcquality.errors import FeedbackError, ParameterError
from svcquality.kpi._base import Reasons, Rejected, merge_rejections, rejections_of
from svcquality.promises import Promise, Target

__all__ = [
    "AXES",
    "DISSATISFIED",
    "Analysed",
    "Apologised",
    "FeedbackCase",
    "FeedbackEvent",
    "FeedbackRecord",
    "FedBack",
    "Handled",
    "HeatCell",
    "HeatMap",
    "Received",
    "Sample",
    "Verified",
]

#: The "apologise and resolve within 24 hours" promise a dissatisfied rating opens
#: (“不满意”事件要求24小时内致歉解决).
DISSATISFIED = Promise(
    service="dissatisfied",
    milestones={
        "apologise": Target.wall(timedelta(hours=24)),
        "resolve": Target.wall(timedelta(hours=24)),
    },
)

_STAGES: tuple[FeedbackStage, ...] = ("received", "analysed", "handled", "fed_back", "verified")


# --------------------------------------------------------------------------- events


_text = text(FeedbackError)


_flag = must_be(
    "True (the customer confirms satisfaction) or False (dissatisfied)", FeedbackError, bool
)


@attrs.frozen
class _Noted(Logged):
    """A stage of the loop with the handler's note on it (free text, ``""`` for none)."""

    note: str = attrs.field(default="", validator=_text)


@attrs.frozen
class Received(_Noted):
    """The feedback is received (接收): a complaint, a suggestion, a rating."""


@attrs.frozen
class Analysed(_Noted):
    """The cause is analysed and the case classified (分析)."""


@attrs.frozen
class Handled(_Noted):
    """The problem is handled (处理)."""


@attrs.frozen
class FedBack(Logged):
    """The result is fed back to the customer (反馈: 短信/电话反馈结果)."""

    via: str = attrs.field(default="", validator=_text)


@attrs.frozen
class Verified(Logged):
    """The customer is asked to confirm satisfaction (验证: 邀客户确认满意度).

    ``satisfied=False`` is a dissatisfied rating: it opens the "apologise and
    resolve within 24 hours" promise and sends the case back round the loop.
    """

    satisfied: bool = attrs.field(validator=_flag)


@attrs.frozen
class Apologised(_Noted):
    """The bank apologised to a dissatisfied customer (致歉)."""


FeedbackEvent: TypeAlias = Received | Analysed | Handled | FedBack | Verified | Apologised
_EVENTS = (Received, Analysed, Handled, FedBack, Verified, Apologised)
belongs("feedback", _EVENTS)

_State = Literal[
    "new", "received", "analysed", "handled", "fed_back", "dissatisfied", "apologised", "closed"
]

#: What each state allows next.
_NEXT: dict[str, tuple[type, ...]] = {
    "new": (Received,),
    "received": (Analysed,),
    "analysed": (Handled,),
    "handled": (FedBack,),
    "fed_back": (Verified,),
    "dissatisfied": (Apologised,),
    "apologised": (Handled,),
    "closed": (),
}
_AFTER: dict[type, _State] = {
    Received: "received",
    Analysed: "analysed",
    Handled: "handled",
    FedBack: "fed_back",
    Apologised: "apologised",
}
_STAGE_OF: dict[type, FeedbackStage] = {
    Received: "received",
    Analysed: "analysed",
    Handled: "handled",
    FedBack: "fed_back",
}


# --------------------------------------------------------------------------- the case


def _met_by(value: Mapping[str, FeedbackStage] | None) -> dict[str, FeedbackStage]:
    value = mapping_or_none(
        value,
        "FeedbackCase: met_by must map a milestone to the stage that meets it, such as "
        "{'follow_up': 'analysed', 'result': 'fed_back'}",
        FeedbackError,
    )
    for milestone, stage in value.items():
        if stage not in _STAGES:
            msg = (
                f"FeedbackCase: met_by[{shown(milestone)}] is "
                f"{shown(stage)}; a milestone is met by one "
                f"of the stages {', '.join(_STAGES)}"
            )
            raise FeedbackError(msg)
    return dict(value)


def _log(value: Iterable[LogEntry]) -> tuple[LogEntry, ...]:
    return entries(value, "FeedbackCase: log must be a sequence of feedback events", FeedbackError)


_case_id = must_be("a non-empty id such as 'FB-2025-0601'", FeedbackError, filled)
_promise = must_be(
    "a Promise (the tier's promise, e.g. tier III's follow-up and result milestones)",
    FeedbackError,
    Promise,
)


class _Replay:
    __slots__ = ("apology", "closed", "dissatisfied", "firsts", "state", "tier")

    def __init__(self) -> None:
        self.state: _State = "new"
        self.tier: list[Event] = []
        self.apology: list[Event] = []
        self.firsts: dict[FeedbackStage, datetime] = {}
        self.dissatisfied = 0
        self.closed: datetime | None = None


def _describe(event: FeedbackEvent) -> str:
    extra = f", satisfied={event.satisfied}" if isinstance(event, Verified) else ""
    return f"{type(event).__name__}(at={event.at.isoformat()}{extra})"


_LOG: LogKinds[FeedbackEvent] = LogKinds(
    _EVENTS,
    FeedbackError,
    code="feedback.event",
    what="a feedback event",
    use=f"use {', '.join(e.__name__ for e in _EVENTS)}",
    describe=_describe,
    reader="feedback",
)


@attrs.frozen
class FeedbackCase:
    """One piece of feedback going round the closed loop, rebuilt from its log.

    The loop is receive → analyse → handle → feedback → verify
    (:class:`Received`, :class:`Analysed`, :class:`Handled`, :class:`FedBack`,
    :class:`Verified`). ``Verified(satisfied=True)`` closes the case;
    ``Verified(satisfied=False)`` opens the :data:`DISSATISFIED` promise and
    allows :class:`Apologised`, then the case is handled, fed back and
    verified again.

    The tier's promise runs from ``Received``. A milestone listed in
    ``met_by`` is met by the first event of that stage; every other milestone
    is met when the customer confirms satisfaction.

    The log may be a request's one log (``docs/request.md``): the clock's and
    routing's events in it are skipped (the loop's clocks are its own).

    Attributes:
        case_id: the case's id (also its id in a :class:`Sample`).
        promise: the tier's promise, e.g. tier III: follow up within 1 working
            day, result within 7 working days.
        log: the events, in non-decreasing order of instant.
        met_by: milestone → the stage whose event meets it.
        apology: the promise a dissatisfied rating opens (default :data:`DISSATISFIED`).

    Raises:
        FeedbackError: an event the state does not allow (naming the state, the
            event and what is allowed), or an unknown milestone in ``met_by``.
    """

    case_id: str = attrs.field(validator=_case_id)
    promise: Promise = attrs.field(validator=_promise)
    log: tuple[LogEntry, ...] = attrs.field(default=(), converter=_log)
    met_by: dict[str, FeedbackStage] = attrs.field(factory=dict, converter=_met_by, hash=False)
    apology: Promise = attrs.field(default=DISSATISFIED, validator=_promise)
    _st: _Replay = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        for milestone in self.met_by:
            if milestone not in self.promise.milestones:
                msg = (
                    f"FeedbackCase {shown(self.case_id)}: "
                    f"met_by: {self.promise._unknown(milestone)}"
                )
                raise FeedbackError(msg)
        object.__setattr__(self, "_st", self._replay())

    def apply(self, *events: FeedbackEvent) -> FeedbackCase:
        """A new case with ``events`` appended to the log (this one is unchanged)."""
        log: tuple[LogEntry, ...] = self.log + events
        return attrs.evolve(self, log=log)

    # ------------------------------------------------------------ replay

    def _replay(self) -> _Replay:
        st = _Replay()
        by_stage: dict[FeedbackStage, list[str]] = {}
        for milestone, stage in self.met_by.items():
            by_stage.setdefault(stage, []).append(milestone)
        where = f"FeedbackCase {self.case_id!r}"
        for i, event, _ in in_order(self.log, _LOG, where):
            allowed = _NEXT[st.state]
            if not isinstance(event, allowed):
                allows = " or ".join(a.__name__ for a in allowed) or "nothing (the case is closed)"
                raise event_error(
                    FeedbackError,
                    i,
                    event,
                    f"the case is {shown(st.state)}, which allows {allows}",
                    "the loop is receive → analyse → handle → feedback → verify "
                    "(a dissatisfied verification adds apologise → handle → feedback → verify)",
                    code="feedback.event",
                    shown=_describe(event),
                    where=where,
                )
            self._step(st, event, by_stage)
        return st

    def _step(
        self, st: _Replay, event: FeedbackEvent, by_stage: dict[FeedbackStage, list[str]]
    ) -> None:
        at = event.at
        if isinstance(event, Received):
            st.tier.append(Opened(at=at))
        reopen = st.state == "apologised"
        stage = _STAGE_OF.get(type(event))
        if stage is not None and stage not in st.firsts:
            st.firsts[stage] = at
            st.tier.extend(Met(at=at, milestone=m) for m in by_stage.get(stage, ()))
        if isinstance(event, Apologised):
            st.apology.append(Met(at=at, milestone="apologise"))
        if isinstance(event, Handled) and reopen:
            st.apology.append(Met(at=at, milestone="resolve"))
        if isinstance(event, Verified):
            if "verified" not in st.firsts:
                st.firsts["verified"] = at
            if st.dissatisfied:
                st.apology.append(Resolved(at=at))
            if event.satisfied:
                st.tier.append(Resolved(at=at))
                st.closed = at
                st.state = "closed"
            else:
                st.apology.append(Opened(at=at) if not st.dissatisfied else Reopened(at=at))
                st.dissatisfied += 1
                st.state = "dissatisfied"
            return
        st.state = _AFTER[type(event)]

    # ------------------------------------------------------------ state

    @property
    def state(self) -> _State:
        """``"new"``, ``"received"``, ``"analysed"``, ``"handled"``, ``"fed_back"``,
        ``"dissatisfied"``, ``"apologised"`` or ``"closed"`` (satisfaction confirmed)."""
        return self._st.state

    @property
    def is_resolved(self) -> bool:
        """Whether the customer confirmed satisfaction (the case is closed)."""
        return self._st.state == "closed"

    @property
    def closed_at(self) -> datetime | None:
        """When the customer confirmed satisfaction, or None."""
        return self._st.closed

    @property
    def stages(self) -> dict[FeedbackStage, datetime]:
        """When each stage was first reached (a new dict each time)."""
        return dict(self._st.firsts)

    @property
    def dissatisfied(self) -> int:
        """How many times the customer said they were not satisfied."""
        return self._st.dissatisfied

    # ------------------------------------------------------------ clocks

    def clock_log(self) -> tuple[Event, ...]:
        """The case as an SLA clock log for the tier's promise."""
        return tuple(self._st.tier)

    def reading(self, now: datetime) -> ClockReading:
        """Where the tier's promise stands at ``now``.

        Raises:
            FeedbackError: the case has not been received yet.
        """
        if not self._st.tier:
            msg = (
                f"FeedbackCase {shown(self.case_id)}: not "
                "received yet; the log starts with Received"
            )
            raise FeedbackError(msg)
        return read_clock(self.promise, self._st.tier, now)

    def apology_log(self) -> tuple[Event, ...]:
        """The "apologise and resolve within 24 h" clock log (empty if never dissatisfied).

        Each dissatisfied verification starts a new cycle.
        """
        return tuple(self._st.apology)

    def apology_reading(self, now: datetime) -> ClockReading | None:
        """Where the apology promise stands at ``now``, or None if never dissatisfied."""
        if not self._st.apology:
            return None
        return read_clock(self.apology, self._st.apology, now)


# --------------------------------------------------------------------------- sample

_SPACE = 2**64


def _rate(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction, Decimal)):
        msg = f"Sample: rate must be a share in [0, 1] such as 0.10, got {shown(value)}"
        raise ParameterError(msg)
    try:
        exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    except (ValueError, OverflowError):  # NaN and infinities have no ratio
        exact = Fraction(-1)
    if not 0 <= exact <= 1:
        msg = f"Sample: rate must be a share in [0, 1] such as 0.10 (10%), got {shown(value)}"
        raise ParameterError(msg)
    return exact


def _seed_key(value: object) -> bytes:
    if isinstance(value, bool) or not isinstance(value, (str, bytes, int)):
        msg = f"Sample: seed must be text, bytes or an int such as '2025-06', got {shown(value)}"
        raise ParameterError(msg)
    key = value if isinstance(value, bytes) else str(value).encode()
    if not key or len(key) > 64:
        msg = (
            f"Sample: seed {shown(value)} is {len(key)} bytes; give 1 to 64 bytes, such as the "
            "month '2025-06' (a new seed each month draws a new sample)"
        )
        raise ParameterError(msg)
    return key


def _item(item_id: object) -> bytes:
    if isinstance(item_id, str):
        return item_id.encode()
    if isinstance(item_id, int) and not isinstance(item_id, bool):
        return str(item_id).encode()
    msg = f"Sample: an item id must be text or an int, got {shown(item_id)}"
    raise ParameterError(msg)


def _check_rate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _rate(value)


def _check_seed(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _seed_key(value)


@attrs.frozen
class Sample:
    """A deterministic sample of resolved items for the monthly re-check (回访复核).

    An item is in the sample when the keyed BLAKE2b hash of its id (the seed
    is the key) read as a 64-bit integer is below ``rate × 2**64``. No random
    state: the same seed gives the same sample on every machine, and an item's
    membership never changes when more items are added. An int id is hashed as
    its decimal text, so ``7`` and ``"7"`` are the same item.

    Attributes:
        rate: the share to draw, in [0, 1] (float, int, Fraction or Decimal;
            ``0.10`` is read as exactly 1/10).
        seed: text, bytes or an int (1 to 64 bytes), e.g. the month ``"2025-06"``.

    Raises:
        ParameterError: a rate outside [0, 1], or a missing or over-long seed.
    """

    rate: float | Fraction | Decimal | int = attrs.field(default=0.10, validator=_check_rate)
    seed: str | bytes | int = attrs.field(kw_only=True, validator=_check_seed)
    _key: bytes = attrs.field(init=False, eq=False, hash=False, repr=False)
    _threshold: int = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_key", _seed_key(self.seed))
        exact = _rate(self.rate)
        object.__setattr__(self, "_threshold", exact.numerator * _SPACE // exact.denominator)

    def score(self, item_id: str | int) -> int:
        """The item's 64-bit hash under this seed (in the sample when below the threshold)."""
        digest = hashlib.blake2b(_item(item_id), key=self._key, digest_size=8).digest()
        return int.from_bytes(digest, "big")

    def contains(self, item_id: str | int) -> bool:
        """Whether the item is drawn for re-check."""
        return self.score(item_id) < self._threshold

    def __contains__(self, item_id: object) -> bool:
        return (
            isinstance(item_id, (str, int))
            and not isinstance(item_id, bool)
            and self.contains(item_id)
        )

    def select(self, ids: Iterable[str | int]) -> tuple[str | int, ...]:
        """The ids drawn, in the order given (each id once)."""
        seen: set[bytes] = set()
        out: list[str | int] = []
        checked = items_of(ids, "Sample.select", ParameterError, "['F-1', 'F-2']")
        for item_id in typing.cast("tuple[str | int, ...]", checked):
            raw = _item(item_id)
            if raw not in seen:
                seen.add(raw)
                if self.contains(item_id):
                    out.append(item_id)
        return tuple(out)


# --------------------------------------------------------------------------- heat map

#: The heat map's three axes, in cell order.
AXES = ("business_type", "problem_nature", "customer_tier")
_Axis = Literal["business_type", "problem_nature", "customer_tier"]
_Key = tuple[str, str, str]
_MISSING = {
    "business_type": "missing business type",
    "problem_nature": "missing problem nature",
    "customer_tier": "missing customer tier",
}


@attrs.frozen
class FeedbackRecord:
    """One piece of feedback as the heat map classifies it.

    Attributes:
        business_type: 业务类型, e.g. ``"转账"`` or ``"信用卡"``.
        problem_nature: 问题性质, e.g. ``"转账限额设置复杂"`` or ``"流程繁琐"``.
        customer_tier: 客户层级, e.g. ``"大众客户"`` or ``"私人银行"``.
    """

    business_type: str | None
    problem_nature: str | None
    customer_tier: str | None


@attrs.frozen
class HeatCell:
    """One cell of a heat map and its count."""

    business_type: str
    problem_nature: str
    customer_tier: str
    count: int


def _counts(
    value: object, key_ok: Callable[[object], bool], pairs: str, pair: str
) -> dict[Any, int]:
    """``(key, count)`` pairs (or a mapping) added up by key, so a repeated key adds up.

    ``pairs`` says what the value must be, ``pair`` what each pair must be: a
    ``key_ok`` key and a count >= 0.
    """
    items = value.items() if isinstance(value, Mapping) else value
    if not isinstance(items, Iterable):
        msg = f"HeatMap: {pairs}, got {shown(value)}"
        raise ParameterError(msg)
    total: dict[Any, int] = {}
    for one in items:
        key, n = one if isinstance(one, (tuple, list)) and len(one) == 2 else (None, -1)
        if not key_ok(key) or not isinstance(n, int) or isinstance(n, bool) or n < 0:
            msg = f"HeatMap: {pair}, got {shown(one)}"
            raise ParameterError(msg)
        total[key] = total.get(key, 0) + n
    return total


def _cells(
    value: Mapping[_Key, int] | Iterable[tuple[_Key, int]],
) -> tuple[tuple[_Key, int], ...]:
    total = _counts(
        value,
        lambda key: (
            isinstance(key, tuple)
            and len(key) == 3
            and all(isinstance(k, str) and k.strip() for k in key)
        ),
        "cells must be ((business_type, problem_nature, customer_tier), count) pairs",
        "a cell is ((business_type, problem_nature, customer_tier), count) with three names "
        "and a count >= 0",
    )
    return tuple(sorted((k, v) for k, v in total.items() if v))


def _rejections(
    value: Mapping[str, int] | Iterable[tuple[str, int]],
) -> tuple[tuple[str, int], ...]:
    total = _counts(
        value,
        lambda reason: isinstance(reason, str) and bool(reason),
        "rejections must be (reason, count) pairs",
        "rejections are (reason, count) pairs with a reason and a count >= 0",
    )
    return rejections_of(total)


def _reason(record: object) -> _Key | str:
    if not isinstance(record, FeedbackRecord):
        return Reasons.WRONG_RECORD
    key = (record.business_type, record.problem_nature, record.customer_tier)
    for axis, part in zip(AXES, key, strict=True):
        if not isinstance(part, str) or not part.strip():
            return _MISSING[axis]
    return key  # type: ignore[return-value]


@attrs.frozen
class HeatMap(Rejected):
    """Counts of feedback by business type × problem nature × customer tier.

    A mergeable accumulator like the KPIs: :meth:`add` returns a new heat map;
    :meth:`merge` is associative and commutative and ``HeatMap()`` (or
    :meth:`empty`) is its identity, so weekly exports or partitions combine in
    any order. Invalid records are counted in :attr:`rejected`, never dropped.

    Attributes:
        cells: ``((business_type, problem_nature, customer_tier), count)`` pairs,
            sorted, without zero counts.
        rejections: ``(reason, count)`` pairs for invalid records.
    """

    cells: tuple[tuple[_Key, int], ...] = attrs.field(default=(), converter=_cells)
    rejections: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_rejections)

    def add(self, record: object) -> HeatMap:
        """A new heat map with ``record`` counted (or rejected)."""
        return self.add_all((record,))

    def add_all(self, records: Iterable[object]) -> HeatMap:
        """A new heat map with every record of ``records`` counted (or rejected)."""
        counts: dict[_Key, int] = dict(self.cells)
        bad: dict[str, int] = {}
        for record in items_of(records, "HeatMap.add_all", ParameterError, "[record, ...]"):
            got = _reason(record)
            if isinstance(got, str):
                bad[got] = bad.get(got, 0) + 1
            else:
                counts[got] = counts.get(got, 0) + 1
        return HeatMap(
            cells=tuple(counts.items()),
            rejections=merge_rejections(self.rejections, rejections_of(bad)),
        )

    def merge(self, other: HeatMap) -> HeatMap:
        """Combine two heat maps (associative and commutative; ``empty()`` is the identity).

        Raises:
            ParameterError: ``other`` is not a HeatMap.
        """
        if not isinstance(other, HeatMap):
            msg = f"cannot merge HeatMap with {type(other).__name__}: merge two HeatMaps"
            raise ParameterError(msg)
        return HeatMap(
            cells=self.cells + other.cells,
            rejections=merge_rejections(self.rejections, other.rejections),
        )

    def empty(self) -> HeatMap:
        """A heat map with nothing counted: the merge identity."""
        return HeatMap()

    # ------------------------------------------------------------ reading

    @property
    def total(self) -> int:
        """How many valid records were counted."""
        return sum(n for _, n in self.cells)

    @property
    def records(self) -> int:
        """Every record added: counted and rejected."""
        return self.total + self.rejected_total

    def count(self, business_type: str, problem_nature: str, customer_tier: str) -> int:
        """The count of one cell (0 when nothing was counted there)."""
        key = (business_type, problem_nature, customer_tier)
        if not all(isinstance(k, str) for k in key):
            msg = f"HeatMap.count: the cell is named by three texts, got {shown(key)}"
            raise ParameterError(msg)
        return dict(self.cells).get(key, 0)

    def top_k(self, k: int) -> tuple[HeatCell, ...]:
        """The ``k`` hottest cells, highest count first; ties in cell order (by name).

        Raises:
            ParameterError: ``k`` is not a whole number >= 0.
        """
        if not isinstance(k, int) or isinstance(k, bool) or k < 0:
            msg = f"top_k: k must be a whole number >= 0, got {shown(k)}"
            raise ParameterError(msg)
        best = heapq.nsmallest(k, self.cells, key=lambda kv: (-kv[1], kv[0]))
        return tuple(HeatCell(*key, count=n) for key, n in best)

    def marginal(self, axis: _Axis) -> dict[str, int]:
        """Counts along one axis, highest first (ties by name), e.g. per business type.

        Raises:
            ParameterError: ``axis`` is not one of :data:`AXES`.
        """
        if axis not in AXES:
            msg = f"marginal: axis must be one of {', '.join(AXES)}, got {shown(axis)}"
            raise ParameterError(msg)
        pos = AXES.index(axis)
        out: dict[str, int] = {}
        for key, n in self.cells:
            out[key[pos]] = out.get(key[pos], 0) + n
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

    def marginals(self) -> dict[str, dict[str, int]]:
        """Every axis's marginal counts, by axis name."""
        axes: tuple[_Axis, ...] = ("business_type", "problem_nature", "customer_tier")
        return {axis: self.marginal(axis) for axis in axes}
