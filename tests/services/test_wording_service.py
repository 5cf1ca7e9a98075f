"""WORDING on a real database: seeded 错别字 and 过时表述 in imported post titles are found by ``gmdesk check`` and
``gmdesk wording``, the import says so, office exceptions silence them, marks clear them and are counted."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gmdesk.cli import main
from gmdesk.domain.enums import WordingCategory, WordingMark
from gmdesk.domain.errors import UserError
from gmdesk.domain.findings import RuleId
from gmdesk.services import posts_io, wording, wording_io
from gmdesk.services.checks import run_checks
from gmdesk.store.database import Database
from tests import calendar_data as data
from tests.services.test_posts_io import HEADERS, workbook

NOW = datetime(2026, 3, 10, 17, 0)
TODAY = NOW.date()
WORDING_ONLY = (wording.check_findings,)
TITLES = [
    ("截止目前全县新增市场主体1200户", datetime(2026, 3, 2, 9, 0)),  # 错别字
    ("县环保局开展春季大气污染防治检查", datetime(2026, 3, 3, 9, 0)),  # 过时表述 (生态环境局)
    ("钓鱼台村召开春耕动员会", datetime(2026, 3, 4, 9, 0)),  # 钓鱼台 is a village here
    ("全县春耕生产有序推进", datetime(2026, 3, 5, 9, 0)),  # correct
    ("再接再励推进优化营商环境", datetime(2026, 2, 1, 9, 0)),  # older than 14 days
]


@pytest.fixture
def imported(database: Database, tmp_path: Path) -> posts_io.ImportResult:
    with database.session() as session:
        data.account(session, data.unit(session), "青岚发布")
    path = workbook(
        tmp_path / "posts.xlsx",
        HEADERS,
        [["青岚发布", at, title, "原创", "", "否", "", 0] for title, at in TITLES],
    )
    with database.session() as session:
        return posts_io.import_posts(session, path, "李娜", NOW)


def wording_findings(database: Database, day: date = TODAY) -> dict[str, str]:
    with database.session() as session:
        found = run_checks(session, day, WORDING_ONLY)
    assert all(f.rule == RuleId.WORDING for f in found)
    return {f.message.split("》")[0].lstrip("《"): f.severity.value for f in found}


def post_id(database: Database, title: str) -> int:
    from sqlalchemy import select

    from gmdesk.store.models import Post

    with database.session() as session:
        return int(session.scalar(select(Post.id).where(Post.title == title)) or 0)


def test_the_import_summary_names_the_hits(imported: posts_io.ImportResult) -> None:
    assert imported.wording is not None and imported.wording.hits == 4
    text = imported.describe()
    assert "错敏检查：4条标题疑有错敏表述共4处（错别字2处、过时表述1处、严重表述错误1处）" in text
    assert "《截止目前全县新增市场主体1200户》“截止目前”应为“截至目前”（错别字）" in text


def test_check_finds_seeded_typos_and_outdated_names_of_the_last_14_days(
    database: Database, imported: posts_io.ImportResult
) -> None:
    assert wording_findings(database) == {
        "截止目前全县新增市场主体1200户": "warning",
        "县环保局开展春季大气污染防治检查": "warning",
        "钓鱼台村召开春耕动员会": "violation",
    }
    assert wording_findings(database, date(2026, 3, 17)) == {
        "钓鱼台村召开春耕动员会": "violation"
    }  # 14 days on
    assert wording_findings(database, date(2026, 3, 18)) == {}


def test_office_exceptions_and_entries_are_respected(
    database: Database, imported: posts_io.ImportResult, tmp_path: Path
) -> None:
    with database.session() as session:
        wording.save_term(session, wording.TermRow(None, True, "钓鱼台村", note="本县行政村"), "李娜")
        wording.save_term(
            session,
            wording.TermRow(None, False, "春耕动员", "春耕生产动员", WordingCategory.TYPO, "本县规范"),
            "李娜",
        )
    found = wording_findings(database)
    assert found == {
        "截止目前全县新增市场主体1200户": "warning",
        "县环保局开展春季大气污染防治检查": "warning",
        "钓鱼台村召开春耕动员会": "warning",
    }  # the village is fine; the office's own entry hits
    with database.session() as session, pytest.raises(UserError, match="已有"):
        wording.save_term(session, wording.TermRow(None, True, "钓鱼台村"), "李娜")
    # the office's terms go out and come back through Excel (kind "wording")
    out = tmp_path / "terms.xlsx"
    with database.session() as session:
        assert wording_io.export_terms(session, out) == 2
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == ("类型", "错误表述", "规范表述", "类别", "起始日期", "说明")
    assert ("例外", "钓鱼台村", None, None, None, "本县行政村") in rows
    with database.session() as session:
        assert (
            wording_io.import_terms_file(session, out, "李娜") == "已导入本单位错敏词库：新增0条，替换2条。"
        )


def test_marks_clear_the_finding_and_are_counted(database: Database, imported: posts_io.ImportResult) -> None:
    typo = post_id(database, "截止目前全县新增市场主体1200户")
    village = post_id(database, "钓鱼台村召开春耕动员会")
    with database.session() as session:
        with pytest.raises(UserError, match="理由"):
            wording.mark_post(session, village, WordingMark.VERIFIED, "", "李娜", NOW)
        wording.mark_post(session, village, WordingMark.VERIFIED, "本县行政村名", "李娜", NOW)
        wording.mark_post(session, typo, WordingMark.CORRECTED, "已在平台修改标题", "李娜", NOW)
    assert wording_findings(database) == {"县环保局开展春季大气污染防治检查": "warning"}
    with database.session() as session:
        scan = wording.scan_period(session, date(2026, 1, 1), date(2026, 3, 31))
    assert (scan.scanned, scan.hits, scan.corrected, scan.verified, scan.open) == (5, 4, 1, 1, 2)
    (unit,) = scan.by_unit()
    assert (unit.hits, unit.corrected, unit.open) == (4, 1, 2)
    assert scan.summary() == (
        "检查已发布信息5条，4条疑有错敏表述共4处（错别字2处、过时表述1处、严重表述错误1处），"
        "已更正1处，经核实无误1处，未处理2处。"
    )


def test_gmdesk_wording_lists_a_period(
    database: Database, imported: posts_io.ImportResult, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database.close()
    code = main(["wording", "--db", str(db_path), "--from", "2026-02-01", "--to", "2026-03-10", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # an unhandled 严重表述错误
    assert (out["scanned"], out["hits"]) == (5, 4)
    assert out["posts"][0]["title"] == "再接再励推进优化营商环境"
    assert out["posts"][0]["hits"][0] == {
        "found": "再接再励",
        "right": "再接再厉",
        "category": "错别字",
        "severity": "warning",
        "source": "YWJZ",
    }
    assert main(["wording", "--db", str(db_path), "--from", "2026-03-05", "--to", "2026-03-10"]) == 0
    assert "未发现错敏表述" in capsys.readouterr().out
    assert main(["wording", "--db", str(db_path), "--from", "2026-03-10", "--to", "2026-03-01"]) == 2
