"""The exceptions svcquality raises.

There is one root, :class:`SvcQualityError`.
Every error caused by bad input (a value, a name, an event log, a rulebook)
also subclasses :class:`ValueError`, so a host may catch either.
Messages name the offending value, where it was, and how to fix it.

Messages are in English, one language for logs and bug reports. A host that
shows its own words (a Chinese screen for the agent) reads the error's stable
``code`` and its ``data`` instead of the message: every code is listed in
:data:`CODES`, and a code never changes meaning once released.

Example:
    >>> import svcquality as sq
    >>> try:
    ...     sq.parse_duration("3 wrking days")
    ... except sq.SvcQualityError as e:
    ...     print(e.code, e.data["text"])
    duration.unreadable 3 wrking days
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import ClassVar, Final, Generic, TypeVar, overload

import attrs

_T = TypeVar("_T")

__all__ = [
    "AuthorityError",
    "CalendarError",
    "CatalogError",
    "DurationError",
    "EventLogError",
    "FeedbackError",
    "LadderError",
    "NaiveDatetimeError",
    "ParameterError",
    "PromiseError",
    "RoutingError",
    "RulebookError",
    "RulebookProblem",
    "SvcQualityError",
    "UntrustedYearError",
    "CODES",
]

#: Every error code svcquality raises, with what it means. A class's own code
#: is the default for its errors; a dotted code names one kind of problem in
#: it, with the data listed here. A code keeps its meaning once released.
CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "error": "an svcquality error (the root; never raised as such)",
        "naive_datetime": "an instant without a time zone, or not a datetime; data: where, value",
        "calendar": "a business calendar cannot be built or asked as described",
        "calendar.untrusted_year": (
            "a computation reached a year outside the calendar's trusted years; "
            "data: what, value, first, last"
        ),
        "calendar.no_open_time": (
            "a date or instant outside the years a calendar covers, or no open time "
            "before or after them or in ten years running; data: what, value"
        ),
        "duration": "a duration or target text cannot be read",
        "duration.unreadable": "a duration text is not in the grammar; data: text, position",
        "promise": "a service promise or one of its targets is invalid",
        "catalog": "a promise catalog is invalid",
        "catalog.calendar": (
            "a request attribute a catalog rule reads its calendar from names no calendar "
            "of the catalog; data: source, name, precedence"
        ),
        "catalog.currency": (
            "a catalog rule tests amounts in one currency (or none) and the request's "
            "amount is in another; data: rule, amount"
        ),
        "catalog.not_in_force": (
            "no version of a catalog's default rule is in force for a request opened at "
            "that instant; data: opened_at"
        ),
        "catalog.versions_apart": (
            "a version of a catalog rule stands apart from its earlier versions, another "
            "rule between them; data: position, version_of, between"
        ),
        "event_log": "a request's event log is impossible",
        "event_log.event": (
            "one event of a request's log cannot be where it is (not an event, earlier "
            "than the one before it, not allowed in the clock's state); data: index, event, fix"
        ),
        "ladder": "an escalation ladder is invalid",
        "routing": "a routing rule, ownership change or work order is invalid",
        "routing.event": (
            "one event of a request's routing log cannot be where it is; data: index, event, fix"
        ),
        "routing.currency": (
            "a routing rule tests amounts in one currency (or none) and the request's "
            "amount is in another; data: rule, amount"
        ),
        "authority": "an authority matrix or request is invalid",
        "authority.unknown_role": (
            "decide() with a role the matrix does not have; data: value, known"
        ),
        "authority.unknown_action": (
            "decide() with an action the matrix has no rule for; data: value, known"
        ),
        "feedback": "a feedback case received an event its state does not allow",
        "feedback.event": (
            "one event of a feedback case's log cannot be where it is; data: index, event, fix"
        ),
        "parameter": "a parameter is out of its range (KPI options, staffing inputs)",
        "language": "a language= option other than 'zh' or 'en'; data: where, value",
        "identity": (
            "an identity (actor, second person, customer, unit) with invisible or "
            "surrounding characters, or not text; data: where, value"
        ),
        "choice": "a value outside an option's fixed choices; data: where, value, choices",
        "zone": "a time zone that is not an IANA name (or not text); data: where, value",
        "amount": (
            "an amount that is not an exact, finite number (a float, a bool, NaN, "
            "not a number); data: where, value"
        ),
        "rulebook": "a rulebook mapping is invalid; data: problems (each with its path)",
    }
)


class SvcQualityError(Exception):
    """Root of every exception raised by svcquality.

    A message never repeats more than about 200 characters of one value: a
    quoted value longer than that is cut in its middle (``'xxxx...(1000000
    chars)...xxxx'``), so a megabyte of bad input gives a short error.

    Attributes:
        code: what kind of problem it is, stable across releases: the class's
            own code (``"calendar"``), or a dotted one naming the problem
            (``"calendar.untrusted_year"``). :data:`CODES` lists them all.
        data: the values the message is made of (read-only), by the names
            :data:`CODES` gives for the code; empty for a class's own code.
    """

    #: The code of this class's errors when the raise names no narrower one.
    default_code: ClassVar[str] = "error"

    code: str
    data: Mapping[str, object]

    def __init__(self, *args: object, code: str | None = None, **data: object) -> None:
        if args and isinstance(args[0], str) and len(args[0]) > _ECHO:
            args = (_clip(args[0]), *args[1:])
        super().__init__(*args)
        self.code = code or type(self).default_code
        self.data = MappingProxyType(data)

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle their args only; the code and data travel too, so an
        # error from a worker process (Dask, multiprocessing) arrives whole.
        return (_rebuild, (type(self), self.args, self.code, dict(self.data)))


def _rebuild(
    cls: type[SvcQualityError], args: tuple[object, ...], code: str, data: dict[str, object]
) -> SvcQualityError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.code = code
    error.data = MappingProxyType(data)
    if isinstance(error, RulebookError):
        error.problems = data.get("problems", ())  # type: ignore[assignment]
    return error


#: The most characters of one quoted value a message repeats.
_ECHO = 200
_QUOTED = re.compile("'[^'\\n]{%d,}'|\"[^\"\\n]{%d,}\"" % (_ECHO, _ECHO))  # noqa: UP031


def _clip(message: str) -> str:
    def cut(m: re.Match[str]) -> str:
        text = m.group()
        keep = (_ECHO - 40) // 2
        return f"{text[:keep]}...({len(text) - 2} chars)...{text[-keep:]}"

    return _QUOTED.sub(cut, message)


class _Datum(Generic[_T]):
    """One entry of an error's ``data`` read as an attribute (None when absent).

    The errors about one event of a log (the clock's, routing's, the feedback
    loop's) share these, so ``index``, ``event`` and ``fix`` read the same way on
    each; read-only, like a property.
    """

    def __init__(self, key: str, doc: str) -> None:
        self.key = key
        self.__doc__ = doc

    @overload
    def __get__(self, error: None, owner: type[SvcQualityError]) -> _Datum[_T]: ...
    @overload
    def __get__(self, error: SvcQualityError, owner: type[SvcQualityError]) -> _T | None: ...
    def __get__(
        self, error: SvcQualityError | None, owner: type[SvcQualityError]
    ) -> _Datum[_T] | _T | None:
        if error is None:
            return self
        return error.data.get(self.key)  # type: ignore[return-value]

    def __set__(self, error: SvcQualityError, value: object) -> None:
        msg = f"{self.key!r} of an error is read-only: it is the error's data[{self.key!r}]"
        raise AttributeError(msg)


_EVENT_INDEX: Final = _Datum[int](
    "index", "The position of the event in the log, or None when not about one event."
)
_EVENT: Final = _Datum[object]("event", "The event (or the entry that is not one), or None.")
_EVENT_FIX: Final = _Datum[str]("fix", "How to put it right, or None.")


class NaiveDatetimeError(SvcQualityError, ValueError):
    """A `datetime` without a time zone was given where an instant is needed.

    Fix: attach a zone, e.g. ``t.replace(tzinfo=ZoneInfo("Asia/Shanghai"))``
    when ``t`` is a Shanghai wall time; a host reading its own clock asks for an
    aware instant (``now`` with a zone) and passes it in.
    """

    default_code: ClassVar[str] = "naive_datetime"


class CalendarError(SvcQualityError, ValueError):
    """A business calendar cannot be built as described.

    Raised for bad weekly hours (unknown weekday key, a window that ends before
    it starts, overlapping windows), an unknown time zone, an unknown holiday
    country or subdivision, or contradictory overrides.
    """

    default_code: ClassVar[str] = "calendar"


class UntrustedYearError(CalendarError):
    """A computation reached a year outside the calendar's trusted ``years``.

    China publishes each year's make-up working days late in the year before,
    so a host may bound the years it trusts; past them the answer would be a
    guess. Fix: extend ``years=`` once the new notice is in the holidays data.
    """

    default_code: ClassVar[str] = "calendar.untrusted_year"


class DurationError(SvcQualityError, ValueError):
    """A duration text could not be read (see :func:`svcquality.parse_duration`)."""

    default_code: ClassVar[str] = "duration"


class PromiseError(SvcQualityError, ValueError):
    """A service promise or one of its targets is invalid."""

    default_code: ClassVar[str] = "promise"


class CatalogError(PromiseError):
    """A promise catalog is invalid (no default rule, a rule that can never match)."""

    default_code: ClassVar[str] = "catalog"


class EventLogError(SvcQualityError, ValueError):
    """A request's event log is impossible (names the event and its position).

    Its errors about one event of the log (code ``"event_log.event"``) carry the
    event's ``index``, the ``event`` and the ``fix`` as data, read by the attributes
    of those names.
    """

    default_code: ClassVar[str] = "event_log"

    index = _EVENT_INDEX
    event = _EVENT
    fix = _EVENT_FIX


class LadderError(SvcQualityError, ValueError):
    """An escalation ladder is invalid (names the ladder, the step and the fix)."""

    default_code: ClassVar[str] = "ladder"


class RoutingError(SvcQualityError, ValueError):
    """A routing rule, ownership change or work order is invalid.

    Its errors about one event of the log (code ``"routing.event"``) carry the
    event's ``index``, the ``event`` and the ``fix`` as data, read by the attributes
    of those names.
    """

    default_code: ClassVar[str] = "routing"

    index = _EVENT_INDEX
    event = _EVENT
    fix = _EVENT_FIX


class AuthorityError(SvcQualityError, ValueError):
    """An authority matrix or an authority request is invalid."""

    default_code: ClassVar[str] = "authority"


class FeedbackError(SvcQualityError, ValueError):
    """A feedback case received an event its state does not allow.

    Its errors about one event of the log (code ``"feedback.event"``) carry the
    event's ``index``, the ``event`` and the ``fix`` as data, read by the attributes
    of those names.
    """

    default_code: ClassVar[str] = "feedback"

    index = _EVENT_INDEX
    event = _EVENT
    fix = _EVENT_FIX


class ParameterError(SvcQualityError, ValueError):
    """A parameter is out of its range (KPI options, staffing inputs)."""

    default_code: ClassVar[str] = "parameter"


@attrs.frozen
class RulebookProblem:
    """One problem of a rulebook mapping.

    Attributes:
        path: where it is, e.g. ``"promises[2].milestones.resolve.target"``;
            ``""`` for the mapping as a whole.
        value: the value found there (None when the key is missing).
        message: what is wrong.
        fix: how to put it right.
    """

    path: str
    value: object
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.path or "(the rulebook)"
        shown = _short(self.value)
        got = "" if shown in self.message else f" (got {shown})"  # said once is enough
        return f"{where}: {self.message}{got}. Fix: {self.fix}"


def _short(value: object, limit: int = 80) -> str:
    try:
        text = repr(value)
    except (RecursionError, ValueError):  # nested too deep to print, or a huge int
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class RulebookError(SvcQualityError, ValueError):
    """A rulebook mapping is invalid; ``problems`` lists every problem with its path.

    The message lists them all, one per line, so a reviewer can fix the whole
    rulebook in one pass.

    Attributes:
        problems: every problem found, in the order of the mapping.
    """

    default_code: ClassVar[str] = "rulebook"

    problems: tuple[RulebookProblem, ...]

    def __init__(self, problems: Iterable[RulebookProblem]) -> None:
        self.problems = tuple(problems)
        n = len(self.problems)
        head = f"the rulebook has {n} problem{'s' if n != 1 else ''}:"
        lines = "\n".join([head, *(f"  - {p}" for p in self.problems)])
        super().__init__(lines, problems=self.problems)

    @property
    def paths(self) -> tuple[str, ...]:
        """The path of every problem, in order."""
        return tuple(p.path for p in self.problems)
