"""The SLA clock: the event log of one request in, where every milestone stands out.

The clock is event-sourced. A host keeps the log of one request (opened,
paused with a reason, resumed, a milestone met, resolved, reopened, the
severity changed) and asks :func:`read_clock` where each promised milestone
stands at an instant ``now`` it passes in. Nothing is stored between calls:
the same log and ``now`` always give the same reading.

Semantics (pinned by the tests, explained in ``docs/clock.md``):

- A pause stops every running milestone; the due instant moves by the paused
  time measured the target's way (clock time for a wall target, open time on
  the calendar for every other kind). While paused, ``due`` is where the
  milestone would fall due if it resumed now.
- A working-day or batch target's budget is the open time from the start to
  its deadline, so pauses extend it as they extend a business-time target.
- A milestone still unmet at its due instant is breached from that instant on
  (when an ``OnBreach`` step fires); ``Met`` at the due instant is on time, and
  after it closes the milestone as ``BREACHED`` with ``met_at``.
  ``Resolved`` meets every milestone not yet met, at that instant.
- A threshold reached exactly when a pause begins is reached when the clock
  runs again (the pause instant belongs to the pause).
- ``Reopened`` starts a new cycle (``new_cycle``) or continues the last one as
  if the resolution had been a pause (``resume``).
- ``Retargeted`` (a severity change) follows its policy: ``keep_elapsed``,
  ``restart`` or ``from_original_start`` (see :data:`~svcquality._types.RetargetPolicy`).
  ``Retargeted`` to the same promise with ``restart`` starts every open milestone
  afresh from that instant (new facts: the period runs again from the receipt
  of the new material). The new promise's targets apply; extensions applied
  under the old one do not carry over (extensions are per promise). A milestone
  met or already breached keeps the target it was met or broke under, whatever
  the policy (a breach stays a breach).
- ``Extended`` applies the next :class:`~svcquality.Extension` the promise
  declares for the milestone, in order: a new target counted from the same
  start, pauses applied the same way. It is refused beyond those declared,
  without what the extension requires, for a met milestone, while resolved,
  and at or after the milestone's current due instant (a breach stays a breach).
- A promise with ``pause_reasons`` refuses a ``Paused`` whose reason is not one
  of them.
- ``StatusChanged`` applies the explicit event its status's
  :class:`~svcquality.StatusRule` implies (``Paused``, ``Resumed``, ``Met``,
  ``Retargeted(restart)``, or nothing), when the clock can make that change; a
  status whose change is already in effect (pause while paused, resume while
  running, meet a met milestone) does nothing. Explicit events are checked
  against the clock's state as always, whichever event set it; a status the
  promise does not list is an error.
- Events later than ``now`` have not happened yet and are not applied (their
  order is still checked), so a reading of the past is a reading of the log's
  prefix.
- The log may be a request's one log, with routing's and the feedback loop's
  events among the clock's: the clock tells its events by type and skips the
  others (``docs/request.md``); an entry that is no reader's event is an error.

Layout (every module but this one is internal; the names are public here):

- ``_events``: the events of a log (:class:`Opened` ... :class:`StatusChanged`).
- ``_readings``: what a reading gives back (:class:`ClockReading` ...).
- ``_measure``: a target measured over running stretches.
- ``_replay``: a log replayed into cycles of running stretches.
- ``_read``: :func:`read_clock` and :func:`reread`.
- ``_columns``: :func:`read_clock_many`, the clock on the columns of a table;
  ``_table`` reads and checks that table.
"""

from __future__ import annotations

from svcquality._logs import LogEntry
from svcquality.clock._columns import ClockColumns, MilestoneColumns, read_clock_many
from svcquality.clock._events import (
    CustomerMessage,
    Event,
    Extended,
    Met,
    Opened,
    Paused,
    Reopened,
    Resolved,
    Resumed,
    Retargeted,
    StatusChanged,
)
from svcquality.clock._read import read_clock, reread
from svcquality.clock._readings import (
    ClockReading,
    CycleReading,
    Difference,
    MilestoneReading,
    Status,
)

__all__ = [
    "ClockColumns",
    "ClockReading",
    "CustomerMessage",
    "CycleReading",
    "Difference",
    "Event",
    "Extended",
    "LogEntry",
    "MilestoneColumns",
    "MilestoneReading",
    "Met",
    "Opened",
    "Paused",
    "Reopened",
    "Resolved",
    "Resumed",
    "Retargeted",
    "Status",
    "StatusChanged",
    "read_clock",
    "read_clock_many",
    "reread",
]
