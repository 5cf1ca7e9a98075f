"""工作台: today's list, this year's key figures and the posts per month, in one call with plain dataclasses.

Every part reuses the area that owns it — the reply and account check providers, the 14-day forecast of the
calendar, the repost duties, the 整改 findings, the reply metrics — and reads only what today needs: open
messages through the deadline index, each live account's last post by one index probe and the posts of a
few weeks, pending filings, open duties and items. The year's posts are the one large read (a county's
year is a quarter of a million posts); :func:`year_posts` is separate so the tab can show the list first.
"""

from __future__ import annotations

import re
import time as clock
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from gmdesk.collector import paused
from gmdesk.domain.account_checks import filing_findings, password_rotation
from gmdesk.domain.enums import Severity
from gmdesk.domain.findings import Finding, RuleId, rule_title
from gmdesk.domain.forecast import AT_RISK_DAYS
from gmdesk.domain.frequency import NO_POST_RECORD_TEXT, Clocks, no_post_record
from gmdesk.domain.post_tally import PostTally
from gmdesk.domain.today import GapRisk, TodoGroup, TodoItem, TodoKind, gap_risk, group
from gmdesk.domain.workdays import DayInfo
from gmdesk.services.accounts_checks import load_facts
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.checks import CheckContext
from gmdesk.services.frequency_checks import frequency_findings
from gmdesk.services.overview import WEEKDAYS
from gmdesk.services.policy import PolicyResolver
from gmdesk.services.posts_tally import RuledAccount, ruled_accounts, tallies
from gmdesk.services.rectification_findings import rectification_findings
from gmdesk.services.reply_checks import reply_findings, transfer_findings
from gmdesk.services.reply_metrics import on_time_figures
from gmdesk.store.queries import dashboard as queries
from gmdesk.store.queries import reference
from gmdesk.store.queries import reposts as repost_queries

REPOST_LOOK_BACK = timedelta(days=92)
"""Open duties of tasks due this long ago still show (the calendar's checks look back a quarter)."""


@dataclass(frozen=True)
class KeyFigures:
    accounts: int
    live_accounts: int
    open_messages: int
    overdue_messages: int
    replies_due: int
    """Messages whose answer deadline fell this year and has passed (按期答复率's denominator)."""
    replies_on_time: int
    vetoes: int
    """Single-veto situations now: accounts past the 14-day gap, without interaction, messages open 3 months."""
    at_risk: int
    open_rectifications: int

    @property
    def on_time_rate(self) -> float | None:
        return self.replies_on_time / self.replies_due if self.replies_due else None


@dataclass(frozen=True)
class MonthPosts:
    month: int
    published: int
    originals: int


@dataclass(frozen=True)
class YearPosts:
    year: int
    through: date
    months: tuple[MonthPosts, ...]
    """January to the month of ``through``."""
    seconds: float = 0.0

    @property
    def published(self) -> int:
        return sum(m.published for m in self.months)

    @property
    def originals(self) -> int:
        return sum(m.originals for m in self.months)

    @property
    def original_rate(self) -> float | None:
        return self.originals / self.published if self.published else None


@dataclass(frozen=True)
class DashboardData:
    today: date
    day: DayInfo
    holiday_warnings: tuple[str, ...]
    groups: list[TodoGroup]
    figures: KeyFigures
    posts: YearPosts | None = None
    seconds: float = 0.0
    profile: str = ""
    """The rule profile in force (规则方案), named on the page: every deadline and finding follows it."""
    own_profiles: int = 0
    """Accounts with a profile or overrides of their own."""
    timings: dict[str, float] = field(default_factory=dict)
    """Milliseconds of each part read, for the benchmark."""
    parts: dict[Part, _PartResult] = field(default_factory=dict, repr=False)
    """What each part found, kept for the next refresh."""

    @property
    def today_label(self) -> str:
        text = (
            f"{self.today.year}年{self.today.month}月{self.today.day}日 星期{WEEKDAYS[self.today.weekday()]}"
        )
        return f"{text} · {self.day.label or ('工作日' if self.day.is_workday else '休息日')}"

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)

    def group(self, kind: TodoKind) -> TodoGroup | None:
        return next((g for g in self.groups if g.kind is kind), None)


_MESSAGE_LABEL = re.compile(r"^留言#\d+（(.*?)）")


def _subject_id(finding: Finding) -> int | None:
    _, _, number = finding.subject.partition(":")
    return int(number) if number.isdigit() else None


def _late(day: date, today: date) -> str:
    return f"逾期{(today - day).days}天" if day < today else "今天到期"


# --------------------------------------------------------------------------- the parts
def _messages(context: CheckContext) -> tuple[list[TodoItem], int, int]:
    """Overdue and due-today messages, how many are overdue, how many are vetoes (open 3 months)."""
    items, overdue, vetoes = [], 0, 0
    for finding in reply_findings(context):
        message_id = _subject_id(finding)
        subject = f"{finding.account} · 留言#{message_id}"
        detail = _MESSAGE_LABEL.sub(r"\1；", finding.message)  # the number is in the subject already
        if finding.rule == RuleId.REPLY_OVERDUE:
            overdue += 1
            vetoes += finding.severity is Severity.VETO
            items.append(
                TodoItem(
                    TodoKind.MESSAGE_OVERDUE,
                    finding.severity,
                    subject,
                    finding.date,
                    finding.when or _late(finding.date, context.as_of),
                    detail,
                    "message",
                    message_id,
                )
            )
        elif finding.date <= context.as_of:
            items.append(
                TodoItem(
                    TodoKind.MESSAGE_TODAY,
                    Severity.WARNING,
                    subject,
                    finding.date,
                    "今天到期",
                    detail,
                    "message",
                    message_id,
                )
            )
    return items, overdue, vetoes


def _transfer_items(context: CheckContext) -> list[TodoItem]:
    """转办: units past their due date without an answer (督办), and forwards made later than the limit."""
    items = []
    for finding in transfer_findings(context):
        message_id = _subject_id(finding)
        items.append(
            TodoItem(
                TodoKind.TRANSFER,
                finding.severity,
                f"{finding.account} · 留言#{message_id}",
                finding.date,
                finding.when,
                _MESSAGE_LABEL.sub(r"\1；", finding.message),
                "message",
                message_id,
            )
        )
    return items


def _frequency_items(context: CheckContext) -> list[TodoItem]:
    """Accounts below their profile's frequency rules (每周至少1条, 每月至少1条原创…): violations only."""
    wanted = (RuleId.MIN_FREQUENCY, RuleId.ORIGINAL_MIN)
    items = []
    for finding in frequency_findings(context, caps_and_reposts=False):
        if finding.rule in wanted and finding.severity is not Severity.WARNING:
            items.append(
                TodoItem(
                    TodoKind.FREQUENCY,
                    finding.severity,
                    finding.account,
                    finding.date,
                    rule_title(finding.rule),
                    finding.message,
                    "account",
                    finding.account_id,
                )
            )
    return items


def _no_post_items(
    accounts: list[RuledAccount], counted: dict[int, PostTally], context: CheckContext
) -> list[TodoItem]:
    clocks = Clocks(context.calendar)
    today = context.as_of
    items = []
    for account in accounts:
        series = counted[account.id].series(today + timedelta(days=1))
        if series.last_on_or_before(today.toordinal()) is None and no_post_record(
            account.facts, account.update, clocks, today
        ):
            items.append(
                TodoItem(
                    TodoKind.NO_POSTS,
                    Severity.WARNING,
                    account.facts.name,
                    today,
                    "无记录",
                    NO_POST_RECORD_TEXT,
                    "account",
                    account.id,
                )
            )
    return items


def _gap_risks(context: CheckContext) -> tuple[list[GapRisk], int, list[TodoItem]]:
    """Each live account past or near the 14-day gap, how many have no interaction function (vetoes), and
    the accounts with no posting record at all (told apart: their posts are to be brought in)."""
    accounts = ruled_accounts(context.session, context.policies)
    if not accounts:
        return [], 0, []
    clocks = Clocks(context.calendar)
    today = context.as_of
    # From today on only: the tally's floor (each account's last post before today) is all an "at least one
    # post in N days" rule needs of the past, whatever N and its unit.
    counted = tallies(context.session, [a.id for a in accounts], today, today + timedelta(days=AT_RISK_DAYS))
    risks = []
    silent = 0
    for account in accounts:
        if account.update.require_interaction and not account.facts.interaction_enabled:
            silent += 1
        risk = gap_risk(account.facts, account.update, counted[account.id], clocks, today)
        if risk is not None:
            risks.append(risk)
    return risks, silent, _no_post_items(accounts, counted, context)


def _risk_item(risk: GapRisk, today: date) -> TodoItem:
    if risk.broken:
        when = f"已{(today - risk.last_post).days}天未更新" if risk.last_post else "开设以来未更新"
        return TodoItem(
            TodoKind.UPDATE_RISK,
            Severity.VETO,
            risk.account,
            risk.day,
            when,
            risk.message,
            "account",
            risk.account_id,
        )
    days = (risk.day - today).days
    when = f"{days}天后满期" if days else "今天满期"
    return TodoItem(
        TodoKind.UPDATE_RISK,
        Severity.WARNING,
        risk.account,
        risk.day,
        when,
        risk.message,
        "account",
        risk.account_id,
    )


def _account_items(context: CheckContext) -> list[TodoItem]:
    """Filings overdue or due soon, passwords due: the account provider's findings, read in one go."""
    facts = load_facts(context.session, context.policies, as_of=context.as_of)
    items = []
    # "when" is the finding's own: a deadline reads in the unit its rule counts in, as in 账号备案
    for finding in filing_findings(facts.pending, context.as_of, facts.rules_for, context.calendar):
        items.append(
            TodoItem(
                TodoKind.FILING,
                finding.severity,
                finding.account,
                finding.date,
                finding.when,
                finding.message,
                "account",
                finding.account_id,
            )
        )
    for finding in password_rotation(facts.facts, context.as_of, facts.rules_for, context.calendar):
        items.append(
            TodoItem(
                TodoKind.PASSWORD,
                finding.severity,
                finding.account,
                finding.date,
                finding.when,
                finding.message,
                "account",
                finding.account_id,
            )
        )
    return items


def _rectification_items(context: CheckContext) -> list[TodoItem]:
    items = []
    for finding in rectification_findings(context):
        item_id = _subject_id(finding)
        subject = f"整改#{item_id}" + (f" · {finding.account}" if finding.account else "")
        items.append(
            TodoItem(
                TodoKind.RECTIFICATION,
                finding.severity,
                subject,
                finding.date,
                finding.when,
                finding.message,
                "rectification",
                item_id,
            )
        )
    return items


def _repost_items(session: Session, now: datetime) -> list[TodoItem]:
    """One row per task with accounts still to repost: overdue ones are violations."""
    tasks: dict[int, list[tuple[str, datetime, str, str]]] = {}
    for duty in repost_queries.open_duties(session, now - REPOST_LOOK_BACK):
        tasks.setdefault(duty.task_id, []).append(
            (duty.title, duty.due_at, duty.issued_by or "", duty.account)
        )
    items = []
    for task_id, rows in tasks.items():
        title, due_at, issued_by, _ = rows[0]
        names = "、".join(r[3] for r in rows[:5]) + ("等" if len(rows) > 5 else "")
        late = due_at < now
        when = (
            f"逾期{max(0, (now.date() - due_at.date()).days)}天"
            if late and due_at.date() < now.date()
            else f"{due_at:%m-%d %H:%M}截止"
        )
        detail = f"{issued_by + '要求转发：' if issued_by else ''}{title}，{len(rows)}个账号未转发（{names}）"
        items.append(
            TodoItem(
                TodoKind.REPOST,
                Severity.VIOLATION if late else Severity.WARNING,
                title,
                due_at.date(),
                when,
                detail,
                "repost",
                task_id,
            )
        )
    return items


# --------------------------------------------------------------------------- the whole
class Part(StrEnum):
    """The parts of the page, each re-read only when data it depends on changed."""

    MESSAGES = "messages"
    UPDATES = "updates"
    FREQUENCY = "frequency"
    ACCOUNTS = "accounts"
    RECTIFICATIONS = "rectifications"
    REPOSTS = "reposts"


ALL_PARTS = frozenset(Part)
PART_AREAS: dict[Part, frozenset[str]] = {
    Part.MESSAGES: frozenset({"messages", "accounts", "policy", "holidays", "settings"}),
    Part.UPDATES: frozenset({"posts", "accounts", "policy", "holidays", "settings"}),
    Part.FREQUENCY: frozenset({"posts", "accounts", "policy", "holidays", "settings"}),
    Part.ACCOUNTS: frozenset({"accounts", "filings", "policy", "holidays", "settings"}),
    Part.RECTIFICATIONS: frozenset({"rectifications", "accounts", "policy", "holidays", "settings"}),
    Part.REPOSTS: frozenset({"posts", "accounts", "settings"}),
}
"""Which data areas (the names the UI's data bus broadcasts) each part reads."""


def parts_for(areas: Iterable[str]) -> frozenset[Part]:
    """The parts to re-read after the ``areas`` changed."""
    changed = set(areas)
    return frozenset(part for part, needs in PART_AREAS.items() if needs & changed)


@dataclass(frozen=True)
class _PartResult:
    items: tuple[TodoItem, ...]
    counts: dict[str, int]
    """Figures the part found on the way: overdue messages, vetoes, accounts at risk…"""


def _part(session: Session, part: Part, context: CheckContext, moment: datetime) -> _PartResult:
    today = context.as_of
    if part is Part.MESSAGES:
        items, overdue, vetoes = _messages(context)
        items += _transfer_items(context)
        replies = on_time_figures(session, date(today.year, 1, 1), today, moment)
        return _PartResult(
            tuple(items),
            {
                "overdue": overdue,
                "vetoes": vetoes,
                "replies_due": replies.due,
                "replies_on_time": replies.on_time,
            },
        )
    if part is Part.UPDATES:
        risks, silent, no_posts = _gap_risks(context)
        return _PartResult(
            tuple(_risk_item(r, today) for r in risks) + tuple(no_posts),
            {
                "vetoes": sum(r.broken for r in risks) + silent,
                "at_risk": len(risks),
                "no_posts": len(no_posts),
            },
        )
    if part is Part.FREQUENCY:
        return _PartResult(tuple(_frequency_items(context)), {})
    if part is Part.ACCOUNTS:
        return _PartResult(tuple(_account_items(context)), {})
    if part is Part.RECTIFICATIONS:
        return _PartResult(tuple(_rectification_items(context)), {})
    return _PartResult(tuple(_repost_items(session, moment)), {})


@paused()  # every part's rows live until the figures are made: no collections walking them
def dashboard_data(
    session: Session,
    today: date,
    now: datetime | None = None,
    *,
    with_posts: bool = True,
    previous: DashboardData | None = None,
    parts: Iterable[Part] | None = None,
) -> DashboardData:
    """Everything the dashboard shows on ``today`` (``now`` decides what is overdue; default: the start of
    today). Given the ``previous`` data of the same day, only ``parts`` are read again and the others kept
    (the UI knows from its data bus what changed). Without ``with_posts`` the year's posts are left out
    (see :func:`year_posts`)."""
    started = clock.perf_counter()
    moment = now or datetime.combine(today, time())
    wanted = ALL_PARTS if previous is None or previous.today != today or parts is None else frozenset(parts)
    timings: dict[str, float] = {}
    calendar = load_work_calendar(session)
    context = CheckContext(session, today, calendar, PolicyResolver(session))
    mark = clock.perf_counter()
    timings["rules"] = (mark - started) * 1000
    results = dict(previous.parts) if previous is not None and wanted != ALL_PARTS else {}
    for part in Part:
        if part in wanted:
            results[part] = _part(session, part, context, moment)
            at = clock.perf_counter()
            timings[part.value] = (at - mark) * 1000
            mark = at

    def total(key: str) -> int:
        return sum(r.counts.get(key, 0) for r in results.values())

    accounts, live = queries.account_counts(session)
    figures = KeyFigures(
        accounts=accounts,
        live_accounts=live,
        open_messages=queries.open_message_count(session),
        overdue_messages=total("overdue"),
        replies_due=total("replies_due"),
        replies_on_time=total("replies_on_time"),
        vetoes=total("vetoes"),
        at_risk=total("at_risk"),
        open_rectifications=queries.open_rectification_count(session),
    )
    timings["counts"] = (clock.perf_counter() - mark) * 1000
    posts = year_posts(session, today) if with_posts else (previous.posts if previous is not None else None)
    items = [item for part in Part for item in results[part].items]
    warnings = tuple(w.message for w in calendar.coverage_warnings(today))
    own = sum(
        1 for row in reference.account_policies(session) if row.policy_profile_id or row.policy_overrides
    )
    return DashboardData(
        today,
        calendar.info(today),
        warnings,
        group(items),
        figures,
        posts,
        clock.perf_counter() - started,
        profile=context.policies.active.name,
        own_profiles=own,
        timings=timings,
        parts=results,
    )


def year_posts(session: Session, today: date) -> YearPosts:
    """Published posts and 原创 of each month of ``today``'s year up to today."""
    started = clock.perf_counter()
    first = date(today.year, 1, 1)
    ids = queries.all_account_ids(session)
    published = [0] * 13
    originals = [0] * 13
    for row in queries.published_months(session, ids, first, today):
        number = int(row.month[5:7])
        published[number] += row.published
        originals[number] += row.originals
    months = tuple(MonthPosts(m, published[m], originals[m]) for m in range(1, today.month + 1))
    return YearPosts(today.year, today, months, clock.perf_counter() - started)
