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


def count(path: Path, table: str) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()
