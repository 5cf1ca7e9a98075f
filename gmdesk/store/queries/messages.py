"""Queries of the inbox: pages of the message list, counts, one message with its history, deadline rows.

The list pages with a keyset cursor over indexed columns, so the first page of 200,000 messages costs the
same as the last: open messages by their nearest deadline (``ix_messages_state_next_due``), finished ones by
time received (``ix_messages_received``). A 'deadline' sort over every state shows the open messages first,
then the finished ones newest first: two segments, each walking its own index.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session, aliased

from gmdesk.domain.enums import MessageCategory, MessageChannel, MessageState, Urgency
from gmdesk.domain.platforms import Platform
from gmdesk.store.dialect import hours_between, unindexed
from gmdesk.store.models import Account, Message, MessageEvent, Reply, Unit
from gmdesk.store.rows import first_as, rows_as

OPEN_STATES: tuple[str, ...] = tuple(s.value for s in MessageState if s.is_open)
DONE_STATES: tuple[str, ...] = tuple(s.value for s in MessageState if not s.is_open)

STATUS_OPEN = "open"
"""待办: 待处理, 已回应 and 已转办."""
STATUS_DONE = "done"
STATUS_ALL = "all"

DUE_OVERDUE = "overdue"
DUE_TODAY = "today"
DUE_SOON = "soon"
"""Open and due within the next three days."""
DUE_LATE = "late"
"""Answered after the deadline."""

SORT_DUE = "due"
SORT_RECEIVED = "received"


@dataclass(frozen=True)
class MessageFilter:
    status: str = STATUS_OPEN
    """``open``, ``done``, ``all`` or one MessageState value."""
    account_id: int | None = None
    unit_id: int | None = None
    """The account's 主办单位."""
    category: MessageCategory | None = None
    due: str = ""
    assigned_unit_id: int | None = None
    """办理部门 (the unit a message was forwarded to)."""
    search: str = ""
    received_from: date | None = None
    received_to: date | None = None
    include_confidential: bool = True


@dataclass(frozen=True)
class Cursor:
    """Where the previous page ended: its segment, its last sort value and id."""

    segment: int
    key: datetime | None
    id: int


class ListRow(NamedTuple):
    """One line of the list (:func:`list_columns`, labelled with these names)."""

    id: int
    received_at: datetime
    account_id: int
    account_name: str
    platform: Platform
    unit_name: str
    channel: MessageChannel
    writer_name: str
    writer_contact: str
    excerpt: str | None
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
    assigned_unit: str | None
    committed_due: date | None
    extension_workdays: int


@dataclass
class Page:
    rows: list[ListRow] = field(default_factory=list)
    cursor: Cursor | None = None
    """None when there is nothing more."""


def _states(status: str) -> tuple[str, ...]:
    if status == STATUS_OPEN:
        return OPEN_STATES
    if status == STATUS_DONE:
        return DONE_STATES
    if status == STATUS_ALL:
        return OPEN_STATES + DONE_STATES
    return (MessageState(status).value,)


def message_number(search: str) -> int | None:
    """The id in a search for "#123" (or "＃123"), else None."""
    text = search.strip()
    if len(text) > 1 and text[0] in "#＃" and text[1:].isdigit():
        return int(text[1:])
    return None


def _conditions(f: MessageFilter, now: datetime) -> list[ColumnElement[bool]]:
    """The filter's conditions except the state (which decides the segments). A search for "#123" finds
    that message whatever the other filters say."""
    number = message_number(f.search)
    if number is not None:
        return [Message.id == number]
    out: list[ColumnElement[bool]] = []
    if f.account_id is not None:
        out.append(Message.account_id == f.account_id)
    if f.unit_id is not None:
        out.append(
            Message.account_id.in_(select(Account.id).where(Account.unit_id == f.unit_id).scalar_subquery())
        )
    if f.category is not None:
        out.append(Message.category == f.category)
    if f.assigned_unit_id is not None:
        out.append(Message.assigned_unit_id == f.assigned_unit_id)
    if f.received_from is not None:
        out.append(Message.received_at >= datetime.combine(f.received_from, time()))
    if f.received_to is not None:
        out.append(Message.received_at < datetime.combine(f.received_to + timedelta(days=1), time()))
    if not f.include_confidential:
        out.append(Message.confidential.is_(False))
    if f.due == DUE_OVERDUE:
        out.append(Message.next_due < now)
    elif f.due == DUE_TODAY:
        out.append(
            and_(
                Message.next_due >= now,
                Message.next_due < datetime.combine(now.date() + timedelta(days=1), time()),
            )
        )
    elif f.due == DUE_SOON:
        out.append(and_(Message.next_due >= now, Message.next_due < now + timedelta(days=3)))
    elif f.due == DUE_LATE:
        out.append(Message.answered_at > Message.answer_due)
    text = f.search.strip()
    if text:
        like = f"%{_escape_like(text)}%"
        out.append(
            or_(
                Message.content.like(like, escape="\\"),
                Message.writer_name.like(like, escape="\\"),
                Message.writer_contact.like(like, escape="\\"),
            )
        )
    return out


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _due_filter_open_only(f: MessageFilter) -> bool:
    return f.due in (DUE_OVERDUE, DUE_TODAY, DUE_SOON)


def _segments(f: MessageFilter, sort: str) -> list[tuple[int, tuple[str, ...]]]:
    """(segment number, states) in display order. Segment 0 sorts by deadline, 1 by time received."""
    states = _states(STATUS_ALL if message_number(f.search) is not None else f.status)
    open_part = tuple(s for s in states if s in OPEN_STATES)
    done_part = tuple(s for s in states if s in DONE_STATES)
    if message_number(f.search) is None and _due_filter_open_only(f):
        done_part = ()
    if message_number(f.search) is None and f.due == DUE_LATE:
        open_part = ()
    if sort == SORT_RECEIVED:
        return [(1, open_part + done_part)] if open_part or done_part else []
    out = []
    if open_part:
        out.append((0, open_part))
    if done_part:
        out.append((1, done_part))
    return out


_ALIASES: list[tuple[Any, Any]] = []
_ALIASES_LOCK = threading.Lock()


def _units() -> tuple[Any, Any]:
    """The owner and the assigned unit, two aliases of ``units``, built once on first use (building SQL at
    import time would configure every mapper on the UI thread while the main window starts). Locked: two
    jobs asking at once must get the same pair, or the columns and the joins would not match."""
    with _ALIASES_LOCK:
        if not _ALIASES:
            _ALIASES.append((aliased(Unit), aliased(Unit)))
        return _ALIASES[0]


@cache
def list_columns() -> tuple[Any, ...]:
    """What one line of the list holds: the fields of :class:`ListRow` (services turn it into a dataclass)."""
    owner, assigned = _units()
    return (
        Message.id,
        Message.received_at,
        Message.account_id,
        Account.name.label("account_name"),
        Account.platform,
        owner.name.label("unit_name"),
        Message.channel,
        Message.writer_name,
        Message.writer_contact,
        func.substr(Message.content, 1, 120).label("excerpt"),
        Message.category,
        Message.urgency,
        Message.state,
        Message.confidential,
        Message.first_response_due,
        Message.answer_due,
        Message.next_due,
        Message.first_response_at,
        Message.answered_at,
        Message.closed_at,
        assigned.name.label("assigned_unit"),
        Message.committed_due,
        Message.extension_workdays,
    )


def _base(columns: Sequence[Any] | None = None) -> Select[Any]:
    owner, assigned = _units()
    return (
        select(*(columns if columns is not None else list_columns()))
        .join(Account, Account.id == Message.account_id)
        .join(owner, owner.id == Account.unit_id)
        .outerjoin(assigned, assigned.id == Message.assigned_unit_id)
    )


def _state_in(states: tuple[str, ...], use_index: bool) -> ColumnElement[bool]:
    # A unary plus keeps SQLite from choosing a state index where the time-received index is the one that
    # returns rows already in order (the finished messages are nearly all of them).
    column = Message.state if use_index else unindexed(literal_column("messages.state"))
    return column.in_(states) if len(states) > 1 else column == states[0]


def message_page(
    session: Session,
    f: MessageFilter,
    now: datetime,
    *,
    sort: str = SORT_DUE,
    descending: bool = False,
    after: Cursor | None = None,
    limit: int = 200,
) -> Page:
    """The next ``limit`` rows of the list after ``after`` (None: the first page)."""
    page = Page()
    conditions = _conditions(f, now)
    for segment, states in _segments(f, sort):
        if after is not None and segment < after.segment:
            continue
        wanted = limit - len(page.rows)
        if wanted <= 0:
            break
        query = _base().where(_state_in(states, set(states) <= set(OPEN_STATES)), *conditions)
        if segment == 0:
            key_column, newest_first = Message.next_due, descending
        else:
            key_column = Message.received_at
            newest_first = not descending if sort == SORT_DUE else descending
        if after is not None and segment == after.segment:
            position = tuple_(key_column, Message.id)
            marker = tuple_(after.key, after.id)  # type: ignore[arg-type]  # plain values are bound as parameters
            query = query.where(position < marker if newest_first else position > marker)
        if newest_first:
            query = query.order_by(key_column.desc(), Message.id.desc())
        else:
            query = query.order_by(key_column, Message.id)
        rows = rows_as(ListRow, session.execute(query.limit(wanted)))
        page.rows.extend(rows)
        if rows:
            last = rows[-1]
            key = last.next_due if segment == 0 else last.received_at
            page.cursor = Cursor(segment, key, last.id)
    if len(page.rows) < limit:
        page.cursor = None
    return page


def count_messages(session: Session, f: MessageFilter, now: datetime) -> int:
    conditions = _conditions(f, now)
    total = 0
    for _segment, states in _segments(f, SORT_DUE):
        query = select(func.count()).select_from(Message).where(_state_in(states, True), *conditions)
        total += session.scalar(query) or 0
    return total


def open_due_counts(session: Session, now: datetime, f: MessageFilter | None = None) -> tuple[int, int, int]:
    """(open, overdue, due today) among the open messages that match the filter's other conditions."""
    base = replace(f or MessageFilter(), status=STATUS_OPEN, due="")
    open_total = count_messages(session, base, now)
    overdue = count_messages(session, replace(base, due=DUE_OVERDUE), now)
    today = count_messages(session, replace(base, due=DUE_TODAY), now)
    return open_total, overdue, today


# --------------------------------------------------------------------------- one message
def message(session: Session, message_id: int) -> Message | None:
    return session.get(Message, message_id)


class MessageContext(NamedTuple):
    message: Message
    account_name: str
    platform: Platform
    unit_id: int
    unit_name: str
    assigned_unit: str | None


def message_context(session: Session, message_id: int) -> MessageContext | None:
    """The message with its account's name and platform, its owner unit and the unit it is assigned to."""
    owner, assigned = _units()
    return first_as(
        MessageContext,
        session.execute(
            select(
                Message,
                Account.name.label("account_name"),
                Account.platform,
                owner.id.label("unit_id"),
                owner.name.label("unit_name"),
                assigned.name.label("assigned_unit"),
            )
            .join(Account, Account.id == Message.account_id)
            .join(owner, owner.id == Account.unit_id)
            .outerjoin(assigned, assigned.id == Message.assigned_unit_id)
            .where(Message.id == message_id)
        ),
    )


def events(session: Session, message_id: int) -> Sequence[MessageEvent]:
    return session.scalars(
        select(MessageEvent)
        .where(MessageEvent.message_id == message_id)
        .order_by(MessageEvent.at, MessageEvent.id)
    ).all()


def replies(session: Session, message_id: int) -> Sequence[Reply]:
    return session.scalars(
        select(Reply).where(Reply.message_id == message_id).order_by(Reply.replied_at, Reply.id)
    ).all()


def message_by_key(session: Session, dedupe_key: str) -> int | None:
    return session.scalar(select(Message.id).where(Message.dedupe_key == dedupe_key))


def existing_keys(session: Session, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` are already stored (asked in chunks below SQLite's variable limit)."""
    found: set[str] = set()
    for start in range(0, len(keys), 900):
        chunk = keys[start : start + 900]
        found.update(session.scalars(select(Message.dedupe_key).where(Message.dedupe_key.in_(chunk))))
    return found


def next_ids(session: Session) -> tuple[int, int]:
    """The next free ids of messages and message events (bulk imports assign ids themselves)."""
    message_id = (session.scalar(select(func.max(Message.id))) or 0) + 1
    event_id = (session.scalar(select(func.max(MessageEvent.id))) or 0) + 1
    return message_id, event_id


# --------------------------------------------------------------------------- deadlines in bulk
class DeadlineRow(NamedTuple):
    """A message's deadline inputs and its stored deadlines (the columns of :func:`deadline_columns`)."""

    id: int
    account_id: int
    platform: Platform
    received_at: datetime
    category: MessageCategory
    urgency: Urgency
    channel: MessageChannel
    writer_last_at: datetime | None
    extension_workdays: int
    committed_due: date | None
    state: MessageState
    first_response_at: datetime | None
    first_response_due: datetime | None
    answer_due: datetime | None
    next_due: datetime | None


@cache
def deadline_columns() -> tuple[Any, ...]:
    return (
        Message.id,
        Message.account_id,
        Account.platform,
        Message.received_at,
        Message.category,
        Message.urgency,
        Message.channel,
        Message.writer_last_at,
        Message.extension_workdays,
        Message.committed_due,
        Message.state,
        Message.first_response_at,
        Message.first_response_due,
        Message.answer_due,
        Message.next_due,
    )


def deadline_rows(
    session: Session, account_ids: Sequence[int] | None = None, batch: int = 5000
) -> Iterator[DeadlineRow]:
    """Every message's deadline inputs and stored deadlines, streamed in id order."""
    last = 0
    while True:
        query = (
            select(*deadline_columns())
            .join(Account, Account.id == Message.account_id)
            .where(Message.id > last)
            .order_by(Message.id)
            .limit(batch)
        )
        if account_ids is not None:
            query = query.where(Message.account_id.in_(account_ids))
        rows = rows_as(DeadlineRow, session.execute(query))
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def update_deadlines(session: Session, changes: Sequence[dict[str, Any]]) -> None:
    """Store recomputed deadlines: dicts with ``id``, ``first_response_due``, ``answer_due``, ``next_due``."""
    if not changes:
        return
    # Core, not the ORM's bulk update by key: a recomputed deadline is not a clerk's edit, so it neither needs
    # nor moves the row's version (``Versioned``), and a clerk's open form stays valid.
    table = cast(Table, Message.__table__)  # declared with a Table; typed as the wider FromClause
    columns = [name for name in changes[0] if name != "id"]
    statement = (
        table.update()
        .where(table.c.id == bindparam("row_id"))
        .values({name: bindparam(name) for name in columns})
    )
    session.execute(statement, [{"row_id": c["id"], **{n: c[n] for n in columns}} for c in changes])


def message_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Message)) or 0


# --------------------------------------------------------------------------- checks
class DueRow(NamedTuple):
    id: int
    account_id: int
    account_name: str
    received_at: datetime
    category: MessageCategory
    first_response_at: datetime | None
    first_response_due: datetime | None
    answer_due: datetime | None
    next_due: datetime
    state: MessageState


def open_due_before(
    session: Session, before: datetime, account_ids: Sequence[int] | None = None
) -> list[DueRow]:
    """Open messages whose nearest deadline is before ``before``, by deadline, with their account."""
    query = (
        select(
            Message.id,
            Message.account_id,
            Account.name.label("account_name"),
            Message.received_at,
            Message.category,
            Message.first_response_at,
            Message.first_response_due,
            Message.answer_due,
            Message.next_due,
            Message.state,
        )
        .join(Account, Account.id == Message.account_id)
        .where(Message.state.in_(OPEN_STATES), Message.next_due < before)
        .order_by(Message.next_due, Message.id)
    )
    if account_ids is not None:
        query = query.where(Message.account_id.in_(account_ids))
    return rows_as(DueRow, session.execute(query))


# --------------------------------------------------------------------------- metrics
def _hours(later: Any, earlier: Any) -> Any:
    return hours_between(later, earlier)


class ReceivedMetrics(NamedTuple):
    account_id: int
    category: MessageCategory
    received: int
    answered: int | None
    rejected: int | None
    still_open: int | None
    first_response_hours: float | None
    first_responses: int | None
    handling_hours: float | None
    handled: int | None


def metrics_received(
    session: Session,
    start: datetime,
    end: datetime,
    as_of: datetime,
    account_ids: Sequence[int] | None = None,
) -> list[ReceivedMetrics]:
    """Per (account, category) of the messages received in [start, end): received, answered, rejected and still
    open *as they stood at* ``as_of`` (a message answered or refused later was still open then, so the three
    add up to the received), the sum and count of first-response hours and of handling hours (receipt →
    answer)."""
    answered_by = and_(Message.answered_at.is_not(None), Message.answered_at <= as_of)
    responded = and_(Message.first_response_at.is_not(None), Message.first_response_at <= as_of)
    rejected = Message.state == MessageState.REJECTED.value
    rejected_by = and_(rejected, or_(Message.closed_at.is_(None), Message.closed_at <= as_of))
    answered = and_(answered_by, ~rejected)
    query = (
        select(
            Message.account_id,
            Message.category,
            func.count().label("received"),
            func.sum(case((answered, 1), else_=0)).label("answered"),
            func.sum(case((rejected_by, 1), else_=0)).label("rejected"),
            func.sum(case((or_(answered, rejected_by), 0), else_=1)).label("still_open"),
            func.sum(
                case((responded, _hours(Message.first_response_at, Message.received_at)), else_=0.0)
            ).label("first_response_hours"),
            func.sum(case((responded, 1), else_=0)).label("first_responses"),
            func.sum(case((answered_by, _hours(Message.answered_at, Message.received_at)), else_=0.0)).label(
                "handling_hours"
            ),
            func.sum(case((answered_by, 1), else_=0)).label("handled"),
        )
        .where(Message.received_at >= start, Message.received_at < end)
        .group_by(Message.account_id, Message.category)
    )
    if account_ids is not None:
        query = query.where(Message.account_id.in_(account_ids))
    return rows_as(ReceivedMetrics, session.execute(query))


def _due_in(start: datetime, end: datetime, as_of: datetime) -> tuple[ColumnElement[bool], ...]:
    """Messages whose answer deadline fell in [start, end) and had passed by ``as_of`` (refused ones left out)."""
    states = tuple(s for s in OPEN_STATES + DONE_STATES if s != MessageState.REJECTED.value)
    return (Message.state.in_(states), Message.answer_due >= start, Message.answer_due < min(end, as_of))


def _answered_on_time() -> ColumnElement[Any]:
    return func.sum(
        case((and_(Message.answered_at.is_not(None), Message.answered_at <= Message.answer_due), 1), else_=0)
    )


class DueMetrics(NamedTuple):
    account_id: int
    category: MessageCategory
    due: int
    on_time: int | None


def metrics_due(
    session: Session,
    start: datetime,
    end: datetime,
    as_of: datetime,
    account_ids: Sequence[int] | None = None,
) -> list[DueMetrics]:
    """Per (account, category) of the messages whose answer deadline fell in [start, end) and had passed by
    ``as_of`` (refused ones left out): how many, and how many were answered by the deadline."""
    query = (
        select(
            Message.account_id,
            Message.category,
            func.count().label("due"),
            _answered_on_time().label("on_time"),
        )
        .where(*_due_in(start, end, as_of))
        .group_by(Message.account_id, Message.category)
    )
    if account_ids is not None:
        query = query.where(Message.account_id.in_(account_ids))
    return rows_as(DueMetrics, session.execute(query))


def due_totals(session: Session, start: datetime, end: datetime, as_of: datetime) -> tuple[int, int]:
    """The totals of :func:`metrics_due` over every account: (due, answered on time), in one indexed pass."""
    row = session.execute(select(func.count(), _answered_on_time()).where(*_due_in(start, end, as_of))).one()
    return int(row[0] or 0), int(row[1] or 0)


class OpenMetrics(NamedTuple):
    account_id: int
    category: MessageCategory
    overdue: int | None
    long_open: int | None


def metrics_open(
    session: Session, as_of: datetime, long_before: datetime, account_ids: Sequence[int] | None = None
) -> list[OpenMetrics]:
    """Per (account, category) of the messages open at ``as_of`` (received by then, neither answered, refused nor
    closed by then — so a past period sees the messages still open on its last day, not today's): how many
    were past a deadline then (the answer's, or the first response's if none had been given) and how many
    had been received before ``long_before`` (3 months by default)."""
    done_by = or_(
        and_(Message.answered_at.is_not(None), Message.answered_at <= as_of),
        and_(Message.closed_at.is_not(None), Message.closed_at <= as_of),
        and_(Message.state == MessageState.REJECTED.value, Message.closed_at.is_(None)),
    )
    unanswered_first = or_(Message.first_response_at.is_(None), Message.first_response_at > as_of)
    late = or_(Message.answer_due < as_of, and_(unanswered_first, Message.first_response_due < as_of))
    query = (
        select(
            Message.account_id,
            Message.category,
            func.sum(case((late, 1), else_=0)).label("overdue"),
            func.sum(case((Message.received_at < long_before, 1), else_=0)).label("long_open"),
        )
        .where(Message.received_at < as_of, ~done_by)
        .group_by(Message.account_id, Message.category)
    )
    if account_ids is not None:
        query = query.where(Message.account_id.in_(account_ids))
    return rows_as(OpenMetrics, session.execute(query))


def account_units(session: Session) -> dict[int, tuple[str, int, str]]:
    """account id → (account name, unit id, unit name)."""
    rows = session.execute(
        select(Account.id, Account.name, Unit.id, Unit.name).join(Unit, Unit.id == Account.unit_id)
    )
    return {account_id: (name, unit_id, unit_name) for account_id, name, unit_id, unit_name in rows}


# --------------------------------------------------------------------------- export
class ExportRow(NamedTuple):
    message: Message
    account_name: str
    platform: Platform
    unit_name: str
    assigned_unit: str | None
    final_reply: str | None


def export_rows(session: Session, f: MessageFilter, now: datetime, batch: int = 2000) -> Iterator[ExportRow]:
    """Every message matching the filter, oldest first, with its names and its last final reply's text."""
    final_reply = (
        select(Reply.text)
        .where(Reply.message_id == Message.id, Reply.is_final.is_(True))
        .order_by(Reply.replied_at.desc(), Reply.id.desc())
        .limit(1)
        .scalar_subquery()
        .label("final_reply")
    )
    columns = (
        Message,
        Account.name.label("account_name"),
        Account.platform,
        _units()[0].name.label("unit_name"),
        _units()[1].name.label("assigned_unit"),
        final_reply,
    )
    conditions = _conditions(f, now)
    states = tuple(s for _, part in _segments(f, SORT_RECEIVED) for s in part)
    if not states:
        return
    last: tuple[datetime, int] | None = None
    while True:
        query = _base(columns).where(_state_in(states, False), *conditions)
        if last is not None:
            query = query.where(tuple_(Message.received_at, Message.id) > tuple_(*last))  # type: ignore[arg-type]  # as above
        rows = rows_as(
            ExportRow, session.execute(query.order_by(Message.received_at, Message.id).limit(batch))
        )
        if not rows:
            return
        yield from rows
        last = (rows[-1].message.received_at, rows[-1].message.id)
        session.expunge_all()  # keep memory flat over 200,000 messages


def units_by_name(session: Session) -> dict[str, int]:
    """Unit name and short name → id (for 办理部门 on import)."""
    out: dict[str, int] = {}
    for unit_id, name, short in session.execute(select(Unit.id, Unit.name, Unit.short_name)):
        out.setdefault(name.strip(), unit_id)
        if short and short.strip():
            out.setdefault(short.strip(), unit_id)
    return out
