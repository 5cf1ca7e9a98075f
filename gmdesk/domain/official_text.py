"""Text as an official document (GB/T 9704-2012) prints it: dates in 年月日, full-width brackets and colons in
Chinese sentences, items that end with 。, and the width of a line in characters for layout.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_HALF_BRACKETS = str.maketrans({"(": "（", ")": "）"})
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
SENTENCE_ENDS = ("。", "！", "？", "；", "：", "…", "”")


def chinese_date(day: date | datetime | None) -> str:
    """2026年1月5日 (Arabic numerals, year in full, no leading zeros: GB/T 9704-2012 §7.3.5.1)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_datetime(moment: datetime | None) -> str:
    """2026年1月5日 09:30."""
    if moment is None:
        return ""
    return f"{chinese_date(moment)} {moment:%H:%M}"


def in_text(text: str) -> str:
    """Body text as a 公文 prints it: ISO dates become 年月日 and half-width brackets full-width."""
    text = _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)
    return text.translate(_HALF_BRACKETS)


def sentence(text: str) -> str:
    """An item or a paragraph that ends with a full stop (GB/T: 1. items are sentences)."""
    text = text.rstrip()
    if not text or text.endswith(SENTENCE_ENDS):
        return text
    return text.rstrip("，,;；.") + "。"


AUTOSPACE = 0.25
"""Word and LibreOffice put about a quarter of a character between Chinese and Latin letters or digits
(``autoSpaceDE``/``autoSpaceDN``, 自动调整中文与西文、数字的间距)."""


def display_width(text: str) -> float:
    """The width of ``text`` in characters of the font size: CJK and full-width forms count 1, Latin letters,
    digits and half-width punctuation about 0.55 (Times New Roman beside 仿宋), and each change between a
    Chinese character and a Latin letter or digit a quarter more."""
    width = 0.0
    before = ""
    for ch in text:
        wide = _wide(ch)
        width += 1.0 if wide else 0.55
        if before and ((wide and _latin(before)) or (_latin(ch) and _wide(before))):
            width += AUTOSPACE
        before = ch
    return width


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


_DAY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*前?\s*$")


def parse_day(text: str) -> date | None:
    """A day typed as 2026-02-12, 2026/2/12 or 2026年2月12日(前); None when empty; ValueError otherwise."""
    if not text.strip():
        return None
    match = _DAY.match(text)
    if match is None:
        raise ValueError(f"“{text.strip()}”不是日期，请写成 2026-02-12 或 2026年2月12日")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"“{text.strip()}”不是有效的日期") from None


def has_iso_date(text: str) -> bool:
    """Whether ``text`` holds a 2025-12-31 style date (which a 公文's body text writes as 2025年12月31日)."""
    return bool(_ISO_DATE.search(text))


TITLE_CHARS = 20
"""Characters of 二号小标宋 on a line of the 156 mm text block."""
_TITLE_BREAKS = re.compile(r"(?=\d{4}年)|(?=全县)|(?=政务新媒体)|(?=检查情况)|(?=自查报告)")


def title_lines(title: str, per_line: float = TITLE_CHARS) -> str:
    """A title too long for one line, broken where the words allow (before the year, 全县, 政务新媒体,
    检查情况 or 自查报告) into two lines as even as possible (GB/T 9704 §7.3.1: 回行时词意完整，排列对称)."""
    if display_width(title) <= per_line:
        return title
    best: tuple[float, int] | None = None
    for match in _TITLE_BREAKS.finditer(title):
        at = match.start()
        if at == 0:
            continue
        first, second = display_width(title[:at]), display_width(title[at:])
        if first <= per_line and second <= per_line and (best is None or abs(first - second) < best[0]):
            best = (abs(first - second), at)
    return title if best is None else f"{title[: best[1]]}\n{title[best[1] :]}"
