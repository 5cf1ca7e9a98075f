"""The one backup service of gmdesk: daily, manual, before a migration, an import or a restore.

Every backup, whoever asks for it (the window, ``gmdesk backup``, an import, a migration), goes through
:func:`create_backup`:

1. the live file must pass ``PRAGMA quick_check`` first: a damaged file is never copied, so copies of
   damage can never rotate the good backups away;
2. SQLite's online backup API writes a consistent copy to ``NAME.part`` (optionally sealed with a passphrase,
   see :mod:`gmdesk.store.backup_crypto`);
3. the copy is verified (``quick_check`` and gmdesk's tables; a sealed copy is opened again and its content
   hash compared) and only then renamed into place;
4. old backups are thinned by :mod:`gmdesk.domain.backup_policy` (7 daily, 4 weekly, 12 monthly, the last 5
   before an operation), which never deletes the newest good one.

Any failure (disk full, a read-only folder) removes the ``.part`` file and raises a :class:`StoreError` that
names the cause; leftovers of a killed backup are removed by the next one. :func:`restore_backup` refuses a
damaged, foreign or newer-version backup before it touches the live file, keeps a safety copy of the current
data, puts the restored file in place with one rename and checks it again.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gmdesk.domain.backup_policy import (
    DAMAGED_REASON,
    DEFAULT_RULE,
    SCHEDULED_REASONS,
    Candidate,
    RetentionRule,
    to_keep,
)
from gmdesk.store import backup_crypto, backup_files, integrity, schema
from gmdesk.store.backup_files import FilesSummary
from gmdesk.store.errors import (
    DatabaseCorrupt,
    NotAGmdeskDatabase,
    SchemaTooNew,
    StoreError,
    classify,
    classify_os_error,
    is_disk_full,
)

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?-(?P<reason>[a-z-]+)\.(?P<ext>db|gmbk)$")
STALE_PART_SECONDS = 600
"""A ``.part`` file this old is the leftover of a killed or failed backup, not one being written."""

REASON_LABELS = {
    "manual": "手动备份",
    "daily": "每日自动备份",
    "migration": "升级前备份",
    "import": "导入前备份",
    "restore": "恢复前备份",
    "delete": "批量删除前备份",
    DAMAGED_REASON: "损坏文件留档",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    @property
    def encrypted(self) -> bool:
        return self.path.suffix == backup_crypto.ENCRYPTED_SUFFIX

    @property
    def damaged(self) -> bool:
        return self.reason == DAMAGED_REASON


@dataclass(frozen=True)
class BackupFacts:
    """What a backup file holds, read without changing it (and, when sealed, without its passphrase)."""

    path: Path
    revision: str | None
    written_by: str
    encrypted: bool
    files: FilesSummary | None = None
    """The attachments folder as kept in the backup; None for a backup made before files were kept."""

    def contents(self) -> str:
        """What the backup holds, as the clerk reads it."""
        held = f"数据库和{self.files.describe()}" if self.files is not None else "仅数据库（不含附件）"
        return held + ("，已加密" if self.encrypted else "")


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    safety: Path | None
    """The copy of the data as it was before the restore (None when there was no database yet)."""
    safety_damaged: bool = False
    """The data before the restore failed its check and was kept as a plain copy of the damaged file."""
    files: FilesSummary | None = None
    """The attachments folder put back; None when the backup kept none (the folder was left as it was)."""


def backups_dir(db_path: Path | str) -> Path:
    """``backups`` beside the file (a server database's: beside the folder on this PC that stands for it)."""
    return _local(db_path).parent / "backups"


def _local(db_path: Path | str) -> Path:
    from gmdesk.paths import is_url
    from gmdesk.store.dialect import local_path

    return local_path(db_path) if is_url(db_path) else Path(db_path)


# --------------------------------------------------------------------------- writing


def _store_error(error: BaseException, path: Path, doing: str) -> StoreError | None:
    if isinstance(error, StoreError):
        return error
    if isinstance(error, sqlite3.Error):
        if is_disk_full(error):
            return classify_os_error(OSError(errno.ENOSPC, str(error)), path, doing)
        return classify(error, path)
    if isinstance(error, OSError):
        return classify_os_error(error, path, doing)
    return None


def _online_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live database with SQLite's online backup API (one self-contained file)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        src.close()


def _fsync(path: Path) -> None:
    with open(path, "rb") as stream:
        os.fsync(stream.fileno())


def copy_database(source: Path, target: Path, files: Path | None = None) -> None:
    """A consistent, verified copy of ``source`` at ``target`` (with the files of the folder ``files``),
    written to ``.part`` and renamed into place."""
    temporary = target.with_name(target.name + ".part")
    try:
        temporary.unlink(missing_ok=True)
        _online_copy(source, temporary)
        if files is not None:
            backup_files.pack(temporary, files)
        _fsync(temporary)
        verify_plain(temporary, label=str(target))
        os.replace(temporary, target)
    except BaseException as error:
        _remove_partial(temporary)
        friendly = _store_error(error, target, "备份")
        if friendly is not None and friendly is not error:
            raise friendly from error
        raise


def create_backup(
    db_path: Path,
    reason: str = "manual",
    directory: Path | None = None,
    *,
    passphrase: str | None = None,
    rule: RetentionRule = DEFAULT_RULE,
    now: datetime | None = None,
    checked: bool = False,
) -> Path:
    """Back the database and its attachments folder up into ``directory`` (default: ``backups/`` beside it),
    verify, thin old copies.

    ``checked``: the caller has just run ``quick_check`` on the live file. Raises DatabaseCorrupt (and writes
    nothing) when the live file is damaged, DiskFull/DatabaseReadOnly when the copy cannot be written.
    """
    db_path = Path(db_path)
    directory = Path(directory) if directory is not None else backups_dir(db_path)
    if passphrase is not None:
        backup_crypto.check_passphrase(passphrase)
    if not checked:
        problems = integrity.quick_check(db_path)
        if problems:
            raise DatabaseCorrupt(
                f"数据库文件未通过完整性检查（{db_path}），为免损坏的副本挤掉完好的备份，本次没有备份。"
                "请用“文件 › 从备份恢复”恢复最近的完好备份。",
                db_path,
                problems,
            )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise (classify_os_error(error, directory, "备份") or error) from error
    clean_partial(directory)
    made = now or datetime.now()
    stamp = made.strftime("%Y%m%d-%H%M%S")
    suffix = backup_crypto.ENCRYPTED_SUFFIX if passphrase is not None else ".db"
    target = directory / f"{db_path.stem}-{stamp}-{reason}{suffix}"
    counter = 1
    while target.exists():
        target = directory / f"{db_path.stem}-{stamp}-{counter}-{reason}{suffix}"
        counter += 1
    if passphrase is None:
        copy_database(db_path, target, backup_files.attachments_dir(db_path))
    else:
        _sealed_copy(db_path, target, passphrase, reason, made)
    rotate(db_path, directory, rule)
    log.info("backed up %s to %s (%s)", db_path, target, reason)
    return target


def _sealed_copy(db_path: Path, target: Path, passphrase: str, reason: str, made: datetime) -> None:
    plain = target.with_name(target.name + ".plain.part")
    sealed = target.with_name(target.name + ".part")
    try:
        plain.unlink(missing_ok=True)
        _online_copy(db_path, plain)
        backup_files.pack(plain, backup_files.attachments_dir(db_path))
        facts = verify_plain(plain, label=str(target))
        from gmdesk import __version__

        meta: dict[str, object] = {
            "revision": facts.revision,
            "gmdesk": __version__,
            "made_at": made.isoformat(timespec="seconds"),
            "reason": reason,
            "source": db_path.name,
        }
        if facts.files is not None:
            meta |= {"files": facts.files.count, "files_size": facts.files.size}
        expected = backup_crypto.encrypt_file(plain, sealed, passphrase, meta)
        if backup_crypto.decrypt_file(sealed, None, passphrase) != expected:
            raise DatabaseCorrupt(f"加密备份写入后校验不一致：{target}，请换一个文件夹重试。", target)
        os.replace(sealed, target)
    except BaseException as error:
        _remove_partial(sealed)
        friendly = _store_error(error, target, "备份")
        if friendly is not None and friendly is not error:
            raise friendly from error
        raise
    finally:
        _remove_partial(plain)


def _remove_partial(path: Path) -> None:
    """A half-written copy and the rollback journal SQLite keeps beside it while writing."""
    for leftover in (path, Path(f"{path}-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def clean_partial(directory: Path, older_than: float = STALE_PART_SECONDS) -> list[Path]:
    """Remove the ``.part`` files a killed or failed backup left behind (not one being written now)."""
    removed: list[Path] = []
    if not directory.is_dir():
        return removed
    limit = time.time() - older_than
    for leftover in [*directory.glob("*.part"), *directory.glob("*.part-journal")]:
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < limit:
                leftover.unlink()
                removed.append(leftover)
    return removed


def list_backups(db_path: Path | str, directory: Path | None = None) -> list[BackupInfo]:
    """The database's backups, newest first."""
    db_path = _local(db_path)
    directory = directory or backups_dir(db_path)
    found = []
    if directory.is_dir():
        for path in directory.glob(f"{db_path.stem}-*"):
            match = _NAME.match(path.name)
            if match and match["stem"] == db_path.stem:
                made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
                found.append(BackupInfo(path, made, match["reason"]))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def rotate(db_path: Path, directory: Path | None = None, rule: RetentionRule = DEFAULT_RULE) -> list[Path]:
    """Delete the backups the retention rule does not keep; returns what was deleted."""
    backups = list_backups(db_path, directory)
    keep = to_keep([Candidate(b.path, b.made_at, b.reason, not b.damaged) for b in backups], rule)
    deleted = []
    for old in backups:
        if old.path not in keep:
            with contextlib.suppress(OSError):
                old.path.unlink()
                Path(f"{old.path}-wal").unlink(missing_ok=True)
                deleted.append(old.path)
    return deleted


def daily_backup_due(db_path: Path, today: datetime | None = None) -> bool:
    today = today or datetime.now()
    return not any(
        b.made_at.date() == today.date() and b.reason in SCHEDULED_REASONS and not b.encrypted
        for b in list_backups(db_path)
    )


def daily_backup(db_path: Path, now: datetime | None = None) -> Path | None:
    """The first start of a day backs the database up (nothing when today's copy exists)."""
    if not daily_backup_due(db_path, now):
        return None
    return create_backup(db_path, "daily", now=now)


def before_import(db_path: Path) -> Path:
    """The backup every import makes once its file has passed every check, just before it writes."""
    return create_backup(db_path, "import")


def database_file(bind_url_database: str | None) -> Path | None:
    """The file behind a session's engine (``session.get_bind().url.database``), None for memory."""
    if not bind_url_database or bind_url_database == ":memory:":
        return None
    return Path(bind_url_database)


# --------------------------------------------------------------------------- reading and verifying


def _read_facts(connection: sqlite3.Connection) -> tuple[set[str], str | None, str]:
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    revision = None
    written_by = ""
    if "alembic_version" in tables:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    if "settings" in tables:
        found = connection.execute("SELECT value FROM settings WHERE key = 'schema.written_by'").fetchone()
        written_by = str(found[0]).strip('"') if found else ""
    return tables, revision, written_by


def verify_plain(path: Path, label: str | None = None) -> BackupFacts:
    """Raise a StoreError unless ``path`` is an intact gmdesk database this program can read."""
    label = label or str(path)
    if not path.is_file():
        raise DatabaseCorrupt(f"备份文件不存在：{label}", path)
    if path.stat().st_size == 0:
        raise DatabaseCorrupt(f"备份文件是空的（0 字节）：{label}", path)
    problems = integrity.quick_check(path)
    if problems:
        raise DatabaseCorrupt(f"备份文件已损坏或不是数据库，未通过完整性检查：{label}", path, problems)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables, revision, written_by = _read_facts(connection)
            if "alembic_version" not in tables or "accounts" not in tables:
                raise NotAGmdeskDatabase(f"该文件不是 gmdesk 的数据库备份：{label}", path)
            files = backup_files.verify(connection, label)  # every kept file against its SHA-256
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseCorrupt(f"备份文件已损坏或不是数据库：{label}（{error}）", path) from error
    return BackupFacts(path, revision, written_by, False, files)


def inspect_backup(path: Path) -> BackupFacts:
    """What the backup holds, refusing a foreign, damaged or newer-version file (a sealed backup's header
    is read without the passphrase). Nothing is written anywhere."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseCorrupt(f"备份文件不存在：{path}", path)
    if backup_crypto.is_encrypted(path):
        header = backup_crypto.read_header(path)
        files = (
            FilesSummary(int(header["files"]), int(header.get("files_size", 0)))
            if "files" in header
            else None
        )
        facts = BackupFacts(path, header.get("revision"), str(header.get("gmdesk", "")), True, files)
    else:
        facts = verify_plain(path)
    if facts.revision not in schema.KNOWN_REVISIONS:
        who = f"（由 gmdesk {facts.written_by} 写入）" if facts.written_by else ""
        raise SchemaTooNew(
            f"备份 {path.name} 来自更新版本的 gmdesk{who}，数据结构版本为 {facts.revision}，本程序无法识别。"
            "为保护数据，没有恢复，当前数据库未做任何修改：请升级 gmdesk 后再恢复该备份。",
            path,
        )
    return facts


def contents_of(path: Path) -> str:
    """What a backup holds, read quickly for a list (no check: :func:`inspect_backup` checks before a restore)."""
    try:
        if backup_crypto.is_encrypted(path):
            header = backup_crypto.read_header(path)
            files = (
                FilesSummary(int(header["files"]), int(header.get("files_size", 0)))
                if "files" in header
                else None
            )
            return BackupFacts(path, None, "", True, files).contents()
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return BackupFacts(path, None, "", False, backup_files.summary(connection)).contents()
        finally:
            connection.close()
    except (StoreError, sqlite3.Error, OSError, ValueError, KeyError):
        return "无法读取"


def verify_backup(path: Path, passphrase: str | None = None) -> BackupFacts:
    """Raise a StoreError unless ``path`` is an intact gmdesk backup this program can restore."""
    facts = inspect_backup(path)
    if facts.encrypted and passphrase is not None:
        backup_crypto.decrypt_file(path, None, passphrase)
    return facts


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that passes its check and can be restored without a passphrase."""
    for info in list_backups(db_path):
        if info.damaged or info.encrypted:
            continue
        try:
            inspect_backup(info.path)
        except StoreError as error:
            log.warning("backup %s is not usable: %s", info.path, error)
            continue
        return info
    return None


# --------------------------------------------------------------------------- restoring


class PassphraseNeeded(StoreError):
    """The backup is sealed: ask the clerk for its passphrase and call again."""


def _safety_copy(db_path: Path) -> tuple[Path | None, bool]:
    """Keep the data as it is before a restore: a verified backup when it is intact, otherwise a plain copy
    of the damaged file (and its write-ahead log) for the record."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None, False
    if not integrity.quick_check(db_path):
        return create_backup(db_path, "restore", checked=True), False
    directory = backups_dir(db_path)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = directory / f"{db_path.stem}-{stamp}-{DAMAGED_REASON}.db"
    counter = 1
    while target.exists():
        target = directory / f"{db_path.stem}-{stamp}-{counter}-{DAMAGED_REASON}.db"
        counter += 1
    try:
        shutil.copyfile(db_path, target)
        wal = Path(f"{db_path}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{target}-wal"))
    except OSError as error:
        target.unlink(missing_ok=True)
        raise (classify_os_error(error, target, "保存损坏文件的副本") or error) from error
    return target, True


def restore_backup(backup: Path, db_path: Path, passphrase: str | None = None) -> RestoreResult:
    """Replace the database with the backup's content.

    The caller must have closed every connection to ``db_path``. The backup is checked first (damaged,
    foreign or newer-version backups are refused before the live file is touched), restored to a file
    beside the database and verified there; then the current data is kept as a safety copy, and the
    restored file is renamed into place and checked again.
    """
    backup, db_path = Path(backup), Path(db_path)
    facts = inspect_backup(backup)
    if facts.encrypted and passphrase is None:
        raise PassphraseNeeded(f"备份 {backup.name} 已加密，请输入备份密码。", backup)
    staged = db_path.with_name(db_path.name + ".restore.part")
    try:
        staged.unlink(missing_ok=True)
        if facts.encrypted:
            assert passphrase is not None
            backup_crypto.decrypt_file(backup, staged, passphrase)
        else:
            _online_copy(backup, staged)
            _fsync(staged)
        verify_plain(staged, label=str(backup))
        safety, damaged = _safety_copy(db_path)
        folder = backup_files.attachments_dir(db_path)
        files = backup_files.unpack(staged, folder)  # beside the folder, checked; None: the backup kept none
        backup_files.strip(staged)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{db_path}{suffix}").unlink(
                missing_ok=True
            )  # the old file's log must not replay onto the new
        os.replace(staged, db_path)
        if files is not None:  # the damaged file's plain copy holds no files: the old folder goes beside it
            backup_files.swap_in(
                folder, Path(f"{safety}.{backup_files.ATTACHMENTS_FOLDER}") if damaged else None
            )
    except BaseException as error:
        _remove_partial(staged)
        shutil.rmtree(backup_files.staging_dir(backup_files.attachments_dir(db_path)), ignore_errors=True)
        friendly = _store_error(error, db_path, "恢复")
        if friendly is not None and friendly is not error:
            raise friendly from error
        raise
    problems = integrity.quick_check(db_path)
    if problems:
        raise DatabaseCorrupt(
            f"恢复后的数据库未通过完整性检查：{db_path}。恢复前的数据保存在：{safety}", db_path, problems
        )
    return RestoreResult(backup, safety, damaged, files)
