"""转办 in ``gmdesk check``, on the dashboard and in the report: a message forwarded later than the profile's
limit (TRANSFER_LATE) and a unit past its due date without an answer (TRANSFER_OVERDUE)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from gmdesk.cli import main
from gmdesk.domain.findings import RuleId
from gmdesk.domain.report_period import year_period
from gmdesk.domain.today import TodoKind
from gmdesk.services import inbox_actions
from gmdesk.services.checks import run_checks
from gmdesk.services.dashboard import dashboard_data
from gmdesk.services.inspection import inspect
from gmdesk.store.database import Database
from tests.services.test_inbox_actions import enter, make_office

TODAY = date(2026, 11, 20)


def forward(database: Database, message_id: int, unit_id: int, at: datetime, due: date) -> int:
    with database.session() as session:
        return inbox_actions.transfer(session, message_id, unit_id, due, operator="张三", at=at)


def transfer_findings(database: Database, as_of: date = TODAY) -> list[tuple[str, str]]:
    with database.session() as session:
        return [
            (f.rule, f.message)
            for f in run_checks(session, as_of)
            if f.rule in (RuleId.TRANSFER_LATE, RuleId.TRANSFER_OVERDUE)
        ]


def test_a_late_forward_and_a_silent_unit_are_found_and_go_when_answered(database: Database) -> None:
    office = make_office(database)
    on_time = enter(database, office.weibo, datetime(2026, 11, 16, 9, 0), "小区门口积水")  # Monday
    forward(database, on_time, office.housing, datetime(2026, 11, 17, 16, 0), date(2026, 11, 24))
    late = enter(database, office.weibo, datetime(2026, 11, 12, 9, 0), "路灯不亮")  # Thursday
    transfer_id = forward(database, late, office.town, datetime(2026, 11, 16, 10, 0), date(2026, 11, 19))
    found = transfer_findings(database)
    assert [rule for rule, _ in found] == [RuleId.TRANSFER_OVERDUE, RuleId.TRANSFER_LATE]
    overdue, slow = (message for _, message in found)
    assert (
        f"留言#{late}" in slow
        and "应于2026-11-13前转办（收到后1个工作日内）" in slow
        and "晚了1个工作日" in slow
    )
    assert "已转青岚县城关镇人民政府办理，应于2026-11-19前反馈，已逾期1个工作日未反馈" in overdue
    with database.session() as session:
        data = dashboard_data(session, TODAY, with_posts=False)
    group = data.group(TodoKind.TRANSFER)
    assert group is not None and group.count == 2 and {i.target_id for i in group.items} == {late}
    with database.session() as session:
        inbox_actions.record_transfer_answer(
            session, transfer_id, "已修复", answered_at=datetime(2026, 11, 20, 8, 0), operator="张三"
        )
    assert [rule for rule, _ in transfer_findings(database)] == [RuleId.TRANSFER_LATE]
    # a late forward of a message long closed is history, not news (the other unit is still silent, though)
    assert [rule for rule, _ in transfer_findings(database, date(2027, 1, 30))] == [RuleId.TRANSFER_OVERDUE]


def test_the_report_counts_the_periods_forwards(database: Database) -> None:
    office = make_office(database)
    late = enter(database, office.weibo, datetime(2026, 11, 12, 9, 0), "路灯不亮")
    forward(database, late, office.town, datetime(2026, 11, 16, 10, 0), date(2026, 11, 19))
    fine = enter(database, office.weibo, datetime(2026, 11, 16, 9, 0), "小区门口积水")
    forward(database, fine, office.housing, datetime(2026, 11, 16, 16, 0), date(2026, 11, 24))
    with database.session() as session:
        inspection = inspect(session, year_period(2026), datetime(2026, 11, 20, 12, 0))
    r = inspection.replies
    assert (r.transfers, r.transfers_late, r.transfers_unit_late) == (2, 1, 1)


def test_check_json_names_the_transfer_rules(
    database: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = make_office(database)
    late = enter(database, office.weibo, datetime(2026, 11, 12, 9, 0), "路灯不亮")
    forward(database, late, office.town, datetime(2026, 11, 16, 10, 0), date(2026, 11, 19))
    database.close()
    assert main(["check", "--db", str(db_path), "--date", "2026-11-20", "--json"]) == 1
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)}
    assert {"TRANSFER_LATE", "TRANSFER_OVERDUE"} <= rules
