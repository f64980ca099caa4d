"""Loading the ladders and the routing sections."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from svcquality.escalation import Ladder, Step
from svcquality.promises import Promise
from svcquality.routing import RoutingRule, RoutingRules
from svcquality.rulebook._converter import (
    Collector,
    context,
    field,
    known_name,
    model_hook,
    ref,
    register,
)
from svcquality.rulebook._hooks import ActionT, Amount, Name, Names, TriggerT
from svcquality.rulebook._load_promises import promise_name
from svcquality.rulebook._sections import (
    list_section,
    mapping_section,
    read_entries,
    read_table,
)

# --------------------------------------------------------------------------- ladders

register(
    Step,
    model_hook(
        Step,
        example="{'trigger': '80% consumed', 'action': {'notify': 'supervisor'}}",
        fix="correct the step as the message says",
        trigger=field(TriggerT),
        action=field(ActionT),
    ),
)
_LADDER = model_hook(
    Ladder,
    example="{'milestone': 'resolve', 'steps': [{'trigger': 'on breach', 'action': ...}]}",
    fix="remove the repeated step",
    at="steps",  # what a ladder itself refuses is a step that repeats another
    milestone=ref("milestones"),
)


def _promise_ref(value: object) -> str:
    return known_name(value, "promises")


def load_ladders(
    c: Collector,
    raw: object,
    promises: Mapping[str, Promise | None],
    raw_milestones: Mapping[str, tuple[str, ...]],
) -> dict[str, tuple[Ladder, ...]]:
    out: dict[str, tuple[Ladder, ...]] = {}
    for pname, group in mapping_section(c, raw, "ladders"):
        # A ladder of an unknown promise is still read, so its own problems are reported too.
        known = c.structure(pname, _promise_ref, ("ladders", pname)) is not None
        promise = promises.get(pname)
        milestones = promise.milestones if promise is not None else raw_milestones.get(pname)
        # Note: a group that is not a list is reported at "ladders", not "ladders.<promise>".
        entries = list_section(c, group, "ladders")
        with context(promise=pname, milestones=None if milestones is None else list(milestones)):
            ladders = tuple(
                ladder for _, _, ladder in read_entries(c, entries, _LADDER, "ladders", pname)
            )
        if known and len(ladders) == len(entries):
            out[pname] = ladders
    return out


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


# --------------------------------------------------------------------------- routing


def _routing_hook(to: object) -> Callable[[object], RoutingRule]:
    return model_hook(
        RoutingRule,
        example="{'to': 'card_centre', 'service': 'card_points'}",
        fix="correct the rule as the message says",
        to=to,
        service=field(Names),
        channel=field(Names),
        customer_tier=field(Names),
        language=field(Names),
        branch=field(Names),
        amount_min=field(Amount | None),
        amount_max=field(Amount | None),
    )


#: A rule's ``to`` is a unit or a role by the rule's ``kind``; with a kind that is
#: not one, it is a name (the kind is reported).
_ROUTES = {"unit": _routing_hook(ref("units")), "role": _routing_hook(ref("roles"))}
_ROUTE_ANY = _routing_hook(field(Name))


def _routing_rule(value: object) -> RoutingRule:
    kind = value.get("kind", "unit") if isinstance(value, Mapping) else None
    hook = _ROUTES.get(kind) if isinstance(kind, str) else None
    return (hook or _ROUTE_ANY)(value)


def load_routing(c: Collector, raw: object) -> RoutingRules | None:
    rules = read_table(
        c,
        raw,
        "routing",
        _routing_rule,
        show=lambda rule: rule.label,
        empty=("no routing rules", "end them with a default: [{'to': 'front_desk'}]"),
        last_at=(),
        last_fix="end the rules with a default such as {'to': 'front_desk'}",
    )
    if rules is None:
        return None
    return c.build(
        ("routing",), "correct the rules as the message says", lambda: RoutingRules(rules)
    )
