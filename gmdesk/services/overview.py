"""A first look at a database: counts for the status bar and the day's calendar facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from gmdesk.domain.workdays import DayInfo
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.holidays import describe_day
from gmdesk.store.queries import overview as queries
from gmdesk.store.queries.overview import Counts

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Overview:
    counts: Counts
    today: DayInfo
    holiday_warnings: tuple[str, ...]

    @property
    def today_label(self) -> str:
        day = self.today.day
        text = f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"
        extra = self.today.label or describe_day(self.today.kind)
        return f"{text} · {extra}"


def overview(session: Session, today: date) -> Overview:
    calendar = load_work_calendar(session)
    warnings = tuple(w.message for w in calendar.coverage_warnings(today))
    return Overview(queries.counts(session), calendar.info(today), warnings)


def is_empty(session: Session) -> bool:
    return not queries.has_accounts(session)
