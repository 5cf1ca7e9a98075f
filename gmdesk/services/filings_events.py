"""Filing events as rows for the UI, and how new ones are written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from gmdesk.domain.account_checks import DEADLINE_KINDS
from gmdesk.domain.enums import FilingKind, FilingStatus, PaperState, TimeUnit
from gmdesk.domain.lifecycle import (
    DeadlineState,
    NewEvent,
    annual_review_window,
    deadline_state,
    deadline_unit,
    owes_annual_review,
    remaining_text,
    review_year,
    span_text,
    window_opens,
)
from gmdesk.domain.permissions import Permission
from gmdesk.domain.policy import FilingRules
from gmdesk.domain.workdays import WorkCalendar, provisional_note
from gmdesk.services import audit
from gmdesk.services.accounts_data import EventRow
from gmdesk.services.attachments import ATTACHMENTS_FOLDER, attachments_root, root_of, rows_of
from gmdesk.services.operators import requires
from gmdesk.store.models import FilingEvent
from gmdesk.store.queries import accounts as account_queries
from gmdesk.store.queries import filings as queries

__all__ = [
    "ATTACHMENTS_FOLDER",
    "add_event",
    "attachments_root",
    "event_row",
    "event_rows",
    "owed_review_row",
]


@requires(Permission.RECORD)
def add_event(
    session: Session,
    account_id: int,
    new: NewEvent,
    operator: str,
    changes: list[dict[str, str]] | None = None,
) -> FilingEvent:
    done = new.done_on is not None
    event = queries.add(
        session,
        FilingEvent(
            account_id=account_id,
            kind=new.kind,
            status=FilingStatus.DONE if done else FilingStatus.PENDING,
            triggered_on=new.triggered_on,
            due_on=new.due_on,
            completed_on=new.done_on,
            changes=changes or [],
            close_reason=new.close_reason,
            notice_on=new.notice_on,
            replacement_account=new.replacement_account,
            paper_state=PaperState.NONE,
            paper_history=[],
            form_path="",
            filing_number="",
            operator=operator,
            note=new.note,
        ),
    )
    detail: dict[str, object] = {
        "kind": new.kind.label,
        "triggered_on": new.triggered_on.isoformat(),
        "due_on": new.due_on.isoformat() if new.due_on else None,
    }
    if changes:
        detail["changes"] = changes
    audit.record(session, operator, f"新增{new.kind.label}事项", "filing_event", event.id, detail)
    return event


def event_row(
    session: Session,
    event: FilingEvent,
    as_of: date,
    rules: FilingRules,
    calendar: WorkCalendar,
    root: Path | None,
) -> EventRow:
    pending = event.status is FilingStatus.PENDING
    state = DeadlineState.NONE
    remaining = ""
    if pending and event.due_on is not None:
        state = (
            deadline_state(event.due_on, as_of, rules, calendar, window_opens(event.kind, event.triggered_on))
            if event.kind in DEADLINE_KINDS
            else DeadlineState.OPEN
        )
        remaining = remaining_text(event.due_on, as_of, calendar, deadline_unit(event.kind, rules))
    attachments = rows_of(session, event.attachments, root)
    return EventRow(
        id=event.id,
        account_id=event.account_id,
        kind=event.kind,
        status=event.status,
        triggered_on=event.triggered_on,
        due_on=event.due_on,
        completed_on=event.completed_on,
        deadline=state,
        remaining=remaining,
        rule_text=span_text(event.kind, rules),
        paper_state=event.paper_state,
        paper_history=list(event.paper_history or []),
        filing_number=event.filing_number or "",
        filed_on=event.filed_on,
        changes=[dict(c) for c in (event.changes or [])],
        close_reason=event.close_reason or "",
        notice_on=event.notice_on,
        replacement_account=event.replacement_account or "",
        form_path=event.form_path or "",
        note=event.note or "",
        operator=event.operator or "",
        attachments=attachments,
        provisional=provisional_note(calendar, [event.due_on])
        if pending and deadline_unit(event.kind, rules) is TimeUnit.WORKDAY
        else "",
    )


def event_rows(
    session: Session,
    account_id: int,
    as_of: date,
    rules: FilingRules,
    calendar: WorkCalendar,
    root: Path | None = None,
) -> list[EventRow]:
    """An account's events, pending first (soonest due first), then done ones newest first."""
    if root is None:
        root = root_of(session)
    events = queries.events_of(session, account_id)
    rows = [event_row(session, e, as_of, rules, calendar, root) for e in events]
    owed = owed_review_row(session, account_id, as_of, rules, calendar, events)
    if owed is not None:
        rows.append(owed)
    pending = sorted(
        (r for r in rows if r.pending), key=lambda r: (r.due_on is None, r.due_on or date.max, r.id)
    )
    return pending + [r for r in rows if not r.pending]


def owed_review_row(
    session: Session,
    account_id: int,
    as_of: date,
    rules: FilingRules,
    calendar: WorkCalendar,
    events: Sequence[FilingEvent] | None = None,
) -> EventRow | None:
    """The 年审 the account owes on ``as_of`` and that is not in its records yet, as a pending row with id 0
    (acting on it records it: see ``filings.annual_review_event``)."""
    account = account_queries.account(session, account_id)
    if account is None:
        return None
    year = review_year(as_of, rules)
    if not owes_annual_review(account.state, account.opened_on, year, rules):
        return None
    listed = events if events is not None else queries.events_of(session, account_id)
    if any(e.kind is FilingKind.ANNUAL_REVIEW and e.triggered_on.year == year for e in listed):
        return None
    first, due = annual_review_window(year, rules)
    return EventRow(
        id=0,
        account_id=account_id,
        kind=FilingKind.ANNUAL_REVIEW,
        status=FilingStatus.PENDING,
        triggered_on=first,
        due_on=due,
        completed_on=None,
        deadline=deadline_state(due, as_of, rules, calendar, first),
        remaining=remaining_text(due, as_of, calendar, deadline_unit(FilingKind.ANNUAL_REVIEW, rules)),
        rule_text=span_text(FilingKind.ANNUAL_REVIEW, rules),
        paper_state=PaperState.NONE,
        paper_history=[],
        filing_number="",
        filed_on=None,
        changes=[],
        close_reason="",
        notice_on=None,
        replacement_account="",
        form_path="",
        note=f"{year}年度年审（年度自查报告）：所有{first.month}月1日前开设的运行中账号均须办理，尚未登记",
        operator="",
        attachments=[],
    )
