"""Reference data: policy profiles, the holiday table, reply template names, operators."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from gmdesk.store.models import HolidayOverride, Operator, PolicyProfileRow, ReplyTemplate


def policy_profiles(session: Session) -> Sequence[PolicyProfileRow]:
    return session.scalars(select(PolicyProfileRow).order_by(PolicyProfileRow.id)).all()


def holiday_overrides(session: Session) -> Sequence[HolidayOverride]:
    return session.scalars(select(HolidayOverride).order_by(HolidayOverride.day)).all()


def reply_template_names(session: Session) -> set[str]:
    return set(session.scalars(select(ReplyTemplate.name)))


def operator_by_name(session: Session, name: str) -> Operator | None:
    return session.scalar(select(Operator).where(Operator.name == name))


def holiday_override(session: Session, day: object) -> HolidayOverride | None:
    return session.get(HolidayOverride, day)
