"""整改台账 panel driven as a clerk would: new item typed in, marked done with evidence, reopened, items made
from ticked findings, a 通报 imported (and a wrong one refused), the ledger exported, filters and show_item."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from gmdesk.domain.enums import RectificationState
from gmdesk.domain.findings import RuleId
from gmdesk.domain.platforms import Platform
from gmdesk.services import rectification as service
from gmdesk.services.attachments import attachments_root
from gmdesk.store.models import Attachment, RectificationItem
from gmdesk.ui.app import Shell
from gmdesk.ui.rectification import RectificationPanel
from tests import calendar_data as data
from tests.ui.conftest import PINNED_NOW, PromptRecorder
from tests.ui.test_inbox_walkthrough import type_text

TODAY = PINNED_NOW.date()


@pytest.fixture
def county(shell: Shell) -> dict[str, int]:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        owner = data.unit(session)
        fine = data.account(session, owner, "青岚发布")
        data.post(session, fine, datetime(2026, 11, 19, 9))
        silent = data.account(session, owner, "青岚教育", Platform.TOUTIAO)
        data.post(session, silent, datetime(2026, 10, 20, 9))
        return {"fine": fine.id, "silent": silent.id, "unit": owner.id}


@pytest.fixture
def panel(shell: Shell, county: dict[str, int], qtbot: QtBot) -> RectificationPanel:
    assert shell.ctx is not None
    widget = RectificationPanel(shell.ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
    return widget


def items(shell: Shell) -> list[RectificationItem]:
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        rows = list(session.scalars(select(RectificationItem).order_by(RectificationItem.id)))
        session.expunge_all()
        return rows


def add(shell: Shell, problem: str, **kw: object) -> service.ItemRow:
    assert shell.ctx is not None
    fields: dict[str, object] = {"opened_on": TODAY, "workdays": 5, **kw}
    with shell.ctx.database.session() as session:
        return service.create_item(session, service.ItemDraft(problem, **fields), "张三", PINNED_NOW)  # type: ignore[arg-type]


def test_a_new_item_is_typed_in_and_saved(
    panel: RectificationPanel, shell: Shell, qtbot: QtBot, county: dict[str, int]
) -> None:
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(panel, "item_dialog", None) is not None and panel.item_dialog.isVisible())
    dialog = panel.item_dialog
    type_text(dialog.problem, "青岚教育9月以来两周未更新")
    type_text(dialog.measure, "制定发布计划")
    type_text(dialog.responsible, "王五")
    dialog.account.setCurrentIndex(dialog.account.findData(county["silent"]))
    dialog.workdays.selectAll()
    qtbot.keyClicks(dialog.workdays, "3")
    assert "2026-11-25" in dialog.due_label.text() and "（周三" in dialog.due_label.text()
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (item,) = items(shell)
    assert (item.problem, item.measure, item.responsible, item.account_id, item.workdays, item.due_on) == (
        "青岚教育9月以来两周未更新",
        "制定发布计划",
        "王五",
        county["silent"],
        3,
        date(2026, 11, 25),
    )
    assert panel.current_id() == item.id
    assert panel.model.rowCount() == 1 and panel.model.index(0, 7).data() == "剩3个工作日"
    qtbot.waitUntil(lambda: "制定发布计划" in panel.detail_view.toPlainText())


def test_an_open_item_is_edited_and_its_state_changed(
    panel: RectificationPanel, shell: Shell, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    """Found by the monkey (seed 2): the dialog's state came back from its combo box as a plain str, and the
    service's audit entry asked it for its label."""
    made = add(shell, "第一项问题")
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.reload()
    panel.show_item(made.id)
    qtbot.waitUntil(lambda: panel.current_id() == made.id)
    panel.edit_current()
    qtbot.waitUntil(lambda: getattr(panel, "item_dialog", None) is not None and panel.item_dialog.isVisible())
    dialog = panel.item_dialog
    dialog.state.setCurrentIndex(dialog.state.findText(RectificationState.IN_PROGRESS.label))
    type_text(dialog.responsible, "王五")
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert prompts.prompts == []
    (item,) = items(shell)
    assert (item.state, item.responsible) == (RectificationState.IN_PROGRESS, "王五")


def test_an_empty_problem_is_refused_with_a_message(
    panel: RectificationPanel, shell: Shell, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    panel.new_item()
    qtbot.waitUntil(lambda: getattr(panel, "item_dialog", None) is not None and panel.item_dialog.isVisible())
    type_text(panel.item_dialog.measure, "制定发布计划")
    panel.item_dialog.save()
    dialog = panel.item_dialog
    assert dialog.isVisible() and "请填写存在的问题" in dialog.error_label.text()  # said in the dialog
    assert dialog.problem.property("invalid") is True and dialog.measure.toPlainText() == "制定发布计划"
    assert items(shell) == [] and not prompts.prompts


def test_marking_done_with_evidence_then_reopening(
    panel: RectificationPanel, shell: Shell, qtbot: QtBot, tmp_path: Path
) -> None:
    row = add(shell, "密码未定期更换")
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.reload()
    panel.show_item(row.id)
    assert panel.complete_button.isEnabled() and not panel.reopen_button.isEnabled()
    qtbot.mouseClick(panel.complete_button, Qt.MouseButton.LeftButton)
    dialog = panel.complete_dialog
    type_text(dialog.result, "已更换密码并登记保管人")
    evidence = tmp_path / "密码更换登记表.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    dialog.add_files([evidence])
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (item,) = items(shell)
    assert (item.state, item.completed_on, item.result) == (
        RectificationState.DONE,
        TODAY,
        "已更换密码并登记保管人",
    )
    assert shell.ctx is not None
    with shell.ctx.database.session() as session:
        stored = session.scalars(select(Attachment).where(Attachment.rectification_id == item.id)).one()
    assert (
        attachments_root(shell.ctx.database.path) / stored.stored_path
    ).read_bytes() == evidence.read_bytes()
    # the 未完成 filter hides it now; show_item brings it back whatever the filter
    assert panel.model.rowCount() == 0
    panel.show_item(item.id)
    assert panel.current_id() == item.id and panel.state_filter.currentText() == "全部"
    qtbot.waitUntil(lambda: "密码更换登记表.pdf" in panel.detail_view.toPlainText())
    assert panel.reopen_button.isEnabled()

    qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
    type_text(panel.reason_dialog.text, "复查发现保管人未签字")
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.reason_dialog.submit()
    (item,) = items(shell)
    assert item.state is RectificationState.IN_PROGRESS and item.completed_on is None


def test_ticked_findings_become_items(
    panel: RectificationPanel, shell: Shell, qtbot: QtBot, prompts: PromptRecorder, county: dict[str, int]
) -> None:
    panel.from_findings()
    dialog = panel.findings_dialog
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() > 0, timeout=10_000)
    rows = {(r.data(0, Qt.ItemDataRole.UserRole + 1).rule, r.text(1)): r for r in dialog.rows()}
    assert (RuleId.UPDATE_GAP, "青岚教育") in rows
    assert not dialog.create_button.isEnabled()
    rows[(RuleId.UPDATE_GAP, "青岚教育")].setCheckState(0, Qt.CheckState.Checked)
    type_text(dialog.responsible, "李四")
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert prompts.prompts[-1].text == "已生成1项整改事项。"
    (item,) = items(shell)
    assert (item.rule, item.account_id, item.responsible) == (RuleId.UPDATE_GAP, county["silent"], "李四")
    assert item.problem.startswith("【连续两周未更新】")


def _notice(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["通报文号", "账号名称", "存在问题", "整改措施", "责任人", "时限（工作日）"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_notice_is_imported_and_a_wrong_one_refused(
    panel: RectificationPanel, shell: Shell, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    bad = _notice(tmp_path / "错误.xlsx", [["市办〔2026〕9号", "不存在的号", "问题", "", "", 5]])
    panel.start_import(bad)
    qtbot.waitUntil(lambda: bool(prompts.prompts), timeout=10_000)
    assert prompts.prompts[0].title == "导入失败"
    assert "第2行，“账号名称”列：找不到名为“不存在的号”的账号" in prompts.prompts[0].details
    assert items(shell) == []

    good = _notice(
        tmp_path / "通报.xlsx", [["市办〔2026〕9号", "青岚发布", "原创比例偏低", "增加原创", "张三", 10]]
    )
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.start_import(good)
    assert prompts.prompts[-1].text == "已导入1项整改事项。"
    (item,) = items(shell)
    assert (item.notice_ref, item.due_on) == ("市办〔2026〕9号", date(2026, 12, 4))
    panel.search_box.setText("市办")
    panel.search_box.search.emit("市办")
    assert panel.model.rowCount() == 1 and panel.model.index(0, 8).data() == "市办〔2026〕9号"


def test_filters_and_export(
    panel: RectificationPanel, shell: Shell, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    late = add(shell, "逾期的事项", opened_on=date(2026, 11, 2))
    add(shell, "刚开始的事项", workdays=30)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.reload()
    assert panel.model.rowCount() == 2 and panel.model.row_at(0).id == late.id  # soonest due first
    assert panel.counts.text() == "共2项，未完成2项，其中逾期1项"
    panel.state_filter.setCurrentText("已逾期")
    assert [panel.model.row_at(i).id for i in range(panel.model.rowCount())] == [late.id]
    panel.state_filter.setCurrentText("全部")
    panel.search_box.setText(f"#{late.id}")
    panel.search_box.search.emit(f"#{late.id}")
    assert panel.model.rowCount() == 1

    out = tmp_path / "台账.xlsx"
    panel.start_export(out)
    qtbot.waitUntil(lambda: bool(prompts.prompts), timeout=10_000)
    assert prompts.prompts[0].text.startswith("已导出2项")
    rows = data.sheet_rows(out)
    assert [r[7] for r in rows[1:]] == ["逾期的事项", "刚开始的事项"]


def test_a_click_on_a_row_selects_it_and_enables_the_buttons(
    panel: RectificationPanel, shell: Shell, qtbot: QtBot
) -> None:
    add(shell, "第一项问题")
    add(shell, "第二项问题")
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.reload()
    panel.table.clearSelection()
    panel.table.setCurrentIndex(panel.model.index(-1, -1))
    qtbot.waitUntil(lambda: not panel.edit_button.isEnabled())
    for row in (1, 0):
        rect = panel.table.visualRect(panel.model.index(row, 2))
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        wanted = panel.model.row_at(row).id
        qtbot.waitUntil(lambda: panel.current_id() == wanted)  # noqa: B023
        assert panel.edit_button.isEnabled() and panel.complete_button.isEnabled()
        assert panel.delete_button.isEnabled()
        qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.row.id == panel.current_id())
