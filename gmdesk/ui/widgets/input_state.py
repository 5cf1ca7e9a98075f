"""What the clerk has typed into a form, as plain JSON: to tell whether a dialog is dirty, to keep it as a
draft, and to put it back.

Every input widget under a root is read in a stable order (the order Qt keeps children in, which is the
order the dialog built them) and keyed by its object name, or by its class and its number among the
inputs of that class. A widget inside another input (the line edit of a spin box or an editable combo box)
belongs to that input and is skipped; so is any widget with the property ``draftIgnore`` set, for fields
that are derived rather than typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTextEdit,
    QWidget,
)

State = dict[str, Any]

_INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractButton,
    QAbstractSpinBox,
    QTableWidget,
    QListWidget,
)
_CONTAINERS = (QComboBox, QAbstractSpinBox)
"""Inputs whose inner widgets are part of them."""


def _inputs(root: QWidget) -> Iterator[tuple[str, QWidget]]:
    counts: dict[str, int] = {}
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, _INPUTS) or widget.property("draftIgnore"):
            continue
        if isinstance(widget, QAbstractButton) and not widget.isCheckable():
            continue
        if _inside_input(widget, root):
            continue
        name = widget.objectName()
        if not name or name.startswith("qt_"):
            kind = type(widget).__name__
            counts[kind] = counts.get(kind, 0) + 1
            name = f"{kind}#{counts[kind]}"
        yield name, widget


def _inside_input(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, _CONTAINERS) or parent.property("draftIgnore"):
            return True
        parent = parent.parentWidget()
    return False


def _read(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.value()
    if isinstance(widget, QTableWidget):
        return [
            [
                (item.text() if (item := widget.item(r, c)) is not None else "")
                for c in range(widget.columnCount())
            ]
            for r in range(widget.rowCount())
        ]
    if isinstance(widget, QListWidget):
        if widget.property("draftEntries"):  # a list the clerk fills (files to attach): its texts
            return [widget.item(i).text() for i in range(widget.count())]
        return [
            widget.item(i).checkState() == Qt.CheckState.Checked
            for i in range(widget.count())
            if widget.item(i).flags() & Qt.ItemFlag.ItemIsUserCheckable
        ]
    return None


def _write(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value)
    elif isinstance(widget, QPlainTextEdit | QTextEdit) and isinstance(value, str):
        widget.setPlainText(value)
    elif isinstance(widget, QComboBox) and isinstance(value, str):
        index = widget.findText(value)
        if index >= 0:
            widget.setCurrentIndex(index)
        elif widget.isEditable():
            widget.setEditText(value)
    elif isinstance(widget, QAbstractButton) and isinstance(value, bool):
        widget.setChecked(value)
    elif isinstance(widget, QDateTimeEdit) and isinstance(value, str):
        moment = QDateTime.fromString(value, Qt.DateFormat.ISODate)
        if moment.isValid():
            widget.setDateTime(moment)
        else:  # an empty optional date reads back as a date without a time
            day = QDate.fromString(value[:10], Qt.DateFormat.ISODate)
            if day.isValid():
                widget.setDateTime(QDateTime(day, QTime(0, 0)))
    elif isinstance(widget, QSpinBox) and isinstance(value, int):
        widget.setValue(value)
    elif isinstance(widget, QDoubleSpinBox) and isinstance(value, int | float):
        widget.setValue(float(value))
    elif isinstance(widget, QTableWidget) and isinstance(value, list):
        for r, row in enumerate(value[: widget.rowCount()]):
            for c, text in enumerate(row[: widget.columnCount()]):
                item = widget.item(r, c)
                if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable and item.text() != text:
                    item.setText(text)
    elif isinstance(widget, QListWidget) and isinstance(value, list) and widget.property("draftEntries"):
        widget.clear()
        widget.addItems([str(text) for text in value])
    elif isinstance(widget, QListWidget) and isinstance(value, list):
        checkable = [
            widget.item(i)
            for i in range(widget.count())
            if widget.item(i).flags() & Qt.ItemFlag.ItemIsUserCheckable
        ]
        for item, checked in zip(checkable, value, strict=False):
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def capture(root: QWidget) -> State:
    """Every input under ``root`` and its value."""
    return {name: _read(widget) for name, widget in _inputs(root)}


def restore(root: QWidget, state: State) -> int:
    """Put ``state`` back into the inputs that still exist; returns how many were found."""
    found = 0
    for name, widget in _inputs(root):
        if name in state:
            _write(widget, state[name])
            found += 1
    return found


def differs(before: State, after: State) -> bool:
    """True when the clerk changed something. Inputs that appeared or vanished (a list filled later) count
    only if they hold something."""
    for name in before.keys() | after.keys():
        old, new = before.get(name), after.get(name)
        if old != new and not (name not in before and not new) and not (name not in after and not old):
            return True
    return False


def merge(root: QWidget, base: State, refill: Callable[[], None]) -> tuple[State, int]:
    """Refill the inputs with a record as saved now (``refill``), keeping every input the clerk had changed
    from ``base`` (what the inputs first showed): a three-way merge, the clerk's side winning where both
    changed. A list of ticks or a table is merged item by item (cell by cell) while its length stays the same:
    the other clerk's tick or cell stays beside the clerk's own. Returns the record's own state (the new base)
    and how many of the clerk's inputs were kept."""
    mine = capture(root)
    changed = {name: value for name, value in mine.items() if base.get(name) != value}
    refill()
    saved = capture(root)
    restore(root, {name: _merged(base.get(name), value, saved.get(name)) for name, value in changed.items()})
    return saved, len(changed)


def _merged(base: Any, mine: Any, saved: Any) -> Any:
    """The clerk's value where it differs from ``base``, else the saved one; lists of one length item by item."""
    if mine == base:
        return saved
    lists = isinstance(base, list) and isinstance(mine, list) and isinstance(saved, list)
    if lists and len(base) == len(mine) == len(saved):
        return [_merged(b, m, s) for b, m, s in zip(base, mine, saved, strict=True)]
    return mine


def watch(root: QWidget, changed: Callable[[], None]) -> None:
    """Call ``changed`` whenever any input under ``root`` changes."""

    def slot(*_: object) -> None:
        changed()

    for _, widget in _inputs(root):
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            widget.textChanged.connect(slot)
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(slot)
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(slot)
        elif isinstance(widget, QDateTimeEdit):
            widget.dateTimeChanged.connect(slot)
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            widget.valueChanged.connect(slot)
        elif isinstance(widget, QTableWidget | QListWidget):
            widget.itemChanged.connect(slot)
            if isinstance(widget, QListWidget) and widget.property("draftEntries"):
                widget.model().rowsInserted.connect(slot)
                widget.model().rowsRemoved.connect(slot)
        # the inner line edits of cell widgets (a table's combo boxes) are inputs of their own
