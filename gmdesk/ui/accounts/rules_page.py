"""The account dialog's 适用规则 page: the account's own profile (or the office's) and single values overridden.

A township whose county rules differ, a 服务号 held to its four pushes a month: the model has always allowed an
account its own profile and overrides by dotted path; here the clerk sets them, in Chinese, beside the value
the profile gives."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from gmdesk.domain.errors import UserError
from gmdesk.domain.policy import PolicyProfile, flatten
from gmdesk.domain.policy_labels import setting_label
from gmdesk.services.policy import AccountRules
from gmdesk.ui import palette
from gmdesk.ui.settings.policy import READ_ONLY_LEAVES, _display, _parse


class RulesPage(QWidget):
    def __init__(self, rules: AccountRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rules = rules
        layout = QVBoxLayout(self)
        intro = QLabel(
            "一般账号执行本单位当前的规则方案。个别账号另有要求的，可指定其他方案，或只调整其中几项"
            "（在“本账号取值”中填写；留空即按方案执行）。保存后该账号的各项期限立即重算。"
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        self.profile = QComboBox()
        self.profile.addItem(f"本单位当前方案（{rules.active.name}）", None)
        for info in rules.profiles:
            self.profile.addItem(info.name, info.id)
        self.profile.setCurrentIndex(
            max(0, self.profile.findData(rules.profile_id)) if rules.profile_id else 0
        )
        self.profile.currentIndexChanged.connect(lambda _: self._fill())
        layout.addWidget(self.profile)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["设置项", "方案取值", "本账号取值"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self._paths: list[tuple[str, Any]] = []
        self._fill(rules.overrides)

    def base(self) -> PolicyProfile:
        chosen = self.profile.currentData()
        found = next((p for p in self.rules.profiles if p.id == chosen), None)
        return (found or self.rules.active).profile

    def _fill(self, overrides: dict[str, Any] | None = None) -> None:
        keep = overrides if overrides is not None else self._typed()
        self._paths = flatten(self.base())
        self.table.setRowCount(len(self._paths))
        for row, (path, value) in enumerate(self._paths):
            label = QTableWidgetItem(setting_label(path))
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            label.setToolTip(path)
            shown = QTableWidgetItem(_display(path, value))
            shown.setFlags(shown.flags() & ~Qt.ItemFlag.ItemIsEditable)
            shown.setForeground(QColor(palette.MUTED))
            own = QTableWidgetItem(_display(path, keep[path]) if path in keep else "")
            if path.rsplit(".", 1)[-1] in READ_ONLY_LEAVES:
                own.setFlags(own.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, label)
            self.table.setItem(row, 1, shown)
            self.table.setItem(row, 2, own)
        self.table.resizeColumnToContents(0)

    def _typed(self) -> dict[str, str]:
        return {
            path: self.table.item(row, 2).text()
            for row, (path, _) in enumerate(self._paths)
            if self.table.item(row, 2) is not None and self.table.item(row, 2).text().strip()
        }

    def set_override(self, path: str, text: str) -> None:
        row = next(i for i, (p, _) in enumerate(self._paths) if p == path)
        self.table.item(row, 2).setText(text)

    def values(self) -> tuple[int | None, dict[str, Any]]:
        """(the account's own profile or None, the overridden values); UserError naming the setting."""
        overrides: dict[str, Any] = {}
        for row, (path, original) in enumerate(self._paths):
            text = self.table.item(row, 2).text().strip()
            if not text or text == _display(path, original):
                continue
            try:
                overrides[path] = _parse(path, original, text)
            except UserError as error:
                self.table.setCurrentCell(row, 2)
                raise UserError(error.message, field="rules") from None
        chosen = self.profile.currentData()
        return (int(chosen) if chosen is not None else None), overrides
