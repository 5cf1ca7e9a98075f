"""The calendar's colours: risks by severity, kinds of day, states of a post."""

from __future__ import annotations

from PySide6.QtGui import QColor

from gmdesk.domain.enums import PostStatus, Severity
from gmdesk.domain.workdays import DayKind

RISK = {Severity.VETO: "#c62828", Severity.VIOLATION: "#e8710a", Severity.WARNING: "#d9a400"}
RISK_SOFT = {Severity.VETO: "#fde7e7", Severity.VIOLATION: "#fff0e0", Severity.WARNING: "#fff8d9"}
DAY_BACKGROUND = {
    DayKind.WORKDAY: "#ffffff",
    DayKind.WEEKEND: "#f4f5f7",
    DayKind.HOLIDAY: "#fdeeee",
    DayKind.ADJUSTED_WORKDAY: "#eaf2fc",
}
HOLIDAY_TEXT = "#b3261e"
ADJUSTED_TEXT = "#1f5fa8"
TODAY = "#b3261e"
SELECTED = "#3a78c3"
GRID = "#dde2e8"
MUTED = "#6b7480"
TEXT = "#1d2733"
OTHER_MONTH = "#b8bec6"
STATUS = {
    PostStatus.PUBLISHED: "#2e7d32",
    PostStatus.PLANNED: "#1f5fa8",
    PostStatus.CANCELLED: "#9aa3ad",
}
OVERDUE = "#e8710a"


def qcolor(value: str) -> QColor:
    return QColor(value)

