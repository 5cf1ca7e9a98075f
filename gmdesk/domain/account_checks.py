"""The account and filing rules of ``gmdesk check`` (domain §1, §2, §7), on plain facts.

- ``DUPLICATE_PLATFORM``: a unit has a second account on one platform (国办发〔2018〕123号: 一个单位在同一平台
  原则上只开设一个账号); the later ones are flagged, the first opened is the legitimate one.
- ``FILING_OVERDUE`` / ``FILING_DUE_SOON``: a pending 开设备案, 变更备案, 注销备案 or 年审 past or near its due date.
  The 年审 is owed by every live account opened before the review month without anyone creating it
  (:func:`owed_annual_reviews`); it is due within its month, so it is "due soon" from the month's first day.
- ``PASSWORD_ROTATION``: a public account whose password was not changed within the profile's span (90 days),
  or whose password has no named custodian.
- ``ENTITY_MISMATCH``: the 认证主体 differs from the 主办单位's full name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from gmdesk.domain.enums import AccountState, FilingKind, Severity, TimeUnit
from gmdesk.domain.findings import Finding, RuleId
from gmdesk.domain.lifecycle import (
    DeadlineState,
    annual_review_window,
    deadline_state,
    deadline_unit,
    filing_label,
    owes_annual_review,
    remaining_text,
    review_year,
    span_text,
    window_opens,
)
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import BASIS_STATE_COUNCIL_2018, FilingRules
from gmdesk.domain.workdays import WorkCalendar

DUPLICATE_STATES = frozenset(
    {
        AccountState.PROPOSED,
        AccountState.APPLYING,
        AccountState.APPROVED,
        AccountState.OPENED,
        AccountState.RUNNING,
        AccountState.CLOSING,
    }
)
"""Accounts that exist or are planned; one being closed still counts until it is 注销."""

DEADLINE_KINDS = frozenset(
    {FilingKind.OPEN_FILING, FilingKind.CHANGE_FILING, FilingKind.CANCEL_FILING, FilingKind.ANNUAL_REVIEW}
)
"""The 停更公告's due date is the end of the notice period, not a deadline the office can miss."""


@dataclass(frozen=True)
class AccountFacts:
    id: int
    name: str
    unit_id: int
    unit_name: str
    platform: Platform
    state: AccountState
    opened_on: date | None = None
    verified_entity: str = ""
    password_rotated_on: date | None = None
    has_custodian: bool = False


@dataclass(frozen=True)
class PendingFiling:
    id: int
    account_id: int
    account_name: str
    kind: FilingKind
    triggered_on: date
    due_on: date | None
    recorded: bool = True
    """False for a 年审 owed but not yet in the records (see :func:`owed_annual_reviews`); its ``id`` is 0."""

    @property
    def subject(self) -> str:
        if self.recorded:
            return f"filing:{self.id}"
        return f"annual_review:{self.account_id}:{self.triggered_on.year}"


RulesFor = Callable[[int], FilingRules]
"""The filing rules of an account (its profile with its overrides), by account id."""


def owed_annual_reviews(
    accounts: Iterable[AccountFacts], recorded: Collection[tuple[int, int]], as_of: date, rules_for: RulesFor
) -> Iterator[PendingFiling]:
    """The 年审 of the review year in force on ``as_of`` that each owing account has no event for yet.

    ``recorded`` holds (account id, year) of every 年审 event in the records, pending, done or withdrawn (a
    withdrawn one is an exemption the clerk gave a reason for): those accounts owe nothing more that year."""
    for account in accounts:
        rules = rules_for(account.id)
        year = review_year(as_of, rules)
        if (account.id, year) in recorded or not owes_annual_review(
            account.state, account.opened_on, year, rules
        ):
            continue
        first, due = annual_review_window(year, rules)
        yield PendingFiling(0, account.id, account.name, FilingKind.ANNUAL_REVIEW, first, due, recorded=False)


def filing_findings(
    pending: Iterable[PendingFiling], as_of: date, rules_for: RulesFor, calendar: WorkCalendar
) -> Iterator[Finding]:
    for filing in pending:
        if filing.kind not in DEADLINE_KINDS or filing.due_on is None:
            continue
        rules = rules_for(filing.account_id)
        state = deadline_state(
            filing.due_on, as_of, rules, calendar, window_opens(filing.kind, filing.triggered_on)
        )
        if state not in (DeadlineState.OVERDUE, DeadlineState.DUE_SOON):
            continue
        basis = span_text(filing.kind, rules)
        unit = deadline_unit(filing.kind, rules)
        when = remaining_text(filing.due_on, as_of, calendar, unit)
        if unit is TimeUnit.WORKDAY and calendar.provisional(filing.due_on):
            basis += f"；{filing.due_on.year}年节假日未录入，期限暂按周一至周五推算"
        label = filing_label(filing.kind, filing.triggered_on)
        what = "（年度自查报告，未登记完成）" if filing.kind is FilingKind.ANNUAL_REVIEW else ""
        if state is DeadlineState.OVERDUE:
            yield Finding(
                RuleId.FILING_OVERDUE,
                Severity.VIOLATION,
                filing.account_name,
                filing.due_on,
                f"{label}{what}应于{filing.due_on.isoformat()}前办理（{basis}），已{when.removeprefix('逾期')}未办",
                filing.account_id,
                filing.subject,
                when,
            )
        else:
            yield Finding(
                RuleId.FILING_DUE_SOON,
                Severity.WARNING,
                filing.account_name,
                filing.due_on,
                f"{label}{what}须于{filing.due_on.isoformat()}前办理（{basis}），{when}",
                filing.account_id,
                filing.subject,
                when,
            )


def duplicate_platform(accounts: Iterable[AccountFacts], as_of: date) -> Iterator[Finding]:
    groups: dict[tuple[int, Platform], list[AccountFacts]] = defaultdict(list)
    for account in accounts:
        if account.state in DUPLICATE_STATES:
            groups[(account.unit_id, account.platform)].append(account)
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda a: (a.opened_on is None, a.opened_on or date.max, a.id))
        first = members[0]
        for extra in members[1:]:
            yield Finding(
                RuleId.DUPLICATE_PLATFORM,
                Severity.VIOLATION,
                extra.name,
                extra.opened_on or as_of,
                f"{extra.unit_name}在“{extra.platform.label}”已有账号“{first.name}”，同一单位在同一平台原则上"
                f"只开设一个账号，应整合或关停（{BASIS_STATE_COUNCIL_2018}）",
                extra.id,
            )


def password_rotation(
    accounts: Iterable[AccountFacts], as_of: date, rules_for: RulesFor, calendar: WorkCalendar
) -> Iterator[Finding]:
    for account in accounts:
        if not account.state.is_live:
            continue
        span = rules_for(account.id).password_rotation
        last = account.password_rotated_on or account.opened_on
        problems = []
        due: date | None = None
        if last is not None:
            due = calendar.add(last, span.amount, span.unit)
            if as_of > due:
                told = (
                    f"最近一次更换为{last.isoformat()}"
                    if account.password_rotated_on
                    else f"开设（{last.isoformat()}）以来未登记更换"
                )
                problems.append(f"密码应每{span.describe()}更换一次，{told}，已于{due.isoformat()}到期")
        if not account.has_custodian:
            problems.append("未登记密码保管人")
        if problems:
            late = due is not None and as_of > due
            yield Finding(
                RuleId.PASSWORD_ROTATION,
                Severity.WARNING,
                account.name,
                due if late and due else as_of,
                "；".join(problems) + "（账号密码应由专人保管并定期更换）",
                account.id,
                when=remaining_text(due, as_of, calendar, span.unit) if late and due else "未登记保管人",
            )


_BLANKS = re.compile(r"\s+")


def same_entity(entity: str, unit_name: str) -> bool:
    """Equal once blanks are ignored and full-width brackets are read as half-width ones."""

    def norm(text: str) -> str:
        return _BLANKS.sub("", text).replace("（", "(").replace("）", ")")

    return norm(entity) == norm(unit_name)


def entity_mismatch(accounts: Iterable[AccountFacts], as_of: date) -> Iterator[Finding]:
    for account in accounts:
        if not account.state.is_live or not account.verified_entity.strip():
            continue
        if same_entity(account.verified_entity, account.unit_name):
            continue
        yield Finding(
            RuleId.ENTITY_MISMATCH,
            Severity.WARNING,
            account.name,
            as_of,
            f"认证主体“{account.verified_entity.strip()}”与主办单位“{account.unit_name}”不一致；"
            "应以主办单位名义认证，变更认证主体后须办理变更备案",
            account.id,
        )
