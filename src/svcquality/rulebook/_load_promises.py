"""Loading the promises and the catalog sections."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NewType

import attrs
from cattrs.gen import override

from svcquality._fields import did_you_mean, shown
from svcquality._types import Counting
from svcquality.calendars import BusinessCalendar
from svcquality.errors import SvcQualityError
from svcquality.promises import Catalog, CatalogRule, Extension, Promise, StatusRule, Target
from svcquality.promises._catalog import version_problems
from svcquality.promises._promise import _extension_problems, _status_rule_problems
from svcquality.rulebook._converter import (
    Collector,
    field,
    keyed_hook,
    known_name,
    known_names,
    model_hook,
    ref,
    register,
)
from svcquality.rulebook._hooks import Amount, Name, Names, Share, read_when
from svcquality.rulebook._problems import EXAMPLES, Below, HookError, NestedError, closest
from svcquality.rulebook._sections import list_section, read_entries, read_table

# --------------------------------------------------------------------------- promises

#: A milestone's target: ``'4h'``, or ``{'target': '5个工作日', 'counting': 'calendar_days'}``.
Milestone = NewType("Milestone", Target)


def _counted(target: Target, counting: Counting = "working_days") -> Target:
    """``target`` counted the ``counting`` way (a problem at ``counting`` if it cannot be)."""
    if counting == "working_days":
        return target
    try:
        if target.kind != "working_days":
            raise HookError(
                "counting applies only to working-day targets, and the target "
                f"{shown(target.format())} is not one",
                "remove counting, or make the target a working-day period",
            )
        try:
            return Target.working_days(target.count or 0, target.cutoff, counting=counting)
        except SvcQualityError as exc:
            raise HookError(str(exc), "use another counting") from None
    except HookError as exc:
        raise NestedError([("counting", exc)]) from None


_MILESTONE = keyed_hook(
    {"target": Target, "counting": Counting},
    _counted,
    required=("target",),
    example="{'target': '5个工作日', 'counting': 'calendar_days'} or '4h'",
    fix="correct the milestone as the message says",
)
register(
    Milestone, lambda value: _MILESTONE({"target": value} if isinstance(value, str) else value)
)


def _extension(to: Target, counting: Counting = "working_days", **flags: Any) -> Extension:
    return Extension(_counted(to, counting), **flags)


# An extension's keys are its attributes and the counting of its target.
_EXTENSION = keyed_hook(
    {
        **{a.name: a.type for a in attrs.fields(attrs.resolve_types(Extension))},
        "counting": Counting,
    },
    _extension,
    required=("to",),
    example="{'to': '30 working days', 'requires_reason': true}",
    fix="correct the extension as the message says",
)
register(Extension, _EXTENSION)

_STATUS_RULE = model_hook(
    StatusRule,
    example="{'action': 'pause', 'reason': 'awaiting_customer'} or 'resume'",
    fix="correct the rule as the message says",
)
register(
    StatusRule,
    lambda value: _STATUS_RULE({"action": value} if isinstance(value, str) else value),
)


def _listed(
    key: str, names: Sequence[str], known: Sequence[str] | None = None
) -> list[tuple[Below, BaseException]]:
    """The problems of a list of names (pause reasons, or milestones when ``known``):
    an empty one, one listed twice, one ``known`` does not hold. The promise refuses
    them too, at the first; these say at which index."""
    out: list[tuple[Below, BaseException]] = []
    for j, name in enumerate(names):
        if known is None and not name.strip():
            problem = HookError(
                "an empty reason", "write the reason a pause may give, such as 'external_appraisal'"
            )
        elif known is not None and name not in known:
            whose = "the interval" if key == "repeats" else "the reply's"
            problem = HookError(
                f"there is no milestone {shown(name)}",
                f"{did_you_mean(name, known)}name one of the milestones "
                f"{', '.join(map(repr, known))}, whose target is {whose}",
            )
        elif name in names[:j]:
            problem = HookError(f"{shown(name)} is listed twice", "remove the repeat")
        else:
            continue
        out.append(((key, j), problem))
    return out


def _promise_problems(kw: Mapping[str, Any]) -> list[tuple[Below, BaseException]]:
    """The problems a promise's constructor would raise one at a time, at their keys."""
    milestones: dict[str, Target] = kw["milestones"]
    known = list(milestones)
    reasons: list[str] = kw.get("pause_reasons", [])
    repeats: list[str] = kw.get("repeats", [])
    problems = [
        *_listed("pause_reasons", reasons),
        *(
            (("extensions", *sub), HookError(problem, fix))
            for sub, problem, fix in _extension_problems(milestones, kw.get("extensions", {}))
        ),
        *(
            (("status_rules", *sub), HookError(problem, fix))
            for sub, problem, fix in _status_rule_problems(
                milestones, reasons, kw.get("status_rules", {})
            )
        ),
        *_listed("repeats", repeats, known),
        *_listed("replies", kw.get("replies", []), known),
    ]
    problems.extend(
        (
            ("replies", j),
            HookError(
                f"{shown(name)} is in repeats too; a repeating milestone comes back after each "
                "Met, a reply only after a customer's message",
                "keep it in one of repeats and replies",
            ),
        )
        for j, name in enumerate(kw.get("replies", []))
        if name in repeats and name in milestones
    )
    if not milestones:
        problems.append(
            ("milestones", HookError("no milestones", f"add one, e.g. {EXAMPLES['milestones']}"))
        )
    needs = [m for m, t in milestones.items() if t.measure == "business"]
    if kw.get("calendar") is None and needs:
        problems.append(
            (
                "calendar",
                HookError(
                    f"milestone {shown(needs[0])} is measured in open time but the promise "
                    "has no calendar",
                    "name a calendar: " + closest("", known_names("calendars") or (), "calendars"),
                ),
            )
        )
    return problems


_PROMISE = model_hook(
    Promise,
    problems=_promise_problems,
    example="{'service': 'loss_report', 'milestones': {'respond': '1h'}}",
    fix="correct the promise as the message says",
    service=field(Name),
    milestones=field(dict[str, Milestone]),
    goal=field(Share),
    name=field(Name | None),
)


def promise_name(item: object) -> str | None:
    """The name a promise entry goes by (its ``name``, else its ``service``), if it is text."""
    if isinstance(item, Mapping):
        for key in ("name", "service"):
            value = item.get(key)
            if isinstance(value, str):
                return value
    return None


def load_promises(c: Collector, raw: object) -> dict[str, Promise | None]:
    entries = list_section(c, raw, "promises")
    names = (promise_name(item) for _, item in entries)
    out: dict[str, Promise | None] = dict.fromkeys(n for n in names if n is not None)
    where: dict[str, int] = {}
    for i, path, promise in read_entries(c, entries, _PROMISE, "promises"):
        if promise.name in where:
            c.add(
                (*path, "name"),
                f"promise {shown(promise.name)} is defined twice "
                f"(promises[{where[promise.name]}] and promises[{i}])",
                "give the second one its own name: key",
            )
            continue
        where[promise.name] = i
        out[promise.name] = promise
    return out


# --------------------------------------------------------------------------- catalog


def _when(value: object, _: object = None) -> dict[str, tuple[str, ...]]:
    """A rule's conditions, its severities levels the rulebook's tiers define."""
    when = read_when(value)
    problems: list[tuple[Below, BaseException]] = []
    for code in when.get("severity", ()):
        try:
            known_name(code, "severities")
        except HookError as exc:  # noqa: PERF203 - each unknown level is a problem
            problems.append(("severity", exc))
    if problems:
        raise NestedError(problems)
    return when


_CATALOG_RULE = model_hook(
    CatalogRule,
    example="{'when': {'service': 'loss_report'}, 'promise': 'loss_report'}",
    fix="correct the rule as the message says",
    promise=ref("promises"),
    when=override(struct_hook=_when),
    calendar=ref("calendars"),
    amount_min=field(Amount | None),
    amount_max=field(Amount | None),
    calendar_from=field(Names | None),
)


def load_catalog(
    c: Collector,
    raw: object,
    promises: Mapping[str, Promise | None],
    calendars: Mapping[str, BusinessCalendar | None],
) -> Catalog | None:
    rules = read_table(
        c,
        raw,
        "catalog",
        _CATALOG_RULE,
        show=lambda rule: f"({rule.describe()})",
        empty=("the catalog has no rules", "end it with a default: [{'promise': ...}]"),
        last_at=("when",),
        last_fix="end the catalog with a default rule: {'promise': ...} with no 'when'",
    )
    if rules is None:
        return None
    versions = version_problems(rules)  # each at its entry, as the Catalog words it
    for i, problem, fix, _ in versions:
        c.add(("catalog", i), problem, fix)
    if versions or any(v is None for v in promises.values()):
        return None
    make: Callable[..., Catalog] = Catalog  # attrs converters confuse mypy here
    return c.build(
        ("catalog",),
        "correct the catalog as the message says",
        lambda: make(
            rules,
            {k: v for k, v in promises.items() if v is not None},
            {k: v for k, v in calendars.items() if v is not None},
        ),
    )
