"""What the 发布日历 tab shows: months and weeks of day cells (counts, worst risk, holidays, notes, posts),
the list of posts, and the accounts at risk, for one account, a unit or every account.

A month of every account is one query: the posts of the month (and of the weeks before it that its windows
reach back to) as bare tuples, counted per day for the cells and per account for the rules; the accounts and
their rules are resolved once per scope (``CalendarContext``) and kept while the clerk pages through months.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from gmdesk.domain.enums import PostStatus, Severity
from gmdesk.domain.forecast import DayRisk, Risk, at_risk, day_risks
from gmdesk.domain.frequency import (
    Clocks,
    check_start,
    data_start,
    frequency_rules,
    gap_rule,
    gap_warning_rule,
)
from gmdesk.domain.workdays import DayKind, WorkCalendar, iter_days, month_bounds
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.policy import PolicyResolver
from gmdesk.services.posts_tally import RuledAccount, ruled_accounts, tallies
from gmdesk.store.queries import day_notes as note_queries
from gmdesk.store.queries import posts as queries

CHIP_LIMIT = 30
"""Month cells list posts by title only for scopes of at most this many accounts (one account, a unit)."""
PLAN_DAYS = 60


@dataclass(frozen=True)
class Scope:
    kind: str = "all"
    """``all``, ``unit`` or ``account``."""
    id: int | None = None
    label: str = "全部账号"

    @classmethod
    def everything(cls) -> Scope:
        return cls()

    @classmethod
    def unit(cls, unit_id: int, name: str) -> Scope:
        return cls("unit", unit_id, name)

    @classmethod
    def account(cls, account_id: int, name: str) -> Scope:
        return cls("account", account_id, name)


class PostRow(queries.PostListing):
    """A post as the calendar lists it: the columns of ``queries.PostListing`` and what follows from them."""

    __slots__ = ()

    @property
    def signed(self) -> bool:
        return bool(self.drafted_by and self.reviewed_by and self.approved_by)

    def is_overdue(self, today: date) -> bool:
        """A plan whose day has passed without being marked published."""
        return self.status is PostStatus.PLANNED and self.at.date() < today


@dataclass(frozen=True)
class NoteRow:
    id: int
    day: date
    account_id: int | None
    account: str
    text: str


@dataclass(frozen=True)
class DayCell:
    day: date
    kind: DayKind
    label: str
    """Holiday name, ``国庆节调休上班`` or empty."""
    published: int = 0
    planned: int = 0
    overdue: int = 0
    """Plans of a past day never marked published."""
    risks: tuple[DayRisk, ...] = ()
    notes: tuple[NoteRow, ...] = ()
    chips: tuple[PostRow, ...] = ()

    @property
    def risk(self) -> Severity | None:
        return max((r.severity for r in self.risks), key=lambda s: s.rank, default=None)

    @property
    def is_off(self) -> bool:
        return self.kind in (DayKind.WEEKEND, DayKind.HOLIDAY)


@dataclass(frozen=True)
class Period:
    """The cells of a month or a week for one scope."""

    scope: Scope
    first: date
    last: date
    today: date
    cells: tuple[DayCell, ...]
    accounts: int
    live: int
    warnings: tuple[str, ...] = ()
    risks_ready: bool = True
    """False when the risks of a large scope are still to come (``period_risks``)."""

    def cell(self, day: date) -> DayCell | None:
        index = (day - self.first).days
        return self.cells[index] if 0 <= index < len(self.cells) else None

    def with_risks(self, risks: dict[date, tuple[DayRisk, ...]]) -> Period:
        cells = tuple(replace(c, risks=risks.get(c.day, ())) for c in self.cells)
        return replace(self, cells=cells, risks_ready=True)


@dataclass
class CalendarContext:
    """A scope's accounts and their rules, resolved once and kept while the clerk pages through months."""

    scope: Scope
    ids: list[int]
    """Every account of the scope, whatever its state (their posts are counted)."""
    ruled: list[RuledAccount]
    """The live ones, whose rules are judged."""
    calendar: WorkCalendar
    names: dict[int, str] = field(default_factory=dict)


def prepare(session: Session, scope: Scope) -> CalendarContext:
    if scope.kind == "account":
        ids = queries.account_ids(session, account_id=scope.id)
    elif scope.kind == "unit":
        ids = queries.account_ids(session, unit_id=scope.id)
    else:
        ids = queries.account_ids(session)
    ruled = ruled_accounts(session, PolicyResolver(session), ids)
    names = {i: n for i, (n, _) in queries.account_names(session, ids).items()}
    return CalendarContext(scope, ids, ruled, load_work_calendar(session), names)


# --------------------------------------------------------------------------- months and weeks
def month(session: Session, context: CalendarContext, day: date, today: date) -> Period:
    """A month of day cells. For a scope of a few accounts the risks come along (they are quick); for a
    large scope ``Period.risks_ready`` is False and the caller asks ``period_risks`` separately, so the
    counts show at once and the colours follow."""
    first, last = month_bounds(day)
    small = len(context.ids) <= CHIP_LIMIT
    return period(session, context, first, last, today, chips=small, with_risks=small)


def week(session: Session, context: CalendarContext, day: date, today: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return period(session, context, monday, monday + timedelta(days=6), today, chips=True, with_risks=True)


def period(
    session: Session,
    context: CalendarContext,
    first: date,
    last: date,
    today: date,
    chips: bool,
    with_risks: bool,
) -> Period:
    """Day cells with counts (one grouped query), holidays, notes, and when asked posts and risks."""
    scoped = None if context.scope.kind == "all" else context.ids
    published: dict[str, int] = defaultdict(int)
    planned: dict[str, int] = defaultdict(int)
    for text, status, count in queries.day_totals(session, first, last, scoped):
        (published if status == PostStatus.PUBLISHED.value else planned)[text] += count
    notes = notes_between(session, context, first, last)
    by_day: dict[date, list[PostRow]] = defaultdict(list)
    for row in _rows(session, context.ids, first, last) if chips else ():
        by_day[row.at.date()].append(row)
    risks = period_risks(session, context, first, last, today) if with_risks else {}
    today_text = today.isoformat()
    cells = []
    for day in iter_days(first, last):
        info = context.calendar.info(day)
        text = day.isoformat()
        waiting = planned.get(text, 0)
        overdue = waiting if text < today_text else 0
        cells.append(
            DayCell(
                day,
                info.kind,
                info.label,
                published.get(text, 0),
                waiting - overdue,
                overdue,
                risks.get(day, ()),
                tuple(n for n in notes if n.day == day),
                tuple(by_day.get(day, ())),
            )
        )
    warnings = tuple(
        w.message for w in context.calendar.coverage_warnings(today) if w.year in (first.year, last.year)
    )
    return Period(
        context.scope,
        first,
        last,
        today,
        tuple(cells),
        len(context.ids),
        len(context.ruled),
        warnings,
        with_risks,
    )


def period_risks(
    session: Session, context: CalendarContext, first: date, last: date, today: date
) -> dict[date, tuple[DayRisk, ...]]:
    """The rules that break on each day of the period, for every live account of the scope, worst first.

    One query reads the posts of the period (and of the weeks before it that the windows reach back to,
    and from today on when the period lies ahead, for the plans); each account is then judged in memory.
    """
    if not context.ruled:
        return {}
    clocks = Clocks(context.calendar)
    rules = {id(a.update): (a.update, a.facts.platform) for a in context.ruled}
    start = first
    for update, platform in rules.values():
        window_rules = [gap_rule(update), gap_warning_rule(update), *frequency_rules(update, platform)]
        start = min(start, data_start(window_rules, first, clocks, floored=True))
    start = min(start, today)  # plans between today and a period ahead count for its windows
    counted = tallies(session, [a.id for a in context.ruled], start, last)
    found: dict[date, list[DayRisk]] = defaultdict(list)
    for account in context.ruled:
        for risk in day_risks(account.facts, account.update, counted[account.id], clocks, today, first, last):
            found[risk.day].append(risk)
    return {
        day: tuple(sorted(items, key=lambda r: (-r.severity.rank, r.account))) for day, items in found.items()
    }


def _rows(session: Session, ids: Sequence[int], first: date, last: date) -> list[PostRow]:
    start = datetime.combine(first, datetime.min.time())
    stop = datetime.combine(last + timedelta(days=1), datetime.min.time())
    return [PostRow._make(row) for row in queries.listing(session, start, stop, ids)]


def posts_between(session: Session, context: CalendarContext, first: date, last: date) -> list[PostRow]:
    """The list view: every post of the scope between the days (cancelled ones too), by time."""
    return _rows(session, context.ids, first, last)


def notes_between(session: Session, context: CalendarContext, first: date, last: date) -> list[NoteRow]:
    ids = None if context.scope.kind == "all" else context.ids
    return [
        NoteRow(
            n.id, n.day, n.account_id, context.names.get(n.account_id, "") if n.account_id else "", n.text
        )
        for n in note_queries.between(session, first, last, ids)
    ]


# --------------------------------------------------------------------------- accounts at risk
def risks(session: Session, context: CalendarContext, today: date) -> list[Risk]:
    """The live accounts of the scope at risk, soonest first (already broken before anything else)."""
    if not context.ruled:
        return []
    clocks = Clocks(context.calendar)
    since = today
    for account in context.ruled:
        window_rules = [gap_rule(account.update), *frequency_rules(account.update, account.facts.platform)]
        since = min(
            since,
            check_start(account.update, account.facts.platform, today, clocks),
            data_start(window_rules, today, clocks),
        )
    counted = tallies(session, [a.id for a in context.ruled], since, today + timedelta(days=PLAN_DAYS))
    found = []
    for account in context.ruled:
        risk = at_risk(account.facts, account.update, counted[account.id], clocks, today)
        if risk is not None:
            found.append(risk)
    return sorted(found, key=lambda r: (r.urgency, r.account))
