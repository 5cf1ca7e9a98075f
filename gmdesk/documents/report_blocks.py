"""Blocks the self-inspection report is built of: headings that stay with their text, grid tables with a
repeated header row, centred chart images and figure captions, landscape sections, the sign-off block."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from gmdesk.documents.safe_text import clean_text
from gmdesk.documents.word import (
    FONT_FANGSONG,
    FONT_HEITI,
    FONT_KAITI,
    OFFICIAL_MARGINS_MM,
    SIZE,
    add_grid_table,
    add_heading,
    add_paragraph,
    set_cell,
    set_repeat_header,
)

TABLE_SIZE = SIZE["五号"]
KEEP_TOGETHER_ROWS = 15
"""Tables this short stay on one page (each row keeps with the next)."""


def heading(document: Any, text: str, level: int = 1) -> Any:
    """A heading kept on the page of the text that follows it (no orphan headings at a page foot)."""
    paragraph = add_heading(document, text, level)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def lead_in(document: Any, text: str) -> Any:
    """A body paragraph that introduces a table or chart and stays with it."""
    paragraph = add_paragraph(document, text, indent_chars=2)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def caption(document: Any, text: str) -> Any:
    paragraph = add_paragraph(document, text, font=FONT_KAITI, size=SIZE["四号"], align="center",
                              line_spacing_pt=22, space_after=6)
    return paragraph


def table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths_mm: Sequence[float],
          *, size: float = TABLE_SIZE, align: Sequence[str] | None = None) -> Any:
    """A grid table: bold header repeated on every page, rows that do not split across pages.

    The first data row is formatted once and copied for the others (python-docx's own cell access is
    quadratic in the rows: a 500-account table would take seconds)."""
    from copy import deepcopy

    from docx.oxml.ns import qn
    from docx.table import _Cell

    grid = add_grid_table(document, 2, len(headers), widths_mm)
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)  # the grid LibreOffice and WPS lay out by, besides each cell's own width
    _narrow_cell_margins(grid)
    keep_together = len(rows) <= KEEP_TOGETHER_ROWS
    header = grid.rows[0]
    set_repeat_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        set_cell(cell, text, font=FONT_HEITI, size=size, align="center")
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    aligns = align or ["center"] * len(headers)
    model = grid.rows[1]
    _cant_split(model)
    for cell, where in zip(model.cells, aligns, strict=True):
        set_cell(cell, "·", font=FONT_FANGSONG, size=size, align=where)
        if keep_together:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    template = model._tr
    body = template.getparent()
    body.remove(template)
    for values in rows:
        tr = deepcopy(template)
        for tc, value in zip(tr.findall(qn("w:tc")), values, strict=True):
            text = clean_text("" if value is None else value)
            if "\n" in text:
                set_cell(_Cell(tc, grid), text, font=FONT_FANGSONG, size=size,
                         align=aligns[list(tr.findall(qn("w:tc"))).index(tc)])
            else:
                tc.find(".//" + qn("w:t")).text = text
        body.append(tr)
    if keep_together and rows:  # the last row ends the block: it need not keep with what follows
        for keep in tr.iter(qn("w:keepNext")):
            keep.getparent().remove(keep)
    add_paragraph(document, "", line_spacing_pt=12)
    return grid


def _narrow_cell_margins(grid: Any, twips: int = 57) -> None:
    """1 mm left and right inside cells (Word's default 1.9 mm wraps short numbers in narrow columns)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    grid._tbl.tblPr.append(margins)


def _cant_split(row: Any) -> None:
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def picture(document: Any, path: Path, width_mm: float = 150) -> Any:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(str(path), width=Mm(width_mm))
    return paragraph


def landscape_section(document: Any) -> Any:
    """Start a landscape page (wide tables), with the official margins."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    _margins(section)
    return section


def portrait_section(document: Any) -> Any:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    _margins(section)
    return section


def _margins(section: Any) -> None:
    top, bottom, left, right = OFFICIAL_MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def sign_off(document: Any, people: Sequence[tuple[str, str]], signed_on: date | None, organisation: str) -> None:
    """单位负责人, 审核人, 填报人, 联系电话 on two lines, then the unit and date on the right with 公章."""
    add_paragraph(document, "").paragraph_format.keep_with_next = True
    pairs = [f"{label}：{value or '　' * 4}" for label, value in people]
    first = add_paragraph(document, "　　".join(pairs[:2]), indent_chars=2)
    first.paragraph_format.keep_with_next = True
    second = add_paragraph(document, "　　".join(pairs[2:]), indent_chars=2)
    second.paragraph_format.keep_with_next = True
    add_paragraph(document, "").paragraph_format.keep_with_next = True
    unit = add_paragraph(document, f"{organisation}（盖章）", align="right")
    unit.paragraph_format.right_indent = Pt(SIZE["三号"] * 2)
    unit.paragraph_format.keep_with_next = True
    when = add_paragraph(document, chinese_date(signed_on) if signed_on else "年　　月　　日", align="right")
    when.paragraph_format.right_indent = Pt(SIZE["三号"] * 2)
