"""转发任务: articles the city and county ask accounts to repost by a deadline.

Tasks are planned before the posts, because a done repost is a post of the account (written with the
account's other posts); the targets are written after the posts, pointing at them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from gmdesk.domain.platforms import Platform
from gmdesk.services.demo.catalog import CITY, COUNTY
from gmdesk.services.demo.plan import AccountPlan, Clock
from gmdesk.services.demo.posts import PostOutcome, RepostHit
from gmdesk.services.demo.titles import NATIONAL, SEASONS
from gmdesk.services.demo.writer import BulkWriter
from gmdesk.store.models import RepostTarget, RepostTask

_ISSUERS = (f"{CITY}人民政府办公室", f"中共{COUNTY}委宣传部", f"{CITY}委网信办", f"{COUNTY}人民政府办公室")
_TITLES = (
    "一图读懂{y}年{county}政府工作报告",
    CITY + "致广大市民朋友的一封信（{s}）",
    "国务院关于{national}的通知（全文）",
    "@所有人，{s}安全提示请收好",
    CITY + "{y}年民生实事项目清单发布",
    "权威发布｜{national}政策问答",
)
_PLATFORMS = (Platform.WECHAT_SUBSCRIPTION, Platform.WEIBO, Platform.TOUTIAO, Platform.APP)


@dataclass
class TaskPlan:
    id: int
    title: str
    url: str
    issued_by: str
    issued_on: date
    due_at: datetime
    targets: list[tuple[AccountPlan, datetime | None]] = field(default_factory=list)


def plan_tasks(
    accounts: list[AccountPlan], clock: Clock, count: int, first_id: int, seed: int
) -> tuple[list[TaskPlan], dict[int, list[RepostHit]]]:
    rng = random.Random(f"{seed}:tasks")
    cal, as_of = clock.calendar, clock.as_of
    window = (as_of - clock.start).days
    issue_days = sorted(
        clock.start + timedelta(days=rng.randrange(15, window - 30)) for _ in range(max(0, count - 2))
    )
    # The last two: one whose deadline passed with a target still missing, one due tomorrow.
    issue_days += [clock.workdays_before(as_of, 8), clock.workdays_before(as_of, 1)]
    tasks: list[TaskPlan] = []
    hits: dict[int, list[RepostHit]] = {}
    used: set[str] = set()
    for index, day in enumerate(issue_days):
        issued = day if cal.is_workday(day) else cal.next_workday(day)
        due_day = cal.add_workdays(issued, 1 if index == len(issue_days) - 1 else rng.randrange(1, 3))
        title = ""
        while not title or title in used:
            title = rng.choice(_TITLES).format(
                y=issued.year,
                county=COUNTY,
                s=rng.choice(SEASONS[issued.month]),
                national=rng.choice(NATIONAL),
            )
        used.add(title)
        task = TaskPlan(
            first_id + index,
            title,
            f"https://mp.weixin.qq.com/s/{rng.getrandbits(128):032x}"[:49],
            rng.choice(_ISSUERS),
            issued,
            datetime.combine(due_day, time(17, 30)),
        )
        due = task.due_at
        candidates = [
            a
            for a in accounts
            if a.platform in _PLATFORMS
            and a.opened_on is not None
            and a.opened_on < issued
            and (a.canceled_on is None or a.canceled_on > due.date())
        ]
        size = min(len(candidates), max(6, len(accounts) // 4 + rng.randrange(-3, 4)))
        chosen = sorted(rng.sample(candidates, size), key=lambda a: a.id)
        late_task = index == len(issue_days) - 2
        if late_task:
            chosen += [a for a in candidates if "gap_over" in a.scenarios and a not in chosen]
        for account in chosen:
            done = _done_at(rng, account, issued, due, clock)
            task.targets.append((account, done))
            if done is not None:
                hits.setdefault(account.id, []).append(RepostHit(task.id, done, title, task.issued_by))
        tasks.append(task)
    return tasks, hits


def _done_at(
    rng: random.Random, account: AccountPlan, issued: date, due: datetime, clock: Clock
) -> datetime | None:
    """Most targets repost within office hours before the deadline, a few the evening after, some never."""
    roll = rng.random()
    if roll < 0.03:
        return None
    if roll < 0.08:
        done = due + timedelta(minutes=rng.randrange(90, 300))
    else:
        days = list(clock.calendar.workdays(issued, due.date())) or [issued]
        done = datetime.combine(rng.choice(days), time(9, 0)) + timedelta(minutes=rng.randrange(0, 510))
        done = min(done, due - timedelta(minutes=rng.randrange(5, 60)))
    stop = account.posting_until
    if done >= clock.now or (stop is not None and done.date() > stop):
        return None
    return done


def write_tasks(writer: BulkWriter, tasks: list[TaskPlan], clock: Clock) -> None:
    for task in tasks:
        writer.add(
            RepostTask,
            {
                "id": task.id,
                "title": task.title,
                "url": task.url,
                "issued_by": task.issued_by,
                "issued_on": task.issued_on,
                "due_at": task.due_at,
                "note": "请各账号按时转发，转发后在系统中登记链接",
                "created_at": clock.at(task.issued_on, 9, 10),
                "updated_at": clock.at(task.issued_on, 9, 10),
            },
        )


def write_targets(writer: BulkWriter, tasks: list[TaskPlan], posts: PostOutcome) -> int:
    target_id = writer.next_id(RepostTarget)
    for task in tasks:
        for account, done in task.targets:
            writer.add(
                RepostTarget,
                {
                    "id": target_id,
                    "task_id": task.id,
                    "account_id": account.id,
                    "done_at": done,
                    "post_id": posts.task_posts.get((task.id, account.id)) if done else None,
                },
            )
            target_id += 1
    return target_id
