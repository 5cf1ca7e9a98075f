"""Choices for combo boxes and name matching for imports, shared by every area."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from gmdesk.domain.enums import AccountState, UnitType
from gmdesk.domain.platforms import Platform
from gmdesk.store.queries import lookups


@dataclass(frozen=True)
class AccountChoice:
    id: int
    name: str
    unit_id: int
    unit_name: str
    platform: Platform
    state: AccountState

    @property
    def display(self) -> str:
        """What a combo box shows: 账号名称（平台 · 主办单位）."""
        return f"{self.name}（{self.platform.label} · {self.unit_name}）"


@dataclass(frozen=True)
class UnitChoice:
    id: int
    name: str
    unit_type: UnitType
    active: bool


def account_choices(session: Session, live_only: bool = False) -> list[AccountChoice]:
    choices = [
        AccountChoice(r.id, r.name, r.unit_id, r.unit_name, r.platform, r.state)
        for r in lookups.account_rows(session)
    ]
    return [c for c in choices if c.state.is_live] if live_only else choices


def unit_choices(session: Session) -> list[UnitChoice]:
    return [UnitChoice(r.id, r.name, r.unit_type, r.active) for r in lookups.unit_rows(session)]


def accounts_by_name(session: Session) -> dict[str, list[AccountChoice]]:
    """账号名称 → the accounts of that name (imports match by name; more than one is ambiguous)."""
    found: dict[str, list[AccountChoice]] = defaultdict(list)
    for choice in account_choices(session):
        found[choice.name.strip()].append(choice)
    return dict(found)
