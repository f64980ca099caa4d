"""Loading the promises and the catalog sections."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from svcquality._fields import did_you_mean, shown
from svcquality._types import (
    Counting,
)
from svcquality.calendars import BusinessCalendar
from svcquality.errors import (
    SvcQualityError,
)
from svcquality.escalation import (
    Tiers,
)
from svcquality.promises import (
    Catalog,
    CatalogRule,
    Extension,
    Promise,
    StatusRule,
    Target,
)
from svcquality.promises._promise import _extension_problems, _status_rule_problems
from svcquality.rulebook._docs import CatalogRuleDoc, Collector, PromiseDoc
from svcquality.rulebook._problems import EXAMPLES, Path, closest
from svcquality.rulebook._sections import (
    check_ref,
    list_section,
    raw_ref,
    read_entries_or_none,
    table_problems,
)


def promise_name(item: object) -> str | None:
    """The name a promise entry goes by (its ``name``, else its ``service``), if it is text."""
    if isinstance(item, Mapping):
        for key in ("name", "service"):
            value = item.get(key)
            if isinstance(value, str):
                return value
    return None


def load_promises(
    c: Collector, raw: object, calendars: Mapping[str, BusinessCalendar | None]
) -> dict[str, Promise | None]:
    entries = list_section(c, raw, "promises")
    names = (promise_name(item) for _, item in entries)
    out: dict[str, Promise | None] = dict.fromkeys(n for n in names if n is not None)
    where: dict[str, int] = {}
    for i, path, item, read in read_entries_or_none(c, entries, PromiseDoc, "promises"):
        if read is None:
            raw_ref(c, item, "calendar", path=path, known=calendars, what="calendars")
            continue
        doc = read
        name = doc.name or doc.service
        if name in where:
            c.add(
                (*path, "name"),
                f"promise {shown(name)} is defined twice "
                f"(promises[{where[name]}] and promises[{i}])",
                "give the second one its own name: key",
            )
            continue
        where[name] = i
        known = check_ref(c, (*path, "calendar"), doc.calendar, calendars, "calendars")
        milestones: dict[str, Target] = {}
        for m, mdoc in doc.milestones.items():
            target = _counted(c, (*path, "milestones", m), mdoc.target, mdoc.counting, repr(m))
            if target is not None:
                milestones[m] = target
        if len(milestones) != len(doc.milestones):
            continue
        extensions = _load_extensions(c, path, doc, milestones)
        if extensions is None or not _pause_reasons_ok(c, path, doc.pause_reasons):
            continue
        status_rules = _load_status_rules(c, path, doc, milestones)
        if (
            status_rules is None
            or not _repeats_ok(c, path, "repeats", doc.repeats, milestones)
            or not _repeats_ok(c, path, "replies", doc.replies, milestones, taken=doc.repeats)
        ):
            continue
        if not milestones:
            c.add((*path, "milestones"), "no milestones", f"add one, e.g. {EXAMPLES['milestones']}")
            continue
        if not known:
            continue
        calendar = None if doc.calendar is None else calendars[doc.calendar]
        if doc.calendar is not None and calendar is None:
            continue  # the calendar itself is broken and reported
        if calendar is None:
            needs = [m for m, t in milestones.items() if t.measure == "business"]
            if needs:
                c.add(
                    (*path, "calendar"),
                    f"milestone {shown(needs[0])} is measured in open time but the promise has "
                    "no calendar",
                    "name a calendar: " + closest("", list(calendars), "calendars"),
                )
                continue
        try:
            out[name] = Promise(
                doc.service,
                milestones,
                calendar=calendar,
                goal=doc.goal,
                name=name,
                extensions=extensions,
                pause_reasons=tuple(doc.pause_reasons),
                status_rules=status_rules,
                repeats=tuple(doc.repeats),
                replies=tuple(doc.replies),
            )
        except SvcQualityError as exc:
            c.add(path, str(exc), "correct the promise as the message says")
    return out


def _counted(
    c: Collector, path: Path, target: Target, counting: Counting, what: str
) -> Target | None:
    """``target`` with its ``counting`` (at ``path``), or None when the pair is reported."""
    if counting == "working_days":
        return target
    if target.kind != "working_days":
        c.add(
            (*path, "counting"),
            f"counting applies only to working-day targets, and {what} is {shown(target.format())}",
            "remove counting, or make the target a working-day period",
        )
        return None
    try:
        return Target.working_days(target.count or 0, target.cutoff, counting=counting)
    except SvcQualityError as exc:
        c.add((*path, "counting"), str(exc), "use another counting")
        return None


def _load_extensions(
    c: Collector, path: Path, doc: PromiseDoc, milestones: Mapping[str, Target]
) -> dict[str, tuple[Extension, ...]] | None:
    """The promise's extensions, or None when a problem with them is reported."""
    out: dict[str, tuple[Extension, ...]] = {}
    ok = True
    for m, docs in doc.extensions.items():
        built: list[Extension] = []
        for j, edoc in enumerate(docs):
            where = f"extension [{j}] of {shown(m)}"
            target = _counted(c, (*path, "extensions", m, j), edoc.to, edoc.counting, where)
            if target is None:
                ok = False
                continue
            built.append(
                Extension(
                    target,
                    requires_reason=edoc.requires_reason,
                    requires_approval=edoc.requires_approval,
                    requires_customer_informed=edoc.requires_customer_informed,
                )
            )
        out[m] = tuple(built)
    if not ok:
        return None
    problems = _extension_problems(milestones, out)
    for sub, problem, fix in problems:
        c.add((*path, "extensions", *sub), problem, fix)
    return None if problems else out


def _load_status_rules(
    c: Collector, path: Path, doc: PromiseDoc, milestones: Mapping[str, Target]
) -> dict[str, StatusRule] | None:
    """The promise's status rules, or None when a problem with them is reported."""
    out: dict[str, StatusRule] = {}
    ok = True
    for status, sdoc in doc.status_rules.items():
        where = (*path, "status_rules", status)
        try:
            out[status] = StatusRule(
                sdoc.action, reason=sdoc.reason, milestones=tuple(sdoc.milestones)
            )
        except SvcQualityError as exc:
            c.add(where, str(exc), "correct the rule as the message says")
            ok = False
    if not ok:
        return None
    problems = _status_rule_problems(milestones, doc.pause_reasons, out)
    for sub, problem, fix in problems:
        c.add((*path, "status_rules", *sub), problem, fix)
    return None if problems else out


def _repeats_ok(
    c: Collector,
    path: Path,
    key: str,
    names: Sequence[str],
    milestones: Mapping[str, Target],
    *,
    taken: Sequence[str] = (),
) -> bool:
    """Whether every name in ``repeats`` (or ``replies``, ``key``) is one milestone,
    listed once and not in ``taken`` (the repeats, for the replies), else reported."""
    ok = True
    known = list(milestones)
    target = "the interval" if key == "repeats" else "the reply's"
    for j, name in enumerate(names):
        if name not in milestones:
            c.add(
                (*path, key, j),
                f"there is no milestone {shown(name)}",
                f"{did_you_mean(name, known)}name one of the milestones "
                f"{', '.join(map(repr, known))}, whose target is {target}",
            )
            ok = False
        elif name in names[:j]:
            c.add((*path, key, j), f"{shown(name)} is listed twice", "remove the repeat")
            ok = False
        elif name in taken:
            c.add(
                (*path, key, j),
                f"{shown(name)} is in repeats too; a repeating milestone comes back after "
                "each Met, a reply only after a customer's message",
                "keep it in one of repeats and replies",
            )
            ok = False
    return ok


def _pause_reasons_ok(c: Collector, path: Path, reasons: Sequence[str]) -> bool:
    ok = True
    for j, reason in enumerate(reasons):
        if not reason.strip():
            c.add(
                (*path, "pause_reasons", j),
                "an empty reason",
                "write the reason a pause may give, such as 'external_appraisal'",
            )
            ok = False
        elif reason in reasons[:j]:
            at = (*path, "pause_reasons", j)
            c.add(at, f"{shown(reason)} is listed twice", "remove the repeat")
            ok = False
    return ok


def load_catalog(
    c: Collector,
    raw: object,
    *,
    promises: Mapping[str, Promise | None],
    calendars: Mapping[str, BusinessCalendar | None],
    tiers: Tiers | None,
) -> Catalog | None:
    if raw is None:
        return None
    rules: list[CatalogRule] = []
    entries = list_section(c, raw, "catalog")
    last: CatalogRule | None = None  # the last entry's rule, to check it is the default
    for i, path, item, doc in read_entries_or_none(c, entries, CatalogRuleDoc, "catalog"):
        if doc is None:
            raw_ref(c, item, "promise", path=path, known=promises, what="promises")
            raw_ref(c, item, "calendar", path=path, known=calendars, what="calendars")
            continue
        try:
            rule = CatalogRule(
                doc.promise,
                doc.when,
                doc.calendar,
                doc.name,
                amount_min=doc.amount_min,
                amount_max=doc.amount_max,
                calendar_from=doc.calendar_from,
                in_force_from=doc.in_force_from,
                applies_to_open=doc.applies_to_open,
            )
        except SvcQualityError as exc:
            c.add(path, str(exc), "correct the rule as the message says")
            continue
        if i == len(entries) - 1:
            last = rule
        ok = check_ref(c, (*path, "promise"), doc.promise, promises, "promises")
        ok &= check_ref(c, (*path, "calendar"), doc.calendar, calendars, "calendars")
        if tiers is not None:
            for code in doc.when.get("severity", ()):
                if code not in tiers:
                    ok = False
                    codes = [level.code for level in tiers.levels]
                    c.add(
                        (*path, "when", "severity"),
                        f"unknown severity {shown(code)}",
                        closest(code, codes, "severities"),
                    )
        if ok:
            rules.append(rule)
    if not table_problems(
        c,
        "catalog",
        rules,
        entries,
        last,
        show=lambda rule: f"({rule.describe()})",
        empty=("the catalog has no rules", "end it with a default: [{'promise': ...}]"),
        last_at=("when",),
        last_fix="end the catalog with a default rule: {'promise': ...} with no 'when'",
    ):
        return None
    if c.problems or any(v is None for v in promises.values()):
        return None
    try:
        make: Callable[..., Catalog] = Catalog  # attrs converters confuse mypy here
        return make(
            rules,
            {k: v for k, v in promises.items() if v is not None},
            {k: v for k, v in calendars.items() if v is not None},
        )
    except SvcQualityError as exc:  # versions out of order or sharing an instant
        c.add(("catalog",), str(exc), "correct the catalog as the message says")
        return None
