"""Filing events of every account's life (domain §2): application, opening, changes, closure, annual review.

Due dates come from the policy profile's ``FilingRules`` and the working-day calendar; most events were done
on time, about one in seven late, and the scripted ones are pending on ``as_of`` (one overdue, one due soon).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from gmdesk.domain.enums import AccountState, FilingKind, FilingStatus, PaperState, Role
from gmdesk.domain.policy import FilingRules, Span
from gmdesk.services.demo.plan import AccountPlan, Change, Clock
from gmdesk.services.demo.writer import BulkWriter
from gmdesk.store.models import FilingEvent

_PAPER_STEPS = (
    PaperState.GENERATED,
    PaperState.PRINTED,
    PaperState.SIGNED,
    PaperState.SUBMITTED,
    PaperState.FILED,
)


class FilingWriter:
    def __init__(
        self, writer: BulkWriter, clock: Clock, rules: FilingRules, operator: str, seed: int
    ) -> None:
        self._writer = writer
        self._clock = clock
        self._rules = rules
        self._operator = operator
        self.rng = random.Random(f"{seed}:filings")
        self._next_id = writer.next_id(FilingEvent)
        self.count = 0
        self.pending = 0

    def due(self, start: date, span: Span) -> date:
        return self._clock.calendar.add(start, span.amount, span.unit)

    def completion(self, start: date, due: date) -> date:
        """A working day up to ``due`` for most events, one to eight working days after it for some."""
        cal = self._clock.calendar
        if self.rng.random() < 0.15:
            return cal.add_workdays(due, self.rng.randrange(1, 9))
        days = list(cal.workdays(start + timedelta(days=1), due)) or [due]
        return self.rng.choice(days)

    def _paper(self, state: PaperState, start: date, end: date) -> list[dict[str, str]]:
        """The paper trail up to ``state``: generated and printed at the start, signed, submitted, filed at the end."""
        history = []
        steps = _PAPER_STEPS[: _PAPER_STEPS.index(state) + 1] if state is not PaperState.NONE else ()
        for index, step in enumerate(steps):
            day = (
                start
                if index < 2
                else (end if index >= 3 else max(start, self._clock.calendar.previous_workday(end)))
            )
            minute = (600, 620, 900, 570, 960)[index]
            at = min(
                datetime.combine(day, time()) + timedelta(minutes=minute),
                self._clock.now - timedelta(minutes=5 - index),
            )
            history.append(
                {"state": step.value, "at": at.strftime("%Y-%m-%d %H:%M"), "operator": self._operator}
            )
        return history

    def add(
        self,
        account: AccountPlan,
        kind: FilingKind,
        triggered: date,
        *,
        due: date | None = None,
        completed: date | None = None,
        paper: PaperState = PaperState.NONE,
        filing_number: str = "",
        changes: list[dict[str, str]] | None = None,
        note: str = "",
    ) -> None:
        clock = self._clock
        if completed is not None and completed > clock.as_of:
            completed = None  # not done yet on as_of
            paper = PaperState.SIGNED if paper is PaperState.FILED else paper
        done = completed is not None
        filed = done and paper is PaperState.FILED
        closure = kind in (FilingKind.CLOSURE_NOTICE, FilingKind.CANCEL_FILING)
        self._writer.add(
            FilingEvent,
            {
                "id": self._next_id,
                "account_id": account.id,
                "kind": kind,
                "status": FilingStatus.DONE if done else FilingStatus.PENDING,
                "triggered_on": triggered,
                "due_on": due,
                "completed_on": completed,
                "changes": changes or [],
                "close_reason": account.close_reason if closure else "",
                "notice_on": account.notice_on if closure else None,
                "replacement_account": account.replacement if closure else "",
                "paper_state": paper,
                "paper_history": self._paper(paper, triggered, completed or clock.as_of),
                "form_path": "",
                "filing_number": filing_number if filed else "",
                "filed_on": completed if filed else None,
                "operator": self._operator,
                "note": note,
                "created_at": clock.at(max(triggered, clock.start), 10),
                "updated_at": clock.at(max(completed or triggered, clock.start), 16),
            },
        )
        self._next_id += 1
        self.count += 1
        self.pending += not done


def write_filings(filings: FilingWriter, account: AccountPlan, clock: Clock, rules: FilingRules) -> None:
    state = account.state
    rng = filings.rng
    if state is AccountState.PROPOSED:
        assert account.proposed_on is not None
        filings.add(
            account,
            FilingKind.APPLICATION,
            account.proposed_on,
            paper=PaperState.GENERATED,
            note="拟提交班子专题会议研究",
        )
        return
    assert account.applied_on is not None
    if state is AccountState.APPLYING:
        filings.add(
            account,
            FilingKind.APPLICATION,
            account.applied_on,
            paper=PaperState.SUBMITTED,
            note="已报主管单位审核",
        )
        return
    meeting = clock.workdays_before(account.applied_on, rng.randrange(1, 6))
    filings.add(
        account,
        FilingKind.APPLICATION,
        account.applied_on,
        completed=account.approved_on,
        paper=PaperState.FILED,
        note=f"经{meeting.year}年{meeting.month}月{meeting.day}日班子专题会议研究同意",
    )
    if account.opened_on is None:
        return
    due = filings.due(account.opened_on, rules.open_filing)
    if state is AccountState.OPENED:
        paper = rng.choice((PaperState.NONE, PaperState.GENERATED, PaperState.SIGNED))
        filings.add(account, FilingKind.OPEN_FILING, account.opened_on, due=due, paper=paper)
    else:
        filings.add(
            account,
            FilingKind.OPEN_FILING,
            account.opened_on,
            due=due,
            completed=account.open_filing_done_on,
            paper=PaperState.FILED,
            filing_number=account.filing_number,
        )
    for change in account.unit.changes:
        if account.opened_on < change.day and (
            account.canceled_on is None or change.day < account.canceled_on
        ):
            _change_filing(filings, account, change, rules)
    _closure(filings, account, rules)
    _annual_reviews(filings, account, clock, rules)


def _change_filing(filings: FilingWriter, account: AccountPlan, change: Change, rules: FilingRules) -> None:
    due = filings.due(change.day, rules.change_filing)
    label = change.role.label
    changes = [
        {"field": label, "before": change.before.name, "after": change.after.name},
        {"field": f"{label}电话", "before": change.before.phone, "after": change.after.phone},
    ]
    if change.scripted:
        paper = PaperState.GENERATED if change.scripted == "due_soon" else PaperState.NONE
        filings.add(account, FilingKind.CHANGE_FILING, change.day, due=due, paper=paper, changes=changes)
        return
    completed = filings.completion(change.day, due)
    filings.add(
        account,
        FilingKind.CHANGE_FILING,
        change.day,
        due=due,
        completed=completed,
        paper=PaperState.FILED,
        filing_number=account.filing_number,
        changes=changes,
    )


def _closure(filings: FilingWriter, account: AccountPlan, rules: FilingRules) -> None:
    if account.notice_on is None:
        return
    notice_due = filings.due(account.notice_on, rules.closure_notice)
    filings.add(
        account,
        FilingKind.CLOSURE_NOTICE,
        account.notice_on,
        due=notice_due,
        completed=notice_due if account.canceled_on else None,  # the notice period served
        paper=PaperState.FILED if account.canceled_on else PaperState.SUBMITTED,
        note="停更公告已在本账号发布",
    )
    if account.canceled_on is None:
        return
    filings.add(
        account,
        FilingKind.CANCEL_FILING,
        account.canceled_on,
        due=filings.due(account.canceled_on, rules.cancel_filing),
        completed=account.closed_on,
        paper=PaperState.FILED if account.closed_on else PaperState.SIGNED,
        filing_number=account.filing_number,
    )


def _annual_reviews(filings: FilingWriter, account: AccountPlan, clock: Clock, rules: FilingRules) -> None:
    """年审 every November for accounts running then; this year's are partly done if as_of is in November."""
    assert account.opened_on is not None
    month = rules.annual_review_month
    for year in range(clock.start.year, clock.as_of.year + 1):
        opens = date(year, month, 1)
        closes = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
        if closes < clock.start or opens > clock.as_of or account.opened_on >= opens:
            continue
        if account.canceled_on is not None and account.canceled_on <= closes:
            continue
        start = clock.calendar.next_workday(opens - timedelta(days=1))
        completed = filings.completion(start, closes)
        if account.state is AccountState.OPENED or ("zombie" in account.scenarios and closes >= clock.as_of):
            completed = clock.as_of + timedelta(days=1)  # nobody will write the zombie's report
        filings.add(
            account,
            FilingKind.ANNUAL_REVIEW,
            opens,
            due=closes,
            completed=completed,
            paper=PaperState.FILED,
            filing_number=account.filing_number,
            note=f"{year}年度自查报告",
        )


def operator_name(accounts: list[AccountPlan]) -> str:
    """Filings are recorded by the 主管单位's clerk: the county office's 管理员."""
    office = min((a.unit for a in accounts), key=lambda u: u.id)
    return office.current(Role.ADMIN).name
