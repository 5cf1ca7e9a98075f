"""Stored deadlines follow the holiday table and the rules: stale detection, recompute, the demo agrees."""

from __future__ import annotations

from datetime import date, datetime

from gmdesk.domain.enums import MessageCategory
from gmdesk.domain.policy import PolicyProfile, workdays
from gmdesk.domain.workdays import END_OF_DAY
from gmdesk.services import holidays, inbox_deadlines
from gmdesk.services.demo import generate_demo
from gmdesk.services.policy import list_profiles, save_profile, set_active_profile
from gmdesk.store.database import Database
from gmdesk.store.models import Account, Message
from tests.services.test_inbox_actions import enter, make_office, stored


def end(day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY)


def test_the_demo_stores_exactly_what_the_engine_computes(database: Database) -> None:
    generate_demo(database, scale="small", seed=3, as_of=date(2026, 11, 20))
    with database.session() as session:
        assert inbox_deadlines.deadlines_current(session)
        assert inbox_deadlines.recompute_deadlines(session) == 0


def test_a_local_day_off_moves_stored_deadlines(database: Database) -> None:
    office = make_office(database)
    message_id = enter(
        database, office.weibo, datetime(2025, 9, 30, 10, 0), category=MessageCategory.COMPLAINT
    )
    assert stored(database, message_id).answer_due == end(date(2025, 10, 16))
    with database.session() as session:
        assert not inbox_deadlines.deadlines_current(session), "a new file has no basis yet"
        assert inbox_deadlines.ensure_current(session) == 0, "what the service stored was already right"
        assert inbox_deadlines.deadlines_current(session)
        holidays.set_day(session, date(2025, 10, 13), False, "防汛调休", "县政府通知", "张三")
    with database.session() as session:  # the edit itself brought the stored deadlines in line
        assert inbox_deadlines.deadlines_current(session)
        assert inbox_deadlines.ensure_current(session) == 0
    message = stored(database, message_id)
    assert message.answer_due == end(date(2025, 10, 17))
    assert message.next_due == message.first_response_due == end(date(2025, 10, 9))
    with database.session() as session:
        assert inbox_deadlines.deadlines_current(session)
        assert inbox_deadlines.ensure_current(session) == 0


def test_a_new_profile_or_an_account_override_moves_stored_deadlines(database: Database) -> None:
    office = make_office(database)
    message_id = enter(
        database, office.weibo, datetime(2026, 11, 16, 9, 0), category=MessageCategory.COMPLAINT
    )
    assert stored(database, message_id).answer_due == end(date(2026, 11, 25))
    with database.session() as session:
        inbox_deadlines.ensure_current(session)
    with database.session() as session:
        base = next(p for p in list_profiles(session) if p.is_active).profile
        replies = base.replies.__class__(
            **{
                **base.replies.__dict__,
                "answer": {**base.replies.answer, MessageCategory.COMPLAINT: workdays(10)},
            }
        )
        strict = PolicyProfile("投诉十日", "", base.update, replies, base.filing)
        set_active_profile(session, save_profile(session, strict, "张三"), "张三")
    with database.session() as session:  # switching applied the new profile at once, not when the inbox opens
        assert inbox_deadlines.ensure_current(session) == 0
    assert stored(database, message_id).answer_due == end(date(2026, 11, 30))
    with database.session() as session:
        account = session.get(Account, office.weibo)
        assert account is not None
        account.policy_overrides = {"replies.answer.complaint": {"amount": 3, "unit": "workday"}}
    with database.session() as session:
        assert not inbox_deadlines.deadlines_current(session)
        inbox_deadlines.ensure_current(session)
    assert stored(database, message_id).answer_due == end(date(2026, 11, 19))


def test_recompute_repairs_a_wrong_stored_deadline(database: Database) -> None:
    office = make_office(database)
    message_id = enter(database, office.weibo, datetime(2026, 11, 16, 9, 0))
    with database.session() as session:
        message = session.get(Message, message_id)
        assert message is not None
        message.answer_due = datetime(2030, 1, 1)
        message.next_due = None
    with database.session() as session:
        progress: list[tuple[int, int]] = []
        assert (
            inbox_deadlines.recompute_deadlines(
                session, lambda done, total, _: progress.append((done, total))
            )
            == 1
        )
    message = stored(database, message_id)
    assert message.answer_due == end(date(2026, 11, 23)) and message.next_due == message.first_response_due
