"""新建留言 / 修改留言: manual entry made for the keyboard.

Tab goes 账号 → 渠道 → 收到时间 → 留言人 → 联系方式 → 类别 → 紧急程度 → 保密 → 内容 → 保存; Tab inside the content
moves on instead of typing a tab; Ctrl+Enter saves from anywhere, Esc cancels (asking first when something
was typed; a new message being typed is kept as a draft). While the clerk types, the
deadlines the engine will store are shown, so a 投诉 received the day before a holiday shows its real date.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from gmdesk.domain.deadlines import ReplyFacts, describe_due
from gmdesk.domain.enums import MessageCategory, MessageChannel, Urgency
from gmdesk.domain.errors import UserError
from gmdesk.services.drafts import DraftKey
from gmdesk.services.inbox import InboxSetup, MessageDetail
from gmdesk.services.inbox_actions import MessageInput
from gmdesk.ui.drafts import DraftKeeper
from gmdesk.ui.inbox.filters import ALL, combo_value, searchable_combo
from gmdesk.ui.widgets.dates import DateTimeEdit
from gmdesk.ui.widgets.form_dialog import FormDialog


def enum_combo(kind: type, current: object) -> QComboBox:
    combo = QComboBox()
    for member in kind:  # type: ignore[attr-defined]  # kind: a LabeledEnum class
        combo.addItem(member.label, member)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class MessageEntryDialog(FormDialog):
    def __init__(
        self,
        setup: InboxSetup,
        now: datetime,
        existing: MessageDetail | None = None,
        parent: QWidget | None = None,
        drafts: DraftKeeper | None = None,
    ) -> None:
        super().__init__(
            f"修改留言 #{existing.id}" if existing else "新建留言",
            parent,
            "保存 (Ctrl+Enter)",
            drafts=drafts,
            draft_key=DraftKey.of("message", existing.id if existing else None),
        )
        self.setup = setup
        self.now = now
        self.setMinimumWidth(560)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.account = searchable_combo(360)
        self.account.addItem("（请选择账号）", ALL)
        for choice in setup.accounts:
            label = choice.display + ("" if choice.state.is_live else f"　[{choice.state.label}]")
            self.account.addItem(label, choice.id)
        self.existing = existing
        self.channel = enum_combo(MessageChannel, MessageChannel.BOARD)
        self.received = DateTimeEdit(now, latest=now)
        self.writer = QLineEdit()
        self.writer.setPlaceholderText("姓名或网名，可不填")
        self.writer.setMaxLength(80)
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("手机、电话或邮箱，可不填")
        self.contact.setMaxLength(120)
        self.category = enum_combo(MessageCategory, MessageCategory.CONSULT)
        self.urgency = enum_combo(Urgency, Urgency.NORMAL)
        self.confidential = QCheckBox("留言人要求保密（不公开其个人信息，不导出）")
        self.keep_private = existing is not None and not existing.revealed
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.content.setPlaceholderText("留言原文")
        self.content.setMinimumHeight(120)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setProperty("role", "banner-warning")
        if self.keep_private:  # the clerk sees masked text: it must not overwrite the original
            for widget in (self.contact, self.content):
                widget.setReadOnly(True)
                widget.setToolTip("当前操作员无权查看个人信息，联系方式和内容不能修改")
        form.addRow("账号(&A)：", self.account)
        form.addRow("渠道(&Q)：", self.channel)
        form.addRow("收到时间(&T)：", self.received)
        form.addRow("留言人(&W)：", self.writer)
        form.addRow("联系方式(&L)：", self.contact)
        form.addRow("类别(&C)：", self.category)
        form.addRow("紧急程度(&U)：", self.urgency)
        form.addRow("", self.confidential)
        form.addRow("内容(&N)：", self.content)
        self.body.addLayout(form)
        self.body.addWidget(self.preview)
        order = [
            self.account,
            self.channel,
            self.received,
            self.writer,
            self.contact,
            self.category,
            self.urgency,
            self.confidential,
            self.content,
            self.buttons,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        if existing is not None:
            self._show(existing)
        for signal in (
            self.account.currentIndexChanged,
            self.channel.currentIndexChanged,
            self.received.dateTimeChanged,
            self.category.currentIndexChanged,
            self.urgency.currentIndexChanged,
        ):
            signal.connect(self._update_preview)
        self._update_preview()
        self.account.setFocus()

    def _show(self, message: MessageDetail) -> None:
        self.account.setCurrentIndex(max(self.account.findData(message.account_id), 0))
        for combo, value in (
            (self.channel, message.channel),
            (self.category, message.category),
            (self.urgency, message.urgency),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.received.set_moment(message.received_at)
        self.writer.setText(message.writer_name)
        self.contact.setText(message.writer_contact if message.revealed else "")
        self.confidential.setChecked(message.confidential)
        self.content.setPlainText(message.content)

    def show_latest(self, record: object) -> None:
        assert isinstance(record, MessageDetail)
        self.existing = record
        self._show(record)

    def values(self) -> MessageInput:
        data = self.entered()
        if not data.account_id:
            raise UserError("请选择账号", field="account")
        problems = data.problems(self.now)
        if problems:
            field = "content" if not data.content else "received" if data.received_at > self.now else None
            raise UserError("；".join(problems), field=field)
        return data

    def entered(self) -> MessageInput:
        return MessageInput(
            account_id=combo_value(self.account, ALL),
            received_at=self.received.moment(),
            content=self.content.toPlainText().strip(),
            category=combo_value(self.category, MessageCategory.CONSULT),
            urgency=combo_value(self.urgency, Urgency.NORMAL),
            channel=combo_value(self.channel, MessageChannel.BOARD),
            writer_name=self.writer.text().strip(),
            writer_contact=self.contact.text().strip(),
            confidential=self.confidential.isChecked(),
            keep_private=self.keep_private,
            version=self.existing.version if self.existing is not None else None,
        )

    def _update_preview(self, *_: object) -> None:
        account_id = combo_value(self.account, ALL)
        if not account_id:
            self.preview.setText("选择账号后显示首次回应期限和答复期限。")
            return
        choice = next((a for a in self.setup.accounts if a.id == account_id), None)
        data = self.entered()
        facts = ReplyFacts(
            data.received_at, data.category, data.urgency, data.channel, choice.platform if choice else None
        )
        deadlines = self.setup.preview(account_id, facts)
        text = f"首次回应期限：{describe_due(deadlines.first_response)}　　答复期限：{describe_due(deadlines.answer)}"
        if deadlines.window_first:
            text += "\n（微信私信只能在留言后48小时内回复，首次回应须在窗口关闭前完成）"
        self.preview.setText(text)
