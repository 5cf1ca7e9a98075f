"""The ledger in Excel: the §7 layout, a sheet per unit, the template, the round trip into a fresh database,
and imports that refuse a bad file whole with every problem by row and column."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from gmdesk.documents.ledger_xlsx import ALL_HEADERS, LEDGER_HEADERS
from gmdesk.documents.xlsx import ImportRejected
from gmdesk.domain.enums import AccountState, FilingKind, Role
from gmdesk.domain.lifecycle import Action, ActionInput
from gmdesk.domain.platforms import Platform
from gmdesk.services import accounts
from gmdesk.services.accounts_data import RoleAssignment
from gmdesk.services.database import open_database
from gmdesk.services.filings import perform
from gmdesk.services.ledger_io import export_ledger, import_ledger, write_template
from gmdesk.store.database import Database
from gmdesk.store.models import Account, AuditEntry, FilingEvent, Person, Unit
from tests.conftest import FreshDatabases
from tests.services.test_accounts_service import create, make_unit, new_account

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 30)


def sheet_rows(path: Path, sheet: str | None = None) -> list[tuple[Any, ...]]:
    workbook = load_workbook(path, read_only=True)
    try:
        ws = workbook[sheet] if sheet else workbook.worksheets[0]
        width = len(ALL_HEADERS)
        return [tuple(r) + (None,) * (width - len(r)) for r in ws.iter_rows(values_only=True)]
    finally:
        workbook.close()


def write_rows(path: Path, rows: Sequence[Sequence[Any]], headers: Sequence[str] = LEDGER_HEADERS) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def row(
    unit: str = "青岚县教育局", name: str = "青岚教育", platform: str = "微博", **cells: Any
) -> list[Any]:
    values = dict(
        zip(
            LEDGER_HEADERS,
            [
                unit,
                name,
                platform,
                "",
                unit,
                "2024-05-06",
                "运行中(已备案)",
                "教育资讯",
                "自行运维",
                "",
                "刘强",
                "17000000031",
                "陈静",
                "17000000032",
                "周敏",
                "17000000033",
                "吴磊",
                "17000000034",
                "青政新媒〔2024〕5号",
                "",
            ],
            strict=True,
        )
    )
    values.update(cells)
    return [values[h] for h in LEDGER_HEADERS]


def counts(database: Database) -> tuple[int, ...]:
    with database.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(m)) or 0
            for m in (Unit, Person, Account, FilingEvent, AuditEntry)
        )


def do_import(database: Database, path: Path, dry_run: bool = False):  # type: ignore[no-untyped-def]
    with database.session() as session:
        return import_ledger(session, path, "测试员", TODAY, dry_run=dry_run)


@pytest.fixture
def county(database: Database) -> Database:
    """Accounts in many states, with people, a closed one, a second unit."""
    unit_id = make_unit(database)
    create(
        database,
        new_account(
            unit_id,
            home_url="https://weibo.com/u/7000000001",
            scope="镇村动态",
            followers=1234,
            is_verified=False,
            interaction_enabled=False,
        ),
    )
    create(
        database,
        new_account(unit_id, AccountState.OPENED, platform=Platform.WEIBO, opened_on=date(2026, 11, 16)),
    )
    create(
        database,
        new_account(unit_id, AccountState.PROPOSED, platform=Platform.DOUYIN, opened_on=None, roles=()),
    )
    closed = create(database, new_account(unit_id, platform=Platform.KUAISHOU, note="已整合"))
    with database.session() as session:
        perform(
            session,
            closed,
            Action.ANNOUNCE,
            ActionInput(date(2026, 9, 1), close_reason="整合"),
            "测试员",
            TODAY,
        )
        perform(session, closed, Action.CANCEL, ActionInput(date(2026, 10, 20)), "测试员", TODAY)
        perform(session, closed, Action.FILE_CANCEL, ActionInput(date(2026, 10, 22)), "测试员", TODAY)
    other = make_unit(database, "青岚县融媒体中心")
    create(
        database,
        new_account(
            other,
            name="爱青岚",
            platform=Platform.APP,
            verified_entity="青岚县融媒体中心",
            roles=(RoleAssignment(Role.ADMIN, 0, None, "钱多", "", "17000000099"),),
        ),
    )
    return database


# --------------------------------------------------------------------------- export
def test_the_export_follows_the_section_7_layout(county: Database, tmp_path: Path) -> None:
    with county.session() as session:
        assert export_ledger(session, tmp_path / "台账.xlsx") == 5
    rows = sheet_rows(tmp_path / "台账.xlsx")
    assert rows[0][:20] == LEDGER_HEADERS and rows[0] == ALL_HEADERS
    by_name = {(r[1], r[2]): dict(zip(ALL_HEADERS, r, strict=True)) for r in rows[1:]}
    first = by_name[("城关镇发布", "微信公众号-订阅号")]
    assert first["开设时间"] == datetime(2025, 3, 3) and first["状态"] == "运行中(已备案)"
    assert (first["管理员"], first["管理员电话"], first["主要负责人"]) == ("赵丽", "17000000002", "张建国")
    assert (first["是否认证"], first["互动功能"], first["关注数"]) == ("否", "否", 1234)
    assert by_name[("城关镇发布", "快手")]["状态"] == "已关停"
    assert by_name[("城关镇发布", "抖音")]["管理员"] is None


def test_one_sheet_per_unit(county: Database, tmp_path: Path) -> None:
    with county.session() as session:
        export_ledger(session, tmp_path / "分单位.xlsx", by_unit=True)
    workbook = load_workbook(tmp_path / "分单位.xlsx", read_only=True)
    assert workbook.sheetnames == ["城关镇", "城关镇(2)"]  # both units are called 城关镇 for short here
    workbook.close()
    assert len(sheet_rows(tmp_path / "分单位.xlsx", "城关镇")) == 5


def test_the_template_has_a_sample_row_and_the_allowed_values(tmp_path: Path, database: Database) -> None:
    write_template(tmp_path / "模板.xlsx")
    workbook = load_workbook(tmp_path / "模板.xlsx")
    sheet = workbook["账号台账"]
    assert [c.value for c in sheet[1]] == list(ALL_HEADERS) and sheet.max_row == 2
    sample = dict(zip(ALL_HEADERS, (c.value for c in sheet[2]), strict=True))
    assert (
        sample["平台"] == "微信公众号-订阅号"
        and sample["开设时间"] == "2023-03-01"
        and "示例行" in sample["主办单位"]
    )
    assert sample["最近发布时间"] == "2026-11-18"
    allowed = workbook["可选值"]
    columns = {column[0].value: [c.value for c in column[1:] if c.value] for column in allowed.iter_cols()}
    assert columns["平台"] == [p.label for p in Platform]
    assert "运行中(已备案)" in columns["状态"] and columns["运维方式"] == ["自行运维", "购买服务"]
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert lists["C"] == "'可选值'!$A$2:$A$12" and lists["G"].startswith("'可选值'!$B$2")
    assert "YYYY-MM-DD" in sheet["F1"].comment.text
    # the sample row is refused, the rest of the file is imported once it is deleted
    with pytest.raises(ImportRejected) as rejected:
        do_import(database, tmp_path / "模板.xlsx")
    assert "示例行" in rejected.value.report(limit=None)
    sheet.delete_rows(2)
    sheet.append(
        [
            "青岚县统计局",
            "青岚统计",
            "微博",
            None,
            None,
            "2022-05-01",
            None,
            None,
            None,
            None,
            *[None] * 8,
            "青政新媒〔2022〕3号",
            *[None] * 8,
            "2026-11-10",
        ]
    )
    workbook.save(tmp_path / "填好.xlsx")
    summary = do_import(database, tmp_path / "填好.xlsx")
    assert (summary.created, summary.posts_recorded, summary.without_posts) == (1, 1, 0)


def test_a_ledger_without_posts_says_how_to_bring_them_in_and_makes_no_vetoes(
    database: Database, tmp_path: Path
) -> None:
    from gmdesk.services.checks import run_checks

    path = write_rows(
        tmp_path / "台账.xlsx",
        [
            [
                "青岚县统计局",
                "青岚统计",
                "微博",
                "",
                "",
                "2022-05-01",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "青政新媒〔2022〕3号",
                "",
            ],
            [
                "青岚县统计局",
                "青岚统计",
                "抖音",
                "",
                "",
                "2021-05-01",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "青政新媒〔2021〕9号",
                "",
            ],
        ],
    )
    summary = do_import(database, path)
    assert summary.without_posts == 2 and "还没有发布记录" in summary.describe()
    with database.session() as session:
        found = run_checks(session, TODAY)
    assert not [f for f in found if f.rule in ("UPDATE_GAP", "ZOMBIE", "MIN_FREQUENCY")]
    assert sorted(f.rule for f in found if f.rule == "NO_POST_RECORD") == ["NO_POST_RECORD"] * 2
    # the same ledger with 最近发布时间: the gap counts from it
    headers = (*LEDGER_HEADERS, "最近发布时间")
    path = write_rows(
        tmp_path / "台账2.xlsx",
        [
            [
                "青岚县统计局",
                "青岚统计",
                "微博",
                "",
                "",
                "2022-05-01",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "青政新媒〔2022〕3号",
                "",
                "2026-11-01",
            ],
            [
                "青岚县统计局",
                "青岚统计",
                "抖音",
                "",
                "",
                "2021-05-01",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "青政新媒〔2021〕9号",
                "",
                "2026-11-19",
            ],
        ],
        headers,
    )
    summary = do_import(database, path)
    assert summary.posts_recorded == 2
    with database.session() as session:
        found = run_checks(session, TODAY)
    assert [f.account for f in found if f.rule == "UPDATE_GAP"] == ["青岚统计"]  # 19 days since 11-01
    assert not [f for f in found if f.rule == "NO_POST_RECORD"]


# --------------------------------------------------------------------------- the round trip
def test_export_then_import_into_a_fresh_database_gives_the_same_accounts(
    county: Database, fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    for by_unit in (False, True):
        exported = tmp_path / f"out-{by_unit}.xlsx"
        with county.session() as session:
            export_ledger(session, exported, by_unit=by_unit)
        fresh_path = fresh_db.new(tmp_path, f"fresh-{by_unit}.db")
        fresh = open_database(fresh_path)
        try:
            summary = do_import(fresh, exported)
            assert (summary.created, summary.updated, summary.open_filings) == (5, 0, 1)
            assert summary.units_created == ["青岚县城关镇人民政府", "青岚县融媒体中心"]
            again = tmp_path / f"again-{by_unit}.xlsx"
            with fresh.session() as session:
                export_ledger(session, again, by_unit=by_unit)
                ledger = {(r.name, r.platform): r for r in accounts.ledger(session, TODAY).rows}
            assert sorted(sheet_rows(again)) == sorted(sheet_rows(exported))
            assert ledger[("城关镇发布", Platform.WEIBO)].filing_status == "待开设备案"
            assert ledger[("城关镇发布", Platform.KUAISHOU)].state is AccountState.CLOSED
            # importing the same file again changes nothing
            assert (do_import(fresh, exported).unchanged, do_import(fresh, exported).created) == (5, 0)
        finally:
            fresh.close()


def test_a_reimport_updates_and_a_new_admin_opens_a_change_filing(county: Database, tmp_path: Path) -> None:
    with county.session() as session:
        export_ledger(session, tmp_path / "台账.xlsx")
    rows = sheet_rows(tmp_path / "台账.xlsx")
    edited = []
    for r in rows[1:]:
        values = dict(zip(ALL_HEADERS, r, strict=True))
        if (values["账号名称"], values["平台"]) == ("城关镇发布", "微信公众号-订阅号"):
            values["管理员"], values["管理员电话"], values["宗旨"] = "孙伟", "17000000009", "新宗旨"
        edited.append([values[h] for h in ALL_HEADERS])
    write_rows(tmp_path / "改.xlsx", edited, ALL_HEADERS)
    summary = do_import(county, tmp_path / "改.xlsx")
    assert (summary.updated, summary.unchanged, summary.change_filings, summary.people_created) == (
        1,
        4,
        1,
        1,
    )
    with county.session() as session:
        change = session.scalar(select(FilingEvent).where(FilingEvent.kind == FilingKind.CHANGE_FILING))
        assert change is not None and change.changes[0] == {
            "field": "管理员",
            "before": "赵丽",
            "after": "孙伟",
        }


def test_dry_run_reports_and_writes_nothing(database: Database, tmp_path: Path) -> None:
    before = counts(database)
    summary = do_import(
        database,
        write_rows(tmp_path / "a.xlsx", [row(), row(name="青岚教育发布", platform="抖音")]),
        dry_run=True,
    )
    assert summary.created == 2 and summary.dry_run and "试导入" in summary.describe()
    assert counts(database) == before


# --------------------------------------------------------------------------- broken files
def rejection(database: Database, path: Path) -> list[str]:
    before = counts(database)
    with pytest.raises(ImportRejected) as caught:
        do_import(database, path)
    assert counts(database) == before, "a rejected import must leave the database untouched"
    assert "数据库未做任何修改" in caught.value.summary()
    return [p.describe() for p in caught.value.problems]


def test_wrong_headers(database: Database, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "h.xlsx", [["县教育局", "青岚教育"]], ["单位", "账号名称", "备注"])
    assert rejection(database, path) == [
        "第1行：缺少必需的列：主办单位、平台（表头中找到：单位、账号名称、备注）"
    ]


def test_every_bad_row_is_listed_by_row_and_column(database: Database, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "bad.xlsx",
        [
            row(),  # 2: fine
            row(name="青岚教育2", **{"开设时间": "2024-13-45"}),  # 3: bad date
            row(name="青岚教育3", platform="脸书"),  # 4: unknown platform
            row(name=""),  # 5: no 账号名称
            row(),  # 6: duplicate of row 2
            row(name="青岚教育6", **{"备案编号": ""}),  # 7: running without a number
            row(name="青岚教育7", **{"状态": "暂停"}),  # 8: unknown state
            row(name="青岚教育8", **{"管理员电话": "17000000000"}),  # 9: same person, other phone
            row(name="青岚教育9", **{"开设时间": "2027-01-01"}),  # 10: opened in the future
        ],
    )
    assert rejection(database, path) == [
        "第3行，“开设时间”列：日期“2024-13-45”无法识别，应为 YYYY-MM-DD 格式（如 2026-03-01）",
        "第4行，“平台”列：未知平台“脸书”，应为：微信公众号-订阅号、微信公众号-服务号、微信视频号、微博、抖音、快手、今日头条号、小红书、"
        "哔哩哔哩、政务客户端(APP)、其他",
        "第5行，“账号名称”列：不能为空",
        "第6行，“账号名称”列：与第2行重复：同一主办单位在同一平台的账号名称不能相同",
        "第8行，“状态”列：“暂停”不是有效的取值，应为：拟开设、申请中、已批准、已开设(待备案)、运行中(已备案)、拟关停(停更公告)、"
        "已注销(待关停备案)、已关停",
        "第9行，“管理员电话”列：“吴磊”的电话为“17000000000”，与第2行“管理员电话”列的“17000000034”不一致（同一单位的同名人员视为同一人）",
        "第7行，“备案编号”列：“运行中(已备案)”的账号须填写备案编号；尚未备案的请将状态填为“已开设(待备案)”",
        "第10行，“开设时间”列：开设时间（2027-01-01）不能晚于今天",
    ]


def test_a_state_change_by_import_is_refused(county: Database, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "s.xlsx",
        [row("青岚县城关镇人民政府", "城关镇发布", "微信公众号-订阅号", **{"状态": "已关停"})],
    )
    assert rejection(county, path) == [
        "第2行，“状态”列：账号已在台账中，状态为“运行中(已备案)”，与表中“已关停”不同；状态变化请在“账号备案”页按流程办理"
    ]


def test_characters_xml_forbids_are_refused_with_their_cell(database: Database, tmp_path: Path) -> None:
    # Excel keeps such a character as _xHHHH_; another program may write it raw into the XML
    escaped = write_rows(tmp_path / "esc.xlsx", [row(name="青岚_x0001_教育")])
    assert rejection(database, escaped) == [
        "第2行，“账号名称”列：含有不可见的控制字符（U+0001），请删除后重新导入"
    ]
    raw = tmp_path / "raw.xlsx"
    with (
        zipfile.ZipFile(write_rows(tmp_path / "base.xlsx", [row(), row(name="PLACEHOLDER")])) as source,
        zipfile.ZipFile(raw, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data.replace(b"PLACEHOLDER", "青岚&#11;教育&#1;".encode()))
    assert rejection(database, raw) == [
        "第3行，“账号名称”列：含有不可见的控制字符（U+000B、U+0001），请删除后重新导入"
    ]


def test_not_an_excel_file(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_text("这不是 Excel 文件", encoding="utf-8")
    assert rejection(database, path)[0].startswith("无法读取该文件：它不是 Excel 的 .xlsx 文件")


def big_rows(count: int) -> Iterator[list[Any]]:
    for number in range(count):
        unit = f"青岚县第{number // 20}单位"
        yield row(
            unit,
            f"账号{number}",
            **{
                "管理员": f"管理员{number}",
                "备案编号": f"青政新媒〔2024〕{number}号",
                "主要负责人": f"负责人{number // 20}",
            },
        )


@pytest.mark.slow
def test_ten_thousand_rows_with_two_bad_ones_are_refused_with_exactly_those(
    database: Database, tmp_path: Path
) -> None:
    rows = list(big_rows(10_000))
    rows[7_776][2] = "脸书"  # Excel row 7,778
    rows[9_998][1] = "账号_x000B_9998"  # Excel row 10,000
    path = write_rows(tmp_path / "big.xlsx", rows)
    assert rejection(database, path) == [
        "第7778行，“平台”列：未知平台“脸书”，应为：微信公众号-订阅号、微信公众号-服务号、微信视频号、微博、抖音、快手、今日头条号、小红书、"
        "哔哩哔哩、政务客户端(APP)、其他",
        "第10000行，“账号名称”列：含有不可见的控制字符（U+000B），请删除后重新导入",
    ]


@pytest.mark.slow
def test_ten_thousand_good_rows_import(database: Database, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "big.xlsx", list(big_rows(10_000)))
    seen: list[int] = []
    with database.session() as session:
        summary = import_ledger(
            session, path, "测试员", TODAY, progress=lambda done, total, _: seen.append(done)
        )
    assert (summary.created, len(summary.units_created), summary.people_created) == (10_000, 500, 11_500)
    assert seen and seen[-1] == 10_000
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 10_000


def test_accounts_taken_over_as_cancelled_or_closed_keep_their_date_and_filing(
    database: Database, tmp_path: Path
) -> None:
    """Issue 14 item 4: 已注销 owes its 注销备案 from the date; 已关停 has it done on the date."""
    headers = [*LEDGER_HEADERS, "注销/关停日期"]
    path = write_rows(
        tmp_path / "ended.xlsx",
        [
            [*row(name="青岚教育旧号", **{"状态": "已注销(待关停备案)"}), "2026-11-16"],
            [*row(name="青岚教育停用", platform="抖音", **{"状态": "已关停"}), date(2025, 6, 30)],
        ],
        headers,
    )
    summary = do_import(database, path)
    assert "已为1个“已注销(待关停备案)”的账号登记注销日期并生成注销备案待办" in summary.describe()
    assert "已为1个“已关停”的账号登记关停日期和已办结的注销备案" in summary.describe()
    with database.session() as session:
        ended = {a.name: a for a in session.scalars(select(Account))}
        events = {e.account_id: e for e in session.scalars(select(FilingEvent))}
        cancelled, closed = ended["青岚教育旧号"], ended["青岚教育停用"]
        assert (cancelled.canceled_on, cancelled.closed_on) == (date(2026, 11, 16), None)
        assert (closed.canceled_on, closed.closed_on) == (date(2025, 6, 30), date(2025, 6, 30))
        pending, done = events[cancelled.id], events[closed.id]
        assert (pending.kind, pending.status.value, pending.due_on) == (
            FilingKind.CANCEL_FILING,
            "pending",
            date(2026, 11, 23),
        )
        assert (done.kind, done.status.value, done.completed_on) == (
            FilingKind.CANCEL_FILING,
            "done",
            date(2025, 6, 30),
        )
    out = tmp_path / "out.xlsx"
    with database.session() as session:
        export_ledger(session, out)
    exported = {r[1]: r[ALL_HEADERS.index("注销/关停日期")] for r in sheet_rows(out)[1:]}
    assert exported == {"青岚教育旧号": datetime(2026, 11, 16), "青岚教育停用": datetime(2025, 6, 30)}
    missing = write_rows(tmp_path / "missing.xlsx", [row(name="无日期", **{"状态": "已关停"})])
    with pytest.raises(ImportRejected) as refused, database.session() as session:
        import_ledger(session, missing, "测试员", TODAY)
    assert "“已关停”的账号须填写注销/关停日期" in refused.value.report()
