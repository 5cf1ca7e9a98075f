"""Migrations: the scripts match the models, the revision list matches the scripts, older files are
backed up before they are upgraded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from gmdesk.store import backup, schema
from gmdesk.store.base import Base
from gmdesk.store.database import Database, make_engine
from gmdesk.store.migrate import alembic_config, script_revisions


def test_known_revisions_match_the_migration_scripts() -> None:
    assert list(schema.KNOWN_REVISIONS) == script_revisions()


def test_migrating_an_empty_file_gives_exactly_the_models(tmp_path: Path) -> None:
    Database.open(tmp_path / "fresh.db").close()
    engine = make_engine(tmp_path / "fresh.db")
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


@pytest.mark.sqlite_only  # (the file's backup before a migration)
def test_an_older_file_is_backed_up_then_upgraded(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this program knows a newer revision: opening the current file must back it up first."""
    upgraded: list[str] = []
    current_head = schema.HEAD_REVISION

    def fake_upgrade(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_next'")
        upgraded.append("9999_next")

    monkeypatch.setattr(schema, "KNOWN_REVISIONS", (*schema.KNOWN_REVISIONS, "9999_next"))
    monkeypatch.setattr(schema, "HEAD_REVISION", "9999_next")
    monkeypatch.setattr("gmdesk.store.migrate.upgrade_to_head", fake_upgrade)

    Database.open(db_path).close()

    assert upgraded == ["9999_next"]
    made = backup.list_backups(db_path)
    assert [b.reason for b in made] == ["migration"]
    copy = sqlite3.connect(made[0].path)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == current_head
    copy.close()
    current = sqlite3.connect(db_path)
    assert current.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_next"
    current.close()


def test_a_file_of_the_first_release_is_upgraded_keeping_its_data(tmp_path: Path) -> None:
    """A real upgrade: a file made at 0001 with data in it goes to head through the scripts, after a
    backup, and SQLite then answers the on-time count from the new index alone."""
    path = tmp_path / "old.db"
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0001_initial")
            connection.exec_driver_sql(
                "INSERT INTO settings (key, value) VALUES ('kept.by.upgrade', '\"青岚县\"')"
            )
    finally:
        engine.dispose()

    Database.open(path).close()

    assert [b.reason for b in backup.list_backups(path)] == ["migration"]
    upgraded = sqlite3.connect(path)
    try:
        assert (
            upgraded.execute("SELECT version_num FROM alembic_version").fetchone()[0] == schema.HEAD_REVISION
        )
        kept = upgraded.execute("SELECT value FROM settings WHERE key = 'kept.by.upgrade'").fetchall()
        assert kept == [('"青岚县"',)]
        plan = upgraded.execute(
            "EXPLAIN QUERY PLAN SELECT count(*), sum(answered_at <= answer_due) FROM messages "
            "WHERE state IN ('answered', 'closed') AND answer_due >= '2026-01-01' AND answer_due < '2027-01-01'"
        ).fetchall()
        assert "COVERING INDEX ix_messages_state_answer_due_answered" in plan[0][3]
    finally:
        upgraded.close()


def test_a_file_of_the_last_release_at_0006_gets_the_data_safety_schema(tmp_path: Path) -> None:
    """gmdesk shipped 0005_documents and 0006_rules straight after 0003; the data-safety revision, written
    beside them, comes after 0006 so such a file is upgraded too: operators get their password hashes, the
    trail its chain, and the audit trail verifies."""
    from gmdesk.services import audit
    from gmdesk.store.models import Operator

    path = tmp_path / "released.db"
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0006_rules")
            connection.exec_driver_sql(
                "INSERT INTO audit_log (at, operator, action, entity, entity_id, detail) "
                "VALUES ('2026-12-01 09:00:00', '管理员', '新增', 'unit', 1, '{}')"
            )
    finally:
        engine.dispose()
    columns = {r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(operators)")}
    assert "password_hash" not in columns  # as the released gmdesk left it

    database = Database.open(path)
    try:
        with database.session() as session:
            assert session.query(Operator).count() >= 0  # the model's columns all exist now
            assert audit.verify(session).ok and audit.verify(session).checked == 1
    finally:
        database.close()
    upgraded = sqlite3.connect(path)
    try:
        assert (
            upgraded.execute("SELECT version_num FROM alembic_version").fetchone()[0] == schema.HEAD_REVISION
        )
        assert "password_hash" in {r[1] for r in upgraded.execute("PRAGMA table_info(operators)")}
        assert upgraded.execute("SELECT hash FROM audit_log").fetchone()[0]
    finally:
        upgraded.close()
