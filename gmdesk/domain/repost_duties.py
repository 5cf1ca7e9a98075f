"""转发任务: an article the superior office requires accounts to repost by a time (domain §3).

A target not ticked off by its deadline is a ``REPOST_OVERDUE`` finding until it is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from gmdesk.domain.enums import Severity
from gmdesk.domain.findings import Finding, RuleId


@dataclass(frozen=True)
class Duty:
    """One account's share of a repost task."""

    task_id: int
    title: str
    issued_by: str
    due_at: datetime
    account_id: int
    account: str
    done_at: datetime | None = None

    def is_overdue(self, now: datetime) -> bool:
        return self.done_at is None and self.due_at < now

    def was_late(self) -> bool:
        return self.done_at is not None and self.done_at > self.due_at


def overdue_findings(duties: Iterable[Duty], now: datetime) -> list[Finding]:
    findings = []
    for duty in duties:
        if not duty.is_overdue(now):
            continue
        days = (now.date() - duty.due_at.date()).days
        late = f"已逾期{days}天" if days > 0 else "已过截止时间"
        who = duty.issued_by or "上级"
        findings.append(
            Finding(
                RuleId.REPOST_OVERDUE,
                Severity.VIOLATION,
                duty.account,
                duty.due_at.date(),
                f"{who}要求于{duty.due_at:%Y-%m-%d %H:%M}前转发《{duty.title}》，至今未登记转发（{late}）。"
                "请尽快转发并在“转发任务”中登记。",
                duty.account_id,
                f"repost_task:{duty.task_id}",
            )
        )
    return findings
