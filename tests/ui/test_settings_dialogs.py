"""工具 menu dialogs: the holiday table and the rule profiles, driven as the clerk would."""

from __future__ import annotations

from datetime import date, datetime

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from gmdesk.domain.workdays import DayKind
from gmdesk.services.calendar import load_work_calendar
from gmdesk.store.models import HolidayOverride, PolicyProfileRow
from gmdesk.ui.app import Shell
from gmdesk.ui.settings.holidays import HolidayDialog
from gmdesk.ui.settings.policy import PolicyDialog
from tests.ui.conftest import PromptRecorder


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


def test_holiday_edits_reach_the_working_day_calendar(shell: Shell, qtbot: QtBot) -> None:
    assert shell.ctx is not None
    dialog = HolidayDialog(shell.ctx, shell.window)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2027)
    qtbot.waitUntil(lambda: "缺少2027年" in dialog.coverage.text())
    # what the 保存 button of the day editor does, with the editor's values
    from gmdesk.services import holidays

    with qtbot.waitSignal(shell.ctx.jobs.idle):
        shell.ctx.jobs.run(lambda s: holidays.set_day(s, date(2027, 1, 1), False, "元旦", "测试通知", "管理员"), write=True)
    dialog.reload()
    qtbot.waitUntil(lambda: "2027-01-01" in table_texts(dialog.table, 0))
    assert "数据完整" in dialog.coverage.text()
    with shell.ctx.database.session() as session:
        calendar = load_work_calendar(session)
        assert calendar.info(date(2027, 1, 1)).kind is DayKind.HOLIDAY
        assert session.scalars(select(HolidayOverride)).one().source == "测试通知"


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
