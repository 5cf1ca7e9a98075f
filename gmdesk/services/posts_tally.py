"""Live accounts with their rules, and their posts counted per day: what every frequency use case reads."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter

from sqlalchemy.orm import Session

from gmdesk.domain.frequency import AccountFacts
from gmdesk.domain.policy import UpdateRules
from gmdesk.domain.post_tally import PUSH_SLOTS, PostTally
from gmdesk.services.policy import PolicyResolver
from gmdesk.store.queries import posts as queries


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
        registered = account.created_at.date() if account.created_at is not None else None
        facts = AccountFacts(
            account.name,
            account.platform,
            account.opened_on,
            account.interaction_enabled,
            account.id,
            registered,
        )
        out.append(RuledAccount(facts, resolver.for_account(account).update, account.unit_id))
    return out


def tallies(
    session: Session,
    ids: Sequence[int],
    since: date,
    until: date,
    floors: bool = True,
    pushes_only: bool = False,
) -> dict[int, PostTally]:
    """Each account's posts from ``since`` to ``until`` (both days included) counted per day.

    With ``floors`` each tally also knows the day of the account's last published post before ``since``.
    Read from the roll-up of the posts per day (``post_days``), kept equal to the posts by every write.
    """
    last_before = queries.last_published_day_before(session, ids, since) if floors else {}
    out = {i: PostTally(since, last_before.get(i)) for i in ids}
    add_day_counts(out, queries.day_counts(session, ids, since, until, pushes_only), pushes_only)
    return out


def add_day_counts(
    into: dict[int, PostTally], rows: Iterable[queries.DayCounts], pushes_only: bool = False
) -> None:
    """Count the roll-up's day rows into the accounts' tallies (群发 only, if asked); rows of other accounts
    are skipped. A window of every account is tens of thousands of rows: each day's ordinal is computed
    once."""
    ordinals: dict[str, int] = {}
    slots = PUSH_SLOTS if pushes_only else None
    for row in rows:
        tally = into.get(row[0])
        if tally is None:
            continue
        day = row[1]
        ordinal = ordinals.get(day)
        if ordinal is None:
            ordinal = ordinals[day] = date.fromisoformat(day).toordinal()
        tally.add_slots(ordinal, row[2:], slots)


def add_tuples(into: dict[int, PostTally], rows: Iterable[queries.PostTuple]) -> None:
    """Count the rows into the accounts' tallies; rows of other accounts are skipped. The rows come
    account by account (the index order), so each account's run is handed over in one piece."""
    for account_id, run in groupby(rows, key=itemgetter(0)):
        tally = into.get(account_id)
        if tally is not None:
            tally.count_rows(run)
