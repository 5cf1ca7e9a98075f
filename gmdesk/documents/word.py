"""Word building blocks in the official document style (GB/T 9704-2012) shared by every .docx gmdesk writes.

Fonts are named as Chinese offices know them; where a font is not shipped with Windows (方正小标宋简体,
仿宋_GB2312, 楷体_GB2312) the document's font table names the Windows font to use instead (``w:altName``),
so the page looks right on a bare Windows PC and better where the office has the official fonts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from gmdesk.documents.atomic import atomic_output
from gmdesk.documents.safe_text import clean_text
from gmdesk.domain.official_text import title_lines

FONT_TITLE = "方正小标宋简体"
FONT_SONG = "宋体"
FONT_FANGSONG = "仿宋_GB2312"
FONT_HEITI = "黑体"
FONT_KAITI = "楷体_GB2312"
LATIN_FONT = "Times New Roman"

WINDOWS_FALLBACKS = {
    FONT_TITLE: "宋体",
    FONT_FANGSONG: "仿宋",
    FONT_KAITI: "楷体",
    FONT_HEITI: "黑体",
    FONT_SONG: "宋体",
}
"""Font → the font every Windows PC has (SimSun, FangSong, KaiTi, SimHei)."""

# Chinese type sizes (字号) in points.
SIZE = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
}

OFFICIAL_MARGINS_MM = (37, 35, 28, 26)
"""GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm."""

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
"""GB/T 9704 §5.2.2: 22 lines of 28 characters on a portrait page (三号仿宋)."""
PAGE_NUMBER_GAP_MM = 7
"""GB/T 9704 §7.5: the page number's dash line is 7 mm below the text block."""


def new_document(
    *,
    landscape: bool = False,
    margins_mm: Sequence[float] = OFFICIAL_MARGINS_MM,
    body_font: str = FONT_FANGSONG,
    body_size: float = SIZE["三号"],
    line_grid: bool = False,
) -> Any:
    """An empty A4 document with the given margins (top, bottom, left, right) and body font, marked as Chinese
    (not Word's default Japanese for East Asian text). ``line_grid``: the 公文 layout of 22 lines × 28
    characters (GB/T 9704 §5.2.2), for reports and notices."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    top, bottom, left, right = margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(body_size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), body_font)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    register_font_fallbacks(document)
    set_chinese_language(document)
    if line_grid:
        _default_size(document, body_size)
        set_line_grid(section, body_size)
        condense_to_grid(document, body_size)
    return document


def _default_size(document: Any, size: float) -> None:
    """The document default font size (``w:docDefaults``) as the body's, so that a grid an office adds in Word
    (页面设置 › 文档网格) counts characters of the body's size."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is None:
        return
    for tag, after in (("w:sz", RPR_AFTER_SPACING[4:]), ("w:szCs", RPR_AFTER_SPACING[5:])):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            rpr.insert_element_before(element, *after)
        element.set(qn("w:val"), str(round(size * 2)))


def set_chinese_language(document: Any) -> None:
    """East Asian text is Simplified Chinese: ``w:themeFontLang`` and the default run language say zh-CN
    (python-docx's template says ja-JP, which makes Word pick Japanese glyphs and line-breaking rules)."""
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        settings.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is None:
        return
    run_lang = rpr.find(qn("w:lang"))
    if run_lang is None:
        run_lang = OxmlElement("w:lang")
        rpr.insert_element_before(run_lang, *RPR_AFTER_SPACING[RPR_AFTER_SPACING.index("w:lang") + 1 :])
    run_lang.set(qn("w:val"), "en-US")
    run_lang.set(qn("w:eastAsia"), "zh-CN")


def set_line_grid(
    section: Any, font_pt: float = SIZE["三号"], lines: int = LINES_PER_PAGE, pitch_twips: int | None = None
) -> None:
    """The line grid of a section (``w:docGrid type=lines``): ``lines`` lines on the text block's height, as
    Word's 页面设置 › 文档网格 › 只指定行网格 sets it (22 lines of 28.95 pt on an official page), or lines of
    ``pitch_twips`` (a landscape page keeps the portrait pages' pitch).

    The 28 characters a line come from the body's character spacing (:func:`condense_to_grid`), not from a
    ``linesAndChars`` grid: Word squeezes 16 pt characters into a 15.8 pt character grid, but LibreOffice gives
    each of them two grid cells and prints 14 characters a line."""
    height_pt = (section.page_height - section.top_margin - section.bottom_margin) / 12700
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(pitch_twips or int(height_pt / lines * 20)))
    if grid.get(qn("w:charSpace")) is not None:
        del grid.attrib[qn("w:charSpace")]


def condense_to_grid(document: Any, font_pt: float, chars: int = CHARS_PER_LINE) -> None:
    """Character spacing on the Normal style so that exactly ``chars`` characters of ``font_pt`` fill a line of
    the first section's text block (三号 on 156 mm: 16 pt − 0.25 pt, 28 characters), in Word, WPS and
    LibreOffice alike."""
    section = document.sections[0]
    width_pt = (section.page_width - section.left_margin - section.right_margin) / 12700
    twentieths = math.ceil((font_pt - width_pt / chars) * 20)
    if twentieths <= 0:
        return
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.insert_element_before(spacing, *RPR_AFTER_SPACING)
    spacing.set(qn("w:val"), str(-twentieths))


PPR_AFTER_SNAP = (
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
"""What follows ``w:snapToGrid`` in a ``w:pPr`` (the schema's order, which Word enforces)."""
RPR_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def no_grid(paragraph: Any) -> None:
    """Lay this paragraph out by its own metrics, not on the document grid (tables, titles, figures)."""
    properties = paragraph._p.get_or_add_pPr()
    if properties.find(qn("w:snapToGrid")) is None:
        element = OxmlElement("w:snapToGrid")
        element.set(qn("w:val"), "0")
        properties.insert_element_before(element, *PPR_AFTER_SNAP)


def set_run_font(run: Any, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def add_paragraph(
    container: Any,
    text: str = "",
    *,
    font: str = FONT_FANGSONG,
    size: float = SIZE["三号"],
    bold: bool = False,
    align: str = "justify",
    indent_chars: float = 0,
    line_spacing_pt: float | None = 28.95,
    space_before: float = 0,
    space_after: float = 0,
) -> Any:
    """A paragraph in a document or table cell. GB/T 9704 body: 三号仿宋, 22 lines of 28 characters a page
    (about 28.95 pt fixed line spacing), first-line indent of two characters."""
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
    if line_spacing_pt is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line_spacing_pt)
    if indent_chars:
        fmt.first_line_indent = Pt(size * indent_chars)
    if text:
        set_run_font(paragraph.add_run(clean_text(text)), font, size, bold)
    return paragraph


def add_title(document: Any, text: str) -> Any:
    """The document title: 二号小标宋, centred, with a blank line after; a long title is broken into two lines
    where its words allow (``official_text.title_lines``)."""
    lines = title_lines(clean_text(text)).split("\n")
    paragraph = add_paragraph(
        document, lines[0], font=FONT_TITLE, size=SIZE["二号"], align="center", line_spacing_pt=36
    )
    for line in lines[1:]:
        paragraph.runs[-1].add_break(WD_BREAK.LINE)
        set_run_font(paragraph.add_run(line), FONT_TITLE, SIZE["二号"])
    no_grid(paragraph)
    add_paragraph(document, "")
    return paragraph


def add_heading(document: Any, text: str, level: int = 1) -> Any:
    """一级标题 黑体三号, 二级标题 楷体三号 (GB/T 9704 §7.3.3), indented two characters like the body."""
    font = FONT_HEITI if level == 1 else FONT_KAITI
    return add_paragraph(document, text, font=font, size=SIZE["三号"], indent_chars=2, align="left")


def add_body(document: Any, text: str) -> Any:
    return add_paragraph(document, text, indent_chars=2)


def add_grid_table(
    container: Any,
    rows: int,
    columns: int,
    widths_mm: Sequence[float] | None = None,
    style_borders: bool = True,
) -> Any:
    """A table with a real single-line grid (not a style that may be missing in the office's template)."""
    table = container.add_table(rows=rows, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if style_borders:
        set_table_borders(table)
    if widths_mm:
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=False):
                cell.width = Mm(width)
    return table


def set_table_borders(table: Any, size_eighths: int = 6) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size_eighths))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    existing = properties.find(qn("w:tblBorders"))
    if existing is not None:
        properties.remove(existing)
    properties.append(borders)


def set_cell(
    cell: Any,
    text: Any,
    *,
    font: str = FONT_FANGSONG,
    size: float = SIZE["小四"],
    bold: bool = False,
    align: str = "left",
    vertical: str = "center",
    line_pt: float | None = None,
) -> None:
    """Replace a cell's content with text (None prints as empty); ``line_pt``: exact line spacing."""
    cell.vertical_alignment = {
        "top": WD_CELL_VERTICAL_ALIGNMENT.TOP,
        "center": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
        "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM,
    }[vertical]
    lines = clean_text(text).split("\n")
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)
    for number, line in enumerate(lines):
        target = paragraph if number == 0 else cell.add_paragraph()
        target.alignment = ALIGN[align]
        target.paragraph_format.space_before = target.paragraph_format.space_after = Pt(0)
        if line_pt is not None:
            target.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            target.paragraph_format.line_spacing = Pt(line_pt)
        no_grid(target)
        set_run_font(target.add_run(line), font, size, bold)


def cant_split(row: Any) -> None:
    """Keep a table row on one page (a long row moves whole to the next page instead of breaking)."""
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn("w:cantSplit")) is None:
        properties.insert(0, OxmlElement("w:cantSplit"))


def set_repeat_header(row: Any) -> None:
    """Repeat this table row at the top of every page."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def add_page_number_footer(
    document: Any, size: float = SIZE["四号"], *, gap_mm: float = PAGE_NUMBER_GAP_MM
) -> None:
    """Page numbers "— 1 —" as GB/T 9704 §7.5 places them: 4号半角宋体 between two dashes, the line ``gap_mm``
    (7 mm) below the text block, odd pages on the right and even pages on the left, each one character in
    from the edge of the text block. Every section gets the same footers, landscape ones included."""
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True
    for index, section in enumerate(document.sections):
        place_footer(section, size, gap_mm)
        if index:
            section.footer.is_linked_to_previous = True
            section.even_page_footer.is_linked_to_previous = True
            continue
        _page_number(section.footer.paragraphs[0], "right", size)
        _page_number(section.even_page_footer.paragraphs[0], "left", size)


def place_footer(section: Any, size: float = SIZE["四号"], gap_mm: float = PAGE_NUMBER_GAP_MM) -> None:
    """Put the footer's line ``gap_mm`` below the text block (the footer distance is measured from the page's
    lower edge to the footer's lower edge; the footer line is exactly ``size`` points tall)."""
    section.footer_distance = section.bottom_margin - Mm(gap_mm) - Pt(size)


def _page_number(paragraph: Any, side: str, size: float) -> None:
    paragraph.alignment = ALIGN[side]
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(size)
    fmt.space_before = fmt.space_after = Pt(0)
    if side == "right":
        fmt.right_indent = Pt(size)
    else:
        fmt.left_indent = Pt(size)
    no_grid(paragraph)
    set_run_font(paragraph.add_run("— "), FONT_SONG, size)
    run = paragraph.add_run()
    set_run_font(run, FONT_SONG, size)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._element.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
    set_run_font(paragraph.add_run(" —"), FONT_SONG, size)


def register_font_fallbacks(document: Any) -> None:
    """Name the Windows substitute of each official font in the document's font table (w:altName)."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    present = {f.get(f"{{{w}}}name") for f in root.findall(f"{{{w}}}font")}
    for font, fallback in WINDOWS_FALLBACKS.items():
        if font in present:
            continue
        element = etree.SubElement(root, f"{{{w}}}font")
        element.set(f"{{{w}}}name", font)
        if fallback != font:
            alt = etree.SubElement(element, f"{{{w}}}altName")
            alt.set(f"{{{w}}}val", fallback)
        charset = etree.SubElement(element, f"{{{w}}}charset")
        charset.set(f"{{{w}}}val", "86")  # GB2312
        family = etree.SubElement(element, f"{{{w}}}family")
        family.set(f"{{{w}}}val", "modern" if fallback in ("宋体", "仿宋", "楷体") else "auto")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def save_document(document: Any, path: Path | str) -> Path:
    """Save atomically: a failure never leaves a half-written file over a good one."""
    with atomic_output(path) as temporary:
        document.save(str(temporary))
    return Path(path)
