"""Database errors sorted by whose fault they are (the environment, not a bug), each with a Chinese message.

The UI shows these as a plain message box; anything else that escapes the store is a bug and goes to the
crash dialog with a log.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any


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
    """The file fails SQLite's integrity check (or is not a database at all); gmdesk never writes to it."""

    def __init__(self, message: str, path: Path | None = None, problems: list[str] | None = None) -> None:
        super().__init__(message, path)
        self.problems = problems or []
        """What ``PRAGMA quick_check`` reported, for the log and the details of the message box."""
        self.candidate: Any = None
        """The newest backup that passes its check (a ``BackupInfo``), when the opener looked for one."""


class DatabaseEmpty(DatabaseCorrupt):
    """A 0-byte file where a database was expected: a copy or a save that was cut off."""


class FolderNotWritable(DatabaseReadOnly):
    """The database's folder does not let gmdesk create its journal, lock and backup files."""


class BackupPassphraseWrong(StoreError):
    """An encrypted backup was opened with the wrong passphrase."""


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


def classify_os_error(error: OSError, path: Path | None, doing: str) -> StoreError | None:
    """The environment error behind a failed file operation (``doing``: 备份/恢复/写入 …), or None.

    Disk full, a read-only folder or file and a missing folder each get a message that names the cause and a
    way forward; anything else (a bug, an unexpected state) is left to the caller.
    """
    where = f"（{path}）" if path else ""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFull(f"磁盘空间已满{where}，{doing}没有完成，已删除未写完的文件，原有数据未受影响。"
                        "请清理磁盘或换一个有空间的文件夹后重试。", path)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(error, PermissionError):
        return DatabaseReadOnly(f"没有写入权限{where}，{doing}没有完成：该文件或文件夹是只读的，或被其他程序占用。"
                                "请检查文件属性和文件夹权限，或换一个可写的文件夹后重试。", path)
    if error.errno == errno.ENOENT:
        return StoreError(f"找不到文件或文件夹{where}，{doing}没有完成。请检查路径是否存在（U 盘、网络盘是否已连接）。", path)
    return None
