"""Import and export of messages in the §7 Excel layout.

Import is two steps so the GUI can show a preview: :func:`read_messages` checks every row and returns a plan
(or raises ImportRejected with every problem by row and column, writing nothing); :func:`write_messages`
stores the plan in one unit of work. Duplicates — the same account, writer, time and text, in the file or
already stored — are skipped and counted, never an error. Export streams every message with its deadlines
and times; 保密 messages never leave the database, and personal data is masked unless ``reveal``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.documents.messages_xlsx import IMPORT_COLUMNS, write_messages_workbook
from gmdesk.documents.xlsx import (
    ImportRejected,
    Problem,
    RowReader,
    bool_value,
    datetime_value,
    open_table,
)
from gmdesk.domain.deadlines import ReplyFacts, describe_due, next_due, outcome, reply_deadlines
from gmdesk.domain.dedupe import message_key
from gmdesk.domain.enums import MessageCategory, MessageChannel, MessageEventKind, MessageState, Urgency
from gmdesk.domain.permissions import Permission
from gmdesk.domain.platforms import Platform, parse_platform
from gmdesk.domain.privacy import mask_contact, mask_text
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services import audit, backups, import_limits, operators
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.inbox_deadlines import ReplyRulesCache
from gmdesk.services.lookups import AccountChoice, accounts_by_name
from gmdesk.services.operators import requires
from gmdesk.store.models import Message, MessageEvent
from gmdesk.store.queries import messages as queries
from gmdesk.store.queries.messages import STATUS_ALL, MessageFilter

WRITE_CHUNK = 5000
"""Rows (messages and their events) buffered per ``executemany``; the write reports progress as often, in messages."""

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class ImportedMessage:
    row: int
    account_id: int
    account_name: str
    channel: MessageChannel
    received_at: datetime
    writer_name: str
    writer_contact: str
    content: str
    category: MessageCategory
    urgency: Urgency
    confidential: bool
    state: MessageState
    first_response_at: datetime | None
    answered_at: datetime | None
    assigned_unit_id: int | None
    key: str


@dataclass(frozen=True)
class Duplicate:
    row: int
    reason: str


@dataclass
class ImportPlan:
    path: Path
    messages: list[ImportedMessage] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    def describe(self) -> str:
        text = f"将导入 {len(self.messages):,} 条留言"
        if self.duplicates:
            text += f"，跳过重复 {len(self.duplicates):,} 条"
        return text + "。"


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int
    file: str

    def describe(self) -> str:
        return f"已从“{self.file}”导入 {self.imported:,} 条留言" + (
            f"，跳过重复 {self.skipped:,} 条（同一账号、留言人、时间和内容）。" if self.skipped else "。"
        )


def _enum(reader: RowReader, header: str, kind: Any, default: Any) -> Any:
    text = reader.cell(header)
    if not text:
        return default
    try:
        return kind.from_text(text)
    except ValueError as error:
        reader.fail(header, str(error))
        return default


def _account(reader: RowReader, by_name: dict[str, list[AccountChoice]]) -> AccountChoice | None:
    name = reader.cell("账号名称", required=True)
    if not name:
        return None
    found = by_name.get(name.strip(), [])
    platform_text = reader.cell("平台")
    if platform_text and found:
        try:
            platform = parse_platform(platform_text)
        except ValueError as error:
            reader.fail("平台", str(error))
            return None
        found = [a for a in found if a.platform is platform]
    if not found:
        reader.fail(
            "账号名称",
            f"系统中没有名为“{name}”的账号"
            + (f"（平台：{platform_text}）" if platform_text else "")
            + "，请先在“账号备案”中登记",
        )
        return None
    if len(found) > 1:
        which = "、".join(f"{a.platform.label}·{a.unit_name}" for a in found)
        reader.fail("账号名称", f"“{name}”对应多个账号（{which}），请增加“平台”列加以区分")
        return None
    return found[0]


def _time_after(reader: RowReader, header: str, received: datetime | None, now: datetime) -> datetime | None:
    value = reader.cell(header, datetime_value)
    if value is None:
        return None
    if received is not None and value < received:
        reader.fail(header, f"{value:%Y-%m-%d %H:%M} 早于收到时间")
    elif value > now:
        reader.fail(header, f"{value:%Y-%m-%d %H:%M} 晚于现在")
    return value


def read_messages(
    session: Session, path: Path | str, now: datetime, progress: Progress | None = None
) -> ImportPlan:
    """Check every row; ImportRejected with every problem, or the plan of what to write."""
    path = Path(path)
    plan = ImportPlan(path)
    seen: dict[str, int] = {}
    candidates: list[ImportedMessage] = []
    with open_table(path, IMPORT_COLUMNS, sheet_name="留言", lengths=import_limits.MESSAGES) as table:
        by_name = accounts_by_name(session)
        units = queries.units_by_name(session)
        for row in table:
            table.report(progress, 2000)
            message = _read_row(RowReader(row, table.problems), row.number, by_name, units, now)
            if message is None:
                continue
            if message.key in seen:
                plan.duplicates.append(Duplicate(row.number, f"与第{seen[message.key]}行重复"))
                continue
            seen[message.key] = row.number
            candidates.append(message)
    if table.problems:
        raise ImportRejected(path, table.problems)
    if not table.count:
        raise ImportRejected(path, [Problem("文件中没有数据行（第1行为表头，数据从第2行开始）")])
    stored = queries.existing_keys(session, [m.key for m in candidates])
    for message in candidates:
        if message.key in stored:
            plan.duplicates.append(Duplicate(message.row, "数据库中已有同一条留言"))
        else:
            plan.messages.append(message)
    plan.duplicates.sort(key=lambda d: d.row)
    return plan


def _read_row(
    reader: RowReader,
    number: int,
    by_name: dict[str, list[AccountChoice]],
    units: dict[str, int],
    now: datetime,
) -> ImportedMessage | None:
    """The message of one row, or None when the row has problems (told to ``reader``)."""
    account = _account(reader, by_name)
    received = reader.cell("收到时间", datetime_value, required=True)
    if received is not None and received > now:
        reader.fail("收到时间", f"{received:%Y-%m-%d %H:%M} 晚于现在")
    content = reader.cell("内容", required=True)
    writer = reader.cell("留言人") or ""
    contact = reader.cell("联系方式") or ""
    if len(writer) > 80:
        reader.fail("留言人", "不能超过80个字")
    if len(contact) > 120:
        reader.fail("联系方式", "不能超过120个字")
    channel = _enum(reader, "渠道", MessageChannel, MessageChannel.BOARD)
    category = _enum(reader, "类别", MessageCategory, MessageCategory.OTHER)
    urgency = _enum(reader, "紧急程度", Urgency, Urgency.NORMAL)
    confidential = reader.cell("保密", bool_value) or False
    state = _enum(reader, "状态", MessageState, MessageState.PENDING)
    first_at = _time_after(reader, "首次回应时间", received, now)
    answered_at = _time_after(reader, "答复时间", received, now)
    unit_name = reader.cell("办理部门")
    unit_id = units.get(unit_name.strip()) if unit_name else None
    if unit_name and unit_id is None:
        reader.fail("办理部门", f"系统中没有名为“{unit_name}”的单位")
    _check_state(reader, state, first_at, answered_at, unit_name)
    if not reader.ok or account is None or received is None:
        return None
    received = received.replace(second=0, microsecond=0)
    key = message_key(account.id, writer, received, content)
    return ImportedMessage(
        number,
        account.id,
        account.name,
        channel,
        received,
        writer,
        contact,
        content,
        category,
        urgency,
        confidential,
        state,
        first_at or answered_at,
        answered_at,
        unit_id,
        key,
    )


def _check_state(
    reader: RowReader,
    state: MessageState,
    first_at: datetime | None,
    answered_at: datetime | None,
    unit_name: str | None,
) -> None:
    """Tell ``reader`` where the state disagrees with the times and the unit filled in."""
    if state in (MessageState.ANSWERED, MessageState.CLOSED) and answered_at is None:
        reader.fail("答复时间", f"状态为“{state.label}”时应填写答复时间")
    if state is MessageState.ACKNOWLEDGED and first_at is None:
        reader.fail("首次回应时间", "状态为“已回应”时应填写首次回应时间")
    if state is MessageState.TRANSFERRED and not unit_name:
        reader.fail("办理部门", "状态为“已转办”时应填写办理部门")
    if state.is_open and answered_at is not None:
        reader.fail("状态", f"已填写答复时间，状态不应为“{state.label}”")


@requires(Permission.RECORD)
def write_messages(
    session: Session, plan: ImportPlan, operator: str, now: datetime, progress: Progress | None = None
) -> ImportResult:
    """Store a checked plan in one unit of work (nothing at all if anything fails)."""
    calendar = load_work_calendar(session)
    rules = ReplyRulesCache(session)
    rules.preload()
    platforms = {a.id: a.platform for group in accounts_by_name(session).values() for a in group}
    stored = queries.existing_keys(
        session, [m.key for m in plan.messages]
    )  # someone may have entered one since
    todo = [m for m in plan.messages if m.key not in stored]
    if todo:
        backups.before_write(session, "import", progress)
    message_id, event_id = queries.next_ids(session)
    source = plan.path.name
    # The demo's bulk path: plain tuples to the driver, as SQLAlchemy would store them (49,000 messages:
    # 6.3 s through Core's insert() with dictionaries).
    from gmdesk.services.demo import writer as bulk

    writer = bulk.BulkWriter(
        session.connection(), [Message, MessageEvent], WRITE_CHUNK, bulk.Progress(0, None, None)
    )
    total = len(todo)
    for index, item in enumerate(todo, start=1):
        row = _message_row(item, message_id, platforms.get(item.account_id), rules, calendar, now)
        writer.add(Message, row)
        steps = _import_steps(item, row["closed_at"], source)
        for event in _event_rows(steps, message_id, event_id, operator):
            writer.add(MessageEvent, event)
        event_id += len(steps)
        message_id += 1
        if progress is not None and index % WRITE_CHUNK == 0:
            progress(index, total, f"已写入 {index:,} / {total:,} 条")
    writer.flush()
    skipped = len(plan.duplicates) + len(plan.messages) - len(todo)
    audit.record(
        session,
        operator,
        "导入留言",
        "message",
        None,
        {"file": source, "imported": len(todo), "skipped": skipped},
    )
    return ImportResult(len(todo), skipped, source)


def _message_row(
    item: ImportedMessage,
    message_id: int,
    platform: Platform | None,
    rules: ReplyRulesCache,
    calendar: WorkCalendar,
    now: datetime,
) -> dict[str, Any]:
    """The ``messages`` row of one planned message, with its deadlines and when it was closed."""
    private = item.channel is MessageChannel.PRIVATE
    facts = ReplyFacts(
        item.received_at,
        item.category,
        item.urgency,
        item.channel,
        platform,
        writer_last_at=item.received_at if private else None,
    )
    deadlines = reply_deadlines(facts, rules.for_account_id(item.account_id), calendar)
    return {
        "id": message_id,
        "account_id": item.account_id,
        "channel": item.channel,
        "received_at": item.received_at,
        "writer_name": item.writer_name,
        "writer_contact": item.writer_contact,
        "content": item.content,
        "category": item.category,
        "urgency": item.urgency,
        "state": item.state,
        "confidential": item.confidential,
        "writer_last_at": facts.writer_last_at,
        "first_response_due": deadlines.first_response,
        "answer_due": deadlines.answer,
        "next_due": next_due(
            item.state.is_open,
            item.first_response_at is not None,
            deadlines.first_response,
            deadlines.answer,
        ),
        "committed_due": None,
        "extension_workdays": 0,
        "extension_reason": "",
        "first_response_at": item.first_response_at,
        "answered_at": item.answered_at,
        "closed_at": _closed_at(item),
        "rejected_reason": "导入时标记为不予受理" if item.state is MessageState.REJECTED else "",
        "assigned_unit_id": item.assigned_unit_id,
        "external_id": "",
        "dedupe_key": item.key,
        "created_at": now,
        "updated_at": now,
    }


def _closed_at(item: ImportedMessage) -> datetime | None:
    """When an imported message was closed: on its answer if 已办结, on its last moment known if 不予受理."""
    if item.state is MessageState.REJECTED:
        return item.answered_at or item.first_response_at or item.received_at
    return item.answered_at if item.state is MessageState.CLOSED else None


def _event_rows(
    steps: list[tuple[datetime, MessageEventKind, str]], message_id: int, first_id: int, operator: str
) -> list[dict[str, Any]]:
    """The ``message_events`` rows of one message's steps, numbered from ``first_id``."""
    return [
        {
            "id": event_id,
            "message_id": message_id,
            "kind": kind,
            "at": at,
            "operator": operator,
            "note": note,
        }
        for event_id, (at, kind, note) in enumerate(steps, start=first_id)
    ]


def _import_steps(
    item: ImportedMessage, closed_at: datetime | None, source: str
) -> list[tuple[datetime, MessageEventKind, str]]:
    """The events an imported message gets (received, acknowledged, answered, closed), in that order."""
    steps = [(item.received_at, MessageEventKind.RECEIVED, f"从“{source}”第{item.row}行导入")]
    if item.first_response_at is not None and item.first_response_at != item.answered_at:
        steps.append((item.first_response_at, MessageEventKind.ACKNOWLEDGED, "导入：首次回应"))
    if item.answered_at is not None:
        steps.append((item.answered_at, MessageEventKind.ANSWERED, "导入：已答复"))
    if closed_at is not None:
        kind = MessageEventKind.REJECTED if item.state is MessageState.REJECTED else MessageEventKind.CLOSED
        steps.append((closed_at, kind, "导入：" + kind.label))
    return steps


def import_messages(
    session: Session, path: Path | str, operator: str, now: datetime, progress: Progress | None = None
) -> ImportResult:
    """Check and write in one go (the CLI); ImportRejected writes nothing."""
    return write_messages(session, read_messages(session, path, now, progress), operator, now, progress)


# --------------------------------------------------------------------------- export
@dataclass(frozen=True)
class ExportResult:
    path: Path
    written: int
    confidential_left_out: int
    masked: bool

    def describe(self) -> str:
        text = f"已导出 {self.written:,} 条留言到“{self.path.name}”"
        if self.confidential_left_out:
            text += f"；{self.confidential_left_out:,} 条保密留言按规定未导出"
        text += (
            "；手机号、身份证号等个人信息已去标识化。"
            if self.masked
            else "；含未遮蔽的个人信息，请妥善保管。"
        )
        return text


def _due_cell(moment: datetime | None) -> date | datetime | None:
    """A deadline as a date cell: the day for one at the end of a day (as ``describe_due`` prints it), the
    time too for one at a time of day."""
    if moment is None:
        return None
    return moment.date() if describe_due(moment) == f"{moment:%Y-%m-%d}" else moment


def _export_rows(
    session: Session, f: MessageFilter, now: datetime, reveal: bool, counter: dict[str, int]
) -> Iterator[list[Any]]:
    show = (lambda text: text or "") if reveal else (lambda text: mask_text(text or ""))
    calendar = load_work_calendar(session)
    for row in queries.export_rows(session, f, now):
        message, platform = row.message, row.platform
        if message.confidential:
            counter["confidential"] += 1
            continue
        counter["written"] += 1
        state = MessageState(message.state)
        if message.answered_at is not None and state is not MessageState.REJECTED:
            timely = outcome(message.answered_at, message.answer_due, calendar).text.replace("答复", "")
        elif state.is_open and message.next_due is not None and message.next_due < now:
            timely = "已逾期"
        else:
            timely = ""
        yield [
            row.account_name,
            MessageChannel(message.channel).label,
            message.received_at,
            message.writer_name,
            message.writer_contact if reveal else mask_contact(message.writer_contact),
            show(message.content),
            MessageCategory(message.category).label,
            Urgency(message.urgency).label,
            _due_cell(message.first_response_due),
            _due_cell(message.answer_due),
            state.label,
            message.first_response_at,
            message.answered_at,
            row.assigned_unit or "",
            message.id,
            platform.label if platform else "",
            row.unit_name,
            message.closed_at,
            message.committed_due,
            message.extension_workdays or None,
            timely,
            show(row.final_reply),
        ]


def export_messages(
    session: Session,
    path: Path | str,
    now: datetime,
    *,
    reveal: str = "",
    operator: str | None = None,
    message_filter: MessageFilter | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the messages matching the filter (default: all) to ``path`` atomically.

    Personal data is masked unless ``reveal`` names the purpose and the operator may see it (recorded)."""
    f = message_filter or MessageFilter(status=STATUS_ALL)
    unmasked = operators.reveal(session, operator, reveal, "messages", {"file": Path(path).name})
    counter = {"written": 0, "confidential": 0}
    total = queries.count_messages(session, f, now)
    report = (lambda done: progress(done, total, f"已导出 {done:,} 条")) if progress else None
    write_messages_workbook(path, _export_rows(session, f, now, unmasked, counter), report)
    return ExportResult(Path(path), counter["written"], counter["confidential"], not unmasked)
