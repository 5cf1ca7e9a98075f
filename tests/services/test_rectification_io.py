"""A superior's 通报 imported from Excel (all or nothing, every problem with its row and column), the ledger
exported and read back, the template, and the same through ``gmdesk import/export rectifications``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from gmdesk.documents.xlsx import ImportRejected
from gmdesk.domain.enums import RectificationSource, RectificationState
from gmdesk.domain.platforms import Platform
from gmdesk.services import rectification as service
from gmdesk.services.database import open_database
from gmdesk.services.rectification_io import export_items, import_items, write_template
from gmdesk.store.database import Database
from gmdesk.store.models import RectificationItem
from tests import calendar_data as data
from tests.cli_runner import run

NOW = datetime(2026, 11, 20, 9, 30)
TODAY = NOW.date()
HEADERS = [
    "通报文号",
    "下达日期",
    "主办单位",
    "账号名称",
    "平台",
    "存在问题",
    "整改措施",
    "责任人",
    "时限（工作日）",
    "整改期限",
]


def seed(database: Database) -> None:
    with database.session() as session:
        owner = data.unit(session)
        data.account(session, owner, "青岚发布")
        data.account(session, owner, "青岚发布", Platform.WEIBO)
        data.unit(session, "青岚县教育局")


def workbook(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def items(database: Database) -> list[RectificationItem]:
    with database.session() as session:
        rows = session.scalars(select(RectificationItem).order_by(RectificationItem.id)).all()
        session.expunge_all()
        return list(rows)


GOOD = [
    [
        "县网信办〔2026〕3号",
        "2026-11-16",
        "",
        "青岚发布",
        "微博",
        "连续两周未更新",
        "制定发布计划",
        "张三",
        5,
        None,
    ],
    [
        "县网信办〔2026〕3号",
        date(2026, 11, 16),
        "青岚县教育局",
        None,
        None,
        "未按期报送年审材料",
        "",
        "李四",
        None,
        "2026-11-30",
    ],
]


def test_a_notice_is_imported_with_working_day_due_dates(database: Database, tmp_path: Path) -> None:
    seed(database)
    path = workbook(tmp_path / "通报.xlsx", GOOD)
    with database.session() as session:
        result = import_items(session, path, "测试员", NOW)
    assert (result.read, result.imported, result.skipped) == (2, 2, 0)
    first, second = items(database)
    assert (first.problem, first.notice_ref, first.opened_on, first.workdays, first.due_on) == (
        "连续两周未更新",
        "县网信办〔2026〕3号",
        date(2026, 11, 16),
        5,
        date(2026, 11, 23),
    )
    assert first.source is RectificationSource.SUPERIOR_NOTICE and first.state is RectificationState.OPEN
    with database.session() as session:
        rows = {r.id: r for r in service.list_items(session, TODAY)}
    assert rows[first.id].account_label == "青岚发布（微博）"
    assert (second.account_id, second.due_on, second.workdays, rows[second.id].unit) == (
        None,
        date(2026, 11, 30),
        None,
        "青岚县教育局",
    )

    with database.session() as session:  # the same 通报 again: nothing doubled
        again = import_items(session, path, "测试员", NOW)
    assert (again.imported, again.skipped) == (0, 2)
    assert "2项与已录入的同一通报事项" in again.describe()
    assert len(items(database)) == 2


def test_a_wrong_file_is_refused_whole_with_every_row_and_column(database: Database, tmp_path: Path) -> None:
    seed(database)
    rows = [
        GOOD[0],
        ["", "2026-11-16", "", "青岚发布", "", "重名账号", "", "", 5, None],
        ["", "2026-11-16", "", "青岚政务", "", "不存在的账号", "", "", 5, None],
        ["", "2026-11-16", "青岚县卫健委", "", "", "不存在的单位", "", "", "五", None],
        ["", "2026-12-16", "", "", "", "下达日期在将来", "", "", None, None],
        ["", "2026-11-16", "", "", "", "时限与期限矛盾", "", "", 5, "2026-11-30"],
        ["", "2026-11-16", "", "", "", None, "", "", 5, None],
    ]
    path = workbook(tmp_path / "错误.xlsx", rows)
    with database.session() as session, pytest.raises(ImportRejected) as rejected:
        import_items(session, path, "测试员", NOW)
    report = rejected.value.report()
    assert "文件“错误.xlsx”未导入" in report and "数据库未做任何修改" in report
    for expected in [
        "第3行，“账号名称”列：有2个账号都叫“青岚发布”",
        "第4行，“账号名称”列：找不到名为“青岚政务”的账号",
        "第5行，“时限（工作日）”列：“五”不是整数",
        "第5行，“主办单位”列：找不到名为“青岚县卫健委”的单位",
        "第6行，“下达日期”列：下达日期2026-12-16晚于今天",
        "第6行，“时限（工作日）”列：请填写时限（工作日）或整改期限",
        "第7行，“整改期限”列：与时限不一致：自2026-11-16起5个工作日应为2026-11-23",
        "第8行，“存在问题”列：不能为空",
    ]:
        assert expected in report
    assert items(database) == []


def test_headers_are_matched_by_text_and_a_notice_number_can_be_given_for_all_rows(
    database: Database, tmp_path: Path
) -> None:
    seed(database)
    path = workbook(tmp_path / "简表.xlsx", [["未开通留言功能", 10, "备注随意"]], ["问题", "时限", "其他列"])
    with database.session() as session:
        import_items(session, path, "测试员", NOW, notice="市政务公开办〔2026〕12号")
    (item,) = items(database)
    assert (item.notice_ref, item.opened_on, item.due_on) == (
        "市政务公开办〔2026〕12号",
        TODAY,
        date(2026, 12, 4),
    )


def test_the_ledger_exports_and_reads_back(database: Database, tmp_path: Path) -> None:
    seed(database)
    with database.session() as session:
        import_items(session, workbook(tmp_path / "通报.xlsx", GOOD), "测试员", NOW)
        first = service.list_items(session, TODAY)[0]
        service.complete_item(session, first.id, TODAY, "已恢复更新", "测试员", NOW)
    out = tmp_path / "整改台账.xlsx"
    with database.session() as session:
        assert export_items(session, out, TODAY) == 2
    rows = data.sheet_rows(out)
    assert rows[0][:12] == ("序号", "来源", *HEADERS)
    assert rows[1][1:] == (
        "上级通报",
        "县网信办〔2026〕3号",
        datetime(2026, 11, 16),
        "青岚县教育局",
        None,
        None,
        "未按期报送年审材料",
        None,
        "李四",
        None,
        datetime(2026, 11, 30),
        "待整改",
        None,
        None,
        None,
        "剩6个工作日",
    )
    assert rows[2][12:15] == ("已完成", datetime(2026, 11, 20), "已恢复更新")
    with database.session() as session:
        assert export_items(session, tmp_path / "open.xlsx", TODAY, open_only=True) == 1

    fresh = open_database(tmp_path / "fresh.db")  # the export is an import file of another office's database
    try:
        seed(fresh)
        with fresh.session() as session:
            assert import_items(session, out, "测试员", NOW).imported == 2
    finally:
        fresh.close()


def test_the_command_line_imports_exports_and_writes_the_template(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(db_path)
    seed(database)
    database.close()
    template = tmp_path / "模板.xlsx"
    assert run(["export", "rectifications", "--template", "--out", str(template)], capsys)[0] == 0
    assert data.sheet_rows(template)[0] == tuple(HEADERS)

    bad = workbook(tmp_path / "bad.xlsx", [["", "", "", "", "", "问题", "", "", 0, None]])
    code, _, err = run(["import", "rectifications", str(bad), "--db", str(db_path)], capsys)
    assert code == 2 and "第2行，“时限（工作日）”列：时限应为1至250个工作日" in err

    good = workbook(tmp_path / "good.xlsx", GOOD)
    code, out, _ = run(["import", "rectifications", str(good), "--db", str(db_path), "--dry-run"], capsys)
    assert (code, out.strip()) == (0, "检查通过（未写入）：已导入2项整改事项。")
    code, out, _ = run(["import", "rectifications", str(good), "--db", str(db_path)], capsys)
    assert (code, out.strip()) == (0, "已导入2项整改事项。")
    out_file = tmp_path / "ledger.xlsx"
    code, out, _ = run(
        ["export", "rectifications", "--db", str(db_path), "--out", str(out_file), "--date", "2026-11-20"],
        capsys,
    )
    assert code == 0 and "已导出2项整改事项" in out
    assert len(data.sheet_rows(out_file)) == 3


def test_template_has_an_example_row(tmp_path: Path) -> None:
    rows = data.sheet_rows(write_template(tmp_path / "t.xlsx", TODAY))
    assert rows[0] == tuple(HEADERS) and rows[1][5] == "2026年第三季度抽查发现连续两周未更新"
