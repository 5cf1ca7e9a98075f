"""Choosing files (with the last folder remembered) and handing files to Word, Excel or the printer."""

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


def _last_folder(key: str) -> str:
    folder = QSettings().value(f"folders/{key}")
    if folder and Path(str(folder)).is_dir():
        return str(folder)
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def _remember(key: str, path: str) -> None:
    QSettings().setValue(f"folders/{key}", str(Path(path).parent))


def choose_save_path(parent: QWidget | None, title: str, suggested_name: str, file_filter: str, key: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(_last_folder(key)) / suggested_name), file_filter)
    if not path:
        return None
    _remember(key, path)
    return Path(path)


def choose_open_path(parent: QWidget | None, title: str, file_filter: str, key: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, _last_folder(key), file_filter)
    if not path:
        return None
    _remember(key, path)
    return Path(path)


def choose_folder(parent: QWidget | None, title: str, key: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, _last_folder(key))
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
        os.startfile(str(path), "print")  # type: ignore[attr-defined]
        return True
    try:
        subprocess.run(["lp", str(path)], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return True
