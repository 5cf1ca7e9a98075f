"""今日待办: what the dashboard lists, in which order, and the 14-day veto risk of one account.

The dashboard gathers rows of several kinds (messages, accounts at risk, filings, passwords, 整改, 转发任务);
each kind has its title, the tab it opens and its place in the list. Rows are ordered worst first, then
soonest, so the clerk reads down the list in the order the work should be done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gmdesk.domain.enums import Severity
from gmdesk.domain.findings import RuleId
from gmdesk.domain.forecast import AT_RISK_DAYS, forecast
from gmdesk.domain.frequency import AccountFacts, Clocks, no_post_record
from gmdesk.domain.policy import UpdateRules
from gmdesk.domain.post_tally import PostTally
from gmdesk.domain.windows import day_text


class TodoKind(StrEnum):
    MESSAGE_OVERDUE = "message_overdue"
    MESSAGE_TODAY = "message_today"
    UPDATE_RISK = "update_risk"
    FREQUENCY = "frequency"
    NO_POSTS = "no_posts"
    TRANSFER = "transfer"
    FILING = "filing"
    RECTIFICATION = "rectification"
    REPOST = "repost"
    PASSWORD = "password"

    @property
    def title(self) -> str:  # type: ignore[override]  # the kind's Chinese heading, not str.title()
        return _TITLES[self]

    @property
    def tab(self) -> str:
        """The main window's tab key that shows rows of this kind."""
        return _TABS[self]


_TITLES = {
    TodoKind.MESSAGE_OVERDUE: "逾期留言",
    TodoKind.MESSAGE_TODAY: "今日到期留言",
    TodoKind.UPDATE_RISK: "两周未更新风险",
    TodoKind.FREQUENCY: "更新频率不足",
    TodoKind.TRANSFER: "转办待督办",
    TodoKind.FILING: "备案到期",
    TodoKind.RECTIFICATION: "整改到期",
    TodoKind.REPOST: "转发任务未完成",
    TodoKind.PASSWORD: "密码待更换",
    TodoKind.NO_POSTS: "尚无发布记录（请导入）",
}
_TABS = {
    TodoKind.MESSAGE_OVERDUE: "inbox",
    TodoKind.MESSAGE_TODAY: "inbox",
    TodoKind.UPDATE_RISK: "calendar",
    TodoKind.FREQUENCY: "calendar",
    TodoKind.TRANSFER: "inbox",
    TodoKind.FILING: "accounts",
    TodoKind.RECTIFICATION: "report",
    TodoKind.REPOST: "calendar",
    TodoKind.PASSWORD: "accounts",
    TodoKind.NO_POSTS: "calendar",
}
ORDER = tuple(TodoKind)
"""The groups in the order the list shows them: what costs the office most if left today first."""


@dataclass(frozen=True)
class TodoItem:
    kind: TodoKind
    severity: Severity
    subject: str
    """What the row is about: 账号名称, 留言#42, the 转发 title…"""
    when: date
    """The due day, or the day the rule breaks (broke)."""
    when_text: str
    """"逾期3天", "今天到期", "11月25日（周三）满14天" …"""
    detail: str
    target_kind: str
    """The Target the row opens: ``message``, ``account``, ``rectification``, ``repost``."""
    target_id: int | None

    @property
    def sort_key(self) -> tuple[int, date, str]:
        return (-self.severity.rank, self.when, self.subject)


@dataclass(frozen=True)
class TodoGroup:
    kind: TodoKind
    items: tuple[TodoItem, ...]

    @property
    def title(self) -> str:
        return self.kind.title

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def severity(self) -> Severity:
        return max((i.severity for i in self.items), key=lambda s: s.rank, default=Severity.WARNING)


def group(items: Iterable[TodoItem]) -> list[TodoGroup]:
    """The non-empty groups in ``ORDER``, each worst first, then soonest."""
    by_kind: dict[TodoKind, list[TodoItem]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    return [
        TodoGroup(kind, tuple(sorted(by_kind[kind], key=lambda i: i.sort_key)))
        for kind in ORDER
        if kind in by_kind
    ]


# --------------------------------------------------------------------------- the 14-day veto
@dataclass(frozen=True)
class GapRisk:
    account: str
    account_id: int | None
    broken: bool
    """The account has gone the whole span without a post already (单项否决 now)."""
    day: date
    """The day the span is (was) reached."""
    latest: date
    """The last working day to publish on to keep it (today at the earliest)."""
    last_post: date | None
    message: str


def gap_risk(
    account: AccountFacts,
    update: UpdateRules,
    tally: PostTally,
    clocks: Clocks,
    today: date,
    within_days: int = AT_RISK_DAYS,
) -> GapRisk | None:
    """The account's 14-day (``update.gap``) veto: broken already, or reached within ``within_days`` unless a
    post is published (plans count: a post planned in time keeps the account off the list)."""
    published = tally.series(today + timedelta(days=1))  # published only, today's posts included
    last = published.last_on_or_before(today.toordinal())
    last_post = date.fromordinal(last) if last is not None else None
    anchor = last_post or account.opened_on
    if anchor is None or (last_post is None and no_post_record(account, update, clocks, today)):
        return None  # no record to judge (listed apart: 尚无发布记录)
    breaks_on = date.fromordinal(clocks(update.gap).first_end_after(anchor.toordinal()))
    if breaks_on <= today:
        days = (today - anchor).days
        since = (
            f"最近一次发布在{day_text(anchor, today)}"
            if last_post
            else f"自{day_text(anchor, today)}开设以来未发布"
        )
        message = f"已连续{days}天未更新（{since}），属内容不更新情形，单项否决；请今天发布。"
        return GapRisk(account.name, account.account_id, True, breaks_on, today, last_post, message)
    horizon = today + timedelta(days=within_days)
    if breaks_on > horizon:
        return None  # plans only ever push the break later
    ahead = forecast(account, update, tally, clocks, today, horizon, only=(RuleId.UPDATE_GAP,))
    if not ahead:
        return None
    item = ahead[0]
    when = "今天" if item.latest <= today else day_text(item.latest, today, weekday=True)
    return GapRisk(
        account.name,
        account.account_id,
        False,
        item.day,
        item.latest,
        last_post,
        f"{item.sentence}；请最迟于{when}发布。",
    )
