"""Reply deadlines for the demo messages (domain §4).

A stand-in until the deadline engine exists: it reads the same ``ReplyRules`` so the stored deadlines agree
with what the engine will compute for a message without extension or commitment.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from gmdesk.domain.enums import MessageCategory, TimeUnit, Urgency
from gmdesk.domain.policy import ReplyRules, Span
from gmdesk.domain.workdays import END_OF_DAY, WorkCalendar, add_months


def span_deadline(calendar: WorkCalendar, start: datetime, span: Span) -> datetime:
    """``start`` moved on by a span: hours are calendar hours, days end at the end of the day."""
    if span.unit is TimeUnit.HOUR:
        return start + timedelta(hours=span.amount)
    if span.unit is TimeUnit.WORKDAY:
        return calendar.workday_deadline(start, span.amount)
    if span.unit is TimeUnit.MONTH:
        return datetime.combine(add_months(start.date(), span.amount), END_OF_DAY)
    days = span.amount * (7 if span.unit is TimeUnit.WEEK else 1)
    return datetime.combine(start.date() + timedelta(days=days), END_OF_DAY)


def first_response_due(
    calendar: WorkCalendar, rules: ReplyRules, received: datetime, urgency: Urgency
) -> datetime:
    span = rules.first_response_urgent if urgency is Urgency.URGENT else rules.first_response
    return span_deadline(calendar, received, span)


def answer_due(
    calendar: WorkCalendar,
    rules: ReplyRules,
    received: datetime,
    category: MessageCategory,
    extension_workdays: int = 0,
    committed: date | None = None,
) -> datetime:
    """The answer deadline in force: a committed date wins, else the category's span plus any extension,
    capped at ``extension_cap`` after receipt."""
    if committed is not None:
        return datetime.combine(committed, END_OF_DAY)
    span = rules.answer[category]
    if extension_workdays and span.unit is TimeUnit.WORKDAY:
        total = min(span.amount + extension_workdays, max(span.amount, rules.extension_cap.amount))
        span = Span(total, TimeUnit.WORKDAY)
    return span_deadline(calendar, received, span)
