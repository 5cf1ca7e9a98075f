"""For editors that show one record of a list beside it (口径库, 单位与人员, 规则方案): whether the record's
inputs changed since it was shown, and a question before those changes are thrown away by choosing another
record or closing the dialog.

"保存" saves and stays on the record: the save runs in a job and may be refused, and a refusal must find
the clerk's input still there. "不保存" lets the switch or the close go ahead. A save refused because another
clerk saved the record first (a shared database) offers 重新载入, which merges (:meth:`EditorGuard.merge_latest`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from gmdesk.domain.errors import EditConflict
from gmdesk.ui import dialogs
from gmdesk.ui.widgets import input_state


def reload_on_conflict(parent: QWidget, error: BaseException, reload: Callable[[], None]) -> bool:
    """True when ``error`` is another clerk's save getting in first: the clerk was offered 重新载入, and
    ``reload`` (fetch the record, then :meth:`EditorGuard.merge_latest`) ran if chosen. Nothing typed is lost
    either way."""
    if not isinstance(error, EditConflict):
        return False
    if dialogs.offer_reload(parent, error.message):
        reload()
    return True


class EditorGuard:
    def __init__(self, editor: QWidget, save: Callable[[], None], what: Callable[[], str]) -> None:
        self.editor = editor
        self._save = save
        self._what = what
        self._pristine: input_state.State | None = None

    def loaded(self) -> None:
        """The editor now shows a record as it is saved."""
        self._pristine = input_state.capture(self.editor)

    def dirty(self) -> bool:
        return self._pristine is not None and input_state.differs(
            self._pristine, input_state.capture(self.editor)
        )

    def merge_latest(self, show: Callable[[], None]) -> int:
        """Show the record as saved now (``show`` fills the editor) keeping every input the clerk had changed
        since it was shown; returns how many were kept."""
        base = self._pristine or {}
        self._pristine, kept = input_state.merge(self.editor, base, show)
        return kept

    def may_leave(self, leaving: str = "切换") -> bool:
        """Ask before the changes are lost; True when the switch or close may go ahead."""
        if not self.dirty():
            return True
        answer = dialogs.unsaved(
            self.editor, "尚未保存", f"“{self._what()}”的修改还没有保存。\n{leaving}前保存吗？"
        )
        if answer == dialogs.SAVE:
            self._save()
            return False
        if answer == dialogs.DISCARD:
            self.loaded()  # the changes are given up; the next question is about new ones
            return True
        return False
