"""The main window: one tab per job, menus, status bar, remembered geometry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMenu, QTabWidget, QToolButton, QWidget

from gmdesk import APP_TITLE, __version__
from gmdesk.paths import data_dir, logs_dir
from gmdesk.ui import bus, dialogs, files, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.tab_base import Tab, Target

if TYPE_CHECKING:
    from gmdesk.services.overview import Overview
    from gmdesk.ui.manual import ManualWindow


# Each tab's package is imported only when the tab is first built, after the window is on screen: the imports
# below live in functions to keep them out of start-up.
def _dashboard() -> type[Tab]:
    from gmdesk.ui.dashboard import DashboardTab

    return DashboardTab


def _accounts() -> type[Tab]:
    from gmdesk.ui.accounts import AccountsTab

    return AccountsTab


def _calendar() -> type[Tab]:
    from gmdesk.ui.calendar import CalendarTab

    return CalendarTab


def _inbox() -> type[Tab]:
    from gmdesk.ui.inbox import InboxTab

    return InboxTab


def _report() -> type[Tab]:
    from gmdesk.ui.report import ReportTab

    return ReportTab


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    tab_class: Callable[[], type[Tab]]
    """Imports the tab's package and gives its class."""


TAB_SPECS: tuple[TabSpec, ...] = (
    TabSpec("dashboard", "工作台", _dashboard),
    TabSpec("accounts", "账号备案", _accounts),
    TabSpec("calendar", "发布日历", _calendar),
    TabSpec("inbox", "留言回复", _inbox),
    TabSpec("report", "年度自查", _report),
)

STATUS_AREAS = frozenset({bus.ACCOUNTS, bus.POSTS, bus.MESSAGES, bus.HOLIDAYS, bus.SETTINGS})
"""The areas whose changes the status bar's counts and holiday warning show."""

FILE_FILTER = "gmdesk 数据库 (*.db *.sqlite *.gmdesk);;所有文件 (*)"


class MainWindow(QMainWindow):
    """Shown in two steps: at once as a skeleton (tabs, menus, "正在打开数据库…"), so the clerk sees the
    window before the database layer has even been imported; then :meth:`attach` fills in the tabs."""

    open_requested = Signal(object)
    """A database to open instead: a file (Path) or a server database's URL (str, without its password)."""
    """The clerk chose another database (new or existing); the shell swaps the window."""
    restore_requested = Signal()
    demo_requested = Signal()

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: AppContext | None = None
        self.db_path = db_path
        # the file first, the program once at the end (as Word does); Qt appends the application display name
        # only when the title does not already end with it, so it is not repeated
        self.setWindowTitle(f"{db_path.name} — {APP_TITLE}")
        self.setMinimumSize(960, 640)
        self.tabs = QTabWidget()
        self._built: dict[str, Tab] = {}
        for spec in TAB_SPECS:
            waiting = QLabel("正在打开数据库…")
            waiting.setProperty("role", "muted")
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(waiting, spec.title)
        self.help_button = QToolButton()
        self.help_button.setText("？")
        self.help_button.setObjectName("tab-help")
        self.help_button.setToolTip("本页签的使用说明（F1）")
        self.help_button.setAutoRaise(True)
        self.help_button.clicked.connect(self.show_tab_help)
        self.tabs.setCornerWidget(self.help_button, Qt.Corner.TopRightCorner)
        self.setCentralWidget(self.tabs)
        self.manual_window: ManualWindow | None = None
        self._tab_menu_action: QAction | None = None
        self.settings_dialog: QDialog | None = None
        """The 节假日, 规则方案 or 错敏词库 dialog opened last."""
        self._needs_database: list[QAction] = []
        self._build_menus()
        self._build_status_bar()
        self._restore_geometry()

    def attach(self, ctx: AppContext) -> None:
        """Put the real tabs in place once the database is open.

        Only the tab the clerk sees is built now; the others are built one at a time whenever the background
        jobs are idle (or at once when asked for), so the window answers sooner after start-up.
        """
        self.ctx = ctx
        index = self._saved_tab_index()
        self.tabs.blockSignals(True)
        self._build(TAB_SPECS[index])
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        for action in self._needs_database:
            action.setEnabled(True)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        ctx.bus.changed.connect(self._on_data_changed)
        ctx.jobs.after_write = ctx.bus.notify
        ctx.jobs.idle.connect(self._build_later)
        self.path_label.setText(f"数据库：{ctx.database.path}")
        self.refresh_status()
        self._on_tab_changed(self.tabs.currentIndex())

    def show_failure(self, message: str) -> None:
        """The database could not be opened: say so where the tabs would be, keep 打开/新建 available."""
        self.path_label.setText(f"未能打开：{self.db_path}")
        for position in range(self.tabs.count()):
            label = self.tabs.widget(position)
            if isinstance(label, QLabel):
                label.setText(
                    f"无法打开数据库。\n{message}\n\n请用“文件 > 打开数据库”选择其他文件，或“文件 > 新建数据库”。"
                )
                label.setWordWrap(True)

    # ------------------------------------------------------------------ tabs
    def current_tab(self) -> Tab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, Tab) else None

    def tab(self, key: str) -> Tab:
        """The tab of ``key``, built now if it was not yet."""
        found = self._built.get(key)
        return found if found is not None else self._build(next(s for s in TAB_SPECS if s.key == key))

    def tabs_pending(self) -> int:
        """How many tabs are still waiting to be built."""
        return len(TAB_SPECS) - len(self._built)

    def show_tab(self, key: str, target: Target | None = None) -> Tab:
        tab = self.tab(key)
        self.tabs.setCurrentWidget(tab)
        tab.activate()
        if target is not None:
            tab.show_target(target)
        return tab

    def _build(self, spec: TabSpec) -> Tab:
        """Import and build one tab and put it in place of its placeholder, keeping the current tab."""
        assert self.ctx is not None
        tab = spec.tab_class()(self.ctx)
        tab.setObjectName(f"tab-{spec.key}")
        self._built[spec.key] = tab
        position = TAB_SPECS.index(spec)
        current = self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)
        placeholder = self.tabs.widget(position)
        self.tabs.removeTab(position)
        self.tabs.insertTab(position, tab, spec.title)
        placeholder.deleteLater()
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(blocked)
        return tab

    def _build_later(self) -> None:
        """The jobs are idle: build the next tab not built yet (one per turn, so the window stays lively)."""
        if self.ctx is None or not self.tabs_pending():
            return
        QTimer.singleShot(50, self, self._build_next)  # cancelled if the window goes first

    def _build_next(self) -> None:
        if self.ctx is None or self.ctx.jobs.busy:
            return  # the next idle signal comes back here
        waiting = [spec for spec in TAB_SPECS if spec.key not in self._built]
        if waiting:
            self._build(waiting[0])
            self._build_later()

    def _on_tab_changed(self, index: int) -> None:
        if self.ctx is not None and 0 <= index < len(TAB_SPECS):
            self.tab(TAB_SPECS[index].key)  # built now if the clerk got here before the idle-time building
        tab = self.current_tab()
        if tab is None:
            return
        tab.activate()
        if self._tab_menu_action is not None:
            self.menuBar().removeAction(self._tab_menu_action)
            self._tab_menu_action = None
        menu = tab.tab_menu()
        if menu is not None:
            self._tab_menu_action = self.menuBar().insertMenu(self.tools_menu.menuAction(), menu)
        label = tab.new_item_label()
        self.new_item_action.setText(f"{label}(&N)…" if label else "新建(&N)…")
        self.new_item_action.setEnabled(bool(label))

    # ------------------------------------------------------------------ menus
    def _action(
        self,
        menu: QMenu,
        text: str,
        slot,
        shortcut: QKeySequence | str | None = None,
        needs_database: bool = False,
    ) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if needs_database:
            action.setEnabled(False)
            self._needs_database.append(action)
        return action

    def _focus_search(self) -> None:
        if (tab := self.current_tab()) is not None:
            tab.focus_search()

    def _reload_tab(self) -> None:
        if (tab := self.current_tab()) is not None:
            tab.reload()

    def _new_item(self) -> None:
        if (tab := self.current_tab()) is not None and tab.new_item_label():
            tab.new_item()

    def go_to_tab(self, key: str) -> None:
        """Ctrl+1…5: the tab, with the keyboard in it (arrows and Enter work at once, no click needed)."""
        if self.ctx is None:
            self.tabs.setCurrentIndex(tab_keys().index(key))
            return
        self.show_tab(key).focus_main()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        # Ctrl+N makes what the current tab holds (an account, a post, a message, a 整改 item), as 新建 does in
        # every Windows program; a new database is rare enough to need the menu
        self.new_item_action = self._action(
            file_menu, "新建(&N)…", self._new_item, QKeySequence.StandardKey.New, needs_database=True
        )
        file_menu.addSeparator()
        self._action(file_menu, "新建数据库…", self._new_database)
        self._action(file_menu, "打开数据库(&O)…", self._open_database, QKeySequence.StandardKey.Open)
        self._action(file_menu, "连接到服务器数据库…", self._connect_server)
        file_menu.addSeparator()
        self._action(file_menu, "备份数据库(&B)…", self._backup, "Ctrl+Shift+B", needs_database=True)
        self._action(file_menu, "从备份恢复(&R)…", self.restore_requested.emit, needs_database=True)
        file_menu.addSeparator()
        self._action(file_menu, "加载示例数据(&D)…", self.demo_requested.emit, needs_database=True)
        file_menu.addSeparator()
        self._action(file_menu, "退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        self.file_menu = file_menu

        edit_menu = bar.addMenu("编辑(&E)")
        self._action(edit_menu, "查找(&F)", self._focus_search, QKeySequence.StandardKey.Find)
        self._action(edit_menu, "刷新(&R)", self._reload_tab, QKeySequence.StandardKey.Refresh)
        self.edit_menu = edit_menu

        view_menu = bar.addMenu("视图(&V)")
        for number, spec in enumerate(TAB_SPECS, start=1):
            self._action(
                view_menu, spec.title, lambda _=False, key=spec.key: self.go_to_tab(key), f"Ctrl+{number}"
            )
        self.view_menu = view_menu

        tools_menu = bar.addMenu("工具(&T)")
        self._action(tools_menu, "单位设置(&O)…", lambda: self.open_office_setup(), needs_database=True)
        self._action(tools_menu, "节假日设置(&H)…", self._edit_holidays, needs_database=True)
        self._action(tools_menu, "规则方案(&P)…", self._edit_policy, needs_database=True)
        self._action(tools_menu, "错敏词库(&W)…", self._edit_wording, needs_database=True)
        tools_menu.addSeparator()
        self._action(tools_menu, "本机操作员与操作员(&O)…", self._edit_operators, needs_database=True)
        self._action(tools_menu, "操作日志(&L)…", self._show_audit_log, needs_database=True)
        tools_menu.addSeparator()
        self._action(tools_menu, "打开数据文件夹", lambda: self._open_folder(self.db_path.parent))
        self._action(tools_menu, "打开日志文件夹", lambda: self._open_folder(logs_dir()))
        self.tools_menu = tools_menu

        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "本页签的使用说明", self.show_tab_help, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "使用手册(&M)", lambda: self.show_manual("contents"))
        self._action(help_menu, "快捷键", lambda: self.show_manual("keys"))
        help_menu.addSeparator()
        self._action(help_menu, "关于 gmdesk", self._about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.path_label = QLabel(f"正在打开数据库：{self.db_path}")
        self.path_label.setProperty("role", "muted")
        self.counts_label = QLabel()
        self.warning_label = QLabel()
        self.warning_label.setStyleSheet(f"color: {palette.CAUTION};")
        status.addWidget(self.path_label, 1)
        status.addPermanentWidget(self.warning_label)
        status.addPermanentWidget(self.counts_label)

    def refresh_status(self) -> None:
        if self.ctx is None:
            return
        from gmdesk.services.overview import overview

        today = self.ctx.today()
        self.ctx.jobs.run(lambda session: overview(session, today), on_done=self._show_status)

    def _show_status(self, data: Overview) -> None:
        c = data.counts
        self.counts_label.setText(
            f"单位 {c.units} · 账号 {c.accounts}（运行 {c.live_accounts}） · 已发布 {c.published_posts:,} · 待办留言 {c.open_messages}"
        )
        if data.holiday_warnings:
            self.warning_label.setText("⚠ 节假日数据不完整")
            self.warning_label.setToolTip("\n".join(data.holiday_warnings))
        else:
            self.warning_label.clear()

    def _on_data_changed(self, areas: frozenset[str]) -> None:
        if areas & STATUS_AREAS:  # a filing, report or 整改 saved changes nothing the status bar counts
            self.refresh_status()

    # ------------------------------------------------------------------ file actions
    def _new_database(self) -> None:
        path = files.choose_save_path(self, "新建数据库", "新数据库.db", FILE_FILTER, "database")
        if path is not None:
            self.open_requested.emit(path)

    def _open_database(self) -> None:
        path = files.choose_open_path(
            self, "打开数据库", FILE_FILTER, "database", default=self.db_path.parent
        )
        if path is not None:
            self.open_requested.emit(path)

    def _connect_server(self) -> None:
        """Several clerks, one PostgreSQL database: the address is remembered without its password, which is
        asked here (or taken from PGPASSWORD / pgpass) and kept only in this process's memory."""
        from gmdesk.ui.server_connect import ask_server

        url = ask_server(self)
        if url is not None:
            self.open_requested.emit(url)

    def _backup(self) -> None:
        from gmdesk.ui.safety import backup_now

        backup_now(self)

    # ------------------------------------------------------------------ the office and the first start
    def open_office_setup(self, first_run: bool = False) -> None:
        """单位设置 (工具 menu), or on the first start of an empty database followed by the ways to start."""
        from gmdesk.services import office_setup
        from gmdesk.ui.settings.office import OfficeDialog
        from gmdesk.ui.widgets.form_dialog import submit_to_job

        ctx = self.ctx
        assert ctx is not None

        def loaded(setup: office_setup.OfficeSetup) -> None:
            dialog = OfficeDialog(setup, self, first_run=first_run)
            self.office_dialog = dialog
            operator = ctx.operator

            def saved(_: object) -> None:
                self._refresh_operator()
                if first_run:
                    self.offer_start()

            def op(given: office_setup.OfficeSetup) -> Any:
                shown = dialog.setup  # as shown, or as reloaded after another clerk's save
                return lambda session: office_setup.save(session, given, operator, shown)

            submit_to_job(
                dialog,
                ctx.jobs.run,
                op,
                saved,
                {bus.SETTINGS, bus.POLICY, bus.FILINGS, bus.MESSAGES},
                reload=office_setup.load,
            )
            if first_run:
                dialog.rejected.connect(self.offer_start)
            dialog.open()

        ctx.jobs.run(office_setup.load, on_done=loaded)

    def _refresh_operator(self) -> None:
        from gmdesk.services.inbox import operator_rights

        ctx = self.ctx
        assert ctx is not None

        def got(rights: object) -> None:
            ctx.operator = rights.name  # type: ignore[attr-defined]  # rights: the sign-in job's OperatorInfo, passed as object
            ctx.may_see_personal_data = rights.may_see_personal_data  # type: ignore[attr-defined]  # as above

        ctx.jobs.run(lambda session: operator_rights(session), on_done=got)

    def offer_start(self) -> None:
        """The three ways to start an empty database."""
        from gmdesk.services import settings
        from gmdesk.ui.settings.office import StartDialog

        ctx = self.ctx
        assert ctx is not None

        def loaded(county: str) -> None:
            dialog = StartDialog(county, self)
            self.start_dialog = dialog
            dialog.chosen.connect(self.start_with)
            dialog.open()

        ctx.jobs.run(lambda session: settings.text(session, settings.COUNTY_NAME), on_done=loaded)

    def start_with(self, choice: str) -> None:
        """``import`` the old ledger, ``add`` units and accounts, the ``demo``, or save the ledger ``template``."""
        if choice == "demo":
            self.demo_requested.emit()
            return
        tab = self.show_tab("accounts")
        action = {"import": "import_ledger", "add": "edit_org", "template": "save_template"}.get(choice)
        if action is not None and hasattr(tab, action):
            getattr(tab, action)()

    def _edit_holidays(self) -> None:
        from gmdesk.ui.settings.holidays import HolidayDialog

        assert self.ctx is not None
        self.settings_dialog = HolidayDialog(self.ctx, self)
        self.settings_dialog.open()

    def _edit_policy(self) -> None:
        from gmdesk.ui.settings.policy import PolicyDialog

        assert self.ctx is not None
        self.settings_dialog = PolicyDialog(self.ctx, self)
        self.settings_dialog.open()

    def _edit_operators(self) -> None:
        from gmdesk.ui.operators import OperatorsDialog

        assert self.ctx is not None
        self.settings_dialog = OperatorsDialog(self.ctx, self)
        self.settings_dialog.open()

    def _show_audit_log(self) -> None:
        from gmdesk.ui.audit_viewer import AuditLogDialog

        assert self.ctx is not None
        self.settings_dialog = AuditLogDialog(self.ctx, self)
        self.settings_dialog.open()

    def _edit_wording(self) -> None:
        from gmdesk.ui.settings.wording import WordingDialog

        assert self.ctx is not None
        self.settings_dialog = WordingDialog(self.ctx, self)
        self.settings_dialog.open()

    @staticmethod
    def _open_folder(folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_manual(self, chapter: str) -> ManualWindow:
        """The 使用手册 at ``chapter`` (a tab's key or a chapter of ui/manual.py), in one window beside this one."""
        from gmdesk.ui.manual import ManualWindow

        if self.manual_window is None:
            self.manual_window = ManualWindow(self)
        self.manual_window.show_chapter(chapter)
        return self.manual_window

    def show_tab_help(self) -> None:
        """F1 and the ？ beside the tabs: the manual's chapter of the tab in view."""
        index = self.tabs.currentIndex()
        self.show_manual(TAB_SPECS[index].key if 0 <= index < len(TAB_SPECS) else "contents")

    def _about(self) -> None:
        dialogs.inform(
            self,
            "关于 gmdesk",
            f"{APP_TITLE}\n版本 {__version__}\n\n数据库：{self.db_path}\n数据文件夹：{data_dir()}",
        )

    # ------------------------------------------------------------------ window state
    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.value("main/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self.tabs.setCurrentIndex(self._saved_tab_index())

    def _saved_tab_index(self) -> int:
        index = int(QSettings().value("main/tab", 0) or 0)
        return index if 0 <= index < self.tabs.count() else 0

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/tab", self.tabs.currentIndex())
        settings.sync()

    def confirm_unsaved(self) -> bool:
        """Ask once about everything typed and not saved (replies, open forms): keep it all as drafts,
        drop it all, or stay. False when the clerk chose to stay."""
        if self.ctx is None:
            return True
        pending = self.ctx.drafts.unsaved()
        if not pending:
            return True
        listed = "\n".join(f"· {title}" for _, title in pending)
        answer = dialogs.unsaved(
            self,
            "还有未保存的内容",
            f"以下内容还没有保存：\n{listed}\n\n“保存”将其留作草稿，下次打开相应记录时继续；"
            "“不保存”将其丢弃。",
        )
        if answer == dialogs.CANCEL:
            return False
        for source, _ in pending:
            source.keep_unsaved() if answer == dialogs.SAVE else source.drop_unsaved()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_unsaved():
            event.ignore()
            return
        self.save_state()
        if self.ctx is not None:
            self.ctx.jobs.wait_for_done(10_000)
        super().closeEvent(event)


def tab_keys() -> list[str]:
    return [spec.key for spec in TAB_SPECS]
