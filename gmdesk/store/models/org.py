"""Units, people, accounts and who answers for each account (domain §1)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gmdesk.domain.enums import AccountState, OpsMode, Role, UnitType
from gmdesk.domain.platforms import Platform
from gmdesk.store.base import Base, CodeEnum, Timestamps, Versioned


class Unit(Versioned, Timestamps, Base):
    """A 主办单位 (or the 主管单位 itself): 乡镇, 部门, 事业单位."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    """The full official name (全称), as on the 公章."""
    short_name: Mapped[str] = mapped_column(String(60), default="")
    unit_type: Mapped[UnitType] = mapped_column(CodeEnum(UnitType), default=UnitType.DEPARTMENT)
    credit_code: Mapped[str] = mapped_column(String(18), default="")
    """统一社会信用代码 (18 characters)."""
    supervisor: Mapped[str] = mapped_column(String(120), default="")
    """主管单位; empty means the office's default from the settings."""
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int | None] = mapped_column(Integer)
    """排序号: the office's order of units in reports and the 通报; empty = administrative order (see
    ``gmdesk.domain.unit_order``)."""

    people: Mapped[list[Person]] = relationship(back_populates="unit")
    accounts: Mapped[list[Account]] = relationship(back_populates="unit")


class Person(Versioned, Timestamps, Base):
    """Someone who answers for accounts: 负责人, 审核人, 管理员, 信息员."""

    __tablename__ = "people"
    __table_args__ = (Index("ix_people_unit_name", "unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(60), default="")
    """职务."""
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[Unit | None] = relationship(back_populates="people")


class Account(Versioned, Timestamps, Base):
    """One government new-media account and every field of the application and filing forms (domain §2)."""

    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("unit_id", "platform", "name"),
        Index("ix_accounts_state", "state"),
        Index("ix_accounts_platform", "platform"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(120))
    """账号名称."""
    platform: Mapped[Platform] = mapped_column(CodeEnum(Platform))
    platform_account_id: Mapped[str] = mapped_column(String(120), default="")
    """账号ID / 原始ID."""
    home_url: Mapped[str] = mapped_column(String(500), default="")
    verified_entity: Mapped[str] = mapped_column(String(120), default="")
    """认证主体; should equal the 主办单位's full name."""
    is_verified: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[AccountState] = mapped_column(CodeEnum(AccountState), default=AccountState.PROPOSED)
    applied_on: Mapped[date | None] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    opened_on: Mapped[date | None] = mapped_column(Date)
    """开设时间."""
    notice_on: Mapped[date | None] = mapped_column(Date)
    """停更公告 date, when closing."""
    canceled_on: Mapped[date | None] = mapped_column(Date)
    """注销 on the platform."""
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str] = mapped_column(Text, default="")
    replacement_account: Mapped[str] = mapped_column(String(200), default="")
    """引导关注的替代账号."""
    purpose: Mapped[str] = mapped_column(Text, default="")
    """宗旨 / 功能定位."""
    scope: Mapped[str] = mapped_column(Text, default="")
    """信息发布范围 / 主要栏目."""
    ops_mode: Mapped[OpsMode] = mapped_column(CodeEnum(OpsMode), default=OpsMode.SELF)
    ops_vendor: Mapped[str] = mapped_column(String(200), default="")
    """运维单位 when the operation is bought as a service."""
    plan: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """实施方案 要点 of the application: 组织领导, 经费保障, 管理制度, 联系人及联系方式."""
    filing_number: Mapped[str] = mapped_column(String(60), default="")
    """备案编号 given by the 主管单位 / 全国政务新媒体信息报送系统."""
    filed_on: Mapped[date | None] = mapped_column(Date)
    interaction_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    """留言 / 评论 / 私信 open to the public (a closed one is a 单项否决)."""
    followers: Mapped[int] = mapped_column(Integer, default=0)
    """关注数 / 订阅数, as last recorded."""
    password_custodian_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    password_rotated_on: Mapped[date | None] = mapped_column(Date)
    """The date of the last password change (the password itself is never stored)."""
    policy_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("policy_profiles.id", ondelete="SET NULL")
    )
    """None means the office's active profile."""
    policy_overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Dotted-path overrides of the profile for this account only (see domain.policy.with_overrides)."""
    note: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship(back_populates="accounts")
    roles: Mapped[list[AccountRole]] = relationship(
        back_populates="account",
        cascade="all, delete-orphan",
        order_by="AccountRole.role, AccountRole.position",
    )
    password_custodian: Mapped[Person | None] = relationship(foreign_keys=[password_custodian_id])


class AccountRole(Base):
    """A person holding a role for an account (主要负责人, 分管负责人, 总编辑/审核人, 管理员, 信息员)."""

    __tablename__ = "account_roles"
    __table_args__ = (UniqueConstraint("account_id", "role", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(CodeEnum(Role))
    position: Mapped[int] = mapped_column(Integer, default=0)
    """0 for the single holder; 信息员 may have two (0 and 1)."""
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    since: Mapped[date | None] = mapped_column(Date)

    account: Mapped[Account] = relationship(back_populates="roles")
    person: Mapped[Person] = relationship()


class PasswordRotation(Base):
    """A password change, for the security section of the report (never the password itself)."""

    __tablename__ = "password_rotations"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    rotated_on: Mapped[date] = mapped_column(Date)
    custodian_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    is_handover: Mapped[bool] = mapped_column(Boolean, default=False)
    """True when the login was handed over to a new 管理员 (交接)."""
    note: Mapped[str] = mapped_column(Text, default="")


class SecurityIncident(Base):
    """安全事件: a serious wrong statement, a leak, a hijack, bought followers… (domain §6)."""

    __tablename__ = "security_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    handling: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[date | None] = mapped_column(Date)
