"""Public messages month by month, with their history, replies and 转办.

Each month gets its share of the total (more followers, more messages; a little more every year), is drawn,
sorted by time and written, so ids follow the arrival order and only one month is ever held in memory.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from gmdesk.domain.deadlines import next_due
from gmdesk.domain.dedupe import message_key
from gmdesk.domain.enums import MessageCategory, MessageChannel, MessageEventKind, Role, UnitType, Urgency
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import ReplyRules
from gmdesk.domain.workdays import month_bounds
from gmdesk.services.demo.accounts import is_hub
from gmdesk.services.demo.message_flow import Flow, FlowMaker
from gmdesk.services.demo.message_texts import SPAM, TEMPLATES, decorate, fill
from gmdesk.services.demo.names import any_mobile, nickname
from gmdesk.services.demo.plan import AccountPlan, Clock, UnitPlan
from gmdesk.services.demo.randoms import between
from gmdesk.services.demo.replies import ReplyTexts
from gmdesk.services.demo.writer import BulkWriter, Progress
from gmdesk.store.models import Message, MessageEvent, Reply, Transfer

_CATEGORIES = (
    MessageCategory.CONSULT,
    MessageCategory.SUGGEST,
    MessageCategory.COMPLAINT,
    MessageCategory.HELP,
    MessageCategory.OTHER,
)
_CATEGORY_WEIGHTS = (38, 17, 22, 13, 10)
_CHANNELS: dict[Platform, tuple[tuple[MessageChannel, ...], tuple[int, ...]]] = {
    Platform.WECHAT_SUBSCRIPTION: ((MessageChannel.COMMENT, MessageChannel.PRIVATE), (55, 45)),
    Platform.WECHAT_SERVICE: ((MessageChannel.PRIVATE, MessageChannel.COMMENT), (80, 20)),
    Platform.APP: ((MessageChannel.BOARD, MessageChannel.LETTER, MessageChannel.COMMENT), (55, 25, 20)),
}
_DEFAULT_CHANNELS = ((MessageChannel.COMMENT, MessageChannel.PRIVATE), (70, 30))
_INTERACTION = {
    Platform.WECHAT_SUBSCRIPTION: 1.0,
    Platform.WECHAT_SERVICE: 1.3,
    Platform.WEIBO: 1.1,
    Platform.APP: 1.6,
    Platform.DOUYIN: 0.7,
    Platform.KUAISHOU: 0.5,
    Platform.TOUTIAO: 0.3,
    Platform.WECHAT_CHANNELS: 0.3,
    Platform.XIAOHONGSHU: 0.3,
    Platform.BILIBILI: 0.3,
}
_HOURS = tuple(range(24))
_HOUR_CUM = tuple(accumulate((1, 1, 0, 0, 0, 1, 2, 4, 7, 8, 8, 7, 6, 5, 6, 7, 7, 6, 6, 7, 8, 8, 6, 3)))


@dataclass
class MessageOutcome:
    messages: int = 0
    open: int = 0
    events: int = 0
    replies: int = 0
    transfers: int = 0
    keys: set[str] = field(default_factory=set)


@dataclass
class Draft:
    account: AccountPlan
    received: datetime
    category: MessageCategory
    text_field: str
    text: str
    town: str
    spam: bool = False
    forced: str = ""
    """"stuck" (never answered) or "due_today" (open and due on as_of): the cases the inbox must show."""


class MessageWriter:
    def __init__(
        self,
        writer: BulkWriter,
        accounts: list[AccountPlan],
        units: list[UnitPlan],
        clock: Clock,
        rules: ReplyRules,
        replies: ReplyTexts,
        seed: int,
    ) -> None:
        self._writer = writer
        self._clock = clock
        self._rng = random.Random(f"{seed}:messages")
        self._flows = FlowMaker(clock, rules, self._rng)
        self._replies = replies
        self._accounts = [a for a in accounts if a.is_open and a.interaction_enabled and a.opened_on]
        self._weights = {a.id: self._weight(a) for a in self._accounts}
        self._towns = {u.spec.short: u for u in units if u.spec.unit_type is UnitType.TOWNSHIP}
        self._town_names = sorted(self._towns) or ["城关镇"]
        self._templates: dict[tuple[MessageCategory, str | None], list[tuple[str, MessageCategory, str]]] = {}
        for template in TEMPLATES:
            self._templates.setdefault((template[1], template[0]), []).append(template)
            self._templates.setdefault((template[1], None), []).append(template)
        self._by_field: dict[str, list[UnitPlan]] = {}
        for unit in units:
            if unit.spec.unit_type is UnitType.DEPARTMENT:
                self._by_field.setdefault(unit.spec.domain, []).append(unit)
        self._ids = {t: writer.next_id(t) for t in (Message, MessageEvent, Reply, Transfer)}
        self.outcome = MessageOutcome()

    def _weight(self, account: AccountPlan) -> float:
        weight = float(max(account.followers, 200) ** 0.6) * _INTERACTION.get(account.platform, 0.3)
        return weight * (3.0 if is_hub(account.unit) else 1.0)

    def _live(self, account: AccountPlan, first: date, last: date) -> tuple[date, date] | None:
        assert account.opened_on is not None
        start = max(first, account.opened_on)
        end = min(last, account.canceled_on or last)
        return (start, end) if start <= end else None

    def months(self) -> list[date]:
        first = self._clock.start.replace(day=1)
        out = []
        while first <= self._clock.as_of:
            out.append(first)
            first = month_bounds(first)[1] + timedelta(days=1)
        return out

    def write_all(self, total: int, progress: Progress) -> None:
        months = self.months()
        span = (self._clock.as_of - self._clock.start).days or 1
        loads = []
        for month in months:
            first, last = month_bounds(month)
            first, last = max(first, self._clock.start), min(last, self._clock.as_of)
            growth = 0.8 + 0.4 * (first - self._clock.start).days / span  # a little busier every year
            load = 0.0
            for account in self._accounts:
                live = self._live(account, first, last)
                if live:
                    load += self._weights[account.id] * ((live[1] - live[0]).days + 1) * growth
            loads.append(load)
        grand = sum(loads) or 1.0
        done = 0.0
        assigned = 0
        for index, (month, load) in enumerate(zip(months, loads, strict=True)):
            done += load
            count = round(total * done / grand) - assigned
            assigned += count
            self._write_month(month, count, months_left=len(months) - 1 - index)
            progress.step(f"正在生成留言：{month.year}年{month.month}月")

    def _write_month(self, month: date, count: int, months_left: int) -> None:
        rng, clock = self._rng, self._clock
        first, last = month_bounds(month)
        first, last = max(first, clock.start), min(last, clock.as_of)
        pool = [(a, live) for a in self._accounts if (live := self._live(a, first, last))]
        if not pool or count <= 0:
            return
        # Cumulative weights once a month: choices() would otherwise re-add 500 weights per message.
        cum_weights = list(accumulate(self._weights[a.id] * ((b - f).days + 1) for a, (f, b) in pool))
        drafts = []
        scripted = []
        if months_left == 0:
            scripted = self._scripted(pool)
        elif 1 <= months_left <= 3:
            scripted = [self._draft(*pool[0], forced="stuck")]  # one forgotten message a month, recently
        for _ in range(max(0, count - len(scripted))):
            account, live = rng.choices(pool, cum_weights=cum_weights)[0]
            drafts.append(self._draft(account, live))
        drafts += scripted
        drafts.sort(key=lambda d: (d.received, d.account.id))
        for draft in drafts:
            self._write(draft)

    def _scripted(self, pool: list[tuple[AccountPlan, tuple[date, date]]]) -> list[Draft]:
        """A message due today and still open, and an urgent one received this morning not yet answered."""
        clock, cal = self._clock, self._clock.calendar
        account, live = max(pool, key=lambda p: (self._weights[p[0].id], -p[0].id))
        out = []
        received_day = clock.workdays_before(
            clock.as_of if cal.is_workday(clock.as_of) else cal.next_workday(clock.as_of), 5
        )
        if received_day >= live[0]:
            due_today = self._draft(account, live, forced="due_today", category=MessageCategory.CONSULT)
            due_today.received = datetime.combine(received_day, time(10, 15))
            out.append(due_today)
        urgent = self._draft(account, live, forced="urgent_now", category=MessageCategory.HELP)
        urgent.received = clock.now - timedelta(minutes=35)
        out.append(urgent)
        return out

    def _draft(
        self,
        account: AccountPlan,
        live: tuple[date, date],
        forced: str = "",
        category: MessageCategory | None = None,
    ) -> Draft:
        rng, clock = self._rng, self._clock
        day = live[0] + timedelta(days=rng.randrange((live[1] - live[0]).days + 1))
        minute = rng.choices(_HOURS, cum_weights=_HOUR_CUM)[0] * 60 + between(rng, 0, 60)
        received = datetime.combine(day, time()) + timedelta(minutes=minute)
        if received >= clock.now:
            received = clock.now - timedelta(minutes=between(rng, 5, 480))
        category = category or rng.choices(_CATEGORIES, _CATEGORY_WEIGHTS)[0]
        unit = account.unit
        town = unit.spec.short if unit.spec.unit_type is UnitType.TOWNSHIP else rng.choice(self._town_names)
        if category is MessageCategory.OTHER and rng.random() < 0.3:
            return Draft(account, received, category, "gov", rng.choice(SPAM), town, spam=True, forced=forced)
        own = "town" if unit.spec.unit_type is UnitType.TOWNSHIP else unit.spec.domain
        wanted = own if not is_hub(unit) and rng.random() < 0.7 else None
        choices = self._templates.get((category, wanted)) or self._templates[(category, None)]
        text_field, _, template = rng.choice(choices)
        text = fill(rng, template, day.year, town)
        return Draft(account, received, category, text_field, text, town, forced=forced)

    def _transfer_unit(self, draft: Draft) -> UnitPlan | None:
        """Messages about another unit's field go there: townships for local matters, departments otherwise."""
        unit = draft.account.unit
        own = "town" if unit.spec.unit_type is UnitType.TOWNSHIP else unit.spec.domain
        # The county's hubs forward a fifth of what they receive; other units forward half of what is not theirs.
        chance = 0.2 if is_hub(unit) else (0.5 if draft.text_field != own else 0.0)
        if draft.spam or self._rng.random() >= chance:
            return None
        if draft.text_field == "town":
            target = self._towns.get(draft.town)
        else:
            options = self._by_field.get(draft.text_field, [])
            target = self._rng.choice(options) if options else None
        return None if target is None or target.id == unit.id else target

    def _write(self, draft: Draft) -> None:
        rng, clock = self._rng, self._clock
        account = draft.account
        urgent = draft.forced == "urgent_now" or (
            not draft.spam
            and draft.category in (MessageCategory.HELP, MessageCategory.COMPLAINT)
            and rng.random() < (0.22 if draft.category is MessageCategory.HELP else 0.04)
        )
        urgency = Urgency.URGENT if urgent else Urgency.NORMAL
        writer_name = nickname(rng)
        content = decorate(rng, draft.text, urgent)
        target = None if draft.forced else self._transfer_unit(draft)
        stuck = draft.forced == "stuck" or (draft.forced == "" and rng.random() < 0.001)
        channels, channel_weights = _CHANNELS.get(account.platform, _DEFAULT_CHANNELS)
        channel = rng.choices(channels, channel_weights)[0]
        flow = self._flows.draw(
            draft.received,
            draft.category,
            urgency,
            channel,
            account.platform,
            reject=draft.spam,
            transfer=target is not None,
            stuck=stuck,
            hold_open=draft.forced in ("due_today", "urgent_now"),
        )
        if draft.forced == "urgent_now":  # nobody has seen it yet at 08:30
            flow.ack = None
            flow.events = [e for e in flow.events if e[1] is not MessageEventKind.ACKNOWLEDGED]
        flow.cut(clock.now)
        received = draft.received
        key = message_key(account.id, writer_name, received, content)
        while key in self.outcome.keys:  # the same person writing the same words in the same minute
            received += timedelta(minutes=1)
            key = message_key(account.id, writer_name, received, content)
        self.outcome.keys.add(key)
        self._rows(draft, flow, urgency, channel, writer_name, content, received, key, target)

    def _rows(
        self,
        draft: Draft,
        flow: Flow,
        urgency: Urgency,
        channel: MessageChannel,
        writer_name: str,
        content: str,
        received: datetime,
        key: str,
        target: UnitPlan | None,
    ) -> None:
        rng, clock, writer, ids = self._rng, self._clock, self._writer, self._ids
        account, unit = draft.account, draft.account.unit
        message_id = ids[Message]
        ids[Message] += 1
        contact = any_mobile(rng) if rng.random() < (0.8 if channel is MessageChannel.LETTER else 0.5) else ""
        operator = unit.holder(Role.ADMIN, received.date()).name
        state = flow.state
        events = [
            (
                received,
                MessageEventKind.RECEIVED,
                f"通过{account.name}（{account.platform.label}）{channel.label}收到",
            )
        ]
        events += [e for e in flow.events if e[0] <= clock.now]
        events.sort(key=lambda e: e[0])
        last_change = events[-1][0]
        writer.add(
            Message,
            {
                "id": message_id,
                "account_id": account.id,
                "channel": channel,
                "received_at": received,
                "writer_name": writer_name,
                "writer_contact": contact,
                "content": content,
                "category": draft.category,
                "urgency": urgency,
                "state": state,
                "confidential": rng.random()
                < (0.08 if draft.category is MessageCategory.COMPLAINT else 0.02),
                "writer_last_at": received if channel is MessageChannel.PRIVATE else None,
                "first_response_due": flow.first_due,
                "answer_due": flow.answer_due,
                "next_due": next_due(state.is_open, flow.ack is not None, flow.first_due, flow.answer_due),
                "committed_due": flow.committed,
                "extension_workdays": flow.extension,
                "extension_reason": flow.extension_reason,
                "first_response_at": flow.ack,
                "answered_at": flow.answered,
                "closed_at": flow.closed or flow.rejected,
                "rejected_reason": flow.rejected_reason,
                "assigned_unit_id": target.id if target is not None and flow.transfer_sent else None,
                "external_id": "",
                "dedupe_key": key,
                "created_at": received,
                "updated_at": last_change,
            },
        )
        out = self.outcome
        out.messages += 1
        out.open += state.is_open
        for at, kind, note in events:
            who = (
                operator  # the unit's 管理员 logs, answers and closes; the receiving unit's answers its 转办
            )
            if kind is MessageEventKind.TRANSFER_ANSWERED and target is not None:
                who = target.holder(Role.ADMIN, at.date()).name
                note = f"{target.name}已答复"
            elif kind is MessageEventKind.TRANSFERRED and target is not None and flow.transfer_due:
                note = f"转{target.name}办理，要求{flow.transfer_due.month}月{flow.transfer_due.day}日前答复"
            writer.add(
                MessageEvent,
                {
                    "id": ids[MessageEvent],
                    "message_id": message_id,
                    "kind": kind,
                    "at": at,
                    "operator": who,
                    "note": note,
                },
            )
            ids[MessageEvent] += 1
            out.events += 1
        for text, at, final, template_id in self._replies.for_message(draft, flow, target, writer_name, rng):
            writer.add(
                Reply,
                {
                    "id": ids[Reply],
                    "message_id": message_id,
                    "text": text,
                    "replied_at": at,
                    "operator": operator
                    if not final
                    else unit.holder(Role.EDITOR if rng.random() < 0.3 else Role.ADMIN, at.date()).name,
                    "is_final": final,
                    "template_id": template_id,
                },
            )
            ids[Reply] += 1
            out.replies += 1
        if target is not None and flow.transfer_sent is not None and flow.transfer_due is not None:
            answered = flow.transfer_answered
            writer.add(
                Transfer,
                {
                    "id": ids[Transfer],
                    "message_id": message_id,
                    "unit_id": target.id,
                    "sent_at": flow.transfer_sent,
                    "due_on": flow.transfer_due,
                    "answered_at": answered,
                    "answer_text": self._replies.transfer_answer(draft, target) if answered else "",
                    "operator": operator,
                    "note": "",
                },
            )
            ids[Transfer] += 1
            out.transfers += 1
