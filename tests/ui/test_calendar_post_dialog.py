"""The post dialog: caps refused with the quota shown, 三审 before publishing, 来源 for 转载, questions for
later breaches — and in every refusal, nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from gmdesk.domain.enums import PostKind, PostStatus, Role
from gmdesk.domain.platforms import Platform
from gmdesk.store.models import Post, RepostTarget, RepostTask
from gmdesk.ui import bus
from gmdesk.ui.app import Shell
from gmdesk.ui.calendar.post_dialog import PostDialog
from gmdesk.ui.calendar.tab import CalendarTab
from tests import calendar_data as data
from tests.ui.calendar_typing import type_text
from tests.ui.conftest import PromptRecorder

TODAY = date(2026, 11, 20)


def seed(shell: Shell, build: Callable[[Any], Any]) -> Any:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        result = build(session)
    shell.ctx.bus.notify(bus.EVERYTHING)
    shell.wait_idle()
    return result


def posts(shell: Shell) -> list[Post]:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        return list(session.scalars(select(Post).order_by(Post.id)))


def open_dialog(shell: Shell, qtbot: QtBot, account_id: int, day: date = TODAY) -> PostDialog:
    assert shell.window is not None
    tab = shell.window.show_tab("calendar")
    shell.wait_idle()
    assert isinstance(tab, CalendarTab)
    dialog = tab.new_post(day, account_id)
    qtbot.waitUntil(lambda: dialog.account.currentData() == account_id and dialog._info is not None)
    return dialog


def set_time(dialog: PostDialog, when: datetime) -> None:
    dialog.when.setDateTime(QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute)))


def click_save(shell: Shell, qtbot: QtBot, dialog: PostDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    shell.wait_idle()


def daily(session: Any, platform: Platform = Platform.WECHAT_SUBSCRIPTION, name: str = "青岚发布") -> Any:
    owner = data.unit(session)
    account = data.account(session, owner, name, platform)
    for n in range(1, 30):
        data.post(
            session, account, datetime.combine(TODAY - timedelta(days=n), datetime.min.time()).replace(hour=9)
        )
    return account


def test_a_second_push_on_a_subscription_account_the_same_day_is_refused(
    shell: Shell, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    def build(session: Any) -> int:
        account = daily(session)
        data.post(session, account, datetime(2026, 11, 20, 8, 0), "今日要闻", planned=True, mass=True)
        return int(account.id)

    account_id = seed(shell, build)
    before = len(posts(shell))
    dialog = open_dialog(shell, qtbot, account_id)
    type_text(dialog.title, "关于做好冬季供暖保障工作的通知")
    set_time(dialog, datetime(2026, 11, 20, 20, 0))
    qtbot.mouseClick(dialog.mass, Qt.MouseButton.LeftButton)
    assert dialog.mass.isChecked()
    qtbot.waitUntil(lambda: dialog.quota_label.text().startswith("⚠"))
    assert "剩余0次" in dialog.quota_label.text()
    click_save(shell, qtbot, dialog)
    assert prompts.titles() == ["不能保存"]
    text = prompts.texts()
    assert "微信公众号-订阅号，每天最多群发1次" in text
    assert "11月20日已群发或计划群发1次，上限1次，剩余0次" in text
    assert "群发剩余次数：0" in text
    assert len(posts(shell)) == before  # nothing saved
    assert dialog.isVisible()  # the clerk can change the plan

    qtbot.mouseClick(dialog.mass, Qt.MouseButton.LeftButton)  # 发表 instead of 群发
    click_save(shell, qtbot, dialog)
    saved = posts(shell)
    assert len(saved) == before + 1
    assert saved[-1].title == "关于做好冬季供暖保障工作的通知" and not saved[-1].is_mass_push
    assert saved[-1].status is PostStatus.PLANNED and saved[-1].at == datetime(2026, 11, 20, 20, 0)
    assert not dialog.isVisible()


def test_a_fifth_push_on_a_service_account_in_a_month_is_refused(
    shell: Shell, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    def build(session: Any) -> int:
        account = daily(session, Platform.WECHAT_SERVICE, "青岚政务服务")
        for day in (2, 9, 16):
            data.post(session, account, datetime(2026, 11, day, 19, 30), mass=True)
        data.post(session, account, datetime(2026, 11, 23, 19, 30), planned=True, mass=True)
        return int(account.id)

    account_id = seed(shell, build)
    before = len(posts(shell))
    dialog = open_dialog(shell, qtbot, account_id, date(2026, 11, 27))
    type_text(dialog.title, "医保年度缴费提醒")
    dialog.mass.setChecked(True)
    click_save(shell, qtbot, dialog)
    assert "11月已群发或计划群发4次，上限4次，剩余0次" in prompts.texts()
    assert "每自然月最多群发4次" in prompts.texts()
    assert len(posts(shell)) == before
    dialog.reject()


def test_publishing_needs_the_three_reviews_then_ticks_the_repost_task(
    shell: Shell, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    def build(session: Any) -> tuple[int, int]:
        account = daily(session)
        task = RepostTask(
            title="一图读懂政府工作报告",
            issued_by="云江市人民政府办公室",
            issued_on=TODAY,
            due_at=datetime(2026, 11, 20, 17, 30),
        )
        session.add(task)
        session.flush()
        session.add(RepostTarget(task_id=task.id, account_id=account.id))
        return int(account.id), int(task.id)

    account_id, task_id = seed(shell, build)
    before = len(posts(shell))
    dialog = open_dialog(shell, qtbot, account_id)
    qtbot.waitUntil(lambda: dialog.task.count() == 2)
    dialog.task.setCurrentIndex(1)
    dialog.task.activated.emit(1)
    assert dialog.title.text() == "一图读懂政府工作报告" and dialog.repost.isChecked()
    assert dialog.source.text() == "云江市人民政府办公室"
    dialog.status.setCurrentIndex(dialog.status.findData(PostStatus.PUBLISHED))
    set_time(dialog, datetime(2026, 11, 20, 9, 0))
    click_save(shell, qtbot, dialog)
    assert prompts.titles() == ["不能保存"]
    assert "先审后发" in prompts.texts() and "审核人和时间" in prompts.texts()
    assert len(posts(shell)) == before

    for step, (name, hour) in zip(
        ("撰稿", "审核", "审签"), (("李娜", 7), ("王强", 8), ("张伟", 8)), strict=True
    ):
        type_text(dialog.signoffs[step].name, name)
        dialog.signoffs[step].when.setDateTime(
            QDateTime(QDate(2026, 11, 20), QTime(hour, 10 if step == "审签" else 0))
        )
    click_save(shell, qtbot, dialog)
    saved = posts(shell)[-1]
    assert saved.status is PostStatus.PUBLISHED and saved.kind is PostKind.REPOST
    assert (saved.drafted_by, saved.reviewed_by, saved.approved_by) == ("李娜", "王强", "张伟")
    assert saved.approved_at == datetime(2026, 11, 20, 8, 10)
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        target = session.scalar(select(RepostTarget).where(RepostTarget.task_id == task_id))
        assert (
            target is not None
            and target.done_at == datetime(2026, 11, 20, 9, 0)
            and target.post_id == saved.id
        )


def test_a_repost_without_a_source_and_an_important_post_without_a_leader(
    shell: Shell, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    def build(session: Any) -> int:
        account = daily(session)
        data.leader(session, account, "赵敏", Role.PRINCIPAL)
        return int(account.id)

    account_id = seed(shell, build)
    before = len(posts(shell))
    dialog = open_dialog(shell, qtbot, account_id)
    qtbot.waitUntil(lambda: "赵敏" in dialog.leaders_label.text())
    type_text(dialog.title, "国务院关于进一步优化营商环境的意见")
    qtbot.mouseClick(dialog.repost, Qt.MouseButton.LeftButton)
    assert dialog.source.isEnabled()
    click_save(shell, qtbot, dialog)
    assert "转载信息必须注明来源" in prompts.texts()
    assert len(posts(shell)) == before

    type_text(dialog.source, "中国政府网")
    dialog.important.setChecked(True)
    dialog.status.setCurrentIndex(dialog.status.findData(PostStatus.PUBLISHED))
    set_time(dialog, datetime(2026, 11, 20, 9, 0))
    for step, name in (("撰稿", "李娜"), ("审核", "王强"), ("审签", "王强")):
        type_text(dialog.signoffs[step].name, name)
        dialog.signoffs[step].when.setDateTime(QDateTime(QDate(2026, 11, 20), QTime(8, 0)))
    click_save(shell, qtbot, dialog)
    assert "重要信息须由单位领导审签（赵敏）" in prompts.texts()
    assert len(posts(shell)) == before
    dialog.signoffs["审签"].name.clear()
    type_text(dialog.signoffs["审签"].name, "赵敏")
    click_save(shell, qtbot, dialog)
    assert len(posts(shell)) == before + 1 and posts(shell)[-1].approved_by == "赵敏"


def test_a_plan_that_leaves_a_gap_is_asked_about(shell: Shell, qtbot: QtBot, prompts: PromptRecorder) -> None:
    def build(session: Any) -> int:
        owner = data.unit(session)
        account = data.account(session, owner, "青岚教育", Platform.TOUTIAO)
        data.post(session, account, datetime(2026, 11, 18, 9, 0))
        return int(data.post(session, account, datetime(2026, 11, 23, 9, 0), "下周一发布", planned=True).id)

    post_id = seed(shell, build)
    assert shell.window is not None
    tab = shell.window.show_tab("calendar")
    assert isinstance(tab, CalendarTab)
    shell.wait_idle()
    tab.open_post(post_id)
    shell.wait_idle()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PostDialog) and w.isVisible())
    qtbot.waitUntil(lambda: dialog._info is not None)
    assert dialog.windowTitle() == "编辑发布 — 下周一发布" and dialog.title.text() == "下周一发布"
    set_time(dialog, datetime(2026, 12, 8, 9, 0))
    click_save(shell, qtbot, dialog)
    assert prompts.titles() == ["请确认"]
    assert "保存后，青岚教育 将于" in prompts.texts()
    assert next(p for p in posts(shell) if p.id == post_id).at == datetime(2026, 11, 23, 9, 0)
    prompts.answers.append(True)
    click_save(shell, qtbot, dialog)
    assert next(p for p in posts(shell) if p.id == post_id).at == datetime(2026, 12, 8, 9, 0)
