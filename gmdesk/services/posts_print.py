"""打印月历: a month of one account (posts by title) or of many (counts and the rules that break) to Word."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from gmdesk.documents.month_calendar import PrintedDay, PrintedMonth, write_month_calendar
from gmdesk.domain.enums import PostStatus
from gmdesk.domain.workdays import month_bounds
from gmdesk.services.posts_calendar import CHIP_LIMIT, DayCell, Scope, period, prepare

LEGEND = "✓ 已发布  ○ 计划  ⚠ 当天不符合更新规则  △ 若不再安排将不符合  底色：红—法定节假日  灰—休息日  蓝—调休上班"


def print_month(session: Session, scope: Scope, month: date, today: date, path: Path | str) -> Path:
    context = prepare(session, scope)
    first, last = month_bounds(month)
    small = len(context.ids) <= CHIP_LIMIT
    data = period(session, context, first, last, today, chips=small, with_risks=True)
    several = len(context.ids) > 1
    days = [_day(cell, today, small, several) for cell in data.cells]
    if scope.kind == "all":
        subtitle = f"全部账号（{data.accounts}个，其中已开设/运行中/拟关停{data.live}个）"
    else:
        subtitle = scope.label
    published = sum(c.published for c in data.cells)
    planned = sum(c.planned for c in data.cells)
    footer = f"本月已发布{published}条、计划{planned}条。打印日期：{today.isoformat()}"
    title = f"{first.year}年{first.month}月 发布日历"
    return write_month_calendar(path, PrintedMonth(title, subtitle, first, days, LEGEND, footer, today))


def _day(cell: DayCell, today: date, small: bool, several: bool) -> PrintedDay:
    parts = []
    if cell.published:
        parts.append(f"已发{cell.published}")
    if cell.planned:
        parts.append(f"计划{cell.planned}")
    if cell.overdue:
        parts.append(f"逾期未发{cell.overdue}")
    lines: list[str] = []
    if small:
        for chip in cell.chips:
            if chip.status is PostStatus.CANCELLED:
                continue
            mark = "✓" if chip.status is PostStatus.PUBLISHED else "○"
            who = f"{chip.account}·" if several else ""
            lines.append(f"{chip.at:%H:%M}{mark}{who}{chip.title}")
    future = cell.day > today
    risks = [
        f"{'△' if future else '⚠'}{r.account + ' ' if several or not small else ''}{r.label}"
        for r in cell.risks
    ]
    lines = risks + lines
    return PrintedDay(
        cell.day,
        cell.kind.value,
        cell.label,
        " · ".join(parts),
        tuple(lines),
        bool(cell.risks) and not future,
        tuple(n.text for n in cell.notes),
    )
