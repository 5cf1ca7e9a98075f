"""Drafts: what the clerk typed and has not saved, kept in the database per record.

A dialog or editor keeps its draft while the clerk types (debounced), removes it when the input is saved
or deliberately discarded, and offers it again when the same record is opened. Drafts survive switching
records, quitting, a crash and a power cut, because they are committed like any other write. The payload
is plain JSON made by the UI (field name → text); the service does not interpret it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.store.models import Draft
from gmdesk.store.queries import drafts as queries

NEW = "new"
"""The key of a draft for a record that does not exist yet."""

TITLE_MAX = 200


@dataclass(frozen=True)
class DraftKey:
    kind: str
    """``reply``, ``transfer_answer``, ``post``, ``account`` …"""
    key: str
    """The record's id as text, or :data:`NEW`."""

    @classmethod
    def of(cls, kind: str, record_id: int | None) -> DraftKey:
        return cls(kind, NEW if record_id is None else str(record_id))


@dataclass(frozen=True)
class SavedDraft:
    kind: str
    key: str
    title: str
    payload: dict[str, Any]
    saved_at: datetime


def _plain(row: Draft) -> SavedDraft:
    return SavedDraft(row.kind, row.key, row.title, dict(row.payload or {}), row.saved_at)


def keep(session: Session, which: DraftKey, title: str, payload: dict[str, Any], now: datetime) -> None:
    """Store (or replace) the draft of ``which``."""
    row = queries.find(session, which.kind, which.key)
    if row is None:
        row = Draft(kind=which.kind, key=which.key)
        session.add(row)
    row.title = title[:TITLE_MAX]
    row.payload = payload
    row.saved_at = now


def load(session: Session, which: DraftKey) -> SavedDraft | None:
    row = queries.find(session, which.kind, which.key)
    return _plain(row) if row is not None else None


def discard(session: Session, which: DraftKey) -> bool:
    """Forget the draft of ``which``; True when there was one."""
    return queries.remove(session, which.kind, which.key) > 0


def all_drafts(session: Session) -> list[SavedDraft]:
    """Every kept draft, newest first (the start-up notice lists them)."""
    return [_plain(row) for row in queries.all_drafts(session)]
