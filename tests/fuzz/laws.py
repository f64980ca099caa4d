"""The contract's error rule as checks, shared by the fuzz tests.

A call into svcquality returns, or raises an :class:`~svcquality.SvcQualityError`
whose message is short (under :data:`LONGEST` characters) and repeats at most
:data:`ECHO` characters of any one input; any other exception fails the test.
Each call also returns within :data:`TIME_BOUND` seconds, timed with
``time.perf_counter`` around the call alone. That bound is a correctness check
against hangs and runaway work (a year-9999 loop, a billion-agent Erlang sum, a
deeply nested rulebook), not a benchmark: the calls it guards take
milliseconds, so it holds with room to spare on a loaded CI runner.

:func:`fuzz` gives each hypothesis test its CI budget of examples; under the long
profile (``SVCQUALITY_FUZZ=long``, see ``tests/conftest.py``) every test takes
the profile's own count instead.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from svcquality.errors import RulebookError, SvcQualityError

#: Where a message may not echo more than this much of one input.
ECHO = 200
#: A message is shorter than this.
LONGEST = 1_000
#: No call may take longer than this many seconds (a hang check, not a benchmark).
TIME_BOUND = 2.0
#: The profile ``SVCQUALITY_FUZZ=long`` loads (registered in ``tests/conftest.py``).
LONG_PROFILE = "fuzz-long"

#: Values no public callable accepts in every position; each one is tried everywhere.
JUNK: tuple[object, ...] = (
    None,
    5,
    -1,
    10**30,
    "",
    " A1024 ",
    "x" * 300,
    1.5,
    float("nan"),
    float("inf"),
    Decimal("NaN"),
    Decimal("1E+999"),
    [1],
    {"a": 1},
    object(),
    timedelta.max,
    datetime(2025, 1, 1),  # noqa: DTZ001 - naive on purpose
)


def fuzz(examples: int) -> settings:
    """A fuzz test's settings: ``examples`` in CI, the long profile's count in a long run.

    No hypothesis deadline: the time law is :data:`TIME_BOUND`, per call, checked by
    :func:`call` itself, so a slow first draw (a holiday table) is not a failure.
    """
    quiet = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
    if settings.get_current_profile_name() == LONG_PROFILE:
        return settings(deadline=None, suppress_health_check=quiet)
    return settings(max_examples=examples, deadline=None, suppress_health_check=quiet)


def _texts(value: object, depth: int = 0) -> Iterator[str]:
    """Every text inside an input (keys and values of mappings, items of sequences)."""
    if isinstance(value, str):
        yield value
    elif depth > 60:  # a nested input deeper than this is only its outer levels
        return
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _texts(k, depth + 1)
            yield from _texts(v, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _texts(item, depth + 1)


def _echo(message: str, text: str) -> str | None:
    """The first piece of ``text`` longer than ECHO that ``message`` repeats, if any."""
    width = ECHO + 1
    if len(text) < width or len(message) < width:
        return None
    if len(message) <= len(text):
        pieces = (message[i : i + width] for i in range(len(message) - ECHO))
        return next((p for p in pieces if p in text), None)
    pieces = (text[i : i + width] for i in range(len(text) - ECHO))
    return next((p for p in pieces if p in message), None)


def check_message(label: str, message: str, inputs: object = ()) -> None:
    """A message is short and repeats at most ECHO characters of any text in ``inputs``
    (as given, after NFKC, or escaped as its repr shows it)."""
    assert len(message) < LONGEST, f"{label}: a {len(message)}-character message"
    _check_echo(label, message, inputs)


def check_error(label: str, exc: SvcQualityError, inputs: object = ()) -> None:
    """:func:`check_message` of an error; a :class:`~svcquality.RulebookError` lists
    every problem of a rulebook at once, so each problem is one short message."""
    if isinstance(exc, RulebookError):
        for problem in exc.problems:
            check_message(f"{label} ({problem.path})", str(problem), inputs)
        _check_echo(label, str(exc), inputs)
    else:
        check_message(label, str(exc), inputs)


def _check_echo(label: str, message: str, inputs: object) -> None:
    for text in _texts(inputs):
        if len(text) <= ECHO:
            continue
        for form in {text, unicodedata.normalize("NFKC", text), repr(text)[1:-1]}:
            piece = _echo(message, form)
            assert piece is None, f"{label} echoes more than {ECHO} characters: {piece[:40]!r}..."


def run(
    label: str, thunk: Callable[[], Any], inputs: object, *, bound: float = TIME_BOUND
) -> tuple[Any, str]:
    """Run ``thunk`` under the contract: ``(result, "")`` when it returned, ``(None,
    message)`` when it raised our error. Any other exception, a run longer than
    ``bound`` (TIME_BOUND unless a test documents a known cost), or a long message or
    one echoing a text of ``inputs`` fails the test."""
    start = time.perf_counter()
    try:
        result = thunk()
    except SvcQualityError as exc:
        error: SvcQualityError | None = exc
        result = None
    except Exception as exc:  # every other exception is the failure this test looks for
        pytest.fail(
            f"{label} raised {type(exc).__name__}: {str(exc)[:300]}\ninputs: {repr(inputs)[:600]}"
        )
    else:
        error = None
    took = time.perf_counter() - start
    assert took < bound, f"{label} took {took:.2f} s (the bound is {bound} s)"
    if error is None:
        return result, ""
    check_error(label, error, inputs)
    return None, str(error)


def call(label: str, fn: Callable[..., Any], *args: object, **kwargs: object) -> tuple[Any, str]:
    """:func:`run` of ``fn(*args, **kwargs)``, its arguments the inputs."""
    return run(label, lambda: fn(*args, **kwargs), (args, kwargs))


def outcome(
    label: str, fn: Callable[..., Any], args: tuple[object, ...], kwargs: dict[str, object]
) -> str:
    """The message of the SvcQualityError the call raised ("" when it returned)."""
    return call(label, fn, *args, **kwargs)[1]
