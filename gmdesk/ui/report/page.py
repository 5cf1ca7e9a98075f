"""The 自查报告 page: choose the period and scope, preview the figures and draft, write the narrative, generate the
Word report (and the Excel appendices) in the background, and keep the history of reports generated.

The written parts start as drafts from the figures (主要做法和成效, 七、整改情况 one row per problem, 八、下一步
工作安排) and the defaults of the office (落款, 主送, 填报人, 联系电话); a draft the clerk has not touched follows
the figures when the period or scope changes, an edited one stays. The 通报 and 单位排序 dialogs start here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gmdesk.domain.errors import UserError
from gmdesk.domain.inspection import Inspection, Narrative, PlanRow, title_of
from gmdesk.domain.report_period import ReportPeriod, custom_period, quarter_period, year_period
from gmdesk.services.drafts import DraftKey, SavedDraft
from gmdesk.ui import bus, dialogs, files, palette, privacy
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.models.table_model import Column, RowTableModel
from gmdesk.ui.report.preview_html import preview_html
from gmdesk.ui.widgets.dates import DateEdit
from gmdesk.ui.widgets.form_dialog import DRAFT_DELAY_MS
from gmdesk.ui.widgets.table import DataTable

KINDS = ("年度", "季度", "自定义")


@dataclass(frozen=True)
class PageSetup:
    units: list[tuple[int, str]]
    indicator_sets: list[str]
    history: list[Any]
    """ReportRecord rows, newest first."""


def _load_setup(session: Any) -> PageSetup:
    from gmdesk.services import inspection_reports, inspection_sets, lookups

    units = [(u.id, u.name) for u in lookups.unit_choices(session)]
    sets = [s.name for s in inspection_sets.available_sets(session)]
    return PageSetup(units, sets, inspection_reports.history(session))


def _history_columns() -> list[Column[Any]]:
    return [
        Column("生成时间", lambda r: r.generated_at, width=130),
        Column("报告", lambda r: r.title, width=280),
        Column("统计期", lambda r: r.period.label, width=110),
        Column("范围", lambda r: r.scope, width=120),
        Column("账号", lambda r: r.figures.get("accounts"), align_right=True, width=50),
        Column("不合格", lambda r: r.figures.get("failed"), align_right=True, width=60),
        Column("问题", lambda r: r.figures.get("problems"), align_right=True, width=50),
        Column("经办人", lambda r: r.operator, width=70),
        Column("Word 文件", lambda r: r.docx_path, tooltip=lambda r: r.docx_path, width=260),
    ]


NARRATIVE_FIELDS = (
    "organisation",
    "office",
    "recipient",
    "achievements",
    "next_steps",
    "remarks",
    "unit_head",
    "reviewer",
    "preparer",
    "phone",
)
REPORT_DRAFT = DraftKey("report_narrative", "current")


class ReportPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setup: PageSetup | None = None
        self.inspection: Inspection | None = None
        self._preview_generation = 0
        self._default_organisation = ""
        self.plans: list[PlanRow] = []
        """七、整改情况 as drafted and edited; sent with the narrative."""
        self._plans_edited = False
        self._suggested: dict[str, str] = {}
        """What each prefilled field was last filled with: a field still holding it is not the clerk's own."""
        self._build()
        # What the clerk writes for the report (做法和成效, 下一步, 落款…) is kept as a draft until the report is
        # generated with it, so a quit or a crash before 生成 loses nothing.
        self._draft_written = False
        self._draft_asked = False
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.keep_unsaved)
        for name in NARRATIVE_FIELDS:
            edit = getattr(self, name)
            edit.textChanged.connect(self._draft_timer.start)
        ctx.drafts.register(self)

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._options())
        right = QSplitter(Qt.Orientation.Vertical)
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setPlaceholderText("选择统计期和范围后，这里显示报告各部分的数据和草稿。")
        right.addWidget(self.preview)
        right.addWidget(self._history())
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setSizes([560, 240])
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 1000])
        layout.addWidget(splitter)

    def _options(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 6, 0)
        scope = QGroupBox("统计期和范围")
        form = QFormLayout(scope)
        self.kind = QComboBox()
        self.kind.addItems(KINDS)
        today = self.ctx.today()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.year.setSuffix(" 年")
        self.quarter = QComboBox()
        self.quarter.addItems(["第一季度", "第二季度", "第三季度", "第四季度"])
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.start, self.end = DateEdit(date(today.year, 1, 1)), DateEdit(today)
        self.unit = QComboBox()
        self.unit.addItem("全县（全部单位）", None)
        self.indicators = QComboBox()
        form.addRow("统计期", self.kind)
        form.addRow("年度", self.year)
        form.addRow("季度", self.quarter)
        form.addRow("开始日期", self.start)
        form.addRow("结束日期", self.end)
        form.addRow("范围", self.unit)
        form.addRow("指标体系", self.indicators)
        self.form = form
        self.preview_button = QPushButton("刷新预览")
        self.preview_button.clicked.connect(self.refresh_preview)
        form.addRow("", self.preview_button)
        column.addWidget(scope)

        text = QGroupBox("报告文字（随报告保存）")
        text_form = QFormLayout(text)
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText("默认为县名或所选单位")
        self.office = QLineEdit()
        self.office.setPlaceholderText("落款的发文机关，默认为设置中的报告单位")
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("主送机关，如 云江市人民政府办公室")
        self.achievements = QPlainTextEdit()
        self.achievements.setPlaceholderText(
            "一、总体情况中的主要做法和成效（每行一段；按统计数据起草，可修改）"
        )
        self.achievements.setMinimumHeight(90)
        self.plans_button = QPushButton("整改情况…")
        self.plans_button.setToolTip(
            "七、整改情况：每个存在问题一行（措施、责任人、时限、状态），生成前可修改"
        )
        self.plans_button.clicked.connect(self.edit_plans)
        self.next_steps = QPlainTextEdit()
        self.next_steps.setPlaceholderText("八、下一步工作安排（每行一段；按存在问题起草，可修改）")
        self.next_steps.setMinimumHeight(110)
        self.remarks = QPlainTextEdit()
        self.remarks.setPlaceholderText("备注（可不填）")
        self.remarks.setMaximumHeight(60)
        self.unit_head, self.reviewer, self.preparer, self.phone = (
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
        )
        self.signed_on = DateEdit(today)
        for label, widget in (
            ("标题单位", self.organisation),
            ("主送机关", self.recipient),
            ("主要做法和成效", self.achievements),
            ("整改情况", self.plans_button),
            ("下一步工作安排", self.next_steps),
            ("备注", self.remarks),
            ("落款单位", self.office),
            ("单位负责人", self.unit_head),
            ("审核人", self.reviewer),
            ("填报人", self.preparer),
            ("联系电话", self.phone),
            ("成文日期", self.signed_on),
        ):
            text_form.addRow(label, widget)
        self.next_steps.textChanged.connect(self._show_preview)
        column.addWidget(text, 1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        scroll.setMinimumWidth(380)
        # the action stays in view below the scrolling fields, whatever the window's height
        left = QWidget()
        pinned = QVBoxLayout(left)
        pinned.setContentsMargins(0, 0, 0, 0)
        pinned.addWidget(scroll, 1)
        self.with_excel = QCheckBox("同时导出 Excel 明细附件（账号、月度发布、留言明细）")
        self.with_excel.setChecked(bool(self.ctx.settings.value("report/with_excel", True, type=bool)))
        pinned.addWidget(self.with_excel)
        self.generate_button = QPushButton("生成报告…")
        self.generate_button.setProperty("primary", True)
        self.generate_button.setToolTip("生成 Word 报告并登记到下方的报告记录（Ctrl+G）")
        self.generate_button.clicked.connect(self.generate)
        pinned.addWidget(self.generate_button)
        more = QHBoxLayout()
        self.notice_button = QPushButton("生成季度通报…")
        self.notice_button.setToolTip("向各单位下发的季度政务新媒体检查情况通报（Word 公文格式）")
        self.notice_button.clicked.connect(self.open_notice)
        self.unit_order_button = QPushButton("单位排序…")
        self.unit_order_button.setToolTip("报告、通报和账号表中单位的先后顺序")
        self.unit_order_button.clicked.connect(self.open_unit_order)
        more.addWidget(self.notice_button)
        more.addWidget(self.unit_order_button)
        pinned.addLayout(more)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (
            self.kind.currentIndexChanged,
            self.year.valueChanged,
            self.quarter.currentIndexChanged,
            self.unit.currentIndexChanged,
            self.indicators.currentIndexChanged,
        ):
            signal.connect(lambda *_: self.refresh_preview())
        self._kind_changed()
        return left

    def _history(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 6, 0, 0)
        title = QLabel("已生成的报告")
        title.setProperty("role", "heading")
        column.addWidget(title)
        self.history_model: RowTableModel[Any] = RowTableModel(_history_columns(), parent=self)
        self.history = DataTable("report/history")
        self.history.setModel(self.history_model)
        self.history.activated.connect(lambda _: self.open_selected())
        column.addWidget(self.history, 1)
        buttons = QHBoxLayout()
        self.history_buttons = {}
        for text, slot, tip in (
            ("打开", self.open_selected, "用 Word/WPS 打开所选报告"),
            ("打开所在文件夹", self.open_folder, ""),
            (
                "载入报告文字",
                self.load_selected,
                "把所选报告的统计期、范围和文字填回左侧，便于修改后重新生成",
            ),
            ("重新生成", self.regenerate_selected, "按所选报告的统计期、范围和文字，用当前数据重新生成"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.history_buttons[text] = button
        buttons.addStretch(1)
        column.addLayout(buttons)
        return box

    def _kind_changed(self) -> None:
        kind = self.kind.currentIndex()
        for widget, visible in (
            (self.year, kind < 2),
            (self.quarter, kind == 1),
            (self.start, kind == 2),
            (self.end, kind == 2),
        ):
            widget.setVisible(visible)
            self.form.labelForField(widget).setVisible(visible)

    # ---------------------------------------------------------------- values
    def period(self) -> ReportPeriod:
        kind = self.kind.currentIndex()
        if kind == 0:
            return year_period(self.year.value())
        if kind == 1:
            return quarter_period(self.year.value(), self.quarter.currentIndex() + 1)
        return custom_period(self.start.day(), self.end.day())

    def narrative(self) -> Narrative:
        signed = self.signed_on.day()
        return Narrative(
            self.organisation.text().strip(),
            self.next_steps.toPlainText().strip(),
            self.remarks.toPlainText().strip(),
            self.unit_head.text().strip(),
            self.reviewer.text().strip(),
            self.preparer.text().strip(),
            self.phone.text().strip(),
            signed,
            office=self.office.text().strip(),
            recipient=self.recipient.text().strip(),
            achievements=self.achievements.toPlainText().strip(),
            plans=tuple(self.plans),
        )

    def request(self) -> Any:
        from gmdesk.services.inspection_reports import ReportRequest

        return ReportRequest(
            self.period(), self.unit.currentData(), self.narrative(), self.indicators.currentText()
        )

    def set_narrative(self, narrative: Narrative) -> None:
        self.organisation.setText(narrative.organisation)
        self.next_steps.setPlainText(narrative.next_steps)
        self.achievements.setPlainText(narrative.achievements)
        self.remarks.setPlainText(narrative.remarks)
        for edit, value in (
            (self.unit_head, narrative.unit_head),
            (self.reviewer, narrative.reviewer),
            (self.preparer, narrative.preparer),
            (self.phone, narrative.phone),
            (self.office, narrative.office),
            (self.recipient, narrative.recipient),
        ):
            edit.setText(value)
        self._suggested = {}  # the kept text is the clerk's: no draft replaces it
        self.plans, self._plans_edited = list(narrative.plans), bool(narrative.plans)
        self._show_plans_count()
        if narrative.signed_on:
            self.signed_on.set_value(narrative.signed_on)

    # ---------------------------------------------------------------- the clerk's text, kept as a draft
    def _typed(self) -> dict[str, str]:
        """The narrative fields holding the clerk's own text (not what gmdesk drafted)."""
        typed = {}
        for name in NARRATIVE_FIELDS:
            edit = getattr(self, name)
            text = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
            if text.strip() and text != self._suggested.get(name):
                typed[name] = text
        return typed

    def unsaved_title(self) -> str | None:
        return "自查报告中填写的文字" if self._typed() else None

    def keep_unsaved(self) -> None:
        self._draft_timer.stop()
        typed = self._typed()
        if typed:
            self.ctx.drafts.keep(REPORT_DRAFT, "自查报告中填写的文字", {"fields": typed})
            self._draft_written = True
        elif self._draft_written:
            self.drop_unsaved()

    def drop_unsaved(self) -> None:
        self._draft_timer.stop()
        if self._draft_written:
            self.ctx.drafts.discard(REPORT_DRAFT)
        self._draft_written = False

    def _draft_loaded(self, saved: SavedDraft | None) -> None:
        fields = saved.payload.get("fields") if saved is not None else None
        if not isinstance(fields, dict) or self._typed():
            return
        for name, text in fields.items():
            if name in NARRATIVE_FIELDS and isinstance(text, str):
                edit = getattr(self, name)
                edit.setText(text) if isinstance(edit, QLineEdit) else edit.setPlainText(text)
        self._draft_written = True

    # ---------------------------------------------------------------- loading
    def reload(self) -> None:
        if not self._draft_asked:
            self._draft_asked = True
            self.ctx.drafts.load(REPORT_DRAFT, self._draft_loaded, self)
        self.ctx.jobs.run(_load_setup, owner=self, on_done=self._setup_loaded, on_error=self._failed)

    def _setup_loaded(self, setup: PageSetup) -> None:
        self.setup = setup
        for combo, items in (
            (self.unit, [("全县（全部单位）", None)] + [(n, i) for i, n in setup.units]),
            (self.indicators, [(n, n) for n in setup.indicator_sets]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            found = combo.findData(current)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
        self.history_model.set_rows(setup.history)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        try:
            request = self.request()
        except UserError as error:
            self.preview.setHtml(f"<p style='color:{palette.DANGER}'>{error}</p>")
            return
        from gmdesk.services.inspection_reports import preview, report_defaults, report_drafts

        self._preview_generation += 1
        generation, now = self._preview_generation, self.ctx.now()

        def op(session: Any) -> tuple[Inspection, Any, Any]:
            inspection = preview(session, request, now)
            return (
                inspection,
                report_defaults(session, request.unit_id),
                report_drafts(session, inspection, now),
            )

        self.ctx.jobs.run(
            op,
            owner=self,
            on_done=lambda result: self._preview_loaded(generation, result),
            on_error=self._failed,
        )

    def _preview_loaded(self, generation: int, result: tuple[Inspection, Any, Any]) -> None:
        if generation != self._preview_generation:
            return
        self.inspection, defaults, drafted = result
        self._default_organisation = defaults.organisation
        for key, edit, value in (
            ("office", self.office, defaults.office),
            ("recipient", self.recipient, defaults.recipient),
            ("preparer", self.preparer, defaults.preparer),
            ("phone", self.phone, defaults.phone),
        ):
            self._suggest(key, edit, value)
        self._suggest("achievements", self.achievements, drafted.achievements)
        self._suggest("next_steps", self.next_steps, drafted.next_steps)
        edited = {plan.key: plan for plan in self.plans} if self._plans_edited else {}
        self.plans = [
            PlanRow(d.key, d.problem, e.measure, e.responsible, e.due_on, e.state, d.item_id)
            if (e := edited.get(d.key)) is not None
            else d
            for d in drafted.plans
        ]  # the clerk's rows stay
        self._show_plans_count()
        self._show_preview()

    def _suggest(self, key: str, edit: QLineEdit | QPlainTextEdit, value: str) -> None:
        """Fill ``edit`` with ``value`` unless the clerk has written something of their own there."""
        current = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
        if current.strip() and current != self._suggested.get(key):
            return
        edit.blockSignals(True)
        if isinstance(edit, QLineEdit):
            edit.setText(value)
        else:
            edit.setPlainText(value)
        edit.blockSignals(False)
        self._suggested[key] = value

    def _show_plans_count(self) -> None:
        self.plans_button.setText(f"整改情况（{len(self.plans)}项）…" if self.plans else "整改情况（无问题）")
        self.plans_button.setEnabled(bool(self.plans))

    def edit_plans(self) -> None:
        from gmdesk.ui.report.plans_dialog import PlansDialog

        dialog = PlansDialog(self.plans, self)

        def accepted(plans: list[PlanRow]) -> None:
            self.plans, self._plans_edited = plans, True
            dialog.succeed()
            self._show_plans_count()

        dialog.submitted.connect(accepted)
        dialog.open()

    def open_notice(self) -> None:
        from gmdesk.ui.report.notice_dialog import NoticeDialog

        today = self.ctx.today()
        quarter = (today.month - 1) // 3  # the quarter before this one: the one a notice is about
        year = today.year if quarter else today.year - 1
        NoticeDialog(self.ctx, year, quarter or 4, self).open()

    def open_unit_order(self) -> None:
        from gmdesk.services.unit_order import units_in_order

        self.ctx.jobs.run(units_in_order, owner=self, on_done=self._unit_order_loaded, on_error=self._failed)

    def _unit_order_loaded(self, units: list[Any]) -> None:
        from gmdesk.services.unit_order import reset_unit_order, save_unit_order
        from gmdesk.ui.report.unit_order_dialog import RESET, UnitOrderDialog
        from gmdesk.ui.widgets.form_dialog import submit_to_job

        dialog = UnitOrderDialog(units, self)
        now, operator = self.ctx.now(), self.ctx.operator

        def op(order: Any) -> Any:
            if order == RESET:
                return lambda session: reset_unit_order(session, operator, now)
            return lambda session: save_unit_order(session, order, operator, now)

        submit_to_job(dialog, self.ctx.jobs.run, op, lambda _: self.refresh_preview(), {bus.ACCOUNTS})
        dialog.open()

    def _show_preview(self) -> None:
        if self.inspection is None:
            return
        narrative = self.narrative()
        if not narrative.organisation:
            narrative = narrative.with_(organisation=self._default_organisation)
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(preview_html(self.inspection, narrative, title_of(self.inspection, narrative)))
        self.preview.verticalScrollBar().setValue(scroll)

    def _failed(self, error: BaseException) -> None:
        show_error(error, self, "自查报告")

    # ---------------------------------------------------------------- generating
    def generate(self) -> None:
        try:
            request = self.request()
        except UserError as error:
            dialogs.warn(self, "生成报告", error.message)
            return
        scope = self.unit.currentText() if request.unit_id is not None else "全县"
        from gmdesk.services.inspection_reports import suggested_name

        path = files.choose_save_path(
            self,
            "保存自查报告",
            suggested_name(request.period, scope, self.ctx.today()),
            files.WORD_FILTER,
            "report",
        )
        if path is None:
            return
        if path.suffix.lower() != ".docx":
            path = path.with_suffix(".docx")
        xlsx = path.with_name(f"{path.stem}（明细附件）.xlsx") if self.with_excel.isChecked() else None
        self.ctx.settings.setValue("report/with_excel", self.with_excel.isChecked())
        self._run_generation(
            lambda session, control, now, operator, reveal: _generate(
                session, control, request, path, xlsx, operator, now, reveal
            ),
            appendix=xlsx is not None,
        )

    def _run_generation(self, work: Any, appendix: bool = True) -> None:
        now, operator = self.ctx.now(), self.ctx.operator
        reveal = privacy.purpose_for(self, self.ctx, "报告的 Excel 明细附件") if appendix else ""
        self.generate_button.setEnabled(False)

        def op(session: Any, control: Any) -> Any:
            return work(session, control, now, operator, reveal)

        def done(result: Any) -> None:
            if not isValid(self):
                return
            self.generate_button.setEnabled(True)
            record = result.record
            extra = f"\nExcel 明细附件：{record.xlsx_path}" if record.xlsx_path else ""
            if result.confidential_left_out:
                extra += f"（{result.confidential_left_out}条保密留言按规定未列入）"
            self.drop_unsaved()  # the text is kept with the report now
            dialogs.inform(self, "生成报告", f"已生成{record.title}：\n{record.docx_path}{extra}")
            self.reload()

        def failed(error: BaseException) -> None:
            if isValid(self):
                self.generate_button.setEnabled(True)
                self._failed(error)

        self.ctx.jobs.run_with_control(
            op,
            on_done=done,
            on_error=failed,
            write=True,
            changes={bus.REPORTS},
            progress="正在生成自查报告…",
            parent=self,
            cancellable=True,
        )

    # ---------------------------------------------------------------- history
    def selected(self) -> Any | None:
        index = self.history.currentIndex()
        if not index.isValid():
            rows = self.history_model.rowCount()
            return self.history_model.row_at(0) if rows == 1 else None
        return self.history_model.row_at(index.row())

    def _selected_or_say(self) -> Any | None:
        record = self.selected()
        if record is None:
            dialogs.inform(self, "自查报告", "请先在“已生成的报告”中选择一份报告。")
        return record

    def open_selected(self) -> None:
        record = self._selected_or_say()
        if record is not None and not self._open(Path(record.docx_path)):
            dialogs.warn(self, "打开报告", f"找不到文件：{record.docx_path}\n可以“重新生成”该报告。")

    def open_folder(self) -> None:
        record = self._selected_or_say()
        if record is not None and not self._open(Path(record.docx_path).parent):
            dialogs.warn(self, "打开文件夹", f"找不到文件夹：{Path(record.docx_path).parent}")

    def _open(self, path: Path) -> bool:
        return path.exists() and files.open_file(path)

    def load_selected(self) -> None:
        record = self._selected_or_say()
        if record is None:
            return
        period = record.period
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex({"year": 0, "quarter": 1}.get(period.kind, 2))
        self.kind.blockSignals(False)
        self.year.setValue(period.start.year)
        self.quarter.setCurrentIndex((period.start.month - 1) // 3)
        self.start.set_value(period.start)
        self.end.set_value(period.end)
        self.unit.setCurrentIndex(max(self.unit.findData(record.unit_id), 0))
        self.indicators.setCurrentIndex(max(self.indicators.findText(record.indicator_set), 0))
        self.set_narrative(record.narrative)
        self._kind_changed()
        self.refresh_preview()

    def regenerate_selected(self) -> None:
        record = self._selected_or_say()
        if record is None:
            return
        path = Path(record.docx_path)
        if not path.parent.is_dir():
            chosen = files.choose_save_path(self, "保存自查报告", path.name, files.WORD_FILTER, "report")
            if chosen is None:
                return
            path = chosen
        if not dialogs.ask(self, "重新生成", f"用当前数据重新生成“{record.title}”并覆盖\n{path}？"):
            return
        from gmdesk.services.inspection_reports import regenerate

        report_id = record.id
        self._run_generation(
            lambda session, control, now, operator, reveal: regenerate(
                session,
                report_id,
                operator,
                now,
                docx_path=path,
                reveal=reveal,
                progress=lambda done, total, text: control.progress(done, total, text),
            ),
            appendix=bool(record.xlsx_path),
        )


def _generate(
    session: Any,
    control: Any,
    request: Any,
    path: Path,
    xlsx: Path | None,
    operator: str,
    now: Any,
    reveal: str,
) -> Any:
    from gmdesk.services.inspection_reports import generate, remember_phone

    remember_phone(session, request.narrative.phone)
    return generate(
        session,
        request,
        path,
        xlsx,
        operator,
        now,
        reveal=reveal,
        progress=lambda done, total, text: control.progress(done, total, text),
    )
