"""Database errors sorted by whose fault they are (the environment, not a bug), each with a Chinese message.

The UI shows these as a plain message box; anything else that escapes the store is a bug and goes to the
crash dialog with a log.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """An error the clerk can understand and act on."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class DatabaseLocked(StoreError):
    pass


class DatabaseReadOnly(StoreError):
    pass


class DiskFull(StoreError):
    pass


class DatabaseCorrupt(StoreError):
    pass


class NotAGmdeskDatabase(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


class DatabaseInUse(StoreError):
    """Another gmdesk window already has this database open."""


def classify(error: BaseException, path: Path | None = None) -> StoreError | None:
    """The environment error behind a database exception, or None when it looks like a bug."""
    original = getattr(error, "orig", error)  # SQLAlchemy's DBAPIError wraps the sqlite3 error
    if not isinstance(original, sqlite3.Error):
        return None
    text = str(original).lower()
    where = f"（{path}）" if path else ""
    if "locked" in text or "busy" in text:
        return DatabaseLocked(f"数据库正被其他程序占用{where}，请稍后重试；如反复出现，请关闭其他打开该文件的程序。", path)
    if "readonly" in text or "read-only" in text or "attempt to write a readonly" in text:
        return DatabaseReadOnly(f"数据库文件是只读的{where}，无法保存。请检查文件属性或所在文件夹的写入权限。", path)
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFull(f"磁盘空间已满{where}，本次修改没有保存。请清理磁盘后重试。", path)
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return DatabaseCorrupt(
            f"数据库文件已损坏或不是 gmdesk 数据库{where}。请在“文件 > 恢复”中选择最近的备份恢复。", path
        )
    if "unable to open" in text:
        return DatabaseReadOnly(f"无法打开数据库文件{where}，请检查路径是否存在、是否有访问权限。", path)
    return None
