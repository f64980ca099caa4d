"""Ranking members (agents, branches) into top and bottom groups, ties never split."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from svcquality._fields import shown
from svcquality._types import Better, Ties
from svcquality.errors import ParameterError
from svcquality.kpi._base import (
    Accumulator,
    Reasons,
    choice_option,
    merge_rejections,
    of_kind,
    rejections_of,
)
from svcquality.kpi._records import Score

__all__ = ["RankedGroups", "Ranking"]

Number = int | float | Fraction | Decimal


def _exact(value: object) -> Fraction | None:
    """A number as an exact Fraction, or None when it is not a finite real number.

    Floats are read at their shortest decimal form (``repr``), which keeps their
    order and makes 0.1 equal to ``Decimal("0.1")``.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, float):  # at its decimal value: 0.29 is 29/100, as written
        return Fraction(Decimal(repr(value))) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    return None


def _fraction_option(_instance: object, attribute: Any, value: object) -> None:
    f = _exact(value)
    if f is None or not 0 < f < 1:
        msg = f"{attribute.name} must be a number in the open interval (0, 1), got {shown(value)}"
        raise ParameterError(msg)


@attrs.frozen
class RankedGroups:
    """The top and bottom groups of a ranking.

    Attributes:
        top: members of the top group, best first (equal scores by member id).
        bottom: members of the bottom group, worst first (equal scores by member id).
        size: the nominal group size, max(1, floor(members × fraction)).
        members: how many members were ranked.
    """

    top: tuple[str, ...]
    bottom: tuple[str, ...]
    size: int
    members: int


@attrs.frozen(kw_only=True)
class Ranking(Accumulator):
    """Top and bottom groups (e.g. quartiles) of members by score (前25%/后25%).

    The nominal group size is k = max(1, floor(n × fraction)) for n members,
    with ``fraction`` taken at its decimal value (0.25 is exactly 1/4).
    Ties are never split: with ``ties="include"`` a member whose competition rank
    (1 + the number of members strictly better) is at most k is in the top
    group, so a tie at the boundary makes the group larger than k; with
    ``ties="exclude"`` a member is in only when every member at least as good
    fits in k, so the group may be smaller. The bottom group mirrors this from
    the worst end. With few members a member may be in both groups.

    Each member has one score. The same member given the same score again is
    harmless; given a different score it is a conflict: the member is left out
    of the ranking and its records are counted under
    ``"conflicting scores for one member"`` (this keeps ``merge`` exact).
    Source: the best and worst 25% of agents are published monthly
    ("公布成绩前25%人员和后25%人员", "如何做好银行客服工作", 红杰人力人才网, 2015).

    Attributes:
        fraction: the share of members in each group, in (0, 1).
        better: whether a higher or a lower score is better.
        ties: what happens to members tied at a group boundary.
        scores: per member, its score and how many records gave it.
        conflicts: per member with conflicting scores, how many records.
        rejections: invalid records by reason.
    """

    fraction: Number = attrs.field(default=0.25, validator=_fraction_option)
    better: Better = attrs.field(default="higher", validator=choice_option(("higher", "lower")))
    ties: Ties = attrs.field(default="include", validator=choice_option(("include", "exclude")))
    scores: dict[str, tuple[Number, int]] = attrs.field(factory=dict, hash=False)
    conflicts: dict[str, int] = attrs.field(factory=dict, hash=False)
    rejections: tuple[tuple[str, int], ...] = ()

    OPTIONS: ClassVar[tuple[str, ...]] = ("fraction", "better", "ties")
    RECORD: ClassVar[type] = Score
    KIND: ClassVar[str] = "ranking"

    def add_all(self, records: Iterable[object]) -> Ranking:
        """Return a new ranking with every :class:`Score` of ``records`` added."""
        bad: Counter[str] = Counter()
        new: dict[str, tuple[Number, int]] = {}
        clash: dict[str, int] = {}
        for r in of_kind(records, Score, bad):
            who = r.member
            if not isinstance(who, str) or not who:
                bad[Reasons.NO_MEMBER] += 1
                continue
            if _exact(r.value) is None:
                bad[Reasons.NOT_NUMBER] += 1
                continue
            _combine(new, clash, who, (r.value, 1))
        other = Ranking(
            fraction=self.fraction,
            better=self.better,
            ties=self.ties,
            scores=new,
            conflicts=clash,
            rejections=rejections_of(bad),
        )
        return self.merge(other)

    def merge(self, other: Ranking) -> Ranking:
        """Combine with another partition's ranking (same options); exact and order-free.

        Raises:
            ParameterError: ``other`` is another KPI or was built with other options.
        """
        self._require_compatible(other)
        scores = dict(self.scores)
        conflicts = dict(self.conflicts)
        for who, n in other.conflicts.items():
            _add_conflict(scores, conflicts, who, n)
        for who, entry in other.scores.items():
            _combine(scores, conflicts, who, entry)
        return attrs.evolve(
            self,
            scores=scores,
            conflicts=conflicts,
            rejections=merge_rejections(self.rejections, other.rejections),
        )

    # ------------------------------------------------------------------ reading

    @property
    def rejected(self) -> dict[str, int]:
        """Invalid records by reason, conflicting scores included."""
        out = dict(self.rejections)
        if self.conflicts:
            out[Reasons.CONFLICT] = out.get(Reasons.CONFLICT, 0) + sum(self.conflicts.values())
        return out

    @property
    def rejected_total(self) -> int:
        """How many records were rejected, conflicting scores included."""
        return sum(self.rejected.values())

    @property
    def records(self) -> int:
        """Every record added, rejected ones included."""
        return sum(n for _, n in self.scores.values()) + self.rejected_total

    def positions(self) -> tuple[tuple[str, Number, int], ...]:
        """``(member, score, competition rank)``, best first; equal scores by member id."""
        sign = -1 if self.better == "higher" else 1
        ordered = sorted(self.scores.items(), key=lambda kv: (sign * _key(kv[1][0]), kv[0]))
        out: list[tuple[str, Number, int]] = []
        rank = 0
        previous: Fraction | None = None
        for i, (who, (score, _)) in enumerate(ordered):
            f = _key(score)
            if f != previous:
                rank, previous = i + 1, f
            out.append((who, score, rank))
        return tuple(out)

    @property
    def size(self) -> int:
        """The nominal group size k = max(1, floor(members × fraction)); 0 when empty."""
        n = len(self.scores)
        if n == 0:
            return 0
        f = _exact(self.fraction)
        assert f is not None  # checked at init
        return max(1, math.floor(n * f))

    @property
    def top(self) -> tuple[str, ...]:
        """The top group, best first."""
        return _group(self.positions(), self.size, self.ties)

    @property
    def bottom(self) -> tuple[str, ...]:
        """The bottom group, worst first."""
        pos = self.positions()
        n = len(pos)
        # Competition rank from the worst end: 1 + members strictly worse.
        worst: list[tuple[str, Number, int]] = []
        by_score: dict[Fraction, list[str]] = {}
        for who, score, _ in pos:
            by_score.setdefault(_key(score), []).append(who)
        seen = 0
        for key in sorted(by_score, reverse=self.better == "lower"):
            group = sorted(by_score[key])
            worst.extend((who, key, seen + 1) for who in group)
            seen += len(group)
        assert seen == n
        return _group(tuple(worst), self.size, self.ties)

    @property
    def value(self) -> RankedGroups | None:
        """The top and bottom groups, or None when nobody was ranked."""
        if not self.scores:
            return None
        return RankedGroups(
            top=self.top, bottom=self.bottom, size=self.size, members=len(self.scores)
        )

    @property
    def exact(self) -> Fraction | None:
        """A ranking has no single number; always None."""
        return None


def _key(value: Number) -> Fraction:
    f = _exact(value)
    assert f is not None  # only valid scores are stored
    return f


def _add_conflict(
    scores: dict[str, tuple[Number, int]], conflicts: dict[str, int], who: str, n: int
) -> None:
    old = scores.pop(who, None)
    conflicts[who] = conflicts.get(who, 0) + n + (old[1] if old else 0)


def _combine(
    scores: dict[str, tuple[Number, int]],
    conflicts: dict[str, int],
    who: str,
    entry: tuple[Number, int],
) -> None:
    if who in conflicts:
        conflicts[who] += entry[1]
        return
    old = scores.get(who)
    if old is None:
        scores[who] = entry
    elif _key(old[0]) == _key(entry[0]):
        scores[who] = (old[0], old[1] + entry[1])
    else:
        _add_conflict(scores, conflicts, who, entry[1])


def _group(ordered: tuple[tuple[str, Any, int], ...], k: int, ties: Ties) -> tuple[str, ...]:
    """Members of ``ordered`` (best first, with competition ranks) in a group of size k."""
    if ties == "include":
        return tuple(who for who, _, rank in ordered if rank <= k)
    # "exclude": in only when every member at least as good fits in k.
    out: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j][2] == ordered[i][2]:
            j += 1
        if j > k:
            break
        out.extend(who for who, _, _ in ordered[i:j])
        i = j
    return tuple(out)
