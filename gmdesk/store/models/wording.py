"""错敏 screening: the office's own lexicon entries and exceptions, and what the clerk recorded about a post's
hits (domain §9). The shipped lexicon is data in ``resources/wording/``, not a table."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gmdesk.domain.enums import WordingCategory, WordingMark
from gmdesk.store.base import Base, CodeEnum, Timestamps


class WordingTerm(Timestamps, Base):
    """An entry of the office (a wrong form and its right form) or an exception (a phrase never reported)."""

    __tablename__ = "wording_terms"
    __table_args__ = (UniqueConstraint("is_exception", "wrong"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    is_exception: Mapped[bool] = mapped_column(default=False)
    wrong: Mapped[str] = mapped_column(String(100))
    """The wrong form; for an exception, the phrase that is correct."""
    right: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[WordingCategory | None] = mapped_column(CodeEnum(WordingCategory))
    note: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[date | None] = mapped_column(Date)
    operator: Mapped[str] = mapped_column(String(40), default="")


class PostWordingMark(Base):
    """已核实 or 已更正 on a post, with the clerk's note and the hits as they were when marked (so the report
    still counts them after the title was corrected)."""

    __tablename__ = "post_wording_marks"

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    mark: Mapped[WordingMark] = mapped_column(CodeEnum(WordingMark))
    note: Mapped[str] = mapped_column(Text, default="")
    hits: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """``[{"found": "截止目前", "right": "截至目前", "category": "错别字", …}, …]``."""
    marked_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(40), default="")
