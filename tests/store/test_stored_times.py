"""``queries.posts.stored``: a moment as the text SQLAlchemy stores in SQLite, which range conditions and the
import's duplicate check compare with the stored column."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, create_engine, insert, text

from gmdesk.store.queries.posts import DATETIME_TEXT, stored

moments = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))


@given(moments)
def test_a_moment_reads_as_its_stored_format(moment: datetime) -> None:
    assert stored(moment) == moment.strftime(DATETIME_TEXT)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_a_day_is_its_midnight(day: date) -> None:
    assert stored(day) == f"{day.isoformat()} 00:00:00.000000"


def test_an_offset_is_not_part_of_the_text() -> None:
    aware = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    assert stored(aware) == "2026-03-01 09:30:00.000000"


def test_the_text_is_what_sqlalchemy_writes_to_a_sqlite_file(tmp_path: Path) -> None:
    values = [
        datetime(2026, 3, 1, 9, 30),
        datetime(2026, 12, 31, 23, 59, 59, 999999),
        datetime(1000, 1, 1),
        datetime(2024, 2, 29, 0, 0, 0, 1),
    ]
    engine = create_engine(f"sqlite:///{tmp_path / 'times.db'}")
    table = Table("times", MetaData(), Column("id", Integer, primary_key=True), Column("at", DateTime))
    try:
        with engine.begin() as connection:
            table.create(connection)
            connection.execute(insert(table), [{"id": n, "at": at} for n, at in enumerate(values)])
            written = connection.execute(text("SELECT at FROM times ORDER BY id")).scalars().all()
    finally:
        engine.dispose()
    assert written == [stored(at) for at in values]
