"""Promise compliance from SLA clock readings (服务时限承诺达成率).

One clock reading is one request. Which requests count, and when a request is
compliant, are named options, because banks publish this figure three ways:

- ``"closed"``: over requests whose watched milestones are all closed (met, on
  time or late); compliant = none of them late. Open requests are not
  measured and are counted in ``open``, never dropped in silence.
- ``"closed_and_breached_open"``: as ``"closed"``, plus open requests already
  breached (they can no longer comply): the figure does not flatter a desk that
  leaves overdue work open.
- ``"ever_breached"``: over every request read; compliant = never breached so
  far (an open request still within its promise counts as compliant).
- ``"occurrences"``: over occurrences, not requests: each occurrence of a
  watched repeating milestone (``Promise.repeats``, e.g. a progress update)
  or reply milestone (``Promise.replies``, e.g. the next reply) is one, and a
  milestone that does not repeat is one per cycle. Closed occurrences (met,
  on time or late, or ended by the resolution) are measured, compliant when not
  late; open ones are counted in ``open``. A reading with no occurrence yet (no
  customer message) adds nothing.

A reopened request counts once, judged on all its cycles: a breach in an
earlier cycle makes it non-compliant; it is closed when its current cycle is.
Under the three request bases a repeating or reply milestone is judged on its
occurrences: breached if any occurrence was (a late reply stays a breach once
answered), and closed only when the request is resolved, since another
occurrence may come until then. A request with no current milestone (a chat
with no message waiting) is open until resolved. ``milestone=`` may name a
repeating or reply milestone.
Source: "90%以上常规业务承诺时限内完成" (《银行客户服务质量提升操作手册》): goal 0.9.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import ClassVar, get_args

import attrs

from svcquality._fields import shown
from svcquality._types import ComplianceBasis
from svcquality.clock import ClockReading, MilestoneReading, Status
from svcquality.errors import ParameterError
from svcquality.kpi._base import Share, choice_option, evolve_counts, of_kind

__all__ = ["PromiseCompliance"]

_BASES: tuple[str, ...] = get_args(ComplianceBasis)
_NO_MILESTONE = "milestone not in the reading"


def _milestone(_instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value):
        msg = (
            f"{attribute.name} must be a milestone name such "
            f"as 'resolve', or None; got {shown(value)}"
        )
        raise ParameterError(msg)


@attrs.frozen(kw_only=True)
class PromiseCompliance(Share):
    """The share of requests that kept their promise, from :func:`~svcquality.read_clock`.

    Attributes:
        basis: which requests count (see the module's text).
        milestone: watch only this milestone; None watches every milestone of
            the reading.
        compliant: requests that kept the promise (occurrences met on time
            under ``"occurrences"``).
        measured: requests counted (closed occurrences under ``"occurrences"``).
        open: open requests left out under the ``"closed"`` bases (open
            occurrences under ``"occurrences"``).
        rejections: invalid records by reason (not a reading, a reading without
            the watched milestone).
    """

    basis: ComplianceBasis = attrs.field(default="closed", validator=choice_option(_BASES))
    milestone: str | None = attrs.field(default=None, validator=_milestone)
    compliant: int = 0
    measured: int = 0
    open: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    OPTIONS: ClassVar[tuple[str, ...]] = ("basis", "milestone")
    COUNTS: ClassVar[tuple[str, ...]] = ("compliant", "measured", "open")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("measured", "open")
    RECORD: ClassVar[type] = ClockReading

    def add_all(self, records: Iterable[object]) -> PromiseCompliance:
        """Return a new accumulator with every reading of ``records`` added."""
        compliant = measured = still_open = 0
        bad: Counter[str] = Counter()
        for r in of_kind(records, ClockReading, bad):
            if self.basis == "occurrences":
                units = self._occurrences(r)
                if units is None:
                    bad[_NO_MILESTONE] += 1
                    continue
                for m in units:
                    if m.met_at is None:
                        still_open += 1
                    else:
                        measured += 1
                        compliant += m.status is not Status.BREACHED
                continue
            current = list(self._names(r.milestones, r.occurrences))
            if self.milestone is not None and not current:
                bad[_NO_MILESTONE] += 1
                continue
            # A milestone with occurrences (repeats, replies) is breached if any
            # occurrence was, in any cycle; it can occur again until the request
            # is resolved, so only the resolution closes it.
            breached = any(
                m.status is Status.BREACHED
                for cycle in r.cycles
                for _name, occurrences in self._names(cycle.milestones, cycle.occurrences)
                for m in occurrences
            )
            closed = r.state == "resolved" or (
                bool(current)
                and not any(name in r.occurrences for name, _ in current)
                and all(m.met_at is not None for _, occurrences in current for m in occurrences)
            )
            if (
                self.basis == "ever_breached"
                or closed
                or (self.basis == "closed_and_breached_open" and breached)
            ):
                measured += 1
                compliant += not breached
            else:
                still_open += 1
        counts = {"compliant": compliant, "measured": measured, "open": still_open}
        return evolve_counts(self, counts, bad)

    def _occurrences(self, r: ClockReading) -> list[MilestoneReading] | None:
        """Every occurrence of the watched milestones in every cycle of ``r``
        (None when no cycle has the one named)."""
        out: list[MilestoneReading] = []
        found = self.milestone is None
        for cycle in r.cycles:
            for _name, occurrences in self._names(cycle.milestones, cycle.occurrences):
                found = True
                out.extend(occurrences)
        return out if found else None

    def _names(
        self,
        milestones: Mapping[str, MilestoneReading],
        occurrences: Mapping[str, tuple[MilestoneReading, ...]],
    ) -> Iterator[tuple[str, tuple[MilestoneReading, ...]]]:
        """``(name, its occurrences)`` of each watched milestone of one cycle."""
        if self.milestone is not None:
            names: Iterable[str] = (self.milestone,)
        else:
            names = [*milestones, *(n for n in occurrences if n not in milestones)]
        for name in names:
            if name in occurrences:
                yield name, occurrences[name]
            elif name in milestones:
                yield name, (milestones[name],)

    @property
    def numerator(self) -> int:
        """Requests that kept the promise."""
        return self.compliant

    @property
    def denominator(self) -> int:
        """Requests counted."""
        return self.measured
