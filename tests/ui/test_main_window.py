"""The main window as the clerk meets it: tabs, shortcuts, status bar, remembered size, one instance."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gmdesk.ui import bus
from gmdesk.ui.app import Shell
from gmdesk.ui.main_window import TAB_SPECS
from gmdesk.ui.tab_base import Tab
from tests.import_spy import run_spied
from tests.ui.conftest import PromptRecorder


def test_the_five_job_tabs_in_order(shell: Shell) -> None:
    window = shell.window
    assert window is not None
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["工作台", "账号备案", "发布日历", "留言回复", "年度自查"]
    # the database file, then the program named once (Qt adds the display name only when it is not the end)
    assert window.windowTitle() == f"{shell.ctx.database.path.name} — 政务新媒体工作台"
    assert QGuiApplication.applicationDisplayName() == "政务新媒体工作台"
    assert window.windowTitle().count("政务新媒体工作台") == 1


@pytest.fixture
def just_opened(qapp: QApplication, db_path: Path) -> Iterator[Shell]:
    """The database just opened: the window not yet shown, no idle time given to it yet."""
    shell = Shell(qapp, headless=True)
    assert shell.open(db_path)
    yield shell
    shell.close()


def test_only_the_shown_tab_is_built_at_once_the_others_while_idle(just_opened: Shell) -> None:
    window = just_opened.window
    assert window is not None
    built = [type(window.tabs.widget(i)).__name__ for i in range(window.tabs.count())]
    assert built == ["DashboardTab", "QLabel", "QLabel", "QLabel", "QLabel"]  # placeholders wait
    assert window.tabs_pending() == 4
    just_opened.show()
    assert just_opened.wait_settled(20_000)
    assert window.tabs_pending() == 0
    assert all(isinstance(window.tabs.widget(i), Tab) for i in range(5))
    assert [window.tabs.tabText(i) for i in range(5)] == [spec.title for spec in TAB_SPECS]
    assert window.tabs.currentIndex() == 0  # building in the background never switches the tab


def test_a_tab_clicked_before_it_was_built_is_built_and_loaded(just_opened: Shell) -> None:
    window = just_opened.window
    assert window is not None
    window.tabs.setCurrentIndex(3)  # the clerk clicks 留言回复 at once
    inbox = window.tabs.currentWidget()
    assert isinstance(inbox, Tab) and inbox is window.tab("inbox")
    assert window.tabs.tabText(3) == "留言回复"


def test_menus_follow_windows_habits(shell: Shell) -> None:
    window = shell.window
    assert window is not None
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:3] == ["文件(&F)", "编辑(&E)", "视图(&V)"]
    assert menus[-2:] == ["工具(&T)", "帮助(&H)"]
    file_actions = [a.text() for a in window.file_menu.actions() if a.text()]
    for wanted in (
        "新建数据库…",
        "打开数据库(&O)…",
        "备份数据库(&B)…",
        "从备份恢复(&R)…",
        "加载示例数据(&D)…",
        "退出(&X)",
    ):
        assert wanted in file_actions


@pytest.mark.parametrize(
    ("number", "made"),
    [(2, "AccountDialog"), (3, "PostDialog"), (4, "MessageEntryDialog"), (5, "ItemDialog")],
)
def test_ctrl_n_makes_what_the_current_tab_holds(shell: Shell, qtbot: QtBot, number: int, made: str) -> None:
    from tests.services.test_inbox_actions import make_office

    assert shell.window is not None and shell.ctx is not None
    make_office(shell.ctx.database)  # accounts and units, so that every 新建 opens its form
    shell.ctx.bus.notify(bus.EVERYTHING)
    window = shell.window
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
    shell.wait_idle()
    label = window.current_tab().new_item_label()  # type: ignore[union-attr]
    assert window.new_item_action.text() == f"{label}(&N)…"
    assert window.new_item_action.shortcut().toString() == "Ctrl+N"
    window.new_item_action.trigger()
    qtbot.waitUntil(
        lambda: any(type(w).__name__ == made and w.isVisible() for w in QApplication.topLevelWidgets()),
        timeout=10_000,
    )
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == made and widget.isVisible():
            widget.done(0)
    window.go_to_tab("dashboard")
    assert not window.new_item_action.isEnabled()  # the 工作台 makes nothing


def test_ctrl_3_puts_the_keyboard_in_the_month_and_the_arrows_move_the_day(
    shell: Shell, qtbot: QtBot
) -> None:
    from datetime import timedelta

    from gmdesk.ui.calendar.tab import CalendarTab

    window = shell.window
    assert window is not None
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    shell.wait_idle()
    tab = window.current_tab()
    assert isinstance(tab, CalendarTab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.grid)
    before = tab.selected
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert tab.selected == before + timedelta(days=8)


def test_ctrl_number_switches_tabs(shell: Shell, qtbot: QtBot) -> None:
    window = shell.window
    assert window is not None
    window.activateWindow()
    for number, spec in enumerate(TAB_SPECS, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentWidget() is window.tab(spec.key)


def test_status_bar_shows_the_database_and_counts(shell: Shell, db_path: Path, qtbot: QtBot) -> None:
    window = shell.window
    assert window is not None
    assert str(db_path) in window.path_label.text()
    qtbot.waitUntil(lambda: "账号 0" in window.counts_label.text())
    assert "节假日数据不完整" in window.warning_label.text()  # 2027 is not yet in the national table
    assert "2027年" in window.warning_label.toolTip()


def test_the_status_bar_recounts_only_when_what_it_counts_changed(
    shell: Shell, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = shell.window
    assert window is not None and shell.ctx is not None
    recounts: list[int] = []
    monkeypatch.setattr(window, "refresh_status", lambda: recounts.append(1))
    shell.ctx.bus.notify({bus.RECTIFICATIONS, bus.REPORTS, bus.FILINGS})
    assert recounts == []
    shell.ctx.bus.notify({bus.POSTS})
    shell.ctx.bus.notify(bus.EVERYTHING)
    assert recounts == [1, 1]


def test_the_dashboard_warns_about_missing_holiday_data(shell: Shell, qtbot: QtBot) -> None:
    window = shell.window
    assert window is not None
    dashboard = window.tab("dashboard")
    qtbot.waitUntil(lambda: dashboard.today_label.text() != "")
    assert dashboard.today_label.text().startswith("2026年11月20日 星期五")
    assert dashboard.warnings_label.isVisible() or not dashboard.isVisible()
    assert "2027年" in dashboard.warnings_label.text()


def test_window_size_and_tab_are_remembered(qapp: QApplication, db_path: Path, isolated_home: Path) -> None:
    first = Shell(qapp, headless=True)
    assert first.open(db_path)
    first.show()
    assert first.window is not None
    first.window.resize(1100, 700)
    first.window.show_tab("inbox")
    first.close()

    second = Shell(qapp, headless=True)
    assert second.open(db_path)
    try:
        assert second.window is not None
        assert second.window.size() == QSize(1100, 700)
        assert second.window.tabs.currentWidget() is second.window.tab("inbox")
    finally:
        second.close()
    stored = list((isolated_home / "settings").rglob("*.ini"))  # beside the chosen data, not the clerk's own
    assert len(stored) == 1 and "geometry=" in stored[0].read_text(encoding="utf-8")


def test_a_second_window_on_the_same_database_is_refused(
    shell: Shell, qapp: QApplication, db_path: Path, prompts: PromptRecorder
) -> None:
    other = Shell(qapp, headless=True)
    assert not other.open(db_path)
    assert "数据库已打开" in prompts.titles()
    assert "已在另一个 gmdesk 窗口中打开" in prompts.texts()


def test_a_database_in_a_folder_that_does_not_exist_is_explained(
    qapp: QApplication, tmp_path: Path, prompts: PromptRecorder
) -> None:
    shell = Shell(qapp, headless=True)
    missing = tmp_path / "没有这个文件夹" / "gmdesk.db"
    assert not shell.open(missing)
    assert prompts.titles() == ["文件夹不存在"]
    assert "找不到文件夹" in prompts.texts() and str(missing.parent) in prompts.texts()
    assert "已在另一个" not in prompts.texts()
    assert not missing.parent.exists()  # nothing made on the clerk's behalf in a mistyped place


def test_opening_a_newer_database_explains_and_keeps_nothing_open(
    qapp: QApplication, db_path: Path, prompts: PromptRecorder
) -> None:
    import sqlite3

    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '0077_future'")
    connection.commit()
    connection.close()
    shell = Shell(qapp, headless=True)
    assert not shell.open(db_path)
    assert "更新版本的 gmdesk" in prompts.texts()
    # the lock was released: another attempt gets the same explanation, not "already open"
    assert not shell.open(db_path)
    assert "数据库已打开" not in prompts.titles()


def test_a_database_that_opens_at_once_does_not_hang_the_open(
    qapp: QApplication, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The opener reports before ``open`` has finished setting up (a fast disk, a refused newer file): the
    wait must still end. Here the opener works on the calling thread, the fastest open there can be."""
    from PySide6.QtCore import QCoreApplication, QTimer

    from gmdesk.ui import app

    monkeypatch.setattr(app._Opener, "start", lambda self, path: self._work(path))
    rescue = QTimer()
    rescue.setSingleShot(True)
    rescue.timeout.connect(lambda: QCoreApplication.exit(1))  # ends a hung nested loop so the test can fail
    rescue.start(5000)
    shell = Shell(qapp, headless=True)
    try:
        assert shell.open(db_path)
        assert rescue.isActive(), "open() waited until the rescue timer broke its loop"
    finally:
        rescue.stop()
        shell.close()


def test_the_operator_and_their_right_to_personal_data_come_from_the_database(
    qapp: QApplication, db_path: Path
) -> None:
    from gmdesk.domain.enums import OperatorRole
    from gmdesk.services import settings
    from gmdesk.services.database import open_database
    from gmdesk.store.models import Operator

    database = open_database(db_path)
    with database.session() as session:
        session.add(Operator(name="李文", role=OperatorRole.CLERK, may_see_personal_data=False))
        settings.put(session, settings.CURRENT_OPERATOR, "李文")
    database.close()
    shell = Shell(qapp, headless=True)
    assert shell.open(db_path)
    try:
        assert shell.ctx is not None
        assert (shell.ctx.operator, shell.ctx.may_see_personal_data) == ("李文", False)
    finally:
        shell.close()


def test_the_window_is_built_from_modules_that_leave_the_database_layer_to_the_opening_thread() -> None:
    """Start-up paints the window before SQLAlchemy and the models are imported (on the opening thread):
    a module of the window that imports them at its top puts half a second in front of the first paint. The
    command line's parser is built first (every command module registers), so it is built here too."""
    import subprocess
    import sys

    probe = (
        "import sys, gmdesk.cli, gmdesk.ui.app, gmdesk.ui.main_window; gmdesk.cli.build_parser(); "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'gmdesk.store.models', 'openpyxl', 'docx') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_real_start_imports_sqlalchemy_on_the_opening_thread_not_before_the_first_paint(
    tmp_path: Path,
) -> None:
    """The whole start as the clerk runs it (command line parsed, --db read, window opened and painted, the
    database opened): SQLAlchemy is first imported by the opening thread, so the window paints meanwhile.
    Reading --db once imported it on the main thread, half a second before anything was shown. It is
    imported with the cycle collector paused, and what it made is frozen before the window works."""
    import os

    from gmdesk.services import settings
    from gmdesk.services.database import open_database

    path = tmp_path / "gmdesk.db"
    database = open_database(path)
    with database.session() as session:
        settings.put(session, settings.SETUP_DONE, True)  # no first-run dialog in this unattended start
    database.close()
    env = dict(
        os.environ, GMDESK_HOME=str(tmp_path / "home"), GMDESK_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen"
    )
    done = run_spied(["--db", str(path)], env)
    assert "READY" in done.stdout, done.stderr
    assert "SQLALCHEMY_FIRST_IMPORTED_ON gmdesk-open paused" in done.stdout, done.stdout
    assert "AFTERWARDS collecting True" in done.stdout, done.stdout  # (see gmdesk.collector)
