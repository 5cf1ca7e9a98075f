"""转发任务: record what the superior office asks every account (or a list) to repost by a time, tick off
each account's repost, and see who is late. Overdue targets are REPOST_OVERDUE findings of ``gmdesk check``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from gmdesk.domain.errors import UserError
from gmdesk.domain.permissions import Permission
from gmdesk.domain.platforms import Platform
from gmdesk.services import audit
from gmdesk.services.conflicts import check_version
from gmdesk.services.operators import requires
from gmdesk.store.models import RepostTarget, RepostTask
from gmdesk.store.queries import reposts as queries


@dataclass(frozen=True)
class TaskRow:
    id: int
    title: str
    issued_by: str
    issued_on: date
    due_at: datetime
    url: str
    note: str
    targets: int
    done: int
    late: int

    def missing(self) -> int:
        return self.targets - self.done

    def is_overdue(self, now: datetime) -> bool:
        return self.due_at < now and self.done < self.targets

    def progress(self) -> str:
        return f"{self.done}/{self.targets}"


@dataclass(frozen=True)
class TargetRow:
    target_id: int
    account_id: int
    account: str
    platform: Platform
    unit: str
    done_at: datetime | None
    post_id: int | None

    def status(self, due_at: datetime, now: datetime) -> str:
        if self.done_at is None:
            return "逾期未转发" if due_at < now else "待转发"
        return "逾期转发" if self.done_at > due_at else "已按时转发"


@dataclass
class TaskDraft:
    title: str
    issued_by: str
    issued_on: date
    due_at: datetime
    account_ids: Sequence[int]
    url: str = ""
    note: str = ""
    version: int | None = None
    """The task's version when the form was filled from it (None: not checked — a new task, a script)."""


def list_tasks(session: Session) -> list[TaskRow]:
    return [TaskRow(**row._asdict()) for row in queries.task_summaries(session)]


def task_targets(session: Session, task_id: int) -> list[TargetRow]:
    return [TargetRow(**row._asdict()) for row in queries.targets(session, task_id)]


def load_task(session: Session, task_id: int) -> TaskDraft:
    """The task as saved now, with its accounts and version: what the edit form shows (and 重新载入 reads)."""
    task = queries.task(session, task_id)
    if task is None:
        raise UserError("该转发任务已被删除")
    return TaskDraft(
        task.title,
        task.issued_by,
        task.issued_on,
        task.due_at,
        sorted(t.account_id for t in task.targets),
        task.url,
        task.note,
        task.version,
    )


@requires(Permission.RECORD)
def save_task(session: Session, draft: TaskDraft, operator: str, task_id: int | None = None) -> int:
    problems = []
    if not draft.title.strip():
        problems.append("请填写转发文章的标题")
    if draft.due_at.date() < draft.issued_on:
        problems.append("转发截止时间不能早于下达日期")
    if not draft.account_ids:
        problems.append("请至少选择一个需要转发的账号")
    if draft.url.strip() and not draft.url.strip().lower().startswith(("http://", "https://")):
        problems.append("链接应以 http:// 或 https:// 开头")
    if problems:
        raise UserError("；".join(problems))
    task = queries.task(session, task_id) if task_id is not None else None
    if task_id is not None and task is None:
        raise UserError("该转发任务已被删除")
    if task is None:
        task = RepostTask(title="", issued_on=draft.issued_on, due_at=draft.due_at)
        session.add(task)
    else:
        check_version(session, task, draft.version, f"转发任务“{task.title}”")
        if {t.account_id for t in task.targets} != set(draft.account_ids):
            flag_modified(task, "title")  # only the accounts changed: the version moves all the same
    task.title, task.issued_by, task.issued_on = draft.title.strip(), draft.issued_by.strip(), draft.issued_on
    task.due_at, task.url, task.note = draft.due_at, draft.url.strip(), draft.note.strip()
    wanted = set(draft.account_ids)
    for target in list(task.targets):
        if target.account_id not in wanted:
            task.targets.remove(target)  # a removed account's tick goes with it
    present = {t.account_id for t in task.targets}
    for account_id in sorted(wanted - present):
        task.targets.append(RepostTarget(account_id=account_id))
    session.flush()
    audit.record(
        session,
        operator,
        "保存转发任务",
        "repost_task",
        task.id,
        {"title": task.title, "accounts": len(wanted)},
    )
    return task.id


@requires(Permission.RECORD)
def tick(session: Session, task_id: int, account_id: int, done_at: datetime | None, operator: str) -> None:
    """Mark an account's repost done at ``done_at`` (None: not done after all)."""
    target = queries.target(session, task_id, account_id)
    if target is None:
        raise UserError("该账号不在此转发任务的范围内")
    mark_done(target, done_at)
    audit.record(
        session,
        operator,
        "登记转发" if done_at else "撤销转发登记",
        "repost_task",
        task_id,
        {"account_id": account_id, "done_at": done_at.isoformat(" ", "minutes") if done_at else None},
    )


def mark_done(target: RepostTarget, done_at: datetime | None, post_id: int | None = None) -> None:
    """An account's share of a task done (or not after all). The task's version moves too: a task form left
    open meanwhile must not save over the tick (removing that account would drop it)."""
    target.done_at = done_at
    if done_at is None or post_id is not None:  # (a tick by hand keeps the post that did it)
        target.post_id = post_id if done_at is not None else None
    flag_modified(target.task, "title")


@requires(Permission.DELETE)
def delete_task(session: Session, task_id: int, operator: str) -> None:
    task = queries.task(session, task_id)
    if task is not None:
        audit.record(session, operator, "删除转发任务", "repost_task", task_id, {"title": task.title})
        session.delete(task)


@dataclass(frozen=True)
class OpenTask:
    id: int
    title: str
    due_at: datetime
    issued_by: str
    url: str

    @property
    def display(self) -> str:
        return f"{self.title}（{self.issued_by}，{self.due_at:%m-%d %H:%M}前）"


def open_tasks_for(session: Session, account_id: int) -> list[OpenTask]:
    return [OpenTask(**row._asdict()) for row in queries.open_tasks_for(session, account_id)]
