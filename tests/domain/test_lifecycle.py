"""The account life cycle: which actions each state allows, the dates they check, the deadlines they set."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmdesk.domain.account_changes import Snapshot, describe, detect_changes, merge_changes
from gmdesk.domain.enums import AccountState, FilingKind
from gmdesk.domain.lifecycle import (
    AccountDates,
    Action,
    ActionInput,
    DeadlineState,
    LifecycleError,
    allowed_actions,
    annual_review_due,
    check_initial,
    deadline_state,
    deletion_refusal,
    due_date,
    initial_events,
    plan,
    refusal,
    remaining_text,
    span_text,
    state_on,
)
from gmdesk.domain.policy import PRESETS, FilingRules, days, default_profile, workdays
from gmdesk.domain.workdays import DayOverride, NoHolidays, WorkCalendar

S = AccountState
RULES = default_profile().filing
CAL = WorkCalendar()
TODAY = date(2026, 11, 20)


# --------------------------------------------------------------------------- the state machine
@pytest.mark.parametrize(
    ("state", "actions"),
    [
        (S.PROPOSED, [Action.SUBMIT]),
        (S.APPLYING, [Action.RETURN, Action.APPROVE]),
        (S.APPROVED, [Action.OPEN]),
        (S.OPENED, [Action.FILE_OPEN]),
        (S.RUNNING, [Action.ANNOUNCE]),
        (S.CLOSING, [Action.RESUME, Action.CANCEL]),
        (S.CANCELED, [Action.FILE_CANCEL]),
        (S.CLOSED, []),
    ],
)
def test_each_state_offers_only_its_actions(state: AccountState, actions: list[Action]) -> None:
    assert allowed_actions(state) == actions
    for action in Action:
        assert (refusal(state, action) is None) == (action in actions)


def test_a_refused_action_says_why_in_chinese() -> None:
    with pytest.raises(LifecycleError, match="当前状态为“已关停”，不能办理“拟关停（停更公告）”（仅限运行中"):
        plan(
            AccountDates(S.CLOSED),
            Action.ANNOUNCE,
            ActionInput(TODAY, close_reason="整合"),
            RULES,
            CAL,
            TODAY,
        )


def test_the_happy_path_walks_every_state_in_order() -> None:
    state = S.PROPOSED
    path = [
        Action.SUBMIT,
        Action.APPROVE,
        Action.OPEN,
        Action.FILE_OPEN,
        Action.ANNOUNCE,
        Action.CANCEL,
        Action.FILE_CANCEL,
    ]
    seen = [state]
    for action in path:
        given_input = ActionInput(date(2025, 1, 2), filing_number="青政新媒〔2025〕1号", close_reason="整合")
        transition = plan(AccountDates(state), action, given_input, RULES, CAL, TODAY)
        state = transition.after
        seen.append(state)
    assert seen == list(S)


def test_only_never_opened_accounts_may_be_deleted() -> None:
    for state in (S.PROPOSED, S.APPLYING, S.APPROVED):
        assert deletion_refusal(state) is None
    for state in (S.OPENED, S.RUNNING, S.CLOSING, S.CANCELED, S.CLOSED):
        assert "不能删除" in (deletion_refusal(state) or "")


# --------------------------------------------------------------------------- what each action does
def test_opening_starts_the_open_filing_clock_in_working_days() -> None:
    # Opened on Tuesday 29 Sep 2026: 5 working days later crosses 国庆 (1–7 Oct) and 调休 Saturday 10 Oct.
    transition = plan(
        AccountDates(S.APPROVED, approved_on=date(2026, 9, 20)),
        Action.OPEN,
        ActionInput(date(2026, 9, 29)),
        RULES,
        CAL,
        TODAY,
    )
    assert transition.after is S.OPENED
    assert transition.updates == {"opened_on": date(2026, 9, 29)}
    (event,) = transition.create
    assert event.kind is FilingKind.OPEN_FILING
    # 30 Sep (1), 8 Oct (2), 9 Oct (3), Sat 10 Oct 调休 (4), 12 Oct (5)
    assert event.due_on == date(2026, 10, 12)


def test_filing_needs_the_number_and_completes_the_open_filing() -> None:
    facts = AccountDates(S.OPENED, opened_on=date(2026, 11, 2))
    with pytest.raises(LifecycleError, match="备案编号"):
        plan(facts, Action.FILE_OPEN, ActionInput(date(2026, 11, 5)), RULES, CAL, TODAY)
    transition = plan(
        facts,
        Action.FILE_OPEN,
        ActionInput(date(2026, 11, 5), filing_number=" 青政新媒〔2026〕9号 "),
        RULES,
        CAL,
        TODAY,
    )
    assert transition.updates == {"filing_number": "青政新媒〔2026〕9号", "filed_on": date(2026, 11, 5)}
    assert transition.complete == (FilingKind.OPEN_FILING,)
    assert transition.after is S.RUNNING


def test_dates_must_follow_each_other_and_not_lie_in_the_future() -> None:
    with pytest.raises(LifecycleError, match="早于申请日期"):
        plan(
            AccountDates(S.APPLYING, applied_on=date(2026, 5, 10)),
            Action.APPROVE,
            ActionInput(date(2026, 5, 9)),
            RULES,
            CAL,
            TODAY,
        )
    with pytest.raises(LifecycleError, match="不能晚于今天"):
        plan(AccountDates(S.APPROVED), Action.OPEN, ActionInput(TODAY + timedelta(days=1)), RULES, CAL, TODAY)


def test_closing_asks_for_a_reason_and_sets_the_notice_period() -> None:
    facts = AccountDates(S.RUNNING, opened_on=date(2024, 1, 5))
    with pytest.raises(LifecycleError, match="关停原因"):
        plan(facts, Action.ANNOUNCE, ActionInput(date(2026, 11, 2)), RULES, CAL, TODAY)
    transition = plan(
        facts,
        Action.ANNOUNCE,
        ActionInput(date(2026, 11, 2), close_reason="机构改革，账号整合", replacement_account="青岚发布"),
        RULES,
        CAL,
        TODAY,
    )
    assert transition.after is S.CLOSING
    assert transition.after.is_live  # the update rules still apply until 注销
    (notice,) = transition.create
    assert notice.kind is FilingKind.CLOSURE_NOTICE
    assert notice.due_on == CAL.add_workdays(date(2026, 11, 2), 15) == date(2026, 11, 23)
    assert (notice.close_reason, notice.replacement_account, notice.notice_on) == (
        "机构改革，账号整合",
        "青岚发布",
        date(2026, 11, 2),
    )


def test_the_platform_cancellation_waits_for_the_end_of_the_notice_period() -> None:
    facts = AccountDates(S.CLOSING, notice_on=date(2026, 11, 2), notice_period_end=date(2026, 11, 23))
    with pytest.raises(LifecycleError, match="停更公告期至2026-11-23届满"):
        plan(facts, Action.CANCEL, ActionInput(date(2026, 11, 20)), RULES, CAL, date(2026, 11, 30))
    transition = plan(facts, Action.CANCEL, ActionInput(date(2026, 11, 23)), RULES, CAL, date(2026, 11, 30))
    assert transition.complete == (FilingKind.CLOSURE_NOTICE,)
    (cancel,) = transition.create
    assert cancel.kind is FilingKind.CANCEL_FILING
    assert cancel.due_on == date(2026, 11, 30)


def test_resuming_withdraws_the_notice() -> None:
    transition = plan(AccountDates(S.CLOSING), Action.RESUME, ActionInput(TODAY), RULES, CAL, TODAY)
    assert transition.after is S.RUNNING
    assert transition.withdraw == (FilingKind.CLOSURE_NOTICE,)
    assert transition.updates["notice_on"] is None


def test_profiles_change_the_deadlines() -> None:
    opened = date(2026, 11, 2)  # a Monday
    assert due_date(FilingKind.OPEN_FILING, opened, PRESETS["天心区"].filing, CAL) == date(2026, 11, 16)
    assert due_date(FilingKind.OPEN_FILING, opened, PRESETS["河东区"].filing, CAL) == date(2026, 11, 4)
    assert due_date(FilingKind.OPEN_FILING, opened, PRESETS["东莞"].filing, CAL) == date(
        2026, 11, 5
    )  # calendar days
    assert due_date(FilingKind.APPLICATION, opened, RULES, CAL) is None
    assert due_date(FilingKind.ANNUAL_REVIEW, date(2026, 11, 1), RULES, CAL) == date(2026, 11, 30)
    assert annual_review_due(2026, FilingRules(annual_review_month=12)) == date(2026, 12, 31)


def test_the_office_holiday_table_moves_deadlines() -> None:
    # The office declares Wednesday 4 Nov 2026 a local day off: the deadline moves one working day on.
    local = WorkCalendar([DayOverride(date(2026, 11, 4), False, "本地放假")])
    assert due_date(FilingKind.CHANGE_FILING, date(2026, 11, 2), RULES, CAL) == date(2026, 11, 9)
    assert due_date(FilingKind.CHANGE_FILING, date(2026, 11, 2), RULES, local) == date(2026, 11, 10)


def test_span_texts_name_the_rule() -> None:
    assert span_text(FilingKind.OPEN_FILING, RULES) == "开设后5个工作日内"
    assert span_text(FilingKind.CLOSURE_NOTICE, RULES) == "停更公告期15个工作日"
    assert span_text(FilingKind.ANNUAL_REVIEW, RULES) == "每年11月底前"
    assert span_text(FilingKind.OPEN_FILING, PRESETS["东莞"].filing) == "开设后3个自然日内"


# --------------------------------------------------------------------------- new accounts
def test_a_new_open_account_without_a_number_owes_its_open_filing() -> None:
    (event,) = initial_events(S.OPENED, date(2026, 11, 16), "", RULES, CAL, TODAY)
    assert event.kind is FilingKind.OPEN_FILING
    assert (event.triggered_on, event.due_on) == (date(2026, 11, 16), date(2026, 11, 23))
    assert initial_events(S.OPENED, date(2026, 11, 16), "青政新媒〔2026〕1号", RULES, CAL, TODAY) == []
    assert initial_events(S.RUNNING, date(2020, 1, 1), "青政新媒〔2020〕1号", RULES, CAL, TODAY) == []
    (application,) = initial_events(S.PROPOSED, None, "", RULES, CAL, TODAY)
    assert application.kind is FilingKind.APPLICATION and application.due_on is None


@pytest.mark.parametrize(
    ("state", "opened", "number", "message"),
    [
        (S.APPLYING, None, "", "新账号只能登记为"),
        (S.OPENED, None, "", "须填写开设时间"),
        (S.RUNNING, date(2026, 1, 1), "", "须填写备案编号"),
        (S.RUNNING, date(2027, 1, 1), "1号", "不能晚于今天"),
    ],
)
def test_a_new_account_must_have_the_facts_of_its_state(
    state: AccountState, opened: date | None, number: str, message: str
) -> None:
    with pytest.raises(LifecycleError, match=message):
        check_initial(state, opened, number, TODAY)


# --------------------------------------------------------------------------- deadline states
@pytest.mark.parametrize(
    ("due", "as_of", "expected", "text"),
    [
        (date(2026, 11, 20), date(2026, 11, 20), DeadlineState.DUE_SOON, "今天到期"),
        (date(2026, 11, 24), date(2026, 11, 20), DeadlineState.DUE_SOON, "剩2个工作日"),  # Fri → Tue
        (date(2026, 11, 25), date(2026, 11, 20), DeadlineState.OPEN, "剩3个工作日"),
        (date(2026, 11, 19), date(2026, 11, 20), DeadlineState.OVERDUE, "逾期1个工作日"),
        (date(2026, 11, 13), date(2026, 11, 20), DeadlineState.OVERDUE, "逾期5个工作日"),
        (date(2026, 9, 30), date(2026, 10, 8), DeadlineState.OVERDUE, "逾期1个工作日"),  # 国庆 in between
    ],
)
def test_deadline_states(due: date, as_of: date, expected: DeadlineState, text: str) -> None:
    assert deadline_state(due, as_of, RULES, CAL) is expected
    assert remaining_text(due, as_of, CAL) == text


def test_a_deadline_on_the_holiday_eve() -> None:
    # Due on 30 Sep 2026; on Friday 25 Sep (中秋) nothing but 28 and 29 Sep lie in between: due soon.
    assert deadline_state(date(2026, 9, 30), date(2026, 9, 25), RULES, CAL) is DeadlineState.OPEN
    assert deadline_state(date(2026, 9, 30), date(2026, 9, 28), RULES, CAL) is DeadlineState.DUE_SOON
    assert deadline_state(None, TODAY, RULES, CAL) is DeadlineState.NONE


trigger_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(trigger=trigger_days, n=st.integers(min_value=1, max_value=20))
def test_a_working_day_deadline_is_a_working_day_after_the_trigger(trigger: date, n: int) -> None:
    rules = FilingRules(change_filing=workdays(n))
    due = due_date(FilingKind.CHANGE_FILING, trigger, rules, CAL)
    assert due is not None
    assert due >= trigger + timedelta(days=n)
    assert CAL.is_workday(due)
    assert CAL.count_workdays(trigger, due) == n


@settings(max_examples=200, deadline=None)
@given(due=trigger_days, first=st.integers(-30, 30), second=st.integers(-30, 30))
def test_deadline_states_only_get_worse_as_time_passes(due: date, first: int, second: int) -> None:
    order = [DeadlineState.OPEN, DeadlineState.DUE_SOON, DeadlineState.OVERDUE]
    early, late = sorted((due + timedelta(days=first), due + timedelta(days=second)))
    assert order.index(deadline_state(due, early, RULES, CAL)) <= order.index(
        deadline_state(due, late, RULES, CAL)
    )


@settings(max_examples=100, deadline=None)
@given(trigger=trigger_days, n=st.integers(min_value=0, max_value=30))
def test_calendar_day_spans_ignore_holidays(trigger: date, n: int) -> None:
    rules = FilingRules(open_filing=days(n))
    assert due_date(FilingKind.OPEN_FILING, trigger, rules, CAL) == trigger + timedelta(days=n)
    plain = WorkCalendar(source=NoHolidays())
    assert due_date(FilingKind.OPEN_FILING, trigger, rules, plain) == trigger + timedelta(days=n)


# --------------------------------------------------------------------------- 变更备案
BEFORE = Snapshot("城关镇发布", "青岚县城关镇人民政府", "李明", "17000000001", "赵丽", "17000000002")


def test_changing_the_admin_records_the_person_and_the_phone() -> None:
    after = Snapshot("城关镇发布", "青岚县城关镇人民政府", "李明", "17000000001", "孙伟", "17000000009")
    assert detect_changes(BEFORE, after) == [
        {"field": "管理员", "before": "赵丽", "after": "孙伟"},
        {"field": "管理员电话", "before": "17000000002", "after": "17000000009"},
    ]
    assert describe(detect_changes(BEFORE, after)).splitlines()[0] == "管理员：赵丽 → 孙伟"


def test_untracked_edits_and_a_phone_alone_need_no_filing() -> None:
    same_person_new_phone = Snapshot(
        "城关镇发布", " 青岚县城关镇人民政府 ", "李明", "17000000001", "赵丽", "17099999999"
    )
    assert detect_changes(BEFORE, same_person_new_phone) == []


def test_every_tracked_field_is_detected() -> None:
    after = Snapshot("城关发布", "青岚县城关镇", "周强", "17000000005", "赵丽", "17000000002")
    assert [c["field"] for c in detect_changes(BEFORE, after)] == [
        "账号名称",
        "认证主体",
        "分管负责人",
        "分管负责人电话",
    ]


def test_edits_before_the_form_is_made_merge_into_one_filing() -> None:
    first = [
        {"field": "管理员", "before": "赵丽", "after": "孙伟"},
        {"field": "管理员电话", "before": "1", "after": "2"},
    ]
    second = [
        {"field": "管理员", "before": "孙伟", "after": "钱多"},
        {"field": "账号名称", "before": "城关镇发布", "after": "城关发布"},
    ]
    assert merge_changes(first, second) == [
        {"field": "账号名称", "before": "城关镇发布", "after": "城关发布"},
        {"field": "管理员", "before": "赵丽", "after": "钱多"},
        {"field": "管理员电话", "before": "1", "after": "2"},
    ]
    back = [
        {"field": "管理员", "before": "孙伟", "after": "赵丽"},
        {"field": "管理员电话", "before": "2", "after": "1"},
    ]
    assert merge_changes(first, back) == []


names = st.text(alphabet="赵钱孙李周吴郑王", min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(a=names, b=names, c=names)
def test_merging_is_the_same_as_one_edit_from_first_to_last(a: str, b: str, c: str) -> None:
    one = Snapshot("号", "主体", admin=a, admin_phone=a)
    two = Snapshot("号", "主体", admin=b, admin_phone=b)
    three = Snapshot("号", "主体", admin=c, admin_phone=c)
    assert merge_changes(detect_changes(one, two), detect_changes(two, three)) == detect_changes(one, three)


# --------------------------------------------------------------------------- the state on an earlier day
CLOSED_IN_2026 = dict(
    applied_on=date(2023, 3, 1),
    approved_on=date(2023, 3, 20),
    opened_on=date(2023, 4, 1),
    filed_on=date(2023, 4, 8),
    notice_on=date(2026, 3, 2),
    canceled_on=date(2026, 4, 1),
    closed_on=date(2026, 4, 10),
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 2, 28), None),  # not applied yet
        (date(2023, 3, 1), AccountState.APPLYING),
        (date(2023, 3, 25), AccountState.APPROVED),
        (date(2023, 4, 5), AccountState.OPENED),  # open, 备案 still to do
        (date(2025, 12, 31), AccountState.RUNNING),  # the 2025 report: running, not 已关停
        (date(2026, 3, 15), AccountState.CLOSING),
        (date(2026, 4, 1), AccountState.CANCELED),
        (date(2026, 4, 10), AccountState.CLOSED),
        (date(2026, 12, 31), AccountState.CLOSED),
    ],
)
def test_the_state_on_a_day_follows_the_dates_of_the_steps(day: date, expected: AccountState | None) -> None:
    assert state_on(day, AccountState.CLOSED, **CLOSED_IN_2026) == expected


def test_closing_steps_without_a_date_were_skipped_and_early_steps_without_one_were_done() -> None:
    # 注销 without a 停更公告 first, and no 备案 date recorded (an account entered from the old Excel ledger)
    assert (
        state_on(
            date(2025, 6, 1), AccountState.CANCELED, opened_on=date(2024, 1, 1), canceled_on=date(2025, 9, 1)
        )
        is AccountState.RUNNING
    )
    assert state_on(date(2025, 6, 1), AccountState.RUNNING) is AccountState.RUNNING
    assert state_on(date(2020, 1, 1), AccountState.PROPOSED) is AccountState.PROPOSED


_ORDER = list(AccountState)


@settings(max_examples=200)
@given(
    gaps=st.lists(st.integers(min_value=0, max_value=400), min_size=7, max_size=7),
    first=st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 1, 1)),
    probe=st.integers(min_value=-30, max_value=4000),
)
def test_state_on_never_goes_backwards_and_ends_at_the_current_state(
    gaps: list[int], first: date, probe: int
) -> None:
    names = ("applied_on", "approved_on", "opened_on", "filed_on", "notice_on", "canceled_on", "closed_on")
    dates, day = {}, first
    for name, gap in zip(names, gaps, strict=True):
        day += timedelta(days=gap)
        dates[name] = day
    assert state_on(day, AccountState.CLOSED, **dates) is AccountState.CLOSED
    earlier = state_on(first + timedelta(days=probe), AccountState.CLOSED, **dates)
    later = state_on(first + timedelta(days=probe + 1), AccountState.CLOSED, **dates)
    if earlier is not None:
        assert later is not None and _ORDER.index(earlier) <= _ORDER.index(later)


@pytest.mark.parametrize(
    ("kind", "rules", "due_on", "as_of", "text"),
    [
        # 年审 by the end of November: a calendar rule, its distance in days
        (FilingKind.ANNUAL_REVIEW, FilingRules(), date(2026, 11, 30), date(2026, 12, 7), "逾期7天"),
        (FilingKind.ANNUAL_REVIEW, FilingRules(), date(2026, 11, 30), date(2026, 11, 25), "剩5天"),
        # 变更备案 within 5 working days: in working days (7 calendar days, 5 of them working)
        (FilingKind.CHANGE_FILING, FilingRules(), date(2026, 11, 30), date(2026, 12, 7), "逾期5个工作日"),
        # a profile that counts 3 natural days (东莞) tells days
        (
            FilingKind.OPEN_FILING,
            FilingRules(open_filing=days(3)),
            date(2026, 11, 30),
            date(2026, 12, 2),
            "逾期2天",
        ),
        (
            FilingKind.OPEN_FILING,
            FilingRules(open_filing=workdays(5)),
            date(2026, 11, 30),
            date(2026, 11, 30),
            "今天到期",
        ),
    ],
)
def test_a_deadline_is_told_in_the_unit_its_rule_counts(
    kind: FilingKind, rules: FilingRules, due_on: date, as_of: date, text: str
) -> None:
    from gmdesk.domain.lifecycle import deadline_unit

    assert remaining_text(due_on, as_of, CAL, deadline_unit(kind, rules)) == text
