"""svcquality.kpi._shares: yes/no shares, survey boxes, complaints per 10,000, attrition."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcquality import kpi
from svcquality.errors import ParameterError


class TestFlagShares:
    @pytest.mark.parametrize(
        ("empty", "make"),
        [
            (kpi.RecordingSuccess(), kpi.Recording),  # 录音成功率
            (kpi.ServiceErrorRate(), kpi.Transaction),  # 服务差错率
            (kpi.OnTimeRate(), kpi.Completion),  # routine business on time
        ],
    )
    def test_share_and_rejections(self, empty: kpi.Accumulator, make: type) -> None:
        """Share of True flags; None or 1 instead of a bool is rejected, not guessed."""
        acc = empty.add_all([make(True), make(True), make(False), make(None), make(1)])
        assert acc.exact == Fraction(2, 3)
        assert acc.rejected == {"not a yes/no flag": 2}
        assert acc.records == 5

    @given(st.lists(st.booleans(), max_size=50))
    def test_add_many_equals_add_all(self, flags: list[bool]) -> None:
        """The boolean column path equals the record path."""
        empty = kpi.RecordingSuccess()
        columnar = empty.add_many(np.array(flags, dtype=bool))
        assert columnar == empty.add_all(kpi.Recording(f) for f in flags)

    @pytest.mark.parametrize(
        ("flags", "match"),
        [
            (np.array([1, 0]), "boolean array"),  # integers are not flags
            (np.array([[True]]), "one-dimensional"),  # 2-D
        ],
    )
    def test_add_many_bad_column(self, flags: object, match: str) -> None:
        """A column that is not 1-D boolean raises ParameterError."""
        with pytest.raises(ParameterError, match=match):
            kpi.ServiceErrorRate().add_many(flags)


class TestCSAT:
    def test_top_two_box(self) -> None:
        """On 1-5, answers 4 and 5 are satisfied; 0, 6 and True are outside the scale."""
        answers = [5, 4, 4, 3, 2, 1, 0, 6, True]
        csat = kpi.CSAT().add_all(kpi.CustomerRating(a) for a in answers)
        assert csat.exact == Fraction(3, 6)
        assert csat.rejected == {"score out of scale": 3}

    def test_ten_point_scale_top_box(self) -> None:
        """On 1-10 with one box, only 10 counts."""
        csat = kpi.CSAT(scale=10, boxes=1).add_all(kpi.CustomerRating(a) for a in (10, 9, 10))
        assert csat.exact == Fraction(2, 3)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"scale": 1}, "scale must be a whole number from 2 to 100"),
            ({"scale": 5.0}, "scale must be a whole number"),
            ({"boxes": 0}, "boxes must be a whole number 1 or more"),
            (
                {"scale": 5, "boxes": 3},
                "boxes=3 on a scale of 5: the top and bottom 3 boxes overlap",
            ),
        ],
    )
    def test_bad_options(self, kwargs: dict[str, object], match: str) -> None:
        """Bad scales and box counts raise ParameterError."""
        with pytest.raises(ParameterError, match=match):
            kpi.CSAT(**kwargs)  # type: ignore[arg-type]


class TestEmployeeSatisfaction:
    ANSWERS = (5, 5, 4, 4, 4, 4, 4, 3, 2, 1)  # 7 satisfied, 1 neutral, 2 dissatisfied

    @pytest.mark.parametrize(
        ("share", "expected"),
        [
            ("satisfied", Fraction(7, 10)),  # meets the source's 70%
            ("dissatisfied", Fraction(2, 10)),  # misses the source's 15%
        ],
    )
    def test_shares(self, share: str, expected: Fraction) -> None:
        """Top and bottom two boxes of five; value is the share asked for."""
        acc = kpi.EmployeeSatisfaction(share=share).add_all(  # type: ignore[arg-type]
            kpi.EmployeeRating(a) for a in self.ANSWERS
        )
        assert acc.exact == expected
        assert acc.satisfied_share == 0.7
        assert acc.dissatisfied_share == 0.2

    def test_bad_share(self) -> None:
        """An unknown share is a ParameterError listing the choices."""
        with pytest.raises(ParameterError, match="'satisfied', 'dissatisfied'"):
            kpi.EmployeeSatisfaction(share="neutral")  # type: ignore[arg-type]

    def test_overlapping_boxes(self) -> None:
        """Boxes that overlap on a short scale are refused."""
        with pytest.raises(ParameterError, match="overlap"):
            kpi.EmployeeSatisfaction(scale=3, boxes=2)

    def test_rejections(self) -> None:
        """Answers outside the scale are counted."""
        acc = kpi.EmployeeSatisfaction().add(kpi.EmployeeRating(9))
        assert acc.rejected == {"score out of scale": 1}


class TestComplaintRate:
    def test_per_ten_thousand(self) -> None:
        """Complaints per 10,000 of the base, summed over units."""
        rate = kpi.ComplaintRate(per="customers").add_all(
            [kpi.ComplaintCount(3, 20_000), kpi.ComplaintCount(1, 12_000)]
        )
        assert rate.exact == Fraction(4 * 10_000, 32_000)
        assert rate.value == 1.25

    @pytest.mark.parametrize(
        "record",
        [
            kpi.ComplaintCount(-1, 100),  # negative
            kpi.ComplaintCount(1, 2.5),  # type: ignore[arg-type]  # not whole
            kpi.ComplaintCount(True, 100),  # a bool is not a count
        ],
    )
    def test_rejections(self, record: kpi.ComplaintCount) -> None:
        """A count that is negative or not an integer is rejected."""
        assert kpi.ComplaintRate().add(record).rejected == {"not a count": 1}

    def test_zero_base(self) -> None:
        """No customers: no rate."""
        assert kpi.ComplaintRate().add(kpi.ComplaintCount(0, 0)).value is None

    def test_bad_base(self) -> None:
        """An unknown base is refused."""
        with pytest.raises(ParameterError, match="per must be one of"):
            kpi.ComplaintRate(per="accounts")  # type: ignore[arg-type]


class TestAttrition:
    def test_leavers_over_average_headcount(self) -> None:
        """Leavers / ((opening + closing) / 2), units of one period summed."""
        att = kpi.Attrition().add_all(
            [kpi.Headcount(opening=100, closing=96, leavers=6), kpi.Headcount(52, 48, 3)]
        )
        assert att.exact == Fraction(2 * 9, 296)

    def test_rejections(self) -> None:
        """A negative headcount is rejected."""
        assert kpi.Attrition().add(kpi.Headcount(-1, 10, 1)).rejected == {"not a count": 1}
