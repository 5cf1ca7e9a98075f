from __future__ import annotations

import pytest

from gmdesk.domain.enums import AccountState, MessageCategory, TimeUnit
from gmdesk.domain.platforms import CATALOGUE, Platform, PlatformFamily, parse_platform


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("微信公众号-订阅号", Platform.WECHAT_SUBSCRIPTION),
        ("订阅号", Platform.WECHAT_SUBSCRIPTION),
        (" 服务号 ", Platform.WECHAT_SERVICE),
        ("新浪微博", Platform.WEIBO),
        ("头条号", Platform.TOUTIAO),
        ("政务客户端(APP)", Platform.APP),
        ("douyin", Platform.DOUYIN),
    ],
)
def test_platform_names_and_aliases(text: str, platform: Platform) -> None:
    assert parse_platform(text) is platform


def test_an_unknown_platform_lists_the_accepted_names() -> None:
    with pytest.raises(ValueError, match=r"未知平台“脸书”.*微博"):
        parse_platform("脸书")


def test_the_catalogue_covers_every_platform_with_its_cap() -> None:
    assert set(CATALOGUE) == set(Platform)
    assert CATALOGUE[Platform.WECHAT_SUBSCRIPTION].push_cap.count == 1
    assert CATALOGUE[Platform.WECHAT_SUBSCRIPTION].push_cap.per is TimeUnit.DAY
    assert CATALOGUE[Platform.WECHAT_SERVICE].push_cap.count == 4
    assert CATALOGUE[Platform.WECHAT_SERVICE].push_cap.per is TimeUnit.MONTH
    assert CATALOGUE[Platform.WECHAT_SUBSCRIPTION].reply_window_hours == 48
    assert CATALOGUE[Platform.WEIBO].family is PlatformFamily.WEIBO
    assert CATALOGUE[Platform.DOUYIN].push_cap is None


def test_labeled_enums_parse_codes_labels_and_aliases() -> None:
    assert AccountState.from_text("运行中(已备案)") is AccountState.RUNNING
    assert AccountState.from_text("运行中") is AccountState.RUNNING
    assert AccountState.from_text("closed") is AccountState.CLOSED
    assert MessageCategory.from_text("投诉") is MessageCategory.COMPLAINT
    with pytest.raises(ValueError, match="应为：咨询、建议、投诉、求助、其他"):
        MessageCategory.from_text("表扬")
    assert AccountState.CLOSING.is_live and not AccountState.CANCELED.is_live
