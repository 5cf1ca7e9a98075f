"""The 转办 rules of ``gmdesk check`` (domain §4), on plain facts.

- ``TRANSFER_LATE``: a message that belongs to another unit was forwarded later than the profile's limit
  (1 working day after receipt by default). Told while the message is open and for 30 days after the forward:
  a past lateness is a fact to know, not a task, so it is a warning.
- ``TRANSFER_OVERDUE``: the unit a message was forwarded to is past the due date it was given, without an
  answer, while the message is open: a violation the office chases (督办).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gmdesk.domain.deadlines import describe_due, end_of, lateness, span_end
from gmdesk.domain.enums import Severity
from gmdesk.domain.findings import Finding, RuleId
from gmdesk.domain.policy import ReplyRules
from gmdesk.domain.workdays import WorkCalendar

LATE_SHOWN_FOR = timedelta(days=30)
"""How long after a late forward of a closed message it is still told."""


@dataclass(frozen=True)
class TransferFacts:
    id: int
    message_id: int
    account_id: int
    account_name: str
    unit_name: str
    received_at: datetime
    sent_at: datetime
    due_on: date
    answered_at: datetime | None
    message_open: bool
    first: bool
    """The message's first forward (the one the 转办 limit is about)."""


def transfer_findings(
    transfers: Iterable[TransferFacts],
    as_of: date,
    rules_for: Callable[[int], ReplyRules],
    calendar: WorkCalendar,
) -> Iterator[Finding]:
    checked = datetime.combine(as_of, datetime.min.time())
    for transfer in transfers:
        rules = rules_for(transfer.account_id)
        label = f"留言#{transfer.message_id}（{transfer.received_at:%Y-%m-%d %H:%M}收到）"
        if transfer.first and transfer.sent_at.date() <= as_of:
            limit = span_end(calendar, transfer.received_at, rules.transfer)
            recent = transfer.message_open or checked - transfer.sent_at <= LATE_SHOWN_FOR
            if transfer.sent_at > limit and recent:
                yield Finding(
                    RuleId.TRANSFER_LATE,
                    Severity.WARNING,
                    transfer.account_name,
                    transfer.sent_at.date(),
                    f"{label}应于{describe_due(limit)}前转办（收到后{rules.transfer.describe()}内），"
                    f"{transfer.sent_at:%Y-%m-%d %H:%M}才转{transfer.unit_name}，晚了{lateness(limit, transfer.sent_at, calendar)}",
                    transfer.account_id,
                    f"transfer:{transfer.id}",
                    f"晚{lateness(limit, transfer.sent_at, calendar)}",
                )
        if transfer.answered_at is None and transfer.message_open and transfer.due_on < as_of:
            late = lateness(end_of(transfer.due_on), checked, calendar)
            yield Finding(
                RuleId.TRANSFER_OVERDUE,
                Severity.VIOLATION,
                transfer.account_name,
                transfer.due_on,
                f"{label}已转{transfer.unit_name}办理，应于{transfer.due_on.isoformat()}前反馈，已逾期{late}未反馈，"
                "应督促承办单位答复",
                transfer.account_id,
                f"transfer:{transfer.id}",
                f"逾期{late}",
            )


@dataclass(frozen=True)
class TransferFigures:
    """四、互动回应情况: the period's 转办."""

    forwarded: int = 0
    late: int = 0
    """Messages forwarded later than the limit."""
    unit_late: int = 0
    """Forwards the unit answered after its due date, or had not answered by the end of the period."""


def transfer_figures(
    transfers: Iterable[TransferFacts],
    last: date,
    rules_for: Callable[[int], ReplyRules],
    calendar: WorkCalendar,
) -> TransferFigures:
    forwarded = late = unit_late = 0
    end = end_of(last)
    for transfer in transfers:
        forwarded += 1
        rules = rules_for(transfer.account_id)
        if transfer.first and transfer.sent_at > span_end(calendar, transfer.received_at, rules.transfer):
            late += 1
        answered = (
            transfer.answered_at if transfer.answered_at is not None and transfer.answered_at <= end else None
        )
        if (answered is None and transfer.due_on < last) or (
            answered is not None and answered.date() > transfer.due_on
        ):
            unit_late += 1
    return TransferFigures(forwarded, late, unit_late)
