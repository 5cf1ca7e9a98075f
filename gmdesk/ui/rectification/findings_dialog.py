"""从当前问题生成: run the checks, tick the problems to rectify, and make one item per rule and account."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.enums import Severity
from gmdesk.domain.findings import RULE_TITLES, Finding, RuleId
from gmdesk.domain.rectification import DEFAULT_WORKDAYS, MAX_WORKDAYS
from gmdesk.ui import bus, dialogs, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.rectification.dialogs import RememberedDialog, _failed

SKIPPED_RULES = frozenset(
    {RuleId.HOLIDAY_DATA_MISSING, RuleId.RECTIFICATION_OVERDUE, RuleId.RECTIFICATION_DUE_SOON}
)
"""Not problems of the accounts: the holiday table, and the 整改 items themselves."""
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


def _title(rule: str) -> str:
    try:
        return RULE_TITLES.get(RuleId(rule), rule)
    except ValueError:
        return rule


class FindingsDialog(RememberedDialog):
    key = "rectification-findings"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.findings: list[Finding] = []
        self.covered: list[bool] = []
        self.result_text = ""
        self.created_ids: list[int] = []
        self.setWindowTitle("从当前问题生成整改事项")
        layout = QVBoxLayout(self)
        self.summary = QLabel("正在检查全部账号…")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        filters = QHBoxLayout()
        self.serious_only = QCheckBox("只列单项否决和违规（不含提醒）")
        self.serious_only.setChecked(True)
        self.serious_only.toggled.connect(self._fill)
        filters.addWidget(self.serious_only)
        filters.addStretch(1)
        tick_all = QPushButton("全选")
        tick_all.clicked.connect(lambda: self._tick_all(True))
        tick_none = QPushButton("全不选")
        tick_none.clicked.connect(lambda: self._tick_all(False))
        filters.addWidget(tick_all)
        filters.addWidget(tick_none)
        layout.addLayout(filters)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["问题", "账号", "日期", "说明"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 150)
        self.tree.setColumnWidth(1, 150)
        self.tree.setColumnWidth(2, 90)
        self.tree.itemChanged.connect(lambda *_: self._count())
        layout.addWidget(self.tree, 1)
        form = QFormLayout()
        self.workdays = QSpinBox()
        self.workdays.setRange(1, MAX_WORKDAYS)
        self.workdays.setValue(DEFAULT_WORKDAYS)
        self.workdays.setSuffix(" 个工作日")
        self.workdays.setMaximumWidth(130)
        self.responsible = QLineEdit()
        self.responsible.setMaximumWidth(300)
        self.responsible.setPlaceholderText("可留空，生成后逐项填写")
        form.addRow("整改时限：", self.workdays)
        form.addRow("责任人：", self.responsible)
        layout.addLayout(form)
        note = QLabel("同一账号的同一类问题只生成一项；已有未完成整改事项的问题不会重复生成。")
        note.setProperty("role", "muted")
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("生成整改事项")
        self.create_button.setEnabled(False)
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._restore(900, 560)
        self.load()

    def load(self) -> None:
        from gmdesk.services.checks import run_checks
        from gmdesk.services.rectification_findings import already_open

        today = self.ctx.today()

        def op(session: Any) -> tuple[list[Finding], list[bool]]:
            findings = [f for f in run_checks(session, today) if f.rule not in SKIPPED_RULES]
            return findings, already_open(session, findings)

        self.ctx.jobs.run(op, on_done=self._loaded, parent=self, progress="正在检查全部账号…")

    def _loaded(self, result: tuple[list[Finding], list[bool]]) -> None:
        self.findings, self.covered = result
        self._fill()

    def _fill(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        serious = self.serious_only.isChecked()
        for finding, covered in zip(self.findings, self.covered, strict=True):
            if serious and finding.severity is Severity.WARNING:
                continue
            title = _title(finding.rule) + ("（已有整改）" if covered else "")
            row = QTreeWidgetItem([title, finding.account, finding.date.isoformat(), finding.message])
            row.setData(0, FINDING_ROLE, finding)
            if covered:  # an open item of this rule and account exists: nothing to tick
                row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(0, Qt.CheckState.Unchecked)
                row.setForeground(0, QBrush(QColor(palette.SEVERITY[finding.severity])))
            row.setToolTip(3, finding.message)
            self.tree.addTopLevelItem(row)
        self.tree.blockSignals(False)
        self._count()

    def rows(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def _tick_all(self, on: bool) -> None:
        for row in self.rows():
            if row.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                row.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def ticked(self) -> list[Finding]:
        return [r.data(0, FINDING_ROLE) for r in self.rows() if r.checkState(0) == Qt.CheckState.Checked]

    def _count(self) -> None:
        chosen = len(self.ticked())
        self.summary.setText(
            f"当前共发现{len(self.findings)}个问题，列出{self.tree.topLevelItemCount()}个，"
            f"已勾选{chosen}个。勾选要整改的问题："
        )
        self.create_button.setEnabled(chosen > 0)

    def create(self) -> None:
        from gmdesk.services.rectification_findings import create_from_findings

        chosen, workdays, responsible = self.ticked(), self.workdays.value(), self.responsible.text().strip()
        operator, now = self.ctx.operator, self.ctx.now()

        def op(session: Any) -> Any:
            return create_from_findings(
                session, chosen, operator, now, workdays=workdays, responsible=responsible
            )

        def done(result: Any) -> None:
            self.result_text = result.describe()
            self.created_ids = [row.id for row in result.created]
            dialogs.inform(self, "生成整改事项", self.result_text)
            self.accept()

        self.ctx.jobs.run(
            op,
            on_done=done,
            on_error=_failed(self, "不能生成"),
            write=True,
            changes={bus.RECTIFICATIONS},
            parent=self,
        )
