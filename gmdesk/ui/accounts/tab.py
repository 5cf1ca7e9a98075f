"""The 账号备案 tab: the county's account ledger, each account's detail, its life cycle and its forms."""

from __future__ import annotations

import time
from datetime import date

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.platforms import Platform
from gmdesk.services.accounts import account_detail, ledger
from gmdesk.services.accounts_data import AccountDetail, Ledger, LedgerRow
from gmdesk.services.filings_forms import FormKind
from gmdesk.ui import bus, palette
from gmdesk.ui.accounts.detail import DetailPane
from gmdesk.ui.accounts.ledger_model import DEADLINE_FILTERS, STATE_FILTERS, LedgerFilter, columns
from gmdesk.ui.accounts.tab_actions import AccountActions
from gmdesk.ui.accounts.tab_files import FileActions
from gmdesk.ui.accounts.widgets import Banner
from gmdesk.ui.context import AppContext
from gmdesk.ui.models.table_model import RowTableModel
from gmdesk.ui.tab_base import Tab, Target
from gmdesk.ui.widgets.search import SearchBox
from gmdesk.ui.widgets.table import DataTable


def _items(what: str, items: int, accounts: int) -> str:
    """ "逾期 5项（4个账号）": the 工作台 lists items, the ledger rows are accounts; both numbers, so they agree."""
    return f"{what} {items}项" + (f"（{accounts}个账号）" if items != accounts else "")


class AccountsTab(AccountActions, FileActions, Tab):
    title = "账号备案"
    areas = frozenset({bus.ACCOUNTS, bus.FILINGS, bus.HOLIDAYS, bus.POLICY, bus.SETTINGS})
    loaded = Signal()
    """The ledger is shown (after every reload)."""
    detail_loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ledger: Ledger | None = None
        self.active_dialog: QDialog | None = None
        self.last_load_ms = 0.0
        self._pending_target: int | None = None
        self._detail_token = 0
        self._shown_id: int | None = None
        """The account whose detail is on screen."""
        self._wanted_id: int | None = None
        """The account the last detail load asked for (None: the pane shows nothing)."""
        self.created_unit_id: int | None = None
        """The unit the clerk last created in 单位与人员: a new account most likely belongs to it."""
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(self._toolbar())
        layout.addLayout(self._filters())
        self.banner = Banner()
        layout.addWidget(self.banner)
        self.model: RowTableModel[LedgerRow] = RowTableModel(columns(), key=lambda row: row.id)
        self.table = DataTable("accounts/ledger")
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        # a sort, a search or a reload may move or hide the selected row without a selection signal
        self.model.layoutChanged.connect(lambda *_: self._selection_changed())
        self.model.modelReset.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _: self.edit_account())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.detail_pane = DetailPane()
        self.detail_pane.action_requested.connect(self.run_action)
        self.detail_pane.command.connect(self._detail_command)
        self.detail_pane.event_command.connect(self.event_command)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail_pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([820, 460])
        state = ctx.settings.value("accounts/splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_: ctx.settings.setValue("accounts/splitter", self.splitter.saveState())
        )
        layout.addWidget(self.splitter, 1)
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(60)
        self._detail_timer.timeout.connect(self._load_detail)

    # ------------------------------------------------------------------ building
    def _action(self, text: str, slot, shortcut: str | QKeySequence | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self.addAction(action)  # shortcuts work while the tab has focus, with or without the menu
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_action = a(
            "新建账号(&N)…", self.new_account, None, "登记一个新账号（拟开设，或接管已开设的账号），Ctrl+N"
        )
        self.edit_action = a("编辑账号(&E)…", self.edit_account, "F2", "修改所选账号的资料和人员")
        self.org_action = a("单位与人员(&U)…", self.edit_org, "Ctrl+Shift+U", "管理主办单位和各单位人员名单")
        self.password_action = a(
            "登记密码更换(&P)…", self.record_password, None, "只记录更换日期和保管人，不保存密码"
        )
        self.delete_action = a(
            "删除账号(&D)", self.delete_account, QKeySequence.StandardKey.Delete, "只能删除从未开设的账号"
        )
        self.apply_form_action = a(
            "导出申请表(&A)…",
            lambda: self.export_forms(FormKind.APPLICATION),
            "Ctrl+Shift+A",
            "导出所选账号的新媒体平台开设申请表（Word）",
        )
        self.filing_form_action = a(
            "导出备案表(&F)…",
            lambda: self.export_forms(FormKind.FILING),
            "Ctrl+Shift+F",
            "导出所选账号当前事项的新媒体平台备案登记表（Word）",
        )
        self.import_action = a(
            "导入台账(&I)…", self.import_ledger, "Ctrl+I", "从 Excel 导入账号台账（全部无误才写入）"
        )
        self.export_action = a(
            "导出台账(&X)…", lambda: self.export_ledger(False), "Ctrl+Shift+E", "导出账号台账（Excel）"
        )
        self.export_units_action = a("导出台账（每个单位一张表）…", lambda: self.export_ledger(True))
        self.template_action = a("下载台账导入模板…", self.save_template)
        self.forms_folder_action = a("自定义表格模板…", self.customise_templates)
        self.merge_action = QAction("合并为一个文件", self)
        self.merge_action.setCheckable(True)
        self.merge_action.setChecked(bool(self.ctx.settings.value("accounts/merge", False, type=bool)))
        self.merge_action.toggled.connect(
            lambda on: (self.ctx.settings.setValue("accounts/merge", on), self.merge_check.setChecked(on))
        )
        self.menu = QMenu("账号(&A)", self)
        for item in (
            self.new_action,
            self.edit_action,
            self.org_action,
            None,
            self.password_action,
            self.delete_action,
            None,
        ):
            self.menu.addAction(item) if item else self.menu.addSeparator()
        self.lifecycle_menu = self.menu.addMenu("办理(&L)")
        self.menu.addSeparator()
        for item in (
            self.apply_form_action,
            self.filing_form_action,
            self.merge_action,
            None,
            self.import_action,
            self.export_action,
            self.export_units_action,
            self.template_action,
            None,
            self.forms_folder_action,
        ):
            self.menu.addAction(item) if item else self.menu.addSeparator()

    def _tool(self, action: QAction, text: str | None = None) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        if text:
            button.setText(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for action, text in (
            (self.new_action, "新建账号"),
            (self.edit_action, "编辑"),
            (self.org_action, "单位与人员"),
        ):
            row.addWidget(self._tool(action, text))
        row.addSpacing(16)
        row.addWidget(self._tool(self.apply_form_action, "导出申请表"))
        row.addWidget(self._tool(self.filing_form_action, "导出备案表"))
        self.merge_check = QCheckBox("合并为一个文件")
        self.merge_check.setToolTip("选中多个账号时，把表格合并到一个 Word 文件中，便于一次打印")
        self.merge_check.setChecked(self.merge_action.isChecked())
        self.merge_check.toggled.connect(self.merge_action.setChecked)
        row.addWidget(self.merge_check)
        row.addStretch(1)
        row.addWidget(self._tool(self.import_action, "导入台账"))
        row.addWidget(self._tool(self.export_action, "导出台账"))
        return row

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = SearchBox("搜索账号、单位、管理员、备案编号…")
        self.search.search.connect(lambda _: self._apply_filter())
        self.unit_filter = QComboBox()
        self.unit_filter.setMinimumWidth(180)
        self.unit_filter.setMaximumWidth(260)
        self.unit_filter.addItem("全部单位", None)
        self.platform_filter = QComboBox()
        self.platform_filter.addItem("全部平台", None)
        for platform in Platform:
            self.platform_filter.addItem(platform.label, platform)
        self.state_filter = QComboBox()
        self.state_filter.addItems(STATE_FILTERS)
        self.deadline_filter = QComboBox()
        self.deadline_filter.addItems(DEADLINE_FILTERS)
        for combo in (self.unit_filter, self.platform_filter, self.state_filter, self.deadline_filter):
            combo.currentIndexChanged.connect(lambda *_: self._apply_filter())
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.state_filter.setToolTip(
            "账号状态；“公开运行中”包括已开设待备案、运行中和拟关停（仍须按规定更新）"
        )
        self.deadline_filter.setToolTip("有逾期：备案期限已过仍未办理；即将到期：规则方案规定的提醒期内到期")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        for widget in (
            self.search,
            self.unit_filter,
            self.platform_filter,
            self.state_filter,
            self.deadline_filter,
        ):
            row.addWidget(widget)
        row.addWidget(self.summary, 1)
        return row

    # ------------------------------------------------------------------ Tab protocol
    def tab_menu(self) -> QMenu:
        return self.menu

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def focus_main(self) -> None:
        self.table.setFocus()

    def new_item_label(self) -> str:
        return "新建账号"

    def new_item(self) -> None:
        self.new_account()

    def reload(self) -> None:
        today = self.ctx.today()
        started = time.perf_counter()
        self.ctx.jobs.run(
            lambda session: ledger(session, today),
            owner=self,
            on_done=lambda data: self._show_ledger(data, started),
        )

    def show_target(self, target: Target) -> None:
        if target.kind != "account":
            return
        self._pending_target = int(target.id)
        if self.ledger is not None:
            self._select_target()

    # ------------------------------------------------------------------ the ledger
    def _show_ledger(self, data: Ledger, started: float) -> None:
        keep = self.current_id()
        self.ledger = data
        current_unit = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem("全部单位", None)
        for unit in data.units:
            self.unit_filter.addItem(f"{unit.name}（{unit.accounts}）", unit.id)
        self.unit_filter.setCurrentIndex(max(0, self.unit_filter.findData(current_unit)))
        self.unit_filter.blockSignals(False)
        self.model.set_rows(data.rows)
        self._apply_filter(keep)
        if self._pending_target is not None:
            self._select_target()
        elif self.current_id() is None and self.model.total_count():
            self.table.selectRow(0)  # a clerk expects to see an account, not an empty pane
        self._detail_timer.stop()
        self._shown_id = None if self._shown_id != self.current_id() else self._shown_id
        self._load_detail()  # at once: the ledger and its detail arrive together
        self.last_load_ms = (time.perf_counter() - started) * 1000
        self.loaded.emit()

    def current_filter(self) -> LedgerFilter:
        platform = self.platform_filter.currentData()
        return LedgerFilter(
            self.search.text().strip(),
            self.unit_filter.currentData(),
            Platform(platform) if platform else None,
            self.state_filter.currentText(),
            self.deadline_filter.currentText(),
        )

    def _apply_filter(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.current_id()
        self.model.set_filter(self.current_filter().predicate())
        if keep is not None:
            self.select_account(keep)
        self._update_summary()

    def clear_filters(self) -> None:
        for combo in (self.unit_filter, self.platform_filter, self.state_filter, self.deadline_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.set_filter(None)

    def _update_summary(self) -> None:
        data = self.ledger
        if data is None:
            return
        shown = self.model.total_count()
        text = f"共 {len(data.rows)} 个账号" + (f"（显示 {shown}）" if shown != len(data.rows) else "")
        if data.overdue:
            text += f" · <span style='color:{palette.DANGER}; font-weight:bold'>{_items('逾期', data.overdue_items, data.overdue)}</span>"
        if data.due_soon:
            text += (
                f" · <span style='color:{palette.CAUTION}; font-weight:bold'>"
                f"{_items('即将到期', data.due_soon_items, data.due_soon)}</span>"
            )
        self.summary.setText(text)
        self.summary.setToolTip(f"当前规则方案：{data.profile_name}；期限按工作日计算（含法定节假日和调休）")

    def _select_target(self) -> None:
        target, self._pending_target = self._pending_target, None
        if target is None:
            return
        if self.model.find_row(lambda r: r.id == target) < 0:
            self.clear_filters()  # the dashboard asked for it: show it even if the filters hid it
        self.select_account(target)
        self.table.setFocus()

    def select_account(self, account_id: int) -> bool:
        row = self.model.find_row(lambda r: r.id == account_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        rows = self.table.selected_rows()
        if rows:
            row = index.row() if index.isValid() and index.row() in rows else rows[0]
            return self.model.row_at(row).id
        return None

    def selected_ids(self) -> list[int]:
        return [self.model.row_at(r).id for r in self.table.selected_rows()]

    def _selection_changed(self) -> None:
        count = len(self.table.selected_rows())
        self.edit_action.setEnabled(count == 1)
        for action in (self.apply_form_action, self.filing_form_action):
            action.setEnabled(count >= 1)
        current = self.current_id()
        if current is None:
            if self._wanted_id is not None or self.detail_pane.detail is not None:
                self._detail_timer.stop()
                self._load_detail()  # the selected account is gone from view: the pane empties at once
        elif current != self._wanted_id:
            self._schedule_detail()

    def shown_detail(self) -> AccountDetail | None:
        """The detail on screen, only while it is the selected account's (an action never reaches another
        account than the selected one, even in the moment before the pane has caught up)."""
        detail = self.detail_pane.detail
        return detail if detail is not None and detail.form.id == self.current_id() else None

    # ------------------------------------------------------------------ the detail
    def _schedule_detail(self, force: bool = False) -> None:
        if force:
            self._shown_id = None
        self._detail_timer.start()

    def _load_detail(self) -> None:
        account_id = self.current_id()
        self._wanted_id = account_id
        self._detail_token += 1  # a detail still loading is for an account no longer selected
        if account_id is None:
            self._shown_id = None
            self._show_detail(None, self._detail_token)
            return
        token = self._detail_token
        today = self.ctx.today()
        self.ctx.jobs.run(
            lambda session: account_detail(session, account_id, today),
            owner=self,
            on_done=lambda detail: self._show_detail(detail, token),
            on_error=lambda error: self._detail_failed(error, token),
        )

    def _show_detail(self, detail: AccountDetail | None, token: int) -> None:
        if token != self._detail_token:
            return  # the clerk has moved on to another account
        keep_event = None
        if detail is not None and self._shown_id == detail.form.id:
            current = self.detail_pane.events.current()
            keep_event = current.id if current else None
        self._shown_id = detail.form.id if detail else None
        self.detail_pane.set_detail(detail, keep_event)
        if detail is None and self.ledger is not None and not self.ledger.rows:
            self.detail_pane.subtitle.setText(
                "还没有任何账号：点“新建账号”逐个登记，或“导入台账”从 Excel 批量导入。"
            )
        deletable = bool(detail and detail.deletable)
        self.delete_action.setEnabled(deletable)
        self.password_action.setEnabled(bool(detail and detail.state.is_live))
        self.lifecycle_menu.clear()
        for action in detail.actions if detail else []:
            self.lifecycle_menu.addAction(action.label + "…", lambda a=action: self.run_action(a))
        self.lifecycle_menu.setEnabled(bool(detail and detail.actions))
        self.detail_loaded.emit()

    def _detail_failed(self, error: BaseException, token: int) -> None:
        from gmdesk.domain.lifecycle import LifecycleError

        if isinstance(error, LifecycleError):  # deleted meanwhile
            self._show_detail(None, token)
            return
        from gmdesk.ui.errors import show_error

        show_error(error, self)

    def _detail_command(self, command: str) -> None:
        {
            "edit": lambda: self.edit_account(),
            "people": lambda: self.edit_account("people"),
            "password": self.record_password,
            "delete": self.delete_account,
        }[command]()

    def _context_menu(self, position) -> None:
        menu = QMenu(self)
        for action in (
            self.edit_action,
            None,
            self.apply_form_action,
            self.filing_form_action,
            None,
            self.password_action,
            self.delete_action,
        ):
            menu.addAction(action) if action else menu.addSeparator()
        if self.lifecycle_menu.actions():
            menu.addSeparator()
            menu.addMenu(self.lifecycle_menu)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def today(self) -> date:
        return self.ctx.today()
