"""工作台: what needs the clerk today."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gmdesk.services.overview import Overview, overview
from gmdesk.ui import bus
from gmdesk.ui.context import AppContext
from gmdesk.ui.tab_base import Tab
from gmdesk.ui.widgets.cards import FigureCard


class DashboardTab(Tab):
    title = "工作台"
    areas = bus.EVERYTHING

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        self.today_label = QLabel()
        self.today_label.setProperty("role", "heading")
        layout.addWidget(self.today_label)
        self.warnings_label = QLabel()
        self.warnings_label.setProperty("role", "banner-warning")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.hide()
        layout.addWidget(self.warnings_label)
        cards = QHBoxLayout()
        self.cards = {
            "accounts": FigureCard("政务新媒体账号"),
            "live": FigureCard("运行中账号"),
            "posts": FigureCard("已发布信息"),
            "messages": FigureCard("待办留言"),
        }
        for card in self.cards.values():
            cards.addWidget(card)
        layout.addLayout(cards)
        layout.addStretch(1)

    def reload(self) -> None:
        today = self.ctx.today()
        self.ctx.jobs.run(lambda session: overview(session, today), on_done=self._show)

    def _show(self, data: Overview) -> None:
        self.today_label.setText(data.today_label)
        self.warnings_label.setText("\n".join(f"⚠ {w}" for w in data.holiday_warnings))
        self.warnings_label.setVisible(bool(data.holiday_warnings))
        self.cards["accounts"].set_value(data.counts.accounts)
        self.cards["live"].set_value(data.counts.live_accounts)
        self.cards["posts"].set_value(data.counts.published_posts)
        self.cards["messages"].set_value(data.counts.open_messages)
