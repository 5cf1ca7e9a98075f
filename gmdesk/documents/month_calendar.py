"""A printable month calendar (Word, landscape A4): one account's posts by title, or every account's counts
and the rules that break, with holidays and 调休 days shaded and named and the notes of each day.

The input is plain data built by the service; python-docx is imported only when a calendar is written.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

# Imports inside functions keep python-docx out of start-up (services.posts_print imports this at its top).

WEEKDAY_HEADERS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
MAX_LINES = 4
"""Lines of posts or risks a cell holds before ``还有N条``."""

SHADE = {"holiday": "FBE3E1", "weekend": "F1F3F5", "adjusted": "E3EEFA", "today": "FFF6D6"}
RED, BLUE, GREY, DARK = "B3261E", "1F5FA8", "6B7480", "1D2733"


@dataclass(frozen=True)
class PrintedDay:
    day: date
    kind: str
    """``workday``, ``weekend``, ``holiday`` or ``adjusted_workday`` (DayKind values)."""
    label: str = ""
    summary: str = ""
    """``已发4 · 计划2`` and the like."""
    lines: tuple[str, ...] = ()
    """Posts (``08:00 ✓ 标题``) or risks (``⚠ 青岚医保 连续14个自然日未更新``)."""
    alert: bool = False
    """A rule breaks that day: the summary prints in red."""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrintedMonth:
    title: str
    """``2026年11月 发布日历``."""
    subtitle: str
    """The scope: an account with its platform and unit, or 全部账号."""
    month: date
    days: Sequence[PrintedDay]
    legend: str = ""
    footer: str = ""
    today: date | None = None


def write_month_calendar(path: Path | str, month: PrintedMonth) -> Path:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm

    from gmdesk.documents import word

    document = word.new_document(
        landscape=True, margins_mm=(10, 9, 12, 12), body_font=word.FONT_SONG, body_size=9
    )
    word.add_paragraph(
        document,
        month.title,
        font=word.FONT_HEITI,
        size=word.SIZE["小二"],
        align="center",
        line_spacing_pt=24,
    )
    word.add_paragraph(
        document,
        month.subtitle,
        font=word.FONT_KAITI,
        size=word.SIZE["五号"],
        align="center",
        line_spacing_pt=16,
        space_after=3,
    )
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(month.month.year, month.month.month)
    width = (297 - 24) / 7
    table = word.add_grid_table(document, len(weeks) + 1, 7, [width] * 7)
    header = table.rows[0]
    header.height, header.height_rule = Mm(7), WD_ROW_HEIGHT_RULE.EXACTLY
    for index, text in enumerate(WEEKDAY_HEADERS):
        word.set_cell(header.cells[index], text, font=word.FONT_HEITI, size=word.SIZE["五号"], align="center")
        _shade(header.cells[index], "DDE6F0")
    by_day = {d.day: d for d in month.days}
    row_height = min(30.0, (210 - 19 - 24 - 7 - 10) / len(weeks))
    for week_index, week in enumerate(weeks, start=1):
        row = table.rows[week_index]
        row.height, row.height_rule = Mm(row_height), WD_ROW_HEIGHT_RULE.EXACTLY
        for column, day in enumerate(week):
            cell = row.cells[column]
            printed = by_day.get(day) if day.month == month.month.month else None
            _fill(word, cell, day, printed, month.today)
    footer = "  ".join(part for part in (month.legend, month.footer) if part)
    if footer:
        word.add_paragraph(
            document,
            footer,
            font=word.FONT_SONG,
            size=word.SIZE["小五"],
            align="left",
            line_spacing_pt=12,
            space_before=2,
        )
    return word.save_document(document, path)


def _fill(word: Any, cell: Any, day: date, printed: PrintedDay | None, today: date | None) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Pt, RGBColor

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)

    def run(
        target: Any, text: str, size: float, colour: str = DARK, bold: bool = False, font: str = ""
    ) -> None:
        piece = target.add_run(text)
        word.set_run_font(piece, font or word.FONT_SONG, size, bold)
        piece.font.color.rgb = RGBColor.from_string(colour)

    def line(text: str, size: float = 7.5, colour: str = DARK) -> None:
        extra = cell.add_paragraph()
        extra.paragraph_format.space_before = extra.paragraph_format.space_after = Pt(0)
        extra.paragraph_format.line_spacing = Pt(size + 2)
        run(extra, text, size, colour)

    if printed is None:
        run(paragraph, str(day.day), 9, "B8BEC6")
        return
    shade = {"holiday": SHADE["holiday"], "weekend": SHADE["weekend"], "adjusted_workday": SHADE["adjusted"]}
    if day == today:
        _shade(cell, SHADE["today"])
    elif printed.kind in shade:
        _shade(cell, shade[printed.kind])
    off = printed.kind in ("holiday", "weekend")
    run(paragraph, f"{day.day}", 11, RED if off else DARK, bold=True, font=word.FONT_HEITI)
    if printed.label:
        run(paragraph, f"  {printed.label}", 7.5, RED if printed.kind == "holiday" else BLUE)
    if printed.summary:
        line(printed.summary, 7.5, RED if printed.alert else GREY)
    shown = printed.lines[:MAX_LINES]
    for text in shown:
        line(_clip(text, 15), 7.5, RED if text.startswith("⚠") else DARK)
    if len(printed.lines) > len(shown):
        line(f"……还有{len(printed.lines) - len(shown)}条", 7, GREY)
    for note in printed.notes[:2]:
        line(_clip(f"【备注】{note}", 16), 7, BLUE)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)
