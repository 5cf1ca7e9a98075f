"""整改 (rectification) items on plain facts: their due dates, their deadline state and their findings.

An item has a 时限 in working days counted from the day it was opened (domain §5: the Nth working day after
that day, holidays and 调休 from the WorkCalendar), or an explicit due date (a 通报 often names one).
An open item past its due date is ``RECTIFICATION_OVERDUE`` (a violation); one due within the profile's
``due_soon`` span (2 working days by default, the same span as filings) is ``RECTIFICATION_DUE_SOON``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from gmdesk.domain.enums import RectificationState, Severity
from gmdesk.domain.errors import UserError
from gmdesk.domain.findings import RULE_TITLES, Finding, RuleId
from gmdesk.domain.lifecycle import DeadlineState, remaining_text
from gmdesk.domain.policy import Span
from gmdesk.domain.workdays import WorkCalendar

DEFAULT_WORKDAYS = 20
"""The 时限 a new item gets unless the clerk says otherwise (about a month of working days)."""
MAX_WORKDAYS = 250
"""A year of working days: anything longer is a typing mistake."""

MEASURES: dict[str, str] = {
    RuleId.UPDATE_GAP: "明确专人负责内容更新，制定发布计划，确保每两周内至少更新一次",
    RuleId.UPDATE_GAP_SOON: "尽快安排发布，避免出现连续两周未更新",
    RuleId.MIN_FREQUENCY: "按规定频次制定发布计划，落实信息员供稿",
    RuleId.ORIGINAL_MIN: "加强原创信息采编，每月至少发布规定数量的原创信息",
    RuleId.PUSH_CAP: "按平台群发次数上限合理安排群发",
    RuleId.ZOMBIE: "恢复正常更新，或按程序发布停更公告并申请关停注销",
    RuleId.NO_INTERACTION: "开通留言、评论或私信功能，明确专人及时回应",
    RuleId.REPOST_OVERDUE: "按要求补转上级指定文章，建立转发任务登记制度",
    RuleId.REPLY_OVERDUE: "尽快答复逾期留言，落实按期答复制度",
    RuleId.REPLY_DUE_SOON: "在期限内答复留言",
    RuleId.TRANSFER_LATE: "收到不属本单位职责的留言，在规定时限内转交承办单位",
    RuleId.TRANSFER_OVERDUE: "督促承办单位限期反馈，逾期的报请督办",
    RuleId.NO_POST_RECORD: "导入该账号的发布记录，核实更新情况",
    RuleId.FILING_OVERDUE: "尽快填报备案登记表并报送主管单位备案",
    RuleId.FILING_DUE_SOON: "在期限内完成备案",
    RuleId.PASSWORD_ROTATION: "更换账号密码并登记密码保管人，此后定期更换",
    RuleId.DUPLICATE_PLATFORM: "整合同一平台的重复账号，保留一个，其余按程序关停注销",
    RuleId.ENTITY_MISMATCH: "将认证主体变更为主办单位全称，并办理变更备案",
}
"""A first 措施 for an item made from a finding; the clerk edits it."""


class RectificationError(UserError):
    """A draft the rules refuse; the message says what to fix, in Chinese."""


def due_date(calendar: WorkCalendar, opened_on: date, workdays: int) -> date:
    """The last day of a 时限 of ``workdays`` working days opened on ``opened_on``."""
    if workdays < 1 or workdays > MAX_WORKDAYS:
        raise RectificationError(f"时限应为1至{MAX_WORKDAYS}个工作日")
    return calendar.add_workdays(opened_on, workdays)


@dataclass(frozen=True)
class Deadline:
    state: DeadlineState
    text: str
    """"剩3个工作日", "今天到期", "逾期2个工作日", "已完成" …"""


def deadline(
    state: RectificationState,
    due_on: date | None,
    as_of: date,
    due_soon: Span,
    calendar: WorkCalendar,
    completed_on: date | None = None,
) -> Deadline:
    """Where an item stands against its due date on ``as_of``."""
    if state is RectificationState.DONE:
        late = completed_on is not None and due_on is not None and completed_on > due_on
        return Deadline(DeadlineState.NONE, "逾期完成" if late else "已完成")
    if due_on is None:
        return Deadline(DeadlineState.OPEN, "未定时限")
    if as_of > due_on:
        return Deadline(DeadlineState.OVERDUE, remaining_text(due_on, as_of, calendar))
    soon = due_on <= calendar.add(as_of, due_soon.amount, due_soon.unit)
    return Deadline(
        DeadlineState.DUE_SOON if soon else DeadlineState.OPEN, remaining_text(due_on, as_of, calendar)
    )


@dataclass(frozen=True)
class ItemFacts:
    """What the check needs of an open item."""

    id: int
    problem: str
    responsible: str
    due_on: date | None
    state: RectificationState
    account: str = ""
    account_id: int | None = None


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def findings(
    items: Iterable[ItemFacts], as_of: date, due_soon: Span, calendar: WorkCalendar
) -> Iterator[Finding]:
    """RECTIFICATION_OVERDUE for each open item past its due date, RECTIFICATION_DUE_SOON for those near it."""
    for item in items:
        if item.state is RectificationState.DONE or item.due_on is None:
            continue
        where = deadline(item.state, item.due_on, as_of, due_soon, calendar)
        who = f"，责任人{item.responsible}" if item.responsible else ""
        what = f"整改事项#{item.id}“{_short(item.problem)}”（{item.state.label}{who}）"
        if where.state is DeadlineState.OVERDUE:
            yield Finding(
                RuleId.RECTIFICATION_OVERDUE,
                Severity.VIOLATION,
                item.account,
                item.due_on,
                f"{what}整改期限为{item.due_on.isoformat()}，已{where.text}",
                item.account_id,
                f"rectification:{item.id}",
                where.text,
            )
        elif where.state is DeadlineState.DUE_SOON:
            yield Finding(
                RuleId.RECTIFICATION_DUE_SOON,
                Severity.WARNING,
                item.account,
                item.due_on,
                f"{what}整改期限为{item.due_on.isoformat()}，{where.text}",
                item.account_id,
                f"rectification:{item.id}",
                where.text,
            )


# --------------------------------------------------------------------------- from findings
def problem_from(finding: Finding) -> str:
    """存在问题 as the report lists it: 【rule title】 the finding's message."""
    try:
        title = RULE_TITLES.get(RuleId(finding.rule), str(finding.rule))
    except ValueError:  # a rule of a province's indicator set, not one of ours
        title = str(finding.rule)
    return f"【{title}】{finding.message}"


def measure_for(rule: str) -> str:
    return MEASURES.get(rule, "")


def finding_key(rule: str, account_id: int | None, subject: str = "") -> tuple[str, int | None, str]:
    """Two findings of one rule about one account are one problem to rectify. Findings about no account
    (a message, a holiday table) are told apart by their subject."""
    return (str(rule), account_id, "" if account_id is not None else subject)
