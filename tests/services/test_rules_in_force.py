"""Every pending deadline follows the profile in force, whoever changed it: filings, first responses and
answers move when the office switches profile, edits one, or gives an account its own; ``gmdesk check``
brings a file changed behind its back in line before it reports."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from gmdesk.cli import main
from gmdesk.domain.enums import AccountState, FilingKind
from gmdesk.domain.findings import RuleId
from gmdesk.domain.workdays import END_OF_DAY
from gmdesk.services import policy
from gmdesk.services.checks import run_checks
from gmdesk.services.rules_in_force import ensure_in_force
from gmdesk.store.database import Database
from tests.safety_data import sql
from tests.services.test_accounts_service import create, make_unit, new_account
from tests.services.test_filings_service import events
from tests.services.test_inbox_actions import enter, make_office, stored

TODAY = date(2026, 11, 20)


def profile_id(database: Database, name: str) -> int:
    with database.session() as session:
        return next(p.id for p in policy.list_profiles(session) if p.name == name)


def use(database: Database, name: str) -> None:
    with database.session() as session:
        policy.set_active_profile(session, profile_id(database, name), "张三")


def opened_account(database: Database) -> int:
    return create(
        database, new_account(make_unit(database), AccountState.OPENED, opened_on=date(2026, 11, 9))
    )


def filing_messages(database: Database, as_of: date = TODAY) -> list[str]:
    with database.session() as session:
        return [
            f.message
            for f in run_checks(session, as_of)
            if f.rule in (RuleId.FILING_OVERDUE, RuleId.FILING_DUE_SOON)
        ]


def test_switching_the_profile_moves_pending_filing_dates(database: Database) -> None:
    account_id = opened_account(database)
    assert events(database, account_id)[FilingKind.OPEN_FILING].due_on == date(2026, 11, 16)  # 5 working days
    assert any("开设后5个工作日内" in m and "2026-11-16" in m for m in filing_messages(database))
    use(database, "天心区")  # 开设后10个工作日内
    assert events(database, account_id)[FilingKind.OPEN_FILING].due_on == date(2026, 11, 23)
    found = filing_messages(database)
    assert found and all("开设后10个工作日内" in m and "2026-11-23" in m for m in found)
    use(database, "东莞")  # 3 calendar days
    assert events(database, account_id)[FilingKind.OPEN_FILING].due_on == date(2026, 11, 12)
    found = filing_messages(database)
    assert found and all("开设后3个自然日内" in m and "2026-11-12" in m for m in found), found


def test_an_accounts_own_profile_and_override_move_its_dates(database: Database) -> None:
    account_id = opened_account(database)
    with database.session() as session:
        policy.set_account_rules(session, account_id, profile_id(database, "河东区"), {}, "张三")
    assert events(database, account_id)[FilingKind.OPEN_FILING].due_on == date(2026, 11, 11)  # 2 working days
    with database.session() as session:
        policy.set_account_rules(session, account_id, None, {"filing.open_filing.amount": 8}, "张三")
    assert events(database, account_id)[FilingKind.OPEN_FILING].due_on == date(2026, 11, 19)
    from gmdesk.domain.errors import UserError

    with database.session() as session, pytest.raises(UserError, match="不存在"):
        policy.set_account_rules(session, account_id, None, {"filing.no_such_rule": 1}, "张三")


def test_reply_deadlines_follow_a_switch_without_the_inbox_being_opened(database: Database) -> None:
    office = make_office(database)
    message_id = enter(database, office.weibo, datetime(2026, 11, 20, 9, 0))  # a Friday
    assert stored(database, message_id).first_response_due == datetime.combine(date(2026, 11, 23), END_OF_DAY)
    use(database, "运营指南")  # first response within 24 hours
    assert stored(database, message_id).first_response_due == datetime(2026, 11, 21, 9, 0)


def test_check_brings_a_file_changed_behind_its_back_in_line(
    database: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    account_id = opened_account(database)
    tianxin = profile_id(database, "天心区")
    database.close()
    # an older gmdesk (or a hand edit) switched the profile without recomputing anything
    sql(db_path, "UPDATE policy_profiles SET is_active = (id = ?)", tianxin)
    code = main(["check", "--db", str(db_path), "--date", "2026-11-20", "--json", "--with-source"])
    found = [f for f in json.loads(capsys.readouterr().out) if f["rule"].startswith("FILING")]
    assert code in (0, 1) and found
    assert all("开设后10个工作日内" in f["message"] and f["date"] == "2026-11-23" for f in found)
    assert all(f["source"] == "规则方案“天心区”（本单位当前方案）" for f in found)
    main(["check", "--db", str(db_path), "--date", "2026-11-20"])
    assert "〔规则方案“天心区”（本单位当前方案）〕" in capsys.readouterr().out
    reopened = Database.open(db_path)
    try:
        with reopened.session() as session:
            assert ensure_in_force(session).filings == 0  # already in line
        assert events(reopened, account_id)[FilingKind.OPEN_FILING].due_on == date(2026, 11, 23)
    finally:
        reopened.close()


def test_profile_list_and_use_on_the_command_line(
    database: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    account_id = opened_account(database)
    database.close()
    assert main(["profile", "list", "--db", str(db_path)]) == 0
    listed = capsys.readouterr().out
    assert "* 国办底线+常规（内置）" in listed and "  天心区（内置）" in listed
    assert main(["profile", "use", "天心区", "--db", str(db_path), "--date", "2026-11-20", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "改用“天心区”后" in out and "未切换" in out
    assert main(["profile", "use", "天心区", "--db", str(db_path), "--date", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    assert "已切换为“天心区”" in out
    reopened = Database.open(db_path)
    try:
        assert events(reopened, account_id)[FilingKind.OPEN_FILING].due_on == date(2026, 11, 23)
    finally:
        reopened.close()
    assert main(["profile", "use", "没有这个方案", "--db", str(db_path)]) == 2
    assert "没有名为“没有这个方案”的规则方案" in capsys.readouterr().err
