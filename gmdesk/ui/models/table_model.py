"""A table model over plain row objects (dataclasses from services), described by column specs.

Sorting and filtering happen here over *all* rows, then only the first rows are exposed to the view and
more are fetched as the clerk scrolls (``canFetchMore``/``fetchMore``). A QSortFilterProxyModel would sort
only the rows fetched so far, which is wrong for a long list; that is why this model sorts itself.

A sort, a filter and (with a ``key``) a reload are layout changes: every persistent index the view holds
(the selection, the current row) is moved to where its row went, or invalidated when its row is gone, so
the selection never points at another record than the one the clerk chose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""``index.data(ROW_ROLE)`` is the row object itself."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    value: Callable[[R], Any]
    """What the cell shows; dates and datetimes are formatted, None shows as empty."""
    sort_key: Callable[[R], Any] | None = None
    tooltip: Callable[[R], str] | None = None
    foreground: Callable[[R], str | None] | None = None
    """A colour such as ``"#b3261e"`` or None."""
    background: Callable[[R], str | None] | None = None
    align_right: bool = False
    width: int | None = None
    """A width hint in pixels for the view."""


def format_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    label = getattr(value, "label", None)
    if isinstance(value, str) and isinstance(label, str):
        return label
    return str(value)


def _sortable(value: Any) -> Any:
    """Sort keys that never compare None with a value: (is_missing, value)."""
    return (value is None or value == "", value if value is not None else "")


class RowTableModel(QAbstractTableModel, Generic[R]):
    def __init__(
        self,
        columns: Sequence[Column[R]],
        batch_size: int = 500,
        parent: Any = None,
        key: Callable[[R], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.batch_size = batch_size
        self.key = key
        """What identifies a row across reloads (its record id); without it a reload resets the view."""
        self._all: list[R] = []
        self._visible: list[R] = []
        self._exposed = 0
        self._filter: Callable[[R], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._busy = False  # a layout change or a batch of rows is being announced: fetch nothing meanwhile

    # ---------------------------------------------------------------- loading
    def set_rows(self, rows: Sequence[R]) -> None:
        """New data. With a ``key`` the rows the view holds stay selected where they still are."""
        if self.key is None or not self._exposed:
            self.beginResetModel()
            self._all = list(rows)
            self._apply()
            self.endResetModel()
            return
        key = self.key
        self._relayout(lambda: setattr(self, "_all", list(rows)), lambda row: key(row))

    def set_filter(self, predicate: Callable[[R], bool] | None) -> None:
        self._relayout(lambda: setattr(self, "_filter", predicate))

    def _relayout(self, change: Callable[[], None], identity: Callable[[R], Any] = id) -> None:
        """Apply ``change`` and re-sort/filter as one layout change, moving each persistent index to the row
        of the same identity (or invalidating it when that row is filtered out or gone)."""
        self._busy = True  # no rows are fetched while the layout is changing (views and the model
        self.layoutAboutToBeChanged.emit()  # tester ask for more in their handlers of this very signal)
        held = self.persistentIndexList()
        held_ids = [
            identity(self._visible[i.row()]) if 0 <= i.row() < len(self._visible) else None for i in held
        ]
        exposed = self._exposed
        change()
        self._apply()
        position: dict[Any, int] = {}
        for number, row in enumerate(self._visible):
            position.setdefault(identity(row), number)
        moved = [position.get(ident) if ident is not None else None for ident in held_ids]
        needed = max((n + 1 for n in moved if n is not None), default=0)
        self._exposed = max(
            min(len(self._visible), self.batch_size), min(exposed, len(self._visible)), needed
        )
        self.changePersistentIndexList(
            held,
            [
                self.createIndex(n, i.column()) if n is not None else QModelIndex()
                for i, n in zip(held, moved, strict=True)
            ],
        )
        try:
            self.layoutChanged.emit()  # its handlers, too, see the layout as still changing
        finally:
            self._busy = False

    def _apply(self) -> None:
        rows = [r for r in self._all if self._filter(r)] if self._filter else list(self._all)
        if self._sort is not None:
            column, order = self._sort
            spec = self.columns[column]
            key = spec.sort_key or spec.value
            rows.sort(key=lambda r: _sortable(key(r)), reverse=order == Qt.SortOrder.DescendingOrder)
        self._visible = rows
        self._exposed = min(len(rows), max(self.batch_size, self._exposed if self._exposed else 0))

    def all_rows(self) -> list[R]:
        return list(self._all)

    def visible_rows(self) -> list[R]:
        """Every row that passes the filter, in display order (fetched or not)."""
        return list(self._visible)

    def total_count(self) -> int:
        return len(self._visible)

    def row_at(self, row: int) -> R:
        return self._visible[row]

    def find_row(self, predicate: Callable[[R], bool]) -> int:
        """The display row of the first matching row, fetching as needed; -1 when none matches."""
        for number, candidate in enumerate(self._visible):
            if predicate(candidate):
                while number >= self._exposed:
                    self.fetchMore(QModelIndex())
                return number
        return -1

    def replace_row(self, predicate: Callable[[R], bool], new: R) -> None:
        """Swap one row in place (a small edit) without resetting the view."""
        for i, candidate in enumerate(self._all):
            if predicate(candidate):
                self._all[i] = new
        for i, candidate in enumerate(self._visible):
            if predicate(candidate):
                self._visible[i] = new
                if i < self._exposed:
                    self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))

    # ---------------------------------------------------------------- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._exposed

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._busy and self._exposed < len(self._visible)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._busy:
            return
        more = min(self.batch_size, len(self._visible) - self._exposed)
        if more <= 0:
            return
        self._busy = True  # one batch at a time: the rowsInserted handlers may ask for more
        try:
            self.beginInsertRows(QModelIndex(), self._exposed, self._exposed + more - 1)
            self._exposed += more
            self.endInsertRows()
        finally:
            self._busy = False

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._exposed:
            return None
        row = self._visible[index.row()]
        spec = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_cell(spec.value(row))
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return (spec.sort_key or spec.value)(row)
        if role == Qt.ItemDataRole.ToolTipRole and spec.tooltip is not None:
            return spec.tooltip(row) or None
        if role == Qt.ItemDataRole.ForegroundRole and spec.foreground is not None:
            colour = spec.foreground(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and spec.background is not None:
            colour = spec.background(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if spec.align_right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._relayout(lambda: setattr(self, "_sort", (column, order)))
