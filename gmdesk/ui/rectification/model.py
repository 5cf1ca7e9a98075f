"""The columns of the 整改台账 and the filters above it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from gmdesk.domain.enums import RectificationSource, RectificationState
from gmdesk.domain.lifecycle import DeadlineState
from gmdesk.services.rectification import ItemRow
from gmdesk.ui import palette
from gmdesk.ui.models.table_model import Column

DEADLINE_COLOUR = {DeadlineState.OVERDUE: palette.DANGER, DeadlineState.DUE_SOON: palette.CAUTION}
STATE_COLOUR = {
    RectificationState.OPEN: palette.INFO,
    RectificationState.IN_PROGRESS: palette.URGENT,
    RectificationState.DONE: palette.GOOD,
}


def _one_line(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


COLUMNS: list[Column[ItemRow]] = [
    Column("编号", lambda r: r.id, align_right=True, width=52),
    Column(
        "状态",
        lambda r: r.state.label,
        foreground=lambda r: STATE_COLOUR.get(r.state),
        width=64,
        sort_key=lambda r: list(RectificationState).index(r.state),
    ),
    Column("存在问题", lambda r: _one_line(r.problem), tooltip=lambda r: r.problem, width=300),
    Column("账号", lambda r: r.account_label, tooltip=lambda r: r.account_label, width=220),
    Column("单位", lambda r: r.unit, tooltip=lambda r: r.unit, width=140),
    Column("责任人", lambda r: r.responsible, width=70),
    Column("期限", lambda r: r.due_on, sort_key=lambda r: (r.due_on is None, r.due_on or date.max), width=92),
    Column(
        "距期限",
        lambda r: r.remaining,
        foreground=lambda r: DEADLINE_COLOUR.get(r.deadline),
        width=100,
        sort_key=lambda r: (not r.is_open, r.due_on or date.max),
    ),
    Column("来源", lambda r: r.notice_ref or r.source.label, tooltip=lambda r: r.source.label, width=130),
    Column("材料", lambda r: r.evidence or "", align_right=True, width=44),
]

STATE_FILTERS: list[tuple[str, Callable[[ItemRow], bool]]] = [
    ("未完成", lambda r: r.is_open),
    ("已逾期", lambda r: r.deadline is DeadlineState.OVERDUE),
    ("即将到期", lambda r: r.deadline is DeadlineState.DUE_SOON),
    ("待整改", lambda r: r.state is RectificationState.OPEN),
    ("整改中", lambda r: r.state is RectificationState.IN_PROGRESS),
    ("已完成", lambda r: r.state is RectificationState.DONE),
    ("全部", lambda r: True),
]
SOURCE_FILTERS: list[tuple[str, RectificationSource | None]] = [("全部来源", None)] + [
    (s.label, s) for s in RectificationSource
]


def matches(row: ItemRow, text: str) -> bool:
    """The search box: any of problem, measure, account, unit, responsible, 通报文号, or ``#编号``."""
    text = text.strip()
    if not text:
        return True
    if text.startswith("#") and text[1:].isdigit():
        return row.id == int(text[1:])
    haystack = " ".join(
        (row.problem, row.measure, row.account, row.unit, row.responsible, row.notice_ref, row.result)
    )
    return all(word in haystack for word in text.split())
