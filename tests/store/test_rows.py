"""Typed rows (store/rows.py): a query's labelled columns become the fields of its NamedTuple, by name."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from sqlalchemy import literal, select

from gmdesk.store.database import Database
from gmdesk.store.models import Unit
from gmdesk.store.rows import builder, first_as, rows_as


class Pair(NamedTuple):
    number: int
    word: str


def test_columns_are_matched_by_label_whatever_their_order(database: Database) -> None:
    with database.session() as session:
        same = rows_as(Pair, session.execute(select(literal(1).label("number"), literal("一").label("word"))))
        swapped = rows_as(
            Pair, session.execute(select(literal("二").label("word"), literal(2).label("number")))
        )
    assert same == [Pair(1, "一")]
    assert swapped == [Pair(2, "二")]
    assert swapped[0].word == "二"


def test_a_column_missing_renamed_or_added_is_refused_at_once(database: Database) -> None:
    with database.session() as session:
        for columns in (
            (literal(1).label("number"),),
            (literal(1).label("number"), literal("x").label("text")),
            (literal(1).label("number"), literal("x").label("word"), literal(0).label("extra")),
        ):
            with pytest.raises(TypeError, match="Pair has the fields"):
                rows_as(Pair, session.execute(select(*columns)))


class UnitAndCount(NamedTuple):
    unit: Unit
    count: int


def test_an_orm_entity_is_the_field_named_as_its_class_in_snake_case(database: Database) -> None:
    with database.session() as session:
        session.add(Unit(name="县政府办公室"))
        session.flush()
        row = first_as(UnitAndCount, session.execute(select(Unit, literal(3).label("count"))))
        assert row is not None and row.unit.name == "县政府办公室" and row.count == 3
        assert (
            first_as(
                UnitAndCount, session.execute(select(Unit, literal(3).label("count")).where(Unit.id < 0))
            )
            is None
        )
    assert builder(Pair, ["number", "word"])((5, "五")) == Pair(5, "五")
