"""The window's side of operators and the audit trail: who is working is asked once a second operator exists;
工具 › 本机操作员与操作员 and 工具 › 操作日志 (filters, the integrity check, export)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gmdesk.domain.enums import OperatorRole
from gmdesk.services import operators
from gmdesk.services.database import open_database
from gmdesk.store.models import Operator
from gmdesk.ui import operators as operators_ui
from gmdesk.ui.app import Shell
from gmdesk.ui.audit_viewer import AuditLogDialog
from tests.ui.conftest import PINNED_NOW, PromptRecorder


def _second_operator(db_path: Path, password: str = "") -> None:
    database = open_database(db_path)
    with database.session() as session:
        session.add(
            Operator(
                name="李文",
                role=OperatorRole.CLERK,
                may_see_personal_data=False,
                password_hash=operators.hash_password(password) if password else "",
            )
        )
    database.close()


def test_with_a_second_operator_the_window_asks_who_is_working(
    qapp: QApplication, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _second_operator(db_path, password="李文的口令")
    answers = [("李文", "猜错了"), ("李文", "李文的口令")]
    asked: list[str] = []

    def answer(parent, choices, default, error=""):  # type: ignore[no-untyped-def]
        asked.append(error)
        assert "李文" in {c.name for c in choices}
        return answers.pop(0)

    monkeypatch.setattr(operators_ui, "ask_sign_in", answer)
    shell = Shell(qapp, headless=True, now=lambda: PINNED_NOW)
    shell.sign_in = True
    try:
        assert shell.open(db_path)
        assert shell.ctx is not None and shell.database is not None
        assert asked == ["", "密码不正确，请重新输入。"]
        assert shell.ctx.operator == shell.database.operator == "李文"
        assert not shell.ctx.may_see_personal_data
    finally:
        shell.close()
    connection = sqlite3.connect(db_path)
    actions = [
        r[0] for r in connection.execute("SELECT action FROM audit_log WHERE operator = '李文' ORDER BY id")
    ]
    connection.close()
    # (opening a new file also stores the basis its deadlines were computed on, once, under who works)
    assert [a for a in actions if a.startswith("登录")] == ["登录失败", "登录"]


def test_cancelling_the_question_opens_nothing(
    qapp: QApplication, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _second_operator(db_path)
    monkeypatch.setattr(operators_ui, "ask_sign_in", lambda *args, **kwargs: None)
    shell = Shell(qapp, headless=True, now=lambda: PINNED_NOW)
    shell.sign_in = True
    try:
        assert not shell.open(db_path)
        assert shell.database is None and shell.ctx is None
    finally:
        shell.close()


def test_the_sign_in_dialog_offers_the_password_only_when_one_is_set(qtbot: QtBot) -> None:
    choices = [
        operators.OperatorInfo("管理员", OperatorRole.ADMIN, True),
        operators.OperatorInfo("李文", OperatorRole.CLERK, False, has_password=True),
    ]
    dialog = operators_ui.SignInDialog(choices, "管理员")
    qtbot.addWidget(dialog)
    assert not dialog.password.isEnabled()
    dialog.name.setCurrentIndex(1)
    assert dialog.password.isEnabled()
    qtbot.keyClicks(dialog.password, "pw2026")
    assert dialog.answer() == ("李文", "pw2026")


def test_the_operators_dialog_lists_roles_and_refuses_a_clerk(
    shell: Shell, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    assert shell.ctx is not None
    dialog = operators_ui.OperatorsDialog(shell.ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 1)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "管理员" in names
    row = names.index("管理员")
    assert dialog.table.item(row, 1).text() == "管理员" and dialog.table.item(row, 5).text() == "✓"
    shell.ctx.operator = "路人甲"  # not on the list: a 信息员
    dialog.table.selectRow(row)
    dialog._write(lambda session: operators.set_local(session, "测试员", "路人甲"))
    qtbot.waitUntil(lambda: bool(prompts.prompts))
    assert prompts.titles() == ["操作员"] and "需要管理员" in prompts.prompts[0].text


def test_the_audit_log_viewer_filters_verifies_and_exports(
    shell: Shell, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prompts: PromptRecorder
) -> None:
    from gmdesk.services import accounts_org
    from gmdesk.services.accounts_data import UnitInfo
    from gmdesk.ui import files

    assert shell.ctx is not None and shell.database is not None
    with shell.database.session() as session:
        accounts_org.save_unit(session, UnitInfo(id=None, name="县教育局", phone="13812345678"), "张三")
    dialog = AuditLogDialog(shell.ctx)
    qtbot.addWidget(dialog)
    dialog.start.setDate(dialog.start.date().addYears(-5))
    dialog.end.setDate(dialog.end.date().addYears(5))
    dialog.reload()
    qtbot.waitUntil(lambda: any(line.action == "新增单位" for line in dialog.lines))
    shown = {dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())}
    assert {"新增单位", "新增"} <= shown
    dialog.text.setText("县教育局")
    dialog.reload()
    qtbot.waitUntil(
        lambda: (
            bool(dialog.lines) and all("县教育局" in (line.summary + line.action) for line in dialog.lines)
        )
    )

    dialog.verify()
    qtbot.waitUntil(lambda: "操作日志完整" in prompts.titles())
    out = tmp_path / "日志.xlsx"
    monkeypatch.setattr(files, "choose_save_path", lambda *args, **kwargs: out)
    dialog.export()
    qtbot.waitUntil(lambda: "导出完成" in prompts.titles(), timeout=10_000)
    book = load_workbook(out, read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    assert rows[0][:4] == ("序号", "时间", "操作员", "操作")
    assert not any("13812345678" in str(cell) for row in rows for cell in row)  # masked: no purpose given

    connection = sqlite3.connect(shell.database.path)
    connection.execute("UPDATE audit_log SET operator = '别人' WHERE id = (SELECT min(id) FROM audit_log)")
    connection.commit()
    connection.close()
    dialog.verify()
    qtbot.waitUntil(lambda: "操作日志被改动" in prompts.titles())
    assert "第 1 号记录" in prompts.prompts[-1].text


def test_the_tools_menu_opens_the_operators_and_the_log_without_blocking(shell: Shell, qtbot: QtBot) -> None:
    window = shell.window
    assert window is not None
    texts = [a.text() for a in window.tools_menu.actions()]
    assert "本机操作员与操作员(&O)…" in texts and "操作日志(&L)…" in texts
    window._edit_operators()
    assert (
        isinstance(window.settings_dialog, operators_ui.OperatorsDialog)
        and window.settings_dialog.isVisible()
    )
    qtbot.waitUntil(lambda: window.settings_dialog.table.rowCount() > 0)
    window.settings_dialog.close()
    window._show_audit_log()
    assert isinstance(window.settings_dialog, AuditLogDialog) and window.settings_dialog.isVisible()
    shell.wait_idle()
    window.settings_dialog.close()
