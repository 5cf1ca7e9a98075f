"""The posts' roll-ups (``post_days``, ``post_months``) equal a recount of the posts after every kind of write:
random sequences of saves, edits, moves, deletes and imports through the services, a unit of work rolled back,
an account deleted, a file made at 0009 and migrated, a copy by ``gmdesk migrate``, a backup restored.

The recount here is written in Python from the post rows, independently of the SQL that keeps the roll-ups.
Every test runs on a real database (SQLite, or PostgreSQL with ``GMDESK_TEST_DB_URL``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import delete, func, insert, inspect, select, update

from gmdesk.cli import main
from gmdesk.domain.enums import AccountState, PostKind, PostStatus
from gmdesk.domain.errors import UserError
from gmdesk.domain.platforms import Platform
from gmdesk.domain.post_rules import PostDraft
from gmdesk.services import accounts, posts, posts_io
from gmdesk.services.database import open_database
from gmdesk.store import backup, rollups
from gmdesk.store.database import Database, make_engine
from gmdesk.store.migrate import alembic_config
from gmdesk.store.models import Account, Post, PostDay, PostMonth
from gmdesk.store.models.rollups import DAY_SLOTS
from gmdesk.store.queries import overview
from gmdesk.store.schema import HEAD_REVISION, current_revision
from tests import calendar_data as data
from tests.conftest import FreshDatabases

NOW = datetime(2026, 11, 20, 9, 30)
FIRST_DAY = date(2026, 10, 25)
DAYS = 45
TIMES = (time(0, 0), time(9, 0), time(12, 30), time(23, 59, 59, 999999))
"""A day's first and last instants among them: a post at either belongs to that day only."""
PLATFORMS = (Platform.WECHAT_SUBSCRIPTION, Platform.WEIBO, Platform.DOUYIN)
OPERATOR = "李娜"


# --------------------------------------------------------------------------- the recount
def recount(
    database: Database,
) -> tuple[dict[tuple[int, str], tuple[int, ...]], dict[tuple[int, str], tuple[int, int]]]:
    """(day rows, month rows) as the posts give them, counted in Python."""
    days: dict[tuple[int, str], list[int]] = {}
    with database.session() as session:
        for post in session.scalars(select(Post)):
            if post.status is PostStatus.CANCELLED:
                continue
            slot = (
                (2 if post.kind is PostKind.ORIGINAL else 0)
                + (1 if post.is_mass_push else 0)
                + (0 if post.status is PostStatus.PUBLISHED else 4)
            )
            days.setdefault((post.account_id, post.at.date().isoformat()), [0] * 8)[slot] += 1
    months: Counter[tuple[int, str]] = Counter()
    originals: Counter[tuple[int, str]] = Counter()
    for (account_id, day), counts in days.items():
        months[(account_id, day[:7])] += sum(counts[:4])
        originals[(account_id, day[:7])] += counts[2] + counts[3]
    return (
        {key: tuple(counts) for key, counts in days.items()},
        {key: (n, originals[key]) for key, n in months.items() if n},
    )


def stored(
    database: Database,
) -> tuple[dict[tuple[int, str], tuple[int, ...]], dict[tuple[int, str], tuple[int, int]]]:
    with database.session() as session:
        days = {
            (row.account_id, row.day): tuple(getattr(row, name) for name in DAY_SLOTS)
            for row in session.scalars(select(PostDay))
        }
        months = {
            (row.account_id, row.month): (row.published, row.originals)
            for row in session.scalars(select(PostMonth))
        }
    return days, months


def assert_rollups_match(database: Database) -> None:
    days, months = stored(database)
    expected_days, expected_months = recount(database)
    assert days == expected_days
    assert months == expected_months
    with database.session() as session:  # the status bar's figure, read from the months
        published = session.scalar(
            select(func.count()).select_from(Post).where(Post.status == PostStatus.PUBLISHED)
        )
        assert overview.counts(session).published_posts == published


# --------------------------------------------------------------------------- random work through the services
def add_accounts(database: Database) -> list[int]:
    with database.session() as session:
        owner = data.unit(session)
        return [
            int(data.account(session, owner, f"青岚发布{i}", platform).id)
            for i, platform in enumerate(PLATFORMS)
        ]


def moment(day: int, when: int) -> datetime:
    return datetime.combine(FIRST_DAY + timedelta(days=day), TIMES[when])


def draft(account_id: int, at: datetime, status: PostStatus, kind: PostKind, mass: bool) -> PostDraft:
    reviewed = dict(
        drafted_by="李娜",
        drafted_at=at - timedelta(hours=3),
        reviewed_by="张三",
        reviewed_at=at - timedelta(hours=2),
        approved_by="王五",
        approved_at=at - timedelta(hours=1),
    )
    return PostDraft(
        account_id=account_id,
        title=f"关于{at:%m月%d日}工作安排的通知",
        at=at,
        status=status,
        kind=kind,
        source="中国政府网" if kind is PostKind.REPOST else "",
        is_mass_push=mass,
        **reviewed,  # type: ignore[arg-type]
    )


days_ = st.integers(0, DAYS - 1)
whens = st.integers(0, len(TIMES) - 1)
statuses = st.sampled_from([PostStatus.PLANNED, PostStatus.PUBLISHED, PostStatus.CANCELLED])
kinds = st.sampled_from(list(PostKind))
picks = st.integers(0, 10_000)
accounts_ = st.integers(0, len(PLATFORMS) - 1)
save_action = st.tuples(st.just("save"), accounts_, days_, whens, statuses, kinds, st.booleans())
edit_action = st.tuples(st.just("edit"), picks, accounts_, days_, whens, statuses, kinds, st.booleans())
move_action = st.tuples(st.just("move"), picks, days_)
delete_action = st.tuples(st.just("delete"), picks)
import_action = st.tuples(
    st.just("import"),
    st.lists(st.tuples(accounts_, days_, whens, kinds, st.booleans()), min_size=1, max_size=6),
)
bulk_action = st.tuples(
    st.just("bulk"), st.sampled_from(["delete", "cancel", "shift", "insert"]), days_, st.integers(1, 7), whens
)
"""A statement of its own through the session: delete, cancel or move by some days the posts of a few days,
or insert a few posts."""
actions = st.lists(
    st.one_of(save_action, edit_action, move_action, delete_action, import_action, bulk_action),
    min_size=2,
    max_size=14,
)


def bulk(session: Any, ids: list[int], verb: str, day: int, span: int, when: int) -> None:
    first, after = moment(day, 0), moment(day + span, 0)
    within = (Post.at >= first) & (Post.at < after)
    if verb == "delete":
        session.execute(delete(Post).where(within))
    elif verb == "cancel":
        session.execute(update(Post).where(within).values(status=PostStatus.CANCELLED))
    elif verb == "shift":
        for post in session.scalars(select(Post).where(within)):  # (per row: SQLite and PostgreSQL alike)
            session.execute(update(Post).where(Post.id == post.id).values(at=post.at + timedelta(days=span)))
    else:
        rows = [
            {
                "account_id": ids[n % len(ids)],
                "at": moment(day + n, when),
                "title": f"批量写入的第{n}条",
                "status": PostStatus.PUBLISHED if moment(day + n, when) <= NOW else PostStatus.PLANNED,
                "kind": PostKind.ORIGINAL if n % 2 else PostKind.REPOST,
                "is_mass_push": n % 3 == 0,
            }
            for n in range(span)
        ]
        session.execute(insert(Post), rows)


def apply(database: Database, ids: list[int], action: tuple[Any, ...], folder: Path, number: int) -> None:
    """Run one action as its own unit of work; a refusal (a rule, a quota) leaves the data as it was."""
    with database.session() as session:
        existing = list(session.scalars(select(Post.id).order_by(Post.id)))
    try:
        with database.session() as session:
            kind = action[0]
            if kind == "save":
                _, account, day, when, status, post_kind, mass = action
                at = moment(day, when)
                if status is PostStatus.PUBLISHED and at > NOW:
                    status = PostStatus.PLANNED
                posts.save_post(
                    session, draft(ids[account], at, status, post_kind, mass), OPERATOR, NOW, True
                )
            elif kind == "edit" and existing:
                _, pick, account, day, when, status, post_kind, mass = action
                post_id = existing[pick % len(existing)]
                at = moment(day, when)
                if status is PostStatus.PUBLISHED and at > NOW:
                    status = PostStatus.PLANNED
                old = posts.load_draft(session, post_id)
                new = draft(ids[account], at, status, post_kind, mass)
                changed = replace(
                    old,
                    account_id=new.account_id,
                    at=at,
                    status=status,
                    kind=post_kind,
                    source=new.source,
                    is_mass_push=mass,
                    drafted_by=new.drafted_by,
                    drafted_at=new.drafted_at,
                    reviewed_by=new.reviewed_by,
                    reviewed_at=new.reviewed_at,
                    approved_by=new.approved_by,
                    approved_at=new.approved_at,
                )
                posts.save_post(session, changed, OPERATOR, NOW, True)
            elif kind == "move" and existing:
                _, pick, day = action
                posts.move_post(
                    session,
                    existing[pick % len(existing)],
                    FIRST_DAY + timedelta(days=day),
                    OPERATOR,
                    NOW,
                    True,
                )
            elif kind == "delete" and existing:
                posts.delete_post(session, existing[action[1] % len(existing)], OPERATOR, NOW, True)
            elif kind == "bulk":
                bulk(session, ids, *action[1:])
            elif kind == "import":
                path = workbook(folder / f"import{number}.xlsx", ids, action[1], session)
                posts_io.import_posts(session, path, OPERATOR, NOW)
    except UserError as refused:
        event(f"{action[0]} refused: {type(refused).__name__}")
    else:
        event(f"{action[0]} done")


def workbook(
    path: Path, ids: list[int], rows: list[tuple[int, int, int, PostKind, bool]], session: Any
) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["账号名称", "平台", "发布时间", "标题", "类型", "来源", "群发"])
    for n, (account, day, when, kind, mass) in enumerate(rows):
        sheet.append(
            [
                f"青岚发布{account}",
                PLATFORMS[account].label,
                moment(day, when),
                f"导入的第{path.stem}-{n}条信息",
                kind.label,
                "中国政府网" if kind is PostKind.REPOST else "",
                "是" if mass else "否",
            ]
        )
    book.save(path)
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(work=actions)
def test_the_rollups_equal_a_recount_after_any_sequence_of_writes(
    work: list[tuple[Any, ...]], fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("rollups")
    database = open_database(fresh_db.new(folder))
    try:
        ids = add_accounts(database)
        for number, action in enumerate(work):
            apply(database, ids, action, folder, number)
            assert_rollups_match(database)
    finally:
        database.close()


# --------------------------------------------------------------------------- the other paths
def some_posts(database: Database) -> list[int]:
    """A few weeks of posts of every slot on three accounts, cancelled ones and midnight edges included."""
    ids = add_accounts(database)
    with database.session() as session:
        for n in range(120):
            account = session.get(Account, ids[n % 3])
            assert account is not None
            row = data.post(
                session,
                account,
                moment(n % DAYS, n % len(TIMES)),
                planned=n % 5 == 0,
                mass=n % 3 == 0,
                kind=PostKind.REPOST if n % 4 == 0 else PostKind.ORIGINAL,
                source="中国政府网",
            )
            if n % 11 == 0:
                row.status = PostStatus.CANCELLED
    return ids


def test_an_import_counted_chunk_by_chunk_equals_a_recount(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import adds its posts to the roll-ups one chunk at a time (to keep its memory down); the days
    split between chunks, and days already holding posts, still add up exactly."""
    ids = some_posts(database)
    monkeypatch.setattr(posts_io, "CHUNK_ROWS", 4)
    rows = [
        (n % 3, n % 2, n % 4, PostKind.REPOST if n % 4 == 0 else PostKind.ORIGINAL, n % 3 == 0)
        for n in range(23)
    ]
    with database.session() as session:
        path = workbook(tmp_path / "chunks.xlsx", ids, rows, session)
        result = posts_io.import_posts(session, path, OPERATOR, NOW)
    assert result.imported == 23
    assert_rollups_match(database)


def test_a_unit_of_work_rolled_back_leaves_the_rollups_as_they_were(database: Database) -> None:
    ids = some_posts(database)
    before = stored(database)
    with pytest.raises(RuntimeError), database.session() as session:
        posts.save_post(
            session,
            draft(ids[1], moment(3, 1), PostStatus.PLANNED, PostKind.ORIGINAL, False),
            OPERATOR,
            NOW,
            True,
        )
        session.flush()
        assert stored(database) == before  # (another connection: not committed yet)
        raise RuntimeError("中途出错")
    assert stored(database) == before
    assert_rollups_match(database)


def test_deleting_an_account_takes_its_rollups_with_it(database: Database) -> None:
    with database.session() as session:
        owner = data.unit(session)
        gone = data.account(session, owner, "筹建中的账号", Platform.WEIBO, AccountState.PROPOSED)
        kept = data.account(session, owner, "青岚发布", Platform.WEIBO)
        for n in range(6):
            data.post(session, gone, moment(n, 1), planned=True)
            data.post(session, kept, moment(n, 2))
        gone_id = gone.id
    with database.session() as session:
        accounts.delete_account(session, gone_id, OPERATOR)
    days, months = stored(database)
    assert days and all(account_id != gone_id for account_id, _ in days)
    assert all(account_id != gone_id for account_id, _ in months)
    assert_rollups_match(database)


def test_a_file_made_at_0009_gets_its_rollups_from_the_migration(db_path: Path) -> None:
    """Posts written under 0009 (the database taken back there: no roll-up tables), then opened by this
    gmdesk: the upgrade creates and fills the tables, equal to the recount — and to what ``rebuild`` gives."""
    database = open_database(db_path)
    some_posts(database)
    expected = recount(database)
    with database.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0009_shared_files")
    with database.engine.connect() as connection:
        assert current_revision(connection) == "0009_shared_files"
        assert not {"post_days", "post_months"} & set(inspect(connection).get_table_names())
    database.close()
    database = open_database(db_path)  # migrated on opening
    try:
        with database.engine.connect() as connection:
            assert current_revision(connection) == HEAD_REVISION == "0010_rollups"
        assert stored(database) == expected
        with database.session() as session:
            rollups.rebuild(session.connection())
        assert stored(database) == expected
    finally:
        database.close()


def test_gmdesk_migrate_brings_the_rollups_along(
    database: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    some_posts(database)
    target = tmp_path / "copy.db"
    assert main(["migrate", "--from", str(db_path), "--to", str(target)]) == 0
    assert "已复制 post_days：" in capsys.readouterr().out
    copy = open_database(target)
    try:
        assert stored(copy) == stored(database) == recount(copy)
    finally:
        copy.close()


@pytest.mark.sqlite_only  # (a backup is a copy of the file)
def test_a_restored_backup_has_rollups_equal_to_its_posts(database: Database, tmp_path: Path) -> None:
    ids = some_posts(database)
    at_backup = recount(database)
    made = backup.create_backup(database.path, "manual")
    with database.session() as session:  # work after the backup, undone by the restore
        posts.save_post(
            session,
            draft(ids[0], moment(40, 1), PostStatus.PLANNED, PostKind.ORIGINAL, False),
            OPERATOR,
            NOW,
            True,
        )
    path = database.path
    database.close()
    backup.restore_backup(made, path)
    restored = open_database(path)
    try:
        assert stored(restored) == at_backup == recount(restored)
    finally:
        restored.close()


@pytest.mark.sqlite_only
def test_a_restored_backup_from_before_the_rollups_is_migrated_to_them(
    database: Database, tmp_path: Path
) -> None:
    """A backup taken by a gmdesk before 0010 (here: a file taken back to 0009) is restored, then upgraded."""
    some_posts(database)
    expected = recount(database)
    old = tmp_path / "old.db"
    backup.copy_database(database.path, old)
    engine = make_engine(old)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0009_shared_files")
    finally:
        engine.dispose()
    path = database.path
    database.close()
    backup.restore_backup(old, path)
    restored = Database.open(path)
    try:
        assert stored(restored) == expected
    finally:
        restored.close()
