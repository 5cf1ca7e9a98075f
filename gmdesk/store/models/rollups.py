"""Roll-ups of the posts: counts per account and day, and per account and month, kept by ``store/rollups.py``
in the same transaction as every write that changes posts (the posts stay the truth; these are derived).

A day row counts the account's posts of that day that are not cancelled in eight disjoint slots — 发布/计划 ×
原创/转载 × 群发/发表 — which is exactly what the frequency rules' tallies count (``domain/post_tally``); a
month row counts the published posts and the published 原创, what the 工作台's chart shows. Rows exist only
where something is counted. The days and months are text (``YYYY-MM-DD``, ``YYYY-MM``) on both engines, so
comparisons and ``substr`` read the same everywhere. On SQLite both tables are ``WITHOUT ROWID``: a range of
one account's days is then read from consecutive pages of the key itself.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gmdesk.store.base import Base

DAY_SLOTS = (
    "published_repost",
    "published_repost_push",
    "published_original",
    "published_original_push",
    "planned_repost",
    "planned_repost_push",
    "planned_original",
    "planned_original_push",
)
"""The day row's count columns in ``PostTally`` slot order: 原创 × 2 + 群发, plus 4 for a plan."""


class PostDay(Base):
    """Posts (not cancelled) of one account on one day, counted per slot."""

    __tablename__ = "post_days"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012 - SQLAlchemy reads this class attribute

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    """``YYYY-MM-DD``."""
    published_repost: Mapped[int] = mapped_column(Integer, default=0)
    published_repost_push: Mapped[int] = mapped_column(Integer, default=0)
    published_original: Mapped[int] = mapped_column(Integer, default=0)
    published_original_push: Mapped[int] = mapped_column(Integer, default=0)
    planned_repost: Mapped[int] = mapped_column(Integer, default=0)
    planned_repost_push: Mapped[int] = mapped_column(Integer, default=0)
    planned_original: Mapped[int] = mapped_column(Integer, default=0)
    planned_original_push: Mapped[int] = mapped_column(Integer, default=0)


class PostMonth(Base):
    """Published posts and published 原创 of one account in one month (months with none have no row)."""

    __tablename__ = "post_months"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012 - as above

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    """``YYYY-MM``."""
    published: Mapped[int] = mapped_column(Integer, default=0)
    originals: Mapped[int] = mapped_column(Integer, default=0)
