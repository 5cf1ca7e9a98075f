"""Official document building blocks: A4, GB/T 9704 margins, fonts with Windows fallbacks, atomic saving."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from gmdesk.documents import word
from gmdesk.documents.atomic import OutputFileBusy, atomic_output
from gmdesk.documents.templates import clean_context


def east_asian(run) -> str:  # type: ignore[no-untyped-def]
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_an_official_document(tmp_path: Path) -> None:
    document = word.new_document()
    word.add_title(document, "关于2026年度政务新媒体自查情况的报告")
    word.add_heading(document, "一、总体情况", 1)
    word.add_heading(document, "（一）账号情况", 2)
    word.add_body(document, "全县共有政务新媒体账号60个。\x0b")
    table = word.add_grid_table(document, 2, 2, [40, 100])
    word.set_cell(table.cell(0, 0), "序号", bold=True, align="center")
    word.set_cell(table.cell(1, 1), None)
    word.add_page_number_footer(document)
    path = word.save_document(document, tmp_path / "报告.docx")

    saved = Document(str(path))
    section = saved.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [37, 35, 28, 26]
    title, _, heading1, heading2, body = saved.paragraphs[:5]
    assert east_asian(title.runs[0]) == word.FONT_TITLE and title.runs[0].font.size.pt == 22
    assert east_asian(heading1.runs[0]) == word.FONT_HEITI and heading1.runs[0].font.size.pt == 16
    assert east_asian(heading2.runs[0]) == word.FONT_KAITI
    assert east_asian(body.runs[0]) == word.FONT_FANGSONG and body.text == "全县共有政务新媒体账号60个。"
    assert saved.tables[0].cell(1, 1).text == ""
    borders = saved.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and borders.find(qn("w:insideH")).get(qn("w:val")) == "single"
    footer_xml = section.footer.paragraphs[0]._element.xml
    assert "PAGE" in footer_xml and "— " in section.footer.paragraphs[0].text
    font_table = zipfile.ZipFile(path).read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in font_table
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in font_table


def test_landscape() -> None:
    section = word.new_document(landscape=True, margins_mm=(15, 15, 15, 15)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert section.orientation == 1  # WD_ORIENT.LANDSCAPE


def test_atomic_output_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "表.docx"
    target.write_bytes(b"good")
    with pytest.raises(ValueError), atomic_output(target) as temporary:
        temporary.write_bytes(b"half")
        raise ValueError("rendering failed")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["表.docx"]


def test_a_locked_target_gets_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "open-in-word.docx"

    def refuse(source, destination):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("gmdesk.documents.atomic.os.replace", refuse)
    with (
        pytest.raises(OutputFileBusy, match=r"正被其他程序.*打开") as busy,
        atomic_output(target) as temporary,
    ):
        temporary.write_bytes(b"new")
    assert busy.value.target == target
    assert list(tmp_path.iterdir()) == []


def test_template_context_is_cleaned() -> None:
    assert clean_context({"a": None, "b": ["x\x01y", None], "c": 3}) == {"a": "", "b": ["xy", ""], "c": 3}
