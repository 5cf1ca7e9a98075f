"""Backups with SQLite's online backup API: consistent copies of a live database, rotated, restorable."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gmdesk.store.errors import DatabaseCorrupt, NotAGmdeskDatabase

KEEP_BACKUPS = 30
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?-(?P<reason>[a-z-]+)\.db$")

REASON_LABELS = {
    "manual": "手动备份",
    "daily": "每日自动备份",
    "migration": "升级前备份",
    "import": "导入前备份",
    "restore": "恢复前备份",
    "delete": "批量删除前备份",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` at ``target``, written to a temporary name and renamed into place."""
    temporary = target.with_name(target.name + ".part")
    temporary.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(temporary)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(temporary, target)


def create_backup(db_path: Path, reason: str = "manual", directory: Path | None = None, keep: int = KEEP_BACKUPS) -> Path:
    """Back the database up into ``directory`` (default: ``backups/`` beside it) and rotate old copies."""
    directory = directory or backups_dir(db_path)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = directory / f"{db_path.stem}-{stamp}-{reason}.db"
    counter = 1
    while target.exists():
        target = directory / f"{db_path.stem}-{stamp}-{counter}-{reason}.db"
        counter += 1
    copy_database(db_path, target)
    _rotate(db_path.stem, directory, keep)
    return target


def list_backups(db_path: Path, directory: Path | None = None) -> list[BackupInfo]:
    """The database's backups, newest first."""
    directory = directory or backups_dir(db_path)
    found = []
    if directory.is_dir():
        for path in directory.glob(f"{db_path.stem}-*.db"):
            match = _NAME.match(path.name)
            if match and match["stem"] == db_path.stem:
                made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
                found.append(BackupInfo(path, made, match["reason"]))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def _rotate(stem: str, directory: Path, keep: int) -> None:
    backups = list_backups(directory / f"{stem}.db", directory)
    for old in backups[keep:]:
        old.path.unlink(missing_ok=True)


def daily_backup_due(db_path: Path, today: datetime | None = None) -> bool:
    today = today or datetime.now()
    return not any(b.made_at.date() == today.date() for b in list_backups(db_path))


def verify_backup(path: Path) -> None:
    """Raise a StoreError unless ``path`` is an intact gmdesk database."""
    if not path.is_file():
        raise DatabaseCorrupt(f"备份文件不存在：{path}", path)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseCorrupt(f"备份文件已损坏或不是数据库：{path}（{error}）", path) from error
    if not result or result[0] != "ok":
        raise DatabaseCorrupt(f"备份文件未通过完整性检查：{path}", path)
    if "alembic_version" not in tables or "accounts" not in tables:
        raise NotAGmdeskDatabase(f"该文件不是 gmdesk 的数据库备份：{path}", path)


def restore_backup(backup: Path, db_path: Path) -> Path | None:
    """Replace the database's content with the backup's; the current content is backed up first.

    The caller must have closed every connection to ``db_path``. Returns the safety backup's path.
    """
    verify_backup(backup)
    safety = create_backup(db_path, "restore") if db_path.exists() else None
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(db_path)
        try:
            src.backup(dst)  # page by page into the live file, under SQLite's own locking
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()
    return safety
