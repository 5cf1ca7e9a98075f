"""A form left open while another clerk saves the same record (a shared database): the later save is refused,
naming who changed it, and nothing of either clerk is overwritten — for posts, messages and 整改 items (the
account form's case is in tests/store/test_server.py). Runs on SQLite and, in CI, on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from gmdesk.domain.errors import EditConflict
from gmdesk.services import inbox, inbox_actions
from gmdesk.services import posts as post_service
from gmdesk.services import rectification as items
from gmdesk.services.inbox_actions import MessageInput
from gmdesk.store.database import Database
from gmdesk.store.models import Message, Post, RectificationItem
from tests.services.test_inbox_actions import make_office
from tests.services.test_posts_service import NOW, daily, plan


def _refused_naming_zhang(refused: pytest.ExceptionInfo[EditConflict], what: str) -> None:
    message = refused.value.message
    assert what in message and "张三" in message and "没有保存" in message and "重新载入" in message


def test_a_post_saved_meanwhile_is_not_overwritten(two_clerks: tuple[Database, Database]) -> None:
    zhang, li = two_clerks
    account_id = daily(zhang)
    with zhang.session() as session:
        post_id = post_service.save_post(session, plan(account_id, datetime(2026, 11, 23, 8)), "张三", NOW).id
    with zhang.session() as session:
        zhang_form = post_service.load_draft(session, post_id)
    with li.session() as session:
        li_form = post_service.load_draft(session, post_id)
    assert zhang_form.version is not None and zhang_form.version == li_form.version

    with zhang.session() as session:
        post_service.save_post(session, replace(zhang_form, note="张三核对过链接"), "张三", NOW)
    with pytest.raises(EditConflict) as refused, li.session() as session:
        post_service.save_post(session, replace(li_form, title="李四改过的标题"), "李四", NOW)
    _refused_naming_zhang(refused, "关于做好冬季供暖保障工作的通知")

    with li.session() as session:
        stored = session.get(Post, post_id)
        assert stored is not None and (stored.title, stored.note) == (
            "关于做好冬季供暖保障工作的通知",
            "张三核对过链接",
        )
        latest = post_service.load_draft(session, post_id)
    with li.session() as session:  # 重新载入 keeps 李四's title: both changes stand
        post_service.save_post(session, replace(latest, title="李四改过的标题"), "李四", NOW)
    with zhang.session() as session:
        stored = session.get(Post, post_id)
        assert stored is not None and (stored.title, stored.note) == ("李四改过的标题", "张三核对过链接")


def test_a_message_changed_meanwhile_is_not_overwritten(two_clerks: tuple[Database, Database]) -> None:
    zhang, li = two_clerks
    office = make_office(zhang)
    received = datetime(2026, 11, 19, 10)
    with zhang.session() as session:
        message_id = inbox_actions.create_message(
            session, MessageInput(office.wechat, received, "小区路灯坏了一个月了"), "张三", NOW
        )
    with li.session() as session:
        shown = inbox.message_detail(session, message_id, NOW, reveal=True)
    assert shown is not None

    with zhang.session() as session:  # 张三 answers the writer while 李四's edit form is open
        inbox_actions.save_reply(
            session, message_id, "已转交城管所，本周内修复。", final=True, operator="张三", at=NOW
        )
    typed = MessageInput(
        office.wechat, received, "小区路灯坏了一个月了", writer_name="王先生", version=shown.version
    )
    with pytest.raises(EditConflict) as refused, li.session() as session:
        inbox_actions.update_message(session, message_id, typed, "李四", NOW)
    _refused_naming_zhang(refused, f"留言 #{message_id}")

    with li.session() as session:
        stored = session.get(Message, message_id)
        assert stored is not None and stored.writer_name == "" and stored.answered_at == NOW
        latest = inbox.message_detail(session, message_id, NOW, reveal=True)
    assert latest is not None and latest.version > shown.version
    with li.session() as session:
        inbox_actions.update_message(session, message_id, replace(typed, version=latest.version), "李四", NOW)
    with zhang.session() as session:
        stored = session.get(Message, message_id)
        assert stored is not None and stored.writer_name == "王先生" and stored.answered_at == NOW


def test_a_rectification_item_changed_meanwhile_is_not_overwritten(
    two_clerks: tuple[Database, Database],
) -> None:
    zhang, li = two_clerks
    draft = items.ItemDraft(problem="信息更新不及时", opened_on=NOW.date(), workdays=5)
    with zhang.session() as session:
        row = items.create_item(session, draft, "张三", NOW)
    with zhang.session() as session:
        items.update_item(
            session, row.id, replace(draft, responsible="办公室", version=row.version), "张三", NOW
        )
    with pytest.raises(EditConflict) as refused, li.session() as session:
        items.update_item(
            session, row.id, replace(draft, measure="每周至少更新两次", version=row.version), "李四", NOW
        )
    _refused_naming_zhang(refused, f"整改事项 #{row.id}")

    with li.session() as session:
        stored = session.get(RectificationItem, row.id)
        assert stored is not None and (stored.responsible, stored.measure) == ("办公室", "")
        latest = items.item_row(session, row.id, NOW.date())
    with li.session() as session:
        items.update_item(
            session,
            row.id,
            replace(
                draft, responsible=latest.responsible, measure="每周至少更新两次", version=latest.version
            ),
            "李四",
            NOW,
        )
    with zhang.session() as session:
        stored = session.get(RectificationItem, row.id)
        assert stored is not None and (stored.responsible, stored.measure) == ("办公室", "每周至少更新两次")


def test_an_import_or_script_without_a_version_is_not_checked(database: Database) -> None:
    """None means "not read from a form" (an import in the same unit of work): never refused as stale."""
    draft = items.ItemDraft(problem="信息更新不及时", opened_on=NOW.date(), workdays=5)
    with database.session() as session:
        row = items.create_item(session, draft, "张三", NOW)
        items.update_item(session, row.id, replace(draft, responsible="办公室"), "张三", NOW)
        items.update_item(session, row.id, replace(draft, responsible="宣传科"), "张三", NOW)
    with database.session() as session:
        stored = session.get(RectificationItem, row.id)
        assert stored is not None and stored.responsible == "宣传科"


def test_a_filing_recorded_by_two_clerks_is_refused_the_second_time_naming_the_first(
    two_clerks: tuple[Database, Database],
) -> None:
    from datetime import date

    from sqlalchemy import select

    from gmdesk.domain.enums import AccountState, FilingKind, FilingStatus
    from gmdesk.domain.lifecycle import LifecycleError
    from gmdesk.services import filings
    from gmdesk.store.models import FilingEvent
    from tests.services.test_accounts_service import create, make_unit, new_account

    zhang, li = two_clerks
    account_id = create(
        zhang, new_account(make_unit(zhang), AccountState.OPENED, opened_on=date(2026, 11, 16))
    )
    with zhang.session() as session:
        event_id = session.scalar(
            select(FilingEvent.id).where(
                FilingEvent.account_id == account_id, FilingEvent.kind == FilingKind.OPEN_FILING
            )
        )
    with zhang.session() as session:
        filings.file_event(session, event_id, "青政新媒〔2026〕20号", date(2026, 11, 19), "张三", NOW)
    with pytest.raises(LifecycleError) as refused, li.session() as session:
        filings.file_event(session, event_id, "青政新媒〔2026〕21号", date(2026, 11, 20), "李四", NOW)
    message = str(refused.value)
    assert "张三" in message and "青政新媒〔2026〕20号" in message and "无需重复登记" in message
    with li.session() as session:
        event = session.get(FilingEvent, event_id)
        assert event is not None and (event.status, event.filing_number) == (
            FilingStatus.DONE,
            "青政新媒〔2026〕20号",
        )
