"""The window on a shared PostgreSQL database (issue 16): it opens, and another clerk's change reaches it
without a restart. Needs ``GMDESK_TEST_DB_URL``; skipped on SQLite alone."""

from __future__ import annotations

from collections.abc import Iterator

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

pytestmark = pytest.mark.skipif(not SERVER_URL, reason="需要 PostgreSQL（GMDESK_TEST_DB_URL）")


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


def test_another_clerks_change_reaches_the_open_window(server_shell: Shell, db_path: str, qtbot: QtBot) -> None:
    ctx = server_shell.ctx
    assert ctx is not None
    qtbot.wait(600)  # the first poll has read the counter
    other = open_database(db_path)  # another PC
    other.operator = "李四"
    try:
        with qtbot.waitSignal(ctx.bus.changed, timeout=10_000, check_params_cb=lambda areas: bus.ACCOUNTS in areas):
            make_unit(other, "青岚县另一台电脑新建的单位")
    finally:
        other.close()
    server_shell.wait_idle()
