"""Live accounts with their rules, and their posts counted per day: what every frequency use case reads."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from gmdesk.domain.enums import PostKind, PostStatus
from gmdesk.domain.frequency import AccountFacts
from gmdesk.domain.policy import UpdateRules
from gmdesk.domain.post_tally import PostTally
from gmdesk.services.policy import PolicyResolver
from gmdesk.store.queries import posts as queries

_PUBLISHED = PostStatus.PUBLISHED.value
_ORIGINAL = PostKind.ORIGINAL.value


@dataclass(frozen=True)
class RuledAccount:
    """A live account, what the rules need of it, and the update rules that apply to it."""

    facts: AccountFacts
    update: UpdateRules
    unit_id: int

    @property
    def id(self) -> int:
        assert self.facts.account_id is not None
        return self.facts.account_id


def ruled_accounts(
    session: Session, policies: PolicyResolver | None = None, ids: Collection[int] | None = None
) -> list[RuledAccount]:
    """Every live account (or the live ones among ``ids``) with its resolved update rules."""
    resolver = policies or PolicyResolver(session)
    out = []
    for account in queries.live_accounts(session, ids):
        facts = AccountFacts(account.name, account.platform, account.opened_on, account.interaction_enabled, account.id)
        out.append(RuledAccount(facts, resolver.for_account(account).update, account.unit_id))
    return out


def tallies(
    session: Session, ids: Sequence[int], since: date, until: date, floors: bool = True, pushes_only: bool = False
) -> dict[int, PostTally]:
    """Each account's posts from ``since`` to ``until`` (both days included) counted per day.

    With ``floors`` each tally also knows the day of the account's last published post before ``since``.
    """
    last_before = queries.last_published_before(session, ids, since) if floors else {}
    out = {i: PostTally(since, last_before.get(i)) for i in ids}
    add_tuples(out, queries.post_tuples(session, ids, since, until + timedelta(days=1), pushes_only))
    return out


def add_tuples(into: dict[int, PostTally], rows: Iterable[queries.PostTuple]) -> None:
    """Count the rows into the accounts' tallies (the hot loop of the check and the month view)."""
    ordinals: dict[str, int] = {}
    for account_id, at, status, kind, mass in rows:
        text = at[:10]
        ordinal = ordinals.get(text)
        if ordinal is None:
            ordinal = ordinals[text] = date.fromisoformat(text).toordinal()
        slot = (2 if kind == _ORIGINAL else 0) + (1 if mass else 0) + (0 if status == _PUBLISHED else 4)
        into[account_id].bump(ordinal, slot)
