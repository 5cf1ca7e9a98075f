"""``gmdesk report``: the Word report and the Excel appendix from the command line; bad input exits 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from gmdesk.services import inspection_reports
from gmdesk.services.database import open_database
from tests.cli_runner import run
from tests.services.inspection_data import build_county


@pytest.fixture
def county_db(db_path: Path) -> Path:
    database = open_database(db_path)
    try:
        build_county(database)
    finally:
        database.close()
    return db_path


def test_annual_report(county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, xlsx = tmp_path / "报告.docx", tmp_path / "明细.xlsx"
    code, stdout, err = run(
        [
            "report",
            "--year",
            "2025",
            "--db",
            str(county_db),
            "--out",
            str(out),
            "--xlsx",
            str(xlsx),
            "--date",
            "2026-03-01",
        ],
        capsys,
    )
    assert code == 0, err
    assert "已生成青岚县2025年度政务新媒体自查报告" in stdout and "1条保密留言未列入" in stdout
    assert "发布信息115条" in stdout
    assert "共发布信息115条" in "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert load_workbook(xlsx, read_only=True).sheetnames[0] == "账号情况"
    database = open_database(county_db)
    try:
        with database.session() as session:
            (kept,) = inspection_reports.history(session)
    finally:
        database.close()
    assert kept.docx_path == str(out) and kept.period.label == "2025年度"


def test_quarter_of_one_unit(county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "季度.docx"
    code, stdout, err = run(
        [
            "report",
            "--year",
            "2025",
            "--quarter",
            "1",
            "--unit",
            "二单位",
            "--db",
            str(county_db),
            "--out",
            str(out),
            "--date",
            "2026-03-01",
        ],
        capsys,
    )
    assert code == 0, err
    assert "青岚县第二单位2025年第一季度政务新媒体自查报告" in stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--unit", "不存在的单位"], "没有名为“不存在的单位”的单位"),
        (["--indicators", "某省细则"], "没有名为“某省细则”的指标体系"),
        (["--quarter", "5"], "参数 --quarter 的取值 5 无效"),
        (["--date", "2024-06-01"], "统计期2025年度尚未开始"),
        (["--date", "6月1日"], "日期“6月1日”格式不正确"),
    ],
)
def test_bad_input_exits_2(
    county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    out = tmp_path / "报告.docx"
    code, _, err = run(
        ["report", "--year", "2025", "--db", str(county_db), "--out", str(out), *extra], capsys
    )
    assert code == 2 and message in err
    assert not out.exists()


def test_wrong_file_kinds(county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        ["report", "--year", "2025", "--db", str(county_db), "--out", str(tmp_path / "r.pdf")], capsys
    )
    assert code == 2 and "输出文件应为 .docx" in err
    code, _, err = run(
        [
            "report",
            "--year",
            "2025",
            "--db",
            str(county_db),
            "--out",
            str(tmp_path / "r.docx"),
            "--xlsx",
            str(tmp_path / "r.csv"),
        ],
        capsys,
    )
    assert code == 2 and "明细附件应为 .xlsx" in err


def test_the_quarterly_notice(county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "通报.docx"
    code, stdout, err = run(
        [
            "notice",
            "--year",
            "2025",
            "--quarter",
            "1",
            "--db",
            str(county_db),
            "--out",
            str(out),
            "--number",
            "青政办〔2026〕7号",
            "--days",
            "5",
            "--date",
            "2026-03-02",
        ],
        capsys,
    )
    assert code == 0, err
    assert "已生成关于2025年第一季度全县政务新媒体检查情况的通报（青政办〔2026〕7号）" in stdout
    assert "整改期限2026年3月9日" in stdout
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert "青政办〔2026〕7号" in paragraphs and "2026年3月2日" in paragraphs
    code, _, err = run(
        [
            "notice",
            "--year",
            "2025",
            "--quarter",
            "1",
            "--db",
            str(county_db),
            "--out",
            str(tmp_path / "x.docx"),
            "--days",
            "0",
        ],
        capsys,
    )
    assert code == 2 and "整改时限应为1至60个工作日" in err
    code, _, err = run(["notice", "--year", "2025", "--db", str(county_db), "--out", str(out)], capsys)
    assert code == 2 and "--quarter" in err
