"""svcquality.kpi._base: the accumulator protocol every KPI shares, as laws.

For every KPI: ``add`` leaves the accumulator unchanged; adding one by one
equals ``add_all``; ``merge`` is associative and commutative with ``empty()``
as identity; any partition merged equals one pass; accumulators pickle;
``records`` counts every record; options must agree to merge.
"""

from __future__ import annotations

import pickle
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcquality import kpi
from svcquality.errors import ParameterError, SvcQualityError
from svcquality.kpi._base import mean_timedelta

from .strategies import (
    agent_times,
    calls,
    complaint_counts,
    contacts,
    handlings,
    headcounts,
    scores,
)

S15 = timedelta(seconds=15)
flags = st.sampled_from([True, False, None, 1])

#: (id, empty accumulator, record strategy) for every KPI.
CASES: list[tuple[str, kpi.Accumulator, st.SearchStrategy[Any]]] = [
    *(
        (
            f"service_level-{d}",
            kpi.ServiceLevel(threshold=S15, definition=d, short_abandon=timedelta(seconds=3)),
            calls(),
        )
        for d in ("offered", "exclude_early_abandons", "early_abandons_met", "answered")
    ),
    ("abandon_rate", kpi.AbandonRate(short_abandon=timedelta(seconds=5)), calls()),
    ("asa", kpi.AverageSpeedOfAnswer(), calls()),
    ("average_delay", kpi.AverageDelay(short_abandon=timedelta(seconds=2)), calls()),
    ("aht", kpi.AverageHandleTime(), handlings()),
    ("occupancy", kpi.Occupancy(), agent_times()),
    ("recording", kpi.RecordingSuccess(), st.builds(kpi.Recording, flags)),
    ("errors", kpi.ServiceErrorRate(), st.builds(kpi.Transaction, flags)),
    ("on_time", kpi.OnTimeRate(), st.builds(kpi.Completion, flags)),
    ("csat", kpi.CSAT(), st.builds(kpi.CustomerRating, st.integers(-1, 7))),
    (
        "employees",
        kpi.EmployeeSatisfaction(share="dissatisfied"),
        st.builds(kpi.EmployeeRating, st.integers(-1, 7)),
    ),
    ("complaints", kpi.ComplaintRate(per="transactions"), complaint_counts()),
    ("attrition", kpi.Attrition(), headcounts()),
    ("fcr_survey", kpi.FirstContactResolution(method="survey"), contacts()),
    (
        "fcr_no_repeat",
        kpi.FirstContactResolution(method="no_repeat", window=timedelta(days=3)),
        contacts(),
    ),
    ("ranking", kpi.Ranking(fraction=0.25), scores()),
]
IDS = [c[0] for c in CASES]


def _parts(data: st.DataObject, records: list[object], n: int) -> list[list[object]]:
    """Split ``records`` into ``n`` parts at drawn positions, in a drawn order."""
    cuts = sorted(data.draw(st.lists(st.integers(0, len(records)), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, len(records)]
    parts = [records[bounds[i] : bounds[i + 1]] for i in range(n)]
    return data.draw(st.permutations(parts))


@pytest.mark.parametrize(("name", "empty", "records"), CASES, ids=IDS)
class TestMergeLaws:
    @given(data=st.data())
    @settings(max_examples=40)
    def test_partitions_equal_one_pass(
        self, name: str, empty: kpi.Accumulator, records: Any, data: st.DataObject
    ) -> None:
        """Any split into three partitions, merged in any order, equals one pass."""
        rs = data.draw(st.lists(records, max_size=30))
        a, b, c = (empty.add_all(p) for p in _parts(data, rs, 3))
        one = empty.add_all(rs)
        assert a.merge(b).merge(c) == one
        assert a.merge(b.merge(c)) == one  # associative
        assert c.merge(a).merge(b) == one  # commutative
        assert one.records == len(rs)

    @given(data=st.data())
    @settings(max_examples=25)
    def test_identity_and_one_by_one(
        self, name: str, empty: kpi.Accumulator, records: Any, data: st.DataObject
    ) -> None:
        """empty() is the identity; add one by one equals add_all; add leaves self alone."""
        rs = data.draw(st.lists(records, max_size=15))
        acc = empty.add_all(rs)
        assert acc.merge(acc.empty()) == acc
        assert acc.empty().merge(acc) == acc
        assert acc.empty() == empty
        step = empty
        for r in rs:
            before = step
            snapshot = pickle.loads(pickle.dumps(step))
            step = step.add(r)
            assert before == snapshot  # the dict states (chains, scores) are not mutated
        assert step == acc
        assert empty.records == 0
        assert empty.value is None

    @given(data=st.data())
    @settings(max_examples=15)
    def test_pickles(
        self, name: str, empty: kpi.Accumulator, records: Any, data: st.DataObject
    ) -> None:
        """An accumulator survives pickling (partitions travel between workers)."""
        acc = empty.add_all(data.draw(st.lists(records, max_size=10)))
        assert pickle.loads(pickle.dumps(acc)) == acc

    def test_wrong_record_type_is_rejected(
        self, name: str, empty: kpi.Accumulator, records: Any
    ) -> None:
        """A record of another type is counted, not dropped and not raised."""
        acc = empty.add(object())
        assert acc.rejected == {"wrong record type": 1}
        assert acc.records == 1
        assert acc.value is None

    def test_merge_refuses_another_kpi(
        self, name: str, empty: kpi.Accumulator, records: Any
    ) -> None:
        """Merging two different KPIs is a ParameterError naming both."""
        other: kpi.Accumulator = (
            kpi.CSAT() if not isinstance(empty, kpi.CSAT) else kpi.AbandonRate()
        )
        with pytest.raises(ParameterError, match=r"cannot merge \w+ with \w+"):
            empty.merge(other)


class TestMergeOptions:
    @pytest.mark.parametrize(
        ("left", "right", "match"),
        [
            # thresholds differ
            (
                kpi.ServiceLevel(threshold=S15),
                kpi.ServiceLevel(threshold=timedelta(seconds=20)),
                r"threshold=datetime.timedelta\(seconds=15\) vs threshold=",
            ),
            # definitions differ
            (
                kpi.ServiceLevel(threshold=S15),
                kpi.ServiceLevel(threshold=S15, definition="answered"),
                "definition='offered' vs definition='answered'",
            ),
            # short-abandon allowances differ
            (
                kpi.AbandonRate(),
                kpi.AbandonRate(short_abandon=timedelta(seconds=5)),
                "short_abandon",
            ),
            # complaint bases differ
            (kpi.ComplaintRate(), kpi.ComplaintRate(per="transactions"), "per='customers'"),
            # repeat windows differ
            (
                kpi.FirstContactResolution(method="no_repeat", window=timedelta(days=7)),
                kpi.FirstContactResolution(method="no_repeat", window=timedelta(days=3)),
                "window",
            ),
            # ranking directions differ
            (kpi.Ranking(), kpi.Ranking(better="lower"), "better='higher' vs better='lower'"),
        ],
    )
    def test_different_options_refused(
        self, left: kpi.Accumulator, right: kpi.Accumulator, match: str
    ) -> None:
        """Accumulators built with other options do not merge: a clear ParameterError."""
        with pytest.raises(ParameterError, match=match) as info:
            left.merge(right)
        assert "different options" in str(info.value)
        assert isinstance(info.value, SvcQualityError)
        assert isinstance(info.value, ValueError)

    def test_options_reported(self) -> None:
        """options() lists what a merge must agree on."""
        sl = kpi.ServiceLevel(threshold=S15, definition="answered")
        assert sl.options() == {
            "threshold": S15,
            "definition": "answered",
            "short_abandon": timedelta(0),
        }


class TestMeanTimedelta:
    @pytest.mark.parametrize(
        ("total", "n", "expected"),
        [
            (0, 0, None),  # nothing measured
            (3, 2, 2),  # 1.5 µs: tie, to even (2)
            (1, 2, 0),  # 0.5 µs: tie, to even (0)
            (5, 2, 2),  # 2.5 µs: tie, to even (2)
            (7, 3, 2),  # 2.33 µs: down
            (8, 3, 3),  # 2.67 µs: up
            (41_000_000, 3, 13_666_667),  # 13.6666667 s
        ],
    )
    def test_rounding(self, total: int, n: int, expected: int | None) -> None:
        """The mean is rounded to the nearest microsecond, ties to even."""
        got = mean_timedelta(total, n)
        assert got == (None if expected is None else timedelta(microseconds=expected))


class TestPublicNames:
    def test_all_is_complete(self) -> None:
        """kpi.__all__ names every public attribute of the package and nothing else."""
        # "@py_builtins" and friends: pytest rewrites the asserts of a package that
        # ships a pytest11 plugin, as svcquality does.
        public = {n for n in dir(kpi) if not n.startswith(("_", "@"))}
        assert set(kpi.__all__) == public - {"annotations"}

    def test_reasons_are_texts(self) -> None:
        """Rejection reasons are plain texts a host can match on."""
        values = [v for k, v in vars(kpi.Reasons).items() if k.isupper()]
        assert all(isinstance(v, str) for v in values)
        assert len(set(values)) == len(values)
