"""Erlang B, C and A staffing: how many agents a forecast needs to meet its targets.

Traffic A = calls × AHT / interval (Erlangs). Waits and patience are
exponential, arrivals Poisson, service exponential with mean AHT.

- **Erlang B** (M/M/N/N, blocked calls lost): B(N, A) by the recursion
  B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)) (Jagerman 1974), which never forms
  a factorial or a power and is stable for thousands of agents.
- **Erlang C** (M/M/N, callers wait forever): the probability of waiting
  C = N·B / (N − A·(1 − B)) for N > A; service level within T
  SL = 1 − C·e^(−(N−A)·T/AHT); ASA over all calls = C·AHT / (N − A);
  occupancy = A / N (Kleinrock 1975, ch. 3; Gans, Koole & Mandelbaum 2003).
- **Erlang A** (M/M/N+M, callers hang up after an exponential patience with mean
  ``patience``): computed exactly from the birth-death chain with birth rate λ
  and death rate min(k, N)·μ + max(k − N, 0)·θ (θ = 1/patience), as in Garnett,
  Mandelbaum & Reiman (2002) and Mandelbaum & Zeltyn (2007). The chain's
  stationary distribution is summed in closed form: the states below N through
  Erlang B, the queue through the series Σ x^j / Π(a + k) (a = Nμ/θ, x = λ/θ).
  The figures: wait probability P(all agents busy on arrival); abandon
  probability θ·E[queue] / λ; service level P(answered and wait ≤ T) over all
  arrivals, from the offered wait's density
  f(t) = Nμ·p_N·exp(−Nμt + (λ/θ)(1 − e^(−θt))) weighted by the chance e^(−θt)
  that the caller is still there; ``asa`` the mean wait of answered calls;
  occupancy A·(1 − P(abandon)) / N. No simulation, no truncation beyond
  terms below 1e-20 of the sum.

Sources: D. L. Jagerman, "Some properties of the Erlang loss function", Bell
System Technical Journal 53(3), 1974. L. Kleinrock, *Queueing Systems*, vol. 1,
1975. N. Gans, G. Koole, A. Mandelbaum, "Telephone call centers: tutorial,
review, and research prospects", M&SOM 5(2), 2003. O. Garnett, A. Mandelbaum,
M. Reiman, "Designing a call center with impatient customers", M&SOM 4(3),
2002. A. Mandelbaum, S. Zeltyn, "The M/M/n+G queue: summary of performance
measures", Technion, 2007.

Source: the rural cooperative bank's centre, 7×24, 309 calls a day on average
("日均309笔", "对天津农村合作银行服务中心建设的几点思考", 原创力文档).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

from svcquality._fields import Language, language_of
from svcquality._fields import shown as _shown
from svcquality._instants import td_micros
from svcquality._types import StaffingModel
from svcquality.durations import human_duration
from svcquality.errors import ParameterError

__all__ = [
    "MOST_TRAFFIC",
    "DayPlan",
    "Plan",
    "Real",
    "erlang_b",
    "erlang_c",
    "evaluate",
    "plan_day",
    "required_agents",
]

#: A number the formulas take exactly: floats at their decimal value, never a bool.
Real = int | float | Fraction | Decimal
_SCALE = 1e280
_LOG_SCALE = math.log(_SCALE)
_TINY = 1e-20
_DAY = timedelta(days=1)


# --------------------------------------------------------------------------- validation


def _real(name: str, value: object) -> Fraction:
    """A finite real number as an exact Fraction (floats at their decimal value)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction, Decimal)):
        msg = f"{name} must be a number, got {type(value).__name__} {_shown(value)}"
        raise ParameterError(msg)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"{name} must be a finite number, got {_shown(value)}"
            raise ParameterError(msg)
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal):
        if not value.is_finite():
            msg = f"{name} must be a finite number, got {_shown(value)}"
            raise ParameterError(msg)
        return Fraction(value)
    return Fraction(value)


def _non_negative(name: str, value: object) -> Fraction:
    f = _real(name, value)
    if f < 0:
        msg = f"{name} must be zero or more, got {_shown(value)}"
        raise ParameterError(msg)
    return f


def _open_unit(name: str, value: object) -> Fraction:
    f = _real(name, value)
    if not 0 < f < 1:
        msg = f"{name} must be strictly between 0 and 1 (e.g. 0.8 for 80%), got {_shown(value)}"
        raise ParameterError(msg)
    return f


def _duration(name: str, value: object, *, within_a_day: bool = False) -> int:
    if not isinstance(value, timedelta):
        msg = f"{name} must be a datetime.timedelta, got {type(value).__name__} {_shown(value)}"
        raise ParameterError(msg)
    us = td_micros(value)
    if us <= 0:
        msg = f"{name} must be a positive duration, got {_shown(value)}"
        raise ParameterError(msg)
    if within_a_day and value > _DAY:
        msg = (
            f"{name} must be at most a day (staffing plans a day's intervals of calls), "
            f"got {_shown(value)}"
        )
        raise ParameterError(msg)
    return us


def _agents(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"agents must be a whole number of at least 1, got {_shown(value)}"
        raise ParameterError(msg)
    return value


def _shrinkage(value: object) -> Fraction:
    f = _real("shrinkage", value)
    if not 0 <= f < 1:
        msg = (
            f"shrinkage must be in [0, 1): the share of paid time not available for calls "
            f"(breaks, training, leave), e.g. 0.3; got {_shown(value)}"
        )
        raise ParameterError(msg)
    return f


# --------------------------------------------------------------------------- Erlang B / C


#: The most offered traffic the formulas take, in Erlangs: a hundred times the
#: largest contact centres; more is a unit mistake (calls per day given per interval).
MOST_TRAFFIC = 100_000


#: The most calls arriving within one mean patience Erlang A sums its series over.
_MOST_PATIENT_CALLS = 1e9


def _erlang_b(traffic: float, agents: int) -> float:
    b = 1.0
    for n in range(1, agents + 1):
        ab = traffic * b
        b = ab / (n + ab)
        if b == 0.0:  # the terms have vanished: every later one is 0.0 too
            return 0.0
    return b


def _traffic(value: Fraction, name: str = "traffic") -> float:
    if value > MOST_TRAFFIC:
        amount = f"{float(value):.4g}" if value < 10**300 else "more than 1e300"
        msg = (
            f"{name} is {amount} Erlangs, more than the {MOST_TRAFFIC} the formulas "
            "take; check the units (calls per interval, AHT and interval as timedeltas)"
        )
        raise ParameterError(msg)
    return float(value)


def erlang_b(traffic: Real, agents: int) -> float:
    """Erlang B: the probability that a call finds all ``agents`` lines busy and is lost.

    Uses the recursion B(n) = A·B(n−1) / (n + A·B(n−1)), exact to float precision
    for thousands of agents (no factorials, no powers).

    Args:
        traffic: offered traffic A in Erlangs (calls × AHT / interval), zero or more.
        agents: lines or agents N, at least 1.

    Returns:
        B(N, A) in [0, 1].

    Raises:
        ParameterError: ``traffic`` is negative or not a number; ``agents`` < 1.
    """
    a = _traffic(_non_negative("traffic", traffic))
    return _erlang_b(a, _agents(agents))


def _c_from_b(a: float, n: int, b: float) -> float:
    return n * b / (n - a * (1.0 - b))


def erlang_c(traffic: Real, agents: int) -> float:
    """Erlang C: the probability that a call waits (all agents busy on arrival).

    C = N·B / (N − A·(1 − B)) with B from :func:`erlang_b`. When N ≤ A the queue
    grows without bound and every call waits: the result is 1.0.

    Args:
        traffic: offered traffic A in Erlangs, zero or more.
        agents: agents N, at least 1.

    Returns:
        C(N, A) in [0, 1].

    Raises:
        ParameterError: ``traffic`` is negative or not a number; ``agents`` < 1.
    """
    a = _traffic(_non_negative("traffic", traffic))
    n = _agents(agents)
    if n <= a:
        return 1.0
    return _c_from_b(a, n, _erlang_b(a, n))


# --------------------------------------------------------------------------- plans


@attrs.frozen
class Plan:
    """What a number of agents achieves for one interval's forecast.

    Attributes:
        agents: agents on the phones, N.
        scheduled: agents to schedule, ceil(N / (1 − shrinkage)).
        traffic: offered traffic A = calls × AHT / interval, in Erlangs.
        service_level: share of calls answered within ``answer_within``; with
            ``patience`` (Erlang A) over all arrivals, every abandon counting against it.
        wait_probability: probability that a call finds all agents busy.
        asa: mean wait of answered calls (Erlang C: of all calls, which are all answered).
        occupancy: share of agent time spent on calls.
        abandon_probability: probability that a caller hangs up before an answer
            (0 under Erlang C).
        model: ``"erlang_c"`` or ``"erlang_a"``.
    """

    agents: int
    scheduled: int
    traffic: float
    service_level: float
    wait_probability: float
    asa: timedelta
    occupancy: float
    abandon_probability: float
    model: StaffingModel

    def summary(self, *, language: Language = "zh") -> str:
        """The plan in one line for the planner: Chinese (default) or English.

        ``"在线坐席14人（排班20人）：话务量10爱尔兰，服务水平88.8%，平均等待7.8秒，
        占用率71.4%（Erlang C）"``; under Erlang A the abandon rate (放弃率) too. The
        mean wait is shown to the tenth of a second.

        Raises:
            ParameterError: the language is unknown.
        """
        zh = language_of(language, "Plan.summary", ParameterError) == "zh"
        wait = human_duration(_tenth(self.asa), language="zh" if zh else "en")
        model = "Erlang A" if self.model == "erlang_a" else "Erlang C"
        traffic = f"{self.traffic:.4g}"
        if zh:
            abandon = f"，放弃率{self.abandon_probability:.1%}" if self.model == "erlang_a" else ""
            return (
                f"在线坐席{self.agents}人（排班{self.scheduled}人）：话务量{traffic}爱尔兰，"
                f"服务水平{self.service_level:.1%}，平均等待{wait}，"
                f"占用率{self.occupancy:.1%}{abandon}（{model}）"
            )
        abandon = f", abandon {self.abandon_probability:.1%}" if self.model == "erlang_a" else ""
        return (
            f"{self.agents} agents on the phones ({self.scheduled} scheduled): {traffic} Erlangs, "
            f"service level {self.service_level:.1%}, ASA {wait}, "
            f"occupancy {self.occupancy:.1%}{abandon} ({model})"
        )


def _tenth(d: timedelta) -> timedelta:
    """``d`` to the nearest tenth of a second, as a planner reads a wait."""
    return timedelta(seconds=round(d.total_seconds(), 1))


@attrs.frozen
class _Problem:
    """Validated inputs, in the units the formulas use (times in AHT)."""

    traffic: float
    aht_us: int
    t_over_aht: float
    theta: float | None  # AHT / patience; None for Erlang C
    shrinkage: Fraction

    def scheduled(self, agents: int) -> int:
        return math.ceil(Fraction(agents) / (1 - self.shrinkage))


def _problem(
    *,
    calls: object,
    interval: object,
    aht: object,
    answer_within: object,
    patience: object,
    shrinkage: object,
) -> _Problem:
    c = _non_negative("calls", calls)
    interval_us = _duration("interval", interval, within_a_day=True)
    aht_us = _duration("aht", aht, within_a_day=True)
    t_us = _duration("answer_within", answer_within)
    theta = None if patience is None else aht_us / _duration("patience", patience)
    traffic = _traffic(c * aht_us / interval_us, "the offered traffic (calls × aht / interval)")
    if theta is not None and traffic > _MOST_PATIENT_CALLS * theta:
        msg = (
            f"patience {patience} is so long that {traffic / theta:.3g} calls arrive within one "
            f"mean patience (at most {_MOST_PATIENT_CALLS:.0e}); callers that patient never "
            "hang up: leave patience=None for Erlang C, which gives the same figures"
        )
        raise ParameterError(msg)
    return _Problem(
        traffic=traffic,
        aht_us=aht_us,
        t_over_aht=t_us / aht_us,
        theta=theta,
        shrinkage=_shrinkage(shrinkage),
    )


def _asa(mean_in_aht: float, aht_us: int) -> timedelta:
    try:
        return timedelta(microseconds=round(mean_in_aht * aht_us))
    except OverflowError:  # agents a hair above the traffic: a wait of millions of years
        msg = (
            f"the average speed of answer, {mean_in_aht:.3g} handle times, is longer than a "
            "timedelta holds: the agents barely exceed the traffic; add an agent"
        )
        raise ParameterError(msg) from None


def _plan_c(p: _Problem, n: int, b: float) -> Plan:
    a = p.traffic
    c = _c_from_b(a, n, b)
    gap = n - a
    return Plan(
        agents=n,
        scheduled=p.scheduled(n),
        traffic=a,
        service_level=min(1.0, max(0.0, 1.0 - c * math.exp(-gap * p.t_over_aht))),
        wait_probability=c,
        asa=_asa(c / gap, p.aht_us),
        occupancy=a / n,
        abandon_probability=0.0,
        model="erlang_c",
    )


def _digamma(v: float) -> float:
    """ψ(v) for v > 0: recurrence up to 10, then the asymptotic series (error < 1e-15)."""
    r = 0.0
    while v < 10.0:
        r -= 1.0 / v
        v += 1.0
    f = 1.0 / (v * v)
    tail = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))))
    return r + math.log(v) - 0.5 / v - tail


def _start(x: float, a: float) -> int:
    """Where a series in x^j / prod(a + k) may start: terms 40 σ below its peak are < e^-800."""
    peak = x - a
    width = 40.0 * math.sqrt(x)
    return int(peak - width) if peak > 1.5 * width + 100.0 else 0


def _log_g(y: float, a: float) -> float:
    """log G(y), G(y) = Σ_j y^j / prod_(k=1..j+1) (a + k), summed as the queue series."""
    j = _start(y, a)
    log_u = (
        j * math.log(y) - (math.lgamma(a + j + 2) - math.lgamma(a + 1)) if j else -math.log(a + 1)
    )
    total = 0.0
    term = 1.0
    scale = 0
    while True:
        total += term
        j += 1
        term *= y / (a + j + 1)
        if term > _SCALE:
            term /= _SCALE
            total /= _SCALE
            scale += 1
        if j > y - a and term <= _TINY * total:
            break
    return math.log(total) + scale * _LOG_SCALE + log_u


def _erlang_a(a_traffic: float, n: int, b: float, theta: float, t: float) -> tuple[float, ...]:
    """Erlang A figures in AHT units: (wait prob, abandon prob, SL, mean wait answered).

    ``theta`` is AHT / patience, ``t`` is T / AHT, ``b`` is Erlang B(n, A).
    The queue series are summed from their first term, or, when their peak lies
    far out (a heavily overloaded queue with patient callers), from 40 standard
    deviations below the peak, the first term then from ``lgamma``. Terms are
    rescaled by 1e280 when they grow, so the sums stay finite; results combine
    in logarithms.
    """
    if a_traffic == 0.0 or b == 0.0:
        return 0.0, 0.0, 1.0, 0.0
    a = n / theta  # Nμ/θ
    x = a_traffic / theta  # λ/θ
    # Queue series t_j = x^j / prod_{k=1..j} (a + k): p_(N+j) = p_N·t_j.
    j = _start(x, a)
    log_t = j * math.log(x) - (math.lgamma(a + j + 1) - math.lgamma(a + 1)) if j else 0.0
    h = _digamma(a + j + 1) - _digamma(a + 1) if j else 0.0  # Σ_(m=1..j) 1/(a+m)
    s0 = s1 = g = e = 0.0
    term = 1.0
    scale = 0
    while True:
        inv = 1.0 / (a + j + 1)
        h += inv
        s0 += term
        s1 += j * term
        g += term * inv
        e += term * h * inv
        j += 1
        term *= x / (a + j)
        if term > _SCALE:
            term /= _SCALE
            s0 /= _SCALE
            s1 /= _SCALE
            g /= _SCALE
            e /= _SCALE
            scale += 1
        if j > x - a and term <= _TINY * s0 and j * term <= _TINY * s1:
            break
    log_s0 = math.log(s0) + scale * _LOG_SCALE + log_t
    if b >= 1.0:
        p_wait = 1.0
    else:
        z = math.log1p(-b) - (math.log(b) + log_s0)
        p_wait = 1.0 / (1.0 + math.exp(z)) if z < 700 else 0.0
    if p_wait == 0.0:
        return 0.0, 0.0, 1.0, 0.0
    p_ab = p_wait * (s1 / s0) / x
    served = 1.0 - p_ab
    mean_answered = p_wait * (e / s0) * (a / theta) / served if served > 0 else 0.0
    # Answered after waiting, within T: a·p_N·[G(x) − e^(x − y − (a+1)θT)·G(y)] with
    # y = x·e^(−θT) and G(y) = Σ_j y^j / prod_(k=1..j+1) (a + k); G(x) = g / s0 per p_N.
    first = p_wait * a * g / s0
    log_p_n = math.log(p_wait) - log_s0
    y = x * math.exp(-theta * t)
    # f(v) <= Nμ·p_N·e^(λT) on [0, T]: when even T times that is negligible, so is SL_wait.
    if math.log(a * theta * t) + log_p_n + x * (1.0 - math.exp(-theta * t)) < -45.0:
        return p_wait, min(1.0, p_ab), min(1.0, 1.0 - p_wait), mean_answered
    log_second = math.log(a) + log_p_n + (x - y - (a + 1) * theta * t) + _log_g(y, a)
    second = math.exp(log_second) if log_second < 700 else math.inf
    sl = (1.0 - p_wait) + (first - second)
    return p_wait, min(1.0, p_ab), min(1.0, max(0.0, sl)), mean_answered


def _plan_a(p: _Problem, n: int, b: float) -> Plan:
    assert p.theta is not None
    p_wait, p_ab, sl, mean = _erlang_a(p.traffic, n, b, p.theta, p.t_over_aht)
    return Plan(
        agents=n,
        scheduled=p.scheduled(n),
        traffic=p.traffic,
        service_level=sl,
        wait_probability=p_wait,
        asa=_asa(mean, p.aht_us),
        occupancy=min(1.0, p.traffic * (1.0 - p_ab) / n),
        abandon_probability=p_ab,
        model="erlang_a",
    )


def evaluate(  # noqa: PLR0917 - positional order fixed by issue 7's acceptance interface
    calls: Real,
    interval: timedelta,
    aht: timedelta,
    agents: int,
    answer_within: timedelta,
    patience: timedelta | None = None,
    *,
    shrinkage: Real = 0,
) -> Plan:
    """The figures ``agents`` achieve for a forecast: Erlang C, or Erlang A with ``patience``.

    Args:
        calls: calls forecast in the interval, zero or more.
        interval: the interval's length (30 minutes for a half-hour forecast).
        aht: average handle time (talk + hold + after-call work).
        agents: agents on the phones, at least 1.
        answer_within: T of the service level.
        patience: mean caller patience (Erlang A); None for Erlang C.
        shrinkage: share of paid time off the phones, in [0, 1), for ``scheduled``.

    Returns:
        The plan's figures for ``agents``.

    Raises:
        ParameterError: a parameter is out of range; or, under Erlang C, ``agents``
            do not exceed the traffic (the queue would grow without bound).
    """
    p = _problem(
        calls=calls,
        interval=interval,
        aht=aht,
        answer_within=answer_within,
        patience=patience,
        shrinkage=shrinkage,
    )
    n = _agents(agents)
    b = _erlang_b(p.traffic, n)
    if p.theta is not None:
        return _plan_a(p, n, b)
    if n <= p.traffic:
        msg = (
            f"agents={n} do not exceed the offered traffic of {p.traffic:.4g} Erlangs: "
            "without abandonment the queue grows without bound; add agents, or pass "
            "patience= to model callers who hang up (Erlang A)"
        )
        raise ParameterError(msg)
    return _plan_c(p, n, b)


def _meets(
    plan: Plan, target: float, max_abandon: float | None, max_occupancy: float | None
) -> bool:
    return (
        plan.service_level >= target
        and (max_abandon is None or plan.abandon_probability <= max_abandon)
        and (max_occupancy is None or plan.occupancy <= max_occupancy)
    )


def required_agents(  # noqa: PLR0917 - positional order fixed by issue 7
    calls: Real,
    interval: timedelta,
    aht: timedelta,
    answer_within: timedelta,
    target: Real,
    shrinkage: Real = 0,
    patience: timedelta | None = None,
    max_abandon: Real | None = None,
    max_occupancy: Real | None = None,
) -> Plan:
    """The smallest number of agents that meets every target given.

    Erlang C (no ``patience``): the smallest N > A. Erlang A: the smallest N ≥ 1
    (with abandonment N may be below A). The search bisects between bounds found
    by a doubling step from A (about 2·log2 N evaluations, the Erlang B recursion
    extended once as far as it reaches), so thousands of agents take
    milliseconds. Traffic above :data:`MOST_TRAFFIC` Erlangs is refused.

    Args:
        calls: calls forecast in the interval, zero or more.
        interval: the interval's length.
        aht: average handle time.
        answer_within: T of the service level.
        target: the service level to reach, in (0, 1) (0.85 for 85% within T).
        shrinkage: share of paid time off the phones, in [0, 1), read at its decimal
            value (0.3 is 3/10), so 5 agents at 0.8 schedule exactly 25.
        patience: mean caller patience (Erlang A); None for Erlang C.
        max_abandon: the highest abandon probability allowed, in (0, 1).
        max_occupancy: the highest occupancy allowed, in (0, 1].

    Returns:
        The plan for the smallest sufficient number of agents.

    Raises:
        ParameterError: a parameter is out of range (the message names it).
    """
    p = _problem(
        calls=calls,
        interval=interval,
        aht=aht,
        answer_within=answer_within,
        patience=patience,
        shrinkage=shrinkage,
    )
    goal = float(_open_unit("target", target))
    most_abandon = None if max_abandon is None else float(_open_unit("max_abandon", max_abandon))
    most_busy = None
    if max_occupancy is not None:
        occ = _real("max_occupancy", max_occupancy)
        if not 0 < occ <= 1:
            msg = f"max_occupancy must be in (0, 1], e.g. 0.9, got {_shown(max_occupancy)}"
            raise ParameterError(msg)
        most_busy = float(occ)
    return _search(p, goal, most_abandon, most_busy)


def _search(p: _Problem, goal: float, most_abandon: float | None, most_busy: float | None) -> Plan:
    """Smallest N meeting the targets: a step that doubles from a first guess, then
    bisection; meeting them is monotone in N, so about 2·log2 N evaluations."""
    a = p.traffic
    bs = [1.0]  # Erlang B by agents, extended as far as the search reaches

    def plan_for(n: int) -> Plan:
        while len(bs) <= n:
            k = len(bs)
            ab = a * bs[-1]
            bs.append(ab / (k + ab))
        return _plan_a(p, n, bs[n]) if p.theta is not None else _plan_c(p, n, bs[n])

    if p.theta is None:
        lo = math.floor(a)  # N <= A fails under Erlang C: the queue grows without bound
        hi = lo + 1
        if most_busy is not None:  # occupancy A/N <= m needs N >= A/m: start just below
            hi = max(hi, math.floor(a / most_busy))
    else:
        lo = 0  # largest N known to fail (0: none tested)
        hi = max(1, round(a))
    best = plan_for(hi)
    step = max(1, math.isqrt(hi))
    while not _meets(best, goal, most_abandon, most_busy):
        lo = hi
        hi += step
        step *= 2
        best = plan_for(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        plan = plan_for(mid)
        if _meets(plan, goal, most_abandon, most_busy):
            hi, best = mid, plan
        else:
            lo = mid
    return best


# --------------------------------------------------------------------------- a day


@attrs.frozen
class DayPlan:
    """Agents per interval for a day's forecast.

    Attributes:
        interval: the length of each interval (30 minutes for 48 intervals).
        forecast: calls per interval; None for an interval the centre is closed.
        intervals: the plan of each interval; None where the centre is closed.
    """

    interval: timedelta
    forecast: tuple[float | None, ...]
    intervals: tuple[Plan | None, ...]

    @property
    def peak_agents(self) -> int:
        """The most agents needed on the phones at once."""
        return max((p.agents for p in self.intervals if p is not None), default=0)

    @property
    def peak_scheduled(self) -> int:
        """The most agents to schedule at once (shrinkage included)."""
        return max((p.scheduled for p in self.intervals if p is not None), default=0)

    @property
    def scheduled_time(self) -> timedelta:
        """Paid agent time for the day: scheduled agents × interval, summed."""
        return self.interval * sum(p.scheduled for p in self.intervals if p is not None)

    @property
    def calls(self) -> float:
        """Calls forecast for the day."""
        return sum(c for c in self.forecast if c is not None)

    @property
    def service_level(self) -> float | None:
        """The day's service level: each interval's weighted by its calls."""
        pairs = [
            (c, p.service_level)
            for c, p in zip(self.forecast, self.intervals, strict=True)
            if c is not None and p is not None
        ]
        total = sum(c for c, _ in pairs)
        return None if total == 0 else sum(c * s for c, s in pairs) / total

    def summary(self, *, language: Language = "zh") -> str:
        """The day in one line: calls, peak agents, paid agent-hours, service level.

        Agent time is written in hours (``"89小时"``), never as days of 24 hours.

        Raises:
            ParameterError: the language is unknown.
        """
        zh = language_of(language, "DayPlan.summary", ParameterError) == "zh"
        hours = human_duration(self.scheduled_time, language="zh" if zh else "en")
        step = human_duration(self.interval, language="zh" if zh else "en")
        level = self.service_level
        open_ = sum(p is not None for p in self.intervals)
        if zh:
            shown = "无来话" if level is None else f"{level:.1%}"
            return (
                f"全天预测来话{self.calls:.0f}通，峰值在线{self.peak_agents}人"
                f"（排班{self.peak_scheduled}人），排班工时{hours}，全天服务水平{shown}；"
                f"营业{open_}个时段（每段{step}）"
            )
        shown = "no calls" if level is None else f"{level:.1%}"
        return (
            f"{self.calls:.0f} calls forecast; peak {self.peak_agents} on the phones "
            f"({self.peak_scheduled} scheduled); {hours} of scheduled agent time; "
            f"day service level {shown}; {open_} open intervals of {step}"
        )


def plan_day(
    forecast: Sequence[Real | None],
    *,
    aht: timedelta,
    answer_within: timedelta,
    target: Real,
    interval: timedelta = timedelta(minutes=30),
    shrinkage: Real = 0,
    patience: timedelta | None = None,
    max_abandon: Real | None = None,
    max_occupancy: Real | None = None,
) -> DayPlan:
    """Plan a whole day, interval by interval (48 half-hours by default).

    Each open interval gets :func:`required_agents` for its own forecast: traffic
    is never averaged over the day, which would understaff the peaks. An open
    interval with no calls forecast still gets one agent; give None for an
    interval in which the centre is closed.

    Args:
        forecast: calls per interval, covering one day (48 values for 30 minutes).
        aht: average handle time.
        answer_within: T of the service level.
        target: the service level to reach, in (0, 1).
        interval: the length of each interval; it must divide a day.
        shrinkage: share of paid time off the phones, in [0, 1).
        patience: mean caller patience (Erlang A); None for Erlang C.
        max_abandon: the highest abandon probability allowed, in (0, 1).
        max_occupancy: the highest occupancy allowed, in (0, 1].

    Returns:
        The day's plan.

    Raises:
        ParameterError: the forecast does not cover one day, or a parameter is out
            of range (the message names it; for a forecast value, its index).
    """
    step = _duration("interval", interval)
    per_day = td_micros(_DAY)
    if per_day % step:
        msg = f"interval must divide a day (e.g. 15 or 30 minutes), got {_shown(interval)}"
        raise ParameterError(msg)
    if isinstance(forecast, (str, bytes, Mapping)) or not isinstance(forecast, Iterable):
        msg = (
            f"forecast must be a list of calls per interval (None where closed), got "
            f"{type(forecast).__name__} {_shown(forecast)}"
        )
        raise ParameterError(msg)
    values = list(forecast)
    if len(values) != per_day // step:
        msg = (
            f"forecast has {len(values)} values but a day has {per_day // step} intervals "
            f"of {interval}; give one value per interval (None where closed)"
        )
        raise ParameterError(msg)
    plans: list[Plan | None] = []
    shown: list[float | None] = []
    for i, calls in enumerate(values):
        if calls is None:
            plans.append(None)
            shown.append(None)
            continue
        _non_negative(f"forecast[{i}]", calls)
        plans.append(
            required_agents(
                calls,
                interval,
                aht,
                answer_within,
                target,
                shrinkage=shrinkage,
                patience=patience,
                max_abandon=max_abandon,
                max_occupancy=max_occupancy,
            )
        )
        shown.append(float(calls))
    return DayPlan(interval=interval, forecast=tuple(shown), intervals=tuple(plans))
