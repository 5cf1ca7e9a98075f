"""What every tab receives through its constructor: the database, the jobs, the bus and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from gmdesk.ui.bus import DataBus
from gmdesk.ui.jobs import JobRunner

if TYPE_CHECKING:  # the window is shown before the database layer is imported
    from gmdesk.store.database import Database


@dataclass
class AppContext:
    database: Database
    jobs: JobRunner
    bus: DataBus
    settings: QSettings
    operator: str = "管理员"
    may_see_personal_data: bool = True
    now: Callable[[], datetime] = field(default=datetime.now)
    """The clock; tests pin it so that "today" is a fixed date."""

    def today(self) -> date:
        return self.now().date()
