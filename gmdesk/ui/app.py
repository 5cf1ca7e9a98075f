"""Start the desktop application: one window over one database, locked against a second instance."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QLockFile, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from gmdesk import APP_NAME, APP_TITLE, __version__
from gmdesk.collector import long_lived
from gmdesk.logs import configure_logging, enable_crash_log
from gmdesk.paths import is_url, logs_dir, resources_dir, window_settings_dir
from gmdesk.store.errors import DatabaseCorrupt, StoreError
from gmdesk.ui import bus, dialogs, safety
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import install_excepthook, show_error
from gmdesk.ui.main_window import TAB_SPECS, MainWindow
from gmdesk.ui.translation import install_qt_translation, qt_translation_installed

if TYPE_CHECKING:
    from gmdesk.services.operators import OperatorInfo
    from gmdesk.store.database import Database

log = logging.getLogger(__name__)

UI_FONTS = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "SimSun",
]


def configure_application(app: QApplication) -> None:
    settings_dir = window_settings_dir()
    if settings_dir is not None:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    install_qt_translation(app)
    app.setApplicationDisplayName(APP_TITLE)
    app.setStyle("Fusion")  # the same calm look on every Windows version (ignored if unavailable)
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSize(10)
    app.setFont(font)
    style = resources_dir() / "style.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    icon = resources_dir() / "icons" / "gmdesk.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


SERVER_POLL_MS = 5_000
"""How often a window on a shared database asks whether other clerks changed something."""


class _Opener(QObject):
    """Opens a database on a plain thread (importing the database layer there) and reports back."""

    finished = Signal(object)
    """The open Database, or the exception that prevented it."""

    def start(self, path: Path) -> None:
        threading.Thread(target=self._work, args=(path,), name="gmdesk-open", daemon=True).start()

    def _work(self, path: Path) -> None:
        try:
            with long_lived():
                from gmdesk.services.database import open_database

            result: object = open_database(path)
        except BaseException as error:  # delivered to the UI thread, which explains or reports it
            result = error
        self.finished.emit(result)


class Shell:
    """Owns the lock, the database and the window; swaps them when the clerk opens another database.

    The window is shown before the database is opened: the lock is taken, the window skeleton appears, and
    the database layer is imported and the file opened on a background thread; the tabs arrive when it is
    ready. On a slow office PC the clerk sees the window at once instead of waiting for the imports.
    """

    def __init__(
        self, app: QApplication, headless: bool = False, now: Callable[[], datetime] = datetime.now
    ) -> None:
        self.app = app
        self.headless = headless
        self.now = now
        """The clock handed to every tab (tests pin it)."""
        self.lock: QLockFile | None = None
        self.database: Database | None = None
        self.ctx: AppContext | None = None
        self.window: MainWindow | None = None
        self._opener: _Opener | None = None
        self._outcome: bool | None = None
        self._waiting = False
        self.sign_in = not headless
        """Ask who is working when a second operator exists (headless runs work as the 本机操作员)."""
        self.recover = not headless
        """Offer the newest good backup when the database is found damaged (headless runs only say so)."""
        self._recovery: tuple[Path, DatabaseCorrupt] | None = None
        """A database found damaged at opening, whose recovery is still to be offered."""
        self.abnormal_end = False
        """The last session on the open database ended without closing it (a crash, a power cut)."""
        app.commitDataRequest.connect(self._session_ending)

    # ------------------------------------------------------------------ opening and closing
    def open(self, path: Path | str, *, wait: bool = True, show: bool = False) -> bool:
        """Open ``path`` in a new window. With ``wait`` return only once the database is open (or not).

        ``path`` may be a server database's URL (a str): the window's lock, backups and attachments then live in
        the folder this PC keeps for it (``gmdesk.store.dialect.local_path``)."""
        url = str(path) if is_url(path) else None
        if url is not None:
            from gmdesk.store.dialect import local_path  # (a server: SQLAlchemy parses its URL)

            path = local_path(url)
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            path = Path(path).expanduser().resolve()
        lock = QLockFile(str(path) + ".lock")
        lock.setStaleLockTime(0)  # the lock lives as long as the window; a dead owner is detected by pid
        left_behind = Path(str(path) + ".lock").exists()
        if not path.parent.is_dir():
            dialogs.warn(
                self.window,
                "文件夹不存在",
                f"找不到文件夹：\n{path.parent}\n\n无法在其中打开或新建数据库 {path.name}。"
                "请检查路径是否写错、U 盘或网络盘是否已连接，或先建好这个文件夹再打开。",
            )
            return False
        if not lock.tryLock(200):
            if lock.error() == QLockFile.LockError.LockFailedError:
                dialogs.warn(
                    self.window,
                    "数据库已打开",
                    f"数据库 {path} 已在另一个 gmdesk 窗口中打开。\n请切换到那个窗口，或先将其关闭。",
                )
            else:  # the lock file cannot be created: a read-only folder, no permission, a missing drive
                dialogs.warn(
                    self.window,
                    "无法打开数据库",
                    f"无法在数据库所在的文件夹 {path.parent} 中创建锁文件：该文件夹是只读的、没有写入权限或不存在。\n"
                    "请把数据库复制到可写的文件夹（如“文档”）后再打开，或请管理员授予写入权限。",
                )
            return False
        if not self.close():
            lock.unlock()  # the clerk chose to stay with unsaved input
            return False
        self.lock = lock
        self.abnormal_end = left_behind  # the lock was there and we still got it: its owner died
        window = MainWindow(path)
        window.open_requested.connect(self._switch)
        window.restore_requested.connect(self._restore)
        window.demo_requested.connect(self.load_demo)
        self.window = window
        if show:
            window.show()
            QCoreApplication.processEvents()  # paint the window before the imports take the interpreter
        self._outcome = None
        opener = _Opener()
        opener.finished.connect(lambda result: self._opened(path, result), Qt.ConnectionType.QueuedConnection)
        self._opener = opener
        # Everything that listens for the result is connected before the thread starts: a file that opens
        # faster than this method returns must still wake the loop below.
        loop = QEventLoop() if wait else None
        if loop is not None:
            opener.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
        opener.start(url or path)  # type: ignore[arg-type]
        if loop is not None:
            self._waiting = True
            try:
                while self._outcome is None:
                    loop.exec()
            finally:
                self._waiting = False
            if self._recovery is not None:  # offered once this open has returned its answer
                QTimer.singleShot(0, self._offer_recovery)
        return bool(self._outcome) if wait else True

    def wait_opened(self) -> bool:
        """Turn the event loop until the file given to ``open(wait=False)`` is open (True) or failed (False)."""
        loop = QEventLoop()
        while self.ctx is None and self._outcome is None:
            QTimer.singleShot(10, loop.quit)
            loop.exec()
        return self.ctx is not None

    def _offer_recovery(self) -> None:
        if self._recovery is not None:
            path, error = self._recovery
            self._recovery = None
            safety.offer_recovery(self, path, error, error.candidate)

    def _opened(self, path: Path, result: object) -> None:
        from gmdesk.store.database import Database  # already imported by the opener thread

        window = self.window
        if window is None or window.db_path != path or self._outcome is not None:
            if isinstance(result, Database):
                result.close()  # the clerk moved on to another file meanwhile
            return
        if not isinstance(result, Database):
            self._outcome = False
            if self.lock is not None:
                self.lock.unlock()
                self.lock = None
            message = result.message if isinstance(result, StoreError) else str(result)
            window.show_failure(message)
            if (
                isinstance(result, DatabaseCorrupt) and not self.recover
            ):  # --self-test: say why, offer nothing
                dialogs.warn(window, "数据库已损坏", result.message)
            elif isinstance(result, DatabaseCorrupt):  # the newest good backup is offered, not inside open()
                self._recovery = (path, result)
                if not self._waiting:
                    QTimer.singleShot(0, self._offer_recovery)
            elif isinstance(result, StoreError):
                dialogs.warn(window, "无法打开数据库", result.message)
            elif isinstance(result, BaseException):
                show_error(result, window)
            return
        database = result
        self.database = database
        who = self._who_is_working(window, database)
        if who is None:  # nobody signed in: the database is not opened for work
            database.close()
            self.database, self._outcome = None, False
            if self.lock is not None:
                self.lock.unlock()
                self.lock = None
            window.show_failure("没有选择操作员，数据库未打开。")
            return
        database.operator = who.name  # recorded with every write from now on
        ctx = AppContext.create(database, on_unhandled=lambda e: show_error(e, self.window), now=self.now)
        ctx.operator, ctx.may_see_personal_data = who.name, who.may_see_personal_data
        self.ctx = ctx
        window.attach(ctx)
        self._bring_rules_in_force(ctx)
        if database.is_server:
            self._watch_server(ctx, window)
        else:  # (the recent files are files)
            settings = QSettings()
            recent = [p for p in (settings.value("recent", []) or []) if p != str(path)]
            settings.setValue("recent", [str(path), *recent][:8])
        self._outcome = True
        if self.abnormal_end:
            log.warning("the last session on %s ended abnormally", path)
            QTimer.singleShot(0, window, self._report_abnormal_end)
        if window.isVisible():
            QTimer.singleShot(500, self._after_show)

    def _watch_server(self, ctx: AppContext, window: MainWindow) -> None:
        """A shared database: other clerks' changes appear without restarting. Every few seconds a read job
        asks for the change counter (``services.changes``); when it moved, every tab hears that its data
        changed (and reloads when it is shown), as after a write of this window."""
        from gmdesk.services.changes import change_mark
        from gmdesk.ui import bus

        seen: dict[str, int | bool | None] = {"mark": None, "busy": False}

        def done(mark: int) -> None:
            seen["busy"] = False
            if seen["mark"] is not None and mark != seen["mark"] and self.ctx is ctx:
                ctx.bus.notify(bus.EVERYTHING)
            seen["mark"] = mark

        def failed(_error: BaseException) -> None:  # the server out of reach: the next action says so
            seen["busy"] = False

        def poll() -> None:
            if seen["busy"] or self.ctx is not ctx:
                return
            seen["busy"] = True
            ctx.jobs.run(change_mark, on_done=done, on_error=failed)

        timer = QTimer(window)
        timer.setInterval(SERVER_POLL_MS)
        timer.timeout.connect(poll)
        timer.start()
        poll()

    @staticmethod
    def _bring_rules_in_force(ctx: AppContext) -> None:
        """Deadlines stored under other rules (a file from an older gmdesk) follow the rules in force."""
        from gmdesk.services.rules_in_force import ensure_in_force

        def done(result: Any) -> None:
            if result.filings or result.messages:
                ctx.bus.notify({bus.FILINGS, bus.MESSAGES})

        ctx.jobs.run(ensure_in_force, write=True, on_done=done)

    def _who_is_working(self, window: MainWindow, database: Database) -> OperatorInfo | None:
        """The 本机操作员, or — with a second operator, or a password — whoever signs in."""
        from gmdesk.services import operators
        from gmdesk.ui.operators import choose_operator

        if self.sign_in:
            return choose_operator(window, database)
        with database.session() as session:
            return operators.info(session, operators.local_name(session))

    def _session_ending(self, _manager: object) -> None:
        """Windows is logging off or shutting down: keep whatever is typed as drafts, without asking."""
        if self.ctx is None:
            return
        for source, _ in self.ctx.drafts.unsaved():
            source.keep_unsaved()
        self.ctx.jobs.wait_for_done(5_000)

    def _report_abnormal_end(self) -> None:
        """The last session ended without closing (a crash, a power cut): say so, and what was recovered."""
        if self.ctx is None:
            return
        from gmdesk.services.drafts import all_drafts

        window, crash_log = self.window, logs_dir() / "crash.log"

        def tell(drafts: list[Any]) -> None:
            text = "gmdesk 上次没有正常退出（可能是程序出错、断电或强制关机）。已保存的数据不受影响。\n\n"
            if drafts:
                listed = "\n".join(f"· {d.title}（{d.saved_at:%m-%d %H:%M}）" for d in drafts[:12])
                more = f"\n……另有{len(drafts) - 12}份" if len(drafts) > 12 else ""
                text += (
                    f"找回了 {len(drafts)} 份未保存的内容：\n{listed}{more}\n\n打开相应的记录即可继续编辑。"
                )
            else:
                text += "没有需要找回的未保存内容。"
            if crash_log.exists() and crash_log.stat().st_size:
                text += f"\n\n出错信息（如有）记录在：\n{crash_log}"
            dialogs.inform(window, "上次没有正常退出", text)

        self.ctx.jobs.run(all_drafts, on_done=tell)

    def close(self) -> bool:
        """Close the window and the database; False (and nothing closed) when the clerk chose to stay with
        input not yet saved."""
        if self.window is not None:
            if not self.window.close():
                return False
            self.window.deleteLater()
            self.window = None
        if self.ctx is not None:
            self.ctx.jobs.shutdown()
            self.ctx = None
        if self.database is not None:
            self.database.close()
            self.database = None
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None
        return True

    def show(self) -> None:
        assert self.window is not None
        self.window.show()
        if self._outcome:
            QTimer.singleShot(500, self._after_show)

    def _switch(self, path: Path | str) -> None:
        if self.database is not None and is_url(path):
            if str(path) == self.database.url:
                return
        elif self.database is not None and Path(path).expanduser().resolve() == self.database.path:
            return
        self.open(path, wait=False, show=True)

    # ------------------------------------------------------------------ first run, backups, demo
    def _after_show(self) -> None:
        if self.ctx is None or self.headless:
            return
        path = self.ctx.database.path
        from gmdesk.store.backup import daily_backup, daily_backup_due

        if not self.ctx.database.is_server and daily_backup_due(
            path
        ):  # (a server: its own, or gmdesk backup)
            self.ctx.jobs.run(lambda control: daily_backup(path), with_session=False)
        self.ctx.jobs.run(self._first_run_check, on_done=self._offer_demo)

    @staticmethod
    def _first_run_check(session) -> bool:
        """An empty database never set up: ask for the office's setup, then offer the ways to start."""
        from gmdesk.services import office_setup
        from gmdesk.services import settings as office_settings

        if office_setup.needs_first_run(session) and not office_settings.get(
            session, office_settings.DEMO_OFFERED
        ):
            office_settings.put(session, office_settings.DEMO_OFFERED, True)
            return True
        return False

    def _offer_demo(self, empty_first_run: bool) -> None:
        if empty_first_run and self.window is not None:
            self.window.open_office_setup(first_run=True)

    def load_demo(self) -> None:
        from gmdesk.services.demo import DemoRefused, generate_demo

        if self.ctx is None:
            return
        ctx, window = self.ctx, self.window
        database = ctx.database
        today = ctx.today()

        def generate(control):
            return generate_demo(
                database, as_of=today, progress=control.progress, cancelled=lambda: control.cancelled
            )

        def failed(error: BaseException) -> None:
            if isinstance(error, DemoRefused):
                dialogs.inform(window, "示例数据", str(error))
            else:
                show_error(error, window)

        ctx.jobs.run(
            generate,
            with_session=False,
            write=True,
            changes=bus.EVERYTHING,
            progress="正在生成示例数据…",
            parent=window,
            cancellable=True,
            on_done=lambda summary: dialogs.inform(window, "示例数据已载入", summary.describe()),
            on_error=failed,
        )

    def _restore(self) -> None:
        safety.restore(self)

    # ------------------------------------------------------------------ headless runs
    def wait_idle(self, timeout_ms: int = 60_000) -> bool:
        """Run the event loop until every job has delivered its result (or the timeout passes)."""
        if self.ctx is None:
            return False
        jobs = self.ctx.jobs
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.start(timeout_ms)
        while deadline.isActive():
            QCoreApplication.processEvents()
            if not jobs.busy:
                QCoreApplication.processEvents()
                if not jobs.busy:
                    return True
            loop = QEventLoop()
            jobs.idle.connect(loop.quit)
            QTimer.singleShot(100, loop.quit)
            loop.exec()
            jobs.idle.disconnect(loop.quit)
        return False

    def wait_settled(self, timeout_ms: int = 60_000) -> bool:
        """:meth:`wait_idle`, and until the tabs built in idle time are all there (benchmarks measure a
        window that has finished starting)."""
        deadline = time.perf_counter() + timeout_ms / 1000
        while self.wait_idle(timeout_ms):
            if self.window is None or not self.window.tabs_pending():
                return True
            if time.perf_counter() > deadline:
                break
            loop = QEventLoop()
            QTimer.singleShot(60, loop.quit)
            loop.exec()
        return False

    def visit_tabs(self) -> list[str]:
        assert self.window is not None
        visited = []
        for spec in TAB_SPECS:
            self.window.show_tab(spec.key)
            if not self.wait_idle():
                raise RuntimeError(f"页签“{spec.title}”加载超时")
            visited.append(spec.key)
        return visited

    def screenshots(self, folder: Path) -> list[Path]:
        assert self.window is not None
        folder.mkdir(parents=True, exist_ok=True)
        saved = []
        for number, spec in enumerate(TAB_SPECS, start=1):
            self.window.show_tab(spec.key)
            self.wait_idle()
            QCoreApplication.processEvents()
            target = folder / f"{number:02d}-{spec.key}.png"
            if not self.window.grab().save(str(target)):
                raise OSError(f"无法保存截图：{target}")
            saved.append(target)
        return saved


def _startup_probe(shell: Shell, started: float) -> int:
    """For bench/startup.py: report when the window is painted, when it is idle (the shown tab and every
    start-up job delivered) and when the other tabs have been built in idle time, then quit."""
    print(f"SHOWN {time.perf_counter() - started:.4f}", flush=True)
    shell.wait_opened()
    shell.wait_idle()
    QCoreApplication.processEvents()
    print("READY", flush=True)
    shell.wait_settled()
    print("SETTLED", flush=True)
    shell.close()
    return 0


def run_manual() -> int:
    """``gmdesk --manual`` (the Start menu's 使用手册): the manual alone, no database opened."""
    from gmdesk.ui.manual import ManualWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    window = ManualWindow()
    window.show_chapter("contents")
    return app.exec()


def run_gui(db_path: Path | str, *, self_test: bool = False, screenshots: Path | None = None) -> int:
    started = time.perf_counter()
    headless = self_test or screenshots is not None
    if headless:
        if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
            # a virtual 1920×1080 screen, so windows and screenshots get their real size
            screen = resources_dir() / "offscreen-screen.json"
            os.environ["QT_QPA_PLATFORM"] = (
                f"offscreen:configfile={screen}" if screen.is_file() else "offscreen"
            )
        dialogs.responder = dialogs.headless_responder
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    log_path = configure_logging()
    enable_crash_log()
    if not headless:
        install_excepthook(str(log_path))
    shell = Shell(app, headless=headless)
    if not headless:
        if not shell.open(db_path, wait=False, show=True):
            return 2
        if os.environ.get("GMDESK_STARTUP_PROBE"):
            return _startup_probe(shell, started)
        return app.exec()
    try:
        if not shell.open(db_path):
            return 2
        assert shell.window is not None
        shell.window.resize(1280, 800)
        shell.show()
        if screenshots is not None:
            for path in shell.screenshots(screenshots):
                print(path)
        if self_test:
            if not qt_translation_installed():
                print("未找到 Qt 的中文翻译（qtbase_zh_CN.qm），对话框按钮会显示英文", file=sys.stderr)
                return 1
            from gmdesk.ui.manual import manual_path

            if not manual_path().is_file():
                print(f"未找到使用手册：{manual_path()}", file=sys.stderr)
                return 1
            visited = shell.visit_tabs()
            print(f"已访问 {len(visited)} 个页签：{'、'.join(s.title for s in TAB_SPECS)}", file=sys.stderr)
            print("OK")
        return 0
    finally:
        shell.close()
