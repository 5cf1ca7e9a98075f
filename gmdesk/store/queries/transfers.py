"""Queries of 转办: a message's forwards with the receiving unit's name, and a unit's open forwards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gmdesk.store.models import Transfer, Unit


def transfers_of(session: Session, message_id: int) -> Sequence[Any]:
    """(Transfer, unit name) of a message, oldest first."""
    return session.execute(
        select(Transfer, Unit.name)
        .join(Unit, Unit.id == Transfer.unit_id)
        .where(Transfer.message_id == message_id)
        .order_by(Transfer.sent_at, Transfer.id)
    ).all()


def transfer(session: Session, transfer_id: int) -> Transfer | None:
    return session.get(Transfer, transfer_id)


def unit(session: Session, unit_id: int) -> Unit | None:
    return session.get(Unit, unit_id)
