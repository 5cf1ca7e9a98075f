"""The first start on an empty database, as a new clerk meets it: the office's setup (县名, 主管单位, 报告单位,
the clerk, the profile), then three ways to start; the empty dashboard offers the same; 工具 › 单位设置 keeps it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from gmdesk.services import office_setup, settings
from gmdesk.services.policy import active_profile
from gmdesk.ui.app import Shell
from gmdesk.ui.settings.office import OfficeDialog, StartDialog
from tests.ui.test_inbox_walkthrough import type_text


def test_an_empty_database_asks_for_the_office_then_offers_three_ways_to_start(
    shell: Shell, qtbot: QtBot
) -> None:
    assert shell.ctx is not None and shell.window is not None
    with shell.ctx.database.session() as session:
        assert Shell._first_run_check(session)
    with shell.ctx.database.session() as session:
        assert not Shell._first_run_check(session)  # asked once
    shell.window.open_office_setup(first_run=True)
    qtbot.waitUntil(
        lambda: (
            getattr(shell.window, "office_dialog", None) is not None
            and shell.window.office_dialog.isVisible()
        )
    )
    dialog: OfficeDialog = shell.window.office_dialog
    assert dialog.ok_button.text() == "下一步"
    dialog.submit()
    assert dialog.isVisible() and "县" in dialog.error_label.text()  # the county is required
    type_text(dialog.county, "青岚县")
    assert dialog.supervisor.text() == "青岚县人民政府办公室"  # suggested as the county is typed
    dialog.operator.clear()
    type_text(dialog.operator, "林晓")
    dialog.profile.setCurrentIndex(dialog.profile.findText("云南"))
    assert "每天至少发布1条" in dialog.profile_hint.text()
    dialog.submit()
    qtbot.waitUntil(
        lambda: (
            getattr(shell.window, "start_dialog", None) is not None and shell.window.start_dialog.isVisible()
        ),
        timeout=10_000,
    )
    with shell.ctx.database.session() as session:
        assert settings.text(session, settings.COUNTY_NAME) == "青岚县"
        assert settings.text(session, settings.SUPERVISOR_NAME) == "青岚县人民政府办公室"
        assert settings.text(session, settings.CURRENT_OPERATOR) == "林晓"
        assert settings.reporting_office(session) == "青岚县人民政府办公室"
        assert active_profile(session).name == "云南"
        assert not office_setup.needs_first_run(session)
    qtbot.waitUntil(lambda: shell.ctx is not None and shell.ctx.operator == "林晓")
    assert shell.ctx.may_see_personal_data  # took over the default 管理员's rights
    start: StartDialog = shell.window.start_dialog
    from PySide6.QtWidgets import QLabel

    assert any("青岚县的账号台账还是空的" in label.text() for label in start.findChildren(QLabel))
    start.buttons["add"].click()
    qtbot.waitUntil(lambda: shell.window.current_tab() is shell.window.tab("accounts"))
    from gmdesk.ui.accounts.org_dialog import OrgDialog

    qtbot.waitUntil(
        lambda: any(isinstance(w, OrgDialog) and w.isVisible() for w in shell.window.findChildren(OrgDialog))
    )


def test_the_empty_dashboard_offers_the_ways_to_start(shell: Shell, qtbot: QtBot) -> None:
    from tests.ui.test_dashboard import open_dashboard

    tab = open_dashboard(shell, qtbot)
    assert tab.start_panel.isVisible() and not tab.empty_label.isVisible()
    assert set(tab.start_buttons) == {"import", "template", "add", "demo"}


def test_office_setup_in_the_tools_menu_keeps_the_profile_and_names(shell: Shell, qtbot: QtBot) -> None:
    assert shell.ctx is not None and shell.window is not None
    shell.window.open_office_setup()
    qtbot.waitUntil(
        lambda: (
            getattr(shell.window, "office_dialog", None) is not None
            and shell.window.office_dialog.isVisible()
        )
    )
    dialog = shell.window.office_dialog
    assert dialog.ok_button.text() == "保存" and dialog.county.text() == ""  # 本县 is only the default
    type_text(dialog.county, "青岚县")
    type_text(dialog.reporting_office, "青岚县政务服务和数据管理局")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    with shell.ctx.database.session() as session:
        assert settings.reporting_office(session) == "青岚县政务服务和数据管理局"
        assert active_profile(session).name == "国办底线+常规"
    assert getattr(shell.window, "start_dialog", None) is None
