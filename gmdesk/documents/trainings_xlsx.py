"""The training register as an Excel file (domain §7 ``trainings``): 日期, 名称, 类型 (内部/外部), 组织单位, 学时,
参加人员 (names separated by 、). Exports add 签到表 (how many scans are attached) and 备注."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gmdesk.documents.xlsx import Column, SheetSpec, write_workbook

DATE, TITLE, KIND, ORGANISER, HOURS, ATTENDEES = "日期", "名称", "类型", "组织单位", "学时", "参加人员"
SHEETS, NOTE = "签到表", "备注"
COLUMNS: tuple[Column, ...] = (
    Column(DATE, required=True, aliases=("培训日期", "时间")),
    Column(TITLE, required=True, aliases=("培训名称", "培训主题", "主题")),
    Column(KIND, required=True, aliases=("培训类型", "内部/外部")),
    Column(ORGANISER, aliases=("主办单位", "组织者", "举办单位")),
    Column(HOURS, aliases=("课时", "时长")),
    Column(ATTENDEES, aliases=("参训人员", "参加人")),
)
HEADERS = (DATE, TITLE, KIND, ORGANISER, HOURS, ATTENDEES)
EXPORT_HEADERS = (*HEADERS, SHEETS, NOTE)


def write_trainings(path: Path | str, rows: Iterable[Sequence[Any]]) -> Path:
    return write_workbook(
        path,
        [
            SheetSpec(
                "培训记录", EXPORT_HEADERS, rows, widths=(12, 36, 8, 24, 8, 40, 8, 30), formats={4: "0.0"}
            )
        ],
    )
