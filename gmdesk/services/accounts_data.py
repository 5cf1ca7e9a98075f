"""The plain data the account area hands to the UI and the CLI (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from gmdesk.domain.enums import AccountState, FilingKind, FilingStatus, OpsMode, PaperState, Role, UnitType
from gmdesk.domain.findings import Finding
from gmdesk.domain.lifecycle import Action, DeadlineState
from gmdesk.domain.platforms import Platform

FORM_ROLES: tuple[tuple[Role, int], ...] = (
    (Role.PRINCIPAL, 0),
    (Role.DEPUTY, 0),
    (Role.EDITOR, 0),
    (Role.ADMIN, 0),
    (Role.INFORMANT, 0),
    (Role.INFORMANT, 1),
)
"""The role slots of an account, in the order the forms and dialogs show them (信息员 may be two)."""


@dataclass(frozen=True)
class PersonRef:
    id: int | None
    name: str
    title: str = ""
    phone: str = ""


@dataclass(frozen=True)
class RoleAssignment:
    """Who holds one role slot: an existing person (id) or a new one to create in the unit (name)."""

    role: Role
    position: int
    person_id: int | None
    name: str
    title: str = ""
    phone: str = ""


@dataclass(frozen=True)
class AccountForm:
    """Every editable field of an account (the account dialog and the import fill this)."""

    id: int | None
    unit_id: int
    name: str
    platform: Platform
    state: AccountState = AccountState.PROPOSED
    """Only read for a new account: existing accounts change state through the life cycle."""
    platform_account_id: str = ""
    home_url: str = ""
    verified_entity: str = ""
    is_verified: bool = True
    opened_on: date | None = None
    filing_number: str = ""
    filed_on: date | None = None
    purpose: str = ""
    scope: str = ""
    ops_mode: OpsMode = OpsMode.SELF
    ops_vendor: str = ""
    plan: dict[str, str] = field(default_factory=dict)
    interaction_enabled: bool = True
    followers: int = 0
    password_custodian_id: int | None = None
    custodian_follows_admin: bool = False
    """The password passes to whoever holds the 管理员 role once the roles are saved (a new 管理员 typed in
    the form has no id before that)."""
    password_rotated_on: date | None = None
    note: str = ""
    roles: tuple[RoleAssignment, ...] = ()
    version: int | None = None
    """The account's version when the form was filled from it: a save after someone else's change is refused
    (:class:`gmdesk.domain.errors.EditConflict`) instead of overwriting it. None: not checked (an import)."""


@dataclass(frozen=True)
class SaveResult:
    account_id: int
    created: bool
    change_event_id: int | None = None
    """The 变更备案 event the edit opened or added to."""
    changes: tuple[dict[str, str], ...] = ()
    new_events: tuple[FilingKind, ...] = ()


@dataclass(frozen=True)
class LedgerRow:
    id: int
    unit_id: int
    unit_name: str
    name: str
    platform: Platform
    state: AccountState
    platform_account_id: str
    opened_on: date | None
    filing_number: str
    filing_status: str
    """备案状态: 已备案, 待开设备案, 待变更备案…"""
    admin: str
    admin_phone: str
    principal: str
    next_kind: FilingKind | None
    next_due: date | None
    deadline: DeadlineState
    deadline_text: str
    """"变更备案 2026-11-24（剩2个工作日）"."""
    deadline_tip: str
    """The rule behind the deadline, for the tooltip."""
    pending_count: int
    hints: str
    """Short titles of the other findings (重复开设、密码超期…)."""
    hints_tip: str
    search_text: str

    @property
    def overdue(self) -> bool:
        return self.deadline is DeadlineState.OVERDUE

    @property
    def due_soon(self) -> bool:
        return self.deadline is DeadlineState.DUE_SOON


@dataclass(frozen=True)
class UnitInfo:
    id: int | None
    name: str
    short_name: str = ""
    unit_type: UnitType = UnitType.DEPARTMENT
    credit_code: str = ""
    supervisor: str = ""
    address: str = ""
    phone: str = ""
    note: str = ""
    active: bool = True
    accounts: int = 0
    people: int = 0
    version: int | None = None
    """The unit's version as read; a save over a newer one is refused (None: not checked)."""


@dataclass(frozen=True)
class PersonInfo:
    id: int | None
    unit_id: int | None
    name: str
    title: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""
    active: bool = True
    roles: str = ""
    """What the person does: "城关镇发布 管理员；…" (read-only)."""
    version: int | None = None
    """The person's version as read; a save over a newer one is refused (None: not checked)."""


@dataclass(frozen=True)
class Ledger:
    as_of: date
    rows: list[LedgerRow]
    units: list[UnitInfo]
    overdue: int
    """Accounts with an overdue filing."""
    due_soon: int
    profile_name: str
    overdue_items: int = 0
    """Overdue filing items (an account may owe two: the 工作台 lists items)."""
    due_soon_items: int = 0


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    original_name: str
    path: str
    """Absolute path of the stored copy."""
    sha256: str
    size: int
    added_at: datetime
    operator: str


@dataclass(frozen=True)
class EventRow:
    id: int
    account_id: int
    kind: FilingKind
    status: FilingStatus
    triggered_on: date
    due_on: date | None
    completed_on: date | None
    deadline: DeadlineState
    remaining: str
    rule_text: str
    paper_state: PaperState
    paper_history: list[dict[str, Any]]
    filing_number: str
    filed_on: date | None
    changes: list[dict[str, str]]
    close_reason: str
    notice_on: date | None
    replacement_account: str
    form_path: str
    note: str
    operator: str
    attachments: list[AttachmentRow]
    provisional: str = ""
    """Why the due date is only an estimate (its year has no holiday data yet), or empty."""

    @property
    def pending(self) -> bool:
        return self.status is FilingStatus.PENDING

    @property
    def has_filing_form(self) -> bool:
        return self.kind in (
            FilingKind.OPEN_FILING,
            FilingKind.CHANGE_FILING,
            FilingKind.CLOSURE_NOTICE,
            FilingKind.CANCEL_FILING,
        )

    @property
    def has_form(self) -> bool:
        return self.has_filing_form or self.kind is FilingKind.APPLICATION


@dataclass(frozen=True)
class RotationRow:
    rotated_on: date
    custodian: str
    is_handover: bool
    note: str


@dataclass(frozen=True)
class AccountDetail:
    form: AccountForm
    unit: UnitInfo
    state: AccountState
    applied_on: date | None
    approved_on: date | None
    notice_on: date | None
    canceled_on: date | None
    closed_on: date | None
    close_reason: str
    replacement_account: str
    custodian: str
    people: dict[tuple[Role, int], PersonRef]
    events: list[EventRow]
    actions: list[Action]
    deletable: bool
    findings: list[Finding]
    rotations: list[RotationRow]
    profile_name: str
    supervisor: str
    rules_source: str = ""
    """Which rules apply and why: the office's profile, the account's own, its overrides."""
    rules: tuple[str, ...] = ()
    """The main rules the account is held to, one line each (更新, 留言, 备案)."""
