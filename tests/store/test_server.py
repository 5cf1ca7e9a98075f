"""Several clerks, one database (issue 16): the same findings on SQLite and PostgreSQL, two clerks saving the
same account, a change slipping in between. The engine is the one of ``db_path`` (SQLite, or PostgreSQL with
``GMDESK_TEST_DB_URL``); the comparison of the two engines needs the server and is skipped without it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from gmdesk.cli import main
from gmdesk.domain.errors import EditConflict
from gmdesk.services.accounts import account_form
from gmdesk.services.accounts_save import save_account
from gmdesk.services.database import open_database
from gmdesk.store.database import Database
from gmdesk.store.models import Account
from tests.conftest import SERVER_URL, FreshDatabases, Server
from tests.safety_data import sql
from tests.services.test_accounts_service import TODAY, make_unit, new_account

needs_server = pytest.mark.skipif(not SERVER_URL, reason="需要 PostgreSQL（GMDESK_TEST_DB_URL）")


def _check(location: Path | str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["demo", "--db", str(location), "--seed", "7", "--as-of", "2026-11-20"]) == 0
    capsys.readouterr()
    assert main(["check", "--db", str(location), "--date", "2026-11-20", "--json", "--with-source"]) in (0, 1)
    return json.loads(capsys.readouterr().out)


@needs_server
@pytest.mark.slow
def test_demo_then_check_gives_identical_findings_on_sqlite_and_postgresql(
    fresh_db: FreshDatabases, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = fresh_db.new(tmp_path)
    assert isinstance(server, str) and server.startswith("postgresql")  # (the server's, not a file)
    on_file = _check(tmp_path / "demo.db", capsys)
    on_server = _check(server, capsys)
    assert (
        len(on_file) > 10 and len({f["rule"] for f in on_file}) > 3
    )  # a demo with findings of several rules
    assert on_server == on_file


def test_the_second_save_of_the_same_account_gets_the_conflict_and_nothing_is_lost(
    two_clerks: tuple[Database, Database],
) -> None:
    zhang, li = two_clerks
    unit_id = make_unit(zhang)
    with zhang.session() as session:
        account_id = save_account(session, new_account(unit_id, followers=100), "张三", TODAY).account_id
    with zhang.session() as session:
        zhang_form = account_form(session, account_id)
    with li.session() as session:
        li_form = account_form(session, account_id)
    assert zhang_form.version == li_form.version

    with zhang.session() as session:  # 张三 saves first
        save_account(session, replace(zhang_form, note="张三补充的备注"), "张三", TODAY)
    typed = replace(li_form, followers=2000, purpose="李四改写的用途")
    with pytest.raises(EditConflict) as refused, li.session() as session:  # 李四 saves over it
        save_account(session, typed, "李四", TODAY)
    message = refused.value.message
    assert "城关镇发布" in message and "张三" in message and "重新载入" in message and "没有保存" in message
    assert typed.followers == 2000 and typed.purpose == "李四改写的用途"  # what 李四 typed is still in hand

    with li.session() as session:  # nothing of 张三's was overwritten, nothing of 李四's was half saved
        stored = session.get(Account, account_id)
        assert (stored.note, stored.followers, stored.purpose) == ("张三补充的备注", 100, "发布本镇政务信息")
        reloaded = account_form(session, account_id)
    with li.session() as session:  # 重新载入, type again, save: both changes stand
        save_account(
            session, replace(reloaded, followers=typed.followers, purpose=typed.purpose), "李四", TODAY
        )
    with zhang.session() as session:
        stored = session.get(Account, account_id)
        assert (stored.note, stored.followers, stored.purpose) == ("张三补充的备注", 2000, "李四改写的用途")


@needs_server
def test_a_change_slipping_in_between_is_caught_by_the_version_column(
    two_clerks: tuple[Database, Database],
) -> None:
    """The check of the form's version and the write are not one step: the version column closes the gap."""
    zhang, li = two_clerks
    unit_id = make_unit(zhang)
    with zhang.session() as session:
        account_id = save_account(session, new_account(unit_id), "张三", TODAY).account_id
    with pytest.raises(EditConflict) as refused, zhang.session() as session:
        mine = session.get(Account, account_id)
        mine.note = "张三的备注"
        with li.session() as other:  # 李四's save commits while 张三's unit of work is still open
            other.get(Account, account_id).note = "李四的备注"
        session.flush()
    assert "其他同事" in refused.value.message and "没有保存" in refused.value.message
    with zhang.session() as session:
        assert session.get(Account, account_id).note == "李四的备注"


@pytest.fixture
def empty_target(tmp_path: Path, server: Server | None) -> Iterator[Path | str]:
    """An empty database to copy into: on the server a new database without tables, else a new file."""
    if server is None:
        yield tmp_path / "copy.db"
        return
    name = server.create()
    yield server.url(name)
    server.drop(name)


@pytest.mark.slow
def test_migrate_copies_every_table_there_and_back_and_refuses_a_target_with_data(
    empty_target: Path | str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gmdesk.store.transfer import table_checksum, tables

    source = tmp_path / "county.db"
    assert main(["demo", "--db", str(source), "--seed", "3", "--as-of", "2026-11-20"]) == 0
    capsys.readouterr()
    assert main(["migrate", "--from", str(source), "--to", str(empty_target)]) == 0
    out = capsys.readouterr().out
    assert "逐表核对行数和校验值一致" in out and "已复制 posts：" in out
    back = tmp_path / "back.db"
    assert main(["migrate", "--from", str(empty_target), "--to", str(back)]) == 0
    capsys.readouterr()

    sums = {}
    for where in (source, empty_target, back):
        database = Database.open(where)
        with database.engine.connect() as connection:
            sums[str(where)] = {
                t.name: table_checksum(connection, t) for t in tables() if t.name != "alembic_version"
            }
        database.close()
    first, *others = sums.values()
    assert all(other == first for other in others) and first["posts"][0] > 1000
    for where in (empty_target, back):  # the trail came along and still verifies; the findings are the same
        assert main(["audit", "verify", "--db", str(where)]) == 0
    checks = []
    for where in (source, empty_target, back):
        capsys.readouterr()
        main(["check", "--db", str(where), "--date", "2026-11-20", "--json"])
        checks.append(capsys.readouterr().out)
    assert checks[0] == checks[1] == checks[2] and json.loads(checks[0])

    # a target holding data is refused, untouched, with exit 2 and the table named; and a file that exists
    before = sql(db_path, "SELECT count(*) FROM operators")
    assert main(["migrate", "--from", str(source), "--to", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "不是空的" in err or "已存在" in err
    assert sql(db_path, "SELECT count(*) FROM operators") == before
    assert main(["migrate", "--from", str(tmp_path / "无此文件.db"), "--to", str(tmp_path / "x.db")]) == 2
    assert "数据库文件不存在" in capsys.readouterr().err


@needs_server
def test_a_server_database_is_backed_up_with_pg_dump_and_restored_with_pg_restore(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gmdesk.store.server_backup import find_tool

    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("没有 pg_dump/pg_restore")
    database = open_database(db_path)
    unit_id = make_unit(database)
    database.close()
    assert main(["backup", "--db", db_path, "--to", str(tmp_path / "备份")]) == 0
    out = capsys.readouterr().out
    made = list((tmp_path / "备份").glob("*.dump"))
    assert len(made) == 1 and str(made[0]) in out and "pg_dump" in out
    sql(db_path, "DELETE FROM units WHERE id = ?", unit_id)  # a loss after the backup
    assert main(["restore", str(made[0]), "--db", db_path]) == 0
    out = capsys.readouterr().out
    assert "恢复前的数据已保存到" in out
    assert sql(db_path, "SELECT count(*) FROM units WHERE id = ?", unit_id) == [(1,)]
    assert main(["audit", "verify", "--db", db_path]) == 0
    other = tmp_path / "x.db"
    other.write_bytes(b"SQLite format 3\x00")
    assert main(["restore", str(other), "--db", db_path]) == 2  # not a dump: refused, says why
    assert "pg_dump" in capsys.readouterr().err


def test_without_pg_dump_the_backup_of_a_server_database_says_how(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gmdesk.store import server_backup

    monkeypatch.setattr(server_backup, "find_tool", lambda name: None)
    with pytest.raises(server_backup.ToolMissing) as missing:
        server_backup.dump("postgresql+psycopg://gmdesk:机密@服务器/gmdesk", tmp_path)
    assert "pg_dump" in missing.value.message and "apt-get install postgresql-client" in missing.value.message
    assert "机密" not in missing.value.message


def test_a_transfer_or_an_answer_taken_twice_by_two_clerks_is_refused_clearly(
    two_clerks: tuple[Database, Database],
) -> None:
    """Both clerks have the same message open; the second to act is refused and nothing is doubled."""
    from sqlalchemy import func, select

    from gmdesk.domain.errors import UserError
    from gmdesk.services import inbox_actions
    from gmdesk.store.models import Message, Reply, Transfer
    from tests.services.test_inbox_actions import NOW, enter, make_office

    zhang, li = two_clerks
    office = make_office(zhang)
    message_id = enter(zhang, office.wechat, NOW)
    due = date(2026, 11, 27)
    with zhang.session() as session:
        inbox_actions.transfer(session, message_id, office.housing, due, operator="张三", at=NOW)
    with pytest.raises(UserError) as refused, li.session() as session:
        inbox_actions.transfer(session, message_id, office.housing, due, operator="李四", at=NOW)
    assert "无需重复转办" in refused.value.message and "住房和城乡建设局" in refused.value.message

    with zhang.session() as session:
        inbox_actions.save_reply(
            session, message_id, "已修复，感谢监督。", final=True, operator="张三", at=NOW
        )
    with pytest.raises(UserError) as refused, li.session() as session:
        inbox_actions.save_reply(session, message_id, "已安排维修。", final=True, operator="李四", at=NOW)
    assert "已答复" in refused.value.message or "不能" in refused.value.message
    with li.session() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Transfer).where(Transfer.message_id == message_id)
            )
            == 1
        )
        assert (
            session.scalar(select(func.count()).select_from(Reply).where(Reply.message_id == message_id)) == 1
        )
        assert session.get(Message, message_id).answered_at == NOW


@needs_server
def test_an_answer_saved_by_another_clerk_in_between_is_not_answered_again(
    two_clerks: tuple[Database, Database],
) -> None:
    """李四 had the message loaded in his unit of work when 张三's answer committed: his write is refused."""
    from gmdesk.domain.errors import UserError
    from gmdesk.services import inbox_actions
    from gmdesk.store.models import Message
    from tests.services.test_inbox_actions import NOW, enter, make_office

    zhang, li = two_clerks
    office = make_office(zhang)
    message_id = enter(zhang, office.wechat, NOW)
    with pytest.raises(UserError), li.session() as session:
        session.get(Message, message_id)  # 李四's view, read before 张三 saves
        with zhang.session() as other:
            inbox_actions.save_reply(other, message_id, "已修复。", final=True, operator="张三", at=NOW)
        inbox_actions.save_reply(session, message_id, "已安排维修。", final=True, operator="李四", at=NOW)
    with zhang.session() as session:
        assert [r.text for r in session.get(Message, message_id).replies] == ["已修复。"]


def test_the_password_goes_to_pg_dump_through_the_environment_not_the_command_line() -> None:
    from gmdesk.store.server_backup import _conninfo

    conninfo, env = _conninfo("postgresql+psycopg://gmdesk:机密@服务器:5433/gmdesk")
    assert conninfo == "postgresql://gmdesk@服务器:5433/gmdesk" and env["PGPASSWORD"] == "机密"
