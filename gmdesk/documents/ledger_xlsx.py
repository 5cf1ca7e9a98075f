"""The account ledger (台账) as Excel, in the interchange layout of domain §7.

The twenty §7 columns come first, in their order; a few more columns that gmdesk keeps follow them (other
programs ignore unknown columns, and gmdesk reads them back, so a ledger survives the round trip). Reading
matches headers by text in any order and accepts the usual variants of each header.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from gmdesk.documents.atomic import atomic_output
from gmdesk.documents.xlsx import (
    Column,
    ImportRejected,
    Problem,
    SheetSpec,
    Table,
    inspect_package,
    read_table,
    write_workbook,
)

# Imports inside functions keep openpyxl out of start-up (services.ledger_io imports this at its top).

LEDGER_HEADERS: tuple[str, ...] = (
    "主办单位",
    "账号名称",
    "平台",
    "账号ID",
    "认证主体",
    "开设时间",
    "状态",
    "宗旨",
    "运维方式",
    "运维单位",
    "主要负责人",
    "主要负责人电话",
    "分管负责人",
    "分管负责人电话",
    "总编辑",
    "总编辑电话",
    "管理员",
    "管理员电话",
    "备案编号",
    "备注",
)
"""The stable column layout of domain §7 (scripts and other offices rely on it)."""

EXTRA_HEADERS: tuple[str, ...] = (
    "主页链接",
    "是否认证",
    "主要栏目",
    "互动功能",
    "关注数",
    "备案日期",
    "注销/关停日期",
    "最近发布时间",
)
"""gmdesk's own additions after the §7 columns."""

ALL_HEADERS = LEDGER_HEADERS + EXTRA_HEADERS

WIDTHS = (
    26,
    18,
    18,
    18,
    26,
    12,
    14,
    30,
    10,
    24,
    10,
    14,
    10,
    14,
    10,
    14,
    10,
    14,
    20,
    20,
    30,
    8,
    30,
    8,
    10,
    12,
    12,
    16,
)

LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("主办单位", required=True, aliases=("主办单位全称", "主办单位名称", "单位名称")),
    Column("账号名称", required=True, aliases=("新媒体名称", "名称")),
    Column("平台", required=True, aliases=("平台类型", "所在平台", "平台名称")),
    Column("账号ID", aliases=("账号ID/原始ID", "原始ID", "账号id", "ID")),
    Column("认证主体", aliases=("认证主体名称",)),
    Column("开设时间", aliases=("开设日期", "开通时间")),
    Column("状态", aliases=("账号状态", "运行状态")),
    Column("宗旨", aliases=("宗旨/功能定位", "功能定位")),
    Column("运维方式", aliases=("运营方式",)),
    Column("运维单位", aliases=("运营单位", "第三方运维单位")),
    Column("主要负责人"),
    Column("主要负责人电话", aliases=("主要负责人手机",)),
    Column("分管负责人"),
    Column("分管负责人电话", aliases=("分管负责人手机",)),
    Column("总编辑", aliases=("总编辑/审核人", "审核人")),
    Column("总编辑电话", aliases=("总编辑手机", "审核人电话", "审核人手机")),
    Column("管理员", aliases=("后台管理人员", "管理人员")),
    Column("管理员电话", aliases=("管理员手机", "后台管理人员电话")),
    Column("备案编号", aliases=("备案号",)),
    Column("备注"),
    Column("主页链接", aliases=("链接", "主页地址")),
    Column("是否认证", aliases=("已认证",)),
    Column("主要栏目", aliases=("信息发布范围", "信息发布范围/主要栏目", "栏目")),
    Column("互动功能", aliases=("留言评论功能", "互动功能开启")),
    Column("关注数", aliases=("粉丝数", "订阅数")),
    Column("备案日期", aliases=("备案时间",)),
    Column("注销/关停日期", aliases=("注销日期", "关停日期", "注销时间", "关停时间", "注销/关停时间")),
    Column("最近发布时间", aliases=("最后发布时间", "最近更新时间", "最近一次发布时间", "最后更新时间")),
)


def read_ledger(path: Path | str, lengths: Mapping[str, int] | None = None) -> Table:
    """Every visible sheet's rows (one sheet, or one sheet per 主办单位).

    A file whose XML holds characters XML forbids (written by some other program) cannot be parsed at all;
    it is rejected with the cells that hold them, found by reading the raw XML.
    """
    path = Path(path)
    if path.is_file():
        inspect_package(path)  # before anything reads the package, even to count its sheets
    single = _sheet_count(path) - (CHOICES_SHEET in _sheet_names(path)) == 1
    try:
        table = read_table(
            path,
            LEDGER_COLUMNS,
            all_sheets=True,
            skip_sheets=(CHOICES_SHEET,),
            lengths=lengths,
            explain=forbidden_cells,
        )
    except ImportRejected as rejected:
        if not single:
            raise
        # one sheet: its name would only be noise in every message
        problems = [replace(p, sheet="") for p in rejected.problems]
        rejected.__traceback__ = (
            None  # let the half-read sheet's file handle go now, not at garbage collection
        )
        raise ImportRejected(rejected.file, problems) from None
    if single:
        for row in table.rows:
            row.sheet = ""
    return table


CHOICES_SHEET = "可选值"
"""The template's second sheet: the allowed values, never rows of accounts."""


def _sheet_names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return [
                name
                for name, _ in _SHEET.findall(
                    archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
                )
            ]
    except (OSError, KeyError, zipfile.BadZipFile):
        return []


def _sheet_count(path: Path) -> int:
    """The visible sheets (a hidden lookup sheet does not make a one-sheet ledger a many-sheet one)."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return 0
    return sum(
        1 for tag in re.findall(r"<sheet [^>]*>", xml) if not re.search(r'state="(hidden|veryHidden)"', tag)
    )


_CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")
_RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.DOTALL)
_SHEET = re.compile(r'<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"')
_REL = re.compile(
    r'<Relationship [^>]*Id="([^"]*)"[^>]*Target="([^"]*)"|<Relationship [^>]*Target="([^"]*)"[^>]*Id="([^"]*)"'
)


def _forbidden_in(xml: str) -> list[str]:
    """The forbidden characters in a piece of XML, as U+XXXX (raw, or as character references)."""
    found = [f"U+{ord(c):04X}" for c in _RAW_FORBIDDEN.findall(xml)]
    for ref in _CHAR_REF.findall(xml):
        code = int(ref[1:], 16) if ref.startswith("x") else int(ref)
        if (
            (code < 0x20 and code not in (0x9, 0xA, 0xD))
            or 0xD800 <= code <= 0xDFFF
            or code in (0xFFFE, 0xFFFF)
        ):
            found.append(f"U+{code:04X}")
    return found


def _plain(xml: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def forbidden_cells(path: Path) -> list[Problem]:
    """Every cell whose text holds a character XML forbids, by sheet, row and column header."""
    try:
        with zipfile.ZipFile(path) as archive:
            files = {
                name: archive.read(name).decode("utf-8", errors="replace")
                for name in archive.namelist()
                if name.endswith(".xml") or name.endswith(".rels")
            }
    except (OSError, zipfile.BadZipFile):
        return []
    shared = re.findall(r"<si>(.*?)</si>", files.get("xl/sharedStrings.xml", ""), re.DOTALL)
    rels = {}
    for match in _REL.finditer(files.get("xl/_rels/workbook.xml.rels", "")):
        rel_id, target = (match[1], match[2]) if match[1] else (match[4], match[3])
        rels[rel_id] = "xl/" + target.lstrip("/").removeprefix("xl/")
    sheets = [
        (name, rels.get(rel_id, "")) for name, rel_id in _SHEET.findall(files.get("xl/workbook.xml", ""))
    ]
    problems = []
    for title, part in sheets:
        cells = list(_CELL.finditer(files.get(part, "")))
        headers = {}
        for cell in cells:
            if cell[2] == "1":
                body = cell[4] or ""
                value = _plain(re.sub(r"</?(?:f|is)>", "", body))
                if 't="s"' in cell[3] and value.strip().isdigit() and int(value) < len(shared):
                    value = _plain(shared[int(value)])
                headers[cell[1]] = value.strip()
        for cell in cells:
            body = cell[4] or ""
            if 't="s"' in cell[3]:
                index = _plain(body).strip()
                body = shared[int(index)] if index.isdigit() and int(index) < len(shared) else ""
            bad = _forbidden_in(body)
            if bad:
                codes = "、".join(dict.fromkeys(bad))
                problems.append(
                    Problem(
                        f"含有不可见的控制字符（{codes}），请删除后重新导入",
                        int(cell[2]),
                        headers.get(cell[1]) or f"{cell[1]}",
                        title if len(sheets) > 1 else "",
                    )
                )
    return problems


_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_excel(value: object) -> object:
    """Excel stores a character XML cannot hold as ``_xHHHH_``; give the character back so it can be
    recognised (and refused with a clear message) instead of importing the escape as text."""
    if isinstance(value, str) and "_x" in value:
        return _EXCEL_ESCAPE.sub(lambda m: chr(int(m[1], 16)), value)
    return value


def write_ledger(
    path: Path | str,
    sheets: Sequence[tuple[str, Iterable[Sequence[Any]]]],
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write the ledger: ``sheets`` is ``[(title, rows), …]``; each row follows :data:`ALL_HEADERS`."""
    specs = [SheetSpec(title, ALL_HEADERS, rows, WIDTHS) for title, rows in sheets]
    return write_workbook(path, specs, progress)


TEMPLATE_SAMPLE: dict[str, str] = {
    "主办单位": "青岚县示例局（示例行，导入前请删除）",
    "账号名称": "青岚示例发布",
    "平台": "微信公众号-订阅号",
    "账号ID": "gh_0123456789ab",
    "认证主体": "青岚县示例局（示例行，导入前请删除）",
    "开设时间": "2023-03-01",
    "状态": "运行中(已备案)",
    "宗旨": "发布本局政务信息，回应群众关切",
    "运维方式": "自行运维",
    "主要负责人": "张三",
    "主要负责人电话": "13800000001",
    "分管负责人": "李四",
    "分管负责人电话": "13800000002",
    "管理员": "王五",
    "管理员电话": "13800000003",
    "备案编号": "青政新媒〔2023〕1号",
    "是否认证": "是",
    "互动功能": "是",
    "备案日期": "2023-03-08",
    "最近发布时间": "2026-11-18",
}
"""One filled-in row, so that a clerk sees how each column is written (a sample, never imported: its unit
name says so, and the import refuses it while the words 示例行 are there)."""

SAMPLE_MARK = "示例行"


def write_template(
    path: Path | str, platforms: Sequence[str], states: Sequence[str], ops_modes: Sequence[str]
) -> Path:
    """A ledger to fill in: the headers with hints, one sample row, drop-down lists for the closed
    vocabularies, and a second sheet 可选值 listing every allowed platform, state and 运维方式."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "账号台账"
    thin = Side(style="thin", color="9AA5B1")
    required = {"主办单位", "账号名称", "平台"}
    for index, header in enumerate(ALL_HEADERS, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True, color="B3261E" if header in required else "000000")
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[index - 1]
        sample = sheet.cell(row=2, column=index, value=TEMPLATE_SAMPLE.get(header))
        sample.font = Font(italic=True, color="6B7480")
        sample.number_format = "@"  # typed dates and numbers stay as written
    notes = {
        "主办单位": "必填。单位全称，与公章一致；台账中没有的单位会自动新建。第2行是示例，导入前请删除。",
        "账号名称": "必填。同一单位、同一平台的账号名称不能重复。",
        "平台": "必填。从下拉列表中选择，可选值见“可选值”工作表。",
        "开设时间": "格式 YYYY-MM-DD，如 2026-03-01。",
        "状态": "可不填：有备案编号视为“运行中(已备案)”，有开设时间视为“已开设(待备案)”，否则为“拟开设”。",
        "备案编号": "已备案的账号填写主管单位给出的编号。",
        "备案日期": "格式 YYYY-MM-DD。",
        "最近发布时间": "可不填。该账号最近一次发布信息的日期（YYYY-MM-DD），导入后作为一条发布记录，"
        "用于判断是否连续两周未更新；不填则在“工作台”列为“尚无发布记录”，待导入发布记录。",
    }
    for index, header in enumerate(ALL_HEADERS, start=1):
        if header in notes:
            sheet.cell(row=1, column=index).comment = Comment(notes[header], "gmdesk")
    last = 2000

    choices = workbook.create_sheet(CHOICES_SHEET)
    lists = (
        ("平台", platforms),
        ("状态", states),
        ("运维方式", ops_modes),
        ("是否认证", ("是", "否")),
        ("互动功能", ("是", "否")),
    )
    for column, (header, options) in enumerate(lists, start=1):
        letter = get_column_letter(column)
        title = choices.cell(row=1, column=column, value=header)
        title.font = Font(bold=True)
        title.fill = PatternFill("solid", fgColor="DDE6F0")
        choices.column_dimensions[letter].width = 22
        for row, option in enumerate(options, start=2):
            choices.cell(row=row, column=column, value=option)
    hint = choices.cell(
        row=1,
        column=len(lists) + 2,
        value="日期一律写成 YYYY-MM-DD（如 2026-03-01）；“账号台账”表中的下拉列表即取自本表。",
    )
    hint.font = Font(color="6B7480")

    def choose(header: str, options: Sequence[str]) -> None:
        column = get_column_letter(ALL_HEADERS.index(header) + 1)
        source = get_column_letter([h for h, _ in lists].index(header) + 1)
        rule = DataValidation(
            type="list",
            formula1=f"'可选值'!${source}$2:${source}${len(options) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="取值无效",
            error=f"请从下拉列表中选择{header}（可选值见“可选值”工作表）",
        )
        rule.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(rule)

    for header, options in lists:
        choose(header, options)
    sheet.freeze_panes = "A2"
    with atomic_output(path) as temporary:
        workbook.save(temporary)
    return Path(path)
