"""Issue 19 item 7: a backup holds the database and the whole attachments folder beside it (one file,
verified), a restore brings both back, and what a backup contains is said before restoring."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from gmdesk.cli import main
from gmdesk.store import backup, backup_files
from gmdesk.store.database import Database
from gmdesk.store.errors import DatabaseCorrupt

pytestmark = (
    pytest.mark.sqlite_only
)  # the SQLite file itself (a server database: pg_dump, tests/store/test_server.py)

SCAN = bytes(range(256)) * 4096 + b"tail"  # 1 MB and a bit: more than one chunk of blob I/O


def folder_of(database: Database) -> Path:
    return backup_files.attachments_dir(database.path)


def snapshot(folder: Path) -> dict[str, bytes]:
    """The folder's files (a half-written ``.part`` copy is not one)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".part")
    }


def fill(folder: Path) -> dict[str, bytes]:
    (folder / "2026" / "filings").mkdir(parents=True)
    (folder / "2026" / "filings" / "青岚发布-备案登记表.pdf").write_bytes(SCAN)
    (folder / "2026" / "rectification").mkdir(parents=True)
    (folder / "2026" / "rectification" / "整改佐证.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(5000))
    (folder / "2026" / "空文件.txt").write_bytes(b"")
    (folder / "2026" / "半截.pdf.part").write_bytes(b"a copy still being written is not evidence")
    return snapshot(folder)


def test_a_backup_holds_the_attachments_and_a_restore_brings_the_folder_back(database: Database) -> None:
    folder = folder_of(database)
    kept = fill(folder)
    copy = backup.create_backup(database.path, "manual")
    facts = backup.inspect_backup(copy)
    assert (
        facts.files is not None
        and facts.files.count == 3
        and facts.files.size == sum(map(len, kept.values()))
    )
    assert facts.contents() == f"数据库和附件3个（{len(SCAN) / 1024 / 1024:.1f} MB）"
    # the clerk goes on: a scan replaced, one deleted, a new one added
    (folder / "2026" / "filings" / "青岚发布-备案登记表.pdf").write_bytes(b"another scan")
    (folder / "2026" / "rectification" / "整改佐证.jpg").unlink()
    (folder / "2026" / "新的扫描件.pdf").write_bytes(b"added after the backup")
    later = snapshot(folder)
    database.close()

    result = backup.restore_backup(copy, database.path)

    assert result.files is not None and result.files.count == 3
    assert snapshot(folder) == kept  # exactly as at the backup: the newer file is not left behind
    assert (
        not backup_files.staging_dir(folder).exists()
        and not folder.with_name("attachments.old.part").exists()
    )
    live = sqlite3.connect(database.path)
    try:  # the live file holds no copy of the folder
        assert not backup_files.has_files_table(live)
    finally:
        live.close()
    # the safety copy made before the restore holds the folder as it was then
    assert result.safety is not None
    assert backup.inspect_backup(result.safety).files == backup_files.FilesSummary(
        len(later), sum(map(len, later.values()))
    )
    backup.restore_backup(result.safety, database.path)
    assert snapshot(folder) == later


def test_a_sealed_backup_says_what_it_holds_without_its_passphrase_and_restores_the_files(
    database: Database,
) -> None:
    folder = folder_of(database)
    kept = fill(folder)
    sealed = backup.create_backup(database.path, "manual", passphrase="青岚县备份口令2026")
    facts = backup.inspect_backup(sealed)
    assert facts.encrypted and facts.files == backup_files.FilesSummary(3, sum(map(len, kept.values())))
    assert facts.contents().endswith("，已加密")
    assert SCAN[:4096] not in sealed.read_bytes()  # the scans are sealed too
    database.close()
    for path in folder.rglob("*"):
        if path.is_file():
            path.unlink()
    backup.restore_backup(sealed, database.path, "青岚县备份口令2026")
    assert snapshot(folder) == kept


def test_a_damaged_file_in_a_backup_is_found_and_nothing_is_restored(database: Database) -> None:
    folder = folder_of(database)
    fill(folder)
    copy = backup.create_backup(database.path, "manual")
    connection = sqlite3.connect(copy)
    with connection:  # one byte of the kept scan changed: the database itself still passes quick_check
        connection.execute(
            f"UPDATE {backup_files.TABLE} SET data = CAST(replace(CAST(data AS TEXT), 'tail', 'TAIL') "
            "AS BLOB) WHERE path LIKE '%备案登记表.pdf'"
        )
    connection.close()
    before = snapshot(folder)
    with pytest.raises(DatabaseCorrupt, match=r"青岚发布-备案登记表\.pdf.*校验值不符"):
        backup.verify_backup(copy)
    database.close()
    with pytest.raises(DatabaseCorrupt, match="校验值不符"):
        backup.restore_backup(copy, database.path)
    assert snapshot(folder) == before
    assert backup.newest_good_backup(database.path) is None  # never offered for a recovery either


def test_a_backup_path_that_would_leave_the_folder_is_refused(database: Database, tmp_path: Path) -> None:
    folder = folder_of(database)
    fill(folder)
    copy = backup.create_backup(database.path, "manual")
    connection = sqlite3.connect(copy)
    with connection:
        connection.execute(
            f"UPDATE {backup_files.TABLE} SET path = '../../逃出去.txt' WHERE path LIKE '%空文件.txt'"
        )
    connection.close()
    database.close()
    with pytest.raises(DatabaseCorrupt, match="路径不合法"):
        backup.restore_backup(copy, database.path)
    assert not (tmp_path / "逃出去.txt").exists() and not (tmp_path.parent / "逃出去.txt").exists()
    assert not backup_files.staging_dir(folder).exists()


def test_a_backup_from_before_files_were_kept_leaves_the_folder_alone(database: Database) -> None:
    folder = folder_of(database)
    kept = fill(folder)
    copy = backup.create_backup(database.path, "manual")
    connection = sqlite3.connect(copy)
    with connection:
        connection.execute(f"DROP TABLE {backup_files.TABLE}")  # as an earlier gmdesk wrote it
    connection.close()
    assert backup.inspect_backup(copy).contents() == "仅数据库（不含附件）"
    database.close()
    result = backup.restore_backup(copy, database.path)
    assert result.files is None and snapshot(folder) == kept


def test_no_folder_yet_is_an_empty_set_of_files(database: Database) -> None:
    copy = backup.create_backup(database.path, "daily")
    assert backup.inspect_backup(copy).contents() == "数据库和附件0个"
    (folder_of(database) / "2026").mkdir(parents=True)
    (folder_of(database) / "2026" / "后来的.pdf").write_bytes(b"x")
    database.close()
    backup.restore_backup(copy, database.path)
    assert snapshot(folder_of(database)) == {}


def test_gmdesk_backup_and_restore_say_what_they_hold(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = folder_of(database)
    kept = fill(folder)
    database.close()
    usb = tmp_path / "U盘"
    assert main(["backup", "--db", str(database.path), "--to", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "已备份并校验" in out and "内容：数据库和附件3个" in out
    (made,) = usb.glob("*.db")
    (folder / "2026" / "空文件.txt").unlink()
    assert main(["restore", str(made), "--db", str(database.path)]) == 0
    out = capsys.readouterr().out
    assert "附件3个（1.0 MB）已恢复到" in out and str(folder) in out
    assert snapshot(folder) == kept
