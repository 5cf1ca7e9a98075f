"""The audit trail's hash chain (domain §8: operations are logged for audit).

Every entry holds the hash of the entry before it and its own hash over its id, its predecessor's hash and its
content, so editing or deleting any entry breaks the chain at that point; the database also keeps the last
entry's id and hash (the head), so deleting the newest entries is found too. What the chain cannot prove: an
intruder who rewrites the whole chain after the edit with the same public rule. A backup or an exported log
holds an earlier head to compare against.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

GENESIS = "0" * 64
"""The predecessor hash of the first entry."""
LONG_VALUE = 2000
"""A changed text longer than this is kept shortened in the trail (with its length)."""


def plain(value: Any) -> Any:
    """A value as JSON keeps it: the form that is stored, hashed and compared."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else str(value)
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} 字节>"
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return str(value)


def shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > LONG_VALUE:
        return value[:LONG_VALUE] + f"……（共{len(value):,}字）"
    return value


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    operator: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict[str, Any]
    changes: dict[str, Any]
    prev_hash: str = ""
    hash: str = ""


def stamp(at: datetime) -> str:
    return at.isoformat(sep=" ", timespec="microseconds")


def entry_hash(entry: Entry, prev_hash: str, *, is_plain: bool = False) -> str:
    """SHA-256 of the entry and its predecessor's hash (``is_plain``: detail and changes are JSON values)."""
    detail, changes = (
        (entry.detail, entry.changes) if is_plain else (plain(entry.detail), plain(entry.changes))
    )
    payload = [
        entry.id,
        prev_hash,
        stamp(entry.at),
        entry.operator,
        entry.action,
        entry.entity,
        entry.entity_id,
        detail,
        changes,
    ]
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    """Where the chain is broken: the first entry that does not follow from the one before."""

    entry_id: int | None
    reason: str

    def describe(self) -> str:
        where = f"第 {self.entry_id} 号记录" if self.entry_id is not None else "日志末尾"
        return f"操作日志在{where}处断开：{self.reason}"


def verify(entries: Iterable[Entry], head: tuple[int, str] | None) -> tuple[int, Break | None]:
    """Walk the entries in id order: (how many were checked, the first break or None)."""
    previous_hash, previous_id, checked = GENESIS, None, 0
    for entry in entries:
        if previous_id is not None and entry.id != previous_id + 1:
            missing = f"第 {previous_id + 1} 号" + (
                f"至第 {entry.id - 1} 号" if entry.id - 1 > previous_id + 1 else ""
            )
            return checked, Break(entry.id, f"它之前的{missing}记录已被删除")
        if entry.prev_hash != previous_hash:
            return checked, Break(
                entry.id, "它记下的前一条记录的校验值与前一条不符（前一条被修改，或其间的记录被删除）"
            )
        if entry_hash(entry, entry.prev_hash) != entry.hash:
            return checked, Break(entry.id, "记录内容与其校验值不符（该记录被修改过）")
        previous_hash, previous_id = entry.hash, entry.id
        checked += 1
    if head is not None:
        head_id, head_hash = head
        if previous_id is None:
            return checked, Break(None, f"全部记录（第 1 号至第 {head_id} 号）已被删除")
        if head_id != previous_id or head_hash != previous_hash:
            if head_id > previous_id:
                return checked, Break(None, f"最后的第 {previous_id + 1} 号至第 {head_id} 号记录已被删除")
            return checked, Break(previous_id, "日志的最后一条与数据库记下的末条校验值不符")
    return checked, None
