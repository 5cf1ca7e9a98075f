"""The office's 错敏 lexicon as an Excel file: 类型 (词条/例外), 错误表述, 规范表述, 类别, 起始日期, 说明."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gmdesk.documents.xlsx import Column, SheetSpec, write_workbook

KIND, WRONG, RIGHT, CATEGORY, SINCE, NOTE = "类型", "错误表述", "规范表述", "类别", "起始日期", "说明"
COLUMNS: tuple[Column, ...] = (
    Column(KIND, aliases=("词条/例外",)),
    Column(WRONG, required=True, aliases=("错误词语", "词语", "例外词语")),
    Column(RIGHT, aliases=("正确表述", "建议")),
    Column(CATEGORY, aliases=("分类",)),
    Column(SINCE, aliases=("生效日期",)),
    Column(NOTE, aliases=("备注", "来源")),
)
HEADERS = (KIND, WRONG, RIGHT, CATEGORY, SINCE, NOTE)


def write_terms(path: Path | str, rows: Iterable[Sequence[Any]]) -> Path:
    return write_workbook(path, [SheetSpec("本单位错敏词库", HEADERS, rows, widths=(8, 24, 36, 14, 12, 36))])
