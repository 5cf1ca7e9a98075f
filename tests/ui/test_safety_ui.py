"""The window's side of data safety: a damaged database found at opening is explained and the newest good
backup offered (restored after a copy of the damaged file); backups sealed with a passphrase; a newer-version
backup refused before the window closes."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from gmdesk.store import backup, integrity
from gmdesk.store.backup_files import attachments_dir
from gmdesk.ui import safety
from gmdesk.ui.app import Shell
from gmdesk.ui.settings.restore import RestoreDialog
from tests.safety_data import damage, digest, grow
from tests.ui.conftest import PINNED_NOW, PromptRecorder


def _damaged_with_backup(db_path: Path) -> Path:
    grow(db_path)
    good = backup.create_backup(db_path, "daily", now=datetime(2026, 11, 19, 8))
    connection = sqlite3.connect(db_path)
    connection.execute(
        "UPDATE settings SET value = '\"2026-11-19\"' WHERE key = ?", (integrity.CHECKED_ON_KEY,)
    )
    connection.commit()
    connection.close()
    damage(db_path)
    return good


def test_a_damaged_database_offers_the_newest_good_backup(
    qapp: QApplication, qtbot: QtBot, db_path: Path, prompts: PromptRecorder
) -> None:
    good = _damaged_with_backup(db_path)
    damaged = digest(db_path)
    prompts.answers = [True]
    shell = Shell(qapp, headless=True, now=lambda: PINNED_NOW)
    shell.recover = True
    try:
        assert not shell.open(db_path)
        qtbot.waitUntil(lambda: shell.ctx is not None and len(prompts.prompts) >= 2, timeout=20_000)
        assert prompts.titles()[:2] == ["数据库已损坏", "恢复完成"]
        question = prompts.prompts[0]
        assert "未通过完整性检查" in question.text and good.name in question.text
        assert question.details  # what quick_check found
        assert "损坏文件的副本" in prompts.prompts[1].text
        kept = [b for b in backup.list_backups(db_path) if b.damaged]
        assert len(kept) == 1 and digest(kept[0].path) == damaged
    finally:
        shell.close()
    assert integrity.quick_check(db_path) == []


def test_a_damaged_database_without_a_backup_is_left_untouched(
    qapp: QApplication, qtbot: QtBot, db_path: Path, prompts: PromptRecorder
) -> None:
    _damaged_with_backup(db_path)
    shutil.rmtree(backup.backups_dir(db_path))
    before = digest(db_path)
    shell = Shell(qapp, headless=True, now=lambda: PINNED_NOW)
    shell.recover = True
    try:
        assert not shell.open(db_path)
        qtbot.waitUntil(lambda: bool(prompts.prompts), timeout=10_000)
        assert prompts.titles() == ["数据库已损坏"]
        assert "没有找到通过检查的备份" in prompts.prompts[0].text
    finally:
        shell.close()
    assert digest(db_path) == before


def test_restore_refuses_a_newer_backup_before_closing_the_window(
    shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prompts: PromptRecorder
) -> None:
    assert shell.database is not None
    newer = tmp_path / "newer.db"
    shell.database.checkpoint()
    shutil.copyfile(shell.database.path, newer)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    monkeypatch.setattr("gmdesk.ui.settings.restore.choose_backup", lambda parent, backups: newer)
    database = shell.database
    safety.restore(shell)
    assert prompts.titles() == ["无法恢复"]
    assert "来自更新版本的 gmdesk" in prompts.prompts[0].text
    assert shell.database is database  # still open, nothing replaced


def test_a_sealed_backup_made_and_restored_from_the_window(
    shell: Shell, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prompts: PromptRecorder
) -> None:
    assert shell.window is not None and shell.database is not None
    scans = attachments_dir(shell.database.path) / "2026"
    scans.mkdir(parents=True)
    (scans / "备案登记表.pdf").write_bytes(b"%PDF-1.4 signed and stamped")
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(folder))
    monkeypatch.setattr(safety, "ask_passphrase", lambda parent, title, confirm: "办公室备份口令2026")
    prompts.answers = [True]  # 加密?
    safety.backup_now(shell.window)
    qtbot.waitUntil(lambda: "备份完成" in prompts.titles(), timeout=20_000)
    assert "内容：数据库和附件1个（1 KB），已加密" in prompts.prompts[-1].text
    sealed = next(folder.glob("*.gmbk"))
    (scans / "备案登记表.pdf").unlink()
    chooser = RestoreDialog(backup.list_backups(shell.database.path, folder), shell.window)
    assert chooser.table.horizontalHeaderItem(2).text() == "内容"
    assert chooser.table.item(0, 2).text() == "数据库和附件1个（1 KB），已加密"
    chooser.deleteLater()
    monkeypatch.setattr("gmdesk.ui.settings.restore.choose_backup", lambda parent, backups: sealed)
    prompts.answers = [True]  # 替换?
    safety.restore(shell)
    qtbot.waitUntil(lambda: prompts.titles()[-1] == "恢复完成", timeout=20_000)
    assert (
        "附件文件夹也恢复为备份时的样子" in prompts.prompts[-2].text
        and "附件1个（1 KB）已恢复" in prompts.prompts[-1].text
    )
    assert shell.ctx is not None
    assert (scans / "备案登记表.pdf").read_bytes() == b"%PDF-1.4 signed and stamped"


def test_the_passphrase_dialog_checks_length_and_repetition(qtbot: QtBot) -> None:
    dialog = safety.PassphraseDialog("设置备份密码", confirm=True)
    qtbot.addWidget(dialog)
    dialog.first.setText("short")
    assert dialog.second is not None
    dialog.second.setText("short")
    dialog._accept()
    assert "至少需要8个字符" in dialog.error.text() and dialog.result() == 0
    dialog.first.setText("一个足够长的密码")
    dialog.second.setText("另一个足够长的密码")
    dialog._accept()
    assert dialog.error.text() == "两次输入的密码不一致"
    dialog.second.setText("一个足够长的密码")
    dialog._accept()
    assert dialog.result() == 1 and dialog.passphrase() == "一个足够长的密码"


def test_opening_from_a_folder_where_no_lock_can_be_made_says_so(
    qapp: QApplication, tmp_path: Path, prompts: PromptRecorder
) -> None:
    """A missing folder is named as missing; a folder where even root cannot create the lock (``/proc``) is
    named as not writable — neither is "already open in another window"."""
    shell = Shell(qapp, headless=True, now=lambda: PINNED_NOW)
    try:
        assert not shell.open(tmp_path / "没有的文件夹" / "gmdesk.db")
        if sys.platform.startswith("linux"):
            assert not shell.open(Path("/proc/gmdesk.db"))
    finally:
        shell.close()
    assert prompts.titles()[0] == "文件夹不存在" and "没有的文件夹" in prompts.prompts[0].text
    if sys.platform.startswith("linux"):
        assert prompts.titles()[1] == "无法打开数据库"
        assert "锁文件" in prompts.prompts[1].text and "另一个 gmdesk 窗口" not in prompts.prompts[1].text
