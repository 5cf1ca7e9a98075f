"""The small dialogs of the life cycle: an action with its date (and number, reason, replacement), the
paper state of a form, withdrawing an event, and a password rotation."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from gmdesk.domain.enums import FilingKind, PaperState
from gmdesk.domain.errors import UserError
from gmdesk.domain.lifecycle import Action, ActionInput
from gmdesk.services.accounts_data import AccountDetail, EventRow, PersonInfo
from gmdesk.ui.widgets.dates import DateEdit
from gmdesk.ui.widgets.form_dialog import FormDialog

DAY_LABELS = {
    Action.SUBMIT: "申请日期",
    Action.RETURN: "退回日期",
    Action.APPROVE: "批准日期",
    Action.OPEN: "开设时间",
    Action.FILE_OPEN: "备案日期",
    Action.ANNOUNCE: "停更公告日期",
    Action.RESUME: "撤销日期",
    Action.CANCEL: "平台注销日期",
    Action.FILE_CANCEL: "注销备案日期",
}
HINTS = {
    Action.SUBMIT: "班子专题会议研究同意后，将开设申请表（主要负责人签字、加盖公章）报主管单位审核。",
    Action.APPROVE: "主管单位审核同意后登记批准日期，即可在平台注册账号。",
    Action.OPEN: "登记开设后自动生成开设备案待办，须在规定的工作日内向主管单位备案。",
    Action.FILE_OPEN: "主管单位受理备案后，填写其给出的备案编号。",
    Action.ANNOUNCE: "关停前须先发布停更公告；公告期间账号仍须按规定更新，公告期满后方可在平台注销。",
    Action.RESUME: "撤销关停后账号恢复运行，停更公告事项随之撤销。",
    Action.CANCEL: "在平台完成注销后登记，自动生成注销（关停）备案待办。",
    Action.FILE_CANCEL: "主管单位受理注销备案后登记，账号状态变为“已关停”。",
    Action.RETURN: "主管单位退回申请后，账号回到“拟开设”，可修改后重新提交。",
}


class ActionDialog(FormDialog):
    def __init__(
        self,
        action: Action,
        detail: AccountDetail,
        today: date,
        account_names: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"{action.label} — {detail.form.name}", parent, ok_text="办理")
        self.action = action
        self.resize(520, 0)
        hint = QLabel(HINTS.get(action, ""))
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        self.body.addWidget(hint)
        layout = QFormLayout()
        self.body.addLayout(layout)
        self.day = DateEdit(today)
        layout.addRow(DAY_LABELS[action], self.day)
        self.filing_number = QLineEdit(detail.form.filing_number)
        self.filing_number.setPlaceholderText("如 青政新媒〔2026〕8号")
        if action in (Action.FILE_OPEN, Action.FILE_CANCEL):
            layout.addRow("备案编号" + (" *" if action is Action.FILE_OPEN else ""), self.filing_number)
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(60)
        self.replacement = QLineEdit()
        self.replacement.setPlaceholderText("引导粉丝关注的替代账号，如 青岚发布（微信公众号）")
        completer = QCompleter(sorted(set(account_names)), self.replacement)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.replacement.setCompleter(completer)
        if action is Action.ANNOUNCE:
            layout.addRow("关停原因 *", self.reason)
            layout.addRow("替代账号", self.replacement)
        self.note = QLineEdit()
        layout.addRow("备注", self.note)

    def values(self) -> ActionInput:
        day = self.day.value()
        assert day is not None
        if self.action is Action.FILE_OPEN and not self.filing_number.text().strip():
            raise UserError("请填写主管单位给出的备案编号", field="filing_number")
        if self.action is Action.ANNOUNCE and not self.reason.toPlainText().strip():
            raise UserError("请填写关停原因", field="reason")
        return ActionInput(
            day,
            self.filing_number.text().strip(),
            self.reason.toPlainText().strip(),
            self.replacement.text().strip(),
            self.note.text().strip(),
        )


PAPER_CHOICES = (
    PaperState.GENERATED,
    PaperState.PRINTED,
    PaperState.SIGNED,
    PaperState.SUBMITTED,
    PaperState.FILED,
)


class PaperDialog(FormDialog):
    """已生成 → 已打印 → 已签字盖章 → 已报送 → 已备案 (with the 备案编号 and date)."""

    def __init__(
        self, event: EventRow, filing_number: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"纸质表格状态 — {event.kind.label}", parent, ok_text="登记")
        self.event = event
        layout = QFormLayout()
        self.body.addLayout(layout)
        self.state = QComboBox()
        for state in PAPER_CHOICES:
            self.state.addItem(state.label, state)
        current = PAPER_CHOICES.index(event.paper_state) if event.paper_state in PAPER_CHOICES else -1
        self.state.setCurrentIndex(min(current + 1, len(PAPER_CHOICES) - 1))
        layout.addRow("当前状态", QLabel(event.paper_state.label))
        layout.addRow("登记为", self.state)
        self.filing_number = QLineEdit(event.filing_number or filing_number)
        self.filed_on = DateEdit(today)
        self.number_label = QLabel("备案编号" + (" *" if event.kind is FilingKind.OPEN_FILING else ""))
        self.date_label = QLabel("备案日期")
        layout.addRow(self.number_label, self.filing_number)
        layout.addRow(self.date_label, self.filed_on)
        note = QLabel("登记“已备案”即办结该事项；开设备案、注销备案同时推进账号状态。")
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.body.addWidget(note)
        self.state.currentIndexChanged.connect(self._state_changed)
        self._state_changed()

    def _state_changed(self, *_: object) -> None:
        filed = PaperState(self.state.currentData()) is PaperState.FILED
        for widget in (self.filing_number, self.filed_on, self.number_label, self.date_label):
            widget.setVisible(filed)

    def values(self) -> tuple[PaperState, str, date | None]:
        state = PaperState(self.state.currentData())
        if (
            state is PaperState.FILED
            and self.event.kind is FilingKind.OPEN_FILING
            and not self.filing_number.text().strip()
        ):
            raise UserError("请填写主管单位给出的备案编号", field="filing_number")
        return state, self.filing_number.text().strip(), self.filed_on.value()


class WithdrawDialog(FormDialog):
    def __init__(self, event: EventRow, parent: QWidget | None = None) -> None:
        super().__init__(f"撤销{event.kind.label}", parent, ok_text="撤销")
        layout = QFormLayout()
        self.body.addLayout(layout)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如：误操作、变更已取消")
        layout.addRow("撤销原因 *", self.reason)

    def values(self) -> str:
        if not self.reason.text().strip():
            raise UserError("请填写撤销原因", field="reason")
        return self.reason.text().strip()


class PasswordDialog(FormDialog):
    """登记更换密码: the day and who holds it now (the password itself is never asked for)."""

    def __init__(
        self, people: list[PersonInfo], custodian_id: int | None, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__("登记密码更换", parent, ok_text="登记")
        layout = QFormLayout()
        self.body.addLayout(layout)
        self.day = DateEdit(today)
        self.custodian = QComboBox()
        self.custodian.addItem("（未指定）", None)
        for person in people:
            if person.active:
                self.custodian.addItem(
                    f"{person.name}（{person.title}）" if person.title else person.name, person.id
                )
        self.custodian.setCurrentIndex(max(0, self.custodian.findData(custodian_id)))
        self.handover = QCheckBox("管理员交接（账号移交给新的保管人）")
        self.note = QLineEdit()
        layout.addRow("更换日期", self.day)
        layout.addRow("密码保管人", self.custodian)
        layout.addRow("", self.handover)
        layout.addRow("备注", self.note)
        hint = QLabel("gmdesk 只记录更换日期和保管人，不保存密码本身。")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        self.body.addWidget(hint)

    def values(self) -> tuple[date, int | None, bool, str]:
        day = self.day.value()
        assert day is not None
        return day, self.custodian.currentData(), self.handover.isChecked(), self.note.text().strip()
