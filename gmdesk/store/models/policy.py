"""Policy profiles stored as data (the presets and the office's own)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gmdesk.store.base import Base, Timestamps, Versioned


class PolicyProfileRow(Versioned, Timestamps, Base):
    __tablename__ = "policy_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    """``PolicyProfile.to_dict()``."""
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    """The office's profile for accounts that name none; exactly one row is active."""
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
