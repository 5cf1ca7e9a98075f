"""Windows of the frequency rules on the real holiday table (2025 国庆, 2026 春节)."""

from __future__ import annotations

from datetime import date

import pytest

from gmdesk.domain.enums import TimeUnit
from gmdesk.domain.policy import Span, days, months, workdays
from gmdesk.domain.windows import WindowClock, day_text, describe_window
from gmdesk.domain.workdays import WorkCalendar

CAL = WorkCalendar()


def clock(span: Span) -> WindowClock:
    return WindowClock(span, CAL)


def o(day: date) -> int:
    return day.toordinal()


def d(ordinal: int) -> date:
    return date.fromordinal(ordinal)


def test_fourteen_calendar_days_break_fourteen_days_after_the_last_post() -> None:
    gap = clock(days(14))
    assert d(gap.first_end_after(o(date(2026, 11, 6)))) == date(2026, 11, 20)
    assert gap.window(date(2026, 11, 20)) == (date(2026, 11, 7), date(2026, 11, 20))
    assert gap.last_complete_end(date(2026, 11, 20)) == date(2026, 11, 19)


def test_a_working_day_window_is_the_day_itself_and_holidays_end_no_window() -> None:
    daily = clock(workdays(1))
    assert daily.window(date(2025, 9, 30)) == (date(2025, 9, 30), date(2025, 9, 30))
    assert daily.is_end(o(date(2025, 9, 28)))  # Sunday worked in exchange for 国庆 (调休)
    for holiday in (date(2025, 10, 1), date(2025, 10, 6), date(2025, 10, 8)):
        assert not daily.is_end(o(holiday))
    with pytest.raises(ValueError, match="不是该统计周期的截止日"):
        daily.window(date(2025, 10, 3))
    assert d(daily.next_end(o(date(2025, 10, 1)))) == date(2025, 10, 9)
    assert d(daily.previous_end(o(date(2025, 10, 9)))) == date(2025, 9, 30)
    assert d(daily.first_end_after(o(date(2025, 9, 30)))) == date(2025, 10, 9)
    assert d(daily.next_end(o(date(2025, 10, 10)) + 1)) == date(2025, 10, 11)  # 调休 Saturday
    assert not daily.overlaps_next(o(date(2025, 9, 30)))


def test_five_working_days_reach_back_over_the_national_day_holiday() -> None:
    five = clock(workdays(5))
    # Oct 10, Oct 9, Sep 30, Sep 29, Sep 28 (调休 Sunday): the holiday week is inside but asks nothing
    assert five.window(date(2025, 10, 10)) == (date(2025, 9, 28), date(2025, 10, 10))
    assert d(five.first_end_after(o(date(2025, 9, 26)))) == date(
        2025, 10, 10
    )  # 9-28, 9-29, 9-30, 10-9, 10-10
    assert five.overlaps_next(o(date(2025, 10, 10)))


def test_spring_festival_2026_working_days() -> None:
    daily = clock(workdays(1))
    assert daily.is_end(o(date(2026, 2, 14)))  # Saturday worked before 春节
    assert d(daily.next_end(o(date(2026, 2, 15)))) == date(2026, 2, 24)
    assert daily.ends_between(date(2026, 2, 13), date(2026, 2, 28)) == [
        date(2026, 2, 13),
        date(2026, 2, 14),
        date(2026, 2, 24),
        date(2026, 2, 25),
        date(2026, 2, 26),
        date(2026, 2, 27),
        date(2026, 2, 28),
    ]


def test_weeks_end_on_sunday_and_months_on_their_last_day() -> None:
    week = clock(Span(1, TimeUnit.WEEK))
    assert d(week.next_end(o(date(2026, 11, 18)))) == date(2026, 11, 22)
    assert week.window(date(2026, 11, 22)) == (date(2026, 11, 16), date(2026, 11, 22))
    assert week.last_complete_end(date(2026, 11, 23)) == date(2026, 11, 22)
    assert week.last_complete_end(date(2026, 11, 22)) == date(2026, 11, 15)
    assert d(week.first_end_after(o(date(2026, 11, 16)))) == date(2026, 11, 29)

    month = clock(months(1))
    assert month.window(date(2026, 2, 28)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert month.last_complete_end(date(2026, 11, 20)) == date(2026, 10, 31)
    assert d(month.first_end_after(o(date(2026, 1, 31)))) == date(2026, 2, 28)
    two = clock(months(2))
    assert two.window(date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 3, 31))
    assert two.overlaps_next(o(date(2026, 3, 31)))
    assert not month.overlaps_next(o(date(2026, 3, 31)))


def test_hours_cannot_count_posts() -> None:
    with pytest.raises(ValueError, match="不能按小时"):
        clock(Span(24, TimeUnit.HOUR))


def test_day_texts() -> None:
    assert day_text(date(2026, 2, 16), date(2026, 1, 1), weekday=True) == "2月16日（周一）"
    assert day_text(date(2025, 10, 8), date(2026, 1, 1)) == "2025年10月8日"
    assert describe_window(date(2026, 11, 13), date(2026, 11, 19)) == "11月13日—11月19日"
