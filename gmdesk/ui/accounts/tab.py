"""The 账号备案 tab."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from gmdesk.ui.context import AppContext
from gmdesk.ui.tab_base import Tab
from gmdesk.ui.widgets.placeholder import placeholder


class AccountsTab(Tab):
    title = "账号备案"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(placeholder(self.title, ["账号台账、开设与备案全流程、备案期限提醒、申请表与备案表导出", "（该功能正在建设中）"]))
