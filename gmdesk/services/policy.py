"""Which policy profile applies: the office's active profile, an account's own, plus its overrides."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from gmdesk.domain.enums import FilingKind, MessageCategory
from gmdesk.domain.errors import UserError
from gmdesk.domain.lifecycle import span_text
from gmdesk.domain.permissions import Permission
from gmdesk.domain.policy import PolicyProfile, default_profile, with_overrides
from gmdesk.domain.policy_labels import setting_label
from gmdesk.services import audit
from gmdesk.services.conflicts import check_version
from gmdesk.services.operators import requires
from gmdesk.store.models import Account, PolicyProfileRow
from gmdesk.store.queries import reference

# Imports inside functions break cycles: rules_in_force and checks import this module at their top.

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

    def source_of(self, account: RuledByPolicy) -> str:
        """Which rules apply to the account and why: "规则方案“云南”（本单位当前方案）", or the account's own
        profile, with the values it overrides."""
        own = self._by_id.get(account.policy_profile_id or -1)
        text = (
            f"规则方案“{own.name}”（本账号指定）"
            if own is not None
            else f"规则方案“{self.active.name}”（本单位当前方案）"
        )
        overrides = account.policy_overrides or {}
        if overrides:
            changed = "；".join(
                f"{setting_label(path)} = {value}" for path, value in sorted(overrides.items())
            )
            text += f"，本账号单独调整：{changed}"
        return text


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
    version: int = 1
    """The profile's version as read, which the editor sends back with its changes."""


def _profile_info(row: PolicyProfileRow) -> ProfileInfo:
    return ProfileInfo(
        row.id,
        row.name,
        row.description,
        row.is_active,
        row.builtin,
        PolicyProfile.from_dict(row.rules),
        row.version,
    )


def list_profiles(session: Session) -> list[ProfileInfo]:
    return [_profile_info(r) for r in reference.policy_profiles(session)]


def profile_info(session: Session, profile_id: int) -> ProfileInfo:
    """One profile as saved now (the editor's 重新载入)."""
    row = next((r for r in reference.policy_profiles(session) if r.id == profile_id), None)
    if row is None:
        raise UserError("所选规则方案不存在（可能已被删除）")
    return _profile_info(row)


@requires(Permission.CONFIGURE)
def set_active_profile(session: Session, profile_id: int, operator: str) -> None:
    rows = reference.policy_profiles(session)
    if not any(r.id == profile_id for r in rows):
        raise UserError("所选规则方案不存在")
    for row in rows:
        row.is_active = row.id == profile_id
    audit.record(session, operator, "设置当前规则方案", "policy_profile", profile_id)
    _apply(session)


def _apply(session: Session) -> None:
    """Every stored deadline follows the rules just changed (whoever changed them: a window or a command)."""
    from gmdesk.services.rules_in_force import apply_rules_in_force

    apply_rules_in_force(session)


@requires(Permission.CONFIGURE)
def save_profile(
    session: Session,
    profile: PolicyProfile,
    operator: str,
    profile_id: int | None = None,
    version: int | None = None,
) -> int:
    """Create or update an office profile; built-in presets are never changed (copy them instead).
    ``version``: the profile's version when the editor showed it (None: not checked)."""
    name = profile.name.strip()
    if not name:
        raise UserError("方案名称不能为空")
    rows = reference.policy_profiles(session)
    if any(r.name == name and r.id != profile_id for r in rows):
        raise UserError(f"已有名为“{name}”的规则方案")
    row = next((r for r in rows if r.id == profile_id), None) if profile_id is not None else None
    if row is not None and row.builtin:
        raise UserError(f"“{row.name}”是内置方案，不能修改；请先复制为新方案")
    if row is not None:
        check_version(session, row, version, f"规则方案“{row.name}”")
    if row is None:
        row = PolicyProfileRow(name=name, builtin=False, is_active=False, rules={})
        session.add(row)
    row.name, row.description, row.rules = name, profile.description, profile.to_dict()
    session.flush()
    audit.record(session, operator, "保存规则方案", "policy_profile", row.id, {"name": name})
    _apply(session)
    return row.id


def set_account_rules(
    session: Session, account_id: int, profile_id: int | None, overrides: dict[str, Any], operator: str
) -> None:
    """An account's own profile (None: the office's) and single values overridden by dotted path."""
    account = session.get(Account, account_id)
    if account is None:
        raise UserError("账号不存在")
    rows = reference.policy_profiles(session)
    if profile_id is not None and not any(r.id == profile_id for r in rows):
        raise UserError("所选规则方案不存在", field="profile")
    base = (
        next((_decoded(r.rules) for r in rows if r.id == profile_id), None) or PolicyResolver(session).active
    )
    with_overrides(base, overrides)  # a bad path or value is refused here, in Chinese
    if account.policy_profile_id == profile_id and (account.policy_overrides or {}) == overrides:
        return
    account.policy_profile_id = profile_id
    account.policy_overrides = dict(overrides)
    audit.record(
        session,
        operator,
        "设置账号适用规则",
        "account",
        account_id,
        {"profile_id": profile_id, "overrides": overrides},
    )
    _apply(session)


# --------------------------------------------------------------------------- switching, with its impact first
@dataclass(frozen=True)
class SwitchImpact:
    """What switching the office's profile would change in today's findings."""

    profile: str
    appear: list[Any]
    """Findings that the new profile adds (``Finding``)."""
    disappear: list[Any]
    moved: int
    """Findings that stay but with another date (a filing due later or sooner)."""

    def describe(self) -> str:
        if not self.appear and not self.disappear and not self.moved:
            return f"改用“{self.profile}”后，今天的检查结果没有变化。"
        parts = [f"改用“{self.profile}”后：新出现{len(self.appear)}项问题，消失{len(self.disappear)}项"]
        if self.moved:
            parts.append(f"另有{self.moved}项期限改变")
        return "，".join(parts) + "。"

    def lines(self, limit: int = 12) -> list[str]:
        """The findings themselves, the new ones first: "＋ 青岚发布 备案逾期：…"."""
        shown = [("＋", f) for f in self.appear] + [("－", f) for f in self.disappear]
        out = [f"{sign} {f.account or '全局'}：{f.message}" for sign, f in shown[:limit]]
        if len(shown) > limit:
            out.append(f"……另有{len(shown) - limit}项")
        return out


def profile_by_name(session: Session, name: str) -> ProfileInfo:
    profiles = list_profiles(session)
    found = next((p for p in profiles if p.name == name.strip()), None)
    if found is None:
        names = "、".join(p.name for p in profiles)
        raise UserError(f"没有名为“{name}”的规则方案。可用的方案：{names}", field="profile")
    return found


def switch_impact(session: Session, profile_id: int, as_of: Any) -> SwitchImpact:
    """Today's findings under the profile in force and under ``profile_id``, compared; nothing is kept."""
    from gmdesk.services.checks import run_checks
    from gmdesk.services.rules_in_force import ensure_in_force

    rows = reference.policy_profiles(session)
    target = next((r for r in rows if r.id == profile_id), None)
    if target is None:
        raise UserError("所选规则方案不存在")
    ensure_in_force(session)
    before = run_checks(session, as_of)
    savepoint = session.begin_nested()
    try:
        for row in rows:
            row.is_active = row.id == profile_id
        _apply(session)
        after = run_checks(session, as_of)
    finally:
        savepoint.rollback()
    session.expire_all()

    def key(finding: Any) -> tuple[str, int | None, str, str]:
        return (str(finding.rule), finding.account_id, finding.subject, finding.account)

    old = {key(f): f for f in before}
    new = {key(f): f for f in after}
    appear = [f for k, f in new.items() if k not in old]
    disappear = [f for k, f in old.items() if k not in new]
    moved = sum(1 for k, f in new.items() if k in old and old[k].date != f.date)
    return SwitchImpact(target.name, appear, disappear, moved)


def rules_summary(profile: PolicyProfile) -> list[str]:
    """The rules an account is held to, in a few lines the clerk reads on its page."""
    update, replies, filing = profile.update, profile.replies, profile.filing
    frequency = "；".join(dict.fromkeys(r.describe() for r in update.frequency)) or "无"
    answers = "、".join(
        f"{c.label}{replies.answer[c].describe()}" for c in MessageCategory if c in replies.answer
    )
    return [
        f"更新：连续{update.gap.describe()}未更新即单项否决（{update.gap_warning.describe()}起提醒）；{frequency}",
        f"留言：首次回应{replies.first_response.describe()}（紧急{replies.first_response_urgent.describe()}）；"
        f"答复 {answers}；转办{replies.transfer.describe()}内",
        "备案："
        + "，".join(
            span_text(k, filing)
            for k in (
                FilingKind.OPEN_FILING,
                FilingKind.CHANGE_FILING,
                FilingKind.CANCEL_FILING,
                FilingKind.ANNUAL_REVIEW,
            )
        ),
    ]


@dataclass(frozen=True)
class AccountRules:
    """What the account dialog's 适用规则 page shows: the account's own choice and the profiles to choose."""

    profile_id: int | None
    overrides: dict[str, Any]
    profiles: tuple[ProfileInfo, ...]
    active: ProfileInfo


def account_rules(session: Session, account_id: int | None) -> AccountRules:
    profiles = tuple(list_profiles(session))
    active = next((p for p in profiles if p.is_active), profiles[0])
    account = session.get(Account, account_id) if account_id is not None else None
    if account is None:
        return AccountRules(None, {}, profiles, active)
    return AccountRules(account.policy_profile_id, dict(account.policy_overrides or {}), profiles, active)
