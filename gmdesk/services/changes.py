"""Has anyone changed the database? On a shared database other clerks write too: every write leaves an entry
in the audit trail (its ids only grow), so the newest id is a change counter the window polls."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gmdesk.store.models import AuditEntry


def change_mark(session: Session) -> int:
    """The newest audit entry's id (0 for none): it moves with every unit of work that wrote something."""
    return int(session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0))) or 0)
