"""The quarterly 检查情况通报 (domain §6): the office's notice *down* to the units — per-unit figures (发布条数,
原创, 更新是否及时, 留言按期率), a ranking, each problem with the units and accounts named and what they must do
by when. Pure data from an :class:`~gmdesk.domain.inspection.Inspection`; the Word writer only prints it.

Ranking: by 信息发布量 (posts published in the period), then 原创; a unit whose account broke a veto is ranked
after every unit without one — a unit that posts a lot but let an account go silent for two weeks is not
held up as an example.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from gmdesk.domain.enums import Severity, UnitType
from gmdesk.domain.findings import Finding
from gmdesk.domain.inspection import AccountRow, Inspection, WordingFigures, rate
from gmdesk.domain.rectification import MEASURES
from gmdesk.domain.report_drafts import EXTRA_MEASURES, account_label, ambiguous_names, finding_parts

DEFAULT_WORKDAYS = 10
"""整改时限 of a 通报: 10 working days from its date unless the clerk says otherwise."""

REQUIREMENTS: dict[str, str] = {
    "UPDATE_GAP": "立即恢复更新，明确专人负责，制定发布计划，确保每两周至少更新一次；确无力维护的账号，按程序"
    "发布停更公告并申请关停注销",
    "NO_INTERACTION": "开通留言、评论或私信功能，明确专人及时回应网民诉求",
    "REPLY_OVERDUE": "对超期留言逐条办理、限期答复，落实按期答复制度",
    "SECURITY_INCIDENT": "查明原因、消除影响，修改账号密码并开启登录保护，严格落实“三审三校”制度",
}
"""整改要求 of the problems a 通报 names (other rules use the 整改台账's usual 措施)."""


@dataclass(frozen=True)
class UnitFigures:
    """One unit's line of 总体情况."""

    unit: str
    accounts: int
    posts: int
    originals: int
    timely: bool
    """更新是否及时: no account of the unit went ``gap_limit_days`` days without a post."""
    due: int
    on_time: int
    vetoed: bool = False
    rank: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.due)


@dataclass(frozen=True)
class ProblemEntry:
    """One account with the problem: its unit, its name (with the platform where needed) and the detail."""

    unit: str
    account: str
    detail: str


@dataclass(frozen=True)
class ProblemGroup:
    title: str
    rule: str
    veto: bool
    entries: tuple[ProblemEntry, ...]
    requirement: str

    @property
    def units(self) -> list[str]:
        return list(dict.fromkeys(e.unit for e in self.entries))


@dataclass(frozen=True)
class Notice:
    """Everything the 通报 prints."""

    title: str
    number: str
    """文号: 青政办〔2025〕3号."""
    office: str
    recipients: str
    signed_on: date
    deadline: date
    workdays: int
    period_label: str
    indicator_set: str
    accounts: int
    passed: int
    failed: int
    posts: int
    originals: int
    due: int
    on_time: int
    gap_limit_days: int
    units: tuple[UnitFigures, ...]
    """In the office's order of units."""
    problems: tuple[ProblemGroup, ...]
    contact: str = ""
    phone: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    wording: WordingFigures | None = None
    """错敏 hits of the quarter, by unit."""

    @property
    def ranking(self) -> list[UnitFigures]:
        return sorted(self.units, key=lambda u: u.rank)


def notice_title(period_label: str) -> str:
    """关于2025年第三季度全县政务新媒体检查情况的通报."""
    return f"关于{period_label}全县政务新媒体检查情况的通报"


def default_recipients(unit_types: Sequence[UnitType]) -> str:
    """主送 every unit, as county notices write it: 各乡镇人民政府，县直各有关单位."""
    parts = []
    if UnitType.TOWNSHIP in unit_types:
        parts.append("各乡镇人民政府")
    if any(t not in (UnitType.TOWNSHIP, UnitType.COUNTY_OFFICE) for t in unit_types):
        parts.append("县直各有关单位")
    return "，".join(parts) or "各有关单位"


def unit_figures(accounts: Sequence[AccountRow], vetoed_units: set[str]) -> list[UnitFigures]:
    """Per unit, in the order the accounts come (the office's order of units), with its rank."""
    grouped: dict[str, list[AccountRow]] = defaultdict(list)
    for account in accounts:
        grouped[account.unit].append(account)
    rows = [
        UnitFigures(
            unit,
            len(members),
            sum(a.posts for a in members),
            sum(a.originals for a in members),
            not any(a.gap_breaches for a in members),
            sum(a.due for a in members),
            sum(a.on_time for a in members),
            unit in vetoed_units,
        )
        for unit, members in grouped.items()
    ]
    order = sorted(range(len(rows)), key=lambda i: (rows[i].vetoed, -rows[i].posts, -rows[i].originals, i))
    ranks = {index: position for position, index in enumerate(order, start=1)}
    return [UnitFigures(**{**r.__dict__, "rank": ranks[i]}) for i, r in enumerate(rows)]


def problem_groups(inspection: Inspection) -> list[ProblemGroup]:
    """The findings by problem, each account named with its unit, in the order of 六、存在问题."""
    accounts = {a.id: a for a in inspection.accounts}
    ambiguous = ambiguous_names(inspection.accounts)
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in inspection.findings:
        grouped[finding_parts(finding)[0]].append(finding)
    out = []
    for title, found in grouped.items():
        entries = []
        for finding in found:
            account = accounts.get(finding.account_id) if finding.account_id is not None else None
            name = account_label(finding.account, account.platform, ambiguous) if account else finding.account
            entries.append(ProblemEntry(account.unit if account else "", name, finding_parts(finding)[1]))
        rule = str(found[0].rule)
        requirement = (
            REQUIREMENTS.get(rule) or EXTRA_MEASURES.get(rule) or MEASURES.get(rule) or "限期整改到位"
        )
        out.append(ProblemGroup(title, rule, found[0].severity is Severity.VETO, tuple(entries), requirement))
    return out


def build_notice(
    inspection: Inspection,
    *,
    number: str,
    office: str,
    recipients: str,
    signed_on: date,
    deadline: date,
    workdays: int,
    contact: str = "",
    phone: str = "",
) -> Notice:
    vetoed = {a.unit for a in inspection.accounts if a.verdict is not None and not a.verdict.passed}
    o, p, r = inspection.overview, inspection.posting, inspection.replies
    return Notice(
        title=notice_title(inspection.period.label),
        number=number,
        office=office,
        recipients=recipients,
        signed_on=signed_on,
        deadline=deadline,
        workdays=workdays,
        period_label=inspection.period.label,
        indicator_set=inspection.indicator_set,
        accounts=o.accounts,
        passed=o.passed,
        failed=o.failed,
        posts=p.posts,
        originals=p.originals,
        due=r.due,
        on_time=r.on_time,
        gap_limit_days=p.gap_limit_days,
        units=tuple(unit_figures(inspection.accounts, vetoed)),
        problems=tuple(problem_groups(inspection)),
        contact=contact,
        phone=phone,
        notes=inspection.notes,
        wording=inspection.wording,
    )
