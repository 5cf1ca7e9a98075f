"""A message's case file (留言办理案卷): the message, its deadlines, every step with time and operator, the
转办 with the units' answers, and every reply, for the office's records (domain §8: records are archived)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from docx.shared import Mm

from gmdesk.documents.word import (
    FONT_HEITI,
    FONT_SONG,
    SIZE,
    add_grid_table,
    add_heading,
    add_page_number_footer,
    add_paragraph,
    add_title,
    cant_split,
    new_document,
    save_document,
    set_cell,
    set_repeat_header,
)


@dataclass(frozen=True)
class CaseStep:
    at: datetime
    what: str
    operator: str
    note: str


@dataclass(frozen=True)
class CaseTransfer:
    unit: str
    sent_at: datetime
    due: str
    answered_at: datetime | None
    answer: str
    operator: str


@dataclass(frozen=True)
class CaseReply:
    at: datetime
    kind: str
    operator: str
    text: str


@dataclass(frozen=True)
class CaseFile:
    title: str
    """e.g. 留言办理案卷（#123）."""
    facts: list[tuple[str, str]]
    """(label, value) of the message: 编号, 账号, 渠道, 收到时间, 留言人, 联系方式, 类别, 紧急程度, 状态."""
    content: str
    deadlines: list[tuple[str, str]]
    steps: list[CaseStep] = field(default_factory=list)
    transfers: list[CaseTransfer] = field(default_factory=list)
    replies: list[CaseReply] = field(default_factory=list)
    printed_by: str = ""
    printed_at: datetime | None = None
    masked: bool = True


def fix_widths(table: Any, widths_mm: tuple[float, ...]) -> None:
    """Column widths in the table grid too: Word reads the cells, LibreOffice and WPS the grid."""
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)


def _pairs_table(document: object, pairs: list[tuple[str, str]]) -> None:
    rows = (len(pairs) + 1) // 2
    widths = (30.0, 48.0, 30.0, 48.0)
    table = add_grid_table(document, rows, 4, widths_mm=widths)
    fix_widths(table, widths)
    for index, (label, value) in enumerate(pairs):
        row, column = divmod(index, 2)
        set_cell(table.cell(row, column * 2), label, font=FONT_HEITI, size=SIZE["五号"], align="center")
        set_cell(table.cell(row, column * 2 + 1), value, font=FONT_SONG, size=SIZE["五号"])
    for row in table.rows:
        cant_split(row)


def _list_table(
    document: object, headers: list[str], rows: list[list[str]], widths: tuple[float, ...]
) -> None:
    table = add_grid_table(document, len(rows) + 1, len(headers), widths_mm=widths)
    fix_widths(table, widths)
    for column, header in enumerate(headers):
        set_cell(table.cell(0, column), header, font=FONT_HEITI, size=SIZE["五号"], align="center")
    set_repeat_header(table.rows[0])
    for row in table.rows:  # a step or a transfer is read whole: its row moves to the next page, never breaks
        cant_split(row)
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            set_cell(table.cell(number, column), value, font=FONT_SONG, size=SIZE["五号"], vertical="top")


def _heading(document: Any, text: str) -> None:
    add_heading(document, text).paragraph_format.keep_with_next = True  # never alone at the foot of a page


def write_case_file(case: CaseFile, path: Path | str) -> Path:
    document = new_document(body_size=SIZE["小四"])
    add_title(document, case.title)
    _heading(document, "一、留言信息")
    _pairs_table(document, case.facts)
    add_paragraph(
        document, "留言内容：", font=FONT_HEITI, size=SIZE["小四"], line_spacing_pt=24, space_before=6
    )
    for line in case.content.splitlines() or [""]:
        add_paragraph(document, line, font=FONT_SONG, size=SIZE["小四"], indent_chars=2, line_spacing_pt=22)

    _heading(document, "二、办理期限")
    _pairs_table(document, case.deadlines)

    _heading(document, "三、办理过程")
    _list_table(
        document,
        ["时间", "环节", "经办人", "说明"],
        [[f"{s.at:%Y-%m-%d %H:%M}", s.what, s.operator, s.note] for s in case.steps],
        (38, 26, 20, 72),
    )

    _heading(document, "四、转办情况")
    if case.transfers:
        _list_table(
            document,
            ["承办单位", "转办时间", "答复期限", "反馈时间", "办理结果"],
            [
                [
                    t.unit,
                    f"{t.sent_at:%Y-%m-%d %H:%M}",
                    t.due,
                    f"{t.answered_at:%Y-%m-%d %H:%M}" if t.answered_at else "尚未反馈",
                    t.answer,
                ]
                for t in case.transfers
            ],
            (30, 30, 24, 30, 42),
        )
    else:
        add_paragraph(
            document, "未转办。", font=FONT_SONG, size=SIZE["小四"], indent_chars=2, line_spacing_pt=22
        )

    _heading(document, "五、回复内容")
    if not case.replies:
        add_paragraph(
            document, "尚未回复。", font=FONT_SONG, size=SIZE["小四"], indent_chars=2, line_spacing_pt=22
        )
    for reply in case.replies:
        add_paragraph(
            document,
            f"{reply.kind}（{reply.at:%Y-%m-%d %H:%M}，{reply.operator}）：",
            font=FONT_HEITI,
            size=SIZE["五号"],
            line_spacing_pt=22,
            space_before=4,
        )
        for line in reply.text.splitlines() or [""]:
            add_paragraph(
                document, line, font=FONT_SONG, size=SIZE["小四"], indent_chars=2, line_spacing_pt=22
            )

    footer = []
    if case.printed_at is not None:
        footer.append(f"打印：{case.printed_by}，{case.printed_at:%Y-%m-%d %H:%M}")
    footer.append("个人信息已去标识化处理" if case.masked else "含个人信息，请妥善保管，不得外传")
    add_paragraph(
        document,
        "　".join(footer),
        font=FONT_SONG,
        size=SIZE["小五"],
        align="right",
        line_spacing_pt=18,
        space_before=8,
    )
    add_page_number_footer(document)
    return save_document(document, path)
