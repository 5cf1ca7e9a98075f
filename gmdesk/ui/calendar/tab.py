"""The 发布日历 tab."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from gmdesk.ui.context import AppContext
from gmdesk.ui.tab_base import Tab
from gmdesk.ui.widgets.placeholder import placeholder


class CalendarTab(Tab):
    title = "发布日历"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(placeholder(self.title, ["发布计划与记录、更新频率检查、群发次数限制、转发任务", "（该功能正在建设中）"]))
