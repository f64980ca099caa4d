"""svcquality.kpi._fcr: first-contact resolution by survey and by repeat contact."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcquality import kpi
from svcquality.errors import ParameterError

UTC = timezone.utc
T0 = datetime(2025, 6, 1, 9, tzinfo=UTC)
DAY = timedelta(days=1)
WEEK = timedelta(days=7)


def contact(customer: str, day: float, *, lookahead: bool = False) -> kpi.Contact:
    return kpi.Contact(customer=customer, at=T0 + day * DAY, lookahead=lookahead)


class TestSurvey:
    def test_flag_share(self) -> None:
        """Resolved flags over answered surveys; no answer is rejected, lookahead ignored."""
        fcr = kpi.FirstContactResolution().add_all(
            [
                kpi.Contact("c1", T0, resolved=True),
                kpi.Contact("c2", T0, resolved=True),
                kpi.Contact("c3", T0, resolved=False),
                kpi.Contact("c4", T0, resolved=None),  # never answered the survey
                kpi.Contact("c5", T0, resolved="yes"),  # type: ignore[arg-type]
                kpi.Contact("c6", T0, resolved=True, lookahead=True),
                kpi.Contact("c7", T0, resolved=True, lookahead=None),  # type: ignore[arg-type]
            ]
        )
        assert fcr.exact == Fraction(2, 3)
        assert fcr.rejected == {"no survey answer": 1, "not a yes/no flag": 2}
        assert (fcr.lookahead, fcr.records) == (1, 7)

    def test_window_refused(self) -> None:
        """A window makes no sense for the survey method."""
        with pytest.raises(ParameterError, match=r"window=.* applies only to method='no_repeat'"):
            kpi.FirstContactResolution(method="survey", window=WEEK)


class TestNoRepeat:
    def test_reference_month(self) -> None:
        """A contact is resolved when the customer does not come back within 7 days."""
        fcr = kpi.FirstContactResolution(method="no_repeat", window=WEEK).add_all(
            [
                contact("c1", 0),  # repeated on day 3
                contact("c1", 3),  # resolved: next contact on day 10.5 is 7.5 days later
                contact("c1", 10.5),  # resolved
                contact("c2", 0),  # repeated exactly 7 days later: (t, t + 7 d] includes it
                contact("c2", 7),  # resolved
                contact("c3", 5),  # two contacts at one instant do not repeat each other
                contact("c3", 5),
                contact("c4", 20),  # repeated by a lookahead contact after the month
                contact("c4", 25, lookahead=True),  # not measured
            ]
        )
        assert (fcr.contacts, fcr.repeated, fcr.lookahead) == (8, 3, 1)
        assert fcr.exact == Fraction(5, 8)
        assert fcr.pending == 5

    def test_chains_are_small(self) -> None:
        """A daily caller keeps one chain (three integers), however often it calls."""
        fcr = kpi.FirstContactResolution(method="no_repeat", window=WEEK).add_all(
            contact("c1", d) for d in range(30)
        )
        assert len(fcr.chains["c1"]) == 1
        assert (fcr.contacts, fcr.repeated) == (30, 29)

    @pytest.mark.parametrize(
        ("record", "reason"),
        [
            (kpi.Contact("", T0), "missing customer"),  # empty id
            (kpi.Contact(None, T0), "missing customer"),  # type: ignore[arg-type]
            (kpi.Contact(True, T0), "missing customer"),  # type: ignore[arg-type]
            (kpi.Contact("c1", T0.replace(tzinfo=None)), "naive instant"),
            (kpi.Contact("c1", "2025-06-01"), "not an instant"),  # type: ignore[arg-type]
            (kpi.Contact("c1", T0, lookahead="no"), "not a yes/no flag"),  # type: ignore[arg-type]
        ],
    )
    def test_rejections(self, record: kpi.Contact, reason: str) -> None:
        """Invalid contacts are counted under their reason."""
        fcr = kpi.FirstContactResolution(method="no_repeat", window=WEEK).add(record)
        assert fcr.rejected == {reason: 1}
        assert fcr.chains == {}

    def test_integer_customer_numbers(self) -> None:
        """Customer numbers may be integers."""
        fcr = kpi.FirstContactResolution(method="no_repeat", window=WEEK).add_all(
            [kpi.Contact(1001, T0), kpi.Contact(1001, T0 + DAY)]  # type: ignore[arg-type]
        )
        assert fcr.exact == Fraction(1, 2)

    @pytest.mark.parametrize(
        "window",
        [None, timedelta(0), timedelta(days=-1), 7],  # missing, zero, negative, not a timedelta
    )
    def test_bad_window(self, window: object) -> None:
        """no_repeat needs a positive window."""
        with pytest.raises(ParameterError, match="window must be a positive timedelta"):
            kpi.FirstContactResolution(method="no_repeat", window=window)  # type: ignore[arg-type]

    def test_bad_method(self) -> None:
        """An unknown method is refused."""
        with pytest.raises(ParameterError, match="method must be one of 'survey', 'no_repeat'"):
            kpi.FirstContactResolution(method="callback")  # type: ignore[arg-type]


hours = st.integers(0, 400)


def brute_force(rows: list[tuple[str, int, bool]], window_h: int) -> Fraction | None:
    """The definition, directly: measured contacts with no contact in (t, t + X]."""
    measured = [(c, h) for c, h, look in rows if not look]
    if not measured:
        return None
    resolved = sum(
        1 for c, h in measured if not any(c2 == c and h < h2 <= h + window_h for c2, h2, _ in rows)
    )
    return Fraction(resolved, len(measured))


class TestNoRepeatLaws:
    @given(
        rows=st.lists(
            st.tuples(
                st.sampled_from(["a", "b", "c"]), hours, st.sampled_from([False, False, True])
            ),
            max_size=40,
        ),
        window_h=st.integers(1, 100),
        data=st.data(),
    )
    @settings(max_examples=200)
    def test_any_partition_is_exact(
        self, rows: list[tuple[str, int, bool]], window_h: int, data: st.DataObject
    ) -> None:
        """Partitions merged in any order give the definition's value and one state."""
        empty = kpi.FirstContactResolution(method="no_repeat", window=timedelta(hours=window_h))
        records = [kpi.Contact(c, T0 + timedelta(hours=h), lookahead=look) for c, h, look in rows]
        labels = data.draw(
            st.lists(st.integers(0, 3), min_size=len(records), max_size=len(records))
        )
        parts = [
            empty.add_all(r for r, k in zip(records, labels, strict=True) if k == i)
            for i in range(4)
        ]
        order = data.draw(st.permutations(parts))
        merged = empty
        for p in order:
            merged = merged.merge(p)
        one = empty.add_all(records)
        assert merged == one
        assert one.exact == brute_force(rows, window_h)
