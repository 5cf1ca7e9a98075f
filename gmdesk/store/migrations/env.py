"""Alembic environment: run with the connection gmdesk hands over, or from alembic.ini for developers."""

from __future__ import annotations

from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, create_engine

import gmdesk.store.models  # noqa: F401 - registers every table on the metadata
from gmdesk.store.base import Base, CodeEnum

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: object, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render gmdesk's enum columns as plain VARCHAR, so migrations never import application types."""
    if type_ == "type" and isinstance(obj, CodeEnum):
        return "sa.String(length=32)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=_render_item,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///dev.db")
    with engine.begin() as dev_connection:
        _run(dev_connection)
