"""The 发布日历 tab: month, week and list views of one account, a unit or every account, the selected day,
and the accounts at risk. Every database access runs as a job; answers for a month or scope the clerk has
already left are dropped."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.workdays import add_months, month_bounds
from gmdesk.services import lookups
from gmdesk.services import posts_calendar as calendar_service
from gmdesk.services.posts_calendar import CalendarContext, Period, Scope
from gmdesk.ui import bus, palette
from gmdesk.ui.calendar.actions import CalendarActions
from gmdesk.ui.calendar.day_panel import DayPanel
from gmdesk.ui.calendar.legend import Legend
from gmdesk.ui.calendar.list_view import PostList
from gmdesk.ui.calendar.month_view import MonthGrid
from gmdesk.ui.calendar.risk_panel import RiskPanel
from gmdesk.ui.calendar.scope import ScopeBox
from gmdesk.ui.calendar.week_view import WeekView
from gmdesk.ui.context import AppContext
from gmdesk.ui.tab_base import Tab, Target

VIEWS = ("month", "week", "list")
VIEW_TITLES = {"month": "月", "week": "周", "list": "列表"}
KEYS_HINT = "方向键选日 · PgUp/PgDn 换月 · Home 今天 · Enter 安排发布 · 拖动计划可改期"


def _risks_job(context: CalendarContext, first: date, last: date, today: date) -> Any:
    """A job computing one period's risks (a closure of the session: what ``jobs.run`` calls)."""
    return lambda session: calendar_service.period_risks(session, context, first, last, today)


class CalendarTab(CalendarActions, Tab):
    title = "发布日历"
    areas = frozenset({bus.POSTS, bus.ACCOUNTS, bus.HOLIDAYS, bus.POLICY})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.scope = Scope.everything()
        self.view = str(ctx.settings.value("calendar/view", "month"))
        self.view = self.view if self.view in VIEWS else "month"
        self.selected = ctx.today()
        self._dated = False
        """The first load selects today (the clock is read then, not when the window is built)."""
        self.context: CalendarContext | None = None
        self.period: Period | None = None
        self._generation = 0
        self._changed: frozenset[str] = frozenset({bus.ACCOUNTS})
        self._risks: dict[tuple[str, Any, date], dict[date, tuple[Any, ...]]] = {}
        self._menu: QMenu | None = None
        self._build()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        bar = QHBoxLayout()
        self.scope_box = ScopeBox()
        self.scope_box.scope_changed.connect(self.set_scope)
        bar.addWidget(QLabel("范围："))
        bar.addWidget(self.scope_box)
        bar.addSpacing(12)
        self.prev_button = QToolButton(text="◀")
        self.prev_button.setToolTip("上一月/上一周（Ctrl+PgUp）")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.period_label = QLabel()
        self.period_label.setMinimumWidth(150)
        self.period_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.period_label.setStyleSheet(f"font-size: 14pt; font-weight: bold; color: {palette.TEXT};")
        self.next_button = QToolButton(text="▶")
        self.next_button.setToolTip("下一月/下一周（Ctrl+PgDown）")
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button = QPushButton("今天")
        self.today_button.clicked.connect(self.go_today)
        for widget in (self.prev_button, self.period_label, self.next_button, self.today_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        self.view_buttons = QButtonGroup(self)
        for key in VIEWS:
            button = QToolButton(text=VIEW_TITLES[key])
            button.setCheckable(True)
            button.setMinimumWidth(48)
            button.setToolTip(f"{VIEW_TITLES[key]}视图")
            button.setProperty("role", "view-switch")  # drawn by style.qss
            button.setChecked(key == self.view)
            button.clicked.connect(lambda _=False, k=key: self.set_view(k))
            self.view_buttons.addButton(button)
            bar.addWidget(button)
        bar.addStretch(1)
        self.new_button = QPushButton("新建发布")
        self.new_button.setProperty("primary", "true")
        self.new_button.clicked.connect(lambda: self.new_post())
        tasks = QPushButton("转发任务")
        tasks.clicked.connect(self.repost_tasks)
        printing = QPushButton("打印月历")
        printing.clicked.connect(self.print_month)
        for widget in (self.new_button, tasks, printing):
            bar.addWidget(widget)
        layout.addLayout(bar)
        self.banner = QLabel()
        self.banner.setProperty("role", "banner-warning")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)

        split = QSplitter(Qt.Orientation.Horizontal)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        self.grid = MonthGrid()
        self._week: WeekView | None = None
        self._list: PostList | None = None
        for widget in (self.grid, QWidget(), QWidget()):  # the week and the list are built when first shown
            self.stack.addWidget(widget)
        main_layout.addWidget(self.stack, 1)
        self.legend = Legend()
        main_layout.addWidget(self.legend)
        side = QSplitter(Qt.Orientation.Vertical)
        self.day_panel = DayPanel()
        self.risk_panel = RiskPanel()
        side.addWidget(self.day_panel)
        side.addWidget(self.risk_panel)
        side.setSizes([400, 400])
        split.addWidget(main)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setSizes([980, 380])
        layout.addWidget(split, 1)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        layout.addWidget(self.status)

        self.grid.day_selected.connect(self.go_to)
        self.grid.day_activated.connect(lambda day: self.new_post(day))
        self.grid.post_activated.connect(self.open_post)
        self.grid.move_requested.connect(self.move_post)
        self.day_panel.add_requested.connect(lambda day: self.new_post(day))
        self.day_panel.post_activated.connect(self.open_post)
        self.day_panel.note_add_requested.connect(self.add_note)
        self.day_panel.note_edit_requested.connect(self.edit_note)
        self.day_panel.note_delete_requested.connect(self.delete_note)
        self.risk_panel.plan_requested.connect(lambda account_id: self.new_post(account_id=account_id))
        self.risk_panel.fill_requested.connect(self.fill_gaps)
        self.risk_panel.account_chosen.connect(
            lambda account_id: self.show_target(Target("account", account_id))
        )
        self._show_stack(self.view)

    @property
    def week(self) -> WeekView:
        if self._week is None:
            self._week = WeekView()
            self._week.day_selected.connect(self.go_to)
            self._week.day_activated.connect(lambda day: self.new_post(day))
            self._week.post_activated.connect(self.open_post)
            self._week.move_requested.connect(self.move_post)
            self._replace(1, self._week)
        return self._week

    @property
    def list(self) -> PostList:
        if self._list is None:
            self._list = PostList()
            self._list.post_activated.connect(self.open_post)
            self._replace(2, self._list)
        return self._list

    def _replace(self, index: int, widget: QWidget) -> None:
        current = self.stack.currentIndex()
        old = self.stack.widget(index)
        self.stack.insertWidget(index, widget)
        self.stack.removeWidget(old)
        old.deleteLater()
        self.stack.setCurrentIndex(current)

    def _show_stack(self, view: str) -> None:
        widget = {
            "month": self.grid,
            "week": self.week if view == "week" else None,
            "list": self.list if view == "list" else None,
        }[view]
        self.stack.setCurrentWidget(widget)
        self.day_panel.setVisible(view != "list")  # the list has its own rows; the side keeps the risks

    def tab_menu(self) -> QMenu:
        if self._menu is None:
            self._menu = self.build_menu()
        return self._menu

    def focus_main(self) -> None:
        if self.view == "list":
            self.list.table.setFocus()
        elif self.view == "week":
            chosen = self.week.list_for(self.selected)
            (chosen or self.week).setFocus()
        else:
            self.grid.setFocus()

    def new_item_label(self) -> str:
        return "新建发布"

    def new_item(self) -> None:
        self.new_post()

    def focus_search(self) -> None:
        if self.view == "list":
            self.list.search.setFocus()
        else:
            self.scope_box.setFocus()
            self.scope_box.lineEdit().selectAll()

    # ------------------------------------------------------------------ loading
    def _on_data_changed(self, areas: frozenset[str]) -> None:
        if areas & self.areas:
            self._changed |= areas
            self._risks.clear()
        super()._on_data_changed(areas)

    def reload(self) -> None:
        """Re-read what changed: the scope's accounts when accounts or rules changed, then the views."""
        changed, self._changed = self._changed, frozenset()
        if not self._dated:
            self._dated, self.selected = True, self.ctx.today()
        if self.context is None or changed & {bus.ACCOUNTS, bus.POLICY, bus.HOLIDAYS}:
            self._prepare()
        else:
            self.load_view()
            self.load_risks()

    def _prepare(self) -> None:
        scope = self.scope
        self._generation += 1
        generation = self._generation

        def op(session):
            units, accounts = lookups.unit_choices(session), lookups.account_choices(session)
            return units, accounts, calendar_service.prepare(session, scope)

        def done(result: tuple[Any, Any, CalendarContext]) -> None:
            if generation != self._generation:
                return
            units, accounts, context = result
            self.scope_box.fill(units, accounts, self.scope)
            if (
                self.scope.kind == "account"
                and (found := self.scope_box.find_account(self.scope.id)) is not None
            ):
                self.scope = found
            self.context = context
            self.load_view()
            self.load_risks()

        self.status.setText("正在读取…")
        self.ctx.jobs.run(op, on_done=done)

    def set_scope(self, scope: Scope) -> None:
        if scope == self.scope and self.context is not None:
            return
        self.scope = scope
        self.context = None
        self.period = None
        self.scope_box.select(scope)
        self._prepare()

    def set_view(self, view: str) -> None:
        self.view = view
        self.ctx.settings.setValue("calendar/view", view)
        for button in self.view_buttons.buttons():
            button.setChecked(button.text() == VIEW_TITLES[view])
        self._show_stack(view)
        self.period = None
        self.load_view()

    def period_bounds(self) -> tuple[date, date]:
        if self.view == "week":
            monday = self.selected - timedelta(days=self.selected.weekday())
            return monday, monday + timedelta(days=6)
        return month_bounds(self.selected)

    def load_view(self) -> None:
        context = self.context
        if context is None:
            return
        self._generation += 1
        generation, view, selected, today = self._generation, self.view, self.selected, self.ctx.today()
        first, last = self.period_bounds()
        self._show_period_label(first, last)
        if view == "list":
            self.ctx.jobs.run(
                lambda session: calendar_service.posts_between(session, context, first, last),
                on_done=lambda rows: generation == self._generation and self._show_list(rows, today),
            )
            return
        loader = calendar_service.week if view == "week" else calendar_service.month
        self.ctx.jobs.run(
            lambda session: loader(session, context, selected, today),
            on_done=lambda period: generation == self._generation and self._show_period(period),
        )

    def _show_period_label(self, first: date, last: date) -> None:
        if self.view == "week":
            self.period_label.setText(f"{first:%m月%d日}—{last:%m月%d日}")
        else:
            self.period_label.setText(f"{first.year}年{first.month}月")

    def _show_list(self, rows: list[Any], today: date) -> None:
        self.list.show_rows(rows, today)
        self.status.setText(f"{self.scope.label}：{len(rows):,} 条发布记录")
        self._show_day()

    def _show_period(self, period: Period) -> None:
        key = (period.scope.kind, period.scope.id, period.first)
        if not period.risks_ready and key in self._risks:
            period = period.with_risks(self._risks[key])
        self.period = period
        if self.view == "week":
            self.week.show_period(period, self.selected)
        else:
            self.grid.show_period(period, self.selected)
        self.banner.setText("\n".join(f"⚠ {w}" for w in period.warnings))
        self.banner.setVisible(bool(period.warnings))
        published = sum(c.published for c in period.cells)
        planned = sum(c.planned for c in period.cells)
        overdue = sum(c.overdue for c in period.cells)
        text = f"{self.scope.label}：本期已发布 {published:,} 条，计划 {planned:,} 条"
        text += f"，{overdue:,} 条计划已过期未登记" if overdue else ""
        self.status.setText(text + ("" if period.risks_ready else "；正在计算风险…") + "　　" + KEYS_HINT)
        self._show_day()
        if not period.risks_ready:
            self._load_period_risks(period)

    def _load_period_risks(self, period: Period) -> None:
        context, generation, today = self.context, self._generation, self.ctx.today()
        if context is None:
            return
        key = (period.scope.kind, period.scope.id, period.first)

        def done(risks: dict[date, tuple[Any, ...]]) -> None:
            self._risks[key] = risks
            if (
                generation == self._generation
                and self.period is not None
                and self.period.first == period.first
            ):
                self._show_period(self.period.with_risks(risks))
                self._prefetch(period)

        self.ctx.jobs.run(
            lambda session: calendar_service.period_risks(session, context, period.first, period.last, today),
            on_done=done,
        )

    def _prefetch(self, period: Period) -> None:
        """Work out the neighbouring months' risks in the background, so paging through them is instant."""
        context, today = self.context, self.ctx.today()
        if context is None or self.view != "month":
            return
        for step in (-1, 1):
            first, last = month_bounds(add_months(period.first, step))
            key = (period.scope.kind, period.scope.id, first)
            if key in self._risks:
                continue
            self.ctx.jobs.run(
                _risks_job(context, first, last, today),
                on_done=lambda risks, k=key: self._risks.__setitem__(k, risks),
            )

    def load_risks(self) -> None:
        context, today = self.context, self.ctx.today()
        if context is None:
            return
        self.risk_panel.heading.setText("需要关注的账号（计算中…）")
        self.ctx.jobs.run(
            lambda session: calendar_service.risks(session, context, today),
            on_done=lambda risks: context is self.context and self.risk_panel.show_risks(risks, today),
        )

    # ------------------------------------------------------------------ navigation
    def go_to(self, day: date) -> None:
        first, last = self.period_bounds()
        self.selected = day
        if self.view == "list":
            if not first <= day <= last:
                self.load_view()
            return
        if not first <= day <= last or self.period is None:
            self.load_view()
        else:
            if self.view == "week":
                self.week.show_period(self.period, day)
            else:
                self.grid.show_period(self.period, day)
            self._show_day()

    def step(self, direction: int) -> None:
        if self.view == "week":
            self.go_to(self.selected + timedelta(days=7 * direction))
        else:
            self.go_to(add_months(self.selected, direction))

    def go_today(self) -> None:
        self.go_to(self.ctx.today())

    def _show_day(self) -> None:
        period, day, context = self.period, self.selected, self.context
        cell = period.cell(day) if period is not None else None
        if cell is None or context is None:
            return
        today = self.ctx.today()
        if cell.chips or not (cell.published or cell.planned or cell.overdue):
            self.day_panel.show_day(cell, today, list(cell.chips))
            return
        self.day_panel.show_day(cell, today, None)
        self.ctx.jobs.run(
            lambda session: calendar_service.posts_between(session, context, day, day),
            on_done=lambda rows: self.selected == day and self.day_panel.show_posts(rows, today),
        )

    def show_target(self, target: Target) -> None:
        if target.kind == "repost":  # the dashboard's 转发任务 row: the task list, on that task
            dialog = self.repost_tasks()
            if target.id is not None:
                dialog.reload(select=int(target.id))
            return
        if target.kind == "account" and target.id is not None:
            found = self.scope_box.find_account(int(target.id))
            self.set_scope(found or Scope.account(int(target.id), "所选账号"))
