"""Escalation: severity tiers, ladders of steps, and the actions that are due.

A :class:`Ladder` watches one milestone of a promise. Each :class:`Step` has a
trigger (a fraction of the target consumed, an offset before or after the due
instant, or the breach) and an action: plain data that the host carries out,
since the library never sends anything. :func:`due_actions` says which actions
are due at ``now``, each with a stable id so that a host evaluating twice (or
after a restart) acts once; :func:`next_due` says when the next one will be, so
the host can set one timer instead of polling.

Sources: the tiered response to customer feedback and the "green channel"
(绿色通道) for overdue business, in the service-quality manual
(``shared/seeds/001``): "超时业务启动'绿色通道'，主管介入协调，同步反馈客户进度".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from svcquality.errors import LadderError

if TYPE_CHECKING:
    from svcquality.calendars import BusinessCalendar

__all__ = [
    "Action",
    "AfterDue",
    "BeforeDue",
    "Consumed",
    "DueAction",
    "GreenChannel",
    "HandToSecondLine",
    "InformCustomer",
    "Ladder",
    "Notify",
    "OnBreach",
    "Reassign",
    "Severity",
    "Step",
    "Tiers",
    "Trigger",
]


# --------------------------------------------------------------------------- tiers


@attrs.frozen
class Severity:
    """One severity level of a bank's tiered response.

    Attributes:
        code: the level's code, e.g. ``"EMERGENCY"``, ``"I"``, ``"II"``, ``"III"``.
        rank: 0 for the most urgent level; larger is less urgent.
        description: what belongs to the level, in the bank's words.
    """

    code: str
    rank: int
    description: str = ""


@attrs.frozen
class Tiers:
    """An ordered set of severity levels, defined as data (a bank may define its own).

    The seeds' levels are ``svcquality.presets.feedback_tiers()``: EMERGENCY
    (loss reporting, fraud stop-payment), I (urgent or wide impact), II
    (frequent experience problems), III (individual requests).
    """

    levels: tuple[Severity, ...]

    def __attrs_post_init__(self) -> None:
        seen: dict[str, int] = {}
        ranks: dict[int, str] = {}
        for i, level in enumerate(self.levels):
            if level.code in seen:
                msg = (
                    f"tiers: level {level.code!r} is defined twice (positions {seen[level.code]} "
                    f"and {i}); give each level one code"
                )
                raise LadderError(msg)
            if level.rank in ranks:
                msg = (
                    f"tiers: levels {ranks[level.rank]!r} and {level.code!r} share rank "
                    f"{level.rank}; ranks order the levels, so make them distinct"
                )
                raise LadderError(msg)
            seen[level.code] = i
            ranks[level.rank] = level.code

    def __getitem__(self, code: str) -> Severity:
        for level in self.levels:
            if level.code == code:
                return level
        known = ", ".join(level.code for level in self.levels)
        msg = f"tiers: unknown level {code!r}; known levels: {known}"
        raise LadderError(msg)

    def __contains__(self, code: object) -> bool:
        return any(level.code == code for level in self.levels)

    def ordered(self) -> tuple[Severity, ...]:
        """The levels, most urgent first."""
        return tuple(sorted(self.levels, key=lambda level: level.rank))

    def more_urgent(self, a: str, b: str) -> bool:
        """Whether level ``a`` is more urgent than level ``b``."""
        return self[a].rank < self[b].rank


# --------------------------------------------------------------------------- triggers


def _fraction(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        msg = f"Consumed: the fraction must be a number such as 0.5, got {value!r}"
        raise LadderError(msg)
    # A float is read at its decimal value: 0.8 means 4/5, not 0.8000000000000000444.
    fraction = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    if not 0 < fraction <= 1:
        msg = (
            f"Consumed({value!r}): the fraction of the target must be in (0, 1]; "
            "use OnBreach() for the due instant and AfterDue(d) for later"
        )
        raise LadderError(msg)
    return fraction


def _before(value: object) -> timedelta:
    return _positive(value, "BeforeDue")


def _after(value: object) -> timedelta:
    return _positive(value, "AfterDue")


def _positive(value: object, what: str) -> timedelta:
    if not isinstance(value, timedelta):
        msg = f"{what}: expected a timedelta such as timedelta(hours=1), got {value!r}"
        raise LadderError(msg)
    if value <= timedelta(0):
        msg = f"{what}({value!r}): the offset must be positive; use OnBreach() for the due instant"
        raise LadderError(msg)
    return value


@attrs.frozen
class Consumed:
    """When the given fraction of the milestone's target has been used (0.5 = half)."""

    fraction: Fraction = attrs.field(converter=_fraction)

    def __str__(self) -> str:
        return f"{float(self.fraction):.0%} consumed"


@attrs.frozen
class BeforeDue:
    """This long before the due instant, measured on the target's own measure
    (business time for business and working-day targets, wall time otherwise)."""

    offset: timedelta = attrs.field(converter=_before)

    def __str__(self) -> str:
        return f"{self.offset} before due"


@attrs.frozen
class AfterDue:
    """This long after the due instant, on the target's own measure."""

    offset: timedelta = attrs.field(converter=_after)

    def __str__(self) -> str:
        return f"{self.offset} after due"


@attrs.frozen
class OnBreach:
    """At the due instant, when the milestone is not met by then."""

    def __str__(self) -> str:
        return "on breach"


Trigger = Consumed | BeforeDue | AfterDue | OnBreach


# --------------------------------------------------------------------------- actions


@attrs.frozen
class Notify:
    """Tell a role (the handler, a supervisor, a branch manager)."""

    role: str


@attrs.frozen
class Reassign:
    """Move the work to a role (ownership under 首问负责 stays with the first responder)."""

    role: str


@attrs.frozen
class GreenChannel:
    """Open the green channel (绿色通道): a supervisor steps in, the customer is told
    the progress."""

    role: str = "supervisor"


@attrs.frozen
class HandToSecondLine:
    """Hand the request to a second-line unit by work order (工单)."""

    unit: str


@attrs.frozen
class InformCustomer:
    """Tell the customer the progress, with the host's message template."""

    template_id: str


Action = Notify | Reassign | GreenChannel | HandToSecondLine | InformCustomer
_ACTIONS = (Notify, Reassign, GreenChannel, HandToSecondLine, InformCustomer)
_TRIGGERS = (Consumed, BeforeDue, AfterDue, OnBreach)


# --------------------------------------------------------------------------- ladders


@attrs.frozen
class Step:
    """One rung of a ladder: when ``trigger`` is reached, ``action`` is due.

    Attributes:
        trigger: :class:`Consumed`, :class:`BeforeDue`, :class:`AfterDue` or :class:`OnBreach`.
        action: what the host should do.
        calendar: when given, the action is delivered at this calendar's next
            opening (a branch manager is told in branch hours); otherwise at once.
    """

    trigger: Trigger
    action: Action
    calendar: BusinessCalendar | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.trigger, _TRIGGERS):
            msg = (
                f"Step: trigger must be Consumed, BeforeDue, AfterDue or OnBreach, "
                f"got {self.trigger!r}"
            )
            raise LadderError(msg)
        if not isinstance(self.action, _ACTIONS):
            msg = (
                "Step: action must be Notify, Reassign, GreenChannel, HandToSecondLine or "
                f"InformCustomer, got {self.action!r}"
            )
            raise LadderError(msg)


def _steps(value: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(value)


@attrs.frozen
class Ladder:
    """The escalation steps of one milestone.

    Attributes:
        milestone: the promise's milestone it watches, e.g. ``"resolve"``.
        steps: the steps; their order is their identity (a step's id uses its index).
        name: how errors and reports name the ladder; defaults to the milestone.
    """

    milestone: str
    steps: tuple[Step, ...] = attrs.field(converter=_steps)
    name: str = attrs.field(kw_only=True, default="")

    def __attrs_post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.milestone)
        if not isinstance(self.milestone, str) or not self.milestone:
            msg = (
                "Ladder: milestone must be a milestone name such as 'resolve', "
                f"got {self.milestone!r}"
            )
            raise LadderError(msg)
        seen: dict[tuple[object, object], int] = {}
        for i, step in enumerate(self.steps):
            if not isinstance(step, Step):
                msg = f"ladder {self.name!r}, step {i}: expected a Step, got {step!r}"
                raise LadderError(msg)
            key = (step.trigger, step.action)
            if key in seen:
                msg = (
                    f"ladder {self.name!r}: steps {seen[key]} and {i} both do {step.action!r} "
                    f"at {step.trigger}; remove one (a step fires once per cycle already)"
                )
                raise LadderError(msg)
            seen[key] = i

    @classmethod
    def of(cls, milestone: str, steps: Iterable[Step], *, name: str = "") -> Ladder:
        """A ladder from any iterable of steps."""
        return cls(milestone, tuple(steps), name=name)


@attrs.frozen
class DueAction:
    """An action that is due.

    Attributes:
        id: stable across evaluations: ``"<request>/<cycle>/<milestone>/<step>"``.
            The host remembers the ids it has acted on.
        action: what to do.
        trigger_at: when the step's trigger was reached.
        deliver_at: when to deliver it: ``trigger_at``, or the next opening of the
            step's own calendar.
        milestone: the milestone the ladder watches.
        step: the step's index in its ladder.
        cycle: the request's cycle (0 for the first; a reopening starts a new one).
        ladder: the ladder's name.
    """

    id: str
    action: Action
    trigger_at: datetime
    deliver_at: datetime
    milestone: str = ""
    step: int = 0
    cycle: int = 0
    ladder: str = ""


def action_id(request: str, cycle: int, milestone: str, step: int) -> str:
    """The stable id of one step's firing in one cycle of one request."""
    return f"{request}/{cycle}/{milestone}/{step}"


def _check_ladders(ladders: Sequence[Ladder], milestones: Iterable[str]) -> None:
    known = list(milestones)
    for ladder in ladders:
        if not isinstance(ladder, Ladder):
            msg = f"expected Ladder objects, got {ladder!r}"
            raise LadderError(msg)
        if ladder.milestone not in known:
            msg = (
                f"ladder {ladder.name!r} watches milestone {ladder.milestone!r}, which the "
                f"promise does not have; its milestones are: {', '.join(known)}"
            )
            raise LadderError(msg)
