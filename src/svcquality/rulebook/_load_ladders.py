"""Loading the ladders and the routing sections."""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping

import attrs

from svcquality._fields import shown
from svcquality._types import RouteKind
from svcquality.calendars import BusinessCalendar
from svcquality.errors import (
    SvcQualityError,
)
from svcquality.escalation import (
    Action,
    GreenChannel,
    HandToSecondLine,
    Ladder,
    Notify,
    Reassign,
    Step,
    Trigger,
)
from svcquality.promises import (
    Promise,
)
from svcquality.routing import RoutingRule, RoutingRules
from svcquality.rulebook._docs import Collector, LadderDoc, RoutingRuleDoc
from svcquality.rulebook._grammars import parse_action
from svcquality.rulebook._hooks import read_name
from svcquality.rulebook._load_promises import promise_name
from svcquality.rulebook._model import Unit
from svcquality.rulebook._problems import HookError, Path, closest
from svcquality.rulebook._sections import (
    check_ref,
    list_section,
    mapping_section,
    raw_ref,
    read_entries_or_none,
    table_problems,
)


def _action_refs(
    c: Collector,
    path: Path,
    action: Action,
    roles: list[str] | None,
    units: Mapping[str, Unit | None],
) -> bool:
    if isinstance(action, HandToSecondLine):
        return check_ref(c, path, action.unit, units if units else None, "units")
    if isinstance(action, Notify | Reassign | GreenChannel):
        return check_ref(c, path, action.role, roles, "roles")
    return True


def load_ladders(
    c: Collector,
    raw: object,
    *,
    promises: Mapping[str, Promise | None],
    calendars: Mapping[str, BusinessCalendar | None],
    roles: list[str] | None,
    units: Mapping[str, Unit | None],
    raw_milestones: Mapping[str, tuple[str, ...]],
) -> dict[str, tuple[Ladder, ...]]:
    out: dict[str, tuple[Ladder, ...]] = {}
    for pname, group in mapping_section(c, raw, "ladders"):
        # A ladder of an unknown promise is still read, so its own problems are reported too.
        known = check_ref(c, ("ladders", pname), pname, promises, "promises")
        promise = promises.get(pname)
        milestones = promise.milestones if promise is not None else raw_milestones.get(pname)
        ladders: list[Ladder] = []
        # Note: a group that is not a list is reported at "ladders", not "ladders.<promise>".
        entries = list_section(c, group, "ladders")
        for _, path, item, read in read_entries_or_none(c, entries, LadderDoc, "ladders", pname):
            if read is None:
                _ladder_refs_alone(
                    c,
                    item,
                    path=path,
                    pname=pname,
                    milestones=milestones,
                    roles=roles,
                    units=units,
                    calendars=calendars,
                )
                continue
            doc = read
            ok = known & _milestone_ref(c, path, pname, doc.milestone, milestones)
            steps: list[Step] = []
            for j, step in enumerate(doc.steps):
                spath: Path = (*path, "steps", j)
                trigger = typing.cast("Trigger", step.trigger)  # what the trigger hook returns
                action = typing.cast("Action", step.action)  # what the action hook returns
                ok &= _action_refs(c, (*spath, "action"), action, roles, units)
                if not check_ref(c, (*spath, "calendar"), step.calendar, calendars, "calendars"):
                    ok = False
                    continue
                cal = None if step.calendar is None else calendars[step.calendar]
                if step.calendar is not None and cal is None:
                    ok = False
                    continue
                steps.append(Step(trigger, action, calendar=cal))
            if not ok:
                continue
            try:
                ladders.append(Ladder(doc.milestone, tuple(steps), name=doc.name))
            except SvcQualityError as exc:
                c.add((*path, "steps"), str(exc), "remove the repeated step")
        if known:
            out[pname] = tuple(ladders)
    return out


def _milestone_ref(
    c: Collector, path: Path, pname: str, milestone: str, milestones: Iterable[str] | None
) -> bool:
    """Whether the ladder at ``path`` watches a milestone its promise has (recorded if not)."""
    if milestones is None or milestone in milestones:
        return True
    c.add(
        (*path, "milestone"),
        f"promise {shown(pname)} has no milestone {shown(milestone)}",
        closest(milestone, milestones, "milestones"),
    )
    return False


def _ladder_refs_alone(
    c: Collector,
    item: object,
    *,
    path: Path,
    pname: str,
    milestones: Iterable[str] | None,
    roles: list[str] | None,
    units: Mapping[str, Unit | None],
    calendars: Mapping[str, BusinessCalendar | None],
) -> None:
    """Check what a ladder that could not be read as a whole (a bad trigger) names: its
    milestone, and each step's action and calendar, so they are reported in this pass."""
    if not isinstance(item, Mapping):
        return
    try:
        milestone = read_name(item.get("milestone"))
    except HookError:
        pass
    else:
        _milestone_ref(c, path, pname, milestone, milestones)
    steps = item.get("steps")
    if not isinstance(steps, list | tuple):
        return
    for j, step in enumerate(steps):
        spath: Path = (*path, "steps", j)
        if not isinstance(step, Mapping):
            continue
        raw_ref(c, step, "calendar", path=spath, known=calendars, what="calendars")
        try:
            action = parse_action(step.get("action"))
        except HookError:
            continue  # reported with the step
        _action_refs(c, (*spath, "action"), action, roles, units)


def raw_milestones(raw: object) -> dict[str, tuple[str, ...]]:
    """The milestone names each promise entry writes, read from the plain data, so a
    ladder is checked against them even when its promise has problems of its own."""
    out: dict[str, tuple[str, ...]] = {}
    if isinstance(raw, list | tuple):
        for item in raw:
            name = promise_name(item)
            ms = item.get("milestones") if isinstance(item, Mapping) else None
            if name is not None and isinstance(ms, Mapping):
                out.setdefault(name, tuple(k for k in ms if isinstance(k, str)))
    return out


def load_routing(
    c: Collector, raw: object, roles: list[str] | None, units: Mapping[str, Unit | None]
) -> RoutingRules | None:
    if raw is None:
        return None
    rules: list[RoutingRule] = []
    entries = list_section(c, raw, "routing")
    last: RoutingRule | None = None  # the last entry's rule, to check it is the default
    for i, path, item, doc in read_entries_or_none(c, entries, RoutingRuleDoc, "routing"):
        if doc is None:
            kind = item.get("kind", "unit") if isinstance(item, Mapping) else None
            if kind in typing.get_args(RouteKind):
                known = (units if units else None) if kind == "unit" else roles
                raw_ref(c, item, "to", path=path, known=known, what=f"{kind}s")
            continue
        known = (units if units else None) if doc.kind == "unit" else roles
        named = check_ref(c, (*path, "to"), doc.to, known, f"{doc.kind}s")
        fields = {k: v for k, v in attrs.asdict(doc, recurse=False).items() if v is not None}
        try:
            rule = RoutingRule(**fields)
        except SvcQualityError as exc:
            c.add(path, str(exc), "correct the rule as the message says")
            continue
        if i == len(entries) - 1:
            last = rule
        if named:
            rules.append(rule)
    if not table_problems(
        c,
        "routing",
        rules,
        entries,
        last,
        show=lambda rule: rule.label,
        empty=("no routing rules", "end them with a default: [{'to': 'front_desk'}]"),
        last_at=(),
        last_fix="end the rules with a default such as {'to': 'front_desk'}",
    ):
        return None
    if c.problems:
        return None
    try:
        return RoutingRules(rules)
    except SvcQualityError as exc:  # pragma: no cover - the checks above come first
        c.add(("routing",), str(exc), "correct the rules as the message says")
        return None
