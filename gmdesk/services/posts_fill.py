"""The gap filler as a use case: propose the fewest slots for an account, then plan them on request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from gmdesk.domain.enums import PostCategory, PostKind, PostStatus
from gmdesk.domain.errors import UserError
from gmdesk.domain.frequency import Clocks, check_start, data_start, required_rules
from gmdesk.domain.gap_filler import Slot, fill_gaps
from gmdesk.domain.permissions import Permission
from gmdesk.domain.windows import day_text, describe_window
from gmdesk.services import audit
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.operators import requires
from gmdesk.services.posts_tally import ruled_accounts, tallies
from gmdesk.store.models import Post

PLACEHOLDER_TITLE = "【待定选题】"


@dataclass(frozen=True)
class FillProposal:
    account_id: int
    account: str
    through: date
    slots: tuple[Slot, ...]
    unmet: tuple[str, ...]
    """Windows no slot can mend any more, explained."""


def propose(
    session: Session, account_id: int, today: date, through: date, now: time | None = None
) -> FillProposal:
    accounts = ruled_accounts(session, ids=[account_id])
    if not accounts:
        raise UserError("只能为已开设、运行中或拟关停的账号安排发布")
    account = accounts[0]
    if through < today:
        raise UserError("补齐截止日期不能早于今天")
    clocks = Clocks(load_work_calendar(session))
    rules = required_rules(account.update, account.facts.platform)
    since = min(
        data_start(rules, today, clocks), check_start(account.update, account.facts.platform, today, clocks)
    )
    tally = tallies(session, [account_id], since, through + timedelta(days=1))[account_id]
    plan = fill_gaps(account.facts, account.update, tally, clocks, today, through, now)
    unmet = tuple(
        f"{describe_window(b.start, b.end, today)}无法补齐：{b.rule.requirement}（可安排的时间已过）"
        for b in plan.unmet
    )
    return FillProposal(account_id, account.facts.name, through, tuple(plan.slots), unmet)


@requires(Permission.RECORD)
def apply(session: Session, account_id: int, slots: list[Slot], operator: str) -> list[int]:
    """Plan the slots as posts with a placeholder title; the clerk gives each its topic later."""
    ids = []
    for slot in slots:
        post = Post(
            account_id=account_id,
            status=PostStatus.PLANNED,
            at=slot.at,
            title=PLACEHOLDER_TITLE,
            kind=PostKind.ORIGINAL if slot.original else PostKind.REPOST,
            category=PostCategory.AFFAIRS,
            is_mass_push=slot.mass_push,
            note=f"自动补齐：{slot.reason}",
        )
        session.add(post)
        session.flush()
        ids.append(post.id)
    if ids:
        days = "、".join(day_text(s.at.date()) for s in slots)
        audit.record(
            session, operator, "自动补齐发布计划", "account", account_id, {"posts": ids, "days": days}
        )
    return ids


def default_through(today: date) -> date:
    """Two weeks ahead: the horizon the office plans in."""
    return today + timedelta(days=14)
