"""``gmdesk check`` for replies: ``REPLY_OVERDUE`` and ``REPLY_DUE_SOON``, one finding per open message.

Only open messages whose stored nearest deadline (``next_due``) falls before the end of the look-ahead are
read, through ``ix_messages_state_next_due``: a few hundred rows out of 200,000. An overdue message is a
violation; past ``escalate_after`` (30 days) it says 督办; past ``long_unanswered`` (3 months) it is the
互动回应差 veto analogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from gmdesk.domain.deadlines import describe_due, lateness, span_end
from gmdesk.domain.enums import MessageCategory, Severity
from gmdesk.domain.findings import Finding, RuleId
from gmdesk.domain.transfer_checks import LATE_SHOWN_FOR, TransferFacts
from gmdesk.domain.transfer_checks import transfer_findings as transfer_rules
from gmdesk.services.checks import CheckContext
from gmdesk.services.inbox_deadlines import ReplyRulesCache
from gmdesk.store.queries import messages as queries
from gmdesk.store.queries import transfers as transfer_queries

LOOK_AHEAD = timedelta(days=8)
"""How far ahead rows are read; each account's own ``due_soon`` then decides (at most a week in practice)."""


def reply_findings(context: CheckContext) -> Iterable[Finding]:
    as_of = context.as_of
    start_of_day = datetime.combine(as_of, time())
    ids = sorted(context.account_ids) if context.account_ids is not None else None
    rows = queries.open_due_before(context.session, start_of_day + LOOK_AHEAD, ids)
    cache = ReplyRulesCache(context.session)
    cache.preload({row.account_id for row in rows})
    for row in rows:
        if not context.wants(row.account_id):
            continue
        rules = cache.for_account_id(row.account_id)
        due: datetime = row.next_due
        first = row.first_response_at is None and row.next_due == row.first_response_due
        what = "首次回应" if first else "答复"
        label = (
            f"留言#{row.id}（{MessageCategory(row.category).label}，{row.received_at:%Y-%m-%d %H:%M}收到）"
        )
        if due.date() < as_of:
            late = lateness(due, datetime.combine(as_of, time.min), context.calendar)
            if start_of_day > span_end(context.calendar, row.received_at, rules.long_unanswered):
                severity, extra = (
                    Severity.VETO,
                    f"收到已超过{rules.long_unanswered.describe()}仍未答复，属“互动回应差”情形",
                )
            elif start_of_day > span_end(context.calendar, row.received_at, rules.escalate_after):
                severity, extra = (
                    Severity.VIOLATION,
                    f"收到已超过{rules.escalate_after.describe()}，应报请督办",
                )
            else:
                severity, extra = Severity.VIOLATION, ""
            message = f"{label}{what}期限为{describe_due(due)}，已逾期{late}" + (
                f"；{extra}" if extra else ""
            )
            yield Finding(
                RuleId.REPLY_OVERDUE,
                severity,
                row.account_name,
                due.date(),
                message,
                row.account_id,
                f"message:{row.id}",
                f"逾期{late}",
            )
            continue
        # due_soon counts from the end of the checked day: 24 hours means "today or tomorrow"
        if due <= span_end(context.calendar, datetime.combine(as_of, time.max), rules.due_soon):
            when = "今天" if due.date() == as_of else f"{due:%m月%d日}"
            message = f"{label}{what}期限为{describe_due(due)}，{when}到期"
            yield Finding(
                RuleId.REPLY_DUE_SOON,
                Severity.WARNING,
                row.account_name,
                due.date(),
                message,
                row.account_id,
                f"message:{row.id}",
            )


def transfer_findings(context: CheckContext) -> Iterable[Finding]:
    """``TRANSFER_LATE`` and ``TRANSFER_OVERDUE`` (domain/transfer_checks.py)."""
    since = datetime.combine(context.as_of, time()) - LATE_SHOWN_FOR
    ids = sorted(context.account_ids) if context.account_ids is not None else None
    rows = transfer_queries.check_rows(context.session, since, ids)
    cache = ReplyRulesCache(context.session)
    cache.preload({row.account_id for row in rows})
    facts = [TransferFacts(**row._asdict()) for row in rows]
    yield from transfer_rules(facts, context.as_of, cache.for_account_id, context.calendar)
