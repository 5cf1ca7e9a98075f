"""Which accounts the county runs, in which state, opened when, and which ones act out a problem.

The counts of states and problems come from the scale; the choice of accounts comes from the seed. The
scenarios are what the dashboard and ``gmdesk check`` must find in a demo database:

- ``gap_soon``: last post 10–13 days before as_of (UPDATE_GAP_SOON), with a plan a few days ahead;
- ``gap_over``: last post 15–27 days before as_of (UPDATE_GAP, 单项否决);
- ``zombie``: nothing for 95+ days (ZOMBIE), starting with the unit's second 订阅号 (DUPLICATE_PLATFORM);
- ``lazy``: posts with pauses of two to four weeks in the past;
- ``no_interaction``: 留言/评论 closed (NO_INTERACTION); ``mismatch``: 认证主体 ≠ 主办单位 (ENTITY_MISMATCH);
- ``push_breach_sub`` / ``push_breach_svc``: one day / month over the 群发 cap (PUSH_CAP).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from gmdesk.domain.enums import AccountState, UnitType
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import FilingRules
from gmdesk.services.demo.catalog import (
    APP,
    BILI,
    CHANNELS,
    DOUYIN,
    FILING_PREFIX,
    KUAISHOU,
    SUB,
    SVC,
    TOUTIAO,
    WEIBO,
    XHS,
)
from gmdesk.services.demo.plan import AccountPlan, Clock, UnitPlan

SCENARIOS = ("zombie", "gap_over", "gap_soon", "lazy", "push_breach_sub", "push_breach_svc")
"""Scenarios that shape the posting rhythm, in the order they are handed out."""

_WEIGHT = {
    UnitType.COUNTY_OFFICE: 3.0,
    UnitType.DEPARTMENT: 1.2,
    UnitType.TOWNSHIP: 1.0,
    UnitType.INSTITUTION: 0.8,
}

# Posts per working day by platform: hubs (县政府办, 融媒体中心) and ordinary units.
_HUB_RATE = {
    SUB: 2.2,
    WEIBO: 4.5,
    APP: 5.0,
    TOUTIAO: 3.0,
    DOUYIN: 1.2,
    CHANNELS: 1.0,
    KUAISHOU: 0.8,
    BILI: 0.4,
    SVC: 0.3,
}
_UNIT_RATE = {
    SUB: 1.0,
    SVC: 0.22,
    WEIBO: 1.6,
    TOUTIAO: 0.9,
    DOUYIN: 0.5,
    KUAISHOU: 0.4,
    CHANNELS: 0.4,
    XHS: 0.4,
    BILI: 0.3,
}
_FOLLOWERS = {
    SUB: 60_000,
    SVC: 50_000,
    WEIBO: 40_000,
    DOUYIN: 110_000,
    KUAISHOU: 50_000,
    TOUTIAO: 25_000,
    CHANNELS: 15_000,
    XHS: 8_000,
    BILI: 5_000,
    APP: 90_000,
}
_REACH = {
    UnitType.COUNTY_OFFICE: 1.0,
    UnitType.TOWNSHIP: 0.12,
    UnitType.DEPARTMENT: 0.2,
    UnitType.INSTITUTION: 0.08,
}


def is_hub(unit: UnitPlan) -> bool:
    return unit.spec.unit_type is UnitType.COUNTY_OFFICE or "融媒体" in unit.name


def is_duplicate(account: AccountPlan) -> bool:
    """The unit's second account on a platform it already has (the 重复开设 case)."""
    return account.platform in account.unit.spec.menu[: account.rank]


def allocate(units: list[UnitPlan], target: int, rng: random.Random) -> list[tuple[UnitPlan, Platform, int]]:
    """Pick ``target`` (unit, platform, menu rank) slots: each unit's main account first, then further
    platforms for the units that run more of them; every platform of the catalogues appears at least once."""
    slots: list[tuple[float, UnitPlan, Platform, int]] = []
    for unit in units:
        weight = (
            3.5 if is_hub(unit) else _WEIGHT[unit.spec.unit_type] * (1.4 if len(unit.spec.menu) > 3 else 1.0)
        )
        for rank, platform in enumerate(unit.spec.menu):
            # The second 订阅号 of one unit is the 重复开设 case: always part of the county.
            forced = rank > 0 and platform in unit.spec.menu[:rank]
            priority = -1.0 if forced else rank / weight + rng.uniform(0, 0.3) * (rank > 0)
            slots.append((priority, unit, platform, rank))
    slots.sort(key=lambda s: (s[0], s[1].id, s[3]))
    picked, rest = slots[:target], slots[target:]
    present = Counter(s[2] for s in picked)
    for slot in rest:
        if present[slot[2]]:
            continue
        # Replace the least likely pick whose platform stays present without it.
        for index in range(len(picked) - 1, -1, -1):
            victim = picked[index]
            if victim[0] >= 0 and victim[3] > 0 and present[victim[2]] > 1:
                present[victim[2]] -= 1
                picked[index] = slot
                present[slot[2]] += 1
                break
    picked.sort(key=lambda s: (s[1].id, s[3]))
    return [(unit, platform, rank) for _, unit, platform, rank in picked]


def create_accounts(slots: list[tuple[UnitPlan, Platform, int]], rng: random.Random) -> list[AccountPlan]:
    accounts = []
    for account_id, (unit, platform, rank) in enumerate(slots, start=1):
        name = unit.spec.brand
        if platform is APP:
            name = "爱青岚"
        elif platform in unit.spec.menu[:rank]:
            name = unit.spec.second_name or f"{unit.spec.brand}服务"
        account = AccountPlan(account_id, unit, platform, name, rank)
        reach = 1.0 if is_hub(account.unit) else _REACH[unit.spec.unit_type]
        if unit.spec.domain == "police":
            reach = 0.5
        account.followers = int(_FOLLOWERS[platform] * reach * rng.lognormvariate(0, 0.45))
        base = (_HUB_RATE if is_hub(unit) else _UNIT_RATE).get(platform, 0.4)
        account.rate = base * rng.uniform(0.7, 1.3)
        accounts.append(account)
    return accounts


def _pick(rng: random.Random, pool: list[AccountPlan], n: int, taken: set[int]) -> list[AccountPlan]:
    free = [a for a in pool if a.id not in taken]
    chosen = rng.sample(free, min(n, len(free)))
    taken.update(a.id for a in chosen)
    return sorted(chosen, key=lambda a: a.id)


def assign_states(accounts: list[AccountPlan], counts: dict[AccountState, int], rng: random.Random) -> None:
    """Non-running states go to secondary accounts on platforms the county has more than one of, so that
    every platform still has a live account and each unit keeps its main account running."""
    per_platform = Counter(a.platform for a in accounts)
    secondary = [
        a
        for a in accounts
        if a.rank > 0 and not is_hub(a.unit) and per_platform[a.platform] > 2 and not is_duplicate(a)
    ]
    taken: set[int] = set()
    new_platforms = [a for a in secondary if a.platform in (CHANNELS, DOUYIN, KUAISHOU, XHS)]
    closing_platforms = [a for a in secondary if a.platform in (TOUTIAO, KUAISHOU, WEIBO, DOUYIN)]
    order = (
        (AccountState.PROPOSED, new_platforms),
        (AccountState.APPLYING, new_platforms),
        (AccountState.APPROVED, new_platforms),
        (AccountState.CLOSED, closing_platforms),
        (AccountState.CANCELED, closing_platforms),
        (AccountState.CLOSING, closing_platforms),
        (AccountState.OPENED, secondary),
    )
    for state, pool in order:
        wanted = counts.get(state, 0)
        chosen = _pick(rng, pool, wanted, taken)
        if len(chosen) < wanted:
            chosen += _pick(rng, secondary, wanted - len(chosen), taken)
        for account in chosen:
            account.state = state


def assign_dates(accounts: list[AccountPlan], clock: Clock, filing: FilingRules, rng: random.Random) -> None:
    """Application, approval, opening, closure dates and the 开设备案 completion, per state."""
    as_of, cal = clock.as_of, clock.calendar
    window = (as_of - clock.start).days
    opened_recently = iter([9, 4, 1])
    for account in accounts:
        state = account.state
        if state is AccountState.PROPOSED:
            account.proposed_on = clock.workdays_before(as_of, 5)
            continue
        if state is AccountState.APPLYING:
            account.applied_on = clock.workdays_before(as_of, 8)
            continue
        if state is AccountState.APPROVED:
            account.applied_on = clock.workdays_before(as_of, 18)
            account.approved_on = clock.workdays_before(as_of, 3)
            continue
        if state is AccountState.OPENED:
            opened = clock.workdays_before(as_of, next(opened_recently, rng.randrange(1, 12)))
        elif is_duplicate(account):  # opened years ago and forgotten since
            opened = as_of - timedelta(days=rng.randrange(7 * 365, 8 * 365))
        elif state is AccountState.RUNNING and rng.random() < 0.3:
            opened = clock.start + timedelta(days=rng.randrange(10, window - 45))
        else:
            opened = as_of - timedelta(days=rng.randrange(window + 30, window + 6 * 365))
        if not cal.is_workday(opened):
            opened = cal.previous_workday(opened)
        account.opened_on = opened
        account.approved_on = clock.workdays_before(opened, rng.randrange(2, 8))
        account.applied_on = clock.workdays_before(account.approved_on, rng.randrange(5, 20))
        if state is not AccountState.OPENED:
            account.open_filing_done_on = _filing_done(opened, filing, clock, rng)
        _closure_dates(account, clock, rng)


def _filing_done(opened: date, filing: FilingRules, clock: Clock, rng: random.Random) -> date:
    """On time for most; one in seven filed one to eleven working days late."""
    cal = clock.calendar
    due = cal.add(opened, filing.open_filing.amount, filing.open_filing.unit)
    if rng.random() < 0.15:
        return cal.add_workdays(due, rng.randrange(1, 12))
    on_time = list(cal.workdays(opened + timedelta(days=1), due)) or [due]
    return rng.choice(on_time)


def _closure_dates(account: AccountPlan, clock: Clock, rng: random.Random) -> None:
    as_of, cal = clock.as_of, clock.calendar
    window = (as_of - clock.start).days
    state = account.state
    if state not in (AccountState.CLOSING, AccountState.CANCELED, AccountState.CLOSED):
        return
    main = next((p for p in account.unit.spec.menu if p is not account.platform), SUB)
    account.replacement = f"{account.unit.spec.brand}（{main.label}）"
    account.close_reason = rng.choice(
        (
            "整合政务新媒体资源，内容并入本单位主账号发布",
            "平台用户较少、互动量低，经班子会议研究决定关停",
            "按照“一单位一平台一账号”要求清理整合",
        )
    )
    if state is AccountState.CLOSING:
        account.notice_on = clock.workdays_before(as_of, 6)
    elif state is AccountState.CANCELED:
        account.notice_on = clock.workdays_before(as_of, 25)
        account.canceled_on = clock.workdays_before(as_of, 3)
    else:
        notice = clock.start + timedelta(days=rng.randrange(30, window - 90))
        account.notice_on = notice if cal.is_workday(notice) else cal.next_workday(notice)
        account.canceled_on = cal.add_workdays(account.notice_on, 15 + rng.randrange(0, 6))
        account.closed_on = cal.add_workdays(account.canceled_on, rng.randrange(1, 5))


def assign_scenarios(
    accounts: list[AccountPlan], counts: dict[str, int], clock: Clock, rng: random.Random
) -> None:
    as_of = clock.as_of
    old_enough = as_of - timedelta(days=120)
    running = [
        a for a in accounts if a.state is AccountState.RUNNING and a.opened_on and a.opened_on < old_enough
    ]
    ordinary = [a for a in running if not is_hub(a.unit) and a.unit.spec.domain != "police"]
    taken: set[int] = set()
    duplicates = [a for a in running if is_duplicate(a)]
    pools = {
        "zombie": duplicates + [a for a in ordinary if a.rank > 0],
        "gap_over": [a for a in ordinary if a.platform in (SUB, TOUTIAO, DOUYIN, CHANNELS)],
        "gap_soon": [a for a in ordinary if a.platform in (SUB, TOUTIAO, DOUYIN, CHANNELS)],
        "lazy": [a for a in ordinary if a.platform not in (SVC, WEIBO)],
        "push_breach_sub": [a for a in running if a.platform is SUB and a.rate >= 0.8],
        "push_breach_svc": [a for a in running if a.platform is SVC],
    }
    for scenario in SCENARIOS:
        wanted = counts.get(scenario, 0)
        pool = pools[scenario]
        # The duplicate 订阅号 is always the first zombie: an old account nobody looks after.
        chosen = [a for a in pool[:1] if scenario == "zombie" and a in duplicates and a.id not in taken]
        taken.update(a.id for a in chosen)
        chosen += _pick(rng, pool, wanted - len(chosen), taken)
        for account in chosen:
            account.scenarios.add(scenario)
            _shape(account, scenario, as_of, rng)
    live = [
        a
        for a in accounts
        if a.state.is_live and not is_hub(a.unit) and a.platform in (DOUYIN, KUAISHOU, TOUTIAO, CHANNELS)
    ]
    for account in _pick(rng, [a for a in live if not a.scenarios], counts.get("no_interaction", 0), set()):
        account.scenarios.add("no_interaction")
        account.interaction_enabled = False
    opened = [a for a in accounts if a.opened_on and a.state is AccountState.RUNNING and not a.scenarios]
    for account in _pick(rng, opened, counts.get("mismatch", 0), set()):
        account.scenarios.add("mismatch")


def _shape(account: AccountPlan, scenario: str, as_of: date, rng: random.Random) -> None:
    if scenario == "zombie":
        account.stop_on = as_of - timedelta(days=rng.randrange(95, 200))
        account.rate = min(account.rate, 0.3)
    elif scenario == "gap_over":
        account.stop_on = as_of - timedelta(days=rng.randrange(15, 28))
    elif scenario == "gap_soon":
        account.stop_on = as_of - timedelta(days=rng.randrange(10, 14))
    elif scenario == "lazy":
        account.rhythm = "lazy"
        account.rate = min(account.rate, 0.45)


def number_filings(accounts: list[AccountPlan]) -> None:
    """备案编号 per year in the order the 主管单位 received the filings: 青政新媒〔2025〕017号."""
    filed = sorted(
        (a for a in accounts if a.open_filing_done_on), key=lambda a: (a.open_filing_done_on, a.id)
    )
    per_year: Counter[int] = Counter()
    for account in filed:
        assert account.open_filing_done_on is not None
        year = account.open_filing_done_on.year
        per_year[year] += 1
        account.filing_number = f"{FILING_PREFIX}〔{year}〕{per_year[year]:03d}号"
