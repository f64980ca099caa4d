"""Writing a rulebook back to plain data."""

from __future__ import annotations

import typing
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import attrs

from svcquality._types import Language
from svcquality.authority import AuthorityMatrix, Condition
from svcquality.calendars import BusinessCalendar, WeeklyHours, WeeklyRules
from svcquality.calendars._hours import WEEKDAYS
from svcquality.errors import (
    RulebookError,
    RulebookProblem,
)
from svcquality.escalation import (
    Ladder,
    Severity,
)
from svcquality.kpi import Objective
from svcquality.promises import (
    CatalogRule,
    Extension,
    Promise,
    StatusRule,
    Target,
)
from svcquality.routing import RoutingRule
from svcquality.rulebook._grammars import format_action, format_trigger
from svcquality.rulebook._kpis import kpi_name, plain_number
from svcquality.rulebook._model import SCHEMA_VERSION, Rulebook, Unit

# --------------------------------------------------------------------------- dump


def _calendar_plain(name: str, cal: BusinessCalendar) -> dict[str, object]:
    rules = cal.rules
    if not isinstance(rules, WeeklyRules):
        raise RulebookError(
            [
                RulebookProblem(
                    f"calendars.{name}",
                    cal,
                    "a combined calendar (a & b, a | b) has no rulebook form yet",
                    "give the rulebook the calendar's own weekly hours",
                )
            ]
        )
    zone = getattr(cal.zone, "key", None)
    if not isinstance(zone, str):
        raise RulebookError(
            [
                RulebookProblem(
                    f"calendars.{name}.zone",
                    cal.zone,
                    "the zone has no IANA name",
                    "build the calendar with zone='Asia/Shanghai' (a name, not an offset)",
                )
            ]
        )
    out: dict[str, object] = {"hours": rules.hours.format(), "zone": zone}
    src = rules.holidays
    if src is not None:
        if src.categories or src.financial:
            h: dict[str, object] = {"country": src.country}
            if src.subdiv:
                h["subdiv"] = src.subdiv
            if src.categories:
                h["categories"] = list(src.categories)
            if src.financial:
                h["financial"] = True
            out["holidays"] = h
        else:
            out["holidays"] = src.country + (f"-{src.subdiv}" if src.subdiv else "")
    if rules.closed_dates:
        out["closed_dates"] = [d.isoformat() for d in sorted(rules.closed_dates)]
    if rules.working_dates:
        out["working_dates"] = [d.isoformat() for d in sorted(rules.working_dates)]
    if rules.special_hours:
        out["special_hours"] = {
            d.isoformat(): ", ".join(str(w) for w in ws) or "closed"
            for d, ws in rules.special_hours
        }
    if cal.years is not None:
        out["years"] = list(cal.years)
    if rules.makeup_weekday != 0:
        out["makeup_hours"] = WEEKDAYS[rules.makeup_weekday]
    always = rules.hours == WeeklyHours.always()
    if rules.holiday_hours is None:
        out["holiday_hours"] = "weekly"
    elif rules.holiday_hours != (() if not always else WeeklyHours.always().days[0]):
        out["holiday_hours"] = ", ".join(str(w) for w in rules.holiday_hours) or "closed"
    if rules.working_days != "statutory":
        out["working_days"] = rules.working_days
    return out


def _calendar_name(rb: Rulebook, cal: BusinessCalendar, path: str) -> str:
    if cal.name is not None and rb.calendars.get(cal.name) == cal:
        return cal.name
    for key, known in rb.calendars.items():
        if known == cal.with_name(key):
            return key
    raise RulebookError(
        [
            RulebookProblem(
                path,
                cal,
                "the calendar is not one of the rulebook's calendars",
                "add it to Rulebook(calendars={name: calendar}) and use that object",
            )
        ]
    )


def _target_plain(target: Target, language: Language) -> object:
    if target.counting != "working_days":
        plain = attrs.evolve(target, counting="working_days")
        return {
            "target": plain.format(language=language),
            "counting": target.counting,
        }
    return target.format(language=language)


def _names_plain(names: Iterable[str]) -> str | list[str]:
    items = sorted(names) if isinstance(names, frozenset) else list(names)
    return items[0] if len(items) == 1 else items


def _objective_plain(i: int, objective: Objective) -> dict[str, object]:
    acc = objective.kpi
    name = kpi_name(acc)
    if name is None:
        raise RulebookError(
            [
                RulebookProblem(
                    f"scorecard[{i}].kpi",
                    acc,
                    f"the KPI {type(acc).__name__} has no rulebook name",
                    "use one of the KPIs of svcquality.rulebook.KPIS, or add yours to it",
                )
            ]
        )
    out: dict[str, object] = {"name": objective.name, "kpi": name}
    options: dict[str, object] = {}
    fields = {f.name: f for f in attrs.fields(typing.cast("Any", type(acc)))}
    for key in acc.OPTIONS:
        value = getattr(acc, key)
        default = fields[key].default
        if default is not attrs.NOTHING and value == default:
            continue
        if isinstance(value, timedelta):
            options[key] = "0s" if not value else Target.wall(value).format()
        else:
            options[key] = plain_number(value)
    if options:
        out["options"] = options
    target = objective.target
    out["target"] = (
        Target.wall(target).format() if isinstance(target, timedelta) else plain_number(target)
    )
    if objective.op != ">=":
        out["op"] = objective.op
    if objective.label:
        out["label"] = objective.label
    return out


def dump_rulebook(rulebook: Rulebook, *, language: Language = "en") -> dict[str, Any]:
    """Write a rulebook back to plain data (dicts, lists, text, numbers, booleans).

    ``load_rulebook(dump_rulebook(rb)) == rb``. Keys with their default value
    are left out, durations are written in their canonical form (``"4h"``,
    ``"3 working days"``; ``language="zh"`` writes ``"4小时"``, ``"3个工作日"``),
    and weekly hours group equal weekdays (``"mon-fri"``).

    Args:
        rulebook: the rulebook to write.
        language: the language of durations: ``"en"`` or ``"zh"``.

    Raises:
        RulebookError: the rulebook holds something the plain form cannot
            carry (a combined calendar, a zone without an IANA name, a calendar
            that is not among its calendars, a KPI that is not in :data:`KPIS`).
    """
    if language not in typing.get_args(Language):
        raise RulebookError(
            [RulebookProblem("", language, "unknown language", "use language='en' or 'zh'")]
        )
    rb = rulebook
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if rb.description:
        out["description"] = rb.description
    if rb.calendars:
        out["calendars"] = {k: _calendar_plain(k, v) for k, v in rb.calendars.items()}
    if rb.roles:
        out["roles"] = list(rb.roles)
    if rb.units:
        out["units"] = {k: _unit_plain(u, language) for k, u in rb.units.items()}
    if rb.tiers is not None:
        out["tiers"] = [_tier_plain(i, level) for i, level in enumerate(rb.tiers.levels)]
    if rb.promises:
        out["promises"] = [
            _promise_plain(rb, i, p, language) for i, p in enumerate(rb.promises.values())
        ]
    if rb.catalog is not None:
        out["catalog"] = [_rule_plain(rule) for rule in rb.catalog.rules]
    if rb.ladders:
        out["ladders"] = {
            name: [_ladder_plain(rb, f"ladders.{name}[{i}]", ld) for i, ld in enumerate(group)]
            for name, group in rb.ladders.items()
        }
    if rb.routing is not None:
        out["routing"] = [_routing_plain(rule) for rule in rb.routing.rules]
    if rb.authority is not None:
        out["authority"] = _authority_plain(rb.authority)
    if rb.scorecard is not None:
        out["scorecard"] = [_objective_plain(i, o) for i, o in enumerate(rb.scorecard.objectives)]
    return out


def _authority_plain(matrix: AuthorityMatrix) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    for rule in matrix.rules:
        r: dict[str, Any] = {"role": rule.role, "action": rule.action}
        if rule.max_amount is not None:
            r["max_amount"] = str(rule.max_amount)
        if rule.limits:
            limits = []
            for limit in rule.limits:
                ld: dict[str, Any] = {"period": limit.period}
                if limit.max_count is not None:
                    ld["max_count"] = limit.max_count
                if limit.max_sum is not None:
                    ld["max_sum"] = str(limit.max_sum)
                if limit.per != "actor":
                    ld["per"] = limit.per
                limits.append(ld)
            r["limits"] = limits
        if rule.conditions:
            r["conditions"] = Condition.to_data(rule.conditions)
        if rule.requires_second_person:
            r["requires_second_person"] = True
        if rule.name:
            r["name"] = rule.name
        if rule.unlimited_ok:
            r["unlimited_ok"] = True
        rules.append(r)
    return {"roles": list(matrix.roles), "zone": matrix.zone, "rules": rules}


def _unit_plain(unit: Unit, language: Language) -> dict[str, Any]:
    u: dict[str, Any] = {}
    if unit.calendar is not None:
        u["calendar"] = unit.calendar
    if unit.answer_within is not None:
        u["answer_within"] = unit.answer_within.format(language=language)
    if unit.description:
        u["description"] = unit.description
    return u


def _tier_plain(i: int, level: Severity) -> dict[str, Any]:
    t: dict[str, Any] = {"code": level.code}
    if level.rank != i:
        t["rank"] = level.rank
    if level.description:
        t["description"] = level.description
    return t


def _promise_plain(rb: Rulebook, i: int, p: Promise, language: Language) -> Any:
    d: dict[str, Any] = {"service": p.service}
    if p.name != p.service:
        d["name"] = p.name
    if p.calendar is not None:
        d["calendar"] = _calendar_name(rb, p.calendar, f"promises[{i}].calendar")
    if p.goal != 0.9:
        d["goal"] = p.goal
    d["milestones"] = {m: _target_plain(t, language) for m, t in p.milestones.items()}
    if p.extensions:
        d["extensions"] = {
            m: [_extension_plain(e, language) for e in exts] for m, exts in p.extensions.items()
        }
    if p.pause_reasons:
        d["pause_reasons"] = list(p.pause_reasons)
    if p.status_rules:
        d["status_rules"] = {s: _status_rule_plain(r) for s, r in p.status_rules.items()}
    if p.repeats:
        d["repeats"] = list(p.repeats)
    if p.replies:
        d["replies"] = list(p.replies)
    return d


def _status_rule_plain(rule: StatusRule) -> str | dict[str, Any]:
    """A status rule as a rulebook writes it: the action alone when it is all there is."""
    if rule.action == "pause":
        return {"action": "pause", "reason": rule.reason}
    if rule.action == "meet":
        return {"action": "meet", "milestones": list(rule.milestones)}
    return rule.action


def _extension_plain(ext: Extension, language: Language) -> dict[str, Any]:
    plain = _target_plain(ext.to, language)
    e: dict[str, Any] = (
        {"to": plain["target"], "counting": plain["counting"]}
        if isinstance(plain, dict)
        else {"to": plain}
    )
    for need in ext.requirements:
        e[f"requires_{need}"] = True
    return e


def _rule_plain(rule: CatalogRule) -> dict[str, Any]:
    r: dict[str, Any] = {}
    if rule.when:
        r["when"] = {k: _names_plain(v) for k, v in rule.when}
    for key in ("amount_min", "amount_max"):
        amount = getattr(rule, key)
        if amount is not None:
            r[key] = str(amount)
    r["promise"] = rule.promise
    if rule.calendar is not None:
        r["calendar"] = rule.calendar
    if rule.calendar_from:
        r["calendar_from"] = list(rule.calendar_from)
    if rule.in_force_from is not None:
        r["in_force_from"] = rule.in_force_from.isoformat()
    if rule.applies_to_open:
        r["applies_to_open"] = True
    if rule.name:
        r["name"] = rule.name
    return r


def _ladder_plain(rb: Rulebook, where: str, ladder: Ladder) -> dict[str, Any]:
    ld: dict[str, Any] = {"milestone": ladder.milestone}
    if ladder.name != ladder.milestone:
        ld["name"] = ladder.name
    steps = []
    for j, step in enumerate(ladder.steps):
        s: dict[str, Any] = {
            "trigger": format_trigger(step.trigger),
            "action": format_action(step.action),
        }
        if step.calendar is not None:
            s["calendar"] = _calendar_name(rb, step.calendar, f"{where}.steps[{j}].calendar")
        steps.append(s)
    ld["steps"] = steps
    return ld


def _routing_plain(rule: RoutingRule) -> dict[str, Any]:
    r: dict[str, Any] = {"to": rule.to}
    if rule.kind != "unit":
        r["kind"] = rule.kind
    for key in ("service", "channel", "customer_tier", "language", "branch"):
        names = getattr(rule, key)
        if names:
            r[key] = _names_plain(names)
    for key in ("amount_min", "amount_max"):
        amount = getattr(rule, key)
        if amount is not None:
            r[key] = str(amount)
    if rule.name:
        r["name"] = rule.name
    return r
