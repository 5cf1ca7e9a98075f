"""Waiting for slow work without freezing the window: the work runs on a plain thread while the event loop turns.

For the few steps that must finish before the clerk can go on and that need no database session — checking a
backup before a restore, the restore itself — so the code reads top to bottom like a plain call, while the
windows still repaint and a busy dialog says what is happening. Work on the database goes through the
``JobRunner`` instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")

SHOW_AFTER_MS = 400
"""Quick work finishes before the dialog would flash up."""


class _Finished(QObject):
    finished = Signal()


def run_waiting(parent: QWidget | None, label: str, work: Callable[[], T]) -> T:
    """Run ``work`` on a thread, turn the event loop until it is done, and return its result (or raise its
    exception here). A modal busy dialog with ``label`` appears if it takes longer than a moment."""
    outcome: dict[str, object] = {}
    signal = _Finished()
    loop = QEventLoop()
    signal.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def target() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # handed to the caller on the UI thread, re-raised there
            outcome["error"] = error
        signal.finished.emit()

    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setCancelButton(None)  # the work cannot be stopped half-way safely
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setValue(0)
    thread = threading.Thread(target=target, name="gmdesk-wait", daemon=True)
    thread.start()
    while "result" not in outcome and "error" not in outcome:
        loop.exec()
    thread.join()
    dialog.reset()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]  # a BaseException, stored above
    return outcome["result"]  # type: ignore[return-value]  # the T that work() returned
