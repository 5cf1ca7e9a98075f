"""Issue 12, item 5: roles checked in the service layer (a refusal names the role needed), operators with
scrypt-hashed passwords, the 本机操作员 as 经办人, and privacy by purpose for exports."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from gmdesk.domain.enums import AccountState, OperatorRole
from gmdesk.domain.errors import UserError
from gmdesk.domain.lifecycle import Action, ActionInput
from gmdesk.domain.permissions import RANK, NotPermitted, Permission, PersonalDataRefused, allowed
from gmdesk.domain.platforms import Platform
from gmdesk.services import (
    filings,
    holidays,
    inbox_actions,
    messages_io,
    operators,
    posts_day_notes,
    settings,
)
from gmdesk.services.operators import OperatorForm
from gmdesk.store.database import Database
from gmdesk.store.models import Account, AuditEntry, Operator
from tests.conftest import TEST_OPERATORS
from tests.services.test_inbox_actions import NOW, enter, make_office

ROLES = {
    OperatorRole.CLERK: "小信",
    OperatorRole.REVIEWER: "小审",
    OperatorRole.HEAD: "老负",
    OperatorRole.ADMIN: "管理员",
}


@pytest.fixture
def staffed(database: Database) -> Database:
    """The office's staff, one per role (管理员 the only admin: the suite's own test operators removed)."""
    with database.session() as session:
        for row in session.scalars(select(Operator).where(Operator.name.in_(TEST_OPERATORS))):
            session.delete(row)
        for role, name in ROLES.items():
            if role is not OperatorRole.ADMIN:
                session.add(Operator(name=name, role=role, may_see_personal_data=False))
    return database


def _note(session, operator: str) -> int:  # type: ignore[no-untyped-def]
    return posts_day_notes.add_note(session, date(2026, 11, 20), "周五例会", operator)


ATTEMPTS = {
    Permission.RECORD: lambda session, who, ids: _note(session, who),
    Permission.DELETE: lambda session, who, ids: posts_day_notes.delete_note(session, ids["note"], who),
    Permission.REVIEW: lambda session, who, ids: inbox_actions.reject(
        session, ids["message"], "不属于受理范围", operator=who, at=NOW
    ),
    Permission.APPROVE: lambda session, who, ids: filings.perform(
        session, ids["account"], Action.APPROVE, ActionInput(day=date(2026, 11, 20)), who, date(2026, 11, 20)
    ),
    Permission.CONFIGURE: lambda session, who, ids: holidays.set_day(
        session, date(2026, 12, 31), False, "调休", "", who
    ),
}


@pytest.mark.parametrize("permission", list(ATTEMPTS))
@pytest.mark.parametrize("role", list(ROLES))
def test_the_service_layer_refuses_what_the_role_does_not_allow(
    staffed: Database, role: OperatorRole, permission: Permission
) -> None:
    office = make_office(staffed)
    message_id = enter(staffed, office.weibo, datetime(2026, 11, 18, 9))
    with staffed.session() as session:
        account = Account(
            unit_id=office.office, name="拟开设账号", platform=Platform.DOUYIN, state=AccountState.APPLYING
        )
        session.add(account)
        session.flush()
        ids = {"note": _note(session, "管理员"), "message": message_id, "account": account.id}
    who = ROLES[role]
    if allowed(role, permission):
        with staffed.session() as session:
            ATTEMPTS[permission](session, who, ids)
        return
    with pytest.raises(NotPermitted) as refused, staffed.session() as session:
        ATTEMPTS[permission](session, who, ids)
    needed = refused.value.needed
    assert RANK[needed] > RANK[role]
    assert (
        f"需要{needed.label}或以上的角色" in refused.value.message
        and f"“{who}”（{role.label}）" in refused.value.message
    )


def test_the_training_register_and_the_lexicon_are_role_checked_too(staffed: Database) -> None:
    """A 信息员 records a training but may not change the office's 错敏 lexicon (a setting: 管理员 only)."""
    from gmdesk.domain.enums import TrainingKind, WordingCategory
    from gmdesk.services import trainings, wording

    form = trainings.TrainingForm(None, date(2026, 3, 12), "新媒体保密培训", TrainingKind.INTERNAL, hours=2.0)
    with staffed.session() as session:
        training_id = trainings.save_training(session, form, "小信", today=date(2026, 3, 20))
    term = wording.TermRow(None, False, "青岚县政付", "青岚县政府", WordingCategory.TYPO)
    with pytest.raises(NotPermitted, match="需要"), staffed.session() as session:
        wording.save_term(session, term, "小信")
    with pytest.raises(NotPermitted, match="需要"), staffed.session() as session:
        trainings.delete_training(session, training_id, "小信")
    with staffed.session() as session:
        assert wording.save_term(session, term, "管理员") > 0
        trainings.delete_training(session, training_id, "小审")


def test_an_operator_not_on_the_list_is_a_clerk(staffed: Database) -> None:
    with pytest.raises(NotPermitted, match="不在操作员名单中，按信息员对待"), staffed.session() as session:
        holidays.set_day(session, date(2026, 12, 31), False, "调休", "", "路人甲")


def test_a_stopped_operator_may_do_nothing(staffed: Database) -> None:
    with staffed.session() as session:
        operators.save_operator(
            session, OperatorForm("小信", OperatorRole.CLERK, False, active=False, original="小信"), "管理员"
        )
    with pytest.raises(UserError, match="已停用"), staffed.session() as session:
        _note(session, "小信")


def test_only_an_admin_manages_operators_and_one_admin_always_remains(staffed: Database) -> None:
    with pytest.raises(NotPermitted, match="需要管理员"), staffed.session() as session:
        operators.save_operator(session, OperatorForm("新同事", OperatorRole.CLERK, False), "老负")
    with pytest.raises(UserError, match="至少要保留一名在用的管理员"), staffed.session() as session:
        operators.save_operator(
            session, OperatorForm("管理员", OperatorRole.HEAD, True, original="管理员"), "管理员"
        )


def test_renaming_the_local_operator_makes_their_name_the_clerk_of_record(staffed: Database) -> None:
    with staffed.session() as session:
        assert operators.local_name(session) == "管理员"
        operators.save_operator(
            session, OperatorForm("周晓岚", OperatorRole.ADMIN, True, original="管理员"), "管理员"
        )
    with staffed.session() as session:
        assert operators.local_name(session) == settings.get(session, settings.CURRENT_OPERATOR) == "周晓岚"
        assert operators.info(session, "周晓岚").role is OperatorRole.ADMIN


def test_passwords_are_kept_as_scrypt_hashes_and_checked(staffed: Database) -> None:
    with staffed.session() as session:
        operators.set_password(session, "小审", "审核口令123", "管理员")
    with staffed.session() as session:
        stored = session.scalars(select(Operator.password_hash).where(Operator.name == "小审")).one()
        assert stored.startswith("scrypt$") and "审核口令123" not in stored
        assert operators.needs_sign_in(session)
        assert operators.sign_in(session, "小审", "wrong") is None
    with staffed.session() as session:
        failed = session.scalars(select(AuditEntry).where(AuditEntry.action == "登录失败")).one()
        assert failed.operator == "小审"
        who = operators.sign_in(session, "小审", "审核口令123")
        assert who is not None and who.role is OperatorRole.REVIEWER
    with pytest.raises(UserError, match="当前密码不正确"), staffed.session() as session:
        operators.set_password(session, "小审", "新的口令456", "小审", current_password="猜的")
    with pytest.raises(NotPermitted), staffed.session() as session:
        operators.set_password(session, "小信", "替别人设", "小审")


def test_with_one_operator_and_no_password_nobody_is_asked(database: Database) -> None:
    with database.session() as session:
        for name in [n for n in session.scalars(select(Operator.name)) if n != "管理员"]:
            session.delete(session.scalars(select(Operator).where(Operator.name == name)).one())
    with database.session() as session:
        assert not operators.needs_sign_in(session)


def test_exports_are_masked_unless_an_allowed_operator_gives_a_purpose(
    staffed: Database, tmp_path: Path
) -> None:
    office = make_office(staffed)
    enter(staffed, office.weibo, datetime(2026, 11, 18, 9), "电话13812345678", writer_contact="13812345678")
    out = tmp_path / "留言.xlsx"
    with staffed.session() as session:
        assert messages_io.export_messages(session, out, NOW, operator="小信").masked
    with pytest.raises(PersonalDataRefused, match="无权查看未遮蔽的个人信息"), staffed.session() as session:
        messages_io.export_messages(session, out, NOW, reveal="想看看", operator="小信")
    with pytest.raises(PersonalDataRefused, match="须说明用途"), staffed.session() as session:
        messages_io.export_messages(session, out, NOW, reveal=True, operator="管理员")  # type: ignore[arg-type]
    with staffed.session() as session:
        assert not messages_io.export_messages(
            session, out, NOW, reveal="移交县信访局", operator="管理员"
        ).masked
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "导出未遮蔽的个人信息")).all()
        assert [(e.operator, e.detail["purpose"]) for e in logged] == [("管理员", "移交县信访局")]


def test_the_clerks_own_name_stands_as_preparer_of_the_report(
    staffed: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from docx import Document

    from gmdesk.cli import main

    with staffed.session() as session:
        operators.save_operator(
            session, OperatorForm("吴清", OperatorRole.ADMIN, True, original="管理员"), "管理员"
        )
    staffed.close()
    out = tmp_path / "自查报告.docx"
    assert (
        main(
            [
                "report",
                "--year",
                "2026",
                "--date",
                "2026-11-20",
                "--db",
                str(staffed.location),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "吴清" in text
    capsys.readouterr()
