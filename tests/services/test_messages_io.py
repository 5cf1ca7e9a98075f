"""Import and export of messages in the §7 layout, with real .xlsx files written and read back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from gmdesk.cli import main
from gmdesk.documents.messages_xlsx import EXPORT_HEADERS
from gmdesk.documents.xlsx import ImportRejected
from gmdesk.domain.enums import MessageCategory, MessageChannel, MessageEventKind, MessageState, Urgency
from gmdesk.services import inbox_actions, messages_io
from gmdesk.store.database import Database
from gmdesk.store.models import AuditEntry, Message, MessageEvent
from tests.services.test_inbox_actions import Office, enter, make_office

NOW = datetime(2026, 11, 20, 9, 30)
HEADERS = ["账号名称", "平台", "渠道", "收到时间", "留言人", "联系方式", "内容", "类别", "紧急程度"]
VALID_ID = "11010519491231002X"


def workbook(path: Path, rows: list[list[Any]], headers: list[str] = HEADERS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def read_rows(path: Path) -> list[tuple[Any, ...]]:
    book = load_workbook(path, read_only=True)
    try:
        return list(book.active.iter_rows(values_only=True))
    finally:
        book.close()


def first_record(path: Path) -> dict[Any, Any]:
    header, first, *_ = read_rows(path)
    return dict(zip(header, first, strict=True))


def count(database: Database) -> int:
    with database.read_session() as session:
        return session.scalar(select(func.count()).select_from(Message)) or 0


@pytest.fixture
def office(database: Database) -> Office:
    return make_office(database)


def test_a_good_file_imports_with_holiday_aware_deadlines(
    database: Database, office: Office, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "留言.xlsx",
        [
            [
                "青岚发布",
                "微博",
                "评论",
                "2025-09-30 10:00",
                "王先生",
                "13812345678",
                "路灯坏了",
                "投诉",
                "一般",
            ],
            ["青岚住建", "", "私信", datetime(2026, 11, 19, 14, 5), "", "", "物业费涨价", "咨询", "紧急"],
            ["青岚发布", "微信公众号-订阅号", "", "2026/11/18 08:00", "李女士", "", "学区划分", "", ""],
        ],
    )
    with database.session() as session:
        plan = messages_io.read_messages(session, path, NOW)
        assert plan.describe() == "将导入 3 条留言。"
        result = messages_io.write_messages(session, plan, "张三", NOW)
    assert result.describe() == "已从“留言.xlsx”导入 3 条留言。"
    with database.read_session() as session:
        rows = session.scalars(select(Message).order_by(Message.id)).all()
        first_events = session.scalars(
            select(MessageEvent).where(MessageEvent.message_id == rows[0].id)
        ).all()
    complaint, urgent, default = rows
    assert complaint.answer_due == datetime(2025, 10, 16, 23, 59, 59, 999999)
    assert complaint.writer_contact == "13812345678" and complaint.state is MessageState.PENDING
    assert urgent.urgency is Urgency.URGENT and urgent.channel is MessageChannel.PRIVATE
    assert urgent.first_response_due == datetime(2026, 11, 19, 15, 5)
    assert default.category is MessageCategory.OTHER and default.channel is MessageChannel.BOARD
    assert [(e.kind, e.operator) for e in first_events] == [(MessageEventKind.RECEIVED, "张三")]
    assert "第2行" in first_events[0].note


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_written(
    database: Database, office: Office, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "坏.xlsx",
        [
            ["青岚发布", "微博", "评论", "2026-11-18 10:00", "甲", "", "正常的一行", "咨询", "一般"],
            ["不存在的号", "", "", "2026-11-18 10:00", "", "", "x", "咨询", ""],
            ["青岚发布", "", "", "2026-11-18 10:00", "", "", "重名无平台", "", ""],
            ["青岚发布", "微博", "飞鸽", "昨天", "", "", "", "吐槽", "很急"],
            ["青岚发布", "微博", "", "2027-01-01 09:00", "", "", "未来", "", ""],
        ],
    )
    with database.session() as session, pytest.raises(ImportRejected) as caught:
        messages_io.read_messages(session, path, NOW)
    described = [p.describe() for p in caught.value.problems]
    assert "第3行，“账号名称”列：系统中没有名为“不存在的号”的账号，请先在“账号备案”中登记" in described
    assert any(d.startswith("第4行，“账号名称”列：“青岚发布”对应多个账号") and "平台" in d for d in described)
    assert any(d.startswith("第5行，“收到时间”列：时间“昨天”无法识别") for d in described)
    assert any(d.startswith("第5行，“内容”列：不能为空") for d in described)
    assert any(d.startswith("第5行，“渠道”列：“飞鸽”不是有效的取值") for d in described)
    assert any(d.startswith("第5行，“类别”列") for d in described)
    assert any(d.startswith("第5行，“紧急程度”列") for d in described)
    assert "第6行，“收到时间”列：2027-01-01 09:00 晚于现在" in described
    assert "数据库未做任何修改" in caught.value.summary()
    assert count(database) == 0


def test_a_missing_column_is_named(database: Database, office: Office, tmp_path: Path) -> None:
    path = workbook(tmp_path / "缺列.xlsx", [["青岚住建", "x"]], ["账号名称", "内容"])
    with database.session() as session, pytest.raises(ImportRejected, match="1处问题") as caught:
        messages_io.read_messages(session, path, NOW)
    assert "缺少必需的列：收到时间" in caught.value.problems[0].message


def test_duplicates_in_the_file_and_in_the_database_are_skipped_and_counted(
    database: Database, office: Office, tmp_path: Path
) -> None:
    enter(database, office.housing_weibo, datetime(2026, 11, 18, 10, 0), "已经录入过", writer_name="甲")
    row = ["青岚住建", "", "", "2026-11-18 10:00", "甲", "", "已经录入过", "咨询", ""]
    path = workbook(
        tmp_path / "重复.xlsx",
        [
            row,
            ["青岚住建", "", "", "2026-11-18 11:00", "乙", "", "新的", "", ""],
            ["青岚住建", "", "", "2026-11-18 11:00", "乙 ", "", "新的", "", ""],
        ],
    )
    with database.session() as session:
        plan = messages_io.read_messages(session, path, NOW)
        assert [(d.row, d.reason) for d in plan.duplicates] == [
            (2, "数据库中已有同一条留言"),
            (4, "与第3行重复"),
        ]
        result = messages_io.write_messages(session, plan, "张三", NOW)
    assert (result.imported, result.skipped) == (1, 2)
    assert "跳过重复 2 条" in result.describe()
    assert count(database) == 2


def test_states_and_times_of_an_exported_file_read_back(
    database: Database, office: Office, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "历史.xlsx",
        [
            [
                "青岚住建",
                "",
                "",
                "2026-11-02 09:00",
                "甲",
                "",
                "旧留言",
                "咨询",
                "",
                "已办结",
                "2026-11-02 10:00",
                "2026-11-05 15:00",
                "青岚县住房和城乡建设局",
            ]
        ],
        [
            "账号名称",
            "平台",
            "渠道",
            "收到时间",
            "留言人",
            "联系方式",
            "内容",
            "类别",
            "紧急程度",
            "状态",
            "首次回应时间",
            "答复时间",
            "办理部门",
        ],
    )
    with database.session() as session:
        messages_io.import_messages(session, path, "张三", NOW)
    with database.read_session() as session:
        message = session.scalars(select(Message)).one()
    assert message.state is MessageState.CLOSED and message.next_due is None
    assert message.answered_at == datetime(2026, 11, 5, 15, 0) and message.assigned_unit_id == office.housing


def test_export_masks_numbers_and_leaves_out_confidential_messages(
    database: Database, office: Office, tmp_path: Path
) -> None:
    shown = enter(
        database,
        office.housing_weibo,
        datetime(2026, 11, 16, 9, 0),
        f"我的身份证{VALID_ID}，电话13812345678",
        writer_name="王先生",
        writer_contact="13812345678",
        category=MessageCategory.COMPLAINT,
    )
    enter(
        database,
        office.weibo,
        datetime(2026, 11, 17, 9, 0),
        "请为我保密",
        writer_name="李女士",
        confidential=True,
    )
    with database.session() as session:
        inbox_actions.save_reply(
            session, shown, "已收到", final=False, operator="张三", at=datetime(2026, 11, 16, 10, 0)
        )
    out = tmp_path / "导出.xlsx"
    with database.session() as session:
        result = messages_io.export_messages(session, out, NOW)
    assert (result.written, result.confidential_left_out, result.masked) == (1, 1, True)
    assert "1 条保密留言按规定未导出" in result.describe()
    rows = read_rows(out)
    assert list(rows[0][:14]) == [
        "账号名称",
        "渠道",
        "收到时间",
        "留言人",
        "联系方式",
        "内容",
        "类别",
        "紧急程度",
        "首次回应期限",
        "答复期限",
        "状态",
        "首次回应时间",
        "答复时间",
        "办理部门",
    ]
    assert list(rows[0]) == list(EXPORT_HEADERS)
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["联系方式"] == "138****5678"
    assert record["内容"] == "我的身份证110105********002X，电话138****5678"
    assert "13812345678" not in "".join(str(v) for v in rows[1])
    assert (record["首次回应期限"], record["答复期限"], record["状态"]) == (
        datetime(2026, 11, 17),
        datetime(2026, 11, 25),
        "已回应",
    )  # deadlines at the end of a day are date cells
    assert (record["收到时间"], record["首次回应时间"]) == (
        datetime(2026, 11, 16, 9),
        datetime(2026, 11, 16, 10),
    )
    assert "请为我保密" not in str(rows)

    plain = tmp_path / "明文.xlsx"
    with database.session() as session:
        messages_io.export_messages(session, plain, NOW, reveal="向县信访局移交办理材料", operator="管理员")
    record = first_record(plain)
    assert record["联系方式"] == "13812345678"
    with database.session() as session:
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "导出未遮蔽的个人信息")).one()
        assert (logged.operator, logged.detail["purpose"], logged.detail["file"]) == (
            "管理员",
            "向县信访局移交办理材料",
            "明文.xlsx",
        )


def test_cli_import_export_round_trip(
    database: Database, office: Office, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    enter(
        database,
        office.housing_weibo,
        datetime(2026, 11, 16, 9, 0),
        "物业费",
        writer_name="甲",
        writer_contact="13812345678",
    )
    database.close()
    out = tmp_path / "messages.xlsx"
    assert main(["export", "messages", "--db", str(db_path), "--out", str(out), "--mask"]) == 0
    assert "已导出 1 条留言" in capsys.readouterr().out
    masked = first_record(out)
    assert masked["联系方式"] == "138****5678"
    assert (
        main(["export", "messages", "--db", str(db_path), "--out", str(out)]) == 0
    )  # the default operator may see
    capsys.readouterr()
    assert main(["import", "messages", str(out), "--db", str(db_path)]) == 0
    assert "导入 0 条留言，跳过重复 1 条" in capsys.readouterr().out
    bad = workbook(tmp_path / "bad.xlsx", [["无此账号", "", "", "2026-11-16 09:00", "", "", "x", "", ""]])
    assert main(["import", "messages", str(bad), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "第2行，“账号名称”列：系统中没有名为“无此账号”的账号" in err
    assert (
        main(
            [
                "export",
                "messages",
                "--db",
                str(db_path),
                "--out",
                str(out),
                "--from",
                "2026-12-01",
                "--to",
                "2026-11-01",
            ]
        )
        == 2
    )


def test_dry_run_writes_nothing(
    database: Database, office: Office, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database.close()
    path = workbook(tmp_path / "ok.xlsx", [["青岚住建", "", "", "2026-11-16 09:00", "", "", "x", "", ""]])
    assert main(["import", "messages", str(path), "--db", str(db_path), "--dry-run"]) == 0
    assert "检查通过（未写入）：将导入 1 条留言" in capsys.readouterr().out
    from gmdesk.services.database import open_database

    again = open_database(db_path)
    try:
        assert count(again) == 0
    finally:
        again.close()
