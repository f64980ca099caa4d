"""svcquality.kpi._ranking: top and bottom groups, ties never split."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcquality import kpi
from svcquality.errors import ParameterError


def ranked(scores: Mapping[str, Any], **options: Any) -> kpi.Ranking:
    return kpi.Ranking(**options).add_all(kpi.Score(m, v) for m, v in scores.items())


EIGHT = {"a": 90, "b": 85, "c": 85, "d": 80, "e": 70, "f": 60, "g": 60, "h": 50}


class TestGroups:
    @pytest.mark.parametrize(
        ("options", "top", "bottom"),
        [
            # k = floor(8 × 0.25) = 2; b and c tie at rank 2: both in
            ({}, ("a", "b", "c"), ("h", "f", "g")),
            # ties excluded: b, c would make 3 > 2, so neither; f, g likewise
            ({"ties": "exclude"}, ("a",), ("h",)),
            # lower is better: the order turns round
            ({"better": "lower"}, ("h", "f", "g"), ("a", "b", "c")),
            # k = floor(8 × 0.5) = 4
            ({"fraction": 0.5}, ("a", "b", "c", "d"), ("h", "f", "g", "e")),
            # a Decimal fraction, read exactly: floor(8 × 0.375) = 3
            ({"fraction": Decimal("0.375")}, ("a", "b", "c"), ("h", "f", "g")),
        ],
    )
    def test_quartiles(
        self, options: dict[str, object], top: tuple[str, ...], bottom: tuple[str, ...]
    ) -> None:
        """Top and bottom groups by competition rank; equal scores listed by member id."""
        r = ranked(EIGHT, **options)
        assert r.top == top
        assert r.bottom == bottom
        assert r.value == kpi.RankedGroups(top=top, bottom=bottom, size=r.size, members=8)

    def test_positions(self) -> None:
        """Competition ranks: equal scores share a rank, the next rank skips."""
        assert ranked(EIGHT).positions()[:4] == (
            ("a", 90, 1),
            ("b", 85, 2),
            ("c", 85, 2),
            ("d", 80, 4),
        )

    @pytest.mark.parametrize(
        ("n", "size"),
        [(1, 1), (3, 1), (4, 1), (7, 1), (8, 2), (10, 2), (12, 3)],  # max(1, floor(n/4))
    )
    def test_size(self, n: int, size: int) -> None:
        """Group size is max(1, floor(n × fraction)): a small team still has a best and worst."""
        r = ranked({f"m{i:02}": i for i in range(n)})
        assert r.size == size
        assert len(r.top) == len(r.bottom) == size

    def test_decimal_fraction_not_float_error(self) -> None:
        """0.29 × 100 is 28.999… in floats; the ranking reads 0.29 exactly: 29 members."""
        r = ranked({f"m{i:03}": i for i in range(100)}, fraction=0.29)
        assert r.size == 29

    def test_one_member_is_both(self) -> None:
        """A single member is the whole top and the whole bottom group."""
        r = ranked({"a": 1})
        assert (r.top, r.bottom) == (("a",), ("a",))

    def test_all_tied(self) -> None:
        """Everyone tied: all in both groups (include) or in neither (exclude)."""
        scores = dict.fromkeys("abcdefgh", 3)
        assert ranked(scores).top == tuple("abcdefgh")
        assert ranked(scores, ties="exclude").top == ()

    def test_empty(self) -> None:
        """Nobody ranked: no value."""
        r = kpi.Ranking()
        assert r.value is None
        assert r.size == 0
        assert r.exact is None

    def test_mixed_number_types(self) -> None:
        """Ints, floats, Fractions and Decimals compare by exact value."""
        r = ranked({"a": Decimal("0.5"), "b": Fraction(3, 4), "c": 0.25, "d": 1})
        assert [m for m, _, _ in r.positions()] == ["d", "b", "a", "c"]


class TestConflicts:
    def test_same_score_twice_is_harmless(self) -> None:
        """One member given the same score twice (e.g. 0.5 and 1/2) stays ranked."""
        r = kpi.Ranking().add_all([kpi.Score("a", 0.5), kpi.Score("a", Fraction(1, 2))])
        assert r.rejected == {}
        assert r.records == 2

    def test_conflict_is_counted_and_unranked(self) -> None:
        """Different scores for one member: left out, its records counted as rejected."""
        r = kpi.Ranking().add_all(
            [kpi.Score("a", 1), kpi.Score("a", 2), kpi.Score("a", 2), kpi.Score("b", 1)]
        )
        assert r.rejected == {"conflicting scores for one member": 3}
        assert r.top == ("b",)
        assert r.records == 4

    def test_conflict_across_partitions(self) -> None:
        """A conflict found only at merge time is the same as in one pass."""
        a = kpi.Ranking().add(kpi.Score("a", 1))
        b = kpi.Ranking().add(kpi.Score("a", 2))
        assert (
            a.merge(b)
            == b.merge(a)
            == kpi.Ranking().add_all([kpi.Score("a", 1), kpi.Score("a", 2)])
        )

    @pytest.mark.parametrize(
        ("score", "reason"),
        [
            (kpi.Score("", 1), "missing member"),
            (kpi.Score(7, 1), "missing member"),  # type: ignore[arg-type]
            (kpi.Score("a", float("nan")), "not a number"),
            (kpi.Score("a", Decimal("Infinity")), "not a number"),
            (kpi.Score("a", True), "not a number"),
            (kpi.Score("a", "90"), "not a number"),  # type: ignore[arg-type]
        ],
    )
    def test_rejections(self, score: kpi.Score, reason: str) -> None:
        """Invalid scores are counted under their reason."""
        assert kpi.Ranking().add(score).rejected == {reason: 1}


class TestOptions:
    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"fraction": 0}, "fraction must be a number in the open interval"),
            ({"fraction": 1}, "open interval"),
            ({"fraction": "25%"}, "open interval"),
            ({"better": "up"}, "better must be one of"),
            ({"ties": "split"}, "ties must be one of"),
        ],
    )
    def test_bad_options(self, kwargs: dict[str, object], match: str) -> None:
        """Bad options raise ParameterError."""
        with pytest.raises(ParameterError, match=match):
            kpi.Ranking(**kwargs)  # type: ignore[arg-type]


class TestDeterminism:
    @given(
        st.dictionaries(st.sampled_from("abcdefghij"), st.integers(0, 4), min_size=1), st.randoms()
    )
    def test_order_of_records_does_not_matter(self, scores: dict[str, int], rnd: object) -> None:
        """The groups depend on the scores only, never on the order they came in."""
        items = list(scores.items())
        rnd.shuffle(items)  # type: ignore[attr-defined]
        shuffled = kpi.Ranking().add_all(kpi.Score(m, v) for m, v in items)
        assert shuffled.value == ranked(scores).value
        assert set(shuffled.top) >= {m for m, v in scores.items() if v == max(scores.values())}
