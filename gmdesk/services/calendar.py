"""The working-day calendar as this database defines it: the national table plus the office's edits."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gmdesk.domain.workdays import DayOverride, WorkCalendar
from gmdesk.services import settings
from gmdesk.store.queries import reference

CONFIRMED_YEARS = "holidays.confirmed_years"
"""Years whose holiday table the clerk confirmed as complete although an official holiday seems missing."""


def confirmed_years(session: Session) -> list[int]:
    value: Any = settings.get(session, CONFIRMED_YEARS, [])
    return sorted(int(y) for y in value or [])


def load_work_calendar(session: Session) -> WorkCalendar:
    rows = reference.holiday_overrides(session)
    return WorkCalendar(
        (DayOverride(r.day, r.is_workday, r.name) for r in rows), confirmed_years=confirmed_years(session)
    )
