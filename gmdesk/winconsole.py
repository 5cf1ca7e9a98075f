"""On Windows, a windowed (no-console) gmdesk.exe still prints for the CLI by attaching to the caller's console."""

from __future__ import annotations

import sys


def attach_parent_console() -> None:
    """Reconnect stdout/stderr to the console that started us, if any (frozen windowed builds only)."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False):
        return
    if sys.stdout is not None and sys.stdout.isatty():
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives as long as the process
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115
