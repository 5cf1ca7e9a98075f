"""The clerk's actions on a message, against a real database file: entry, replies, 转办, closing, refusing,
extending, committing a date, reopening — each through the state machine, in the history and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from gmdesk.domain.deadlines import DeadlineError
from gmdesk.domain.enums import (
    AccountState,
    MessageCategory,
    MessageChannel,
    MessageEventKind,
    MessageState,
    UnitType,
    Urgency,
)
from gmdesk.domain.errors import UserError
from gmdesk.domain.message_flow import TransitionRefused
from gmdesk.domain.platforms import Platform
from gmdesk.domain.workdays import END_OF_DAY
from gmdesk.services import inbox, inbox_actions
from gmdesk.services.inbox_actions import DuplicateMessage, MessageInput
from gmdesk.store.database import Database
from gmdesk.store.models import Account, AuditEntry, Message, MessageEvent, Reply, Transfer, Unit

NOW = datetime(2026, 11, 20, 9, 30)


def end(day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY)


@dataclass
class Office:
    office: int
    housing: int
    town: int
    wechat: int
    weibo: int
    housing_weibo: int


def make_office(database: Database) -> Office:
    """A tiny county: the office, a department and a township; three accounts."""
    with database.session() as session:
        office = Unit(name="青岚县人民政府办公室", short_name="县政府办", unit_type=UnitType.COUNTY_OFFICE)
        housing = Unit(name="青岚县住房和城乡建设局", short_name="县住建局", unit_type=UnitType.DEPARTMENT)
        town = Unit(name="青岚县城关镇人民政府", short_name="城关镇", unit_type=UnitType.TOWNSHIP)
        session.add_all([office, housing, town])
        session.flush()
        accounts = [
            Account(
                unit_id=office.id,
                name="青岚发布",
                platform=Platform.WECHAT_SUBSCRIPTION,
                state=AccountState.RUNNING,
            ),
            Account(unit_id=office.id, name="青岚发布", platform=Platform.WEIBO, state=AccountState.RUNNING),
            Account(unit_id=housing.id, name="青岚住建", platform=Platform.WEIBO, state=AccountState.RUNNING),
        ]
        session.add_all(accounts)
        session.flush()
        return Office(office.id, housing.id, town.id, *(a.id for a in accounts))


@pytest.fixture
def office(database: Database) -> Office:
    return make_office(database)


def enter(
    database: Database,
    account_id: int,
    received: datetime,
    content: str = "小区路灯坏了一个月了",
    **extra: object,
) -> int:
    data = MessageInput(account_id=account_id, received_at=received, content=content, **extra)  # type: ignore[arg-type]
    with database.session() as session:
        return inbox_actions.create_message(session, data, "张三", NOW)


def stored(database: Database, message_id: int) -> Message:
    with database.read_session() as session:
        message = session.get(Message, message_id)
        assert message is not None
        session.expunge(message)
        return message


def events(database: Database, message_id: int) -> list[tuple[MessageEventKind, str]]:
    with database.read_session() as session:
        rows = session.scalars(
            select(MessageEvent)
            .where(MessageEvent.message_id == message_id)
            .order_by(MessageEvent.at, MessageEvent.id)
        ).all()
        return [(e.kind, e.operator) for e in rows]


def test_entering_a_complaint_the_day_before_a_holiday_stores_the_holiday_aware_deadlines(
    database: Database, office: Office
) -> None:
    message_id = enter(
        database, office.weibo, datetime(2025, 9, 30, 10, 0), category=MessageCategory.COMPLAINT
    )
    message = stored(database, message_id)
    assert message.state is MessageState.PENDING
    assert message.first_response_due == end(date(2025, 10, 9))
    assert message.answer_due == end(date(2025, 10, 16))
    assert message.next_due == message.first_response_due
    assert events(database, message_id) == [(MessageEventKind.RECEIVED, "张三")]
    with database.read_session() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "message")).all()
    assert [(a.action, a.operator, a.entity_id) for a in audit] == [("登记留言", "张三", message_id)]


def test_a_wechat_private_message_gets_the_48_hour_window(database: Database, office: Office) -> None:
    message_id = enter(
        database,
        office.wechat,
        datetime(2025, 9, 30, 10, 0),
        channel=MessageChannel.PRIVATE,
        category=MessageCategory.HELP,
    )
    message = stored(database, message_id)
    assert message.writer_last_at == datetime(2025, 9, 30, 10, 0)
    assert message.first_response_due == datetime(2025, 10, 2, 10, 0)


def test_the_same_message_twice_is_refused(database: Database, office: Office) -> None:
    received = datetime(2026, 11, 19, 15, 20, 41)
    first = enter(database, office.weibo, received, writer_name="王先生")
    with pytest.raises(DuplicateMessage) as caught:
        enter(
            database,
            office.weibo,
            received.replace(second=0),
            content="小区路灯坏了一个月了 ",
            writer_name="王先生",
        )
    assert caught.value.existing_id == first
    assert f"#{first}" in str(caught.value)


def test_bad_entries_are_refused_in_chinese(database: Database, office: Office) -> None:
    with pytest.raises(UserError, match="留言内容不能为空"):
        enter(database, office.weibo, datetime(2026, 11, 19, 9, 0), content="  ")
    with pytest.raises(UserError, match="不能晚于现在"):
        enter(database, office.weibo, datetime(2026, 11, 21, 9, 0))


def test_the_whole_life_of_a_forwarded_complaint(database: Database, office: Office) -> None:
    message_id = enter(
        database, office.weibo, datetime(2026, 11, 16, 9, 0), category=MessageCategory.COMPLAINT
    )
    with database.session() as session:
        assert (
            inbox_actions.save_reply(
                session,
                message_id,
                "您好，已收到，正在办理。",
                final=False,
                operator="张三",
                at=datetime(2026, 11, 16, 10, 0),
            )
            is MessageState.ACKNOWLEDGED
        )
    message = stored(database, message_id)
    assert message.first_response_at == datetime(2026, 11, 16, 10, 0)
    assert message.next_due == message.answer_due == end(date(2026, 11, 25))

    with database.session() as session:
        due = inbox_actions.default_transfer_due(session, message_id, datetime(2026, 11, 16, 11, 0))
        assert due == date(2026, 11, 23)  # 5 working days after Monday 16 Nov
        transfer_id = inbox_actions.transfer(
            session,
            message_id,
            office.housing,
            due,
            operator="张三",
            at=datetime(2026, 11, 16, 11, 0),
            note="请核实",
        )
    message = stored(database, message_id)
    assert message.state is MessageState.TRANSFERRED and message.assigned_unit_id == office.housing
    with database.session() as session, pytest.raises(UserError, match="尚未答复，无需重复转办"):
        inbox_actions.transfer(session, message_id, office.housing, due, operator="张三", at=NOW)

    with database.session() as session:
        inbox_actions.record_transfer_answer(
            session, transfer_id, "已更换路灯。", answered_at=datetime(2026, 11, 19, 16, 0), operator="李四"
        )
    with database.session() as session:
        assert (
            inbox_actions.save_reply(
                session,
                message_id,
                "经核实，路灯已更换。",
                final=True,
                operator="张三",
                at=datetime(2026, 11, 20, 9, 0),
            )
            is MessageState.ANSWERED
        )
    message = stored(database, message_id)
    assert message.answered_at == datetime(2026, 11, 20, 9, 0) and message.next_due is None

    with database.session() as session:
        inbox_actions.close(session, message_id, operator="张三", at=datetime(2026, 11, 20, 9, 5))
    message = stored(database, message_id)
    assert message.state is MessageState.CLOSED and message.closed_at == datetime(2026, 11, 20, 9, 5)
    kinds = events(database, message_id)
    assert [k for k, _ in kinds] == [
        MessageEventKind.RECEIVED,
        MessageEventKind.ACKNOWLEDGED,
        MessageEventKind.TRANSFERRED,
        MessageEventKind.TRANSFER_ANSWERED,
        MessageEventKind.ANSWERED,
        MessageEventKind.CLOSED,
    ]
    assert ("李四" in {who for _, who in kinds}) and kinds[-1][1] == "张三"
    with database.read_session() as session:
        transfer = session.get(Transfer, transfer_id)
        replies = session.scalars(select(Reply).where(Reply.message_id == message_id)).all()
    assert transfer is not None and transfer.answer_text == "已更换路灯。"
    assert [(r.is_final, r.operator) for r in replies] == [(False, "张三"), (True, "张三")]

    with database.session() as session:
        detail = inbox.message_detail(session, message_id, NOW, reveal=True)
    assert detail is not None
    assert [h.kind for h in detail.history][-1] is MessageEventKind.CLOSED
    assert detail.answer_outcome is not None and detail.answer_outcome.text == "按期答复"
    assert detail.transfers[0].unit_name == "青岚县住房和城乡建设局"


def test_closing_before_answering_is_refused(database: Database, office: Office) -> None:
    message_id = enter(database, office.weibo, datetime(2026, 11, 16, 9, 0))
    with database.session() as session, pytest.raises(TransitionRefused, match="请先答复留言人再办结"):
        inbox_actions.close(session, message_id, operator="张三", at=NOW)
    assert stored(database, message_id).state is MessageState.PENDING


def test_refusing_needs_a_reason_and_ends_the_clock(database: Database, office: Office) -> None:
    message_id = enter(database, office.weibo, datetime(2026, 11, 16, 9, 0), content="加微信领红包")
    with database.session() as session, pytest.raises(UserError, match="不予受理的理由"):
        inbox_actions.reject(session, message_id, " ", operator="张三", at=NOW)
    with database.session() as session:
        inbox_actions.reject(session, message_id, "广告信息", operator="张三", at=NOW)
    message = stored(database, message_id)
    assert message.state is MessageState.REJECTED and message.rejected_reason == "广告信息"
    assert message.next_due is None and message.closed_at == NOW
    with database.session() as session:
        inbox_actions.reopen(session, message_id, "误判，实为咨询", operator="张三", at=NOW)
    message = stored(database, message_id)
    assert message.state is MessageState.PENDING and message.rejected_reason == ""
    assert message.next_due == message.first_response_due, (
        "never answered: the first-response clock runs again"
    )


def test_extensions_need_a_reason_and_stop_at_the_cap(database: Database, office: Office) -> None:
    message_id = enter(
        database, office.weibo, datetime(2025, 9, 30, 10, 0), category=MessageCategory.COMPLAINT
    )
    with database.session() as session, pytest.raises(UserError, match="延期理由"):
        inbox_actions.extend(session, message_id, 3, "", operator="张三", at=NOW)
    with database.session() as session:
        assert inbox_actions.extend(session, message_id, 5, "需现场核实", operator="张三", at=NOW) == end(
            date(2025, 10, 23)
        )
    with database.session() as session:
        inbox_actions.extend(session, message_id, 3, "需会商", operator="张三", at=NOW)
    message = stored(database, message_id)
    assert message.extension_workdays == 8 and message.answer_due == end(date(2025, 10, 28))
    assert message.extension_reason == "需现场核实；需会商"
    with database.session() as session, pytest.raises(DeadlineError, match="延期已达上限"):
        inbox_actions.extend(session, message_id, 1, "再等等", operator="张三", at=NOW)
    assert stored(database, message_id).extension_workdays == 8


def test_a_committed_date_replaces_the_deadline_and_can_be_withdrawn(
    database: Database, office: Office
) -> None:
    message_id = enter(database, office.weibo, datetime(2026, 11, 16, 9, 0))
    with database.session() as session:
        inbox_actions.commit_due(session, message_id, date(2026, 12, 4), "电话约定", operator="张三", at=NOW)
    message = stored(database, message_id)
    assert message.committed_due == date(2026, 12, 4) and message.answer_due == end(date(2026, 12, 4))
    with database.session() as session, pytest.raises(DeadlineError, match="承诺答复期限"):
        inbox_actions.extend(session, message_id, 2, "x", operator="张三", at=NOW)
    with database.session() as session:
        inbox_actions.commit_due(session, message_id, None, "", operator="张三", at=NOW)
    assert stored(database, message_id).answer_due == end(date(2026, 11, 23))


def test_editing_the_category_moves_the_deadline(database: Database, office: Office) -> None:
    message_id = enter(database, office.weibo, datetime(2026, 11, 16, 9, 0))
    data = MessageInput(
        account_id=office.weibo,
        received_at=datetime(2026, 11, 16, 9, 0),
        content="小区路灯坏了一个月了",
        category=MessageCategory.COMPLAINT,
        urgency=Urgency.URGENT,
    )
    with database.session() as session:
        inbox_actions.update_message(session, message_id, data, "张三", NOW)
    message = stored(database, message_id)
    assert message.answer_due == end(date(2026, 11, 25))
    assert message.first_response_due == datetime(2026, 11, 16, 10, 0)
    assert events(database, message_id)[-1] == (MessageEventKind.NOTE, "张三")


def test_a_message_entered_by_mistake_can_be_deleted(database: Database, office: Office) -> None:
    message_id = enter(database, office.weibo, datetime(2026, 11, 16, 9, 0))
    with database.session() as session:
        inbox_actions.delete_message(session, message_id, "张三")
    with database.read_session() as session:
        assert session.get(Message, message_id) is None
        assert (
            session.scalar(
                select(AuditEntry.action)
                .where(AuditEntry.entity_id == message_id)
                .order_by(AuditEntry.id.desc())
            )
            == "删除留言"
        )


def test_reply_warnings_find_personal_data_and_the_writer_of_a_confidential_message() -> None:
    text = "王建国您好，请带身份证11010519491231002X到窗口办理，或致电13812345678。"
    warnings = inbox_actions.reply_warnings(text, "王建国", "13812345678", confidential=True)
    assert "身份证号：110105********002X" in warnings
    assert "手机号：138****5678" in warnings
    assert "留言人姓名“王建国”（该留言人要求保密）" in warnings
    assert inbox_actions.reply_warnings("网友您好，已办理。", "王建国", "", confidential=True) == ""


def test_a_reply_before_the_first_response_is_the_first_response(database: Database, office: Office) -> None:
    message_id = enter(database, office.weibo, datetime(2026, 11, 19, 9, 0))
    with database.session() as session:
        inbox_actions.save_reply(
            session, message_id, "已办理。", final=True, operator="张三", at=datetime(2026, 11, 19, 11, 0)
        )
    message = stored(database, message_id)
    assert message.first_response_at == message.answered_at == datetime(2026, 11, 19, 11, 0)
    assert message.state is MessageState.ANSWERED
    at = datetime.combine(date(2026, 11, 19), time(12, 0))
    with database.session() as session, pytest.raises(UserError, match="不能再发送进展告知"):
        inbox_actions.save_reply(session, message_id, "补充", final=False, operator="张三", at=at)
