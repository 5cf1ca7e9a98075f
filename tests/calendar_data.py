"""Small, explicit data for the calendar's tests: units, accounts and posts written through the models."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from gmdesk.domain.enums import AccountState, PostKind, PostStatus, Role, UnitType
from gmdesk.domain.platforms import Platform
from gmdesk.store.models import Account, AccountRole, Person, Post, Unit


def unit(session: Session, name: str = "青岚县人民政府办公室") -> Unit:
    row = Unit(name=name, short_name=name[:4], unit_type=UnitType.COUNTY_OFFICE)
    session.add(row)
    session.flush()
    return row


def account(
    session: Session,
    owner: Unit,
    name: str,
    platform: Platform = Platform.WECHAT_SUBSCRIPTION,
    state: AccountState = AccountState.RUNNING,
    opened_on: date = date(2023, 3, 1),
    interaction: bool = True,
) -> Account:
    row = Account(
        unit_id=owner.id,
        name=name,
        platform=platform,
        state=state,
        opened_on=opened_on,
        interaction_enabled=interaction,
        plan={},
        policy_overrides={},
    )
    session.add(row)
    session.flush()
    return row


def leader(session: Session, account_row: Account, name: str, role: Role = Role.PRINCIPAL) -> None:
    person = Person(unit_id=account_row.unit_id, name=name, title="主任")
    session.add(person)
    session.flush()
    session.add(AccountRole(account_id=account_row.id, role=role, position=0, person_id=person.id))
    session.flush()


def post(
    session: Session,
    account_row: Account,
    at: datetime,
    title: str = "",
    *,
    planned: bool = False,
    mass: bool = False,
    kind: PostKind = PostKind.ORIGINAL,
    source: str = "",
) -> Post:
    row = Post(
        account_id=account_row.id,
        at=at,
        title=title or f"{account_row.name} {at:%m月%d日} 工作动态",
        status=PostStatus.PLANNED if planned else PostStatus.PUBLISHED,
        kind=kind,
        source=source,
        is_mass_push=mass,
    )
    session.add(row)
    session.flush()
    return row


def sheet_rows(path: object) -> list[tuple[object, ...]]:
    """Every row of an .xlsx file's first sheet (the workbook closed again)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)  # type: ignore[arg-type]
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
