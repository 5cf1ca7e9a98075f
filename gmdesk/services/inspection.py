"""The inspection engine: every figure of the self-inspection report (domain §6) for a period and a scope.

It reads a handful of aggregate queries (posts per account and day, filings, repost duties, password changes,
incidents, 整改 items) plus the reply metrics of the inbox (``reply_metrics``), judges the 14-day gap with the
frequency engine and each account against an indicator set, and returns an :class:`Inspection` of plain
dataclasses. Nothing here writes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.collector import paused
from gmdesk.domain.account_checks import AccountFacts, password_rotation
from gmdesk.domain.enums import AccountState, FilingKind, OpsMode, Role, TrainingKind
from gmdesk.domain.frequency import Clocks, breaches, gap_rule
from gmdesk.domain.indicators import NATIONAL, IndicatorSet, judge
from gmdesk.domain.inspection import (
    AccountRow,
    AnnualReview,
    CategoryRow,
    FilingOutcome,
    FilingTally,
    IncidentRow,
    Inspection,
    Overview,
    PostingSummary,
    RectificationRow,
    ReplySummary,
    SecuritySummary,
    TrainingFigures,
    WordingFigures,
    WordingUnit,
    all_findings,
    filing_outcome,
    longest_gap,
)
from gmdesk.domain.lifecycle import annual_review_window, state_on
from gmdesk.domain.platforms import CATALOGUE, Platform
from gmdesk.domain.policy import UpdateRules
from gmdesk.domain.post_tally import PostTally
from gmdesk.domain.report_period import ReportPeriod
from gmdesk.domain.transfer_checks import TransferFacts, transfer_figures
from gmdesk.domain.unit_order import unit_order_key
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.inbox_deadlines import ReplyRulesCache
from gmdesk.services.policy import PolicyResolver
from gmdesk.services.reply_metrics import ReplyMetrics, reply_metrics
from gmdesk.services.wording import scan_period
from gmdesk.store.models import Account
from gmdesk.store.queries import accounts as account_queries
from gmdesk.store.queries import inspection as queries
from gmdesk.store.queries import posts as post_queries
from gmdesk.store.queries import trainings as training_queries
from gmdesk.store.queries import transfers as transfer_queries

Progress = Callable[[int, int, str], None]
STEPS = 6
ALL_UNITS = "全县"


@dataclass
class _Tally:
    """What the post aggregate tells of one account."""

    days: list[int] = field(default_factory=list)
    posts: int = 0
    originals: int = 0
    reviewed: int = 0
    important: int = 0
    important_signed: int = 0
    months: Counter[str] = field(default_factory=Counter)
    rows: list[tuple[date, bool, int]] = field(default_factory=list)


def open_in(account: Account, first: date, last: date) -> bool:
    """Open to the public at some time in [first, last]."""
    if account.opened_on is None or account.opened_on > last:
        return False
    gone = account.canceled_on or account.closed_on
    return gone is None or gone >= first


@paused()  # a year's aggregate rows live until the figures are made: no collections walking them
def inspect(
    session: Session,
    period: ReportPeriod,
    now: datetime,
    unit_id: int | None = None,
    indicators: IndicatorSet = NATIONAL,
    progress: Progress | None = None,
) -> Inspection:
    """Every figure of the period for all units (``unit_id`` None) or one, as known at ``now``."""
    step = progress or (lambda done, total, text: None)
    as_of = now.date()
    last = period.until(as_of)
    moment = min(now, datetime.combine(period.end + timedelta(days=1), time()))
    calendar = load_work_calendar(session)
    policies = PolicyResolver(session)
    scope = _scope(session, period.start, last, unit_id)
    facts = _gather(session, period, last, moment, scope, step)

    step(4, STEPS, "逐个账号评议…")
    overdue_passwords = _password_overdue(scope.accounts, scope.units, last, policies, calendar)
    rows = _account_rows(scope, facts, period, last, overdue_passwords, policies, calendar, indicators)

    step(5, STEPS, "汇总问题和整改情况…")
    findings = all_findings(rows, last)
    overview = _overview(rows, scope, facts.filings, period.start, last)
    posting = _posting(
        period,
        rows,
        facts.tallies,
        facts.reposts,
        queries.repost_task_count(session, facts.start_at, facts.end_at, scope.scope_ids),
    )
    replies = _replies(session, period, last, facts, calendar, scope.scope_ids)
    security = _security(posting, scope, facts, overdue_passwords)
    rectifications = _rectifications(session, period.start, last, unit_id, scope.scope_ids)
    reviews = _annual_reviews(session, period, last, scope.scope_accounts, policies)
    trainings = _trainings(session, last, unit_id, policies)
    wording = _wording(session, period.start, last, scope.scope_ids)
    step(6, STEPS, "")
    return Inspection(
        period=period,
        scope=scope.units.get(unit_id, "") if unit_id is not None else ALL_UNITS,
        unit_id=unit_id,
        as_of=as_of,
        indicator_set=indicators.name,
        overview=overview,
        accounts=tuple(rows),
        posting=posting,
        replies=replies,
        security=security,
        findings=findings,
        rectifications=rectifications,
        generated_at=now,
        notes=(f"统计期尚未结束，数据截至{as_of.year}年{as_of.month}月{as_of.day}日。",)
        if as_of < period.end
        else (),
        annual_reviews=reviews,
        trainings=trainings,
        wording=wording,
    )


@dataclass
class _Scope:
    """The units and accounts an inspection covers."""

    units: dict[int, str]
    scope_accounts: list[Account]
    """Every account of the scope, in the report's order."""
    accounts: list[Account]
    """Those open to the public at some time in the period."""
    ids: list[int]
    scope_ids: list[int] | None
    """None for all units."""


def _scope(session: Session, first: date, last: date, unit_id: int | None) -> _Scope:
    """The unit names and the scope's accounts, in the office's order, with those open in [first, last]."""
    unit_rows = account_queries.all_units(session)
    units = {u.id: u.name for u in unit_rows}
    order = {u.id: unit_order_key(u.sort_order, u.unit_type, u.id) for u in unit_rows}
    platforms = {p: n for n, p in enumerate(Platform)}
    scope_accounts = [
        a for a in account_queries.all_accounts(session) if unit_id is None or a.unit_id == unit_id
    ]
    # the office's order of units (排序号, else administrative), then the catalogue's order of platforms
    scope_accounts.sort(
        key=lambda a: (order.get(a.unit_id, (9, 0, 0, 0)), platforms[a.platform], a.name, a.id)
    )
    accounts = [a for a in scope_accounts if open_in(a, first, last)]
    return _Scope(
        units,
        scope_accounts,
        accounts,
        [a.id for a in accounts],
        None if unit_id is None else [a.id for a in scope_accounts],
    )


@dataclass
class _Facts:
    """What the aggregate queries tell of the scope's period."""

    tallies: dict[int, _Tally]
    floors: dict[int, date]
    metrics: ReplyMetrics
    month_rows: list[queries.ReplyMonth]
    filings: list[queries.PeriodFiling]
    start_at: datetime
    end_at: datetime
    reposts: dict[int, queries.RepostDuty]
    rotations: dict[int, queries.Rotations]
    incident_rows: list[queries.Incident]
    roles: dict[tuple[int, Role], str]


def _gather(
    session: Session, period: ReportPeriod, last: date, moment: datetime, scope: _Scope, step: Progress
) -> _Facts:
    """The posts, replies, filings, reposts, password changes, incidents and roles of the period (steps 1–3)."""
    scope_ids = scope.scope_ids
    step(1, STEPS, "统计信息发布情况…")
    tallies = _post_tallies(session, period.start, last, scope_ids)
    floors = post_queries.last_published_before(session, scope.ids, period.start)
    step(2, STEPS, "统计留言办理情况…")
    metrics = reply_metrics(session, period.start, period.end, moment, scope_ids)
    month_rows = queries.reply_months(
        session, datetime.combine(period.start, time()), moment, moment, scope_ids
    )
    step(3, STEPS, "统计备案、转发和安全管理情况…")
    filings = queries.period_filings(session, period.start, last, scope_ids)
    start_at, end_at = (
        datetime.combine(period.start, time()),
        datetime.combine(last + timedelta(days=1), time()),
    )
    reposts = {
        row.account_id: row for row in queries.repost_duties(session, start_at, end_at, moment, scope_ids)
    }
    rotations = {row.account_id: row for row in queries.rotations(session, period.start, last, scope_ids)}
    incident_rows = queries.incidents(session, period.start, last, scope_ids)
    roles = _role_names(session)
    return _Facts(
        tallies,
        floors,
        metrics,
        month_rows,
        filings,
        start_at,
        end_at,
        reposts,
        rotations,
        incident_rows,
        roles,
    )


def _account_rows(
    scope: _Scope,
    facts: _Facts,
    period: ReportPeriod,
    last: date,
    overdue_passwords: set[int],
    policies: PolicyResolver,
    calendar: WorkCalendar,
    indicators: IndicatorSet,
) -> list[AccountRow]:
    """Each open account's row of figures, judged against ``indicators``."""
    late_filings = _late_filings(facts.filings, last)
    replies_by_account = {g.key: g.figures for g in facts.metrics.by_account}
    incidents_by_account = Counter(row.account_id for row in facts.incident_rows)
    clocks = Clocks(calendar)
    roles = facts.roles
    rows = []
    for account in scope.accounts:
        tally = facts.tallies.get(account.id, _Tally())
        update = policies.for_account(account).update
        stop = min(last, account.canceled_on or account.closed_on or last)
        floor = facts.floors.get(account.id)
        gap_count = _gap_breaches(account, tally, floor, period.start, stop, update, clocks)
        gap = _longest_gap(account, tally, floor, period.start, stop)
        reply = replies_by_account.get(account.id)
        repost = facts.reposts.get(account.id)
        state = _state_at(account, last) or account.state
        row = AccountRow(
            id=account.id,
            name=account.name,
            platform=account.platform.label,
            platform_account_id=account.platform_account_id or "",
            unit=scope.units.get(account.unit_id, ""),
            verified_entity=account.verified_entity or "",
            opened_on=account.opened_on,
            ops_mode=_ops_mode_text(account),
            principal=roles.get((account.id, Role.PRINCIPAL), ""),
            admin=roles.get((account.id, Role.ADMIN), ""),
            filing=_filing_text(account, state),
            followers=account.followers or 0,
            state=state.label,
            family=CATALOGUE[account.platform].family.value,
            posts=tally.posts,
            originals=tally.originals,
            months=tuple(tally.months.get(f"{y}-{m:02d}", 0) for y, m in period.months()),
            longest_gap=gap,
            gap_breaches=gap_count,
            gap_limit_days=update.gap.amount,
            interaction_enabled=account.interaction_enabled,
            received=reply.received if reply else 0,
            due=reply.due if reply else 0,
            on_time=reply.on_time if reply else 0,
            open_long=reply.open_long if reply else 0,
            repost_due=repost[1] if repost else 0,
            repost_missed=int(repost[4] or 0) if repost else 0,
            reviewed=tally.reviewed,
            incidents=incidents_by_account.get(account.id, 0),
            password_overdue=account.id in overdue_passwords,
            filings_late=late_filings.get(account.id, 0),
        )
        rows.append(replace(row, verdict=judge(row.figures(), indicators)))
    return rows


def _rectifications(
    session: Session, first: date, last: date, unit_id: int | None, scope_ids: list[int] | None
) -> tuple[RectificationRow, ...]:
    """整改 items of the period, as the report lists them."""
    return tuple(
        RectificationRow(
            r.id,
            r.account_name,
            r.problem,
            r.measure or "",
            r.responsible or "",
            r.due_on,
            r.state.label,
            r.completed_on,
            r.source.label,
            r.account_id,
            r.rule or "",
        )
        for r in queries.rectifications(session, first, last, unit_id, scope_ids)
    )


def _late_filings(filings: list[queries.PeriodFiling], last: date) -> Counter[int]:
    """Per account, how many of the period's filings were done late or are overdue on ``last``."""
    late_filings: Counter[int] = Counter()
    for filing in filings:
        if filing_outcome(filing.due_on, filing.completed_on, last) in (
            FilingOutcome.LATE,
            FilingOutcome.OVERDUE,
        ):
            late_filings[filing.account_id] += 1
    return late_filings


def _longest_gap(account: Account, tally: _Tally, floor: date | None, start: date, stop: date) -> int | None:
    """The account's longest run of days without an update in [start, stop]."""
    return longest_gap(
        tally.days,
        floor.toordinal() if floor else None,
        start.toordinal(),
        stop.toordinal(),
        account.opened_on.toordinal() if account.opened_on else None,
    )


def _ops_mode_text(account: Account) -> str:
    """运维方式, with the vendor of an outsourced account."""
    return account.ops_mode.label + (
        f"（{account.ops_vendor}）" if account.ops_mode is OpsMode.OUTSOURCED and account.ops_vendor else ""
    )


def _gap_breaches(
    account: Account,
    tally: _Tally,
    floor: date | None,
    start: date,
    stop: date,
    update: UpdateRules,
    clocks: Clocks,
) -> int:
    """How many times in [start, stop] the account went longer without an update than its gap rule allows."""
    first = max(start, account.opened_on or start)
    series_tally = PostTally(start, floor)
    for day, original, count in tally.rows:
        series_tally.add(day, published=True, original=original, mass=False, count=count)
    series = series_tally.series(stop + timedelta(days=1))
    return sum(
        1
        for _ in breaches(
            gap_rule(update), clocks(update.gap), series, first, stop, account.opened_on, running=True
        )
    )


def _overview(
    rows: list[AccountRow], scope: _Scope, filings: list[queries.PeriodFiling], first: date, last: date
) -> Overview:
    """The scope's accounts by platform and state, those opened, changed and closed, and the verdicts."""
    accounts = scope.accounts
    passed = sum(1 for r in rows if r.verdict is not None and r.verdict.passed)
    by_platform = Counter(r.platform for r in rows)
    return Overview(
        accounts=len(rows),
        by_platform=tuple(sorted(by_platform.items(), key=lambda item: (-item[1], item[0]))),
        by_state=_by_state(scope.scope_accounts, last),
        opened=sum(1 for a in accounts if a.opened_on is not None and first <= a.opened_on <= last),
        changed=sum(1 for f in filings if f.kind is FilingKind.CHANGE_FILING),
        closed=sum(
            1 for a in accounts if (end := a.canceled_on or a.closed_on) is not None and first <= end <= last
        ),
        filings=_filing_tallies(filings, last),
        passed=passed,
        failed=len(rows) - passed,
    )


def _replies(
    session: Session,
    period: ReportPeriod,
    last: date,
    facts: _Facts,
    calendar: WorkCalendar,
    scope_ids: list[int] | None,
) -> ReplySummary:
    """The reply figures of the period: overall, by category, by month and the transfers (转办)."""
    overall = facts.metrics.overall
    labels = dict(zip((f"{y}-{m:02d}" for y, m in period.months()), period.month_labels(), strict=True))
    months = {m.month: (m.due, m.on_time or 0) for m in facts.month_rows}
    reply_rules = ReplyRulesCache(session)
    forwarded = transfer_figures(
        [
            TransferFacts(**r._asdict())
            for r in transfer_queries.period_rows(session, facts.start_at, facts.end_at, scope_ids)
        ],
        last,
        reply_rules.for_account_id,
        calendar,
    )
    return ReplySummary(
        received=overall.received,
        answered=overall.answered,
        rejected=overall.rejected,
        still_open=overall.still_open,
        due=overall.due,
        on_time=overall.on_time,
        avg_first_response_hours=overall.avg_first_response_hours,
        avg_handling_days=overall.avg_handling_days,
        open_overdue=overall.open_overdue,
        open_long=overall.open_long,
        by_category=tuple(
            CategoryRow(g.label, g.figures.received, g.figures.answered, g.figures.due, g.figures.on_time)
            for g in facts.metrics.by_category
        ),
        months=tuple((label, *months.get(key, (0, 0))) for key, label in labels.items()),
        transfers=forwarded.forwarded,
        transfers_late=forwarded.late,
        transfers_unit_late=forwarded.unit_late,
    )


def _security(
    posting: PostingSummary, scope: _Scope, facts: _Facts, overdue_passwords: set[int]
) -> SecuritySummary:
    """The review, incident, password and custody figures of the period."""
    tallies, ids, rotations = facts.tallies, scope.ids, facts.rotations
    return SecuritySummary(
        published=posting.posts,
        reviewed=sum(tallies[i].reviewed for i in ids if i in tallies),
        important=sum(tallies[i].important for i in ids if i in tallies),
        important_signed=sum(tallies[i].important_signed for i in ids if i in tallies),
        incidents=tuple(
            IncidentRow(r.occurred_on, r.account_name, r.kind, r.description, r.handling, r.resolved_on)
            for r in facts.incident_rows
        ),
        rotations=sum(int(r.changes) for r in rotations.values()),
        accounts_rotated=len(rotations),
        handovers=sum(int(r.handovers or 0) for r in rotations.values()),
        password_overdue=len(overdue_passwords),
        without_custodian=sum(
            1 for a in scope.accounts if a.state.is_live and a.password_custodian_id is None
        ),
    )


def _trainings(
    session: Session, last: date, unit_id: int | None, policies: PolicyResolver
) -> TrainingFigures:
    """The year's trainings up to the period's last day (the targets are yearly); a unit's report counts the
    trainings its people attended."""
    counts = training_queries.counts(session, date(last.year, 1, 1), last, unit_id)
    rules = policies.active.training
    return TrainingFigures(
        counts.get(TrainingKind.INTERNAL, 0),
        counts.get(TrainingKind.EXTERNAL, 0),
        rules.internal_per_year,
        rules.external_per_year,
    )


def _wording(session: Session, first: date, last: date, scope_ids: list[int] | None) -> WordingFigures:
    scan = scan_period(session, first, last, scope_ids)
    units = []
    for unit in scan.by_unit():
        examples = tuple(
            f"{p.account}《{p.title}》：{p.hits[0].describe()}"
            for p in scan.posts
            if p.unit_id == unit.unit_id and p.mark is None
        )[:3]
        units.append(WordingUnit(unit.unit, unit.posts, unit.hits, unit.corrected, unit.verified, examples))
    return WordingFigures(
        scan.scanned,
        len(scan.posts),
        scan.hits,
        scan.corrected,
        scan.verified,
        tuple((c.label, n) for c, n in scan.by_category().items()),
        tuple(units),
    )


def _annual_reviews(
    session: Session, period: ReportPeriod, last: date, accounts: list[Account], policies: PolicyResolver
) -> tuple[AnnualReview, ...]:
    """年审 of each year whose review is due in the period (by its last known day): owed by every account open
    to the public from before the review month to its end, done when its 年审 was completed by ``last``."""
    out = []
    rules = policies.active.filing
    for year in range(period.start.year, period.end.year + 1):
        first, due = annual_review_window(year, rules)
        if not period.start <= due <= last:
            continue
        owing = [
            a
            for a in accounts
            if a.opened_on is not None
            and a.opened_on < first
            and open_in(a, first, due)
            and (a.canceled_on or a.closed_on or due) >= due
        ]
        done_on = queries.annual_reviews(session, year, [a.id for a in owing])
        done = [a for a in owing if (day := done_on.get(a.id)) is not None and day <= last]
        missing = tuple(a.name for a in owing if a not in done)
        out.append(AnnualReview(year, due, len(owing), len(done), missing))
    return tuple(out)


def _post_tallies(session: Session, first: date, last: date, ids: list[int] | None) -> dict[int, _Tally]:
    out: dict[int, _Tally] = defaultdict(_Tally)
    days: dict[str, tuple[date, int]] = {}  # a year's rows name at most 366 days: each is parsed once
    for row in queries.post_days(session, first, last + timedelta(days=1), ids):
        tally = out[row.account_id]
        known = days.get(row.day)
        if known is None:
            parsed = date.fromisoformat(row.day)
            known = days[row.day] = (parsed, parsed.toordinal())
        day, ordinal = known
        if not tally.days or tally.days[-1] != ordinal:
            tally.days.append(ordinal)
        posts = row.posts
        tally.rows.append((day, bool(row.original), posts))
        tally.posts += posts
        if row.original:
            tally.originals += posts
        tally.reviewed += int(row.reviewed or 0)
        tally.important += int(row.important or 0)
        tally.important_signed += int(row.signed or 0)
        tally.months[row.day[:7]] += posts
    return dict(out)


def _posting(
    period: ReportPeriod,
    rows: list[AccountRow],
    tallies: dict[int, _Tally],
    reposts: dict[int, Any],
    tasks: int,
) -> PostingSummary:
    months = [sum(r.months[i] for r in rows) for i in range(len(period.months()))]
    gaps = [r for r in rows if r.longest_gap is not None]
    worst = max(gaps, key=lambda r: r.longest_gap or 0, default=None)
    wanted = {r.id for r in rows}
    duties = [row for account_id, row in reposts.items() if account_id in wanted]
    return PostingSummary(
        posts=sum(r.posts for r in rows),
        originals=sum(r.originals for r in rows),
        months=tuple(zip(period.month_labels(), months, strict=True)),
        longest_gap=worst.longest_gap if worst else None,
        longest_gap_account=worst.name if worst else "",
        gap_limit_days=max((r.gap_limit_days for r in rows), default=14),
        accounts_gap_veto=sum(1 for r in rows if r.gap_breaches),
        repost_tasks=tasks,
        repost_due=sum(int(d.targets) for d in duties),
        repost_on_time=sum(int(d.on_time or 0) for d in duties),
        repost_late=sum(int(d.late or 0) for d in duties),
        repost_missed=sum(int(d.missed or 0) for d in duties),
    )


def _filing_tallies(filings: Any, last: date) -> tuple[FilingTally, ...]:
    out = []
    for kind in queries.PERIOD_FILINGS:
        outcomes = Counter(filing_outcome(f.due_on, f.completed_on, last) for f in filings if f.kind is kind)
        out.append(
            FilingTally(
                kind.label,
                sum(outcomes.values()),
                outcomes[FilingOutcome.ON_TIME],
                outcomes[FilingOutcome.LATE],
                outcomes[FilingOutcome.OVERDUE],
                outcomes[FilingOutcome.OPEN],
            )
        )
    return tuple(out)


def _password_overdue(
    accounts: list[Account],
    units: dict[int, str],
    day: date,
    policies: PolicyResolver,
    calendar: WorkCalendar,
) -> set[int]:
    """Accounts whose password was overdue for a change (or had no custodian) on ``day``: the PASSWORD_ROTATION
    rule of the ledger, reused."""
    by_id = {a.id: a for a in accounts}
    facts = [
        AccountFacts(
            a.id,
            a.name,
            a.unit_id,
            units.get(a.unit_id, ""),
            a.platform,
            a.state,
            a.opened_on,
            a.verified_entity or "",
            a.password_rotated_on,
            a.password_custodian_id is not None,
        )
        for a in accounts
    ]
    found = password_rotation(facts, day, lambda i: policies.for_account(by_id[i]).filing, calendar)
    return {f.account_id for f in found if f.account_id is not None}


def _role_names(session: Session) -> dict[tuple[int, Role], str]:
    rows = account_queries.role_holders(session, [Role.PRINCIPAL, Role.ADMIN])
    return {(r.account_id, r.role): r.name for r in rows}


def _state_at(account: Account, day: date) -> AccountState | None:
    """The account's state on ``day`` (the period's last day), not today's: see :func:`state_on`."""
    return state_on(
        day,
        account.state,
        applied_on=account.applied_on,
        approved_on=account.approved_on,
        opened_on=account.opened_on,
        filed_on=account.filed_on,
        notice_on=account.notice_on,
        canceled_on=account.canceled_on,
        closed_on=account.closed_on,
        entered_on=account.created_at.date() if account.created_at else None,
    )


def _by_state(accounts: list[Account], day: date) -> tuple[tuple[str, int], ...]:
    """The ledger by state as it stood on ``day``; accounts not yet applied for then are left out."""
    counts = Counter(state for a in accounts if (state := _state_at(a, day)) is not None)
    return tuple((s.label, counts[s]) for s in AccountState if counts[s])


def _filing_text(account: Account, state: AccountState) -> str:
    """The 备案状态 column as of the state's day: an account filed only after the period is 待备案 in it."""
    if state in (AccountState.PROPOSED, AccountState.APPLYING, AccountState.APPROVED, AccountState.OPENED):
        return "待备案"
    if account.filing_number:
        return f"已备案（{account.filing_number}）"
    if state in (AccountState.CLOSED, AccountState.CANCELED):
        return state.label
    return "已备案" if account.filed_on else "待备案"
