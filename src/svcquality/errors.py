"""The exceptions svcquality raises.

There is one root, [`SvcQualityError`][svcquality.SvcQualityError].
Every error caused by bad input (a value, a name, an event log, a rulebook)
also subclasses `ValueError`, so a host may catch either.
Messages name the offending value, where it was, and how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

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
]


class SvcQualityError(Exception):
    """Root of every exception raised by svcquality.

    A message never repeats more than about 200 characters of one value: a
    quoted value longer than that is cut in its middle (``'xxxx...(1000000
    chars)...xxxx'``), so a megabyte of bad input gives a short error.
    """

    def __init__(self, *args: object) -> None:
        if args and isinstance(args[0], str) and len(args[0]) > _ECHO:
            args = (_clip(args[0]), *args[1:])
        super().__init__(*args)


#: The most characters of one quoted value a message repeats.
_ECHO = 200
_QUOTED = re.compile("'[^'\\n]{%d,}'|\"[^\"\\n]{%d,}\"" % (_ECHO, _ECHO))  # noqa: UP031


def _clip(message: str) -> str:
    def cut(m: re.Match[str]) -> str:
        text = m.group()
        keep = (_ECHO - 40) // 2
        return f"{text[:keep]}...({len(text) - 2} chars)...{text[-keep:]}"

    return _QUOTED.sub(cut, message)


class NaiveDatetimeError(SvcQualityError, ValueError):
    """A `datetime` without a time zone was given where an instant is needed.

    Fix: attach a zone, e.g. ``t.replace(tzinfo=ZoneInfo("Asia/Shanghai"))``
    when ``t`` is a Shanghai wall time; a host reading its own clock asks for an
    aware instant (``now`` with a zone) and passes it in.
    """


class CalendarError(SvcQualityError, ValueError):
    """A business calendar cannot be built as described.

    Raised for bad weekly hours (unknown weekday key, a window that ends before
    it starts, overlapping windows), an unknown time zone, an unknown holiday
    country or subdivision, or contradictory overrides.
    """


class UntrustedYearError(CalendarError):
    """A computation reached a year outside the calendar's trusted ``years``.

    China publishes each year's make-up working days late in the year before,
    so a host may bound the years it trusts; past them the answer would be a
    guess. Fix: extend ``years=`` once the new notice is in the holidays data.
    """


class DurationError(SvcQualityError, ValueError):
    """A duration text could not be read (see
    [`svcquality.parse_duration`][svcquality.parse_duration])."""


class PromiseError(SvcQualityError, ValueError):
    """A service promise or one of its targets is invalid."""


class CatalogError(PromiseError):
    """A promise catalog is invalid (no default rule, a rule that can never match)."""


class EventLogError(SvcQualityError, ValueError):
    """A request's event log is impossible (names the event and its position)."""


class LadderError(SvcQualityError, ValueError):
    """An escalation ladder is invalid (names the ladder, the step and the fix)."""


class RoutingError(SvcQualityError, ValueError):
    """A routing rule, ownership change or work order is invalid."""


class AuthorityError(SvcQualityError, ValueError):
    """An authority matrix or an authority request is invalid."""


class FeedbackError(SvcQualityError, ValueError):
    """A feedback case received an event its state does not allow."""


class ParameterError(SvcQualityError, ValueError):
    """A parameter is out of its range (KPI options, staffing inputs)."""


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

    problems: tuple[RulebookProblem, ...]

    def __init__(self, problems: Iterable[RulebookProblem]) -> None:
        self.problems = tuple(problems)
        n = len(self.problems)
        head = f"the rulebook has {n} problem{'s' if n != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))

    @property
    def paths(self) -> tuple[str, ...]:
        """The path of every problem, in order."""
        return tuple(p.path for p in self.problems)
