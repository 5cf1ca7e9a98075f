"""Choosing files (with the last folder remembered) and handing files to Word, Excel or the printer.

Every file dialog of gmdesk goes through here: it opens in the folder last used for the same purpose
(``key``, kept in QSettings), else in the given default, else in 文档 — never in the program's folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

WORD_FILTER = "Word 文档 (*.docx)"
EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"
ALL_FILES = "所有文件 (*)"


def documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def start_folder(key: str, default: Path | None = None) -> str:
    """Where a dialog for ``key`` opens: the last folder used for it, else ``default``, else 文档."""
    folder = QSettings().value(f"folders/{key}")
    if folder and Path(str(folder)).is_dir():
        return str(folder)
    if default is not None and default.is_dir():
        return str(default)
    return documents_folder()


def _remember(key: str, path: str) -> None:
    QSettings().setValue(f"folders/{key}", str(Path(path).parent))


def choose_save_path(
    parent: QWidget | None,
    title: str,
    suggested_name: str,
    file_filter: str,
    key: str,
    default: Path | None = None,
) -> Path | None:
    folder = Path(start_folder(key, default))
    path, _ = QFileDialog.getSaveFileName(parent, title, str(folder / suggested_name), file_filter)
    if not path:
        return None
    _remember(key, path)
    return Path(path)


def choose_open_path(
    parent: QWidget | None, title: str, file_filter: str, key: str, default: Path | None = None
) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, start_folder(key, default), file_filter)
    if not path:
        return None
    _remember(key, path)
    return Path(path)


def choose_open_paths(parent: QWidget | None, title: str, file_filter: str, key: str) -> list[Path]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, start_folder(key), file_filter)
    if paths:
        _remember(key, paths[0])
    return [Path(p) for p in paths]


def choose_folder(parent: QWidget | None, title: str, key: str, default: Path | None = None) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, start_folder(key, default))
    if not folder:
        return None
    QSettings().setValue(f"folders/{key}", folder)
    return Path(folder)


def open_file(path: Path) -> bool:
    """Open with the program the system associates (Word, WPS, Excel)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def print_file(path: Path) -> bool:
    """Send to the default printer with the system's print verb (Windows); elsewhere lp if present."""
    if sys.platform == "win32":
        os.startfile(str(path), "print")  # type: ignore[attr-defined]  # Windows only; mypy checks for Linux
        return True
    try:
        subprocess.run(["lp", str(path)], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return True
