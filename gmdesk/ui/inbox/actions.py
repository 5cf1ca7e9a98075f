"""What the inbox's buttons and menu do: open the right dialog, run the service in a write job, report.

Kept apart from the tab so that the tab is about showing and this is about doing. Every write goes through
``ctx.jobs.run(..., write=True, changes={bus.MESSAGES})``; the bus then refreshes the list and the pane.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shiboken6 import isValid

from gmdesk.domain.deadlines import describe_due
from gmdesk.domain.message_flow import Action, cautions
from gmdesk.services import inbox_actions, reply_templates
from gmdesk.services.inbox import message_detail
from gmdesk.services.inbox_actions import DuplicateMessage
from gmdesk.ui import bus, dialogs, files, privacy
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.form_dialog import submit_to_job

if TYPE_CHECKING:
    from gmdesk.ui.inbox.tab import InboxTab

# The dialogs, documents and Excel modules are imported when first used: the main window builds this tab at
# start-up, and start-up time is benchmarked.


def _dialogs() -> Any:
    from gmdesk.ui.inbox import action_dialogs

    return action_dialogs


def _safe_name(text: str) -> str:
    return "".join(ch for ch in text if ch not in '\\/:*?"<>|').strip() or "留言"


class InboxActions:
    def __init__(self, tab: InboxTab) -> None:
        self.tab = tab

    @property
    def ctx(self) -> Any:
        return self.tab.ctx

    # ---------------------------------------------------------------- helpers
    def failed(self, error: BaseException) -> None:
        show_error(error, self.tab, "留言已存在" if isinstance(error, DuplicateMessage) else "无法完成操作")

    def write(
        self,
        op: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        progress: str | None = None,
    ) -> None:
        self.ctx.jobs.run(
            op,
            write=True,
            changes={bus.MESSAGES},
            owner=self.tab,
            on_done=on_done,
            on_error=self.failed,
            progress=progress,
            parent=self.tab,
        )

    def _ready(self) -> bool:
        if self.tab.setup is None:
            dialogs.inform(self.tab, "请稍候", "正在读取账号和单位列表，请稍后再试。")
            self.tab.load_setup()
            return False
        return True

    def _current(self) -> Any:
        detail = self.tab.detail
        if detail is None:
            dialogs.inform(self.tab, "留言回复", "请先在列表中选择一条留言。")
        return detail

    # ---------------------------------------------------------------- entry
    def new_message(self) -> None:
        if not self._ready():
            return
        if not self.tab.setup.accounts:
            dialogs.inform(self.tab, "新建留言", "还没有任何账号。请先在“账号备案”中登记账号，再录入留言。")
            return
        from gmdesk.ui.inbox.entry import MessageEntryDialog

        dialog = MessageEntryDialog(self.tab.setup, self.ctx.now(), parent=self.tab, drafts=self.ctx.drafts)
        operator = self.ctx.operator

        def op(data: Any) -> Callable[[Any], Any]:
            now = self.ctx.now()
            return lambda session: inbox_actions.create_message(session, data, operator, now)

        def done(message_id: int) -> None:
            self.tab.selected_id = message_id
            self.tab.load_detail(message_id)

        self._form(dialog, op, done)

    def edit_message(self, detail: Any) -> None:
        if not self._ready():
            return
        from gmdesk.ui.inbox.entry import MessageEntryDialog

        dialog = MessageEntryDialog(
            self.tab.setup, self.ctx.now(), existing=detail, parent=self.tab, drafts=self.ctx.drafts
        )
        operator, message_id, revealed = self.ctx.operator, detail.id, detail.revealed

        def op(data: Any) -> Callable[[Any], Any]:
            now = self.ctx.now()
            return lambda session: inbox_actions.update_message(session, message_id, data, operator, now)

        def reload(session: Any) -> Any:
            latest = message_detail(session, message_id, self.ctx.now(), reveal=revealed)
            if latest is None:
                raise inbox_actions.MessageGone(message_id)
            return latest

        self._form(dialog, op, reload=reload)

    # ---------------------------------------------------------------- replies
    def save_reply(self, text: str, final: bool, template_id: int | None) -> None:
        detail = self._current()
        if detail is None:
            return
        if not text:
            dialogs.warn(self.tab, "无法保存", "回复内容不能为空。")
            return
        if "……" in text and not dialogs.ask(
            self.tab, "回复中还有“……”", "模板中的“……”似乎还没有替换为具体内容。仍要保存吗？"
        ):
            return
        warnings = inbox_actions.reply_warnings(
            text, detail.writer_name, detail.writer_contact, detail.confidential
        )
        if warnings and not dialogs.ask(
            self.tab,
            "回复中含有个人信息",
            "回复将公开发布，发现以下个人信息，可能造成泄露：\n\n" + warnings + "\n\n仍要保存这条回复吗？",
        ):
            return
        hits = self.tab.pane.editor.hits()
        if hits and not dialogs.ask(
            self.tab,
            "回复中疑有错敏表述",
            "回复将公开发布，发现以下疑似错敏表述：\n\n"
            + "\n".join(f"· {h.describe()}" for h in hits)
            + "\n\n仍要保存这条回复吗？（选“否”返回修改）",
        ):
            return
        if final:
            for caution in cautions(detail.status, Action.ANSWER):
                if not dialogs.ask(self.tab, "答复留言人", caution):
                    return
        operator, now, message_id = self.ctx.operator, self.ctx.now(), detail.id
        self.write(
            lambda session: inbox_actions.save_reply(
                session, message_id, text, final=final, operator=operator, at=now, template_id=template_id
            ),
            lambda _: self.tab.pane.editor.clear_after_save(message_id),
        )

    # ---------------------------------------------------------------- the buttons of the pane
    def run(self, key: str) -> None:
        detail = self._current()
        if detail is None:
            return
        handler = getattr(self, f"_do_{key}", None)
        if handler is None:
            return
        if key not in ("transfer_form", "case_file", "edit", "delete") and not self._ready():
            return
        handler(detail)

    def _do_edit(self, detail: Any) -> None:
        self.edit_message(detail)

    def _form(
        self,
        dialog: Any,
        op: Callable[[Any], Callable[[Any], Any]],
        on_done: Callable[[Any], None] | None = None,
        reload: Callable[[Any], Any] | None = None,
    ) -> Any:
        """Open ``dialog`` without blocking; its confirmation runs ``op(values)`` as one write job and the
        dialog closes only when the write succeeded (a refusal is shown in it, the input kept; with
        ``reload``, a refusal because someone else saved first offers 重新载入)."""
        submit_to_job(
            dialog,
            self.ctx.jobs.run,
            op,
            lambda result: on_done(result) if on_done is not None and isValid(self.tab) else None,
            {bus.MESSAGES},
            reload=reload,
        )
        self.tab.active_dialog = dialog
        dialog.open()
        return dialog

    def _do_transfer(self, detail: Any) -> None:
        operator, message_id = self.ctx.operator, detail.id
        dialog = _dialogs().TransferDialog(self.tab.setup, detail, self.ctx.now(), self.tab)
        chosen: list[Any] = []

        def op(given: Any) -> Callable[[Any], Any]:
            chosen[:] = [given]
            now = self.ctx.now()
            return lambda session: inbox_actions.transfer(
                session,
                message_id,
                given.unit_id,
                given.due_on,
                operator=operator,
                at=now,
                note=given.requirement,
            )

        def done(transfer_id: int) -> None:
            given = chosen[0]
            if given.print_form:
                self.transfer_form(transfer_id, f"转办单_{given.unit_name}_{message_id}.docx")

        self._form(dialog, op, done)

    def _do_transfer_answer(self, detail: Any) -> None:
        open_transfers = [t for t in detail.transfers if t.answered_at is None]
        dialog = _dialogs().TransferAnswerDialog(
            open_transfers, self.ctx.now(), self.tab, message_id=detail.id, drafts=self.ctx.drafts
        )
        operator = self.ctx.operator
        salutation = reply_templates.salutation(detail.writer_name)
        chosen: list[Any] = []

        def op(given: Any) -> Callable[[Any], Any]:
            chosen[:] = [given]
            return lambda session: inbox_actions.record_transfer_answer(
                session, given.transfer_id, given.text, answered_at=given.answered_at, operator=operator
            )

        def done(_: object) -> None:
            given = chosen[0]
            if given.propose_answer:
                self.tab.pane.tabs.setCurrentIndex(0)
                self.tab.pane.editor.propose_answer(
                    f"{salutation}您好！您反映的问题经{given.unit_name}核实办理，答复如下：{given.text}感谢您的关注和监督！"
                )

        self._form(dialog, op, done)

    def _do_close(self, detail: Any) -> None:
        if not dialogs.ask(self.tab, "办结留言", f"确认留言 #{detail.id} 已答复完毕，办结归档？"):
            return
        operator, now, message_id = self.ctx.operator, self.ctx.now(), detail.id
        self.write(lambda session: inbox_actions.close(session, message_id, operator=operator, at=now))

    def _do_reject(self, detail: Any) -> None:
        operator, message_id = self.ctx.operator, detail.id

        def op(reason: str) -> Callable[[Any], Any]:
            for caution in cautions(detail.status, Action.REJECT):
                dialogs.inform(self.tab, "不予受理", caution)
            now = self.ctx.now()
            return lambda session: inbox_actions.reject(
                session, message_id, reason, operator=operator, at=now
            )

        self._form(_dialogs().RejectDialog(detail, self.tab), op)

    def _do_extend(self, detail: Any) -> None:
        if detail.committed_due is not None:
            dialogs.inform(self.tab, "延期答复", "该留言已与留言人约定答复期限，如需调整请修改“承诺期限”。")
            return
        if detail.max_extension <= detail.extension_workdays:
            limit = describe_due(detail.deadlines.extension_limit)
            dialogs.inform(
                self.tab, "延期答复", f"延期已达上限（收到后15个工作日，即 {limit}），不能再延期。"
            )
            return
        operator, message_id = self.ctx.operator, detail.id

        def op(given: tuple[int, str]) -> Callable[[Any], Any]:
            days, reason = given
            now = self.ctx.now()
            return lambda session: inbox_actions.extend(
                session, message_id, days, reason, operator=operator, at=now
            )

        self._form(_dialogs().ExtendDialog(self.tab.setup, detail, self.tab), op)

    def _do_commit(self, detail: Any) -> None:
        operator, message_id = self.ctx.operator, detail.id

        def op(given: tuple[Any, str]) -> Callable[[Any], Any]:
            day, note = given
            now = self.ctx.now()
            return lambda session: inbox_actions.commit_due(
                session, message_id, day, note, operator=operator, at=now
            )

        self._form(_dialogs().CommitDialog(self.tab.setup, detail, self.tab), op)

    def _do_reopen(self, detail: Any) -> None:
        operator, message_id = self.ctx.operator, detail.id
        dialog = _dialogs().ReasonDialog(
            "重新办理", "原因", "重新办理", "如：留言人对答复有异议；误点办结", parent=self.tab
        )

        def op(reason: str) -> Callable[[Any], Any]:
            now = self.ctx.now()
            return lambda session: inbox_actions.reopen(
                session, message_id, reason, operator=operator, at=now
            )

        self._form(dialog, op)

    def _do_note(self, detail: Any) -> None:
        operator, message_id = self.ctx.operator, detail.id
        dialog = _dialogs().ReasonDialog("添加备注", "备注", "保存", "如：已电话联系留言人", parent=self.tab)

        def op(note: str) -> Callable[[Any], Any]:
            now = self.ctx.now()
            return lambda session: inbox_actions.add_note(
                session, message_id, note, operator=operator, at=now
            )

        self._form(dialog, op)

    def _do_delete(self, detail: Any) -> None:
        if not dialogs.ask(
            self.tab,
            "删除留言",
            f"删除留言 #{detail.id}（{detail.received_at:%Y-%m-%d %H:%M}，{detail.account_name}）及其全部办理记录？\n"
            "仅用于删除误录入的留言，删除后不能恢复（审计日志会记录此操作）。",
        ):
            return
        operator, message_id = self.ctx.operator, detail.id
        self.tab.pane.editor.discard_draft()  # nothing to answer any more
        self.tab.selected_id = None
        self.write(
            lambda session: inbox_actions.delete_message(session, message_id, operator),
            lambda _: self.tab.pane.show_detail(None),
        )

    # ---------------------------------------------------------------- Word documents
    def _do_transfer_form(self, detail: Any) -> None:
        if not detail.transfers:
            dialogs.inform(self.tab, "转办单", "该留言还没有转办。")
            return
        latest = detail.transfers[-1]
        self.transfer_form(latest.id, f"转办单_{latest.unit_name}_{detail.id}.docx")

    def transfer_form(self, transfer_id: int, name: str) -> None:
        path = files.choose_save_path(
            self.tab, "保存转办单", _safe_name(name), files.WORD_FILTER, "transfer_forms"
        )
        if path is None:
            return
        from gmdesk.services import inbox_documents

        now, operator = self.ctx.now(), self.ctx.operator
        self.ctx.jobs.run(
            lambda session: inbox_documents.write_transfer_form(
                session, transfer_id, path, now=now, operator=operator
            ),
            write=True,
            on_done=lambda written: files.open_file(Path(written)),
            on_error=self.failed,
            progress="正在生成转办单…",
            parent=self.tab,
        )

    def _do_case_file(self, detail: Any) -> None:
        path = files.choose_save_path(
            self.tab, "导出办理案卷", f"留言办理案卷_{detail.id}.docx", files.WORD_FILTER, "case_files"
        )
        if path is None:
            return
        from gmdesk.services import inbox_documents

        now, reveal, operator, message_id = (
            self.ctx.now(),
            privacy.purpose_for(self.tab, self.ctx, "办理案卷"),
            self.ctx.operator,
            detail.id,
        )
        self.ctx.jobs.run(
            lambda session: inbox_documents.write_case_file(
                session, message_id, path, now=now, operator=operator, reveal=reveal
            ),
            write=True,
            on_done=lambda written: files.open_file(Path(written)),
            on_error=self.failed,
            progress="正在生成办理案卷…",
            parent=self.tab,
        )

    # ---------------------------------------------------------------- import, export, library, metrics
    def import_messages(self) -> None:
        from gmdesk.ui.inbox.import_dialog import run_import

        run_import(self.tab)

    def save_import_template(self) -> None:
        from gmdesk.documents.messages_xlsx import write_import_template

        path = files.choose_save_path(
            self.tab, "保存留言导入模板", "留言导入模板.xlsx", files.EXCEL_FILTER, "imports"
        )
        if path is None:
            return
        self.ctx.jobs.run(
            lambda control: write_import_template(path),
            with_session=False,
            on_done=lambda written: files.open_file(Path(written)),
            on_error=self.failed,
        )

    def export_messages(self) -> None:
        f = self.tab.filters.current()
        path = files.choose_save_path(
            self.tab,
            "导出留言（按当前筛选条件，保密留言不导出）",
            "留言导出.xlsx",
            files.EXCEL_FILTER,
            "exports",
        )
        if path is None:
            return
        from gmdesk.services import messages_io

        now, operator = self.ctx.now(), self.ctx.operator
        reveal = privacy.purpose_for(self.tab, self.ctx, "留言导出")

        def export(session: Any, control: Any) -> Any:
            return messages_io.export_messages(
                session,
                path,
                now,
                reveal=reveal,
                operator=operator,
                message_filter=f,
                progress=control.progress,
            )

        self.ctx.jobs.run_with_control(
            export,
            write=bool(reveal),
            on_done=lambda result: dialogs.inform(self.tab, "导出完成", result.describe()),
            on_error=self.failed,
            progress="正在导出留言…",
            parent=self.tab,
            cancellable=True,
        )

    def edit_templates(self) -> None:
        from gmdesk.ui.inbox.templates_dialog import TemplatesDialog

        dialog = TemplatesDialog(self.ctx, self.tab)
        dialog.finished.connect(lambda _: self.tab.load_setup() if isValid(self.tab) else None)
        self.tab.active_dialog = dialog
        dialog.open()

    def show_metrics(self) -> None:
        from gmdesk.ui.inbox.metrics_dialog import MetricsDialog

        MetricsDialog(self.ctx, self.tab).exec()
