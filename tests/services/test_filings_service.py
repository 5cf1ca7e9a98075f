"""The life cycle on a real database: actions, refusals that write nothing, paper states, scans, annual reviews,
and the account area's findings in ``gmdesk check``."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from gmdesk.cli import main
from gmdesk.domain.enums import AccountState, FilingKind, FilingStatus, PaperState
from gmdesk.domain.findings import RuleId
from gmdesk.domain.lifecycle import Action, ActionInput, LifecycleError
from gmdesk.domain.platforms import Platform
from gmdesk.services import accounts_checks, filings
from gmdesk.services.checks import run_checks
from gmdesk.services.filings_events import attachments_root
from gmdesk.store.database import Database
from gmdesk.store.models import Account, Attachment, AuditEntry, FilingEvent
from tests.services.test_accounts_service import create, make_unit, new_account

NOW = datetime(2026, 11, 20, 9, 30)
TODAY = NOW.date()


def act(database: Database, account_id: int, action: Action, day: date, **kw: str) -> filings.ActionResult:
    with database.session() as session:
        return filings.perform(session, account_id, action, ActionInput(day, **kw), "测试员", TODAY, NOW)


def state_of(database: Database, account_id: int) -> AccountState:
    with database.session() as session:
        return session.get(Account, account_id).state  # type: ignore[union-attr]


def events(database: Database, account_id: int) -> dict[FilingKind, FilingEvent]:
    with database.session() as session:
        rows = session.scalars(
            select(FilingEvent).where(FilingEvent.account_id == account_id).order_by(FilingEvent.id)
        ).all()
        return {e.kind: e for e in rows}


def test_an_account_walks_its_whole_life(database: Database) -> None:
    account_id = create(database, new_account(make_unit(database), AccountState.PROPOSED, opened_on=None))
    act(database, account_id, Action.SUBMIT, date(2026, 9, 1))
    act(database, account_id, Action.APPROVE, date(2026, 9, 10))
    opened = act(database, account_id, Action.OPEN, date(2026, 9, 29))
    assert [(kind, due) for _, kind, due in opened.created] == [(FilingKind.OPEN_FILING, date(2026, 10, 12))]
    act(database, account_id, Action.FILE_OPEN, date(2026, 10, 9), filing_number="青政新媒〔2026〕12号")
    act(
        database,
        account_id,
        Action.ANNOUNCE,
        date(2026, 10, 12),
        close_reason="机构改革，账号整合",
        replacement_account="青岚发布",
    )
    assert state_of(database, account_id) is AccountState.CLOSING
    act(database, account_id, Action.CANCEL, date(2026, 11, 2))
    act(database, account_id, Action.FILE_CANCEL, date(2026, 11, 5))
    assert state_of(database, account_id) is AccountState.CLOSED
    found = events(database, account_id)
    assert all(e.status is FilingStatus.DONE for e in found.values())
    assert found[FilingKind.OPEN_FILING].filing_number == "青政新媒〔2026〕12号"
    assert found[FilingKind.OPEN_FILING].paper_state is PaperState.FILED
    assert found[FilingKind.CLOSURE_NOTICE].due_on == date(2026, 11, 2)  # 15 working days, 国庆 excluded
    assert found[FilingKind.CANCEL_FILING].completed_on == date(2026, 11, 5)
    with database.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        assert (account.applied_on, account.approved_on, account.opened_on, account.filed_on) == (
            date(2026, 9, 1),
            date(2026, 9, 10),
            date(2026, 9, 29),
            date(2026, 10, 9),
        )
        assert (account.notice_on, account.canceled_on, account.closed_on) == (
            date(2026, 10, 12),
            date(2026, 11, 2),
            date(2026, 11, 5),
        )
        assert account.replacement_account == "青岚发布"
        logged = [e.action for e in session.scalars(select(AuditEntry).where(AuditEntry.entity == "account"))]
        assert [a for a in logged if a in {x.label for x in Action}] == [
            "提交开设申请",
            "批准开设",
            "登记开设",
            "完成开设备案",
            "拟关停（停更公告）",
            "平台已注销",
            "完成注销备案",
        ]


def test_a_refused_action_writes_nothing(database: Database) -> None:
    account_id = create(database, new_account(make_unit(database)))
    with pytest.raises(LifecycleError, match="不能办理“批准开设”"):
        act(database, account_id, Action.APPROVE, TODAY)
    act(database, account_id, Action.ANNOUNCE, date(2026, 11, 2), close_reason="整合")
    with pytest.raises(LifecycleError, match="公告期满后方可在平台注销"):
        act(database, account_id, Action.CANCEL, date(2026, 11, 20))
    assert state_of(database, account_id) is AccountState.CLOSING
    assert FilingKind.CANCEL_FILING not in events(database, account_id)


def test_resuming_keeps_the_account_running(database: Database) -> None:
    account_id = create(database, new_account(make_unit(database)))
    act(database, account_id, Action.ANNOUNCE, date(2026, 11, 2), close_reason="整合")
    act(database, account_id, Action.RESUME, TODAY)
    assert state_of(database, account_id) is AccountState.RUNNING
    assert events(database, account_id)[FilingKind.CLOSURE_NOTICE].status is FilingStatus.WITHDRAWN


def test_the_paper_life_of_a_form_and_filing_by_paper(database: Database) -> None:
    account_id = create(
        database, new_account(make_unit(database), AccountState.OPENED, opened_on=date(2026, 11, 16))
    )
    event_id = events(database, account_id)[FilingKind.OPEN_FILING].id
    with database.session() as session:
        filings.mark_generated(session, event_id, "/tmp/x.docx", "测试员", NOW)
        filings.mark_printed(session, [event_id], "测试员", NOW)
        filings.set_paper_state(session, event_id, PaperState.SIGNED, "测试员", NOW)
        filings.set_paper_state(session, event_id, PaperState.SUBMITTED, "测试员", NOW)
    with pytest.raises(LifecycleError, match="备案编号"), database.session() as session:
        filings.set_paper_state(session, event_id, PaperState.FILED, "测试员", NOW)
    with database.session() as session:
        filings.set_paper_state(
            session, event_id, PaperState.FILED, "测试员", NOW, "青政新媒〔2026〕20号", date(2026, 11, 19)
        )
    event = events(database, account_id)[FilingKind.OPEN_FILING]
    assert [h["state"] for h in event.paper_history] == [
        "generated",
        "printed",
        "signed",
        "submitted",
        "filed",
    ]
    assert event.paper_history[0] == {"state": "generated", "at": "2026-11-20 09:30", "operator": "测试员"}
    assert (event.status, event.completed_on, event.filing_number) == (
        FilingStatus.DONE,
        date(2026, 11, 19),
        "青政新媒〔2026〕20号",
    )
    assert event.form_path == "/tmp/x.docx"
    assert state_of(database, account_id) is AccountState.RUNNING  # 已备案 moved the account on
    with pytest.raises(LifecycleError, match="已办结"), database.session() as session:
        filings.set_paper_state(session, event_id, PaperState.PRINTED, "测试员", NOW)


def test_change_filings_complete_and_may_be_withdrawn(database: Database) -> None:
    from tests.services.test_accounts_service import edit

    account_id = create(database, new_account(make_unit(database)))
    first = edit(database, account_id, name="城关发布").change_event_id
    with database.session() as session:
        filings.file_event(session, first, "", date(2026, 11, 19), "测试员", NOW)  # type: ignore[arg-type]
    done = events(database, account_id)[FilingKind.CHANGE_FILING]
    assert done.status is FilingStatus.DONE and done.filing_number == "青政新媒〔2025〕3号"
    second = edit(database, account_id, name="城关镇发布").change_event_id
    with pytest.raises(LifecycleError, match="请填写撤销原因"), database.session() as session:
        filings.withdraw_event(session, second, "", "测试员")  # type: ignore[arg-type]
    with database.session() as session:
        filings.withdraw_event(session, second, "误操作", "测试员")  # type: ignore[arg-type]
        assert session.get(FilingEvent, second).status is FilingStatus.WITHDRAWN  # type: ignore[union-attr]


def test_open_and_cancel_filings_cannot_be_withdrawn_alone(database: Database) -> None:
    account_id = create(
        database, new_account(make_unit(database), AccountState.OPENED, opened_on=date(2026, 11, 16))
    )
    event_id = events(database, account_id)[FilingKind.OPEN_FILING].id
    with pytest.raises(LifecycleError, match="随账号状态办理"), database.session() as session:
        filings.withdraw_event(session, event_id, "不想办", "测试员")


def test_a_scan_is_copied_beside_the_database_with_its_sha256(database: Database, tmp_path: Path) -> None:
    account_id = create(
        database, new_account(make_unit(database), AccountState.OPENED, opened_on=date(2026, 11, 16))
    )
    event_id = events(database, account_id)[FilingKind.OPEN_FILING].id
    scan = tmp_path / "扫描件 签字版.pdf"
    scan.write_bytes(b"%PDF-1.4 signed and stamped" * 100)
    root = attachments_root(database.path)
    with database.session() as session:
        row = filings.attach_scan(session, event_id, scan, root, "测试员", NOW)
    stored = Path(row.path)
    assert stored.parent.parent == database.path.parent / "attachments"
    assert stored.read_bytes() == scan.read_bytes()
    assert row.sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert filings.verify_attachment(stored, row.sha256)
    with database.session() as session:
        (attachment,) = session.scalars(select(Attachment)).all()
        assert (attachment.original_name, attachment.size) == ("扫描件 签字版.pdf", scan.stat().st_size)
        assert (root / attachment.stored_path) == stored
    with pytest.raises(LifecycleError, match="已附加"), database.session() as session:
        filings.attach_scan(session, event_id, scan, root, "测试员", NOW)


def test_annual_reviews_are_opened_once_per_year(database: Database) -> None:
    unit_id = make_unit(database)
    running = create(database, new_account(unit_id))
    create(database, new_account(unit_id, AccountState.PROPOSED, opened_on=None, platform=Platform.WEIBO))
    with database.session() as session:
        assert filings.ensure_annual_reviews(session, 2026, "测试员") == 1
        assert filings.ensure_annual_reviews(session, 2026, "测试员") == 0
    review = events(database, running)[FilingKind.ANNUAL_REVIEW]
    assert (review.triggered_on, review.due_on) == (date(2026, 11, 1), date(2026, 11, 30))


# --------------------------------------------------------------------------- findings
def test_findings_for_one_account_and_in_gmdesk_check(
    database: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unit_id = make_unit(database)
    late = create(database, new_account(unit_id, AccountState.OPENED, opened_on=date(2026, 11, 2)))
    fine = create(
        database, new_account(unit_id, platform=Platform.WEIBO, password_rotated_on=date(2026, 11, 1))
    )
    with database.session() as session:
        account_rules = (accounts_checks.account_findings,)  # posting rules have their own tests
        mine = run_checks(session, TODAY, account_rules, account_ids=[late])
        theirs = run_checks(session, TODAY, account_rules, account_ids=[fine])
    assert {f.rule for f in mine} == {RuleId.FILING_OVERDUE, RuleId.PASSWORD_ROTATION}  # no custodian either
    assert all(f.account_id == late for f in mine)
    # opened in 2025: it owes the 2026 年审 (due in November) without anyone having opened it
    assert {f.rule for f in theirs} == {RuleId.PASSWORD_ROTATION, RuleId.FILING_DUE_SOON}
    assert [f.message for f in theirs if f.rule == RuleId.FILING_DUE_SOON] == [
        "2026年度年审（年度自查报告，未登记完成）须于2026-11-30前办理（每年11月底前），剩10天"
    ]
    database.close()
    code = main(["check", "--db", str(db_path), "--date", "2026-11-20", "--json"])
    found = json.loads(capsys.readouterr().out)
    assert code == 1
    overdue = [f for f in found if f["rule"] == "FILING_OVERDUE"]
    assert overdue == [
        {
            "rule": "FILING_OVERDUE",
            "severity": "violation",
            "account": "城关镇发布",
            "date": "2026-11-09",
            "message": "开设备案应于2026-11-09前办理（开设后5个工作日内），已9个工作日未办",
        }
    ]
