"""Files copied into the data folder with their SHA-256: scans of signed forms, 整改 evidence.

The copy lives beside the database (``<db folder>/attachments/<year>/…``) so a copied folder keeps its
evidence; it is written to a temporary name and renamed, so a failed copy never leaves half a file. On a
shared database the content is kept in the database as well and each PC's copy is a cache
(:mod:`gmdesk.store.shared_files`): :func:`keep` stores a new file, :func:`rows_of` lists files with copies that
open at this PC.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from gmdesk.services.accounts_data import AttachmentRow
from gmdesk.store import shared_files
from gmdesk.store.backup_files import ATTACHMENTS_FOLDER, attachments_dir
from gmdesk.store.models import Attachment

__all__ = [
    "ATTACHMENTS_FOLDER",
    "StoredFile",
    "attach",
    "attachments_root",
    "root_of",
    "rows_of",
    "sha256_of",
    "store_copy",
    "verify",
]

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def attachments_root(database_path: Path) -> Path:
    """``<db folder>/attachments`` (every backup holds it: :mod:`gmdesk.store.backup_files`)."""
    return attachments_dir(database_path)


def root_of(session: Session) -> Path | None:
    """The attachments folder of the session's database file (None for an in-memory database)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite":  # a server's: kept on this PC (gmdesk.store.dialect.local_path)
        from gmdesk.store.dialect import local_path

        return attachments_root(local_path(url.render_as_string(hide_password=False)))
    database = url.database
    return attachments_root(Path(database)) if database else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredFile:
    original_name: str
    relative: str
    """The stored copy's path relative to the attachments folder (posix form, as the database keeps it)."""
    path: Path
    sha256: str
    size: int


def store_copy(source: Path, root: Path, prefix: str, now: datetime, sha256: str | None = None) -> StoredFile:
    """Copy ``source`` into ``root`` as ``<year>/<prefix>-<sha>-<name>``; raise FileNotFoundError if absent."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"找不到文件：{source}")
    sha = sha256 or sha256_of(source)
    name = _UNSAFE.sub("_", source.name)[-120:] or "file"
    relative = Path(f"{now.year}") / f"{prefix}-{sha[:10]}-{name}"
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    shutil.copyfile(source, partial)
    os.replace(partial, target)
    return StoredFile(source.name, relative.as_posix(), target, sha, target.stat().st_size)


def verify(path: Path | str, sha256: str) -> bool:
    """True when the stored copy is still the file that was attached."""
    path = Path(path)
    return path.is_file() and sha256_of(path) == sha256


def attach(
    session: Session,
    source: Path,
    root: Path,
    prefix: str,
    now: datetime,
    sha256: str,
    operator: str,
    **owner: int,
) -> AttachmentRow:
    """Copy ``source`` into ``root`` (:func:`store_copy`) and record it for its ``owner`` (``filing_event_id=``,
    ``rectification_id=`` or ``training_id=``); on a shared database the content goes into the database too,
    in the same unit of work as the row, so the other PCs can open it."""
    stored = store_copy(source, root, prefix, now, sha256)
    shared_files.put(session, sha256, stored.path)
    row = Attachment(
        original_name=source.name,
        stored_path=stored.relative,
        sha256=sha256,
        size=stored.size,
        added_at=now,
        operator=operator,
        **owner,
    )
    session.add(row)
    session.flush()
    return AttachmentRow(row.id, source.name, str(stored.path), sha256, stored.size, now, operator)


def rows_of(session: Session, found: Iterable[Attachment], root: Path | None) -> list[AttachmentRow]:
    """The attachments as listed to the clerk, each with the path of its copy at this PC (on a shared
    database written from the database when this PC has none yet)."""
    rows = []
    for a in found:
        if root is not None:
            shared_files.ensure_local(session, root / a.stored_path, a.sha256, a.size)
        path = str(root / a.stored_path) if root is not None else a.stored_path
        rows.append(
            AttachmentRow(a.id, a.original_name, path, a.sha256, a.size, a.added_at, a.operator or "")
        )
    return rows
