"""The 留言回复 tab."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from gmdesk.ui.context import AppContext
from gmdesk.ui.tab_base import Tab
from gmdesk.ui.widgets.placeholder import placeholder


class InboxTab(Tab):
    title = "留言回复"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(placeholder(self.title, ["留言办理期限、转办、回复口径库、个人信息保护", "（该功能正在建设中）"]))
