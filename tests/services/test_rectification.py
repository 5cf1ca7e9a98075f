"""整改台账 on a real database: create, edit, complete with evidence, reopen, refusals that write nothing,
items made from findings without doubles, and the check provider."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from gmdesk.domain.enums import RectificationSource, RectificationState, Severity
from gmdesk.domain.findings import RuleId
from gmdesk.domain.lifecycle import DeadlineState
from gmdesk.domain.platforms import Platform
from gmdesk.domain.rectification import RectificationError
from gmdesk.services import rectification as service
from gmdesk.services.attachments import attachments_root
from gmdesk.services.checks import run_checks
from gmdesk.services.rectification_findings import create_from_findings
from gmdesk.store.database import Database
from gmdesk.store.models import Attachment, AuditEntry, RectificationItem
from tests import calendar_data as data

NOW = datetime(2026, 11, 20, 9, 30)
TODAY = NOW.date()


def seed(database: Database) -> dict[str, int]:
    with database.session() as session:
        owner = data.unit(session)
        other = data.unit(session, "青岚县教育局")
        active = data.account(session, owner, "青岚发布")
        data.post(session, active, datetime(2026, 11, 19, 9))
        silent = data.account(session, other, "青岚教育", Platform.TOUTIAO)
        data.post(session, silent, datetime(2026, 10, 20, 9))
        return {"unit": owner.id, "edu": other.id, "active": active.id, "silent": silent.id}


def create(database: Database, **kw: object) -> service.ItemRow:
    fields: dict[str, object] = {"problem": "信息更新不及时", "opened_on": TODAY, "workdays": 5}
    fields.update(kw)
    with database.session() as session:
        return service.create_item(session, service.ItemDraft(**fields), "测试员", NOW)  # type: ignore[arg-type]


def audit_actions(database: Database, item_id: int) -> list[str]:
    with database.session() as session:
        return list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity == "rectification", AuditEntry.entity_id == item_id)
                .order_by(AuditEntry.id)
            )
        )


def test_an_item_is_created_edited_completed_with_evidence_and_reopened(
    database: Database, tmp_path: Path
) -> None:
    ids = seed(database)
    row = create(database, account_id=ids["silent"], responsible="王五", measure="制定发布计划")
    assert row.due_on == date(2026, 11, 27)  # 5 working days after Friday 20 Nov
    assert (row.account, row.unit, row.state, row.deadline, row.remaining) == (
        "青岚教育",
        "青岚县教育局",
        RectificationState.OPEN,
        DeadlineState.OPEN,
        "剩5个工作日",
    )
    assert row.account_label == "青岚教育（今日头条号）"

    with database.session() as session:
        draft = service.ItemDraft(
            "信息更新不及时，已两周未更新",
            TODAY,
            workdays=None,
            due_on=date(2026, 11, 24),
            responsible="赵六",
            account_id=ids["silent"],
            state=RectificationState.IN_PROGRESS,
        )
        edited = service.update_item(session, row.id, draft, "测试员", NOW)
    assert (edited.due_on, edited.workdays, edited.state, edited.deadline) == (
        date(2026, 11, 24),
        None,
        RectificationState.IN_PROGRESS,
        DeadlineState.DUE_SOON,
    )

    evidence = tmp_path / "整改后截图.png"
    evidence.write_bytes(b"\x89PNG evidence")
    with database.session() as session:
        done = service.complete_item(
            session, row.id, date(2026, 11, 20), "已恢复更新，制定月度计划", "测试员", NOW, [evidence]
        )
    assert (done.state, done.completed_on, done.result, done.evidence, done.remaining) == (
        RectificationState.DONE,
        TODAY,
        "已恢复更新，制定月度计划",
        1,
        "已完成",
    )
    with database.session() as session:
        stored = session.scalars(select(Attachment).where(Attachment.rectification_id == row.id)).one()
        detail = service.item_detail(session, row.id, TODAY)
    copy = attachments_root(database.path) / stored.stored_path
    assert copy.read_bytes() == evidence.read_bytes()
    assert stored.sha256 == hashlib.sha256(evidence.read_bytes()).hexdigest()
    assert detail.attachments[0].path == str(copy)
    assert [h.action for h in detail.history] == ["新建整改事项", "修改整改事项", "附加整改材料", "整改完成"]
    assert "期限：2026-11-27 → 2026-11-24" in detail.history[1].detail

    with database.session() as session:
        reopened = service.reopen_item(session, row.id, "复查仍未按计划更新", "测试员", NOW)
    assert (reopened.state, reopened.completed_on) == (RectificationState.IN_PROGRESS, None)
    assert audit_actions(database, row.id)[-1] == "重新打开整改事项"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"problem": "  "}, "请填写存在的问题"),
        ({"workdays": None}, "请填写时限（工作日）或整改期限"),
        ({"workdays": 0}, "时限应为1至250个工作日"),
        ({"workdays": None, "due_on": date(2026, 11, 1)}, "整改期限不能早于开始日期"),
        ({"account_id": 999}, "所选账号已不存在"),
        ({"state": RectificationState.DONE}, "标记完成请用"),
    ],
)
def test_a_wrong_draft_is_refused_and_nothing_is_written(
    database: Database, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(RectificationError, match=message):
        create(database, **fields)
    with database.session() as session:
        assert session.scalars(select(RectificationItem)).all() == []
        assert session.scalars(select(AuditEntry).where(AuditEntry.entity == "rectification")).all() == []


def test_completing_needs_a_result_and_a_sensible_date(database: Database, tmp_path: Path) -> None:
    row = create(database)
    evidence = tmp_path / "a.pdf"
    evidence.write_bytes(b"pdf")
    with database.session() as session, pytest.raises(RectificationError) as refused:
        service.complete_item(session, row.id, date(2026, 11, 21), " ", "测试员", NOW, [evidence])
    assert "请填写整改结果" in str(refused.value) and "完成日期不能晚于今天" in str(refused.value)
    with database.session() as session:
        assert session.get(RectificationItem, row.id).state is RectificationState.OPEN  # type: ignore[union-attr]
        assert session.scalars(select(Attachment)).all() == []
    with database.session() as session, pytest.raises(RectificationError, match="只有已完成的"):
        service.reopen_item(session, row.id, "原因", "测试员", NOW)


def test_the_same_evidence_is_not_attached_twice(database: Database, tmp_path: Path) -> None:
    row = create(database)
    evidence = tmp_path / "照片.jpg"
    evidence.write_bytes(b"jpeg")
    with database.session() as session:
        service.attach_evidence(session, row.id, evidence, "测试员", NOW)
    with database.session() as session, pytest.raises(RectificationError, match="已附加到该整改事项"):
        service.attach_evidence(session, row.id, evidence, "测试员", NOW)


def test_list_puts_open_items_first_soonest_due_first(database: Database) -> None:
    later = create(database, problem="后到期", workdays=20)
    sooner = create(database, problem="先到期", workdays=2)
    finished = create(database, problem="已完成", workdays=1)
    with database.session() as session:
        service.complete_item(session, finished.id, TODAY, "已整改", "测试员", NOW)
        rows = service.list_items(session, TODAY)
    assert [r.id for r in rows] == [sooner.id, later.id, finished.id]


def test_findings_become_items_once_per_rule_and_account(database: Database) -> None:
    ids = seed(database)
    with database.session() as session:
        findings = [f for f in run_checks(session, TODAY) if f.rule == RuleId.UPDATE_GAP]
    assert [f.account_id for f in findings] == [ids["silent"]]
    with database.session() as session:
        first = create_from_findings(session, findings, "测试员", NOW, workdays=10, responsible="王五")
    assert len(first.created) == 1 and first.skipped == []
    item = first.created[0]
    assert item.problem.startswith("【连续两周未更新】") and item.rule == RuleId.UPDATE_GAP
    assert (item.account_id, item.due_on, item.responsible, item.source) == (
        ids["silent"],
        date(2026, 12, 4),
        "王五",
        RectificationSource.SELF_INSPECTION,
    )
    assert "每两周内至少更新一次" in item.measure
    with database.session() as session:
        again = create_from_findings(session, findings + findings, "测试员", NOW)
    assert again.created == [] and len(again.skipped) == 2
    assert "2项问题已有未完成的整改事项" in again.describe()
    with database.session() as session:  # once the item is done, the same problem found again is a new item
        service.complete_item(session, item.id, TODAY, "已恢复更新", "测试员", NOW)
        third = create_from_findings(session, findings, "测试员", NOW)
    assert len(third.created) == 1


def test_overdue_and_nearly_due_items_are_findings_of_gmdesk_check(database: Database) -> None:
    ids = seed(database)
    overdue = create(
        database,
        problem="密码未定期更换",
        opened_on=date(2026, 11, 2),
        workdays=5,
        account_id=ids["active"],
        responsible="张三",
    )
    soon = create(database, problem="原创不足", workdays=1)
    create(database, problem="远未到期", workdays=30)
    with database.session() as session:
        found = [f for f in run_checks(session, TODAY) if f.rule.startswith("RECTIFICATION")]
        only_active = [
            f
            for f in run_checks(session, TODAY, account_ids=[ids["active"]])
            if f.rule.startswith("RECTIFICATION")
        ]
    assert [(f.rule, f.severity, f.subject) for f in found] == [
        (RuleId.RECTIFICATION_OVERDUE, Severity.VIOLATION, f"rectification:{overdue.id}"),
        (RuleId.RECTIFICATION_DUE_SOON, Severity.WARNING, f"rectification:{soon.id}"),
    ]
    assert found[0].to_json() == {
        "rule": "RECTIFICATION_OVERDUE",
        "severity": "violation",
        "account": "青岚发布",
        "date": "2026-11-09",
        "message": f"整改事项#{overdue.id}“密码未定期更换”（待整改，责任人张三）整改期限为2026-11-09，已逾期9个工作日",
    }
    assert [f.subject for f in only_active] == [f"rectification:{overdue.id}"]


def test_deleting_an_item_keeps_a_record(database: Database) -> None:
    row = create(database)
    with database.session() as session:
        service.delete_item(session, row.id, "测试员", NOW)
    with database.session() as session:
        assert session.get(RectificationItem, row.id) is None
    assert audit_actions(database, row.id) == ["新建整改事项", "删除整改事项"]


def test_findings_with_an_open_item_are_known_before_ticking(database: Database) -> None:
    from gmdesk.services.rectification_findings import already_open

    seed(database)
    with database.session() as session:
        findings = [
            f for f in run_checks(session, TODAY) if f.rule in (RuleId.UPDATE_GAP, RuleId.PASSWORD_ROTATION)
        ]
        create_from_findings(session, findings[:1], "测试员", NOW)
        flags = already_open(session, findings)
    assert flags[0] is True and not any(flags[1:]) and len(flags) > 1
