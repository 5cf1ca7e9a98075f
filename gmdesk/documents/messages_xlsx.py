"""The messages interchange file of domain §7: the columns an import reads and an export writes.

Import columns: 账号名称, 渠道, 收到时间, 留言人, 联系方式, 内容, 类别, 紧急程度 (plus optional 平台 to tell apart two
accounts of one name, 保密, and the export's own 状态/首次回应时间/答复时间/办理部门 so that an exported file
reads back). An export writes the §7 columns first, in that order, then a few more a clerk asks for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from gmdesk.documents.xlsx import Column, SheetSpec, write_workbook

IMPORT_COLUMNS: tuple[Column, ...] = (
    Column("账号名称", required=True, aliases=("账号", "账号名")),
    Column("渠道", aliases=("来源渠道",)),
    Column("收到时间", required=True, aliases=("留言时间", "时间")),
    Column("留言人", aliases=("姓名", "昵称")),
    Column("联系方式", aliases=("联系电话", "电话")),
    Column("内容", required=True, aliases=("留言内容",)),
    Column("类别", aliases=("留言类别", "类型")),
    Column("紧急程度", aliases=("紧急",)),
    Column("平台"),
    Column("保密", aliases=("是否保密",)),
    Column("状态", aliases=("办理状态",)),
    Column("首次回应时间"),
    Column("答复时间"),
    Column("办理部门", aliases=("承办单位",)),
)

EXPORT_HEADERS: tuple[str, ...] = (
    "账号名称",
    "渠道",
    "收到时间",
    "留言人",
    "联系方式",
    "内容",
    "类别",
    "紧急程度",
    "首次回应期限",
    "答复期限",
    "状态",
    "首次回应时间",
    "答复时间",
    "办理部门",
    "编号",
    "平台",
    "主办单位",
    "办结时间",
    "承诺答复期限",
    "延期(工作日)",
    "是否按期",
    "答复内容",
)
"""The §7 columns (the first 14, stable for scripts), then extras."""

EXPORT_WIDTHS: tuple[int, ...] = (
    18,
    8,
    17,
    12,
    15,
    60,
    8,
    9,
    17,
    17,
    10,
    17,
    17,
    20,
    8,
    16,
    22,
    17,
    13,
    10,
    9,
    60,
)


def write_messages_workbook(
    path: Path | str, rows: Iterable[Sequence[Any]], progress: Callable[[int], None] | None = None
) -> Path:
    """Stream the rows (in :data:`EXPORT_HEADERS` order) to ``path``, atomically."""
    return write_workbook(path, [SheetSpec("留言", EXPORT_HEADERS, rows, EXPORT_WIDTHS)], progress=progress)


def write_import_template(path: Path | str) -> Path:
    """An empty file with the import columns and one example row, for the clerk to fill in."""
    example = (
        "青岚发布",
        "留言",
        "2026-03-02 09:15",
        "王先生",
        "17012345678",
        "请问医保缴费截止到哪天？",
        "咨询",
        "一般",
    )
    headers = [c.header for c in IMPORT_COLUMNS[:8]]
    return write_workbook(path, [SheetSpec("留言", headers, [example], EXPORT_WIDTHS[:8])])
