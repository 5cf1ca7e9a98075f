"""One broadcast of "data changed": each tab decides itself whether to refresh."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

ACCOUNTS = "accounts"
FILINGS = "filings"
POSTS = "posts"
MESSAGES = "messages"
HOLIDAYS = "holidays"
POLICY = "policy"
REPORTS = "reports"
RECTIFICATIONS = "rectifications"
SETTINGS = "settings"
TRAININGS = "trainings"
WORDING = "wording"
EVERYTHING = frozenset(
    {
        ACCOUNTS,
        FILINGS,
        POSTS,
        MESSAGES,
        HOLIDAYS,
        POLICY,
        REPORTS,
        RECTIFICATIONS,
        SETTINGS,
        TRAININGS,
        WORDING,
    }
)


class DataBus(QObject):
    changed = Signal(object)
    """Emitted with a frozenset of the areas whose data changed."""

    def notify(self, areas: Iterable[str]) -> None:
        areas = frozenset(areas)
        if areas:
            self.changed.emit(areas)
