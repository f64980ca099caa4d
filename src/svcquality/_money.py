"""Money: an exact :class:`~decimal.Decimal` amount with an ISO 4217 currency.

One module for amounts of money, so the authority matrix's limits and the routing
rules' amount bounds read, compare and print money the same way. Floats are
refused and arithmetic is exact (it never rounds); svcquality never converts
currencies. Its errors are :class:`~svcquality.errors.AuthorityError`, where
``Money`` was first defined.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import Final

import attrs

from svcquality._fields import amount_of, grammar_text, shown
from svcquality.errors import AuthorityError

__all__ = ["EXACT", "Money", "money_of"]

#: Arithmetic that never rounds: any inexact result raises instead.
EXACT: Final = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.Overflow],
)
_CURRENCY = re.compile(r"[A-Z]{3}")
_NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_PARSE_PREFIX = re.compile(rf"([A-Za-z]{{3}})\s*({_NUMBER})")
_PARSE_SUFFIX = re.compile(rf"({_NUMBER})\s*([A-Za-z]{{3}}|元)")


def _amount(value: object) -> Decimal:
    return amount_of(value, "Money.amount", AuthorityError)


def _currency(_: object, __: object, value: str) -> None:
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
        fix = (
            f"write it upper-case: {value.upper()!r}"
            if isinstance(value, str) and _CURRENCY.fullmatch(value.upper())
            else "use a three-letter ISO 4217 code such as 'CNY', 'USD' or 'HKD'"
        )
        msg = f"Money.currency: {shown(value)} is not an ISO 4217 code; {fix}"
        raise AuthorityError(msg)


@attrs.frozen(order=False)
class Money:
    """An amount of money: an exact :class:`~decimal.Decimal` and an ISO 4217 currency.

    ``Money(Decimal("5000"), "CNY")``, ``Money(5000, "CNY")`` and
    ``Money("5000.00", "CNY")`` are equal. A float is refused: ``0.1`` is not one
    tenth in binary, so pass ``Decimal("0.1")`` or ``"0.1"``.
    Adding, subtracting and comparing need the same currency (svcquality never
    converts); the arithmetic is exact whatever the host's decimal context.

    Attributes:
        amount: the amount; may be negative as the result of a subtraction, but
            wherever an amount is asked for (a request, a limit) it must not be.
        currency: the ISO 4217 code, upper-case, e.g. ``"CNY"``.
    """

    amount: Decimal = attrs.field(converter=_amount)
    currency: str = attrs.field(validator=_currency)

    @classmethod
    def parse(cls, text: str) -> Money:
        """Read ``"CNY 5000"``, ``"5000 CNY"``, ``"CNY5,000.00"`` or ``"5000元"`` (yuan: CNY).

        The code may be written in lower case here (``"cny 5000"``); thousands are
        separated by commas in groups of three.

        Raises:
            AuthorityError: the text has no currency or no number.
        """
        if not isinstance(text, str):
            msg = f"Money.parse: expected a str such as 'CNY 5000', got {shown(text)}"
            raise AuthorityError(msg)
        text = grammar_text(text, "Money.parse", AuthorityError, "CNY 5000")
        stripped = text.strip()
        if m := _PARSE_PREFIX.fullmatch(stripped):
            currency, number = m.group(1), m.group(2)
        elif m := _PARSE_SUFFIX.fullmatch(stripped):
            number, currency = m.group(1), m.group(2)
        else:
            msg = (
                f"Money.parse({shown(text)}): expected a currency code and an amount, "
                "e.g. 'CNY 5000', '5000 CNY' or '5000元'"
            )
            raise AuthorityError(msg)
        currency = "CNY" if currency == "元" else currency.upper()
        return cls(Decimal(number.replace(",", "")), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """No money in ``currency``."""
        return cls(Decimal(0), currency)

    def _check(self, other: Money, op: str) -> None:
        if self.currency != other.currency:
            msg = (
                f"currency mismatch: {self} {op} {other}; both amounts must be in one "
                f"currency ({self.currency} or {other.currency}); svcquality never converts, "
                "so convert one amount first"
            )
            raise AuthorityError(msg)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other, "+")
        return Money(EXACT.add(self.amount, other.amount), self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other, "-")
        return Money(EXACT.subtract(self.amount, other.amount), self.currency)

    def __neg__(self) -> Money:
        return Money(EXACT.minus(self.amount), self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, (int, Decimal)):
            return NotImplemented
        return Money(EXACT.multiply(self.amount, Decimal(factor)), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other, "<")
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other, "<=")
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other, ">")
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other, ">=")
        return self.amount >= other.amount

    def __str__(self) -> str:
        # Plain digits, never exponent form ("CNY 5E+3"): people read it, and
        # Money.parse (so a rulebook) reads it back.
        return f"{self.currency} {self.amount:f}"


def money_of(value: object, where: str) -> Money:
    """A non-negative Money from Money or text such as ``"CNY 5000"``."""
    if isinstance(value, str):
        value = Money.parse(value)
    if not isinstance(value, Money):
        msg = (
            f"{where}: expected Money such as Money(Decimal('5000'), 'CNY') or the text "
            f"'CNY 5000', got {type(value).__name__} {shown(value)}"
        )
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            msg += "; an amount needs its currency"
        raise AuthorityError(msg)
    if value.amount < 0:
        msg = (
            f"{where}: {value} is negative; an amount asked for is never negative "
            f"(write {-value} for a refund or a waiver of that size)"
        )
        raise AuthorityError(msg)
    return value
