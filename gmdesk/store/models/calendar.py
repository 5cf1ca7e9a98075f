"""The office's editable holiday table and notes written on calendar days."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gmdesk.store.base import Base, Timestamps


class HolidayOverride(Timestamps, Base):
    """A day whose status the office sets itself, on top of the packaged national table (domain §5)."""

    __tablename__ = "holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(60), default="")
    source: Mapped[str] = mapped_column(String(120), default="手工录入")
    """Where the entry came from, e.g. the notice's document number (国办发明电〔2026〕x号)."""


class DayNote(Timestamps, Base):
    """A note on a calendar day, for all accounts or one."""

    __tablename__ = "day_notes"
    __table_args__ = (Index("ix_day_notes_day", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
