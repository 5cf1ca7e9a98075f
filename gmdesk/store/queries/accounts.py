"""Accounts, their units and people: the ledger's queries (one query per kind of row, never per account)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from gmdesk.domain.enums import AccountState, Role
from gmdesk.domain.platforms import Platform
from gmdesk.store.base import Base
from gmdesk.store.models import Account, AccountRole, PasswordRotation, Person, Unit
from gmdesk.store.rows import rows_as

M = TypeVar("M", bound=Base)

# --------------------------------------------------------------------------- accounts


def all_accounts(session: Session) -> Sequence[Account]:
    """Every account (no relationships loaded), by unit then name."""
    return session.scalars(select(Account).order_by(Account.unit_id, Account.name, Account.id)).all()


class AccountRuleRow(NamedTuple):
    """What the account checks read of an account (the same names as :class:`Account`'s)."""

    id: int
    name: str
    unit_id: int
    platform: Platform
    state: AccountState
    opened_on: date | None
    verified_entity: str
    password_rotated_on: date | None
    password_custodian_id: int | None
    policy_profile_id: int | None
    policy_overrides: dict[str, Any]


def rule_columns(session: Session) -> list[AccountRuleRow]:
    """Every account as a row of what the account checks read (the order of :func:`all_accounts`)."""
    return rows_as(
        AccountRuleRow,
        session.execute(
            select(
                Account.id,
                Account.name,
                Account.unit_id,
                Account.platform,
                Account.state,
                Account.opened_on,
                Account.verified_entity,
                Account.password_rotated_on,
                Account.password_custodian_id,
                Account.policy_profile_id,
                Account.policy_overrides,
            ).order_by(Account.unit_id, Account.name, Account.id)
        ),
    )


def account(session: Session, account_id: int) -> Account | None:
    return session.get(Account, account_id)


def account_with_people(session: Session, account_id: int) -> Account | None:
    return session.scalar(
        select(Account)
        .where(Account.id == account_id)
        .options(selectinload(Account.roles).selectinload(AccountRole.person), selectinload(Account.unit))
    )


def accounts_with_people(session: Session, account_ids: Iterable[int] | None = None) -> Sequence[Account]:
    """Accounts with their unit and role holders loaded in three queries (forms and exports)."""
    query = (
        select(Account)
        .options(
            selectinload(Account.roles).selectinload(AccountRole.person),
            selectinload(Account.unit),
            selectinload(Account.password_custodian),
        )
        .join(Unit, Unit.id == Account.unit_id)
        .order_by(Unit.name, Account.name, Account.id)
    )
    if account_ids is not None:
        query = query.where(Account.id.in_(list(account_ids)))
    return session.scalars(query).all()


def account_by_key(session: Session, unit_id: int, platform: Platform, name: str) -> Account | None:
    """The account a unit has on a platform under a name (the ledger's natural key)."""
    return session.scalar(
        select(Account).where(Account.unit_id == unit_id, Account.platform == platform, Account.name == name)
    )


def accounts_named(session: Session, name: str) -> Sequence[Account]:
    return session.scalars(select(Account).where(Account.name == name).order_by(Account.id)).all()


class RoleHolder(NamedTuple):
    account_id: int
    role: Role
    position: int
    person_id: int
    name: str
    title: str
    phone: str


def role_holders(session: Session, roles: Iterable[Role] | None = None) -> list[RoleHolder]:
    """The holders of every role (or of ``roles``, first holder only) of every account."""
    query = (
        select(
            AccountRole.account_id,
            AccountRole.role,
            AccountRole.position,
            Person.id.label("person_id"),
            Person.name,
            Person.title,
            Person.phone,
        )
        .join(Person, Person.id == AccountRole.person_id)
        .order_by(AccountRole.account_id, AccountRole.role, AccountRole.position)
    )
    if roles is not None:
        query = query.where(AccountRole.role.in_([r.value for r in roles]), AccountRole.position == 0)
    return rows_as(RoleHolder, session.execute(query))


def roles_of(session: Session, account_id: int) -> Sequence[AccountRole]:
    return session.scalars(
        select(AccountRole)
        .where(AccountRole.account_id == account_id)
        .options(selectinload(AccountRole.person))
    ).all()


def rotations_of(session: Session, account_id: int) -> Sequence[PasswordRotation]:
    return session.scalars(
        select(PasswordRotation)
        .where(PasswordRotation.account_id == account_id)
        .order_by(PasswordRotation.rotated_on.desc(), PasswordRotation.id.desc())
    ).all()


# --------------------------------------------------------------------------- units
def all_units(session: Session) -> Sequence[Unit]:
    return session.scalars(select(Unit).order_by(Unit.name)).all()


def unit(session: Session, unit_id: int) -> Unit | None:
    return session.get(Unit, unit_id)


def unit_by_name(session: Session, name: str) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.name == name))


def account_counts_by_unit(session: Session) -> dict[int, int]:
    rows = session.execute(select(Account.unit_id, func.count()).group_by(Account.unit_id)).all()
    return {unit_id: count for unit_id, count in rows}


def people_counts_by_unit(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(Person.unit_id, func.count()).where(Person.unit_id.is_not(None)).group_by(Person.unit_id)
    ).all()
    return {unit_id: count for unit_id, count in rows}


# --------------------------------------------------------------------------- people
def people_of(session: Session, unit_id: int | None) -> Sequence[Person]:
    query = select(Person).order_by(Person.active.desc(), Person.name, Person.id)
    query = query.where(Person.unit_id.is_(None) if unit_id is None else Person.unit_id == unit_id)
    return session.scalars(query).all()


def all_people(session: Session) -> Sequence[Person]:
    return session.scalars(select(Person).order_by(Person.unit_id, Person.name, Person.id)).all()


def person(session: Session, person_id: int) -> Person | None:
    return session.get(Person, person_id)


def person_in_unit(session: Session, unit_id: int, name: str) -> Person | None:
    return session.scalar(
        select(Person)
        .where(Person.unit_id == unit_id, Person.name == name)
        .order_by(Person.active.desc(), Person.id)
        .limit(1)
    )


class RoleHeld(NamedTuple):
    person_id: int
    role: Role
    account_name: str


def roles_held(session: Session, person_ids: Iterable[int] | None = None) -> list[RoleHeld]:
    """The roles people hold, for the people list."""
    query = (
        select(AccountRole.person_id, AccountRole.role, Account.name.label("account_name"))
        .join(Account, Account.id == AccountRole.account_id)
        .order_by(AccountRole.person_id, Account.name)
    )
    if person_ids is not None:
        query = query.where(AccountRole.person_id.in_(list(person_ids)))
    return rows_as(RoleHeld, session.execute(query))


def custodian_count(session: Session, person_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Account).where(Account.password_custodian_id == person_id)
        )
        or 0
    )


def role_count(session: Session, person_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(AccountRole).where(AccountRole.person_id == person_id)
        )
        or 0
    )


def add(session: Session, row: M) -> M:
    """Add a new row and give it its id (the caller's unit of work commits it)."""
    session.add(row)
    session.flush()
    return row


def delete(session: Session, row: Base) -> None:
    session.delete(row)
