"""Moving a whole gmdesk database from one engine to the other (``gmdesk migrate --from … --to …``): a SQLite
file to a shared PostgreSQL database when an office starts working together, and back.

Every table is copied row for row through SQLAlchemy Core (no ORM: the audit trail is copied, not added to,
and its chain still verifies), parents before children, in chunks; then each table's row count and a
checksum of its rows (in key order, values as Python sees them) are compared between the two. A target that
holds any data is refused before anything is written to it.

The attachments go with the data: from a file to a server their contents are read from the file's folder into
the server's ``attachment_contents`` (:mod:`gmdesk.store.shared_files`); from a server to a file they are
written out into the new file's folder, each checked against its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select
from sqlalchemy import exc as sa_exc

import gmdesk.store.models  # noqa: F401 - every table on the metadata
from gmdesk.store import shared_files
from gmdesk.store.backup_files import attachments_dir
from gmdesk.store.base import Base
from gmdesk.store.database import Database
from gmdesk.store.dialect import sync_sequences
from gmdesk.store.errors import StoreError, classify
from gmdesk.store.models import Attachment, AttachmentContent

CHUNK = 5000
SETUP_KEYS = ("schema.written_by", "integrity.checked_on")
"""What opening an empty database writes by itself: not data, and replaced by the source's."""
CONTENTS = AttachmentContent.__tablename__
"""Copied as a table only between two servers; otherwise the attachments move as files (:func:`_files`)."""

Progress = Callable[[str], None]


class TargetNotEmpty(StoreError):
    pass


class CopyMismatch(StoreError):
    pass


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    checksum: str


def tables() -> list[Table]:
    """gmdesk's tables, each after the tables it refers to."""
    return [t for t in Base.metadata.sorted_tables]


def _key(table: Table) -> list[Any]:
    return list(table.primary_key.columns) or list(table.columns)


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    result = connection.execution_options(yield_per=CHUNK).execute(select(table).order_by(*_key(table)))
    for row in result.mappings():
        yield dict(row)


def table_checksum(connection: Connection, table: Table) -> tuple[int, str]:
    """(rows, SHA-256 of the rows in key order, each as JSON of its values by column name)."""
    sha = hashlib.sha256()
    count = 0
    for row in _rows(connection, table):
        if table.name == "settings" and row["key"] in SETUP_KEYS:
            continue
        plain = {k: _plain(v) for k, v in row.items()}
        sha.update(json.dumps(plain, sort_keys=True, default=str, ensure_ascii=False).encode())
        count += 1
    return count, sha.hexdigest()


def refuse_unless_empty(connection: Connection, where: str) -> None:
    for table in tables():
        query = select(func.count()).select_from(table)
        if table.name == "settings":
            query = query.where(table.c.key.not_in(SETUP_KEYS))
        rows = connection.execute(query).scalar_one()
        if rows:
            raise TargetNotEmpty(
                f"目标数据库 {where} 不是空的：表 {table.name} 已有 {rows} 行数据。为免把两份数据混在一起，"
                "没有复制任何内容。请指定一个新建的空数据库（服务器上由管理员新建，或一个还不存在的 .db 文件）。"
            )


def copy_database(
    source: Path | str, target: Path | str, progress: Progress | None = None
) -> list[TableCopy]:
    """Copy every table of ``source`` into the empty ``target`` (files or server URLs; the target's schema is
    created), then check counts and checksums table by table. Raises TargetNotEmpty, CopyMismatch, or the
    StoreError of either database."""
    say = progress or (lambda _text: None)
    origin = Database.open(source)
    try:
        destination = Database.open(target)
        try:
            return _copy(origin, destination, say)
        finally:
            destination.close()
    finally:
        origin.close()


def _copy(origin: Database, destination: Database, say: Progress) -> list[TableCopy]:
    copied: list[TableCopy] = []
    skipped = {"alembic_version"} | (set() if origin.is_server and destination.is_server else {CONTENTS})
    with origin.engine.connect() as reading, destination.engine.begin() as writing:
        refuse_unless_empty(writing, destination.where)
        writing.execute(delete(Base.metadata.tables["settings"]))  # the source brings its own
        for table in tables():
            if table.name in skipped:
                continue
            written = 0
            chunk: list[dict[str, Any]] = []
            try:
                for row in _rows(reading, table):
                    chunk.append(row)
                    if len(chunk) >= CHUNK:
                        writing.execute(table.insert(), chunk)
                        written += len(chunk)
                        chunk.clear()
                if chunk:
                    writing.execute(table.insert(), chunk)
                    written += len(chunk)
            except sa_exc.DBAPIError as error:
                friendly = classify(error, destination.where)
                if friendly is not None:
                    raise friendly from error
                raise StoreError(
                    f"复制表 {table.name} 时目标数据库拒绝了第 {written + 1}—{written + len(chunk)} 行中的数据："
                    f"{str(error.orig).splitlines()[0]}。目标数据库未做任何修改。"
                ) from error
            say(f"已复制 {table.name}：{written} 行")
        sync_sequences(writing, tables())
        _files(origin, reading, destination, writing, say)
        for table in tables():
            if table.name in skipped:
                continue
            before = table_checksum(reading, table)
            after = table_checksum(writing, table)
            if before != after:
                raise CopyMismatch(
                    f"复制后核对不一致：表 {table.name} 原有 {before[0]} 行，复制后 {after[0]} 行"
                    f"{'（行数相同，内容校验值不同）' if before[0] == after[0] else ''}。目标数据库未做任何修改。"
                )
            copied.append(TableCopy(table.name, after[0], after[1]))
    return copied


def _files(
    origin: Database, reading: Connection, destination: Database, writing: Connection, say: Progress
) -> None:
    """Move the attachments' contents between the file's folder and the server's table (see the module)."""
    if origin.is_server == destination.is_server:
        return  # file to file: nothing is kept in a table; server to server: the table was copied
    attached = reading.execute(
        select(Attachment.sha256, Attachment.stored_path).order_by(Attachment.id)
    ).all()
    missing: list[str] = []
    if destination.is_server:  # from this PC's folder into the server
        folder = attachments_dir(origin.path)
        for sha256, stored_path in attached:
            path = folder / stored_path
            content = path.read_bytes() if path.is_file() else b""
            if hashlib.sha256(content).hexdigest() != sha256:
                missing.append(stored_path)
                continue
            shared_files.keep_content(writing, sha256, content)
    else:  # from the server into the new file's folder
        folder = attachments_dir(destination.path)
        for sha256, stored_path in attached:
            content = reading.scalar(
                select(AttachmentContent.content).where(AttachmentContent.sha256 == sha256)
            )
            if content is None or hashlib.sha256(content).hexdigest() != sha256:
                missing.append(stored_path)
                continue
            shared_files.write_file(folder / stored_path, content)
    say(f"已复制附件：{len(attached) - len(missing)} 个")
    if missing:
        say(f"有 {len(missing)} 个附件的原文件找不到或已不是附加时的文件，未能复制：{'、'.join(missing[:5])}")
