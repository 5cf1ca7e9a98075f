"""Queries of the self-inspection report: aggregates over a period (GROUP BY in SQLite, never a million rows
in Python), the security records, the 整改 items, the message case list and the reports kept.

Times are compared as the text SQLAlchemy stores (``YYYY-MM-DD HH:MM:SS.ffffff``), so the (status, at) and
(account_id, at) indexes answer the range conditions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from gmdesk.domain.enums import (
    FilingKind,
    FilingStatus,
    MessageCategory,
    MessageChannel,
    MessageState,
    PostKind,
    PostStatus,
    RectificationSource,
    RectificationState,
    Urgency,
)
from gmdesk.store.dialect import Sql, month_text
from gmdesk.store.models import (
    Account,
    FilingEvent,
    Message,
    PasswordRotation,
    RectificationItem,
    Report,
    RepostTarget,
    RepostTask,
    SecurityIncident,
    Unit,
)
from gmdesk.store.queries.messages import DONE_STATES, OPEN_STATES
from gmdesk.store.queries.posts import stored
from gmdesk.store.rows import rows_as, stream_as

PERIOD_FILINGS = (FilingKind.OPEN_FILING, FilingKind.CHANGE_FILING, FilingKind.CANCEL_FILING)


def _ids_clause(column: str, ids: Sequence[int] | None, q: Sql) -> tuple[str, list[Any]]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({q.params(len(ids))})" if ids else f" AND {q.false()}", list(ids)


class PostDay(NamedTuple):
    account_id: int
    day: str
    """``YYYY-MM-DD``."""
    original: int
    """原创 1, else 0."""
    posts: int
    reviewed: int | None
    """三审 complete."""
    important: int | None
    """重要信息."""
    signed: int | None
    """重要信息 with 审签."""


def post_days(session: Session, first: date, before: date, ids: Sequence[int] | None) -> list[PostDay]:
    """Published posts per (account, day, 原创?) in [first, before). One aggregate; rows come by account then
    day."""
    connection = session.connection()
    q = Sql(connection)
    where, params = _ids_clause("account_id", ids, q)
    at = q.datetime("at")
    signed = q.num("drafted_by != '' AND reviewed_by != '' AND approved_by != ''")
    approved = q.num("is_important AND approved_by != ''")
    sql = (
        f"SELECT account_id, {q.day('at')} AS day, {q.num(f'kind = {q.p}')} AS original, count(*) AS posts, "
        f"sum({signed}) AS reviewed, sum({q.num('is_important')}) AS important, sum({approved}) AS signed "
        f"FROM posts WHERE status = {q.p} AND {at} >= {q.p} AND {at} < {q.p}"
        + where
        + " GROUP BY account_id, day, original ORDER BY account_id, day"
    )
    values = (PostKind.ORIGINAL.value, PostStatus.PUBLISHED.value, stored(first), stored(before), *params)
    return rows_as(PostDay, connection.exec_driver_sql(sql, values))


class PeriodFiling(NamedTuple):
    account_id: int
    kind: FilingKind
    due_on: date | None
    completed_on: date | None


def period_filings(
    session: Session, first: date, last: date, ids: Sequence[int] | None
) -> list[PeriodFiling]:
    """The 开设/变更/注销备案 triggered in the period."""
    query = select(
        FilingEvent.account_id, FilingEvent.kind, FilingEvent.due_on, FilingEvent.completed_on
    ).where(
        FilingEvent.kind.in_([k.value for k in PERIOD_FILINGS]),
        FilingEvent.status != FilingStatus.WITHDRAWN.value,
        FilingEvent.triggered_on >= first,
        FilingEvent.triggered_on <= last,
    )
    if ids is not None:
        query = query.where(FilingEvent.account_id.in_(list(ids)))
    return rows_as(PeriodFiling, session.execute(query))


class RepostDuty(NamedTuple):
    account_id: int
    targets: int
    on_time: int | None
    late: int | None
    missed: int | None
    """Not done and due before ``now``."""


def repost_duties(
    session: Session, first: datetime, before: datetime, now: datetime, ids: Sequence[int] | None
) -> list[RepostDuty]:
    """Per account, the targets of tasks due in [first, before) and how they were done."""
    query = (
        select(
            RepostTarget.account_id,
            func.count().label("targets"),
            func.sum(
                case(
                    (and_(RepostTarget.done_at.is_not(None), RepostTarget.done_at <= RepostTask.due_at), 1),
                    else_=0,
                )
            ).label("on_time"),
            func.sum(case((RepostTarget.done_at > RepostTask.due_at, 1), else_=0)).label("late"),
            func.sum(case((and_(RepostTarget.done_at.is_(None), RepostTask.due_at < now), 1), else_=0)).label(
                "missed"
            ),
        )
        .join(RepostTask, RepostTask.id == RepostTarget.task_id)
        .where(RepostTask.due_at >= first, RepostTask.due_at < before)
        .group_by(RepostTarget.account_id)
    )
    if ids is not None:
        query = query.where(RepostTarget.account_id.in_(list(ids)))
    return rows_as(RepostDuty, session.execute(query))


def repost_task_count(session: Session, first: datetime, before: datetime, ids: Sequence[int] | None) -> int:
    query = (
        select(func.count(func.distinct(RepostTask.id)))
        .join(RepostTarget, RepostTarget.task_id == RepostTask.id)
        .where(RepostTask.due_at >= first, RepostTask.due_at < before)
    )
    if ids is not None:
        query = query.where(RepostTarget.account_id.in_(list(ids)))
    return int(session.scalar(query) or 0)


class Rotations(NamedTuple):
    account_id: int
    changes: int
    handovers: int | None


def rotations(session: Session, first: date, last: date, ids: Sequence[int] | None) -> list[Rotations]:
    """Per account, password changes in the period."""
    query = (
        select(
            PasswordRotation.account_id,
            func.count().label("changes"),
            func.sum(case((PasswordRotation.is_handover, 1), else_=0)).label("handovers"),
        )
        .where(PasswordRotation.rotated_on >= first, PasswordRotation.rotated_on <= last)
        .group_by(PasswordRotation.account_id)
    )
    if ids is not None:
        query = query.where(PasswordRotation.account_id.in_(list(ids)))
    return rows_as(Rotations, session.execute(query))


class Incident(NamedTuple):
    account_id: int | None
    occurred_on: date
    account_name: str
    kind: str
    description: str
    handling: str
    resolved_on: date | None


def incidents(session: Session, first: date, last: date, ids: Sequence[int] | None) -> list[Incident]:
    """The security incidents of the period, by date."""
    query = (
        select(
            SecurityIncident.account_id,
            SecurityIncident.occurred_on,
            func.coalesce(Account.name, "").label("account_name"),
            SecurityIncident.kind,
            SecurityIncident.description,
            SecurityIncident.handling,
            SecurityIncident.resolved_on,
        )
        .outerjoin(Account, Account.id == SecurityIncident.account_id)
        .where(SecurityIncident.occurred_on >= first, SecurityIncident.occurred_on <= last)
        .order_by(SecurityIncident.occurred_on, SecurityIncident.id)
    )
    if ids is not None:
        query = query.where(SecurityIncident.account_id.in_(list(ids)))
    return rows_as(Incident, session.execute(query))


class PeriodRectification(NamedTuple):
    id: int
    account_name: str
    problem: str
    measure: str
    responsible: str
    due_on: date | None
    state: RectificationState
    completed_on: date | None
    source: RectificationSource
    account_id: int | None
    rule: str


def rectifications(
    session: Session, first: date, last: date, unit_id: int | None, ids: Sequence[int] | None
) -> list[PeriodRectification]:
    """整改 items of the period (opened by its end and not completed before its start), read only."""
    query = (
        select(
            RectificationItem.id,
            func.coalesce(Account.name, "").label("account_name"),
            RectificationItem.problem,
            RectificationItem.measure,
            RectificationItem.responsible,
            RectificationItem.due_on,
            RectificationItem.state,
            RectificationItem.completed_on,
            RectificationItem.source,
            RectificationItem.account_id,
            RectificationItem.rule,
        )
        .outerjoin(Account, Account.id == RectificationItem.account_id)
        .where(RectificationItem.opened_on <= last)
        .where((RectificationItem.completed_on.is_(None)) | (RectificationItem.completed_on >= first))
        .order_by(RectificationItem.opened_on, RectificationItem.id)
    )
    if unit_id is not None:
        scope = RectificationItem.unit_id == unit_id
        if ids:
            scope = scope | RectificationItem.account_id.in_(list(ids))
        query = query.where(scope)
    return rows_as(PeriodRectification, session.execute(query))


def annual_reviews(session: Session, year: int, ids: Sequence[int] | None) -> dict[int, date | None]:
    """account id → completion day (None while pending) of its 年审 of ``year`` (withdrawn ones left out)."""
    query = select(FilingEvent.account_id, FilingEvent.completed_on).where(
        FilingEvent.kind == FilingKind.ANNUAL_REVIEW.value,
        FilingEvent.status != FilingStatus.WITHDRAWN.value,
        FilingEvent.triggered_on >= date(year, 1, 1),
        FilingEvent.triggered_on <= date(year, 12, 31),
    )
    if ids is not None:
        query = query.where(FilingEvent.account_id.in_(list(ids)))
    out: dict[int, date | None] = {}
    for account_id, completed_on in session.execute(query):
        if account_id not in out or (
            completed_on is not None and (out[account_id] is None or completed_on < out[account_id])
        ):
            out[account_id] = completed_on
    return out


class ReplyMonth(NamedTuple):
    month: str
    """``YYYY-MM``."""
    due: int
    on_time: int | None
    """Answered by the deadline."""


def reply_months(
    session: Session, first: datetime, before: datetime, now: datetime, ids: Sequence[int] | None
) -> list[ReplyMonth]:
    """Per month of the answer deadline, how many fell due and how many were answered by it — the same
    definition as ``reply_metrics`` (deadline in the period and passed by ``now``, refused ones left out)."""
    states = tuple(s for s in OPEN_STATES + DONE_STATES if s != "rejected")
    on_time = and_(Message.answered_at.is_not(None), Message.answered_at <= Message.answer_due)
    month = month_text(Message.answer_due)
    query = (
        select(
            month.label("month"),
            func.count().label("due"),
            func.sum(case((on_time, 1), else_=0)).label("on_time"),
        )
        .where(Message.state.in_(states), Message.answer_due >= first, Message.answer_due < min(before, now))
        .group_by(month)
        .order_by(month)
    )
    if ids is not None:
        query = query.where(Message.account_id.in_(list(ids)))
    return rows_as(ReplyMonth, session.execute(query))


class MessageCase(NamedTuple):
    id: int
    account_name: str
    channel: MessageChannel
    received_at: datetime
    category: MessageCategory
    urgency: Urgency
    writer_name: str
    writer_contact: str
    content: str
    state: MessageState
    answer_due: datetime | None
    answered_at: datetime | None


def message_cases(
    session: Session, first: datetime, before: datetime, ids: Sequence[int] | None, batch: int = 5000
) -> Iterator[MessageCase]:
    """Messages received in [first, before), not 保密, oldest first, streamed."""
    query = (
        select(
            Message.id,
            Account.name.label("account_name"),
            Message.channel,
            Message.received_at,
            Message.category,
            Message.urgency,
            Message.writer_name,
            Message.writer_contact,
            Message.content,
            Message.state,
            Message.answer_due,
            Message.answered_at,
        )
        .join(Account, Account.id == Message.account_id)
        .where(Message.received_at >= first, Message.received_at < before, Message.confidential.is_(False))
        .order_by(Message.received_at, Message.id)
    )
    if ids is not None:
        query = query.where(Message.account_id.in_(list(ids)))
    yield from stream_as(MessageCase, session.execute(query.execution_options(yield_per=batch)))


def confidential_count(session: Session, first: datetime, before: datetime, ids: Sequence[int] | None) -> int:
    query = (
        select(func.count())
        .select_from(Message)
        .where(Message.received_at >= first, Message.received_at < before, Message.confidential.is_(True))
    )
    if ids is not None:
        query = query.where(Message.account_id.in_(list(ids)))
    return int(session.scalar(query) or 0)


def unit_name(session: Session, unit_id: int) -> str | None:
    return session.scalar(select(Unit.name).where(Unit.id == unit_id))


class UnitName(NamedTuple):
    id: int
    name: str


def unit_by_name(session: Session, name: str) -> list[UnitName]:
    """The units whose full or short name is ``name``."""
    return rows_as(
        UnitName,
        session.execute(
            select(Unit.id, Unit.name)
            .where((Unit.name == name) | (Unit.short_name == name))
            .order_by(Unit.id)
        ),
    )


# --------------------------------------------------------------------------- reports kept
def add_report(session: Session, report: Report) -> Report:
    session.add(report)
    session.flush()
    return report


def report(session: Session, report_id: int) -> Report | None:
    return session.get(Report, report_id)


class ReportWithUnit(NamedTuple):
    report: Report
    unit_name: str | None
    """None for a report of the whole county."""


def reports(session: Session) -> list[ReportWithUnit]:
    """The reports kept, newest first."""
    return rows_as(
        ReportWithUnit,
        session.execute(
            select(Report, Unit.name.label("unit_name"))
            .outerjoin(Unit, Unit.id == Report.unit_id)
            .order_by(Report.generated_at.desc(), Report.id.desc())
        ),
    )


def reports_of_year(session: Session, kind: str, year: int) -> int:
    """How many reports of ``kind`` were generated in ``year`` (a 通报's sequence number follows them)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Report)
            .where(
                Report.kind == kind,
                Report.generated_at >= datetime(year, 1, 1),
                Report.generated_at < datetime(year + 1, 1, 1),
            )
        )
        or 0
    )
