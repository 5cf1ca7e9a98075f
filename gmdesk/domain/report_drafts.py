"""Drafts of the report's written parts, from the figures: 主要做法和成效, one 整改 row per problem found
(七、整改情况 answers 六、存在问题), and 八、下一步工作安排 from the problems found. The clerk edits every one of them
before generating; a report with no problems promises no 整改.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from gmdesk.domain.enums import RectificationState
from gmdesk.domain.findings import Finding
from gmdesk.domain.inspection import AccountRow, Inspection, PlanRow, RectificationRow, percent, plan_key
from gmdesk.domain.official_text import chinese_date, sentence
from gmdesk.domain.rectification import MEASURES

ORDINALS = "一二三四五六七八九十"

EXTRA_MEASURES: dict[str, str] = {
    "SECURITY_INCIDENT": "查明原因、消除影响，修改账号密码并开启登录保护，严格落实“三审三校”",
    "THREE_REVIEWS": "严格执行撰稿、审核、审签“三审”制度，逐条留存审核记录",
    "REPLY_OVERDUE": "对超期留言逐条督办，限期答复，落实按期答复制度",
}
"""措施 for the rules of the indicator sets that have no entry in the 整改台账's list (or need other words)."""

NEXT_STEP_TEXT: dict[str, str] = {
    "UPDATE_GAP": "针对{n}个账号更新不及时的问题，督促主办单位明确专人负责内容更新、制定发布计划，确保每两周至少"
    "更新一次；对无力维护的账号，按程序发布停更公告并关停注销",
    "NO_INTERACTION": "针对{n}个账号未开通互动功能的问题，督促主办单位开通留言、评论或私信功能，明确专人及时回应",
    "REPLY_OVERDUE": "针对{n}个账号留言办理不及时的问题，对超期未办结的留言逐条督办、限期答复，落实按期答复制度",
    "SECURITY_INCIDENT": "针对{n}个账号发生的安全事件，全面排查账号安全隐患，落实登录保护、密码专人保管和"
    "“三审三校”制度",
    "ORIGINAL_MIN": "针对{n}个账号原创信息不足的问题，加强原创信息采编，提高原创比例",
    "REPOST_OVERDUE": "针对{n}个账号未按时转发上级指定文章的问题，建立转发任务登记和提醒制度",
    "THREE_REVIEWS": "针对{n}个账号三审制度落实不到位的问题，严格执行撰稿、审核、审签“三审”制度并留存记录",
    "PASSWORD_ROTATION": "针对{n}个账号密码未定期更换的问题，立即更换密码、登记保管人，此后每90天更换一次",
    "FILING_OVERDUE": "针对{n}个账号备案不及时的问题，督促主办单位按时限办理开设、变更、注销备案",
}

STANDING_STEPS_WITH_PROBLEMS = (
    "压实主体责任，落实“谁开设、谁主办”“谁主管、谁负责”要求，对本次自查发现的问题逐项销号，举一反三、"
    "建立长效机制",
)
STANDING_STEPS = (
    "持续压实主体责任，落实“谁开设、谁主办”“谁主管、谁负责”要求，巩固自查成果",
    "加强内容建设，严格落实“三审三校”制度，保持更新频率，提高原创信息比例",
    "提升互动回应质量，按期答复网民留言，及时回应群众关切",
    "强化安全管理，定期更换账号密码、专人保管，做好人员交接和日常巡查",
)


# --------------------------------------------------------------------------- names
def ambiguous_names(accounts: Iterable[AccountRow]) -> set[str]:
    """账号名称 used by more than one account of the scope (青岚发布 on five platforms)."""
    seen: defaultdict[str, int] = defaultdict(int)
    for account in accounts:
        seen[account.name] += 1
    return {name for name, count in seen.items() if count > 1}


def account_label(name: str, platform: str, ambiguous: set[str]) -> str:
    """ "青岚发布（微博）" where the name alone does not say which account; otherwise the name."""
    return f"{name}（{platform}）" if name in ambiguous else name


def finding_parts(finding: Finding) -> tuple[str, str]:
    """(the problem's title, the account's reason): "内容不更新", "统计期内3次连续14天以上未更新…"."""
    title, _, reason = finding.message.partition("：")
    return title, reason


# --------------------------------------------------------------------------- 七、整改情况
PROBLEM_WORDS: dict[str, tuple[str, ...]] = {
    "UPDATE_GAP": ("未更新", "不更新", "停更"),
    "NO_INTERACTION": ("互动", "留言功能", "评论功能", "私信"),
    "REPLY_OVERDUE": ("留言", "答复", "未办结", "回复"),
    "SECURITY_INCIDENT": ("安全", "泄密", "盗号", "表述错误", "违规"),
    "ORIGINAL_MIN": ("原创",),
    "REPOST_OVERDUE": ("转发",),
    "THREE_REVIEWS": ("三审", "审核", "审签"),
    "PASSWORD_ROTATION": ("密码",),
    "FILING_OVERDUE": ("备案",),
    "TRANSFER_LATE": ("转办",),
    "TRANSFER_OVERDUE": ("转办", "承办单位"),
}
"""Words by which an item entered by hand (no rule) is recognised as being about a problem."""


def _about(item: RectificationRow, finding: Finding) -> bool:
    words = (*PROBLEM_WORDS.get(str(finding.rule), ()), finding_parts(finding)[0])
    return any(word and word in item.problem for word in words)


def _matching_item(
    finding: Finding, items: Sequence[RectificationRow], used: set[int]
) -> RectificationRow | None:
    """The 整改台账 item of this finding: same account and rule; else an item of the account entered by hand
    (no rule) whose problem names this kind of problem."""
    for exact in (True, False):
        for item in items:
            if item.id in used or item.account_id is None or item.account_id != finding.account_id:
                continue
            if (item.rule == str(finding.rule)) if exact else (not item.rule and _about(item, finding)):
                return item
    return None


def _state_text(item: RectificationRow) -> str:
    if item.completed_on is not None:
        return f"已完成（{chinese_date(item.completed_on)}）"
    return item.state


def draft_plans(inspection: Inspection, default_due: date, edits: Sequence[PlanRow] = ()) -> list[PlanRow]:
    """One row per problem of 六、存在问题, in its order: the 整改台账 item of the same account and rule when there
    is one (its 措施, 责任人, 时限, 状态), else a draft (the rule's usual 措施, the account's 主要负责人 or
    unit, ``default_due``, 待整改); a row the clerk edited (same key in ``edits``) keeps the clerk's words."""
    accounts = {a.id: a for a in inspection.accounts}
    ambiguous = ambiguous_names(inspection.accounts)
    edited = {e.key: e for e in edits}
    used: set[int] = set()
    out: list[PlanRow] = []
    for finding in inspection.findings:
        key = plan_key(finding.account_id, str(finding.rule))
        account = accounts.get(finding.account_id) if finding.account_id is not None else None
        name = account_label(finding.account, account.platform, ambiguous) if account else finding.account
        title, reason = finding_parts(finding)
        problem = f"{name}：{title}" + (f"（{reason}）" if reason else "")
        item = _matching_item(finding, inspection.rectifications, used)
        if item is not None:
            used.add(item.id)
            draft = PlanRow(
                key,
                problem,
                item.measure or _measure(str(finding.rule)),
                item.responsible or _responsible(account),
                item.due_on or default_due,
                _state_text(item),
                item.id,
            )
        else:
            draft = PlanRow(
                key,
                problem,
                _measure(str(finding.rule)),
                _responsible(account),
                default_due,
                RectificationState.OPEN.label,
            )
        if key in edited:
            e = edited[key]
            draft = PlanRow(key, problem, e.measure, e.responsible, e.due_on, e.state, draft.item_id)
        out.append(draft)
    return out


def other_items(inspection: Inspection, plans: Sequence[PlanRow]) -> list[RectificationRow]:
    """整改台账 items of the period that answer no problem of this report (a superior's 通报, a daily check)."""
    used = {p.item_id for p in plans if p.item_id is not None}
    return [i for i in inspection.rectifications if i.id not in used]


def _measure(rule: str) -> str:
    return EXTRA_MEASURES.get(rule) or MEASURES.get(rule) or "明确整改措施，限期整改到位"


def _responsible(account: AccountRow | None) -> str:
    if account is None:
        return ""
    return account.principal or account.unit


# --------------------------------------------------------------------------- 八、下一步工作安排
def _groups(findings: Sequence[Finding]) -> dict[str, set[int | None]]:
    out: dict[str, set[int | None]] = defaultdict(set)
    for finding in findings:
        out[str(finding.rule)].add(finding.account_id)
    return out


def draft_next_steps(inspection: Inspection) -> str:
    """ "一是……。" paragraphs: with problems, one for each kind of problem found (naming how many accounts) and a
    standing one; without problems, the standing work only — no promise of 整改 for problems there are none of."""
    steps: list[str] = []
    if inspection.findings:
        for rule, accounts in _groups(inspection.findings).items():
            text = NEXT_STEP_TEXT.get(rule)
            if text:
                steps.append(text.format(n=len(accounts)))
        steps.extend(STANDING_STEPS_WITH_PROBLEMS)
        steps.extend(STANDING_STEPS[1:] if len(steps) < 4 else ())
    else:
        steps.extend(STANDING_STEPS)
    return "\n".join(
        sentence(f"{ORDINALS[i] if i < len(ORDINALS) else i + 1}是{text}")
        for i, text in enumerate(steps[: len(ORDINALS)])
    )


# --------------------------------------------------------------------------- 主要做法和成效
def draft_achievements(inspection: Inspection) -> str:
    """What the office did and achieved, in the figures of the period ("一是……" paragraphs), for the clerk to
    rewrite in the office's own words."""
    o, p, r, s = inspection.overview, inspection.posting, inspection.replies, inspection.security
    filed = {f.kind: f for f in o.filings}
    opened = filed.get("开设备案")
    parts = [
        "规范账号管理。严格落实开设审批和备案制度，统计期内新开设账号"
        f"{o.opened}个，办理变更备案{o.changed}次，关停注销账号{o.closed}个"
        + (f"，开设备案{opened.total}件中按期办理{opened.on_time}件" if opened and opened.total else ""),
        f"坚持内容建设。统计期内共发布信息{p.posts}条，其中原创信息{p.originals}条，原创率{percent(p.original_rate)}"
        + (f"；按时完成上级转发任务{p.repost_on_time}个账号次" if p.repost_due else ""),
        f"积极回应关切。统计期内收到网民留言{r.received}条，按期答复率{percent(r.on_time_rate)}",
        f"筑牢安全防线。落实“三审三校”制度，三审合规率{percent(s.review_rate)}；账号密码专人保管、定期更换，"
        f"统计期内更换密码{s.rotations}次",
    ]
    for review in inspection.annual_reviews:
        parts[0] += f"；{review.year}年度应年审账号{review.owed}个，已完成{review.done}个"
    if inspection.trainings is not None:
        t = inspection.trainings
        parts.append(f"加强队伍建设。本年度组织内部培训{t.internal}次、参加外部培训{t.external}次")
    if inspection.wording is not None and inspection.wording.hits:
        w = inspection.wording
        parts[3] += f"；开展错敏检查，发现疑似错敏表述{w.hits}处，已更正{w.corrected}处"
    return "\n".join(sentence(f"{ORDINALS[i]}是{text}") for i, text in enumerate(parts))


@dataclass(frozen=True)
class Drafts:
    """Every draft of one inspection, for the tab's editors."""

    achievements: str
    next_steps: str
    plans: tuple[PlanRow, ...]


def drafts(inspection: Inspection, default_due: date, edits: Sequence[PlanRow] = ()) -> Drafts:
    return Drafts(
        draft_achievements(inspection),
        draft_next_steps(inspection),
        tuple(draft_plans(inspection, default_due, edits)),
    )
