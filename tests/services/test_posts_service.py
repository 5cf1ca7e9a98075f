"""Saving, moving and deleting posts against a real database: refusals, quotas, questions, audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from gmdesk.domain.enums import AccountState, PostKind, PostStatus
from gmdesk.domain.platforms import Platform
from gmdesk.domain.post_rules import PostDraft
from gmdesk.services import posts as service
from gmdesk.store.database import Database
from gmdesk.store.models import AuditEntry, Post
from tests import calendar_data as data

NOW = datetime(2026, 11, 20, 9, 30)
TODAY = NOW.date()


def daily(
    database: Database,
    platform: Platform = Platform.WECHAT_SUBSCRIPTION,
    state: AccountState = AccountState.RUNNING,
) -> int:
    with database.session() as session:
        owner = data.unit(session)
        account = data.account(session, owner, "青岚发布", platform, state)
        for n in range(1, 30):
            data.post(
                session,
                account,
                datetime.combine(TODAY - timedelta(days=n), datetime.min.time()).replace(hour=9),
            )
        return int(account.id)


def plan(account_id: int, at: datetime, **fields: object) -> PostDraft:
    return replace(PostDraft(account_id=account_id, title="关于做好冬季供暖保障工作的通知", at=at), **fields)  # type: ignore[arg-type]


def test_a_plan_is_saved_and_audited(database: Database) -> None:
    account_id = daily(database)
    with database.session() as session:
        saved = service.save_post(session, plan(account_id, datetime(2026, 11, 23, 8)), "李娜", NOW)
    assert saved.created and saved.warnings == ()
    with database.session() as session:
        post = session.get(Post, saved.id)
        assert post is not None and post.status is PostStatus.PLANNED and post.at == datetime(2026, 11, 23, 8)
        entry = session.scalar(
            select(AuditEntry).where(AuditEntry.entity == "post", AuditEntry.entity_id == saved.id)
        )
        assert entry is not None and entry.action == "新建发布计划" and entry.operator == "李娜"


def test_a_second_push_the_same_day_is_refused_with_the_quota(database: Database) -> None:
    account_id = daily(database)
    with database.session() as session:
        service.save_post(
            session, plan(account_id, datetime(2026, 11, 23, 8), is_mass_push=True), "李娜", NOW
        )
    with pytest.raises(service.PostRefused) as refused, database.session() as session:
        service.save_post(
            session, plan(account_id, datetime(2026, 11, 23, 20), is_mass_push=True), "李娜", NOW
        )
    assert refused.value.quota is not None and refused.value.quota.remaining == 0
    assert "11月23日已群发或计划群发1次，上限1次，剩余0次" in refused.value.reasons[0]
    with database.session() as session:
        assert session.scalar(select(Post).where(Post.at == datetime(2026, 11, 23, 20))) is None
    with database.session() as session:  # the next day has its own push
        service.save_post(
            session, plan(account_id, datetime(2026, 11, 24, 20), is_mass_push=True), "李娜", NOW
        )


def test_editing_the_only_push_of_the_day_does_not_count_itself(database: Database) -> None:
    account_id = daily(database)
    with database.session() as session:
        saved = service.save_post(
            session, plan(account_id, datetime(2026, 11, 23, 8), is_mass_push=True), "李娜", NOW
        )
    with database.session() as session:
        draft = replace(service.load_draft(session, saved.id), title="改过的标题")
        assert not service.save_post(session, draft, "李娜", NOW).created


def test_a_recorded_push_over_the_cap_is_asked_about_not_refused(database: Database) -> None:
    account_id = daily(database)
    signed = {
        "drafted_by": "李娜",
        "drafted_at": datetime(2026, 11, 18, 7),
        "reviewed_by": "王强",
        "reviewed_at": datetime(2026, 11, 18, 7, 30),
        "approved_by": "张伟",
        "approved_at": datetime(2026, 11, 18, 7, 45),
    }
    with database.session() as session:
        service.save_post(
            session,
            plan(
                account_id,
                datetime(2026, 11, 18, 8),
                is_mass_push=True,
                status=PostStatus.PUBLISHED,
                **signed,
            ),
            "李娜",
            NOW,
        )
    second = plan(
        account_id, datetime(2026, 11, 18, 20), is_mass_push=True, status=PostStatus.PUBLISHED, **signed
    )
    with pytest.raises(service.NeedsConfirmation) as asked, database.session() as session:
        service.save_post(session, replace(second, approved_at=datetime(2026, 11, 18, 19)), "李娜", NOW)
    assert "请核对是否实为“发表”" in asked.value.warnings[0]
    with database.session() as session:
        saved = service.save_post(
            session, replace(second, approved_at=datetime(2026, 11, 18, 19)), "李娜", NOW, True
        )
    assert saved.warnings


def test_publishing_keeps_the_original_plan_time(database: Database) -> None:
    account_id = daily(database)
    with database.session() as session:  # planned yesterday for 08:00 today
        saved = service.save_post(
            session, plan(account_id, datetime(2026, 11, 20, 8)), "李娜", NOW - timedelta(days=1)
        )
    with database.session() as session:
        draft = service.load_draft(session, saved.id)
        published = replace(
            draft,
            status=PostStatus.PUBLISHED,
            at=datetime(2026, 11, 20, 9, 10),
            drafted_by="李娜",
            drafted_at=datetime(2026, 11, 20, 8),
            reviewed_by="王强",
            reviewed_at=datetime(2026, 11, 20, 8, 30),
            approved_by="张伟",
            approved_at=datetime(2026, 11, 20, 9),
        )
        service.save_post(session, published, "李娜", NOW)
    with database.session() as session:
        post = session.get(Post, saved.id)
        assert (
            post is not None
            and post.planned_at == datetime(2026, 11, 20, 8)
            and post.at == datetime(2026, 11, 20, 9, 10)
        )


def test_no_plans_for_a_closed_account_and_no_repost_without_source(database: Database) -> None:
    account_id = daily(database, state=AccountState.CLOSED)
    with pytest.raises(service.PostRefused) as refused, database.session() as session:
        service.save_post(
            session, plan(account_id, datetime(2026, 11, 23, 8), kind=PostKind.REPOST), "李娜", NOW
        )
    assert any("不能安排发布" in r for r in refused.value.reasons)
    assert any("转载信息必须注明来源" in r for r in refused.value.reasons)


def test_moving_and_deleting_ask_when_a_rule_would_break_sooner(database: Database) -> None:
    with database.session() as session:
        account = data.account(session, data.unit(session), "青岚教育", Platform.TOUTIAO)
        data.post(session, account, datetime(2026, 11, 18, 9))
        plan_id = data.post(session, account, datetime(2026, 11, 23, 9), "下周一", planned=True).id
    with pytest.raises(service.NeedsConfirmation) as asked, database.session() as session:
        service.move_post(session, plan_id, date(2026, 12, 8), "李娜", NOW)
    assert any(
        "改期后，青岚教育 将于 11月25日（周三） 不符合“每7个自然日至少发布1条信息”" in w
        for w in asked.value.warnings
    )
    with database.session() as session:
        service.move_post(
            session, plan_id, date(2026, 11, 24), "李娜", NOW
        )  # later but still in time: no question
    with pytest.raises(service.NeedsConfirmation) as deleting, database.session() as session:
        service.delete_post(session, plan_id, "李娜", NOW)
    assert deleting.value.warnings[0].startswith("删除后，")
    with database.session() as session:
        service.delete_post(session, plan_id, "李娜", NOW, confirmed=True)
    with database.session() as session:
        assert session.get(Post, plan_id) is None


def test_only_plans_move(database: Database) -> None:
    account_id = daily(database)
    with database.session() as session:
        published = session.scalars(select(Post.id).where(Post.account_id == account_id)).first()
    with (
        pytest.raises(service.PostRefused, match="只有“计划”状态的信息可以改期"),
        database.session() as session,
    ):
        service.move_post(session, int(published), date(2026, 11, 25), "李娜", NOW)  # type: ignore[arg-type]


def test_planning_info_names_the_rules_and_the_quota(database: Database) -> None:
    account_id = daily(database, Platform.WECHAT_SERVICE)
    with database.session() as session:
        service.save_post(
            session, plan(account_id, datetime(2026, 11, 23, 19), is_mass_push=True), "李娜", NOW
        )
        info = service.planning_info(session, account_id, datetime(2026, 11, 27, 19))
    assert info.profile == "国办底线+常规"
    assert info.rules[0] == "连续14个自然日内须有更新（单项否决）"
    assert "每7个自然日至少发布1条信息" in info.rules
    assert (
        info.quota == "每自然月最多群发4次；11月已群发或计划群发1次，上限4次，剩余3次"
        and info.quota_left == 3
    )
