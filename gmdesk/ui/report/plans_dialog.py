"""七、整改情况 before generating: one row per problem found (问题, drafted 措施, 责任人, 时限, 状态), edited in a
table; the rows go with the report's text and are kept with it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget

from gmdesk.domain.errors import UserError
from gmdesk.domain.inspection import PlanRow
from gmdesk.domain.official_text import parse_day
from gmdesk.ui.widgets.form_dialog import FormDialog

COLUMNS = ("问题", "整改措施", "责任人", "时限", "状态")
PROBLEM, MEASURE, RESPONSIBLE, DUE, STATE = range(5)


class PlansDialog(FormDialog):
    def __init__(self, plans: Sequence[PlanRow], parent: QWidget | None = None) -> None:
        super().__init__("整改情况", parent, "确定")
        self.plans = list(plans)
        self.setMinimumSize(980, 420)
        hint = QLabel(
            "每个存在问题一行，按自查发现和整改台账起草；可修改整改措施、责任人、时限（如 2026-02-12）和状态。"
            "生成报告时按此填写“七、整改情况”。"
        )
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.table = QTableWidget(len(self.plans), len(COLUMNS))
        self.table.setObjectName("plans")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        header = self.table.horizontalHeader()
        for column, mode in (
            (PROBLEM, QHeaderView.ResizeMode.Stretch),
            (MEASURE, QHeaderView.ResizeMode.Stretch),
        ):
            header.setSectionResizeMode(column, mode)
        for column, width in ((RESPONSIBLE, 90), (DUE, 100), (STATE, 120)):
            self.table.setColumnWidth(column, width)
        for row, plan in enumerate(self.plans):
            due = plan.due_on.isoformat() if plan.due_on else ""
            for column, text in enumerate((plan.problem, plan.measure, plan.responsible, due, plan.state)):
                item = QTableWidgetItem(text)
                if column == PROBLEM:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.body.addWidget(self.table, 1)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def values(self) -> list[PlanRow]:
        out = []
        for row, plan in enumerate(self.plans):
            measure = self._text(row, MEASURE)
            if not measure:
                self.table.setCurrentCell(row, MEASURE)
                raise UserError(f"第{row + 1}行“{plan.problem[:20]}”的整改措施不能为空", field="table")
            try:
                due = parse_day(self._text(row, DUE))
            except ValueError as error:
                self.table.setCurrentCell(row, DUE)
                raise UserError(f"第{row + 1}行的时限：{error}", field="table") from None
            out.append(
                PlanRow(
                    plan.key,
                    plan.problem,
                    measure,
                    self._text(row, RESPONSIBLE),
                    due,
                    self._text(row, STATE) or "待整改",
                    plan.item_id,
                )
            )
        return out
