"""Import and export of posts in the §7 layout.

Import is all or nothing: every row is read and checked first, every problem is reported with its row and
column, and only a clean file is written — in bulk, in one transaction. Accounts are matched by 账号名称
(unknown or ambiguous names are row problems); a post already recorded (same account, time and title) or
repeated in the file is skipped and counted. A time after "now" is a plan, an earlier one a publication,
unless a 状态 column says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.documents import posts_xlsx as layout
from gmdesk.documents.safe_text import has_forbidden_characters
from gmdesk.documents.xlsx import (
    ImportRejected,
    Problem,
    RowReader,
    bool_value,
    datetime_value,
    int_value,
    open_table,
)
from gmdesk.domain.enums import PostCategory, PostKind, PostStatus
from gmdesk.domain.permissions import Permission
from gmdesk.domain.platforms import Platform, parse_platform
from gmdesk.domain.post_rules import TITLE_MAX
from gmdesk.services import audit, backups, import_limits
from gmdesk.services.lookups import AccountChoice, accounts_by_name
from gmdesk.services.operators import requires
from gmdesk.services.wording import TitleScreening, load_lexicon, screen_titles
from gmdesk.store import rollups
from gmdesk.store.dialect import sqlite_cache
from gmdesk.store.models import Post
from gmdesk.store.queries import posts as queries

# The import inside write_posts keeps the demo's package (heavy) out of start-up.

Report = Callable[[int, int, str], None]
CHUNK_ROWS = 20_000
IMPORT_CACHE_KIB = 64 * 1024
"""SQLite's page cache while an import writes. 100,000 posts over five years of a city's million dirty ~200 MB of
index pages; a 256 MB cache held them all but made the import peak at 365 MB (goal ≤ 300), and 64 MB writes
3 % slower (6.64 → 6.86 s, medians of 5) while the default 2 MB is 13 % slower."""


@dataclass(frozen=True, slots=True)
class ImportRow:
    row: int
    account_id: int
    account: str
    at: datetime
    title: str
    kind: PostKind
    source: str
    mass: bool
    url: str
    reads: int
    category: PostCategory
    status: PostStatus

    @property
    def key(self) -> tuple[int, datetime, str]:
        return (self.account_id, self.at, self.title)


@dataclass
class ParsedImport:
    file: Path
    rows: list[ImportRow] = field(default_factory=list)
    """The rows to write (duplicates within the file removed)."""
    repeated: int = 0
    """Rows repeating an earlier row of the same file."""
    recorded: int = 0
    """Rows already in the database (known after ``find_recorded``)."""

    @property
    def total(self) -> int:
        return len(self.rows) + self.repeated

    def accounts(self) -> int:
        return len({r.account_id for r in self.rows})


@dataclass(frozen=True)
class ImportResult:
    file: Path
    read: int
    imported: int
    skipped: int
    published: int
    planned: int
    accounts: int
    wording: TitleScreening | None = None
    """错敏 screening of the imported titles."""

    def describe(self) -> str:
        text = f"已导入{self.imported}条发布记录（已发布{self.published}条、计划{self.planned}条，涉及{self.accounts}个账号）"
        if self.skipped:
            text += f"；{self.skipped}条与已有记录或文件中前面的行重复（账号、时间、标题相同），已跳过"
        text += "。"
        if self.wording is not None and self.wording.flagged:  # a clean import says nothing more
            text += "\n" + self.wording.describe()
        return text


def _kind(value: Any) -> PostKind:
    return PostKind.ORIGINAL if value in (None, "") else PostKind.from_text(str(value))


def _category(value: Any) -> PostCategory:
    return PostCategory.AFFAIRS if value in (None, "") else PostCategory.from_text(str(value))


def _status(value: Any) -> PostStatus | None:
    return None if value in (None, "") else PostStatus.from_text(str(value))


@lru_cache(maxsize=64)
def _platform_of(text: str) -> Platform:
    return parse_platform(text)


def _platform(value: Any) -> Platform | None:
    return None if value in (None, "") else _platform_of(str(value).strip())


def read_posts(
    session: Session, path: Path | str, now: datetime, report: Report | None = None
) -> ParsedImport:
    """Read and check every row; raise ImportRejected listing every problem when any row is wrong.

    Each row is checked as it is read and only what will be written is kept (100,000 rows peak at 148 MB
    instead of 215 MB with the whole sheet held)."""
    path = Path(path)
    parsed = ParsedImport(path)
    seen: set[tuple[int, datetime, str]] = set()
    with open_table(path, layout.COLUMNS, sheet_name="发布记录", lengths=import_limits.POSTS) as table:
        names = accounts_by_name(session)
        for row in table:
            table.report(report, 5000)
            item = _quick_row(row.number, row.values, names, now) or _read_row(
                RowReader(row, table.problems), names, now
            )
            if item is None:
                continue
            if item.key in seen:
                parsed.repeated += 1
                continue
            seen.add(item.key)
            parsed.rows.append(item)
    if table.problems:
        raise ImportRejected(path, table.problems)
    if not table.count:
        raise ImportRejected(path, [Problem("文件中没有数据行（第1行为表头，数据从第2行开始）")])
    return parsed


_QUICK_AT = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$")
_QUICK_KIND = {
    None: PostKind.ORIGINAL,
    "": PostKind.ORIGINAL,
    "原创": PostKind.ORIGINAL,
    "转载": PostKind.REPOST,
}
_QUICK_PUSH = {None: False, "": False, "否": False, "是": True}
_OPTIONAL = (layout.CATEGORY, layout.STATUS, layout.UNIT)


def _quick_row(
    number: int, values: dict[str, Any], names: dict[str, list[AccountChoice]], now: datetime
) -> ImportRow | None:
    """The common row (plain text, ``YYYY-MM-DD HH:MM``, one account of that name) without the general
    cell parsers; anything else returns None and goes through ``_read_row``, which explains problems."""
    name, title, at, source, url = (
        values.get(k) for k in (layout.ACCOUNT, layout.TITLE, layout.AT, layout.SOURCE, layout.URL)
    )
    if (
        type(name) is not str
        or type(title) is not str
        or any(values.get(k) not in (None, "") for k in _OPTIONAL)
    ):
        return None
    if (source is not None and type(source) is not str) or (url is not None and type(url) is not str):
        return None
    name, title, source, url = name.strip(), title.strip(), (source or "").strip(), (url or "").strip()
    kind, mass = _QUICK_KIND.get(values.get(layout.KIND)), _QUICK_PUSH.get(values.get(layout.PUSH))
    reads = values.get(layout.READS)
    if not name or not title or len(title) > TITLE_MAX or kind is None or mass is None:
        return None
    if (reads is not None and (type(reads) is not int or reads < 0)) or (
        kind is PostKind.REPOST and not source
    ):
        return None
    if (url and not url.startswith(("http://", "https://"))) or has_forbidden_characters(
        name + title + source + url
    ):
        return None
    if type(at) is datetime:
        at = at.replace(microsecond=0)
    elif type(at) is str and (match := _QUICK_AT.match(at)):
        try:
            at = datetime(int(match[1]), int(match[2]), int(match[3]), int(match[4]), int(match[5]))
        except ValueError:
            return None
    else:
        return None
    matches = names.get(name, [])
    if len(matches) > 1:
        try:
            platform = _platform(values.get(layout.PLATFORM))
        except ValueError:
            return None
        matches = [m for m in matches if m.platform is platform]
    if len(matches) != 1:
        return None
    status = PostStatus.PLANNED if at > now else PostStatus.PUBLISHED
    return ImportRow(
        number,
        matches[0].id,
        matches[0].name,  # (one string per account, not one per row: 100,000 rows held)
        at,
        title,
        kind,
        source,
        mass,
        url,
        reads or 0,
        PostCategory.AFFAIRS,
        status,
    )


def _read_row(reader: RowReader, names: dict[str, list[AccountChoice]], now: datetime) -> ImportRow | None:
    name = reader.cell(layout.ACCOUNT, required=True)
    at = reader.cell(layout.AT, datetime_value, required=True)
    title = reader.cell(layout.TITLE, required=True)
    kind = reader.cell(layout.KIND, _kind)
    source = reader.cell(layout.SOURCE)
    mass = reader.cell(layout.PUSH, bool_value)
    url = reader.cell(layout.URL)
    reads = reader.cell(layout.READS, int_value)
    category = reader.cell(layout.CATEGORY, _category)
    status = reader.cell(layout.STATUS, _status)
    platform = reader.cell(layout.PLATFORM, _platform)
    unit = reader.cell(layout.UNIT)
    account = None
    if name:
        matches = names.get(name, [])
        if len(matches) > 1 and platform is not None:
            matches = [m for m in matches if m.platform is platform]
        if len(matches) > 1 and unit:
            matches = [m for m in matches if m.unit_name == unit]
        if not matches:
            where = f"（{platform.label}）" if platform is not None else ""
            reader.fail(
                layout.ACCOUNT, f"找不到名为“{name}”{where}的账号，请先在“账号备案”中登记该账号，或核对名称"
            )
        elif len(matches) > 1:
            which = "、".join(f"{m.platform.label}·{m.unit_name}" for m in matches)
            reader.fail(
                layout.ACCOUNT,
                f"有{len(matches)}个账号都叫“{name}”（{which}），无法确定是哪一个；"
                "请增加“平台”列（必要时加“主办单位”列）注明",
            )
        else:
            account = matches[0]
    if title and len(title) > TITLE_MAX:
        reader.fail(layout.TITLE, f"标题过长（{len(title)}字），不能超过{TITLE_MAX}字")
    if kind is PostKind.REPOST and not source:
        reader.fail(layout.SOURCE, "转载信息必须注明来源")
    if url and not url.lower().startswith(("http://", "https://")):
        reader.fail(layout.URL, "链接应以 http:// 或 https:// 开头")
    if reads is not None and reads < 0:
        reader.fail(layout.READS, "阅读数不能为负数")
    if at is not None and status is PostStatus.PUBLISHED and at > now:
        reader.fail(layout.STATUS, f"发布时间{at:%Y-%m-%d %H:%M}晚于当前时间，尚未发生的应填“计划”")
    if not reader.ok or account is None or at is None or kind is None:
        return None
    if status is None:
        status = PostStatus.PLANNED if at > now else PostStatus.PUBLISHED
    return ImportRow(
        reader.row.number,
        account.id,
        account.name,
        at,
        title,
        kind,
        source,
        bool(mass),
        url,
        reads or 0,
        category or PostCategory.AFFAIRS,
        status,
    )


def find_recorded(session: Session, parsed: ParsedImport) -> ParsedImport:
    """Drop the rows already in the database (same account, time and title) and count them."""
    existing = queries.existing_keys(session, (r.key for r in parsed.rows))
    if existing:
        parsed.rows = [r for r in parsed.rows if r.key not in existing]
        parsed.recorded += len(existing)
    return parsed


@requires(Permission.RECORD)
def write_posts(
    session: Session, parsed: ParsedImport, operator: str, now: datetime, report: Report | None = None
) -> ImportResult:
    """Insert the checked rows in bulk (one transaction: all or nothing)."""
    from gmdesk.services.demo.writer import BulkWriter, Progress  # the demo's bulk path

    find_recorded(session, parsed)
    if parsed.rows:
        backups.before_write(session, "import", report)
    connection = session.connection()
    writer = BulkWriter(connection, [Post], CHUNK_ROWS, Progress(0, None, None))
    next_id = writer.next_id(Post)
    total = len(parsed.rows)
    # In time order, with a large page cache for the duration: the indexes of a million posts are then
    # updated page after page instead of at random, several times faster.
    ordered = sorted(parsed.rows, key=lambda r: (r.at, r.account_id))
    with sqlite_cache(connection, IMPORT_CACHE_KIB):
        for start in range(0, total, CHUNK_ROWS):
            if report is not None:
                report(start, total, f"正在写入第{start + 1}条，共{total}条")
            chunk = ordered[start : start + CHUNK_ROWS]
            for offset, row in enumerate(chunk):
                writer.add(Post, _post_row(next_id + start + offset, row, now))
            writer.flush()
            # Counted chunk by chunk (adding is exact in any grouping): the days of 100,000 posts at once
            # held 40 MB at the import's peak. (Inside the larger cache, as the posts' pages are.)
            rollups.add_inserted(connection, ((r.account_id, r.at, r.status, r.kind, r.mass) for r in chunk))
    published = sum(1 for r in parsed.rows if r.status is PostStatus.PUBLISHED)
    result = ImportResult(
        parsed.file,
        parsed.total,
        total,
        parsed.repeated + parsed.recorded,
        published,
        sum(1 for r in parsed.rows if r.status is PostStatus.PLANNED),
        parsed.accounts(),
        _screen(session, parsed),
    )
    audit.record(
        session,
        operator,
        "导入发布记录",
        "post",
        None,
        {"file": parsed.file.name, "imported": total, "skipped": result.skipped},
    )
    return result


def import_posts(
    session: Session,
    path: Path | str,
    operator: str,
    now: datetime,
    dry_run: bool = False,
    report: Report | None = None,
) -> ImportResult:
    """Read, check and (unless ``dry_run``) write a posts file in one unit of work."""
    parsed = read_posts(session, path, now, report)
    if dry_run:
        find_recorded(session, parsed)
        planned = sum(1 for r in parsed.rows if r.status is PostStatus.PLANNED)
        return ImportResult(
            parsed.file,
            parsed.total,
            len(parsed.rows),
            parsed.repeated + parsed.recorded,
            len(parsed.rows) - planned,
            planned,
            parsed.accounts(),
            _screen(session, parsed),
        )
    return write_posts(session, parsed, operator, now, report)


def _screen(session: Session, parsed: ParsedImport) -> TitleScreening:
    """错敏 in the imported titles, for the summary after the import."""
    return screen_titles(load_lexicon(session), ((r.account, r.title, r.at) for r in parsed.rows))


def _post_row(post_id: int, row: ImportRow, now: datetime) -> dict[str, Any]:
    return {
        "id": post_id,
        "account_id": row.account_id,
        "status": row.status,
        "at": row.at,
        "planned_at": None,
        "title": row.title,
        "body": "",
        "kind": row.kind,
        "source": row.source,
        "category": row.category,
        "is_mass_push": row.mass,
        "is_important": False,
        "url": row.url,
        "reads": row.reads,
        "drafted_by": "",
        "drafted_at": None,
        "reviewed_by": "",
        "reviewed_at": None,
        "approved_by": "",
        "approved_at": None,
        "repost_task_id": None,
        "note": "导入",
        "created_at": now,
        "updated_at": now,
    }


# --------------------------------------------------------------------------- export
def export_posts(
    session: Session,
    path: Path | str,
    first: date | None = None,
    last: date | None = None,
    account_ids: list[int] | None = None,
    report: Report | None = None,
) -> int:
    """Write the posts (cancelled ones left out) between the days to an Excel file; return how many."""
    start = datetime.combine(first, time()) if first else None
    stop = datetime.combine(last + timedelta(days=1), time()) if last else None
    count = 0

    def rows() -> Any:
        nonlocal count
        for p in queries.stream_for_export(session, start, stop, account_ids):
            count += 1
            yield (
                p.account_name,
                p.at,
                p.title,
                p.kind,
                p.source,
                p.is_mass_push,
                p.url,
                p.reads,
                p.category,
                p.status,
                p.unit_name,
                p.platform,
            )

    progress = (lambda n: report(n, 0, f"已写出{n}条")) if report is not None else None
    layout.write_posts(path, rows(), progress)
    return count


def write_template(path: Path | str, today: date) -> Path:
    example = [
        [
            "青岚发布",
            f"{today.isoformat()} 08:00",
            "我县召开秋冬季森林防火工作会议",
            "原创",
            "",
            "是",
            "https://mp.weixin.qq.com/s/示例",
            0,
        ]
    ]
    return layout.write_template(path, example)
