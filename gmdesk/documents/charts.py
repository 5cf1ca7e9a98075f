"""Charts as PNG images for Word reports (matplotlib, Agg backend: no screen, no Qt).

The fonts are chosen from what the machine has: Microsoft YaHei / SimHei on Windows, Noto Sans CJK on
Linux. Without any Chinese font the labels would turn into boxes, so the chart then says so in the log and
uses the default font rather than failing the whole report.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from gmdesk.documents.atomic import atomic_output

log = logging.getLogger(__name__)

CJK_FONTS = ("Microsoft YaHei", "SimHei", "DengXian", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "PingFang SC", "Noto Sans CJK JP")
PALETTE = ("#b3261e", "#1f5fa8", "#c9a227", "#2e7d32", "#6a4c93", "#00838f")


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager, pyplot

    available = {font.name for font in font_manager.fontManager.ttflist}
    chosen = [name for name in CJK_FONTS if name in available]
    if chosen:
        pyplot.rcParams["font.sans-serif"] = [*chosen, "DejaVu Sans"]
        pyplot.rcParams["font.family"] = "sans-serif"
    else:
        log.warning("no Chinese font found for charts; labels may not render")
    pyplot.rcParams["axes.unicode_minus"] = False
    return pyplot


def bar_chart(path: Path | str, labels: Sequence[str], values: Sequence[float], *, title: str = "",
              y_label: str = "", highlight: Sequence[bool] | None = None, size_cm: tuple[float, float] = (15, 7.5),
              value_format: str = "{:,.0f}") -> Path:
    """A bar chart with the value above each bar; highlighted bars (e.g. a failing month) in red."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(size_cm[0] / 2.54, size_cm[1] / 2.54), dpi=200)
    try:
        colours = [PALETTE[0] if highlight and highlight[i] else PALETTE[1] for i in range(len(values))]
        bars = axes.bar(range(len(values)), values, color=colours, width=0.65)
        axes.set_xticks(range(len(labels)), labels, fontsize=7)
        axes.tick_params(axis="y", labelsize=7)
        for bar, value in zip(bars, values, strict=True):
            axes.annotate(value_format.format(value), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                          ha="center", va="bottom", fontsize=6, xytext=(0, 1), textcoords="offset points")
        _finish(axes, title, y_label)
        return _save(figure, path)
    finally:
        pyplot.close(figure)


def line_chart(path: Path | str, labels: Sequence[str], series: dict[str, Sequence[float]], *, title: str = "",
               y_label: str = "", y_max: float | None = None, size_cm: tuple[float, float] = (15, 7.5),
               percent: bool = False) -> Path:
    """One line per series (e.g. 按期答复率 by month); ``percent`` formats the axis as 0–100 %."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(size_cm[0] / 2.54, size_cm[1] / 2.54), dpi=200)
    try:
        for index, (name, values) in enumerate(series.items()):
            axes.plot(range(len(values)), values, marker="o", markersize=3, linewidth=1.5,
                      color=PALETTE[index % len(PALETTE)], label=name)
        axes.set_xticks(range(len(labels)), labels, fontsize=7)
        axes.tick_params(axis="y", labelsize=7)
        if y_max is not None:
            axes.set_ylim(0, y_max)
        if percent:
            from matplotlib.ticker import PercentFormatter

            axes.yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
        if len(series) > 1:
            axes.legend(fontsize=7, frameon=False)
        _finish(axes, title, y_label)
        return _save(figure, path)
    finally:
        pyplot.close(figure)


def _finish(axes, title: str, y_label: str) -> None:  # type: ignore[no-untyped-def]
    if title:
        axes.set_title(title, fontsize=9)
    if y_label:
        axes.set_ylabel(y_label, fontsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _save(figure, path: Path | str) -> Path:  # type: ignore[no-untyped-def]
    figure.tight_layout()
    with atomic_output(path) as temporary:
        figure.savefig(temporary, format="png")
    return Path(path)
