"""The backup every import (and every other bulk write) makes, called by the services themselves.

An import checks its whole file first; only when every row has passed and there is something to write does it
call :func:`before_write`, which backs the database up through the one backup service
(:mod:`gmdesk.store.backup`: integrity check, copy, verification, rotation). A refused file therefore leaves
no backup behind, and neither the window nor the command line has to remember to make one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from gmdesk.store import backup

Progress = Callable[[int, int, str], None]


def database_path(session: Session) -> Path | None:
    """The file behind the session (None for an in-memory database or a server's: no file to copy)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite":
        return None
    name = url.database
    return None if not name or name == ":memory:" else Path(name)


def before_write(session: Session, reason: str = "import", progress: Progress | None = None) -> Path | None:
    """Back the session's database up before a bulk write; returns the backup (None in memory).

    Raises DatabaseCorrupt (the file is damaged: nothing is written to it), DiskFull or DatabaseReadOnly (no
    backup could be made: the caller's write does not happen either, so nothing changes).
    """
    path = database_path(session)
    url = session.get_bind().engine.url
    if path is None and url.get_backend_name() == "postgresql":
        return _server_dump(url.render_as_string(hide_password=False), reason, progress)
    if path is None:
        return None
    if progress is not None:
        progress(0, 0, "正在备份数据库…")
    return backup.create_backup(path, reason)


def _server_dump(url: str, reason: str, progress: Progress | None) -> Path | None:
    """A shared database: a pg_dump beside this PC's folder for it, when pg_dump is installed; without it the
    write goes ahead (the server's own backups stand) and the log says how to install it."""
    import logging

    from gmdesk.store.server_backup import ToolMissing, dump

    if progress is not None:
        progress(0, 0, "正在备份服务器数据库（pg_dump）…")
    try:
        return dump(url, backup.backups_dir(url), reason)
    except ToolMissing as missing:
        logging.getLogger(__name__).warning("no backup before %s: %s", reason, missing.message)
        return None


def may_restore(session: Session, operator: str) -> None:
    """Replacing the whole database is a 管理员's decision (NotPermitted names the role otherwise)."""
    from gmdesk.domain.permissions import Permission
    from gmdesk.services.operators import require

    require(session, operator, Permission.RESTORE)


def record_restore(session: Session, operator: str, result: backup.RestoreResult) -> None:
    """The restored database's trail says where its content came from and where the old content went."""
    from gmdesk.services import audit

    audit.record(
        session,
        operator,
        "从备份恢复",
        "database",
        None,
        {
            "backup": result.source.name,
            "safety": str(result.safety or ""),
            "damaged_before": result.safety_damaged,
        },
    )
