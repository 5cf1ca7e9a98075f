"""Filing events of the account life cycle and the paper life of their forms (domain §2)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gmdesk.domain.enums import FilingKind, FilingStatus, PaperState
from gmdesk.store.base import Base, CodeEnum, Timestamps, Versioned


class FilingEvent(Versioned, Timestamps, Base):
    """One event (开设申请, 开设备案, 变更备案, 停更公告, 注销备案, 年审) with its working-day due date."""

    __tablename__ = "filing_events"
    __table_args__ = (
        Index("ix_filing_events_status_due", "status", "due_on"),
        Index("ix_filing_events_account", "account_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[FilingKind] = mapped_column(CodeEnum(FilingKind))
    status: Mapped[FilingStatus] = mapped_column(CodeEnum(FilingStatus), default=FilingStatus.PENDING)
    triggered_on: Mapped[date] = mapped_column(Date)
    """The day that starts the clock (开设时间, the change, 注销)."""
    due_on: Mapped[date | None] = mapped_column(Date)
    """The last day to file, from the policy profile (None for events without a deadline)."""
    completed_on: Mapped[date | None] = mapped_column(Date)
    changes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """For 变更备案: ``[{"field": "管理员", "before": "…", "after": "…"}, …]``."""
    close_reason: Mapped[str] = mapped_column(Text, default="")
    notice_on: Mapped[date | None] = mapped_column(Date)
    replacement_account: Mapped[str] = mapped_column(String(200), default="")
    paper_state: Mapped[PaperState] = mapped_column(CodeEnum(PaperState), default=PaperState.NONE)
    paper_history: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """``[{"state": "printed", "at": "2026-03-02 10:15", "operator": "…"}, …]``."""
    form_path: Mapped[str] = mapped_column(String(500), default="")
    """The last generated form file."""
    filing_number: Mapped[str] = mapped_column(String(60), default="")
    filed_on: Mapped[date | None] = mapped_column(Date)
    operator: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="filing_event", cascade="all, delete-orphan", order_by="Attachment.added_at"
    )


class Attachment(Base):
    """A file copied into the data folder (a scanned signed form, rectification evidence, a training's sign-in
    sheet) with its SHA-256."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    filing_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("filing_events.id", ondelete="CASCADE"), index=True
    )
    rectification_id: Mapped[int | None] = mapped_column(
        ForeignKey("rectification_items.id", ondelete="CASCADE"), index=True
    )
    training_id: Mapped[int | None] = mapped_column(
        ForeignKey("trainings.id", ondelete="CASCADE"), index=True
    )
    """The sign-in sheet (签到表) of a training."""
    original_name: Mapped[str] = mapped_column(String(260))
    stored_path: Mapped[str] = mapped_column(String(500))
    """Relative to the attachments folder beside the database."""
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    operator: Mapped[str] = mapped_column(String(40), default="")

    filing_event: Mapped[FilingEvent | None] = relationship(back_populates="attachments")


class AttachmentContent(Base):
    """On a shared (server) database, an attached file's content, once per SHA-256, so that every PC can open
    it (:mod:`gmdesk.store.shared_files`); unused on a SQLite file, whose attachments are files beside it."""

    __tablename__ = "attachment_contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
