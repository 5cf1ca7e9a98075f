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


def test_a_unit_a_person_and_a_template_changed_meanwhile_are_not_overwritten(
    two_clerks: tuple[Database, Database],
) -> None:
    from gmdesk.services import accounts_org, reply_templates
    from gmdesk.services.accounts_data import PersonInfo
    from gmdesk.store.models import Person, ReplyTemplate, Unit
    from tests.services.test_accounts_service import make_unit

    zhang, li = two_clerks
    unit_id = make_unit(zhang)
    with zhang.session() as session:
        person_id = accounts_org.save_person(session, PersonInfo(None, unit_id, "赵丽", "干部"), "张三")
        template_id = reply_templates.save_template(session, "路灯报修", "", "您好，已转城管所。", "张三")
    with li.session() as session:  # 李四's editors show all three
        unit = accounts_org.unit_info(session, unit_id)
        (person,) = accounts_org.people(session, unit_id)
        (template,) = [t for t in reply_templates.list_templates(session) if t.id == template_id]
    with zhang.session() as session:  # 张三 saves each meanwhile
        accounts_org.save_unit(session, replace(unit, phone="0730-1234567"), "张三")
        accounts_org.save_person(session, replace(person, phone="17000000002"), "张三")
        reply_templates.save_template(
            session, "路灯报修", "", "您好，已转城管所，三日内修复。", "张三", template_id, template.version
        )

    with pytest.raises(EditConflict) as refused, li.session() as session:
        accounts_org.save_unit(session, replace(unit, address="城关镇解放路1号"), "李四")
    _refused_naming_zhang(refused, "城关镇人民政府")
    with pytest.raises(EditConflict) as refused, li.session() as session:
        accounts_org.save_person(session, replace(person, title="宣传委员"), "李四")
    _refused_naming_zhang(refused, "赵丽")
    with pytest.raises(EditConflict) as refused, li.session() as session:
        reply_templates.save_template(
            session, "路灯报修", "", "已收到。", "李四", template_id, template.version
        )
    _refused_naming_zhang(refused, "路灯报修")

    with li.session() as session:  # nothing of 张三's was overwritten
        stored_unit, stored_person = session.get(Unit, unit_id), session.get(Person, person_id)
        stored_template = session.get(ReplyTemplate, template_id)
        assert stored_unit is not None and (stored_unit.phone, stored_unit.address) == ("0730-1234567", "")
        assert stored_person is not None and (stored_person.phone, stored_person.title) == (
            "17000000002",
            "干部",
        )
        assert stored_template is not None and stored_template.text == "您好，已转城管所，三日内修复。"
        latest_unit = accounts_org.unit_info(session, unit_id)
        (latest_person,) = accounts_org.people(session, unit_id)
    with li.session() as session:  # after 重新载入 both clerks' changes stand
        accounts_org.save_unit(session, replace(latest_unit, address="城关镇解放路1号"), "李四")
        accounts_org.save_person(session, replace(latest_person, title="宣传委员"), "李四")
    with zhang.session() as session:
        stored_unit, stored_person = session.get(Unit, unit_id), session.get(Person, person_id)
        assert stored_unit is not None and (stored_unit.phone, stored_unit.address) == (
            "0730-1234567",
            "城关镇解放路1号",
        )
        assert stored_person is not None and (stored_person.phone, stored_person.title) == (
            "17000000002",
            "宣传委员",
        )


def test_a_day_note_and_a_wording_term_changed_meanwhile_are_not_overwritten(
    two_clerks: tuple[Database, Database],
) -> None:
    """Small records without a version: what the form showed is compared with what is stored."""
    from datetime import date

    from gmdesk.domain.enums import WordingCategory
    from gmdesk.services import posts_day_notes as notes
    from gmdesk.services import wording

    zhang, li = two_clerks
    with zhang.session() as session:
        note_id = notes.add_note(session, date(2026, 11, 23), "县委全会", "张三")
        term_id = wording.save_term(
            session,
            wording.TermRow(
                None, False, "青岚县政府办", "青岚县人民政府办公室", WordingCategory.OUTDATED, "", None
            ),
            "张三",
        )
    with li.session() as session:
        shown_note, shown_term = notes.note_text(session, note_id), wording.term_row(session, term_id)
    with zhang.session() as session:
        notes.update_note(session, note_id, "县委全会（上午）", "张三", shown_note)
        wording.save_term(session, replace(shown_term, note="2026年起"), "张三", shown_term)

    with pytest.raises(EditConflict) as refused, li.session() as session:
        notes.update_note(session, note_id, "县委全会，暂停推送", "李四", shown_note)
    _refused_naming_zhang(refused, "11月23日的备注")
    with pytest.raises(EditConflict) as refused, li.session() as session:
        wording.save_term(session, replace(shown_term, right="县政府办公室"), "李四", shown_term)
    _refused_naming_zhang(refused, "青岚县政府办")

    with li.session() as session:
        assert notes.note_text(session, note_id) == "县委全会（上午）"
        latest = wording.term_row(session, term_id)
        assert (latest.right, latest.note) == ("青岚县人民政府办公室", "2026年起")
    with li.session() as session:  # after 重新载入
        wording.save_term(session, replace(latest, right="县政府办公室"), "李四", latest)
    with zhang.session() as session:
        stored = wording.term_row(session, term_id)
        assert (stored.right, stored.note) == ("县政府办公室", "2026年起")


def test_the_office_setup_keeps_what_another_clerk_saved_in_the_fields_left_alone(
    two_clerks: tuple[Database, Database],
) -> None:
    from gmdesk.services import office_setup
    from gmdesk.services.policy import list_profiles, set_active_profile

    zhang, li = two_clerks
    with zhang.session() as session:
        first = replace(
            office_setup.load(session), county="青岚县", supervisor="青岚县政府办", operator="张三"
        )
        office_setup.save(session, first, "张三")
    with li.session() as session:
        shown = office_setup.load(session)
    with zhang.session() as session:
        other = next(p for p in list_profiles(session) if not p.is_active)
        office_setup.save(session, replace(office_setup.load(session), phone="0730-1234567"), "张三")
        set_active_profile(session, other.id, "张三")
    with pytest.raises(EditConflict) as refused, li.session() as session:  # both changed the phone
        office_setup.save(session, replace(shown, phone="0730-7654321"), "李四", shown)
    message = refused.value.message
    assert "联系电话" in message and "张三" in message and "主管单位" not in message
    with li.session() as session:  # 李四 changes the 主管单位 only: 张三's phone and profile stand
        office_setup.save(session, replace(shown, supervisor="青岚县人民政府办公室"), "李四", shown)
        saved = office_setup.load(session)
    assert (saved.supervisor, saved.phone, saved.profile_id) == (
        "青岚县人民政府办公室",
        "0730-1234567",
        other.id,
    )
