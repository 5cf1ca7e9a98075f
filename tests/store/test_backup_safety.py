"""Issue 12, holes 1, 2, 6, 7: backups verified, rotated by age and reason without losing the newest good one,
``.part`` files cleaned, disk full survived, sealed with a passphrase, newer-version backups refused."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmdesk.domain.backup_policy import Candidate, RetentionRule, to_keep
from gmdesk.domain.errors import UserError
from gmdesk.store import backup, backup_crypto
from gmdesk.store.database import Database
from gmdesk.store.errors import BackupPassphraseWrong, DatabaseCorrupt, DiskFull, SchemaTooNew
from gmdesk.store.models import Unit
from tests.safety_data import count, digest

pytestmark = (
    pytest.mark.sqlite_only
)  # the SQLite file itself (a server database: pg_dump, tests/store/test_server.py)

PASS = "青岚县2026备份"

# --------------------------------------------------------------------------- the retention rule


def test_rotation_keeps_7_daily_4_weekly_12_monthly_and_5_pre_operation() -> None:
    start = datetime(2025, 1, 1, 9)
    daily = [Candidate(("daily", d), start + timedelta(days=d), "daily") for d in range(400)]
    imports = [Candidate(("import", i), start + timedelta(days=390, minutes=i), "import") for i in range(30)]
    keep = to_keep(daily + imports)
    kept_days = sorted(k[1] for k in keep if k[0] == "daily")
    assert kept_days[-7:] == list(range(393, 400))  # the last 7 days
    assert len([k for k in keep if k[0] == "import"]) == 5
    assert {k for k in keep if k[0] == "import"} == {("import", i) for i in range(25, 30)}
    months = {(start + timedelta(days=d)).strftime("%Y-%m") for d in kept_days}
    assert len(months) == 12
    assert len(kept_days) <= 7 + 4 + 12


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 800),
            st.sampled_from(["daily", "manual", "import", "migration", "restore", "damaged"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_the_newest_good_backup_is_never_deleted(items: list[tuple[int, str, bool]]) -> None:
    start = datetime(2025, 1, 1)
    candidates = [
        Candidate(i, start + timedelta(hours=h), reason, good) for i, (h, reason, good) in enumerate(items)
    ]
    keep = to_keep(candidates, RetentionRule())
    good = [c for c in candidates if c.good and c.reason != "damaged"]
    if good:
        newest = max(good, key=lambda c: (c.made_at, str(c.key)))
        assert newest.key in keep
    # pre-operation backups never push scheduled ones out, and the other way round
    scheduled = [c for c in good if c.reason in ("daily", "manual")]
    if scheduled:
        assert max(scheduled, key=lambda c: (c.made_at, str(c.key))).key in keep


def test_thirty_refused_imports_leave_the_older_backups(db_path: Path) -> None:
    first = backup.create_backup(db_path, "daily", now=datetime(2026, 11, 1, 9))
    for minute in range(30):
        backup.create_backup(db_path, "import", now=datetime(2026, 11, 20, 9, minute))
    names = [b.path for b in backup.list_backups(db_path)]
    assert first in names
    assert len([b for b in backup.list_backups(db_path) if b.reason == "import"]) == 5


# --------------------------------------------------------------------------- partial files and faults


def test_leftover_part_files_of_a_killed_backup_are_removed(db_path: Path) -> None:
    folder = backup.backups_dir(db_path)
    folder.mkdir()
    leftover = folder / "gmdesk-20261119-090000-daily.db.part"
    leftover.write_bytes(b"half a backup")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    fresh = folder / "gmdesk-20261120-090000-manual.db.part"  # another process writing right now
    fresh.write_bytes(b"being written")
    backup.create_backup(db_path, "manual")
    assert not leftover.exists()
    assert fresh.exists()


def _half_then(error: BaseException):  # type: ignore[no-untyped-def]
    def copy(source: Path, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
        raise error

    return copy


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database or disk is full"),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
    ids=["sqlite-disk-full", "oserror-enospc"],
)
def test_disk_full_during_a_backup_leaves_no_part_file_and_no_damage(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    good = backup.create_backup(db_path, "daily", now=datetime(2026, 11, 19, 9))
    monkeypatch.setattr(backup, "_online_copy", _half_then(error))
    with pytest.raises(DiskFull, match=r"磁盘空间已满.*备份没有完成"):
        backup.create_backup(db_path, "manual")
    folder = backup.backups_dir(db_path)
    assert list(folder.glob("*.part")) == []
    assert [b.path for b in backup.list_backups(db_path)] == [good]


def test_disk_full_at_the_rename_leaves_no_part_file(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup.os, "replace", full)
    with pytest.raises(DiskFull):
        backup.create_backup(db_path, "manual")
    assert list(backup.backups_dir(db_path).glob("*.part")) == []
    assert backup.list_backups(db_path) == []


def test_a_backup_that_fails_verification_is_not_kept(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def garbage(source: Path, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))

    monkeypatch.setattr(backup, "_online_copy", garbage)
    with pytest.raises(DatabaseCorrupt):
        backup.create_backup(db_path, "manual")
    assert backup.list_backups(db_path) == []
    assert list(backup.backups_dir(db_path).glob("*.part")) == []


# --------------------------------------------------------------------------- sealed backups


def test_a_sealed_backup_is_unreadable_without_its_passphrase_and_restores_with_it(
    db_path: Path, tmp_path: Path
) -> None:
    database = Database.open(db_path)
    with database.session() as session:
        session.add(Unit(name="县教育局", phone="13800001111"))
    database.close()
    sealed = backup.create_backup(db_path, "manual", tmp_path / "usb", passphrase=PASS)
    assert sealed.suffix == ".gmbk"
    raw = sealed.read_bytes()
    assert raw.startswith(backup_crypto.MAGIC)
    assert "县教育局".encode() not in raw and b"13800001111" not in raw and b"SQLite format 3" not in raw
    header = backup_crypto.read_header(sealed)
    assert header["kdf"] == "scrypt" and header["revision"]

    with pytest.raises(BackupPassphraseWrong, match="备份密码不正确"):
        backup.restore_backup(sealed, db_path, "wrong passphrase")
    with pytest.raises(backup.PassphraseNeeded):
        backup.restore_backup(sealed, db_path)
    target = tmp_path / "restored.db"
    result = backup.restore_backup(sealed, target, PASS)
    assert result.safety is None
    assert count(target, "units") == count(db_path, "units")


def test_a_truncated_or_altered_sealed_backup_is_refused(db_path: Path, tmp_path: Path) -> None:
    sealed = backup.create_backup(db_path, "manual", tmp_path, passphrase=PASS)
    data = sealed.read_bytes()
    truncated = tmp_path / "truncated.gmbk"
    truncated.write_bytes(data[: len(data) - 100])
    with pytest.raises(DatabaseCorrupt, match="不完整"):
        backup.restore_backup(truncated, tmp_path / "x.db", PASS)
    altered = bytearray(data)
    altered[-50] ^= 0xFF
    flipped = tmp_path / "flipped.gmbk"
    flipped.write_bytes(bytes(altered))
    with pytest.raises(DatabaseCorrupt):
        backup.restore_backup(flipped, tmp_path / "y.db", PASS)
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "y.db").exists()


def test_a_short_passphrase_is_refused(db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="至少需要8个字符"):
        backup.create_backup(db_path, "manual", tmp_path, passphrase="1234")


# --------------------------------------------------------------------------- newer versions


def _as_if_newer(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('schema.written_by', '\"9.0\"')")
    connection.commit()
    connection.close()


def test_a_backup_from_a_newer_gmdesk_is_refused_before_the_live_file_is_touched(
    db_path: Path, tmp_path: Path
) -> None:
    newer = tmp_path / "newer.db"
    newer.write_bytes(db_path.read_bytes())
    _as_if_newer(newer)
    before = digest(db_path)
    with pytest.raises(
        SchemaTooNew, match=r"来自更新版本的 gmdesk（由 gmdesk 9\.0 写入）.*当前数据库未做任何修改"
    ):
        backup.restore_backup(newer, db_path)
    assert digest(db_path) == before
    assert backup.list_backups(db_path) == []  # not even a safety copy was made


def test_a_sealed_backup_from_a_newer_gmdesk_is_refused_without_its_passphrase(
    db_path: Path, tmp_path: Path
) -> None:
    newer = tmp_path / "newer.db"
    newer.write_bytes(db_path.read_bytes())
    _as_if_newer(newer)
    sealed = tmp_path / "newer.gmbk"
    backup_crypto.encrypt_file(newer, sealed, PASS, {"revision": "9999_future", "gmdesk": "9.0"})
    before = digest(db_path)
    with pytest.raises(SchemaTooNew):
        backup.restore_backup(sealed, db_path)
    assert digest(db_path) == before
