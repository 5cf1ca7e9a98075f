"""The 年度自查 tab: pages in a QTabWidget — the self-inspection report, the 整改台账 (rectification items
found by the report, the checks or a superior's 通报), and the 培训记录 (the training register)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QTabWidget, QVBoxLayout, QWidget

from gmdesk.ui import bus
from gmdesk.ui.context import AppContext
from gmdesk.ui.rectification.panel import RectificationPanel
from gmdesk.ui.report.page import ReportPage
from gmdesk.ui.report.trainings import TrainingPanel
from gmdesk.ui.tab_base import Tab, Target


class ReportTab(Tab):
    title = "年度自查"
    areas = frozenset(
        {
            bus.ACCOUNTS,
            bus.FILINGS,
            bus.POSTS,
            bus.MESSAGES,
            bus.REPORTS,
            bus.RECTIFICATIONS,
            bus.POLICY,
            bus.HOLIDAYS,
            bus.SETTINGS,
        }
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.report = ReportPage(ctx)
        self.pages.addTab(self.report, "自查报告")
        self.rectification = RectificationPanel(ctx)
        self.add_page(self.rectification, "整改台账")
        self.trainings = TrainingPanel(ctx)
        self.add_page(self.trainings, "培训记录")
        layout.addWidget(self.pages)
        self.menu = self._build_menu()

    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a page (e.g. 整改台账) after the report; returns its index."""
        return self.pages.addTab(widget, title)

    def reload(self) -> None:
        self.report.reload()  # the 整改台账 follows the data bus itself and loads when it is shown

    def show_target(self, target: Target) -> None:
        if target.kind == "rectification":
            self.pages.setCurrentWidget(self.rectification)
            self.rectification.show_item(int(target.id))
        elif target.kind == "report":
            self.pages.setCurrentWidget(self.report)
        elif target.kind == "training":
            self.pages.setCurrentWidget(self.trainings)

    def _build_menu(self) -> QMenu:
        menu = QMenu("自查(&I)", self)
        page = self.report
        self.menu_actions = {}
        for text, slot, shortcut in (
            ("生成报告(&G)…", page.generate, "Ctrl+G"),
            ("刷新预览(&P)", page.refresh_preview, None),
            (None, None, None),
            ("打开所选报告(&O)", page.open_selected, "Ctrl+Shift+O"),
            ("打开所在文件夹(&D)", page.open_folder, None),
            ("载入所选报告的文字(&L)", page.load_selected, None),
            ("重新生成所选报告(&R)…", page.regenerate_selected, "Ctrl+Shift+G"),
            (None, None, None),
            ("生成季度检查情况通报(&N)…", page.open_notice, None),
            ("单位排序(&U)…", page.open_unit_order, None),
        ):
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

    def focus_main(self) -> None:
        page = self.pages.currentWidget()
        if page is self.trainings:
            self.trainings.table.setFocus()
            return
        (self.rectification.table if page is self.rectification else self.report).setFocus()

    def new_item_label(self) -> str:
        return "新建整改事项"

    def new_item(self) -> None:
        if self.pages.currentWidget() is self.trainings:
            self.trainings.new_training()
            return
        self.pages.setCurrentWidget(self.rectification)
        self.rectification.new_item()
