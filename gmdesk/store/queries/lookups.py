"""Small lists every tab needs: accounts and units to choose from, accounts by name for imports."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from gmdesk.domain.enums import AccountState, UnitType
from gmdesk.domain.platforms import Platform
from gmdesk.store.models import Account, Unit
from gmdesk.store.rows import rows_as


class AccountLine(NamedTuple):
    id: int
    name: str
    unit_id: int
    unit_name: str
    platform: Platform
    state: AccountState


def account_rows(session: Session) -> list[AccountLine]:
    """Every account with its unit's name, by unit then name."""
    return rows_as(
        AccountLine,
        session.execute(
            select(
                Account.id,
                Account.name,
                Account.unit_id,
                Unit.name.label("unit_name"),
                Account.platform,
                Account.state,
            )
            .join(Unit, Unit.id == Account.unit_id)
            .order_by(Unit.name, Account.name)
        ),
    )


class UnitLine(NamedTuple):
    id: int
    name: str
    unit_type: UnitType
    active: bool


def unit_rows(session: Session) -> list[UnitLine]:
    """Every unit, by name."""
    return rows_as(
        UnitLine, session.execute(select(Unit.id, Unit.name, Unit.unit_type, Unit.active).order_by(Unit.name))
    )
