"""Who is working: the sign-in question (once a second operator exists) and 工具 › 本机操作员与操作员.

The rules live in :mod:`gmdesk.services.operators` (roles checked there, passwords hashed there); this module
only asks. A refusal (a 信息员 trying to add an operator, the last 管理员 demoted) comes back as a UserError
whose message names the role needed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.enums import OperatorRole
from gmdesk.domain.errors import EditConflict, UserError
from gmdesk.ui import bus, dialogs
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.form_dialog import merged_text

if TYPE_CHECKING:
    from gmdesk.services.operators import OperatorForm as Form
    from gmdesk.services.operators import OperatorInfo
    from gmdesk.store.database import Database
    from gmdesk.ui.context import AppContext


def _buttons(ok: str = "确定") -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    return buttons


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


# --------------------------------------------------------------------------- signing in


class SignInDialog(QDialog):
    """Who is working? A list of the active operators and, for one with a password, the password."""

    def __init__(self, choices: list[OperatorInfo], default: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择操作员")
        self._choices = {c.name: c for c in choices}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("本数据库有多名操作员，请选择您自己（每次修改都会记下操作员）："))
        form = QFormLayout()
        self.name = QComboBox()
        for choice in choices:
            self.name.addItem(f"{choice.name}（{choice.role.label}）", choice.name)
        self.name.setCurrentIndex(max(self.name.findData(default), 0))
        self.password = _password_field()
        form.addRow("操作员", self.name)
        form.addRow("密码", self.password)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = _buttons("开始工作")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.currentIndexChanged.connect(self._chosen)
        self._chosen()

    def _chosen(self) -> None:
        chosen = self._choices.get(self.name.currentData())
        needs = bool(chosen and chosen.has_password)
        self.password.setEnabled(needs)
        self.password.setPlaceholderText("" if needs else "（未设密码）")

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.password.clear()
        self.password.setFocus()

    def answer(self) -> tuple[str, str]:
        return str(self.name.currentData()), self.password.text()


def ask_sign_in(
    parent: QWidget | None, choices: list[OperatorInfo], default: str, error: str = ""
) -> tuple[str, str] | None:
    """(name, password) chosen by the clerk, or None when cancelled (tests answer in its place)."""
    dialog = SignInDialog(choices, default, parent)
    if error:
        dialog.show_error(error)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None


def choose_operator(parent: QWidget | None, database: Database) -> OperatorInfo | None:
    """Who is working: the 本机操作员 when nobody needs asking, else whoever signs in; None if cancelled."""
    from gmdesk.services import operators

    with database.session() as session:
        if not database.is_server and not operators.needs_sign_in(session):  # a shared database: always ask
            return operators.info(session, operators.local_name(session))
        choices = operators.everyone(session, active_only=True)
        default = operators.local_name(session)
    error = ""
    while True:
        answer = ask_sign_in(parent, choices, default, error)
        if answer is None:
            return None
        try:
            with database.session(writing=True) as session:
                who = operators.sign_in(session, *answer)
        except UserError as refused:
            error = refused.message
            continue
        if who is not None:
            return who
        error, default = "密码不正确，请重新输入。", answer[0]


# --------------------------------------------------------------------------- managing


class OperatorForm(QDialog):
    def __init__(self, info: OperatorInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改操作员" if info else "新增操作员")
        self.info = info
        self.original = info.name if info else ""
        layout = QVBoxLayout(self)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "banner-warning")
        self.notice.hide()
        layout.addWidget(self.notice)
        form = QFormLayout()
        self.name = QLineEdit(info.name if info else "")
        self.name.setMaxLength(40)
        self.name.setPlaceholderText("本人姓名，如 周晓岚")
        self.role = QComboBox()
        for role in OperatorRole:
            self.role.addItem(role.label, role)
        self.role.setCurrentIndex(max(self.role.findData(info.role if info else OperatorRole.CLERK), 0))
        self.personal = QCheckBox("可申请导出未遮蔽的个人信息（须说明用途）")
        self.personal.setChecked(bool(info and info.may_see_personal_data))
        self.active = QCheckBox("在用")
        self.active.setChecked(info.active if info else True)
        form.addRow("姓名", self.name)
        form.addRow("角色", self.role)
        form.addRow("", self.personal)
        form.addRow("", self.active)
        layout.addLayout(form)
        hint = QLabel(
            "信息员：日常登记；审核员：另可退回、驳回、删除；负责人：另可审批开设和关停；管理员：另可修改规则、管理操作员、恢复备份。"
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        buttons = _buttons("保存")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def value(self) -> Form:
        from gmdesk.services.operators import OperatorForm as Form

        return Form(
            self.name.text(),
            self.role.currentData(),
            self.personal.isChecked(),
            self.active.isChecked(),
            self.original,
            self.info.version if self.info is not None else None,
            self.info.id if self.info is not None else None,
        )

    def fill(self, typed: Form, notice: str) -> None:
        """Show ``typed`` (the clerk's input merged with the operator as saved now) with a notice above it."""
        self.name.setText(typed.name)
        self.role.setCurrentIndex(max(self.role.findData(typed.role), 0))
        self.personal.setChecked(typed.may_see_personal_data)
        self.active.setChecked(typed.active)
        self.notice.setText(notice)
        self.notice.show()


def merge_operator(shown: OperatorInfo, mine: Form, latest: OperatorInfo) -> tuple[Form, int]:
    """The clerk's input on top of the operator as saved now: each field the clerk changed from what the form
    showed keeps the clerk's value, every other field takes the saved one. Returns it and how many were kept."""
    from gmdesk.services.operators import OperatorForm as Form

    pairs = (
        (" ".join(mine.name.split()), shown.name, latest.name),
        (mine.role, shown.role, latest.role),
        (mine.may_see_personal_data, shown.may_see_personal_data, latest.may_see_personal_data),
        (mine.active, shown.active, latest.active),
    )
    merged = [typed if typed != before else now for typed, before, now in pairs]
    kept = sum(typed != before for typed, before, _ in pairs)
    name, role, personal, active = merged
    form = Form(
        str(name), OperatorRole(role), bool(personal), bool(active), latest.name, latest.version, latest.id
    )
    return form, kept


class PasswordForm(QDialog):
    def __init__(self, name: str, own: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"设置密码：{name}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.current = _password_field()
        if own:
            form.addRow("当前密码", self.current)
        self.first, self.second = _password_field(), _password_field()
        form.addRow("新密码", self.first)
        form.addRow("再输入一次", self.second)
        layout.addLayout(form)
        note = QLabel("留空表示取消密码。密码只以不可逆的散列保存。")
        note.setProperty("role", "muted")
        layout.addWidget(note)
        self.error = QLabel()
        self.error.hide()
        layout.addWidget(self.error)
        buttons = _buttons()
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if self.first.text() != self.second.text():
            self.error.setText("两次输入的密码不一致")
            self.error.show()
            return
        self.accept()


class OperatorsDialog(QDialog):
    """The operators, their roles and the 本机操作员; changes go through the service (管理员 only)."""

    HEADERS = ("姓名", "角色", "个人信息", "状态", "密码", "本机操作员")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("本机操作员与操作员")
        self.resize(640, 380)
        self.rows: list[OperatorInfo] = []
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        for text, slot in (
            ("新增…", self.add),
            ("修改…", self.edit),
            ("设置密码…", self.password),
            ("设为本机操作员", self.make_local),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.reload()

    # ---------------------------------------------------------------- data
    def reload(self) -> None:
        from gmdesk.services import operators

        def load(session: Any) -> tuple[list[OperatorInfo], str]:
            return operators.everyone(session), operators.local_name(session)

        self.ctx.jobs.run(load, on_done=self._show)

    def _show(self, loaded: tuple[list[OperatorInfo], str]) -> None:
        self.rows, local = loaded
        self.note.setText(
            f"当前操作员：{self.ctx.operator}。本机操作员是本机默认的经办人、填报人；"
            "有两名以上操作员时，每次打开都会询问是谁在工作。"
        )
        self.table.setRowCount(len(self.rows))
        for index, info in enumerate(self.rows):
            cells = (
                info.name,
                info.role.label,
                "可申请" if info.may_see_personal_data else "遮蔽",
                "在用" if info.active else "停用",
                "已设" if info.has_password else "未设",
                "✓" if info.name == local else "",
            )
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self) -> OperatorInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _write(self, op: Callable[[Any], Any], done_text: str = "") -> None:
        def done(_: Any) -> None:
            if done_text:
                dialogs.inform(self, "操作员", done_text)
            self.reload()

        self.ctx.jobs.run(op, write=True, changes={bus.SETTINGS}, on_done=done, on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            dialogs.warn(self, "操作员", error.message)
        else:
            show_error(error, self)

    # ---------------------------------------------------------------- actions
    def add(self) -> None:
        self._edit(None)

    def edit(self) -> None:
        info = self.selected()
        if info is not None:
            self._edit(info)

    def _edit(self, info: OperatorInfo | None, typed: Form | None = None, notice: str = "") -> None:
        form = OperatorForm(info, self)
        self.form = form
        if typed is not None:
            form.fill(typed, notice)
        form.accepted.connect(lambda: self._save(info, form.value()))
        form.open()

    def _save(self, info: OperatorInfo | None, value: Form) -> None:
        from gmdesk.services import operators

        operator = self.ctx.operator
        renamed_self = info is not None and info.name == operator and value.name.strip() != operator

        def save(session: Any) -> Any:
            return operators.save_operator(session, value, operator)

        def done(_: Any) -> None:
            if renamed_self:  # the clerk renamed themself: work on under the new name
                self.ctx.operator = self.ctx.database.operator = " ".join(value.name.split())
            self.reload()

        def failed(error: BaseException) -> None:
            if isinstance(error, EditConflict) and info is not None and info.id is not None:
                self.reload()  # the list shows what the other clerk saved
                if dialogs.offer_reload(self, error.message):
                    self._reload_into(info, value)
                return
            self._failed(error)

        self.ctx.jobs.run(save, write=True, changes={bus.SETTINGS}, on_done=done, on_error=failed)

    def _reload_into(self, shown: OperatorInfo, typed: Form) -> None:
        """重新载入: the form again, on the operator as saved now, with what this clerk changed still in it."""
        from gmdesk.services import operators

        operator_id = shown.id
        assert operator_id is not None

        def loaded(latest: OperatorInfo) -> None:
            merged, kept = merge_operator(shown, typed, latest)
            self._edit(latest, merged, merged_text(kept))

        self.ctx.jobs.run(
            lambda session: operators.operator_by_id(session, operator_id),
            on_done=loaded,
            on_error=self._failed,
            parent=self,
        )

    def password(self) -> None:
        from gmdesk.services import operators

        info = self.selected()
        if info is None:
            return
        form = PasswordForm(info.name, own=info.name == self.ctx.operator, parent=self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        new, current, operator = form.first.text(), form.current.text(), self.ctx.operator
        self._write(
            lambda session: operators.set_password(session, info.name, new, operator, current),
            "密码已设置。" if new else "密码已取消。",
        )

    def make_local(self) -> None:
        from gmdesk.services import operators

        info = self.selected()
        if info is not None:
            operator = self.ctx.operator
            self._write(lambda session: operators.set_local(session, info.name, operator))
