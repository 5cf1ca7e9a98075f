"""What differs between the two engines gmdesk runs on: one SQLite file (the default) or a shared PostgreSQL
database (several clerks, ``--db postgresql+psycopg://…``). Everything else is portable SQLAlchemy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Float, Integer, String, column, table, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

AUDIT_LOCK_KEY = 0x676D_6473  # "gmds": the advisory lock that serialises appends to the audit chain
MIGRATION_LOCK_KEY = 0x676D_6D67  # "gmmg": one program migrates a shared database at a time

_settings = table("settings", column("key"), column("value"))


def is_postgresql(connection: Any) -> bool:
    return connection.dialect.name == "postgresql"


def upsert_setting(connection: Connection, key: str, value_json: str) -> None:
    """Write one row of ``settings`` (its value already JSON text), replacing the row with the same key."""
    if is_postgresql(connection):
        from sqlalchemy.dialects.postgresql import insert

        statement = insert(_settings).values(key=key, value=value_json)
        connection.execute(
            statement.on_conflict_do_update(index_elements=["key"], set_={"value": statement.excluded.value})
        )
        return
    connection.execute(
        text("INSERT OR REPLACE INTO settings (key, value) VALUES (:k, :v)"), {"k": key, "v": value_json}
    )


def lock_audit_chain(connection: Connection) -> None:
    """On a shared database, one transaction at a time appends to the audit chain (held until it ends);
    SQLite needs nothing: it has one writer at a time anyway."""
    if is_postgresql(connection):
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_KEY})


def safe_url(url: object) -> str:
    """The URL as shown to the clerk and in logs: never the password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(str(url)).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as typed, up to any password
        return str(url).split("@")[-1]


def local_path(url: object) -> Path:
    """Where this PC keeps what belongs beside a server database (the attachments folder, local backups, the
    window's lock): a folder per server and database under the data folder, named after them. The path itself
    (``…/gmdesk.db``) is never created: it stands for the database in what takes a file's place."""
    from sqlalchemy.engine import make_url

    from gmdesk.paths import data_dir

    parsed = make_url(str(url))
    name = f"{parsed.host or 'localhost'}_{parsed.port or 5432}_{parsed.database or ''}"
    name = re.sub(r"[^0-9A-Za-z._-]", "_", name)
    return data_dir() / "servers" / name / "gmdesk.db"


# --------------------------------------------------------------------------- SQL that differs by engine
# SQLite keeps a DateTime as text (``YYYY-MM-DD HH:MM:SS.ffffff``) and gmdesk's fast queries read and compare
# that text; PostgreSQL keeps a timestamp. These expressions give the same text on both.
_PG_DATETIME = "YYYY-MM-DD HH24:MI:SS.US"


class datetime_text(FunctionElement[str]):
    """A DateTime column as SQLite stores it: ``YYYY-MM-DD HH:MM:SS.ffffff``."""

    type = String()
    inherit_cache = True


class day_text(FunctionElement[str]):
    """The day of a DateTime (or Date) column: ``YYYY-MM-DD``."""

    type = String()
    inherit_cache = True


class month_text(FunctionElement[str]):
    """The month of a DateTime (or Date) column: ``YYYY-MM``."""

    type = String()
    inherit_cache = True


class unindexed(FunctionElement[Any]):
    """The column, with SQLite told not to use an index on it (a unary ``+``): a hint for its planner."""

    inherit_cache = True


class hours_between(FunctionElement[float]):
    """``(later - earlier)`` in hours, as a float."""

    type = Float()
    inherit_cache = True


@compiles(datetime_text)
def _datetime_text(element: Any, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(datetime_text, "postgresql")
def _datetime_text_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, '{_PG_DATETIME}')"


@compiles(day_text)
def _day_text(element: Any, compiler: Any, **kw: Any) -> str:
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"


@compiles(day_text, "postgresql")
def _day_text_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


@compiles(month_text)
def _month_text(element: Any, compiler: Any, **kw: Any) -> str:
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"


@compiles(month_text, "postgresql")
def _month_text_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(unindexed)
def _unindexed(element: Any, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(unindexed, "postgresql")
def _unindexed_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(hours_between)
def _hours_between(element: Any, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({later}) - julianday({earlier})) * 24.0)"


@compiles(hours_between, "postgresql")
def _hours_between_pg(element: Any, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 3600.0)"


class Sql:
    """Driver SQL written for SQLite (``?`` parameters, text times) rendered for the connection's engine.

    ``Sql(connection)`` gives the pieces: ``p`` a parameter, ``datetime(col)``/``day(col)``/``month(col)`` the
    text forms above, ``num(expr)`` a truth value as 0/1, ``plain(col)`` the index-hint-free column."""

    def __init__(self, connection: Connection) -> None:
        self.pg = is_postgresql(connection)
        self.p = "%s" if self.pg else "?"

    def params(self, count: int) -> str:
        return ", ".join([self.p] * count)

    def datetime(self, column: str) -> str:
        return f"to_char({column}, '{_PG_DATETIME}')" if self.pg else column

    def day(self, column: str) -> str:
        return f"to_char({column}, 'YYYY-MM-DD')" if self.pg else f"substr({column}, 1, 10)"

    def month(self, column: str) -> str:
        return f"to_char({column}, 'YYYY-MM')" if self.pg else f"substr({column}, 1, 7)"

    def num(self, expression: str) -> str:
        return f"({expression})::int" if self.pg else expression

    def plain(self, column: str) -> str:
        return column if self.pg else f"+{column}"

    def true(self, column: str) -> str:
        return column if self.pg else f"{column} = 1"

    def false(self) -> str:
        return "FALSE" if self.pg else "0"


def sync_sequences(connection: Connection, tables: Any) -> None:
    """After rows were written with explicit ids (the demo, an import, a copy): PostgreSQL's id sequences
    move past them, so the next ordinary insert gets a free id. SQLite needs nothing."""
    if not is_postgresql(connection):
        return
    for table_ in tables:
        if "id" not in table_.c or not isinstance(table_.c.id.type, Integer):
            continue
        name = table_.name
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {name}"
            )
        )


@contextmanager
def sqlite_cache(connection: Connection, kib: int) -> Iterator[None]:
    """A larger SQLite page cache for one bulk write, put back afterwards (the server manages its own)."""
    if is_postgresql(connection):
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{kib}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous or -2000)}")
