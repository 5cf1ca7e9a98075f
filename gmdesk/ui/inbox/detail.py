"""The right-hand pane: one message, its deadlines, the buttons of what may be done now, and below it the
reply editor, the history (received, acknowledged, forwarded, answered, closed — time and operator), the
转办 and the replies sent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.deadlines import Countdown, describe_due
from gmdesk.domain.message_flow import Action
from gmdesk.services.inbox import MessageDetail
from gmdesk.ui import palette
from gmdesk.ui.inbox.model import DUE_COLOURS, STATE_COLOURS
from gmdesk.ui.inbox.reply_editor import ReplyEditor

BUTTONS: tuple[tuple[str, str, Action | None], ...] = (
    ("transfer", "转办…", Action.TRANSFER),
    ("transfer_answer", "单位答复…", Action.TRANSFER_ANSWER),
    ("close", "办结", Action.CLOSE),
    ("reject", "不予受理…", Action.REJECT),
    ("extend", "延期…", Action.EXTEND),
)
MORE: tuple[tuple[str, str, Action | None], ...] = (
    ("commit", "承诺答复期限…", Action.COMMIT),
    ("transfer_form", "生成转办单（Word）…", None),
    ("case_file", "导出办理案卷（Word）…", None),
    ("edit", "修改留言…", None),
    ("note", "添加备注…", Action.NOTE),
    ("reopen", "重新办理…", Action.REOPEN),
    ("delete", "删除留言…", None),
)


def _clock(label: str, shown: Countdown | None, due_text: str, done: str) -> str:
    if done:
        return f"{label}：{due_text}　<span style='color:{palette.MUTED}'>{done}</span>"
    if shown is None:
        return f"{label}：{due_text}"
    colour = DUE_COLOURS[shown.state]
    return f"{label}：{due_text}　<b style='color:{colour}'>{shown.text}</b>"


class MessageDetailPane(QWidget):
    action = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: MessageDetail | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel("请在左侧选择一条留言")
        self.title.setProperty("role", "heading")
        head.addWidget(self.title, 1)
        self.state = QLabel()
        self.state.setStyleSheet("font-weight: bold; padding: 2px 8px; border-radius: 3px;")
        head.addWidget(self.state)
        layout.addLayout(head)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.meta)
        self.content = QPlainTextEdit()
        self.content.setReadOnly(True)
        self.content.setMinimumHeight(70)
        layout.addWidget(self.content, 1)
        self.clocks = QLabel()
        self.clocks.setWordWrap(True)
        self.clocks.setTextFormat(Qt.TextFormat.RichText)
        frame = QFrame()
        frame.setProperty("role", "card")
        box = QVBoxLayout(frame)
        box.setContentsMargins(10, 6, 10, 6)
        box.addWidget(self.clocks)
        layout.addWidget(frame)
        bar = QGridLayout()
        bar.setSpacing(6)
        self.buttons: dict[str, QPushButton] = {}
        for column, (key, text, _) in enumerate(BUTTONS):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=key: self.action.emit(k))
            self.buttons[key] = button
            bar.addWidget(button, 0, column)
        self.more = QPushButton("更多")
        menu = QMenu(self.more)
        self.more_actions = {}
        for key, text, _ in MORE:
            self.more_actions[key] = menu.addAction(text, lambda k=key: self.action.emit(k))
        self.more.setMenu(menu)
        bar.addWidget(self.more, 0, len(BUTTONS))
        layout.addLayout(bar)
        self.tabs = QTabWidget()
        self.editor = ReplyEditor()
        self.history = self._table(["时间", "环节", "经办人", "说明"], (130, 110, 80))
        self.transfers = self._table(
            ["承办单位", "转办时间", "答复期限", "反馈时间", "办理结果"], (170, 120, 90, 120)
        )
        self.replies = self._table(["时间", "类型", "经办人", "内容"], (130, 110, 80))
        self.tabs.addTab(self.editor, "回复")
        self.tabs.addTab(self.history, "办理记录")
        self.tabs.addTab(self.transfers, "转办")
        self.tabs.addTab(self.replies, "已发回复")
        layout.addWidget(self.tabs, 4)
        self.show_detail(None)

    @staticmethod
    def _table(headers: list[str], widths: tuple[int, ...]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(widths):
            table.setColumnWidth(column, width)
        return table

    @staticmethod
    def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for number, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value if len(value) > 20 else "")
                table.setItem(number, column, item)
        table.resizeRowsToContents()

    # ---------------------------------------------------------------- showing a message
    def show_detail(self, detail: MessageDetail | None, keep_text: bool = False) -> None:
        self.detail = detail
        self.editor.show_message(detail, keep_text)
        enabled = detail is not None
        self.more.setEnabled(enabled)
        if detail is None:
            self.title.setText("请在左侧选择一条留言")
            self.state.clear()
            self.state.setStyleSheet("")
            self.meta.setText("选中留言后在此查看详情、回复、转办和办结。")
            self.content.clear()
            self.clocks.setText("")
            for button in self.buttons.values():
                button.setEnabled(False)
            for table in (self.history, self.transfers, self.replies):
                table.setRowCount(0)
            return
        urgent = f"　<b style='color:{palette.DANGER}'>紧急</b>" if detail.urgency.value == "urgent" else ""
        secret = f"　<b style='color:{palette.CONFIDENTIAL}'>保密</b>" if detail.confidential else ""
        self.title.setText(f"#{detail.id}　{detail.category.label}")
        self.title.setToolTip(detail.external_id)
        colour = STATE_COLOURS.get(detail.state, palette.TEXT_SECONDARY)
        self.state.setText(detail.state.label)
        self.state.setStyleSheet(
            f"font-weight: bold; padding: 2px 8px; border-radius: 3px; color: white; background: {colour};"
        )
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        contact = detail.writer_contact or "未留联系方式"
        assigned = f"　办理部门：{detail.assigned_unit}" if detail.assigned_unit else ""
        self.meta.setText(
            f"{detail.account_name}（{detail.platform.label}）· {detail.channel.label} · "
            f"收到 {detail.received_at:%Y-%m-%d %H:%M}{urgent}{secret}<br>"
            f"留言人：{detail.writer_name or '（未留名）'}　联系方式：{contact}{assigned}"
        )
        self.content.setPlainText(detail.content)
        self.clocks.setText(self._clocks(detail))
        allowed = set(detail.actions)
        for key, _, action in BUTTONS:
            self.buttons[key].setEnabled(action in allowed)
        for key, _, action in MORE:
            self.more_actions[key].setEnabled(action is None or action in allowed)
        self.more_actions["transfer_form"].setEnabled(bool(detail.transfers))
        self.more_actions["edit"].setEnabled(detail.state.is_open)
        self.tabs.setTabText(1, f"办理记录 ({len(detail.history)})")
        self.tabs.setTabText(2, f"转办 ({len(detail.transfers)})")
        self.tabs.setTabText(3, f"已发回复 ({len(detail.replies)})")
        self._fill(
            self.history,
            [[f"{h.at:%Y-%m-%d %H:%M}", h.kind.label, h.operator, h.note] for h in detail.history],
        )
        self._fill(
            self.transfers,
            [
                [
                    t.unit_name,
                    f"{t.sent_at:%Y-%m-%d %H:%M}",
                    t.due_on.isoformat(),
                    f"{t.answered_at:%Y-%m-%d %H:%M}" if t.answered_at else "待反馈",
                    t.answer_text,
                ]
                for t in detail.transfers
            ],
        )
        self._fill(
            self.replies,
            [
                [f"{r.at:%Y-%m-%d %H:%M}", "答复" if r.is_final else "首次回应/进展", r.operator, r.text]
                for r in detail.replies
            ],
        )

    @staticmethod
    def _clocks(detail: MessageDetail) -> str:
        d = detail.deadlines
        first_done = ""
        if detail.first_response_at is not None:
            first_done = f"已于 {detail.first_response_at:%m-%d %H:%M} 回应"
            if detail.first_response_at > d.first_response:
                first_done += f"</span>　<b style='color:{palette.DANGER}'>逾期回应</b><span>"
        lines = [_clock("首次回应期限", detail.first_countdown, describe_due(d.first_response), first_done)]
        if d.window_closes is not None:
            when = "已于" if d.window_closes < detail.as_of else "将于"
            lines[0] += (
                f"　<span style='color:{palette.MUTED}'>（微信私信回复窗口{when} {d.window_closes:%m-%d %H:%M} 关闭）</span>"
            )
        answer_done = ""
        if detail.answered_at is not None and detail.answer_outcome is not None:
            answer_done = f"已于 {detail.answered_at:%m-%d %H:%M} 答复（{detail.answer_outcome.text}）"
        elif detail.rejected_reason:
            answer_done = f"不予受理：{detail.rejected_reason}"
        answer = _clock("答复期限", detail.answer_countdown, describe_due(d.answer), answer_done)
        if detail.committed_due:
            answer += f"　<span style='color:{palette.INFO}'>（已与留言人约定）</span>"
        elif detail.extension_workdays:
            answer += (
                f"　<span style='color:{palette.INFO}'>（已延期{detail.extension_workdays}个工作日）</span>"
            )
        lines.append(answer)
        open_transfer = detail.open_transfer
        if open_transfer is not None:
            lines.append(f"转办：{open_transfer.unit_name} 应于 {open_transfer.due_on.isoformat()} 前反馈")
        if detail.provisional:
            lines.append(f"<span style='color:{palette.CAUTION}'>⚠ {detail.provisional}</span>")
        return "<br>".join(lines)
