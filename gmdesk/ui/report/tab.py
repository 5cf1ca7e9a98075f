"""The 年度自查 tab."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from gmdesk.ui.context import AppContext
from gmdesk.ui.tab_base import Tab
from gmdesk.ui.widgets.placeholder import placeholder


class ReportTab(Tab):
    title = "年度自查"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(placeholder(self.title, ["年度自查报告、整改台账、年度报表", "（该功能正在建设中）"]))
