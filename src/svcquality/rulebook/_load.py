"""Loading a rulebook: the entry point, its sections, and the first sections."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, tzinfo
from typing import Any

from svcquality._fields import shown
from svcquality._types import DayBasis, Weekday
from svcquality.calendars import BusinessCalendar, HolidaySource, WeeklyHours
from svcquality.errors import RulebookError
from svcquality.escalation import Severity, Tiers, _tier_problems
from svcquality.rulebook._converter import (
    Collector,
    context,
    field,
    keyed_hook,
    model_hook,
    ref,
)
from svcquality.rulebook._hooks import Name, Windows, Years, read_name
from svcquality.rulebook._load_authority import load_authority, load_scorecard
from svcquality.rulebook._load_ladders import load_ladders, load_routing, raw_milestones
from svcquality.rulebook._load_promises import load_catalog, load_promises
from svcquality.rulebook._model import SCHEMA_VERSION, Rulebook, Unit
from svcquality.rulebook._problems import MISSING, HookError, hint, kind_of
from svcquality.rulebook._sections import list_section, mapping_section, read_entries

_SECTIONS = (
    "schema_version",
    "description",
    "calendars",
    "roles",
    "units",
    "tiers",
    "promises",
    "catalog",
    "ladders",
    "routing",
    "authority",
    "scorecard",
)
# --------------------------------------------------------------------------- load


def load_rulebook(mapping: Mapping[str, object]) -> Rulebook:
    """Validate a rulebook mapping and build its models.

    Args:
        mapping: plain data as YAML, JSON or TOML loaders return it; the keys
            are documented in ``docs/rulebook.md``.

    Returns:
        The :class:`Rulebook`.

    Raises:
        RulebookError: one error listing every problem found, each with its
            path, the value there and the fix. A ``schema_version`` newer than
            :data:`SCHEMA_VERSION` is reported alone.
    """
    c = Collector(mapping)
    deep = _too_deep(mapping)
    if deep is not None:
        c.add((), deep, f"a rulebook nests at most {_MOST_DEPTH} levels; flatten the data")
        raise RulebookError(c.problems)
    if not isinstance(mapping, Mapping):
        c.add(
            (),
            f"a rulebook is a mapping, got {kind_of(mapping)}",
            "pass the mapping your YAML/JSON/TOML loader returned, e.g. {'promises': [...]}",
        )
        raise RulebookError(c.problems)
    version = mapping.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        c.add(
            ("schema_version",),
            f"schema_version must be a whole number from 1, got {kind_of(version)}",
            f"write schema_version: {SCHEMA_VERSION}",
        )
    elif version > SCHEMA_VERSION:
        c.add(
            ("schema_version",),
            f"the rulebook is written for schema version {version}; this svcquality reads "
            f"versions up to {SCHEMA_VERSION}",
            "upgrade svcquality, or write the rulebook in schema version "
            f"{SCHEMA_VERSION} (docs/rulebook.md)",
        )
        raise RulebookError(c.problems)
    for key in mapping:
        if key not in _SECTIONS:
            c.add(
                (key,) if isinstance(key, str) else (repr(key),),
                f"unknown section {shown(key)}",
                f"{hint(key, _SECTIONS)}the sections are {', '.join(_SECTIONS)}",
            )
    description = mapping.get("description", "")
    if not isinstance(description, str):
        c.add(("description",), f"expected text, got {kind_of(description)}", "write a line")
        description = ""

    # Each section is read against the names of the sections read before it.
    calendars = _load_calendars(c, mapping.get("calendars"))
    roles = _load_roles(c, mapping.get("roles"))
    with context(calendars, roles=roles):
        authority = load_authority(c, mapping.get("authority"))
        if authority is not None and roles is None:
            roles = list(authority.roles)
        units = _load_units(c, mapping.get("units"))
        tiers = _load_tiers(c, mapping.get("tiers"))
        promises = load_promises(c, mapping.get("promises"))
        codes = None if tiers is None else [level.code for level in tiers.levels]
        with context(roles=roles, units=units or None, promises=promises, severities=codes):
            catalog = load_catalog(c, mapping.get("catalog"), promises, calendars)
            ladders = load_ladders(
                c, mapping.get("ladders"), promises, raw_milestones(mapping.get("promises"))
            )
            routing = load_routing(c, mapping.get("routing"))
    scorecard = load_scorecard(c, mapping.get("scorecard"))
    if c.problems:
        raise RulebookError(c.problems)
    return Rulebook(
        calendars={k: v for k, v in calendars.items() if v is not None},
        promises={k: v for k, v in promises.items() if v is not None},
        catalog=catalog,
        tiers=tiers,
        ladders=ladders,
        roles=tuple(roles) if roles else (),
        units={k: v for k, v in units.items() if v is not None},
        routing=routing,
        authority=authority,
        scorecard=scorecard,
        description=description,
        schema_version=SCHEMA_VERSION,
    )


#: How deep a rulebook may nest mappings and lists (the deepest real one nests about 8).
_MOST_DEPTH = 64


def _too_deep(data: object) -> str | None:
    """Why ``data`` cannot be read as a rulebook (nested too deep, or containing itself),
    or None. The walk is iterative, so no input makes it recurse."""
    done: set[int] = set()
    on_path: set[int] = set()
    stack: list[tuple[object, Iterator[object]]] = []

    def children(x: object) -> Iterator[object] | None:
        if isinstance(x, Mapping):
            return iter(list(x.values()))
        if isinstance(x, list | tuple | set | frozenset):
            return iter(list(x))
        return None

    first = children(data)
    if first is None:
        return None
    stack.append((data, first))
    on_path.add(id(data))
    while stack:
        node, it = stack[-1]
        child = next(it, MISSING)
        if child is MISSING:
            stack.pop()
            on_path.discard(id(node))
            done.add(id(node))
            continue
        grand = children(child)
        if grand is None or id(child) in done:
            continue
        if id(child) in on_path:
            return "the data contains itself (a mapping or list inside its own value)"
        if len(stack) >= _MOST_DEPTH:
            return f"the data nests more than {_MOST_DEPTH} levels deep"
        stack.append((child, grand))
        on_path.add(id(child))
    return None


#: A calendar's keys: the keywords of :meth:`BusinessCalendar.weekly` with their plain
#: types. The calendar is built by that classmethod, not from its attributes (compiled
#: rules), so this table is the one place the rulebook names them; each default is
#: the classmethod's own.
_CALENDAR: Callable[[object], dict[str, Any]] = keyed_hook(
    {
        "hours": WeeklyHours,
        "zone": tzinfo,
        "holidays": HolidaySource | None,
        "closed_dates": list[date],
        "working_dates": list[date],
        "special_hours": dict[date, Windows],
        "years": Years | None,
        "makeup_hours": Weekday,
        "holiday_hours": str | None,
        "working_days": DayBasis,
    },
    dict,
    required=("hours", "zone"),
    example="{'hours': {'mon-fri': '09:00-17:00'}, 'zone': 'Asia/Shanghai'}",
    fix="correct the calendar's hours, dates and overrides",
)


# The calendars and promises loaders return every name their section defines; None
# marks an entry that failed, so a reference to it is not reported again as unknown.
def _load_calendars(c: Collector, raw: object) -> dict[str, BusinessCalendar | None]:
    entries = mapping_section(c, raw, "calendars")
    out: dict[str, BusinessCalendar | None] = dict.fromkeys(name for name, _ in entries)
    for name, path, keywords in read_entries(c, entries, _CALENDAR, "calendars"):
        hours = keywords.pop("hours")
        out[name] = c.build(
            path,
            "correct the calendar's hours, dates and overrides",
            lambda: BusinessCalendar.weekly(hours.to_mapping(), name=name, **keywords),  # noqa: B023
        )
    return out


def _load_roles(c: Collector, raw: object) -> list[str] | None:
    if raw is None:
        return None
    roles: list[str] = []
    for i, item in list_section(c, raw, "roles"):
        try:
            role = read_name(item)
        except HookError as exc:
            c.add(("roles", i), exc.message, exc.fix)
            continue
        if role in roles:
            c.add(("roles", i), f"role {shown(role)} is listed twice", "list each role once")
        roles.append(role)
    return roles


#: A unit's keys: its attributes but its name, which is the entry's key.
_UNIT = model_hook(
    Unit,
    omit=("name",),
    build=dict,
    example="{'calendar': 'branch', 'answer_within': '24h'}",
    fix="correct the unit as the message says",
    calendar=ref("calendars"),
)


def _load_units(c: Collector, raw: object) -> dict[str, Unit | None]:
    """Every unit the section defines; None marks one that failed, as for calendars."""
    entries = mapping_section(c, raw, "units")
    out: dict[str, Unit | None] = dict.fromkeys(name for name, _ in entries)
    for name, _, keywords in read_entries(c, entries, _UNIT, "units"):
        out[name] = Unit(name, **keywords)
    return out


_SEVERITY = model_hook(
    Severity,
    example="{'code': 'I', 'description': 'urgent or wide impact'}",
    fix="correct the level as the message says",
    checked={"code": "write the code as plain text, such as 'I'"},
    code=field(Name),
)


def _load_tiers(c: Collector, raw: object) -> Tiers | None:
    if raw is None:
        return None
    levels: list[tuple[int, Severity]] = []
    for i, item in list_section(c, raw, "tiers"):
        # A level's rank is its position unless it says otherwise.
        entry = {"rank": i, **item} if isinstance(item, Mapping) else item
        level = c.structure(entry, _SEVERITY, ("tiers", i))
        if level is not None:
            levels.append((i, level))
    problems = _tier_problems(levels)
    for i, key, problem, fix in problems:
        c.add(("tiers", i, key), problem, fix)
    if not levels:
        if not c.problems:
            c.add(("tiers",), "no levels", "list at least one level, e.g. [{'code': 'I'}]")
        return None
    # The levels without problems still say which severities the catalog may name.
    repeated = {i for i, *_ in problems}
    return Tiers(tuple(level for i, level in levels if i not in repeated))
