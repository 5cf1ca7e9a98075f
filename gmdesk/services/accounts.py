"""The account ledger: list, detail, create and edit accounts (domain §1–§2).

Editing a filed account's 账号名称, 认证主体, 分管负责人 or 管理员 opens a 变更备案 by itself; a new account
starts with the events its state owes (see ``gmdesk.domain.lifecycle.initial_events``). Every change is
recorded in the audit log.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.domain.account_checks import DEADLINE_KINDS
from gmdesk.domain.enums import AccountState, FilingKind, Role
from gmdesk.domain.findings import RuleId
from gmdesk.domain.lifecycle import (
    DEADLINE_STATES_ORDER,
    DeadlineState,
    LifecycleError,
    allowed_actions,
    deadline_state,
    deadline_unit,
    deletion_refusal,
    filing_label,
    remaining_text,
    span_text,
    window_opens,
)
from gmdesk.domain.permissions import Permission
from gmdesk.domain.policy import FilingRules
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services import audit
from gmdesk.services import settings as office_settings
from gmdesk.services.accounts_checks import AreaFacts, findings_for, load_facts
from gmdesk.services.accounts_data import (
    AccountDetail,
    AccountForm,
    Ledger,
    LedgerRow,
    PersonRef,
    RotationRow,
)
from gmdesk.services.accounts_org import unit_info, unit_infos
from gmdesk.services.accounts_save import form_of, require_account
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.checks import run_checks
from gmdesk.services.filings_events import event_rows
from gmdesk.services.operators import requires
from gmdesk.services.policy import PolicyResolver, rules_summary
from gmdesk.store.models import PasswordRotation
from gmdesk.store.queries import accounts as queries

Refused = LifecycleError
"""What the services raise when a rule refuses an edit; the message says why, in Chinese."""

HINTS = {
    RuleId.DUPLICATE_PLATFORM: "重复开设",
    RuleId.PASSWORD_ROTATION: "密码管理",
    RuleId.ENTITY_MISMATCH: "认证主体不符",
}

OWED_KINDS = (FilingKind.OPEN_FILING, FilingKind.CHANGE_FILING, FilingKind.CANCEL_FILING)
"""The filings whose absence makes the account's 备案 incomplete (年审 and the notice show as deadlines)."""

STATE_FILING_STATUS = {
    AccountState.PROPOSED: "未申请",
    AccountState.APPLYING: "申请待批",
    AccountState.APPROVED: "已批准待开设",
    AccountState.OPENED: "未备案",
    AccountState.RUNNING: "已备案",
    AccountState.CLOSING: "停更公告期",
    AccountState.CANCELED: "待注销备案",
    AccountState.CLOSED: "已注销备案",
}


# --------------------------------------------------------------------------- the ledger
def ledger(session: Session, as_of: date) -> Ledger:
    """Every account with its people, its filing status and its next deadline (a few queries in all)."""
    calendar = load_work_calendar(session)
    facts = load_facts(session, whole_accounts=True, as_of=as_of)
    units = unit_infos(session)
    unit_names = {u.id: u.name for u in units}
    holders = _holders(session)
    pending = _pending(facts)
    hints = _hints(facts, as_of, calendar)

    rows = []
    item_counts: Counter[DeadlineState] = Counter()
    for account in facts.accounts.values():
        people = holders.get(account.id, {})
        admin, admin_phone = people.get((Role.ADMIN, 0), ("", ""))
        principal = people.get((Role.PRINCIPAL, 0), ("", ""))[0]
        rules = facts.rules_for(account.id)
        events = pending.get(account.id, [])
        state, text, tip, next_kind, next_due = _next_deadline(events, as_of, rules, calendar, item_counts)
        owed = [f.kind.label for f in events if f.kind in OWED_KINDS]
        status = "待" + "、".join(dict.fromkeys(owed)) if owed else STATE_FILING_STATUS[account.state]
        unit_name = unit_names.get(account.unit_id, "")
        account_hints = _account_hints(account, hints.get(account.id, []))
        search = _search_text(account, unit_name, admin, principal, status)
        rows.append(
            LedgerRow(
                id=account.id,
                unit_id=account.unit_id,
                unit_name=unit_name,
                name=account.name,
                platform=account.platform,
                state=account.state,
                platform_account_id=account.platform_account_id or "",
                opened_on=account.opened_on,
                filing_number=account.filing_number or "",
                filing_status=status,
                admin=admin,
                admin_phone=admin_phone,
                principal=principal,
                next_kind=next_kind,
                next_due=next_due,
                deadline=state,
                deadline_text=text,
                deadline_tip=tip,
                pending_count=len(events),
                hints="、".join(dict.fromkeys(h for h, _ in account_hints)),
                hints_tip="\n".join(m for _, m in account_hints),
                search_text=search,
            )
        )
    rows.sort(key=lambda r: (r.unit_name, r.name, r.id))
    return Ledger(
        as_of=as_of,
        rows=rows,
        units=units,
        overdue=sum(r.overdue for r in rows),
        due_soon=sum(r.due_soon for r in rows),
        profile_name=facts.policies.active.name,
        overdue_items=item_counts[DeadlineState.OVERDUE],
        due_soon_items=item_counts[DeadlineState.DUE_SOON],
    )


def _account_hints(account: Any, hints: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The account's hints, with 互动未开放 when a live account has interaction switched off."""
    if account.state.is_live and not account.interaction_enabled:
        # the rule itself (NO_INTERACTION) belongs to the frequency checks; the ledger shows the switch
        return [*hints, ("互动未开放", "留言/评论/私信功能未开放：单项否决风险")]
    return hints


def _search_text(account: Any, unit_name: str, admin: str, principal: str, status: str) -> str:
    """What the ledger's search box matches the row against, lower-cased."""
    return " ".join(
        (
            unit_name,
            account.name,
            account.platform.label,
            account.platform_account_id or "",
            admin,
            principal,
            account.filing_number or "",
            account.state.label,
            status,
        )
    ).lower()


def _holders(session: Session) -> dict[int, dict[tuple[Role, int], tuple[str, str]]]:
    """Per account, the name and phone of each 管理员 and 分管负责人 by role and position."""
    holders: dict[int, dict[tuple[Role, int], tuple[str, str]]] = defaultdict(dict)
    for holder in queries.role_holders(session, (Role.ADMIN, Role.PRINCIPAL)):
        holders[holder.account_id][(holder.role, holder.position)] = (holder.name, holder.phone)
    return holders


def _pending(facts: AreaFacts) -> dict[int, list[Any]]:
    """Per account, its pending filings."""
    pending: dict[int, list[Any]] = defaultdict(list)
    for filing in facts.pending:
        pending[filing.account_id].append(filing)
    return pending


def _hints(facts: AreaFacts, as_of: date, calendar: WorkCalendar) -> dict[int, list[tuple[str, str]]]:
    """Per account, the short hint and the message of each finding the ledger shows."""
    hints: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for finding in findings_for(facts, as_of, calendar):
        if finding.rule in HINTS and finding.account_id is not None:
            hints[finding.account_id].append((HINTS[RuleId(finding.rule)], finding.message))
    return hints


def _next_deadline(
    events: list[Any],
    as_of: date,
    rules: FilingRules,
    calendar: WorkCalendar,
    item_counts: Counter[DeadlineState],
) -> tuple[DeadlineState, str, str, FilingKind | None, date | None]:
    """The most pressing dated filing's state, text, tooltip, kind and due day (each dated filing's state
    is counted into ``item_counts``)."""
    best = None
    best_key: tuple[int, date] | None = None
    for filing in events:
        if filing.due_on is None:
            continue
        state = (
            deadline_state(
                filing.due_on, as_of, rules, calendar, window_opens(filing.kind, filing.triggered_on)
            )
            if filing.kind in DEADLINE_KINDS
            else DeadlineState.OPEN
        )
        item_counts[state] += 1
        key = (-DEADLINE_STATES_ORDER.index(state), filing.due_on)
        if best_key is None or key < best_key:
            best, best_key = (filing, state), key
    if best is None:
        return DeadlineState.NONE, "", "", None, None
    filing, state = best
    when = remaining_text(filing.due_on, as_of, calendar, deadline_unit(filing.kind, rules))
    label = (
        "停更公告期满"
        if filing.kind is FilingKind.CLOSURE_NOTICE
        else filing_label(filing.kind, filing.triggered_on)
    )
    text = f"{label} {filing.due_on.isoformat()}（{when}）"
    tip = f"{label}：{span_text(filing.kind, rules)}，期限{filing.due_on.isoformat()}，{when}"
    if state is DeadlineState.OVERDUE:
        tip = f"FILING_OVERDUE 备案逾期 — {tip}"
    elif state is DeadlineState.DUE_SOON:
        tip = f"FILING_DUE_SOON 备案即将到期 — {tip}"
    return state, text, tip, filing.kind, filing.due_on


# --------------------------------------------------------------------------- one account
def account_form(session: Session, account_id: int) -> AccountForm:
    return form_of(require_account(session, account_id))


def supervisor_of(session: Session, unit_supervisor: str) -> str:
    return unit_supervisor.strip() or str(office_settings.get(session, office_settings.SUPERVISOR_NAME) or "")


def account_detail(
    session: Session, account_id: int, as_of: date, with_findings: bool = True
) -> AccountDetail:
    account = require_account(session, account_id)
    calendar = load_work_calendar(session)
    resolver = PolicyResolver(session)
    profile = resolver.for_account(account)
    people = {
        (r.role, r.position): PersonRef(r.person_id, r.person.name, r.person.title, r.person.phone)
        for r in account.roles
    }
    rotations = [
        RotationRow(r.rotated_on, _person_name(session, r.custodian_id), r.is_handover, r.note or "")
        for r in queries.rotations_of(session, account_id)
    ]
    findings = run_checks(session, as_of, account_ids=[account_id]) if with_findings else []
    return AccountDetail(
        form=form_of(account),
        unit=unit_info(session, account.unit_id),
        state=account.state,
        applied_on=account.applied_on,
        approved_on=account.approved_on,
        notice_on=account.notice_on,
        canceled_on=account.canceled_on,
        closed_on=account.closed_on,
        close_reason=account.close_reason or "",
        replacement_account=account.replacement_account or "",
        custodian=account.password_custodian.name if account.password_custodian else "",
        people=people,
        events=event_rows(session, account_id, as_of, profile.filing, calendar),
        actions=allowed_actions(account.state),
        deletable=deletion_refusal(account.state) is None,
        findings=findings,
        rotations=rotations,
        profile_name=profile.name,
        supervisor=supervisor_of(session, account.unit.supervisor or ""),
        rules_source=resolver.source_of(account),
        rules=tuple(rules_summary(profile)),
    )


def _person_name(session: Session, person_id: int | None) -> str:
    if person_id is None:
        return ""
    person = queries.person(session, person_id)
    return person.name if person else ""


@requires(Permission.RECORD)
def record_password_rotation(
    session: Session,
    account_id: int,
    day: date,
    custodian_id: int | None,
    is_handover: bool,
    note: str,
    operator: str,
    today: date,
) -> None:
    """登记更换密码: the date and who holds the new password (never the password itself)."""
    if day > today:
        raise Refused("更换日期不能晚于今天")
    account = require_account(session, account_id)
    session.add(
        PasswordRotation(
            account_id=account_id,
            rotated_on=day,
            custodian_id=custodian_id,
            is_handover=is_handover,
            note=note.strip(),
        )
    )
    if account.password_rotated_on is None or day >= account.password_rotated_on:
        account.password_rotated_on = day
    if custodian_id is not None:
        account.password_custodian_id = custodian_id
    audit.record(
        session,
        operator,
        "登记更换密码",
        "account",
        account_id,
        {"day": day.isoformat(), "custodian_id": custodian_id, "handover": is_handover},
    )


@requires(Permission.DELETE)
def delete_account(session: Session, account_id: int, operator: str) -> None:
    """Only an account that never went public may be deleted (it owes no record)."""
    account = require_account(session, account_id)
    reason = deletion_refusal(account.state)
    if reason is not None:
        raise Refused(reason)
    audit.record(
        session,
        operator,
        "删除账号",
        "account",
        account_id,
        {"name": account.name, "state": account.state.label},
    )
    session.delete(account)
