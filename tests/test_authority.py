"""svcquality.authority: Money, conditions, period limits, dual control, AuthorityMatrix.decide.

The matrix below follows the sources: the credit-card centre's 弹性授权 (a front-line
agent raises a temporary credit limit online and refunds revolving interest caused by
a first statement never received, "如何做好银行客服工作") and the emergency window's
双人复核 for 挂失 and 诈骗止付 (《银行客户服务质量提升操作手册》).
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.common import SH, at

from svcquality.authority import (
    AuthorityMatrix,
    AuthorityRequest,
    AuthorityRule,
    Condition,
    Decision,
    Granted,
    Money,
    PeriodLimit,
    Remaining,
)
from svcquality.errors import AuthorityError, NaiveDatetimeError, SvcQualityError
from svcquality.rulebook import Rulebook, dump_rulebook, load_rulebook
from svcquality.testing import instants

ROLES = ("agent", "team_leader", "supervisor", "branch_manager")
RAISE = "临时额度调整"  # temporary credit-limit raise
REFUND = "退还循环利息"  # refund of revolving interest
STOP = "诈骗止付"  # fraud stop-payment
LOSS = "挂失"  # emergency loss report


def cny(text: str) -> Money:
    return Money(Decimal(text), "CNY")


def seed_matrix() -> AuthorityMatrix:
    return AuthorityMatrix(
        roles=ROLES,
        rules=[
            AuthorityRule(
                "agent",
                RAISE,
                max_amount="CNY 5000",
                limits=[PeriodLimit("day", max_count=20)],
                conditions={"delinquent": False},
            ),
            AuthorityRule(
                "supervisor", RAISE, max_amount="CNY 20000", conditions={"delinquent": False}
            ),
            AuthorityRule("branch_manager", RAISE, max_amount="CNY 100000"),
            AuthorityRule(
                "agent",
                REFUND,
                max_amount="CNY 2000",
                limits=[PeriodLimit("year", max_count=1, per="customer")],
                conditions={"first_statement_received": False},
            ),
            AuthorityRule("agent", STOP, requires_second_person=True),
            AuthorityRule("agent", LOSS, requires_second_person=True),
        ],
        zone="Asia/Shanghai",
    )


def raise_request(amount: str, when: str = "2025-06-03 10:00", **kw: object) -> AuthorityRequest:
    options: dict[str, object] = {"actor": "A1024", "attributes": {"delinquent": False}}
    options.update(kw)
    return AuthorityRequest("C-10086", amount, at(when), **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- Money


class TestMoney:
    @pytest.mark.parametrize(
        "amount",
        [
            Decimal("5000"),  # a Decimal
            5000,  # an int is exact
            "5000.00",  # text is read as a Decimal
            " 5_000 ",  # underscores and spaces, as in Python literals
        ],
    )
    def test_equal_amounts(self, amount: object) -> None:
        """Every exact way of writing 5000 gives the same Money."""
        assert Money(amount, "CNY") == cny("5000")  # type: ignore[arg-type]
        assert hash(Money(amount, "CNY")) == hash(cny("5000"))  # type: ignore[arg-type]

    def test_repr_pastes_back(self) -> None:
        """The repr is valid Python that builds an equal value."""
        m = cny("199.50")
        assert eval(repr(m), {"Money": Money, "Decimal": Decimal}) == m

    def test_str(self) -> None:
        """Text form is code then amount."""
        assert str(cny("5000.50")) == "CNY 5000.50"

    def test_arithmetic(self) -> None:
        """Add, subtract, negate, multiply and compare within one currency."""
        a, b = cny("0.1"), cny("0.2")
        assert a + b == cny("0.3")
        assert b - a == cny("0.1")
        assert -a == cny("-0.1")
        assert a * 3 == 3 * a == cny("0.3")
        assert a * Decimal("2.5") == cny("0.25")
        assert a < b <= cny("0.2")
        assert b > a >= cny("0.1")
        assert Money.zero("USD") == Money(0, "USD")

    def test_exact_whatever_the_host_context(self) -> None:
        """A host's low-precision decimal context does not round Money arithmetic."""
        with decimal.localcontext(decimal.Context(prec=3)):
            assert (cny("12345.67") + cny("0.01")).amount == Decimal("12345.68")

    def test_not_money_is_not_implemented(self) -> None:
        """Adding a bare number or multiplying by a float is a TypeError, not a guess."""
        with pytest.raises(TypeError):
            cny("1") + 5  # type: ignore[operator]
        with pytest.raises(TypeError):
            cny("1") - 5  # type: ignore[operator]
        with pytest.raises(TypeError):
            cny("1") * 1.5  # type: ignore[operator]
        with pytest.raises(TypeError):
            cny("1") * True  # type: ignore[operator]
        for op in ("__lt__", "__le__", "__gt__", "__ge__"):
            assert getattr(cny("1"), op)(5) is NotImplemented

    @pytest.mark.parametrize(
        ("amount", "match"),
        [
            (0.1, r"0\.1 is a float.*pass Decimal\('0\.1'\) or the string '0\.1'"),
            (True, "is a bool, not an amount"),
            ("5千", r"'5千' is not a decimal number; write e.g. '5000'"),
            (Decimal("NaN"), "not a finite amount"),
            ("Infinity", "not a finite amount"),
            ([5000], r"expected a Decimal, an int or a str .* got list"),
        ],
    )
    def test_bad_amount(self, amount: object, match: str) -> None:
        """Floats, bools, text that is not a number, NaN and other types are refused."""
        with pytest.raises(AuthorityError, match=rf"Money\.amount: .*{match}"):
            Money(amount, "CNY")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("currency", "match"),
        [
            ("cny", "write it upper-case: 'CNY'"),  # lower case
            ("RMB1", "use a three-letter ISO 4217 code"),  # too long
            ("元", "use a three-letter ISO 4217 code"),  # a symbol, not a code
            (156, "use a three-letter ISO 4217 code"),  # the numeric code
        ],
    )
    def test_bad_currency(self, currency: object, match: str) -> None:
        """The currency is an upper-case ISO 4217 code."""
        with pytest.raises(
            AuthorityError, match=rf"Money\.currency: .* not an ISO 4217 code; {match}"
        ):
            Money(1, currency)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("op", "symbol"),
        [
            (lambda a, b: a + b, r"\+"),
            (lambda a, b: a - b, "-"),
            (lambda a, b: a < b, "<"),
            (lambda a, b: a <= b, "<="),
            (lambda a, b: a > b, ">"),
            (lambda a, b: a >= b, ">="),
        ],
    )
    def test_currency_mismatch(self, op: object, symbol: str) -> None:
        """Mixing currencies is an error naming both; nothing is converted."""
        with pytest.raises(
            AuthorityError,
            match=rf"currency mismatch: CNY 5 {symbol} USD 1; .*\(CNY or USD\).* convert one",
        ):
            op(cny("5"), Money(1, "USD"))  # type: ignore[operator]

    def test_different_currencies_are_not_equal(self) -> None:
        """Equality across currencies is simply False."""
        assert cny("1") != Money(1, "USD")

    def test_errors_are_value_errors(self) -> None:
        """Hosts may catch AuthorityError, SvcQualityError or ValueError."""
        with pytest.raises(ValueError, match="float"):
            Money(1.5, "CNY")  # type: ignore[arg-type]
        assert issubclass(AuthorityError, SvcQualityError)

    @given(
        st.decimals(
            allow_nan=False, allow_infinity=False, places=2, max_value=10**12, min_value=-(10**12)
        ),
        st.decimals(
            allow_nan=False, allow_infinity=False, places=4, max_value=10**12, min_value=-(10**12)
        ),
        st.decimals(
            allow_nan=False, allow_infinity=False, places=0, max_value=10**15, min_value=-(10**15)
        ),
        st.integers(-1000, 1000),
    )
    def test_arithmetic_is_exact(self, a: Decimal, b: Decimal, c: Decimal, n: int) -> None:
        """Sums, differences and multiples equal the exact rational results."""
        x, y, z = cny(str(a)), cny(str(b)), cny(str(c))
        with decimal.localcontext(decimal.Context(prec=2)):  # the host's context is ignored
            assert Fraction((x + y).amount) == Fraction(a) + Fraction(b)
            assert Fraction((x - y).amount) == Fraction(a) - Fraction(b)
            assert Fraction((x * n).amount) == Fraction(a) * n
            assert (x + y) - y == x
            assert (x + y) + z == x + (y + z)
            assert x + y == y + x
            assert x + Money.zero("CNY") == x
            assert (x < y) == (a < b)


class TestMoneyParse:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("CNY 5000", cny("5000")),  # code first
            ("5000 CNY", cny("5000")),  # code last
            ("CNY5,000.00", cny("5000")),  # thousands separators, no space
            ("5000元", cny("5000")),  # yuan
            ("  usd 12.5 ", Money("12.5", "USD")),  # lower-case code in text is read
            ("CNY -3", cny("-3")),  # a signed amount reads; where it is used, it is refused
        ],
    )
    def test_parse(self, text: str, expected: Money) -> None:
        """Rulebook texts with the code before or after the amount."""
        assert Money.parse(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "5000",  # no currency
            "CNY",  # no amount
            "CNY 5,00",  # a broken thousands group
            "CNY 5000 USD",  # two currencies
        ],
    )
    def test_unreadable(self, text: str) -> None:
        """Text without one currency and one amount says what to write."""
        with pytest.raises(
            AuthorityError, match=r"expected a currency code and an amount, e\.g\. 'CNY 5000'"
        ):
            Money.parse(text)

    def test_not_text(self) -> None:
        """Only text is parsed."""
        with pytest.raises(AuthorityError, match=r"Money\.parse: expected a str"):
            Money.parse(5000)  # type: ignore[arg-type]

    def test_long_text_is_refused_before_reading(self) -> None:
        """The amount grammar reads at most 100 characters and never echoes more."""
        with pytest.raises(
            AuthorityError, match=r"is 1000004 characters long, more than the 100"
        ) as info:
            Money.parse("CNY " + "1" * 1_000_000)
        assert len(str(info.value)) < 400

    def test_look_alikes_are_read_after_nfkc(self) -> None:
        """Fullwidth letters, digits and an ideographic space read as their ASCII forms."""
        assert Money.parse("ＣＮＹ\u3000５０００") == cny("5000")

    @given(st.text(max_size=20))
    def test_fuzz(self, text: str) -> None:
        """Any text either parses or raises AuthorityError; nothing else escapes."""
        try:
            m = Money.parse(text)
        except AuthorityError:
            return
        assert Money.parse(str(m)) == m


# --------------------------------------------------------------------------- conditions


class TestMoneyText:
    """Failed before its fix: str(Money) wrote 'CNY 5E+3', so a dumped limit did not load."""

    @pytest.mark.parametrize(
        "amount",
        [
            Decimal("5E+3"),  # what Decimal.normalize() makes of 5000
            Decimal("1E-7"),  # a tiny amount Decimal prints in exponent form
            Decimal("0E-8"),
        ],
    )
    def test_str_is_plain_digits_that_parse_reads_back(self, amount: Decimal) -> None:
        """str(Money) never uses exponent notation, so Money.parse reads it back."""
        money = Money(amount, "CNY")
        assert "E" not in str(money)
        assert Money.parse(str(money)) == money

    def test_rulebook_round_trip_of_a_limit_held_in_exponent_form(self) -> None:
        """load(dump(rb)) == rb when a limit's Decimal is in exponent form."""
        matrix = AuthorityMatrix(
            ["agent"],
            [AuthorityRule("agent", RAISE, max_amount=Money(Decimal("5E+3"), "CNY"))],
            "Asia/Shanghai",
        )
        rb = Rulebook(roles=("agent",), authority=matrix)
        assert load_rulebook(dump_rulebook(rb)) == rb


class TestCondition:
    @pytest.mark.parametrize(
        ("condition", "attributes", "holds"),
        [
            (
                Condition("first_statement_received", "==", False),
                {"first_statement_received": False},
                True,
            ),
            (
                Condition("first_statement_received", "==", False),
                {"first_statement_received": True},
                False,
            ),
            (Condition("delinquent", "==", False), {"delinquent": 0}, False),  # 0 is not False
            (Condition("overdue_days", "==", 0), {"overdue_days": False}, False),  # and vice versa
            (Condition("tier", "!=", "basic"), {"tier": "gold"}, True),
            (Condition("tier", "in", ["gold", "platinum"]), {"tier": "gold"}, True),
            (Condition("tier", "in", ("gold", "platinum")), {"tier": "basic"}, False),
            (Condition("channel", "not_in", {"ivr"}), {"channel": "phone"}, True),
            (Condition("months_on_book", ">=", 6), {"months_on_book": 6}, True),
            (Condition("months_on_book", ">", 6), {"months_on_book": 6}, False),
            (Condition("overdue_days", "<", 1), {"overdue_days": 0}, True),
            (Condition("score", "<=", Decimal("0.5")), {"score": Decimal("0.6")}, False),
        ],
    )
    def test_check(self, condition: Condition, attributes: dict[str, object], holds: bool) -> None:
        """Equality (bools strict), membership and order."""
        assert condition.check(attributes)[0] is holds

    def test_missing_attribute_fails_closed(self) -> None:
        """An attribute the request does not give does not meet the condition."""
        holds, why = Condition("delinquent", "==", False).check({})
        assert not holds
        assert why == "the request does not give 'delinquent'; add it to attributes"

    def test_from_data(self) -> None:
        """The rulebook form: a value is equality, a mapping holds operators."""
        data = {
            "first_statement_received": False,
            "tier": {"in": ["gold", "platinum"]},
            "months_on_book": {">=": 6, "<": 120},
        }
        assert Condition.from_data(data) == (
            Condition("first_statement_received", "==", False),
            Condition("tier", "in", ("gold", "platinum")),
            Condition("months_on_book", ">=", 6),
            Condition("months_on_book", "<", 120),
        )
        assert Condition.to_data(Condition.from_data(data)) == data

    def test_to_data_merges_equality_with_operators(self) -> None:
        """Equality and another operator on one attribute write as one mapping."""
        conditions = (Condition("tier", "==", "gold"), Condition("tier", "!=", "basic"))
        assert Condition.to_data(conditions) == {"tier": {"==": "gold", "!=": "basic"}}
        assert Condition.from_data(Condition.to_data(conditions)) == conditions

    def test_str(self) -> None:
        """Decisions name conditions in this form."""
        assert str(Condition("tier", "in", ["gold"])) == "tier in ['gold']"

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            (("", "==", 1), r"\.attribute: expected a non-empty name such as 'delinquent'"),
            (("tier", "=", 1), r"\.op: '=' is not one of .*\(closest first\): '>=', '==', "),
            (
                ("tier", "in", "gold"),
                r"'in' needs a list of choices, e\.g\. Condition\('tier', 'in', \['gold'",
            ),
            (("tier", "not_in", 5), "'not_in' needs a list of choices"),
            (
                ("delinquent", ">", True),
                r"'>' orders values, and True has no order; .* use '==' / '!='",
            ),
            (("delinquent", "<=", None), "'<=' orders values, and None has no order"),
            (("amount", "<=", Decimal("NaN")), "NaN is not a value a request can be compared"),
            (("amount", "==", float("nan")), "NaN is not a value"),
            (("amount", "in", [1, Decimal("NaN")]), "NaN is not a value"),
        ],
    )
    def test_bad_condition(self, args: tuple[object, object, object], match: str) -> None:
        """Each bad condition names itself and the fix."""
        with pytest.raises(AuthorityError, match=r"Condition\(.*" + match):
            Condition(*args)  # type: ignore[arg-type]

    def test_long_parts_are_cut_once(self) -> None:
        """A condition's message names it with each part cut to 60 characters, and the
        bad part once to 200: three 300-character parts gave an 871-character message."""
        long = "x" * 300
        with pytest.raises(AuthorityError) as info:
            Condition(long, long, long)  # type: ignore[arg-type]
        assert len(str(info.value)) < 600
        assert "x" * 81 not in str(info.value)

    @pytest.mark.parametrize(
        ("data", "match"),
        [
            ([("delinquent", False)], r"conditions: expected a mapping of attribute to value"),
            ({"tier": {}}, r"conditions\.tier: an empty mapping states no condition"),
            ({"tier": {"eq": "gold"}}, r"conditions\.tier: unknown operator 'eq'; known operators"),
        ],
    )
    def test_bad_data(self, data: object, match: str) -> None:
        """Rulebook conditions that cannot be read are reported with their path."""
        with pytest.raises(AuthorityError, match=match):
            Condition.from_data(data)  # type: ignore[arg-type]

    @pytest.mark.parametrize("nan", [Decimal("NaN"), Decimal("sNaN"), float("nan")])
    def test_nan_attribute(self, nan: object) -> None:
        """A NaN in the request is an AuthorityError, not decimal.InvalidOperation from
        comparing it (and never a silent 'does not hold')."""
        with pytest.raises(AuthorityError, match=r"amount=.* is not a number \(NaN\)"):
            Condition("amount", "<=", Decimal(5000)).check({"amount": nan})

    def test_incomparable_attribute(self) -> None:
        """An attribute of the wrong type for an order condition is an input error."""
        with pytest.raises(
            AuthorityError,
            match=r"condition months_on_book >= 6: the request's months_on_book='six' cannot be "
            r"compared with 6; give 'months_on_book' as a int",
        ):
            Condition("months_on_book", ">=", 6).check({"months_on_book": "six"})


# --------------------------------------------------------------------------- limits and rules


class TestConditionValues:
    """Failed before its fix: a list under '==' broke later as a TypeError; False < 1 held."""

    def test_an_unhashable_value_is_refused_with_the_fix(self) -> None:
        """A list compared with '==' is an AuthorityError naming 'in', not a TypeError later."""
        with pytest.raises(AuthorityError, match=r"tier.*'in'"):
            Condition("tier", "==", ["gold", "platinum"])

    def test_an_unhashable_choice_is_refused(self) -> None:
        """A choice of 'in' that cannot be compared as a value is an AuthorityError."""
        with pytest.raises(AuthorityError, match=r"tier"):
            Condition("tier", "in", [["gold"]])

    def test_a_bool_attribute_is_not_ordered_against_a_number(self) -> None:
        """False < 1 in Python; an ordering condition refuses a bool as it refuses a bool value."""
        cond = Condition("overdue_days", "<", 1)
        with pytest.raises(AuthorityError, match=r"overdue_days=False cannot be compared"):
            cond.check({"overdue_days": False})

    def test_decide_refuses_a_bool_for_an_ordered_attribute(self) -> None:
        """The matrix does not grant a raise because False happened to be below 1."""
        matrix = AuthorityMatrix(
            ["agent"],
            [
                AuthorityRule(
                    "agent",
                    RAISE,
                    max_amount="CNY 5000",
                    conditions={"overdue_days": {"<": 1}},
                )
            ],
            "Asia/Shanghai",
        )
        request = AuthorityRequest(
            "C-1",
            "CNY 1000",
            datetime(2025, 6, 3, 10, tzinfo=SH),
            actor="A1",
            attributes={"overdue_days": False},
        )
        with pytest.raises(AuthorityError, match=r"cannot be compared"):
            matrix.decide("agent", RAISE, request, [])


class TestConditionOrder:
    """Conditions stay grouped by attribute; failed before its fix: a round trip reordered them."""

    def test_interleaved_conditions_round_trip_through_a_rulebook(self) -> None:
        rule = AuthorityRule(
            "agent",
            "temporary_limit_raise",
            max_amount="CNY 1",
            conditions=[Condition("m", ">=", 1), Condition("b", "==", 2), Condition("m", "<", 5)],
        )
        assert [(c.attribute, c.op) for c in rule.conditions] == [
            ("m", ">="),
            ("m", "<"),
            ("b", "=="),
        ]
        again = AuthorityRule(
            "agent",
            "temporary_limit_raise",
            max_amount="CNY 1",
            conditions=Condition.to_data(rule.conditions),
        )
        assert again == rule

    def test_two_conditions_with_one_operator_on_one_attribute_are_refused(self) -> None:
        with pytest.raises(
            AuthorityError, match=r"conditions\[1\]: a second '>=' condition on 'm'"
        ):
            AuthorityRule(
                "agent",
                "raise",
                max_amount="CNY 1",
                conditions=[Condition("m", ">=", 1), Condition("m", ">=", 2)],
            )


class TestPeriodLimit:
    def test_str(self) -> None:
        """Limits read as words in decisions."""
        assert str(PeriodLimit("day", max_count=20)) == "20 times a day per actor"
        assert (
            str(PeriodLimit("month", max_count=2, max_sum="CNY 9000", per="customer"))
            == "2 times and CNY 9000 a month per customer"
        )
        assert str(PeriodLimit("ever", max_count=1, per="total")) == "1 times ever in total"

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            (
                {"period": "daily", "max_count": 1},
                r"PeriodLimit\.period: 'daily' is not one of .*closest first\): 'day'",
            ),
            (
                {"period": "day", "max_count": 1, "per": "staff"},
                r"PeriodLimit\.per: 'staff' is not one of",
            ),
            (
                {"period": "day"},
                r"PeriodLimit\('day'\): a period limit needs max_count, max_sum or both",
            ),
            (
                {"period": "day", "max_count": 0},
                r"max_count: 0 would never allow the action; use 1 or more",
            ),
            (
                {"period": "day", "max_count": 2.0},
                r"max_count: expected a whole number such as 20, got 2\.0",
            ),
            ({"period": "day", "max_count": True}, "max_count: expected a whole number"),
            (
                {"period": "day", "max_sum": "CNY -1"},
                r"PeriodLimit\.max_sum: CNY -1 is negative; .*write CNY 1",
            ),
            (
                {"period": "day", "max_sum": 5000},
                r"PeriodLimit\.max_sum: expected Money .*an amount needs its currency",
            ),
            ({"period": "day", "max_sum": 5000.0}, "an amount needs its currency"),
            (
                {"period": "day", "max_sum": object()},
                r"PeriodLimit\.max_sum: expected Money .*got object",
            ),
        ],
    )
    def test_bad_limit(self, kwargs: dict[str, object], match: str) -> None:
        """Each bad period limit says what was wrong and how to write it."""
        with pytest.raises(AuthorityError, match=match):
            PeriodLimit(**kwargs)  # type: ignore[arg-type]


class TestAuthorityRule:
    def test_plain_fields(self) -> None:
        """Text amounts and condition mappings are read into Money and Conditions."""
        rule = AuthorityRule(
            "agent", REFUND, max_amount="CNY 2000", conditions={"first_statement_received": False}
        )
        assert rule.max_amount == cny("2000")
        assert rule.conditions == (Condition("first_statement_received", "==", False),)
        assert rule.label == "agent × 退还循环利息"
        assert rule.currency == "CNY"
        assert rule.sums_amounts

    def test_single_limit_and_name(self) -> None:
        """One PeriodLimit may be given without a list; a name labels the rule."""
        rule = AuthorityRule(
            "agent", RAISE, limits=PeriodLimit("day", max_count=3), name="热线调额"
        )
        assert rule.limits == (PeriodLimit("day", max_count=3),)
        assert rule.label == "热线调额"
        assert rule.currency is None
        assert not rule.sums_amounts

    def test_dual_control_is_a_limit(self) -> None:
        """A rule whose only control is a second person is accepted (挂失 has no amount)."""
        assert AuthorityRule("agent", LOSS, requires_second_person=True).requires_second_person

    def test_unlimited_ok(self) -> None:
        """A truly unlimited authority is stated, not implied."""
        rule = AuthorityRule("branch_manager", RAISE, unlimited_ok=True)
        assert rule.unlimited_ok

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            # conditions say when, not how much
            (
                {"conditions": {"first_statement_received": False}},
                r"rule 'agent × 退还循环利息': the rule sets no "
                r"limit, so it would allow any amount "
                r"any number of times; add max_amount='CNY 5000', limits=\[PeriodLimit\('day', "
                r"max_count=20\)\] or requires_second_person=True, or pass unlimited_ok=True",
            ),
            ({}, "the rule sets no limit"),
            ({"max_amount": "CNY -5"}, r"AuthorityRule\.max_amount: CNY -5 is negative"),
            (
                {"max_amount": 5000},
                r"AuthorityRule\.max_amount: expected Money .*needs its currency",
            ),
            (
                {"max_amount": "CNY 1", "requires_second_person": "yes"},
                "requires_second_person must be True or False",
            ),
            ({"max_amount": "CNY 1", "unlimited_ok": 1}, "unlimited_ok must be True or False"),
            ({"max_amount": "CNY 1", "name": 7}, "name must be a str"),
            (
                {"max_amount": "CNY 1", "limits": [PeriodLimit("day", max_sum="USD 10")]},
                r"currency mismatch: its limits use CNY and USD; "
                r"state every limit of one action in one currency",
            ),
            ({"limits": "day"}, r"AuthorityRule\.limits: expected PeriodLimit objects"),
            (
                {"limits": [{"period": "day"}]},
                r"AuthorityRule\.limits\[0\]: expected a PeriodLimit",
            ),
            ({"conditions": 5}, r"AuthorityRule\.conditions: expected a mapping"),
            (
                {"conditions": ["delinquent"]},
                r"AuthorityRule\.conditions\[0\]: expected a Condition",
            ),
        ],
    )
    def test_bad_rule(self, kwargs: dict[str, object], match: str) -> None:
        """Each bad rule names itself and the fix."""
        with pytest.raises(AuthorityError, match=match):
            AuthorityRule("agent", REFUND, **kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("role", "action", "match"),
        [
            ("", RAISE, r"AuthorityRule\.role: expected a non-empty name such as 'agent'"),
            (None, RAISE, r"AuthorityRule\.role: expected a non-empty name"),
            (
                "agent",
                " ",
                r"AuthorityRule\('agent'\)\.action: expected "
                r"a non-empty name such as '临时额度调整'",
            ),
        ],
    )
    def test_bad_names(self, role: object, action: object, match: str) -> None:
        """Role and action are non-empty names."""
        with pytest.raises(AuthorityError, match=match):
            AuthorityRule(role, action, max_amount="CNY 1")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- requests


class TestAuthorityRequest:
    def test_fields(self) -> None:
        """Amount text is read, attributes are copied and read-only, repr is a dict."""
        attributes = {"delinquent": False}
        r = AuthorityRequest(
            "C-10086", "CNY 3000", at("2025-06-03 10:00"), actor="A1024", attributes=attributes
        )
        attributes["delinquent"] = True
        assert r.amount == cny("3000")
        assert r.attributes == {"delinquent": False}
        with pytest.raises(TypeError):
            r.attributes["delinquent"] = True  # type: ignore[index]
        assert "attributes={'delinquent': False}" in repr(r)
        assert r.second_person is None

    def test_no_amount(self) -> None:
        """挂失 moves no money: the amount may be None."""
        r = AuthorityRequest("C-10086", None, at("2025-06-03 10:00"), actor="A1024")
        assert r.amount is None
        assert r.attributes == {}

    @pytest.mark.parametrize(
        ("args", "kwargs", "error", "match"),
        [
            (
                ("", "CNY 1", at("2025-06-03 10:00")),
                {},
                AuthorityError,
                r"AuthorityRequest\.customer: expected a non-empty name",
            ),
            (
                ("C", "CNY -1", at("2025-06-03 10:00")),
                {},
                AuthorityError,
                r"AuthorityRequest\.amount: CNY -1 is negative; "
                r"an amount asked for is never negative",
            ),
            (
                ("C", 3000.0, at("2025-06-03 10:00")),
                {},
                AuthorityError,
                r"AuthorityRequest\.amount: expected Money .*needs its currency",
            ),
            (
                ("C", "CNY 1", datetime(2025, 6, 3, 10)),  # noqa: DTZ001
                {},
                NaiveDatetimeError,
                r"AuthorityRequest\.at is a naive datetime.*ZoneInfo",
            ),
            (
                ("C", "CNY 1", date(2025, 6, 3)),
                {},
                NaiveDatetimeError,
                r"AuthorityRequest\.at must be a timezone-aware datetime, got date",
            ),
            (
                ("C", "CNY 1", at("2025-06-03 10:00")),
                {"actor": ""},
                AuthorityError,
                r"AuthorityRequest\.actor: expected a non-empty name such as 'A1024'",
            ),
            (
                ("C", "CNY 1", at("2025-06-03 10:00")),
                {"second_person": ""},
                AuthorityError,
                r"AuthorityRequest\.second_person: expected a non-empty name",
            ),
            (
                ("C", "CNY 1", at("2025-06-03 10:00")),
                {"attributes": [("delinquent", False)]},
                AuthorityError,
                r"AuthorityRequest\.attributes: expected a mapping",
            ),
            (
                ("C", "CNY 1", at("2025-06-03 10:00")),
                {"attributes": {1: False}},
                AuthorityError,
                r"AuthorityRequest\.attributes: keys are attribute names, got 1",
            ),
        ],
    )
    def test_bad_request(
        self,
        args: tuple[object, ...],
        kwargs: dict[str, object],
        error: type[Exception],
        match: str,
    ) -> None:
        """Each bad request field names itself and the fix."""
        options: dict[str, object] = {"actor": "A1024"}
        options.update(kwargs)
        with pytest.raises(error, match=match):
            AuthorityRequest(*args, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- matrix construction


class TestAuthorityMatrix:
    def test_actions_and_rules_for(self) -> None:
        """Actions in first-seen order; the rules of one role and action."""
        m = seed_matrix()
        assert m.actions == (RAISE, REFUND, STOP, LOSS)
        assert m.rules_for("supervisor", RAISE) == (m.rules[1],)
        assert m.rules_for("team_leader", RAISE) == ()

    def test_equal_and_hashable(self) -> None:
        """Two matrices built from the same data are equal."""
        assert seed_matrix() == seed_matrix()
        assert hash(seed_matrix()) == hash(seed_matrix())

    @pytest.mark.parametrize(
        ("roles", "rules", "zone", "match"),
        [
            (
                "agent",
                [],
                "UTC",
                r"AuthorityMatrix\.roles: expected the roles from the front line upwards",
            ),
            ([], [], "UTC", r"AuthorityMatrix\.roles: no roles"),
            (
                ["agent", "agent"],
                [],
                "UTC",
                r"AuthorityMatrix\.roles\[1\]: 'agent' is listed twice \(also at 0\)",
            ),
            (["agent", 3], [], "UTC", r"AuthorityMatrix\.roles\[1\]: expected a non-empty name"),
            (
                ROLES,
                {"agent": RAISE},
                "UTC",
                r"AuthorityMatrix\.rules: expected AuthorityRule objects",
            ),
            (
                ROLES,
                [{"role": "agent"}],
                "UTC",
                r"AuthorityMatrix\.rules\[0\]: expected an AuthorityRule",
            ),
            (
                ROLES,
                [AuthorityRule("agnet", RAISE, max_amount="CNY 1")],
                "UTC",
                r"AuthorityMatrix\.rules\[0\] \(agnet × "
                r"临时额度调整\): role 'agnet' is not in roles; "
                r"known roles \(closest first\): 'agent', ",
            ),
            (
                ROLES,
                [AuthorityRule("agent", RAISE, max_amount="CNY 1")] * 2,
                "UTC",
                r"rules\[1\] \(agent × 临时额度调整\): the same rule as rules\[0\]; remove one",
            ),
            (
                ROLES,
                [
                    AuthorityRule("agent", RAISE, max_amount="CNY 1"),
                    AuthorityRule("supervisor", RAISE, requires_second_person=True),
                    AuthorityRule("supervisor", RAISE, max_amount="USD 1"),
                ],
                "UTC",
                r"rules\[2\] \(supervisor × 临时额度调整\): currency "
                r"mismatch: USD here, CNY in rules\[0\]",
            ),
            (
                ROLES,
                [],
                ZoneInfo("Asia/Shanghai"),
                r"AuthorityMatrix\.zone: expected an IANA name such as 'Asia/Shanghai'",
            ),
            (
                ROLES,
                [],
                "Asia/Shanghia",
                r"AuthorityMatrix\.zone: 'Asia/Shanghia' is not a "
                r"known IANA time zone.*Close matches: Asia/Shanghai",
            ),
            (
                ROLES,
                [],
                "Nowhere/At_All_Really",
                r"not a known IANA time zone; use a name such as 'Asia/Shanghai', "
                r"'America/New_York' or 'UTC'\.$",
            ),
        ],
    )
    def test_bad_matrix(self, roles: object, rules: object, zone: object, match: str) -> None:
        """Each bad matrix names the place (roles[i], rules[i], zone) and the fix."""
        with pytest.raises(AuthorityError, match=match):
            AuthorityMatrix(roles, rules, zone)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- decide: the sources


class TestTemporaryLimitRaise:
    """临时额度调整: 一线客户服务专员在线即可完成 (up to the agent's limit)."""

    def test_allowed_up_to_the_limit(self) -> None:
        """CNY 5000 is within the agent's CNY 5000: allowed, with what is left today."""
        d = seed_matrix().decide("agent", RAISE, raise_request("CNY 5000"), [])
        assert d.allowed
        assert (d.rule_index, d.rule_name, d.refer_to) == (0, "agent × 临时额度调整", None)
        assert d.remaining == (Remaining("day", "actor", 19, None),)
        assert d.remaining_count == 19
        assert d.remaining_amount is None
        assert d.reason == (
            "agent × 临时额度调整: allowed: conditions met (delinquent == False), "
            "CNY 5000 within CNY 5000 per action, within 20 times a day per actor"
        )
        assert d.granted == Granted(RAISE, d.request)

    def test_referred_above_the_limit(self) -> None:
        """CNY 8000 goes to the supervisor (team leaders have no rule for it)."""
        d = seed_matrix().decide("agent", RAISE, raise_request("CNY 8000"), [])
        assert not d.allowed
        assert d.refer_to == "supervisor"
        assert d.rule_index == 0
        assert d.remaining == (Remaining("day", "actor", 20, None),)  # as it stands
        assert d.reason == (
            "agent × 临时额度调整: CNY 8000 is above the limit of CNY 5000 per action; "
            "refer to 'supervisor', the lowest role that may approve it"
        )
        assert d.granted is None

    def test_the_lowest_role_that_may(self) -> None:
        """CNY 50000 is above the supervisor's too: the branch manager."""
        m = seed_matrix()
        assert m.decide("agent", RAISE, raise_request("CNY 50000"), []).refer_to == "branch_manager"
        assert (
            m.decide("supervisor", RAISE, raise_request("CNY 50000"), []).refer_to
            == "branch_manager"
        )

    def test_no_role_may(self) -> None:
        """Above every role's limit: nobody to refer to, and the reason says so."""
        d = seed_matrix().decide("agent", RAISE, raise_request("CNY 500000"), [])
        assert d.refer_to is None
        assert d.reason.endswith("; no role above 'agent' may approve it")

    def test_role_without_a_rule(self) -> None:
        """A team leader has no rule for the raise: refused and referred upwards."""
        d = seed_matrix().decide("team_leader", RAISE, raise_request("CNY 100"), [])
        assert not d.allowed
        assert d.rule_index is None
        assert d.rule_name == ""
        assert d.remaining == ()
        assert d.reason == (
            "role 'team_leader' has no authority for '临时额度调整'; "
            "refer to 'supervisor', the lowest role that may approve it"
        )

    def test_delinquent_customer(self) -> None:
        """The condition 'no delinquency' refuses and refers to the branch manager."""
        d = seed_matrix().decide(
            "agent", RAISE, raise_request("CNY 100", attributes={"delinquent": True}), []
        )
        assert not d.allowed
        assert d.refer_to == "branch_manager"
        assert (
            "condition delinquent == False is not met: the request has delinquent=True" in d.reason
        )

    def test_daily_count(self) -> None:
        """The 21st raise of one agent on one Shanghai day is refused; the next day is fresh."""
        m = seed_matrix()
        history: list[Decision] = []
        for minute in range(20):
            d = m.decide(
                "agent", RAISE, raise_request("CNY 100", f"2025-06-03 10:{minute:02d}"), history
            )
            assert d.allowed
            history.append(d)
        assert d.remaining_count == 0
        refused = m.decide("agent", RAISE, raise_request("CNY 100", "2025-06-03 23:59"), history)
        assert not refused.allowed
        assert refused.reason.startswith(
            "agent × 临时额度调整: the day limit (20 times a day per actor) on 2025-06-03 is "
            "used up: 20 of 20 granted"
        )
        assert refused.refer_to == "supervisor"  # its per-actor limits are its own
        assert refused.remaining_count == 0
        next_day = m.decide("agent", RAISE, raise_request("CNY 100", "2025-06-04 00:00"), history)
        assert next_day.allowed
        assert next_day.remaining_count == 19
        other_agent = m.decide("agent", RAISE, raise_request("CNY 100", actor="A2048"), history)
        assert other_agent.allowed


class TestRevolvingInterestRefund:
    """调整客户因第一次没收到账单所产生的循环利息."""

    def request(
        self, received: object, amount: str = "CNY 356.20", when: str = "2025-06-03 10:00"
    ) -> AuthorityRequest:
        attributes = {} if received is None else {"first_statement_received": received}
        return AuthorityRequest("C-10086", amount, at(when), actor="A1024", attributes=attributes)

    def test_allowed_when_first_statement_never_received(self) -> None:
        """The first statement never arrived: the agent refunds the interest."""
        d = seed_matrix().decide("agent", REFUND, self.request(False), [])
        assert d.allowed
        assert d.remaining == (Remaining("year", "customer", 0, None),)

    def test_refused_when_received(self) -> None:
        """The statement was received: no role may refund it under this matrix."""
        d = seed_matrix().decide("agent", REFUND, self.request(True), [])
        assert not d.allowed
        assert d.refer_to is None
        assert d.reason == (
            "agent × 退还循环利息: condition first_statement_received == False is not met: "
            "the request has first_statement_received=True; no role above 'agent' may approve it"
        )

    def test_refused_when_not_stated(self) -> None:
        """A request that does not say whether it arrived is refused, asking for the fact."""
        d = seed_matrix().decide("agent", REFUND, self.request(None), [])
        assert not d.allowed
        assert (
            "the request does not give 'first_statement_received'; add it to attributes" in d.reason
        )

    def test_once_a_year_per_customer(self) -> None:
        """A second refund for the same customer that year is refused, whoever asks."""
        m = seed_matrix()
        first = m.decide("agent", REFUND, self.request(False), [])
        again = AuthorityRequest(
            "C-10086",
            "CNY 10",
            at("2025-11-03 10:00"),
            actor="A2048",
            attributes={"first_statement_received": False},
        )
        d = m.decide("agent", REFUND, again, [first])
        assert not d.allowed
        assert (
            "the year limit (1 times a year per customer) in 2025 is used up: 1 of 1 granted"
            in d.reason
        )
        next_year = attrs_evolve_at(again, at("2026-01-01 00:00"))
        assert m.decide("agent", REFUND, next_year, [first]).allowed


def attrs_evolve_at(request: AuthorityRequest, when: datetime) -> AuthorityRequest:
    return attrs.evolve(request, at=when)


class TestDualControl:
    """挂失、诈骗止付 …… 启动“双人复核+快速审批”."""

    @pytest.mark.parametrize("action", [STOP, LOSS])
    def test_two_different_people(self, action: str) -> None:
        """Allowed when a second, different person reviews."""
        r = AuthorityRequest(
            "C-10086", None, at("2025-06-03 02:10"), actor="A1024", second_person="A2048"
        )
        d = seed_matrix().decide("agent", action, r, [])
        assert d.allowed
        assert d.requires_second_person
        assert d.second_person == "A2048"
        assert d.reason.endswith("allowed: second person 'A2048' reviewed (双人复核)")

    @pytest.mark.parametrize("action", [STOP, LOSS])
    def test_no_second_person(self, action: str) -> None:
        """Refused without a second person; nobody higher is named, a second person is."""
        r = AuthorityRequest("C-10086", None, at("2025-06-03 02:10"), actor="A1024")
        d = seed_matrix().decide("agent", action, r, [])
        assert not d.allowed
        assert d.requires_second_person
        assert d.second_person is None
        assert d.refer_to is None
        assert d.reason.endswith(
            "dual control (双人复核): a second person must review; name them in second_person"
        )

    def test_same_person_twice(self) -> None:
        """The actor cannot be their own second person."""
        r = AuthorityRequest(
            "C-10086", "CNY 30000", at("2025-06-03 02:10"), actor="A1024", second_person="A1024"
        )
        d = seed_matrix().decide("agent", STOP, r, [])
        assert not d.allowed
        assert d.second_person == "A1024"
        assert d.reason.endswith(
            "dual control (双人复核): the second person 'A1024' "
            "is the actor; two different people must act"
        )

    @pytest.mark.parametrize(
        ("second", "match"),
        [
            ("A1024 ", "has leading or trailing whitespace"),
            (" A1024", "has leading or trailing whitespace"),
            ("A1024\u3000", "has leading or trailing whitespace"),  # an ideographic space
            ("A1024\t", r"invisible character U\+0009"),
            ("A1\u200b024", r"invisible character U\+200B \(ZERO WIDTH SPACE\)"),
            ("\ufeffA1024", r"invisible character U\+FEFF"),  # a byte-order mark
        ],
    )
    def test_a_disguised_actor_is_refused(self, second: str, match: str) -> None:
        """The actor with a space or an invisible character is not a second person: the
        id is refused where it is given (it passed dual control as a second person)."""
        with pytest.raises(AuthorityError, match=rf"AuthorityRequest\.second_person: .*{match}"):
            AuthorityRequest(
                "C-10086", None, at("2025-06-03 02:10"), actor="A1024", second_person=second
            )

    def test_fullwidth_actor_is_the_same_person(self) -> None:
        """Ids are compared after NFKC: a fullwidth 'Ａ1024' is the actor 'A1024' again."""
        r = AuthorityRequest(
            "C-10086", None, at("2025-06-03 02:10"), actor="A1024", second_person="Ａ１０２４"
        )
        assert r.second_person == "A1024"
        d = seed_matrix().decide("agent", STOP, r, [])
        assert not d.allowed
        assert "is the actor; two different people must act" in d.reason

    def test_per_actor_limit_counts_one_person_once(self) -> None:
        """A fullwidth spelling of the actor does not open a second allowance."""
        m = matrix_with(AuthorityRule("agent", RAISE, limits=[PeriodLimit("day", max_count=1)]))
        first = m.decide("agent", RAISE, raise_request("CNY 1", actor="A1024"), [])
        assert first.allowed
        again = m.decide("agent", RAISE, raise_request("CNY 1", actor="Ａ1024"), [first])
        assert not again.allowed


# --------------------------------------------------------------------------- decide: mechanics


def matrix_with(*rules: AuthorityRule, zone: str = "Asia/Shanghai") -> AuthorityMatrix:
    return AuthorityMatrix(ROLES, rules, zone)


class TestPeriods:
    @pytest.mark.parametrize(
        ("period", "first", "second", "same"),
        [
            ("day", "2025-06-03 00:00", "2025-06-03 23:59", True),
            ("day", "2025-06-03 23:59", "2025-06-04 00:00", False),  # Shanghai midnight
            ("week", "2025-06-02 00:00", "2025-06-08 23:59", True),  # Monday to Sunday
            ("week", "2025-06-08 23:59", "2025-06-09 00:00", False),
            ("week", "2024-12-30 09:00", "2025-01-05 09:00", True),  # ISO week 1 of 2025
            ("month", "2025-06-01 00:00", "2025-06-30 23:59", True),
            ("month", "2025-06-30 23:59", "2025-07-01 00:00", False),
            ("year", "2025-01-01 00:00", "2025-12-31 23:59", True),
            ("year", "2025-12-31 23:59", "2026-01-01 00:00", False),
            ("ever", "2020-01-01 00:00", "2030-01-01 00:00", True),
        ],
    )
    def test_period_boundaries(self, period: str, first: str, second: str, same: bool) -> None:
        """Two grants share a period exactly when their Shanghai wall times do."""
        m = matrix_with(AuthorityRule("agent", RAISE, limits=[PeriodLimit(period, max_count=1)]))  # type: ignore[arg-type]
        earlier = m.decide("agent", RAISE, raise_request("CNY 1", first), [])
        assert earlier.allowed
        later = m.decide("agent", RAISE, raise_request("CNY 1", second), [earlier])
        assert later.allowed is not same

    def test_read_in_the_matrix_zone(self) -> None:
        """16:30 UTC is 00:30 the next day in Shanghai: a new day, whatever the request's zone."""
        m = matrix_with(AuthorityRule("agent", RAISE, limits=[PeriodLimit("day", max_count=1)]))
        first = AuthorityRequest(
            "C", "CNY 1", datetime(2025, 6, 3, 15, 0, tzinfo=timezone.utc), actor="A"
        )
        second = attrs_evolve_at(first, datetime(2025, 6, 3, 16, 30, tzinfo=timezone.utc))
        d = m.decide("agent", RAISE, first, [])
        assert m.decide("agent", RAISE, second, [d]).allowed
        in_utc = matrix_with(
            AuthorityRule("agent", RAISE, limits=[PeriodLimit("day", max_count=1)]), zone="UTC"
        )
        assert not in_utc.decide("agent", RAISE, second, [d]).allowed

    def test_month_sum_per_customer(self) -> None:
        """A sum per customer per month counts every actor's grants for that customer."""
        m = matrix_with(
            AuthorityRule(
                "agent", RAISE, limits=[PeriodLimit("month", max_sum="CNY 10000", per="customer")]
            )
        )
        history = [
            Granted(RAISE, raise_request("CNY 6000", "2025-06-01 09:00", actor="A1")),
            Granted(RAISE, raise_request("CNY 3000", "2025-06-20 09:00", actor="A2")),
            Granted(RAISE, raise_request("CNY 9000", "2025-05-31 23:59", actor="A1")),  # May
            Granted(
                RAISE, AuthorityRequest("C-other", "CNY 9000", at("2025-06-02 09:00"), actor="A1")
            ),
            Granted(
                REFUND, raise_request("CNY 9000", "2025-06-02 09:00", actor="A1")
            ),  # other action
        ]
        ok = m.decide(
            "agent", RAISE, raise_request("CNY 1000", "2025-06-30 18:00", actor="A3"), history
        )
        assert ok.allowed
        assert ok.remaining == (Remaining("month", "customer", None, cny("0")),)
        assert ok.remaining_amount == cny("0")
        over = m.decide(
            "agent", RAISE, raise_request("CNY 1000.01", "2025-06-30 18:00", actor="A3"), history
        )
        assert not over.allowed
        assert over.reason.startswith(
            "agent × 临时额度调整: CNY 1000.01 would exceed the month limit (CNY 10000 a month per "
            "customer) in 2025-06: CNY 9000 granted, CNY 1000 left"
        )
        assert over.remaining_amount == cny("1000")

    def test_total_scope(self) -> None:
        """'total' counts every grant of the action, whoever and for whomever."""
        m = matrix_with(
            AuthorityRule("agent", RAISE, limits=[PeriodLimit("week", max_count=2, per="total")])
        )
        history = [
            Granted(RAISE, AuthorityRequest("C1", None, at("2025-06-02 09:00"), actor="A1")),
            Granted(RAISE, AuthorityRequest("C2", None, at("2025-06-03 09:00"), actor="A2")),
        ]
        d = m.decide(
            "agent",
            RAISE,
            AuthorityRequest("C3", None, at("2025-06-04 09:00"), actor="A3"),
            history,
        )
        assert not d.allowed
        assert "the week limit (2 times a week in total) in week 23 of 2025 is used up" in d.reason

    def test_tightest_remaining(self) -> None:
        """remaining_count and remaining_amount are the tightest over the rule's limits."""
        m = matrix_with(
            AuthorityRule(
                "agent",
                RAISE,
                limits=[
                    PeriodLimit("day", max_count=5, max_sum="CNY 900"),
                    PeriodLimit("month", max_count=3, max_sum="CNY 5000", per="customer"),
                ],
            )
        )
        d = m.decide("agent", RAISE, raise_request("CNY 100"), [])
        assert d.remaining == (
            Remaining("day", "actor", 4, cny("800")),
            Remaining("month", "customer", 2, cny("4900")),
        )
        assert (d.remaining_count, d.remaining_amount) == (2, cny("800"))

    def test_over_used_history_is_floored(self) -> None:
        """When history already exceeds a lowered limit, what is left is zero, not negative."""
        m = matrix_with(
            AuthorityRule(
                "agent", RAISE, limits=[PeriodLimit("day", max_count=1, max_sum="CNY 100")]
            )
        )
        history = [
            Granted(RAISE, raise_request("CNY 500")),
            Granted(RAISE, raise_request("CNY 500")),
        ]
        d = m.decide("agent", RAISE, raise_request("CNY 1"), history)
        assert not d.allowed
        assert d.remaining == (Remaining("day", "actor", 0, cny("0")),)


class TestHistory:
    def test_refused_decisions_do_not_count(self) -> None:
        """Refused decisions in the history did not happen; Granted records count."""
        m = matrix_with(
            AuthorityRule(
                "agent", RAISE, max_amount="CNY 10", limits=[PeriodLimit("day", max_count=1)]
            )
        )
        refused = m.decide("agent", RAISE, raise_request("CNY 99"), [])
        assert not refused.allowed
        assert m.decide("agent", RAISE, raise_request("CNY 1"), [refused, refused]).allowed
        granted = Granted(RAISE, raise_request("CNY 1"))
        assert not m.decide("agent", RAISE, raise_request("CNY 1"), (granted,)).allowed

    def test_history_is_any_iterable(self) -> None:
        """A generator of grants is read once."""
        m = matrix_with(AuthorityRule("agent", RAISE, limits=[PeriodLimit("day", max_count=1)]))
        grants = (Granted(RAISE, raise_request("CNY 1")) for _ in range(1))
        assert not m.decide("agent", RAISE, raise_request("CNY 1"), grants).allowed


class TestRules:
    def test_first_rule_that_allows_decides(self) -> None:
        """Several rules for one role and action: the first that allows decides."""
        m = matrix_with(
            AuthorityRule(
                "agent", RAISE, max_amount="CNY 5000", conditions={"tier": "gold"}, name="金卡"
            ),
            AuthorityRule("agent", RAISE, max_amount="CNY 2000", name="普卡"),
        )
        gold = m.decide("agent", RAISE, raise_request("CNY 4000", attributes={"tier": "gold"}), [])
        assert (gold.allowed, gold.rule_index, gold.rule_name) == (True, 0, "金卡")
        basic = m.decide(
            "agent", RAISE, raise_request("CNY 1500", attributes={"tier": "basic"}), []
        )
        assert (basic.allowed, basic.rule_index, basic.rule_name) == (True, 1, "普卡")

    def test_refusal_reports_every_rule(self) -> None:
        """Refused by every rule: the reason gives each; the furthest reached is reported."""
        m = matrix_with(
            AuthorityRule(
                "agent", RAISE, max_amount="CNY 5000", conditions={"tier": "gold"}, name="金卡"
            ),
            AuthorityRule("agent", RAISE, max_amount="CNY 2000", name="普卡"),
        )
        d = m.decide("agent", RAISE, raise_request("CNY 3000", attributes={"tier": "basic"}), [])
        assert not d.allowed
        assert (d.rule_index, d.rule_name) == (1, "普卡")  # got past its conditions
        assert d.reason == (
            "金卡: condition tier == 'gold' is not met: the request has tier='basic'; "
            "普卡: CNY 3000 is above the limit of CNY 2000 per action; "
            "no role above 'agent' may approve it"
        )

    def test_referral_skips_the_approvers_own_limits_but_not_dual_control_needs(self) -> None:
        """A higher role with dual control and a per-actor limit is still named."""
        m = matrix_with(
            AuthorityRule("agent", STOP, max_amount="CNY 10000", requires_second_person=True),
            AuthorityRule(
                "team_leader",
                STOP,
                max_amount="CNY 50000",
                limits=[PeriodLimit("day", max_count=1)],
                requires_second_person=True,
            ),
        )
        history = [
            Granted(STOP, AuthorityRequest("C", "CNY 1", at("2025-06-03 09:00"), actor="A1024"))
        ]
        r = AuthorityRequest(
            "C", "CNY 30000", at("2025-06-03 10:00"), actor="A1024", second_person="A2"
        )
        d = m.decide("agent", STOP, r, history)
        assert (d.allowed, d.refer_to) == (False, "team_leader")

    def test_unlimited_rule(self) -> None:
        """An unlimited rule allows anything and says so."""
        m = matrix_with(AuthorityRule("branch_manager", RAISE, unlimited_ok=True))
        d = m.decide("branch_manager", RAISE, raise_request("CNY 1"), [])
        assert d.allowed
        assert (
            d.reason == "branch_manager × 临时额度调整: allowed: the role's authority is unlimited"
        )
        assert d.remaining_count is None


class TestDecideErrors:
    @pytest.mark.parametrize(
        ("role", "action", "match"),
        [
            (
                "agnet",
                RAISE,
                r"decide\(\): unknown role 'agnet'; known roles \(closest first\): 'agent', ",
            ),
            (
                "Supervisor",
                RAISE,
                r"unknown role 'Supervisor'; known roles \(closest first\): 'supervisor', ",
            ),
            (
                "agent",
                "临时额度",
                r"decide\(\): unknown action '临时额度'; known "
                r"actions \(closest first\): '临时额度调整', ",
            ),
            (
                "agent",
                "止付",
                r"unknown action '止付'; known actions \(closest first\): '诈骗止付', ",
            ),
        ],
    )
    def test_unknown_names(self, role: str, action: str, match: str) -> None:
        """Unknown roles and actions are errors listing the known ones, closest first."""
        with pytest.raises(AuthorityError, match=match):
            seed_matrix().decide(role, action, raise_request("CNY 1"), [])

    def test_an_instant_with_no_wall_time_in_the_matrix_zone(self) -> None:
        """The first hours of year 1 written east of Shanghai have no Shanghai wall time,
        in the request or in the history: the matrix says so (it raised OverflowError)."""
        first = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))
        early = raise_request("CNY 1", actor="A1024")
        early = attrs.evolve(early, at=first)
        with pytest.raises(
            AuthorityError,
            match=r"^AuthorityRequest\.at 0001-01-01T00:00:00\+14:00 read in Asia/Shanghai "
            r"falls outside the years 1\.\.9999 a datetime can hold; check the instant",
        ):
            seed_matrix().decide("agent", RAISE, early, [])
        with pytest.raises(AuthorityError, match=r"^history: grant 0's at 0001-01-01T00:00:00"):
            seed_matrix().decide("agent", RAISE, raise_request("CNY 1"), [Granted(RAISE, early)])

    def test_request_type(self) -> None:
        """The request is an AuthorityRequest."""
        with pytest.raises(
            AuthorityError, match=r"decide\(\): request must be an AuthorityRequest"
        ):
            seed_matrix().decide("agent", RAISE, {"customer": "C"}, [])  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("history", "match"),
        [
            (
                None,
                r"decide\(\): history must be a sequence of earlier "
                r"Decision or Granted objects \(an empty list",
            ),
            ("granted", "history must be a sequence"),
            (
                [raise_request("CNY 1")],
                r"decide\(\): history\[0\] must be a Decision or a Granted, got AuthorityRequest",
            ),
        ],
    )
    def test_bad_history(self, history: object, match: str) -> None:
        """History is a sequence of grants."""
        with pytest.raises(AuthorityError, match=match):
            seed_matrix().decide("agent", RAISE, raise_request("CNY 1"), history)  # type: ignore[arg-type]

    def test_missing_amount(self) -> None:
        """A rule that limits the amount needs the request's amount."""
        r = AuthorityRequest(
            "C", None, at("2025-06-03 10:00"), actor="A", attributes={"delinquent": False}
        )
        with pytest.raises(
            AuthorityError,
            match=r"decide\(\): rule 'agent × 临时额度调整' limits "
            r"the amount, so the request needs one; "
            r"pass amount=Money\.parse\('CNY 5000'\)",
        ):
            seed_matrix().decide("agent", RAISE, r, [])

    def test_request_currency_mismatch(self) -> None:
        """A USD request against CNY limits names both currencies."""
        with pytest.raises(
            AuthorityError,
            match=r"decide\(\): currency mismatch: the request "
            r"is for USD 100, rule 'agent × 临时额度调整' "
            r"limits CNY; .* pass the amount in CNY or name a separate action for USD",
        ):
            seed_matrix().decide("agent", RAISE, raise_request("USD 100"), [])

    def test_history_without_amount(self) -> None:
        """A grant without an amount cannot be summed."""
        m = matrix_with(
            AuthorityRule("agent", RAISE, limits=[PeriodLimit("day", max_sum="CNY 100")])
        )
        history = [
            Granted(RAISE, AuthorityRequest("C-10086", None, at("2025-06-03 09:00"), actor="A1024"))
        ]
        with pytest.raises(
            AuthorityError,
            match=r"history: grant 0 of '临时额度调整' \(at "
            r"2025-06-03T09:00:00\+08:00\) has no amount, "
            r"but rule 'agent × 临时额度调整' sums amounts; record its amount",
        ):
            m.decide("agent", RAISE, raise_request("CNY 1"), history)

    def test_history_currency_mismatch(self) -> None:
        """A grant in another currency than the limit names both."""
        m = matrix_with(
            AuthorityRule("agent", RAISE, limits=[PeriodLimit("day", max_sum="CNY 100")])
        )
        history = [Granted(RAISE, raise_request("USD 5"))]
        with pytest.raises(
            AuthorityError,
            match=r"history: grant 0 of '临时额度调整' is USD 5: "
            r"currency mismatch with the limit CNY 100",
        ):
            m.decide("agent", RAISE, raise_request("CNY 1"), history)


# --------------------------------------------------------------------------- laws

PROPERTY_LIMITS = (
    PeriodLimit("day", max_count=3),
    PeriodLimit("week", max_sum="CNY 6000", per="customer"),
    PeriodLimit("month", max_count=8, max_sum="CNY 12000", per="total"),
)
PROPERTY_MATRIX = matrix_with(
    AuthorityRule("agent", RAISE, max_amount="CNY 3000", limits=PROPERTY_LIMITS)
)
START = datetime(2025, 6, 1, tzinfo=SH)

attempts = st.lists(
    st.tuples(
        st.sampled_from(["C1", "C2", "C3"]),
        st.sampled_from(["A1", "A2"]),
        st.integers(0, 350_000).map(lambda cents: Money(Decimal(cents).scaleb(-2), "CNY")),
        instants(
            min_value=START, max_value=START + timedelta(days=45), resolution=timedelta(hours=1)
        ),
    ),
    max_size=60,
)


def scope_key(limit: PeriodLimit, request: AuthorityRequest) -> tuple[object, ...]:
    local = request.at.astimezone(SH)
    period = {
        "day": local.date(),
        "week": local.isocalendar()[:2],
        "month": (local.year, local.month),
    }[limit.period]
    who = {"actor": request.actor, "customer": request.customer, "total": None}[limit.per]
    return (period, who)


class TestChineseReasons:
    """``language="zh"``: the reason an agent reads on screen, in Chinese; the data unchanged."""

    def zh(
        self, role: str, action: str, request: AuthorityRequest, history: Sequence[Decision] = ()
    ) -> str:
        m = seed_matrix()
        en = m.decide(role, action, request, list(history))
        zh = m.decide(role, action, request, list(history), language="zh")
        assert attrs.evolve(zh, reason=en.reason) == en  # only the words differ
        return zh.reason

    def test_allowed(self) -> None:
        """允许: every limit that allowed it, in Chinese words."""
        assert self.zh("agent", RAISE, raise_request("CNY 5000")) == (
            "agent × 临时额度调整：允许：满足条件（delinquent == False），"
            "CNY 5000 在单笔限额 CNY 5000 以内，在期间限额以内（每位经办人每日20次）"
        )

    def test_above_the_limit_and_referred(self) -> None:
        """超过单笔限额, and who to refer to."""
        assert self.zh("agent", RAISE, raise_request("CNY 8000")) == (
            "agent × 临时额度调整：CNY 8000 超过单笔限额 CNY 5000；"
            "请转 'supervisor' 审批（可以批准的最低角色）"
        )

    def test_no_role_may_and_no_rule(self) -> None:
        """Nobody above may; a role without a rule."""
        assert self.zh("agent", RAISE, raise_request("CNY 500000")).endswith(
            "；'agent' 以上没有可以批准的角色"
        )
        assert self.zh("team_leader", RAISE, raise_request("CNY 100")) == (
            "角色 'team_leader' 无权办理 '临时额度调整'；"
            "请转 'supervisor' 审批（可以批准的最低角色）"
        )

    def test_condition(self) -> None:
        """条件不满足, and a fact the request does not give."""
        late = raise_request("CNY 100", attributes={"delinquent": True})
        assert "条件 delinquent == False 不满足：请求中 delinquent=True" in self.zh(
            "agent", RAISE, late
        )
        unknown = AuthorityRequest("C-10086", "CNY 10", at("2025-06-03 10:00"), actor="A1024")
        assert "请求未给出 'first_statement_received'，请在 attributes 中补充" in self.zh(
            "agent", REFUND, unknown
        )

    def test_limit_used_up(self) -> None:
        """The period and the counts, in Chinese."""
        m = seed_matrix()
        history = [
            m.decide("agent", RAISE, raise_request("CNY 1", f"2025-06-03 10:{i:02d}"), [])
            for i in range(20)
        ]
        assert self.zh(
            "agent", RAISE, raise_request("CNY 1", "2025-06-03 23:59"), history
        ).startswith(
            "agent × 临时额度调整：2025-06-03的期间限额（每位经办人每日20次）已用完："
            "已批准20次，上限20次"
        )

    def test_sum_would_exceed(self) -> None:
        """A sum limit in a month."""
        m = matrix_with(
            AuthorityRule(
                "agent", RAISE, limits=[PeriodLimit("month", max_sum="CNY 10000", per="customer")]
            )
        )
        history = [Granted(RAISE, raise_request("CNY 9500", "2025-06-01 09:00"))]
        d = m.decide("agent", RAISE, raise_request("CNY 600"), history, language="zh")
        assert d.reason.startswith(
            "agent × 临时额度调整：CNY 600 将超出2025年6月的期间限额（每位客户每月CNY 10000）："
            "已批准 CNY 9500，剩余 CNY 500"
        )

    def test_dual_control(self) -> None:
        """双人复核: missing, the same person, and done."""
        alone = AuthorityRequest("C-10086", None, at("2025-06-03 02:10"), actor="A1024")
        assert self.zh("agent", STOP, alone).endswith(
            "双人复核：须由第二人复核，请在 second_person 中写明复核人"
        )
        same = attrs.evolve(alone, second_person="A1024")
        assert self.zh("agent", STOP, same).endswith(
            "双人复核：复核人 'A1024' 即经办人本人，须由两个不同的人办理"
        )
        two = attrs.evolve(alone, second_person="A2048")
        assert self.zh("agent", STOP, two).endswith("允许：复核人 'A2048' 已复核（双人复核）")

    def test_unlimited(self) -> None:
        """A rule without any limit says so; the branch manager's own limit otherwise."""
        assert self.zh("branch_manager", RAISE, raise_request("CNY 100")) == (
            "branch_manager × 临时额度调整：允许：CNY 100 在单笔限额 CNY 100000 以内"
        )
        m = matrix_with(AuthorityRule("branch_manager", RAISE, unlimited_ok=True))
        d = m.decide("branch_manager", RAISE, raise_request("CNY 1"), [], language="zh")
        assert d.reason == "branch_manager × 临时额度调整：允许：该角色的权限不设上限"

    def test_period_limit_words(self) -> None:
        """Each period and scope has its Chinese words."""
        assert PeriodLimit("day", max_count=20).describe(language="zh") == "每位经办人每日20次"
        limit = PeriodLimit("month", max_count=2, max_sum="CNY 9000", per="customer")
        assert limit.describe(language="zh") == "每位客户每月2次且CNY 9000"
        assert (
            PeriodLimit("ever", max_count=1, per="total").describe(language="zh") == "合计累计1次"
        )
        assert PeriodLimit("week", max_count=3).describe() == str(PeriodLimit("week", max_count=3))

    @pytest.mark.parametrize("language", ["fr", "", None, "ZH"])
    def test_unknown_language(self, language: object) -> None:
        """Only 'zh' and 'en': the error names the value and the choices."""
        with pytest.raises(AuthorityError, match="language must be 'zh' or 'en', got"):
            seed_matrix().decide("agent", RAISE, raise_request("CNY 1"), [], language=language)  # type: ignore[arg-type]
        with pytest.raises(AuthorityError, match=r"PeriodLimit\.describe: language must be"):
            PeriodLimit("day", max_count=1).describe(language=language)  # type: ignore[arg-type]


class TestLaws:
    @given(attempts)
    def test_period_limits_are_never_exceeded(
        self, tries: list[tuple[str, str, Money, datetime]]
    ) -> None:
        """Feeding each allowed decision back as history, no period limit is ever exceeded."""
        history: list[Decision] = []
        for customer, actor, amount, when in tries:
            d = PROPERTY_MATRIX.decide(
                "agent", RAISE, AuthorityRequest(customer, amount, when, actor=actor), history
            )
            history.append(d)  # refused ones are kept too: they must not count
        for limit in PROPERTY_LIMITS:
            counts: dict[tuple[object, ...], int] = defaultdict(int)
            sums: dict[tuple[object, ...], Money] = defaultdict(lambda: Money.zero("CNY"))
            for d in history:
                if d.allowed:
                    counts[scope_key(limit, d.request)] += 1
                    assert d.request.amount is not None
                    sums[scope_key(limit, d.request)] += d.request.amount
            if limit.max_count is not None:
                assert all(n <= limit.max_count for n in counts.values())
            if limit.max_sum is not None:
                assert all(total <= limit.max_sum for total in sums.values())

    @given(attempts)
    def test_remaining_is_what_the_limit_leaves(
        self, tries: list[tuple[str, str, Money, datetime]]
    ) -> None:
        """After each allowed decision, what is left equals the limit minus the grants so far."""
        history: list[Decision] = []
        for customer, actor, amount, when in sorted(tries, key=lambda t: t[3]):
            d = PROPERTY_MATRIX.decide(
                "agent", RAISE, AuthorityRequest(customer, amount, when, actor=actor), history
            )
            if not d.allowed:
                continue
            history.append(d)
            for limit, left in zip(PROPERTY_LIMITS, d.remaining, strict=True):
                mine = [
                    h for h in history if scope_key(limit, h.request) == scope_key(limit, d.request)
                ]
                if limit.max_count is not None:
                    assert left.count == limit.max_count - len(mine)
                if limit.max_sum is not None:
                    spent = sum(
                        (h.request.amount for h in mine if h.request.amount), Money.zero("CNY")
                    )
                    assert left.amount == limit.max_sum - spent

    @given(attempts)
    def test_order_of_history_does_not_matter(
        self, tries: list[tuple[str, str, Money, datetime]]
    ) -> None:
        """A decision depends on the set of grants, not their order."""
        history = [
            Granted(RAISE, AuthorityRequest(customer, amount, when, actor=actor))
            for customer, actor, amount, when in tries
        ]
        request = raise_request("CNY 100", "2025-06-10 12:00", actor="A1")
        forward = PROPERTY_MATRIX.decide("agent", RAISE, request, history)
        backward = PROPERTY_MATRIX.decide("agent", RAISE, request, history[::-1])
        assert forward == backward
