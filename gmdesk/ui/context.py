"""What every tab receives through its constructor: the database, the jobs, the bus, drafts and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from gmdesk.ui.bus import DataBus
from gmdesk.ui.drafts import DraftKeeper
from gmdesk.ui.jobs import JobRunner

if TYPE_CHECKING:  # the window is shown before the database layer is imported
    from gmdesk.store.database import Database


@dataclass
class AppContext:
    database: Database
    jobs: JobRunner
    bus: DataBus
    settings: QSettings
    drafts: DraftKeeper
    operator: str = "管理员"
    may_see_personal_data: bool = True
    now: Callable[[], datetime] = field(default=datetime.now)
    """The clock; tests pin it so that "today" is a fixed date."""

    @classmethod
    def create(
        cls,
        database: Database,
        on_unhandled: Callable[[BaseException], None],
        now: Callable[[], datetime] = datetime.now,
    ) -> AppContext:
        """A context over an open database: its job runner, a fresh bus, the window settings, drafts."""
        jobs = JobRunner(database, on_unhandled=on_unhandled)
        return cls(
            database=database,
            jobs=jobs,
            bus=DataBus(),
            settings=QSettings(),
            drafts=DraftKeeper(jobs, now),
            now=now,
        )

    def today(self) -> date:
        return self.now().date()
