"""Attachments on a shared (PostgreSQL) database: each file's content is kept once in the database by its
SHA-256, so a scan attached at one PC opens at the others; each PC keeps a cached copy in its own data folder
(``data/servers/<server>/attachments``), written again from the database whenever it is missing or not the
attached file. On a SQLite file none of this applies: the attachments are the files beside it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from gmdesk.store.dialect import is_postgresql
from gmdesk.store.models import AttachmentContent


def shared(session: Session) -> bool:
    """True when the session's database is a server's (attachment contents kept in it)."""
    return is_postgresql(session.get_bind())


def put(session: Session, sha256: str, path: Path) -> None:
    """Keep the content of ``path`` (already checked to have ``sha256``) in the database, once: in the same
    unit of work as the attachment's row, so either both are there or neither."""
    if not shared(session):
        return
    keep_content(session.connection(), sha256, Path(path).read_bytes())


def keep_content(connection: Connection, sha256: str, content: bytes) -> None:
    """One attached file's content in a server database's table, unless it is there already."""
    statement = pg_insert(AttachmentContent).values(sha256=sha256, size=len(content), content=content)
    connection.execute(statement.on_conflict_do_nothing(index_elements=["sha256"]))


def ensure_local(session: Session, path: Path, sha256: str, size: int) -> None:
    """Write the cached copy at ``path`` from the database when it is missing or not the attached file (a
    different size; the content's hash is checked when it is written). Nothing is done on a SQLite file, or
    when the database does not hold the content (a file attached before this was kept: the clerk who has it
    can attach it again)."""
    if not shared(session):
        return
    if path.is_file() and path.stat().st_size == size:
        return
    content = session.scalar(select(AttachmentContent.content).where(AttachmentContent.sha256 == sha256))
    if content is None or hashlib.sha256(content).hexdigest() != sha256:
        return
    write_file(path, content)


def write_file(path: Path, content: bytes) -> None:
    """``content`` at ``path`` through a temporary name: a failed write never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(content)
    os.replace(partial, path)
