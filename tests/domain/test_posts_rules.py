"""Rules of a single post: 来源 for 转载, 三审 before publishing, a leader for 重要信息; 群发 caps and quotas."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from gmdesk.domain.enums import PostKind, PostStatus, TimeUnit
from gmdesk.domain.platforms import Platform, PushCap
from gmdesk.domain.policy import default_profile
from gmdesk.domain.post_rules import PostDraft, content_problems, publish_problems
from gmdesk.domain.push_caps import cap_breaches, period, quota, refusal_message

RULES = default_profile().update
NOW = datetime(2026, 11, 20, 9, 30)


def draft(**fields: object) -> PostDraft:
    base = PostDraft(account_id=1, title="我县召开秋冬季森林防火工作会议", at=datetime(2026, 11, 20, 8, 0))
    return replace(base, **fields)  # type: ignore[arg-type]


def signed(**fields: object) -> PostDraft:
    values: dict[str, object] = {
        "status": PostStatus.PUBLISHED,
        "drafted_by": "李娜",
        "drafted_at": datetime(2026, 11, 19, 15, 0),
        "reviewed_by": "王强",
        "reviewed_at": datetime(2026, 11, 19, 17, 0),
        "approved_by": "张伟",
        "approved_at": datetime(2026, 11, 20, 7, 30),
    }
    return draft(**{**values, **fields})


def test_a_repost_must_name_its_source() -> None:
    assert "转载信息必须注明来源" in content_problems(draft(kind=PostKind.REPOST))[0]
    assert content_problems(draft(kind=PostKind.REPOST, source="中国政府网")) == []
    assert content_problems(draft(title="  ")) == ["标题不能为空"]
    assert content_problems(draft(url="mp.weixin.qq.com/s/x")) == ["链接应以 http:// 或 https:// 开头"]


def test_publishing_needs_the_three_reviews_with_names_and_times() -> None:
    problems = publish_problems(draft(status=PostStatus.PUBLISHED, drafted_by="李娜"), RULES, [], NOW)
    assert len(problems) == 1
    assert "先审后发" in problems[0]
    assert "撰稿时间、审核人和时间、审签人和时间" in problems[0]
    assert publish_problems(signed(), RULES, [], NOW) == []
    assert publish_problems(draft(), RULES, [], NOW) == []  # a plan needs nothing yet


def test_sign_offs_in_the_wrong_order_are_refused() -> None:
    late = signed(approved_at=datetime(2026, 11, 20, 8, 30))
    assert publish_problems(late, RULES, [], NOW) == ["审签时间晚于发布时间，不符合“先审后发”"]
    swapped = signed(reviewed_at=datetime(2026, 11, 19, 14, 0))
    assert publish_problems(swapped, RULES, [], NOW) == ["审核时间早于撰稿时间，请核对三审记录"]


def test_a_publication_in_the_future_is_a_plan() -> None:
    problems = publish_problems(signed(at=datetime(2026, 11, 21, 8, 0)), RULES, [], NOW)
    assert any("晚于当前时间" in p for p in problems)


def test_important_information_needs_a_leader() -> None:
    important = signed(is_important=True)
    assert publish_problems(important, RULES, ["张伟", "赵敏"], NOW) == []
    problems = publish_problems(signed(is_important=True, approved_by="王强"), RULES, ["张伟", "赵敏"], NOW)
    assert problems == ["重要信息须由单位领导审签（张伟、赵敏），当前审签人“王强”不是本账号登记的领导"]
    relaxed = replace(RULES, three_reviews_required=False)
    assert publish_problems(draft(status=PostStatus.PUBLISHED), relaxed, [], NOW) == []
    only_leader = publish_problems(draft(status=PostStatus.PUBLISHED, is_important=True), relaxed, [], NOW)
    assert only_leader and "审签人和时间" in only_leader[0]


def test_subscription_quota_is_one_push_a_day() -> None:
    cap = RULES.push_cap(Platform.WECHAT_SUBSCRIPTION)
    assert cap == PushCap(1, TimeUnit.DAY)
    used = quota(cap, {date(2026, 11, 20): 1, date(2026, 11, 19): 1}, date(2026, 11, 20))
    assert (used.used, used.remaining, used.allows()) == (1, 0, False)
    text = refusal_message(used, Platform.WECHAT_SUBSCRIPTION, "青岚县发布", date(2026, 11, 20))
    assert "每天最多群发1次" in text and "11月20日已群发或计划群发1次，上限1次，剩余0次" in text
    assert quota(cap, {date(2026, 11, 19): 1}, date(2026, 11, 20)).allows()


def test_service_account_quota_is_four_a_natural_month() -> None:
    cap = RULES.push_cap(Platform.WECHAT_SERVICE)
    assert cap is not None and period(cap, date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))
    pushes = {date(2026, 11, d): 1 for d in (3, 10, 17)}
    left = quota(cap, pushes, date(2026, 11, 24))
    assert (
        left.remaining == 1
        and left.describe(date(2026, 11, 1)) == "11月已群发或计划群发3次，上限4次，剩余1次"
    )
    pushes[date(2026, 11, 24)] = 1
    assert not quota(cap, pushes, date(2026, 11, 28)).allows()
    assert quota(cap, pushes, date(2026, 12, 1)).allows()
    assert RULES.push_cap(Platform.WEIBO) is None


def test_cap_breaches_name_the_day_of_one_push_too_many() -> None:
    month = PushCap(4, TimeUnit.MONTH)
    pushes = {date(2026, 10, d): 1 for d in (2, 7, 12, 17, 22)}
    (breach,) = cap_breaches(month, pushes)
    assert (breach.day, breach.count, breach.first) == (date(2026, 10, 22), 5, date(2026, 10, 1))
    daily = cap_breaches(PushCap(1, TimeUnit.DAY), {date(2026, 10, 2): 2, date(2026, 10, 3): 1})
    assert [(b.day, b.count) for b in daily] == [(date(2026, 10, 2), 2)]
