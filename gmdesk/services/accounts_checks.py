"""The account area's check provider for ``gmdesk check`` and the facts the ledger shares with it.

Everything is read in a handful of queries (accounts, units, pending events), never one per account, so a
county of 500 accounts is checked in milliseconds. Rules live in ``gmdesk.domain.account_checks``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.domain.account_checks import (
    AccountFacts,
    PendingFiling,
    duplicate_platform,
    entity_mismatch,
    filing_findings,
    owed_annual_reviews,
    password_rotation,
)
from gmdesk.domain.findings import Finding
from gmdesk.domain.policy import FilingRules
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services.checks import CheckContext
from gmdesk.services.policy import PolicyResolver
from gmdesk.store.queries import accounts as account_queries
from gmdesk.store.queries import filings as filing_queries


@dataclass
class AreaFacts:
    """The accounts, their facts for the rules and their pending events, read once."""

    accounts: dict[int, Any]
    """Whole Accounts for the ledger; for the checks, rows of the columns the rules read."""
    facts: list[AccountFacts]
    pending: list[PendingFiling]
    policies: PolicyResolver
    _rules: dict[int, FilingRules]

    def rules_for(self, account_id: int) -> FilingRules:
        rules = self._rules.get(account_id)
        if rules is None:
            account = self.accounts.get(account_id)
            rules = (
                self.policies.for_account(account) if account is not None else self.policies.active
            ).filing
            self._rules[account_id] = rules
        return rules


def load_facts(
    session: Session,
    policies: PolicyResolver | None = None,
    *,
    whole_accounts: bool = False,
    as_of: date | None = None,
) -> AreaFacts:
    """The area's facts; ``whole_accounts`` for a caller that shows more of each account than the rules read
    (the ledger) — the checks and the dashboard read only the columns they need, at half the cost. Given
    ``as_of``, the pending events include the 年审 owed that day and not yet recorded."""
    listed = (
        account_queries.all_accounts(session) if whole_accounts else account_queries.rule_columns(session)
    )
    accounts = {a.id: a for a in listed}
    units = {u.id: u.name for u in account_queries.all_units(session)}
    facts = [
        AccountFacts(
            id=a.id,
            name=a.name,
            unit_id=a.unit_id,
            unit_name=units.get(a.unit_id, ""),
            platform=a.platform,
            state=a.state,
            opened_on=a.opened_on,
            verified_entity=a.verified_entity or "",
            password_rotated_on=a.password_rotated_on,
            has_custodian=a.password_custodian_id is not None,
        )
        for a in accounts.values()
    ]
    rows = filing_queries.pending_rows(session)
    pending = [
        PendingFiling(r.id, r.account_id, r.account_name, r.kind, r.triggered_on, r.due_on) for r in rows
    ]
    area = AreaFacts(accounts, facts, pending, policies or PolicyResolver(session), {})
    if as_of is not None:
        recorded = filing_queries.annual_review_years(session)
        pending.extend(owed_annual_reviews(facts, recorded, as_of, area.rules_for))
    return area


def findings_for(
    facts: AreaFacts, as_of: date, calendar: WorkCalendar, wanted: Iterable[int] | None = None
) -> list[Finding]:
    """Every account-area finding on ``as_of`` (only about ``wanted`` accounts, if given)."""
    keep = None if wanted is None else set(wanted)
    chosen: Sequence[AccountFacts] = facts.facts if keep is None else [f for f in facts.facts if f.id in keep]
    pending = facts.pending if keep is None else [p for p in facts.pending if p.account_id in keep]
    found: list[Finding] = []
    found.extend(filing_findings(pending, as_of, facts.rules_for, calendar))
    # duplicates need every account of the unit, even when only one is asked about
    found.extend(f for f in duplicate_platform(facts.facts, as_of) if keep is None or f.account_id in keep)
    found.extend(password_rotation(chosen, as_of, facts.rules_for, calendar))
    found.extend(entity_mismatch(chosen, as_of))
    return found


def account_findings(context: CheckContext) -> Iterator[Finding]:
    """The provider listed in ``gmdesk.services.checks.providers()``."""
    facts = load_facts(context.session, context.policies, as_of=context.as_of)
    wanted = None if context.account_ids is None else [i for i in facts.accounts if context.wants(i)]
    yield from findings_for(facts, context.as_of, context.calendar, wanted)
