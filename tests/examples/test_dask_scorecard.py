"""examples/dask_scorecard.py: a month of scorecards on Dask, equal to one process."""

from __future__ import annotations

import sys
from functools import reduce

import pytest
from tests.examples.runner import load, run


class TestDaskScorecard:
    def test_month_on_dask_equals_one_process(self) -> None:
        """Partitions accumulated on Dask and merged equal the single-process scorecards."""
        pytest.importorskip("dask")
        code, out, err = run("dask_scorecard", "--days", "3", "--scheduler", "sync")
        assert code == 0, err
        assert "3 partitions merged on Dask (sync) == one process: True" in out
        assert "team-A   service_level" in out
        assert "前25% (top 25%):" in out

    def test_partials_merge_in_any_order(self) -> None:
        """The example's partial results merge to the same month in any order (no Dask needed)."""
        example = load("dask_scorecard")
        parts = [example.score_day(day) for day in (1, 2, 3)]
        forward = reduce(example.merge, parts, example.empty())
        backward = reduce(example.merge, reversed(parts), example.empty())
        assert forward == backward == example.month_in_one_process(3)

    def test_without_dask(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without dask the example says how to install it."""
        monkeypatch.setitem(sys.modules, "dask", None)
        code, _, err = run("dask_scorecard", "--days", "1")
        assert code == 1
        assert "pip install 'svcquality[dask]'" in err

    def test_bad_days(self) -> None:
        """A month has 1 to 30 days here."""
        code, _, err = run("dask_scorecard", "--days", "31")
        assert code == 2
        assert "--days must be from 1 to 30" in err
