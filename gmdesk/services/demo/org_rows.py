"""Rows for units, people, accounts, account roles and password rotations, from the plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from gmdesk.domain.enums import Role
from gmdesk.services.demo.account_details import application_plan, purpose_and_scope
from gmdesk.services.demo.plan import AccountPlan, Clock, UnitPlan
from gmdesk.services.demo.writer import BulkWriter
from gmdesk.store.models import Account, AccountRole, PasswordRotation, Person, Unit


def write_org(writer: BulkWriter, units: list[UnitPlan], accounts: list[AccountPlan], clock: Clock) -> None:
    ledger = clock.at(clock.start)  # the office keyed in its ledger when the period began
    for unit in units:
        writer.add(
            Unit,
            {
                "id": unit.id,
                "name": unit.name,
                "short_name": unit.spec.short,
                "unit_type": unit.spec.unit_type,
                "credit_code": unit.credit_code,
                "supervisor": "",
                "address": unit.address,
                "phone": unit.phone,
                "note": "",
                "active": True,
                "sort_order": None,  # administrative order, as an office that never sorted its units
                "created_at": ledger,
                "updated_at": ledger,
            },
        )
    for unit in units:
        for person in unit.people:
            created = clock.at(max(person.since, clock.start))
            writer.add(
                Person,
                {
                    "id": person.id,
                    "unit_id": unit.id,
                    "name": person.name,
                    "title": person.title,
                    "phone": person.phone,
                    "email": "",
                    "note": person.note,
                    "active": person.active,
                    "created_at": created,
                    "updated_at": clock.at(person.left_on, 17) if person.left_on else created,
                },
            )
    role_id = writer.next_id(AccountRole)
    rotation_id = writer.next_id(PasswordRotation)
    for account in accounts:
        writer.add(Account, _account_row(account, clock))
        for role_row in _role_rows(account, clock):
            writer.add(AccountRole, {"id": role_id, **role_row})
            role_id += 1
        for rotation in account.rotations:
            writer.add(
                PasswordRotation,
                {
                    "id": rotation_id,
                    "account_id": account.id,
                    "rotated_on": rotation.day,
                    "custodian_id": rotation.custodian.id,
                    "is_handover": rotation.handover,
                    "note": "管理员变更，交接后立即更换密码" if rotation.handover else "定期更换",
                },
            )
            rotation_id += 1


def _account_row(account: AccountPlan, clock: Clock) -> dict[str, Any]:
    purpose, scope = purpose_and_scope(account)
    last_rotation = account.rotations[-1] if account.rotations else None
    custodian = last_rotation.custodian if last_rotation else account.unit.current(Role.ADMIN)
    milestones = [
        d
        for d in (
            account.applied_on,
            account.approved_on,
            account.opened_on,
            account.open_filing_done_on,
            account.notice_on,
            account.canceled_on,
            account.closed_on,
            last_rotation.day if last_rotation else None,
        )
        if d is not None and d <= clock.as_of
    ]
    created = clock.at(max(account.first_day, clock.start))
    return {
        "id": account.id,
        "unit_id": account.unit.id,
        "name": account.name,
        "platform": account.platform,
        "platform_account_id": account.platform_account_id,
        "home_url": account.home_url,
        "verified_entity": account.verified_entity,
        "is_verified": account.is_verified,
        "state": account.state,
        "applied_on": account.applied_on,
        "approved_on": account.approved_on,
        "opened_on": account.opened_on,
        "notice_on": account.notice_on,
        "canceled_on": account.canceled_on,
        "closed_on": account.closed_on,
        "close_reason": account.close_reason,
        "replacement_account": account.replacement,
        "purpose": purpose,
        "scope": scope,
        "ops_mode": account.ops_mode,
        "ops_vendor": account.ops_vendor,
        "plan": application_plan(account),
        "filing_number": account.filing_number,
        "filed_on": account.open_filing_done_on,
        "interaction_enabled": account.interaction_enabled,
        "followers": account.followers,
        "password_custodian_id": custodian.id if account.opened_on else None,
        "password_rotated_on": last_rotation.day if last_rotation else None,
        "policy_profile_id": None,
        "policy_overrides": {},
        "note": _note(account),
        "created_at": created,
        "updated_at": max(created, clock.at(max(milestones), 16)) if milestones else created,
    }


def _note(account: AccountPlan) -> str:
    if "no_interaction" in account.scenarios:
        return "评论功能已关闭（待整改）"
    if "zombie" in account.scenarios and account.rank > 0:
        return "早期开设的账号，长期无人维护"
    return ""


def _role_rows(account: AccountPlan, clock: Clock) -> list[dict[str, Any]]:
    unit = account.unit
    day: date = min(account.canceled_on or clock.as_of, clock.as_of)
    rows = []
    for role in Role:
        for position in unit.positions(role):
            person = unit.holder(role, day, position)
            rows.append(
                {
                    "account_id": account.id,
                    "role": role,
                    "position": position,
                    "person_id": person.id,
                    "since": max(person.since, account.opened_on or account.first_day),
                }
            )
    return rows
