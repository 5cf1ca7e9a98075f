"""The update-frequency findings of one account on a date (domain §3), with the real holiday table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmdesk.domain.enums import Severity, TimeUnit
from gmdesk.domain.findings import Finding
from gmdesk.domain.frequency import AccountFacts, Clocks, WindowRule, _walk, account_findings, breaches
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import PRESETS, Span, UpdateRules, days, default_profile, with_overrides, workdays
from gmdesk.domain.post_tally import ALL, PostFact, PostTally
from gmdesk.domain.windows import WindowClock
from gmdesk.domain.workdays import WorkCalendar

CAL = WorkCalendar()
DEFAULT = default_profile().update
YUNNAN = PRESETS["云南"].update
SUB = Platform.WECHAT_SUBSCRIPTION


def account(
    platform: Platform = SUB, opened: date | None = date(2020, 1, 1), interaction: bool = True
) -> AccountFacts:
    return AccountFacts("青岚县发布", platform, opened, interaction, 7)


def post(
    day: date, hour: int = 9, *, planned: bool = False, original: bool = True, mass: bool = False
) -> PostFact:
    return PostFact(datetime.combine(day, time(hour)), not planned, original, mass)


def check(
    posts: list[PostFact],
    as_of: date,
    rules: UpdateRules = DEFAULT,
    who: AccountFacts | None = None,
    **tally: object,
) -> dict[str, Finding]:
    found = account_findings(
        who or account(), rules, PostTally.from_posts(posts, **tally), Clocks(CAL), as_of
    )  # type: ignore[arg-type]
    by_rule = {str(f.rule): f for f in found}
    assert len(by_rule) == len(found), "one finding per rule"
    return by_rule


# --------------------------------------------------------------------------- the two-week gap (veto)
def test_fourteen_days_without_a_post_is_a_veto_on_the_fourteenth_day() -> None:
    found = check([post(date(2026, 11, 6))], date(2026, 11, 20))
    gap = found["UPDATE_GAP"]
    assert gap.severity is Severity.VETO
    assert gap.date == date(2026, 11, 20)
    assert gap.account == "青岚县发布" and gap.account_id == 7
    assert "已连续14天未更新" in gap.message and "最后一次发布在11月6日" in gap.message
    assert "国办秘函〔2019〕19号" in gap.message and "单项否决" in gap.message
    assert gap.needs_attention


def test_thirteen_days_is_a_warning_naming_the_day_of_the_veto() -> None:
    found = check([post(date(2026, 11, 7))], date(2026, 11, 20))
    assert "UPDATE_GAP" not in found
    soon = found["UPDATE_GAP_SOON"]
    assert soon.severity is Severity.WARNING and not soon.needs_attention
    assert soon.date == date(2026, 11, 21)
    assert "已连续13天未更新" in soon.message
    assert "11月21日（周六）" in soon.message and "当天为休息日" in soon.message
    assert "请最迟于11月20日（周五）发布" in soon.message  # the last working day before a weekend break


def test_the_warning_starts_at_ten_days() -> None:
    assert "UPDATE_GAP_SOON" not in check([post(date(2026, 11, 11))], date(2026, 11, 20))  # 9 days
    assert "UPDATE_GAP_SOON" in check([post(date(2026, 11, 10))], date(2026, 11, 20))  # 10 days


def test_a_plan_after_the_gap_limit_warns_early() -> None:
    last = date(2026, 11, 13)  # breaks on 27 Nov
    late = check([post(last), post(date(2026, 11, 28), planned=True)], date(2026, 11, 16))
    assert late["UPDATE_GAP_SOON"].date == date(2026, 11, 27)
    assert "下一条计划在11月28日" in late["UPDATE_GAP_SOON"].message
    in_time = check([post(last), post(date(2026, 11, 26), planned=True)], date(2026, 11, 16))
    assert "UPDATE_GAP_SOON" not in in_time


def test_a_post_published_today_ends_the_gap_but_an_overdue_plan_does_not() -> None:
    assert "UPDATE_GAP" not in check(
        [post(date(2026, 10, 1)), post(date(2026, 11, 20), 8)], date(2026, 11, 20)
    )
    overdue_plan = [post(date(2026, 10, 1)), post(date(2026, 11, 10), planned=True)]
    assert "UPDATE_GAP" in check(overdue_plan, date(2026, 11, 20))


def test_a_plan_for_today_does_not_lift_the_veto_but_is_mentioned() -> None:
    found = check([post(date(2026, 11, 1)), post(date(2026, 11, 20), 20, planned=True)], date(2026, 11, 20))
    assert found["UPDATE_GAP"].severity is Severity.VETO
    assert "今天已安排1条" in found["UPDATE_GAP"].message


def test_an_account_that_never_posted_counts_from_its_opening() -> None:
    found = check([], date(2026, 11, 20), who=account(opened=date(2026, 11, 5)))
    assert found["UPDATE_GAP"].date == date(2026, 11, 19)
    assert "自11月5日开设以来未发布任何信息" in found["UPDATE_GAP"].message
    assert "UPDATE_GAP" not in check(
        [], date(2026, 11, 20), who=account(opened=None)
    )  # nothing to count from


def test_history_before_the_tally_is_known_by_its_last_post() -> None:
    found = check(
        [post(date(2026, 11, 2))],
        date(2026, 11, 20),
        since=date(2026, 11, 1),
        last_published_before=date(2026, 10, 30),
    )
    assert "最后一次发布在11月2日" in found["UPDATE_GAP"].message
    only_before = check(
        [], date(2026, 11, 20), since=date(2026, 11, 1), last_published_before=date(2026, 10, 30)
    )
    assert "已连续21天未更新" in only_before["UPDATE_GAP"].message


def test_ninety_days_is_a_zombie_account() -> None:
    found = check([post(date(2026, 8, 22))], date(2026, 11, 20))
    assert found["ZOMBIE"].date == date(2026, 11, 20)
    assert found["ZOMBIE"].severity is Severity.VIOLATION
    assert "僵尸" in found["ZOMBIE"].message and "国办发〔2018〕123号" in found["ZOMBIE"].message
    assert "ZOMBIE" not in check([post(date(2026, 8, 23))], date(2026, 11, 20))


def test_a_gap_counted_in_working_days_by_override() -> None:
    rules = with_overrides(default_profile(), {"update.gap.amount": 5, "update.gap.unit": "workday"}).update
    # last post Tuesday 30 Sep 2025; the 5th working day after it is Tuesday 14 Oct: 9, 10, 11 (调休
    # Saturday), 13, 14 — the holiday week counts nothing
    found = check([post(date(2025, 9, 30))], date(2025, 10, 14), rules)
    assert found["UPDATE_GAP"].date == date(2025, 10, 14)
    assert "连续5个工作日内须有更新" in found["UPDATE_GAP"].message
    assert "UPDATE_GAP" not in check([post(date(2025, 9, 30))], date(2025, 10, 13), rules)


# --------------------------------------------------------------------------- MIN_FREQUENCY / ORIGINAL_MIN
def test_one_post_a_week_is_judged_on_the_last_complete_seven_days() -> None:
    broken = check([post(date(2026, 11, 12))], date(2026, 11, 20))["MIN_FREQUENCY"]
    assert broken.severity is Severity.VIOLATION and broken.date == date(2026, 11, 19)
    assert (
        "11月13日—11月19日没有发布信息" in broken.message and "每7个自然日至少发布1条信息" in broken.message
    )
    due_today = check([post(date(2026, 11, 13))], date(2026, 11, 20))["MIN_FREQUENCY"]
    assert due_today.severity is Severity.WARNING and due_today.date == date(2026, 11, 20)
    assert "将于今天不符合" in due_today.message
    planned = check(
        [post(date(2026, 11, 13)), post(date(2026, 11, 20), 12, planned=True)], date(2026, 11, 20)
    )
    assert "MIN_FREQUENCY" not in planned


def test_a_month_of_reposts_breaks_the_original_rule() -> None:
    reposts = [post(date(2026, 10, d), original=False) for d in range(1, 32, 3)]
    found = check([*reposts, post(date(2026, 11, 18))], date(2026, 11, 20))
    assert found["ORIGINAL_MIN"].date == date(2026, 10, 31)
    assert "10月1日—10月31日没有发布原创信息" in found["ORIGINAL_MIN"].message
    assert "ORIGINAL_MIN" not in check([*reposts, post(date(2026, 10, 30))], date(2026, 11, 20))


def test_a_window_before_the_account_opened_is_not_judged() -> None:
    found = check(
        [post(date(2026, 10, 20)), post(date(2026, 11, 18))],
        date(2026, 11, 20),
        who=account(opened=date(2026, 10, 20)),
    )
    assert "ORIGINAL_MIN" not in found  # October was only partly open


# --------------------------------------------------------------------------- 云南: one post per working day
def test_yunnan_asks_each_working_day_and_nothing_of_the_national_day_holiday() -> None:
    posts = [post(date(2025, 9, 30)), post(date(2025, 9, 29))]
    first_day_back = check(posts, date(2025, 10, 9), YUNNAN)["MIN_FREQUENCY"]  # 1–8 Oct asked nothing
    assert first_day_back.severity is Severity.WARNING and "将于今天不符合" in first_day_back.message
    missed = check(posts, date(2025, 10, 10), YUNNAN)["MIN_FREQUENCY"]
    assert missed.date == date(2025, 10, 9) and "10月9日没有发布信息" in missed.message
    assert "节假日除外" in missed.message and "云南" in missed.message


def test_yunnan_counts_the_adjusted_sunday_before_the_holiday() -> None:
    found = check([post(date(2025, 9, 26))], date(2025, 9, 29), YUNNAN)
    assert found["MIN_FREQUENCY"].date == date(2025, 9, 28)  # Sunday 28 Sep was a working day (调休)


def test_yunnan_warns_on_an_adjusted_saturday_with_nothing_planned() -> None:
    posts = [post(date(2025, 10, 9)), post(date(2025, 10, 10)), post(date(2025, 10, 1), original=True)]
    found = check(posts, date(2025, 10, 11), YUNNAN)
    assert found["MIN_FREQUENCY"].severity is Severity.WARNING
    assert found["MIN_FREQUENCY"].date == date(2025, 10, 11)
    assert "MIN_FREQUENCY" not in check(
        [*posts, post(date(2025, 10, 11), 15, planned=True)], date(2025, 10, 11), YUNNAN
    )


def test_yunnan_needs_an_original_every_fourteen_days() -> None:
    reposts = [post(date(2026, 11, d), original=False) for d in range(2, 20)]
    found = check([post(date(2026, 11, 4)), *reposts], date(2026, 11, 20), YUNNAN)
    assert found["ORIGINAL_MIN"].date == date(2026, 11, 19)  # 6–19 Nov hold no original
    assert "每14个自然日至少发布1条原创信息" in found["ORIGINAL_MIN"].message


# --------------------------------------------------------------------------- other presets and rules
def test_tianxin_service_account_should_use_its_four_pushes_as_a_warning() -> None:
    rules = PRESETS["天心区"].update
    who = account(Platform.WECHAT_SERVICE)
    pushes = [post(date(2026, 10, d), mass=True) for d in (5, 12, 19)]
    weekly = [post(date(2026, 10, d)) for d in (2, 9, 16, 23, 30)] + [
        post(date(2026, 11, d)) for d in (6, 13, 19)
    ]
    found = check(pushes + weekly, date(2026, 11, 20), rules, who)
    assert found["MIN_FREQUENCY"].severity is Severity.WARNING
    assert "仅发布3条群发信息" in found["MIN_FREQUENCY"].message
    assert "MIN_FREQUENCY" not in check(pushes + weekly, date(2026, 11, 20), rules, account(Platform.WEIBO))


def test_guide_preset_recommends_three_to_five_weibo_posts_a_day() -> None:
    rules = PRESETS["运营指南"].update
    weibo = account(Platform.WEIBO)
    two = [post(date(2026, 11, 19), h) for h in (8, 12)]
    found = check(two, date(2026, 11, 20), rules, weibo)
    assert found["RECOMMENDED_RANGE"].severity is Severity.WARNING
    assert "11月19日发布2条，偏少" in found["RECOMMENDED_RANGE"].message
    four = [post(date(2026, 11, 19), h) for h in (8, 10, 12, 20)]
    assert "RECOMMENDED_RANGE" not in check(four, date(2026, 11, 20), rules, weibo)
    assert "RECOMMENDED_RANGE" not in check(two, date(2026, 11, 20), DEFAULT, weibo)


def test_a_closed_interaction_function_is_a_veto() -> None:
    found = check([post(date(2026, 11, 19))], date(2026, 11, 20), who=account(interaction=False))
    assert found["NO_INTERACTION"].severity is Severity.VETO
    assert "互动回应差" in found["NO_INTERACTION"].message
    relaxed = replace(DEFAULT, require_interaction=False)
    assert "NO_INTERACTION" not in check(
        [post(date(2026, 11, 19))], date(2026, 11, 20), relaxed, account(interaction=False)
    )


@pytest.mark.parametrize(
    ("window", "last", "as_of", "broken_on"),
    [
        (days(3), date(2026, 11, 16), date(2026, 11, 20), date(2026, 11, 19)),  # 模板办法: 1–3天一次
        (workdays(2), date(2026, 2, 12), date(2026, 2, 25), date(2026, 2, 24)),  # 13, 14 (调休) ok; 24+? no
        (Span(1, TimeUnit.WEEK), date(2026, 11, 6), date(2026, 11, 20), date(2026, 11, 15)),
    ],
)
def test_other_windows(window: Span, last: date, as_of: date, broken_on: date) -> None:
    rules = with_overrides(
        default_profile(),
        {
            "update.frequency.0.window.amount": window.amount,
            "update.frequency.0.window.unit": window.unit.value,
        },
    ).update
    assert check([post(last)], as_of, rules)["MIN_FREQUENCY"].date == broken_on


# --------------------------------------------------------------------------- the fast path of "1 in N days"
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 120), max_size=30),
    st.integers(1, 20),
    st.integers(0, 130),
    st.integers(0, 40),
    st.one_of(st.none(), st.integers(-10, 60)),
    st.booleans(),
    st.one_of(st.none(), st.integers(-40, -1)),
)
def test_gaps_answer_as_the_window_walk_does(
    offsets: list[int], n: int, start: int, length: int, opened: int | None, running: bool, floor: int | None
) -> None:
    base = date(2026, 1, 1)
    day = lambda k: base + timedelta(days=k)  # noqa: E731
    tally = PostTally.from_posts(
        (post(day(k)) for k in offsets),
        since=base,
        last_published_before=day(floor) if floor is not None else None,
    )
    rule = WindowRule("MIN_FREQUENCY", 1, days(n), ALL, Severity.VIOLATION, "", "")
    clock = WindowClock(days(n), CAL)
    series = tally.series(day(200))
    first, last = day(start), day(start + length)
    opened_on = day(opened) if opened is not None else None
    fast = list(breaches(rule, clock, series, first, last, opened_on, running))
    walked = list(
        _walk(rule, clock, series, first, last, opened_on.toordinal() if opened_on else None, running)
    )
    assert fast == walked
