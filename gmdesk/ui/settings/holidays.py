"""工具 › 节假日设置: the year's holidays and 调休 days, editable, importable from the State Council notice."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.documents.xlsx import SheetSpec, write_workbook
from gmdesk.services import holidays
from gmdesk.ui import bus, dialogs, files
from gmdesk.ui.context import AppContext
from gmdesk.ui.widgets.form_dialog import FormDialog, submit_to_job

WEEKDAYS = "一二三四五六日"


class HolidayDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("节假日设置")
        self.resize(720, 520)
        self._rows: list[holidays.HolidayRow] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年份："))
        self.year = QSpinBox()
        self.year.setRange(2004, 2100)
        self.year.setValue(ctx.today().year)
        self.year.valueChanged.connect(self.reload)
        top.addWidget(self.year)
        self.coverage = QLabel()
        top.addWidget(self.coverage, 1)
        layout.addLayout(top)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["日期", "星期", "安排", "名称", "来源"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        note = QLabel("内置数据来自国务院办公厅每年发布的节假日安排通知；本地修改优先于内置数据（以蓝色显示）。")
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QHBoxLayout()
        for text, slot in (
            ("添加/修改日期…", self._edit_day),
            ("删除本地设置", self._remove_day),
            ("从 Excel 导入…", self._import),
            ("下载导入模板…", self._template),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        year = self.year.value()
        self.ctx.jobs.run(
            lambda session: holidays.year_table(session, year),
            # a slower answer for a year the clerk has already left must not overwrite the current one
            on_done=lambda result: self._show(result) if year == self.year.value() else None,
        )

    def _show(self, result: tuple[list[holidays.HolidayRow], bool]) -> None:
        rows, covered = result
        self._rows = rows
        year = self.year.value()
        if covered:
            self.coverage.setText(f"{year}年节假日数据完整（{len(rows)}个特殊日期）")
            self.coverage.setStyleSheet("color: #2e7d32;")
        else:
            self.coverage.setText(f"⚠ 缺少{year}年节假日数据：工作日暂按周一至周五计算")
            self.coverage.setStyleSheet("color: #b35c00; font-weight: bold;")
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = [row.day.isoformat(), f"星期{WEEKDAYS[row.day.weekday()]}", row.kind_label, row.name, row.source]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.edited:
                    item.setForeground(QColor("#1f5fa8"))
                if column == 2:
                    item.setForeground(QColor("#2e7d32" if row.is_workday else "#b3261e"))
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()

    def _selected(self) -> holidays.HolidayRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def _edit_day(self) -> None:
        current = self._selected()
        editor = _DayEditor(current, self.year.value(), self)
        operator = self.ctx.operator

        def op(given: tuple[date, bool, str, str]) -> Any:
            day, is_workday, name, source = given
            return lambda session: holidays.set_day(session, day, is_workday, name, source, operator)

        submit_to_job(editor, self.ctx.jobs.run, op, lambda _: self.reload(), {bus.HOLIDAYS})
        self.day_editor = editor
        editor.open()

    def _remove_day(self) -> None:
        row = self._selected()
        if row is None or not row.edited:
            dialogs.inform(self, "节假日设置", "请先选择一条本地修改过的日期（蓝色显示）。内置数据不能删除，可以修改。")
            return
        operator = self.ctx.operator
        self.ctx.jobs.run(
            lambda session: holidays.remove_day(session, row.day, operator),
            write=True,
            changes={bus.HOLIDAYS},
            on_done=lambda _: self.reload(),
        )

    def _import(self) -> None:
        path = files.choose_open_path(self, "导入节假日安排", files.EXCEL_FILTER, "holidays")
        if path is None:
            return
        operator = self.ctx.operator
        self.ctx.jobs.run(
            lambda session: holidays.import_holidays(session, path, operator),
            write=True,
            changes={bus.HOLIDAYS},
            on_done=lambda count: (dialogs.inform(self, "导入完成", f"已导入{count}个日期。"), self.reload()),
        )

    def _template(self) -> None:
        path = files.choose_save_path(self, "保存导入模板", "节假日导入模板.xlsx", files.EXCEL_FILTER, "holidays")
        if path is None:
            return
        year = self.year.value() + 1
        example = [[f"{year}-01-01", "放假", "元旦", f"国办发明电〔{year - 1}〕X号"]]
        write_workbook(path, [SheetSpec("节假日", ["日期", "类型", "名称", "来源"], example, [14, 10, 14, 30])])
        dialogs.inform(self, "模板已保存", f"已保存到：{path}\n“类型”填写“放假”或“上班”（调休上班）。")


class _DayEditor(FormDialog):
    def __init__(self, current: holidays.HolidayRow | None, year: int, parent: QWidget | None) -> None:
        super().__init__("设置日期", parent)
        form = QFormLayout()
        self.body.addLayout(form)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        start = current.day if current else date(year, 1, 1)
        self.day.setDate(QDate(start.year, start.month, start.day))
        self.kind = QComboBox()
        self.kind.addItems(["放假", "上班"])
        self.kind.setCurrentIndex(1 if current and current.is_workday else 0)
        self.name = QLineEdit(current.name if current else "")
        self.name.setPlaceholderText("如：春节、国庆节")
        self.source = QLineEdit(current.source if current and current.edited else "")
        self.source.setPlaceholderText("如：国办发明电〔2026〕X号")
        form.addRow("日期", self.day)
        form.addRow("安排", self.kind)
        form.addRow("名称", self.name)
        form.addRow("来源", self.source)

    def values(self) -> tuple[date, bool, str, str]:
        qdate = self.day.date()
        return (
            date(qdate.year(), qdate.month(), qdate.day()),
            self.kind.currentIndex() == 1,
            self.name.text().strip(),
            self.source.text().strip(),
        )


