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
(《银行客户服务质量提升操作手册》): "超时业务启动'绿色通道'，主管介入协调，同步反馈客户进度".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from fractions import Fraction

import attrs

from svcquality._fields import clipped, identity, items_of, shown, text
from svcquality._instants import from_micros, micros_of, td_micros
from svcquality._logs import LogEntry
from svcquality.calendars import BusinessCalendar
from svcquality.clock._measure import reached, watches
from svcquality.errors import LadderError
from svcquality.promises import Promise

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
    "action_id",
    "due_actions",
    "next_due",
]


# --------------------------------------------------------------------------- tiers


def _severity_code(value: object) -> str:
    return identity(value, "Severity.code", "I", LadderError)


def _severity_rank(instance: object, attribute: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"Severity.rank must be a whole number (0 is the most urgent), got {shown(value)}"
        raise LadderError(msg)


@attrs.frozen
class Severity:
    """One severity level of a bank's tiered response.

    Attributes:
        code: the level's code, e.g. ``"EMERGENCY"``, ``"I"``, ``"II"``, ``"III"``.
        rank: 0 for the most urgent level; larger is less urgent.
        description: what belongs to the level, in the bank's words.
    """

    code: str = attrs.field(converter=_severity_code)
    rank: int = attrs.field(validator=_severity_rank)
    description: str = attrs.field(default="", validator=text(LadderError))


def _levels(value: Iterable[Severity]) -> tuple[Severity, ...]:
    levels = items_of(value, "Tiers.levels", LadderError, "[Severity('I', 1, ...)]")
    for i, level in enumerate(levels):
        if not isinstance(level, Severity):
            msg = f"Tiers.levels[{i}] must be a Severity, got {shown(level)}"
            raise LadderError(msg)
    return levels  # type: ignore[return-value]


def _tier_problems(levels: Iterable[tuple[int, Severity]]) -> list[tuple[int, str, str, str]]:
    """Every level of ``levels`` (each with its position) whose code or rank an earlier
    one has: its position, the attribute (``"code"`` or ``"rank"``), what is wrong and
    the fix. :class:`Tiers` raises the first; a rulebook reports them all."""
    out: list[tuple[int, str, str, str]] = []
    seen: dict[str, int] = {}
    ranks: dict[int, str] = {}
    for i, level in levels:
        if level.code in seen:
            problem = (
                f"level {shown(level.code)} is defined twice (positions {seen[level.code]} and {i})"
            )
            out.append((i, "code", problem, "give each level one code"))
        elif level.rank in ranks:
            problem = (
                f"levels {shown(ranks[level.rank])} and {shown(level.code)} share rank {level.rank}"
            )
            out.append((i, "rank", problem, "ranks order the levels, so make them distinct"))
        else:
            seen[level.code] = i
            ranks[level.rank] = level.code
    return out


@attrs.frozen
class Tiers:
    """An ordered set of severity levels, defined as data (a bank may define its own).

    The service-quality manual's levels are ``svcquality.presets.feedback_tiers()``:
    EMERGENCY (loss reporting, fraud stop-payment), I (urgent or wide impact), II
    (frequent experience problems), III (individual requests).
    """

    levels: tuple[Severity, ...] = attrs.field(converter=_levels)

    def __attrs_post_init__(self) -> None:
        problems = _tier_problems(enumerate(self.levels))
        if problems:
            _, _, problem, fix = problems[0]
            raise LadderError(f"tiers: {problem}; {fix}")

    def __getitem__(self, code: str) -> Severity:
        for level in self.levels:
            if level.code == code:
                return level
        known = clipped(", ".join(level.code for level in self.levels))
        msg = f"tiers: unknown level {shown(code)}; known levels: {known}"
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
        msg = f"Consumed: the fraction must be a number such as 0.5, got {shown(value)}"
        raise LadderError(msg)
    if isinstance(value, float) and not math.isfinite(value):
        msg = (
            f"Consumed({shown(value)}): the fraction must be a finite number in (0, 1], such as 0.5"
        )
        raise LadderError(msg)
    # A float is read at its decimal value: 0.8 means 4/5, not 0.8000000000000000444.
    fraction = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    if not 0 < fraction <= 1:
        msg = (
            f"Consumed({shown(value)}): the fraction of the target must be in (0, 1]; "
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
        msg = f"{what}: expected a timedelta such as timedelta(hours=1), got {shown(value)}"
        raise LadderError(msg)
    if value <= timedelta(0):
        msg = (
            f"{what}({shown(value)}): the offset must be positive; use OnBreach() for the "
            "due instant"
        )
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


# A role, unit or template is an id like any other: the one rule of _fields.identity.


# Each id field's converter, named (the attrs mypy plugin reads only functions).
def _notify_role(value: object) -> str:
    return identity(value, "Notify.role", "supervisor", LadderError)


def _reassign_role(value: object) -> str:
    return identity(value, "Reassign.role", "supervisor", LadderError)


def _greenchannel_role(value: object) -> str:
    return identity(value, "GreenChannel.role", "supervisor", LadderError)


def _handtosecondline_unit(value: object) -> str:
    return identity(value, "HandToSecondLine.unit", "card_centre", LadderError)


def _informcustomer_template_id(value: object) -> str:
    return identity(value, "InformCustomer.template_id", "progress_sms", LadderError)


@attrs.frozen
class Notify:
    """Tell a role (the handler, a supervisor, a branch manager)."""

    role: str = attrs.field(converter=_notify_role)


@attrs.frozen
class Reassign:
    """Move the work to a role (ownership under 首问负责 stays with the first responder)."""

    role: str = attrs.field(converter=_reassign_role)


@attrs.frozen
class GreenChannel:
    """Open the green channel (绿色通道): a supervisor steps in, the customer is told
    the progress."""

    role: str = attrs.field(default="supervisor", converter=_greenchannel_role)


@attrs.frozen
class HandToSecondLine:
    """Hand the request to a second-line unit by work order (工单)."""

    unit: str = attrs.field(converter=_handtosecondline_unit)


@attrs.frozen
class InformCustomer:
    """Tell the customer the progress, with the host's message template."""

    template_id: str = attrs.field(converter=_informcustomer_template_id)


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
                f"got {shown(self.trigger)}"
            )
            raise LadderError(msg)
        if not isinstance(self.action, _ACTIONS):
            msg = (
                "Step: action must be Notify, Reassign, GreenChannel, HandToSecondLine or "
                f"InformCustomer, got {shown(self.action)}"
            )
            raise LadderError(msg)
        if self.calendar is not None and not isinstance(self.calendar, BusinessCalendar):
            msg = (
                f"Step: calendar must be a BusinessCalendar (or None to deliver at once), "
                f"got {shown(self.calendar)}; a rulebook names calendars, a Step holds one"
            )
            raise LadderError(msg)


def _steps(value: Iterable[Step]) -> tuple[Step, ...]:
    if isinstance(value, (str, bytes, Step)) or not isinstance(value, Iterable):
        msg = f"Ladder: steps must be a list of Step objects, got {shown(value)}"
        raise LadderError(msg)
    return tuple(value)


def _ladder_name(value: object) -> str:
    if not isinstance(value, str):
        msg = f"Ladder: name must be text such as 'resolve-branch', got {shown(value)}"
        raise LadderError(msg)
    return value


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
    name: str = attrs.field(kw_only=True, default="", converter=_ladder_name)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.milestone, str) or not self.milestone:
            msg = (
                "Ladder: milestone must be a milestone name such as 'resolve', "
                f"got {shown(self.milestone)}"
            )
            raise LadderError(msg)
        if not self.name:
            object.__setattr__(self, "name", self.milestone)
        seen: dict[tuple[object, object], int] = {}
        for i, step in enumerate(self.steps):
            if not isinstance(step, Step):
                msg = f"ladder {shown(self.name)}, step {i}: expected a Step, got {shown(step)}"
                raise LadderError(msg)
            key = (step.trigger, step.action)
            if key in seen:
                msg = (
                    f"ladder {shown(self.name)}: steps {seen[key]} and {i} both do "
                    f"{shown(step.action)} "
                    f"at {step.trigger}; remove one (a step fires once per cycle already)"
                )
                raise LadderError(msg)
            seen[key] = i


@attrs.frozen
class DueAction:
    """An action that is due.

    Attributes:
        id: stable across evaluations: ``"<request>/<cycle>/<milestone>/<step>"``,
            and ``"<request>/<cycle>/<milestone>/<occurrence>/<step>"`` for a
            repeating milestone (``Promise.repeats``), whose steps fire once per
            occurrence. The host remembers the ids it has acted on.
        action: what to do.
        trigger_at: when the step's trigger was reached.
        deliver_at: when to deliver it: ``trigger_at``, or the next opening of the
            step's own calendar.
        milestone: the milestone the ladder watches.
        step: the step's index in its ladder.
        cycle: the request's cycle (0 for the first; a reopening starts a new one).
        ladder: the ladder's name.
        occurrence: the occurrence of a repeating milestone the step fired for
            (0 for the first), or None for a milestone that does not repeat.
    """

    id: str
    action: Action
    trigger_at: datetime
    deliver_at: datetime
    milestone: str = ""
    step: int = 0
    cycle: int = 0
    ladder: str = ""
    occurrence: int | None = None


def action_id(
    request: str, cycle: int, milestone: str, step: int, occurrence: int | None = None
) -> str:
    """The stable id of one step's firing in one cycle of one request.

    A repeating milestone's step fires once per occurrence, so its id names the
    occurrence too: ``"R-1/0/update/2/0"`` is step 0 of the third update.
    """
    if occurrence is None:
        return f"{request}/{cycle}/{milestone}/{step}"
    return f"{request}/{cycle}/{milestone}/{occurrence}/{step}"


def _ladders(value: object) -> list[Ladder]:
    if isinstance(value, (list, tuple)):  # the usual list, told at once (no ABC check)
        return list(value)
    if isinstance(value, (str, bytes, Ladder, Mapping)) or not isinstance(value, Iterable):
        hint = "; wrap a single one in a list: [ladder]" if isinstance(value, Ladder) else ""
        msg = f"ladders must be a list of Ladder objects, got {type(value).__name__}{hint}"
        raise LadderError(msg)
    return list(value)


def _check_ladders(ladders: Sequence[Ladder], milestones: Iterable[str]) -> None:
    known = list(milestones)
    for ladder in ladders:
        if not isinstance(ladder, Ladder):
            msg = f"expected Ladder objects, got {shown(ladder)}"
            raise LadderError(msg)
        if ladder.milestone not in known:
            msg = (
                f"ladder {shown(ladder.name)} watches milestone {shown(ladder.milestone)}, "
                "which the "
                f"promise does not have; its milestones are: {', '.join(known)}"
            )
            raise LadderError(msg)


# --------------------------------------------------------------------------- evaluation


def _threshold(trigger: Trigger, budget: int) -> int:
    """The trigger as an amount of the target's measure used."""
    if isinstance(trigger, Consumed):
        f = trigger.fraction
        return -(-(f.numerator * budget) // f.denominator)  # ceil: reached, not nearly
    if isinstance(trigger, BeforeDue):
        return budget - td_micros(trigger.offset)
    if isinstance(trigger, AfterDue):
        return budget + td_micros(trigger.offset)
    return budget


def _amounts(ladder: Ladder) -> Callable[[int], list[int]]:
    """The amounts of a target's budget the ladder's steps wait for, one per step."""
    triggers = [step.trigger for step in ladder.steps]

    def amounts(budget: int) -> list[int]:
        return [_threshold(trigger, budget) for trigger in triggers]

    return amounts


#: An evaluation: the triggers found (sorted), ``now`` in µs, and the zone.
_Evaluated = tuple[list[tuple[int, int, int, int, Ladder, Step, int | None]], int, tzinfo]


def _evaluate(
    promise: Promise,
    ladders: Sequence[Ladder],
    log: Iterable[LogEntry],
    now: datetime,
    where: str,
) -> _Evaluated:
    """Every step's trigger instant in every cycle: (at, ladder, step, cycle, ...),
    on the events up to ``now`` (the log known at ``now``, as the clock reads it),
    with ``now`` in µs and the zone instants are given in.

    A trigger after ``now`` is where the step falls due if no further event comes.
    """
    now_x = micros_of(now, f"{where}(now)")
    if not isinstance(promise, Promise):
        msg = f"promise must be a Promise, got {shown(promise)}"
        raise LadderError(msg)
    ladders = _ladders(ladders)
    _check_ladders(ladders, promise.milestones)
    names: dict[str, int] = {}
    for i, ladder in enumerate(ladders):
        if ladder.name in names:
            msg = (
                f"ladders {names[ladder.name]} and {i} are both named {shown(ladder.name)}; "
                "ids are built from the ladder's name, so give the second Ladder(name=...)"
            )
            raise LadderError(msg)
        names[ladder.name] = i
    zone = promise.calendar.zone if promise.calendar is not None else now.tzinfo
    assert zone is not None
    watching: dict[str, list[tuple[int, Ladder, Callable[[int], list[int]]]]] = {}
    for li, ladder in enumerate(ladders):
        watching.setdefault(ladder.milestone, []).append((li, ladder, _amounts(ladder)))
    found: list[tuple[int, int, int, int, Ladder, Step, int | None]] = []
    for watch in watches(promise, log, now_x, zone, watching, where=where):
        for li, ladder, amounts in watching.get(watch.milestone, ()):
            ats = reached(watch, amounts)
            for si, (step, at) in enumerate(zip(ladder.steps, ats, strict=True)):
                if at is not None:
                    found.append((at, li, si, watch.cycle, ladder, step, watch.occurrence))
    found.sort(key=lambda f: (f[0], f[3], f[6] or 0, f[1], f[2]))
    return found, now_x, zone


def _due(evaluated: _Evaluated, request: str) -> tuple[DueAction, ...]:
    """The actions of an evaluation whose trigger is at or before its ``now``."""
    found, now_x, zone = evaluated
    out: list[DueAction] = []
    for at, _li, si, cycle, ladder, step, occurrence in found:
        if at > now_x:
            break
        trigger_at = from_micros(at, zone)
        deliver_at = trigger_at if step.calendar is None else step.calendar.next_open(trigger_at)
        out.append(
            DueAction(
                id=action_id(request, cycle, ladder.name, si, occurrence),
                action=step.action,
                trigger_at=trigger_at,
                deliver_at=deliver_at,
                milestone=ladder.milestone,
                step=si,
                cycle=cycle,
                ladder=ladder.name,
                occurrence=occurrence,
            )
        )
    return tuple(out)


def _next(evaluated: _Evaluated) -> datetime | None:
    """The first trigger of an evaluation after its ``now``, or None."""
    found, now_x, zone = evaluated
    for at, *_ in found:
        if at > now_x:
            return from_micros(at, zone)
    return None


def _due_and_next(
    promise: Promise,
    ladders: Sequence[Ladder],
    log: Iterable[LogEntry],
    now: datetime,
    request: str,
) -> tuple[tuple[DueAction, ...], datetime | None]:
    """:func:`due_actions` and :func:`next_due` from one evaluation (read_request's
    both answers on one replay); errors are reported as ``due_actions``'."""
    _check_request(request, "due_actions")
    evaluated = _evaluate(promise, ladders, log, now, "due_actions")
    return _due(evaluated, request), _next(evaluated)


def _check_request(request: object, where: str) -> None:
    if not isinstance(request, str) or not request:
        msg = (
            f"{where}: request must be the request's id as text, such as 'R-1', "
            f"got {shown(request)}"
        )
        raise LadderError(msg)


def due_actions(
    promise: Promise,
    ladders: Sequence[Ladder],
    log: Iterable[LogEntry],
    now: datetime,
    request: str = "R-1",
) -> tuple[DueAction, ...]:
    """Every action whose trigger has been reached by ``now``, in trigger order.

    Each :class:`DueAction` has an ``id`` built from ``(request, cycle, ladder,
    step index)`` (the ladder's name is its milestone unless given), so a host
    that evaluates twice, or again after a restart, sees the same ids and acts
    on each once. A step is not due while its milestone is paused, nor once it
    is met or the request resolved; after ``Reopened`` the ladder runs again in
    the new cycle with new ids; after ``Retargeted`` or ``Extended`` a step that
    already fired keeps its instant and id and does not fire again, and one not
    yet reached is measured on the target in force (an "80% consumed" step on
    the extended budget, ``OnBreach`` at the extended due).

    Raises:
        LadderError: a ladder watches a milestone the promise does not have,
            two ladders share a name, ``ladders`` is not a list of ladders, or
            ``request`` is not text.
        EventLogError: the log is impossible (see :func:`~svcquality.read_clock`).
            Like the clock, it reads a request's one log and skips routing's and
            the loop's events.
    """
    _check_request(request, "due_actions")
    return _due(_evaluate(promise, ladders, log, now, "due_actions"), request)


def next_due(
    promise: Promise,
    ladders: Sequence[Ladder],
    log: Iterable[LogEntry],
    now: datetime,
    request: str = "R-1",
) -> datetime | None:
    """The earliest instant after ``now`` at which a new action becomes due.

    It reads the log known at ``now``, as every reader does: the events up to
    ``now`` (a later one has not happened yet; its order is still checked, as
    :func:`~svcquality.read_clock` checks it), so call again after each new
    event: a pause, a ``Met`` or a resolution changes the answer. None when
    nothing more can become due (every step fired, the milestones met, or the
    clock paused). With no event between ``now`` and this instant, evaluating
    :func:`due_actions` at it gives the actions of ``now`` plus the new ones,
    and nothing becomes due strictly between. ``request`` is
    checked as :func:`due_actions` checks it, so both take the same arguments;
    the instant does not depend on it.
    """
    _check_request(request, "next_due")
    return _next(_evaluate(promise, ladders, log, now, "next_due"))
