"""Loading a rulebook: the entry point, its sections, and the first sections."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from svcquality._fields import shown
from svcquality.calendars import BusinessCalendar
from svcquality.errors import (
    RulebookError,
    SvcQualityError,
)
from svcquality.escalation import (
    Severity,
    Tiers,
)
from svcquality.rulebook._docs import CalendarDoc, Collector, TierDoc, UnitDoc
from svcquality.rulebook._hooks import read_name
from svcquality.rulebook._load_authority import load_authority, load_scorecard
from svcquality.rulebook._load_ladders import load_ladders, load_routing, raw_milestones
from svcquality.rulebook._load_promises import load_catalog, load_promises
from svcquality.rulebook._model import SCHEMA_VERSION, Rulebook, Unit
from svcquality.rulebook._problems import MISSING, HookError, hint, kind_of
from svcquality.rulebook._sections import (
    check_ref,
    list_section,
    mapping_section,
    raw_ref,
    read_entries,
    read_entries_or_none,
)

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

    calendars = _load_calendars(c, mapping.get("calendars"))
    roles = _load_roles(c, mapping.get("roles"))
    authority = load_authority(c, mapping.get("authority"), roles)
    if authority is not None and roles is None:
        roles = list(authority.roles)
    units = _load_units(c, mapping.get("units"), calendars)
    tiers = _load_tiers(c, mapping.get("tiers"))
    promises = load_promises(c, mapping.get("promises"), calendars)
    catalog = load_catalog(
        c, mapping.get("catalog"), promises=promises, calendars=calendars, tiers=tiers
    )
    ladders = load_ladders(
        c,
        mapping.get("ladders"),
        promises=promises,
        calendars=calendars,
        roles=roles,
        units=units,
        raw_milestones=raw_milestones(mapping.get("promises")),
    )
    routing = load_routing(c, mapping.get("routing"), roles, units)
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


# The calendars and promises loaders return every name their section defines; None
# marks an entry that failed, so a reference to it is not reported again as unknown.
def _load_calendars(c: Collector, raw: object) -> dict[str, BusinessCalendar | None]:
    entries = mapping_section(c, raw, "calendars")
    out: dict[str, BusinessCalendar | None] = dict.fromkeys(name for name, _ in entries)
    for name, path, doc in read_entries(c, entries, CalendarDoc, "calendars"):
        try:
            out[name] = BusinessCalendar.weekly(
                doc.hours.to_mapping(),
                zone=doc.zone,
                holidays=doc.holidays,
                closed_dates=doc.closed_dates,
                working_dates=doc.working_dates,
                special_hours=dict(doc.special_hours.items()),
                years=doc.years,
                makeup_hours=doc.makeup_hours,
                holiday_hours=doc.holiday_hours,
                working_days=doc.working_days,
                name=name,
            )
        except SvcQualityError as exc:  # noqa: PERF203 - recorded with its calendar
            c.add(path, str(exc), "correct the calendar's hours, dates and overrides")
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


def _load_units(
    c: Collector, raw: object, calendars: Mapping[str, BusinessCalendar | None]
) -> dict[str, Unit | None]:
    """Every unit the section defines; None marks one that failed, as for calendars."""
    entries = mapping_section(c, raw, "units")
    out: dict[str, Unit | None] = dict.fromkeys(name for name, _ in entries)
    for name, path, item, doc in read_entries_or_none(c, entries, UnitDoc, "units"):
        if doc is None:
            raw_ref(c, item, "calendar", path=path, known=calendars, what="calendars")
            continue
        check_ref(c, (*path, "calendar"), doc.calendar, calendars, "calendars")
        out[name] = Unit(name, doc.calendar, doc.answer_within, doc.description)
    return out


def _load_tiers(c: Collector, raw: object) -> Tiers | None:
    if raw is None:
        return None
    levels: list[Severity] = []
    codes: dict[str, int] = {}
    ranks: dict[int, int] = {}
    for i, path, doc in read_entries(c, list_section(c, raw, "tiers"), TierDoc, "tiers"):
        rank = i if doc.rank is None else doc.rank
        if doc.code in codes:
            c.add(
                (*path, "code"),
                f"level {shown(doc.code)} is defined twice "
                f"(tiers[{codes[doc.code]}] and tiers[{i}])",
                "give each level one code",
            )
            continue
        if rank in ranks:
            c.add(
                (*path, "rank"),
                f"rank {rank} is also the rank of tiers[{ranks[rank]}]",
                "give each level its own rank (0 is the most urgent)",
            )
            continue
        try:
            level = Severity(doc.code, rank, doc.description)
        except SvcQualityError as exc:  # the level refuses the code (an invisible character)
            c.add((*path, "code"), str(exc), "write the code as plain text, such as 'I'")
            continue
        codes[doc.code] = i
        ranks[rank] = i
        levels.append(level)
    if not levels:
        if not c.problems:
            c.add(("tiers",), "no levels", "list at least one level, e.g. [{'code': 'I'}]")
        return None
    return Tiers(tuple(levels))
