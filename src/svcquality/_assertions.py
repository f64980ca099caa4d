"""Assertions for host test suites, re-exported by :mod:`svcquality.testing`.

Each raises ``AssertionError`` with a message a reviewer can act on: what was
expected, what the library computed, and the figures behind it (due instants,
time used, pauses), so a failing SLA test explains itself in the CI log.
They need no hypothesis and may be imported from here directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from svcquality._logs import LogEntry
from svcquality.clock import MilestoneReading, Status, read_clock
from svcquality.errors import RulebookError
from svcquality.escalation import Action, DueAction, Ladder, due_actions
from svcquality.promises import Promise
from svcquality.rulebook import load_rulebook

__all__ = ["assert_due", "assert_escalates", "assert_met", "assert_rulebook_valid"]


def _when(t: datetime | None) -> str:
    return "-" if t is None else t.isoformat(sep=" ")


def _span(d: timedelta) -> str:
    sign = "-" if d < timedelta(0) else ""
    total = abs(d)
    hours, rest = divmod(int(total.total_seconds()), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours}h{minutes:02d}m" + (f"{seconds:02d}s" if seconds else "")


def _describe(m: MilestoneReading) -> str:
    return (
        f"  status:       {m.status.name}\n"
        f"  target:       {m.target!r}\n"
        f"  due:          {_when(m.due)} (original {_when(m.original_due)})\n"
        f"  used:         {_span(m.elapsed)} of {_span(m.budget)} "
        f"({float(m.consumed):.0%}), paused {_span(m.paused)}\n"
        f"  met at:       {_when(m.met_at)}\n"
        f"  breached at:  {_when(m.breached_at)}"
    )


def _milestone(
    promise: Promise, log: Sequence[LogEntry], milestone: str, now: datetime
) -> MilestoneReading:
    reading = read_clock(promise, log, now)
    try:
        return reading.milestones[milestone]
    except KeyError:
        if milestone in reading.promise.replies:
            raise AssertionError(reading.promise._unknown(milestone)) from None
        known = ", ".join(map(repr, reading.milestones))
        msg = f"promise {reading.promise.name!r} has no milestone {milestone!r}; it has {known}"
        raise AssertionError(msg) from None


def assert_met(promise: Promise, log: Iterable[LogEntry], milestone: str, now: datetime) -> None:
    """Assert that ``milestone`` is met on time at ``now``.

    Raises:
        AssertionError: it is running, paused, breached or met late; the message
            shows its due instant, the time used and the pauses.
    """
    events = tuple(log)
    m = _milestone(promise, events, milestone, now)
    if m.status is not Status.MET:
        late = " (met late)" if m.met_at is not None else ""
        msg = (
            f"expected milestone {milestone!r} of promise {promise.name!r} to be met on time "
            f"at {_when(now)}, but it is {m.status.name}{late}:\n{_describe(m)}"
        )
        raise AssertionError(msg)


def assert_due(
    promise: Promise,
    log: Iterable[LogEntry],
    milestone: str,
    expected: datetime,
    *,
    now: datetime | None = None,
) -> None:
    """Assert that ``milestone`` falls due at ``expected``.

    The due instant is read at ``now``, by default the instant of the log's last
    event (while paused, the due instant moves with ``now``: pass it).

    Raises:
        AssertionError: the due instant differs; the message shows both, the
            difference and the figures behind the computed one.
    """
    events = tuple(log)
    if now is None:
        if not events:
            msg = "assert_due: the log is empty; it must start with Opened(at=...)"
            raise AssertionError(msg)
        now = events[-1].at
    m = _milestone(promise, events, milestone, now)
    if m.due != expected:
        msg = (
            f"expected milestone {milestone!r} of promise {promise.name!r} to be due at "
            f"{_when(expected)}, but it is due at {_when(m.due)} "
            f"({_span(m.due - expected)} {'later' if m.due > expected else 'earlier'}), "
            f"read at {_when(now)}:\n{_describe(m)}"
        )
        raise AssertionError(msg)


def _line(a: DueAction) -> str:
    late = "" if a.deliver_at == a.trigger_at else f", delivered {_when(a.deliver_at)}"
    return f"  {a.id}: {a.action!r} at {_when(a.trigger_at)}{late}"


def assert_escalates(
    promise: Promise,
    ladders: Sequence[Ladder],
    log: Iterable[LogEntry],
    now: datetime,
    expected_actions: Iterable[Action | tuple[Action, datetime] | DueAction],
) -> None:
    """Assert that exactly ``expected_actions`` are due at ``now``, in trigger order.

    Each expected item is an action (``Notify("handler")``), an ``(action,
    trigger_at)`` pair, or a whole :class:`~svcquality.DueAction`; only what is
    given is compared.

    Raises:
        AssertionError: the due actions differ; the message lists both sides.
    """
    actual = due_actions(promise, ladders, tuple(log), now)
    wanted = list(expected_actions)

    def same(a: DueAction, e: object) -> bool:
        if isinstance(e, DueAction):
            return a == e
        if isinstance(e, tuple):
            return (a.action, a.trigger_at) == e
        return a.action == e

    if len(actual) != len(wanted) or not all(map(same, actual, wanted)):
        got = "\n".join(map(_line, actual)) or "  (nothing)"
        exp = "\n".join(f"  {e!r}" for e in wanted) or "  (nothing)"
        msg = f"due actions at {_when(now)} differ.\nexpected:\n{exp}\ngot:\n{got}"
        raise AssertionError(msg)


def assert_rulebook_valid(mapping: Mapping[str, object]) -> None:
    """Assert that ``mapping`` loads as a rulebook; on failure, list every problem.

    Raises:
        AssertionError: the rulebook is invalid; the message has one line per
            problem, each with its path, the value and the fix.
    """
    try:
        load_rulebook(mapping)
    except RulebookError as exc:
        msg = f"the rulebook is not valid:\n{exc}"
        raise AssertionError(msg) from None
