"""First-contact resolution, by survey flag or by "no repeat contact within a window".

The repeat-contact method must stay mergeable: a partition cannot know whether
a contact near its edge is repeated in another partition. It keeps, per
customer, *chains*: maximal runs of that customer's contact instants in which
each instant follows the one before by at most the window X. Within a chain
every instant but the last has a later contact within X, so its contacts are
repeated for good (they are only counted, in ``repeated``). Only three
integers per chain are kept: its first instant, its last instant and the
number of measured contacts at that last instant, whose fate is still open.

Two chains of one customer join exactly when the later one starts no more than
X after the earlier one ends (or overlaps it), because the points in between
are all within X of each other. So merging two states is: put both lists of
chains together, sort by first instant, and sweep once, joining chains that
touch. When two chains join, the contacts at the earlier last instant become
repeated. The chains are determined by the set of all contact instants, not
by how they were split, so ``merge`` is exactly associative and commutative
and any partitioning gives the same state as one pass.

Memory: chains of one customer are more than X apart, so a customer holds at
most one chain per X of the period measured, plus one: a month with a 7-day
window keeps at most 5 chains (15 integers) per customer, however many times
the customer called.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import ClassVar

import attrs

from svcquality._fields import shown
from svcquality._instants import EPOCH, td_micros
from svcquality._types import FcrMethod
from svcquality.errors import ParameterError
from svcquality.kpi._base import (
    Reasons,
    Share,
    choice_option,
    merge_rejections,
    of_kind,
    rejections_of,
)
from svcquality.kpi._records import Contact

__all__ = ["FirstContactResolution"]

_US = timedelta(microseconds=1)
Chain = tuple[int, int, int]  # first instant, last instant (µs), measured contacts at last


def _join(chains: list[Chain], window: int) -> tuple[tuple[Chain, ...], int]:
    """Join touching chains (any order in); return them sorted and the newly repeated."""
    chains.sort()
    out: list[Chain] = []
    repeated = 0
    for first, last, count in chains:
        if out and first - out[-1][1] <= window:
            f, lst, c = out[-1]
            if last > lst:
                repeated += c
                out[-1] = (f, last, count)
            elif last == lst:
                out[-1] = (f, lst, c + count)
            else:
                repeated += count
        else:
            out.append((first, last, count))
    return tuple(out), repeated


def _instant_reason(value: object) -> str:
    if isinstance(value, datetime):
        return Reasons.NAIVE
    return Reasons.NOT_INSTANT


@attrs.frozen(kw_only=True)
class FirstContactResolution(Share):
    """First-contact resolution: contacts resolved at the first contact / contacts.

    ``method="survey"`` reads each contact's ``resolved`` flag (a survey answer or
    the agent's disposition; for 一线解决率 "resolved without a work order to the
    second line"). ``method="no_repeat"`` judges a contact at instant t resolved
    when the same customer has no other contact in (t, t + window]; the topic is
    not compared. Contacts at the same instant do not repeat each other.
    A contact near the end of the data may still be repeated by data not yet
    added: add the contacts of the days after the period with
    ``Contact(lookahead=True)`` so they count as repeats without being measured.
    Source: first-line resolution at least 95%, about 5% need another department
    ("一线处理率(≥95%)", "如何做好银行客服工作", 红杰人力人才网, 2015).

    Attributes:
        method: how resolution is judged.
        window: X for ``"no_repeat"`` (None for ``"survey"``).
        contacts: contacts measured.
        resolved: ``"survey"``: contacts whose flag says resolved.
        repeated: ``"no_repeat"``: contacts known to be followed by a repeat.
        lookahead: lookahead contacts added (not measured).
        chains: ``"no_repeat"``: per customer, its chains (first µs, last µs, count).
        rejections: invalid records by reason.
    """

    method: FcrMethod = attrs.field(
        default="survey", validator=choice_option(("survey", "no_repeat"))
    )
    window: timedelta | None = None
    contacts: int = 0
    resolved: int = 0
    repeated: int = 0
    lookahead: int = 0
    chains: dict[str | int, tuple[Chain, ...]] = attrs.field(factory=dict, hash=False)
    rejections: tuple[tuple[str, int], ...] = ()

    OPTIONS: ClassVar[tuple[str, ...]] = ("method", "window")
    COUNTS: ClassVar[tuple[str, ...]] = ("contacts", "resolved", "repeated", "lookahead")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("contacts", "lookahead")
    RECORD: ClassVar[type] = Contact

    def __attrs_post_init__(self) -> None:
        if self.method == "no_repeat":
            w = self.window
            if not isinstance(w, timedelta) or td_micros(w) <= 0:
                msg = (
                    f"window must be a positive timedelta for method='no_repeat', got {shown(w)}; "
                    "e.g. window=timedelta(days=7)"
                )
                raise ParameterError(msg)
        elif self.window is not None:
            msg = (
                f"window={shown(self.window)} applies only to method='no_repeat'; "
                "leave it out for method='survey'"
            )
            raise ParameterError(msg)

    # ------------------------------------------------------------------ adding

    def add_all(self, records: Iterable[object]) -> FirstContactResolution:
        """Return a new accumulator with every :class:`Contact` of ``records`` added."""
        if self.method == "survey":
            return self._add_survey(records)
        return self._add_no_repeat(records)

    def _add_survey(self, records: Iterable[object]) -> FirstContactResolution:
        res = n = look = 0
        bad: Counter[str] = Counter()
        for r in of_kind(records, Contact, bad):
            if r.lookahead is True:
                look += 1
                continue
            v = r.resolved
            if r.lookahead is not False:
                reason = Reasons.NOT_FLAG
            elif v is True or v is False:
                n += 1
                res += v
                continue
            else:
                reason = Reasons.NO_ANSWER if v is None else Reasons.NOT_FLAG
            bad[reason] += 1
        return attrs.evolve(
            self,
            contacts=self.contacts + n,
            resolved=self.resolved + res,
            lookahead=self.lookahead + look,
            rejections=merge_rejections(self.rejections, rejections_of(bad)),
        )

    def _add_no_repeat(self, records: Iterable[object]) -> FirstContactResolution:
        n = look = 0
        bad: Counter[str] = Counter()
        points: dict[str | int, list[Chain]] = {}
        for r in of_kind(records, Contact, bad):
            who = r.customer
            if isinstance(who, bool) or not (
                (isinstance(who, str) and who) or isinstance(who, int)
            ):
                bad[Reasons.NO_CUSTOMER] += 1
                continue
            if r.lookahead is not True and r.lookahead is not False:
                bad[Reasons.NOT_FLAG] += 1
                continue
            try:
                t: int = (r.at - EPOCH) // _US
            except TypeError:
                reason = _instant_reason(r.at)
                bad[reason] += 1
                continue
            measured = 0 if r.lookahead else 1
            look += 1 - measured
            n += measured
            points.setdefault(who, []).append((t, t, measured))
        window = td_micros(self.window)  # type: ignore[arg-type]  # checked at init
        chains = dict(self.chains)
        repeated = 0
        for customer, new in points.items():
            joined, rep = _join(new + list(chains.get(customer, ())), window)
            chains[customer] = joined
            repeated += rep
        return attrs.evolve(
            self,
            contacts=self.contacts + n,
            repeated=self.repeated + repeated,
            lookahead=self.lookahead + look,
            chains=chains,
            rejections=merge_rejections(self.rejections, rejections_of(bad)),
        )

    # ------------------------------------------------------------------ merging

    def merge(self, other: FirstContactResolution) -> FirstContactResolution:
        """Combine with another partition's accumulator (same method and window).

        Associative and commutative, exactly: repeat-contact chains are joined
        as described in the module notes.

        Raises:
            ParameterError: ``other`` is another KPI or was built with other options.
        """
        merged = super().merge(other)
        if not other.chains:
            return attrs.evolve(merged, chains=self.chains)
        if not self.chains:
            return attrs.evolve(merged, chains=other.chains)
        window = td_micros(self.window)  # type: ignore[arg-type]  # no_repeat has one
        chains = dict(self.chains)
        repeated = 0
        for who, theirs in other.chains.items():
            mine = chains.get(who)
            if mine is None:
                chains[who] = theirs
                continue
            joined, rep = _join(list(mine) + list(theirs), window)
            chains[who] = joined
            repeated += rep
        return attrs.evolve(merged, chains=chains, repeated=merged.repeated + repeated)

    # ------------------------------------------------------------------ reading

    @property
    def numerator(self) -> int:
        """Contacts resolved at the first contact (so far, for ``"no_repeat"``)."""
        if self.method == "survey":
            return self.resolved
        return self.contacts - self.repeated

    @property
    def denominator(self) -> int:
        """Contacts measured."""
        return self.contacts

    @property
    def pending(self) -> int:
        """``"no_repeat"``: measured contacts a later contact could still turn into repeats."""
        return sum(c[2] for chains in self.chains.values() for c in chains)
