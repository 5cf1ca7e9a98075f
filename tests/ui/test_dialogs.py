"""The real message boxes (the tests elsewhere record them): each kind opens, its buttons answer, and Qt's own
texts (standard buttons, 显示详情, file dialogs, context menus) are Chinese through Qt's translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from gmdesk.ui import dialogs
from gmdesk.ui import files as files_module


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


@pytest.mark.parametrize(
    ("button", "answer"), [("保存", dialogs.SAVE), ("不保存(&N)", dialogs.DISCARD), ("取消", dialogs.CANCEL)]
)
def test_the_unsaved_question_offers_save_discard_cancel(qtbot: QtBot, button: str, answer: str) -> None:
    buttons = press(button)
    assert dialogs.unsaved(None, "还有未保存的内容", "以下内容还没有保存") == answer
    assert sorted(buttons) == sorted(["保存", "不保存(&N)", "取消"])


@pytest.mark.parametrize(("button", "answer"), [("是(&Y)", True), ("否(&N)", False)])
def test_a_question_answers_yes_or_no(qtbot: QtBot, button: str, answer: bool) -> None:
    press(button)
    assert dialogs.ask(None, "删除", "删除吗？") is answer


@pytest.mark.parametrize(("button", "answer"), [(dialogs.RELOAD_TEXT, True), ("取消", False)])
def test_a_save_over_another_clerks_change_offers_reload_or_cancel(
    qtbot: QtBot, button: str, answer: bool
) -> None:
    buttons = press(button)
    assert dialogs.offer_reload(None, "单位在您打开之后已被李四修改。") is answer
    assert sorted(buttons) == sorted([dialogs.RELOAD_TEXT, "取消"])


@pytest.mark.parametrize("show", [dialogs.inform, dialogs.warn, dialogs.error])
def test_notices_close_with_ok(qtbot: QtBot, show: object) -> None:
    press("确定")
    show(None, "标题", "内容")  # type: ignore[operator]


def test_the_clerks_mistake_is_a_warning_and_a_bug_is_logged_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
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
        "ValueError" in r.getMessage() for r in caplog.records
    )


def test_the_error_box_shows_its_details_button_in_chinese(qtbot: QtBot) -> None:
    box = dialogs.message_box(dialogs.Prompt("error", "程序出错", "发生了意外错误", "Traceback …"), None)
    qtbot.addWidget(box)
    box.show()
    texts = [b.text() for b in box.findChildren(QPushButton)]
    assert "显示详情..." in texts and "确定" in texts
    assert not any("Details" in t or t == "OK" for t in texts), texts
    details = next(b for b in box.findChildren(QPushButton) if b.text() == "显示详情...")
    details.click()
    assert details.text() == "隐藏详情..."


def test_qt_file_dialog_speaks_chinese(qtbot: QtBot) -> None:
    dialog = QFileDialog(None, "导入节假日安排", "", "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # the widget dialog: what Qt itself draws
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {w.objectName(): w.text() for w in dialog.findChildren(QLabel) if w.text()}
    assert labels["lookInLabel"] == "查找范围(&L)："
    assert labels["fileNameLabel"] == "文件名称(&N)："
    assert labels["fileTypeLabel"] == "文件类型(&T)："
    buttons = [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert "取消" in buttons and "打开(&O)" in buttons, buttons
    english = [t for t in [*labels.values(), *buttons] if t.isascii() and any(c.isalpha() for c in t)]
    assert not english, english


def test_context_menus_and_standard_buttons_speak_chinese(qtbot: QtBot) -> None:
    edit = QLineEdit("青岚发布")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
    assert "复制(&C)" in texts and "全选" in texts, texts
    assert all(not t.isascii() for t in texts), texts
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)  # 错敏词库 and 转发任务 use it as is
    qtbot.addWidget(close)
    assert close.button(QDialogButtonBox.StandardButton.Close).text() == "关闭"


def test_file_dialogs_open_in_documents_then_in_the_folder_last_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from gmdesk.ui import files

    asked: list[str] = []
    chosen = tmp_path / "导入" / "节假日.xlsx"
    chosen.parent.mkdir()

    def answer(parent: object, title: str, folder: str, file_filter: str) -> tuple[str, str]:
        asked.append(folder)
        return str(chosen), file_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)  # the modal dialog itself: the clerk's answer
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert files.choose_open_path(None, "导入节假日安排", files.EXCEL_FILTER, "holidays") == chosen
    assert files.choose_open_path(None, "导入节假日安排", files.EXCEL_FILTER, "holidays") == chosen
    assert (
        files.choose_open_path(None, "选择备份文件", files.ALL_FILES, "restore", default=tmp_path) == chosen
    )
    assert asked == [documents, str(chosen.parent), str(tmp_path)]  # each purpose remembers its own folder
    assert Path(documents).resolve() != Path.cwd().resolve()


def test_no_file_dialog_outside_the_helper() -> None:
    """Every file dialog goes through ui/files.py, so none opens in the program's folder."""
    package = Path(files_module.__file__).parent
    direct = [
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if p.name != "files.py" and "QFileDialog." in p.read_text(encoding="utf-8")
    ]
    assert direct == []
