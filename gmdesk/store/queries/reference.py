"""Reference data: policy profiles, the holiday table, reply template names, operators."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gmdesk.store.models import Account, HolidayOverride, Operator, PolicyProfileRow, ReplyTemplate


def policy_profiles(session: Session) -> Sequence[PolicyProfileRow]:
    return session.scalars(select(PolicyProfileRow).order_by(PolicyProfileRow.id)).all()


def account_policies(session: Session, account_ids: Collection[int] | None = None) -> Sequence[Any]:
    """(id, policy_profile_id, policy_overrides) of every account (or of ``account_ids``), by id: all that
    resolving an account's rules needs."""
    query = select(Account.id, Account.policy_profile_id, Account.policy_overrides).order_by(Account.id)
    if account_ids is not None:
        query = query.where(Account.id.in_(sorted(set(account_ids))))
    return session.execute(query).all()


def holiday_overrides(session: Session) -> Sequence[HolidayOverride]:
    return session.scalars(select(HolidayOverride).order_by(HolidayOverride.day)).all()


def reply_template_names(session: Session) -> set[str]:
    return set(session.scalars(select(ReplyTemplate.name)))


def operator_by_name(session: Session, name: str) -> Operator | None:
    return session.scalar(select(Operator).where(Operator.name == name))


def holiday_override(session: Session, day: object) -> HolidayOverride | None:
    return session.get(HolidayOverride, day)
