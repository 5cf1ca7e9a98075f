"""The schema revisions this program knows, without importing Alembic (keeps start-up fast).

``KNOWN_REVISIONS`` lists the Alembic revision ids oldest first; a test checks it against the migration
scripts, so a new migration must be added here too.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_message_answer_index",
    "0003_drafts",
    "0005_documents",
    "0006_rules",
    "0007_data_safety",
    "0008_versions",
    "0009_shared_files",
    "0010_rollups",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]


def current_revision(connection: Connection) -> str | None:
    """The file's Alembic revision; None when the file has no gmdesk tables yet."""
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" not in tables:
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def has_foreign_tables(connection: Connection) -> bool:
    """True when the file holds tables but is not a gmdesk database."""
    tables = set(inspect(connection).get_table_names())
    return bool(tables) and "alembic_version" not in tables
