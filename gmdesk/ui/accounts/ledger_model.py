"""The ledger table: its columns, colours and tooltips, and the filter the search and the combos build."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gmdesk.domain.enums import AccountState
from gmdesk.domain.lifecycle import DeadlineState
from gmdesk.domain.platforms import Platform
from gmdesk.services.accounts_data import LedgerRow
from gmdesk.ui import palette
from gmdesk.ui.models.table_model import Column

OVERDUE_BACKGROUND = palette.DANGER_SOFT
OVERDUE_TEXT = palette.DANGER
SOON_BACKGROUND = palette.CAUTION_SOFT
SOON_TEXT = palette.CAUTION
CLOSED_TEXT = palette.FAINT

STATE_COLOURS = {
    AccountState.PROPOSED: palette.MUTED,
    AccountState.APPLYING: palette.INFO,
    AccountState.APPROVED: palette.INFO,
    AccountState.OPENED: palette.CAUTION,
    AccountState.RUNNING: palette.GOOD,
    AccountState.CLOSING: palette.CAUTION,
    AccountState.CANCELED: palette.MUTED,
    AccountState.CLOSED: CLOSED_TEXT,
}


def _background(row: LedgerRow) -> str | None:
    if row.deadline is DeadlineState.OVERDUE:
        return OVERDUE_BACKGROUND
    if row.deadline is DeadlineState.DUE_SOON:
        return SOON_BACKGROUND
    return None


def _text_colour(row: LedgerRow) -> str | None:
    return CLOSED_TEXT if row.state is AccountState.CLOSED else None


def _deadline_colour(row: LedgerRow) -> str | None:
    return {DeadlineState.OVERDUE: OVERDUE_TEXT, DeadlineState.DUE_SOON: SOON_TEXT}.get(
        row.deadline, _text_colour(row)
    )


def _tip(row: LedgerRow) -> str:
    return row.deadline_tip


def _deadline_order(row: LedgerRow) -> tuple[int, str]:
    """Overdue first, then due soon, then other deadlines by date, then none."""
    rank = {DeadlineState.OVERDUE: 0, DeadlineState.DUE_SOON: 1, DeadlineState.OPEN: 2, DeadlineState.NONE: 3}
    return rank[row.deadline], row.next_due.isoformat() if row.next_due else "9999"


def columns() -> list[Column[LedgerRow]]:
    common = {"background": _background, "tooltip": _tip}
    return [
        Column("主办单位", lambda r: r.unit_name, foreground=_text_colour, width=170, **common),
        Column("账号名称", lambda r: r.name, foreground=_text_colour, width=120, **common),
        Column("平台", lambda r: r.platform.label, foreground=_text_colour, width=120, **common),
        Column(
            "状态",
            lambda r: r.state.label,
            sort_key=lambda r: list(AccountState).index(r.state),
            foreground=lambda r: STATE_COLOURS[r.state],
            width=112,
            **common,
        ),
        Column("备案状态", lambda r: r.filing_status, foreground=_text_colour, width=90, **common),
        Column(
            "下一期限",
            lambda r: r.deadline_text,
            sort_key=_deadline_order,
            foreground=_deadline_colour,
            width=230,
            **common,
        ),
        Column("管理员", lambda r: r.admin, foreground=_text_colour, width=80, **common),
        Column(
            "提示",
            lambda r: r.hints,
            tooltip=lambda r: r.hints_tip or r.deadline_tip,
            background=_background,
            foreground=lambda r: SOON_TEXT if r.hints else None,
            width=140,
        ),
    ]


DEADLINE_FILTERS = ("全部期限", "有逾期", "即将到期", "有待办事项")
STATE_FILTERS = ("全部状态", "公开运行中（含待备案、拟关停）", *AccountState.labels())


@dataclass(frozen=True)
class LedgerFilter:
    text: str = ""
    unit_id: int | None = None
    platform: Platform | None = None
    state: str = STATE_FILTERS[0]
    deadline: str = DEADLINE_FILTERS[0]

    @property
    def active(self) -> bool:
        return self != LedgerFilter()

    def predicate(self) -> Callable[[LedgerRow], bool] | None:
        if not self.active:
            return None
        terms = self.text.lower().split()

        def keep(row: LedgerRow) -> bool:
            if self.unit_id is not None and row.unit_id != self.unit_id:
                return False
            if self.platform is not None and row.platform is not self.platform:
                return False
            if self.state == STATE_FILTERS[1] and not row.state.is_live:
                return False
            if self.state not in STATE_FILTERS[:2] and row.state.label != self.state:
                return False
            if self.deadline == "有逾期" and not row.overdue:
                return False
            if self.deadline == "即将到期" and not row.due_soon:
                return False
            if self.deadline == "有待办事项" and not row.pending_count:
                return False
            return all(term in row.search_text for term in terms)

        return keep
