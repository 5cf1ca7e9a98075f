"""The in-memory plan of the county: who exists, which accounts, which dates. Rows are made from it later.

Planning first and writing afterwards lets every later stage (posts, messages, filings) ask the same plan
who held a role on a given day, so sign-offs, operators and 变更备案 tell one consistent story.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from gmdesk.domain.enums import AccountState, OpsMode, Role
from gmdesk.domain.platforms import Platform
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services.demo.catalog import UnitSpec


@dataclass(frozen=True)
class Clock:
    """Every date of the demo is relative to ``as_of``; ``now`` is 08:30 that morning (the clerk has just
    opened gmdesk), so overnight messages are waiting and today's plans are still ahead."""

    as_of: date
    start: date
    calendar: WorkCalendar

    @cached_property
    def now(self) -> datetime:
        return datetime.combine(self.as_of, time(8, 30))

    def workdays_before(self, day: date, n: int) -> date:
        """The Nth working day strictly before ``day``."""
        for _ in range(n):
            day = self.calendar.previous_workday(day)
        return day

    def at(self, day: date, hour: int = 9, minute: int = 0) -> datetime:
        """A timestamp on ``day``, never later than now (creation times must not lie in the future)."""
        return min(datetime.combine(day, time(hour, minute)), self.now - timedelta(minutes=1))


@dataclass
class PersonPlan:
    id: int
    unit_id: int
    name: str
    title: str
    phone: str
    since: date
    active: bool = True
    note: str = ""
    left_on: date | None = None


@dataclass
class Change:
    """A 管理员 or 分管负责人 replaced on ``day``: every live account of the unit needs a 变更备案."""

    day: date
    role: Role
    before: PersonPlan
    after: PersonPlan
    scripted: str = ""
    """"due_soon" / "overdue" for the pending filings the dashboard must show; empty for history."""


@dataclass
class UnitPlan:
    id: int
    spec: UnitSpec
    credit_code: str
    address: str
    phone: str
    people: list[PersonPlan] = field(default_factory=list)
    staff: dict[tuple[Role, int], list[PersonPlan]] = field(default_factory=dict)
    """(role, position) → holders in order; each holder's ``since`` says when the role became theirs."""
    changes: list[Change] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.spec.name

    def holder(self, role: Role, day: date, position: int = 0) -> PersonPlan:
        holders = self.staff[(role, position)]
        current = holders[0]
        for person in holders[1:]:
            if person.since <= day:
                current = person
        return current

    def current(self, role: Role, position: int = 0) -> PersonPlan:
        return self.staff[(role, position)][-1]

    def positions(self, role: Role) -> list[int]:
        return sorted(pos for (r, pos) in self.staff if r is role)


@dataclass
class Rotation:
    day: date
    custodian: PersonPlan
    handover: bool = False


@dataclass
class AccountPlan:
    id: int
    unit: UnitPlan
    platform: Platform
    name: str
    rank: int
    """Position in the unit's menu: 0 is the unit's main account."""
    state: AccountState = AccountState.RUNNING
    proposed_on: date | None = None
    applied_on: date | None = None
    approved_on: date | None = None
    opened_on: date | None = None
    notice_on: date | None = None
    canceled_on: date | None = None
    closed_on: date | None = None
    close_reason: str = ""
    replacement: str = ""
    followers: int = 0
    rhythm: str = "regular"
    rate: float = 0.5
    """Posts per working day."""
    stop_on: date | None = None
    """The day of the last post (scenario accounts and accounts that stopped)."""
    scenarios: set[str] = field(default_factory=set)
    verified_entity: str = ""
    is_verified: bool = True
    interaction_enabled: bool = True
    ops_mode: OpsMode = OpsMode.SELF
    ops_vendor: str = ""
    platform_account_id: str = ""
    home_url: str = ""
    open_filing_done_on: date | None = None
    filing_number: str = ""
    rotations: list[Rotation] = field(default_factory=list)

    @property
    def first_day(self) -> date:
        """The first day the plan knows of (the proposal, the application or the opening)."""
        return self.proposed_on or self.applied_on or self.opened_on or date.min

    @property
    def posting_until(self) -> date | None:
        """The last day with posts: the scenario's stop, 注销, or None for still posting."""
        if self.stop_on is not None:
            return self.stop_on
        return self.canceled_on

    @property
    def is_open(self) -> bool:
        """Registered on the platform at some point (it can have posts and messages)."""
        return self.opened_on is not None
