"""The message list model: pages of 200 rows fetched from the database as the clerk scrolls.

Loading 200,000 messages into memory to sort and filter them would take seconds; instead the filter and the
order are done in SQL on indexed columns (``services.inbox.message_page`` with a keyset cursor) and the view
asks for the next page through ``canFetchMore``/``fetchMore``. Every request carries a generation number so
that a page arriving after the clerk changed the filter is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from gmdesk.domain.deadlines import DueState
from gmdesk.domain.enums import MessageState, Urgency
from gmdesk.services import inbox
from gmdesk.services.inbox import Cursor, MessageFilter, MessagePage, MessageRow
from gmdesk.ui import palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.models.table_model import ROW_ROLE

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200

DUE_COLOURS = {
    DueState.ON_TIME: palette.GOOD,
    DueState.DUE_SOON: palette.CAUTION,
    DueState.DUE_TODAY: palette.URGENT,
    DueState.OVERDUE: palette.DANGER,
}
DUE_BACKGROUNDS = {DueState.DUE_TODAY: palette.CAUTION_SOFT, DueState.OVERDUE: palette.DANGER_SOFT}
STATE_COLOURS = {
    MessageState.PENDING: palette.DANGER,
    MessageState.ACKNOWLEDGED: palette.INFO,
    MessageState.TRANSFERRED: palette.CONFIDENTIAL,
    MessageState.ANSWERED: palette.GOOD,
    MessageState.CLOSED: palette.MUTED,
    MessageState.REJECTED: palette.MUTED,
}


@dataclass(frozen=True)
class ListColumn:
    title: str
    value: Callable[[MessageRow], str]
    sort: str = ""
    """The SQL sort this column stands for (``due`` or ``received``); empty: not sortable."""
    width: int = 0


def _category(row: MessageRow) -> str:
    return f"{row.category.label}·急" if row.urgency is Urgency.URGENT else row.category.label


def _writer(row: MessageRow) -> str:
    return ("［保密］" if row.confidential else "") + (row.writer_name or "（未留名）")


def _countdown(row: MessageRow) -> str:
    if row.state.is_open and row.countdown is not None:
        # "待回应" marks the first-response clock; the answer clock needs no word
        return f"待回应 {row.countdown.text}" if row.due_kind == "首次回应" else row.countdown.text
    return row.countdown_text


COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("期限", _countdown, inbox.SORT_DUE, 160),
    ListColumn("状态", lambda r: r.state.label, width=60),
    ListColumn("类别", _category, width=60),
    ListColumn("内容", lambda r: r.excerpt, width=300),
    ListColumn("留言人", _writer, width=110),
    ListColumn("账号", lambda r: r.account_name, width=120),
    ListColumn("收到时间", lambda r: f"{r.received_at:%Y-%m-%d %H:%M}", inbox.SORT_RECEIVED, 135),
    ListColumn("联系方式", lambda r: r.contact, width=110),
    ListColumn("办理部门", lambda r: r.assigned_unit, width=150),
)
"""The clerk reads left to right: how urgent, where it stands, what it is about, who wrote."""
DUE_COLUMN = 0
STATE_COLUMN = 1
CATEGORY_COLUMN = 2
CONTENT_COLUMN = 3
RECEIVED_COLUMN = 6
CONTACT_COLUMN = 7


class MessageListModel(QAbstractTableModel):
    page_loaded = Signal(int)
    """A page arrived: 1 for the first page of a new request, 0 for a later one. (An int, not a bool: PySide6
    6.12 on Python 3.11 loses a reference to True/False on every Python-emitted bool signal.)"""
    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.columns = COLUMNS
        self.filter = MessageFilter()
        self.sort_key = inbox.SORT_DUE
        self.descending = False
        self.reveal = ctx.may_see_personal_data
        self._rows: list[MessageRow] = []
        self.pinned_id: int | None = None
        """A message kept in the list although it no longer matches the filter (the clerk just answered it
        in 待办): it stays, marked, until the clerk moves to another message or changes the filter."""
        self._cursor: Cursor | None = None
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._brushes: dict[str, QBrush] = {}

    # ---------------------------------------------------------------- requests
    def request(
        self, f: MessageFilter | None = None, sort: str | None = None, descending: bool | None = None
    ) -> None:
        """Start over with a new filter and/or order: clear the rows and fetch the first page."""
        if f is not None:
            self.filter = f
        if sort is not None:
            self.sort_key = sort
        if descending is not None:
            self.descending = descending
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self.pinned_id = None
        self._cursor = None
        self._exhausted = False
        self._loading = False
        self.endResetModel()
        self._fetch()

    def _fetch(self) -> None:
        if self._loading or self._exhausted:
            return
        self._loading = True
        generation, first = self._generation, not self._rows
        f, sort, descending, after = self.filter, self.sort_key, self.descending, self._cursor
        now, reveal = self.ctx.now(), self.reveal

        def load(session: Any) -> MessagePage:
            return inbox.message_page(
                session, f, now, sort=sort, descending=descending, after=after, limit=PAGE_SIZE, reveal=reveal
            )

        self.ctx.jobs.run(
            load,
            owner=self,
            on_done=lambda page: self._arrived(generation, first, page),
            on_error=lambda error: self._failed(generation, error),
        )

    def _arrived(self, generation: int, first: bool, page: MessagePage) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._cursor = page.cursor
        self._exhausted = page.cursor is None
        if page.rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.page_loaded.emit(1 if first else 0)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._loading = False
            self._exhausted = True
            self.failed.emit(error)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def generation(self) -> int:
        """Increases with every new request: rows found for an older one are out of date."""
        return self._generation

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def row_at(self, row: int) -> MessageRow:
        return self._rows[row]

    def rows(self) -> list[MessageRow]:
        return list(self._rows)

    def find(self, message_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == message_id), -1)

    def pin(self, row: MessageRow, at: int) -> int:
        """Keep ``row`` in the list at ``at`` (or at the end); returns where it is."""
        existing = self.find(row.id)
        if existing >= 0:
            return existing
        self.unpin()
        at = max(0, min(at, len(self._rows)))
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, row)
        self.pinned_id = row.id
        self.endInsertRows()
        return at

    def unpin(self) -> None:
        """Drop the kept row (the clerk moved on)."""
        if self.pinned_id is None:
            return
        row = self.find(self.pinned_id)
        self.pinned_id = None
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    # ---------------------------------------------------------------- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading and bool(self._rows)

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            self._fetch()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.columns[section].sort:
                return "点击按此列排序"
            return "此列不能排序（按期限或收到时间排序）"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[column].value(row)
        if role == ROW_ROLE:
            return row
        if row.id == self.pinned_id:
            if role == Qt.ItemDataRole.ToolTipRole:
                return "已不符合当前筛选条件（刚办理过），选择其他留言后不再显示"
            if role == Qt.ItemDataRole.FontRole:
                return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._colour(row, column)
            return self._brush(colour) if colour else None
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and column == DUE_COLUMN
            and row.state.is_open
            and row.due_state
        ):
            colour = DUE_BACKGROUNDS.get(row.due_state)
            return self._brush(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole and column == DUE_COLUMN and row.state.is_open:
            return self._bold
        return None

    def _brush(self, colour: str) -> QBrush:
        brush = self._brushes.get(colour)
        if brush is None:
            brush = self._brushes[colour] = QBrush(QColor(colour))
        return brush

    @staticmethod
    def _colour(row: MessageRow, column: int) -> str | None:
        if column == DUE_COLUMN and row.due_state is not None:
            if not row.state.is_open:
                return palette.MUTED if row.due_state is DueState.ON_TIME else palette.DANGER
            return DUE_COLOURS[row.due_state]
        if column == STATE_COLUMN:
            return STATE_COLOURS.get(row.state)
        if column == CATEGORY_COLUMN and row.urgency is Urgency.URGENT:
            return palette.DANGER
        return None

    @staticmethod
    def _tooltip(row: MessageRow, column: int) -> str | None:
        if column == DUE_COLUMN:
            lines = []
            if row.first_response_due:
                done = f"（已于{row.first_response_at:%m-%d %H:%M}回应）" if row.first_response_at else ""
                lines.append(f"首次回应期限：{row.first_response_due:%Y-%m-%d %H:%M}{done}")
            if row.answer_due:
                lines.append(f"答复期限：{row.answer_due:%Y-%m-%d %H:%M}")
            if row.committed_due:
                lines.append(f"承诺答复期限：{row.committed_due.isoformat()}")
            if row.extension_workdays:
                lines.append(f"已延期{row.extension_workdays}个工作日")
            return "\n".join(lines) or None
        if column == CONTENT_COLUMN:
            return row.excerpt
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Only the deadline and the time received sort (in SQL, on their indexes); other columns keep the
        current order."""
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].sort
        if not key:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == inbox.SORT_RECEIVED:
            descending = not descending  # the first click shows the newest first
        if (key, descending) != (self.sort_key, self.descending) and self._generation:
            self.request(sort=key, descending=descending)
        else:
            self.sort_key, self.descending = key, descending

    def sort_column(self) -> tuple[int, Qt.SortOrder]:
        """The header column and indicator of the current order."""
        for number, column in enumerate(self.columns):
            if column.sort == self.sort_key:
                descending = self.descending if self.sort_key == inbox.SORT_DUE else not self.descending
                return number, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        return 0, Qt.SortOrder.AscendingOrder
