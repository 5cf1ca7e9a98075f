"""Unsaved input in the window: kept as drafts in the database, and asked about once when the clerk quits.

A :class:`DraftKeeper` lives in the application context. Forms and editors that hold typed input
register with it while they are open; the main window asks it, on quitting, which of them hold something
unsaved, and either keeps all of it as drafts or drops all of it. Drafts are written by ordinary write jobs,
so they are committed like any other data and survive a crash or a power cut.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject
from shiboken6 import isValid

from gmdesk.ui.jobs import JobRunner

if TYPE_CHECKING:  # the window is shown before the database layer is imported (see DraftKeeper.keep)
    from gmdesk.services.drafts import DraftKey, SavedDraft

log = logging.getLogger(__name__)


class UnsavedInput(Protocol):
    """Something on screen that may hold input the clerk has not saved."""

    def unsaved_title(self) -> str | None:
        """What the clerk would call it (留言 #872 的回复), or None when nothing is unsaved."""

    def keep_unsaved(self) -> None:
        """Store the unsaved input as a draft now."""

    def drop_unsaved(self) -> None:
        """Forget the unsaved input and its draft."""


class DraftKeeper:
    def __init__(self, jobs: JobRunner, now: Callable[[], datetime]) -> None:
        self._jobs = jobs
        self._now = now
        self._sources: list[UnsavedInput] = []

    # ------------------------------------------------------------------ the database
    # services.drafts is imported in each method, not at the top: this module is part of the window shown
    # before the database layer is imported; by the time a form keeps a draft, the database is open.
    def keep(self, key: DraftKey, title: str, payload: dict[str, Any]) -> None:
        from gmdesk.services import drafts

        at = self._now()
        self._jobs.run(
            lambda session: drafts.keep(session, key, title, payload, at), write=True, on_error=self._failed
        )

    def discard(self, key: DraftKey) -> None:
        from gmdesk.services import drafts

        self._jobs.run(lambda session: drafts.discard(session, key), write=True, on_error=self._failed)

    def load(self, key: DraftKey, on_loaded: Callable[[SavedDraft | None], None], owner: QObject) -> None:
        """Read the draft of ``key``; ``on_loaded`` runs only while ``owner`` still exists."""
        from gmdesk.services import drafts

        self._jobs.run(
            lambda session: drafts.load(session, key),
            on_done=lambda saved: on_loaded(saved) if isValid(owner) else None,
            on_error=self._failed,
        )

    @staticmethod
    def _failed(error: BaseException) -> None:
        # A draft that cannot be written (a locked or full disk) must not interrupt the typing; the save
        # of the real record reports the same problem plainly.
        log.warning("draft not written: %s", error)

    # ------------------------------------------------------------------ what is open
    def register(self, source: UnsavedInput) -> None:
        if source not in self._sources:
            self._sources.append(source)

    def unregister(self, source: UnsavedInput) -> None:
        if source in self._sources:
            self._sources.remove(source)

    def unsaved(self) -> list[tuple[UnsavedInput, str]]:
        """The registered sources holding unsaved input, with their titles."""
        found = []
        for source in list(self._sources):
            if isinstance(source, QObject) and not isValid(source):
                self._sources.remove(source)
                continue
            title = source.unsaved_title()
            if title:
                found.append((source, title))
        return found
