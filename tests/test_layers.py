"""The house drawn from the imports: layers only import downwards, and private names
cross from one part of the library to another only through the documented facets.

The layers and the facets are the ones docs/contributing.md describes; a change
that needs a new arrow or a new facet changes that page and this test together.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "svcquality"

#: The layers, lowest first: a module may import its own layer and those below.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "_types", "_instants"),
    ("_fields", "_money", "_ordered", "_conditions", "_logs", "_optional"),
    ("calendars",),
    ("promises", "durations", "_regulatory"),
    ("clock", "_clock_columns"),
    ("escalation", "explain", "kpi", "staffing"),
    ("routing", "feedback", "authority"),
    ("request",),
    ("rulebook", "presets"),
    ("testing", "_assertions", "pytest_plugin"),
)
LAYER = {part: i for i, parts in enumerate(LAYERS) for part in parts}

#: Private names one part of the library may use from another, and why.
FACETS: dict[str, str] = {
    "_micros": "the calendar's integer-microsecond facet (calendars._arithmetic.Micros)",
    "_columns": "the calendar's column forms (calendars._columns), which the column clock reuses",
    "_module_of": "the column adapters' reading of which library a column comes from "
    "(calendars._adapters, re-exported by calendars._columns)",
    "_arrow_to_numpy": "the column adapters' conversion of an Arrow column (the same way)",
    "_local_date": "the calendar's reading of a date or an instant as its local date",
    "_unknown": "a promise's message for a milestone it does not have",
    "_extension_problems": "a promise's own check of its extensions, which the rulebook reports",
    "_status_rule_problems": "a promise's own check of its status rules, for the rulebook",
    "_tier_problems": "the tiers' own check of repeated codes and ranks, for the rulebook",
    "_due_and_next": "escalation's due actions and next instant from one evaluation, "
    "for read_request",
}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        yield ".".join(parts), ast.parse(path.read_text(encoding="utf-8"))


def _part(dotted: str) -> str:
    """The part of the library a module belongs to: ``clock._measure`` -> ``clock``."""
    return dotted.split(".", maxsplit=1)[0]


def _imports(tree: ast.Module) -> Iterator[tuple[str, tuple[str, ...]]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "svcquality" or node.module.startswith("svcquality."):
                yield (
                    node.module.removeprefix("svcquality").lstrip("."),
                    tuple(a.name for a in node.names),
                )
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("svcquality."):
                    yield alias.name.removeprefix("svcquality."), ()


MODULES = dict(_modules())


def test_every_part_has_a_layer() -> None:
    parts = {_part(m) for m in MODULES} - {"__init__"}
    assert parts <= set(LAYER), f"parts without a layer: {sorted(parts - set(LAYER))}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _part(m) != "__init__"))
def test_imports_only_go_down(module: str) -> None:
    here = _part(module)
    upward = [
        target
        for target, _ in _imports(MODULES[module])
        if target and _part(target) != here and LAYER[_part(target)] > LAYER[here]
    ]
    assert not upward, f"{module} imports from a higher layer: {upward}"


def _defined_private(parts: set[str]) -> set[str]:
    """Private names defined in these parts: functions, methods, classes, attributes."""
    names: set[str] = set()
    for module, tree in MODULES.items():
        if _part(module) not in parts:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.add(node.value)  # object.__setattr__(self, "_bounds", ...) and slots
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


@pytest.mark.parametrize("part", sorted({_part(m) for m in MODULES} - {"__init__"}))
def test_private_names_cross_parts_only_through_the_facets(part: str) -> None:
    own = _defined_private({part})
    used: dict[str, str] = {}
    for module, tree in MODULES.items():
        if _part(module) != part:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"})
            ):
                used.setdefault(node.attr, module)
        for target, names in _imports(tree):
            if target and _part(target) != part:
                for name in names:
                    if name.startswith("_"):
                        used.setdefault(name, module)
    foreign = {
        name: module
        for name, module in used.items()
        if name not in own and name not in FACETS and name in _defined_private(set(LAYER))
    }
    assert not foreign, f"private names from other parts, outside the facets: {foreign}"


def test_each_facet_is_used() -> None:
    """A facet nobody uses any more leaves this list (and the contributing page)."""
    used = {
        node.attr if isinstance(node, ast.Attribute) else node.name
        for tree in MODULES.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute | ast.alias)
    }
    assert set(FACETS) <= used, sorted(set(FACETS) - used)
