"""examples/plot_timeline.py: the month's heat maps and one request's timeline as PNG files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tests.examples.runner import run

PNG = b"\x89PNG\r\n\x1a\n"


class TestPlotTimeline:
    def test_writes_three_pngs(self, tmp_path: Path) -> None:
        """Three PNG files in the folder given; the request's figures printed."""
        pytest.importorskip("matplotlib")
        code, out, err = run("plot_timeline", str(tmp_path / "plots"))
        assert code == 0, err
        names = ("heatmap_day_hour.png", "heatmap_type_nature.png", "timeline.png")
        for name in names:
            path = tmp_path / "plots" / name
            assert path.read_bytes()[:8] == PNG
            assert f"wrote {path}" in out
        # Opened 10:30, 30 min before the pause: without it due 14:00; paused 11:00-13:30,
        # so 90 min are left from 13:30: due 15:00; resolved 15:40, late.
        assert "KH-002 开户: original due 14:00, due 15:00, breached (resolved 15:40)" in out
        assert "热力图 heat map: 400 items" in out

    def test_without_matplotlib(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """Without matplotlib the example says how to install it and writes nothing."""
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        code, _, err = run("plot_timeline", str(tmp_path / "none"))
        assert code == 1
        assert "pip install 'svcquality[plot]'" in err
        assert not (tmp_path / "none").exists()
