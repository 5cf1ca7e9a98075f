"""Creating and editing accounts (the account dialog and the ledger import both come through here).

An edit of a filed account's 账号名称, 认证主体, 分管负责人 or 管理员 opens a 变更备案 by itself, or adds to the
one whose form is not yet made; a new account starts with the events its state owes. People are chosen
from the unit's list or typed in (a new name becomes a person of the unit); a title or phone edited in
place updates the person, who may serve several accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.documents.safe_text import clean_text
from gmdesk.domain.account_changes import Snapshot, detect_changes, merge_changes
from gmdesk.domain.enums import FilingKind, FilingStatus, PaperState, Role
from gmdesk.domain.lifecycle import (
    CHANGE_FILING_STATES,
    LifecycleError,
    NewEvent,
    check_initial,
    due_date,
    initial_events,
)
from gmdesk.domain.permissions import Permission
from gmdesk.domain.policy import FilingRules
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services import audit
from gmdesk.services.accounts_data import AccountForm, RoleAssignment, SaveResult
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.conflicts import check_version
from gmdesk.services.filings_events import add_event
from gmdesk.services.operators import requires
from gmdesk.services.policy import PolicyResolver
from gmdesk.store.models import Account, AccountRole, PasswordRotation, Person
from gmdesk.store.queries import accounts as queries
from gmdesk.store.queries import filings as filing_queries

Refused = LifecycleError

TEXT_FIELDS = (
    "name",
    "platform_account_id",
    "home_url",
    "verified_entity",
    "filing_number",
    "purpose",
    "scope",
    "ops_vendor",
    "note",
)
VALUE_FIELDS = (
    "platform",
    "is_verified",
    "opened_on",
    "filed_on",
    "ops_mode",
    "interaction_enabled",
    "followers",
    "password_custodian_id",
)
FIELD_LABELS = {
    "name": "账号名称",
    "platform": "平台",
    "platform_account_id": "账号ID",
    "home_url": "主页链接",
    "verified_entity": "认证主体",
    "is_verified": "是否认证",
    "opened_on": "开设时间",
    "filing_number": "备案编号",
    "filed_on": "备案日期",
    "purpose": "宗旨",
    "scope": "主要栏目",
    "ops_mode": "运维方式",
    "ops_vendor": "运维单位",
    "interaction_enabled": "互动功能",
    "followers": "关注数",
    "password_custodian_id": "密码保管人",
    "password_rotated_on": "最近更换密码",
    "plan": "实施方案要点",
    "note": "备注",
    "unit_id": "主办单位",
}


@dataclass
class SaveContext:
    """What saving needs beyond the form, read once for many saves (an import of thousands of rows)."""

    session: Session
    keys_checked: bool = False
    """The caller already made sure no two accounts share 主办单位 + 平台 + 账号名称 (an import does)."""
    _resolver: PolicyResolver | None = None
    _calendar: WorkCalendar | None = None
    _rules: dict[int, FilingRules] = field(default_factory=dict)

    def rules(self, account: Account) -> FilingRules:
        if self._resolver is None:
            self._resolver = PolicyResolver(self.session)
        return self._resolver.for_account(account).filing

    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            self._calendar = load_work_calendar(self.session)
        return self._calendar


def require_account(session: Session, account_id: int) -> Account:
    """The account (from the session's identity map when already loaded, as an import preloads them)."""
    account = queries.account(session, account_id)
    if account is None:
        raise Refused("该账号已不存在（可能已被删除），请刷新后重试")
    return account


def form_of(account: Account) -> AccountForm:
    roles = tuple(
        RoleAssignment(
            r.role, r.position, r.person_id, r.person.name, r.person.title or "", r.person.phone or ""
        )
        for r in sorted(account.roles, key=lambda r: (list(Role).index(r.role), r.position))
    )
    return AccountForm(
        id=account.id,
        unit_id=account.unit_id,
        name=account.name,
        platform=account.platform,
        state=account.state,
        platform_account_id=account.platform_account_id or "",
        home_url=account.home_url or "",
        verified_entity=account.verified_entity or "",
        is_verified=bool(account.is_verified),
        opened_on=account.opened_on,
        filing_number=account.filing_number or "",
        filed_on=account.filed_on,
        purpose=account.purpose or "",
        scope=account.scope or "",
        ops_mode=account.ops_mode,
        ops_vendor=account.ops_vendor or "",
        plan=dict(account.plan or {}),
        interaction_enabled=bool(account.interaction_enabled),
        followers=account.followers or 0,
        password_custodian_id=account.password_custodian_id,
        password_rotated_on=account.password_rotated_on,
        note=account.note or "",
        roles=roles,
        version=account.version,
    )


def snapshot(account: Account) -> Snapshot:
    holders = {(r.role, r.position): r.person for r in account.roles}
    deputy, admin = holders.get((Role.DEPUTY, 0)), holders.get((Role.ADMIN, 0))
    return Snapshot(
        account.name,
        account.verified_entity or "",
        deputy.name if deputy else "",
        (deputy.phone or "") if deputy else "",
        admin.name if admin else "",
        (admin.phone or "") if admin else "",
    )


def _validated(session: Session, form: AccountForm, today: date, context: SaveContext) -> str:
    """The cleaned name, after the checks every save makes; Refused with the reason otherwise."""
    name = clean_text(form.name).strip()
    if not name:
        raise Refused("请填写账号名称")
    unit = queries.unit(session, form.unit_id)
    if unit is None:
        raise Refused("请选择主办单位")
    clash = (
        None if context.keys_checked else queries.account_by_key(session, form.unit_id, form.platform, name)
    )
    if clash is not None and clash.id != form.id:
        raise Refused(f"{unit.name}在“{form.platform.label}”上已有名为“{name}”的账号，请勿重复登记")
    if form.password_rotated_on is not None and form.password_rotated_on > today:
        raise Refused("最近更换密码的日期不能晚于今天")
    if form.opened_on is not None and form.opened_on > today:
        raise Refused(f"开设时间（{form.opened_on.isoformat()}）不能晚于今天")
    return name


@requires(Permission.RECORD)
def save_account(
    session: Session,
    form: AccountForm,
    operator: str,
    today: date,
    change_day: date | None = None,
    *,
    taking_over: bool = False,
    context: SaveContext | None = None,
) -> SaveResult:
    """Create or update an account; ``taking_over`` (an import) allows a new account in any state."""
    context = context or SaveContext(session)
    name = _validated(session, form, today, context)
    if form.id is None:
        account = _new_account(session, form, name, operator, today, taking_over)
        session.flush()
        return _finish_new(session, account, form, operator, today, context)
    return _update(session, form, name, operator, today, change_day, context)


@requires(Permission.RECORD)
def create_accounts(
    session: Session,
    forms: list[AccountForm],
    operator: str,
    today: date,
    *,
    taking_over: bool = False,
    context: SaveContext | None = None,
) -> list[SaveResult]:
    """Create many accounts with the same checks and events as :func:`save_account`, inserted together
    (an import of thousands of rows would otherwise pay one round trip per account)."""
    context = context or SaveContext(session)
    pending = [
        (
            _new_account(
                session, form, _validated(session, form, today, context), operator, today, taking_over
            ),
            form,
        )
        for form in forms
    ]
    session.flush()
    return [_finish_new(session, account, form, operator, today, context) for account, form in pending]


def _apply_fields(account: Account, form: AccountForm, name: str) -> dict[str, list[Any]]:
    changed: dict[str, list[Any]] = {}
    # text pasted from elsewhere may carry control characters no document can hold: drop them on the way in
    values: dict[str, Any] = {f: clean_text(getattr(form, f)).strip() for f in TEXT_FIELDS}
    values["name"] = name
    values.update({f: getattr(form, f) for f in VALUE_FIELDS})
    values["unit_id"] = form.unit_id
    values["plan"] = {k: v.strip() for k, v in form.plan.items() if v and v.strip()}
    for field_name, value in values.items():
        before = getattr(account, field_name)
        if before != value:
            changed[FIELD_LABELS.get(field_name, field_name)] = [_plain(before), _plain(value)]
            setattr(account, field_name, value)
    return changed


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else value


def _new_account(
    session: Session, form: AccountForm, name: str, operator: str, today: date, taking_over: bool
) -> Account:
    """The new account with its fields and people, added to the session (its id comes with the next flush)."""
    check_initial(form.state, form.opened_on, form.filing_number, today, taking_over=taking_over)
    account = Account(
        unit_id=form.unit_id,
        name=name,
        platform=form.platform,
        state=form.state,
        policy_overrides={},
        plan={},
        roles=[],
    )
    _apply_fields(account, form, name)
    session.add(account)
    _apply_roles(session, account, form.roles, operator, today)
    _custodian_to_admin(session, account, form)
    return account


def _finish_new(
    session: Session, account: Account, form: AccountForm, operator: str, today: date, context: SaveContext
) -> SaveResult:
    """What needs the new account's id: its password record, its first events, the audit entry."""
    _apply_password(session, account, form)
    created = []
    for new in initial_events(
        form.state, form.opened_on, form.filing_number, context.rules(account), context.calendar, today
    ):
        add_event(session, account.id, new, operator)
        created.append(new.kind)
    audit.record(
        session,
        operator,
        "新建账号",
        "account",
        account.id,
        {"name": account.name, "platform": form.platform.label, "state": form.state.label},
    )
    return SaveResult(account.id, True, new_events=tuple(created))


def _update(
    session: Session,
    form: AccountForm,
    name: str,
    operator: str,
    today: date,
    change_day: date | None,
    context: SaveContext,
) -> SaveResult:
    account = require_account(session, form.id or 0)
    check_version(session, account, form.version, f"账号“{account.name}”")
    before = snapshot(account)
    changed = _apply_fields(account, form, name)
    changed.update(_apply_roles(session, account, form.roles, operator, today))
    changed.update(_custodian_to_admin(session, account, form))
    changed.update(_apply_password(session, account, form))
    changes = detect_changes(before, snapshot(account))
    event_id = None
    if changes and account.state in CHANGE_FILING_STATES:
        event_id = _record_change(session, account, changes, change_day or today, operator, today, context)
    if changed:
        audit.record(session, operator, "修改账号", "account", account.id, {"changes": changed})
    session.flush()
    return SaveResult(
        account.id,
        False,
        event_id,
        tuple(changes),
        (FilingKind.CHANGE_FILING,) if event_id is not None else (),
    )


def _record_change(
    session: Session,
    account: Account,
    changes: list[dict[str, str]],
    day: date,
    operator: str,
    today: date,
    context: SaveContext,
) -> int:
    """Add the changes to a 变更备案 whose form is not yet made, or open a new one."""
    if day > today:
        raise Refused("变更日期不能晚于今天")
    if account.opened_on is not None and day < account.opened_on:
        raise Refused(f"变更日期不能早于开设时间（{account.opened_on.isoformat()}）")
    open_changes = [
        e
        for e in filing_queries.pending_of(session, account.id, [FilingKind.CHANGE_FILING])
        if e.paper_state is PaperState.NONE
    ]
    if open_changes:
        event = open_changes[-1]
        merged = merge_changes(event.changes or [], changes)
        event.changes = merged
        if not merged:
            event.status = FilingStatus.WITHDRAWN
            event.note = "变更已改回原值，无需备案"
        audit.record(session, operator, "合并变更备案", "filing_event", event.id, {"changes": merged})
        return event.id
    due = due_date(FilingKind.CHANGE_FILING, day, context.rules(account), context.calendar)
    return add_event(
        session, account.id, NewEvent(FilingKind.CHANGE_FILING, day, due), operator, changes=changes
    ).id


def _apply_roles(
    session: Session, account: Account, roles: tuple[RoleAssignment, ...], operator: str, today: date
) -> dict[str, list[Any]]:
    """Put the chosen people in their slots (only the slots the form names; others are left alone)."""
    changed: dict[str, list[Any]] = {}
    current = {(r.role, r.position): r for r in account.roles}
    for slot in roles:
        existing = current.get((slot.role, slot.position))
        person = _resolve_person(session, account.unit_id, slot, operator)
        label = slot.role.label + (f"{slot.position + 1}" if slot.role is Role.INFORMANT else "")
        if person is None:
            if existing is not None:
                changed[label] = [existing.person.name, ""]
                account.roles.remove(existing)  # delete-orphan removes the row
            continue
        if existing is None:
            account.roles.append(
                AccountRole(role=slot.role, position=slot.position, person=person, since=today)
            )
            changed[label] = ["", person.name]
        elif existing.person_id != person.id:
            changed[label] = [existing.person.name, person.name]
            existing.person, existing.since = person, today
    return changed


def _resolve_person(session: Session, unit_id: int, slot: RoleAssignment, operator: str) -> Person | None:
    name = slot.name.strip()
    person = queries.person(session, slot.person_id) if slot.person_id is not None else None
    if person is not None and name and person.name != name:
        person = None  # a different name typed over the chosen one: that is another person
    if person is None:
        if not name:
            return None
        person = queries.person_in_unit(session, unit_id, name)
    if person is None:
        person = queries.add(
            session, Person(unit_id=unit_id, name=name, title=slot.title.strip(), phone=slot.phone.strip())
        )
        audit.record(session, operator, "新增人员", "person", person.id, {"name": name})
        return person
    updates = {
        k: v.strip()
        for k, v in (("title", slot.title), ("phone", slot.phone))
        if v.strip() and (getattr(person, k) or "") != v.strip()
    }
    if updates:
        audit.record(
            session,
            operator,
            "修改人员",
            "person",
            person.id,
            {k: [getattr(person, k), v] for k, v in updates.items()},
        )
        for key, value in updates.items():
            setattr(person, key, value)
    return person


def _custodian_to_admin(session: Session, account: Account, form: AccountForm) -> dict[str, list[Any]]:
    """Hand the password to the account's 管理员 when the clerk asked for it."""
    if not form.custodian_follows_admin:
        return {}
    admin = next((r.person for r in account.roles if r.role is Role.ADMIN), None)
    if admin is None:
        return {}
    session.flush()  # a 管理员 typed in the form gets its id here
    before = account.password_custodian
    if account.password_custodian_id == admin.id:
        return {}
    account.password_custodian = admin
    return {"密码保管人": [before.name if before is not None else "", admin.name]}


def _apply_password(session: Session, account: Account, form: AccountForm) -> dict[str, list[Any]]:
    """A later 最近更换密码 date records a rotation; an earlier one corrects the date."""
    new, old = form.password_rotated_on, account.password_rotated_on
    if new is None or new == old:
        return {}
    account.password_rotated_on = new
    if old is None or new > old:
        session.add(
            PasswordRotation(
                account_id=account.id,
                rotated_on=new,
                custodian_id=account.password_custodian_id,
                note="在账号资料中登记",
            )
        )
    return {"最近更换密码": [_plain(old), _plain(new)]}
