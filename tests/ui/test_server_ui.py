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
from tests.ui.conftest import PINNED_NOW

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
