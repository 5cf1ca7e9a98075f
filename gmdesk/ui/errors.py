"""Unexpected errors: logged to the rotating log file and shown in a dialog; environment errors explained."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QWidget

from gmdesk.documents.atomic import OutputFileBusy
from gmdesk.documents.xlsx import ImportRejected
from gmdesk.domain.errors import UserError
from gmdesk.store.errors import StoreError, classify
from gmdesk.ui import dialogs

log = logging.getLogger("gmdesk.crash")

_log_path: str = ""


def install_excepthook(log_path: str) -> None:
    global _log_path
    _log_path = log_path
    sys.excepthook = _excepthook


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    show_error(error, None)


def show_error(error: BaseException, parent: QWidget | None, title: str = "无法完成操作") -> None:
    """Say plainly what the clerk can put right (a :class:`UserError`, under ``title``) and what the machine
    is short of (locked, read-only, full disk); report anything else as a bug, logged with its traceback."""
    if isinstance(error, UserError):
        dialogs.warn(parent, title, error.message)
        return
    friendly = error if isinstance(error, StoreError) else classify(error)
    if isinstance(friendly, StoreError):
        log.warning("environment error: %s", friendly.message)
        dialogs.warn(parent, "无法完成操作", friendly.message)
        return
    if isinstance(error, ImportRejected):
        dialogs.warn(parent, "导入失败", error.summary(), error.report(limit=None))
        return
    if isinstance(error, OutputFileBusy | PermissionError | FileNotFoundError):
        dialogs.warn(parent, "无法写入文件", str(error))
        return
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log.error("unexpected error\n%s", details)
    dialogs.error(
        parent,
        "程序出错",
        "发生了意外错误，本次操作未完成，已保存的数据不受影响。\n"
        f"错误信息已记录到日志文件：\n{_log_path}\n请将该文件发给技术支持人员。",
        details,
    )
