"""导入留言: choose a file, check every row in the background, preview, then write all or nothing.

A file with problems is refused whole with every problem by row and column (``show_error`` lists them);
a good file shows what will be imported and which duplicates will be skipped before anything is written.
The database is backed up before the write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gmdesk.services import messages_io
from gmdesk.services.messages_io import ImportPlan
from gmdesk.ui import bus, dialogs, files
from gmdesk.ui.errors import show_error

if TYPE_CHECKING:
    from gmdesk.ui.inbox.tab import InboxTab

PREVIEW_ROWS = 500


class ImportPreviewDialog(QDialog):
    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入留言 — {plan.path.name}")
        self.resize(980, 600)
        layout = QVBoxLayout(self)
        if plan.messages:
            text = plan.describe() + "　检查通过，确认后一次写入（写入前自动备份数据库）。"
        else:
            text = f"文件中的 {len(plan.duplicates):,} 条留言都已在数据库中（或在文件中重复），没有需要导入的留言。"
        summary = QLabel(text)
        summary.setProperty("role", "muted" if plan.messages else "banner-warning")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        tabs = QTabWidget()
        self.rows = self._table(
            ["行", "账号", "收到时间", "留言人", "类别", "紧急", "状态", "内容"],
            [_preview_row(m) for m in plan.messages[:PREVIEW_ROWS]],
        )
        shown = min(len(plan.messages), PREVIEW_ROWS)
        tabs.addTab(
            self.rows,
            f"将导入（{len(plan.messages):,}）"
            + (f" 仅显示前{shown}条" if shown < len(plan.messages) else ""),
        )
        self.duplicates = self._table(["行", "原因"], [[str(d.row), d.reason] for d in plan.duplicates])
        tabs.addTab(self.duplicates, f"重复跳过（{len(plan.duplicates):,}）")
        layout.addWidget(tabs, 1)
        if not plan.messages:
            tabs.setCurrentIndex(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(f"导入 {len(plan.messages):,} 条")
        self.ok.setProperty("primary", True)
        self.ok.setEnabled(bool(plan.messages))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
        table = QTableWidget(len(rows), len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setStretchLastSection(True)
        for number, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(number, column, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        return table


def _preview_row(m: messages_io.ImportedMessage) -> list[str]:
    return [
        str(m.row),
        m.account_name,
        f"{m.received_at:%Y-%m-%d %H:%M}",
        m.writer_name,
        m.category.label,
        m.urgency.label,
        m.state.label,
        m.content,
    ]


def run_import(tab: InboxTab) -> None:
    path = files.choose_open_path(tab, "导入留言", f"{files.EXCEL_FILTER};;所有文件 (*)", "imports")
    if path is not None:
        check_and_import(tab, path)


def check_and_import(tab: InboxTab, path: Any) -> None:
    ctx = tab.ctx
    now = ctx.now()

    def check(session: Any, control: Any) -> ImportPlan:
        return messages_io.read_messages(session, path, now, control.progress)

    ctx.jobs.run_with_control(
        check,
        on_done=lambda plan: _preview(tab, plan),
        on_error=lambda error: show_error(error, tab),
        progress=f"正在检查“{path.name}”…",
        parent=tab,
        cancellable=True,
    )


def _preview(tab: InboxTab, plan: ImportPlan) -> None:
    dialog = ImportPreviewDialog(plan, tab)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    ctx = tab.ctx
    database, operator, now = ctx.database, ctx.operator, ctx.now()

    def write(control: Any) -> messages_io.ImportResult:
        with database.session(writing=True) as session:
            return messages_io.write_messages(session, plan, operator, now, control.progress)

    ctx.jobs.run(
        write,
        with_session=False,
        write=True,
        changes={bus.MESSAGES},
        on_done=lambda result: dialogs.inform(tab, "导入完成", result.describe()),
        on_error=lambda error: show_error(error, tab),
        progress="正在导入留言…",
        parent=tab,
        cancellable=True,
    )
