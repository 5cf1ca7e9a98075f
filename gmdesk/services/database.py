"""Opening a database for the application: schema checks (store) plus the built-in defaults."""

from __future__ import annotations

from pathlib import Path

from gmdesk.services.bootstrap import ensure_defaults
from gmdesk.store.database import Database


def open_database(path: Path | str) -> Database:
    database = Database.open(path)
    with database.session() as session:
        ensure_defaults(session)
    return database
