"""The Chinese explanations of the frequency findings: what happened, the rule, and its basis."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from gmdesk.domain.policy import BASIS_INSPECTION_2019, RecommendedRange
from gmdesk.domain.post_tally import ALL, ORIGINALS, PUSHES
from gmdesk.domain.windows import day_text, describe_window
from gmdesk.domain.workdays import DayKind, WorkCalendar

if TYPE_CHECKING:
    from gmdesk.domain.frequency import Breach, WindowRule


def what(kinds: tuple[int, ...]) -> str:
    if kinds == ALL:
        return "信息"
    if kinds == ORIGINALS:
        return "原创信息"
    if kinds == PUSHES:
        return "群发信息"
    return "原创群发信息"


def holiday_note(day: date, calendar: WorkCalendar) -> str:
    """``，正值春节假期`` when the day falls in a holiday, ``，当天为休息日`` on a weekend."""
    info = calendar.info(day)
    if info.kind is DayKind.HOLIDAY:
        name = info.name or "法定节假日"
        return f"，正值{name}假期" if not name.endswith("假期") else f"，正值{name}"
    if info.kind is DayKind.WEEKEND:
        return "，当天为休息日"
    return ""


def latest_safe_day(breaks_on: date, as_of: date, calendar: WorkCalendar) -> date:
    """The last working day before the break (today at the earliest): when the clerk should publish."""
    day = calendar.previous_workday(breaks_on)
    return max(day, as_of)


def _since(anchor: date, posted: bool, as_of: date) -> str:
    if posted:
        return f"最后一次发布在{day_text(anchor, as_of)}"
    return f"自{day_text(anchor, as_of)}开设以来未发布任何信息"


def no_interaction() -> str:
    return f"留言、评论或私信等互动功能未开通或已关闭，属“互动回应差”情形，单项否决（依据：{BASIS_INSPECTION_2019}）。"


def gap(rule: WindowRule, anchor: date, posted: bool, days: int, as_of: date, planned_today: int) -> str:
    text = (
        f"已连续{days}天未更新（{_since(anchor, posted, as_of)}），违反“{rule.requirement}”的要求，"
        f"属内容不更新情形，单项否决（依据：{rule.basis}，监测时间点前2周内无更新的即单项否决）。"
    )
    if planned_today:
        text += f"今天已安排{planned_today}条，发布后请及时登记。"
    return text


def zombie(rule: WindowRule, anchor: date, posted: bool, days: int, as_of: date) -> str:
    return (
        f"已连续{days}天未更新（{_since(anchor, posted, as_of)}），{rule.requirement}（依据：{rule.basis}）。"
    )


def gap_soon(
    rule: WindowRule,
    anchor: date,
    posted: bool,
    days: int,
    breaks_on: date,
    next_plan: date | None,
    as_of: date,
    calendar: WorkCalendar,
) -> str:
    plan = f"下一条计划在{day_text(next_plan, as_of)}" if next_plan is not None else "目前没有发布计划"
    latest = latest_safe_day(breaks_on, as_of, calendar)
    return (
        f"已连续{days}天未更新（{_since(anchor, posted, as_of)}），{plan}；若不发布，将于"
        f"{day_text(breaks_on, as_of, weekday=True)}连续{rule.span.describe()}未更新{holiday_note(breaks_on, calendar)}，"
        f"构成单项否决（依据：{rule.basis}）。请最迟于{day_text(latest, as_of, weekday=True)}发布。"
    )


def plan_too_late(
    rule: WindowRule, anchor: date, breaks_on: date, next_plan: date, as_of: date, calendar: WorkCalendar
) -> str:
    latest = latest_safe_day(breaks_on, as_of, calendar)
    return (
        f"下一条计划在{day_text(next_plan, as_of)}，在此之前将于{day_text(breaks_on, as_of, weekday=True)}"
        f"连续{rule.span.describe()}未更新{holiday_note(breaks_on, calendar)}，构成单项否决（依据：{rule.basis}）。"
        f"请最迟于{day_text(latest, as_of, weekday=True)}安排发布。"
    )


def window_breach(rule: WindowRule, start: date, end: date, found: int, as_of: date) -> str:
    posts = f"没有发布{what(rule.kinds)}" if found == 0 else f"仅发布{found}条{what(rule.kinds)}"
    basis = f"（依据：{rule.basis}）" if rule.basis else ""
    return f"{describe_window(start, end, as_of)}{posts}，不符合“{rule.requirement}”的要求{basis}。"


def window_soon(rule: WindowRule, breach: Breach, as_of: date, calendar: WorkCalendar) -> str:
    when = "今天" if breach.end == as_of else day_text(breach.end, as_of, weekday=True)
    posts = f"没有{what(rule.kinds)}" if breach.found == 0 else f"只有{breach.found}条{what(rule.kinds)}"
    return (
        f"按目前的发布和计划，{describe_window(breach.start, breach.end, as_of)}{posts}，"
        f"将于{when}不符合“{rule.requirement}”的要求{holiday_note(breach.end, calendar)}，请及时安排发布。"
    )


def recommended(advice: RecommendedRange, start: date, end: date, found: int, as_of: date) -> str:
    side = "偏少" if found < advice.minimum else "偏多"
    return f"{describe_window(start, end, as_of)}发布{found}条，{side}：{advice.describe()}（依据：{advice.basis}）。"


def forecast_sentence(
    account: str, rule: WindowRule, breach: Breach, as_of: date, calendar: WorkCalendar
) -> str:
    """``账号X 将于 2月16日（周一） 连续14个自然日未更新，正值春节假期`` and the like."""
    when = day_text(breach.end, as_of, weekday=True)
    note = holiday_note(breach.end, calendar)
    past = breach.end < as_of  # a breach still lasting: it broke on that day, as the calendar marks it
    if rule.kinds == ALL and rule.count == 1 and rule.rule in ("UPDATE_GAP", "UPDATE_GAP_SOON", "ZOMBIE"):
        verb = "已于" if past else "将于"
        return f"{account} {verb} {when} {'起' if past else ''}连续{rule.span.describe()}未更新{note}"
    posts = f"没有{what(rule.kinds)}" if breach.found == 0 else f"只有{breach.found}条{what(rule.kinds)}"
    window = f"（{describe_window(breach.start, breach.end, as_of)}{posts}）"
    if past:
        return f"{account} 已于 {when} 起不符合“{rule.requirement}”{window}{note}"
    return f"{account} 将于 {when} 不符合“{rule.requirement}”{window}{note}"
