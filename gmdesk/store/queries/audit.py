"""The audit trail read back: who last changed a record, and when."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from gmdesk.store.models import AuditEntry
from gmdesk.store.rows import first_as


class LastChange(NamedTuple):
    operator: str
    at: datetime


def last_change(
    session: Session, entities: Collection[str], entity_id: int | None, besides: Collection[str] = ()
) -> LastChange | None:
    """The newest entry about ``entities`` (``entity_id`` None: about the whole of them, as the office's
    settings), leaving out the actions ``besides``."""
    where = AuditEntry.entity_id.is_(None) if entity_id is None else AuditEntry.entity_id == entity_id
    return first_as(
        LastChange,
        session.execute(
            select(AuditEntry.operator, AuditEntry.at)
            .where(AuditEntry.entity.in_(list(entities)), where, AuditEntry.action.not_in(list(besides)))
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ),
    )
