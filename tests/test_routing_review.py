"""svcquality.routing and svcquality.feedback: behaviours found in review.

Each test is named for the behaviour it pins; each failed before its fix.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from svcquality.errors import ParameterError, RoutingError, SvcQualityError
from svcquality.feedback import FeedbackRecord, HeatMap, Sample
from svcquality.routing import NoteAdded

T0 = datetime(2025, 6, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class TestSampleRate:
    @pytest.mark.parametrize(
        "rate",
        [
            float("nan"),
            float("inf"),
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
        ],
    )
    def test_a_rate_that_is_not_a_number_is_a_parameter_error(self, rate: object) -> None:
        """NaN and infinity are refused like any rate outside [0, 1]."""
        with pytest.raises(ParameterError, match=r"rate must be a share in \[0, 1\]"):
            Sample(rate, seed="2025-06")  # type: ignore[arg-type]

    def test_a_bool_is_not_in_the_sample(self) -> None:
        """`in` answers False for a value that is not an id, bools included."""
        sample = Sample(1, seed="2025-06")
        assert True not in sample
        assert 1 in sample


class TestHeatMapCells:
    def test_a_cell_that_is_not_a_pair_is_a_parameter_error(self) -> None:
        """A malformed cell is reported as bad input, not as a bare TypeError."""
        with pytest.raises(ParameterError, match=r"a cell is"):
            HeatMap(cells=[1])  # type: ignore[list-item]

    def test_a_blank_name_is_refused_as_add_refuses_it(self) -> None:
        """cells= accepts exactly what add() counts: no blank names."""
        assert HeatMap().add(FeedbackRecord("转账", " ", "大众客户")).total == 0
        with pytest.raises(ParameterError, match=r"three names"):
            HeatMap(cells=[(("转账", " ", "大众客户"), 1)])

    def test_repeated_rejection_reasons_add_up(self) -> None:
        """rejections= given as pairs adds repeated reasons, as cells= adds repeated cells."""
        hm = HeatMap(rejections=[("missing customer tier", 1), ("missing customer tier", 2)])
        assert hm.rejected == {"missing customer tier": 3}

    def test_rejection_counts_are_checked(self) -> None:
        """A negative or non-integer rejection count is bad input."""
        with pytest.raises(ParameterError, match=r"rejections"):
            HeatMap(rejections={"missing customer tier": -1})
        assert issubclass(ParameterError, SvcQualityError)


class TestNoteOrder:
    @pytest.mark.parametrize("order", [5, ["WO-1"], "", "  "])
    def test_a_note_order_that_is_not_a_name_is_a_routing_error(self, order: object) -> None:
        """NoteAdded(order=...) is None or a work order's name, checked like every other name."""
        with pytest.raises(
            RoutingError, match=r"NoteAdded(: order must be|\.order: expected a non-empty name)"
        ):
            NoteAdded(T0, "柜员王敏", "客户补充了积分账户信息", order=order)  # type: ignore[arg-type]

    def test_a_note_on_the_request_itself_needs_no_order(self) -> None:
        """order=None (the default) is a note on the request, not on a work order."""
        note = NoteAdded(T0, "柜员王敏", "客户来电询问信用卡积分")
        assert note.order is None
