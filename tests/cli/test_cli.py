"""The command line: version, Chinese errors with exit 2, --db creation, backup and restore, check."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gmdesk import __version__
from gmdesk.store.backup import list_backups
from tests.cli_runner import run
from tests.safety_data import sql

ROOT = Path(__file__).resolve().parents[2]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert out.strip() == f"gmdesk {__version__}"


def test_help_is_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert out.startswith("用法：gmdesk")
    assert "选项" in out and "命令" in out and "显示本帮助并退出" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["frobnicate"], "未知命令 'frobnicate'，可用的命令："),
        (["check", "--date", "2026-13-01"], "日期“2026-13-01”格式不正确"),
        (["demo", "--scale", "huge"], "参数 --scale 的取值 'huge' 无效"),
        (["restore"], "缺少必需的参数：BACKUP"),
        (["restore", "nowhere.db"], "文件不存在：nowhere.db"),
        (["check", "--bogus"], "无法识别的参数：--bogus"),
        (["--db"], "参数 --db 需要一个值"),
        (["demo", "--seed", "x"], "参数 --seed 的取值 'x' 无效（应为整数）"),
    ],
)
def test_bad_arguments_exit_2_with_a_chinese_message(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(args, capsys)
    assert code == 2
    assert expected in err
    assert "错误" in err
    assert out == ""


def test_a_missing_db_path_is_created_as_a_new_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "新建" / "县政务新媒体.db"
    code, out, _ = run(["check", "--db", str(path), "--date", "2026-05-06", "--json"], capsys)
    assert code == 0
    assert json.loads(out) == []
    assert path.is_file()
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM policy_profiles WHERE is_active = 1").fetchone() == (1,)
    connection.close()


def test_check_reports_missing_holiday_data_as_a_warning(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["check", "--db", str(db_path), "--date", "2026-11-22", "--json"], capsys)
    findings = json.loads(out)
    assert code == 0  # a warning alone does not fail the check
    assert findings == [
        {
            "rule": "HOLIDAY_DATA_MISSING",
            "severity": "warning",
            "account": "",
            "date": "2026-11-22",
            "message": findings[0]["message"],
        }
    ]
    assert "2027年" in findings[0]["message"]


def test_a_newer_database_is_refused_with_exit_2(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql(db_path, "UPDATE alembic_version SET version_num = '0042_future'")
    code, _, err = run(["check", "--db", str(db_path)], capsys)
    assert code == 2
    assert "更新版本的 gmdesk" in err


@pytest.mark.sqlite_only  # (a server's backup: tests/store/test_server.py)
def test_backup_then_restore(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "备份"
    code, out, _ = run(["backup", "--db", str(db_path), "--to", str(target)], capsys)
    assert code == 0
    made = list(target.glob("*.db"))
    assert len(made) == 1 and str(made[0]) in out

    connection = sqlite3.connect(db_path)
    connection.execute(
        "INSERT INTO units (name, short_name, unit_type, credit_code, supervisor, address, phone, note, active, created_at, updated_at) VALUES ('后来的单位', '', 'department', '', '', '', '', '', 1, '2026-01-01', '2026-01-01')"
    )
    connection.commit()
    connection.close()

    code, out, _ = run(["restore", str(made[0]), "--db", str(db_path)], capsys)
    assert code == 0
    assert "已从" in out
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT count(*) FROM units").fetchone() == (0,)
    connection.close()
    assert [b.reason for b in list_backups(db_path)] == ["restore"]


@pytest.mark.sqlite_only  # (restoring a file)
def test_restore_refuses_a_file_that_is_not_a_backup(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a database", encoding="utf-8")
    code, _, err = run(["restore", str(junk), "--db", str(db_path)], capsys)
    assert code == 2
    assert "备份文件已损坏" in err


def test_backup_of_a_missing_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["backup", "--db", str(tmp_path / "none.db")], capsys)
    assert code == 2 and "数据库文件不存在" in err


def gmdesk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "GMDESK_HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
    }
    return subprocess.run(
        [sys.executable, "-m", "gmdesk", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_self_test_opens_every_tab_and_prints_ok(tmp_path: Path) -> None:
    result = gmdesk("--db", str(tmp_path / "self.db"), "--self-test", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "OK"
    assert "工作台、账号备案、发布日历、留言回复、年度自查" in result.stderr


def test_screenshots_writes_one_png_per_tab(tmp_path: Path) -> None:
    folder = tmp_path / "shots"
    result = gmdesk("--db", str(tmp_path / "shots.db"), "--screenshots", str(folder), home=tmp_path)
    assert result.returncode == 0, result.stderr
    pngs = sorted(p.name for p in folder.glob("*.png"))
    assert pngs == ["01-dashboard.png", "02-accounts.png", "03-calendar.png", "04-inbox.png", "05-report.png"]
    for png in folder.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size > 5_000


HOLD_LOCK = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1] + ".lock")
lock.setStaleLockTime(0)
assert lock.tryLock(1000)
print("locked", flush=True)
time.sleep(60)
"""


def test_self_test_with_a_database_in_use_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = gmdesk("--db", str(path), "--self-test", home=tmp_path)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert result.returncode == 2
    assert "已在另一个 gmdesk 窗口中打开" in result.stderr
