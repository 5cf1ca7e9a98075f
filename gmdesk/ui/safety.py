"""Backups and restores from the window, and the way out of a damaged database.

The work is done by the one backup service (:mod:`gmdesk.store.backup`); this module only asks the clerk:
where to back up and whether to seal the copy with a passphrase, which backup to restore, and — when the
database fails its integrity check at opening — whether to restore the newest backup that passes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.errors import UserError
from gmdesk.store.backup_crypto import MIN_PASSPHRASE
from gmdesk.store.errors import DatabaseCorrupt, StoreError
from gmdesk.ui import dialogs, files
from gmdesk.ui.waiting import run_waiting

if TYPE_CHECKING:
    from gmdesk.store.backup import BackupInfo
    from gmdesk.ui.app import Shell
    from gmdesk.ui.main_window import MainWindow


class PassphraseDialog(QDialog):
    """Asks for a backup passphrase (twice when a new backup is sealed with it)."""

    def __init__(self, title: str, confirm: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        hint = (
            f"备份密码至少{MIN_PASSPHRASE}个字符。请妥善保管：忘记密码将无法恢复该备份。"
            if confirm
            else "该备份已加密，请输入制作备份时设置的密码。"
        )
        note = QLabel(hint)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("备份密码", self.first)
        self.second: QLineEdit | None = None
        if confirm:
            self.second = QLineEdit()
            self.second.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow("再输入一次", self.second)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        text = self.first.text()
        if self.second is not None:
            if len(text) < MIN_PASSPHRASE:
                self._show(f"备份密码至少需要{MIN_PASSPHRASE}个字符")
                return
            if self.second.text() != text:
                self._show("两次输入的密码不一致")
                return
        elif not text:
            self._show("请输入备份密码")
            return
        self.accept()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def passphrase(self) -> str:
        return self.first.text()


def ask_passphrase(parent: QWidget | None, title: str, confirm: bool) -> str | None:
    """The passphrase the clerk typed, or None when cancelled."""
    dialog = PassphraseDialog(title, confirm, parent)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None


# --------------------------------------------------------------------------- backing up


def backup_now(window: MainWindow) -> None:
    """文件 › 备份数据库: choose a folder, optionally seal the copy, back up in a job."""
    if window.ctx is None:
        return
    from gmdesk.store.backup import backups_dir, contents_of, create_backup

    folder = files.choose_folder(window, "选择备份文件夹", "backup", default=backups_dir(window.db_path))
    if folder is None:
        return
    database = window.ctx.database
    if database.is_server:  # a shared database: pg_dump (no sealing; the message says how without the tool)
        from gmdesk.store.server_backup import dump

        url = str(database.url)
        window.ctx.jobs.run(
            lambda control: dump(url, folder),
            with_session=False,
            progress="正在用 pg_dump 备份服务器数据库…",
            parent=window,
            on_done=lambda made: dialogs.inform(
                window,
                "备份完成",
                f"已备份服务器数据库（含附件）并通过校验：\n{made}",
            ),
        )
        return
    passphrase = None
    if dialogs.ask(
        window,
        "加密备份",
        "是否用密码加密这份备份？\n备份要带出本机（U 盘、网盘）时建议加密：其中有工作人员和群众的姓名、电话。",
    ):
        passphrase = ask_passphrase(window, "设置备份密码", confirm=True)
        if passphrase is None:
            return
    path = window.db_path
    window.ctx.jobs.run(
        lambda control: (
            target := create_backup(path, "manual", folder, passphrase=passphrase),
            contents_of(target),
        ),
        with_session=False,
        progress="正在备份并校验…",
        parent=window,
        on_done=lambda made: dialogs.inform(
            window, "备份完成", f"已备份并通过校验：\n{made[0]}\n内容：{made[1]}"
        ),
    )


# --------------------------------------------------------------------------- restoring


def restore(shell: Shell) -> None:
    """文件 › 从备份恢复: choose a backup; a damaged, foreign or newer one is refused before the window
    closes; the current data is kept as a safety copy; the restored file is checked and opened."""
    if shell.database is None or shell.window is None:
        return
    if shell.database.is_server:
        dialogs.inform(
            shell.window,
            "从备份恢复",
            "服务器数据库由管理员恢复（所有同事都会看到恢复后的数据）：关闭各台电脑上的 gmdesk 后运行\n"
            f"gmdesk-cli restore 备份文件.dump --db {shell.database.where}\n"
            "恢复前会先把当前数据另存一份。",
        )
        return
    from gmdesk.services.backups import may_restore
    from gmdesk.store.backup import inspect_backup, list_backups
    from gmdesk.ui.settings.restore import choose_backup

    window, path = shell.window, shell.database.path
    operator = shell.ctx.operator if shell.ctx is not None else shell.database.operator
    try:
        with shell.database.session() as session:
            may_restore(session, operator)
    except UserError as refused:
        dialogs.warn(window, "从备份恢复", refused.message)
        return
    backup = choose_backup(window, list_backups(path))
    if backup is None:
        return
    try:
        facts = run_waiting(window, "正在检查所选备份……", lambda: inspect_backup(backup))
    except StoreError as error:
        dialogs.warn(window, "无法恢复", error.message)
        return
    passphrase = None
    if facts.encrypted:
        passphrase = ask_passphrase(window, "输入备份密码", confirm=False)
        if passphrase is None:
            return
    folder = (
        "附件文件夹也恢复为备份时的样子。"
        if facts.files is not None
        else "该备份不含附件，附件文件夹保持不变。"
    )
    if not dialogs.ask(
        window,
        "从备份恢复",
        f"用备份\n{backup}\n（{facts.contents()}）\n替换当前数据库的全部内容？"
        f"{folder}\n当前数据和附件会先自动备份。",
    ):
        return
    if not shell.close():
        return  # the clerk chose to stay with input not yet saved
    _restore_and_reopen(shell, backup, path, passphrase, show_done=True, operator=operator)


def _restore_and_reopen(
    shell: Shell, backup: Path, path: Path, passphrase: str | None, show_done: bool, operator: str = ""
) -> None:
    from gmdesk.services.backups import record_restore
    from gmdesk.store.backup import restore_backup

    try:
        result = run_waiting(
            None, "正在从备份恢复，并检查恢复后的数据库……", lambda: restore_backup(backup, path, passphrase)
        )
    except StoreError as error:
        dialogs.warn(None, "恢复失败", error.message + "\n当前数据库未被替换。")
        shell.open(path, show=True)
        return
    if not shell.open(path, show=True) or shell.ctx is None:
        return
    ctx, who = shell.ctx, operator or shell.ctx.operator

    def recorded(_: object) -> None:
        if show_done:
            kept = "损坏文件的副本" if result.safety_damaged else "恢复前的数据"
            where = f"\n{kept}保存在：\n{result.safety}" if result.safety else ""
            files = f"\n{result.files.describe()}已恢复。" if result.files is not None else ""
            dialogs.inform(shell.window, "恢复完成", f"已从备份恢复，并通过完整性检查。{files}{where}")

    # a write job like every other: the opened window's own first writes run as jobs too, and two writers on
    # one file must take turns (a unit of work that read first cannot write after another one committed)
    ctx.jobs.run(lambda session: record_restore(session, who, result), write=True, on_done=recorded)


def offer_recovery(shell: Shell, path: Path, error: DatabaseCorrupt, candidate: BackupInfo | None) -> bool:
    """The database failed its check at opening: say so, offer the newest backup that passes, and restore
    it after keeping a copy of the damaged file. Returns True when a restore was started."""
    window = shell.window
    details = "\n".join(error.problems[:20])
    if candidate is None:
        dialogs.warn(
            window,
            "数据库已损坏",
            f"{error.message}\n\n没有找到通过检查的备份。损坏的文件未做任何修改；请联系技术支持人员。",
            details,
        )
        return False
    when = candidate.made_at.strftime("%Y-%m-%d %H:%M")
    if not dialogs.ask(
        window,
        "数据库已损坏",
        f"{error.message}\n\n最近一份通过检查的备份：{when}（{candidate.reason_label}）\n{candidate.path}\n\n"
        "是否用它恢复？恢复前会先把损坏的文件另存一份留档。该备份之后录入的内容需要重新录入。",
        details,
    ):
        return False
    if not shell.close():
        return False
    _restore_and_reopen(shell, candidate.path, path, None, show_done=True)
    return True
