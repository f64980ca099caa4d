"""examples/columns_report.py: a month of tickets from parquet, the report by team, on Dask."""

from __future__ import annotations

import sys
from datetime import timedelta

import numpy as np
import pytest
from tests.examples.runner import load, run


class TestColumnsReport:
    def test_report_on_dask_equals_one_process(self) -> None:
        """The parquet month's report, and the same on Dask partitions, merged."""
        pytest.importorskip("pyarrow")
        pytest.importorskip("dask")
        code, out, err = run("columns_report", "--tickets", "600", "--scheduler", "sync")
        assert code == 0, err
        assert "600 tickets of October 2025 read from tickets-2025-10.parquet" in out
        assert "4 partitions on Dask (sync) == one process: True" in out

    def test_figures_equal_the_scalar_api(self) -> None:
        """Each team's counts equal a loop of scalar calls over the same tickets."""
        pytest.importorskip("pyarrow")
        example = load("columns_report")
        cal = example.branch()
        cols = example.tickets(300)
        import pyarrow as pa

        stamp = pa.timestamp("us", tz="Asia/Shanghai")
        table = pa.table(
            {"team": pa.array(cols["team"])}
            | {
                k: pa.array(
                    cols[k].view(np.int64),
                    type=pa.int64(),
                    mask=cols[k].view(np.int64) == example.NAT,
                ).cast(stamp)
                for k in ("created", "replied", "resolved")
            }
        )
        report = example.score(cal, table)
        rows = table.to_pylist()
        for team in example.TEAMS:
            mine = [r for r in rows if r["team"] == team]
            replied = [r for r in mine if r["replied"] is not None]
            met = [r for r in replied if r["replied"] <= cal.add(r["created"], example.TARGET)]
            closed = [r for r in mine if r["resolved"] is not None]
            minutes = sum(
                (cal.between(r["created"], r["replied"]) for r in replied), timedelta(0)
            ) // timedelta(minutes=1)
            assert report[team]["tickets"] == len(mine)
            assert report[team]["met"] == len(met)
            assert report[team]["breached"] == len(replied) - len(met)
            assert report[team]["working days to resolve"] == sum(
                cal.working_days_between(r["created"], r["resolved"]) for r in closed
            )
            assert report[team]["business minutes to reply"] == minutes
            still_open = [r for r in mine if r["resolved"] is None]
            assert report[team]["open at month end"] == len(still_open)

    def test_without_pyarrow(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pyarrow the example says how to install it."""
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        code, _, err = run("columns_report", "--tickets", "10")
        assert code == 1
        assert "pip install 'svcquality[columns]'" in err

    def test_bad_partitions(self) -> None:
        code, _, err = run("columns_report", "--tickets", "10", "--partitions", "0")
        assert code == 2
        assert "--partitions must be from 1 to --tickets" in err
