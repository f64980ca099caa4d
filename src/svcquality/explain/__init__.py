"""Why is it due then: a period's deadline, step by step, as data and as text.

An auditor, a regulator or a customer on the phone asks "为什么是10月9日？".
:func:`explain_deadline` answers for a working-day, day or month period on a
calendar: the receipt, the deemed receipt day and why, each day counted or
skipped with its reason (a holiday and its name, a day of a holiday break, a
weekend, a make-up working day), the last day and the close of business that
ends it. :meth:`DeadlineExplanation.text` writes it in Chinese or English.

The explanation is computed by the same calendar rules as the deadline, and
its ``due`` always equals ``target.deadline(received, calendar)``.


The package's modules: ``_deadline`` (a period's deadline, day by day), ``_due``
(a live request's due instant, from its clock) and ``_text`` (both as text: one
renderer over a phrase table per language).
"""

from __future__ import annotations

from svcquality.explain._deadline import (
    DayNote,
    DayReason,
    DeadlineExplanation,
    DeemedReason,
    explain_deadline,
)
from svcquality.explain._due import DueExplanation, PauseNote, WindowNote, explain_due

__all__ = [
    "DayNote",
    "DayReason",
    "DeadlineExplanation",
    "DeemedReason",
    "DueExplanation",
    "PauseNote",
    "WindowNote",
    "explain_deadline",
    "explain_due",
]
