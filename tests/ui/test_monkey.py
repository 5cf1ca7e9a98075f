"""A seeded monkey: thousands of random clerk actions across the five tabs of the demo county.

Clicks on rows and headers, searches and filters, keys, drags of planned posts, dialogs opened, typed into
and closed (saved or not), record switches, tab switches. The test fails on any exception (pytest-qt
reports exceptions raised in Qt's event loop), any Qt warning (``qt_log_level_fail``), any "程序出错"
dialog (a bug the UI caught), and whenever a detail pane shows another record than the current row of its
list. A failure prints the seed and the last actions, so it can be replayed.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gmdesk.services.demo import generate_demo
from gmdesk.services.drafts import all_drafts
from gmdesk.ui import dialogs
from gmdesk.ui.accounts.tab import AccountsTab
from gmdesk.ui.app import Shell
from gmdesk.ui.calendar.tab import CalendarTab
from gmdesk.ui.dashboard.tab import DashboardTab
from gmdesk.ui.inbox.tab import InboxTab
from gmdesk.ui.report.tab import ReportTab
from gmdesk.ui.widgets.form_dialog import FormDialog
from tests.ui.conftest import PINNED_NOW, PromptRecorder

SEEDS = (1, 2, 3)
ACTIONS = int(__import__("os").environ.get("GMDESK_MONKEY_ACTIONS", "2000"))
CHECK_EVERY = 25
WORDS = (
    "青岚",
    "发布",
    "城关镇",
    "教育",
    "路灯",
    "#12",
    "赵丽",
    "微博",
    "投诉",
    "",
    "",
    "不存在的账号",
    "住建",
    "2026",
)
TEXTS = (
    "您好，已收到。",
    "请核实后答复",
    "县委全会",
    "路灯已修复",
    "测试",
    "=HYPERLINK(1)",
    "很长的内容" * 20,
    "",
)


@pytest.fixture
def demo_shell(qapp: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shell]:
    from gmdesk.services.database import open_database
    from gmdesk.ui import files

    # The system's file dialogs are modal loops of their own that no key the monkey presses closes: the clerk
    # cancels them (a 转办 saved with 生成转办单 ticked asks where to save the form).
    for chooser in ("choose_save_path", "choose_open_path", "choose_folder"):
        monkeypatch.setattr(files, chooser, lambda *args, **kwargs: None)

    database = open_database(db_path)
    generate_demo(database, scale="small", seed=1, as_of=PINNED_NOW.date())
    database.close()
    shell = Shell(qapp, headless=True, now=lambda: PINNED_NOW)
    assert shell.open(db_path)
    assert shell.window is not None
    shell.window.resize(1280, 800)
    shell.show()
    shell.wait_idle()
    yield shell
    shell.close()


class Monkey:
    def __init__(self, shell: Shell, qtbot: QtBot, prompts: PromptRecorder, seed: int) -> None:
        self.shell = shell
        self.qtbot = qtbot
        self.prompts = prompts
        self.random = random.Random(seed)
        self.seed = seed
        self.history: deque[str] = deque(maxlen=30)
        assert shell.window is not None
        self.window = shell.window
        self.actions: list[tuple[int, Callable[[], None]]] = [
            (6, self.switch_tab),
            (14, self.click_row),
            (4, self.sort),
            (6, self.search),
            (6, self.filter),
            (10, self.keys),
            (8, self.open_dialog),
            (5, self.drag),
            (5, self.calendar_move),
            (3, self.dashboard),
            (5, self.reply),
            (2, self.report),
            (2, self.reload),
        ]

    # ------------------------------------------------------------------ running
    def run(self, count: int) -> None:
        weights = [w for w, _ in self.actions]
        for step in range(count):
            self.answer_modal()
            _, action = self.random.choices(self.actions, weights)[0]
            self.history.append(f"{step}: {action.__name__} on {type(self.window.current_tab()).__name__}")
            action()
            QApplication.processEvents()
            if step % CHECK_EVERY == CHECK_EVERY - 1:
                self.settle_and_check()
        self.settle_and_check()

    def fail(self, why: str) -> None:
        pytest.fail(f"seed {self.seed}: {why}\nlast actions:\n" + "\n".join(self.history))

    def settle_and_check(self) -> None:
        for _ in range(3):
            self.answer_modal()
            self.qtbot.wait(90)  # the ledger's detail timer (60 ms), the search boxes' (250 ms) later turns
            self.shell.wait_idle()
        self.qtbot.wait(300)
        self.answer_modal()
        self.shell.wait_idle()
        errors = [p for p in self.prompts.prompts if p.kind == "error"]
        if errors:
            self.fail(f"the error dialog was shown: {errors[0].title} {errors[0].text}\n{errors[0].details}")
        self.check_panes()

    def check_panes(self) -> None:
        """Every detail pane shows the current row of its list, or nothing."""
        built = self.window._built
        accounts = built.get("accounts")
        if isinstance(accounts, AccountsTab) and accounts.ledger is not None:
            shown = accounts.detail_pane.detail
            if (shown.form.id if shown else None) != accounts.current_id():
                self.fail(
                    f"账号备案 pane shows {shown and shown.form.id}, the row is {accounts.current_id()}"
                )
        inbox = built.get("inbox")
        if isinstance(inbox, InboxTab) and not inbox.model.loading:
            index = inbox.table.currentIndex()
            selected = inbox.table.selectionModel().isRowSelected(index.row()) if index.isValid() else False
            row_id = inbox.model.row_at(index.row()).id if selected else None
            shown_id = inbox.detail.id if inbox.detail else None
            if row_id != shown_id:
                self.fail(
                    f"留言回复 pane shows {shown_id}, the row is {row_id} (selected {inbox.selected_id}, "
                    f"found at {inbox.model.find(shown_id or 0)}, {inbox.model.rowCount()} rows, pinned "
                    f"{inbox.model.pinned_id}, filter {inbox.filters.current()}, exhausted "
                    f"{inbox.model.exhausted})"
                )
        report = built.get("report")
        if isinstance(report, ReportTab):
            panel = report.rectification
            shown_item = panel.detail.row.id if panel.detail else None
            if shown_item != panel.current_id():
                self.fail(f"整改台账 pane shows {shown_item}, the row is {panel.current_id()}")

    # ------------------------------------------------------------------ dialogs
    def answer_modal(self) -> None:
        """A dialog is open (the last action opened one): type into it, then close it as a clerk would."""
        for _ in range(5):
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QDialog) or not dialog.isVisible():
                return
            self.history.append(f"  dialog {type(dialog).__name__}")
            self.type_into(dialog)
            how = self.random.choice(("esc", "cancel", "close", "save"))
            self.prompts.unsaved_answers.extend(
                [self.random.choice((dialogs.DISCARD, dialogs.CANCEL, dialogs.SAVE)), dialogs.DISCARD]
            )
            if how == "save" and isinstance(dialog, FormDialog):
                dialog.submit()
                self.shell.wait_idle()
            elif how == "esc":
                self.qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            elif how == "cancel":
                dialog.reject()
            else:
                dialog.close()
            if dialog.isVisible():
                dialog.done(0)  # 保存 refused or 取消 chosen: the clerk gives up on it now
            self.prompts.unsaved_answers.clear()
            QApplication.processEvents()

    def type_into(self, dialog: QWidget) -> None:
        inputs = [
            w
            for w in dialog.findChildren(QWidget)
            if w.isVisible() and w.isEnabled() and isinstance(w, QLineEdit | QPlainTextEdit | QComboBox)
        ]
        for widget in self.random.sample(inputs, min(len(inputs), self.random.randint(0, 3))):
            if isinstance(widget, QComboBox):
                if widget.count():
                    widget.setCurrentIndex(self.random.randrange(widget.count()))
            elif isinstance(widget, QLineEdit) and not widget.isReadOnly():
                widget.setText(self.random.choice(TEXTS)[:60])
            elif isinstance(widget, QPlainTextEdit) and not widget.isReadOnly():
                widget.setPlainText(self.random.choice(TEXTS))

    # ------------------------------------------------------------------ the actions
    def tab(self) -> Any:
        return self.window.current_tab()

    def table(self) -> QAbstractItemView | None:
        tab = self.tab()
        if isinstance(tab, AccountsTab | InboxTab):
            return tab.table
        if isinstance(tab, ReportTab) and tab.pages.currentWidget() is tab.rectification:
            return tab.rectification.table
        if isinstance(tab, CalendarTab) and tab.view == "list":
            return tab.list.table
        if isinstance(tab, DashboardTab):
            return tab.todo
        return None

    def switch_tab(self) -> None:
        self.window.go_to_tab(self.random.choice(("dashboard", "accounts", "calendar", "inbox", "report")))

    def click_row(self) -> None:
        table = self.table()
        model = table.model() if table is not None else None
        if table is None or model is None or not model.rowCount():
            return
        index = model.index(self.random.randrange(min(model.rowCount(), 40)), 0)
        table.scrollTo(index)
        rect = table.visualRect(index)
        if rect.isValid():
            double = self.random.random() < 0.1
            click = self.qtbot.mouseDClick if double else self.qtbot.mouseClick
            click(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    def sort(self) -> None:
        table = self.table()
        header = getattr(table, "horizontalHeader", lambda: None)()
        if header is None or not header.count():
            return
        section = self.random.randrange(header.count())
        point = QPoint(
            header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2
        )
        self.qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)

    def search(self) -> None:
        tab = self.tab()
        box = (
            tab.search
            if isinstance(tab, AccountsTab)
            else tab.filters.search
            if isinstance(tab, InboxTab)
            else tab.list.search
            if isinstance(tab, CalendarTab) and tab.view == "list"
            else tab.rectification.search_box
            if isinstance(tab, ReportTab)
            else None
        )
        if box is not None:
            box.setText(self.random.choice(WORDS))
            if self.random.random() < 0.5:
                box.returnPressed.emit()

    def filter(self) -> None:
        tab = self.tab()
        combos: list[QComboBox] = []
        if isinstance(tab, AccountsTab):
            combos = [tab.unit_filter, tab.platform_filter, tab.state_filter, tab.deadline_filter]
        elif isinstance(tab, InboxTab):
            combos = [c for c in tab.filters.findChildren(QComboBox) if c.isVisible()]
        elif isinstance(tab, ReportTab) and tab.pages.currentWidget() is tab.rectification:
            combos = [tab.rectification.state_filter, tab.rectification.source_filter]
        combos = [c for c in combos if c.count()]
        if combos:
            combo = self.random.choice(combos)
            combo.setCurrentIndex(self.random.randrange(combo.count()))

    def keys(self) -> None:
        widget = QApplication.focusWidget() or self.window
        key = self.random.choice(
            (
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
                Qt.Key.Key_Left,
                Qt.Key.Key_Right,
                Qt.Key.Key_PageUp,
                Qt.Key.Key_PageDown,
                Qt.Key.Key_Home,
                Qt.Key.Key_Tab,
                Qt.Key.Key_Return,
                Qt.Key.Key_Escape,
                Qt.Key.Key_F2,
            )
        )
        if isinstance(widget, QAbstractButton) and key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
            return  # pressing a random button may start an export with a file dialog
        self.qtbot.keyClick(widget, key)

    def open_dialog(self) -> None:
        tab = self.tab()
        choice = self.random.random()
        if choice < 0.35 and self.window.new_item_action.isEnabled():
            self.window.new_item_action.trigger()
        elif isinstance(tab, AccountsTab) and tab.current_id() is not None:
            self.random.choice((tab.edit_account, tab.edit_org))()
        elif isinstance(tab, InboxTab) and tab.detail is not None:
            key = self.random.choice(
                ("transfer", "transfer_answer", "reject", "extend", "commit", "note", "reopen")
            )
            button = tab.pane.buttons.get(key)
            allowed = (button is not None and button.isEnabled()) or key in ("note", "commit")
            if allowed or (key == "reopen" and not tab.detail.state.is_open):
                tab.actions.run(key)
        elif isinstance(tab, CalendarTab):
            chips = [c for c in (tab.period.cells if tab.period else []) for c in c.chips]
            if chips:
                tab.open_post(self.random.choice(chips).id)
        elif isinstance(tab, ReportTab) and tab.pages.currentWidget() is tab.rectification:
            self.random.choice(
                (
                    tab.rectification.edit_current,
                    tab.rectification.complete_current,
                    tab.rectification.new_item,
                )
            )()
        self.shell.wait_idle()

    def drag(self) -> None:
        tab = self.tab()
        if not isinstance(tab, CalendarTab) or tab.view == "list" or tab.period is None:
            return
        if tab.view == "week":
            lists = [dl for dl in tab.week.lists if dl.count()]
            if not lists:
                return
            source = self.random.choice(lists)
            item = source.item(self.random.randrange(source.count()))
            if not item.flags() & Qt.ItemFlag.ItemIsDragEnabled:
                return
            source.setCurrentItem(item)
            mime = source.model().mimeData([source.indexFromItem(item)])
            target = self.random.choice(tab.week.lists).viewport()
            point = QPoint(10, 10)
        else:
            planned = [c for cell in tab.period.cells for c in cell.chips if c.status.value == "planned"]
            if not planned:
                return
            from gmdesk.ui.calendar.drag import post_mime

            mime = post_mime(self.random.choice(planned).id)
            day = tab.period.first + timedelta(
                days=self.random.randrange((tab.period.last - tab.period.first).days + 1)
            )
            target, point = tab.grid, tab.grid.cell_rect(day).center()
        actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
        buttons, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        for event in (
            QDragEnterEvent(point, actions, mime, buttons, none),
            QDragMoveEvent(point, actions, mime, buttons, none),
            QDropEvent(QPointF(point), actions, mime, buttons, none),
        ):
            QApplication.sendEvent(target, event)
        self.prompts.answers.append(self.random.random() < 0.5)  # 仍然改期吗？
        self.shell.wait_idle()
        self.prompts.answers.clear()

    def calendar_move(self) -> None:
        tab = self.tab()
        if not isinstance(tab, CalendarTab):
            return
        move = self.random.choice(("step", "back", "today", "view"))
        if move == "step":
            tab.step(1)
        elif move == "back":
            tab.step(-1)
        elif move == "today":
            tab.go_today()
        else:
            tab.set_view(self.random.choice(("month", "week", "list")))

    def dashboard(self) -> None:
        tab = self.tab()
        if not isinstance(tab, DashboardTab):
            return
        items = [
            tab.todo.topLevelItem(i).child(j)
            for i in range(tab.todo.topLevelItemCount())
            for j in range(tab.todo.topLevelItem(i).childCount())
        ]
        if items:
            row = self.random.choice(items)
            tab.todo.itemActivated.emit(row, 0)

    def reply(self) -> None:
        tab = self.tab()
        if isinstance(tab, InboxTab) and tab.detail is not None and tab.pane.editor.text.isEnabled():
            tab.pane.editor.text.setPlainText(self.random.choice(TEXTS))

    def report(self) -> None:
        tab = self.tab()
        if isinstance(tab, ReportTab):
            tab.pages.setCurrentIndex(self.random.randrange(tab.pages.count()))
            if tab.pages.currentWidget() is tab.report and tab.report.kind.count():
                tab.report.kind.setCurrentIndex(self.random.randrange(tab.report.kind.count()))

    def reload(self) -> None:
        tab = self.tab()
        if tab is not None:
            tab.reload()


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_monkey_clerk_breaks_nothing(
    demo_shell: Shell, qtbot: QtBot, prompts: PromptRecorder, seed: int
) -> None:
    monkey = Monkey(demo_shell, qtbot, prompts, seed)
    monkey.run(ACTIONS)
    assert demo_shell.ctx is not None
    with demo_shell.ctx.database.read_session() as session:
        assert all(d.title for d in all_drafts(session))  # whatever was kept can be recognised
