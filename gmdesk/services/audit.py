"""The audit log: every change the clerk makes is recorded with who and when (domain §8).

A service names what the clerk did with :func:`record`; the rows it wrote are recorded field by field by the
store (:mod:`gmdesk.store.audit_log`) in the same transaction and the same hash chain. :func:`verify` walks the
chain; :func:`entries` and :func:`export` serve the 操作日志 viewer and ``gmdesk audit``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gmdesk.documents.xlsx import SheetSpec, write_workbook
from gmdesk.domain.audit_chain import Break
from gmdesk.domain.audit_chain import verify as verify_chain
from gmdesk.domain.privacy import mask_text
from gmdesk.store import audit_log
from gmdesk.store.models import AuditEntry

ENTITY_LABELS = {
    "account": "账号",
    "accounts": "账号",
    "account_roles": "账号人员",
    "unit": "单位",
    "units": "单位",
    "person": "人员",
    "people": "人员",
    "post": "发布记录",
    "posts": "发布记录",
    "message": "留言",
    "messages": "留言",
    "message_events": "留言办理记录",
    "replies": "回复",
    "transfers": "转办",
    "filing_event": "备案事项",
    "filing_events": "备案事项",
    "attachments": "附件",
    "rectification": "整改事项",
    "rectification_items": "整改事项",
    "reports": "自查报告",
    "report": "自查报告",
    "holiday": "节假日",
    "holidays": "节假日",
    "day_note": "日历备注",
    "day_notes": "日历备注",
    "repost_task": "转发任务",
    "repost_tasks": "转发任务",
    "repost_targets": "转发对象",
    "reply_template": "回复模板",
    "reply_templates": "回复模板",
    "policy_profile": "规则方案",
    "policy_profiles": "规则方案",
    "password_rotations": "密码更换",
    "security_incidents": "安全事件",
    "operators": "操作员",
    "operator": "操作员",
    "settings": "设置",
    "setting": "设置",
    "database": "数据库",
}


def record(
    session: Session,
    operator: str,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """What the clerk did, written with the unit of work's next flush or its commit, after the rows it changed,
    in the same transaction (so it commits or rolls back with them)."""
    audit_log.queue(session, audit_log.entry(operator, action, entity, entity_id, detail or {}, {}, at))


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Verification:
    checked: int
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def describe(self) -> str:
        if self.broken is None:
            return f"操作日志完整：共 {self.checked:,} 条记录，校验链无断点。"
        return f"{self.broken.describe()}（此前 {self.checked:,} 条记录校验通过）"


def verify(session: Session) -> Verification:
    checked, broken = verify_chain(audit_log.iter_entries(session), audit_log.read_head(session))
    return Verification(checked, broken)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class LogFilter:
    start: date | None = None
    end: date | None = None
    operator: str = ""
    action: str = ""
    entity: str = ""
    text: str = ""


@dataclass(frozen=True)
class LogLine:
    id: int
    at: datetime
    operator: str
    action: str
    entity: str
    entity_id: int | None
    summary: str
    """The detail and the changed fields in one line (personal data masked unless revealed)."""


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


def _summary(row: AuditEntry, reveal: bool) -> str:
    parts = [f"{key}：{value}" for key, value in (row.detail or {}).items()]
    for field, pair in (row.changes or {}).items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if before is None:
            parts.append(f"{field}={after}")
        elif after is None:
            parts.append(f"{field}（原为 {before}）")
        else:
            parts.append(f"{field}：{before} → {after}")
    text = "；".join(str(p) for p in parts)
    return text if reveal else mask_text(text)


def _query(f: LogFilter) -> Any:
    query = select(AuditEntry)
    if f.start is not None:
        query = query.where(AuditEntry.at >= datetime.combine(f.start, time()))
    if f.end is not None:
        query = query.where(AuditEntry.at < datetime.combine(f.end + timedelta(days=1), time()))
    if f.operator:
        query = query.where(AuditEntry.operator == f.operator)
    if f.action:
        query = query.where(AuditEntry.action.contains(f.action))
    if f.entity:
        names = [key for key, label in ENTITY_LABELS.items() if label == f.entity] or [f.entity]
        query = query.where(AuditEntry.entity.in_(names))
    return query


def entries(session: Session, f: LogFilter, *, reveal: bool = False, limit: int = 2000) -> list[LogLine]:
    """The newest entries matching the filter (``text`` searched in the shown summary)."""
    rows = session.scalars(
        _query(f).order_by(AuditEntry.id.desc()).limit(limit if not f.text else limit * 10)
    ).all()
    lines = []
    for row in rows:
        summary = _summary(row, reveal)
        if f.text and f.text not in summary and f.text not in row.action:
            continue
        lines.append(
            LogLine(
                row.id, row.at, row.operator, row.action, entity_label(row.entity), row.entity_id, summary
            )
        )
        if len(lines) >= limit:
            break
    return lines


def choices(session: Session) -> tuple[list[str], list[str]]:
    """The operators and the entity labels that occur in the log (for the viewer's filters)."""
    operators = [
        o for o in session.scalars(select(AuditEntry.operator).distinct().order_by(AuditEntry.operator)) if o
    ]
    entities = sorted({entity_label(e) for e in session.scalars(select(AuditEntry.entity).distinct()) if e})
    return operators, entities


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


EXPORT_HEADERS = ("序号", "时间", "操作员", "操作", "对象", "对象编号", "内容", "校验值")


def export(
    session: Session,
    path: Path | str,
    f: LogFilter,
    *,
    reveal: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """The filtered log as an Excel file (oldest first, with each entry's hash); returns the rows written."""
    written = 0

    def rows() -> Any:
        nonlocal written
        last = 0
        while True:
            chunk = session.scalars(
                _query(f).where(AuditEntry.id > last).order_by(AuditEntry.id).limit(5000)
            ).all()
            if not chunk:
                return
            for row in chunk:
                summary = _summary(row, reveal)
                if f.text and f.text not in summary and f.text not in row.action:
                    continue
                written += 1
                yield [
                    row.id,
                    row.at,
                    row.operator,
                    row.action,
                    entity_label(row.entity),
                    row.entity_id,
                    summary,
                    row.hash,
                ]
            last = chunk[-1].id
            session.expunge_all()

    write_workbook(
        path, [SheetSpec("操作日志", EXPORT_HEADERS, rows(), [8, 18, 10, 16, 12, 10, 80, 66])], progress
    )
    return written
