"""The report as the office signs it, read back from the .docx and .xlsx (issue 13): figures as of the period's
end that add up, the 落款 and a real 成文日期 laid out per GB/T 9704, one 整改 row per problem, no ISO dates in the
body, the attached table on its own page titled by the period, page numbers on the right side of each page,
the Excel appendix with numbers and dates stored as such — and, where LibreOffice is installed, no blank page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import load_workbook

from gmdesk.domain.enums import AccountState, MessageCategory, MessageState
from gmdesk.domain.inspection import Narrative
from gmdesk.domain.official_text import display_width, has_iso_date
from gmdesk.domain.platforms import Platform
from gmdesk.domain.report_period import quarter_period, year_period
from gmdesk.services import inspection_reports as reports
from gmdesk.services import settings
from gmdesk.store.database import Database
from gmdesk.store.models import Account, Message
from tests.services.inspection_data import NOW, County, build_county

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def generate(
    database: Database,
    path: Path,
    period=None,
    unit_id: int | None = None,  # type: ignore[no-untyped-def]
    narrative: Narrative | None = None,
    xlsx: Path | None = None,
) -> reports.Generated:
    request = reports.ReportRequest(period or year_period(2025), unit_id, narrative or Narrative())
    with database.session() as session:
        return reports.generate(session, request, path, xlsx, "张三", NOW)


def body_paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


@pytest.fixture
def county(database: Database) -> County:
    county = build_county(database)
    with database.session() as session:
        settings.put(session, settings.SUPERVISOR_NAME, "青岚县人民政府办公室")
        settings.put(session, settings.REPORT_RECIPIENT, "云江市人民政府办公室")
        settings.put(session, settings.CURRENT_OPERATOR, "黎娜")
        settings.put(session, settings.OPERATOR_PHONE, "0871-6123456")
        # answered in January and refused in January: both were still open on 31 December
        for day, state, answered, closed in (
            (date(2025, 12, 29), MessageState.ANSWERED, datetime(2026, 1, 6, 10), None),
            (date(2025, 12, 30), MessageState.REJECTED, None, datetime(2026, 1, 5, 9)),
        ):
            session.add(
                Message(
                    account_id=county.wu,
                    received_at=datetime.combine(day, datetime.min.time()),
                    writer_name="网友",
                    content="请问",
                    category=MessageCategory.CONSULT,
                    state=state,
                    answer_due=datetime(2026, 1, 8, 18),
                    answered_at=answered,
                    closed_at=closed,
                    dedupe_key=f"late-{day}",
                )
            )
    return county


def test_the_reply_figures_stand_as_on_the_last_day_and_add_up(
    database: Database, county: County, tmp_path: Path
) -> None:
    result = generate(database, tmp_path / "r.docx")
    r = result.inspection.replies
    assert r.received == r.answered + r.rejected + r.still_open
    assert (r.received, r.still_open) == (7, 3)  # 甲's June message and the two of late December
    text = "\n".join(body_paragraphs(tmp_path / "r.docx"))
    assert (
        f"共收到网民留言{r.received}条，截至2025年12月31日，已答复{r.answered}条，不予受理{r.rejected}条，"
        f"仍在办理{r.still_open}条" in text
    )


def test_the_signature_names_the_office_and_a_real_date_laid_out_per_gbt_9704(
    database: Database, county: County, tmp_path: Path
) -> None:
    path = tmp_path / "r.docx"
    generate(database, path, narrative=Narrative(unit_head="张主任", signed_on=date(2026, 1, 20)))
    document = Document(str(path))
    paragraphs = document.paragraphs
    assert paragraphs[2].text == "云江市人民政府办公室："  # 主送机关 under the title
    date_at = next(i for i, p in enumerate(paragraphs) if p.text == "2026年1月20日")
    organ, when, note = paragraphs[date_at - 1], paragraphs[date_at], paragraphs[date_at + 1]
    assert organ.text == "青岚县人民政府办公室" and "（盖章）" not in organ.text
    assert organ.alignment == when.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert when.paragraph_format.right_indent.pt == pytest.approx(4 * 16)  # 右空四字
    # the organ's centre is over the date's centre
    centre_organ = organ.paragraph_format.right_indent.pt + display_width(organ.text) * 16 / 2
    centre_date = when.paragraph_format.right_indent.pt + display_width(when.text) * 16 / 2
    assert centre_organ == pytest.approx(centre_date)
    assert [p.text for p in paragraphs[date_at - 3 : date_at - 1]] == ["", ""]  # room for the seal
    assert (
        note.text == "（单位负责人：张主任，填报人：黎娜，联系电话：0871-6123456）"
    )  # 附注, from the operator
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[date_at - 4 : date_at])

    unit = tmp_path / "unit.docx"
    generate(database, unit, unit_id=county.second_unit)
    texts = body_paragraphs(unit)
    assert texts[2] == "青岚县人民政府办公室："  # a unit reports to the supervising office…
    assert (
        texts[texts.index(f"{NOW.year}年{NOW.month}月{NOW.day}日") - 1] == "青岚县第二单位"
    )  # …and signs itself


def test_every_problem_has_its_整改_row_and_the_body_has_no_iso_date(
    database: Database, county: County, tmp_path: Path
) -> None:
    path = tmp_path / "r.docx"
    result = generate(database, path)
    texts = body_paragraphs(path)
    assert not [t for t in texts if has_iso_date(t)]
    assert not [t for t in texts if "(" in t or ")" in t]  # full-width brackets in Chinese text
    problems = texts[texts.index("六、存在问题") : texts.index("七、整改情况")]
    items = [t for t in problems if re.match(r"^\d+\.", t)]
    assert len(items) == len(result.inspection.findings) and all(t.endswith("。") for t in items)
    plans = next(t for t in Document(str(path)).tables if t.rows[0].cells[2].text == "整改措施")
    rows = plans.rows[1:]
    assert len(rows) == len(result.inspection.findings)
    for row, finding in zip(rows, result.inspection.findings, strict=True):
        assert row.cells[1].text.startswith(f"{finding.account}：")
        assert row.cells[2].text and row.cells[3].text and "日前" in row.cells[4].text and row.cells[5].text
    # the drafted next steps answer the problems found
    steps = texts[texts.index("八、下一步工作安排") + 1 :]
    assert steps[0].startswith("一是针对") and "2个账号更新不及时" in "".join(steps)
    # the account table says each account's state
    accounts = next(t for t in Document(str(path)).tables if t.rows[0].cells[1].text == "账号名称")
    assert accounts.rows[0].cells[10].text == "状态" and {r.cells[10].text for r in accounts.rows[1:]} == {
        "运行中",
        "已关停",
    }


def test_a_unit_without_problems_promises_no_整改(database: Database, county: County, tmp_path: Path) -> None:
    path = tmp_path / "unit.docx"
    with database.session() as session:  # 戊发布 alone passes
        for account_id in (county.bing,):
            session.get(Account, account_id).unit_id = county.first_unit  # type: ignore[union-attr]
    result = generate(database, path, unit_id=county.second_unit)
    assert not result.inspection.findings
    texts = body_paragraphs(path)
    assert "本次自查未发现需要整改的问题。" in texts
    after = "\n".join(texts[texts.index("八、下一步工作安排") :])
    assert "整改" not in after.split("附件")[0]


def test_the_attached_table_starts_its_own_page_and_is_named_by_the_period(
    database: Database, county: County, tmp_path: Path
) -> None:
    with database.session() as session:  # a 视频号 is not a 公众号: it goes under 其他
        session.add(
            Account(
                unit_id=county.first_unit,
                name="甲视频",
                platform=Platform.WECHAT_CHANNELS,
                state=AccountState.RUNNING,
                opened_on=date(2024, 1, 1),
            )
        )
    year, quarter = tmp_path / "year.docx", tmp_path / "q1.docx"
    generate(database, year)
    generate(database, quarter, quarter_period(2025, 1))
    for path, title in (
        (year, "青岚县2025年度报表（移动新媒体部分）"),
        (quarter, "青岚县2025年第一季度政务新媒体信息发布情况表"),
    ):
        document = Document(str(path))
        paragraphs = document.paragraphs
        label = next(p for p in paragraphs if p.text == "附件")
        assert label.paragraph_format.page_break_before
        assert paragraphs[paragraphs.index(label) + 2].text.replace("\n", "") == title
        assert f"附件：{title}" in [p.text for p in paragraphs]
        assert "w:br" not in "".join(p._p.xml for p in paragraphs if 'w:type="page"' in p._p.xml)
    wechat = next(t for t in Document(str(year)).tables if t.rows[0].cells[1].text == "类型")
    assert [r.cells[1].text for r in wechat.rows[1:]] == ["订阅号", "服务号"]
    others = next(t for t in Document(str(year)).tables if t.rows[0].cells[1].text == "平台")
    assert "甲视频" in [r.cells[0].text for r in others.rows[1:]]


def test_page_numbers_and_the_line_grid(database: Database, county: County, tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    generate(database, path)
    document = Document(str(path))
    assert document.settings.odd_and_even_pages_header_footer
    first = document.sections[0]
    odd, even = first.footer.paragraphs[0], first.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent.pt == 14
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent.pt == 14
    assert "PAGE" in odd._p.xml and "PAGE" in even._p.xml
    for section in document.sections:  # 7 mm below the text block, landscape pages too
        line_top = section.page_height - section.footer_distance - odd.paragraph_format.line_spacing
        text_bottom = section.page_height - section.bottom_margin
        assert (line_top - text_bottom) / 36000 == pytest.approx(7, abs=0.1)
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"  # 22 lines a page
    spacing = document.styles["Normal"].element.rPr.find(qn("w:spacing"))
    assert int(spacing.get(qn("w:val"))) == -5  # 28 characters of 三号 on 156 mm
    settings_xml = document.settings.element.xml
    assert 'w:eastAsia="zh-CN"' in settings_xml and "ja-JP" not in settings_xml


def test_the_excel_appendix_stores_numbers_dates_and_names(
    database: Database, county: County, tmp_path: Path
) -> None:
    xlsx = tmp_path / "附件.xlsx"
    result = generate(database, tmp_path / "r.docx", xlsx=xlsx)
    workbook = load_workbook(xlsx)
    accounts = workbook["账号情况"]
    header = [c.value for c in accounts[1]]
    assert "得分" not in header  # the national vetoes score nothing
    jia = next(row for row in accounts.iter_rows(min_row=2) if row[1].value == "甲发布")
    rate = jia[header.index("原创率")]
    assert isinstance(rate.value, float) and rate.number_format == "0.0%"
    opened = jia[header.index("开设时间")]
    assert opened.value == datetime(2024, 1, 1) and opened.number_format == "yyyy-mm-dd"
    problems = workbook["存在问题"]
    names = [c.value for c in problems["B"][1:]]
    assert "内容不更新" in names and not any(n and re.fullmatch(r"[A-Z_]+", n) for n in names)
    assert [c.value for c in problems[1]][-4:] == ["整改措施", "责任人", "整改时限", "整改状态"]
    assert problems.max_row - 1 == len(result.inspection.findings)
    assert all(problems.cell(row, 8).value for row in range(2, problems.max_row + 1))  # each with its 措施
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler is not installed",
)
def test_no_page_is_blank_in_libreoffice(database: Database, county: County, tmp_path: Path) -> None:
    paths = [tmp_path / "year.docx", tmp_path / "q4.docx"]
    generate(database, paths[0])
    generate(database, paths[1], quarter_period(2025, 4))
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
        timeout=170,
    )
    for path in paths:
        pdf = path.with_suffix(".pdf")
        pages = int(
            re.search(
                r"Pages:\s+(\d+)",
                subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout,
            )[1]
        )  # type: ignore[index]
        for page in range(1, pages + 1):
            text = subprocess.run(
                ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            words = re.sub(rf"[—\s]|\b{page}\b", "", text)
            assert words, f"{path.name}: page {page} has nothing but its number"
