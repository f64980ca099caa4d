"""Loading the authority and the scorecard sections."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from svcquality._fields import shown
from svcquality.authority import AuthorityMatrix, AuthorityRule, PeriodLimit
from svcquality.errors import (
    SvcQualityError,
)
from svcquality.kpi import Accumulator, Objective, Scorecard
from svcquality.rulebook._docs import AuthorityDoc, AuthorityRuleDoc, Collector, ObjectiveDoc
from svcquality.rulebook._hooks import read_name, read_offset
from svcquality.rulebook._kpis import KPIS, is_duration_option, number_target, option_duration
from svcquality.rulebook._problems import HookError, Path, closest, hint
from svcquality.rulebook._sections import check_ref, list_section, read_entries


def load_authority(c: Collector, raw: object, roles: list[str] | None) -> AuthorityMatrix | None:
    if raw is None:
        return None
    doc = c.structure(raw, AuthorityDoc, ("authority",))
    if doc is None:
        _authority_rules_alone(c, raw, roles)
        return None
    zone = getattr(doc.zone, "key", None)
    ok = True
    if not isinstance(zone, str):  # pragma: no cover - the zone hook returns ZoneInfo
        c.add(("authority", "zone"), "the zone has no IANA name", "write 'Asia/Shanghai'")
        ok = False
    seen: dict[str, int] = {}
    for i, role in enumerate(doc.roles):
        if role in seen:
            ok = False
            c.add(
                ("authority", "roles", i),
                f"role {shown(role)} is listed twice (roles[{seen[role]}] and roles[{i}])",
                "list each role once, from the front line upwards",
            )
        seen[role] = i
        ok &= check_ref(c, ("authority", "roles", i), role, roles, "roles")
    if not doc.roles:
        ok = False
        c.add(("authority", "roles"), "no roles", "list the roles from the front line upwards")
    rules, rules_ok = _authority_rules(c, enumerate(doc.rules), doc.roles)
    if not ok or not rules_ok or not isinstance(zone, str):
        return None
    try:
        return AuthorityMatrix(tuple(doc.roles), tuple(rules), zone)
    except SvcQualityError as exc:
        c.add(("authority",), str(exc), "correct the matrix as the message says")
        return None


def _authority_rules_alone(c: Collector, raw: object, roles: list[str] | None) -> None:
    """Check the roles and each rule of an authority section that could not be read as a
    whole (a missing key, a bad zone), so their own problems are reported in the same
    pass. Problems of their shape were reported already and are not repeated."""
    listed = raw.get("roles") if isinstance(raw, Mapping) else None
    if isinstance(listed, list | tuple):
        for i, role in enumerate(listed):
            try:
                name = read_name(role)
            except HookError:
                continue  # reported with the section
            check_ref(c, ("authority", "roles", i), name, roles, "roles")
    known = (
        listed if isinstance(listed, list) and all(isinstance(r, str) for r in listed) else roles
    )
    rules = raw.get("rules") if isinstance(raw, Mapping) else None
    if not isinstance(rules, list | tuple):
        return
    scratch = Collector(c.data)
    docs = [
        (i, rd)
        for i, item in enumerate(rules)
        if (rd := scratch.structure(item, AuthorityRuleDoc, ("authority", "rules", i))) is not None
    ]
    _authority_rules(c, docs, known)


def _authority_rules(
    c: Collector, docs: Iterable[tuple[int, AuthorityRuleDoc]], roles: Sequence[str] | None
) -> tuple[list[AuthorityRule], bool]:
    ok = True
    rules: list[AuthorityRule] = []
    for i, rd in docs:
        path: Path = ("authority", "rules", i)
        if not check_ref(c, (*path, "role"), rd.role, roles, "roles"):
            ok = False
        try:
            limits = [
                PeriodLimit(ld.period, max_count=ld.max_count, max_sum=ld.max_sum, per=ld.per)
                for ld in rd.limits
            ]
            rules.append(
                AuthorityRule(
                    rd.role,
                    rd.action,
                    max_amount=rd.max_amount,
                    limits=limits,
                    conditions=rd.conditions,
                    requires_second_person=rd.requires_second_person,
                    name=rd.name,
                    unlimited_ok=rd.unlimited_ok,
                )
            )
        except SvcQualityError as exc:
            ok = False
            c.add(path, str(exc), "correct the rule as the message says")
    return rules, ok


def _target_alone(c: Collector, path: Path, cls: type[Accumulator], doc: ObjectiveDoc) -> None:
    """Check an objective's target against its KPI's defaults when its options are bad."""
    try:
        accumulator = cls()
    except (SvcQualityError, TypeError):
        # The KPI needs options to be built at all; a share's range is known without them.
        if cls.KIND == "share":
            try:
                share = number_target(doc.target)
            except HookError as exc:
                c.add((*path, "target"), exc.message, exc.fix)
                return
            if isinstance(share, int | float | Decimal | Fraction) and not 0 <= share <= 1:
                c.add(
                    (*path, "target"),
                    f"target of objective {shown(doc.name)}: the target must be in [0, 1], "
                    f"got {share}",
                    "write a share such as 0.85 or '85%'",
                )
        return
    try:
        target: Any = (
            read_offset(doc.target) if cls.KIND == "duration" else number_target(doc.target)
        )
        Objective(doc.name, accumulator, target, doc.op, label=doc.label)
    except HookError as exc:
        c.add((*path, "target"), exc.message, exc.fix)
    except SvcQualityError as exc:
        c.add((*path, "target"), str(exc), "correct the target as the message says")


def load_scorecard(c: Collector, raw: object) -> Scorecard | None:
    if raw is None:
        return None
    objectives: list[Objective] = []
    seen: dict[str, int] = {}
    entries = list_section(c, raw, "scorecard")
    for i, path, doc in read_entries(c, entries, ObjectiveDoc, "scorecard"):
        if doc.name in seen:
            c.add(
                (*path, "name"),
                f"objective {shown(doc.name)} is defined twice (scorecard[{seen[doc.name]}] and "
                f"scorecard[{i}])",
                "give each objective its own name",
            )
            continue
        seen[doc.name] = i
        cls = KPIS.get(doc.kpi)
        if cls is None:
            c.add((*path, "kpi"), f"unknown KPI {shown(doc.kpi)}", closest(doc.kpi, KPIS, "KPIs"))
            continue
        options: dict[str, object] = {}
        ok = True
        for key, value in doc.options.items():
            if key not in cls.OPTIONS:
                ok = False
                listed = ", ".join(cls.OPTIONS) or "none"
                c.add(
                    (*path, "options", key),
                    f"{doc.kpi} has no option {shown(key)}",
                    f"{hint(key, cls.OPTIONS)}its options are: {listed}",
                )
                continue
            try:
                options[key] = option_duration(value) if is_duration_option(cls, key) else value
            except HookError as exc:
                ok = False
                c.add((*path, "options", key), exc.message, exc.fix)
        if not ok:
            _target_alone(c, path, cls, doc)  # so a bad target is reported in the same pass
            continue
        try:
            accumulator = cls(**options)
        except (SvcQualityError, TypeError) as exc:
            c.add((*path, "options"), str(exc), "correct the options as the message says")
            continue
        try:
            if accumulator.KIND == "duration":
                target: Any = read_offset(doc.target)
            else:
                target = number_target(doc.target)
            objectives.append(Objective(doc.name, accumulator, target, doc.op, label=doc.label))
        except HookError as exc:
            c.add((*path, "target"), exc.message, exc.fix)
        except SvcQualityError as exc:
            c.add((*path, "target"), str(exc), "correct the target as the message says")
    if not entries:
        c.add(("scorecard",), "no objectives", "list at least one objective")
    if not objectives or len(objectives) != len(entries):
        return None
    return Scorecard(tuple(objectives))
