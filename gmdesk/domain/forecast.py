"""Looking ahead: when each rule breaks if nothing more is planned, who is at risk, and each day's risks.

All three read *effective* counts (published before today, published and planned from today on), so a plan
pushes a forecast back and moving it away brings the break nearer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from gmdesk.domain import frequency_text as text
from gmdesk.domain.enums import Severity, TimeUnit
from gmdesk.domain.findings import Finding, RuleId
from gmdesk.domain.frequency import (
    AccountFacts,
    Breach,
    Clocks,
    WindowRule,
    account_findings,
    breaches,
    first_breach,
    frequency_rules,
    gap_rule,
    gap_warning_rule,
    required_rules,
)
from gmdesk.domain.policy import UpdateRules
from gmdesk.domain.post_tally import ORIGINALS, PUSHES, PostTally, Series
from gmdesk.domain.push_caps import cap_breaches
from gmdesk.domain.windows import day_text

FORECAST_DAYS = 60
"""How far ahead the forecast looks."""
AT_RISK_DAYS = 7
"""An account is at risk when a rule breaks within this many days (or is broken already)."""


@dataclass(frozen=True)
class Forecast:
    account: str
    account_id: int | None
    rule: str
    severity: Severity
    day: date
    """The first day the rule breaks."""
    latest: date
    """The last working day before the break (today at the earliest): publish by then."""
    sentence: str
    """``账号X 将于 2月16日（周一） 连续14个自然日未更新，正值春节假期``."""


def forecast(
    account: AccountFacts,
    update: UpdateRules,
    tally: PostTally,
    clocks: Clocks,
    today: date,
    horizon: date | None = None,
    only: Collection[str] | None = None,
) -> list[Forecast]:
    """The first break of each rule (of the rules ``only``, if given) from ``today`` to ``horizon`` (60 days by
    default), soonest first."""
    last = horizon or today + timedelta(days=FORECAST_DAYS)
    out = []
    for rule in required_rules(update, account.platform):
        if only is not None and rule.rule not in only:
            continue
        series = tally.series(today, rule.kinds)
        breach = first_breach(rule, clocks(rule.span), series, today, last, account.opened_on)
        if breach is None:
            continue
        # Broken already: the sentence names the window it broke in, as the calendar marks it (the day stays
        # today's: the break is current, and plans are judged against it)
        told = _run_start(rule, clocks, series, today, account.opened_on) if breach.end <= today else None
        latest = text.latest_safe_day(breach.end, today, clocks.calendar)
        sentence = text.forecast_sentence(account.name, rule, told or breach, today, clocks.calendar)
        out.append(
            Forecast(account.name, account.account_id, rule.rule, rule.severity, breach.end, latest, sentence)
        )
    return sorted(out, key=lambda f: (f.day, -f.severity.rank))


RUN_LOOKBACK_DAYS = 120
"""How far back the start of a breach still lasting today is looked for."""


def _run_start(
    rule: WindowRule, clocks: Clocks, series: Series, today: date, opened: date | None
) -> Breach | None:
    """The window in which a breach that still lasts today began (the day the month view marks)."""
    found = None
    for breach in breaches(
        rule,
        clocks(rule.span),
        series,
        today - timedelta(days=RUN_LOOKBACK_DAYS),
        today,
        opened,
        running=False,
    ):
        found = breach
    return found


@dataclass(frozen=True)
class Risk:
    """The most urgent thing about one account, for the at-risk list, with everything else that is due."""

    account: str
    account_id: int | None
    rule: str
    severity: Severity
    day: date
    """When it broke (on or before today) or will break."""
    message: str
    broken: bool
    others: tuple[str, ...] = ()
    """The account's other risks, one sentence each."""

    @property
    def urgency(self) -> tuple[date, int]:
        """The soonest first; on the same day the worst first."""
        return (self.day, -self.severity.rank)


def at_risk(
    account: AccountFacts,
    update: UpdateRules,
    tally: PostTally,
    clocks: Clocks,
    today: date,
    within_days: int = AT_RISK_DAYS,
) -> Risk | None:
    """The account's most urgent planning risk: a rule broken now or breaking within ``within_days``.

    A breach that has happened is listed for as long as ``gmdesk check`` reports it (until its window is no
    longer the last complete one), whatever is planned since: a plan for tomorrow does not undo last week.
    A closed interaction function is listed too: it makes every plan worthless for the national check.
    """
    candidates: list[Risk] = []
    current = {f.rule: f for f in account_findings(account, update, tally, clocks, today)}
    for finding in current.values():
        if finding.severity is not Severity.WARNING:
            candidates.append(_risk(finding, today))  # its message tells how long it has lasted
    horizon = today + timedelta(days=within_days)
    for item in forecast(account, update, tally, clocks, today, horizon):
        if item.day <= today and item.rule in current and current[item.rule].severity is not Severity.WARNING:
            continue  # listed above, as it happened
        when = "今天" if item.day <= today else day_text(item.latest, today, weekday=True)
        message = f"{item.sentence}；请最迟于{when}发布。"
        candidates.append(
            Risk(
                account.name,
                account.account_id,
                item.rule,
                item.severity,
                item.day,
                message,
                item.day <= today,
            )
        )
    if not candidates:
        return None
    candidates.sort(key=lambda r: r.urgency)
    first = candidates[0]
    return Risk(
        first.account,
        first.account_id,
        first.rule,
        first.severity,
        first.day,
        first.message,
        first.broken,
        tuple(c.message for c in candidates[1:]),
    )


def _risk(finding: Finding, today: date) -> Risk:
    return Risk(
        finding.account,
        finding.account_id,
        finding.rule,
        finding.severity,
        min(finding.date, today),
        finding.message,
        True,
    )


# --------------------------------------------------------------------------- risks per day (month view)
@dataclass(frozen=True, slots=True)
class DayRisk:
    day: date
    rule: str
    severity: Severity
    account: str
    account_id: int | None
    label: str
    """A short phrase for a calendar cell's tooltip: 连续14个自然日未更新, 群发超限…"""


def day_risks(
    account: AccountFacts,
    update: UpdateRules,
    tally: PostTally,
    clocks: Clocks,
    today: date,
    first: date,
    last: date,
) -> list[DayRisk]:
    """The rules that break on each day from ``first`` to ``last`` (history before today, forecast after)."""
    out: list[DayRisk] = []
    rules = [gap_rule(update), gap_warning_rule(update), *frequency_rules(update, account.platform)]
    for rule in rules:
        series = tally.series(today, rule.kinds)
        for breach in breaches(
            rule, clocks(rule.span), series, first, last, account.opened_on, running=False
        ):
            out.append(
                DayRisk(
                    breach.end, rule.rule, rule.severity, account.name, account.account_id, _label(breach)
                )
            )
    cap = update.push_cap(account.platform)
    if cap is not None:
        pushes = tally.series(today, PUSHES).between(first.toordinal() - 31, last.toordinal())
        per_day = {date.fromordinal(o): n for o, n in pushes}
        for over in cap_breaches(cap, per_day):
            if first <= over.day <= last:
                out.append(
                    DayRisk(
                        over.day,
                        RuleId.PUSH_CAP,
                        Severity.VIOLATION,
                        account.name,
                        account.account_id,
                        f"群发{over.count}次·超{'每天' if cap.per is TimeUnit.DAY else '每月'}{cap.count}次上限",
                    )
                )
    return out


def _label(breach: Breach) -> str:
    """A few characters for a calendar cell: ``连续14天未更新``, ``未达每7天1条``, ``仅2条·未达每月4次群发``."""
    rule = breach.rule
    if rule.rule == RuleId.UPDATE_GAP:
        return f"连续{_span(rule)}未更新"
    if rule.rule == RuleId.UPDATE_GAP_SOON:
        return f"已{_span(rule)}未更新"
    wanted = short_requirement(rule)
    return f"未达{wanted}" if breach.found == 0 else f"仅{breach.found}条·未达{wanted}"


def _span(rule: WindowRule) -> str:
    span = rule.span
    return f"{span.amount}天" if span.unit is TimeUnit.DAY else span.describe()


def short_requirement(rule: WindowRule) -> str:
    """``每7天1条``, ``每工作日1条``, ``每月1条原创``, ``每月4次群发``."""
    span, count = rule.span, rule.count
    period = {
        TimeUnit.DAY: f"每{span.amount}天" if span.amount > 1 else "每天",
        TimeUnit.WORKDAY: f"每{span.amount}个工作日" if span.amount > 1 else "每工作日",
        TimeUnit.WEEK: f"每{span.amount}周" if span.amount > 1 else "每周",
        TimeUnit.MONTH: f"每{span.amount}个月" if span.amount > 1 else "每月",
    }.get(span.unit, span.describe())
    if rule.kinds == PUSHES:
        return f"{period}{count}次群发"
    return f"{period}{count}条{'原创' if rule.kinds == ORIGINALS else ''}"
