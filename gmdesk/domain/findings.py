"""Findings: what a rule says about an account, a message or a filing on a date (domain §7 JSON shape)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from gmdesk.domain.enums import Severity


class RuleId(StrEnum):
    """Rule identifiers of domain §2–§4 and §7; stable, scripts rely on them."""

    UPDATE_GAP = "UPDATE_GAP"
    UPDATE_GAP_SOON = "UPDATE_GAP_SOON"
    MIN_FREQUENCY = "MIN_FREQUENCY"
    ORIGINAL_MIN = "ORIGINAL_MIN"
    PUSH_CAP = "PUSH_CAP"
    ZOMBIE = "ZOMBIE"
    NO_INTERACTION = "NO_INTERACTION"
    NO_POST_RECORD = "NO_POST_RECORD"
    RECOMMENDED_RANGE = "RECOMMENDED_RANGE"
    REPOST_OVERDUE = "REPOST_OVERDUE"
    REPLY_OVERDUE = "REPLY_OVERDUE"
    REPLY_DUE_SOON = "REPLY_DUE_SOON"
    TRANSFER_LATE = "TRANSFER_LATE"
    TRANSFER_OVERDUE = "TRANSFER_OVERDUE"
    FILING_OVERDUE = "FILING_OVERDUE"
    FILING_DUE_SOON = "FILING_DUE_SOON"
    PASSWORD_ROTATION = "PASSWORD_ROTATION"
    DUPLICATE_PLATFORM = "DUPLICATE_PLATFORM"
    ENTITY_MISMATCH = "ENTITY_MISMATCH"
    RECTIFICATION_OVERDUE = "RECTIFICATION_OVERDUE"
    RECTIFICATION_DUE_SOON = "RECTIFICATION_DUE_SOON"
    HOLIDAY_DATA_MISSING = "HOLIDAY_DATA_MISSING"
    TRAINING_SHORT = "TRAINING_SHORT"
    WORDING = "WORDING"


RULE_TITLES: dict[RuleId, str] = {
    RuleId.UPDATE_GAP: "连续两周未更新",
    RuleId.UPDATE_GAP_SOON: "即将超期未更新",
    RuleId.MIN_FREQUENCY: "更新频率不足",
    RuleId.ORIGINAL_MIN: "原创信息不足",
    RuleId.PUSH_CAP: "超出群发次数",
    RuleId.ZOMBIE: "僵尸账号",
    RuleId.NO_INTERACTION: "互动功能未开通",
    RuleId.NO_POST_RECORD: "尚无发布记录",
    RuleId.RECOMMENDED_RANGE: "发布数量偏离建议",
    RuleId.REPOST_OVERDUE: "转发任务逾期",
    RuleId.REPLY_OVERDUE: "留言逾期未答复",
    RuleId.REPLY_DUE_SOON: "留言即将到期",
    RuleId.TRANSFER_LATE: "转办不及时",
    RuleId.TRANSFER_OVERDUE: "承办单位逾期未反馈",
    RuleId.FILING_OVERDUE: "备案逾期",
    RuleId.FILING_DUE_SOON: "备案即将到期",
    RuleId.PASSWORD_ROTATION: "密码超期未更换",
    RuleId.DUPLICATE_PLATFORM: "同一平台重复开设",
    RuleId.ENTITY_MISMATCH: "认证主体与主办单位不一致",
    RuleId.RECTIFICATION_OVERDUE: "整改逾期",
    RuleId.RECTIFICATION_DUE_SOON: "整改即将到期",
    RuleId.HOLIDAY_DATA_MISSING: "缺少节假日数据",
    RuleId.TRAINING_SHORT: "培训次数不足",
    RuleId.WORDING: "疑有错敏表述",
}


INDICATOR_RULE_TITLES: dict[str, str] = {
    "SECURITY_INCIDENT": "安全、泄密等严重问题",
    "THREE_REVIEWS": "三审制度落实不到位",
}
"""Rules of the indicator sets (domain §6) that are not checks of their own."""


def rule_title(rule: str) -> str:
    """A rule id as the clerk reads it (UPDATE_GAP → 连续两周未更新); an unknown id is shown as it is."""
    try:
        return RULE_TITLES[RuleId(rule)]
    except ValueError:
        return INDICATOR_RULE_TITLES.get(rule, rule)


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    account: str
    """The account's name (账号名称); empty for findings about no single account."""
    date: date
    """When the rule breaks or broke (for forecasts: the first future date it will break)."""
    message: str
    """A Chinese explanation naming the rule and its basis."""
    account_id: int | None = None
    subject: str = ""
    """What the finding is about when not the account itself, e.g. ``message:42`` or ``filing:7``."""
    when: str = ""
    """How late or how soon, in the unit its rule counts in ("逾期5个工作日", "逾期7天", "剩2个工作日"), for
    lists that show it beside the finding; empty for findings without a deadline."""
    source: str = ""
    """Which rules judged it: "规则方案“云南”（本单位当前方案）", an account's own profile or overrides."""

    def to_json(self, with_source: bool = False) -> dict[str, Any]:
        """The stable §7 shape: rule, severity, account, date, message; ``with_source`` adds ``source`` (asked
        for explicitly, so scripts that compare the five keys see exactly those)."""
        shape: dict[str, Any] = {
            "rule": str(self.rule),
            "severity": self.severity.value,
            "account": self.account,
            "date": self.date.isoformat(),
            "message": self.message,
        }
        if with_source:
            shape["source"] = self.source
        return shape

    @property
    def needs_attention(self) -> bool:
        """Vetoes and violations make ``gmdesk check`` exit 1; warnings do not."""
        return self.severity in (Severity.VETO, Severity.VIOLATION)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Worst first, then soonest, then by account."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.date, f.account, str(f.rule)))
