"""The training register (issue 14 item 2): TRAINING_SHORT appears from 1 October and goes as trainings are
imported, the Excel kind ``trainings`` round-trips, the report states the counts against the targets and the
通报 lists 错敏 hits by unit."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from gmdesk.cli import main
from gmdesk.documents.xlsx import ImportRejected
from gmdesk.domain.enums import PostKind, PostStatus, TrainingKind
from gmdesk.domain.errors import UserError
from gmdesk.domain.findings import RuleId
from gmdesk.domain.report_period import quarter_period, year_period
from gmdesk.services import settings, trainings
from gmdesk.services.attachments import attachments_root
from gmdesk.services.checks import run_checks
from gmdesk.services.inspection_notice import NoticeRequest, generate_notice
from gmdesk.store.database import Database
from gmdesk.store.models import Post
from tests.services.inspection_data import NOW, County, build_county
from tests.services.test_posts_io import workbook

TRAINING_ONLY = (trainings.training_findings,)
HEADERS = ["日期", "名称", "类型", "组织单位", "学时", "参加人员"]


def short(database: Database, day: date) -> list[str]:
    with database.session() as session:
        found = run_checks(session, day, TRAINING_ONLY)
    assert all(f.rule == RuleId.TRAINING_SHORT and f.severity.value == "warning" for f in found)
    return [f.message for f in found]


@pytest.fixture
def county(database: Database) -> County:
    return build_county(database)


def test_training_short_appears_from_october_and_goes_with_imported_trainings(
    database: Database, county: County, tmp_path: Path
) -> None:
    assert short(database, date(2025, 9, 30)) == []
    assert short(database, date(2025, 10, 1)) == [
        "2025年培训不足：内部培训0次（目标4次，差4次）、外部培训0次（目标2次，差2次）；请在年底前补齐并登记"
        "（每年内部培训不少于4次、外部培训不少于2次）"
    ]
    first = workbook(
        tmp_path / "first.xlsx",
        HEADERS,
        [
            [date(2025, 3, 12), "政务新媒体内容审核培训", "内部", "县政府办", 2, "保管员"],
            ["2025-05-20", "网络安全知识讲座", "内部", "县网信办", "1.5", ""],
            ["2025-06-18", "错别字与规范表述专题", "内部", "县政府办", 2, "保管员"],
            ["2025-08-01", "全市政务新媒体业务培训班", "外部", "市网信办", 8, "保管员"],
        ],
    )
    with database.session() as session:
        result = trainings.import_trainings(session, first, "李娜")
    assert result.describe() == "已导入4次培训（内部3次、外部1次）。"
    assert short(database, date(2025, 10, 8)) == [
        "2025年培训不足：内部培训3次（目标4次，差1次）、外部培训1次（目标2次，差1次）；请在年底前补齐并登记"
        "（每年内部培训不少于4次、外部培训不少于2次）"
    ]
    second = workbook(
        tmp_path / "second.xlsx",
        HEADERS,
        [
            ["2025-03-12", "政务新媒体内容审核培训", "内部", "县政府办", 2, "保管员"],  # already recorded
            ["2025-09-09", "舆情应对实务", "内部", "县委宣传部", 3, ""],
        ],
    )
    with database.session() as session:
        assert trainings.import_trainings(session, second, "李娜").skipped == 1
    assert short(database, date(2025, 10, 8)) == [
        "2025年培训不足：外部培训1次（目标2次，差1次）；请在年底前补齐并登记（每年内部培训不少于4次、外部培训不少于2次）"
    ]
    with database.session() as session:
        trainings.save_training(
            session,
            trainings.TrainingForm(
                None, date(2025, 10, 20), "省级政务公开培训", TrainingKind.EXTERNAL, "省政府办", 16
            ),
            "李娜",
        )
    assert short(database, date(2025, 10, 21)) == []
    assert short(database, date(2026, 10, 1)) != []  # a new year starts from nothing


def test_a_bad_file_is_refused_row_by_row(database: Database, county: County, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "bad.xlsx",
        HEADERS,
        [
            ["2025-03-12", "培训", "线上", "", 2, ""],
            ["2025-03-13", "", "内部", "", "两小时", "不存在的人、保管员"],
        ],
    )
    with database.session() as session, pytest.raises(ImportRejected) as refused:
        trainings.import_trainings(session, path, "李娜")
    report = refused.value.report()
    assert (
        "第2行" in report and "类型" in report and "第3行" in report and "名称" in report and "学时" in report
    )
    assert "不在台账人员名单中：不存在的人" in report
    with database.session() as session:
        assert trainings.training_year(session, 2025).rows == ()


def test_the_register_round_trips_through_excel_and_keeps_the_sign_in_sheet(
    database: Database, county: County, tmp_path: Path
) -> None:
    with database.session() as session:
        keeper = next(p for p in trainings.people(session) if p.name == "保管员")
        with pytest.raises(UserError, match="名称"):
            trainings.save_training(
                session, trainings.TrainingForm(None, date(2025, 4, 1), " ", TrainingKind.INTERNAL), "李娜"
            )
        training_id = trainings.save_training(
            session,
            trainings.TrainingForm(
                None, date(2025, 4, 1), "三审制度培训", TrainingKind.INTERNAL, "县政府办", 2.5, (keeper.id,)
            ),
            "李娜",
        )
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(b"%PDF-1.4 sign-in" * 50)
    with database.session() as session:
        sheet = trainings.attach_sheet(
            session, training_id, scan, attachments_root(database.path), "李娜", NOW
        )
    assert Path(sheet.path).read_bytes() == scan.read_bytes()
    out = tmp_path / "trainings.xlsx"
    with database.session() as session:
        assert trainings.export_trainings(session, out, 2025) == 1
        (row,) = trainings.training_year(session, 2025).rows
    assert row.attendee_names == "保管员" and len(row.sheets) == 1
    cells = list(load_workbook(out).active.iter_rows(values_only=True))
    assert cells[0][:6] == tuple(HEADERS)
    assert cells[1][:7] == (datetime(2025, 4, 1), "三审制度培训", "内部", "县政府办", 2.5, "保管员", 1)


def test_the_cli_kind_and_the_report_and_the_notice(
    database: Database, county: County, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with database.session() as session:
        settings.put(session, settings.SUPERVISOR_NAME, "青岚县人民政府办公室")
        session.add(
            Post(
                account_id=county.jia,
                status=PostStatus.PUBLISHED,
                at=datetime(2025, 2, 3, 9),
                kind=PostKind.ORIGINAL,
                title="截止目前全县春耕生产有序推进",
            )
        )
    path = workbook(
        tmp_path / "t.xlsx", HEADERS, [["2025-01-15", "年度业务培训", "外部", "市网信办", 6, "保管员"]]
    )
    database.close()
    assert main(["import", "trainings", str(path), "--db", str(db_path)]) == 0
    assert "已导入1次培训（内部0次、外部1次）" in capsys.readouterr().out
    assert main(["export", "trainings", "--db", str(db_path), "--out", str(tmp_path / "o.xlsx")]) == 0
    assert main(["check", "--db", str(db_path), "--date", "2025-12-01", "--json"]) in (0, 1)
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out.split("\n", 1)[1])}
    assert "TRAINING_SHORT" in rules
    report = tmp_path / "report.docx"
    assert main(["report", "--year", "2025", "--db", str(db_path), "--out", str(report)]) == 0
    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    assert (
        "组织内部培训0次（要求每年不少于4次），参加外部培训1次（要求每年不少于2次），内部培训还差4次、外部培训还差1次"
        in text
    )
    assert "发现疑似错敏表述1处（错别字1处），已更正0处，经核实无误0处，尚未处理1处" in text
    from gmdesk.services.database import open_database

    reopened = open_database(db_path)
    try:
        with reopened.session() as session:
            result = generate_notice(
                session,
                NoticeRequest(quarter_period(2025, 1), signed_on=date(2025, 4, 3)),
                tmp_path / "n.docx",
                "张三",
                NOW,
            )
    finally:
        reopened.close()
    assert result.notice.wording is not None and result.notice.wording.hits == 1
    lines = [p.text for p in Document(str(tmp_path / "n.docx")).paragraphs]
    assert any(
        line.startswith(
            "1.青岚县第一单位：疑似错敏表述1处，已更正0处，经核实无误0处，未处理1处。如甲发布《截止目前"
            "全县春耕生产有序推进》：“截止目前”应为“截至目前”（错别字）"
        )
        for line in lines
    ), lines
    assert year_period(2025).label
