"""Filing events of the account life cycle and their attachments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gmdesk.domain.enums import FilingKind, FilingStatus, PaperState
from gmdesk.store.base import Base
from gmdesk.store.models import Account, Attachment, FilingEvent
from gmdesk.store.rows import rows_as

M = TypeVar("M", bound=Base)


class PendingRow(NamedTuple):
    id: int
    account_id: int
    account_name: str
    kind: FilingKind
    triggered_on: date
    due_on: date | None
    paper_state: PaperState


def pending_rows(session: Session) -> list[PendingRow]:
    """Every pending event with its account's name."""
    return rows_as(
        PendingRow,
        session.execute(
            select(
                FilingEvent.id,
                FilingEvent.account_id,
                Account.name.label("account_name"),
                FilingEvent.kind,
                FilingEvent.triggered_on,
                FilingEvent.due_on,
                FilingEvent.paper_state,
            )
            .join(Account, Account.id == FilingEvent.account_id)
            .where(FilingEvent.status == FilingStatus.PENDING)
            .order_by(FilingEvent.due_on, FilingEvent.id)
        ),
    )


def annual_review_years(session: Session) -> set[tuple[int, int]]:
    """(account id, year) of every 年审 in the records, whatever its status."""
    rows = session.execute(
        select(FilingEvent.account_id, FilingEvent.triggered_on).where(
            FilingEvent.kind == FilingKind.ANNUAL_REVIEW.value
        )
    ).all()
    return {(account_id, triggered_on.year) for account_id, triggered_on in rows}


def events_of(session: Session, account_id: int) -> Sequence[FilingEvent]:
    """An account's events, newest first, with their attachments."""
    return session.scalars(
        select(FilingEvent)
        .where(FilingEvent.account_id == account_id)
        .options(selectinload(FilingEvent.attachments))
        .order_by(FilingEvent.triggered_on.desc(), FilingEvent.id.desc())
    ).all()


def event(session: Session, event_id: int) -> FilingEvent | None:
    return session.get(FilingEvent, event_id)


def pending_of(session: Session, account_id: int, kinds: Iterable[FilingKind]) -> Sequence[FilingEvent]:
    """The account's pending events of these kinds, oldest first."""
    return session.scalars(
        select(FilingEvent)
        .where(
            FilingEvent.account_id == account_id,
            FilingEvent.status == FilingStatus.PENDING,
            FilingEvent.kind.in_([k.value for k in kinds]),
        )
        .order_by(FilingEvent.triggered_on, FilingEvent.id)
    ).all()


def latest_of(session: Session, account_id: int, kinds: Iterable[FilingKind]) -> FilingEvent | None:
    """The event a form is for: a pending one first (newest), else the newest done one."""
    return session.scalar(
        select(FilingEvent)
        .where(
            FilingEvent.account_id == account_id,
            FilingEvent.kind.in_([k.value for k in kinds]),
            FilingEvent.status != FilingStatus.WITHDRAWN,
        )
        .order_by(
            (FilingEvent.status == FilingStatus.PENDING).desc(),
            FilingEvent.triggered_on.desc(),
            FilingEvent.id.desc(),
        )
        .limit(1)
    )


def latest_by_account(
    session: Session, account_ids: Iterable[int], kinds: Iterable[FilingKind]
) -> dict[int, FilingEvent]:
    """:func:`latest_of` for many accounts in one query."""
    ids = list(account_ids)
    rows = session.scalars(
        select(FilingEvent)
        .where(
            FilingEvent.account_id.in_(ids),
            FilingEvent.kind.in_([k.value for k in kinds]),
            FilingEvent.status != FilingStatus.WITHDRAWN,
        )
        .order_by(
            FilingEvent.account_id,
            (FilingEvent.status == FilingStatus.PENDING).desc(),
            FilingEvent.triggered_on.desc(),
            FilingEvent.id.desc(),
        )
    ).all()
    chosen: dict[int, FilingEvent] = {}
    for row in rows:
        chosen.setdefault(row.account_id, row)
    return chosen


def attachment(session: Session, attachment_id: int) -> Attachment | None:
    return session.get(Attachment, attachment_id)


def add(session: Session, row: M) -> M:
    session.add(row)
    session.flush()
    return row


def pending_deadline_events(session: Session) -> Sequence[FilingEvent]:
    """Every pending event, to bring its due date in line with the rules in force."""
    return session.scalars(
        select(FilingEvent).where(FilingEvent.status == FilingStatus.PENDING).order_by(FilingEvent.id)
    ).all()
