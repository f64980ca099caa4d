"""Hypothesis strategies for the fuzz suite: valid input, and input close to valid.

The valid half comes from :mod:`svcquality.testing` (calendars, instants,
durations, targets, promises, event logs) and ``tests/kpi/strategies.py`` (KPI
records); this module adds what a caller gets wrong: grammar text one edit away
from valid, NFKC look-alikes (``"1μs"``, fullwidth digits), whitespace and
zero-width characters, long text, instants and lengths at the ends of
``datetime`` (years 1 and 9999), numbers at the ends of floats and Decimals,
deeply nested mappings, and objects of the wrong type.

Event logs and ladders are drawn as *recipes* (a class and its fields), built
inside the call under test: a constructor that raises the wrong exception is as
much a failure as ``read_clock`` doing so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st
from tests.fuzz.laws import JUNK

import svcquality as sq
from svcquality import testing
from svcquality.durations import format_duration

UTC = timezone.utc

# --------------------------------------------------------------------------- text

#: Characters a grammar text is made of, with their look-alikes and the invisible ones.
ALPHABET = (
    "0123456789０１２３４５６７８９.,:-+%/ "
    "hminsdwkPTHMSDWYu"
    "μµ个小时分钟秒天日周月工作自然营业"
    "：－～—–~、，。"
    "\u3000\u200b\u200d\ufeff\t\n\x00"
    "eE_"
)
_FULLWIDTH = {
    c: chr(ord(c) + 0xFEE0)
    for c in "0123456789:-+%.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
}
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\ufeff", "\u3000", "\t", " ", "\n", "\u00a0")

junk: st.SearchStrategy[object] = st.sampled_from(JUNK)
#: The junk values a mapping may hold as keys.
hashable_junk: st.SearchStrategy[object] = st.sampled_from(
    [j for j in JUNK if getattr(j, "__hash__", None) is not None]
)


@st.composite
def _edited(draw: st.DrawFn, valid: st.SearchStrategy[str]) -> str:
    """A valid text with one to three edits: a character in, out or changed, the text
    in fullwidth or with ``μ`` for ``u``, padded with invisible characters, repeated."""
    text = draw(valid)
    for _ in range(draw(st.integers(1, 3))):
        how = draw(
            st.sampled_from(
                ["insert", "delete", "replace", "fullwidth", "micro", "pad", "repeat", "cut"]
            )
        )
        i = draw(st.integers(0, len(text)))
        char = draw(st.sampled_from(ALPHABET))
        if how == "insert":
            text = text[:i] + char + text[i:]
        elif how == "delete":
            text = text[:i] + text[i + 1 :]
        elif how == "replace":
            text = text[:i] + char + text[i + 1 :]
        elif how == "fullwidth":
            text = "".join(_FULLWIDTH.get(c, c) for c in text)
        elif how == "micro":
            text = text.replace("us", draw(st.sampled_from(["μs", "µs"])))
        elif how == "pad":
            text = draw(st.sampled_from(_INVISIBLE)) + text + draw(st.sampled_from(_INVISIBLE))
        elif how == "repeat":
            text = text * draw(st.integers(2, 400))
        else:
            text = text[:i]
    return text


def texts(valid: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text around a grammar: ``valid`` itself, edited, made of the grammar's
    alphabet, any unicode, or long (up to 20,000 characters)."""
    return st.one_of(
        valid,
        _edited(valid),
        st.text(ALPHABET, max_size=30),
        st.text(max_size=12),
        st.builds(
            lambda t, n: (t or "9") * n, st.text(ALPHABET, max_size=4), st.integers(1, 5_000)
        ),
    )


def keys(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``valid`` most of the time, else a hashable junk key."""
    return st.one_of(
        valid, valid, hashable_junk, st.integers(-(10**20), 10**20), st.text(max_size=8)
    )


def values(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``valid`` most of the time, else an object of the wrong type or a junk value."""
    return st.one_of(valid, valid, junk, st.integers(-(10**20), 10**20), st.text(max_size=8))


_TEXT_KINDS: tuple[Any, ...] = ("wall", "business", "working_days", "days", "months")
#: Duration texts: what ``format_duration`` writes, and the grammar's other spellings.
duration_texts = texts(
    st.one_of(
        testing.targets(kinds=_TEXT_KINDS, countings=("working_days",)).map(format_duration),
        st.sampled_from(
            [
                "15s", "2h", "1h 30min", "5个工作日", "5 working days", "P15D", "PT2H30M",
                "15日", "15个自然日", "1个月", "2 weeks", "72h", "1.5h", "90 min", "1μs",
                "１５秒", "3 working days 16:00", "P1M", "1d 12h", "0s", "10000 working days",
            ]
        ),
    )
)  # fmt: skip

# --------------------------------------------------------------------------- instants

#: Zones: IANA (with DST and odd offsets) and fixed offsets at the ends of the range.
ZONES: tuple[Any, ...] = (
    UTC,
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Australia/Lord_Howe"),
    ZoneInfo("Pacific/Kiritimati"),
    timezone(timedelta(hours=14)),
    timezone(-timedelta(hours=23, minutes=59)),
)
#: Instants at the ends of ``datetime``: the first and last microsecond, in zones
#: that put them outside UTC's range.
EXTREME_INSTANTS: tuple[datetime, ...] = (
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
    datetime(1, 1, 2, tzinfo=ZoneInfo("Asia/Shanghai")),
    datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(9999, 12, 31, 23, tzinfo=timezone(-timedelta(hours=12))),
    datetime(9999, 12, 30, tzinfo=ZoneInfo("America/New_York")),
    datetime(1970, 1, 1, tzinfo=UTC),
    datetime(2025, 1, 1),  # noqa: DTZ001 - naive on purpose
)

instants: st.SearchStrategy[Any] = st.one_of(
    testing.instants(),
    testing.instants(),
    st.sampled_from(EXTREME_INSTANTS),
    st.datetimes(timezones=st.sampled_from(ZONES)),
    st.datetimes(),  # naive
)

#: Lengths of time: the testing grid, and the ends of ``timedelta``.
lengths: st.SearchStrategy[Any] = st.one_of(
    testing.durations(min_value=-timedelta(days=30)),
    st.sampled_from(
        [
            timedelta.max,
            timedelta.min,
            timedelta(0),
            timedelta(microseconds=1),
            -timedelta(microseconds=1),
            timedelta(days=3_652_058),
            timedelta(days=-3_652_058),
        ]
    ),
    st.timedeltas(),
)

counts: st.SearchStrategy[Any] = st.one_of(
    st.integers(0, 30),
    st.integers(-5, 20_000),
    st.sampled_from([10**6, 10**18, 10**400, True, 2.0, -0, Decimal(5)]),
)

cutoffs: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.sampled_from([time(16), time(0), time.max, time(16, tzinfo=UTC), "16:00"]),
    st.times(),
)

# --------------------------------------------------------------------------- calendars

hours_texts = texts(
    st.one_of(
        st.sampled_from(
            [
                "09:00-17:00", "09:00-12:00, 13:30-17:00", "22:00-06:00", "00:00-24:00",
                "closed", "24h", "20:00-08:00+1", "09:00-12:00,13:00-17:00",
            ]
        ),
        testing.weekly_hours().map(lambda h: h["mon"]),
    )
)  # fmt: skip

_DAYS = st.sampled_from(
    ["mon-fri", "sat", "sun", "mon", "tue-thu", "fri-mon", "周一至周五", "daily"]
)


def _date_values() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
        st.sampled_from([date.min, date.max, date(1, 1, 2), date(9999, 12, 30)]),
        st.dates(),
        st.dates().map(date.isoformat),
        texts(st.just("2025-10-01")),
        hashable_junk,
    )


dates = _date_values()

weekly_hours: st.SearchStrategy[Any] = st.one_of(
    testing.weekly_hours(),
    st.dictionaries(keys(_DAYS), values(hours_texts), max_size=4),
    st.sampled_from(["24x7", {"mon-fri": "09:00-17:00"}]),
    junk,
)

#: Keyword arguments of ``BusinessCalendar.weekly`` beside ``hours``.
weekly_options: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {"zone": values(st.sampled_from(["Asia/Shanghai", "UTC", "America/New_York"]))},
    optional={
        "holidays": values(st.sampled_from([None, "CN", "US", "HK", "XX"])),
        "closed_dates": st.lists(dates, max_size=4),
        "working_dates": st.lists(dates, max_size=4),
        "special_hours": values(st.dictionaries(keys(dates), values(hours_texts), max_size=3)),
        "years": values(
            st.one_of(
                st.tuples(st.integers(1, 9999), st.integers(1, 9999)),
                st.builds(range, st.integers(-1, 10_000), st.integers(-1, 10_000)),
            )
        ),
        "holiday_hours": values(st.sampled_from([None, "24h", "weekly", "09:00-12:00"])),
        "working_days": values(st.sampled_from(["statutory", "open"])),
        "makeup_hours": values(st.sampled_from(["mon", "sat", "fri"])),
        "name": values(st.sampled_from(["desk", "分行"])),
    },
)

calendars: st.SearchStrategy[sq.BusinessCalendar] = st.one_of(
    testing.calendars(),
    st.just(
        sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN"
        )
    ),
)

# --------------------------------------------------------------------------- promises and logs

#: The constructors of targets, each with a strategy for its arguments.
TARGET_RECIPES: tuple[tuple[Callable[..., sq.Target], st.SearchStrategy[tuple[Any, ...]]], ...] = (
    (sq.Target.wall, st.tuples(lengths)),
    (sq.Target.business, st.tuples(lengths)),
    (sq.Target.working_days, st.tuples(counts, cutoffs)),
    (sq.Target.days, st.tuples(counts, cutoffs)),
    (sq.Target.months, st.tuples(counts, cutoffs)),
    (sq.Target.batch, st.tuples(texts(st.sampled_from(testing.BATCH_RULES)))),
)

Recipe = tuple[type, dict[str, Any]]


def recipe(obj: object) -> Recipe:
    """An attrs object as its class and fields, to build again (perhaps changed)."""
    return type(obj), {f.name: getattr(obj, f.name) for f in attrs.fields(type(obj))}


def build(recipes: Sequence[Recipe | object]) -> list[Any]:
    """The objects of ``recipes`` (anything that is not a recipe stays as it is)."""
    out: list[Any] = []
    for r in recipes:
        if isinstance(r, tuple) and len(r) == 2 and isinstance(r[0], type):
            out.append(r[0](**r[1]))
        else:
            out.append(r)
    return out


#: Host statuses a drawn promise may map, with the rule each kind of status gets.
_STATUSES = ("待客户补充材料", "处理中", "已答复", "重新计时", "备注")


@st.composite
def featured_promises(draw: st.DrawFn, max_milestones: int = 2) -> sq.Promise:
    """A promise of :func:`svcquality.testing.promises`, sometimes with repeating
    milestones, a next-reply milestone or status rules (issue 15's features), so
    the fuzz and its laws reach the occurrence and status machinery too."""
    promise = draw(testing.promises(max_milestones=max_milestones))
    names = sorted(promise.milestones)
    kinds = draw(st.sets(st.sampled_from(["repeats", "replies", "status"])))
    changes: dict[str, Any] = {}
    if kinds & {"repeats", "replies"}:
        chosen = draw(st.lists(st.sampled_from(names), unique=True, min_size=1))
        cut = draw(st.integers(0, len(chosen))) if kinds >= {"repeats", "replies"} else None
        if cut is not None:
            changes["repeats"], changes["replies"] = tuple(chosen[:cut]), tuple(chosen[cut:])
        else:
            changes["repeats" if "repeats" in kinds else "replies"] = tuple(chosen)
    if "status" in kinds:
        reason = draw(st.sampled_from(promise.pause_reasons or ("等待客户补充材料",)))
        rules = {
            "待客户补充材料": sq.StatusRule.pause(reason),
            "处理中": sq.StatusRule.resume(),
            "已答复": sq.StatusRule.meet(draw(st.sampled_from(names))),
            "重新计时": sq.StatusRule.restart(),
            "备注": sq.StatusRule.keep(),
        }
        keep = draw(st.lists(st.sampled_from(_STATUSES), unique=True, min_size=1))
        changes["status_rules"] = {k: rules[k] for k in keep}
    return attrs.evolve(promise, **changes)


@st.composite
def promise_and_log(
    draw: st.DrawFn, promise: sq.Promise | None = None
) -> tuple[sq.Promise, list[Recipe | object], Any]:
    """A promise, a log (as recipes) and a reading instant.

    The log is valid about a third of the time; else shuffled, cut, with an event
    repeated, an instant moved (to the ends of time, a naive one), a field
    replaced by junk or an unknown milestone, or an object that is no event."""
    if promise is None:
        promise = draw(featured_promises())
    log = draw(testing.event_logs(promise, max_events=10, retarget_to=()))
    recipes: list[Recipe | object] = [recipe(e) for e in log]
    for _ in range(draw(st.integers(0, 3))):
        how = draw(
            st.sampled_from(
                ["shuffle", "cut", "repeat", "retime", "field", "foreign", "extend", "status"]
            )
        )
        if not recipes:
            break
        i = draw(st.integers(0, len(recipes) - 1))
        if how == "shuffle":
            recipes = draw(st.permutations(recipes))
        elif how == "cut":
            del recipes[i]
        elif how == "repeat":
            recipes.insert(i, recipes[i])
        elif how == "foreign":
            recipes.insert(i, draw(junk))
        elif how == "extend":
            fields = {
                "at": draw(instants),
                "milestone": draw(values(st.sampled_from([*promise.milestones, "respond"]))),
                "to": draw(values(st.sampled_from(["30日", "60日", "P30D"]))),
                "reason": draw(values(st.just("外部机构进行鉴定"))),
            }
            recipes.insert(i, (sq.Extended, fields))
        elif how == "status":  # a status no drawn promise maps, or junk
            fields = {
                "at": draw(instants),
                "status": draw(values(st.sampled_from(["awaiting_customer", "外部鉴定"]))),
            }
            recipes.insert(i, (sq.StatusChanged, fields))
        elif isinstance(recipes[i], tuple):
            cls, fields = recipes[i]  # type: ignore[misc]
            fields = dict(fields)
            name = draw(st.sampled_from(sorted(fields)))
            if how == "retime":
                fields["at"] = draw(instants)
            elif name == "milestone":
                fields[name] = draw(texts(st.sampled_from([*promise.milestones, "x"])))
            else:
                fields[name] = draw(junk)
            recipes[i] = (cls, fields)
    now = draw(
        st.one_of(
            st.just(log[-1].at + timedelta(hours=draw(st.integers(0, 2_000)))),
            instants,
        )
    )
    return promise, recipes, now


_TRIGGERS: st.SearchStrategy[Recipe] = st.one_of(
    st.tuples(
        st.just(sq.Consumed),
        st.fixed_dictionaries(
            {
                "fraction": values(
                    st.one_of(
                        st.fractions(0, 2),
                        st.floats(allow_nan=True, allow_infinity=True),
                        st.sampled_from([Fraction(4, 5), Decimal("0.8"), "80%", 10**400]),
                    )
                )
            }
        ),
    ),
    st.tuples(
        st.sampled_from([sq.BeforeDue, sq.AfterDue]),
        st.fixed_dictionaries({"offset": values(lengths)}),
    ),
    st.just((sq.OnBreach, {})),
)
_ACTIONS: st.SearchStrategy[Recipe] = st.tuples(
    st.sampled_from([sq.Notify, sq.Reassign, sq.GreenChannel]),
    st.fixed_dictionaries({"role": texts(st.sampled_from(["supervisor", "lobby_manager"]))}),
)


@st.composite
def ladders(draw: st.DrawFn, promise: sq.Promise) -> list[tuple[Any, list[tuple[Recipe, Recipe]]]]:
    """Ladders on the promise's milestones (or another name), as recipes of their steps."""
    names = st.one_of(st.sampled_from(sorted(promise.milestones)), texts(st.just("respond")))
    step = st.tuples(_TRIGGERS, _ACTIONS)
    return draw(st.lists(st.tuples(names, st.lists(step, max_size=4)), max_size=3))


def build_ladders(drawn: list[tuple[Any, list[tuple[Recipe, Recipe]]]]) -> list[sq.Ladder]:
    """The ladders of :func:`ladders`' recipes."""
    return [sq.Ladder(m, [sq.Step(*build([t, a])) for t, a in steps]) for m, steps in drawn]


# --------------------------------------------------------------------------- nested data


def nested(leaves: st.SearchStrategy[Any], *, max_leaves: int = 30) -> st.SearchStrategy[Any]:
    """Mappings and lists nested around ``leaves``, and a few very deep ones."""
    deep = st.integers(50, 3_000).map(_deep)
    tree = st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )
    return st.one_of(tree, tree, deep)


class Deep(list):  # type: ignore[type-arg]
    """A list nested ``n`` levels deep (lists in mappings in lists), shown as
    ``Deep(n)``: hypothesis prints a failing example, and the printer would recurse."""

    def __init__(self, n: int) -> None:
        value: Any = "x"
        for i in range(n - 1):
            value = {"k": value} if i % 2 else [value]
        super().__init__([value])
        self.depth = n

    def __repr__(self) -> str:
        return f"Deep({self.depth})"


def _deep(n: int) -> Any:
    return Deep(n)


#: Plain rulebook values: what a YAML or JSON document holds, and look-alikes.
plain = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(),
    duration_texts,
    hours_texts,
    texts(st.sampled_from(["CNY 5000", "80% consumed", "2h before due", "on breach", "CN"])),
)
