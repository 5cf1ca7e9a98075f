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
        assert session.scalars(select(PolicyProfileRow.name).where(PolicyProfileRow.is_active)).all() == ["国办底线+常规"]
        assert session.scalars(select(PolicyProfileRow.description).where(PolicyProfileRow.name == "云南")).one() == "本县修改过的说明"
        assert session.scalar(select(func.count()).select_from(ReplyTemplate)) >= 7
        defaults = [n for n in session.scalars(select(Operator.name)) if n not in TEST_OPERATORS]
        assert defaults == ["管理员"]


def test_importing_next_years_notice_covers_the_year(database: Database, tmp_path: Path) -> None:
    path = notice(
        tmp_path / "2027.xlsx",
        [["2027-01-01", "放假", "元旦", "国办发明电〔2026〕X号"], ["2027-02-06", "上班", "春节", None], ["2027-02-08", "放假", "春节", None]],
    )
    with database.session() as session:
        assert holidays.import_holidays(session, path, "管理员") == 3
    with database.session() as session:
        calendar = load_work_calendar(session)
        assert calendar.covers(2027)
        assert calendar.info(date(2027, 2, 6)).kind is DayKind.ADJUSTED_WORKDAY
        assert calendar.info(date(2027, 2, 8)).kind is DayKind.HOLIDAY
        assert calendar.coverage_warnings(date(2026, 11, 22)) == []
        rows, covered = holidays.year_table(session, 2027)
        assert covered and [r.day for r in rows] == [date(2027, 1, 1), date(2027, 2, 6), date(2027, 2, 8)]
        assert rows[1].source == "2027.xlsx" and rows[0].source == "国办发明电〔2026〕X号"
        assert session.scalar(select(func.count()).where(AuditEntry.action == "设置节假日")) == 3
        assert run_checks(session, date(2026, 11, 22)) == []


def test_a_bad_notice_is_refused_whole(database: Database, tmp_path: Path) -> None:
    path = notice(
        tmp_path / "bad.xlsx",
        [["2027-01-01", "放假", "元旦", None], ["2027-02-30", "放假", "春节", None], ["2027-02-06", "加班", "", None], ["2027-01-01", "上班", "", None]],
    )
    with database.session() as session, pytest.raises(holidays.ImportRejected) as rejected:
        holidays.import_holidays(session, path, "管理员")
    described = [p.describe() for p in rejected.value.problems]
    assert described == [
        "第3行，“日期”列：日期“2027-02-30”无法识别，应为 YYYY-MM-DD 格式（如 2026-03-01）",
        "第4行，“类型”列：“加班”应为“放假”或“上班”",
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
