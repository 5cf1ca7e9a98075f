"""The frozen program (PyInstaller one-folder build of packaging/gmdesk.spec), run as the clerk and a script would.

These tests need a build: ``GMDESK_FROZEN`` names the folder that holds ``gmdesk`` and ``gmdesk-cli`` (``.exe`` on
Windows). CI (.ci/run) and packaging/build_windows.ps1 build the folder and run this file against it; a plain
``pytest`` skips it. Every command runs in a subprocess with its own data folder, on a new database and on the
demo, and what it wrote is read back with python-docx and openpyxl.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gmdesk import __version__

FROZEN = os.environ.get("GMDESK_FROZEN", "")
pytestmark = pytest.mark.skipif(not FROZEN, reason="GMDESK_FROZEN is not set (no frozen build to test)")

SUFFIX = ".exe" if sys.platform == "win32" else ""
DEMO_DATE = "2026-11-20"


def program(name: str) -> Path:
    path = Path(FROZEN) / f"{name}{SUFFIX}"
    assert path.is_file(), f"{path} is missing from the frozen build"
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("frozen-home")


def run(
    home: Path, *args: str, name: str = "gmdesk-cli", ok: tuple[int, ...] = (0,)
) -> subprocess.CompletedProcess[str]:
    """Run the frozen program with a data folder of its own; fail with its output if the exit code is not ``ok``."""
    env = {**os.environ, "GMDESK_HOME": str(home / "data"), "PYTHONIOENCODING": "utf-8"}
    # the frozen program must find everything inside its own folder, and work as a scheduled task does: no
    # screen and no Qt platform chosen for it (the report's charts and --self-test choose offscreen themselves)
    for variable in ("PYTHONPATH", "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(variable, None)
    result = subprocess.run(
        [str(program(name)), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=300,
        cwd=home,
    )
    assert result.returncode in ok, (
        f"{name} {' '.join(args)} → {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def demo(home: Path) -> Path:
    path = home / "demo.db"
    result = run(home, "demo", "--db", str(path), "--as-of", DEMO_DATE)
    assert "示例数据" in result.stdout
    return path


@pytest.fixture(scope="module")
def new_db(home: Path) -> Iterator[Path]:
    path = home / "new.db"
    yield path


def test_version_of_both_programs(home: Path) -> None:
    assert run(home, "--version").stdout.strip() == f"gmdesk {__version__}"
    # the windowed program answers too (on Windows it prints only to a console it can attach to)
    run(home, "--version", name="gmdesk")


def test_the_console_program_names_itself_in_its_help(home: Path) -> None:
    result = run(home, "--help")
    assert result.stdout.startswith("用法：gmdesk-cli") and "gmdesk-cli" in result.stdout


def test_self_test_on_a_new_database_and_on_the_demo(home: Path, new_db: Path, demo: Path) -> None:
    for path in (new_db, demo):
        result = run(home, "--db", str(path), "--self-test", name="gmdesk")
        if sys.platform != "win32":
            assert result.stdout.strip().endswith("OK")
    assert sqlite3.connect(new_db).execute("select count(*) from alembic_version").fetchone() == (1,)


def test_forms_apply_and_filing(home: Path, demo: Path) -> None:
    from docx import Document

    for kind in ("apply", "filing"):
        out = home / f"{kind}.docx"
        run(home, "form", kind, "--account", "1", "--db", str(demo), "--out", str(out), "--date", DEMO_DATE)
        text = "\n".join(
            cell.text for table in Document(str(out)).tables for row in table.rows for cell in row.cells
        )
        assert "青岚发布" in text


def test_report_with_its_excel_appendix(home: Path, demo: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    out, xlsx = home / "自查报告.docx", home / "附表.xlsx"
    result = run(home, "report", "--year", "2026", "--db", str(demo), "--out", str(out), "--xlsx", str(xlsx))
    assert result.stderr == "", result.stderr  # the charts drew without a screen and without a Qt warning
    document = Document(str(out))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "自查" in body
    footer_xml = document.sections[0].footer._element.xml  # the page number that failed frozen before
    assert "PAGE" in footer_xml
    assert len(document.inline_shapes) >= 1, "the report's charts are missing"
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames and workbook[workbook.sheetnames[0]].max_row > 1


def test_notice(home: Path, demo: Path) -> None:
    from docx import Document

    out = home / "通报.docx"
    run(home, "notice", "--year", "2026", "--quarter", "3", "--db", str(demo), "--out", str(out))
    assert "通报" in "\n".join(p.text for p in Document(str(out)).paragraphs)


def test_check_json(home: Path, demo: Path) -> None:
    result = run(home, "check", "--db", str(demo), "--date", DEMO_DATE, "--json", ok=(0, 1))
    findings = json.loads(result.stdout)
    assert findings, "the demo county has findings to show"


def test_export_and_import_into_a_new_database(home: Path, demo: Path) -> None:
    from openpyxl import load_workbook

    ledger, posts = home / "台账.xlsx", home / "发布.xlsx"
    run(home, "export", "ledger", "--db", str(demo), "--out", str(ledger))
    run(
        home,
        "export",
        "posts",
        "--db",
        str(demo),
        "--out",
        str(posts),
        "--from",
        "2026-11-01",
        "--to",
        DEMO_DATE,
    )
    fresh = home / "fresh.db"
    run(home, "import", "accounts", str(ledger), "--db", str(fresh))
    run(home, "import", "posts", str(posts), "--db", str(fresh))
    exported_rows = load_workbook(ledger).active.max_row
    with sqlite3.connect(fresh) as connection:
        accounts = connection.execute("select count(*) from accounts").fetchone()[0]
        imported_posts = connection.execute("select count(*) from posts").fetchone()[0]
    with sqlite3.connect(demo) as connection:
        demo_accounts = connection.execute("select count(*) from accounts").fetchone()[0]
    assert accounts == demo_accounts and exported_rows > demo_accounts
    assert imported_posts > 0


def test_backup_and_restore_plain_and_sealed(home: Path, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy, folder = home / "copy.db", home / "backups"
    run(home, "backup", "--db", str(demo), "--to", str(folder))
    plain = sorted(folder.glob("*.db"))
    assert plain
    run(home, "restore", str(plain[-1]), "--db", str(copy))
    with sqlite3.connect(copy) as connection:
        assert connection.execute("select count(*) from accounts").fetchone()[0] > 0
    # a sealed backup: the cryptography package's native code must be in the frozen folder too
    monkeypatch.setenv("GMDESK_BACKUP_PASSPHRASE", "办公室备份口令2026")
    run(home, "backup", "--db", str(demo), "--to", str(folder), "--encrypt")
    sealed = sorted(folder.glob("*.gmbk"))
    assert sealed and b"SQLite format 3" not in sealed[-1].read_bytes()[:4096]
    run(home, "restore", str(sealed[-1]), "--db", str(home / "sealed-copy.db"))
    with sqlite3.connect(home / "sealed-copy.db") as connection:
        assert connection.execute("select count(*) from accounts").fetchone()[0] > 0


def test_bad_input_is_a_chinese_message_and_exit_2(home: Path) -> None:
    result = run(home, "report", "--year", "二〇二六", "--db", str(home / "x.db"), "--out", "x.docx", ok=(2,))
    assert "错误" in result.stderr or "无效" in result.stderr
    result = run(
        home,
        "form",
        "apply",
        "--account",
        "1",
        "--db",
        str(home / "missing" / "none.db"),
        "--out",
        str(home / "x.txt"),
        ok=(2,),
    )
    assert ".docx" in result.stderr
