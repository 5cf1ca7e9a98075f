"""工具 › 操作日志: who did what and when, filtered, checked for tampering and exported."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.ui import dialogs, files, privacy
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.dates import DateEdit

if TYPE_CHECKING:
    from gmdesk.services.audit import LogFilter, LogLine, Verification
    from gmdesk.ui.context import AppContext

ALL = "全部"


class AuditLogDialog(QDialog):
    HEADERS = ("编号", "时间", "操作员", "操作", "对象", "对象编号", "内容")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("操作日志")
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        today = ctx.today()
        self.start, self.end = DateEdit(today - timedelta(days=30)), DateEdit(today)
        self.operator, self.entity = QComboBox(), QComboBox()
        self.operator.addItem(ALL)
        self.entity.addItem(ALL)
        self.text = QLineEdit()
        self.text.setPlaceholderText("关键字（操作或内容）")
        self.text.returnPressed.connect(self.reload)
        search = QPushButton("查询")
        search.clicked.connect(self.reload)
        for label, widget in (
            ("从", self.start),
            ("到", self.end),
            ("操作员", self.operator),
            ("对象", self.entity),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.text, 1)
        filters.addWidget(search)
        layout.addLayout(filters)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        bottom.addWidget(self.status, 1)
        for text, slot in (("校验完整性", self.verify), ("导出 Excel…", self.export)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bottom.addWidget(button)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.lines: list[LogLine] = []
        self._generation = 0
        """The latest reload: an earlier query finishing after it must not replace its lines."""
        self._load_choices()
        self.reload()

    # ---------------------------------------------------------------- loading
    def _load_choices(self) -> None:
        from gmdesk.services import audit

        self.ctx.jobs.run(audit.choices, on_done=self._show_choices, on_error=lambda e: show_error(e, self))

    def _show_choices(self, found: tuple[list[str], list[str]]) -> None:
        operators, entities = found
        self.operator.addItems(operators)
        self.entity.addItems(entities)

    def current_filter(self) -> LogFilter:
        from gmdesk.services.audit import LogFilter

        operator = self.operator.currentText()
        entity = self.entity.currentText()
        return LogFilter(
            start=self.start.day(),
            end=self.end.day(),
            operator="" if operator == ALL else operator,
            entity="" if entity == ALL else entity,
            text=self.text.text().strip(),
        )

    def reload(self) -> None:
        from gmdesk.services import audit

        f, reveal = self.current_filter(), self.ctx.may_see_personal_data
        self._generation += 1
        generation = self._generation
        self.ctx.jobs.run(
            lambda session: audit.entries(session, f, reveal=reveal),
            on_done=lambda lines: self._show(lines) if generation == self._generation else None,
            on_error=lambda e: show_error(e, self),
        )

    def _show(self, lines: list[LogLine]) -> None:
        self.lines = lines
        self.table.setRowCount(len(lines))
        for index, line in enumerate(lines):
            cells = (
                str(line.id),
                f"{line.at:%Y-%m-%d %H:%M:%S}",
                line.operator,
                line.action,
                line.entity,
                "" if line.entity_id is None else str(line.entity_id),
                line.summary,
            )
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.status.setText(f"共 {len(lines):,} 条（最新在前，最多显示 2,000 条）")

    # ---------------------------------------------------------------- checking and exporting
    def verify(self) -> None:
        from gmdesk.services import audit

        self.ctx.jobs.run(
            audit.verify,
            on_done=self._verified,
            on_error=lambda e: show_error(e, self),
            progress="正在校验操作日志…",
            parent=self,
        )

    def _verified(self, result: Verification) -> None:
        if result.ok:
            dialogs.inform(self, "操作日志完整", result.describe())
        else:
            dialogs.warn(self, "操作日志被改动", result.describe() + "\n请保留现状，并报告信息安全负责人。")

    def export(self) -> None:
        path = files.choose_save_path(
            self,
            "导出操作日志",
            f"操作日志-{self.ctx.today().isoformat()}.xlsx",
            files.EXCEL_FILTER,
            "exports",
        )
        if path is None:
            return
        from gmdesk.services import audit, operators

        f, operator = self.current_filter(), self.ctx.operator
        purpose = privacy.purpose_for(self, self.ctx, "操作日志导出")

        def run(session: Any, control: Any) -> int:
            reveal = operators.reveal(session, operator, purpose, "audit_log", {"file": Path(path).name})
            return audit.export(session, path, f, reveal=reveal)

        self.ctx.jobs.run_with_control(
            run,
            write=True,
            progress="正在导出操作日志…",
            parent=self,
            on_done=lambda count: dialogs.inform(self, "导出完成", f"已导出{count:,}条操作日志到\n{path}"),
            on_error=lambda e: show_error(e, self),
        )
