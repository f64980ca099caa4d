"""attrs validators shared by the event models (clock, routing, feedback)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

from svcquality._instants import micros_of
from svcquality.errors import SvcQualityError

__all__ = ["aware", "text"]


def aware(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    """An aware datetime, or NaiveDatetimeError naming the model and the field."""
    micros_of(value, f"{type(instance).__name__}({attribute.name}=...)")


def text(error: type[SvcQualityError]) -> Callable[[Any, Any, Any], None]:
    """A validator for free text, raising ``error`` (the module's own) otherwise."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, str):
            msg = f"{type(instance).__name__}: {attribute.name} must be text, got {value!r}"
            raise error(msg)

    return check
