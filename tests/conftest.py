"""Shared fixtures: a fresh, migrated SQLite file per test, an isolated data folder, offscreen Qt."""

from __future__ import annotations

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
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the built-in defaults, made once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = open_database(path)
    with database.session() as session:
        # the names the tests act under are 管理员 (roles are tested on their own, with other names)
        for name in TEST_OPERATORS:
            session.add(Operator(name=name, role=OperatorRole.ADMIN, may_see_personal_data=False))
    database.close()
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "gmdesk.db"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    db = open_database(db_path)
    yield db
    db.close()
