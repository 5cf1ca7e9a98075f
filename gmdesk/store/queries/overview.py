"""Counts for the status bar and the first look at a database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gmdesk.domain.enums import AccountState, MessageState
from gmdesk.store.models import Account, Message, PostMonth, Unit


@dataclass(frozen=True)
class Counts:
    units: int
    accounts: int
    live_accounts: int
    published_posts: int
    open_messages: int


def counts(session: Session) -> Counts:
    live = [s.value for s in AccountState if s.is_live]
    open_states = [s.value for s in MessageState if s.is_open]
    return Counts(
        units=session.scalar(select(func.count()).select_from(Unit)) or 0,
        accounts=session.scalar(select(func.count()).select_from(Account)) or 0,
        live_accounts=session.scalar(select(func.count()).select_from(Account).where(Account.state.in_(live)))
        or 0,
        # from the roll-up: a month row per account, instead of a million index entries
        published_posts=int(session.scalar(select(func.sum(PostMonth.published))) or 0),
        open_messages=session.scalar(
            select(func.count()).select_from(Message).where(Message.state.in_(open_states))
        )
        or 0,
    )


def has_accounts(session: Session) -> bool:
    return session.scalar(select(Account.id).limit(1)) is not None
