"""The training register: trainings of a year, counts by kind, sign-in sheets, the people to choose from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from gmdesk.domain.enums import AccountState, TrainingKind
from gmdesk.store.models import Account, Attachment, Person, Training, TrainingAttendee, Unit
from gmdesk.store.rows import rows_as


def of_year(session: Session, year: int | None) -> Sequence[Training]:
    """The trainings of ``year`` (every one when None), newest first, with their attendees."""
    query = select(Training).options(selectinload(Training.attendees))
    if year is not None:
        query = query.where(Training.held_on >= date(year, 1, 1), Training.held_on <= date(year, 12, 31))
    return session.scalars(query.order_by(Training.held_on.desc(), Training.id.desc())).all()


def training(session: Session, training_id: int) -> Training | None:
    return session.get(Training, training_id)


def counts(session: Session, first: date, last: date, unit_id: int | None = None) -> dict[TrainingKind, int]:
    """Trainings held from ``first`` to ``last`` by kind (only those people of ``unit_id`` attended, if given)."""
    query = select(Training.kind, func.count(func.distinct(Training.id))).where(
        Training.held_on >= first, Training.held_on <= last
    )
    if unit_id is not None:
        query = (
            query.join(TrainingAttendee, TrainingAttendee.training_id == Training.id)
            .join(Person, Person.id == TrainingAttendee.person_id)
            .where(Person.unit_id == unit_id)
        )
    rows = session.execute(query.group_by(Training.kind)).all()
    return {TrainingKind(kind): count for kind, count in rows}


def keys(session: Session) -> set[tuple[date, str]]:
    """(date, title) of every training recorded (an import skips these)."""
    return {(d, t) for d, t in session.execute(select(Training.held_on, Training.title))}


def sheets(session: Session, training_ids: Sequence[int]) -> Sequence[Attachment]:
    return session.scalars(
        select(Attachment).where(Attachment.training_id.in_(list(training_ids))).order_by(Attachment.added_at)
    ).all()


def has_live_accounts(session: Session) -> bool:
    live = [s.value for s in AccountState if s.is_live]
    return session.scalar(select(Account.id).where(Account.state.in_(live)).limit(1)) is not None


class PersonRow(NamedTuple):
    id: int
    name: str
    unit_name: str | None
    title: str


def people(session: Session) -> list[PersonRow]:
    """Every active person with their unit's name, by unit then name."""
    return rows_as(
        PersonRow,
        session.execute(
            select(Person.id, Person.name, Unit.name.label("unit_name"), Person.title)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Person.active.is_(True))
            .order_by(Unit.name, Person.name, Person.id)
        ),
    )
