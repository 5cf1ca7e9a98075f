"""A table view with the habits clerks expect: click a header to sort, Ctrl+C copies, widths remembered."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


class DataTable(QTableView):
    def __init__(self, settings_key: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings_key = settings_key
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSortIndicatorShown(True)

    def setModel(self, model) -> None:  # type: ignore[override]  # takes any model, as QTableView's does
        super().setModel(model)
        # Any model that describes its columns (RowTableModel, the inbox's lazy model…) gets their widths.
        for column, spec in enumerate(getattr(model, "columns", ())):
            if getattr(spec, "width", 0):
                self.setColumnWidth(column, spec.width)
        self.restore_header()
        self.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self.save_header())
        self.horizontalHeader().sectionResized.connect(lambda *_: self.save_header())

    def restore_header(self) -> None:
        if not self._settings_key:
            return
        state = QSettings().value(f"tables/{self._settings_key}")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.horizontalHeader().restoreState(
                state
            )  # emits sortIndicatorChanged: the rows follow the arrow

    def save_header(self) -> None:
        if self._settings_key:
            QSettings().setValue(f"tables/{self._settings_key}", self.horizontalHeader().saveState())

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        super().keyPressEvent(event)

    def copy_selection(self) -> None:
        """Copy the selected rows as tab-separated text (pastes into Excel and WPS)."""
        model = self.model()
        rows = sorted({index.row() for index in self.selectionModel().selectedIndexes()})
        if model is None or not rows:
            return
        columns = range(model.columnCount())
        lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns)]
        for row in rows:
            lines.append("\t".join(str(model.index(row, c).data() or "") for c in columns))
        QGuiApplication.clipboard().setText("\n".join(lines))

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.selectionModel().selectedRows()})
