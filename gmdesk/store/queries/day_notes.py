"""Notes written on calendar days, for all accounts (no account) or one."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gmdesk.store.models import DayNote


def between(
    session: Session, first: date, last: date, account_ids: Collection[int] | None = None
) -> Sequence[DayNote]:
    """Notes from ``first`` to ``last``: the office-wide ones and, when given, those of the accounts
    (all accounts' notes when ``account_ids`` is None)."""
    query = select(DayNote).where(DayNote.day >= first, DayNote.day <= last).order_by(DayNote.day, DayNote.id)
    if account_ids is not None:
        query = query.where(or_(DayNote.account_id.is_(None), DayNote.account_id.in_(list(account_ids))))
    return session.scalars(query).all()


def get(session: Session, note_id: int) -> DayNote | None:
    return session.get(DayNote, note_id)
