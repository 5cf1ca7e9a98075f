"""单位排序: the order reports, the 通报 and the account table list the units in. Move a unit up or down (or drag
it); 恢复默认顺序 clears the numbers (administrative order: 县政府办, 乡镇, 部门, 事业单位, 其他)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from gmdesk.ui.widgets.form_dialog import FormDialog

RESET = "reset"


class UnitOrderDialog(FormDialog):
    def __init__(self, units: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__("单位排序", parent, "保存顺序")
        self.setMinimumSize(460, 520)
        self.reset_requested = False
        hint = QLabel("自查报告、检查情况通报和账号表按此顺序列出单位。选中单位后上移、下移，或直接拖动。")
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.list = QListWidget()
        self.list.setObjectName("units")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        for unit in units:
            item = QListWidgetItem(f"{unit.name}（{unit.unit_type}）")
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            self.list.addItem(item)
        self.body.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.up_button, self.down_button = QPushButton("上移"), QPushButton("下移")
        self.reset_button = QPushButton("恢复默认顺序")
        self.reset_button.setToolTip("清除排序号，按县政府办、乡镇、部门、事业单位、其他和录入先后排列")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.reset_button.clicked.connect(self._reset)
        for button in (self.up_button, self.down_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.reset_button)
        self.body.addLayout(row)

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def _reset(self) -> None:
        self.reset_requested = True
        self.submit()

    def values(self) -> Any:
        if self.reset_requested:
            return RESET
        return [int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]
