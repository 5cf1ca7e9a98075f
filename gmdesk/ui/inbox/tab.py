"""The 留言回复 tab: the list sorted by the nearest deadline on the left, the message and its reply on the right.

The list pages from the database (``MessageListModel``), so opening it on 200,000 messages costs one page;
the counts under it arrive in their own background job. Every action runs as one write job; the data bus
then brings the list and the pane up to date, keeping the selected message in view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.wording import Lexicon
from gmdesk.services import inbox, inbox_deadlines, wording
from gmdesk.services.inbox import InboxSetup, ListCounts, MessageDetail, MessageFilter
from gmdesk.ui import bus, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.inbox.actions import InboxActions
from gmdesk.ui.inbox.detail import MessageDetailPane
from gmdesk.ui.inbox.filters import FilterBar
from gmdesk.ui.inbox.model import MessageListModel
from gmdesk.ui.tab_base import Tab, Target
from gmdesk.ui.widgets.table import DataTable

SETUP_AREAS = frozenset({bus.ACCOUNTS, bus.HOLIDAYS, bus.POLICY, bus.SETTINGS, bus.WORDING})
"""Changes that alter the filter lists, the templates' context or the deadlines themselves."""
DEADLINE_AREAS = frozenset({bus.ACCOUNTS, bus.HOLIDAYS, bus.POLICY})
SEARCH_PAGES = 5
"""After a reload, pages read further to find the selected message again before giving it up."""


class InboxTab(Tab):
    title = "留言回复"
    areas = frozenset({bus.MESSAGES}) | SETUP_AREAS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setup: InboxSetup | None = None
        self.detail: MessageDetail | None = None
        self.selected_id: int | None = None
        self.active_dialog: QDialog | None = None
        """The action dialog opened last (tests and the monkey drive it)."""
        self._setup_stale = True
        self._detail_generation = 0
        self._keeping: int | None = None
        """The list generation for which the selected message is being fetched to stay in the list."""
        self._counts_generation = 0
        self._counts_wanted = False
        self._follow_up_wanted = False
        self._pages_searched = 0
        self._keep_selected = False
        self._selected_row = 0
        self.model = MessageListModel(ctx, self)
        self.actions = InboxActions(self)
        self._build()
        self.menu = self._build_menu()
        self.model.page_loaded.connect(self._page_loaded)
        self.model.failed.connect(self._page_failed)
        self.filters.changed.connect(self._filter_changed)
        self.pane.action.connect(self.actions.run)
        self.pane.editor.save_requested.connect(self.actions.save_reply)
        self.pane.editor.attach_drafts(ctx.drafts)
        self.filters.restore(ctx.settings)

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        top = QHBoxLayout()
        self.new_button = QPushButton("新建留言")
        self.new_button.setProperty("primary", True)
        self.new_button.clicked.connect(self.actions.new_message)
        top.addWidget(self.new_button)
        for text, slot in (
            ("导入…", self.actions.import_messages),
            ("导出…", self.actions.export_messages),
            ("口径库…", self.actions.edit_templates),
            ("统计…", self.actions.show_metrics),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            top.addWidget(button)
        top.addSpacing(12)
        self.filters = FilterBar()
        top.addWidget(self.filters.search, 1)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.table = DataTable("inbox/messages")
        # Qt's default indicator is descending; the list starts with the nearest deadline unless the clerk
        # chose otherwise last time (the header state DataTable restores).
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setModel(self.model)
        for number, column in enumerate(self.model.columns):
            self.table.setColumnWidth(number, column.width)
        self.table.restore_header()  # the clerk's own widths, when there are any
        column, order = self.model.sort_column()
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _: self.pane.editor.text.setFocus())
        left_layout.addWidget(self.table, 1)
        self.counts = QLabel("正在读取…")
        self.counts.setProperty("role", "muted")
        left_layout.addWidget(self.counts)
        self.pane = MessageDetailPane()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = self.ctx.settings.value("inbox/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([720, 560])
        self.splitter.splitterMoved.connect(
            lambda *_: self.ctx.settings.setValue("inbox/splitter", self.splitter.saveState())
        )
        layout.addWidget(self.splitter, 1)

    def _build_menu(self) -> QMenu:
        menu = QMenu("留言(&M)", self)
        entries: list[tuple[str, Any, str | None]] = [
            ("新建留言(&N)…", self.actions.new_message, None),  # Ctrl+N, the window's 新建
            ("回复(&R)", self.focus_reply, "Ctrl+R"),
            ("转办(&T)…", lambda: self.actions.run("transfer"), "Ctrl+T"),
            ("登记承办单位答复(&U)…", lambda: self.actions.run("transfer_answer"), "Ctrl+Shift+T"),
            ("办结(&D)", lambda: self.actions.run("close"), "Ctrl+Shift+D"),
            ("不予受理(&J)…", lambda: self.actions.run("reject"), None),
            ("延期(&E)…", lambda: self.actions.run("extend"), None),
            ("承诺答复期限(&C)…", lambda: self.actions.run("commit"), None),
            (None, None, None),  # type: ignore[list-item]  # a separator in the menu
            ("生成转办单(&P)…", lambda: self.actions.run("transfer_form"), "Ctrl+P"),
            ("导出办理案卷(&A)…", lambda: self.actions.run("case_file"), "Ctrl+Shift+P"),
            (None, None, None),  # type: ignore[list-item]  # a separator in the menu
            ("导入留言(&I)…", self.actions.import_messages, "Ctrl+I"),
            ("导出留言(&X)…", self.actions.export_messages, "Ctrl+Shift+E"),
            ("下载导入模板…", self.actions.save_import_template, None),
            (None, None, None),  # type: ignore[list-item]  # a separator in the menu
            ("口径库(&K)…", self.actions.edit_templates, "Ctrl+Shift+K"),
            ("答复统计(&S)…", self.actions.show_metrics, None),
        ]
        self.menu_actions = {}
        for text, slot, shortcut in entries:
            if text is None:
                menu.addSeparator()
                continue
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, s=slot: s())
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            self.menu_actions[text] = action
        return menu

    def tab_menu(self) -> QMenu | None:
        return self.menu

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def focus_main(self) -> None:
        self.table.setFocus()

    def new_item_label(self) -> str:
        return "新建留言"

    def new_item(self) -> None:
        self.actions.new_message()

    def focus_reply(self) -> None:
        self.pane.tabs.setCurrentIndex(0)
        self.pane.editor.text.setFocus()

    # ---------------------------------------------------------------- loading
    def reload(self) -> None:
        # The first page goes first, alone: the clerk waits for the rows. The filter choices, the counts and
        # the deadline check follow once the rows are shown (or after a second, should no page come).
        # A message changed by the clerk's action stays in the list even when it leaves the filter.
        self._keep_selected = self.selected_id is not None
        self._selected_row = max(self.table.currentIndex().row(), 0)
        self.model.reveal = self.ctx.may_see_personal_data
        self.model.request(self.filters.current())
        if self.selected_id is not None:
            self.load_detail(self.selected_id, keep_text=True)
        self._counts_wanted = True
        self._follow_up_wanted = True
        QTimer.singleShot(1000, self, self._follow_up)

    def _follow_up(self) -> None:
        """What a reload does after the first page: filter choices (when stale) and stored deadlines checked
        against the current holidays."""
        if not self._follow_up_wanted:
            return
        self._follow_up_wanted = False
        if self._setup_stale:
            self.load_setup()
        self.ctx.jobs.run(
            lambda session: inbox_deadlines.ensure_current(session),
            write=True,
            on_done=lambda changed: self.ctx.bus.notify({bus.MESSAGES}) if changed else None,
        )

    def load_setup(self) -> None:
        self._setup_stale = False
        operator = self.ctx.operator
        self.ctx.jobs.run(
            lambda session: inbox.inbox_setup(session, operator), owner=self, on_done=self._setup_loaded
        )
        self.ctx.jobs.run(
            lambda session: wording.load_lexicon(session), owner=self, on_done=self._lexicon_loaded
        )

    def _lexicon_loaded(self, lexicon: Lexicon) -> None:
        self.pane.editor.set_lexicon(lexicon)

    def _setup_loaded(self, setup: InboxSetup) -> None:
        self.setup = setup
        self.filters.set_choices(setup)
        self.pane.editor.set_templates(setup.templates)

    def _load_counts(self) -> None:
        self._counts_generation += 1
        generation, f, now = self._counts_generation, self.filters.current(), self.ctx.now()
        self.ctx.jobs.run(
            lambda session: inbox.list_counts(session, f, now),
            owner=self,
            on_done=lambda counts: self._show_counts(generation, counts),
        )

    def _show_counts(self, generation: int, counts: ListCounts) -> None:
        if generation != self._counts_generation:
            return
        parts = [f"共 {counts.total:,} 条"]
        if counts.open:
            parts.append(f"其中待办 {counts.open:,}")
            parts.append(f"<span style='color:{palette.DANGER}'>逾期 {counts.overdue:,}</span>")
            parts.append(f"<span style='color:{palette.URGENT}'>今天到期 {counts.due_today:,}</span>")
        self.counts.setText(" · ".join(parts))

    def _filter_changed(self, f: MessageFilter) -> None:
        self._keep_selected = False  # the clerk asked for another list: what it leaves out goes
        self.filters.save(self.ctx.settings)
        self.model.request(f)
        self._counts_wanted = True  # counted once the rows are shown: the clerk waits for rows, not numbers

    def _sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        if not self.model.columns[column].sort:
            wanted, wanted_order = self.model.sort_column()
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(wanted, wanted_order)
            header.blockSignals(False)

    def _page_loaded(self, first: int) -> None:
        if first:
            self._pages_searched = 0
            if self._counts_wanted:
                self._counts_wanted = False
                self._load_counts()
            self._follow_up()
        if self.selected_id is not None:
            row = self.model.find(self.selected_id)
            if row >= 0:
                self._keep_selected = False
                self._select_row(row, load=False)
            elif not self.model.exhausted and self._pages_searched < SEARCH_PAGES:
                self._pages_searched += 1  # the selected message may sit further down the new order
                self.model.fetchMore(QModelIndex())
            elif self._keep_selected:
                self._keep_selected = False
                self._keep_in_list(self.selected_id)  # changed by what the clerk just did: it stays, marked
            else:
                self._lose_selection()  # the clerk's new filter or order leaves it out
            return
        if not first:
            return
        if self.model.rowCount() and self.isVisible():
            self._select_row(0, load=True)
        elif not self.model.rowCount():
            self.counts.setText("没有符合条件的留言")

    def _keep_in_list(self, message_id: int) -> None:
        at, now, reveal = self._selected_row, self.ctx.now(), self.ctx.may_see_personal_data
        generation = self.model.generation
        self._keeping = generation

        def found(row: Any) -> None:
            # Only the list may make this out of date (a new request answers for itself); the detail may be
            # re-read meanwhile without changing which message is meant.
            if self._keeping == generation:
                self._keeping = None
            if generation != self.model.generation or self.selected_id != message_id:
                self._reconcile()
                return
            if row is None:
                self._lose_selection()  # deleted
                return
            self._select_row(self.model.pin(row, at), load=False)

        self.ctx.jobs.run(
            lambda session: inbox.message_row(session, message_id, now, reveal), owner=self, on_done=found
        )

    def _page_failed(self, error: BaseException) -> None:
        self.actions.failed(error)
        self._reconcile()  # no page will say whether the selected message is in the list

    def _reconcile(self) -> None:
        """Once the list has settled (no page on its way, no row being kept), the pane shows a row of the
        list or nothing: every path that could leave it showing another message ends here."""
        if self.selected_id is None or self.model.loading or self._keeping == self.model.generation:
            return
        if self.model.find(self.selected_id) < 0:
            self._lose_selection()

    def _lose_selection(self) -> None:
        """The selected message is not a row of the list any more: the pane shows nothing rather than a
        message the list does not show. What was typed for it stays as its draft."""
        self.selected_id = None
        self.detail = None
        self._detail_generation += 1  # a detail still loading is no longer wanted
        self.table.clearSelection()
        self.pane.show_detail(None)

    def _select_row(self, row: int, load: bool) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(not load)
        index = self.model.index(row, 0)
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        selection.blockSignals(False)
        self.table.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        message_id = self.model.row_at(current.row()).id
        if message_id != self.selected_id:
            self.load_detail(message_id)
            if self.model.pinned_id is not None and self.model.pinned_id != message_id:
                QTimer.singleShot(0, self, self.model.unpin)  # after the selection has settled

    def load_detail(self, message_id: int, keep_text: bool = False) -> None:
        self.selected_id = message_id
        self._detail_generation += 1
        generation, now, reveal = self._detail_generation, self.ctx.now(), self.ctx.may_see_personal_data
        self.ctx.jobs.run(
            lambda session: inbox.message_detail(session, message_id, now, reveal),
            owner=self,
            on_done=lambda detail: self._detail_loaded(generation, detail, keep_text),
        )

    def _detail_loaded(self, generation: int, detail: MessageDetail | None, keep_text: bool) -> None:
        if generation != self._detail_generation:
            return
        if detail is None:
            self.selected_id = None
        self.detail = detail
        self.pane.show_detail(detail, keep_text)
        self._reconcile()

    # ---------------------------------------------------------------- the bus and other tabs
    def _on_data_changed(self, areas: frozenset[str]) -> None:
        if areas & SETUP_AREAS:
            self._setup_stale = True
        if areas & DEADLINE_AREAS:  # the deadlines follow the holiday table and the rules at once
            self.ctx.jobs.run_with_control(
                lambda session, control: inbox_deadlines.ensure_current(
                    session, lambda done, total, text: control.progress(done, total, text)
                ),
                write=True,
                progress="正在按新的节假日和规则重新计算留言期限…",
                parent=self,
                on_done=lambda changed: self.ctx.bus.notify({bus.MESSAGES}) if changed else None,
            )
        super()._on_data_changed(areas)

    def show_target(self, target: Target) -> None:
        """Show a message (the dashboard's click-through): in the list if it is there, else by its number."""
        if target.kind != "message" or target.id is None:
            return
        message_id = int(target.id)
        self.load_detail(message_id)
        row = self.model.find(message_id)
        if row >= 0:
            self._select_row(row, load=False)
        else:
            # by its number, whatever the filters: a 转办 or a closed message may sit outside 待办
            self.filters.reset(f"#{message_id}")
