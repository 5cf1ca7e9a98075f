"""Issue 14 in the window, driven as a clerk would: the 培训记录 page (record a training with attendees, the
counts against the targets, a refusal kept in the dialog), 工具 › 错敏词库 (an exception added, the try-it box),
the post dialog marking 错敏 as the clerk types and 核实 of a published post, the reply editor asking before a
reply with a hit is saved; the new item models pass the model tester."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from gmdesk.domain.enums import PostStatus, WordingMark
from gmdesk.services import wording
from gmdesk.services.checks import run_checks
from gmdesk.services.posts import load_draft
from gmdesk.store.models import Post, PostWordingMark, Reply, Training
from gmdesk.ui.app import Shell
from gmdesk.ui.calendar.post_dialog import MarkDialog, PostDialog
from gmdesk.ui.report import ReportTab
from gmdesk.ui.report.trainings import TrainingDialog
from gmdesk.ui.settings.wording import TermDialog, WordingDialog
from tests import calendar_data as data
from tests.services.inspection_data import build_county
from tests.services.test_inbox_actions import Office, make_office
from tests.ui.calendar_typing import type_text
from tests.ui.conftest import PromptRecorder
from tests.ui.test_calendar_post_dialog import open_dialog, seed
from tests.ui.test_inbox_tab import add_message, open_inbox


@pytest.fixture
def office(shell: Shell) -> Office:
    assert shell.ctx is not None
    return make_office(shell.ctx.database)


def submit(dialog: Any, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.error_label.isVisible(), timeout=20_000)
    assert not dialog.error_label.isVisible(), dialog.error_label.text()


def test_the_training_page_records_a_training_with_its_attendees(
    shell: Shell, qtbot: QtBot, qtmodeltester: Any
) -> None:
    assert shell.window is not None and shell.ctx is not None
    build_county(shell.ctx.database)
    shell.window.show_tab("report")  # type: ignore[call-arg]
    tab = shell.window.tab("report")
    assert isinstance(tab, ReportTab)
    assert [tab.pages.tabText(i) for i in range(tab.pages.count())] == ["自查报告", "整改台账", "培训记录"]
    tab.pages.setCurrentWidget(tab.trainings)
    panel = tab.trainings
    qtbot.waitUntil(lambda: panel.data is not None and panel.data.year == 2026)
    assert "内部培训0次（目标4次）" in panel.summary.text() and "内部还差4次" in panel.summary.text()
    panel.new_training()
    qtbot.waitUntil(
        lambda: isinstance(getattr(panel, "dialog", None), TrainingDialog) and panel.dialog.isVisible()
    )
    dialog = panel.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no name yet: refused, kept open
    assert dialog.isVisible() and "名称" in dialog.error_label.text()
    type_text(dialog.title, "政务新媒体错敏表述专题培训")
    dialog.organiser.setText("县政府办")
    keeper = next(
        i for i in range(dialog.attendees.count()) if dialog.attendees.item(i).text().startswith("保管员")
    )
    dialog.attendees.item(keeper).setCheckState(Qt.CheckState.Checked)
    submit(dialog, qtbot)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    with shell.ctx.database.session() as session:
        (training,) = session.scalars(select(Training)).all()
        assert (training.title, training.held_on, len(training.attendees)) == (
            "政务新媒体错敏表述专题培训",
            date(2026, 11, 20),
            1,
        )
    assert "内部培训1次（目标4次）" in panel.summary.text()
    panel.table.selectRow(0)
    assert "保管员" in panel.detail.toPlainText()
    qtmodeltester.check(panel.model, force_py=True)


def test_the_lexicon_dialog_adds_an_exception_and_tries_a_text(
    shell: Shell, qtbot: QtBot, qtmodeltester: Any
) -> None:
    assert shell.window is not None and shell.ctx is not None
    shell.window._edit_wording()
    dialog = shell.window.settings_dialog
    assert isinstance(dialog, WordingDialog)
    qtbot.waitUntil(lambda: dialog.lexicon is not None)
    assert dialog.summary.text().startswith("内置词库373条")
    dialog.sample.setText("到钓鱼台村调研，截止目前")
    assert (
        "“钓鱼台”应为“钓鱼岛”" in dialog.result.text() and "“截止目前”应为“截至目前”" in dialog.result.text()
    )
    dialog.buttons["exception"].click()
    term = dialog.term_dialog
    assert isinstance(term, TermDialog) and term.isVisible()
    type_text(term.wrong, "钓鱼台村")
    term.note.setText("本县行政村")
    submit(term, qtbot)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and "钓鱼台" not in dialog.result.text())
    assert dialog.result.text() == "“截止目前”应为“截至目前”（错别字）"
    qtmodeltester.check(dialog.model, force_py=True)
    dialog.close()


def test_the_post_dialog_marks_hits_as_typed_and_a_published_post_is_verified(
    shell: Shell, qtbot: QtBot
) -> None:
    assert shell.ctx is not None
    account = seed(shell, lambda session: data.account(session, data.unit(session), "青岚发布").id)
    dialog = open_dialog(shell, qtbot, account)
    qtbot.waitUntil(lambda: dialog._lexicon is not None)
    type_text(dialog.title, "截止目前全县春耕有序推进")
    assert dialog.wording_label.isVisible()
    assert "“截止目前”应为“截至目前”（错别字）" in dialog.wording_label.text()
    dialog.content.setPlainText("县环保局开展检查。")
    (underlined,) = dialog.content.extraSelections()
    assert underlined.cursor.selectedText() == "环保局" and "生态环境局" in underlined.format.toolTip()
    dialog.title.clear()
    type_text(dialog.title, "截至目前全县春耕有序推进")
    assert [h.found for h in dialog.hits()] == ["环保局"]
    dialog.close()
    # a published post with a hit: 核实 from its dialog clears the WORDING finding
    with shell.ctx.database.session() as session:
        session.add(
            Post(
                account_id=account,
                status=PostStatus.PUBLISHED,
                at=datetime(2026, 11, 19, 9),
                title="钓鱼台村召开春耕动员会",
                drafted_by="甲",
                reviewed_by="乙",
                approved_by="丙",
            )
        )
    with shell.ctx.database.session() as session:
        post_id = session.scalar(select(Post.id).where(Post.title == "钓鱼台村召开春耕动员会"))
    assert shell.window is not None and post_id is not None
    tab = shell.window.show_tab("calendar")
    shell.wait_idle()
    with shell.ctx.database.session() as session:
        draft = load_draft(session, post_id)
    dialog = PostDialog(shell.ctx, tab, draft=draft)
    dialog.open()
    qtbot.waitUntil(lambda: dialog._lexicon is not None and dialog.mark_button.isVisible())
    assert dialog.wording_label.property("role") == "banner-danger"
    qtbot.mouseClick(dialog.mark_button, Qt.MouseButton.LeftButton)
    mark = dialog.mark_dialog
    assert isinstance(mark, MarkDialog)
    qtbot.mouseClick(mark.ok_button, Qt.MouseButton.LeftButton)  # 已核实 needs its reason
    assert mark.isVisible() and "理由" in mark.error_label.text()
    mark.note.setText("本县行政村名")
    submit(mark, qtbot)
    qtbot.waitUntil(lambda: "已标记“已核实”" in dialog.wording_label.text())
    with shell.ctx.database.session() as session:
        kept = session.get(PostWordingMark, post_id)
        assert kept is not None and (kept.mark, kept.note) == (WordingMark.VERIFIED, "本县行政村名")
        assert run_checks(session, date(2026, 11, 20), (wording.check_findings,)) == []
    dialog.close()


def test_the_reply_editor_asks_before_saving_a_hit(
    shell: Shell, office: Office, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    assert shell.ctx is not None
    message_id = add_message(shell, office.weibo)
    tab = open_inbox(shell, qtbot)
    qtbot.waitUntil(lambda: tab.detail is not None and tab.detail.id == message_id)
    editor = tab.pane.editor
    qtbot.waitUntil(lambda: editor.lexicon is not None)
    type_text(editor.text, "您好，截止目前路灯已修复。")
    assert [h.found for h in editor.hits()] == ["截止目前"] and "疑有错敏表述" in editor.hint.text()
    (selection,) = editor.text.extraSelections()
    assert selection.cursor.selectedText() == "截止目前"
    prompts.answers.append(False)
    editor.save.click()
    assert prompts.prompts[-1].title == "回复中疑有错敏表述"
    assert "“截止目前”应为“截至目前”（错别字）" in prompts.prompts[-1].text
    shell.wait_idle()
    with shell.ctx.database.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Reply)) == 0
    assert editor.text.toPlainText() == "您好，截止目前路灯已修复。"
