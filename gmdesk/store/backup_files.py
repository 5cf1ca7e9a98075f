"""The attachments folder inside a backup: scans of signed forms and 整改 evidence travel with the database.

A backup stays one SQLite file: its copy gets one more table, :data:`TABLE`, holding every file of the
``attachments/`` folder beside the database (relative path, size, SHA-256, content). Everything the backup
service already does — ``quick_check``, sealing with a passphrase, rotation, listing — thus covers the files
too, and a backup carried to a new PC brings them along. The content is streamed through SQLite's blob I/O,
so memory stays bounded whatever the size of a scan.

A backup without the table was made by an earlier gmdesk: it says nothing about the files, and restoring it
leaves the folder as it is. A backup with the table (empty or not) restores the folder exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gmdesk.store.errors import DatabaseCorrupt, StoreError

ATTACHMENTS_FOLDER = "attachments"
TABLE = "gmdesk_backup_files"
CHUNK = 1 << 20
MAX_FILE_BYTES = 1_000_000_000
"""SQLite's own limit for one value; a scan is a few megabytes."""
STAGING_SUFFIX = ".restore.part"


def attachments_dir(db_path: Path) -> Path:
    """``<db folder>/attachments``."""
    return Path(db_path).resolve().parent / ATTACHMENTS_FOLDER


@dataclass(frozen=True)
class FilesSummary:
    count: int
    size: int

    def describe(self) -> str:
        if not self.count:
            return "附件0个"
        return f"附件{self.count}个（{_size_text(self.size)}）"


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _files(folder: Path) -> list[tuple[str, Path]]:
    """Every file under ``folder`` by its path relative to it (``/``-separated), half-written copies left out."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.endswith(".part"):
            found.append((path.relative_to(folder).as_posix(), path))
    return found


def pack(copy: Path, folder: Path) -> FilesSummary:
    """Put every file of ``folder`` into the backup copy at ``copy`` (not yet renamed into place)."""
    connection = sqlite3.connect(copy)
    count = size = 0
    try:
        connection.execute(
            f"CREATE TABLE {TABLE} (path TEXT PRIMARY KEY, size INTEGER NOT NULL, "
            "sha256 TEXT NOT NULL, data BLOB NOT NULL)"
        )
        for relative, path in _files(folder):
            length = path.stat().st_size
            if length > MAX_FILE_BYTES:
                raise StoreError(f"附件 {path} 超过 1 GB，无法放入备份。请把它移出 {folder} 后再备份。", path)
            row = connection.execute(
                f"INSERT INTO {TABLE} (path, size, sha256, data) VALUES (?, ?, '', zeroblob(?))",
                (relative, length, length),
            ).lastrowid
            assert row is not None  # an INSERT always sets it
            digest = hashlib.sha256()
            written = 0
            with path.open("rb") as stream, connection.blobopen(TABLE, "data", row) as blob:
                for chunk in iter(lambda: stream.read(CHUNK), b""):
                    if written + len(chunk) > length:
                        raise StoreError(f"附件 {path} 在备份过程中被修改，请稍后重试。", path)
                    blob.write(chunk)
                    digest.update(chunk)
                    written += len(chunk)
            if written != length:
                raise StoreError(f"附件 {path} 在备份过程中被修改，请稍后重试。", path)
            connection.execute(f"UPDATE {TABLE} SET sha256 = ? WHERE rowid = ?", (digest.hexdigest(), row))
            count, size = count + 1, size + length
        connection.commit()
    finally:
        connection.close()
    return FilesSummary(count, size)


def has_files_table(connection: sqlite3.Connection) -> bool:
    return (
        connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
        ).fetchone()
        is not None
    )


def summary(connection: sqlite3.Connection) -> FilesSummary | None:
    """What the backup holds of the folder; None for a backup made before files were kept."""
    if not has_files_table(connection):
        return None
    count, size = connection.execute(f"SELECT count(*), coalesce(sum(size), 0) FROM {TABLE}").fetchone()
    return FilesSummary(int(count), int(size))


def _stream(connection: sqlite3.Connection, row: int, length: int) -> Iterator[bytes | None]:
    """The kept file's content in chunks; a single None when its length is not the recorded one."""
    with connection.blobopen(TABLE, "data", row, readonly=True) as blob:
        if len(blob) != length:
            yield None
            return
        while chunk := blob.read(CHUNK):
            yield chunk


def verify(connection: sqlite3.Connection, label: str) -> FilesSummary | None:
    """Check every kept file against its SHA-256; DatabaseCorrupt names the first that differs."""
    if not has_files_table(connection):
        return None
    count = size = 0
    for row, relative, length, expected in connection.execute(
        f"SELECT rowid, path, size, sha256 FROM {TABLE}"
    ):
        _safe_parts(relative, label)
        digest = hashlib.sha256()
        intact = True
        for chunk in _stream(connection, row, length):
            if chunk is None:
                intact = False
                break
            digest.update(chunk)
        if not intact or digest.hexdigest() != expected:
            raise DatabaseCorrupt(f"备份中的附件“{relative}”已损坏（校验值不符）：{label}", Path(label))
        count, size = count + 1, size + length
    return FilesSummary(count, size)


def _safe_parts(relative: str, label: str) -> tuple[str, ...]:
    """The parts of a kept file's path; a path that would leave the folder (``..``, absolute, a drive) is
    refused, naming the backup."""
    parts = PurePosixPath(relative).parts
    if (
        not parts
        or PurePosixPath(relative).is_absolute()
        or any(p in ("..", "") or ":" in p or "\\" in p for p in parts)
    ):
        raise DatabaseCorrupt(f"备份中的附件路径不合法（{relative}）：{label}", Path(label))
    return parts


def staging_dir(folder: Path) -> Path:
    return folder.with_name(folder.name + STAGING_SUFFIX)


def unpack(restored: Path, folder: Path) -> FilesSummary | None:
    """Write the files kept in ``restored`` to a staging folder beside ``folder`` (checked as they are
    written); None when the backup kept no files. :func:`swap_in` then puts the staging folder in place."""
    staging = staging_dir(folder)
    shutil.rmtree(staging, ignore_errors=True)
    connection = sqlite3.connect(f"file:{restored}?mode=ro", uri=True)
    try:
        if not has_files_table(connection):
            return None
        staging.mkdir(parents=True)
        count = size = 0
        for row, relative, length, expected in connection.execute(
            f"SELECT rowid, path, size, sha256 FROM {TABLE}"
        ):
            target = staging.joinpath(*_safe_parts(relative, str(restored)))
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with target.open("wb") as stream:
                for chunk in _stream(connection, row, length):
                    if chunk is None:
                        raise DatabaseCorrupt(f"备份中的附件“{relative}”已损坏：{restored}", restored)
                    stream.write(chunk)
                    digest.update(chunk)
                stream.flush()
                os.fsync(stream.fileno())
            if digest.hexdigest() != expected:
                raise DatabaseCorrupt(f"备份中的附件“{relative}”已损坏（校验值不符）：{restored}", restored)
            count, size = count + 1, size + length
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        connection.close()
    return FilesSummary(count, size)


def strip(restored: Path) -> None:
    """Take the kept files out of a restored database (the live file holds no copy of the folder)."""
    connection = sqlite3.connect(restored, isolation_level=None)
    try:
        if not has_files_table(connection):
            return
        held = connection.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
        connection.execute(f"DROP TABLE {TABLE}")
        if held:
            connection.execute("VACUUM")  # give the files' pages back: the live file is as small as before
    finally:
        connection.close()


def swap_in(folder: Path, keep_old_at: Path | None = None) -> None:
    """Put the staging folder in place of ``folder``. The old folder is removed — the safety backup made
    before the restore holds its files — or, with ``keep_old_at``, moved there (the safety copy of a damaged
    database is a plain copy without them)."""
    staging = staging_dir(folder)
    old = folder.with_name(folder.name + ".old.part")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(staging, folder)
    if old.exists():
        if keep_old_at is not None:
            shutil.move(str(old), str(keep_old_at))
        else:
            shutil.rmtree(old, ignore_errors=True)
