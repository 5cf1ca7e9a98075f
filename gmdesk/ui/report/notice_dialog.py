"""生成季度通报: the quarter, the 文号 (the next one proposed), the 成文日期, the 整改时限 in working days, 主送 and
落款; then the file, and ``inspection_notice.generate_notice`` in a write job (the same service as
``gmdesk notice``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget
from shiboken6 import isValid

from gmdesk.domain.errors import UserError
from gmdesk.domain.notice import DEFAULT_WORKDAYS
from gmdesk.domain.report_period import quarter_period
from gmdesk.ui import bus, dialogs, files
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.dates import DateEdit
from gmdesk.ui.widgets.form_dialog import FormDialog


class NoticeDialog(FormDialog):
    def __init__(self, ctx: AppContext, year: int, quarter: int, parent: QWidget | None = None) -> None:
        super().__init__("生成季度检查情况通报", parent, "生成通报…")
        self.ctx = ctx
        self.ready_on_show = False
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.setSuffix(" 年")
        self.quarter = QComboBox()
        self.quarter.addItems(["第一季度", "第二季度", "第三季度", "第四季度"])
        self.quarter.setCurrentIndex(quarter - 1)
        self.number = QLineEdit()
        self.number.setObjectName("number")
        self.number.setPlaceholderText("如 青政办〔2025〕3号")
        self.signed_on = DateEdit(ctx.today())
        self.signed_on.setObjectName("signed_on")
        self.workdays = QSpinBox()
        self.workdays.setObjectName("workdays")
        self.workdays.setRange(1, 60)
        self.workdays.setValue(DEFAULT_WORKDAYS)
        self.workdays.setSuffix(" 个工作日")
        self.recipients = QLineEdit()
        self.recipients.setObjectName("recipients")
        self.office = QLineEdit()
        self.office.setObjectName("office")
        for label, widget in (
            ("年度", self.year),
            ("季度", self.quarter),
            ("文号", self.number),
            ("成文日期", self.signed_on),
            ("整改时限", self.workdays),
            ("主送", self.recipients),
            ("落款", self.office),
        ):
            form.addRow(label, widget)
        self.body.addLayout(form)
        self.submitted.connect(self._write)
        self.ctx.jobs.run(self._defaults, owner=self, on_done=self._defaults_loaded, on_error=self._failed)

    def _defaults(self, session: Any) -> Any:
        from gmdesk.services.inspection_notice import notice_defaults

        return notice_defaults(
            session, quarter_period(self.year.value(), self.quarter.currentIndex() + 1), self.ctx.today()
        )

    def _defaults_loaded(self, defaults: Any) -> None:
        for edit, value in (
            (self.number, defaults.number),
            (self.recipients, defaults.recipients),
            (self.office, defaults.office),
        ):
            if not edit.text():
                edit.setText(value)
        self.ready()

    def _failed(self, error: BaseException) -> None:
        if isValid(self):
            self.ready()
            show_error(error, self, "生成通报")

    def values(self) -> Any:
        from gmdesk.services.inspection_notice import NoticeRequest

        period = quarter_period(self.year.value(), self.quarter.currentIndex() + 1)
        signed = self.signed_on.day()
        if signed < period.start:
            raise UserError(f"成文日期早于{period.label}，请检查年度、季度和成文日期", field="signed_on")
        if not self.number.text().strip():
            raise UserError("请填写文号", field="number")
        return NoticeRequest(
            period,
            self.number.text().strip(),
            signed,
            self.workdays.value(),
            self.recipients.text().strip(),
            self.office.text().strip(),
        )

    def _write(self, request: Any) -> None:
        from gmdesk.services.inspection_notice import generate_notice, suggested_name

        path = files.choose_save_path(
            self, "保存检查情况通报", suggested_name(request.period), files.WORD_FILTER, "notice"
        )
        if path is None:
            self.busy = False
            self.ok_button.setEnabled(True)
            return
        if path.suffix.lower() != ".docx":
            path = path.with_suffix(".docx")
        now, operator = self.ctx.now(), self.ctx.operator

        def done(result: Any) -> None:
            if isValid(self):
                self.succeed()
            notice = result.notice
            dialogs.inform(
                self.parentWidget(), "生成通报", f"已生成{notice.title}（{notice.number}）：\n{path}"
            )

        def failed(error: BaseException) -> None:
            if not isValid(self):
                return
            if isinstance(error, UserError):
                self.fail(error.message, error.field)
            else:
                self.fail("生成失败，填写的内容仍在这里。错误已记录。")
                show_error(error, self)

        self.ctx.jobs.run(
            lambda session: generate_notice(session, request, Path(path), operator, now),
            on_done=done,
            on_error=failed,
            write=True,
            changes={bus.REPORTS},
            progress="正在生成检查情况通报…",
            parent=self,
        )
