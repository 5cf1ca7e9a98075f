"""A deadline counted into a year whose holidays are not entered says it is an estimate: new filings, new
messages and the findings about them; the note goes once the year is complete."""

from __future__ import annotations

from datetime import date, datetime

from gmdesk.domain.enums import AccountState
from gmdesk.domain.findings import RuleId
from gmdesk.domain.holiday_notice import parse_notice
from gmdesk.services import holidays
from gmdesk.services.accounts_data import EventRow
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.checks import run_checks
from gmdesk.services.filings_events import event_rows
from gmdesk.services.inbox import message_detail
from gmdesk.services.policy import PolicyResolver, set_account_rules
from gmdesk.store.database import Database
from gmdesk.store.models import Account
from tests.domain.test_holiday_notice import NOTICE_2026
from tests.services.test_accounts_service import create, make_unit, new_account
from tests.services.test_inbox_actions import enter, make_office


def open_filing(database: Database, account_id: int, as_of: date) -> EventRow:
    with database.session() as session:
        rules = PolicyResolver(session).for_account(session.get(Account, account_id)).filing  # type: ignore[arg-type]
        (row,) = [
            r for r in event_rows(session, account_id, as_of, rules, load_work_calendar(session)) if r.pending
        ]
        return row


def test_a_filing_and_a_message_due_in_2027_say_their_dates_are_provisional(database: Database) -> None:
    account_id = create(
        database,
        new_account(make_unit(database, "青岚县统计局"), AccountState.OPENED, opened_on=date(2026, 11, 16)),
    )
    with database.session() as session:  # a county that allows 35 working days: due in the new year
        set_account_rules(session, account_id, None, {"filing.open_filing.amount": 35}, "管理员")
    row = open_filing(database, account_id, date(2026, 12, 29))
    assert (
        row.due_on == date(2027, 1, 4)
        and "2027年节假日安排尚未录入完整，期限暂按周一至周五推算" in row.provisional
    )
    with database.session() as session:
        (finding,) = [f for f in run_checks(session, date(2027, 1, 4)) if f.rule == RuleId.FILING_DUE_SOON]
        assert "2027年节假日未录入，期限暂按周一至周五推算" in finding.message
    office = make_office(database)
    early = enter(database, office.weibo, datetime(2026, 11, 20, 9, 0))
    with database.session() as session:
        detail = message_detail(session, early, datetime(2026, 11, 20, 10, 0))
        assert detail is not None and detail.provisional == ""
        # a county giving 40 working days to answer a 咨询: the answer falls in 2027
        set_account_rules(session, office.weibo, None, {"replies.answer.consult.amount": 40}, "管理员")
    with database.session() as session:
        detail = message_detail(session, early, datetime(2026, 11, 20, 10, 0))
        assert detail is not None and detail.answer_due.year == 2027 and "2027年节假日" in detail.provisional
    with database.session() as session:  # the notice arrives: the dates are real now
        notice = parse_notice(NOTICE_2026.replace("2026年", "2027年"), 2027)
        holidays.import_notice(session, notice, "管理员")
    assert open_filing(database, account_id, date(2026, 12, 29)).provisional == ""
