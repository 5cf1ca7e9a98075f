"""错敏: the office's terms, the marks on posts and the published posts of a period to screen."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from gmdesk.domain.enums import PostStatus, WordingMark
from gmdesk.store.dialect import Sql
from gmdesk.store.models import Account, Post, PostWordingMark, Unit, WordingTerm
from gmdesk.store.queries.posts import stored
from gmdesk.store.rows import builder, rows_as, stream_as

LONG_PERIOD = timedelta(days=120)
"""Past this span a table scan reads the posts faster than the (status, at) index."""


def terms(session: Session) -> Sequence[WordingTerm]:
    """The office's entries, then its exceptions, each by wrong form."""
    return session.scalars(select(WordingTerm).order_by(WordingTerm.is_exception, WordingTerm.wrong)).all()


def term(session: Session, term_id: int) -> WordingTerm | None:
    return session.get(WordingTerm, term_id)


def term_by_wrong(session: Session, wrong: str, is_exception: bool) -> WordingTerm | None:
    return session.scalar(
        select(WordingTerm).where(WordingTerm.wrong == wrong, WordingTerm.is_exception == is_exception)
    )


def mark_of(session: Session, post_id: int) -> PostWordingMark | None:
    return session.get(PostWordingMark, post_id)


class PublishedPost(NamedTuple):
    id: int
    account_id: int
    account_name: str
    unit_id: int
    unit_name: str
    at: datetime
    title: str
    body: str
    mark: WordingMark | None
    note: str | None
    hits: list[Any] | None
    """The hits as they were when the post was marked."""


def _published_columns() -> tuple[Any, ...]:
    return (
        Post.id,
        Post.account_id,
        Account.name.label("account_name"),
        Account.unit_id,
        Unit.name.label("unit_name"),
        Post.at,
        Post.title,
        Post.body,
        PostWordingMark.mark,
        PostWordingMark.note,
        PostWordingMark.hits,
    )


def published_posts(
    session: Session, first: datetime, before: datetime, account_ids: Sequence[int] | None = None
) -> Iterator[PublishedPost]:
    """Every published post with ``first <= at < before``, with its account, unit and mark, in time order,
    streamed."""
    query = (
        select(*_published_columns())
        .join(Account, Account.id == Post.account_id)
        .join(Unit, Unit.id == Account.unit_id)
        .outerjoin(PostWordingMark, PostWordingMark.post_id == Post.id)
        .where(Post.status == PostStatus.PUBLISHED.value, Post.at >= first, Post.at < before)
        .order_by(Post.at, Post.id)
    )
    if account_ids is not None:
        query = query.where(Post.account_id.in_(list(account_ids)))
    yield from stream_as(PublishedPost, session.execute(query.execution_options(yield_per=20_000)))


class PostText(NamedTuple):
    id: int
    title: str
    body: str | None
    at: str
    """As stored: ``YYYY-MM-DD HH:MM:SS.ffffff``."""


def period_texts(
    session: Session, first: datetime, before: datetime, account_ids: Sequence[int] | None = None
) -> Iterator[PostText]:
    """Every published post with ``first <= at < before`` (its time as the stored text), streamed in plain SQL without converting the times (a screen of a million titles parses only the few
    it needs). A long period is read in table order, which SQLite does faster than through the time index."""
    long = before - first > LONG_PERIOD
    connection = session.connection()
    q = Sql(connection)
    at = q.datetime("at")
    sql = (
        f"SELECT id, title, body, {at} AS at FROM posts"
        + (" NOT INDEXED" if long and not q.pg else "")
        + f" WHERE status = {q.p} AND {at} >= {q.p} AND {at} < {q.p}"
    )
    params: list[Any] = [PostStatus.PUBLISHED.value, stored(first), stored(before)]
    if account_ids is not None:
        ids = list(account_ids)
        sql += f" AND account_id IN ({q.params(len(ids))})" if ids else f" AND {q.false()}"
        params.extend(ids)
    result = connection.exec_driver_sql(sql, tuple(params))
    make = builder(PostText, result.keys())
    while rows := result.fetchmany(20_000):
        yield from map(make, rows)


def marked_in(session: Session, first: datetime, before: datetime) -> list[int]:
    """Ids of the published posts of the period that carry a 已核实/已更正 mark."""
    return list(
        session.scalars(
            select(PostWordingMark.post_id)
            .join(Post, Post.id == PostWordingMark.post_id)
            .where(Post.status == PostStatus.PUBLISHED.value, Post.at >= first, Post.at < before)
        )
    )


def post_details(session: Session, post_ids: Sequence[int]) -> list[PublishedPost]:
    """:func:`published_posts`'s rows for these posts, in time order."""
    out: list[PublishedPost] = []
    ids = list(post_ids)
    for start in range(0, len(ids), 500):
        out.extend(
            rows_as(
                PublishedPost,
                session.execute(
                    select(*_published_columns())
                    .join(Account, Account.id == Post.account_id)
                    .join(Unit, Unit.id == Account.unit_id)
                    .outerjoin(PostWordingMark, PostWordingMark.post_id == Post.id)
                    .where(Post.id.in_(ids[start : start + 500]))
                ),
            )
        )
    return sorted(out, key=lambda r: (r.at, r.id))


class PostTitle(NamedTuple):
    id: int
    account_id: int
    account_name: str
    at: datetime
    title: str
    body: str


def post_titles(session: Session, post_ids: Sequence[int]) -> list[PostTitle]:
    """The titles and texts of the posts, with their account's name."""
    return rows_as(
        PostTitle,
        session.execute(
            select(
                Post.id, Post.account_id, Account.name.label("account_name"), Post.at, Post.title, Post.body
            )
            .join(Account, Account.id == Post.account_id)
            .where(Post.id.in_(list(post_ids)))
        ),
    )
