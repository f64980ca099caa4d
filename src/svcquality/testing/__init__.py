"""Hypothesis strategies and assertions for host test suites.

A bank's own pytest suite imports these to test its SLA rules (the
assertions ``assert_met``, ``assert_due``, ``assert_escalates`` and
``assert_rulebook_valid`` are importable from here too)::

    from hypothesis import given
    from svcquality import testing

    @given(testing.calendars(), testing.durations())
    def test_round_trip(cal, d): ...

This package is the only part of svcquality that imports ``hypothesis``; install
it with the ``testing`` extra (``pip install 'svcquality[testing]'``). Importing
``svcquality`` never imports it.

Every strategy takes keyword-only options, validates them (an impossible
combination raises ``hypothesis.errors.InvalidArgument``), and shrinks towards
the simplest case: a 24×7 calendar in UTC, a duration of one minute, the first
instant of the range.
"""

from __future__ import annotations

# The strategies live in modules by subject: _time (weekly hours, calendars,
# durations, instants), _promises (targets, promises), _logs (event logs and one
# logs of a request), _calls (calls for the KPIs); _checks holds the argument
# checks they share. The assertions come from svcquality._assertions.
from svcquality._assertions import (
    assert_due,
    assert_escalates,
    assert_met,
    assert_rulebook_valid,
)
from svcquality.testing._calls import CALL_ZONES, calls
from svcquality.testing._logs import event_logs, request_logs
from svcquality.testing._promises import (
    BATCH_RULES,
    COUNTINGS,
    MILESTONE_NAMES,
    TARGET_KINDS,
    promises,
    targets,
)
from svcquality.testing._time import DEFAULT_ZONES, calendars, durations, instants, weekly_hours

__all__ = [
    "BATCH_RULES",
    "DEFAULT_ZONES",
    "MILESTONE_NAMES",
    "TARGET_KINDS",
    "CALL_ZONES",
    "COUNTINGS",
    "assert_due",
    "assert_escalates",
    "assert_met",
    "assert_rulebook_valid",
    "calendars",
    "calls",
    "durations",
    "event_logs",
    "instants",
    "promises",
    "request_logs",
    "targets",
    "weekly_hours",
]
