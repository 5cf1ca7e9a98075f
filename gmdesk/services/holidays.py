"""The office's holiday table: view a year as the calendar sees it, edit days, import a notice from Excel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from gmdesk.documents.xlsx import (
    Column,
    ImportRejected,
    Problem,
    RowReader,
    date_value,
    read_table,
    text_value,
)
from gmdesk.domain.permissions import Permission
from gmdesk.domain.workdays import DayKind
from gmdesk.services import audit, backups, import_limits
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.operators import requires
from gmdesk.store.models import HolidayOverride
from gmdesk.store.queries import reference

HOLIDAY_COLUMNS = (Column("日期", required=True), Column("类型", required=True), Column("名称"), Column("来源", aliases=("文号",)))
KIND_WORDS = {"放假": False, "休息": False, "节假日": False, "上班": True, "调休上班": True, "工作日": True}


@dataclass(frozen=True)
class HolidayRow:
    day: date
    is_workday: bool
    name: str
    edited: bool
    """True when the office's table sets this day (otherwise it comes from the national table)."""
    source: str

    @property
    def kind_label(self) -> str:
        return "上班" if self.is_workday else "放假"


def year_table(session: Session, year: int) -> tuple[list[HolidayRow], bool]:
    """The year's holidays and 调休 workdays as the calendar sees them, and whether the year is covered."""
    calendar = load_work_calendar(session)
    edited = {o.day: o for o in reference.holiday_overrides(session) if o.day.year == year}
    rows = [
        HolidayRow(
            info.day,
            info.is_workday,
            info.name,
            info.day in edited,
            edited[info.day].source if info.day in edited else "国务院办公厅通知（内置）",
        )
        for info in calendar.special_days(year)
    ]
    listed = {r.day for r in rows}
    rows += [
        HolidayRow(o.day, o.is_workday, o.name, True, o.source) for o in edited.values() if o.day not in listed
    ]
    return sorted(rows, key=lambda r: r.day), calendar.covers(year)


@requires(Permission.CONFIGURE)
def set_day(session: Session, day: date, is_workday: bool, name: str, source: str, operator: str) -> None:
    row = reference.holiday_override(session, day)
    if row is None:
        session.add(HolidayOverride(day=day, is_workday=is_workday, name=name, source=source or "手工录入"))
    else:
        row.is_workday, row.name, row.source = is_workday, name, source or row.source
    audit.record(session, operator, "设置节假日", "holiday", None, {"day": day.isoformat(), "workday": is_workday, "name": name})


@requires(Permission.CONFIGURE)
def remove_day(session: Session, day: date, operator: str) -> bool:
    row = reference.holiday_override(session, day)
    if row is None:
        return False
    session.delete(row)
    session.flush()  # so that a second removal in the same unit of work sees the day as gone
    audit.record(session, operator, "删除节假日设置", "holiday", None, {"day": day.isoformat()})
    return True


@requires(Permission.CONFIGURE)
def import_holidays(session: Session, path: Path, operator: str) -> int:
    """Import a year's table (日期, 类型 放假/上班, 名称, 来源); all rows or none."""
    table = read_table(path, HOLIDAY_COLUMNS, sheet_name="节假日", lengths=import_limits.HOLIDAYS)
    problems: list[Problem] = []
    parsed: dict[date, tuple[bool, str, str]] = {}
    for row in table.rows:
        reader = RowReader(row, problems)
        day = reader.cell("日期", date_value, required=True)
        kind = reader.cell("类型", text_value, required=True)
        name = reader.cell("名称")
        source = reader.cell("来源")
        if kind and kind not in KIND_WORDS:
            reader.fail("类型", f"“{kind}”应为“放假”或“上班”")
        if day is not None and day in parsed:
            reader.fail("日期", f"{day.isoformat()} 在文件中重复出现")
        if reader.ok and day is not None:
            parsed[day] = (KIND_WORDS[kind], name or "", source or path.name)
    if problems:
        raise ImportRejected(path, problems)
    if not parsed:
        raise ImportRejected(path, [Problem("文件中没有数据行")])
    backups.before_write(session, "import")
    for day, (is_workday, name, source) in parsed.items():
        set_day(session, day, is_workday, name, source, operator)
    return len(parsed)


def describe_day(kind: DayKind) -> str:
    return {
        DayKind.WORKDAY: "工作日",
        DayKind.WEEKEND: "休息日",
        DayKind.HOLIDAY: "法定节假日",
        DayKind.ADJUSTED_WORKDAY: "调休上班",
    }[kind]
