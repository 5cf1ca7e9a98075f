"""``gmdesk backup --encrypt`` and ``gmdesk restore`` of a sealed backup: the passphrase from the environment or
asked on the terminal, never on the command line; a wrong one is a clear error."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import pytest

from gmdesk.store import backup_crypto
from tests.cli.test_cli import run
from tests.safety_data import count

pytestmark = (
    pytest.mark.sqlite_only
)  # the SQLite file itself (a server database: pg_dump, tests/store/test_server.py)

PASS = "办公室备份口令2026"


def test_a_sealed_backup_with_the_passphrase_from_the_environment(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GMDESK_BACKUP_PASSPHRASE", PASS)
    code, out, err = run(["backup", "--db", str(db_path), "--to", str(tmp_path / "usb"), "--encrypt"], capsys)
    assert code == 0, err
    sealed = next((tmp_path / "usb").glob("*.gmbk"))
    assert backup_crypto.is_encrypted(sealed) and "已备份并校验" in out
    target = tmp_path / "restored.db"
    code, out, err = run(["restore", str(sealed), "--db", str(target)], capsys)
    assert code == 0, err
    assert count(target, "operators") == count(db_path, "operators")


def test_the_passphrase_is_asked_twice_on_a_terminal(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GMDESK_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter([PASS, "不一样的口令123"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    code, _, err = run(["backup", "--db", str(db_path), "--to", str(tmp_path / "a"), "--encrypt"], capsys)
    assert code == 2 and "两次输入的备份密码不一致" in err
    assert not (tmp_path / "a").exists() or not list((tmp_path / "a").glob("*.gmbk"))
    answers = iter([PASS, PASS])
    code, _, err = run(["backup", "--db", str(db_path), "--to", str(tmp_path / "b"), "--encrypt"], capsys)
    assert code == 0, err
    sealed = next((tmp_path / "b").glob("*.gmbk"))
    answers = iter(["错的"])
    code, _, err = run(["restore", str(sealed), "--db", str(tmp_path / "x.db")], capsys)
    assert code == 2 and "备份密码不正确" in err and not (tmp_path / "x.db").exists()


def test_without_a_terminal_or_the_variable_the_command_says_how(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GMDESK_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code, _, err = run(["backup", "--db", str(db_path), "--to", str(tmp_path), "--encrypt"], capsys)
    assert code == 2 and "GMDESK_BACKUP_PASSPHRASE" in err
