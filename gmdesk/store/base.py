"""The declarative base and the column types shared by every model."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from gmdesk.domain.enums import LabeledEnum
from gmdesk.domain.platforms import Platform

# Stable constraint names, so Alembic's batch migrations on SQLite can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class CodeEnum(TypeDecorator[LabeledEnum]):
    """Stores a LabeledEnum member as its short ASCII code in a VARCHAR column."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_class: type[LabeledEnum]) -> None:
        super().__init__()
        self.enum_class = enum_class

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.enum_class(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> LabeledEnum | None:
        if value is None:
            return None
        return self.enum_class(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        dict[str, Any]: JSON,
        list[Any]: JSON,
        Platform: CodeEnum(Platform),
    }


class Timestamps:
    """Creation and last-change times (local time, as the office's clock shows)."""

    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, onupdate=datetime.now)


class Versioned:
    """A record two clerks can edit at once (a shared database): every UPDATE of it checks that ``version`` is
    still the one read and moves it on (SQLAlchemy's ``version_id_col``), so a save over someone else's change
    fails instead of overwriting it; a form that carries the version it showed is checked by the service."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}
