"""今日待办: the groups (逾期留言 296 …) with their first rows, each row opening its tab on double-click or Enter.

A group shows its first rows only, so a long one (three hundred overdue messages) does not push the others
out of sight; its last row "还有 N 项…" shows the rest in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from gmdesk.ui import palette

if TYPE_CHECKING:
    from gmdesk.domain.today import TodoGroup, TodoItem

SHOWN = 8
"""Rows of a group shown before "还有 N 项…"."""
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
MORE_ROLE = Qt.ItemDataRole.UserRole + 2


class TodoTree(QTreeWidget):
    opened = Signal(object)
    """A row was activated: the TodoItem."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todo-tree")
        self.setColumnCount(3)
        self.setHeaderLabels(["事项", "时限", "说明"])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setExpandsOnDoubleClick(False)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, 250)
        self.setColumnWidth(1, 130)
        self.itemActivated.connect(self._activated)
        self.groups: list[TodoGroup] = []
        self._expanded_all: set[str] = set()

    def set_groups(self, groups: list[TodoGroup]) -> None:
        current = self.current_todo()
        self.groups = groups
        self.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for group in groups:
            head = QTreeWidgetItem([f"{group.title}（{group.count}）", "", ""])
            head.setFont(0, bold)
            head.setForeground(0, QBrush(QColor(palette.SEVERITY[group.severity])))
            head.setFirstColumnSpanned(True)
            head.setData(0, MORE_ROLE, None)
            self.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            self._fill(head, group, everything=group.kind.value in self._expanded_all)
            head.setExpanded(True)
        if current is not None:
            self.select(current.kind, current.target_id)
        elif self.topLevelItemCount() and self.topLevelItem(0).childCount():
            self.setCurrentItem(self.topLevelItem(0).child(0))

    def _fill(self, head: QTreeWidgetItem, group: TodoGroup, everything: bool) -> None:
        head.takeChildren()
        shown = group.items if everything else group.items[:SHOWN]
        for item in shown:
            row = QTreeWidgetItem([item.subject, item.when_text, item.detail])
            row.setData(0, ITEM_ROLE, item)
            colour = QColor(palette.SEVERITY[item.severity])
            row.setForeground(1, QBrush(colour))
            row.setToolTip(0, f"{item.subject}\n双击或按回车打开")
            row.setToolTip(2, item.detail)
            head.addChild(row)
        rest = group.count - len(shown)
        if rest > 0:
            more = QTreeWidgetItem([f"还有{rest}项…（双击显示全部）", "", ""])
            more.setData(0, MORE_ROLE, group.kind.value)
            more.setForeground(0, QBrush(QColor(palette.INFO)))
            head.addChild(more)
            more.setFirstColumnSpanned(True)

    def _activated(self, row: QTreeWidgetItem, column: int) -> None:
        kind = row.data(0, MORE_ROLE)
        if kind:
            self._expanded_all.add(kind)
            head = row.parent()
            group = next(g for g in self.groups if g.kind.value == kind)
            index = head.indexOfChild(row)
            self._fill(head, group, everything=True)
            self.setCurrentItem(head.child(index))
            return
        item = row.data(0, ITEM_ROLE)
        if item is not None:
            self.opened.emit(item)
        elif row.childCount():
            row.setExpanded(not row.isExpanded())

    def current_todo(self) -> TodoItem | None:
        row = self.currentItem()
        return row.data(0, ITEM_ROLE) if row is not None else None

    def rows(self) -> list[TodoItem]:
        """The rows shown, top to bottom (for tests and the status line)."""
        out = []
        for index in range(self.topLevelItemCount()):
            head = self.topLevelItem(index)
            for child in range(head.childCount()):
                item = head.child(child).data(0, ITEM_ROLE)
                if item is not None:
                    out.append(item)
        return out

    def find(self, kind: object, target_id: int | None) -> QTreeWidgetItem | None:
        for index in range(self.topLevelItemCount()):
            head = self.topLevelItem(index)
            for child in range(head.childCount()):
                item = head.child(child).data(0, ITEM_ROLE)
                if item is not None and item.kind == kind and item.target_id == target_id:
                    return head.child(child)
        return None

    def select(self, kind: object, target_id: int | None) -> bool:
        row = self.find(kind, target_id)
        if row is not None:
            self.setCurrentItem(row)
            self.scrollToItem(row)
        return row is not None
