"""The stored deadlines of every message, kept in step with the holiday table and the policy profiles.

Messages carry their computed ``first_response_due``, ``answer_due`` and ``next_due`` so that the inbox can
sort and ``gmdesk check`` can select on indexed columns. When the office edits the holiday table, a profile
or an account's profile, the basis changes: :func:`deadlines_current` notices (a fingerprint of the inputs
kept in the settings) and :func:`recompute_deadlines` brings every message up to date.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.domain.deadlines import ReplyDeadlines, ReplyFacts, next_due, reply_deadlines
from gmdesk.domain.enums import MessageState
from gmdesk.domain.errors import UserError
from gmdesk.domain.policy import ReplyRules
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services import settings
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.policy import PolicyResolver, RuledByPolicy
from gmdesk.store.models import Account, Message
from gmdesk.store.queries import messages as queries
from gmdesk.store.queries import reference

BASIS_KEY = "inbox.deadline_basis"
"""The fingerprint of the holiday table and rules the stored deadlines were computed with."""


_RULES_MEMO: dict[str, ReplyRules] = {}
"""Resolved reply rules by (profiles, account choice): parsing the profiles costs ~5 ms each, and the inbox
asks for rules on every detail it shows and every action it takes."""


class ReplyRulesCache:
    """The reply rules of each account, resolved by :class:`PolicyResolver` once per set of profiles."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._resolver: PolicyResolver | None = None
        self._by_account: dict[int, ReplyRules] = {}
        rows = reference.policy_profiles(session)
        self._profiles = hashlib.sha256(
            json.dumps(
                [[r.id, r.is_active, r.rules] for r in rows], sort_keys=True, ensure_ascii=False
            ).encode()
        ).hexdigest()

    @property
    def resolver(self) -> PolicyResolver:
        if self._resolver is None:
            self._resolver = PolicyResolver(self._session)
        return self._resolver

    def _memo(self, choice: str, resolve: Callable[[], ReplyRules]) -> ReplyRules:
        key = f"{self._profiles}:{choice}"
        found = _RULES_MEMO.get(key)
        if found is None:
            if len(_RULES_MEMO) > 2000:
                _RULES_MEMO.clear()
            found = _RULES_MEMO[key] = resolve()
        return found

    @property
    def default_rules(self) -> ReplyRules:
        """The office's active profile's rules (for an account that no longer exists, and for new ones)."""
        return self._memo("active", lambda: self.resolver.active.replies)

    def for_account(self, account: RuledByPolicy) -> ReplyRules:
        found = self._by_account.get(account.id)
        if found is None:
            choice = json.dumps([account.policy_profile_id, account.policy_overrides or {}], sort_keys=True)
            found = self._memo(choice, lambda: self.resolver.for_account(account).replies)
            self._by_account[account.id] = found
        return found

    def for_account_id(self, account_id: int) -> ReplyRules:
        if account_id not in self._by_account:
            account = self._session.get(Account, account_id)
            if account is None:
                return self.default_rules
            return self.for_account(account)
        return self._by_account[account_id]

    def preload(self, account_ids: Collection[int] | None = None) -> None:
        """Resolve many accounts with one query instead of one each (only the columns the rules read)."""
        for row in reference.account_policies(self._session, account_ids):
            self.for_account(row)


def facts_of(message: Any, platform: Any) -> ReplyFacts:
    """The deadline inputs of a Message (or a row with the same attribute names)."""
    return ReplyFacts(
        received_at=message.received_at,
        category=message.category,
        urgency=message.urgency,
        channel=message.channel,
        platform=platform,
        writer_last_at=message.writer_last_at,
        extension_workdays=message.extension_workdays or 0,
        committed_due=message.committed_due,
    )


def apply_deadlines(message: Message, deadlines: ReplyDeadlines) -> None:
    """Store the deadlines in force on a message, with its nearest running deadline."""
    message.first_response_due = deadlines.first_response
    message.answer_due = deadlines.answer
    message.next_due = next_due(
        MessageState(message.state).is_open,
        message.first_response_at is not None,
        deadlines.first_response,
        deadlines.answer,
    )


def refresh_message(
    session: Session, message: Message, calendar: WorkCalendar | None = None
) -> ReplyDeadlines:
    """Recompute and store one message's deadlines (after an edit, an extension, a commitment, a state change)."""
    account = session.get(Account, message.account_id)
    if account is None:
        raise UserError("留言所属账号不存在")
    rules = ReplyRulesCache(session).for_account(account)
    calendar = calendar or load_work_calendar(session)
    deadlines = reply_deadlines(facts_of(message, account.platform), rules, calendar)
    apply_deadlines(message, deadlines)
    return deadlines


# --------------------------------------------------------------------------- the basis and bulk recompute
def basis_fingerprint(session: Session) -> str:
    """A digest of everything the deadlines depend on besides the message itself."""
    sha = hashlib.sha256()
    for row in reference.holiday_overrides(session):
        sha.update(f"{row.day.isoformat()}:{int(row.is_workday)};".encode())
    for profile in reference.policy_profiles(session):
        rules = json.dumps(profile.rules.get("replies", {}), sort_keys=True, ensure_ascii=False)
        sha.update(f"p{profile.id}:{int(profile.is_active)}:{rules};".encode())
    for account in reference.account_policies(session):
        replies = {k: v for k, v in (account.policy_overrides or {}).items() if k.startswith("replies.")}
        if account.policy_profile_id is not None or replies:
            sha.update(
                f"a{account.id}:{account.policy_profile_id}:{json.dumps(replies, sort_keys=True)};".encode()
            )
    return sha.hexdigest()


def deadlines_current(session: Session) -> bool:
    return settings.get(session, BASIS_KEY) == basis_fingerprint(session)


def mark_current(session: Session) -> None:
    settings.put(session, BASIS_KEY, basis_fingerprint(session))


Progress = Callable[[int, int, str], None]


def recompute_deadlines(
    session: Session, progress: Progress | None = None, account_ids: Iterable[int] | None = None
) -> int:
    """Recompute every message's deadlines (or those of some accounts); returns how many changed."""
    calendar = load_work_calendar(session)
    cache = ReplyRulesCache(session)
    cache.preload()
    ids = list(account_ids) if account_ids is not None else None
    total = queries.message_count(session)
    changes: list[dict[str, Any]] = []
    changed = 0
    for done, row in enumerate(queries.deadline_rows(session, ids), start=1):
        facts = facts_of(row, row.platform)
        rules = cache.for_account_id(row.account_id)
        deadlines = reply_deadlines(facts, rules, calendar)
        upcoming = next_due(
            MessageState(row.state).is_open,
            row.first_response_at is not None,
            deadlines.first_response,
            deadlines.answer,
        )
        if (row.first_response_due, row.answer_due, row.next_due) != (
            deadlines.first_response,
            deadlines.answer,
            upcoming,
        ):
            changes.append(
                {
                    "id": row.id,
                    "first_response_due": deadlines.first_response,
                    "answer_due": deadlines.answer,
                    "next_due": upcoming,
                }
            )
        if len(changes) >= 2000:
            queries.update_deadlines(session, changes)
            changed += len(changes)
            changes = []
        if progress is not None and done % 5000 == 0:
            progress(done, total, f"已重算 {done:,} / {total:,} 条留言的期限")
    queries.update_deadlines(session, changes)
    changed += len(changes)
    if ids is None:
        mark_current(session)
    return changed


def ensure_current(session: Session, progress: Progress | None = None) -> int:
    """Recompute only when the holiday table or the rules changed since the last time; returns changes."""
    if deadlines_current(session):
        return 0
    return recompute_deadlines(session, progress)


def default_transfer_workdays(session: Session, account_id: int) -> int:
    """The working days a unit gets to answer a forwarded message under the account's rules."""
    return ReplyRulesCache(session).for_account_id(account_id).transfer_answer.amount
