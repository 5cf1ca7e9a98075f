"""Policy profiles are data: presets, JSON round trips, overrides with clear Chinese errors."""

from __future__ import annotations

import json

import pytest

from gmdesk.domain.enums import MessageCategory, Severity, TimeUnit
from gmdesk.domain.platforms import Platform, PushCap
from gmdesk.domain.policy import (
    DEFAULT_PROFILE_NAME,
    PRESETS,
    PolicyProfile,
    Span,
    default_profile,
    flatten,
    with_overrides,
)
from gmdesk.domain.policy_labels import setting_label


def test_the_default_profile_holds_the_national_baseline() -> None:
    profile = default_profile()
    assert profile.name == DEFAULT_PROFILE_NAME == "国办底线+常规"
    assert profile.update.gap == Span(14, TimeUnit.DAY)
    assert profile.update.gap_warning == Span(10, TimeUnit.DAY)
    assert profile.update.zombie == Span(90, TimeUnit.DAY)
    minimum, original = profile.update.frequency
    assert (minimum.rule, minimum.count, minimum.window) == ("MIN_FREQUENCY", 1, Span(7, TimeUnit.DAY))
    assert (original.rule, original.originals_only, original.window) == (
        "ORIGINAL_MIN",
        True,
        Span(1, TimeUnit.MONTH),
    )
    assert profile.replies.answer[MessageCategory.COMPLAINT] == Span(7, TimeUnit.WORKDAY)
    assert profile.replies.answer[MessageCategory.CONSULT] == Span(5, TimeUnit.WORKDAY)
    assert profile.replies.first_response_urgent == Span(1, TimeUnit.HOUR)
    assert profile.replies.extension_cap == Span(15, TimeUnit.WORKDAY)
    assert profile.replies.private_window == Span(48, TimeUnit.HOUR)
    assert profile.filing.open_filing == Span(5, TimeUnit.WORKDAY)
    assert profile.filing.password_rotation == Span(90, TimeUnit.DAY)
    assert profile.update.push_cap(Platform.WECHAT_SUBSCRIPTION) == PushCap(1, TimeUnit.DAY)
    assert profile.update.push_cap(Platform.WECHAT_SERVICE) == PushCap(4, TimeUnit.MONTH)
    assert profile.update.push_cap(Platform.WEIBO) is None


def test_presets_named_in_the_rules_exist() -> None:
    assert {"云南", "模板办法", "运营指南", "天心区"} <= set(PRESETS)
    yunnan = PRESETS["云南"].update.frequency
    assert yunnan[0].window == Span(1, TimeUnit.WORKDAY)
    assert "节假日除外" in yunnan[0].describe()
    assert yunnan[1].window == Span(14, TimeUnit.DAY) and yunnan[1].originals_only
    assert PRESETS["模板办法"].update.frequency[0].window == Span(3, TimeUnit.DAY)
    assert PRESETS["运营指南"].replies.first_response == Span(24, TimeUnit.HOUR)
    assert PRESETS["天心区"].filing.open_filing == Span(10, TimeUnit.WORKDAY)
    service_rule = PRESETS["天心区"].update.frequency[-1]
    assert service_rule.platforms == (Platform.WECHAT_SERVICE,) and service_rule.severity is Severity.WARNING
    assert PRESETS["东莞"].filing.open_filing == Span(3, TimeUnit.DAY)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_survives_a_json_round_trip(name: str) -> None:
    profile = PRESETS[name]
    assert PolicyProfile.from_dict(json.loads(json.dumps(profile.to_dict(), ensure_ascii=False))) == profile


def test_overrides_change_only_what_they_name() -> None:
    base = default_profile()
    changed = with_overrides(
        base, {"update.gap.amount": 10, "replies.answer.complaint.amount": 3, "update.frequency.0.count": 2}
    )
    assert changed.update.gap == Span(10, TimeUnit.DAY)
    assert changed.replies.answer[MessageCategory.COMPLAINT] == Span(3, TimeUnit.WORKDAY)
    assert changed.update.frequency[0].count == 2
    assert changed.replies.answer[MessageCategory.CONSULT] == base.replies.answer[MessageCategory.CONSULT]
    assert with_overrides(base, {}) is base


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"update.gapx": 1}, "规则设置项“update.gapx”不存在"),
        ({"update.frequency.9.count": 1}, "不存在"),
        ({"update.gap.amount": "十四"}, "update.gap.amount"),
        ({"update.gap.amount": -1}, "无效"),
        ({"update.gap.unit": "year"}, "update.gap.unit"),
        ({"update.require_interaction": "yes"}, "无效"),
    ],
)
def test_bad_overrides_are_refused_with_the_path(overrides: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        with_overrides(default_profile(), overrides)


def test_every_setting_has_a_chinese_label() -> None:
    for path, _ in flatten(PRESETS["天心区"]):
        label = setting_label(path)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in label), path
        assert "." not in label, path
