"""Where gmdesk finds its packaged files and keeps the user's data.

Three ways to run: from a source checkout (forms/ and resources/ beside the package), from an installed
wheel (force-included under gmdesk/_data/), and frozen by PyInstaller (under sys._MEIPASS). A portable
mode keeps the data beside the executable when a file named ``portable.txt`` sits there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from gmdesk import APP_NAME

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / name)
    candidates.append(_PACKAGE_DIR / "_data" / name)
    candidates.append(_PACKAGE_DIR.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def forms_dir() -> Path:
    """The packaged Word templates."""
    return _bundled("forms")


def resources_dir() -> Path:
    """Icons, style sheets and other packaged resources."""
    return _bundled("resources")


def _chosen_home() -> Path | None:
    """The data folder when ``GMDESK_HOME`` or portable mode chooses it, else None (the platform default)."""
    override = os.environ.get("GMDESK_HOME")
    if override:
        return Path(override)
    if getattr(sys, "frozen", False) and (Path(sys.executable).parent / "portable.txt").exists():
        return Path(sys.executable).parent / "data"
    return None


def data_dir() -> Path:
    """The user's data folder (``%LOCALAPPDATA%\\gmdesk`` on Windows); ``GMDESK_HOME`` overrides it."""
    path = _chosen_home() or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def window_settings_dir() -> Path | None:
    """Where window sizes and table layouts go as an .ini file when the data folder was chosen (portable
    copy, benchmarks, tests), so they never mix with the installed copy's; None means the system's place
    (the registry on Windows)."""
    home = _chosen_home()
    return home / "settings" if home is not None else None


def default_database_path() -> Path:
    return data_dir() / "gmdesk.db"


def user_forms_dir() -> Path:
    """Templates the office restyled; a file here overrides the packaged template of the same name."""
    return data_dir() / "forms"


def template_path(file_name: str) -> Path:
    """The template to use: the user's copy if there is one, else the packaged one."""
    user_copy = user_forms_dir() / file_name
    if user_copy.is_file():
        return user_copy
    return forms_dir() / file_name


def attachments_dir() -> Path:
    path = data_dir() / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def is_url(location: object) -> bool:
    """A server database's URL (``postgresql+psycopg://…``) rather than a file's path. (Here, not in the store:
    the command line and the window ask it before anything imports SQLAlchemy.)"""
    return isinstance(location, str) and "://" in location and not location.startswith("sqlite")
