"""Shared helpers for the calendar tests: read like the notices they pin.

Dates and wall times are ISO text, read in a named zone, so a test such as
``assert_working_days(branch, "2025-09-28", "2025-10-11")`` reads like the
State Council's holiday notice (holidays ``tests/common.py`` style). The zones,
the hours and ``at`` come from ``tests/common.py``, shared with the other test files.
"""

from __future__ import annotations

from datetime import date

from tests.common import BRANCH_HOURS, DESK_HOURS, LON, NY, SH, UTC, at

import svcquality as sq

__all__ = [
    "BRANCH_HOURS",
    "DESK_HOURS",
    "LON",
    "NY",
    "SH",
    "UTC",
    "assert_closed_days",
    "assert_open_days",
    "assert_shut_days",
    "assert_working_days",
    "at",
    "branch",
    "day",
    "desk",
]


def day(text: str) -> date:
    """The date of an ISO text such as ``"2025-10-01"``."""
    return date.fromisoformat(text)


def branch(**kwargs: object) -> sq.BusinessCalendar:
    """The Shenzhen branch calendar, with extra options passed to ``weekly``."""
    return sq.BusinessCalendar.weekly(
        BRANCH_HOURS,
        zone="Asia/Shanghai",
        holidays="CN",
        **kwargs,  # type: ignore[arg-type]
    )


def desk(**kwargs: object) -> sq.BusinessCalendar:
    """A Monday-to-Friday back office in Shanghai with China's holidays."""
    return sq.BusinessCalendar.weekly(
        DESK_HOURS,
        zone="Asia/Shanghai",
        holidays="CN",
        **kwargs,  # type: ignore[arg-type]
    )


def assert_working_days(cal: sq.BusinessCalendar, *days: str) -> None:
    """Every ISO date given is a working day of ``cal``."""
    closed = [d for d in days if not cal.is_working_day(day(d))]
    assert not closed, f"expected working days, but closed: {closed}"


def assert_closed_days(cal: sq.BusinessCalendar, *days: str) -> None:
    """No ISO date given is a working day of ``cal``."""
    working = [d for d in days if cal.is_working_day(day(d))]
    assert not working, f"expected closed days, but working: {working}"


def assert_open_days(cal: sq.BusinessCalendar, *days: str) -> None:
    """The unit has hours on every ISO date given."""
    shut = [d for d in days if not cal.is_open_day(day(d))]
    assert not shut, f"expected open days, but no hours on: {shut}"


def assert_shut_days(cal: sq.BusinessCalendar, *days: str) -> None:
    """The unit has no hours on any ISO date given."""
    opened = [d for d in days if cal.is_open_day(day(d))]
    assert not opened, f"expected no hours, but open on: {opened}"
