"""The audit trail as stored: every write of a unit of work is recorded in that same transaction.

Two kinds of entries share one hash chain (:mod:`gmdesk.domain.audit_chain`):

* the services' own entries (``services.audit.record``): what the clerk did, in the clerk's words
  (登记更换密码, 导入发布记录 …);
* entries made here, for every row the unit of work inserted, changed or deleted through the ORM, with the
  changed fields before and after, and one entry per bulk statement (an import's chunk of rows).

The operator is the session's (``session.info["operator"]``, set from ``Database.operator``). Entries are
appended with plain SQL on the session's connection, so they commit or roll back with the work they
describe; the chain's head (last id and hash) is kept in the settings under :data:`HEAD_KEY`.
Not recorded: drafts (unsaved input, rewritten as the clerk types), the audit trail itself, and the two
bookkeeping settings written outside any session (the integrity check day, the schema writer).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, Table, event, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from gmdesk.domain.audit_chain import Entry, entry_hash, plain, shorten
from gmdesk.store.dialect import lock_audit_chain, upsert_setting
from gmdesk.store.models import AuditEntry

HEAD_KEY = "audit.head"
NOT_AUDITED = frozenset({"audit_log", "drafts"})
QUIET_COLUMNS = frozenset({"created_at", "updated_at", "version"})
OPERATOR_INFO = "operator"
ENABLED_INFO = "audit"
"""``session.info["audit"] = False`` turns the automatic entries off for one unit of work (the demo
generator, which records one entry for all it writes)."""

INSERTED, UPDATED, DELETED = "新增", "修改", "删除"


_HEAD_INFO = "audit_head"
_QUEUE_INFO = "audit_queue"


def _last(connection: Connection) -> tuple[int, str]:
    row = connection.execute(text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
    return (int(row[0]), str(row[1] or "")) if row is not None else (0, "")


def append(
    connection: Connection, entries: Sequence[Entry], head: tuple[int, str] | None = None
) -> list[Entry]:
    """Chain and insert ``entries`` (their ids and hashes are assigned here), and move the head.

    ``head``: the chain's last (id, hash) when the caller knows it (read from the table otherwise)."""
    if not entries:
        return []
    from gmdesk.domain.audit_chain import GENESIS

    if head is None:
        lock_audit_chain(connection)  # (a shared database: other clerks append too)
    last_id, last_hash = head if head is not None else _last(connection)
    previous = last_hash or GENESIS
    stored = []
    for offset, entry in enumerate(entries, start=1):
        chained = Entry(
            last_id + offset,
            entry.at,
            entry.operator[:40],
            entry.action[:60],
            entry.entity[:40],
            entry.entity_id,
            plain(entry.detail),
            plain(entry.changes),
            previous,
        )
        digest = entry_hash(chained, previous, is_plain=True)
        stored.append(Entry(**{**chained.__dict__, "hash": digest}))
        previous = digest
    columns = (
        "id",
        "at",
        "operator",
        "action",
        "entity",
        "entity_id",
        "detail",
        "changes",
        "prev_hash",
        "hash",
    )
    connection.execute(
        cast(Table, AuditEntry.__table__).insert(), [{c: getattr(e, c) for c in columns} for e in stored]
    )
    head_value = json.dumps({"id": stored[-1].id, "hash": stored[-1].hash})
    upsert_setting(connection, HEAD_KEY, head_value)
    return stored


def queue(session: Session, entry: Entry) -> None:
    """An entry to append with the session's next write (a flush, a query, the commit): a service's record
    of what it did costs no SQL of its own."""
    session.info.setdefault(_QUEUE_INFO, []).append(entry)


def _write(session: Session, entries: list[Entry]) -> None:
    """Append the queued entries after ``entries``, knowing the chain's head within this transaction."""
    pending = entries + session.info.pop(_QUEUE_INFO, [])
    if not pending:
        return
    stored = append(session.connection(), pending, session.info.get(_HEAD_INFO))
    session.info[_HEAD_INFO] = (stored[-1].id, stored[-1].hash)


def _forget_head(session: Session, _transaction: Any) -> None:
    """A transaction or savepoint ended (committed or rolled back): the head is read again next time."""
    session.info.pop(_HEAD_INFO, None)


_MARKS_INFO = "audit_marks"


def _mark(session: Session, transaction: Any) -> None:
    """A savepoint begins: remember how many entries were queued, to drop the later ones if it rolls back."""
    if transaction.nested:
        session.info.setdefault(_MARKS_INFO, {})[id(transaction)] = len(session.info.get(_QUEUE_INFO, []))


def _after_rollback(session: Session, previous: Any) -> None:
    """What a rolled-back savepoint (or transaction) queued is not recorded: it did not happen."""
    session.info.pop(_HEAD_INFO, None)
    mark = session.info.get(_MARKS_INFO, {}).pop(id(previous), None) if previous.nested else None
    if mark is None:
        session.info.pop(_QUEUE_INFO, None)
    else:
        del session.info.get(_QUEUE_INFO, [])[mark:]


def _before_commit(session: Session) -> None:
    session.flush()
    _write(session, [])


def entry(
    operator: str,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    detail: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Entry:
    return Entry(0, at or datetime.now(), operator, action, entity, entity_id, detail or {}, changes or {})


# --------------------------------------------------------------------------- automatic entries


def _identity(state: Any) -> int | None:
    """The row's integer primary key (new rows have theirs once flushed, before they are persistent)."""
    identity = state.mapper.primary_key_from_instance(state.obj())
    if identity and len(identity) == 1 and isinstance(identity[0], int):
        return int(identity[0])
    return None


def _columns(state: Any) -> Iterable[str]:
    for attr in state.mapper.column_attrs:
        if attr.key not in QUIET_COLUMNS:
            yield attr.key


def _value(value: Any) -> Any:
    return shorten(plain(value))


def _changes(state: Any, kind: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for key in _columns(state):
        if kind == INSERTED:
            value = state.dict.get(key)
            if value not in (None, "", [], {}):
                found[key] = [None, _value(value)]
        elif kind == DELETED:
            value = state.dict.get(key)
            if value not in (None, "", [], {}):
                found[key] = [_value(value), None]
        else:
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if plain(before) != plain(after):
                found[key] = [_value(before), _value(after)]
    return found


def _after_flush(session: Session, _context: Any) -> None:
    if session.info.get(ENABLED_INFO) is False:
        return
    operator = str(session.info.get(OPERATOR_INFO) or "")
    now = datetime.now()
    entries: list[Entry] = []
    for kind, objects in ((INSERTED, session.new), (UPDATED, session.dirty), (DELETED, session.deleted)):
        for obj in objects:
            state = inspect(obj)
            table = state.mapper.local_table.name
            if table in NOT_AUDITED:
                continue
            changes = _changes(state, kind)
            if kind == UPDATED and not changes:
                continue  # touched, not changed
            detail = {"key": obj.key} if table == "settings" else {}
            entries.append(entry(operator, kind, table, _identity(state), detail, changes, now))
    _write(session, entries)


def _bulk(state: ORMExecuteState) -> Any:
    """One entry per bulk INSERT/UPDATE/DELETE run through the session (an import's chunk of rows); before a
    query, the queued entries are written so that the session reads its own trail."""
    if state.is_select:
        if state.session.info.get(_QUEUE_INFO):
            _write(state.session, [])
        return None
    if (
        not (state.is_insert or state.is_update or state.is_delete)
        or state.session.info.get(ENABLED_INFO) is False
    ):
        return None
    table = getattr(getattr(state.statement, "table", None), "name", "")
    if not table or table in NOT_AUDITED or table == "settings":
        return None
    result = state.invoke_statement()
    rows = (
        len(state.parameters)
        if isinstance(state.parameters, list)
        else max(cast("CursorResult[Any]", result).rowcount or 0, 0)
    )
    verb = INSERTED if state.is_insert else UPDATED if state.is_update else DELETED
    operator = str(state.session.info.get(OPERATOR_INFO) or "")
    _write(state.session, [entry(operator, f"批量{verb}", table, None, {"rows": rows})])
    return result


def install(factory: sessionmaker[Session]) -> None:
    """Record every unit of work made by ``factory``'s sessions."""
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _bulk)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_transaction_end", _forget_head)
    event.listen(factory, "after_transaction_create", _mark)
    event.listen(factory, "after_soft_rollback", _after_rollback)


# --------------------------------------------------------------------------- reading


def read_head(session: Session) -> tuple[int, str] | None:
    row = session.execute(text("SELECT value FROM settings WHERE key = :k"), {"k": HEAD_KEY}).first()
    if row is None:
        return None
    value = json.loads(row[0]) if isinstance(row[0], str) else row[0]
    if isinstance(value, str):
        value = json.loads(value)
    return int(value["id"]), str(value["hash"])


def as_entry(row: AuditEntry) -> Entry:
    return Entry(
        row.id,
        row.at,
        row.operator,
        row.action,
        row.entity,
        row.entity_id,
        row.detail or {},
        row.changes or {},
        row.prev_hash,
        row.hash,
    )


def iter_entries(session: Session, chunk: int = 5000) -> Iterable[Entry]:
    """Every entry in id order, a chunk at a time."""
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.id > last).order_by(AuditEntry.id).limit(chunk)
        ).all()
        if not rows:
            return
        for row in rows:
            yield as_entry(row)
        last = rows[-1].id
        session.expunge_all()
