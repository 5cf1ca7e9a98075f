"""Charts for the report: real PNG files with Chinese labels, drawn with Qt's painter, written atomically, and
drawn from the command line too, where no QApplication exists and there is no screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from gmdesk.documents.charts import DPI, PALETTE, bar_chart, line_chart, nice_ticks

PNG = b"\x89PNG\r\n\x1a\n"


def colours(path: Path) -> set[str]:
    image = QImage(str(path))
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    }


def test_bar_chart_of_posts_per_month(tmp_path: Path) -> None:
    months = [f"{m}月" for m in range(1, 13)]
    path = bar_chart(
        tmp_path / "posts.png",
        months,
        [120, 98, 130, 141, 135, 150, 160, 155, 149, 90, 170, 0],
        title="2026年各月信息发布量",
        y_label="条",
        highlight=[False] * 10 + [True, False],
    )
    data = path.read_bytes()
    assert data[:8] == PNG
    image = QImage(str(path))
    assert image.width() == round(15 / 2.54 * DPI) and image.height() == round(7.5 / 2.54 * DPI)
    assert round(image.dotsPerMeterX() * 0.0254) == DPI  # Word places it at 15 cm
    found = colours(path)
    assert PALETTE[1] in found and PALETTE[0] in found  # the bars, and the highlighted one in red
    assert [p.name for p in tmp_path.iterdir()] == ["posts.png"]


def test_line_chart_of_reply_timeliness(tmp_path: Path) -> None:
    path = line_chart(
        tmp_path / "replies.png",
        ["1月", "2月", "3月"],
        {"按期答复率": [95.0, 88.5, 100.0], "首次回应率": [99.0, 97.0, 98.0]},
        title="按期答复率",
        y_max=100,
        percent=True,
    )
    assert path.read_bytes()[:8] == PNG
    found = colours(path)
    assert PALETTE[0] in found and PALETTE[1] in found  # one colour per series


def test_value_axis_steps_are_round() -> None:
    assert nice_ticks(1312) == [0, 500, 1000, 1500]
    assert nice_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(0) == [0, 1]


def test_the_command_line_draws_charts_without_a_screen(tmp_path: Path) -> None:
    """A new process with no QApplication, no DISPLAY and no QT_QPA_PLATFORM: the chart still renders, quietly."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    script = (
        "import sys; from gmdesk.documents.charts import bar_chart; "
        "bar_chart(sys.argv[1], ['1月', '2月'], [3, 5], y_label='发布数量（条）')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "cli.png")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no Qt warning, no font complaint
    assert QImage(str(tmp_path / "cli.png")).width() > 1000
