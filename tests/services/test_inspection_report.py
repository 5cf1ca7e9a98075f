"""The Word report and Excel appendices read back: figures equal to the database's (counted here with our own
SQL, not by the engine), the §6 sections in order, official margins and fonts, images, masking; reports kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, Pt
from openpyxl import load_workbook
from sqlalchemy import text

from gmdesk.documents.self_inspection_report import SECTIONS
from gmdesk.domain.errors import UserError
from gmdesk.domain.inspection import Narrative
from gmdesk.domain.report_period import year_period
from gmdesk.services import inspection_reports as reports
from gmdesk.store.database import Database
from tests.services.inspection_data import NOW, build_county

NARRATIVE = Narrative(
    next_steps="一是落实整改台账。\n二是每周巡查。",
    remarks="数据来自台账系统。",
    unit_head="张主任",
    reviewer="李审核",
    preparer="王填报",
    phone="0871-6543210",
    signed_on=date(2026, 1, 20),
)


def scalar(database: Database, sql: str, **params: object) -> int:
    with database.session() as session:
        return int(session.execute(text(sql), params).scalar() or 0)


IN_PERIOD = (
    "SELECT id FROM accounts WHERE opened_on IS NOT NULL AND opened_on <= '2025-12-31' "
    "AND coalesce(canceled_on, closed_on, '9999-12-31') >= '2025-01-01'"
)


def east_asian(run) -> str:  # type: ignore[no-untyped-def]
    fonts = run._element.rPr.rFonts
    return fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


@pytest.fixture
def generated(database: Database, tmp_path: Path) -> reports.Generated:
    build_county(database)
    request = reports.ReportRequest(year_period(2025), None, NARRATIVE)
    with database.session() as session:
        return reports.generate(
            session, request, tmp_path / "自查报告.docx", tmp_path / "附件.xlsx", "张三", NOW
        )


def test_word_report_figures_sections_and_style(
    database: Database, generated: reports.Generated, tmp_path: Path
) -> None:
    document = Document(str(tmp_path / "自查报告.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    body = "\n".join(paragraphs)

    # figures counted independently from the database
    posts = scalar(
        database,
        f"SELECT count(*) FROM posts WHERE status = 'published' AND at >= '2025-01-01' "
        f"AND at < '2026-01-01' AND account_id IN ({IN_PERIOD})",
    )
    originals = scalar(
        database,
        f"SELECT count(*) FROM posts WHERE status = 'published' AND kind = 'original' "
        f"AND at >= '2025-01-01' AND at < '2026-01-01' AND account_id IN ({IN_PERIOD})",
    )
    received = scalar(
        database,
        "SELECT count(*) FROM messages WHERE received_at >= '2025-01-01' AND received_at < '2026-01-01'",
    )
    on_time = scalar(
        database,
        "SELECT count(*) FROM messages WHERE answered_at <= answer_due "
        "AND answer_due >= '2025-01-01' AND answer_due < '2026-01-01'",
    )
    accounts = scalar(database, f"SELECT count(*) FROM ({IN_PERIOD}) AS in_period")
    assert (posts, originals, received, on_time, accounts) == (115, 22, 5, 3, 4)  # the hand count agrees
    assert f"共发布信息{posts}条，其中原创信息{originals}条，原创率{originals / posts * 100:.1f}%" in body
    assert f"共收到网民留言{received}条" in body and f"按期答复{on_time}条" in body
    assert f"开设运行政务新媒体账号{accounts}个" in body
    assert "最长连续265天未更新（乙发布）" in body

    # the sections of §6 in order, then the clerk's text and the sign-off
    positions = [next(i for i, t in enumerate(paragraphs) if t.strip() == heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    assert paragraphs[0] == "青岚县2025年度政务新媒体自查报告"
    assert "二是每周巡查。" in paragraphs and "备注：数据来自台账系统。" in paragraphs
    assert any("单位负责人：张主任" in t and "审核人：李审核" in t for t in paragraphs)
    assert any("填报人：王填报" in t and "联系电话：0871-6543210" in t for t in paragraphs)
    assert "2026年1月20日" in paragraphs and "青岚县2025年度报表（移动新媒体部分）" in paragraphs
    problems = "\n".join(paragraphs[positions[5] : positions[6]])
    assert "2.乙发布：统计期内2次连续14天以上未更新" in problems and "戊发布" not in problems

    # the account table: one row per account open in the period, with its ledger data
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "账号名称")
    names = [row.cells[1].text for row in table.rows[1:]]
    assert names == [
        "甲发布",
        "乙发布",
        "戊发布",
        "丙发布",
    ]  # units, then platforms in order; 丁发布 never open
    jia = next(row for row in table.rows[1:] if row.cells[1].text == "甲发布")
    assert [jia.cells[i].text for i in (3, 6, 9, 10, 11)] == [
        "gh_jia",
        "2024年\n1月1日",
        "青政新媒\n〔2024〕001号",
        "运行中",
        "1000",
    ]
    rectification = next(t for t in document.tables if t.rows[0].cells[2].text == "整改措施")
    assert len(rectification.rows) - 1 == len(generated.inspection.findings)  # one row per problem found
    yi = next(r for r in rectification.rows[1:] if r.cells[1].text.startswith("乙发布：内容不更新"))
    assert yi.cells[2].text == "制定发布计划" and yi.cells[3].text == "张三"  # from its 整改台账 item
    assert yi.cells[4].text == "2025年\n6月15日前" and yi.cells[5].text == "待整改"

    # the official style: A4, margins 37/35/28/26 mm on every section, fonts and sizes
    for section in document.sections:
        size = sorted((section.page_width, section.page_height))
        assert abs(size[0] - Mm(210)) < Mm(0.1) and abs(size[1] - Mm(297)) < Mm(0.1)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert all(abs(got - Mm(want)) < Mm(0.1) for got, want in zip(margins, (37, 35, 28, 26), strict=True))
    assert any(s.page_width > s.page_height for s in document.sections)  # the account table lies landscape
    title = document.paragraphs[0].runs[0]
    assert east_asian(title) == "方正小标宋简体" and title.font.size == Pt(22)
    heading = next(p for p in document.paragraphs if p.text == SECTIONS[0]).runs[0]
    assert east_asian(heading) == "黑体" and heading.font.size == Pt(16)
    subheading = next(p for p in document.paragraphs if p.text.startswith("（一）")).runs[0]
    assert east_asian(subheading) == "楷体_GB2312"
    text_run = next(p for p in document.paragraphs if p.text.startswith("统计期内共发布信息")).runs[0]
    assert east_asian(text_run) == "仿宋_GB2312" and text_run.font.size == Pt(16)
    assert "PAGE" in document.sections[0].footer._element.xml

    # the charts are embedded images
    assert len(document.inline_shapes) == 2
    assert all(shape.width > Mm(100) for shape in document.inline_shapes)


def test_excel_appendices(generated: reports.Generated, tmp_path: Path) -> None:
    workbook = load_workbook(tmp_path / "附件.xlsx", read_only=True)
    assert workbook.sheetnames == ["账号情况", "月度发布", "留言明细", "存在问题", "年度报表"]
    accounts = list(workbook["账号情况"].iter_rows(values_only=True))
    header = accounts[0]
    yi = next(r for r in accounts[1:] if r[1] == "乙发布")
    assert yi[header.index("最长未更新(天)")] == 265 and yi[header.index("评议结果")] == "不合格"
    assert "内容不更新（单项否决）" in yi[header.index("存在问题")]
    monthly = list(workbook["月度发布"].iter_rows(values_only=True))
    assert monthly[0][3] == "1月" and monthly[0][-1] == "合计"
    assert sum(r[-1] for r in monthly[1:]) == 115
    cases = list(workbook["留言明细"].iter_rows(values_only=True))
    assert len(cases) == 1 + 4  # the 保密 message stays in the database
    contacts = [r[7] for r in cases[1:]]
    assert "13812345678" not in contacts and any(c and "****" in c for c in contacts)
    assert all("13812345678" not in (r[8] or "") for r in cases[1:])
    assert generated.confidential_left_out == 1
    annual = list(workbook["年度报表"].iter_rows(values_only=True))
    assert ("微博", "乙发布", "微博", 3, 200) in annual and (
        "微信",
        "戊发布",
        "微信公众号-服务号",
        73,
        3000,
    ) in annual
    problems = list(workbook["存在问题"].iter_rows(values_only=True))
    assert len(problems) - 1 == len(generated.inspection.findings)


def test_reports_are_kept_and_regenerated(
    database: Database, generated: reports.Generated, tmp_path: Path
) -> None:
    with database.session() as session:
        (kept,) = reports.history(session)
    assert kept.title == "青岚县2025年度政务新媒体自查报告" and kept.scope == "全县"
    assert kept.narrative.next_steps == NARRATIVE.next_steps and kept.narrative.organisation == "青岚县"
    assert kept.figures["posts"] == 115 and kept.figures["failed"] == 3 and kept.operator == "张三"
    assert kept.docx_path.endswith("自查报告.docx") and kept.xlsx_path.endswith("附件.xlsx")

    # regenerate with a changed narrative into a new file: the same record, the new text
    changed = Narrative(**{**kept.narrative.__dict__, "next_steps": "三是加强培训。"})
    with database.session() as session:
        again = reports.regenerate(
            session, kept.id, "李四", NOW, narrative=changed, docx_path=tmp_path / "新.docx"
        )
    assert again.record.id == kept.id
    assert "三是加强培训。" in [p.text for p in Document(str(tmp_path / "新.docx")).paragraphs]
    with database.session() as session:
        (only,) = reports.history(session)
        assert only.narrative.next_steps == "三是加强培训。" and only.operator == "李四"
        assert only.docx_path.endswith("新.docx")
        with pytest.raises(UserError, match="不存在"):
            reports.get(session, 999)


def test_one_unit_report_without_appendix(database: Database, tmp_path: Path) -> None:
    county = build_county(database)
    with database.session() as session:
        unit = reports.resolve_unit(session, "二单位")
        assert unit == county.second_unit
        result = reports.generate(
            session, reports.ReportRequest(year_period(2025), unit), tmp_path / "单位.docx", None, "张三", NOW
        )
    body = "\n".join(p.text for p in Document(str(tmp_path / "单位.docx")).paragraphs)
    assert result.record.title == "青岚县第二单位2025年度政务新媒体自查报告"
    assert "共发布信息75条" in body and "甲发布" not in body
    assert not (tmp_path / "单位.xlsx").exists() and result.record.xlsx_path == ""
    with database.session() as session, pytest.raises(UserError, match="没有名为“第九单位”的单位"):
        reports.resolve_unit(session, "第九单位")
