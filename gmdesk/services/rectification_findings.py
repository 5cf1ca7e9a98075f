"""Findings and 整改: the ``gmdesk check`` provider of the items, and items made from findings.

``create_from_findings`` turns the findings the clerk ticked (of ``gmdesk check`` or of the annual
inspection) into items, one per rule and account: a finding whose rule and account already have an open item
is skipped, so running it twice, or after the next check, never doubles the ledger.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from gmdesk.domain.enums import RectificationSource
from gmdesk.domain.findings import Finding
from gmdesk.domain.permissions import Permission
from gmdesk.domain.rectification import (
    DEFAULT_WORKDAYS,
    ItemFacts,
    finding_key,
    findings,
    measure_for,
    problem_from,
)
from gmdesk.services.checks import CheckContext
from gmdesk.services.operators import requires
from gmdesk.services.rectification import ItemDraft, ItemRow, create_item
from gmdesk.store.queries import rectification as queries


def rectification_findings(context: CheckContext) -> Iterator[Finding]:
    """The provider listed in ``gmdesk.services.checks.providers()``: overdue and nearly due items."""
    rows = queries.open_rows(context.session)
    facts = [
        ItemFacts(r.id, r.problem, r.responsible or "", r.due_on, r.state, r.account_name or "", r.account_id)
        for r in rows
        if _wanted(context, r.account_id)
    ]
    yield from findings(facts, context.as_of, context.policies.active.filing.due_soon, context.calendar)


def _wanted(context: CheckContext, account_id: int | None) -> bool:
    """Items about no account belong to the whole check only, not to one account's pane."""
    return context.account_ids is None if account_id is None else context.wants(account_id)


@dataclass(frozen=True)
class FromFindings:
    created: list[ItemRow]
    skipped: list[Finding]
    """Findings whose rule and account already had an open item (or repeated one of the list)."""

    def describe(self) -> str:
        text = f"已生成{len(self.created)}项整改事项"
        if self.skipped:
            text += f"；{len(self.skipped)}项问题已有未完成的整改事项，未重复生成"
        return text + "。"


def already_open(session: Session, findings: Sequence[Finding]) -> list[bool]:
    """For each finding, whether an open item of its rule and account exists (the dialog greys those out)."""
    existing = {
        finding_key(rule, account_id, problem) for rule, account_id, problem in queries.open_keys(session)
    }
    return [finding_key(f.rule, f.account_id, problem_from(f)) in existing for f in findings]


@requires(Permission.RECORD)
def create_from_findings(
    session: Session,
    findings: Sequence[Finding],
    operator: str,
    now: datetime,
    *,
    opened_on: date | None = None,
    workdays: int = DEFAULT_WORKDAYS,
    responsible: str = "",
    source: RectificationSource = RectificationSource.SELF_INSPECTION,
) -> FromFindings:
    """One item per (rule, account) of ``findings``, unless an open item of the same rule and account exists."""
    existing = {
        finding_key(rule, account_id, problem) for rule, account_id, problem in queries.open_keys(session)
    }
    # open items about no account are matched by their problem text, which is the finding's own
    created: list[ItemRow] = []
    skipped: list[Finding] = []
    for finding in findings:
        problem = problem_from(finding)
        key = finding_key(finding.rule, finding.account_id, problem)
        if key in existing:
            skipped.append(finding)
            continue
        existing.add(key)
        draft = ItemDraft(
            problem=problem,
            opened_on=opened_on or now.date(),
            workdays=workdays,
            measure=measure_for(finding.rule),
            responsible=responsible,
            account_id=finding.account_id,
            source=source,
            rule=str(finding.rule),
        )
        created.append(create_item(session, draft, operator, now))
    return FromFindings(created, skipped)
