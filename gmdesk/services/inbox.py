"""The inbox as the clerk reads it: pages of the message list, counts, and one message in full.

Everything handed out is a plain dataclass. Personal data (phone and ID numbers, the contact field) is
masked unless ``reveal`` is true, which the caller sets from the operator's role; countdowns are computed
at the ``now`` the caller passes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from gmdesk.domain.deadlines import (
    Countdown,
    DueState,
    ReplyDeadlines,
    ReplyFacts,
    countdown,
    max_extension,
    outcome,
    reply_deadlines,
)
from gmdesk.domain.enums import MessageCategory, MessageChannel, MessageEventKind, MessageState, Urgency
from gmdesk.domain.message_flow import Action, Status, allowed_actions
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import ReplyRules
from gmdesk.domain.privacy import mask_contact, mask_text
from gmdesk.domain.workdays import WorkCalendar, provisional_note
from gmdesk.services import settings
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.inbox_deadlines import ReplyRulesCache, facts_of
from gmdesk.services.lookups import AccountChoice, UnitChoice, account_choices, unit_choices
from gmdesk.services.reply_templates import TemplateInfo, list_templates
from gmdesk.store.queries import messages as queries
from gmdesk.store.queries import reference
from gmdesk.store.queries import reply_templates as template_queries
from gmdesk.store.queries import transfers as transfer_queries
from gmdesk.store.queries.messages import (
    DUE_LATE,
    DUE_OVERDUE,
    DUE_SOON,
    DUE_TODAY,
    SORT_DUE,
    SORT_RECEIVED,
    STATUS_ALL,
    STATUS_DONE,
    STATUS_OPEN,
    Cursor,
    MessageFilter,
)

__all__ = [
    "DUE_LATE",
    "DUE_OVERDUE",
    "DUE_SOON",
    "DUE_TODAY",
    "SORT_DUE",
    "SORT_RECEIVED",
    "STATUS_ALL",
    "STATUS_DONE",
    "STATUS_OPEN",
    "Cursor",
    "MessageFilter",
]


@dataclass(frozen=True)
class MessageRow:
    """One line of the message list."""

    id: int
    received_at: datetime
    account_id: int
    account_name: str
    platform: Platform
    unit_name: str
    channel: MessageChannel
    writer_name: str
    contact: str
    excerpt: str
    category: MessageCategory
    urgency: Urgency
    state: MessageState
    confidential: bool
    first_response_due: datetime | None
    answer_due: datetime | None
    next_due: datetime | None
    first_response_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    assigned_unit: str
    committed_due: date | None
    extension_workdays: int
    countdown: Countdown | None
    """For open messages: the nearest deadline; for answered ones: on time or how late; else None."""

    @property
    def due_kind(self) -> str:
        """Which deadline ``next_due`` is: 首次回应 or 答复."""
        if (
            self.first_response_at is None
            and self.next_due is not None
            and self.next_due == self.first_response_due
        ):
            return "首次回应"
        return "答复"

    @property
    def countdown_text(self) -> str:
        return (
            self.countdown.text
            if self.countdown
            else ("不予受理" if self.state is MessageState.REJECTED else "")
        )

    @property
    def due_state(self) -> DueState | None:
        return self.countdown.state if self.countdown else None


@dataclass(frozen=True)
class MessagePage:
    rows: list[MessageRow]
    cursor: Cursor | None
    """Pass back to get the next page; None at the end."""


def _row(raw: queries.ListRow, now: datetime, calendar: WorkCalendar, reveal: bool) -> MessageRow:
    state = MessageState(raw.state)
    if state.is_open and raw.next_due is not None:
        shown: Countdown | None = countdown(raw.next_due, now, calendar)
    elif raw.answered_at is not None and state is not MessageState.REJECTED:
        shown = outcome(raw.answered_at, raw.answer_due, calendar)
    else:
        shown = None
    text = " ".join((raw.excerpt or "").split())
    contact = raw.writer_contact or ""
    return MessageRow(
        id=raw.id,
        received_at=raw.received_at,
        account_id=raw.account_id,
        account_name=raw.account_name,
        platform=Platform(raw.platform),
        unit_name=raw.unit_name,
        channel=MessageChannel(raw.channel),
        writer_name=raw.writer_name or "",
        contact=contact if reveal else mask_contact(contact),
        excerpt=text if reveal else mask_text(text),
        category=MessageCategory(raw.category),
        urgency=Urgency(raw.urgency),
        state=state,
        confidential=bool(raw.confidential),
        first_response_due=raw.first_response_due,
        answer_due=raw.answer_due,
        next_due=raw.next_due,
        first_response_at=raw.first_response_at,
        answered_at=raw.answered_at,
        closed_at=raw.closed_at,
        assigned_unit=raw.assigned_unit or "",
        committed_due=raw.committed_due,
        extension_workdays=raw.extension_workdays or 0,
        countdown=shown,
    )


def message_page(
    session: Session,
    f: MessageFilter,
    now: datetime,
    *,
    sort: str = SORT_DUE,
    descending: bool = False,
    after: Cursor | None = None,
    limit: int = 200,
    reveal: bool = False,
    calendar: WorkCalendar | None = None,
) -> MessagePage:
    """The next page of the list: open messages by nearest deadline first (or by time received)."""
    calendar = calendar or load_work_calendar(session)
    page = queries.message_page(session, f, now, sort=sort, descending=descending, after=after, limit=limit)
    return MessagePage([_row(r, now, calendar, reveal) for r in page.rows], page.cursor)


def message_row(session: Session, message_id: int, now: datetime, reveal: bool = False) -> MessageRow | None:
    """One message as a row of the list, whatever the list's filter (None when it no longer exists)."""
    page = message_page(
        session, MessageFilter(status=STATUS_ALL, search=f"#{message_id}"), now, limit=1, reveal=reveal
    )
    return page.rows[0] if page.rows else None


@dataclass(frozen=True)
class ListCounts:
    total: int
    """Messages matching the filter."""
    open: int
    overdue: int
    due_today: int


def list_counts(session: Session, f: MessageFilter, now: datetime) -> ListCounts:
    """How many messages the filter matches, and how many of them are open, overdue and due today."""
    total = queries.count_messages(session, f, now)
    open_total, overdue, today = queries.open_due_counts(session, now, f)
    return ListCounts(total, open_total, overdue, today)


@dataclass(frozen=True)
class OperatorRights:
    name: str
    may_see_personal_data: bool


def operator_rights(session: Session, name: str | None = None) -> OperatorRights:
    """The office's current operator (or ``name``) and whether their role shows personal data unmasked;
    an operator not on the list sees masked data."""
    who = name or settings.get(session, settings.CURRENT_OPERATOR)
    row = reference.operator_by_name(session, who)
    return OperatorRights(who, bool(row is not None and row.active and row.may_see_personal_data))


# --------------------------------------------------------------------------- one message
@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    kind: MessageEventKind
    operator: str
    note: str


@dataclass(frozen=True)
class ReplyLine:
    id: int
    at: datetime
    text: str
    operator: str
    is_final: bool
    template_name: str


@dataclass(frozen=True)
class TransferLine:
    id: int
    unit_id: int
    unit_name: str
    sent_at: datetime
    due_on: date
    answered_at: datetime | None
    answer_text: str
    operator: str
    note: str

    def overdue(self, today: date) -> bool:
        late = self.answered_at.date() if self.answered_at else today
        return late > self.due_on


@dataclass(frozen=True)
class MessageDetail:
    id: int
    account_id: int
    account_name: str
    platform: Platform
    unit_id: int
    unit_name: str
    channel: MessageChannel
    received_at: datetime
    writer_name: str
    writer_contact: str
    content: str
    category: MessageCategory
    urgency: Urgency
    state: MessageState
    confidential: bool
    writer_last_at: datetime | None
    external_id: str
    deadlines: ReplyDeadlines
    first_response_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    rejected_reason: str
    extension_workdays: int
    extension_reason: str
    committed_due: date | None
    max_extension: int
    """Working days of extension the cap allows in total."""
    assigned_unit: str
    history: list[HistoryLine]
    replies: list[ReplyLine]
    transfers: list[TransferLine]
    status: Status
    actions: tuple[Action, ...]
    first_countdown: Countdown | None
    """The first-response clock while it runs; None once answered or responded."""
    answer_countdown: Countdown | None
    answer_outcome: Countdown | None
    transfer_workdays: int
    """The default working days a unit gets when this message is forwarded (the profile's rule)."""
    revealed: bool
    as_of: datetime
    """The moment the clocks were read."""
    provisional: str = ""
    """Why the deadlines are only an estimate (a year without holiday data), or empty."""
    version: int = 1
    """The message's version as read, which the edit form sends back with its changes."""

    @property
    def answer_due(self) -> datetime:
        return self.deadlines.answer

    @property
    def first_response_due(self) -> datetime:
        return self.deadlines.first_response

    @property
    def open_transfer(self) -> TransferLine | None:
        return next((t for t in reversed(self.transfers) if t.answered_at is None), None)

    @property
    def final_reply(self) -> ReplyLine | None:
        return next((r for r in reversed(self.replies) if r.is_final), None)


def message_detail(
    session: Session, message_id: int, now: datetime, reveal: bool = False
) -> MessageDetail | None:
    """One message with its deadlines, history, replies and 转办; None when it no longer exists."""
    found = queries.message_context(session, message_id)
    if found is None:
        return None
    message, platform = found.message, found.platform
    calendar = load_work_calendar(session)
    rules = ReplyRulesCache(session).for_account_id(message.account_id)
    facts = facts_of(message, platform)
    deadlines = reply_deadlines(facts, rules, calendar)
    templates = {t.id: t.name for t in template_queries.all_templates(session)}
    transfers = _transfer_lines(session, message_id)
    state = MessageState(message.state)
    status = _status(state, message.first_response_at, transfers)
    show = (lambda text: text) if reveal else mask_text
    first_clock = (
        countdown(deadlines.first_response, now, calendar)
        if state.is_open and message.first_response_at is None
        else None
    )
    history = _history_lines(session, message_id, show)
    replies = _reply_lines(session, message_id, show, templates)
    return MessageDetail(
        id=message.id,
        account_id=message.account_id,
        account_name=found.account_name,
        platform=Platform(platform),
        unit_id=found.unit_id,
        unit_name=found.unit_name,
        channel=MessageChannel(message.channel),
        received_at=message.received_at,
        writer_name=message.writer_name,
        writer_contact=message.writer_contact if reveal else mask_contact(message.writer_contact),
        content=show(message.content),
        category=MessageCategory(message.category),
        urgency=Urgency(message.urgency),
        state=state,
        confidential=message.confidential,
        writer_last_at=message.writer_last_at,
        external_id=message.external_id,
        deadlines=deadlines,
        first_response_at=message.first_response_at,
        answered_at=message.answered_at,
        closed_at=message.closed_at,
        rejected_reason=message.rejected_reason,
        extension_workdays=message.extension_workdays,
        extension_reason=message.extension_reason,
        committed_due=message.committed_due,
        max_extension=max_extension(facts, rules, calendar),
        assigned_unit=found.assigned_unit or "",
        history=history,
        replies=replies,
        transfers=_shown_transfers(transfers, show),
        status=status,
        actions=allowed_actions(status),
        first_countdown=first_clock,
        answer_countdown=countdown(deadlines.answer, now, calendar) if state.is_open else None,
        answer_outcome=outcome(message.answered_at, deadlines.answer, calendar)
        if message.answered_at
        else None,
        transfer_workdays=rules.transfer_answer.amount,
        revealed=reveal,
        as_of=now,
        provisional=provisional_note(calendar, [deadlines.first_response, deadlines.answer])
        if state.is_open
        else "",
        version=message.version,
    )


def _status(state: MessageState, first_response_at: datetime | None, transfers: list[TransferLine]) -> Status:
    """Where the message stands, for the actions it allows."""
    return Status(
        state,
        acknowledged=first_response_at is not None,
        open_transfers=sum(t.answered_at is None for t in transfers),
        transfers=len(transfers),
    )


def _transfer_lines(session: Session, message_id: int) -> list[TransferLine]:
    """The message's 转办, as stored (nothing masked)."""
    return [
        TransferLine(
            t.id,
            t.unit_id,
            row.unit_name,
            t.sent_at,
            t.due_on,
            t.answered_at,
            t.answer_text,
            t.operator,
            t.note,
        )
        for row in transfer_queries.transfers_of(session, message_id)
        for t in (row.transfer,)
    ]


def _history_lines(session: Session, message_id: int, show: Callable[[str], str]) -> list[HistoryLine]:
    """The message's events, their notes passed through ``show``."""
    return [
        HistoryLine(e.at, MessageEventKind(e.kind), e.operator, show(e.note))
        for e in queries.events(session, message_id)
    ]


def _reply_lines(
    session: Session, message_id: int, show: Callable[[str], str], templates: dict[int, str]
) -> list[ReplyLine]:
    """The message's replies, their text passed through ``show``, with the name of the template used."""
    return [
        ReplyLine(
            r.id,
            r.replied_at,
            show(r.text),
            r.operator,
            r.is_final,
            templates.get(r.template_id or -1, ""),
        )
        for r in queries.replies(session, message_id)
    ]


def _shown_transfers(transfers: list[TransferLine], show: Callable[[str], str]) -> list[TransferLine]:
    """The 转办 with their answer and note passed through ``show``."""
    return [
        TransferLine(
            t.id,
            t.unit_id,
            t.unit_name,
            t.sent_at,
            t.due_on,
            t.answered_at,
            show(t.answer_text),
            t.operator,
            show(t.note),
        )
        for t in transfers
    ]


# --------------------------------------------------------------------------- what the tab needs once
@dataclass(frozen=True)
class InboxSetup:
    """Loaded once per tab (again after accounts, holidays or rules change): the lists for the filters and
    dialogs, and the calendar and rules so that dialogs can show deadlines while the clerk types."""

    accounts: list[AccountChoice]
    units: list[UnitChoice]
    calendar: WorkCalendar
    rules: dict[int, ReplyRules]
    default_rules: ReplyRules
    templates: list[TemplateInfo]
    operator: OperatorRights

    def rules_for(self, account_id: int | None) -> ReplyRules:
        return self.rules.get(account_id or -1, self.default_rules)

    def preview(self, account_id: int, facts: ReplyFacts) -> ReplyDeadlines:
        return reply_deadlines(facts, self.rules_for(account_id), self.calendar)


def inbox_setup(session: Session, operator: str | None = None) -> InboxSetup:
    cache = ReplyRulesCache(session)
    cache.preload()  # one query for every account, not one each
    accounts = account_choices(session)
    rules = {a.id: cache.for_account_id(a.id) for a in accounts}
    return InboxSetup(
        accounts=accounts,
        units=unit_choices(session),
        calendar=load_work_calendar(session),
        rules=rules,
        default_rules=cache.default_rules,
        templates=list_templates(session),
        operator=operator_rights(session, operator),
    )
