"""The small dialogs of the message actions: 转办, 登记承办单位答复, 不予受理, 延期, 承诺答复期限, a reason.

Each shows what its action will do to the deadlines before the clerk confirms, using the same engine the
service applies (the calendar and rules of ``InboxSetup``). Ctrl+Enter confirms in every one. They are
:class:`FormDialog`s: a refused confirmation keeps the dialog open with the field marked, and closing one
after typing asks first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from gmdesk.domain.deadlines import (
    DeadlineError,
    ReplyFacts,
    check_extension,
    describe_due,
    transfer_due,
)
from gmdesk.domain.errors import UserError
from gmdesk.services.drafts import DraftKey
from gmdesk.services.inbox import InboxSetup, MessageDetail, TransferLine
from gmdesk.ui.drafts import DraftKeeper
from gmdesk.ui.inbox.filters import ALL, combo_value, searchable_combo
from gmdesk.ui.widgets.dates import DateEdit, DateTimeEdit
from gmdesk.ui.widgets.form_dialog import FormDialog


@dataclass(frozen=True)
class TransferInput:
    unit_id: int
    unit_name: str
    due_on: date
    requirement: str
    print_form: bool


@dataclass(frozen=True)
class TransferAnswerInput:
    transfer_id: int
    unit_name: str
    text: str
    answered_at: datetime
    propose_answer: bool
    """起草给留言人的答复 from the unit's answer once it is recorded."""


REJECT_REASONS = (
    "广告、推销等与政务服务无关的内容",
    "含有辱骂、人身攻击等不文明用语",
    "无实质诉求",
    "重复留言，已在其他留言中答复",
    "内容违法违规",
)


def detail_facts(detail: MessageDetail) -> ReplyFacts:
    return ReplyFacts(
        detail.received_at,
        detail.category,
        detail.urgency,
        detail.channel,
        detail.platform,
        detail.writer_last_at,
        detail.extension_workdays,
        detail.committed_due,
    )


class _ActionDialog(FormDialog):
    """A form with a coloured note line under its fields."""

    def __init__(
        self,
        title: str,
        ok_text: str,
        parent: QWidget | None,
        *,
        drafts: DraftKeeper | None = None,
        draft_key: DraftKey | None = None,
    ) -> None:
        super().__init__(title, parent, ok_text, drafts=drafts, draft_key=draft_key)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.body.addLayout(self.form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.body.addWidget(self.note)

    def say(self, text: str, warning: bool = False) -> None:
        self.note.setText(text)
        self.note.setProperty("role", "banner-warning" if warning else "muted")
        self.note.style().unpolish(self.note)
        self.note.style().polish(self.note)


def text_box(placeholder: str, height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(height)
    return box


class TransferDialog(_ActionDialog):
    """转办: the unit, its own due date in working days, the requirement, and whether to print the 转办单."""

    def __init__(
        self, setup: InboxSetup, detail: MessageDetail, now: datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"转办留言 #{detail.id}", "转办", parent)
        self.setup, self.detail, self.now = setup, detail, now
        self.unit = searchable_combo(320)
        self.unit.addItem("（请选择承办单位）", ALL)
        for unit in setup.units:
            if unit.active and unit.id != detail.unit_id:
                self.unit.addItem(unit.name, unit.id)
        self.workdays = QSpinBox()
        self.workdays.setRange(1, 60)
        self.workdays.setSuffix(" 个工作日")
        self.workdays.setValue(detail.transfer_workdays)
        self.due = DateEdit()
        self.requirement = text_box("办理要求，如：请核实情况并书面反馈办理结果", 70)
        self.print_form = QCheckBox("转办后生成转办单（Word），打印后送承办单位")
        self.print_form.setChecked(True)
        self.form.addRow("承办单位(&U)：", self.unit)
        self.form.addRow("办理时限(&D)：", self.workdays)
        self.form.addRow("答复期限：", self.due)
        self.form.addRow("办理要求(&R)：", self.requirement)
        self.form.addRow("", self.print_form)
        self.workdays.valueChanged.connect(self._days_changed)
        self.due.dateChanged.connect(self._check)
        self._days_changed()
        self.unit.setFocus()

    def _days_changed(self, *_: object) -> None:
        self.due.set_value(transfer_due(self.setup.calendar, self.now, self.workdays.value()))
        self._check()

    def due_on(self) -> date:
        return self.due.day()

    def _check(self, *_: object) -> None:
        due = self.due_on()
        answer = self.detail.answer_due
        if not self.setup.calendar.is_workday(due):
            self.say(f"{due.isoformat()} 不是工作日，请确认。", True)
        elif due > answer.date():
            self.say(
                f"承办单位答复期限晚于本留言的答复期限（{describe_due(answer)}），可能无法按期答复留言人；"
                "可缩短时限，或先延期/与留言人约定答复期限。",
                True,
            )
        else:
            self.say(f"本留言答复期限：{describe_due(answer)}。")

    def values(self) -> TransferInput:
        unit_id = combo_value(self.unit, ALL)
        if not unit_id:
            raise UserError("请选择承办单位", field="unit")
        if self.due_on() < self.now.date():
            raise UserError("答复期限不能早于今天", field="due")
        return TransferInput(
            int(unit_id),
            self.unit.currentText(),
            self.due_on(),
            self.requirement.toPlainText(),
            self.print_form.isChecked(),
        )


class TransferAnswerDialog(_ActionDialog):
    """The unit's answer to a 转办, as it reported back (kept as a draft of the message while typed)."""

    def __init__(
        self,
        transfers: list[TransferLine],
        now: datetime,
        parent: QWidget | None = None,
        *,
        message_id: int = 0,
        drafts: DraftKeeper | None = None,
    ) -> None:
        super().__init__(
            f"登记承办单位答复 — 留言 #{message_id}" if message_id else "登记承办单位答复",
            "登记",
            parent,
            drafts=drafts,
            draft_key=DraftKey("transfer_answer", str(message_id)),
        )
        self.transfers = transfers
        self.transfer = QComboBox()
        for line in transfers:
            self.transfer.addItem(
                f"{line.unit_name}（{line.sent_at:%m-%d %H:%M}转办，{line.due_on:%m-%d}前答复）", line.id
            )
        # The clock shows minutes: "now" may read as the very minute of the 转办, which is allowed.
        self.answered = DateTimeEdit(now, latest=now)
        self.text = text_box("承办单位反馈的办理结果", 120)
        self.draft = QCheckBox("据此起草给留言人的答复")
        self.draft.setChecked(True)
        self.form.addRow("转办：", self.transfer)
        self.form.addRow("反馈时间(&T)：", self.answered)
        self.form.addRow("办理结果(&R)：", self.text)
        self.form.addRow("", self.draft)
        self.text.setFocus()

    def transfer_id(self) -> int:
        return int(combo_value(self.transfer, 0))

    def answered_at(self) -> datetime:
        return self.answered.moment()

    def values(self) -> TransferAnswerInput:
        if not self.text.toPlainText().strip():
            raise UserError("请填写承办单位的办理结果", field="text")
        line = next((t for t in self.transfers if t.id == self.transfer_id()), None)
        if line is not None and self.answered_at() < line.sent_at.replace(second=0, microsecond=0):
            raise UserError(f"反馈时间不能早于转办时间（{line.sent_at:%Y-%m-%d %H:%M}）", field="answered")
        return TransferAnswerInput(
            self.transfer_id(),
            line.unit_name if line else "",
            self.text.toPlainText().strip(),
            self.answered_at(),
            self.draft.isChecked(),
        )


class RejectDialog(_ActionDialog):
    def __init__(self, detail: MessageDetail, parent: QWidget | None = None) -> None:
        super().__init__(f"不予受理 #{detail.id}", "不予受理", parent)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(REJECT_REASONS)
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText("选择或填写理由")
        self.form.addRow("理由(&R)：", self.reason)
        self.say("不予受理的留言不再计入待办；理由会记入办理记录，并可在案卷中查看。")
        self.reason.setFocus()

    def text(self) -> str:
        return self.reason.currentText().strip()

    def values(self) -> str:
        if not self.text():
            raise UserError("请选择或填写不予受理的理由", field="reason")
        return self.text()


class ExtendDialog(_ActionDialog):
    """延期: more working days, with a reason; the cap is shown and enforced."""

    def __init__(self, setup: InboxSetup, detail: MessageDetail, parent: QWidget | None = None) -> None:
        super().__init__(f"延期答复 #{detail.id}", "延期", parent)
        self.setup, self.detail = setup, detail
        self.facts = detail_facts(detail)
        self.rules = setup.rules_for(detail.account_id)
        left = max(detail.max_extension - detail.extension_workdays, 0)
        self.days = QSpinBox()
        self.days.setRange(1, max(left, 1))
        self.days.setSuffix(" 个工作日")
        self.days.setValue(min(5, max(left, 1)))
        self.reason = text_box("延期理由，如：涉及多个部门，需会商后答复", 70)
        self.form.addRow("再延期(&D)：", self.days)
        self.form.addRow("理由(&R)：", self.reason)
        self.days.valueChanged.connect(self._update)
        self.left = left
        self._update()
        self.days.setFocus()

    def _update(self, *_: object) -> None:
        total = self.detail.extension_workdays + self.days.value()
        cap = describe_due(self.detail.deadlines.extension_limit)
        try:
            new_due = check_extension(self.facts, total, self.rules, self.setup.calendar)
        except DeadlineError as error:
            self.say(error.message, True)
            return
        self.say(
            f"答复期限将由 {describe_due(self.detail.answer_due)} 延至 {describe_due(new_due)}；"
            f"延期上限为收到后{self.rules.extension_cap.describe()}（{cap}），还可延期{self.left}个工作日。"
        )

    def values(self) -> tuple[int, str]:
        if not self.reason.toPlainText().strip():
            raise UserError("请填写延期理由", field="reason")
        try:
            check_extension(
                self.facts,
                self.detail.extension_workdays + self.days.value(),
                self.rules,
                self.setup.calendar,
            )
        except DeadlineError as error:
            raise UserError(error.message, field="days") from error
        return self.days.value(), self.reason.toPlainText().strip()


class CommitDialog(_ActionDialog):
    """承诺答复期限: a date agreed with the writer replaces the default deadline."""

    def __init__(self, setup: InboxSetup, detail: MessageDetail, parent: QWidget | None = None) -> None:
        super().__init__(f"承诺答复期限 #{detail.id}", "保存", parent)
        self.setup, self.detail = setup, detail
        self.day = DateEdit(detail.committed_due or detail.answer_due.date())
        self.day.set_earliest(detail.received_at.date())
        self.clear = QCheckBox("取消已约定的期限，恢复默认期限")
        self.clear.setVisible(detail.committed_due is not None)
        self.text = text_box("约定情况，如：电话联系留言人，约定于该日前答复", 60)
        self.form.addRow("约定日期(&D)：", self.day)
        self.form.addRow("", self.clear)
        self.form.addRow("说明(&N)：", self.text)
        self.day.dateChanged.connect(self._update)
        self.clear.toggled.connect(self._update)
        self._update()
        self.day.setFocus()

    def chosen(self) -> date | None:
        return None if self.clear.isChecked() else self.day.day()

    def values(self) -> tuple[date | None, str]:
        return self.chosen(), self.text.toPlainText()

    def _update(self, *_: object) -> None:
        day = self.chosen()
        if day is None:
            default = replace(detail_facts(self.detail), committed_due=None)
            due = self.setup.preview(self.detail.account_id, default).answer
            self.say(f"将恢复默认答复期限：{describe_due(due)}。")
            return
        notes = [f"答复期限将改为 {day.isoformat()}（替代默认期限）。"]
        if not self.setup.calendar.is_workday(day):
            notes.append(f"{day.isoformat()} 不是工作日。")
        if day > self.detail.deadlines.extension_limit.date():
            notes.append(
                f"超过收到后{self.setup.rules_for(self.detail.account_id).extension_cap.describe()}的一般上限，请确有必要。"
            )
        self.say("".join(notes), len(notes) > 1)


class ReasonDialog(_ActionDialog):
    """One required text: 重新办理的原因, 备注, 办结说明."""

    def __init__(
        self,
        title: str,
        label: str,
        ok_text: str,
        placeholder: str,
        required: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, ok_text, parent)
        self.required = required
        self.label = label
        self.text_box = text_box(placeholder, 80)
        self.form.addRow(f"{label}：", self.text_box)
        self.text_box.setFocus()

    def text(self) -> str:
        return self.text_box.toPlainText().strip()

    def values(self) -> str:
        if self.required and not self.text():
            raise UserError(f"请填写{self.label}", field="text_box")
        return self.text()
