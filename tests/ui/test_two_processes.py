"""One file, two processes: the window open on a database while the command line writes and reads it.

Each sees the other's commits at once (WAL: a reader sees every transaction committed before it began),
writes made at the same moment both land (SQLite's busy timeout queues them), the file stays intact, and no
process is left holding a -wal or -shm file that another deleted under it (the symptom of a check that did
not see a change saved in the window until the window closed)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from gmdesk.domain.enums import PostKind, PostStatus
from gmdesk.domain.platforms import Platform
from gmdesk.services import settings
from gmdesk.services.policy import active_profile
from gmdesk.store.models import Post
from gmdesk.ui import bus
from gmdesk.ui.app import Shell
from tests import calendar_data as data

CHECK_DAY = "2026-11-20"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gmdesk.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def deleted_database_files(db_path: Path) -> list[str]:
    """Files of the database this process holds open although they were deleted (Linux: /proc)."""
    held = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if db_path.name in target and target.endswith("(deleted)"):
            held.append(target)
    return held


def run_write(shell: Shell, qtbot: QtBot, op: object) -> None:
    assert shell.ctx is not None
    done: list[object] = []
    shell.ctx.jobs.run(op, write=True, changes={bus.POSTS}, on_done=done.append)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)


def gap_accounts(db_path: Path) -> set[str]:
    result = cli("check", "--db", str(db_path), "--date", CHECK_DAY, "--json")
    assert result.returncode in (0, 1), result.stderr
    return {f["account"] for f in json.loads(result.stdout) if f["rule"] == "UPDATE_GAP"}


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="open files are read from /proc")
def test_the_window_and_the_command_line_on_one_file(
    shell: Shell, qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        owner = data.unit(session)
        for name in ("青岚发布", "青岚教育"):
            account = data.account(session, owner, name, Platform.TOUTIAO)
            data.post(session, account, datetime(2026, 10, 20, 9))  # a month silent: 单项否决 on 11-20

    # the command line sees what the window saved, while the window stays open
    assert gap_accounts(db_path) == {"青岚发布", "青岚教育"}

    def post_today(session: object) -> None:
        account_id = session.execute(text("SELECT id FROM accounts WHERE name = '青岚发布'")).scalar_one()  # type: ignore[attr-defined]
        session.add(
            Post(
                account_id=account_id,
                at=datetime(2026, 11, 20, 8, 30),
                title="今日动态",  # type: ignore[attr-defined]
                status=PostStatus.PUBLISHED,
                kind=PostKind.ORIGINAL,
            )
        )

    run_write(shell, qtbot, post_today)
    assert gap_accounts(db_path) == {"青岚教育"}
    assert not deleted_database_files(db_path)

    # the window sees what the command line saved
    switched = cli("profile", "use", "天心区", "--db", str(db_path), "--date", CHECK_DAY)
    assert switched.returncode == 0, switched.stderr
    seen: list[str] = []
    shell.ctx.jobs.run(lambda session: active_profile(session).name, on_done=seen.append)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["天心区"]
    assert not deleted_database_files(db_path)

    # both write at the same moment: a posts import from the command line while the window saves settings
    book = Workbook()
    sheet = book.active
    sheet.append(["账号名称", "发布时间", "标题", "类型", "来源", "群发", "链接", "阅读数"])
    start = datetime(2026, 11, 1, 9)
    for n in range(300):
        sheet.append(
            [
                "青岚教育",
                (start + timedelta(hours=n)).strftime("%Y-%m-%d %H:%M"),
                f"动态{n}",
                "原创",
                "",
                "否",
                "",
                0,
            ]
        )
    path = tmp_path / "发布记录.xlsx"
    book.save(path)
    importing = subprocess.Popen(
        [sys.executable, "-m", "gmdesk.cli", "import", "posts", str(path), "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def put(key: str, value: object) -> object:
        return lambda session: settings.put(session, key, value)

    for n in range(20):
        run_write(shell, qtbot, put(f"test.concurrent.{n}", n))
    _out, err = importing.communicate(timeout=120)
    assert importing.returncode == 0, err
    with shell.ctx.database.session() as session:
        count = session.execute(text("SELECT count(*) FROM posts")).scalar_one()
        assert count == 2 + 1 + 300
        assert all(settings.get(session, f"test.concurrent.{n}") == n for n in range(20))
    assert gap_accounts(db_path) == set()
    assert not deleted_database_files(db_path)

    # a read-only outside look (another tool, an office backup script) deletes nothing under the window
    outside = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    assert outside.execute("SELECT count(*) FROM posts").fetchone()[0] == 303
    outside.close()
    backup = cli("backup", "--db", str(db_path), "--to", str(tmp_path / "备份"))
    assert backup.returncode == 0, backup.stderr
    run_write(shell, qtbot, lambda session: settings.put(session, "test.after_backup", True))
    assert not deleted_database_files(db_path)
    assert Path(str(db_path) + "-wal").exists()
    integrity = sqlite3.connect(db_path)
    try:
        assert integrity.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert (
            integrity.execute("SELECT value FROM settings WHERE key = 'test.after_backup'").fetchone()[0]
            == "true"
        )
    finally:
        integrity.close()
