"""A form left open while another clerk (another PC on the same database) saves the same record, continued: the
training form, the 转发任务 form, the 规则方案 editor and the operator form. 保存 is refused naming 李四,
重新载入 brings 李四's change in and keeps what this clerk typed, and the next 保存 keeps both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from gmdesk.domain.enums import OperatorRole, TrainingKind
from gmdesk.domain.policy import flatten, with_overrides
from gmdesk.domain.policy_labels import setting_label
from gmdesk.services import operators, reposts, trainings
from gmdesk.services import policy as policy_service
from gmdesk.services.database import open_database
from gmdesk.store.database import Database
from gmdesk.store.models import Person
from gmdesk.ui import operators as operators_ui
from gmdesk.ui.app import Shell
from gmdesk.ui.calendar.repost_dialog import RepostDialog, TaskEditor
from gmdesk.ui.report.trainings import TrainingDialog, TrainingPanel
from gmdesk.ui.settings.policy import PolicyDialog
from gmdesk.ui.widgets.form_dialog import FormDialog
from tests.services.test_inbox_actions import make_office
from tests.ui.conftest import PINNED_NOW, PromptRecorder
from tests.ui.test_inbox_walkthrough import type_text
from tests.ui.test_stale_forms_ui import saved


@pytest.fixture
def li(db_path: Path) -> Iterator[Database]:
    """李四 at another PC, on the same database."""
    other = open_database(db_path)
    other.operator = "李四"
    yield other
    other.close()


def refused_then_reloaded(
    dialog: FormDialog, qtbot: QtBot, stored: Callable[[], Any], before: Any, kept: int
) -> None:
    """保存 is refused naming 李四 and writes nothing; 重新载入 brings the saved record into the form, keeping
    the ``kept`` inputs this clerk changed."""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=20_000)
    text = dialog.error_label.text()
    assert "李四" in text and "没有保存" in text and "重新载入" in text, text
    assert dialog.isVisible() and dialog.reload_button.isVisible() and dialog.ok_button.isEnabled()
    assert stored() == before  # nothing of this clerk's was written over 李四's change
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.restored.isVisible(), timeout=20_000)
    assert not dialog.error_label.isVisible() and not dialog.reload_button.isVisible()
    assert f"已载入其他同事保存的最新内容。您改过的 {kept} 处仍是您填写的内容" in dialog.restored_label.text()


def _tick(box: QListWidget, person_or_account_id: int) -> None:
    for index in range(box.count()):
        item = box.item(index)
        if item.data(Qt.ItemDataRole.UserRole) == person_or_account_id:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"{person_or_account_id} is not in the list")


def _ticked(box: QListWidget) -> set[int]:
    return {
        box.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(box.count())
        if box.item(i).checkState() == Qt.CheckState.Checked
    }


def test_the_training_form(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    assert shell.ctx is not None
    office = make_office(shell.ctx.database)
    with shell.ctx.database.session() as session:
        people = [Person(unit_id=office.office, name=name) for name in ("王芳", "赵强", "钱敏")]
        session.add_all(people)
        session.flush()
        wang, zhao, qian = (p.id for p in people)
        form = trainings.TrainingForm(
            None, date(2026, 11, 12), "内容审核培训", TrainingKind.INTERNAL, "", 2.0, (wang,)
        )
        training_id = trainings.save_training(session, form, "测试员", PINNED_NOW.date())
    panel = TrainingPanel(shell.ctx)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    panel.table.selectRow(0)
    panel.edit_current()
    qtbot.waitUntil(
        lambda: isinstance(getattr(panel, "dialog", None), TrainingDialog) and panel.dialog.isVisible()
    )
    dialog = panel.dialog

    with li.session() as session:  # 李四 adds 赵强 and the organiser while the form is open here
        shown = trainings.training_row(session, training_id).form()
        trainings.save_training(
            session,
            replace(shown, organiser="县网信办", attendee_ids=(wang, zhao)),
            "李四",
            PINNED_NOW.date(),
        )
    type_text(dialog.title, "（第二期）")
    _tick(dialog.attendees, qian)

    def stored() -> tuple[str, str, set[int]]:
        with li.session() as session:
            row = trainings.training_row(session, training_id)
            return row.title, row.organiser, {p.id for p in row.attendees}

    before = ("内容审核培训", "县网信办", {wang, zhao})
    refused_then_reloaded(dialog, qtbot, stored, before, kept=2)
    assert dialog.title.text() == "内容审核培训（第二期）" and dialog.organiser.text() == "县网信办"
    assert _ticked(dialog.attendees) == {wang, zhao, qian}  # 李四's tick beside this clerk's
    saved(dialog, qtbot)
    assert stored() == ("内容审核培训（第二期）", "县网信办", {wang, zhao, qian})
    assert prompts.prompts == []


def test_the_repost_task_form(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    assert shell.ctx is not None
    office = make_office(shell.ctx.database)
    with shell.ctx.database.session() as session:
        draft = reposts.TaskDraft(
            "学习贯彻全会精神",
            "市政府办",
            date(2026, 11, 17),
            datetime(2026, 11, 21, 17, 30),
            [office.wechat],
        )
        task_id = reposts.save_task(session, draft, "测试员")
    tasks = RepostDialog(shell.ctx)
    qtbot.addWidget(tasks)
    tasks.show()
    qtbot.waitUntil(lambda: tasks.current_task() is not None, timeout=10_000)
    tasks._edit()
    qtbot.waitUntil(
        lambda: isinstance(getattr(tasks, "editor", None), TaskEditor) and tasks.editor.isVisible()
    )
    dialog = tasks.editor

    with li.session() as session:  # 李四 adds the 微博 account and a requirement
        shown = reposts.load_task(session, task_id)
        reposts.save_task(
            session,
            replace(shown, note="当天转发", account_ids=[office.wechat, office.weibo]),
            "李四",
            task_id,
        )
    type_text(dialog.title, "（全文）")
    _tick(dialog.accounts, office.housing_weibo)

    def stored() -> tuple[str, str, list[int]]:
        with li.session() as session:
            task = reposts.load_task(session, task_id)
            return task.title, task.note, list(task.account_ids)

    everyone = sorted([office.wechat, office.weibo, office.housing_weibo])
    refused_then_reloaded(
        dialog, qtbot, stored, ("学习贯彻全会精神", "当天转发", sorted([office.wechat, office.weibo])), kept=2
    )
    assert dialog.title.text() == "学习贯彻全会精神（全文）" and dialog.note.toPlainText() == "当天转发"
    assert sorted(_ticked(dialog.accounts)) == everyone
    saved(dialog, qtbot)
    assert stored() == ("学习贯彻全会精神（全文）", "当天转发", everyone)
    assert prompts.prompts == []


def _cell(dialog: PolicyDialog, path: str) -> int:
    labels = [dialog.table.item(r, 0).toolTip() for r in range(dialog.table.rowCount())]
    assert path in labels, setting_label(path)
    return labels.index(path)


def test_the_policy_profile_editor(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        preset = next(p for p in policy_service.list_profiles(session) if p.builtin)
        profile_id = policy_service.save_profile(session, replace(preset.profile, name="本县方案"), "测试员")
    gap, transfer = preset.profile.update.gap.amount, preset.profile.replies.transfer.amount
    assert ("update.gap.amount", gap) in flatten(preset.profile)
    dialog = PolicyDialog(shell.ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: len(dialog._profiles) > 1, timeout=10_000)
    row = next(i for i, p in enumerate(dialog._profiles) if p.id == profile_id)
    dialog.list.setCurrentRow(row)
    qtbot.waitUntil(lambda: dialog.description.text().startswith("<b>本县方案</b>"))

    with li.session() as session:  # 李四 lengthens the update gap
        shown = policy_service.profile_info(session, profile_id)
        edited = with_overrides(shown.profile, {"update.gap.amount": gap + 5})
        policy_service.save_profile(session, edited, "李四", profile_id, shown.version)
    dialog.table.item(_cell(dialog, "replies.transfer.amount"), 1).setText(str(transfer + 4))
    assert dialog.guard.dirty()

    def stored() -> tuple[int, int]:
        with li.session() as session:
            profile = policy_service.profile_info(session, profile_id).profile
            return profile.update.gap.amount, profile.replies.transfer.amount

    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(prompts.prompts), timeout=20_000)
    refusal = prompts.prompts[-1]
    assert refusal.kind == "reload" and "李四" in refusal.text and "没有保存" in refusal.text, refusal.text
    assert stored() == (gap + 5, transfer)  # nothing of this clerk's was written over 李四's change
    qtbot.waitUntil(lambda: "已载入其他同事保存的最新内容" in dialog.description.text(), timeout=20_000)
    assert dialog.table.item(_cell(dialog, "update.gap.amount"), 1).text() == str(gap + 5)
    assert dialog.table.item(_cell(dialog, "replies.transfer.amount"), 1).text() == str(transfer + 4)
    assert dialog.guard.dirty()  # the clerk's own change is still to save

    dialog.save_button.click()
    qtbot.waitUntil(lambda: stored() == (gap + 5, transfer + 4), timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.guard.dirty(), timeout=20_000)
    assert len(prompts.prompts) == 1


def test_the_operator_form(shell: Shell, li: Database, qtbot: QtBot, prompts: PromptRecorder) -> None:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        operators.save_operator(session, operators.OperatorForm("周敏", OperatorRole.CLERK, False), "测试员")
    dialog = operators_ui.OperatorsDialog(shell.ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: any(info.name == "周敏" for info in dialog.rows), timeout=10_000)
    dialog.table.selectRow(next(i for i, info in enumerate(dialog.rows) if info.name == "周敏"))
    dialog.edit()
    form = dialog.form
    assert form.isVisible() and form.name.text() == "周敏"

    with li.session() as session:  # 李四 makes 周敏 a 审核员 meanwhile
        shown = next(i for i in operators.everyone(session) if i.name == "周敏")
        change = operators.OperatorForm("周敏", OperatorRole.REVIEWER, False, True, "周敏", shown.version)
        operators.save_operator(session, change, "李四")
    form.personal.setChecked(True)

    def stored() -> tuple[OperatorRole, bool]:
        with li.session() as session:
            info = next(i for i in operators.everyone(session) if i.name == "周敏")
            return info.role, info.may_see_personal_data

    form.accept()
    qtbot.waitUntil(lambda: bool(prompts.prompts), timeout=20_000)
    refusal = prompts.prompts[-1]
    assert refusal.kind == "reload" and "李四" in refusal.text and "没有保存" in refusal.text, refusal.text
    assert stored() == (OperatorRole.REVIEWER, False)
    qtbot.waitUntil(lambda: dialog.form is not form and dialog.form.isVisible(), timeout=20_000)
    again = dialog.form
    assert "已载入其他同事保存的最新内容" in again.notice.text() and "您改过的 1 处" in again.notice.text()
    assert again.role.currentData() == OperatorRole.REVIEWER and again.personal.isChecked()
    again.accept()
    qtbot.waitUntil(lambda: stored() == (OperatorRole.REVIEWER, True), timeout=20_000)
    assert len(prompts.prompts) == 1
