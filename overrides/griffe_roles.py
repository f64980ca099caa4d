"""A griffe extension for the reference pages: Sphinx roles become cross-references.

The docstrings name other objects the Sphinx way (``:class:`Decision```,
``:meth:`BusinessCalendar.weekly```, ``:func:`~svcquality.read_clock```), which reads
well in an editor and in ``help()``. mkdocstrings does not know those roles and
printed them raw. This rewrites each role, when the package is loaded, into an
optional autorefs cross-reference: the name is resolved in the docstring's own scope
(the imports of its module, the members of its class), and the reference links to
the object's entry wherever a reference page shows it. A target no page shows (a
private helper, a builtin such as ``ValueError``) stays plain code, with no warning,
so a docstring never has to know which objects the site documents.

``~`` keeps the last part of the name only, as in Sphinx; functions and methods get
``()``. A paragraph ending in reST's ``::`` before an indented example ends in one
colon (the example is a code block in Markdown as it is).
"""

from __future__ import annotations

import contextlib
import html
import re
from typing import Any

from griffe import (
    AliasResolutionError,
    CyclicAliasError,
    Extension,
    Module,
    NameResolutionError,
    Object,
)

ROLE = re.compile(
    r":(?:py:)?(?P<role>class|meth|func|attr|mod|obj|exc|data|const):`(?P<target>[^`]+)`"
)
CALLABLE = {"meth", "func"}
# reST's "text::" before an indented block: the block is code in Markdown too, and the
# paragraph ends with one colon
LITERAL = re.compile(r"(\S)::(?=\n\s*\n[ \t])")


def _public_index(pkg: Module) -> dict[str, str]:
    """Each public name of the package's modules -> its path (first found wins)."""
    index: dict[str, str] = {}
    modules = [pkg]
    while modules:
        module = modules.pop(0)
        for name, member in module.members.items():
            if name.startswith("_"):
                continue
            index.setdefault(name, member.path)
            if not member.is_alias and member.is_module:
                modules.append(member)  # type: ignore[arg-type]
    return index


def _resolve(obj: Object, target: str, index: dict[str, str]) -> str:
    head, _, rest = target.partition(".")
    if head == obj.package.name:
        return target
    try:
        path = obj.resolve(head)
    except NameResolutionError:
        path = index.get(head, head)
    # where the object is defined: the reference pages register that path too, so it
    # links whichever public name a page shows the object under
    with contextlib.suppress(KeyError, ValueError, AliasResolutionError, CyclicAliasError):
        path = obj.modules_collection[path].canonical_path
    return f"{path}.{rest}" if rest else path


def _rewrite(obj: Object, text: str, index: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        role, target = match["role"], match["target"].strip()
        short = target.startswith("~")
        target = target.lstrip("~.")
        title = target.rsplit(".", 1)[-1] if short else target
        if role in CALLABLE:
            title += "()"
        code = f"<code>{html.escape(title)}</code>"
        private = any(part.startswith("_") for part in target.split("."))
        if private:
            return code
        identifier = _resolve(obj, target, index)
        return f'<autoref identifier="{html.escape(identifier)}" optional>{code}</autoref>'

    return LITERAL.sub(r"\1:", ROLE.sub(one, text))


def _walk(obj: Object, index: dict[str, str], seen: set[str]) -> None:
    if obj.path in seen:
        return
    seen.add(obj.path)
    if obj.docstring is not None:
        obj.docstring.value = _rewrite(obj, obj.docstring.value, index)
    for member in obj.members.values():
        if not member.is_alias:
            _walk(member, index, seen)  # type: ignore[arg-type]


class SphinxRoles(Extension):
    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        _walk(pkg, _public_index(pkg), set())
