"""Policy profiles (domain §2–§4): every threshold is data the clerk may choose and edit, never a constant.

A profile bundles the update rules, the reply deadlines and the filing deadlines. The default profile is
"国办底线+常规"; the presets are the local rules the customer's documents name. An account may override any
value with a dotted path (``"update.gap.amount": 10``), applied by :func:`with_overrides`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from gmdesk.domain.enums import MessageCategory, Severity, TimeUnit
from gmdesk.domain.errors import UserError
from gmdesk.domain.platforms import CATALOGUE, Platform, PushCap

BASIS_STATE_COUNCIL_2018 = "《国务院办公厅关于推进政务新媒体健康有序发展的意见》（国办发〔2018〕123号）"
BASIS_INSPECTION_2019 = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"


@dataclass(frozen=True)
class Span:
    """An amount of time counted in one unit: 14 自然日, 5 工作日, 1 自然月, 24 小时."""

    amount: int
    unit: TimeUnit

    def describe(self) -> str:
        if self.unit is TimeUnit.HOUR:
            return f"{self.amount}小时"
        if self.unit is TimeUnit.WEEK:
            return f"{self.amount}周"
        if self.unit is TimeUnit.MONTH:
            return "每个自然月" if self.amount == 1 else f"{self.amount}个自然月"
        return f"{self.amount}个{self.unit.label}"


def days(n: int) -> Span:
    return Span(n, TimeUnit.DAY)


def workdays(n: int) -> Span:
    return Span(n, TimeUnit.WORKDAY)


def hours(n: int) -> Span:
    return Span(n, TimeUnit.HOUR)


def months(n: int) -> Span:
    return Span(n, TimeUnit.MONTH)


@dataclass(frozen=True)
class FrequencyRule:
    """At least ``count`` posts in every ``window`` (``MIN_FREQUENCY``) or only 原创 posts (``ORIGINAL_MIN``)."""

    rule: str
    count: int
    window: Span
    originals_only: bool = False
    mass_push_only: bool = False
    platforms: tuple[Platform, ...] = ()
    """Empty means every platform."""
    severity: Severity = Severity.VIOLATION
    basis: str = ""

    def applies_to(self, platform: Platform) -> bool:
        return not self.platforms or platform in self.platforms

    def describe(self) -> str:
        what = "原创信息" if self.originals_only else ("群发" if self.mass_push_only else "信息")
        if self.window.unit is TimeUnit.WORKDAY and self.window.amount == 1:
            return f"每个工作日至少发布{self.count}条{what}（节假日除外）"
        if self.window.unit is TimeUnit.MONTH and self.window.amount == 1:
            return f"每个自然月至少发布{self.count}条{what}"
        return f"每{self.window.describe()}至少发布{self.count}条{what}"


@dataclass(frozen=True)
class RecommendedRange:
    """A recommended posting range (运营指南): below or above it gives a warning, never a violation."""

    platforms: tuple[Platform, ...]
    minimum: int
    maximum: int
    window: Span
    basis: str = ""

    def describe(self) -> str:
        return f"建议每{self.window.describe()}发布{self.minimum}—{self.maximum}条"


@dataclass(frozen=True)
class UpdateRules:
    gap: Span = days(14)
    """``UPDATE_GAP``: this long without a published post is a 单项否决."""
    gap_warning: Span = days(10)
    """``UPDATE_GAP_SOON``: warn from this gap on, or when the gap will reach ``gap`` before the next plan."""
    zombie: Span = days(90)
    frequency: tuple[FrequencyRule, ...] = (
        FrequencyRule("MIN_FREQUENCY", 1, days(7), basis="本县政务新媒体管理办法（常规要求）"),
        FrequencyRule(
            "ORIGINAL_MIN", 1, months(1), originals_only=True, basis="本县政务新媒体管理办法（常规要求）"
        ),
    )
    recommended: tuple[RecommendedRange, ...] = ()
    push_caps: dict[Platform, PushCap] = field(default_factory=dict)
    """Caps that differ from the platform catalogue; empty means the catalogue's."""
    require_interaction: bool = True
    three_reviews_required: bool = True
    """先审后发: 撰稿, 审核 and 审签 must be signed before a post is marked published."""
    leader_signoff_for_important: bool = True
    preferred_push_times: tuple[str, ...] = ("08:00", "12:30", "20:00")
    """Recommended push times (7–9, 12–14, 19–22), used by the gap filler."""

    def push_cap(self, platform: Platform) -> PushCap | None:
        if platform in self.push_caps:
            return self.push_caps[platform]
        return CATALOGUE[platform].push_cap


@dataclass(frozen=True)
class ReplyRules:
    first_response: Span = workdays(1)
    first_response_urgent: Span = hours(1)
    answer: dict[MessageCategory, Span] = field(
        default_factory=lambda: {
            MessageCategory.CONSULT: workdays(5),
            MessageCategory.SUGGEST: workdays(5),
            MessageCategory.COMPLAINT: workdays(7),
            MessageCategory.HELP: workdays(5),
            MessageCategory.OTHER: workdays(5),
        }
    )
    extension_cap: Span = workdays(15)
    """Extensions may move the answer deadline at most this far after receipt, in total."""
    transfer: Span = workdays(1)
    """A message that belongs to another unit is forwarded within this time."""
    transfer_answer: Span = workdays(5)
    """The default due date given to the unit a message is forwarded to."""
    escalate_after: Span = days(30)
    long_unanswered: Span = months(3)
    private_window: Span = hours(48)
    """WeChat customer-service replies must come within this window (second clock for 私信)."""
    due_soon: Span = hours(24)


@dataclass(frozen=True)
class FilingRules:
    open_filing: Span = workdays(5)
    change_filing: Span = workdays(5)
    closure_notice: Span = workdays(15)
    """How long the 停更公告 stays up before the account may be cancelled on the platform."""
    cancel_filing: Span = workdays(5)
    annual_review_month: int = 11
    """The annual inspection report is due by the end of this month."""
    due_soon: Span = workdays(2)
    password_rotation: Span = days(90)


@dataclass(frozen=True)
class TrainingRules:
    """Staff training (seed 000, domain §8): trainings a year for the people who run the accounts."""

    internal_per_year: int = 4
    external_per_year: int = 2
    warn_from_month: int = 10
    """``TRAINING_SHORT`` is raised from the first day of this month while a count is below its target."""


@dataclass(frozen=True)
class PolicyProfile:
    name: str
    description: str = ""
    update: UpdateRules = field(default_factory=UpdateRules)
    replies: ReplyRules = field(default_factory=ReplyRules)
    filing: FilingRules = field(default_factory=FilingRules)
    training: TrainingRules = field(default_factory=TrainingRules)

    def to_dict(self) -> dict[str, Any]:
        return typing.cast(dict[str, Any], _encode(self))  # a dataclass encodes as a dict

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyProfile:
        return typing.cast(PolicyProfile, _decode(cls, data, ""))  # decoding a class gives its instance


DEFAULT_PROFILE_NAME = "国办底线+常规"


def _presets() -> dict[str, PolicyProfile]:
    default = PolicyProfile(
        DEFAULT_PROFILE_NAME,
        "国家底线要求（2周内须有更新、互动功能可用）加本县常规要求（每周至少1条、每月至少1条原创）。",
    )
    yunnan = replace(
        default,
        name="云南",
        description="云南省要求：每天至少发布1条信息（节假日除外），每2周至少1条原创；停更公告期15个工作日。",
        update=replace(
            default.update,
            frequency=(
                FrequencyRule("MIN_FREQUENCY", 1, workdays(1), basis="云南省政务新媒体管理办法"),
                FrequencyRule(
                    "ORIGINAL_MIN", 1, days(14), originals_only=True, basis="云南省政务新媒体管理办法"
                ),
            ),
        ),
    )
    template = replace(
        default,
        name="模板办法",
        description="政务新媒体管理办法（模板）：原则上1—3天发布一次信息。",
        update=replace(
            default.update,
            frequency=(
                FrequencyRule("MIN_FREQUENCY", 1, days(3), basis="政务新媒体管理办法（模板）"),
                default.update.frequency[1],
            ),
        ),
    )
    guide = replace(
        default,
        name="运营指南",
        description="政务新媒体运营指南：微信每周3—5条、微博每天3—5条为宜；留言24小时内首次回应。",
        update=replace(
            default.update,
            recommended=(
                RecommendedRange(
                    (Platform.WECHAT_SUBSCRIPTION, Platform.WECHAT_SERVICE),
                    3,
                    5,
                    Span(1, TimeUnit.WEEK),
                    "运营指南",
                ),
                RecommendedRange((Platform.WEIBO,), 3, 5, days(1), "运营指南"),
            ),
        ),
        replies=replace(default.replies, first_response=hours(24)),
    )
    tianxin = replace(
        default,
        name="天心区",
        description="天心区要求：开设后10个工作日内备案、注销后5个工作日内备案；服务号每月发布次数不应明显低于可发布次数。",
        update=replace(
            default.update,
            frequency=(
                *default.update.frequency,
                FrequencyRule(
                    "MIN_FREQUENCY",
                    4,
                    months(1),
                    mass_push_only=True,
                    platforms=(Platform.WECHAT_SERVICE,),
                    severity=Severity.WARNING,
                    basis="天心区政务新媒体管理办法",
                ),
            ),
        ),
        filing=replace(default.filing, open_filing=workdays(10), cancel_filing=workdays(5)),
    )
    hedong = replace(
        default,
        name="河东区",
        description="河东区要求：开设后2个工作日内备案。",
        filing=replace(default.filing, open_filing=workdays(2)),
    )
    dongguan = replace(
        default,
        name="东莞",
        description="东莞市要求：开设后3日内备案。",
        filing=replace(default.filing, open_filing=days(3)),
    )
    return {p.name: p for p in (default, yunnan, template, guide, tianxin, hedong, dongguan)}


PRESETS: dict[str, PolicyProfile] = _presets()


def default_profile() -> PolicyProfile:
    return PRESETS[DEFAULT_PROFILE_NAME]


def with_overrides(profile: PolicyProfile, overrides: dict[str, Any]) -> PolicyProfile:
    """The profile with an account's overrides applied; a bad path or value raises UserError in Chinese."""
    if not overrides:
        return profile
    data = profile.to_dict()
    for path, value in overrides.items():
        node: Any = data
        keys = path.split(".")
        for key in keys[:-1]:
            node = _child(node, key, path)
        last = keys[-1]
        if isinstance(node, list):
            _child(node, last, path)
            node[int(last)] = value
        else:
            _child(node, last, path)
            node[last] = value
    return PolicyProfile.from_dict(data)


def _child(node: Any, key: str, path: str) -> Any:
    """``node[key]`` for a dict key or a list index given as text; ValueError naming the path otherwise."""
    if isinstance(node, dict) and key in node:
        return node[key]
    if isinstance(node, list) and key.isdigit() and int(key) < len(node):
        return node[int(key)]
    raise _BadSetting(f"规则设置项“{path}”不存在")


def flatten(profile: PolicyProfile) -> list[tuple[str, Any]]:
    """Every editable scalar setting as (dotted path, value), in a stable order."""
    items: list[tuple[str, Any]] = []

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{prefix}.{key}" if prefix else str(key))
        elif isinstance(node, list):
            if all(not isinstance(v, dict | list) for v in node):
                items.append((prefix, node))
            else:
                for index, value in enumerate(node):
                    walk(value, f"{prefix}.{index}")
        else:
            items.append((prefix, node))

    data = profile.to_dict()
    data.pop("name")
    data.pop("description")
    walk(data, "")
    return items


# --------------------------------------------------------------------------- JSON round trip
def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {(k.value if isinstance(k, Enum) else k): _encode(v) for k, v in value.items()}
    return value


class _BadSetting(UserError, ValueError):
    """A setting the clerk entered (or a stored profile) that the rules cannot use."""


def _decode(kind: Any, data: Any, path: str) -> Any:
    origin = typing.get_origin(kind)
    try:
        if isinstance(kind, type) and dataclasses.is_dataclass(kind):
            if not isinstance(data, dict):
                raise ValueError
            hints = typing.get_type_hints(kind)
            known = {f.name for f in dataclasses.fields(kind)}
            args = {
                name: _decode(hints[name], value, f"{path}.{name}".lstrip("."))
                for name, value in data.items()
                if name in known
            }
            return kind(**args)
        if origin is tuple:
            item_kind = typing.get_args(kind)[0]
            return tuple(_decode(item_kind, v, path) for v in data)
        if origin is dict:
            key_kind, value_kind = typing.get_args(kind)
            return {
                _decode(key_kind, k, path): _decode(value_kind, v, f"{path}.{k}") for k, v in data.items()
            }
        if origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(kind) if a is not type(None)]
            return None if data is None else _decode(options[0], data, path)
        if isinstance(kind, type) and issubclass(kind, Enum):
            return kind(data)
        if kind is bool:
            if not isinstance(data, bool):
                raise ValueError
            return data
        if kind is int:
            if isinstance(data, bool) or not isinstance(data, int | float) or int(data) != data or data < 0:
                raise ValueError
            return int(data)
        if kind is str:
            return str(data)
    except _BadSetting:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise _BadSetting(f"规则设置项“{path or '(整体)'}”的取值“{data}”无效") from exc
    return data
