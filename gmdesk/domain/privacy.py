"""Personal data in message texts (domain §4): find it before a reply goes public, mask it (去标识化) in lists,
exports and reports.

Detected: mobile numbers, ID-card numbers (18 digits with a real birth date; the check digit decides between
"身份证号" and "疑似身份证号"), landline numbers, bank-card numbers (16–19 digits passing the Luhn check),
e-mail addresses and house numbers (3栋2单元501室). Masks keep enough to recognise a number on the phone
with the writer (138****5678) and nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DataKind(StrEnum):
    MOBILE = "手机号"
    ID_CARD = "身份证号"
    ID_CARD_LIKE = "疑似身份证号"
    LANDLINE = "固定电话"
    BANK_CARD = "银行卡号"
    EMAIL = "电子邮箱"
    ADDRESS = "门牌号"


@dataclass(frozen=True)
class Hit:
    kind: DataKind
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        return _MASKERS[self.kind](self.text)


# Digits only: "tel13812345678" is still a phone number; over-detecting is the safe side of privacy.
_NOT_DIGIT_BEFORE = r"(?<!\d)"
_NOT_DIGIT_AFTER = r"(?!\d)"
_ID = re.compile(_NOT_DIGIT_BEFORE + r"[1-9]\d{5}(?:18|19|20)\d{2}\d{4}\d{3}[\dXx]" + _NOT_DIGIT_AFTER)
_MOBILE = re.compile(_NOT_DIGIT_BEFORE + r"(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}" + _NOT_DIGIT_AFTER)
_LANDLINE = re.compile(
    _NOT_DIGIT_BEFORE + r"(?:0\d{2,3}[-－ ]?)[2-9]\d{6,7}(?:[-－转]\d{1,5})?" + _NOT_DIGIT_AFTER
)
_CARD = re.compile(_NOT_DIGIT_BEFORE + r"[3-6]\d{3}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?" + _NOT_DIGIT_AFTER)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ADDRESS = re.compile(
    r"\d{1,4}(?:栋|幢|号楼|座)(?:\d{1,3}单元)?\d{1,4}(?:室|号房)|\d{1,3}单元\d{1,4}(?:室|号房)"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit_ok(number: str) -> bool:
    """The GB 11643 check digit of an 18-character ID number."""
    body, check = number[:17], number[17].upper()
    return _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11] == check


def _birth_date_ok(number: str) -> bool:
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2100


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def find_personal_data(text: str) -> list[Hit]:
    """Every piece of personal data in ``text``, in order, without overlaps (the longest kind wins)."""
    if not text:
        return []
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def add(kind: DataKind, match: re.Match[str]) -> None:
        start, end = match.span()
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            return
        taken.append((start, end))
        hits.append(Hit(kind, start, end, match.group()))

    for match in _ID.finditer(text):
        number = match.group()
        if _birth_date_ok(number):
            add(DataKind.ID_CARD if id_check_digit_ok(number) else DataKind.ID_CARD_LIKE, match)
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 16 <= len(digits) <= 19 and _luhn_ok(digits):
            add(DataKind.BANK_CARD, match)
    for match in _MOBILE.finditer(text):
        add(DataKind.MOBILE, match)
    for match in _LANDLINE.finditer(text):
        add(DataKind.LANDLINE, match)
    for match in _EMAIL.finditer(text):
        add(DataKind.EMAIL, match)
    for match in _ADDRESS.finditer(text):
        add(DataKind.ADDRESS, match)
    return sorted(hits, key=lambda h: h.start)


# --------------------------------------------------------------------------- masking
def _mask_digits(text: str, keep_start: int, keep_end: int) -> str:
    """Replace the digits of ``text`` by * except the first ``keep_start`` and last ``keep_end`` digits."""
    positions = [i for i, ch in enumerate(text) if ch.isdigit() or ch in "Xx"]
    hidden = set(positions[keep_start : len(positions) - keep_end])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(text))


def mask_mobile(text: str) -> str:
    """138****5678 (a +86 prefix is kept)."""
    digits = re.sub(r"\D", "", text)
    prefix = 2 if len(digits) == 13 and digits.startswith("86") else 0
    return _mask_digits(text, prefix + 3, 4)


def mask_id(text: str) -> str:
    """110101********123X: the region stays, the birth date and sequence go."""
    return _mask_digits(text, 6, 4)


def mask_landline(text: str) -> str:
    """0571-****5678."""
    area = re.match(r"0\d{2,3}", text)
    digits = sum(ch.isdigit() for ch in text)
    keep_start = len(area.group()) if area and digits > len(area.group()) + 4 else 0
    return _mask_digits(text, keep_start, 4)


def mask_card(text: str) -> str:
    """6222 **** **** 1234."""
    return _mask_digits(text, 4, 4)


def mask_email(text: str) -> str:
    name, _, domain = text.partition("@")
    return f"{name[:1]}***@{domain}"


def mask_address(text: str) -> str:
    return re.sub(r"\d", "*", text)


_MASKERS = {
    DataKind.MOBILE: mask_mobile,
    DataKind.ID_CARD: mask_id,
    DataKind.ID_CARD_LIKE: mask_id,
    DataKind.LANDLINE: mask_landline,
    DataKind.BANK_CARD: mask_card,
    DataKind.EMAIL: mask_email,
    DataKind.ADDRESS: mask_address,
}


def mask_text(text: str) -> str:
    """``text`` with every piece of personal data masked."""
    hits = find_personal_data(text)
    if not hits:
        return text
    parts: list[str] = []
    position = 0
    for hit in hits:
        parts.append(text[position : hit.start])
        parts.append(hit.masked)
        position = hit.end
    parts.append(text[position:])
    return "".join(parts)


def mask_contact(contact: str) -> str:
    """A 联系方式 field: numbers masked; anything else that is long enough to identify is cut short."""
    masked = mask_text(contact)
    if masked != contact or not contact.strip():
        return masked
    digits = sum(ch.isdigit() for ch in contact)
    if digits >= 5:  # a number the patterns do not know (a QQ number, a short landline)
        return _mask_digits(contact, 2, 2)
    return contact


def describe_hits(hits: list[Hit], limit: int = 8) -> str:
    """One line per hit for a warning: 手机号 138****5678."""
    lines = [f"{hit.kind.value}：{hit.masked}" for hit in hits[:limit]]
    if len(hits) > limit:
        lines.append(f"……另有{len(hits) - limit}处")
    return "\n".join(lines)


def contains_writer_data(text: str, writer_name: str, writer_contact: str) -> list[str]:
    """Which of the writer's own details (name, contact) appear in a reply: a confidential message must not
    name its writer in public."""
    found = []
    name = writer_name.strip()
    if len(name) >= 2 and name not in ("网友", "匿名") and name in text:
        found.append(f"留言人姓名“{name}”")
    contact = writer_contact.strip()
    if len(contact) >= 5 and contact in text:
        found.append(f"留言人联系方式（{mask_contact(contact)}）")
    return found
