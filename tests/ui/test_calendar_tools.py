"""Day notes, 转发任务, import with a preview, export and the printed month, driven from the calendar tab."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import Workbook
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from gmdesk.domain.platforms import Platform
from gmdesk.store.models import DayNote, Post, RepostTarget, RepostTask
from gmdesk.ui import bus, files
from gmdesk.ui.app import Shell
from gmdesk.ui.calendar.actions import NoteDialog
from gmdesk.ui.calendar.import_dialog import ImportDialog
from gmdesk.ui.calendar.repost_dialog import RepostDialog
from gmdesk.ui.calendar.tab import CalendarTab
from tests import calendar_data as data
from tests.ui.conftest import PromptRecorder

TODAY = date(2026, 11, 20)


def seed(shell: Shell, build: Callable[[Any], Any]) -> Any:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        result = build(session)
    shell.ctx.bus.notify(bus.EVERYTHING)
    shell.wait_idle()
    return result


def calendar(shell: Shell) -> CalendarTab:
    assert shell.window is not None
    tab = shell.window.show_tab("calendar")
    shell.wait_idle()
    assert isinstance(tab, CalendarTab)
    return tab


def rows(shell: Shell, model: type) -> list[Any]:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        return list(session.scalars(select(model)))


def daily(session: Any, name: str = "青岚发布", platform: Platform = Platform.WECHAT_SUBSCRIPTION) -> Any:
    owner = data.unit(session, f"{name}主办单位")
    account = data.account(session, owner, name, platform)
    for n in range(1, 20):
        data.post(
            session, account, datetime.combine(TODAY - timedelta(days=n), datetime.min.time()).replace(hour=9)
        )
    return account


def test_a_note_written_on_a_day_shows_on_the_grid(shell: Shell, qtbot: QtBot) -> None:
    seed(shell, daily)
    tab = calendar(shell)
    tab.set_view("month")
    shell.wait_idle()

    qtbot.mouseClick(tab.day_panel.note_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, NoteDialog) and w.isVisible())
    dialog.text.setPlainText("县委全会，当天暂停群发")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    shell.wait_idle()
    (note,) = rows(shell, DayNote)
    assert (note.day, note.text, note.account_id) == (TODAY, "县委全会，当天暂停群发", None)
    qtbot.waitUntil(lambda: tab.period is not None and bool(tab.period.cell(TODAY).notes))  # type: ignore[union-attr]
    assert tab.day_panel.notes.item(0).text() == "✎ 县委全会，当天暂停群发"


def test_repost_tasks_tick_off_an_account_and_the_overdue_finding_goes(shell: Shell, qtbot: QtBot) -> None:
    def build(session: Any) -> int:
        first, second = daily(session, "青岚发布"), daily(session, "青岚教育", Platform.TOUTIAO)
        task = RepostTask(
            title="一图读懂2026年政府工作报告",
            issued_by="云江市人民政府办公室",
            issued_on=date(2026, 11, 17),
            due_at=datetime(2026, 11, 18, 17, 30),
        )
        session.add(task)
        session.flush()
        session.add_all(
            [
                RepostTarget(task_id=task.id, account_id=first.id),
                RepostTarget(task_id=task.id, account_id=second.id),
            ]
        )
        return int(task.id)

    seed(shell, build)
    tab = calendar(shell)
    dialog = tab.repost_tasks()
    assert isinstance(dialog, RepostDialog)
    qtbot.waitUntil(lambda: dialog.target_table.rowCount() == 2)
    assert dialog.task_table.item(0, 3).text() == "0/2"
    assert dialog.target_table.item(0, 4).text() == "逾期未转发"
    from gmdesk.services.checks import run_checks

    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        overdue = [f for f in run_checks(session, TODAY) if f.rule == "REPOST_OVERDUE"]
    assert sorted(f.account for f in overdue) == ["青岚发布", "青岚教育"]
    # ticking asks when: the clerk reposted yesterday at 16:00 (before the deadline) and enters it today
    dialog.target_table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: dialog.time_dialog is not None and dialog.time_dialog.isVisible())
    timing = dialog.time_dialog
    assert timing.chosen() == datetime(2026, 11, 20, 9, 30)  # now, to start with
    timing.done_at.setDateTime(QDateTime(QDate(2026, 11, 21), QTime(8, 0)))  # tomorrow: refused
    timing.submit()
    assert timing.isVisible() and "不能晚于现在" in timing.error_label.text()
    timing.done_at.setDateTime(QDateTime(QDate(2026, 11, 18), QTime(16, 0)))
    assert timing.hint.text() == "按时转发"
    timing.submit()
    qtbot.waitUntil(lambda: not timing.isVisible())
    qtbot.waitUntil(lambda: dialog.task_table.item(0, 3).text() == "1/2")
    # the account's status follows at once, without choosing the task again
    qtbot.waitUntil(lambda: dialog.target_table.item(0, 4).text().startswith("已按时转发"))
    assert dialog.target_table.item(0, 4).text() == "已按时转发 11-18 16:00"
    done = [t for t in rows(shell, RepostTarget) if t.done_at is not None]
    assert len(done) == 1 and done[0].done_at == datetime(2026, 11, 18, 16, 0)
    with shell.ctx.database.session() as session:
        left = [f.account for f in run_checks(session, TODAY) if f.rule == "REPOST_OVERDUE"]
    assert len(left) == 1
    # the second account: the time offered is the last one given (reposted together); cancel leaves it unticked
    dialog.target_table.item(1, 0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: dialog.time_dialog is not timing and dialog.time_dialog.isVisible())
    assert dialog.time_dialog.chosen() == datetime(2026, 11, 18, 16, 0)
    dialog.time_dialog.reject()
    qtbot.waitUntil(lambda: dialog.target_table.item(1, 0).checkState() == Qt.CheckState.Unchecked)
    assert dialog.target_table.item(1, 4).text() == "逾期未转发"
    # a late repost: double-click corrects the first one's time
    dialog._retime(0, 4)
    qtbot.waitUntil(lambda: dialog.time_dialog.isVisible())
    dialog.time_dialog.done_at.setDateTime(QDateTime(QDate(2026, 11, 19), QTime(10, 0)))
    dialog.time_dialog.submit()
    qtbot.waitUntil(lambda: dialog.target_table.item(0, 4).text() == "逾期转发 11-19 10:00")
    dialog.reject()


def _posts_file(path: Path, lines: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["账号名称", "发布时间", "标题", "类型", "来源", "群发", "链接", "阅读数"])
    for line in lines:
        sheet.append(line)
    book.save(path)
    return path


def test_import_shows_every_problem_and_imports_nothing(shell: Shell, qtbot: QtBot, tmp_path: Path) -> None:
    seed(shell, daily)
    tab = calendar(shell)
    before = len(rows(shell, Post))
    path = _posts_file(
        tmp_path / "发布记录.xlsx",
        [
            ["青岚发布", "2026-11-10 08:00", "正常的一行", "原创", "", "是", "", 120],
            ["青岚不存在", "2026-11-11 08:00", "账号不存在", "原创", "", "否", "", 0],
            ["青岚发布", "2026/13/40", "时间错误", "转载", "", "否", "", 0],
        ],
    )
    dialog = ImportDialog(tab.ctx, path, tab)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.problems.isVisible() or dialog.import_button.isEnabled(), timeout=10_000)
    shell.wait_idle()
    text = dialog.problems.toPlainText()
    assert "第3行，“账号名称”列：找不到名为“青岚不存在”的账号" in text
    assert "第4行，“发布时间”列：时间“2026/13/40”无法识别" in text
    assert "第4行，“来源”列：转载信息必须注明来源" in text
    assert not dialog.import_button.isEnabled()
    assert len(rows(shell, Post)) == before
    dialog.reject()


def test_import_previews_then_writes_and_skips_duplicates(
    shell: Shell, qtbot: QtBot, tmp_path: Path, prompts: PromptRecorder
) -> None:
    seed(shell, daily)
    tab = calendar(shell)
    before = len(rows(shell, Post))
    path = _posts_file(
        tmp_path / "发布记录.xlsx",
        [
            [
                "青岚发布",
                "2026-11-10 08:00",
                "冬季森林防火倡议书",
                "原创",
                "",
                "是",
                "https://mp.weixin.qq.com/s/a",
                320,
            ],
            ["青岚发布", "2026-11-10 08:00", "冬季森林防火倡议书", "原创", "", "是", "", 0],
            ["青岚发布", "2026-11-25 20:00", "下周计划", "转载", "中国政府网", "否", "", ""],
        ],
    )
    dialog = ImportDialog(tab.ctx, path, tab)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    assert "将导入<b>2</b>条（其中计划1条）" in dialog.summary.text()
    assert dialog.table.rowCount() == 2
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    shell.wait_idle()
    assert "导入完成" in prompts.titles()
    assert "已导入2条发布记录" in prompts.texts() and "1条与已有记录或文件中前面的行重复" in prompts.texts()
    imported = rows(shell, Post)[before:]
    assert [(p.title, p.status.value, p.reads) for p in imported] == [
        ("冬季森林防火倡议书", "published", 320),
        ("下周计划", "planned", 0),
    ]
    assert any(p.name.endswith("-import.db") for p in (shell.ctx.database.path.parent / "backups").iterdir())  # type: ignore[union-attr]


def test_export_and_print_the_month(
    shell: Shell, qtbot: QtBot, tmp_path: Path, prompts: PromptRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(shell, daily)
    tab = calendar(shell)
    target = {"path": tmp_path / "本月.xlsx"}
    monkeypatch.setattr(files, "choose_save_path", lambda *args, **kwargs: target["path"])
    tab.export_posts(False)
    shell.wait_idle()
    assert "导出完成" in prompts.titles()
    table = data.sheet_rows(target["path"])
    assert table[0][:8] == ("账号名称", "发布时间", "标题", "类型", "来源", "群发", "链接", "阅读数")
    assert len(table) == 1 + 19  # 1–19 November
    assert table[1][0] == "青岚发布" and table[1][1] == datetime(2026, 11, 1, 9)  # a date cell, not text

    target["path"] = tmp_path / "月历.docx"
    tab.print_month()
    shell.wait_idle()
    assert "月历已生成" in prompts.titles()
    document = Document(str(target["path"]))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2026年11月 发布日历" and texts[1] == "全部账号（1个，其中已开设/运行中/拟关停1个）"
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape A4
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert cells[:7] == ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
    assert any(c.startswith("19") and "已发1" in c for c in cells)
