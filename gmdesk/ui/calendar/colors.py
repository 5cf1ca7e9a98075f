"""The calendar's colours: risks by severity, kinds of day, states of a post."""

from __future__ import annotations

from PySide6.QtGui import QColor

from gmdesk.domain.enums import PostStatus
from gmdesk.domain.workdays import DayKind
from gmdesk.ui import palette

RISK = palette.SEVERITY_MARK
RISK_SOFT = palette.SEVERITY_SOFT
DAY_BACKGROUND = {
    DayKind.WORKDAY: palette.WHITE,
    DayKind.WEEKEND: palette.DAY_WEEKEND,
    DayKind.HOLIDAY: palette.DAY_HOLIDAY,
    DayKind.ADJUSTED_WORKDAY: palette.DAY_ADJUSTED,
}
DAY_EDGE = {
    DayKind.WEEKEND: palette.DAY_WEEKEND_EDGE,
    DayKind.HOLIDAY: palette.DAY_HOLIDAY_EDGE,
    DayKind.ADJUSTED_WORKDAY: palette.DAY_ADJUSTED_EDGE,
}
"""A day's edge in the legend, where the pale background alone would not show."""
HOLIDAY_TEXT = palette.DANGER
ADJUSTED_TEXT = palette.INFO
TODAY = palette.DANGER
SELECTED = palette.SELECTED
GRID = palette.GRID
MUTED = palette.MUTED
TEXT = palette.TEXT
OTHER_MONTH = palette.OTHER_MONTH
STATUS = {
    PostStatus.PUBLISHED: palette.GOOD,
    PostStatus.PLANNED: palette.INFO,
    PostStatus.CANCELLED: palette.FAINT,
}
OVERDUE = palette.MARK_URGENT


def qcolor(value: str) -> QColor:
    return QColor(value)
