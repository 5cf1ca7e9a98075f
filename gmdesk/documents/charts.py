"""Charts as PNG images for Word reports, drawn with Qt's painter on an image (no widgets, no screen).

Why Qt and not matplotlib: the program already ships Qt, and the two charts of the self-inspection report
(bars per month, a line per month) need nothing more; matplotlib with numpy and Pillow added about 80 MB to
the installed program. This is the one module below the UI that imports Qt (QtGui only), and the import
contract names it. Text needs a QGuiApplication: the desktop program has one; the command line (``gmdesk
report``) gets one here on first use, offscreen where there is no display (Linux CI), so nothing opens.

The fonts are chosen from what the machine has: Microsoft YaHei / SimHei on Windows, Noto Sans CJK on Linux.
Without any Chinese font the labels would turn into boxes, so the chart then says so in the log and uses the
default font rather than failing the whole report.
"""

from __future__ import annotations

import logging
import math
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gmdesk.documents.atomic import atomic_output

# Imports inside functions keep Qt (PySide6.QtGui) out of importing this module: only drawing needs it.

log = logging.getLogger(__name__)

CJK_FONTS = (
    "Microsoft YaHei",
    "SimHei",
    "DengXian",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Noto Sans CJK JP",
)
PALETTE = ("#b3261e", "#1f5fa8", "#c9a227", "#2e7d32", "#6a4c93", "#00838f")
DPI = 200
GRID, AXIS, TEXT = "#dddddd", "#000000", "#000000"

_application: Any = None


def _gui() -> None:
    """A QGuiApplication for text rendering: the running one, or one made now (command line, main thread)."""
    global _application
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("charts need a QGuiApplication; create it on the main thread first")
    arguments = ["gmdesk"]
    headless = sys.platform != "win32" and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        arguments += ["-platform", "offscreen"]
    _application = QGuiApplication(arguments)


def _font(point_size: float) -> Any:
    from PySide6.QtGui import QFont, QFontDatabase

    available = set(QFontDatabase.families())
    chosen = [name for name in CJK_FONTS if name in available]
    if not chosen:
        log.warning("no Chinese font found for charts; labels may not render")
    font = QFont()
    if chosen:
        font.setFamilies(chosen)
    font.setPointSizeF(point_size)
    return font


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """0 and round steps (1, 2, 2.5 or 5 × 10ⁿ) up to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _tick_text(value: float, percent: bool) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{text}%" if percent else text


class _Plot:
    """The frame both charts share: the image, the painter, the value axis with its grid, the category axis."""

    def __init__(
        self,
        labels: Sequence[str],
        top: float,
        *,
        title: str,
        y_label: str,
        size_cm: tuple[float, float],
        percent: bool = False,
        room_above: bool = False,
    ) -> None:
        from PySide6.QtCore import QPointF, QRectF, Qt
        from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPen

        _gui()
        width, height = (round(cm / 2.54 * DPI) for cm in size_cm)
        self.image = QImage(width, height, QImage.Format.Format_RGB32)
        dots_per_metre = round(DPI / 0.0254)
        self.image.setDotsPerMeterX(dots_per_metre)
        self.image.setDotsPerMeterY(dots_per_metre)
        self.image.fill(QColor("white"))
        self.painter = painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.small, self.label_font = _font(7), _font(8)
        small = QFontMetricsF(self.small, self.image)
        self.ticks = nice_ticks(top)
        self.percent = percent
        pad = DPI * 0.06
        left = pad + max(small.horizontalAdvance(_tick_text(t, percent)) for t in self.ticks) + pad
        if y_label:
            left += QFontMetricsF(self.label_font, self.image).height() + pad
        top_margin = pad + small.height() * (1.5 if room_above else 0.5)
        if title:
            painter.setFont(_font(9))
            title_height = QFontMetricsF(_font(9), self.image).height()
            painter.setPen(QColor(TEXT))
            painter.drawText(QRectF(0, pad, width, title_height), Qt.AlignmentFlag.AlignCenter, title)
            top_margin += title_height + pad
        bottom = pad + small.height() * 1.6
        self.area = QRectF(left, top_margin, width - left - pad * 2, height - top_margin - bottom)
        self.slot = self.area.width() / max(len(labels), 1)
        area = self.area
        painter.setFont(self.small)
        for tick in self.ticks:  # grid lines and their values
            y = self.y(tick)
            painter.setPen(QPen(QColor(GRID), DPI * 0.006))
            if tick:
                painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QColor(TEXT))
            painter.drawText(
                QRectF(0, y - small.height() / 2, area.left() - pad, small.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                _tick_text(tick, percent),
            )
        for index, label in enumerate(labels):  # categories under the axis
            x = self.x(index)
            painter.setPen(QPen(QColor(AXIS), DPI * 0.006))
            painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + pad * 0.6))
            painter.setPen(QColor(TEXT))
            painter.drawText(
                QRectF(x - self.slot / 2, area.bottom() + pad * 0.6, self.slot, small.height() * 1.2),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                label,
            )
        if y_label:  # the value axis's name, turned to read upwards
            painter.save()
            painter.setFont(self.label_font)
            painter.translate(pad, area.center().y())
            painter.rotate(-90)
            label_height = QFontMetricsF(self.label_font, self.image).height()
            painter.drawText(
                QRectF(-area.height() / 2, 0, area.height(), label_height),
                Qt.AlignmentFlag.AlignCenter,
                y_label,
            )
            painter.restore()

    def x(self, index: int) -> float:
        return self.area.left() + self.slot * (index + 0.5)

    def y(self, value: float) -> float:
        return self.area.bottom() - self.area.height() * (value / self.ticks[-1])

    def axes(self) -> None:
        """The left and bottom axis lines, drawn last so bars and lines sit on them."""
        from PySide6.QtGui import QColor, QPen

        self.painter.setPen(QPen(QColor(AXIS), DPI * 0.008))
        self.painter.drawLine(self.area.bottomLeft(), self.area.bottomRight())
        self.painter.drawLine(self.area.bottomLeft(), self.area.topLeft())

    def save(self, path: Path | str) -> Path:
        self.painter.end()
        with atomic_output(path) as temporary:
            if not self.image.save(str(temporary), "PNG"):  # type: ignore[call-overload]  # str at run time; bytes refused
                raise OSError(f"无法保存图表：{path}")
        return Path(path)


def bar_chart(
    path: Path | str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str = "",
    y_label: str = "",
    highlight: Sequence[bool] | None = None,
    size_cm: tuple[float, float] = (15, 7.5),
    value_format: str = "{:,.0f}",
) -> Path:
    """A bar chart with the value above each bar; highlighted bars (e.g. a failing month) in red."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFontMetricsF

    plot = _Plot(
        labels, max(values, default=0), title=title, y_label=y_label, size_cm=size_cm, room_above=True
    )
    painter, height = plot.painter, QFontMetricsF(plot.small, plot.image).height()
    painter.setFont(_font(6))
    for index, value in enumerate(values):
        colour = PALETTE[0] if highlight and highlight[index] else PALETTE[1]
        x, top = plot.x(index), plot.y(value)
        bar = QRectF(x - plot.slot * 0.325, top, plot.slot * 0.65, plot.area.bottom() - top)
        painter.fillRect(bar, QColor(colour))
        painter.setPen(QColor(TEXT))
        painter.drawText(
            QRectF(x - plot.slot / 2, top - height * 1.05, plot.slot, height),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            value_format.format(value),
        )
    plot.axes()
    return plot.save(path)


def line_chart(
    path: Path | str,
    labels: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    title: str = "",
    y_label: str = "",
    y_max: float | None = None,
    size_cm: tuple[float, float] = (15, 7.5),
    percent: bool = False,
) -> Path:
    """One line per series (e.g. 按期答复率 by month); ``percent`` formats the axis as 0–100 %."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFontMetricsF, QPen, QPolygonF

    top = y_max if y_max is not None else max((v for values in series.values() for v in values), default=0)
    plot = _Plot(labels, top, title=title, y_label=y_label, size_cm=size_cm, percent=percent)
    painter = plot.painter
    for number, (_, values) in enumerate(series.items()):
        colour = QColor(PALETTE[number % len(PALETTE)])
        points = [QPointF(plot.x(i), plot.y(v)) for i, v in enumerate(values)]
        painter.setPen(
            QPen(
                colour, DPI * 0.02, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
            )
        )
        painter.drawPolyline(QPolygonF(points))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for point in points:
            painter.drawEllipse(point, DPI * 0.02, DPI * 0.02)
    if len(series) > 1:  # a legend in the top right corner
        painter.setFont(plot.small)
        metrics = QFontMetricsF(plot.small, plot.image)
        y = plot.area.top()
        for number, name in enumerate(series):
            x = plot.area.right() - metrics.horizontalAdvance(name) - DPI * 0.2
            painter.setPen(QPen(QColor(PALETTE[number % len(PALETTE)]), DPI * 0.02))
            painter.drawLine(
                QPointF(x - DPI * 0.15, y + metrics.height() / 2),
                QPointF(x - DPI * 0.03, y + metrics.height() / 2),
            )
            painter.setPen(QColor(TEXT))
            painter.drawText(
                QRectF(x, y, metrics.horizontalAdvance(name) + 4, metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            y += metrics.height()
    plot.axes()
    return plot.save(path)
