"""Bulk writing: rows buffered per table and inserted with ``executemany`` in chunks, parents first.

A million ORM objects would take minutes and gigabytes; plain dictionaries inserted twenty thousand at a time
keep memory flat. Buffers are flushed together in foreign-key order, so a chunk of replies never reaches the
database before the messages it points to. Every flush also asks whether the user cancelled.

Rows go to the driver through the same connection and transaction as everything else, as the values
SQLAlchemy would store: dates and times converted by :func:`_converters`, which checks each fast conversion
against the column type's own bind processor and falls back to it when they differ. Core's
``execute(insert(table), rows)`` spends most of its time building parameters row by row; this path makes the
large demo several times faster without changing a byte of what is stored.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, Table, func, select
from sqlalchemy.engine import Dialect

from gmdesk.services.demo.outcome import DemoCancelled
from gmdesk.store.base import Base
from gmdesk.store.dialect import sync_sequences

ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]
Convert = Callable[[Any], Any]


class Progress:
    """Counts steps towards a known total, reports them, and stops the work when cancelled."""

    def __init__(self, total: int, report: ProgressCallback | None, cancelled: CancelCheck | None) -> None:
        self.total = total
        self.done = 0
        self._report = report
        self._cancelled = cancelled

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise DemoCancelled("已取消生成示例数据，数据库未做任何修改。")

    def step(self, text: str, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        self.check()
        if self._report is not None:
            self._report(self.done, self.total, text)


def _datetime(value: datetime) -> str:
    return value.isoformat(" ", "microseconds")


def _date(value: date) -> str:
    return value.isoformat()


def _code(value: str) -> str:
    """A LabeledEnum member's code: its underlying string, without the slower ``.value`` lookup."""
    return str.__str__(value)


_SAMPLES: tuple[tuple[type, Convert, Any], ...] = (
    (DateTime, _datetime, datetime(2026, 1, 2, 3, 4, 5, 6)),
    (Date, _date, date(2026, 1, 2)),
    (JSON, json.dumps, {"字段": ["变更前", 1, None]}),
)


def _converters(table: Table, dialect: Dialect) -> list[tuple[int, Convert]]:
    """(column index, conversion) for every column whose Python value is not stored as it is."""
    out: list[tuple[int, Convert]] = []
    for index, column in enumerate(c for c in table.columns if c.name != "version"):
        processor = column.type.dialect_impl(dialect).bind_processor(dialect)
        if processor is None:
            continue
        fast: Convert | None = None
        for kind, candidate, sample in _SAMPLES:
            if isinstance(column.type, kind) and candidate(sample) == processor(sample):
                fast = candidate
        if fast is None and isinstance(column.type, Boolean):
            fast = bool  # stored as 0/1 by the driver, as SQLAlchemy stores it
        enum_class = getattr(column.type, "enum_class", None)
        if fast is None and isinstance(enum_class, type) and issubclass(enum_class, str):
            member = next(iter(cast("Iterable[str]", enum_class)))
            fast = _code if _code(member) == processor(member) else None  # CodeEnum
        out.append((index, fast or processor))
    return out


class _Insert:
    def __init__(self, table: Table, dialect: Dialect) -> None:
        names = [
            c.name for c in table.columns if c.name != "version"
        ]  # (a new record's version: the default)
        quoted = ", ".join(dialect.identifier_preparer.quote(n) for n in names)
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        self.sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join([marker] * len(names))})"
        self.values = itemgetter(*names)
        self.converters = _converters(table, dialect)

    def row(self, row: dict[str, Any]) -> tuple[Any, ...]:
        values = list(self.values(row))
        for index, convert in self.converters:
            value = values[index]
            if value is not None:
                values[index] = convert(value)
        return tuple(values)


def table_of(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


class BulkWriter:
    def __init__(
        self, connection: Connection, models: Sequence[type[Base]], chunk_rows: int, progress: Progress
    ) -> None:
        self._connection = connection
        self._tables = [table_of(m) for m in models]
        """In foreign-key order: a table comes after every table it refers to."""
        self._inserts = {t.name: _Insert(t, connection.dialect) for t in self._tables}
        self._buffers: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in self._tables}
        self._chunk = chunk_rows
        self._pending = 0
        self._progress = progress
        self.counts: Counter[str] = Counter()

    def next_id(self, model: type[Base]) -> int:
        """The first free id; ids are given explicitly so children can point at rows not yet inserted."""
        column = table_of(model).c.id
        return int(self._connection.execute(select(func.coalesce(func.max(column), 0))).scalar_one()) + 1

    def add(self, model: type[Base], row: dict[str, Any]) -> None:
        """Queue a row of the model's table; it must give every column (no defaults are applied here)."""
        name = table_of(model).name
        self._buffers[name].append(self._inserts[name].row(row))
        self._pending += 1
        if self._pending >= self._chunk:
            self.flush()

    def flush(self) -> None:
        self._progress.check()
        for table in self._tables:
            rows = self._buffers[table.name]
            if rows:
                self._connection.exec_driver_sql(self._inserts[table.name].sql, rows)
                self.counts[table.name] += len(rows)
                rows.clear()
                sync_sequences(self._connection, [table])  # (PostgreSQL: ids were given explicitly)
        self._pending = 0
