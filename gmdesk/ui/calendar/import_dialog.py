"""导入发布记录: read and check the whole file first, show what would be imported (or every problem by row and
column), then write it in one go after a backup — or nothing at all."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.documents.xlsx import ImportRejected
from gmdesk.services import posts_io
from gmdesk.ui import bus, dialogs, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error

PREVIEW_ROWS = 200


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.parsed: posts_io.ParsedImport | None = None
        self.result: posts_io.ImportResult | None = None
        self.setWindowTitle(f"导入发布记录 — {path.name}")
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel("正在读取并检查文件…")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels(
            ["行", "账号名称", "发布时间", "标题", "类型", "来源", "群发", "状态"]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setColumnWidth(3, 320)
        layout.addWidget(self.table, 1)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.hide()
        layout.addWidget(self.problems, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton("导入")
        self.import_button.setProperty("primary", "true")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton("取消")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.preview()

    def preview(self) -> None:
        path, now = self.path, self.ctx.now()

        def read(session, control):
            parsed = posts_io.read_posts(session, path, now, control.progress)
            return posts_io.find_recorded(session, parsed)

        self.ctx.jobs.run_with_control(
            read,
            on_done=self._show,
            on_error=self._rejected,
            progress="正在检查导入文件…",
            parent=self,
            cancellable=True,
        )

    def _show(self, parsed: posts_io.ParsedImport) -> None:
        self.parsed = parsed
        planned = sum(1 for r in parsed.rows if r.status.value == "planned")
        skipped = parsed.repeated + parsed.recorded
        text = (
            f"文件共{parsed.total}行数据，检查通过。将导入<b>{len(parsed.rows)}</b>条（其中计划{planned}条），"
            f"涉及{parsed.accounts()}个账号"
        )
        if skipped:
            text += f"；{skipped}条与已有记录或前面的行重复（账号、时间、标题相同），将跳过"
        self.summary.setText(text + "。导入前会自动备份数据库。")
        shown = parsed.rows[:PREVIEW_ROWS]
        self.table.setRowCount(len(shown))
        for index, row in enumerate(shown):
            cells = (
                str(row.row),
                row.account,
                f"{row.at:%Y-%m-%d %H:%M}",
                row.title,
                row.kind.label,
                row.source,
                "是" if row.mass else "否",
                row.status.label,
            )
            for column, value in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.import_button.setEnabled(bool(parsed.rows))

    def _rejected(self, error: BaseException) -> None:
        if not isinstance(error, ImportRejected):
            show_error(error, self)
            return
        self.summary.setText(
            f"<span style='color:{palette.DANGER}'><b>{error.summary()}</b></span> 请按下列提示修改文件后重新导入："
        )
        self.table.hide()
        self.problems.setPlainText("\n".join(p.describe() for p in error.problems))
        self.problems.show()

    def run_import(self) -> None:
        if self.parsed is None:
            return
        parsed, operator, now = self.parsed, self.ctx.operator, self.ctx.now()
        self.import_button.setEnabled(False)

        def write(session, control):
            return posts_io.write_posts(session, parsed, operator, now, control.progress)

        def done(result: posts_io.ImportResult) -> None:
            self.result = result
            dialogs.inform(self, "导入完成", result.describe())
            self.accept()

        self.ctx.jobs.run_with_control(
            write,
            write=True,
            changes={bus.POSTS},
            on_done=done,
            on_error=lambda e: (show_error(e, self), self.import_button.setEnabled(True)),
            progress="正在导入发布记录…",
            parent=self,
            cancellable=True,
        )
