"""The catalog: which promise (and calendar) a request gets, by ordered, versioned rules."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import attrs

from svcquality._conditions import (
    Amount,
    amount_bound,
    check_range,
    in_range,
    range_covers,
    range_text,
    request_attributes,
)
from svcquality._fields import (
    closest,
    did_you_mean,
    entries_of,
    items_of,
    shown,
)
from svcquality._instants import require_aware
from svcquality._ordered import check_table, first_match
from svcquality.calendars import BusinessCalendar
from svcquality.errors import CatalogError
from svcquality.promises._promise import Promise

__all__ = ["ATTRIBUTES", "Catalog", "CatalogRule", "Match", "RuleChange"]
# --------------------------------------------------------------------------- catalog

#: The request attributes a catalog rule may test: the routing rules' attributes
#: and the severity. ``amount`` is tested by a range (``amount_min``/``amount_max``),
#: the others by the names in ``when``.
ATTRIBUTES = ("service", "severity", "channel", "customer_tier", "amount", "language", "branch")
_NAMED = tuple(a for a in ATTRIBUTES if a != "amount")


def _condition(value: object) -> tuple[tuple[str, frozenset[str]], ...]:
    if value is None:
        return ()
    if isinstance(value, tuple) and all(
        isinstance(p, tuple) and len(p) == 2 and isinstance(p[1], frozenset) for p in value
    ):
        value = dict(value)  # the normalised form: the default (), or attrs.evolve(rule)
    if not isinstance(value, Mapping):
        msg = (
            "CatalogRule: when must be a mapping such as {'service': 'atm_refund'}, "
            f"got {value!r}"
        )
        raise CatalogError(msg)
    out: list[tuple[str, frozenset[str]]] = []
    for key in sorted(value, key=lambda k: _NAMED.index(k) if k in _NAMED else 99):
        if key == "amount":
            msg = (
                "CatalogRule: when tests names; test the amount with "
                "amount_min=... and amount_max=... (the range [amount_min, amount_max))"
            )
            raise CatalogError(msg)
        if key not in _NAMED:
            hint = did_you_mean(str(key), _NAMED)
            msg = (
                f"CatalogRule: unknown attribute {key!r}; {hint}"
                f"a rule may test {', '.join(_NAMED)} (and amount_min/amount_max)"
            )
            raise CatalogError(msg)
        raw = value[key]
        options = (raw,) if isinstance(raw, str) else raw
        if not isinstance(options, Iterable) or not options:
            msg = f"CatalogRule: {key} must be a name or a list of names, got {raw!r}"
            raise CatalogError(msg)
        names = frozenset(options)
        if not all(isinstance(n, str) and n for n in names):
            msg = f"CatalogRule: {key} must be a name or a list of names, got {raw!r}"
            raise CatalogError(msg)
        out.append((key, names))
    return tuple(out)


def _catalog_bound(value: object) -> Amount | None:
    return amount_bound(value, "CatalogRule: amount bound", CatalogError)


_SOURCE = re.compile(r"[a-z][a-z0-9_]*")


def _calendar_from(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else value
    example = "('branch', 'customer_calendar', 'group_calendar')"
    if not isinstance(items, Iterable):
        msg = (
            "CatalogRule: calendar_from must be request attribute names such as "
            f"{example}, got {shown(value)}"
        )
        raise CatalogError(msg)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not _SOURCE.fullmatch(item):
            msg = (
                f"CatalogRule: calendar_from must be request attribute names such as {example} "
                f"(lower case, digits and _), got {shown(item)} in {shown(value)}"
            )
            raise CatalogError(msg)
        if item in ("amount", "rule", "promise"):
            msg = (
                f"CatalogRule: calendar_from cannot read {item!r} (the amount, or a word Match "
                "uses for the rule's and the promise's calendar); name a request attribute "
                "that holds a calendar name"
            )
            raise CatalogError(msg)
        if item in out:
            msg = (
                f"CatalogRule: calendar_from names {item!r} twice in {shown(value)}; "
                "list each source once"
            )
            raise CatalogError(msg)
        out.append(item)
    return tuple(out)


def _in_force_from(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    if value is not None:
        require_aware(value, "CatalogRule(in_force_from=...)")


def _applies_to_open(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        msg = f"CatalogRule: applies_to_open must be True or False, got {shown(value)}"
        raise CatalogError(msg)


def _not_later(a: datetime | None, b: datetime | None) -> bool:
    """Whether in force from ``a`` is in force whenever from ``b`` is (None: always)."""
    return a is None or (b is not None and a <= b)


def _start_text(rule: CatalogRule) -> str:
    start = rule.in_force_from
    return "always (no in_force_from)" if start is None else f"from {start.isoformat()}"


#: A problem of a rule's versions: (position, problem, fix, data); data (the
#: positions) only for versions that stand apart (``catalog.versions_apart``).
VersionProblem = tuple[int, str, str, dict[str, object]]


def _rule_label(rules: Sequence[CatalogRule], i: int) -> str:
    return f"rule {i} ({rules[i].name or rules[i].describe()})"


def _version_problem(rules: Sequence[CatalogRule], i: int) -> VersionProblem | None:
    """What is wrong with ``rules[i]`` as a version of an earlier rule, or None.

    Versions of one rule (the same condition) stand together, oldest first, each
    in force after the one before, so that a new version replaces its rule where
    that rule stands: a version placed after another rule would take that later
    place when it comes into force and let the rule between decide (a phone
    complaint would get the phone promise, not the complaint rule's new version).
    """
    rule = rules[i]
    j = next((k for k in range(i - 1, -1, -1) if rules[k].is_version_of(rule)), None)
    if j is None:
        return None
    earlier = rules[j]
    if earlier.in_force_from is None and rule.in_force_from is None:
        return None  # two undated rules alike: the shadowing check words it
    here, there = _rule_label(rules, i), _rule_label(rules, j)
    if j != i - 1:
        between = ", ".join(_rule_label(rules, k) for k in range(j + 1, i))
        name, other = rule.name or f"rule {i}", earlier.name or f"rule {j}"
        return (
            i,
            f"{here} and {there} are versions of one rule (the same condition), and "
            f"{between} stands between them: when the version comes into force the rule "
            "between would decide before it, so the change would move requests to another "
            "rule's promise; the versions of a rule stand together",
            f"move {name!r} next to {other!r} (right after {there})",
            {"position": i, "version_of": j, "between": tuple(range(j + 1, i))},
        )
    if earlier.in_force_from == rule.in_force_from:
        return (
            i,
            f"{here} and rule {j} are versions of one rule (the same condition) both "
            f"in force {_start_text(rule)}, so a request's opening cannot choose between them",
            "give each version its own in_force_from or remove one",
            {},
        )
    if not _not_later(earlier.in_force_from, rule.in_force_from):
        return (
            i,
            f"{here} is a version of rule {j} (the same condition) in force "
            f"{_start_text(rule)}, and rule {j} is in force {_start_text(earlier)}",
            "list the versions of a rule oldest first, each in force after the one before",
            {},
        )
    return None


def version_problems(rules: Sequence[CatalogRule]) -> list[VersionProblem]:
    """Every problem of the versions in ``rules`` (:class:`Catalog` raises the first;
    a rulebook reports each at its entry)."""
    return [p for i in range(len(rules)) if (p := _version_problem(rules, i)) is not None]


def _catalog_rules(value: object) -> tuple[CatalogRule, ...]:
    return items_of(value, "Catalog.rules", CatalogError, "[CatalogRule(promise='x')]")  # type: ignore[return-value]


def _catalog_promises(value: object) -> dict[str, Promise]:
    return entries_of(value, "Catalog.promises", CatalogError, "{'x': promise}")  # type: ignore[return-value]


def _catalog_calendars(value: object) -> dict[str, BusinessCalendar]:
    return entries_of(value, "Catalog.calendars", CatalogError, "{'branch': calendar}")  # type: ignore[return-value]


@attrs.frozen
class CatalogRule:
    """One rule of a catalog: when the request's attributes match, use ``promise``.

    A rule tests the request attributes the routing rules test (service,
    channel, customer tier, language, branch, an amount range) and the
    severity, by the same rule (:data:`ATTRIBUTES`).

    Attributes:
        promise: the name of the promise to use.
        when: attribute → accepted values; a missing attribute matches anything,
            and a rule with no condition (nor amount range) is the default.
        calendar: the name of a calendar to measure the promise on instead of
            its own (a branch's hours), or None.
        name: a label for the rule in decisions and errors.
        amount_min: the smallest amount accepted (inclusive), or None; a plain
            ``Decimal`` (or int, or text) or :class:`~svcquality.Money`.
        amount_max: the amount from which the rule no longer applies
            (exclusive), or None. A request without an amount matches no rule
            with a range; one in another currency is an error.
        calendar_from: the request attributes that may name the calendar, in
            precedence order, e.g. ``("branch", "customer_calendar",
            "group_calendar")``: the first the request gives decides, then
            ``calendar``, then the promise's own (request → customer → group →
            default). A name with no calendar in the catalog is an error.
        in_force_from: the instant (timezone-aware) this version of the rule
            comes into force, or None: always. Rules with the same condition
            are versions of one rule, listed oldest first and next to each
            other (a new version replaces its rule where the rule stands); a
            request is bound to the version in force when it was opened (受理时).
        applies_to_open: whether the version also binds requests opened
            before it came into force and still open (the rule change says
            so), instead of only those opened from ``in_force_from``. It binds
            them from ``in_force_from`` on, keeping the time they used:
            :attr:`Match.changes` and :func:`~svcquality.with_rule_changes`.
    """

    promise: str
    when: tuple[tuple[str, frozenset[str]], ...] = attrs.field(default=(), converter=_condition)
    calendar: str | None = None
    name: str = ""
    amount_min: Amount | None = attrs.field(default=None, kw_only=True, converter=_catalog_bound)
    amount_max: Amount | None = attrs.field(default=None, kw_only=True, converter=_catalog_bound)
    calendar_from: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_calendar_from)
    in_force_from: datetime | None = attrs.field(
        default=None, kw_only=True, validator=_in_force_from
    )
    applies_to_open: bool = attrs.field(default=False, kw_only=True, validator=_applies_to_open)

    def __attrs_post_init__(self) -> None:
        check_range(
            self.amount_min,
            self.amount_max,
            f"CatalogRule {self.name or self.describe()}",
            CatalogError,
        )
        if self.applies_to_open and self.in_force_from is None:
            msg = (
                f"CatalogRule {self.name or self.describe()}: applies_to_open=True binds "
                "requests opened before the version came into force, and the rule has no "
                "in_force_from; give in_force_from=... or drop applies_to_open"
            )
            raise CatalogError(msg)

    def is_version_of(self, other: CatalogRule) -> bool:
        """Whether ``other`` tests the same condition: the two are versions of one rule."""
        return (self.when, self.amount_min, self.amount_max) == (
            other.when,
            other.amount_min,
            other.amount_max,
        )

    @property
    def is_default(self) -> bool:
        """Whether the rule matches every request."""
        return not self.when and not self._has_amount

    @property
    def _has_amount(self) -> bool:
        return self.amount_min is not None or self.amount_max is not None

    def matches(self, attributes: Mapping[str, object]) -> bool:
        """Whether a request with these attributes matches the rule.

        Raises:
            CatalogError: the rule tests amounts in one currency (or none) and
                the request's amount is in another.
        """
        if not all(attributes.get(key) in values for key, values in self.when):
            return False
        return not self._has_amount or in_range(
            self.amount_min,
            self.amount_max,
            attributes.get("amount"),
            rule=self.name or f"({self.describe()})",
            where="Catalog.match",
            table="the catalog",
            error=CatalogError,
            code="catalog.currency",
        )

    def why(self, attributes: Mapping[str, object]) -> str | None:
        """Why a request with these attributes matches (the condition), or None if not."""
        return self.describe() if self.matches(attributes) else None

    def covers(self, other: CatalogRule) -> bool:
        """Whether every request ``other`` matches is matched by this rule too.

        Versions of one rule (the same condition, one of them dated) replace
        each other and never cover each other (:class:`Catalog` checks their
        order and instants); otherwise a rule covers only one in force no
        earlier than itself.
        """
        if self.is_version_of(other) and (
            self.in_force_from is not None or other.in_force_from is not None
        ):
            return False
        if not _not_later(self.in_force_from, other.in_force_from):
            return False
        mine = dict(self.when)
        theirs = dict(other.when)
        names = all(key in theirs and theirs[key] <= values for key, values in mine.items())
        return names and range_covers(
            self.amount_min, self.amount_max, other.amount_min, other.amount_max
        )

    def describe(self) -> str:
        """The rule's condition in words, e.g. ``service=atm_refund, channel in {atm, phone}``."""
        if self.is_default:
            return "default (matches every request)"
        parts = []
        for key, values in self.when:
            names = sorted(values)
            parts.append(
                f"{key}={names[0]}" if len(names) == 1 else f"{key} in {{{', '.join(names)}}}"
            )
        if self._has_amount:
            parts.append(f"amount in {range_text(self.amount_min, self.amount_max)}")
        return ", ".join(parts)


@attrs.frozen
class RuleChange:
    """A version that came into force for a request already open (``applies_to_open``).

    The request keeps the time it has used and is measured against ``promise``
    from ``at`` on, as a severity change with the default policy is: the clock
    reads it as ``Retargeted(at, promise, "keep_elapsed")``, so a breach the
    tighter version reveals is dated at ``at``, never before the version was
    in force (:func:`~svcquality.with_rule_changes` puts it in the log).

    Attributes:
        at: when the version came into force for the request (its ``in_force_from``).
        promise: the promise from then on, on the calendar it is measured on.
        rule: the version (the rule that decides from then on).
        position: its index in the catalog.
    """

    at: datetime
    promise: Promise
    rule: CatalogRule
    position: int


def _opened_promise(match: Match) -> Promise:
    return match.promise


@attrs.frozen
class Match:
    """The catalog's answer for one request: the promise, and which rule decided.

    Attributes:
        promise: the promise, on the calendar it is measured on.
        rule: the rule that matched.
        position: its index in the catalog.
        reason: the rule and why it matched, in words (and, for a rule with
            ``calendar_from``, where the calendar came from; for a dated
            version, the instant it is in force from and whether it binds a
            request already open). ``rule.in_force_from`` is the version.
        calendar_source: which source decided the calendar: the request
            attribute that named it (e.g. ``"branch"``), ``"rule"`` (the rule's
            ``calendar``) or ``"promise"`` (the promise's own).
        changes: the versions that came into force for the request after its
            opening and moved it to another promise (``applies_to_open``),
            oldest first; the last one's promise is ``promise``. Empty when the
            request is bound to what was in force when it was opened.
        opened_promise: the promise the request was bound to when it was
            opened; ``promise`` when ``changes`` is empty.

    A request a change moved is read under ``opened_promise`` with the
    changes in its log, ``read_clock(match.opened_promise,
    with_rule_changes(match, log), now)``: the time used under the old
    version is kept and a breach the change reveals is dated when the version
    came into force. Reading the log under ``promise`` alone measures the new
    version from the opening and dates breaches before it was in force.
    """

    promise: Promise
    rule: CatalogRule
    position: int
    reason: str
    calendar_source: str = attrs.field(default="promise", kw_only=True)
    changes: tuple[RuleChange, ...] = attrs.field(default=(), kw_only=True)
    opened_promise: Promise = attrs.field(
        default=attrs.Factory(_opened_promise, takes_self=True), kw_only=True
    )


@attrs.frozen
class Catalog:
    """Ordered rules from request attributes to promises, ending with a default.

    Construction checks the catalog as a whole: the last rule must be a default
    (no condition), no rule may be unreachable because an earlier one matches
    everything it matches, the versions of a rule stand together, oldest
    first, and every promise and calendar name must be known.
    A calendar named by the request (a rule's ``calendar_from``) is looked up
    when the request is matched: an unknown one is an error then.

    Attributes:
        rules: the rules, tried in order; the first that matches decides.
        promises: promise name → promise.
        calendars: calendar name → calendar, for rules that name one and for
            the names requests give their ``calendar_from`` sources.
    """

    rules: tuple[CatalogRule, ...] = attrs.field(converter=_catalog_rules)
    promises: dict[str, Promise] = attrs.field(converter=_catalog_promises, hash=False)
    calendars: dict[str, BusinessCalendar] = attrs.field(
        factory=dict, converter=_catalog_calendars, hash=False
    )

    def __attrs_post_init__(self) -> None:
        def shadow(i: int, j: int) -> str:
            rule, earlier = self.rules[i], self.rules[j]
            return (
                f"Catalog rule {i} ({rule.name or rule.describe()}) can never match: rule {j} "
                f"({earlier.name or earlier.describe()}) comes first and matches every request "
                f"it would; move it above rule {j} or narrow rule {j}"
            )

        check_table(
            self.rules,
            CatalogError,
            empty="Catalog: no rules; end the catalog with a default rule CatalogRule(promise=...)",
            each=self._check_rule,
            shadow=shadow,
            no_default=lambda last: (
                f"Catalog: the last rule ({last.name or last.describe()}) has a condition, so some "
                "requests would match no rule; end with a default CatalogRule(promise=...)"
            ),
        )

    def _check_rule(self, i: int, rule: object) -> None:
        if not isinstance(rule, CatalogRule):
            msg = f"Catalog rule {i}: expected a CatalogRule, got {rule!r}"
            raise CatalogError(msg)
        where = f"Catalog rule {i} ({rule.name or rule.describe()})"
        if rule.promise not in self.promises:
            raise CatalogError(
                f"{where}: unknown promise {rule.promise!r}; "
                + closest(rule.promise, self.promises, "promises")
            )
        if rule.calendar is not None and rule.calendar not in self.calendars:
            raise CatalogError(
                f"{where}: unknown calendar {rule.calendar!r}; "
                + closest(rule.calendar, self.calendars, "calendars")
            )
        problem = _version_problem(self.rules, i)
        if problem is not None:
            _, text, fix, data = problem
            if data:  # the versions stand apart: the one problem with a code of its own
                raise CatalogError(f"Catalog {text}; {fix}", code="catalog.versions_apart", **data)
            raise CatalogError(f"Catalog {text}; {fix}")

    @property
    def attributes(self) -> tuple[str, ...]:
        """The request attributes :meth:`match` reads: :data:`ATTRIBUTES`, then the rules'
        calendar sources that are not among them."""
        extra = [a for rule in self.rules for a in rule.calendar_from if a not in ATTRIBUTES]
        return ATTRIBUTES + tuple(dict.fromkeys(extra))

    def match(self, **attributes: object) -> Match:
        """The promise for a request with these attributes, and the rule that decided.

        A catalog whose rules have versions (``in_force_from``) needs the
        request's opening to choose one: use :meth:`match_at`.

        Args:
            attributes: any of :data:`ATTRIBUTES` (names; ``amount`` a
                ``Decimal``, int, text or :class:`~svcquality.Money`) and the
                calendar sources the rules name in ``calendar_from``, e.g.
                ``catalog.match(**opened.attributes())``. A missing (or None)
                attribute matches only rules that do not test it.

        Raises:
            CatalogError: an unknown attribute (with the closest known one), a
                name that is not text, an amount that is not a number or is in
                another currency than a rule's range, or a calendar source
                naming no calendar of the catalog (the message gives the
                precedence and what each source held); a catalog with versions, or
                ``opened_at``/``as_of`` given here (they are :meth:`match_at`'s).
        """
        for word in ("opened_at", "as_of"):
            if word in attributes:
                msg = (
                    f"Catalog.match: {word} is not a request attribute; to match by the "
                    "request's opening use catalog.match_at(opened_at, as_of, **attributes)"
                )
                raise CatalogError(msg)
        return self._match(None, None, attributes)

    def match_at(
        self, opened_at: datetime, as_of: datetime | None = None, /, **attributes: object
    ) -> Match:
        """As :meth:`match`, for a request opened at ``opened_at``: of each rule's
        versions, the one in force then (受理时) decides.

        e.g. ``catalog.match_at(opened.at, now, **opened.attributes())``.

        Args:
            opened_at: when the request was opened.
            as_of: the instant the request is read at (the reading's ``now``;
                for a closed request, its closing). A version with
                ``applies_to_open`` in force by then binds the request too,
                though opened earlier. None: ``opened_at``.
            attributes: as for :meth:`match`.

        Returns:
            The :class:`Match` of the version that binds the request at
            ``as_of``. When a version with ``applies_to_open`` moved it after
            its opening, ``match.changes`` says when and to what, and
            ``match.opened_promise`` is the promise it was opened under: read
            it as ``read_clock(match.opened_promise, with_rule_changes(match,
            log), now)``, so that the new version binds it from its
            ``in_force_from`` (as ``Retargeted(in_force_from, promise,
            "keep_elapsed")`` would), not from the opening.

        Raises:
            CatalogError: as :meth:`match`; ``as_of`` before ``opened_at``, or
                no version of the default rule in force at ``opened_at``.
            NaiveDatetimeError: ``opened_at`` or ``as_of`` without a zone.
        """
        require_aware(opened_at, "Catalog.match_at(opened_at)")
        if as_of is not None:
            require_aware(as_of, "Catalog.match_at(as_of)")
            if as_of < opened_at:
                msg = (
                    f"Catalog.match_at: as_of {as_of.isoformat()} is before opened_at "
                    f"{opened_at.isoformat()}; read a request at or after its opening"
                )
                raise CatalogError(msg)
        first = self._match(opened_at, None, attributes)
        if as_of is None:
            return first
        # Each version that binds open requests and came into force while this one
        # was open is a change at its in_force_from: the match then, in order.
        starts = sorted(
            {
                rule.in_force_from
                for rule in self.rules
                if rule.applies_to_open
                and rule.in_force_from is not None
                and opened_at < rule.in_force_from <= as_of
            }
        )
        changes: list[RuleChange] = []
        last = first
        for start in starts:
            then = self._match(opened_at, start, attributes)
            if then.promise != last.promise:
                changes.append(RuleChange(start, then.promise, then.rule, then.position))
            last = then
        return attrs.evolve(last, changes=tuple(changes), opened_promise=first.promise)

    def _match(
        self, opened_at: datetime | None, as_of: datetime | None, attributes: dict[str, object]
    ) -> Match:
        where = "Catalog.match" if opened_at is None else "Catalog.match_at"
        checked = request_attributes(attributes, self.attributes, where, CatalogError)
        live = {id(self.rules[k]) for k in self._in_force(opened_at, as_of)}
        i, rule, why = first_match(
            self.rules, lambda rule: rule.why(checked) if id(rule) in live else None
        )
        promise = self.promises[rule.promise]
        label = rule.name or f"rule {i}"
        source, name = self._calendar_of(label, rule, checked)
        if name is not None:
            promise = attrs.evolve(promise, calendar=self.calendars[name])
        reason = f"{label}: {why}"
        if rule.calendar_from:
            if source == "rule":
                came = f"calendar {name} from the rule"
            elif source == "promise":
                came = "the promise's own calendar"
            else:
                came = f"calendar {name} from the request's {source}"
            if source in ("rule", "promise"):
                came += f" (the request gave no {' or '.join(rule.calendar_from)})"
            reason += f"; {came}"
        if rule.in_force_from is not None:
            reason += f"; the version in force {_start_text(rule)}"
            if opened_at is not None and opened_at < rule.in_force_from:
                reason += ", which binds requests already open"
        return Match(promise=promise, rule=rule, position=i, reason=reason, calendar_source=source)

    def _in_force(self, opened_at: datetime | None, as_of: datetime | None) -> list[int]:
        """The positions of the rules in force for a request opened at ``opened_at``
        and read at ``as_of``: of each rule's versions, the latest that binds it."""
        dated = [k for k, rule in enumerate(self.rules) if rule.in_force_from is not None]
        if not dated:
            return list(range(len(self.rules)))
        if opened_at is None:
            msg = (
                f"Catalog.match: rule {dated[0]} ({self._label(dated[0])}) is a version in "
                f"force {_start_text(self.rules[dated[0]])}, so which version binds a request "
                "depends on when it was opened; use catalog.match_at(opened_at, **attributes) "
                "with the instant the request was opened (the Opened event's at)"
            )
            raise CatalogError(msg)
        opened = opened_at
        read = opened if as_of is None else as_of

        def binds(rule: CatalogRule) -> bool:
            start = rule.in_force_from
            return start is None or start <= opened or (rule.applies_to_open and start <= read)

        live: list[int] = []
        for i, rule in enumerate(self.rules):
            bound = [k for k, v in enumerate(self.rules) if v.is_version_of(rule) and binds(v)]
            if bound and bound[-1] == i:
                live.append(i)
        last = len(self.rules) - 1
        if not any(self.rules[k].is_version_of(self.rules[last]) for k in live):
            first = next(k for k, v in enumerate(self.rules) if v.is_version_of(self.rules[last]))
            msg = (
                f"Catalog.match_at: no version of the default rule is in force for a request "
                f"opened at {opened.isoformat()}: the first, rule {first} "
                f"({self._label(first)}), is in force {_start_text(self.rules[first])}; "
                "add a default version in force earlier (or with no in_force_from)"
            )
            raise CatalogError(msg, code="catalog.not_in_force", opened_at=opened)
        return live

    def _label(self, i: int) -> str:
        rule = self.rules[i]
        return rule.name or rule.describe()

    def _calendar_of(
        self, label: str, rule: CatalogRule, attributes: Mapping[str, object]
    ) -> tuple[str, str | None]:
        """Which source names the calendar, and the name (None: the promise's own)."""
        for source in rule.calendar_from:
            name = attributes.get(source)
            if name is None:
                continue
            assert isinstance(name, str)  # request_attributes checked it
            if name not in self.calendars:
                order = [*rule.calendar_from, "rule" if rule.calendar else "promise"]
                held = ", ".join(
                    f"{s}={attributes.get(s)!r}"
                    if attributes.get(s) is not None
                    else f"{s} not given"
                    for s in rule.calendar_from
                )
                fallback = (
                    f"the rule's calendar {rule.calendar!r}"
                    if rule.calendar is not None
                    else "the promise's own calendar"
                )
                msg = (
                    f"Catalog.match: {label} takes the calendar from "
                    f"{' → '.join(rule.calendar_from)} → {fallback}, and the request's "
                    f"{source} {name!r} names no calendar of the catalog (the request gave "
                    f"{held}); add a calendar {name!r} to Catalog.calendars or correct the "
                    f"request's {source}; " + closest(name, self.calendars, "calendars")
                )
                raise CatalogError(
                    msg, code="catalog.calendar", source=source, name=name, precedence=order
                )
            return source, name
        if rule.calendar is not None:
            return "rule", rule.calendar
        return "promise", None
