"""Opening a database for the application: schema and integrity checks (store) plus the built-in defaults."""

from __future__ import annotations

from pathlib import Path

from gmdesk.services.bootstrap import ensure_defaults
from gmdesk.services.operators import local_name
from gmdesk.store.audit_log import OPERATOR_INFO
from gmdesk.store.backup import newest_good_backup
from gmdesk.store.database import Database
from gmdesk.store.errors import DatabaseCorrupt


def open_database(path: Path | str) -> Database:
    """Open ``path``; a damaged file is refused untouched, with the newest backup that passes its check
    attached to the error (``error.candidate``) so that the caller can offer it."""
    try:
        database = Database.open(path)
    except DatabaseCorrupt as error:
        error.candidate = newest_good_backup(Path(path).expanduser().resolve())
        raise
    with database.session() as session:
        database.operator = local_name(session)  # who works here, until someone else signs in
        session.info[OPERATOR_INFO] = database.operator
        ensure_defaults(session)
    return database
