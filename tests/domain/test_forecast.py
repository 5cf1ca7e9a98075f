"""Forecasts, the at-risk summary and the risks of each day, across real holidays; hypothesis properties."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gmdesk.domain.enums import Severity
from gmdesk.domain.findings import RuleId
from gmdesk.domain.forecast import at_risk, day_risks, forecast
from gmdesk.domain.frequency import AccountFacts, Clocks, account_findings
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import PRESETS, default_profile
from gmdesk.domain.post_tally import PostFact, PostTally
from gmdesk.domain.workdays import WorkCalendar

CAL = WorkCalendar()
CLOCKS = Clocks(CAL)
DEFAULT = default_profile().update
ACCOUNT = AccountFacts("青岚县发布", Platform.WECHAT_SUBSCRIPTION, date(2020, 1, 1), True, 3)


def tally(*posts: tuple[date, bool]) -> PostTally:
    """(day, published) pairs."""
    return PostTally.from_posts(PostFact(datetime.combine(d, time(9)), published) for d, published in posts)


def test_the_forecast_names_the_spring_festival() -> None:
    found = forecast(ACCOUNT, DEFAULT, tally((date(2026, 2, 6), True)), CLOCKS, date(2026, 2, 9))
    gap = next(f for f in found if f.rule == RuleId.UPDATE_GAP)
    assert gap.day == date(2026, 2, 20)
    assert gap.sentence == "青岚县发布 将于 2月20日（周五） 连续14个自然日未更新，正值春节假期"
    assert gap.latest == date(2026, 2, 14)  # the Saturday worked before the holiday is the last chance
    assert gap.severity is Severity.VETO


def test_the_forecast_across_the_national_day_2025_counts_holidays_as_days() -> None:
    found = forecast(ACCOUNT, DEFAULT, tally((date(2025, 9, 24), True)), CLOCKS, date(2025, 9, 26))
    by_rule = {f.rule: f for f in found}
    assert by_rule[RuleId.UPDATE_GAP].day == date(2025, 10, 8)
    assert "正值国庆节假期" in by_rule[RuleId.UPDATE_GAP].sentence
    assert by_rule[RuleId.UPDATE_GAP].latest == date(2025, 9, 30)
    assert by_rule["MIN_FREQUENCY"].day == date(2025, 10, 1)
    assert [f.day for f in found] == sorted(f.day for f in found)


def test_plans_push_the_forecast_back() -> None:
    without = forecast(ACCOUNT, DEFAULT, tally((date(2026, 11, 10), True)), CLOCKS, date(2026, 11, 20))
    planned = tally((date(2026, 11, 10), True), (date(2026, 11, 23), False), (date(2026, 11, 30), False))
    with_plans = forecast(ACCOUNT, DEFAULT, planned, CLOCKS, date(2026, 11, 20))
    gap = {f.rule: f.day for f in without}[RuleId.UPDATE_GAP]
    assert gap == date(2026, 11, 24)
    assert {f.rule: f.day for f in with_plans}[RuleId.UPDATE_GAP] == date(2026, 12, 14)


def test_yunnan_forecast_asks_for_the_adjusted_saturday() -> None:
    yunnan = PRESETS["云南"].update
    found = forecast(
        ACCOUNT,
        yunnan,
        tally((date(2025, 10, 9), True), (date(2025, 10, 10), False)),
        CLOCKS,
        date(2025, 10, 10),
    )
    frequency = next(f for f in found if f.rule == "MIN_FREQUENCY")
    assert frequency.day == date(2025, 10, 11)
    assert "每个工作日至少发布1条信息" in frequency.sentence


def test_at_risk_lists_an_account_silent_for_twelve_days() -> None:
    risk = at_risk(ACCOUNT, DEFAULT, tally((date(2026, 11, 8), True)), CLOCKS, date(2026, 11, 20))
    assert risk is not None
    assert risk.account == "青岚县发布" and risk.account_id == 3
    assert risk.broken  # a week without a post is already broken
    assert any("11月22日" in text and "连续14个自然日未更新" in text for text in (risk.message, *risk.others))


def test_an_account_posting_daily_with_plans_is_not_at_risk() -> None:
    today = date(2026, 11, 20)
    posts = [(today - timedelta(days=n), True) for n in range(1, 40)] + [
        (today + timedelta(days=n), False) for n in range(0, 12)
    ]
    assert at_risk(ACCOUNT, DEFAULT, tally(*posts), CLOCKS, today) is None


def test_a_closed_interaction_function_puts_the_account_at_risk() -> None:
    quiet = AccountFacts("便民服务", Platform.DOUYIN, date(2020, 1, 1), False, 9)
    today = date(2026, 11, 20)
    posts = [(today - timedelta(days=n), True) for n in range(0, 40)]
    risk = at_risk(quiet, DEFAULT, tally(*posts), CLOCKS, today)
    assert risk is not None and risk.rule == RuleId.NO_INTERACTION and risk.severity is Severity.VETO


def test_day_risks_mark_the_day_a_rule_breaks_not_every_day_after() -> None:
    posts = tally((date(2026, 10, 20), True), (date(2026, 11, 18), True))
    risks = day_risks(
        ACCOUNT, DEFAULT, posts, CLOCKS, date(2026, 11, 20), date(2026, 11, 1), date(2026, 11, 30)
    )
    by_day = {(r.day, str(r.rule)) for r in risks}
    assert (date(2026, 11, 3), "UPDATE_GAP") in by_day  # 20 Oct + 14 days
    assert (date(2026, 10, 30), "UPDATE_GAP_SOON") not in by_day  # before the range
    assert not any(
        r.rule == RuleId.UPDATE_GAP and r.day != date(2026, 11, 3)
        for r in risks
        if r.day < date(2026, 11, 20)
    )
    assert (date(2026, 11, 25), "MIN_FREQUENCY") in by_day  # the forecast: 18 Nov + 7
    assert all(r.label for r in risks)


def test_day_risks_show_a_second_push_on_a_subscription_account() -> None:
    posts = PostTally.from_posts(
        [
            PostFact(datetime(2026, 11, 10, 8), True, True, True),
            PostFact(datetime(2026, 11, 10, 20), True, True, True),
            PostFact(datetime(2026, 11, 11, 8), True, True, True),
        ]
    )
    risks = day_risks(
        ACCOUNT, DEFAULT, posts, CLOCKS, date(2026, 11, 20), date(2026, 11, 1), date(2026, 11, 30)
    )
    caps = [r for r in risks if r.rule == RuleId.PUSH_CAP]
    assert [r.day for r in caps] == [date(2026, 11, 10)]
    assert caps[0].label == "群发2次·超每天1次上限"


# --------------------------------------------------------------------------- properties
BASES = (date(2025, 9, 24), date(2025, 10, 6), date(2026, 2, 10), date(2026, 2, 20), date(2026, 11, 20))
PROFILES = ("国办底线+常规", "云南", "模板办法", "运营指南", "天心区")


@st.composite
def histories(draw: st.DrawFn) -> tuple[date, list[PostFact]]:
    today = draw(st.sampled_from(BASES))
    offsets = draw(st.lists(st.integers(-70, 30), max_size=25))
    posts = [
        PostFact(
            datetime.combine(today + timedelta(days=o), time(draw(st.integers(7, 21)))),
            published=o < 0 or draw(st.booleans()),
            original=draw(st.booleans()),
            mass_push=draw(st.booleans()),
        )
        for o in offsets
    ]
    return today, posts


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(-70, 0), st.sampled_from(PROFILES), st.booleans())
def test_adding_a_published_post_never_creates_a_gap_or_a_violation(
    history: tuple[date, list[PostFact]], offset: int, profile: str, original: bool
) -> None:
    today, posts = history
    rules = PRESETS[profile].update
    extra = PostFact(datetime.combine(today + timedelta(days=offset), time(8)), True, original, False)
    before = account_findings(ACCOUNT, rules, PostTally.from_posts(posts), CLOCKS, today)
    after = account_findings(ACCOUNT, rules, PostTally.from_posts([*posts, extra]), CLOCKS, today)
    assert not any(f.rule == RuleId.UPDATE_GAP for f in after) or any(
        f.rule == RuleId.UPDATE_GAP for f in before
    )
    serious = {str(f.rule) for f in after if f.severity is not Severity.WARNING}
    assert serious <= {str(f.rule) for f in before if f.severity is not Severity.WARNING}


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(-30, 30), st.sampled_from(PROFILES))
def test_one_more_post_never_brings_a_forecast_break_nearer(
    history: tuple[date, list[PostFact]], offset: int, profile: str
) -> None:
    today, posts = history
    rules = PRESETS[profile].update
    extra = PostFact(datetime.combine(today + timedelta(days=offset), time(8)), offset < 0, True, False)
    before = {f.rule: f.day for f in forecast(ACCOUNT, rules, PostTally.from_posts(posts), CLOCKS, today)}
    after = {
        f.rule: f.day for f in forecast(ACCOUNT, rules, PostTally.from_posts([*posts, extra]), CLOCKS, today)
    }
    for rule, day in after.items():
        assert rule in before and before[rule] <= day


def test_a_breach_that_happened_stays_at_risk_whatever_is_planned_since() -> None:
    """模板办法: at least one post in every 3 days. 12月4日—6日 had none; the clerk plans today and every day
    after. The plans answer the future, not last week: the breach stays listed while gmdesk check reports it."""
    rules = PRESETS["模板办法"].update
    history = [(date(2026, 12, 3) - timedelta(days=n), True) for n in range(40)]
    today = date(2026, 12, 7)
    plans = [(today + timedelta(days=n), False) for n in range(30)]
    reported = {
        f.rule
        for f in account_findings(ACCOUNT, rules, tally(*history, *plans), CLOCKS, today)
        if f.severity is not Severity.WARNING
    }
    assert "MIN_FREQUENCY" in reported
    before = at_risk(ACCOUNT, rules, tally(*history), CLOCKS, today)
    after = at_risk(ACCOUNT, rules, tally(*history, *plans), CLOCKS, today)
    assert before is not None and after is not None and after.broken
    listed = "\n".join((after.message, *after.others))
    assert "12月4日—12月6日没有发布信息" in listed or "12月4日—6日没有发布信息" in listed, listed
    # and once that window is no longer the last complete one, it goes
    later = at_risk(ACCOUNT, rules, tally(*history, *plans), CLOCKS, date(2026, 12, 10))
    assert later is None or "12月4日" not in "\n".join((later.message, *later.others))
