"""Reply deadlines (domain §4 and §5): when a public message must be acknowledged and answered.

Pure rules: the received time, category, urgency and channel of a message, the profile's ``ReplyRules`` and
the ``WorkCalendar`` go in; datetimes come out. "N 个工作日" starts counting the working day after receipt
and ends at the end of the Nth working day; "N 小时" are calendar hours, holidays included. WeChat 私信 have
a second clock (the platform lets the office reply only within 48 hours of the follower's last message):
the first response is due at whichever comes first. An extension moves the answer deadline on by working
days, never beyond ``extension_cap`` after receipt in total; a committed date (承诺答复期限) replaces the
default altogether.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from weakref import WeakKeyDictionary

from gmdesk.domain.enums import MessageCategory, MessageChannel, TimeUnit, Urgency
from gmdesk.domain.errors import UserError
from gmdesk.domain.platforms import CATALOGUE, Platform
from gmdesk.domain.policy import ReplyRules, Span
from gmdesk.domain.workdays import END_OF_DAY, WorkCalendar, add_months


class DeadlineError(UserError):
    """A requested extension or commitment the rules do not allow; the text says why, in Chinese."""


_WORKDAY_MEMO: WeakKeyDictionary[WorkCalendar, dict[tuple[date, int], datetime]] = WeakKeyDictionary()


def workday_deadline(calendar: WorkCalendar, start: datetime | date, n: int) -> datetime:
    """``calendar.workday_deadline`` remembered per calendar (a calendar never changes once built):
    recomputing 200,000 messages asks for the same few thousand (day, N) pairs over and over."""
    day = start.date() if isinstance(start, datetime) else start
    memo = _WORKDAY_MEMO.get(calendar)
    if memo is None:
        memo = _WORKDAY_MEMO[calendar] = {}
    found = memo.get((day, n))
    if found is None:
        found = memo[(day, n)] = calendar.workday_deadline(day, n)
    return found


def span_end(calendar: WorkCalendar, start: datetime, span: Span) -> datetime:
    """``start`` moved on by ``span``: hours are calendar hours; days, weeks and months end at the end of
    their last day; working days per domain §5."""
    if span.unit is TimeUnit.HOUR:
        return calendar.add_hours(start, span.amount)
    if span.unit is TimeUnit.WORKDAY:
        return workday_deadline(calendar, start, span.amount)
    if span.unit is TimeUnit.MONTH:
        return datetime.combine(add_months(start.date(), span.amount), END_OF_DAY)
    days = span.amount * (7 if span.unit is TimeUnit.WEEK else 1)
    return datetime.combine(start.date() + timedelta(days=days), END_OF_DAY)


def end_of(day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY)


def describe_due(moment: datetime) -> str:
    """2026-10-16 for a deadline at the end of a day, 2026-10-16 10:15 for one at a time of day."""
    return f"{moment:%Y-%m-%d}" if moment.time() == END_OF_DAY else f"{moment:%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class ReplyFacts:
    """What the deadlines of one message depend on."""

    received_at: datetime
    category: MessageCategory
    urgency: Urgency = Urgency.NORMAL
    channel: MessageChannel = MessageChannel.BOARD
    platform: Platform | None = None
    writer_last_at: datetime | None = None
    """The follower's last message; it (re)starts the platform's reply window. None: ``received_at``."""
    extension_workdays: int = 0
    committed_due: date | None = None


@dataclass(frozen=True)
class ReplyDeadlines:
    first_response: datetime
    """首次回应期限 in force (the earlier of the rule and the platform's reply window)."""
    answer: datetime
    """答复期限 in force (the committed date, or the default plus any extension)."""
    first_response_rule: datetime
    """The first-response deadline by the profile's rule alone."""
    answer_default: datetime
    """The category's answer deadline without extension or commitment."""
    extension_limit: datetime
    """The latest an extension may move the answer deadline (``extension_cap`` after receipt)."""
    window_closes: datetime | None
    """When the platform's customer-service window closes (WeChat 私信), None where there is none."""
    escalate_at: datetime
    """Unanswered until then: escalate (督办), 30 days by default."""
    long_unanswered_at: datetime
    """Unanswered until then: the 互动回应差 veto analogue, 3 months by default."""

    @property
    def window_first(self) -> bool:
        """True when the platform's window, not the rule, sets the first-response deadline."""
        return self.window_closes is not None and self.first_response < self.first_response_rule


def reply_window(facts: ReplyFacts, rules: ReplyRules, calendar: WorkCalendar) -> datetime | None:
    """The close of the platform's reply window for 私信 on platforms that have one (WeChat), else None."""
    if facts.channel is not MessageChannel.PRIVATE or facts.platform is None:
        return None
    if CATALOGUE[facts.platform].reply_window_hours is None:
        return None
    return span_end(calendar, facts.writer_last_at or facts.received_at, rules.private_window)


def first_response_rule(facts: ReplyFacts, rules: ReplyRules, calendar: WorkCalendar) -> datetime:
    span = rules.first_response_urgent if facts.urgency is Urgency.URGENT else rules.first_response
    return span_end(calendar, facts.received_at, span)


def answer_default(facts: ReplyFacts, rules: ReplyRules, calendar: WorkCalendar) -> datetime:
    span = rules.answer.get(facts.category) or rules.answer[MessageCategory.OTHER]
    return span_end(calendar, facts.received_at, span)


def extension_limit(
    facts: ReplyFacts, rules: ReplyRules, calendar: WorkCalendar, default: datetime | None = None
) -> datetime:
    """The cap on extensions; never earlier than the default deadline (a profile may allow more by default)."""
    cap = span_end(calendar, facts.received_at, rules.extension_cap)
    return max(cap, default if default is not None else answer_default(facts, rules, calendar))


def extended_answer(
    default: datetime, extension_workdays: int, limit: datetime, calendar: WorkCalendar
) -> datetime:
    """The default answer deadline moved on by working days, capped at ``limit``."""
    if extension_workdays <= 0:
        return default
    return min(workday_deadline(calendar, default, extension_workdays), limit)


def reply_deadlines(facts: ReplyFacts, rules: ReplyRules, calendar: WorkCalendar) -> ReplyDeadlines:
    """Every deadline of one message."""
    rule_first = first_response_rule(facts, rules, calendar)
    window = reply_window(facts, rules, calendar)
    first = min(rule_first, window) if window is not None else rule_first
    default = answer_default(facts, rules, calendar)
    limit = extension_limit(facts, rules, calendar, default)
    if facts.committed_due is not None:
        answer = end_of(facts.committed_due)
    else:
        answer = extended_answer(default, facts.extension_workdays, limit, calendar)
    return ReplyDeadlines(
        first_response=first,
        answer=answer,
        first_response_rule=rule_first,
        answer_default=default,
        extension_limit=limit,
        window_closes=window,
        escalate_at=span_end(calendar, facts.received_at, rules.escalate_after),
        long_unanswered_at=span_end(calendar, facts.received_at, rules.long_unanswered),
    )


# --------------------------------------------------------------------------- extensions and commitments
def max_extension(facts: ReplyFacts, rules: ReplyRules, calendar: WorkCalendar) -> int:
    """The most working days of extension in total the cap allows for this message."""
    default = answer_default(facts, rules, calendar)
    limit = extension_limit(facts, rules, calendar)
    return calendar.count_workdays(default.date(), limit.date())


def check_extension(
    facts: ReplyFacts, total_workdays: int, rules: ReplyRules, calendar: WorkCalendar
) -> datetime:
    """The answer deadline after extending by ``total_workdays`` in all; DeadlineError when not allowed."""
    if total_workdays <= 0:
        raise DeadlineError("延期天数应为正整数（工作日）")
    if facts.committed_due is not None:
        raise DeadlineError("已与留言人约定答复期限，不能再延期；如需调整，请修改承诺答复期限")
    allowed = max_extension(facts, rules, calendar)
    if total_workdays > allowed:
        limit = extension_limit(facts, rules, calendar)
        cap = rules.extension_cap.describe()
        if allowed <= facts.extension_workdays:
            raise DeadlineError(f"延期已达上限：答复期限最迟为收到后{cap}（{limit:%Y-%m-%d}），不能再延期")
        raise DeadlineError(
            f"延期后将超过收到后{cap}的上限（最迟 {limit:%Y-%m-%d}）；"
            f"累计最多可延期{allowed}个工作日，目前已延期{facts.extension_workdays}个工作日"
        )
    default = answer_default(facts, rules, calendar)
    return extended_answer(default, total_workdays, extension_limit(facts, rules, calendar), calendar)


def check_commitment(facts: ReplyFacts, committed: date) -> datetime:
    """The answer deadline a committed date gives; DeadlineError when the date is before receipt."""
    if committed < facts.received_at.date():
        raise DeadlineError(
            f"承诺答复期限（{committed.isoformat()}）不能早于收到日期（{facts.received_at:%Y-%m-%d}）"
        )
    return end_of(committed)


def transfer_due(calendar: WorkCalendar, sent: datetime | date, workdays: int) -> date:
    """The unit's own due date: the end of the Nth working day after the day the message was forwarded."""
    day = sent.date() if isinstance(sent, datetime) else sent
    return calendar.add_workdays(day, workdays)


def next_due(
    is_open: bool, acknowledged: bool, first_response: datetime | None, answer: datetime | None
) -> datetime | None:
    """The nearest deadline still running: the first response until it is given, then the answer."""
    if not is_open:
        return None
    candidates = [d for d in (answer, None if acknowledged else first_response) if d is not None]
    return min(candidates) if candidates else None


# --------------------------------------------------------------------------- countdowns
class DueState(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Countdown:
    state: DueState
    text: str
    """What the list shows: 剩余 2个工作日, 今天到期, 剩余 40分钟, 逾期 3天."""


def _is_end_of_day(moment: datetime) -> bool:
    return moment.time() == END_OF_DAY


def _duration(delta: timedelta) -> str:
    minutes = max(1, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}分钟"
    return f"{minutes // 60}小时"


def lateness(due: datetime, at: datetime, calendar: WorkCalendar) -> str:
    """How late ``at`` is for ``due``, in the deadline's own unit: a deadline at the end of a day is counted
    in working days ("5个工作日", domain §5), one at a time of day in days or hours ("2天", "40分钟")."""
    if at.date() > due.date():
        if _is_end_of_day(due):
            workdays = calendar.count_workdays(due.date(), at.date())
            if workdays >= 1:
                return f"{workdays}个工作日"
        return f"{(at.date() - due.date()).days}天"
    return _duration(at - due)


def countdown(
    due: datetime, now: datetime, calendar: WorkCalendar, soon: timedelta = timedelta(hours=24)
) -> Countdown:
    """How a running deadline looks at ``now``: on time, due soon, due today or overdue."""
    if now > due:
        return Countdown(DueState.OVERDUE, f"逾期 {lateness(due, now, calendar)}")
    left = due - now
    if due.date() == now.date():
        if left < timedelta(hours=1):
            return Countdown(DueState.DUE_TODAY, f"剩余 {_duration(left)}")
        if _is_end_of_day(due):
            return Countdown(DueState.DUE_TODAY, "今天到期")
        return Countdown(DueState.DUE_TODAY, f"今天 {due:%H:%M} 到期")
    state = DueState.DUE_SOON if left <= soon else DueState.ON_TIME
    if not _is_end_of_day(due) and left < timedelta(hours=48):
        return Countdown(state, f"剩余 {_duration(left)}")
    workdays = calendar.count_workdays(now.date(), due.date())
    if workdays >= 1 and calendar.is_workday(due.date()):
        return Countdown(state, f"剩余 {workdays}个工作日")
    return Countdown(state, f"剩余 {(due.date() - now.date()).days}天")


def outcome(done_at: datetime, due: datetime | None, calendar: WorkCalendar) -> Countdown:
    """How a finished message looks: answered on time, or how late."""
    if due is None or done_at <= due:
        return Countdown(DueState.ON_TIME, "按期答复")
    return Countdown(DueState.OVERDUE, f"逾期{lateness(due, done_at, calendar)}答复")


class Escalation(StrEnum):
    NONE = "none"
    OVERDUE = "overdue"
    ESCALATE = "escalate"
    """Past ``escalate_after`` (30 days): report to the leadership and 督办."""
    LONG_UNANSWERED = "long_unanswered"
    """Past ``long_unanswered`` (3 months): what the inspection calls 互动回应差."""


def escalation(deadlines: ReplyDeadlines, due: datetime, now: datetime) -> Escalation:
    """How serious an open message's lateness is at ``now``."""
    if now > deadlines.long_unanswered_at:
        return Escalation.LONG_UNANSWERED
    if now > deadlines.escalate_at:
        return Escalation.ESCALATE
    if now > due:
        return Escalation.OVERDUE
    return Escalation.NONE
