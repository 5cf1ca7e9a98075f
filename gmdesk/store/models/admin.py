"""Operators, the audit log and the office's settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gmdesk.domain.enums import OperatorRole
from gmdesk.store.base import Base, CodeEnum, Timestamps, Versioned


class Operator(Versioned, Timestamps, Base):
    """Someone who uses gmdesk: the role decides what they may do, ``may_see_personal_data`` whether they may
    ask for personal data unmasked (with a reason that is audited)."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    role: Mapped[OperatorRole] = mapped_column(CodeEnum(OperatorRole), default=OperatorRole.CLERK)
    may_see_personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    """``scrypt$n$r$p$salt$hash`` (hex), or empty for an operator without a password; never the password."""


class AuditEntry(Base):
    """Who did what and when (登录, 发布, changes), for the 安全管理 records."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_entity", "entity", "entity_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    operator: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Changed fields: name → [before, after]."""
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")
    """SHA-256 over the entry and ``prev_hash`` (gmdesk.domain.audit_chain)."""


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Draft(Base):
    """Input the clerk typed but has not saved yet (a reply, a 答复, a post, an account), one per record and
    kind, so that switching records, quitting, a crash or a power cut never loses it."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    """What was being written: ``reply``, ``transfer_answer``, ``post``, ``account`` …"""
    key: Mapped[str] = mapped_column(String(60))
    """Which record it belongs to: its id, or ``new`` for a record not saved yet."""
    title: Mapped[str] = mapped_column(String(200), default="")
    """How the clerk recognises it in the list of recovered drafts, e.g. 留言 #872 的回复."""
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
