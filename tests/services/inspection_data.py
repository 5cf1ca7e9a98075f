"""A small county whose 2025 figures are known by hand, for the inspection engine, the report and the tab.

Accounts (period 2025, looked at on 2026-03-01, so the year is complete):
- 甲发布 (第一单位, 订阅号, open since 2024): a post every 10 days from 1 Jan (37, every other one 原创: 19),
  last post before the year 25 Dec 2024 → longest gap 10 days; one post without 审签 → 36 三审; 4 messages of
  its own (one 保密), one still open since June (> 3 months); one 安全事件 (被盗号); passwords changed twice
  (one handover), no custodian; a 变更备案 never done (overdue).
- 乙发布 (第一单位, 微博, opened 1 Mar 2025, 开设备案 done late): posts 5 Mar, 1 Apr, 10 Apr → gaps 4, 27, 9, 265:
  longest 265, two 14-day breaches; interaction closed; one message answered on time; missed a repost duty.
- 丙发布 (第二单位, 抖音, 注销 10 Feb 2025, 关停 20 Feb, 注销备案 on time): posts 30 Dec 2024 (before), 5 Jan,
  1 Feb → gaps 6, 27, 9 (to the 注销): longest 27, one breach.
- 戊发布 (第二单位, 服务号, open since 2020): a 转载 every 5 days from 2 Jan (73), all 三审 → passes.
- 丁发布 (第二单位, 拟开设, entered in the ledger in June 2025): never open, so outside the inspection but in
  the ledger by state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gmdesk.domain.enums import (
    AccountState,
    FilingKind,
    FilingStatus,
    MessageCategory,
    MessageState,
    PostKind,
    PostStatus,
    RectificationState,
)
from gmdesk.domain.platforms import Platform
from gmdesk.services import settings
from gmdesk.store.database import Database
from gmdesk.store.models import (
    Account,
    FilingEvent,
    Message,
    PasswordRotation,
    Person,
    Post,
    RectificationItem,
    RepostTarget,
    RepostTask,
    SecurityIncident,
    Unit,
)

NOW = datetime(2026, 3, 1, 9, 30)


@dataclass(frozen=True)
class County:
    first_unit: int
    second_unit: int
    jia: int
    yi: int
    bing: int
    wu: int
    ding: int


def _post(session, account: Account, day: date, original: bool = True, reviewed: bool = True) -> None:  # type: ignore[no-untyped-def]
    at = datetime.combine(day, datetime.min.time()).replace(hour=9)
    session.add(
        Post(
            account_id=account.id,
            status=PostStatus.PUBLISHED,
            at=at,
            title=f"{account.name}{day.isoformat()}",
            kind=PostKind.ORIGINAL if original else PostKind.REPOST,
            source="" if original else "县政府网站",
            drafted_by="撰稿人",
            reviewed_by="审核人",
            approved_by="审签人" if reviewed else "",
        )
    )


def _message(
    session,
    account: Account,
    received: datetime,
    category: MessageCategory,
    due: datetime,  # type: ignore[no-untyped-def]
    answered: datetime | None,
    *,
    confidential: bool = False,
    contact: str = "",
) -> None:
    state = MessageState.ANSWERED if answered else MessageState.PENDING
    session.add(
        Message(
            account_id=account.id,
            received_at=received,
            writer_name="网友",
            writer_contact=contact,
            content=f"{category.label}：请问相关事项，联系电话{contact or '无'}",
            category=category,
            state=state,
            confidential=confidential,
            answer_due=due,
            next_due=None if answered else due,
            first_response_at=answered,
            answered_at=answered,
            dedupe_key=f"{account.id}-{received.isoformat()}",
        )
    )


def build_county(database: Database) -> County:
    with database.session() as session:
        settings.put(session, settings.COUNTY_NAME, "青岚县")
        first = Unit(name="青岚县第一单位")
        second = Unit(name="青岚县第二单位", short_name="二单位")
        session.add_all([first, second])
        session.flush()
        keeper = Person(unit_id=second.id, name="保管员")
        session.add(keeper)
        session.flush()
        jia = Account(
            unit_id=first.id,
            name="甲发布",
            platform=Platform.WECHAT_SUBSCRIPTION,
            state=AccountState.RUNNING,
            opened_on=date(2024, 1, 1),
            filing_number="青政新媒〔2024〕001号",
            followers=1000,
            verified_entity="青岚县第一单位",
            platform_account_id="gh_jia",
            password_rotated_on=date(2025, 8, 1),
        )
        yi = Account(
            unit_id=first.id,
            name="乙发布",
            platform=Platform.WEIBO,
            state=AccountState.RUNNING,
            opened_on=date(2025, 3, 1),
            followers=200,
            interaction_enabled=False,
        )
        bing = Account(
            unit_id=second.id,
            name="丙发布",
            platform=Platform.DOUYIN,
            state=AccountState.CLOSED,
            opened_on=date(2023, 5, 1),
            canceled_on=date(2025, 2, 10),
            closed_on=date(2025, 2, 20),
            followers=50,
        )
        wu = Account(
            unit_id=second.id,
            name="戊发布",
            platform=Platform.WECHAT_SERVICE,
            state=AccountState.RUNNING,
            opened_on=date(2020, 1, 1),
            followers=3000,
            password_rotated_on=date(2025, 12, 1),
            password_custodian_id=keeper.id,
        )
        ding = Account(
            unit_id=second.id,
            name="丁发布",
            platform=Platform.WECHAT_SUBSCRIPTION,
            state=AccountState.PROPOSED,
            created_at=datetime(2025, 6, 1, 10),
        )
        session.add_all([jia, yi, bing, wu, ding])
        session.flush()

        _post(session, jia, date(2024, 12, 25))
        for k in range(37):
            _post(
                session, jia, date(2025, 1, 1) + timedelta(days=10 * k), original=k % 2 == 0, reviewed=k != 5
            )
        for day in (date(2025, 3, 5), date(2025, 4, 1), date(2025, 4, 10)):
            _post(session, yi, day)
        for day in (date(2024, 12, 30), date(2025, 1, 5), date(2025, 2, 1)):
            _post(session, bing, day, original=False)
        _post(session, wu, date(2024, 12, 30), original=False)
        for k in range(73):
            _post(session, wu, date(2025, 1, 2) + timedelta(days=5 * k), original=False)
        # a plan and a cancelled post count for nothing
        session.add(
            Post(account_id=wu.id, status=PostStatus.PLANNED, at=datetime(2025, 6, 1, 9), title="计划")
        )
        session.add(
            Post(account_id=wu.id, status=PostStatus.CANCELLED, at=datetime(2025, 6, 2, 9), title="取消")
        )

        _message(
            session,
            jia,
            datetime(2025, 3, 3, 9),
            MessageCategory.CONSULT,
            datetime(2025, 3, 10, 18),
            datetime(2025, 3, 5, 10),
            contact="13812345678",
        )
        _message(
            session,
            jia,
            datetime(2025, 5, 6, 9),
            MessageCategory.COMPLAINT,
            datetime(2025, 5, 15, 18),
            datetime(2025, 5, 20, 10),
        )
        _message(
            session,
            jia,
            datetime(2025, 6, 2, 9),
            MessageCategory.HELP,
            datetime(2025, 6, 9, 18),
            None,
            contact="13900001111",
        )
        _message(
            session,
            jia,
            datetime(2025, 7, 1, 9),
            MessageCategory.CONSULT,
            datetime(2025, 7, 8, 18),
            datetime(2025, 7, 2, 10),
            confidential=True,
            contact="13700002222",
        )
        _message(
            session,
            yi,
            datetime(2025, 4, 2, 9),
            MessageCategory.SUGGEST,
            datetime(2025, 4, 9, 18),
            datetime(2025, 4, 8, 10),
        )

        session.add_all(
            [
                FilingEvent(
                    account_id=yi.id,
                    kind=FilingKind.OPEN_FILING,
                    status=FilingStatus.DONE,
                    triggered_on=date(2025, 3, 1),
                    due_on=date(2025, 3, 7),
                    completed_on=date(2025, 3, 10),
                ),
                FilingEvent(
                    account_id=jia.id,
                    kind=FilingKind.CHANGE_FILING,
                    status=FilingStatus.PENDING,
                    triggered_on=date(2025, 6, 1),
                    due_on=date(2025, 6, 6),
                ),
                FilingEvent(
                    account_id=jia.id,
                    kind=FilingKind.CHANGE_FILING,
                    status=FilingStatus.WITHDRAWN,
                    triggered_on=date(2025, 7, 1),
                    due_on=date(2025, 7, 7),
                ),
                FilingEvent(
                    account_id=bing.id,
                    kind=FilingKind.CANCEL_FILING,
                    status=FilingStatus.DONE,
                    triggered_on=date(2025, 2, 10),
                    due_on=date(2025, 2, 17),
                    completed_on=date(2025, 2, 14),
                ),
            ]
        )
        task = RepostTask(
            title="转发通知",
            issued_by="市委网信办",
            issued_on=date(2025, 4, 28),
            due_at=datetime(2025, 5, 1, 12),
        )
        session.add(task)
        session.flush()
        session.add_all(
            [
                RepostTarget(task_id=task.id, account_id=jia.id, done_at=datetime(2025, 5, 1, 10)),
                RepostTarget(task_id=task.id, account_id=yi.id),
            ]
        )
        session.add_all(
            [
                PasswordRotation(account_id=jia.id, rotated_on=date(2025, 4, 1), is_handover=True),
                PasswordRotation(account_id=jia.id, rotated_on=date(2025, 8, 1)),
                PasswordRotation(account_id=jia.id, rotated_on=date(2024, 12, 1)),
                SecurityIncident(
                    account_id=jia.id,
                    occurred_on=date(2025, 9, 9),
                    kind="被盗号",
                    description="账号异常登录",
                    handling="修改密码",
                    resolved_on=date(2025, 9, 10),
                ),
                RectificationItem(
                    account_id=yi.id,
                    unit_id=first.id,
                    problem="乙发布连续两周未更新",
                    measure="制定发布计划",
                    responsible="张三",
                    opened_on=date(2025, 6, 1),
                    due_on=date(2025, 6, 15),
                    state=RectificationState.OPEN,
                ),
                RectificationItem(
                    account_id=bing.id,
                    unit_id=second.id,
                    problem="去年的问题",
                    opened_on=date(2024, 3, 1),
                    completed_on=date(2024, 12, 1),
                    state=RectificationState.DONE,
                ),
            ]
        )
        session.flush()
        return County(first.id, second.id, jia.id, yi.id, bing.id, wu.id, ding.id)
