"""工作台 on a prepared database: today's list shows an overdue message and an account at risk of the 14-day
veto with its date, and opening a row (double-click or Enter) shows its tab on it; figures and charts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gmdesk.domain.enums import MessageCategory, PostKind, RectificationSource, Severity
from gmdesk.domain.platforms import Platform
from gmdesk.domain.today import TodoKind
from gmdesk.services import inbox_actions
from gmdesk.services import rectification as rectification_service
from gmdesk.services.database import open_database
from gmdesk.services.inbox_actions import MessageInput
from gmdesk.store.models import Account
from gmdesk.ui import bus
from gmdesk.ui.app import Shell
from gmdesk.ui.calendar.tab import CalendarTab
from gmdesk.ui.dashboard.tab import DashboardTab
from gmdesk.ui.inbox.tab import InboxTab
from gmdesk.ui.report.tab import ReportTab
from gmdesk.ui.tab_base import Target
from tests import calendar_data as data
from tests.ui.conftest import PINNED_NOW


@pytest.fixture
def prepared(db_path: Path) -> dict[str, int]:
    """A county of four accounts: one fine, one silent for a month (veto now), one whose two weeks end on
    Monday 23 Nov (at risk), one at risk but with a post planned in time (not listed); one overdue message,
    one due today, one answered; an overdue 整改 item."""
    database = open_database(db_path)
    try:
        with database.session() as session:
            owner = data.unit(session)
            fine = data.account(session, owner, "青岚发布")
            data.post(session, fine, datetime(2026, 11, 19, 9), kind=PostKind.ORIGINAL)
            data.post(session, fine, datetime(2026, 3, 2, 9), kind=PostKind.REPOST, source="新华社")
            silent = data.account(session, owner, "青岚教育", Platform.TOUTIAO)
            data.post(session, silent, datetime(2026, 10, 20, 9))
            near = data.account(session, owner, "青岚文旅", Platform.DOUYIN)
            data.post(session, near, datetime(2026, 11, 9, 18))
            planned = data.account(session, owner, "青岚卫健", Platform.WEIBO)
            data.post(session, planned, datetime(2026, 11, 9, 18))
            data.post(session, planned, datetime(2026, 11, 21, 9), planned=True)
            ids = {"fine": fine.id, "silent": silent.id, "near": near.id, "planned": planned.id}
        with database.session() as session:
            ids["overdue"] = inbox_actions.create_message(
                session,
                MessageInput(
                    account_id=ids["fine"],
                    received_at=datetime(2026, 11, 10, 9),
                    content="路灯坏了三天",
                    category=MessageCategory.HELP,
                ),
                "张三",
                PINNED_NOW,
            )
            ids["today"] = inbox_actions.create_message(
                session,
                MessageInput(
                    account_id=ids["near"],
                    received_at=datetime(2026, 11, 19, 16),
                    content="景区何时开放",
                    category=MessageCategory.CONSULT,
                ),
                "张三",
                PINNED_NOW,
            )
            item = rectification_service.create_item(
                session,
                rectification_service.ItemDraft(
                    "未按时答复群众留言",
                    date(2026, 11, 2),
                    workdays=5,
                    responsible="张三",
                    account_id=ids["fine"],
                    source=RectificationSource.SUPERIOR_NOTICE,
                ),
                "张三",
                PINNED_NOW,
            )
            ids["item"] = item.id
        return ids
    finally:
        database.close()


def open_dashboard(shell: Shell, qtbot: QtBot) -> DashboardTab:
    assert shell.window is not None
    tab = shell.window.show_tab("dashboard")
    assert isinstance(tab, DashboardTab)
    qtbot.waitUntil(
        lambda: tab.data is not None and tab.posts is not None and tab._waiting == 0, timeout=10_000
    )
    return tab


def test_today_lists_the_overdue_message_and_the_account_at_risk(
    prepared: dict[str, int], shell: Shell, qtbot: QtBot
) -> None:
    tab = open_dashboard(shell, qtbot)
    rows = tab.todo.rows()
    kinds = [(r.kind, r.target_id) for r in rows]
    assert (TodoKind.MESSAGE_OVERDUE, prepared["overdue"]) in kinds
    assert (TodoKind.MESSAGE_TODAY, prepared["today"]) in kinds
    risks = [r for r in rows if r.kind is TodoKind.UPDATE_RISK]
    assert [(r.subject, r.severity, r.when_text) for r in risks] == [
        ("青岚教育", Severity.VETO, "已31天未更新"),
        ("青岚文旅", Severity.WARNING, "3天后满期"),
    ]  # 青岚卫健 has a post planned in time; 青岚发布 posted yesterday
    near = risks[1]
    assert (
        near.when == date(2026, 11, 23) and "请最迟于今天发布" in near.detail
    )  # Saturday and Sunday are off
    assert "11月23日（周一）" in near.detail
    assert [(r.kind, r.target_kind, r.target_id) for r in rows if r.kind is TodoKind.RECTIFICATION] == [
        (TodoKind.RECTIFICATION, "rectification", prepared["item"])
    ]
    groups = [tab.todo.topLevelItem(i).text(0) for i in range(tab.todo.topLevelItemCount())]
    assert groups[:3] == ["逾期留言（1）", "今日到期留言（1）", "两周未更新风险（2）"]
    assert tab.todo_count.text() == f"共{len(rows)}项"

    figures = tab.data.figures  # type: ignore[union-attr]
    assert (
        figures.live_accounts,
        figures.open_messages,
        figures.overdue_messages,
        figures.open_rectifications,
    ) == (4, 2, 1, 1)
    assert figures.vetoes == 1  # 青岚教育
    assert tab.cards["vetoes"].value_label.text() == "1"
    assert tab.cards["messages"].caption_label.text() == "待办留言（逾期1）"
    assert tab.cards["posts"].value_label.text() == "5"
    assert tab.cards["posts"].caption_label.text() == "今年已发布（原创率80.0%）"
    bars = {b.label: (b.total, b.part) for b in tab.month_chart.bars}
    assert bars["3月"] == (1, 0) and bars["11月"] == (3, 3) and len(bars) == 11


def test_double_clicking_the_message_opens_the_inbox_on_it(
    prepared: dict[str, int], shell: Shell, qtbot: QtBot
) -> None:
    tab = open_dashboard(shell, qtbot)
    row = tab.todo.find(TodoKind.MESSAGE_OVERDUE, prepared["overdue"])
    assert row is not None
    rect = tab.todo.visualItemRect(row)
    qtbot.mouseClick(tab.todo.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.todo.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shell.window is not None
    inbox = shell.window.current_tab()
    assert isinstance(inbox, InboxTab)
    qtbot.waitUntil(
        lambda: inbox.detail is not None and inbox.detail.id == prepared["overdue"], timeout=10_000
    )


def test_enter_on_the_account_at_risk_opens_the_calendar_on_it(
    prepared: dict[str, int], shell: Shell, qtbot: QtBot
) -> None:
    tab = open_dashboard(shell, qtbot)
    assert tab.todo.select(TodoKind.UPDATE_RISK, prepared["near"])
    tab.todo.setFocus()
    with qtbot.waitSignal(tab.open_requested) as opened:
        qtbot.keyClick(tab.todo, Qt.Key.Key_Return)
    assert opened.args == ["calendar", Target("account", prepared["near"])]
    assert shell.window is not None
    calendar = shell.window.current_tab()
    assert isinstance(calendar, CalendarTab)
    assert (calendar.scope.kind, calendar.scope.id) == ("account", prepared["near"])


def test_a_rectification_row_opens_the_rectification_ledger_on_it(
    prepared: dict[str, int], shell: Shell, qtbot: QtBot
) -> None:
    tab = open_dashboard(shell, qtbot)
    assert tab.todo.select(TodoKind.RECTIFICATION, prepared["item"])
    with qtbot.waitSignal(tab.open_requested) as opened:
        qtbot.keyClick(tab.todo, Qt.Key.Key_Enter)
    assert opened.args == ["report", Target("rectification", prepared["item"])]
    assert shell.window is not None
    report = shell.window.current_tab()
    assert isinstance(report, ReportTab)
    assert report.pages.currentWidget() is report.rectification
    qtbot.waitUntil(
        lambda: (current := report.rectification.current()) is not None and current.id == prepared["item"]
    )


def test_the_list_refreshes_when_data_change(prepared: dict[str, int], shell: Shell, qtbot: QtBot) -> None:
    tab = open_dashboard(shell, qtbot)
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        silent = session.get(Account, prepared["silent"])
        assert silent is not None
        data.post(session, silent, datetime(2026, 11, 20, 8))
    with qtbot.waitSignal(tab.settled, timeout=10_000):
        shell.ctx.bus.notify({bus.POSTS})
    risks = [r.subject for r in tab.todo.rows() if r.kind is TodoKind.UPDATE_RISK]
    assert risks == ["青岚文旅"]
    assert tab.cards["posts"].value_label.text() == "6"


def test_a_long_group_shows_its_first_rows_then_the_rest_on_request(shell: Shell, qtbot: QtBot) -> None:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        owner = data.unit(session)
        for number in range(12):
            silent = data.account(
                session, owner, f"静默账号{number:02d}", Platform.OTHER, opened_on=date(2026, 1, 5)
            )
            data.post(session, silent, datetime(2026, 10, 9, 9))  # on record, then silent
    tab = open_dashboard(shell, qtbot)
    with qtbot.waitSignal(tab.settled, timeout=10_000):
        shell.ctx.bus.notify({bus.ACCOUNTS})
    head = tab.todo.topLevelItem(0)
    assert head.text(0) == "两周未更新风险（12）"
    assert head.childCount() == 9 and head.child(8).text(0) == "还有4项…（双击显示全部）"
    tab.todo.setCurrentItem(head.child(8))
    qtbot.keyClick(tab.todo, Qt.Key.Key_Return)
    assert head.childCount() == 12
    assert tab.todo.current_todo() is not None and tab.todo.current_todo().subject == "静默账号08"  # type: ignore[union-attr]


def test_an_empty_county_shows_how_to_start(shell: Shell, qtbot: QtBot) -> None:
    tab = open_dashboard(shell, qtbot)
    assert tab.start_panel.isVisible() and not tab.empty_label.isVisible() and not tab.todo.isVisible()
    assert tab.cards["replies"].value_label.text() == "—"
    assert tab.month_chart.bars and not any(b.total for b in tab.month_chart.bars)


def test_a_repost_task_row_opens_the_task_list_on_it(
    prepared: dict[str, int], shell: Shell, qtbot: QtBot
) -> None:
    from gmdesk.services import reposts
    from gmdesk.ui.calendar.repost_dialog import RepostDialog

    assert shell.ctx is not None and shell.window is not None
    with shell.ctx.database.session() as session:
        other = reposts.save_task(
            session,
            reposts.TaskDraft(
                "另一篇", "县委宣传部", date(2026, 11, 1), datetime(2026, 11, 30, 17, 30), [prepared["fine"]]
            ),
            "张三",
        )
        task = reposts.save_task(
            session,
            reposts.TaskDraft(
                "关于冬季防火的倡议",
                "县委宣传部",
                date(2026, 11, 16),
                datetime(2026, 11, 18, 17, 30),
                [prepared["fine"], prepared["near"]],
            ),
            "张三",
        )
    tab = open_dashboard(shell, qtbot)
    with qtbot.waitSignal(tab.settled, timeout=10_000):
        shell.ctx.bus.notify({bus.POSTS})
    rows = [r for r in tab.todo.rows() if r.kind is TodoKind.REPOST]
    assert [(r.subject, r.severity, r.when_text) for r in rows] == [
        ("关于冬季防火的倡议", Severity.VIOLATION, "逾期2天"),
        ("另一篇", Severity.WARNING, "11-30 17:30截止"),
    ]
    assert "2个账号未转发（青岚发布、青岚文旅）" in rows[0].detail
    assert tab.todo.select(TodoKind.REPOST, task)
    qtbot.keyClick(tab.todo, Qt.Key.Key_Return)
    assert isinstance(shell.window.current_tab(), CalendarTab)
    dialog = next(w for w in shell.window.current_tab().findChildren(RepostDialog))
    qtbot.waitUntil(
        lambda: dialog.current_task() is not None and dialog.current_task().id == task, timeout=10_000
    )
    assert other != task
    dialog.close()


def test_accounts_without_any_post_on_record_are_listed_apart_not_as_vetoes(
    shell: Shell, qtbot: QtBot
) -> None:
    """A ledger taken over without its posts: no 单项否决 per account, but a list saying how to bring posts in."""
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        owner = data.unit(session)
        for number in range(3):
            data.account(session, owner, f"台账账号{number}", Platform.OTHER, opened_on=date(2024, 3, 1))
    tab = open_dashboard(shell, qtbot)
    with qtbot.waitSignal(tab.settled, timeout=10_000):
        shell.ctx.bus.notify({bus.ACCOUNTS})
    head = tab.todo.topLevelItem(0)
    assert head.text(0) == "尚无发布记录（请导入）（3）"
    assert "导入发布记录" in head.child(0).text(2)
    assert tab.data is not None and tab.data.figures.vetoes == 0
    assert tab.profile_label.text().strip() == "执行规则方案：国办底线+常规"
