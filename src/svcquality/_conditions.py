"""What a rule tests on a request: its attributes and an amount range, written once.

:class:`~svcquality.RoutingRule` (request → unit or role) and
:class:`~svcquality.CatalogRule` (request → promise) test the same request
attributes the same way: names by membership, and an amount in a half-open
range ``[amount_min, amount_max)`` whose bounds are plain ``Decimal`` or
:class:`~svcquality.Money` with a currency. This module holds that one rule:
reading an amount, checking a range, whether an amount is in it (never
converting currencies), whether one range holds another (for shadowing), and
checking the attributes a request brings. The callers word their own prefixes
and raise their own error type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TypeAlias

from svcquality._fields import amount_of, did_you_mean, shown
from svcquality._money import Money
from svcquality.errors import SvcQualityError

__all__ = [
    "Amount",
    "amount_bound",
    "amount_value",
    "check_range",
    "in_range",
    "range_covers",
    "range_text",
    "request_attributes",
]

#: An amount a rule tests: a plain ``Decimal``, or :class:`Money` with its currency.
Amount: TypeAlias = Decimal | Money

_PLAIN = re.compile(r"[-+0-9_.,eE]*|[Nn]a[Nn]|[-+]?[Ii]nf(inity)?")


def amount_value(value: object, where: str, error: type[SvcQualityError]) -> Amount:
    """A plain amount, or Money when the value is Money or text with a currency."""
    if isinstance(value, Money):
        return value
    if isinstance(value, str) and not _PLAIN.fullmatch(value.strip()):
        try:
            return Money.parse(value)
        except SvcQualityError:
            pass
    return amount_of(value, where, error)


def amount_bound(value: object, where: str, error: type[SvcQualityError]) -> Amount | None:
    """A bound of a range (None for open); ``where`` is e.g. ``"RoutingRule: amount bound"``."""
    if value is None:
        return None
    amount = amount_value(value, where, error)
    if isinstance(amount, Money) and amount.amount < 0:
        msg = f"{where} {amount} is negative; an amount is never negative"
        raise error(msg)
    return amount


def _currency(amount: Amount) -> str | None:
    return amount.currency if isinstance(amount, Money) else None


def _plain(amount: Amount) -> Decimal:
    return amount.amount if isinstance(amount, Money) else amount


def check_range(
    lo: Amount | None, hi: Amount | None, where: str, error: type[SvcQualityError]
) -> None:
    """Both bounds in one currency (or none), and ``lo`` below ``hi``; ``where`` names the rule."""
    if lo is None or hi is None:
        return
    if _currency(lo) != _currency(hi):
        msg = (
            f"{where}: amount_min {lo} and amount_max {hi} are not in one "
            "currency; write both with the same currency (e.g. 'CNY 0' and 'CNY 5000') "
            "or both without one"
        )
        raise error(msg)
    if _plain(lo) >= _plain(hi):
        msg = (
            f"{where}: amount_min {lo} is not below amount_max {hi}, so the "
            "rule can never match; the range is [amount_min, amount_max)"
        )
        raise error(msg)


def range_text(lo: Amount | None, hi: Amount | None) -> str:
    """The range in words, e.g. ``[CNY 0, CNY 5000)`` or ``[50000, inf)``."""
    return f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi})"


def in_range(
    lo: Amount | None,
    hi: Amount | None,
    amount: object,
    *,
    rule: str,
    where: str,
    table: str,
    error: type[SvcQualityError],
    code: str,
) -> bool:
    """Whether a (checked) amount is in the range; a request with no amount is not.

    An amount in another currency than the bounds (or without one where they
    have one) is an error, never a silent mismatch: ``table`` never converts.
    """
    if not isinstance(amount, Decimal | Money):
        return False
    bound = lo if lo is not None else hi
    assert bound is not None
    mine, theirs = _currency(bound), _currency(amount)
    if mine != theirs:
        tests = f"rule {rule} tests amounts " + (f"in {mine}" if mine else "without a currency")
        got = f"the request's amount {amount} " + (
            f"is in {theirs}" if theirs else "has no currency"
        )
        fix = (
            f"pass the amount as Money, e.g. '{mine} {amount}'"
            if mine and not theirs
            else f"{table} never converts currencies: pass the amount as the rules write it"
        )
        msg = f"{where}: {tests}, but {got}; {fix}"
        raise error(msg, code=code, rule=rule, amount=amount)
    value = _plain(amount)
    return not ((lo is not None and value < _plain(lo)) or (hi is not None and value >= _plain(hi)))


def range_covers(
    lo: Amount | None, hi: Amount | None, other_lo: Amount | None, other_hi: Amount | None
) -> bool:
    """Whether every amount in the other range is in this one (either may be open).

    With no bounds at all this range holds every request; a bounded range holds
    no request without an amount, nor amounts in another currency.
    """
    if lo is None and hi is None:
        return True
    own = lo if lo is not None else hi
    given = other_lo if other_lo is not None else other_hi
    if own is None or given is None or _currency(own) != _currency(given):
        return False
    if lo is not None and (other_lo is None or _plain(other_lo) < _plain(lo)):
        return False
    return hi is None or (other_hi is not None and _plain(other_hi) <= _plain(hi))


def request_attributes(
    attributes: Mapping[str, object],
    known: Sequence[str],
    where: str,
    error: type[SvcQualityError],
) -> dict[str, object]:
    """A request's attributes checked: known names, text values, ``amount`` read.

    A None value is left out (the request does not have it). ``where`` is the
    caller, e.g. ``"route"``.
    """
    checked: dict[str, object] = {}
    for key, value in attributes.items():
        if key not in known:
            hint = did_you_mean(str(key), known)
            msg = f"{where}: unknown attribute {shown(key)}; {hint}a request has {', '.join(known)}"
            raise error(msg)
        if value is None:
            continue
        if key == "amount":
            checked[key] = amount_value(value, f"{where}: amount", error)
        elif not isinstance(value, str):
            msg = f"{where}: {key} must be a name (text), got {shown(value)}"
            raise error(msg)
        else:
            checked[key] = value
    return checked
