"""Attachments on a shared database (issue 16): a file attached at one PC opens at another, its copy written
from the database and checked against its SHA-256; `gmdesk migrate` takes the attachments to the server and
back. On a SQLite file the attachments stay files beside it and nothing is kept in the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gmdesk.cli import main
from gmdesk.services import rectification
from gmdesk.services.attachments import attachments_root, sha256_of
from gmdesk.services.database import open_database
from gmdesk.store.database import Database
from gmdesk.store.models import AttachmentContent
from tests.conftest import SERVER_URL, Server

needs_server = pytest.mark.skipif(not SERVER_URL, reason="需要 PostgreSQL（GMDESK_TEST_DB_URL）")
NOW = datetime(2026, 11, 20, 9, 30)
SCAN = bytes(range(256)) * 40 + "整改前后对比截图".encode()


def _item_with_evidence(database: Database, scan: Path) -> int:
    with database.session() as session:
        item = rectification.create_item(
            session, rectification.ItemDraft("信息更新不及时", NOW.date(), 5), "张三", NOW
        )
        rectification.attach_evidence(session, item.id, scan, "张三", NOW)
        return item.id


def _evidence_path(database: Database, item_id: int) -> Path:
    with database.session() as session:
        (shown,) = rectification.item_detail(session, item_id, NOW.date()).attachments
    return Path(shown.path)


def _contents(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(AttachmentContent)) or 0


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    path = tmp_path / "整改截图.png"
    path.write_bytes(SCAN)
    return path


@needs_server
def test_a_file_attached_at_one_pc_opens_at_another(
    two_clerks: tuple[Database, Database], scan: Path
) -> None:
    zhang, li = two_clerks
    item_id = _item_with_evidence(zhang, scan)
    assert _contents(zhang) == 1
    cached = _evidence_path(zhang, item_id)
    cached.unlink()  # 李四's PC has never had it
    assert _evidence_path(li, item_id) == cached and cached.read_bytes() == SCAN
    cached.write_bytes(b"damaged")  # a cached copy that is no longer the attached file is written again
    assert _evidence_path(li, item_id).read_bytes() == SCAN


def test_on_a_sqlite_file_attachments_stay_files_beside_it(
    database: Database, db_path: Path, scan: Path
) -> None:
    if database.is_server:
        pytest.skip("SQLite 文件专有")
    item_id = _item_with_evidence(database, scan)
    path = _evidence_path(database, item_id)
    assert path.is_relative_to(attachments_root(db_path)) and path.read_bytes() == SCAN
    assert _contents(database) == 0


@pytest.fixture
def server_target(server: Server | None) -> Iterator[str]:
    if server is None:
        pytest.skip("需要 PostgreSQL（GMDESK_TEST_DB_URL）")
    name = server.create()
    yield server.url(name)
    server.drop(name)


def test_migrate_takes_the_attachments_to_the_server_and_back(
    server_target: str, tmp_path: Path, scan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source_path = tmp_path / "本县.db"
    source = open_database(source_path)
    item_id = _item_with_evidence(source, scan)
    source.close()
    assert main(["migrate", "--from", str(source_path), "--to", server_target]) == 0
    assert "已复制附件：1 个" in capsys.readouterr().out

    on_server = open_database(server_target)
    try:
        assert _contents(on_server) == 1
        cached = _evidence_path(on_server, item_id)  # this PC's copy for the server, written from it
        assert cached.read_bytes() == SCAN and not cached.is_relative_to(tmp_path)
    finally:
        on_server.close()

    back_path = tmp_path / "导出" / "本县副本.db"
    back_path.parent.mkdir()
    assert main(["migrate", "--from", server_target, "--to", str(back_path)]) == 0
    assert "已复制附件：1 个" in capsys.readouterr().out
    back = open_database(back_path)
    try:
        path = _evidence_path(back, item_id)
        assert path.is_relative_to(attachments_root(back_path)) and sha256_of(path) == sha256_of(scan)
        assert _contents(back) == 0  # a file keeps its attachments as files
    finally:
        back.close()
