"""设置 › 错敏词库: what the built-in lexicon holds, the office's own entries and exceptions (each edited in a
form dialog), Excel in and out (kind ``wording``), and a box to try a text against the whole lexicon."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.enums import WordingCategory
from gmdesk.domain.wording import Lexicon
from gmdesk.services import wording as service
from gmdesk.ui import bus, dialogs, files
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.models.table_model import Column, RowTableModel
from gmdesk.ui.widgets.dates import DateEdit
from gmdesk.ui.widgets.form_dialog import FormDialog, submit_to_job
from gmdesk.ui.widgets.table import DataTable

COLUMNS: list[Column[service.TermRow]] = [
    Column("类型", lambda r: r.kind_label, width=50),
    Column("错误表述 / 例外词语", lambda r: r.wrong, width=200),
    Column("规范表述", lambda r: r.right, width=220),
    Column("类别", lambda r: r.category.label if r.category else "", width=100),
    Column("起始日期", lambda r: r.since, width=90),
    Column("说明", lambda r: r.note, width=200),
]


class TermDialog(FormDialog):
    """One entry (wrong form → right form, category) or one exception (a phrase that is correct here)."""

    def __init__(self, row: service.TermRow, parent: QWidget | None = None) -> None:
        what = "例外" if row.is_exception else "词条"
        super().__init__(f"{'编辑' if row.id else '新增'}本单位{what}", parent)
        self.row = row
        form = QFormLayout()
        self.body.addLayout(form)
        self.wrong = QLineEdit()
        self.right = QLineEdit()
        self.category = QComboBox()
        for category in WordingCategory:
            self.category.addItem(f"{category.label}（{category.severity.label}）", category)
        self.since = DateEdit(row.since, optional=True)
        self.note = QLineEdit()
        self._show(row)
        if row.is_exception:
            self.wrong.setPlaceholderText("如本县地名“钓鱼台村”：含有这个词语的地方不再提示")
            form.addRow("例外词语 *", self.wrong)
        else:
            self.wrong.setPlaceholderText("如：青岚县政府办")
            self.right.setPlaceholderText("如：青岚县人民政府办公室")
            form.addRow("错误表述 *", self.wrong)
            form.addRow("规范表述 *", self.right)
            form.addRow("类别", self.category)
            form.addRow("起始日期", self.since)
        form.addRow("说明", self.note)
        hint = QLabel(
            "例外：内置词库或本单位词条命中的词语，落在例外词语之内时不提示；例外与错误表述相同则停用该词条。"
            if row.is_exception
            else "起始日期：发布日期早于此日的信息不提示（如规划期结束后才算过时）。"
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        self.body.addWidget(hint)

    def _show(self, row: service.TermRow) -> None:
        self.row = row
        self.wrong.setText(row.wrong)
        self.right.setText(row.right)
        if row.category is not None:
            self.category.setCurrentIndex(self.category.findData(row.category))
        self.since.set_value(row.since)
        self.note.setText(row.note)

    def show_latest(self, record: object) -> None:
        assert isinstance(record, service.TermRow)
        self._show(record)

    def values(self) -> service.TermRow:
        return service.check_term(
            service.TermRow(
                self.row.id,
                self.row.is_exception,
                self.wrong.text(),
                self.right.text(),
                None if self.row.is_exception else WordingCategory(self.category.currentData()),
                self.note.text(),
                None if self.row.is_exception else self.since.value(),
            )
        )


class WordingDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("错敏词库")
        self.resize(880, 600)
        self.lexicon: Lexicon | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            (
                "entry",
                "新增词条…",
                lambda: self.open_term(service.TermRow(None, False, "", category=WordingCategory.TYPO)),
            ),
            ("exception", "新增例外…", lambda: self.open_term(service.TermRow(None, True, ""))),
            ("edit", "编辑…", self.edit_current),
            ("delete", "删除", self.delete_current),
            ("import", "导入…", self.choose_import),
            ("export", "导出…", self.choose_export),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=slot: s())
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model: RowTableModel[service.TermRow] = RowTableModel(COLUMNS, key=lambda row: row.id)
        self.table = DataTable("wording-terms")
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(lambda _: self.edit_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        try_row = QHBoxLayout()
        self.sample = QLineEdit()
        self.sample.setPlaceholderText("输入一段文字试一试（按内置词库和本单位词条、例外检查）")
        self.sample.textChanged.connect(self._try)
        try_row.addWidget(QLabel("试一试："))
        try_row.addWidget(self.sample, 1)
        layout.addLayout(try_row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        ctx.bus.changed.connect(self._on_changed)
        self._update_buttons()
        self.reload()

    def _on_changed(self, areas: frozenset[str]) -> None:
        if bus.WORDING in areas:
            self.reload()

    def reload(self) -> None:
        def load(session: Any) -> tuple[service.LexiconSummary, list[service.TermRow], Lexicon]:
            return (
                service.lexicon_summary(session),
                service.list_terms(session),
                service.load_lexicon(session),
            )

        self.ctx.jobs.run(load, on_done=self._loaded, parent=self)

    def _loaded(self, loaded: tuple[service.LexiconSummary, list[service.TermRow], Lexicon]) -> None:
        summary, rows, self.lexicon = loaded
        self.summary.setText(
            summary.describe() + "。内置词库的来源见程序目录 resources/wording/SOURCES.md；"
            "本单位的词条和例外保存在数据库中，可导出给其他单位。"
        )
        self.model.set_rows(rows)
        self._try()

    def current(self) -> service.TermRow | None:
        rows = self.table.selected_rows()
        return self.model.row_at(rows[0]) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        self.buttons["edit"].setEnabled(chosen)
        self.buttons["delete"].setEnabled(chosen)

    def _try(self) -> None:
        text = self.sample.text()
        if not text or self.lexicon is None:
            self.result.setText("")
            return
        hits = self.lexicon.scan(text, self.ctx.today())
        self.result.setText("未发现错敏表述。" if not hits else "；".join(escape(h.describe()) for h in hits))

    # ------------------------------------------------------------------ actions
    def open_term(self, row: service.TermRow) -> TermDialog:
        dialog = TermDialog(row, self)
        self.term_dialog = dialog
        operator, term_id = self.ctx.operator, row.id

        def op(term: service.TermRow) -> Any:
            shown = dialog.row if term_id is not None else None  # as shown, or as reloaded
            return lambda session: service.save_term(session, term, operator, shown)

        submit_to_job(
            dialog,
            self.ctx.jobs.run,
            op,
            lambda _: None,
            {bus.WORDING},
            reload=(lambda session: service.term_row(session, term_id)) if term_id is not None else None,
        )
        dialog.open()
        return dialog

    def edit_current(self) -> None:
        row = self.current()
        if row is not None:
            self.open_term(row)

    def delete_current(self) -> None:
        row = self.current()
        if (
            row is None
            or row.id is None
            or not dialogs.ask(self, "删除", f"删除本单位{row.kind_label}“{row.wrong}”？")
        ):
            return
        term_id, operator = row.id, self.ctx.operator
        self.ctx.jobs.run(
            lambda session: service.delete_term(session, term_id, operator),
            write=True,
            changes={bus.WORDING},
            on_error=lambda e: show_error(e, self),
        )

    def choose_import(self) -> None:
        path = files.choose_open_path(self, "导入本单位错敏词库", files.EXCEL_FILTER, "wording")
        if path is not None:
            self.start_import(path)

    def start_import(self, path: Path) -> None:
        from gmdesk.documents.xlsx import ImportRejected
        from gmdesk.services.wording_io import import_terms_file

        operator = self.ctx.operator

        def failed(error: BaseException) -> None:
            if isinstance(error, ImportRejected):
                dialogs.warn(self, "导入失败", error.summary(), error.report(limit=None))
            else:
                show_error(error, self)

        self.ctx.jobs.run(
            lambda session: import_terms_file(session, path, operator),
            on_done=lambda text: dialogs.inform(self, "导入错敏词库", text),
            on_error=failed,
            write=True,
            changes={bus.WORDING},
            parent=self,
        )

    def choose_export(self) -> None:
        path = files.choose_save_path(
            self, "导出本单位错敏词库", "本单位错敏词库.xlsx", files.EXCEL_FILTER, "wording"
        )
        if path is not None:
            self.start_export(path)

    def start_export(self, path: Path) -> None:
        from gmdesk.services.wording_io import export_terms

        self.ctx.jobs.run(
            lambda session: export_terms(session, path),
            on_done=lambda count: dialogs.inform(self, "导出错敏词库", f"已导出{count}条到：\n{path}"),
            on_error=lambda e: show_error(e, self),
            parent=self,
        )
