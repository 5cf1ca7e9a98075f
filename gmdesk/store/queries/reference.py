"""Reference data: policy profiles, the holiday table, reply template names, operators."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from gmdesk.store.models import Account, HolidayOverride, Operator, PolicyProfileRow, ReplyTemplate
from gmdesk.store.rows import rows_as


def policy_profiles(session: Session) -> Sequence[PolicyProfileRow]:
    return session.scalars(select(PolicyProfileRow).order_by(PolicyProfileRow.id)).all()


class AccountPolicy(NamedTuple):
    """All that resolving an account's rules needs (the same names as :class:`Account`'s)."""

    id: int
    policy_profile_id: int | None
    policy_overrides: dict[str, Any]


def account_policies(session: Session, account_ids: Collection[int] | None = None) -> list[AccountPolicy]:
    """The rules settings of every account (or of ``account_ids``), by id."""
    query = select(Account.id, Account.policy_profile_id, Account.policy_overrides).order_by(Account.id)
    if account_ids is not None:
        query = query.where(Account.id.in_(sorted(set(account_ids))))
    return rows_as(AccountPolicy, session.execute(query))


def holiday_overrides(session: Session) -> Sequence[HolidayOverride]:
    return session.scalars(select(HolidayOverride).order_by(HolidayOverride.day)).all()


def reply_template_names(session: Session) -> set[str]:
    return set(session.scalars(select(ReplyTemplate.name)))


def operator_by_name(session: Session, name: str) -> Operator | None:
    return session.scalar(select(Operator).where(Operator.name == name))


def holiday_override(session: Session, day: object) -> HolidayOverride | None:
    return session.get(HolidayOverride, day)
