"""Queries of the reply library (口径库)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gmdesk.store.models import Reply, ReplyTemplate


def all_templates(session: Session) -> Sequence[ReplyTemplate]:
    return session.scalars(select(ReplyTemplate).order_by(ReplyTemplate.category, ReplyTemplate.name)).all()


def template(session: Session, template_id: int) -> ReplyTemplate | None:
    return session.get(ReplyTemplate, template_id)


def template_by_name(session: Session, name: str) -> ReplyTemplate | None:
    return session.scalar(select(ReplyTemplate).where(ReplyTemplate.name == name))


def usage_counts(session: Session) -> dict[int, int]:
    """How many stored replies started from each template."""
    rows = session.execute(
        select(Reply.template_id, func.count())
        .where(Reply.template_id.is_not(None))
        .group_by(Reply.template_id)
    ).all()
    return {template_id: count for template_id, count in rows}
