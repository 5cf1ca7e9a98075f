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
    qtbot.waitUntil(
        lambda: page.inspection is not None and page.inspection.period.label == "2025年度", timeout=10_000
    )
    assert "乙发布" in page.preview.toPlainText() and "发布 115 条" in page.preview.toPlainText()
    page.unit.setCurrentIndex(page.unit.findText("青岚县第一单位"))
    qtbot.waitUntil(
        lambda: page.inspection is not None and page.inspection.scope == "青岚县第一单位", timeout=10_000
    )
    assert page.office.text() == "青岚县第一单位"  # a unit's report is signed by the unit
    page.unit.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.inspection is not None and page.inspection.scope == "全县", timeout=10_000)
    # the drafts and the office's defaults are filled in, for the clerk to edit
    assert page.office.text() == "县人民政府办公室" and page.recipient.text() == "市人民政府办公室"
    assert page.preparer.text() == "管理员" and "一是规范账号管理" in page.achievements.toPlainText()
    assert page.next_steps.toPlainText().startswith("一是针对")
    assert page.plans_button.text() == f"整改情况（{len(page.plans)}项）…" and len(page.plans) == 5
    page.next_steps.clear()
    type_text(page.next_steps, "一是建立整改台账。")
    type_text(page.unit_head, "张主任")
    page.preparer.clear()
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
    assert "县人民政府办公室" in paragraphs and "2026年11月20日" in paragraphs  # the 落款 and a real date
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


def test_the_整改_rows_are_edited_before_generating(
    shell: Shell, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gmdesk.ui.report.plans_dialog import MEASURE, RESPONSIBLE, PlansDialog

    tab = report_tab(shell, qtbot)
    page = tab.report
    page.year.setValue(2025)
    qtbot.waitUntil(
        lambda: (
            page.inspection is not None
            and page.inspection.period.label == "2025年度"
            and len(page.plans) == 5
        ),
        timeout=10_000,
    )
    page.edit_plans()
    dialog = page.findChild(PlansDialog)
    assert dialog is not None and dialog.table.rowCount() == 5
    dialog.table.item(0, MEASURE).setText("")
    dialog.submit()
    assert "整改措施不能为空" in dialog.error_label.text() and dialog.isVisible()
    dialog.table.item(0, MEASURE).setText("限期恢复更新，每周检查")
    dialog.table.item(0, RESPONSIBLE).setText("李局长")
    dialog.submit()
    assert not dialog.isVisible() and page.plans[0].measure == "限期恢复更新，每周检查"
    target = tmp_path / "报告.docx"
    monkeypatch.setattr(files, "choose_save_path", lambda *args: target)
    page.with_excel.setChecked(False)
    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=30_000):  # type: ignore[union-attr]
        page.generate()
    qtbot.waitUntil(target.exists, timeout=10_000)
    plans = next(t for t in Document(str(target)).tables if t.rows[0].cells[2].text == "整改措施")
    assert (plans.rows[1].cells[2].text, plans.rows[1].cells[3].text) == ("限期恢复更新，每周检查", "李局长")
    assert len(plans.rows) == 6
    with shell.ctx.database.session() as session:  # type: ignore[union-attr]
        (kept,) = inspection_reports.history(session)
    assert kept.narrative.plans[0].responsible == "李局长"


def test_the_notice_and_the_unit_order_from_the_tab(
    shell: Shell, qtbot: QtBot, tmp_path: Path, prompts: PromptRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gmdesk.ui.report.notice_dialog import NoticeDialog
    from gmdesk.ui.report.unit_order_dialog import UnitOrderDialog

    tab = report_tab(shell, qtbot)
    page = tab.report
    # 单位排序: the second unit first
    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=10_000):  # type: ignore[union-attr]
        page.open_unit_order()
    order = page.findChild(UnitOrderDialog)
    assert order is not None and order.list.count() == 2
    order.list.setCurrentRow(1)
    order.move(-1)
    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=10_000):  # type: ignore[union-attr]
        order.submit()
    from gmdesk.services.unit_order import units_in_order

    with shell.ctx.database.session() as session:  # type: ignore[union-attr]
        assert [u.name for u in units_in_order(session)] == ["青岚县第二单位", "青岚县第一单位"]

    # the 通报 of a quarter, with the next 文号 proposed
    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=10_000):  # type: ignore[union-attr]
        tab.menu_actions["生成季度检查情况通报(&N)…"].trigger()
    dialog = page.findChild(NoticeDialog)
    assert dialog is not None and dialog.number.text() == "县政办〔2026〕1号"
    assert dialog.recipients.text() == "县直各有关单位" and dialog.office.text() == "县人民政府办公室"
    dialog.year.setValue(2025)
    dialog.quarter.setCurrentIndex(1)
    target = tmp_path / "通报.docx"
    monkeypatch.setattr(files, "choose_save_path", lambda *args: target)
    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=30_000):  # type: ignore[union-attr]
        dialog.submit()
    qtbot.waitUntil(target.exists, timeout=10_000)
    text = [p.text for p in Document(str(target)).paragraphs]
    assert "关于2025年第二季度全县\n政务新媒体检查情况的通报" in text and "县政办〔2026〕1号" in text
    assert "已生成" in prompts.texts()
