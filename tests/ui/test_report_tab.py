"""The 年度自查 tab driven as a clerk would: choose the year, write the narrative, generate the report (the file is
written and the report joins the history), re-open its text, regenerate it."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gmdesk.services import inspection_reports
from gmdesk.ui import files
from gmdesk.ui.app import Shell
from gmdesk.ui.report import ReportTab
from tests.services.inspection_data import build_county
from tests.ui.calendar_typing import type_text
from tests.ui.conftest import PromptRecorder


def report_tab(shell: Shell, qtbot: QtBot) -> ReportTab:
    assert shell.window is not None and shell.ctx is not None
    build_county(shell.ctx.database)
    shell.window.show_tab("report")  # type: ignore[call-arg]
    tab = shell.window.tab("report")
    assert isinstance(tab, ReportTab)
    tab.reload()
    qtbot.waitUntil(lambda: tab.report.setup is not None and not shell.ctx.jobs.busy, timeout=10_000)  # type: ignore[union-attr]
    return tab


def test_generate_writes_the_file_and_adds_it_to_the_history(
    shell: Shell, qtbot: QtBot, tmp_path: Path, prompts: PromptRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = report_tab(shell, qtbot)
    page = tab.report
    assert tab.pages.tabText(0) == "自查报告"
    page.year.setValue(2025)
    qtbot.waitUntil(lambda: page.inspection is not None and page.inspection.period.label == "2025年度", timeout=10_000)
    assert "乙发布" in page.preview.toPlainText() and "发布 115 条" in page.preview.toPlainText()
    page.unit.setCurrentIndex(page.unit.findText("青岚县第一单位"))
    qtbot.waitUntil(lambda: page.inspection is not None and page.inspection.scope == "青岚县第一单位", timeout=10_000)
    page.unit.setCurrentIndex(0)
    type_text(page.next_steps, "一是建立整改台账。")
    type_text(page.unit_head, "张主任")
    type_text(page.preparer, "王填报")
    target = tmp_path / "二〇二五年自查报告.docx"
    monkeypatch.setattr(files, "choose_save_path", lambda *args: target)
    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=30_000):  # type: ignore[union-attr]
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 1, timeout=10_000)

    assert target.exists() and "已生成" in prompts.texts()
    appendix = tmp_path / "二〇二五年自查报告（明细附件）.xlsx"
    assert appendix.exists()
    paragraphs = [p.text for p in Document(str(target)).paragraphs]
    assert "一是建立整改台账。" in paragraphs and any("单位负责人：张主任" in p for p in paragraphs)
    record = page.history_model.row_at(0)
    assert record.docx_path == str(target) and record.figures["posts"] == 115
    with shell.ctx.database.session() as session:  # type: ignore[union-attr]
        (kept,) = inspection_reports.history(session)
    assert kept.narrative.next_steps == "一是建立整改台账。" and kept.narrative.preparer == "王填报"

    # another period, then the kept report's text comes back
    page.next_steps.setPlainText("")
    page.kind.setCurrentIndex(1)
    page.history.selectRow(0)
    page.load_selected()
    assert page.kind.currentIndex() == 0 and page.year.value() == 2025
    assert page.next_steps.toPlainText() == "一是建立整改台账。"

    # regenerate over the same file after a confirmation
    target.unlink()
    prompts.answers.append(True)
    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=30_000):  # type: ignore[union-attr]
        tab.menu_actions["重新生成所选报告(&R)…"].trigger()
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert page.history_model.rowCount() == 1


def test_nothing_selected_and_a_bad_range(shell: Shell, qtbot: QtBot, prompts: PromptRecorder) -> None:
    tab = report_tab(shell, qtbot)
    page = tab.report
    page.open_selected()
    assert "请先在“已生成的报告”中选择一份报告" in prompts.texts()
    page.kind.setCurrentIndex(2)
    assert page.start.isVisible() and not page.quarter.isVisible()
    page.start.setDate(page.end.date().addDays(5))
    page.refresh_preview()
    assert "结束日期不能早于开始日期" in page.preview.toPlainText()
    page.generate()
    assert "结束日期不能早于开始日期" in prompts.texts()
