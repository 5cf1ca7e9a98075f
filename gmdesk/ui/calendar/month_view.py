"""The month grid: six weeks of painted day cells (counts, posts, worst risk, holidays, notes).

Keyboard: arrows move the day, PageUp/PageDown a month, Home today, Enter adds a post on the day.
Planned posts drawn in a cell can be dragged onto another day; any widget of the tab may drop a post here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from gmdesk.domain.enums import PostStatus
from gmdesk.domain.workdays import DayKind, add_months
from gmdesk.services.posts_calendar import DayCell, Period
from gmdesk.ui import palette
from gmdesk.ui.calendar import colors
from gmdesk.ui.calendar.drag import POST_MIME, post_id_from, post_mime

HEADERS = ("一", "二", "三", "四", "五", "六", "日")
HEADER_HEIGHT = 26


@dataclass(frozen=True)
class _Chip:
    rect: QRect
    post_id: int
    movable: bool


class MonthGrid(QWidget):
    day_selected = Signal(object)
    """The selected day changed (a date, possibly in another month)."""
    day_activated = Signal(object)
    """Enter or a double click on a day: quick add."""
    post_activated = Signal(int)
    """A double click on a post in a cell."""
    move_requested = Signal(int, object)
    """A planned post was dropped on a day: (post id, date)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(560, 420)
        self.period: Period | None = None
        self.month = date.today().replace(day=1)
        self.selected = date.today()
        self.today = date.today()
        self._chips: list[_Chip] = []
        self._press: tuple[QPoint, _Chip] | None = None
        self._drop_day: date | None = None
        self.setAccessibleName("月历")

    # ------------------------------------------------------------------ data
    def show_period(self, period: Period, selected: date) -> None:
        self.period = period
        self.month = period.first.replace(day=1)
        self.today = period.today
        self.selected = selected
        self.update()

    def first_shown(self) -> date:
        """The Monday on or before the 1st: the grid always starts a week on Monday."""
        return self.month - timedelta(days=self.month.weekday())

    def cell_rect(self, day: date) -> QRect:
        index = (day - self.first_shown()).days
        if not 0 <= index < 42:
            return QRect()
        width = self.width() / 7
        height = (self.height() - HEADER_HEIGHT) / 6
        row, column = divmod(index, 7)
        x, y = round(column * width), round(HEADER_HEIGHT + row * height)
        return QRect(x, y, round((column + 1) * width) - x, round(HEADER_HEIGHT + (row + 1) * height) - y)

    def day_at(self, point: QPoint) -> date | None:
        if point.y() < HEADER_HEIGHT:
            return None
        column = int(point.x() / (self.width() / 7))
        row = int((point.y() - HEADER_HEIGHT) / ((self.height() - HEADER_HEIGHT) / 6))
        if not (0 <= column < 7 and 0 <= row < 6):
            return None
        return self.first_shown() + timedelta(days=row * 7 + column)

    def sizeHint(self) -> QSize:
        return QSize(900, 640)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._chips = []
        base = QFont(self.font())
        self._paint_header(painter, base)
        first = self.first_shown()
        for index in range(42):
            day = first + timedelta(days=index)
            cell = self.period.cell(day) if self.period is not None else None
            self._paint_cell(painter, base, day, cell)
        painter.end()

    def _paint_header(self, painter: QPainter, base: QFont) -> None:
        painter.fillRect(QRect(0, 0, self.width(), HEADER_HEIGHT), colors.qcolor(palette.HEADER))
        font = QFont(base)
        font.setBold(True)
        painter.setFont(font)
        width = self.width() / 7
        for column, text in enumerate(HEADERS):
            rect = QRect(round(column * width), 0, round(width), HEADER_HEIGHT)
            painter.setPen(colors.qcolor(colors.HOLIDAY_TEXT if column >= 5 else colors.TEXT))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"星期{text}")

    def _paint_cell(self, painter: QPainter, base: QFont, day: date, cell: DayCell | None) -> None:
        rect = self.cell_rect(day)
        inside = day.month == self.month.month and cell is not None
        kind = cell.kind if cell is not None else (DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY)
        painter.fillRect(rect, colors.qcolor(colors.DAY_BACKGROUND[kind] if inside else palette.PANEL))
        painter.setPen(QPen(colors.qcolor(colors.GRID), 1))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        inner = rect.adjusted(6, 4, -6, -4)
        risk = cell.risk if cell is not None and inside else None
        if risk is not None:  # a band on the left: solid for what happened, light for a forecast
            future = day > self.today
            band = QRect(rect.left() + 1, rect.top() + 1, 5, rect.height() - 2)
            painter.fillRect(band, colors.qcolor(colors.RISK_SOFT[risk] if future else colors.RISK[risk]))
            if future:
                painter.setPen(QPen(colors.qcolor(colors.RISK[risk]), 1, Qt.PenStyle.DashLine))
                painter.drawRect(band.adjusted(0, 0, -1, -1))
            inner.setLeft(inner.left() + 4)
        self._paint_day_number(painter, base, inner, day, cell, inside)
        if not inside or cell is None:
            return
        small = QFont(base)
        small.setPointSizeF(max(7.5, base.pointSizeF() - 1.5))
        painter.setFont(small)
        metrics = QFontMetrics(small)
        line = metrics.height() + 1
        y = inner.top() + 22
        summary = _summary(cell)
        if summary:
            painter.setPen(colors.qcolor(colors.MUTED))
            painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt.AlignmentFlag.AlignLeft, summary)
            y += line
        if risk is not None and cell.risks:
            first = cell.risks[0]
            extra = f" 等{len(cell.risks)}项" if len(cell.risks) > 1 else ""
            text = f"{'△' if day > self.today else '⚠'} {first.account} {first.label}{extra}"
            painter.setPen(colors.qcolor(colors.RISK[risk]))
            painter.drawText(
                QRect(inner.left(), y, inner.width(), line),
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width()),
            )
            y += line
        bottom = inner.bottom() - (line if cell.notes else 0)
        shown = 0
        for chip in cell.chips:
            if y + line > bottom:
                break
            colour = colors.OVERDUE if chip.is_overdue(self.today) else colors.STATUS[chip.status]
            chip_rect = QRect(inner.left(), y, inner.width(), line)
            painter.fillRect(QRect(chip_rect.left(), chip_rect.top() + 2, 3, line - 4), colors.qcolor(colour))
            painter.setPen(
                colors.qcolor(colors.MUTED if chip.status is PostStatus.CANCELLED else colors.TEXT)
            )
            who = f"{chip.account} " if self.period is not None and self.period.accounts > 1 else ""
            text = f"{chip.at:%H:%M} {who}{chip.title}"
            painter.drawText(
                chip_rect.adjusted(6, 0, 0, 0),
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, chip_rect.width() - 6),
            )
            self._chips.append(_Chip(chip_rect, chip.id, chip.status is PostStatus.PLANNED))
            y += line
            shown += 1
        if shown < len(cell.chips):
            painter.setPen(colors.qcolor(colors.MUTED))
            painter.drawText(
                QRect(inner.left(), bottom - line, inner.width(), line),
                Qt.AlignmentFlag.AlignRight,
                f"还有{len(cell.chips) - shown}条",
            )
        if cell.notes:
            painter.setPen(colors.qcolor(colors.ADJUSTED_TEXT))
            note = "✎ " + "；".join(n.text for n in cell.notes)
            painter.drawText(
                QRect(inner.left(), inner.bottom() - line, inner.width(), line),
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(note, Qt.TextElideMode.ElideRight, inner.width()),
            )
        if day == self._drop_day:
            painter.setPen(QPen(colors.qcolor(colors.SELECTED), 2, Qt.PenStyle.DashLine))
            painter.drawRect(rect.adjusted(2, 2, -3, -3))

    def _paint_day_number(
        self, painter: QPainter, base: QFont, inner: QRect, day: date, cell: DayCell | None, inside: bool
    ) -> None:
        font = QFont(base)
        font.setBold(True)
        font.setPointSizeF(base.pointSizeF() + 1.5)
        painter.setFont(font)
        off = cell is not None and cell.kind in (DayKind.HOLIDAY, DayKind.WEEKEND)
        number = QRect(inner.left(), inner.top(), 26, 20)
        if day == self.today:
            painter.setBrush(colors.qcolor(colors.TODAY))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(number.adjusted(1, -1, -1, 1))
            painter.setPen(colors.qcolor(palette.WHITE))
        else:
            colour = colors.OTHER_MONTH if not inside else (colors.HOLIDAY_TEXT if off else colors.TEXT)
            painter.setPen(colors.qcolor(colour))
        painter.drawText(number, Qt.AlignmentFlag.AlignCenter, str(day.day))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if inside and cell is not None and cell.label:
            small = QFont(base)
            small.setPointSizeF(max(7.5, base.pointSizeF() - 1.5))
            painter.setFont(small)
            painter.setPen(
                colors.qcolor(colors.HOLIDAY_TEXT if cell.kind is DayKind.HOLIDAY else colors.ADJUSTED_TEXT)
            )
            label = QRect(number.right() + 4, inner.top(), inner.width() - number.width() - 4, 20)
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, cell.label)
        if day == self.selected:
            # with the keyboard in the grid, the chosen day stands out more (a thicker frame and a focus line)
            focused = self.hasFocus()
            painter.setPen(QPen(colors.qcolor(colors.SELECTED), 3 if focused else 2))
            painter.drawRect(self.cell_rect(day).adjusted(1, 1, -2, -2))
            if focused:
                painter.setPen(QPen(colors.qcolor(colors.SELECTED), 1, Qt.PenStyle.DotLine))
                painter.drawRect(self.cell_rect(day).adjusted(4, 4, -5, -5))

    # ------------------------------------------------------------------ mouse
    def _chip_at(self, point: QPoint) -> _Chip | None:
        return next((c for c in self._chips if c.rect.contains(point)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        day = self.day_at(point)
        if event.button() == Qt.MouseButton.LeftButton and day is not None:
            chip = self._chip_at(point)
            self._press = (point, chip) if chip is not None and chip.movable else None
            self.select(day)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, chip = self._press
            if (point - start).manhattanLength() >= QApplication.startDragDistance():
                self._press = None
                drag = QDrag(self)
                drag.setMimeData(post_mime(chip.post_id))
                drag.exec(Qt.DropAction.MoveAction)
                return
        chip = self._chip_at(point)
        self.setCursor(
            Qt.CursorShape.OpenHandCursor if chip is not None and chip.movable else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        chip = self._chip_at(point)
        if chip is not None:
            self.post_activated.emit(chip.post_id)
        elif (day := self.day_at(point)) is not None:
            self.day_activated.emit(day)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            day = self.day_at(event.pos())
            cell = self.period.cell(day) if self.period is not None and day is not None else None
            if cell is not None:
                QToolTip.showText(event.globalPos(), tooltip(cell, self.today), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(POST_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is None or not event.mimeData().hasFormat(POST_MIME):
            event.ignore()
            return
        if day != self._drop_day:
            self._drop_day = day
            self.update()
        event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self._drop_day = None
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        day = self.day_at(event.position().toPoint())
        post_id = post_id_from(event.mimeData())
        self._drop_day = None
        self.update()
        if day is None or post_id is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.move_requested.emit(post_id, day)

    # ------------------------------------------------------------------ keyboard
    def select(self, day: date) -> None:
        if day != self.selected:
            self.selected = day
            self.update()
        self.day_selected.emit(day)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        if key in steps:
            self.select(self.selected + timedelta(days=steps[key]))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.select(add_months(self.selected, -1 if key == Qt.Key.Key_PageUp else 1))
        elif key == Qt.Key.Key_Home:
            self.select(self.today)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.day_activated.emit(self.selected)
        else:
            super().keyPressEvent(event)


def _summary(cell: DayCell) -> str:
    parts = []
    if cell.published:
        parts.append(f"已发 {cell.published}")
    if cell.planned:
        parts.append(f"计划 {cell.planned}")
    if cell.overdue:
        parts.append(f"逾期 {cell.overdue}")
    return " · ".join(parts)


def tooltip(cell: DayCell, today: date) -> str:
    from gmdesk.domain.windows import day_text

    lines = [f"<b>{day_text(cell.day, weekday=True)}</b>" + (f" · {cell.label}" if cell.label else "")]
    summary = _summary(cell)
    lines.append(summary or "无发布")
    future = cell.day > today
    for risk in cell.risks[:12]:
        colour = colors.RISK[risk.severity]
        word = "预计" if future else ""
        lines.append(
            f"<span style='color:{colour}'>{'△' if future else '⚠'} {risk.account}：{word}{risk.label}</span>"
        )
    if len(cell.risks) > 12:
        lines.append(f"……另有{len(cell.risks) - 12}项")
    for note in cell.notes:
        lines.append(
            f"<span style='color:{colors.ADJUSTED_TEXT}'>✎ {note.account + '：' if note.account else ''}{note.text}</span>"
        )
    return "<br>".join(lines)
