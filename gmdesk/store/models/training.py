"""The training register (domain §8, §9: internal ≥ 4 and external ≥ 2 trainings a year)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gmdesk.domain.enums import TrainingKind
from gmdesk.store.base import Base, CodeEnum, Timestamps, Versioned
from gmdesk.store.models.org import Person


class Training(Versioned, Timestamps, Base):
    """One training: when, what, 内部/外部, who organised it, how many hours, who attended."""

    __tablename__ = "trainings"
    __table_args__ = (Index("ix_trainings_held_on", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TrainingKind] = mapped_column(CodeEnum(TrainingKind), default=TrainingKind.INTERNAL)
    organiser: Mapped[str] = mapped_column(String(200), default="")
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    note: Mapped[str] = mapped_column(Text, default="")

    attendees: Mapped[list[TrainingAttendee]] = relationship(
        back_populates="training", cascade="all, delete-orphan", order_by="TrainingAttendee.id"
    )


class TrainingAttendee(Base):
    """A person of the ledger who attended a training."""

    __tablename__ = "training_attendees"
    __table_args__ = (UniqueConstraint("training_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)

    training: Mapped[Training] = relationship(back_populates="attendees")
    person: Mapped[Person] = relationship()
