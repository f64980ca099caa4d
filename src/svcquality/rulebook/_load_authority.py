"""Loading the authority and the scorecard sections."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from cattrs.gen import override

from svcquality._fields import shown
from svcquality._types import TargetOp
from svcquality.authority import AuthorityMatrix, AuthorityRule, PeriodLimit
from svcquality.errors import SvcQualityError
from svcquality.kpi import Accumulator, Objective, Scorecard
from svcquality.rulebook._converter import (
    Collector,
    Role,
    context,
    field,
    keyed_hook,
    known_names,
    model_hook,
    ref,
    register,
)
from svcquality.rulebook._hooks import (
    Conditions,
    Name,
    read_offset,
    read_text,
    read_zone,
)
from svcquality.rulebook._kpis import KPIS, is_duration_option, number_target, option_duration
from svcquality.rulebook._problems import Below, HookError, Path, closest, hint
from svcquality.rulebook._sections import list_section, read_entries

_AUTHORITY_RULE = model_hook(
    AuthorityRule,
    example="{'role': 'teller', 'action': 'fee_waiver', 'max_amount': 'CNY 200'}",
    fix="correct the rule as the message says",
    role=ref("matrix_roles", word="roles"),
    action=field(Name),
    conditions=field(Conditions),
)
register(AuthorityRule, _AUTHORITY_RULE)
register(
    PeriodLimit,
    model_hook(
        PeriodLimit,
        example="{'period': 'day', 'max_count': 5}",
        fix="correct the limit as the message says",
    ),
)


def _zone_name(value: object, _: object = None) -> str:
    """An IANA zone's name, the zone read to check it."""
    read_zone(value)
    return read_text(value)


def _matrix_problems(kw: Mapping[str, Any]) -> list[tuple[Below, BaseException]]:
    """A role listed twice and no roles, which the matrix refuses, at their keys."""
    roles: list[str] = kw["roles"]
    problems: list[tuple[Below, BaseException]] = [
        (
            ("roles", i),
            HookError(
                f"role {shown(role)} is listed twice (roles[{roles.index(role)}] and roles[{i}])",
                "list each role once, from the front line upwards",
            ),
        )
        for i, role in enumerate(roles)
        if role in roles[:i]
    ]
    if not roles:
        problems.append(
            ("roles", HookError("no roles", "list the roles from the front line upwards"))
        )
    return problems


_AUTHORITY = model_hook(
    AuthorityMatrix,
    problems=_matrix_problems,
    example="{'roles': ['teller', 'supervisor'], 'zone': 'Asia/Shanghai', 'rules': [...]}",
    fix="correct the matrix as the message says",
    roles=field(list[Role]),
    zone=override(struct_hook=_zone_name),
)


def load_authority(c: Collector, raw: object) -> AuthorityMatrix | None:
    if raw is None:
        return None
    # The rules name the matrix's own roles (or, when those are not a list of text,
    # any role the rulebook defines).
    listed = raw.get("roles") if isinstance(raw, Mapping) else None
    if isinstance(listed, list) and all(isinstance(r, str) for r in listed):
        known: list[str] | None = list(listed)
    else:
        known = None if (roles := known_names("roles")) is None else list(roles)
    with context(matrix_roles=known):
        return c.structure(raw, _AUTHORITY, ("authority",))


#: An objective's keys: the objective's, its KPI by name and the KPI's options beside.
_OBJECTIVE: Callable[[object], dict[str, Any]] = keyed_hook(
    {
        "name": Name,
        "kpi": Name,
        "target": Any,
        "options": dict[str, Any],
        "op": TargetOp,
        "label": str,
    },
    dict,
    required=("name", "kpi", "target"),
    example="{'name': 'sl', 'kpi': 'service_level', 'target': 0.85}",
    fix="correct the objective as the message says",
)


def _how(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The objective's op and label, where the entry gives them (else the objective's)."""
    return {k: doc[k] for k in ("op", "label") if k in doc}


def _objective(
    c: Collector, path: Path, accumulator: Accumulator, doc: Mapping[str, Any]
) -> Objective | None:
    """The objective of ``accumulator``, its target read the KPI's way (a duration or a
    number); None when the target is refused (recorded at its key)."""
    try:
        target: Any = (
            read_offset(doc["target"])
            if accumulator.KIND == "duration"
            else number_target(doc["target"])
        )
        return Objective(doc["name"], accumulator, target, **_how(doc))
    except HookError as exc:
        c.add((*path, "target"), exc.message, exc.fix)
    except SvcQualityError as exc:
        c.add((*path, "target"), str(exc), "correct the target as the message says")
    return None


def _target_alone(c: Collector, path: Path, cls: type[Accumulator], doc: Mapping[str, Any]) -> None:
    """Check an objective's target against its KPI's defaults when its options are bad."""
    try:
        accumulator = cls()
    except (SvcQualityError, TypeError):
        # The KPI needs options to be built at all; a share's range is known without them.
        if cls.KIND == "share":
            try:
                share = number_target(doc["target"])
            except HookError as exc:
                c.add((*path, "target"), exc.message, exc.fix)
                return
            if isinstance(share, int | float | Decimal | Fraction) and not 0 <= share <= 1:
                c.add(
                    (*path, "target"),
                    f"target of objective {shown(doc['name'])}: the target must be in [0, 1], "
                    f"got {share}",
                    "write a share such as 0.85 or '85%'",
                )
        return
    _objective(c, path, accumulator, doc)


def load_scorecard(c: Collector, raw: object) -> Scorecard | None:
    if raw is None:
        return None
    objectives: list[Objective] = []
    seen: dict[str, int] = {}
    entries = list_section(c, raw, "scorecard")
    for i, path, doc in read_entries(c, entries, _OBJECTIVE, "scorecard"):
        if doc["name"] in seen:
            c.add(
                (*path, "name"),
                f"objective {shown(doc['name'])} is defined twice "
                f"(scorecard[{seen[doc['name']]}] and scorecard[{i}])",
                "give each objective its own name",
            )
            continue
        seen[doc["name"]] = i
        cls = KPIS.get(doc["kpi"])
        if cls is None:
            c.add(
                (*path, "kpi"),
                f"unknown KPI {shown(doc['kpi'])}",
                closest(doc["kpi"], KPIS, "KPIs"),
            )
            continue
        options: dict[str, object] = {}
        ok = True
        for key, value in doc.get("options", {}).items():
            if key not in cls.OPTIONS:
                ok = False
                listed = ", ".join(cls.OPTIONS) or "none"
                c.add(
                    (*path, "options", key),
                    f"{doc['kpi']} has no option {shown(key)}",
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
        objective = _objective(c, path, accumulator, doc)
        if objective is not None:
            objectives.append(objective)
    if not entries:
        c.add(("scorecard",), "no objectives", "list at least one objective")
    if not objectives or len(objectives) != len(entries):
        return None
    return Scorecard(tuple(objectives))
