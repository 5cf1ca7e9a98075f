"""Privacy by purpose in the window: exports and reports are masked; an operator allowed to see personal data
may ask for it unmasked, saying what for — the reason goes into the audit trail with the export."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from gmdesk.ui import dialogs
from gmdesk.ui.context import AppContext


class PurposeDialog(QDialog):
    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("说明用途")
        layout = QVBoxLayout(self)
        note = QLabel(f"{what}将包含未遮蔽的手机号、身份证号等个人信息。\n请说明用途（将记入操作日志）：")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如：向县信访局移交办理材料")
        self.reason.setMaxLength(200)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if len(self.reason.text().strip()) >= 2:
            self.accept()
        else:
            self.reason.setFocus()


def ask_purpose(parent: QWidget | None, what: str) -> str:
    """The purpose the clerk typed, or '' when cancelled."""
    dialog = PurposeDialog(what, parent)
    return dialog.reason.text().strip() if dialog.exec() == QDialog.DialogCode.Accepted else ""


def purpose_for(parent: QWidget | None, ctx: AppContext, what: str) -> str:
    """'' (masked) unless the operator may see personal data, wants it unmasked and says what for."""
    if not ctx.may_see_personal_data:
        return ""
    if not dialogs.ask(
        parent,
        "个人信息",
        f"{what}默认遮蔽手机号、身份证号等个人信息。\n是否导出未遮蔽的个人信息？（须说明用途，记入操作日志）",
    ):
        return ""
    return ask_purpose(parent, what)
