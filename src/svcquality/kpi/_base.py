"""What every KPI accumulator shares: rejection reasons, merge, exact helpers.

An accumulator is a frozen attrs object holding its options (never changed
by adding records) and its state (integer counts and integer microseconds).
``add`` and ``add_all`` return a new accumulator; ``merge`` adds the states of
two accumulators with the same options. Integer state keeps ``merge`` exactly
associative and commutative, so partitions may be combined in any order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import timedelta
from fractions import Fraction
from types import ModuleType
from typing import Any, ClassVar, TypeVar

import attrs

from svcquality._fields import shown
from svcquality._instants import td_micros
from svcquality._optional import need_numpy
from svcquality.errors import ParameterError

__all__ = [
    "MISSING",
    "Accumulator",
    "Mean",
    "Reasons",
    "Rejected",
    "Share",
    "choice_option",
    "count_of",
    "duration_option",
    "duration_us",
    "evolve_counts",
    "fraction",
    "int_option",
    "mean_timedelta",
    "merge_rejections",
    "numpy",
    "of_kind",
    "option_duration",
    "ratio",
    "rejections_of",
]

_A = TypeVar("_A", bound="Accumulator")
_R = TypeVar("_R")

#: The missing instant in the columnar path: int64's smallest value, which is also
#: the integer behind numpy's ``NaT``. ``add_many(answered=...)`` uses it for "not answered".
MISSING = -(2**63)


class Reasons:
    """The rejection reasons, one constant each, so hosts can match on them."""

    WRONG_RECORD = "wrong record type"
    NOT_INSTANT = "not an instant"
    NAIVE = "naive instant"
    NO_ARRIVAL = "missing arrival"
    BOTH = "answered and abandoned"
    NEITHER = "neither answered nor abandoned"
    ANSWERED_BEFORE = "answered before arrival"
    ABANDONED_BEFORE = "abandoned before arrival"
    NOT_DURATION = "not a duration"
    NEGATIVE = "negative duration"
    NOT_FLAG = "not a yes/no flag"
    NO_ANSWER = "no survey answer"
    SCORE_RANGE = "score out of scale"
    NOT_COUNT = "not a count"
    NO_CUSTOMER = "missing customer"
    NOT_NUMBER = "not a number"
    NO_MEMBER = "missing member"
    CONFLICT = "conflicting scores for one member"


def rejections_of(counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """The canonical form of rejection counts: sorted pairs, zero counts left out."""
    return tuple(sorted((k, v) for k, v in counts.items() if v))


def of_kind(records: Iterable[object], kind: type[_R], bad: Counter[str]) -> Iterator[_R]:
    """The records of ``kind``; every other one is counted in ``bad`` as a wrong record type.

    Each accumulator reads its records through this, so a record it cannot read is
    rejected the same way everywhere, never dropped.
    """
    for r in records:
        if isinstance(r, kind):
            yield r
        else:
            bad[Reasons.WRONG_RECORD] += 1


def merge_rejections(
    a: tuple[tuple[str, int], ...], b: tuple[tuple[str, int], ...]
) -> tuple[tuple[str, int], ...]:
    """Add two canonical rejection tuples."""
    if not b:
        return a
    if not a:
        return b
    total = dict(a)
    for k, v in b:
        total[k] = total.get(k, 0) + v
    return rejections_of(total)


def ratio(num: int, den: int) -> float | None:
    """``num / den`` as a float (correctly rounded), or None when ``den`` is 0."""
    return None if den == 0 else num / den


def fraction(num: int, den: int) -> Fraction | None:
    """``num / den`` as an exact Fraction, or None when ``den`` is 0."""
    return None if den == 0 else Fraction(num, den)


def evolve_counts(acc: _A, counts: Mapping[str, int], bad: Mapping[str, int]) -> _A:
    """``acc`` with ``counts`` added to its state and ``bad`` to its rejections."""
    changes: dict[str, Any] = {k: getattr(acc, k) + v for k, v in counts.items()}
    changes["rejections"] = merge_rejections(acc.rejections, rejections_of(bad))
    return attrs.evolve(acc, **changes)  # type: ignore[misc]


def duration_us(value: object) -> int | str:
    """Microseconds of a non-negative timedelta, or the reason it is not one."""
    if not isinstance(value, timedelta):
        return Reasons.NOT_DURATION
    us = td_micros(value)
    return Reasons.NEGATIVE if us < 0 else us


def count_of(value: object) -> int | None:
    """A non-negative int (not a bool), or None."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def mean_timedelta(total_us: int, n: int) -> timedelta | None:
    """``total_us / n`` microseconds as a timedelta, rounded to the nearest, ties to even."""
    if n == 0:
        return None
    q, r = divmod(total_us, n)
    if 2 * r > n or (2 * r == n and q % 2 == 1):
        q += 1
    return timedelta(microseconds=q)


def option_duration(name: str, value: object, *, positive: bool = False) -> int:
    """Integer microseconds of a duration option, or a ParameterError naming it."""
    if not isinstance(value, timedelta):
        msg = (
            f"{name} must be a datetime.timedelta, got {type(value).__name__} {shown(value)}; "
            f"e.g. {name}=timedelta(seconds=15)"
        )
        raise ParameterError(msg)
    us = td_micros(value)
    if us < 0 or (positive and us == 0):
        rule = "greater than zero" if positive else "zero or more"
        msg = f"{name} must be {rule}, got {shown(value)}"
        raise ParameterError(msg)
    return us


def duration_option(*, positive: bool = False) -> Callable[[Any, Any, Any], None]:
    """An attrs validator for a duration option (ParameterError naming the field)."""

    def check(_instance: object, attribute: Any, value: object) -> None:
        option_duration(attribute.name, value, positive=positive)

    return check


def choice_option(choices: tuple[str, ...]) -> Callable[[Any, Any, Any], None]:
    """An attrs validator for a named option (ParameterError listing the choices)."""

    def check(_instance: object, attribute: Any, value: object) -> None:
        if value not in choices:
            listed = ", ".join(repr(c) for c in choices)
            msg = f"{attribute.name} must be one of {listed}; got {shown(value)}"
            raise ParameterError(msg)

    return check


def int_option(*, low: int, high: int | None = None) -> Callable[[Any, Any, Any], None]:
    """An attrs validator for an integer option within [low, high]."""

    def check(_instance: object, attribute: Any, value: object) -> None:
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or value < low
            or (high is not None and value > high)
        ):
            rng = f"from {low} to {high}" if high is not None else f"{low} or more"
            msg = f"{attribute.name} must be a whole number {rng}, got {shown(value)}"
            raise ParameterError(msg)

    return check


def numpy(where: str) -> ModuleType:
    """Import numpy for the columnar path, or say how to get it."""
    return need_numpy(where, "add the records one by one with add_all()")


def _checking_records(add_all: Callable[[Any, Iterable[object]], Any]) -> Any:
    def checked(self: Any, records: Iterable[object]) -> Any:
        if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
            msg = (
                f"{type(self).__name__}.add_all: records must be an iterable of records "
                f"(a list, a generator), got {type(records).__name__} {shown(records)}"
            )
            raise ParameterError(msg)
        return add_all(self, records)

    checked._checks_records = True  # type: ignore[attr-defined]
    checked.__doc__ = add_all.__doc__
    checked.__name__ = add_all.__name__
    checked.__qualname__ = add_all.__qualname__
    return checked


class Rejected:
    """What every counter of records says of the ones it rejected, from its
    ``rejections`` field (``(reason, count)`` pairs): the KPI accumulators and the
    feedback heat map read them alike."""

    __slots__ = ()

    rejections: tuple[tuple[str, int], ...]

    @property
    def rejected(self) -> dict[str, int]:
        """Invalid records by reason (a new dict each time); empty when all were valid."""
        return dict(self.rejections)

    @property
    def rejected_total(self) -> int:
        """How many records were rejected, whatever the reason."""
        return sum(n for _, n in self.rejections)


class Accumulator(Rejected):
    """Base of the KPI accumulators: the merge/identity/rejection protocol.

    Subclasses are ``@attrs.frozen`` classes listing their option fields in
    ``OPTIONS``, their additive integer state in ``COUNTS``, and in
    ``RECORD_PARTS`` the counts that, with the rejections, add up to ``records``;
    each ends with a ``rejections`` field.
    """

    __slots__ = ()

    OPTIONS: ClassVar[tuple[str, ...]] = ()
    COUNTS: ClassVar[tuple[str, ...]] = ()
    RECORD_PARTS: ClassVar[tuple[str, ...]] = ()
    #: The record type this KPI reads; a scorecard routes records by it.
    RECORD: ClassVar[type]
    #: What ``value`` is: a share in [0, 1], a duration, or a rate (per 10,000).
    KIND: ClassVar[str] = "share"

    rejections: tuple[tuple[str, int], ...]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Every KPI's add_all takes an iterable of records: None or a number is a
        # ParameterError naming the KPI (a record that is not valid is counted instead).
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("add_all")
        if own is not None and not getattr(own, "_checks_records", False):
            cls.add_all = _checking_records(own)  # type: ignore[method-assign]

    # ------------------------------------------------------------------ protocol

    def add(self: _A, record: object) -> _A:
        """Return a new accumulator with ``record`` added (this one is unchanged).

        An invalid record is counted in ``rejected`` under its reason.
        """
        return self.add_all((record,))

    def add_all(self: _A, records: Iterable[object]) -> _A:  # pragma: no cover - abstract
        """Return a new accumulator with every record of ``records`` added."""
        raise NotImplementedError

    def merge(self: _A, other: _A) -> _A:
        """Combine with an accumulator of the same KPI and options (a partition's result).

        Associative and commutative; merging with ``empty()`` changes nothing.

        Raises:
            ParameterError: ``other`` is another KPI or was built with other options.
        """
        self._require_compatible(other)
        changes: dict[str, Any] = {
            name: getattr(self, name) + getattr(other, name) for name in self.COUNTS
        }
        changes["rejections"] = merge_rejections(self.rejections, other.rejections)
        return attrs.evolve(self, **changes)  # type: ignore[misc]

    def empty(self: _A) -> _A:
        """An accumulator with the same options and nothing added: the merge identity."""
        return type(self)(**{name: getattr(self, name) for name in self.OPTIONS})

    @property
    def records(self) -> int:
        """Every record added: measured, left out by definition, and rejected."""
        parts: int = sum(getattr(self, name) for name in self.RECORD_PARTS)
        return parts + self.rejected_total

    @property
    def value(self) -> object:  # pragma: no cover - every subclass defines it
        """The KPI, or None when nothing was measured."""
        raise NotImplementedError

    @property
    def exact(self) -> Fraction | None:  # pragma: no cover - every subclass defines it
        """The KPI as an exact fraction (a duration in microseconds), or None."""
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers

    def options(self) -> dict[str, object]:
        """The options this accumulator was built with (what a merge must agree on)."""
        return {name: getattr(self, name) for name in self.OPTIONS}

    def _require_compatible(self, other: object) -> None:
        name = type(self).__name__
        if type(other) is not type(self):
            msg = (
                f"cannot merge {name} with {type(other).__name__}: merge only partial "
                f"results of one KPI (two {name} accumulators)"
            )
            raise ParameterError(msg)
        assert isinstance(other, Accumulator)
        mine, theirs = self.options(), other.options()
        differ = [k for k in self.OPTIONS if mine[k] != theirs[k]]
        if differ:
            shown = "; ".join(f"{k}={mine[k]!r} vs {k}={theirs[k]!r}" for k in differ)
            msg = (
                f"cannot merge two {name} accumulators with different options ({shown}): "
                "their values measure different things; build every partition with the "
                "same options"
            )
            raise ParameterError(msg)


class Share(Accumulator):
    """A KPI whose value is ``numerator / denominator``: a share, or a ratio of durations."""

    __slots__ = ()

    @property
    def numerator(self) -> int:  # pragma: no cover - every subclass defines it
        """What the KPI counts."""
        raise NotImplementedError

    @property
    def denominator(self) -> int:  # pragma: no cover - every subclass defines it
        """What it is counted out of."""
        raise NotImplementedError

    @property
    def value(self) -> float | None:
        """``numerator / denominator`` (in [0, 1]), or None when nothing was measured."""
        return ratio(self.numerator, self.denominator)

    @property
    def exact(self) -> Fraction | None:
        """``numerator / denominator`` as an exact fraction, or None."""
        return fraction(self.numerator, self.denominator)


class Mean(Accumulator):
    """A KPI whose value is a mean duration; ``MEAN`` names (total µs, count) in the state."""

    __slots__ = ()

    KIND: ClassVar[str] = "duration"
    MEAN: ClassVar[tuple[str, str]]

    @property
    def value(self) -> timedelta | None:
        """The mean, rounded to the nearest microsecond (ties to even), or None when empty."""
        total, n = self.MEAN
        return mean_timedelta(getattr(self, total), getattr(self, n))

    @property
    def exact(self) -> Fraction | None:
        """The mean in microseconds as an exact fraction, or None."""
        total, n = self.MEAN
        return fraction(getattr(self, total), getattr(self, n))
