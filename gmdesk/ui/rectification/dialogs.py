"""The item dialog (新建/编辑), 标记完成 with its result and evidence, and 重新打开 with its reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.enums import RectificationSource, RectificationState
from gmdesk.domain.errors import UserError
from gmdesk.domain.rectification import DEFAULT_WORKDAYS, MAX_WORKDAYS, due_date
from gmdesk.domain.windows import day_text
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services import rectification as service
from gmdesk.services.drafts import DraftKey
from gmdesk.services.lookups import AccountChoice, UnitChoice
from gmdesk.ui import bus
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.files import ALL_FILES, choose_open_paths
from gmdesk.ui.widgets.dates import DateEdit
from gmdesk.ui.widgets.form_dialog import FormDialog, submit_to_job


class RememberedDialog(QDialog):
    """A dialog whose size is kept between uses (Windows habit)."""

    key = ""

    def _restore(self, width: int, height: int) -> None:
        size = QSettings().value(f"dialogs/{self.key}/size")
        if size is not None and hasattr(size, "width"):
            self.resize(size)
        else:
            self.resize(width, height)

    def done(self, result: int) -> None:
        QSettings().setValue(f"dialogs/{self.key}/size", self.size())
        super().done(result)


def _failed(parent: QWidget, title: str) -> Callable[[BaseException], None]:
    def failed(error: BaseException) -> None:
        show_error(error, parent, title)

    return failed


@dataclass(frozen=True)
class Choices:
    """What the item dialog offers, loaded in a job before it opens."""

    accounts: list[AccountChoice]
    units: list[UnitChoice]
    calendar: WorkCalendar


class ItemDialog(FormDialog):
    """新建 or 编辑 one item: 问题, 措施, 责任人, 时限 in working days (or a due date), account or unit, source."""

    def __init__(
        self,
        ctx: AppContext,
        choices: Choices,
        row: service.ItemRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"编辑整改事项 #{row.id}" if row else "新建整改事项",
            parent,
            "保存",
            drafts=ctx.drafts,
            draft_key=DraftKey.of("rectification", row.id if row else None),
        )
        self.ctx = ctx
        self.choices = choices
        self.row = row
        self.saved: service.ItemRow | None = None
        today = ctx.today()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.problem = QPlainTextEdit()
        self.problem.setPlaceholderText("存在的问题，如：“青岚教育”今日头条号9月以来连续两周未更新")
        self.problem.setTabChangesFocus(True)
        self.problem.setMinimumHeight(70)
        form.addRow("存在问题*：", self.problem)
        self.measure = QPlainTextEdit()
        self.measure.setPlaceholderText("整改措施")
        self.measure.setTabChangesFocus(True)
        self.measure.setMinimumHeight(60)
        form.addRow("整改措施：", self.measure)
        self.responsible = QLineEdit()
        self.responsible.setPlaceholderText("姓名或科室")
        form.addRow("责任人：", self.responsible)

        self.account = QComboBox()
        self.account.addItem("（不针对具体账号）", None)
        for choice in choices.accounts:
            self.account.addItem(choice.display, choice.id)
        self.account.setEditable(True)
        self.account.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.account.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.account.completer().setCompletionMode(self.account.completer().CompletionMode.PopupCompletion)
        form.addRow("涉及账号：", self.account)
        self.unit = QComboBox()
        self.unit.addItem("（随账号，或不指定）", None)
        for unit in choices.units:
            self.unit.addItem(unit.name, unit.id)
        form.addRow("责任单位：", self.unit)
        for combo in (self.account, self.unit):  # names of 500 accounts and their units: as wide as the form
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.opened_on = DateEdit(today)
        form.addRow("开始日期：", self.opened_on)
        limit = QHBoxLayout()
        self.by_workdays = QRadioButton("时限")
        self.workdays = QSpinBox()
        self.workdays.setRange(1, MAX_WORKDAYS)
        self.workdays.setSuffix(" 个工作日")
        self.workdays.setValue(DEFAULT_WORKDAYS)
        self.by_date = QRadioButton("期限")
        self.due_on = DateEdit(today)
        group = QButtonGroup(self)
        group.addButton(self.by_workdays)
        group.addButton(self.by_date)
        self.by_workdays.setChecked(True)
        for widget in (self.by_workdays, self.workdays, self.by_date, self.due_on):
            limit.addWidget(widget)
        limit.addStretch(1)
        form.addRow("整改时限：", limit)
        self.due_label = QLabel()
        self.due_label.setProperty("role", "muted")
        form.addRow("", self.due_label)

        self.source = QComboBox()
        for source in RectificationSource:
            self.source.addItem(source.label, source)
        self.notice_ref = QLineEdit()
        self.notice_ref.setPlaceholderText("上级通报的文号，如：县网信办〔2026〕3号")
        form.addRow("来源：", self.source)
        form.addRow("通报文号：", self.notice_ref)
        self.state = QComboBox()
        for state in (RectificationState.OPEN, RectificationState.IN_PROGRESS):
            self.state.addItem(state.label, state)
        form.addRow("状态：", self.state)
        if row is not None:
            self._show(row)

        self.body.addLayout(form)
        for signal in (
            self.workdays.valueChanged,
            self.opened_on.dateChanged,
            self.due_on.dateChanged,
            self.by_workdays.toggled,
        ):
            signal.connect(self._update_due)
        self._update_due()
        self.remember_size("rectification-item", 620, 560)
        submit_to_job(
            self,
            ctx.jobs.run,
            self._op,
            self._saved,
            {bus.RECTIFICATIONS},
            reload=self._latest if row else None,
        )

    def _show(self, row: service.ItemRow) -> None:
        self.problem.setPlainText(row.problem)
        self.measure.setPlainText(row.measure)
        self.responsible.setText(row.responsible)
        self.opened_on.set_value(row.opened_on)
        if row.workdays:
            self.workdays.setValue(row.workdays)
        if row.due_on:
            self.due_on.set_value(row.due_on)
        (self.by_date if row.workdays is None else self.by_workdays).setChecked(True)
        self.notice_ref.setText(row.notice_ref)
        # index 0 of both lists is "none": an item about no account, or whose unit follows its account
        account = self.account.findData(row.account_id) if row.account_id is not None else 0
        unit = self.unit.findData(row.unit_id) if row.account_id is None and row.unit_id is not None else 0
        self.account.setCurrentIndex(max(account, 0))
        self.unit.setCurrentIndex(max(unit, 0))
        self._select(self.source, row.source)
        self._select(self.state, row.state)
        self.state.setEnabled(row.is_open)

    def show_latest(self, record: object) -> None:
        assert isinstance(record, service.ItemRow)
        self.row = record
        self._show(record)

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _update_due(self) -> None:
        by_workdays = self.by_workdays.isChecked()
        self.workdays.setEnabled(by_workdays)
        self.due_on.setEnabled(not by_workdays)
        opened = self.opened_on.day()
        if by_workdays:
            due = due_date(self.choices.calendar, opened, self.workdays.value())
            self.due_label.setText(
                f"整改期限：{due.isoformat()}（{day_text(due, opened, weekday=True)}，"
                f"自开始日期次日起算第{self.workdays.value()}个工作日，节假日和调休已计入）"
            )
        else:
            due = self.due_on.day()
            count = self.choices.calendar.count_workdays(opened, due) if due > opened else 0
            self.due_label.setText(f"自开始日期起共{count}个工作日")

    def draft(self) -> service.ItemDraft:
        account_id = self.account.currentData() if self.account.currentIndex() > 0 else None
        return service.ItemDraft(
            problem=self.problem.toPlainText(),
            opened_on=self.opened_on.day(),
            workdays=self.workdays.value() if self.by_workdays.isChecked() else None,
            due_on=None if self.by_workdays.isChecked() else self.due_on.day(),
            measure=self.measure.toPlainText(),
            responsible=self.responsible.text(),
            account_id=account_id,
            unit_id=self.unit.currentData(),
            source=RectificationSource(self.source.currentData()),
            notice_ref=self.notice_ref.text(),
            rule=self.row.rule if self.row else "",
            state=RectificationState(self.state.currentData()),  # combo data come back as plain str
            version=self.row.version if self.row else None,
        )

    def values(self) -> service.ItemDraft:
        draft = self.draft()
        if not draft.problem.strip():
            raise UserError("请填写存在的问题", field="problem")
        return draft

    def save(self) -> None:
        self.submit()

    def _op(self, draft: service.ItemDraft) -> Callable[[Any], service.ItemRow]:
        operator, now = self.ctx.operator, self.ctx.now()
        item_id = self.row.id if self.row else None

        def op(session: Any) -> service.ItemRow:
            if item_id is None:
                return service.create_item(session, draft, operator, now)
            return service.update_item(session, item_id, draft, operator, now)

        return op

    def _latest(self, session: Any) -> service.ItemRow:
        assert self.row is not None
        return service.item_row(session, self.row.id, self.ctx.today())

    def _saved(self, row: service.ItemRow) -> None:
        self.saved = row


class CompleteDialog(FormDialog):
    """标记完成: the day, what was done (整改结果) and the evidence files (copied beside the database)."""

    def __init__(self, ctx: AppContext, row: service.ItemRow, parent: QWidget | None = None) -> None:
        super().__init__(
            f"标记完成：整改事项 #{row.id}",
            parent,
            "标记完成",
            drafts=ctx.drafts,
            draft_key=DraftKey("rectification_result", str(row.id)),
        )
        self.ctx = ctx
        self.row = row
        self.saved: service.ItemRow | None = None
        layout = self.body
        problem = QLabel(f"<b>存在问题：</b>{row.problem}")
        problem.setWordWrap(True)
        layout.addWidget(problem)
        form = QFormLayout()
        self.completed_on = DateEdit(ctx.today())
        self.completed_on.set_latest(ctx.today())
        self.completed_on.set_earliest(row.opened_on)
        form.addRow("完成日期：", self.completed_on)
        self.result = QPlainTextEdit()
        self.result.setPlaceholderText(
            "整改结果：做了什么、效果如何，如“已制定月度发布计划，11月以来每周更新3条以上”"
        )
        self.result.setTabChangesFocus(True)
        form.addRow("整改结果*：", self.result)
        files = QVBoxLayout()
        self.files = QListWidget()
        self.files.setProperty("draftEntries", True)
        self.files.setMaximumHeight(90)
        files.addWidget(self.files)
        file_buttons = QHBoxLayout()
        add = QPushButton("添加证明材料…")
        add.clicked.connect(self._choose_files)
        remove = QPushButton("移除")
        remove.clicked.connect(lambda: self.files.takeItem(self.files.currentRow()))
        file_buttons.addWidget(add)
        file_buttons.addWidget(remove)
        file_buttons.addStretch(1)
        files.addLayout(file_buttons)
        form.addRow("证明材料：", files)
        hint = QLabel(
            "照片、截图、文件均可；保存时复制到数据库所在文件夹的 attachments 中，并记录 SHA-256 校验值。"
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        form.addRow("", hint)
        layout.addLayout(form)
        self.remember_size("rectification-complete", 560, 420)
        self.result.setFocus()
        submit_to_job(
            self, ctx.jobs.run, self._op, self._saved, {bus.RECTIFICATIONS}, progress="正在保存证明材料…"
        )

    def add_files(self, paths: list[Path]) -> None:
        present = set(self.paths())
        for path in paths:
            if path not in present:
                self.files.addItem(str(path))

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def _choose_files(self) -> None:
        self.add_files(choose_open_paths(self, "选择证明材料", ALL_FILES, "evidence"))

    def values(self) -> tuple[date, str, list[Path]]:
        if not self.result.toPlainText().strip():
            raise UserError("请填写整改结果", field="result")
        return self.completed_on.day(), self.result.toPlainText(), self.paths()

    def save(self) -> None:
        self.submit()

    def _op(self, given: tuple[date, str, list[Path]]) -> Callable[[Any], service.ItemRow]:
        day, result, evidence = given
        item_id, operator, now = self.row.id, self.ctx.operator, self.ctx.now()
        return lambda session: service.complete_item(session, item_id, day, result, operator, now, evidence)

    def _saved(self, row: service.ItemRow) -> None:
        self.saved = row


class ReasonDialog(FormDialog):
    """One line of text with a question (重新打开的原因)."""

    def __init__(self, title: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent, "确定")
        question = QLabel(label)
        question.setWordWrap(True)
        self.body.addWidget(question)
        self.text = QLineEdit()
        self.body.addWidget(self.text)
        self.resize(420, 120)

    def values(self) -> str:
        if not self.text.text().strip():
            raise UserError("请填写原因", field="text")
        return self.text.text().strip()
