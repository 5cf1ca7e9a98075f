"""使用手册: the offline manual (resources/manual/index.html) in a QTextBrowser, opened at a chapter.

F1 and each tab's ？ open the chapter of the tab in view; 帮助 › 使用手册 opens the contents. The main window
keeps one manual window, not modal, so the clerk can read beside the work; ``gmdesk --manual`` (the Start
menu's 使用手册) opens it alone.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from gmdesk.paths import resources_dir

CHAPTERS: dict[str, str] = {
    "contents": "目录",
    "dashboard": "工作台",
    "accounts": "账号备案",
    "calendar": "发布日历",
    "inbox": "留言回复",
    "report": "年度自查",
    "day": "一天的工作",
    "deadlines": "期限怎样计算",
    "rules": "规则及其依据",
    "documents": "表格和报告",
    "backup": "备份与恢复",
    "install": "安装与换电脑",
    "keys": "快捷键",
}
"""Anchor → chapter title; the tabs' keys are anchors, so a tab's ？ finds its chapter by its key."""


def manual_path():
    return resources_dir() / "manual" / "index.html"


class ManualWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用手册")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setModal(False)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.back = QPushButton("后退")
        self.home = QPushButton("目录")
        bar.addWidget(self.back)
        bar.addWidget(self.home)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setObjectName("manual")
        layout.addWidget(self.browser, 1)
        self.back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.back.setEnabled(False)
        self.home.clicked.connect(lambda: self.go("contents"))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, activated=self.browser.backward)
        geometry = QSettings().value("manual/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1040, 760)  # the screenshots are 960 wide

    def go(self, chapter: str) -> None:
        """Show ``chapter`` in the browser (the window as it is)."""
        url = QUrl.fromLocalFile(str(manual_path()))
        url.setFragment(chapter if chapter in CHAPTERS else "contents")
        self.browser.setSource(url)
        self.browser.scrollToAnchor(url.fragment())

    def show_chapter(self, chapter: str) -> None:
        """Open the window at ``chapter``, in front."""
        self.go(chapter)
        if self.isVisible():  # already open behind the main window: bring it forward
            self.raise_()
            self.activateWindow()
        else:
            self.show()

    def chapter(self) -> str:
        return self.browser.source().fragment()

    def done(self, result: int) -> None:
        QSettings().setValue("manual/geometry", self.saveGeometry())
        super().done(result)
