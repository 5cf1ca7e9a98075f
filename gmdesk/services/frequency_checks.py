"""The check provider of the calendar area: update frequency, 群发 caps, interaction, repost duties.

It reads, for the live accounts only, the posts of the few weeks the rules look at (plus each account's last
published post before them) and the 群发 of the last quarter on capped platforms, in a handful of
aggregate queries, then judges each account with the pure rules of ``gmdesk.domain``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

from gmdesk.domain.enums import Severity
from gmdesk.domain.findings import Finding, RuleId
from gmdesk.domain.frequency import Clocks, account_findings, check_start
from gmdesk.domain.post_tally import PUSHES, PostTally
from gmdesk.domain.push_caps import breach_message, cap_breaches
from gmdesk.domain.repost_duties import Duty, overdue_findings
from gmdesk.services.checks import CheckContext
from gmdesk.services.posts_tally import RuledAccount, ruled_accounts, tallies
from gmdesk.store.queries import reposts as repost_queries

HISTORY_DAYS = 92
"""群发 over the cap and repost duties missed stay findings for a quarter (checks run quarterly, domain §6)."""
PLAN_DAYS = 60
"""Plans this far ahead are read (the gap warning compares the limit with the next plan)."""


def frequency_findings(context: CheckContext, *, caps_and_reposts: bool = True) -> Iterator[Finding]:
    """Every finding of the calendar area on ``context.as_of``, for the accounts the context wants. Without
    ``caps_and_reposts`` the 群发 caps (a quarter of history) and the repost duties are left out: the
    工作台's frequency list shows neither, and reads them elsewhere."""
    ids = None if context.account_ids is None else context.account_ids
    accounts = ruled_accounts(context.session, context.policies, ids)
    if accounts:
        yield from _account_findings(context, accounts, caps_and_reposts)
    if caps_and_reposts:
        yield from _repost_findings(context)


def _account_findings(
    context: CheckContext, accounts: list[RuledAccount], caps: bool = True
) -> Iterator[Finding]:
    as_of = context.as_of
    clocks = Clocks(context.calendar)
    starts: dict[tuple[int, str], date] = {}
    since = as_of
    for account in accounts:
        key = (id(account.update), account.facts.platform.value)
        if key not in starts:
            starts[key] = check_start(account.update, account.facts.platform, as_of, clocks)
        since = min(since, starts[key])
    capped = [a for a in accounts if caps and a.update.push_cap(a.facts.platform) is not None]
    history = as_of - timedelta(days=HISTORY_DAYS)
    until = as_of + timedelta(days=PLAN_DAYS)
    session = context.session
    counted = tallies(session, [a.id for a in accounts], since, until)
    # The quarter before the rules' own weeks, for 群发 only (capped platforms: 订阅号, 服务号).
    pushed = tallies(
        session, [a.id for a in capped], history, since - timedelta(days=1), False, pushes_only=True
    )
    for account in accounts:
        tally = counted[account.id]
        yield from account_findings(account.facts, account.update, tally, clocks, as_of)
        cap = account.update.push_cap(account.facts.platform) if caps else None
        if cap is None:
            continue
        per_day = dict(_pushes(tally, as_of, until))
        if account.id in pushed:
            per_day.update(_pushes(pushed[account.id], as_of, since - timedelta(days=1)))
        for breach in cap_breaches(cap, per_day):
            if breach.day >= history:
                yield Finding(
                    RuleId.PUSH_CAP,
                    Severity.VIOLATION,
                    account.facts.name,
                    breach.day,
                    breach_message(breach, account.facts.platform, as_of),
                    account.id,
                )


def _pushes(tally: PostTally, today: date, last: date) -> Iterable[tuple[date, int]]:
    start = (tally.since or today).toordinal()
    for ordinal, count in tally.series(today, PUSHES).between(start, last.toordinal()):
        yield date.fromordinal(ordinal), count


def _repost_findings(context: CheckContext) -> list[Finding]:
    now = datetime.combine(context.as_of, time())  # a duty due later that day is not overdue yet
    due_from = datetime.combine(context.as_of - timedelta(days=HISTORY_DAYS), time())
    rows = repost_queries.open_duties(context.session, due_from, context.account_ids)
    duties = [Duty(**row._asdict()) for row in rows]
    return overdue_findings(duties, now)
