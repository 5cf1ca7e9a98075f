"""Shared fixtures: a fresh, migrated database per test, an isolated data folder, offscreen Qt.

The database is a SQLite file; with ``GMDESK_TEST_DB_URL`` (a PostgreSQL server's URL, e.g. the throw-away
cluster of ``.ci/pg``) it is a fresh PostgreSQL database per test instead, created from a migrated template,
and tests marked ``sqlite_only`` (the file itself: backups by copy, integrity checks, file faults) are skipped.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

# Offscreen Qt on a virtual 1920×1080 screen (the plugin's default 800×800 would clamp window geometry).
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    _screen = Path(__file__).resolve().parents[1] / "resources" / "offscreen-screen.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

import pytest

from gmdesk.domain.enums import OperatorRole
from gmdesk.services.database import open_database
from gmdesk.store.database import Database
from gmdesk.store.models import Operator

TEST_OPERATORS = ("测试员", "张三", "李四", "王五", "李娜", "周晓岚")

SERVER_URL = os.environ.get("GMDESK_TEST_DB_URL", "")
"""A PostgreSQL server to run the tests on (any database of it: the tests create their own), or empty."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: needs the SQLite file itself; skipped on PostgreSQL")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not SERVER_URL:
        return
    skip = pytest.mark.skip(reason="SQLite 文件专有（GMDESK_TEST_DB_URL 指向 PostgreSQL）")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


class Server:
    """The test server: CREATE DATABASE … TEMPLATE for each test, DROP … WITH (FORCE) after it."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT", poolclass=_null_pool())
        self.prefix = f"gmdesk_test_{os.getpid()}"
        self._numbers = itertools.count(1)

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"{self.prefix}_{next(self._numbers)}"
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._run(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop(self, name: str) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _run(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            connection.execute(text(sql))


def _null_pool() -> type:
    from sqlalchemy.pool import NullPool

    return NullPool


@pytest.fixture(scope="session")
def server() -> Iterator[Server | None]:
    if not SERVER_URL:
        yield None
        return
    found = Server(SERVER_URL)
    yield found
    found.admin.dispose()


def _add_test_operators(database: Database) -> None:
    with database.session() as session:
        # the names the tests act under are 管理员 (roles are tested on their own, with other names)
        for name in TEST_OPERATORS:
            session.add(Operator(name=name, role=OperatorRole.ADMIN, may_see_personal_data=False))


@pytest.fixture(autouse=True, scope="session")
def qt_application(qapp: object) -> object:
    """The QApplication exists before any test runs: the report's charts (documents/charts.py) would otherwise
    make a QGuiApplication of their own, and widgets cannot live on that."""
    return qapp


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """gmdesk's data folder (logs, templates, attachments) points into a temporary folder for each test."""
    home = tmp_path_factory.mktemp("gmdesk-home")
    monkeypatch.setenv("GMDESK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, server: Server | None) -> Iterator[Path | str]:
    """A migrated database with the built-in defaults, made once and copied for each test (on a server: a
    template database, its name)."""
    if server is not None:
        home = tmp_path_factory.mktemp("template-home")
        previous = os.environ.get("GMDESK_HOME")
        os.environ["GMDESK_HOME"] = str(home)
        name = server.create()
        try:
            database = open_database(server.url(name))
            _add_test_operators(database)
            database.close()
        finally:
            if previous is None:
                os.environ.pop("GMDESK_HOME", None)
            else:
                os.environ["GMDESK_HOME"] = previous
        yield name
        server.drop(name)
        return
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = open_database(path)
    _add_test_operators(database)
    database.close()
    yield path


@pytest.fixture
def db_path(template_db: Path | str, tmp_path: Path, server: Server | None) -> Iterator[Path]:
    """The test's database: a SQLite file, or (``GMDESK_TEST_DB_URL``) a PostgreSQL database's URL as a str."""
    if server is not None:
        name = server.create(str(template_db))
        yield server.url(name)  # type: ignore[misc]
        server.drop(name)
        return
    path = tmp_path / "gmdesk.db"
    shutil.copyfile(template_db, path)
    yield path


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture
def two_clerks(db_path: Path) -> Iterator[tuple[Database, Database]]:
    """Two PCs on one database (张三's and 李四's): each its own engine and sessions, each its own operator."""
    first, second = open_database(db_path), open_database(db_path)
    first.operator, second.operator = "张三", "李四"
    yield first, second
    first.close()
    second.close()


class FreshDatabases:
    """More databases like ``db_path`` for one test or module: ``new(folder, name)`` gives a copy of the
    template (a file in ``folder``; on a server, a database of its own, dropped at the end of the session)."""

    def __init__(self, template: Path | str, server: Server | None) -> None:
        self.template = template
        self.server = server
        self.made: list[str] = []

    def new(self, folder: Path, name: str = "gmdesk.db") -> Path:
        if self.server is not None:
            made = self.server.create(str(self.template))
            self.made.append(made)
            return self.server.url(made)  # type: ignore[return-value]
        path = Path(folder) / name
        shutil.copyfile(self.template, path)
        return path


@pytest.fixture(scope="session")
def fresh_db(template_db: Path | str, server: Server | None) -> Iterator[FreshDatabases]:
    databases = FreshDatabases(template_db, server)
    yield databases
    if server is not None:
        for name in databases.made:
            server.drop(name)
