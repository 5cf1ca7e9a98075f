"""The two Windows programs of the frozen build and their consoles.

``gmdesk-cli.exe`` is a console program: it has a console of its own (the caller's), the shell waits for it, and
``%ERRORLEVEL%`` and ``>`` work. ``gmdesk.exe`` is windowed (no console window flashes up for the clerk); when it
is given a sub-command in a console anyway, it prints to the caller's console by attaching to it, but the
console does not wait for it — scripts should call ``gmdesk-cli``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def program_name() -> str:
    """What the user typed to start us, for usage lines: gmdesk, or gmdesk-cli in the frozen build."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).stem
    return "gmdesk"


def attach_parent_console() -> None:
    """Reconnect stdout/stderr to the console that started us, if any (frozen windowed build only)."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False):
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32
    if kernel32.GetConsoleWindow():  # gmdesk-cli.exe, a console program: its streams are already there
        return
    if sys.stdout is not None and sys.stdout.isatty():
        return
    if kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives as long as the process
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115
