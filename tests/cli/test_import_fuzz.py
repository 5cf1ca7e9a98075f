"""Issue 12, done-when: hypothesis feeds every importer random and hostile workbooks (hostile cells, hidden
sheets, stale dimensions, truncated and bit-flipped packages, malformed and entity-expanding XML, random bytes).
Every case ends in success (exit 0) or a clear Chinese refusal (exit 2, no traceback), and a refused file
leaves the database exactly as it was."""

from __future__ import annotations

import contextlib
import io
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from gmdesk.cli import main
from gmdesk.documents.xlsx import ImportRejected
from gmdesk.services import holidays
from gmdesk.services.database import open_database
from gmdesk.store import integrity
from tests import calendar_data as data
from tests.conftest import SERVER_URL, FreshDatabases
from tests.hostile_files import hostile_workbooks
from tests.safety_data import dump

EXAMPLES = 80 if not SERVER_URL else 15  # on a server each example costs a pg_dump and a dump of the database
TALLY: Counter[str] = Counter()
"""Tried / succeeded / refused per importer, printed at the end of the module (run with -s to see it)."""


def snapshot(db: Path) -> str:
    """The database's content (the day of the last integrity check aside)."""
    return "\n".join(line for line in dump(db).splitlines() if integrity.CHECKED_ON_KEY not in line)


@pytest.fixture(scope="module", autouse=True)
def report_tally() -> Iterator[None]:
    yield
    if TALLY:
        print("\nhostile imports:", dict(sorted(TALLY.items())), file=sys.stderr)


def _seeded(databases: FreshDatabases, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = databases.new(folder)
    database = open_database(db)
    try:
        with database.session() as session:
            owner = data.unit(session)
            data.account(session, owner, "青岚发布")
    finally:
        database.close()
    return db


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["posts", "messages", "rectifications", "accounts", "trainings", "wording"])
def test_every_importer_succeeds_or_refuses_cleanly(
    kind: str, fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp(f"fuzz-{kind}")
    db = _seeded(fresh_db, folder)
    counter = {"n": 0}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(hostile_workbooks(kind))
    def check(content: bytes) -> None:
        counter["n"] += 1
        path = folder / f"input-{counter['n']}.xlsx"
        path.write_bytes(content)
        before = snapshot(db)
        code, err = _run(["import", kind, str(path), "--db", str(db)])
        TALLY[f"{kind}: tried"] += 1
        assert code in (0, 2), err
        assert "Traceback" not in err
        if code == 2:
            TALLY[f"{kind}: refused cleanly"] += 1
            assert err.strip() and any("\u4e00" <= ch <= "\u9fff" for ch in err)  # a Chinese message
            assert snapshot(db) == before
        else:
            TALLY[f"{kind}: imported"] += 1
        if not isinstance(db, str):  # (a file: SQLite's own check; a server keeps its own)
            assert integrity.quick_check(db) == []

    check()


def _run(args: list[str]) -> tuple[int, str]:
    """gmdesk in-process with its stderr captured (pytest's capsys cannot span hypothesis examples)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(args)
        except SystemExit as stop:
            code = int(stop.code or 0)
    return code, err.getvalue()


@pytest.mark.slow
def test_the_holiday_importer_succeeds_or_refuses_cleanly(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("fuzz-holidays")
    db = _seeded(fresh_db, folder)
    database = open_database(db)
    counter = {"n": 0}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(hostile_workbooks("holidays"))
    def check(content: bytes) -> None:
        counter["n"] += 1
        path = folder / f"input-{counter['n']}.xlsx"
        path.write_bytes(content)
        before = snapshot(db)
        TALLY["holidays: tried"] += 1
        try:
            with database.session() as session:
                holidays.import_holidays(session, path, "管理员")
        except ImportRejected as rejected:
            TALLY["holidays: refused cleanly"] += 1
            assert rejected.problems and rejected.report()
            assert snapshot(db) == before
        else:
            TALLY["holidays: imported"] += 1

    try:
        check()
    finally:
        database.close()
