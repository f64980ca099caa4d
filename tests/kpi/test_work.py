"""svcquality.kpi._work: average handle time and occupancy."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest

from svcquality import kpi


def sec(s: float) -> timedelta:
    return timedelta(seconds=s)


class TestAverageHandleTime:
    def test_talk_hold_and_wrap_up(self) -> None:
        """AHT = (talk + hold + after-call work) / handled."""
        aht = kpi.AverageHandleTime().add_all(
            [
                kpi.Handling(talk=sec(120), hold=sec(30), after_call_work=sec(30)),  # 180 s
                kpi.Handling(talk=sec(200)),  # 200 s, nothing on hold, no wrap-up
                kpi.Handling(talk=sec(100), after_call_work=sec(21)),  # 121 s
            ]
        )
        assert aht.value == sec(167)
        assert (aht.handled, aht.handle_us) == (3, 501_000_000)
        assert aht.exact == Fraction(501_000_000, 3)

    @pytest.mark.parametrize(
        ("record", "reason"),
        [
            (kpi.Handling(talk=sec(-1)), "negative duration"),  # clock skew
            (kpi.Handling(talk=sec(60), hold=sec(-0.5)), "negative duration"),
            (kpi.Handling(talk=sec(60), after_call_work=30), "not a duration"),  # type: ignore[arg-type]
            (kpi.Handling(talk="1 min"), "not a duration"),  # type: ignore[arg-type]
        ],
    )
    def test_rejections(self, record: kpi.Handling, reason: str) -> None:
        """A negative or missing duration is counted under its reason."""
        aht = kpi.AverageHandleTime().add(record)
        assert aht.rejected == {reason: 1}
        assert aht.value is None


class TestOccupancy:
    def test_share_of_available_time(self) -> None:
        """Handling / (handling + idle), over all agent periods."""
        occ = kpi.Occupancy().add_all(
            [
                kpi.AgentTime(handling=timedelta(minutes=24), idle=timedelta(minutes=6)),
                kpi.AgentTime(handling=timedelta(minutes=18), idle=timedelta(minutes=12)),
            ]
        )
        assert occ.exact == Fraction(42, 60)
        assert occ.value == 0.7
        assert (occ.numerator, occ.denominator) == (42 * 60_000_000, 60 * 60_000_000)

    @pytest.mark.parametrize(
        ("record", "reason"),
        [
            (kpi.AgentTime(handling=sec(-1), idle=sec(1)), "negative duration"),
            (kpi.AgentTime(handling=sec(1), idle=sec(-1)), "negative duration"),
            (kpi.AgentTime(handling=None, idle=sec(1)), "not a duration"),  # type: ignore[arg-type]
            (kpi.AgentTime(handling=sec(1), idle=1.5), "not a duration"),  # type: ignore[arg-type]
        ],
    )
    def test_rejections(self, record: kpi.AgentTime, reason: str) -> None:
        """Invalid agent time is counted under its reason."""
        assert kpi.Occupancy().add(record).rejected == {reason: 1}

    def test_no_time_no_value(self) -> None:
        """An agent with zero time logged gives no occupancy, not 0%."""
        occ = kpi.Occupancy().add(kpi.AgentTime(handling=sec(0), idle=sec(0)))
        assert occ.value is None
        assert occ.records == 1
