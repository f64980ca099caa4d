"""examples/plot_timeline.py: a branch's month and one request's timeline as PNG files."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest
from tests.examples.runner import load, run

PNG = b"\x89PNG\r\n\x1a\n"
NAMES = ("heatmap_day_hour.png", "heatmap_type_nature.png", "timeline.png")


def _without_cjk_font(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The example as on a machine with no font that draws Chinese."""
    module = load("plot_timeline")
    monkeypatch.setattr(module, "find_cjk_font", lambda: None)
    return module


def _main(module: ModuleType, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = module.main(list(argv))
    return code, out.getvalue(), err.getvalue()


class TestPlotTimeline:
    def test_writes_three_pngs(self, tmp_path: Path) -> None:
        """Three PNG files in the folder given; the request's and the month's figures printed."""
        pytest.importorskip("matplotlib")
        code, out, err = run("plot_timeline", str(tmp_path / "plots"), "--labels", "en")
        assert code == 0, err
        for name in NAMES:
            path = tmp_path / "plots" / name
            assert path.read_bytes()[:8] == PNG
            assert f"wrote {path}" in out
        assert "labels: en\n" in out
        # Opened 10:30, 30 min before the pause: without it due 14:00; paused 11:00-13:30,
        # so 90 min are left from 13:30: due 15:00; resolved 15:40, late by 40 business min.
        assert "KH-002 开户: original due 14:00, due 15:00, breached (resolved 15:40)" in out
        assert "KH-002 开户：已超时 40分钟（时限 15:00，15:40 办结）" in out
        # The seeded month: the late share peaks on the last day of National Day's break.
        assert "2025年10月: 5554 笔, 逾期 970 笔 (17.5%); 逾期占比最高 10月8日 (56%)" in out
        assert "热力图 heat map: 400 items" in out

    def test_chinese_labels_with_a_cjk_font(self, tmp_path: Path) -> None:
        """With a font that draws Chinese installed, auto picks Chinese and names the font."""
        pytest.importorskip("matplotlib")
        module = load("plot_timeline")
        if module.find_cjk_font() is None:
            pytest.skip("no CJK font installed (CI installs fonts-wqy-microhei)")
        code, out, err = _main(module, str(tmp_path / "zh"))
        assert code == 0, err
        assert "labels: zh (font " in out
        assert err == ""
        assert all((tmp_path / "zh" / name).read_bytes()[:8] == PNG for name in NAMES)

    def test_no_cjk_font_says_what_to_install(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """Without a CJK font, auto draws English labels and says which package to install."""
        pytest.importorskip("matplotlib")
        code, out, err = _main(_without_cjk_font(monkeypatch), str(tmp_path / "en"))
        assert code == 0, err
        assert "labels: en\n" in out
        assert "fonts-noto-cjk" in err
        assert "labels are English" in err
        assert (tmp_path / "en" / "timeline.png").read_bytes()[:8] == PNG

    def test_chinese_insisted_without_font_fails(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """``--labels zh`` without a CJK font is an error, not boxes in the picture."""
        pytest.importorskip("matplotlib")
        code, _, err = _main(_without_cjk_font(monkeypatch), str(tmp_path / "x"), "--labels", "zh")
        assert code == 1
        assert "fonts-wqy-microhei" in err
        assert not (tmp_path / "x").exists()

    def test_days_carry_weekday_and_marks(self) -> None:
        """Every day is labelled: weekday, 休 for a statutory holiday, 班 for a make-up day."""
        module = load("plot_timeline")
        assert module.day_label(1, "zh") == ("10-01 周三 休", "tab:red")
        assert module.day_label(11, "zh") == ("10-11 周六 班", "tab:blue")
        assert module.day_label(12, "zh") == ("10-12 周日", "0.45")
        assert module.day_label(9, "zh") == ("10-09 周四", "black")
        assert module.day_label(8, "en") == ("10-08 Wed (holiday)", "tab:red")

    def test_lateness_in_english(self) -> None:
        """The timeline's title states the lateness in business time, in either language."""
        module = load("plot_timeline")
        assert module.lateness("en") == (
            "KH-002 account opening: late by 40 min (due 15:00, resolved 15:40)"
        )

    def test_without_matplotlib(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """Without matplotlib the example says how to install it and writes nothing."""
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        code, _, err = run("plot_timeline", str(tmp_path / "none"))
        assert code == 1
        assert "pip install 'svcquality[plot]'" in err
        assert not (tmp_path / "none").exists()
