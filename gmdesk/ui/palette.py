"""gmdesk's colours by meaning: the one place the widgets take them from.

A colour is named for what it says to the clerk (overdue, due soon, done, muted), not for its hue, so one
meaning looks the same on every tab: a veto is the same red in the ledger, the calendar, the 工作台 and the
整改 list. ``resources/style.qss`` uses the same values for the chrome (tabs, buttons, banners); Word and Excel
output keeps the official document colours in ``gmdesk/documents``.
"""

from __future__ import annotations

from gmdesk.domain.enums import Severity

# Text
TEXT = "#1d2733"
"""Headings, figures, the main text drawn by hand."""
TEXT_SECONDARY = "#3d4a57"
MUTED = "#6b7480"
"""Hints, timestamps, a value that is not the clerk's own (inherited, empty)."""
FAINT = "#9aa3ad"
"""Something that no longer counts: cancelled, closed, not filled in."""
WHITE = "#ffffff"

# Meanings
DANGER = "#b3261e"
"""Overdue, refused, a veto, an error; also gmdesk's accent (the selected tab, the primary button)."""
DANGER_DEEP = "#8a1c13"
DANGER_SOFT = "#fdecea"
"""Behind an overdue row or a wrongly filled field."""
URGENT = "#c25100"
"""Due today, a violation short of a veto, work in progress that needs a hand."""
CAUTION = "#9a5b00"
"""Due soon, provisional (the holiday calendar is not complete), a warning."""
CAUTION_SOFT = "#fff4e0"
GOOD = "#2e7d32"
"""Done, published, on time, complete."""
INFO = "#1f5fa8"
"""Planned, acknowledged, a link-like note (已与留言人约定), a 调休 working day."""
INFO_SOFT = "#9dbbe0"
CONFIDENTIAL = "#6a3fa0"
"""保密 and 转办: handled by someone else or under a need-to-know."""

# Surfaces
PANEL = "#fafbfc"
HEADER = "#eef1f5"
GRID = "#dde2e8"
SELECTED = "#3a78c3"

# The calendar's kinds of day (pale enough to write on), with the edge that shows them in the legend
DAY_WEEKEND, DAY_WEEKEND_EDGE = "#f4f5f7", "#cfd4da"
DAY_HOLIDAY, DAY_HOLIDAY_EDGE = "#fdeeee", "#e0b4b0"
DAY_ADJUSTED, DAY_ADJUSTED_EDGE = "#eaf2fc", "#a9c4e6"
OTHER_MONTH = "#b8bec6"

# Marks (bars, rings, swatches, the calendar's risk lines): vivid enough to tell apart at a glance, too light
# for small text on white, which takes the text colours above
MARK_URGENT = "#e8710a"
MARK_CAUTION = "#d9a400"

SEVERITY = {Severity.VETO: DANGER, Severity.VIOLATION: URGENT, Severity.WARNING: CAUTION}
"""A finding's text colour, the same wherever a finding is listed."""
SEVERITY_MARK = {Severity.VETO: DANGER, Severity.VIOLATION: MARK_URGENT, Severity.WARNING: MARK_CAUTION}
"""A finding's mark in the calendar and its legend."""
SEVERITY_SOFT = {Severity.VETO: "#fde7e7", Severity.VIOLATION: "#fff0e0", Severity.WARNING: "#fff8d9"}


def span(text: str, colour: str, *, bold: bool = False) -> str:
    """Rich text in one colour (the text must already be escaped)."""
    weight = "; font-weight:bold" if bold else ""
    return f"<span style='color:{colour}{weight}'>{text}</span>"
