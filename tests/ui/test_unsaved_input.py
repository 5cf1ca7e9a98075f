"""Nothing the clerk typed is lost: not to a closed dialog, a refused save, a switched record, a quit or a
crash. Each path of issue 11 item 2 and item 3, driven as a clerk would, against a real database file."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from gmdesk.services import drafts as draft_service
from gmdesk.services import inbox_actions
from gmdesk.services.inbox_actions import MessageInput
from gmdesk.store.models import Draft, Transfer
from gmdesk.ui import dialogs
from gmdesk.ui.app import Shell
from gmdesk.ui.inbox import action_dialogs as ad
from gmdesk.ui.inbox.tab import InboxTab
from gmdesk.ui.widgets.form_dialog import DRAFT_DELAY_MS
from tests.services.test_inbox_actions import Office, make_office
from tests.ui.conftest import PINNED_NOW, PromptRecorder
from tests.ui.test_inbox_walkthrough import open_inbox, type_text


@pytest.fixture
def office(shell: Shell) -> Office:
    assert shell.ctx is not None
    return make_office(shell.ctx.database)


def add_message(shell: Shell, account_id: int, content: str, writer: str = "王女士") -> int:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        return inbox_actions.create_message(
            session,
            MessageInput(
                account_id=account_id,
                received_at=datetime(2026, 11, 19, 9, 0),
                content=content,
                writer_name=writer,
            ),
            "张三",
            PINNED_NOW,
        )


def stored_drafts(shell: Shell) -> dict[tuple[str, str], dict[str, Any]]:
    assert shell.ctx is not None
    with shell.ctx.database.read_session() as session:
        return {(d.kind, d.key): dict(d.payload) for d in session.scalars(select(Draft))}


def select_message(tab: InboxTab, qtbot: QtBot, message_id: int) -> None:
    row = tab.model.find(message_id)
    assert row >= 0
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    qtbot.waitUntil(lambda: tab.detail is not None and tab.detail.id == message_id)


def wait_for_draft(shell: Shell, qtbot: QtBot, key: tuple[str, str], text: str) -> None:
    qtbot.wait(DRAFT_DELAY_MS + 100)
    shell.wait_idle()
    qtbot.waitUntil(lambda: text in str(stored_drafts(shell).get(key, {})))


# --------------------------------------------------------------------------- switching records
def test_a_half_written_reply_survives_clicking_another_message(
    shell: Shell, office: Office, qtbot: QtBot
) -> None:
    first = add_message(shell, office.wechat, "路灯坏了")
    second = add_message(shell, office.weibo, "公交站牌倾斜")
    tab = open_inbox(shell, qtbot)
    select_message(tab, qtbot, first)
    type_text(tab.pane.editor.text, "您好，已转交城管部门，")
    select_message(tab, qtbot, second)  # at once, before the draft timer: the text must not vanish
    assert tab.pane.editor.text.toPlainText() == ""
    shell.wait_idle()
    assert stored_drafts(shell)[("reply", str(first))]["text"] == "您好，已转交城管部门，"
    select_message(tab, qtbot, first)
    qtbot.waitUntil(lambda: tab.pane.editor.text.toPlainText() == "您好，已转交城管部门，")
    assert tab.pane.editor.restored.isVisible()
    # saving the reply forgets the draft
    type_text(tab.pane.editor.text, "正在处理。")
    tab.pane.editor.save.click()
    shell.wait_idle()
    qtbot.waitUntil(lambda: ("reply", str(first)) not in stored_drafts(shell))
    assert tab.pane.editor.text.toPlainText() == ""


# --------------------------------------------------------------------------- closing a dialog
@pytest.mark.parametrize("how", ["cancel", "escape", "close"])
def test_closing_a_typed_dialog_asks_and_cancel_keeps_the_text(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder, how: str
) -> None:
    message_id = add_message(shell, office.wechat, "广告")
    tab = open_inbox(shell, qtbot)
    select_message(tab, qtbot, message_id)
    tab.actions.run("reject")
    dialog = tab.active_dialog
    assert isinstance(dialog, ad.RejectDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.reason.setEditText("推销保健品")
    prompts.unsaved_answers.append(dialogs.CANCEL)
    if how == "cancel":
        dialog.buttons.rejected.emit()
    elif how == "escape":
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    else:
        dialog.close()  # the window's ✕
    assert [p.kind for p in prompts.prompts] == ["unsaved"]
    assert dialog.isVisible() and dialog.reason.currentText() == "推销保健品"
    # 不保存 closes it and writes nothing
    prompts.unsaved_answers.append(dialogs.DISCARD)
    dialog.buttons.rejected.emit()
    assert not dialog.isVisible()
    shell.wait_idle()
    assert tab.detail is not None and tab.detail.state.is_open


def test_saving_from_the_close_question_saves(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    message_id = add_message(shell, office.wechat, "广告")
    tab = open_inbox(shell, qtbot)
    select_message(tab, qtbot, message_id)
    tab.actions.run("note")
    dialog = tab.active_dialog
    assert isinstance(dialog, ad.ReasonDialog)
    qtbot.waitUntil(dialog.isVisible)
    type_text(dialog.text_box, "已电话联系")
    prompts.unsaved_answers.append(dialogs.SAVE)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(
        lambda: tab.detail is not None and any(h.note == "已电话联系" for h in tab.detail.history)
    )


def test_an_untouched_dialog_closes_without_a_question(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    message_id = add_message(shell, office.wechat, "咨询")
    tab = open_inbox(shell, qtbot)
    select_message(tab, qtbot, message_id)
    tab.actions.run("extend")
    dialog = tab.active_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not prompts.prompts


# --------------------------------------------------------------------------- a refused save
def test_the_unit_answer_in_the_minute_of_the_transfer_is_accepted(
    shell: Shell, office: Office, qtbot: QtBot
) -> None:
    """The reported case: 转办 at 09:30:40, the answer dialog's default time reads 09:30."""
    assert shell.ctx is not None
    message_id = add_message(shell, office.wechat, "小区路灯不亮")
    with shell.ctx.database.session() as session:
        inbox_actions.transfer(
            session,
            message_id,
            office.housing,
            datetime(2026, 11, 24).date(),
            operator="张三",
            at=PINNED_NOW.replace(second=40),
        )
    tab = open_inbox(shell, qtbot)
    select_message(tab, qtbot, message_id)
    tab.actions.run("transfer_answer")
    dialog = tab.active_dialog
    assert isinstance(dialog, ad.TransferAnswerDialog)
    qtbot.waitUntil(dialog.isVisible)
    type_text(dialog.text, "已更换灯具。")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    with shell.ctx.database.read_session() as session:
        transfer = session.scalars(select(Transfer)).one()
    assert transfer.answer_text == "已更换灯具。" and transfer.answered_at == PINNED_NOW.replace(second=0)


def test_a_refused_answer_keeps_the_dialog_open_with_the_field_marked(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    assert shell.ctx is not None
    message_id = add_message(shell, office.wechat, "小区路灯不亮")
    with shell.ctx.database.session() as session:
        inbox_actions.transfer(
            session,
            message_id,
            office.housing,
            datetime(2026, 11, 24).date(),
            operator="张三",
            at=PINNED_NOW.replace(minute=10),
        )
    tab = open_inbox(shell, qtbot)
    select_message(tab, qtbot, message_id)
    tab.actions.run("transfer_answer")
    dialog = tab.active_dialog
    assert isinstance(dialog, ad.TransferAnswerDialog)
    qtbot.waitUntil(dialog.isVisible)
    type_text(dialog.text, "已更换灯具，居民满意。")
    dialog.answered.setDateTime(dialog.answered.dateTime().addSecs(-3600))  # before the 转办
    dialog.submit()
    assert dialog.isVisible()
    assert "不能早于转办时间" in dialog.error_label.text() and dialog.error_label.isVisible()
    assert dialog.answered.property("invalid") is True
    assert dialog.text.toPlainText() == "已更换灯具，居民满意。"
    assert not prompts.prompts  # said in the dialog, not in a box that closes it
    dialog.answered.setDateTime(dialog.answered.dateTime().addSecs(3600))
    assert dialog.answered.property("invalid") is False  # the mark goes as soon as the clerk corrects it
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)


def test_a_refusal_from_the_service_also_keeps_the_dialog(shell: Shell, office: Office, qtbot: QtBot) -> None:
    """The dialog's own checks pass; the service refuses (the 转办 was answered meanwhile elsewhere)."""
    assert shell.ctx is not None
    message_id = add_message(shell, office.wechat, "小区路灯不亮")
    with shell.ctx.database.session() as session:
        transfer_id = inbox_actions.transfer(
            session,
            message_id,
            office.housing,
            datetime(2026, 11, 24).date(),
            operator="张三",
            at=PINNED_NOW.replace(hour=8),
        )
    tab = open_inbox(shell, qtbot)
    select_message(tab, qtbot, message_id)
    tab.actions.run("transfer_answer")
    dialog = tab.active_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    type_text(dialog.text, "我方的记录")
    with shell.ctx.database.session() as session:  # another window, or the command line
        inbox_actions.record_transfer_answer(
            session, transfer_id, "别处登记的答复", answered_at=PINNED_NOW, operator="李四"
        )
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert "已登记过" in dialog.error_label.text() and dialog.isVisible()
    assert dialog.text.toPlainText() == "我方的记录"


# --------------------------------------------------------------------------- quitting
def test_quitting_with_an_unfinished_reply_asks_once_and_keeps_it(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder, db_path: Path
) -> None:
    message_id = add_message(shell, office.wechat, "路灯坏了")
    other = add_message(shell, office.weibo, "站牌倾斜")
    tab = open_inbox(shell, qtbot)
    select_message(tab, qtbot, other)
    type_text(tab.pane.editor.text, "正在核实")
    select_message(tab, qtbot, message_id)
    type_text(tab.pane.editor.text, "您好，")
    prompts.unsaved_answers.append(dialogs.CANCEL)
    assert shell.window is not None
    assert not shell.window.close()  # Ctrl+Q, then 取消: gmdesk stays
    assert [p.kind for p in prompts.prompts] == ["unsaved"]
    assert f"留言 #{message_id}（王女士）的回复" in prompts.prompts[0].text
    assert tab.pane.editor.text.toPlainText() == "您好，"
    prompts.unsaved_answers.append(dialogs.SAVE)
    assert shell.close()
    assert len(prompts.prompts) == 2  # asked once for all, not once per item
    reopened = Shell(QApplication.instance(), headless=True, now=lambda: PINNED_NOW)  # type: ignore[arg-type]
    try:
        assert reopened.open(db_path)
        reopened.show()
        tab2 = open_inbox(reopened, qtbot)
        select_message(tab2, qtbot, message_id)
        qtbot.waitUntil(lambda: tab2.pane.editor.text.toPlainText() == "您好，")
        select_message(tab2, qtbot, other)
        qtbot.waitUntil(lambda: tab2.pane.editor.text.toPlainText() == "正在核实")
    finally:
        reopened.close()


def test_not_saving_on_quit_drops_the_drafts(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    message_id = add_message(shell, office.wechat, "路灯坏了")
    tab = open_inbox(shell, qtbot)
    select_message(tab, qtbot, message_id)
    type_text(tab.pane.editor.text, "写了一半")
    wait_for_draft(shell, qtbot, ("reply", str(message_id)), "写了一半")
    assert shell.ctx is not None
    database = shell.ctx.database
    prompts.unsaved_answers.append(dialogs.DISCARD)
    assert shell.window is not None and shell.window.close()
    shell.ctx.jobs.wait_for_done()
    with database.read_session() as session:
        assert draft_service.all_drafts(session) == []


# --------------------------------------------------------------------------- a crash
CRASHING_CLERK = textwrap.dedent("""
    import os, signal, sys
    from datetime import datetime
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from gmdesk.logs import enable_crash_log
    from gmdesk.ui import dialogs
    from gmdesk.ui.app import Shell, configure_application
    dialogs.responder = dialogs.headless_responder
    app = QApplication([])
    configure_application(app)
    enable_crash_log()
    shell = Shell(app, headless=True, now=lambda: datetime(2026, 11, 20, 9, 30))
    assert shell.open(Path(sys.argv[1]))
    shell.show()
    tab = shell.window.show_tab("inbox")
    shell.wait_idle()
    message_id = int(sys.argv[2])
    tab.table.setCurrentIndex(tab.model.index(tab.model.find(message_id), 0))
    shell.wait_idle()
    tab.pane.editor.text.insertPlainText("断电前写下的回复")
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop(); QTimer.singleShot(1500, loop.quit); loop.exec()   # the draft timer fires, the job runs
    shell.wait_idle()
    os.kill(os.getpid(), signal.SIGSEGV)                                    # a native crash, as in Qt Widgets
""")


@pytest.mark.slow
def test_after_a_crash_the_next_start_says_so_and_the_reply_comes_back(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder, db_path: Path, isolated_home: Path
) -> None:
    message_id = add_message(shell, office.wechat, "路灯坏了")
    assert shell.close()
    env = {**os.environ, "GMDESK_HOME": str(isolated_home), "QT_QPA_PLATFORM": "offscreen"}
    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING_CLERK, str(db_path), str(message_id)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert crashed.returncode < 0 or crashed.returncode == 139, crashed.stderr  # killed by SIGSEGV
    crash_log = isolated_home / "logs" / "crash.log"
    assert "Fatal Python error: Segmentation fault" in crash_log.read_text(encoding="utf-8")
    assert Path(str(db_path) + ".lock").exists()  # left behind by the dead process

    reopened = Shell(QApplication.instance(), headless=True, now=lambda: PINNED_NOW)  # type: ignore[arg-type]
    try:
        assert reopened.open(db_path)
        reopened.show()
        qtbot.waitUntil(lambda: "上次没有正常退出" in prompts.titles(), timeout=10_000)
        notice = prompts.texts()
        assert f"留言 #{message_id}（王女士）的回复" in notice and "找回了 1 份" in notice
        assert str(crash_log) in notice
        tab = open_inbox(reopened, qtbot)
        select_message(tab, qtbot, message_id)
        qtbot.waitUntil(lambda: tab.pane.editor.text.toPlainText() == "断电前写下的回复")
    finally:
        reopened.close()


# --------------------------------------------------------------------------- the account and post dialogs
def test_a_new_account_typed_and_lost_with_the_window_comes_back(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    from gmdesk.ui.accounts.account_dialog import AccountDialog
    from gmdesk.ui.accounts.tab import AccountsTab

    assert shell.window is not None
    tab = shell.window.show_tab("accounts")
    assert isinstance(tab, AccountsTab)
    qtbot.waitUntil(lambda: tab.ledger is not None)
    tab.unit_filter.setCurrentIndex(tab.unit_filter.findData(office.housing))
    tab.new_account()
    qtbot.waitUntil(lambda: isinstance(tab.active_dialog, AccountDialog) and tab.active_dialog.isVisible())
    assert tab.active_dialog.unit.currentData() == office.housing, "the unit filtered on"  # type: ignore[union-attr]
    tab.active_dialog.done(0)
    tab.unit_filter.setCurrentIndex(0)
    tab.table.selectRow(0)  # a selected account is no choice of a unit for the next one
    assert tab.current_id() is not None
    first = tab.active_dialog
    tab.new_account()
    qtbot.waitUntil(lambda: tab.active_dialog is not first and tab.active_dialog.isVisible())  # type: ignore[union-attr]
    dialog = tab.active_dialog
    assert isinstance(dialog, AccountDialog)
    assert dialog.unit.currentIndex() == -1, "no unit in view: the clerk chooses"
    assert not dialog.is_verified.isChecked(), "an account that does not exist yet is not verified"
    type_text(dialog.name, "城关镇发布")
    dialog.purpose.setPlainText("发布城关镇政务信息")
    wait_for_draft(shell, qtbot, ("account", "new"), "城关镇发布")
    dialog.done(0)  # gone without a question, as in a crash or a power cut
    tab.new_account()
    qtbot.waitUntil(lambda: tab.active_dialog is not dialog and isinstance(tab.active_dialog, AccountDialog))
    again = tab.active_dialog
    assert isinstance(again, AccountDialog)
    qtbot.waitUntil(lambda: again.name.text() == "城关镇发布")
    assert again.purpose.toPlainText() == "发布城关镇政务信息" and again.restored.isVisible()
    again.discard_draft()
    assert again.name.text() == "" and not again.restored.isVisible()
    shell.wait_idle()
    assert ("account", "new") not in stored_drafts(shell)
    again.done(0)


def test_a_post_being_typed_is_kept_and_saving_forgets_it(shell: Shell, office: Office, qtbot: QtBot) -> None:
    from gmdesk.ui.calendar.tab import CalendarTab

    assert shell.window is not None
    tab = shell.window.show_tab("calendar")
    assert isinstance(tab, CalendarTab)
    shell.wait_idle()
    dialog = tab.new_post(PINNED_NOW.date(), office.weibo)
    qtbot.waitUntil(lambda: dialog.account.currentData() == office.weibo and dialog._info is not None)
    assert not dialog.is_dirty()
    type_text(dialog.title, "冬季供暖安全提示")
    wait_for_draft(shell, qtbot, ("post", "new"), "冬季供暖安全提示")
    dialog.done(0)
    dialog = tab.new_post(PINNED_NOW.date(), office.weibo)
    qtbot.waitUntil(lambda: dialog.title.text() == "冬季供暖安全提示")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    shell.wait_idle()
    assert ("post", "new") not in stored_drafts(shell)


# --------------------------------------------------------------------------- editors of a list
def test_switching_templates_with_an_unsaved_edit_asks_and_stays(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    from gmdesk.ui.inbox.templates_dialog import TemplatesDialog

    tab = open_inbox(shell, qtbot)
    assert shell.ctx is not None
    dialog = TemplatesDialog(shell.ctx, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 8 and dialog.current_id is not None)
    first = dialog.current_id
    type_text(dialog.text, "（补充一句）")
    prompts.unsaved_answers.append(dialogs.CANCEL)
    dialog.table.selectRow(3)
    assert [p.kind for p in prompts.prompts] == ["unsaved"]
    assert dialog.current_id == first and "（补充一句）" in dialog.text.toPlainText()
    assert dialog.table.selectionModel().selectedRows()[0].row() == 0
    prompts.unsaved_answers.append(dialogs.CANCEL)
    dialog.reject()  # 关闭, Esc or ✕
    assert dialog.isVisible()
    prompts.unsaved_answers.append(dialogs.DISCARD)
    dialog.table.selectRow(3)
    assert dialog.current_id != first and "（补充一句）" not in dialog.text.toPlainText()
    dialog.reject()  # nothing changed on this one: no question
    assert not dialog.isVisible() and len(prompts.prompts) == 3


def test_the_unit_editor_asks_before_a_typed_unit_is_lost(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    from gmdesk.ui.accounts.org_dialog import OrgDialog

    assert shell.ctx is not None
    dialog = OrgDialog(shell.ctx, office.office)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.unit_list.count() == 3 and dialog.name.text() == "青岚县人民政府办公室")
    dialog.add_unit()
    type_text(dialog.name, "青岚县文化广电和旅游体育局")
    prompts.unsaved_answers.append(dialogs.CANCEL)
    dialog.unit_list.setCurrentRow(1)
    assert dialog.name.text() == "青岚县文化广电和旅游体育局"
    prompts.unsaved_answers.append(dialogs.SAVE)  # 关闭 → 保存: saved, the dialog stays to show it
    dialog.accept()
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.unit_list.count() == 4, timeout=10_000)
    assert dialog.created_unit_id is not None
    dialog.accept()
    assert not dialog.isVisible()


def test_the_report_text_written_before_generating_survives_a_quit(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder, db_path: Path
) -> None:
    from gmdesk.ui.report.tab import ReportTab

    assert shell.window is not None
    tab = shell.window.show_tab("report")
    assert isinstance(tab, ReportTab)
    shell.wait_idle()
    type_text(tab.report.achievements, "全年开展政务新媒体培训4次，")
    prompts.unsaved_answers.append(dialogs.SAVE)
    assert shell.close()
    assert "自查报告中填写的文字" in prompts.prompts[-1].text
    reopened = Shell(QApplication.instance(), headless=True, now=lambda: PINNED_NOW)  # type: ignore[arg-type]
    try:
        assert reopened.open(db_path)
        reopened.show()
        assert reopened.window is not None
        again = reopened.window.show_tab("report")
        assert isinstance(again, ReportTab)
        qtbot.waitUntil(
            lambda: again.report.achievements.toPlainText().startswith("全年开展政务新媒体培训4次，"),
            timeout=10_000,
        )
    finally:
        reopened.close()


def test_a_proposed_answer_keeps_what_the_clerk_had_written(
    shell: Shell, office: Office, qtbot: QtBot
) -> None:
    """Found trying it as a clerk: 登记承办单位答复 with 据此起草 replaced the half-written reply."""
    message_id = add_message(shell, office.wechat, "路灯坏了")
    tab = open_inbox(shell, qtbot)
    select_message(tab, qtbot, message_id)
    type_text(tab.pane.editor.text, "已联系城管，")
    tab.pane.editor.propose_answer("网友您好！经县住建局核实，路灯已修复。")
    text = tab.pane.editor.text.toPlainText()
    assert text.startswith("网友您好！经县住建局核实，路灯已修复。") and text.endswith("已联系城管，")
