"""Helpers for the data-safety tests: a database past 7 MB, damage at a given offset, file digests."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

PAGE = 4096


def grow(path: Path, megabytes: int = 9) -> None:
    """Fill the database with settings rows until it is past ``megabytes`` (plain sqlite3, then closed)."""
    connection = sqlite3.connect(path)
    try:
        blob = "“填充”" * 300
        rows = [(f"filler.{i:06d}", f'"{blob}{i}"') for i in range(megabytes * 1024 * 1024 // 1000)]
        connection.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", rows)
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    assert path.stat().st_size > megabytes * 1024 * 1024 * 0.9


def damage(path: Path, offset: int = 7 * 1024 * 1024, size: int = PAGE, seed: int = 12) -> None:
    """Random bytes over ``size`` bytes at ``offset`` (a page lost to a bad sector or a torn write)."""
    noise = random.Random(seed).randbytes(size)
    with open(path, "r+b") as stream:
        stream.seek(offset)
        stream.write(noise)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _on_server(location: Path | str, sql: str) -> list[tuple]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(str(location), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def dump(location: Path | str) -> str:
    """Every row of every table as text (a SQLite file's dump, or a server database's rows)."""
    if isinstance(location, str):
        import gmdesk.store.models  # noqa: F401 - every table on the metadata
        from gmdesk.store.base import Base

        def order(table) -> str:  # (rows in key order: a server returns them in any order)
            return ", ".join(c.name for c in (table.primary_key.columns or table.columns))

        return "\n".join(
            repr(row)
            for table in Base.metadata.sorted_tables
            for row in _on_server(location, f"SELECT * FROM {table.name} ORDER BY {order(table)}")
        )
    connection = sqlite3.connect(location)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


def count(path: Path | str, table: str) -> int:
    """The table's rows (of a file, or of a server database given as its URL)."""
    if isinstance(path, str):
        return int(_on_server(path, f"SELECT count(*) FROM {table}")[0][0])
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def sql(location: Path | str, statement: str, *params: object) -> list[tuple]:
    """Run one statement behind gmdesk's back (``?`` parameters) on a file or a server database (its URL),
    committed; the rows it returns."""
    if isinstance(location, str):
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        engine = create_engine(location, poolclass=NullPool)
        try:
            with engine.begin() as connection:
                result = connection.exec_driver_sql(statement.replace("?", "%s"), tuple(params))
                return [tuple(row) for row in result] if result.returns_rows else []
        finally:
            engine.dispose()
    connection = sqlite3.connect(location)
    try:
        rows = [tuple(row) for row in connection.execute(statement, params)]
        connection.commit()
        return rows
    finally:
        connection.close()
