"""Typed rows: a query's result handed out as NamedTuples declared next to the query, matched by label.

Each query that returns columns (not ORM objects) declares a ``NamedTuple`` of what one row holds and labels
its columns with the field names; :func:`rows_as` and :func:`stream_as` check once per result that the labels
are exactly the fields (in any order) and build the tuples, so services read ``row.answer_due`` instead of
``row[15]``, mypy knows each field's type, and a column renamed, added or dropped in the query fails at once
instead of shifting every later field by one. An ORM entity in a row (``select(Transfer, ...)``) is the field
named as its class in snake case (``transfer``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Result

R = TypeVar("R", bound=NamedTuple)


def builder(cls: type[R], keys: Iterable[str]) -> Callable[[Sequence[Any]], R]:
    """A function making one ``cls`` of a row whose columns are labelled ``keys``; TypeError on a mismatch."""
    labels = tuple(_field_name(key) for key in keys)
    fields: tuple[str, ...] = cls._fields
    if labels == fields:
        return cls._make
    if sorted(labels) != sorted(fields):
        raise TypeError(f"{cls.__name__} has the fields {fields}, the query gives the columns {labels}")
    order = [labels.index(name) for name in fields]
    return lambda row: cls._make([row[i] for i in order])


def _field_name(key: str) -> str:
    """A column's label as it is; an ORM entity's key (its class name, ``RectificationItem``) in snake case."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower() if key[:1].isupper() else key


def rows_as(cls: type[R], result: Result[Any]) -> list[R]:
    """Every row of a SQLAlchemy ``Result`` as a ``cls``."""
    make = builder(cls, result.keys())
    return [make(row) for row in result.all()]  # (iterating the result fetches row by row: slower)


def stream_as(cls: type[R], result: Result[Any]) -> Iterator[R]:
    """The rows of a ``Result`` as ``cls``, one at a time (for results streamed with ``yield_per``)."""
    make = builder(cls, result.keys())
    for row in result:
        yield make(row)


def first_as(cls: type[R], result: Result[Any]) -> R | None:
    """The first row of a ``Result`` as a ``cls``, or None."""
    make = builder(cls, result.keys())
    row = result.first()
    return None if row is None else make(row)
