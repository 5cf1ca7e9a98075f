"""Blocks the self-inspection report and the 通报 are built of: headings that stay with their text, numbered
items, grid tables with a repeated header row and columns fitted to their content, centred chart images and
figure captions, landscape sections, the 附件说明 and 附件 pages, and the GB/T 9704 signature (发文机关署名 centred
over the 成文日期, 右空四字, then the 附注)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import deepcopy
from datetime import date
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

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
    add_title,
    cant_split,
    no_grid,
    place_footer,
    set_cell,
    set_line_grid,
    set_repeat_header,
)
from gmdesk.domain.official_text import chinese_date, display_width, in_text, sentence

PT_MM = 25.4 / 72
PORTRAIT_LINE_PITCH = int((297 - OFFICIAL_MARGINS_MM[0] - OFFICIAL_MARGINS_MM[1]) / PT_MM / 22 * 20)
"""The official line pitch in twentieths of a point (579: 22 lines on 225 mm)."""
CELL_PADDING_MM = 2.6
"""Left and right cell margins (1 mm each, see ``_narrow_cell_margins``) and a little air."""

TABLE_SIZE = SIZE["五号"]
LINE_FACTOR = 1.3
"""Table text at exactly 1.3 times its size: two-line cells stay compact (a 小五 account table holds about
15 rows a landscape page instead of 10)."""
KEEP_TOGETHER_ROWS = 15
KEEP_TOGETHER_MM = 100
"""Tables this short (rows and printed height) stay on one page, each row keeping with the next; a longer one
may break between rows (never inside one)."""


def heading(document: Any, text: str, level: int = 1) -> Any:
    """A heading kept on the page of the text that follows it (no orphan headings at a page foot)."""
    paragraph = add_heading(document, text, level)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def lead_in(document: Any, text: str) -> Any:
    """A body paragraph that introduces a table or chart and stays with it."""
    paragraph = add_paragraph(document, in_text(text), indent_chars=2)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def body(document: Any, text: str) -> Any:
    """A body paragraph (三号仿宋, two characters in) with 公文 dates and brackets."""
    return add_paragraph(document, in_text(text), indent_chars=2)


def item(document: Any, number: int, text: str) -> Any:
    """A third-level item "1.……。" (GB/T 9704 §7.3.3: Arabic numeral and a full stop, then the text, which
    ends as a sentence), indented like the body."""
    return body(document, sentence(f"{number}.{text}"))


def caption(document: Any, text: str) -> Any:
    paragraph = add_paragraph(
        document, text, font=FONT_KAITI, size=SIZE["四号"], align="center", line_spacing_pt=22, space_after=6
    )
    return paragraph


def fit_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    total_mm: float,
    size: float = TABLE_SIZE,
    *,
    wrap: Sequence[int] = (),
) -> list[float]:
    """Column widths (mm) that fit the content: each column as wide as its longest line (a value's own line
    breaks are the only places it may break), except the ``wrap`` columns, which share what is left and wrap
    there. When even the unbreakable columns are too wide, every column shrinks in proportion."""
    em = size * PT_MM
    need = []
    for column, header in enumerate(headers):
        lines = [
            line
            for value in [header, *(row[column] for row in rows)]
            for line in clean_text("" if value is None else value).split("\n")
        ]
        need.append(max((display_width(line) for line in lines), default=1.0) * em + CELL_PADDING_MM)
    wrapping = [c for c in wrap if 0 <= c < len(headers)]
    fixed = sum(w for c, w in enumerate(need) if c not in wrapping)
    if not wrapping or fixed + sum(need[c] for c in wrapping) <= total_mm:
        spare = total_mm - sum(need)
        share = wrapping or list(range(len(headers)))
        weight = sum(need[c] for c in share)
        return [w + (spare * w / weight if c in share and spare > 0 else 0) for c, w in enumerate(need)]
    left = total_mm - fixed
    floors = {c: display_width(headers[c]) * em + CELL_PADDING_MM for c in wrapping}
    if left < sum(floors.values()):
        scale = total_mm / (fixed + sum(floors.values()))
        return [floors.get(c, w) * scale for c, w in enumerate(need)]
    weight = sum(need[c] for c in wrapping)
    out = list(need)
    for c in wrapping:
        out[c] = max(floors[c], left * need[c] / weight)
    excess = sum(out) - total_mm
    if excess > 0:  # a floor pushed past the total: take it back from the widest wrapping column
        widest = max(wrapping, key=lambda c: out[c])
        out[widest] -= excess
    return out


def table(
    document: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths_mm: Sequence[float],
    *,
    size: float = TABLE_SIZE,
    align: Sequence[str] | None = None,
) -> Any:
    """A grid table: bold header repeated on every page, rows that do not split across pages.

    The first data row is formatted once and copied for the others (python-docx's own cell access is
    quadratic in the rows: a 500-account table would take seconds)."""
    grid = add_grid_table(document, 2, len(headers), widths_mm)
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)  # the grid LibreOffice and WPS lay out by, besides each cell's own width
    _narrow_cell_margins(grid)
    line = round(size * LINE_FACTOR, 1)
    keep_together = (
        len(rows) <= KEEP_TOGETHER_ROWS and _height_mm(rows, widths_mm, size, line) <= KEEP_TOGETHER_MM
    )
    header = grid.rows[0]
    set_repeat_header(header)
    cant_split(header)
    for cell, text in zip(header.cells, headers, strict=True):
        set_cell(cell, text, font=FONT_HEITI, size=size, align="center", line_pt=line)
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
    aligns = align or ["center"] * len(headers)
    model = grid.rows[1]
    cant_split(model)
    for cell, where in zip(model.cells, aligns, strict=True):
        set_cell(cell, "·", font=FONT_FANGSONG, size=size, align=where, line_pt=line)
    template = model._tr
    body = template.getparent()
    body.remove(template)
    for values in rows:
        tr = deepcopy(template)
        for tc, value in zip(tr.findall(qn("w:tc")), values, strict=True):
            text = clean_text("" if value is None else value)
            if "\n" in text:
                set_cell(
                    _Cell(tc, grid),
                    text,
                    font=FONT_FANGSONG,
                    size=size,
                    align=aligns[list(tr.findall(qn("w:tc"))).index(tc)],
                    line_pt=line,
                )
            else:
                tc.find(".//" + qn("w:t")).text = text
        body.append(tr)
    # a short table stays on one page; a long one keeps at least its header and first row with the lead-in
    data_rows = grid.rows[1:]
    for row in (
        data_rows[: len(data_rows) - 1] if keep_together else data_rows[:1] if len(data_rows) > 1 else []
    ):
        for paragraph in (p for cell in row.cells for p in cell.paragraphs):
            paragraph.paragraph_format.keep_with_next = True
    add_paragraph(document, "", line_spacing_pt=12)
    return grid


def _height_mm(
    rows: Sequence[Sequence[Any]], widths_mm: Sequence[float], size: float, line_pt: float
) -> float:
    """About how tall the rows print: each as many lines as its fullest cell wraps to."""
    em = size * PT_MM
    total = 0.0
    for row in rows:
        lines = 1
        for value, width in zip(row, widths_mm, strict=False):
            room = max(width - CELL_PADDING_MM, em)
            cell_lines = sum(
                max(1, math.ceil(display_width(part) * em / room))
                for part in clean_text("" if value is None else value).split("\n")
            )
            lines = max(lines, cell_lines)
        total += lines * line_pt * PT_MM + 1.0
    return total


def _narrow_cell_margins(grid: Any, twips: int = 57) -> None:
    """1 mm left and right inside cells (Word's default 1.9 mm wraps short numbers in narrow columns)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    grid._tbl.tblPr.append(margins)


def picture(document: Any, path: Path, width_mm: float = 150) -> Any:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    no_grid(paragraph)
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
    """The official margins, the page numbers 7 mm below the text block and the 公文 line grid, on a new
    section (portrait or landscape: the page number sits the same distance below the text either way)."""
    top, bottom, left, right = OFFICIAL_MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    place_footer(section)
    if section.orientation == WD_ORIENT.PORTRAIT:
        set_line_grid(section)
    else:  # the landscape pages keep the portrait pages' line pitch (28.95 pt)
        set_line_grid(section, pitch_twips=PORTRAIT_LINE_PITCH)


def attachment_note(document: Any, names: Sequence[str]) -> None:
    """附件说明 (GB/T 9704 §7.3.4): one blank line below the body, 左空二字 "附件：" and the names, numbered
    "1." when there are several; a name that wraps, and the names after the first, line up under the first
    name's first character."""
    if not names:
        return
    size = SIZE["三号"]
    add_paragraph(document, "").paragraph_format.keep_with_next = True
    numbered = len(names) > 1
    number_width = display_width("1.") if numbered else 0.0
    for number, name in enumerate(names, start=1):
        label = "附件：" if number == 1 else ""
        text = f"{number}.{name}" if numbered else name
        paragraph = add_paragraph(document, f"{label}{in_text(text)}")
        fmt = paragraph.paragraph_format
        fmt.left_indent = Pt(size * (5 + number_width))  # 2 characters in, "附件：" and the number
        fmt.first_line_indent = Pt(-size * ((3 if number == 1 else 0) + number_width))
        fmt.keep_with_next = True


def attachment_page(document: Any, number: int | None, title: str) -> None:
    """The first lines of an attachment (GB/T 9704 §8.3.5 / §7.3.4): a new page, "附件" (with its number when
    there are several) in 3号黑体 at the top left, the title centred on the third line."""
    label = add_paragraph(
        document, "附件" if number is None else f"附件{number}", font=FONT_HEITI, align="left"
    )
    label.paragraph_format.page_break_before = True
    label.paragraph_format.keep_with_next = True
    add_paragraph(document, "").paragraph_format.keep_with_next = True

    heading_line = add_title(document, in_text(title))
    heading_line.paragraph_format.keep_with_next = True
    document.paragraphs[-1].paragraph_format.keep_with_next = True  # the blank line after it


def signature(document: Any, organisation: str, signed_on: date, notes: Sequence[str] = ()) -> None:
    """The end of a 公文 to be stamped (GB/T 9704 §7.3.5.1): two blank lines under the body for the seal, the
    发文机关署名 centred over the 成文日期, the date 右空四字 in Arabic numerals; then the 附注 in brackets,
    左空二字, on the next line (``notes``, e.g. 联系人 and 电话). The whole block keeps with the last lines of
    the body so the signature never stands alone on a page."""
    size = SIZE["三号"]
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    for _ in range(2):
        add_paragraph(document, "").paragraph_format.keep_with_next = True
    day = chinese_date(signed_on)
    name = clean_text(organisation)
    # right-aligned lines whose centres meet: the date 4 characters in, the name by half the difference
    shift = 4 + (display_width(day) - display_width(name)) / 2
    organ = add_paragraph(document, name, align="right")
    organ.paragraph_format.right_indent = Pt(size * max(0.0, shift))
    organ.paragraph_format.keep_with_next = True
    when = add_paragraph(document, day, align="right")
    when.paragraph_format.right_indent = Pt(size * 4)
    if notes:
        when.paragraph_format.keep_with_next = True
        add_paragraph(document, f"（{'，'.join(in_text(n) for n in notes)}）", indent_chars=2)


def sign_line(label: str, value: str) -> str:
    return f"{label}：{value or '　' * 4}"
