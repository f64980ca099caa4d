"""svcquality.staffing: Erlang B, C and A, required agents, day plans.

Every figure is checked against values computed here independently and in
high precision: Erlang B and C from their defining sums in exact integer or
Fraction arithmetic (not the recursion), Erlang A from the birth-death chain's
stationary distribution summed term by term in 50-digit decimals, its service
level by uniformization of the waiting caller's own chain (not the closed form
the library uses) and its ASA by first-step analysis. No figure may differ by
more than 1e-9 (ASA: by more than its rounding to the microsecond).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal, localcontext
from fractions import Fraction
from time import perf_counter as time_counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcquality import staffing
from svcquality.errors import ParameterError

TOL = 1e-9
MIN30 = timedelta(minutes=30)


def sec(s: float) -> timedelta:
    return timedelta(seconds=s)


# --------------------------------------------------------------------------- references


def exact_erlang_b(a: Fraction, n: int) -> Fraction:
    """B(n, A) = (A^n/n!) / Σ_(k<=n) A^k/k!, in integers: scaled by n!·q^n."""
    p, q = a.numerator, a.denominator
    q_pow = [1]
    for _ in range(n):
        q_pow.append(q_pow[-1] * q)
    falling = [1] * (n + 1)  # n!/k!
    for k in range(n - 1, -1, -1):
        falling[k] = falling[k + 1] * (k + 1)
    total, p_pow = 0, 1
    for k in range(n + 1):
        total += p_pow * q_pow[n - k] * falling[k]
        p_pow *= p
    return Fraction(p**n, total)


def exact_erlang_c(a: Fraction, n: int) -> Fraction:
    """C(n, A) from its definition: P(wait) of M/M/n, as an exact fraction."""
    b = exact_erlang_b(a, n)
    # Σ_(k<n) A^k/k! relative to A^n/n! is (1 - B)/B; the queue adds n/(n - A).
    queue = Fraction(n) / (n - a)
    return queue / ((1 - b) / b + queue)


def erlang_c_figures(
    calls: int, interval_s: int, aht_s: int, n: int, t_s: int
) -> tuple[Decimal, ...]:
    """(C, SL, ASA seconds) in 50 digits."""
    a = Fraction(calls * aht_s, interval_s)
    c = exact_erlang_c(a, n)
    with localcontext() as ctx:
        ctx.prec = 50
        cd = Decimal(c.numerator) / Decimal(c.denominator)
        gap = Decimal((n - a).numerator) / Decimal((n - a).denominator)
        sl = 1 - cd * (-(gap * t_s / aht_s)).exp()
        asa = cd * aht_s / gap
    return cd, sl, asa


def erlang_a_reference(
    lam: Decimal, mu: Decimal, theta: Decimal, n: int, t: Decimal
) -> tuple[float, float, float, float]:
    """(P(wait), P(abandon), SL over all arrivals, ASA of answered) of M/M/n+M.

    Stationary distribution summed state by state; SL by uniformization of the
    tagged caller's position chain (moves up at nμ + (m-1)θ, leaves at θ); ASA by
    first-step analysis. Nothing here uses the library's closed forms.
    """
    with localcontext() as ctx:
        ctx.prec = 50
        weights = [Decimal(1)]
        k = 0
        while True:
            k += 1
            death = min(k, n) * mu + max(k - n, 0) * theta
            weights.append(weights[-1] * lam / death)
            if k > n and weights[-1] < Decimal("1e-45") * sum(weights):
                break
        z = sum(weights)
        p = [w / z for w in weights]
        p_wait = sum(p[n:])
        queue = sum((k - n) * p[k] for k in range(n, len(p)))
        p_ab = theta * queue / lam
        positions = len(p) - n  # a caller finding j waiting takes position j + 1
        rate = n * mu + positions * theta  # uniformization rate
        x = rate * t
        steps = int(float(x) + 12 * math.sqrt(float(x)) + 40)  # Poisson tail < 1e-25
        served_by = [Decimal(0)] * (positions + 1)  # P(served within k steps | position)
        weighted = [Decimal(0)] * (positions + 1)
        poisson = (-x).exp()
        for step in range(1, steps + 1):
            new = [Decimal(1)] + [Decimal(0)] * positions
            for m in range(1, positions + 1):
                up = (n * mu + (m - 1) * theta) / rate
                stay = 1 - up - theta / rate
                new[m] = up * (new[0] if m == 1 else served_by[m - 1]) + stay * served_by[m]
            served_by = new
            poisson = poisson * x / step
            for m in range(1, positions + 1):
                weighted[m] += poisson * served_by[m]
        sl = sum(p[:n]) + sum(p[n + j] * weighted[j + 1] for j in range(positions))
        served, wait_served = [Decimal(1)], [Decimal(0)]
        for m in range(1, positions + 1):
            r = n * mu + m * theta
            move = (n * mu + (m - 1) * theta) / r
            served.append(move * served[-1])
            wait_served.append(served[-1] / r + move * wait_served[-1])
        asa = sum(p[n + j] * wait_served[j + 1] for j in range(positions)) / (1 - p_ab)
    return float(p_wait), float(p_ab), float(sl), float(asa)


# --------------------------------------------------------------------------- Erlang B / C


class TestErlangB:
    @pytest.mark.parametrize(
        ("traffic", "agents", "table"),
        [
            (2, 5, 0.0367),  # Erlang B table: 5 lines, 2 E -> 3.67% lost
            (5, 10, 0.0184),  # 10 lines, 5 E -> 1.84%
            (10, 10, 0.2146),  # as many lines as Erlangs
            (1, 1, 0.5),  # one line, 1 E: A / (1 + A)
        ],
    )
    def test_published_tables(self, traffic: float, agents: int, table: float) -> None:
        """Values of published Erlang B tables, to their 4 decimals."""
        assert round(staffing.erlang_b(traffic, agents), 4) == table

    @pytest.mark.parametrize(
        ("traffic", "agents"),
        [
            (Fraction(1, 3), 1),  # tiny traffic
            (Fraction(37, 4), 12),  # a small queue
            (Fraction(1999, 2), 1000),  # at capacity
            (Fraction(5, 1), 60),  # many more agents than traffic: B underflows toward 0
            (Fraction(28735, 10), 3000),  # thousands of agents
            (Fraction(4000, 1), 3000),  # overloaded
        ],
    )
    def test_exact(self, traffic: Fraction, agents: int) -> None:
        """The recursion matches the defining sum in exact arithmetic, to 1e-9."""
        assert staffing.erlang_b(traffic, agents) == pytest.approx(
            float(exact_erlang_b(traffic, agents)), abs=TOL, rel=1e-12
        )

    def test_zero_traffic(self) -> None:
        """No traffic, nothing lost."""
        assert staffing.erlang_b(0, 3) == 0.0


class TestErlangC:
    @pytest.mark.parametrize(
        ("traffic", "agents"),
        [
            (Fraction(2), 3),  # 4/9, the textbook case
            (Fraction(10), 14),
            (Fraction(1999, 2), 1010),
            (Fraction(28735, 10), 2950),  # thousands of agents
        ],
    )
    def test_exact(self, traffic: Fraction, agents: int) -> None:
        """C = N·B / (N − A(1 − B)) matches the definition in exact arithmetic."""
        assert staffing.erlang_c(traffic, agents) == pytest.approx(
            float(exact_erlang_c(traffic, agents)), abs=TOL
        )

    def test_textbook(self) -> None:
        """Two Erlangs on three agents wait with probability 4/9."""
        assert staffing.erlang_c(2, 3) == pytest.approx(4 / 9, abs=1e-15)

    @pytest.mark.parametrize(("traffic", "agents"), [(3, 3), (3.5, 3), (100, 1)])
    def test_unstable_always_waits(self, traffic: float, agents: int) -> None:
        """With N ≤ A every call waits."""
        assert staffing.erlang_c(traffic, agents) == 1.0

    @pytest.mark.parametrize(
        ("traffic", "agents", "match"),
        [
            (-1, 3, "traffic must be zero or more"),
            ("2", 3, "traffic must be a number"),
            (float("inf"), 3, "traffic must be a finite number"),
            (Decimal("NaN"), 3, "traffic must be a finite number"),
            (2, 0, "agents must be a whole number of at least 1"),
            (2, 2.0, "agents must be a whole number"),
            (2, True, "agents must be a whole number"),
        ],
    )
    def test_bad_parameters(self, traffic: object, agents: object, match: str) -> None:
        """Bad inputs raise ParameterError naming the parameter."""
        with pytest.raises(ParameterError, match=match):
            staffing.erlang_c(traffic, agents)  # type: ignore[arg-type]
        with pytest.raises(ParameterError, match=match):
            staffing.erlang_b(traffic, agents)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- evaluate


class TestEvaluateErlangC:
    def test_call_centre_helper_worked_example(self) -> None:
        """100 calls in 30 min, AHT 180 s, 80/20: 14 agents give 88.8% (Call Centre Helper).

        The published worked example ("Erlang C formula - made simple"): traffic
        10 Erlangs, probability of waiting 17.4%, service level 88.8%, ASA 7.8 s,
        occupancy 71.4%, and 20 agents to schedule with 30% shrinkage.
        """
        plan = staffing.required_agents(100, MIN30, sec(180), sec(20), 0.8, shrinkage=0.3)
        assert (plan.agents, plan.scheduled, plan.traffic) == (14, 20, 10.0)
        assert round(plan.wait_probability, 4) == 0.1741
        assert round(plan.service_level, 4) == 0.8884
        assert round(plan.asa.total_seconds(), 1) == 7.8
        assert round(plan.occupancy, 4) == 0.7143
        assert (plan.abandon_probability, plan.model) == (0.0, "erlang_c")

    @pytest.mark.parametrize(
        ("calls", "interval_s", "aht_s", "agents", "t_s"),
        [
            (100, 1800, 180, 11, 20),  # the worked example, understaffed
            (100, 1800, 180, 14, 20),  # ... and staffed
            (7, 1800, 180, 2, 15),  # a rural half-hour: 309 calls a day / 48
            (20_000, 1800, 300, 3400, 20),  # 20,000 calls in a half-hour
        ],
    )
    def test_exact(self, calls: int, interval_s: int, aht_s: int, agents: int, t_s: int) -> None:
        """Wait probability, SL and ASA match 50-digit values computed from the definition."""
        plan = staffing.evaluate(calls, sec(interval_s), sec(aht_s), agents, sec(t_s))
        c, sl, asa = erlang_c_figures(calls, interval_s, aht_s, agents, t_s)
        assert plan.wait_probability == pytest.approx(float(c), abs=TOL)
        assert plan.service_level == pytest.approx(float(sl), abs=TOL)
        assert plan.asa.total_seconds() == pytest.approx(float(asa), abs=1e-6)
        assert plan.occupancy == pytest.approx(calls * aht_s / interval_s / agents, abs=TOL)

    def test_unstable_refused(self) -> None:
        """Without patience, agents must exceed the traffic; the message offers Erlang A."""
        with pytest.raises(ParameterError, match=r"agents=10 do not exceed .* pass patience="):
            staffing.evaluate(100, MIN30, sec(180), 10, sec(20))

    def test_no_calls(self) -> None:
        """No calls: nobody waits."""
        plan = staffing.evaluate(0, MIN30, sec(180), 1, sec(20))
        assert (plan.service_level, plan.wait_probability, plan.asa) == (1.0, 0.0, timedelta(0))


ERLANG_A_CASES = [
    # (calls, interval s, AHT s, agents, T s, patience s)
    (100, 1800, 180, 10, 20, 120),  # at capacity, patient callers
    (100, 1800, 180, 8, 20, 60),  # understaffed: N < A works with abandonment
    (100, 1800, 180, 14, 20, 300),  # the worked example with patience
    (300, 1800, 180, 25, 15, 30),  # impatient callers
    (900, 1800, 100, 40, 30, 200),  # overloaded by a quarter
    (10, 60, 180, 3, 20, 60),  # a burst: almost everyone abandons
    (7, 1800, 180, 2, 15, 60),  # the rural centre
]


class TestEvaluateErlangA:
    @pytest.mark.parametrize("case", ERLANG_A_CASES)
    def test_exact(self, case: tuple[int, int, int, int, int, int]) -> None:
        """All four figures match the independent high-precision computation."""
        calls, interval_s, aht_s, agents, t_s, patience_s = case
        plan = staffing.evaluate(
            calls, sec(interval_s), sec(aht_s), agents, sec(t_s), patience=sec(patience_s)
        )
        ref = erlang_a_reference(
            Decimal(calls) / interval_s,
            Decimal(1) / aht_s,
            Decimal(1) / patience_s,
            agents,
            Decimal(t_s),
        )
        assert plan.wait_probability == pytest.approx(ref[0], abs=TOL)
        assert plan.abandon_probability == pytest.approx(ref[1], abs=TOL)
        assert plan.service_level == pytest.approx(ref[2], abs=TOL)
        assert plan.asa.total_seconds() == pytest.approx(ref[3], abs=1e-6)
        traffic = calls * aht_s / interval_s
        assert plan.occupancy == pytest.approx(traffic * (1 - ref[1]) / agents, abs=TOL)
        assert plan.model == "erlang_a"

    def test_heavy_overload_with_patient_callers(self) -> None:
        """Far past capacity (the series starts near its peak): still exact."""
        # 100 Erlangs on 38 agents, patience 100 × AHT: the queue holds ~6,000 callers.
        plan = staffing.evaluate(3000, MIN30, sec(60), 38, sec(2), patience=sec(6000))
        ref = erlang_a_reference(
            Decimal(3000) / 1800, Decimal(1) / 60, Decimal(1) / 6000, 38, Decimal(2)
        )
        assert plan.abandon_probability == pytest.approx(ref[1], abs=TOL)
        assert plan.service_level == pytest.approx(ref[2], abs=TOL)
        assert plan.asa.total_seconds() == pytest.approx(ref[3], abs=1e-6)

    def test_thousands_of_agents(self) -> None:
        """3,000 agents: the figures stay finite and consistent with Little's law."""
        plan = staffing.evaluate(20_000, MIN30, sec(300), 3000, sec(20), patience=sec(60))
        assert 0 < plan.service_level < 1
        # throughput = arrivals that do not abandon = busy agents / AHT
        assert plan.occupancy * 3000 == pytest.approx(plan.traffic * (1 - plan.abandon_probability))

    def test_patience_to_infinity_is_erlang_c(self) -> None:
        """Callers of near-infinite patience give Erlang C's figures."""
        a = staffing.evaluate(100, MIN30, sec(180), 14, sec(20), patience=sec(10**9))
        c = staffing.evaluate(100, MIN30, sec(180), 14, sec(20))
        assert a.wait_probability == pytest.approx(c.wait_probability, abs=1e-6)
        assert a.service_level == pytest.approx(c.service_level, abs=1e-6)

    def test_no_calls(self) -> None:
        """No calls: nothing waits, nothing abandons."""
        plan = staffing.evaluate(0, MIN30, sec(180), 1, sec(20), patience=sec(60))
        assert (plan.service_level, plan.abandon_probability, plan.occupancy) == (1.0, 0.0, 0.0)


# --------------------------------------------------------------------------- required agents


class TestRequiredAgents:
    @pytest.mark.parametrize(
        "kwargs",
        [
            {},  # Erlang C, SL only
            {"max_occupancy": 0.8},  # occupancy binds
            {"patience": sec(60)},  # Erlang A
            {"patience": sec(60), "max_abandon": 0.02},  # abandonment binds
            {"patience": sec(600), "max_occupancy": 0.85},
        ],
    )
    @pytest.mark.parametrize("calls", [0, 7, 100, 463])
    def test_smallest_meeting_every_target(self, calls: int, kwargs: dict[str, object]) -> None:
        """The plan meets every target and one agent fewer does not (linear scan agrees)."""
        plan = staffing.required_agents(calls, MIN30, sec(180), sec(20), 0.8, **kwargs)  # type: ignore[arg-type]
        patience = kwargs.get("patience")

        def meets(n: int) -> bool:
            p = staffing.evaluate(calls, MIN30, sec(180), n, sec(20), patience=patience)  # type: ignore[arg-type]
            return (
                p.service_level >= 0.8
                and p.abandon_probability <= float(kwargs.get("max_abandon", 1))  # type: ignore[arg-type]
                and p.occupancy <= float(kwargs.get("max_occupancy", 1))  # type: ignore[arg-type]
            )

        floor = 0 if patience is not None else math.floor(calls * 180 / 1800)
        first = next(n for n in range(max(1, floor + 1), 10_000) if meets(n))
        assert plan.agents == first

    def test_erlang_a_may_staff_below_traffic(self) -> None:
        """With abandonment a SL target alone can be met below A (abandons are cheap)."""
        plan = staffing.required_agents(20_000, MIN30, sec(300), sec(20), 0.8, patience=sec(60))
        assert plan.agents < plan.traffic
        assert plan.abandon_probability > 0.15  # which is why max_abandon exists
        capped = staffing.required_agents(
            20_000, MIN30, sec(300), sec(20), 0.8, patience=sec(60), max_abandon=0.03
        )
        assert capped.abandon_probability <= 0.03
        assert capped.agents > plan.agents

    def test_no_calls_one_agent(self) -> None:
        """No calls forecast: one agent (the smallest N > 0)."""
        assert staffing.required_agents(0, MIN30, sec(180), sec(20), 0.8).agents == 1

    @pytest.mark.parametrize(
        ("agents_raw", "shrinkage", "scheduled"),
        [
            (5, 0.8, 25),  # 5 / 0.2 is 25; in floats 5 / (1 - 0.8) is 25.000000000000007
            (14, 0.3, 20),  # 14 / 0.7 = 20 exactly
            (21, 0.3, 30),  # 21 / 0.7 is 30; in floats 21 / (1 - 0.3) is 30.000000000000004
            (3, 0.1, 4),  # 3.33 -> 4
            (9, Decimal("0.1"), 10),  # Decimal shrinkage
            (9, Fraction(1, 10), 10),  # Fraction shrinkage
            (9, 0, 9),  # no shrinkage
        ],
    )
    def test_scheduled_uses_decimal_shrinkage(
        self, agents_raw: int, shrinkage: object, scheduled: int
    ) -> None:
        """scheduled = ceil(N / (1 − shrinkage)) with shrinkage at its decimal value."""
        plan = staffing.evaluate(
            1,
            MIN30,
            sec(180),
            agents_raw,
            sec(20),
            shrinkage=shrinkage,  # type: ignore[arg-type]
        )
        assert plan.scheduled == scheduled

    @given(st.integers(1, 5000), st.integers(0, 99))
    def test_scheduled_never_off_by_one(self, agents: int, percent: int) -> None:
        """For every N and whole-percent shrinkage, scheduled is the exact ceiling."""
        plan = staffing.evaluate(1, MIN30, sec(180), agents, sec(20), shrinkage=percent / 100)
        exact = Fraction(agents) / (1 - Fraction(percent, 100))
        assert plan.scheduled == math.ceil(exact)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"calls": -1}, "calls must be zero or more"),
            ({"calls": "100"}, "calls must be a number"),
            ({"interval": sec(0)}, "interval must be a positive duration"),
            ({"interval": 1800}, "interval must be a datetime.timedelta"),
            ({"aht": sec(-1)}, "aht must be a positive duration"),
            ({"answer_within": sec(0)}, "answer_within must be a positive duration"),
            ({"target": 0}, "target must be strictly between 0 and 1"),
            ({"target": 1}, "target must be strictly between 0 and 1"),
            ({"target": 80}, "target must be strictly between 0 and 1"),
            ({"shrinkage": 1}, r"shrinkage must be in \[0, 1\)"),
            ({"shrinkage": -0.1}, r"shrinkage must be in \[0, 1\)"),
            ({"patience": sec(0)}, "patience must be a positive duration"),
            ({"max_abandon": 0}, "max_abandon must be strictly between 0 and 1"),
            ({"max_abandon": 1.5}, "max_abandon must be strictly between 0 and 1"),
            ({"max_occupancy": 0}, r"max_occupancy must be in \(0, 1\]"),
            ({"max_occupancy": 1.01}, r"max_occupancy must be in \(0, 1\]"),
        ],
    )
    def test_bad_parameters(self, kwargs: dict[str, object], match: str) -> None:
        """Each out-of-range parameter is a ParameterError (a ValueError) naming it."""
        args: dict[str, object] = {
            "calls": 100,
            "interval": MIN30,
            "aht": sec(180),
            "answer_within": sec(20),
            "target": 0.8,
        }
        args.update(kwargs)
        with pytest.raises(ParameterError, match=match) as info:
            staffing.required_agents(**args)  # type: ignore[arg-type]
        assert isinstance(info.value, ValueError)

    def test_evaluate_bad_agents(self) -> None:
        """evaluate needs at least one agent."""
        with pytest.raises(ParameterError, match="agents must be a whole number of at least 1"):
            staffing.evaluate(100, MIN30, sec(180), 0, sec(20), patience=sec(60))


# --------------------------------------------------------------------------- a day


RURAL = [309 / 48] * 48  # the rural centre's 309 calls a day, spread evenly


class TestPlanDay:
    def test_rural_centre(self) -> None:
        """309 calls a day, 7×24: two agents per half-hour meet 85% in 15 s."""
        day = staffing.plan_day(
            RURAL, aht=sec(180), answer_within=sec(15), target=0.85, shrinkage=0.3
        )
        assert {p.agents for p in day.intervals if p} == {2}
        assert (day.peak_agents, day.peak_scheduled) == (2, 3)
        assert day.scheduled_time == timedelta(hours=72)
        assert day.calls == pytest.approx(309)
        assert day.service_level == pytest.approx(day.intervals[0].service_level)  # type: ignore[union-attr]
        c, sl, _ = erlang_c_figures(309, 86_400 // 48 * 48, 180, 2, 15)
        assert day.intervals[0].service_level == pytest.approx(float(sl), abs=TOL)  # type: ignore[union-attr]
        assert day.intervals[0].wait_probability == pytest.approx(float(c), abs=TOL)  # type: ignore[union-attr]

    def test_closed_intervals(self) -> None:
        """None marks a closed half-hour: no plan there, and not in the totals."""
        forecast: list[float | None] = [None] * 16 + [20.0] * 24 + [None] * 8
        day = staffing.plan_day(forecast, aht=sec(180), answer_within=sec(20), target=0.8)
        assert day.intervals[0] is None
        assert day.intervals[16] is not None
        assert day.calls == 480

    def test_all_closed(self) -> None:
        """A day with everything closed has no service level and no peak."""
        day = staffing.plan_day([None] * 48, aht=sec(180), answer_within=sec(20), target=0.8)
        assert (day.service_level, day.peak_agents, day.scheduled_time) == (None, 0, timedelta(0))

    def test_quarter_hours(self) -> None:
        """96 quarter-hours work as well."""
        day = staffing.plan_day(
            [5] * 96,
            aht=sec(180),
            answer_within=sec(20),
            target=0.8,
            interval=timedelta(minutes=15),
        )
        assert len(day.intervals) == 96

    @pytest.mark.parametrize(
        ("forecast", "kwargs", "match"),
        [
            ([1.0] * 47, {}, "forecast has 47 values but a day has 48 intervals"),
            ([1.0] * 48, {"interval": timedelta(minutes=7)}, "interval must divide a day"),
            ([1.0] * 47 + [-1.0], {}, r"forecast\[47\] must be zero or more"),
            ([1.0] * 47 + ["x"], {}, r"forecast\[47\] must be a number"),
        ],
    )
    def test_bad_forecasts(
        self, forecast: list[object], kwargs: dict[str, object], match: str
    ) -> None:
        """A forecast that does not cover the day, or a bad value, names the problem."""
        with pytest.raises(ParameterError, match=match):
            staffing.plan_day(
                forecast,  # type: ignore[arg-type]
                aht=sec(180),
                answer_within=sec(20),
                target=0.8,
                **kwargs,  # type: ignore[arg-type]
            )


# --------------------------------------------------------------------------- bounds


class TestBounds:
    """Issue 13: the Erlang formulas and the agent search are bounded by the work."""

    @pytest.mark.parametrize(
        "call",
        [
            lambda: staffing.erlang_b(1, 10**9),  # ~80 s one term at a time
            lambda: staffing.erlang_c(1, 10**9),
            lambda: staffing.erlang_b(99_999, 10**7),
        ],
    )
    def test_recursion_stops_when_terms_vanish(self, call: Callable[[], float]) -> None:
        """Past the traffic the terms underflow to 0.0 and so does every later one."""
        start = time_counter()
        assert call() == 0.0
        assert time_counter() - start < 1

    @pytest.mark.parametrize("patience", [None, sec(60)])
    def test_agents_found_by_bisection(self, patience: timedelta | None) -> None:
        """The largest traffic the formulas take (100,000 Erlangs) is staffed at once."""
        start = time_counter()
        plan = staffing.required_agents(10**6, MIN30, sec(180), sec(20), 0.8, patience=patience)
        assert time_counter() - start < 2
        assert plan.agents > 80_000
        assert (
            staffing.evaluate(
                10**6, MIN30, sec(180), plan.agents - 1, sec(20), patience=patience
            ).service_level
            < 0.8
        )

    @pytest.mark.parametrize(
        ("call", "match"),
        [
            (lambda: staffing.erlang_b(Decimal("1E+999"), 1), "traffic is more than 1e300 Erlangs"),
            (lambda: staffing.erlang_b(10**400, 1), "traffic is more than 1e300 Erlangs"),
            (lambda: staffing.erlang_c(100_001, 10), r"traffic is 1e\+05 Erlangs, more than"),
            (
                lambda: staffing.required_agents(10**9, MIN30, sec(180), sec(20), 0.8),
                r"the offered traffic \(calls × aht / interval\) is 1e\+08 Erlangs",
            ),
        ],
    )
    def test_traffic_out_of_range(self, call: Callable[[], object], match: str) -> None:
        """Traffic past 100,000 Erlangs is a ParameterError naming it, not an OverflowError."""
        with pytest.raises(ParameterError, match=match):
            call()

    @pytest.mark.parametrize(
        ("call", "match"),
        [
            (
                lambda: staffing.required_agents(1.5, timedelta.max, timedelta.max, sec(1), 0.5),
                r"interval must be at most a day",
            ),
            (
                lambda: staffing.evaluate(1, MIN30, timedelta(days=2), 2, sec(20)),
                r"aht must be at most a day",
            ),
            (
                lambda: staffing.evaluate(
                    4.99999999999999, timedelta(days=1), timedelta(days=1), 5, sec(20)
                ),
                r"average speed of answer, 1\.02e\+14 handle times, is longer than a timedelta",
            ),
        ],
        ids=["interval", "aht", "asa"],
    )
    def test_waits_past_a_timedelta(self, call: Callable[[], object], match: str) -> None:
        """A handle time or interval past a day is refused, and a wait too long for a
        timedelta is a ParameterError (the fuzz suite's long run: required_agents with
        aht=timedelta.max raised OverflowError from the average speed of answer)."""
        with pytest.raises(ParameterError, match=match):
            call()

    @pytest.mark.parametrize("forecast", [None, 5, "1,2,3", {"09:00": 5}])
    def test_plan_day_needs_a_list(self, forecast: object) -> None:
        """plan_day(None, ...) raised TypeError; the forecast is a list of calls."""
        with pytest.raises(ParameterError, match="forecast must be a list of calls per interval"):
            staffing.plan_day(forecast, aht=sec(180), answer_within=sec(20), target=0.8)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- messages

HUGE_TEXT = "x" * 1_000_000
HUGE_LIST = list(range(100_000))
DIGITS_5000 = -(10**5000)  # too long for repr: Python refuses to write it out
DIGITS_1000 = -(10**1000)


class TestMessages:
    @pytest.mark.parametrize(
        ("call", "match"),
        [
            (lambda v: staffing.erlang_b(v, 1), "traffic must be"),
            (lambda v: staffing.erlang_c(1, v), "agents must be a whole number"),
            (lambda v: staffing.erlang_b(1, v), "agents must be a whole number"),
            (lambda v: staffing.evaluate(v, MIN30, sec(180), 3, sec(20)), "calls must be"),
            (lambda v: staffing.evaluate(1, v, sec(180), 3, sec(20)), "interval must be"),
            (lambda v: staffing.evaluate(1, MIN30, sec(180), v, sec(20)), "agents must be"),
            (
                lambda v: staffing.evaluate(1, MIN30, sec(180), 3, sec(20), patience=v),
                "patience must be",
            ),
            (lambda v: staffing.required_agents(1, MIN30, v, sec(20), 0.8), "aht must be"),
            (lambda v: staffing.required_agents(1, MIN30, sec(180), sec(20), v), "target must be"),
            (
                lambda v: staffing.required_agents(1, MIN30, sec(180), sec(20), 0.8, v),
                "shrinkage must be",
            ),
            (
                lambda v: staffing.required_agents(
                    1, MIN30, sec(180), sec(20), 0.8, max_occupancy=v
                ),
                "max_occupancy must be",
            ),
            (
                lambda v: staffing.plan_day(
                    [1.0] * 47 + [v], aht=sec(180), answer_within=sec(20), target=0.8
                ),
                r"forecast\[47\] must be",
            ),
            (
                lambda v: staffing.plan_day(
                    [1.0] * 48, aht=sec(180), answer_within=sec(20), target=0.8, interval=v
                ),
                "interval must be",
            ),
        ],
    )
    @pytest.mark.parametrize(
        "value",
        [HUGE_TEXT, HUGE_LIST, DIGITS_1000, DIGITS_5000, Fraction(DIGITS_5000, 3)],
        ids=[
            "1,000,000-char text",
            "100,000-item list",
            "1,000 digits",
            "5,000 digits",
            "Fraction",
        ],
    )
    def test_long_values_are_cut(
        self, call: Callable[[object], object], match: str, value: object
    ) -> None:
        """A huge value is named in a message of a few hundred characters, never echoed
        whole (a 100,000-item list gave a 688,939-character message), and an int too
        long for repr is a ParameterError, not the ValueError its repr raises."""
        with pytest.raises(ParameterError, match=match) as info:
            call(value)
        assert len(str(info.value)) < 400

    def test_huge_int_is_shown_by_size(self) -> None:
        """An int past 4,300 digits is shown by its size, since Python will not print it."""
        with pytest.raises(ParameterError, match=r"got <-int of about 5001 digits>"):
            staffing.erlang_b(1, DIGITS_5000)


class TestSummaries:
    """The planner's one-line summaries, in Chinese (default) and English."""

    MIN, SEC = timedelta(minutes=1), timedelta(seconds=1)

    def test_plan_erlang_c(self) -> None:
        """Agents, scheduled, traffic, service level, mean wait to 0.1 s, occupancy."""
        plan = staffing.required_agents(100, 30 * self.MIN, 180 * self.SEC, 20 * self.SEC, 0.8)
        assert plan.summary() == (
            "在线坐席14人（排班14人）：话务量10爱尔兰，服务水平88.8%，平均等待7.8秒，"
            "占用率71.4%（Erlang C）"
        )
        assert plan.summary(language="en") == (
            "14 agents on the phones (14 scheduled): 10 Erlangs, service level 88.8%, "
            "ASA 7.8 s, occupancy 71.4% (Erlang C)"
        )

    def test_plan_erlang_a_has_the_abandon_rate(self) -> None:
        """Under Erlang A the abandon rate (放弃率) is part of the plan."""
        plan = staffing.required_agents(
            100, 30 * self.MIN, 180 * self.SEC, 20 * self.SEC, 0.8, patience=60 * self.SEC
        )
        assert "，放弃率7.6%（Erlang A）" in plan.summary()
        assert ", abandon 7.6% (Erlang A)" in plan.summary(language="en")

    def test_day_in_agent_hours(self) -> None:
        """Paid agent time reads in hours, never as days of 24 hours; closed intervals count."""
        forecast: list[float | None] = [None] * 18 + [20.0] * 18 + [None] * 12
        day = staffing.plan_day(
            forecast, aht=180 * self.SEC, answer_within=15 * self.SEC, target=0.85
        )
        text = day.summary()
        assert text.startswith("全天预测来话360通，峰值在线")
        assert f"排班工时{day.scheduled_time // timedelta(hours=1)}小时" in text
        assert text.endswith("营业18个时段（每段30分钟）")
        assert "18 open intervals of 30 min" in day.summary(language="en")

    def test_day_without_calls(self) -> None:
        """A day whose open intervals forecast no call has no service level: said in words."""
        day = staffing.plan_day(
            [0.0] * 48, aht=180 * self.SEC, answer_within=15 * self.SEC, target=0.85
        )
        assert "全天服务水平无来话" in day.summary()
        assert "day service level no calls" in day.summary(language="en")

    @pytest.mark.parametrize("language", ["fr", None, "EN"])
    def test_unknown_language(self, language: object) -> None:
        """The error names the method, the value and the choices."""
        plan = staffing.required_agents(10, 30 * self.MIN, 180 * self.SEC, 20 * self.SEC, 0.8)
        with pytest.raises(ParameterError, match=r"Plan\.summary: language must be 'zh' or 'en'"):
            plan.summary(language=language)  # type: ignore[arg-type]
        day = staffing.plan_day([1.0] * 48, aht=self.MIN, answer_within=self.SEC, target=0.5)
        with pytest.raises(ParameterError, match=r"DayPlan\.summary: language must be"):
            day.summary(language=language)  # type: ignore[arg-type]
