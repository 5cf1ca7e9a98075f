"""The ledger's services on a real database: units, people, accounts, automatic 变更备案, the ledger rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from gmdesk.domain.enums import AccountState, FilingKind, FilingStatus, OpsMode, PaperState, Role, UnitType
from gmdesk.domain.findings import RuleId
from gmdesk.domain.lifecycle import Action, DeadlineState, LifecycleError
from gmdesk.domain.platforms import Platform
from gmdesk.services import accounts, accounts_org
from gmdesk.services.accounts_data import AccountForm, PersonInfo, RoleAssignment, UnitInfo
from gmdesk.services.accounts_save import save_account
from gmdesk.store.database import Database
from gmdesk.store.models import Account, AuditEntry, FilingEvent, PasswordRotation, Person

TODAY = date(2026, 11, 20)
UNIT = "青岚县城关镇人民政府"


def make_unit(database: Database, name: str = UNIT) -> int:
    with database.session() as session:
        return accounts_org.save_unit(
            session, UnitInfo(None, name, "城关镇", UnitType.TOWNSHIP, "11430000MB1234567X"), "测试员"
        )


def people_slots(
    admin: str = "赵丽", admin_phone: str = "17000000002", deputy: str = "李明"
) -> tuple[RoleAssignment, ...]:
    return (
        RoleAssignment(Role.PRINCIPAL, 0, None, "张建国", "党委书记", "17000000001"),
        RoleAssignment(Role.DEPUTY, 0, None, deputy, "宣传委员", "17000000003"),
        RoleAssignment(Role.EDITOR, 0, None, "王芳", "党政办主任", "17000000004"),
        RoleAssignment(Role.ADMIN, 0, None, admin, "干部", admin_phone),
    )


def new_account(unit_id: int, state: AccountState = AccountState.RUNNING, **kw: object) -> AccountForm:
    values: dict[str, object] = dict(
        id=None,
        unit_id=unit_id,
        name="城关镇发布",
        platform=Platform.WECHAT_SUBSCRIPTION,
        state=state,
        verified_entity=UNIT,
        opened_on=date(2025, 3, 3),
        filing_number="青政新媒〔2025〕3号" if state is AccountState.RUNNING else "",
        purpose="发布本镇政务信息",
        ops_mode=OpsMode.SELF,
        roles=people_slots(),
    )
    values.update(kw)
    return AccountForm(**values)  # type: ignore[arg-type]


def create(database: Database, form: AccountForm) -> int:
    with database.session() as session:
        return save_account(session, form, "测试员", TODAY).account_id


def events(database: Database, account_id: int) -> list[FilingEvent]:
    with database.session() as session:
        return list(
            session.scalars(
                select(FilingEvent).where(FilingEvent.account_id == account_id).order_by(FilingEvent.id)
            )
        )


# --------------------------------------------------------------------------- creating
def test_a_planned_account_starts_with_its_application(database: Database) -> None:
    unit_id = make_unit(database)
    account_id = create(database, new_account(unit_id, AccountState.PROPOSED, opened_on=None))
    (event,) = events(database, account_id)
    assert (event.kind, event.status, event.due_on) == (FilingKind.APPLICATION, FilingStatus.PENDING, None)
    with database.session() as session:
        people = {p.name: p for p in session.scalars(select(Person))}
        assert set(people) == {"张建国", "李明", "王芳", "赵丽"}
        assert people["赵丽"].unit_id == unit_id and people["赵丽"].phone == "17000000002"
        actions = [a.action for a in session.scalars(select(AuditEntry))]
        assert "新建账号" in actions and "新增单位" in actions and actions.count("新增人员") == 4


def test_an_account_taken_over_unfiled_owes_its_open_filing_in_working_days(database: Database) -> None:
    unit_id = make_unit(database)
    # opened Monday 28 Sep 2026: 5 working days are 29, 30 Sep, 8, 9 Oct and Saturday 10 Oct (调休)
    account_id = create(database, new_account(unit_id, AccountState.OPENED, opened_on=date(2026, 9, 28)))
    (event,) = events(database, account_id)
    assert (event.kind, event.triggered_on, event.due_on) == (
        FilingKind.OPEN_FILING,
        date(2026, 9, 28),
        date(2026, 10, 10),
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "  "}, "请填写账号名称"),
        ({"state": AccountState.CLOSING}, "新账号只能登记为"),
        ({"state": AccountState.RUNNING, "filing_number": ""}, "须填写备案编号"),
        ({"state": AccountState.OPENED, "opened_on": None}, "须填写开设时间"),
        ({"opened_on": date(2026, 12, 1)}, "不能晚于今天"),
        ({"password_rotated_on": date(2026, 12, 1)}, "最近更换密码的日期不能晚于今天"),
    ],
)
def test_a_new_account_is_refused_with_the_reason(
    database: Database, change: dict[str, object], message: str
) -> None:
    unit_id = make_unit(database)
    form = new_account(unit_id, **change)  # type: ignore[arg-type]
    with pytest.raises(LifecycleError, match=message), database.session() as session:
        save_account(session, form, "测试员", TODAY)
    with database.session() as session:
        assert session.scalars(select(Account)).all() == []


def test_a_second_account_with_the_same_key_is_refused(database: Database) -> None:
    unit_id = make_unit(database)
    create(database, new_account(unit_id))
    with pytest.raises(LifecycleError, match="已有名为“城关镇发布”的账号"), database.session() as session:
        save_account(session, new_account(unit_id), "测试员", TODAY)
    # the same name on another platform is a different account (and a finding, not an error)
    create(database, new_account(unit_id, platform=Platform.DOUYIN))


# --------------------------------------------------------------------------- 变更备案 by itself
def edit(database: Database, account_id: int, change_day: date | None = None, **changes: object):  # type: ignore[no-untyped-def]
    with database.session() as session:
        form = accounts.account_form(session, account_id)
        from dataclasses import replace

        return save_account(session, replace(form, **changes), "测试员", TODAY, change_day)  # type: ignore[arg-type]


def test_a_new_admin_of_a_filed_account_opens_a_change_filing(database: Database) -> None:
    unit_id = make_unit(database)
    account_id = create(database, new_account(unit_id))
    with database.session() as session:
        roles = accounts.account_form(session, account_id).roles
    new_roles = tuple(
        r if r.role is not Role.ADMIN else RoleAssignment(Role.ADMIN, 0, None, "孙伟", "干部", "17000000009")
        for r in roles
    )
    result = edit(database, account_id, date(2026, 9, 30), roles=new_roles)
    assert result.change_event_id is not None
    (event,) = events(database, account_id)
    assert event.kind is FilingKind.CHANGE_FILING
    assert event.changes == [
        {"field": "管理员", "before": "赵丽", "after": "孙伟"},
        {"field": "管理员电话", "before": "17000000002", "after": "17000000009"},
    ]
    # 30 Sep 2026, then 国庆 1–7 Oct: 8, 9, Sat 10 (调休), 12, 13 Oct
    assert (event.triggered_on, event.due_on) == (date(2026, 9, 30), date(2026, 10, 13))


def test_edits_merge_until_the_form_is_made_and_an_edit_back_withdraws(database: Database) -> None:
    unit_id = make_unit(database)
    account_id = create(database, new_account(unit_id))
    edit(database, account_id, name="城关发布")
    edit(database, account_id, verified_entity="青岚县城关镇党政办")
    (event,) = events(database, account_id)
    assert [c["field"] for c in event.changes] == ["账号名称", "认证主体"]
    edit(database, account_id, name="城关镇发布", verified_entity=UNIT)
    (event,) = events(database, account_id)
    assert event.status is FilingStatus.WITHDRAWN


def test_after_the_form_is_made_a_new_change_opens_a_new_filing(database: Database) -> None:
    unit_id = make_unit(database)
    account_id = create(database, new_account(unit_id))
    edit(database, account_id, name="城关发布")
    with database.session() as session:
        session.scalars(select(FilingEvent)).one().paper_state = PaperState.GENERATED
    edit(database, account_id, name="城关镇之声")
    assert [e.changes[0]["after"] for e in events(database, account_id)] == ["城关发布", "城关镇之声"]


def test_untracked_edits_and_unfiled_accounts_need_no_change_filing(database: Database) -> None:
    unit_id = make_unit(database)
    running = create(database, new_account(unit_id))
    assert edit(database, running, purpose="新的宗旨", followers=1200).change_event_id is None
    opened = create(
        database,
        new_account(unit_id, AccountState.OPENED, platform=Platform.WEIBO, opened_on=date(2026, 11, 16)),
    )
    assert edit(database, opened, name="城关镇微博").change_event_id is None
    assert [e.kind for e in events(database, opened)] == [FilingKind.OPEN_FILING]
    assert events(database, running) == []


def test_a_change_day_in_the_future_or_before_opening_is_refused(database: Database) -> None:
    unit_id = make_unit(database)
    account_id = create(database, new_account(unit_id))
    with pytest.raises(LifecycleError, match="变更日期不能晚于今天"):
        edit(database, account_id, date(2026, 11, 21), name="新名")
    with pytest.raises(LifecycleError, match="变更日期不能早于开设时间"):
        edit(database, account_id, date(2025, 1, 1), name="新名")
    with database.session() as session:
        assert session.get(Account, account_id).name == "城关镇发布"  # type: ignore[union-attr]


def test_people_are_chosen_from_the_list_and_edited_in_place(database: Database) -> None:
    unit_id = make_unit(database)
    first = create(database, new_account(unit_id))
    with database.session() as session:
        admin = session.scalar(select(Person).where(Person.name == "赵丽"))
        assert admin is not None
        admin_id = admin.id
    # a second account picks the same 管理员 from the list and corrects her phone in place
    slots = (RoleAssignment(Role.ADMIN, 0, admin_id, "赵丽", "干部", "17000000022"),)
    second = create(database, new_account(unit_id, platform=Platform.DOUYIN, roles=slots))
    with database.session() as session:
        assert session.scalar(select(Person).where(Person.name == "赵丽")).phone == "17000000022"  # type: ignore[union-attr]
        assert len(session.scalars(select(Person).where(Person.name == "赵丽")).all()) == 1
        assert accounts.account_detail(session, second, TODAY).people[(Role.ADMIN, 0)].id == admin_id
        assert accounts.account_detail(session, first, TODAY).people[(Role.ADMIN, 0)].phone == "17000000022"


# --------------------------------------------------------------------------- the ledger
def test_the_ledger_shows_status_deadline_and_hints(database: Database) -> None:
    unit_id = make_unit(database)
    running = create(
        database,
        new_account(unit_id, password_rotated_on=date(2026, 1, 1), verified_entity="青岚县城关镇党政办"),
    )
    late = create(
        database,
        new_account(unit_id, AccountState.OPENED, platform=Platform.WEIBO, opened_on=date(2026, 11, 2)),
    )
    soon = create(
        database,
        new_account(unit_id, AccountState.OPENED, platform=Platform.DOUYIN, opened_on=date(2026, 11, 16)),
    )
    second = create(database, new_account(unit_id, name="城关镇服务", opened_on=date(2026, 1, 5)))
    with database.session() as session:
        data = accounts.ledger(session, TODAY)
    rows = {r.id: r for r in data.rows}
    assert (data.overdue, data.due_soon) == (1, 3)  # soon, and the 年审 the two older accounts owe
    assert rows[late].deadline is DeadlineState.OVERDUE and rows[late].overdue
    assert rows[late].deadline_text == "开设备案 2026-11-09（逾期9个工作日）"
    assert rows[late].deadline_tip.startswith("FILING_OVERDUE 备案逾期 — 开设备案：开设后5个工作日内")
    assert rows[soon].due_soon and rows[soon].filing_status == "待开设备案"
    assert rows[running].filing_status == "已备案" and rows[running].deadline is DeadlineState.DUE_SOON
    assert rows[running].deadline_text == "2026年度年审 2026-11-30（剩10天）"
    assert rows[late].next_kind is FilingKind.OPEN_FILING  # opened after 1 November: no 年审 this year
    assert rows[running].hints == "密码管理、认证主体不符"
    assert "重复开设" in rows[second].hints and "已有账号“城关镇发布”" in rows[second].hints_tip
    assert rows[running].admin == "赵丽" and rows[running].principal == "张建国"
    assert "城关镇发布" in rows[running].search_text and "赵丽" in rows[running].search_text


def test_the_detail_has_events_actions_and_every_finding(database: Database) -> None:
    unit_id = make_unit(database)
    late = create(database, new_account(unit_id, AccountState.OPENED, opened_on=date(2026, 11, 2)))
    with database.session() as session:
        detail = accounts.account_detail(session, late, TODAY)
    assert detail.actions == [Action.FILE_OPEN]
    assert not detail.deletable
    assert [e.kind for e in detail.events] == [FilingKind.OPEN_FILING]
    assert detail.events[0].remaining == "逾期9个工作日"
    assert RuleId.FILING_OVERDUE in {f.rule for f in detail.findings}
    assert detail.unit.name == UNIT and detail.supervisor == "县人民政府办公室"
    assert detail.profile_name == "国办底线+常规"


def test_password_rotations_are_recorded_never_the_password(database: Database) -> None:
    unit_id = make_unit(database)
    account_id = create(database, new_account(unit_id))
    with database.session() as session:
        custodian = session.scalar(select(Person).where(Person.name == "赵丽"))
        accounts.record_password_rotation(
            session,
            account_id,
            date(2026, 11, 18),
            custodian.id,
            True,  # type: ignore[union-attr]
            "交接给新管理员",
            "测试员",
            TODAY,
        )
    with database.session() as session:
        account = session.get(Account, account_id)
        assert account.password_rotated_on == date(2026, 11, 18)  # type: ignore[union-attr]
        assert account.password_custodian_id == custodian.id  # type: ignore[union-attr]
        (rotation,) = session.scalars(select(PasswordRotation)).all()
        assert rotation.is_handover and rotation.note == "交接给新管理员"
        detail = accounts.account_detail(session, account_id, TODAY)
        assert detail.rotations[0].custodian == "赵丽" and detail.custodian == "赵丽"


def test_only_an_account_never_opened_may_be_deleted(database: Database) -> None:
    unit_id = make_unit(database)
    planned = create(database, new_account(unit_id, AccountState.PROPOSED, opened_on=None))
    running = create(database, new_account(unit_id, platform=Platform.WEIBO))
    with pytest.raises(LifecycleError, match="不能删除"), database.session() as session:
        accounts.delete_account(session, running, "测试员")
    with database.session() as session:
        accounts.delete_account(session, planned, "测试员")
    with database.session() as session:
        assert [a.id for a in session.scalars(select(Account))] == [running]
        assert session.scalars(select(FilingEvent).where(FilingEvent.account_id == planned)).all() == []


# --------------------------------------------------------------------------- units and people
def test_units_and_people(database: Database) -> None:
    unit_id = make_unit(database)
    with (
        pytest.raises(LifecycleError, match="统一社会信用代码“123”格式不正确"),
        database.session() as session,
    ):
        accounts_org.save_unit(session, UnitInfo(None, "县教育局", credit_code="123"), "测试员")
    with pytest.raises(LifecycleError, match="已有名为"), database.session() as session:
        accounts_org.save_unit(session, UnitInfo(None, UNIT), "测试员")
    with database.session() as session:
        person_id = accounts_org.save_person(
            session, PersonInfo(None, unit_id, "周强", "副镇长", "17000000010"), "测试员"
        )
    with pytest.raises(LifecycleError, match="本单位已有名为“周强”的人员"), database.session() as session:
        accounts_org.save_person(session, PersonInfo(None, unit_id, "周强"), "测试员")
    create(database, new_account(unit_id, roles=(RoleAssignment(Role.DEPUTY, 0, person_id, "周强"),)))
    with database.session() as session:
        (zhou,) = [p for p in accounts_org.people(session, unit_id) if p.name == "周强"]
        assert zhou.roles == "城关镇发布 分管负责人"
        (info,) = accounts_org.unit_infos(session)
        assert (info.accounts, info.people) == (1, 1)
    with pytest.raises(LifecycleError, match="仍在账号中任职"), database.session() as session:
        accounts_org.delete_person(session, person_id, "测试员")
    with pytest.raises(LifecycleError, match="还有账号，不能删除"), database.session() as session:
        accounts_org.delete_unit(session, unit_id, "测试员")


def test_unit_types_are_guessed_from_names() -> None:
    assert accounts_org.guess_unit_type("青岚县城关镇人民政府") is UnitType.TOWNSHIP
    assert accounts_org.guess_unit_type("青岚县柳溪乡") is UnitType.TOWNSHIP
    assert accounts_org.guess_unit_type("青岚县人民政府办公室") is UnitType.COUNTY_OFFICE
    assert accounts_org.guess_unit_type("青岚县融媒体中心") is UnitType.INSTITUTION
    assert accounts_org.guess_unit_type("青岚县教育局") is UnitType.DEPARTMENT


def test_the_password_can_follow_a_new_admin_typed_in_the_same_edit(database: Database) -> None:
    unit_id = make_unit(database)
    account_id = create(database, new_account(unit_id))
    with database.session() as session:
        form = accounts.account_form(session, account_id)
        old_admin = next(r for r in form.roles if r.role is Role.ADMIN)
    edit(database, account_id, password_custodian_id=old_admin.person_id)
    new_roles = tuple(
        r if r.role is not Role.ADMIN else RoleAssignment(Role.ADMIN, 0, None, "孙伟", "干部", "17000000009")
        for r in form.roles
    )
    # without asking for it, the custodian stays the old 管理员
    edit(database, account_id, date(2026, 9, 30), roles=new_roles)
    with database.session() as session:
        assert session.get(Account, account_id).password_custodian.name == "赵丽"  # type: ignore[union-attr]
    third = tuple(
        r if r.role is not Role.ADMIN else RoleAssignment(Role.ADMIN, 0, None, "周敏", "干部", "17000000010")
        for r in form.roles
    )
    edit(database, account_id, date(2026, 9, 30), roles=third, custodian_follows_admin=True)
    with database.session() as session:
        account = session.get(Account, account_id)
        assert account is not None and account.password_custodian is not None
        assert account.password_custodian.name == "周敏"  # a person created by this very save
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "修改账号").order_by(AuditEntry.id.desc())
        ).first()
        assert entry is not None and entry.detail["changes"]["密码保管人"] == ["赵丽", "周敏"]
