"""Promises: a service's milestones, with extensions, status rules, repeats and replies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

import attrs

from svcquality._fields import (
    choice_of,
    did_you_mean,
    entries_of,
    items_of,
    shown,
)
from svcquality._types import StatusAction
from svcquality.calendars import BusinessCalendar
from svcquality.errors import PromiseError
from svcquality.promises._targets import Target

__all__ = ["Extension", "Promise", "StatusRule"]

_M = TypeVar("_M")
# --------------------------------------------------------------------------- extensions


def _flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        msg = f"Extension: {attribute.name} must be True or False, got {value!r}"
        raise PromiseError(msg)


def _extension_target(instance: object, attribute: attrs.Attribute[Target], value: object) -> None:
    if not isinstance(value, Target):
        msg = (
            f"Extension: to must be a Target such as Target.working_days(30), got {value!r}; "
            "an extension is a whole new target counted from the milestone's start"
        )
        raise PromiseError(msg)


@attrs.frozen
class Extension:
    """One extension a promise allows a milestone (延长处理期限), and what it requires.

    The extension's target replaces the milestone's target when an
    :class:`~svcquality.Extended` event applies it. It is counted from the same
    start as the target it replaces ("情况复杂的可以延长至30日": 30 days from the
    receipt, not 30 more), and pauses apply to it the same way. A promise lists a
    milestone's extensions in the order they may be applied.

    Attributes:
        to: the new target, e.g. ``Target.working_days(30)``; measured the
            milestone's way (clock time or open time) and, where comparable,
            longer than the target before it.
        requires_reason: the ``Extended`` event must give a reason ("情况复杂").
        requires_approval: the event must name who approved it (上级机构 or a
            senior manager of the head office).
        requires_customer_informed: the event must record that the customer was
            told (告知投诉人).
    """

    to: Target = attrs.field(validator=_extension_target)
    requires_reason: bool = attrs.field(default=False, kw_only=True, validator=_flag)
    requires_approval: bool = attrs.field(default=False, kw_only=True, validator=_flag)
    requires_customer_informed: bool = attrs.field(default=False, kw_only=True, validator=_flag)

    @property
    def requirements(self) -> tuple[str, ...]:
        """The names of what the extension requires, e.g. ``("reason", "approval")``."""
        return tuple(
            name
            for name, needed in (
                ("reason", self.requires_reason),
                ("approval", self.requires_approval),
                ("customer_informed", self.requires_customer_informed),
            )
            if needed
        )


def _longer(a: Target, b: Target) -> bool | None:
    """Whether ``a`` gives more time than ``b``; None when the two do not compare.

    Two targets compare when they are of one kind and differ only in their
    length (the duration, or the number of working days, days or months).
    """
    if a.kind != b.kind:
        return None
    if a.duration is not None and b.duration is not None:
        return a.duration > b.duration
    if a.count is not None and b.count is not None and attrs.evolve(a, count=b.count) == b:
        return a.count > b.count
    return None


#: A problem of a promise's extensions: (path below ``extensions``, problem, fix).
_ExtensionProblem = tuple[tuple[str | int, ...], str, str]


def _extension_problems(
    milestones: Mapping[str, Target], extensions: Mapping[Any, object]
) -> list[_ExtensionProblem]:
    """Every problem of ``extensions`` against ``milestones``, each with its path.

    The path is below ``extensions``: ``("decide",)``, ``("decide", 1)`` or
    ``("decide", 1, "to")``. :class:`Promise` raises the first; a rulebook
    reports them all.
    """
    out: list[_ExtensionProblem] = []
    known = list(milestones)
    for key, entries in extensions.items():
        target = milestones.get(key) if isinstance(key, str) else None
        if target is None:
            hint = did_you_mean(str(key), known)
            out.append(
                (
                    (str(key),),
                    f"there is no milestone {key!r}",
                    f"{hint}extend one of the milestones {', '.join(map(repr, known))}",
                )
            )
            continue
        name: str = key
        if isinstance(entries, Extension | str) or not isinstance(entries, Sequence):
            out.append(
                (
                    (name,),
                    f"expected the milestone's extensions in order, got {entries!r}",
                    "give a tuple of Extension, e.g. (Extension(Target.working_days(30)),)",
                )
            )
            continue
        before = target
        where = f"the target {target!r} of milestone {name!r}"
        for j, ext in enumerate(entries):
            if not isinstance(ext, Extension):
                out.append(
                    (
                        (name, j),
                        f"expected an Extension, got {ext!r}",
                        "write Extension(to=Target..., requires_reason=...)",
                    )
                )
                break
            if ext.to.measure != target.measure:
                measure = "clock time" if target.measure == "wall" else "open time"
                out.append(
                    (
                        (name, j, "to"),
                        f"{ext.to!r} is not measured in {measure}, as {where} is",
                        f"extend it with a target measured in {measure}",
                    )
                )
                break
            if _longer(ext.to, before) is False:
                out.append(
                    (
                        (name, j, "to"),
                        f"{ext.to!r} gives no more time than {where}",
                        "an extension is counted from the same start as the target it "
                        "replaces, so give a longer one (extend 15 days to 30, not by 15)",
                    )
                )
                break
            before = ext.to
            where = f"extension [{j}] {ext.to!r} before it"
    return out


def _extensions(value: object) -> dict[str, tuple[Extension, ...]]:
    if not isinstance(value, Mapping):
        msg = (
            "Promise: extensions must be a mapping of milestone name to its extensions in "
            f"order, such as {{'decide': (Extension(Target.working_days(30)),)}}; got {value!r}"
        )
        raise PromiseError(msg)
    # Kept as given here; __attrs_post_init__ checks them against the milestones.
    return {
        k: (tuple(v) if isinstance(v, Sequence) and not isinstance(v, str) else v)
        for k, v in value.items()
        if not (isinstance(v, Sequence) and not isinstance(v, str) and len(v) == 0)
    }


def _pause_reasons(value: object) -> tuple[str, ...]:
    fix = "give the reasons as a tuple of text, such as ('external_appraisal', 'awaiting_customer')"
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Promise: pause_reasons must be a tuple of reasons, got {value!r}; {fix}"
        raise PromiseError(msg)
    out: list[str] = []
    for reason in value:
        if not isinstance(reason, str) or not reason.strip():
            msg = f"Promise: pause_reasons has {reason!r}, not a reason; {fix}"
            raise PromiseError(msg)
        if reason in out:
            msg = f"Promise: pause_reasons lists {reason!r} twice; remove the repeat"
            raise PromiseError(msg)
        out.append(reason)
    return tuple(out)


def _milestone_names(value: object, field: str, example: str) -> tuple[str, ...]:
    fix = f"name the milestones as a tuple, such as {example}"
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Promise: {field} must be a tuple of milestone names, got {value!r}; {fix}"
        raise PromiseError(msg)
    out: list[str] = []
    for name in value:
        _check_name(name, f"Promise: a milestone name in {field}")
        if name in out:
            msg = f"Promise: {field} lists {name!r} twice; remove the repeat"
            raise PromiseError(msg)
        out.append(name)
    return tuple(out)


def _repeats(value: object) -> tuple[str, ...]:
    return _milestone_names(value, "repeats", "('update',)")


def _replies(value: object) -> tuple[str, ...]:
    return _milestone_names(value, "replies", "('reply',)")


# --------------------------------------------------------------------------- status rules


def _status_action(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    choice_of(value, StatusAction, "StatusRule.action", PromiseError)


def _status_reason(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        msg = f"StatusRule: reason must be text such as 'awaiting_customer', got {shown(value)}"
        raise PromiseError(msg)


def _status_milestones(value: object) -> tuple[str, ...]:
    names = items_of(value, "StatusRule: milestones", PromiseError, "('respond',)")
    for name in names:
        if not isinstance(name, str) or not name.strip():
            msg = f"StatusRule: milestones has {shown(name)}, not a milestone name"
            raise PromiseError(msg)
    return tuple(str(name) for name in names)


@attrs.frozen
class StatusRule:
    """What one host status does to the clock (a promise's ``status_rules``).

    A host maps its ticket states once, as data; a
    :class:`~svcquality.StatusChanged` event in the log then drives the clock
    as the explicit events the rule implies would (``docs/clock.md``, "Status
    rules"). Build one with a constructor:

    - ``StatusRule.pause(reason)``: the clock pauses for ``reason`` (等待客户补充材料,
      外部鉴定); the promise's ``pause_reasons`` apply to it. Implies ``Paused``.
    - ``StatusRule.resume()``: the clock runs again. Implies ``Resumed``.
    - ``StatusRule.meet(*milestones)``: those milestones are met (ServiceNow's
      stop condition). Implies ``Met`` for each one not yet met.
    - ``StatusRule.restart()``: every open milestone starts afresh, nothing
      used (new facts and reasons; ServiceNow's reset condition). Implies
      ``Retargeted(promise=<the promise in force>, policy="restart")``.
    - ``StatusRule.keep()``: the status leaves the clock as it is (a status the
      host has that the clock does not care about, declared so none is unknown).

    A status never resolves or reopens the request: closing it (办结) is a
    decision recorded as ``Resolved``, which routing and feedback read too.

    Attributes:
        action: ``"pause"``, ``"resume"``, ``"meet"``, ``"restart"`` or ``"keep"``.
        reason: the pause's reason (``"pause"`` only, where it is required).
        milestones: the milestones met (``"meet"`` only, where one is required).
    """

    action: StatusAction = attrs.field(validator=_status_action)
    reason: str = attrs.field(default="", kw_only=True, validator=_status_reason)
    milestones: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_status_milestones
    )

    def __attrs_post_init__(self) -> None:
        problem = _status_rule_shape(self)
        if problem is not None:
            raise PromiseError(f"StatusRule({self.action!r}): {problem[0]}; {problem[1]}")

    @classmethod
    def pause(cls, reason: str) -> StatusRule:
        """The clock pauses for ``reason``."""
        return cls("pause", reason=reason)

    @classmethod
    def resume(cls) -> StatusRule:
        """The clock runs again."""
        return cls("resume")

    @classmethod
    def meet(cls, *milestones: str) -> StatusRule:
        """Those milestones are met."""
        return cls("meet", milestones=milestones)

    @classmethod
    def restart(cls) -> StatusRule:
        """Every open milestone starts afresh from the status change."""
        return cls("restart")

    @classmethod
    def keep(cls) -> StatusRule:
        """The clock stays as it is."""
        return cls("keep")


def _status_rule_shape(rule: StatusRule) -> tuple[str, str] | None:
    """The rule's first problem on its own, as (problem, fix), or None."""
    if rule.action == "pause" and not rule.reason.strip():
        return "a pause needs a reason", "write StatusRule.pause('awaiting_customer')"
    if rule.action != "pause" and rule.reason:
        return f"only a pause has a reason, got {rule.reason!r}", "remove the reason"
    if rule.action == "meet" and not rule.milestones:
        return "names no milestone", "write StatusRule.meet('respond')"
    if rule.action != "meet" and rule.milestones:
        return (
            f"only 'meet' names milestones, got {rule.milestones!r}",
            "remove the milestones",
        )
    repeated = [m for j, m in enumerate(rule.milestones) if m in rule.milestones[:j]]
    if repeated:
        return f"names milestone {repeated[0]!r} twice", "remove the repeat"
    return None


#: A problem of a promise's status rules: (path below ``status_rules``, problem, fix).
_StatusProblem = tuple[tuple[str, ...], str, str]


def _status_rule_problems(
    milestones: Mapping[str, Target], pause_reasons: Sequence[str], rules: Mapping[str, StatusRule]
) -> list[_StatusProblem]:
    """Every problem of ``rules`` against the promise's milestones and pause reasons.

    The path is below ``status_rules``: ``("awaiting_customer", "reason")`` or
    ``("answered", "milestones")``. :class:`Promise` raises the first; a
    rulebook reports them all.
    """
    out: list[_StatusProblem] = []
    known = list(milestones)
    for status, rule in rules.items():
        if rule.action == "pause" and pause_reasons and rule.reason not in pause_reasons:
            out.append(
                (
                    (status, "reason"),
                    f"the reason {rule.reason!r} is not one of the promise's pause_reasons "
                    f"({', '.join(map(repr, pause_reasons))})",
                    f"{did_you_mean(rule.reason, pause_reasons)}give one of them, or add it "
                    "to pause_reasons",
                )
            )
        out.extend(
            (
                (status, "milestones"),
                f"there is no milestone {name!r}",
                f"{did_you_mean(name, known)}name one of the milestones "
                f"{', '.join(map(repr, known))}",
            )
            for name in rule.milestones
            if name not in milestones
        )
    return out


def _status_rules(value: object) -> dict[str, StatusRule]:
    example = "{'awaiting_customer': StatusRule.pause('等待客户补充材料')}"
    entries = entries_of(value, "Promise: status_rules", PromiseError, example)
    return _by_name(
        entries,
        StatusRule,
        "Promise: a status name in status_rules",
        lambda status, rule: (
            f"Promise: status_rules[{status!r}] must be a StatusRule such as "
            f"StatusRule.pause('awaiting_customer') or StatusRule.resume(), got {shown(rule)}"
        ),
    )


# --------------------------------------------------------------------------- promises

_NAME = re.compile(r"^\S+$")


def _check_name(value: object, what: str) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        msg = f"{what} must be a non-empty name without spaces, such as 'atm_refund'; got {value!r}"
        raise PromiseError(msg)
    return value


def _service(value: object) -> str:
    return _check_name(value, "Promise: service")


def _milestones(value: object) -> dict[str, Target]:
    if not isinstance(value, Mapping) or not value:
        msg = (
            "Promise: milestones must be a non-empty mapping of name to Target, such as "
            f"{{'respond': Target.business(timedelta(hours=1))}}; got {value!r}"
        )
        raise PromiseError(msg)
    return _by_name(
        value,
        Target,
        "Promise: a milestone name",
        lambda name, target: (
            f"Promise: milestone {name!r} must be a Target (Target.wall, Target.business, "
            f"Target.working_days, Target.batch), got {target!r}"
        ),
    )


def _by_name(
    entries: Mapping[Any, object],
    kind: type[_M],
    name_what: str,
    wrong: Callable[[str, object], str],
) -> dict[str, _M]:
    """``entries`` as a dict of checked names to ``kind`` values, in order; ``wrong``
    words the error for an entry whose value is not a ``kind``."""
    out: dict[str, _M] = {}
    for name, value in entries.items():
        key = _check_name(name, name_what)
        if not isinstance(value, kind):
            raise PromiseError(wrong(key, value))
        out[key] = value
    return out


def _goal(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        msg = (
            f"Promise: goal is the share of requests to meet, in (0, 1], such as 0.9; got {value!r}"
        )
        raise PromiseError(msg)
    return float(value)


@attrs.frozen
class Promise:
    """A service's promised milestones, measured on a calendar, with a compliance goal.

    Attributes:
        service: the service, e.g. ``"atm_refund"`` or ``"loss_report"``.
        milestones: ordered ``{name: Target}``, e.g. ``{"respond": ..., "resolve": ...}``.
        calendar: the calendar open time is measured on; needed by every target
            that is not wall time.
        goal: the share of requests that must meet the promise, e.g. 0.9.
        name: the promise's own name when one service has several (by tier or
            channel); defaults to the service.
        extensions: per milestone, the :class:`Extension` s it allows, in the
            order an :class:`~svcquality.Extended` event may apply them
            (keyword-only). A milestone without an entry allows none.
        pause_reasons: the reasons a ``Paused`` event may give, e.g.
            ``("external_appraisal",)`` (外部机构鉴定、检测、评估); empty (the
            default) accepts any reason (keyword-only).
        status_rules: what each host status does to the clock, as
            :class:`StatusRule` s by status name, e.g.
            ``{"awaiting_customer": StatusRule.pause("等待客户补充材料")}`` (a status
            name is a name without spaces, as a milestone's is); a
            :class:`~svcquality.StatusChanged` event names one of them. Empty (the
            default) refuses every status change (keyword-only).
        repeats: the milestones that recur, e.g. ``("update",)`` for a progress
            update due every 2 working days (同步反馈客户进度): each ``Met`` of one
            meets its current occurrence and starts the next, counted from the
            ``Met``; the first counts from the opening, and the resolution ends
            them (keyword-only; ``docs/clock.md``, "Repeating milestones").
        replies: the milestones a customer's message calls for, e.g. ``("reply",)``
            for a next reply due within 1 business hour (Zendesk's next reply
            time): a :class:`~svcquality.CustomerMessage` opens an occurrence when
            none waits, and a ``Met`` of the milestone (the agent's reply) meets
            it. No message waiting, nothing due (keyword-only; ``docs/clock.md``,
            "Next reply").
    """

    service: str = attrs.field(converter=_service)
    milestones: dict[str, Target] = attrs.field(converter=_milestones, hash=False)
    calendar: BusinessCalendar | None = attrs.field(default=None, eq=True, hash=False)
    goal: float = attrs.field(default=0.9, converter=_goal)
    name: str = attrs.field(default="")
    extensions: dict[str, tuple[Extension, ...]] = attrs.field(
        factory=dict, converter=_extensions, kw_only=True, hash=False
    )
    pause_reasons: tuple[str, ...] = attrs.field(default=(), converter=_pause_reasons, kw_only=True)
    status_rules: dict[str, StatusRule] = attrs.field(
        factory=dict, converter=_status_rules, kw_only=True, hash=False
    )
    repeats: tuple[str, ...] = attrs.field(default=(), converter=_repeats, kw_only=True)
    replies: tuple[str, ...] = attrs.field(default=(), converter=_replies, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.calendar is not None and not isinstance(self.calendar, BusinessCalendar):
            msg = (
                f"Promise {self.service!r}: calendar must be a BusinessCalendar, got "
                f"{self.calendar!r}; rulebooks refer to calendars by name, code passes the object"
            )
            raise PromiseError(msg)
        if not self.name:
            object.__setattr__(self, "name", self.service)
        else:
            _check_name(self.name, "Promise: name")
        if self.calendar is None:
            for milestone, target in self.milestones.items():
                if target.measure == "business":
                    msg = (
                        f"Promise {self.name!r}: milestone {milestone!r} is {target!r}, measured "
                        "in open time, but the promise has no calendar; pass "
                        "calendar=BusinessCalendar.weekly(...) (or .always_open(...) for 7x24)"
                    )
                    raise PromiseError(msg)
        problems = _extension_problems(self.milestones, self.extensions)
        if problems:
            path, problem, fix = problems[0]
            where = "".join(f"[{seg!r}]" for seg in path[:1]) + "".join(
                f"[{seg}]" if isinstance(seg, int) else f".{seg}" for seg in path[1:]
            )
            msg = f"Promise {self.name!r}: extensions{where}: {problem}; {fix}"
            raise PromiseError(msg)
        for name in self.repeats:
            self._require_milestone("repeats", name, "the interval")
        for name in self.replies:
            self._require_milestone("replies", name, "the reply's")
            if name in self.repeats:
                msg = (
                    f"Promise {self.name!r}: {name!r} is in both repeats and replies; a "
                    "repeating milestone comes back after each Met, a reply only after a "
                    "customer's message: keep it in one of them"
                )
                raise PromiseError(msg)
        status_problems = _status_rule_problems(
            self.milestones, self.pause_reasons, self.status_rules
        )
        if status_problems:
            (status, *rest), problem, fix = status_problems[0]
            where = f"[{status!r}]" + "".join(f".{seg}" for seg in rest)
            msg = f"Promise {self.name!r}: status_rules{where}: {problem}; {fix}"
            raise PromiseError(msg)

    def __getitem__(self, milestone: str) -> Target:
        try:
            return self.milestones[milestone]
        except KeyError:
            raise PromiseError(self._unknown(milestone)) from None

    def _require_milestone(self, field: str, name: str, whose: str) -> None:
        """A name ``field`` lists must be a milestone, whose target is ``whose``."""
        if name not in self.milestones:
            msg = (
                f"Promise {self.name!r}: {field} names {name!r}, which is not a milestone; "
                f"{did_you_mean(name, list(self.milestones))}name one of the milestones "
                f"{', '.join(map(repr, self.milestones))}, whose target is {whose}"
            )
            raise PromiseError(msg)

    def _unknown(self, milestone: object) -> str:
        if milestone in self.replies:
            return (
                f"promise {self.name!r}'s milestone {milestone!r} is a reply (replies), and "
                "no customer message waits for it, so nothing is due; its answered "
                f"occurrences are in occurrences[{milestone!r}]"
            )
        known = list(self.milestones)
        hint = did_you_mean(str(milestone), known)
        return (
            f"promise {self.name!r} has no milestone {milestone!r}; {hint}"
            f"its milestones are {', '.join(map(repr, known))}"
        )

    def deadlines(self, received: datetime) -> dict[str, datetime]:
        """Each milestone's due instant for a request received at ``received``, with no pause."""
        return {m: t.deadline(received, self.calendar) for m, t in self.milestones.items()}
