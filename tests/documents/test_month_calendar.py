"""The printable month calendar: landscape A4, a cell per day with holidays shaded and named, read back."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from gmdesk.documents.month_calendar import PrintedDay, PrintedMonth, write_month_calendar


def month(first: date, days: list[PrintedDay]) -> PrintedMonth:
    return PrintedMonth(
        "2026年10月 发布日历",
        "青岚发布（微信公众号-订阅号 · 县政府办）",
        first,
        days,
        "图例",
        "打印日期：2026-11-20",
        date(2026, 11, 20),
    )


def test_a_month_on_one_landscape_page(tmp_path: Path) -> None:
    first = date(2026, 10, 1)
    days = [
        PrintedDay(
            first + timedelta(days=n),
            "holiday" if n < 7 else "workday",
            "国庆节" if n < 7 else "",
            "已发2",
            ("08:00✓县政府常务会议", "20:00○冬季供暖指南"),
        )
        for n in range(31)
    ]
    days[9] = PrintedDay(
        date(2026, 10, 10),
        "adjusted_workday",
        "国庆节调休上班",
        "已发1",
        ("⚠ 青岚发布 未达每7天1条",),
        alert=True,
        notes=("县委全会",),
    )
    path = write_month_calendar(tmp_path / "月历.docx", month(first, days))
    document = Document(str(path))
    section = document.sections[0]
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    assert [p.text for p in document.paragraphs[:2]] == [
        "2026年10月 发布日历",
        "青岚发布（微信公众号-订阅号 · 县政府办）",
    ]
    table = document.tables[0]
    assert len(table.rows) == 1 + 5  # October 2026 spans five weeks (Mon 28 Sep — Sun 1 Nov)
    first_week = [c.text for c in table.rows[1].cells]
    assert first_week[0] == "28" and first_week[3].startswith("1  国庆节")  # 1 Oct is a Thursday
    tenth = table.rows[2].cells[5]
    assert (
        "国庆节调休上班" in tenth.text
        and "⚠ 青岚发布 未达每7天1条" in tenth.text
        and "【备注】县委全会" in tenth.text
    )
    fills = [c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for c in (table.rows[1].cells[3], tenth)]
    assert fills == ["FBE3E1", "E3EEFA"]  # holiday red, 调休 blue
    assert "图例" in document.paragraphs[-1].text


def test_long_days_are_cut_with_a_count(tmp_path: Path) -> None:
    first = date(2026, 11, 1)
    busy = [
        PrintedDay(
            first + timedelta(days=n), "workday", "", "已发9", tuple(f"0{h}:00✓第{h}条" for h in range(9))
        )
        for n in range(30)
    ]
    document = Document(str(write_month_calendar(tmp_path / "m.docx", month(first, busy))))
    cell = document.tables[0].rows[1].cells[6]  # Sunday 1 November
    assert "……还有5条" in cell.text
