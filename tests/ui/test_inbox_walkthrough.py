"""The clerk's day in the inbox, driven through the widgets: enter a 投诉 received the day before 国庆 and see
its deadline, reply with a template, forward it and print the 转办单, record the unit's answer, answer the
writer, close — then the list and the export agree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy import select

from gmdesk.domain.enums import MessageCategory, MessageState
from gmdesk.store.models import Message, Reply, Transfer
from gmdesk.ui import files
from gmdesk.ui.app import Shell
from gmdesk.ui.inbox import action_dialogs as ad
from gmdesk.ui.inbox.entry import MessageEntryDialog
from gmdesk.ui.inbox.model import CONTENT_COLUMN, STATE_COLUMN
from gmdesk.ui.inbox.tab import InboxTab
from tests.services.test_inbox_actions import Office, make_office
from tests.ui.conftest import PromptRecorder

failures: list[str] = []


def _still_open(widget: QDialog, kind: type[QDialog]) -> None:
    if isValid(widget) and widget.isVisible():
        widget.reject()
        failures.append(kind.__name__)


def when_modal(kind: type[QDialog], act: Callable[[Any], None], tries: int = 100) -> list[QDialog]:
    """Act on the next modal dialog of ``kind`` once it is shown (with ``exec`` it blocks the caller; with
    ``open`` it does not, so the test waits with :func:`wait_closed` on the list returned)."""
    acted: list[QDialog] = []

    def attempt(left: int) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            widget.activateWindow()  # as on a desktop; the offscreen platform leaves the main window active
            try:
                for _ in range(200):
                    if QApplication.activeWindow() is widget:
                        break
                    QTest.qWait(10)
                act(widget)
                acted.append(widget)
            finally:
                # never leave a test hanging in exec(): a dialog that did not close is a failure
                QTimer.singleShot(3000, lambda: _still_open(widget, kind))
        elif left:
            QTimer.singleShot(20, lambda: attempt(left - 1))

    QTimer.singleShot(0, lambda: attempt(tries))
    return acted


def wait_closed(qtbot: Any, acted: list[QDialog]) -> None:
    """Wait until the dialog :func:`when_modal` acted on has closed (its save went through)."""
    qtbot.waitUntil(lambda: bool(acted) and not acted[0].isVisible(), timeout=10_000)


def type_text(widget: QWidget, text: str) -> None:
    """Type as a clerk does: Chinese arrives committed by the input method, one phrase at a time."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def click_ok(dialog: QDialog) -> None:
    dialog.buttons.accepted.emit()  # type: ignore[attr-defined]


def stored(shell: Shell, message_id: int) -> Message:
    assert shell.ctx is not None
    with shell.ctx.database.read_session() as session:
        message = session.get(Message, message_id)
        assert message is not None
        session.expunge(message)
        return message


@pytest.fixture
def office(shell: Shell) -> Office:
    assert shell.ctx is not None
    return make_office(shell.ctx.database)


def open_inbox(shell: Shell, qtbot: QtBot) -> InboxTab:
    failures.clear()
    assert shell.window is not None and shell.ctx is not None
    tab = shell.window.show_tab("inbox")
    assert isinstance(tab, InboxTab)
    qtbot.waitUntil(lambda: tab.setup is not None and not tab.model.loading)
    shell.wait_idle()
    return tab


def test_a_complaint_from_entry_to_closing(
    shell: Shell,
    office: Office,
    qtbot: QtBot,
    prompts: PromptRecorder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert shell.ctx is not None
    ctx = shell.ctx
    ctx.now = lambda: datetime(2026, 9, 30, 15, 0)  # the afternoon before 国庆
    saved: list[Path] = []
    opened: list[Path] = []

    def choose(parent: QWidget | None, title: str, name: str, file_filter: str, key: str) -> Path:
        path = tmp_path / name
        saved.append(path)
        return path

    monkeypatch.setattr(files, "choose_save_path", choose)
    monkeypatch.setattr(files, "open_file", lambda path: opened.append(path) or True)
    tab = open_inbox(shell, qtbot)
    assert tab.model.rowCount() == 0

    # 1. Enter a 投诉 received this morning, by keyboard; the dialog shows the holiday-aware deadline.
    preview: list[str] = []

    def enter(dialog: MessageEntryDialog) -> None:
        dialog.account.setCurrentIndex(dialog.account.findData(office.weibo))
        dialog.received.setDateTime(QDateTime(2026, 9, 30, 10, 0, 0))
        type_text(dialog.writer, "王先生")
        qtbot.keyClicks(dialog.contact, "13812345678")
        dialog.category.setCurrentIndex(dialog.category.findData(MessageCategory.COMPLAINT))
        type_text(dialog.content, "小区门口路灯坏了一个月，晚上出行不便。")
        preview.append(dialog.preview.text())
        assert QApplication.activeWindow() is dialog
        qtbot.keyClick(dialog.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    acted = when_modal(MessageEntryDialog, enter)
    tab.new_button.click()
    wait_closed(qtbot, acted)
    assert not failures, (failures, prompts.texts(), preview)
    assert preview == ["首次回应期限：2026-10-08　　答复期限：2026-10-15"]
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    row = tab.model.row_at(0)
    assert (row.category, row.state) == (MessageCategory.COMPLAINT, MessageState.PENDING)
    assert tab.model.index(0, 0).data() == "待回应 剩余 1个工作日"
    assert tab.model.index(0, CONTENT_COLUMN).data() == "小区门口路灯坏了一个月，晚上出行不便。"
    message_id = row.id
    message = stored(shell, message_id)
    assert message.answer_due == datetime(2026, 10, 15, 23, 59, 59, 999999)
    qtbot.waitUntil(lambda: tab.detail is not None and tab.detail.id == message_id)
    clocks = tab.pane.clocks.text()
    assert (
        "首次回应期限：2026-10-08" in clocks
        and "答复期限：2026-10-15" in clocks
        and "剩余 7个工作日" in clocks
    )

    # 2. Reply with a template: 收到回应 comes first before any response; its variables are filled in.
    editor = tab.pane.editor
    assert editor.template.currentText() == "［通用］收到回应"
    assert editor.first.isChecked()
    editor.insert.click()
    assert editor.text.toPlainText().startswith("王先生您好！您的留言已收到")
    assert "将于10月15日前给您答复" in editor.text.toPlainText() and "青岚发布" in editor.text.toPlainText()
    with qtbot.waitSignal(ctx.jobs.idle, timeout=10_000):
        editor.save.click()
    shell.wait_idle()
    message = stored(shell, message_id)
    assert message.state is MessageState.ACKNOWLEDGED and message.first_response_at == datetime(
        2026, 9, 30, 15, 0
    )
    qtbot.waitUntil(lambda: tab.detail is not None and tab.detail.state is MessageState.ACKNOWLEDGED)
    assert editor.text.toPlainText() == ""

    # 3. Forward to the housing bureau with its own due date; the 转办单 is written and opened.
    def forward(dialog: ad.TransferDialog) -> None:
        dialog.unit.setCurrentIndex(dialog.unit.findData(office.housing))
        assert dialog.due_on() == date(
            2026, 10, 13
        )  # 5 working days after 30 Sep: 8, 9, 10 (Sat), 12, 13 Oct
        type_text(dialog.requirement, "请现场核实并维修")
        click_ok(dialog)

    when_modal(ad.TransferDialog, forward)
    tab.pane.buttons["transfer"].click()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10_000)
    shell.wait_idle()
    with ctx.database.read_session() as session:
        transfer = session.scalars(select(Transfer).where(Transfer.message_id == message_id)).one()
    assert transfer.due_on == date(2026, 10, 13) and transfer.operator == ctx.operator
    form = "\n".join(cell.text for t in Document(str(opened[0])).tables for r in t.rows for cell in r.cells)
    assert "青岚县住房和城乡建设局" in form and "请现场核实并维修" in form
    assert "13812345678" in form, "the default operator (管理员) may see personal data"
    qtbot.waitUntil(lambda: tab.detail is not None and tab.detail.state is MessageState.TRANSFERRED)
    assert tab.pane.buttons["transfer_answer"].isEnabled()

    # 4. Record the unit's answer; it drafts the answer to the writer.
    ctx.now = lambda: datetime(2026, 10, 9, 10, 0)

    def unit_answer(dialog: ad.TransferAnswerDialog) -> None:
        type_text(dialog.text, "已更换灯具，恢复照明。")
        click_ok(dialog)

    acted = when_modal(ad.TransferAnswerDialog, unit_answer)
    tab.pane.buttons["transfer_answer"].click()
    wait_closed(qtbot, acted)
    qtbot.waitUntil(lambda: "已更换灯具" in editor.text.toPlainText(), timeout=10_000)
    shell.wait_idle()
    assert editor.final.isChecked()

    # 5. Answer the writer (no personal data in it: no warning).
    with qtbot.waitSignal(ctx.jobs.idle, timeout=10_000):
        editor.save.click()
    shell.wait_idle()
    assert "回复中含有个人信息" not in prompts.titles()
    message = stored(shell, message_id)
    assert message.state is MessageState.ANSWERED and message.answered_at == datetime(2026, 10, 9, 10, 0)

    # 6. Close.
    qtbot.waitUntil(lambda: tab.pane.buttons["close"].isEnabled())
    prompts.answers.append(True)
    with qtbot.waitSignal(ctx.jobs.idle, timeout=10_000):
        tab.pane.buttons["close"].click()
    shell.wait_idle()
    assert stored(shell, message_id).state is MessageState.CLOSED
    with ctx.database.read_session() as session:
        replies = session.scalars(
            select(Reply).where(Reply.message_id == message_id).order_by(Reply.id)
        ).all()
    assert [(r.is_final, r.template_id is not None) for r in replies] == [(False, True), (True, False)]

    # 7. The list (all messages) and the export agree.
    tab.filters.select(tab.filters.status, "all")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and not tab.model.loading)
    listed = tab.model.row_at(0)
    assert tab.model.index(0, 0).data() == "按期答复" and tab.model.index(0, STATE_COLUMN).data() == "已办结"
    with qtbot.waitSignal(ctx.jobs.idle, timeout=10_000):
        tab.actions.export_messages()
    shell.wait_idle()
    book = load_workbook(saved[-1], read_only=True)
    header, *rows = list(book.active.iter_rows(values_only=True))
    book.close()
    assert len(rows) == 1
    exported = dict(zip(header, rows[0], strict=True))
    assert exported["编号"] == listed.id
    assert exported["状态"] == listed.state.label == "已办结"
    assert (
        exported["答复期限"].date() == listed.answer_due.date() == date(2026, 10, 15)
    )  # date cells, not text
    assert exported["首次回应期限"].date() == listed.first_response_due.date()
    assert exported["收到时间"] == listed.received_at.replace(second=0, microsecond=0)
    assert exported["办理部门"] == listed.assigned_unit == "青岚县住房和城乡建设局"
    # privacy by purpose: the list shows the number to an operator allowed to see it, the export masks it
    # unless that operator asks for it unmasked and says what for (answered 否 here)
    assert listed.contact == "13812345678" and exported["联系方式"] == "138****5678"
    assert any(p.title == "个人信息" for p in prompts.prompts)
    assert exported["是否按期"] == "按期"
    assert any(p.title == "导出完成" for p in prompts.prompts)
