"""Issue 17, item 7: database errors are sorted by SQLite's result code, produced here for real (a damaged
file, a file opened read-only, a database held by another connection, a full database, random bytes), and by
their message only when they carry no code."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, exc, text

from gmdesk.store.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    DiskUnavailable,
    StoreError,
    classify,
    is_disk_full,
    sqlite_code,
)

PAGE = 4096


def _raised(action: Callable[[], Any]) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        action()
    return caught.value


@pytest.fixture
def plain_db(tmp_path: Path) -> Path:
    """A small database in rollback-journal mode: a table spread over a few dozen pages."""
    path = tmp_path / "plain.db"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA page_size = {PAGE}")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    connection.executemany("INSERT INTO t (body) VALUES (?)", [("青岚发布" * 50,) for _ in range(200)])
    connection.commit()
    connection.close()
    return path


@pytest.fixture
def connections() -> Iterator[list[sqlite3.Connection]]:
    opened: list[sqlite3.Connection] = []
    yield opened
    for connection in opened:
        connection.close()


def _connect(opened: list[sqlite3.Connection], target: str | Path, **kwargs: Any) -> sqlite3.Connection:
    connection = sqlite3.connect(target, **kwargs)
    opened.append(connection)
    return connection


def test_a_write_to_a_file_opened_read_only_is_read_only(plain_db: Path, connections: list) -> None:
    reader = _connect(connections, f"file:{plain_db}?mode=ro", uri=True)
    error = _raised(lambda: reader.execute("INSERT INTO t (body) VALUES ('x')"))
    assert sqlite_code(error) == sqlite3.SQLITE_READONLY
    friendly = classify(error, plain_db)
    assert isinstance(friendly, DatabaseReadOnly)
    assert (
        friendly.message
        == f"数据库文件是只读的（{plain_db}），无法保存。请检查文件属性或所在文件夹的写入权限。"
    )
    assert friendly.path == plain_db


def test_a_database_held_exclusively_by_another_connection_is_locked(
    plain_db: Path, connections: list
) -> None:
    holder = _connect(connections, plain_db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    other = _connect(connections, plain_db, timeout=0)
    for action in (
        lambda: other.execute("SELECT count(*) FROM t").fetchall(),
        lambda: other.execute("INSERT INTO t (body) VALUES ('x')"),
    ):
        error = _raised(action)
        assert sqlite_code(error) == sqlite3.SQLITE_BUSY
        friendly = classify(error)
        assert isinstance(friendly, DatabaseLocked)
        assert (
            friendly.message == "数据库正被其他程序占用，请稍后重试；如反复出现，请关闭其他打开该文件的程序。"
        )
    holder.execute("ROLLBACK")


def test_damaged_pages_are_corrupt(plain_db: Path, connections: list) -> None:
    with plain_db.open("r+b") as file:  # every b-tree page after the first two: not a valid page any more
        file.seek(2 * PAGE)
        file.write(b"\xff" * (plain_db.stat().st_size - 2 * PAGE))
    reader = _connect(connections, plain_db)
    error = _raised(lambda: reader.execute("SELECT sum(length(body)) FROM t").fetchall())
    assert sqlite_code(error) == sqlite3.SQLITE_CORRUPT
    friendly = classify(error, plain_db)
    assert isinstance(friendly, DatabaseCorrupt)
    assert (
        friendly.message
        == f"数据库文件已损坏或不是 gmdesk 数据库（{plain_db}）。请在“文件 > 恢复”中选择最近的备份恢复。"
    )


def test_random_bytes_are_not_a_database(tmp_path: Path, connections: list) -> None:
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(3 * PAGE))
    reader = _connect(connections, path)
    error = _raised(lambda: reader.execute("SELECT name FROM sqlite_master").fetchall())
    assert sqlite_code(error) == sqlite3.SQLITE_NOTADB
    assert isinstance(classify(error, path), DatabaseCorrupt)


def test_a_0_byte_file_opened_read_only_refuses_a_write(tmp_path: Path, connections: list) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    reader = _connect(connections, f"file:{path}?mode=ro", uri=True)
    assert reader.execute("SELECT count(*) FROM sqlite_master").fetchone() == (
        0,
    )  # SQLite: an empty database
    error = _raised(lambda: reader.execute("CREATE TABLE t (x)"))
    assert sqlite_code(error) == sqlite3.SQLITE_READONLY
    assert isinstance(classify(error, path), DatabaseReadOnly)
    assert path.stat().st_size == 0


def test_a_database_at_its_size_limit_is_full(plain_db: Path, connections: list) -> None:
    writer = _connect(connections, plain_db)
    pages = writer.execute("PRAGMA page_count").fetchone()[0]
    writer.execute(f"PRAGMA max_page_count = {pages}")
    error = _raised(lambda: writer.executemany("INSERT INTO t (body) VALUES (?)", [("满" * 2000,)] * 50))
    assert sqlite_code(error) == sqlite3.SQLITE_FULL
    assert is_disk_full(error)
    friendly = classify(error, plain_db)
    assert isinstance(friendly, DiskFull)
    assert friendly.message == f"磁盘空间已满（{plain_db}），本次修改没有保存。请清理磁盘后重试。"


def test_a_file_in_a_missing_folder_cannot_be_opened(tmp_path: Path) -> None:
    path = tmp_path / "没有这个文件夹" / "gmdesk.db"
    error = _raised(lambda: sqlite3.connect(path))
    assert sqlite_code(error) == sqlite3.SQLITE_CANTOPEN
    friendly = classify(error, path)
    assert type(friendly) is DatabaseReadOnly
    assert friendly.message.startswith("无法打开数据库文件")


def test_sqlalchemy_errors_are_sorted_by_the_code_of_their_sqlite_error(plain_db: Path) -> None:
    engine = create_engine(f"sqlite:///file:{plain_db}?mode=ro&uri=true")
    try:
        with pytest.raises(exc.DBAPIError) as caught, engine.begin() as connection:
            connection.execute(text("INSERT INTO t (body) VALUES ('x')"))
    finally:
        engine.dispose()
    assert sqlite_code(caught.value) == sqlite3.SQLITE_READONLY
    assert isinstance(classify(caught.value, plain_db), DatabaseReadOnly)


def test_a_message_that_only_mentions_a_lock_is_a_bug(connections: list) -> None:
    """Sorting by text took a missing table named ``locked_items`` for a locked database."""
    memory = _connect(connections, ":memory:")
    error = _raised(lambda: memory.execute("SELECT * FROM locked_items"))
    assert sqlite_code(error) == sqlite3.SQLITE_ERROR
    assert classify(error) is None
    assert not is_disk_full(error)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("database is locked", DatabaseLocked),
        ("attempt to write a readonly database", DatabaseReadOnly),
        ("database or disk is full", DiskFull),
        ("database disk image is malformed", DatabaseCorrupt),
        ("file is not a database", DatabaseCorrupt),
        ("unable to open database file", DatabaseReadOnly),
        ("no such table: accounts", None),
    ],
)
def test_an_error_without_a_code_is_sorted_by_its_message(
    message: str, kind: type[StoreError] | None
) -> None:
    error = sqlite3.OperationalError(message)  # as raised by hand (or by an older sqlite3 module)
    assert sqlite_code(error) is None
    friendly = classify(error)
    assert (type(friendly) if friendly is not None else None) is kind


def test_errors_not_from_sqlite_are_not_sorted() -> None:
    assert classify(OSError("database is locked")) is None
    assert sqlite_code(ValueError("x")) is None


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reaches the open file through /proc/self/fd")
def test_a_file_that_cannot_be_read_any_more_is_a_disk_error_not_a_bug(
    plain_db: Path, connections: list
) -> None:
    """The USB stick pulled out: the open file's reads fail below SQLite (here its descriptor is pointed at a
    folder, so read() fails as it would on a vanished device) and SQLite reports SQLITE_IOERR_READ."""
    reader = _connect(connections, plain_db)
    reader.execute("PRAGMA cache_size = 0")
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (200,)
    descriptors = [
        int(name)
        for name in os.listdir("/proc/self/fd")
        if os.path.realpath(f"/proc/self/fd/{name}") == str(plain_db.resolve())
    ]
    assert descriptors, "the database file is not open"
    folder = os.open(plain_db.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for descriptor in descriptors:
            os.dup2(folder, descriptor)
        error = _raised(lambda: reader.execute("SELECT sum(length(body)) FROM t").fetchall())
    finally:
        os.close(folder)
    assert sqlite_code(error) == sqlite3.SQLITE_IOERR
    friendly = classify(error, plain_db)
    assert isinstance(friendly, DiskUnavailable)
    assert friendly.message.startswith(
        f"读写数据库文件时出错（{plain_db}）：存放它的U盘、移动硬盘或网络驱动器可能已断开"
    )
    assert "本次修改没有保存" in friendly.message


def test_a_disk_error_without_a_code_is_sorted_by_its_message() -> None:
    assert isinstance(classify(sqlite3.OperationalError("disk I/O error")), DiskUnavailable)
