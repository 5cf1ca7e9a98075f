"""DataTable: widths from the column specs, the header remembered, and rows sorted the way the arrow says."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gmdesk.ui.models.table_model import Column, RowTableModel
from gmdesk.ui.widgets.table import DataTable

ROWS = [("城关镇发布", 3), ("青岚教育", 12), ("青岚县应急管理", 7)]


def _table(qtbot: QtBot) -> tuple[DataTable, RowTableModel[tuple[str, int]]]:
    table = DataTable("tests/accounts")
    qtbot.addWidget(table)
    model: RowTableModel[tuple[str, int]] = RowTableModel(
        [Column("账号名称", lambda r: r[0], width=180), Column("发布数", lambda r: r[1], align_right=True, width=90)]
    )
    model.set_rows(ROWS)
    table.setModel(model)
    return table, model


def _first_column(table: DataTable) -> list[str]:
    model = table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_widths_come_from_the_column_specs(qtbot: QtBot) -> None:
    table, _ = _table(qtbot)
    assert (table.columnWidth(0), table.columnWidth(1)) == (180, 90)


def test_a_restored_sort_arrow_sorts_the_rows_too(qtbot: QtBot) -> None:
    table, _ = _table(qtbot)
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert _first_column(table) == ["青岚教育", "青岚县应急管理", "城关镇发布"]

    again, _ = _table(qtbot)  # a new window: the header state comes back from QSettings
    header = again.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (1, Qt.SortOrder.DescendingOrder)
    assert _first_column(again) == ["青岚教育", "青岚县应急管理", "城关镇发布"]


def test_ctrl_c_copies_the_selected_rows_with_the_header(qtbot: QtBot) -> None:
    from PySide6.QtGui import QGuiApplication

    table, _ = _table(qtbot)
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "账号名称\t发布数\n青岚教育\t12"
