"""What the clerk does to accounts from the ledger tab: create, edit, run the life cycle, paper, scans.

Each action opens its dialog without blocking (``open()``), runs the write in a job, and keeps the dialog
open with the reason shown when a rule refuses, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QDialog

from gmdesk.domain.lifecycle import Action
from gmdesk.services import accounts as account_service
from gmdesk.services import accounts_org, filings
from gmdesk.services.accounts_data import AccountForm, EventRow, SaveResult
from gmdesk.services.accounts_save import save_account
from gmdesk.ui import bus, dialogs, files
from gmdesk.ui.accounts.account_dialog import AccountDialog
from gmdesk.ui.accounts.action_dialogs import ActionDialog, PaperDialog, PasswordDialog, WithdrawDialog
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.form_dialog import FormDialog, submit_to_job

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from gmdesk.ui.accounts.tab import AccountsTab

WRITES = frozenset({bus.ACCOUNTS, bus.FILINGS, bus.MESSAGES})
"""An account's save may also set its own rules, which move its filings' and messages' deadlines."""


def _dialog_data(session, account_id: int | None = None):
    """The units and every unit's people, for the account dialog's choices, and the account's rules (a job
    calls it through a lambda: ``run`` hands over the session only)."""
    from gmdesk.services.policy import account_rules

    units = accounts_org.unit_infos(session)
    return (
        units,
        {u.id: accounts_org.people(session, u.id) for u in units},
        account_rules(session, account_id),
    )


class AccountActions:
    """Mixed into AccountsTab (which provides ctx, the table, the detail pane and the banner)."""

    def _open(self: AccountsTab, dialog: QDialog) -> QDialog:
        """Show a dialog without blocking, at the size the clerk last gave it."""
        key = f"accounts/dialogs/{type(dialog).__name__}"
        geometry = self.ctx.settings.value(key)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            dialog.restoreGeometry(geometry)

        def finished(_: int) -> None:
            self.ctx.settings.setValue(key, dialog.saveGeometry())
            if self.active_dialog is dialog:
                self.active_dialog = None

        self.active_dialog = dialog
        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def _submit(
        self: AccountsTab,
        dialog: FormDialog,
        op: Callable[[Any], Any],
        done: Callable[[Any], None],
        reload: Callable[[Any], Any] | None = None,
    ) -> None:
        """Run ``op(values)``'s job when the dialog is submitted; close it only when the job succeeded
        (``reload``: see :func:`submit_to_job`)."""
        submit_to_job(dialog, self.ctx.jobs.run, op, done, WRITES, reload=reload)

    def _write(
        self: AccountsTab, op: Callable[..., Any], done: Callable[[Any], None], title: str, **options: Any
    ) -> None:
        """A write job: ``op(session)``, or ``op(session, control)`` with ``with_control=True``."""

        def failed(error: BaseException) -> None:
            show_error(error, self, title)

        run = self.ctx.jobs.run_with_control if options.pop("with_control", False) else self.ctx.jobs.run
        run(
            op,
            write=True,
            changes=options.pop("changes", WRITES),
            on_done=done,
            on_error=failed,
            parent=self,
            **options,
        )

    # ------------------------------------------------------------------ accounts
    def new_account(self: AccountsTab) -> None:
        """The new account's unit is the one the clerk chose: filtered on, else just created in 单位与人员;
        otherwise the clerk picks it (the row selected when the ledger opened is not a choice of theirs, and
        guessing its unit is how an account lands in the wrong unit)."""
        unit_id = self.unit_filter.currentData()
        if unit_id is None:
            unit_id = self.created_unit_id
        self.ctx.jobs.run(
            lambda session: _dialog_data(session),
            on_done=lambda data: self._account_dialog(data, None, unit_id),
        )

    def edit_account(self: AccountsTab, tab: str = "") -> None:
        account_id = self.current_id()
        if account_id is None:
            dialogs.inform(self, "编辑账号", "请先在列表中选择一个账号。")
            return

        def load(session):
            return (*_dialog_data(session, account_id), account_service.account_form(session, account_id))

        self.ctx.jobs.run(
            load,
            on_done=lambda data: self._account_dialog(data[:3], data[3], None, tab),
            on_error=lambda error: show_error(error, self),
        )

    def _account_dialog(
        self: AccountsTab, data: tuple[Any, Any], form: AccountForm | None, unit_id: int | None, tab: str = ""
    ) -> None:
        units, people, rules = data
        if not units:
            dialogs.inform(self, "新建账号", "还没有任何单位。请先在“单位与人员”中添加主办单位。")
            self.edit_org()
            return
        dialog = AccountDialog(units, people, form, self.today(), unit_id, tab, self, self.ctx.drafts, rules)
        operator, today = self.ctx.operator, self.today()

        def op(values: tuple[AccountForm, Any, Any]):
            account, change_day, own_rules = values

            def save(session):
                result = save_account(session, account, operator, today, change_day)
                if own_rules is not None:
                    from gmdesk.services.policy import set_account_rules

                    set_account_rules(session, result.account_id, own_rules[0], own_rules[1], operator)
                return result

            return save

        account_id = form.id if form is not None else None
        reload = (
            (lambda session: account_service.account_form(session, account_id))
            if account_id is not None
            else None
        )
        self._submit(dialog, op, self._account_saved, reload)
        self._open(dialog)

    def _account_saved(self: AccountsTab, result: SaveResult) -> None:
        self._pending_target = result.account_id
        if result.created:
            extra = (
                "，已生成开设备案待办"
                if result.new_events and result.new_events[0].value == "open_filing"
                else ""
            )
            self.banner.show_message(f"已新建账号{extra}。")
        elif result.change_event_id is not None:
            fields = "、".join(
                dict.fromkeys(c["field"] for c in result.changes if not c["field"].endswith("电话"))
            )
            self.banner.show_message(
                f"已保存。{fields}变更须办理变更备案，已生成待办（见“备案记录”）。",
                [("导出变更备案表…", lambda: self.export_event_form(result.change_event_id))],
                tone="warning",
            )
        else:
            self.banner.show_message("已保存。")

    def delete_account(self: AccountsTab) -> None:
        detail = self.shown_detail()
        if detail is None or not detail.deletable:
            return
        if not dialogs.ask(
            self,
            "删除账号",
            f"删除“{detail.form.name}”（{detail.state.label}）？\n该账号从未开设，删除后不可恢复。",
        ):
            return
        account_id, operator = detail.form.id, self.ctx.operator
        self._write(
            lambda session: account_service.delete_account(session, account_id or 0, operator),
            lambda _: self.banner.show_message("已删除。"),
            "无法删除",
        )

    def edit_org(self: AccountsTab) -> None:
        from gmdesk.ui.accounts.org_dialog import OrgDialog

        unit_id = self.unit_filter.currentData()
        if unit_id is None and (shown := self.shown_detail()) is not None:
            unit_id = shown.form.unit_id
        dialog = OrgDialog(self.ctx, unit_id, self)

        def finished(_: int) -> None:
            if dialog.created_unit_id is not None:
                self.created_unit_id = dialog.created_unit_id

        dialog.finished.connect(finished)
        self._open(dialog)

    def record_password(self: AccountsTab) -> None:
        detail = self.shown_detail()
        if detail is None:
            return
        unit_id = detail.form.unit_id
        self.ctx.jobs.run(
            lambda session: accounts_org.people(session, unit_id),
            on_done=lambda people: self._password_dialog(people),
        )

    def _password_dialog(self: AccountsTab, people: list[Any]) -> None:
        detail = self.shown_detail()
        if detail is None:
            return
        dialog = PasswordDialog(people, detail.form.password_custodian_id, self.today(), self)
        account_id, operator, today = detail.form.id or 0, self.ctx.operator, self.today()

        def op(values):
            day, custodian, handover, note = values
            return lambda session: account_service.record_password_rotation(
                session, account_id, day, custodian, handover, note, operator, today
            )

        self._submit(dialog, op, lambda _: self.banner.show_message("已登记密码更换（不保存密码本身）。"))
        self._open(dialog)

    # ------------------------------------------------------------------ life cycle
    def run_action(self: AccountsTab, action: Action) -> None:
        detail = self.shown_detail()
        if detail is None or action not in detail.actions:
            return
        names = [r.name for r in self.ledger.rows] if self.ledger else []
        dialog = ActionDialog(action, detail, self.today(), names, self)
        account_id, operator, today, now = (
            detail.form.id or 0,
            self.ctx.operator,
            self.today(),
            self.ctx.now(),
        )

        def op(given):
            return lambda session: filings.perform(session, account_id, action, given, operator, today, now)

        self._submit(dialog, op, lambda result: self._action_done(detail.form.name, result))
        self._open(dialog)

    def _action_done(self: AccountsTab, name: str, result: filings.ActionResult) -> None:
        text = f"{name}：已办理“{result.action.label}”，状态为“{result.after.label}”。"
        for _, kind, due in result.created:
            if due is not None:
                text += f" 已生成{kind.label}事项，期限 {due.isoformat()}。"
        self.banner.show_message(text)

    # ------------------------------------------------------------------ events
    def event_command(self: AccountsTab, command: str, event: EventRow) -> None:
        if command == "export":
            self.export_event_form(event.id, event)
        elif command == "open":
            self._open_path(Path(event.form_path), "表格文件")
        elif command == "print":
            self.print_files([Path(event.form_path)], [event.id])
        elif command == "paper":
            self._paper(event)
        elif command == "attach":
            self.attach_scan(event)
        elif command == "scan":
            self.open_scan(event)
        elif command == "withdraw":
            dialog = WithdrawDialog(event, self)
            operator = self.ctx.operator
            self._submit(
                dialog,
                lambda reason: (
                    lambda session: filings.withdraw_event(
                        session, _event_id(session, event, operator), reason, operator
                    )
                ),
                lambda _: self.banner.show_message(f"已撤销{event.kind.label}事项。"),
            )
            self._open(dialog)

    def _paper(self: AccountsTab, event: EventRow) -> None:
        detail = self.shown_detail()
        number = detail.form.filing_number if detail else ""
        dialog = PaperDialog(event, number, self.today(), self)
        operator, now = self.ctx.operator, self.ctx.now()

        def op(values):
            state, filing_number, filed_on = values
            return lambda session: filings.set_paper_state(
                session, _event_id(session, event, operator), state, operator, now, filing_number, filed_on
            )

        self._submit(
            dialog, op, lambda _: self.banner.show_message(f"已登记{event.kind.label}的纸质表格状态。")
        )
        self._open(dialog)

    def _open_path(self: AccountsTab, path: Path, what: str) -> None:
        if not path.is_file():
            dialogs.warn(self, "找不到文件", f"{what}已不在原处：\n{path}\n请重新导出。")
            return
        files.open_file(path)


def _event_id(session: Session, event: EventRow, operator: str) -> int:
    """The event's id; a 年审 that was only owed (id 0) is recorded first."""
    return filings.recorded_event_id(session, event.id, event.account_id, event.triggered_on.year, operator)
