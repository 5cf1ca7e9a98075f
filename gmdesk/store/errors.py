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


class DiskUnavailable(StoreError):
    """Reading or writing the file failed below SQLite (``SQLITE_IOERR``): a USB stick pulled out, a network
    drive gone, a failing disk. The transaction was rolled back; the file is as it was before it."""


class FolderNotWritable(DatabaseReadOnly):
    """The database's folder does not let gmdesk create its journal, lock and backup files."""


class BackupPassphraseWrong(StoreError):
    """An encrypted backup was opened with the wrong passphrase."""


class NotAGmdeskDatabase(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


class ServerUnavailable(StoreError):
    """The shared database server cannot be reached, refuses the login, or lost the connection."""


class DatabaseInUse(StoreError):
    """Another gmdesk window already has this database open."""


def sqlite_code(error: BaseException) -> int | None:
    """SQLite's primary result code behind a database exception (``SQLITE_FULL``, ``SQLITE_BUSY`` …), or None.

    Extended codes (``SQLITE_READONLY_DBMOVED``, ``SQLITE_CORRUPT_INDEX`` …) are folded into their primary
    code. None when the error did not come from SQLite itself (raised by the ``sqlite3`` module, or built by
    hand), so the caller may fall back on the message.
    """
    original = getattr(error, "orig", error)  # SQLAlchemy's DBAPIError wraps the sqlite3 error
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_disk_full(error: BaseException) -> bool:
    """SQLite says the disk (or the database's size limit) is full."""
    code = sqlite_code(error)
    if code is not None:
        return code == sqlite3.SQLITE_FULL
    return "disk is full" in str(getattr(error, "orig", error)).lower()


# What the clerk is told, by kind; ``{where}`` names the file when it is known.
_LOCKED = "数据库正被其他程序占用{where}，请稍后重试；如反复出现，请关闭其他打开该文件的程序。"
_READ_ONLY = "数据库文件是只读的{where}，无法保存。请检查文件属性或所在文件夹的写入权限。"
_FULL = "磁盘空间已满{where}，本次修改没有保存。请清理磁盘后重试。"
_CORRUPT = "数据库文件已损坏或不是 gmdesk 数据库{where}。请在“文件 > 恢复”中选择最近的备份恢复。"
_CANT_OPEN = "无法打开数据库文件{where}，请检查路径是否存在、是否有访问权限。"
_IO = (
    "读写数据库文件时出错{where}：存放它的U盘、移动硬盘或网络驱动器可能已断开，或磁盘有故障。本次修改没有保存。"
    "请确认该位置可以访问后重新打开数据库；如仍出错，请在“文件 > 恢复”中选择最近的备份恢复。"
)

_BY_CODE: dict[int, tuple[type[StoreError], str]] = {
    sqlite3.SQLITE_BUSY: (DatabaseLocked, _LOCKED),
    sqlite3.SQLITE_LOCKED: (DatabaseLocked, _LOCKED),
    sqlite3.SQLITE_READONLY: (DatabaseReadOnly, _READ_ONLY),
    sqlite3.SQLITE_FULL: (DiskFull, _FULL),
    sqlite3.SQLITE_CORRUPT: (DatabaseCorrupt, _CORRUPT),
    sqlite3.SQLITE_NOTADB: (DatabaseCorrupt, _CORRUPT),
    sqlite3.SQLITE_CANTOPEN: (DatabaseReadOnly, _CANT_OPEN),
    sqlite3.SQLITE_IOERR: (DiskUnavailable, _IO),
}
"""SQLite's primary codes that are the environment's fault. Any other code is left to the caller as a bug."""


def _by_message(text: str) -> tuple[type[StoreError], str] | None:
    """The fallback for an error that carries no SQLite code: its English text."""
    if "locked" in text or "busy" in text:
        return DatabaseLocked, _LOCKED
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnly, _READ_ONLY
    if "disk is full" in text:
        return DiskFull, _FULL
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return DatabaseCorrupt, _CORRUPT
    if "unable to open" in text:
        return DatabaseReadOnly, _CANT_OPEN
    if "disk i/o error" in text:
        return DiskUnavailable, _IO
    return None


def classify(error: BaseException, path: Path | str | None = None) -> StoreError | None:
    """The environment error behind a database exception, or None when it looks like a bug.

    Sorted by SQLite's result code (``sqlite3.Error.sqlite_errorcode``), which does not change with the
    wording of SQLite's messages; an error without a code (raised by hand or by the ``sqlite3`` module) is
    sorted by its message as before.
    """
    original = getattr(error, "orig", error)  # SQLAlchemy's DBAPIError wraps the sqlite3 error
    if type(original).__module__.startswith("psycopg"):
        return classify_server(original, path)
    if not isinstance(original, sqlite3.Error):
        return None
    code = sqlite_code(original)
    found = _BY_CODE.get(code) if code is not None else _by_message(str(original).lower())
    if found is None:
        return None
    kind, message = found
    file = Path(path) if isinstance(path, str) else path
    return kind(message.format(where=f"（{file}）" if file else ""), file)


def classify_server(original: BaseException, where: object = None) -> StoreError | None:
    """A PostgreSQL server's error that is the environment's fault (unreachable, login refused, connection
    lost, disk full on the server, a read-only standby), or None when it looks like a bug."""
    import psycopg

    place = f"（{where}）" if where else ""
    reason = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    state = getattr(getattr(original, "diag", None), "sqlstate", None) or ""
    if state == "53100":  # disk_full
        return DiskFull(f"数据库服务器的磁盘空间已满{place}，本次修改没有保存。请联系服务器管理员。")
    if state in ("25006", "42501"):  # read_only_sql_transaction, insufficient_privilege
        return DatabaseReadOnly(
            f"数据库服务器不允许写入{place}：{reason}。请联系服务器管理员检查数据库用户的权限。"
        )
    if state in ("55P03", "40P01"):  # lock_not_available, deadlock_detected
        return DatabaseLocked(f"数据库正被其他同事的操作占用{place}，本次修改没有保存，请稍后重试。")
    if isinstance(original, psycopg.OperationalError):
        return ServerUnavailable(
            f"无法连接到数据库服务器{place}：{reason}。请检查服务器地址、端口、数据库名、用户名和密码，"
            "以及这台电脑与服务器之间的网络；服务器管理员可确认服务器是否在运行。"
        )
    return None


def classify_os_error(error: OSError, path: Path | None, doing: str) -> StoreError | None:
    """The environment error behind a failed file operation (``doing``: 备份/恢复/写入 …), or None.

    Disk full, a read-only folder or file and a missing folder each get a message that names the cause and a
    way forward; anything else (a bug, an unexpected state) is left to the caller.
    """
    where = f"（{path}）" if path else ""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFull(
            f"磁盘空间已满{where}，{doing}没有完成，已删除未写完的文件，原有数据未受影响。"
            "请清理磁盘或换一个有空间的文件夹后重试。",
            path,
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(error, PermissionError):
        return DatabaseReadOnly(
            f"没有写入权限{where}，{doing}没有完成：该文件或文件夹是只读的，或被其他程序占用。"
            "请检查文件属性和文件夹权限，或换一个可写的文件夹后重试。",
            path,
        )
    if error.errno == errno.ENOENT:
        return StoreError(
            f"找不到文件或文件夹{where}，{doing}没有完成。请检查路径是否存在（U 盘、网络盘是否已连接）。",
            path,
        )
    return None
