"""The dashboard's counts: each answered by an index alone, or by the (account_id, at) index account by account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from gmdesk.domain.enums import MessageState, RectificationState
from gmdesk.store.dialect import Sql
from gmdesk.store.models import Account, Message, RectificationItem
from gmdesk.store.models.rollups import DAY_SLOTS
from gmdesk.store.queries.posts import LIVE_STATES

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


class MonthCount(NamedTuple):
    month: str
    """``YYYY-MM``."""
    published: int
    originals: int
    """Published 原创."""


_PUBLISHED = " + ".join(DAY_SLOTS[:4])
_ORIGINALS = " + ".join(DAY_SLOTS[2:4])


def published_months(session: Session, ids: Sequence[int], first: date, last: date) -> list[MonthCount]:
    """Posts published from ``first`` (the first of a month) to ``last`` (both included) per month, from the
    roll-ups: whole months before ``last``'s from ``post_months``, ``last``'s month up to ``last`` from
    ``post_days`` — a few thousand rows instead of a year of posts. The account ids are listed so both read
    along their (account_id, …) keys."""
    if not ids:
        return []
    connection = session.connection()
    q = Sql(connection)
    accounts = q.params(len(ids))
    current = last.replace(day=1)
    rows = list(
        connection.exec_driver_sql(
            "SELECT month, sum(published), sum(originals) FROM post_months "
            f"WHERE account_id IN ({accounts}) AND month >= {q.p} AND month < {q.p} GROUP BY month",
            (*ids, first.isoformat()[:7], current.isoformat()[:7]),
        )
    )
    rows += connection.exec_driver_sql(
        f"SELECT substr(day, 1, 7), sum({_PUBLISHED}), sum({_ORIGINALS}) FROM post_days "
        f"WHERE account_id IN ({accounts}) AND day >= {q.p} AND day <= {q.p} GROUP BY substr(day, 1, 7)",
        (*ids, max(first, current).isoformat(), last.isoformat()),
    )
    return [MonthCount(str(m), int(p or 0), int(o or 0)) for m, p, o in rows]
