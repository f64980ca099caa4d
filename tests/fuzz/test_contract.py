"""The contract's error rule, over every public callable of svcquality.

Every bad input raises an :class:`~svcquality.SvcQualityError`: each public
function, class and public method is called with garbage in every argument it
takes, and may return or raise our error, never a bare TypeError,
AttributeError, KeyError, OverflowError or RecursionError from inside. A call
whose arguments do not fit the signature at all (a missing argument) is
Python's own TypeError, not ours to catch, and is not made.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable, Iterator
from datetime import timedelta
from types import ModuleType
from typing import Any

import pytest
from tests.fuzz.laws import JUNK, outcome

import svcquality as sq
from svcquality import authority, feedback, kpi, routing, staffing

_MODULES: tuple[ModuleType, ...] = (sq, authority, feedback, kpi, routing, staffing)


def _public() -> Iterator[tuple[str, Callable[..., Any]]]:
    seen: set[int] = set()
    for module in _MODULES:
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, ModuleType) or id(obj) in seen or not callable(obj):
                continue
            if isinstance(obj, type) and issubclass(obj, (BaseException, enum.Enum)):
                continue  # the errors themselves, and enumerations
            seen.add(id(obj))
            label = f"{module.__name__}.{name}"
            yield label, obj
            if isinstance(obj, type):
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(member, classmethod | staticmethod):
                        yield f"{label}.{attr}", getattr(obj, attr)


PUBLIC = sorted(_public(), key=lambda item: item[0])


def _calls(fn: Callable[..., Any]) -> Iterator[tuple[tuple[object, ...], dict[str, object]]]:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):  # pragma: no cover - every public callable has one
        return
    for junk in JUNK:
        args: list[object] = []
        kwargs: dict[str, object] = {}
        for p in sig.parameters.values():
            # ``where=`` labels a message (the caller's own words), not input to check
            value = "hours" if p.name == "where" else junk
            if p.kind is p.POSITIONAL_ONLY or p.kind is p.POSITIONAL_OR_KEYWORD:
                args.append(value)
            elif p.kind is p.KEYWORD_ONLY:
                kwargs[p.name] = value
        yield tuple(args), kwargs


def test_the_walk_finds_the_api() -> None:
    """The walk reaches the entry points the issue names (a walk that finds nothing passes)."""
    names = {label for label, _ in PUBLIC}
    for expected in (
        "svcquality.parse_duration",
        "svcquality.read_clock",
        "svcquality.due_actions",
        "svcquality.load_rulebook",
        "svcquality.BusinessCalendar.weekly",
        "svcquality.erlang_b",
        "svcquality.plan_day",
        "svcquality.AuthorityRequest",
    ):
        assert expected in names
    assert len(PUBLIC) > 80


@pytest.mark.parametrize(("label", "fn"), PUBLIC, ids=[label for label, _ in PUBLIC])
def test_garbage_raises_our_error(label: str, fn: Callable[..., Any]) -> None:
    """Garbage in every argument: a result, or an SvcQualityError with a short message."""
    for args, kwargs in _calls(fn):
        outcome(label, fn, args, kwargs)  # the laws are checked inside


def _instances() -> Iterator[tuple[str, object]]:
    """One of each model a host holds and calls methods on, from the presets."""
    book = sq.presets.credit_card_centre()
    yield "BusinessCalendar", book.calendars["back_office"]
    yield "Promise", next(iter(book.promises.values()))
    yield "Target", sq.Target.business(timedelta(hours=1))
    yield "Catalog", book.catalog
    yield "RoutingRules", book.routing
    yield "AuthorityMatrix", book.authority
    yield "Scorecard", book.scorecard
    yield "Rulebook", book
    yield "Money", sq.Money.parse("CNY 5000")
    yield "Window", sq.Window.parse("09:00-12:00")
    yield "Tiers", sq.presets.feedback_tiers()
    yield "Request", sq.Request("R-1")
    yield "FeedbackCase", sq.FeedbackCase("F-1", next(iter(book.promises.values())))
    yield "HeatMap", sq.HeatMap()
    yield "Sample", sq.Sample(0.1, seed="2025-10")
    yield "ServiceLevel", kpi.ServiceLevel(threshold=timedelta(seconds=15))


def _methods() -> Iterator[tuple[str, Callable[..., Any]]]:
    for label, obj in _instances():
        for attr in dir(type(obj)):
            if attr.startswith("_") or isinstance(inspect.getattr_static(obj, attr), property):
                continue
            member = getattr(obj, attr)
            if callable(member) and not isinstance(member, type):
                yield f"{label}().{attr}", member


METHODS = sorted(_methods(), key=lambda item: item[0])


def test_the_methods_walk_finds_the_methods() -> None:
    """The walk over methods reaches the hot entry points."""
    names = {label for label, _ in METHODS}
    for expected in ("BusinessCalendar().add", "AuthorityMatrix().decide", "Scorecard().add"):
        assert expected in names


@pytest.mark.parametrize(("label", "fn"), METHODS, ids=[label for label, _ in METHODS])
def test_garbage_into_methods_raises_our_error(label: str, fn: Callable[..., Any]) -> None:
    """Garbage into every public method of a real model: our error, or a result."""
    for args, kwargs in _calls(fn):
        outcome(label, fn, args, kwargs)  # the laws are checked inside
