"""Ordered rules: first match wins, a default last, no rule shadowed by an earlier one.

The one table behind :class:`~svcquality.Catalog` (request attributes → promise)
and :class:`~svcquality.RoutingRules` (request attributes → unit or role), and
behind the rulebook's checks of its ``catalog`` and ``routing`` sections. A rule
type brings what only it knows (whether it is the default, whether it covers
another rule, why it matches a request); this module holds what the tables
share, so the rule "the first match decides, the default comes last, and no
rule is unreachable" is written once. The callers word their own messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from svcquality.errors import SvcQualityError

__all__ = ["OrderedRule", "check_table", "covering", "first_match", "shadowed"]


class OrderedRule(Protocol):
    """A rule of an ordered table."""

    @property
    def is_default(self) -> bool:
        """Whether the rule matches every request."""

    def covers(self, other: Any, /) -> bool:
        """Whether every request ``other`` matches is matched by this rule too."""


_R = TypeVar("_R", bound=OrderedRule)
_W = TypeVar("_W")


def covering(rules: Sequence[OrderedRule], i: int) -> int | None:
    """The first rule before ``rules[i]`` that matches every request it would, or None.

    When there is one, ``rules[i]`` can never match: the earlier rule decides first.
    """
    rule = rules[i]
    return next((j for j in range(i) if rules[j].covers(rule)), None)


def shadowed(rules: Sequence[OrderedRule]) -> Iterator[tuple[int, int]]:
    """``(i, j)`` for each rule ``i`` that can never match: the earlier rule ``j`` covers it."""
    for i in range(len(rules)):
        j = covering(rules, i)
        if j is not None:
            yield i, j


def check_table(
    rules: Sequence[Any],
    error: type[SvcQualityError],
    *,
    empty: str,
    each: Callable[[int, Any], None],
    shadow: Callable[[int, int], str],
    no_default: Callable[[Any], str],
) -> None:
    """Check a table as its constructor does, raising ``error`` at the first problem.

    In order: no rules (the message ``empty``); then rule by rule, what only the
    table knows (``each(i, rule)`` raises: not a rule, an unknown name), and a rule
    an earlier one covers (``shadow(i, j)``); last, a final rule that is not a
    default (``no_default(rule)``). The table words every message.
    """
    if not rules:
        raise error(empty)
    for i, rule in enumerate(rules):
        each(i, rule)
        j = covering(rules, i)
        if j is not None:
            raise error(shadow(i, j))
    if not rules[-1].is_default:
        raise error(no_default(rules[-1]))


def first_match(rules: Sequence[_R], why: Callable[[_R], _W | None]) -> tuple[int, _R, _W]:
    """The first rule that matches, its position, and why: ``why(rule)``, None for no match.

    The table ends with a default (its constructor checks), so some rule matches.
    """
    for i, rule in enumerate(rules):
        reason = why(rule)
        if reason is not None:
            return i, rule, reason
    raise AssertionError("unreachable: the rules end with a default")  # pragma: no cover
