"""Several clerks, one database (issue 16): the same findings on SQLite and PostgreSQL, two clerks saving the
same account, a change slipping in between. The engine is the one of ``db_path`` (SQLite, or PostgreSQL with
``GMDESK_TEST_DB_URL``); the comparison of the two engines needs the server and is skipped without it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from gmdesk.cli import main
from gmdesk.domain.errors import EditConflict
from gmdesk.services.accounts import account_form
from gmdesk.services.accounts_save import save_account
from gmdesk.services.database import open_database
from gmdesk.store.database import Database
from gmdesk.store.models import Account
from tests.conftest import SERVER_URL, FreshDatabases
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
    assert len(on_file) > 10 and len({f["rule"] for f in on_file}) > 3  # a demo with findings of several rules
    assert on_server == on_file


@pytest.fixture
def two_clerks(db_path: Path) -> tuple[Database, Database]:
    """Two PCs on one database: each its own engine and sessions, each its own operator."""
    first, second = open_database(db_path), open_database(db_path)
    first.operator, second.operator = "张三", "李四"
    yield first, second
    first.close()
    second.close()


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
        save_account(session, replace(reloaded, followers=typed.followers, purpose=typed.purpose), "李四", TODAY)
    with zhang.session() as session:
        stored = session.get(Account, account_id)
        assert (stored.note, stored.followers, stored.purpose) == ("张三补充的备注", 2000, "李四改写的用途")


@needs_server
def test_a_change_slipping_in_between_is_caught_by_the_version_column(two_clerks: tuple[Database, Database]) -> None:
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
