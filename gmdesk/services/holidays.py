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
from gmdesk.domain.errors import UserError
from gmdesk.domain.holiday_notice import ParsedNotice
from gmdesk.domain.permissions import Permission
from gmdesk.domain.workdays import DayKind, default_source
from gmdesk.services import audit, backups, import_limits, settings
from gmdesk.services.calendar import CONFIRMED_YEARS, confirmed_years, load_work_calendar
from gmdesk.services.operators import requires
from gmdesk.services.rules_in_force import apply_rules_in_force
from gmdesk.store.models import HolidayOverride
from gmdesk.store.queries import reference

HOLIDAY_COLUMNS = (
    Column("日期", required=True),
    Column("类型", required=True),
    Column("名称"),
    Column("来源", aliases=("文号",)),
)
KIND_WORDS = {
    "放假": False,
    "休息": False,
    "休": False,
    "节假日": False,
    "上班": True,
    "调休上班": True,
    "调休": True,
    "补班": True,
    "班": True,
    "工作日": True,
}
"""What a clerk writes in 类型: 调休 and 补班 are the 调休 working days (上班) of the notice."""


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


@dataclass(frozen=True)
class YearTable:
    rows: list[HolidayRow]
    covered: bool
    """The year's holidays are complete (the built-in table, every official holiday, or confirmed)."""
    missing: list[str]
    """Official holidays not yet entered (for a year the built-in table does not cover)."""
    confirmed: bool
    """The clerk confirmed the year as entered."""
    builtin: bool
    """The year comes from the built-in national table."""


def year_table(session: Session, year: int) -> YearTable:
    """The year's holidays and 调休 workdays as the calendar sees them, and how complete the year is."""
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
        HolidayRow(o.day, o.is_workday, o.name, True, o.source)
        for o in edited.values()
        if o.day not in listed
    ]

    return YearTable(
        sorted(rows, key=lambda r: r.day),
        calendar.covers(year),
        calendar.missing_official(year),
        calendar.confirmed(year),
        default_source().covers(year),
    )


@requires(Permission.CONFIGURE)
def set_days(
    session: Session, name: str, days_off: list[date], workdays: list[date], source: str, operator: str
) -> int:
    """One holiday of the notice: its days off (a range) and its 调休 working days; returns the days set."""
    name = name.strip()
    if not name:
        raise UserError("请填写节日名称（如：春节）", field="name")
    if not days_off and not workdays:
        raise UserError("请填写放假日期", field="first")
    both = set(days_off) & set(workdays)
    if both:
        raise UserError(f"{min(both).isoformat()} 不能既放假又上班", field="workdays")
    for day in days_off:
        set_day(session, day, False, name, source, operator, apply=False)
    for day in workdays:
        set_day(session, day, True, name, source, operator, apply=False)
    apply_rules_in_force(session)
    return len(days_off) + len(workdays)


@requires(Permission.CONFIGURE)
def import_notice(session: Session, notice: ParsedNotice, operator: str) -> int:
    """Every holiday of a pasted notice, all or none; returns the days set."""
    if notice.problems:
        raise UserError("以下内容未能识别，请修改后再导入：\n" + "\n".join(notice.problems))
    if not notice.holidays:
        raise UserError("没有找到节假日安排。请粘贴通知中“一、元旦：……”这样的各行。")
    count = 0
    source = notice.source or f"国务院办公厅关于{notice.year}年部分节假日安排的通知"
    for holiday in notice.holidays:
        for day in holiday.days_off:
            set_day(session, day, False, holiday.name, source, operator, apply=False)
            count += 1
        for day in holiday.workdays:
            set_day(session, day, True, holiday.name, source, operator, apply=False)
            count += 1
    apply_rules_in_force(session)
    return count


@requires(Permission.CONFIGURE)
def confirm_year(session: Session, year: int, confirmed: bool, operator: str) -> None:
    """The clerk vouches that the year's table is complete as entered (a notice without one of the usual
    holidays), or withdraws that."""
    years = set(confirmed_years(session))
    years = years | {year} if confirmed else years - {year}
    settings.put(session, CONFIRMED_YEARS, sorted(years))
    audit.record(
        session,
        operator,
        "确认节假日数据完整" if confirmed else "取消确认节假日数据",
        "holiday",
        None,
        {"year": year},
    )
    apply_rules_in_force(session)


@requires(Permission.CONFIGURE)
def set_day(
    session: Session, day: date, is_workday: bool, name: str, source: str, operator: str, apply: bool = True
) -> None:
    """Set one day of the office's table; ``apply`` recomputes the stored deadlines at once (a batch of days
    passes False and applies once at its end)."""
    row = reference.holiday_override(session, day)
    if row is None:
        session.add(HolidayOverride(day=day, is_workday=is_workday, name=name, source=source or "手工录入"))
    else:
        row.is_workday, row.name, row.source = is_workday, name, source or row.source
    audit.record(
        session,
        operator,
        "设置节假日",
        "holiday",
        None,
        {"day": day.isoformat(), "workday": is_workday, "name": name},
    )
    if apply:
        apply_rules_in_force(session)


@requires(Permission.CONFIGURE)
def remove_day(session: Session, day: date, operator: str) -> bool:
    row = reference.holiday_override(session, day)
    if row is None:
        return False
    session.delete(row)
    session.flush()  # so that a second removal in the same unit of work sees the day as gone
    audit.record(session, operator, "删除节假日设置", "holiday", None, {"day": day.isoformat()})
    apply_rules_in_force(session)
    return True


@requires(Permission.CONFIGURE)
def import_holidays(session: Session, path: Path, operator: str, *, dry_run: bool = False) -> int:
    """Import a year's table (日期, 类型 放假/上班, 名称, 来源); all rows or none. A real import backs the file
    up first; a dry run (the caller rolls back) makes no backup."""
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
            reader.fail("类型", f"“{kind}”应为“放假”或“上班”（调休上班）")
        if day is not None and day in parsed:
            reader.fail("日期", f"{day.isoformat()} 在文件中重复出现")
        if reader.ok and day is not None:
            parsed[day] = (KIND_WORDS[kind], name or "", source or path.name)
    if problems:
        raise ImportRejected(path, problems)
    if not parsed:
        raise ImportRejected(path, [Problem("文件中没有数据行")])
    if not dry_run:
        backups.before_write(session, "import")
    for day, (is_workday, name, source) in parsed.items():
        set_day(session, day, is_workday, name, source, operator, apply=False)
    apply_rules_in_force(session)
    return len(parsed)


def describe_day(kind: DayKind) -> str:
    return {
        DayKind.WORKDAY: "工作日",
        DayKind.WEEKEND: "休息日",
        DayKind.HOLIDAY: "法定节假日",
        DayKind.ADJUSTED_WORKDAY: "调休上班",
    }[kind]


def imported_years(session: Session, path: Path) -> list[int]:
    """The years a holiday file's rows fall in (after a successful import)."""
    table = read_table(path, HOLIDAY_COLUMNS)
    years: set[int] = set()
    for row in table.rows:
        day = RowReader(row, []).cell("日期", date_value)
        if day is not None:
            years.add(day.year)
    return sorted(years)
