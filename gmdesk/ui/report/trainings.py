"""培训记录: the training register of a year (the 年度自查 tab's page beside 自查报告 and 整改台账) — the year's
counts against the targets, each training with its attendees and sign-in sheet, the dialog to record one,
Excel in and out (kind ``trainings``)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.enums import TrainingKind
from gmdesk.services import trainings as service
from gmdesk.services.drafts import DraftKey
from gmdesk.ui import bus, dialogs, files, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.models.table_model import Column, RowTableModel
from gmdesk.ui.widgets.dates import DateEdit
from gmdesk.ui.widgets.form_dialog import FormDialog, submit_to_job
from gmdesk.ui.widgets.table import DataTable

AREAS = frozenset({bus.TRAININGS, bus.ACCOUNTS, bus.POLICY})
SHEET_FILTER = "签到表扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.ofd);;所有文件 (*)"

COLUMNS: list[Column[service.TrainingRow]] = [
    Column("日期", lambda r: r.held_on, width=90),
    Column("名称", lambda r: r.title, width=260),
    Column("类型", lambda r: r.kind.label, width=50),
    Column("组织单位", lambda r: r.organiser, width=140),
    Column("学时", lambda r: r.hours, align_right=True, width=50),
    Column(
        "参加人数", lambda r: len(r.attendees), align_right=True, width=60, tooltip=lambda r: r.attendee_names
    ),
    Column("签到表", lambda r: "有" if r.sheets else "—", width=50),
]


class TrainingDialog(FormDialog):
    """Record or edit one training; attendees are ticked from the people of the ledger."""

    def __init__(
        self,
        ctx: AppContext,
        people: list[service.PersonChoice],
        row: service.TrainingRow | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "编辑培训记录" if row else "登记培训",
            parent,
            drafts=ctx.drafts,
            draft_key=DraftKey.of("training", row.id if row else None),
        )
        self.row = row
        form = QFormLayout()
        self.body.addLayout(form)
        self.held_on = DateEdit(ctx.today())
        self.title = QLineEdit()
        self.title.setPlaceholderText("如：政务新媒体内容审核专题培训")
        self.kind = QComboBox()
        for kind in TrainingKind:
            self.kind.addItem(
                f"{kind.label}（{'本单位组织' if kind is TrainingKind.INTERNAL else '参加上级或外单位组织'}）",
                kind,
            )
        self.organiser = QLineEdit()
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 200)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(2.0)
        self.attendees = QListWidget()
        self.attendees.setMinimumHeight(160)
        for person in people:
            item = QListWidgetItem(person.display)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.attendees.addItem(item)
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(60)
        form.addRow("日期 *", self.held_on)
        form.addRow("名称 *", self.title)
        form.addRow("类型", self.kind)
        form.addRow("组织单位", self.organiser)
        form.addRow("学时", self.hours)
        form.addRow("参加人员", self.attendees)
        form.addRow("备注", self.note)
        hint = QLabel("参加人员从“单位与人员”的名单中勾选；签到表扫描件在保存后用“附签到表”附上。")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.remember_size("training", 560, 620)
        if row is not None:
            self._show(row)

    def _show(self, row: service.TrainingRow) -> None:
        self.held_on.set_value(row.held_on)
        self.title.setText(row.title)
        self.kind.setCurrentIndex(max(self.kind.findData(row.kind), 0))
        self.organiser.setText(row.organiser)
        self.hours.setValue(row.hours)
        chosen = {p.id for p in row.attendees}
        for index in range(self.attendees.count()):
            item = self.attendees.item(index)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.note.setPlainText(row.note)

    def show_latest(self, record: object) -> None:
        assert isinstance(record, service.TrainingRow)
        self.row = record
        self._show(record)

    def latest(self, session: Any) -> service.TrainingRow:
        """The training as saved now (重新载入 after another clerk's save)."""
        assert self.row is not None
        return service.training_row(session, self.row.id)

    def values(self) -> service.TrainingForm:
        ids = tuple(
            self.attendees.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.attendees.count())
            if self.attendees.item(i).checkState() == Qt.CheckState.Checked
        )
        form = service.TrainingForm(
            self.row.id if self.row else None,
            self.held_on.value(),
            self.title.text(),
            TrainingKind(self.kind.currentData()),
            self.organiser.text(),
            self.hours.value(),
            ids,
            self.note.toPlainText(),
            self.row.version if self.row else None,
        )
        return service.check_form(form)


class TrainingPanel(QWidget):
    """The register of one year with its counts against the targets."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("training-panel")
        self.data: service.TrainingYear | None = None
        self._stale = True
        ctx.bus.changed.connect(self._on_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        heading = QLabel("培训记录")
        heading.setProperty("role", "heading")
        top.addWidget(heading)
        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        self.year.setValue(ctx.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _: self.reload())
        top.addWidget(self.year)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot, tip in (
            ("new", "登记培训", self.new_training, "登记一次内部或外部培训"),
            ("edit", "编辑", self.edit_current, "修改所选培训"),
            ("delete", "删除", self.delete_current, "删除误登记的培训"),
            ("attach", "附签到表…", self.attach_sheet, "附上签到表扫描件（复制到数据文件夹并记录 SHA-256）"),
            (
                "import",
                "导入…",
                self.choose_import,
                "从 Excel 导入培训记录（日期、名称、类型、组织单位、学时、参加人员）",
            ),
            ("export", "导出…", self.choose_export, "导出本年度培训记录（Excel）"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, s=slot: s())
            bar.addWidget(button)
            self.buttons[key] = button
        self.buttons["new"].setProperty("primary", "true")
        bar.addStretch(1)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model: RowTableModel[service.TrainingRow] = RowTableModel(COLUMNS, key=lambda row: row.id)
        self.table = DataTable("trainings")
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(lambda _: self.edit_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_current())
        self.model.layoutChanged.connect(lambda *_: self._show_current())
        self.model.modelReset.connect(self._show_current)
        split.addWidget(self.table)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._open_link)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self._show_current()

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
        year = self.year.value()
        self.ctx.jobs.run(lambda session: service.training_year(session, year), on_done=self._loaded)

    def _loaded(self, data: service.TrainingYear) -> None:
        if data.year != self.year.value():
            return  # the clerk chose another year meanwhile
        keep = self.current().id if self.current() else None
        self.data = data
        self.model.set_rows(list(data.rows))
        reached = (
            data.count.internal >= data.rules.internal_per_year
            and data.count.external >= data.rules.external_per_year
        )
        self.summary.setText(data.summary())
        self.summary.setProperty("role", "muted" if reached else "banner-warning")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        row = self.model.find_row(lambda r: r.id == keep) if keep is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        self._show_current()

    def current(self) -> service.TrainingRow | None:
        rows = self.table.selected_rows()
        return self.model.row_at(rows[0]) if rows else None

    def _show_current(self) -> None:
        row = self.current()
        for key in ("edit", "delete", "attach"):
            self.buttons[key].setEnabled(row is not None)
        if row is None:
            self.detail.setHtml(f"<p style='color:{palette.MUTED}'>选择一次培训查看参加人员和签到表。</p>")
            return
        people = "、".join(escape(p.display) for p in row.attendees) or "（未登记）"
        sheets = (
            "<br>".join(
                f"<a href='{QUrl.fromLocalFile(a.path).toString()}'>{escape(a.original_name)}</a> "
                f"<span style='color:{palette.MUTED}'>SHA-256 {a.sha256[:16]}… · {a.added_at:%Y-%m-%d %H:%M}</span>"
                for a in row.sheets
            )
            or "（未附）"
        )
        self.detail.setHtml(
            f"<p><b>{escape(row.title)}</b>　{row.held_on.isoformat()} · {row.kind.label} · {row.hours:g}学时"
            f"{' · ' + escape(row.organiser) if row.organiser else ''}</p>"
            f"<p><b>参加人员（{len(row.attendees)}人）：</b>{people}</p><p><b>签到表：</b><br>{sheets}</p>"
            + (f"<p><b>备注：</b>{escape(row.note)}</p>" if row.note else "")
        )

    def _open_link(self, url: QUrl) -> None:
        path = Path(url.toLocalFile())
        if not path.is_file():
            dialogs.warn(self, "找不到文件", f"签到表已不在原处：\n{path}")
            return
        files.open_file(path)

    # ------------------------------------------------------------------ actions
    def new_training(self) -> None:
        self._people(lambda people: self._open(TrainingDialog(self.ctx, people, None, self)))

    def edit_current(self) -> None:
        row = self.current()
        if row is not None:
            self._people(lambda people: self._open(TrainingDialog(self.ctx, people, row, self)))

    def _people(self, then: Any) -> None:
        self.ctx.jobs.run(lambda session: service.people(session), on_done=then)

    def _open(self, dialog: TrainingDialog) -> None:
        self.dialog = dialog
        operator, today = self.ctx.operator, self.ctx.today()

        def op(form: service.TrainingForm) -> Any:
            return lambda session: service.save_training(session, form, operator, today)

        def saved(training_id: int) -> None:
            held_on = dialog.held_on.value()
            if held_on is not None and held_on.year != self.year.value():
                self.year.setValue(held_on.year)

        reload = dialog.latest if dialog.row is not None else None
        submit_to_job(dialog, self.ctx.jobs.run, op, saved, {bus.TRAININGS}, reload=reload)
        dialog.open()

    def delete_current(self) -> None:
        row = self.current()
        if row is None or not dialogs.ask(
            self, "删除培训记录", f"删除“{row.title}”（{row.held_on.isoformat()}）？"
        ):
            return
        operator = self.ctx.operator
        self.ctx.jobs.run(
            lambda session: service.delete_training(session, row.id, operator),
            write=True,
            changes={bus.TRAININGS},
            on_error=lambda e: show_error(e, self),
        )

    def attach_sheet(self) -> None:
        row = self.current()
        if row is None:
            return
        path = files.choose_open_path(self, "选择签到表扫描件", SHEET_FILTER, "training-sheets")
        if path is not None:
            self.start_attach(row.id, path)

    def start_attach(self, training_id: int, path: Path) -> None:
        from gmdesk.services.attachments import attachments_root

        root, operator, now = attachments_root(self.ctx.database.path), self.ctx.operator, self.ctx.now()
        self.ctx.jobs.run(
            lambda session: service.attach_sheet(session, training_id, path, root, operator, now),
            write=True,
            changes={bus.TRAININGS},
            on_error=lambda e: show_error(e, self, "无法附加签到表"),
            progress="正在复制签到表…",
            parent=self,
        )

    def choose_import(self) -> None:
        path = files.choose_open_path(self, "导入培训记录", files.EXCEL_FILTER, "trainings")
        if path is not None:
            self.start_import(path)

    def start_import(self, path: Path) -> None:
        from gmdesk.documents.xlsx import ImportRejected

        operator = self.ctx.operator

        def op(session: Any) -> Any:  # the service backs the file up once the rows have passed
            return service.import_trainings(session, path, operator)

        def failed(error: BaseException) -> None:
            if isinstance(error, ImportRejected):
                dialogs.warn(self, "导入失败", error.summary(), error.report(limit=None))
            else:
                show_error(error, self)

        self.ctx.jobs.run(
            op,
            on_done=lambda result: dialogs.inform(self, "导入培训记录", result.describe()),
            on_error=failed,
            write=True,
            changes={bus.TRAININGS},
            progress="正在导入…",
            parent=self,
        )

    def choose_export(self) -> None:
        year = self.year.value()
        path = files.choose_save_path(
            self, "导出培训记录", f"培训记录-{year}.xlsx", files.EXCEL_FILTER, "trainings"
        )
        if path is not None:
            self.start_export(path)

    def start_export(self, path: Path) -> None:
        year = self.year.value()
        self.ctx.jobs.run(
            lambda session: service.export_trainings(session, path, year),
            on_done=lambda count: dialogs.inform(self, "导出培训记录", f"已导出{count}次培训到：\n{path}"),
            on_error=lambda e: show_error(e, self),
            progress="正在导出…",
            parent=self,
        )
