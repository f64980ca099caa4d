"""The checks every model repeats, written once.

Names and identities (:func:`identity`), free text, languages, literal choices
(read from the ``Literal`` aliases of :mod:`svcquality._types`, never re-listed),
time zones, cut-off times of day, exact amounts, lists and mappings, grammar input, and the "closest
match" suggestion every unknown-name message ends with. A model's validator calls
one of these with its own error class and the place (``where``) it checks, so the
same mistake reads the same everywhere.
"""

from __future__ import annotations

import decimal
import difflib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, time, tzinfo
from decimal import Decimal
from typing import Any, TypeVar, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import attrs

from svcquality._instants import micros_of
from svcquality._types import Language
from svcquality.errors import SvcQualityError

__all__ = [
    "Language",
    "amount_of",
    "aware",
    "choice_of",
    "closest",
    "cutoff_of",
    "did_you_mean",
    "entries_of",
    "filled",
    "grammar_text",
    "identity",
    "items_of",
    "language_of",
    "mapping_or_none",
    "must_be",
    "shown",
    "text",
    "zone_of",
]


def aware(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    """An aware datetime, or NaiveDatetimeError naming the model and the field."""
    micros_of(value, f"{type(instance).__name__}({attribute.name}=...)")


def must_be(
    expected: str,
    error: type[SvcQualityError],
    ok: type | tuple[type, ...] | Callable[[Any], bool],
) -> Callable[[Any, Any, Any], None]:
    """A field's validator: the value passes ``ok`` (a type, a tuple of types, or a
    test), else ``error`` (the module's own) says ``"<Model>: <field> must be
    <expected>, got <value>"``.

    The one form of a model's field check, so every model words it alike, e.g.
    ``must_be("True or False", FeedbackError, bool)``.
    """
    test: Callable[[Any], bool]
    if isinstance(ok, (type, tuple)):
        kinds = ok
        test = lambda value: isinstance(value, kinds)  # noqa: E731
    else:
        test = ok

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not test(value):
            name = type(instance).__name__
            msg = f"{name}: {attribute.name} must be {expected}, got {shown(value)}"
            raise error(msg)

    return check


def filled(value: object) -> bool:
    """Whether ``value`` is text with more than whitespace in it (for :func:`must_be`)."""
    return isinstance(value, str) and bool(value.strip())


def text(error: type[SvcQualityError]) -> Callable[[Any, Any, Any], None]:
    """A validator for free text, raising ``error`` (the module's own) otherwise."""
    return must_be("text", error, str)


def language_of(value: object, where: str, error: type[SvcQualityError]) -> Language:
    """``value`` as a :data:`Language`, or ``error`` naming it, ``where`` and the choices."""
    if value not in get_args(Language):
        msg = f"{where}: language must be 'zh' or 'en', got {shown(value)}"
        raise error(msg, code="language", where=where, value=value)
    return value  # type: ignore[return-value]  # narrowed by the membership test


_K = TypeVar("_K")
_V = TypeVar("_V")

#: How much of a value a message repeats: enough to recognise it, never a flood.
SHOWN = 200


def shown(value: object, limit: int = SHOWN) -> str:
    """``repr(value)``, cut to about ``limit`` characters for a message.

    An int too long for ``repr`` (past Python's 4,300 digits) is shown by its size.
    """
    try:
        text = repr(value)
    except Exception:
        if isinstance(value, int):  # ValueError: too many digits to write out
            digits = int(abs(value).bit_length() * 0.30103) + 1
            text = f"<{'-' if value < 0 else ''}int of about {digits} digits>"
        else:
            text = f"<{type(value).__name__}>"
    return clipped(text, limit)


def clipped(text: str, limit: int = SHOWN) -> str:
    """``text`` itself, or, when longer than ``limit``, its two ends around the
    number of characters cut out (both ends, so a quoted text keeps its quotes)."""
    if len(text) <= limit:
        return text
    keep = (limit - 40) // 2
    return f"{text[:keep]}...({len(text)} chars)...{text[-keep:]}"


def _invisible(c: str) -> bool:
    # Cc: control characters (tab, newline, NUL); Cf: format characters, which
    # include the zero-width space, joiners and the byte-order mark.
    return unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"}


def identity(value: object, where: str, example: str, error: type[SvcQualityError]) -> str:
    """One person's (or unit's) id, in the form it is compared in.

    The rule, the same for actors, second persons, customers, employees and
    units: an id is non-empty text with no leading or trailing whitespace and no
    control or zero-width character anywhere; it is returned NFKC-normalised,
    so a fullwidth ``"Ａ1024"`` and ``"A1024"`` are one person and can never be
    counted as two.

    Raises:
        error: the value breaks the rule; the message says which part and the fix.
    """
    if not isinstance(value, str) or not value:
        msg = f"{where}: expected a non-empty name such as {example!r}, got {shown(value)}"
        raise error(msg, code="identity", where=where, value=value)
    bad = next((c for c in value if _invisible(c)), None)
    if bad is not None:
        msg = (
            f"{where}: {shown(value)} carries the invisible character U+{ord(bad):04X} "
            f"({unicodedata.name(bad, 'control')}); an id is plain text such as {example!r}: "
            "remove it"
        )
        raise error(msg, code="identity", where=where, value=value)
    normal = unicodedata.normalize("NFKC", value)
    if not normal.strip():
        msg = f"{where}: expected a non-empty name such as {example!r}, got {shown(value)}"
        raise error(msg, code="identity", where=where, value=value)
    if normal != normal.strip() or value != value.strip():
        msg = (
            f"{where}: {shown(value)} has leading or trailing whitespace, so it would name a "
            f"different person than {normal.strip()!r}; remove the spaces"
        )
        raise error(msg, code="identity", where=where, value=value)
    return normal


#: The longest text a grammar reads (a duration, a trigger, a window, an amount).
GRAMMAR_CHARS = 100


def grammar_text(
    value: str,
    where: str,
    error: type[SvcQualityError],
    example: str,
    most: int = GRAMMAR_CHARS,
) -> str:
    """Grammar input as it is read: NFKC-normalised, at most ``most`` characters.

    NFKC folds look-alikes a keyboard or a word processor produces into the
    characters the grammars name: fullwidth ``"１５秒"`` is ``"15秒"``, ``"（"``
    is ``"("``, the micro sign ``"µ"`` is the Greek ``"μ"``. A text longer than
    ``most`` is refused before any pattern sees it, so no input is slow and no
    message repeats more than ``most`` characters of it.

    Raises:
        error: the text is longer than ``most`` characters.
    """
    if len(value) > most:
        msg = (
            f"{where}: the text is {len(value)} characters long, more than the {most} this "
            f"grammar reads; it begins {value[:60]!r}; write the short form, e.g. {example!r}"
        )
        raise error(msg)
    return unicodedata.normalize("NFKC", value)


def items_of(
    value: object, where: str, error: type[SvcQualityError], example: str
) -> tuple[object, ...]:
    """The items of a list-like ``value`` (a list, a tuple, a generator), or ``error``:
    None, a number, a text or a mapping is not a list of models."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        msg = f"{where} must be a list such as {example}, got {type(value).__name__} {shown(value)}"
        raise error(msg)
    return tuple(value)


def entries_of(
    value: object, where: str, error: type[SvcQualityError], example: str
) -> dict[object, object]:
    """A mapping ``value`` as a dict, or ``error`` naming ``where``."""
    if not isinstance(value, Mapping):
        got = f"{type(value).__name__} {shown(value)}"
        msg = f"{where} must be a mapping such as {example}, got {got}"
        raise error(msg)
    return dict(value)


def mapping_or_none(
    value: Mapping[_K, _V] | None, must: str, error: type[SvcQualityError]
) -> Mapping[_K, _V]:
    """An optional mapping field's value: ``{}`` for None, a mapping as it is, else
    ``error`` saying ``"<must>; got <value>"`` (``must``: what it must map, and an example)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        msg = f"{must}; got {shown(value)}"
        raise error(msg)
    return value


def closest(name: object, known: Iterable[str], what: str, *, none: str | None = None) -> str:
    """``known <what> (closest first): ...``: every known name, the likeliest first.

    Every name is listed (a message never hides the right one); the three most
    like ``name`` come first. ``none`` is what it says when nothing is known.
    """
    names = sorted(set(known))
    if not names:
        return f"known {what} (closest first): none" if none is None else none
    close = _likest(name, names, 3, 0.3)
    rest = [n for n in names if n not in close]
    listed = ", ".join(shown(n, NAME_SHOWN) for n in close + rest)
    return f"known {what} (closest first): {listed}"


def did_you_mean(name: object, known: Iterable[str]) -> str:
    """``"did you mean 'x'? "`` for the one known name most like ``name``, or ``""``."""
    close = _likest(name, list(known), 1, 0.5)
    return f"did you mean {shown(close[0], NAME_SHOWN)}? " if close else ""


#: How much of one name a list of known names repeats (a rulebook's own names may be long).
NAME_SHOWN = 60


def _likest(name: object, names: list[str], n: int, cutoff: float) -> list[str]:
    """The ``n`` names most like ``name``; none for a name no one mistypes (not text,
    or longer than :data:`NAME_SHOWN`): comparing a 5,000-character key with every
    name is only slow, and ``str()`` of a huge int raises."""
    if not isinstance(name, str) or len(name) > NAME_SHOWN:
        return []
    return difflib.get_close_matches(name, names, n=n, cutoff=cutoff)


def choice_of(value: object, alias: object, where: str, error: type[SvcQualityError]) -> str:
    """``value`` if it is one of the ``Literal`` ``alias``'s choices, else ``error``."""
    allowed: tuple[str, ...] = get_args(alias)
    if value not in allowed:
        listed = ", ".join(map(repr, allowed))
        msg = f"{where}: {shown(value)} is not one of {listed}; " + closest(
            value, allowed, "values"
        )
        raise error(msg, code="choice", where=where, value=value, choices=allowed)
    return value


def zone_of(
    value: object, where: str, error: type[SvcQualityError], *, tzinfo_ok: bool = True
) -> tzinfo:
    """A time zone from an IANA name (or, when ``tzinfo_ok``, a ``tzinfo``), or ``error``
    naming the value and the closest known zones."""
    if tzinfo_ok and isinstance(value, tzinfo):
        return value
    if not isinstance(value, str):
        also = " or a tzinfo" if tzinfo_ok else ""
        msg = f"{where}: expected an IANA name such as 'Asia/Shanghai'{also}, got {shown(value)}"
        raise error(msg, code="zone", where=where, value=value)
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a name too long
        close = difflib.get_close_matches(value, sorted(available_timezones()), n=3)
        hint = f" Close matches: {', '.join(close)}." if close else ""
        msg = (
            f"{where}: {shown(value)} is not a known IANA time zone; use a name such as "
            f"'Asia/Shanghai', 'America/New_York' or 'UTC'.{hint}"
        )
        raise error(msg, code="zone", where=where, value=value) from exc


def amount_of(value: object, where: str, error: type[SvcQualityError]) -> Decimal:
    """An exact, finite amount from a ``Decimal``, an ``int`` or text such as ``"5000.00"``.

    A float is refused (``0.1`` is not one tenth in binary), and so is a bool.
    """
    if isinstance(value, bool):
        msg = f"{where}: {value!r} is a bool, not an amount; pass Decimal('...') or a str"
        raise error(msg, code="amount", where=where, value=value)
    if isinstance(value, float):
        msg = (
            f"{where}: {value!r} is a float, which cannot hold most decimal amounts "
            f"exactly ({value!r} is {Decimal(value)}); pass Decimal({str(value)!r}) or the "
            f"string {str(value)!r}"
        )
        raise error(msg, code="amount", where=where, value=value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            value = Decimal(value.strip().replace("_", ""))
        except decimal.InvalidOperation:
            msg = f"{where}: {shown(value)} is not a decimal number; write e.g. '5000' or '199.50'"
            raise error(msg, code="amount", where=where, value=value) from None
    if not isinstance(value, Decimal):
        msg = (
            f"{where}: expected a Decimal, an int or a str such as '5000.00', "
            f"got {type(value).__name__} {shown(value)}"
        )
        raise error(msg, code="amount", where=where, value=value)
    if not value.is_finite():
        msg = f"{where}: {value!r} is not a finite amount; pass a number such as '5000'"
        raise error(msg, code="amount", where=where, value=value)
    return value


def cutoff_of(
    value: object,
    where: str,
    error: type[SvcQualityError],
    *,
    expected: str = "a time of day such as time(16, 0)",
    fix: str = "give it as a wall time in the calendar's zone, e.g. time(16, 0)",
) -> time | None:
    """A cut-off (``cutoff=``): None for none, else a ``datetime.time`` without a zone.

    A cut-off is a local wall time, read in the zone of the calendar it is
    applied on (a receipt at or after it counts as the next day's), so a time
    that carries its own zone is refused rather than converted. ``expected`` and
    ``fix`` are the caller's words for the value and the remedy.

    Raises:
        error: ``value`` is not a time of day, or it carries a zone.
    """
    if value is None:
        return None
    if not isinstance(value, time):
        msg = f"{where}: cutoff must be {expected}, got {type(value).__name__} {shown(value)}"
        raise error(msg)
    if value.tzinfo is not None:
        msg = f"{where}: cutoff {shown(value)} carries a zone; {fix}"
        raise error(msg)
    return value
