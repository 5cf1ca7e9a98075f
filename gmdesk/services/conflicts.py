"""Two clerks, one record (a shared database): a save over someone else's change is refused, saying who
changed it and when, so the clerk can reload and type the change again — nothing is overwritten silently.

A form carries the record's ``version`` as it was shown (``Versioned`` in :mod:`gmdesk.store.base`); the service
compares it with the stored one before it changes anything. A change that slips in between the check and the
write is caught by SQLAlchemy's ``version_id_col`` (``StaleDataError``), which
:meth:`gmdesk.store.database.Database.session` turns into the same refusal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from gmdesk.domain.errors import EditConflict
from gmdesk.store.queries import audit as audit_queries

AUDIT_ENTITY_OF = {"rectification_items": ("rectification",)}
"""Tables whose audit entries use a word of their own (besides the table's name and its singular)."""

NOT_CHANGES = ("登录", "登录失败")
"""Audit entries about a record that are not a change of it (an operator signing in)."""

RELOAD_HINT = "请点“重新载入”：载入对方保存的内容，您改过的地方仍保留您填写的内容，核对后再保存。"


def last_change(session: Session, record: Any) -> tuple[str, datetime] | None:
    """(operator, time) of the newest entry of the audit trail about ``record`` (any of its own words)."""
    table = inspect(record).mapper.local_table.name
    singular = table[:-1] if table.endswith("s") else table
    return last_entry(session, [table, singular, *AUDIT_ENTITY_OF.get(table, ())], record.id)


def last_entry(session: Session, entities: list[str], entity_id: int | None) -> tuple[str, datetime] | None:
    """(operator, time) of the newest change the audit trail records about ``entities`` (``entity_id`` None:
    about the whole of them, as the office's settings)."""
    found = audit_queries.last_change(session, entities, entity_id, besides=NOT_CHANGES)
    return (found.operator or "（未记名）", found.at) if found is not None else None


def conflict_message(what: str, change: tuple[str, datetime] | None) -> str:
    if change is None:
        who = "其他同事"
    else:
        operator, at = change
        who = f"{operator}（{at:%Y-%m-%d %H:%M}）"
    return f"{what}在您打开之后已被{who}修改。为免覆盖对方的修改，您的修改没有保存，填写的内容仍在窗口中。{RELOAD_HINT}"


def check_unchanged(session: Session, record: Any, unchanged: bool, what: str) -> None:
    """For a small record without a version column (a day note, a term of the 错敏 word list): refuse
    (EditConflict) when what is stored is no longer what the form showed."""
    if not unchanged:
        raise EditConflict(conflict_message(what, last_change(session, record)))


def check_version(session: Session, record: Any, shown: int | None, what: str) -> None:
    """Refuse (EditConflict) when ``record`` changed since the form showed version ``shown`` (None: not
    checked, e.g. an import that read the record in the same unit of work)."""
    if shown is None or record.version == shown:
        return
    raise EditConflict(conflict_message(what, last_change(session, record)))
