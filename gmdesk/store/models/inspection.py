"""Rectification (整改) items and the reports generated."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gmdesk.domain.enums import RectificationSource, RectificationState
from gmdesk.store.base import Base, CodeEnum, Timestamps, Versioned


class RectificationItem(Versioned, Timestamps, Base):
    """问题 → 措施 → 责任人 → 时限 → 状态 (domain §6)."""

    __tablename__ = "rectification_items"
    __table_args__ = (Index("ix_rectification_items_state_due", "state", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[RectificationSource] = mapped_column(
        CodeEnum(RectificationSource), default=RectificationSource.SELF_INSPECTION
    )
    rule: Mapped[str] = mapped_column(String(40), default="")
    """The finding's rule id when the item came from a finding."""
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    problem: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(80), default="")
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    opened_on: Mapped[date] = mapped_column(Date)
    workdays: Mapped[int | None] = mapped_column(Integer)
    """时限 in working days, when given that way."""
    due_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[RectificationState] = mapped_column(
        CodeEnum(RectificationState), default=RectificationState.OPEN
    )
    completed_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str] = mapped_column(Text, default="")
    notice_ref: Mapped[str] = mapped_column(String(120), default="")
    """The superior's 通报 it came from (文号)."""
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))


class Report(Timestamps, Base):
    """A generated report (年度自查, 季度, 年度报表) with its edited narrative, kept to regenerate."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), default="self_inspection")
    title: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    """None means every unit."""
    narrative: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The parts the clerk writes: 下一步工作安排, remarks, sign-off names."""
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    generated_at: Mapped[datetime | None] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(40), default="")
    docx_path: Mapped[str] = mapped_column(String(500), default="")
    xlsx_path: Mapped[str] = mapped_column(String(500), default="")
