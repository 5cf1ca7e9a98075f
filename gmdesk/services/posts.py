"""Planned and published posts: load, save (with every rule checked), move, delete.

Saving refuses what may not be saved (a missing 来源, publishing without the 三审 the profile requires,
a 群发 over the platform's cap) with the reasons, and asks before saving what would only breach a rule
later (a plan moved so far that a gap opens): ``NeedsConfirmation`` carries the warnings, and the caller
saves again with ``confirmed=True`` once the clerk agrees. Every save is one unit of work and is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.domain.enums import PostKind, PostStatus
from gmdesk.domain.errors import UserError
from gmdesk.domain.forecast import forecast
from gmdesk.domain.frequency import AccountFacts, Clocks
from gmdesk.domain.permissions import Permission
from gmdesk.domain.policy import UpdateRules
from gmdesk.domain.post_rules import PostDraft, content_problems, publish_problems
from gmdesk.domain.post_tally import PostTally
from gmdesk.domain.push_caps import Quota, quota, refusal_message
from gmdesk.domain.windows import day_text
from gmdesk.services import audit
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.conflicts import check_version
from gmdesk.services.operators import requires
from gmdesk.services.policy import PolicyResolver
from gmdesk.services.posts_tally import add_tuples
from gmdesk.services.reposts import mark_done
from gmdesk.store.models import Account, Post
from gmdesk.store.queries import posts as queries
from gmdesk.store.queries import reposts as repost_queries

LOOKBACK_DAYS = 70
"""Posts read before today when judging what a save changes (the longest preset window is a month)."""
HORIZON_DAYS = 60


class PostRefused(UserError):
    """The post may not be saved; ``reasons`` say why, ``quota`` shows what is left of a 群发 cap."""

    def __init__(self, reasons: list[str], quota: Quota | None = None) -> None:
        super().__init__("；".join(reasons), field="mass" if quota is not None else None)
        self.reasons = reasons
        self.quota = quota


class NeedsConfirmation(Exception):
    """Saving would breach a rule later; ask the clerk, then save again with ``confirmed=True``."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__("\n".join(warnings))
        self.warnings = warnings


@dataclass(frozen=True)
class Saved:
    id: int
    created: bool
    warnings: tuple[str, ...] = ()


def load_draft(session: Session, post_id: int) -> PostDraft:
    post = queries.get(session, post_id)
    if post is None:
        raise PostRefused([f"找不到编号为{post_id}的发布记录，可能已被删除"])
    return PostDraft(
        account_id=post.account_id,
        title=post.title,
        at=post.at,
        status=post.status,
        kind=post.kind,
        source=post.source,
        category=post.category,
        is_mass_push=post.is_mass_push,
        is_important=post.is_important,
        url=post.url,
        reads=post.reads,
        drafted_by=post.drafted_by,
        drafted_at=post.drafted_at,
        reviewed_by=post.reviewed_by,
        reviewed_at=post.reviewed_at,
        approved_by=post.approved_by,
        approved_at=post.approved_at,
        note=post.note,
        repost_task_id=post.repost_task_id,
        id=post.id,
        body=post.body or "",
        planned_at=post.planned_at,
        version=post.version,
    )


@requires(Permission.RECORD)
def save_post(
    session: Session, draft: PostDraft, operator: str, now: datetime, confirmed: bool = False
) -> Saved:
    account = queries.account(session, draft.account_id)
    if account is None:
        raise PostRefused(["所选账号不存在，可能已被删除"])
    existing = queries.get(session, draft.id) if draft.id is not None else None
    if draft.id is not None and existing is None:
        raise PostRefused(["该发布记录已被删除，无法保存修改"])
    if existing is not None:
        check_version(session, existing, draft.version, f"发布记录“{existing.title}”")
    update = PolicyResolver(session).for_account(account).update
    reasons = content_problems(draft)
    if draft.status is PostStatus.PLANNED and not account.state.is_live:
        reasons.append(f"账号“{account.name}”当前为“{account.state.label}”，不能安排发布")
    reasons += publish_problems(draft, update, queries.account_leaders(session, account.id), now)
    warnings: list[str] = []
    left = _push_quota(session, account, draft, update)
    if left is not None and not left.allows():
        message = refusal_message(left, account.platform, account.name, now.date())
        if draft.status is PostStatus.PLANNED:
            reasons.append(message)
        else:
            warnings.append(f"{message}（按发布记录登记，请核对是否实为“发表”）")
    if reasons:
        raise PostRefused(reasons, left if left is not None and not left.allows() else None)
    if draft.status is PostStatus.PLANNED and draft.at < now:
        warnings.append(
            f"计划时间（{draft.at:%Y-%m-%d %H:%M}）已经过去；若已发布，请改为“已发布”并填写三审信息。"
        )
    if account.state.is_live:
        warnings += breach_warnings(session, account, update, draft, now.date())
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    post = existing or Post(account_id=account.id)
    created = existing is None
    if (
        existing is not None
        and existing.status is PostStatus.PLANNED
        and draft.status is PostStatus.PUBLISHED
    ):
        post.planned_at = existing.at  # keep the original plan beside the real publication time
    _apply(post, draft)
    if created:
        session.add(post)
    session.flush()
    _tick_repost(session, post)
    action = (
        "登记发布"
        if draft.status is PostStatus.PUBLISHED
        else ("新建发布计划" if created else "修改发布计划")
    )
    if draft.status is PostStatus.CANCELLED:
        action = "取消发布计划"
    audit.record(
        session,
        operator,
        action,
        "post",
        post.id,
        {"account": account.name, "title": post.title, "at": post.at.isoformat(" ", "minutes")},
    )
    return Saved(post.id, created, tuple(warnings))


@requires(Permission.RECORD)
def move_post(
    session: Session, post_id: int, day: date, operator: str, now: datetime, confirmed: bool = False
) -> Saved:
    """Move a planned post to another day at the same time of day (the calendar's drag and drop)."""
    draft = load_draft(session, post_id)
    if draft.status is not PostStatus.PLANNED:
        raise PostRefused([f"只有“计划”状态的信息可以改期，该信息为“{draft.status.label}”"])
    moved = replace(draft, at=datetime.combine(day, draft.at.time()))
    try:
        return save_post(session, moved, operator, now, confirmed)
    except NeedsConfirmation as asked:
        raise NeedsConfirmation([w.replace("保存后", "改期后") for w in asked.warnings]) from None


@requires(Permission.DELETE)
def delete_post(
    session: Session, post_id: int, operator: str, now: datetime, confirmed: bool = False
) -> None:
    """Delete a post; asks first (``NeedsConfirmation``) when a rule would then break sooner."""
    post = queries.get(session, post_id)
    if post is None:
        return
    account = queries.account(session, post.account_id)
    if account is not None and account.state.is_live and not confirmed:
        update = PolicyResolver(session).for_account(account).update
        gone = replace(load_draft(session, post_id), status=PostStatus.CANCELLED)
        warnings = breach_warnings(session, account, update, gone, now.date())
        if warnings:
            raise NeedsConfirmation([w.replace("保存后", "删除后") for w in warnings])
    audit.record(
        session,
        operator,
        "删除发布记录",
        "post",
        post.id,
        {"title": post.title, "at": post.at.isoformat(" ")},
    )
    session.delete(post)


def _apply(post: Post, draft: PostDraft) -> None:
    post.account_id, post.title, post.at, post.status = (
        draft.account_id,
        draft.title.strip(),
        draft.at,
        draft.status,
    )
    post.kind, post.source, post.category = draft.kind, draft.source.strip(), draft.category
    post.is_mass_push, post.is_important = draft.is_mass_push, draft.is_important
    post.url, post.reads, post.note = draft.url.strip(), draft.reads, draft.note
    post.body = draft.body.strip()
    post.drafted_by, post.drafted_at = draft.drafted_by.strip(), draft.drafted_at
    post.reviewed_by, post.reviewed_at = draft.reviewed_by.strip(), draft.reviewed_at
    post.approved_by, post.approved_at = draft.approved_by.strip(), draft.approved_at
    post.repost_task_id = draft.repost_task_id


def _tick_repost(session: Session, post: Post) -> None:
    """A published post carrying a 转发任务 ticks off the account's share of it."""
    if post.repost_task_id is None or post.status is not PostStatus.PUBLISHED:
        return
    target = repost_queries.target(session, post.repost_task_id, post.account_id)
    if target is not None and target.done_at is None:
        mark_done(target, post.at, post.id)


def _push_quota(session: Session, account: Account, draft: PostDraft, update: UpdateRules) -> Quota | None:
    cap = update.push_cap(account.platform)
    if cap is None or not draft.is_mass_push or draft.status is PostStatus.CANCELLED:
        return None
    day = draft.at.date()
    pushes = queries.push_days(
        session, account.id, day - timedelta(days=31), day + timedelta(days=31), draft.id
    )
    return quota(cap, pushes, day)


def breach_warnings(
    session: Session, account: Account, update: UpdateRules, draft: PostDraft, today: date
) -> list[str]:
    """Rules the save would make break sooner than they do now (as the forecast sees them)."""
    facts = AccountFacts(
        account.name, account.platform, account.opened_on, account.interaction_enabled, account.id
    )
    calendar = load_work_calendar(session)
    clocks = Clocks(calendar)
    since, until = today - timedelta(days=LOOKBACK_DAYS), today + timedelta(days=HORIZON_DAYS)
    floor = queries.last_published_before(session, [account.id], since).get(account.id)
    before, after = PostTally(since, floor), PostTally(since, floor)
    add_tuples({account.id: before}, queries.post_tuples(session, [account.id], since, until))
    add_tuples(
        {account.id: after}, queries.post_tuples(session, [account.id], since, until, exclude_post=draft.id)
    )
    if draft.status is not PostStatus.CANCELLED and since <= draft.at.date():
        after.add(
            draft.at.date(),
            published=draft.status is PostStatus.PUBLISHED,
            original=draft.kind is PostKind.ORIGINAL,
            mass=draft.is_mass_push,
        )
    now_breaks = {f.rule: f for f in forecast(facts, update, before, clocks, today)}
    out = []
    for item in forecast(facts, update, after, clocks, today):
        was = now_breaks.get(item.rule)
        if was is None or item.day < was.day:
            earlier = f"（原为{day_text(was.day, today)}）" if was is not None else ""
            out.append(f"保存后，{item.sentence}{earlier}。")
    return out


# --------------------------------------------------------------------------- what the post dialog shows
@dataclass(frozen=True)
class PlanningInfo:
    account_id: int
    account: str
    platform: str
    live: bool
    profile: str
    rules: tuple[str, ...]
    """The account's update rules in Chinese, one per line."""
    quota: str
    """The 群发 quota left for the day's period, or why there is no cap."""
    quota_left: int | None
    leaders: tuple[str, ...]
    push_times: tuple[str, ...]
    three_reviews: bool
    open_tasks: tuple[tuple[int, str, str, str], ...]
    """(task id, title, issued_by, url) of the repost tasks the account still owes."""


def planning_info(
    session: Session, account_id: int, at: datetime, post_id: int | None = None
) -> PlanningInfo:
    account = queries.account(session, account_id)
    if account is None:
        raise PostRefused(["所选账号不存在，可能已被删除"])
    profile = PolicyResolver(session).for_account(account)
    update = profile.update
    rules = [f"连续{update.gap.describe()}内须有更新（单项否决）"]
    rules += [r.describe() for r in update.frequency if r.applies_to(account.platform) and r.count > 0]
    rules += [r.describe() for r in update.recommended if account.platform in r.platforms]
    if update.three_reviews_required:
        rules.append("先审后发：撰稿、审核、审签三审后方可发布")
    cap = update.push_cap(account.platform)
    if cap is None:
        quota_text, left = f"{account.platform.label}不限群发次数", None
    else:
        day = at.date()
        pushes = queries.push_days(
            session, account.id, day - timedelta(days=31), day + timedelta(days=31), post_id
        )
        current = quota(cap, pushes, day)
        quota_text, left = f"{cap.describe()}；{current.describe(day)}", current.remaining
    tasks = tuple((t.id, t.title, t.issued_by, t.url) for t in _open_tasks(session, account.id))
    return PlanningInfo(
        account.id,
        account.name,
        account.platform.label,
        account.state.is_live,
        profile.name,
        tuple(rules),
        quota_text,
        left,
        tuple(queries.account_leaders(session, account.id)),
        update.preferred_push_times,
        update.three_reviews_required,
        tasks,
    )


def _open_tasks(session: Session, account_id: int) -> list[Any]:
    return list(repost_queries.open_tasks_for(session, account_id))
