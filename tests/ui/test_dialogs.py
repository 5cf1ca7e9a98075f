"""The real message boxes (the tests elsewhere record them): each kind opens, its buttons answer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from gmdesk.ui import dialogs


def press(text: str) -> list[str]:
    """Click the button called ``text`` of the next message box; returns the buttons it had."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == text).click()

    QTimer.singleShot(0, click)
    return seen


@pytest.fixture(autouse=True)
def real_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "responder", dialogs._interactive)


@pytest.mark.parametrize(("button", "answer"), [("保存(&S)", dialogs.SAVE), ("不保存(&N)", dialogs.DISCARD),
                                                ("取消", dialogs.CANCEL)])
def test_the_unsaved_question_offers_save_discard_cancel(qtbot: QtBot, button: str, answer: str) -> None:
    buttons = press(button)
    assert dialogs.unsaved(None, "还有未保存的内容", "以下内容还没有保存") == answer
    assert sorted(buttons) == sorted(["保存(&S)", "不保存(&N)", "取消"])


@pytest.mark.parametrize(("button", "answer"), [("是", True), ("否", False)])
def test_a_question_answers_yes_or_no(qtbot: QtBot, button: str, answer: bool) -> None:
    press(button)
    assert dialogs.ask(None, "删除", "删除吗？") is answer


@pytest.mark.parametrize("show", [dialogs.inform, dialogs.warn, dialogs.error])
def test_notices_close_with_ok(qtbot: QtBot, show: object) -> None:
    press("确定")
    show(None, "标题", "内容")  # type: ignore[operator]


def test_the_clerks_mistake_is_a_warning_and_a_bug_is_logged_with_its_traceback(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from gmdesk.domain.errors import UserError
    from gmdesk.ui.errors import show_error

    shown: list[dialogs.Prompt] = []
    monkeypatch.setattr(dialogs, "responder", lambda prompt, parent: shown.append(prompt) or True)
    show_error(UserError("请填写关停原因", field="reason"), None, "无法办理")
    assert [(p.kind, p.title, p.text) for p in shown] == [("warning", "无法办理", "请填写关停原因")]
    try:
        int("not a number")  # a programming error, not the clerk's: a plain ValueError
    except ValueError as error:
        show_error(error, None)
    assert shown[-1].kind == "error" and "ValueError" in shown[-1].details
    assert any("unexpected error" in r.message and r.exc_text is None for r in caplog.records) or any(
        "ValueError" in r.getMessage() for r in caplog.records)
