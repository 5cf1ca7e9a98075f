"""Build the Word templates of the account forms (docxtpl: Jinja tags inside a real .docx).

    python forms/make_templates.py

The .docx files are committed because offices restyle them in Word; run this only to start over from the
official layout. The tags are the keys of ``gmdesk.domain.forms_data`` (application_context, filing_context).

Layout: A4, 宋体 labels and 仿宋 values (with the Windows fallbacks of gmdesk.documents.word), a real
single-line grid, rows tall enough to write in by hand, one page for a typical account. The look lives in
named paragraph styles (表单标题, 表格标签, 表格内容, 表外说明), so an office restyles a whole form by changing
one style in Word; and the package is slimmed to the parts a form needs, which also makes rendering fast.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402
from lxml import etree  # noqa: E402

from gmdesk.documents.atomic import atomic_output  # noqa: E402
from gmdesk.documents.word import (  # noqa: E402
    FONT_FANGSONG,
    FONT_SONG,
    FONT_TITLE,
    LATIN_FONT,
    SIZE,
    add_grid_table,
    new_document,
)

APPLICATION = "application_form.docx"
FILING = "filing_form.docx"

MARGINS_MM = (15, 12, 25, 20)
"""top, bottom, left, right: a form, not a 公文, so narrower than GB/T 9704's margins to stay on one page."""
WIDTHS_MM = (28, 25, 30, 28, 54)
"""The grid: label | value (two columns) | label | value. People rows use it as role | name | title (two
columns) | phone, so a long 职务 and a long account name both get room."""
CONTENT_MM = sum(WIDTHS_MM)
ROW_MM = 7.0
"""Room for one handwritten line."""

TITLE, LABEL, VALUE, CENTRED, LINE = "表单标题", "表格标签", "表格内容", "表格内容居中", "表外说明"


# --------------------------------------------------------------------------- styles
def _style(document: Any, name: str, font: str, size: float, align: str, *, line_pt: float | None = None,
           after: float = 0) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.name = LATIN_FONT
    style.font.size = Pt(size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    fmt = style.paragraph_format
    fmt.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    if line_pt is not None:
        fmt.line_spacing = Pt(line_pt)


def _document() -> Any:
    document = new_document(margins_mm=MARGINS_MM, body_font=FONT_FANGSONG, body_size=SIZE["小四"])
    _style(document, TITLE, FONT_TITLE, SIZE["小二"], "center", line_pt=30, after=4)
    _style(document, LABEL, FONT_SONG, SIZE["小四"], "center")
    _style(document, VALUE, FONT_FANGSONG, SIZE["小四"], "left")
    _style(document, CENTRED, FONT_FANGSONG, SIZE["小四"], "center")
    _style(document, LINE, FONT_SONG, SIZE["小四"], "left", line_pt=22, after=2)
    document.styles[LINE].paragraph_format.tab_stops.add_tab_stop(Mm(CONTENT_MM), WD_TAB_ALIGNMENT.RIGHT)
    return document


def _write(cell: Any, text: str, style: str, *, top: bool = False) -> None:
    """The cell's text in one run per line (docxtpl needs each tag inside one run), styled by name."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP if top else WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    first = cell.paragraphs[0]
    for run in list(first.runs):
        run._element.getparent().remove(run._element)
    for number, line in enumerate(text.split("\n")):
        paragraph = first if number == 0 else cell.add_paragraph()
        paragraph.style = style
        if line:
            paragraph.add_run(line)


def _aligned(cell: Any, lines: list[tuple[str, str]]) -> None:
    """A sign-off cell: lines of text, each left or right (the date and the stamp sit on the right)."""
    _write(cell, "\n".join(text for text, _ in lines), VALUE, top=True)
    for paragraph, (_, align) in zip(cell.paragraphs, lines, strict=True):
        if align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


# --------------------------------------------------------------------------- the grid
class Form:
    """A form table on the five-column grid, filled row by row."""

    def __init__(self, document: Any, rows: int) -> None:
        self.table = add_grid_table(document, rows, len(WIDTHS_MM), WIDTHS_MM)
        for column, width in zip(self.table.columns, WIDTHS_MM, strict=True):
            column.width = Mm(width)  # the grid itself, which LibreOffice and WPS lay out by
        self.row = 0

    def done(self) -> None:
        if self.row != len(self.table.rows):
            raise AssertionError(f"the table has {len(self.table.rows)} rows, the form filled {self.row}")

    def _height(self, mm: float) -> None:
        row = self.table.rows[self.row]
        row.height = Mm(mm)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        self.row += 1

    def _cell(self, column: int, span: int = 1) -> Any:
        cell = self.table.cell(self.row, column)
        return cell.merge(self.table.cell(self.row, column + span - 1)) if span > 1 else cell

    def pair(self, label: str, tag: str, label2: str | None = None, tag2: str = "", height: float = ROW_MM) -> None:
        """"label | value" across the row, or two label/value pairs."""
        _write(self._cell(0), label, LABEL)
        if label2 is None:
            _write(self._cell(1, 4), tag, VALUE)
        else:
            _write(self._cell(1, 2), tag, VALUE)
            _write(self._cell(3), label2, LABEL)
            _write(self._cell(4), tag2, VALUE)
        self._height(height)

    def cells(self, texts: tuple[str, ...], styles: tuple[str, ...], spans: tuple[int, ...] = (),
              height: float = ROW_MM) -> None:
        column = 0
        for index, text in enumerate(texts):
            span = spans[index] if index < len(spans) else 1
            _write(self._cell(column, span), text, styles[index])
            column += span
        self._height(height)

    def control(self, text: str) -> None:
        """A docxtpl row tag ({%tr … %}): the whole row is replaced by the loop."""
        _write(self._cell(0, 5), text, VALUE)
        self.row += 1

    def people(self) -> None:
        self.cells(("人员", "姓名", "职务", "手机"), (LABEL,) * 4, spans=(1, 1, 2, 1), height=ROW_MM - 0.8)
        for role, key in (("主要负责人", "principal"), ("分管负责人", "deputy"), ("总编辑/\n审核人", "editor"),
                          ("管理员", "admin")):
            self.cells((role, f"{{{{ {key}.name }}}}", f"{{{{ {key}.title }}}}", f"{{{{ {key}.phone }}}}"),
                       (LABEL, CENTRED, CENTRED, CENTRED), spans=(1, 1, 2, 1), height=ROW_MM - 0.4)

    def sign_offs(self, unit: list[tuple[str, str]], supervisor: list[tuple[str, str]], height: float) -> None:
        """单位意见 and 主管单位审核意见 side by side, each a label and a cell about 55 mm wide and ``height`` tall:
        room for the opinion, the signature and a round 公章 (about 42 mm) in each, on one page."""
        _write(self._cell(0), "单位\n意见", LABEL)
        _aligned(self._cell(1, 2), unit)
        _write(self._cell(3), "主管单位\n审核意见", LABEL)
        _aligned(self._cell(4), supervisor)
        self._height(height)
        self.table.rows[self.row - 1]._tr.get_or_add_trPr().insert(0, _cant_split())


def _cant_split() -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement("w:cantSplit")


def _line(document: Any, text: str) -> None:
    """A line outside the table; a tab puts the rest on the right margin."""
    paragraph = document.add_paragraph(style=LINE)
    left, _, right = text.partition("\t")
    paragraph.add_run(left)
    if right:
        paragraph.add_run().add_tab()
        paragraph.add_run(right)


def _common_rows(form: Form) -> None:
    form.pair("主办单位\n（全称）", "{{ unit_name }}")
    form.pair("统一社会\n信用代码", "{{ credit_code }}", "单位类型", "{{ unit_type }}")
    form.pair("主管单位", "{{ supervisor }}")
    form.pair("账号名称", "{{ account_name }}", "平台", "{{ platform }}")
    form.pair("账号ID/\n原始ID", "{{ platform_account_id }}", "是否认证", "{{ verified_boxes }}")
    form.pair("认证主体", "{{ verified_entity }}")
    form.pair("主页链接", "{{ home_url }}")


SIGN_MM = 41
"""单位意见 and 主管单位审核意见: at least 40 mm tall (a round 公章 is about 42 mm)."""
DATE_LINE = ("年　　月　　日", "right")
UNIT_SIGN = [("主要负责人（签字）：", "left"), ("", "left"), ("", "left"), ("（单位盖章）", "right"), DATE_LINE]
SUPERVISOR_SIGN = [("", "left"), ("", "left"), ("", "left"), ("", "left"), ("（签章）", "right"), DATE_LINE]


def build_application(target: Path) -> Path:
    document = _document()
    document.add_paragraph("新媒体平台开设申请表", style=TITLE)
    form = Form(document, 21)
    _common_rows(form)
    form.pair("开设时间", "{{ opened_on }}", "运维方式", "{{ ops_boxes }}")
    form.pair("运维单位", "{{ ops_vendor }}")
    form.pair("宗旨/\n功能定位", "{{ purpose }}", height=11)
    form.pair("发布范围/\n主要栏目", "{{ scope }}", height=11)
    form.people()
    first = form.row
    for number, item in enumerate(("组织领导", "经费保障", "管理制度", "联系人及\n联系方式"), start=1):
        _write(form._cell(1), item, LABEL)
        _write(form._cell(2, 3), f"{{{{ plan.item{number} }}}}", VALUE)
        form._height(ROW_MM)
    merged = form.table.cell(first, 0).merge(form.table.cell(form.row - 1, 0))
    _write(merged, "实施方案\n要点", LABEL)
    form.sign_offs([("经　　年　　月　　日班子专题会议研究，同意开设。", "left"), *UNIT_SIGN[:2], *UNIT_SIGN[3:]],
                   SUPERVISOR_SIGN, SIGN_MM)
    form.done()
    _line(document, "填表人：{{ filler }}　　联系电话：{{ filler_phone }}\t填表日期：{{ fill_date }}")
    return _save(document, target)


def build_filing(target: Path) -> Path:
    """The rows of the other events give way ({%tr if %} rows): an 开设 form prints one "—" row for the
    变更事项 and one for the 关停 facts, a 变更 form its changes and one "—" row for the 关停 facts, a 关停/注销
    form its facts and one "—" row for the changes. Beside 开设时间 stands the event's own date: 关停/注销时间,
    or the 变更日期 of a change."""
    document = _document()
    document.add_paragraph("新媒体平台备案登记表", style=TITLE)
    _line(document, "类型：{{ type_boxes }}\t备案编号：{{ filing_number }}")
    form = Form(document, 30)
    _common_rows(form)
    form.pair("开设时间", "{{ opened_on }}", "{{ date_label }}", "{{ date_value }}")
    form.pair("宗旨/\n功能定位", "{{ purpose }}", height=11)
    form.pair("运维方式", "{{ ops_boxes }}", "运维单位", "{{ ops_vendor }}")
    form.people()
    form.control("{%tr if is_change %}")
    form.cells(("变更事项", "变更前", "变更后"), (LABEL,) * 3, spans=(1, 2, 2), height=ROW_MM - 0.8)
    form.control("{%tr for c in changes %}")
    form.cells(("{{ c.field }}", "{{ c.before }}", "{{ c.after }}"), (CENTRED,) * 3, spans=(1, 2, 2))
    form.control("{%tr endfor %}")
    form.control("{%tr else %}")
    form.pair("变更事项", "—")
    form.control("{%tr endif %}")
    form.control("{%tr if closing %}")
    form.pair("关停原因", "{{ close_reason }}")
    form.pair("停更公告\n日期", "{{ notice_on }}", "引导关注的\n替代账号", "{{ replacement }}")
    form.control("{%tr else %}")
    form.pair("关停情况", "—")
    form.control("{%tr endif %}")
    form.sign_offs(UNIT_SIGN, SUPERVISOR_SIGN, SIGN_MM)
    form.done()
    _line(document, "填表人：{{ filler }}　　联系电话：{{ filler_phone }}\t填表日期：{{ fill_date }}")
    return _save(document, target)


# --------------------------------------------------------------------------- a slim package
_DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/", "word/numbering.xml")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _dropped(name: str) -> bool:
    return any(name == d or (d.endswith("/") and name.startswith(d)) for d in _DROPPED)


def _without_relationships(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for rel in list(root):
        target = rel.get("Target", "").replace("../", "")
        if _dropped(target) or _dropped(f"word/{target}") or _dropped(f"docProps/{target.split('/')[-1]}"):
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _without_content_types(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for entry in list(root):
        part = entry.get("PartName", "").lstrip("/")
        if part and _dropped(part):
            root.remove(entry)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _used_styles(styles: bytes, body: bytes) -> bytes:
    """styles.xml with the document defaults and only the styles the form uses (and their bases)."""
    root = etree.fromstring(styles)
    by_id = {s.get(f"{{{_W}}}styleId"): s for s in root.findall(f"{{{_W}}}style")}
    wanted = set(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', body))
    keep = {s.decode() for s in wanted} | {i for i, s in by_id.items() if s.get(f"{{{_W}}}default") == "1"}
    pending = list(keep)
    while pending:
        style = by_id.get(pending.pop())
        for link in ("basedOn", "next", "link"):
            ref = style.find(f"{{{_W}}}{link}") if style is not None else None
            if ref is not None and ref.get(f"{{{_W}}}val") not in keep:
                keep.add(ref.get(f"{{{_W}}}val"))
                pending.append(ref.get(f"{{{_W}}}val"))
    for style_id, style in by_id.items():
        if style_id not in keep:
            root.remove(style)
    latent = root.find(f"{{{_W}}}latentStyles")
    if latent is not None:
        root.remove(latent)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _save(document: Any, target: Path) -> Path:
    properties = document.core_properties
    properties.author = properties.last_modified_by = "gmdesk"
    properties.title = document.paragraphs[0].text
    properties.comments = "gmdesk 表格模板：可在 Word 中修改样式和文字，请保留双花括号标签。"
    full = io.BytesIO()
    document.save(full)
    with zipfile.ZipFile(full) as source, atomic_output(target) as slim:
        body = source.read("word/document.xml")
        with zipfile.ZipFile(slim, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                if _dropped(item.filename):
                    continue
                data = source.read(item.filename)
                if item.filename.endswith(".rels"):
                    data = _without_relationships(data)
                elif item.filename == "[Content_Types].xml":
                    data = _without_content_types(data)
                elif item.filename == "word/styles.xml":
                    data = _used_styles(data, body)
                out.writestr(item.filename, data)
    return target


def main() -> None:
    for builder, name in ((build_application, APPLICATION), (build_filing, FILING)):
        print(builder(HERE / name))


if __name__ == "__main__":
    main()
