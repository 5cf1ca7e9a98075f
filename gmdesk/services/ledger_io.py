"""The ledger in and out of Excel (domain §7): export, a blank template, and an all-or-nothing import.

Import matches accounts by 主办单位 + 平台 + 账号名称, so importing the same file twice updates instead of
duplicating; missing units and people are created. Every row is checked first and every problem is listed
by row and column; only a clean file is written, in one unit of work, through the same service as the
account dialog (so a filed account's new 管理员 opens its 变更备案, and an account taken over as
已开设(待备案) gets its pending 开设备案). ``dry_run`` does all of it and then rolls it back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.documents.ledger_xlsx import (
    ALL_HEADERS,
    SAMPLE_MARK,
    read_ledger,
    unescape_excel,
    write_ledger,
)
from gmdesk.documents.ledger_xlsx import write_template as write_blank
from gmdesk.documents.xlsx import (
    ImportRejected,
    Problem,
    RowReader,
    SheetRow,
    bool_value,
    date_value,
    int_value,
    text_value,
)
from gmdesk.domain.enums import AccountState, FilingKind, OpsMode, PostKind, PostStatus, Role
from gmdesk.domain.lifecycle import LifecycleError, NewEvent, due_date
from gmdesk.domain.permissions import Permission
from gmdesk.domain.platforms import Platform, parse_platform
from gmdesk.services import audit, backups, import_limits
from gmdesk.services.accounts_data import AccountForm, RoleAssignment
from gmdesk.services.accounts_org import guess_unit_type
from gmdesk.services.accounts_save import SaveContext, create_accounts, form_of, save_account
from gmdesk.services.filings_events import add_event
from gmdesk.services.operators import requires
from gmdesk.store.models import Account, Person, Post, Unit
from gmdesk.store.queries import accounts as queries
from gmdesk.store.queries import posts as post_queries

Progress = Callable[[int, int, str], None]

PEOPLE_COLUMNS: tuple[tuple[Role, str], ...] = (
    (Role.PRINCIPAL, "主要负责人"),
    (Role.DEPUTY, "分管负责人"),
    (Role.EDITOR, "总编辑"),
    (Role.ADMIN, "管理员"),
)


# --------------------------------------------------------------------------- export
def _holder(account: Account, role: Role) -> tuple[str, str]:
    for r in account.roles:
        if r.role is role and r.position == 0:
            return r.person.name, r.person.phone or ""
    return "", ""


def ledger_row(account: Account, last_post: date | None = None) -> list[Any]:
    """One account in the order of ``ALL_HEADERS``."""
    people = [value for role, _ in PEOPLE_COLUMNS for value in _holder(account, role)]
    return [
        account.unit.name,
        account.name,
        account.platform.label,
        account.platform_account_id or "",
        account.verified_entity or "",
        account.opened_on,
        account.state.label,
        account.purpose or "",
        account.ops_mode.label,
        account.ops_vendor or "",
        *people,
        account.filing_number or "",
        account.note or "",
        account.home_url or "",
        "是" if account.is_verified else "否",
        account.scope or "",
        "是" if account.interaction_enabled else "否",
        account.followers or 0,
        account.filed_on,
        account.closed_on or account.canceled_on,
        last_post,
    ]


def export_ledger(
    session: Session, path: Path | str, *, by_unit: bool = False, progress: Progress | None = None
) -> int:
    """Write every account; ``by_unit`` gives each 主办单位 its own sheet (一个单位一张表)."""
    accounts = queries.accounts_with_people(session)
    total = len(accounts)
    last_posts = post_queries.last_published_before(session, [a.id for a in accounts], date.max)
    rows = []
    for number, account in enumerate(accounts, start=1):
        rows.append((account.unit, ledger_row(account, last_posts.get(account.id))))
        if progress is not None and (number % 200 == 0 or number == total):
            progress(number, total + 1, "整理台账")
    if by_unit:
        # grouped by unit, titled by the short name (Excel allows 31 characters; clashes get a suffix)
        sheets: dict[int, tuple[str, list[list[Any]]]] = {}
        for unit, row in rows:
            sheets.setdefault(unit.id, (unit.short_name or unit.name, []))[1].append(row)
        layout = list(sheets.values())
    else:
        layout = [("账号台账", [row for _, row in rows])]
    write_ledger(path, layout)
    if progress is not None:
        progress(total + 1, total + 1, "已保存")
    return total


def write_template(path: Path | str) -> Path:
    return write_blank(
        path, [p.label for p in Platform], [s.label for s in AccountState], [m.label for m in OpsMode]
    )


# --------------------------------------------------------------------------- import
@dataclass
class ImportSummary:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: list[str] = field(default_factory=list)
    people_created: int = 0
    people_updated: int = 0
    change_filings: int = 0
    open_filings: int = 0
    posts_recorded: int = 0
    """最近发布时间 cells that became a post on record."""
    without_posts: int = 0
    """Accounts of the file that have no post on record after the import."""
    cancel_filings: int = 0
    """注销备案 left to do for accounts taken over as 已注销(待关停备案)."""
    closed: int = 0
    """Accounts taken over as 已关停, their 注销备案 recorded as done."""
    dry_run: bool = False

    def describe(self) -> str:
        head = "【试导入，未写入数据库】" if self.dry_run else ""
        lines = [
            f"{head}文件“{self.file}”共{self.rows}行：新增账号{self.created}个，更新{self.updated}个，无变化{self.unchanged}个。",
        ]
        if self.units_created:
            shown = "、".join(self.units_created[:10]) + ("等" if len(self.units_created) > 10 else "")
            lines.append(f"新建单位{len(self.units_created)}个：{shown}。")
        if self.people_created or self.people_updated:
            lines.append(f"新增人员{self.people_created}人，更新人员电话{self.people_updated}人。")
        if self.open_filings:
            lines.append(f"已为{self.open_filings}个“已开设(待备案)”的账号生成开设备案待办。")
        if self.cancel_filings:
            lines.append(
                f"已为{self.cancel_filings}个“已注销(待关停备案)”的账号登记注销日期并生成注销备案待办。"
            )
        if self.closed:
            lines.append(f"已为{self.closed}个“已关停”的账号登记关停日期和已办结的注销备案。")
        if self.change_filings:
            lines.append(
                f"{self.change_filings}个已备案账号的名称、认证主体或人员有变化，已生成变更备案待办。"
            )
        if self.posts_recorded:
            lines.append(f"按“最近发布时间”登记了{self.posts_recorded}个账号的最近一次发布。")
        if self.without_posts:
            lines.append(
                f"{self.without_posts}个账号还没有发布记录：请在“发布日历”中导入发布记录（Excel），"
                "或在台账中填写“最近发布时间”后重新导入；在此之前“工作台”将其列为“尚无发布记录”，"
                "不按连续两周未更新计。"
            )
        return "\n".join(lines)


@dataclass
class _Row:
    source: SheetRow
    unit: str
    name: str
    platform: Platform
    state: AccountState | None
    values: dict[str, Any]
    people: dict[Role, tuple[str, str]]
    ended_on: date | None = None
    """注销/关停日期 of an account taken over as 已注销 or 已关停."""
    last_post: date | None = None


def _text(value: Any) -> str:
    """Cell text; Excel's ``_xHHHH_`` escapes are read back, so a control character is refused, not imported."""
    return text_value(unescape_excel(value))


def _where(row: SheetRow) -> str:
    return (f"工作表“{row.sheet}”" if row.sheet else "") + f"第{row.number}行"


def _parse(rows: Sequence[SheetRow], present: set[str], problems: list[Problem]) -> list[_Row]:
    parsed: list[_Row] = []
    seen: dict[tuple[str, Platform, str], SheetRow] = {}
    phones: dict[tuple[str, str], tuple[str, SheetRow, str]] = {}
    for row in rows:
        reader = RowReader(row, problems)
        unit = " ".join((reader.cell("主办单位", _text, required=True) or "").split())
        name = (reader.cell("账号名称", _text, required=True) or "").strip()
        platform = reader.cell(
            "平台", lambda v: parse_platform(_text(v)) if v not in (None, "") else None, required=True
        )
        state = reader.cell("状态", lambda v: AccountState.from_text(_text(v)) if _text(v) else None)
        ops = reader.cell("运维方式", lambda v: OpsMode.from_text(_text(v)) if _text(v) else None)
        values = {
            "platform_account_id": reader.cell("账号ID", _text),
            "verified_entity": reader.cell("认证主体", _text),
            "opened_on": reader.cell("开设时间", date_value),
            "purpose": reader.cell("宗旨", _text),
            "ops_mode": ops,
            "ops_vendor": reader.cell("运维单位", _text),
            "filing_number": reader.cell("备案编号", _text),
            "note": reader.cell("备注", _text),
            "home_url": reader.cell("主页链接", _text),
            "scope": reader.cell("主要栏目", _text),
            "filed_on": reader.cell("备案日期", date_value),
        }
        if "是否认证" in present and reader.row.get("是否认证") not in (None, ""):
            values["is_verified"] = reader.cell("是否认证", bool_value)
        if "互动功能" in present and reader.row.get("互动功能") not in (None, ""):
            values["interaction_enabled"] = reader.cell("互动功能", bool_value)
        if "关注数" in present:
            followers = reader.cell("关注数", int_value)
            if followers is not None and followers < 0:
                reader.fail("关注数", "不能为负数")
            values["followers"] = followers
        people: dict[Role, tuple[str, str]] = {}
        for role, header in PEOPLE_COLUMNS:
            person = reader.cell(header, _text) or ""
            phone = reader.cell(f"{header}电话", _text) or ""
            if phone and not person:
                reader.fail(header, f"填写了{header}电话，但没有填写{header}姓名")
            if person and unit:
                known = phones.get((unit, person))
                if known and phone and known[0] and known[0] != phone:
                    reader.fail(
                        f"{header}电话",
                        f"“{person}”的电话为“{phone}”，与{_where(known[1])}“{known[2]}”列的"
                        f"“{known[0]}”不一致（同一单位的同名人员视为同一人）",
                    )
                elif not known or (phone and not known[0]):
                    phones[(unit, person)] = (phone, row, f"{header}电话")
            if header in present:
                people[role] = (person, phone)
        if reader.ok and platform is not None and unit and name:
            key = (unit, platform, name)
            if key in seen:
                reader.fail(
                    "账号名称", f"与{_where(seen[key])}重复：同一主办单位在同一平台的账号名称不能相同"
                )
            else:
                seen[key] = row
        ended_on = reader.cell(ENDED, date_value)
        last_post = reader.cell("最近发布时间", date_value) if "最近发布时间" in present else None
        if SAMPLE_MARK in unit:
            reader.fail("主办单位", "这是模板中的示例行，请删除后再导入")
        if reader.ok:
            parsed.append(
                _Row(row, unit, name, platform, state, values, people, ended_on=ended_on, last_post=last_post)
            )
    return parsed


def _inferred(row: _Row) -> AccountState:
    if row.state is not None:
        return row.state
    if row.values.get("filing_number"):
        return AccountState.RUNNING
    if row.values.get("opened_on"):
        return AccountState.OPENED
    return AccountState.PROPOSED


def _check_state(row: _Row, state: AccountState, today: date, problems: list[Problem]) -> None:
    reader = RowReader(row.source, problems)
    opened = row.values.get("opened_on")
    if state in (AccountState.OPENED, AccountState.RUNNING) and opened is None:
        reader.fail("开设时间", f"“{state.label}”的账号须填写开设时间")
    if opened is not None and opened > today:
        reader.fail("开设时间", f"开设时间（{opened.isoformat()}）不能晚于今天")
    if state is AccountState.RUNNING and not row.values.get("filing_number"):
        reader.fail(
            "备案编号", "“运行中(已备案)”的账号须填写备案编号；尚未备案的请将状态填为“已开设(待备案)”"
        )
    if state in ENDED_STATES:
        if row.ended_on is None:
            reader.fail(ENDED, f"“{state.label}”的账号须填写注销/关停日期")
        elif row.ended_on > today:
            reader.fail(ENDED, f"注销/关停日期（{row.ended_on.isoformat()}）不能晚于今天")
        elif opened is not None and row.ended_on < opened:
            reader.fail(
                ENDED, f"注销/关停日期（{row.ended_on.isoformat()}）早于开设时间（{opened.isoformat()}）"
            )
    _check_last_post(row, today, problems)


def _check_last_post(row: _Row, today: date, problems: list[Problem]) -> None:
    if row.last_post is None:
        return
    reader = RowReader(row.source, problems)
    opened = row.values.get("opened_on")
    if row.last_post > today:
        reader.fail("最近发布时间", f"最近发布时间（{row.last_post.isoformat()}）不能晚于今天")
    elif opened is not None and row.last_post < opened:
        reader.fail(
            "最近发布时间", f"最近发布时间（{row.last_post.isoformat()}）早于开设时间（{opened.isoformat()}）"
        )


@requires(Permission.RECORD)
def import_ledger(
    session: Session,
    path: Path | str,
    operator: str,
    today: date,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import the ledger all or nothing; ImportRejected lists every problem and nothing is written."""
    path = Path(path)
    table = read_ledger(path, lengths=import_limits.LEDGER)
    problems: list[Problem] = []
    if not table.rows:
        raise ImportRejected(path, [Problem("文件中没有数据行")])
    parsed = _parse(table.rows, table.present, problems)
    units = {u.name: u for u in queries.all_units(session)}
    unit_names = {u.id: u.name for u in units.values()}
    # loaded with their people once: the saves below find them in the session, with no query per row
    existing = {(unit_names[a.unit_id], a.platform, a.name): a for a in queries.accounts_with_people(session)}
    for row in parsed:
        current = existing.get((row.unit, row.platform, row.name))
        if current is None:
            _check_state(row, _inferred(row), today, problems)
        elif row.state is not None and row.state is not current.state:
            RowReader(row.source, problems).fail(
                "状态",
                f"账号已在台账中，状态为“{current.state.label}”，与表中“{row.state.label}”不同；"
                "状态变化请在“账号备案”页按流程办理",
            )
        else:
            _check_last_post(row, today, problems)
    if problems:
        raise ImportRejected(path, problems)

    summary = ImportSummary(path.name, rows=len(parsed), dry_run=dry_run)
    if not dry_run:
        backups.before_write(session, "import", progress)
    savepoint = session.begin_nested()
    try:
        _apply(session, parsed, table.present, units, existing, summary, operator, today, progress)
        audit.record(
            session,
            operator,
            "导入台账",
            "account",
            None,
            {
                "file": path.name,
                "rows": summary.rows,
                "created": summary.created,
                "updated": summary.updated,
                "units_created": len(summary.units_created),
                "people_created": summary.people_created,
            },
        )
    except LifecycleError as error:  # a rule refused a row after all (should have been caught above)
        savepoint.rollback()
        raise ImportRejected(path, [Problem(str(error))]) from error
    except BaseException:
        savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return summary


def _people_and_units(
    session: Session, parsed: list[_Row], units: dict[str, Unit], summary: ImportSummary, operator: str
) -> dict[tuple[int, str], Person]:
    """Create the missing units and people in two inserts, and bring the people's phones up to date."""
    new_units = [
        Unit(name=name, unit_type=guess_unit_type(name))
        for name in dict.fromkeys(r.unit for r in parsed)
        if name not in units
    ]
    session.add_all(new_units)
    session.flush()
    for unit in new_units:
        units[unit.name] = unit
        summary.units_created.append(unit.name)
        audit.record(session, operator, "新增单位", "unit", unit.id, {"name": unit.name, "source": "导入"})
    people: dict[tuple[int, str], Person] = {(p.unit_id or 0, p.name): p for p in queries.all_people(session)}
    created: list[Person] = []
    for row in parsed:
        unit_id = units[row.unit].id
        for name, phone in row.people.values():
            if not name:
                continue
            person = people.get((unit_id, name))
            if person is None:
                person = Person(unit_id=unit_id, name=name, phone=phone)
                people[(unit_id, name)] = person
                created.append(person)
            elif phone and (person.phone or "") != phone and person not in created:
                audit.record(
                    session,
                    operator,
                    "修改人员",
                    "person",
                    person.id,
                    {"phone": [person.phone, phone], "source": "导入"},
                )
                person.phone = phone
                summary.people_updated += 1
    session.add_all(created)
    session.flush()
    for person in created:
        audit.record(
            session, operator, "新增人员", "person", person.id, {"name": person.name, "source": "导入"}
        )
    summary.people_created = len(created)
    return people


def _apply(
    session: Session,
    parsed: list[_Row],
    present: set[str],
    units: dict[str, Unit],
    existing: dict[tuple[str, Platform, str], Account],
    summary: ImportSummary,
    operator: str,
    today: date,
    progress: Progress | None,
) -> None:
    people = _people_and_units(session, parsed, units, summary, operator)
    context = SaveContext(session, keys_checked=True)
    total = len(parsed)
    new_forms: list[AccountForm] = []
    new_rows: list[_Row] = []
    for number, row in enumerate(parsed, start=1):
        unit = units[row.unit]
        slots = []
        for role, (name, _phone) in row.people.items():
            person = people.get((unit.id, name)) if name else None
            slots.append(RoleAssignment(role, 0, person.id if person else None, name, "", ""))
        current = existing.get((row.unit, row.platform, row.name))
        given = {k: v for k, v in row.values.items() if v is not None or k in ("opened_on", "filed_on")}
        for key in (
            "platform_account_id",
            "verified_entity",
            "purpose",
            "ops_vendor",
            "filing_number",
            "note",
            "home_url",
            "scope",
        ):
            if key in given:
                given[key] = given[key] or ""
        if given.get("ops_mode") is None:
            given.pop("ops_mode", None)
        if current is None:
            new_forms.append(
                AccountForm(
                    id=None,
                    unit_id=unit.id,
                    name=row.name,
                    platform=row.platform,
                    state=_inferred(row),
                    **given,
                    roles=tuple(slots),
                )
            )
            new_rows.append(row)
        else:
            before = form_of(current)
            form = replace(
                before, **{k: v for k, v in given.items() if _column_of(k) in present}, roles=tuple(slots)
            )
            result = save_account(session, form, operator, today, context=context)
            summary.change_filings += result.change_event_id is not None
            if _differs(before, form_of(current)):
                summary.updated += 1
            else:
                summary.unchanged += 1
        if progress is not None and (number % 100 == 0 or number == total):
            progress(number, total + 1, f"已检查{number}/{total}行")
    for start in range(0, len(new_forms), 1000):
        results = create_accounts(
            session, new_forms[start : start + 1000], operator, today, taking_over=True, context=context
        )
        summary.created += len(results)
        summary.open_filings += sum(FilingKind.OPEN_FILING in r.new_events for r in results)
        for result, row in zip(results, new_rows[start : start + 1000], strict=True):
            _record_end(session, result.account_id, row, context, operator, summary)
        if progress is not None:
            progress(total, total + 1, f"已新建{summary.created}个账号")
    _record_last_posts(session, parsed, units, summary, operator)


LEDGER_POST_TITLE = "（台账登记的最近一次发布）"


def _record_last_posts(
    session: Session, parsed: list[_Row], units: dict[str, Unit], summary: ImportSummary, operator: str
) -> None:
    """最近发布时间 becomes a published post on record (unless a post on or after it is already there), so the
    update rules count from it; accounts left without any post are counted for the summary."""
    session.flush()
    unit_names = {u.id: name for name, u in units.items()}
    accounts = {
        (unit_names.get(a.unit_id, ""), a.platform, a.name): a.id for a in queries.all_accounts(session)
    }
    ids = [accounts[(r.unit, r.platform, r.name)] for r in parsed if (r.unit, r.platform, r.name) in accounts]
    latest = post_queries.last_published_before(session, ids, date.max)
    for row in parsed:
        account_id = accounts.get((row.unit, row.platform, row.name))
        if account_id is None:
            continue
        known = latest.get(account_id)
        if row.last_post is not None and (known is None or known < row.last_post):
            session.add(
                Post(
                    account_id=account_id,
                    at=datetime.combine(row.last_post, time(12, 0)),
                    title=LEDGER_POST_TITLE,
                    status=PostStatus.PUBLISHED,
                    kind=PostKind.REPOST,
                    source="台账导入",
                    note="导入台账时按“最近发布时间”登记；具体内容以发布记录为准",
                    drafted_by=operator,
                )
            )
            summary.posts_recorded += 1
            latest[account_id] = row.last_post
        elif known is None and row.last_post is None:
            summary.without_posts += 1
    session.flush()


ENDED = "注销/关停日期"
ENDED_STATES = (AccountState.CANCELED, AccountState.CLOSED)


def _record_end(
    session: Session, account_id: int, row: _Row, context: SaveContext, operator: str, summary: ImportSummary
) -> None:
    """An account taken over as 已注销(待关停备案) gets its 注销 date and a pending 注销备案 due the profile's span
    after it; one taken over as 已关停 gets the date as its 注销 and 关停 day and its 注销备案 as done then."""
    state = _inferred(row)
    if state not in ENDED_STATES or row.ended_on is None:
        return
    account = session.get(Account, account_id)
    assert account is not None
    day = row.ended_on
    account.canceled_on = day
    due = due_date(FilingKind.CANCEL_FILING, day, context.rules(account), context.calendar)
    if state is AccountState.CLOSED:
        account.closed_on = day
        add_event(
            session,
            account_id,
            NewEvent(FilingKind.CANCEL_FILING, day, due, done_on=day, note="导入：已关停"),
            operator,
        )
        summary.closed += 1
    else:
        add_event(
            session,
            account_id,
            NewEvent(FilingKind.CANCEL_FILING, day, due, note="导入：已注销待关停备案"),
            operator,
        )
        summary.cancel_filings += 1


_COLUMN_OF = {
    "platform_account_id": "账号ID",
    "verified_entity": "认证主体",
    "opened_on": "开设时间",
    "purpose": "宗旨",
    "ops_mode": "运维方式",
    "ops_vendor": "运维单位",
    "filing_number": "备案编号",
    "note": "备注",
    "home_url": "主页链接",
    "scope": "主要栏目",
    "filed_on": "备案日期",
    "is_verified": "是否认证",
    "interaction_enabled": "互动功能",
    "followers": "关注数",
}


def _column_of(key: str) -> str:
    return _COLUMN_OF.get(key, key)


def _differs(before: AccountForm, after: AccountForm) -> bool:
    def people(form: AccountForm) -> set[tuple[Any, ...]]:
        return {(r.role, r.position, r.person_id) for r in form.roles}

    return replace(before, roles=()) != replace(after, roles=()) or people(before) != people(after)


__all__ = ["ALL_HEADERS", "ImportSummary", "export_ledger", "import_ledger", "write_template"]
