"""A form left open while another clerk (another PC on the same database) saves the same record: 保存 is
refused in the dialog, naming the other clerk, with 重新载入; 重新载入 shows the other clerk's change and keeps
every input this clerk had changed; the next 保存 keeps both. For the account, post, message and 整改 forms."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from gmdesk.services import inbox, inbox_actions
from gmdesk.services import posts as post_service
from gmdesk.services import rectification as items
from gmdesk.services.accounts import account_form
from gmdesk.services.accounts_save import save_account
from gmdesk.services.database import open_database
from gmdesk.store.database import Database
from gmdesk.store.models import Account, Message, Post, RectificationItem
from gmdesk.ui.accounts.account_dialog import AccountDialog
from gmdesk.ui.app import Shell
from gmdesk.ui.calendar.post_dialog import PostDialog
from gmdesk.ui.calendar.tab import CalendarTab
from gmdesk.ui.widgets.form_dialog import FormDialog
from tests import calendar_data as data
from tests.services.test_accounts_service import TODAY, make_unit, new_account
from tests.services.test_inbox_actions import make_office
from tests.ui.conftest import PINNED_NOW, PromptRecorder
from tests.ui.test_accounts_tab import accounts_tab, dialog_of
from tests.ui.test_inbox_walkthrough import open_inbox, type_text


@pytest.fixture
def li(db_path: Path) -> Iterator[Database]:
    """李四 at another PC, on the same database."""
    other = open_database(db_path)
    other.operator = "李四"
    yield other
    other.close()


def refused_then_reloaded(dialog: FormDialog, qtbot: QtBot, stored: Callable[[], Any], before: Any) -> None:
    """保存 is refused naming 李四 and writes nothing; 重新载入 brings the saved record into the form."""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=20_000)
    text = dialog.error_label.text()
    assert "李四" in text and "没有保存" in text and "重新载入" in text, text
    assert dialog.isVisible() and dialog.reload_button.isVisible() and dialog.ok_button.isEnabled()
    assert stored() == before  # nothing of this clerk's was written over 李四's change
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.restored.isVisible(), timeout=20_000)
    assert not dialog.error_label.isVisible() and not dialog.reload_button.isVisible()
    assert "已载入其他同事保存的最新内容" in dialog.restored_label.text()
    assert "您改过的 1 处仍是您填写的内容" in dialog.restored_label.text()


def saved(dialog: FormDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.error_label.isVisible(), timeout=20_000)
    assert not dialog.isVisible(), dialog.error_label.text()


def test_the_account_form(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    assert shell.ctx is not None
    unit_id = make_unit(shell.ctx.database)
    with shell.ctx.database.session() as session:
        account_id = save_account(session, new_account(unit_id, followers=100), "测试员", TODAY).account_id
    tab = accounts_tab(shell, qtbot)
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.total_count() == 1)
    tab.select_account(account_id)
    qtbot.waitUntil(lambda: tab.detail_pane.detail is not None)
    tab.edit_account()
    dialog = dialog_of(tab, AccountDialog, qtbot)
    qtbot.waitUntil(dialog.isVisible)

    with li.session() as session:  # 李四 saves a note while the form is open here
        save_account(
            session, replace(account_form(session, account_id), note="李四补充的备注"), "李四", TODAY
        )
    dialog.followers.setValue(2000)

    def stored() -> tuple[str, int]:
        with li.session() as session:
            account = session.get(Account, account_id)
            assert account is not None
            return account.note, account.followers

    refused_then_reloaded(dialog, qtbot, stored, ("李四补充的备注", 100))
    assert dialog.note.toPlainText() == "李四补充的备注" and dialog.followers.value() == 2000
    saved(dialog, qtbot)
    assert stored() == ("李四补充的备注", 2000)
    assert prompts.prompts == []


def test_the_post_form(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        owner = data.unit(session)
        account = data.account(session, owner, "青岚教育")
        data.post(session, account, datetime(2026, 11, 18, 9, 0))
        post_id = int(
            data.post(session, account, datetime(2026, 11, 23, 9, 0), "下周一发布", planned=True).id
        )
    assert shell.window is not None
    tab = shell.window.show_tab("calendar")
    assert isinstance(tab, CalendarTab)
    shell.wait_idle()
    tab.open_post(post_id)
    qtbot.waitUntil(lambda: _post_dialog() is not None)
    dialog = _post_dialog()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog._info is not None)

    with li.session() as session:
        draft = post_service.load_draft(session, post_id)
        post_service.save_post(session, replace(draft, note="李四核对过"), "李四", PINNED_NOW)
    type_text(dialog.title, "（改）")

    def stored() -> tuple[str, str]:
        with li.session() as session:
            post = session.get(Post, post_id)
            assert post is not None
            return post.title, post.note

    refused_then_reloaded(dialog, qtbot, stored, ("下周一发布", "李四核对过"))
    assert dialog.note.toPlainText() == "李四核对过" and dialog.title.text() == "下周一发布（改）"
    saved(dialog, qtbot)
    assert stored() == ("下周一发布（改）", "李四核对过")
    assert prompts.prompts == []


def _post_dialog() -> PostDialog | None:
    from PySide6.QtWidgets import QApplication

    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, PostDialog) and w.isVisible()), None
    )


def test_the_message_form(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    assert shell.ctx is not None
    office = make_office(shell.ctx.database)
    received = datetime(2026, 11, 19, 9, 0)
    with shell.ctx.database.session() as session:
        message_id = inbox_actions.create_message(
            session, inbox_actions.MessageInput(office.wechat, received, "路灯不亮"), "测试员", PINNED_NOW
        )
    tab = open_inbox(shell, qtbot)
    with shell.ctx.database.read_session() as session:
        detail = inbox.message_detail(session, message_id, PINNED_NOW, reveal=True)
    tab.actions.edit_message(detail)
    qtbot.waitUntil(lambda: isinstance(tab.active_dialog, FormDialog) and tab.active_dialog.isVisible())
    dialog = tab.active_dialog

    with li.session() as session:  # 李四 gives the first response meanwhile: the message changed
        inbox_actions.save_reply(
            session, message_id, "已收到，正在核实。", final=False, operator="李四", at=PINNED_NOW
        )
        current = inbox.message_detail(session, message_id, PINNED_NOW, reveal=True)
        assert current is not None
        inbox_actions.update_message(
            session,
            message_id,
            inbox_actions.MessageInput(
                office.wechat, received, "路灯不亮", writer_name="王先生", version=current.version
            ),
            "李四",
            PINNED_NOW,
        )
    dialog.content.moveCursor(QTextCursor.MoveOperation.End)
    type_text(dialog.content, "，已经一个月了")

    def stored() -> tuple[str, str]:
        with li.session() as session:
            message = session.get(Message, message_id)
            assert message is not None
            return message.content, message.writer_name

    refused_then_reloaded(dialog, qtbot, stored, ("路灯不亮", "王先生"))
    assert dialog.writer.text() == "王先生" and dialog.content.toPlainText() == "路灯不亮，已经一个月了"
    saved(dialog, qtbot)
    assert stored() == ("路灯不亮，已经一个月了", "王先生")
    assert prompts.prompts == []


def test_the_rectification_form(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    from gmdesk.ui.rectification import RectificationPanel

    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        made = items.create_item(
            session,
            items.ItemDraft("信息更新不及时", opened_on=PINNED_NOW.date(), workdays=5),
            "测试员",
            PINNED_NOW,
        )
    panel = RectificationPanel(shell.ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show()
    panel.show_item(made.id)
    qtbot.waitUntil(lambda: panel.current_id() == made.id)
    panel.edit_current()
    qtbot.waitUntil(lambda: getattr(panel, "item_dialog", None) is not None and panel.item_dialog.isVisible())
    dialog = panel.item_dialog

    with li.session() as session:
        row = items.item_row(session, made.id, PINNED_NOW.date())
        draft = items.ItemDraft(
            row.problem, row.opened_on, row.workdays, responsible="办公室", version=row.version
        )
        items.update_item(session, made.id, draft, "李四", PINNED_NOW)
    type_text(dialog.measure, "每周至少更新两次")

    def stored() -> tuple[str, str]:
        with li.session() as session:
            item = session.get(RectificationItem, made.id)
            assert item is not None
            return item.responsible, item.measure

    refused_then_reloaded(dialog, qtbot, stored, ("办公室", ""))
    assert dialog.responsible.text() == "办公室" and dialog.measure.toPlainText() == "每周至少更新两次"
    saved(dialog, qtbot)
    assert stored() == ("办公室", "每周至少更新两次")
    assert prompts.prompts == []


def _edit_org(shell: Shell, qtbot: QtBot) -> Any:
    from gmdesk.ui.accounts.org_dialog import OrgDialog

    tab = accounts_tab(shell, qtbot)
    tab.edit_org()
    org = dialog_of(tab, OrgDialog, qtbot)
    qtbot.waitUntil(lambda: org.current_id is not None and org.table.rowCount() == 1, timeout=20_000)
    return org


def test_the_unit_editor(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    from gmdesk.services import accounts_org
    from gmdesk.services.accounts_data import PersonInfo
    from gmdesk.store.models import Unit

    assert shell.ctx is not None
    unit_id = make_unit(shell.ctx.database)
    with shell.ctx.database.session() as session:
        accounts_org.save_person(session, PersonInfo(None, unit_id, "赵丽", "干部"), "测试员")
    org = _edit_org(shell, qtbot)
    with li.session() as session:
        accounts_org.save_unit(
            session, replace(accounts_org.unit_info(session, unit_id), phone="0730-1234567"), "李四"
        )
    type_text(org.address, "城关镇解放路1号")

    def stored() -> tuple[str, str]:
        with li.session() as session:
            unit = session.get(Unit, unit_id)
            assert unit is not None
            return unit.phone, unit.address

    prompts.answers.append(True)  # 重新载入
    qtbot.mouseClick(org.save_unit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "请核对后再保存" in org.status.text(), timeout=20_000)
    (offer,) = prompts.prompts
    assert offer.kind == "reload" and "李四" in offer.text and "没有保存" in offer.text
    assert stored() == ("0730-1234567", "")
    assert org.phone.text() == "0730-1234567" and org.address.text() == "城关镇解放路1号"
    qtbot.mouseClick(org.save_unit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored() == ("0730-1234567", "城关镇解放路1号"), timeout=20_000)
    assert len(prompts.prompts) == 1


def test_the_people_table(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    from gmdesk.services import accounts_org
    from gmdesk.services.accounts_data import PersonInfo
    from gmdesk.store.models import Person

    assert shell.ctx is not None
    unit_id = make_unit(shell.ctx.database)
    with shell.ctx.database.session() as session:
        person_id = accounts_org.save_person(session, PersonInfo(None, unit_id, "赵丽", "干部"), "测试员")
    org = _edit_org(shell, qtbot)
    with li.session() as session:
        (person,) = accounts_org.people(session, unit_id)
        accounts_org.save_person(session, replace(person, phone="17000000002"), "李四")
    org.table.item(0, 1).setText("宣传委员")  # 职务, typed here meanwhile
    qtbot.mouseClick(org.add_person_button, Qt.MouseButton.LeftButton)
    org.table.item(1, 0).setText("王芳")  # and a new colleague

    def stored() -> list[tuple[str, str, str]]:
        with li.session() as session:
            people = session.query(Person).filter(Person.unit_id == unit_id).order_by(Person.id).all()
            return [(p.name, p.title, p.phone) for p in people]

    prompts.answers.append(True)  # 重新载入
    qtbot.mouseClick(org.save_people_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "请核对后再保存" in org.status.text(), timeout=20_000)
    assert "赵丽" in prompts.prompts[0].text and "李四" in prompts.prompts[0].text
    assert stored() == [("赵丽", "干部", "17000000002")]  # 王芳 came later in the same save: not half saved
    cells = [[org.table.item(r, c).text() for c in range(3)] for r in range(org.table.rowCount())]
    assert cells == [["赵丽", "宣传委员", "17000000002"], ["王芳", "", ""]]
    qtbot.mouseClick(org.save_people_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(stored()) == 2, timeout=20_000)
    assert stored() == [("赵丽", "宣传委员", "17000000002"), ("王芳", "", "")]
    assert person_id == person.id and len(prompts.prompts) == 1


def test_the_template_editor(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    from gmdesk.services import reply_templates
    from gmdesk.store.models import ReplyTemplate
    from gmdesk.ui.inbox.templates_dialog import TemplatesDialog

    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        template_id = reply_templates.save_template(session, "路灯报修", "", "您好，已转城管所。", "测试员")
    dialog = TemplatesDialog(shell.ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: any(t.id == template_id for t in dialog.templates))
    dialog.table.selectRow(next(i for i, t in enumerate(dialog.templates) if t.id == template_id))
    assert dialog.current_id == template_id
    with li.session() as session:
        reply_templates.save_template(session, "路灯报修", "投诉", "您好，已转城管所。", "李四", template_id)
    dialog.text.moveCursor(QTextCursor.MoveOperation.End)
    type_text(dialog.text, "三日内修复。")

    def stored() -> tuple[str, str]:
        with li.session() as session:
            template = session.get(ReplyTemplate, template_id)
            assert template is not None
            return template.category, template.text

    prompts.answers.append(True)  # 重新载入
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "请核对后再保存" in dialog.status.text(), timeout=20_000)
    assert "李四" in prompts.prompts[0].text and stored() == ("投诉", "您好，已转城管所。")
    assert (
        dialog.category.currentData() == "投诉"
        and dialog.text.toPlainText() == "您好，已转城管所。三日内修复。"
    )
    dialog.save_button.click()
    qtbot.waitUntil(lambda: stored() == ("投诉", "您好，已转城管所。三日内修复。"), timeout=20_000)


def test_the_day_note_form(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    from datetime import date

    from gmdesk.services import posts_day_notes as notes
    from gmdesk.services.posts_calendar import NoteRow

    assert shell.ctx is not None and shell.window is not None
    with shell.ctx.database.session() as session:
        note_id = notes.add_note(session, date(2026, 11, 23), "县委全会", "测试员")
    tab = shell.window.show_tab("calendar")
    assert isinstance(tab, CalendarTab)
    dialog = tab.edit_note(NoteRow(note_id, date(2026, 11, 23), None, "", "县委全会"))
    qtbot.waitUntil(dialog.isVisible)
    with li.session() as session:
        notes.update_note(session, note_id, "县委全会（上午）", "李四", "县委全会")
    dialog.text.moveCursor(QTextCursor.MoveOperation.End)
    type_text(dialog.text, "，暂停推送")

    def stored() -> str:
        with li.session() as session:
            return notes.note_text(session, note_id)

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.reload_button.isVisible(), timeout=20_000)
    assert "李四" in dialog.error_label.text() and stored() == "县委全会（上午）"
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.restored.isVisible(), timeout=20_000)
    assert dialog.text.toPlainText() == "县委全会，暂停推送"  # one text: the clerk's whole note is kept
    dialog.text.setPlainText("县委全会（上午），暂停推送")  # the clerk folds in 李四's change
    saved(dialog, qtbot)
    assert stored() == "县委全会（上午），暂停推送" and prompts.prompts == []


def test_the_office_setup(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    from gmdesk.services import office_setup

    assert shell.ctx is not None and shell.window is not None
    with shell.ctx.database.session() as session:
        first = replace(office_setup.load(session), county="青岚县", supervisor="青岚县政府办")
        office_setup.save(session, first, "测试员")
    shell.window.open_office_setup()
    qtbot.waitUntil(lambda: getattr(shell.window, "office_dialog", None) is not None)
    dialog = shell.window.office_dialog
    qtbot.waitUntil(dialog.isVisible)
    with li.session() as session:  # 李四 saves the phone and the 主管单位
        now = office_setup.load(session)
        office_setup.save(session, replace(now, phone="0730-1234567", supervisor="县政府办公室"), "李四", now)
    dialog.supervisor.setText("青岚县人民政府办公室")  # this clerk changes the 主管单位 too

    def stored() -> tuple[str, str]:
        with li.session() as session:
            setup = office_setup.load(session)
            return setup.supervisor, setup.phone

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.reload_button.isVisible(), timeout=20_000)
    assert "主管单位" in dialog.error_label.text() and "李四" in dialog.error_label.text()
    assert stored() == ("县政府办公室", "0730-1234567")
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.restored.isVisible(), timeout=20_000)
    assert (dialog.supervisor.text(), dialog.phone.text()) == ("青岚县人民政府办公室", "0730-1234567")
    saved(dialog, qtbot)
    assert stored() == ("青岚县人民政府办公室", "0730-1234567") and prompts.prompts == []


def test_the_wording_term_form(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    from gmdesk.domain.enums import WordingCategory
    from gmdesk.services import wording

    assert shell.ctx is not None and shell.window is not None
    row = wording.TermRow(
        None, False, "青岚县政府办", "青岚县人民政府办公室", WordingCategory.OUTDATED, "", None
    )
    with shell.ctx.database.session() as session:
        term_id = wording.save_term(session, row, "测试员")
    shell.window._edit_wording()
    lexicon = shell.window.settings_dialog
    qtbot.waitUntil(lambda: lexicon.lexicon is not None and lexicon.model.rowCount() == 1)
    with shell.ctx.database.session() as session:
        dialog = lexicon.open_term(wording.term_row(session, term_id))
    with li.session() as session:
        shown = wording.term_row(session, term_id)
        wording.save_term(session, replace(shown, note="2026年起"), "李四", shown)
    dialog.right.setText("县政府办公室")

    def stored() -> tuple[str, str]:
        with li.session() as session:
            term = wording.term_row(session, term_id)
            return term.right, term.note

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.reload_button.isVisible(), timeout=20_000)
    assert "李四" in dialog.error_label.text() and stored() == ("青岚县人民政府办公室", "2026年起")
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.restored.isVisible(), timeout=20_000)
    assert (dialog.right.text(), dialog.note.text()) == ("县政府办公室", "2026年起")
    saved(dialog, qtbot)
    assert stored() == ("县政府办公室", "2026年起") and prompts.prompts == []
    lexicon.close()
