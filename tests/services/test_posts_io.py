"""Import and export of posts in the §7 layout, with real .xlsx files read back."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from gmdesk.documents.xlsx import ImportRejected
from gmdesk.domain.enums import PostCategory, PostKind, PostStatus
from gmdesk.domain.platforms import Platform
from gmdesk.services import posts_io
from gmdesk.services.database import open_database
from gmdesk.store.database import Database
from gmdesk.store.models import Account, Post
from tests import calendar_data as data

NOW = datetime(2026, 11, 20, 9, 30)
HEADERS = ["账号名称", "发布时间", "标题", "类型", "来源", "群发", "链接", "阅读数"]


def workbook(path: Path, headers: list[str], lines: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for line in lines:
        sheet.append(line)
    book.save(path)
    return path


def accounts(database: Database) -> None:
    with database.session() as session:
        county = data.unit(session)
        data.account(session, county, "青岚发布")
        data.account(session, county, "青岚发布微博", Platform.WEIBO)
        town = data.unit(session, "城关镇人民政府")
        data.account(session, town, "城关发布", Platform.WECHAT_SUBSCRIPTION)
        data.account(session, town, "城关发布", Platform.DOUYIN)  # the same name twice: ambiguous


def count(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(Post)) or 0)


def test_a_clean_file_is_imported_with_columns_in_any_order(database: Database, tmp_path: Path) -> None:
    accounts(database)
    path = workbook(
        tmp_path / "posts.xlsx",
        ["标题", "账号名称", "群发", "发布时间", "类型", "来源", "阅读数", "备注列"],
        [
            [
                "县政府常务会议研究冬季供暖",
                "青岚发布",
                "是",
                datetime(2026, 11, 3, 8, 5),
                "原创",
                "",
                "1,024",
                "忽略",
            ],
            [
                "国务院关于优化营商环境的意见",
                "青岚发布微博",
                "否",
                "2026-11-04 12:30",
                "转载",
                "中国政府网",
                0,
                "",
            ],
            ["下周冬季森林防火宣传", "青岚发布", "", "2026年11月25日 20:00", "", "", None, ""],
        ],
    )
    with database.session() as session:
        result = posts_io.import_posts(session, path, "李娜", NOW)
    assert (result.imported, result.published, result.planned, result.skipped, result.accounts) == (
        3,
        2,
        1,
        0,
        2,
    )
    assert result.describe() == "已导入3条发布记录（已发布2条、计划1条，涉及2个账号）。"
    with database.session() as session:
        rows = session.scalars(select(Post).order_by(Post.at)).all()
        assert [(p.title, p.is_mass_push, p.reads, p.kind, p.status) for p in rows] == [
            ("县政府常务会议研究冬季供暖", True, 1024, PostKind.ORIGINAL, PostStatus.PUBLISHED),
            ("国务院关于优化营商环境的意见", False, 0, PostKind.REPOST, PostStatus.PUBLISHED),
            ("下周冬季森林防火宣传", False, 0, PostKind.ORIGINAL, PostStatus.PLANNED),
        ]
        assert rows[1].source == "中国政府网" and rows[0].category is PostCategory.AFFAIRS


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_written(
    database: Database, tmp_path: Path
) -> None:
    accounts(database)
    path = workbook(
        tmp_path / "posts.xlsx",
        HEADERS,
        [
            ["青岚发布", "2026-11-03 08:05", "正常", "原创", "", "是", "", 10],
            ["城关发布", "2026-11-03 08:05", "重名账号", "原创", "", "否", "", 0],
            ["不存在的账号", "2026-11-03 09:00", "无此账号", "原创", "", "否", "", 0],
            ["青岚发布", "11月3日", "时间不对", "原创", "", "否", "", 0],
            ["青岚发布", "2026-11-03 10:00", "", "转发", "", "也许", "mp.weixin.qq.com/x", -5],
        ],
    )
    with pytest.raises(ImportRejected) as rejected, database.session() as session:
        posts_io.import_posts(session, path, "李娜", NOW)
    report = rejected.value.report(limit=None)
    assert "发现8处问题，数据库未做任何修改" in report
    assert (
        "第3行，“账号名称”列：有2个账号都叫“城关发布”（抖音·城关镇人民政府、微信公众号-订阅号·城关镇人民政府），无法确定是哪一个；请增加“平台”列"
        in report
    )
    assert "第4行，“账号名称”列：找不到名为“不存在的账号”的账号" in report
    assert "第5行，“发布时间”列：时间“11月3日”无法识别，应为 YYYY-MM-DD HH:MM 格式" in report
    assert "第6行，“标题”列：不能为空" in report
    assert "第6行，“群发”列：“也许”应填“是”或“否”" in report
    assert "第6行，“来源”列：转载信息必须注明来源" in report
    assert "第6行，“链接”列：链接应以 http:// 或 https:// 开头" in report
    assert "第6行，“阅读数”列：阅读数不能为负数" in report
    assert count(database) == 0


def test_a_platform_column_tells_apart_accounts_of_the_same_name(database: Database, tmp_path: Path) -> None:
    accounts(database)
    path = workbook(
        tmp_path / "posts.xlsx",
        [*HEADERS, "平台"],
        [
            ["城关发布", "2026-11-03 08:05", "订阅号的一条", "原创", "", "是", "", 0, "订阅号"],
            ["城关发布", "2026-11-03 09:05", "抖音的一条", "原创", "", "否", "", 0, "抖音"],
        ],
    )
    with database.session() as session:
        assert posts_io.import_posts(session, path, "李娜", NOW).imported == 2
    with database.session() as session:
        owners = {p.title: session.get(Account, p.account_id).platform for p in session.scalars(select(Post))}  # type: ignore[union-attr]
    assert owners == {"订阅号的一条": Platform.WECHAT_SUBSCRIPTION, "抖音的一条": Platform.DOUYIN}
    wrong = workbook(
        tmp_path / "wrong.xlsx",
        [*HEADERS, "平台"],
        [
            ["城关发布", "2026-11-04 08:05", "微博", "原创", "", "否", "", 0, "微博"],
            ["城关发布", "2026-11-04 08:05", "火星", "原创", "", "否", "", 0, "火星号"],
        ],
    )
    with pytest.raises(ImportRejected) as rejected, database.session() as session:
        posts_io.import_posts(session, wrong, "李娜", NOW)
    report = rejected.value.report()
    assert "第2行，“账号名称”列：找不到名为“城关发布”（微博）的账号" in report
    assert "第3行，“平台”列：未知平台“火星号”" in report


def test_missing_columns_and_an_empty_file_are_refused(database: Database, tmp_path: Path) -> None:
    accounts(database)
    path = workbook(tmp_path / "posts.xlsx", ["账号名称", "标题"], [["青岚发布", "没有时间列"]])
    with pytest.raises(ImportRejected, match="1处问题") as rejected, database.session() as session:
        posts_io.import_posts(session, path, "李娜", NOW)
    assert "缺少必需的列：发布时间" in rejected.value.report()
    empty = workbook(tmp_path / "empty.xlsx", HEADERS, [])
    with pytest.raises(ImportRejected) as nothing, database.session() as session:
        posts_io.import_posts(session, empty, "李娜", NOW)
    assert "文件中没有数据行" in nothing.value.report()


def test_the_import_reports_while_it_reads_and_a_cancel_stops_the_reading(
    database: Database, tmp_path: Path
) -> None:
    """Each row is checked as it is read: progress (with the file's declared size) comes while the file is
    still being read, so 取消 stops at once instead of after the whole file, and nothing is written."""
    accounts(database)
    lines = [
        ["青岚发布", f"2026-10-{n % 28 + 1:02d} 08:{n % 60:02d}", f"第{n}条", "原创", "", "否", "", n]
        for n in range(12_000)
    ]
    path = workbook(tmp_path / "posts.xlsx", HEADERS, lines)
    seen: list[tuple[int, int, str]] = []
    with database.session() as session:
        parsed = posts_io.read_posts(session, path, NOW, lambda *step: seen.append(step))
    assert len(parsed.rows) == 12_000
    assert seen == [
        (1, 12_000, "正在读取并检查第1行，共约12,000行"),
        (5001, 12_000, "正在读取并检查第5,001行，共约12,000行"),
        (10_001, 12_000, "正在读取并检查第10,001行，共约12,000行"),
    ]

    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int, text: str) -> None:
        if done > 1:
            raise Cancelled

    damaged = tmp_path / "damaged.xlsx"  # rows beyond about the 6,000th cannot be read
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    with pytest.raises(ImportRejected, match="damaged"), database.session() as session:
        posts_io.import_posts(session, damaged, "李娜", NOW)
    with pytest.raises(Cancelled), database.session() as session:  # at row 5,001: the damage is never reached
        posts_io.import_posts(session, damaged, "李娜", NOW, report=cancel)
    assert count(database) == 0


def test_duplicates_in_the_file_and_in_the_database_are_skipped_and_counted(
    database: Database, tmp_path: Path
) -> None:
    accounts(database)
    lines = [["青岚发布", "2026-11-03 08:05", "县政府常务会议", "原创", "", "是", "", 0]] * 2
    lines.append(["青岚发布", "2026-11-04 08:05", "另一条", "原创", "", "否", "", 0])
    path = workbook(tmp_path / "posts.xlsx", HEADERS, lines)
    with database.session() as session:
        first = posts_io.import_posts(session, path, "李娜", NOW)
    assert (first.imported, first.skipped) == (2, 1)
    with database.session() as session:
        dry = posts_io.import_posts(session, path, "李娜", NOW, dry_run=True)
    assert (dry.imported, dry.skipped) == (0, 3)
    with database.session() as session:
        again = posts_io.import_posts(session, path, "李娜", NOW)
    assert (again.imported, again.skipped) == (0, 3) and count(database) == 2
    assert "3条与已有记录或文件中前面的行重复" in again.describe()


def test_a_dry_run_writes_nothing(database: Database, tmp_path: Path) -> None:
    accounts(database)
    path = workbook(
        tmp_path / "posts.xlsx", HEADERS, [["青岚发布", "2026-11-03 08:05", "标题", "原创", "", "是", "", 0]]
    )
    with database.session() as session:
        result = posts_io.import_posts(session, path, "李娜", NOW, dry_run=True)
    assert result.imported == 1 and count(database) == 0


def test_export_then_import_into_another_database_gives_the_same_posts(
    database: Database, tmp_path: Path
) -> None:
    accounts(database)
    with database.session() as session:
        account = session.scalar(select(Account).where(Account.name == "青岚发布"))
        data.post(session, account, datetime(2026, 11, 3, 8, 5), "县政府常务会议", mass=True)
        data.post(
            session,
            account,
            datetime(2026, 11, 4, 9, 0),
            "转载国务院文件",
            kind=PostKind.REPOST,
            source="中国政府网",
        )
        data.post(session, account, datetime(2026, 11, 25, 20, 0), "下周计划", planned=True)
    out = tmp_path / "export.xlsx"
    with database.session() as session:
        assert posts_io.export_posts(session, out) == 3
    table = data.sheet_rows(out)
    assert table[0] == (
        "账号名称",
        "发布时间",
        "标题",
        "类型",
        "来源",
        "群发",
        "链接",
        "阅读数",
        "分类",
        "状态",
        "主办单位",
        "平台",
    )
    assert table[2][:6] == (
        "青岚发布",
        datetime(2026, 11, 4, 9),
        "转载国务院文件",
        "转载",
        "中国政府网",
        "否",
    )
    assert table[3][9] == "计划"

    other = open_database(tmp_path / "other.db")
    try:
        accounts(other)
        with other.session() as session:
            result = posts_io.import_posts(session, out, "李娜", NOW)
        assert (result.imported, result.planned) == (3, 1)
        with other.session() as session:
            titles = [
                (p.title, p.kind, p.is_mass_push, p.status)
                for p in session.scalars(select(Post).order_by(Post.at))
            ]
        assert titles == [
            ("县政府常务会议", PostKind.ORIGINAL, True, PostStatus.PUBLISHED),
            ("转载国务院文件", PostKind.REPOST, False, PostStatus.PUBLISHED),
            ("下周计划", PostKind.ORIGINAL, False, PostStatus.PLANNED),
        ]
    finally:
        other.close()
