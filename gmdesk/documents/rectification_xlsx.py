"""The 整改台账 Excel layout: the columns a superior's 通报 is entered in, and the ledger export.

Import reads 存在问题 (required), 整改措施, 责任人, 时限（工作日） or 整改期限, 下达日期, 通报文号, 主办单位,
账号名称 and 平台, headers matched by text in any order; the export writes the same columns and adds the
state, result and evidence, so an exported ledger can be read again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gmdesk.documents.xlsx import Column, SheetSpec, write_workbook

NOTICE = "通报文号"
OPENED = "下达日期"
UNIT = "主办单位"
ACCOUNT = "账号名称"
PLATFORM = "平台"
PROBLEM = "存在问题"
MEASURE = "整改措施"
RESPONSIBLE = "责任人"
WORKDAYS = "时限（工作日）"
DUE = "整改期限"
SOURCE = "来源"

COLUMNS: tuple[Column, ...] = (
    Column(PROBLEM, required=True, aliases=("问题", "问题描述", "存在的问题", "主要问题")),
    Column(MEASURE, aliases=("措施", "整改要求")),
    Column(RESPONSIBLE, aliases=("责任人员", "整改责任人")),
    Column(WORKDAYS, aliases=("时限", "整改时限", "时限(工作日)", "工作日")),
    Column(DUE, aliases=("期限", "完成时限", "整改截止日期")),
    Column(OPENED, aliases=("通报日期", "下发日期", "开始日期")),
    Column(NOTICE, aliases=("文号", "通报", "通报名称")),
    Column(UNIT, aliases=("责任单位", "单位", "单位名称")),
    Column(ACCOUNT, aliases=("账号", "新媒体账号名称")),
    Column(PLATFORM, aliases=("平台类型",)),
    Column(SOURCE, aliases=("问题来源",)),
)

HEADERS = (NOTICE, OPENED, UNIT, ACCOUNT, PLATFORM, PROBLEM, MEASURE, RESPONSIBLE, WORKDAYS, DUE)
"""The import template's columns, in order."""
EXPORT_HEADERS = ("序号", SOURCE, *HEADERS, "状态", "完成日期", "整改结果", "证明材料", "距期限")
WIDTHS = (6, 10, 22, 12, 24, 20, 14, 48, 40, 12, 10, 12, 8, 12, 40, 10, 14)


def write_items(path: Path | str, rows: Iterable[Sequence[Any]]) -> Path:
    """The ledger, rows in EXPORT_HEADERS order, atomically."""
    return write_workbook(path, [SheetSpec("整改台账", EXPORT_HEADERS, rows, WIDTHS)])


def write_template(path: Path | str, example: Sequence[Sequence[Any]]) -> Path:
    """An empty 通报 import file with the headers and an example row."""
    return write_workbook(path, [SheetSpec("整改事项", HEADERS, example, WIDTHS[2 : 2 + len(HEADERS)])])
