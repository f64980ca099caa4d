"""The converter: cattrs structure hooks that build the models from plain data.

A model (a promise, a catalog rule, a ladder step...) is structured by cattrs
straight from its entry: the model's own attributes are the entry's keys, each
read by the hook of its plain type, and the model's constructor (with its
validators and converters) is the only check of the entry as a whole. The
hooks here add what plain data needs and a model does not: a mapping with text
keys, unknown keys reported with a did-you-mean, every problem kept with its
path. A model's :class:`~svcquality.SvcQualityError` becomes a problem at the
entry's path.

Names that refer to other sections (a promise's calendar, a step's calendar, a
step action's role or unit, a ladder's milestone) are resolved by the hooks of
their fields against the :class:`Context` of the load under way, so an unknown
name is one more problem of its entry, reported in the same pass as the rest.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from datetime import date, datetime, tzinfo
from typing import Any, Literal, NewType, TypeVar, get_origin

import attrs
import cattrs
from cattrs.errors import ClassValidationError
from cattrs.gen import make_dict_structure_fn_from_attrs, override

from svcquality._fields import shown
from svcquality.authority import Money
from svcquality.calendars import BusinessCalendar, HolidaySource, WeeklyHours
from svcquality.errors import RulebookProblem, SvcQualityError
from svcquality.promises import Target
from svcquality.rulebook._grammars import parse_action, parse_trigger
from svcquality.rulebook._hooks import (
    ActionT,
    Amount,
    Conditions,
    Name,
    Names,
    Share,
    TriggerT,
    When,
    Windows,
    Years,
    dict_hook,
    list_hook,
    literal_hook,
    read_amount,
    read_bool,
    read_conditions,
    read_date,
    read_float,
    read_holidays,
    read_hours,
    read_instant,
    read_int,
    read_money,
    read_name,
    read_names,
    read_share,
    read_target,
    read_text,
    read_when,
    read_windows,
    read_years,
    read_zone,
)
from svcquality.rulebook._problems import (
    KEY_SHOWN,
    MISSING,
    Below,
    HookError,
    NestedError,
    Path,
    ReportedError,
    closest,
    hint,
    kind_of,
    path_text,
    problem_texts,
    problems_of,
    value_at,
)

_T = TypeVar("_T")

# --------------------------------------------------------------------------- context


@attrs.frozen
class Context:
    """What the entries of a load may name: the sections read before them.

    Attributes:
        calendars: calendar name → calendar; None for one whose problems are reported.
        promise: the promise whose ladders are read (its milestones are ``names``').
        names: what (``"roles"``, ``"units"``, ``"promises"``, ``"severities"``,
            ``"milestones"``...) → the names the rulebook defines; what is absent,
            or None, is not checked.
    """

    calendars: Mapping[str, BusinessCalendar | None] = attrs.field(factory=dict)
    names: Mapping[str, Collection[str] | None] = attrs.field(factory=dict)
    promise: str = ""


_CONTEXT: ContextVar[Context] = ContextVar("svcquality_rulebook_context")
_NO_CONTEXT = Context()  # outside a load: nothing is checked


@contextmanager
def context(
    objects: Mapping[str, BusinessCalendar | None] | None = None,
    promise: str | None = None,
    **names: Collection[str] | None,
) -> Iterator[None]:
    """Read the entries inside the ``with`` block against these calendars (``objects``)
    and names (added to the context of the block around it)."""
    now = _CONTEXT.get(_NO_CONTEXT)
    if objects is not None:
        names = {"calendars": list(objects), **names}
    token = _CONTEXT.set(
        Context(
            now.calendars if objects is None else objects,
            {**now.names, **names},
            now.promise if promise is None else promise,
        )
    )
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def known_name(value: object, what: str, word: str | None = None) -> str:
    """``value`` read as a name, one of the ``what`` the rulebook defines (called
    ``word`` in messages; ``what`` by default)."""
    name = read_name(value)
    ctx = _CONTEXT.get(_NO_CONTEXT)
    known = ctx.names.get(what)
    if known is None or name in known:
        return name
    word = word or what
    if word == "milestones":
        message = f"promise {shown(ctx.promise)} has no milestone {shown(name)}"
    else:
        message = f"unknown {_ONE.get(word, word.removesuffix('s'))} {shown(name)}"
    raise HookError(message, closest(name, known, word))


_ONE = {"severities": "severity"}

#: A role the rulebook's ``roles`` define.
Role = NewType("Role", str)


def known_names(what: str) -> Collection[str] | None:
    """The ``what`` the rulebook defines, or None (not checked)."""
    return _CONTEXT.get(_NO_CONTEXT).names.get(what)


def ref(what: str, word: str | None = None) -> Any:
    """An attribute that names one of the ``what`` (a cattrs override); None is none."""
    return override(
        struct_hook=lambda value, _: None if value is None else known_name(value, what, word)
    )


def read_calendar(value: object, _: object = None) -> BusinessCalendar:
    """A calendar named by the entry, from the rulebook's ``calendars``."""
    calendar = _CONTEXT.get(_NO_CONTEXT).calendars.get(known_name(value, "calendars"))
    if calendar is None:
        raise ReportedError  # the calendar itself is broken, and reported
    return calendar


def unchecked() -> AbstractContextManager[None]:
    """A block where names are read as names, not checked against the rulebook's."""
    return context(**dict.fromkeys(_CONTEXT.get(_NO_CONTEXT).names))


def _read_role(value: object, _: object = None) -> str:
    return known_name(value, "roles")


def read_action(value: object, _: object = None) -> object:
    """A step's action, its role or unit one the rulebook defines."""
    action = parse_action(value)
    role, unit = getattr(action, "role", None), getattr(action, "unit", None)
    if isinstance(role, str):
        known_name(role, "roles")
    elif isinstance(unit, str):
        known_name(unit, "units")
    return action


# --------------------------------------------------------------------------- converter


def _is_calendar(tp: Any) -> bool:
    return tp is BusinessCalendar


def _is_literal(tp: Any) -> bool:
    return get_origin(tp) is Literal


def _is_list(tp: Any) -> bool:
    return get_origin(tp) in (list, tuple)


def _is_dict(tp: Any) -> bool:
    return get_origin(tp) is dict


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True)
    for tp, fn in (
        (str, read_text),
        (int, read_int),
        (float, read_float),
        (Name, read_name),
        (Share, read_share),
        (Target, read_target),
        (WeeklyHours, read_hours),
        (tzinfo, read_zone),
        (HolidaySource, read_holidays),
        (date, read_date),
        (datetime, read_instant),
        (Windows, read_windows),
        (Years, read_years),
        (TriggerT, parse_trigger),
        (ActionT, read_action),
        (When, read_when),
        (Names, read_names),
        (Amount, read_amount),
        (bool, read_bool),
        (Money, read_money),
        (Conditions, read_conditions),
        (Role, _read_role),
    ):
        conv.register_structure_hook(tp, fn)
    # By identity: registering an attrs class by class would resolve its attributes' types.
    conv.register_structure_hook_func(_is_calendar, read_calendar)
    conv.register_structure_hook_factory(_is_literal, literal_hook)
    conv.register_structure_hook_factory(_is_list, lambda t: list_hook(t, conv))
    conv.register_structure_hook_factory(_is_dict, lambda t: dict_hook(t, conv))
    return conv


CONVERTER = _converter()


def field(tp: Any) -> Any:
    """An attribute read as the plain type ``tp`` (a name, names, an amount...), not as
    the model's own attribute type (a cattrs override)."""
    read = CONVERTER.get_structure_hook(tp)
    return override(struct_hook=lambda value, _: read(value, tp))


def _entry(value: object, example: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise HookError(f"expected a mapping, got {kind_of(value)}", f"write {example}")
    bad = [k for k in value if not isinstance(k, str)]
    if bad:
        raise HookError(f"keys must be text, got {shown(bad[0])}", "write every key as text")
    return value


def _unknown(value: Mapping[str, object], keys: Sequence[str]) -> list[tuple[Below, BaseException]]:
    return [
        (
            extra,
            HookError(
                f"unknown key {shown(extra, KEY_SHOWN)}",
                f"{hint(extra, keys)}the keys here are {', '.join(keys)}",
            ),
        )
        for extra in sorted(k for k in value if k not in keys)
    ]


def _built(
    make: Callable[[], _T],
    value: Mapping[str, object],
    keys: Sequence[str],
    fix: str,
    at: Below = None,
) -> _T:
    """``make()``, its problems and the entry's unknown keys raised together.

    A model's own refusal (a :class:`SvcQualityError`) is a problem of the entry as a
    whole (or of its key ``at``), with ``fix``; it is not reported beside an unknown
    key, which may be the key the model missed.
    """
    unknown = _unknown(value, keys)
    errors: list[tuple[Below, BaseException]] = []
    try:
        built = make()
    except Exception as exc:  # the fields' problems, each at its key, or the model's
        refused = _refusal(exc)
        if not isinstance(refused, SvcQualityError):
            errors.append((None, refused))
        elif not unknown:
            errors.append((at, HookError(str(refused), fix)))
    if errors or unknown:
        raise NestedError([*errors, *unknown])
    return built


def _refusal(exc: Exception) -> BaseException:
    """What the model (or the builder) raised, out of the group cattrs puts it in."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        if not with_notes and len(without) == 1:
            return without[0]
    return exc


def model_hook(
    cls: type[Any],
    *,
    example: str,
    fix: str,
    build: Callable[..., Any] | None = None,
    problems: Callable[[Mapping[str, Any]], list[tuple[Below, BaseException]]] | None = None,
    omit: Sequence[str] = (),
    checked: Mapping[str, str] | None = None,
    at: Below = None,
    **overrides: Any,
) -> Callable[[object], Any]:
    """The hook that structures ``cls`` from a mapping of its attributes.

    Args:
        cls: the model; its attributes (but ``omit``) are the entry's keys.
        example: an entry, for the fix of a value that is not a mapping.
        fix: the fix of the model's own refusal; ``at`` is the key it is about
            (None: the entry).
        build: what makes the value from the structured attributes (default
            ``cls``), for a section that adds what the entry's key says.
        problems: the problems, each with its key, of the structured attributes
            that the model refuses one at a time with no key (a name listed twice,
            an extension that gives no more time); raised all at once before the
            model is built.
        omit: attributes that are not keys (the name of a keyed entry).
        checked: attribute → fix, for attributes whose converter runs on the value
            alone, so what it refuses is a problem at the attribute's key.
        overrides: cattrs overrides of attributes, e.g. ``field(Names)``.
    """
    attributes = [
        a for a in attrs.fields(attrs.resolve_types(cls)) if a.init and a.name not in omit
    ]
    keys = [a.alias or a.name for a in attributes]
    for a in attributes:
        if checked and a.name in checked:
            overrides[a.name] = _checked(a, overrides.get(a.name), checked[a.name])
    make = build or cls

    def checked_first(**kw: Any) -> Any:
        found = problems(kw) if problems is not None else ()
        if found:
            raise NestedError(list(found))
        return make(**kw)

    base = make_dict_structure_fn_from_attrs(
        attributes,
        typing.cast("type[Any]", checked_first),  # cattrs calls it with the attributes
        CONVERTER,
        _cattrs_forbid_extra_keys=False,
        **overrides,
    )

    def hook(value: object, _: object = None) -> Any:
        entry = _entry(value, example)
        return _built(lambda: base(entry, cls), entry, keys, fix, at)

    return hook


def _checked(a: attrs.Attribute[Any], given: Any, fix: str) -> Any:
    read = given.struct_hook if given is not None else CONVERTER.get_structure_hook(a.type)
    convert = a.converter
    assert callable(convert)

    def hook(value: object, tp: object) -> object:
        plain = read(value, tp)
        try:
            return convert(plain)
        except SvcQualityError as exc:
            raise HookError(str(exc), fix) from None

    return override(struct_hook=hook)


def keyed_hook(
    keys: Mapping[str, Any],
    build: Callable[..., _T],
    *,
    required: Sequence[str],
    example: str,
    fix: str,
) -> Callable[[object], _T]:
    """The hook of an entry that is not one model's attributes (the keywords of a
    classmethod, a target with its counting): ``keys`` gives each key's plain type;
    a key left out is left to ``build``'s default."""
    names = list(keys)

    def hook(value: object, _: object = None) -> _T:
        entry = _entry(value, example)

        def make() -> _T:
            args: dict[str, object] = {}
            errors: list[tuple[Below, BaseException]] = []
            for key, tp in keys.items():
                if key in entry:
                    try:
                        args[key] = CONVERTER.structure(entry[key], tp)
                    except Exception as exc:
                        errors.append((key, exc))
                elif key in required:
                    errors.append((key, KeyError(key)))
            if errors:
                raise NestedError(errors)
            return build(**args)

        return _built(make, entry, names, fix)

    return hook


def register(tp: Any, hook: Callable[[object], Any]) -> None:
    """Structure ``tp`` (a model an entry holds, or a plain type) with ``hook``."""
    CONVERTER.register_structure_hook_func(lambda t: t is tp, lambda value, _: hook(value))


# --------------------------------------------------------------------------- collector


class Collector:
    """Collects problems, each with its path and the value found there."""

    def __init__(self, data: object) -> None:
        self.data = data
        self.problems: list[RulebookProblem] = []

    def add(self, path: Path, message: str, fix: str) -> None:
        value = value_at(self.data, path)
        message, fix = problem_texts(message, fix)
        self.problems.append(
            RulebookProblem(
                path=path_text(path),
                value=None if value is MISSING else value,
                message=message,
                fix=fix,
            )
        )

    def structure(self, value: object, hook: Callable[[object], _T], path: Path) -> _T | None:
        """What ``hook`` builds from ``value``; when it refuses, every problem is recorded
        under ``path`` and the result is None."""
        try:
            return hook(value)
        except Exception as exc:  # every refusal becomes a problem
            found: list[tuple[Path, str, str]] = []
            problems_of(exc, path, found)
            for p, message, fix in found:
                self.add(p, message, fix)
            return None

    def build(self, path: Path, fix: str, make: Callable[[], _T]) -> _T | None:
        """``make()``, or None when the model refuses (recorded at ``path`` with ``fix``)."""
        try:
            return make()
        except SvcQualityError as exc:
            self.add(path, str(exc), fix)
            return None
