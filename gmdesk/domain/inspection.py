"""The figures of the self-inspection report (domain §6) as plain data, and the pure rules behind some of them.

The service (``gmdesk.services.inspection``) fills these from the database; the Word and Excel writers and the
UI only read them. Definitions an inspector may ask about:

- **最长连续未更新** (``longest_gap``): the most days between two consecutive publishing days, counting from the
  last post before the period (or the opening day) and up to the period's last known day (or the closing day).
  The 14-day veto itself is judged by the frequency engine (``UPDATE_GAP`` breaches in the period), which
  counts the check day as a national inspection does.
- **备案及时**: an event of the period (开设备案, 变更备案, 注销备案) done by its due day is 按期; done after it
  逾期办理; not done with the due day past 逾期未办; otherwise 办理中.
- **三审合规**: a published post with 撰稿, 审核 and 审签 all signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from gmdesk.domain.enums import Severity
from gmdesk.domain.findings import Finding, sort_findings
from gmdesk.domain.indicators import Verdict
from gmdesk.domain.report_period import ReportPeriod


# --------------------------------------------------------------------------- pure rules
def longest_gap(
    post_days: Sequence[int], floor: int | None, first: int, last: int, opened: int | None
) -> int | None:
    """The longest gap in days (ordinals in, days out) that touches [first, last].

    ``post_days``: sorted ordinals of the publishing days in [first, last]; ``floor``: the last publishing day
    before ``first``; ``opened``: the opening day. None when the account was not open in the range.
    """
    if last < first or (opened is not None and opened > last):
        return None
    previous = floor if floor is not None else (opened if opened is not None else first)
    if opened is not None and floor is not None and opened > floor:
        previous = opened  # history imported from before the opening does not count
    longest = 0
    for day in post_days:
        longest = max(longest, day - previous)
        previous = day
    return max(longest, last - previous)


class FilingOutcome(StrEnum):
    ON_TIME = "按期办理"
    LATE = "逾期办理"
    OVERDUE = "逾期未办"
    OPEN = "办理中"


def filing_outcome(due_on: date | None, completed_on: date | None, as_of: date) -> FilingOutcome:
    if completed_on is not None:
        return FilingOutcome.LATE if due_on is not None and completed_on > due_on else FilingOutcome.ON_TIME
    if due_on is not None and as_of > due_on:
        return FilingOutcome.OVERDUE
    return FilingOutcome.OPEN


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


# --------------------------------------------------------------------------- the figures
@dataclass(frozen=True)
class FilingTally:
    kind: str
    """开设备案, 变更备案, 注销备案."""
    total: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0


@dataclass(frozen=True)
class AccountRow:
    """One account of the scope: its ledger line (section 二) and its figures for the period."""

    id: int
    name: str
    platform: str
    """The platform's label."""
    platform_account_id: str
    unit: str
    verified_entity: str
    opened_on: date | None
    ops_mode: str
    principal: str
    admin: str
    filing: str
    """备案状态: 已备案（编号）, 待备案, 已关停…"""
    followers: int
    state: str
    family: str = "其他"
    """The 年度报表 column: 微博, 微信 or 其他."""
    posts: int = 0
    originals: int = 0
    months: tuple[int, ...] = ()
    """Published posts per month of the period."""
    longest_gap: int | None = None
    gap_breaches: int = 0
    gap_limit_days: int = 14
    interaction_enabled: bool = True
    received: int = 0
    due: int = 0
    on_time: int = 0
    open_long: int = 0
    repost_due: int = 0
    repost_missed: int = 0
    reviewed: int = 0
    incidents: int = 0
    password_overdue: bool = False
    filings_late: int = 0
    verdict: Verdict | None = None

    @property
    def original_rate(self) -> float | None:
        return rate(self.originals, self.posts)

    def figures(self) -> dict[str, Any]:
        """The values indicators read (keys of ``indicators.FIGURES``)."""
        return {
            "posts": self.posts,
            "originals": self.originals,
            "original_rate": self.original_rate,
            "longest_gap_days": self.longest_gap if self.longest_gap is not None else 0,
            "gap_breaches": self.gap_breaches,
            "gap_limit_days": self.gap_limit_days,
            "interaction_enabled": 1 if self.interaction_enabled else 0,
            "received": self.received,
            "on_time_rate": rate(self.on_time, self.due),
            "overdue_replies": self.due - self.on_time,
            "open_long": self.open_long,
            "repost_missed": self.repost_missed,
            "three_review_rate": rate(self.reviewed, self.posts),
            "incidents": self.incidents,
            "password_overdue": 1 if self.password_overdue else 0,
            "filings_late": self.filings_late,
        }


@dataclass(frozen=True)
class Overview:
    """一、总体情况."""

    accounts: int
    """Accounts open at some time in the period."""
    by_platform: tuple[tuple[str, int], ...]
    by_state: tuple[tuple[str, int], ...]
    """Every account of the scope by its current state (the ledger as it stands)."""
    opened: int
    changed: int
    closed: int
    filings: tuple[FilingTally, ...]
    passed: int
    failed: int


@dataclass(frozen=True)
class PostingSummary:
    """三、信息发布情况."""

    posts: int
    originals: int
    months: tuple[tuple[str, int], ...]
    longest_gap: int | None
    longest_gap_account: str
    gap_limit_days: int
    accounts_gap_veto: int
    repost_tasks: int
    repost_due: int
    repost_on_time: int
    repost_late: int
    repost_missed: int

    @property
    def original_rate(self) -> float | None:
        return rate(self.originals, self.posts)


@dataclass(frozen=True)
class CategoryRow:
    category: str
    received: int
    answered: int
    due: int
    on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.due)


@dataclass(frozen=True)
class ReplySummary:
    """四、互动回应情况."""

    received: int
    answered: int
    rejected: int
    still_open: int
    due: int
    on_time: int
    avg_first_response_hours: float | None
    avg_handling_days: float | None
    open_overdue: int
    open_long: int
    by_category: tuple[CategoryRow, ...]
    months: tuple[tuple[str, int, int], ...]
    """(month label, fell due, answered on time) for the timeliness chart."""
    transfers: int = 0
    """Messages forwarded (转办) in the period."""
    transfers_late: int = 0
    """Forwarded later than the profile's limit (TRANSFER_LATE)."""
    transfers_unit_late: int = 0
    """The unit answered after its due date or not at all (TRANSFER_OVERDUE)."""

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.due)


@dataclass(frozen=True)
class IncidentRow:
    occurred_on: date
    account: str
    kind: str
    description: str
    handling: str
    resolved_on: date | None


@dataclass(frozen=True)
class SecuritySummary:
    """五、安全管理情况."""

    published: int
    reviewed: int
    important: int
    important_signed: int
    incidents: tuple[IncidentRow, ...]
    rotations: int
    accounts_rotated: int
    handovers: int
    password_overdue: int
    without_custodian: int

    @property
    def review_rate(self) -> float | None:
        return rate(self.reviewed, self.published)


@dataclass(frozen=True)
class RectificationRow:
    """七、整改情况: one 整改 item (问题 → 措施 → 责任人 → 时限 → 状态)."""

    id: int
    account: str
    problem: str
    measure: str
    responsible: str
    due_on: date | None
    state: str
    completed_on: date | None
    source: str
    account_id: int | None = None
    rule: str = ""
    """The finding's rule when the item was made from one (empty when entered by hand)."""


@dataclass(frozen=True)
class AnnualReview:
    """年审 of one review year: the accounts that owed it (live, opened before the review month) and those whose
    年审 was done by the period's last day."""

    year: int
    due_on: date
    owed: int
    done: int
    missing: tuple[str, ...] = ()
    """The accounts (账号名称) that owed it and had not done it."""


@dataclass(frozen=True)
class TrainingFigures:
    """Trainings of the period against the yearly targets (domain §8: internal ≥ 4, external ≥ 2). Filled only
    where a training register exists."""

    internal: int
    external: int
    internal_target: int = 4
    external_target: int = 2


@dataclass(frozen=True)
class WordingUnit:
    """错敏 hits in one unit's published posts of the period."""

    unit: str
    posts: int
    hits: int
    corrected: int
    verified: int
    examples: tuple[str, ...] = ()
    """"青岚发布《…》：“截止目前”应为“截至目前”（错别字）", the first few still open."""

    @property
    def open(self) -> int:
        return self.hits - self.corrected - self.verified


@dataclass(frozen=True)
class WordingFigures:
    """错敏 screening of the period's published posts (domain §9): hits found, corrected, verified, left."""

    scanned: int
    posts: int
    hits: int
    corrected: int
    verified: int
    by_category: tuple[tuple[str, int], ...] = ()
    units: tuple[WordingUnit, ...] = ()

    @property
    def open(self) -> int:
        return self.hits - self.corrected - self.verified

    def sentence(self) -> str:
        if not self.hits:
            return f"统计期内经错敏词库检查已发布信息{self.scanned}条，未发现错别字、过时表述等错敏问题。"
        kinds = "、".join(f"{label}{count}处" for label, count in self.by_category)
        return (
            f"统计期内经错敏词库检查已发布信息{self.scanned}条，发现疑似错敏表述{self.hits}处（{kinds}），"
            f"已更正{self.corrected}处，经核实无误{self.verified}处，尚未处理{self.open}处。"
        )


@dataclass(frozen=True)
class Inspection:
    period: ReportPeriod
    scope: str
    """全县 or the unit's name."""
    unit_id: int | None
    as_of: date
    indicator_set: str
    overview: Overview
    accounts: tuple[AccountRow, ...]
    posting: PostingSummary
    replies: ReplySummary
    security: SecuritySummary
    findings: tuple[Finding, ...]
    """存在问题: the broken indicators of every account, worst first."""
    rectifications: tuple[RectificationRow, ...]
    generated_at: datetime | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    """What the figures could not know (e.g. a period still running)."""
    annual_reviews: tuple[AnnualReview, ...] = ()
    """年审 of each review year whose due date falls in the period."""
    trainings: TrainingFigures | None = None
    """None: no training register to count from."""
    wording: WordingFigures | None = None
    """错敏 screening of the period's published posts (None: not screened)."""

    @property
    def last_day(self) -> date:
        return self.period.until(self.as_of)

    def figures_json(self) -> dict[str, Any]:
        """The headline figures kept with a Report row (history shows them without regenerating)."""
        return {
            "period": self.period.to_json(),
            "scope": self.scope,
            "as_of": self.as_of.isoformat(),
            "indicator_set": self.indicator_set,
            "accounts": self.overview.accounts,
            "passed": self.overview.passed,
            "failed": self.overview.failed,
            "opened": self.overview.opened,
            "changed": self.overview.changed,
            "closed": self.overview.closed,
            "posts": self.posting.posts,
            "originals": self.posting.originals,
            "longest_gap": self.posting.longest_gap,
            "accounts_gap_veto": self.posting.accounts_gap_veto,
            "messages": self.replies.received,
            "answered": self.replies.answered,
            "due": self.replies.due,
            "on_time": self.replies.on_time,
            "open_long": self.replies.open_long,
            "incidents": len(self.security.incidents),
            "rotations": self.security.rotations,
            "problems": len(self.findings),
            "rectifications": len(self.rectifications),
        }


@dataclass(frozen=True)
class PlanRow:
    """七、整改情况: the row of one problem of 六、存在问题 (问题 → 措施 → 责任人 → 时限 → 状态), drafted from the
    finding and the 整改台账 and edited by the clerk before generating."""

    key: str
    """Which finding it answers: ``account id:rule`` (see :func:`plan_key`)."""
    problem: str
    measure: str
    responsible: str
    due_on: date | None
    state: str
    item_id: int | None = None
    """The 整改台账 item it was drafted from, if any."""

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "problem": self.problem,
            "measure": self.measure,
            "responsible": self.responsible,
            "due_on": self.due_on.isoformat() if self.due_on else "",
            "state": self.state,
            "item_id": self.item_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanRow:
        due = str(data.get("due_on") or "")
        item = data.get("item_id")
        return cls(
            str(data.get("key") or ""),
            str(data.get("problem") or ""),
            str(data.get("measure") or ""),
            str(data.get("responsible") or ""),
            date.fromisoformat(due) if due else None,
            str(data.get("state") or ""),
            int(item) if item not in (None, "") else None,
        )


def plan_key(account_id: int | None, rule: str) -> str:
    return f"{account_id if account_id is not None else ''}:{rule}"


_TEXT_FIELDS = (
    "organisation",
    "office",
    "recipient",
    "achievements",
    "next_steps",
    "remarks",
    "unit_head",
    "reviewer",
    "preparer",
    "phone",
)


@dataclass(frozen=True)
class Narrative:
    """The parts the clerk writes, kept with the report (Report.narrative)."""

    organisation: str = ""
    """Who reports (the title's first words); empty: the county or the unit."""
    next_steps: str = ""
    """八、下一步工作安排; empty: drafted from the problems found."""
    remarks: str = ""
    unit_head: str = ""
    reviewer: str = ""
    preparer: str = ""
    """填报人; the service fills it with the operator when empty."""
    phone: str = ""
    signed_on: date | None = None
    """成文日期; empty: the day of generating."""
    office: str = ""
    """The 落款 (发文机关署名) that stamps it: 设置 › 报告单位 for the county (default the supervising office),
    the unit itself for a unit's report."""
    recipient: str = ""
    """主送机关."""
    achievements: str = ""
    """主要做法和成效 (一、总体情况); empty: drafted from the figures."""
    plans: tuple[PlanRow, ...] = ()
    """七、整改情况 as the clerk edited it; rows of problems no longer found are dropped, new ones drafted."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(self, name) for name in _TEXT_FIELDS}
        data["signed_on"] = self.signed_on.isoformat() if self.signed_on else ""
        data["plans"] = [p.to_json() for p in self.plans]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Narrative:
        data = dict(data or {})
        signed = data.get("signed_on") or ""
        values = {k: str(data.get(k) or "") for k in _TEXT_FIELDS}
        plans = tuple(PlanRow.from_json(p) for p in data.get("plans") or () if isinstance(p, dict))
        return cls(**values, signed_on=date.fromisoformat(signed) if signed else None, plans=plans)

    def with_(self, **changes: Any) -> Narrative:
        return replace(self, **changes)


def title_of(inspection: Inspection, narrative: Narrative) -> str:
    """青岚县2026年度政务新媒体自查报告."""
    who = narrative.organisation or inspection.scope
    return f"{who}{inspection.period.label}政务新媒体自查报告"


ANNUAL_WECHAT_PLATFORMS = ("微信公众号-订阅号", "微信公众号-服务号")
"""The 年度报表's 微信 table counts 公众号 (信息发布量, 订阅数); a 视频号 has neither and goes under 其他."""


def annual_family(account: AccountRow) -> str:
    if account.family == "微信" and account.platform not in ANNUAL_WECHAT_PLATFORMS:
        return "其他"
    return account.family


def annual_table(accounts: Sequence[AccountRow]) -> dict[str, list[AccountRow]]:
    """The 年度报表 移动新媒体 part: the accounts under 微博, 微信 (公众号 only) and 其他, in that order."""
    out: dict[str, list[AccountRow]] = {"微博": [], "微信": [], "其他": []}
    for account in accounts:
        out.setdefault(annual_family(account), []).append(account)
    return out


def verdict_findings(account: AccountRow, verdict: Verdict, day: date) -> list[Finding]:
    """The broken indicators of an account as findings (存在问题), so they can become 整改 items."""
    out = []
    for breach in verdict.breaches:
        indicator = breach.indicator
        severity = Severity.VETO if indicator.veto else Severity.VIOLATION
        out.append(
            Finding(
                indicator.rule or indicator.key,
                severity,
                account.name,
                day,
                f"{indicator.title}：{breach.reason}",
                account.id,
                f"inspection:{indicator.key}",
            )
        )
    return out


def all_findings(accounts: Sequence[AccountRow], day: date) -> tuple[Finding, ...]:
    found = [f for a in accounts if a.verdict is not None for f in verdict_findings(a, a.verdict, day)]
    return tuple(sort_findings(found))
