"""Counting windows of the frequency rules (domain §3): which days a rule looks at when it is judged.

A rule such as "at least K posts per N days" is judged on *windows*, each identified by the day it ends:

- 自然日 (N days): every day ends a window of the N days up to and including it (rolling);
- 工作日 (N working days): every working day ends a window running from the working day N-1 working days
  earlier up to it, so "1 per working day" asks each working day for its own post and a holiday asks nothing
  (调休 Saturdays are working days, from the WorkCalendar);
- 周 (N weeks): every Sunday ends a window of N natural weeks (Monday to Sunday);
- 自然月 (N months): every month's last day ends a window of N natural months.

A window is broken when it holds fewer posts than the rule asks; it is *complete* once its end day is over.
Days are handled as ordinals (``date.toordinal()``) in the hot paths: the month view judges every account.
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta

from gmdesk.domain.enums import TimeUnit
from gmdesk.domain.policy import Span
from gmdesk.domain.workdays import WorkCalendar, add_months

_SUNDAY = 6


class WindowClock:
    """Windows of one span on one calendar, with the working days it needs cached."""

    def __init__(self, span: Span, calendar: WorkCalendar) -> None:
        if span.unit is TimeUnit.HOUR:
            raise ValueError("发布频率不能按小时统计，请改用自然日、工作日、周或自然月")
        if span.amount < 1:
            raise ValueError("统计周期至少为1")
        self.span = span
        self.calendar = calendar
        self._workdays: list[int] = []
        self._covered: tuple[int, int] | None = None

    # ------------------------------------------------------------------ working days, cached by range
    def _ensure(self, first: int, last: int) -> None:
        """Know every working day between the ordinals (with a margin for the span)."""
        margin = 40 + 3 * self.span.amount
        if (
            self._covered is not None
            and self._covered[0] <= first - margin
            and last + margin <= self._covered[1]
        ):
            return
        low = first - margin - 60
        high = last + margin + 60
        if self._covered is not None:
            low, high = min(low, self._covered[0]), max(high, self._covered[1])
        is_workday = self.calendar.is_workday
        self._workdays = [o for o in range(low, high + 1) if is_workday(date.fromordinal(o))]
        self._covered = (low, high)

    def _workday_index_after(self, ordinal: int) -> int:
        """Index in the cache of the first working day strictly after ``ordinal``."""
        self._ensure(ordinal, ordinal)
        return bisect.bisect_right(self._workdays, ordinal)

    # ------------------------------------------------------------------ windows by end day
    def is_end(self, ordinal: int) -> bool:
        unit = self.span.unit
        if unit is TimeUnit.DAY:
            return True
        day = date.fromordinal(ordinal)
        if unit is TimeUnit.WORKDAY:
            return self.calendar.is_workday(day)
        if unit is TimeUnit.WEEK:
            return day.weekday() == _SUNDAY
        return (day + timedelta(days=1)).day == 1  # MONTH: the month's last day

    def start(self, end: int) -> int:
        """The first day of the window ending on ``end`` (an end day of this span)."""
        amount, unit = self.span.amount, self.span.unit
        if unit is TimeUnit.DAY:
            return end - amount + 1
        if unit is TimeUnit.WEEK:
            return end - 7 * amount + 1
        if unit is TimeUnit.MONTH:
            day = date.fromordinal(end)
            return add_months(day.replace(day=1), -(amount - 1)).toordinal()
        self._ensure(end - 2 * amount, end)
        index = bisect.bisect_left(self._workdays, end)
        return self._workdays[index - amount + 1]

    def next_end(self, ordinal: int) -> int:
        """The first end day on or after ``ordinal``."""
        unit = self.span.unit
        if unit is TimeUnit.DAY:
            return ordinal
        if unit is TimeUnit.WORKDAY:
            index = self._workday_index_after(ordinal - 1)  # may refill the cache: index it afterwards
            return self._workdays[index]
        day = date.fromordinal(ordinal)
        if unit is TimeUnit.WEEK:
            return ordinal + (_SUNDAY - day.weekday())
        return (add_months(day.replace(day=1), 1) - timedelta(days=1)).toordinal()

    def previous_end(self, ordinal: int) -> int:
        """The last end day strictly before ``ordinal``."""
        unit = self.span.unit
        if unit is TimeUnit.DAY:
            return ordinal - 1
        if unit is TimeUnit.WORKDAY:
            index = self._workday_index_after(ordinal - 1)
            return self._workdays[index - 1]
        day = date.fromordinal(ordinal)
        if unit is TimeUnit.WEEK:
            return ordinal - ((day.weekday() - _SUNDAY) % 7 or 7)
        return ordinal - day.day  # MONTH: the previous month's last day

    def first_end_after(self, ordinal: int) -> int:
        """The first end day whose window starts after ``ordinal``: with no post after ``ordinal`` the
        rule "at least 1" breaks on this day (e.g. 14 days after the last post for a 14-day span)."""
        amount, unit = self.span.amount, self.span.unit
        if unit is TimeUnit.DAY:
            return ordinal + amount
        if unit is TimeUnit.WEEK:
            return self.next_end(ordinal + 7 * amount)
        if unit is TimeUnit.WORKDAY:
            self._ensure(ordinal, ordinal + 3 * amount + 30)
            return self._workdays[bisect.bisect_right(self._workdays, ordinal) + amount - 1]
        day = date.fromordinal(ordinal)
        first_of_next = add_months(day.replace(day=1), 1)
        return (add_months(first_of_next, amount) - timedelta(days=1)).toordinal()

    def overlaps_next(self, end: int) -> bool:
        """True when the window after this one shares days with it (rolling spans, more than one unit)."""
        following = self.next_end(end + 1)
        return self.start(following) <= end

    # ------------------------------------------------------------------ date-level conveniences
    def window(self, end: date) -> tuple[date, date]:
        ordinal = end.toordinal()
        if not self.is_end(ordinal):
            raise ValueError(f"{end.isoformat()} 不是该统计周期的截止日")
        return date.fromordinal(self.start(ordinal)), end

    def last_complete_end(self, as_of: date) -> date:
        """The end of the latest window that was over before ``as_of`` began."""
        return date.fromordinal(self.previous_end(as_of.toordinal()))

    def ends_between(self, first: date, last: date) -> list[date]:
        out = []
        ordinal, stop = self.next_end(first.toordinal()), last.toordinal()
        while ordinal <= stop:
            out.append(date.fromordinal(ordinal))
            ordinal = self.next_end(ordinal + 1)
        return out


def describe_window(first: date, last: date, reference: date | None = None) -> str:
    """``11月13日—11月19日``; a single day as ``11月19日``; the year only when it differs from ``reference``."""
    if first == last:
        return day_text(first, reference)
    return f"{day_text(first, reference)}—{day_text(last, reference)}"


WEEKDAY_NAMES = "一二三四五六日"


def day_text(day: date, reference: date | None = None, weekday: bool = False) -> str:
    """``11月20日`` (``2025年10月8日`` when the year differs from ``reference``), optionally ``（周五）``."""
    text = f"{day.month}月{day.day}日"
    if reference is not None and day.year != reference.year:
        text = f"{day.year}年{text}"
    if weekday:
        text += f"（周{WEEKDAY_NAMES[day.weekday()]}）"
    return text
