"""A rotating log file in the data folder, for the crash dialog to point at."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from gmdesk.paths import logs_dir

_configured: Path | None = None


def configure_logging(level: int = logging.INFO) -> Path:
    """Log to ``logs/gmdesk.log`` (1 MB × 5 files) once per process; returns the file's path."""
    global _configured
    if _configured is not None:
        return _configured
    path = logs_dir() / "gmdesk.log"
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    _configured = path
    return path


_crash_file = None  # kept open for the whole process: faulthandler writes into it when Python cannot


def enable_crash_log() -> Path:
    """Native crashes (a segfault in Qt, an abort) are written with every thread's Python stack to
    ``logs/crash.log``; the next start points the clerk and support at it."""
    global _crash_file
    path = logs_dir() / "crash.log"
    if _crash_file is None:
        import faulthandler
        import os
        from datetime import datetime

        if path.exists() and path.stat().st_size > 1_000_000:
            path.replace(path.with_suffix(".log.1"))  # keep one older file, not an ever-growing one
        _crash_file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - must outlive this function
        _crash_file.write(f"--- gmdesk 启动 {datetime.now():%Y-%m-%d %H:%M:%S}（进程 {os.getpid()}）\n")
        _crash_file.flush()
        faulthandler.enable(file=_crash_file, all_threads=True)
    return path
