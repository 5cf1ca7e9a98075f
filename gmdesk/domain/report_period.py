"""The period a self-inspection covers: a year (the default), a quarter (季度小考核) or any range of days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gmdesk.domain.errors import UserError

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date
    """Both days included."""
    label: str
    """How the report names it: 2026年度, 2026年第三季度, 2026年3月1日至2026年6月30日."""
    kind: str = "custom"
    """"year", "quarter" or "custom"."""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise UserError("统计期间的结束日期不能早于开始日期")

    def until(self, as_of: date) -> date:
        """The last day the figures can know: the period's end, or ``as_of`` in a period still running."""
        return min(self.end, as_of)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        out = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def month_labels(self) -> list[str]:
        """ "1月"… within one year; "2025-12" style when the period spans years."""
        months = self.months()
        if len({y for y, _ in months}) == 1:
            return [f"{m}月" for _, m in months]
        return [f"{y}-{m:02d}" for y, m in months]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def to_json(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label": self.label,
            "kind": self.kind,
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> ReportPeriod:
        return cls(
            date.fromisoformat(data["start"]),
            date.fromisoformat(data["end"]),
            data["label"],
            data.get("kind", "custom"),
        )


def year_period(year: int) -> ReportPeriod:
    return ReportPeriod(date(year, 1, 1), date(year, 12, 31), f"{year}年度", "year")


def quarter_period(year: int, quarter: int) -> ReportPeriod:
    if quarter not in QUARTER_NAMES:
        raise UserError(f"季度应为 1—4，而不是 {quarter}")
    first = date(year, 3 * quarter - 2, 1)
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return ReportPeriod(first, following - timedelta(days=1), f"{year}年{QUARTER_NAMES[quarter]}", "quarter")


def custom_period(start: date, end: date) -> ReportPeriod:
    if end < start:
        raise UserError("统计期间的结束日期不能早于开始日期")
    label = f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"
    return ReportPeriod(start, end, label, "custom")
