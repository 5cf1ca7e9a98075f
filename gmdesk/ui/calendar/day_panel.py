"""The selected day beside the calendar: what kind of day it is, its posts (drag a plan onto another day),
the rules that break that day, and its notes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.enums import PostStatus
from gmdesk.domain.windows import day_text
from gmdesk.services.holidays import describe_day
from gmdesk.services.posts_calendar import DayCell, NoteRow, PostRow
from gmdesk.ui.calendar import colors
from gmdesk.ui.calendar.drag import post_mime

POST_ROLE = Qt.ItemDataRole.UserRole + 30
NOTE_ROLE = Qt.ItemDataRole.UserRole + 31


class PostsOfDay(QListWidget):
    """Posts of the day; planned ones can be dragged onto a day of the grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # type: ignore[override]  # the stubs take Sequence; Qt passes a list
        post: PostRow = items[0].data(POST_ROLE)
        return post_mime(post.id)


class DayPanel(QWidget):
    add_requested = Signal(object)
    post_activated = Signal(int)
    note_add_requested = Signal(object)
    note_edit_requested = Signal(object)
    note_delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day: date | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.kind = QLabel()
        self.kind.setTextFormat(Qt.TextFormat.RichText)
        self.risks = QLabel()
        self.risks.setTextFormat(Qt.TextFormat.RichText)
        self.risks.setWordWrap(True)
        self.posts = PostsOfDay()
        self.posts.itemDoubleClicked.connect(lambda item: self.post_activated.emit(item.data(POST_ROLE).id))
        self.notes = QListWidget()
        self.notes.setMaximumHeight(54)
        self.notes.itemDoubleClicked.connect(lambda item: self.note_edit_requested.emit(item.data(NOTE_ROLE)))
        buttons = QHBoxLayout()
        self.add_button = QPushButton("在这天安排发布")
        self.add_button.setProperty("primary", "true")
        self.add_button.clicked.connect(lambda: self.day and self.add_requested.emit(self.day))
        self.note_button = QPushButton("添加备注")
        self.note_button.clicked.connect(lambda: self.day and self.note_add_requested.emit(self.day))
        self.delete_note_button = QPushButton("删除备注")
        self.delete_note_button.clicked.connect(self._delete_note)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.delete_note_button)
        layout.addWidget(self.title)
        layout.addWidget(self.kind)
        layout.addWidget(self.risks)
        layout.addWidget(self.posts, 1)
        notes_label = QLabel("备注（双击修改）")
        notes_label.setProperty("role", "muted")
        layout.addWidget(notes_label)
        layout.addWidget(self.notes)
        layout.addLayout(buttons)

    def show_day(self, cell: DayCell, today: date, posts: list[PostRow] | None) -> None:
        """``posts`` None: the day's posts are still loading (a large scope)."""
        self.day = cell.day
        self.title.setText(day_text(cell.day, weekday=True) + ("（今天）" if cell.day == today else ""))
        kind = cell.label or describe_day(cell.kind)
        counts = [f"已发 {cell.published}", f"计划 {cell.planned}"] + (
            [f"逾期未登记 {cell.overdue}"] if cell.overdue else []
        )
        colour = colors.HOLIDAY_TEXT if cell.is_off else colors.MUTED
        self.kind.setText(f"<span style='color:{colour}'>{kind}</span> · " + " · ".join(counts))
        if cell.risks:
            future = cell.day > today
            shown = [
                f"<span style='color:{colors.RISK[r.severity]}'>{'△' if future else '⚠'} {r.account}："
                f"{'预计' if future else ''}{r.label}</span>"
                for r in cell.risks[:8]
            ]
            if len(cell.risks) > 8:
                shown.append(f"……另有{len(cell.risks) - 8}项")
            self.risks.setText("<br>".join(shown))
            self.risks.show()
        else:
            self.risks.hide()
        self.show_posts(
            posts if posts is not None else list(cell.chips), today, loading=posts is None and not cell.chips
        )
        self.notes.clear()
        for note in cell.notes:
            item = QListWidgetItem(f"✎ {note.account + '：' if note.account else ''}{note.text}")
            item.setData(NOTE_ROLE, note)
            item.setForeground(QBrush(QColor(colors.ADJUSTED_TEXT)))
            self.notes.addItem(item)
        self.delete_note_button.setEnabled(bool(cell.notes))

    def show_posts(self, posts: list[PostRow], today: date, loading: bool = False) -> None:
        self.posts.clear()
        if loading:
            self.posts.addItem("正在读取…")
            return
        if not posts:
            item = QListWidgetItem("这一天没有发布记录。双击日历中的日期或按 Enter 可安排发布。")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.posts.addItem(item)
            return
        for post in posts:
            state = "逾期未登记" if post.is_overdue(today) else post.status.label
            item = QListWidgetItem(
                f"{post.at:%H:%M} {post.account}｜{post.title}（{state}{'·群发' if post.is_mass_push else ''}）"
            )
            item.setData(POST_ROLE, post)
            colour = colors.OVERDUE if post.is_overdue(today) else colors.STATUS[post.status]
            item.setForeground(QBrush(QColor(colour)))
            item.setToolTip(
                "双击打开；计划可拖到日历的其他日期" if post.status is PostStatus.PLANNED else "双击打开"
            )
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if post.status is PostStatus.PLANNED:
                flags |= Qt.ItemFlag.ItemIsDragEnabled
            item.setFlags(flags)
            self.posts.addItem(item)

    def _delete_note(self) -> None:
        items = self.notes.selectedItems() or ([self.notes.item(0)] if self.notes.count() == 1 else [])
        if items:
            note: NoteRow = items[0].data(NOTE_ROLE)
            self.note_delete_requested.emit(note)
