"""Every message box of gmdesk goes through here, so that tests and headless runs can answer them.

Tests replace :data:`responder` with a function that records the question and returns an answer; the
``--self-test``/``--screenshots`` runs set it to :func:`headless_responder`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget


@dataclass(frozen=True)
class Prompt:
    kind: str
    """"info", "warning", "error" or "question"."""
    title: str
    text: str
    details: str = ""


Responder = Callable[[Prompt, QWidget | None], bool]


def _interactive(prompt: Prompt, parent: QWidget | None) -> bool:
    icons = {
        "info": QMessageBox.Icon.Information,
        "warning": QMessageBox.Icon.Warning,
        "error": QMessageBox.Icon.Critical,
        "question": QMessageBox.Icon.Question,
    }
    box = QMessageBox(icons[prompt.kind], prompt.title, prompt.text, QMessageBox.StandardButton.NoButton, parent)
    if prompt.details:
        box.setDetailedText(prompt.details)
    if prompt.kind == "question":
        yes = box.addButton("是", QMessageBox.ButtonRole.YesRole)
        box.addButton("否", QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(yes)
        box.exec()
        return box.clickedButton() is yes
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    return True


def headless_responder(prompt: Prompt, parent: QWidget | None) -> bool:
    print(f"[{prompt.title}] {prompt.text}", file=sys.stderr)
    return False


responder: Responder = _interactive


def inform(parent: QWidget | None, title: str, text: str) -> None:
    responder(Prompt("info", title, text), parent)


def warn(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    responder(Prompt("warning", title, text, details), parent)


def error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    responder(Prompt("error", title, text, details), parent)


def ask(parent: QWidget | None, title: str, text: str, details: str = "") -> bool:
    """A yes/no question; True for 是."""
    return responder(Prompt("question", title, text, details), parent)
