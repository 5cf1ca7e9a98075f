"""整改 rules on plain facts: working-day due dates over holidays and 调休, deadline states, findings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gmdesk.domain.enums import RectificationState, Severity
from gmdesk.domain.findings import Finding, RuleId
from gmdesk.domain.lifecycle import DeadlineState
from gmdesk.domain.policy import workdays
from gmdesk.domain.rectification import (
    ItemFacts,
    RectificationError,
    deadline,
    due_date,
    finding_key,
    findings,
    measure_for,
    problem_from,
)
from gmdesk.domain.workdays import DayOverride, WorkCalendar

CALENDAR = WorkCalendar()
SOON = workdays(2)


@pytest.mark.parametrize(
    ("opened", "n", "due"),
    [
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # a Friday: the next working day is Monday
        (date(2026, 11, 20), 5, date(2026, 11, 27)),
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # opened on a Saturday
        (date(2026, 9, 28), 5, date(2026, 10, 10)),  # 国庆 1–7 Oct off, Saturday 10 Oct worked (调休)
        (date(2026, 9, 24), 1, date(2026, 9, 28)),  # 中秋 25–27 Sep off
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Sunday 20 Sep worked (调休)
        (date(2026, 11, 2), 20, date(2026, 11, 30)),
    ],
)
def test_due_date_counts_working_days_from_the_day_after_opening(opened: date, n: int, due: date) -> None:
    assert due_date(CALENDAR, opened, n) == due


def test_due_date_follows_the_offices_own_holiday_table() -> None:
    calendar = WorkCalendar([DayOverride(date(2026, 11, 23), False, "县庆放假")])
    assert due_date(calendar, date(2026, 11, 20), 1) == date(2026, 11, 24)


@pytest.mark.parametrize("n", [0, -3, 251])
def test_due_date_refuses_impossible_spans(n: int) -> None:
    with pytest.raises(RectificationError, match="时限应为1至250个工作日"):
        due_date(CALENDAR, date(2026, 11, 20), n)


@given(st.dates(date(2025, 1, 1), date(2026, 12, 1)), st.integers(1, 60))
def test_due_date_is_a_working_day_with_exactly_n_working_days_after_opening(opened: date, n: int) -> None:
    due = due_date(CALENDAR, opened, n)
    assert due > opened
    assert CALENDAR.is_workday(due)
    counted = sum(
        1 for k in range(1, (due - opened).days + 1) if CALENDAR.is_workday(opened + timedelta(days=k))
    )
    assert counted == n


@pytest.mark.parametrize(
    ("as_of", "state", "text"),
    [
        (date(2026, 11, 20), DeadlineState.OPEN, "剩5个工作日"),
        (date(2026, 11, 25), DeadlineState.DUE_SOON, "剩2个工作日"),
        (date(2026, 11, 27), DeadlineState.DUE_SOON, "今天到期"),
        (date(2026, 11, 30), DeadlineState.OVERDUE, "逾期1个工作日"),
        (date(2026, 11, 29), DeadlineState.OVERDUE, "逾期2天"),  # Sunday: no working day missed yet
    ],
)
def test_deadline_against_today(as_of: date, state: DeadlineState, text: str) -> None:
    where = deadline(RectificationState.IN_PROGRESS, date(2026, 11, 27), as_of, SOON, CALENDAR)
    assert (where.state, where.text) == (state, text)


def test_a_completed_item_has_no_deadline_and_says_whether_it_was_late() -> None:
    due = date(2026, 11, 27)
    on_time = deadline(RectificationState.DONE, due, date(2026, 12, 10), SOON, CALENDAR, date(2026, 11, 26))
    late = deadline(RectificationState.DONE, due, date(2026, 12, 10), SOON, CALENDAR, date(2026, 12, 1))
    assert (on_time.state, on_time.text) == (DeadlineState.NONE, "已完成")
    assert late.text == "逾期完成"


def test_findings_are_overdue_violations_and_due_soon_warnings() -> None:
    items = [
        ItemFacts(1, "连续两周未更新", "张三", date(2026, 11, 18), RectificationState.OPEN, "青岚发布", 7),
        ItemFacts(2, "原创不足", "", date(2026, 11, 23), RectificationState.IN_PROGRESS),
        ItemFacts(3, "密码未更换", "李四", date(2026, 12, 30), RectificationState.OPEN, "青岚教育", 8),
        ItemFacts(4, "已整改", "", date(2026, 11, 1), RectificationState.DONE, "青岚发布", 7),
        ItemFacts(5, "没有期限", "", None, RectificationState.OPEN),
    ]
    found = list(findings(items, date(2026, 11, 20), SOON, CALENDAR))
    assert [(f.rule, f.severity, f.subject) for f in found] == [
        (RuleId.RECTIFICATION_OVERDUE, Severity.VIOLATION, "rectification:1"),
        (RuleId.RECTIFICATION_DUE_SOON, Severity.WARNING, "rectification:2"),
    ]
    overdue = found[0]
    assert (overdue.account, overdue.account_id, overdue.date) == ("青岚发布", 7, date(2026, 11, 18))
    assert (
        overdue.message
        == "整改事项#1“连续两周未更新”（待整改，责任人张三）整改期限为2026-11-18，已逾期2个工作日"
    )
    assert found[1].to_json()["severity"] == "warning"


def test_a_finding_becomes_a_problem_with_a_first_measure() -> None:
    finding = Finding(RuleId.UPDATE_GAP, Severity.VETO, "青岚发布", date(2026, 11, 14), "已连续16天未更新", 7)
    assert problem_from(finding) == "【连续两周未更新】已连续16天未更新"
    assert "每两周内至少更新一次" in measure_for(RuleId.UPDATE_GAP)
    assert measure_for("PROVINCE_SCORE") == ""
    other = Finding("PROVINCE_SCORE", Severity.VIOLATION, "", date(2026, 11, 14), "扣分项")
    assert problem_from(other) == "【PROVINCE_SCORE】扣分项"


def test_findings_of_one_rule_and_account_are_one_problem() -> None:
    assert finding_key(RuleId.UPDATE_GAP, 7, "message:1") == finding_key(RuleId.UPDATE_GAP, 7, "message:2")
    assert finding_key(RuleId.REPLY_OVERDUE, None, "a") != finding_key(RuleId.REPLY_OVERDUE, None, "b")
