"""The rulebook's own models: :class:`Rulebook` and :class:`Unit`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from svcquality._fields import entries_of, items_of, shown
from svcquality.authority import AuthorityMatrix
from svcquality.calendars import BusinessCalendar
from svcquality.errors import (
    ParameterError,
)
from svcquality.escalation import (
    Ladder,
    Tiers,
)
from svcquality.kpi import Scorecard
from svcquality.promises import (
    Catalog,
    Promise,
    Target,
)
from svcquality.routing import RoutingRules

#: The newest rulebook schema this library reads and the one it writes.
SCHEMA_VERSION = 1

# --------------------------------------------------------------------------- models


@attrs.frozen
class Unit:
    """A unit that receives work orders (the card centre, a county branch).

    Attributes:
        name: the unit's name, as routing rules and work orders use it.
        calendar: the name of the calendar its work-order clocks run on, or None.
        answer_within: its internal target for answering a work order
            (信用卡中心 "24小时内反馈方案"), or None.
        description: what the unit is, in the bank's words.
    """

    name: str
    calendar: str | None = None
    answer_within: Target | None = None
    description: str = ""


def _named_calendars(value: Mapping[str, BusinessCalendar]) -> dict[str, BusinessCalendar]:
    entries = entries_of(value, "Rulebook.calendars", ParameterError, "{'branch': calendar}")
    out: dict[str, BusinessCalendar] = {}
    for k, c in entries.items():
        if not isinstance(k, str) or not isinstance(c, BusinessCalendar):
            msg = f"Rulebook.calendars[{shown(k)}] must be a BusinessCalendar, got {shown(c)}"
            raise ParameterError(msg)
        out[k] = c if c.name == k else c.with_name(k)
    return out


def _promise_map(value: Mapping[str, Promise]) -> dict[str, Promise]:
    return entries_of(value, "Rulebook.promises", ParameterError, "{'atm_refund': promise}")  # type: ignore[return-value]


def _unit_map(value: Mapping[str, Unit]) -> dict[str, Unit]:
    return entries_of(value, "Rulebook.units", ParameterError, "{'card_centre': Unit(...)}")  # type: ignore[return-value]


def _ladder_map(value: Mapping[str, tuple[Ladder, ...]]) -> dict[str, tuple[Ladder, ...]]:
    return entries_of(value, "Rulebook.ladders", ParameterError, "{'atm_refund': (ladder,)}")  # type: ignore[return-value]


def _role_names(value: Iterable[str]) -> tuple[str, ...]:
    return items_of(value, "Rulebook.roles", ParameterError, "('agent', 'supervisor')")  # type: ignore[return-value]


@attrs.frozen
class Rulebook:
    """A bank's service rules as validated models, cross-references resolved.

    Build one with :func:`load_rulebook` from plain data, or from models in
    code; write it back with :func:`dump_rulebook`.

    Attributes:
        calendars: calendar name → calendar (each calendar carries its name).
        promises: promise name → promise (a promise's calendar is the object).
        catalog: the rules that pick a promise for a request, or None.
        tiers: the severity levels, or None.
        ladders: promise name → the escalation ladders of its milestones.
        roles: the roles ladders and routing may name; empty means unchecked.
        units: unit name → :class:`Unit`; empty means unchecked.
        routing: the routing rules, or None.
        authority: the flexible-authority matrix (role × action → limits), or None.
        scorecard: the KPI objectives as an empty scorecard, or None.
        description: a line saying what the rulebook is (and its source).
        schema_version: the schema the rulebook was written in.
    """

    calendars: dict[str, BusinessCalendar] = attrs.field(
        factory=dict, converter=_named_calendars, hash=False
    )
    promises: dict[str, Promise] = attrs.field(factory=dict, converter=_promise_map, hash=False)
    catalog: Catalog | None = None
    tiers: Tiers | None = None
    ladders: dict[str, tuple[Ladder, ...]] = attrs.field(
        factory=dict, hash=False, converter=_ladder_map
    )
    roles: tuple[str, ...] = attrs.field(default=(), converter=_role_names)
    units: dict[str, Unit] = attrs.field(factory=dict, converter=_unit_map, hash=False)
    routing: RoutingRules | None = None
    authority: AuthorityMatrix | None = None
    scorecard: Scorecard | None = None
    description: str = ""
    schema_version: int = SCHEMA_VERSION

    def unit_calendars(self) -> dict[str, BusinessCalendar]:
        """Unit name → its calendar, for :class:`svcquality.routing.Request` work orders."""
        return {
            name: self.calendars[unit.calendar]
            for name, unit in self.units.items()
            if unit.calendar is not None and unit.calendar in self.calendars
        }
