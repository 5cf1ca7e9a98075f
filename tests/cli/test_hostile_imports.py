"""Issue 12, holes 4 and 5: imports read the visible sheet whatever its dimension says, and refuse hostile files
(zip bombs under a memory limit, malformed or entity-expanding XML, over-long cells) with a clear message,
exit code 2 and nothing written."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from gmdesk.documents.xlsx import ImportRejected
from gmdesk.services import holidays
from gmdesk.services.database import open_database
from gmdesk.store import backup
from tests import calendar_data as data
from tests.cli.test_cli import run
from tests.hostile_files import (
    BILLION_LAUGHS,
    GOOD_ROW,
    HEADERS,
    TEXT_COLUMN,
    part,
    rewrite,
    stale_dimension,
    workbook,
    zip_bomb,
)
from tests.safety_data import count, dump

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("posts", "messages", "rectifications", "accounts", "trainings", "wording")
TABLE = {
    "posts": "posts",
    "messages": "messages",
    "rectifications": "rectification_items",
    "accounts": "accounts",
    "trainings": "trainings",
    "wording": "wording_terms",
}


@pytest.fixture
def seeded(db_path: Path) -> Path:
    database = open_database(db_path)
    try:
        with database.session() as session:
            owner = data.unit(session)
            data.account(session, owner, "青岚发布")
    finally:
        database.close()
    return db_path


def _rows(kind: str, count_: int, text: str = "第{}条") -> list[list[object]]:
    rows = []
    for i in range(count_):
        row = list(GOOD_ROW[kind])
        row[TEXT_COLUMN[kind]] = text.format(i + 1)
        rows.append(row)
    return rows


def _import(kind: str, path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run(["import", kind, str(path), "--db", str(db)], capsys)


@pytest.mark.parametrize("kind", KINDS)
def test_a_hidden_first_sheet_is_not_imported(
    kind: str, seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hidden = [HEADERS[kind], *_rows(kind, 3, "隐藏的旧数据{}")]
    visible = [HEADERS[kind], *_rows(kind, 2)]
    path = tmp_path / "hidden.xlsx"
    path.write_bytes(workbook([("旧表", "hidden", hidden), ("数据", "visible", visible)]))
    before = count(seeded, TABLE[kind])
    code, _, err = _import(kind, path, seeded, capsys)
    assert code == 0, err
    assert count(seeded, TABLE[kind]) == before + 2
    assert "隐藏的旧数据" not in dump(seeded)


@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_dimension_does_not_cut_rows_off(
    kind: str, seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stale.xlsx"
    path.write_bytes(stale_dimension(workbook([("数据", "visible", [HEADERS[kind], *_rows(kind, 5)])])))
    assert b'<dimension ref="A1:H3"/>' in part(path.read_bytes(), "xl/worksheets/sheet1.xml")
    before = count(seeded, TABLE[kind])
    code, _, err = _import(kind, path, seeded, capsys)
    assert code == 0, err
    assert count(seeded, TABLE[kind]) == before + 5  # not 2 of 5


def test_the_sheet_named_as_in_the_template_is_read(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = [["说明"], ["请在“发布记录”表中填写"]]
    path = tmp_path / "named.xlsx"
    path.write_bytes(
        workbook(
            [("填写说明", "visible", notes), ("发布记录", "visible", [HEADERS["posts"], *_rows("posts", 2)])]
        )
    )
    code, out, err = _import("posts", path, seeded, capsys)
    assert code == 0, err
    assert "已导入2条" in out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "damage",
    [
        "malformed workbook.xml",
        "entity-expanding workbook.xml",
        "malformed sheet",
        "external entity in a sheet",
    ],
)
def test_broken_or_hostile_xml_is_a_clear_error(
    kind: str, damage: str, seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = workbook([("数据", "visible", [HEADERS[kind], *_rows(kind, 2)])])
    sheet = part(good, "xl/worksheets/sheet1.xml")
    change = {
        "malformed workbook.xml": {"xl/workbook.xml": part(good, "xl/workbook.xml")[:120]},
        "entity-expanding workbook.xml": {"xl/workbook.xml": BILLION_LAUGHS},
        "malformed sheet": {"xl/worksheets/sheet1.xml": sheet[: len(sheet) // 2]},
        "external entity in a sheet": {
            "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
            b'"file:///etc/passwd">]>' + sheet.split(b"?>", 1)[-1]
        },
    }[damage]
    path = tmp_path / "broken.xlsx"
    path.write_bytes(rewrite(good, change))
    before = count(seeded, TABLE[kind])
    code, _, err = _import(kind, path, seeded, capsys)
    assert code == 2
    assert "未导入" in err and "数据库未做任何修改" in err
    assert "Traceback" not in err and "root:" not in err
    assert count(seeded, TABLE[kind]) == before
    assert backup.list_backups(seeded) == []  # refused before writing: no backup either


@pytest.mark.parametrize(
    ("kind", "column"),
    [
        ("posts", "账号名称"),
        ("posts", "标题"),
        ("messages", "内容"),
        ("messages", "留言人"),
        ("rectifications", "责任人"),
        ("accounts", "账号名称"),
        ("accounts", "管理员电话"),
        ("trainings", "名称"),
        ("wording", "错误表述"),
    ],
)
def test_a_cell_longer_than_its_column_is_refused_at_its_row_and_column(
    kind: str, column: str, seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(kind, 3)
    rows[1][HEADERS[kind].index(column)] = "@@LONG@@"
    good = workbook([("数据", "visible", [HEADERS[kind], *rows])])
    holder = next(n for n in zipfile.ZipFile(io.BytesIO(good)).namelist() if b"@@LONG@@" in part(good, n))
    long = part(good, holder).replace(b"@@LONG@@", "长".encode() * 1_048_576)  # past Excel's own limit
    path = tmp_path / "long.xlsx"
    path.write_bytes(rewrite(good, {holder: long}))
    before = count(seeded, TABLE[kind])
    code, _, err = _import(kind, path, seeded, capsys)
    assert code == 2
    assert f"第3行，“{column}”列：内容过长" in err and "1,048,576个字" in err
    assert count(seeded, TABLE[kind]) == before


def test_holidays_import_refuses_hostile_files_too(database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "节假日.xlsx"
    path.write_bytes(
        rewrite(
            workbook([("节假日", "visible", [HEADERS["holidays"], GOOD_ROW["holidays"]])]),
            {"xl/workbook.xml": BILLION_LAUGHS},
        )
    )
    with pytest.raises(ImportRejected) as rejected, database.session() as session:
        holidays.import_holidays(session, path, "管理员")
    assert "DOCTYPE" in rejected.value.report()


@pytest.fixture(scope="session")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "炸弹.xlsx")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
@pytest.mark.parametrize("kind", KINDS)
def test_a_zip_bomb_is_refused_quickly_under_a_2_gb_memory_limit(kind: str, bomb: Path, seeded: Path) -> None:
    assert bomb.stat().st_size < 5_000_000
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "from gmdesk.cli import main\n"
        f"sys.exit(main(['import', {kind!r}, {str(bomb)!r}, '--db', {str(seeded)!r}]))\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert "超过导入的上限" in result.stderr and "MemoryError" not in result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < 20
    assert backup.list_backups(seeded) == []


def test_many_small_rows_are_refused_past_the_row_limit(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gmdesk.documents import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 50)
    path = tmp_path / "many.xlsx"
    path.write_bytes(workbook([("数据", "visible", [HEADERS["posts"], *_rows("posts", 120)])]))
    code, _, err = _import("posts", path, seeded, capsys)
    assert code == 2
    assert "超过50行数据" in err
    assert count(seeded, "posts") == 0


@pytest.mark.sqlite_only  # (the backup before an import is made of the file; pg_dump on a server)
def test_an_import_refused_before_writing_makes_no_backup(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook([("数据", "visible", [HEADERS["posts"], ["不存在的账号", "2026-11-19", "x"]])]))
    for _ in range(30):
        code, _, _ = _import("posts", path, seeded, capsys)
        assert code == 2
    assert backup.list_backups(seeded) == []
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook([("数据", "visible", [HEADERS["posts"], *_rows("posts", 1)])]))
    code, _, err = _import("posts", good, seeded, capsys)
    assert code == 0, err
    assert [b.reason for b in backup.list_backups(seeded)] == ["import"]
    assert datetime.now().date() == backup.list_backups(seeded)[0].made_at.date()
