"""The dialog every form of gmdesk is built on: nothing the clerk typed is lost.

- 保存 hands the values to the caller, and the dialog stays open until the save succeeded. A refusal (a
  :class:`UserError` from ``values()`` or from the service) is shown in the dialog, with the field it is
  about marked and focused.
- Closing a changed form (✕, 取消, Esc) asks 保存 / 不保存 / 取消.
- With a draft key the typed input is kept in the database as the clerk types (a second after the last
  change) and offered again the next time the same record's form opens, after a switch, a quit, a crash or
  a power cut.
- A save refused because another clerk changed the record meanwhile (a shared database) offers 重新载入:
  the form takes the record as now saved and keeps every input this clerk changed (:meth:`merge_latest`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gmdesk.domain.errors import EditConflict, UserError
from gmdesk.services.drafts import DraftKey, SavedDraft
from gmdesk.ui import dialogs
from gmdesk.ui.drafts import DraftKeeper
from gmdesk.ui.widgets import input_state

DRAFT_DELAY_MS = 1000
"""A draft is written this long after the last keystroke: a crash loses at most a second of typing."""


class FormDialog(QDialog):
    submitted = Signal(object)
    """The values the clerk confirmed (what :meth:`values` returned)."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        ok_text: str = "保存",
        *,
        drafts: DraftKeeper | None = None,
        draft_key: DraftKey | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(440)  # room for the wrapped hints
        self.drafts = drafts if draft_key is not None else None
        self.draft_key = draft_key
        self.ready_on_show = True
        """Forms that fill some inputs later (lists loaded in a job) set this False and call :meth:`ready`."""
        self.busy = False
        self._size_key = ""
        self._pristine: input_state.State | None = None
        self._draft_written = False
        self._marked: list[QWidget] = []
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._write_draft)

        outer = QVBoxLayout(self)
        self.restored = QWidget()
        restored_row = QHBoxLayout(self.restored)
        restored_row.setContentsMargins(0, 0, 0, 0)
        self.restored_label = QLabel()
        self.restored_label.setProperty("role", "banner-warning")
        self.restored_label.setWordWrap(True)
        self.discard_button = QPushButton("放弃草稿")
        self.discard_button.setProperty("draftIgnore", True)
        self.discard_button.clicked.connect(self.discard_draft)
        restored_row.addWidget(self.restored_label, 1)
        restored_row.addWidget(self.discard_button)
        self.restored.setProperty("draftIgnore", True)
        self.restored.hide()
        outer.addWidget(self.restored)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "banner-danger")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.reload_button = QPushButton("重新载入")
        self.reload_button.setToolTip("载入其他同事保存的内容；您改过的地方保留您填写的内容")
        self.reload_button.hide()
        self._reload: Callable[[], None] | None = None
        self.reload_button.clicked.connect(self._reload_clicked)
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_label, 1)
        error_row.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(error_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setProperty("primary", "true")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.submit)

    # ------------------------------------------------------------------ for subclasses
    def values(self) -> object:
        """What the clerk entered; raise :class:`UserError` (naming the field) when something is wrong."""
        raise NotImplementedError

    def remember_size(self, key: str, width: int, height: int) -> None:
        """Open at the size the clerk last gave this kind of dialog (Windows habit)."""
        self._size_key = key
        size = QSettings().value(f"dialogs/{key}/size")
        if isinstance(size, QSize) and size.isValid():
            self.resize(size)
        else:
            self.resize(width, height)

    def draft_title(self) -> str:
        """How the draft is listed when it is recovered."""
        return self.windowTitle()

    def show_latest(self, record: object) -> None:
        """Fill the inputs from ``record`` as it is saved now, and remember its version (forms that offer
        重新载入 after a refused save implement this)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ tracking changes
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.ready_on_show:
            self.ready()

    def ready(self) -> None:
        """The form holds its starting values: from now on a change is the clerk's."""
        if self._pristine is not None:
            return
        self._pristine = input_state.capture(self)
        input_state.watch(self, self._changed)
        if self.drafts is not None and self.draft_key is not None:
            self.drafts.register(self)
            self.drafts.load(self.draft_key, self._draft_loaded, self)

    def restart_tracking(self) -> None:
        """Take the current values as the starting ones (after a list arrived that changed a choice)."""
        if self._pristine is not None and not self.is_dirty():
            self._pristine = input_state.capture(self)

    def is_dirty(self) -> bool:
        return self._pristine is not None and input_state.differs(self._pristine, input_state.capture(self))

    def _changed(self) -> None:
        self._unmark()
        if self.drafts is not None:
            self._draft_timer.start()

    # ------------------------------------------------------------------ drafts
    def _draft_loaded(self, saved: SavedDraft | None) -> None:
        if saved is None or self.is_dirty():
            return  # nothing kept, or the clerk has already started typing here
        input_state.restore(self, saved.payload)
        if not self.is_dirty():
            return
        self._draft_written = True
        self._banner(f"已恢复 {saved.saved_at:%m月%d日 %H:%M} 未保存的内容。保存后草稿自动删除。", "放弃草稿")

    def _banner(self, text: str, discard: str) -> None:
        self.restored_label.setText(text)
        self.discard_button.setText(discard)
        self.restored.show()

    def _write_draft(self) -> None:
        if self.drafts is None or self.draft_key is None or not isValid(self):
            return
        if self.is_dirty():
            self.drafts.keep(self.draft_key, self.draft_title(), input_state.capture(self))
            self._draft_written = True
        elif self._draft_written:
            self.drafts.discard(self.draft_key)
            self._draft_written = False

    def discard_draft(self) -> None:
        """放弃草稿: back to the record as it is saved."""
        if self._pristine is not None:
            input_state.restore(self, self._pristine)
        self.restored.hide()
        self.drop_unsaved()

    # UnsavedInput, for the question on quitting
    def unsaved_title(self) -> str | None:
        return self.draft_title() if self.isVisible() and self.is_dirty() else None

    def keep_unsaved(self) -> None:
        self._draft_timer.stop()
        if self.drafts is not None and self.draft_key is not None and self.is_dirty():
            self.drafts.keep(self.draft_key, self.draft_title(), input_state.capture(self))
            self._draft_written = True

    def drop_unsaved(self) -> None:
        self._draft_timer.stop()
        if self.drafts is not None and self.draft_key is not None and self._draft_written:
            self.drafts.discard(self.draft_key)
        self._draft_written = False

    # ------------------------------------------------------------------ saving and closing
    def submit(self) -> None:
        if self.busy or not self.ok_button.isEnabled():
            return
        try:
            values = self.values()
        except UserError as error:
            self.fail(error.message, error.field)
            return
        self.error_label.hide()
        self.busy = True
        self.ok_button.setEnabled(False)
        self.submitted.emit(values)

    def fail(self, message: str, field: str | None = None) -> None:
        """Show why the save was refused; the input stays, the field named is marked and focused."""
        self.busy = False
        self.ok_button.setEnabled(True)
        self.error_label.setText(message)
        self.error_label.show()
        self.reload_button.hide()
        self._mark(field)

    # ------------------------------------------------------------------ someone else saved first
    def offer_reload(self, message: str, reload: Callable[[], None]) -> None:
        """The save was refused because the record changed meanwhile: say so and offer 重新载入, which
        calls ``reload`` (it fetches the record and hands it to :meth:`merge_latest`)."""
        self.fail(message)
        self._reload = reload
        self.reload_button.setEnabled(True)
        self.reload_button.show()

    def _reload_clicked(self) -> None:
        if self._reload is not None:
            self.reload_button.setEnabled(False)  # until the record arrives
            self._reload()

    def merge_latest(self, record: object) -> int:
        """Show ``record`` as saved now, keeping every input the clerk had changed from what the form first
        showed; the saved values become the starting ones, so 取消 asks only about the clerk's own changes.
        Returns how many of the clerk's inputs were kept."""
        self._pristine, kept = input_state.merge(self, self._pristine or {}, lambda: self.show_latest(record))
        self.error_label.hide()
        self.reload_button.hide()
        self._unmark()
        self._banner(merged_text(kept), "放弃我的修改")
        return kept

    def succeed(self) -> None:
        """The save went through: forget the draft and close."""
        self.busy = False
        self.drop_unsaved()
        self._pristine = input_state.capture(self)
        self.accept()

    def reject(self) -> None:
        if self.busy:
            return  # a save is running; its result decides
        if self.is_dirty():
            answer = dialogs.unsaved(self, self.windowTitle(), "填写的内容还没有保存。\n保存后关闭吗？")
            if answer == dialogs.SAVE:
                self.submit()
                return
            if answer == dialogs.CANCEL:
                return
        self.drop_unsaved()
        super().reject()

    def done(self, result: int) -> None:
        if self.drafts is not None:
            self.drafts.unregister(self)
        if self._size_key:
            QSettings().setValue(f"dialogs/{self._size_key}/size", self.size())
        super().done(result)

    # ------------------------------------------------------------------ marking a field
    def field_widget(self, field: str | None) -> QWidget | None:
        widget = getattr(self, field, None) if field else None
        return widget if isinstance(widget, QWidget) else None

    def _mark(self, field: str | None) -> None:
        self._unmark()
        widget = self.field_widget(field)
        if widget is None:
            return
        page = widget
        while page is not None and page is not self:  # bring its tab forward
            parent = page.parentWidget()
            tabs = parent.parentWidget() if parent is not None else None
            if isinstance(tabs, QTabWidget) and tabs.indexOf(page) >= 0:
                tabs.setCurrentWidget(page)
            page = parent
        widget.setProperty("invalid", True)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.setFocus()
        self._marked.append(widget)

    def _unmark(self) -> None:
        for widget in self._marked:
            if isValid(widget):
                widget.setProperty("invalid", False)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        self._marked = []


def merged_text(kept: int) -> str:
    """What the clerk is told after 重新载入 merged the record as saved now with their input."""
    mine = f"您改过的 {kept} 处仍是您填写的内容，" if kept else ""
    return f"已载入其他同事保存的最新内容。{mine}请核对后再保存。"


def submit_to_job(
    dialog: FormDialog,
    run: Callable[..., Any],
    op: Callable[[Any], Callable[[Any], Any]],
    on_done: Callable[[Any], None],
    changes: Iterable[str],
    refused: Callable[[BaseException], bool] | None = None,
    progress: str | None = None,
    reload: Callable[[Any], Any] | None = None,
) -> None:
    """Save what ``dialog`` submits with ``op(values)`` as one write job (``run`` is ``ctx.jobs.run``).

    The dialog closes only when the job succeeded. A :class:`UserError` is shown in the dialog with its
    field marked; ``refused`` may handle an error itself (return True); anything else is a bug and goes to
    the error dialog, the dialog staying open with its input. With ``reload`` (a read job returning the
    record as saved now, for :meth:`FormDialog.show_latest`), an :class:`EditConflict` offers 重新载入.
    """
    from gmdesk.ui.errors import show_error

    def reload_latest(load: Callable[[Any], Any]) -> None:
        def loaded(record: Any) -> None:
            if isValid(dialog):
                dialog.merge_latest(record)

        def not_loaded(error: BaseException) -> None:
            if isValid(dialog):
                dialog.reload_button.setEnabled(True)
                show_error(error, dialog, "无法重新载入")

        run(load, on_done=loaded, on_error=not_loaded, parent=dialog)

    def submitted(values: Any) -> None:
        def failed(error: BaseException) -> None:
            if not isValid(dialog):
                return
            if refused is not None and refused(error):
                dialog.busy = False
                dialog.ok_button.setEnabled(True)
                return
            if isinstance(error, EditConflict) and reload is not None:
                dialog.offer_reload(error.message, lambda: reload_latest(reload))
                return
            if isinstance(error, UserError):
                dialog.fail(error.message, error.field)
                return
            dialog.fail("保存失败，填写的内容仍在这里。错误已记录。")
            show_error(error, dialog)

        def succeeded(result: Any) -> None:
            if isValid(dialog):
                dialog.succeed()
            on_done(result)

        run(
            op(values),
            write=True,
            changes=frozenset(changes),
            on_done=succeeded,
            on_error=failed,
            parent=dialog,
            progress=progress,
        )

    dialog.submitted.connect(submitted)
