"""What a single post must satisfy (domain §3): 转载 names its 来源; 先审后发 with 三审 before publishing;
重要信息 signed by a leader. Each check returns Chinese reasons; an empty list means the post may be saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from gmdesk.domain.enums import PostCategory, PostKind, PostStatus
from gmdesk.domain.policy import UpdateRules

TITLE_MAX = 300


@dataclass
class PostDraft:
    """Every field of a post as the dialog, the import and the services exchange it."""

    account_id: int
    title: str
    at: datetime
    status: PostStatus = PostStatus.PLANNED
    kind: PostKind = PostKind.ORIGINAL
    source: str = ""
    category: PostCategory = PostCategory.AFFAIRS
    is_mass_push: bool = False
    is_important: bool = False
    url: str = ""
    reads: int = 0
    drafted_by: str = ""
    drafted_at: datetime | None = None
    reviewed_by: str = ""
    reviewed_at: datetime | None = None
    approved_by: str = ""
    approved_at: datetime | None = None
    note: str = ""
    repost_task_id: int | None = None
    id: int | None = None
    """None for a new post."""
    planned_at: datetime | None = None
    body: str = ""
    """正文 (optional), screened for 错敏 with the title."""
    version: int | None = None
    """The post's version when the form was filled from it: a save over someone else's change is refused.
    None: not checked (a new post, an import)."""

    def signoffs(self) -> list[tuple[str, str, datetime | None]]:
        return [
            ("撰稿", self.drafted_by.strip(), self.drafted_at),
            ("审核", self.reviewed_by.strip(), self.reviewed_at),
            ("审签", self.approved_by.strip(), self.approved_at),
        ]


def content_problems(draft: PostDraft) -> list[str]:
    problems = []
    if not draft.title.strip():
        problems.append("标题不能为空")
    elif len(draft.title.strip()) > TITLE_MAX:
        problems.append(f"标题不能超过{TITLE_MAX}个字")
    if draft.kind is PostKind.REPOST and not draft.source.strip():
        problems.append("转载信息必须注明来源（如：中国政府网、省人民政府网站），请填写“来源”")
    if draft.reads < 0:
        problems.append("阅读数不能为负数")
    url = draft.url.strip()
    if url and not url.lower().startswith(("http://", "https://")):
        problems.append("链接应以 http:// 或 https:// 开头")
    if (
        draft.category is PostCategory.SUPERIOR
        and draft.kind is PostKind.ORIGINAL
        and not draft.source.strip()
    ):
        problems.append("“转发上级”类信息应注明来源")
    return problems


def publish_problems(
    draft: PostDraft, rules: UpdateRules, leaders: Sequence[str], now: datetime
) -> list[str]:
    """Why the post may not be marked 已发布 (empty when it may): 三审, leader's sign-off, order, time."""
    if draft.status is not PostStatus.PUBLISHED:
        return []
    problems = []
    if draft.at > now:
        problems.append(f"发布时间（{draft.at:%Y-%m-%d %H:%M}）晚于当前时间，尚未发生的发布请保存为“计划”")
    needed = draft.signoffs() if rules.three_reviews_required else []
    if draft.is_important and rules.leader_signoff_for_important and not rules.three_reviews_required:
        needed = [draft.signoffs()[2]]
    missing = []
    for step, name, at in needed:
        if not name and at is None:
            missing.append(f"{step}人和时间")
        elif not name:
            missing.append(f"{step}人")
        elif at is None:
            missing.append(f"{step}时间")
    if missing:
        problems.append(
            f"按“先审后发”要求须完成三审（撰稿、审核、审签）后才能标记为已发布，尚缺：{'、'.join(missing)}"
        )
    else:
        problems += _order_problems(draft, needed)
    if draft.is_important and rules.leader_signoff_for_important and leaders:
        approver = draft.approved_by.strip()
        if approver and approver not in leaders:
            problems.append(
                f"重要信息须由单位领导审签（{'、'.join(leaders)}），当前审签人“{approver}”不是本账号登记的领导"
            )
    return problems


def _order_problems(draft: PostDraft, needed: list[tuple[str, str, datetime | None]]) -> list[str]:
    steps = [(step, at) for step, _, at in needed if at is not None]
    problems = []
    for (before, first), (after, second) in pairwise(steps):
        if first > second:
            problems.append(f"{after}时间早于{before}时间，请核对三审记录")
    if steps and steps[-1][1] > draft.at:
        problems.append(f"{steps[-1][0]}时间晚于发布时间，不符合“先审后发”")
    return problems
