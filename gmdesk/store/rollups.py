"""Keeping the posts' roll-ups (``post_days``, ``post_months``: ``models/rollups.py``) equal to the posts.

Every write that changes posts recomputes the roll-up rows of the (account, day) pairs it touched, from the
posts themselves, in the same transaction — so the roll-ups commit or roll back with the change, and a
recomputation cannot drift the way adding and subtracting counts could:

* writes through the ORM (saving, moving, deleting a post; deleting an account) need nothing of their
  writer: :func:`install` hooks every session's flush, which collects the posts inserted, changed or deleted
  (their old and new account and day) and calls :func:`refresh`, and every INSERT, UPDATE or DELETE of posts
  run as one statement through a session, whose matched rows it reads before and after;
* writes in bulk with driver SQL (an import's rows, the demo generator) call :func:`refresh` with the pairs
  they wrote, or :func:`rebuild` for everything;
* rows copied whole (``gmdesk migrate``, a backup restored) carry roll-ups consistent by construction, and a
  file older than the roll-ups gets them from migration ``0010_rollups``.

On PostgreSQL two clerks may save posts of one account at once: :func:`refresh` first takes the audit
chain's transaction lock (which every write takes anyway), so recomputations of the same day never run side
by side and each sees the other's committed posts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from itertools import chain
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    String,
    Table,
    and_,
    bindparam,
    case,
    delete,
    event,
    func,
    insert,
    literal_column,
    not_,
    select,
    type_coerce,
)
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.orm.attributes import get_history
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from gmdesk.domain.enums import PostKind, PostStatus
from gmdesk.domain.post_tally import slot_of
from gmdesk.store.dialect import Sql, day_text, lock_audit_chain
from gmdesk.store.models import Post
from gmdesk.store.models.rollups import DAY_SLOTS, PostDay, PostMonth

Pair = tuple[int, str]
"""(account id, day ``YYYY-MM-DD``)."""

CHUNK_IDS = 400
"""Post ids re-read per statement after a bulk UPDATE (well under any engine's parameter limit)."""

_posts = cast(Table, Post.__table__)
_days = cast(Table, PostDay.__table__)
_months = cast(Table, PostMonth.__table__)
_TOUCHED_INFO = "rollups_touched"
_WATCHED = ("account_id", "at", "status", "kind", "is_mass_push")
"""A post's columns that decide its roll-up slot."""


# --------------------------------------------------------------------------- the recomputation
def _code(member: PostStatus | PostKind) -> ColumnElement[Any]:
    """A code as an SQL literal: the recount runs once per touched day, and bound codes would each go
    through the column type's conversion on every run."""
    return literal_column(f"'{member.value}'")


def _slot_count(slot: int) -> ColumnElement[Any]:
    """How many of a day's posts fall in ``slot`` (原创 × 2 + 群发, plus 4 for a plan)."""
    status = type_coerce(_posts.c.status, String)
    kind = type_coerce(_posts.c.kind, String)
    mass = _posts.c.is_mass_push
    published, original = _code(PostStatus.PUBLISHED), _code(PostKind.ORIGINAL)
    condition = and_(
        status == published if slot < 4 else status != published,
        kind == original if slot & 2 else kind != original,
        mass if slot & 1 else not_(mass),
    )
    return func.sum(case((condition, literal_column("1")), else_=literal_column("0")))


def _day_rows(*where: ColumnElement[bool]) -> Any:
    day = day_text(_posts.c.at)
    query = (
        select(_posts.c.account_id, day, *(_slot_count(slot) for slot in range(len(DAY_SLOTS))))
        .where(type_coerce(_posts.c.status, String) != _code(PostStatus.CANCELLED), *where)
        .group_by(_posts.c.account_id, day)
    )
    return insert(_days).from_select(["account_id", "day", *DAY_SLOTS], query)


def _month_rows(*where: ColumnElement[bool]) -> Any:
    month = func.substr(_days.c.day, 1, 7)
    published = func.sum(
        _days.c.published_repost
        + _days.c.published_repost_push
        + _days.c.published_original
        + _days.c.published_original_push
    )
    originals = func.sum(_days.c.published_original + _days.c.published_original_push)
    query = (
        select(_days.c.account_id, month, published, originals)
        .where(*where)
        .group_by(_days.c.account_id, month)
        .having(published > 0)
    )
    return insert(_months).from_select(["account_id", "month", "published", "originals"], query)


_DELETE_DAY = delete(_days).where(_days.c.account_id == bindparam("a"), _days.c.day == bindparam("d"))
_INSERT_DAY = _day_rows(
    _posts.c.account_id == bindparam("a"),
    _posts.c.at >= bindparam("first", type_=DateTime()),
    _posts.c.at < bindparam("after", type_=DateTime()),
)
_DELETE_MONTH = delete(_months).where(
    _months.c.account_id == bindparam("a"), _months.c.month == bindparam("m")
)
_INSERT_MONTH = _month_rows(
    _days.c.account_id == bindparam("a"), _days.c.day >= bindparam("low"), _days.c.day <= bindparam("high")
)


def refresh(connection: Connection, pairs: Iterable[Pair]) -> None:
    """Recompute the roll-up rows of the (account, day) pairs from the posts, and their months.

    Each statement runs once per pair (``executemany``) and reads through the (account_id, at) index the
    posts of that one day only: an import of 100,000 posts spread over years touches few posts per day."""
    touched = sorted(set(pairs))
    if not touched:
        return
    lock_audit_chain(connection)
    days = [{"a": account_id, "d": day} for account_id, day in touched]
    connection.execute(_DELETE_DAY, days)
    spans = []
    for account_id, day in touched:
        first = datetime.fromisoformat(day)
        spans.append({"a": account_id, "first": first, "after": first + timedelta(days=1)})
    connection.execute(_INSERT_DAY, spans)
    months = sorted({(account_id, day[:7]) for account_id, day in touched})
    connection.execute(_DELETE_MONTH, [{"a": account_id, "m": month} for account_id, month in months])
    connection.execute(
        _INSERT_MONTH,
        [{"a": account_id, "low": f"{month}-01", "high": f"{month}-31"} for account_id, month in months],
    )


def add_inserted(
    connection: Connection, posts: Iterable[tuple[int, datetime, PostStatus, PostKind, bool]]
) -> None:
    """Count posts just inserted — (account id, time, status, kind, 群发) — into their day and month rows.

    For an import's new rows only: adding is exact when nothing else changed, and it costs one upsert per
    touched day instead of recounting each day from the posts (an import of 100,000 posts touches ~95,000)."""
    days: dict[Pair, list[int]] = {}
    months: dict[tuple[int, str], list[int]] = {}
    for account_id, at, status, kind, mass in posts:
        if status is PostStatus.CANCELLED:
            continue
        day = at.date().isoformat()  # (strftime is seven times slower, and this runs per post)
        published, original = status is PostStatus.PUBLISHED, kind is PostKind.ORIGINAL
        slot = slot_of(published, original, mass)
        key = (account_id, day)
        found = days.get(key)
        if found is None:
            found = days[key] = [0] * len(DAY_SLOTS)
        found[slot] += 1
        if published:
            counts = months.setdefault((account_id, day[:7]), [0, 0])
            counts[0] += 1
            counts[1] += original
    if not days:
        return
    lock_audit_chain(connection)
    # Driver SQL with plain tuples, in key order: each upsert lands next to the previous one in the
    # (account_id, day) key, and no statement parameters are built per row (100,000 rows: 4 s → 1 s).
    q = Sql(connection)
    for table, keys, columns, rows in (
        ("post_days", ("account_id", "day"), DAY_SLOTS, days),
        ("post_months", ("account_id", "month"), ("published", "originals"), months),
    ):
        if rows:
            connection.exec_driver_sql(
                _adding(q, table, keys, columns),
                [key + tuple(rows[key]) for key in sorted(rows)],
            )


def _adding(q: Sql, table: str, keys: tuple[str, ...], columns: Iterable[str]) -> str:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET each column = its own value + the new one (the same text
    on SQLite and PostgreSQL)."""
    names = (*keys, *columns)
    added = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)
    return (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({q.params(len(names))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}"
    )


def rebuild(connection: Connection) -> None:
    """Recompute every roll-up row from all the posts (after a bulk write of many accounts' years)."""
    lock_audit_chain(connection)
    connection.execute(delete(_months))
    connection.execute(delete(_days))
    connection.execute(_day_rows())
    connection.execute(_month_rows())


def pairs_of(rows: Iterable[tuple[int, datetime | date]]) -> set[Pair]:
    """The (account, day) pairs of posts given as (account id, time)."""
    return {
        (account_id, (at.date() if isinstance(at, datetime) else at).isoformat()) for account_id, at in rows
    }


# --------------------------------------------------------------------------- every ORM write
def _values(post: Post, name: str) -> list[Any]:
    """The attribute's value now and before the flush's change, without loading anything."""
    history = get_history(post, name, passive=PASSIVE_NO_INITIALIZE)
    return [
        v for v in chain(history.added or (), history.unchanged or (), history.deleted or ()) if v is not None
    ]


def _touched(post: Post, changed_only: bool) -> set[Pair]:
    if changed_only and not any(
        get_history(post, n, passive=PASSIVE_NO_INITIALIZE).has_changes() for n in _WATCHED
    ):
        return set()
    accounts = _values(post, "account_id")
    moments = _values(post, "at")
    return pairs_of((a, m) for a in accounts for m in moments)


def _collect(session: Session, _context: Any, _instances: Any) -> None:
    """Before the flush: the pairs of the posts about to be written (old values are still known here)."""
    touched: set[Pair] = session.info.setdefault(_TOUCHED_INFO, set())
    for obj in session.new:
        if isinstance(obj, Post):
            touched |= _touched(obj, False)
    for obj in session.dirty:
        if isinstance(obj, Post):
            touched |= _touched(obj, True)
    for obj in session.deleted:
        if isinstance(obj, Post):
            touched |= _touched(obj, False)


def _after_flush(session: Session, _context: Any) -> None:
    """After the flush: the posts are written; recompute what they touched, on the same connection."""
    touched: set[Pair] = session.info.pop(_TOUCHED_INFO, set())
    for obj in session.new:  # defaults and keys set by the flush itself
        if isinstance(obj, Post):
            touched |= _touched(obj, False)
    if touched:
        refresh(session.connection(), touched)


def _bulk(state: ORMExecuteState) -> Any:
    """An INSERT, UPDATE or DELETE of posts run as one statement through the session: the pairs of the rows
    it matched (before, and for an UPDATE after) are refreshed once it ran; an INSERT whose rows cannot be
    read from its parameters has everything rebuilt."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    if getattr(getattr(state.statement, "table", None), "name", "") != _posts.name:
        return None
    connection = state.session.connection()
    if state.is_insert:
        result = state.invoke_statement()
        given: Any = state.parameters
        rows: list[Mapping[str, Any]] = list(given) if isinstance(given, list) else [given] if given else []
        if rows and all(r.get("account_id") is not None and r.get("at") is not None for r in rows):
            refresh(connection, pairs_of((r["account_id"], r["at"]) for r in rows))
        else:
            rebuild(connection)
        return result
    matched = select(_posts.c.id, _posts.c.account_id, _posts.c.at)
    where = getattr(state.statement, "whereclause", None)
    if where is not None:
        matched = matched.where(where)
    before = connection.execute(matched).all()
    result = state.invoke_statement()
    touched = pairs_of((account_id, at) for _, account_id, at in before)
    if state.is_update and before:
        ids = [row[0] for row in before]
        for start in range(0, len(ids), CHUNK_IDS):
            moved = select(_posts.c.account_id, _posts.c.at).where(
                _posts.c.id.in_(ids[start : start + CHUNK_IDS])
            )
            touched |= pairs_of(connection.execute(moved).tuples())
    refresh(connection, touched)
    return result


def _forget(session: Session, _transaction: Any) -> None:
    session.info.pop(_TOUCHED_INFO, None)


def install(factory: sessionmaker[Session]) -> None:
    """Keep the roll-ups with every flush of ``factory``'s sessions."""
    event.listen(factory, "before_flush", _collect)
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _bulk)
    event.listen(factory, "after_soft_rollback", _forget)
