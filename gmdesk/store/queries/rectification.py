"""整改 items: the list with their account and unit, one item with its evidence, open items for the checks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from gmdesk.domain.enums import RectificationState
from gmdesk.domain.platforms import Platform
from gmdesk.store.base import Base
from gmdesk.store.models import Account, Attachment, AuditEntry, RectificationItem, Unit
from gmdesk.store.rows import rows_as

M = TypeVar("M", bound=Base)

ENTITY = "rectification"
"""The audit log's entity name for items."""


class ItemListing(NamedTuple):
    rectification_item: RectificationItem
    account_name: str | None
    platform: Platform | None
    unit_id: int | None
    unit_name: str
    evidence: int


def _listing() -> Select[Any]:
    """Each item with its account's name and platform, its unit's name (the account's unit when the item has
    none of its own) and how many evidence files it has."""
    item_unit = aliased(Unit)
    account_unit = aliased(Unit)
    evidence = (
        select(func.count())
        .where(Attachment.rectification_id == RectificationItem.id)
        .correlate(RectificationItem)
        .scalar_subquery()
    )
    return (
        select(
            RectificationItem,
            Account.name.label("account_name"),
            Account.platform,
            func.coalesce(item_unit.id, account_unit.id).label("unit_id"),
            func.coalesce(item_unit.name, account_unit.name, "").label("unit_name"),
            evidence.label("evidence"),
        )
        .outerjoin(Account, Account.id == RectificationItem.account_id)
        .outerjoin(item_unit, item_unit.id == RectificationItem.unit_id)
        .outerjoin(
            account_unit, and_(RectificationItem.unit_id.is_(None), account_unit.id == Account.unit_id)
        )
    )


def item_rows(session: Session, ids: Sequence[int] | None = None) -> list[ItemListing]:
    """Items with their account, unit and evidence count, open items first, soonest due first."""
    query = _listing().order_by(
        RectificationItem.state == RectificationState.DONE.value,
        RectificationItem.due_on.is_(None),
        RectificationItem.due_on,
        RectificationItem.id,
    )
    if ids is not None:
        query = query.where(RectificationItem.id.in_(list(ids)))
    return rows_as(ItemListing, session.execute(query))


class OpenItem(NamedTuple):
    id: int
    problem: str
    responsible: str
    due_on: date
    state: RectificationState
    account_name: str
    account_id: int | None


def open_rows(session: Session, due_before: date | None = None) -> list[OpenItem]:
    """The open items with a due date (before ``due_before`` if given), soonest first; through
    ``ix_rectification_items_state_due``."""
    query = (
        select(
            RectificationItem.id,
            RectificationItem.problem,
            RectificationItem.responsible,
            RectificationItem.due_on,
            RectificationItem.state,
            func.coalesce(Account.name, "").label("account_name"),
            RectificationItem.account_id,
        )
        .outerjoin(Account, Account.id == RectificationItem.account_id)
        .where(
            RectificationItem.state.in_(
                [RectificationState.OPEN.value, RectificationState.IN_PROGRESS.value]
            ),
            RectificationItem.due_on.is_not(None),
        )
        .order_by(RectificationItem.due_on, RectificationItem.id)
    )
    if due_before is not None:
        query = query.where(RectificationItem.due_on < due_before)
    return rows_as(OpenItem, session.execute(query))


def open_keys(session: Session) -> set[tuple[str, int | None, str]]:
    """(rule, account id, problem) of every open item made from a finding, to avoid a second one."""
    rows = session.execute(
        select(RectificationItem.rule, RectificationItem.account_id, RectificationItem.problem).where(
            RectificationItem.state != RectificationState.DONE.value, RectificationItem.rule != ""
        )
    )
    return {(rule, account_id, problem) for rule, account_id, problem in rows}


class NoticeItem(NamedTuple):
    problem: str
    account_id: int | None
    unit_id: int | None


def same_notice_items(session: Session, notice_ref: str) -> list[NoticeItem]:
    """The items already entered from the 通报 ``notice_ref``."""
    return rows_as(
        NoticeItem,
        session.execute(
            select(RectificationItem.problem, RectificationItem.account_id, RectificationItem.unit_id).where(
                RectificationItem.notice_ref == notice_ref
            )
        ),
    )


def item(session: Session, item_id: int) -> RectificationItem | None:
    return session.get(RectificationItem, item_id)


def attachments_of(session: Session, item_id: int) -> Sequence[Attachment]:
    return session.scalars(
        select(Attachment)
        .where(Attachment.rectification_id == item_id)
        .order_by(Attachment.added_at, Attachment.id)
    ).all()


def history(session: Session, item_id: int) -> Sequence[AuditEntry]:
    """The audit entries of an item, oldest first."""
    return session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == ENTITY, AuditEntry.entity_id == item_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()


def add(session: Session, row: M) -> M:
    session.add(row)
    session.flush()
    return row


def delete(session: Session, row: Base) -> None:
    session.delete(row)
    session.flush()
