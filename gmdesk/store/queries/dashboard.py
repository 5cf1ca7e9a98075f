"""The dashboard's counts: each answered by an index alone, or by the (account_id, at) index account by account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from gmdesk.domain.enums import MessageState, PostStatus, RectificationState
from gmdesk.store.dialect import Sql
from gmdesk.store.models import Account, Message, RectificationItem
from gmdesk.store.queries.posts import LIVE_STATES, stored
from gmdesk.store.rows import rows_as

OPEN_MESSAGES = tuple(s.value for s in MessageState if s.is_open)


def account_counts(session: Session) -> tuple[int, int]:
    """(accounts, live accounts)."""
    total = session.scalar(select(func.count()).select_from(Account)) or 0
    live = session.scalar(
        select(func.count()).select_from(Account).where(type_coerce(Account.state, String).in_(LIVE_STATES))
    )
    return total, live or 0


def open_message_count(session: Session) -> int:
    """Through ``ix_messages_state_next_due``: the open states only."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Message)
            .where(type_coerce(Message.state, String).in_(OPEN_MESSAGES))
        )
        or 0
    )


def open_rectification_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(RectificationItem)
            .where(RectificationItem.state != RectificationState.DONE.value)
        )
        or 0
    )


def all_account_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Account.id).order_by(Account.id)))


class MonthKindCount(NamedTuple):
    month: str
    """``YYYY-MM``."""
    kind: str
    """A PostKind code (plain SQL: not converted)."""
    posts: int


def published_by_month(
    session: Session, ids: Sequence[int], first: date, before: date
) -> list[MonthKindCount]:
    """Posts published from ``first`` up to ``before`` per month and kind.

    The account ids are listed and ``+status`` keeps SQLite off the (status, at) index: walking the
    (account_id, at) index account by account reads each account's posts where they lie together, about
    twice as fast as visiting a year of posts in time order all over the table.
    """
    if not ids:
        return []
    connection = session.connection()
    q = Sql(connection)
    at, month = q.datetime("at"), q.month("at")
    sql = (
        f"SELECT {month} AS month, kind, count(*) AS posts FROM posts WHERE account_id IN ({q.params(len(ids))}) "
        f"AND {at} >= {q.p} AND {at} < {q.p} AND {q.plain('status')} = {q.p} GROUP BY {month}, kind"
    )
    params = (*ids, stored(first), stored(before), PostStatus.PUBLISHED.value)
    return rows_as(MonthKindCount, connection.exec_driver_sql(sql, params))
