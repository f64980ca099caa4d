"""The records KPIs accumulate: plain frozen data, validated by each KPI's ``add``.

A record takes whatever it is given: a call detail record exported by a
switch may carry a naive timestamp or an answer time before the arrival, and
refusing it at construction would stop a batch of millions at the first bad
row. Each accumulator judges the records it reads and counts every invalid
one as rejected, by reason (see ``rejected``), so nothing is silently dropped.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

__all__ = [
    "AgentTime",
    "Call",
    "ComplaintCount",
    "Completion",
    "Contact",
    "CustomerRating",
    "EmployeeRating",
    "Handling",
    "Headcount",
    "Recording",
    "Score",
    "Transaction",
]


@attrs.frozen
class Call:
    """One call offered to a queue: when it arrived, and when it was answered or abandoned.

    A call is answered or abandoned, not both; a call with neither is still
    in the queue (or left it some other way) and is rejected by the call KPIs.
    The wait is the real elapsed time between two instants, so the three
    instants may carry different zones.

    Attributes:
        arrived: when the call entered the queue (timezone-aware).
        answered: when an agent answered it, or None.
        abandoned: when the caller hung up while waiting, or None.
    """

    arrived: datetime
    answered: datetime | None = None
    abandoned: datetime | None = None


@attrs.frozen
class Handling:
    """The work one handled contact took: talk, hold and after-call work (wrap-up).

    Attributes:
        talk: time talking with the customer.
        hold: time the customer was on hold during the call.
        after_call_work: wrap-up after the call (notes, a work order).
    """

    talk: timedelta
    hold: timedelta = timedelta(0)
    after_call_work: timedelta = timedelta(0)


@attrs.frozen
class AgentTime:
    """How an agent's available time in a period was spent.

    Attributes:
        handling: time spent on contacts (talk, hold and after-call work).
        idle: time available but waiting for a contact.
    """

    handling: timedelta
    idle: timedelta


@attrs.frozen
class Contact:
    """A customer contact, for first-contact resolution.

    ``FirstContactResolution(method="survey")`` reads ``resolved`` only;
    ``method="no_repeat"`` reads ``customer`` and ``at`` only.

    Attributes:
        customer: who contacted (a customer number), for repeat detection.
        at: when the contact began (timezone-aware).
        resolved: the survey answer or agent disposition: True when the need was met
            on this contact (for 一线解决率, True when no work order went to a second line).
        lookahead: True for a contact after the measured period, added only so that the
            contacts near the end of the period see their repeats; it is not measured.
    """

    customer: str
    at: datetime
    resolved: bool | None = None
    lookahead: bool = False


@attrs.frozen
class Recording:
    """Whether the recording of one call succeeded (录音成功率).

    Attributes:
        succeeded: True when a complete recording was stored.
    """

    succeeded: bool


@attrs.frozen
class Transaction:
    """One transaction or service handled, for the service error rate (服务差错率).

    Attributes:
        erroneous: True when it was handled with an error (a wrong amount, a wrong account).
    """

    erroneous: bool


@attrs.frozen
class Completion:
    """One piece of routine business, completed on time or not (the host decided which).

    Attributes:
        on_time: True when it finished within its promised time.
    """

    on_time: bool


@attrs.frozen
class CustomerRating:
    """One customer satisfaction answer on a 1..scale scale (CSAT).

    Attributes:
        score: the answer, 1 (worst) to the survey's scale (best).
    """

    score: int


@attrs.frozen
class EmployeeRating:
    """One employee satisfaction answer on a 1..scale scale (员工满意度).

    Attributes:
        score: the answer, 1 (worst) to the survey's scale (best).
    """

    score: int


@attrs.frozen
class ComplaintCount:
    """Complaints received in a period against the base they are measured on.

    Attributes:
        complaints: complaints received (投诉).
        base: customers served or transactions handled in the same period and unit.
    """

    complaints: int
    base: int


@attrs.frozen
class Headcount:
    """Staff of one unit in one period, for attrition (人员流失率).

    Attributes:
        opening: staff at the start of the period.
        closing: staff at the end of the period.
        leavers: staff who left during the period.
    """

    opening: int
    closing: int
    leavers: int


@attrs.frozen
class Score:
    """One member's score, for a ranking (an agent's monthly result).

    Attributes:
        member: who is ranked (an agent or branch id).
        value: the score: an int, a finite float, a Fraction or a Decimal.
    """

    member: str
    value: int | float | Fraction | Decimal
