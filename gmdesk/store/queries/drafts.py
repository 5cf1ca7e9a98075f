"""Unsaved input, one row per (kind, key)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gmdesk.store.models import Draft


def find(session: Session, kind: str, key: str) -> Draft | None:
    return session.scalars(select(Draft).where(Draft.kind == kind, Draft.key == key)).first()


def all_drafts(session: Session) -> list[Draft]:
    return list(session.scalars(select(Draft).order_by(Draft.saved_at.desc(), Draft.id.desc())))


def remove(session: Session, kind: str, key: str) -> int:
    result = session.execute(delete(Draft).where(Draft.kind == kind, Draft.key == key))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]  # CursorResult of a DELETE
