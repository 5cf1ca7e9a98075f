"""The dashboard's rules on plain facts: the 14-day veto of one account across holidays and plans, and the order
of today's list; a hypothesis property against the full forecast."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from gmdesk.domain.enums import Severity
from gmdesk.domain.findings import RuleId
from gmdesk.domain.forecast import forecast
from gmdesk.domain.frequency import AccountFacts, Clocks
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import default_profile
from gmdesk.domain.post_tally import PostFact, PostTally
from gmdesk.domain.today import ORDER, TodoItem, TodoKind, gap_risk, group
from gmdesk.domain.workdays import WorkCalendar

CAL = WorkCalendar()
CLOCKS = Clocks(CAL)
RULES = default_profile().update
ACCOUNT = AccountFacts("青岚县发布", Platform.WECHAT_SUBSCRIPTION, date(2020, 1, 1), True, 3)


def tally(*posts: tuple[date, bool], since: date | None = None, floor: date | None = None) -> PostTally:
    facts = (PostFact(datetime.combine(d, time(9)), published) for d, published in posts)
    return PostTally.from_posts(facts, since, floor)


def test_an_account_silent_for_two_weeks_is_a_veto_now() -> None:
    risk = gap_risk(ACCOUNT, RULES, tally((date(2026, 11, 2), True)), CLOCKS, date(2026, 11, 20))
    assert risk is not None and risk.broken
    assert (risk.day, risk.last_post, risk.latest) == (
        date(2026, 11, 16),
        date(2026, 11, 2),
        date(2026, 11, 20),
    )
    assert (
        risk.message == "已连续18天未更新（最近一次发布在11月2日），属内容不更新情形，单项否决；请今天发布。"
    )


def test_the_forecast_date_and_the_last_working_day_to_publish() -> None:
    risk = gap_risk(ACCOUNT, RULES, tally((date(2026, 11, 9), True)), CLOCKS, date(2026, 11, 20))
    assert risk is not None and not risk.broken
    assert (risk.day, risk.latest) == (date(2026, 11, 23), date(2026, 11, 20))  # Monday; the weekend is off
    assert risk.message == "青岚县发布 将于 11月23日（周一） 连续14个自然日未更新；请最迟于今天发布。"


def test_across_the_national_day_the_last_chance_is_before_the_holiday() -> None:
    risk = gap_risk(ACCOUNT, RULES, tally((date(2026, 9, 22), True)), CLOCKS, date(2026, 9, 29))
    assert risk is not None and risk.day == date(2026, 10, 6)
    assert risk.latest == date(2026, 9, 30) and "正值国庆节假期" in risk.message


def test_a_plan_in_time_or_a_far_break_is_no_risk() -> None:
    planned = tally((date(2026, 11, 9), True), (date(2026, 11, 21), False))
    assert gap_risk(ACCOUNT, RULES, planned, CLOCKS, date(2026, 11, 20)) is None
    assert gap_risk(ACCOUNT, RULES, tally((date(2026, 11, 18), True)), CLOCKS, date(2026, 11, 20)) is None


def test_an_account_that_never_posted_counts_from_its_opening() -> None:
    new = AccountFacts("新开账号", Platform.DOUYIN, date(2026, 11, 1), True, 9)
    risk = gap_risk(new, RULES, tally(), CLOCKS, date(2026, 11, 20))
    assert risk is not None and risk.broken and risk.last_post is None
    assert "自11月1日开设以来未发布" in risk.message
    assert (
        gap_risk(AccountFacts("无开设日期", Platform.OTHER), RULES, tally(), CLOCKS, date(2026, 11, 20))
        is None
    )


def test_the_floor_of_a_tally_from_today_is_all_the_rule_needs() -> None:
    whole = tally((date(2026, 11, 5), True), (date(2026, 11, 9), True))
    from_today = tally(since=date(2026, 11, 20), floor=date(2026, 11, 9))
    assert gap_risk(ACCOUNT, RULES, whole, CLOCKS, date(2026, 11, 20)) == gap_risk(
        ACCOUNT, RULES, from_today, CLOCKS, date(2026, 11, 20)
    )


@given(
    st.lists(st.tuples(st.integers(-40, 10), st.booleans()), max_size=8),
    st.dates(date(2025, 1, 1), date(2026, 12, 1)),
)
def test_a_risk_within_a_week_matches_the_full_forecast(posts: list[tuple[int, bool]], today: date) -> None:
    # published posts lie before today, plans from today on (as the tally would hold them)
    facts = [(today + timedelta(days=d), d < 0 or published) for d, published in posts]
    counted = tally(*facts)
    risk = gap_risk(ACCOUNT, RULES, counted, CLOCKS, today)
    ahead = forecast(
        ACCOUNT, RULES, counted, CLOCKS, today, today + timedelta(days=7), only=(RuleId.UPDATE_GAP,)
    )
    if risk is None:
        assert not ahead
    elif not risk.broken:
        assert ahead and ahead[0].day == risk.day and risk.day > today
    else:
        assert risk.day <= today


def _item(kind: TodoKind, severity: Severity, when: date, subject: str) -> TodoItem:
    return TodoItem(kind, severity, subject, when, "", "", "account", 1)


def test_the_list_groups_in_a_fixed_order_worst_then_soonest() -> None:
    items = [
        _item(TodoKind.PASSWORD, Severity.WARNING, date(2026, 11, 1), "甲"),
        _item(TodoKind.MESSAGE_OVERDUE, Severity.VIOLATION, date(2026, 11, 18), "乙"),
        _item(TodoKind.MESSAGE_OVERDUE, Severity.VETO, date(2026, 8, 1), "丙"),
        _item(TodoKind.MESSAGE_OVERDUE, Severity.VIOLATION, date(2026, 11, 10), "丁"),
    ]
    groups = group(items)
    assert [g.kind for g in groups] == [TodoKind.MESSAGE_OVERDUE, TodoKind.PASSWORD]
    assert [i.subject for i in groups[0].items] == ["丙", "丁", "乙"]
    assert (groups[0].title, groups[0].count, groups[0].severity) == ("逾期留言", 3, Severity.VETO)
    assert ORDER[0] is TodoKind.MESSAGE_OVERDUE and TodoKind.RECTIFICATION.tab == "report"
