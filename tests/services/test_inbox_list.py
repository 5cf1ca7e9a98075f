"""The message list on the small demo: keyset pages that agree with a plain sort, filters, counts, masking."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from gmdesk.domain.deadlines import DueState
from gmdesk.domain.enums import MessageCategory, MessageState
from gmdesk.services import inbox
from gmdesk.services.database import open_database
from gmdesk.services.demo import generate_demo
from gmdesk.services.inbox import MessageFilter
from gmdesk.store.database import Database
from gmdesk.store.models import Account, Message
from tests.conftest import FreshDatabases

AS_OF = date(2026, 11, 20)
NOW = datetime.combine(AS_OF, time(9, 30))
OPEN = {s for s in MessageState if s.is_open}


@pytest.fixture(scope="module")
def demo(fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GMDESK_HOME", str(tmp_path_factory.mktemp("home")))
        path = fresh_db.new(tmp_path_factory.mktemp("inbox"), "demo.db")
        database = open_database(path)
        generate_demo(database, scale="small", seed=1, as_of=AS_OF)
        yield database
        database.close()


def all_pages(
    database: Database,
    f: MessageFilter,
    sort: str = inbox.SORT_DUE,
    descending: bool = False,
    limit: int = 37,
) -> list[inbox.MessageRow]:
    rows: list[inbox.MessageRow] = []
    cursor = None
    with database.read_session() as session:
        while True:
            page = inbox.message_page(
                session, f, NOW, sort=sort, descending=descending, after=cursor, limit=limit
            )
            rows.extend(page.rows)
            if page.cursor is None:
                return rows
            cursor = page.cursor


def messages(database: Database) -> list[Message]:
    with database.read_session() as session:
        return list(session.scalars(select(Message)).all())


def test_open_messages_come_by_nearest_deadline_across_pages(demo: Database) -> None:
    rows = all_pages(demo, MessageFilter())
    expected = sorted((m for m in messages(demo) if m.state in OPEN), key=lambda m: (m.next_due, m.id))
    assert [r.id for r in rows] == [m.id for m in expected]
    assert rows and all(r.next_due is not None for r in rows)
    assert rows[0].due_state is DueState.OVERDUE and rows[0].countdown_text.startswith("逾期")


def test_every_message_in_the_all_view_once_open_first_then_newest(demo: Database) -> None:
    rows = all_pages(demo, MessageFilter(status=inbox.STATUS_ALL), limit=200)
    stored = messages(demo)
    assert len(rows) == len(stored) and len({r.id for r in rows}) == len(stored)
    open_count = sum(m.state in OPEN for m in stored)
    assert all(r.state.is_open for r in rows[:open_count])
    done = rows[open_count:]
    assert [(r.received_at, r.id) for r in done] == sorted(
        ((r.received_at, r.id) for r in done), reverse=True
    )


@pytest.mark.parametrize("descending", [False, True])
def test_sorting_by_time_received_both_ways(demo: Database, descending: bool) -> None:
    rows = all_pages(demo, MessageFilter(status=inbox.STATUS_ALL), inbox.SORT_RECEIVED, descending, limit=150)
    keys = [(r.received_at, r.id) for r in rows]
    assert keys == sorted(keys, reverse=descending)
    assert len(keys) == len(messages(demo))


def test_filters_match_a_plain_python_filter(demo: Database) -> None:
    stored = messages(demo)
    with demo.read_session() as session:
        units = dict(session.execute(select(Account.id, Account.unit_id)).tuples().all())
    some_account = stored[10].account_id
    some_unit = units[some_account]
    assigned = next(m.assigned_unit_id for m in stored if m.assigned_unit_id)
    cases = [
        (
            MessageFilter(status=inbox.STATUS_ALL, category=MessageCategory.COMPLAINT),
            lambda m: m.category is MessageCategory.COMPLAINT,
        ),
        (
            MessageFilter(status=inbox.STATUS_ALL, account_id=some_account),
            lambda m: m.account_id == some_account,
        ),
        (
            MessageFilter(status=inbox.STATUS_ALL, unit_id=some_unit),
            lambda m: units[m.account_id] == some_unit,
        ),
        (
            MessageFilter(status=inbox.STATUS_ALL, assigned_unit_id=assigned),
            lambda m: m.assigned_unit_id == assigned,
        ),
        (MessageFilter(status="closed"), lambda m: m.state is MessageState.CLOSED),
        (MessageFilter(status=inbox.STATUS_DONE), lambda m: not m.state.is_open),
        (
            MessageFilter(status=inbox.STATUS_ALL, due=inbox.DUE_OVERDUE),
            lambda m: m.state in OPEN and m.next_due < NOW,
        ),
        (
            MessageFilter(status=inbox.STATUS_ALL, due=inbox.DUE_LATE),
            lambda m: m.answered_at is not None and m.answered_at > m.answer_due,
        ),
        (MessageFilter(status=inbox.STATUS_ALL, search="工资"), lambda m: "工资" in m.content),
    ]
    for f, keep in cases:
        wanted = {m.id for m in stored if keep(m)}
        assert wanted, f
        assert {r.id for r in all_pages(demo, f, limit=100)} == wanted, f
        with demo.read_session() as session:
            assert inbox.list_counts(session, f, NOW).total == len(wanted), f


def test_a_number_search_finds_the_message_whatever_the_filters(demo: Database) -> None:
    closed = next(m for m in messages(demo) if m.state is MessageState.CLOSED)
    rows = all_pages(
        demo, MessageFilter(status=inbox.STATUS_OPEN, category=MessageCategory.OTHER, search=f"#{closed.id}")
    )
    assert [r.id for r in rows] == [closed.id]


def test_counts_of_open_overdue_and_due_today(demo: Database) -> None:
    stored = messages(demo)
    with demo.read_session() as session:
        counts = inbox.list_counts(session, MessageFilter(), NOW)
    open_ = [m for m in stored if m.state in OPEN]
    assert counts.total == counts.open == len(open_)
    assert counts.overdue == sum(m.next_due < NOW for m in open_) > 0
    assert counts.due_today == sum(m.next_due >= NOW and m.next_due.date() == AS_OF for m in open_)


def test_numbers_are_masked_unless_revealed(demo: Database) -> None:
    with demo.read_session() as session:
        masked = inbox.message_page(session, MessageFilter(status=inbox.STATUS_ALL), NOW, limit=400).rows
        plain = inbox.message_page(
            session, MessageFilter(status=inbox.STATUS_ALL), NOW, limit=400, reveal=True
        ).rows
    with_contact = [(m, p) for m, p in zip(masked, plain, strict=True) if p.contact]
    assert with_contact
    for m, p in with_contact:
        assert m.contact == f"{p.contact[:3]}****{p.contact[-4:]}"
    with_id = next(m for m in messages(demo) if re.search(r"999\d{14}[\dX]", m.content))
    number = re.search(r"999\d{14}[\dX]", with_id.content).group()  # type: ignore[union-attr]
    with demo.read_session() as session:
        row = inbox.message_page(session, MessageFilter(search=f"#{with_id.id}"), NOW).rows[0]
        detail = inbox.message_detail(session, with_id.id, NOW)
    assert detail is not None
    assert number not in detail.content and f"{number[:6]}********{number[-4:]}" in detail.content
    assert number[6:14] not in row.excerpt


def test_detail_masks_and_reveals(demo: Database) -> None:
    message = next(m for m in messages(demo) if m.writer_contact)
    with demo.read_session() as session:
        masked = inbox.message_detail(session, message.id, NOW)
        plain = inbox.message_detail(session, message.id, NOW, reveal=True)
    assert masked is not None and plain is not None
    assert plain.writer_contact == message.writer_contact
    assert masked.writer_contact != message.writer_contact and "****" in masked.writer_contact
    assert plain.history[0].kind.label == "收到"
