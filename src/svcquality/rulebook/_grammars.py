"""The grammars of a ladder step: a trigger and an action, each a parse/format pair.

``parse_trigger(format_trigger(t)) == t`` and ``parse_action(format_action(a)) == a``.
The parsers are the rulebook's readers (cattrs structure hooks): a value they
cannot read raises :class:`HookError` with what is wrong and the fix. The pairs
sit together so that one table (the action kinds) and one set of words (the
trigger forms) serve both directions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from svcquality._fields import grammar_text, shown
from svcquality.errors import LadderError, SvcQualityError
from svcquality.escalation import (
    Action,
    AfterDue,
    BeforeDue,
    Consumed,
    GreenChannel,
    HandToSecondLine,
    InformCustomer,
    Notify,
    OnBreach,
    Reassign,
    Trigger,
)
from svcquality.promises import Target
from svcquality.rulebook._hooks import read_name, read_offset
from svcquality.rulebook._problems import HookError, hint, kind_of

__all__ = ["format_action", "format_trigger", "parse_action", "parse_trigger"]

# --------------------------------------------------------------------------- triggers

_TRIGGER_FIX = (
    "write a trigger such as '50% consumed', '0.8 consumed', '1h before due', "
    "'2h after due' or 'on breach'"
)
_CONSUMED = re.compile(r"^\s*(\d+(?:\.\d+)?\s*%|\d+\s*/\s*\d+|\d+(?:\.\d+)?)\s*consumed\s*$", re.I)
_BREACH = ("on breach", "breach", "on_breach", "超时")
_SIDES = ("before", "after")


def parse_trigger(value: object, _: object = None) -> Trigger:
    """``"50% consumed"``, ``"0.8 consumed"``, ``"1/3 consumed"``, ``"1h before due"``,
    ``"2h after due"``, ``"on breach"`` (``"超时"``)."""
    if not isinstance(value, str):
        raise HookError(f"a trigger is text, got {kind_of(value)}", _TRIGGER_FIX)
    try:
        text = grammar_text(value, "trigger", LadderError, "50% consumed")
        if text.strip().lower() in _BREACH:
            return OnBreach()
        m = _CONSUMED.match(text)
        if m is not None:
            raw = m.group(1).replace(" ", "")
            share = Fraction(raw[:-1]) / 100 if raw.endswith("%") else Fraction(raw)
            return Consumed(share)
        # "<offset> before due": split on words (linear), not a lazy pattern.
        words = text.split()
        if len(words) >= 3 and words[-1].lower() == "due" and words[-2].lower() in _SIDES:
            d = read_offset(" ".join(words[:-2]))
            return BeforeDue(d) if words[-2].lower() == "before" else AfterDue(d)
    except SvcQualityError as exc:
        raise HookError(str(exc), _TRIGGER_FIX) from None
    raise HookError(f"{shown(value)} is not a trigger", _TRIGGER_FIX)


def format_trigger(trigger: Trigger) -> str:
    """The text :func:`parse_trigger` reads back: a share as a percentage when one
    is exact (``"80% consumed"``), else as a fraction (``"1/3 consumed"``)."""
    if isinstance(trigger, Consumed):
        pct = trigger.fraction * 100
        exact = Decimal(pct.numerator) / Decimal(pct.denominator)  # rounded when endless
        if Fraction(exact) == pct:
            return f"{format(exact.normalize(), 'f')}% consumed"
        return f"{trigger.fraction.numerator}/{trigger.fraction.denominator} consumed"
    if isinstance(trigger, BeforeDue | AfterDue):
        side = "before" if isinstance(trigger, BeforeDue) else "after"
        return f"{Target.wall(trigger.offset).format()} {side} due"
    return _BREACH[0]


# --------------------------------------------------------------------------- actions

#: Each action's key in a rulebook, its class, and the field its one name fills.
_ACTIONS: tuple[tuple[str, type[Any], str], ...] = (
    ("notify", Notify, "role"),
    ("reassign", Reassign, "role"),
    ("green_channel", GreenChannel, "role"),
    ("hand_to_second_line", HandToSecondLine, "unit"),
    ("inform_customer", InformCustomer, "template_id"),
)
_ACTION_KINDS: dict[str, Callable[[str], Action]] = {key: make for key, make, _ in _ACTIONS}
_ACTION_FIX = (
    "write an action as one key and a name: {'notify': 'supervisor'}, {'reassign': "
    "'team_lead'}, {'green_channel': 'supervisor'}, {'hand_to_second_line': 'card_centre'}, "
    "{'inform_customer': 'progress_sms'}; or 'green_channel' alone"
)


def parse_action(value: object, _: object = None) -> Action:
    """``{"notify": "supervisor"}`` and the other kinds of one key, or ``"green_channel"``."""
    if value == "green_channel":
        return GreenChannel()
    if not isinstance(value, Mapping) or len(value) != 1:
        raise HookError(f"expected one action, got {kind_of(value)}", _ACTION_FIX)
    ((kind, arg),) = value.items()
    make = _ACTION_KINDS.get(kind) if isinstance(kind, str) else None
    if make is None:
        raise HookError(f"unknown action {shown(kind)}", hint(kind, _ACTION_KINDS) + _ACTION_FIX)
    name = read_name(arg)
    try:
        return make(name)
    except SvcQualityError as exc:  # the action refuses the name (an invisible character)
        raise HookError(str(exc), _ACTION_FIX) from None


def format_action(action: Action) -> dict[str, str]:
    """The mapping :func:`parse_action` reads back: the action's key and its name."""
    for key, kind, field in _ACTIONS:
        if isinstance(action, kind):
            name: str = getattr(action, field)
            return {key: name}
    msg = f"{shown(action)} is not an action; a step's action is one of {', '.join(_ACTION_KINDS)}"
    raise LadderError(msg)
