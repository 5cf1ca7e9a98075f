"""工具 › 规则方案: choose the office's profile; copy a preset and edit any threshold."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.enums import LabeledEnum, Severity, TimeUnit
from gmdesk.domain.errors import UserError
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import PolicyProfile, flatten, with_overrides
from gmdesk.domain.policy_labels import rule_kind_label, setting_label
from gmdesk.services import policy as policy_service
from gmdesk.ui import bus, dialogs, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.editor_guard import EditorGuard, reload_on_conflict
from gmdesk.ui.widgets.form_dialog import merged_text

_ENUMS: dict[str, type[LabeledEnum]] = {"unit": TimeUnit, "severity": Severity}


READ_ONLY_LEAVES = frozenset({"rule"})
"""Which kind of rule a frequency entry is: part of its identity, not a value to edit."""


def _display(path: str, value: Any) -> str:
    leaf = path.rsplit(".", 1)[-1]
    if leaf in _ENUMS and isinstance(value, str):
        try:
            return _ENUMS[leaf](value).label
        except ValueError:
            return value
    if leaf == "rule" and isinstance(value, str):
        return rule_kind_label(value)
    if leaf == "platforms" and isinstance(value, list):
        if not value:
            return "全部平台"
        return "、".join(_platform_label(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _platform_label(value: str) -> str:
    try:
        return Platform(value).label
    except ValueError:
        return value


def _parse(path: str, original: Any, text: str) -> Any:
    try:
        return _parse_value(path, original, text)
    except UserError:
        raise
    except ValueError as error:
        raise UserError(f"“{setting_label(path)}”：{error}") from error


def _parse_value(path: str, original: Any, text: str) -> Any:
    leaf = path.rsplit(".", 1)[-1]
    text = text.strip()
    if leaf in _ENUMS:
        return _ENUMS[leaf].from_text(text).value
    if leaf == "platforms":
        names = [p.strip() for p in text.replace(",", "、").replace("，", "、").split("、") if p.strip()]
        if not names or names == ["全部平台"]:
            return []
        return [Platform.from_text(name).value for name in names]
    if isinstance(original, bool):
        if text in ("是", "否"):
            return text == "是"
        raise UserError(f"“{setting_label(path)}”应填“是”或“否”")
    if isinstance(original, int):
        if not text.isdigit():
            raise UserError(f"“{setting_label(path)}”应为非负整数")
        return int(text)
    if isinstance(original, list):
        return [p.strip() for p in text.replace(",", "、").replace("，", "、").split("、") if p.strip()]
    return text


class PolicyDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("规则方案")
        self.resize(900, 600)
        self._profiles: list[policy_service.ProfileInfo] = []
        self._paths: list[tuple[str, Any]] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "各地对更新频率、答复期限、备案期限的要求不同。选择本单位执行的方案；内置方案不可修改，可复制后调整任一数值。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        splitter = QSplitter()
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show_profile)
        splitter.addWidget(self.list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.description = QLabel()
        self.description.setWordWrap(True)
        right_layout.addWidget(self.description)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["设置项", "取值"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        right_layout.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([220, 680])
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        self.activate_button = QPushButton("设为当前方案")
        self.activate_button.clicked.connect(self._activate)
        self.copy_button = QPushButton("复制为新方案…")
        self.copy_button.clicked.connect(self._copy)
        self.save_button = QPushButton("保存修改")
        self.save_button.clicked.connect(self._save)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        for button in (self.activate_button, self.copy_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.last_impact: policy_service.SwitchImpact | None = None
        # the table's parent: the guard reads the inputs under its editor (the table itself would be left out)
        self.guard = EditorGuard(
            right, self._save, lambda: info.name if (info := self._selected()) else "方案"
        )
        self._shown_row = -1
        self.reload()

    def done(self, result: int) -> None:
        if self.guard.may_leave("关闭"):
            super().done(result)

    def reload(self, select_id: int | None = None) -> None:
        self.ctx.jobs.run(policy_service.list_profiles, on_done=lambda rows: self._fill(rows, select_id))

    def _fill(self, profiles: list[policy_service.ProfileInfo], select_id: int | None) -> None:
        self._profiles = profiles
        self._shown_row = -1  # new rows: show the wanted profile (what was typed has just been saved)
        self.guard.loaded()
        blocked = self.list.blockSignals(True)
        self.list.clear()
        self.list.blockSignals(blocked)
        current = 0
        for index, info in enumerate(profiles):
            item = QListWidgetItem(
                f"{info.name}{'（当前）' if info.is_active else ''}{'' if info.builtin else ' ✎'}"
            )
            if info.is_active:
                font = QFont()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if info.id == select_id or (select_id is None and info.is_active):
                current = index
        self.list.setCurrentRow(current)

    def _selected(self) -> policy_service.ProfileInfo | None:
        row = self.list.currentRow()
        return self._profiles[row] if 0 <= row < len(self._profiles) else None

    def _show_profile(self, row: int) -> None:
        if row != self._shown_row and self._shown_row >= 0 and not self.guard.may_leave():
            blocked = self.list.blockSignals(True)  # stay on the profile being edited
            self.list.setCurrentRow(self._shown_row)
            self.list.blockSignals(blocked)
            return
        info = self._selected()
        if info is None:
            return
        self._shown_row = row
        kind = "内置方案（只读）" if info.builtin else "本单位方案（可编辑）"
        self.description.setText(f"<b>{info.name}</b>　{kind}<br>{info.description}")
        self._paths = flatten(info.profile)
        self.table.setRowCount(len(self._paths))
        for index, (path, value) in enumerate(self._paths):
            label = QTableWidgetItem(setting_label(path))
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            label.setToolTip(path)
            self.table.setItem(index, 0, label)
            cell = QTableWidgetItem(_display(path, value))
            if info.builtin or path.rsplit(".", 1)[-1] in READ_ONLY_LEAVES:
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                cell.setForeground(QColor(palette.MUTED))
            self.table.setItem(index, 1, cell)
        self.table.resizeColumnToContents(0)
        self.save_button.setEnabled(not info.builtin)
        self.activate_button.setEnabled(not info.is_active)
        self.guard.loaded()

    def _edited_profile(self, info: policy_service.ProfileInfo) -> PolicyProfile:
        overrides = {}
        for index, (path, original) in enumerate(self._paths):
            text = self.table.item(index, 1).text()
            if text != _display(path, original):
                overrides[path] = _parse(path, original, text)
        return with_overrides(info.profile, overrides)

    def _save(self) -> None:
        info = self._selected()
        if info is None or info.builtin:
            return
        try:
            profile = self._edited_profile(info)
        except UserError as error:
            dialogs.warn(self, "无法保存", error.message)
            return
        operator, profile_id, version = self.ctx.operator, info.id, info.version

        def failed(error: BaseException) -> None:
            if not reload_on_conflict(self, error, lambda: self._reload_latest(profile_id)):
                show_error(error, self, "无法保存")

        self.ctx.jobs.run(
            lambda session: policy_service.save_profile(session, profile, operator, profile_id, version),
            write=True,
            changes={bus.POLICY},
            on_done=lambda saved_id: self.reload(saved_id),
            on_error=failed,
        )

    def _reload_latest(self, profile_id: int) -> None:
        """Another clerk saved the profile first: show it as saved now, keeping every value this clerk changed."""

        def loaded(latest: policy_service.ProfileInfo) -> None:
            row = self.list.currentRow()
            if not (0 <= row < len(self._profiles)) or self._profiles[row].id != latest.id:
                return  # the clerk has moved on to another profile
            self._profiles[row] = latest
            kept = self.guard.merge_latest(lambda: self._show_profile(row))
            self.description.setText(f"{self.description.text()}<br>{merged_text(kept)}")

        self.ctx.jobs.run(
            lambda session: policy_service.profile_info(session, profile_id),
            on_done=loaded,
            on_error=lambda error: show_error(error, self, "无法重新载入"),
            parent=self,
        )

    def _copy(self) -> None:
        info = self._selected()
        if info is None:
            return
        name, ok = QInputDialog.getText(self, "复制为新方案", "新方案名称：", text=f"{info.name}（本县）")
        if not ok or not name.strip():
            return
        profile = dataclasses.replace(
            info.profile, name=name.strip(), description=f"以“{info.name}”为基础调整。"
        )
        operator = self.ctx.operator
        self.ctx.jobs.run(
            lambda session: policy_service.save_profile(session, profile, operator),
            write=True,
            changes={bus.POLICY},
            on_done=lambda profile_id: self.reload(profile_id),
            on_error=lambda error: show_error(error, self, "无法复制"),
        )

    def _activate(self) -> None:
        """Show what switching would change in today's findings, then switch when the clerk agrees."""
        info = self._selected()
        if info is None or not self.guard.may_leave("切换方案"):
            return
        today = self.ctx.today()
        self.ctx.jobs.run(
            lambda session: policy_service.switch_impact(session, info.id, today),
            write=True,  # compared in a savepoint that is rolled back: nothing is kept
            on_done=lambda impact: self._confirm_switch(info, impact),
            on_error=lambda error: show_error(error, self, "无法比较"),
            progress="正在比较两个方案下的检查结果…",
            parent=self,
        )

    def _confirm_switch(self, info: policy_service.ProfileInfo, impact: policy_service.SwitchImpact) -> None:
        self.last_impact = impact
        details = "\n".join(impact.lines(limit=40))
        text = (
            f"{impact.describe()}\n\n切换后，全部待办备案和留言的期限立即按“{info.name}”重算"
            "（单独指定了方案的账号除外）。\n确定切换吗？"
        )
        if not dialogs.ask(self, "切换规则方案", text, details):
            return
        operator = self.ctx.operator
        self.ctx.jobs.run(
            lambda session: policy_service.set_active_profile(session, info.id, operator),
            write=True,
            changes={bus.POLICY, bus.FILINGS, bus.MESSAGES},
            on_done=lambda _: self.reload(info.id),
            progress="正在按新方案重算期限…",
            parent=self,
        )
