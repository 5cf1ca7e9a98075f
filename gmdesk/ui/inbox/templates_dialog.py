"""口径库: the office's approved reply wording, by category, with the variables {称呼}{账号}{单位}{日期}."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.services import reply_templates
from gmdesk.services.reply_templates import TemplateInfo
from gmdesk.ui import bus, dialogs
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.inbox.filters import combo_value
from gmdesk.ui.widgets.editor_guard import EditorGuard, reload_on_conflict
from gmdesk.ui.widgets.form_dialog import merged_text


class TemplatesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("口径库（回复模板）")
        self.resize(980, 580)
        self.templates: list[TemplateInfo] = []
        self.current_id: int | None = None
        layout = QVBoxLayout(self)
        splitter = QSplitter()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["分类", "名称", "使用次数"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 80)
        self.table.setColumnWidth(1, 200)
        self.table.itemSelectionChanged.connect(self._selected)
        splitter.addWidget(self.table)
        editor = QWidget()
        form = QFormLayout(editor)
        self.name = QLineEdit()
        self.name.setMaxLength(80)
        self.category = QComboBox()
        for category in reply_templates.CATEGORIES:
            self.category.addItem(category or "通用", category)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(200)
        variables = QHBoxLayout()
        for name, meaning in reply_templates.VARIABLES:
            button = QPushButton("{" + name + "}")
            button.setToolTip(meaning)
            button.clicked.connect(lambda _=False, n=name: self.text.insertPlainText("{" + n + "}"))
            variables.addWidget(button)
        variables.addStretch(1)
        help_text = QLabel(
            "；".join(f"{{{n}}}：{m}" for n, m in reply_templates.VARIABLES)
            + "。“……”处在回复时填写具体内容。"
        )
        help_text.setWordWrap(True)
        help_text.setProperty("role", "muted")
        form.addRow("名称：", self.name)
        form.addRow("分类：", self.category)
        form.addRow("插入变量：", variables)
        form.addRow("内容：", self.text)
        form.addRow("", help_text)
        splitter.addWidget(editor)
        splitter.setSizes([380, 600])
        self.guard = EditorGuard(editor, self._save, lambda: self.name.text() or "新模板")
        self._shown_row = -1
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("新建")
        self.save_button = QPushButton("保存")
        self.save_button.setProperty("primary", True)
        self.delete_button = QPushButton("删除")
        close = QPushButton("关闭")
        self.new_button.clicked.connect(self._new)
        self.save_button.clicked.connect(self._save)
        self.delete_button.clicked.connect(self._delete)
        close.clicked.connect(self.reject)
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        self.ctx.jobs.run(
            lambda session: reply_templates.list_templates(session, with_usage=True),
            on_done=lambda templates: self._show(templates, select),
        )

    def _show(self, templates: list[TemplateInfo], select: int | None) -> None:
        self.templates = templates
        self._shown_row = -1  # the rows are new: show the wanted one whatever was typed (it was just saved)
        self.guard.loaded()
        self.table.setRowCount(len(templates))
        for row, info in enumerate(templates):
            for column, value in enumerate(
                (info.category_label, info.name + ("（内置）" if info.builtin else ""), f"{info.uses:,}")
            ):
                self.table.setItem(row, column, QTableWidgetItem(value))
        wanted = select if select is not None else self.current_id
        row = next((i for i, t in enumerate(templates) if t.id == wanted), 0 if templates else -1)
        if row >= 0:
            self.table.selectRow(row)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        if rows[0].row() != self._shown_row and not self.guard.may_leave():
            blocked = self.table.blockSignals(True)  # stay on the template being edited
            if self._shown_row >= 0:
                self.table.selectRow(self._shown_row)
            else:
                self.table.clearSelection()
            self.table.blockSignals(blocked)
            return
        self._shown_row = rows[0].row()
        self.status.clear()
        self._fill(self.templates[rows[0].row()])
        self.guard.loaded()

    def _fill(self, info: TemplateInfo) -> None:
        self.current_id = info.id
        self.name.setText(info.name)
        self.category.setCurrentIndex(max(self.category.findData(info.category), 0))
        self.text.setPlainText(info.text)
        self.delete_button.setEnabled(not info.builtin)
        self.delete_button.setToolTip("内置模板不能删除，可以修改" if info.builtin else "")

    def reject(self) -> None:
        if self.guard.may_leave("关闭"):
            super().reject()

    def _new(self) -> None:
        if not self.guard.may_leave():
            return
        self._shown_row = -1
        self.current_id = None
        self.status.clear()
        self.table.clearSelection()
        self.name.clear()
        self.category.setCurrentIndex(0)
        self.text.clear()
        self.delete_button.setEnabled(False)
        self.guard.loaded()
        self.name.setFocus()

    def _save(self) -> None:
        name, category, text = self.name.text(), combo_value(self.category, ""), self.text.toPlainText()
        template_id, operator = self.current_id, self.ctx.operator
        shown = next((t for t in self.templates if t.id == template_id), None)
        version = shown.version if shown is not None else None

        def failed(error: BaseException) -> None:
            if not reload_on_conflict(self, error, self._reload_current):
                show_error(error, self, "无法保存模板")

        self.ctx.jobs.run(
            lambda session: reply_templates.save_template(
                session, name, category, text, operator, template_id, version
            ),
            write=True,
            changes={bus.MESSAGES},
            on_done=lambda saved: (self.status.setText("已保存。"), self.reload(saved)),
            on_error=failed,
            owner=self,
        )

    def _reload_current(self) -> None:
        """重新载入 after another clerk saved this template: theirs comes in, the clerk's changes stay."""
        template_id = self.current_id

        def merge(templates: list[TemplateInfo]) -> None:
            latest = next((t for t in templates if t.id == template_id), None)
            if latest is None or template_id != self.current_id:
                self.reload()
                return

            def show() -> None:
                self._show(templates, template_id)
                self._fill(latest)

            kept = self.guard.merge_latest(show)
            self.status.setText(merged_text(kept))

        self.ctx.jobs.run(
            lambda session: reply_templates.list_templates(session, with_usage=True),
            on_done=merge,
            owner=self,
        )

    def _delete(self) -> None:
        info: Any = next((t for t in self.templates if t.id == self.current_id), None)
        if info is None or info.builtin:
            return
        if not dialogs.ask(self, "删除模板", f"删除模板“{info.name}”？已使用该模板的回复不受影响。"):
            return
        operator, template_id = self.ctx.operator, info.id
        self.current_id = None
        self.ctx.jobs.run(
            lambda session: reply_templates.delete_template(session, template_id, operator),
            write=True,
            changes={bus.MESSAGES},
            on_done=lambda _: self.reload(),
        )
