"""``gmdesk import posts``, ``gmdesk export posts`` and ``gmdesk check`` with the frequency findings."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from gmdesk.domain.platforms import Platform
from gmdesk.services.database import open_database
from gmdesk.store.backup import list_backups
from tests import calendar_data as data
from tests.cli_runner import run


def seed(db_path: Path) -> None:
    database = open_database(db_path)
    try:
        with database.session() as session:
            owner = data.unit(session)
            active = data.account(session, owner, "青岚发布")
            data.post(session, active, datetime(2026, 11, 18, 9))
            silent = data.account(session, owner, "青岚教育", Platform.TOUTIAO)
            data.post(session, silent, datetime(2026, 10, 20, 9))
    finally:
        database.close()


def posts_file(path: Path, lines: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["账号名称", "发布时间", "标题", "类型", "来源", "群发", "链接", "阅读数"])
    for line in lines:
        sheet.append(line)
    book.save(path)
    return path


@pytest.mark.sqlite_only  # (the file's backup before an import)
def test_import_posts_writes_after_a_backup(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(db_path)
    path = posts_file(
        tmp_path / "发布.xlsx", [["青岚教育", "2026-11-19 08:00", "冬季森林防火", "原创", "", "否", "", 12]]
    )
    code, out, _ = run(["import", "posts", str(path), "--db", str(db_path), "--dry-run"], capsys)
    assert code == 0 and out.startswith("检查通过（未写入）：已导入1条")
    code, out, _ = run(["import", "posts", str(path), "--db", str(db_path)], capsys)
    assert code == 0 and "已导入1条发布记录" in out
    assert any(b.reason == "import" for b in list_backups(db_path))
    code, out, _ = run(["import", "posts", str(path), "--db", str(db_path)], capsys)
    assert "已导入0条" in out and "1条与已有记录或文件中前面的行重复" in out


def test_a_bad_file_exits_2_with_every_row_and_column(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(db_path)
    path = posts_file(
        tmp_path / "发布.xlsx",
        [
            ["青岚教育", "明天", "时间不对", "原创", "", "否", "", 0],
            ["谁也不是", "2026-11-19 08:00", "账号不对", "原创", "", "否", "", 0],
        ],
    )
    code, out, err = run(["import", "posts", str(path), "--db", str(db_path)], capsys)
    assert code == 2 and out == ""
    assert "文件“发布.xlsx”未导入：发现2处问题，数据库未做任何修改。" in err
    assert "第2行，“发布时间”列：" in err and "第3行，“账号名称”列：找不到名为“谁也不是”的账号" in err


def test_export_posts(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed(db_path)
    out_path = tmp_path / "导出.xlsx"
    code, out, _ = run(
        ["export", "posts", "--db", str(db_path), "--out", str(out_path), "--from", "2026-11-01"], capsys
    )
    assert code == 0 and out.strip() == f"已导出1条发布记录到 {out_path}"
    rows = data.sheet_rows(out_path)
    assert rows[1][:3] == ("青岚发布", datetime(2026, 11, 18, 9), "青岚发布 11月18日 工作动态")
    code, _, err = run(
        [
            "export",
            "posts",
            "--db",
            str(db_path),
            "--out",
            str(out_path),
            "--from",
            "2026-12-01",
            "--to",
            "2026-11-01",
        ],
        capsys,
    )
    assert code == 2 and "起始日期不能晚于截止日期" in err


def test_check_prints_the_frequency_findings_as_json_and_exits_1(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(db_path)
    code, out, _ = run(["check", "--db", str(db_path), "--date", "2026-11-20", "--json"], capsys)
    assert code == 1
    findings = json.loads(out)
    gap = next(f for f in findings if f["rule"] == "UPDATE_GAP")
    assert gap == {
        "rule": "UPDATE_GAP",
        "severity": "veto",
        "account": "青岚教育",
        "date": "2026-11-03",
        "message": gap["message"],
    }
    assert "已连续31天未更新" in gap["message"] and "国办秘函〔2019〕19号" in gap["message"]
    assert {f["rule"] for f in findings} >= {"UPDATE_GAP", "MIN_FREQUENCY", "HOLIDAY_DATA_MISSING"}
    code, out, _ = run(["check", "--db", str(db_path), "--date", "2026-11-20"], capsys)
    assert code == 1 and "[单项否决] UPDATE_GAP 【青岚教育】已连续31天未更新" in out
