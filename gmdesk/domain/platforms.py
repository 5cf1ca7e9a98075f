"""The platform catalogue (domain §1): names, aliases accepted on import, and the 群发 caps."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gmdesk.domain.enums import LabeledEnum, TimeUnit


class Platform(LabeledEnum):
    WECHAT_SUBSCRIPTION = "wechat_sub", "微信公众号-订阅号"
    WECHAT_SERVICE = "wechat_svc", "微信公众号-服务号"
    WECHAT_CHANNELS = "wechat_channels", "微信视频号"
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音"
    KUAISHOU = "kuaishou", "快手"
    TOUTIAO = "toutiao", "今日头条号"
    XIAOHONGSHU = "xiaohongshu", "小红书"
    BILIBILI = "bilibili", "哔哩哔哩"
    APP = "app", "政务客户端(APP)"
    OTHER = "other", "其他"


class PlatformFamily(StrEnum):
    """The three columns of the annual table (年度报表 移动新媒体): 微博, 微信, 其他."""

    WEIBO = "微博"
    WECHAT = "微信"
    OTHER = "其他"


@dataclass(frozen=True)
class PushCap:
    """At most ``count`` 群发 per ``per`` (a natural day or a natural month)."""

    count: int
    per: TimeUnit

    def describe(self) -> str:
        period = "每天" if self.per is TimeUnit.DAY else "每自然月"
        return f"{period}最多群发{self.count}次"


@dataclass(frozen=True)
class PlatformInfo:
    platform: Platform
    family: PlatformFamily
    push_cap: PushCap | None = None
    """The platform's own limit on mass pushes; 发表 without 群发 is not capped."""
    reply_window_hours: int | None = None
    """Customer-service replies to a follower are only possible this long after the follower wrote."""
    aliases: tuple[str, ...] = ()
    audience_label: str = "关注数"

    @property
    def label(self) -> str:
        return self.platform.label


CATALOGUE: dict[Platform, PlatformInfo] = {
    info.platform: info
    for info in (
        PlatformInfo(
            Platform.WECHAT_SUBSCRIPTION,
            PlatformFamily.WECHAT,
            PushCap(1, TimeUnit.DAY),
            reply_window_hours=48,
            aliases=("订阅号", "微信订阅号", "公众号-订阅号", "微信公众号订阅号", "微信公众号"),
            audience_label="订阅数",
        ),
        PlatformInfo(
            Platform.WECHAT_SERVICE,
            PlatformFamily.WECHAT,
            PushCap(4, TimeUnit.MONTH),
            reply_window_hours=48,
            aliases=("服务号", "微信服务号", "公众号-服务号", "微信公众号服务号"),
            audience_label="订阅数",
        ),
        PlatformInfo(Platform.WECHAT_CHANNELS, PlatformFamily.WECHAT, aliases=("视频号",)),
        PlatformInfo(Platform.WEIBO, PlatformFamily.WEIBO, aliases=("新浪微博", "政务微博")),
        PlatformInfo(Platform.DOUYIN, PlatformFamily.OTHER, aliases=("抖音号",)),
        PlatformInfo(Platform.KUAISHOU, PlatformFamily.OTHER, aliases=("快手号",)),
        PlatformInfo(Platform.TOUTIAO, PlatformFamily.OTHER, aliases=("今日头条", "头条号", "头条")),
        PlatformInfo(Platform.XIAOHONGSHU, PlatformFamily.OTHER),
        PlatformInfo(Platform.BILIBILI, PlatformFamily.OTHER, aliases=("B站", "b站", "bilibili")),
        PlatformInfo(Platform.APP, PlatformFamily.OTHER, aliases=("政务客户端", "APP", "客户端", "App")),
        PlatformInfo(Platform.OTHER, PlatformFamily.OTHER),
    )
}


def platform_info(platform: Platform) -> PlatformInfo:
    return CATALOGUE[platform]


def parse_platform(text: str) -> Platform:
    """The platform named by a label, code or common alias; ValueError with the accepted names otherwise."""
    wanted = str(text).strip()
    for info in CATALOGUE.values():
        if wanted in (info.platform.value, info.platform.label) or wanted in info.aliases:
            return info.platform
    names = "、".join(p.label for p in Platform)
    raise ValueError(f"未知平台“{wanted}”，应为：{names}")
