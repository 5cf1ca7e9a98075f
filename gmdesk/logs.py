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
