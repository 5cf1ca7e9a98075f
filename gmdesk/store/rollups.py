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
  file older than the roll-ups gets them from migration ``0009_rollups``.

On PostgreSQL two clerks may save posts of one account at once: :func:`refresh` first takes the audit
chain's transaction lock (which every write takes anyway), so recomputations of the same day never run side
by side and each sees the other's committed posts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from itertools import chain
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    and_,
    case,
    delete,
    event,
    func,
    insert,
    not_,
    select,
)
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.orm.attributes import get_history
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from gmdesk.domain.enums import PostKind, PostStatus
from gmdesk.store.dialect import day_text, lock_audit_chain
from gmdesk.store.models import Post
from gmdesk.store.models.rollups import DAY_SLOTS, PostDay, PostMonth

Pair = tuple[int, str]
"""(account id, day ``YYYY-MM-DD``)."""

CHUNK_DAYS = 400
"""Days of one account recomputed per statement (well under any engine's parameter limit)."""

_posts = cast(Table, Post.__table__)
_days = cast(Table, PostDay.__table__)
_months = cast(Table, PostMonth.__table__)
_TOUCHED_INFO = "rollups_touched"
_WATCHED = ("account_id", "at", "status", "kind", "is_mass_push")
"""A post's columns that decide its roll-up slot."""


# --------------------------------------------------------------------------- the recomputation
def _slot_count(slot: int) -> ColumnElement[Any]:
    """How many of a day's posts fall in ``slot`` (原创 × 2 + 群发, plus 4 for a plan)."""
    status = _posts.c.status
    kind = _posts.c.kind
    mass = _posts.c.is_mass_push
    condition = and_(
        status == PostStatus.PUBLISHED if slot < 4 else status != PostStatus.PUBLISHED,
        kind == PostKind.ORIGINAL if slot & 2 else kind != PostKind.ORIGINAL,
        mass if slot & 1 else not_(mass),
    )
    return func.sum(case((condition, 1), else_=0))


def _day_rows(*where: ColumnElement[bool]) -> Any:
    day = day_text(_posts.c.at)
    query = (
        select(_posts.c.account_id, day, *(_slot_count(slot) for slot in range(len(DAY_SLOTS))))
        .where(_posts.c.status != PostStatus.CANCELLED, *where)
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


def refresh(connection: Connection, pairs: Iterable[Pair]) -> None:
    """Recompute the roll-up rows of the (account, day) pairs from the posts, and their months."""
    by_account: dict[int, set[str]] = defaultdict(set)
    for account_id, day in pairs:
        by_account[account_id].add(day)
    if not by_account:
        return
    lock_audit_chain(connection)
    for account_id in sorted(by_account):
        days = sorted(by_account[account_id])
        for start in range(0, len(days), CHUNK_DAYS):
            chunk = days[start : start + CHUNK_DAYS]
            first = datetime.fromisoformat(chunk[0])
            after = datetime.fromisoformat(chunk[-1]) + timedelta(days=1)
            connection.execute(delete(_days).where(_days.c.account_id == account_id, _days.c.day.in_(chunk)))
            connection.execute(
                _day_rows(
                    _posts.c.account_id == account_id,
                    _posts.c.at >= first,
                    _posts.c.at < after,
                    day_text(_posts.c.at).in_(chunk),
                )
            )
        months = sorted({day[:7] for day in days})
        for start in range(0, len(months), CHUNK_DAYS):
            chunk = months[start : start + CHUNK_DAYS]
            connection.execute(
                delete(_months).where(_months.c.account_id == account_id, _months.c.month.in_(chunk))
            )
            connection.execute(
                _month_rows(
                    _days.c.account_id == account_id,
                    _days.c.day >= f"{chunk[0]}-01",
                    _days.c.day <= f"{chunk[-1]}-31",
                    func.substr(_days.c.day, 1, 7).in_(chunk),
                )
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
    return {(account_id, at.strftime("%Y-%m-%d")) for account_id, at in rows}


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
        for start in range(0, len(ids), CHUNK_DAYS):
            moved = select(_posts.c.account_id, _posts.c.at).where(
                _posts.c.id.in_(ids[start : start + CHUNK_DAYS])
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
