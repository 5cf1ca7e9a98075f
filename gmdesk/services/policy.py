"""Which policy profile applies: the office's active profile, an account's own, plus its overrides."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from gmdesk.domain.errors import UserError
from gmdesk.domain.permissions import Permission
from gmdesk.domain.policy import PolicyProfile, default_profile, with_overrides
from gmdesk.services import audit
from gmdesk.services.operators import requires
from gmdesk.store.models import PolicyProfileRow
from gmdesk.store.queries import reference

_DECODED: dict[str, PolicyProfile] = {}
"""Profiles decoded from their stored JSON, by that JSON: decoding one costs a few milliseconds (type hints
are evaluated field by field) and the dashboard, the checks and the calendar resolve rules on every refresh.
A PolicyProfile is frozen, so one decoded copy is shared safely; changed rules have another key."""


def _decoded(rules: dict[str, Any]) -> PolicyProfile:
    key = json.dumps(rules, sort_keys=True, ensure_ascii=False, default=str)
    found = _DECODED.get(key)
    if found is None:
        if len(_DECODED) > 64:
            _DECODED.clear()
        found = _DECODED[key] = PolicyProfile.from_dict(rules)
    return found


class RuledByPolicy(Protocol):
    """What rules are resolved from: an Account, or a row of just these columns."""

    @property
    def id(self) -> int: ...
    @property
    def policy_profile_id(self) -> int | None: ...
    @property
    def policy_overrides(self) -> dict[str, Any] | None: ...


class PolicyResolver:
    """Resolves profiles for many accounts in one unit of work without re-reading the profile rows."""

    def __init__(self, session: Session) -> None:
        rows = reference.policy_profiles(session)
        self._by_id = {row.id: _decoded(row.rules) for row in rows}
        active = next((row for row in rows if row.is_active), None)
        self.active: PolicyProfile = self._by_id[active.id] if active else default_profile()

    def for_account(self, account: RuledByPolicy) -> PolicyProfile:
        base = self._by_id.get(account.policy_profile_id or -1, self.active)
        return with_overrides(base, account.policy_overrides or {})


def active_profile(session: Session) -> PolicyProfile:
    return PolicyResolver(session).active


# --------------------------------------------------------------------------- the office's profiles
@dataclass(frozen=True)
class ProfileInfo:
    id: int
    name: str
    description: str
    is_active: bool
    builtin: bool
    profile: PolicyProfile


def list_profiles(session: Session) -> list[ProfileInfo]:
    return [
        ProfileInfo(r.id, r.name, r.description, r.is_active, r.builtin, PolicyProfile.from_dict(r.rules))
        for r in reference.policy_profiles(session)
    ]


@requires(Permission.CONFIGURE)
def set_active_profile(session: Session, profile_id: int, operator: str) -> None:
    rows = reference.policy_profiles(session)
    if not any(r.id == profile_id for r in rows):
        raise UserError("所选规则方案不存在")
    for row in rows:
        row.is_active = row.id == profile_id
    audit.record(session, operator, "设置当前规则方案", "policy_profile", profile_id)


@requires(Permission.CONFIGURE)
def save_profile(session: Session, profile: PolicyProfile, operator: str, profile_id: int | None = None) -> int:
    """Create or update an office profile; built-in presets are never changed (copy them instead)."""
    name = profile.name.strip()
    if not name:
        raise UserError("方案名称不能为空")
    rows = reference.policy_profiles(session)
    if any(r.name == name and r.id != profile_id for r in rows):
        raise UserError(f"已有名为“{name}”的规则方案")
    row = next((r for r in rows if r.id == profile_id), None) if profile_id is not None else None
    if row is not None and row.builtin:
        raise UserError(f"“{row.name}”是内置方案，不能修改；请先复制为新方案")
    if row is None:
        row = PolicyProfileRow(name=name, builtin=False, is_active=False, rules={})
        session.add(row)
    row.name, row.description, row.rules = name, profile.description, profile.to_dict()
    session.flush()
    audit.record(session, operator, "保存规则方案", "policy_profile", row.id, {"name": name})
    return row.id
