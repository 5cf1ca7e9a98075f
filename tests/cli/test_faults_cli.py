"""Issue 12, hole 7 (and 1, 2, 6 at the command line): each fault of the environment — disk full, a read-only
folder or file, a locked database, a 0-byte file, a damaged file, a wrong passphrase, a newer backup — ends in a
Chinese message that names the cause and a way forward, exit code 2, no traceback, and nothing lost: the
database still passes its check with the same content and no ``.part`` file is left behind."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from gmdesk.services.database import open_database
from gmdesk.store import backup, database, integrity
from tests import calendar_data as data
from tests.cli.test_cli import run
from tests.cli.test_posts_cli import posts_file
from tests.safety_data import count, damage, digest, grow

pytestmark = (
    pytest.mark.sqlite_only
)  # the SQLite file itself (a server database: pg_dump, tests/store/test_server.py)

ROOT = Path(__file__).resolve().parents[2]


def seed(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.session() as session:
            owner = data.unit(session)
            account = data.account(session, owner, "青岚发布")
            data.post(session, account, datetime(2026, 11, 18, 9))
    finally:
        db.close()


@dataclass
class Case:
    args: Callable[[Path, Path], list[str]]
    """The command, given the database and a scratch folder."""
    expected: str
    """Part of the Chinese message on stderr."""
    arrange: Callable[[Path, Path, pytest.MonkeyPatch], None] = lambda db, tmp, mp: None


def _posts(db: Path, tmp: Path) -> list[str]:
    path = posts_file(
        tmp / "发布.xlsx", [["青岚发布", "2026-11-19 08:00", "冬季森林防火", "原创", "", "否", "", 12]]
    )
    return ["import", "posts", str(path), "--db", str(db)]


def _enospc_in_copy(db: Path, tmp: Path, mp: pytest.MonkeyPatch) -> None:
    def copy(source: Path, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4096)
        raise OSError(errno.ENOSPC, "No space left on device")

    mp.setattr(backup, "_online_copy", copy)


def _sqlite_full_in_copy(db: Path, tmp: Path, mp: pytest.MonkeyPatch) -> None:
    def copy(source: Path, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00")
        raise sqlite3.OperationalError("database or disk is full")

    mp.setattr(backup, "_online_copy", copy)


def _enospc_in_export(db: Path, tmp: Path, mp: pytest.MonkeyPatch) -> None:
    from gmdesk.documents import atomic

    def replace(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    mp.setattr(atomic.os, "replace", replace)


def _locked(db: Path, tmp: Path, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(database, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock for the whole command
    mp.setattr(sys.modules[__name__], "_holder", holder, raising=False)


def _zero_bytes(db: Path, tmp: Path, mp: pytest.MonkeyPatch) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"")


def _damaged(db: Path, tmp: Path, mp: pytest.MonkeyPatch) -> None:
    """A good backup yesterday; since then the file grew and a page was lost (found at today's first open)."""
    backup.create_backup(db, "daily", now=datetime(2026, 11, 19, 8))
    grow(db)
    connection = sqlite3.connect(db)
    connection.execute(
        "UPDATE settings SET value = '\"2026-11-19\"' WHERE key = ?", (integrity.CHECKED_ON_KEY,)
    )
    connection.commit()
    connection.close()
    damage(db)


def _sealed(db: Path, tmp: Path, mp: pytest.MonkeyPatch) -> None:
    backup.create_backup(db, "manual", tmp / "usb", passphrase="正确的备份密码123")
    mp.setenv("GMDESK_BACKUP_PASSPHRASE", "错误的密码12345")


def _newer(db: Path, tmp: Path, mp: pytest.MonkeyPatch) -> None:
    newer = tmp / "newer.db"
    shutil.copyfile(db, newer)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()


def _sealed_path(tmp: Path) -> str:
    return str(next((tmp / "usb").glob("*.gmbk")))


FAULTS: dict[str, Case] = {
    "disk full in the pre-import backup (ENOSPC)": Case(_posts, "磁盘空间已满", _enospc_in_copy),
    "disk full in the pre-import backup (SQLite)": Case(_posts, "磁盘空间已满", _sqlite_full_in_copy),
    "disk full in backup --to": Case(
        lambda db, tmp: ["backup", "--db", str(db), "--to", str(tmp / "out")], "磁盘空间已满", _enospc_in_copy
    ),
    "disk full in an export": Case(
        lambda db, tmp: ["export", "posts", "--db", str(db), "--out", str(tmp / "p.xlsx")],
        "磁盘空间已满",
        _enospc_in_export,
    ),
    "locked database during an import": Case(_posts, "正被其他程序占用", _locked),
    "0-byte database file": Case(lambda db, tmp: ["check", "--db", str(db)], "0 字节", _zero_bytes),
    "damaged file at check": Case(lambda db, tmp: ["check", "--db", str(db)], "未通过完整性检查", _damaged),
    "damaged file at import": Case(_posts, "未通过完整性检查", _damaged),
    "damaged file at backup": Case(lambda db, tmp: ["backup", "--db", str(db)], "未通过完整性检查", _damaged),
    "wrong backup passphrase": Case(
        lambda db, tmp: ["restore", _sealed_path(tmp), "--db", str(db)], "备份密码不正确", _sealed
    ),
    "backup from a newer gmdesk": Case(
        lambda db, tmp: ["restore", str(tmp / "newer.db"), "--db", str(db)], "来自更新版本的 gmdesk", _newer
    ),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_fault_is_explained_with_exit_2_and_nothing_is_lost(
    name: str,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = FAULTS[name]
    seed(db_path)
    posts_before = count(db_path, "posts")
    case.arrange(db_path, tmp_path, monkeypatch)
    args = case.args(db_path, tmp_path)
    damaged_or_empty = db_path.stat().st_size == 0 or bool(integrity.quick_check(db_path))
    before = digest(db_path)
    try:
        code, out, err = run(args, capsys)
    finally:
        holder = getattr(sys.modules[__name__], "_holder", None)
        if holder is not None:
            holder.rollback()
            holder.close()
            monkeypatch.delattr(sys.modules[__name__], "_holder")
    assert code == 2, (out, err)
    assert case.expected in err
    assert "Traceback" not in err and err.startswith("gmdesk：")
    if damaged_or_empty:
        assert digest(db_path) == before  # a damaged or empty file is never written to
    else:
        assert integrity.quick_check(db_path) == []
        assert count(db_path, "posts") == posts_before
    for folder in (db_path.parent, backup.backups_dir(db_path), tmp_path / "out", tmp_path / "usb"):
        assert not list(folder.glob("*.part")) if folder.is_dir() else True


def test_a_damaged_file_names_the_backup_that_restores_it(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damaged(db_path, tmp_path, pytest.MonkeyPatch())
    code, _, err = run(["check", "--db", str(db_path)], capsys)
    assert code == 2
    assert "最近一份通过检查的备份" in err and "gmdesk restore" in err
    good = backup.newest_good_backup(db_path)
    assert good is not None
    code, out, err = run(["restore", str(good.path), "--db", str(db_path)], capsys)
    assert code == 0, err
    assert "损坏文件的副本" in out
    code, _, err = run(["check", "--db", str(db_path)], capsys)
    assert code in (0, 1), err


@pytest.mark.skipif(sys.platform == "win32", reason="mounts a small tmpfs")
def test_backup_to_a_full_small_file_system(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(small)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        grow(db_path, 2)
        code, _, err = run(["backup", "--db", str(db_path), "--to", str(small)], capsys)
        assert code == 2
        assert "磁盘空间已满" in err
        assert list(small.iterdir()) == []
        assert integrity.quick_check(db_path) == []
    finally:
        subprocess.run(["umount", str(small)], check=False)


def _as_nobody(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run gmdesk as an unprivileged user (root ignores file permissions)."""
    command = [sys.executable, "-m", "gmdesk.cli", *args]
    env = {**os.environ, "GMDESK_HOME": str(home), "PYTHONPATH": str(ROOT)}
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_folder_or_file_is_named_as_such(template_db: Path, what: str) -> None:
    base = Path(
        tempfile.mkdtemp(prefix="gmdesk-readonly-")
    )  # outside pytest's private folder: another user reads it
    base.chmod(0o755)
    home = base / "home"
    home.mkdir(mode=0o777)
    home.chmod(0o777)
    folder = base / "data"
    folder.mkdir()
    db = folder / "gmdesk.db"
    shutil.copyfile(template_db, db)
    before = digest(db)
    db.chmod(0o444 if what == "file" else 0o644)
    folder.chmod(0o555 if what == "folder" else 0o777)
    try:
        result = _as_nobody(["check", "--db", str(db)], home)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        expected = "所在的文件夹" if what == "folder" else "是只读的"
        assert expected in result.stderr, result.stderr
        assert "另一个" not in result.stderr
        assert digest(db) == before
    finally:
        folder.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_gmdesk_module_runs_as_a_program() -> None:
    """``python -m gmdesk.cli`` (used above to run as another user) is the same command."""
    result = subprocess.run(
        [sys.executable, "-m", "gmdesk.cli", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0 and result.stdout.startswith("gmdesk ")


@pytest.mark.slow
def test_self_test_of_a_damaged_database_exits_2_and_says_why(db_path: Path, tmp_path: Path) -> None:
    _damaged(db_path, tmp_path, pytest.MonkeyPatch())
    before = digest(db_path)
    env = {**os.environ, "GMDESK_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "gmdesk.cli", "--db", str(db_path), "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert "未通过完整性检查" in result.stderr and "Traceback" not in result.stderr
    assert digest(db_path) == before
