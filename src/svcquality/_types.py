"""Literal aliases for the named policies and options, gathered in one place."""

from __future__ import annotations

from typing import Literal

__all__ = ["Counting", "Weekday"]

#: How a working-day period is counted (see ``BusinessCalendar.working_day_deadline``).
#: ``"working_days"``: the N-th working day after the deemed receipt day (Civil Code
#: Art. 201: the day of receipt is not counted). ``"calendar_days"``: N calendar days
#: after the receipt day, moved to the next working day when it falls on a closed day
#: (Art. 203). ``"receipt_day_counted"``: the deemed receipt day counts as day 1.
Counting = Literal["working_days", "receipt_day_counted", "calendar_days"]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
