"""One background-job helper for every long or database-bound action.

``ctx.jobs.run(op, on_done=…, owner=self)`` runs ``op(session)`` (``run_with_control``: ``op(session, control)``,
for progress and 取消) on a QThreadPool thread inside its own unit of work (committed whole or rolled back
whole); the result or the error comes back on the UI thread, to nobody if the ``owner`` it was for has been
destroyed meanwhile. Writes run one at a time so SQLite never sees two writers from this process. A progress
dialog appears only when a job takes longer than ~600 ms (busy cursor after ~300 ms), so quick jobs never
flicker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
from shiboken6 import isValid

if TYPE_CHECKING:  # the window is shown before the database layer is imported
    from sqlalchemy.orm import Session

    from gmdesk.store.database import Database

log = logging.getLogger(__name__)


class JobCancelled(Exception):
    """Raised inside a job when the clerk pressed 取消; the job's session is rolled back."""


class JobControl:
    """What a running job can do: report progress and ask whether it was cancelled."""

    def __init__(self, signals: _JobSignals) -> None:
        self._signals = signals
        self._cancelled = threading.Event()

    def progress(self, done: int, total: int, text: str = "") -> None:
        if self._cancelled.is_set():
            raise JobCancelled
        self._signals.progress.emit(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()


class _JobSignals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)


class _Worker(QRunnable):
    def __init__(
        self,
        database: Database,
        op: Callable[..., Any],
        control: JobControl,
        signals: _JobSignals,
        write_lock: threading.Lock | None,
        with_session: bool,
        with_control: bool,
    ) -> None:
        super().__init__()
        self._with_session = with_session
        self._with_control = with_control
        self.setAutoDelete(True)
        self._database = database
        self._op = op
        self._control = control
        self._signals = signals
        self._write_lock = write_lock

    def run(self) -> None:
        try:
            if self._write_lock is not None:
                with self._write_lock:
                    result = self._call()
            else:
                result = self._call()
        except BaseException as error:  # delivered to the UI thread, which decides what to show
            self._signals.failed.emit(error)
            return
        self._signals.done.emit(result)

    def _call(self) -> Any:
        if not self._with_session:
            return self._op(self._control)
        with self._database.session(writing=self._write_lock is not None) as session:
            if self._with_control:
                return self._op(session, self._control)
            return self._op(session)


class Job(QObject):
    """A job in flight; keeps its signals alive until the result has been delivered."""

    finished = Signal()

    def __init__(self, control: JobControl, signals: _JobSignals) -> None:
        super().__init__()
        self.control = control
        self.signals = signals

    def cancel(self) -> None:
        self.control.cancel()


class JobRunner(QObject):
    idle = Signal()
    """Emitted when the last running job has delivered its result."""

    def __init__(
        self, database: Database, on_unhandled: Callable[[BaseException], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._on_unhandled = on_unhandled
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._write_lock = threading.Lock()
        self._active: set[Job] = set()
        self._closed = False
        self.after_write: Callable[[Iterable[str]], None] | None = None
        """Called on the UI thread with the areas a write job changed (the main window broadcasts them)."""

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def run(
        self,
        op: Callable[[Session], Any] | Callable[[JobControl], Any],
        *,
        owner: QObject | None = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        write: bool = False,
        changes: Iterable[str] = (),
        progress: str | None = None,
        parent: QWidget | None = None,
        cancellable: bool = False,
        with_session: bool = True,
    ) -> Job:
        """Run ``op(session)`` in the background (with ``with_session=False``: ``op(control)``, and the job
        manages its own units of work).

        ``owner``: the object the result is for; once it is destroyed, ``on_done`` and ``on_error`` are not
        called (a write's changes are still broadcast, an error without ``on_error`` still reported).
        ``write`` serialises the job with other writes; ``changes`` names the areas to broadcast after a
        successful write; ``progress`` is the label of the (delayed) progress dialog.
        """
        return self._start(
            op,
            False,
            owner=owner,
            on_done=on_done,
            on_error=on_error,
            write=write,
            changes=changes,
            progress=progress,
            parent=parent,
            cancellable=cancellable,
            with_session=with_session,
        )

    def run_with_control(
        self,
        op: Callable[[Session, JobControl], Any],
        *,
        owner: QObject | None = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        write: bool = False,
        changes: Iterable[str] = (),
        progress: str | None = None,
        parent: QWidget | None = None,
        cancellable: bool = False,
    ) -> Job:
        """As :meth:`run`, for ``op(session, control)``: a job that reports progress or may be cancelled."""
        return self._start(
            op,
            True,
            owner=owner,
            on_done=on_done,
            on_error=on_error,
            write=write,
            changes=changes,
            progress=progress,
            parent=parent,
            cancellable=cancellable,
            with_session=True,
        )

    def _start(
        self,
        op: Callable[..., Any],
        with_control: bool,
        *,
        owner: QObject | None,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        write: bool,
        changes: Iterable[str],
        progress: str | None,
        parent: QWidget | None,
        cancellable: bool,
        with_session: bool,
    ) -> Job:
        signals = _JobSignals()
        control = JobControl(signals)
        job = Job(control, signals)
        self._active.add(job)
        feedback = _Feedback(progress, parent, job if cancellable else None) if progress else None
        changed = frozenset(changes)

        def finish() -> None:
            if feedback is not None:
                feedback.close()
            self._active.discard(job)
            job.finished.emit()
            if not self._active:
                self.idle.emit()

        def owner_gone() -> bool:
            return owner is not None and not isValid(owner)

        def done(result: Any) -> None:
            finish()
            if self._closed:  # the window that asked is gone; its widgets may already be deleted
                return
            if write and changed and self.after_write is not None:
                self.after_write(changed)
            if on_done is not None and not owner_gone():
                on_done(result)

        def failed(error: BaseException) -> None:
            finish()
            if self._closed or isinstance(error, JobCancelled):
                return
            if on_error is not None:
                if not owner_gone():
                    on_error(error)
            else:
                self._on_unhandled(error)

        signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        if feedback is not None:
            signals.progress.connect(feedback.update, Qt.ConnectionType.QueuedConnection)
        self._pool.start(
            _Worker(
                self._database,
                op,
                control,
                signals,
                self._write_lock if write else None,
                with_session,
                with_control,
            )
        )
        return job

    def shutdown(self, msecs: int = 10_000) -> bool:
        """Let running jobs end, then drop every result still queued: the widgets they were for are closing."""
        finished = self._pool.waitForDone(msecs)
        self._closed = True
        return finished

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until the pool is empty (for shutdown and tests); results still arrive via the event loop."""
        return self._pool.waitForDone(msecs)


class _Feedback:
    """Busy cursor after 300 ms, a progress dialog after 600 ms; nothing at all for quick jobs."""

    def __init__(self, label: str, parent: QWidget | None, job: Job | None) -> None:
        self._label = label
        self._parent = parent
        self._job = job
        self._dialog: QProgressDialog | None = None
        self._cursor = False
        self._closed = False
        self._last: tuple[int, int, str] = (0, 0, "")
        QTimer.singleShot(300, self._busy_cursor)
        QTimer.singleShot(600, self._show_dialog)

    def _busy_cursor(self) -> None:
        if not self._closed:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._cursor = True

    def _show_dialog(self) -> None:
        if self._closed:
            return
        dialog = QProgressDialog(self._label, "取消" if self._job else "", 0, 0, self._parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if self._job is None:
            dialog.setCancelButton(None)
        else:
            dialog.canceled.connect(self._job.cancel)
        self._dialog = dialog
        self.update(*self._last)
        dialog.show()

    def update(self, done: int, total: int, text: str) -> None:
        self._last = (done, total, text)
        dialog = self._dialog  # a modal setValue() processes events: the job may finish and close() meanwhile
        if dialog is None:
            return
        if text:
            dialog.setLabelText(f"{self._label}\n{text}")
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)

    def close(self) -> None:
        self._closed = True
        if self._cursor:
            QApplication.restoreOverrideCursor()
            self._cursor = False
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
