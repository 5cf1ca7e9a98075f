"""The inbox tab piece by piece: the paging model, filters and sorting on the demo county, privacy in the list
and before a reply is saved, keyboard entry, the import preview, the 口径库, the menu, and deadlines that
follow a holiday change."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from gmdesk.domain.enums import MessageCategory, MessageState
from gmdesk.services import holidays, inbox_actions
from gmdesk.services.demo import generate_demo
from gmdesk.services.inbox_actions import MessageInput
from gmdesk.store.models import Message, Reply, ReplyTemplate
from gmdesk.ui import bus, files
from gmdesk.ui.app import Shell
from gmdesk.ui.inbox.entry import MessageEntryDialog
from gmdesk.ui.inbox.import_dialog import ImportPreviewDialog
from gmdesk.ui.inbox.metrics_dialog import MetricsDialog
from gmdesk.ui.inbox.model import CONTACT_COLUMN, CONTENT_COLUMN, RECEIVED_COLUMN
from gmdesk.ui.inbox.tab import InboxTab
from gmdesk.ui.inbox.templates_dialog import TemplatesDialog
from gmdesk.ui.tab_base import Target
from tests.services.test_inbox_actions import Office, make_office
from tests.ui.conftest import PINNED_NOW, PromptRecorder
from tests.ui.test_inbox_walkthrough import failures, open_inbox, type_text, wait_closed, when_modal

VALID_ID = "11010519491231002X"
ACCOUNT_COLUMN = 5


@pytest.fixture
def office(shell: Shell) -> Office:
    assert shell.ctx is not None
    return make_office(shell.ctx.database)


@pytest.fixture
def demo_shell(shell: Shell) -> Shell:
    assert shell.ctx is not None
    generate_demo(shell.ctx.database, scale="small", seed=1, as_of=PINNED_NOW.date())
    return shell


def add_message(shell: Shell, account_id: int, **extra: object) -> int:
    assert shell.ctx is not None
    values = {"received_at": datetime(2026, 11, 19, 9, 0), "content": "路灯不亮", **extra}
    with shell.ctx.database.session() as session:
        return inbox_actions.create_message(
            session, MessageInput(account_id=account_id, **values), "张三", PINNED_NOW
        )  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the list on the demo county
def test_the_model_pages_sorts_and_filters(demo_shell: Shell, qtbot: QtBot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    tab = open_inbox(demo_shell, qtbot)
    model = tab.model
    assert 0 < model.rowCount() <= 200
    dues = [model.row_at(i).next_due for i in range(model.rowCount())]
    assert dues == sorted(dues) and all(model.row_at(i).state.is_open for i in range(model.rowCount()))
    assert model.index(0, 0).data().startswith(("逾期", "待回应 逾期"))
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    qtbot.waitUntil(lambda: "共" in tab.counts.text() and "逾期" in tab.counts.text())

    tab.filters.select(tab.filters.status, "all")
    qtbot.waitUntil(
        lambda: not model.loading and model.rowCount() >= 200 and not model.row_at(199).state.is_open,
        timeout=5000,
    )
    assert model.canFetchMore(model.index(-1, -1)), (model.rowCount(), model.loading, model.exhausted)
    tab.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > 200, timeout=5000)
    ids = [model.row_at(i).id for i in range(model.rowCount())]
    assert len(ids) == len(set(ids))

    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        tab.table.sortByColumn(RECEIVED_COLUMN, Qt.SortOrder.AscendingOrder)
    times = [model.row_at(i).received_at for i in range(model.rowCount())]
    assert times == sorted(times, reverse=True), "the first click on 收到时间 shows the newest first"
    tab.table.sortByColumn(
        ACCOUNT_COLUMN, Qt.SortOrder.AscendingOrder
    )  # not sortable in SQL: the order stays
    assert tab.table.horizontalHeader().sortIndicatorSection() == RECEIVED_COLUMN
    assert model.sort_key == "received"

    tab.filters.select(tab.filters.category, MessageCategory.COMPLAINT)
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() > 0)
    assert {model.row_at(i).category for i in range(model.rowCount())} == {MessageCategory.COMPLAINT}
    type_text(tab.filters.search, "工资")
    tab.filters.search.returnPressed.emit()
    qtbot.waitUntil(
        lambda: not model.loading and all("工资" in model.row_at(i).excerpt for i in range(model.rowCount()))
    )
    assert model.rowCount() > 0
    tab.filters.reset()
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() > 0 and model.row_at(0).state.is_open)
    qtmodeltester.check(model, force_py=True)  # last: the tester itself fetches every page it can


def test_show_target_brings_a_finished_message_into_view(demo_shell: Shell, qtbot: QtBot) -> None:
    assert demo_shell.ctx is not None and demo_shell.window is not None
    with demo_shell.ctx.database.read_session() as session:
        closed = session.scalar(select(Message.id).where(Message.state == MessageState.CLOSED).limit(1))
    open_inbox(demo_shell, qtbot)
    tab = demo_shell.window.show_tab("inbox", Target("message", closed))
    assert isinstance(tab, InboxTab)
    qtbot.waitUntil(lambda: tab.detail is not None and tab.detail.id == closed)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.row_at(0).id == closed)
    assert tab.filters.search.text() == f"#{closed}"
    assert tab.pane.title.text().startswith(f"#{closed}")
    assert not tab.pane.buttons["transfer"].isEnabled() and tab.pane.state.text() == "已办结"
    # a filter that leaves it out is set aside (found by the monkey: the pane showed a message no row held)
    with demo_shell.ctx.database.read_session() as session:
        other = session.scalar(
            select(Message.id).where(Message.state == MessageState.CLOSED, Message.id != closed).limit(1)
        )
    tab.filters.status.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not tab.model.loading)
    demo_shell.window.show_tab("inbox", Target("message", other))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.row_at(0).id == other)
    qtbot.waitUntil(
        lambda: tab.detail is not None and tab.detail.id == other
    )  # the row and the detail are two jobs
    assert tab.filters.status.currentIndex() == 0 and tab.selected_id == other
    assert tab.table.selectionModel().isRowSelected(0)


def test_the_tab_menu_and_its_shortcuts(shell: Shell, qtbot: QtBot) -> None:
    assert shell.window is not None
    open_inbox(shell, qtbot)
    titles = [a.text() for a in shell.window.menuBar().actions()]
    assert "留言(&M)" in titles
    tab = shell.window.tab("inbox")
    assert isinstance(tab, InboxTab)
    shortcuts = {a.text(): a.shortcut().toString() for a in tab.menu.actions() if a.text()}
    assert (
        shortcuts["新建留言(&N)…"] == "" and shortcuts["转办(&T)…"] == "Ctrl+T"
    )  # 新建 is the window's Ctrl+N
    assert shortcuts["口径库(&K)…"] == "Ctrl+Shift+K" and shortcuts["导入留言(&I)…"] == "Ctrl+I"
    shell.window.show_tab("dashboard")
    assert "留言(&M)" not in [a.text() for a in shell.window.menuBar().actions()]


# --------------------------------------------------------------------------- privacy
def test_numbers_are_masked_in_the_list_unless_the_role_allows(
    shell: Shell, office: Office, qtbot: QtBot
) -> None:
    assert shell.ctx is not None
    add_message(shell, office.weibo, writer_contact="13812345678", content=f"身份证{VALID_ID}丢了")
    shell.ctx.may_see_personal_data = False
    tab = open_inbox(shell, qtbot)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.detail is not None)
    assert tab.model.index(0, CONTACT_COLUMN).data() == "138****5678"
    assert tab.model.index(0, CONTENT_COLUMN).data() == "身份证110105********002X丢了"
    assert "138****5678" in tab.pane.meta.text() and VALID_ID not in tab.pane.content.toPlainText()
    shell.ctx.may_see_personal_data = True
    tab.reload()
    qtbot.waitUntil(
        lambda: not tab.model.loading and tab.model.index(0, CONTACT_COLUMN).data() == "13812345678"
    )
    qtbot.waitUntil(lambda: VALID_ID in tab.pane.content.toPlainText())


def test_a_reply_with_an_id_number_is_warned_about(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    assert shell.ctx is not None
    message_id = add_message(shell, office.weibo)
    tab = open_inbox(shell, qtbot)
    qtbot.waitUntil(lambda: tab.detail is not None and tab.detail.id == message_id)
    editor = tab.pane.editor
    type_text(editor.text, f"请携带身份证{VALID_ID}到窗口办理。")
    prompts.answers.append(False)
    editor.save.click()
    assert prompts.prompts[-1].title == "回复中含有个人信息"
    assert (
        "身份证号：110105********002X" in prompts.prompts[-1].text
        and VALID_ID not in prompts.prompts[-1].text
    )
    shell.wait_idle()
    with shell.ctx.database.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Reply)) == 0
    assert VALID_ID in editor.text.toPlainText(), "nothing lost: the clerk can correct the text"
    prompts.answers.append(True)
    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=5000):
        editor.save.click()
    shell.wait_idle()
    with shell.ctx.database.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Reply)) == 1


# --------------------------------------------------------------------------- entry by keyboard
def test_entry_tab_order_and_refusal_without_an_account(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    assert shell.ctx is not None
    tab = open_inbox(shell, qtbot)
    seen: list[str] = []

    def walk(dialog: MessageEntryDialog) -> None:
        order = [
            dialog.account,
            dialog.channel,
            dialog.received,
            dialog.writer,
            dialog.contact,
            dialog.category,
            dialog.urgency,
            dialog.confidential,
            dialog.content,
        ]
        dialog.account.setFocus()
        for expected in order[1:]:
            before = QApplication.focusWidget()
            for _ in range(6):  # Tab walks the sections of the date and time first, as on Windows
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
                if not (before is dialog.received and QApplication.focusWidget() is before):
                    break
            focused = QApplication.focusWidget()
            seen.append(
                type(expected).__name__
                if focused is expected or expected.isAncestorOf(focused)
                else f"!{focused!r}"
            )
        qtbot.keyClick(
            dialog.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )  # no account yet
        seen.append(dialog.error_label.text())  # refused in the dialog, which stays open with the input
        dialog.account.setCurrentIndex(dialog.account.findData(office.housing_weibo))
        dialog.received.setDateTime(QDateTime(2026, 11, 20, 8, 0, 0))
        type_text(dialog.content, "物业费为什么涨价？")
        qtbot.keyClick(dialog.content, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)

    acted = when_modal(MessageEntryDialog, walk)
    tab.new_button.click()
    wait_closed(qtbot, acted)
    assert not failures
    assert seen[:-1] == [
        "QComboBox",
        "DateTimeEdit",
        "QLineEdit",
        "QLineEdit",
        "QComboBox",
        "QComboBox",
        "QCheckBox",
        "QPlainTextEdit",
    ]
    assert seen[-1].startswith("请选择账号")
    shell.wait_idle()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.row_at(0).account_name == "青岚住建"


# --------------------------------------------------------------------------- import with a preview
def test_import_shows_a_preview_then_writes_everything(
    shell: Shell,
    office: Office,
    qtbot: QtBot,
    prompts: PromptRecorder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert shell.ctx is not None
    path = tmp_path / "留言.xlsx"
    book = Workbook()
    book.active.append(["账号名称", "渠道", "收到时间", "留言人", "联系方式", "内容", "类别", "紧急程度"])
    book.active.append(["青岚住建", "评论", "2026-11-19 10:00", "甲", "", "物业费", "投诉", ""])
    book.active.append(["青岚住建", "评论", "2026-11-19 11:00", "乙", "", "电梯坏了", "求助", "紧急"])
    book.active.append(["青岚住建", "评论", "2026-11-19 11:00", "乙", "", "电梯坏了", "求助", "紧急"])
    book.save(path)
    monkeypatch.setattr(files, "choose_open_path", lambda *args: path)
    tab = open_inbox(shell, qtbot)
    seen: list[str] = []

    def accept(dialog: ImportPreviewDialog) -> None:
        seen.append(dialog.ok.text())
        seen.append(str(dialog.rows.rowCount()))
        seen.append(dialog.duplicates.item(0, 1).text())
        dialog.accept()

    when_modal(ImportPreviewDialog, accept)
    tab.actions.import_messages()
    qtbot.waitUntil(lambda: "导入完成" in prompts.titles(), timeout=10_000)
    assert not failures
    assert seen == ["导入 2 条", "2", "与第3行重复"]
    assert "跳过重复 1 条" in prompts.prompts[-1].text
    with shell.ctx.database.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 2
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)


def test_a_bad_file_is_refused_with_rows_and_columns(
    shell: Shell,
    office: Office,
    qtbot: QtBot,
    prompts: PromptRecorder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert shell.ctx is not None
    path = tmp_path / "坏.xlsx"
    book = Workbook()
    book.active.append(["账号名称", "收到时间", "内容"])
    book.active.append(["没这个号", "2026-11-19 10:00", "x"])
    book.save(path)
    monkeypatch.setattr(files, "choose_open_path", lambda *args: path)
    tab = open_inbox(shell, qtbot)
    tab.actions.import_messages()
    qtbot.waitUntil(lambda: "导入失败" in prompts.titles(), timeout=10_000)
    assert "第2行，“账号名称”列：系统中没有名为“没这个号”的账号" in prompts.prompts[-1].details
    with shell.ctx.database.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 0


# --------------------------------------------------------------------------- 口径库 and statistics
def test_a_new_template_is_offered_in_the_editor(shell: Shell, office: Office, qtbot: QtBot) -> None:
    assert shell.ctx is not None
    message_id = add_message(shell, office.weibo, category=MessageCategory.COMPLAINT)
    with shell.ctx.database.session() as session:
        inbox_actions.save_reply(session, message_id, "已收到", final=False, operator="张三", at=PINNED_NOW)
    tab = open_inbox(shell, qtbot)
    dialog = TemplatesDialog(shell.ctx, tab)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 8)
    dialog.new_button.click()
    type_text(dialog.name, "路灯维修答复")
    dialog.category.setCurrentIndex(dialog.category.findData("投诉"))
    type_text(dialog.text, "{称呼}您好！{单位}已安排维修路灯。")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: any(t.name == "路灯维修答复" for t in dialog.templates), timeout=5000)
    with shell.ctx.database.read_session() as session:
        assert (
            session.scalar(select(ReplyTemplate.text).where(ReplyTemplate.name == "路灯维修答复"))
            == "{称呼}您好！{单位}已安排维修路灯。"
        )
    dialog.accept()
    tab.load_setup()
    qtbot.waitUntil(lambda: tab.pane.editor.template.findText("［投诉］路灯维修答复") >= 0)
    tab.load_detail(message_id)
    qtbot.waitUntil(lambda: tab.detail is not None and tab.detail.first_response_at is not None)
    editor = tab.pane.editor
    editor.template.setCurrentIndex(editor.template.findText("［投诉］路灯维修答复"))
    editor.insert.click()
    assert editor.text.toPlainText() == "网友您好！青岚县人民政府办公室已安排维修路灯。"
    assert editor.final.isChecked()


def test_the_statistics_dialog_shows_the_period(demo_shell: Shell, qtbot: QtBot) -> None:
    assert demo_shell.ctx is not None
    dialog = MetricsDialog(demo_shell.ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 6)
    assert dialog.table.item(0, 0).text() == "合计"
    assert dialog.table.item(0, 7).text().endswith("%")
    assert [dialog.table.item(i, 0).text() for i in range(1, 6)] == ["咨询", "建议", "投诉", "求助", "其他"]
    dialog.group.setCurrentIndex(1)
    assert dialog.table.rowCount() > 10


# --------------------------------------------------------------------------- deadlines follow the holiday table
def test_a_holiday_change_moves_the_deadline_in_the_list(shell: Shell, office: Office, qtbot: QtBot) -> None:
    assert shell.ctx is not None
    ctx = shell.ctx
    message_id = add_message(
        shell, office.weibo, received_at=datetime(2026, 11, 19, 9, 0)
    )  # 咨询: due Thu 26 Nov
    tab = open_inbox(shell, qtbot)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    with ctx.database.session() as session:
        inbox_actions.save_reply(session, message_id, "已收到", final=False, operator="张三", at=PINNED_NOW)
    ctx.bus.notify({bus.MESSAGES})
    qtbot.waitUntil(lambda: not tab.model.loading and tab.model.index(0, 0).data() == "剩余 4个工作日")
    ctx.jobs.run(
        lambda session: holidays.set_day(session, date(2026, 11, 23), False, "本地放假", "", "张三"),
        write=True,
        changes={bus.HOLIDAYS},
    )
    qtbot.waitUntil(
        lambda: (
            not tab.model.loading
            and tab.model.index(0, 0).data() == "剩余 4个工作日"
            and _due(shell, message_id) == date(2026, 11, 27)
        ),
        timeout=10_000,
    )


def _due(shell: Shell, message_id: int) -> date | None:
    assert shell.ctx is not None
    with shell.ctx.database.read_session() as session:
        due = session.scalar(select(Message.answer_due).where(Message.id == message_id))
    return due.date() if due else None
