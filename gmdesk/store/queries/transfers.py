"""Queries of 转办: a message's forwards with the receiving unit's name, and a unit's open forwards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session, aliased

from gmdesk.domain.enums import MessageState
from gmdesk.store.models import Account, Message, Transfer, Unit
from gmdesk.store.rows import rows_as


class TransferWithUnit(NamedTuple):
    transfer: Transfer
    unit_name: str


def transfers_of(session: Session, message_id: int) -> list[TransferWithUnit]:
    """The forwards of a message with the receiving unit's name, oldest first."""
    return rows_as(
        TransferWithUnit,
        session.execute(
            select(Transfer, Unit.name.label("unit_name"))
            .join(Unit, Unit.id == Transfer.unit_id)
            .where(Transfer.message_id == message_id)
            .order_by(Transfer.sent_at, Transfer.id)
        ),
    )


def transfer(session: Session, transfer_id: int) -> Transfer | None:
    return session.get(Transfer, transfer_id)


def unit(session: Session, unit_id: int) -> Unit | None:
    return session.get(Unit, unit_id)


class TransferRow(NamedTuple):
    """A forward as the 转办 checks see it (the fields of ``domain.transfer_checks.TransferFacts``)."""

    id: int
    message_id: int
    account_id: int
    account_name: str
    unit_name: str
    received_at: datetime
    sent_at: datetime
    due_on: date
    answered_at: datetime | None
    message_open: bool
    first: bool


def _transfer_rows() -> Select[Any]:
    """The columns of a :class:`TransferRow`: each forward with its message's receipt, account and state, and
    whether it is the message's first forward. "First" is asked of each selected row (no earlier forward of
    the same message, through the message index) rather than grouping every forward ever sent: the checks
    read a few hundred of forty thousand."""
    earlier = aliased(Transfer)
    open_states = [s.value for s in MessageState if s.is_open]
    return (
        select(
            Transfer.id,
            Transfer.message_id,
            Message.account_id,
            Account.name.label("account_name"),
            Unit.name.label("unit_name"),
            Message.received_at,
            Transfer.sent_at,
            Transfer.due_on,
            Transfer.answered_at,
            Message.state.in_(open_states).label("message_open"),
            ~exists()
            .where(earlier.message_id == Transfer.message_id, earlier.id < Transfer.id)
            .label("first"),
        )
        .join(Message, Message.id == Transfer.message_id)
        .join(Account, Account.id == Message.account_id)
        .join(Unit, Unit.id == Transfer.unit_id)
    )


def check_rows(
    session: Session, since: datetime, account_ids: Sequence[int] | None = None
) -> list[TransferRow]:
    """The forwards the 转办 checks look at: unanswered ones, and those sent since ``since``; with the
    message's receipt, account and state, and whether the forward is the message's first."""
    query = (
        _transfer_rows()
        .where(or_(Transfer.answered_at.is_(None), Transfer.sent_at >= since))
        .order_by(Transfer.sent_at, Transfer.id)
    )
    if account_ids is not None:
        query = query.where(Message.account_id.in_(account_ids))
    return rows_as(TransferRow, session.execute(query))


def period_rows(
    session: Session, start: datetime, end: datetime, account_ids: Sequence[int] | None = None
) -> list[TransferRow]:
    """The forwards sent in [start, end), in the shape of :func:`check_rows`."""
    query = _transfer_rows().where(Transfer.sent_at >= start, Transfer.sent_at < end)
    if account_ids is not None:
        query = query.where(Message.account_id.in_(account_ids))
    return rows_as(TransferRow, session.execute(query))
