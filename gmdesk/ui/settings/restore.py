"""Choose a backup to restore: the database's own backups, newest first, or any file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.store.backup import BackupInfo, contents_of
from gmdesk.ui import files


class RestoreDialog(QDialog):
    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        self.resize(760, 380)
        self.chosen: Path | None = None
        self._backups = backups
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("选择要恢复的备份（恢复前会自动备份当前数据）："))
        self.table = QTableWidget(len(backups), 4)
        self.table.setHorizontalHeaderLabels(["备份时间", "类型", "内容", "文件"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, info in enumerate(backups):
            self.table.setItem(row, 0, QTableWidgetItem(info.made_at.strftime("%Y-%m-%d %H:%M:%S")))
            self.table.setItem(row, 1, QTableWidgetItem(info.reason_label))  # 内容 says whether it is sealed
            self.table.setItem(row, 2, QTableWidgetItem(contents_of(info.path)))
            self.table.setItem(row, 3, QTableWidgetItem(info.path.name))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        if backups:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(self._accept_selected)
        layout.addWidget(self.table)
        other = QPushButton("选择其他备份文件…")
        other.clicked.connect(self._choose_file)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("恢复")
        buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self._accept_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.chosen = self._backups[rows[0].row()].path
            self.accept()

    def _choose_file(self) -> None:
        path = files.choose_open_path(
            self,
            "选择备份文件",
            "数据库备份 (*.db *.gmbk);;所有文件 (*)",
            "restore",
            default=self._backups[0].path.parent if self._backups else None,
        )
        if path is not None:
            self.chosen = path
            self.accept()


def choose_backup(parent: QWidget, backups: list[BackupInfo]) -> Path | None:
    dialog = RestoreDialog(backups, parent)
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None
