"""The dashboard's small charts, painted with QPainter: no matplotlib at start-up, crisp at any scaling."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gmdesk.ui import palette

TEXT = QColor(palette.TEXT)
MUTED = QColor(palette.MUTED)
GRID = QColor(palette.GRID)
PUBLISHED = QColor(palette.INFO_SOFT)
ORIGINAL = QColor(palette.INFO)
GOOD = QColor(palette.GOOD)
FAIR = QColor(palette.MARK_CAUTION)
POOR = QColor(palette.DANGER)


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    part: int
    """The darker part at the bottom of the bar (原创 of all posts)."""


class MonthBars(QWidget):
    """Posts per month: a light bar for all posts, its 原创 part dark at the bottom, the count above."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.empty_text = "正在统计…"
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 200)

    def set_bars(self, bars: Sequence[Bar], empty_text: str = "今年还没有发布记录") -> None:
        self.bars = list(bars)
        self.empty_text = empty_text
        self.setToolTip("\n".join(f"{b.label}：发布{b.total:,}条，其中原创{b.part:,}条" for b in self.bars))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(8, 8, -8, -6)
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, self.font().pointSizeF() * 0.85))
        painter.setFont(small)
        if not any(b.total for b in self.bars):
            painter.setPen(MUTED)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        line = painter.fontMetrics().height()
        plot = rect.adjusted(0, line + 2, 0, -(line + 4))
        top = max(b.total for b in self.bars)
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        slot = plot.width() / len(self.bars)
        width = min(slot * 0.62, 34.0)
        for index, bar in enumerate(self.bars):
            x = plot.left() + slot * index + (slot - width) / 2
            height = plot.height() * bar.total / top if top else 0
            part = plot.height() * bar.part / top if top else 0
            painter.fillRect(QRectF(x, plot.bottom() - height, width, height), PUBLISHED)
            painter.fillRect(QRectF(x, plot.bottom() - part, width, part), ORIGINAL)
            painter.setPen(MUTED)
            label_box = QRectF(plot.left() + slot * index, plot.bottom() + 3, slot, line)
            painter.drawText(label_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, bar.label)
            if bar.total:
                painter.setPen(TEXT)
                value_box = QRectF(
                    plot.left() + slot * index - 6, plot.bottom() - height - line - 1, slot + 12, line
                )
                painter.drawText(
                    value_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, _short(bar.total)
                )


def _short(value: int) -> str:
    return f"{value / 10000:.1f}万" if value >= 10000 else f"{value:,}"


class RateRing(QWidget):
    """A rate as a ring: green from ``good`` up, amber from ``fair``, red below; "—" when there is no rate."""

    def __init__(
        self, caption: str, good: float = 0.95, fair: float = 0.85, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.caption = caption
        self.rate: float | None = None
        self.note = ""
        self.good, self.fair = good, fair
        self.setMinimumSize(150, 150)

    def sizeHint(self) -> QSize:
        return QSize(170, 170)

    def set_rate(self, rate: float | None, note: str = "") -> None:
        self.rate, self.note = rate, note
        self.setToolTip(
            f"{self.caption}：{'—' if rate is None else f'{rate * 100:.1f}%'}" + (f"\n{note}" if note else "")
        )
        self.update()

    def colour(self) -> QColor:
        if self.rate is None:
            return MUTED
        return GOOD if self.rate >= self.good else FAIR if self.rate >= self.fair else POOR

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = painter.fontMetrics().height()
        side = min(self.width(), self.height() - 2 * line - 6) - 16
        box = QRectF((self.width() - side) / 2, 6, side, side)
        pen = QPen(GRID, max(8.0, side / 11))
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawArc(box, 0, 360 * 16)
        if self.rate is not None:
            pen.setColor(self.colour())
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawArc(box, 90 * 16, -round(360 * 16 * max(0.0, min(1.0, self.rate))))
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 1.5)
        big.setBold(True)
        painter.setFont(big)
        painter.setPen(TEXT)
        painter.drawText(
            box, Qt.AlignmentFlag.AlignCenter, "—" if self.rate is None else f"{self.rate * 100:.1f}%"
        )
        painter.setFont(self.font())
        painter.setPen(TEXT)
        caption_box = QRectF(0, box.bottom() + 4, self.width(), line)
        painter.drawText(caption_box, Qt.AlignmentFlag.AlignHCenter, self.caption)
        if self.note:
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(0, caption_box.bottom(), self.width(), line), Qt.AlignmentFlag.AlignHCenter, self.note
            )
