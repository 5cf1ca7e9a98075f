"""The closed vocabularies of the domain.

Each member stores a short ASCII code (what the database keeps) and carries its Chinese label (what the
clerk sees and what the Excel interchange files contain, ../shared/domain.md §7).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Self, TypeVar

_E = TypeVar("_E", bound="LabeledEnum")


def _new_member(cls: type[_E], value: str, label: str) -> _E:
    """A member of the class body, ``NAME = (code, label)``."""
    member = str.__new__(cls, value)
    member._value_ = value
    member.label = label
    return member


class LabeledEnum(StrEnum):
    """A string enum whose members have a Chinese ``label`` and may be parsed from it."""

    label: str

    if TYPE_CHECKING:
        # What callers do: ``MessageState("open")`` looks a member up by its code (EnumType.__call__). Only the
        # class body's (code, label) pairs reach __new__, which is _new_member at run time.
        def __new__(cls, value: str) -> Self: ...
    else:
        __new__ = _new_member

    @classmethod
    def from_text(cls, text: str) -> Self:
        """Parse a code or a Chinese label (surrounding blanks ignored); raise ValueError otherwise."""
        wanted = str(text).strip()
        found = _TEXTS.get(cls)
        if found is None:
            found = _TEXTS[cls] = _texts(cls)
        member = found.get(wanted)
        if member is not None:
            return member  # type: ignore[return-value]  # (the index of this very class)
        choices = "、".join(m.label for m in cls)
        raise ValueError(f"“{wanted}”不是有效的取值，应为：{choices}")

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]


def _aliases(member: LabeledEnum) -> tuple[str, ...]:
    return _ALIASES.get(member, ())


_TEXTS: dict[type[LabeledEnum], dict[str, LabeledEnum]] = {}
"""Per class, every text ``from_text`` accepts → its member (an import parses several cells a row: walking
the members for each took a fifth of checking 50,000 messages)."""


def _texts(cls: type[LabeledEnum]) -> dict[str, LabeledEnum]:
    """Codes and labels first, then aliases; within each, the first member declared wins."""
    found: dict[str, LabeledEnum] = {}
    for member in cls:
        found.setdefault(member.value, member)
        found.setdefault(member.label, member)
    for member in cls:
        for alias in _aliases(member):
            if alias:
                found.setdefault(alias, member)
    return found


class UnitType(LabeledEnum):
    COUNTY_OFFICE = "county_office", "县政府办"
    TOWNSHIP = "township", "乡镇"
    DEPARTMENT = "department", "部门"
    INSTITUTION = "institution", "事业单位"
    OTHER = "other", "其他"


class Role(LabeledEnum):
    """Who answers for an account (domain §1)."""

    PRINCIPAL = "principal", "主要负责人"
    DEPUTY = "deputy", "分管负责人"
    EDITOR = "editor", "总编辑/审核人"
    ADMIN = "admin", "管理员"
    INFORMANT = "informant", "信息员"


class AccountState(LabeledEnum):
    """The life cycle of domain §2, in order."""

    PROPOSED = "proposed", "拟开设"
    APPLYING = "applying", "申请中"
    APPROVED = "approved", "已批准"
    OPENED = "opened", "已开设(待备案)"
    RUNNING = "running", "运行中(已备案)"
    CLOSING = "closing", "拟关停(停更公告)"
    CANCELED = "canceled", "已注销(待关停备案)"
    CLOSED = "closed", "已关停"

    @property
    def is_live(self) -> bool:
        """Open to the public, so the update and interaction rules apply (until 注销)."""
        return self in (AccountState.OPENED, AccountState.RUNNING, AccountState.CLOSING)


class OpsMode(LabeledEnum):
    SELF = "self", "自行运维"
    OUTSOURCED = "outsourced", "购买服务"


class FilingKind(LabeledEnum):
    APPLICATION = "application", "开设申请"
    OPEN_FILING = "open_filing", "开设备案"
    CHANGE_FILING = "change_filing", "变更备案"
    CLOSURE_NOTICE = "closure_notice", "停更公告"
    CANCEL_FILING = "cancel_filing", "注销备案"
    ANNUAL_REVIEW = "annual_review", "年审"


class FilingStatus(LabeledEnum):
    PENDING = "pending", "待办"
    DONE = "done", "已完成"
    WITHDRAWN = "withdrawn", "已撤销"


class PaperState(LabeledEnum):
    """The paper life of a generated form (domain §2)."""

    NONE = "none", "未生成"
    GENERATED = "generated", "已生成"
    PRINTED = "printed", "已打印"
    SIGNED = "signed", "已签字盖章"
    SUBMITTED = "submitted", "已报送"
    FILED = "filed", "已备案"


class PostStatus(LabeledEnum):
    PLANNED = "planned", "计划"
    PUBLISHED = "published", "已发布"
    CANCELLED = "cancelled", "已取消"


class PostKind(LabeledEnum):
    ORIGINAL = "original", "原创"
    REPOST = "repost", "转载"


class PostCategory(LabeledEnum):
    AFFAIRS = "affairs", "政务动态"
    POLICY = "policy", "政策解读"
    SERVICE = "service", "民生服务"
    RESPONSE = "response", "回应关切"
    SUPERIOR = "superior", "转发上级"
    OTHER = "other", "其他"


class MessageChannel(LabeledEnum):
    BOARD = "board", "留言"
    COMMENT = "comment", "评论"
    PRIVATE = "private", "私信"
    LETTER = "letter", "来信"


class MessageCategory(LabeledEnum):
    CONSULT = "consult", "咨询"
    SUGGEST = "suggest", "建议"
    COMPLAINT = "complaint", "投诉"
    HELP = "help", "求助"
    OTHER = "other", "其他"


class Urgency(LabeledEnum):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"


class MessageState(LabeledEnum):
    PENDING = "pending", "待处理"
    ACKNOWLEDGED = "acknowledged", "已回应"
    TRANSFERRED = "transferred", "已转办"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"
    REJECTED = "rejected", "不予受理"

    @property
    def is_open(self) -> bool:
        return self in (MessageState.PENDING, MessageState.ACKNOWLEDGED, MessageState.TRANSFERRED)


class MessageEventKind(LabeledEnum):
    RECEIVED = "received", "收到"
    ACKNOWLEDGED = "acknowledged", "已回应"
    TRANSFERRED = "transferred", "已转办"
    TRANSFER_ANSWERED = "transfer_answered", "承办单位已答复"
    EXTENDED = "extended", "延期"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"
    REJECTED = "rejected", "不予受理"
    NOTE = "note", "备注"


class Severity(LabeledEnum):
    """Finding severities; the values are the JSON words of domain §7."""

    VETO = "veto", "单项否决"
    VIOLATION = "violation", "违规"
    WARNING = "warning", "提醒"

    @property
    def rank(self) -> int:
        return {Severity.VETO: 3, Severity.VIOLATION: 2, Severity.WARNING: 1}[self]


class RectificationSource(LabeledEnum):
    SELF_INSPECTION = "self", "自查发现"
    SUPERIOR_NOTICE = "notice", "上级通报"
    OTHER = "other", "其他"


class RectificationState(LabeledEnum):
    OPEN = "open", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    DONE = "done", "已完成"


class OperatorRole(LabeledEnum):
    """Who may do what in gmdesk (gmdesk.domain.permissions); not the 管理员 role of an account's people."""

    CLERK = "clerk", "信息员"
    REVIEWER = "reviewer", "审核员"
    HEAD = "head", "负责人"
    ADMIN = "admin", "管理员"


class TimeUnit(LabeledEnum):
    """How a window or a deadline is counted."""

    DAY = "day", "自然日"
    WORKDAY = "workday", "工作日"
    WEEK = "week", "周"
    MONTH = "month", "自然月"
    HOUR = "hour", "小时"


_ALIASES: dict[LabeledEnum, tuple[str, ...]] = {
    AccountState.OPENED: ("已开设", "待备案"),
    AccountState.RUNNING: ("运行中", "已备案", "正常"),
    AccountState.CLOSING: ("拟关停", "停更公告"),
    AccountState.CANCELED: ("已注销", "待关停备案"),
    Role.EDITOR: ("总编辑", "审核人"),
    OpsMode.SELF: ("自行", "自主运维"),
    OpsMode.OUTSOURCED: ("购买服务", "第三方运维", "委托运维"),
    PostKind.REPOST: ("转发",),
    MessageChannel.BOARD: ("留言板",),
    Urgency.URGENT: ("急",),
    Urgency.NORMAL: ("普通",),
}


class TrainingKind(LabeledEnum):
    """内部 trainings the office or unit holds itself, 外部 ones its staff attend elsewhere (domain §8, §9)."""

    INTERNAL = "internal", "内部"
    EXTERNAL = "external", "外部"


class WordingCategory(LabeledEnum):
    """The kinds of 错敏 of domain §9; the first two warn, the last two are violations."""

    TYPO = "typo", "错别字"
    OUTDATED = "outdated", "过时表述"
    SERIOUS = "serious", "严重表述错误"
    BANNED = "banned", "违规用语"

    @property
    def severity(self) -> Severity:
        return (
            Severity.WARNING
            if self in (WordingCategory.TYPO, WordingCategory.OUTDATED)
            else Severity.VIOLATION
        )


class WordingMark(LabeledEnum):
    """What the clerk recorded about a post's 错敏 hits."""

    VERIFIED = "verified", "已核实"
    """Checked: correct in its context (a name, a quotation, a historical statement)."""
    CORRECTED = "corrected", "已更正"
    """Corrected where it was published."""
