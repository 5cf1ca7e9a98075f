"""``gmdesk check`` for replies: REPLY_OVERDUE and REPLY_DUE_SOON from the stored deadlines."""

from __future__ import annotations

import json
from datetime import date, datetime

from gmdesk.cli import main
from gmdesk.domain.enums import MessageCategory, Severity, Urgency
from gmdesk.domain.findings import RuleId
from gmdesk.services import inbox_actions, reply_checks
from gmdesk.services.checks import providers, run_checks
from gmdesk.store.database import Database
from tests.services.test_inbox_actions import enter, make_office

REPLY = [reply_checks.reply_findings]


def test_the_provider_is_registered() -> None:
    assert reply_checks.reply_findings in providers()


def test_overdue_due_soon_escalated_and_vetoed(database: Database) -> None:
    office = make_office(database)
    overdue = enter(
        database, office.weibo, datetime(2026, 11, 9, 9, 0), "路灯不亮", category=MessageCategory.COMPLAINT
    )
    due_today = enter(database, office.weibo, datetime(2026, 11, 13, 9, 0), "公交几点")  # 咨询 5 WD: 20 Nov
    not_yet = enter(database, office.housing_weibo, datetime(2026, 11, 19, 9, 0), "物业费", writer_name="甲")
    escalate = enter(database, office.weibo, datetime(2026, 10, 9, 9, 0), "井盖破损")
    veto = enter(database, office.wechat, datetime(2026, 7, 1, 9, 0), "工资拖欠")
    answered = enter(database, office.weibo, datetime(2026, 11, 2, 9, 0), "已答复的")
    with database.session() as session:
        for message_id in (overdue, due_today, escalate, veto, not_yet):
            inbox_actions.save_reply(
                session, message_id, "已收到", final=False, operator="张三", at=datetime(2026, 11, 19, 10, 0)
            )
        inbox_actions.save_reply(
            session, answered, "已办理", final=True, operator="张三", at=datetime(2026, 11, 19, 10, 0)
        )
    with database.session() as session:
        findings = run_checks(session, date(2026, 11, 20), REPLY)
    by_subject = {f.subject: f for f in findings}
    assert set(by_subject) == {f"message:{i}" for i in (overdue, due_today, escalate, veto)}
    late = by_subject[f"message:{overdue}"]
    assert (late.rule, late.severity, late.date) == (
        RuleId.REPLY_OVERDUE,
        Severity.VIOLATION,
        date(2026, 11, 18),
    )
    assert "已逾期2个工作日" in late.message and late.account == "青岚发布" and late.when == "逾期2个工作日"
    soon = by_subject[f"message:{due_today}"]
    assert (soon.rule, soon.severity) == (
        RuleId.REPLY_DUE_SOON,
        Severity.WARNING,
    ) and "今天到期" in soon.message
    assert "应报请督办" in by_subject[f"message:{escalate}"].message
    worst = by_subject[f"message:{veto}"]
    assert worst.severity is Severity.VETO and "互动回应差" in worst.message
    assert findings[0] is worst, "worst first"
    with database.session() as session:
        only = run_checks(session, date(2026, 11, 20), REPLY, account_ids=[office.wechat])
    assert [f.subject for f in only] == [f"message:{veto}"]


def test_an_unanswered_urgent_message_is_due_soon_then_overdue(database: Database) -> None:
    office = make_office(database)
    urgent = enter(
        database,
        office.weibo,
        datetime(2026, 11, 20, 8, 0),
        "燃气泄漏",
        category=MessageCategory.HELP,
        urgency=Urgency.URGENT,
    )
    with database.session() as session:
        today = run_checks(session, date(2026, 11, 20), REPLY)
        tomorrow = run_checks(session, date(2026, 11, 21), REPLY)
    assert [(f.rule, f.subject) for f in today] == [(RuleId.REPLY_DUE_SOON, f"message:{urgent}")]
    assert "首次回应期限为2026-11-20 09:00" in today[0].message
    assert [(f.rule, f.severity) for f in tomorrow] == [(RuleId.REPLY_OVERDUE, Severity.VIOLATION)]


def test_check_json_carries_the_reply_rules(database: Database, db_path, capsys) -> None:  # type: ignore[no-untyped-def]
    office = make_office(database)
    enter(database, office.weibo, datetime(2026, 11, 2, 9, 0), "路灯不亮")
    database.close()
    code = main(["check", "--db", str(db_path), "--date", "2026-11-20", "--json"])
    found = json.loads(capsys.readouterr().out)
    replies = [f for f in found if f["rule"].startswith("REPLY")]
    assert code == 1
    assert replies == [
        {
            "rule": "REPLY_OVERDUE",
            "severity": "violation",
            "account": "青岚发布",
            "date": "2026-11-03",
            "message": replies[0]["message"],
        }
    ]
    assert (
        "首次回应期限为2026-11-03，已逾期13个工作日" in replies[0]["message"]
    )  # 17 days, 13 of them working
