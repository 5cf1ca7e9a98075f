"""Every message box of gmdesk goes through here, so that tests and headless runs can answer them.

Tests replace :data:`responder` with a function that records the question and returns an answer; the
``--self-test``/``--screenshots`` runs set it to :func:`headless_responder`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
"""The answers to :func:`unsaved`."""

RELOAD_TEXT = "重新载入(&R)"
"""The button of :func:`offer_reload`."""


@dataclass(frozen=True)
class Prompt:
    kind: str
    """"info", "warning", "error", "question" (yes/no), "unsaved" (保存/不保存/取消) or "reload" (重新载入/取消)."""
    title: str
    text: str
    details: str = ""


Responder = Callable[[Prompt, QWidget | None], bool | str]
"""Answers a prompt: True/False for a question, SAVE/DISCARD/CANCEL for "unsaved", True otherwise."""


DISCARD_TEXT = "不保存(&N)"
"""Qt says 丢弃 for Discard; a Chinese Windows program says 不保存."""


def message_box(prompt: Prompt, parent: QWidget | None) -> QMessageBox:
    """The box the clerk sees for ``prompt``: Qt's standard buttons (Chinese through Qt's own translation,
    see ui/translation.py) and 显示详情 for the details."""
    icons = {
        "info": QMessageBox.Icon.Information,
        "warning": QMessageBox.Icon.Warning,
        "error": QMessageBox.Icon.Critical,
        "question": QMessageBox.Icon.Question,
        "unsaved": QMessageBox.Icon.Warning,
        "reload": QMessageBox.Icon.Warning,
    }
    buttons = QMessageBox.StandardButton
    box = QMessageBox(icons[prompt.kind], prompt.title, prompt.text, buttons.NoButton, parent)
    if prompt.details:
        box.setDetailedText(prompt.details)
    if prompt.kind == "unsaved":
        box.setStandardButtons(buttons.Save | buttons.Cancel)
        box.addButton(DISCARD_TEXT, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(buttons.Save)
        box.setEscapeButton(buttons.Cancel)
    elif prompt.kind == "question":
        box.setStandardButtons(buttons.Yes | buttons.No)
        box.setDefaultButton(buttons.Yes)
    elif prompt.kind == "reload":
        box.setStandardButtons(buttons.Cancel)
        box.setDefaultButton(box.addButton(RELOAD_TEXT, QMessageBox.ButtonRole.AcceptRole))
        box.setEscapeButton(buttons.Cancel)
    else:
        box.setStandardButtons(buttons.Ok)
    return box


def _interactive(prompt: Prompt, parent: QWidget | None) -> bool | str:
    box = message_box(prompt, parent)
    box.exec()
    clicked = box.clickedButton()
    buttons = QMessageBox.StandardButton
    if prompt.kind == "unsaved":
        if clicked is box.button(buttons.Save):
            return SAVE
        return (
            DISCARD
            if clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.DestructiveRole
            else CANCEL
        )
    if prompt.kind == "question":
        return clicked is box.button(buttons.Yes)
    if prompt.kind == "reload":
        return clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole
    return True


def headless_responder(prompt: Prompt, parent: QWidget | None) -> bool | str:
    print(f"[{prompt.title}] {prompt.text}", file=sys.stderr)
    return SAVE if prompt.kind == "unsaved" else False


responder: Responder = _interactive


def inform(parent: QWidget | None, title: str, text: str) -> None:
    responder(Prompt("info", title, text), parent)


def warn(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    responder(Prompt("warning", title, text, details), parent)


def error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    responder(Prompt("error", title, text, details), parent)


def ask(parent: QWidget | None, title: str, text: str, details: str = "") -> bool:
    """A yes/no question; True for 是."""
    return responder(Prompt("question", title, text, details), parent) is True


def offer_reload(parent: QWidget | None, text: str) -> bool:
    """A save refused because another clerk saved the record first: 重新载入 (True) or 取消."""
    return responder(Prompt("reload", "已被其他同事修改", text), parent) is True


def unsaved(parent: QWidget | None, title: str, text: str) -> str:
    """保存 / 不保存 / 取消 for input that would be lost; SAVE, DISCARD or CANCEL."""
    answer = responder(Prompt("unsaved", title, text), parent)
    return answer if answer in (SAVE, DISCARD, CANCEL) else CANCEL
