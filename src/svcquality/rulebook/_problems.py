"""Problems of a rulebook: what one plain value's reader raises, paths, and hints."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from cattrs.errors import ClassValidationError, IterableValidationError

from svcquality._fields import NAME_SHOWN, clipped, did_you_mean, shown
from svcquality._fields import closest as shared_closest

# --------------------------------------------------------------------------- problems


class HookError(Exception):
    """Raised when one plain value (a duration, hours, a zone...) cannot be read.

    It carries what is wrong and how to fix it; the loader turns it into a
    :class:`~svcquality.RulebookProblem` at the value's path.
    """

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


class ReportedError(HookError):
    """A reference to an entry whose own problems are reported: nothing more to say."""

    def __init__(self) -> None:
        super().__init__("reported with the entry it names", "")


#: Where below a value one of its problems is: a key or index, a path, or None (the value).
Below = str | int | tuple[str | int, ...] | None


class NestedError(Exception):
    """The problems of a value's parts (a list's items, a mapping's keys), each with where
    it is below the value."""

    def __init__(self, items: list[tuple[Below, BaseException]]) -> None:
        super().__init__(f"{len(items)} problems")
        self.items = items


Path = tuple[str | int, ...]
MISSING = object()
_KEY = re.compile(r"[^\W\d][\w-]*")


#: How much of one key a path repeats, and of a problem's message and fix.
KEY_SHOWN = NAME_SHOWN
MESSAGE_SHOWN = 400
FIX_SHOWN = 600


def path_text(path: Path) -> str:
    """The path as a reader writes it (``promises[2].milestones.resolve``); a long key
    is cut to :data:`KEY_SHOWN` characters, so the path stays readable."""
    out = ""
    for seg in path:
        if isinstance(seg, int) and abs(seg) < 10**12:
            out += f"[{seg}]"
        elif isinstance(seg, str) and len(seg) <= KEY_SHOWN and _KEY.fullmatch(seg):
            out += f".{seg}" if out else seg
        else:
            out += f"[{shown(seg, KEY_SHOWN)}]"
    return out


def problem_texts(message: str, fix: str) -> tuple[str, str]:
    """A problem's message and fix, cut to their lengths: a message may quote a
    value or a key, and a fix list names, each as long as a rulebook makes them."""
    return clipped(message, MESSAGE_SHOWN), clipped(fix, FIX_SHOWN)


def value_at(data: object, path: Path) -> object:
    for k, seg in enumerate(path):
        if (isinstance(seg, int) and isinstance(data, list | tuple) and 0 <= seg < len(data)) or (
            isinstance(data, Mapping) and seg in data
        ):
            data = data[seg]  # type: ignore[index]
        elif isinstance(data, str) and seg == "target" and k == len(path) - 1:
            return data  # a milestone written as its target alone: resolve: '4h'
        else:
            return MISSING
    return data


def closest(name: object, known: Iterable[str], what: str) -> str:
    return shared_closest(name, known, what, none=f"the rulebook defines no {what}")


hint = did_you_mean


# Examples used in the fix of a missing key.
EXAMPLES = {
    "hours": "hours: {'mon-fri': '09:00-17:00'}",
    "zone": "zone: 'Asia/Shanghai'",
    "service": "service: 'loss_report'",
    "milestones": "milestones: {'respond': '1h', 'initial_disposal': '4h'}",
    "target": "target: '4h' (or '3个工作日')",
    "promise": "promise: 'loss_report' (a promise's name)",
    "code": "code: 'I'",
    "milestone": "milestone: 'resolve'",
    "steps": "steps: [{'trigger': '80% consumed', 'action': {'notify': 'supervisor'}}]",
    "trigger": "trigger: '80% consumed'",
    "action": "action: {'notify': 'supervisor'}",
    "to": "to: 'card_centre' (a routing rule's unit) or '30 working days' (an extension)",
    "name": "name: 'service_level'",
    "kpi": "kpi: 'service_level'",
}


def problems_of(exc: BaseException, path: Path, out: list[tuple[Path, str, str]]) -> None:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            seg: str | int = note.name if hasattr(note, "name") else note.index
            problems_of(inner, (*path, seg), out)
        for other in without:
            problems_of(other, path, out)
    elif isinstance(exc, NestedError):
        for below, sub in exc.items:
            sub_path = below if isinstance(below, tuple) else () if below is None else (below,)
            problems_of(sub, (*path, *sub_path), out)
    elif isinstance(exc, ReportedError):
        pass
    elif isinstance(exc, HookError):
        out.append((path, exc.message, exc.fix))
    elif isinstance(exc, KeyError) and path:
        key = path[-1]
        example = EXAMPLES.get(str(key), f"{key}: ...")
        out.append((path, f"the required key {shown(key)} is missing", f"add it, e.g. {example}"))
    else:
        out.append((path, str(exc), "correct the value as the message says"))


def kind_of(value: object) -> str:
    if value is None:
        return "nothing (null)"
    return f"{type(value).__name__} {shown(value)}"
