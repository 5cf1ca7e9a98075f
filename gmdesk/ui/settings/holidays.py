"""工具 › 节假日设置: the year's holidays and 调休 days as the State Council's notice gives them.

A clerk enters next year's notice in one of three ways: pastes the notice's lines (粘贴通知…), enters each
holiday as a range with its 调休 working days (按节日录入…), or imports an Excel table (a backup is made
first). A year entered by hand is complete only when every official holiday is there, or the clerk confirms
it (确认本年完整). Dates are typed as text (2027-02-06, 2月6日, 20270206), never through a spin box that
turns 2027-02-06 into another day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.documents.xlsx import SheetSpec, write_workbook
from gmdesk.domain.errors import UserError
from gmdesk.domain.holiday_notice import (
    ParsedNotice,
    days_between,
    parse_notice,
    parse_typed_day,
    parse_typed_days,
)
from gmdesk.domain.workdays import OFFICIAL_HOLIDAYS
from gmdesk.services import holidays
from gmdesk.ui import bus, dialogs, files, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.form_dialog import FormDialog, submit_to_job

WEEKDAYS = "一二三四五六日"
LAST_ENTRY = "holidays/last_entry"
"""The last day or range the clerk entered: the next entry starts from it (name, source, the day after)."""


def weekday(day: date) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"


class HolidayDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("节假日设置")
        self.resize(820, 560)
        self._rows: list[holidays.HolidayRow] = []
        self.table_info: holidays.YearTable | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年份："))
        self.year = QSpinBox()
        self.year.setRange(2004, 2100)
        today = ctx.today()
        # from October on the clerk is here for next year's notice
        self.year.setValue(today.year + 1 if today.month >= 10 else today.year)
        self.year.valueChanged.connect(self.reload)
        top.addWidget(self.year)
        self.coverage = QLabel()
        self.coverage.setWordWrap(True)
        top.addWidget(self.coverage, 1)
        self.confirm_button = QPushButton("确认本年完整")
        self.confirm_button.setToolTip("通知中确实没有某个节日时使用：确认后本年视为数据完整")
        self.confirm_button.clicked.connect(self._confirm)
        top.addWidget(self.confirm_button)
        layout.addLayout(top)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["日期", "星期", "安排", "名称", "来源"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _: self._edit_day())
        layout.addWidget(self.table)
        note = QLabel(
            "国务院办公厅通知发布后（通常在10—12月），点“粘贴通知…”把通知中“一、元旦：……”各行粘贴进来即可；"
            "也可“按节日录入…”逐个节日填写放假起止日期和调休上班日期。本地设置优先于内置数据（以蓝色显示）。"
        )
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QHBoxLayout()
        self.paste_button = self._button(buttons, "粘贴通知…", self._paste, primary=True)
        self.range_button = self._button(buttons, "按节日录入…", self._enter_range)
        self.day_button = self._button(buttons, "修改单个日期…", self._edit_day)
        self._button(buttons, "删除本地设置", self._remove_day)
        self._button(buttons, "从 Excel 导入…", self._import)
        self._button(buttons, "下载导入模板…", self._template)
        buttons.addStretch(1)
        self._button(buttons, "关闭", self.accept)
        layout.addLayout(buttons)
        self.reload()

    @staticmethod
    def _button(bar: QHBoxLayout, text: str, slot: Any, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if primary:
            button.setProperty("primary", "true")
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    def reload(self) -> None:
        year = self.year.value()
        self.ctx.jobs.run(
            lambda session: holidays.year_table(session, year),
            # a slower answer for a year the clerk has already left must not overwrite the current one
            on_done=lambda result: self._show(result) if year == self.year.value() else None,
        )

    def _show(self, result: holidays.YearTable) -> None:
        self.table_info = result
        rows = result.rows
        self._rows = rows
        year = self.year.value()
        if result.covered:
            how = "（已确认）" if result.confirmed and result.missing else ""
            self.coverage.setText(f"✓ {year}年节假日数据完整{how}（{len(rows)}个特殊日期）")
            self.coverage.setStyleSheet(f"color: {palette.GOOD};")
        elif rows:
            self.coverage.setText(
                f"⚠ {year}年节假日尚不完整：缺{'、'.join(result.missing)}。"
                "补齐前工作日按已录入的日期和周一至周五计算。"
            )
            self.coverage.setStyleSheet(f"color: {palette.CAUTION}; font-weight: bold;")
        else:
            self.coverage.setText(f"⚠ 缺少{year}年节假日数据：工作日暂按周一至周五计算")
            self.coverage.setStyleSheet(f"color: {palette.CAUTION}; font-weight: bold;")
        self.confirm_button.setVisible(
            not result.builtin and bool(rows) and (not result.covered or result.confirmed)
        )
        self.confirm_button.setText("取消确认" if result.confirmed else "确认本年完整")
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = [row.day.isoformat(), weekday(row.day), row.kind_label, row.name, row.source]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.edited:
                    item.setForeground(QColor(palette.INFO))
                if column == 2:
                    item.setForeground(QColor(palette.GOOD if row.is_workday else palette.DANGER))
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()

    def _selected(self) -> holidays.HolidayRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def _saved(self, _: object = None) -> None:
        self.reload()

    # ------------------------------------------------------------------ entering days
    def _paste(self) -> None:
        dialog = NoticeDialog(self.year.value(), self)
        operator = self.ctx.operator
        submit_to_job(
            dialog,
            self.ctx.jobs.run,
            lambda notice: lambda session: holidays.import_notice(session, notice, operator),
            lambda _: self._after_notice(dialog),
            {bus.HOLIDAYS},
        )
        self.notice_dialog = dialog
        dialog.open()

    def _after_notice(self, dialog: NoticeDialog) -> None:
        if dialog.parsed is not None and dialog.parsed.year != self.year.value():
            self.year.setValue(dialog.parsed.year)  # reloads
        else:
            self.reload()

    def _enter_range(self) -> None:
        dialog = RangeEditor(self.year.value(), self)
        operator = self.ctx.operator

        def op(given: RangeEntry) -> Any:
            return lambda session: holidays.set_days(
                session, given.name, given.days_off, given.workdays, given.source, operator
            )

        submit_to_job(dialog, self.ctx.jobs.run, op, self._saved, {bus.HOLIDAYS})
        self.range_editor = dialog
        dialog.open()

    def _edit_day(self) -> None:
        editor = DayEditor(self._selected(), self.year.value(), self)
        operator = self.ctx.operator

        def op(given: tuple[date, bool, str, str]) -> Any:
            day, is_workday, name, source = given
            return lambda session: holidays.set_day(session, day, is_workday, name, source, operator)

        submit_to_job(editor, self.ctx.jobs.run, op, self._saved, {bus.HOLIDAYS})
        self.day_editor = editor
        editor.open()

    def _remove_day(self) -> None:
        row = self._selected()
        if row is None or not row.edited:
            dialogs.inform(
                self, "节假日设置", "请先选择一条本地修改过的日期（蓝色显示）。内置数据不能删除，可以修改。"
            )
            return
        operator = self.ctx.operator
        self.ctx.jobs.run(
            lambda session: holidays.remove_day(session, row.day, operator),
            write=True,
            changes={bus.HOLIDAYS},
            on_done=self._saved,
        )

    def _confirm(self) -> None:
        info = self.table_info
        if info is None:
            return
        year, operator, confirming = self.year.value(), self.ctx.operator, not info.confirmed
        if confirming and not dialogs.ask(
            self,
            "确认节假日数据",
            f"{year}年还缺{'、'.join(info.missing)}。\n只有通知中确实没有这些节日时才确认。"
            f"\n确认后{year}年视为数据完整，不再提醒。确定吗？",
        ):
            return
        self.ctx.jobs.run(
            lambda session: holidays.confirm_year(session, year, confirming, operator),
            write=True,
            changes={bus.HOLIDAYS},
            on_done=self._saved,
        )

    # ------------------------------------------------------------------ files
    def _import(self) -> None:
        path = files.choose_open_path(self, "导入节假日安排", files.EXCEL_FILTER, "holidays-import")
        if path is not None:
            self.start_import(path)

    def start_import(self, path: Path) -> None:
        """Import the table whole or not at all (the service backs the file up once the rows have passed)."""
        operator = self.ctx.operator

        def op(session: Any) -> int:
            return holidays.import_holidays(session, path, operator)

        self.ctx.jobs.run(
            op,
            write=True,
            changes={bus.HOLIDAYS},
            on_done=lambda count: (
                dialogs.inform(self, "导入完成", f"已导入{count}个日期（导入前已自动备份）。"),
                self.reload(),
            ),
            on_error=lambda error: show_error(error, self, "无法导入"),
        )

    def _template(self) -> None:
        path = files.choose_save_path(
            self, "保存导入模板", "节假日导入模板.xlsx", files.EXCEL_FILTER, "holidays-import"
        )
        if path is None:
            return
        year = self.year.value()
        example = [
            [f"{year}-01-01", "放假", "元旦", f"国办发明电〔{year - 1}〕X号"],
            [f"{year}-02-14", "上班", "春节", f"国办发明电〔{year - 1}〕X号"],
        ]
        write_workbook(
            path, [SheetSpec("节假日", ["日期", "类型", "名称", "来源"], example, [14, 10, 14, 30])]
        )
        dialogs.inform(
            self, "模板已保存", f"已保存到：{path}\n每行一个日期；“类型”填写“放假”或“上班”（调休上班）。"
        )


# --------------------------------------------------------------------------- dialogs
def _remembered() -> dict[str, str]:
    value = QSettings().value(LAST_ENTRY)
    return dict(value) if isinstance(value, dict) else {}


def _remember(**entry: str) -> None:
    QSettings().setValue(LAST_ENTRY, {**_remembered(), **entry})


def _read_day(field: QLineEdit, name: str, year: int, month: int | None = None) -> date:
    try:
        return parse_typed_day(field.text(), year, month)
    except ValueError as error:
        raise UserError(str(error), field=name) from None


class NoticeDialog(FormDialog):
    """The notice's lines pasted in, read back as the clerk types, imported all or none."""

    def __init__(self, year: int, parent: QWidget | None = None) -> None:
        super().__init__("粘贴节假日通知", parent, ok_text="导入")
        self.year = year
        self.parsed: ParsedNotice | None = None
        self.resize(760, 560)
        intro = QLabel(
            "打开国务院办公厅关于部分节假日安排的通知（中国政府网），全选复制后粘贴到下面；"
            "程序读出各节日的放假日期和调休上班日期，核对无误后点“导入”。"
        )
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(
            "一、元旦：1月1日（星期五）放假，共1天。\n二、春节：2月6日（农历除夕、星期六）至12日"
            "（农历正月初六、星期五）放假调休，共7天。2月14日（星期日）、2月20日（星期六）上班。\n……"
        )
        self.text.textChanged.connect(self._preview)
        self.body.addWidget(self.text, 2)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.body.addWidget(self.preview, 1)
        self._preview()

    def _preview(self) -> None:
        text = self.text.toPlainText()
        if not text.strip():
            self.parsed = None
            self.preview.setText(f"<span style='color:{palette.MUTED}'>粘贴后在这里核对读出的日期。</span>")
            return
        parsed = parse_notice(text, self.year)
        self.parsed = parsed
        lines = [f"<b>{parsed.year}年</b>{('，' + parsed.source) if parsed.source else ''}"]
        lines += [h.describe() for h in parsed.holidays]
        lines += [f"<span style='color:{palette.DANGER}'>未能识别：{p}</span>" for p in parsed.problems]
        missing = parsed.missing()
        if missing and parsed.holidays:
            lines.append(
                f"<span style='color:{palette.CAUTION}'>没有读到：{'、'.join(missing)}（如通知中确有，请一并粘贴）</span>"
            )
        self.preview.setText("<br>".join(lines))

    def values(self) -> ParsedNotice:
        parsed = parse_notice(self.text.toPlainText(), self.year)
        if parsed.problems:
            raise UserError("有的行未能识别（红色显示），请修改后再导入", field="text")
        if not parsed.holidays:
            raise UserError("没有读到节假日安排。请粘贴通知中“一、元旦：……”这样的各行。", field="text")
        self.parsed = parsed
        return parsed


class RangeEntry:
    def __init__(self, name: str, days_off: list[date], workdays: list[date], source: str) -> None:
        self.name, self.days_off, self.workdays, self.source = name, days_off, workdays, source


class RangeEditor(FormDialog):
    """One holiday of the notice: 2027-02-06 至 02-12 放假, 2月14日、2月20日 调休上班."""

    def __init__(self, year: int, parent: QWidget | None = None) -> None:
        super().__init__("按节日录入", parent)
        self.year = year
        last = _remembered()
        form = QFormLayout()
        self.body.addLayout(form)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems([name for name, _ in OFFICIAL_HOLIDAYS])
        self.name.setCurrentIndex(-1)
        self.name.setEditText("")
        self.name.lineEdit().setPlaceholderText("如：春节")
        self.first = QLineEdit()
        self.first.setPlaceholderText(f"如：{year}-02-06 或 2月6日")
        self.last = QLineEdit()
        self.last.setPlaceholderText("如：02-12 或 12日（只放一天可不填）")
        span = QHBoxLayout()
        span.addWidget(self.first)
        span.addWidget(QLabel("至"))
        span.addWidget(self.last)
        self.workdays = QLineEdit()
        self.workdays.setPlaceholderText("如：2月14日、2月20日（没有调休可不填）")
        self.source = QLineEdit(last.get("source", ""))
        self.source.setPlaceholderText(f"如：国办发明电〔{year - 1}〕X号")
        form.addRow("节日名称 *", self.name)
        form.addRow("放假日期 *", span)
        form.addRow("调休上班", self.workdays)
        form.addRow("来源", self.source)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setProperty("role", "muted")
        form.addRow("", self.preview)
        for field in (self.first, self.last, self.workdays):
            field.textChanged.connect(lambda _: self._preview())
        self.name.currentTextChanged.connect(lambda _: self._preview())
        self._preview()

    def _preview(self) -> None:
        try:
            entry = self.values()
        except UserError as error:
            self.preview.setText(error.message if self.first.text().strip() else "")
            return
        off = entry.days_off
        text = (
            f"{entry.name}：{off[0].isoformat()}（{weekday(off[0])}）至{off[-1].isoformat()}（{weekday(off[-1])}）"
            f"放假，共{len(off)}天"
            if len(off) > 1
            else f"{entry.name}：{off[0].isoformat()}（{weekday(off[0])}）放假"
        )
        if entry.workdays:
            text += "；" + "、".join(f"{d.isoformat()}（{weekday(d)}）" for d in entry.workdays) + "上班"
        self.preview.setText(text)

    def values(self) -> RangeEntry:
        name = self.name.currentText().strip()
        if not name:
            raise UserError("请填写节日名称（如：春节）", field="name")
        first = _read_day(self.first, "first", self.year)
        last = _read_day(self.last, "last", first.year, first.month) if self.last.text().strip() else first
        try:
            days_off = days_between(first, last)
        except ValueError as error:
            raise UserError(str(error), field="last") from None
        try:
            workdays = parse_typed_days(self.workdays.text(), first.year)
        except ValueError as error:
            raise UserError(str(error), field="workdays") from None
        return RangeEntry(name, days_off, workdays, self.source.text().strip())

    def succeed(self) -> None:
        _remember(source=self.source.text().strip())
        super().succeed()


class DayEditor(FormDialog):
    """One day: a day the office gives off or makes a working day. Opened without a chosen row it starts
    from the last entry (the next day, the same arrangement, name and source)."""

    def __init__(self, current: holidays.HolidayRow | None, year: int, parent: QWidget | None) -> None:
        super().__init__("设置日期", parent)
        self.year = year
        form = QFormLayout()
        self.body.addLayout(form)
        last = _remembered()
        self.day = QLineEdit()
        self.day.setPlaceholderText(f"如：{year}-02-06 或 2月6日")
        self.kind = QComboBox()
        self.kind.addItems(["放假", "上班（调休）"])
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：春节、国庆节")
        self.source = QLineEdit()
        self.source.setPlaceholderText(f"如：国办发明电〔{year - 1}〕X号")
        if current is not None:
            self.day.setText(current.day.isoformat())
            self.kind.setCurrentIndex(1 if current.is_workday else 0)
            self.name.setText(current.name)
            self.source.setText(current.source if current.edited else last.get("source", ""))
        elif last:
            previous = date.fromisoformat(last["day"]) if last.get("day") else None
            if previous is not None and previous.year == year:
                self.day.setText(date.fromordinal(previous.toordinal() + 1).isoformat())
            self.kind.setCurrentIndex(1 if last.get("kind") == "上班" else 0)
            self.name.setText(last.get("name", ""))
            self.source.setText(last.get("source", ""))
        self.weekday = QLabel()
        self.weekday.setProperty("role", "muted")
        self.day.textChanged.connect(lambda _: self._weekday())
        form.addRow("日期 *", self.day)
        form.addRow("", self.weekday)
        form.addRow("安排", self.kind)
        form.addRow("名称", self.name)
        form.addRow("来源", self.source)
        self._weekday()

    def _weekday(self) -> None:
        try:
            day = parse_typed_day(self.day.text(), self.year)
        except ValueError as error:
            self.weekday.setText(str(error) if self.day.text().strip() else "")
            return
        self.weekday.setText(f"{day.isoformat()}，{weekday(day)}")

    def values(self) -> tuple[date, bool, str, str]:
        day = _read_day(self.day, "day", self.year)
        return day, self.kind.currentIndex() == 1, self.name.text().strip(), self.source.text().strip()

    def succeed(self) -> None:
        day, is_workday, name, source = self.values()
        _remember(day=day.isoformat(), kind="上班" if is_workday else "放假", name=name, source=source)
        super().succeed()
