"""转发任务 and their targets."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from gmdesk.store.models import Account, RepostTarget, RepostTask, Unit
from gmdesk.store.queries.posts import LIVE_STATES


def task_summaries(session: Session, since: datetime | None = None) -> Sequence[Any]:
    """(id, title, issued_by, issued_on, due_at, url, note, targets, done, done_late) by due time, newest first."""
    done = func.sum(case((RepostTarget.done_at.is_not(None), 1), else_=0))
    late = func.sum(case((RepostTarget.done_at > RepostTask.due_at, 1), else_=0))
    query = (
        select(RepostTask.id, RepostTask.title, RepostTask.issued_by, RepostTask.issued_on, RepostTask.due_at,
               RepostTask.url, RepostTask.note, func.count(RepostTarget.id), done, late)
        .outerjoin(RepostTarget, RepostTarget.task_id == RepostTask.id)
        .group_by(RepostTask.id)
        .order_by(RepostTask.due_at.desc(), RepostTask.id.desc())
    )  # fmt: skip
    if since is not None:
        query = query.where(RepostTask.due_at >= since)
    return session.execute(query).all()


def targets(session: Session, task_id: int) -> Sequence[Any]:
    """(target id, account id, 账号名称, platform, unit name, done_at, post_id) of a task, by unit and name."""
    return session.execute(
        select(RepostTarget.id, Account.id, Account.name, Account.platform, Unit.name, RepostTarget.done_at,
               RepostTarget.post_id)
        .join(Account, Account.id == RepostTarget.account_id)
        .join(Unit, Unit.id == Account.unit_id)
        .where(RepostTarget.task_id == task_id)
        .order_by(Unit.name, Account.name)
    ).all()  # fmt: skip


def task(session: Session, task_id: int) -> RepostTask | None:
    return session.get(RepostTask, task_id)


def target(session: Session, task_id: int, account_id: int) -> RepostTarget | None:
    return session.scalar(
        select(RepostTarget).where(RepostTarget.task_id == task_id, RepostTarget.account_id == account_id)
    )


def open_duties(session: Session, due_from: datetime, account_ids: Collection[int] | None = None) -> Sequence[Any]:
    """Targets of live accounts not done, of tasks due from ``due_from`` on:
    (task id, title, issued_by, due_at, account id, 账号名称, done_at)."""
    query = (
        select(RepostTask.id, RepostTask.title, RepostTask.issued_by, RepostTask.due_at, Account.id, Account.name,
               RepostTarget.done_at)
        .join(RepostTarget, RepostTarget.task_id == RepostTask.id)
        .join(Account, Account.id == RepostTarget.account_id)
        .where(RepostTask.due_at >= due_from, RepostTarget.done_at.is_(None),
               type_coerce(Account.state, String).in_(LIVE_STATES))
        .order_by(RepostTask.due_at)
    )  # fmt: skip
    if account_ids is not None:
        query = query.where(Account.id.in_(list(account_ids)))
    return session.execute(query).all()


def open_tasks_for(session: Session, account_id: int) -> Sequence[Any]:
    """(task id, title, due_at, issued_by, url) of the tasks this account has still to repost."""
    return session.execute(
        select(RepostTask.id, RepostTask.title, RepostTask.due_at, RepostTask.issued_by, RepostTask.url)
        .join(RepostTarget, RepostTarget.task_id == RepostTask.id)
        .where(RepostTarget.account_id == account_id, RepostTarget.done_at.is_(None))
        .order_by(RepostTask.due_at.desc())
    ).all()

