"""The list of posts of the shown month: sortable, searchable, filtered by state; a double click opens one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gmdesk.domain.enums import PostStatus
from gmdesk.services.posts_calendar import PostRow
from gmdesk.ui.calendar import colors
from gmdesk.ui.models.table_model import ROW_ROLE, Column, RowTableModel
from gmdesk.ui.widgets.search import SearchBox
from gmdesk.ui.widgets.table import DataTable

FILTERS = ("全部", "已发布", "计划", "逾期未登记", "已取消", "群发", "未完成三审")


def _state(row: PostRow, today: date) -> str:
    return "逾期未登记" if row.is_overdue(today) else row.status.label


class PostList(QWidget):
    post_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.search = SearchBox("搜索标题、账号、来源…")
        self.search.search.connect(lambda _: self._apply())
        self.state = QComboBox()
        self.state.addItems(FILTERS)
        self.state.currentIndexChanged.connect(lambda _: self._apply())
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        bar.addWidget(self.search)
        bar.addWidget(QLabel("状态："))
        bar.addWidget(self.state)
        bar.addStretch(1)
        bar.addWidget(self.count)
        layout.addLayout(bar)
        self.model: RowTableModel[PostRow] = RowTableModel(self._columns())
        self.table = DataTable("calendar/posts")
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)

    def _columns(self) -> list[Column[PostRow]]:
        def state_colour(row: PostRow) -> str | None:
            if row.is_overdue(self.today):
                return colors.OVERDUE
            return colors.STATUS[row.status]

        return [
            Column("时间", lambda r: r.at, width=130),
            Column(
                "账号", lambda r: r.account, width=150, tooltip=lambda r: f"{r.platform.label} · {r.unit}"
            ),
            Column("平台", lambda r: r.platform.label, width=120),
            Column("标题", lambda r: r.title, width=360, tooltip=lambda r: r.title),
            Column("状态", lambda r: _state(r, self.today), width=80, foreground=state_colour),
            Column("类型", lambda r: r.kind.label, width=50),
            Column("来源", lambda r: r.source, width=120),
            Column("分类", lambda r: r.category.label, width=80),
            Column("群发", lambda r: "群发" if r.is_mass_push else "", width=50),
            Column(
                "三审",
                lambda r: "已完成" if r.signed else "",
                width=60,
                tooltip=lambda r: (
                    f"撰稿：{r.drafted_by or '—'}；审核：{r.reviewed_by or '—'}；审签：{r.approved_by or '—'}"
                ),
            ),
            Column("阅读数", lambda r: r.reads, align_right=True, width=70),
            Column("单位", lambda r: r.unit, width=160),
        ]

    def show_rows(self, rows: list[PostRow], today: date) -> None:
        self.today = today
        self.model.set_rows(rows)
        self._apply()

    def _apply(self) -> None:
        text = self.search.text().strip()
        state = self.state.currentText()
        today = self.today

        def keep(row: PostRow) -> bool:
            if text and text not in row.title and text not in row.account and text not in row.source:
                return False
            if state == "已发布":
                return row.status is PostStatus.PUBLISHED
            if state == "计划":
                return row.status is PostStatus.PLANNED and not row.is_overdue(today)
            if state == "逾期未登记":
                return row.is_overdue(today)
            if state == "已取消":
                return row.status is PostStatus.CANCELLED
            if state == "群发":
                return row.is_mass_push
            if state == "未完成三审":
                return row.status is PostStatus.PUBLISHED and not row.signed
            return True

        self.model.set_filter(keep if text or state != "全部" else None)
        self.count.setText(f"共 {self.model.total_count():,} 条（本期 {len(self.model.all_rows()):,} 条）")

    def _open(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, PostRow):
            self.post_activated.emit(row.id)
