"""Event logs: the one replay skeleton and the one error about an event (internal).

This module is an internal interface, not part of the public API. The clock's
replay (:mod:`svcquality.clock._replay`), a request's routing log
(:mod:`svcquality.routing`) and a feedback case (:mod:`svcquality.feedback`) all
replay a log the same way: every entry must be one of the log's event kinds, at
an aware instant no earlier than the one before it. :func:`in_order` checks
that and yields each event with its index and instant in microseconds, and
:func:`event_error` builds the error about one event, which carries ``index``,
``event`` and ``fix`` as data (see :class:`~svcquality.errors.EventLogError`).

One request, one log. The clock's, the routing's and the feedback loop's events
may share a single log (``docs/request.md``). Each reader names its events by
type: :func:`belongs` records which reader an event kind belongs to, and a reader
whose :class:`LogKinds` has a ``reader`` skips, in :func:`in_order`, every event
another reader owns (after checking its place in the order, which is the whole
log's). An entry that belongs to no reader is an error naming it, never dropped.
The record is filled when each reader's module is imported; ``import svcquality``
imports them all, so every reader sees every kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

import attrs

from svcquality._fields import aware, shown
from svcquality._instants import micros_of, to_micros
from svcquality.errors import EventLogError, FeedbackError, RoutingError

__all__ = [
    "LogEntry",
    "LogKinds",
    "Logged",
    "belongs",
    "entries",
    "event_error",
    "in_order",
    "reader_of",
]

LogError = TypeVar("LogError", EventLogError, RoutingError, FeedbackError)
E = TypeVar("E")


class LogEntry(Protocol):
    """An entry of a request's one log, as the readers' signatures accept it.

    Every event of every reader (the clock's, routing's, the feedback loop's) has
    its instant ``at``; a reader tells its own events by type and checks the rest
    (an entry that is no reader's event is an error naming it, never dropped).
    """

    @property
    def at(self) -> datetime:
        """The instant of the event (timezone-aware)."""
        ...


@attrs.frozen
class Logged:
    """The base of every reader's event: its instant ``at``, checked once for all.

    Each event kind (the clock's, routing's, the feedback loop's) is a frozen
    subclass that adds its own fields after ``at``; a naive instant is refused
    when the event is built, with an error naming the event kind.

    Attributes:
        at: the instant of the event (timezone-aware).
    """

    at: datetime = attrs.field(validator=aware)


def entries(value: Iterable[LogEntry], what: str, error: type[Any]) -> tuple[LogEntry, ...]:
    """A model's log field as it is kept: the entries of ``value`` as a tuple, or
    ``error`` saying ``"<what>, got <value>"`` for a text or a non-iterable."""
    if not isinstance(value, Iterable) or isinstance(value, (str, bytes)):
        msg = f"{what}, got {shown(value)}"
        raise error(msg)
    return tuple(value)


#: Every event kind of the one request log, with the reader it belongs to.
_READERS: dict[type, str] = {}


def belongs(reader: str, kinds: tuple[type, ...]) -> None:
    """Record ``kinds`` as the events ``reader`` reads (``"clock"``, ``"routing"``...).

    Called once by each reader's module when it is imported. A kind already
    recorded for another reader is a programming error in the library.
    """
    for kind in kinds:
        owner = _READERS.setdefault(kind, reader)
        assert owner == reader, f"{kind.__name__} belongs to {owner!r} and {reader!r}"


def reader_of(event: object) -> str | None:
    """The reader ``event`` belongs to (by its type or a base of it), or None."""
    for kind in type(event).__mro__:
        owner = _READERS.get(kind)
        if owner is not None:
            return owner
    return None


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
        reader: the reader this log is for (see :func:`belongs`); an event another
            reader owns is then skipped, not refused. ``""``: every entry must be
            one of ``kinds``.
    """

    kinds: tuple[type[E], ...]
    error: type[Any]
    code: str
    what: str
    use: str
    describe: Callable[[E], str]
    order_fix: str = "order the log by instant"
    where_on_all: bool = True
    reader: str = ""


def _use(rules: LogKinds[Any]) -> str:
    """The fix for an entry that is no event: the reader's kinds, and the others'."""
    if not rules.reader:
        return rules.use
    others = sorted({r for r in _READERS.values() if r != rules.reader})
    if not others:
        return rules.use
    return f"{rules.use}, or an event of another reader of the request's log ({', '.join(others)})"


def in_order(
    log: Iterable[object], rules: LogKinds[E], where: str = ""
) -> Iterator[tuple[int, E, int]]:
    """Each event of ``log`` with its index and instant, once it is checked.

    An event of another reader (``rules.reader`` set) is checked for its instant
    and order, then skipped: indexes stay those of the whole log.

    Raises:
        rules.error: an entry is not one of ``rules.kinds`` (nor, with
            ``rules.reader``, an event of another reader), or is earlier than
            the one before it.
        NaiveDatetimeError: an event's instant is not aware (changed behind the
            event's back: every event checks its instant when built).
    """
    prev = -(2**63)  # before every instant
    named = where if rules.where_on_all else ""
    kinds = rules.kinds
    reader = rules.reader
    entries: Iterable[Any] = log  # each is checked below
    for i, event in enumerate(entries):
        mine = isinstance(event, kinds)
        if not mine and not (reader and reader_of(event) not in (None, reader)):
            raise event_error(
                rules.error,
                i,
                event,
                f"{shown(event)} is not {rules.what}",
                _use(rules),
                code=rules.code,
                where=where,
            )
        at: Any = event.at  # every kind has one
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
                shown=rules.describe(event)
                if mine
                else f"{type(event).__name__}(at={at.isoformat()})",
                where=named,
            )
        prev = x
        if mine:
            yield i, event, x
