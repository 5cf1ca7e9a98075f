"""The engine, the connection pragmas and the unit-of-work session of one gmdesk database file."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.orm import Session, sessionmaker

from gmdesk.store import schema
from gmdesk.store.backup import create_backup
from gmdesk.store.errors import DatabaseCorrupt, NotAGmdeskDatabase, SchemaTooNew, StoreError, classify

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


class Database:
    """One open gmdesk database. Use :meth:`session` for each unit of work (one user action, one job)."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: Path | str, *, backup_before_migration: bool = True) -> Database:
        """Open (or create) the file, refuse one from a newer gmdesk, migrate an older one after a backup."""
        path = Path(path).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        revision = _check_version(path)
        engine = make_engine(path)
        try:
            _migrate(engine, path, revision, backup_before_migration)
        except StoreError:
            engine.dispose()
            raise
        except exc.DBAPIError as error:
            engine.dispose()
            raise (classify(error, path) or error) from error
        return cls(path, engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed whole when the block ends, rolled back whole on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except exc.DBAPIError as error:
            session.rollback()
            friendly = classify(error, self.path)
            if friendly is not None:
                raise friendly from error
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def read_session(self) -> Session:
        """A session for reading only (the caller closes it); nothing it does is committed."""
        return self._sessions()

    def checkpoint(self) -> None:
        """Fold the WAL into the main file (before a copy by other means, or at exit)."""
        with self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        try:
            self.checkpoint()
        except exc.DBAPIError:
            log.warning("WAL checkpoint at close failed", exc_info=True)
        self.engine.dispose()


def _inspect_file(path: Path) -> tuple[str | None, bool, str]:
    """(revision, foreign, written_by) read without changing a byte: no WAL switch before we know the file."""
    if not path.exists() or path.stat().st_size == 0:
        return None, False, ""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                return None, bool(tables), ""
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            made_by = ""
            if "settings" in tables:
                found = connection.execute("SELECT value FROM settings WHERE key = 'schema.written_by'").fetchone()
                made_by = str(found[0]).strip('"') if found else ""
            return (row[0] if row else None), False, made_by
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        friendly = classify(error, path)
        if isinstance(friendly, DatabaseCorrupt) or friendly is None:
            raise DatabaseCorrupt(f"无法读取数据库文件：{path}。文件已损坏或不是 gmdesk 数据库。", path) from error
        raise friendly from error


def _check_version(path: Path) -> str | None:
    """The file's revision after refusing foreign and newer files; None for a new, empty file."""
    revision, foreign, made_by = _inspect_file(path)
    if foreign:
        raise NotAGmdeskDatabase(f"文件 {path} 不是 gmdesk 的数据库，未做任何修改。", path)
    if revision is not None and revision not in schema.KNOWN_REVISIONS:
        who = f"（由 gmdesk {made_by} 写入）" if made_by else ""
        raise SchemaTooNew(
            f"数据库 {path} 来自更新版本的 gmdesk{who}，数据结构版本为 {revision}，"
            "本程序无法识别。为保护数据，已拒绝打开：请升级 gmdesk 后再打开该文件。",
            path,
        )
    return revision


def _migrate(engine: Engine, path: Path, revision: str | None, backup_before_migration: bool) -> None:
    if revision == schema.HEAD_REVISION:
        return
    if revision is not None and backup_before_migration:
        backup = create_backup(path, "migration")
        log.info("backed up %s to %s before migrating from %s", path, backup, revision)
    from gmdesk import __version__
    from gmdesk.store.migrate import upgrade_to_head

    with engine.begin() as connection:
        upgrade_to_head(connection)
        connection.execute(
            text("INSERT OR REPLACE INTO settings (key, value) VALUES ('schema.written_by', :v)"),
            {"v": f'"{__version__}"'},
        )
