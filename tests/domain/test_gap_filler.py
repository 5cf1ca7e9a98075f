"""The gap filler: fewest slots, on working days, at preferred times; its plan always passes (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import combinations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gmdesk.domain.frequency import AccountFacts, Clocks, breaches, required_rules
from gmdesk.domain.gap_filler import FillPlan, fill_gaps, push_times
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import PRESETS, UpdateRules, default_profile
from gmdesk.domain.post_tally import PostFact, PostTally
from gmdesk.domain.workdays import WorkCalendar

CAL = WorkCalendar()
CLOCKS = Clocks(CAL)
DEFAULT = default_profile().update
SUB = AccountFacts("青岚县发布", Platform.WECHAT_SUBSCRIPTION, date(2020, 1, 1))
SVC = AccountFacts("青岚政务服务", Platform.WECHAT_SERVICE, date(2020, 1, 1))


def posts_on(*days: date) -> PostTally:
    return PostTally.from_posts(PostFact(datetime.combine(d, time(9))) for d in days)


def with_slots(tally: PostTally, plan: FillPlan) -> PostTally:
    filled = tally.copy()
    for slot in plan.slots:
        filled.add(slot.at.date(), published=False, original=slot.original, mass=slot.mass_push)
    return filled


def broken(
    account: AccountFacts, rules: UpdateRules, tally: PostTally, today: date, through: date
) -> list[object]:
    out: list[object] = []
    for rule in required_rules(rules, account.platform):
        out += breaches(
            rule, CLOCKS(rule.span), tally.series(today, rule.kinds), today, through, account.opened_on
        )
    return out


def test_one_post_a_week_on_fridays_at_the_first_push_time() -> None:
    tally = posts_on(date(2026, 11, 8))
    plan = fill_gaps(SUB, DEFAULT, tally, CLOCKS, date(2026, 11, 20), date(2026, 12, 31))
    assert [s.at for s in plan.slots] == [datetime(2026, 11, 20, 8, 0) + timedelta(weeks=n) for n in range(6)]
    assert all(s.original and not s.mass_push for s in plan.slots)
    assert plan.slots[0].reason == "每7个自然日至少发布1条信息"
    assert not plan.unmet
    assert broken(SUB, DEFAULT, with_slots(tally, plan), date(2026, 11, 20), date(2026, 12, 31)) == []


def test_later_today_only_after_now() -> None:
    plan = fill_gaps(
        SUB,
        DEFAULT,
        posts_on(date(2026, 11, 8)),
        CLOCKS,
        date(2026, 11, 20),
        date(2026, 11, 21),
        now=time(13, 0),
    )
    assert [s.at for s in plan.slots] == [datetime(2026, 11, 20, 20, 0)]


def test_spring_festival_2026_uses_the_adjusted_saturdays_and_posts_in_the_holiday_only_when_it_must() -> (
    None
):
    plan = fill_gaps(SUB, DEFAULT, posts_on(date(2026, 2, 10)), CLOCKS, date(2026, 2, 11), date(2026, 3, 1))
    assert plan.days() == [date(2026, 2, 14), date(2026, 2, 21), date(2026, 2, 28)]
    # 15–21 Feb are all holiday: a week with no working day still needs its post (on the last day)
    assert not CAL.is_workday(date(2026, 2, 21)) and CAL.is_workday(date(2026, 2, 28))


def test_yunnan_every_working_day_through_the_national_day() -> None:
    yunnan = PRESETS["云南"].update
    plan = fill_gaps(SUB, yunnan, posts_on(date(2025, 9, 26)), CLOCKS, date(2025, 9, 27), date(2025, 10, 12))
    assert plan.days() == [
        date(2025, 9, 28),
        date(2025, 9, 29),
        date(2025, 9, 30),
        date(2025, 10, 9),
        date(2025, 10, 10),
        date(2025, 10, 11),
    ]


def test_tianxin_service_account_slots_are_pushes_within_the_cap() -> None:
    tianxin = PRESETS["天心区"].update
    tally = PostTally.from_posts([PostFact(datetime(2026, 12, 2, 9), True, True, True)])
    plan = fill_gaps(SVC, tianxin, tally, CLOCKS, date(2026, 12, 3), date(2026, 12, 31))
    pushes = [s for s in plan.slots if s.mass_push]
    assert len(pushes) == 3  # four a month, one already made
    assert not plan.unmet


def test_a_window_over_before_today_is_reported_as_unmet() -> None:
    rules = PRESETS["云南"].update
    plan = fill_gaps(
        SUB,
        rules,
        posts_on(date(2026, 11, 18)),
        CLOCKS,
        date(2026, 11, 20),
        date(2026, 11, 20),
        now=time(23, 0),
    )
    assert plan.slots == [] and [b.end for b in plan.unmet] == [date(2026, 11, 20)]


def test_push_times_are_read_from_the_profile() -> None:
    assert push_times(DEFAULT) == [time(8, 0), time(12, 30), time(20, 0)]


# --------------------------------------------------------------------------- properties
TODAYS = (date(2025, 9, 24), date(2025, 9, 30), date(2026, 2, 9), date(2026, 2, 13), date(2026, 11, 20))


@st.composite
def cases(draw: st.DrawFn) -> tuple[AccountFacts, UpdateRules, PostTally, date, date]:
    today = draw(st.sampled_from(TODAYS))
    account = draw(st.sampled_from((SUB, SVC, AccountFacts("青岚微博", Platform.WEIBO, date(2020, 1, 1)))))
    rules = PRESETS[draw(st.sampled_from(("国办底线+常规", "云南", "模板办法", "天心区", "运营指南")))].update
    posts = []
    for offset in draw(st.lists(st.integers(-40, 20), max_size=15)):
        day = today + timedelta(days=offset)
        posts.append(
            PostFact(
                datetime.combine(day, time(10)),
                offset < 0 or draw(st.booleans()),
                draw(st.booleans()),
                draw(st.booleans()) and account is not SVC,
            )
        )
    through = today + timedelta(days=draw(st.integers(0, 45)))
    return account, rules, PostTally.from_posts(posts), today, through


@settings(max_examples=200, deadline=None)
@given(cases())
def test_the_fillers_plan_always_passes(
    case: tuple[AccountFacts, UpdateRules, PostTally, date, date],
) -> None:
    account, rules, tally, today, through = case
    plan = fill_gaps(account, rules, tally, CLOCKS, today, through)
    times = set(push_times(rules))
    for unmet in plan.unmet:  # only a window with too few free push times left can stay broken
        room = ((unmet.end - max(unmet.start, today)).days + 1) * len(times)
        assert room < unmet.rule.count - unmet.found
    left = broken(account, rules, with_slots(tally, plan), today, through)
    assert {(b.rule.rule, b.end) for b in left} <= {(u.rule.rule, u.end) for u in plan.unmet}  # type: ignore[attr-defined]
    assert all(today <= s.at.date() <= through for s in plan.slots)
    assert all(s.at.time() in times for s in plan.slots)
    per_day: dict[date, int] = {}
    for slot in plan.slots:
        per_day[slot.at.date()] = per_day.get(slot.at.date(), 0) + 1
    assert max(per_day.values(), default=0) <= len(times)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(TODAYS),
    st.lists(st.integers(-20, -1), max_size=6),
    st.integers(3, 16),
    st.sampled_from(("国办底线+常规", "模板办法")),
)
def test_no_plan_on_fewer_working_days_passes(
    today: date, offsets: list[int], length: int, profile: str
) -> None:
    """Against brute force: with "at least 1" rules, no smaller set of working days keeps every rule."""
    rules = PRESETS[profile].update
    tally = posts_on(*(today + timedelta(days=o) for o in offsets))
    through = today + timedelta(days=length)
    plan = fill_gaps(SUB, rules, tally, CLOCKS, today, through)
    workdays = [d for d in (today + timedelta(days=n) for n in range(length + 1)) if CAL.is_workday(d)]
    assume(
        all(CAL.is_workday(d) for d in plan.days())
    )  # holiday weeks force days off; compare like with like
    assert len(plan.slots) == len(plan.days())
    for smaller in combinations(workdays, len(plan.slots) - 1) if plan.slots else ():
        trial = tally.copy()
        for day in smaller:
            trial.add(day, published=False, original=True, mass=False)
        assert broken(SUB, rules, trial, today, through), f"{smaller} would do with fewer slots"
