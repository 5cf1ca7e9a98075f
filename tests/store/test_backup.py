"""Backups with SQLite's online backup API; restore; rotation; a killed writer leaves a consistent file."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gmdesk.domain.backup_policy import RetentionRule
from gmdesk.store import backup
from gmdesk.store.database import Database
from gmdesk.store.errors import DatabaseCorrupt, NotAGmdeskDatabase
from gmdesk.store.models import Unit

pytestmark = (
    pytest.mark.sqlite_only
)  # the SQLite file itself (a server database: pg_dump, tests/store/test_server.py)


def unit_names(database: Database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(Unit.name).order_by(Unit.name)))


def test_backup_and_restore_round_trip(database: Database) -> None:
    with database.session() as session:
        session.add(Unit(name="县教育局"))
    copy = backup.create_backup(database.path, "manual")
    assert copy.parent == database.path.parent / "backups"
    with database.session() as session:
        session.add(Unit(name="县卫生健康局"))
    assert unit_names(database) == ["县卫生健康局", "县教育局"]
    database.close()

    safety = backup.restore_backup(copy, database.path).safety

    reopened = Database.open(database.path)
    try:
        assert unit_names(reopened) == ["县教育局"]
    finally:
        reopened.close()
    assert safety is not None and safety.exists()
    kept = Database.open(safety)
    try:
        assert unit_names(kept) == ["县卫生健康局", "县教育局"]
    finally:
        kept.close()


def test_a_backup_is_a_self_contained_file_without_wal(database: Database) -> None:
    with database.session() as session:
        session.add(Unit(name="县民政局"))
    copy = backup.create_backup(database.path, "manual")
    connection = sqlite3.connect(copy)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert connection.execute("SELECT name FROM units").fetchall() == [("县民政局",)]
    connection.close()


def test_backups_are_rotated_by_age(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "rotating"
    for day in range(1, 6):
        backup.create_backup(
            database.path,
            "daily",
            folder,
            rule=RetentionRule(daily=3, weekly=0, monthly=0),
            now=datetime(2026, 11, day, 9, 0),
        )
    kept = backup.list_backups(database.path, folder)
    assert [b.made_at.day for b in kept] == [5, 4, 3]
    assert all(b.reason == "daily" and b.reason_label == "每日自动备份" for b in kept)


def test_restore_refuses_a_broken_or_foreign_backup(database: Database, tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(DatabaseCorrupt):
        backup.restore_backup(broken, database.path)
    foreign = tmp_path / "foreign.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    with pytest.raises(NotAGmdeskDatabase):
        backup.restore_backup(foreign, database.path)
    with pytest.raises(DatabaseCorrupt, match="不存在"):
        backup.restore_backup(tmp_path / "missing.db", database.path)


WRITER = textwrap.dedent(
    """
    import sys
    from gmdesk.store.database import Database
    from gmdesk.store.models import Unit
    database = Database.open(sys.argv[1])
    batch = 0
    while True:
        with database.session() as session:
            for i in range(100):
                session.add(Unit(name=f"单位{batch:05d}-{i:03d}"))
        batch += 1
        print(batch, flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_writer_leaves_a_consistent_file(db_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert writer.stdout is not None
    committed = 0
    deadline = time.monotonic() + 60
    while committed < 20 and time.monotonic() < deadline:
        committed = int(writer.stdout.readline())
    time.sleep(0.05)  # kill it in the middle of a later transaction
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    assert committed >= 20

    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    database = Database.open(db_path)
    try:
        with database.session() as session:
            count = session.scalar(select(func.count()).select_from(Unit))
    finally:
        database.close()
    assert count is not None
    assert count % 100 == 0, "a transaction was half-written"
    assert count >= committed * 100
