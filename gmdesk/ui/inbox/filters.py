"""The filter bar above the message list: status, deadline, category, account, unit, assigned unit, search."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLabel, QPushButton, QWidget

from gmdesk.domain.enums import MessageCategory, MessageState
from gmdesk.services import inbox
from gmdesk.services.inbox import InboxSetup, MessageFilter
from gmdesk.ui.widgets.search import SearchBox

STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    ("待办（未答复）", inbox.STATUS_OPEN),
    ("全部", inbox.STATUS_ALL),
    *((state.label, state.value) for state in MessageState),
    ("已完成（答复/办结/不予受理）", inbox.STATUS_DONE),
)
DUE_CHOICES: tuple[tuple[str, str], ...] = (
    ("期限不限", ""),
    ("已逾期", inbox.DUE_OVERDUE),
    ("今天到期", inbox.DUE_TODAY),
    ("3天内到期", inbox.DUE_SOON),
    ("逾期答复的", inbox.DUE_LATE),
)


ALL = 0
"""The item data of "全部…" in the id combos. Never None: PySide6 6.12 on Python 3.11 drops a reference to
None each time an empty item value comes back from Qt, and crashes the interpreter after a few thousand."""


def combo_value(combo: QComboBox, default: Any) -> Any:
    """The current item's data, or ``default`` when nothing is chosen (see :data:`ALL`)."""
    index = combo.currentIndex()
    return combo.itemData(index) if index >= 0 else default


def searchable_combo(width: int) -> QComboBox:
    """A combo the clerk can type into to find one of 500 accounts."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
    combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setMinimumWidth(width)
    combo.setMaxVisibleItems(20)
    return combo


class FilterBar(QWidget):
    """The combos in a row; ``search`` belongs to the bar but the tab places it (beside the buttons)."""

    changed = Signal(object)
    """Emitted with the new MessageFilter whenever the clerk changes a filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.status = QComboBox()
        for text, value in STATUS_CHOICES:
            self.status.addItem(text, value)
        self.due = QComboBox()
        for text, value in DUE_CHOICES:
            self.due.addItem(text, value)
        self.category = QComboBox()
        self.category.addItem("全部类别", "")
        for category in MessageCategory:
            self.category.addItem(category.label, category)
        self.account = searchable_combo(170)
        self.account.addItem("全部账号", ALL)
        self.unit = searchable_combo(170)
        self.unit.addItem("全部主办单位", ALL)
        self.assigned = searchable_combo(170)
        self.assigned.addItem("全部办理部门", ALL)
        self.search = SearchBox("搜索内容、留言人、电话或 #编号…")
        self.clear = QPushButton("清除筛选")
        self.clear.setToolTip("恢复为“待办”并清除其他筛选条件")
        for label, widget in (
            ("状态", self.status),
            ("期限", self.due),
            ("类别", self.category),
            ("账号", self.account),
            ("主办单位", self.unit),
            ("办理部门", self.assigned),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            layout.addWidget(caption)
            layout.addWidget(widget)
        layout.addWidget(self.clear)
        layout.addStretch(1)
        self._quiet = False
        for combo in (self.status, self.due, self.category):
            combo.currentIndexChanged.connect(self._emit)
        for combo in (self.account, self.unit, self.assigned):
            combo.activated.connect(self._emit)
            combo.lineEdit().editingFinished.connect(lambda c=combo: self._settle(c))
        self.search.search.connect(lambda _: self._emit())
        self.clear.clicked.connect(self.reset)

    # ---------------------------------------------------------------- lists from the database
    def set_choices(self, setup: InboxSetup) -> None:
        self._quiet = True
        try:
            self._fill(self.account, "全部账号", [(a.display, a.id) for a in setup.accounts])
            self._fill(self.unit, "全部主办单位", [(u.name, u.id) for u in setup.units])
            self._fill(self.assigned, "全部办理部门", [(u.name, u.id) for u in setup.units])
        finally:
            self._quiet = False

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[str, Any]]) -> None:
        current = combo_value(combo, ALL)
        combo.clear()
        combo.addItem(everything, ALL)
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))

    def _settle(self, combo: QComboBox) -> None:
        """Typed text that names no item goes back to the current item (no half-typed filters)."""
        index = combo.findText(combo.currentText(), Qt.MatchFlag.MatchFixedString)
        if index < 0:
            combo.setEditText(combo.itemText(combo.currentIndex()))
        elif index != combo.currentIndex():
            combo.setCurrentIndex(index)
            self._emit()

    # ---------------------------------------------------------------- the filter
    def current(self) -> MessageFilter:
        category = combo_value(self.category, "")
        return MessageFilter(
            status=combo_value(self.status, inbox.STATUS_OPEN),
            due=combo_value(self.due, ""),
            category=MessageCategory(category) if category else None,
            account_id=combo_value(self.account, ALL) or None,
            unit_id=combo_value(self.unit, ALL) or None,
            assigned_unit_id=combo_value(self.assigned, ALL) or None,
            search=self.search.text().strip(),
        )

    def _emit(self, *_: object) -> None:
        if not self._quiet:
            self.changed.emit(self.current())

    def set_search(self, text: str) -> None:
        self.search.setText(text)
        self._emit()

    def reset(self, search: str = "") -> None:
        """Every filter back to 全部, the search set to ``search``; one reload."""
        self._quiet = True
        try:
            for combo in (self.status, self.due, self.category, self.account, self.unit, self.assigned):
                combo.setCurrentIndex(0)
            self.search.setText(search)
        finally:
            self._quiet = False
        self._emit()

    def select(self, combo: QComboBox, value: Any) -> None:
        """Choose an item by its data, as the clerk would (emits ``changed``)."""
        index = combo.findData(value if value is not None else ALL)
        if index >= 0:
            combo.setCurrentIndex(index)
            self._emit()

    # ---------------------------------------------------------------- remembered between sessions
    def save(self, settings: QSettings) -> None:
        settings.setValue("inbox/status", combo_value(self.status, inbox.STATUS_OPEN))
        settings.setValue("inbox/due", combo_value(self.due, ""))

    def restore(self, settings: QSettings) -> None:
        self._quiet = True
        try:
            for combo, key in ((self.status, "inbox/status"), (self.due, "inbox/due")):
                value = settings.value(key)
                index = combo.findData(value) if value is not None else -1
                if index >= 0:
                    combo.setCurrentIndex(index)
        finally:
            self._quiet = False
