"""Workload KPIs: average handle time and occupancy, over durations in microseconds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import ClassVar

import attrs

from svcquality.kpi._base import Mean, Share, duration_us, evolve_counts, of_kind
from svcquality.kpi._records import AgentTime, Handling

__all__ = ["AverageHandleTime", "Occupancy"]


@attrs.frozen(kw_only=True)
class AverageHandleTime(Mean):
    """Average handle time (AHT): (talk + hold + after-call work) / handled contacts.

    Some centres leave hold or after-call work out; this one counts all three, as
    most workforce tools do, so it is the ``aht`` that
    :func:`svcquality.staffing.required_agents` expects.
    The mean is rounded to the nearest microsecond, ties to even.

    Attributes:
        handled: contacts measured.
        handle_us: their total handle time, in microseconds.
        rejections: invalid records by reason (a negative or missing duration).
    """

    handled: int = 0
    handle_us: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    COUNTS: ClassVar[tuple[str, ...]] = ("handled", "handle_us")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("handled",)
    MEAN: ClassVar[tuple[str, str]] = ("handle_us", "handled")
    RECORD: ClassVar[type] = Handling

    def add_all(self, records: Iterable[object]) -> AverageHandleTime:
        """Return a new accumulator with every :class:`Handling` of ``records`` added."""
        n = total = 0
        bad: Counter[str] = Counter()
        for r in of_kind(records, Handling, bad):
            parts = (duration_us(r.talk), duration_us(r.hold), duration_us(r.after_call_work))
            problem = next((p for p in parts if isinstance(p, str)), None)
            if problem is not None:
                bad[problem] += 1
                continue
            n += 1
            total += sum(parts)  # type: ignore[arg-type]  # all ints here
        return evolve_counts(self, {"handled": n, "handle_us": total}, bad)


@attrs.frozen(kw_only=True)
class Occupancy(Share):
    """Occupancy: handling time / (handling + idle time) of agents available for work.

    Logged-in time in breaks, training or meetings is outside both (that is
    shrinkage, see :mod:`svcquality.staffing`).

    Attributes:
        handling_us: total handling time, in microseconds.
        idle_us: total available idle time, in microseconds.
        periods: agent-periods measured.
        rejections: invalid records by reason.
    """

    handling_us: int = 0
    idle_us: int = 0
    periods: int = 0
    rejections: tuple[tuple[str, int], ...] = ()

    COUNTS: ClassVar[tuple[str, ...]] = ("handling_us", "idle_us", "periods")
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ("periods",)
    RECORD: ClassVar[type] = AgentTime

    def add_all(self, records: Iterable[object]) -> Occupancy:
        """Return a new accumulator with every :class:`AgentTime` of ``records`` added."""
        busy = idle = n = 0
        bad: Counter[str] = Counter()
        for r in of_kind(records, AgentTime, bad):
            h, i = duration_us(r.handling), duration_us(r.idle)
            if isinstance(h, str):
                bad[h] += 1
                continue
            if isinstance(i, str):
                bad[i] += 1
                continue
            busy += h
            idle += i
            n += 1
        return evolve_counts(self, {"handling_us": busy, "idle_us": idle, "periods": n}, bad)

    @property
    def numerator(self) -> int:
        """Handling time, in microseconds."""
        return self.handling_us

    @property
    def denominator(self) -> int:
        """Handling plus idle time, in microseconds."""
        return self.handling_us + self.idle_us
