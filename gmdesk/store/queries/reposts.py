"""转发任务 and their targets."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from gmdesk.domain.platforms import Platform
from gmdesk.store.models import Account, RepostTarget, RepostTask, Unit
from gmdesk.store.queries.posts import LIVE_STATES
from gmdesk.store.rows import rows_as


class TaskSummary(NamedTuple):
    id: int
    title: str
    issued_by: str
    issued_on: date
    due_at: datetime
    url: str
    note: str
    targets: int
    done: int
    """(The outer join gives each task at least one row, so the sums are never NULL.)"""
    late: int
    """Done after the task's time."""


def task_summaries(session: Session, since: datetime | None = None) -> list[TaskSummary]:
    """The tasks with how many targets they have and how many are done, by due time, newest first."""
    done = func.sum(case((RepostTarget.done_at.is_not(None), 1), else_=0))
    late = func.sum(case((RepostTarget.done_at > RepostTask.due_at, 1), else_=0))
    query = (
        select(
            RepostTask.id,
            RepostTask.title,
            RepostTask.issued_by,
            RepostTask.issued_on,
            RepostTask.due_at,
            RepostTask.url,
            RepostTask.note,
            func.count(RepostTarget.id).label("targets"),
            done.label("done"),
            late.label("late"),
        )
        .outerjoin(RepostTarget, RepostTarget.task_id == RepostTask.id)
        .group_by(RepostTask.id)
        .order_by(RepostTask.due_at.desc(), RepostTask.id.desc())
    )
    if since is not None:
        query = query.where(RepostTask.due_at >= since)
    return rows_as(TaskSummary, session.execute(query))


class Target(NamedTuple):
    target_id: int
    account_id: int
    account: str
    platform: Platform
    unit: str
    done_at: datetime | None
    post_id: int | None


def targets(session: Session, task_id: int) -> list[Target]:
    """The targets of a task with their account, by unit and name."""
    return rows_as(
        Target,
        session.execute(
            select(
                RepostTarget.id.label("target_id"),
                Account.id.label("account_id"),
                Account.name.label("account"),
                Account.platform,
                Unit.name.label("unit"),
                RepostTarget.done_at,
                RepostTarget.post_id,
            )
            .join(Account, Account.id == RepostTarget.account_id)
            .join(Unit, Unit.id == Account.unit_id)
            .where(RepostTarget.task_id == task_id)
            .order_by(Unit.name, Account.name)
        ),
    )


def task(session: Session, task_id: int) -> RepostTask | None:
    return session.get(RepostTask, task_id)


def target(session: Session, task_id: int, account_id: int) -> RepostTarget | None:
    return session.scalar(
        select(RepostTarget).where(RepostTarget.task_id == task_id, RepostTarget.account_id == account_id)
    )


class OpenDuty(NamedTuple):
    """The fields of ``domain.repost_duties.Duty``."""

    task_id: int
    title: str
    issued_by: str
    due_at: datetime
    account_id: int
    account: str
    done_at: datetime | None


def open_duties(
    session: Session, due_from: datetime, account_ids: Collection[int] | None = None
) -> list[OpenDuty]:
    """Targets of live accounts not done, of tasks due from ``due_from`` on."""
    query = (
        select(
            RepostTask.id.label("task_id"),
            RepostTask.title,
            RepostTask.issued_by,
            RepostTask.due_at,
            Account.id.label("account_id"),
            Account.name.label("account"),
            RepostTarget.done_at,
        )
        .join(RepostTarget, RepostTarget.task_id == RepostTask.id)
        .join(Account, Account.id == RepostTarget.account_id)
        .where(
            RepostTask.due_at >= due_from,
            RepostTarget.done_at.is_(None),
            type_coerce(Account.state, String).in_(LIVE_STATES),
        )
        .order_by(RepostTask.due_at)
    )
    if account_ids is not None:
        query = query.where(Account.id.in_(list(account_ids)))
    return rows_as(OpenDuty, session.execute(query))


class OpenTask(NamedTuple):
    id: int
    title: str
    due_at: datetime
    issued_by: str
    url: str


def open_tasks_for(session: Session, account_id: int) -> list[OpenTask]:
    """The tasks this account has still to repost."""
    return rows_as(
        OpenTask,
        session.execute(
            select(RepostTask.id, RepostTask.title, RepostTask.due_at, RepostTask.issued_by, RepostTask.url)
            .join(RepostTarget, RepostTarget.task_id == RepostTask.id)
            .where(RepostTarget.account_id == account_id, RepostTarget.done_at.is_(None))
            .order_by(RepostTask.due_at.desc())
        ),
    )
