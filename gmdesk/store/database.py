"""The engine, the connection pragmas and the unit-of-work session of one gmdesk database file."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from gmdesk.domain.errors import EditConflict
from gmdesk.paths import is_url
from gmdesk.store import audit_log, integrity, rollups, schema
from gmdesk.store.backup import create_backup
from gmdesk.store.dialect import MIGRATION_LOCK_KEY, local_path, safe_url, upsert_setting
from gmdesk.store.errors import (
    DatabaseCorrupt,
    DatabaseEmpty,
    FolderNotWritable,
    NotAGmdeskDatabase,
    SchemaTooNew,
    StoreError,
    classify,
)

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


WRITING = "gmdesk_writing"
"""Execution option of a unit of work that will write (:meth:`Database.session` with ``writing=True``)."""


def _begin(connection: Any) -> None:
    # A unit of work that will write takes the write lock when it begins: a deferred transaction that has read
    # cannot wait for another writer (SQLite answers SQLITE_BUSY at once, the busy timeout does not apply), but
    # BEGIN IMMEDIATE waits its turn.
    writing = connection.get_execution_options().get(WRITING, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def make_server_engine(url: str) -> Engine:
    """A shared PostgreSQL database (``postgresql+psycopg://user:password@host:port/name``)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise StoreError(
            f"不支持的数据库地址 {safe_url(url)}：gmdesk 只能使用 SQLite 文件或 PostgreSQL 服务器"
            "（postgresql+psycopg://用户名@服务器:端口/数据库名）。"
        )
    if parsed.get_driver_name() in ("", "postgresql", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        import psycopg  # noqa: F401 - the driver, an optional part of gmdesk
    except ImportError as error:
        raise StoreError(
            f"无法连接服务器数据库 {safe_url(url)}：本程序没有安装 PostgreSQL 驱动 psycopg。"
            '从源代码安装时请运行 pip install "gmdesk[server]"。'
        ) from error
    # (no pool reuse across a lost connection: a clerk's laptop sleeps, the server restarts)
    return create_engine(
        parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10, "application_name": "gmdesk"}
    )


class Database:
    """One open gmdesk database. Use :meth:`session` for each unit of work (one user action, one job)."""

    def __init__(self, path: Path, engine: Engine, url: str | None = None) -> None:
        self.path = path
        """The file; for a server database, the place on this PC that stands for it (:func:`local_path`)."""
        self.url = url
        """The server database's URL (None for a file); :attr:`where` is what the clerk is shown."""
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        audit_log.install(self._sessions)
        rollups.install(self._sessions)
        self.operator = ""
        """Who is working (the 本机操作员, or whoever said so at the start): recorded with every write."""
        self.damaged: DatabaseCorrupt | None = None
        """Set when SQLite reported damage during a unit of work: nothing more is written to the file."""
        self.integrity_checked = False
        """Whether :meth:`open` ran ``quick_check`` (after a crash, or the first open of the day)."""

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        backup_before_migration: bool = True,
        check: bool | None = None,
        today: date | None = None,
    ) -> Database:
        """Open (or create) the file, refuse one from a newer gmdesk, migrate an older one after a backup.

        ``check``: run ``PRAGMA quick_check`` first (None: after a crash or once a day). A damaged file is
        refused with DatabaseCorrupt before anything is written to it; a 0-byte file with DatabaseEmpty.
        """
        if is_url(path):
            return cls._open_server(str(path))
        path = Path(path).expanduser().resolve()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise FolderNotWritable(
                f"无法创建数据库所在的文件夹 {path.parent}（{error.strerror or error}）。请选择一个可写的文件夹。",
                path,
            ) from error
        if path.exists() and path.stat().st_size == 0:
            raise DatabaseEmpty(
                f"数据库文件 {path} 是空的（0 字节），可能是复制或保存时被中断。gmdesk 没有把它当作新数据库使用。"
                "请从备份恢复；如确实要新建数据库，请删除该文件或换一个文件名。",
                path,
            )
        _check_folder(path)
        revision, checked_on = _check_version(path)
        checked = False
        today = today or date.today()
        due = revision != schema.HEAD_REVISION or integrity.check_due(
            path, checked_on, today
        )  # a migration too
        if revision is not None and (check or (check is None and due)):
            problems = integrity.quick_check(path)
            if problems:
                raise DatabaseCorrupt(
                    f"数据库文件 {path} 未通过完整性检查，已损坏。为保护数据，gmdesk 没有打开它，也没有写入任何内容。"
                    "请从最近的完好备份恢复（恢复前会先保留损坏文件的副本）。",
                    path,
                    problems,
                )
            checked = True
        engine = make_engine(path)
        try:
            _migrate(engine, path, revision, backup_before_migration, checked)
            if checked:
                _record_check(engine, today)
        except StoreError:
            engine.dispose()
            raise
        except exc.DBAPIError as error:
            engine.dispose()
            raise (classify(error, path) or error) from error
        database = cls(path, engine)
        database.integrity_checked = checked
        return database

    @classmethod
    def _open_server(cls, url: str) -> Database:
        """Open a shared PostgreSQL database: refuse a foreign or newer one, migrate an older or empty one (one
        program at a time); no file checks, no integrity check (the server keeps its own)."""
        engine = make_server_engine(url)
        where = safe_url(url)
        try:
            with engine.connect() as connection:
                revision = schema.current_revision(connection)
                foreign = schema.has_foreign_tables(connection)
            if foreign:
                raise NotAGmdeskDatabase(
                    f"服务器数据库 {where} 中已有其他程序的数据表，不是 gmdesk 的数据库，未做任何修改。"
                    "请让服务器管理员为 gmdesk 新建一个空数据库。"
                )
            if revision is not None and revision not in schema.KNOWN_REVISIONS:
                raise SchemaTooNew(
                    f"服务器数据库 {where} 已由更新版本的 gmdesk 升级，数据结构版本为 {revision}，"
                    "本程序无法识别。为保护数据，已拒绝打开：请先把本机的 gmdesk 升级到同事使用的版本。"
                )
            if revision != schema.HEAD_REVISION:
                with engine.begin() as connection:
                    connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
                    if schema.current_revision(connection) != schema.HEAD_REVISION:  # not done meanwhile
                        _upgrade(connection)
        except StoreError:
            engine.dispose()
            raise
        except exc.DBAPIError as error:
            engine.dispose()
            raise (classify(error, where) or error) from error
        return cls(local_path(url), engine, url)

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def location(self) -> Path | str:
        """What ``open`` takes to open this database again: the file, or the server's URL."""
        return self.url if self.url is not None else self.path

    @property
    def where(self) -> str:
        """The database as named to the clerk: the file's path, or the server's URL without the password."""
        return safe_url(self.url) if self.url is not None else str(self.path)

    @contextmanager
    def session(self, writing: bool = False) -> Iterator[Session]:
        """A unit of work: committed whole when the block ends, rolled back whole on any error. ``writing``:
        it will write, so on a file it waits for the write lock from the start (not after it has read)."""
        if self.damaged is not None:
            raise self.damaged
        session = self._sessions()
        session.info[audit_log.OPERATOR_INFO] = self.operator
        try:
            if writing and not self.is_server:
                session.connection(execution_options={WRITING: True})
            yield session
            session.commit()
        except exc.DBAPIError as error:
            session.rollback()
            friendly = classify(error, self.where if self.is_server else self.path)
            if isinstance(friendly, DatabaseCorrupt):
                self.damaged = DatabaseCorrupt(
                    f"数据库文件 {self.path} 已损坏（{error.orig}）。为保护数据，gmdesk 不再向它写入。"
                    "请关闭后重新打开，按提示从最近的完好备份恢复。",
                    self.path,
                    [str(error.orig)],
                )
                raise self.damaged from error
            if friendly is not None:
                raise friendly from error
            raise
        except StaleDataError as error:  # another clerk saved the same record in between (a shared database)
            session.rollback()
            raise EditConflict(
                "这条记录在您打开之后已被其他同事修改（或删除）。为免覆盖对方的修改，本次修改没有保存，填写的内容仍在窗口中。"
                "请点“重新载入”：载入对方保存的内容，您改过的地方仍保留您填写的内容，核对后再保存。"
            ) from error
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
        if self.is_server:
            return
        with self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        try:
            self.checkpoint()
        except exc.DBAPIError:
            log.warning("WAL checkpoint at close failed", exc_info=True)
        self.engine.dispose()


def _check_folder(path: Path) -> None:
    """SQLite creates its write-ahead log and shared-memory files beside the database, gmdesk its lock and
    backups: a folder that refuses new files is named as the cause (not a lock held elsewhere)."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FolderNotWritable(
            f"数据库所在的文件夹 {folder} 不允许写入（只读或没有权限）。gmdesk 需要在数据库旁写入日志和备份文件。"
            "请把数据库复制到可写的文件夹（如“文档”）后打开，或请管理员授予该文件夹的写入权限。",
            path,
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise FolderNotWritable(
            f"数据库文件 {path} 是只读的。请在文件属性中取消“只读”，或把它复制到可写的文件夹后再打开。",
            path,
        )


def _record_check(engine: Engine, today: date) -> None:
    """The day of the last passed check, written directly (an audit entry per start would be noise)."""
    with engine.begin() as connection:
        upsert_setting(connection, integrity.CHECKED_ON_KEY, f'"{today.isoformat()}"')


def _inspect_file(path: Path) -> tuple[str | None, bool, str, str]:
    """(revision, foreign, written_by, checked_on) read without changing a byte: no WAL switch before we
    know the file."""
    if not path.exists() or path.stat().st_size == 0:
        return None, False, "", ""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                return None, bool(tables), "", ""
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            made_by = checked_on = ""
            if "settings" in tables:
                found = connection.execute(
                    "SELECT value FROM settings WHERE key = 'schema.written_by'"
                ).fetchone()
                made_by = str(found[0]).strip('"') if found else ""
                found = connection.execute(
                    "SELECT value FROM settings WHERE key = ?", (integrity.CHECKED_ON_KEY,)
                )
                value = found.fetchone()
                checked_on = str(value[0]).strip('"') if value else ""
            return (row[0] if row else None), False, made_by, checked_on
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        friendly = classify(error, path)
        if isinstance(friendly, DatabaseCorrupt) or friendly is None:
            raise DatabaseCorrupt(
                f"无法读取数据库文件：{path}。文件已损坏或不是 gmdesk 数据库。", path
            ) from error
        raise friendly from error


def _check_version(path: Path) -> tuple[str | None, str]:
    """The file's revision after refusing foreign and newer files (None for a new, empty file), and the day
    of its last passed integrity check."""
    revision, foreign, made_by, checked_on = _inspect_file(path)
    if foreign:
        raise NotAGmdeskDatabase(f"文件 {path} 不是 gmdesk 的数据库，未做任何修改。", path)
    if revision is not None and revision not in schema.KNOWN_REVISIONS:
        who = f"（由 gmdesk {made_by} 写入）" if made_by else ""
        raise SchemaTooNew(
            f"数据库 {path} 来自更新版本的 gmdesk{who}，数据结构版本为 {revision}，"
            "本程序无法识别。为保护数据，已拒绝打开：请升级 gmdesk 后再打开该文件。",
            path,
        )
    return revision, checked_on


def _migrate(
    engine: Engine, path: Path, revision: str | None, backup_before_migration: bool, checked: bool = False
) -> None:
    if revision == schema.HEAD_REVISION:
        return
    if revision is not None and backup_before_migration:
        backup = create_backup(path, "migration", checked=checked)
        log.info("backed up %s to %s before migrating from %s", path, backup, revision)
    with engine.begin() as connection:
        _upgrade(connection)


def _upgrade(connection: Any) -> None:
    from gmdesk import __version__
    from gmdesk.store.migrate import upgrade_to_head

    upgrade_to_head(connection)
    upsert_setting(connection, "schema.written_by", f'"{__version__}"')
