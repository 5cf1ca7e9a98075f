"""Holidays, rule profiles and the built-in defaults, against a real database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from gmdesk.domain.errors import UserError
from gmdesk.domain.policy import PRESETS, with_overrides
from gmdesk.domain.workdays import DayKind
from gmdesk.services import holidays
from gmdesk.services import policy as policy_service
from gmdesk.services.bootstrap import ensure_defaults
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.checks import run_checks
from gmdesk.store.database import Database
from gmdesk.store.models import AuditEntry, HolidayOverride, Operator, PolicyProfileRow, ReplyTemplate
from tests.conftest import TEST_OPERATORS


def notice(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    workbook.active.append(["日期", "类型", "名称", "来源"])
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_defaults_are_added_once_and_never_overwrite_edits(database: Database) -> None:
    with database.session() as session:
        row = session.scalars(select(PolicyProfileRow).where(PolicyProfileRow.name == "云南")).one()
        row.description = "本县修改过的说明"
        ensure_defaults(session)
        ensure_defaults(session)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(PolicyProfileRow)) == len(PRESETS)
        assert session.scalars(select(PolicyProfileRow.name).where(PolicyProfileRow.is_active)).all() == [
            "国办底线+常规"
        ]
        assert (
            session.scalars(select(PolicyProfileRow.description).where(PolicyProfileRow.name == "云南")).one()
            == "本县修改过的说明"
        )
        assert session.scalar(select(func.count()).select_from(ReplyTemplate)) >= 7
        defaults = [n for n in session.scalars(select(Operator.name)) if n not in TEST_OPERATORS]
        assert defaults == ["管理员"]


def test_importing_next_years_notice_covers_the_year(database: Database, tmp_path: Path) -> None:
    path = notice(
        tmp_path / "2027.xlsx",
        [
            ["2027-01-01", "放假", "元旦", "国办发明电〔2026〕X号"],
            ["2027-02-06", "上班", "春节", None],
            ["2027-02-08", "放假", "春节", None],
        ],
    )
    with database.session() as session:
        assert holidays.import_holidays(session, path, "管理员") == 3
    with database.session() as session:
        calendar = load_work_calendar(session)
        assert calendar.info(date(2027, 2, 6)).kind is DayKind.ADJUSTED_WORKDAY
        assert calendar.info(date(2027, 2, 8)).kind is DayKind.HOLIDAY
        # 元旦 and 春节 alone do not make 2027 complete: the warning stays and names what is missing
        assert not calendar.covers(2027)
        (warning,) = calendar.coverage_warnings(date(2026, 11, 22))
        assert "缺清明节、劳动节、端午节、中秋节、国庆节" in warning.message
        table = holidays.year_table(session, 2027)
        assert not table.covered and table.missing == ["清明节", "劳动节", "端午节", "中秋节", "国庆节"]
        assert [r.day for r in table.rows] == [date(2027, 1, 1), date(2027, 2, 6), date(2027, 2, 8)]
        assert table.rows[1].source == "2027.xlsx" and table.rows[0].source == "国办发明电〔2026〕X号"
        assert session.scalar(select(func.count()).where(AuditEntry.action == "设置节假日")) == 3
        assert [f.rule for f in run_checks(session, date(2026, 11, 22))] == ["HOLIDAY_DATA_MISSING"]
    with database.session() as session:  # the clerk vouches for the year as entered
        holidays.confirm_year(session, 2027, True, "管理员")
    with database.session() as session:
        assert load_work_calendar(session).covers(2027)
        assert run_checks(session, date(2026, 11, 22)) == []
        holidays.confirm_year(session, 2027, False, "管理员")
    with database.session() as session:
        assert not load_work_calendar(session).covers(2027)


def test_a_bad_notice_is_refused_whole(database: Database, tmp_path: Path) -> None:
    path = notice(
        tmp_path / "bad.xlsx",
        [
            ["2027-01-01", "放假", "元旦", None],
            ["2027-02-30", "放假", "春节", None],
            ["2027-02-06", "加班", "", None],
            ["2027-01-01", "上班", "", None],
        ],
    )
    with database.session() as session, pytest.raises(holidays.ImportRejected) as rejected:
        holidays.import_holidays(session, path, "管理员")
    described = [p.describe() for p in rejected.value.problems]
    assert described == [
        "第3行，“日期”列：日期“2027-02-30”无法识别，应为 YYYY-MM-DD 格式（如 2026-03-01）",
        "第4行，“类型”列：“加班”应为“放假”或“上班”（调休上班）",
        "第5行，“日期”列：2027-01-01 在文件中重复出现",
    ]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(HolidayOverride)) == 0


def test_editing_and_removing_a_day(database: Database) -> None:
    with database.session() as session:
        holidays.set_day(session, date(2025, 10, 9), False, "县庆", "", "管理员")
    with database.session() as session:
        assert not load_work_calendar(session).is_workday(date(2025, 10, 9))
        assert holidays.remove_day(session, date(2025, 10, 9), "管理员")
        assert not holidays.remove_day(session, date(2025, 10, 9), "管理员")
    with database.session() as session:
        assert load_work_calendar(session).is_workday(date(2025, 10, 9))


def test_profiles_are_copied_edited_and_activated(database: Database) -> None:
    with database.session() as session:
        infos = {p.name: p for p in policy_service.list_profiles(session)}
        edited = with_overrides(infos["云南"].profile, {"update.gap.amount": 10})
        with pytest.raises(UserError, match="内置方案，不能修改"):
            policy_service.save_profile(session, edited, "管理员", infos["云南"].id)
    with database.session() as session:
        from dataclasses import replace

        copy = replace(edited, name="云南（本县）")
        new_id = policy_service.save_profile(session, copy, "管理员")
        with pytest.raises(UserError, match="已有名为“云南（本县）”"):
            policy_service.save_profile(session, copy, "管理员")
        policy_service.set_active_profile(session, new_id, "管理员")
    with database.session() as session:
        active = policy_service.active_profile(session)
        assert active.name == "云南（本县）" and active.update.gap.amount == 10
        assert active.update.frequency == PRESETS["云南"].update.frequency


def test_a_pasted_notice_and_a_range_complete_2027(database: Database) -> None:
    from gmdesk.domain.holiday_notice import parse_notice

    with database.session() as session:  # the clerk types 春节 as a range with its 调休 days
        days = [date(2027, 2, 6 + n) for n in range(7)]
        assert (
            holidays.set_days(
                session,
                "春节",
                days,
                [date(2027, 2, 14), date(2027, 2, 20)],
                "国办发明电〔2026〕X号",
                "管理员",
            )
            == 9
        )
    with database.session() as session:
        table = holidays.year_table(session, 2027)
        assert "春节" not in table.missing and not table.covered
        with pytest.raises(holidays.UserError, match="不能既放假又上班"):
            holidays.set_days(session, "春节", [date(2027, 2, 14)], [date(2027, 2, 14)], "", "管理员")
    text = """一、元旦：1月1日（星期五）至3日（星期日）放假，共3天。
三、清明节：4月3日至5日放假，共3天。
四、劳动节：5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。
五、端午节：6月9日至11日放假，共3天。
六、中秋节：9月15日至17日放假，共3天。
七、国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。"""
    with database.session() as session:
        assert holidays.import_notice(session, parse_notice(text, 2027), "管理员") == 28
    with database.session() as session:
        calendar = load_work_calendar(session)
        assert calendar.covers(2027) and holidays.year_table(session, 2027).covered
        assert calendar.info(date(2027, 9, 26)).kind is DayKind.ADJUSTED_WORKDAY
        assert calendar.add_workdays(date(2027, 9, 30), 1) == date(2027, 10, 8)


def test_调休_and_补班_mean_上班_in_an_import(database: Database, tmp_path: Path) -> None:
    path = notice(
        tmp_path / "n.xlsx", [["2027-02-14", "调休", "春节", None], ["2027-02-20", "补班", "春节", None]]
    )
    with database.session() as session:
        assert holidays.import_holidays(session, path, "管理员") == 2
        assert load_work_calendar(session).info(date(2027, 2, 14)).kind is DayKind.ADJUSTED_WORKDAY


@pytest.mark.sqlite_only  # (the file's backup before an import)
def test_gmdesk_import_holidays_backs_up_first(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gmdesk.cli import main
    from gmdesk.store.backup import list_backups

    path = notice(
        tmp_path / "2027.xlsx",
        [["2027-01-01", "放假", "元旦", "国办发明电〔2026〕X号"], ["2027-02-14", "上班", "春节", None]],
    )
    assert main(["import", "holidays", str(path), "--db", str(db_path), "--dry-run"]) == 0
    assert "检查通过（未写入）" in capsys.readouterr().out and not list_backups(db_path)
    assert main(["import", "holidays", str(path), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "导入前已备份到" in out and "导入2个日期" in out and "2027年节假日尚不完整，缺春节、清明节" in out
    (backup,) = list_backups(db_path)
    assert backup.reason == "import"
    bad = notice(tmp_path / "bad.xlsx", [["2027-02-30", "放假", "春节", None]])
    assert main(["import", "holidays", str(bad), "--db", str(db_path)]) == 2
    assert "第2行" in capsys.readouterr().err
