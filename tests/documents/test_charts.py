"""Charts for the report: real PNG files with Chinese labels, written atomically."""

from __future__ import annotations

from pathlib import Path

from gmdesk.documents.charts import bar_chart, line_chart

PNG = b"\x89PNG\r\n\x1a\n"


def test_bar_chart_of_posts_per_month(tmp_path: Path) -> None:
    months = [f"{m}月" for m in range(1, 13)]
    path = bar_chart(tmp_path / "posts.png", months, [120, 98, 130, 141, 135, 150, 160, 155, 149, 90, 170, 0],
                     title="2026年各月信息发布量", y_label="条", highlight=[False] * 11 + [True])
    data = path.read_bytes()
    assert data[:8] == PNG
    width = int.from_bytes(data[16:20], "big")
    assert width > 1000  # 15 cm at 200 dpi
    assert [p.name for p in tmp_path.iterdir()] == ["posts.png"]


def test_line_chart_of_reply_timeliness(tmp_path: Path) -> None:
    path = line_chart(tmp_path / "replies.png", ["1月", "2月", "3月"], {"按期答复率": [95.0, 88.5, 100.0]},
                      title="按期答复率", y_max=100, percent=True)
    assert path.read_bytes()[:8] == PNG
