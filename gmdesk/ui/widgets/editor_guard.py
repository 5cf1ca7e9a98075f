"""For editors that show one record of a list beside it (口径库, 单位与人员, 规则方案): whether the record's
inputs changed since it was shown, and a question before those changes are thrown away by choosing another
record or closing the dialog.

"保存" saves and stays on the record: the save runs in a job and may be refused, and a refusal must find
the clerk's input still there. "不保存" lets the switch or the close go ahead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from gmdesk.ui import dialogs
from gmdesk.ui.widgets import input_state


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
