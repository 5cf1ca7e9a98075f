"""Entering a superior's 通报 from Excel, and exporting the 整改台账.

Import is all or nothing: every row is read and checked first, every problem is reported with its row and
column, and only a clean file is written, in one unit of work. Accounts are matched by 账号名称 (with 平台 or
主办单位 to tell apart accounts of the same name) and units by their full name. An item already entered from
the same 通报 (same 文号, problem and account or unit), or repeated in the file, is skipped and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.documents import rectification_xlsx as layout
from gmdesk.documents.xlsx import ImportRejected, Problem, RowReader, date_value, int_value, read_table
from gmdesk.domain.enums import RectificationSource
from gmdesk.domain.permissions import Permission
from gmdesk.domain.platforms import Platform, parse_platform
from gmdesk.domain.rectification import MAX_WORKDAYS, RectificationError, due_date
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services import audit, backups, import_limits
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.lookups import AccountChoice, accounts_by_name, unit_choices
from gmdesk.services.operators import requires
from gmdesk.services.rectification import (
    NOTICE_MAX,
    PROBLEM_MAX,
    RESPONSIBLE_MAX,
    ItemDraft,
    ItemRow,
    create_item,
    list_items,
)
from gmdesk.store.queries import rectification as queries


@dataclass(frozen=True)
class ImportResult:
    file: Path
    read: int
    imported: int
    skipped: int
    item_ids: list[int]

    def describe(self) -> str:
        text = f"已导入{self.imported}项整改事项"
        if self.skipped:
            text += f"；{self.skipped}项与已录入的同一通报事项或文件中前面的行重复，已跳过"
        return text + "。"


def _platform(value: Any) -> Platform | None:
    return None if value in (None, "") else parse_platform(str(value).strip())


def _source(value: Any) -> RectificationSource:
    return (
        RectificationSource.SUPERIOR_NOTICE
        if value in (None, "")
        else RectificationSource.from_text(str(value))
    )


def _account(reader: RowReader, names: dict[str, list[AccountChoice]], unit: str) -> AccountChoice | None:
    name = reader.cell(layout.ACCOUNT)
    platform = reader.cell(layout.PLATFORM, _platform)
    if not name:
        if platform is not None:
            reader.fail(layout.ACCOUNT, "填写了平台，但没有填写账号名称")
        return None
    matches = names.get(name, [])
    if len(matches) > 1 and platform is not None:
        matches = [m for m in matches if m.platform is platform]
    if len(matches) > 1 and unit:
        matches = [m for m in matches if m.unit_name == unit]
    if not matches:
        where = f"（{platform.label}）" if platform is not None else ""
        reader.fail(
            layout.ACCOUNT, f"找不到名为“{name}”{where}的账号，请核对名称，或先在“账号备案”中登记该账号"
        )
        return None
    if len(matches) > 1:
        which = "、".join(f"{m.platform.label}·{m.unit_name}" for m in matches)
        reader.fail(
            layout.ACCOUNT,
            f"有{len(matches)}个账号都叫“{name}”（{which}），无法确定是哪一个；请填写“平台”列"
            "（必要时填写“主办单位”列）",
        )
        return None
    return matches[0]


def _read_row(
    reader: RowReader,
    names: dict[str, list[AccountChoice]],
    units: dict[str, int],
    calendar: WorkCalendar,
    today: date,
    notice: str,
) -> ItemDraft | None:
    problem = reader.cell(layout.PROBLEM, required=True)
    measure = reader.cell(layout.MEASURE)
    responsible = reader.cell(layout.RESPONSIBLE)
    workdays = reader.cell(layout.WORKDAYS, int_value)
    due = reader.cell(layout.DUE, date_value)
    opened = reader.cell(layout.OPENED, date_value) or today
    notice_ref = reader.cell(layout.NOTICE) or notice
    unit = reader.cell(layout.UNIT)
    source = reader.cell(layout.SOURCE, _source)
    account = _account(reader, names, unit)
    unit_id = None
    if unit:
        unit_id = units.get(unit)
        if unit_id is None:
            reader.fail(
                layout.UNIT, f"找不到名为“{unit}”的单位，请填写单位全称，或先在“账号备案”中登记该单位"
            )
        elif account is not None and account.unit_id != unit_id:
            reader.fail(layout.UNIT, f"账号“{account.name}”的主办单位是“{account.unit_name}”，与此处不一致")
    if problem and len(problem) > PROBLEM_MAX:
        reader.fail(layout.PROBLEM, f"问题描述过长（{len(problem)}字），不能超过{PROBLEM_MAX}字")
    if responsible and len(responsible) > RESPONSIBLE_MAX:
        reader.fail(layout.RESPONSIBLE, f"不能超过{RESPONSIBLE_MAX}字")
    if notice_ref and len(notice_ref) > NOTICE_MAX:
        reader.fail(layout.NOTICE, f"不能超过{NOTICE_MAX}字")
    if opened > today:
        reader.fail(layout.OPENED, f"下达日期{opened.isoformat()}晚于今天")
    if workdays is not None:
        if not 1 <= workdays <= MAX_WORKDAYS:
            reader.fail(layout.WORKDAYS, f"时限应为1至{MAX_WORKDAYS}个工作日")
        elif due is not None and due != (computed := due_date(calendar, opened, workdays)):
            reader.fail(
                layout.DUE,
                f"与时限不一致：自{opened.isoformat()}起{workdays}个工作日应为{computed.isoformat()}；"
                "请只填写其中一项，或改正其一",
            )
    elif due is None:
        if problem:
            reader.fail(layout.WORKDAYS, "请填写时限（工作日）或整改期限")
    elif due < opened:
        reader.fail(layout.DUE, f"整改期限{due.isoformat()}早于下达日期{opened.isoformat()}")
    if not reader.ok:
        return None
    return ItemDraft(
        problem=problem,
        opened_on=opened,
        workdays=workdays,
        due_on=None if workdays is not None else due,
        measure=measure,
        responsible=responsible,
        account_id=account.id if account else None,
        unit_id=unit_id,
        source=source,
        notice_ref=notice_ref,
    )


def _key(draft: ItemDraft) -> tuple[str, str, int | None, int | None]:
    """The same 通报, problem and account (or unit, for an item about no account) is the same item."""
    unit = None if draft.account_id is not None else draft.unit_id
    return (draft.notice_ref, " ".join(draft.problem.split()), draft.account_id, unit)


def read_items(
    session: Session, path: Path | str, today: date, notice: str = ""
) -> tuple[list[ItemDraft], int]:
    """The drafts of a 通报 file and how many rows repeat one already entered; ImportRejected if any row is
    wrong. ``notice`` is the 文号 for rows without one."""
    path = Path(path)
    table = read_table(path, layout.COLUMNS, sheet_name="整改事项", lengths=import_limits.RECTIFICATIONS)
    if not table.rows:
        raise ImportRejected(path, [Problem("文件中没有数据行（第1行为表头，数据从第2行开始）")])
    names = accounts_by_name(session)
    units = {u.name: u.id for u in unit_choices(session)}
    calendar = load_work_calendar(session)
    problems: list[Problem] = []
    drafts: list[ItemDraft] = []
    seen: set[tuple[str, str, int | None, int | None]] = set()
    known: dict[str, set[tuple[str, str, int | None, int | None]]] = {}
    repeated = 0
    for row in table.rows:
        draft = _read_row(RowReader(row, problems), names, units, calendar, today, notice.strip())
        if draft is None:
            continue
        if draft.notice_ref not in known:
            known[draft.notice_ref] = (
                {
                    _key(
                        ItemDraft(
                            problem=i.problem,
                            opened_on=today,
                            account_id=i.account_id,
                            unit_id=i.unit_id,
                            notice_ref=draft.notice_ref,
                        )
                    )
                    for i in queries.same_notice_items(session, draft.notice_ref)
                }
                if draft.notice_ref
                else set()
            )
        key = _key(draft)
        if key in seen or key in known[draft.notice_ref]:
            repeated += 1
            continue
        seen.add(key)
        drafts.append(draft)
    if problems:
        raise ImportRejected(path, problems)
    return drafts, repeated


@requires(Permission.RECORD)
def import_items(
    session: Session, path: Path | str, operator: str, now: datetime, notice: str = "", dry_run: bool = False
) -> ImportResult:
    """Read, check and (unless ``dry_run``) write a 通报 file in one unit of work."""
    path = Path(path)
    drafts, repeated = read_items(session, path, now.date(), notice)
    ids: list[int] = []
    if not dry_run:
        if drafts:
            backups.before_write(session, "import")
        for draft in drafts:
            try:
                ids.append(create_item(session, draft, operator, now).id)
            except RectificationError as error:  # checked already; a unit deleted meanwhile, say
                raise ImportRejected(path, [Problem(str(error))]) from error
        audit.record(
            session,
            operator,
            "导入整改事项",
            queries.ENTITY,
            None,
            {"file": path.name, "imported": len(ids), "skipped": repeated},
            now,
        )
    return ImportResult(path, len(drafts) + repeated, len(drafts), repeated, ids)


def _export_row(number: int, row: ItemRow) -> list[Any]:
    return [
        number,
        row.source.label,
        row.notice_ref,
        row.opened_on,
        row.unit,
        row.account,
        row.platform.label if row.platform else "",
        row.problem,
        row.measure,
        row.responsible,
        row.workdays,
        row.due_on,
        row.state.label,
        row.completed_on,
        row.result,
        row.evidence or "",
        row.remaining,
    ]


def export_items(session: Session, path: Path | str, as_of: date, open_only: bool = False) -> int:
    """Write the ledger (open items first) to an Excel file; return how many items."""
    rows = [r for r in list_items(session, as_of) if r.is_open or not open_only]
    layout.write_items(path, (_export_row(n, r) for n, r in enumerate(rows, start=1)))
    return len(rows)


def write_template(path: Path | str, today: date) -> Path:
    example = [
        [
            "县网信办〔2026〕3号",
            today.isoformat(),
            "",
            "青岚发布",
            "微信公众号-订阅号",
            "2026年第三季度抽查发现连续两周未更新",
            "明确专人负责，制定发布计划",
            "张三",
            15,
            "",
        ]
    ]
    return layout.write_template(path, example)
