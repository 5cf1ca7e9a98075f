"""Filing: running an account through its life cycle, the paper life of each form, scans of signed forms.

The state machine is ``gmdesk.domain.lifecycle``; this module only reads the facts it needs, applies what
:func:`~gmdesk.domain.lifecycle.plan` decided and records it in the audit log. An action the rules refuse
raises :class:`~gmdesk.domain.lifecycle.LifecycleError` with the reason, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from gmdesk.domain.enums import AccountState, FilingKind, FilingStatus, PaperState
from gmdesk.domain.lifecycle import (
    AccountDates,
    Action,
    ActionInput,
    LifecycleError,
    NewEvent,
    annual_review_window,
    plan,
)
from gmdesk.domain.permissions import Permission
from gmdesk.services import attachments, audit
from gmdesk.services.accounts_data import AttachmentRow
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.filings_events import add_event
from gmdesk.services.operators import require, requires
from gmdesk.services.policy import PolicyResolver
from gmdesk.store.models import Account, FilingEvent
from gmdesk.store.queries import accounts as account_queries
from gmdesk.store.queries import filings as queries

Refused = LifecycleError
PAPER_ORDER = (
    PaperState.NONE,
    PaperState.GENERATED,
    PaperState.PRINTED,
    PaperState.SIGNED,
    PaperState.SUBMITTED,
    PaperState.FILED,
)

DECISIONS = frozenset({Action.APPROVE, Action.RETURN, Action.ANNOUNCE, Action.RESUME})
"""Life-cycle steps that are decisions (批准开设, 退回, 停更公告, 撤销关停), not the recording of a fact."""


@dataclass(frozen=True)
class ActionResult:
    account_id: int
    action: Action
    before: AccountState
    after: AccountState
    created: tuple[tuple[int, FilingKind, date | None], ...]
    """(event id, kind, due date) of each event the action opened."""


def _account(session: Session, account_id: int) -> Account:
    account = account_queries.account(session, account_id)
    if account is None:
        raise Refused("该账号已不存在（可能已被删除），请刷新后重试")
    return account


def _history(event: FilingEvent, state: PaperState, operator: str, now: datetime, note: str = "") -> None:
    entry = {"state": state.value, "at": now.strftime("%Y-%m-%d %H:%M"), "operator": operator}
    if note:
        entry["note"] = note
    event.paper_history = [*(event.paper_history or []), entry]
    event.paper_state = state


def perform(
    session: Session,
    account_id: int,
    action: Action,
    given: ActionInput,
    operator: str,
    today: date,
    now: datetime | None = None,
) -> ActionResult:
    """Run one life-cycle action on an account, or refuse it with the reason (a decision needs a 负责人)."""
    require(session, operator, Permission.APPROVE if action in DECISIONS else Permission.RECORD)
    now = now or datetime.combine(today, datetime.min.time())
    account = _account(session, account_id)
    notices = queries.pending_of(session, account_id, [FilingKind.CLOSURE_NOTICE])
    facts = AccountDates(
        state=account.state,
        applied_on=account.applied_on,
        approved_on=account.approved_on,
        opened_on=account.opened_on,
        notice_on=account.notice_on,
        canceled_on=account.canceled_on,
        filing_number=account.filing_number or "",
        notice_period_end=notices[-1].due_on if notices else None,
    )
    profile = PolicyResolver(session).for_account(account)
    transition = plan(facts, action, given, profile.filing, load_work_calendar(session), today)
    before = account.state
    for name, value in transition.updates.items():
        setattr(account, name, value)
    account.state = transition.after
    day = transition.day or today
    for kind in transition.complete:
        events = queries.pending_of(session, account_id, [kind])
        if not events and kind in (FilingKind.OPEN_FILING, FilingKind.CANCEL_FILING):
            # taken over without the event (an import): record the filing as done now
            events = [
                add_event(session, account_id, NewEvent(kind, account.opened_on or day, None), operator)
            ]
        for event in events:
            _complete(
                event,
                day,
                transition.filing_number or account.filing_number or "",
                operator,
                now,
                paper=kind in (FilingKind.APPLICATION, FilingKind.OPEN_FILING, FilingKind.CANCEL_FILING),
            )
    for kind in transition.withdraw:
        for event in queries.pending_of(session, account_id, [kind]):
            event.status = FilingStatus.WITHDRAWN
            event.note = (event.note + "；" if event.note else "") + f"因“{action.label}”撤销"
    created = []
    for new in transition.create:
        if new.kind is FilingKind.APPLICATION and queries.pending_of(session, account_id, [new.kind]):
            continue  # the planned account's application is already there
        event = add_event(session, account_id, new, operator)
        created.append((event.id, new.kind, new.due_on))
    audit.record(
        session,
        operator,
        action.label,
        "account",
        account_id,
        {
            "before": before.label,
            "after": transition.after.label,
            "day": day.isoformat(),
            **({"filing_number": transition.filing_number} if transition.filing_number else {}),
            **({"note": given.note} if given.note else {}),
        },
    )
    return ActionResult(account_id, action, before, transition.after, tuple(created))


def _complete(event: FilingEvent, day: date, number: str, operator: str, now: datetime, paper: bool) -> None:
    event.status = FilingStatus.DONE
    event.completed_on = day
    if event.kind is not FilingKind.APPLICATION and event.kind is not FilingKind.CLOSURE_NOTICE:
        event.filing_number = number
        event.filed_on = day
    if paper and event.paper_state is not PaperState.FILED:
        _history(
            event, PaperState.FILED, operator, now, "批准" if event.kind is FilingKind.APPLICATION else ""
        )


# --------------------------------------------------------------------------- paper
def _event(session: Session, event_id: int) -> FilingEvent:
    event = queries.event(session, event_id)
    if event is None:
        raise Refused("该备案事项已不存在，请刷新后重试")
    return event


@requires(Permission.RECORD)
def set_paper_state(
    session: Session,
    event_id: int,
    state: PaperState,
    operator: str,
    now: datetime,
    filing_number: str = "",
    filed_on: date | None = None,
) -> None:
    """Move a form along 已生成 → 已打印 → 已签字盖章 → 已报送 → 已备案; 已备案 completes the event (with the
    备案编号 and date) and, for 开设/注销备案, the account's life-cycle step."""
    event = _event(session, event_id)
    if event.status is FilingStatus.WITHDRAWN:
        raise Refused("该事项已撤销，不能再登记纸质表格状态")
    if event.status is FilingStatus.DONE and state is not PaperState.FILED:
        raise Refused("该事项已办结，纸质表格状态不能再回退")
    if state is PaperState.NONE:
        raise Refused("请选择纸质表格的状态")
    if state is not PaperState.FILED:
        if state is not event.paper_state:
            _history(event, state, operator, now)
            audit.record(
                session, operator, f"表格{state.label}", "filing_event", event_id, {"kind": event.kind.label}
            )
        return
    file_event(session, event_id, filing_number, filed_on or now.date(), operator, now)


@requires(Permission.RECORD)
def file_event(
    session: Session, event_id: int, filing_number: str, day: date, operator: str, now: datetime
) -> None:
    """已备案: the 主管单位 accepted the form. Completes the event; 开设/注销 move the account on."""
    event = _event(session, event_id)
    today = now.date()
    if day > today:
        raise Refused("备案日期不能晚于今天")
    if event.status is FilingStatus.DONE:  # (two clerks at once: say who was first)
        filed = next(
            (h for h in reversed(event.paper_history or []) if h.get("state") == PaperState.FILED.value), None
        )
        by = f"已由{filed['operator']}于{filed['at']}登记" if filed and filed.get("operator") else "已"
        number = f"（备案编号 {event.filing_number}）" if event.filing_number else ""
        raise Refused(f"该事项{by}办结{number}，无需重复登记")
    account = _account(session, event.account_id)
    number = filing_number.strip()
    step = {
        (FilingKind.APPLICATION, AccountState.APPLYING): Action.APPROVE,
        (FilingKind.OPEN_FILING, AccountState.OPENED): Action.FILE_OPEN,
        (FilingKind.CANCEL_FILING, AccountState.CANCELED): Action.FILE_CANCEL,
    }.get((event.kind, account.state))
    if step is not None:
        perform(session, account.id, step, ActionInput(day, filing_number=number), operator, today, now)
        return
    if event.kind is FilingKind.APPLICATION:
        raise Refused("请先提交开设申请，再登记主管单位的批准")
    if event.kind is FilingKind.CLOSURE_NOTICE:
        _history(
            event, PaperState.FILED, operator, now
        )  # the notice's paper is filed; the event ends at 注销
        audit.record(session, operator, "表格已备案", "filing_event", event_id, {"kind": event.kind.label})
        return
    if event.kind is FilingKind.OPEN_FILING and not number:
        raise Refused("请填写主管单位给出的备案编号")
    _complete(event, day, number or account.filing_number or "", operator, now, paper=True)
    if event.kind is FilingKind.OPEN_FILING and number:
        account.filing_number, account.filed_on = number, day
    audit.record(
        session,
        operator,
        f"完成{event.kind.label}",
        "filing_event",
        event_id,
        {"day": day.isoformat(), "filing_number": event.filing_number},
    )


@requires(Permission.RECORD)
def mark_generated(session: Session, event_id: int, path: Path | str, operator: str, now: datetime) -> None:
    """A form was made for the event: remember the file, and start its paper life."""
    event = _event(session, event_id)
    event.form_path = str(path)
    if event.status is FilingStatus.PENDING and event.paper_state is PaperState.NONE:
        _history(event, PaperState.GENERATED, operator, now)


@requires(Permission.RECORD)
def mark_printed(session: Session, event_ids: list[int], operator: str, now: datetime) -> None:
    for event_id in event_ids:
        event = _event(session, event_id)
        if event.status is FilingStatus.PENDING and PAPER_ORDER.index(event.paper_state) < PAPER_ORDER.index(
            PaperState.PRINTED
        ):
            _history(event, PaperState.PRINTED, operator, now)


@requires(Permission.REVIEW)
def withdraw_event(session: Session, event_id: int, reason: str, operator: str) -> None:
    """Withdraw a 变更备案 or 年审 opened by mistake; the others follow the account's state."""
    event = _event(session, event_id)
    if event.status is not FilingStatus.PENDING:
        raise Refused("只能撤销待办事项")
    if event.kind not in (FilingKind.CHANGE_FILING, FilingKind.ANNUAL_REVIEW):
        raise Refused(
            f"“{event.kind.label}”随账号状态办理，不能单独撤销；请使用相应的流程操作（如“撤销关停”）"
        )
    if not reason.strip():
        raise Refused("请填写撤销原因")
    event.status = FilingStatus.WITHDRAWN
    event.note = (event.note + "；" if event.note else "") + f"撤销：{reason.strip()}"
    audit.record(
        session, operator, f"撤销{event.kind.label}", "filing_event", event_id, {"reason": reason.strip()}
    )


def annual_review_event(session: Session, account_id: int, year: int, operator: str) -> int:
    """The id of the account's 年审 of ``year``, recorded now if it was only owed (the duty exists without an
    event; the clerk's first act on it — paper state, scan, withdrawal — puts it in the records)."""
    account = _account(session, account_id)
    for event in queries.events_of(session, account_id):
        if event.kind is FilingKind.ANNUAL_REVIEW and event.triggered_on.year == year:
            return event.id
    first, due = annual_review_window(year, PolicyResolver(session).for_account(account).filing)
    return add_event(
        session,
        account_id,
        NewEvent(FilingKind.ANNUAL_REVIEW, first, due, note=f"{year}年度自查报告"),
        operator,
    ).id


def recorded_event_id(session: Session, event_id: int, account_id: int, year: int, operator: str) -> int:
    """``event_id``, or for a 年审 only owed (id 0) the id of the event that records it now."""
    return event_id or annual_review_event(session, account_id, year, operator)


@requires(Permission.RECORD)
def ensure_annual_reviews(session: Session, year: int, operator: str) -> int:
    """Record this year's 年审 for every public account that has none; returns how many were recorded (the
    duties exist without this: see ``gmdesk.domain.account_checks.owed_annual_reviews``)."""
    resolver = PolicyResolver(session)
    opened = 0
    for account in account_queries.all_accounts(session):
        if not account.state.is_live:
            continue
        rules = resolver.for_account(account).filing
        first, due = annual_review_window(year, rules)
        existing = [
            e
            for e in queries.events_of(session, account.id)
            if e.kind is FilingKind.ANNUAL_REVIEW and e.triggered_on.year == year
        ]
        if existing or (account.opened_on is not None and account.opened_on >= first):
            continue
        add_event(
            session,
            account.id,
            NewEvent(FilingKind.ANNUAL_REVIEW, first, due, note=f"{year}年度自查报告"),
            operator,
        )
        opened += 1
    return opened


# --------------------------------------------------------------------------- scans
@requires(Permission.RECORD)
def attach_scan(
    session: Session, event_id: int, source: Path, root: Path, operator: str, now: datetime
) -> AttachmentRow:
    """Copy a scan of the signed form into ``root`` (beside the database) and record it with its SHA-256."""
    event = _event(session, event_id)
    source = Path(source)
    if not source.is_file():
        raise Refused(f"找不到文件：{source}")
    sha = attachments.sha256_of(source)
    if any(a.sha256 == sha for a in event.attachments):
        raise Refused(f"文件“{source.name}”已附加到该事项")
    row = attachments.attach(
        session, source, root, str(event_id), now, sha, operator, filing_event_id=event_id
    )
    audit.record(
        session,
        operator,
        "附加扫描件",
        "filing_event",
        event_id,
        {"file": source.name, "sha256": sha, "size": row.size},
    )
    return row


verify_attachment = attachments.verify
"""True when the stored copy is still the file that was attached."""
