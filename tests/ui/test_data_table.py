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
        [
            Column("账号名称", lambda r: r[0], width=180),
            Column("发布数", lambda r: r[1], align_right=True, width=90),
        ]
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


def test_the_row_model_passes_the_model_tester_through_sorts_filters_reloads_and_fetches(
    qtbot: QtBot, qtmodeltester: object
) -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Row:
        id: int
        name: str
        count: int

    rows = [Row(i, f"账号{i % 37:02d}", (i * 7919) % 101) for i in range(1200)]
    model: RowTableModel[Row] = RowTableModel(
        [Column("账号名称", lambda r: r.name), Column("发布数", lambda r: r.count)],
        batch_size=100,
        key=lambda r: r.id,
    )
    table = DataTable()
    qtbot.addWidget(table)
    table.setModel(model)
    model.set_rows(rows)
    qtmodeltester.check(model)  # type: ignore[attr-defined]  # stays attached for everything below
    table.selectRow(42)
    chosen = model.row_at(42).id
    for step in range(6):
        model.sort(step % 2, Qt.SortOrder.AscendingOrder if step % 3 else Qt.SortOrder.DescendingOrder)
        assert model.row_at(table.currentIndex().row()).id == chosen
    model.set_filter(lambda r: r.count > 50)
    if next(r for r in rows if r.id == chosen).count > 50:
        assert model.row_at(table.currentIndex().row()).id == chosen
    else:
        assert not table.currentIndex().isValid()
    model.set_filter(None)
    while model.canFetchMore(model.index(-1, 0)):
        model.fetchMore(model.index(-1, 0))
    assert model.rowCount() == 1200
    table.selectRow(1100)
    chosen = model.row_at(1100).id
    model.set_rows(
        [Row(r.id, r.name, r.count + 1) for r in reversed(rows)]
    )  # a reload: new objects, same ids
    assert model.row_at(table.currentIndex().row()).id == chosen
    model.set_rows(rows[:10])  # the chosen row is gone
    assert not table.currentIndex().isValid() or model.row_at(table.currentIndex().row()).id != chosen
