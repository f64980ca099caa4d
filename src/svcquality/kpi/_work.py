"""Workload KPIs: average handle time and occupancy, over durations in microseconds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from fractions import Fraction
from typing import ClassVar

import attrs

from svcquality.kpi._base import (
    Accumulator,
    Reasons,
    duration_us,
    evolve_counts,
    fraction,
    mean_timedelta,
    ratio,
)
from svcquality.kpi._records import AgentTime, Handling

__all__ = ["AverageHandleTime", "Occupancy"]


@attrs.frozen(kw_only=True)
class AverageHandleTime(Accumulator):
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
    RECORD: ClassVar[type] = Handling
    KIND: ClassVar[str] = "duration"

    def add_all(self, records: Iterable[object]) -> AverageHandleTime:
        """Return a new accumulator with every :class:`Handling` of ``records`` added."""
        n = total = 0
        bad: dict[str, int] = {}
        for r in records:
            if not isinstance(r, Handling):
                bad[Reasons.WRONG_RECORD] = bad.get(Reasons.WRONG_RECORD, 0) + 1
                continue
            parts = (duration_us(r.talk), duration_us(r.hold), duration_us(r.after_call_work))
            problem = next((p for p in parts if isinstance(p, str)), None)
            if problem is not None:
                bad[problem] = bad.get(problem, 0) + 1
                continue
            n += 1
            total += sum(parts)  # type: ignore[arg-type]  # all ints here
        result: AverageHandleTime = evolve_counts(self, {"handled": n, "handle_us": total}, bad)
        return result

    @property
    def value(self) -> timedelta | None:
        """The mean handle time, or None when nothing was handled."""
        return mean_timedelta(self.handle_us, self.handled)

    @property
    def exact(self) -> Fraction | None:
        """The mean handle time in microseconds as an exact fraction, or None."""
        return fraction(self.handle_us, self.handled)

    @property
    def records(self) -> int:
        """Every record added, rejected ones included."""
        return self.handled + self.rejected_total


@attrs.frozen(kw_only=True)
class Occupancy(Accumulator):
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
    RECORD: ClassVar[type] = AgentTime

    def add_all(self, records: Iterable[object]) -> Occupancy:
        """Return a new accumulator with every :class:`AgentTime` of ``records`` added."""
        busy = idle = n = 0
        bad: dict[str, int] = {}
        for r in records:
            if not isinstance(r, AgentTime):
                bad[Reasons.WRONG_RECORD] = bad.get(Reasons.WRONG_RECORD, 0) + 1
                continue
            h, i = duration_us(r.handling), duration_us(r.idle)
            if isinstance(h, str):
                bad[h] = bad.get(h, 0) + 1
                continue
            if isinstance(i, str):
                bad[i] = bad.get(i, 0) + 1
                continue
            busy += h
            idle += i
            n += 1
        counts = {"handling_us": busy, "idle_us": idle, "periods": n}
        result: Occupancy = evolve_counts(self, counts, bad)
        return result

    @property
    def numerator(self) -> int:
        """Handling time, in microseconds."""
        return self.handling_us

    @property
    def denominator(self) -> int:
        """Handling plus idle time, in microseconds."""
        return self.handling_us + self.idle_us

    @property
    def value(self) -> float | None:
        """Occupancy in [0, 1], or None when no available time was recorded."""
        return ratio(self.numerator, self.denominator)

    @property
    def exact(self) -> Fraction | None:
        """Occupancy as an exact fraction, or None."""
        return fraction(self.numerator, self.denominator)

    @property
    def records(self) -> int:
        """Every record added, rejected ones included."""
        return self.periods + self.rejected_total
