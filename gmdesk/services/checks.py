"""``gmdesk check``: every current finding of every rule, gathered from the areas' check providers.

Each area (filing, calendar, inbox, inspection) contributes a provider: a function taking a
:class:`CheckContext` and yielding findings. Providers are listed by import path so that adding an area is one
line here and the areas never import each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from gmdesk.collector import paused
from gmdesk.domain.enums import Severity
from gmdesk.domain.findings import Finding, RuleId, sort_findings
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.policy import PolicyResolver
from gmdesk.store.queries import reference

# The import inside providers() breaks a cycle: each provider's module imports CheckContext from this one.


@dataclass(frozen=True)
class CheckContext:
    session: Session
    as_of: date
    calendar: WorkCalendar
    policies: PolicyResolver
    account_ids: frozenset[int] | None = None
    """When given, providers look at these accounts only (an account's own pane); None means all."""

    def wants(self, account_id: int) -> bool:
        return self.account_ids is None or account_id in self.account_ids


CheckProvider = Callable[[CheckContext], Iterable[Finding]]


def holiday_coverage(context: CheckContext) -> Iterable[Finding]:
    if context.account_ids is not None:
        return
    for warning in context.calendar.coverage_warnings(context.as_of):
        yield Finding(RuleId.HOLIDAY_DATA_MISSING, Severity.WARNING, "", context.as_of, warning.message)


def providers() -> tuple[CheckProvider, ...]:
    """Every provider, in the order their findings are gathered."""
    from gmdesk.services import (
        accounts_checks,
        frequency_checks,
        rectification_findings,
        reply_checks,
        trainings,
        wording,
    )

    return (
        holiday_coverage,
        accounts_checks.account_findings,
        frequency_checks.frequency_findings,
        reply_checks.reply_findings,
        reply_checks.transfer_findings,
        rectification_findings.rectification_findings,
        trainings.training_findings,
        wording.check_findings,
    )


def make_context(session: Session, as_of: date, account_ids: Iterable[int] | None = None) -> CheckContext:
    ids = frozenset(account_ids) if account_ids is not None else None
    return CheckContext(session, as_of, load_work_calendar(session), PolicyResolver(session), ids)


@paused()  # every account's tallies live until the findings are made: no collections walking them
def run_checks(
    session: Session,
    as_of: date,
    only: Iterable[CheckProvider] | None = None,
    account_ids: Iterable[int] | None = None,
) -> list[Finding]:
    """Every finding on ``as_of`` (of ``only`` these providers, for some accounts, if given), worst and soonest
    first."""
    context = make_context(session, as_of, account_ids)
    findings: list[Finding] = []
    for provider in providers() if only is None else only:
        findings.extend(provider(context))
    return sort_findings(with_sources(session, context.policies, findings))


def with_sources(session: Session, policies: PolicyResolver, findings: list[Finding]) -> list[Finding]:
    """Each finding about an account says which rules judged it (the profile in force or the account's own)."""
    wanted = {f.account_id for f in findings if f.account_id is not None and not f.source}
    if not wanted:
        return findings
    sources = {row.id: policies.source_of(row) for row in reference.account_policies(session, wanted)}
    return [
        replace(f, source=sources.get(f.account_id, "")) if f.account_id in sources and not f.source else f
        for f in findings
    ]
