"""Business-day SLA calendars: weekly hours, zones, holidays, overrides, arithmetic."""

from __future__ import annotations

from svcquality.calendars._calendar import BusinessCalendar
from svcquality.calendars._holidays import HolidaySource
from svcquality.calendars._hours import WeeklyHours, Window
from svcquality.calendars._rules import Composite, WeeklyRules

__all__ = ["BusinessCalendar", "Composite", "HolidaySource", "WeeklyHours", "WeeklyRules", "Window"]
