"""The window on a shared PostgreSQL database (issue 16): it opens, and another clerk's change reaches it
without a restart. Needs ``GMDESK_TEST_DB_URL``; skipped on SQLite alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gmdesk.services.database import open_database
from gmdesk.ui import app as app_module
from gmdesk.ui import bus
from gmdesk.ui.app import Shell
from tests.conftest import SERVER_URL
from tests.services.test_accounts_service import make_unit
from tests.ui.conftest import PINNED_NOW, PromptRecorder

needs_server = pytest.mark.skipif(not SERVER_URL, reason="需要 PostgreSQL（GMDESK_TEST_DB_URL）")


@pytest.fixture
def server_shell(qapp: QApplication, db_path: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shell]:
    monkeypatch.setattr(app_module, "SERVER_POLL_MS", 200)
    instance = Shell(qapp, headless=True, now=lambda: PINNED_NOW)
    assert instance.open(db_path)
    assert instance.ctx is not None and instance.database is not None and instance.database.is_server
    instance.show()
    instance.wait_idle()
    yield instance
    instance.close()


@needs_server
def test_another_clerks_change_reaches_the_open_window(
    server_shell: Shell, db_path: str, qtbot: QtBot
) -> None:
    ctx = server_shell.ctx
    assert ctx is not None
    qtbot.wait(600)  # the first poll has read the counter
    other = open_database(db_path)  # another PC
    other.operator = "李四"
    try:
        with qtbot.waitSignal(
            ctx.bus.changed, timeout=10_000, check_params_cb=lambda areas: bus.ACCOUNTS in areas
        ):
            make_unit(other, "青岚县另一台电脑新建的单位")
    finally:
        other.close()
    server_shell.wait_idle()


def test_the_address_is_kept_without_its_password() -> None:
    from gmdesk.ui.server_connect import split_password

    assert split_password(" postgresql+psycopg://gmdesk:机密@10.1.2.3:5433/gmdesk ") == (
        "postgresql+psycopg://gmdesk@10.1.2.3:5433/gmdesk",
        "机密",
    )
    assert split_password("postgresql+psycopg://gmdesk@srv/gmdesk") == (
        "postgresql+psycopg://gmdesk@srv/gmdesk",
        None,
    )
    with pytest.raises(ValueError, match="数据库名"):
        split_password("postgresql+psycopg://gmdesk@srv")


@needs_server
def test_file_connect_to_a_server_database_opens_it_and_remembers_the_address_without_the_password(
    qapp: QApplication, db_path: str, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QInputDialog
    from sqlalchemy.engine import make_url

    from gmdesk.ui import server_connect

    shell = Shell(qapp, headless=True, now=lambda: PINNED_NOW)
    assert shell.open(tmp_path / "本机.db")
    shell.show()
    shell.wait_idle()
    typed = make_url(db_path).set(password="临时口令").render_as_string(hide_password=False)
    answers = iter([(typed, True)])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: next(answers)))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    try:
        shell.window._connect_server()
        qtbot.waitUntil(lambda: shell.database is not None and shell.database.is_server, timeout=30_000)
        shell.wait_idle()
        assert shell.database.url == db_path and "临时口令" not in str(
            QSettings().value(server_connect.SETTING)
        )
        assert QSettings().value(server_connect.SETTING) == db_path
    finally:
        shell.close()


@needs_server
def test_on_a_server_database_who_is_working_is_always_asked_and_recorded(
    qapp: QApplication, db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One operator is enough to be asked on a shared database: the audit trail must say which clerk it was."""
    from gmdesk.ui import operators as operators_ui

    asked: list[list[str]] = []

    def answer(parent, choices, default, error=""):  # type: ignore[no-untyped-def]
        asked.append([c.name for c in choices])
        return default, ""

    monkeypatch.setattr(operators_ui, "ask_sign_in", answer)
    shell = Shell(qapp, headless=True, now=lambda: PINNED_NOW)
    shell.sign_in = True
    try:
        assert shell.open(db_path)
        assert len(asked) == 1 and shell.ctx is not None
        operator = shell.ctx.operator
        assert operator in asked[0]
    finally:
        shell.close()
    database = open_database(db_path)
    try:
        with database.session() as session:
            from sqlalchemy import select

            from gmdesk.store.models import AuditEntry

            actions = session.scalars(select(AuditEntry.action).where(AuditEntry.operator == operator)).all()
    finally:
        database.close()
    assert "登录" in actions


@needs_server
def test_the_window_backs_up_the_server_database_with_pg_dump(
    server_shell: Shell,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    prompts: PromptRecorder,
) -> None:
    from gmdesk.store.server_backup import find_tool
    from gmdesk.ui import files

    if find_tool("pg_dump") is None:
        pytest.skip("pg_dump 未安装")
    folder = tmp_path / "备份"
    monkeypatch.setattr(files, "choose_folder", lambda *args, **kwargs: folder)
    assert server_shell.window is not None
    server_shell.window._backup()
    qtbot.waitUntil(lambda: "备份完成" in prompts.titles(), timeout=60_000)
    (made,) = folder.glob("*.dump")
    assert made.stat().st_size > 1000 and str(made) in prompts.texts()


@needs_server
def test_restoring_a_server_database_is_left_to_its_administrator_with_the_command(
    server_shell: Shell, prompts: PromptRecorder
) -> None:
    from gmdesk.ui.safety import restore

    assert server_shell.database is not None
    restore(server_shell)
    assert prompts.titles() == ["从备份恢复"]
    assert f"gmdesk-cli restore 备份文件.dump --db {server_shell.database.where}" in prompts.texts()
    assert server_shell.ctx is not None  # the window stays open on the server
