"""The records cattrs reads each rulebook entry into, the converter, and the collector."""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo
from typing import Any, Literal, TypeVar, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from svcquality._fields import shown
from svcquality._types import (
    Counting,
    DayBasis,
    LimitPeriod,
    LimitScope,
    RouteKind,
    StatusAction,
    TargetOp,
    Weekday,
)
from svcquality.authority import Money
from svcquality.calendars import HolidaySource, WeeklyHours
from svcquality.errors import (
    RulebookProblem,
)
from svcquality.promises import (
    Target,
)
from svcquality.rulebook._grammars import parse_action, parse_trigger
from svcquality.rulebook._hooks import (
    ActionT,
    Amount,
    Conditions,
    Name,
    Names,
    Share,
    TriggerT,
    When,
    Windows,
    Years,
    dict_hook,
    list_hook,
    literal_hook,
    read_amount,
    read_bool,
    read_conditions,
    read_date,
    read_float,
    read_holidays,
    read_hours,
    read_instant,
    read_int,
    read_money,
    read_name,
    read_names,
    read_share,
    read_target,
    read_text,
    read_when,
    read_windows,
    read_years,
    read_zone,
)
from svcquality.rulebook._problems import (
    MISSING,
    HookError,
    Path,
    kind_of,
    path_text,
    problem_texts,
    problems_of,
    value_at,
)

_D = TypeVar("_D")

# --------------------------------------------------------------------------- documents
# One record per kind of rulebook entry, with the entry's keys and their plain types.
# cattrs reads each entry into its record (the *Doc classes); the loaders further
# down check the references between entries and build the models from the records.


def _doc_hook(cls: type[Any], conv: cattrs.Converter) -> Callable[[object, object], object]:
    """The reader of one record: a mapping with text keys, unknown keys refused."""
    base = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)
    example = {
        "CalendarDoc": "{'hours': {'mon-fri': '09:00-17:00'}, 'zone': 'Asia/Shanghai'}",
        "PromiseDoc": "{'service': 'loss_report', 'milestones': {'respond': '1h'}}",
        "_ExtensionDoc": "{'to': '30 working days', 'requires_reason': true}",
        "_StatusRuleDoc": "{'action': 'pause', 'reason': 'awaiting_customer'} or 'resume'",
    }.get(cls.__name__, "a mapping of the keys documented in docs/rulebook.md")

    def hook(value: object, _: object = None) -> object:
        if not isinstance(value, Mapping):
            raise HookError(f"expected a mapping, got {kind_of(value)}", f"write {example}")
        bad = [k for k in value if not isinstance(k, str)]
        if bad:
            raise HookError(f"keys must be text, got {shown(bad[0])}", "write every key as text")
        return base(value, cls)

    return hook


@attrs.frozen(kw_only=True)
class CalendarDoc:
    hours: WeeklyHours
    zone: tzinfo
    holidays: HolidaySource | None = None
    closed_dates: list[date] = attrs.field(factory=list)
    working_dates: list[date] = attrs.field(factory=list)
    special_hours: dict[date, Windows] = attrs.field(factory=dict)
    years: Years | None = None
    makeup_hours: Weekday = "mon"
    holiday_hours: str | None = None
    working_days: DayBasis = "statutory"


@attrs.frozen(kw_only=True)
class UnitDoc:
    calendar: Name | None = None
    answer_within: Target | None = None
    description: str = ""


@attrs.frozen(kw_only=True)
class TierDoc:
    code: Name
    rank: int | None = None
    description: str = ""


@attrs.frozen(kw_only=True)
class _MilestoneDoc:
    target: Target
    counting: Counting = "working_days"


@attrs.frozen(kw_only=True)
class _ExtensionDoc:
    to: Target
    counting: Counting = "working_days"
    requires_reason: bool = False
    requires_approval: bool = False
    requires_customer_informed: bool = False


@attrs.frozen(kw_only=True)
class _StatusRuleDoc:
    action: StatusAction
    reason: str = ""
    milestones: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class PromiseDoc:
    service: Name
    milestones: dict[str, _MilestoneDoc]
    name: Name | None = None
    calendar: Name | None = None
    goal: Share = attrs.field(default=Share(0.9))
    extensions: dict[str, list[_ExtensionDoc]] = attrs.field(factory=dict)
    pause_reasons: list[str] = attrs.field(factory=list)
    status_rules: dict[str, _StatusRuleDoc] = attrs.field(factory=dict)
    repeats: list[str] = attrs.field(factory=list)
    replies: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class CatalogRuleDoc:
    promise: Name
    when: When = attrs.field(factory=lambda: When({}))
    calendar: Name | None = None
    name: str = ""
    amount_min: Amount | None = None
    amount_max: Amount | None = None
    calendar_from: Names | None = None
    in_force_from: datetime | None = None
    applies_to_open: bool = False


@attrs.frozen(kw_only=True)
class _StepDoc:
    trigger: TriggerT
    action: ActionT
    calendar: Name | None = None


@attrs.frozen(kw_only=True)
class LadderDoc:
    milestone: Name
    steps: list[_StepDoc]
    name: str = ""


@attrs.frozen(kw_only=True)
class RoutingRuleDoc:
    to: Name
    kind: RouteKind = "unit"
    service: Names | None = None
    channel: Names | None = None
    customer_tier: Names | None = None
    language: Names | None = None
    branch: Names | None = None
    amount_min: Amount | None = None
    amount_max: Amount | None = None
    name: str = ""


@attrs.frozen(kw_only=True)
class ObjectiveDoc:
    name: Name
    kpi: Name
    target: Any
    options: dict[str, Any] = attrs.field(factory=dict)
    op: TargetOp = ">="
    label: str = ""


@attrs.frozen(kw_only=True)
class _PeriodLimitDoc:
    period: LimitPeriod
    max_count: int | None = None
    max_sum: Money | None = None
    per: LimitScope = "actor"


@attrs.frozen(kw_only=True)
class AuthorityRuleDoc:
    role: Name
    action: Name
    max_amount: Money | None = None
    limits: list[_PeriodLimitDoc] = attrs.field(factory=list)
    conditions: Conditions = attrs.field(factory=lambda: Conditions(()))
    requires_second_person: bool = False
    name: str = ""
    unlimited_ok: bool = False


@attrs.frozen(kw_only=True)
class AuthorityDoc:
    roles: list[Name]
    zone: tzinfo
    rules: list[AuthorityRuleDoc]


def _milestone(value: object, _: object = None) -> _MilestoneDoc:
    """A milestone, written out or as its target alone (``resolve: '4h'``)."""
    if isinstance(value, str):
        value = {"target": value}
    return typing.cast("_MilestoneDoc", _MILESTONE_BASE(value, _MilestoneDoc))


def _status_rule(value: object, _: object = None) -> _StatusRuleDoc:
    """A status rule, written out or as its action alone (``in progress: resume``)."""
    if isinstance(value, str):
        value = {"action": value}
    return typing.cast("_StatusRuleDoc", _STATUS_RULE_BASE(value, _StatusRuleDoc))


def _is_literal(tp: Any) -> bool:
    return get_origin(tp) is Literal


def _is_list(tp: Any) -> bool:
    return get_origin(tp) is list


def _is_dict(tp: Any) -> bool:
    return get_origin(tp) is dict


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    for tp, fn in (
        (str, read_text),
        (int, read_int),
        (float, read_float),
        (Name, read_name),
        (Share, read_share),
        (Target, read_target),
        (WeeklyHours, read_hours),
        (tzinfo, read_zone),
        (HolidaySource, read_holidays),
        (date, read_date),
        (datetime, read_instant),
        (Windows, read_windows),
        (Years, read_years),
        (TriggerT, parse_trigger),
        (ActionT, parse_action),
        (When, read_when),
        (Names, read_names),
        (Amount, read_amount),
        (bool, read_bool),
        (Money, read_money),
        (Conditions, read_conditions),
    ):
        conv.register_structure_hook(tp, fn)
    conv.register_structure_hook_factory(_is_literal, literal_hook)
    conv.register_structure_hook_factory(_is_list, lambda t: list_hook(t, conv))
    conv.register_structure_hook_factory(_is_dict, lambda t: dict_hook(t, conv))
    for cls in (
        CalendarDoc,
        UnitDoc,
        TierDoc,
        _ExtensionDoc,
        PromiseDoc,
        CatalogRuleDoc,
        _StepDoc,
        LadderDoc,
        RoutingRuleDoc,
        ObjectiveDoc,
        _PeriodLimitDoc,
        AuthorityRuleDoc,
        AuthorityDoc,
    ):
        conv.register_structure_hook(cls, _doc_hook(cls, conv))
    return conv


_CONVERTER = _converter()
_MILESTONE_BASE = _doc_hook(_MilestoneDoc, _CONVERTER)
_CONVERTER.register_structure_hook(_MilestoneDoc, _milestone)
_STATUS_RULE_BASE = _doc_hook(_StatusRuleDoc, _CONVERTER)
_CONVERTER.register_structure_hook(_StatusRuleDoc, _status_rule)


class Collector:
    """Collects problems, each with its path and the value found there."""

    def __init__(self, data: object) -> None:
        self.data = data
        self.problems: list[RulebookProblem] = []

    def add(self, path: Path, message: str, fix: str) -> None:
        value = value_at(self.data, path)
        message, fix = problem_texts(message, fix)
        self.problems.append(
            RulebookProblem(
                path=path_text(path),
                value=None if value is MISSING else value,
                message=message,
                fix=fix,
            )
        )

    def structure(self, value: object, cls: type[_D], path: Path) -> _D | None:
        """Build ``cls`` from ``value`` with cattrs.

        When that fails, every problem is recorded under ``path`` and the result is None.
        """
        try:
            return _CONVERTER.structure(value, cls)
        except Exception as exc:  # every refusal becomes a problem
            found: list[tuple[Path, str, str]] = []
            problems_of(exc, path, found)
            for p, message, fix in found:
                self.add(p, message, fix)
            return None
