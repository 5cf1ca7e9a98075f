"""Public messages, their history, replies, 转办 and the reply templates (domain §4)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gmdesk.domain.enums import MessageCategory, MessageChannel, MessageEventKind, MessageState, Urgency
from gmdesk.store.base import Base, CodeEnum, Timestamps, Versioned


class Message(Versioned, Timestamps, Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index(
            "ix_messages_state_answer_due_answered", "state", "answer_due", "answered_at"
        ),  # covers 按期答复率
        Index("ix_messages_account_received", "account_id", "received_at"),
        Index("ix_messages_received", "received_at"),
        Index("ix_messages_assigned_unit", "assigned_unit_id"),
        Index("ix_messages_state_next_due", "state", "next_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    channel: Mapped[MessageChannel] = mapped_column(CodeEnum(MessageChannel), default=MessageChannel.BOARD)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    writer_name: Mapped[str] = mapped_column(String(80), default="")
    """留言人 (a nickname or a name)."""
    writer_contact: Mapped[str] = mapped_column(String(120), default="")
    """联系方式; masked in lists and exports unless the operator may see personal data."""
    content: Mapped[str] = mapped_column(Text)
    category: Mapped[MessageCategory] = mapped_column(
        CodeEnum(MessageCategory), default=MessageCategory.CONSULT
    )
    urgency: Mapped[Urgency] = mapped_column(CodeEnum(Urgency), default=Urgency.NORMAL)
    state: Mapped[MessageState] = mapped_column(CodeEnum(MessageState), default=MessageState.PENDING)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    """保密: the writer asked for privacy; never leaves the database in an export."""
    writer_last_at: Mapped[datetime | None] = mapped_column(DateTime)
    """The follower's last message (starts WeChat's 48-hour customer-service window)."""
    first_response_due: Mapped[datetime | None] = mapped_column(DateTime)
    answer_due: Mapped[datetime | None] = mapped_column(DateTime)
    """The deadlines in force, computed by the deadline engine and stored for sorting and indexing."""
    next_due: Mapped[datetime | None] = mapped_column(DateTime)
    """The nearest deadline still running (the first response until given, then the answer); None once the
    message is answered, closed or refused. The inbox sorts on it and ``gmdesk check`` reads it, both through
    ``ix_messages_state_next_due``."""
    committed_due: Mapped[date | None] = mapped_column(Date)
    """承诺答复期限: a date promised to the writer that replaces the default answer deadline."""
    extension_workdays: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    rejected_reason: Mapped[str] = mapped_column(Text, default="")
    assigned_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    """办理部门: the unit handling it after 转办."""
    external_id: Mapped[str] = mapped_column(String(120), default="")
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of account, writer, time and text: the same message imported twice is skipped."""

    events: Mapped[list[MessageEvent]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="MessageEvent.at"
    )
    replies: Mapped[list[Reply]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="Reply.replied_at"
    )
    transfers: Mapped[list[Transfer]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="Transfer.sent_at"
    )


class MessageEvent(Base):
    """A line of a message's history: received, acknowledged, forwarded, answered, closed…"""

    __tablename__ = "message_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MessageEventKind] = mapped_column(CodeEnum(MessageEventKind))
    at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    message: Mapped[Message] = relationship(back_populates="events")


class Reply(Base):
    __tablename__ = "replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    replied_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(40), default="")
    is_final: Mapped[bool] = mapped_column(Boolean, default=True)
    """False for a first response (已收到，正在办理); True for the answer."""
    template_id: Mapped[int | None] = mapped_column(ForeignKey("reply_templates.id", ondelete="SET NULL"))

    message: Mapped[Message] = relationship(back_populates="replies")


class Transfer(Base):
    """转办: the message forwarded to the responsible unit, with that unit's own due date and answer."""

    __tablename__ = "transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime)
    due_on: Mapped[date] = mapped_column(Date)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answer_text: Mapped[str] = mapped_column(Text, default="")
    operator: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    message: Mapped[Message] = relationship(back_populates="transfers")


class ReplyTemplate(Versioned, Timestamps, Base):
    """口径库: reply text with variables {称呼}, {账号}, {单位}, {日期}."""

    __tablename__ = "reply_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    category: Mapped[str] = mapped_column(String(40), default="")
    """A message category label (咨询…), 转办, 说明情况, or empty for any."""
    text: Mapped[str] = mapped_column(Text)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
