"""Small widgets of the ledger tab: a date that may be empty, a result banner with buttons, a base for
dialogs that stay open until the save succeeded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

EMPTY_DATE = QDate(1900, 1, 1)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateEdit(QDateEdit):
    """A date picker (yyyy-MM-dd with a calendar popup); ``optional`` ones may be left empty (“未填”)."""

    def __init__(self, value: date | None = None, *, optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.optional = optional
        if optional:
            self.setMinimumDate(EMPTY_DATE)
            self.setSpecialValueText("（未填）")
        else:
            self.setMinimumDate(QDate(2000, 1, 1))
        self.setMaximumDate(QDate(2099, 12, 31))
        self.set_value(value)

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.setDate(EMPTY_DATE if self.optional else QDate.currentDate())
        else:
            self.setDate(to_qdate(value))

    def value(self) -> date | None:
        if self.optional and self.date() == EMPTY_DATE:
            return None
        return from_qdate(self.date())

    def clear_value(self) -> None:
        if self.optional:
            self.setDate(EMPTY_DATE)


class Banner(QFrame):
    """A calm line at the top of the tab saying what just happened, with buttons for what comes next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accounts-banner")
        self.setStyleSheet(
            "#accounts-banner { background: #eef6ee; border: 1px solid #b7d7b9; border-radius: 4px; }"
            "#accounts-banner[tone='warning'] { background: #fff4e0; border-color: #f0c36d; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self._buttons: list[QPushButton] = []
        self._layout = layout
        close = QPushButton("×")
        close.setFlat(True)
        close.setFixedWidth(28)
        close.setToolTip("关闭提示")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self._close = close
        self.hide()

    def show_message(self, text: str, buttons: Sequence[tuple[str, Callable[[], None]]] = (),
                     tone: str = "ok") -> None:
        for button in self._buttons:
            button.deleteLater()
        self._buttons = []
        self.label.setText(text)
        self.setProperty("tone", tone)
        self.style().unpolish(self)
        self.style().polish(self)
        for text_, slot in buttons:
            button = QPushButton(text_)
            button.clicked.connect(slot)
            self._layout.insertWidget(self._layout.count() - 1, button)
            self._buttons.append(button)
        self.show()

    def button(self, text: str) -> QPushButton | None:
        return next((b for b in self._buttons if b.text() == text), None)


class FormDialog(QDialog):
    """A dialog whose 保存 hands the values to the tab and stays open until the save succeeded,
    so a refusal (with its reason shown in the dialog) never loses what the clerk typed."""

    submitted = Signal(object)

    def __init__(self, title: str, parent: QWidget | None = None, ok_text: str = "保存") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(440)  # room for the wrapped hints
        self.body = QVBoxLayout()
        outer = QVBoxLayout(self)
        outer.addLayout(self.body, 1)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "banner-danger")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setProperty("primary", "true")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.busy = False

    def values(self) -> object:
        """What the clerk entered; raise ValueError with a Chinese message when something is missing."""
        raise NotImplementedError

    def _submit(self) -> None:
        if self.busy:
            return
        try:
            values = self.values()
        except ValueError as error:
            self.fail(str(error))
            return
        self.error_label.hide()
        self.busy = True
        self.ok_button.setEnabled(False)
        self.submitted.emit(values)

    def fail(self, message: str) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.error_label.setText(message)
        self.error_label.show()

    def succeed(self) -> None:
        self.busy = False
        self.accept()
