"""Qt's own texts in Chinese: message-box buttons and 显示详情, file dialogs, context menus, standard buttons.

PySide6 ships Qt's translations (``qtbase_zh_CN.qm``); the frozen build keeps only that one. Installed once at
start, before any widget exists, so gmdesk never needs to hand-write 确定/取消 on a standard button.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

CATALOGUE = "qtbase_zh_CN"
CHINESE = QLocale("zh_CN")

_installed: QTranslator | None = None

MISSING = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}
"""Strings Qt 6 renamed (an accelerator was added) that qtbase_zh_CN.qm has not caught up with: the file
dialog would show them in English."""


class _Supplement(QTranslator):
    """Answers only for :data:`MISSING`; installed after Qt's catalogue, so it is asked first."""

    def isEmpty(self) -> bool:
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return MISSING.get((context, source))  # None: not ours, Qt asks the next translator


def translation_folders() -> list[Path]:
    """Where Qt's .qm files may be: Qt's own idea of it, then the PySide6 package (wheel or frozen folder)."""
    import PySide6

    return [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).resolve().parent / "Qt" / "translations",
    ]


def install_qt_translation(app: QCoreApplication) -> bool:
    """Make Chinese the language of Qt's dialogs and of dates and numbers in widgets; False (and a line in
    the log) when the translation file is missing, so Qt's texts stay English but nothing else breaks."""
    global _installed
    QLocale.setDefault(CHINESE)
    if _installed is not None:
        return True
    translator = QTranslator(app)
    for folder in translation_folders():
        if translator.load(CATALOGUE, str(folder)):
            app.installTranslator(translator)
            app.installTranslator(_Supplement(app))
            _installed = translator
            return True
    log.warning("Qt's Chinese translation %s.qm was not found in %s", CATALOGUE, translation_folders())
    return False


def qt_translation_installed() -> bool:
    return _installed is not None
