"""The week: seven columns of post chips under a header with the day's counts, holiday and risks.

Planned posts are dragged from one column to another (or onto the month grid); a double click on a chip
opens the post, on an empty part of a column adds one that day.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.enums import PostStatus
from gmdesk.domain.windows import WEEKDAY_NAMES
from gmdesk.domain.workdays import DayKind
from gmdesk.services.posts_calendar import DayCell, Period, PostRow
from gmdesk.ui.calendar import colors
from gmdesk.ui.calendar.drag import POST_MIME, post_id_from, post_mime
from gmdesk.ui.calendar.month_view import tooltip

POST_ROLE = Qt.ItemDataRole.UserRole + 10


class DayList(QListWidget):
    """One day's chips; planned ones can be dragged away, any planned post dropped here moves to this day."""

    moved = Signal(int, object)
    post_activated = Signal(int)
    day_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day: date | None = None
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setSpacing(2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setObjectName("dayList")

    def mimeTypes(self) -> list[str]:
        return [POST_MIME]

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # type: ignore[override]  # the stubs take Sequence; Qt passes a list
        post: PostRow = items[0].data(POST_ROLE)
        return post_mime(post.id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(POST_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(POST_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        post_id = post_id_from(event.mimeData())
        if post_id is None or self.day is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # the list itself never moves items: the tab reloads
        event.accept()
        self.moved.emit(post_id, self.day)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        if item is not None:
            self.post_activated.emit(item.data(POST_ROLE).id)
        elif self.day is not None:
            self.day_activated.emit(self.day)


class WeekView(QWidget):
    move_requested = Signal(int, object)
    post_activated = Signal(int)
    day_activated = Signal(object)
    day_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.headers: list[QLabel] = []
        self.lists: list[DayList] = []
        self.frames: list[QFrame] = []
        for _ in range(7):
            frame = QFrame()
            frame.setObjectName("weekday")
            column = QVBoxLayout(frame)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            header = QLabel()
            header.setTextFormat(Qt.TextFormat.RichText)
            header.setWordWrap(True)
            header.setMinimumHeight(64)
            header.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            day_list = DayList()
            day_list.moved.connect(self.move_requested)
            day_list.post_activated.connect(self.post_activated)
            day_list.day_activated.connect(self.day_activated)
            day_list.itemSelectionChanged.connect(lambda dl=day_list: self._selected(dl))
            column.addWidget(header)
            column.addWidget(day_list, 1)
            layout.addWidget(frame, 1)
            self.headers.append(header)
            self.lists.append(day_list)
            self.frames.append(frame)
        self.period: Period | None = None
        self.selected: date | None = None

    def _selected(self, day_list: DayList) -> None:
        if day_list.day is not None and day_list.selectedItems():
            for other in self.lists:  # one chip selected in the whole week, as in one list
                if other is not day_list and other.selectedItems():
                    blocked = other.blockSignals(True)
                    other.clearSelection()
                    other.blockSignals(blocked)
            self.day_selected.emit(day_list.day)

    def show_period(self, period: Period, selected: date) -> None:
        """Fill the seven columns (the chips are rebuilt only when the period's data is new)."""
        if period is self.period:
            self.select(selected)
            return
        self.period = period
        self.selected = selected
        for index in range(7):
            day = period.first + timedelta(days=index)
            cell = period.cell(day)
            assert cell is not None
            self._fill(index, cell, period.today, period.accounts > 1)
        self.select(selected)

    def select(self, day: date) -> None:
        """Mark the selected day; the chips and their selection stay as they are."""
        self.selected = day
        if self.period is None:
            return
        today = self.period.today
        for frame, day_list in zip(self.frames, self.lists, strict=True):
            cell = self.period.cell(day_list.day) if day_list.day is not None else None
            if cell is None:
                continue
            chosen = cell.day == day
            border = colors.SELECTED if chosen else (colors.TODAY if cell.day == today else colors.GRID)
            frame.setStyleSheet(
                f"QFrame#weekday {{ background: {colors.DAY_BACKGROUND[cell.kind]}; border: "
                f"{2 if chosen or cell.day == today else 1}px solid {border}; border-radius: 4px; }}"
            )

    def _fill(self, index: int, cell: DayCell, today: date, many: bool) -> None:
        header, day_list = self.headers[index], self.lists[index]
        day_list.day = cell.day
        background = colors.DAY_BACKGROUND[cell.kind]
        day_list.setStyleSheet(f"QListWidget#dayList {{ background: {background}; border: none; }}")
        off = cell.kind in (DayKind.HOLIDAY, DayKind.WEEKEND)
        number_colour = colors.TODAY if cell.day == today else (colors.HOLIDAY_TEXT if off else colors.TEXT)
        label_colour = colors.HOLIDAY_TEXT if cell.kind is DayKind.HOLIDAY else colors.ADJUSTED_TEXT
        parts = [
            f"<span style='font-size:15pt; font-weight:bold; color:{number_colour}'>{cell.day.day}</span>"
            f"&nbsp;<span style='color:{colors.MUTED}'>{cell.day.month}月 周{WEEKDAY_NAMES[cell.day.weekday()]}</span>"
        ]
        if cell.label:
            parts.append(f"<span style='color:{label_colour}'>{cell.label}</span>")
        counts = [f"已发 {cell.published}"] if cell.published else []
        counts += [f"计划 {cell.planned}"] if cell.planned else []
        counts += [f"<span style='color:{colors.OVERDUE}'>逾期 {cell.overdue}</span>"] if cell.overdue else []
        parts.append(f"<span style='color:{colors.MUTED}'>{' · '.join(counts) or '无发布'}</span>")
        if cell.risk is not None:
            future = cell.day > today
            first = cell.risks[0]
            more = f" 等{len(cell.risks)}项" if len(cell.risks) > 1 else ""
            parts.append(
                f"<span style='color:{colors.RISK[cell.risk]}'>{'△' if future else '⚠'} "
                f"{first.account} {first.label}{more}</span>"
            )
        header.setText("<br>".join(parts))
        header.setToolTip(tooltip(cell, today))
        header.setContentsMargins(8, 6, 8, 4)
        # Emptying a list changes its selection; a selection change selects a day, and selecting a day must
        # not come back here while the old items are being deleted (that re-entry freed them twice).
        blocked = day_list.blockSignals(True)
        try:
            self._fill_chips(day_list, cell, today, many)
        finally:
            day_list.blockSignals(blocked)

    @staticmethod
    def _fill_chips(day_list: DayList, cell: DayCell, today: date, many: bool) -> None:
        current = day_list.currentItem()
        kept = current.data(POST_ROLE).id if current is not None and day_list.day == cell.day else None
        day_list.clear()
        for post in cell.chips:
            item = QListWidgetItem(_chip_text(post, many))
            item.setData(POST_ROLE, post)
            overdue = post.is_overdue(today)
            colour = colors.OVERDUE if overdue else colors.STATUS[post.status]
            item.setForeground(
                QBrush(QColor(colors.MUTED if post.status is PostStatus.CANCELLED else colors.TEXT))
            )
            item.setBackground(QBrush(QColor(_tint(colour))))
            item.setToolTip(_chip_tooltip(post, overdue))
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if post.status is PostStatus.PLANNED:
                flags |= Qt.ItemFlag.ItemIsDragEnabled
            item.setFlags(flags)
            day_list.addItem(item)
            if post.id == kept:
                day_list.setCurrentItem(item)  # a refill (risks arrived, a save) keeps the clerk's chip

    def list_for(self, day: date) -> DayList | None:
        return next((dl for dl in self.lists if dl.day == day), None)


def _chip_text(post: PostRow, many: bool) -> str:
    state = {PostStatus.PUBLISHED: "✓", PostStatus.PLANNED: "○", PostStatus.CANCELLED: "✕"}[post.status]
    push = " 群发" if post.is_mass_push else ""
    who = f"{post.account}\n" if many else ""
    return f"{post.at:%H:%M} {state}{push}\n{who}{post.title}"


def _chip_tooltip(post: PostRow, overdue: bool) -> str:
    state = "计划已过期未登记发布" if overdue else post.status.label
    lines = [
        post.title,
        f"{post.account}（{post.platform.label}）",
        f"{post.at:%Y-%m-%d %H:%M} · {state}",
        f"{post.kind.label} · {post.category.label}{' · 群发' if post.is_mass_push else ''}",
    ]
    if post.status is PostStatus.PLANNED:
        lines.append("可拖动到其他日期改期")
    return "\n".join(lines)


def _tint(colour: str) -> str:
    """A very light version of a colour, for chip backgrounds."""
    base = QColor(colour)
    return QColor.fromRgbF(
        base.redF() * 0.12 + 0.88, base.greenF() * 0.12 + 0.88, base.blueF() * 0.12 + 0.88
    ).name()
