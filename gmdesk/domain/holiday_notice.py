"""The State Council's yearly holiday notice as the clerk types or pastes it (domain §5).

The notice (国务院办公厅关于20XX年部分节假日安排的通知) gives each holiday in one line::

    二、春节：2月6日（农历除夕、星期六）至12日（农历正月初六、星期五）放假调休，共7天。2月14日（星期日）、
    2月20日（星期六）上班。

:func:`parse_notice` reads such lines (pasted from the web page or the PDF, numbered or not, with or without
the weekday notes in brackets) into the days off and the 调休 workdays of each holiday; :func:`parse_typed_day`
reads one date typed in any of the ways a clerk writes it. Both are pure and raise or report in Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from gmdesk.domain.workdays import OFFICIAL_HOLIDAYS, official_holidays_named

_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．])?\s*([^：:，,。\d]{1,16}?)\s*[：:]\s*(.+)$"
)
_DAY = re.compile(r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日")
_YEAR = re.compile(r"(\d{4})\s*年\s*(?:部分)?节假日安排")
_SOURCE = re.compile(r"国办发明电\s*〔\s*\d{4}\s*〕\s*\d+\s*号")
_WORK_WORDS = ("上班", "补班", "调休上班")
_OFF_WORDS = ("放假", "休息", "休假", "休")


@dataclass(frozen=True)
class NoticeHoliday:
    name: str
    days_off: tuple[date, ...]
    workdays: tuple[date, ...] = ()

    def describe(self) -> str:
        off = _span_text(self.days_off)
        text = f"{self.name}：{off}放假，共{len(self.days_off)}天"
        if self.workdays:
            text += "；" + "、".join(f"{d.month}月{d.day}日（{_weekday(d)}）" for d in self.workdays) + "上班"
        return text


@dataclass(frozen=True)
class ParsedNotice:
    year: int
    source: str
    holidays: tuple[NoticeHoliday, ...]
    problems: tuple[str, ...] = field(default_factory=tuple)
    """Lines that name a holiday but could not be read, said in Chinese."""

    def missing(self) -> list[str]:
        """Official holidays of the notice that the pasted text did not give."""
        named = official_holidays_named(h.name for h in self.holidays)
        return [official for official, _ in OFFICIAL_HOLIDAYS if official not in named]


def _weekday(day: date) -> str:
    return "星期" + "一二三四五六日"[day.weekday()]


def _span_text(days: tuple[date, ...]) -> str:
    if not days:
        return ""
    first, last = min(days), max(days)
    if first == last:
        return f"{first.month}月{first.day}日"
    return f"{first.month}月{first.day}日至{last.month}月{last.day}日"


def days_between(first: date, last: date) -> list[date]:
    if last < first:
        raise ValueError(f"结束日期{last.isoformat()}早于开始日期{first.isoformat()}")
    if (last - first).days > 40:
        raise ValueError(f"{first.isoformat()}至{last.isoformat()}超过40天，请检查日期")
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def parse_notice(text: str, year: int) -> ParsedNotice:
    """The holidays of a pasted notice; ``year`` is used unless the text names its own (…2027年部分节假日安排)."""
    found_year = _YEAR.search(text)
    year = int(found_year[1]) if found_year else year
    source_match = _SOURCE.search(text)
    source = re.sub(r"\s+", "", source_match[0]) if source_match else ""
    holidays: list[NoticeHoliday] = []
    problems: list[str] = []
    # one holiday a line; a paste that lost its line breaks (from a PDF, a chat) is cut before 二、三、…
    for raw in re.split(r"[\r\n]+|(?=[一二三四五六七八九十]+\s*、[^：:，,。\d]{1,16}[：:])", text):
        line = _BRACKETS.sub("", raw).strip()
        heading = _HEADING.match(line)
        if not heading or not _DAY.search(heading[2]):
            continue
        name = heading[1].strip()
        try:
            holidays.append(_holiday(name, heading[2], year))
        except ValueError as error:
            problems.append(f"“{raw.strip()[:40]}”：{error}")
    return ParsedNotice(year, source, tuple(holidays), tuple(problems))


def _holiday(name: str, body: str, year: int) -> NoticeHoliday:
    off: list[date] = []
    work: list[date] = []
    state = {"year": year, "month": None}
    new_year = "元旦" in name
    for sentence in re.split(r"[。；;]", body):
        if not sentence.strip():
            continue
        days = [(m.start(), _day_of(m, state, new_year)) for m in _DAY.finditer(sentence)]
        if not days:
            continue
        if any(word in sentence for word in _WORK_WORDS):
            work.extend(day for _, day in days)
        elif any(word in sentence for word in _OFF_WORDS):
            until = sentence.find("至")
            if until >= 0 and len(days) >= 2:
                before = [d for at, d in days if at < until]
                after = [d for at, d in days if at > until]
                if not before or not after:
                    raise ValueError("看不出放假的起止日期")
                off.extend(days_between(before[-1], after[0]))
            else:
                off.extend(day for _, day in days)
    if not off:
        raise ValueError("没有找到放假日期")
    return NoticeHoliday(name, tuple(sorted(set(off))), tuple(sorted(set(work) - set(off))))


def _day_of(match: re.Match[str], state: dict[str, int | None], new_year: bool) -> date:
    if match[1]:
        state["year"] = int(match[1])
    if match[2]:
        state["month"] = int(match[2])
    month = state["month"]
    if month is None:
        raise ValueError(f"“{match[0]}”缺少月份")
    year = int(state["year"] or 0)
    if new_year and month == 12 and not match[1]:
        year -= 1  # 元旦 from 12月31日: the last days of the year before
    try:
        return date(year, int(month), int(match[3]))
    except ValueError:
        raise ValueError(f"“{match[0]}”不是有效的日期") from None


_TYPED = (
    re.compile(r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?$"),
    re.compile(r"^(?P<d>\d{1,2})\s*日?$"),
)


def parse_typed_day(text: str, year: int, month: int | None = None) -> date:
    """A day as typed: 2027-02-06, 2027/2/6, 2027年2月6日, 20270206, 2月6日 or 02-06 (in ``year``), or just
    12日 when ``month`` is known (the end of a range: 2月6日 至 12日). ValueError in Chinese otherwise."""
    cleaned = _BRACKETS.sub("", text).strip()
    if not cleaned:
        raise ValueError("请填写日期")
    for pattern in _TYPED:
        match = pattern.match(cleaned)
        if match is None:
            continue
        parts = match.groupdict()
        wanted_month = int(parts["m"]) if parts.get("m") else month
        if wanted_month is None:
            break
        try:
            return date(int(parts["y"]) if parts.get("y") else year, wanted_month, int(parts["d"]))
        except ValueError:
            raise ValueError(f"“{cleaned}”不是有效的日期") from None
    raise ValueError(f"“{cleaned}”不是日期，请写成 {year}-02-06 或 2月6日")


def parse_typed_days(text: str, year: int) -> list[date]:
    """Several days separated by 、，, ; or blanks (the 调休 上班 days): 2月14日、2月20日."""
    parts = [p for p in re.split(r"[、，,；;\s]+", _BRACKETS.sub("", text)) if p.strip()]
    days: list[date] = []
    month: int | None = None
    for part in parts:
        day = parse_typed_day(part, year, month)
        month = day.month
        days.append(day)
    return days
