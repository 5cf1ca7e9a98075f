"""The working-day calendar of domain §5.

"N 个工作日": counting starts the working day after the start date and the deadline is the end of the Nth
working day. Working days are Monday–Friday except 法定节假日, plus the 调休 weekend days that are worked.
The State Council's yearly table comes from the ``chinesecalendar`` package for the years it covers; the
office's own table (edited or imported by the clerk) lies on top and wins. Outside covered years the
calendar falls back to Monday–Friday, and says so through :meth:`WorkCalendar.coverage_warnings`.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import ClassVar, Protocol

from gmdesk.domain.enums import TimeUnit

# The import inside ChineseCalendarSource keeps the chinesecalendar package out of start-up.

END_OF_DAY = time.max
"""A deadline "by the end of a day" is that day at 23:59:59.999999, so any time that day is on time."""


class DayKind(StrEnum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    ADJUSTED_WORKDAY = "adjusted_workday"
    """A weekend day worked in exchange for a holiday (调休上班)."""


@dataclass(frozen=True)
class DayInfo:
    day: date
    kind: DayKind
    name: str = ""
    """The holiday's Chinese name, e.g. 国庆节, or 国庆节调休上班; empty for ordinary days."""
    covered: bool = True
    """False when the year has no holiday data, so the kind is only a Monday–Friday guess."""

    @property
    def is_workday(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.ADJUSTED_WORKDAY)

    @property
    def label(self) -> str:
        """What a calendar cell shows: the holiday name, 调休上班, or nothing."""
        if self.kind is DayKind.HOLIDAY:
            return self.name or "节假日"
        if self.kind is DayKind.ADJUSTED_WORKDAY:
            return f"{self.name}调休上班" if self.name else "调休上班"
        return ""


@dataclass(frozen=True)
class DayOverride:
    """One row of the office's editable holiday table."""

    day: date
    is_workday: bool
    name: str = ""


@dataclass(frozen=True)
class CoverageWarning:
    year: int
    message: str


class HolidaySource(Protocol):
    """Where the national holiday table comes from."""

    def covers(self, year: int) -> bool: ...

    def special_day(self, day: date) -> tuple[bool, str] | None:
        """(is_workday, holiday name) for a holiday or a 调休 workday; None for an ordinary day."""
        ...


class ChineseCalendarSource:
    """The State Council's tables as maintained in the ``chinesecalendar`` package."""

    _NAMES: ClassVar[dict[str, str]] = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}

    def __init__(self) -> None:
        import chinese_calendar
        from chinese_calendar.constants import Holiday

        chinese_by_english = {h.value: self._NAMES.get(h.chinese, h.chinese) for h in Holiday}
        self._holidays = {d: chinese_by_english.get(n, n) for d, n in chinese_calendar.holidays.items()}
        self._workdays = {d: chinese_by_english.get(n, n) for d, n in chinese_calendar.workdays.items()}
        years: set[int] = {d.year for d in self._holidays}
        self.first_year = min(years)
        self.last_year = max(years)

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def special_day(self, day: date) -> tuple[bool, str] | None:
        if day in self._holidays:
            return False, self._holidays[day]
        if day in self._workdays:
            return True, self._workdays[day]
        return None


class NoHolidays:
    """A source that knows no holidays at all (Monday–Friday only); for tests and fallbacks."""

    def covers(self, year: int) -> bool:
        return False

    def special_day(self, day: date) -> tuple[bool, str] | None:
        return None


_default_source: HolidaySource | None = None


def default_source() -> HolidaySource:
    global _default_source
    if _default_source is None:
        _default_source = ChineseCalendarSource()
    return _default_source


OFFICIAL_HOLIDAYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("元旦", ("元旦",)),
    ("春节", ("春节",)),
    ("清明节", ("清明",)),
    ("劳动节", ("劳动", "五一")),
    ("端午节", ("端午",)),
    ("中秋节", ("中秋",)),
    ("国庆节", ("国庆",)),
)
"""The holidays every State Council notice (国务院办公厅关于部分节假日安排的通知) arranges, with the words
that name each one in a table row ("国庆节、中秋节" names both). A year the office enters by hand counts as
complete only when each of them is there, or when the clerk confirms the year as it is."""


def official_holidays_named(names: Iterable[str]) -> set[str]:
    """Which official holidays the given day names cover."""
    text = "、".join(names)
    return {official for official, words in OFFICIAL_HOLIDAYS if any(word in text for word in words)}


class WorkCalendar:
    """Answers "is this a working day" and counts working days, holidays and 调休 included."""

    def __init__(
        self,
        overrides: Iterable[DayOverride] = (),
        source: HolidaySource | None = None,
        confirmed_years: Iterable[int] = (),
    ) -> None:
        self._source = source if source is not None else default_source()
        self._overrides = {o.day: o for o in overrides}
        self._confirmed = frozenset(confirmed_years)
        named: dict[int, list[str]] = {}
        for override in self._overrides.values():
            if not override.is_workday:
                named.setdefault(override.day.year, []).append(override.name)
        self._missing = {
            year: [o for o, _ in OFFICIAL_HOLIDAYS if o not in official_holidays_named(names)]
            for year, names in named.items()
        }
        self._override_years = {d.year for d in self._overrides}
        self._cache: dict[date, DayInfo] = {}
        self._through: dict[int, list[int]] = {}
        """Per year: ``[i]`` is the number of working days among the year's first i days."""

    # ----------------------------------------------------------------- single days
    def info(self, day: date) -> DayInfo:
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        result = self._compute(day)
        self._cache[day] = result
        return result

    def _compute(self, day: date) -> DayInfo:
        covered = self.covers(day.year)
        weekend = day.weekday() >= 5
        override = self._overrides.get(day)
        if override is not None:
            return DayInfo(day, self._kind(override.is_workday, weekend), override.name, covered)
        special = self._source.special_day(day) if self._source.covers(day.year) else None
        if special is not None:
            is_workday, name = special
            return DayInfo(day, self._kind(is_workday, weekend), name, covered)
        return DayInfo(day, DayKind.WEEKEND if weekend else DayKind.WORKDAY, "", covered)

    @staticmethod
    def _kind(is_workday: bool, weekend: bool) -> DayKind:
        """The kind of a day listed in a holiday table: a listed day off is a holiday even on a Sunday."""
        if is_workday:
            return DayKind.ADJUSTED_WORKDAY if weekend else DayKind.WORKDAY
        return DayKind.HOLIDAY

    def is_workday(self, day: date) -> bool:
        return self.info(day).is_workday

    def covers(self, year: int) -> bool:
        """True when the year's holidays are known: from the package, or from the office's own table once it
        holds every official holiday of the notice (or the clerk confirmed the year as entered)."""
        if self._source.covers(year) or year in self._confirmed:
            return True
        return year in self._override_years and not self.missing_official(year)

    def missing_official(self, year: int) -> list[str]:
        """The official holidays not in the office's table for a year the package does not cover (also when the
        clerk confirmed the year without them)."""
        if self._source.covers(year):
            return []
        return list(self._missing.get(year, [o for o, _ in OFFICIAL_HOLIDAYS]))

    def confirmed(self, year: int) -> bool:
        return year in self._confirmed

    def provisional(self, day: date) -> bool:
        """A deadline on ``day`` is only a Monday–Friday estimate: its year's holidays are not known."""
        return not self.covers(day.year)

    # ----------------------------------------------------------------- counting
    def next_workday(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        candidate = day + timedelta(days=1)
        while not self.is_workday(candidate):
            candidate += timedelta(days=1)
        return candidate

    def previous_workday(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        candidate = day - timedelta(days=1)
        while not self.is_workday(candidate):
            candidate -= timedelta(days=1)
        return candidate

    def add_workdays(self, start: date, n: int) -> date:
        """The Nth working day after ``start`` (``start`` itself never counts); ``n == 0`` gives ``start``."""
        if n < 0:
            raise ValueError("工作日数不能为负数")
        day = start
        for _ in range(n):
            day = self.next_workday(day)
        return day

    def workday_deadline(self, start: datetime | date, n: int) -> datetime:
        """The end of the Nth working day after the day of ``start`` (domain §5)."""
        start_day = start.date() if isinstance(start, datetime) else start
        return datetime.combine(self.add_workdays(start_day, n), END_OF_DAY)

    @staticmethod
    def add_hours(start: datetime, hours: float) -> datetime:
        """ "N hours" are calendar hours, holidays included."""
        return start + timedelta(hours=hours)

    def add(self, start: date, amount: int, unit: TimeUnit) -> date:
        """``start`` moved on by an amount of days, working days, weeks or natural months."""
        if unit is TimeUnit.WORKDAY:
            return self.add_workdays(start, amount)
        if unit is TimeUnit.DAY:
            return start + timedelta(days=amount)
        if unit is TimeUnit.WEEK:
            return start + timedelta(weeks=amount)
        if unit is TimeUnit.MONTH:
            return add_months(start, amount)
        raise ValueError(f"日期不能按{unit.label}推算")

    def count_workdays(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (0 when end <= start).

        Read from running totals per year rather than day by day: lateness is counted this way for every
        overdue message and filing, often over months.
        """
        if end <= start:
            return 0
        if start.year == end.year:
            return self._workdays_through(end) - self._workdays_through(start)
        rest_of_first = self._year_total(start.year) - self._workdays_through(start)
        middle = sum(self._year_total(year) for year in range(start.year + 1, end.year))
        return rest_of_first + middle + self._workdays_through(end)

    def _year_prefix(self, year: int) -> list[int]:
        prefix = self._through.get(year)
        if prefix is None:
            prefix = [0]
            for day in iter_days(date(year, 1, 1), date(year, 12, 31)):
                prefix.append(prefix[-1] + self.is_workday(day))
            self._through[year] = prefix
        return prefix

    def _workdays_through(self, day: date) -> int:
        """Working days from 1 January of ``day``'s year to ``day``, both included."""
        return self._year_prefix(day.year)[day.timetuple().tm_yday]

    def _year_total(self, year: int) -> int:
        return self._year_prefix(year)[-1]

    def workdays(self, first: date, last: date) -> Iterator[date]:
        """The working days from ``first`` to ``last``, both included."""
        return (d for d in iter_days(first, last) if self.is_workday(d))

    # ----------------------------------------------------------------- tables and warnings
    def special_days(self, year: int) -> list[DayInfo]:
        """Every holiday and 调休 workday of a year, in date order (what the holiday table shows)."""
        days = (self.info(d) for d in iter_days(date(year, 1, 1), date(year, 12, 31)))
        return [info for info in days if info.kind in (DayKind.HOLIDAY, DayKind.ADJUSTED_WORKDAY)]

    def coverage_warnings(self, today: date) -> list[CoverageWarning]:
        """Visible warnings: this year has no holiday data, or (from October on) next year has none."""
        warnings = []
        if not self.covers(today.year):
            warnings.append(
                CoverageWarning(
                    today.year,
                    f"缺少{today.year}年法定节假日安排{self._missing_text(today.year)}：工作日暂按周一至周五计算，"
                    "期限可能不准确。请在“工具 > 节假日设置”中导入或录入国务院办公厅通知。",
                )
            )
        if today.month >= 10 and not self.covers(today.year + 1):
            started = today.year + 1 in self._override_years
            warnings.append(
                CoverageWarning(
                    today.year + 1,
                    (
                        f"{today.year + 1}年法定节假日安排尚不完整{self._missing_text(today.year + 1)}。"
                        if started
                        else f"尚未录入{today.year + 1}年法定节假日安排（国务院办公厅通常于10—12月发布）。"
                    )
                    + "发布后请在“工具 > 节假日设置”中粘贴或导入，跨年期限才能准确计算。",
                )
            )
        return warnings

    def _missing_text(self, year: int) -> str:
        if year not in self._override_years:
            return ""
        missing = self.missing_official(year)
        return f"（缺{'、'.join(missing)}）" if missing else ""


def iter_days(first: date, last: date) -> Iterator[date]:
    day = first
    one = timedelta(days=1)
    while day <= last:
        yield day
        day += one


def add_months(day: date, months: int) -> date:
    """The same day ``months`` natural months later, clamped to the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_bounds(day: date) -> tuple[date, date]:
    """The first and last day of the natural month holding ``day``."""
    last = _stdlib_calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def provisional_note(calendar: WorkCalendar, days: Iterable[date | datetime | None]) -> str:
    """Said beside a deadline counted in a year whose holidays are not known: the date is an estimate."""
    years = sorted({d.year for d in days if d is not None and not calendar.covers(d.year)})
    if not years:
        return ""
    listed = "、".join(f"{y}年" for y in years)
    return f"{listed}节假日安排尚未录入完整，期限暂按周一至周五推算，录入后自动更正"
