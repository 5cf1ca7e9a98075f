"""The audit log: every change the clerk makes is recorded with who and when (domain §8)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.store.models import AuditEntry


def record(
    session: Session,
    operator: str,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=at or datetime.now(),
            operator=operator,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=detail or {},
        )
    )
