"""Small lists every tab needs: accounts and units to choose from, accounts by name for imports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gmdesk.store.models import Account, Unit


def account_rows(session: Session) -> Sequence[Any]:
    """(id, name, unit_id, unit name, platform, state) of every account, by unit then name."""
    return session.execute(
        select(Account.id, Account.name, Account.unit_id, Unit.name, Account.platform, Account.state)
        .join(Unit, Unit.id == Account.unit_id)
        .order_by(Unit.name, Account.name)
    ).all()


def unit_rows(session: Session) -> Sequence[Any]:
    """(id, name, unit_type, active) of every unit, by name."""
    return session.execute(select(Unit.id, Unit.name, Unit.unit_type, Unit.active).order_by(Unit.name)).all()
