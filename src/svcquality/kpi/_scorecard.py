"""Scorecards: named KPIs with targets, per period and unit, mergeable like the KPIs."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from svcquality._fields import items_of
from svcquality._fields import shown as _shown
from svcquality._instants import td_micros
from svcquality._types import Better, TargetOp, Ties
from svcquality.errors import ParameterError
from svcquality.kpi._base import Accumulator, merge_rejections, rejections_of
from svcquality.kpi._ranking import Ranking
from svcquality.kpi._records import Score

__all__ = ["Objective", "ScoreLine", "Scorecard"]

Target = int | float | Fraction | Decimal | timedelta
_OPS: tuple[TargetOp, ...] = (">=", "<=", ">", "<")


def _kpi_template(value: object) -> Accumulator:
    if not isinstance(value, Accumulator) or value.KIND == "ranking":
        msg = (
            f"kpi must be a KPI accumulator with a number value such as "
            f"ServiceLevel(threshold=timedelta(seconds=15)), got {_shown(value)}; rank units with "
            "Scorecard.ranking()"
        )
        raise ParameterError(msg)
    return value.empty()


def target_exact(kind: str, target: object, where: str) -> Fraction:
    """A target as an exact Fraction: microseconds for a duration, the decimal value else."""
    if kind == "duration":
        if not isinstance(target, timedelta):
            msg = f"{where}: this KPI's value is a duration; give a timedelta, got {_shown(target)}"
            raise ParameterError(msg)
        return Fraction(td_micros(target))
    if isinstance(target, bool) or not isinstance(target, (int, float, Fraction, Decimal)):
        msg = f"{where}: give a number such as 0.85 for this KPI, got {_shown(target)}"
        raise ParameterError(msg)
    if isinstance(target, float):
        exact = Fraction(Decimal(repr(target))) if math.isfinite(target) else None
    elif isinstance(target, Decimal):
        exact = Fraction(target) if target.is_finite() else None
    else:
        exact = Fraction(target)
    if exact is None or exact < 0 or (kind == "share" and exact > 1):
        rule = "in [0, 1]" if kind == "share" else "zero or more"
        msg = f"{where}: the target must be {rule}, got {_shown(target)}"
        raise ParameterError(msg)
    return exact


@attrs.frozen
class Objective:
    """A named KPI with a target and the direction that meets it.

    Float targets are read at their decimal value (0.85 is exactly 17/20) and
    compared with the KPI's exact fraction, so a service level of exactly 85%
    meets ``>= 0.85``.

    Attributes:
        name: a key for the KPI, unique in a scorecard (``"service_level"``).
        kpi: the KPI with its options; only its options are used.
        target: the target: a number for shares and rates, a timedelta for durations.
        op: how the value is compared with the target.
        label: the bank's own name for the KPI, for reports (``"放弃率"``).
    """

    name: str
    kpi: Accumulator = attrs.field(converter=_kpi_template)
    target: Target
    op: TargetOp = ">="
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            msg = f"name must be a non-empty text, got {_shown(self.name)}"
            raise ParameterError(msg)
        if self.op not in _OPS:
            shown = ", ".join(repr(o) for o in _OPS)
            msg = (
                f"op of objective {_shown(self.name)} must be one of {shown}; got {_shown(self.op)}"
            )
            raise ParameterError(msg)
        target_exact(self.kpi.KIND, self.target, f"target of objective {self.name!r}")

    def met(self, kpi: Accumulator) -> bool | None:
        """Whether ``kpi``'s value meets the target; None when it has no value."""
        value = kpi.exact
        if value is None:
            return None
        target = target_exact(self.kpi.KIND, self.target, self.name)
        if self.op == ">=":
            return value >= target
        if self.op == "<=":
            return value <= target
        if self.op == ">":
            return value > target
        return value < target


@attrs.frozen
class ScoreLine:
    """One KPI of one unit in one period, as a scorecard reports it.

    Attributes:
        period: the period (``"2025-06"``).
        unit: the unit (a branch, team or agent id).
        name: the objective's name.
        label: the objective's label.
        value: the KPI value, or None when nothing was measured.
        target: the target.
        op: the comparison.
        met: whether the target was met; None when there is no value.
        records: the records behind the value, rejected ones included.
        rejected: invalid records by reason.
        kpi: the accumulator itself, for details (short abandons, counts).
    """

    period: str
    unit: str
    name: str
    label: str
    value: object
    target: Target
    op: TargetOp
    met: bool | None
    records: int
    rejected: dict[str, int] = attrs.field(hash=False)
    kpi: Accumulator = attrs.field(repr=False)


def _key_text(value: object, where: str) -> str:
    if not isinstance(value, str):
        msg = f"{where} must be a text such as '2025-06' or 'branch-01', got {_shown(value)}"
        raise ParameterError(msg)
    return value


def _objectives(value: Iterable[Objective]) -> tuple[Objective, ...]:
    return items_of(value, "Scorecard.objectives", ParameterError, "[Objective(...)]")  # type: ignore[return-value]


@attrs.frozen
class Scorecard:
    """Named KPIs with targets, accumulated per period and per unit.

    Each record goes to every objective whose KPI reads its type (a
    :class:`Call` to the service level, the abandon rate and the ASA), in the
    cell of its period and unit. A record no objective reads is counted in
    ``rejected`` (``"no KPI reads Recording"``). Like the KPIs, a scorecard is
    frozen, ``add`` returns a new one, and ``merge`` is associative and commutative.
    ``rollup`` turns agent cells into team or branch cells.

    Attributes:
        objectives: the KPIs with their targets, in report order.
        cells: per (period, unit), one accumulator per objective.
        rejections: records no objective reads, by reason.
    """

    objectives: tuple[Objective, ...] = attrs.field(converter=_objectives)
    cells: dict[tuple[str, str], tuple[Accumulator, ...]] = attrs.field(factory=dict, hash=False)
    rejections: tuple[tuple[str, int], ...] = ()

    def __attrs_post_init__(self) -> None:
        if not self.objectives or not all(isinstance(o, Objective) for o in self.objectives):
            msg = f"objectives must be one or more Objective values, got {_shown(self.objectives)}"
            raise ParameterError(msg)
        names = [o.name for o in self.objectives]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            msg = f"objective names must be unique; {', '.join(map(repr, dupes))} repeat"
            raise ParameterError(msg)

    # ------------------------------------------------------------------ adding

    def add(self, record: object, *, period: str, unit: str) -> Scorecard:
        """Return a new scorecard with ``record`` added to the cell ``(period, unit)``."""
        return self.add_all(((period, unit, record),))

    def add_all(self, rows: Iterable[tuple[str, str, object]]) -> Scorecard:
        """Return a new scorecard with every ``(period, unit, record)`` of ``rows`` added.

        Raises:
            ParameterError: a period or unit is not a text.
        """
        routes: dict[type, tuple[int, ...]] = {}
        batches: dict[tuple[str, str], dict[int, list[object]]] = {}
        bad: Counter[str] = Counter()
        for i, row in enumerate(
            items_of(rows, "Scorecard.add_all", ParameterError, "[(period, unit, record)]")
        ):
            if not isinstance(row, tuple | list) or len(row) != 3:
                msg = (
                    f"Scorecard.add_all: row {i} must be (period, unit, record), got {_shown(row)}"
                )
                raise ParameterError(msg)
            period, unit, record = row
            key = (_key_text(period, f"period of row {i}"), _key_text(unit, f"unit of row {i}"))
            kind = type(record)
            route = routes.get(kind)
            if route is None:
                route = tuple(
                    j for j, o in enumerate(self.objectives) if isinstance(record, o.kpi.RECORD)
                )
                routes[kind] = route
            if not route:
                reason = f"no KPI reads {kind.__name__}"
                bad[reason] += 1
                continue
            cell = batches.setdefault(key, {})
            for j in route:
                cell.setdefault(j, []).append(record)
        cells = dict(self.cells)
        for key, per_objective in batches.items():
            accs = list(cells.get(key) or self._empty_cell())
            for j, records in per_objective.items():
                accs[j] = accs[j].add_all(records)
            cells[key] = tuple(accs)
        return attrs.evolve(
            self, cells=cells, rejections=merge_rejections(self.rejections, rejections_of(bad))
        )

    def _empty_cell(self) -> tuple[Accumulator, ...]:
        return tuple(o.kpi for o in self.objectives)

    # ------------------------------------------------------------------ combining

    def merge(self, other: Scorecard) -> Scorecard:
        """Combine with another partition's scorecard (same objectives).

        Raises:
            ParameterError: the objectives differ.
        """
        if not isinstance(other, Scorecard) or other.objectives != self.objectives:
            msg = (
                "cannot merge scorecards with different objectives; build every partition "
                "from the same objectives"
            )
            raise ParameterError(msg)
        cells = dict(self.cells)
        for key, theirs in other.cells.items():
            mine = cells.get(key)
            cells[key] = (
                theirs
                if mine is None
                else tuple(a.merge(b) for a, b in zip(mine, theirs, strict=True))
            )
        return attrs.evolve(
            self, cells=cells, rejections=merge_rejections(self.rejections, other.rejections)
        )

    def empty(self) -> Scorecard:
        """A scorecard with the same objectives and nothing added: the merge identity."""
        return Scorecard(self.objectives)

    def rollup(self, unit_of: Mapping[str, str] | Callable[[str], str]) -> Scorecard:
        """Regroup units (agents into teams, teams into branches), merging their cells.

        Args:
            unit_of: the new unit of each unit, as a mapping or a function;
                ``lambda unit: "all"`` gives one total per period.

        Raises:
            ParameterError: a unit is missing from the mapping, or maps to a non-text.
        """
        cells: dict[tuple[str, str], tuple[Accumulator, ...]] = {}
        for (period, unit), accs in sorted(self.cells.items()):
            if callable(unit_of):
                new = unit_of(unit)
            else:
                try:
                    new = unit_of[unit]
                except KeyError:
                    msg = f"unit {_shown(unit)} is not in the rollup mapping; add it"
                    raise ParameterError(msg) from None
            key = (period, _key_text(new, f"the rollup of unit {unit!r}"))
            mine = cells.get(key)
            cells[key] = (
                accs if mine is None else tuple(a.merge(b) for a, b in zip(mine, accs, strict=True))
            )
        return attrs.evolve(self, cells=cells)

    # ------------------------------------------------------------------ reading

    @property
    def rejected(self) -> dict[str, int]:
        """Records no objective reads, by reason."""
        return dict(self.rejections)

    @property
    def periods(self) -> tuple[str, ...]:
        """The periods with records, sorted."""
        return tuple(sorted({p for p, _ in self.cells}))

    @property
    def units(self) -> tuple[str, ...]:
        """The units with records, sorted."""
        return tuple(sorted({u for _, u in self.cells}))

    def cell(self, period: str, unit: str) -> dict[str, Accumulator]:
        """The accumulators of one cell by objective name (empty ones if it has no records)."""
        if not isinstance(period, str) or not isinstance(unit, str):
            msg = f"Scorecard.cell: period and unit are texts, got {_shown(period)}, {_shown(unit)}"
            raise ParameterError(msg)
        accs = self.cells.get((period, unit)) or self._empty_cell()
        return {o.name: a for o, a in zip(self.objectives, accs, strict=True)}

    def report(
        self, *, period: str | None = None, unit: str | None = None
    ) -> tuple[ScoreLine, ...]:
        """One line per cell and objective, by period, unit, then objective order.

        Args:
            period: only this period.
            unit: only this unit.
        """
        lines: list[ScoreLine] = []
        for (p, u), accs in sorted(self.cells.items()):
            if (period is not None and p != period) or (unit is not None and u != unit):
                continue
            for o, acc in zip(self.objectives, accs, strict=True):
                lines.append(
                    ScoreLine(
                        period=p,
                        unit=u,
                        name=o.name,
                        label=o.label,
                        value=acc.value,
                        target=o.target,
                        op=o.op,
                        met=o.met(acc),
                        records=acc.records,
                        rejected=acc.rejected,
                        kpi=acc,
                    )
                )
        return tuple(lines)

    def ranking(
        self,
        name: str,
        *,
        period: str,
        fraction: int | float | Fraction | Decimal = 0.25,
        ties: Ties = "include",
    ) -> Ranking:
        """Rank the units of one period by one objective's KPI (monthly top/bottom 25%).

        A higher value is better when the objective's op is ``>=`` or ``>``.
        Units with no value in that period are counted as rejected (not a number).

        Raises:
            ParameterError: no objective has that name.
        """
        index = next((i for i, o in enumerate(self.objectives) if o.name == name), None)
        if index is None:
            known = ", ".join(repr(o.name) for o in self.objectives)
            msg = f"no objective named {_shown(name)}; the scorecard has {known}"
            raise ParameterError(msg)
        better: Better = "higher" if self.objectives[index].op in (">=", ">") else "lower"
        scores: list[Any] = [
            Score(member=u, value=accs[index].exact)  # type: ignore[arg-type]
            for (p, u), accs in sorted(self.cells.items())
            if p == period
        ]
        return Ranking(fraction=fraction, better=better, ties=ties).add_all(scores)
