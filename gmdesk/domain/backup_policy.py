"""Which backups to keep (domain §8: "data backed up regularly"): a rule over names and dates, no files.

Backups are of two kinds. *Scheduled* ones (the daily automatic backup and the clerk's or a script's manual
ones) are thinned by age, grandfather-father-son: the newest of each of the last ``daily`` days that have a
backup, of the last ``weekly`` ISO weeks and of the last ``monthly`` months. *Pre-operation* ones (before an
import, a migration, a restore, a bulk delete) are kept by count: the newest ``operations``. Copies of a
damaged file kept for the record are kept by count too (``damaged``). Whatever the rule says, the newest good
backup is never deleted: a run of damaged or failed copies can never push the last good one out.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

SCHEDULED_REASONS = frozenset({"daily", "manual"})
OPERATION_REASONS = frozenset({"import", "migration", "restore", "delete"})
DAMAGED_REASON = "damaged"


@dataclass(frozen=True)
class RetentionRule:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    operations: int = 5
    """Pre-operation backups kept (newest first)."""
    damaged: int = 2
    """Copies of a damaged database kept for the record."""


DEFAULT_RULE = RetentionRule()


@dataclass(frozen=True)
class Candidate:
    key: Hashable
    """What identifies the backup to the caller (its path)."""
    made_at: datetime
    reason: str
    good: bool = True
    """False for a copy known to be damaged (or one that failed verification)."""


def _newest_per_period(
    items: Sequence[Candidate], period: Callable[[datetime], Hashable], count: int
) -> set[Hashable]:
    """The newest item of each of the ``count`` most recent periods that have an item."""
    kept: set[Hashable] = set()
    seen: list[Hashable] = []
    for item in items:  # newest first
        bucket = period(item.made_at)
        if bucket in seen:
            continue
        if len(seen) >= count:
            break
        seen.append(bucket)
        kept.add(item.key)
    return kept


def _newest_first(items: Iterable[Candidate]) -> list[Candidate]:
    return sorted(items, key=lambda c: (c.made_at, str(c.key)), reverse=True)


def to_keep(candidates: Iterable[Candidate], rule: RetentionRule = DEFAULT_RULE) -> set[Hashable]:
    """The keys of the backups to keep; the caller deletes the others."""
    every = _newest_first(candidates)
    scheduled = [c for c in every if c.good and c.reason in SCHEDULED_REASONS]
    operations = [c for c in every if c.good and c.reason in OPERATION_REASONS]
    damaged = [c for c in every if not c.good or c.reason == DAMAGED_REASON]
    unknown = [
        c
        for c in every
        if c.good and c.reason not in SCHEDULED_REASONS | OPERATION_REASONS | {DAMAGED_REASON}
    ]

    keep: set[Hashable] = set()
    keep |= _newest_per_period(scheduled, lambda t: t.date(), rule.daily)
    keep |= _newest_per_period(scheduled, lambda t: tuple(t.isocalendar())[:2], rule.weekly)
    keep |= _newest_per_period(scheduled, lambda t: (t.year, t.month), rule.monthly)
    keep |= {c.key for c in operations[: rule.operations]}
    keep |= {c.key for c in damaged[: rule.damaged]}
    keep |= {c.key for c in unknown}  # a name this version does not know is never deleted
    newest_good = next((c for c in every if c.good and c.reason != DAMAGED_REASON), None)
    if newest_good is not None:
        keep.add(newest_good.key)
    return keep
