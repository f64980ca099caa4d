"""Service promises: targets, milestones, and the catalog that picks a promise.

A :class:`Promise` is what a bank commits to for one service (服务时限承诺): a
named service with ordered milestones (``respond``, ``initial_disposal``,
``resolve``, ``feedback``...), each with a :class:`Target`, measured on a
:class:`~svcquality.BusinessCalendar`, and a compliance goal ("≥ 90% of routine
business within the promised time"). A :class:`Catalog` picks the promise for a
request by ordered rules on its attributes and says which rule decided.

A target is one of six kinds:

- ``Target.wall(d)``: clock time ("apologise and resolve within 24 hours");
- ``Target.business(d)``: open time on the promise's calendar ("respond within
  1 business hour");
- ``Target.working_days(n, cutoff=None)``: the working-day period of
  :meth:`BusinessCalendar.working_day_deadline` ("ATM error refund credited
  within 5 working days"; ``n == 0`` is "the same business day");
- ``Target.days(n)`` and ``Target.months(n)``: the day and month periods of
  :meth:`BusinessCalendar.period_deadline`, as the Civil Code counts them
  ("自收到消费投诉之日起15日内");
- ``Target.batch(rule)``: work done in scheduled batches (POS prizes credited
  in the monthly batch): due at the close of business of the first batch date
  after the receipt date, the batch dates being an RFC 5545 recurrence, moved
  to the next working day when the batch date is closed.

The SLA clock (:mod:`svcquality.clock`) measures a wall target in clock time and
every other kind in open time on the calendar: a working-day or batch target's
*budget* is the open time from the start to its deadline, so a pause extends it
the same way as a business-time target.
"""

from __future__ import annotations

from svcquality.promises._catalog import ATTRIBUTES, Catalog, CatalogRule, Match, RuleChange
from svcquality.promises._promise import (
    Extension,
    Promise,
    StatusRule,
)
from svcquality.promises._targets import Target, TargetKind

__all__ = [
    "ATTRIBUTES",
    "Catalog",
    "CatalogRule",
    "Extension",
    "Match",
    "Promise",
    "RuleChange",
    "StatusRule",
    "Target",
    "TargetKind",
]
