"""The working-day calendar as this database defines it: the national table plus the office's edits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gmdesk.domain.workdays import DayOverride, WorkCalendar
from gmdesk.store.queries import reference


def load_work_calendar(session: Session) -> WorkCalendar:
    rows = reference.holiday_overrides(session)
    return WorkCalendar(DayOverride(r.day, r.is_workday, r.name) for r in rows)
