"""Event logs: the one replay skeleton and the one error about an event (internal).

This module is an internal interface, not part of the public API. The clock's
replay (:mod:`svcquality.clock._replay`), a request's routing log
(:mod:`svcquality.routing`) and a feedback case (:mod:`svcquality.feedback`) all
replay a log the same way: every entry must be one of the log's event kinds, at
an aware instant no earlier than the one before it. :func:`in_order` checks
that and yields each event with its index and instant in microseconds, and
:func:`event_error` builds the error about one event, which carries ``index``,
``event`` and ``fix`` as data (see :class:`~svcquality.errors.EventLogError`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

import attrs

from svcquality._instants import micros_of, to_micros
from svcquality.errors import EventLogError, FeedbackError, RoutingError

__all__ = ["LogKinds", "event_error", "in_order"]

LogError = TypeVar("LogError", EventLogError, RoutingError, FeedbackError)
E = TypeVar("E")


def event_error(
    cls: type[LogError],
    index: int,
    event: object,
    problem: str,
    fix: str,
    *,
    code: str,
    shown: str | None = None,
    where: str = "",
) -> LogError:
    """The error about event ``index`` of a log: ``[where: ]log[index][ shown]: problem; fix``.

    The one constructor of such errors: its ``data`` holds ``index``, ``event`` and
    ``fix`` (read as the error's ``index``, ``event`` and ``fix`` attributes).

    Args:
        cls: the error class of the log.
        index: the event's position in the log.
        event: the event (or the entry that is not one).
        problem: what is wrong.
        fix: how to put it right.
        code: the error's code, one of :data:`~svcquality.errors.CODES`.
        shown: the event as the message names it; omitted when ``problem``
            already shows it.
        where: which log (a request, a case), or ``""``.
    """
    head = f"{where}: log[{index}]" if where else f"log[{index}]"
    if shown:
        head = f"{head} {shown}"
    return cls(f"{head}: {problem}; {fix}", code=code, index=index, event=event, fix=fix)


@attrs.frozen
class LogKinds(Generic[E]):
    """What a log is made of, and how its errors name an event.

    Attributes:
        kinds: the event classes a log may hold.
        error: the error class of the log.
        code: the code of its errors about one event.
        what: what an entry must be, e.g. ``"an event"``.
        use: the fix for an entry that is not one, e.g. ``"use Opened, ..."``.
        describe: an event as an error message names it.
        order_fix: the fix for an event earlier than the one before it.
        where_on_all: whether the error about an event's order or instant names
            the log (``where``) too, as the one about an entry that is no event does.
    """

    kinds: tuple[type[E], ...]
    error: type[Any]
    code: str
    what: str
    use: str
    describe: Callable[[E], str]
    order_fix: str = "order the log by instant"
    where_on_all: bool = True


def in_order(
    log: Iterable[object], rules: LogKinds[E], where: str = ""
) -> Iterator[tuple[int, E, int]]:
    """Each event of ``log`` with its index and instant, once it is checked.

    Raises:
        rules.error: an entry is not one of ``rules.kinds``, or is earlier than
            the one before it.
        NaiveDatetimeError: an event's instant is not aware (changed behind the
            event's back: every event checks its instant when built).
    """
    prev = -(2**63)  # before every instant
    named = where if rules.where_on_all else ""
    kinds = rules.kinds
    for i, event in enumerate(log):
        if not isinstance(event, kinds):
            raise event_error(
                rules.error,
                i,
                event,
                f"{event!r} is not {rules.what}",
                rules.use,
                code=rules.code,
                where=where,
            )
        at: Any = event.at  # type: ignore[attr-defined]  # every kind has one
        try:
            x = to_micros(at)
        except TypeError:
            x = micros_of(at, f"{named}: log[{i}].at" if named else f"log[{i}].at")
        if x < prev:
            raise event_error(
                rules.error,
                i,
                event,
                "it is earlier than the event before it",
                rules.order_fix,
                code=rules.code,
                shown=rules.describe(event),
                where=named,
            )
        prev = x
        yield i, event, x
