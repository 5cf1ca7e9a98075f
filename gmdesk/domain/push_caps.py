"""群发 caps (domain §1, §3): 订阅号 once a day, 服务号 four times a natural month; 发表 is never capped.

Planning refuses a 群发 over the cap and shows the quota left; recorded history over the cap is reported
by ``gmdesk check`` as ``PUSH_CAP``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from gmdesk.domain.enums import TimeUnit
from gmdesk.domain.platforms import Platform, PushCap
from gmdesk.domain.windows import day_text
from gmdesk.domain.workdays import month_bounds

BASIS_PLATFORM = "微信公众平台群发规则"


def period(cap: PushCap, day: date) -> tuple[date, date]:
    """The natural day, week or month the cap counts in."""
    if cap.per is TimeUnit.DAY:
        return day, day
    if cap.per is TimeUnit.WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    return month_bounds(day)


def period_name(cap: PushCap, day: date, reference: date | None = None) -> str:
    first, last = period(cap, day)
    if cap.per is TimeUnit.DAY:
        return day_text(day, reference)
    if cap.per is TimeUnit.WEEK:
        return f"{day_text(first, reference)}—{day_text(last, reference)}这一周"
    if reference is None or first.year == reference.year:
        return f"{first.month}月"
    return f"{first.year}年{first.month}月"


@dataclass(frozen=True)
class Quota:
    cap: PushCap
    first: date
    last: date
    used: int
    """群发 already published or planned in the period (not counting the post being saved)."""

    @property
    def remaining(self) -> int:
        return max(0, self.cap.count - self.used)

    def allows(self, more: int = 1) -> bool:
        return self.used + more <= self.cap.count

    def describe(self, reference: date | None = None) -> str:
        when = period_name(self.cap, self.first, reference)
        return f"{when}已群发或计划群发{self.used}次，上限{self.cap.count}次，剩余{self.remaining}次"


def quota(cap: PushCap, pushes: Mapping[date, int], day: date) -> Quota:
    """The quota of the period holding ``day``, given the 群发 count of each day."""
    first, last = period(cap, day)
    used = sum(n for d, n in pushes.items() if first <= d <= last)
    return Quota(cap, first, last, used)


@dataclass(frozen=True)
class CapBreach:
    first: date
    last: date
    day: date
    """The day the cap was passed (the day of the push one too many)."""
    count: int
    """群发 in the whole period."""
    cap: PushCap


def cap_breaches(cap: PushCap, pushes: Mapping[date, int]) -> list[CapBreach]:
    """Every period over the cap, with the day it was passed, in date order."""
    totals: dict[tuple[date, date], int] = {}
    passed: dict[tuple[date, date], date] = {}
    for day in sorted(pushes):
        if pushes[day] <= 0:
            continue
        key = period(cap, day)
        totals[key] = totals.get(key, 0) + pushes[day]
        if totals[key] > cap.count and key not in passed:
            passed[key] = day
    return [CapBreach(key[0], key[1], passed[key], totals[key], cap) for key in sorted(passed)]


def breach_message(breach: CapBreach, platform: Platform, as_of: date) -> str:
    when = period_name(breach.cap, breach.day, as_of)
    return (
        f"{when}群发{breach.count}次，超过{platform.label}{breach.cap.describe()}的限制"
        f"（依据：{BASIS_PLATFORM}）。超出的应改为“发表”（不群发），请核对发布记录。"
    )


def refusal_message(quota_left: Quota, platform: Platform, account: str, as_of: date) -> str:
    return (
        f"“{account}”是{platform.label}，{quota_left.cap.describe()}：{quota_left.describe(as_of)}。"
        "不能再安排群发。可取消“群发”勾选改为发表，或改到其他日期。"
    )
