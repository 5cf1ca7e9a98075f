"""Whose calendar: every account, one unit's, or one account's — a searchable combo box."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from gmdesk.services.lookups import AccountChoice, UnitChoice
from gmdesk.services.posts_calendar import Scope


class ScopeBox(QComboBox):
    scope_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumWidth(440)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMaxVisibleItems(24)
        self.lineEdit().setPlaceholderText("输入账号或单位名称查找")
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.addItem("全部账号", Scope.everything())
        self.activated.connect(self._chosen)

    def fill(self, units: list[UnitChoice], accounts: list[AccountChoice], current: Scope) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem("全部账号", Scope.everything())
        per_unit = Counter(a.unit_id for a in accounts)
        for unit in units:
            if per_unit[unit.id]:
                self.addItem(
                    f"单位：{unit.name}（{per_unit[unit.id]}个账号）", Scope.unit(unit.id, unit.name)
                )
        for account in accounts:
            state = "" if account.state.is_live else f" [{account.state.label}]"
            self.addItem(f"账号：{account.display}{state}", Scope.account(account.id, account.display))
        self.select(current)
        self.blockSignals(False)

    def select(self, scope: Scope) -> None:
        index = next(
            (
                i
                for i in range(self.count())
                if (d := self.itemData(i)).kind == scope.kind and d.id == scope.id
            ),
            0,
        )
        self.setCurrentIndex(index)
        self.lineEdit().setCursorPosition(0)  # long names: show their beginning

    def current_scope(self) -> Scope:
        data = self.currentData()
        return data if isinstance(data, Scope) else Scope.everything()

    def _chosen(self, index: int) -> None:
        self.lineEdit().setCursorPosition(0)
        self.scope_changed.emit(self.itemData(index))

    def find_account(self, account_id: int) -> Scope | None:
        for index in range(self.count()):
            data: Scope = self.itemData(index)
            if data.kind == "account" and data.id == account_id:
                return data
        return None
