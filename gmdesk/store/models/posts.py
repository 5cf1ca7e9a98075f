"""Posts (planned and published), repost duties and day notes (domain §3)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gmdesk.domain.enums import PostCategory, PostKind, PostStatus
from gmdesk.store.base import Base, CodeEnum, Timestamps, Versioned


class Post(Versioned, Timestamps, Base):
    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_account_at", "account_id", "at"),
        Index("ix_posts_at", "at"),
        Index("ix_posts_status_at", "status", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    status: Mapped[PostStatus] = mapped_column(CodeEnum(PostStatus), default=PostStatus.PLANNED)
    at: Mapped[datetime] = mapped_column(DateTime)
    """The planned time while planned, the publication time once published."""
    planned_at: Mapped[datetime | None] = mapped_column(DateTime)
    """The original plan, kept when the post is published at another time."""
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="", server_default="")
    """正文 (optional): pasted so that it is screened for 错敏 with the title before publishing."""
    kind: Mapped[PostKind] = mapped_column(CodeEnum(PostKind), default=PostKind.ORIGINAL)
    source: Mapped[str] = mapped_column(String(200), default="")
    """来源, required for 转载."""
    category: Mapped[PostCategory] = mapped_column(CodeEnum(PostCategory), default=PostCategory.AFFAIRS)
    is_mass_push: Mapped[bool] = mapped_column(Boolean, default=False)
    """群发 (counts against the platform's cap) rather than 发表."""
    is_important: Mapped[bool] = mapped_column(Boolean, default=False)
    """重要信息: needs the leader's sign-off."""
    url: Mapped[str] = mapped_column(String(500), default="")
    reads: Mapped[int] = mapped_column(Integer, default=0)
    drafted_by: Mapped[str] = mapped_column(String(40), default="")
    drafted_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by: Mapped[str] = mapped_column(String(40), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_by: Mapped[str] = mapped_column(String(40), default="")
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    repost_task_id: Mapped[int | None] = mapped_column(ForeignKey("repost_tasks.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")


class RepostTask(Versioned, Timestamps, Base):
    """转发任务: an article the superior office requires accounts to repost by a time."""

    __tablename__ = "repost_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500), default="")
    issued_by: Mapped[str] = mapped_column(String(120), default="")
    """The superior office that asked for it."""
    issued_on: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")

    targets: Mapped[list[RepostTarget]] = relationship(back_populates="task", cascade="all, delete-orphan")


class RepostTarget(Base):
    __tablename__ = "repost_targets"
    __table_args__ = (UniqueConstraint("task_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("repost_tasks.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))

    task: Mapped[RepostTask] = relationship(back_populates="targets")
