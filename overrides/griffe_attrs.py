"""A griffe extension for the reference pages: attrs classes get their signature.

griffe reads source without running it, and knows dataclasses but not attrs, so
``@attrs.frozen class Opened: at: datetime = attrs.field(validator=_aware)``
showed as ``Opened()`` with the field's value ``attrs.field(validator=_aware)``
(a private name). This builds ``__init__`` from the fields the way attrs does
(in order, parents first; ``init=False`` left out; a leading underscore dropped
from the argument name; ``kw_only``) and shows each field's default as its value.
A value computed by a private helper (``KPIS = _kpis()``) is not shown.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import (
    Attribute,
    Class,
    Expr,
    ExprCall,
    Extension,
    Function,
    Module,
    Parameter,
    ParameterKind,
    Parameters,
)

DECORATORS = {
    "attrs.frozen",
    "attrs.define",
    "attrs.mutable",
    "attr.s",
    "attr.attrs",
    "attr.frozen",
    "attr.define",
}
FIELDS = {"attrs.field", "attr.ib", "attr.attrib", "attr.field"}


def _call_args(expr: object) -> dict[str, Any]:
    if isinstance(expr, ExprCall):
        return {a.name: a.value for a in expr.arguments if hasattr(a, "name")}
    return {}


def _attrs_decorator(cls: Class) -> Expr | str | None:
    for decorator in cls.decorators:
        value = decorator.value
        path = value.function.canonical_path if isinstance(value, ExprCall) else None
        if path is None and isinstance(value, Expr):
            path = value.canonical_path
        if path in DECORATORS:
            return value
    return None


def _fields(cls: Class) -> list[tuple[Attribute, dict[str, Any]]]:
    out = []
    for member in cls.members.values():
        if member.is_alias or not member.is_attribute or member.annotation is None:
            continue
        if "property" in member.labels:
            continue
        annotation = str(member.annotation)
        if annotation.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = member.value
        field = (
            _call_args(value)
            if isinstance(value, ExprCall) and value.function.canonical_path in FIELDS
            else None
        )
        out.append((member, field if field is not None else {"default": value}))
    return out


def _parameters(cls: Class) -> list[Parameter]:
    kw_only_class = _call_args(_attrs_decorator(cls)).get("kw_only") == "True"
    params = []
    for member, field in _fields(cls):
        if field.get("init") == "False":
            continue
        if "factory" in field:
            default: Any = ExprCall(function=field["factory"], arguments=[])
        else:
            default = field.get("default")
        kind = (
            ParameterKind.keyword_only
            if kw_only_class or field.get("kw_only") == "True"
            else ParameterKind.positional_or_keyword
        )
        name = field.get("alias", "").strip("'\"") or member.name.lstrip("_")
        params.append(
            Parameter(
                name,
                annotation=member.annotation,
                kind=kind,
                default=default,
                docstring=member.docstring,
            )
        )
        # the field shows its default, not the attrs.field(...) call behind it
        member.value = default
    return params


PRIVATE = re.compile(r"(?<![\w.])_[A-Za-z]\w*")


def _apply(obj: Module | Class, seen: set[str]) -> None:
    if obj.path in seen:
        return
    seen.add(obj.path)
    for member in list(obj.members.values()):
        if not member.is_alias and member.is_attribute and PRIVATE.search(str(member.value)):
            member.value = None  # a value computed by a private helper says nothing
        if not member.is_alias and (member.is_module or member.is_class):
            _apply(member, seen)  # type: ignore[arg-type]
    if not isinstance(obj, Class) or _attrs_decorator(obj) is None:
        return
    own = _parameters(obj)
    if "__init__" in obj.members:
        return
    inherited: list[Parameter] = []
    try:
        mro = obj.mro()
    except ValueError:
        mro = []
    for parent in reversed(mro):
        if _attrs_decorator(parent) is not None:
            inherited.extend(_parameters(parent))
    names = {p.name for p in own}
    params = [p for p in inherited if p.name not in names] + own
    params = [p for p in params if p.kind is not ParameterKind.keyword_only] + [
        p for p in params if p.kind is ParameterKind.keyword_only
    ]
    obj.set_member(
        "__init__",
        Function(
            "__init__",
            lineno=0,
            endlineno=0,
            parent=obj,
            parameters=Parameters(
                Parameter("self", kind=ParameterKind.positional_or_keyword), *params
            ),
            returns="None",
        ),
    )


class AttrsSignatures(Extension):
    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        _apply(pkg, set())
