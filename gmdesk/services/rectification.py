"""整改台账: create, edit, complete and reopen rectification items, with evidence and an audit record of each.

The 时限 is given in working days (the due date is then the Nth working day after the opening day, from the
database's WorkCalendar) or as a due date; the rules are in ``gmdesk.domain.rectification``. Everything
handed out is a plain dataclass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.domain.enums import RectificationSource, RectificationState
from gmdesk.domain.lifecycle import DeadlineState
from gmdesk.domain.permissions import Permission
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import Span
from gmdesk.domain.rectification import RectificationError, deadline, due_date
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services import attachments, audit
from gmdesk.services.accounts_data import AttachmentRow
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.conflicts import check_version
from gmdesk.services.operators import requires
from gmdesk.services.policy import active_profile
from gmdesk.store.models import RectificationItem
from gmdesk.store.queries import accounts as account_queries
from gmdesk.store.queries import rectification as queries

ENTITY = queries.ENTITY
PROBLEM_MAX = 2000
RESPONSIBLE_MAX = 80
NOTICE_MAX = 120


@dataclass(frozen=True)
class ItemRow:
    id: int
    source: RectificationSource
    rule: str
    account_id: int | None
    account: str
    platform: Platform | None
    unit_id: int | None
    unit: str
    problem: str
    measure: str
    responsible: str
    opened_on: date
    workdays: int | None
    due_on: date | None
    state: RectificationState
    completed_on: date | None
    result: str
    notice_ref: str
    evidence: int
    """How many evidence files are attached."""
    deadline: DeadlineState
    remaining: str
    """"剩3个工作日", "逾期2个工作日", "已完成" …"""
    version: int = 1
    """The item's version as read, which a form sends back with its changes."""

    @property
    def is_open(self) -> bool:
        return self.state is not RectificationState.DONE

    @property
    def account_label(self) -> str:
        if not self.account:
            return ""
        return f"{self.account}（{self.platform.label}）" if self.platform is not None else self.account


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    operator: str
    action: str
    detail: str


@dataclass(frozen=True)
class ItemDetail:
    row: ItemRow
    attachments: list[AttachmentRow]
    history: list[HistoryEntry]


@dataclass
class ItemDraft:
    """What the clerk enters; ``workdays`` wins over ``due_on`` when both are given."""

    problem: str
    opened_on: date
    workdays: int | None = None
    due_on: date | None = None
    measure: str = ""
    responsible: str = ""
    account_id: int | None = None
    unit_id: int | None = None
    source: RectificationSource = RectificationSource.SELF_INSPECTION
    notice_ref: str = ""
    rule: str = ""
    state: RectificationState = RectificationState.OPEN
    """OPEN or IN_PROGRESS; DONE goes through :func:`complete_item`."""
    version: int | None = None
    """The item's version when the form was filled from it (None: not checked)."""


@dataclass
class _Context:
    calendar: WorkCalendar
    due_soon: Span
    root: Path | None


def _context(session: Session) -> _Context:
    return _Context(
        load_work_calendar(session), active_profile(session).filing.due_soon, attachments.root_of(session)
    )


def _row(raw: queries.ItemListing, as_of: date, context: _Context) -> ItemRow:
    item, account, platform, unit_id, unit, evidence = (
        raw.rectification_item,
        raw.account_name,
        raw.platform,
        raw.unit_id,
        raw.unit_name,
        raw.evidence,
    )
    where = deadline(item.state, item.due_on, as_of, context.due_soon, context.calendar, item.completed_on)
    return ItemRow(
        id=item.id,
        source=item.source,
        rule=item.rule or "",
        account_id=item.account_id,
        account=account or "",
        platform=platform,
        unit_id=unit_id,
        unit=unit or "",
        problem=item.problem,
        measure=item.measure or "",
        responsible=item.responsible or "",
        opened_on=item.opened_on,
        workdays=item.workdays,
        due_on=item.due_on,
        state=item.state,
        completed_on=item.completed_on,
        result=item.result or "",
        notice_ref=item.notice_ref or "",
        evidence=evidence or 0,
        deadline=where.state,
        remaining=where.text,
        version=item.version,
    )


def list_items(session: Session, as_of: date) -> list[ItemRow]:
    """Every item, open ones first (soonest due first), then the completed ones."""
    context = _context(session)
    return [_row(raw, as_of, context) for raw in queries.item_rows(session)]


def item_row(session: Session, item_id: int, as_of: date) -> ItemRow:
    rows = queries.item_rows(session, [item_id])
    if not rows:
        raise RectificationError("该整改事项已不存在（可能已被删除），请刷新后重试")
    return _row(rows[0], as_of, _context(session))


def item_detail(session: Session, item_id: int, as_of: date) -> ItemDetail:
    row = item_row(session, item_id, as_of)
    root = attachments.root_of(session)
    files = attachments.rows_of(session, queries.attachments_of(session, item_id), root)
    history = [
        HistoryEntry(e.at, e.operator or "", e.action, _describe(e.detail or {}))
        for e in queries.history(session, item_id)
    ]
    return ItemDetail(row, files, history)


def _describe(detail: dict[str, Any]) -> str:
    labels = {
        "due_on": "期限",
        "result": "结果",
        "reason": "原因",
        "file": "文件",
        "completed_on": "完成日期",
        "responsible": "责任人",
        "state": "状态",
        "notice_ref": "通报",
        "rule": "规则",
    }
    return "；".join(f"{labels.get(k, k)}：{v}" for k, v in detail.items() if v not in (None, "", []))


# --------------------------------------------------------------------------- checks on a draft
def _clean(draft: ItemDraft) -> ItemDraft:
    draft.problem = draft.problem.strip()
    draft.measure = draft.measure.strip()
    draft.responsible = draft.responsible.strip()
    draft.notice_ref = draft.notice_ref.strip()
    return draft


def _check(session: Session, draft: ItemDraft, calendar: WorkCalendar) -> tuple[date | None, int | None]:
    """The due date and unit of a draft; RectificationError listing every problem."""
    problems = []
    if not draft.problem:
        problems.append("请填写存在的问题")
    elif len(draft.problem) > PROBLEM_MAX:
        problems.append(f"问题描述过长（{len(draft.problem)}字），不能超过{PROBLEM_MAX}字")
    if len(draft.responsible) > RESPONSIBLE_MAX:
        problems.append(f"责任人不能超过{RESPONSIBLE_MAX}字")
    if len(draft.notice_ref) > NOTICE_MAX:
        problems.append(f"通报文号不能超过{NOTICE_MAX}字")
    if draft.state is RectificationState.DONE:
        problems.append("标记完成请用“标记完成”，并填写整改结果")
    due: date | None = None
    if draft.workdays is not None:
        try:
            due = due_date(calendar, draft.opened_on, draft.workdays)
        except RectificationError as error:
            problems.append(str(error))
    elif draft.due_on is not None:
        if draft.due_on < draft.opened_on:
            problems.append("整改期限不能早于开始日期")
        due = draft.due_on
    else:
        problems.append("请填写时限（工作日）或整改期限")
    unit_id = draft.unit_id
    if draft.account_id is not None:
        account = account_queries.account(session, draft.account_id)
        if account is None:
            problems.append("所选账号已不存在，请刷新后重试")
        else:
            unit_id = unit_id or account.unit_id
    if unit_id is not None and account_queries.unit(session, unit_id) is None:
        problems.append("所选单位已不存在，请刷新后重试")
    if problems:
        raise RectificationError("；".join(problems))
    return due, unit_id


def _apply(item: RectificationItem, draft: ItemDraft, due: date | None, unit_id: int | None) -> None:
    item.problem, item.measure, item.responsible = draft.problem, draft.measure, draft.responsible
    item.opened_on, item.workdays, item.due_on = draft.opened_on, draft.workdays, due
    item.account_id, item.unit_id, item.source = draft.account_id, unit_id, draft.source
    item.notice_ref, item.rule = draft.notice_ref, draft.rule
    if item.state is not RectificationState.DONE:
        item.state = draft.state


# --------------------------------------------------------------------------- use cases
@requires(Permission.RECORD)
def create_item(session: Session, draft: ItemDraft, operator: str, now: datetime) -> ItemRow:
    context = _context(session)
    due, unit_id = _check(session, _clean(draft), context.calendar)
    item = RectificationItem(problem="", opened_on=draft.opened_on, state=RectificationState.OPEN)
    _apply(item, draft, due, unit_id)
    queries.add(session, item)
    audit.record(
        session,
        operator,
        "新建整改事项",
        ENTITY,
        item.id,
        {
            "due_on": due.isoformat() if due else None,
            "responsible": draft.responsible,
            "notice_ref": draft.notice_ref,
            "rule": draft.rule,
        },
        now,
    )
    return item_row(session, item.id, now.date())


def _item(session: Session, item_id: int) -> RectificationItem:
    item = queries.item(session, item_id)
    if item is None:
        raise RectificationError("该整改事项已不存在（可能已被删除），请刷新后重试")
    return item


@requires(Permission.RECORD)
def update_item(session: Session, item_id: int, draft: ItemDraft, operator: str, now: datetime) -> ItemRow:
    item = _item(session, item_id)
    check_version(session, item, draft.version, f"整改事项 #{item_id}")
    context = _context(session)
    due, unit_id = _check(session, _clean(draft), context.calendar)
    before = {"due_on": item.due_on, "state": item.state.label, "responsible": item.responsible}
    _apply(item, draft, due, unit_id)
    session.flush()
    after = {"due_on": item.due_on, "state": item.state.label, "responsible": item.responsible}
    changed = {k: f"{_text(before[k])} → {_text(after[k])}" for k in before if before[k] != after[k]}
    audit.record(session, operator, "修改整改事项", ENTITY, item_id, changed, now)
    return item_row(session, item_id, now.date())


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "（空）")


@requires(Permission.RECORD)
def complete_item(
    session: Session,
    item_id: int,
    completed_on: date,
    result: str,
    operator: str,
    now: datetime,
    evidence: Sequence[Path] = (),
    root: Path | None = None,
) -> ItemRow:
    """Mark the item 已完成 on ``completed_on`` with its 整改结果, attaching the evidence files."""
    item = _item(session, item_id)
    result = result.strip()
    problems = []
    if item.state is RectificationState.DONE:
        problems.append("该整改事项已完成")
    if not result:
        problems.append("请填写整改结果（做了什么、效果如何）")
    if completed_on < item.opened_on:
        problems.append(f"完成日期不能早于开始日期（{item.opened_on.isoformat()}）")
    if completed_on > now.date():
        problems.append("完成日期不能晚于今天")
    if problems:
        raise RectificationError("；".join(problems))
    for path in evidence:
        attach_evidence(session, item_id, path, operator, now, root)
    item.state, item.completed_on, item.result = RectificationState.DONE, completed_on, result
    session.flush()
    audit.record(
        session,
        operator,
        "整改完成",
        ENTITY,
        item_id,
        {"completed_on": completed_on.isoformat(), "result": result},
        now,
    )
    return item_row(session, item_id, now.date())


@requires(Permission.REVIEW)
def reopen_item(session: Session, item_id: int, reason: str, operator: str, now: datetime) -> ItemRow:
    """A completed item goes back to 整改中 (the inspector was not satisfied); its result is kept in the log."""
    item = _item(session, item_id)
    reason = reason.strip()
    if item.state is not RectificationState.DONE:
        raise RectificationError("只有已完成的整改事项才能重新打开")
    if not reason:
        raise RectificationError("请填写重新打开的原因")
    audit.record(
        session,
        operator,
        "重新打开整改事项",
        ENTITY,
        item_id,
        {
            "reason": reason,
            "result": item.result,
            "completed_on": item.completed_on.isoformat() if item.completed_on else None,
        },
        now,
    )
    item.state, item.completed_on = RectificationState.IN_PROGRESS, None
    session.flush()
    return item_row(session, item_id, now.date())


@requires(Permission.DELETE)
def delete_item(session: Session, item_id: int, operator: str, now: datetime) -> None:
    """Remove an item entered by mistake; the stored evidence files stay in the data folder."""
    item = _item(session, item_id)
    audit.record(session, operator, "删除整改事项", ENTITY, item_id, {"problem": item.problem[:200]}, now)
    queries.delete(session, item)


@requires(Permission.RECORD)
def attach_evidence(
    session: Session, item_id: int, source: Path, operator: str, now: datetime, root: Path | None = None
) -> AttachmentRow:
    """Copy an evidence file (photo, screenshot, document) beside the database and record its SHA-256."""
    _item(session, item_id)
    root = root or attachments.root_of(session)
    if root is None:
        raise RectificationError("内存数据库无法保存附件")
    source = Path(source)
    if not source.is_file():
        raise RectificationError(f"找不到文件：{source}")
    sha = attachments.sha256_of(source)
    if any(a.sha256 == sha for a in queries.attachments_of(session, item_id)):
        raise RectificationError(f"文件“{source.name}”已附加到该整改事项")
    row = attachments.attach(
        session, source, root, f"r{item_id}", now, sha, operator, rectification_id=item_id
    )
    audit.record(
        session,
        operator,
        "附加整改材料",
        ENTITY,
        item_id,
        {"file": source.name, "sha256": sha, "size": row.size},
        now,
    )
    return row
