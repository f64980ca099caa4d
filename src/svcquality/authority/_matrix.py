"""The authority matrix: role × action → rules, and the decision on one request."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs

from svcquality._fields import (
    Language,
    closest,
    language_of,
    shown,
    zone_of,
)
from svcquality._instants import in_zone
from svcquality._money import EXACT, Money
from svcquality.authority._requests import AuthorityRequest, Decision, Granted, Remaining
from svcquality.authority._rules import AuthorityRule, PeriodLimit, _each, _listed, _name
from svcquality.errors import AuthorityError

__all__ = ["AuthorityMatrix"]
# --------------------------------------------------------------------------- matrix

_CONDITION, _AMOUNT, _LIMIT, _SECOND, _OK = range(5)


@attrs.frozen
class _Outcome:
    stage: int  # how far the request got: _OK when allowed
    reason: str
    remaining: tuple[Remaining, ...]


def _period_key(period: str, t: datetime) -> object:
    if period == "day":
        return t.date()
    if period == "week":
        iso = t.isocalendar()
        return (iso[0], iso[1])
    if period == "month":
        return (t.year, t.month)
    if period == "year":
        return t.year
    return None


def _period_words(period: str, t: datetime) -> str:
    key = _period_key(period, t)
    if period == "ever":
        return "ever"
    if isinstance(key, date):
        return f"on {key.isoformat()}"
    if period == "week":
        return f"in week {t.isocalendar()[1]} of {t.isocalendar()[0]}"
    if period == "month":
        return f"in {t.year}-{t.month:02d}"
    return f"in {t.year}"


def _roles(value: object) -> tuple[str, ...]:
    example = "['agent', 'team_leader', 'supervisor', 'branch_manager']"
    expected = f"the roles from the front line upwards, e.g. {example}"
    out = _listed(value, "AuthorityMatrix.roles", expected, mapping_ok=True)
    if not out:
        msg = "AuthorityMatrix.roles: no roles; list them from the front line upwards"
        raise AuthorityError(msg)
    seen: dict[str, int] = {}
    for i, role in enumerate(out):
        _name(role, f"AuthorityMatrix.roles[{i}]", "agent")
        if role in seen:
            msg = (
                f"AuthorityMatrix.roles[{i}]: {shown(role)} "
                f"is listed twice (also at {seen[role]}); "
                "each role has one place in the hierarchy"
            )
            raise AuthorityError(msg)
        seen[role] = i
    return out


def _rules(value: object) -> tuple[AuthorityRule, ...]:
    where = "AuthorityMatrix.rules"
    rules = _listed(value, where, "AuthorityRule objects")
    return _each(rules, AuthorityRule, where, "an AuthorityRule")


def _zone(_: object, __: object, value: str) -> None:
    zone_of(value, "AuthorityMatrix.zone", AuthorityError, tzinfo_ok=False)


@attrs.frozen
class AuthorityMatrix:
    """Role × action → rules, over a hierarchy of roles.

    A request is allowed when one of the role's rules for the action allows it
    (the first that does decides). A rule allows it when every condition holds,
    the amount is within ``max_amount``, every period limit holds with this
    action counted, and, under dual control, a second person other than the
    actor is named. When it is not allowed, the decision names the lowest
    higher role whose rules would allow it.

    Attributes:
        roles: the roles from the front line upwards, e.g.
            ``("agent", "team_leader", "supervisor", "branch_manager")``.
        rules: the rules, in order.
        zone: the IANA zone in which days, weeks, months and years are read,
            e.g. ``"Asia/Shanghai"``.
    """

    roles: tuple[str, ...] = attrs.field(converter=_roles)
    rules: tuple[AuthorityRule, ...] = attrs.field(converter=_rules)
    zone: str = attrs.field(validator=_zone)
    _tz: ZoneInfo = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_tz", ZoneInfo(self.zone))
        currency_of: dict[str, tuple[str, int]] = {}
        seen: dict[AuthorityRule, int] = {}
        for i, rule in enumerate(self.rules):
            where = f"AuthorityMatrix.rules[{i}] ({rule.label})"
            if rule.role not in self.roles:
                msg = f"{where}: role {shown(rule.role)} is not in roles; " + closest(
                    rule.role, self.roles, "roles"
                )
                raise AuthorityError(msg)
            if rule in seen:
                msg = f"{where}: the same rule as rules[{seen[rule]}]; remove one"
                raise AuthorityError(msg)
            seen[rule] = i
            currency = rule.currency
            if currency is None:
                continue
            if rule.action in currency_of and currency_of[rule.action][0] != currency:
                other, j = currency_of[rule.action]
                msg = (
                    f"{where}: currency mismatch: {currency} here, {other} in rules[{j}] for "
                    f"the same action {shown(rule.action)}; state one action's limits in one "
                    "currency (name a separate action per currency)"
                )
                raise AuthorityError(msg)
            currency_of.setdefault(rule.action, (currency, i))

    @property
    def actions(self) -> tuple[str, ...]:
        """Every action some rule names, in first-seen order."""
        return tuple(dict.fromkeys(rule.action for rule in self.rules))

    def rules_for(self, role: str, action: str) -> tuple[AuthorityRule, ...]:
        """The rules of ``role`` for ``action``, in order."""
        return tuple(r for r in self.rules if r.role == role and r.action == action)

    def decide(
        self,
        role: str,
        action: str,
        request: AuthorityRequest,
        history: Iterable[Decision | Granted],
        *,
        language: Language = "en",
    ) -> Decision:
        """Whether ``role`` may take ``action`` for ``request``, given the earlier grants.

        Args:
            role: the role of ``request.actor``.
            action: the action, e.g. ``"临时额度调整"``.
            request: who, for which customer, how much, when.
            history: the earlier grants that period limits count: allowed
                :class:`Decision` objects (refused ones are skipped, they did not
                happen) or :class:`Granted` records. Only those of ``action`` in the
                request's period count, whenever in the period they fall.
            language: the language of the decision's ``reason``: ``"en"``
                (default) or ``"zh"`` for the agent's screen (``"允许：..."``,
                ``"双人复核：..."``). Everything else in the decision is data.

        Returns:
            The :class:`Decision`.

        Raises:
            AuthorityError: an unknown role or action (the known ones are listed,
                closest first), a request without the amount a rule limits, an
                amount in another currency than the rule's limits, a history item
                that is not a grant, or an unknown language.
        """
        zh = language_of(language, "decide()", AuthorityError) == "zh"
        if role not in self.roles:
            msg = f"decide(): unknown role {shown(role)}; " + closest(role, self.roles, "roles")
            raise AuthorityError(msg, code="authority.unknown_role", value=role, known=self.roles)
        if action not in self.actions:
            msg = f"decide(): unknown action {shown(action)}; " + closest(
                action, self.actions, "actions"
            )
            raise AuthorityError(
                msg, code="authority.unknown_action", value=action, known=self.actions
            )
        if not isinstance(request, AuthorityRequest):
            msg = f"decide(): request must be an AuthorityRequest, got {shown(request)}"
            raise AuthorityError(msg)
        grants = _grants(history, action)
        candidates = [
            (i, r) for i, r in enumerate(self.rules) if r.role == role and r.action == action
        ]
        outcomes = [(i, r, self._evaluate(r, request, grants, zh=zh)) for i, r in candidates]
        colon = "：" if zh else ": "
        for i, rule, outcome in outcomes:
            if outcome.stage == _OK:
                return Decision(
                    allowed=True,
                    role=role,
                    action=action,
                    request=request,
                    reason=f"{rule.label}{colon}{outcome.reason}",
                    rule_index=i,
                    rule_name=rule.label,
                    remaining=outcome.remaining,
                    requires_second_person=rule.requires_second_person,
                    second_person=request.second_person,
                )
        if not outcomes:
            refer = self._refer(role, action, request, grants)
            reason = (
                f"角色 {role!r} 无权办理 {action!r}"
                if zh
                else f"role {role!r} has no authority for {action!r}"
            )
            return Decision(
                allowed=False,
                role=role,
                action=action,
                request=request,
                reason=reason + _referral(refer, role, zh=zh),
                refer_to=refer,
                second_person=request.second_person,
            )
        # Report the rule the request got furthest with (the first of equals).
        i, rule, outcome = max(outcomes, key=lambda o: (o[2].stage, -o[0]))
        reason = ("；" if zh else "; ").join(f"{r.label}{colon}{o.reason}" for _, r, o in outcomes)
        refer = None
        if outcome.stage != _SECOND:
            refer = self._refer(role, action, request, grants)
            reason += _referral(refer, role, zh=zh)
        return Decision(
            allowed=False,
            role=role,
            action=action,
            request=request,
            reason=reason,
            rule_index=i,
            rule_name=rule.label,
            remaining=outcome.remaining,
            refer_to=refer,
            requires_second_person=rule.requires_second_person,
            second_person=request.second_person,
        )

    def _refer(
        self, role: str, action: str, request: AuthorityRequest, grants: Sequence[Granted]
    ) -> str | None:
        for higher in self.roles[self.roles.index(role) + 1 :]:
            for rule in self.rules_for(higher, action):
                outcome = self._evaluate(rule, request, grants, approver_unknown=True)
                if outcome.stage == _OK:
                    return higher
        return None

    def _evaluate(
        self,
        rule: AuthorityRule,
        request: AuthorityRequest,
        grants: Sequence[Granted],
        *,
        approver_unknown: bool = False,
        zh: bool = False,
    ) -> _Outcome:
        amount = self._amount_of(rule, request)
        local = in_zone(request.at, self._tz, "AuthorityRequest.at", AuthorityError)
        before: list[Remaining] = []
        after: list[Remaining] = []
        refusal = ""
        for limit in rule.limits:
            if approver_unknown and limit.per == "actor":
                continue  # the approver's own limits are checked when the approver decides
            count, total = self._used(limit, request, local, grants, rule)
            words = _limit_words(limit, local, zh=zh)
            left_count = left_sum = None
            if limit.max_count is not None:
                left_count = limit.max_count - count
                if left_count < 1 and not refusal:
                    refusal = (
                        f"{words}已用完：已批准{count}次，上限{limit.max_count}次"
                        if zh
                        else f"the {words} is used up: {count} of {limit.max_count} granted"
                    )
            if limit.max_sum is not None:
                used = Money(total, limit.max_sum.currency)
                left_sum = limit.max_sum - used
                assert amount is not None  # _amount_of insists when a rule sums amounts
                if amount > left_sum and not refusal:
                    refusal = (
                        f"{amount} 将超出{words}：已批准 {used}，剩余 {_floor(left_sum)}"
                        if zh
                        else f"{amount} would exceed the {words}: {used} granted, "
                        f"{_floor(left_sum)} left"
                    )
            before.append(
                Remaining(
                    limit.period,
                    limit.per,
                    None if left_count is None else max(left_count, 0),
                    None if left_sum is None else _floor(left_sum),
                )
            )
            after.append(
                Remaining(
                    limit.period,
                    limit.per,
                    None if left_count is None else left_count - 1,
                    None if left_sum is None or amount is None else left_sum - amount,
                )
            )
        as_it_stands = tuple(before)
        for condition in rule.conditions:
            holds, found = condition.check(request.attributes, language="zh" if zh else "en")
            if not holds:
                reason = (
                    f"条件 {condition} 不满足：{found}"
                    if zh
                    else f"condition {condition} is not met: {found}"
                )
                return _Outcome(_CONDITION, reason, as_it_stands)
        if rule.max_amount is not None and amount is not None and amount > rule.max_amount:
            reason = (
                f"{amount} 超过单笔限额 {rule.max_amount}"
                if zh
                else f"{amount} is above the limit of {rule.max_amount} per action"
            )
            return _Outcome(_AMOUNT, reason, as_it_stands)
        if refusal:
            return _Outcome(_LIMIT, refusal, as_it_stands)
        if rule.requires_second_person and not approver_unknown:
            second = request.second_person
            if second is None:
                reason = (
                    "双人复核：须由第二人复核，请在 second_person 中写明复核人"
                    if zh
                    else "dual control (双人复核): a second person must review; name them in "
                    "second_person"
                )
                return _Outcome(_SECOND, reason, as_it_stands)
            if second == request.actor:
                reason = (
                    f"双人复核：复核人 {second!r} 即经办人本人，须由两个不同的人办理"
                    if zh
                    else f"dual control (双人复核): the second person {second!r} is the actor; "
                    "two different people must act"
                )
                return _Outcome(_SECOND, reason, as_it_stands)
        return _Outcome(_OK, _allowed_words(rule, amount, request, zh=zh), tuple(after))

    def _amount_of(self, rule: AuthorityRule, request: AuthorityRequest) -> Money | None:
        amount = request.amount
        currency = rule.currency
        if currency is None:
            return amount
        if amount is None:
            msg = (
                f"decide(): rule {shown(rule.label)} limits the amount, so the request needs one; "
                f"pass amount=Money.parse('{currency} 5000') (or the real amount)"
            )
            raise AuthorityError(msg)
        if amount.currency != currency:
            msg = (
                f"decide(): currency mismatch: the request is for {amount}, rule "
                f"{shown(rule.label)} limits {currency}; svcquality never converts, so pass the "
                f"amount in {currency} or name a separate action for {amount.currency}"
            )
            raise AuthorityError(msg)
        return amount

    def _used(
        self,
        limit: PeriodLimit,
        request: AuthorityRequest,
        local: datetime,
        grants: Sequence[Granted],
        rule: AuthorityRule,
    ) -> tuple[int, Decimal]:
        key = _period_key(limit.period, local)
        count = 0
        total = Decimal(0)
        for index, grant in enumerate(grants):
            earlier = grant.request
            if limit.per == "actor" and earlier.actor != request.actor:
                continue
            if limit.per == "customer" and earlier.customer != request.customer:
                continue
            when = in_zone(earlier.at, self._tz, f"history: grant {index}'s at", AuthorityError)
            if _period_key(limit.period, when) != key:
                continue
            count += 1
            if limit.max_sum is None:
                continue
            if earlier.amount is None:
                msg = (
                    f"history: grant {index} of {shown(grant.action)} "
                    f"(at {earlier.at.isoformat()}) "
                    f"has no amount, but rule {shown(rule.label)} sums amounts; record its amount"
                )
                raise AuthorityError(msg)
            if earlier.amount.currency != limit.max_sum.currency:
                msg = (
                    f"history: grant {index} of {shown(grant.action)} "
                    f"is {earlier.amount}: currency "
                    f"mismatch with the limit {limit.max_sum} of rule {shown(rule.label)}"
                )
                raise AuthorityError(msg)
            total = EXACT.add(total, earlier.amount.amount)
        return count, total


def _grants(history: Iterable[Decision | Granted], action: str) -> list[Granted]:
    if isinstance(history, (str, bytes, Mapping)) or not isinstance(history, Iterable):
        msg = (
            "decide(): history must be a sequence of earlier Decision or Granted objects "
            f"(an empty list when there are none), got {shown(history)}"
        )
        raise AuthorityError(msg)
    out: list[Granted] = []
    for i, item in enumerate(history):
        if isinstance(item, Decision):
            granted = item.granted
            if granted is not None and granted.action == action:
                out.append(granted)
        elif isinstance(item, Granted):
            if item.action == action:
                out.append(item)
        else:
            msg = (
                f"decide(): history[{i}] must be a Decision or a Granted, got "
                f"{type(item).__name__} {shown(item)}"
            )
            raise AuthorityError(msg)
    return out


def _floor(value: Money) -> Money:
    return value if value.amount >= 0 else Money.zero(value.currency)


def _referral(refer: str | None, role: str, *, zh: bool) -> str:
    if zh:
        if refer is None:
            return f"；{role!r} 以上没有可以批准的角色"
        return f"；请转 {refer!r} 审批（可以批准的最低角色）"
    if refer is None:
        return f"; no role above {role!r} may approve it"
    return f"; refer to {refer!r}, the lowest role that may approve it"


def _limit_words(limit: PeriodLimit, local: datetime, *, zh: bool) -> str:
    """``"day limit (3 times a day per actor) on 2025-10-09"``, or its Chinese."""
    if not zh:
        return f"{limit.period} limit ({limit}) {_period_words(limit.period, local)}"
    when = {
        "day": f"{local:%Y-%m-%d}",
        "week": f"{local.isocalendar()[0]}年第{local.isocalendar()[1]}周",
        "month": f"{local.year}年{local.month}月",
        "year": f"{local.year}年",
        "ever": "",
    }[limit.period]
    return (f"{when}的" if when else "") + f"期间限额（{limit.describe(language='zh')}）"


#: What an allowed decision says, in Chinese and in English: (zh, en) per phrase.
_ALLOWED: dict[str, tuple[str, str]] = {
    "head": ("允许：", "allowed: "),
    "sep": ("，", ", "),
    "conditions": ("满足条件（{}）", "conditions met ({})"),
    "amount": ("{amount} 在单笔限额 {most} 以内", "{amount} within {most} per action"),
    "limits_sep": ("；", "; "),
    "limits": ("在期间限额以内（{}）", "within {}"),
    "second_person": ("复核人 {!r} 已复核（双人复核）", "second person {!r} reviewed (双人复核)"),
    "unlimited": ("该角色的权限不设上限", "the role's authority is unlimited"),
}


def _allowed_words(
    rule: AuthorityRule, amount: Money | None, request: AuthorityRequest, *, zh: bool = False
) -> str:
    words = {key: pair[0] if zh else pair[1] for key, pair in _ALLOWED.items()}
    parts = []
    if rule.conditions:
        parts.append(words["conditions"].format(words["sep"].join(map(str, rule.conditions))))
    if rule.max_amount is not None and amount is not None:
        parts.append(words["amount"].format(amount=amount, most=rule.max_amount))
    if rule.limits:
        language: Language = "zh" if zh else "en"
        limits = words["limits_sep"].join(lim.describe(language=language) for lim in rule.limits)
        parts.append(words["limits"].format(limits))
    if rule.requires_second_person:
        parts.append(words["second_person"].format(request.second_person))
    if not parts:
        parts.append(words["unlimited"])
    return words["head"] + words["sep"].join(parts)
