"""A form left open while another clerk saves the same record (a shared database), continued: trainings, 转发任务,
规则方案 and operators. The later save is refused naming 张三, nothing of his is overwritten, and the save
after 重新载入 keeps both changes. Runs on SQLite and, in CI, on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from gmdesk.domain.enums import OperatorRole, TrainingKind
from gmdesk.domain.errors import EditConflict
from gmdesk.domain.policy import with_overrides
from gmdesk.services import operators, reposts, trainings
from gmdesk.services import policy as policy_service
from gmdesk.store.database import Database
from gmdesk.store.models import Operator, PolicyProfileRow, Training
from gmdesk.store.models import Person as PersonRow
from tests.services.test_inbox_actions import make_office

TODAY = date(2026, 11, 20)


def _refused_naming_zhang(refused: pytest.ExceptionInfo[EditConflict], what: str) -> None:
    message = refused.value.message
    assert what in message and "张三" in message and "没有保存" in message and "重新载入" in message, message


def _people(database: Database, *names: str) -> list[int]:
    office = make_office(database)
    with database.session() as session:
        rows = [PersonRow(unit_id=office.office, name=name) for name in names]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def test_a_training_changed_meanwhile_is_not_overwritten(two_clerks: tuple[Database, Database]) -> None:
    zhang, li = two_clerks
    wang, zhao, qian = _people(zhang, "王芳", "赵强", "钱敏")
    form = trainings.TrainingForm(
        None, date(2026, 11, 12), "内容审核培训", TrainingKind.INTERNAL, "", 2.0, (wang,)
    )
    with zhang.session() as session:
        training_id = trainings.save_training(session, form, "张三", TODAY)
    with li.session() as session:
        li_form = trainings.training_row(session, training_id).form()
    with zhang.session() as session:  # 张三 adds 赵强 (only the attendees change) and an organiser
        shown = trainings.training_row(session, training_id).form()
        trainings.save_training(
            session, replace(shown, organiser="县网信办", attendee_ids=(wang, zhao)), "张三", TODAY
        )
    with pytest.raises(EditConflict) as refused, li.session() as session:
        trainings.save_training(
            session, replace(li_form, hours=3.0, attendee_ids=(wang, qian)), "李四", TODAY
        )
    _refused_naming_zhang(refused, "培训记录“内容审核培训”")

    with li.session() as session:
        stored = trainings.training_row(session, training_id)
        assert (stored.organiser, stored.hours, {p.id for p in stored.attendees}) == (
            "县网信办",
            2.0,
            {wang, zhao},
        )
    with li.session() as session:  # 重新载入: 张三's organiser and 赵强 come in, 李四's hours and 钱敏 stay
        trainings.save_training(
            session, replace(stored.form(), hours=3.0, attendee_ids=(wang, zhao, qian)), "李四", TODAY
        )
    with zhang.session() as session:
        stored = trainings.training_row(session, training_id)
        assert (stored.organiser, stored.hours, {p.id for p in stored.attendees}) == (
            "县网信办",
            3.0,
            {wang, zhao, qian},
        )


def test_a_training_edited_keeping_its_attendees_is_saved(database: Database) -> None:
    """An attendee who stays keeps their row: a new row beside the old one broke the (training, person) key."""
    wang, zhao = _people(database, "王芳", "赵强")
    form = trainings.TrainingForm(
        None, date(2026, 11, 12), "内容审核培训", TrainingKind.INTERNAL, attendee_ids=(wang,)
    )
    with database.session() as session:
        training_id = trainings.save_training(session, form, "张三", TODAY)
    with database.session() as session:
        shown = trainings.training_row(session, training_id).form()
        trainings.save_training(
            session, replace(shown, note="补记", attendee_ids=(zhao, wang)), "张三", TODAY
        )
    with database.session() as session:
        stored = trainings.training_row(session, training_id)
        assert stored.note == "补记" and {p.id for p in stored.attendees} == {wang, zhao}


def test_a_training_whose_attendees_alone_changed_moves_its_version(database: Database) -> None:
    (wang,) = _people(database, "王芳")
    form = trainings.TrainingForm(None, date(2026, 11, 12), "内容审核培训", TrainingKind.INTERNAL)
    with database.session() as session:
        training_id = trainings.save_training(session, form, "张三", TODAY)
    with database.session() as session:
        before = trainings.training_row(session, training_id)
        trainings.save_training(session, replace(before.form(), attendee_ids=(wang,)), "张三", TODAY)
    with database.session() as session:
        stored = session.get(Training, training_id)
        assert stored is not None and stored.version == before.version + 1


def test_a_repost_task_changed_meanwhile_is_not_overwritten(two_clerks: tuple[Database, Database]) -> None:
    zhang, li = two_clerks
    office = make_office(zhang)
    draft = reposts.TaskDraft(
        "学习贯彻全会精神", "市政府办", date(2026, 11, 17), datetime(2026, 11, 21, 17, 30), [office.wechat]
    )
    with zhang.session() as session:
        task_id = reposts.save_task(session, draft, "张三")
    with li.session() as session:
        li_form = reposts.load_task(session, task_id)
    with zhang.session() as session:  # 张三 adds the 微博 account: only the accounts change
        shown = reposts.load_task(session, task_id)
        reposts.save_task(session, replace(shown, account_ids=[office.wechat, office.weibo]), "张三", task_id)
    with pytest.raises(EditConflict) as refused, li.session() as session:
        reposts.save_task(session, replace(li_form, note="当天转发"), "李四", task_id)
    _refused_naming_zhang(refused, "转发任务“学习贯彻全会精神”")

    with li.session() as session:
        latest = reposts.load_task(session, task_id)
        assert (latest.note, latest.account_ids) == ("", sorted([office.wechat, office.weibo]))
    with li.session() as session:
        reposts.save_task(session, replace(latest, note="当天转发"), "李四", task_id)
    with zhang.session() as session:
        stored = reposts.load_task(session, task_id)
        assert (stored.note, stored.account_ids) == ("当天转发", sorted([office.wechat, office.weibo]))


def test_a_repost_ticked_meanwhile_is_not_dropped_by_a_stale_task_form(
    two_clerks: tuple[Database, Database],
) -> None:
    """Removing an account from the task drops its tick: a form opened before 张三 ticked it must not."""
    zhang, li = two_clerks
    office = make_office(zhang)
    draft = reposts.TaskDraft(
        "学习贯彻全会精神",
        "市政府办",
        date(2026, 11, 17),
        datetime(2026, 11, 21, 17, 30),
        [office.wechat, office.weibo],
    )
    with zhang.session() as session:
        task_id = reposts.save_task(session, draft, "张三")
    with li.session() as session:
        li_form = reposts.load_task(session, task_id)
    with zhang.session() as session:
        reposts.tick(session, task_id, office.weibo, datetime(2026, 11, 18, 10), "张三")
    with pytest.raises(EditConflict) as refused, li.session() as session:
        reposts.save_task(session, replace(li_form, account_ids=[office.wechat]), "李四", task_id)
    _refused_naming_zhang(refused, "转发任务“学习贯彻全会精神”")
    with li.session() as session:
        done = {t.account_id: t.done_at for t in reposts.task_targets(session, task_id)}
    assert done[office.weibo] == datetime(2026, 11, 18, 10)


def _own_profile(database: Database) -> policy_service.ProfileInfo:
    with database.session() as session:
        preset = next(p for p in policy_service.list_profiles(session) if p.builtin)
        profile_id = policy_service.save_profile(session, replace(preset.profile, name="本县方案"), "张三")
    with database.session() as session:
        return policy_service.profile_info(session, profile_id)


def test_a_policy_profile_changed_meanwhile_is_not_overwritten(two_clerks: tuple[Database, Database]) -> None:
    zhang, li = two_clerks
    shown = _own_profile(zhang)
    gap = shown.profile.update.gap.amount
    with zhang.session() as session:
        edited = with_overrides(shown.profile, {"update.gap.amount": gap + 5})
        policy_service.save_profile(session, edited, "张三", shown.id, shown.version)
    typed = with_overrides(shown.profile, {"replies.transfer.amount": 9})
    with pytest.raises(EditConflict) as refused, li.session() as session:
        policy_service.save_profile(session, typed, "李四", shown.id, shown.version)
    _refused_naming_zhang(refused, "规则方案“本县方案”")

    with li.session() as session:
        latest = policy_service.profile_info(session, shown.id)
        assert latest.profile.update.gap.amount == gap + 5
        assert latest.profile.replies.transfer.amount == shown.profile.replies.transfer.amount
    with li.session() as session:
        merged = with_overrides(latest.profile, {"replies.transfer.amount": 9})
        policy_service.save_profile(session, merged, "李四", shown.id, latest.version)
    with zhang.session() as session:
        row = session.get(PolicyProfileRow, shown.id)
        assert row is not None
        stored = policy_service.profile_info(session, shown.id).profile
        assert (stored.update.gap.amount, stored.replies.transfer.amount) == (gap + 5, 9)


def test_an_operator_changed_meanwhile_is_not_overwritten(two_clerks: tuple[Database, Database]) -> None:
    zhang, li = two_clerks
    with zhang.session() as session:
        operators.save_operator(session, operators.OperatorForm("周敏", OperatorRole.CLERK, False), "张三")
        operator_id = next(i.id for i in operators.everyone(session) if i.name == "周敏")
    assert operator_id is not None
    with li.session() as session:
        li_shown = operators.operator_by_id(session, operator_id)
    with zhang.session() as session:
        shown = operators.operator_by_id(session, operator_id)
        form = operators.OperatorForm("周敏", OperatorRole.REVIEWER, False, True, "周敏", shown.version)
        operators.save_operator(session, form, "张三")
    with zhang.session() as session:  # 周敏 signs in: not a change of the record, not who the message names
        assert operators.sign_in(session, "周敏", "") is not None
    typed = operators.OperatorForm("周敏", OperatorRole.CLERK, True, True, "周敏", li_shown.version)
    with pytest.raises(EditConflict) as refused, li.session() as session:
        operators.save_operator(session, typed, "李四")
    _refused_naming_zhang(refused, "操作员“周敏”")

    with li.session() as session:
        row = session.get(Operator, operator_id)
        assert row is not None and (row.role, row.may_see_personal_data) == (OperatorRole.REVIEWER, False)
        latest = operators.operator_by_id(session, operator_id)
    with li.session() as session:  # 重新载入: 张三's role, 李四's personal-data permission
        operators.save_operator(session, replace(typed, role=latest.role, version=latest.version), "李四")
    with zhang.session() as session:
        row = session.get(Operator, operator_id)
        assert row is not None and (row.role, row.may_see_personal_data) == (OperatorRole.REVIEWER, True)


def test_an_operator_renamed_meanwhile_is_found_and_not_overwritten(
    two_clerks: tuple[Database, Database],
) -> None:
    zhang, li = two_clerks
    with zhang.session() as session:
        created = operators.save_operator(
            session, operators.OperatorForm("周敏", OperatorRole.CLERK, False), "张三"
        )
    assert created.id is not None
    with li.session() as session:
        shown = operators.operator_by_id(session, created.id)
    with zhang.session() as session:
        renamed = operators.OperatorForm(
            "周敏华", OperatorRole.CLERK, False, True, "周敏", shown.version, shown.id
        )
        operators.save_operator(session, renamed, "张三")
    typed = operators.OperatorForm("周敏", OperatorRole.CLERK, True, True, "周敏", shown.version, shown.id)
    with pytest.raises(EditConflict) as refused, li.session() as session:
        operators.save_operator(session, typed, "李四")
    _refused_naming_zhang(refused, "操作员“周敏华”")
    with li.session() as session:
        names = {i.name for i in operators.everyone(session)}
        assert "周敏华" in names and "周敏" not in names
