"""The 转办单: the sheet the office sends with a forwarded message to the unit that must handle it.

One A4 page in the official style: who sends what to whom, the message, the due date, the requirement, and
blank space for the unit's result, its leader's signature and seal. Personal data arrives already masked
unless the operator may see it; a 保密 message carries a reminder not to pass the writer's details on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Mm

from gmdesk.documents.case_file import fix_widths
from gmdesk.documents.word import (
    FONT_HEITI,
    FONT_SONG,
    SIZE,
    add_grid_table,
    add_paragraph,
    add_title,
    new_document,
    save_document,
    set_cell,
)


@dataclass(frozen=True)
class TransferSheet:
    number: str
    """转办编号, e.g. 青政转〔2026〕第0042号."""
    sender: str
    """The forwarding office (主管单位 or the account's unit)."""
    unit: str
    sent_at: datetime
    due_on: date
    due_workdays: int | None
    message_id: int
    received_at: datetime
    account: str
    channel: str
    writer: str
    contact: str
    category: str
    urgency: str
    content: str
    requirement: str
    operator: str
    answer: str = ""
    answered_at: datetime | None = None
    confidential: bool = False


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def write_transfer_form(sheet: TransferSheet, path: Path | str) -> Path:
    document = new_document(margins_mm=(30, 28, 28, 26), body_size=SIZE["小四"])
    add_title(document, "政务新媒体留言转办单")
    add_paragraph(
        document,
        f"编号：{sheet.number}　　　　转办日期：{_cn_date(sheet.sent_at.date())}",
        font=FONT_SONG,
        size=SIZE["五号"],
        align="right",
        line_spacing_pt=20,
        space_after=4,
    )
    widths = (31.0, 51.0, 26.0, 48.0)
    table = add_grid_table(document, 11, 4, widths_mm=widths)
    fix_widths(table, widths)
    size = SIZE["小四"]

    def row(index: int, *cells: tuple[str, str]) -> None:
        for column, (title, value) in enumerate(cells):
            set_cell(table.cell(index, column * 2), title, font=FONT_HEITI, size=size, align="center")
            set_cell(table.cell(index, column * 2 + 1), value, font=FONT_SONG, size=size)

    def wide(index: int, title: str, value: str, vertical: str = "top") -> None:
        merged = table.cell(index, 1).merge(table.cell(index, 3))
        set_cell(table.cell(index, 0), title, font=FONT_HEITI, size=size, align="center")
        set_cell(merged, value, vertical=vertical, font=FONT_SONG, size=size)

    due = _cn_date(sheet.due_on) + (f"（{sheet.due_workdays}个工作日）" if sheet.due_workdays else "")
    wide(0, "承办单位", sheet.unit, "center")
    row(1, ("留言编号", f"#{sheet.message_id}"), ("收到时间", f"{sheet.received_at:%Y-%m-%d %H:%M}"))
    row(2, ("来源账号", sheet.account), ("渠道", sheet.channel))
    row(3, ("留言人", sheet.writer or "（未留名）"), ("联系方式", sheet.contact or "（未留）"))
    row(4, ("类别", sheet.category), ("紧急程度", sheet.urgency))
    wide(5, "留言内容", sheet.content)
    requirement = sheet.requirement.strip() or "请核实办理，并将办理结果书面反馈转办单位。"
    if sheet.confidential:
        requirement += "\n留言人要求对其个人信息保密，办理中不得泄露其姓名和联系方式。"
    wide(6, "办理要求", requirement)
    wide(7, "答复期限", f"请于{due}前将办理结果反馈{sheet.sender}。", "center")
    answer = sheet.answer
    if sheet.answered_at is not None:
        answer = f"{answer}\n（{sheet.answered_at:%Y-%m-%d %H:%M} 反馈）"
    wide(8, "办理结果", answer or "\n\n\n")
    wide(
        9,
        "承办单位意见",
        "\n\n负责人签字：　　　　　　　　　（单位盖章）\n\n　　　　　　　　　　　　　　　　　年　　月　　日",
    )
    wide(10, "转办单位", f"{sheet.sender}　　经办人：{sheet.operator}", "center")
    # Room to read the message and for the unit to write its result and sign by hand.
    for index, height in enumerate((9, 8, 8, 8, 8, 40, 14, 12, 42, 28, 9)):
        table.rows[index].height = Mm(height)
        table.rows[index].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    add_paragraph(
        document,
        "注：本单所载留言人联系方式等个人信息仅供承办单位办理、答复本件留言使用，不得用于其他用途，不得外传；"
        "办结后请按档案管理规定保管本单。",
        font=FONT_SONG,
        size=SIZE["小五"],
        line_spacing_pt=18,
        space_before=4,
    )
    return save_document(document, path)
