"""Argument checks the strategies share: each raises ``InvalidArgument`` naming the
option, the value given and what it must be, when the strategy is built."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from hypothesis.errors import InvalidArgument

_C = TypeVar("_C", bound=str)


def _check_count(name: str, value: object, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        msg = f"{name}={value!r} must be a whole number from {low} to {high}"
        raise InvalidArgument(msg)
    return value


def _check_choices(
    name: str, given: Sequence[str], choices: tuple[_C, ...], plural: str, one: str
) -> tuple[_C, ...]:
    """A non-empty selection of ``choices``, in their order (the order they shrink in)."""
    if isinstance(given, str) or not given:
        msg = f"{name}={given!r} must be a non-empty sequence of {plural} from {choices}"
        raise InvalidArgument(msg)
    unknown = [g for g in given if g not in choices]
    if unknown:
        msg = f"{name}: {unknown[0]!r} is not {one}; use some of {choices}"
        raise InvalidArgument(msg)
    return tuple(c for c in choices if c in given)
