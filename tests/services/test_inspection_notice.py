"""The quarterly 检查情况通报 read back from its .docx: 版头 with the 文号, 主送 every unit, the units' figures adding up
to the county's, the ranking, the problems naming units and accounts, the deadline in working days, the
落款 — and the next notice's 文号 following it; the office's order of units in the report and the notice."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document

from gmdesk.domain.errors import UserError
from gmdesk.domain.official_text import has_iso_date
from gmdesk.domain.report_period import quarter_period, year_period
from gmdesk.services import inspection_reports, settings
from gmdesk.services.inspection_notice import NoticeRequest, generate_notice, notice_defaults
from gmdesk.services.unit_order import reset_unit_order, save_unit_order, units_in_order
from gmdesk.store.database import Database
from tests.services.inspection_data import NOW, County, build_county


@pytest.fixture
def county(database: Database) -> County:
    county = build_county(database)
    with database.session() as session:
        settings.put(session, settings.SUPERVISOR_NAME, "青岚县人民政府办公室")
        settings.put(session, settings.DOCUMENT_CODE, "青政办")
    return county


def test_the_notice_of_a_quarter(database: Database, county: County, tmp_path: Path) -> None:
    path = tmp_path / "通报.docx"
    with database.session() as session:
        result = generate_notice(
            session, NoticeRequest(quarter_period(2025, 1), signed_on=date(2026, 2, 27)), path, "张三", NOW
        )
    notice = result.notice
    paragraphs = [p.text for p in Document(str(path)).paragraphs]
    assert paragraphs[0] == "青岚县人民政府办公室" and "青政办〔2026〕1号" in paragraphs
    title = paragraphs.index(
        "关于2025年第一季度全县\n政务新媒体检查情况的通报"
    )  # broken where the words allow
    assert paragraphs[title + 2] == "县直各有关单位："  # 主送: the county's units are all 部门 here
    assert not [p for p in paragraphs if has_iso_date(p)]
    # the units' figures add up to the county's, in the office's order, ranked
    table = Document(str(path)).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows] == ["青岚县第一单位", "青岚县第二单位"]
    assert sum(int(r[3]) for r in rows) == notice.posts and sum(int(r[2]) for r in rows) == notice.accounts
    assert sorted(r[7] for r in rows) == ["1", "2"]
    # each problem names its unit and account, with what to do and by when (10 working days)
    problems = "\n".join(paragraphs[paragraphs.index("二、存在问题") : paragraphs.index("三、整改要求")])
    assert "1.青岚县第一单位“乙发布”：" in problems and "青岚县第二单位“丙发布”" in problems
    assert notice.deadline == date(2026, 3, 12)  # Saturday 28 February 2026 is a 调休 working day
    assert any(
        "于2026年3月12日前（10个工作日内）将整改情况书面报送青岚县人民政府办公室" in p for p in paragraphs
    )
    signed = paragraphs.index("2026年2月27日")
    assert paragraphs[signed - 1] == "青岚县人民政府办公室"
    # kept with the reports, not among the self-inspection reports; the next 文号 follows
    with database.session() as session:
        assert inspection_reports.history(session) == []
        assert notice_defaults(session, quarter_period(2025, 2), NOW.date()).number == "青政办〔2026〕2号"
        with pytest.raises(UserError, match="整改时限"):
            generate_notice(session, NoticeRequest(quarter_period(2025, 1), workdays=0), path, "张三", NOW)


def test_the_office_orders_its_units(database: Database, county: County, tmp_path: Path) -> None:
    now = datetime(2026, 3, 1, 10)
    with database.session() as session:
        assert [u.name for u in units_in_order(session)] == ["青岚县第一单位", "青岚县第二单位"]
        save_unit_order(session, [county.second_unit, county.first_unit], "张三", now)
    with database.session() as session:
        assert [(u.name, u.placed) for u in units_in_order(session)] == [
            ("青岚县第二单位", True),
            ("青岚县第一单位", True),
        ]
        generated = inspection_reports.generate(
            session,
            inspection_reports.ReportRequest(year_period(2025)),
            tmp_path / "r.docx",
            None,
            "张三",
            now,
        )
        assert generated.inspection.accounts[0].unit == "青岚县第二单位"
        with pytest.raises(UserError, match="单位列表已变化"):
            save_unit_order(session, [county.first_unit], "张三", now)
        reset_unit_order(session, "张三", now)
    with database.session() as session:
        assert [u.placed for u in units_in_order(session)] == [False, False]
