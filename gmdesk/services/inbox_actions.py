"""What the clerk does with a message: enter it, respond, forward, record the unit's answer, answer, close,
refuse, extend, commit a date, reopen. Each action is one unit of work, guarded by the state machine, written
to the message's history and to the audit log with who and when, and leaves the stored deadlines current.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from gmdesk.domain.deadlines import check_commitment, check_extension, transfer_due
from gmdesk.domain.dedupe import message_key
from gmdesk.domain.enums import MessageCategory, MessageChannel, MessageEventKind, MessageState, Urgency
from gmdesk.domain.errors import UserError
from gmdesk.domain.message_flow import EVENT_OF, Action, Status, next_state
from gmdesk.domain.permissions import Permission
from gmdesk.domain.privacy import contains_writer_data, describe_hits, find_personal_data
from gmdesk.services import audit
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.conflicts import check_version
from gmdesk.services.inbox_deadlines import ReplyRulesCache, facts_of, refresh_message
from gmdesk.services.operators import requires
from gmdesk.store.models import Account, Message, MessageEvent, Reply, Transfer
from gmdesk.store.queries import messages as queries
from gmdesk.store.queries import transfers as transfer_queries


class DuplicateMessage(UserError):
    """The same account, writer, time and text is already stored."""

    def __init__(self, existing_id: int) -> None:
        super().__init__(f"该留言已登记（编号 #{existing_id}）：同一账号、留言人、时间和内容的留言只保存一次")
        self.existing_id = existing_id


class MessageGone(UserError):
    def __init__(self, message_id: int) -> None:
        super().__init__(f"留言 #{message_id} 不存在（可能已被删除），请刷新列表")


@dataclass(frozen=True)
class MessageInput:
    """What manual entry and editing collect."""

    account_id: int
    received_at: datetime
    content: str
    category: MessageCategory = MessageCategory.CONSULT
    urgency: Urgency = Urgency.NORMAL
    channel: MessageChannel = MessageChannel.BOARD
    writer_name: str = ""
    writer_contact: str = ""
    confidential: bool = False
    external_id: str = ""
    keep_private: bool = False
    """Editing only: keep the stored content and contact (the clerk saw them masked)."""
    version: int | None = None
    """Editing only: the message's version when the form was filled from it (None: not checked)."""

    def __post_init__(self) -> None:
        # Codes from a combo box or a script arrive as plain strings; the labels and rules need the enums.
        object.__setattr__(self, "category", MessageCategory(self.category))
        object.__setattr__(self, "urgency", Urgency(self.urgency))
        object.__setattr__(self, "channel", MessageChannel(self.channel))

    def problems(self, now: datetime) -> list[str]:
        out = []
        if not self.content.strip():
            out.append("留言内容不能为空")
        if self.received_at > now:
            out.append(f"收到时间（{self.received_at:%Y-%m-%d %H:%M}）不能晚于现在")
        if len(self.writer_name) > 80:
            out.append("留言人不能超过80个字")
        if len(self.writer_contact) > 120:
            out.append("联系方式不能超过120个字")
        return out


def _load(session: Session, message_id: int) -> Message:
    message = queries.message(session, message_id)
    if message is None:
        raise MessageGone(message_id)
    return message


def _status(session: Session, message: Message) -> Status:
    transfers = [row.transfer for row in transfer_queries.transfers_of(session, message.id)]
    return Status(
        MessageState(message.state),
        acknowledged=message.first_response_at is not None,
        open_transfers=sum(t.answered_at is None for t in transfers),
        transfers=len(transfers),
    )


def _event(
    session: Session, message: Message, kind: MessageEventKind, at: datetime, operator: str, note: str = ""
) -> None:
    session.add(MessageEvent(message_id=message.id, kind=kind, at=at, operator=operator, note=note))


def _move(session: Session, message: Message, action: Action) -> MessageState:
    state = next_state(_status(session, message), action)
    message.state = state
    return state


def _finish(
    session: Session, message: Message, operator: str, action: str, detail: dict[str, object] | None = None
) -> None:
    refresh_message(session, message)
    session.flush()
    audit.record(session, operator, action, "message", message.id, detail)


# --------------------------------------------------------------------------- entry
@requires(Permission.RECORD)
def create_message(session: Session, data: MessageInput, operator: str, now: datetime) -> int:
    """Enter a message by hand; DuplicateMessage when it is already stored, ValueError for bad input."""
    problems = data.problems(now)
    if problems:
        raise UserError("；".join(problems))
    account = session.get(Account, data.account_id)
    if account is None:
        raise UserError("请选择留言所在的账号")
    received = data.received_at.replace(second=0, microsecond=0)
    key = message_key(account.id, data.writer_name, received, data.content)
    existing = queries.message_by_key(session, key)
    if existing is not None:
        raise DuplicateMessage(existing)
    message = Message(
        account_id=account.id,
        channel=data.channel,
        received_at=received,
        writer_name=data.writer_name.strip(),
        writer_contact=data.writer_contact.strip(),
        content=data.content.strip(),
        category=data.category,
        urgency=data.urgency,
        state=MessageState.PENDING,
        confidential=data.confidential,
        writer_last_at=received if data.channel is MessageChannel.PRIVATE else None,
        external_id=data.external_id,
        dedupe_key=key,
        extension_workdays=0,
    )
    session.add(message)
    session.flush()
    note = f"通过{account.name}（{account.platform.label}）{data.channel.label}收到；{operator}登记"
    _event(session, message, MessageEventKind.RECEIVED, received, operator, note)
    _finish(session, message, operator, "登记留言", {"account": account.name})
    return message.id


@requires(Permission.RECORD)
def update_message(
    session: Session, message_id: int, data: MessageInput, operator: str, now: datetime
) -> None:
    """Correct what was entered (account, time, category…); the deadlines follow."""
    problems = data.problems(now)
    if problems:
        raise UserError("；".join(problems))
    message = _load(session, message_id)
    check_version(session, message, data.version, f"留言 #{message_id}")
    if data.keep_private:
        data = replace(data, content=message.content, writer_contact=message.writer_contact)
    received = data.received_at.replace(second=0, microsecond=0)
    key = message_key(data.account_id, data.writer_name, received, data.content)
    existing = queries.message_by_key(session, key)
    if existing is not None and existing != message_id:
        raise DuplicateMessage(existing)
    changed = [
        label
        for label, before, after in (
            ("账号", message.account_id, data.account_id),
            ("收到时间", message.received_at, received),
            ("类别", message.category, data.category),
            ("紧急程度", message.urgency, data.urgency),
            ("渠道", message.channel, data.channel),
            ("内容", message.content, data.content.strip()),
            ("留言人", message.writer_name, data.writer_name.strip()),
            ("联系方式", message.writer_contact, data.writer_contact.strip()),
            ("保密", message.confidential, data.confidential),
        )
        if before != after
    ]
    if not changed:
        return
    message.account_id, message.received_at = data.account_id, received
    message.category, message.urgency, message.channel = data.category, data.urgency, data.channel
    message.content, message.writer_name = data.content.strip(), data.writer_name.strip()
    message.writer_contact, message.confidential = data.writer_contact.strip(), data.confidential
    message.dedupe_key = key
    if data.channel is MessageChannel.PRIVATE and message.writer_last_at is None:
        message.writer_last_at = received
    _event(session, message, MessageEventKind.NOTE, now, operator, f"修改了{'、'.join(changed)}")
    _finish(session, message, operator, "修改留言", {"fields": changed})


@requires(Permission.DELETE)
def delete_message(session: Session, message_id: int, operator: str) -> None:
    """Remove a message entered by mistake, with its history (the audit log keeps the fact)."""
    message = _load(session, message_id)
    detail = {"received_at": message.received_at.isoformat(" "), "account_id": message.account_id}
    session.delete(message)
    audit.record(session, operator, "删除留言", "message", message_id, detail)


# --------------------------------------------------------------------------- replies
def reply_warnings(text: str, writer_name: str, writer_contact: str, confidential: bool) -> str:
    """Why a reply text should not go public as it is, one line each; empty when nothing was found."""
    lines = []
    hits = find_personal_data(text)
    if hits:
        lines.append(describe_hits(hits))
    if confidential:
        lines.extend(
            f"{what}（该留言人要求保密）" for what in contains_writer_data(text, writer_name, writer_contact)
        )
    return "\n".join(lines)


@requires(Permission.RECORD)
def save_reply(
    session: Session,
    message_id: int,
    text: str,
    *,
    final: bool,
    operator: str,
    at: datetime,
    template_id: int | None = None,
) -> MessageState:
    """Record a reply to the writer: a first response or progress note (``final=False``) or the answer.

    The first non-final reply is the 首次回应; later ones are 进展告知. The answer also counts as the first
    response when none was given.
    """
    message = _load(session, message_id)
    body = text.strip()
    if not body:
        raise UserError("回复内容不能为空")
    status = _status(session, message)
    if final:
        state = _move(session, message, Action.ANSWER)
        message.answered_at = at
        if message.first_response_at is None:
            message.first_response_at = at
        _event(session, message, MessageEventKind.ANSWERED, at, operator, "答复留言人")
        action = "答复留言"
    elif not status.acknowledged:
        state = _move(session, message, Action.ACKNOWLEDGE)
        message.first_response_at = at
        _event(session, message, MessageEventKind.ACKNOWLEDGED, at, operator, "首次回应")
        action = "首次回应"
    else:
        if not status.state.is_open:
            raise UserError(f"“{status.state.label}”的留言不能再发送进展告知")
        state = status.state
        _event(session, message, MessageEventKind.NOTE, at, operator, "告知办理进展")
        action = "告知进展"
    session.add(
        Reply(
            message_id=message.id,
            text=body,
            replied_at=at,
            operator=operator,
            is_final=final,
            template_id=template_id,
        )
    )
    _finish(session, message, operator, action)
    return state


# --------------------------------------------------------------------------- 转办
def default_transfer_due(
    session: Session, message_id: int, sent: datetime, workdays: int | None = None
) -> date:
    """The unit's due date under the account's rules (or ``workdays`` working days after ``sent``)."""
    message = _load(session, message_id)
    days = (
        workdays
        if workdays is not None
        else ReplyRulesCache(session).for_account_id(message.account_id).transfer_answer.amount
    )
    return transfer_due(load_work_calendar(session), sent, days)


@requires(Permission.RECORD)
def transfer(
    session: Session,
    message_id: int,
    unit_id: int,
    due_on: date,
    *,
    operator: str,
    at: datetime,
    note: str = "",
) -> int:
    """Forward the message to the responsible unit with its own due date; returns the 转办 id."""
    message = _load(session, message_id)
    unit = transfer_queries.unit(session, unit_id)
    if unit is None:
        raise UserError("请选择承办单位")
    if due_on < at.date():
        raise UserError(f"承办单位答复期限（{due_on.isoformat()}）不能早于转办日期")
    if any(
        row.transfer.unit_id == unit_id and row.transfer.answered_at is None
        for row in transfer_queries.transfers_of(session, message_id)
    ):
        raise UserError(f"该留言已转{unit.name}办理，尚未答复，无需重复转办")
    _move(session, message, Action.TRANSFER)
    row = Transfer(
        message_id=message.id,
        unit_id=unit.id,
        sent_at=at,
        due_on=due_on,
        operator=operator,
        note=note.strip(),
    )
    session.add(row)
    message.assigned_unit_id = unit.id
    text = f"转{unit.name}办理，要求{due_on.month}月{due_on.day}日前答复"
    _event(
        session,
        message,
        MessageEventKind.TRANSFERRED,
        at,
        operator,
        text + (f"；{note.strip()}" if note.strip() else ""),
    )
    _finish(session, message, operator, "转办留言", {"unit": unit.name, "due_on": due_on.isoformat()})
    return row.id


@requires(Permission.RECORD)
def record_transfer_answer(
    session: Session, transfer_id: int, text: str, *, answered_at: datetime, operator: str
) -> None:
    """The unit's answer to a 转办, as it reported it (the clerk then answers the writer)."""
    row = transfer_queries.transfer(session, transfer_id)
    if row is None:
        raise UserError("该转办记录不存在")
    if not text.strip():
        raise UserError("请填写承办单位的答复内容")
    if row.answered_at is not None:
        raise UserError("该转办已登记过承办单位答复")
    if answered_at < row.sent_at.replace(second=0, microsecond=0):  # the clerk enters minutes, not seconds
        raise UserError("承办单位答复时间不能早于转办时间", field="answered")
    message = _load(session, row.message_id)
    _move(session, message, Action.TRANSFER_ANSWER)
    row.answered_at, row.answer_text = answered_at, text.strip()
    unit = transfer_queries.unit(session, row.unit_id)
    name = unit.name if unit else "承办单位"
    late = (answered_at.date() - row.due_on).days
    note = f"{name}已答复" + (f"（逾期{late}天）" if late > 0 else "")
    _event(session, message, MessageEventKind.TRANSFER_ANSWERED, answered_at, operator, note)
    _finish(session, message, operator, "登记承办单位答复", {"transfer_id": transfer_id})


# --------------------------------------------------------------------------- closing, refusing, reopening
@requires(Permission.RECORD)
def close(session: Session, message_id: int, *, operator: str, at: datetime, note: str = "") -> None:
    message = _load(session, message_id)
    _move(session, message, Action.CLOSE)
    message.closed_at = at
    _event(session, message, MessageEventKind.CLOSED, at, operator, note.strip() or "办结")
    _finish(session, message, operator, "办结留言")


@requires(Permission.REVIEW)
def reject(session: Session, message_id: int, reason: str, *, operator: str, at: datetime) -> None:
    """不予受理 (spam, abuse, no request); the reason is required and kept."""
    if not reason.strip():
        raise UserError("请填写不予受理的理由")
    message = _load(session, message_id)
    _move(session, message, Action.REJECT)
    message.rejected_reason, message.closed_at = reason.strip(), at
    _event(session, message, MessageEventKind.REJECTED, at, operator, reason.strip())
    _finish(session, message, operator, "不予受理", {"reason": reason.strip()})


@requires(Permission.REVIEW)
def reopen(session: Session, message_id: int, reason: str, *, operator: str, at: datetime) -> None:
    """Back to work (the writer objects, or a wrong click); the earlier answer stays in the history."""
    if not reason.strip():
        raise UserError("请填写重新办理的原因")
    message = _load(session, message_id)
    _move(session, message, Action.REOPEN)
    message.answered_at = message.closed_at = None
    message.rejected_reason = ""
    _event(session, message, MessageEventKind.NOTE, at, operator, f"重新办理：{reason.strip()}")
    _finish(session, message, operator, "重新办理留言", {"reason": reason.strip()})


@requires(Permission.RECORD)
def add_note(session: Session, message_id: int, note: str, *, operator: str, at: datetime) -> None:
    if not note.strip():
        raise UserError("备注不能为空")
    message = _load(session, message_id)
    _event(session, message, EVENT_OF[Action.NOTE], at, operator, note.strip())
    audit.record(session, operator, "留言备注", "message", message.id)


# --------------------------------------------------------------------------- deadlines
@requires(Permission.RECORD)
def extend(
    session: Session, message_id: int, more_workdays: int, reason: str, *, operator: str, at: datetime
) -> datetime:
    """Extend the answer deadline by working days (capped); returns the new deadline."""
    if not reason.strip():
        raise UserError("请填写延期理由")
    message = _load(session, message_id)
    next_state(_status(session, message), Action.EXTEND)
    account = session.get(Account, message.account_id)
    assert account is not None
    rules = ReplyRulesCache(session).for_account(account)
    total = message.extension_workdays + more_workdays
    new_due = check_extension(facts_of(message, account.platform), total, rules, load_work_calendar(session))
    message.extension_workdays = total
    message.extension_reason = "；".join(r for r in (message.extension_reason, reason.strip()) if r)
    note = f"延期{more_workdays}个工作日，答复期限延至{new_due:%Y-%m-%d}：{reason.strip()}"
    _event(session, message, MessageEventKind.EXTENDED, at, operator, note)
    _finish(session, message, operator, "延期答复", {"workdays": more_workdays, "reason": reason.strip()})
    return new_due


@requires(Permission.RECORD)
def commit_due(
    session: Session, message_id: int, day: date | None, note: str, *, operator: str, at: datetime
) -> None:
    """Set (or with ``None`` clear) the 承诺答复期限 agreed with the writer; it replaces the default."""
    message = _load(session, message_id)
    next_state(_status(session, message), Action.COMMIT)
    if day is not None:
        check_commitment(facts_of(message, None), day)
        text = f"与留言人约定于{day:%Y-%m-%d}前答复"
    else:
        text = "取消承诺答复期限，恢复默认期限"
    message.committed_due = day
    _event(
        session,
        message,
        MessageEventKind.NOTE,
        at,
        operator,
        text + (f"：{note.strip()}" if note.strip() else ""),
    )
    _finish(session, message, operator, "设置承诺答复期限", {"day": day.isoformat() if day else None})
