"""工具 menu dialogs: the holiday table and the rule profiles, driven as the clerk would."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from gmdesk.domain.workdays import DayKind
from gmdesk.services.calendar import load_work_calendar
from gmdesk.store.models import HolidayOverride, PolicyProfileRow
from gmdesk.ui.app import Shell
from gmdesk.ui.settings.holidays import HolidayDialog
from gmdesk.ui.settings.policy import PolicyDialog
from tests.ui.conftest import PromptRecorder
from tests.ui.test_inbox_walkthrough import type_text


def table_texts(table, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_holiday_dialog_shows_the_national_table_and_missing_years(shell: Shell, qtbot: QtBot) -> None:
    assert shell.ctx is not None
    dialog = HolidayDialog(shell.ctx, shell.window)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2025)
    qtbot.waitUntil(lambda: "2025-10-01" in table_texts(dialog.table, 0))
    rows = dict(zip(table_texts(dialog.table, 0), table_texts(dialog.table, 3), strict=True))
    assert rows["2025-10-01"] == "国庆节" and rows["2025-10-11"] == "国庆节"
    assert "数据完整" in dialog.coverage.text()
    dialog.year.setValue(2027)
    qtbot.waitUntil(lambda: "缺少2027年" in dialog.coverage.text())
    assert dialog.table.rowCount() == 0


def open_holidays(shell: Shell, qtbot: QtBot, year: int = 2027) -> HolidayDialog:
    assert shell.ctx is not None
    dialog = HolidayDialog(shell.ctx, shell.window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.year.value() == 2027  # in November the clerk comes for next year's notice
    dialog.year.setValue(year)
    qtbot.waitUntil(lambda: dialog.table_info is not None and dialog.year.value() == year)
    return dialog


def test_a_typed_date_is_the_date_typed_and_the_next_entry_starts_from_the_last(
    shell: Shell, qtbot: QtBot
) -> None:
    dialog = open_holidays(shell, qtbot)
    qtbot.waitUntil(lambda: "缺少2027年" in dialog.coverage.text())
    qtbot.mouseClick(dialog.day_button, Qt.MouseButton.LeftButton)
    editor = dialog.day_editor
    qtbot.keyClicks(editor.day, "2027-02-06")
    assert editor.weekday.text() == "2027-02-06，星期六"
    type_text(editor.name, "春节")
    type_text(editor.source, "国办发明电〔2026〕X号")
    editor.submit()
    qtbot.waitUntil(lambda: "2027-02-06" in table_texts(dialog.table, 0), timeout=10_000)
    # only 春节 so far: not complete, and the missing ones are named
    assert "尚不完整" in dialog.coverage.text() and "缺元旦、清明节" in dialog.coverage.text()
    dialog.table.clearSelection()
    qtbot.mouseClick(dialog.day_button, Qt.MouseButton.LeftButton)
    second = dialog.day_editor
    assert second is not editor
    assert (second.day.text(), second.name.text(), second.source.text()) == (
        "2027-02-07",
        "春节",
        "国办发明电〔2026〕X号",
    )
    second.day.setText("下周一")
    second.submit()
    assert second.isVisible() and "不是日期" in second.error_label.text()
    second.day.setText("2月7日")
    second.kind.setCurrentIndex(1)
    second.submit()
    qtbot.waitUntil(lambda: not second.isVisible(), timeout=10_000)
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        calendar = load_work_calendar(session)
        assert calendar.info(date(2027, 2, 6)).kind is DayKind.HOLIDAY
        assert calendar.info(date(2027, 2, 7)).kind is DayKind.ADJUSTED_WORKDAY
        assert {o.source for o in session.scalars(select(HolidayOverride))} == {"国办发明电〔2026〕X号"}


def test_a_holiday_entered_as_a_range_with_its_调休_days(shell: Shell, qtbot: QtBot) -> None:
    dialog = open_holidays(shell, qtbot)
    qtbot.mouseClick(dialog.range_button, Qt.MouseButton.LeftButton)
    editor = dialog.range_editor
    editor.name.setCurrentText("春节")
    qtbot.keyClicks(editor.first, "2027-02-06")
    qtbot.keyClicks(editor.last, "02-12")
    type_text(editor.workdays, "2月14日、2月20日")
    assert editor.preview.text() == (
        "春节：2027-02-06（星期六）至2027-02-12（星期五）放假，共7天；"
        "2027-02-14（星期日）、2027-02-20（星期六）上班"
    )
    editor.submit()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 9, timeout=10_000)
    assert table_texts(dialog.table, 2).count("上班") == 2


def test_the_notice_pasted_completes_the_year(shell: Shell, qtbot: QtBot) -> None:
    from tests.domain.test_holiday_notice import NOTICE_2026

    dialog = open_holidays(shell, qtbot)
    qtbot.mouseClick(dialog.paste_button, Qt.MouseButton.LeftButton)
    pasted = dialog.notice_dialog
    notice_2027 = NOTICE_2026.replace("2026年", "2027年").replace("〔2025〕", "〔2026〕")
    pasted.text.setPlainText(
        notice_2027.replace("三、清明节：4月4日（周六）至6日（周一）放假，共3天。\n", "")
    )
    assert "没有读到：清明节" in pasted.preview.text()
    pasted.text.setPlainText(notice_2027)
    assert (
        "没有读到" not in pasted.preview.text()
        and "国庆节：10月1日至10月7日放假，共7天" in pasted.preview.text()
    )
    pasted.submit()
    qtbot.waitUntil(lambda: "2027年节假日数据完整" in dialog.coverage.text(), timeout=10_000)
    assert not dialog.confirm_button.isVisible()


def test_a_year_without_one_holiday_is_confirmed_by_the_clerk(
    shell: Shell, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    from gmdesk.services import holidays

    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        holidays.set_day(session, date(2027, 1, 1), False, "元旦", "测试通知", "管理员")
    dialog = open_holidays(shell, qtbot)
    qtbot.waitUntil(lambda: "尚不完整" in dialog.coverage.text())
    assert dialog.confirm_button.isVisible()
    prompts.answers.append(True)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "数据完整（已确认）" in dialog.coverage.text(), timeout=10_000)
    assert dialog.confirm_button.text() == "取消确认"


def test_policy_dialog_sets_the_active_profile(shell: Shell, qtbot: QtBot, prompts: PromptRecorder) -> None:
    assert shell.ctx is not None
    dialog = PolicyDialog(shell.ctx, shell.window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.list.count() >= 5)
    names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert names[0] == "国办底线+常规（当前）"
    yunnan = next(i for i, name in enumerate(names) if name.startswith("云南"))
    dialog.list.setCurrentRow(yunnan)
    assert not dialog.save_button.isEnabled()  # a built-in preset is read-only
    labels = table_texts(dialog.table, 0)
    assert any("更新频率规则1" in label for label in labels)
    values = table_texts(dialog.table, 1)
    assert "最低发布频率" in values and "最低原创数量" in values  # not MIN_FREQUENCY, ORIGINAL_MIN
    assert not any(v in ("MIN_FREQUENCY", "ORIGINAL_MIN", "wechat_svc") for v in values)
    assert "全部平台" in values
    # the clerk is shown the impact first: 否 keeps the office's profile
    prompts.answers.append(False)
    dialog.activate_button.click()
    qtbot.waitUntil(lambda: "切换规则方案" in prompts.titles(), timeout=10_000)
    assert dialog.last_impact is not None and dialog.last_impact.profile == "云南"
    assert "改用“云南”后" in prompts.texts()
    with shell.ctx.database.session() as session:
        active = session.scalars(select(PolicyProfileRow).where(PolicyProfileRow.is_active)).one()
        assert active.name == "国办底线+常规"
    prompts.answers.append(True)
    dialog.activate_button.click()
    qtbot.waitUntil(lambda: dialog.list.item(yunnan).text() == "云南（当前）", timeout=10_000)
    with shell.ctx.database.session() as session:
        active = session.scalars(select(PolicyProfileRow).where(PolicyProfileRow.is_active)).one()
        assert active.name == "云南"


def test_the_impact_of_a_switch_counts_findings_that_appear_and_disappear(shell: Shell) -> None:
    from gmdesk.domain.platforms import Platform
    from gmdesk.services import policy
    from tests import calendar_data as data

    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        owner = data.unit(session)
        service = data.account(session, owner, "青岚服务", Platform.WECHAT_SERVICE)
        for day in (3, 10, 17):
            data.post(session, service, datetime(2026, 10, day, 9), mass=True)
        data.post(session, service, datetime(2026, 11, 18, 9), mass=True)
    with shell.ctx.database.session() as session:
        tianxin = policy.profile_by_name(session, "天心区")
        impact = policy.switch_impact(session, tianxin.id, date(2026, 11, 20))
    assert [f.rule for f in impact.appear] == ["MIN_FREQUENCY"]  # 4 群发 a month for a 服务号
    assert "新出现1项问题" in impact.describe()
    with shell.ctx.database.session() as session:  # nothing was kept
        assert policy.active_profile(session).name == "国办底线+常规"
