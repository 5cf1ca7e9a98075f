"""The Word forms read back: every filled field present, the right 类型 box ticked, blanks to fill by hand,
never "None"; the user's template wins; a merged document puts each form on its own page; one A4 page."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from gmdesk.documents.forms import FILING_TEMPLATE
from gmdesk.domain.enums import AccountState, FilingKind, PaperState, Role
from gmdesk.domain.forms_data import BLANK, FilingType
from gmdesk.domain.lifecycle import LifecycleError
from gmdesk.domain.platforms import Platform
from gmdesk.paths import forms_dir, user_forms_dir
from gmdesk.services.accounts_data import RoleAssignment
from gmdesk.services.filings_forms import FormKind, export_forms
from gmdesk.store.database import Database
from gmdesk.store.models import Account, FilingEvent
from tests.services.test_accounts_service import create, edit, make_unit, new_account

NOW = datetime(2026, 11, 20, 9, 30)


def text_of(path: Path) -> str:
    """Every paragraph of the body and of every table cell, in order."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def export(
    database: Database,
    kind: FormKind,
    ids: list[int],
    target: Path,
    merged: bool = False,
    filing_type: FilingType | None = None,
):  # type: ignore[no-untyped-def]
    with database.session() as session:
        return export_forms(
            session, kind, ids, target, merged=merged, operator="测试员", now=NOW, filing_type=filing_type
        )


@pytest.fixture
def running(database: Database) -> int:
    account_id = create(
        database,
        new_account(
            make_unit(database),
            home_url="https://weibo.com/u/7000000001",
            platform_account_id="gh_0123456789ab",
            scope="镇村动态、政策宣传",
            plan={"组织领导": "成立领导小组", "经费保障": "纳入预算"},
        ),
    )
    return account_id


def test_the_application_form_carries_every_filled_field(
    database: Database, running: int, tmp_path: Path
) -> None:
    result = export(database, FormKind.APPLICATION, [running], tmp_path / "申请表.docx")
    text = text_of(result.files[0])
    for value in (
        "新媒体平台开设申请表",
        "青岚县城关镇人民政府",
        "11430000MB1234567X",
        "乡镇",
        "县人民政府办公室",
        "城关镇发布",
        "微信公众号-订阅号",
        "gh_0123456789ab",
        "https://weibo.com/u/7000000001",
        "2025年3月3日",
        "发布本镇政务信息",
        "镇村动态、政策宣传",
        "☑自行运维",
        "☐购买服务",
        "☑是",
        "张建国",
        "党委书记",
        "17000000001",
        "李明",
        "王芳",
        "赵丽",
        "成立领导小组",
        "纳入预算",
        "主要负责人（签字）",
        "（单位盖章）",
        "（签章）",
        "填表人：赵丽",
        "联系电话：17000000002",
        "填表日期：2026年11月20日",
    ):
        assert value in text, value
    assert "None" not in text and "{{" not in text and "{%" not in text


def test_a_change_form_ticks_变更_and_lists_before_and_after(
    database: Database, running: int, tmp_path: Path
) -> None:
    with database.session() as session:
        from gmdesk.services.accounts import account_form

        roles = account_form(session, running).roles
    new_admin = tuple(
        r if r.role is not Role.ADMIN else RoleAssignment(Role.ADMIN, 0, None, "孙伟", "干部", "17000000009")
        for r in roles
    )
    event_id = edit(database, running, date(2026, 11, 18), roles=new_admin).change_event_id
    result = export(database, FormKind.FILING, [running], tmp_path / "变更.docx")
    text = text_of(result.files[0])
    assert "☐开设　☑变更　☐关停　☐注销" in text
    assert "备案编号：青政新媒〔2025〕3号" in text
    lines = text.splitlines()
    assert (
        lines[lines.index("变更日期") + 1] == "2026年11月18日" and lines[lines.index("关停情况") + 1] == "—"
    )
    assert lines[lines.index("管理员", lines.index("变更事项")) :][:3] == ["管理员", "赵丽", "孙伟"]
    assert "17000000009" in text and "None" not in text
    with database.session() as session:
        event = session.get(FilingEvent, event_id)
        assert event is not None
        assert event.paper_state is PaperState.GENERATED and event.form_path == str(result.files[0])


def test_a_closure_form_has_reason_notice_and_replacement(
    database: Database, running: int, tmp_path: Path
) -> None:
    from gmdesk.domain.lifecycle import Action, ActionInput
    from gmdesk.services.filings import perform

    with database.session() as session:
        perform(
            session,
            running,
            Action.ANNOUNCE,
            ActionInput(date(2026, 11, 2), close_reason="机构改革，账号整合", replacement_account="青岚发布"),
            "测试员",
            NOW.date(),
        )
    text = text_of(export(database, FormKind.FILING, [running], tmp_path / "关停.docx").files[0])
    assert "☐开设　☐变更　☑关停　☐注销" in text
    for value in ("机构改革，账号整合", "2026年11月2日", "青岚发布"):
        assert value in text
    lines = text.splitlines()
    # 关停/注销时间 is not the notice's date: the account has not stopped yet, so it is left to fill in
    assert lines[lines.index("关停/注销时间") + 1] == ""
    assert lines[lines.index("变更事项") + 1] == "—"


def _sign_off_row(path: Path):  # type: ignore[no-untyped-def]
    (table,) = Document(str(path)).tables
    return next(row for row in table.rows if row.cells[0].text == "单位\n意见")


def _cell_mm(row, index: int) -> float:  # type: ignore[no-untyped-def]
    """The printed width of the index-th cell of a row (merged cells are one ``w:tc``)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    tc = row._tr.findall(f"{w}tc")[index]
    return int(tc.find(f"{w}tcPr/{w}tcW").get(f"{w}w")) / 1440 * 25.4  # twentieths of a point


def test_the_signature_cells_hold_a_round_seal(database: Database, running: int, tmp_path: Path) -> None:
    """单位意见 and 主管单位审核意见 are at least 40 mm tall and about 55 mm wide (a 公章 is about 42 mm), on every
    form; the row never splits across pages."""
    paths = [export(database, FormKind.APPLICATION, [running], tmp_path / "a.docx").files[0]]
    for wanted in FilingType:
        paths.append(
            export(
                database, FormKind.FILING, [running], tmp_path / f"{wanted.value}.docx", filing_type=wanted
            ).files[0]
        )
    for path in paths:
        row = _sign_off_row(path)
        assert row.height is not None and row.height.mm >= 40, path.name
        assert row.cells[3].text == "主管单位\n审核意见"
        assert _cell_mm(row, 1) >= 50 and _cell_mm(row, 3) >= 50, path.name
        assert (
            row._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit")
            is not None
        )


def test_cells_that_do_not_apply_print_a_dash(database: Database, running: int, tmp_path: Path) -> None:
    opening = text_of(
        export(database, FormKind.FILING, [running], tmp_path / "o.docx", filing_type=FilingType.OPEN).files[
            0
        ]
    ).splitlines()
    assert opening[opening.index("关停/注销时间") + 1] == "—"  # no closing on an 开设 form
    assert opening[opening.index("变更事项") + 1] == "—" and opening[opening.index("关停情况") + 1] == "—"
    assert opening[opening.index("运维单位") + 1] == "—"  # 自行运维
    assert "停更公告" not in "\n".join(opening)  # the closing rows gave their room to the signatures


def test_blank_values_leave_lines_to_fill_by_hand(database: Database, tmp_path: Path) -> None:
    bare = create(
        database,
        new_account(
            make_unit(database),
            AccountState.PROPOSED,
            opened_on=None,
            roles=(),
            verified_entity="",
            purpose="",
        ),
    )
    text = text_of(export(database, FormKind.APPLICATION, [bare], tmp_path / "a.docx").files[0])
    assert f"填表人：{BLANK}" in text and f"联系电话：{BLANK}" in text
    assert "None" not in text
    # the explicitly asked 类型 is ticked even without an event, with empty rows for the changes
    text = text_of(
        export(database, FormKind.FILING, [bare], tmp_path / "c.docx", filing_type=FilingType.CHANGE).files[0]
    )
    assert "☑变更" in text and "None" not in text


def test_a_name_with_characters_xml_forbids_still_exports(database: Database, tmp_path: Path) -> None:
    account_id = create(database, new_account(make_unit(database)))
    with database.session() as session:  # as an old file or another program may have stored it
        account = session.get(Account, account_id)
        assert account is not None
        account.name, account.purpose = "城关\x01镇\x1b发布", "宗旨\x0b第二行"
    path = export(database, FormKind.FILING, [account_id], tmp_path / "f.docx").files[0]
    text = text_of(path)
    assert "城关镇发布" in text and "宗旨 第二行" in text
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml")
    assert b"\x01" not in xml and b"\x1b" not in xml and b"\x0b" not in xml


def test_text_typed_with_control_characters_is_saved_clean(database: Database) -> None:
    account_id = create(database, new_account(make_unit(database), name="城关\x07镇发布"))
    with database.session() as session:
        assert session.get(Account, account_id).name == "城关镇发布"  # type: ignore[union-attr]


def test_the_official_look(database: Database, running: int, tmp_path: Path) -> None:
    path = export(database, FormKind.FILING, [running], tmp_path / "f.docx").files[0]
    document = Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 25 and round(section.top_margin.mm) == 15
    with zipfile.ZipFile(path) as archive:
        settings = archive.read("word/settings.xml").decode()
    assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings  # 是否认证 etc. in Chinese glyphs
    (table,) = document.tables
    borders = table._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblBorders"
    )
    assert borders is not None and len(borders) == 6
    fonts = {
        s.name: s.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        for s in document.styles
        if s.name in ("表格标签", "表格内容")
    }
    assert fonts == {"表格标签": "宋体", "表格内容": "仿宋_GB2312"}
    with zipfile.ZipFile(path) as archive:
        font_table = archive.read("word/fontTable.xml").decode()
    assert 'w:name="仿宋_GB2312"' in font_table and 'w:altName w:val="仿宋"' in font_table


def test_the_template_in_the_users_folder_wins(database: Database, running: int, tmp_path: Path) -> None:
    restyled = Document(str(forms_dir() / FILING_TEMPLATE))
    restyled.paragraphs[0].runs[0].text = "青岚县新媒体平台备案登记表（本县格式）"
    user_forms_dir().mkdir(parents=True, exist_ok=True)
    restyled.save(str(user_forms_dir() / FILING_TEMPLATE))
    text = text_of(export(database, FormKind.FILING, [running], tmp_path / "f.docx").files[0])
    assert "青岚县新媒体平台备案登记表（本县格式）" in text and "城关镇发布" in text


def test_a_selection_gives_one_file_each_or_one_merged_document(database: Database, tmp_path: Path) -> None:
    unit_id = make_unit(database)
    ids = [
        create(database, new_account(unit_id, platform=p))
        for p in (Platform.WEIBO, Platform.DOUYIN, Platform.KUAISHOU)
    ]
    folder = tmp_path / "forms"
    folder.mkdir()
    each = export(database, FormKind.FILING, ids, folder)
    assert {p.name for p in folder.iterdir()} == {
        "城关镇发布（快手）-新媒体平台备案登记表-开设.docx",
        "城关镇发布（微博）-新媒体平台备案登记表-开设.docx",
        "城关镇发布（抖音）-新媒体平台备案登记表-开设.docx",
    }
    assert len(each.files) == 3
    merged = export(database, FormKind.APPLICATION, ids, tmp_path / "合并.docx", merged=True)
    assert merged.files == [tmp_path / "合并.docx"]
    document = Document(str(tmp_path / "合并.docx"))
    titles = [p for p in document.paragraphs if p.text == "新媒体平台开设申请表"]
    assert len(titles) == 3 and len(document.tables) == 3
    breaks = [
        p
        for p in titles
        if p._p.pPr is not None
        and p._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pageBreakBefore")
        is not None
    ]
    assert len(breaks) == 2
    assert [t.rows[3].cells[1].text for t in document.tables] == ["城关镇发布"] * 3


def test_exporting_nothing_or_a_deleted_account_is_refused(database: Database, tmp_path: Path) -> None:
    with pytest.raises(LifecycleError, match="请先选择账号"):
        export(database, FormKind.FILING, [], tmp_path / "x.docx")
    with pytest.raises(LifecycleError, match="已被删除"):
        export(database, FormKind.FILING, [999], tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None, reason="LibreOffice is not installed"
)
def test_a_typical_form_is_one_a4_page_in_libreoffice(
    database: Database, running: int, tmp_path: Path
) -> None:
    from tests.services.test_accounts_service import edit as edit_account

    edit_account(database, running, name="城关发布")
    paths = [
        export(database, FormKind.APPLICATION, [running], tmp_path / "apply.docx").files[0],
        export(database, FormKind.FILING, [running], tmp_path / "filing.docx").files[0],
    ]
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for path in paths:
        info = subprocess.run(
            ["pdfinfo", str(path.with_suffix(".pdf"))], capture_output=True, text=True, check=True
        ).stdout
        assert "Pages:           1" in info, path.name
        assert "pts (A4)" in info


def test_account_kinds_on_the_filing(database: Database, running: int) -> None:
    with database.session() as session:
        assert session.scalar(select(Account.state)) is AccountState.RUNNING
        assert session.scalars(select(FilingEvent)).all() == []
    assert FilingKind.OPEN_FILING.label == "开设备案"
