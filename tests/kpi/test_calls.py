"""svcquality.kpi._calls: service level, abandon rate, ASA and average delay."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings

from svcquality import kpi
from svcquality.errors import ParameterError

from .strategies import call_columns

UTC = timezone.utc
SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 6, 3, 9, 0, tzinfo=SH)
S15 = timedelta(seconds=15)


def sec(s: float) -> timedelta:
    return timedelta(seconds=s)


def answered(wait: float) -> kpi.Call:
    return kpi.Call(arrived=T0, answered=T0 + sec(wait))


def abandoned(wait: float) -> kpi.Call:
    return kpi.Call(arrived=T0, abandoned=T0 + sec(wait))


#: The reference day: T = 15 s, short abandon = 5 s.
DAY = [
    answered(10),  # within
    answered(15),  # within: "within T" is wait <= T
    answered(16),  # late
    abandoned(3),  # short abandon, left out
    abandoned(5),  # short abandon at the boundary (wait <= short_abandon)
    abandoned(12),  # abandoned within T
    abandoned(40),  # abandoned after T
]


class TestServiceLevelDefinitions:
    @pytest.mark.parametrize(
        ("definition", "expected"),
        [
            ("offered", Fraction(2, 5)),  # 2 answered<=T / (3 answered + 2 abandoned)
            ("exclude_early_abandons", Fraction(2, 4)),  # 2 / (3 + 1 abandoned after T)
            ("early_abandons_met", Fraction(3, 5)),  # (2 + 1 abandoned<=T) / 5
            ("answered", Fraction(2, 3)),  # 2 / 3 answered
        ],
    )
    def test_reference_day(self, definition: str, expected: Fraction) -> None:
        """Each named definition on the reference day; short abandons in no count."""
        sl = kpi.ServiceLevel(
            threshold=S15,
            definition=definition,  # type: ignore[arg-type]
            short_abandon=sec(5),
        ).add_all(DAY)
        assert sl.exact == expected
        assert sl.value == float(expected)
        assert sl.short_abandons == 2
        assert (sl.answered_within, sl.answered, sl.abandoned_within, sl.abandoned) == (2, 3, 1, 2)
        assert sl.records == 7
        assert sl.rejected == {}

    def test_acceptance_interface(self) -> None:
        """The issue's acceptance interface, exactly as written."""
        t0 = T0
        c = kpi.Call(arrived=t0, answered=t0 + sec(9), abandoned=None)
        sl = kpi.ServiceLevel(threshold=sec(15), definition="offered", short_abandon=sec(0))
        sl = sl.add(c)
        other = sl.empty().add(kpi.Call(arrived=t0, answered=None, abandoned=t0 + sec(30)))
        assert sl.merge(other).value == 0.5
        assert kpi.AbandonRate(short_abandon=sec(5)).add(c).value == 0.0

    def test_zero_wait_abandon_is_short_by_default(self) -> None:
        """With short_abandon=0, only an abandon with no wait at all is left out."""
        sl = kpi.ServiceLevel(threshold=S15).add_all([abandoned(0), abandoned(0.000001)])
        assert (sl.short_abandons, sl.abandoned, sl.abandoned_within) == (1, 1, 1)

    def test_threshold_zero(self) -> None:
        """T = 0: only calls answered at once count as within."""
        sl = kpi.ServiceLevel(threshold=timedelta(0)).add_all([answered(0), answered(1)])
        assert sl.value == 0.5

    def test_empty_value_is_none(self) -> None:
        """Nothing measured: value and exact are None, not 0 and not 1."""
        sl = kpi.ServiceLevel(threshold=S15, short_abandon=sec(5)).add(abandoned(2))
        assert sl.value is None
        assert sl.exact is None
        assert sl.records == 1

    def test_answered_definition_ignores_abandons(self) -> None:
        """'answered' has no denominator when nobody was answered."""
        sl = kpi.ServiceLevel(threshold=S15, definition="answered").add(abandoned(40))
        assert sl.value is None


class TestWaits:
    def test_dst_change_inside_a_wait(self) -> None:
        """A wait across New York's spring-forward is its real length, not the wall gap."""
        ny = ZoneInfo("America/New_York")
        call = kpi.Call(
            arrived=datetime(2025, 3, 9, 1, 59, 50, tzinfo=ny),  # 06:59:50 UTC
            answered=datetime(2025, 3, 9, 3, 0, 5, tzinfo=ny),  # 07:00:05 UTC
        )
        assert kpi.ServiceLevel(threshold=S15).add(call).value == 1.0
        assert kpi.AverageSpeedOfAnswer().add(call).value == sec(15)

    def test_zones_may_differ(self) -> None:
        """Arrival read in Shanghai, answer logged in UTC: 12 s apart."""
        call = kpi.Call(
            arrived=datetime(2025, 6, 3, 9, 0, 0, tzinfo=SH),
            answered=datetime(2025, 6, 3, 1, 0, 12, tzinfo=UTC),
        )
        assert kpi.AverageSpeedOfAnswer().add(call).value == sec(12)

    def test_fold_is_honoured(self) -> None:
        """In the repeated hour of a fall-back, fold=1 is one hour later."""
        ny = ZoneInfo("America/New_York")
        call = kpi.Call(
            arrived=datetime(2025, 11, 2, 1, 30, tzinfo=ny),  # fold=0: EDT
            answered=datetime(2025, 11, 2, 1, 30, 5, fold=1, tzinfo=ny),  # EST
        )
        assert kpi.AverageSpeedOfAnswer().add(call).value == timedelta(hours=1, seconds=5)


class TestRejections:
    @pytest.mark.parametrize(
        ("call", "reason"),
        [
            # a naive arrival
            (kpi.Call(arrived=T0.replace(tzinfo=None), answered=T0), "naive instant"),
            # a naive answer
            (kpi.Call(arrived=T0, answered=T0.replace(tzinfo=None)), "naive instant"),
            # a date is not an instant
            (kpi.Call(arrived=date(2025, 6, 3), answered=T0), "not an instant"),  # type: ignore[arg-type]
            # text is not an instant
            (kpi.Call(arrived=T0, abandoned="09:00:03"), "not an instant"),  # type: ignore[arg-type]
            # no arrival at all
            (kpi.Call(arrived=None, answered=T0), "missing arrival"),  # type: ignore[arg-type]
            # both outcomes
            (kpi.Call(arrived=T0, answered=T0, abandoned=T0), "answered and abandoned"),
            # no outcome yet
            (kpi.Call(arrived=T0), "neither answered nor abandoned"),
            # clocks out of step
            (kpi.Call(arrived=T0, answered=T0 - sec(1)), "answered before arrival"),
            (kpi.Call(arrived=T0, abandoned=T0 - sec(1)), "abandoned before arrival"),
            # not a Call
            (("2025-06-03", 9), "wrong record type"),
        ],
    )
    def test_each_reason(self, call: object, reason: str) -> None:
        """Every invalid call is counted under its reason by every call KPI."""
        for empty in (
            kpi.ServiceLevel(threshold=S15),
            kpi.AbandonRate(),
            kpi.AverageSpeedOfAnswer(),
            kpi.AverageDelay(),
        ):
            acc = empty.add(call)
            assert acc.rejected == {reason: 1}
            assert acc.rejected_total == 1
            assert acc.records == 1
            assert acc.value is None

    def test_rejections_accumulate_and_merge(self) -> None:
        """Rejected counts add up across add_all and merge."""
        bad = kpi.Call(arrived=T0)
        a = kpi.AbandonRate().add_all([bad, bad, answered(1)])
        b = kpi.AbandonRate().add_all([bad, kpi.Call(arrived=T0, answered=T0, abandoned=T0)])
        assert a.merge(b).rejected == {
            "neither answered nor abandoned": 3,
            "answered and abandoned": 1,
        }


class TestAbandonRate:
    def test_reference_day(self) -> None:
        """Abandoned / (answered + abandoned), short abandons in neither count."""
        ar = kpi.AbandonRate(short_abandon=sec(5)).add_all(DAY)
        assert (ar.answered, ar.abandoned, ar.short_abandons) == (3, 2, 2)
        assert ar.exact == Fraction(2, 5)
        assert (ar.numerator, ar.denominator) == (2, 5)

    def test_no_allowance(self) -> None:
        """Without a short-abandon allowance every abandon with a wait counts."""
        assert kpi.AbandonRate().add_all(DAY).exact == Fraction(4, 7)


class TestAverageSpeedOfAnswer:
    def test_reference_day(self) -> None:
        """Mean wait of the answered calls: (10 + 15 + 16) / 3 s, to the microsecond."""
        asa = kpi.AverageSpeedOfAnswer().add_all(DAY)
        assert asa.value == timedelta(seconds=13, microseconds=666_667)
        assert asa.exact == Fraction(41_000_000, 3)
        assert (asa.answered, asa.abandoned, asa.records) == (3, 4, 7)

    def test_none_answered(self) -> None:
        """No answered call: no ASA."""
        assert kpi.AverageSpeedOfAnswer().add(abandoned(3)).value is None


class TestAverageDelay:
    def test_reference_day(self) -> None:
        """Mean wait of all measured calls: (10+15+16+12+40) / 5 s; short abandons out."""
        d = kpi.AverageDelay(short_abandon=sec(5)).add_all(DAY)
        assert d.value == sec(18.6)
        assert (d.calls, d.short_abandons, d.records) == (5, 2, 7)
        assert d.exact == Fraction(93_000_000, 5)


class TestOptions:
    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"threshold": sec(-1)}, "threshold must be zero or more"),  # negative T
            ({"threshold": 15}, "threshold must be a datetime.timedelta"),  # seconds as int
            ({"threshold": S15, "definition": "abandoned"}, "definition must be one of"),
            ({"threshold": S15, "short_abandon": sec(-5)}, "short_abandon must be zero or more"),
        ],
    )
    def test_bad_service_level_options(self, kwargs: dict[str, object], match: str) -> None:
        """Bad options raise ParameterError naming the option."""
        with pytest.raises(ParameterError, match=match):
            kpi.ServiceLevel(**kwargs)  # type: ignore[arg-type]

    def test_bad_abandon_option(self) -> None:
        """AbandonRate's short_abandon is checked too."""
        with pytest.raises(ParameterError, match=r"short_abandon must be a datetime\.timedelta"):
            kpi.AbandonRate(short_abandon=5)  # type: ignore[arg-type]


def _col(values: list[int | None]) -> np.ndarray:
    return np.array([kpi.MISSING if v is None else v for v in values], dtype=np.int64)


class TestAddMany:
    @given(call_columns())
    @settings(max_examples=150)
    def test_equals_record_path(
        self, cols: tuple[list[int | None], list[int | None], list[int | None], list[kpi.Call]]
    ) -> None:
        """The columnar path gives exactly the record path's state, rejections included."""
        arrived, ans, ab, records = cols
        for empty in (
            kpi.ServiceLevel(threshold=S15, short_abandon=sec(3)),
            kpi.ServiceLevel(threshold=S15, definition="early_abandons_met"),
            kpi.AbandonRate(short_abandon=sec(5)),
            kpi.AverageSpeedOfAnswer(),
            kpi.AverageDelay(short_abandon=sec(2)),
        ):
            columnar = empty.add_many(arrived=_col(arrived), answered=_col(ans), abandoned=_col(ab))
            assert columnar == empty.add_all(records)

    def test_datetime64_columns(self) -> None:
        """datetime64 columns work; NaT marks an absent instant."""
        arrived = np.array(["2025-06-03T01:00:00", "2025-06-03T01:00:00"], dtype="datetime64[s]")
        answered_ = np.array(["2025-06-03T01:00:10", "NaT"], dtype="datetime64[ns]")
        abandoned_ = np.array(["NaT", "2025-06-03T01:00:30"], dtype="datetime64[ms]")
        sl = kpi.ServiceLevel(threshold=S15).add_many(
            arrived=arrived, answered=answered_, abandoned=abandoned_
        )
        assert (sl.answered_within, sl.abandoned) == (1, 1)

    def test_missing_columns_mean_none(self) -> None:
        """answered=None means no call was answered."""
        ar = kpi.AbandonRate().add_many(arrived=[0, 0], abandoned=[10_000_000, 20_000_000])
        assert ar.exact == 1

    def test_exact_sum_without_overflow(self) -> None:
        """Waits of centuries summed over many calls stay exact (no int64 overflow)."""
        n = 40
        wait = 300 * 365 * 86_400 * 1_000_000  # 300 years in µs; n × wait > 2**63
        asa = kpi.AverageSpeedOfAnswer().add_many(
            arrived=np.zeros(n, dtype=np.int64), answered=np.full(n, wait, dtype=np.int64)
        )
        assert asa.wait_us == n * wait

    def test_empty_columns(self) -> None:
        """No rows: nothing changes."""
        assert kpi.ServiceLevel(threshold=S15).add_many(arrived=[]) == kpi.ServiceLevel(
            threshold=S15
        )

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"arrived": [[0, 1]]}, "arrived must be a one-dimensional array"),  # 2-D
            ({"arrived": [0.5]}, "arrived must hold int64 epoch microseconds"),  # floats
            ({"arrived": [0], "answered": [1, 2]}, "answered has 2 values but arrived has 1"),
            ({"arrived": [0], "abandoned": ["x"]}, "abandoned must hold int64"),  # text
        ],
    )
    def test_bad_columns(self, kwargs: dict[str, object], match: str) -> None:
        """Bad columns raise ParameterError naming the column."""
        with pytest.raises(ParameterError, match=match):
            kpi.ServiceLevel(threshold=S15).add_many(**kwargs)


class TestWithoutNumpy:
    def test_library_imports_and_works_without_numpy(self) -> None:
        """numpy is optional: the package imports and the record path runs without it."""
        code = (
            "import sys; sys.modules['numpy'] = None\n"
            "from datetime import datetime, timedelta, timezone\n"
            "import svcquality as sq\n"
            "from svcquality import kpi\n"
            "t = datetime(2025, 6, 3, tzinfo=timezone.utc)\n"
            "c = kpi.Call(arrived=t, answered=t + timedelta(seconds=3))\n"
            "assert kpi.ServiceLevel(threshold=timedelta(seconds=15)).add(c).value == 1.0\n"
            "assert sq.required_agents(100, timedelta(minutes=30), timedelta(minutes=3),"
            " timedelta(seconds=20), 0.8).agents == 14\n"
            "assert 'numpy' not in {m for m, v in sys.modules.items() if v is not None}\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], check=False, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr

    def test_add_many_says_how_to_get_numpy(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without numpy, add_many raises ImportError naming the 'fast' extra."""
        monkeypatch.setitem(sys.modules, "numpy", None)
        with pytest.raises(ImportError, match=r"pip install 'svcquality\[fast\]'"):
            kpi.ServiceLevel(threshold=S15).add_many(arrived=[0])
