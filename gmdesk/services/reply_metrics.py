"""Reply metrics (domain §4) for any period, overall and by account, unit and category.

The annual report (issue 6) and the inbox call :func:`reply_metrics`; everything returned is a plain
dataclass. Definitions, so that every figure can be explained to an inspector:

- **收到** (``received``): messages received in the period; **已答复**, **不予受理** and **仍在办理** are of those.
- **到期** (``due``): messages whose answer deadline (答复期限, with any extension or committed date) fell in the
  period and had passed by ``as_of``; refused messages (不予受理) are left out. **按期答复** (``on_time``): of
  those, answered by the deadline; **逾期** (``overdue``): the rest, answered late or not at all.
- **按期答复率** = 按期答复 / 到期 (None when nothing fell due).
- **平均首次回应时间** (hours) and **平均办理时间** (days, receipt to answer) over the messages received in the
  period that had a first response / an answer by ``as_of``.
- **当前逾期** (``open_overdue``) and **超3个月未办结** (``open_long``): a snapshot of the open messages at
  ``as_of``, whatever the period (what the inbox shows in red today).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from gmdesk.domain.enums import MessageCategory
from gmdesk.domain.errors import UserError
from gmdesk.domain.workdays import add_months
from gmdesk.services.policy import active_profile
from gmdesk.store.queries import messages as queries


@dataclass(frozen=True)
class ReplyFigures:
    received: int = 0
    answered: int = 0
    rejected: int = 0
    still_open: int = 0
    due: int = 0
    on_time: int = 0
    open_overdue: int = 0
    open_long: int = 0
    first_response_hours_sum: float = 0.0
    first_response_count: int = 0
    handling_hours_sum: float = 0.0
    handling_count: int = 0

    @property
    def overdue(self) -> int:
        """Fell due in the period and was answered late or not at all."""
        return self.due - self.on_time

    @property
    def on_time_rate(self) -> float | None:
        """按期答复率 as a fraction (0.953), None when nothing fell due."""
        return self.on_time / self.due if self.due else None

    @property
    def avg_first_response_hours(self) -> float | None:
        return (
            self.first_response_hours_sum / self.first_response_count if self.first_response_count else None
        )

    @property
    def avg_handling_days(self) -> float | None:
        return self.handling_hours_sum / self.handling_count / 24.0 if self.handling_count else None

    def __add__(self, other: ReplyFigures) -> ReplyFigures:
        return ReplyFigures(
            *(getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__)
        )


@dataclass(frozen=True)
class GroupFigures:
    key: int | str
    """The account or unit id, or the category code."""
    label: str
    """账号名称, 单位名称 or 类别."""
    figures: ReplyFigures
    parent: str = ""
    """For an account: its unit's name."""


@dataclass(frozen=True)
class ReplyMetrics:
    start: date
    end: date
    """The period, both days included."""
    as_of: datetime
    overall: ReplyFigures
    by_account: list[GroupFigures] = field(default_factory=list)
    by_unit: list[GroupFigures] = field(default_factory=list)
    by_category: list[GroupFigures] = field(default_factory=list)
    """Every category, in the order of domain §4, even when empty."""


def reply_metrics(
    session: Session,
    start: date,
    end: date,
    as_of: datetime | None = None,
    account_ids: list[int] | None = None,
) -> ReplyMetrics:
    """The figures of the period [start, end] (both days included) as they stand at ``as_of``.

    ``as_of`` defaults to the end of ``end`` (a past period) — pass the current time for a period that is
    still running. ``account_ids`` limits the figures to some accounts.
    """
    if end < start:
        raise UserError("统计期间的结束日期不能早于开始日期")
    period_start = datetime.combine(start, time())
    period_end = datetime.combine(end + timedelta(days=1), time())
    moment = as_of or period_end
    long_span = active_profile(session).replies.long_unanswered
    long_before = datetime.combine(add_months(moment.date(), -long_span.amount), moment.time())
    cells = _cells(session, period_start, period_end, moment, long_before, account_ids)
    names = queries.account_units(session)
    overall, accounts, units, categories = _totals(cells, names)
    unit_names = {unit_id: unit_name for _, unit_id, unit_name in names.values()}
    return ReplyMetrics(
        start=start,
        end=end,
        as_of=moment,
        overall=overall,
        by_account=sorted(
            (
                GroupFigures(a, names.get(a, ("（已删除的账号）", 0, ""))[0], f, names.get(a, ("", 0, ""))[2])
                for a, f in accounts.items()
            ),
            key=lambda g: (g.parent, g.label),
        ),
        by_unit=sorted(
            (GroupFigures(u, unit_names.get(u, "（未知单位）"), f) for u, f in units.items()),
            key=lambda g: g.label,
        ),
        by_category=[GroupFigures(c.value, c.label, categories[c.value]) for c in MessageCategory],
    )


def _cells(
    session: Session,
    period_start: datetime,
    period_end: datetime,
    moment: datetime,
    long_before: datetime,
    account_ids: list[int] | None,
) -> dict[tuple[int, str], ReplyFigures]:
    """The figures of each (account, category): received, fell due, and open at ``moment``."""
    cells: dict[tuple[int, str], ReplyFigures] = {}

    def add(account_id: int, category: str, figures: ReplyFigures) -> None:
        key = (account_id, str(category))
        cells[key] = cells.get(key, ReplyFigures()) + figures

    for r in queries.metrics_received(session, period_start, period_end, moment, account_ids):
        add(
            r.account_id,
            r.category,
            ReplyFigures(
                received=r.received,
                answered=r.answered or 0,
                rejected=r.rejected or 0,
                still_open=r.still_open or 0,
                first_response_hours_sum=float(r.first_response_hours or 0.0),
                first_response_count=r.first_responses or 0,
                handling_hours_sum=float(r.handling_hours or 0.0),
                handling_count=r.handled or 0,
            ),
        )
    for d in queries.metrics_due(session, period_start, period_end, moment, account_ids):
        add(d.account_id, d.category, ReplyFigures(due=d.due, on_time=d.on_time or 0))
    for o in queries.metrics_open(session, moment, long_before, account_ids):
        add(o.account_id, o.category, ReplyFigures(open_overdue=o.overdue or 0, open_long=o.long_open or 0))
    return cells


def _totals(
    cells: dict[tuple[int, str], ReplyFigures], names: dict[int, tuple[str, int, str]]
) -> tuple[ReplyFigures, dict[int, ReplyFigures], dict[int, ReplyFigures], dict[str, ReplyFigures]]:
    """The cells summed overall, by account, by unit and by category (every category, even when empty)."""
    accounts: dict[int, ReplyFigures] = {}
    units: dict[int, ReplyFigures] = {}
    categories: dict[str, ReplyFigures] = {c.value: ReplyFigures() for c in MessageCategory}
    overall = ReplyFigures()
    for (account_id, category), figures in cells.items():
        overall = overall + figures
        accounts[account_id] = accounts.get(account_id, ReplyFigures()) + figures
        unit_id = names.get(account_id, ("", 0, ""))[1]
        units[unit_id] = units.get(unit_id, ReplyFigures()) + figures
        categories[category] = categories.get(category, ReplyFigures()) + figures
    return overall, accounts, units, categories


def on_time_figures(session: Session, start: date, end: date, as_of: datetime) -> ReplyFigures:
    """Only **到期** and **按期答复** of the period, as :func:`reply_metrics` counts them: the dashboard's
    按期答复率 without the rest of the figures (one indexed query)."""
    period_start = datetime.combine(start, time())
    period_end = datetime.combine(end + timedelta(days=1), time())
    due, on_time = queries.due_totals(session, period_start, period_end, as_of)
    return ReplyFigures(due=due, on_time=on_time)


def percent(rate: float | None) -> str:
    """95.3% or — (for tables and reports)."""
    return "—" if rate is None else f"{rate * 100:.1f}%"
