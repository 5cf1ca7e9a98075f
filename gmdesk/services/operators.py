"""Operators: who works with gmdesk, in which role, and whether they may see personal data unmasked.

The 本机操作员 (``settings.CURRENT_OPERATOR``) is the clerk's own name: it stands as 经办人/填报人 and is
recorded with every write. With one operator nobody is asked anything; once a second one exists, the window
asks who is working (and the password, when that operator has one — stored as a scrypt hash, never in
clear). Every service that writes checks the role here (:func:`requires`); a refusal names the role needed.
An operator not on the list is treated as a 信息员 who may not see personal data.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import inspect
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from gmdesk.domain.enums import OperatorRole
from gmdesk.domain.errors import UserError
from gmdesk.domain.permissions import NotPermitted, Permission, PersonalDataRefused, allowed
from gmdesk.services import audit, settings
from gmdesk.services.conflicts import check_version
from gmdesk.store import audit_log
from gmdesk.store.models import Operator

_CACHE = "operator_roles"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 14, 8, 1
MIN_PASSWORD = 6

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class OperatorInfo:
    name: str
    role: OperatorRole
    may_see_personal_data: bool
    active: bool = True
    has_password: bool = False
    known: bool = True
    """False for a name that is not on the list (treated as a 信息员 without personal data)."""
    id: int | None = None
    version: int | None = None
    """The row's version as read, which the edit form sends back with its changes."""


def _info(row: Operator | None, name: str) -> OperatorInfo:
    if row is None:
        return OperatorInfo(name, OperatorRole.CLERK, False, True, False, known=False)
    return OperatorInfo(
        row.name,
        row.role,
        row.may_see_personal_data and row.active,
        row.active,
        bool(row.password_hash),
        id=row.id,
        version=row.version,
    )


def info(session: Session, name: str) -> OperatorInfo:
    cache: dict[str, OperatorInfo] = session.info.setdefault(_CACHE, {})
    if name not in cache:
        cache[name] = _info(session.scalar(select(Operator).where(Operator.name == name)), name)
    return cache[name]


def local_name(session: Session) -> str:
    """The 本机操作员: the clerk's own name, 经办人 and 填报人 of what they write."""
    return str(settings.get(session, settings.CURRENT_OPERATOR) or "")


def is_person(name: str) -> bool:
    """A name that can stand as 经办人/填报人 on paper: not empty, not a role (the default 管理员)."""
    return bool(name.strip()) and name.strip() not in {role.label for role in OperatorRole} | {"gmdesk"}


def current(session: Session) -> OperatorInfo:
    """Who is working in this unit of work: the session's operator, or else the 本机操作员."""
    name = str(session.info.get(audit_log.OPERATOR_INFO) or "") or local_name(session)
    return info(session, name)


def operator_by_id(session: Session, operator_id: int) -> OperatorInfo:
    """One operator as saved now (the edit form's 重新载入)."""
    row = session.get(Operator, operator_id)
    if row is None:
        raise UserError("该操作员已不存在（可能已被删除），请刷新后重试。")
    return _info(row, row.name)


def everyone(session: Session, *, active_only: bool = False) -> list[OperatorInfo]:
    query = select(Operator).order_by(Operator.name)
    if active_only:
        query = query.where(Operator.active.is_(True))
    return [_info(row, row.name) for row in session.scalars(query)]


def needs_sign_in(session: Session) -> bool:
    """Ask who is working: more than one active operator, or the only one has a password."""
    active = everyone(session, active_only=True)
    return len(active) > 1 or any(o.has_password for o in active)


# --------------------------------------------------------------------------- rights


def require(session: Session, operator: str | None, permission: Permission) -> OperatorInfo:
    """The operator, when their role allows ``permission``; NotPermitted (a UserError) otherwise."""
    who = info(session, operator) if operator else current(session)
    if not who.active or not allowed(who.role, permission):
        if not who.active:
            raise UserError(f"操作员“{who.name}”已停用，不能{permission.value}。")
        raise NotPermitted(who.name, who.role, permission, who.known)
    return who


def requires(permission: Permission) -> Callable[[F], F]:
    """Check the ``operator`` argument's role before the service runs (the session's operator if none); the
    rows the service writes are then recorded under that operator."""

    def wrap(function: F) -> F:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def checked(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind_partial(*args, **kwargs).arguments
            session: Session = bound["session"]
            who = require(session, bound.get("operator"), permission)
            session.info[audit_log.OPERATOR_INFO] = who.name  # the rows this writes are recorded under them
            return function(*args, **kwargs)

        checked.permission = permission  # type: ignore[attr-defined]  # tells which permission the service requires
        return checked  # type: ignore[return-value]  # functools.wraps keeps the signature; mypy sees (*Any) -> Any

    return wrap


def may_reveal(session: Session, operator: str | None, reason: str) -> OperatorInfo:
    """Personal data unmasked for a purpose: the operator must be allowed and give a reason (recorded)."""
    who = info(session, operator) if operator else current(session)
    if not who.may_see_personal_data:
        raise PersonalDataRefused(
            f"“{who.name}”无权查看未遮蔽的个人信息；导出和统计已按规定遮蔽手机号、身份证号等。"
            "如确需未遮蔽的数据，请由有权限的人员导出，或请管理员在“工具 › 本机操作员与操作员”中授权。"
        )
    if len(reason.strip()) < 2:
        raise PersonalDataRefused("导出未遮蔽的个人信息须说明用途（将记入操作日志）。", field="reason")
    return who


def reveal(
    session: Session, operator: str | None, purpose: str | bool, what: str, detail: dict[str, Any]
) -> bool:
    """Whether personal data goes out unmasked: only for an allowed operator who gave the purpose, which is
    recorded in the audit trail with what was exported. ``purpose`` '' (or False) means masked."""
    if purpose is False or purpose == "":
        return False
    if purpose is True:
        raise PersonalDataRefused("导出未遮蔽的个人信息须说明用途（将记入操作日志）。", field="reason")
    who = may_reveal(session, operator, str(purpose))
    audit.record(
        session, who.name, "导出未遮蔽的个人信息", what, None, {**detail, "purpose": str(purpose).strip()}
    )
    return True


# --------------------------------------------------------------------------- passwords


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(stored: str, password: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(bytes.fromhex(digest)),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found.hex(), digest)


def sign_in(session: Session, name: str, password: str, now: datetime | None = None) -> OperatorInfo | None:
    """Who is working from now on, or None for a wrong password (the failed attempt is recorded, so the
    caller lets the session commit). UserError for an unknown or stopped operator."""
    row = session.scalar(select(Operator).where(Operator.name == name))
    if row is None or not row.active:
        raise UserError(f"操作员“{name}”不存在或已停用。", field="name")
    if row.password_hash and not check_password(row.password_hash, password):
        audit.record(session, name, "登录失败", "operators", row.id, {"reason": "密码不正确"}, now)
        return None
    session.info[audit_log.OPERATOR_INFO] = name
    audit.record(session, name, "登录", "operators", row.id, {}, now)
    return _info(row, row.name)


# --------------------------------------------------------------------------- managing


@dataclass(frozen=True)
class OperatorForm:
    name: str
    role: OperatorRole
    may_see_personal_data: bool
    active: bool = True
    original: str = ""
    """The name before this edit ('' for a new operator)."""
    version: int | None = None
    """The operator's version when the form was filled (None: not checked)."""
    id: int | None = None
    """The operator edited, found by it even when another clerk renamed them meanwhile (None: by ``original``)."""


def _active_admins(session: Session, besides: int | None = None) -> int:
    rows = session.scalars(
        select(Operator).where(Operator.active.is_(True), Operator.role == OperatorRole.ADMIN)
    )
    return sum(1 for row in rows if row.id != besides)


def save_operator(session: Session, form: OperatorForm, operator: str) -> OperatorInfo:
    """Add or change an operator (管理员 only). A rename of the 本机操作员 follows into the setting."""
    require(session, operator, Permission.MANAGE_OPERATORS)
    name = " ".join(form.name.split())
    if not name:
        raise UserError("请填写操作员姓名。", field="name")
    if len(name) > 40:
        raise UserError("操作员姓名不能超过40个字。", field="name")
    if form.original and form.id is not None:
        row = session.get(Operator, form.id)
    else:
        row = session.scalar(select(Operator).where(Operator.name == (form.original or name)))
    if form.original and row is None:
        raise UserError(f"操作员“{form.original}”不存在（可能已被其他同事改名或删除），请刷新后重试。")
    if form.original and row is not None:
        check_version(session, row, form.version, f"操作员“{row.name}”")
    clash = session.scalar(select(Operator).where(Operator.name == name))
    if clash is not None and clash is not row:
        raise UserError(f"已有名为“{name}”的操作员。", field="name")
    if row is None:
        row = Operator(name=name)
        session.add(row)
    elif (
        row.role is OperatorRole.ADMIN
        and (form.role is not OperatorRole.ADMIN or not form.active)
        and _active_admins(session, row.id) == 0
    ):
        raise UserError("至少要保留一名在用的管理员。", field="role")
    renamed_local = bool(form.original) and form.original == local_name(session) and name != form.original
    row.name, row.role, row.may_see_personal_data, row.active = (
        name,
        form.role,
        form.may_see_personal_data,
        form.active,
    )
    if renamed_local:
        settings.put(session, settings.CURRENT_OPERATOR, name)
    if form.original and session.info.get(audit_log.OPERATOR_INFO) == form.original:
        session.info[audit_log.OPERATOR_INFO] = name  # the one working renamed themself
    session.flush()
    session.info.pop(_CACHE, None)
    return _info(row, row.name)


def set_password(
    session: Session, name: str, password: str, operator: str, current_password: str = ""
) -> None:
    """Set (or with '' remove) an operator's password: one's own with the current one, anyone's as 管理员."""
    row = session.scalar(select(Operator).where(Operator.name == name))
    if row is None:
        raise UserError(f"操作员“{name}”不存在。")
    if operator != name:
        require(session, operator, Permission.MANAGE_OPERATORS)
    elif row.password_hash and not check_password(row.password_hash, current_password):
        raise UserError("当前密码不正确。", field="current_password")
    if password and len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少需要{MIN_PASSWORD}个字符。", field="password")
    row.password_hash = hash_password(password) if password else ""
    session.flush()
    session.info.pop(_CACHE, None)
    audit.record(
        session, operator, "设置密码" if password else "取消密码", "operators", row.id, {"operator": name}
    )


def set_local(session: Session, name: str, operator: str) -> None:
    """Make ``name`` the 本机操作员 (one's own name, or anyone's as 管理员)."""
    if name != operator:
        require(session, operator, Permission.MANAGE_OPERATORS)
    if session.scalar(select(Operator).where(Operator.name == name, Operator.active.is_(True))) is None:
        raise UserError(f"操作员“{name}”不存在或已停用。")
    settings.put(session, settings.CURRENT_OPERATOR, name)
