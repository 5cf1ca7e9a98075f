"""Every pending deadline follows the rules in force: the office's profile, each account's own profile and
overrides, and the holiday table.

Filing events and messages keep their due dates in indexed columns (the ledger, the inbox and ``gmdesk check``
sort and select on them). Whenever the basis of those dates changes — the office switches profile, a profile
is edited, an account gets its own profile or an override, the holiday table changes — the services that make
the change call :func:`apply_rules_in_force` in the same unit of work, so whoever changed it (a window, a
command, another office PC on the same file) leaves no date of the old rules behind. The readers
(``gmdesk check``, the dashboard, the inbox) call :func:`ensure_in_force` before they read, which costs one
fingerprint when nothing changed, and catches a file changed by an older gmdesk.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from gmdesk.domain.lifecycle import due_date
from gmdesk.domain.policy import FilingRules
from gmdesk.services import inbox_deadlines, settings
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.policy import PolicyResolver
from gmdesk.store.queries import filings as filing_queries
from gmdesk.store.queries import reference

FILING_BASIS_KEY = "filings.deadline_basis"
"""The fingerprint of the holiday table and rules the stored filing due dates were computed with."""


@dataclass(frozen=True)
class Recomputed:
    filings: int
    """Pending filing events whose due date moved."""
    messages: int
    """Messages whose first-response, answer or next deadline moved."""

    def describe(self) -> str:
        if not self.filings and not self.messages:
            return "各项期限无变化。"
        return f"已按现行规则重算期限：备案事项{self.filings}件、留言{self.messages}条的期限有变化。"


def filing_basis(session: Session) -> str:
    sha = hashlib.sha256()
    for row in reference.holiday_overrides(session):
        sha.update(f"{row.day.isoformat()}:{int(row.is_workday)};".encode())
    for profile in reference.policy_profiles(session):
        rules = json.dumps(profile.rules.get("filing", {}), sort_keys=True, ensure_ascii=False)
        sha.update(f"p{profile.id}:{int(profile.is_active)}:{rules};".encode())
    for account in reference.account_policies(session):
        filing = {k: v for k, v in (account.policy_overrides or {}).items() if k.startswith("filing.")}
        if account.policy_profile_id is not None or filing:
            sha.update(
                f"a{account.id}:{account.policy_profile_id}:{json.dumps(filing, sort_keys=True)};".encode()
            )
    return sha.hexdigest()


def recompute_filings(session: Session) -> int:
    """Recompute the due date of every pending filing event from its trigger day; returns how many moved."""
    calendar = load_work_calendar(session)
    resolver = PolicyResolver(session)
    accounts = {row.id: row for row in reference.account_policies(session)}
    rules_of: dict[int, FilingRules] = {}
    moved = 0
    for event in filing_queries.pending_deadline_events(session):
        account = accounts.get(event.account_id)
        if account is None:
            continue
        rules = rules_of.get(event.account_id)
        if rules is None:
            rules = rules_of[event.account_id] = resolver.for_account(account).filing
        due = due_date(event.kind, event.triggered_on, rules, calendar)
        if due is not None and due != event.due_on:
            event.due_on = due
            moved += 1
    settings.put(session, FILING_BASIS_KEY, filing_basis(session))
    return moved


def apply_rules_in_force(session: Session) -> Recomputed:
    """After a change of the rules or the holiday table: bring every stored deadline in line, now."""
    session.flush()
    filings = recompute_filings(session)
    messages = inbox_deadlines.recompute_deadlines(session)
    return Recomputed(filings, messages)


def ensure_in_force(session: Session) -> Recomputed:
    """Before reading deadlines: recompute only what was computed on another basis (cheap when current)."""
    filings = (
        0 if settings.get(session, FILING_BASIS_KEY) == filing_basis(session) else recompute_filings(session)
    )
    messages = inbox_deadlines.ensure_current(session)
    return Recomputed(filings, messages)
