"""The working-day calendar against the State Council's real tables (2025 国庆, 2026 春节, 调休 days)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmdesk.domain.enums import TimeUnit
from gmdesk.domain.workdays import (
    END_OF_DAY,
    DayKind,
    DayOverride,
    NoHolidays,
    WorkCalendar,
    add_months,
    month_bounds,
)

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        (date(2025, 9, 26), DayKind.WORKDAY, ""),
        (date(2025, 9, 27), DayKind.WEEKEND, ""),
        (date(2025, 9, 28), DayKind.ADJUSTED_WORKDAY, "国庆节"),  # Sunday worked
        (date(2025, 10, 1), DayKind.HOLIDAY, "国庆节"),
        (date(2025, 10, 6), DayKind.HOLIDAY, "中秋节"),  # Monday off, 中秋 inside 国庆
        (date(2025, 10, 8), DayKind.HOLIDAY, "国庆节"),
        (date(2025, 10, 9), DayKind.WORKDAY, ""),
        (date(2025, 10, 11), DayKind.ADJUSTED_WORKDAY, "国庆节"),  # Saturday worked
        (date(2026, 2, 14), DayKind.ADJUSTED_WORKDAY, "春节"),
        (date(2026, 2, 15), DayKind.HOLIDAY, "春节"),  # a Sunday inside the holiday
        (date(2026, 2, 17), DayKind.HOLIDAY, "春节"),  # 正月初一
        (date(2026, 2, 23), DayKind.HOLIDAY, "春节"),
        (date(2026, 2, 24), DayKind.WORKDAY, ""),
        (date(2026, 2, 28), DayKind.ADJUSTED_WORKDAY, "春节"),
        (date(2026, 4, 6), DayKind.HOLIDAY, "清明节"),
        (date(2026, 5, 9), DayKind.ADJUSTED_WORKDAY, "劳动节"),
        (date(2026, 10, 10), DayKind.ADJUSTED_WORKDAY, "国庆节"),
    ],
)
def test_day_kinds_follow_the_state_council_table(day: date, kind: DayKind, name: str) -> None:
    info = CAL.info(day)
    assert info.kind is kind
    assert info.name == name
    assert info.is_workday is (kind in (DayKind.WORKDAY, DayKind.ADJUSTED_WORKDAY))
    assert info.covered


def test_labels_name_holidays_and_adjusted_workdays() -> None:
    assert CAL.info(date(2025, 10, 1)).label == "国庆节"
    assert CAL.info(date(2025, 10, 11)).label == "国庆节调休上班"
    assert CAL.info(date(2025, 10, 9)).label == ""


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # counting starts the working day after the start date
        (date(2025, 9, 29), 1, date(2025, 9, 30)),
        (date(2025, 9, 30), 1, date(2025, 10, 9)),  # across the whole 国庆 holiday
        (date(2025, 9, 30), 5, date(2025, 10, 14)),  # 9, 10, 11 (Sat worked), 13, 14
        (date(2025, 9, 26), 1, date(2025, 9, 28)),  # the worked Sunday counts
        (date(2025, 9, 27), 1, date(2025, 9, 28)),  # received on a Saturday
        (date(2025, 10, 3), 1, date(2025, 10, 9)),  # received during the holiday
        (date(2025, 10, 10), 1, date(2025, 10, 11)),  # Friday → worked Saturday
        (date(2025, 10, 11), 1, date(2025, 10, 13)),
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Friday → 调休 Saturday before 春节
        (date(2026, 2, 14), 1, date(2026, 2, 24)),  # across 春节
        (date(2026, 2, 14), 5, date(2026, 2, 28)),  # 24, 25, 26, 27, 28 (Sat worked)
        (date(2026, 2, 12), 7, date(2026, 2, 28)),  # a 投诉's 7 working days across 春节: 13, 14, 24–28
        (date(2026, 9, 30), 1, date(2026, 10, 8)),  # 2026 国庆 + 中秋: 1–7 Oct off
        (date(2026, 10, 9), 1, date(2026, 10, 10)),  # Friday → worked Saturday 10 Oct
        (date(2026, 1, 1), 0, date(2026, 1, 1)),
    ],
)
def test_add_workdays_across_holidays(start: date, n: int, expected: date) -> None:
    assert CAL.add_workdays(start, n) == expected


def test_workday_deadline_is_the_end_of_the_nth_working_day() -> None:
    received = datetime(2025, 9, 30, 16, 45)
    deadline = CAL.workday_deadline(received, 1)
    assert deadline == datetime.combine(date(2025, 10, 9), END_OF_DAY)
    assert datetime(2025, 10, 9, 23, 59, 59) <= deadline
    assert deadline < datetime(2025, 10, 10)


def test_hours_are_calendar_hours_even_over_a_holiday() -> None:
    assert CAL.add_hours(datetime(2025, 9, 30, 20, 0), 48) == datetime(2025, 10, 2, 20, 0)
    assert CAL.add_hours(datetime(2026, 2, 16, 23, 30), 1) == datetime(2026, 2, 17, 0, 30)


def test_add_by_unit() -> None:
    start = date(2025, 9, 30)
    assert CAL.add(start, 3, TimeUnit.DAY) == date(2025, 10, 3)
    assert CAL.add(start, 3, TimeUnit.WORKDAY) == date(2025, 10, 11)
    assert CAL.add(start, 2, TimeUnit.WEEK) == date(2025, 10, 14)
    assert CAL.add(date(2026, 1, 31), 1, TimeUnit.MONTH) == date(2026, 2, 28)
    with pytest.raises(ValueError, match="小时"):
        CAL.add(start, 1, TimeUnit.HOUR)


def test_count_workdays_in_a_holiday_month() -> None:
    # October 2025: 23 weekdays − 6 weekday holidays (1, 2, 3, 6, 7, 8) + Saturday 11 worked
    assert CAL.count_workdays(date(2025, 9, 30), date(2025, 10, 31)) == 18
    assert CAL.count_workdays(date(2025, 10, 5), date(2025, 10, 5)) == 0
    assert list(CAL.workdays(date(2025, 10, 1), date(2025, 10, 10))) == [
        date(2025, 10, 9),
        date(2025, 10, 10),
    ]


def test_next_and_previous_workday() -> None:
    assert CAL.next_workday(date(2026, 2, 14)) == date(2026, 2, 24)
    assert CAL.previous_workday(date(2026, 2, 24)) == date(2026, 2, 14)


def test_special_days_of_a_year() -> None:
    special = {info.day: info for info in CAL.special_days(2025)}
    assert date(2025, 10, 1) in special and date(2025, 10, 11) in special
    assert date(2025, 10, 9) not in special
    assert all(info.kind in (DayKind.HOLIDAY, DayKind.ADJUSTED_WORKDAY) for info in special.values())
    assert special[date(2025, 10, 5)].kind is DayKind.HOLIDAY  # a Sunday inside 国庆 is shaded as holiday


def test_office_overrides_win_over_the_national_table() -> None:
    calendar = WorkCalendar(
        [DayOverride(date(2025, 10, 9), False, "县级调整"), DayOverride(date(2025, 10, 4), True)]
    )
    assert not calendar.is_workday(date(2025, 10, 9))
    assert calendar.info(date(2025, 10, 9)).kind is DayKind.HOLIDAY
    assert calendar.info(date(2025, 10, 4)).kind is DayKind.ADJUSTED_WORKDAY
    assert calendar.add_workdays(date(2025, 10, 3), 1) == date(2025, 10, 4)


def test_outside_covered_years_falls_back_to_monday_to_friday() -> None:
    new_year = date(2027, 1, 1)  # a Friday, surely a holiday, but no data yet
    info = CAL.info(new_year)
    assert not info.covered
    assert info.is_workday
    assert CAL.add_workdays(date(2026, 12, 31), 2) == date(2027, 1, 4)


def test_coverage_warnings_from_october_when_next_year_is_missing() -> None:
    assert CAL.coverage_warnings(date(2026, 9, 30)) == []
    late = CAL.coverage_warnings(date(2026, 11, 22))
    assert [w.year for w in late] == [2027]
    assert "2027年" in late[0].message and "国务院" in late[0].message
    spring = CAL.coverage_warnings(date(2027, 3, 1))
    assert [w.year for w in spring] == [2027]
    assert "周一至周五" in spring[0].message


def test_one_entered_holiday_does_not_make_a_year_complete() -> None:
    calendar = WorkCalendar([DayOverride(date(2027, 1, 1), False, "元旦")])
    assert not calendar.covers(2027)
    assert calendar.missing_official(2027) == ["春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
    (warning,) = calendar.coverage_warnings(date(2026, 11, 22))
    assert "尚不完整（缺春节、清明节、劳动节、端午节、中秋节、国庆节）" in warning.message
    assert calendar.provisional(date(2027, 3, 1)) and not calendar.provisional(date(2026, 3, 1))
    assert calendar.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_a_year_is_complete_with_every_official_holiday_or_when_confirmed() -> None:
    names = ["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节"]  # 2025: one line names two
    days = [DayOverride(date(2027, 1, 1 + i), False, name) for i, name in enumerate(names)]
    complete = WorkCalendar(days)
    assert complete.covers(2027) and complete.missing_official(2027) == []
    assert complete.coverage_warnings(date(2026, 11, 22)) == []
    confirmed = WorkCalendar(days[:3], confirmed_years=[2027])
    assert confirmed.covers(2027) and confirmed.confirmed(2027)
    # a 调休 workday names its holiday but is no day off: it does not count
    workday_only = WorkCalendar([DayOverride(date(2027, 2, 20), True, "春节")])
    assert "春节" in workday_only.missing_official(2027)


def test_a_calendar_without_holidays_is_monday_to_friday() -> None:
    plain = WorkCalendar(source=NoHolidays())
    assert plain.is_workday(date(2025, 10, 1))
    assert not plain.is_workday(date(2025, 9, 28))


def test_month_helpers() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 12, 15), 3) == date(2026, 3, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert month_bounds(date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="不能为负数"):
        CAL.add_workdays(date(2026, 1, 5), -1)


# --------------------------------------------------------------------------- properties
days_in_data = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 11, 30))
counts = st.integers(min_value=1, max_value=30)


@settings(max_examples=300, deadline=None)
@given(start=days_in_data, n=counts)
def test_a_deadline_is_always_a_working_day_after_the_start(start: date, n: int) -> None:
    due = CAL.add_workdays(start, n)
    assert CAL.is_workday(due)
    assert due > start
    assert CAL.count_workdays(start, due) == n


@settings(max_examples=300, deadline=None)
@given(start=days_in_data, n=counts)
def test_more_working_days_never_give_an_earlier_deadline(start: date, n: int) -> None:
    assert CAL.add_workdays(start, n + 1) > CAL.add_workdays(start, n)


@settings(max_examples=300, deadline=None)
@given(first=days_in_data, gap=st.integers(min_value=0, max_value=40), n=counts)
def test_a_later_start_never_gives_an_earlier_deadline(first: date, gap: int, n: int) -> None:
    assert CAL.add_workdays(first + timedelta(days=gap), n) >= CAL.add_workdays(first, n)


@settings(max_examples=200, deadline=None)
@given(received=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 11, 30)), n=counts)
def test_the_deadline_time_is_the_end_of_a_working_day(received: datetime, n: int) -> None:
    deadline = CAL.workday_deadline(received, n)
    assert deadline.time() == time.max
    assert CAL.is_workday(deadline.date())
    assert deadline > received


override_days = st.lists(
    st.builds(
        DayOverride,
        st.dates(min_value=date(2026, 12, 1), max_value=date(2028, 2, 28)),
        st.booleans(),
        st.sampled_from(["元旦", "春节", "调休"]),
    ),
    max_size=12,
    unique_by=lambda o: o.day,
)


@settings(max_examples=300, deadline=None)
@given(
    overrides=override_days,
    start=st.dates(min_value=date(2023, 12, 1), max_value=date(2028, 2, 28)),
    length=st.integers(min_value=-10, max_value=900),
)
def test_counting_by_running_totals_agrees_with_counting_day_by_day(
    overrides: list[DayOverride], start: date, length: int
) -> None:
    """count_workdays reads per-year running totals; across years, leap days, 调休 and the office's own
    table it must give what walking the days one by one gives."""
    calendar = WorkCalendar(overrides)
    end = start + timedelta(days=length)
    walked = sum(1 for k in range(1, length + 1) if calendar.is_workday(start + timedelta(days=k)))
    assert calendar.count_workdays(start, end) == walked
