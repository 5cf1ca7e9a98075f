"""The posts interchange file (domain §7): 账号名称, 发布时间, 标题, 类型, 来源, 群发, 链接, 阅读数.

Exports add 分类, 状态, 主办单位 and 平台 after the eight stable columns; imports read them when present —
平台 and 主办单位 tell apart accounts of the same name (a unit's "青岚发布" on WeChat, Weibo and Douyin), so an
export can be imported again — and ignore any other column, matching headers by text in any order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from gmdesk.documents.xlsx import Column, SheetSpec, write_workbook

ACCOUNT = "账号名称"
AT = "发布时间"
TITLE = "标题"
KIND = "类型"
SOURCE = "来源"
PUSH = "群发"
URL = "链接"
READS = "阅读数"
CATEGORY = "分类"
STATUS = "状态"
UNIT = "主办单位"
PLATFORM = "平台"

COLUMNS: tuple[Column, ...] = (
    Column(ACCOUNT, required=True, aliases=("账号", "新媒体账号名称")),
    Column(AT, required=True, aliases=("发布日期", "时间", "发布时间(YYYY-MM-DD HH:MM)")),
    Column(TITLE, required=True, aliases=("标题/内容", "信息标题")),
    Column(KIND, aliases=("原创/转载", "是否原创")),
    Column(SOURCE, aliases=("转载来源", "稿源")),
    Column(PUSH, aliases=("是否群发",)),
    Column(URL, aliases=("链接地址", "网址", "URL")),
    Column(READS, aliases=("阅读量", "浏览量")),
    Column(CATEGORY, aliases=("栏目", "类别")),
    Column(STATUS),
    Column(PLATFORM, aliases=("平台类型",)),
    Column(UNIT, aliases=("主办单位名称",)),
)

HEADERS = (ACCOUNT, AT, TITLE, KIND, SOURCE, PUSH, URL, READS)
"""The stable §7 columns, in their order."""
EXPORT_HEADERS = (*HEADERS, CATEGORY, STATUS, UNIT, PLATFORM)
WIDTHS = (22, 18, 48, 8, 20, 8, 40, 10, 12, 8, 26, 18)


def write_posts(
    path: Path | str, rows: Iterable[Sequence[Any]], progress: Callable[[int], None] | None = None
) -> Path:
    """Rows in EXPORT_HEADERS order (labels, datetimes and booleans are formatted), atomically."""
    return write_workbook(path, [SheetSpec("发布记录", EXPORT_HEADERS, rows, WIDTHS)], progress)


def write_template(path: Path | str, example: Sequence[Sequence[Any]]) -> Path:
    """An empty import file with the §7 headers and an example row."""
    return write_workbook(path, [SheetSpec("发布记录", HEADERS, example, WIDTHS[: len(HEADERS)])])
