"""The store against real SQLite files: pragmas, units of work, refusal of foreign and newer files."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import exc, func, select, text

from gmdesk.domain.enums import (
    AccountState,
    FilingKind,
    MessageCategory,
    MessageEventKind,
    PaperState,
    PostKind,
    Role,
    UnitType,
)
from gmdesk.domain.platforms import Platform
from gmdesk.store import schema
from gmdesk.store.database import Database
from gmdesk.store.errors import DatabaseCorrupt, NotAGmdeskDatabase, SchemaTooNew
from gmdesk.store.models import (
    Account,
    AccountRole,
    FilingEvent,
    Message,
    MessageEvent,
    Person,
    Post,
    RectificationItem,
    Reply,
    Setting,
    Transfer,
    Unit,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_account(session, unit_name: str = "县农业农村局") -> Account:  # type: ignore[no-untyped-def]
    unit = Unit(name=unit_name, unit_type=UnitType.DEPARTMENT, credit_code="11330000MB0000001X")
    admin = Person(unit=unit, name="周晓岚", title="办公室副主任", phone="17000001234")
    account = Account(
        unit=unit,
        name="农业农村在线",
        platform=Platform.WECHAT_SUBSCRIPTION,
        state=AccountState.RUNNING,
        opened_on=date(2025, 3, 3),
        plan={"组织领导": "成立工作专班"},
    )
    account.roles.append(AccountRole(role=Role.ADMIN, person=admin))
    session.add(account)
    session.flush()
    return account


def test_a_new_file_is_created_with_the_pragmas(tmp_path: Path) -> None:
    database = Database.open(tmp_path / "sub" / "new.db")
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
            assert schema.current_revision(connection) == schema.HEAD_REVISION
    finally:
        database.close()
    assert (tmp_path / "sub" / "new.db").is_file()


def test_round_trip_of_accounts_people_and_roles(database: Database) -> None:
    with database.session() as session:
        account_id = add_account(session).id
    with database.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        assert account.platform is Platform.WECHAT_SUBSCRIPTION
        assert account.state is AccountState.RUNNING
        assert account.unit.unit_type is UnitType.DEPARTMENT
        assert account.plan == {"组织领导": "成立工作专班"}
        assert [(r.role, r.person.name) for r in account.roles] == [(Role.ADMIN, "周晓岚")]
        raw = session.execute(text("SELECT platform, state FROM accounts")).one()
        assert tuple(raw) == ("wechat_sub", "running")  # short codes in the file


def test_round_trip_of_filings_posts_messages_and_rectifications(database: Database) -> None:
    with database.session() as session:
        account = add_account(session)
        session.add(
            FilingEvent(
                account_id=account.id,
                kind=FilingKind.CHANGE_FILING,
                triggered_on=date(2025, 9, 30),
                due_on=date(2025, 10, 14),
                changes=[{"field": "管理员", "before": "周晓岚", "after": "陈一鸣"}],
                paper_state=PaperState.PRINTED,
            )
        )
        session.add(
            Post(
                account_id=account.id,
                at=datetime(2025, 10, 9, 8, 0),
                title="秋收进度",
                kind=PostKind.REPOST,
                source="新华社",
            )
        )
        message = Message(
            account_id=account.id,
            received_at=datetime(2025, 9, 30, 16, 45),
            content="请问补贴何时发放？",
            category=MessageCategory.CONSULT,
            dedupe_key="k1",
        )
        message.events.append(MessageEvent(kind=MessageEventKind.RECEIVED, at=datetime(2025, 9, 30, 16, 45)))
        message.replies.append(
            Reply(text="您好……", replied_at=datetime(2025, 10, 9, 10, 0), operator="周晓岚")
        )
        message.transfers.append(
            Transfer(unit_id=account.unit_id, sent_at=datetime(2025, 10, 9, 9, 0), due_on=date(2025, 10, 16))
        )
        session.add(message)
        session.add(
            RectificationItem(
                problem="连续两周未更新", opened_on=date(2025, 11, 3), due_on=date(2025, 11, 17)
            )
        )
        session.add(Setting(key="office.county", value={"name": "示例县"}))
    with database.session() as session:
        event = session.scalars(select(FilingEvent)).one()
        assert event.changes[0]["after"] == "陈一鸣" and event.paper_state is PaperState.PRINTED
        post = session.scalars(select(Post)).one()
        assert post.kind is PostKind.REPOST and post.source == "新华社"
        message = session.scalars(select(Message)).one()
        assert [e.kind for e in message.events] == [MessageEventKind.RECEIVED]
        assert message.replies[0].operator == "周晓岚"
        assert message.transfers[0].due_on == date(2025, 10, 16)
        assert session.get(Setting, "office.county").value == {"name": "示例县"}


def test_a_failed_unit_of_work_writes_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        add_account(session)
        raise RuntimeError("the clerk's action failed half-way")
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 0
        assert session.scalar(select(func.count()).select_from(Unit)) == 0


def test_foreign_keys_are_enforced(database: Database) -> None:
    with database.session() as session:
        unit_id = add_account(session).unit_id
    with pytest.raises(exc.IntegrityError), database.session() as session:
        session.execute(text("DELETE FROM units WHERE id = :id"), {"id": unit_id})
    with pytest.raises(exc.IntegrityError), database.session() as session:
        session.add(Post(account_id=999, at=datetime(2025, 1, 1), title="孤儿"))


@pytest.mark.sqlite_only  # (the file untouched, byte for byte; a server's: tests/cli/test_cli.py)
def test_a_file_from_a_newer_gmdesk_is_refused_untouched(db_path: Path) -> None:
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    connection.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES ('schema.written_by', '\"9.0.0\"')"
    )
    connection.commit()
    connection.close()
    before = digest(db_path)
    with pytest.raises(SchemaTooNew) as refused:
        Database.open(db_path)
    assert "更新版本" in refused.value.message and "9.0.0" in refused.value.message
    assert "0099_future" in refused.value.message
    assert digest(db_path) == before


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(NotAGmdeskDatabase, match="不是 gmdesk 的数据库"):
        Database.open(path)
    assert digest(path) == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(DatabaseCorrupt, match="已损坏或不是 gmdesk 数据库"):
        Database.open(path)
    assert path.read_text(encoding="utf-8").startswith("这不是数据库")


@pytest.mark.sqlite_only
def test_a_unit_of_work_that_writes_waits_for_another_writer_instead_of_failing(db_path: Path) -> None:
    """A deferred transaction that has read cannot wait for a writer that committed meanwhile: SQLite answers
    "busy" at once. ``session(writing=True)`` takes the write lock when it begins, so the other writer waits its
    turn (busy timeout) and both changes are saved."""
    import threading

    from gmdesk.domain.enums import UnitType
    from gmdesk.store.errors import DatabaseLocked

    window, command = Database.open(db_path), Database.open(db_path)  # two programs on the file
    try:

        def other_writer(name: str, done: threading.Event) -> None:
            with command.session(writing=True) as session:
                session.add(Unit(name=name, unit_type=UnitType.DEPARTMENT))
            done.set()

        with (
            pytest.raises(DatabaseLocked),
            window.session() as session,
        ):  # deferred: read, other commits, write
            session.scalar(select(func.count()).select_from(Unit))
            other_writer("县教育局", threading.Event())
            session.add(Unit(name="县住建局", unit_type=UnitType.DEPARTMENT))
            session.flush()

        done = threading.Event()
        with window.session(writing=True) as session:
            session.scalar(select(func.count()).select_from(Unit))
            thread = threading.Thread(target=other_writer, args=("县卫健局", done))
            thread.start()
            assert not done.wait(0.5)  # the other writer waits for this unit of work
            session.add(Unit(name="县住建局", unit_type=UnitType.DEPARTMENT))
        thread.join(15)
        assert done.is_set()
        with window.session() as session:
            names = set(session.scalars(select(Unit.name)))
        assert {"县教育局", "县住建局", "县卫健局"} <= names
    finally:
        window.close()
        command.close()
