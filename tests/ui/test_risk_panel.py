"""需要关注的账号 with a city's worth of accounts at risk: rows get their widgets as they come into view."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gmdesk.domain.enums import Severity
from gmdesk.domain.forecast import Risk
from gmdesk.ui.calendar.risk_panel import RiskPanel, RiskRow

TODAY = date(2026, 12, 7)


def _risks(count: int) -> list[Risk]:
    return [
        Risk(
            f"云江{number}号政务发布",
            number,
            "UPDATE_GAP",
            Severity.VETO,
            date(2026, 11, 30),
            f"云江{number}号政务发布 已连续17天未更新，违反“两周至少更新一次”",
            True,
        )
        for number in range(1, count + 1)
    ]


def _built(panel: RiskPanel) -> list[int]:
    return [
        row
        for row in range(panel.list.count())
        if isinstance(panel.list.itemWidget(panel.list.item(row)), RiskRow)
    ]


def test_five_hundred_risks_build_only_the_rows_in_view_and_the_rest_as_the_clerk_scrolls(
    qtbot: QtBot,
) -> None:
    panel = RiskPanel()
    qtbot.addWidget(panel)
    panel.resize(380, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_risks(_risks(500), TODAY)

    assert panel.heading.text() == "需要关注的账号（500） · 已不符合 500"
    assert panel.list.count() == 500
    qtbot.waitUntil(lambda: 0 in _built(panel))
    assert len(_built(panel)) < 40  # a screenful and the next, not five hundred

    bar = panel.list.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: 499 in _built(panel))
    last = panel.list.itemWidget(panel.list.item(499))
    assert isinstance(last, RiskRow)
    assert "云江500号政务发布" in last.name_label.text()
    assert len(_built(panel)) < 80


def test_a_row_out_of_view_is_built_when_asked_for_and_its_buttons_plan_and_fill(qtbot: QtBot) -> None:
    panel = RiskPanel()
    qtbot.addWidget(panel)
    panel.resize(380, 400)
    panel.show()
    panel.show_risks(_risks(300), TODAY)

    row = panel.row_for("云江250号政务发布")
    assert row is not None and row.risk.account_id == 250
    with qtbot.waitSignal(panel.plan_requested) as planned:
        qtbot.mouseClick(row.plan_button, Qt.MouseButton.LeftButton)
    assert planned.args == [250]
    with qtbot.waitSignal(panel.fill_requested) as filled:
        qtbot.mouseClick(row.fill_button, Qt.MouseButton.LeftButton)
    assert filled.args == [250]
    assert panel.row_for("不存在的账号") is None


def test_no_risk_says_so_and_a_new_list_replaces_the_old(qtbot: QtBot) -> None:
    panel = RiskPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_risks(_risks(3), TODAY)
    panel.show_risks([], TODAY)
    assert panel.list.count() == 1
    assert panel.list.item(0).text() == "✓ 所有账号近期都符合更新要求"
    assert panel.row_for("云江1号政务发布") is None
