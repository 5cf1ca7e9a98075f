"""The life of one message: first response, 转办, extension, answer and closing, cut at ``now``.

The whole story is drawn first (most on time, about one in ten answered late, a few never answered), then
everything after ``now`` is dropped, so recent messages are naturally still open and some are due soon.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from gmdesk.domain.deadlines import ReplyFacts, reply_deadlines, transfer_due
from gmdesk.domain.enums import MessageCategory, MessageChannel, MessageEventKind, MessageState, Urgency
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import ReplyRules
from gmdesk.services.demo.plan import Clock
from gmdesk.services.demo.randoms import between

EXTENSION_REASONS = (
    "涉及多个部门，需会商后答复",
    "需现场核实调查，申请延期答复",
    "涉及历史遗留问题，需调阅档案核实",
)
REJECT_REASONS = ("留言内容为广告信息，与政务服务无关", "留言内容无实质诉求", "含有不文明用语")


@dataclass
class Flow:
    """The drawn story of one message; times after ``now`` are cut by :meth:`cut`."""

    received: datetime
    first_due: datetime
    answer_due: datetime
    default_answer_due: datetime
    """Without the extension, which ``cut`` may drop."""
    ack: datetime | None = None
    transfer_sent: datetime | None = None
    transfer_due: date | None = None
    transfer_answered: datetime | None = None
    extended_at: datetime | None = None
    extension: int = 0
    extension_reason: str = ""
    committed: date | None = None
    answered: datetime | None = None
    closed: datetime | None = None
    rejected: datetime | None = None
    rejected_reason: str = ""
    events: list[tuple[datetime, MessageEventKind, str]] = field(default_factory=list)
    """(time, kind, note) in order; the operator is added when rows are made."""

    def cut(self, now: datetime) -> None:
        """Forget what has not happened yet."""
        for name in (
            "ack",
            "transfer_sent",
            "transfer_answered",
            "extended_at",
            "answered",
            "closed",
            "rejected",
        ):
            value = getattr(self, name)
            if value is not None and value > now:
                setattr(self, name, None)
        if self.transfer_sent is None:
            self.transfer_due = None
        if self.extended_at is None and self.extension:
            self.extension, self.extension_reason = 0, ""
            self.answer_due = self.default_answer_due

    @property
    def state(self) -> MessageState:
        if self.rejected is not None:
            return MessageState.REJECTED
        if self.answered is not None:
            return MessageState.CLOSED if self.closed is not None else MessageState.ANSWERED
        if self.transfer_sent is not None:
            return MessageState.TRANSFERRED
        return MessageState.ACKNOWLEDGED if self.ack is not None else MessageState.PENDING


class FlowMaker:
    def __init__(self, clock: Clock, rules: ReplyRules, rng: random.Random) -> None:
        self._clock = clock
        self._cal = clock.calendar
        self._rules = rules
        self._rng = rng

    def office_time(self, day: date, earliest: datetime | None = None) -> datetime:
        """A time in office hours on ``day`` (or the next working day), not before ``earliest``."""
        if not self._cal.is_workday(day):
            day = self._cal.next_workday(day)
        at = datetime.combine(day, time(8, 30)) + timedelta(minutes=between(self._rng, 0, 540))
        if earliest is not None and at <= earliest:
            at = earliest + timedelta(minutes=between(self._rng, 10, 90))
        return at

    def _workday_between(self, first: date, last: date) -> date:
        days = list(self._cal.workdays(first, last))
        return self._rng.choice(days) if days else last

    def draw(
        self,
        received: datetime,
        category: MessageCategory,
        urgency: Urgency,
        channel: MessageChannel,
        platform: Platform,
        *,
        reject: bool,
        transfer: bool,
        stuck: bool,
        hold_open: bool = False,
    ) -> Flow:
        rng, cal, rules = self._rng, self._cal, self._rules
        facts = ReplyFacts(received, category, urgency, channel, platform)
        deadlines = reply_deadlines(facts, rules, cal)
        flow = Flow(received, deadlines.first_response, deadlines.answer, deadlines.answer)
        # First response: within the hour when urgent, the same or next working day otherwise; a few late.
        if urgency is Urgency.URGENT:
            flow.ack = received + timedelta(minutes=between(rng, 6, 55))
            if rng.random() < 0.05:
                flow.ack = flow.first_due + timedelta(minutes=between(rng, 20, 240))
        elif rng.random() < 0.04:
            flow.ack = self.office_time(cal.next_workday(flow.first_due.date()))
        elif cal.is_workday(received.date()) and received.hour < 16:
            flow.ack = min(
                received + timedelta(minutes=between(rng, 20, 180)),
                datetime.combine(received.date(), time(17, 50)),
            )
        else:
            flow.ack = self.office_time(cal.next_workday(received.date()))
        flow.events.append((flow.ack, MessageEventKind.ACKNOWLEDGED, "已首次回应"))
        if reject:
            flow.rejected, flow.rejected_reason = flow.ack, rng.choice(REJECT_REASONS)
            flow.events[-1] = (flow.ack, MessageEventKind.REJECTED, flow.rejected_reason)
            return flow
        if rng.random() < 0.01:
            flow.committed = cal.add_workdays(received.date(), between(rng, 6, 12))
            committed = ReplyFacts(
                received, category, urgency, channel, platform, committed_due=flow.committed
            )
            flow.answer_due = reply_deadlines(committed, rules, cal).answer
            note = f"与留言人约定于{flow.committed.month}月{flow.committed.day}日前答复"
            flow.events.append((flow.ack + timedelta(minutes=1), MessageEventKind.NOTE, note))
        earliest = flow.ack
        if transfer:
            flow.transfer_sent = flow.ack + timedelta(minutes=between(rng, 10, 240))
            flow.transfer_due = transfer_due(cal, flow.transfer_sent, rules.transfer_answer.amount)
            flow.events.append((flow.transfer_sent, MessageEventKind.TRANSFERRED, ""))
            day = self._workday_between(flow.transfer_sent.date() + timedelta(days=1), flow.transfer_due)
            if rng.random() < 0.06:
                day = cal.add_workdays(flow.transfer_due, between(rng, 1, 5))
            flow.transfer_answered = self.office_time(day, flow.transfer_sent)
            flow.events.append((flow.transfer_answered, MessageEventKind.TRANSFER_ANSWERED, ""))
            earliest = flow.transfer_answered
        if (
            flow.committed is None
            and category in (MessageCategory.COMPLAINT, MessageCategory.HELP)
            and rng.random() < 0.03
        ):
            flow.extension, flow.extension_reason = 5, rng.choice(EXTENSION_REASONS)
            flow.extended_at = self.office_time(cal.add_workdays(received.date(), 2), flow.ack)
            extended = ReplyFacts(
                received, category, urgency, channel, platform, extension_workdays=flow.extension
            )
            flow.answer_due = reply_deadlines(extended, rules, cal).answer
            flow.events.append((flow.extended_at, MessageEventKind.EXTENDED, flow.extension_reason))
        if stuck:
            return flow
        if hold_open:
            answer_day = flow.answer_due.date()
        elif rng.random() < 0.07:
            answer_day = cal.add_workdays(flow.answer_due.date(), between(rng, 1, 9))
        else:
            same_day = category is MessageCategory.CONSULT and rng.random() < 0.3
            first = received.date() if same_day else received.date() + timedelta(days=1)
            answer_day = self._workday_between(max(first, earliest.date()), flow.answer_due.date())
        flow.answered = self.office_time(answer_day, earliest)
        if hold_open:
            flow.answered = max(flow.answered, self._clock.now + timedelta(hours=2))
        flow.events.append((flow.answered, MessageEventKind.ANSWERED, ""))
        if rng.random() < 0.85:
            flow.closed = flow.answered + timedelta(hours=between(rng, 1, 72))
            flow.events.append((flow.closed, MessageEventKind.CLOSED, "留言人无异议，办结"))
        return flow
