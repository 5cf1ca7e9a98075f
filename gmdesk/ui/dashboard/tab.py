"""工作台: what needs the clerk today, the year's key figures and two small charts.

One job (``services.dashboard.dashboard_data``) brings today's list and the figures, re-reading only the parts
whose data areas changed; the year's posts per month — a quarter of a million rows on a large county — come in
a second job started once the list is shown, and only when posts changed (or the day did), so a new message
or filing refreshes the page without re-reading them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gmdesk.ui import bus, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.dashboard.charts import Bar, MonthBars, RateRing
from gmdesk.ui.dashboard.todo import TodoTree
from gmdesk.ui.tab_base import Tab, Target
from gmdesk.ui.widgets.cards import FigureCard

if TYPE_CHECKING:
    from gmdesk.domain.today import TodoItem
    from gmdesk.services.dashboard import DashboardData, YearPosts


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


class DashboardTab(Tab):
    title = "工作台"
    areas = bus.EVERYTHING
    open_requested = Signal(str, object)
    """(tab key, Target): a row was opened; the main window shows that tab on it."""
    painted = Signal()
    """Today's list and the figures of a refresh are shown (for tests and the benchmark)."""
    settled = Signal()
    """Everything of a refresh is shown, the year's posts per month included."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: DashboardData | None = None
        self.posts: YearPosts | None = None
        self._posts_stale = True
        self._changed: frozenset[str] | None = None
        """Areas changed since the last refresh; None: read everything."""
        self._posts_next: Callable[[], object] | None = None
        self._waiting = 0
        self._started = 0.0
        self.last_refresh_ms = 0.0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(self._build_top())
        layout.addWidget(self.warnings_label)
        layout.addLayout(self._build_cards())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self._build_todo())
        split.addWidget(self._build_charts())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 480])
        layout.addWidget(split, 1)

    # ------------------------------------------------------------------ building
    def _build_top(self) -> QHBoxLayout:
        """The date and the rules in force, when the figures were read, 刷新; the warnings line under it."""
        top = QHBoxLayout()
        self.today_label = QLabel()
        self.today_label.setProperty("role", "heading")
        top.addWidget(self.today_label)
        self.profile_label = QLabel()
        self.profile_label.setProperty("role", "muted")
        self.profile_label.setToolTip("各项期限和检查按此规则方案计算；在“工具 > 规则方案”中查看或切换")
        top.addWidget(self.profile_label)
        top.addStretch(1)
        self.updated_label = QLabel()
        self.updated_label.setProperty("role", "muted")
        top.addWidget(self.updated_label)
        refresh = QPushButton("刷新")
        refresh.setToolTip("重新统计（F5）")
        refresh.clicked.connect(self.refresh_all)
        top.addWidget(refresh)
        self.warnings_label = QLabel()
        self.warnings_label.setProperty("role", "banner-warning")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.hide()
        return top

    def _build_cards(self) -> QHBoxLayout:
        """The six figures across the top."""
        cards = QHBoxLayout()
        cards.setSpacing(10)
        self.cards = {
            "live": FigureCard("运行中账号"),
            "posts": FigureCard("今年已发布信息"),
            "replies": FigureCard("今年按期答复率"),
            "messages": FigureCard("待办留言"),
            "vetoes": FigureCard("当前单项否决情形"),
            "rectifications": FigureCard("未完成整改"),
        }
        for card in self.cards.values():
            cards.addWidget(card)
        return cards

    def _build_todo(self) -> QWidget:
        """今日待办 on the left, or the first-run start panel when there is nothing yet."""
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        todo_title = QLabel("今日待办")
        todo_title.setStyleSheet(f"font-size: 12.5pt; font-weight: bold; color: {palette.TEXT};")
        heading.addWidget(todo_title)
        self.todo_count = QLabel()
        self.todo_count.setProperty("role", "muted")
        heading.addWidget(self.todo_count)
        heading.addStretch(1)
        hint = QLabel("双击或按回车打开所在页签")
        hint.setProperty("role", "muted")
        heading.addWidget(hint)
        left_layout.addLayout(heading)
        self.todo = TodoTree()
        self.todo.opened.connect(self.open_item)
        left_layout.addWidget(self.todo, 1)
        self.empty_label = QLabel("今天没有到期或逾期的事项。")
        self.empty_label.setProperty("role", "muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        left_layout.addWidget(self.empty_label, 1)
        self.start_panel = self._start_panel()
        self.start_panel.hide()
        left_layout.addWidget(self.start_panel, 1)
        return left

    def _build_charts(self) -> QFrame:
        """The month bars and the two rate rings on the right."""
        right = QFrame()
        right.setProperty("role", "card")
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(14, 10, 14, 10)
        self.chart_title = QLabel("今年各月发布")
        self.chart_title.setStyleSheet(f"font-weight: bold; color: {palette.TEXT};")
        right_layout.addWidget(self.chart_title)
        legend = QLabel(
            f"<span style='color:{palette.INFO}'>■</span> 原创　<span style='color:{palette.INFO_SOFT}'>■</span> 转载"
        )
        legend.setProperty("role", "muted")
        right_layout.addWidget(legend)
        self.month_chart = MonthBars()
        right_layout.addWidget(self.month_chart, 3)
        rings = QGridLayout()
        self.original_ring = RateRing("今年原创率", good=0.5, fair=0.3)
        self.reply_ring = RateRing("今年按期答复率")
        rings.addWidget(self.original_ring, 0, 0)
        rings.addWidget(self.reply_ring, 0, 1)
        right_layout.addLayout(rings, 2)
        return right

    # ------------------------------------------------------------------ loading
    def _on_data_changed(self, areas: frozenset[str]) -> None:
        # noted before the base class may start the reload at once: only what changed is read again
        if self._changed is not None:
            self._changed |= areas
        if bus.POSTS in areas or bus.ACCOUNTS in areas:
            self._posts_stale = True
        super()._on_data_changed(areas)

    def reload(self) -> None:
        """Read again what changed since the last time; everything the first time and on F5 or 刷新 (nothing
        noted as changed)."""
        if not self._changed:
            self.refresh_all()
        else:
            self._refresh(self._changed)

    def refresh_all(self) -> None:
        self._posts_stale = True
        self._refresh(None)

    def _refresh(self, changed: frozenset[str] | None) -> None:
        from gmdesk.services.dashboard import dashboard_data, parts_for, year_posts

        today = self.ctx.today()
        now = self.ctx.now()
        previous = self.data if changed is not None else None
        parts = parts_for(changed) if changed is not None else None
        self._changed = frozenset()
        self._started = time.perf_counter()
        self._waiting = 1
        self.updated_label.setText("正在统计…")
        if self._posts_stale or self.posts is None or self.posts.through != today:
            self._posts_stale = False
            self._waiting += 1
            # after the list, not beside it: the list is what the clerk reads first, and two heavy jobs at
            # once on a two-core office PC slow each other down
            self._posts_next = lambda: self.ctx.jobs.run(
                lambda session: year_posts(session, today), on_done=self._show_posts
            )
        self.ctx.jobs.run(
            lambda session: dashboard_data(
                session, today, now, with_posts=False, previous=previous, parts=parts
            ),
            on_done=self._show,
        )

    def _finished_one(self) -> None:
        self._waiting -= 1
        if self._waiting <= 0:
            self.last_refresh_ms = (time.perf_counter() - self._started) * 1000
            self.updated_label.setText(f"更新于 {self.ctx.now():%H:%M}")
            self.settled.emit()

    def _show(self, data: DashboardData) -> None:
        self.data = data
        self.today_label.setText(data.today_label)
        own = f"，{data.own_profiles}个账号另有设置" if data.own_profiles else ""
        self.profile_label.setText(f"　执行规则方案：{data.profile}{own}" if data.profile else "")
        self.warnings_label.setText("\n".join(f"⚠ {w}" for w in data.holiday_warnings))
        self.warnings_label.setVisible(bool(data.holiday_warnings))
        f = data.figures
        self.cards["live"].set_value(
            f"{f.live_accounts:,} / {f.accounts:,}", "运行中（含待备案、拟关停）/ 全部账号"
        )
        self.cards["replies"].set_value(
            _percent(f.on_time_rate), f"今年到期{f.replies_due:,}件，按期答复{f.replies_on_time:,}件"
        )
        self.cards["messages"].set_value(f"{f.open_messages:,}", f"其中逾期{f.overdue_messages:,}件")
        self.cards["messages"].caption_label.setText(f"待办留言（逾期{f.overdue_messages:,}）")
        self.cards["vetoes"].set_value(f.vetoes, "两周未更新、互动功能未开通、留言超3个月未答复的情形数")
        self.cards["rectifications"].set_value(f.open_rectifications, "待整改和整改中的事项")
        self._colour(self.cards["vetoes"], palette.DANGER if f.vetoes else None)
        self._colour(self.cards["messages"], palette.URGENT if f.overdue_messages else None)
        self.reply_ring.set_rate(f.on_time_rate, f"到期{f.replies_due:,}件")
        self.todo.set_groups(data.groups)
        self.todo_count.setText(f"共{data.total}项" if data.total else "")
        no_accounts = data.figures.accounts == 0
        self.todo.setVisible(bool(data.groups))
        self.empty_label.setVisible(not data.groups and not no_accounts)
        self.start_panel.setVisible(no_accounts)
        self.painted.emit()
        if self._posts_next is not None:
            start, self._posts_next = self._posts_next, None
            start()
        self._finished_one()

    @staticmethod
    def _colour(card: FigureCard, colour: str | None) -> None:
        card.value_label.setStyleSheet(f"color: {colour};" if colour else "")

    def _show_posts(self, posts: YearPosts) -> None:
        self.posts = posts
        self.cards["posts"].set_value(
            f"{posts.published:,}", f"{posts.year}年1月1日至今发布，原创{posts.originals:,}条"
        )
        self.cards["posts"].caption_label.setText(f"今年已发布（原创率{_percent(posts.original_rate)}）")
        self.chart_title.setText(f"{posts.year}年各月发布")
        self.month_chart.set_bars([Bar(f"{m.month}月", m.published, m.originals) for m in posts.months])
        self.original_ring.set_rate(posts.original_rate, f"原创{posts.originals:,}条")
        self._finished_one()

    # ------------------------------------------------------------------ click-through
    def _start_panel(self) -> QWidget:
        """An empty county: not "nothing to do", but the three ways to start."""
        panel = QWidget()
        layout = QVBoxLayout(panel)
        title = QLabel("还没有任何账号。从这里开始：")
        title.setProperty("role", "heading")
        layout.addWidget(title)
        self.start_buttons: dict[str, QPushButton] = {}
        for key, text, hint in (
            ("import", "导入原有台账（Excel）…", "已有台账的，按模板的列名导入；可加“最近发布时间”一列"),
            ("template", "下载台账模板…", "含示例行和各列可选值"),
            ("add", "添加单位和账号", "在“账号备案”页逐个登记"),
            ("demo", "载入示例数据", "一个虚构的县，先熟悉功能"),
        ):
            row = QHBoxLayout()
            button = QPushButton(text)
            button.setMinimumWidth(200)
            button.clicked.connect(lambda _=False, key=key: self._start_with(key))
            row.addWidget(button)
            label = QLabel(hint)
            label.setProperty("role", "muted")
            row.addWidget(label, 1)
            layout.addLayout(row)
            self.start_buttons[key] = button
        layout.addStretch(1)
        return panel

    def _start_with(self, key: str) -> None:
        window = self.window()
        if hasattr(window, "start_with"):
            window.start_with(key)

    def open_item(self, item: TodoItem) -> None:
        """Show the row's tab on it: the message, the account, the 整改 item, the 转发 task."""
        target = Target(item.target_kind, item.target_id)
        self.open_requested.emit(item.kind.tab, target)
        window = self.window()
        if hasattr(window, "show_tab"):
            window.show_tab(item.kind.tab, target)

    def focus_search(self) -> None:
        self.todo.setFocus()

    def focus_main(self) -> None:
        self.todo.setFocus()
