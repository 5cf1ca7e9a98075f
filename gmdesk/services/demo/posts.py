"""Posts, account by account: two (or five) years of published posts and two weeks of plans.

Each account's posts are drawn from its own random stream (seeded with the account id), then sorted, given
ids and written; so changing one account's story never reshuffles another's.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from gmdesk.domain.enums import PostCategory, PostKind, PostStatus, Role, UnitType
from gmdesk.domain.platforms import Platform
from gmdesk.services.demo.accounts import is_hub
from gmdesk.services.demo.plan import AccountPlan, Clock
from gmdesk.services.demo.randoms import between
from gmdesk.services.demo.rhythm import HOLIDAY, Rhythm, pick_minute
from gmdesk.services.demo.titles import TitleMaker, closure_title, launch_title
from gmdesk.services.demo.writer import BulkWriter
from gmdesk.store.models import Post

PLAN_DAYS = 14
_READS = {
    Platform.WECHAT_SUBSCRIPTION: 0.08,
    Platform.WECHAT_SERVICE: 0.1,
    Platform.WEIBO: 0.4,
    Platform.DOUYIN: 2.5,
    Platform.KUAISHOU: 2.0,
    Platform.WECHAT_CHANNELS: 1.5,
    Platform.TOUTIAO: 0.6,
    Platform.XIAOHONGSHU: 1.0,
    Platform.BILIBILI: 1.2,
    Platform.APP: 0.05,
}


@dataclass(slots=True)
class Spec:
    at: datetime
    title: str
    kind: PostKind = PostKind.ORIGINAL
    source: str = ""
    category: PostCategory = PostCategory.AFFAIRS
    status: PostStatus = PostStatus.PUBLISHED
    mass: bool = False
    important: bool = False
    task_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class RepostHit:
    """A 转发任务 this account carried out at ``done_at``."""

    task_id: int
    done_at: datetime
    title: str
    source: str


@dataclass
class PostOutcome:
    published: int = 0
    planned: int = 0
    task_posts: dict[tuple[int, int], int] = field(default_factory=dict)
    """(task id, account id) → the id of the post that carried out the repost task."""


def write_posts(
    writer: BulkWriter,
    account: AccountPlan,
    clock: Clock,
    days: list[tuple[date, str]],
    seed: int,
    post_factor: float,
    hits: list[RepostHit],
    next_id: int,
    outcome: PostOutcome,
) -> int:
    """Write the account's posts with ids from ``next_id``; return the next free id."""
    if not account.is_open:
        return next_id
    rng = random.Random(f"{seed}:posts:{account.id}")
    specs = _draw(account, clock, days, rng, post_factor, hits)
    specs.sort(key=lambda s: s.at)
    _mark_pushes(account, specs, clock, rng, _titles(account, rng))
    specs.sort(key=lambda s: s.at)
    for spec in specs:
        writer.add(Post, _row(next_id, account, spec, clock, rng))
        if spec.task_id is not None:
            outcome.task_posts[(spec.task_id, account.id)] = next_id
        if spec.status is PostStatus.PUBLISHED:
            outcome.published += 1
        elif spec.status is PostStatus.PLANNED:
            outcome.planned += 1
        next_id += 1
    return next_id


def _draw(
    account: AccountPlan,
    clock: Clock,
    days: list[tuple[date, str]],
    rng: random.Random,
    post_factor: float,
    hits: list[RepostHit],
) -> list[Spec]:
    assert account.opened_on is not None
    first = max(clock.start, account.opened_on)
    last = account.posting_until or clock.as_of
    plans = account.state.is_live and not account.scenarios & {"gap_over", "zombie", "gap_soon"}
    horizon = clock.as_of + timedelta(days=PLAN_DAYS) if plans else min(last, clock.as_of)
    rhythm = Rhythm.draw(
        rng,
        account.rate * post_factor,
        is_hub(account.unit),
        account.rhythm == "lazy",
        first,
        clock.as_of - timedelta(days=30),
    )
    titles = _titles(account, rng)
    original_share = rng.uniform(0.5, 0.7)
    now = clock.now
    specs: list[Spec] = []
    for day, kind in days:
        if day < first or day > horizon or (day > last and day <= clock.as_of) or rhythm.paused(day):
            continue
        n = rhythm.count(rng, day, kind)
        if day > clock.as_of:  # plans are made a few days ahead, fewer further out
            n = sum(rng.random() < (0.8 if (day - clock.as_of).days <= 3 else 0.35) for _ in range(n))
        batch = account.platform is Platform.WECHAT_SUBSCRIPTION and n > 1 and rng.random() < 0.7
        minute = pick_minute(rng)
        for _ in range(n):
            at = datetime.combine(day, time()) + timedelta(minutes=minute if batch else pick_minute(rng))
            if rng.random() < original_share:
                title, category = titles.original(day, kind == HOLIDAY)
                spec = Spec(at, title, category=category)
            else:
                title, source, category = titles.repost(day)
                spec = Spec(at, title, PostKind.REPOST, source, category)
            if at >= now:
                spec.status = PostStatus.PLANNED
            elif rng.random() < 0.002:
                spec.status, spec.note = PostStatus.CANCELLED, "选题调整，取消发布"
            spec.important = kind != HOLIDAY and rng.random() < 0.04
            specs.append(spec)
    specs += _milestones(account, clock, rng, titles, last)
    specs += [
        Spec(h.done_at, h.title, PostKind.REPOST, h.source, PostCategory.SUPERIOR, task_id=h.task_id)
        for h in hits
    ]
    return specs


def _titles(account: AccountPlan, rng: random.Random) -> TitleMaker:
    unit = account.unit.spec
    return TitleMaker(rng, unit.short, unit.domain, unit.unit_type is UnitType.TOWNSHIP, account.name)


def _milestones(
    account: AccountPlan, clock: Clock, rng: random.Random, titles: TitleMaker, last: date
) -> list[Spec]:
    """The launch post, the closure notice, the last post of a stopped account, the plan of a late one."""
    out = []
    assert account.opened_on is not None
    if account.opened_on >= clock.start:
        out.append(Spec(datetime.combine(account.opened_on, time(10, 0)), launch_title(account.name)))
    if account.notice_on is not None:
        title = closure_title(account.name, account.replacement)
        out.append(
            Spec(
                datetime.combine(account.notice_on, time(9, 30)),
                title,
                category=PostCategory.OTHER,
                important=True,
            )
        )
    if account.stop_on is not None:
        # A stopped account's story is its last post: published that very day.
        out.append(Spec(datetime.combine(last, time(17, 40)), titles.original(last)[0]))
    if "gap_soon" in account.scenarios:
        day = clock.as_of + timedelta(days=between(rng, 3, 6))
        out.append(
            Spec(datetime.combine(day, time(8, 0)), titles.original(day)[0], status=PostStatus.PLANNED)
        )
    return out


def _mark_pushes(
    account: AccountPlan, specs: list[Spec], clock: Clock, rng: random.Random, titles: TitleMaker
) -> None:
    """群发 within the platform caps (订阅号 once a day, 服务号 four times a month), except the breach cases."""
    live = [s for s in specs if s.status is not PostStatus.CANCELLED]
    if account.platform is Platform.WECHAT_SUBSCRIPTION:
        seen: set[date] = set()
        for spec in live:
            day = spec.at.date()
            if day not in seen:
                seen.add(day)
                spec.mass = rng.random() < 0.9
        if "push_breach_sub" in account.scenarios:
            day = clock.as_of - timedelta(days=between(rng, 20, 60))
            for at in (time(7, 45), time(20, 35)):  # two 群发 on one day: one too many
                specs.append(Spec(datetime.combine(day, at), titles.original(day)[0], mass=True))
    elif account.platform is Platform.WECHAT_SERVICE:
        per_month: dict[tuple[int, int], int] = defaultdict(int)
        for spec in live:
            month = (spec.at.year, spec.at.month)
            if per_month[month] < 4 and rng.random() < 0.85:
                spec.mass = True
                per_month[month] += 1
        if "push_breach_svc" in account.scenarios:
            first = (clock.as_of.replace(day=1) - timedelta(days=1)).replace(day=1)
            month = (first.year, first.month)
            for index in range(5 - per_month[month]):
                day = first + timedelta(days=3 + index * 5)
                title = titles.original(day)[0]
                specs.append(
                    Spec(datetime.combine(day, time(19, 30)), title, category=PostCategory.SERVICE, mass=True)
                )


def _url(account: AccountPlan, rng: random.Random) -> str:
    platform = account.platform
    if platform in (Platform.WECHAT_SUBSCRIPTION, Platform.WECHAT_SERVICE):
        return f"https://mp.weixin.qq.com/s/{rng.getrandbits(128):032x}"[:49]
    if platform is Platform.WEIBO:
        return f"https://weibo.com/{account.platform_account_id}/{rng.getrandbits(40):010x}"
    if platform is Platform.DOUYIN:
        return f"https://www.douyin.com/video/7{rng.getrandbits(59):018d}"
    if platform is Platform.TOUTIAO:
        return f"https://www.toutiao.com/article/7{rng.getrandbits(59):018d}/"
    if platform is Platform.BILIBILI:
        return f"https://www.bilibili.com/video/BV1{rng.getrandbits(40):010x}"
    return ""


def _row(post_id: int, account: AccountPlan, spec: Spec, clock: Clock, rng: random.Random) -> dict[str, Any]:
    unit, at = account.unit, spec.at
    day = at.date()
    published = spec.status is PostStatus.PUBLISHED
    approver = unit.holder(Role.PRINCIPAL if spec.important else Role.DEPUTY, day)
    approved = at - timedelta(minutes=between(rng, 20, 240))
    reviewed = approved - timedelta(minutes=between(rng, 15, 180))
    drafted = reviewed - timedelta(minutes=between(rng, 30, 1200))
    approved_at: datetime | None = approved
    reviewed_at: datetime | None = reviewed
    drafted_at: datetime | None = drafted
    drafter_role, position = (Role.INFORMANT, 0) if rng.random() < 0.6 else (Role.ADMIN, 0)
    drafted_by = unit.holder(drafter_role, day, position).name
    reviewed_by, approved_by = unit.holder(Role.EDITOR, day).name, approver.name
    if not published:
        # Plans are drafted at most; nothing is reviewed before it is due.
        reviewed_by, approved_by, reviewed_at, approved_at = "", "", None, None
        if drafted_at is not None and drafted_at >= clock.now:
            drafted_by, drafted_at = "", None
    else:
        gap = rng.random()
        if gap < 0.012:  # 三审 incomplete: signed off by the editor only
            approved_by, approved_at = "", None
        elif gap < 0.016:
            reviewed_by, reviewed_at, approved_by, approved_at = "", None, "", None
    created = drafted_at or min(at - timedelta(days=2), clock.now - timedelta(hours=1))
    reads = 0
    if published:
        factor = _READS.get(account.platform, 0.3) * (0.6 if spec.kind is PostKind.REPOST else 1.0)
        reads = int(account.followers * factor * rng.lognormvariate(-0.4, 0.8)) + between(rng, 15, 240)
    return {
        "id": post_id,
        "account_id": account.id,
        "status": spec.status,
        "at": at,
        "planned_at": at if spec.status is PostStatus.PLANNED else None,
        "title": spec.title,
        "body": "",
        "kind": spec.kind,
        "source": spec.source,
        "category": spec.category,
        "is_mass_push": spec.mass and spec.status is not PostStatus.CANCELLED,
        "is_important": spec.important,
        "url": _url(account, rng) if published else "",
        "reads": reads,
        "drafted_by": drafted_by,
        "drafted_at": drafted_at,
        "reviewed_by": reviewed_by,
        "reviewed_at": reviewed_at,
        "approved_by": approved_by,
        "approved_at": approved_at,
        "repost_task_id": spec.task_id,
        "note": spec.note,
        "created_at": created,
        "updated_at": at if published else created,
    }
