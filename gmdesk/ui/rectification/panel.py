"""整改台账: every rectification item with filters, its detail, and what the clerk does with them.

A self-contained widget the 年度自查 tab embeds as its page "整改台账" (``report_tab.add_page(panel,
"整改台账")``); the dashboard's 整改 rows reach it through ``show_item(item_id)``. It reloads itself when the
rectification data change and it is visible.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gmdesk.services import rectification as service
from gmdesk.ui import bus, dialogs, files, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.models.table_model import RowTableModel
from gmdesk.ui.rectification.dialogs import Choices, CompleteDialog, ItemDialog, ReasonDialog, _failed
from gmdesk.ui.rectification.model import COLUMNS, SOURCE_FILTERS, STATE_FILTERS, matches
from gmdesk.ui.widgets.form_dialog import submit_to_job
from gmdesk.ui.widgets.search import SearchBox
from gmdesk.ui.widgets.table import DataTable

AREAS = frozenset({bus.RECTIFICATIONS, bus.ACCOUNTS, bus.HOLIDAYS, bus.POLICY})


class RectificationPanel(QWidget):
    loaded = Signal()
    """The list has been (re)shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("rectification-panel")
        self.rows: list[service.ItemRow] = []
        self.detail: service.ItemDetail | None = None
        self._stale = True
        self._pending: int | None = None
        ctx.bus.changed.connect(self._on_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        heading = QLabel("整改台账")
        heading.setProperty("role", "heading")
        top.addWidget(heading)
        self.counts = QLabel()
        self.counts.setProperty("role", "muted")
        top.addWidget(self.counts)
        top.addStretch(1)
        layout.addLayout(top)

        bar = QHBoxLayout()
        self.new_button = self._button(bar, "新建", self.new_item, "新建一项整改事项（Ctrl+N）", primary=True)
        self.edit_button = self._button(bar, "编辑", self.edit_current, "修改所选事项（回车或双击）")
        self.complete_button = self._button(
            bar, "标记完成", self.complete_current, "填写整改结果，附证明材料"
        )
        self.reopen_button = self._button(bar, "重新打开", self.reopen_current, "复查未通过：改回“整改中”")
        self.delete_button = self._button(bar, "删除", self.delete_current, "删除误录入的事项")
        bar.addSpacing(16)
        self.findings_button = self._button(
            bar, "从当前问题生成…", self.from_findings, "检查全部账号，勾选问题生成整改事项"
        )
        self.import_button = QToolButton()
        self.import_button.setText("导入通报…")
        self.import_button.setToolTip("从 Excel 导入上级通报的整改事项")
        self.import_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.import_button.setObjectName("import-notice")  # drawn by style.qss
        self.import_button.clicked.connect(self.choose_import)
        menu = QMenu(self.import_button)
        menu.addAction("导入通报…", self.choose_import)
        menu.addAction("保存导入模板…", self.choose_template)
        self.import_button.setMenu(menu)
        bar.addWidget(self.import_button)
        self.export_button = self._button(bar, "导出…", self.choose_export, "导出整改台账（Excel）")
        bar.addStretch(1)
        layout.addLayout(bar)

        filters = QHBoxLayout()
        self.state_filter = QComboBox()
        for label, _ in STATE_FILTERS:
            self.state_filter.addItem(label)
        self.source_filter = QComboBox()
        for label, source in SOURCE_FILTERS:
            self.source_filter.addItem(label, source)
        self.search_box = SearchBox("搜索问题、账号、单位、责任人、文号或 #编号")
        for widget in (QLabel("显示："), self.state_filter, self.source_filter, self.search_box):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.state_filter.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.source_filter.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.search_box.search.connect(lambda _: self._apply_filter())
        layout.addLayout(filters)

        split = QSplitter(Qt.Orientation.Vertical)
        self.model: RowTableModel[service.ItemRow] = RowTableModel(COLUMNS, key=lambda row: row.id)
        self.table = DataTable("rectification-items")
        self.table.setModel(self.model)
        if QSettings().value("tables/rectification-items") is None:
            self.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)  # 距期限: open items, soonest due first
        self.table.doubleClicked.connect(lambda _: self.edit_current())
        self.table.activated.connect(lambda _: self.edit_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._load_detail())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_moved())
        # a sort, a filter or a reload may move or hide the chosen item without a selection signal
        self.model.layoutChanged.connect(lambda *_: self._selection_moved())
        self.model.modelReset.connect(self._selection_moved)
        split.addWidget(self.table)
        self.detail_view = QTextBrowser()
        self.detail_view.setOpenLinks(False)
        self.detail_view.anchorClicked.connect(self._open_link)
        split.addWidget(self.detail_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self.empty_hint = QLabel("还没有整改事项。可“新建”，或“从当前问题生成…”，或“导入通报…”。")
        self.empty_hint.setProperty("role", "muted")
        self.empty_hint.hide()
        layout.addWidget(self.empty_hint)

        self._update_buttons()  # Ctrl+N is the window's 新建, which the 年度自查 tab sends here

    def _button(self, bar: QHBoxLayout, text: str, slot: Any, tip: str, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        if primary:
            button.setProperty("primary", "true")
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    # ------------------------------------------------------------------ loading
    def _on_changed(self, areas: frozenset[str]) -> None:
        if areas & AREAS:
            self._stale = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        today = self.ctx.today()
        self.ctx.jobs.run(lambda session: service.list_items(session, today), on_done=self._show)

    def _show(self, rows: list[service.ItemRow]) -> None:
        keep = self._pending if self._pending is not None else self.current_id()
        self.rows = rows
        self.model.set_rows(rows)
        open_rows = [r for r in rows if r.is_open]
        overdue = sum(r.remaining.startswith("逾期") for r in open_rows)
        self.counts.setText(
            f"共{len(rows)}项，未完成{len(open_rows)}项" + (f"，其中逾期{overdue}项" if overdue else "")
        )
        self.empty_hint.setVisible(not rows)
        self._apply_filter(keep)
        self.loaded.emit()

    def _apply_filter(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.current_id()
        state = STATE_FILTERS[self.state_filter.currentIndex()][1]
        source = self.source_filter.currentData()
        text = self.search_box.text()
        self.model.set_filter(
            lambda r: state(r) and (source is None or r.source is source) and matches(r, text)
        )
        if keep is not None and not self._select(keep) and self._pending == keep:
            # the item the dashboard asked for is outside the filter: show everything
            self.state_filter.setCurrentIndex(len(STATE_FILTERS) - 1)
            self.source_filter.setCurrentIndex(0)
            self.search_box.clear()
            self.model.set_filter(None)
            self._select(keep)
        elif self.current_id() is None and self.model.rowCount():
            self.table.selectRow(0)
        self._pending = None
        self._update_buttons()
        self._load_detail()

    def _select(self, item_id: int) -> bool:
        row = self.model.find_row(lambda r: r.id == item_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def show_item(self, item_id: int) -> None:
        """Select the item (the dashboard's click-through), whatever the filters."""
        self._pending = int(item_id)
        if self.rows and not self._stale:
            self._apply_filter(self._pending)
        else:
            self.reload()

    def current(self) -> service.ItemRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_at(index.row())

    def current_id(self) -> int | None:
        row = self.current()
        return row.id if row is not None else None

    def _update_buttons(self) -> None:
        row = self.current()
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        self.complete_button.setEnabled(row is not None and row.is_open)
        self.reopen_button.setEnabled(row is not None and not row.is_open)

    # ------------------------------------------------------------------ detail
    def _selection_moved(self) -> None:
        shown = self.detail.row.id if self.detail is not None else None
        if self.current_id() != shown:
            self._load_detail()
        else:
            self._update_buttons()

    def _load_detail(self) -> None:
        self._update_buttons()
        row = self.current()
        if row is None:
            self.detail = None
            self.detail_view.setHtml(f"<p style='color:{palette.MUTED}'>选择一项查看详情。</p>")
            return
        today = self.ctx.today()
        self.ctx.jobs.run(
            lambda session: service.item_detail(session, row.id, today),
            on_done=self._show_detail,
            on_error=lambda error: None,
        )  # an item deleted meanwhile: the reload follows

    def _show_detail(self, detail: service.ItemDetail) -> None:
        if detail.row.id != self.current_id():
            return
        self.detail = detail
        self.detail_view.setHtml(detail_html(detail))

    def _open_link(self, url: QUrl) -> None:
        path = Path(url.toLocalFile())
        if not path.is_file():
            dialogs.warn(self, "找不到文件", f"证明材料已不在原处：\n{path}")
            return
        QDesktopServices.openUrl(url)

    # ------------------------------------------------------------------ actions
    def _choices(self, then: Any) -> None:
        from gmdesk.services.calendar import load_work_calendar
        from gmdesk.services.lookups import account_choices, unit_choices

        self.ctx.jobs.run(
            lambda session: Choices(
                account_choices(session), unit_choices(session), load_work_calendar(session)
            ),
            on_done=then,
        )

    def new_item(self) -> None:
        self._choices(lambda choices: self._open_item(ItemDialog(self.ctx, choices, None, self)))

    def edit_current(self) -> None:
        row = self.current()
        if row is not None:
            self._choices(lambda choices: self._open_item(ItemDialog(self.ctx, choices, row, self)))

    def _open_item(self, dialog: ItemDialog) -> None:
        self.item_dialog = dialog
        dialog.accepted.connect(lambda: dialog.saved and self.show_item(dialog.saved.id))
        dialog.open()

    def complete_current(self) -> CompleteDialog | None:
        row = self.current()
        if row is None or not row.is_open:
            return None
        dialog = CompleteDialog(self.ctx, row, self)
        self.complete_dialog = dialog
        dialog.open()
        return dialog

    def reopen_current(self) -> None:
        row = self.current()
        if row is None or row.is_open:
            return
        dialog = ReasonDialog(
            "重新打开整改事项", f"整改事项 #{row.id} 改回“整改中”。请填写原因（如复查未通过）：", self
        )
        self.reason_dialog = dialog
        operator = self.ctx.operator

        def op(reason: str) -> Any:
            now = self.ctx.now()
            return lambda session: service.reopen_item(session, row.id, reason, operator, now)

        submit_to_job(dialog, self.ctx.jobs.run, op, lambda _: None, {bus.RECTIFICATIONS})
        dialog.open()

    def reopen(self, item_id: int, reason: str) -> None:
        operator, now = self.ctx.operator, self.ctx.now()
        self.ctx.jobs.run(
            lambda session: service.reopen_item(session, item_id, reason, operator, now),
            on_error=_failed(self, "不能重新打开"),
            write=True,
            changes={bus.RECTIFICATIONS},
        )

    def delete_current(self) -> None:
        row = self.current()
        if row is None or not dialogs.ask(
            self,
            "删除整改事项",
            f"删除整改事项 #{row.id}？\n{row.problem[:80]}\n\n"
            "（误录入时使用；已整改的请“标记完成”。删除记入操作日志。）",
        ):
            return
        operator, now = self.ctx.operator, self.ctx.now()
        self.ctx.jobs.run(
            lambda session: service.delete_item(session, row.id, operator, now),
            on_error=_failed(self, "不能删除"),
            write=True,
            changes={bus.RECTIFICATIONS},
        )

    def from_findings(self) -> None:
        from gmdesk.ui.rectification.findings_dialog import FindingsDialog

        self.findings_dialog = FindingsDialog(self.ctx, self)
        self.findings_dialog.open()

    # ------------------------------------------------------------------ files
    def choose_import(self) -> None:
        path = files.choose_open_path(self, "导入上级通报", files.EXCEL_FILTER, "rectifications-import")
        if path is not None:
            self.start_import(path)

    def start_import(self, path: Path) -> None:
        """Back the database up, then import the 通报 whole or not at all."""
        from gmdesk.services.rectification_io import import_items

        operator, now = self.ctx.operator, self.ctx.now()

        def op(session: Any) -> Any:
            return import_items(session, path, operator, now)

        self.ctx.jobs.run(
            op,
            on_done=lambda result: dialogs.inform(self, "导入通报", result.describe()),
            on_error=lambda error: show_error(error, self),
            write=True,
            changes={bus.RECTIFICATIONS},
            progress="正在导入…",
            parent=self,
        )

    def choose_template(self) -> None:
        path = files.choose_save_path(
            self, "保存导入模板", "整改事项导入模板.xlsx", files.EXCEL_FILTER, "rectifications-import"
        )
        if path is None:
            return
        from gmdesk.services.rectification_io import write_template

        today = self.ctx.today()
        self.ctx.jobs.run(
            lambda _control: write_template(path, today),
            with_session=False,
            on_done=lambda _: dialogs.inform(self, "保存导入模板", f"已保存：\n{path}"),
            on_error=lambda error: show_error(error, self),
        )

    def choose_export(self) -> None:
        name = f"整改台账-{self.ctx.today():%Y%m%d}.xlsx"
        path = files.choose_save_path(self, "导出整改台账", name, files.EXCEL_FILTER, "rectifications-export")
        if path is not None:
            self.start_export(path)

    def start_export(self, path: Path) -> None:
        from gmdesk.services.rectification_io import export_items

        today = self.ctx.today()
        self.ctx.jobs.run(
            lambda session: export_items(session, path, today),
            on_done=lambda count: dialogs.inform(self, "导出整改台账", f"已导出{count}项到：\n{path}"),
            on_error=lambda error: show_error(error, self),
            progress="正在导出…",
            parent=self,
        )


def detail_html(detail: service.ItemDetail) -> str:
    row = detail.row

    def para(title: str, text: str) -> str:
        body = (
            escape(text).replace("\n", "<br>")
            if text
            else f"<span style='color:{palette.FAINT}'>（未填写）</span>"
        )
        return f"<p><b>{title}：</b>{body}</p>"

    where = " · ".join(x for x in (row.account_label, row.unit) if x) or "不针对具体账号"
    limit = f"{row.workdays}个工作日" if row.workdays else "指定日期"
    parts = [
        f"<p style='font-size:11pt'><b>#{row.id}</b> {escape(where)} · <b>{row.state.label}</b> · "
        f"{row.opened_on.isoformat()}起，时限{limit}，期限{row.due_on.isoformat() if row.due_on else '未定'}"
        f"（{escape(row.remaining)}）</p>",
        para("存在问题", row.problem),
        para("整改措施", row.measure),
        para("责任人", row.responsible),
        para("来源", f"{row.source.label}{('，' + row.notice_ref) if row.notice_ref else ''}"),
    ]
    if not row.is_open or row.result:
        parts.append(
            para(
                "整改结果",
                f"{row.result}" + (f"（{row.completed_on.isoformat()}完成）" if row.completed_on else ""),
            )
        )
    if detail.attachments:
        links = "<br>".join(
            f"<a href='{QUrl.fromLocalFile(a.path).toString()}'>{escape(a.original_name)}</a> "
            f"<span style='color:{palette.MUTED}'>SHA-256 {a.sha256[:16]}… · {a.added_at:%Y-%m-%d %H:%M} {escape(a.operator)}</span>"
            for a in detail.attachments
        )
        parts.append(f"<p><b>证明材料：</b><br>{links}</p>")
    if detail.history:
        lines = "<br>".join(
            f"{h.at:%Y-%m-%d %H:%M} {escape(h.operator)} {escape(h.action)}"
            + (f"：{escape(h.detail)}" if h.detail else "")
            for h in detail.history
        )
        parts.append(f"<p style='color:{palette.MUTED}'><b>办理记录：</b><br>{lines}</p>")
    return "".join(parts)
