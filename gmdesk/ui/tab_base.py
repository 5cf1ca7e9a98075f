"""What the main window expects of a tab, and the lazy, change-aware loading every tab shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QMenu, QWidget

from gmdesk.ui.context import AppContext


@dataclass(frozen=True)
class Target:
    """Something another tab can be asked to show: ``Target("message", 42)``, ``Target("account", 7)``."""

    kind: str
    id: Any = None


class Tab(QWidget):
    """A job tab. Loads its data the first time it is shown and again when its areas change.

    Subclasses set ``areas`` and implement :meth:`reload` (usually one background job whose result fills
    the tab's models).
    """

    areas: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        ctx.bus.changed.connect(self._on_data_changed)

    def activate(self) -> None:
        """Called when the tab becomes the current one."""
        if self._stale:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        """Fetch the data again (in a job) and show it."""

    def _on_data_changed(self, areas: frozenset[str]) -> None:
        if areas & self.areas:
            self._stale = True
            if self.isVisible():
                self.activate()

    def show_target(self, target: Target) -> None:
        """Bring ``target`` into view (the dashboard's click-through); the tab is already current."""

    def tab_menu(self) -> QMenu | None:
        """A menu shown in the menu bar while this tab is current."""
        return None

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the tab's search box."""

    def focus_main(self) -> None:
        """The tab was chosen from the keyboard (Ctrl+1…5): focus what the arrows and Enter should move."""
        self.setFocus()

    def new_item_label(self) -> str:
        """What Ctrl+N creates here ("新建账号"); empty when the tab creates nothing."""
        return ""

    def new_item(self) -> None:
        """Ctrl+N: start a new record of the tab's kind."""
