"""Posts: the day aggregates behind the frequency rules and the calendar, listings, and import lookups.

The large county holds a million posts, so the rules never load post objects: they read the posts of a few
weeks as bare tuples (account, time text, status code, kind code, 群发) through the (account_id, at) index,
and the day of each account's last published post through one index probe per account.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import String, func, literal_column, select, type_coerce
from sqlalchemy.orm import Session

from gmdesk.domain.enums import AccountState, PostCategory, PostKind, PostStatus, Role
from gmdesk.domain.platforms import Platform
from gmdesk.store.dialect import Sql, datetime_text, day_text, unindexed
from gmdesk.store.models import Account, AccountRole, Person, Post, Unit
from gmdesk.store.models.rollups import DAY_SLOTS
from gmdesk.store.rows import rows_as, stream_as

LIVE_STATES = tuple(s.value for s in AccountState if s.is_live)
DATETIME_TEXT = "%Y-%m-%d %H:%M:%S.%f"
"""How SQLAlchemy stores a DateTime in SQLite; comparisons with text bounds rely on it."""

PostTuple = tuple[int, str, str, str, bool]
"""(account id, time as stored ``YYYY-MM-DD HH:MM:SS.ffffff``, status code, kind code, 群发)."""


def stored(moment: datetime | date) -> str:
    """``moment`` as SQLAlchemy stores it (``DATETIME_TEXT``). isoformat writes the same text seven times
    faster than strftime (an import's duplicate check runs this per row); the slice drops an offset."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return moment.isoformat(" ", "microseconds")[:26]


# --------------------------------------------------------------------------- accounts
class LiveAccount(NamedTuple):
    """What the update rules read of an account (the same names as :class:`Account`'s)."""

    id: int
    name: str
    platform: Platform
    opened_on: date | None
    interaction_enabled: bool
    unit_id: int
    policy_profile_id: int | None
    policy_overrides: dict[str, Any]
    created_at: datetime | None


def live_accounts(session: Session, account_ids: Collection[int] | None = None) -> list[LiveAccount]:
    """Accounts open to the public (已开设, 运行中, 拟关停), by id, as what the update rules read — whole
    accounts would cost the dashboard and the checks twice as much."""
    query = (
        select(
            Account.id,
            Account.name,
            Account.platform,
            Account.opened_on,
            Account.interaction_enabled,
            Account.unit_id,
            Account.policy_profile_id,
            Account.policy_overrides,
            Account.created_at,
        )
        .where(type_coerce(Account.state, String).in_(LIVE_STATES))
        .order_by(Account.id)
    )
    if account_ids is not None:
        query = query.where(Account.id.in_(list(account_ids)))
    return rows_as(LiveAccount, session.execute(query))


def account_ids(session: Session, unit_id: int | None = None, account_id: int | None = None) -> list[int]:
    """Every account of the scope (any state): one account, a unit's, or all."""
    query = select(Account.id).order_by(Account.id)
    if account_id is not None:
        query = query.where(Account.id == account_id)
    elif unit_id is not None:
        query = query.where(Account.unit_id == unit_id)
    return list(session.scalars(query))


def account(session: Session, account_id: int) -> Account | None:
    return session.get(Account, account_id)


def account_leaders(session: Session, account_id: int) -> list[str]:
    """Names of the account's 主要负责人 and 分管负责人 (who may sign 重要信息)."""
    rows = session.execute(
        select(Person.name)
        .join(AccountRole, AccountRole.person_id == Person.id)
        .where(AccountRole.account_id == account_id, AccountRole.role.in_([Role.PRINCIPAL, Role.DEPUTY]))
        .order_by(AccountRole.role, AccountRole.position)
    )
    return [name for (name,) in rows if name]


def account_names(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """id → (账号名称, 平台 code)."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Account.id, Account.name, type_coerce(Account.platform, String)).where(Account.id.in_(wanted))
    )
    return {i: (n, p) for i, n, p in rows}


# --------------------------------------------------------------------------- aggregates for the rules
def post_tuples(
    session: Session,
    ids: Sequence[int],
    first: datetime | date,
    before: datetime | date,
    pushes_only: bool = False,
    exclude_post: int | None = None,
) -> list[PostTuple]:
    """Every post not cancelled of the accounts (群发 only, if asked) from ``first`` up to ``before``, in
    account order.

    The account ids are always listed: with them SQLite walks the (account_id, at) index account by account
    instead of the whole time range. Written as driver SQL because the month view of every account reads
    tens of thousands of these rows and SQLAlchemy's row objects would double the time.
    """
    if not ids:
        return []
    connection = session.connection()
    q = Sql(connection)
    at = q.datetime("at")
    sql = (
        f"SELECT account_id, {at}, status, kind, is_mass_push FROM posts "
        f"WHERE account_id IN ({q.params(len(ids))}) AND {at} >= {q.p} AND {at} < {q.p} AND status != {q.p}"
    )
    params: list[Any] = [*ids, stored(first), stored(before), PostStatus.CANCELLED.value]
    if pushes_only:
        sql += f" AND {q.true('is_mass_push')}"
    if exclude_post is not None:
        sql += f" AND id != {q.p}"
        params.append(exclude_post)
    return connection.exec_driver_sql(sql, tuple(params)).all()  # type: ignore[return-value]  # Rows used as these tuples, unconverted (a million posts)


def day_totals(
    session: Session, first: date, last: date, ids: Sequence[int] | None = None
) -> list[tuple[str, str, int]]:
    """(day ``YYYY-MM-DD``, status code, posts) of every day from ``first`` to ``last``, planned and published.

    For every account the (status, at) index answers alone; for a scope the account ids are listed.
    """
    connection = session.connection()
    q = Sql(connection)
    at, day = q.datetime("at"), q.day("at")
    sql = f"SELECT {day}, status, count(*) FROM posts WHERE status IN ({q.p}, {q.p}) AND {at} >= {q.p} AND {at} < {q.p}"
    params: list[Any] = [
        PostStatus.PUBLISHED.value,
        PostStatus.PLANNED.value,
        stored(first),
        stored(date.fromordinal(last.toordinal() + 1)),
    ]
    if ids is not None:
        if not ids:
            return []
        sql += f" AND account_id IN ({q.params(len(ids))})"
        params += ids
    sql += f" GROUP BY {day}, status"
    return connection.exec_driver_sql(sql, tuple(params)).all()  # type: ignore[return-value]  # as above


def last_published_before(session: Session, ids: Sequence[int], before: datetime | date) -> dict[int, date]:
    """The day of each account's last published post before ``before`` (accounts without one are absent)."""
    if not ids:
        return {}
    latest = (
        select(datetime_text(Post.at))
        .where(
            Post.account_id == Account.id,
            # "+" keeps SQLite off the (status, at) index: walking (account_id, at) backwards is one probe.
            unindexed(literal_column("posts.status")) == PostStatus.PUBLISHED.value,
            datetime_text(Post.at) < stored(before),
        )
        .order_by(Post.at.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = session.connection().execute(select(Account.id, latest).where(Account.id.in_(list(ids))))
    return {account_id: date.fromisoformat(at[:10]) for account_id, at in rows if at}


DayCounts = tuple[int, str, int, int, int, int, int, int, int, int]
"""(account id, day ``YYYY-MM-DD``, then the eight counts of ``post_days`` in ``PostTally`` slot order)."""

_PUSH_SLOTS = " + ".join(DAY_SLOTS[1::2])
_PUBLISHED_SLOTS = " + ".join(DAY_SLOTS[:4])


def day_counts(
    session: Session, ids: Sequence[int], first: date, last: date, pushes_only: bool = False
) -> list[DayCounts]:
    """The roll-up rows (``post_days``) of the accounts from ``first`` to ``last`` (both included), in account
    order — the posts not cancelled, counted per day and slot; with ``pushes_only`` the days with a 群发.

    The account ids are listed so both engines walk the (account_id, day) key account by account; on SQLite
    the rows lie in that key itself (``WITHOUT ROWID``)."""
    if not ids:
        return []
    connection = session.connection()
    q = Sql(connection)
    sql = (
        f"SELECT account_id, day, {', '.join(DAY_SLOTS)} FROM post_days "
        f"WHERE account_id IN ({q.params(len(ids))}) AND day >= {q.p} AND day <= {q.p}"
    )
    if pushes_only:
        sql += f" AND {_PUSH_SLOTS} > 0"
    params = (*ids, first.isoformat(), last.isoformat())
    return connection.exec_driver_sql(sql, params).all()  # type: ignore[return-value]  # Rows used as these tuples


def last_published_day_before(session: Session, ids: Sequence[int], before: date) -> dict[int, date]:
    """The day of each account's last published post before the day ``before``, from the roll-up: one probe
    of the (account_id, day) key backwards per account (accounts without one are absent)."""
    if not ids:
        return {}
    connection = session.connection()
    q = Sql(connection)
    sql = (
        "SELECT id, (SELECT day FROM post_days WHERE post_days.account_id = accounts.id "
        f"AND day < {q.p} AND {_PUBLISHED_SLOTS} > 0 ORDER BY day DESC LIMIT 1) "
        f"FROM accounts WHERE id IN ({q.params(len(ids))})"
    )
    rows = connection.exec_driver_sql(sql, (before.isoformat(), *ids))
    return {account_id: date.fromisoformat(day) for account_id, day in rows if day}


def push_days(
    session: Session, account_id: int, first: date, last: date, exclude_post: int | None = None
) -> dict[date, int]:
    """群发 per day of one account (published and planned), for quotas."""
    query = (
        select(day_text(Post.at), func.count())
        .where(
            Post.account_id == account_id,
            Post.is_mass_push.is_(True),
            type_coerce(Post.status, String) != PostStatus.CANCELLED.value,
            datetime_text(Post.at) >= stored(first),
            datetime_text(Post.at) < stored(date.fromordinal(last.toordinal() + 1)),
        )
        .group_by(day_text(Post.at))
    )
    if exclude_post is not None:
        query = query.where(Post.id != exclude_post)
    return {date.fromisoformat(day): n for day, n in session.execute(query)}


# --------------------------------------------------------------------------- listings
class PostListing(NamedTuple):
    """A post with its account, as the calendar lists it (the columns of ``LISTING_COLUMNS``)."""

    id: int
    account_id: int
    account: str
    platform: Platform
    unit: str
    status: PostStatus
    at: datetime
    title: str
    kind: PostKind
    source: str
    category: PostCategory
    is_mass_push: bool
    is_important: bool
    url: str
    reads: int
    drafted_by: str
    reviewed_by: str
    approved_by: str
    repost_task_id: int | None
    note: str


LISTING_COLUMNS = (
    Post.id,
    Post.account_id,
    Account.name.label("account"),
    Account.platform,
    Unit.name.label("unit"),
    Post.status,
    Post.at,
    Post.title,
    Post.kind,
    Post.source,
    Post.category,
    Post.is_mass_push,
    Post.is_important,
    Post.url,
    Post.reads,
    Post.drafted_by,
    Post.reviewed_by,
    Post.approved_by,
    Post.repost_task_id,
    Post.note,
)


def listing(
    session: Session,
    first: datetime,
    before: datetime,
    ids: Sequence[int] | None = None,
    limit: int | None = None,
) -> list[PostListing]:
    """Posts (cancelled too) between the times with their account, by time."""
    query = (
        select(*LISTING_COLUMNS)
        .join(Account, Account.id == Post.account_id)
        .join(Unit, Unit.id == Account.unit_id)
        .where(Post.at >= first, Post.at < before)
        .order_by(Post.at, Post.id)
    )
    if ids is not None:
        query = query.where(Post.account_id.in_(list(ids)))
    if limit is not None:
        query = query.limit(limit)
    return rows_as(PostListing, session.execute(query))


class ExportPost(NamedTuple):
    account_name: str
    at: datetime
    title: str
    kind: PostKind
    source: str
    is_mass_push: bool
    url: str
    reads: int
    status: PostStatus
    category: PostCategory
    unit_name: str
    platform: Platform


def stream_for_export(
    session: Session, first: datetime | None, before: datetime | None, ids: Sequence[int] | None
) -> Iterator[ExportPost]:
    """Posts not cancelled for the §7 export, streamed in time order."""
    query = (
        select(
            Account.name.label("account_name"),
            Post.at,
            Post.title,
            Post.kind,
            Post.source,
            Post.is_mass_push,
            Post.url,
            Post.reads,
            Post.status,
            Post.category,
            Unit.name.label("unit_name"),
            Account.platform,
        )
        .join(Account, Account.id == Post.account_id)
        .join(Unit, Unit.id == Account.unit_id)
        .where(type_coerce(Post.status, String) != PostStatus.CANCELLED.value)
        .order_by(Post.at, Post.id)
    )
    if first is not None:
        query = query.where(Post.at >= first)
    if before is not None:
        query = query.where(Post.at < before)
    if ids is not None:
        query = query.where(Post.account_id.in_(list(ids)))
    yield from stream_as(ExportPost, session.execute(query.execution_options(yield_per=5000)))


def get(session: Session, post_id: int) -> Post | None:
    return session.get(Post, post_id)


# --------------------------------------------------------------------------- import
def existing_keys(
    session: Session, keys: Iterable[tuple[int, datetime, str]]
) -> set[tuple[int, datetime, str]]:
    """Which (account, time, title) already exist, found through a temporary table joined on the index."""
    wanted = {(a, stored(at), t): (a, at, t) for a, at, t in keys}
    if not wanted:
        return set()
    connection = session.connection()
    q = Sql(connection)
    connection.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS gmdesk_post_keys (account_id INTEGER, at TEXT, title TEXT)"
    )
    connection.exec_driver_sql("DELETE FROM gmdesk_post_keys")
    connection.exec_driver_sql(f"INSERT INTO gmdesk_post_keys VALUES ({q.params(3)})", list(wanted))
    found = connection.exec_driver_sql(
        "SELECT k.account_id, k.at, k.title FROM gmdesk_post_keys k JOIN posts p "
        f"ON p.account_id = k.account_id AND {q.datetime('p.at')} = k.at AND p.title = k.title"
    ).all()
    connection.exec_driver_sql("DELETE FROM gmdesk_post_keys")
    return {wanted[(a, at, t)] for a, at, t in found}
