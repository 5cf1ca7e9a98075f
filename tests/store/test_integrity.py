"""Issue 12, hole 1: a damaged database is found (random bytes at 7 MB into the file), never written to and
never backed up; the newest backup that passes is found and restored after a copy of the damaged file."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from gmdesk.services.database import open_database
from gmdesk.store import backup, integrity
from gmdesk.store.database import Database
from gmdesk.store.errors import DatabaseCorrupt, DatabaseEmpty
from tests.safety_data import count, damage, digest, grow

pytestmark = (
    pytest.mark.sqlite_only
)  # the SQLite file itself (a server database: pg_dump, tests/store/test_server.py)


@pytest.fixture
def big_db(db_path: Path) -> Path:
    """A gmdesk database of about 9 MB, closed, with one good daily backup."""
    grow(db_path)
    backup.create_backup(db_path, "daily", now=datetime(2026, 11, 19, 8, 0))
    return db_path


def test_random_bytes_at_7_mb_are_found_by_quick_check(big_db: Path) -> None:
    assert integrity.quick_check(big_db) == []
    damage(big_db)
    problems = integrity.quick_check(big_db)
    assert problems and problems != ["ok"]


def test_a_damaged_file_is_refused_at_opening_untouched(big_db: Path) -> None:
    damage(big_db)
    before = digest(big_db)
    with pytest.raises(DatabaseCorrupt, match="未通过完整性检查") as caught:
        Database.open(big_db, check=True)
    assert caught.value.problems
    assert digest(big_db) == before
    assert not Path(f"{big_db}-wal").exists() or Path(f"{big_db}-wal").stat().st_size == 0


def test_the_check_runs_on_the_first_open_of_a_day_and_after_a_crash(big_db: Path) -> None:
    today = date(2026, 11, 20)
    first = Database.open(big_db, today=today)
    assert first.integrity_checked  # first open of the day
    first.close()
    again = Database.open(big_db, today=today)
    assert not again.integrity_checked  # already checked today: opening stays fast
    again.close()
    # a session that did not end cleanly leaves its write-ahead log behind (here: still open, as if killed)
    writer = sqlite3.connect(big_db)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("UPDATE settings SET value = '\"x\"' WHERE key = 'filler.000001'")
    writer.commit()
    try:
        assert integrity.crashed(big_db)
        after_crash = Database.open(big_db, today=today)
        assert after_crash.integrity_checked
        after_crash.close()
    finally:
        writer.close()
    next_day = Database.open(big_db, today=today + timedelta(days=1))
    assert next_day.integrity_checked
    next_day.close()


def test_damage_found_the_next_day_is_refused_and_the_good_backup_offered(big_db: Path) -> None:
    damage(big_db)
    with pytest.raises(DatabaseCorrupt) as caught:
        open_database(big_db)  # today differs from the check day recorded in the template, or it is a new day
    good = caught.value.candidate
    assert good is not None and good.reason == "daily"


def test_a_damaged_file_is_never_backed_up_so_good_backups_survive(big_db: Path) -> None:
    damage(big_db)
    before = backup.list_backups(big_db)
    for attempt in range(30):
        with pytest.raises(DatabaseCorrupt, match="没有备份"):
            backup.create_backup(big_db, "import", now=datetime(2026, 11, 20, 9, 0, attempt))
    assert backup.list_backups(big_db) == before
    assert backup.newest_good_backup(big_db) == before[0]


def test_restoring_over_a_damaged_file_keeps_a_copy_of_it_and_checks_the_result(big_db: Path) -> None:
    good = backup.list_backups(big_db)[0]
    damage(big_db)
    damaged_digest = digest(big_db)
    result = backup.restore_backup(good.path, big_db)
    assert result.safety_damaged and result.safety is not None
    assert result.safety.name.endswith("-damaged.db")
    assert digest(result.safety) == damaged_digest
    assert integrity.quick_check(big_db) == []
    reopened = Database.open(big_db, check=True)
    reopened.close()
    assert count(big_db, "settings") > 9000
    # a damaged copy kept for the record is never offered as a good backup
    assert backup.newest_good_backup(big_db) == good


def test_a_damaged_backup_is_skipped_for_the_newest_good_one(big_db: Path) -> None:
    older = backup.list_backups(big_db)[0]
    newer = backup.create_backup(big_db, "manual", now=datetime(2026, 11, 20, 8, 0))
    damage(newer)
    assert backup.newest_good_backup(big_db) == older
    with pytest.raises(DatabaseCorrupt):
        backup.restore_backup(newer, big_db)


def test_a_zero_byte_file_is_refused_not_made_a_new_database(tmp_path: Path) -> None:
    empty = tmp_path / "gmdesk.db"
    empty.write_bytes(b"")
    with pytest.raises(DatabaseEmpty, match="0 字节"):
        Database.open(empty)
    assert empty.stat().st_size == 0


def test_damage_met_while_working_stops_all_writing(big_db: Path) -> None:
    from sqlalchemy import text

    database = Database.open(big_db, check=True)
    try:
        damage(big_db)  # the disk fails under a running gmdesk
        with pytest.raises(DatabaseCorrupt), database.session() as session:
            session.execute(text("SELECT count(*), sum(length(value)) FROM settings")).one()
        assert database.damaged is not None
        with pytest.raises(DatabaseCorrupt), database.session() as session:
            session.execute(text("INSERT INTO settings (key, value) VALUES ('b', '1')"))
    finally:
        database.engine.dispose()
