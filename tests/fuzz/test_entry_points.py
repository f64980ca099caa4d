"""The fuzz suite: random valid and invalid input into each public entry point.

The law, for every entry point (``tests/fuzz/laws.py``): the call returns, or
raises an :class:`~svcquality.SvcQualityError` with a message under 1,000
characters (each problem of a rulebook's error) that repeats at most 200
characters of any input; any other exception fails, and so does a call longer
than two seconds (a hang check, not a benchmark). Where a result has a law of
its own it is asserted too: dual control never counts one person twice, a
loaded rulebook writes back and loads again equal.

Each test has a CI budget of examples, the whole folder about half a minute;
``SVCQUALITY_FUZZ=long`` runs every test with the long profile's count
(docs/how-to/testing.md).
"""

from __future__ import annotations

import copy
import unicodedata
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from tests.fuzz import strategies as fz
from tests.fuzz.laws import call, fuzz, run
from tests.kpi.strategies import any_records, scores

import svcquality as sq
from svcquality import kpi, testing

# --------------------------------------------------------------------------- durations


@fuzz(300)
@given(st.one_of(fz.duration_texts, fz.junk))
def test_parse_duration(text: object) -> None:
    """Duration text, valid, one edit off, look-alike, long or not text at all."""
    target, _ = call("parse_duration", sq.parse_duration, text)
    if target is not None:
        assert isinstance(target, sq.Target)


# --------------------------------------------------------------------------- calendars


@fuzz(120)
@given(fz.weekly_hours, fz.weekly_options)
def test_weekly_calendar(hours: object, options: dict[str, Any]) -> None:
    """Weekly hours, special hours, closed and working dates, zone, holidays, years."""
    cal, _ = call("BusinessCalendar.weekly", sq.BusinessCalendar.weekly, hours, **options)
    if cal is not None:
        assert isinstance(cal, sq.BusinessCalendar)


def _near(t: Any, d: Any, u: Any) -> Any:
    """``t + d`` for a short ``d`` that stays inside the years a datetime holds, else ``u``:
    a range of months, not of millennia, to list the open intervals of."""
    if not isinstance(t, type(u)) or not isinstance(d, timedelta) or abs(d) >= timedelta(days=400):
        return u
    try:
        return t + d
    except OverflowError:
        return u


_CALENDAR_OPS = (
    "add",
    "between",
    "working_day_deadline",
    "period_deadline",
    "add_working_days",
    "working_days_between",
    "next_open",
    "previous_close",
    "is_open",
    "deemed_receipt_day",
    "open_intervals",
    "is_working_day",
    "is_open_day",
    "holiday_break",
    "close_of_business",
    "end_of_working_day",
)
#: The queries that take a date or an instant.
_DAY_OPS = frozenset(
    {"is_working_day", "is_open_day", "holiday_break", "close_of_business", "end_of_working_day"}
)


@fuzz(300)
@given(
    fz.calendars,
    st.sampled_from(_CALENDAR_OPS),
    fz.instants,
    fz.instants,
    fz.lengths,
    fz.counts,
    fz.cutoffs,
    st.sampled_from(["working_days", "receipt_day_counted", "calendar_days", "x"]),
    st.sampled_from(["days", "months", "weeks"]),
)
def test_calendar_arithmetic(  # noqa: PLR0917 (one per strategy)
    cal: sq.BusinessCalendar,
    op: str,
    t: Any,
    u: Any,
    d: Any,
    n: Any,
    cutoff: Any,
    counting: str,
    unit: str,
) -> None:
    """Calendar queries at the ends of time (years 1 and 9999), with extreme lengths."""
    fn = getattr(cal, op)
    if op == "add":
        call(op, fn, t, d)
    elif op in ("between", "working_days_between"):
        call(op, fn, t, u)
    elif op == "open_intervals":
        call(op, fn, t, _near(t, d, u))
    elif op == "working_day_deadline":
        call(op, fn, t, n, cutoff, counting=counting)
    elif op == "period_deadline":
        call(op, fn, t, n, unit=unit, cutoff=cutoff)
    elif op == "add_working_days":
        call(op, fn, t, n)
    elif op == "deemed_receipt_day":
        call(op, fn, t, cutoff)
    elif op in _DAY_OPS:
        call(op, fn, t.date() if isinstance(t, datetime) and n % 2 else t)
    else:
        call(op, fn, t)


#: A composite calendar compiles each year from both of its parts, ~20 ms a year cold,
#: and one computation may reach 120 years (50 days of open time on a 15-minute Sunday
#: window is 92 years): 2.3 s on a loaded runner. Bounded work, not a hang.
_COMPOSITE_BOUND = 5.0


@fuzz(40)
@given(fz.calendars, fz.values(fz.calendars), fz.instants, fz.lengths)
def test_calendar_union_and_intersection(
    cal: sq.BusinessCalendar, other: Any, t: Any, d: Any
) -> None:
    """Two calendars joined or met (or a calendar and junk), then asked a question."""
    for how in ("union", "intersection"):
        joined, _ = call(how, getattr(cal, how), other)
        if joined is not None:
            run(f"{how}.add", lambda j=joined: j.add(t, d), (t, d), bound=_COMPOSITE_BOUND)


# --------------------------------------------------------------------------- promises


@fuzz(150)
@given(
    st.sampled_from(fz.TARGET_RECIPES).flatmap(lambda r: st.tuples(st.just(r[0]), r[1])),
    st.one_of(st.none(), fz.calendars),
    fz.instants,
    st.sampled_from(["deadline", "budget", "promise"]),
)
def test_targets_and_promise_deadlines(
    target: tuple[Any, tuple[Any, ...]], cal: sq.BusinessCalendar | None, start: Any, use: str
) -> None:
    """Target constructors with junk, and deadlines from extreme instants."""
    make, args = target

    def go() -> object:
        t = make(*args)
        if use == "deadline":
            return t.deadline(start, cal)
        if use == "budget":
            return t.budget(start, cal)
        promise = sq.Promise(service="fuzz", milestones={"respond": t}, calendar=cal)
        return promise.deadlines(start)

    run(f"Target.{make.__name__}", go, (args, start))


# --------------------------------------------------------------------------- the clock


def _log(recipes: list[Any]) -> list[Any]:
    return fz.build(recipes)


@fuzz(100)
@given(fz.promise_and_log(), st.one_of(st.none(), fz.promise_and_log()))
def test_read_clock_and_reread(drawn: Any, other: Any) -> None:
    """Event logs, valid and shuffled, cut, repeated, retimed or garbled."""
    promise, recipes, now = drawn
    reading, _ = run("read_clock", lambda: sq.read_clock(promise, _log(recipes), now), recipes)
    if reading is not None:
        assert isinstance(reading, sq.ClockReading)
    if other is not None:
        new = other[0]
        run("reread", lambda: sq.reread(promise, new, _log(recipes), now), recipes)


@fuzz(80)
@given(st.data())
def test_due_actions_and_next_due(data: st.DataObject) -> None:
    """Ladders (valid and not) over random logs: the actions due, and when next."""
    promise, recipes, now = data.draw(fz.promise_and_log())
    drawn = data.draw(fz.ladders(promise))

    def due() -> object:
        return sq.due_actions(promise, fz.build_ladders(drawn), _log(recipes), now)

    def nxt() -> object:
        return sq.next_due(promise, fz.build_ladders(drawn), _log(recipes), now)

    run("due_actions", due, (recipes, drawn))
    run("next_due", nxt, (recipes, drawn))


@fuzz(80)
@given(st.data())
def test_valid_logs_read(data: st.DataObject) -> None:
    """A valid log (repeats, replies and status rules included) reads everywhere.

    The log generator follows the clock's rules, so an error here is a reader
    refusing what it should read: the clock, the ladders and the one-log reader
    must all accept it, and agree on the clock."""
    promise = data.draw(fz.featured_promises())
    log = data.draw(testing.event_logs(promise, max_events=12, retarget_to=()))
    now = log[-1].at + timedelta(minutes=data.draw(st.integers(0, 20_000)))
    ladders = [
        sq.Ladder(m, [sq.Step(sq.OnBreach(), sq.Notify("supervisor"))]) for m in promise.milestones
    ]
    reading = sq.read_clock(promise, log, now)
    acts = sq.due_actions(promise, ladders, log, now, request="R-9")
    assert len({a.id for a in acts}) == len(acts)
    request = sq.read_request(promise, log, now, request="R-9", ladders=ladders)
    assert request.clock == reading
    assert request.due_actions == acts


# --------------------------------------------------------------------------- rulebooks

_BOOKS = tuple(
    sq.dump_rulebook(f())
    for f in (
        sq.presets.branch_service_manual,
        sq.presets.credit_card_centre,
        sq.presets.branch_complaint_desk,
    )
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The places in a rulebook, to the depth a rulebook has (deeper ones are junk)."""
    out = [path]
    if len(path) > 8:
        return out
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


@st.composite
def _rulebooks(draw: st.DrawFn) -> Any:
    """A preset's rulebook with one to four places changed: a value replaced by a
    plain or nested one, a key dropped or added; or random nested data."""
    if draw(st.integers(0, 9)) == 0:
        return draw(fz.nested(fz.plain))
    book = copy.deepcopy(draw(st.sampled_from(_BOOKS)))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(book)))
        if not path:
            continue
        parent = book
        for key in path[:-1]:
            parent = parent[key]
        how = draw(st.sampled_from(["value", "nested", "drop", "add"]))
        if how == "value":
            parent[path[-1]] = draw(fz.plain)
        elif how == "nested":
            parent[path[-1]] = draw(fz.nested(fz.plain, max_leaves=8))
        elif how == "drop":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(fz.texts(st.just(str(path[-1]))))] = draw(fz.plain)
        else:
            parent.append(draw(fz.nested(fz.plain, max_leaves=4)))
    return book


@fuzz(100)
@given(_rulebooks())
def test_load_rulebook(mapping: Any) -> None:
    """Rulebooks with random values and shapes, deep nesting, long text, look-alikes."""
    book, _ = call("load_rulebook", sq.load_rulebook, mapping)
    if book is None:
        return
    assert isinstance(book, sq.Rulebook)
    for language in ("en", "zh"):
        dumped, message = call("dump_rulebook", sq.dump_rulebook, book, language=language)
        assert dumped is not None, message  # a loaded rulebook always writes back
        again, message = call("load_rulebook(dumped)", sq.load_rulebook, dumped)
        assert again is not None, message
        assert sq.dump_rulebook(again) == sq.dump_rulebook(book)


_TRIGGER_TEXTS = fz.texts(
    st.sampled_from(
        [
            "80% consumed",
            "0.8 consumed",
            "4/5 consumed",
            "1h before due",
            "2h after due",
            "on breach",
        ]
    )
)


@fuzz(120)
@given(st.one_of(_TRIGGER_TEXTS, fz.junk))
def test_ladder_trigger_text(trigger: object) -> None:
    """A ladder step's trigger, as a rulebook writes it."""
    book = copy.deepcopy(_BOOKS[0])
    book["ladders"]["emergency"][0]["steps"][0]["trigger"] = trigger
    call("load_rulebook(trigger)", sq.load_rulebook, book)


# --------------------------------------------------------------------------- routing and conditions

_ATTRIBUTES = st.dictionaries(
    fz.keys(st.sampled_from(["service", "channel", "customer_tier", "amount", "delinquent"])),
    fz.values(
        st.one_of(
            st.sampled_from(["card_points", "申诉", "phone", "gold", True, False]),
            st.decimals(allow_nan=True),
            st.floats(),
            fz.texts(st.just("card_points")),
        )
    ),
    max_size=4,
)
_OPS = st.sampled_from(["==", "!=", "in", "not_in", "<", "<=", ">", ">=", "=", "~"])


@fuzz(200)
@given(
    fz.values(fz.texts(st.just("delinquent"))),
    fz.values(_OPS),
    fz.values(st.one_of(fz.plain, st.lists(fz.plain, max_size=3))),
    _ATTRIBUTES,
    fz.nested(fz.plain, max_leaves=6),
)
def test_conditions_and_routing(
    attribute: Any, op: Any, value: Any, attributes: Any, data: Any
) -> None:
    """Conditions built, read from data and checked; work routed by attributes."""
    run(
        "Condition.check",
        lambda: sq.Condition(attribute, op, value).check(attributes),
        (attribute, value, attributes),
    )
    call("Condition.from_data", sq.Condition.from_data, data)
    for book in (_ROUTING_BOOK, _CARD_BOOK):
        call("RoutingRules.route", book.routing.route, attributes)


_ROUTING_BOOK = sq.presets.branch_service_manual()
_CARD_BOOK = sq.presets.credit_card_centre()


# --------------------------------------------------------------------------- authority

_ID_NOISE = ("", " ", "\u3000", "\u200b", "\ufeff", "\u200d", "\t", "\u00a0", "\n")


@st.composite
def _identity(draw: st.DrawFn) -> Any:
    """An id: plain, fullwidth, with noise around or inside it, or not text at all."""
    base = draw(
        st.sampled_from(["A1024", "A2048", "a1024", "Ａ１０２４", "A１024", "ﾃｽﾄ", "テスト"])
    )
    how = draw(st.sampled_from(["plain", "plain", "fullwidth", "around", "inside", "junk"]))
    if how == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in base)
    if how == "around":
        return draw(st.sampled_from(_ID_NOISE)) + base + draw(st.sampled_from(_ID_NOISE))
    if how == "inside":
        i = draw(st.integers(0, len(base)))
        return base[:i] + draw(st.sampled_from(_ID_NOISE)) + base[i:]
    if how == "junk":
        return draw(fz.values(fz.texts(st.just(base))))
    return base


_MATRIX = sq.AuthorityMatrix(
    roles=["agent", "supervisor"],
    rules=[
        sq.AuthorityRule("agent", "诈骗止付", requires_second_person=True),
        sq.AuthorityRule(
            "agent",
            "临时额度调整",
            max_amount="CNY 5000",
            limits=[sq.PeriodLimit("day", max_count=2)],
            conditions={"delinquent": False},
        ),
        sq.AuthorityRule("supervisor", "临时额度调整", max_amount="CNY 20000"),
    ],
    zone="Asia/Shanghai",
)


def _same_person(a: str, b: str) -> bool:
    """Whether two ids name one person: equal once NFKC-normalised and stripped of
    whitespace and invisible characters."""

    def key(s: str) -> str:
        s = unicodedata.normalize("NFKC", s)
        return "".join(c for c in s if not c.isspace() and unicodedata.category(c)[0] != "C")

    return key(a) == key(b)


@fuzz(150)
@given(
    _identity(),
    _identity(),
    st.one_of(st.none(), _identity()),
    st.sampled_from(["agent", "supervisor", "teller", " agent"]),
    st.sampled_from(["诈骗止付", "临时额度调整", "挂失"]),
    fz.values(st.sampled_from([None, "CNY 5000", "CNY 30000", "5000元", "CNY 4999.99"])),
    fz.instants,
    st.lists(st.tuples(_identity(), fz.instants), max_size=3),
    _ATTRIBUTES,
)
def test_authority_decide(  # noqa: PLR0917 (one per strategy)
    customer: Any,
    actor: Any,
    second: Any,
    role: str,
    action: str,
    amount: Any,
    at: Any,
    earlier: list[tuple[Any, Any]],
    attributes: Any,
) -> None:
    """Identities with whitespace, zero-width and fullwidth characters; dual control
    never allows one person acting twice."""

    def history() -> list[Any]:
        out = []
        for who, when in earlier:
            past = sq.AuthorityRequest(customer, amount, when, actor=who, attributes=attributes)
            out.append(_MATRIX.decide(role, action, past, []))
        return out

    def go() -> sq.Decision:
        request = sq.AuthorityRequest(
            customer, amount, at, actor=actor, attributes=attributes, second_person=second
        )
        return _MATRIX.decide(role, action, request, history())

    decision, _ = run("AuthorityMatrix.decide", go, (customer, actor, second, amount, attributes))
    if decision is not None and decision.allowed and decision.requires_second_person:
        assert isinstance(actor, str)
        assert isinstance(second, str)
        assert not _same_person(actor, second), (actor, second, decision)
        assert decision.second_person is not None
        assert not _same_person(decision.request.actor, decision.second_person)


# --------------------------------------------------------------------------- staffing

_NUMBERS = st.one_of(
    st.floats(0, 500),
    st.floats(),
    st.integers(-5, 10**6),
    st.sampled_from([0, 1e-300, 5e-324, 1e308, 10**400, Decimal("1E+999"), Fraction(1, 3), True]),
    st.decimals(allow_nan=True, allow_infinity=True),
)
_SECONDS = st.one_of(
    st.integers(1, 3_600).map(lambda s: timedelta(seconds=s)),
    st.sampled_from(
        [timedelta(0), timedelta.max, timedelta(microseconds=1), -timedelta(seconds=1)]
    ),
    fz.junk,
)
_SHARES = st.one_of(st.floats(0, 1), st.sampled_from([0, 1, 0.8, 1.5, -0.1, float("nan")]), fz.junk)


@fuzz(200)
@given(
    st.sampled_from(["erlang_b", "erlang_c", "required_agents", "plan_day"]),
    _NUMBERS,
    st.one_of(st.integers(0, 200), st.sampled_from([-1, 10**6, 10**9, 10**18, 2.5, True])),
    st.fixed_dictionaries(
        {
            "aht": _SECONDS,
            "answer_within": _SECONDS,
            "target": _SHARES,
        },
        optional={
            "shrinkage": _SHARES,
            "patience": st.one_of(st.none(), _SECONDS),
            "max_abandon": st.one_of(st.none(), _SHARES),
            "max_occupancy": st.one_of(st.none(), _SHARES),
            "interval": _SECONDS,
        },
    ),
    st.lists(st.one_of(st.none(), _NUMBERS), max_size=48),
)
def test_staffing(
    which: str, traffic: Any, agents: Any, options: dict[str, Any], forecast: Any
) -> None:
    """Erlang formulas and staffing plans with big, tiny and non-numbers."""
    if which == "erlang_b":
        call(which, sq.erlang_b, traffic, agents)
    elif which == "erlang_c":
        call(which, sq.erlang_c, traffic, agents)
    elif which == "required_agents":
        interval = options.pop("interval", timedelta(minutes=30))
        call(which, sq.required_agents, traffic, interval, **options)
    else:
        call(which, sq.plan_day, forecast, **options)


# --------------------------------------------------------------------------- KPIs

_ACCUMULATORS = (
    lambda: kpi.ServiceLevel(threshold=timedelta(seconds=15)),
    kpi.AbandonRate,
    kpi.AverageDelay,
    kpi.AverageSpeedOfAnswer,
    kpi.AverageHandleTime,
    kpi.FirstContactResolution,
    kpi.Occupancy,
    kpi.RecordingSuccess,
    kpi.ServiceErrorRate,
    kpi.CSAT,
    kpi.Attrition,
    kpi.ComplaintRate,
    kpi.EmployeeSatisfaction,
    kpi.Ranking,
)


@fuzz(150)
@given(
    st.sampled_from(_ACCUMULATORS),
    st.sampled_from(_ACCUMULATORS),
    st.lists(st.one_of(any_records(), scores(), fz.junk), max_size=12),
)
def test_kpi_add_and_merge(make: Any, other: Any, records: list[Any]) -> None:
    """Accumulators fed any record (valid, broken, of another KPI, not a record), and
    merged with their own kind and with another."""

    def go() -> object:
        acc = make()
        for r in records:
            acc = acc.add(r)
        merged = acc.merge(make().add_all(records[:3]))
        merged.merge(other())
        return merged.value

    run("Accumulator.add/merge", go, records)


# --------------------------------------------------------------------------- plain grammars

_MONEY = fz.texts(
    st.sampled_from(["CNY 5000", "5000 CNY", "5000元", "USD 0.10", "CNY 1E+3", "¥5,000.00"])
)


@fuzz(250)
@given(st.one_of(_MONEY, fz.junk))
def test_money_parse(text: object) -> None:
    """Amounts of money as text."""
    money, _ = call("Money.parse", sq.Money.parse, text)
    if money is not None:
        assert isinstance(money, sq.Money)


_WINDOW = fz.texts(st.sampled_from(["09:00-12:00", "22:00-06:00", "00:00-24:00", "9:30-17:00"]))


@fuzz(250)
@given(st.one_of(_WINDOW, fz.junk))
def test_window_parse(text: object) -> None:
    """Opening windows as text."""
    window, _ = call("Window.parse", sq.Window.parse, text)
    if window is not None:
        assert isinstance(window, sq.Window)
