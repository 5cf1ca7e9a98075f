"""The ledger tab's files: Word forms (one each or merged, then 打开/打印), scans, the Excel ledger.

Everything long runs in a job with progress and 取消; file names are chosen with the remembered folders of
``gmdesk.ui.files``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gmdesk.documents.xlsx import ImportRejected
from gmdesk.paths import forms_dir, user_forms_dir
from gmdesk.services import filings
from gmdesk.services.accounts_data import EventRow
from gmdesk.services.filings_events import attachments_root
from gmdesk.services.filings_forms import ExportResult, FormKind, export_forms
from gmdesk.services.ledger_io import ImportSummary, export_ledger, import_ledger, write_template
from gmdesk.ui import bus, dialogs, files
from gmdesk.ui.errors import show_error

if TYPE_CHECKING:
    from gmdesk.ui.accounts.tab import AccountsTab

SCAN_FILTER = "扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.ofd);;所有文件 (*)"


class FileActions:
    """Mixed into AccountsTab."""

    # ------------------------------------------------------------------ forms
    def export_forms(
        self: AccountsTab,
        kind: FormKind,
        event_ids: dict[int, int] | None = None,
        account_ids: list[int] | None = None,
    ) -> None:
        ids = account_ids or self.selected_ids()
        if not ids:
            dialogs.inform(self, f"导出{kind.short}", "请先在列表中选择账号（按住 Ctrl 或 Shift 可多选）。")
            return
        merged = self.merge_check.isChecked() and len(ids) > 1
        if len(ids) == 1 or merged:
            rows = {r.id: r for r in self.ledger.rows} if self.ledger else {}
            first = rows.get(ids[0])
            name = (
                f"{first.name}（{first.platform.label}）-{kind.title}.docx"
                if first and len(ids) == 1
                else f"{kind.title}（{len(ids)}个账号）.docx"
            )
            target = files.choose_save_path(self, f"导出{kind.short}", name, files.WORD_FILTER, "forms")
        else:
            target = files.choose_folder(self, f"选择保存{len(ids)}份{kind.short}的文件夹", "forms")
        if target is None:
            return
        operator, now = self.ctx.operator, self.ctx.now()

        def op(session, control):
            return export_forms(
                session,
                kind,
                ids,
                target,
                merged=merged,
                operator=operator,
                now=now,
                event_ids=event_ids,
                progress=control.progress,
            )

        self._write(
            op,
            self._forms_exported,
            f"无法导出{kind.short}",
            changes={bus.FILINGS},
            progress=f"正在生成{kind.short}…",
            cancellable=True,
            with_control=True,
        )

    def export_event_form(self: AccountsTab, event_id: int | None, event: EventRow | None = None) -> None:
        if event_id is None:
            return
        if event is None:
            detail = self.shown_detail()
            event = next((e for e in detail.events if e.id == event_id), None) if detail else None
        if event is None:
            return
        kind = FormKind.APPLICATION if event.kind.value == "application" else FormKind.FILING
        self.export_forms(kind, {event.account_id: event.id}, [event.account_id])

    def _forms_exported(self: AccountsTab, result: ExportResult) -> None:
        self.last_export = result
        count = len(result.forms)
        where = result.files[0] if len(result.files) == 1 else result.files[0].parent
        merged = "，合并为一个文件" if count > 1 and len(result.files) == 1 else ""
        event_ids = [f.event_id for f in result.forms if f.event_id is not None]
        self.banner.show_message(
            f"已导出{count}份{result.kind.short}{merged}：{where}",
            [
                ("打开", lambda: [files.open_file(p) for p in result.files[:20]]),
                ("打印", lambda: self.print_files(result.files, event_ids)),
                ("打开文件夹", lambda: files.open_file(result.files[0].parent)),
            ],
        )

    def print_files(self: AccountsTab, paths: list[Path], event_ids: list[int]) -> None:
        missing = [p for p in paths if not p.is_file()]
        if missing:
            dialogs.warn(
                self, "找不到文件", "以下文件已不在原处，请重新导出：\n" + "\n".join(map(str, missing))
            )
            return
        failed = [p for p in paths if not files.print_file(p)]
        if failed:
            dialogs.warn(
                self, "打印", "无法发送到打印机，请用 Word/WPS 打开后打印：\n" + "\n".join(map(str, failed))
            )
            return
        if event_ids:
            operator, now = self.ctx.operator, self.ctx.now()
            self._write(
                lambda session: filings.mark_printed(session, event_ids, operator, now),
                lambda _: self.banner.show_message(
                    f"已发送{len(paths)}个文件到打印机，纸质状态登记为“已打印”。"
                ),
                "打印",
            )

    # ------------------------------------------------------------------ scans
    def attach_scan(self: AccountsTab, event: EventRow) -> None:
        path = files.choose_open_path(self, "选择签字盖章后的扫描件", SCAN_FILTER, "scans")
        if path is None:
            return
        root, operator, now = attachments_root(self.ctx.database.path), self.ctx.operator, self.ctx.now()
        self._write(
            lambda session: filings.attach_scan(
                session,
                filings.recorded_event_id(
                    session, event.id, event.account_id, event.triggered_on.year, operator
                ),
                path,
                root,
                operator,
                now,
            ),
            lambda row: self.banner.show_message(
                f"已附扫描件“{row.original_name}”（SHA-256 {row.sha256[:16]}…）。"
            ),
            "无法附加扫描件",
            changes={bus.FILINGS},
            progress="正在复制扫描件…",
        )

    def open_scan(self: AccountsTab, event: EventRow) -> None:
        if not event.attachments:
            return
        attachment = event.attachments[-1]
        if not filings.verify_attachment(attachment.path, attachment.sha256):
            dialogs.warn(self, "扫描件", f"扫描件已被移动或修改（SHA-256 不符）：\n{attachment.path}")
            return
        files.open_file(Path(attachment.path))

    # ------------------------------------------------------------------ the Excel ledger
    def import_ledger(self: AccountsTab) -> None:
        path = files.choose_open_path(self, "导入账号台账", files.EXCEL_FILTER, "ledger")
        if path is None:
            return
        operator, today = self.ctx.operator, self.today()

        def check(session, control):
            return import_ledger(session, path, operator, today, dry_run=True, progress=control.progress)

        def checked(summary: ImportSummary) -> None:
            text = summary.describe().replace("【试导入，未写入数据库】", "")
            if not dialogs.ask(self, "确认导入", f"{text}\n\n确认导入？（导入前会自动备份数据库）"):
                return
            self._import(path)

        self.ctx.jobs.run_with_control(
            check,
            write=True,
            on_done=checked,
            on_error=lambda e: self._import_failed(e),
            progress="正在检查台账…",
            parent=self,
            cancellable=True,
        )

    def _import(self: AccountsTab, path: Path) -> None:
        operator, today = self.ctx.operator, self.today()

        def run(session, control):
            return import_ledger(session, path, operator, today, progress=control.progress)

        self.ctx.jobs.run_with_control(
            run,
            write=True,
            changes={bus.ACCOUNTS, bus.FILINGS},
            on_done=lambda summary: self.banner.show_message(summary.describe()),
            on_error=lambda e: self._import_failed(e),
            progress="正在导入台账…",
            parent=self,
            cancellable=True,
        )

    def _import_failed(self: AccountsTab, error: BaseException) -> None:
        if isinstance(error, ImportRejected):
            dialogs.warn(
                self,
                "导入失败",
                error.summary() + "\n（点“显示详细信息”查看每一处问题）",
                error.report(limit=None),
            )
        else:
            show_error(error, self)

    def export_ledger(self: AccountsTab, by_unit: bool) -> None:
        name = f"账号台账{'（分单位）' if by_unit else ''}-{self.today().isoformat()}.xlsx"
        path = files.choose_save_path(self, "导出账号台账", name, files.EXCEL_FILTER, "ledger")
        if path is None:
            return
        self.ctx.jobs.run_with_control(
            lambda session, control: export_ledger(session, path, by_unit=by_unit, progress=control.progress),
            on_done=lambda count: self._saved_file(path, f"已导出{count}个账号的台账"),
            on_error=lambda e: show_error(e, self),
            progress="正在导出台账…",
            parent=self,
            cancellable=True,
        )

    def save_template(self: AccountsTab) -> None:
        path = files.choose_save_path(
            self, "保存台账导入模板", "账号台账导入模板.xlsx", files.EXCEL_FILTER, "ledger"
        )
        if path is None:
            return
        self.ctx.jobs.run(
            lambda control: write_template(path),
            with_session=False,
            on_done=lambda _: self._saved_file(path, "已保存导入模板（第一行为表头，红色为必填列）"),
            on_error=lambda e: show_error(e, self),
        )

    def _saved_file(self: AccountsTab, path: Path, text: str) -> None:
        self.banner.show_message(
            f"{text}：{path}",
            [("打开", lambda: files.open_file(path)), ("打开文件夹", lambda: files.open_file(path.parent))],
        )

    # ------------------------------------------------------------------ yearly and templates
    def customise_templates(self: AccountsTab) -> None:
        folder = user_forms_dir()
        folder.mkdir(parents=True, exist_ok=True)
        copied: list[Any] = []
        for template in ("application_form.docx", "filing_form.docx"):
            if not (folder / template).exists() and (forms_dir() / template).is_file():
                shutil.copyfile(forms_dir() / template, folder / template)
                copied.append(template)
        dialogs.inform(
            self,
            "自定义表格模板",
            f"表格模板在：\n{folder}\n\napplication_form.docx 为开设申请表，filing_form.docx 为备案登记表。"
            "可在 Word 中修改字体、行高和文字，请保留 {{ … }} 标签；删除文件即恢复内置模板。",
        )
        files.open_file(folder)
