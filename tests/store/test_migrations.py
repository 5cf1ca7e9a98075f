"""Migrations: the scripts match the models, the revision list matches the scripts, older files are
backed up before they are upgraded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from gmdesk.store import backup, schema
from gmdesk.store.base import Base
from gmdesk.store.database import Database, make_engine
from gmdesk.store.migrate import script_revisions


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


def test_an_older_file_is_backed_up_then_upgraded(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this program knows a newer revision: opening the current file must back it up first."""
    upgraded: list[str] = []

    def fake_upgrade(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0002_next'")
        upgraded.append("0002_next")

    monkeypatch.setattr(schema, "KNOWN_REVISIONS", (*schema.KNOWN_REVISIONS, "0002_next"))
    monkeypatch.setattr(schema, "HEAD_REVISION", "0002_next")
    monkeypatch.setattr("gmdesk.store.migrate.upgrade_to_head", fake_upgrade)

    Database.open(db_path).close()

    assert upgraded == ["0002_next"]
    made = backup.list_backups(db_path)
    assert [b.reason for b in made] == ["migration"]
    copy = sqlite3.connect(made[0].path)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_initial"
    copy.close()
    current = sqlite3.connect(db_path)
    assert current.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0002_next"
    current.close()
