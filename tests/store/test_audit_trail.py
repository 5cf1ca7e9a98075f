"""Issue 12, hole 8: every write records operator, time, action, entity and the changed fields before and
after, in the same transaction, hash-chained; an edited or deleted entry is found and named by
``gmdesk audit verify`` (exit 1). An upgrade from 0003 chains the entries already there."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from gmdesk.services import accounts_org, audit
from gmdesk.services.accounts_org import UnitInfo
from gmdesk.store import schema
from gmdesk.store.audit_log import HEAD_KEY
from gmdesk.store.database import Database, make_engine
from gmdesk.store.migrate import alembic_config
from gmdesk.store.models import AuditEntry, Operator, Unit
from tests.cli.test_cli import run
from tests.safety_data import sql


def _unit(database: Database, name: str = "县教育局", operator: str = "张三") -> int:
    with database.session() as session:
        return accounts_org.save_unit(session, UnitInfo(id=None, name=name), operator)


def _entries(database: Database) -> list[AuditEntry]:
    with database.session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_a_write_records_who_what_when_and_the_fields_before_and_after(database: Database) -> None:
    before = len(_entries(database))
    unit_id = _unit(database)
    with database.session() as session:
        info = accounts_org.unit_info(session, unit_id)
        accounts_org.save_unit(
            session, UnitInfo(**{**info.__dict__, "name": "县教育体育局", "phone": "0571-1234567"}), "李四"
        )
    new = _entries(database)[before:]
    inserted = next(e for e in new if e.action == "新增" and e.entity == "units")
    assert inserted.operator == "张三" and inserted.entity_id == unit_id
    assert inserted.changes["name"] == [None, "县教育局"]
    changed = next(e for e in new if e.action == "修改" and e.entity == "units")
    assert changed.operator == "李四"
    assert changed.changes["name"] == ["县教育局", "县教育体育局"]
    assert changed.changes["phone"] == [None, "0571-1234567"] or changed.changes["phone"] == [
        "",
        "0571-1234567",
    ]
    assert "updated_at" not in changed.changes
    assert {"新增单位", "修改单位"} <= {e.action for e in new}  # the services' own words, alongside
    assert all(e.hash and e.prev_hash for e in new)
    assert (datetime.now() - changed.at).total_seconds() < 60


def test_a_failed_unit_of_work_leaves_no_entry(database: Database) -> None:
    before = len(_entries(database))
    with pytest.raises(RuntimeError), database.session() as session:
        session.add(Unit(name="会回滚的单位"))
        session.flush()
        raise RuntimeError("boom")
    assert len(_entries(database)) == before


def test_deleting_a_row_keeps_what_it_held(database: Database) -> None:
    unit_id = _unit(database, "县档案馆")
    with database.session() as session:
        accounts_org.delete_unit(session, unit_id, "张三")
    deleted = next(e for e in reversed(_entries(database)) if e.action == "删除" and e.entity == "units")
    assert deleted.changes["name"] == ["县档案馆", None] and deleted.operator == "张三"


def _tamper(path: Path, statement: str, *params: object) -> None:
    sql(path, statement, *params)


def _verify(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code, out, err = run(["audit", "verify", "--db", str(path)], capsys)
    return code, out + err


@pytest.fixture
def logged(database: Database) -> Path:
    for name in ("县教育局", "县民政局", "县水利局", "县林业局"):
        _unit(database, name)
    database.close()
    return database.location  # type: ignore[return-value]


def test_an_intact_trail_verifies_with_exit_0(logged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _verify(logged, capsys)
    assert code == 0 and "操作日志完整" in text


def test_an_edited_entry_is_named(logged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = sql(logged, "SELECT id FROM audit_log WHERE action = '新增单位' ORDER BY id LIMIT 1 OFFSET 1")[
        0
    ][0]
    _tamper(logged, "UPDATE audit_log SET operator = '别人' WHERE id = ?", target)
    code, text = _verify(logged, capsys)
    assert code == 1
    assert f"第 {target} 号记录" in text and "被修改过" in text


def test_a_deleted_entry_is_named(logged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = [r[0] for r in sql(logged, "SELECT id FROM audit_log ORDER BY id")]
    victim = ids[len(ids) // 2]
    _tamper(logged, "DELETE FROM audit_log WHERE id = ?", victim)
    code, text = _verify(logged, capsys)
    assert code == 1
    assert f"第 {victim + 1} 号记录" in text and f"第 {victim} 号记录已被删除" in text


def test_deleting_the_newest_entries_or_all_of_them_is_found(
    logged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = sql(logged, "SELECT max(id) FROM audit_log")[0][0]
    _tamper(logged, "DELETE FROM audit_log WHERE id = ?", last)
    code, text = _verify(logged, capsys)
    assert code == 1 and f"第 {last} 号至第 {last} 号记录已被删除" in text
    _tamper(logged, "DELETE FROM audit_log")
    code, text = _verify(logged, capsys)
    assert code == 1 and "全部记录" in text


def test_a_rewritten_entry_with_a_recomputed_own_hash_still_breaks_the_chain(
    logged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gmdesk.domain.audit_chain import Entry, entry_hash

    row = sql(
        logged,
        "SELECT id, at, operator, action, entity, entity_id, detail, changes, prev_hash FROM audit_log "
        "ORDER BY id LIMIT 1 OFFSET 3",
    )[0]
    at = row[1] if isinstance(row[1], datetime) else datetime.fromisoformat(row[1])  # (a server gives values)
    detail, changes = (value if isinstance(value, dict) else json.loads(value) for value in (row[6], row[7]))
    forged = Entry(row[0], at, "别人", row[3], row[4], row[5], detail, changes, row[8])
    _tamper(
        logged,
        "UPDATE audit_log SET operator = '别人', hash = ? WHERE id = ?",
        entry_hash(forged, row[8]),
        row[0],
    )
    code, text = _verify(logged, capsys)
    assert code == 1 and f"第 {row[0] + 1} 号记录" in text


def test_bulk_writes_are_recorded_per_statement(database: Database) -> None:
    from gmdesk.store.models import Message

    with database.session() as session:
        session.execute(Message.__table__.update().where(Message.id < 0).values(content="x"))
    bulk = _entries(database)[-1]
    assert bulk.action == "批量修改" and bulk.entity == "messages"


def test_the_trail_verifies_after_a_mix_of_work(database: Database) -> None:
    for name in ("县审计局", "县统计局"):
        _unit(database, name)
    with database.session() as session:
        result = audit.verify(session)
        head = session.execute(select(AuditEntry.id).order_by(AuditEntry.id.desc())).scalars().first()
    assert result.ok and result.checked == head


def test_an_upgrade_from_0003_chains_the_entries_already_there(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0003_drafts")
            for number, (action, at) in enumerate(
                [("新增单位", "2026-01-05 09:00:00.000000"), ("修改账号", "2026-02-01 10:30:00.000000")],
                start=3,
            ):
                connection.exec_driver_sql(
                    "INSERT INTO audit_log (id, at, operator, action, entity, entity_id, detail) "
                    f"VALUES ({number * 10}, '{at}', '管理员', '{action}', 'unit', 1, '{{\"name\": \"县教育局\"}}')"
                )  # ids with gaps, as an old log may have
            connection.exec_driver_sql(
                "INSERT INTO operators (name, role, may_see_personal_data, active, created_at, updated_at) "
                "VALUES ('老查看者', 'viewer', 1, 1, '2026-01-01', '2026-01-01')"
            )
    finally:
        engine.dispose()

    database = Database.open(path)
    try:
        with database.session() as session:
            rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
            assert [(r.id, r.action) for r in rows[:2]] == [(1, "新增单位"), (2, "修改账号")]
            assert rows[0].detail == {"name": "县教育局"} and rows[0].changes == {}
            viewer = session.scalars(select(Operator).where(Operator.name == "老查看者")).one()
            assert (
                viewer.role.label == "信息员"
                and not viewer.may_see_personal_data
                and viewer.password_hash == ""
            )
            assert audit.verify(session).ok
            head = session.execute(select(AuditEntry.id).order_by(AuditEntry.id.desc())).scalars().first()
        connection = sqlite3.connect(path)
        stored = json.loads(
            connection.execute("SELECT value FROM settings WHERE key = ?", (HEAD_KEY,)).fetchone()[0]
        )
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        connection.close()
        assert stored["id"] == head and version == schema.HEAD_REVISION
    finally:
        database.close()


def test_what_a_rolled_back_savepoint_recorded_is_dropped_and_a_session_reads_its_own_trail(
    database: Database,
) -> None:
    with database.session() as session:
        audit.record(session, "张三", "外层操作", "units")
        savepoint = session.begin_nested()
        audit.record(session, "张三", "内层操作", "units")
        savepoint.rollback()
        seen = session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("%层操作"))).all()
        assert seen == ["外层操作"]
    actions = [e.action for e in _entries(database)]
    assert "外层操作" in actions and "内层操作" not in actions
    with database.session() as session:
        assert audit.verify(session).ok
